"""Provides the rows of a list of a big library, read from the index as they are shown.

A list of a million articles holds their row numbers (8 bytes each), not a million
objects: an article is built when a row is drawn or asked for, a page at a time, and a few
pages are kept. Used through the `Sequence` protocol, so the list widget and the screen's
navigation need not know whether their rows are in memory or in SQLite.
"""

from __future__ import annotations

import itertools
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from termnews.library.catalog import Catalog, Place
from termnews.library.index import LibraryIndex
from termnews.library.model import ArticleMeta
from termnews.library.sections import SectionNode, section_key, tree_from_counts

PAGE = 256
"""Rows read together: a screen and some, in one query."""
_KEEP = 16
"""Pages kept: the rows around the cursor, and a jump back to the top."""


class IndexedRows(Sequence[ArticleMeta]):
    """Articles in a fixed order, by index row number; a catalog reads them on demand."""

    def __init__(self, catalog: Catalog, rowids: array) -> None:
        self._catalog = catalog
        self._rowids = rowids
        self._pages: OrderedDict[int, list[ArticleMeta]] = OrderedDict()
        self._lock = threading.Lock()
        """The UI thread draws rows while a worker may walk them (counting, searching)."""

    def __len__(self) -> int:
        return len(self._rowids)

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...
    @overload
    def __getitem__(self, index: slice) -> list[ArticleMeta]: ...
    def __getitem__(self, index: int | slice) -> ArticleMeta | list[ArticleMeta]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        number, offset = divmod(index, PAGE)
        with self._lock:
            page = self._pages.get(number)
            if page is None:
                page = self._read(number)
            else:
                self._pages.move_to_end(number)
        return page[offset]

    def __iter__(self) -> Iterator[ArticleMeta]:
        for start in range(0, len(self), PAGE):
            yield from self[start : min(start + PAGE, len(self))]

    def _read(self, number: int) -> list[ArticleMeta]:
        wanted = self._rowids[number * PAGE : (number + 1) * PAGE].tolist()
        page = self._catalog.rows(wanted)
        self._pages[number] = page
        while len(self._pages) > _KEEP:
            self._pages.popitem(last=False)
        return page

    def places(self) -> Iterator[Place]:
        """Every row's article id, file, address and section."""
        return self._catalog.places_of_rows(self._rowids.tolist())

    def index_of(self, article_id: str) -> int | None:
        """Where an article is in this list, found through the index, not by reading rows."""
        for rowid in self._catalog.rowids_of(article_id):
            try:
                return self._rowids.index(rowid)
            except ValueError:
                continue
        return None


class BigLibrary:
    """A library too big to hold in memory, answered by its index as it is used: lists as
    IndexedRows, counts and searches in SQL. Lists are cached until the marks change."""

    def __init__(self, index: LibraryIndex, catalog: Catalog) -> None:
        self._index = index
        self.catalog = catalog
        """Shared by the lists' rows (read on the UI thread) and quick lookups."""
        self._sections = catalog.sections()
        self._lists: dict[tuple, array] = {}
        self._numbered: dict[str, tuple[dict[tuple[str, ...], int], array]] = {}
        """For the whole list in an order: each section's number, and each row's section's
        number beside it (see `prepare`)."""
        self.size = catalog.count()

    def close(self) -> None:
        self._index.close()

    def select(
        self, section: Sequence[str], *, unread: bool, bookmarked: bool, order: str
    ) -> IndexedRows:
        """A section's list (and below it), as `Repository.select` gives it."""
        key = (section_key(section), unread, bookmarked, order)
        rowids = self._lists.get(key)
        if rowids is None:
            inside = None
            if section:
                depth = len(key[0])
                inside = [s for s in self._sections if section_key(s[:depth]) == key[0]]
            by_marks = unread or bookmarked
            every = self._lists.get(((), False, False, order))
            if every is None and by_marks:  # the marks are told apart by the whole list
                every = self._lists[((), False, False, order)] = self.catalog.rowids(order=order)
            marked = self._marked(unread, bookmarked) if every is not None else None
            if every is not None and (marked is not None or (inside and not by_marks)):
                # The whole list in this order is at hand: keep its rows in the section or
                # with the marks (a tenth of the time of SQL sorting them again: the
                # unread of a million took 3 s).
                rows = every if inside is None else self._in_sections(every, inside, order)
                rowids = array("q", _kept(rows, marked, keep_marked=bookmarked))
            else:
                rowids = self.catalog.rowids(
                    inside, unread=unread, bookmarked=bookmarked, order=order
                )
            if not by_marks:
                self._lists[key] = rowids  # lists by marks change as marks do
        return IndexedRows(self.catalog, rowids)

    def has_order(self, order: str) -> bool:
        """Whether the whole list in this order is made (see `prepare`)."""
        return ((), False, False, order) in self._lists

    def prepare(self, order: str) -> None:
        """The whole list in this order, and each row's section beside it, made ahead (half
        a second at a million articles, in a worker): a switch to any section then takes
        its rows from it in 48 ms, where a section of a quarter of the library took 214."""
        key = ((), False, False, order)
        every = self._lists.get(key)
        if every is not None and order in self._numbered:
            return
        with self.catalog.another() as catalog:  # the screen reads rows meanwhile
            if every is None:
                every = self._lists[key] = catalog.rowids(order=order)
            if order not in self._numbered:
                self._numbered[order] = catalog.section_numbers(every)

    def _in_sections(
        self, every: array, inside: list[tuple[str, ...]], order: str
    ) -> Iterable[int]:
        """The rows of the whole list that are in these sections, in its order."""
        numbered = self._numbered.get(order)
        if numbered is not None and len(numbered[1]) == len(every):
            numbers, of_rows = numbered
            wanted = {numbers[section] for section in inside if section in numbers}
            return itertools.compress(every, map(wanted.__contains__, of_rows))
        wanted = self.catalog.rowids_in(inside)
        return (rowid for rowid in every if rowid in wanted)

    def _marked(self, unread: bool, bookmarked: bool) -> set[int] | None:
        """The rows read (for an unread list) or bookmarked; None when neither is asked,
        or when the marks are not in SQL."""
        if unread == bookmarked:
            return None
        return self.catalog.marked_rowids("bookmarked" if bookmarked else "read")

    def tree(self) -> SectionNode:
        with self.catalog.lock:
            return tree_from_counts(self.catalog.counts())

    def get(self, article_id: str) -> ArticleMeta | None:
        found = self.catalog.by_ids([article_id])
        return found[0] if found else None


def _kept(rows: Iterable[int], marked: set[int] | None, keep_marked: bool) -> Iterable[int]:
    """The rows, in order, that are in `marked` (`keep_marked`) or not in it (None: all)."""
    if marked is None:
        return rows
    if keep_marked:
        return filter(marked.__contains__, rows)
    return itertools.filterfalse(marked.__contains__, rows)
