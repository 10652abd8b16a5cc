"""Provides the main screen: section tree, article list and reader, and the reading actions."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from termnews.formatting import counted
from termnews.library import Article, ArticleMeta, ScanResult, SectionNode, SkipFile
from termnews.library.order import SORT_ORDERS
from termnews.library.records import LibraryTooBig, ScanStopped, ScanWarning
from termnews.repository import Glance, Repository
from termnews.ui.browser import open_in_browser
from termnews.ui.keys import bindings
from termnews.ui.screens.export import ExportMixin
from termnews.ui.screens.feeds import FeedsMixin
from termnews.ui.screens.marks import MarksMixin
from termnews.ui.screens.pages import PagesMixin
from termnews.ui.screens.search import SearchMixin
from termnews.ui.screens.sorting import SortMixin
from termnews.ui.view import View
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.empty import EmptyLibrary
from termnews.ui.widgets.query_bar import QueryBar
from termnews.ui.widgets.reader import Reader
from termnews.ui.widgets.section_tree import SectionTree
from termnews.ui.widgets.title_bar import TitleBar

NARROW_WIDTH = 100
"""Below this many columns the tree hides and the list sits above the reader."""
_PROGRESS_EVERY = 0.5
_GLANCE_ROWS = 200
"""Newest articles shown from the index before the whole library is read."""
_PAINT_WAIT = 0.5
"""Seconds the start waits for the first titles to be painted before reading the rest."""
_BATCH_EVERY = 0.5
"""Seconds at least between showing the articles of a first scan while it goes on."""
_SOME_MORE_EVERY = 2.0
"""Seconds at least before showing fewer than a tenth more articles."""
_BUILT_SHOWN_EVERY = 60.0
"""Seconds at most between listing a big library's first build as far as it has come,
which is otherwise done each time what it has indexed doubles."""


Counts = tuple[SectionNode, int]
"""The section tree with its counts, and the number of bookmarks."""


class MainScreen(
    FeedsMixin, PagesMixin, ExportMixin, MarksMixin, SearchMixin, SortMixin, Screen[None]
):
    """Everything the reader does happens here; data comes only from the repository."""

    BINDINGS = bindings("screen")
    AUTO_FOCUS = "ArticleList"
    """The list has the keys from the first frame: with Textual's default (the first
    focusable widget) the tree takes focus, then gives it up a frame later, and both are
    restyled and drawn again while the first titles wait."""

    current_view: reactive[View] = reactive(View(), init=False)
    """What the article list shows."""
    current_article: reactive[ArticleMeta | None] = reactive(None, init=False, repaint=False)
    """The article in the reader (the reader repaints itself: a repaint of the whole
    screen at every move cost a third of the move)."""
    order: reactive[str] = reactive("date", init=False)
    """Sort order of the list, one of SORT_ORDERS."""
    show_tree: reactive[bool] = reactive(True, init=False)

    class ScanProgress(Message):
        """Files parsed so far by the scan that runs."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class ScanPreview(Message):
        """Every article a first scan has parsed so far, to show while it goes on."""

        def __init__(self, articles: list[ArticleMeta]) -> None:
            super().__init__()
            self.articles = articles

    class ScanFinished(Message):
        def __init__(self, result: ScanResult) -> None:
            super().__init__()
            self.result = result

    class Ready(Message):
        """The first titles are on screen, or the first scan is done: keys can act."""

    zen: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        repo: Repository,
        searches: list[View] | None = None,
        fetch_every: float | None = None,
    ) -> None:
        super().__init__()
        self.repo = repo
        self.init_search(searches or [])
        self.init_feeds(fetch_every)
        self.init_marks()
        self._unread_memo: tuple[object, int] = (None, 0)
        self._scan_status = ""
        """Shown in the header while a scan runs."""
        self.unindexed = 0
        """Files the running scan has still to parse: search does not find them yet."""
        self._previewing = threading.Event()
        """Set while a preview is on its way to the screen (set by the scan's thread)."""
        self._painted = threading.Event()
        """The first titles from the index are on screen."""
        self._restore: dict | None = {
            "view": repo.place("ui.view"),
            "article": repo.place("ui.article"),
            "scroll": repo.place("ui.scroll"),
            "focus": repo.place("ui.focus"),
        }
        """Where the last session left off, applied after the first scan."""
        self._placed = isinstance(self._restore["article"], str)
        """The cursor is where the user put it (or left it last time): articles a scan
        brings keep it on its article. Until then it stays on the first row, the newest."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="panes"):
            yield SectionTree(id="sections")
            with Vertical(id="list-pane"):
                yield QueryBar(id="query-bar")
                yield ArticleList(self.repo.marks, id="articles")
            yield Reader(id="reader")
        yield EmptyLibrary(id="empty")
        yield Static(id="key-bar-space")  # the key bar's line, until it comes (_show_keys)

    def on_mount(self) -> None:
        order = self.repo.place("ui.order")
        self.set_reactive(MainScreen.order, order if order in SORT_ORDERS else "date")
        expanded = self.repo.place("ui.expanded")
        if isinstance(expanded, list):
            self.query_one(SectionTree).expanded = {
                tuple(part for part in path if isinstance(part, str))
                for path in expanded
                if isinstance(path, list)
            }
        self.query_one(QueryBar).display = False
        self.query_one(ArticleList).focus()
        self._update_header()
        # After Textual's start-up batch, whose frames are drawn and thrown away: titles
        # drawn there would be drawn twice before the first is seen.
        self.app.call_later(self._first_look)

    def _first_look(self) -> None:
        """The newest titles from the index, for the first frame: a few milliseconds here,
        where a worker would wait a tenth of a second for the interpreter while the
        screen is built; then the scan."""
        if not self.is_attached:
            return  # quit before Textual's start was done
        plain = self._restored_view() == View() and self.order == "date"
        newest = self.repo.glance(_GLANCE_ROWS) if plain else []
        if newest:
            self._glanced(newest)
        self.rescan(first=True, glanced=bool(newest))
        if newest:
            # Should the list not be drawn (hidden, say), the rest comes anyway.
            self.set_timer(_PAINT_WAIT, self._first_painted)
        else:
            self.call_later(self._show_keys)

    @property
    def _current_id(self) -> str | None:
        return self.current_article.id if self.current_article else None

    # Scanning

    @work(thread=True, exclusive=True, group="scan")
    def rescan(self, first: bool = False, glanced: bool = False) -> None:
        """Read the library in a worker: the screen stays live and shows progress.

        On the first call the index is shown at once (`glanced`: its newest titles are on
        screen already); a first-ever scan shows its articles as they are parsed.
        """
        last_progress = last_batch = last_shown = 0.0
        last_count = shown = 0
        building = False
        """A big library's first build: what it has indexed is listed as it doubles."""

        def refreshing(done: int, total: int) -> None:
            """Progress of a big library's refresh, in order with what follows it."""
            nonlocal last_progress, shown, last_shown
            now = time.monotonic()
            if now - last_progress >= _PROGRESS_EVERY or done == total:
                last_progress = now
                self.app.call_from_thread(self._scan_progress, self.ScanProgress(done, total))
            due = done >= 2 * shown or now - last_shown >= _BUILT_SHOWN_EVERY
            if building and 0 < done < total and due and self.repo.show_indexed():
                shown, last_shown = done, now
                self._went_big([], partial=True)

        if first and glanced:
            # The tree's counts and the rest hold the interpreter for a while: the titles
            # are painted first.
            self._painted.wait(_PAINT_WAIT)
            self.app.call_from_thread(self._glanced_tree, self.repo.glance_tree())
        # A big library is read as used: only the folders that changed are read now.
        warned = list(self.repo.warnings)
        try:
            if (first or self.repo.big is not None) and self.repo.open_big(refreshing):
                self._went_big(warned)
                return
        except ScanStopped:
            return  # the reader is quitting
        if first:
            cached = self.repo.cached()
            if cached.articles:
                self.app.call_from_thread(self._scanned, cached, False)
        self.app.call_from_thread(self._scan_started)

        # Messages, not call_from_thread: the scan goes on while the screen catches up.
        def progress(done: int, total: int) -> None:
            nonlocal last_progress
            now = time.monotonic()
            if now - last_progress >= _PROGRESS_EVERY or done == total:
                last_progress = now
                self.post_message(self.ScanProgress(done, total))

        def batch(articles: list[ArticleMeta]) -> None:
            nonlocal last_batch, last_count
            now = time.monotonic()
            # Each preview rebuilds the tree and the list, which costs the scan the cores it
            # shares with them: one when a tenth more articles came (or a few more, after a
            # while), and never a second one queued behind one not yet shown. Articles
            # parsed in full after a first look changed little that shows: they wait for
            # the end.
            since = now - last_batch
            grown = len(articles) > last_count * 1.1 and since >= _BATCH_EVERY
            grown |= len(articles) > last_count and since >= _SOME_MORE_EVERY
            if grown and not self._previewing.is_set():
                last_batch, last_count = now, len(articles)
                self._previewing.set()
                self.post_message(self.ScanPreview(articles))

        try:
            result = self.repo.read_library(progress, batch, big_ok=True)
        except LibraryTooBig:
            result = None  # out of the handler: its traceback holds the walk's every file
        except ScanStopped:
            return  # the reader is quitting
        if result is None:
            # Too many to hold: the index is built, holding none of them, and the list
            # read from it, as at the next start.
            building = True
            try:
                if self.repo.open_big(refreshing, grown=True):
                    self._went_big(warned)
                    return
                result = self.repo.read_library(progress, batch)
            except ScanStopped:
                return
        self.post_message(self.ScanFinished(result))  # after the previews, in order

    def _went_big(self, warned: list[ScanWarning], partial: bool = False) -> None:
        """A big library open (`partial`: as far as its first build has come): shown,
        then its lists made ahead (in the rescan worker)."""
        view = self._restored_view()
        if view.kind in ("all", "section"):  # its row numbers, read here, not on the UI thread
            self.repo.select(view.section, order=self.order)
        if partial:
            self.app.call_from_thread(self._show_library)
            return
        # The counts, made here (a million: 0.24 s on the screen's thread, seconds with the
        # index out of the disk cache), unless the tree's counts change meanwhile.
        generation = self.app.call_from_thread(lambda: self.query_one(SectionTree).generation)
        counts = (self.repo.section_tree(), self.repo.bookmark_count())
        self.app.call_from_thread(
            self._opened_big, self.repo.warnings != warned, (counts, generation)
        )
        self.repo.prepare_lists(self.order)  # in this worker: it is one already

    def _restored_view(self) -> View:
        return View.from_json(self._restore["view"]) if self._restore else self.current_view

    def _glanced(self, newest: list[ArticleMeta]) -> None:
        """The newest titles from the index, until all is read."""
        if self.repo.has_articles:
            return  # everything is here already
        keep = self._restore.get("article") if self._restore else None
        articles = self.query_one(ArticleList)
        articles.set_articles(newest, keep=keep if isinstance(keep, str) else None)
        self._scan_status = "loading…"
        self._update_header()

    @on(ArticleList.Painted)
    async def _first_painted(self) -> None:
        """The first titles are on screen: now the scan goes on, the reader shows the
        article under the cursor and the key bar comes (each key a widget). Done before,
        they would have held back the titles by a tenth of the whole start."""
        if self._painted.is_set():
            return
        self._painted.set()
        self._say_ready()
        if self._scan_status == "loading…":  # held back by watch_current_article
            self.watch_current_article(self.current_article)
        await self._show_keys()
        self._warm_up()

    @work(thread=True, group="warm")
    def _warm_up(self) -> None:
        """The Markdown parser, loaded now: the first Markdown article shown or found
        would otherwise wait 43 ms for it."""
        self.repo.warm_up()

    async def _show_keys(self) -> None:
        """The key bar, in the line kept for it: its keys are a widget each, and drawn
        with the first titles they would hold them back."""
        if self.query(Footer):
            return
        with self.app.batch_update():
            self.query_one("#key-bar-space").remove()
            await self.mount(Footer())
        self.refresh_bindings()  # it shows the keys when told they changed

    def _glanced_tree(self, glance: Glance) -> None:
        """The tree's counts from the index, a moment after the first titles."""
        if not self.repo.has_articles:
            self.query_one(SectionTree).populate(glance.tree, glance.bookmarks, self.searches)
            self._update_header()

    def _opened_big(
        self, newly_warned: bool = False, made: tuple[Counts, int] | None = None
    ) -> None:
        """A big library open (again), with what its refresh skipped told once; the other
        machines' marks are taken in beside the screen (a phone's 100,000 held the first
        screen of a million 3 s on this thread), as a scan held in memory takes them."""
        self.remove_class("-scanning")
        self._scan_status = ""
        self.unindexed = 0
        self._show_library(made)
        self._poll_marks(merge=True)
        self.feeds_after_scan()
        self.pages_after_scan()
        if newly_warned and self.repo.warnings:
            self.notify(
                f"Skipped {counted(len(self.repo.warnings), 'unreadable file')}. "
                "Press w to see them.",
                severity="warning",
                markup=False,
            )

    def _scan_started(self) -> None:
        if not self.query(ProgressBar):  # made when first needed: most starts scan nothing
            bar = ProgressBar(id="scan-progress", show_eta=False)
            self.query_one("#list-pane").mount(bar, before=self.query_one(ArticleList))
        self.add_class("-scanning")
        self._scan_status = "scanning…"
        self._update_header()

    @on(ScanProgress)
    def _scan_progress(self, event: ScanProgress) -> None:
        if not self.has_class("-scanning"):  # a big library's refresh: no bar yet
            self._scan_started()
        self.unindexed = event.total - event.done
        self.query_one(ProgressBar).update(total=event.total or None, progress=event.done)
        self._scan_status = f"scanning {event.done:,} / {event.total:,} files…"
        self._update_header()
        self.indexed_more(event.total)

    @on(ScanPreview)
    def _preview(self, event: ScanPreview) -> None:
        if self.repo.big is not None:  # the scan stopped to open it big: its list stands
            self._previewing.clear()
            return
        self.repo.preview(event.articles)
        self._show_library()
        self._previewing.clear()

    @on(ScanFinished)
    def _finished(self, event: ScanFinished) -> None:
        self._scanned(event.result, True)
        self.post_message(self.Ready())

    def _scanned(self, result: ScanResult, final: bool) -> None:
        if final:
            self.remove_class("-scanning")
            self._scan_status = ""
            self.unindexed = 0
        same_files = final and self.repo.has_articles and not (result.changed or result.removed)
        marks_changed = self.repo.install(result)
        if same_files and not marks_changed and self._restore is None:
            self._update_header()  # the index was right: what is on screen stands
        else:
            self._show_library()
        if not final:
            return
        self.prepare_search()
        self.tell_sync_problems()
        self.feeds_after_scan()
        self.pages_after_scan()
        for notice in self.repo.state.notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.repo.state.notices.clear()
        if result.warnings:
            self.notify(
                f"Skipped {counted(len(result.warnings), 'unreadable file')}. Press w to see them.",
                severity="warning",
                markup=False,
            )

    def _show_library(self, made: tuple[Counts, int] | None = None) -> None:
        """Put the repository's articles on screen, keeping (or restoring) the reader's place.
        `made`: the tree's counts made by a worker, and the tree's generation then."""
        empty = not self.repo.has_articles
        self.set_class(empty and not self.has_class("-scanning"), "-empty")
        if empty:
            self.query_one(EmptyLibrary).show_for(self.repo.roots)
            self._update_header()
            return
        restore, self._restore = self._restore, None
        view = View.from_json(restore["view"]) if restore else self.current_view
        keep = restore.get("article") if restore else self._kept_id()
        tree = self.query_one(SectionTree)
        if made is None or made[1] != tree.generation:
            made = ((self.repo.section_tree(), self.repo.bookmark_count()), tree.generation)
        tree.populate(*made[0], self.searches)
        view = view if tree.has(view) else View()
        self.set_reactive(MainScreen.current_view, view)
        tree.show_view(view)
        self._fill_list(keep=keep if isinstance(keep, str) else None)
        scroll = restore.get("scroll") if restore else None
        if isinstance(scroll, (int, float)) and math.isfinite(scroll) and scroll > 0:
            reader = self.query_one(Reader)
            self.call_after_refresh(self._restore_scroll, reader, float(scroll))
        if restore and restore.get("focus") == "reader" and self.current_article is not None:
            self.query_one(Reader).focus()
        self._update_header()
        if self.searches:
            self.count_searches()
        self._say_ready()

    def _say_ready(self) -> None:
        """Keys typed since the start act now: the first titles are on screen and the place
        left last time is back (keys that acted on the first titles were undone by it)."""
        if self._painted.is_set() and self._restore is None:
            self.post_message(self.Ready())

    def _kept_id(self) -> str | None:
        """The article the cursor stays on as the list is made again: the one it is on, or,
        when its file was rewritten (saved again, given its whole article), the file's."""
        current = self.current_article
        if not self._placed or current is None:
            return None
        if self.repo.get(current.id) is None:
            moved = self.repo.metas_of_files([current.file])
            return moved[0].id if moved else current.id
        return current.id

    def marks_reloaded(self, counts: Counts | None = None) -> None:
        """Marks changed in another process: new counts and markers, nothing moved.
        `counts`: the section tree and bookmarks, when a worker made them."""
        self._marks_seen += 1
        tree = self.query_one(SectionTree)
        sections, bookmarks = counts or (self.repo.section_tree(), self.repo.bookmark_count())
        tree.populate(sections, bookmarks, self.searches)
        tree.show_view(self.current_view)
        self.query_one(ArticleList).refresh()
        self._update_header()
        if self.searches:
            self.count_searches()

    def _restore_scroll(self, reader: Reader, y: float) -> None:
        reader.wrap_all()
        reader.call_after_refresh(reader.scroll_to, y=y, animate=False)

    # Keeping widgets in step with the reactive state

    def watch_current_view(self) -> None:
        self.search_order = "relevance"
        self._fill_list(keep=None)
        self._update_header()

    @work(thread=True, exclusive=True, group="lists")
    def _prepare_lists(self, order: str) -> None:
        """What switching sections in this order needs, made ahead (a big library only)."""
        self.repo.prepare_lists(order)

    def say_nothing_here(self) -> None:
        """The reader's words for an empty list: a search's (each new query says its own,
        though the list was empty before too) or the view's."""
        searched = self._live[0].strip() if self._live is not None else ""
        if searched:
            self.query_one(Reader).show(None, f"No matches for {searched}")
        else:
            self.query_one(Reader).show(None, f"No articles in {self.current_view.label}.")

    def watch_current_article(self, meta: ArticleMeta | None) -> None:
        if self._scan_status == "loading…" and not self._painted.is_set():
            return  # the titles first (see _first_painted)
        reader = self.query_one(Reader)
        if meta is None:
            self.say_nothing_here()
            return
        try:
            article = self.repo.load(meta)
        except SkipFile as skip:
            reader.show(None, f"This article cannot be shown: {skip}")
            return
        reader.show(article)

    def watch_show_tree(self, show: bool) -> None:
        self.set_class(not show, "-no-tree")

    def watch_zen(self, zen: bool) -> None:
        self.set_class(zen, "-zen")
        if zen:
            self.query_one(Reader).focus()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.show_tree = not narrow

    def _fill_list(self, keep: str | None) -> None:
        view = self.current_view
        if self._live is not None:
            self.run_search(self._live[0], keep)
        elif view.kind == "search":
            self.run_search(view.query, keep)
        else:
            self.query_one(ArticleList).set_articles(self.view_rows(view), keep=keep)

    def view_rows(self, view: View) -> Sequence[ArticleMeta]:
        """The articles of a view that is not a search, in the current order."""
        return self.repo.select(
            view.section if view.kind == "section" else (),
            unread=view.kind == "unread",
            bookmarked=view.kind == "bookmarks",
            order=self.listed_order,
        )

    def _update_header(self) -> None:
        """`View · 12/310 · 40 unread · by date`, as newsboat and mutt show where you are."""
        # Set quietly: the title bar is told below, and a title set as a reactive repaints
        # the whole screen, at every move.
        self.set_reactive(MainScreen.title, f"termnews · {self.repo.name}")
        articles = self.query_one(ArticleList)
        rows = len(articles.articles)
        where = f"{articles.cursor + 1:,}/{rows:,}" if rows else "0"
        parts = []
        if self._live is not None:
            text = self._live[0].strip()
            parts = [f"Search: {text}", where] if text else ["Search: type words or filters"]
        elif rows or self.repo.has_articles:
            parts = [self.current_view.label, where, f"{self._view_unread():,} unread"]
        elif not self._scan_status:
            parts = ["no articles"]
        if parts and rows:
            parts.append(self.sort_said())
        statuses = (self._scan_status, self._fetch_status, self.marks_status)
        parts += [status for status in statuses if status]
        self.set_reactive(MainScreen.sub_title, " · ".join(parts))
        self.query_one(TitleBar).show_now()

    def _view_unread(self) -> int:
        """Unread articles in the list: the tree keeps the counts of the views it shows."""
        view = self.current_view
        tree = self.query_one(SectionTree)
        if view.kind in ("all", "unread", "section") and tree.has(view):
            return tree.counts(view)[1]
        rows = self.query_one(ArticleList).articles
        key = (id(rows), len(rows), self._marks_seen)
        if self._unread_memo[0] != key:  # once per list and per mark, not per keypress
            is_read = self.repo.is_read
            self._unread_memo = (key, sum(1 for meta in rows if not is_read(meta.id)))
        return self._unread_memo[1]

    # Messages from the widgets

    @on(SectionTree.ViewChosen)
    def _view_chosen(self, event: SectionTree.ViewChosen) -> None:
        if event.view == self.current_view:
            # The view on screen, announced again: the tree rebuilt by a scan's batch
            # highlights its line once more. A search typed meanwhile must stay.
            return
        if self._live is not None:
            self._live = None
            self.query_one(QueryBar).stop()
        self.current_view = event.view

    @on(SectionTree.Opened)
    def _section_opened(self) -> None:
        self.set_focus(self.query_one(ArticleList))

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self._placed |= event.moved
        self.current_article = event.article
        self._update_header()

    @on(events.DescendantFocus, "#reader")
    def _reading(self) -> None:
        self._placed = True  # the article under the cursor is being read: it stays

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        articles = self.query_one(ArticleList)
        focus = articles.opening is not None
        articles.opening = None
        self.open(event.article, focus=focus)

    # Reading

    def open(self, meta: ArticleMeta, focus: bool = False) -> None:
        """Show an article in the reader and mark it read."""
        self._placed = True
        articles = self.query_one(ArticleList)
        if articles.current is None or articles.current.id != meta.id:
            index = articles.index_of(meta.id)
            if index is not None:
                articles.move_to(index)
        self.current_article = meta
        if not self.repo.is_read(meta.id):
            self.mark("read", [meta], True)
        if focus:
            self.set_focus(self.query_one(Reader))

    def action_page(self) -> None:
        reader = self.query_one(Reader)
        current = self.current_article
        if current is not None and not self.repo.is_read(current.id):
            self.mark("read", [current], True)
        if not reader.at_end:
            reader.scroll_page_down(animate=False)
        else:
            self.action_next_unread()

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def _step_unread(self, step: int) -> None:
        """The next unread article, the one under the cursor included: first in this list,
        then in the next section that has any (wrapping at the end), then anywhere above."""
        articles = self.query_one(ArticleList)
        rows = articles.articles
        is_read = self.repo.is_read
        ahead = range(articles.cursor, len(rows)) if step > 0 else range(articles.cursor, -1, -1)
        found = next((i for i in ahead if not is_read(rows[i].id)), None)
        if found is not None:
            self.open(rows[found])
            return
        if self.current_view.kind == "section" and self._unread_in_next_section(step):
            return
        behind = (
            range(0, articles.cursor) if step > 0 else range(len(rows) - 1, articles.cursor, -1)
        )
        found = next((i for i in behind if not is_read(rows[i].id)), None)
        if found is not None:
            self.open(rows[found])
            self.notify(
                "Wrapped around: " + ("back to the top." if step > 0 else "to the end."), timeout=3
            )
            return
        self.notify("No unread articles left here.", timeout=3)

    def _unread_in_next_section(self, step: int) -> bool:
        """Go to the next section (in tree order, wrapping) with unread articles of its own."""
        tree = self.query_one(SectionTree)
        order = tree.sections_in_order()
        here = self.current_view
        position = order.index(here) if here in order else -1
        ring = order[position + 1 :] + order[: max(position, 0)]
        for view in ring if step > 0 else reversed(ring):
            inside = view.section[: len(here.section)] == here.section
            if inside or tree.own_unread(view) == 0:
                continue
            self.show_view(view)
            rows = self.query_one(ArticleList).articles
            # Only as far as the first unread: a big library's section may hold 100,000.
            walk = rows if step > 0 else reversed(rows)
            found = next((meta for meta in walk if not self.repo.is_read(meta.id)), None)
            if found is not None:
                self.open(found)
                self.notify(f"Next unread in {view.label}", timeout=3, markup=False)
                return True
        return False

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        articles = self.query_one(ArticleList)
        target = articles.cursor + step
        if 0 <= target < len(articles.articles):
            self.open(articles.articles[target])

    def action_open_url(self) -> None:
        meta = self.meta_under_cursor()
        url = meta.url if meta else None
        if not url:
            self.notify("This article has no URL.", timeout=3)
            return
        self._open_in_browser(url)

    def meta_under_cursor(self) -> ArticleMeta | None:
        """The article the list's cursor is on: keys typed in a burst (`j b`, `j o`) come
        before the screen has heard that the cursor moved, and must act on where it is."""
        return self.query_one(ArticleList).current or self.current_article

    def article_under_cursor(self) -> Article | None:
        """The article the list's cursor is on, read now (see meta_under_cursor)."""
        meta = self.meta_under_cursor()
        if meta is None:
            return None
        try:
            return self.repo.load(meta)
        except SkipFile:
            return None

    def action_links(self) -> None:
        article = self.article_under_cursor()
        if article is None or not article.links:
            self.notify("This article has no links.", timeout=3)
            return
        from termnews.ui.dialogs.links import LinksScreen  # dialogs load when first opened

        self.app.push_screen(LinksScreen(article.links), self._open_link)

    def _open_link(self, url: str | None) -> None:
        if url:
            self._open_in_browser(url)

    @work(thread=True, group="browser")
    def _open_in_browser(self, url: str) -> None:
        """A browser may take a while to start: never on the UI thread. Not opened, the URL
        goes on the clipboard (the terminal's, through OSC 52), and the screen says why."""
        said = open_in_browser(url)
        if said:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            self.app.call_from_thread(self.notify, said, timeout=8, markup=False)

    def action_zen(self) -> None:
        self.zen = not self.zen

    async def action_back_or_quit(self) -> None:
        """`q`, as in mutt and newsboat: back one level (reader → list), quit from the top."""
        articles = self.query_one(ArticleList)
        if articles.opening is not None:
            articles.opening = None
            return
        focused = self.focused
        in_bar = focused is not None and self.query_one(QueryBar) in focused.ancestors
        if self.zen or isinstance(focused, Reader) or (self._live is not None and not in_bar):
            self.action_back()
        else:
            await self.app.action_quit()

    def action_page_back(self) -> None:
        self.query_one(Reader).scroll_page_up(animate=False)

    def action_back(self) -> None:
        """The focus moves at once (`set_focus`), not a turn later (`focus()`): a key typed
        in the same burst, `h/` say, is for the pane it went to, and the query line that
        `/` focuses at once is not then left for the tree."""
        focused = self.focused
        in_bar = focused is not None and self.query_one(QueryBar) in focused.ancestors
        if self._live is not None and (in_bar or isinstance(focused, ArticleList)):
            self.end_search()
        elif self.zen:
            self.zen = False
            self.set_focus(self.query_one(ArticleList))
        elif isinstance(focused, Reader):
            self.set_focus(self.query_one(ArticleList))
        elif isinstance(focused, ArticleList):
            if not self.show_tree:
                self.show_tree = True
            self.set_focus(self.query_one(SectionTree))

    # List and app

    def show_view(self, view: View) -> None:
        """Switch the list to a view and put the tree's cursor on it."""
        tree = self.query_one(SectionTree)
        if tree.has(view):
            tree.show_view(view)
            self.current_view = view

    def action_toggle_tree(self) -> None:
        self.show_tree = not self.show_tree

    def action_rescan(self) -> None:
        if self.repo.scanning or self.has_class("-scanning"):
            self.notify("A scan is already running.", timeout=3)
            return
        self.rescan()

    def action_warnings(self) -> None:
        from termnews.ui.dialogs.warnings import WarningsScreen

        self.app.push_screen(
            WarningsScreen(self.repo.warnings, self.feed_problems(), self.repo.sync_warnings)
        )

    def action_help(self) -> None:
        from termnews.ui.dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.keymap_overrides))

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def remember_place(self) -> None:
        """Keep the view, article, scroll position, focus and open sections for next time."""
        self.repo.remember_place("ui.view", self.current_view.to_json())
        self.repo.remember_place("ui.article", self._current_id)
        self.repo.remember_place("ui.scroll", self.query_one(Reader).scroll_y)
        self.repo.remember_place(
            "ui.focus", "reader" if isinstance(self.focused, Reader) else "list"
        )
        expanded = self.query_one(SectionTree).expanded_sections()
        if expanded is not None:
            self.repo.remember_place("ui.expanded", expanded)
