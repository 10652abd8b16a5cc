"""Provides marks that follow the user across machines through any file-sync tool, with no
server: each machine appends its mark changes to its own journal in a shared folder, and
reads everyone's.

A journal line is one change: `{"v": 1, "id": …, "url": …, "kind": "read", "on": true,
"at": [wall_ms, counter], "m": machine}`. `at` is a hybrid logical clock: wall time, and a
counter for changes in the same millisecond, never behind what the machine has already seen,
so a machine whose clock runs slow still orders its own changes after the ones it merged.
Per article (its URL when it has one: feed items fetched apart still match) and kind, the
newest change wins, ties broken by machine id (and, should two changes share a whole stamp,
by "on" over "off"): a merge that is commutative, associative and idempotent, so journals
can be read in any order, any number of times.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from termnews.paths import write_atomically

VERSION = 1
JOURNAL_GLOB = "marks-*.jsonl"
MACHINE_FILE = "machine-id"
COMPACT_AT = 1024 * 1024
"""Bytes past which a machine's own journal is rewritten with only the newest changes."""
KINDS = ("read", "bookmarked")

Key = tuple[str, str]
"""("url", address) or ("id", article id): what a change is about."""


@dataclass(frozen=True, order=True)
class Stamp:
    wall: int
    """Milliseconds since the epoch, as the clock said (or later)."""
    counter: int
    machine: str


@dataclass(frozen=True)
class Change:
    key: Key
    kind: str
    on: bool
    at: Stamp
    article_id: str = field(default="", compare=False)
    url: str | None = field(default=None, compare=False)

    def line(self) -> str:
        data = {
            "v": VERSION,
            "id": self.article_id,
            "url": self.url,
            "kind": self.kind,
            "on": self.on,
            "at": [self.at.wall, self.at.counter],
            "m": self.at.machine,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def key_of(article_id: str, url: str | None) -> Key:
    return ("url", url) if url else ("id", article_id)


def merge(*histories: Iterable[Change]) -> dict[tuple[Key, str], Change]:
    """The newest change per (article, kind) over every history given."""
    winners: dict[tuple[Key, str], Change] = {}
    for history in histories:
        for change in history:
            slot = (change.key, change.kind)
            current = winners.get(slot)
            if current is None or _order(change) > _order(current):
                winners[slot] = change
    return winners


def _order(change: Change) -> tuple[Stamp, bool]:
    """A total order: the stamp, then (only if two changes share a stamp, as when a data
    folder was copied to a second machine with its id) `on` over `off`."""
    return change.at, change.on


def parse_line(text: str) -> Change | None:
    """A change from one journal line, or None when the line is not one (garbage, or a
    change this version does not know). Unknown fields are ignored."""
    try:
        data = json.loads(text)
        wall, counter = data["at"]
        kind, on, machine = data["kind"], data["on"], data["m"]
        article_id, url = data.get("id") or "", data.get("url") or None
    except (ValueError, KeyError, TypeError):
        return None
    valid = (
        kind in KINDS
        and isinstance(on, bool)
        and isinstance(wall, int)
        and isinstance(counter, int)
        and isinstance(machine, str)
        and isinstance(article_id, str)
        and (url is None or isinstance(url, str))
        and (article_id or url)
    )
    if not valid:
        return None
    return Change(key_of(article_id, url), kind, on, Stamp(wall, counter, machine), article_id, url)


@dataclass
class JournalFile:
    changes: list[Change]
    bad_lines: int
    size: int
    mtime_ns: int
    inode: int = 0
    read_to: int = 0
    """Bytes of whole lines read: a journal grows by appends, read from here next time."""
    ending: bytes = b""
    """The last bytes read (up to _ENDING): the same there means the file only grew."""


_ENDING = 64


def read_journal(path: Path, known: JournalFile | None = None) -> JournalFile:
    """Every complete line: a last line still being written (no newline yet) waits for the
    next read; a garbage line is counted and skipped. `known`: the journal as last read,
    whose lines are kept and only the new ones read when the file grew by appends (a
    journal of 20,000 changes took 0.2 s to read whole, at each change)."""
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        start = 0
        if known is not None and known.inode == stat.st_ino and stat.st_size >= known.read_to:
            handle.seek(known.read_to - len(known.ending))
            if handle.read(len(known.ending)) == known.ending:
                start = known.read_to
        handle.seek(start)
        data = handle.read()
    complete = data[: data.rfind(b"\n") + 1]
    kept = known if start else None
    changes, bad = (list(kept.changes), kept.bad_lines) if kept else ([], 0)
    for raw in complete.split(b"\n"):
        if not raw.strip():
            continue
        change = parse_line(raw.decode("utf-8", "replace"))
        if change is None:
            bad += 1
        else:
            changes.append(change)
    ending = ((kept.ending if kept else b"") + complete)[-_ENDING:]
    read_to = start + len(complete)
    return JournalFile(changes, bad, stat.st_size, stat.st_mtime_ns, stat.st_ino, read_to, ending)


@dataclass
class SyncReport:
    """What one merge did."""

    applied: list[Change] = field(default_factory=list)
    """Changes from other machines (or this machine's other journals) now in the marks."""
    warnings: list[str] = field(default_factory=list)


Resolve = Callable[[list[Key]], Mapping[Key, list[str]]]
"""The local article ids each key stands for, asked once for a whole merge (a big
library's are looked up in its index, not held)."""
Current = Callable[[str, str], bool]
"""Whether a local article has a mark now (id, kind)."""
Apply = Callable[[str, list[str], bool], None]
"""Set a mark on local articles without journaling it again (kind, ids, on)."""


class SyncFolder:
    """This machine's side of a sync folder."""

    def __init__(self, sync_dir: Path, data_dir: Path, clock: Callable[[], float] = time.time):
        self.sync_dir = sync_dir
        self.machine = machine_id(data_dir)
        self.journal = sync_dir / f"marks-{self.machine}.jsonl"
        self.clock = clock
        self._last = Stamp(0, 0, self.machine)
        self._lock = threading.RLock()
        """Writing and reading share the clock and what was read: the reader merges on a
        thread of its own while a mark made on the screen is written."""
        self._seen: dict[Path, JournalFile] = {}
        self._warned: set[str] = set()
        """Each problem is told once (a journal that cannot be read is tried at every poll)."""
        self._untold: list[str] = []
        """What reads met (a garbage line, an unreadable journal) that no merge has
        reported yet: a read before writing, or for the status, may come first."""

    # Writing

    def stamp(self) -> Stamp:
        wall = max(int(self.clock() * 1000), self._last.wall)
        counter = self._last.counter + 1 if wall == self._last.wall else 0
        self._last = Stamp(wall, counter, self.machine)
        return self._last

    def record(self, kind: str, items: Iterable[tuple[str, str | None]], on: bool) -> None:
        """Append this machine's changes: one write, so a reader sees whole lines."""
        with self._lock:
            if not self._seen:
                self.read()  # the clock starts after every change already in the folder
            lines = []
            for article_id, url in items:
                change = Change(key_of(article_id, url), kind, on, self.stamp(), article_id, url)
                lines.append(change.line())
            if lines:
                self._append("".join(lines))

    def _append(self, text: str) -> None:
        self.sync_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and not _ends_with_newline(self.journal, size):
                text = "\n" + text  # a line cut off by a crash stays one bad line, alone
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.path.getsize(self.journal) > COMPACT_AT:
            self.compact()

    def compact(self) -> None:
        """Rewrite this machine's journal with only its newest change per article and kind."""
        own = read_journal(self.journal).changes
        newest = merge(own)
        ordered = sorted(newest.values(), key=lambda change: change.at)
        write_atomically(self.journal, "".join(change.line() for change in ordered))

    # Reading and merging

    def read(self) -> list[Change]:
        """Every change in every journal of the folder (conflict copies included)."""
        with self._lock:
            return self._read()

    def _read(self) -> list[Change]:
        changes: list[Change] = []
        paths = sorted(self.sync_dir.glob(JOURNAL_GLOB)) if self.sync_dir.is_dir() else []
        for path in paths:
            try:
                stat = path.stat()
                known = self._seen.get(path)
                if known is None or (known.size, known.mtime_ns) != (
                    stat.st_size,
                    stat.st_mtime_ns,
                ):
                    known = self._seen[path] = read_journal(path, known)
            except OSError as error:
                self._warn(f"{path}: cannot be read ({error.strerror or error})")
                continue
            if known.bad_lines:
                self._warn(f"{path}: {known.bad_lines} line(s) that are not mark changes skipped")
            changes.extend(known.changes)
        for gone in set(self._seen) - set(paths):
            del self._seen[gone]
        newest = max((change.at for change in changes), default=None)
        if newest is not None and (newest.wall, newest.counter) > (
            self._last.wall,
            self._last.counter,
        ):
            self._last = Stamp(newest.wall, newest.counter, self.machine)
        return changes

    def _warn(self, problem: str) -> None:
        if problem not in self._warned:
            self._warned.add(problem)
            self._untold.append(problem)

    def others(self) -> dict[str, list[int]]:
        """Each other machine's journal (conflict copies too) by name, with its size and
        time: a command that finds them as its last merge did has nothing to take in."""
        paths = self.sync_dir.glob(JOURNAL_GLOB) if self.sync_dir.is_dir() else []
        found = {}
        for path in paths:
            if path != self.journal:
                with contextlib.suppress(OSError):
                    info = path.stat()
                    found[path.name] = [info.st_size, info.st_mtime_ns]
        return found

    def changed_since_read(self) -> bool:
        """A cheap poll: has any journal appeared, gone, grown or been rewritten?"""
        if not self.sync_dir.is_dir():
            return False
        paths = set(self.sync_dir.glob(JOURNAL_GLOB))
        with self._lock:
            seen = dict(self._seen)
        if paths != set(seen):
            return True
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                return True
            known = seen[path]
            if (known.size, known.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                return True
        return False

    def merge_into(self, resolve: Resolve, current: Current, apply: Apply) -> SyncReport:
        """Make the local marks what the newest changes say, where they differ: per local
        article the newest change about it (its URL and its id may both have one), saved
        in one write per kind and direction (one each took a second per thousand)."""
        with self._lock:
            changes = self._read()
            report = SyncReport(warnings=self._untold)
            self._untold = []
        newest = list(merge(changes).values())
        found = resolve([change.key for change in newest])
        chosen: dict[tuple[str, str], Change] = {}
        for change in newest:
            for article_id in found.get(change.key, []):
                slot = (article_id, change.kind)
                if slot not in chosen or _order(change) > _order(chosen[slot]):
                    chosen[slot] = change
        groups: dict[tuple[str, bool], list[str]] = {}
        applied: dict[Change, None] = {}
        for (article_id, kind), change in chosen.items():
            if current(article_id, kind) is not change.on:
                groups.setdefault((kind, change.on), []).append(article_id)
                applied[change] = None
        for (kind, on), ids in groups.items():
            apply(kind, ids, on)
        report.applied = list(applied)
        return report

    def status(self) -> list[tuple[str, int, Stamp | None, str]]:
        """(machine, changes, newest change, journal file) for every journal."""
        with self._lock:
            self._read()
            seen = sorted(self._seen.items())
        rows = []
        for path, journal in seen:
            newest = max((change.at for change in journal.changes), default=None)
            machines = {change.at.machine for change in journal.changes}
            machine = (
                next(iter(machines)) if len(machines) == 1 else path.stem.removeprefix("marks-")
            )
            rows.append((machine, len(journal.changes), newest, path.name))
        return rows

    def bootstrap(self, marks: Callable[[], Iterable[tuple[str, str | None, str]]]) -> int:
        """The first time this machine syncs: its marks so far (asked for only then) go
        into its journal, so the other machines learn them. Returns how many."""
        with self._lock:
            if self.journal.exists():
                return 0
            self._read()
            items = list(marks())
            lines = [
                Change(key_of(i, url), kind, True, self.stamp(), i, url).line()
                for i, url, kind in items
            ]
            self._append("".join(lines) if lines else "")
            return len(items)


def machine_id(data_dir: Path) -> str:
    """A random id for this machine, made once and kept in the data folder."""
    path = data_dir / MACHINE_FILE
    try:
        value = path.read_text(encoding="ascii").strip()
        if value.isalnum() and 8 <= len(value) <= 64:
            return value
    except (OSError, UnicodeDecodeError):
        pass
    value = secrets.token_hex(8)
    data_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(path, value + "\n")
    return value


def _ends_with_newline(path: Path, size: int) -> bool:
    with path.open("rb") as handle:
        handle.seek(size - 1)
        return handle.read(1) == b"\n"
