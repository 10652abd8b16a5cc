"""Provides the repository: the one facade through which the UI and CLI reach articles and marks."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from termnews.library import (
    Article,
    ArticleMeta,
    ScanResult,
    ScanWarning,
    SectionNode,
    SkipFile,
    TrailerRules,
    build_tree,
    section_key,
)
from termnews.library.catalog import Catalog, Place
from termnews.library.index import LibraryIndex
from termnews.library.model import search_text
from termnews.library.order import sort_articles
from termnews.library.query import Query, QueryError, contains_section, parse_query, tag_key
from termnews.library.records import Batch, FileRecord, Progress
from termnews.library.rows import BigLibrary, IndexedRows
from termnews.library.search import Hit, SearchCancelled, run_query, watched
from termnews.library.sections import parse_section, tree_from_counts
from termnews.library.snippet import Snippet, make_snippet
from termnews.library.tags import TagCount, count_tags
from termnews.paths import within
from termnews.state import StateError, StateStore

if TYPE_CHECKING:
    from termnews.feeds.service import FeedService
    from termnews.library.refresh import Refresh
    from termnews.pages.service import PageService
    from termnews.state.sync import Change as SyncChange
    from termnews.state.sync import Key as SyncKey
    from termnews.state.sync import SyncFolder, SyncReport

_KEEP_LOADED = 8
BIG_FROM = 200_000
"""Articles from which a library whose folders did not change is read from its index as
it is used, rather than held in memory (a million take 1.6 GB as objects)."""
SORT_AT_ONCE = 20_000
"""Articles held in memory that a new order sorts on the screen's thread (a few
milliseconds); more are sorted beside it (100,000 by section took 0.32 s)."""
BIG_HITS = 1_000
"""Hits a search lists in such a library: the best first, as ever."""


class ArticleNotFound(LookupError):
    """No article has that id or id prefix."""


class SectionNotFound(LookupError):
    """No section has that name at any level."""

    def __init__(self, name: str, close: list[str]) -> None:
        super().__init__(name)
        self.close = close
        """Section names that are spelled nearly the same."""


class _NoIndex(Exception):
    """The index cannot be read (gone, or made by another version)."""


class AmbiguousArticle(LookupError):
    """More than one article starts with that prefix."""

    def __init__(self, prefix: str, candidates: list[ArticleMeta]) -> None:
        super().__init__(prefix)
        self.candidates = candidates


@dataclass(frozen=True)
class Glance:
    """A first look at an indexed library's sections, shown while all of it is read."""

    tree: SectionNode
    """Every section with its counts."""
    bookmarks: int


@dataclass(frozen=True)
class MarkChange:
    """What one mark operation changed, so that it can be undone."""

    kind: str
    on: bool
    """What the operation set the mark to."""
    ids: tuple[str, ...]
    """The articles whose mark it really changed (not those already so)."""
    sections: tuple[tuple[str, ...], ...] | None = None
    """Each one's section, when the change read them with the ids (the counts it moves)."""


class Repository:
    """Articles from the library folders, with bookmarks and read marks from the state store."""

    def __init__(
        self,
        roots: Sequence[Path],
        state: StateStore,
        rules: TrailerRules,
        cache_dir: Path | None = None,
        joined: Sequence[Path] = (),
    ) -> None:
        self.roots = distinct_roots([*roots, *joined])
        self.index_roots = distinct_roots(roots)
        """The folders the index is named after: the library's own, not the feeds and
        saved-pages folders `joined` to it, or the first feed would make a new index of a
        library of a million articles (the refresh reads a new root as a new folder)."""
        self.state = state
        self.rules = rules
        self.cache_dir = cache_dir
        """Where the library index lives; None means no index (every scan parses all)."""
        self.articles: list[ArticleMeta] = []
        """All articles, in path order; replaced as a whole by each scan."""
        self.feeds: FeedService | None = None
        """The user's feeds, when the command line or the app opened them."""
        self.pages: PageService | None = None
        """Saving web pages, when the command line or the app opened it."""
        self.big: BigLibrary | None = None
        """Set by `open_big`: the library answered by its index, nothing held in memory."""
        self.sync: SyncFolder | None = None
        """The shared folder marks are synced through (`sync_dir`), if there is one."""
        self.sync_warnings: list[str] = []
        self.sync_applied: list[SyncChange] = []
        """Every change from other machines this session took in (for `termnews sync`)."""
        self._by_url: dict[str, list[str]] | None = None
        self._url_ids: tuple[Callable[[], Catalog | None], dict[str, list[str]]] = (
            lambda: None,
            {},
        )
        """The articles of each URL a merge asked the index for, with the catalog asked."""
        self._held = False
        """A whole scan is installed: marks' articles are looked up among those held, not
        in the index (which is all the command line's quick path reads)."""
        self._by_file: dict[str, ArticleMeta] | None = None
        self._index_tree: SectionNode | None = None
        """The section counts read from the index by `load_tree` (the quick path)."""
        self._section_paths: list[tuple[str, ...]] | None = None
        """Every section path, read from the index by `selection` (the quick path)."""
        self.warnings: list[ScanWarning] = []
        self._by_id: dict[str, ArticleMeta] = {}
        self._sorted: dict[str, list[ArticleMeta]] = {}
        """All articles in each sort order asked for since the last scan; views filter these."""
        self._documents: dict[int, ArticleMeta] | None = None
        """The article of each full-text document number, made at the first search."""
        self._documents_upto = 0
        """The highest document number in _documents."""
        self._memory_index: LibraryIndex | None = None
        """Search text held in memory, only when the cache folder cannot hold the index."""
        self._memory_lock = threading.Lock()
        self._documents_lock = threading.Lock()
        self._loaded: dict[tuple[str, int, int], Article] = {}
        """The last articles read in full, by file, size and mtime."""
        self._scanning = threading.Lock()
        """One scan at a time: two would write the index over each other."""
        self._merging = threading.Lock()
        """One merge of the sync folder at a time: the poll's thread, a scan's, the screen's."""
        self._stop = threading.Event()
        """Set when the reader quits: a scan or a merge stops at its next chunk."""
        self._index_writable = True
        """False when the last scan could not write the index (read-only, locked): its
        rows may be stale, so search uses an index built in memory instead."""
        self._known: dict[str, FileRecord] | None = None
        """Files as last seen (from the index or the last scan): the next scan's baseline,
        so that a rescan neither re-reads the index nor holds its metadata twice."""

    @property
    def name(self) -> str:
        """A short name for the library, for titles."""
        return ", ".join(root.name or str(root) for root in self.roots)

    def scan(self, progress: Progress | None = None) -> None:
        """Read the library folders again; marks follow articles whose text changed."""
        self.install(self.read_library(progress))

    def cached(self) -> ScanResult:
        """The library as the index last saw it, without reading it: for an instant start."""
        if self.cache_dir is None:
            return ScanResult()
        with self._index() as index:
            result = index.cached_result()
        self._known = result.records
        return result

    def read_library(
        self, progress: Progress | None = None, batch: Batch | None = None, big_ok: bool = False
    ) -> ScanResult:
        """Scan the library, parsing only what changed since the index; changes nothing the
        UI holds, so it is safe in a worker thread (the index is opened in that thread).
        `big_ok`: raise LibraryTooBig, having parsed only the first few files, when the
        walk finds BIG_FROM files or more and the library can be opened big instead
        (open_big(grown=True)): a first scan of a million articles held 2.4 KB each."""
        from termnews.library.scan import scan_library  # the parsers load with it

        stop = self._stop.is_set
        with self._scanning:
            if self.cache_dir is None:
                return scan_library(self.roots, self.rules, progress, batch=batch, stop=stop)
            with self._index() as index:
                self._index_writable = index.available
                fresh = index.fresh or self._known is None or not index.available
                known = index.records() if fresh else self._known
                store = index.store if index.available else None
                hold = BIG_FROM if big_ok and index.available else None
                result = scan_library(
                    self.roots, self.rules, progress, known, batch, store, stop, hold
                )
                index.forget(result.removed)
                index.save_scan(result)
            self._known = result.records
            return result

    def refresh_index(
        self, progress: Progress | None = None, whole: bool = False
    ) -> Refresh | None:
        """Bring the index up to date from the folders whose time changed alone, or build
        a new one from every folder, holding no article (library.refresh, `whole` as
        there): a big library's reader and the command line. None when only read_library
        will do: no usable index."""
        if self.cache_dir is None:
            return None
        from termnews.library.refresh import refresh  # the parsers load with it

        marks = self.state.marked_paths()
        paths = set(marks.values())

        def followed(article_id: str, file: str) -> bool:
            return article_id in marks or file in paths

        with self._scanning, self._index() as index:
            if not index.available:
                return None
            stop = self._stop.is_set
            result = refresh(index, self.roots, self.rules, progress, stop, followed, whole)
            if result is not None and result.articles:
                self.state.relink(result.articles, index.present)
        if result is not None and result.changed:
            self._known = None  # the next full scan reads the index again
        return result

    def stop_scanning(self) -> None:
        """Make a scan in progress end after its current chunk (raising ScanStopped there):
        the reader is quitting. What it parsed is in the index; the next scan goes on. A
        merge of the sync folder stops likewise."""
        self._stop.set()

    @property
    def scanning(self) -> bool:
        return self._scanning.locked()

    def glance(self, limit: int) -> list[ArticleMeta]:
        """The newest articles, newest first, straight from the index's time order: a big
        library's first screen before anything else is read."""
        if self.cache_dir is None:
            return []
        with self._index(writer=False) as index:
            newest = index.newest(limit + limit // 4)
        return sort_articles(newest, "date")[:limit]

    def glance_tree(self) -> Glance:
        """The section counts and the bookmarks, from the index (a few hundred milliseconds
        at a million articles: shown after the first titles)."""
        with self._index(writer=False) as index:
            catalog = self._catalog(index)
            tree = tree_from_counts(catalog.counts())
            bookmarks = catalog.bookmarks(self.state.bookmarked_ids())
        return Glance(tree, bookmarks)

    def _index(self, writer: bool = True) -> LibraryIndex:
        return LibraryIndex(self.cache_dir, self.index_roots, self.rules, writer=writer)

    def _catalog(self, index: LibraryIndex) -> Catalog:
        """SQL over the index, with the marks read from the state file itself when it is
        the one this session writes to."""
        marks = self.state.path if self.state.read_only is None else None
        return Catalog(index, marks, self.state.is_read, self.state.is_bookmarked)

    def preview(self, articles: list[ArticleMeta]) -> None:
        """Show part of a first scan while it goes on; install() replaces it."""
        self.articles = articles
        self._by_file = None
        self._by_id = {meta.id: meta for meta in articles}
        self._sorted = {}
        self._documents = None

    def install(self, result: ScanResult) -> bool:
        """Make a finished scan current (on the thread that owns the state store); True if
        marks changed meanwhile (another process, or re-linked to edited files)."""
        if self.big is not None:
            self.big.close()
            self.big = None
        self.articles = result.articles
        self._held = True
        self._by_file = None
        self.warnings = result.warnings
        self._by_id = {meta.id: meta for meta in result.articles}
        self._sorted = {}
        self._documents = None
        if result.changed or result.removed:
            self._memory_index = None
        marks_changed = self.state.reload()
        marks_changed |= self.state.relink({meta.id: meta.file for meta in result.articles}) > 0
        self._by_url = None
        report = self.sync_marks()
        marks_changed |= bool(report and report.applied)
        settle()
        return marks_changed

    # Finding articles

    def get(self, article_id: str) -> ArticleMeta | None:
        if self.big is not None:
            return self._by_id.get(article_id) or self.big.get(article_id)
        return self._by_id.get(article_id)

    def sections_of(self, ids: Iterable[str]) -> list[tuple[str, ...]]:
        """The section of each of these articles that is in the library, a big library's
        read in one query (a query each took seconds for the thousands `A` marks)."""
        if self.big is None:
            return [meta.section for i in ids if (meta := self._by_id.get(i)) is not None]
        return [section for _file, section in self.big.catalog.places(list(ids)).values()]

    @property
    def has_articles(self) -> bool:
        return bool(self.articles) or (self.big is not None and self.big.size > 0)

    def open_big(self, progress: Progress | None = None, grown: bool = False) -> bool:
        """Answer from the index as the library is used, holding none of it in memory, when
        it has at least BIG_FROM articles; the folders that changed since the index was
        made are read first (refresh_index). False, and nothing changed, otherwise.
        `grown`: a scan found the library too big (LibraryTooBig), whatever the index
        holds yet: it is brought up to date, or built, first."""
        if self.cache_dir is None:
            return False
        if grown or not self.unchanged_since_index():
            big = grown
            if not big:
                with self._index(writer=False) as index:
                    big = index.available and self._catalog(index).count() >= BIG_FROM
            refreshed = self.refresh_index(progress, whole=grown) if big else None
            if refreshed is None:
                return False
            self.warnings = refreshed.warnings
        return self._list_from_index(at_least=BIG_FROM)

    def show_indexed(self) -> bool:
        """List what a big library's first build has put in the index so far, as open_big
        lists it all once the build is done: the reader calls this as the build goes."""
        return self._list_from_index(at_least=1)

    def _list_from_index(self, at_least: int) -> bool:
        index = self._index(writer=False).open()
        catalog = self._catalog(index)
        if not index.available or catalog.count() < at_least:
            index.close()
            return False
        # The list before is not closed but dropped: the screen may draw from it until it
        # is given this one, and its connection closes once nothing holds it.
        self.big = BigLibrary(index, catalog)
        self.articles = []
        self._by_id = {}
        self._sorted = {}
        self._documents = None
        settle()
        return True

    def resolve(self, prefix: str) -> ArticleMeta:
        """The article whose id starts with the prefix, like git's short hashes."""
        prefix = prefix.strip().lower()
        exact = self._by_id.get(prefix)
        if exact is not None:
            return exact
        found = [meta for meta in self.articles if prefix and meta.id.startswith(prefix)]
        if not found:
            raise ArticleNotFound(prefix)
        if len(found) > 1:
            raise AmbiguousArticle(prefix, found)
        return found[0]

    def load(self, meta: ArticleMeta) -> Article:
        """The whole article, read from its file now; raises SkipFile if it went bad.

        The last few are kept: the reader, the snippet and the read mark all ask for the
        article under the cursor, and a big one takes a while to parse.
        """
        try:
            stat = os.stat(meta.file)
        except OSError:
            stat = None
        key = (meta.file, stat.st_size, stat.st_mtime_ns) if stat else None
        article = self._loaded.get(key) if key else None
        if article is None and stat is not None and meta.format == "html":
            article = self._cached_page(meta, stat)
        if article is None:
            from termnews.library.parse import read_article

            article = read_article(meta.path, meta.relpath, self.rules)
            if key:
                self._loaded[key] = article
                while len(self._loaded) > _KEEP_LOADED:
                    del self._loaded[next(iter(self._loaded))]
        return dataclasses.replace(article, meta=meta) if article.meta is not meta else article

    def _cached_page(self, meta: ArticleMeta, stat: os.stat_result) -> Article | None:
        """A saved page as the scan extracted it, from the index (an extraction takes
        tens of milliseconds; this takes one lookup)."""
        if self.cache_dir is None:
            return None
        with self._index(writer=False) as index:
            extracted = index.page(meta.file, stat.st_size, stat.st_mtime_ns)
        if extracted is None:
            return None
        from termnews.library.parse import page_article

        return page_article(
            extracted, meta.path, meta.relpath, self.rules, mtime=stat.st_mtime, size=stat.st_size
        )

    def select(
        self,
        section: Sequence[str] = (),
        *,
        unread: bool = False,
        bookmarked: bool = False,
        order: str = "date",
    ) -> Sequence[ArticleMeta]:
        """Articles in a section (and below it), optionally only unread or bookmarked."""
        if self.big is not None:
            return self.big.select(section, unread=unread, bookmarked=bookmarked, order=order)
        key = section_key(section)
        depth = len(key)
        state = self.state
        ordered = self._ordered(order)
        if not (depth or unread or bookmarked):
            return list(ordered)
        return [
            meta
            for meta in ordered
            if (not depth or section_key(meta.section[:depth]) == key)
            and (not unread or not state.is_read(meta.id))
            and (not bookmarked or state.is_bookmarked(meta.id))
        ]

    def _ordered(self, order: str) -> list[ArticleMeta]:
        # Both read once: a scan that installs other articles meanwhile (this may run in a
        # worker) starts a cache of its own, and this sort does not land in it.
        made, articles = self._sorted, self.articles
        ordered = made.get(order)
        if ordered is None:
            ordered = made[order] = sort_articles(articles, order)
        return ordered

    # Searching

    def search(self, query: str | Query, cancelled: Callable[[], bool] | None = None) -> list[Hit]:
        """Articles matching a query, best first; raises QueryError when it is malformed
        (safe in a worker thread: it reads the articles list but changes nothing).
        `cancelled` is asked as the index works: once it says so, SearchCancelled."""
        if isinstance(query, str):
            query = parse_query(query)
        if self.big is not None:
            try:
                return self._search_index(query, BIG_HITS, cancelled)
            except _NoIndex:
                raise QueryError("the library's index cannot be read: rescan it") from None

        def text_search(expression: str, scored: bool) -> list[tuple[ArticleMeta, float]]:
            found = self._text_search(expression, scored, cancelled)
            if cancelled is not None and cancelled():
                raise SearchCancelled  # before the hits are ranked and filtered for nothing
            return found

        return run_query(query, self._ordered("date"), text_search, self.marks, cancelled)

    def search_first(
        self, query: Query, limit: int, cancelled: Callable[[], bool] | None = None
    ) -> list[Hit] | None:
        """The first `limit` hits that `search` gives, from the index alone: a tenth of the
        time when thousands match, since only the best (or newest) rows are read. Fewer
        than `limit` are all there is. None when there is no index to ask."""
        if self.big is None and (self.cache_dir is None or not self._index_writable):
            return None
        try:
            return self._search_index(query, limit, cancelled)
        except _NoIndex:
            return None

    def _search_index(
        self, query: Query, limit: int, cancelled: Callable[[], bool] | None
    ) -> list[Hit]:
        """The first `limit` hits, from the index (a reader of its own: searches run in
        workers while the lists read their rows on the UI thread)."""
        if cancelled is not None and cancelled():
            raise SearchCancelled
        try:
            with self._index(writer=False) as index:
                if not index.available:
                    raise _NoIndex
                with index.watched(cancelled):  # every statement of it, not only the text's
                    return self._catalog(index).search(query, limit, cancelled)
        except sqlite3.Error as error:
            if cancelled is not None and cancelled():
                raise SearchCancelled from None
            raise QueryError(f"the search failed: {error}") from None

    def snippet(self, meta: ArticleMeta, query: Query) -> Snippet:
        """Where the query's words are in the article, read from its file now."""
        try:
            article = self.load(meta)
        except SkipFile:
            return Snippet("")
        prefixes = frozenset(t.tokens[-1] for t in query.positive if t.prefix)
        phrases = tuple(t.tokens for t in query.positive if len(t.tokens) > 1)
        return make_snippet(article, query.words, prefixes, phrases)

    def _text_search(
        self, expression: str, scored: bool, cancelled: Callable[[], bool] | None
    ) -> list[tuple[ArticleMeta, float]]:
        try:
            if self.cache_dir is not None and self._index_writable:
                reader = self._index(writer=False)
                with reader as index:
                    if index.available:
                        return self._matches(index, expression, scored, cancelled)
            with self._memory_lock:
                return self._matches(self._in_memory(), expression, scored, cancelled)
        except sqlite3.Error as error:
            if cancelled is not None and cancelled():
                raise SearchCancelled from None
            raise QueryError(f"the search failed: {error}") from None

    def _matches(
        self,
        index: LibraryIndex,
        expression: str,
        scored: bool,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[tuple[ArticleMeta, float]]:
        documents = self._documents_of(index)
        found = []
        for number, score in watched(index.search(expression, scored, cancelled), cancelled):
            meta = documents.get(number)
            if meta is not None:
                found.append((meta, score))
        return found

    def _documents_of(self, index: LibraryIndex) -> dict[int, ArticleMeta]:
        """The article of each document number, made once per scan (by one thread); while
        a scan writes the index, the documents it added since are looked up too."""
        with self._documents_lock:
            documents = self._documents
            if documents is None or self.scanning:
                articles = self.articles  # a scan installed meanwhile replaces the list
                after = 0 if documents is None else self._documents_upto
                documents = {} if documents is None else documents
                by_file: dict[str, ArticleMeta] | None = None
                for number, file in index.documents(after):
                    if by_file is None:
                        by_file = {meta.file: meta for meta in articles}
                    meta = by_file.get(file)
                    if meta is not None:
                        documents[number] = meta
                    after = max(after, number)
                if self.articles is articles:
                    self._documents, self._documents_upto = documents, after
            return documents

    def warm_up(self) -> None:
        """Load what reading a Markdown article needs, ahead of the first (in a worker)."""
        from termnews.library.parse import warm_up

        warm_up()

    def prepare_lists(self, order: str) -> None:
        """Make ahead, in a worker, what listing in this order needs: for a big library,
        what switching its sections needs too."""
        if self.big is not None:
            self.big.prepare(order)
        else:
            self._ordered(order)

    def order_at_hand(self, order: str) -> bool:
        """Whether the list in this order is made, or quick to make on the screen's thread;
        else `prepare_lists` makes it beside the screen (a million by title: 0.84 s)."""
        if self.big is not None:
            return self.big.has_order(order)
        return order in self._sorted or len(self.articles) <= SORT_AT_ONCE

    def prepare_search(self) -> None:
        """Read what the first search needs before it is asked for (in a worker, after a
        scan): a quarter of a second at 100,000 articles, not paid on the first keystroke."""
        if self.cache_dir is None or not self._index_writable:
            return
        with self._index(writer=False) as index:
            if index.available:
                self._documents_of(index)

    def _in_memory(self) -> LibraryIndex:
        """Index the library's text in memory: slow for a big library, but search works."""
        if self._memory_index is None:
            from termnews.library.parse import read_article

            index = LibraryIndex(None, self.roots, self.rules).open()
            records = []
            for meta in self.articles:
                try:  # not through load(): its small cache belongs to the UI thread
                    text = search_text(read_article(meta.path, meta.relpath, self.rules))
                except SkipFile:
                    continue
                records.append(FileRecord(meta.file, meta.size, 0, meta, None, text))
                if len(records) == 500:
                    index.store(records)
                    records = []
            index.store(records)
            self._memory_index = index
        return self._memory_index

    def section_tree(self) -> SectionNode:
        if self.big is not None:
            return self.big.tree()
        if self._index_tree is not None:
            return self._index_tree
        return build_tree(self.articles, self.state.is_read)

    # The command line's quick path: a few articles, or the counts, from the index alone

    def unchanged_since_index(self) -> bool:
        """No file added, removed or renamed since the last scan, by the times of the folders
        it read (a new or removed folder changes its parent's time, so the folders need not
        be listed again). A file edited in place is not noticed: `--rescan`, or the reader's
        own scan."""
        if self.cache_dir is None:
            return False
        with self._index(writer=False) as index:
            stored = index.folders()
        if not stored or any(str(root) not in stored for root in self.roots):
            return False
        if not all(within(folder, self.roots) for folder in stored):
            return False  # a folder no longer read (the feeds folder, say): its files go
        try:
            return all(os.stat(path).st_mtime_ns == mtime for path, mtime in stored.items())
        except OSError:
            return False

    def search_index(
        self, query: Query, limit: int = 0, order: str = "relevance"
    ) -> list[Hit] | None:
        """A search answered from the index alone, as `search` would answer it, reading
        only about as many rows as `limit` asks for (0: all), the first in `order` (see
        SEARCH_ORDERS). None without an index."""
        if self.cache_dir is None:
            return None
        try:
            with self._index(writer=False) as index:
                if not index.available:
                    return None
                hits = self._catalog(index).search(query, limit, order=order)
        except sqlite3.Error as error:
            raise QueryError(f"the search failed: {error}") from None
        self.articles = [hit.meta for hit in hits]
        self._by_id = {meta.id: meta for meta in self.articles}
        return hits

    def found_in_index(self, query: Query) -> Iterator[ArticleMeta] | None:
        """All that `search_index` finds, best first, read from the index as they are used
        (an export of a million hits holds a page of them). None without an index."""
        if self.cache_dir is None:
            return None
        index = self._index(writer=False).open()
        try:
            if not index.available:
                index.close()
                return None
            hits = self._catalog(index).each_hit(query)
        except sqlite3.Error as error:
            index.close()
            raise QueryError(f"the search failed: {error}") from None

        def metas() -> Iterator[ArticleMeta]:
            try:
                for hit in hits:
                    yield hit.meta
            except sqlite3.Error as error:
                raise QueryError(f"the search failed: {error}") from None
            finally:
                index.close()

        return metas()

    def load_ids(self, prefixes: Iterable[str]) -> bool:
        """Only the articles these ids (or unique prefixes) name, from the index: a command
        that touches a few articles does not read a library of 100,000. False when one of
        them is not in the index (then the caller scans, to be sure)."""
        found: dict[str, ArticleMeta] = {}
        every = True
        with self._index(writer=False) as index:
            for prefix in prefixes:
                metas = index.lookup(prefix.strip().lower())
                every = every and bool(metas)
                found.update((meta.id, meta) for meta in metas)
        self.articles = sorted(found.values(), key=lambda meta: meta.file)
        self._by_id = dict(found)
        return every

    def load_tree(self) -> None:
        """The section counts from the index, without reading every article."""
        with self._index(writer=False) as index:
            self._index_tree = tree_from_counts(self._catalog(index).counts())

    def selection(
        self,
        section: str | None = None,
        *,
        unread: bool = False,
        bookmarked: bool = False,
        tag: str | None = None,
    ) -> Iterator[ArticleMeta]:
        """The articles of a list, newest first, read from the index as they are used: in a
        section named at any level (as `section:` matches it), by marks and with a tag, all
        chosen in SQL. The library's section paths are known (`all_sections`) once this
        returns."""
        index = self._index(writer=False).open()
        catalog = self._catalog(index)
        self._section_paths = catalog.sections()
        inside = None
        if section:
            wanted = section_key(parse_section(section))
            inside = [p for p in self._section_paths if contains_section(section_key(p), wanted)]

        def rows() -> Iterator[ArticleMeta]:
            try:
                yield from catalog.newest(
                    inside,
                    unread=unread,
                    bookmarked=bookmarked,
                    tags=(tag_key(tag),) if tag else (),
                )
            finally:
                index.close()

        return rows()

    def all_sections(self) -> list[tuple[str, ...]]:
        """Every distinct section path of the library's articles."""
        if self._section_paths is not None:
            return self._section_paths
        return list({meta.section for meta in self.articles})

    def section_paths(self) -> list[tuple[str, ...]]:
        """Every section path, parents first, in tree order."""
        return [node.path for node in self.section_tree().walk() if node.path]

    # Marks

    def is_read(self, article_id: str) -> bool:
        return self.state.is_read(article_id)

    def is_bookmarked(self, article_id: str) -> bool:
        return self.state.is_bookmarked(article_id)

    def marks(self, article_id: str) -> tuple[bool, bool]:
        """(read, bookmarked) for one article."""
        return self.state.is_read(article_id), self.state.is_bookmarked(article_id)

    def setting(self, key: str, default: object = None) -> object:
        return self.state.setting(key, default)

    def remember(self, key: str, value: object) -> None:
        """Keep a UI setting across launches; ignored when the state is read-only."""
        if self.state.read_only is None:
            with contextlib.suppress(StateError):
                self.state.set_setting(key, value)

    def removable(self, path: str) -> bool:
        """Whether retention may delete this feed item: read, and not bookmarked."""
        found = self.metas_of_files([path])
        return bool(found) and self.is_read(found[0].id) and not self.is_bookmarked(found[0].id)

    def include(self, root: Path) -> None:
        """Read one more folder from the next scan on (the feeds folder, once created)."""
        if root not in self.roots:
            self.roots = distinct_roots([*self.roots, root])

    def place(self, key: str, default: object = None) -> object:
        """A UI setting of this library (its section, article, scroll, sort order): another
        library has its own. Up to 0.1.0 these were kept once for all libraries; that value
        is the fallback, so an upgrade keeps the user's place."""
        value = self.state.setting(f"{key}@{self.library_key}")
        return self.state.setting(key, default) if value is None else value

    def remember_place(self, key: str, value: object) -> None:
        self.remember(f"{key}@{self.library_key}", value)

    @property
    def library_key(self) -> str:
        """The same for the same folders, in any order."""
        joined = "\n".join(sorted(str(root) for root in self.roots))
        return hashlib.blake2b(joined.encode("utf-8", "replace"), digest_size=6).hexdigest()

    def tag_counts(self) -> list[TagCount]:
        """The library's tags with their articles, read and unread: the tag list (T) and
        `termnews tags`, which asks the index alone when no article is loaded."""
        if self.big is not None:
            with self.big.catalog.lock:
                return self.big.catalog.tag_counts()
        if not self.articles and self.cache_dir is not None:
            with self._index(writer=False) as index:
                return self._catalog(index).tag_counts()
        is_read = self.state.is_read
        return count_tags((meta.tags, not is_read(meta.id)) for meta in self.articles if meta.tags)

    def bookmark_count(self) -> int:
        """Bookmarks on articles in this library (the state may know other libraries')."""
        if self.big is not None:
            with self.big.catalog.lock:
                return self.big.catalog.bookmarks(self.state.bookmarked_ids())
        return sum(1 for article_id in self.state.bookmarked_ids() if article_id in self._by_id)

    def mark(self, kind: str, ids: Iterable[str], on: bool, quick: bool = False) -> MarkChange:
        """Set a mark on articles; raises StateError (with the reason) if it cannot be saved,
        StateBusy when `quick` and another writer holds the file."""
        ids = list(ids)
        changed = self.state.change(kind, ids, on, self._paths(ids) if on else {}, quick)
        self._journal(kind, changed, on)
        return MarkChange(kind, on, tuple(changed))

    def mark_list(
        self, kind: str, rows: Sequence[ArticleMeta], on: bool, quick: bool = False
    ) -> MarkChange:
        """Set a mark on every article of a list that lacks it (`A`): a big library's
        list gives only each row's id, file and address, read from the index in one pass,
        where reading its articles and then looking up their files took 12 s a million."""
        places = rows.places() if isinstance(rows, IndexedRows) else _places(rows)
        has = self.state.is_read if kind == "read" else self.state.is_bookmarked
        files: dict[str, str] = {}
        urls: dict[str, str | None] = {}
        sections: dict[str, tuple[str, ...]] = {}
        for article_id, file, url, section in places:
            if has(article_id) is not on:
                files[article_id], urls[article_id] = file, url
                sections[article_id] = section
        changed = self.state.change(kind, list(files), on, files, quick)
        self._journal(kind, changed, on, urls)
        return MarkChange(kind, on, tuple(changed), tuple(sections[i] for i in changed))

    def undo(self, change: MarkChange, quick: bool = False) -> MarkChange:
        """Put back what the change did, where nobody changed it since; returns what that
        changed in turn."""
        ids = change.ids
        paths = {} if change.on else self._paths(ids)  # a mark taken off needs no file
        reverted = self.state.revert(change.kind, ids, change.on, paths, quick)
        self._journal(change.kind, reverted, not change.on)
        whole = change.sections if len(reverted) == len(ids) else None  # the same articles
        return MarkChange(change.kind, not change.on, tuple(reverted), whole)

    # Sync

    def _journal(
        self,
        kind: str,
        ids: Iterable[str],
        on: bool,
        urls: Mapping[str, str | None] | None = None,
    ) -> None:
        """Tell the other machines (through this machine's journal in the sync folder);
        `urls`: the articles' addresses, when the caller has them."""
        if self.sync is None:
            return
        ids = list(ids)
        if urls is None and self.big is not None:  # one query for them all
            urls = {meta.id: meta.url for meta in self.big.catalog.by_ids(ids)}
        elif urls is None:
            urls = {i: meta.url for i in ids if (meta := self._by_id.get(i))}
        items = [(i, urls.get(i)) for i in ids]
        try:
            self.sync.record(kind, items, on)
        except OSError as error:
            self.sync_warnings.append(f"sync folder {self.sync.sync_dir}: {error}")

    def sync_marks(self, unless_seen: bool = False) -> SyncReport | None:
        """Take in the other machines' mark changes (the newest per article wins).
        `unless_seen`: not when the other journals are as the last merge found them
        (the command line, when its index did not change: 2,000 changes took 35 ms to read
        before every command). None when nothing was merged."""
        if self.sync is None:
            return None
        with self._merging:
            journals = self.sync.others()
            if unless_seen and journals == self.state.setting(_MERGED):
                return None
            try:
                with self._marks_catalog() as catalog:
                    report = self._merge(catalog)
            except _MergeStopped:
                return None  # not recorded as merged: the next start merges it all
        if report is not None and journals != self.state.setting(_MERGED):
            self.state.set_setting(_MERGED, journals)
        return report

    @contextlib.contextmanager
    def _marks_catalog(self) -> Iterator[Catalog | None]:
        """Where the articles that marks name are looked up: a big library's index, the
        index when no scan was installed (the command line's quick path), or None: among
        the articles held."""
        if self.big is not None:
            yield self.big.catalog
        elif self._held or self.cache_dir is None:
            yield None
        else:
            with self._index(writer=False) as index:
                yield self._catalog(index) if index.available else None

    def every_mark(self) -> list[tuple[str, str | None, str]]:
        """(id, url, kind) of every mark on an article of the library (`marks export`)."""
        with self._marks_catalog() as catalog:
            return self._marked(catalog)

    def find_marked(self, keys: list[SyncKey]) -> dict[SyncKey, list[str]]:
        """The articles each key (a URL, or an id) names (`marks import`), held ready for
        marking: a mark records their files and URLs."""
        with self._marks_catalog() as catalog:
            found = self._resolve(catalog, keys)
            if catalog is not None:
                ids = sorted({i for ids in found.values() for i in ids})
                self._by_id.update((meta.id, meta) for meta in catalog.by_ids(ids))
        return found

    def _resolve(self, catalog: Catalog | None, keys: list[SyncKey]) -> dict[SyncKey, list[str]]:
        urls = [value for kind, value in keys if kind == "url"]
        if catalog is None:
            by_url = self._ids_by_url()
        else:
            # Kept while the catalog is (a big library's lasts until its index changes): a
            # poll that finds one change in a journal of 20,000 asks for none of them again.
            if self._url_ids[0]() is not catalog:  # weak: an old list's index may close
                self._url_ids = (weakref.ref(catalog), {})
            by_url = self._url_ids[1]
            missing = [url for url in dict.fromkeys(urls) if url not in by_url]
            for start in range(0, len(missing), _LOOKED_UP_AT_ONCE):
                if self._stop.is_set():
                    raise _MergeStopped  # quitting; what was looked up is kept
                chunk = missing[start : start + _LOOKED_UP_AT_ONCE]
                found = catalog.ids_by_url(chunk)
                by_url.update((url, found.get(url, [])) for url in chunk)
        return {key: by_url.get(key[1], []) if key[0] == "url" else [key[1]] for key in keys}

    def _merge(self, catalog: Catalog | None) -> SyncReport | None:
        assert self.sync is not None

        def current(article_id: str, kind: str) -> bool:
            return (
                self.state.is_read(article_id)
                if kind == "read"
                else (self.state.is_bookmarked(article_id))
            )

        def apply(kind: str, ids: list[str], on: bool) -> None:
            paths = {m.id: m.file for m in catalog.by_ids(ids)} if catalog else self._paths(ids)
            self.state.change(kind, ids, on, paths)

        try:
            self.sync.bootstrap(lambda: self._marked(catalog))
            report = self.sync.merge_into(functools.partial(self._resolve, catalog), current, apply)
        except OSError as error:
            self.sync_warnings.append(f"sync folder {self.sync.sync_dir}: {error}")
            return None
        self.sync_warnings += report.warnings
        self.sync_applied += report.applied
        return report

    def _ids_by_url(self) -> dict[str, list[str]]:
        if self._by_url is None or sum(map(len, self._by_url.values())) > len(self.articles):
            self._by_url = {}
            for meta in self.articles:
                if meta.url:
                    self._by_url.setdefault(meta.url, []).append(meta.id)
        return self._by_url

    def _marked(self, catalog: Catalog | None) -> list[tuple[str, str | None, str]]:
        """(id, url, kind) of every mark this machine has on an article of the library:
        what a first sync shares."""
        if catalog is None:
            articles: Iterable[ArticleMeta] = self.articles
        else:
            articles = {m.id: m for m in catalog.by_ids(list(self.state.marked_paths()))}.values()
        marked = []
        for meta in articles:
            for kind, has in (
                ("read", self.state.is_read),
                ("bookmarked", self.state.is_bookmarked),
            ):
                if has(meta.id):
                    marked.append((meta.id, meta.url, kind))
        return marked

    def marks_may_have_changed(self) -> bool:
        """A look at whether `marks_changed_elsewhere` has anything to do: a pragma and the
        sync folder's file times, cheap enough for the screen's thread."""
        if self.state.changed_on_disk():
            return True
        return self.sync is not None and self.sync.changed_since_read()

    def marks_changed_elsewhere(self, merge: bool = False) -> bool:
        """Whether another process (or another machine, through the sync folder) changed
        marks since they were read: a cheap poll. `merge`: the other machines' marks are
        taken in even if their journals did not change (the library did: an article they
        name may have come)."""
        changed = self.state.refresh()
        if self.sync is not None and (merge or self.sync.changed_since_read()):
            report = self.sync_marks()
            changed |= bool(report and report.applied)
        return changed

    def _paths(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        if self.big is not None:
            return {i: file for i, (file, _section) in self.big.catalog.places(ids).items()}
        return {i: self._by_id[i].file for i in ids if i in self._by_id}

    def metas_of_files(self, files: Iterable[str]) -> list[ArticleMeta]:
        """The articles of these files (those that are articles): an article's id changes
        with its text (a page saved again, a feed item given its whole article), its file
        does not."""
        wanted = set(files)
        if self.big is not None:
            return self.big.catalog.by_files(sorted(wanted))
        if self._by_file is None or len(self._by_file) != len(self.articles):
            self._by_file = {meta.file: meta for meta in self.articles}
        return [self._by_file[file] for file in sorted(wanted) if file in self._by_file]


class _MergeStopped(Exception):
    """The reader is quitting: a merge stops between lookups (see stop_scanning)."""


_LOOKED_UP_AT_ONCE = 5_000
"""URLs a merge looks up between looks at whether the reader is quitting: 100,000 of a
phone's marks took over 20 s at a million with the index out of the disk cache."""

_MERGED = "sync.merged"
"""The state setting with the other journals' sizes and times at the last merge (see
Repository.sync_marks)."""


def _places(rows: Iterable[ArticleMeta]) -> Iterator[Place]:
    return ((meta.id, meta.file, meta.url, meta.section) for meta in rows)


def settle() -> None:
    """Keep the objects that live now (the articles, the app's widgets) out of the garbage
    collector's full passes: walking them is a pause of tens of milliseconds at random
    keypresses. What the last call froze is thawed and collected first, or every rescan
    would keep its discarded objects for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def distinct_roots(roots: Sequence[Path]) -> list[Path]:
    """The library folders without repeats: a folder given twice, or a folder and one
    inside it, would list every article twice under one id. The outer folder stays."""
    given = list(dict.fromkeys(Path(root).absolute() for root in roots))
    real = {path: Path(os.path.realpath(path)) for path in given}
    kept: list[Path] = []
    for path in given:
        mine = real[path]
        if any(mine == real[other] or real[other] in mine.parents for other in kept):
            continue
        kept = [other for other in kept if mine not in real[other].parents]
        kept.append(path)
    return kept
