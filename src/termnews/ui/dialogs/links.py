"""Provides the numbered list of an article's links, as newsboat shows them."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from termnews.ui.text import plain


class LinksScreen(ModalScreen[str | None]):
    """Pick a link to open: arrows or its number, then Enter or `o`."""

    BINDINGS = [
        Binding("escape,q,L", "dismiss(None)", "Close"),
        Binding("o", "choose", "Open"),
    ]

    def __init__(self, urls: tuple[str, ...]) -> None:
        super().__init__()
        self._urls = urls
        self._typed = ""
        """Digits typed in the last second: a link number of more than one digit."""

    def compose(self) -> ComposeResult:
        options = []
        for number, url in enumerate(self._urls, 1):
            label = Text(f"[{number}] ", style="bold")
            label.append_text(plain(url))
            options.append(Option(label, id=str(number)))
        links = OptionList(*options, id="links")
        links.border_title = f"Links: {len(self._urls)}"
        links.border_subtitle = "Enter or o to open · a number to jump · Esc to close"
        yield links

    def on_key(self, event: events.Key) -> None:
        """Digits jump to a link by its number (`1` `2` is link 12 when typed quickly)."""
        if event.character and event.character.isdigit():
            event.stop()
            links = self.query_one(OptionList)
            typed = self._typed + event.character
            if int(typed) > len(self._urls):
                typed = event.character
            self._typed = typed
            self.set_timer(1.0, self._forget_typed)
            number = int(typed)
            if 1 <= number <= len(self._urls):
                links.highlighted = number - 1

    def _forget_typed(self) -> None:
        self._typed = ""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._urls[event.option_index])

    def action_choose(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self._urls[index])
