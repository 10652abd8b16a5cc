"""Provides the dialog that asks for a web address (a feed to add, a page to save) or a
file (a reading list to save)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AskUrlScreen(ModalScreen[str | None]):
    """Returns the address typed (https:// added when it has no scheme), or None; with
    `address=False`, what was typed (a file's path)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, prompt: str, placeholder: str, address: bool = True) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._placeholder = placeholder
        self._address = address

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-url") as box:
            box.border_title = self._title
            box.border_subtitle = "Enter to go · Esc to cancel"
            yield Label(self._prompt)
            yield Input(placeholder=self._placeholder, id="url")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        url = event.value.strip()
        if url:
            self.dismiss(url if "://" in url or not self._address else f"https://{url}")
