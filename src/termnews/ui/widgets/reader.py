"""Provides the reading pane: headline, meta line, captions set apart, then the body.

A line-API ScrollView, like toolong's log view: the article is rendered to lines once
(again on resize) and only the lines on screen are painted, so showing the next article
repaints this pane alone, with no layout pass over the whole screen.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from termnews.library import Article
from termnews.ui import text
from termnews.ui.keys import bindings

PAGE_WIDTH = 80
"""Longest line of prose; wider panes get margins, as a page would."""
_BAR = "▌ "


class Reader(ScrollView, can_focus=True):
    """Shows one article; its border shows how far down the reader is."""

    BINDINGS = bindings("reader")
    COMPONENT_CLASSES = {"reader--headline", "reader--meta", "reader--caption", "reader--bar"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._article: Article | None = None
        self._message = ""
        self._lines: list[Strip] = []
        """The article rendered for the current width."""
        self._width = 0

    def show(self, article: Article | None, message: str = "") -> None:
        """Display an article, or a message when there is none to show."""
        self._article = article
        self._message = message
        self._render_article()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._show_position()

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
        if width <= 0:
            self._lines = []
            return
        page = max(10, min(PAGE_WIDTH, width - 4))
        margin = max(1, (width - page) // 2) if width > PAGE_WIDTH + 4 else 2
        lines: list[Strip] = [Strip.blank(0)]
        for block in self._blocks():
            rendered = self.app.console.render_lines(
                block, self.app.console.options.update_width(page), pad=False
            )
            lines.extend(Strip([Segment(" " * margin), *line]) for line in rendered)
            lines.append(Strip.blank(0))
        self._lines = lines
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def _blocks(self) -> list[RenderableType]:
        article = self._article
        if article is None:
            return [Text(self._message, style=self._style("reader--headline"))]
        headline, meta = text.article_header(article.meta)
        headline.stylize(self._style("reader--headline"))
        meta.stylize(self._style("reader--meta"))
        blocks: list[RenderableType] = [headline, meta]
        if article.captions:
            captions = Text()
            for index, caption in enumerate(article.captions):
                if index:
                    captions.append("\n")
                captions.append(text.CAMERA)
                captions.append_text(text.plain(caption))
            captions.stylize(self._style("reader--caption"))
            blocks.append(_Barred(captions, self._style("reader--bar")))
        if article.markdown is not None:
            blocks.append(Markdown(article.markdown, hyperlinks=False))
        else:
            blocks.extend(text.plain(paragraph) for paragraph in article.paragraphs)
        return blocks

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
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


class _Barred:
    """Captions set apart by a bar down their left side."""

    def __init__(self, body: Text, bar: Style) -> None:
        self.body = body
        self.bar = bar

    def __rich_console__(self, console, options):
        lines = console.render_lines(self.body, options.update_width(options.max_width - 2))
        for line in lines:
            yield Segment(_BAR, self.bar)
            yield from line
            yield Segment.line()
