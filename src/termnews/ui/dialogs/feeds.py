"""Provides the table of feeds: items, unread, last fetch, next check and last error."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable

from termnews.ui.text import plain


class FeedsScreen(ModalScreen[None]):
    """One row per feed; names and errors are untrusted text, shown literally."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, rows: list[tuple[str, int, int, float | None, float | None, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = DataTable(id="feeds-table", cursor_type="row", zebra_stripes=True)
        table.border_title = f"Feeds: {len(self._rows)}"
        table.border_subtitle = "Esc to close"
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Feed", "Items", "Unread", "Last fetch", "Next check", "Error")
        for name, items, unread, last, upcoming, error in self._rows:
            table.add_row(
                plain(name),
                Text(f"{items:,}", justify="right"),
                Text(f"{unread:,}", justify="right"),
                _when(last) or "never",
                _when(upcoming) or "now",
                plain(error, "red"),
            )
        if not self._rows:
            table.add_row(
                "No feeds yet: add one from the palette (ctrl+p, Add a feed)", "", "", "", "", ""
            )


def _when(stamp: float | None) -> str:
    if stamp is None:
        return ""
    moment = dt.datetime.fromtimestamp(stamp)
    if moment.date() == dt.date.today():
        return f"{moment:%H:%M}"
    return f"{moment.day} {moment:%b %H:%M}"
