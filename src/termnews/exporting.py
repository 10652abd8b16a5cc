"""Provides articles exported as Markdown, one self-contained HTML page, or JSON: for the
command line (`termnews export`) and the palette's "Export this view". Article text is
untrusted: in HTML every piece of it is escaped and only http(s) and mailto links link."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import shutil
import tempfile
from collections.abc import Iterable
from typing import TextIO

from termnews.formatting import SECTION_JOIN, format_article, meta_line
from termnews.library import Article
from termnews.library.document import (
    CAPTION,
    CODE,
    HEADING,
    IMAGE,
    ITEM,
    QUOTE,
    RULE,
    TABLE,
    Block,
)
from termnews.library.frontmatter import front_matter
from termnews.paths import printable

_SAFE_LINK = ("http://", "https://", "mailto:")


def article_markdown(article: Article) -> str:
    """The article as a Markdown file with front matter: the original Markdown when it has
    one, else its text."""
    meta = article.meta
    fields: dict[str, object] = {"title": meta.title, "section": list(meta.section)}
    for key in ("source", "date", "url"):
        value = getattr(meta, key)
        if value:
            fields[key] = value
    if article.standfirst:
        fields["standfirst"] = article.standfirst
    if article.markdown is not None and article.extracted is None:
        body = article.markdown
    else:
        body = "\n\n".join(article.paragraphs)
    return front_matter(fields) + "\n" + body.strip() + "\n"


def write_markdown(articles: Iterable[Article], out: TextIO) -> int:
    """Many articles in one file, each as `termnews show` prints it, between rules; written
    as they come, so an export of any size holds one article at a time. Returns how many."""
    count = 0
    for count, article in enumerate(articles, 1):
        if count > 1:
            out.write("\n---\n\n")
        out.write(format_article(article))
    return count


def article_json(article: Article) -> dict:
    meta = article.meta
    return {
        "id": meta.id,
        "title": meta.title,
        "section": list(meta.section),
        "path": printable(meta.file),  # a name that is not UTF-8 shows its bytes as escapes
        "words": meta.words,
        "source": meta.source,
        "author": meta.author,
        "date": meta.date,
        "url": meta.url,
        "format": meta.format,
        "standfirst": article.standfirst,
        "captions": list(article.captions),
        "paragraphs": list(article.paragraphs),
        "tags": list(article.meta.tags),
    }


def write_json(articles: Iterable[Article], out: TextIO) -> int:
    """A JSON array of `article_json` objects, laid out as `json.dumps(indent=2)` lays out
    the whole list, written an article at a time. Returns how many."""
    count = 0
    for count, article in enumerate(articles, 1):
        item = json.dumps(article_json(article), ensure_ascii=False, indent=2)
        out.write(("[\n  " if count == 1 else ",\n  ") + item.replace("\n", "\n  "))
    out.write("\n]\n" if count else "[]\n")
    return count


def write_html(
    articles: Iterable[Article], out: TextIO, title: str, made: dt.datetime | None = None
) -> int:
    """One page: a table of contents, then each article; readable on screen and on paper.

    The contents and the count come first but are known last: both parts are spooled to
    temporary files as the articles come (one article held at a time), then copied out.
    Returns how many articles."""
    esc = html.escape
    made_text = (made or dt.datetime.now()).strftime("%d %b %Y %H:%M")
    count = 0
    with _spool() as toc, _spool() as bodies:
        for n, article in enumerate(articles):
            count = n + 1
            meta = article.meta
            gap = "" if n == 0 else "\n"
            toc.write(
                f'{gap}<li><a href="#a{n}">{esc(meta.title)}</a> '
                f"<small>{esc(SECTION_JOIN.join(meta.section))}</small></li>"
            )
            bodies.write(gap + _article_html(n, article))
        head, middle, tail = _PAGE.split("\0")
        out.write(head.format(title=esc(title), made=esc(made_text), count=count))
        for part, spool in ((middle, toc), (tail, bodies)):
            spool.seek(0)
            shutil.copyfileobj(spool, out)
            out.write(part)
    return count


def articles_html(articles: Iterable[Article], title: str, made: dt.datetime | None = None) -> str:
    """`write_html`'s page as a string, for a few articles."""
    out = io.StringIO()
    write_html(articles, out, title, made)
    return out.getvalue()


def _spool() -> TextIO:
    return tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")


def _article_html(n: int, article: Article) -> str:
    esc = html.escape
    meta = article.meta
    blocks = article.blocks or tuple(Block("paragraph", p) for p in article.paragraphs)
    captions = "".join(
        f"<figure><figcaption>{esc(c)}</figcaption></figure>" for c in article.captions
    )
    body = "\n".join(_block_html(block, article.links) for block in blocks)
    if article.standfirst:
        captions = f'<p class="standfirst">{esc(article.standfirst)}</p>{captions}'
    link = ""
    if meta.url and meta.url.startswith(_SAFE_LINK):
        link = f' · <a href="{esc(meta.url, quote=True)}">original</a>'
    return (
        f'<article id="a{n}"><h2>{esc(meta.title)}</h2>'
        f'<p class="meta">{esc(meta_line(meta))}{link}</p>{captions}\n{body}</article>'
    )


def _block_html(block: Block, links: tuple[str, ...]) -> str:
    esc = html.escape
    if block.kind == TABLE:
        rows = "".join(
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f"<table>{rows}</table>"
    if block.kind == RULE:
        return "<hr>"
    text = _inline_html(block, links)
    if block.kind == HEADING:
        level = min(6, block.level + 2)
        return f"<h{level}>{text}</h{level}>"
    if block.kind == ITEM:
        indent = block.level + 1
        return f'<p class="item" style="margin-left:{indent}em">{esc(block.marker)} {text}</p>'
    if block.kind == QUOTE:
        return f"<blockquote>{text}</blockquote>"
    if block.kind == CODE:
        return f"<pre>{esc(block.text)}</pre>"
    if block.kind in (CAPTION, IMAGE):
        return f"<figure><figcaption>{text}</figcaption></figure>"
    return f"<p>{text}</p>"


def _inline_html(block: Block, links: tuple[str, ...]) -> str:
    """The block's text escaped, its links linking (http, https, mailto only)."""
    esc = html.escape
    out, at = [], 0
    for span in sorted((s for s in block.spans if s.kind == "link"), key=lambda s: s.start):
        if span.start < at:
            continue
        url = links[span.link - 1] if 0 < span.link <= len(links) else ""
        out.append(esc(block.text[at : span.start]))
        label = esc(block.text[span.start : span.end])
        if url.startswith(_SAFE_LINK):
            out.append(f'<a href="{esc(url, quote=True)}">{label}</a>')
        else:
            out.append(label)
        at = span.end
    out.append(esc(block.text[at:]))
    return "".join(out)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 17px/1.55 Georgia, serif; max-width: 42em; margin: 2em auto; padding: 0 1em; }}
body {{ color: #222; }}
h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.35em; margin-top: 2.5em; }}
.meta, small, figcaption {{ color: #666; font-size: 0.85em; }} .standfirst {{ font-style: italic; }}
figure {{ margin: 1em 0; border-left: 3px solid #ccc; padding-left: 0.8em; }}
article {{ page-break-before: always; }} table {{ border-collapse: collapse; }}
td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; }} pre {{ white-space: pre-wrap; }}
</style></head><body>
<h1>{title}</h1><p class="meta">{count} articles · exported by termnews · {made}</p>
<nav><ol>
\0
</ol></nav>
\0
</body></html>
"""
"""The page around the contents and the articles, which go where the two NULs are."""
