"""Provides plain-text renderings of articles shared by the command line and the UI."""

from __future__ import annotations

import shutil
import textwrap

from termnews.library import Article, ArticleMeta

SECTION_JOIN = " › "


def meta_line(meta: ArticleMeta, join: str = " · ") -> str:
    """Breadcrumb · source · date · words · minutes, skipping what is unknown."""
    parts = [
        SECTION_JOIN.join(meta.section),
        meta.source or "",
        meta.date or "",
        f"{meta.words:,} words",
        f"{meta.minutes} min read",
    ]
    return join.join(part for part in parts if part)


def format_article(article: Article) -> str:
    """The article as clean text wrapped to the terminal, captions set apart."""
    width = min(shutil.get_terminal_size((80, 24)).columns, 88)
    meta = article.meta
    out = [*textwrap.wrap(meta.title, width), meta_line(meta), f"id {meta.id}", ""]
    for caption in article.captions:
        out += textwrap.wrap(caption, width, initial_indent="  Photo: ", subsequent_indent="  ")
    if article.captions:
        out.append("")
    for paragraph in article.paragraphs:
        if article.markdown is not None:
            out += paragraph.split("\n")
        else:
            out += textwrap.wrap(paragraph, width) or [""]
        out.append("")
    if meta.url:
        out.append(meta.url)
    return "\n".join(out).rstrip("\n") + "\n"
