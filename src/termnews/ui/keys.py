"""Provides the one table of key bindings behind the widgets, the help screen and the palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


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
    Key("tree_open", "enter,l", "select_cursor", "Open", "tree", "Move", palette=False),
    Key("reader_down", "j,down", "scroll_down", "Down", "reader", "Move", palette=False),
    Key("reader_up", "k,up", "scroll_up", "Up", "reader", "Move", palette=False),
    Key("reader_top", "g,home", "scroll_home", "Top", "reader", "Move", palette=False),
    Key("reader_end", "G,end", "scroll_end", "Bottom", "reader", "Move", palette=False),
    Key("back", "h,escape", "back", "Back", "screen", "Move", palette=False),
    Key("page", "space", "page", "Page / next unread", "screen", "Read", footer=True),
    Key("next_unread", "n", "next_unread", "Next unread", "screen", "Read", footer=True),
    Key("previous_unread", "p", "previous_unread", "Previous unread", "screen", "Read"),
    Key("next_article", "J", "next_article", "Next article", "screen", "Read"),
    Key("previous_article", "K", "previous_article", "Previous article", "screen", "Read"),
    Key("open_url", "o", "open_url", "Open URL in browser", "screen", "Read"),
    Key("zen", "z", "zen", "Zen mode", "screen", "Read"),
    Key("bookmark", "b", "bookmark", "Bookmark", "screen", "Mark", footer=True),
    Key("toggle_read", "m", "toggle_read", "Read/unread", "screen", "Mark", footer=True),
    Key("mark_all_read", "A", "mark_all_read", "Mark all here read", "screen", "Mark"),
    Key("undo", "u", "undo", "Undo last mark", "screen", "Mark"),
    Key("search", "slash", "search", "Search", "screen", "List", footer=True),
    Key("search_here", "f", "search_here", "Search in this section", "screen", "List"),
    Key("sort", "s", "sort", "Cycle sort order", "screen", "List"),
    Key("toggle_tree", "t", "toggle_tree", "Show/hide sections", "screen", "List"),
    Key("rescan", "R", "rescan", "Rescan library", "screen", "List"),
    Key("warnings", "w", "warnings", "Skipped files", "screen", "List"),
    Key("help", "question_mark", "help", "Help", "screen", "App", footer=True),
    Key("quit", "q", "quit", "Quit", "screen", "App", footer=True),
)


def bindings(scope: str) -> list[Binding]:
    """The Textual bindings for one scope, each with its id so config.yaml can rebind it."""
    return [
        Binding(key.keys, key.action, key.description, show=key.footer, id=key.id)
        for key in KEYS
        if key.scope == scope
    ]


def display_keys(keys: str) -> str:
    """`j,down` -> `j ↓`, for the help screen."""
    names = {
        "down": "↓",
        "up": "↑",
        "slash": "/",
        "question_mark": "?",
        "space": "Space",
        "enter": "Enter",
        "escape": "Esc",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "home": "Home",
        "end": "End",
    }
    return " ".join(names.get(key.strip(), key.strip()) for key in keys.split(","))
