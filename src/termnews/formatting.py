"""Provides plain-text renderings of articles shared by the command line and the UI."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

from termnews.library import Article, ArticleMeta

SECTION_JOIN = " › "


def short_date(stamp: float, today: dt.date | None = None) -> str:
    """`27 Nov` this year, `Nov 2021` before: fits a list's side column."""
    try:
        day = dt.datetime.fromtimestamp(stamp)
    except (ValueError, OverflowError, OSError):
        return "?"
    if day.year == (today or dt.date.today()).year:
        return f"{day.day} {day:%b}"
    return f"{day:%b} {day.year}"


def long_date(meta: ArticleMeta) -> str:
    """`25 Dec 2024` (with the time when the file gives one) for the meta line; raw forms
    such as `2024-12-25 00:00:00 +0000` are for `show --json`."""
    if not meta.date:
        return ""
    try:
        day = dt.datetime.fromtimestamp(meta.sort_time)
    except (ValueError, OverflowError, OSError):
        return meta.date
    timed = len(meta.date) > 10 and day.time() != dt.time()
    return f"{day.day} {day:%b %Y}" + (f", {day:%H:%M}" if timed else "")


def meta_line(meta: ArticleMeta, join: str = " · ") -> str:
    """Breadcrumb · source · date · words · minutes · URL, skipping what is unknown."""
    parts = [
        SECTION_JOIN.join(meta.section),
        meta.source or "",
        long_date(meta),
        f"{meta.words:,} words",
        f"{meta.minutes} min read",
        meta.url or "",
    ]
    return join.join(part for part in parts if part)


def terminal_width(fallback: int = 80) -> int:
    """The terminal's width, sane even when COLUMNS is 0, negative or nonsense."""
    try:
        columns = shutil.get_terminal_size((fallback, 24)).columns
    except (ValueError, OSError):
        columns = fallback
    return columns if 20 <= columns <= 1000 else fallback


def format_article(article: Article) -> str:
    """The article as clean text wrapped to the terminal, captions set apart."""
    width = min(terminal_width(), 88)
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
    return "\n".join(out).rstrip("\n") + "\n"
