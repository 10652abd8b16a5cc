"""Provides the width of the spacing vowel signs of the scripts of India, as terminals draw them.

Rich gives a spacing combining mark (Unicode's category Mc: the `ा` of `का` and most vowel
signs of Hindi, Bengali, Tamil or Telugu) no cell of its own. glibc's wcwidth gives it one,
and so do tmux, xterm, GNOME's terminal, kitty, WezTerm and Ghostty, which draw it in a cell
of its own: a Hindi headline ran past the list's border by a cell for every such sign,
pushing the border and the reading pane along its line. Here such a sign takes a cell, as
in those terminals. A mark that joins letters into one (a non-zero combining class, as a
virama has) still takes none.
"""

from __future__ import annotations

import functools
import sys
import unicodedata

import rich.cells

_RICH_SIZE = rich.cells.get_character_cell_size
_BOUND_IN = ("textual._wrap", "textual.widgets._input")
"""Textual modules that import the function by name, and keep what they imported."""


@functools.lru_cache(maxsize=4096)
def character_cell_size(character: str, unicode_version: str = "auto") -> int:
    """Rich's width of a character, but one cell for a spacing vowel sign."""
    if unicodedata.category(character) == "Mc" and not unicodedata.combining(character):
        return 1
    return _RICH_SIZE(character, unicode_version)


def use_terminal_widths() -> None:
    """Measure text as terminals draw it, from now on, everywhere Rich and Textual do."""
    if rich.cells.get_character_cell_size is character_cell_size:
        return
    rich.cells.get_character_cell_size = character_cell_size
    for name in _BOUND_IN:
        module = sys.modules.get(name)
        if getattr(module, "get_character_cell_size", None) is _RICH_SIZE:
            module.get_character_cell_size = character_cell_size  # type: ignore[union-attr]
    rich.cells.cached_cell_len.cache_clear()
