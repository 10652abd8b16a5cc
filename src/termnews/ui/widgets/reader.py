"""Provides the reading pane: headline, meta line, captions set apart, then the body.

A line-API ScrollView, like toolong's log view: the article is rendered to lines once
(again on resize) and only the lines on screen are painted, so showing the next article
repaints this pane alone, with no layout pass over the whole screen. A huge article (a 2 MB
file of one paragraph) is wrapped a slice at a time between keystrokes, its first screen at
once, so it never freezes the app.
"""

from __future__ import annotations

import time
from collections import deque
from functools import partial

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from termnews.library import Article
from termnews.ui import text
from termnews.ui.body import Barred, BodyStyles, Piece, body_pieces
from termnews.ui.keys import bindings
from termnews.ui.widgets.frame_style import FrameStyle

PAGE_WIDTH = 80
"""Longest line of prose; wider panes get margins, as a page would."""
AT_ONCE = 200_000
"""Articles with fewer characters than this are wrapped in one go (nearly all are)."""
_SLICE = 0.02
"""Seconds of wrapping per turn of the event loop for a bigger article."""
_GAP = 0.005
"""Seconds between slices, in which the screen is painted and keys are handled."""
_PIECE = 4_000
"""Characters per piece a huge paragraph is cut into, so each slice stays short."""


class Reader(FrameStyle, ScrollView, can_focus=True):
    """Shows one article; its border shows how far down the reader is."""

    BINDINGS = bindings("reader")
    COMPONENT_CLASSES = {
        "reader--headline",
        "reader--meta",
        "reader--caption",
        "reader--bar",
        "reader--heading",
        "reader--link",
        "reader--dim",
        "reader--code",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._article: Article | None = None
        self._message = ""
        self._lines: list[Strip] = []
        """The article rendered for the current width."""
        self._width = 0
        self._pending: deque[tuple[RenderableType, bool]] = deque()
        """Blocks still to wrap, each with whether a blank line follows it."""
        self._page = self._margin = 0
        self._round = 0
        """Counts renders, so that the slices of an article no longer shown stop."""

    def show(self, article: Article | None, message: str = "") -> None:
        """Display an article, or a message when there is none to show."""
        self._article = article
        self._message = message
        self._render_article()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._show_position()

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def shown_text(self) -> str:
        """The pane's whole content as plain text, scrolled or not."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    def _render_article(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        self._round += 1
        self._lines = [Strip.blank(0)]
        self._page = max(10, min(PAGE_WIDTH, width - 4))
        self._margin = max(1, (width - self._page) // 2) if width > PAGE_WIDTH + 4 else 2
        self._pending = deque(self._pieces()) if width > 0 else deque()
        total = sum(_size(block) for block, _gap in self._pending)
        self._wrap(None if total < AT_ONCE else max(3 * self.size.height, 50))

    def _wrap(self, lines: int | None) -> None:
        """Wrap pending blocks: all of them, or until there are that many lines and the
        time slice is used up; the rest follows on later turns of the event loop."""
        options = self.app.console.options.update_width(self._page)
        margin = Segment(" " * self._margin)
        deadline = time.monotonic() + _SLICE
        while self._pending:
            if lines is not None and len(self._lines) >= lines and time.monotonic() > deadline:
                break
            block, gap = self._pending.popleft()
            rendered = self.app.console.render_lines(block, options, pad=False)
            self._lines.extend(Strip([margin, *line]) for line in rendered)
            if gap:
                self._lines.append(Strip.blank(0))
        estimate = sum(_size(block) // self._page + 1 for block, _gap in self._pending)
        self.virtual_size = Size(self._width, len(self._lines) + estimate)
        self.refresh()
        if self._pending:
            # A timer, not call_later: a queue never empty would hold back every repaint.
            self.set_timer(_GAP, partial(self._wrap_more, self._round))

    def _wrap_more(self, round_: int) -> None:
        if round_ == self._round:
            self._wrap(0)
            self._show_position()

    def _pieces(self) -> list[tuple[RenderableType, bool]]:
        """The blocks to wrap: a long paragraph cut in pieces, short ones run together
        (one call to Rich per 4,000 characters, not one per paragraph)."""
        pieces: list[tuple[RenderableType, bool]] = []
        run: Text | None = None
        for block, gap in self._blocks():
            if not isinstance(block, Text) or block.style or not gap or block.no_wrap:
                pieces.append((block, gap))  # a headline, a list item, code keep to themselves
                run = None
            elif len(block) > _PIECE:
                parts = block.divide(_cut_points(block.plain)[1:-1])  # one pass, not one a part
                pieces += [(part, n == len(parts) - 1) for n, part in enumerate(parts)]
                run = None
            elif run is not None and len(run) + len(block) <= _PIECE:
                run.append("\n\n")
                run.append_text(block)
            else:
                run = block.copy()
                pieces.append((run, True))
        return pieces

    def _blocks(self) -> list[Piece]:
        article = self._article
        if article is None:
            return [(Text(self._message, style=self._style("reader--headline")), True)]
        headline, meta = text.article_header(article.meta, article.updated, article.note)
        headline.stylize(self._style("reader--headline"))
        meta.stylize(self._style("reader--meta"))
        blocks: list[Piece] = [(headline, True), (meta, True)]
        if article.captions:
            captions = Text()
            for index, caption in enumerate(article.captions):
                if index:
                    captions.append("\n")
                captions.append(text.CAMERA)
                captions.append_text(text.plain(caption))
            captions.stylize(self._style("reader--caption"))
            blocks.append((Barred(captions, self._style("reader--bar")), True))
        if article.blocks:
            blocks += body_pieces(article, self._body_styles(), self._page)
        else:
            blocks += [(text.plain(paragraph), True) for paragraph in article.paragraphs]
        return blocks

    def _body_styles(self) -> BodyStyles:
        return BodyStyles(
            heading=self._style("reader--heading"),
            link=self._style("reader--link"),
            dim=self._style("reader--dim"),
            caption=self._style("reader--caption"),
            bar=self._style("reader--bar"),
            code=self._style("reader--code"),
        )

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.line_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        return Strip(Segment.apply_style(list(line), base), line.cell_length).adjust_cell_length(
            width, base
        )

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            share = self.scroll_y / self.max_scroll_y if self.max_scroll_y else 0
            self._render_article()
            self.scroll_to(y=round(share * self.max_scroll_y), animate=False, immediate=True)
        self._show_position()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._width:
            self._render_article()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_position()

    def _show_position(self) -> None:
        if self.max_scroll_y <= 0:
            self.border_subtitle = Text("all")
        else:
            share = round(100 * self.scroll_y / self.max_scroll_y)
            self.border_subtitle = Text(f"{share}%")


def _size(block: RenderableType) -> int:
    if isinstance(block, Text):
        return len(block)
    return 100


def _cut_points(text: str) -> list[int]:
    """Offsets that cut a long text into pieces of about _PIECE characters, at spaces."""
    points = [0]
    while len(text) - points[-1] > _PIECE:
        space = text.rfind(" ", points[-1] + _PIECE // 2, points[-1] + _PIECE)
        points.append(space + 1 if space >= 0 else points[-1] + _PIECE)
    points.append(len(text))
    return points
