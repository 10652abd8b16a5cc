"""Provides the list of files the last scan skipped, with the reason for each, and the
feeds and sync folder problems beside them."""

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

    def __init__(
        self,
        warnings: list[ScanWarning],
        feeds: list[tuple[str, str]] | None = None,
        sync: list[str] | None = None,
    ) -> None:
        super().__init__()
        self._warnings = warnings
        self._feeds = feeds or []
        """(feed, its last error) for feeds whose last fetch failed."""
        self._sync = sync or []
        """What the sync folder's merges skipped (a garbage line, an unreadable journal)."""

    def compose(self) -> ComposeResult:
        body = Text()
        for feed, error in self._feeds:
            body.append_text(plain(feed, "bold"))
            body.append("\n  ")
            body.append_text(plain(f"last fetch failed: {error}", "red"))
            body.append("\n")
        for problem in self._sync:
            body.append_text(plain("sync folder", "bold"))
            body.append("\n  ")
            body.append_text(plain(problem, "red"))
            body.append("\n")
        if self._feeds or self._sync:
            body.append("\n")
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
            scroll.border_title = (
                f"Skipped files: {len(self._warnings):,}"
                + (f" · failed feeds: {len(self._feeds)}" if self._feeds else "")
                + (f" · sync: {len(self._sync)}" if self._sync else "")
            )
            scroll.border_subtitle = "Esc to close"
            yield Static(body)
