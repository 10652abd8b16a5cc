"""Provides the main screen: section tree, article list and reader, and the reading actions."""

from __future__ import annotations

import threading
import time

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar

from termnews.library import ArticleMeta, ScanResult, SkipFile
from termnews.repository import SORT_ORDERS, Glance, MarkChange, Repository
from termnews.state import StateError
from termnews.ui.dialogs.help import HelpScreen
from termnews.ui.dialogs.warnings import WarningsScreen
from termnews.ui.keys import bindings
from termnews.ui.screens.search import SearchMixin
from termnews.ui.view import View
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.empty import EmptyLibrary
from termnews.ui.widgets.query_bar import QueryBar
from termnews.ui.widgets.reader import Reader
from termnews.ui.widgets.section_tree import SectionTree

NARROW_WIDTH = 100
"""Below this many columns the tree hides and the list sits above the reader."""
_PROGRESS_EVERY = 0.1
_GLANCE_ROWS = 200
"""Newest articles shown from the index before the whole library is read."""
_BATCH_EVERY = 1.0
"""Seconds between showing the articles of a first scan while it goes on."""


class MainScreen(SearchMixin, Screen[None]):
    """Everything the reader does happens here; data comes only from the repository."""

    BINDINGS = bindings("screen")

    current_view: reactive[View] = reactive(View(), init=False)
    """What the article list shows."""
    current_article: reactive[ArticleMeta | None] = reactive(None, init=False)
    """The article in the reader."""
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

    zen: reactive[bool] = reactive(False, init=False)

    def __init__(self, repo: Repository, searches: list[View] | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.init_search(searches or [])
        self.undo_stack: list[MarkChange] = []
        self._scan_status = ""
        """Shown in the header while a scan runs."""
        self._previewing = threading.Event()
        """Set while a preview is on its way to the screen (set by the scan's thread)."""
        self._restore: dict | None = {
            "view": repo.setting("ui.view"),
            "article": repo.setting("ui.article"),
            "scroll": repo.setting("ui.scroll"),
        }
        """Where the last session left off, applied after the first scan."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield SectionTree(id="sections")
            with Vertical(id="list-pane"):
                yield QueryBar(id="query-bar")
                yield ProgressBar(id="scan-progress", show_eta=False)
                yield ArticleList(self.repo.marks, id="articles")
            yield Reader(id="reader")
        yield EmptyLibrary(id="empty")
        yield Footer()

    def on_mount(self) -> None:
        order = self.repo.setting("ui.order")
        self.set_reactive(MainScreen.order, order if order in SORT_ORDERS else "date")
        self.query_one(QueryBar).display = False
        self.query_one(ArticleList).focus()
        self._update_header()
        self.rescan(first=True)

    @property
    def _current_id(self) -> str | None:
        return self.current_article.id if self.current_article else None

    # Scanning

    @work(thread=True, exclusive=True, group="scan")
    def rescan(self, first: bool = False) -> None:
        """Read the library in a worker: the screen stays live and shows progress.

        On the first call the index is shown at once; a first-ever scan shows its articles
        as they are parsed.
        """
        if first:
            if self._restored_view() == View() and self.order == "date":
                glance = self.repo.glance(_GLANCE_ROWS)
                if glance is not None:
                    self.app.call_from_thread(self._glanced, glance)
            cached = self.repo.cached()
            if cached.articles:
                self.app.call_from_thread(self._scanned, cached, False)
        self.app.call_from_thread(self._scan_started)
        last_progress = last_batch = 0.0

        # Messages, not call_from_thread: the scan goes on while the screen catches up.
        def progress(done: int, total: int) -> None:
            nonlocal last_progress
            now = time.monotonic()
            if now - last_progress >= _PROGRESS_EVERY or done == total:
                last_progress = now
                self.post_message(self.ScanProgress(done, total))

        def batch(articles: list[ArticleMeta]) -> None:
            nonlocal last_batch
            now = time.monotonic()
            # Each preview rebuilds the tree and the list, which costs the scan the cores it
            # shares with them: a few in all (each waits about as long as the scan has run)
            # and never a second one queued behind one not yet shown.
            wait = _BATCH_EVERY * max(1, len(articles) // 4_000)
            if now - last_batch >= wait and not self._previewing.is_set():
                last_batch = now
                self._previewing.set()
                self.post_message(self.ScanPreview(articles))

        result = self.repo.read_library(progress, batch)
        self.post_message(self.ScanFinished(result))  # after the previews, in order

    def _restored_view(self) -> View:
        return View.from_json(self._restore["view"]) if self._restore else self.current_view

    def _glanced(self, glance: Glance) -> None:
        """The newest titles and the tree's counts from the index, until all is read."""
        if self.repo.articles:
            return  # everything is here already
        self.query_one(SectionTree).populate(glance.tree, glance.bookmarks, self.searches)
        keep = self._restore.get("article") if self._restore else None
        articles = self.query_one(ArticleList)
        articles.set_articles(glance.newest, keep=keep if isinstance(keep, str) else None)
        self._scan_status = "loading…"
        self._update_header()

    def _scan_started(self) -> None:
        self.add_class("-scanning")
        self._scan_status = "scanning…"
        self._update_header()

    @on(ScanProgress)
    def _scan_progress(self, event: ScanProgress) -> None:
        self.query_one(ProgressBar).update(total=event.total or None, progress=event.done)
        self._scan_status = f"scanning {event.done:,} / {event.total:,} files…"
        self._update_header()

    @on(ScanPreview)
    def _preview(self, event: ScanPreview) -> None:
        self.repo.preview(event.articles)
        self._show_library()
        self._previewing.clear()

    @on(ScanFinished)
    def _finished(self, event: ScanFinished) -> None:
        self._scanned(event.result, True)

    def _scanned(self, result: ScanResult, final: bool) -> None:
        if final:
            self.remove_class("-scanning")
            self._scan_status = ""
        same_files = final and self.repo.articles and not (result.changed or result.removed)
        marks_changed = self.repo.install(result)
        if same_files and not marks_changed and self._restore is None:
            self._update_header()  # the index was right: what is on screen stands
        else:
            self._show_library()
        if not final:
            return
        for notice in self.repo.state.notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.repo.state.notices.clear()
        if result.warnings:
            self.notify(
                f"Skipped {len(result.warnings):,} unreadable file(s). Press w to see them.",
                severity="warning",
                markup=False,
            )

    def _show_library(self) -> None:
        """Put the repository's articles on screen, keeping (or restoring) the reader's place."""
        empty = not self.repo.articles
        self.set_class(empty and not self.has_class("-scanning"), "-empty")
        if empty:
            self.query_one(EmptyLibrary).show_for(self.repo.roots)
            self._update_header()
            return
        restore, self._restore = self._restore, None
        view = View.from_json(restore["view"]) if restore else self.current_view
        keep = restore.get("article") if restore else self._current_id
        tree = self.query_one(SectionTree)
        tree.populate(self.repo.section_tree(), self.repo.bookmark_count(), self.searches)
        view = view if tree.has(view) else View()
        self.set_reactive(MainScreen.current_view, view)
        tree.show_view(view)
        self._fill_list(keep=keep if isinstance(keep, str) else None)
        if restore and isinstance(restore.get("scroll"), (int, float)):
            reader = self.query_one(Reader)
            self.call_after_refresh(self._restore_scroll, reader, float(restore["scroll"]))
        self._update_header()
        if self.searches:
            self.count_searches()

    def _restore_scroll(self, reader: Reader, y: float) -> None:
        reader.call_after_refresh(reader.scroll_to, y=y, animate=False)

    # Keeping widgets in step with the reactive state

    def watch_current_view(self) -> None:
        self._fill_list(keep=None)
        self._update_header()

    def watch_order(self) -> None:
        self._fill_list(keep=self._current_id)
        self.notify(f"Sorted by {self.order}", timeout=2)

    def watch_current_article(self, meta: ArticleMeta | None) -> None:
        reader = self.query_one(Reader)
        if meta is None:
            reader.show(None, f"No articles in {self.current_view.label}.")
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

    def view_rows(self, view: View) -> list[ArticleMeta]:
        """The articles of a view that is not a search, in the current order."""
        return self.repo.select(
            view.section if view.kind == "section" else (),
            unread=view.kind == "unread",
            bookmarked=view.kind == "bookmarks",
            order=self.order,
        )

    def _update_header(self) -> None:
        self.title = f"termnews · {self.repo.name}"
        parts = []
        if self._live is not None:
            text, found = self._live[0].strip(), self._live[1]
            parts = [f"Search: {text}", f"{found:,} match" + ("" if found == 1 else "es")]
            parts = parts if text else ["Search: type words or filters"]
        elif self.repo.articles or self.query_one(SectionTree).counts(View("all"))[0]:
            tree = self.query_one(SectionTree)
            total, unread = tree.counts(View("all"))
            bookmarks = tree.counts(View("bookmarks"))[0]
            parts = [
                self.current_view.label,
                f"{total:,} articles · {unread:,} unread · {bookmarks:,} ★",
            ]
        elif not self._scan_status:
            parts = ["no articles"]
        if self._scan_status:
            parts.append(self._scan_status)
        self.sub_title = " · ".join(parts)

    # Messages from the widgets

    @on(SectionTree.ViewChosen)
    def _view_chosen(self, event: SectionTree.ViewChosen) -> None:
        if self._live is not None:
            self._live = None
            self.query_one(QueryBar).stop()
        self.current_view = event.view

    @on(SectionTree.NodeSelected)
    def _section_opened(self) -> None:
        self.query_one(ArticleList).focus()

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self.current_article = event.article

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        self.open(event.article, focus=True)

    # Reading

    def open(self, meta: ArticleMeta, focus: bool = False) -> None:
        """Show an article in the reader and mark it read."""
        articles = self.query_one(ArticleList)
        if articles.current is None or articles.current.id != meta.id:
            index = next((i for i, m in enumerate(articles.articles) if m.id == meta.id), None)
            if index is not None:
                articles.move_to(index)
        self.current_article = meta
        if not self.repo.is_read(meta.id):
            self._mark("read", [meta], True, undoable=False)
        if focus:
            self.query_one(Reader).focus()

    def action_page(self) -> None:
        reader = self.query_one(Reader)
        current = self.current_article
        if current is not None and not self.repo.is_read(current.id):
            self._mark("read", [current], True, undoable=False)
        if not reader.at_end:
            reader.scroll_page_down(animate=False)
        else:
            self.action_next_unread()

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def _step_unread(self, step: int) -> None:
        """The next unread in this list; past its end, the next section that has unread."""
        articles = self.query_one(ArticleList)
        rows = articles.articles
        index = articles.cursor + step
        while 0 <= index < len(rows):
            if not self.repo.is_read(rows[index].id):
                self.open(rows[index])
                return
            index += step
        if self.current_view.kind != "section":
            self.notify("No more unread articles here.", timeout=3)
            return
        tree = self.query_one(SectionTree)
        order = tree.sections_in_order()
        position = order.index(self.current_view) if self.current_view in order else -1
        candidates = order[position + 1 :] if step > 0 else reversed(order[:position])
        inside = self.current_view.section
        for view in candidates:
            if view.section[: len(inside)] == inside or tree.counts(view)[1] == 0:
                continue
            self.show_view(view)
            rows = self.query_one(ArticleList).articles
            unread = [meta for meta in rows if not self.repo.is_read(meta.id)]
            if unread:
                self.open(unread[0] if step > 0 else unread[-1])
                return
        self.notify("No more unread articles.", timeout=3)

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
        if self.current_article and self.current_article.url:
            self.app.open_url(self.current_article.url)
        else:
            self.notify("This article has no URL.", timeout=3)

    def action_zen(self) -> None:
        self.zen = not self.zen

    def action_back(self) -> None:
        focused = self.focused
        in_bar = focused is not None and self.query_one(QueryBar) in focused.ancestors
        if self._live is not None and (in_bar or isinstance(focused, ArticleList)):
            self.end_search()
        elif self.zen:
            self.zen = False
            self.query_one(ArticleList).focus()
        elif isinstance(focused, Reader):
            self.query_one(ArticleList).focus()
        elif isinstance(focused, ArticleList):
            if not self.show_tree:
                self.show_tree = True
            self.query_one(SectionTree).focus()

    # Marks

    def _mark(self, kind: str, metas: list[ArticleMeta], on: bool, undoable: bool = True) -> None:
        try:
            change = self.repo.mark(kind, [meta.id for meta in metas], on)
        except StateError as error:
            self.notify(str(error), severity="error", timeout=8, markup=False)
            return
        if undoable:
            self.undo_stack.append(change)
        self._show_flips(kind, change.before, dict.fromkeys(change.before, on))

    def _show_flips(self, kind: str, before: dict[str, bool], after: dict[str, bool]) -> None:
        """Update tree counts, list and header for the marks that really changed."""
        tree = self.query_one(SectionTree)
        for article_id, now in after.items():
            meta = self.repo.get(article_id)
            if meta is None or before.get(article_id) is now:
                continue
            if kind == "read":
                tree.adjust_unread(meta.section, -1 if now else 1)
                for view, ids in self._found.items():
                    if article_id in ids:
                        tree.adjust_search(view, -1 if now else 1)
            else:
                tree.adjust_bookmarks(1 if now else -1)
        self.query_one(ArticleList).refresh()
        self._update_header()

    def action_bookmark(self) -> None:
        if self.current_article:
            on = not self.repo.is_bookmarked(self.current_article.id)
            self._mark("bookmarked", [self.current_article], on)
            self.notify("Bookmarked" if on else "Bookmark removed", timeout=2)

    def action_toggle_read(self) -> None:
        meta = self.current_article
        if meta:
            self._mark("read", [meta], not self.repo.is_read(meta.id))

    def action_mark_all_read(self) -> None:
        rows = [m for m in self.query_one(ArticleList).articles if not self.repo.is_read(m.id)]
        if rows:
            self._mark("read", rows, True)
            self.notify(f"Marked {len(rows):,} read. Press u to undo.", timeout=4)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        change = self.undo_stack.pop()
        test = self.repo.is_read if change.kind == "read" else self.repo.is_bookmarked
        current = {article_id: test(article_id) for article_id in change.before}
        try:
            self.repo.undo(change)
        except StateError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._show_flips(change.kind, current, change.before)
        self.notify("Undone.", timeout=2)

    # List and app

    def action_sort(self) -> None:
        self.order = SORT_ORDERS[(SORT_ORDERS.index(self.order) + 1) % len(SORT_ORDERS)]
        self.repo.remember("ui.order", self.order)

    def show_view(self, view: View) -> None:
        """Switch the list to a view and put the tree's cursor on it."""
        tree = self.query_one(SectionTree)
        if tree.has(view):
            tree.show_view(view)
            self.current_view = view

    def action_toggle_tree(self) -> None:
        self.show_tree = not self.show_tree

    def action_rescan(self) -> None:
        self.rescan()

    def action_warnings(self) -> None:
        self.app.push_screen(WarningsScreen(self.repo.warnings))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.app.keymap_overrides))

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def remember_place(self) -> None:
        """Keep the view, article and scroll position for the next launch."""
        self.repo.remember("ui.view", self.current_view.to_json())
        self.repo.remember("ui.article", self._current_id)
        self.repo.remember("ui.scroll", self.query_one(Reader).scroll_y)
