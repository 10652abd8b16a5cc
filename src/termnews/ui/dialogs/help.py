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

_SCOPES = {"list": "list", "tree": "sections", "reader": "reader"}
_EXTRA = (
    ("Move", "Tab Shift+Tab", "Next / previous pane"),
    ("App", "ctrl+p", "Command palette: every action, sections, themes"),
)


def help_table(keymap: Mapping[str, str]) -> Table:
    """The bindings as a table; keys come from config.yaml where the user changed them.

    A key that does the same in several panes is one row naming the panes.
    """
    rows: dict[str, dict[tuple[str, str], list[str]]] = {}
    for key in KEYS:
        keys = display_keys(keymap.get(key.id, key.keys))
        scopes = rows.setdefault(key.group, {}).setdefault((keys, key.description), [])
        if key.scope in _SCOPES:
            scopes.append(_SCOPES[key.scope])
    for group, keys, words in _EXTRA:
        rows[group][(keys, words)] = []
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for group, entries in rows.items():
        table.add_row("", Text(group, style="bold underline"))
        for (keys, words), scopes in entries.items():
            where = Text(f"  in {', '.join(scopes)}", style="dim") if scopes else ""
            table.add_row(keys, Text.assemble(words, where))
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
