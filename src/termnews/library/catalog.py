"""Provides what the index answers alone, in SQL: section counts and article lists with
their marks, without an object in memory for every article of the library.

Marks live in the state file; it is attached to the index's connection (read only, as
far as this module goes) so that "unread in News / Military" is one query. When it cannot
be attached (no state file yet, a state kept in memory), the marks come from callables.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from termnews.library.index import COLUMNS, SECTION_SEP, LibraryIndex, meta_of, record_of
from termnews.library.model import ArticleMeta
from termnews.library.order import sort_hits
from termnews.library.query import Query, contains_section, has_tag
from termnews.library.records import unique_ids
from termnews.library.search import COMMON, Hit, SearchCancelled, watched
from termnews.library.sections import section_key
from termnews.library.tags import TagCount, count_tags
from termnews.paths import from_column, to_column

Counts = Counter[tuple[tuple[str, ...], bool]]
"""Articles per (section, read)."""
Place = tuple[str, str, "str | None", tuple[str, ...]]
"""An article's id, file, address and section path."""
_CHUNK = 500
"""Values per `IN (…)`: SQLite allows a few thousand parameters."""
PAGE = 1_000
"""Ranked rows whose articles are read at a time when all the hits are asked for."""
SAMPLE = 20_000
"""Documents from which the share of a word is estimated rather than counted."""
NEWEST_FROM = 0.02
"""The newest few hits of words in more than this share of the articles are found by
reading the newest articles (20 hits: about a thousand rows); of rarer words, from all the
hits (a few thousand at most, in a big library)."""
RARE_TAG = 5_000
"""A tag on at most this many articles is looked up in the tags table (the index's
tagged rows); a commoner one is found by reading the newest articles, most of which
carry it: at a million articles, a tag of 122 took 0.2 ms, not 465, and one of 290,000
0.2 ms, not 636."""
_ORDERS = {
    "date": "CAST(f.sort_time AS INTEGER) DESC, f.relpath",
    "title": "f.title COLLATE NOCASE, f.relpath",
    "section": "f.section COLLATE NOCASE, CAST(f.sort_time AS INTEGER) DESC, f.relpath",
}
"""Each list order in SQL, each read from an index of its own (files_by_date, _by_title,
_by_section_order: `s` at a million articles takes 0.6 s, not 3 s): as sort_articles orders,
but for case beyond ASCII (SQLite's NOCASE), which a big library's lists accept."""


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _by_path(meta: ArticleMeta) -> str:
    return meta.relpath


def split_section(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(SECTION_SEP)) if value else ()


def _has_tag(tags: str | None, wanted: str) -> bool:
    """`tag:` in SQL, on the files table's tags column."""
    return bool(tags) and has_tag(tuple(tags.split(SECTION_SEP)), wanted)  # type: ignore[union-attr]


class Catalog:
    """Questions to one open index (open it, and use this, in one thread)."""

    def __init__(
        self,
        index: LibraryIndex,
        marks_file: Path | None,
        is_read: Callable[[str], bool],
        is_bookmarked: Callable[[str], bool],
    ) -> None:
        self._index = index
        self._db = index.connection
        self.lock = threading.RLock()
        """The connection may be shared by threads (a big library's list is drawn on the
        UI thread and walked by workers): one statement at a time."""
        self._shared: set[str] | None = None
        """Ids that copies of one text share (see unique_ids), read once."""
        self._is_read = is_read
        self._is_bookmarked = is_bookmarked
        self.attached = self._db is not None and self._attach(marks_file)
        """The marks are read in SQL from the state file, not asked of the callables."""
        if self._db is not None:
            self._db.create_function("has_tag", 2, _has_tag, deterministic=True)

    @contextlib.contextmanager
    def another(self) -> Iterator[Catalog]:
        """The same questions on a connection of their own, without the marks in SQL, for
        a worker's long ones (a million rows in title order, 0.84 s): the screen's reads of
        rows wait for none of them. This catalog itself for an index in memory."""
        if self._index.path is None:
            yield self
            return
        with self._index.another_reader() as index:
            if not index.available:
                yield self
                return
            yield Catalog(index, None, self._is_read, self._is_bookmarked)

    def _attach(self, marks_file: Path | None) -> bool:
        if self._db is None or marks_file is None or not marks_file.is_file():
            return False  # ATTACH would create the file
        try:
            self._db.execute("ATTACH DATABASE ? AS state", (str(marks_file),))
            self._db.execute("SELECT id, read_at, bookmarked_at FROM state.marks LIMIT 1")
        except (sqlite3.Error, ValueError):
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("DETACH DATABASE state")
            return False
        return True

    def counts(self) -> Counts:
        """Articles per section, read and unread."""
        counts: Counts = Counter()
        if self._db is None:
            return counts
        if self.attached:
            rows = self._db.execute(
                "SELECT f.section, count(*), count(m.read_at) FROM files f "
                "LEFT JOIN state.marks m ON m.id = f.id WHERE f.skip IS NULL GROUP BY f.section"
            )
            for value, total, read in rows:
                section = split_section(value)
                if read:
                    counts[(section, True)] += read
                if total > read:
                    counts[(section, False)] += total - read
            self._recount_copies(counts)
            return counts
        parts: dict[str, tuple[str, ...]] = {}
        is_read = self._is_read
        for value, article_id in self._db.execute(
            "SELECT section, id FROM files WHERE skip IS NULL"
        ):
            section = parts.get(value)
            if section is None:
                section = parts[value] = split_section(value)
            counts[(section, is_read(article_id))] += 1
        self._recount_copies(counts)
        return counts

    def tag_counts(self) -> list[TagCount]:
        """Each tag with its articles, read and unread (a copy of a text counts as its
        first copy is marked, as `rowids` has it)."""
        if self._db is None:
            return []
        tagged = "FROM files f {} WHERE f.skip IS NULL AND f.tags IS NOT NULL"
        if self.attached:
            rows = self._db.execute(
                "SELECT f.tags, m.read_at IS NULL "
                + tagged.format("LEFT JOIN state.marks m ON m.id = f.id")
            )
        else:
            is_read = self._is_read
            found = self._db.execute("SELECT f.tags, f.id " + tagged.format(""))
            rows = ((tags, not is_read(article_id)) for tags, article_id in found)
        return count_tags((tuple(tags.split(SECTION_SEP)), bool(unread)) for tags, unread in rows)

    def _tag_test(self, tag: str) -> tuple[str, list[str]]:
        """SQL (and its parameters) that a row of `files f` passes when it has this folded
        tag or one below it (`tag/…`, the range up to `tag0`)."""
        assert self._db is not None
        below = [tag, f"{tag}/", f"{tag}0"]
        tagged = "FROM tagged WHERE tag = ? OR (tag >= ? AND tag < ?)"
        found = self._db.execute(
            f"SELECT count(*) FROM (SELECT 1 {tagged} LIMIT ?)", [*below, RARE_TAG + 1]
        ).fetchone()[0]
        if found <= RARE_TAG:
            return f"f.file IN (SELECT file {tagged})", below
        return "f.tags IS NOT NULL AND has_tag(f.tags, ?)", [tag]

    def _recount_copies(self, counts: Counts) -> None:
        """Copies were counted by the marks of the id they share; count them by their own."""
        shared = self._copied([], every=True)
        for group in self._copies(shared).values():
            for raw, final in zip(group, unique_ids(group), strict=True):
                counts[(raw.section, self._is_read(raw.id))] -= 1
                counts[(raw.section, self._is_read(final.id))] += 1

    def bookmarks(self, bookmarked: list[str]) -> int:
        """How many of these bookmarked ids are articles of this library."""
        if self._db is None:
            return 0
        found = 0
        for start in range(0, len(bookmarked), _CHUNK):
            chunk = bookmarked[start : start + _CHUNK]
            found += self._db.execute(
                f"SELECT count(DISTINCT id) FROM files WHERE skip IS NULL AND id IN "
                f"({_marks(len(chunk))})",
                chunk,
            ).fetchone()[0]
        # Copies of a text have ids of their own, which the index does not hold.
        wanted = set(bookmarked)
        shared = self._copied([], every=True)
        return found + sum(
            1 for _rowid, meta in self._copy_rows() if meta.id not in shared and meta.id in wanted
        )

    def sections(self) -> list[tuple[str, ...]]:
        """Every distinct section path of the library, from one look into the section
        index per section (SELECT DISTINCT read all its entries: 66 ms at a million,
        for every search with `section:`; this, 0.1 ms)."""
        if self._db is None:
            return []
        rows = self._db.execute(
            "WITH RECURSIVE s(section) AS ("
            " SELECT (SELECT min(section) FROM files WHERE skip IS NULL)"
            " UNION ALL SELECT (SELECT min(section) FROM files WHERE skip IS NULL"
            " AND section > s.section) FROM s WHERE s.section IS NOT NULL"
            ") SELECT section FROM s WHERE section IS NOT NULL"
        )
        return [split_section(value) for (value,) in rows]

    def newest(
        self,
        sections: list[tuple[str, ...]] | None = None,
        match: str | None = None,
        exclude: str | None = None,
        *,
        unread: bool = False,
        bookmarked: bool = False,
        order: str = "date",
        tags: tuple[str, ...] = (),
    ) -> Iterator[ArticleMeta]:
        """Articles in these sections (None: all), with these `tags` (folded, as `tag:`
        has them), whose text matches and does not match these FTS5 expressions, newest
        first as `sort_articles` orders them (or in another `order`, as _ORDERS has it),
        read a few hundred at a time: a caller that wants the first few reads no more, at
        any library size. Copies of one text get their own ids, as a full read gives them."""
        if self._db is None or sections == []:
            return
        where, params = ["f.skip IS NULL"], []
        if sections is not None:
            where.append(f"f.section IN ({_marks(len(sections))})")
            params = [SECTION_SEP.join(section) for section in sections]
        for tag in tags:
            clause, values = self._tag_test(tag)
            where.append(clause)
            params += values
        # The matching document numbers are gathered once (integers, not file names: a
        # word in every article of a million is a million of them), then looked up by row.
        texts = (
            "EXISTS (SELECT 1 FROM docs d WHERE d.file = f.file "
            "AND d.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?))"
        )
        if match is not None:
            where.append(texts)
            params.append(match)
        if exclude is not None:
            where.append(f"NOT {texts}")
            params.append(exclude)
        join = ""
        if self.attached and (unread or bookmarked):
            # A copy of a text is marked under its own id (see unique_ids), not the one
            # the index holds: rows with copies pass here and are checked in `_marked`.
            copy = "EXISTS (SELECT 1 FROM files g WHERE g.id = f.id AND g.file != f.file)"
            join = "LEFT JOIN state.marks m ON m.id = f.id"
            if unread:
                where.append(f"(m.read_at IS NULL OR {copy})")
            if bookmarked:
                where.append(f"(m.bookmarked_at IS NOT NULL OR {copy})")
        columns = ", ".join(f"f.{name.strip()}" for name in COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT {columns} FROM files f {join} WHERE {' AND '.join(where)} "
            f"ORDER BY {'f.sort_time DESC' if order == 'date' else _ORDERS[order]}",
            params,
        )
        shared: dict[str, tuple[str, ...]] = {}
        if order != "date":
            while chunk := rows.fetchmany(_CHUNK):
                yield from self._marked([meta_of(row, shared) for row in chunk], unread, bookmarked)
            return
        second: int | None = None
        same: list[ArticleMeta] = []
        """Articles of one whole second: `sort_articles` orders those by path."""
        ready: list[ArticleMeta] = []
        for row in rows:
            meta = meta_of(row, shared)
            if int(meta.sort_time) != second:
                ready += sorted(same, key=_by_path)
                same = []
                second = int(meta.sort_time)
                if len(ready) >= _CHUNK:
                    yield from self._marked(ready, unread, bookmarked)
                    ready = []
            same.append(meta)
        ready += sorted(same, key=_by_path)
        yield from self._marked(ready, unread, bookmarked)

    def _marked(
        self, found: list[ArticleMeta], unread: bool, bookmarked: bool
    ) -> list[ArticleMeta]:
        """Copies given their own ids; then the mark filters where SQL could not apply them
        (no state attached, or a copy)."""
        copied = self._copied([meta.id for meta in found])
        check = {meta.file for meta in found if meta.id in copied}
        found = self._unique(found, copied)
        if not (unread or bookmarked) or (self.attached and not check):
            return found
        return [
            meta
            for meta in found
            if (self.attached and meta.file not in check)
            or (
                (not unread or not self._is_read(meta.id))
                and (not bookmarked or self._is_bookmarked(meta.id))
            )
        ]

    def _unique(self, found: list[ArticleMeta], shared: set[str]) -> list[ArticleMeta]:
        """Give copies their own ids (`shared`: the ids that have copies)."""
        if not shared:
            return found
        renamed = {
            meta.file: meta.id
            for group in self._copies(shared).values()
            for meta in unique_ids(group)
        }
        return [
            meta
            if renamed.get(meta.file, meta.id) == meta.id
            else replace(meta, id=renamed[meta.file])
            for meta in found
        ]

    def _copies(self, shared: set[str]) -> dict[str, list[ArticleMeta]]:
        """Every file of each of these ids."""
        assert self._db is not None
        copies: dict[str, list[ArticleMeta]] = {}
        wanted = sorted(shared)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM files WHERE skip IS NULL AND id IN ({_marks(len(chunk))})",
                chunk,
            )
            for row in rows:
                meta = record_of(row, {}).meta
                if meta is not None:
                    copies.setdefault(meta.id, []).append(meta)
        return copies

    def _copied(self, ids: list[str], every: bool = False) -> set[str]:
        """Which of these ids (or `every` id) more than one file has (copies of one text),
        as the last complete scan recorded them."""
        if self._shared is None:
            self._shared = self._index.copies()
        return set(self._shared) if every else self._shared.intersection(ids)

    # Rows of a big library's lists (see termnews.library.rows)

    def rowids(
        self,
        sections: list[tuple[str, ...]] | None = None,
        *,
        unread: bool = False,
        bookmarked: bool = False,
        order: str = "date",
    ) -> array:
        """The index row numbers of a list, in its order: 8 bytes an article.

        Unlike `newest`, the marks are taken as SQL has them: a copy of a text (see
        unique_ids) counts as marked when the text's first copy is.
        """
        if self._db is None or sections == []:
            return array("q")
        where, params = ["f.skip IS NULL"], []
        if sections is not None:
            where.append(f"f.section IN ({_marks(len(sections))})")
            params = [SECTION_SEP.join(section) for section in sections]
        join = ""
        if unread or bookmarked:
            if not self.attached:
                return self._rowids_by_callables(where, params, unread, bookmarked, order)
            join = "LEFT JOIN state.marks m ON m.id = f.id"
            if unread:
                where.append("m.read_at IS NULL")
            if bookmarked:
                where.append("m.bookmarked_at IS NOT NULL")
        with self.lock:
            rows = self._db.execute(
                f"SELECT f.rowid FROM files f {join} WHERE {' AND '.join(where)} "
                f"ORDER BY {_ORDERS[order]}",
                params,
            )
            return array("q", (rowid for (rowid,) in rows))

    def _rowids_by_callables(
        self, where: list[str], params: list, unread: bool, bookmarked: bool, order: str
    ) -> array:
        assert self._db is not None
        with self.lock:
            rows = self._db.execute(
                f"SELECT f.rowid, f.id FROM files f WHERE {' AND '.join(where)} "
                f"ORDER BY {_ORDERS[order]}",
                params,
            )
            return array(
                "q",
                (
                    rowid
                    for rowid, article_id in rows
                    if (not unread or not self._is_read(article_id))
                    and (not bookmarked or self._is_bookmarked(article_id))
                ),
            )

    def rowids_in(self, sections: list[tuple[str, ...]]) -> set[int]:
        """The index row numbers of the articles in these sections."""
        if self._db is None or not sections:
            return set()
        with self.lock:
            rows = self._db.execute(
                f"SELECT rowid FROM files WHERE skip IS NULL AND section IN "
                f"({_marks(len(sections))})",
                [SECTION_SEP.join(section) for section in sections],
            )
            return {rowid for (rowid,) in rows}

    def section_numbers(self, rowids: array) -> tuple[dict[tuple[str, ...], int], array]:
        """A number for each section, and the number of each row's section, in the order
        of `rowids`: a list of a few sections is then taken from the whole list at C speed
        (48 ms for a quarter of a million articles, against 214 ms from SQL)."""
        numbers: dict[tuple[str, ...], int] = {}
        if self._db is None:
            return numbers, array("H")
        with self.lock:
            top = self._db.execute("SELECT max(rowid) FROM files").fetchone()[0] or 0
            rows = self._db.execute("SELECT DISTINCT section FROM files WHERE skip IS NULL")
            sections = [value for (value,) in rows]
        if len(sections) >= 1 << 16:  # more than the array's numbers: not used
            return numbers, array("H")
        of_row = array("H", bytes(2 * (top + 1)))
        for number, section in enumerate(sections, 1):
            with self.lock:  # a section at a time (4 ms at most): the screen reads rows too
                found = self._db.execute(
                    "SELECT group_concat(rowid) FROM files WHERE skip IS NULL AND section IS ?",
                    (section,),
                ).fetchone()[0]
            numbers[split_section(section)] = number
            for rowid in map(int, found.split(",") if found else ()):
                of_row[rowid] = number
        return numbers, array("H", map(of_row.__getitem__, rowids))

    def marked_rowids(self, kind: str) -> set[int] | None:
        """The index rows of the articles read (`read`) or bookmarked, found from the marks
        (a few, usually) rather than from every article; None without the marks in SQL."""
        if self._db is None or not self.attached:
            return None
        column = {"read": "read_at", "bookmarked": "bookmarked_at"}[kind]
        with self.lock:
            rows = self._db.execute(
                # CROSS JOIN: SQLite then starts from the marks (few) and looks each up by
                # id, rather than walking a million articles for them (0.8 s).
                f"SELECT f.rowid FROM state.marks m CROSS JOIN files f ON f.id = m.id "
                f"WHERE m.{column} IS NOT NULL AND f.skip IS NULL"
            )
            found = {rowid for (rowid,) in rows}
            # A copy of a text is marked under its own id (see unique_ids), which the
            # index does not hold: each copy's row is decided by its own mark.
            has = self._is_read if kind == "read" else self._is_bookmarked
            for rowid, meta in self._copy_rows():
                if has(meta.id):
                    found.add(rowid)
                else:
                    found.discard(rowid)
            return found

    def _copy_rows(self) -> list[tuple[int, ArticleMeta]]:
        """(index row, article with its own id) of every copy of a text (few, usually)."""
        assert self._db is not None
        shared = sorted(self._copied([], every=True))
        rows: list[tuple[int, ArticleMeta]] = []
        for start in range(0, len(shared), _CHUNK):
            chunk = shared[start : start + _CHUNK]
            rows += [
                (rowid, meta_of(tuple(row), {}))
                for rowid, *row in self._db.execute(
                    f"SELECT rowid, {COLUMNS} FROM files WHERE skip IS NULL "
                    f"AND id IN ({_marks(len(chunk))})",
                    chunk,
                )
            ]
        by_file = {meta.file: meta for meta in unique_ids([meta for _rowid, meta in rows])}
        return [(rowid, by_file[meta.file]) for rowid, meta in rows]

    def rows(self, rowids: list[int]) -> list[ArticleMeta]:
        """The articles of these index rows, in this order (a row gone since is left out)."""
        if self._db is None:
            return []
        columns = ", ".join(f"f.{name.strip()}" for name in COLUMNS.split(","))
        found: dict[int, ArticleMeta] = {}
        shared: dict[str, tuple[str, ...]] = {}
        with self.lock:
            for start in range(0, len(rowids), _CHUNK):
                chunk = rowids[start : start + _CHUNK]
                for rowid, *row in self._db.execute(
                    f"SELECT f.rowid, {columns} FROM files f "
                    f"WHERE f.skip IS NULL AND f.rowid IN ({_marks(len(chunk))})",
                    chunk,
                ):
                    found[rowid] = meta_of(tuple(row), shared)
            ordered = [found[rowid] for rowid in rowids if rowid in found]
            return self._unique(ordered, self._copied([meta.id for meta in ordered]))

    def rowids_of(self, article_id: str) -> list[int]:
        if self._db is None:
            return []
        with self.lock:
            rows = self._db.execute(
                "SELECT rowid FROM files WHERE id = ? AND skip IS NULL", (article_id,)
            )
            return [rowid for (rowid,) in rows]

    def count(self) -> int:
        """Articles in the library."""
        if self._db is None:
            return 0
        with self.lock:
            return self._db.execute("SELECT count(*) FROM files WHERE skip IS NULL").fetchone()[0]

    def places(self, ids: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Each of these articles' file and section: what a mark records and the counts it
        moves, read alone (whole articles for the 273,034 of a section took 2.8 s)."""
        found: dict[str, tuple[str, tuple[str, ...]]] = {}
        if self._db is None:
            return found
        paths: dict[str, tuple[str, ...]] = {}
        with self.lock:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                for article_id, file, section in self._db.execute(
                    "SELECT id, file, section FROM files WHERE skip IS NULL "
                    f"AND id IN ({_marks(len(chunk))})",
                    chunk,
                ):
                    path = paths.get(section)
                    if path is None:
                        path = paths[section] = tuple(section.split(SECTION_SEP)) if section else ()
                    found[article_id] = (from_column(file), path)
        return found

    def places_of_rows(self, rowids: list[int]) -> Iterator[Place]:
        """Each row's article id, file, address and section: all that marking a list needs
        (a million read whole took 5.3 s, these 1.4 s). The lock is taken a
        chunk at a time, so that the screen can read its rows meanwhile."""
        if self._db is None:
            return
        paths: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(rowids), _CHUNK):
            chunk = rowids[start : start + _CHUNK]
            with self.lock:
                rows = self._db.execute(
                    "SELECT id, file, url, section FROM files WHERE skip IS NULL "
                    f"AND rowid IN ({_marks(len(chunk))})",
                    chunk,
                ).fetchall()
            for article_id, file, url, section in rows:
                path = paths.get(section)
                if path is None:
                    path = paths[section] = tuple(section.split(SECTION_SEP)) if section else ()
                yield article_id, from_column(file), url, path

    def by_ids(self, ids: list[str]) -> list[ArticleMeta]:
        """The articles with these ids (copies' own ids are not in the index: not found)."""
        return self._where("id", ids)

    def ids_by_url(self, urls: list[str]) -> dict[str, list[str]]:
        """The articles with each of these addresses: a mark synced from another machine
        names a feed item by its URL, whose text (and id) may differ here."""
        found: dict[str, list[str]] = {}
        if self._db is None:
            return found
        for start in range(0, len(urls), _CHUNK):
            chunk = urls[start : start + _CHUNK]
            with self.lock:  # a chunk at a time: the screen reads rows meanwhile
                rows = self._db.execute(
                    "SELECT url, id FROM files WHERE url IS NOT NULL AND skip IS NULL "
                    f"AND url IN ({_marks(len(chunk))})",
                    chunk,
                ).fetchall()
            for url, article_id in rows:
                found.setdefault(url, []).append(article_id)
        return found

    def by_files(self, files: list[str]) -> list[ArticleMeta]:
        return self._where("file", [to_column(file) for file in files])

    def _where(self, column: str, values: list) -> list[ArticleMeta]:
        if self._db is None:
            return []
        found = []
        with self.lock:
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                rows = self._db.execute(
                    f"SELECT {COLUMNS} FROM files WHERE skip IS NULL "
                    f"AND {column} IN ({_marks(len(chunk))})",
                    chunk,
                )
                found += [meta_of(row, {}) for row in rows]
        return found

    # Searching

    def search(
        self,
        query: Query,
        limit: int = 0,
        cancelled: Callable[[], bool] | None = None,
        order: str = "relevance",
    ) -> list[Hit]:
        """What `run_query` finds, in its order, reading only about as many rows as `limit`
        asks for (0: all): the best-scored first, a chunk at a time until `limit` pass the
        filters; or, for filters alone or words in most articles, the newest first. In
        another `order` (SEARCH_ORDERS), the first `limit` hits in it. Once `cancelled`
        says so, the full-text query stops (sqlite3.OperationalError)."""
        if not limit and order == "relevance":
            return list(self.each_hit(query, cancelled))
        negative = " OR ".join(term.fts for term in query.negative) or None
        expression = query.fts(query.positive) if query.positive else None
        share = self._share(expression) if expression is not None else 1.0
        if expression is not None and share <= COMMON:  # the hits can be ranked
            if order == "relevance":
                return self._ranked_hits(query, limit, expression, negative, cancelled)
            if not (limit and share > NEWEST_FROM):
                every = self._each_ranked(query, expression, negative, cancelled)
                return sort_hits(list(every), order)[: limit or None]
        if order == "relevance" or limit:  # the first in this order, read in order in SQL
            walk = "date" if order == "relevance" else order
            found = self._each_newest(query, expression, negative, cancelled, walk)
            return list(islice(found, limit or None))
        found = self._each_newest(query, expression, negative, cancelled)
        return sort_hits(list(found), order)

    def each_hit(self, query: Query, cancelled: Callable[[], bool] | None = None) -> Iterator[Hit]:
        """All that `search` finds, in relevance order, a page of rows read at a time as
        the hits are used: an export of a query matching a million articles holds one page
        of them, not a million."""
        negative = " OR ".join(term.fts for term in query.negative) or None
        expression = query.fts(query.positive) if query.positive else None
        if expression is not None and self._share(expression) <= COMMON:
            return self._each_ranked(query, expression, negative, cancelled)
        return self._each_newest(query, expression, negative, cancelled)

    def _ranked_hits(
        self,
        query: Query,
        limit: int,
        expression: str,
        negative: str | None,
        cancelled: Callable[[], bool] | None,
    ) -> list[Hit]:
        excluded = self._excluded(negative, cancelled)
        # Rows are read a chunk at a time: the limit's worth when every one will do, more
        # when filters will leave some out.
        step = max(4 * limit, 200) if query.filters else limit
        if not query.filters:
            # The best first, ranked in SQL: a third to a half less time than ranking every
            # match here when thousands match. All of them only if those are not enough
            # (rows of changed files). Filters could leave too few of any number asked,
            # and ranking twice costs more (`lee section:military unread`: 241 -> 306 ms).
            asked = step + len(excluded)
            best = self._index.search(expression, True, cancelled, best=asked)
            top = [(n, score) for n, score in best if n not in excluded]
            hits = list(islice(self._each_hit(top, query, step, cancelled), limit))
            if len(hits) >= limit or len(best) < asked:
                return hits
        found = self._each_ranked(query, expression, negative, cancelled, step, excluded)
        return list(islice(found, limit))

    def _each_ranked(
        self,
        query: Query,
        expression: str,
        negative: str | None,
        cancelled: Callable[[], bool] | None,
        step: int = 0,
        excluded: set[int] | None = None,
    ) -> Iterator[Hit]:
        """Every match ranked (the scores are held, 16 bytes a match), its articles read
        `step` rows (PAGE) at a time as they are used."""
        if excluded is None:
            excluded = self._excluded(negative, cancelled)
        ranked = sorted(
            (
                (n, score)
                for n, score in watched(self._index.search(expression, True, cancelled), cancelled)
                if n not in excluded
            ),
            key=lambda pair: pair[1],
            reverse=True,
        )
        return self._each_hit(ranked, query, step or PAGE, cancelled)

    def _excluded(self, negative: str | None, cancelled: Callable[[], bool] | None) -> set[int]:
        if not negative:
            return set()
        return {n for n, _ in self._index.search(negative, False, cancelled)}

    def _each_hit(
        self,
        ranked: list[tuple[int, float]],
        query: Query,
        step: int,
        cancelled: Callable[[], bool] | None,
    ) -> Iterator[Hit]:
        """The ranked rows' articles that pass the filters, read `step` rows at a time."""
        named = self._named_sections(query)
        inside = None if named is None else set(named)  # a quick test before the filters
        for start in range(0, len(ranked), step):
            if cancelled is not None and cancelled():
                raise SearchCancelled
            chunk = ranked[start : start + step]
            read = self._index.metas_of([number for number, _score in chunk])
            own = self._unique(list(read.values()), self._copied([m.id for m in read.values()]))
            metas = dict(zip(read, own, strict=True))  # copies with their own ids
            for number, score in chunk:
                meta = metas.get(number)
                if meta is None or (inside is not None and meta.section not in inside):
                    continue
                if self._passes(meta, query):
                    yield Hit(meta, score)

    def _named_sections(self, query: Query) -> list[tuple[str, ...]] | None:
        """The sections every `section:` filter of the query admits (None: no such filter)."""
        inside = None
        for wanted in (f.value for f in query.filters if f.kind == "section" and not f.negated):
            paths = self.sections() if inside is None else inside
            inside = [p for p in paths if contains_section(section_key(p), wanted)]  # type: ignore[arg-type]
        return inside

    def _each_newest(
        self,
        query: Query,
        match: str | None,
        exclude: str | None,
        cancelled: Callable[[], bool] | None = None,
        order: str = "date",
    ) -> Iterator[Hit]:
        inside = self._named_sections(query)
        tags = tuple(f.value for f in query.filters if f.kind == "tag" and not f.negated)
        found = self.newest(inside, match, exclude, order=order, tags=tags)  # type: ignore[arg-type]
        for meta in watched(found, cancelled):
            if self._passes(meta, query):
                yield Hit(meta, 0.0)

    def _passes(self, meta: ArticleMeta, query: Query) -> bool:
        read, bookmarked = self._is_read(meta.id), self._is_bookmarked(meta.id)
        return all(f.matches(meta, read, bookmarked) for f in query.filters)

    def _share(self, expression: str) -> float:
        """The share of the articles whose text matches: counted in a library of up to
        SAMPLE articles, estimated from the newest SAMPLE documents in a bigger one (a
        count of a word in every article of a million reads a million rows)."""
        assert self._db is not None
        live = self._db.execute(  # counted no further than needed: 23 ms at a million
            "SELECT count(*) FROM (SELECT 1 FROM docs LIMIT ?)", (SAMPLE + 1,)
        ).fetchone()[0]
        if not live:
            return 0.0
        texts = "rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
        if live <= SAMPLE:
            found = self._db.execute(
                f"SELECT count(*) FROM docs WHERE {texts}", (expression,)
            ).fetchone()[0]
            return found / live
        since = self._db.execute(
            "SELECT rowid FROM docs ORDER BY rowid DESC LIMIT 1 OFFSET ?", (SAMPLE - 1,)
        ).fetchone()[0]
        found = self._db.execute(  # orphaned rows among them count too: an estimate
            "SELECT count(*) FROM fts WHERE fts MATCH ? AND rowid >= ?", (expression, since)
        ).fetchone()[0]
        return found / SAMPLE
