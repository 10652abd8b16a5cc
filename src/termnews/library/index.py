"""Provides the library index: parsed article metadata kept in the user cache folder.

A start reads the index instead of parsing every file; the scan that follows parses only
files whose size or mtime changed. It is a cache and holds nothing that cannot be rebuilt:
a missing, damaged or outdated index is simply built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from termnews.library.model import ArticleMeta
from termnews.library.scan import FileRecord, ScanResult, ScanWarning
from termnews.library.trailers import TrailerRules

INDEX_VERSION = 1
"""Bump when parsing changes, so that old indexes are rebuilt rather than trusted."""
_SEP = "\x1f"
"""Joins section parts; cleaning removes control characters, so no part contains it."""
_COLUMNS = (
    "file, size, mtime_ns, skip, id, relpath, section, title, words, mtime, "
    "source, date, url, format, sort_time"
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    file TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, skip TEXT, id TEXT, relpath TEXT,
    section TEXT, title TEXT, words INTEGER, mtime REAL, source TEXT, date TEXT, url TEXT,
    format TEXT, sort_time REAL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class LibraryIndex:
    """One library's index (keyed by its folders); open it in the thread that uses it."""

    def __init__(self, cache_dir: Path, roots: Sequence[Path], rules: TrailerRules) -> None:
        key = "\0".join(sorted(str(root) for root in roots))
        digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=8)
        self.path = cache_dir / f"index-{digest.hexdigest()}.sqlite3"
        self._fingerprint = f"{INDEX_VERSION}:{rules.fingerprint}"
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> LibraryIndex:
        self._db = self._open()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _open(self) -> sqlite3.Connection | None:
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(_SCHEMA)
                stored = db.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
                if stored is None or stored[0] != self._fingerprint:
                    db.execute("DELETE FROM files")
                    db.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                        (self._fingerprint,),
                    )
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

    def _discard(self) -> None:
        """A damaged cache is deleted, not set aside: it holds nothing of the user's."""
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def records(self) -> dict[str, FileRecord]:
        """Every file as last seen, by absolute path."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM files").fetchall()
        except sqlite3.DatabaseError:
            return {}
        sections: dict[str, tuple[str, ...]] = {}
        records = {}
        for row in rows:
            file, size, mtime_ns, skip = row[:4]
            meta = None
            if skip is None:
                section = sections.get(row[6])
                if section is None:
                    section = sections[row[6]] = tuple(row[6].split(_SEP)) if row[6] else ()
                meta = ArticleMeta(
                    row[4], file, row[5], section, row[7], row[8], row[9], size,
                    row[10], row[11], row[12], row[13], row[14],
                )  # fmt: skip
            records[file] = FileRecord(file, size, mtime_ns, meta, skip)
        return records

    def cached_result(self) -> ScanResult:
        """The last scan as stored, without reading the library: for an instant start."""
        result = ScanResult(records=self.records())
        for record in sorted(result.records.values(), key=lambda record: record.file):
            if record.meta is None:
                result.warnings.append(ScanWarning(Path(record.file), record.skip or ""))
            else:
                result.articles.append(record.meta)
        return result

    def save(self, result: ScanResult) -> None:
        """Store what a scan parsed and forget removed files; failures only cost speed."""
        if self._db is None or not (result.changed or result.removed):
            return
        rows = [_row(record) for record in result.changed]
        try:
            self._db.execute("BEGIN")
            self._db.executemany("DELETE FROM files WHERE file = ?", [(f,) for f in result.removed])
            placeholders = ", ".join("?" * len(rows[0])) if rows else ""
            if rows:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO files ({_COLUMNS}) VALUES ({placeholders})", rows
                )
            self._db.execute("COMMIT")
        except sqlite3.Error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")


def _row(record: FileRecord) -> tuple:
    meta = record.meta
    if meta is None:
        return (record.file, record.size, record.mtime_ns, record.skip or "unusable") + (None,) * 11
    return (
        record.file, record.size, record.mtime_ns, None, meta.id, meta.relpath,
        _SEP.join(meta.section), meta.title, meta.words, meta.mtime, meta.source, meta.date,
        meta.url, meta.format, meta.sort_time,
    )  # fmt: skip
