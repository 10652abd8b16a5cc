"""Provides the help screen: every key, grouped, with the keys as configured."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from termnews.ui.keys import KEYS, display_keys, effective_keys

_SCOPES = {"list": "list", "tree": "sections", "reader": "reader"}
_EXTRA = (
    ("Move", "Tab Shift+Tab", "Next / previous pane"),
    ("List", "↓", "From the search line to its hits"),
    ("App", "ctrl+p", "Command palette: every action, sections, themes"),
)
TWO_COLUMNS = 110
"""From this many columns the help shows its groups side by side."""


def help_groups(keymap: Mapping[str, str]) -> dict[str, dict[tuple[str, str], list[str]]]:
    """The bindings by group; keys come from config.yaml where the user changed them.

    A key that does the same in several panes is one row naming the panes.
    """
    keys_of = effective_keys(keymap)
    rows: dict[str, dict[tuple[str, str], list[str]]] = {}
    for key in KEYS:
        keys = display_keys(keys_of[key.id]) if keys_of[key.id] else "(none)"
        scopes = rows.setdefault(key.group, {}).setdefault((keys, key.description), [])
        if key.scope in _SCOPES:
            scopes.append(_SCOPES[key.scope])
    for group, keys, words in _EXTRA:
        rows[group][(keys, words)] = []
    return rows


def help_table(keymap: Mapping[str, str], groups: list[str] | None = None) -> Table:
    """The chosen groups (all by default) as one table."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for group, entries in help_groups(keymap).items():
        if groups is not None and group not in groups:
            continue
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
        Binding("g,home", "scroll('home')", show=False),
        Binding("G,end", "scroll('end')", show=False),
        Binding("space,pagedown", "scroll('page_down')", show=False),
        Binding("pageup,minus,b", "scroll('page_up')", show=False),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        rows = {group: len(entries) + 2 for group, entries in help_groups(self._keymap).items()}
        groups = list(rows)
        # The columns split where the rows above come nearest half of all the rows.
        total, seen, half = sum(rows.values()), 0, len(groups)
        for index, group in enumerate(groups):
            if abs(2 * (seen + rows[group]) - total) > abs(2 * seen - total):
                half = index
                break
            seen += rows[group]
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "termnews keys"
            scroll.border_subtitle = "Esc to close"
            with Horizontal(id="help-columns"):
                yield Static(help_table(self._keymap, groups[:half]), classes="help-column")
                yield Static(help_table(self._keymap, groups[half:]), classes="help-column")

    def on_resize(self) -> None:
        self.set_class(self.size.width >= TWO_COLUMNS, "-wide")

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        getattr(scroll, f"scroll_{where}")(animate=False)
