"""Provides reading one article file into an Article, whatever its format."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG

from termnews.library.clean import clean_line, count_words
from termnews.library.dates import parse_date, path_date, timestamp
from termnews.library.decode import MAX_ARTICLE_BYTES, SkipFile, decode_article
from termnews.library.envelope import has_envelope
from termnews.library.html import MAX_PAGE_FILE_BYTES, extract_page
from termnews.library.model import Article, ArticleMeta
from termnews.library.sections import folder_section
from termnews.library.suffixes import MARKDOWN_SUFFIXES, PAGE_SUFFIXES
from termnews.library.textfile import parse_text, text_head
from termnews.library.trailers import TrailerRules


def content_id(text: str) -> str:
    """Twelve hex digits of the text's hash: the same on every run and after a rename."""
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=6).hexdigest()


def read_article(path: Path, relpath: str, rules: TrailerRules) -> Article:
    """Read and parse one file; raises SkipFile with the reason when it cannot be used."""
    with _untrusted():
        data, stat, page = _read(path)
        if page:
            extracted = extract_page(data)
            return page_article(
                extracted, path, relpath, rules, mtime=stat.st_mtime, size=stat.st_size
            )
        text = decode_article(data)
        return parse_article(text, path, relpath, rules, mtime=stat.st_mtime, size=stat.st_size)


@contextlib.contextmanager
def _untrusted() -> Iterator[None]:
    """A fault of ours that a file's content sets off skips that file with a warning, and
    never stops a scan, a command or the reader."""
    try:
        yield
    except SkipFile:
        raise
    except Exception as error:
        name = type(error).__name__
        raise SkipFile(f"termnews could not read it ({name}); please report it") from error


def glimpse_article(path: Path, relpath: str) -> ArticleMeta:
    """The id, headline and place of a text or Markdown article, its body unparsed (its
    words are counted roughly): a fifth of the time a full parse takes, for listing a
    big library's titles while the full parse runs. A saved page, whose id comes from the
    article extracted from it, raises SkipFile, as does any file read_article would skip."""
    with _untrusted():
        return _glimpse(path, relpath)


def _glimpse(path: Path, relpath: str) -> ArticleMeta:
    data, stat, page = _read(path)
    if page:
        raise SkipFile("a saved page: only the full parse extracts its article")
    text = decode_article(data)
    rest: dict[str, str | None] = {}
    if _is_markdown(path, text):
        from termnews.library.markdown_doc import markdown_head  # YAML: when needed

        head = markdown_head(text)
        section, title, words = head.section, head.title, _rough_words(head.body)
        date, stamp = _dated(head.date, relpath, head.permalink, head.url)
        rest = {"source": head.source, "url": head.url, "format": "markdown", "tags": head.tags}
    else:
        top = text_head(text)
        section, title = top.section, top.title
        words = _rough_words(text) - len(title.split())
        header = top.header
        date, stamp = _dated(header.date if header else None, relpath)
        if header is not None:
            rest = {"source": header.source, "url": header.url}
    mtime, size = stat.st_mtime, stat.st_size
    return _meta(
        text,
        path,
        relpath,
        mtime,
        size,
        section,
        title,
        words,
        date=date,
        sort_time=stamp or mtime,
        **rest,
    )


def _is_markdown(path: Path, text: str) -> bool:
    """Markdown by its name, or by what it says: a page Jina Reader turned into Markdown,
    saved as `.txt` (library.envelope)."""
    return path.suffix.lower() in MARKDOWN_SUFFIXES or has_envelope(text)


def warm_up() -> None:
    """Load the Markdown parser (markdown-it and PyYAML, 43 ms) before the first Markdown
    article is shown or found, not while the reader waits for it."""
    from termnews.library.markdown_doc import parse_markdown

    parse_markdown("---\ntitle: A\n---\n\nSome *text* and [a link](https://example.com).\n")


def _rough_words(text: str) -> int:
    """Spaces and line ends: within a few words of the count, at a fraction of its cost."""
    return text.count(" ") + text.count("\n")


def _read(path: Path) -> tuple[bytes, os.stat_result, bool]:
    """The file's bytes, its stat and whether it is a saved page; SkipFile when the file
    cannot be read or is too large."""
    page = path.suffix.lower() in PAGE_SUFFIXES
    limit = MAX_PAGE_FILE_BYTES if page else MAX_ARTICLE_BYTES
    try:
        # Non-blocking, then checked: a pipe, a terminal or a device swapped in for an
        # article after the scan must be refused, not read (a read could wait for ever).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        try:
            stat = os.fstat(fd)
            if not S_ISREG(stat.st_mode):
                raise SkipFile("not a regular file (a pipe, device or socket)")
            if stat.st_size > limit:
                raise SkipFile(f"too large ({stat.st_size:,} bytes; the limit is {limit:,})")
            # Unbuffered: faster than a file object for a few kilobytes. A read short of
            # the size, or past it (the file grows), goes on to the end or the limit.
            data = os.read(fd, stat.st_size + 1)
            while len(data) != stat.st_size and len(data) <= limit:
                more = os.read(fd, limit + 1 - len(data))
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
    except OSError as error:
        raise SkipFile(f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise SkipFile(f"too large (over {limit:,} bytes)")
    return data, stat, page


def page_article(
    extracted: str, path: Path, relpath: str, rules: TrailerRules, *, mtime: float, size: int
) -> Article:
    """A saved page from its extracted Markdown (made now, or kept by the index): the
    folders give the section when they can, the page's own category when they cannot."""
    as_markdown = path.with_name(path.name + ".md")
    article = parse_article(extracted, as_markdown, relpath, rules, mtime=mtime, size=size)
    meta = article.meta
    meta.file = str(path)
    meta.format = "html"
    meta.section = folder_section(relpath) or meta.section
    if meta.title == clean_line(as_markdown.stem):
        meta.title = clean_line(path.stem)
    return dataclasses.replace(article, extracted=extracted)


def parse_article(
    text: str, path: Path, relpath: str, rules: TrailerRules, *, mtime: float, size: int
) -> Article:
    """Parse decoded text by the file's suffix; the id is the text's hash."""

    def meta(section: tuple[str, ...], title: str, words: int, **rest) -> ArticleMeta:
        return _meta(text, path, relpath, mtime, size, section, title, words, **rest)

    if _is_markdown(path, text):
        from termnews.library.markdown_doc import parse_markdown  # markdown-it: when needed

        doc = parse_markdown(text)
        date, stamp = _dated(doc.date, relpath, doc.permalink, doc.url)
        return Article(
            meta=meta(
                doc.section,
                doc.title,
                doc.words,
                source=doc.source,
                date=date,
                url=doc.url,
                format="markdown",
                sort_time=stamp or mtime,
                tags=doc.tags,
                author=doc.author,
            ),
            standfirst=doc.standfirst,
            paragraphs=doc.paragraphs,
            blocks=doc.blocks,
            links=doc.links,
            markdown=doc.markdown,
            updated=doc.updated,
            note=doc.note,
        )
    parsed = parse_text(text, rules)
    words = count_words("\n".join(parsed.paragraphs))  # one pass, not one per paragraph
    date, stamp = _dated(parsed.date, relpath)
    return Article(
        meta=meta(
            parsed.section,
            parsed.title,
            words,
            source=parsed.source,
            date=date,
            url=parsed.url,
            sort_time=stamp or mtime,
            author=parsed.author,
        ),
        captions=parsed.captions,
        paragraphs=parsed.paragraphs,
        blocks=parsed.blocks,
        links=parsed.links,
        trailer=parsed.trailer,
    )


def _meta(
    text: str,
    path: Path,
    relpath: str,
    mtime: float,
    size: int,
    section: tuple[str, ...],
    title: str,
    words: int,
    **rest,
) -> ArticleMeta:
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


def _dated(
    stated: str | None, relpath: str, *addresses: str | None
) -> tuple[str | None, float | None]:
    """The date to keep (ISO when it could be read, else as written) and its timestamp;
    the file's name or place gives the date when the file states none."""
    moment = parse_date(stated) if stated else path_date(relpath, *addresses)
    if moment is None:
        return stated, None
    if moment.tzinfo is None and moment.time() == dt.time():
        return moment.date().isoformat(), timestamp(moment)
    return moment.isoformat(), timestamp(moment)
