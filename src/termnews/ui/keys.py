"""Provides the one table of key bindings behind the widgets, the help screen and the palette."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import Keys, _character_to_key


@dataclass(frozen=True)
class Key:
    """One binding, with the words the footer, the help screen and the palette use."""

    id: str
    """Name used to override the keys in config.yaml (`keys: {bookmark: f}`)."""
    keys: str
    """Default keys, comma separated, as Textual names them."""
    action: str
    description: str
    """Short words for the footer and the palette."""
    scope: str
    """Which widget binds it: screen, list, tree or reader."""
    group: str
    """Heading on the help screen."""
    footer: bool = False
    palette: bool = True
    """Offered in the command palette (navigation keys are not)."""


KEYS: tuple[Key, ...] = (
    Key("cursor_down", "j,down", "cursor_down", "Down", "list", "Move", palette=False),
    Key("cursor_up", "k,up", "cursor_up", "Up", "list", "Move", palette=False),
    Key("first", "g,home", "first", "Top", "list", "Move", palette=False),
    Key("last", "G,end", "last", "Bottom", "list", "Move", palette=False),
    Key("page_down_list", "pagedown", "page_down", "Page down", "list", "Move", palette=False),
    Key("page_up_list", "pageup", "page_up", "Page up", "list", "Move", palette=False),
    Key("open", "enter,l", "select", "Open", "list", "Move", footer=True, palette=False),
    Key("tree_down", "j,down", "cursor_down", "Down", "tree", "Move", palette=False),
    Key("tree_up", "k,up", "cursor_up", "Up", "tree", "Move", palette=False),
    Key("tree_first", "g,home", "first", "Top", "tree", "Move", palette=False),
    Key("tree_last", "G,end", "last", "Bottom", "tree", "Move", palette=False),
    Key("tree_open", "enter", "select_cursor", "Open", "tree", "Move", palette=False),
    Key("tree_expand", "l,right", "expand", "Expand / open", "tree", "Move", palette=False),
    Key("tree_collapse", "h,left", "collapse", "Collapse / parent", "tree", "Move", palette=False),
    Key("reader_down", "j,down", "scroll_down", "Down", "reader", "Move", palette=False),
    Key("reader_up", "k,up", "scroll_up", "Up", "reader", "Move", palette=False),
    Key("reader_top", "g,home", "scroll_home", "Top", "reader", "Move", palette=False),
    Key("reader_end", "G,end", "scroll_end", "Bottom", "reader", "Move", palette=False),
    Key("back", "h,escape", "back", "Back", "screen", "Move", palette=False),
    Key("page", "space", "page", "Page / next unread", "screen", "Read", footer=True),
    Key("page_back", "minus,backspace,shift+space", "page_back", "Page back", "screen", "Read"),
    Key("next_unread", "n", "next_unread", "Next unread", "screen", "Read", footer=True),
    Key("previous_unread", "p", "previous_unread", "Previous unread", "screen", "Read"),
    Key("next_article", "J", "next_article", "Next article", "screen", "Read"),
    Key("previous_article", "K", "previous_article", "Previous article", "screen", "Read"),
    Key("open_url", "o", "open_url", "Open URL in browser", "screen", "Read"),
    Key("links", "L", "links", "Links in the article", "screen", "Read"),
    Key("save_page", "S", "save_page", "Save page (feed item: full text)", "screen", "Read"),
    Key("save_url", "U", "save_url", "Save a page by its URL", "screen", "Read"),
    Key(
        "save_list", "I", "save_list", "Save a reading list (Pocket, Instapaper…)", "screen", "Read"
    ),
    Key("zen", "z", "zen", "Zen mode", "screen", "Read"),
    Key("bookmark", "b", "bookmark", "Bookmark", "screen", "Mark", footer=True),
    Key("toggle_read", "m", "toggle_read", "Read/unread", "screen", "Mark", footer=True),
    Key("mark_all_read", "A", "mark_all_read", "Mark all here read", "screen", "Mark"),
    Key("undo", "u", "undo", "Undo last mark", "screen", "Mark"),
    Key("search", "slash", "search", "Search", "screen", "List", footer=True),
    Key("search_here", "f", "search_here", "Search in this section", "screen", "List"),
    Key("tags", "T", "tags", "Tags: pick one to list its articles", "screen", "List"),
    Key("sort", "s", "sort", "Cycle sort order", "screen", "List"),
    Key("toggle_tree", "t", "toggle_tree", "Show/hide sections", "screen", "List"),
    Key("rescan", "R", "rescan", "Rescan library", "screen", "List"),
    Key(
        "warnings", "w", "warnings", "Skipped files, failed feeds, sync problems", "screen", "List"
    ),
    Key(
        "fetch_feeds",
        "F",
        "fetch_feeds",
        "Fetch due feeds (in the tree: that feed)",
        "screen",
        "Feeds",
    ),
    Key("help", "question_mark", "help", "Help", "screen", "App", footer=True),
    Key("quit", "q", "back_or_quit", "Back / quit", "screen", "App", footer=True),
    Key("quit_now", "Q,ctrl+q", "quit", "Quit", "screen", "App"),
)
_BY_ID = {key.id: key for key in KEYS}
_SCOPES = ("list", "tree", "reader")
_MODIFIER = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*")
_NAMED = {key.value for key in Keys} | {"space", "enter", "escape", "tab", "backspace"}
_NAMED |= {_character_to_key(chr(code)) for code in range(33, 127)}


def _valid_key(key: str) -> bool:
    """A key Textual can bind: `f`, `G`, `ctrl+b`, `question_mark` (not `[/]`)."""
    name = key[_MODIFIER.match(key).end() :]
    return (len(name) == 1 and name.isprintable()) or name in _NAMED


def _normal(key: str) -> str:
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def resolve_keymap(overrides: Mapping[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """config.yaml's key changes made safe: (the keys each changed binding gets, for
    Textual's keymap) and [(binding or name, message)] for every mistake and clash.

    In one pane a key the user gives wins over a default (Textual drops the default), and
    of two bindings the user gave the same key the first in the file keeps it. A pane's
    key shadows the screen's while that pane has focus: said, not changed.
    """
    problems: list[tuple[str, str]] = []
    given: dict[str, list[str]] = {}
    for name, keys in overrides.items():
        if name not in _BY_ID:
            close = difflib.get_close_matches(name, _BY_ID, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append((name, f"no binding is called {name!r}{hint}; ignored"))
            continue
        wanted = [_normal(k) for k in keys.split(",") if k.strip()]
        if not wanted or not all(_valid_key(k) for k in wanted):
            problems.append((name, f"{keys!r} is not a key (e.g. 'f', 'ctrl+b', 'G'); ignored"))
            continue
        for earlier, taken in given.items():
            same = [k for k in wanted if k in taken]
            if same and _BY_ID[earlier].scope == _BY_ID[name].scope:
                problems.append(
                    (
                        name,
                        f"{', '.join(same)} is bound to both {earlier!r} and {name!r}; "
                        f"{earlier!r} keeps it",
                    )
                )
                wanted = [k for k in wanted if k not in same]
        if wanted:
            given[name] = wanted
    effective = {key.id: given.get(key.id) or key.keys.split(",") for key in KEYS}
    for name, keys in given.items():
        mine = _BY_ID[name]
        for other in KEYS:
            taken = [k for k in keys if k in effective[other.id]] if other.id != name else []
            if not taken or other.id in given:
                continue
            if other.scope == mine.scope:
                effective[other.id] = [k for k in effective[other.id] if k not in taken]
                left = ", ".join(effective[other.id]) or "no key (bind it under keys:)"
                problems.append(
                    (name, f"{', '.join(taken)} was {other.id!r}, which now has {left}")
                )
            elif "screen" in (mine.scope, other.scope):
                pane = mine if mine.scope != "screen" else other
                problems.append(
                    (
                        name,
                        f"{', '.join(taken)} is also {other.id!r}; in the {pane.scope} "
                        f"it does {pane.id!r}",
                    )
                )
    keymap = {name: ",".join(keys) for name, keys in given.items()}
    return keymap, problems


def effective_keys(keymap: Mapping[str, str]) -> dict[str, str]:
    """Every binding's keys once a resolved keymap applies, for help and the palette."""
    effective = {key.id: keymap.get(key.id, key.keys) for key in KEYS}
    for name, keys in keymap.items():
        for other in KEYS:
            if other.id not in keymap and other.scope == _BY_ID[name].scope:
                taken = {_normal(k) for k in keys.split(",")}
                left = [k for k in effective[other.id].split(",") if _normal(k) not in taken]
                effective[other.id] = ",".join(left)
    return effective


def display_keys(keys: str) -> str:
    """`j,down` -> `j ↓`, for the help screen."""
    names = {
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
        "slash": "/",
        "question_mark": "?",
        "minus": "-",
        "space": "Space",
        "shift+space": "Shift+Space",
        "enter": "Enter",
        "escape": "Esc",
        "backspace": "Backspace",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "home": "Home",
        "end": "End",
    }
    return " ".join(names.get(key.strip(), key.strip()) for key in keys.split(",") if key.strip())


def bindings(scope: str) -> list[Binding]:
    """The Textual bindings for one scope, each with its id so config.yaml can rebind it."""
    chosen = [key for key in KEYS if key.scope == scope]
    # The footer shows bindings in this order and cuts what does not fit: help and quit
    # first, so that a small terminal still says how to get help and how to leave.
    chosen.sort(key=lambda key: not (key.footer and key.group == "App"))
    return [
        Binding(key.keys, key.action, key.description, show=key.footer, id=key.id) for key in chosen
    ]
