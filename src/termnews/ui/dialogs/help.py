"""Provides the help screen: every key, grouped, with the keys as configured."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from termnews.ui.keys import KEYS, display_keys

_SCOPES = {"list": "in the list", "tree": "in the sections", "reader": "in the reader"}
_EXTRA = (
    ("Move", "Tab Shift+Tab", "Next / previous pane"),
    ("App", "ctrl+p", "Command palette (every action, themes)"),
)


def help_table(keymap: Mapping[str, str]) -> Table:
    """The bindings as a table; keys come from config.yaml where the user changed them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    groups: dict[str, list[tuple[str, str]]] = {}
    for key in KEYS:
        where = _SCOPES.get(key.scope)
        words = f"{key.description} ({where})" if where else key.description
        groups.setdefault(key.group, []).append((display_keys(keymap.get(key.id, key.keys)), words))
    for group, keys, words in _EXTRA:
        groups[group].append((keys, words))
    for group, rows in groups.items():
        table.add_row(Text(group, style="underline"), "")
        seen: set[tuple[str, str]] = set()
        for row in rows:
            if row not in seen:
                seen.add(row)
                table.add_row(*row)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Press ?, Escape or q to close."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "termnews keys"
            scroll.border_subtitle = "Esc to close"
            yield Static(help_table(self._keymap))

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        if direction == "down":
            scroll.scroll_down()
        else:
            scroll.scroll_up()
