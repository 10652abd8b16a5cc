"""Provides the article body as Rich renderables: styled spans, lists, quotes, tables, links.

Built from the library's plain-text blocks and spans, never from markup, so article text
cannot style or act on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from termnews.library import Article
from termnews.library.clean import strip_unsafe
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
from termnews.ui.linebreak import breakable

CAMERA = "📷 "
PICTURE = "▣ "


@dataclass(frozen=True)
class BodyStyles:
    """The theme's styles for the parts of a body (the reader's component classes)."""

    heading: Style
    link: Style
    dim: Style
    caption: Style
    bar: Style
    code: Style


Piece = tuple[RenderableType, bool]
"""A renderable and whether a blank line follows it."""


def body_pieces(article: Article, styles: BodyStyles, width: int) -> list[Piece]:
    """The body's blocks as renderables; list items follow each other without a gap."""
    blocks = article.blocks or ()
    pieces: list[Piece] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        tight = block.kind == ITEM and following is not None and following.kind == ITEM
        pieces.append((_renderable(block, styles, width), not tight))
    if article.links:
        pieces.append((_links(article.links, styles), True))
    return pieces


def styled(block: Block, styles: BodyStyles) -> Text:
    """The block's text with its spans styled and each link followed by its number."""
    text = Text(strip_unsafe(block.text))
    ends: list[tuple[int, int]] = []
    for span in block.spans:
        if span.kind == "link":
            text.stylize(styles.link, span.start, span.end)
            ends.append((span.end, span.link))
        else:
            style = styles.code if span.kind == "code" else _SPAN_STYLES.get(span.kind, styles.dim)
            text.stylize(style, span.start, span.end)
    if not ends:
        return text
    out = Text()
    start = 0
    for end, number in sorted(ends):
        out.append_text(text[start:end])
        out.append(f"[{number}]", styles.dim)
        start = end
    out.append_text(text[start:])
    return out


_SPAN_STYLES = {
    "strong": Style(bold=True),
    "em": Style(italic=True),
    "strike": Style(strike=True),
    "mark": Style(reverse=True),
}


def _renderable(block: Block, styles: BodyStyles, width: int) -> RenderableType:
    kind = block.kind
    if kind == TABLE:
        return _table(block.rows, styles, width)
    if kind == RULE:
        return Text("⁂", justify="center", style=styles.dim)
    text = styled(block, styles)
    if kind == HEADING:
        text.stylize(styles.heading)
        return text
    if kind == ITEM:
        indent = 2 * block.level
        marker = block.marker or ""
        return Hanging(text, indent, marker, styles.dim)
    if kind == QUOTE:
        return Barred(text, styles.bar, "│ " * max(1, block.level))
    if kind == CODE:
        text.stylize(styles.code)
        text.no_wrap = True
        text.overflow = "fold"
        return text
    if kind == CAPTION:
        caption = Text(CAMERA)
        caption.append_text(text)
        caption.stylize(styles.caption)
        return Barred(caption, styles.bar)
    if kind == IMAGE:
        image = Text(PICTURE)
        image.append_text(text)
        image.stylize(styles.dim)
        return image
    return text


def _links(urls: tuple[str, ...], styles: BodyStyles) -> Text:
    text = Text("Links", style=styles.heading)
    for number, url in enumerate(urls, 1):
        text.append(f"\n[{number}] ", style=styles.dim)
        text.append(strip_unsafe(url).replace("\n", ""), style=styles.dim)
    return text


def _table(rows: tuple[tuple[str, ...], ...], styles: BodyStyles, width: int) -> RenderableType:
    """A table that fits; else one record a row (`Header: value`), as psql's `\\x` does,
    so that no column is squeezed to a few letters."""
    header, body = rows[0], rows[1:]
    columns = max(len(row) for row in rows)
    longest = [0] * columns
    for row in rows:
        for column, cell in enumerate(row):
            longest[column] = max(longest[column], max((len(w) for w in cell.split()), default=0))
    if columns <= 2 or sum(longest) + 3 * columns <= width:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        for cell in header:
            table.add_column(Text(strip_unsafe(cell), style=styles.heading), overflow="fold")
        for row in body:
            table.add_row(*(Text(strip_unsafe(cell)) for cell in row))
        return table
    records = Text()
    for number, row in enumerate(body or (header,)):
        if number:
            records.append("\n")
        for column, cell in enumerate(row):
            name = header[column] if body and column < len(header) else ""
            if name:
                records.append(strip_unsafe(name) + ": ", style=styles.heading)
            records.append(strip_unsafe(cell) + "\n")
    records.rstrip()
    return records


class Barred:
    """Text set apart by a bar down its left side: captions, quotes."""

    def __init__(self, body: Text, bar: Style, mark: str = "▌ ") -> None:
        self.body = body
        self.bar = bar
        self.mark = mark

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update_width(max(10, options.max_width - len(self.mark)))
        for line in console.render_lines(breakable(self.body), inner):
            yield Segment(self.mark, self.bar)
            yield from line
            yield Segment.line()


class Hanging:
    """A list item: its marker, then the text with every wrapped line indented under it."""

    def __init__(self, body: Text, indent: int, marker: str, style: Style) -> None:
        self.body = body
        self.lead = " " * indent + (marker + " " if marker else "  ")
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = len(self.lead)
        inner = options.update_width(max(10, options.max_width - width))
        for number, line in enumerate(console.render_lines(breakable(self.body), inner)):
            yield Segment(self.lead if number == 0 else " " * width, self.style)
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(len(self.lead) + 1, options.max_width)
