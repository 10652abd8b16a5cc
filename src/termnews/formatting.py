"""Provides plain-text renderings of articles shared by the command line and the UI."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import textwrap

from termnews.library import Article, ArticleMeta
from termnews.library.dates import parse_date
from termnews.library.document import (
    CAPTION,
    CODE,
    IMAGE,
    ITEM,
    PARAGRAPH,
    QUOTE,
    RULE,
    TABLE,
    Block,
)
from termnews.library.linebreak import line_breaks, unspaced

SECTION_JOIN = " › "


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`1 item`, `2,048 items`, `3 matches` (with `plural`): never `1 items`."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


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
    moment = parse_date(meta.date)
    if moment is None:
        return meta.date[:40]
    try:
        day = dt.datetime.fromtimestamp(moment.timestamp())
    except (ValueError, OverflowError, OSError):
        return meta.date[:40]
    timed = len(meta.date) > 10 and day.time() != dt.time()
    return f"{day.day} {day:%b %Y}" + (f", {day:%H:%M}" if timed else "")


def meta_line(
    meta: ArticleMeta,
    join: str = " · ",
    updated: str | None = None,
    note: str | None = None,
) -> str:
    """Breadcrumb · source · by author · date (· updated) · words · minutes (with words to
    read) · tags · URL, skipping what is unknown, and the source where the breadcrumb ends
    with it (a feed's items are filed under the feed's name), and the author where the
    source or the breadcrumb names the same; `updated` is when a feed changed the item
    after it was first fetched."""
    moment = parse_date(updated) if updated else None
    source = meta.source or ""
    if meta.section and _names_alike(source, meta.section[-1]):
        source = ""
    named = {name.casefold() for name in (meta.source, *meta.section[-1:]) if name}
    author = meta.author
    byline = f"by {author}" if author and author.casefold() not in named else ""
    parts = [
        SECTION_JOIN.join(meta.section),
        source,
        byline,
        long_date(meta),
        _updated(moment),
        counted(meta.words, "word"),
        f"{meta.minutes} min read" if meta.words else "",  # nothing to read: no minute
        "tagged " + ", ".join(meta.tags[:_TAGS_SHOWN]) if meta.tags else "",
        meta.url or "",
        f"summary only: {note}" if note else "",
    ]
    return join.join(part for part in parts if part)


def _names_alike(source: str, section: str) -> bool:
    """The source is the section's name, in full or as the tree cut it (`A long name…`)."""
    source, section = source.casefold(), section.casefold()
    if section.endswith("…"):
        return source.startswith(section[:-1])
    return source == section


_TAGS_SHOWN = 8
"""Tags the meta line names at most (a blog may give a post thirty)."""


def _updated(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"updated {local.day} {local:%b %H:%M}"


def terminal_width(fallback: int = 80) -> int:
    """The terminal's width, sane even when COLUMNS is 0, negative or nonsense."""
    try:
        columns = shutil.get_terminal_size((fallback, 24)).columns
    except (ValueError, OSError):
        columns = fallback
    return columns if 20 <= columns <= 1000 else fallback


def format_article(article: Article) -> str:
    """The article as clean text wrapped to the terminal: captions set apart, list items
    with their markers, links numbered as in the reader and listed at the end."""
    width = min(terminal_width(), 88)
    meta = article.meta
    out = wrap(meta.title, width)
    out.append(meta_line(meta, updated=article.updated, note=article.note))
    out += [f"id {meta.id}", ""]
    if article.standfirst:
        out += [*wrap(article.standfirst, width), ""]
    for caption in article.captions:
        out += wrap(caption, width, "  Photo: ", " " * 9)
    if article.captions:
        out.append("")
    blocks = article.blocks or tuple(Block(PARAGRAPH, text) for text in article.paragraphs)
    for index, block in enumerate(blocks):
        out += _block_lines(block, width)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if not (block.kind == ITEM and following is not None and following.kind == ITEM):
            out.append("")
    if article.links:
        out.append("Links")
        out += [f"[{number}] {url}" for number, url in enumerate(article.links, 1)]
    return "\n".join(out).rstrip("\n") + "\n"


_NOT_PLAIN = frozenset("\t\n\x0b\x0c\r-")
"""Characters after which (or at which) textwrap may break a line other than at a space."""


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)`, the same
    lines, at a third of its time for prose (words with single spaces, no hyphen, none
    too long): its regular expressions took most of a Markdown export. Chinese and
    Japanese break between their characters, by the columns they take (textwrap counts
    characters, so a Japanese line ran to twice the width, and breaks only at spaces)."""
    if unspaced(text):
        return _wrap_unspaced(text, width, first, rest)
    words = text.split(" ")
    room = width - max(len(first), len(rest))
    if (
        not text
        or not all(map(str.strip, words))  # spaces doubled, leading or trailing, or a
        # word of no-break spaces: textwrap keeps some and drops others
        or not _NOT_PLAIN.isdisjoint(text)
        or max(map(len, words)) > room
    ):
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)
    lines: list[str] = []
    line = first + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = rest + word
    lines.append(line)
    return lines


def _wrap_unspaced(text: str, width: int, first: str, rest: str) -> list[str]:
    text = " ".join(text.split())
    starts = [0, *line_breaks(text, max(1, width - max(len(first), len(rest)))), len(text)]
    pieces = [text[start:end].strip() for start, end in itertools.pairwise(starts)]
    lines = [piece for piece in pieces if piece]
    return [(rest if number else first) + line for number, line in enumerate(lines)]


def _block_lines(block: Block, width: int) -> list[str]:
    text = _numbered(block)
    if block.kind == ITEM:
        lead = "  " * block.level + (block.marker + " " if block.marker else "  ")
        return wrap(text, width, lead, " " * len(lead))
    if block.kind == CODE:
        return ["    " + line for line in block.text.split("\n")]
    if block.kind == TABLE:
        return [" | ".join(row) for row in block.rows]
    if block.kind == RULE:
        return ["* * *".center(width).rstrip()]
    prefix = {QUOTE: "> ", CAPTION: "  Photo: ", IMAGE: "  Image: "}.get(block.kind, "")
    rest = prefix if block.kind == QUOTE else " " * len(prefix)  # a caption hangs
    lines: list[str] = []
    for part in text.split("\n"):
        lines += wrap(part, width, prefix, rest)
    return lines or [""]


def _numbered(block: Block) -> str:
    """The block's text with each link's number after it, as the reader shows it."""
    ends = sorted((span.end, span.link) for span in block.spans if span.kind == "link")
    if not ends:
        return block.text
    pieces, start = [], 0
    for end, number in ends:
        pieces += [block.text[start:end], f"[{number}]"]
        start = end
    return "".join(pieces) + block.text[start:]
