"""Provides the folding that makes search find a word however its letters are written.

SQLite's unicode61 tokenizer, with diacritics removed, finds `cafe` in `café`. It leaves
letters that have no accent to remove, and it reads the vowel marks of Arabic and Hebrew as
spaces, which split a word in two. The index and the query are folded alike here.
"""

from __future__ import annotations

import re

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
_COMMON_MARKS = tuple(
    "\u0651\u064e\u064f\u0650\u0652\u064b\u064c\u064d\u0640\u05b0\u05b4\u05b7\u05b8\u05bc"
)
"""Shadda, the short vowels, sukun, tanwin and tatweel; sheva, hiriq, patah, qamats and
dagesh: a text with marks has some of these, found far faster than by the pattern."""


_vowel_marks = re.compile(VOWEL_MARKS)


def fold_marks(text: str) -> str:
    """The text without the vowel marks of Arabic and Hebrew (VOWEL_MARKS)."""
    if text.isascii() or not any(mark in text for mark in _COMMON_MARKS):
        return text
    return _vowel_marks.sub("", text)


def fold(text: str) -> str:
    """The text as the index and a query see it: fold_marks, then fold_letters."""
    return fold_letters(fold_marks(text))
