"""Provides search in scripts written without spaces between words (Chinese, Japanese,
Korean's syllable runs; Thai, Lao, Khmer and Burmese, which space only phrases).

SQLite's unicode61 tokenizer takes a run of such characters as one word, so `脆弱` would
only be found where it stands alone. Runs are indexed as overlapping pairs of characters
(`脆弱性` → `脆弱 弱性 性`) and a searched word becomes the phrase of its pairs, which finds
it anywhere inside a run; the last character of a run is kept alone, so a single character
is found too (as a prefix of the pairs).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from termnews.library.folding import fold, fold_letters

_HANGUL = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\uac00-\ud7af"  # Hangul syllables
)
UNSPACED = (
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3005\u3007\u3021-\u3029"  # 々 〇 and Hangzhou numerals
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (with ー)
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
"""Chinese and Japanese: written without spaces between words, where Korean has them."""
PHRASED = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
)
"""Scripts that put spaces between phrases, not words (`วันต่อต้านยาเสพติดโลก` is five
words): unicode61 found `ยาเสพติด` (narcotics) nowhere inside it."""
_RANGES = _HANGUL + UNSPACED + PHRASED
PHRASED_CHARACTERS_PER_WORD = 4
"""For minutes-to-read: a Thai, Lao, Khmer or Burmese word runs to about four characters
with its vowel and tone marks."""
CHARACTERS_PER_WORD = 2
"""Readers read about 460 characters of Chinese or Japanese a minute, and 230 words of
English (model.WORDS_PER_MINUTE): for minutes-to-read, two characters are a word."""


@functools.cache
def _run() -> re.Pattern[str]:
    """A run of CJK characters: compiled when first needed (4 ms that every start would
    spend, for a library that may have none)."""
    return re.compile(f"[{_RANGES}]+")


@functools.cache
def _unspaced() -> re.Pattern[str]:
    return re.compile(f"[{UNSPACED}]+")


@functools.cache
def _phrased() -> re.Pattern[str]:
    return re.compile(f"[{PHRASED}]+")


def unspaced_words(text: str) -> int:
    """The words of Chinese and Japanese in the text, counted as CHARACTERS_PER_WORD
    characters each, and of Thai, Lao, Khmer and Burmese as PHRASED_CHARACTERS_PER_WORD:
    whitespace finds one in a whole sentence or phrase of them."""
    if text.isascii() or not _may_have_cjk(text):
        return 0
    size = len(text)
    words = (size - len(_unspaced().sub("", text))) // CHARACTERS_PER_WORD
    return words + (size - len(_phrased().sub("", text))) // PHRASED_CHARACTERS_PER_WORD


def written_unspaced(char: str) -> bool:
    """Chinese or Japanese, where a line break inside a paragraph is no space."""
    return _unspaced().fullmatch(char) is not None


_LEADS = tuple(bytes([lead]) for lead in (0xE0, 0xE1, *range(0xE3, 0xEE), 0xEF, 0xF0))
"""The first bytes of these scripts in UTF-8: a text without any has none of them (nor of
the radicals, which come alone in no real text). Curly quotes and dashes begin with E2;
E0 begins Thai and Lao (and the scripts of India, which cost only the pattern's check)."""


def _may_have_cjk(text: str) -> bool:
    """A byte search, ten times faster than the pattern on a page of English with curly
    quotes; short texts go straight to the pattern."""
    if len(text) < 256:
        return True
    data = text.encode("utf-8", "surrogatepass")
    return any(lead in data for lead in _LEADS)


def has_cjk(text: str) -> bool:
    return _may_have_cjk(text) and _run().search(text) is not None


def index_form(text: str) -> str:
    """The text as the full-text index should see it: CJK runs as spaced pairs, and the
    text in NFKC, full-width letters and digits (`ＮＨＫ`, `４年`) as the usual ones;
    letters and vowel marks folded (folding.fold)."""
    if text.isascii():
        return text
    text = fold(text)
    if not has_cjk(text):
        return text
    return _run().sub(_pairs, unicodedata.normalize("NFKC", text))


def query_tokens(token: str) -> tuple[tuple[str, ...], bool]:
    """A searched token as index tokens, and whether its last must be matched as a prefix
    (a single CJK character ending it, which may be the first of a pair: `4年` finds
    `4年に`). A run followed by digits or letters (`年に1度`) ends as the index ends it,
    with its last character alone. Full-width letters and digits (`ＮＨＫ`, `４年`, which
    Chinese and Japanese text often has) and half-width katakana are searched as their
    usual forms (NFKC), as a CJK text is indexed."""
    if not token.isascii():
        token = fold_letters(unicodedata.normalize("NFKC", token).lower().replace('"', " "))
    if token.isascii() or not has_cjk(token):
        return (token,), False
    parts = [part for part in re.split(f"([{_RANGES}]+)", token) if part]
    pieces: list[str] = []
    for at, part in enumerate(parts):
        if not _run().fullmatch(part):
            pieces.append(part)
            continue
        pieces += [part[i : i + 2] for i in range(max(1, len(part) - 1))]
        if len(part) > 1 and at < len(parts) - 1:
            pieces.append(part[-1])
    return tuple(pieces), len(parts[-1]) == 1 and has_cjk(parts[-1])


def _pairs(match: re.Match[str]) -> str:
    run = match.group()
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + f" {run[-1]} "
