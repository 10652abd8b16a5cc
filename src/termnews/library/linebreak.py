"""Provides where lines break in Chinese and Japanese, which put no spaces between words.

A line may end between any two Chinese or Japanese characters, except before a mark that
never starts a line (`、。」）ー` and small kana) or after one that never ends it (`「（`), as
Japanese typesetting has it (kinsoku shori, JIS X 4051): the character before such a mark
goes down with it. Latin words, numbers and Korean (which spaces its words) still break at
spaces alone. The reader draws its lines so (termnews.ui.linebreak), and `termnews show`
and the Markdown export wrap theirs so (termnews.formatting).
"""

from __future__ import annotations

import functools
import re

from rich.cells import cell_len, chop_cells

from termnews.library.cjk import UNSPACED

_BREAKABLE = (
    UNSPACED + "\u3000-\u303f"  # CJK symbols and punctuation
    "\uff01-\uff60"  # full-width forms
    "\uffe0-\uffe6"  # full-width signs
)
"""Characters between which a line may end: ideographs, kana and their punctuation."""
NO_START = frozenset(
    ")]}»›’”,.:;?!%"
    "、。，．：；？！‼⁇⁈⁉・‥…‐゠–〜～"
    "）］｝〕〉》」』】〙〗〟｠｡｣､･"
    "ーゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｬｭｮｯｰﾞﾟ゛゜％℃°′″‰"
)
"""Marks that never start a line: closing brackets and quotes, stops, commas, the long
vowel mark, iteration marks and small kana."""
NO_END = frozenset("([{«‹‘“（［｛〔〈《「『【〘〖〝｟｢")
"""Marks that never end a line: opening brackets and quotes."""


@functools.cache
def _breakable() -> re.Pattern[str]:
    """Compiled when first needed, as cjk's patterns are."""
    return re.compile(f"[{_BREAKABLE}]")


def unspaced(text: str) -> bool:
    """Whether the text has characters that may be broken between."""
    return not text.isascii() and _breakable().search(text) is not None


def line_breaks(text: str, width: int) -> list[int]:
    """Where lines of at most `width` cells start (as rich._wrap.divide_line gives them):
    at spaces, and between Chinese or Japanese characters by the kinsoku rules. A run
    that cannot be broken and is wider than a line is folded where the line is full."""
    breaks: list[int] = []
    offset = 0
    for start, end in _pieces(text):
        piece = text[start:end]
        size = cell_len(piece.rstrip())
        if offset + size <= width:
            offset += cell_len(piece)
        elif size > width:
            for last, part in _lasts(chop_cells(piece, width)):
                if start:
                    breaks.append(start)
                if last:
                    offset = cell_len(part)
                else:
                    start += len(part)
        else:
            if offset and start:
                breaks.append(start)
            offset = cell_len(piece)
    return breaks


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the runs no line may break inside, each with the spaces after it."""
    found = [False] * len(text)
    for match in _breakable().finditer(text):
        found[match.start()] = True
    pieces = []
    start = 0
    for at in range(1, len(text)):
        before, after = text[at - 1], text[at]
        if after.isspace() or after in NO_START:  # not even after a space
            continue
        if before.isspace():
            split = not text[start:at].isspace()
        else:
            split = (found[at - 1] or found[at]) and before not in NO_END
        if split:
            pieces.append((start, at))
            start = at
    if text:
        pieces.append((start, len(text)))
    return pieces


def _lasts(parts: list[str]) -> list[tuple[bool, str]]:
    return [(n == len(parts) - 1, part) for n, part in enumerate(parts)]
