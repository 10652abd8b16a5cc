"""Provides the header line: Textual's Header, with a title that is put in at once.

The stock header updates its title from watchers, a frame after the screen changed (the
list shows a search's hits, the header its query a frame later), and with a layout pass
over the whole screen each time, though the title's size never changes.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle

from termnews.ui.widgets.paint import paint_now


class _Title(HeaderTitle):
    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=False)  # one line, whatever it says


class TitleBar(Header):
    """The header, looking as Textual's does (no clock)."""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title()
        yield HeaderClockSpace()

    def _on_mount(self, event: events.Mount) -> None:
        # Not the stock header's watchers: they would put in each title a second time, a
        # frame later, at every move. The screen calls show_now when its title changes.
        event.prevent_default()
        self.show_now()

    def show_now(self) -> None:
        """Put the screen's title and subtitle in the frame being made."""
        if self.is_attached:
            for title in self.query(_Title):
                title.update(self.format_title())
                paint_now(title)
