"""Provides the search half of the main screen: the query line, its results, saved searches."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.worker import get_current_worker

from termnews.formatting import counted
from termnews.library import ArticleMeta
from termnews.library.order import SEARCH_ORDERS, sort_hits
from termnews.library.query import Query, QueryError, parse_query
from termnews.library.search import Hit
from termnews.library.snippet import Snippet
from termnews.library.tags import TagCount
from termnews.repository import BIG_HITS, SearchCancelled
from termnews.ui.text import plain
from termnews.ui.view import View
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.query_bar import QueryBar
from termnews.ui.widgets.section_tree import SectionTree

if TYPE_CHECKING:
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


_SNIPPETS_AHEAD = 16
"""Hits whose snippets the search worker makes: about a first screen (two lines a hit)."""
_FIRST_HITS = 60
"""Hits shown before all are found and counted: a tall terminal's screen of them."""
_PAINT_WAIT = 0.25
"""Seconds the search waits for its first hits to be painted before finding the rest."""
_COUNT_AFTER = 0.15
"""Seconds of no typing after the first hits before all are found: a typist's next key
comes sooner, and stops the search before it starts."""
_AGAIN_EVERY = 0.1
"""Share of a scan's files indexed since a search's hits were found, after which the search
on screen runs again over them: ten times in a first scan, not on every progress report."""


class SearchMixin(_Base):
    """Mixed into MainScreen; kept apart so that each file reads as one job. Its message
    handlers go by name (on_query_bar_…): Textual's @on does not look into mixins."""

    def init_search(self, searches: list[View]) -> None:
        self.searches = searches
        """Saved searches from config.yaml, listed in the tree."""
        self._live: tuple[str, int] | None = None
        """The query line's text and its number of hits, while its results are listed."""
        self._before_search: str | None = None
        """The article in the reader when the query line opened: Escape goes back to it."""
        self._open_top = False
        """Enter was pressed in the query line: open the best hit once the results are in."""
        self._found: dict[View, set[str]] = {}
        """Article ids each saved search found, to keep its unread count as marks change."""
        self._snippets: dict[str, Text] = {}
        """Snippet lines of the listed hits, made as they scroll into view."""
        self._ready_snippets: dict[str, Snippet] = {}
        """Snippets of the first hits, made by the search's worker after the titles show."""
        self._coming: set[str] = set()
        """Hits whose snippets that worker is making: drawn blank until they come."""
        self._first_shown: str | None = None
        """The query whose first screen of hits is listed, all its hits still to come."""
        self.search_order = "relevance"
        """How the hits are listed; each new search starts with the best first."""
        self._hits: tuple[str, Query, list[Hit]] | None = None
        """The query and all the hits last listed: `s` sorts them without searching again."""
        self._searched_unindexed = 0
        """Files a running scan had not indexed yet when the listed hits were found."""

    @property
    def searching(self) -> bool:
        """The list shows a search's hits (the query line's, or a saved search's)."""
        return self._live is not None or self.current_view.kind == "search"

    def sort_hits(self) -> None:
        """`s` in a search: the hits in the next of SEARCH_ORDERS, the cursor kept."""
        at = SEARCH_ORDERS.index(self.search_order)
        self.search_order = SEARCH_ORDERS[(at + 1) % len(SEARCH_ORDERS)]
        self.notify(f"Sorted by {self.search_order}", timeout=2)
        searched = self._live[0] if self._live is not None else self.current_view.query
        under = self.query_one(ArticleList).current
        keep = under.id if under is not None else None
        if self._hits is not None and self._hits[0] == searched:
            text, query, hits = self._hits
            self._show_hits(text, query, hits, keep, resorted=True)
        else:  # its hits are still being found: they come in the new order
            self._fill_list(keep=keep)

    def on_query_bar_edited(self, event: QueryBar.Edited) -> None:
        # Stopped at once, not when the typing settles: a search for most of the library
        # holds the interpreter that the keys and the next search need.
        self.workers.cancel_group(self, "search")

    def on_query_bar_changed(self, event: QueryBar.Changed) -> None:
        if self._live is not None:
            self._live = (event.text, self._live[1])
            self._fill_list(keep=None)

    def on_query_bar_submitted(self, event: QueryBar.Submitted) -> None:
        if self._live is not None:
            self._live = (event.text, self._live[1])
            self._open_top = True
            self._fill_list(keep=None)

    def action_search(self) -> None:
        self._start_search("")

    def action_search_here(self) -> None:
        self._start_search(self.current_view.scope)

    def action_tags(self) -> None:
        self._read_tags()

    @work(thread=True, exclusive=True, group="tags")
    def _read_tags(self) -> None:
        """A big library's tags come from its index, every tagged row: not on the UI thread."""
        tags = self.repo.tag_counts()
        self.app.call_from_thread(self._pick_tag, tags)

    def _pick_tag(self, tags: list[TagCount]) -> None:
        if not tags:
            self.notify(
                "No article has tags yet: `tags:` in a front matter, a reading list's tags "
                "and a feed's give them.",
                timeout=6,
                markup=False,
            )
            return
        from termnews.ui.dialogs.tags import TagsScreen  # dialogs load when first opened

        self.app.push_screen(TagsScreen(tags), self._search_tag)

    def _search_tag(self, tag: str | None) -> None:
        """The tag's articles, as the query line lists them: the query can be refined."""
        if tag:
            quoted = f'"{tag}"' if any(c.isspace() or c == '"' for c in tag) else tag
            self._start_search(f"tag:{quoted} ")

    def _start_search(self, text: str) -> None:
        if self._live is None:
            self._before_search = self._current_id
            self.search_order = "relevance"
        self._live = (text, 0)
        self.query_one(QueryBar).start(text)
        self._fill_list(keep=None)

    def end_search(self) -> None:
        """Escape: the list and reader go back to where they were before the search."""
        self._live = None
        self._hits = None
        self.query_one(QueryBar).stop()
        keep, self._before_search = self._before_search, None
        self._fill_list(keep=keep)
        self.set_focus(self.query_one(ArticleList))  # at once: see action_back
        self._update_header()

    @work(thread=True, exclusive=True, group="prepare")
    def prepare_search(self) -> None:
        """After a scan: what the first search needs, read before the first key."""
        self.repo.prepare_search()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, keep: str | None) -> None:
        """Searches read the index: off the UI thread, and only the latest one counts.

        The first screen of hits comes first, from the best (or newest) rows alone, and
        its snippets; then all the hits and their count, which may take ten times as long
        when most articles match."""
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        try:
            query = parse_query(text)
            first = self.repo.search_first(query, _FIRST_HITS, cancelled) if query else None
            if first is not None and len(first) < _FIRST_HITS:
                hits: list[Hit] | None = first  # all there is
            else:
                if first is not None and not cancelled():
                    painted = threading.Event()
                    self.app.call_from_thread(
                        self._show_hits, text, query, first, keep, True, painted
                    )
                    # All the hits are found once the first are on screen and the typing
                    # has paused: before, the search would hold the interpreter the screen
                    # needs to paint them and the next key needs to stop it.
                    painted.wait(_PAINT_WAIT)
                    self._make_snippets(text, query, first, cancelled)
                    pause = time.monotonic() + _COUNT_AFTER
                    while time.monotonic() < pause and not cancelled():
                        time.sleep(0.01)
                hits = self.repo.search(query, cancelled) if query else None
        except SearchCancelled:
            return  # a newer search runs
        except QueryError as error:
            self.app.call_from_thread(self._search_failed, str(error))
            return
        if cancelled():
            return
        self.app.call_from_thread(self._show_hits, text, query, hits, keep)
        if hits and hits is first:  # no first screen was shown: its snippets now
            self._make_snippets(text, query, hits, cancelled)

    def _make_snippets(
        self, text: str, query: Query, hits: list[Hit], cancelled: Callable[[], bool]
    ) -> None:
        """The first screen's snippets, made in the search's worker after the titles are on
        screen: each reads its article's file, which the UI thread would otherwise do while
        drawing."""
        ready = {}
        for hit in hits[:_SNIPPETS_AHEAD] if query.positive else ():
            if cancelled():
                return
            ready[hit.meta.id] = self.repo.snippet(hit.meta, query)
        if ready and not cancelled():
            self.app.call_from_thread(self._snippets_made, text, ready)

    def _snippets_made(self, text: str, ready: dict[str, Snippet]) -> None:
        if self._live is not None and self._live[0] != text:
            return
        self._ready_snippets.update(ready)
        for article_id in ready:
            self._snippets.pop(article_id, None)  # the blank line drawn meanwhile
        self.query_one(ArticleList).refresh()

    def _show_hits(
        self,
        text: str,
        query: Query,
        hits: list[Hit] | None,
        keep: str | None,
        first: bool = False,
        painted: threading.Event | None = None,
        resorted: bool = False,
    ) -> None:
        """The hits of a search; `first`: only the first screen of them, all to follow.
        `painted` is set once they are on screen; `resorted`: the same hits, listed in
        another order."""
        if painted is not None:
            self.call_after_refresh(painted.set)
        live = self._live is not None
        if live and self._live[0] != text:
            return  # typing went on; a newer search is coming
        articles = self.query_one(ArticleList)
        following = self._first_shown == text  # all the hits, after the first screen
        self._first_shown = text if first else None
        self._hits = None if first or hits is None else (text, query, hits)
        if self._hits is not None:
            self._searched_unindexed = self.unindexed
        if hits is not None and not (following or resorted):  # a new query's hits
            self._snippets = {}
            self._ready_snippets = {}
            self._coming = {hit.meta.id for hit in hits[:_SNIPPETS_AHEAD]}
        ranked = self.search_order == "relevance"
        if first and not ranked:
            return  # listed once all are in: the best hits are not the newest
        bar = self.query_one(QueryBar)
        if hits is None:  # an empty query line lists the view it was opened on
            articles.set_articles(self.view_rows(self.current_view), keep=keep)
            bar.say("")
        else:
            if following and ranked:  # the first screen of them is listed
                # The cursor stays on an article the reader moved to; left on the first
                # hit, it goes to the first of all the hits (the same, but for a scan's
                # index still being written, which may rank them otherwise meanwhile).
                current = articles.current
                keep = current.id if current is not None and articles.cursor > 0 else None
            snippets = (lambda meta: self._snippet(meta, query)) if query.positive else None
            metas = [hit.meta for hit in sort_hits(hits, self.search_order)]
            articles.set_articles(metas, keep=keep, snippets=snippets)
            bar.say(self._count(query, hits, first))
        if live:
            self._live = (text, len(articles.articles))
            if not articles.articles:
                self.say_nothing_here()
        self._update_header()
        if self._open_top:
            self._open_top = False
            if articles.articles:
                self.open(articles.articles[0], focus=True)
            else:
                self.notify("No matches to open.", timeout=2)

    def indexed_more(self, total: int) -> None:
        """A scan indexed more files: the search on screen runs again once a tenth more of
        them are in (its hits grow, and the count of files not yet indexed shrinks), the
        cursor kept on the article it is on."""
        if not self.searching or self._hits is None:
            return  # no search listed, or its hits are still coming
        if self._searched_unindexed - self.unindexed >= max(1, _AGAIN_EVERY * total):
            self._searched_unindexed = self.unindexed
            current = self.query_one(ArticleList).current
            self._fill_list(keep=current.id if current is not None else None)

    def _count(self, query: Query, hits: list[Hit], first: bool) -> str:
        """What the status line says of the hits listed."""
        if first:
            count = f"the first {len(hits)} matches · counting…"
        else:
            count = counted(len(hits), "match", "matches")
            if self.repo.big is not None and len(hits) >= BIG_HITS:
                count = f"the best {count}"  # a big library lists no more
            if self.search_order == "relevance" and not query.positive:
                count += " (filters only: newest first)"
            elif self.search_order == "relevance" and hits and not any(h.score for h in hits):
                count += " (words in most articles: newest first)"
        if self.unindexed and not first:  # with the count, a moment later: the line is short
            count += f" · {self.unindexed:,} files not indexed yet"
        return count

    def _search_failed(self, message: str) -> None:
        self._open_top = False
        if self._live is not None:
            self.query_one(QueryBar).say(message, error=True)
        else:
            self.notify(f"This saved search cannot run: {message}", severity="error", markup=False)

    def _snippet(self, meta: ArticleMeta, query: Query) -> Text:
        line = self._snippets.get(meta.id)
        if line is None:
            snippet = self._ready_snippets.pop(meta.id, None)
            if snippet is None and meta.id in self._coming:
                return Text("")  # the search's worker is making it
            if snippet is None:
                snippet = self.repo.snippet(meta, query)
            line = plain(snippet.text)
            style = self.query_one(ArticleList).get_component_rich_style(
                "article-list--match", partial=True
            )
            for start, end in snippet.highlights:
                line.stylize(style, start, end)
            self._snippets[meta.id] = line
        return line

    @work(thread=True, exclusive=True, group="count")
    def count_searches(self) -> None:
        """Run every saved search for its counts in the tree."""
        for view in self.searches:
            try:
                ids = {hit.meta.id for hit in self.repo.search(view.query)}
            except QueryError:
                continue
            self.app.call_from_thread(self._counted, view, ids)

    def _counted(self, view: View, ids: set[str]) -> None:
        self._found[view] = ids
        unread = sum(1 for article_id in ids if not self.repo.is_read(article_id))
        self.query_one(SectionTree).set_counts(view, len(ids), unread)
