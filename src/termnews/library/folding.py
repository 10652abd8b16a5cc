"""Provides the folding that makes search find a word however its letters are written.

SQLite's unicode61 tokenizer, with diacritics removed, finds `cafe` in `café`. It leaves
letters that have no accent to remove, and the vowel marks of Arabic and Hebrew, which it
keeps in a word (index.TOKENIZE), so that `محمّد` would not be `محمد`. The index and the
query are folded alike here.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

FOLDED_LETTERS = {
    "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ħ": "h", "Ħ": "h",
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
}  # fmt: skip
"""Letters that unicode61's removal of diacritics leaves, having no accent to remove:
Turkish capitals lower-case to `ı` (`Işıklar` was no `ışıklar`, nor `isiklar`), `Łódź` was
no `lodz`, `København` no `kobenhavn`, and Swiss `Strasse` no German `Straße`."""
_LETTER_FOLDS = str.maketrans(FOLDED_LETTERS)


def fold_letters(text: str) -> str:
    """The text with FOLDED_LETTERS folded, as both the index and a query see it."""
    if text.isascii() or not any(letter in text for letter in FOLDED_LETTERS):
        return text
    return text.translate(_LETTER_FOLDS)


VOWEL_MARKS = (
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
"""Arabic harakat, Quranic marks and tatweel, Hebrew points and cantillation: `سيّدنا محمّد`
(with a shadda) and `מְדִינָה` (pointed) are found by `محمد` and `מדינה`, as news writes them."""
VARIATION_SELECTORS = "[\ufe00-\ufe0f\U000e0100-\U000e01ef]"
"""Marks that choose how the character before looks (`❤️`, an emoji, is `❤` and U+FE0F):
the index would keep one as a word of its own."""
_COMMON_MARKS = tuple(
    "\u0651\u064e\u064f\u0650\u0652\u064b\u064c\u064d\u0640\u05b0\u05b4\u05b7\u05b8\u05bc"
    "\ufe0f\ufe0e"
)
"""Shadda, the short vowels, sukun, tanwin and tatweel; sheva, hiriq, patah, qamats and
dagesh; the emoji and text variation selectors: a text with marks has some of these, found
far faster than by the pattern."""


_vowel_marks = re.compile(f"{VOWEL_MARKS}|{VARIATION_SELECTORS}")


def fold_marks(text: str) -> str:
    """The text without the vowel marks of Arabic and Hebrew (VOWEL_MARKS), nor variation
    selectors."""
    if text.isascii() or not any(mark in text for mark in _COMMON_MARKS):
        return text
    return _vowel_marks.sub("", text)


def fold(text: str) -> str:
    """The text as the index and a query see it: fold_marks, then fold_letters."""
    return fold_letters(fold_marks(text))


_NO_MARKS = ((0x3400, 0xA000), (0xAC00, 0xF900), (0x12000, 0x16A00), (0x17000, 0x1B000))
"""Blocks with no combining mark (CJK ideographs and Yi, Hangul syllables, surrogates and
private use, cuneiform and hieroglyphs, Tangut), left out of word_marks' search: it takes
4 ms, not 9."""


@functools.cache
def word_marks() -> str:
    """Every combining mark below U+20000 (Unicode's category M: the vowel signs, viramas
    and nuktas of the scripts of India, Thai's vowels, accents written apart), as ranges
    for a regular expression's class. The index keeps them inside words (index.py), where
    Python's `\\w` ends a word at each: made when first needed."""
    spans, at = [], 0x300
    for start, end in _NO_MARKS:
        spans.append(range(at, start))
        at = end
    spans.append(range(at, 0x20000))
    ranges: list[list[int]] = []
    for code in itertools.chain.from_iterable(spans):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
