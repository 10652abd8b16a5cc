"""Provides the reading pane: headline, meta line, captions set apart, then the body.

A line-API ScrollView, like toolong's log view: the article is rendered to lines once
(again on resize) and only the lines on screen are painted, so showing the next article
repaints this pane alone, with no layout pass over the whole screen. An article's first
screen is wrapped at once and the rest a slice at a time between keystrokes, so a move waits
only for what it shows, and a huge article (a 2 MB file of one paragraph) never freezes the
app.
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
from termnews.ui.linebreak import breakable
from termnews.ui.widgets.frame_style import FrameStyle
from termnews.ui.widgets.paint import paint_now

PAGE_WIDTH = 80
"""Longest line of prose; wider panes get margins, as a page would."""
FIRST_SCREENS = 1
"""Screens of an article wrapped before it is shown (a move to the next article waits
for them); the rest is wrapped on the next turns of the event loop, and not at all when
the reader has moved on."""
AT_ONCE = 200_000
"""An article of fewer characters than this (nearly all) is wrapped whole where a place
in it must be found at once: after a resize, or at start."""
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
        "reader--standfirst",
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
        self._lines: list[Line] = []
        """The article rendered for the current width. Not strips: Textual's Strip makes
        seven caches as it is made, and a move wrapped and drew three a line."""
        self._width = 0
        self._pending: deque[tuple[RenderableType, bool]] = deque()
        """Blocks still to wrap, each with whether a blank line follows it."""
        self._page = self._margin = 0
        self._round = 0
        """Counts renders, so that the slices of an article no longer shown stop."""
        self._position = ""
        """How far down the pane is, as its border shows it."""

    def show(self, article: Article | None, message: str = "") -> None:
        """Display an article, or a message when there is none to show."""
        self._article = article
        self._message = message
        self._render_article()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._show_position()
        paint_now(self)

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def shown_text(self) -> str:
        """The pane's whole content as plain text, scrolled or not."""
        return "\n".join("".join(s.text for s in line).rstrip() for line, _ in self._lines)

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    def wrap_all(self) -> None:
        """Wrap the rest of the article now (unless it is huge), so that its length and
        any place in it are exact: the place kept from the last session goes there."""
        if self._pending and _chars(self._pending) < AT_ONCE:
            self._wrap(None)

    def _render_article(self, whole: bool = False) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        self._round += 1
        self._lines = [_BLANK]
        self._page = max(10, min(PAGE_WIDTH, width - 4))
        self._margin = max(1, (width - self._page) // 2) if width > PAGE_WIDTH + 4 else 2
        self._pending = deque(self._pieces()) if width > 0 else deque()
        whole = whole and _chars(self._pending) < AT_ONCE
        self._wrap(None if whole else FIRST_SCREENS * max(self.size.height, 1))

    def _wrap(self, first: int | None = 0) -> None:
        """Wrap pending blocks: all of them (None), the first `first` lines, or one time
        slice's worth (0); the rest follows on later turns of the event loop."""
        options = self.app.console.options.update_width(self._page)
        margin = Segment(" " * self._margin)
        deadline = time.monotonic() + _SLICE
        shown = len(self._lines) <= self.scroll_offset.y + self.size.height
        while self._pending:
            if first is not None and (
                len(self._lines) >= first if first else time.monotonic() > deadline
            ):
                break
            block, gap = self._pending.popleft()
            rendered = self.app.console.render_lines(breakable(block), options, pad=False)
            self._lines.extend(
                ([margin, *line], self._margin + Segment.get_line_length(line)) for line in rendered
            )
            if gap:
                self._lines.append(_BLANK)
        estimate = sum(_size(block) // self._page + 1 for block, _gap in self._pending)
        self._set_length(len(self._lines) + estimate)
        if shown:  # lines below the pane need only the scrollbar told
            self.refresh()
        if self._pending:
            # A timer, not call_later: a queue never empty would hold back every repaint.
            self.set_timer(_GAP, partial(self._wrap_more, self._round))

    def _set_length(self, lines: int) -> None:
        """The scroll range for `lines`. Set as Textual sets it, the new virtual size lays
        out the whole screen again (7 ms of a 25 ms move); the pane's width never changes
        with its length (a stable gutter), so only its scrollbar is told, unless the
        scrollbar comes or goes."""
        size = Size(self._width, lines)
        if size.width != self.virtual_size.width or (
            (lines > self.container_size.height) != self.show_vertical_scrollbar
        ):
            self.virtual_size = size
            return
        self.set_reactive(Reader.virtual_size, size)
        bar = self.vertical_scrollbar
        bar.window_virtual_size = lines
        bar.window_size = self.container_size.height

    def _wrap_more(self, round_: int) -> None:
        if round_ == self._round:
            self._wrap()
            self._show_position()

    def _pieces(self) -> list[tuple[RenderableType, bool]]:
        """The blocks to wrap: a long paragraph cut in pieces, short ones run together
        (one call to Rich per 4,000 characters, not one per paragraph). What fills the
        first screen is cut finer, so that a move wraps little more than it shows."""
        pieces: list[tuple[RenderableType, bool]] = []
        run: Text | None = None
        screen = max(1, self.size.height) * self._page
        seen = 0
        for block, gap in self._blocks():
            limit = _PIECE if seen >= screen else max(self._page, screen - seen)
            seen += _size(block)
            if not isinstance(block, Text) or block.style or not gap or block.no_wrap:
                pieces.append((block, gap))  # a headline, a list item, code keep to themselves
                run = None
            elif len(block) > limit:
                parts = block.divide(_cut_points(block.plain, limit)[1:-1])  # one pass
                pieces += [(part, n == len(parts) - 1) for n, part in enumerate(parts)]
                run = None
            elif run is not None and len(run) + len(block) <= limit:
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
        if article.standfirst:
            standfirst = text.plain(article.standfirst)
            standfirst.stylize(self._style("reader--standfirst"))
            blocks.append((standfirst, True))
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
        segments, cells = self._lines[index]
        if cells > width:  # a line of code wider than the pane
            return Strip(Segment.apply_style(segments, base), cells).crop(0, width)
        if cells < width:
            segments = [*segments, Segment(" " * (width - cells))]
        return Strip(Segment.apply_style(segments, base), width)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            share = self.scroll_y / self.max_scroll_y if self.max_scroll_y else 0
            self._render_article(whole=True)
            self.scroll_to(y=round(share * self.max_scroll_y), animate=False, immediate=True)
        self._show_position()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._width:
            self._render_article(whole=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_position()

    def _show_position(self) -> None:
        if self.max_scroll_y <= 0:
            position = "all"
        else:
            position = f"{round(100 * self.scroll_y / self.max_scroll_y)}%"
        if position != self._position:  # a border title, even the same, repaints the pane
            self._position = position
            self.border_subtitle = Text(position)


Line = tuple[list[Segment], int]
"""A wrapped line's segments and its width in cells."""
_BLANK: Line = ([], 0)


def _chars(blocks: deque[tuple[RenderableType, bool]]) -> int:
    return sum(_size(block) for block, _gap in blocks)


def _size(block: RenderableType) -> int:
    if isinstance(block, Text):
        return len(block)
    return 100


def _cut_points(text: str, size: int = _PIECE) -> list[int]:
    """Offsets that cut a long text into pieces of about `size` characters, at spaces."""
    points = [0]
    while len(text) - points[-1] > size:
        space = text.rfind(" ", points[-1] + size // 2, points[-1] + size)
        points.append(space + 1 if space >= 0 else points[-1] + size)
    points.append(len(text))
    return points
