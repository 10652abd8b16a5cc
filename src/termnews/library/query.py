"""Provides the query language: words, prefixes, phrases and filters in one line of text.

`taliban milit* "press tv" section:News tag:war unread not bookmarked after:2021-08-01 words>800`

Words are never passed to SQLite as written: each becomes a quoted FTS5 string built from its
letters and digits, so no input can be an FTS5 syntax error or operator.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass, field

from termnews.library.cjk import PHRASED, query_tokens
from termnews.library.folding import fold_marks, word_marks
from termnews.library.model import ArticleMeta
from termnews.library.sections import section_key
from termnews.library.snippet import fold

FLAGS = ("unread", "read", "bookmarked")
"""Bare words that filter by marks instead of searching for the word."""
KEYED = ("section", "source", "author", "tag", "after", "before")
"""Filters written `key:value`."""
_COMPARE = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
}
_WORDS = re.compile(r"words(>=|<=|>|<|=)(.*)", re.IGNORECASE)
_KEY = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


@functools.cache
def _token() -> re.Pattern[str]:
    """A searched word as the index splits text: letters and digits with the combining
    marks it keeps in words (folding.word_marks), and Thai, Lao, Khmer and Burmese runs
    whole (searched as their pairs: cjk.query_tokens)."""
    return re.compile(rf"(?:[^\W_]|[{PHRASED}{word_marks()}])+")


_SECTION_SPLIT = re.compile(r"\s*[/›>]\s*")
_NUMBER = re.compile(r"[0-9]{1,9}")
MAX_QUERY = 10_000
"""Characters of a query line that are read; a longer one is refused, not truncated."""
MAX_TERMS = 32
"""Distinct terms in one query: each is one more full-text lookup to intersect."""


class QueryError(ValueError):
    """A query that cannot be run; the message says what is wrong, for the user."""


@dataclass(frozen=True)
class Term:
    """Text to find: one word, a prefix (`milit*`) or a quoted phrase."""

    tokens: tuple[str, ...]
    """Lower-cased letters-and-digits runs, as the full-text index splits text."""
    prefix: bool = False
    """The last token may be the start of a longer word."""
    negated: bool = False

    @property
    def fts(self) -> str:
        """This term as FTS5 syntax: a quoted string, with `*` for a prefix. Chinese,
        Japanese and Korean runs become the phrase of their character pairs (see cjk)."""
        tokens: list[str] = []
        prefix = self.prefix
        for at, token in enumerate(self.tokens, 1):
            pieces, single = query_tokens(token)
            tokens += pieces
            prefix = prefix or (single and at == len(self.tokens))
        return '"' + " ".join(tokens) + '"' + (" *" if prefix else "")


@dataclass(frozen=True)
class Filter:
    """A condition on an article's metadata or marks."""

    kind: str
    """`unread`, `read`, `bookmarked`, `section`, `source`, `author`, `tag`, `after`,
    `before` or `words`."""
    value: object = None
    """Section parts, folded source, author or tag text, a timestamp, or (comparison,
    number) for words."""
    negated: bool = False
    text: str = ""
    """As the user wrote it, for messages."""

    def matches(self, meta: ArticleMeta, read: bool, bookmarked: bool) -> bool:
        return self._holds(meta, read, bookmarked) is not self.negated

    def _holds(self, meta: ArticleMeta, read: bool, bookmarked: bool) -> bool:
        kind, value = self.kind, self.value
        if kind == "unread":
            return not read
        if kind == "read":
            return read
        if kind == "bookmarked":
            return bookmarked
        if kind == "section":
            return contains_section(section_key(meta.section), value)  # type: ignore[arg-type]
        if kind == "source":
            return bool(meta.source) and value in meta.source.casefold()  # type: ignore[operator,union-attr]
        if kind == "author":
            return bool(meta.author) and value in plain_name(meta.author)  # type: ignore[operator,arg-type]
        if kind == "tag":
            return has_tag(meta.tags, value)  # type: ignore[arg-type]
        if kind == "after":
            return meta.sort_time >= value  # type: ignore[operator]
        if kind == "before":
            return meta.sort_time < value  # type: ignore[operator]
        sign, number = value  # type: ignore[misc]
        return _COMPARE[sign](meta.words, number)


@dataclass(frozen=True)
class Query:
    """A parsed query; empty when it has neither terms nor filters."""

    terms: tuple[Term, ...] = ()
    filters: tuple[Filter, ...] = ()
    source: str = ""
    """The text that was parsed."""
    words: tuple[str, ...] = field(default=(), compare=False)
    """Every token of the positive terms, to highlight in snippets."""

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.negated)

    def fts(self, terms: tuple[Term, ...]) -> str:
        """All the terms, every one required, as one FTS5 expression."""
        return " AND ".join(term.fts for term in terms)

    def __bool__(self) -> bool:
        return bool(self.terms or self.filters)


def parse_query(text: str) -> Query:
    """Parse a query line; raises QueryError with a short reason when it is malformed.

    A term or filter written twice counts once, and the size is bounded (MAX_QUERY,
    MAX_TERMS), so no query line can make a search cost more than a normal one.
    """
    if len(text) > MAX_QUERY:
        raise QueryError(f"the query is too long ({len(text):,} characters; at most {MAX_QUERY:,})")
    text = fold_marks(text.replace("\u00ad", ""))  # a word pasted from a page, as it was
    terms: list[Term] = []
    filters: list[Filter] = []
    negate = False
    pending_not = ""
    for raw, quoted in _split(text):
        if not quoted and raw.lower() == "not":
            if negate:
                raise QueryError("'not not' is not allowed: write the term without 'not'")
            negate, pending_not = True, raw
            continue
        item = _phrase(raw, negate) if quoted else _item(raw, negate)
        if isinstance(item, Term):
            if item not in terms:
                terms.append(item)
        elif isinstance(item, Filter):
            if item not in filters:
                filters.append(item)
        elif negate:
            raise QueryError(f"'{pending_not}' must be followed by a word or a filter")
        negate = False
    if negate:
        raise QueryError(f"'{pending_not}' at the end must be followed by a word or a filter")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"too many different words ({len(terms)}; at most {MAX_TERMS})")
    words = tuple(token for term in terms if not term.negated for token in term.tokens)
    return Query(tuple(terms), tuple(filters), text, words)


def _split(text: str) -> list[tuple[str, bool]]:
    """Whitespace-separated items; double quotes group, also after `key:`."""
    items: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        quoted = False
        while i < n and not text[i].isspace():
            if text[i] == '"':
                end = text.find('"', i + 1)
                if end < 0:
                    raise QueryError('a quote is not closed: add the closing "')
                quoted = quoted or i == start
                i = end + 1
            else:
                i += 1
        item = text[start:i]
        if quoted and item.endswith('"') and item.count('"') == 2:
            items.append((item[1:-1], True))
        else:
            items.append((item, False))
    return items


def _phrase(text: str, negated: bool) -> Term | None:
    tokens = tuple(token.lower() for token in _token().findall(text))
    return Term(tokens, negated=negated) if tokens else None


def _item(raw: str, negated: bool) -> Term | Filter | None:
    lower = raw.lower()
    if lower in FLAGS:
        return Filter(lower, negated=negated, text=raw)
    words = _WORDS.fullmatch(raw)
    if words:
        sign, number = words.groups()
        if not _NUMBER.fullmatch(number):
            raise QueryError(f"'{raw}': words{sign} needs a whole number, e.g. words>800")
        return Filter("words", (sign, int(number)), negated, raw)
    keyed = _KEY.fullmatch(raw)
    if keyed:
        key, value = keyed.group(1).lower(), _unquote(keyed.group(2))
        if key not in KEYED:
            known = ", ".join([*(f"{k}:" for k in KEYED), *FLAGS, "words>N", "not"])
            raise QueryError(
                f"unknown filter '{keyed.group(1)}:' (filters: {known}); "
                "put it in quotes to search for it as text"
            )
        return _keyed(key, value, negated, raw)
    prefix = raw.endswith("*")
    tokens = tuple(token.lower() for token in _token().findall(raw))
    if not tokens:
        if prefix:
            raise QueryError(f"'{raw}': a prefix needs at least one letter before *")
        return None
    return Term(tokens, prefix=prefix, negated=negated)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    return value


def _keyed(key: str, value: str, negated: bool, raw: str) -> Filter:
    if not value.strip():
        raise QueryError(f"'{raw}' needs a value, e.g. {key}:{_EXAMPLES[key]}")
    if key == "section":
        parts = section_key(p for p in _SECTION_SPLIT.split(value.strip()) if p)
        if not parts:
            raise QueryError(f"'{raw}' needs a section name, e.g. section:Military")
        return Filter(key, parts, negated, raw)
    if key == "source":
        return Filter(key, value.strip().casefold(), negated, raw)
    if key == "author":
        return Filter(key, plain_name(value.strip()), negated, raw)
    if key == "tag":
        tag = tag_key(value)
        if not tag:
            raise QueryError(f"'{raw}' needs a tag, e.g. tag:{_EXAMPLES[key]}")
        return Filter(key, tag, negated, raw)
    return Filter(key, _date(key, value.strip(), raw), negated, raw)


_EXAMPLES = {
    "section": "Military",
    "source": '"Press TV"',
    "author": "Evans",
    "tag": "science",
    "after": "2021-08-01",
    "before": "2021-09-01",
}


def _date(key: str, value: str, raw: str) -> float:
    """Local midnight at the start of the day (or month, or year) written."""
    formats = (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4))
    for pattern, length in formats:
        if len(value) == length:
            try:
                return dt.datetime.strptime(value, pattern).timestamp()
            except (ValueError, OverflowError, OSError):
                break
    raise QueryError(f"'{raw}': {key}: needs a date as YYYY-MM-DD, YYYY-MM or YYYY")


def contains_section(section: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """`section:Military` matches News / Military / Afghanistan: the parts appear in order,
    next to each other, anywhere in the path."""
    width = len(parts)
    return any(section[i : i + width] == parts for i in range(len(section) - width + 1))


def plain_name(text: str) -> str:
    """A name as `author:` compares it: as a snippet finds words, in small letters without
    accents (`author:jimenez` finds Juliana Jiménez Jaramillo, `lodz` Łódź)."""
    return fold(text)


def tag_key(text: str) -> str:
    """A tag as `tag:` compares it: folded, and `#science` (Obsidian's search) is science."""
    return text.strip().removeprefix("#").strip().casefold()


def has_tag(tags: tuple[str, ...], wanted: str) -> bool:
    """`tag:science` (folded) matches the tag Science, and science/space below it, as
    Obsidian nests tags; not science-fiction."""
    below = wanted + "/"
    for tag in tags:
        folded = tag.casefold()
        if folded == wanted or folded.startswith(below):
            return True
    return False
