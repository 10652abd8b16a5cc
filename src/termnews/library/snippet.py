"""Provides snippets: the part of an article where the searched words are, with their places.

Highlights are (start, end) offsets into plain text; the UI turns them into styles, so no
article text is ever read as markup.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from termnews.library.cjk import has_cjk
from termnews.library.folding import FOLDED_LETTERS, VOWEL_MARKS, word_marks
from termnews.library.model import Article

WIDTH = 180
"""Characters of text around the first hit, about two lines of a wide list."""


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...] = ()
    """(start, end) of every matched word in `text`."""


def make_snippet(
    article: Article,
    words: tuple[str, ...],
    prefixes: frozenset[str],
    phrases: tuple[tuple[str, ...], ...] = (),
) -> Snippet:
    """The paragraph that matches the most of the query's phrases, then of its distinct
    words, cut around its first phrase (else its first word): a search for `"trusted
    computing"` shows where the two words stand together, not the first `trusted`."""
    told = (article.standfirst,) if article.standfirst else ()
    blocks = [" ".join(b.split()) for b in (*told, *article.captions, *article.paragraphs)]
    if not blocks:
        return Snippet("")
    pattern = _pattern(words, prefixes)
    if pattern is None:
        lead = [" ".join(p.split()) for p in (*told, *article.paragraphs)[:1]] or blocks
        return _cut(lead[0], [], 0)
    together = _phrase_pattern(phrases)
    best, best_found, best_spans, best_focus = blocks[0], (0, 0), [], 0
    for block in blocks:
        folded = fold(block)
        spans = [m.span() for m in pattern.finditer(folded)]
        if not spans:
            continue
        placed = list(together.finditer(folded)) if together is not None else []
        found = (len({m.group() for m in placed}), len({fold(block[a:b]) for a, b in spans}))
        if found > best_found:
            focus = placed[0].start() if placed else spans[0][0]
            best, best_found, best_spans, best_focus = block, found, spans, focus
    return _cut(best, best_spans, best_focus)


def _phrase_pattern(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    """Each phrase's words one after another, anything but letters and digits between."""
    parts = [
        _after_no_letter() + r"[\W_]+".join(_spelled(t) for t in tokens) + _no_letter_next()
        for tokens in phrases
        if len(tokens) > 1 and not any(has_cjk(t) for t in tokens)
    ]
    return re.compile("|".join(parts)) if parts else None


def _pattern(words: tuple[str, ...], prefixes: frozenset[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = sorted(
        (_word_pattern(w, w in prefixes) for w in set(words)),
        key=len,
        reverse=True,
    )
    return re.compile("|".join(parts))


def _word_pattern(word: str, prefix: bool) -> str:
    """A whole word, or (Chinese, Japanese, Korean) the characters anywhere in a run."""
    if has_cjk(word):
        return re.escape(fold(word))
    rest = f"{_letter()}*" if prefix else ""
    return _after_no_letter() + _spelled(word) + rest + _no_letter_next()


@functools.cache
def _letter() -> str:
    """A character of a word, as the index reads words: a letter, a digit or a combining
    mark (the vowel signs of Hindi or Bengali: folding.word_marks)."""
    return rf"(?:[^\W_]|[{word_marks()}])"


@functools.cache
def _after_no_letter() -> str:
    return rf"(?<![^\W_])(?<![{word_marks()}])"


def _no_letter_next() -> str:
    return f"(?!{_letter()})"


_ONE_FOR_TWO = {
    folded: letter
    for letter, folded in FOLDED_LETTERS.items()
    if len(folded) == 2 and letter.islower()
}
"""`ss` may be written `ß` (folding.FOLDED_LETTERS): the text's folding keeps its length."""
_TWO_FOR_ONE = re.compile("|".join(_ONE_FOR_TWO))
_MARKED = re.compile("[\u0590-\u05ff\u0600-\u06ff]")
_MARKS = VOWEL_MARKS + "*"


def _spelled(word: str) -> str:
    """The word as the text may spell what search found (library.folding): `strasse` as
    `Straße`, `oeuvre` as `œuvre`, Arabic and Hebrew with vowel marks between the letters."""
    folded = fold(word)
    if _MARKED.search(folded):
        return _MARKS.join(re.escape(char) for char in folded)
    parts, at = [], 0
    for pair in _TWO_FOR_ONE.finditer(folded):
        parts.append(re.escape(folded[at : pair.start()]))
        parts.append(f"(?:{pair.group()}|{_ONE_FOR_TWO[pair.group()]})")
        at = pair.end()
    parts.append(re.escape(folded[at:]))
    return "".join(parts)


def _cut(text: str, spans: list[tuple[int, int]], focus: int) -> Snippet:
    if len(text) <= WIDTH:
        start, end = 0, len(text)
    else:
        start = max(0, min(focus - WIDTH // 3, len(text) - WIDTH))
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < focus else start
        end = min(len(text), start + WIDTH)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > focus else end
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    shown = lead + text[start:end] + tail
    shift = len(lead) - start
    highlights = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return Snippet(shown, highlights)


_FOLDED: dict[str, str] = {
    letter: folded for letter, folded in FOLDED_LETTERS.items() if len(folded) == 1
}
"""Each character as search finds it, one for one (folding.FOLDED_LETTERS, where they keep
the length): filled as characters are met."""


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets stay valid."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        folded = _FOLDED.get(char)
        if folded is None:
            base = unicodedata.normalize("NFKD", char)[:1].lower()
            folded = _FOLDED[char] = base if len(base) == 1 else char
        out.append(folded)
    return "".join(out)
