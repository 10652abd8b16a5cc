"""Provides the plain dataclasses that describe articles."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from termnews.library.document import Block

WORDS_PER_MINUTE = 230
"""Reading speed used for the minutes-to-read estimate."""


@dataclass(slots=True)
class ArticleMeta:
    """What the library keeps in memory for every article; the body is read when shown.

    Slotted and not frozen: 100,000 of these are built at every start from the index, and
    that is three times faster (and smaller) than a frozen dataclass. Treat them as values.
    """

    id: str
    """Stable id: a hash of the article's text, so it survives renames and re-scans."""
    file: str
    """Absolute path of the article file, as text (a Path per article costs start-up time)."""
    relpath: str
    """Path relative to its library root, with forward slashes."""
    section: tuple[str, ...]
    """Section path from the breadcrumb, front matter or folders; empty when unknown."""
    title: str
    words: int
    """Words in the body (captions and trailer excluded)."""
    mtime: float
    """File modification time: orders the list, never shown as a publication date."""
    size: int
    source: str | None = None
    date: str | None = None
    """Publication date as ISO text, only when the file states one."""
    url: str | None = None
    format: str = "text"
    """`text` for saved-page text and plain text, `markdown` for front-matter Markdown,
    `html` for saved web pages."""
    sort_time: float = 0.0
    """The stated date as a timestamp when there is one, else the mtime: newest first."""
    tags: tuple[str, ...] = ()
    """The front matter's tags (a reading list's, a blog's, a feed's categories), as
    written: `tag:` filters by them and the meta line names them."""
    author: str | None = None
    """Who wrote it, as the file says (`author:`, newsboat's `Author:`), without a
    byline's furniture: the meta line names them and `author:` filters by them."""

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def minutes(self) -> int:
        """Minutes to read, at least one."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class Article:
    """A fully parsed article, as shown in the reader or by `termnews show`."""

    meta: ArticleMeta
    captions: tuple[str, ...] = ()
    standfirst: str | None = None
    """The sentence or two a page sets under its headline (its `dek`), apart from the body."""
    paragraphs: tuple[str, ...] = ()
    """The body's plain text, one string a block: what search and snippets read."""
    blocks: tuple[Block, ...] = ()
    """The body as the reader shows it: paragraphs, headings, list items, tables…"""
    links: tuple[str, ...] = ()
    """The URLs the body links to, in order; a link span's number indexes this from 1."""
    markdown: str | None = None
    """The Markdown body, for articles that have one."""
    updated: str | None = None
    """When a feed changed this item after it was first fetched (front matter `updated`)."""
    note: str | None = None
    """Said in the meta line: why a feed item shows only its summary."""
    extracted: str | None = field(default=None, repr=False)
    """For a saved web page: the article extracted from it, as Markdown with front matter."""
    trailer: tuple[str, ...] = field(default=(), repr=False)
    """Site boilerplate removed from the end of the body."""


SearchText = tuple[str, str, str]
"""Headline, captions and body: the columns of the full-text index."""


def search_text(article: Article) -> SearchText:
    return (
        article.meta.title,
        "\n".join(article.captions),
        "\n".join(
            (
                *([article.standfirst] if article.standfirst else ()),
                *article.paragraphs,
                *article.meta.tags,
            )
        ),
    )
