"""Provides reading one article file into an Article, whatever its format."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from stat import S_ISREG

from termnews.library.clean import clean_line, count_words
from termnews.library.decode import MAX_ARTICLE_BYTES, SkipFile, decode_article
from termnews.library.markdown_doc import parse_markdown
from termnews.library.model import Article, ArticleMeta
from termnews.library.sections import folder_section
from termnews.library.textfile import parse_text
from termnews.library.trailers import TrailerRules

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES


def content_id(text: str) -> str:
    """Twelve hex digits of the text's hash: the same on every run and after a rename."""
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=6).hexdigest()


def read_article(path: Path, relpath: str, rules: TrailerRules) -> Article:
    """Read and parse one file; raises SkipFile with the reason when it cannot be used."""
    try:
        # Non-blocking, then checked: a pipe, a terminal or a device swapped in for an
        # article after the scan must be refused, not read (a read could wait for ever).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb", closefd=True) as handle:
            stat = os.fstat(handle.fileno())
            if not S_ISREG(stat.st_mode):
                raise SkipFile("not a regular file (a pipe, device or socket)")
            if stat.st_size > MAX_ARTICLE_BYTES:
                raise SkipFile(
                    f"too large ({stat.st_size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})"
                )
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise SkipFile(f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise SkipFile(f"too large (over {MAX_ARTICLE_BYTES:,} bytes)")
    text = decode_article(data)
    return parse_article(text, path, relpath, rules, mtime=stat.st_mtime, size=stat.st_size)


def parse_article(
    text: str, path: Path, relpath: str, rules: TrailerRules, *, mtime: float, size: int
) -> Article:
    """Parse decoded text by the file's suffix; the id is the text's hash."""

    def meta(section: tuple[str, ...], title: str, words: int, **rest) -> ArticleMeta:
        """Fields every format has; the folders and file name fill in what the text lacks."""
        return ArticleMeta(
            id=content_id(text),
            file=str(path),
            relpath=relpath,
            section=section or folder_section(relpath),
            title=title or clean_line(path.stem),
            words=words,
            mtime=mtime,
            size=size,
            **rest,
        )

    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        doc = parse_markdown(text)
        return Article(
            meta=meta(
                doc.section,
                doc.title,
                doc.words,
                source=doc.source,
                date=doc.date,
                url=doc.url,
                format="markdown",
                sort_time=_timestamp(doc.date) or mtime,
            ),
            paragraphs=doc.paragraphs,
            markdown=doc.markdown,
            tags=doc.tags,
        )
    parsed = parse_text(text, rules)
    words = count_words("\n".join(parsed.paragraphs))  # one pass, not one per paragraph
    return Article(
        meta=meta(parsed.section, parsed.title, words, source=parsed.source, sort_time=mtime),
        captions=parsed.captions,
        paragraphs=parsed.paragraphs,
        trailer=parsed.trailer,
    )


def _timestamp(date: str | None) -> float | None:
    if not date:
        return None
    try:
        return dt.datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError, OSError):
        return None
