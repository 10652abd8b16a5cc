"""Provides the SQLite store of bookmarks, read marks and remembered UI settings.

SQLite in WAL mode rather than a JSON file: every mark is its own small transaction, so two
termnews processes can mark different articles at once without one overwriting the other,
and a mark is on disk (synchronous=FULL) before the call returns.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from termnews.paths import from_column, to_column

STATE_FILE = "state.sqlite3"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x746E7773
"""`tnws` in the file header: a state file is termnews's own, never another program's."""
_OURS = {"marks", "settings"}
_BUSY_MS = 5000
_QUICK_MS = 50
"""How long a write from the UI thread may wait for another writer before it is queued."""
_SIDECARS = ("-wal", "-shm")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL DEFAULT '',
    read_at REAL,
    bookmarked_at REAL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_COLUMNS = {"read": "read_at", "bookmarked": "bookmarked_at"}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _no_constant(name: str) -> object:
    """NaN and Infinity are not JSON: a setting holding one is dropped, not used."""
    raise ValueError(name)


def _is_lock(error: sqlite3.Error) -> bool:
    return "locked" in str(error) or "busy" in str(error)


class StateError(Exception):
    """The state could not be saved; the message says why, for the user."""


class StateBusy(StateError):
    """Another writer holds the file right now; a quick write gave up rather than wait."""


class NotOurs(sqlite3.DatabaseError):
    """The state file is a SQLite database of another program."""


class StateStore:
    """Bookmarks and read marks by article id, plus small UI settings."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / STATE_FILE
        self.notices: list[str] = []
        """Things the user must be told about opening the state (set aside, read-only)."""
        self.read_only: str | None = None
        """Why marks cannot be saved this session, or None when they can."""
        self._db: sqlite3.Connection | None = None
        self._marks: dict[str, list[float | None]] = {}
        """Cached rows: id -> [read_at, bookmarked_at]."""
        self._settings: dict[str, object] = {}
        self._identity: tuple[int, int] | None = None
        """Device and inode of the file opened: if the data folder is deleted or replaced
        while termnews runs, writes would go to a file nobody will read again."""
        self._locked = False
        """Read-only only because another program held the file locked: retried on use."""
        self._version: int | None = None
        """SQLite's data_version when the marks were last read: it moves when another
        process commits, which makes noticing their marks a cheap poll."""
        self._lock = threading.RLock()
        """One connection, used from the UI thread and the thread that saves marks."""
        self._open()

    # Opening

    def _open(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._go_read_only(f"the data folder {self.data_dir} cannot be created ({error})")
            return
        problem = self._unusable_file()
        if problem and not self._set_aside(problem):
            return
        try:
            self._db = self._connect_patiently()
        except NotOurs as error:
            self._go_read_only(str(error))
            return
        except sqlite3.OperationalError as error:
            if _is_lock(error):
                self._open_locked()
                return
            self._open_read_only(error)
        except sqlite3.DatabaseError as error:
            if not self._set_aside(f"it is damaged ({error})"):
                return
            try:
                self._db = self._connect()
            except sqlite3.Error as again:
                self._go_read_only(f"a new state file cannot be made ({again})")
        if self._db is not None:
            self._load()
            self._identity = _identity(self.path)

    def _unusable_file(self) -> str | None:
        if not os.path.lexists(self.path):
            return None
        if not self.path.is_file():
            return "it is not a regular file"
        if not os.access(self.path, os.R_OK):
            return "it cannot be read (permission denied)"
        return None

    def _connect_patiently(self) -> sqlite3.Connection:
        """Retry a locked open: SQLite skips the busy handler while switching to WAL or
        recovering, so processes starting together can see "locked" at once."""
        deadline = time.monotonic() + _BUSY_MS / 1000
        pause = 0.01
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as error:
                if not _is_lock(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _connect(self, busy_ms: int = _BUSY_MS) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute(f"PRAGMA busy_timeout={busy_ms}")
            self._check_ours(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {check}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                self.read_only = (
                    f"the state file {self.path} was written by a newer termnews "
                    f"(schema {version}); it is opened read-only"
                )
                self.notices.append(self.read_only)
                return db
            if version < SCHEMA_VERSION:
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        except BaseException:
            db.close()
            raise
        return db

    def _check_ours(self, db: sqlite3.Connection) -> None:
        """Refuse, before changing anything, a database that another program made (a
        state file linked to some other SQLite file must not be converted or added to)."""
        app = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if app not in (0, APPLICATION_ID) or (tables and not tables <= _OURS | {"sqlite_sequence"}):
            raise NotOurs(
                f"the state file {self.path} is not termnews's (it holds another program's "
                "data); it is left untouched"
            )

    def _open_read_only(self, error: sqlite3.Error) -> None:
        """The folder or file cannot be written: still show the marks that are there."""
        if self.path.is_file():
            try:
                uri = f"{self.path.absolute().as_uri()}?immutable=1"
                self._db = sqlite3.connect(uri, uri=True, isolation_level=None)
                self._db.execute("SELECT count(*) FROM marks").fetchone()
            except sqlite3.Error:
                self._db = None
        self._go_read_only(f"the data folder {self.data_dir} is not writable ({error})")

    def _open_locked(self) -> None:
        """Another program holds the file: show the marks it has, and save again once the
        lock is gone (every write tries to reopen)."""
        self._locked = True
        self._go_read_only(f"the state file {self.path} is locked by another program")
        try:
            uri = f"{self.path.absolute().as_uri()}?mode=ro"
            reader = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0.2)
            self._marks = {
                row[0]: [row[1], row[2]]
                for row in reader.execute("SELECT id, read_at, bookmarked_at FROM marks")
            }
            reader.close()
        except sqlite3.Error:
            pass

    def _unlocked(self) -> bool:
        """Try again to open a file that was locked; True if it can be written now."""
        try:
            db = self._connect(busy_ms=100)
        except sqlite3.Error:
            return False
        self._db, self._locked, self.read_only = db, False, None
        self._identity = _identity(self.path)
        self.notices.append(f"the state file {self.path} is no longer locked; marks are saved")
        self._load()
        return True

    def _go_read_only(self, reason: str) -> None:
        self.read_only = reason
        self.notices.append(f"marks cannot be saved: {reason}")

    def _set_aside(self, why: str) -> bool:
        """Never overwrite an unusable state file: rename it with a timestamp and say where."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{STATE_FILE}.broken-{stamp}")
        counter = 1
        while os.path.lexists(target):
            counter += 1
            target = self.path.with_name(f"{STATE_FILE}.broken-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
            for suffix in _SIDECARS:
                sidecar = Path(f"{self.path}{suffix}")
                if sidecar.exists():
                    os.replace(sidecar, f"{target}{suffix}")
        except OSError as error:
            self._go_read_only(
                f"the state file {self.path} is unusable because {why}, "
                f"and it could not be moved aside ({error.strerror or error})"
            )
            return False
        self.notices.append(
            f"the state file was unusable because {why}; it was kept as {target} "
            "and termnews starts with empty state"
        )
        return True

    def reload(self) -> bool:
        """Read marks again (another termnews process may have changed them); True if they
        changed."""
        before = self._marks
        with self._lock:
            if self._db is not None:
                self._load()
        return self._marks != before

    def changed_on_disk(self) -> bool:
        """Whether `refresh` has anything to read: a cheap look that never waits."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            return self._locked or (self._db is not None and self._data_version() != self._version)
        finally:
            self._lock.release()

    def refresh(self) -> bool:
        """Read marks again only if another process committed since they were read: a
        cheap check, for polling. Never waits for a writer; True if marks changed."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._locked and self._unlocked():
                return True
            if self._db is None or self._data_version() == self._version:
                return False
            before = self._marks
            self._load()
            return self._marks != before
        finally:
            self._lock.release()

    def _data_version(self) -> int | None:
        assert self._db is not None
        try:
            return self._db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return None

    def _load(self) -> None:
        assert self._db is not None
        try:
            self._version = self._data_version()
            rows = self._db.execute("SELECT id, read_at, bookmarked_at FROM marks").fetchall()
            settings = self._db.execute("SELECT key, value FROM settings").fetchall()
        except sqlite3.Error as error:
            self._go_read_only(f"the state file cannot be read ({error})")
            return
        self._marks = {row[0]: [row[1], row[2]] for row in rows}
        for key, value in settings:
            try:
                self._settings[key] = json.loads(value, parse_constant=_no_constant)
            except (ValueError, RecursionError):
                continue

    # Reading

    def is_read(self, article_id: str) -> bool:
        row = self._marks.get(article_id)
        return row is not None and row[0] is not None

    def is_bookmarked(self, article_id: str) -> bool:
        row = self._marks.get(article_id)
        return row is not None and row[1] is not None

    def bookmarked_ids(self) -> list[str]:
        # Another thread may change the marks meanwhile (see _write), and a loop over them
        # would stop with an error. A dict's copy makes no object the garbage collector
        # tracks, so no collection (whose finalizers run Python code, where the
        # interpreter switches threads) can come in the middle of it: list(items) could.
        marks = self._marks.copy()
        return [article_id for article_id, row in marks.items() if row[1] is not None]

    def setting(self, key: str, default: object = None) -> object:
        return self._settings.get(key, default)

    # Writing

    def set_mark(self, kind: str, ids: Iterable[str], on: bool, paths: Mapping[str, str]) -> None:
        """Set `read` or `bookmarked` for the ids; on disk before this returns."""
        self.change(kind, ids, on, paths)

    def change(
        self,
        kind: str,
        ids: Iterable[str],
        on: bool,
        paths: Mapping[str, str],
        quick: bool = False,
    ) -> list[str]:
        """Set a mark and return the ids it really changed, judged against the file in the
        same transaction: marks another process made meanwhile are neither overwritten
        nor counted as this change's. `paths`: each article's file, kept with a mark set
        (a mark taken off needs none). `quick` raises StateBusy at once instead of
        waiting for another writer (for the UI thread)."""
        return self._flip(kind, _unique(ids), on, paths, quick)

    def revert(
        self,
        kind: str,
        ids: Iterable[str],
        on: bool,
        paths: Mapping[str, str],
        quick: bool = False,
    ) -> list[str]:
        """Undo a change that set the mark to `on`: only where the file still says `on`
        (what another process changed since stays as it is). Returns the ids put back."""
        return self._flip(kind, _unique(ids), not on, paths, quick)

    def _flip(
        self, kind: str, ids: list[str], on: bool, paths: Mapping[str, str], quick: bool
    ) -> list[str]:
        column = _COLUMNS[kind]
        stamp = time.time() if on else None
        index = 0 if kind == "read" else 1
        changed: list[str] = []

        # In id order, the file's index of ids is read and written in sequence: a
        # million new marks took 2.6 s so, 5.2 s in the list's order.
        in_order = _in_order(ids)

        def statements(db: sqlite3.Connection) -> None:
            already: set[str] = set()
            for start in range(0, len(in_order), 500):
                chunk = in_order[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT id FROM marks WHERE {column} IS NOT NULL AND id IN ({marks})", chunk
                )
                already.update(row[0] for row in rows)
            changed[:] = [i for i in ids if (i in already) is not on]
            if on:
                db.executemany(
                    f"INSERT INTO marks (id, path, {column}) VALUES (?, ?, ?) "
                    f"ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}, "
                    "path = excluded.path",
                    [(i, to_column(paths.get(i, "")), stamp) for i in in_order if i not in already],
                )
                return
            cleared = [i for i in in_order if i in already]
            for start in range(0, len(cleared), 500):  # a row left with no mark goes
                chunk = cleared[start : start + 500]
                marks = ",".join("?" * len(chunk))
                db.execute(f"UPDATE marks SET {column} = NULL WHERE id IN ({marks})", chunk)
                db.execute(
                    "DELETE FROM marks WHERE read_at IS NULL AND bookmarked_at IS NULL "
                    f"AND id IN ({marks})",
                    chunk,
                )

        def remember() -> None:
            for article_id in changed:
                row = self._marks.setdefault(article_id, [None, None])
                row[index] = stamp
                if row == [None, None]:
                    del self._marks[article_id]

        self._write(statements, quick, then=remember)
        return changed

    def set_setting(self, key: str, value: object) -> None:
        """Remember a UI setting; silently kept in memory only when read-only."""
        self._settings[key] = value
        if self.read_only is None:
            if isinstance(value, float) and not math.isfinite(value):
                return
            text = json.dumps(value)
            self._write(
                lambda db: db.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, text)
                )
            )

    def marked_paths(self) -> dict[str, str]:
        """The file each marked article was last seen in, by id ("" when not known)."""
        return {row[0]: from_column(row[1]) for row in self._rows("SELECT id, path FROM marks")}

    def relink(
        self,
        paths: Mapping[str, str],
        existing: Callable[[set[str]], set[str]] | None = None,
    ) -> int:
        """Keep marks with their articles: a mark's stored path follows a file that moved
        (same text, new path), and a file whose text changed in place (new id, same
        path) takes over the marks of its old id. Moved and then edited: both, in turn.

        `paths` holds the file of every article, or, given `existing` (which of some ids
        still name an article), only of the articles just parsed (library.refresh)."""
        if self.read_only is not None:
            return 0
        stored = self.marked_paths()
        moved = [
            (to_column(path), article_id)
            for article_id, path in paths.items()
            if article_id in stored and stored[article_id] != path
        ]
        orphans = {path: old for old, path in stored.items() if old not in paths and path}
        if existing is not None:
            parsed = set(paths.values())
            orphans = {path: old for path, old in orphans.items() if path in parsed}
            alive = existing(set(orphans.values()))
            orphans = {path: old for path, old in orphans.items() if old not in alive}
        moves = [
            (new, orphans[path])
            for new, path in paths.items()
            if path in orphans and new not in self._marks
        ]
        if moved or moves:

            def statements(db: sqlite3.Connection) -> None:
                db.executemany("UPDATE marks SET path = ? WHERE id = ?", moved)
                db.executemany("UPDATE OR IGNORE marks SET id = ? WHERE id = ?", moves)

            def remember() -> None:
                for new, old in moves:
                    self._marks[new] = self._marks.pop(old)

            self._write(statements, then=remember)
        return len(moves)

    def _make_again(self) -> None:
        """The state file went away under us: make a new one holding every mark we know."""
        if self._db is not None:
            self._db.close()
            self._db = None
        marks, settings = self._marks, self._settings
        self._open()
        if self._db is None:
            raise StateError(f"cannot save: {self.read_only or 'no state file'}")
        rows = [(i, "", read, bookmarked) for i, (read, bookmarked) in marks.items()]
        self._db.execute("BEGIN IMMEDIATE")
        self._db.executemany(
            "INSERT OR IGNORE INTO marks (id, path, read_at, bookmarked_at) VALUES (?, ?, ?, ?)",
            rows,
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
            [(key, json.dumps(value)) for key, value in settings.items()],
        )
        self._db.execute("COMMIT")
        self._load()
        self.notices.append(
            f"the state file {self.path} disappeared while termnews ran; it was made again "
            f"with the {len(rows):,} marks this session knew"
        )

    def close(self) -> None:
        """Fold the write-ahead log into state.sqlite3 and close: after this, the one file
        holds every mark, so a copy of it is a whole backup."""
        with self._lock:
            if self._db is None:
                return
            if self.read_only is None:
                # Another process reading stops a full checkpoint; it folds the log later.
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.close()
            self._db = None

    def _rows(self, sql: str) -> list[tuple]:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql).fetchall()
        except sqlite3.Error:
            return []

    def _write(
        self,
        statements: Callable[[sqlite3.Connection], object],
        quick: bool = False,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Run the statements in one immediate transaction, on disk before returning;
        `then`, once it is, still holding the lock (the marks held in memory are changed
        by the thread that merges, the writer thread and the screen's)."""
        if not self._lock.acquire(timeout=_QUICK_MS / 1000 if quick else -1):
            raise StateBusy("another write is under way")
        try:
            self._write_locked(statements, quick)
            if then is not None:
                then()
        finally:
            self._lock.release()

    def _write_locked(
        self, statements: Callable[[sqlite3.Connection], object], quick: bool
    ) -> None:
        """The write itself; the caller holds the lock."""
        if self._locked:
            self._unlocked()
        if self.read_only is not None or self._db is None:
            raise StateError(f"cannot save: {self.read_only or 'no state file'}")
        if _identity(self.path) != self._identity:
            self._make_again()
        db = self._db
        try:
            if quick:
                db.execute(f"PRAGMA busy_timeout={_QUICK_MS}")
            db.execute("BEGIN IMMEDIATE")
            statements(db)
            db.execute("COMMIT")
            self._version = self._data_version()
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if quick and _is_lock(error):
                raise StateBusy(str(error)) from None
            hint = " (is the disk full?)" if "disk" in str(error) else ""
            if _is_lock(error):
                hint = " (another program holds it locked; try again)"
            raise StateError(f"cannot save to {self.path}: {error}{hint}") from None
        finally:
            if quick:
                db.execute(f"PRAGMA busy_timeout={_BUSY_MS}")


_RUN = 10_000
"""Ids sorted or checked at a time (a few milliseconds): a million in one call of the
interpreter's own held the screen's thread for most of a second."""


def _unique(ids: Iterable[str]) -> list[str]:
    """The ids without repeats, in their order."""
    seen: set[str] = set()
    return [i for i in ids if not (i in seen or seen.add(i))]


def _in_order(ids: list[str]) -> list[str]:
    """The ids sorted, a run at a time and then merged, so that other threads run between."""
    if len(ids) <= _RUN:
        return sorted(ids)
    runs = [sorted(ids[start : start + _RUN]) for start in range(0, len(ids), _RUN)]
    return list(heapq.merge(*runs))
