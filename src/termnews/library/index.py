"""Provides the library index: article metadata and full-text search in the user cache folder.

A start reads the index instead of parsing every file; the scan that follows parses only
files whose size or mtime changed. It is a cache and holds nothing that cannot be rebuilt:
a missing, damaged or outdated index is simply built again.

The full-text table is contentless (the text stays in the article files, not a second copy
here), so its rows cannot be deleted; a changed or removed file's row is orphaned instead
(its `docs` row goes) and the whole index is rebuilt once orphans outnumber live rows.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from termnews.library.cjk import index_form
from termnews.library.model import ArticleMeta
from termnews.library.records import FileRecord, ScanResult, ScanWarning, unique_ids
from termnews.library.suffixes import PAGE_SUFFIXES
from termnews.library.trailers import TrailerRules
from termnews.paths import from_column, to_column

INDEX_VERSION = 26
"""Bump when parsing or the tables change, so that old indexes are rebuilt, not trusted."""
PAGES_VERSION = 8
"""Bump when only the extraction of saved pages changes: their rows go, and the next scan
reads the pages again, not the whole library."""
SECTION_SEP = "\x1f"
"""Joins section parts; cleaning removes control characters, so no part contains it."""
COLUMNS = (
    "file, size, mtime_ns, skip, id, relpath, section, title, words, mtime, "
    "source, date, url, format, sort_time, tags, author"
)
_SLOTS = ", ".join("?" * len(COLUMNS.split(",")))
TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
"""How the full-text index splits text into words: at what is not a letter, a digit or a
combining mark (the vowel signs of Hindi and Bengali, which unicode61's default reads as
spaces: `मोदी` was `म द`), with accents taken off. A query splits alike (query.py)."""
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS files (
    file TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, skip TEXT, id TEXT, relpath TEXT,
    section TEXT, title TEXT, words INTEGER, mtime REAL, source TEXT, date TEXT, url TEXT,
    format TEXT, sort_time REAL, tags TEXT, author TEXT
);
CREATE INDEX IF NOT EXISTS files_by_time ON files (sort_time);
CREATE INDEX IF NOT EXISTS files_by_id ON files (id);
CREATE INDEX IF NOT EXISTS files_in_sections ON files (section, id) WHERE skip IS NULL;
CREATE INDEX IF NOT EXISTS files_by_date ON files (CAST(sort_time AS INTEGER) DESC, relpath)
    WHERE skip IS NULL;
CREATE INDEX IF NOT EXISTS files_by_title ON files (title COLLATE NOCASE, relpath)
    WHERE skip IS NULL;
CREATE INDEX IF NOT EXISTS files_by_section_order
    ON files (section COLLATE NOCASE, CAST(sort_time AS INTEGER) DESC, relpath) WHERE skip IS NULL;
CREATE INDEX IF NOT EXISTS files_by_url ON files (url) WHERE url IS NOT NULL AND skip IS NULL;
CREATE TABLE IF NOT EXISTS copies (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS tagged (
    tag TEXT NOT NULL, file TEXT NOT NULL, PRIMARY KEY (tag, file)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tagged_by_file ON tagged (file);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT UNIQUE NOT NULL
);
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, markdown TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    headline, captions, body, content='', tokenize="{TOKENIZE}"
);
"""
_TABLES = ("files", "docs", "fts", "meta", "pages", "folders", "copies", "tagged")
HASH_SIZE = 32 << 20
"""Bytes of new terms the full-text table holds before writing them out (FTS5's default is
1 MB): a scan's transaction of 2,500 files (scan.STORE_EVERY) then writes one segment, not
a dozen, and there is less to merge."""
WEIGHTS = (10.0, 3.0, 1.0)
"""bm25 weights of headline, captions and body: a word in the headline counts ten times."""
_CHECK_EVERY = 1_000
"""SQLite steps between asking whether a search was cancelled: about 200 rows of hits."""
WAL_KEPT = 64 << 20
"""Bytes of the write-ahead log kept once it is checkpointed: a first scan of a million
articles merges its full-text segments in transactions of up to 4 GB, and the log would
stay that size beside the index for as long as the reader runs."""
RACY_NS = 2 * 10**9
"""A folder changed less than this long before it was read may change again unseen
within the same tick of the file system's clock (a few milliseconds, or 2 s on FAT)."""
_ORPHANS_FROM = 2000
"""Rebuild when orphaned full-text rows are at least this many and outnumber live ones."""


class LibraryIndex:
    """One library's index (keyed by its folders); open it in the thread that uses it."""

    def __init__(
        self,
        cache_dir: Path | None,
        roots: Sequence[Path],
        rules: TrailerRules,
        writer: bool = True,
    ) -> None:
        key = "\0".join(sorted(str(root) for root in roots))
        digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=8)
        self.path = cache_dir / f"index-{digest.hexdigest()}.sqlite3" if cache_dir else None
        """None for an index in memory, when the cache folder cannot be used."""
        self._fingerprint = f"{INDEX_VERSION}:{rules.fingerprint}"
        self._writer = writer
        """Only a writer creates, resets or rebuilds; a reader of an unusable index gets none."""
        self._db: sqlite3.Connection | None = None
        self._watching = False
        """A progress handler that stops statements is set (see watched)."""
        self.fresh = False
        """The index was made or emptied when opened: nothing in it, whatever a caller
        remembers of an earlier scan, so every file must be parsed again."""
        self.failed = False
        """A write was rolled back (locked past the timeout, disk full): what it held is
        not in the index, and a refresh must not record its folders as read."""

    def __enter__(self) -> LibraryIndex:
        return self.open()

    def another_reader(self) -> LibraryIndex:
        """A reader of this index on a connection of its own, not yet open (a worker's
        long questions then hold no lock that the screen's reads wait for)."""
        other = copy.copy(self)
        other._writer, other._db, other._watching = False, None, False
        return other

    def open(self) -> LibraryIndex:
        """Connect (creating, resetting or rebuilding as needed); `with` does this too."""
        self._db = self._open()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def available(self) -> bool:
        return self._db is not None

    @property
    def connection(self) -> sqlite3.Connection | None:
        """For the catalog's queries (termnews.library.catalog); None when unavailable."""
        return self._db

    def _open(self) -> sqlite3.Connection | None:
        if self.path is None:
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            db.executescript(_SCHEMA)
            db.execute("INSERT INTO meta VALUES ('orphans', 0)")
            _hold_terms(db)
            return db
        if not self._writer:
            return self._open_reader()
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(f"PRAGMA journal_size_limit={WAL_KEPT}")
                db.executescript(_SCHEMA)
                if self._outdated(db):
                    self._empty(db)
                _hold_terms(db)
                self._db = db
                self._forget_old_pages()
                return db
            except sqlite3.OperationalError:
                return None  # locked or not writable: go on without an index
            except sqlite3.DatabaseError:
                if attempt == 2:
                    return None
                self._discard()
            except OSError:
                return None
        return None

    def _empty(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        for table in _TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute("COMMIT")
        db.executescript(_SCHEMA)
        # Merged in larger steps: a first scan of 100,000 writes its text in a sixth less
        # time, and searches measure the same.
        db.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', 16)")
        db.execute(
            "INSERT INTO meta VALUES ('fingerprint', ?), ('orphans', 0)", (self._fingerprint,)
        )
        db.execute("INSERT INTO meta VALUES ('pages', ?)", (str(PAGES_VERSION),))
        self.fresh = True

    def empty(self) -> None:
        """Start again from nothing (fresh): for a first build over what a scan that
        stopped short left, whose files no record of the folders can tell gone."""
        if self._db is None:
            return
        try:
            self._empty(self._db)
            _hold_terms(self._db)
        except sqlite3.Error:
            self.failed = True
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def _open_reader(self) -> sqlite3.Connection | None:
        assert self.path is not None
        if not self.path.is_file():
            return None
        try:
            # Not bound to this thread: a list of a big library reads its rows from the UI
            # thread through a reader opened in a worker (each use holds the catalog's lock).
            db = sqlite3.connect(
                self.path, timeout=5, isolation_level=None, check_same_thread=False
            )
            stored = db.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
        except sqlite3.Error:
            return None
        if stored is None or stored[0] != self._fingerprint:
            db.close()
            return None
        return db

    def _outdated(self, db: sqlite3.Connection) -> bool:
        """Built by another version or other trailer rules, or mostly orphaned rows."""
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("fingerprint") != self._fingerprint:
            return True
        orphans = int(meta.get("orphans") or 0)
        if orphans < _ORPHANS_FROM:
            return False
        return orphans > db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def _forget_old_pages(self) -> None:
        """Saved pages extracted by an older PAGES_VERSION (skipped ones too) are forgotten,
        for the scan to extract again, and their folders' times too: a refresh, which reads
        only the folders whose time moved, reads theirs again."""
        assert self._db is not None
        stored = self._db.execute("SELECT value FROM meta WHERE key = 'pages'").fetchone()
        if stored is not None and stored[0] == str(PAGES_VERSION):
            return
        with self._writing() as db:  # should it fail, the next start tries again
            suffixes = sorted(PAGE_SUFFIXES)
            likes = " OR ".join(["lower(file) LIKE ?"] * len(suffixes))
            pages = db.execute(f"SELECT file FROM files WHERE {likes}", [f"%{s}" for s in suffixes])
            files = [from_column(file) for (file,) in pages]
            self._delete(files)
            folders = {os.path.dirname(file) for file in files}
            db.executemany(
                "UPDATE folders SET mtime_ns = -1 WHERE path = ?",
                [(to_column(folder),) for folder in folders],
            )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('pages', ?)", (str(PAGES_VERSION),))

    def _discard(self) -> None:
        """A damaged cache is deleted, not set aside: it holds nothing of the user's."""
        assert self.path is not None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def records(self) -> dict[str, FileRecord]:
        """Every file as last seen, by absolute path."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(f"SELECT {COLUMNS} FROM files").fetchall()
        except sqlite3.DatabaseError:
            return {}
        sections: dict[str, tuple[str, ...]] = {}
        records = {}
        for row in rows:
            record = record_of(row, sections)
            records[record.file] = record
        return records

    def newest(self, limit: int) -> list[ArticleMeta]:
        """About the newest articles, straight from the table's time index: the first
        screen of a big library, before the rest is read."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM files WHERE skip IS NULL ORDER BY sort_time DESC LIMIT ?",
                (limit,),
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        records = (record_of(row, {}) for row in rows)
        return [record.meta for record in records if record.meta is not None]

    def sections(self) -> list[tuple[tuple[str, ...], str]]:
        """(section, id) of every article, for counts without reading everything."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute("SELECT section, id FROM files WHERE skip IS NULL")
            parts: dict[str, tuple[str, ...]] = {}
            found = []
            for section, article_id in rows:
                path = parts.get(section)
                if path is None:
                    path = parts[section] = tuple(section.split(SECTION_SEP)) if section else ()
                found.append((path, article_id))
        except sqlite3.DatabaseError:
            return []
        return found

    def cached_result(self) -> ScanResult:
        """The last scan as stored, without reading the library: for an instant start."""
        result = ScanResult(records=self.records())
        for record in sorted(result.records.values(), key=lambda record: record.file):
            if record.meta is None:
                result.warnings.append(ScanWarning(Path(record.file), record.skip or ""))
            else:
                result.articles.append(record.meta)
        result.articles = unique_ids(result.articles)
        return result

    def store(self, records: list[FileRecord]) -> None:
        """Write freshly parsed files and their search text."""
        if self._db is None or not records:
            return
        with self._writing() as db:
            db.executemany(f"INSERT OR REPLACE INTO files ({COLUMNS}) VALUES ({_SLOTS})",
                           [_row(record) for record in records])  # fmt: skip
            orphans = self._drop_docs([record.file for record in records])
            self._tag([record.file for record in records], records)
            texts = [r for r in records if r.meta is not None and r.text is not None]
            # Numbers are never reused (AUTOINCREMENT): an orphaned text row keeps its
            # number, and a new document under it would match the old text.
            db.executemany(
                "INSERT INTO docs (file) VALUES (?)", [(to_column(r.file),) for r in texts]
            )
            last = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'docs'").fetchone()
            first = last[0] - len(texts) + 1 if last else 1
            db.executemany(
                "INSERT INTO fts (rowid, headline, captions, body) VALUES (?, ?, ?, ?)",
                [
                    (first + n, *(index_form(part) for part in record.text))  # type: ignore[union-attr]
                    for n, record in enumerate(texts)
                ],
            )
            self._count_orphans(orphans)
            db.executemany(
                "INSERT OR REPLACE INTO pages (file, size, mtime_ns, markdown) VALUES (?,?,?,?)",
                [
                    (to_column(r.file), r.size, r.mtime_ns, r.extracted)
                    for r in records
                    if r.extracted is not None
                ],
            )

    def save_scan(self, result: ScanResult) -> None:
        """What a complete scan found beside the files: its folders with their mtimes (how
        the command line tells that files were added or removed) and the ids that more than
        one file shares (copies of one text, which get ids of their own: see unique_ids)."""
        if self._db is None:
            return
        seen = Counter(r.meta.id for r in result.records.values() if r.meta is not None)
        with self._writing() as db:
            db.execute("DELETE FROM folders")
            db.executemany(
                "INSERT INTO folders (path, mtime_ns) VALUES (?, ?)", _folder_rows(result.folders)
            )
            db.execute("DELETE FROM copies")
            db.executemany(
                "INSERT INTO copies (id) VALUES (?)", [(i,) for i, n in seen.items() if n > 1]
            )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('copies', 'known')")

    def files_below(self, folder: str, direct: bool) -> dict[str, tuple[int, int, str | None]]:
        """(size, mtime_ns, id) of the files the index holds in a folder (`direct`), or
        anywhere below it: what a refresh compares the folder's listing with."""
        if self._db is None:
            return {}
        low = folder.rstrip(os.sep) + os.sep
        high = low[:-1] + chr(ord(os.sep) + 1)
        select = "SELECT file, size, mtime_ns, id FROM files WHERE "
        if isinstance(to_column(low), bytes):  # a name that is not UTF-8: all below are bytes
            rows = []
        elif direct:  # not the rows of every subfolder: the root's would be the library
            rows = self._db.execute(
                select + "file >= ? AND file < ? AND instr(substr(file, ?), ?) = 0",
                (low, high, len(low) + 1, os.sep),
            ).fetchall()
        else:
            rows = self._db.execute(select + "file >= ? AND file < ?", (low, high)).fetchall()
        # Paths that are not UTF-8 are kept as bytes, which sort after all text.
        odd = self._db.execute(select + "file >= x''").fetchall()
        found = {}
        for file, size, mtime_ns, article_id in [*rows, *odd]:
            path = from_column(file)
            rest = path[len(low) :]
            if path.startswith(low) and not (direct and os.sep in rest):
                found[path] = (size, mtime_ns, article_id)
        return found

    def present(self, ids: set[str]) -> set[str]:
        """Which of these ids name an article in the index."""
        if self._db is None:
            return set()
        wanted, found = sorted(ids), set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT DISTINCT id FROM files WHERE id IN ({marks}) AND skip IS NULL", chunk
            )
            found.update(article_id for (article_id,) in rows)
        return found

    def save_folders(self, read: dict[str, int], gone: Sequence[str]) -> None:
        """The folders a refresh read, with their times, and the ones it found gone."""
        if self._db is None:
            return
        with self._writing() as db:
            db.executemany("DELETE FROM folders WHERE path = ?", [(to_column(p),) for p in gone])
            db.executemany(
                "INSERT OR REPLACE INTO folders (path, mtime_ns) VALUES (?, ?)", _folder_rows(read)
            )

    def recount_copies(self, ids: set[str] | None) -> None:
        """Whether each of these ids (of files a refresh added, changed or removed) is still
        shared by more than one file: the rest of the copies table stands. None: all."""
        if self._db is None or ids == set():
            return
        if ids is None:
            with self._writing() as db:
                db.execute("DELETE FROM copies")
                db.execute(
                    "INSERT INTO copies (id) SELECT id FROM files WHERE id IS NOT NULL "
                    "AND skip IS NULL GROUP BY id HAVING count(*) > 1"
                )
                db.execute("INSERT OR REPLACE INTO meta VALUES ('copies', 'known')")
            return
        wanted = sorted(ids)
        with self._writing() as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM copies WHERE id IN ({marks})", chunk)
                db.execute(
                    f"INSERT INTO copies (id) SELECT id FROM files WHERE id IN ({marks}) "
                    "AND skip IS NULL GROUP BY id HAVING count(*) > 1",
                    chunk,
                )

    def copies(self) -> set[str]:
        """The ids that more than one file shares, as the last complete scan found them (or,
        in an index made before scans recorded them, found in the files table)."""
        if self._db is None:
            return set()
        try:
            known = self._db.execute("SELECT 1 FROM meta WHERE key = 'copies'").fetchone()
            rows = self._db.execute(
                "SELECT id FROM copies"
                if known
                else "SELECT id FROM files WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1"
            )
            return {article_id for (article_id,) in rows}
        except sqlite3.DatabaseError:
            return set()

    def folders(self) -> dict[str, int]:
        """The folders the last scan read, with their times; none while saved pages wait to
        be forgotten (a new PAGES_VERSION), which only a writer does (_forget_old_pages)."""
        if self._db is None:
            return {}
        try:
            pages = self._db.execute("SELECT value FROM meta WHERE key = 'pages'").fetchone()
            if pages != (str(PAGES_VERSION),):
                return {}
            rows = self._db.execute("SELECT path, mtime_ns FROM folders").fetchall()
        except sqlite3.DatabaseError:
            return {}
        return {from_column(path): mtime for path, mtime in rows}

    def lookup(self, prefix: str) -> list[ArticleMeta]:
        """Articles whose id starts with the prefix, straight from the index."""
        if self._db is None or not prefix.isalnum():
            return []
        try:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM files WHERE skip IS NULL AND id >= ? AND id < ?",
                (prefix, prefix + "\uffff"),
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        records = (record_of(row, {}) for row in rows)
        return [record.meta for record in records if record.meta is not None]

    def metas_of(self, numbers: list[int]) -> dict[int, ArticleMeta]:
        """The articles behind some document numbers (the hits of a search), read from the
        index alone; orphaned numbers have none."""
        if self._db is None:
            return {}
        columns = ", ".join(f"f.{name.strip()}" for name in COLUMNS.split(","))
        found: dict[int, ArticleMeta] = {}
        sections: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT d.rowid, {columns} FROM docs d JOIN files f ON f.file = d.file "
                f"WHERE d.rowid IN ({marks}) AND f.skip IS NULL",
                chunk,
            ).fetchall()
            for number, *row in rows:
                record = record_of(tuple(row), sections)
                if record.meta is not None:
                    found[number] = record.meta
        return found

    def page(self, file: str, size: int, mtime_ns: int) -> str | None:
        """The article extracted from a saved page when the page is as it was then: opening
        it costs a lookup, not an extraction."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT markdown FROM pages WHERE file = ? AND size = ? AND mtime_ns = ?",
                (to_column(file), size, mtime_ns),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def forget(self, files: list[str]) -> None:
        """Files that are gone: their metadata goes, their text rows become orphans."""
        if self._db is None or not files:
            return
        with self._writing():
            self._delete(files)

    def _delete(self, files: list[str]) -> None:
        assert self._db is not None
        self._db.executemany("DELETE FROM files WHERE file = ?", [(to_column(f),) for f in files])
        self._db.executemany("DELETE FROM pages WHERE file = ?", [(to_column(f),) for f in files])
        self._tag(files, [])
        self._count_orphans(self._drop_docs(files))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction; if it fails it is rolled back, which only costs speed."""
        assert self._db is not None
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error:
            self.failed = True
            if db.in_transaction:
                db.execute("ROLLBACK")

    def _tag(self, files: list[str], records: list[FileRecord]) -> None:
        """The files' rows of the tags table (what `tag:` finds of a rare tag without
        reading every tagged article) become the records' tags."""
        assert self._db is not None
        self._db.executemany("DELETE FROM tagged WHERE file = ?", [(to_column(f),) for f in files])
        self._db.executemany(
            "INSERT OR IGNORE INTO tagged (tag, file) VALUES (?, ?)",
            [
                (tag.casefold(), to_column(record.file))
                for record in records
                if record.meta is not None
                for tag in record.meta.tags
            ],
        )

    def _drop_docs(self, files: list[str]) -> int:
        assert self._db is not None
        before = self._db.total_changes
        self._db.executemany("DELETE FROM docs WHERE file = ?", [(to_column(f),) for f in files])
        return self._db.total_changes - before

    def _count_orphans(self, number: int) -> None:
        if number and self._db is not None:
            self._db.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'orphans'",
                (number,),
            )

    def search(
        self,
        expression: str,
        scored: bool = True,
        cancelled: Callable[[], bool] | None = None,
        best: int = 0,
    ) -> list[tuple[int, float]]:
        """(document number, score) of the text rows matching an FTS5 expression; higher
        scores are better, and all 0 when not `scored` (a quarter of the time for a word in
        every article). `best`: only that many, the best first, ranked in SQL (ties by
        number, as a stable sort of them all leaves them). Orphaned rows come too:
        `documents()` does not know them. Once `cancelled` says so, the query stops
        (sqlite3.OperationalError: interrupted)."""
        if self._db is None:
            return []
        if cancelled is not None and cancelled():
            raise sqlite3.OperationalError("interrupted")
        with self.watched(cancelled):
            if not scored:
                return self._db.execute(
                    "SELECT rowid, 0.0 FROM fts WHERE fts MATCH ?", (expression,)
                ).fetchall()
            if best:
                return self._db.execute(
                    "SELECT rowid, -bm25(fts, ?, ?, ?) FROM fts WHERE fts MATCH ? "
                    "ORDER BY bm25(fts, ?, ?, ?), rowid LIMIT ?",
                    (*WEIGHTS, expression, *WEIGHTS, best),
                ).fetchall()
            return self._db.execute(
                "SELECT rowid, -bm25(fts, ?, ?, ?) FROM fts WHERE fts MATCH ?",
                (*WEIGHTS, expression),
            ).fetchall()

    @contextlib.contextmanager
    def watched(self, cancelled: Callable[[], bool] | None) -> Iterator[None]:
        """Every statement run meanwhile stops (sqlite3.OperationalError: interrupted) once
        `cancelled` says so: a search made stale by the next key must not run on beside
        it (typing `"the government"` at a million articles piled up 17 s of them)."""
        if self._db is None or cancelled is None or self._watching:
            yield
            return
        self._watching = True
        self._db.set_progress_handler(cancelled, _CHECK_EVERY)
        try:
            yield
        finally:
            self._db.set_progress_handler(None, 0)
            self._watching = False

    def documents(self, after: int = 0) -> Iterator[tuple[int, str]]:
        """Every live document number (above `after`: numbers only grow) with its file, row
        by row (100,000 at once would be 30 MB held only to be looked up once)."""
        if self._db is None:
            return
        rows = self._db.execute("SELECT rowid, file FROM docs WHERE rowid > ?", (after,))
        for number, file in rows:
            yield number, from_column(file)


def _folder_rows(folders: dict[str, int]) -> list[tuple[str | bytes, int]]:
    """A folder's time as read, or, when it is so recent that a file added in the same tick
    of the file system's clock would leave it as it is, a time it does not have: the folder
    is read again next time (git's "racily clean" entries)."""
    now = time.time_ns()
    return [
        (to_column(path), mtime - 1 if abs(now - mtime) < RACY_NS else mtime)
        for path, mtime in folders.items()
    ]


def _hold_terms(db: sqlite3.Connection) -> None:
    """Set HASH_SIZE, on indexes made before it too (their next big scan gains as well);
    an index another process is writing gets it next time."""
    with contextlib.suppress(sqlite3.OperationalError):
        if not db.execute("SELECT 1 FROM fts_config WHERE k = 'hashsize'").fetchone():
            db.execute("INSERT INTO fts (fts, rank) VALUES ('hashsize', ?)", (HASH_SIZE,))


def record_of(row: tuple, sections: dict[str, tuple[str, ...]]) -> FileRecord:
    """A files row as a record; `sections` shares one tuple per distinct section."""
    file, size, mtime_ns, skip = row[:4]
    if skip is not None:
        return FileRecord(from_column(file), size, mtime_ns, None, skip)
    meta = meta_of(row, sections)
    return FileRecord(meta.file, size, mtime_ns, meta)


def meta_of(row: tuple, sections: dict[str, tuple[str, ...]]) -> ArticleMeta:
    """The article of a files row that was not skipped."""
    if type(row[0]) is bytes:  # a name that is not UTF-8 (see termnews.paths)
        row = (from_column(row[0]), *row[1:5], from_column(row[5]), *row[6:])
    section = sections.get(row[6])
    if section is None:
        section = sections[row[6]] = tuple(row[6].split(SECTION_SEP)) if row[6] else ()
    tags = tuple(row[15].split(SECTION_SEP)) if row[15] else ()
    return ArticleMeta(
        row[4], row[0], row[5], section, row[7], row[8], row[9], row[1],
        row[10], row[11], row[12], row[13], row[14], tags, row[16],
    )  # fmt: skip


def _row(record: FileRecord) -> tuple:
    meta = record.meta
    if meta is None:
        return (to_column(record.file), record.size, record.mtime_ns, record.skip or "unusable") + (
            None,
        ) * 13
    return (
        to_column(record.file), record.size, record.mtime_ns, None, meta.id,
        to_column(meta.relpath),
        SECTION_SEP.join(meta.section), meta.title, meta.words, meta.mtime, meta.source, meta.date,
        meta.url, meta.format, meta.sort_time, SECTION_SEP.join(meta.tags) or None, meta.author,
    )  # fmt: skip
