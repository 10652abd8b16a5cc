"""Provides the shape of an article's body: blocks of plain text with marked spans and links.

Every format (text, Markdown, later HTML and feed items) is read into these blocks once, so
the reader, `termnews show`, snippets and the search index see the same words, and no
article text ever reaches a screen as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PARAGRAPH, HEADING, ITEM, QUOTE, CODE, CAPTION, IMAGE, RULE, TABLE = (
    "paragraph",
    "heading",
    "item",
    "quote",
    "code",
    "caption",
    "image",
    "rule",
    "table",
)
"""The kinds of block."""

_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]")
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Span:
    """Part of a block's text shown differently: `strong`, `em`, `code`, `strike`, `mark`
    (highlighted), `link` (with the number of its link), `tag` (a site generator's
    template tag)."""

    start: int
    end: int
    kind: str
    link: int = 0
    """1-based number in the article's links, for `link` spans."""


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    text: str
    """Plain text: what search indexes and snippets quote."""
    spans: tuple[Span, ...] = ()
    level: int = 0
    """Heading level; list nesting depth (0 at the top); quote depth."""
    marker: str = ""
    """A list item's bullet or number (`•`, `3.`)."""
    rows: tuple[tuple[str, ...], ...] = ()
    """A table's rows, the header row first."""


@dataclass
class Links:
    """The article's links in reading order, numbered from 1 as newsboat does."""

    urls: list[str] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    """Each URL's number: a page of 50,000 links took 15 s searching the list for each."""

    def __post_init__(self) -> None:
        for number, url in enumerate(self.urls, 1):
            self._numbers.setdefault(url, number)

    def number(self, url: str) -> int:
        """The link's number, the same one each time the URL comes back."""
        number = self._numbers.get(url)
        if number is None:
            self.urls.append(url)
            number = self._numbers[url] = len(self.urls)
        return number


def plain_block(
    kind: str, text: str, links: Links, marked: list[Span] | None = None, **rest: object
) -> Block:
    """A block from plain text: bare URLs become numbered links, template tags are marked;
    `marked`: links the text numbered itself (newsboat's `[1]`), which a bare URL inside
    one does not number again."""
    marked = marked or []
    spans = (  # the test first: the search alone took a fifth of a text file's parse
        [
            Span(m.start(), m.end(), "link", links.number(m.group()))
            for m in _BARE_URL.finditer(text)
            if not any(span.start < m.end() and m.start() < span.end for span in marked)
        ]
        if "://" in text
        else []
    )
    spans += template_spans(text) + marked
    return Block(kind, text, tuple(sorted(spans, key=_start)), **rest)  # type: ignore[arg-type]


def template_spans(text: str) -> list[Span]:
    if "{" not in text:
        return []
    return [Span(m.start(), m.end(), "tag") for m in _TEMPLATE_TAG.finditer(text)]


def without_tags(text: str) -> str:
    return _TEMPLATE_TAG.sub(" ", text) if "{" in text else text


def block_texts(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """One plain string a block, tables as their cells: the words search and snippets see."""
    texts = []
    for block in blocks:
        if block.kind == TABLE:
            texts.append("\n".join(" ".join(row) for row in block.rows))
        elif block.kind != RULE and block.text:
            texts.append(block.text)
    return tuple(texts)


def _start(span: Span) -> int:
    return span.start
