"""Provides the reading pane: headline, meta line, captions set apart, then the body."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static

from termnews.library import Article
from termnews.ui import text
from termnews.ui.keys import bindings


class Reader(VerticalScroll, can_focus=True):
    """Shows one article; its border shows how far down the reader is."""

    BINDINGS = bindings("reader")

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Static(id="headline")
            yield Static(id="meta")
            yield Static(id="captions")
            yield Static(id="body")
            yield Markdown(id="markdown", open_links=False)

    async def show(self, article: Article | None, message: str = "") -> None:
        """Display an article, or a message when there is none to show."""
        headline, meta = text.article_header(article.meta) if article else (Text(message), Text())
        self.query_one("#headline", Static).update(headline)
        self.query_one("#meta", Static).update(meta)
        captions = self.query_one("#captions", Static)
        captions.update(text.captions(article) if article else Text())
        captions.display = bool(article and article.captions)
        markdown = self.query_one("#markdown", Markdown)
        body = self.query_one("#body", Static)
        is_markdown = article is not None and article.markdown is not None
        markdown.display = is_markdown
        body.display = not is_markdown
        if article is not None and article.markdown is not None:
            await markdown.update(article.markdown)
        else:
            body.update(text.paragraphs(article) if article else Text())
        self.scroll_home(animate=False, immediate=True)
        self.call_after_refresh(self._show_position)

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_position()

    def on_resize(self) -> None:
        self._show_position()

    def _show_position(self) -> None:
        if self.max_scroll_y <= 0:
            self.border_subtitle = Text("all")
        else:
            share = round(100 * self.scroll_y / self.max_scroll_y)
            self.border_subtitle = Text(f"{share}%")
