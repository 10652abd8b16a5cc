"""Provides the list of the library's tags, as newsboat's tag view shows them: pick one to
list its articles."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from termnews.formatting import counted
from termnews.library.tags import TagCount
from termnews.ui.text import plain

_WIDEST = 40
"""Cells a tag takes in the list; a longer one is cut with an ellipsis."""


class TagsScreen(ModalScreen[str | None]):
    """Pick a tag: arrows (or `j` `k`) then Enter; its articles are then searched for."""

    BINDINGS = [
        Binding("escape,q,T", "dismiss(None)", "Close"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, tags: list[TagCount]) -> None:
        super().__init__()
        self._tags = tags

    def compose(self) -> ComposeResult:
        labels = [plain(count.tag) for count in self._tags]
        width = min(_WIDEST, max(label.cell_len for label in labels))
        options = []
        for label, count in zip(labels, self._tags, strict=True):
            label.truncate(width, overflow="ellipsis")
            label.pad_right(width - label.cell_len + 2)
            label.append(f"{count.unread:,} unread", style="bold" if count.unread else "")
            label.append(f" · {counted(count.total, 'article')}")
            options.append(Option(label))
        tags = OptionList(*options, id="tags")
        tags.border_title = f"Tags: {len(self._tags):,}"
        tags.border_subtitle = "Enter lists its articles · Esc to close"
        yield tags

    def action_cursor(self, step: int) -> None:
        tags = self.query_one(OptionList)
        if step > 0:
            tags.action_cursor_down()
        else:
            tags.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._tags[event.option_index].tag)
