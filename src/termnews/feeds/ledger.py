"""Provides what termnews remembers about each feed between fetches: validators for
conditional GET, when to check next, errors, and every item it wrote (or deleted).

A SQLite file of its own in the data folder (`feeds.sqlite3`, WAL mode), apart from the
marks: losing it costs one full download of each feed, never a duplicate item, because
the item files carry their feed and GUID and `recover` reads them back.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from termnews.paths import from_column, to_column

LEDGER_FILE = "feeds.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    folder TEXT,
    title TEXT,
    etag TEXT,
    modified TEXT,
    last_fetch REAL,
    last_success REAL,
    next_check REAL,
    last_error TEXT,
    errors INTEGER NOT NULL DEFAULT 0,
    frame TEXT
);
CREATE TABLE IF NOT EXISTS items (
    feed TEXT NOT NULL,
    identity TEXT NOT NULL,
    path TEXT NOT NULL,
    digest TEXT NOT NULL,
    file_digest TEXT NOT NULL,
    published REAL,
    written REAL NOT NULL,
    updated REAL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed, identity)
);
CREATE INDEX IF NOT EXISTS items_path ON items (path);
"""


@dataclass
class FeedRecord:
    """One feed's remembered state."""

    url: str
    folder: str | None = None
    """Its folder in the feeds folder, kept once chosen so renames do not move files."""
    title: str | None = None
    etag: str | None = None
    modified: str | None = None
    last_fetch: float | None = None
    last_success: float | None = None
    next_check: float | None = None
    last_error: str | None = None
    errors: int = 0
    frame: str | None = None
    """The section, name and tags its items were last written with (reframe.Frame.key)."""


@dataclass
class ItemRecord:
    feed: str
    identity: str
    path: str
    digest: str
    """Hash of what the feed said (title, link, content): changes when the item does."""
    file_digest: str
    """Hash of the file as written: a file that no longer matches was edited by the user."""
    published: float | None
    written: float
    updated: float | None = None
    """When the file was last rewritten because the item changed."""
    deleted: bool = False


class FeedLedger:
    """The ledger of feeds and their items; safe to use from the fetching threads."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / LEDGER_FILE
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 5000")
        self._db.execute("PRAGMA journal_mode = WAL")
        # NORMAL: a power cut may lose the last commits, never corrupt the file; what is
        # lost comes back from the item files themselves (recover), so no fsync per feed.
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(_SCHEMA)
        self._add_column("frame")
        self._lock = threading.RLock()

    def _add_column(self, name: str) -> None:
        """A ledger made before the feeds table had this column gets it (another process
        may add it at the same moment)."""
        if name not in self._columns():
            try:
                self._db.execute(f"ALTER TABLE feeds ADD COLUMN {name} TEXT")
            except sqlite3.OperationalError:
                if name not in self._columns():
                    raise

    def _columns(self) -> set[str]:
        return {row[1] for row in self._db.execute("PRAGMA table_info(feeds)")}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # Feeds

    def feed(self, url: str) -> FeedRecord:
        with self._lock:
            row = self._db.execute(
                "SELECT url, folder, title, etag, modified, last_fetch, last_success, "
                "next_check, last_error, errors, frame FROM feeds WHERE url = ?",
                (url,),
            ).fetchone()
        return FeedRecord(*row) if row else FeedRecord(url)

    def save_feed(self, record: FeedRecord) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT OR REPLACE INTO feeds (url, folder, title, etag, modified, last_fetch, "
                "last_success, next_check, last_error, errors, frame) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.url,
                    record.folder,
                    record.title,
                    record.etag,
                    record.modified,
                    record.last_fetch,
                    record.last_success,
                    record.next_check,
                    record.last_error,
                    record.errors,
                    record.frame,
                ),
            )

    def save_frame(self, url: str, frame: str | None) -> None:
        """Only the frame: a fetch of the feed elsewhere may be saving the rest."""
        with self._writing() as db:
            db.execute("UPDATE feeds SET frame = ? WHERE url = ?", (frame, url))

    def rename_feed(self, old: str, new: str) -> None:
        """A feed that moved for good (301/308) keeps its folder, items and marks."""
        with self._writing() as db:
            db.execute("DELETE FROM feeds WHERE url = ?", (new,))
            db.execute("UPDATE feeds SET url = ? WHERE url = ?", (new, old))
            db.execute("UPDATE OR IGNORE items SET feed = ? WHERE feed = ?", (new, old))

    def forget_feed(self, url: str) -> None:
        with self._writing() as db:
            db.execute("DELETE FROM feeds WHERE url = ?", (url,))
            db.execute("DELETE FROM items WHERE feed = ?", (url,))

    def folders(self) -> dict[str, str]:
        """Feed URL -> folder, for every feed that has one."""
        with self._lock:
            rows = self._db.execute("SELECT url, folder FROM feeds WHERE folder IS NOT NULL")
            return dict(rows.fetchall())

    # Items

    def items(self, feed: str, deleted: bool | None = None) -> list[ItemRecord]:
        query = (
            "SELECT feed, identity, path, digest, file_digest, published, written, updated, "
            "deleted FROM items WHERE feed = ?"
        )
        if deleted is not None:
            query += f" AND deleted = {int(deleted)}"
        with self._lock:
            rows = self._db.execute(query, (feed,)).fetchall()
        return [ItemRecord(r[0], r[1], from_column(r[2]), *r[3:8], bool(r[8])) for r in rows]

    def by_path(self, paths: Iterable[str]) -> dict[str, ItemRecord]:
        """The records of files that termnews wrote, by path."""
        wanted = [to_column(path) for path in paths]
        found: dict[str, ItemRecord] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT feed, identity, path, digest, file_digest, published, written, "
                    f"updated, deleted FROM items WHERE path IN ({marks})",
                    chunk,
                ).fetchall()
                for r in rows:
                    record = ItemRecord(r[0], r[1], from_column(r[2]), *r[3:8], bool(r[8]))
                    found[record.path] = record
        return found

    def save_items(self, records: Iterable[ItemRecord]) -> None:
        rows = [
            (
                r.feed,
                r.identity,
                to_column(r.path),
                r.digest,
                r.file_digest,
                r.published,
                r.written,
                r.updated,
                int(r.deleted),
            )
            for r in records
        ]
        if not rows:
            return
        with self._writing() as db:
            db.executemany(
                "INSERT OR REPLACE INTO items (feed, identity, path, digest, file_digest, "
                "published, written, updated, deleted) VALUES (?,?,?,?,?,?,?,?,?)",
                rows,
            )
