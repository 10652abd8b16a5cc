"""Provides the article list: a line-API view that renders only the rows on screen.

A ListView or DataTable builds a widget or row object per article; this keeps one Python
list and draws the visible rows on demand, so 100,000 articles cost no more than 100.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from termnews.formatting import short_date
from termnews.library import ArticleMeta
from termnews.library.rows import IndexedRows
from termnews.ui.keys import bindings
from termnews.ui.linebreak import wrap
from termnews.ui.text import plain
from termnews.ui.widgets.frame_style import FrameStyle

Marks = Callable[[str], tuple[bool, bool]]
"""(read, bookmarked) for an article id."""
Snippets = Callable[[ArticleMeta], Text]
"""The line shown under a search hit."""

_NARROW = 40
"""Below this many columns a row is the headline alone."""
_WRAP_BELOW = 70
"""A list narrower than this gives each headline two lines (when it is tall enough)."""
_WRAP_MIN_HEIGHT = 12
_SECTION_FROM = 100
"""From this many columns a row also names its section."""
_STRIPS_KEPT = 1_000
"""Rows drawn and kept (a few screens' worth), before the lot is dropped."""


class ArticleList(FrameStyle, ScrollView, can_focus=True):
    """The articles of the chosen view; the cursor row is shown in the reader."""

    BINDINGS = bindings("list")
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--side",
        "article-list--marker",
        "article-list--snippet",
        "article-list--match",
    }

    cursor: reactive[int] = reactive(0, always_update=False)
    """Index of the highlighted row."""

    class Highlighted(Message):
        """The cursor moved to another article (None when the list is empty)."""

        def __init__(self, article: ArticleMeta | None, moved: bool = False) -> None:
            super().__init__()
            self.article = article
            self.moved = moved
            """The cursor moved (a key, a click, a jump), not the rows under it."""

    class Selected(Message):
        """The user opened an article (Enter, l or a click)."""

        def __init__(self, article: ArticleMeta) -> None:
            super().__init__()
            self.article = article

    class Painted(Message):
        """Rows are on screen for the first time: handled once that frame is written."""

    def __init__(self, marks: Marks, **kwargs) -> None:
        super().__init__(**kwargs)
        self._marks = marks
        self.articles: Sequence[ArticleMeta] = []
        """The rows, in display order; replaced as a whole by set_articles. A big library's
        are read from its index as they are drawn (termnews.library.rows)."""
        self._snippets: Snippets | None = None
        """For search results: each row gets a second line with the matched words."""
        self._row_height = 1
        self._wrapped = False
        """Headlines run onto a second line (a narrow list, as in three panes at 120x35)."""
        self.opening: ArticleMeta | None = None
        """The article Enter asked to open, until the screen has opened it: a `q` typed in
        that moment means "back to the list", not "quit"."""
        self._painted = False
        self._strips: dict[tuple, Strip] = {}
        """Rows drawn, by what they show: the reader's every move repaints the screen, and
        of the list only the two rows the cursor left and reached are drawn anew."""

    @property
    def current(self) -> ArticleMeta | None:
        if 0 <= self.cursor < len(self.articles):
            return self.articles[self.cursor]
        return None

    def set_articles(
        self,
        articles: Sequence[ArticleMeta],
        keep: str | None = None,
        snippets: Snippets | None = None,
    ) -> None:
        """Show new rows, keeping the cursor on the article `keep` when it is among them."""
        self.articles = articles
        self._snippets = snippets
        self._strips.clear()
        self._set_row_height()
        index = (self.index_of(keep) or 0) if keep else 0
        self.set_reactive(ArticleList.cursor, index)
        self._scroll_to_cursor(center=True)
        self.refresh()
        self._announce()

    def index_of(self, article_id: str) -> int | None:
        """The row of an article: asked of the index for a big library's rows."""
        rows = self.articles
        if isinstance(rows, IndexedRows):
            return rows.index_of(article_id)
        return next((i for i, meta in enumerate(rows) if meta.id == article_id), None)

    def move_to(self, index: int) -> None:
        if self.articles:
            self.cursor = max(0, min(index, len(self.articles) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y == top:
            height = self._row_height
            self.refresh_lines(old * height, height)  # virtual lines: it subtracts the scroll
            self.refresh_lines(new * height, height)
        else:
            self.refresh()
        self._announce(moved=old != new)  # not the call on mount

    def _announce(self, moved: bool = False) -> None:
        """Tell the screen which article is highlighted.

        Posted to the screen directly rather than bubbled: each container on the way is an
        event-loop hop, and the list would be painted a frame before the reader catches up.
        """
        message = self.Highlighted(self.current, moved)
        message.set_sender(self)
        self.screen.post_message(message)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        first, last = self.cursor * self._row_height, (self.cursor + 1) * self._row_height - 1
        if center and not (top <= first and last < top + height):
            self.scroll_to(y=max(0, first - height // 2), animate=False, immediate=True)
        elif first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)

    @property
    def page_rows(self) -> int:
        """Rows that fit on screen, for paging."""
        return max(1, self.scrollable_content_region.height // self._row_height)

    def on_resize(self) -> None:
        if self._set_row_height():
            self._scroll_to_cursor(center=True)
        self.refresh()

    def _set_row_height(self) -> bool:
        """One line a row, or two; True if that changed. The virtual width is the
        content's, so no horizontal scrollbar ever appears."""
        region = self.scrollable_content_region
        self._wrapped = (
            self._snippets is None
            and region.width < _WRAP_BELOW
            and region.height >= _WRAP_MIN_HEIGHT
        )
        height = 2 if self._snippets is not None or self._wrapped else 1
        changed = height != self._row_height
        self._row_height = height
        self.virtual_size = Size(region.width, len(self.articles) * height)
        return changed

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, second = divmod(self.scroll_offset.y + y, self._row_height)
        if index >= len(self.articles):
            return Strip.blank(width, self.line_style)
        meta = self.articles[index]
        if not self._painted:
            self._painted = True
            self.post_message(self.Painted())
        read, bookmarked = self._marks(meta.id)
        # Search rows' snippets come later than the rows: drawn anew each time.
        cursor = index == self.cursor and (self.has_focus or "unfocused")
        key = (index, second, cursor, read, bookmarked, width, self._wrapped)
        cached = self._strips.get(key) if self._snippets is None else None
        if cached is not None:
            return cached
        if second and self._snippets is not None:
            row = Text("   ", no_wrap=True, end="")
            row.append_text(_into_view(self._snippets(meta), width - 3))
            row.truncate(width, overflow="ellipsis")
            row.stylize(self.get_component_rich_style("article-list--snippet", partial=True))
        else:
            row = self._row(meta, read, bookmarked, width, second=bool(second))
        if index == self.cursor:
            row.stylize(self.get_component_rich_style("article-list--cursor", partial=True))
        segments = list(row.render(self.app.console))
        base = self.line_style
        strip = Strip(Segment.apply_style(segments, base), row.cell_len).adjust_cell_length(
            width, base
        )
        if self._snippets is None:
            if len(self._strips) >= _STRIPS_KEPT:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        """A new theme: every row is drawn anew."""
        super().notify_style_update()
        self._strips.clear()

    def _row(
        self, meta: ArticleMeta, read: bool, bookmarked: bool, width: int, second: bool = False
    ) -> Text:
        """One line of a row: markers, headline and the side column (date, and the section
        when the list is wide); a wrapped row continues its headline on the second line."""
        marker = self.get_component_rich_style("article-list--marker", partial=True)
        row = Text(no_wrap=True, end="")
        if second:
            row.append("   ")
        else:
            row.append("●" if not read else " ", marker)
            row.append("★" if bookmarked else " ", marker)
            row.append(" ")
        side = Text()
        if width >= _NARROW and (second or not self._wrapped):
            side = plain(_side(meta, width >= _SECTION_FROM), "")
            side.stylize(self.get_component_rich_style("article-list--side", partial=True))
            side.truncate(max(8, width // 3), overflow="ellipsis")
        title = plain(meta.title)
        if self._wrapped:
            lines = wrap(self.app.console, title, max(1, width - 3))
            title = lines[0] if not second else Text(" ").join(lines[1:])
            title.rstrip()
        if not read:
            title.stylize(self.get_component_rich_style("article-list--unread", partial=True))
        title_width = max(1, width - 3 - (side.cell_len + 1 if side else 0))
        title.truncate(title_width, overflow="ellipsis", pad=True)
        row.append_text(title)
        if side:
            row.append(" ")
            row.append_text(side)
        return row

    # Keys and mouse

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.articles) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.page_rows - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.page_rows - 1))

    def action_select(self) -> None:
        if self.current is not None:
            self.opening = self.current
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // self._row_height
        if 0 <= index < len(self.articles):
            self.move_to(index)
            self.opening = self.articles[index]
            self.post_message(self.Selected(self.articles[index]))


def _into_view(snippet: Text, width: int) -> Text:
    """In a narrow list, start the snippet shortly before its first highlighted word."""
    if not snippet.spans or snippet.spans[0].end <= width:
        return snippet
    start = snippet.spans[0].start
    cut = max(1, start - width // 4)
    space = snippet.plain.find(" ", cut, start)
    return Text("…") + snippet[space + 1 if space >= 0 else cut :]


def _side(meta: ArticleMeta, with_section: bool) -> str:
    """The date in short (or minutes to read when the file states no date and has words
    to read), and the last part of the section when there is room."""
    minutes = f"{meta.minutes} min" if meta.words else ""
    when = short_date(meta.sort_time) if meta.date else minutes
    if with_section and meta.section:
        return " · ".join(part for part in (meta.section[-1], when) if part)
    return when
