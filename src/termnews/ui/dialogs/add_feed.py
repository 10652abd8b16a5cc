"""Provides the dialog that asks for a feed (or a web page that announces one) to add."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AddFeedScreen(ModalScreen[str | None]):
    """Returns the address typed, or None when the user gives up."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-feed") as box:
            box.border_title = "Add a feed"
            box.border_subtitle = "Enter to add · Esc to cancel"
            yield Label("A feed's address, or a web page that announces one:")
            yield Input(placeholder="https://example.org/feed.xml", id="feed-url")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        url = event.value.strip()
        if url:
            self.dismiss(url if "://" in url else f"https://{url}")
