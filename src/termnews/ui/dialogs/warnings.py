"""Provides the list of files the last scan skipped, with the reason for each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from termnews.library import ScanWarning
from termnews.ui.text import plain

_SHOWN = 500


class WarningsScreen(ModalScreen[None]):
    """Skipped files; file names are untrusted and shown literally."""

    BINDINGS = [Binding("escape,q,w", "dismiss", "Close")]

    def __init__(self, warnings: list[ScanWarning]) -> None:
        super().__init__()
        self._warnings = warnings

    def compose(self) -> ComposeResult:
        body = Text()
        if not self._warnings:
            body.append("The last scan skipped no files.")
        for warning in self._warnings[:_SHOWN]:
            body.append_text(plain(str(warning.path), "bold"))
            body.append("\n  ")
            body.append_text(plain(warning.reason))
            body.append("\n")
        if len(self._warnings) > _SHOWN:
            body.append(f"… and {len(self._warnings) - _SHOWN:,} more (see `termnews list`).")
        with VerticalScroll(id="warnings") as scroll:
            scroll.border_title = f"Skipped files: {len(self._warnings):,}"
            scroll.border_subtitle = "Esc to close"
            yield Static(body)
