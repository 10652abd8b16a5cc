"""Provides articles exported as Markdown, one self-contained HTML page, or JSON: for the
command line (`termnews export`) and the palette's "Export this view". Article text is
untrusted: in HTML every piece of it is escaped and only http(s) and mailto links link."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable

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
    if article.markdown is not None and article.extracted is None:
        body = article.markdown
    else:
        body = "\n\n".join(article.paragraphs)
    return front_matter(fields) + "\n" + body.strip() + "\n"


def articles_markdown(articles: Iterable[Article]) -> str:
    """Many articles in one file: each as `termnews show` prints it, between rules."""
    return "\n---\n\n".join(format_article(article) for article in articles)


def article_json(article: Article) -> dict:
    meta = article.meta
    return {
        "id": meta.id,
        "title": meta.title,
        "section": list(meta.section),
        "path": meta.file,
        "words": meta.words,
        "source": meta.source,
        "date": meta.date,
        "url": meta.url,
        "format": meta.format,
        "captions": list(article.captions),
        "paragraphs": list(article.paragraphs),
        "tags": list(article.meta.tags),
    }


def articles_json(articles: Iterable[Article]) -> str:
    return json.dumps([article_json(a) for a in articles], ensure_ascii=False, indent=2) + "\n"


def articles_html(articles: list[Article], title: str, made: dt.datetime | None = None) -> str:
    """One page: a table of contents, then each article; readable on screen and on paper."""
    esc = html.escape
    made_text = (made or dt.datetime.now()).strftime("%d %b %Y %H:%M")
    toc = "\n".join(
        f'<li><a href="#a{n}">{esc(a.meta.title)}</a> '
        f"<small>{esc(SECTION_JOIN.join(a.meta.section))}</small></li>"
        for n, a in enumerate(articles)
    )
    bodies = []
    for n, article in enumerate(articles):
        meta = article.meta
        blocks = article.blocks or tuple(Block("paragraph", p) for p in article.paragraphs)
        captions = "".join(
            f"<figure><figcaption>{esc(c)}</figcaption></figure>" for c in article.captions
        )
        body = "\n".join(_block_html(block, article.links) for block in blocks)
        link = ""
        if meta.url and meta.url.startswith(_SAFE_LINK):
            link = f' · <a href="{esc(meta.url, quote=True)}">original</a>'
        bodies.append(
            f'<article id="a{n}"><h2>{esc(meta.title)}</h2>'
            f'<p class="meta">{esc(meta_line(meta))}{link}</p>{captions}\n{body}</article>'
        )
    return _PAGE.format(
        title=esc(title),
        made=esc(made_text),
        count=len(articles),
        toc=toc,
        articles="\n".join(bodies),
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
.meta, small, figcaption {{ color: #666; font-size: 0.85em; }}
figure {{ margin: 1em 0; border-left: 3px solid #ccc; padding-left: 0.8em; }}
article {{ page-break-before: always; }} table {{ border-collapse: collapse; }}
td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; }} pre {{ white-space: pre-wrap; }}
</style></head><body>
<h1>{title}</h1><p class="meta">{count} articles · exported by termnews · {made}</p>
<nav><ol>
{toc}
</ol></nav>
{articles}
</body></html>
"""
