"""Provides the walk over a library folder that finds and parses its article files.

Only new and changed files are parsed when the caller knows the previous scan (the index);
a large batch is parsed in worker processes, since parsing is CPU-bound Python.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import stat
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from termnews.library.decode import SkipFile
from termnews.library.model import ArticleMeta, search_text
from termnews.library.parse import glimpse_article, read_article
from termnews.library.records import (
    Batch,
    FileRecord,
    LibraryTooBig,
    Progress,
    ScanResult,
    ScanStopped,
    ScanWarning,
    Store,
    unique_ids,
)
from termnews.library.suffixes import ARTICLE_SUFFIXES, HTML_SUFFIXES
from termnews.library.trailers import TrailerRules
from termnews.processes import start_resource_tracker

PARALLEL_FROM = 400
"""Parse in worker processes when at least this many files need parsing."""
CHUNK = 250
"""Files per task: large enough to pay for the trip to a worker, small enough for progress."""
AHEAD = 12
"""Chunks handed to each worker at a time: enough to keep it parsing while this thread
writes a transaction to the index (and FTS5 merges its segments). With 3, the cores stood
idle 7-9% of a first build of 100,000 files; with 12, 3-4%, and the command line built it
in 35.5-38.4 s, not 38.6-42.0 s. Parsed chunks waiting meanwhile hold 25 MB more."""
FIRST = 50
"""Files in the first chunk, parsed at once for the first titles."""
GLIMPSE_FROM = 2_000
"""A scan with at least this many files to parse, shown as it goes, takes a first look at
every file (glimpse_article) before the full parse: all titles in seconds, not minutes."""
GLIMPSE_CHUNK = 1_000
"""Files per first-look task: a look costs a fifth of a parse, so bigger chunks."""
LOOKS_SHOWN_UPTO = 16_000
"""First looks are shown as their count doubles up to this many, then only when all are
in: a preview of tens of thousands costs the screen's thread a second the looks need."""
STORE_EVERY = 2_500
"""Parsed files handed to the index at a time: its full-text table writes a segment per
transaction and merges them. Writing 30,000 of the benchmark's articles 250 at a time took
0.26 ms a file; 2,500 at a time (with index.HASH_SIZE), 0.11 ms."""
STORE_CHARS = 32 << 20
"""Or once the held text is this long: 2,500 files of the 2 MB a file may hold would be
5 GB waiting in memory."""
WORKER_NICENESS = 5
"""How much lower the parsing workers' priority is than the reader's."""
_COMPANION = "_files"
"""The folder a browser saves beside a page (`Story_files/` beside `Story.html`, as
"Webpage, Complete" does) holds its images, scripts and frames (`saved_resource.html`, ad
and tracking frames), which are no articles."""


@dataclass(frozen=True, slots=True)
class _Found:
    """A file the walk found. A first build holds one for every file of the library, so
    it keeps its root (one string shared by all) and not its whole path: at a million
    files the list took 449 MB with both paths, a third of it the absolute ones."""

    root: str
    relpath: str
    """The path from root, with `/` between its parts."""
    size: int
    mtime_ns: int

    @property
    def file(self) -> str:
        """The path the walk found it by (the scandir entry's path)."""
        return os.path.join(self.root, self.relpath.replace("/", os.sep))


_VIRTUAL = frozenset(
    [
        "proc",
        "sysfs",
        "devtmpfs",
        "devpts",
        "cgroup",
        "cgroup2",
        "debugfs",
        "tracefs",
        "securityfs",
        "pstore",
        "bpf",
        "configfs",
        "fusectl",
        "mqueue",
        "hugetlbfs",
        "binfmt_misc",
        "efivarfs",
        "selinuxfs",
        "autofs",
        "nsfs",
    ]
)
"""File systems the kernel makes up: no articles, and /proc/*/root leads to every file."""


def virtual_devices() -> frozenset[int]:
    """Device numbers of the mounted virtual file systems (none where /proc/self/mounts
    cannot be read, as on macOS)."""
    devices = set()
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) >= 3 and fields[2] in _VIRTUAL:
                    with contextlib.suppress(OSError):
                        devices.add(os.stat(fields[1].replace("\\040", " ")).st_dev)
    except OSError:
        pass
    return frozenset(devices)


def find_article_files(
    root: Path,
    warnings: list[ScanWarning],
    folders: dict[str, int] | None = None,
    start: Sequence[tuple[str, str]] = (),
    known: Container[str] = (),
) -> Iterator[_Found]:
    """Article files below root with their relative paths, hidden names skipped.

    Linked folders are followed once: a folder already seen (by device and inode) is not
    entered again, so link loops end. Virtual file systems (/proc, /sys, /dev) are not
    entered at all. Given `start` ((folder, its path from root with a trailing slash)
    pairs), only those folders are read, and of their subfolders only the ones not
    `known`: what changed since the folders were last read (library.refresh).
    """
    seen: set[tuple[int, int]] = set()
    virtual = virtual_devices()
    base = str(root)
    stack: list[tuple[str, str]] = list(reversed(start)) or [(base, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            if folders is not None:
                folders[folder] = info.st_mtime_ns
            if info.st_dev in virtual:
                warnings.append(ScanWarning(Path(folder), "a virtual file system: not read"))
                continue
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda entry: entry.name, reverse=True)
        except OSError as error:
            reason = f"cannot open folder: {error.strerror or error}"
            warnings.append(ScanWarning(Path(folder), reason))
            continue
        pages: set[str] | None = None
        """Names of the saved pages in this folder, read once a `_files` folder is met."""
        for entry in listing:
            if entry.name.startswith("."):
                continue
            is_article = os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
            try:
                info = entry.stat()
            except OSError as error:
                if is_article:
                    reason = f"cannot open: {error.strerror or error}"
                    warnings.append(ScanWarning(Path(entry.path), reason))
                continue
            if stat.S_ISDIR(info.st_mode):
                if entry.name.endswith(_COMPANION):
                    pages = _page_stems(listing) if pages is None else pages
                    if entry.name[: -len(_COMPANION)].casefold() in pages:
                        continue  # a saved page's images, scripts and frames
                if entry.path not in known:
                    stack.append((entry.path, prefix + entry.name + "/"))
            elif is_article and stat.S_ISREG(info.st_mode):
                yield _Found(base, prefix + entry.name, info.st_size, info.st_mtime_ns)
            elif is_article:  # a device, pipe or socket: reading it could block or never end
                warnings.append(ScanWarning(Path(entry.path), "not a regular file"))


def _page_stems(listing: list[os.DirEntry]) -> set[str]:
    return {
        os.path.splitext(entry.name)[0].casefold()
        for entry in listing
        if os.path.splitext(entry.name)[1].lower() in HTML_SUFFIXES
    }


def scan_library(
    roots: Sequence[Path],
    rules: TrailerRules,
    progress: Progress | None = None,
    known: Mapping[str, FileRecord] | None = None,
    batch: Batch | None = None,
    store: Store | None = None,
    stop: Callable[[], bool] | None = None,
    hold_at_most: int | None = None,
) -> ScanResult:
    """Parse the articles under the roots; files unchanged since `known` are not read.
    Raises ScanStopped once `stop` says so (checked after each chunk): what was parsed by
    then has been handed to `store`; and LibraryTooBig, before parsing, once the walk
    has found `hold_at_most` files."""
    result = ScanResult()
    walk = (
        item
        for root in roots
        for item in find_article_files(Path(root), result.warnings, result.folders)
    )
    known = known or {}
    found: list[_Found] = []
    early: dict[str, FileRecord] = {}
    if batch is not None and not known:
        # A first scan: show a few titles before walking a big library to its end.
        found = list(itertools.islice(walk, FIRST))
        early = {record.file: record for record in parse_files(found, rules)}
        _hand_over(list(early.values()), store)
        batch([record.meta for record in early.values() if record.meta is not None])
    for item in walk:
        found.append(item)
        if hold_at_most is not None and len(found) >= hold_at_most:
            raise LibraryTooBig  # not walked to its end: it is not held
    records: dict[str, FileRecord] = {}
    todo: list[_Found] = []
    for item in found:
        record = known.get(item.file) or early.get(item.file)
        if record is not None and (record.size, record.mtime_ns) == (item.size, item.mtime_ns):
            records[record.file] = record
        else:
            todo.append(item)
    result.changed = list(early.values())
    unchanged = [record.meta for record in records.values() if record.meta is not None]
    for record in _parse_all(todo, rules, progress, batch, store, unchanged, stop):
        records[record.file] = record
        result.changed.append(record)
    result.removed = [file for file in known if file not in records]
    result.records = records
    for item in found:
        record = records[item.file]
        if record.meta is None:
            result.warnings.append(ScanWarning(Path(item.file), record.skip or "unusable"))
        else:
            result.articles.append(record.meta)
    result.articles = unique_ids(result.articles)
    if progress is not None and not todo:
        progress(len(found), len(found))
    return result


def parse_files(items: list[_Found], rules: TrailerRules) -> list[FileRecord]:
    """Parse some files; a skipped file becomes a record with the reason."""
    _read_ahead(items)
    records = []
    for item in items:
        try:
            article = read_article(Path(item.file), item.relpath, rules)
        except SkipFile as skip:
            records.append(FileRecord(item.file, item.size, item.mtime_ns, None, str(skip)))
        else:
            text = search_text(article)
            records.append(
                FileRecord(
                    item.file, item.size, item.mtime_ns, article.meta, None, text, article.extracted
                )
            )
    return records


def glimpse_files(items: list[_Found]) -> list[ArticleMeta]:
    """A first look at some files (glimpse_article); the ones it cannot take are left to
    the full parse, which says why."""
    _read_ahead(items)
    metas = []
    for item in items:
        with contextlib.suppress(SkipFile):
            metas.append(glimpse_article(Path(item.file), item.relpath))
    return metas


def _read_ahead(items: list[_Found]) -> None:
    """Ask the kernel for all the files at once: not in the disk cache, each file would
    otherwise be waited for in turn (all titles of 100,000 files: 15.4 s, not 8.7). In
    the cache, it costs a parse about 1%."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    for item in items:
        try:
            fd = os.open(item.file, flags)
        except OSError:
            continue  # the look says why
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def _parse_all(
    todo: Sequence[_Found] | Iterator[_Found],
    rules: TrailerRules,
    progress: Progress | None,
    batch: Batch | None,
    store: Store | None,
    unchanged: list[ArticleMeta],
    stop: Callable[[], bool] | None = None,
    total: int | None = None,
) -> Iterator[FileRecord]:
    """Parse the files, in worker processes when they are many. `todo` may be an iterator
    (a first build's walk, taken as the parse goes, so that a million found files are never
    held) with `total` its expected length, for progress; first looks need a sequence."""
    expected = len(todo) if isinstance(todo, Sequence) else (total or 0)
    chunks = _chunks(todo)
    done = 0
    held: list[FileRecord] = []
    """Parsed records not yet handed to the index (STORE_EVERY, STORE_CHARS)."""
    held_chars = 0
    stored = 0
    """Parsed files handed to the index: the progress reported."""
    # What `batch` is given: each file's article, parsed or (until then) glimpsed.
    shown = {meta.file: meta for meta in unchanged}

    def hand_over() -> None:
        nonlocal stored, held_chars
        _hand_over(held, store)
        stored += len(held)
        held.clear()
        held_chars = 0

    def report(records: list[FileRecord]) -> None:
        nonlocal done, held_chars
        done += len(records)
        held.extend(records)
        held_chars += sum(_text_size(record) for record in records)
        if len(held) >= STORE_EVERY or held_chars >= STORE_CHARS or done >= expected:
            hand_over()
        for record in records if batch is not None else ():  # held only to be shown
            if record.meta is None:
                shown.pop(record.file, None)
            else:
                shown[record.file] = record.meta
        if progress is not None:  # what is in the index: a search says what it has not seen
            progress(stored, max(expected, done))
        if batch is not None and not looks_due:  # first looks still coming: they report
            batch(list(shown.values()))
        if stop is not None and stop():
            hand_over()
            raise ScanStopped

    looks_due = 0
    given = 0

    def glimpsed(metas: list[ArticleMeta]) -> None:
        nonlocal looks_due, given
        looks_due -= 1
        for meta in metas:
            shown.setdefault(meta.file, meta)  # never over a parsed article
        # Handed on as they double while the list is small, and all at the end: each
        # costs the screen a rebuild, which takes its time from the looks.
        doubled = len(shown) >= 2 * given and given < LOOKS_SHOWN_UPTO
        if batch is not None and (doubled or not looks_due):
            given = len(shown)
            batch(list(shown.values()))
        if stop is not None and stop():
            raise ScanStopped

    # The first chunk is small and parsed here while the workers start: its titles are
    # on screen before the first worker has imported anything.
    first = next(chunks, [])
    numbered = enumerate(chunks, start=1)
    pending: dict[int, list[_Found]] = {}
    """Chunks handed to a worker and not back yet: parsed here if the workers fail."""

    def parse_tasks() -> Iterator[tuple[Callable, tuple, int | None]]:
        for index, chunk in numbered:
            pending[index] = chunk
            yield parse_files, (chunk, rules), index

    workers = os.cpu_count() or 1
    if expected >= PARALLEL_FROM and workers > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        # Tasks run in the order given: a first look at every file when a big first scan
        # is shown as it goes, then the full parse of each chunk.
        looks = (
            range(FIRST, expected, GLIMPSE_CHUNK)
            if batch is not None and expected >= GLIMPSE_FROM and isinstance(todo, Sequence)
            else range(0)
        )
        tasks: list[tuple[Callable, tuple, int | None]] = [
            (glimpse_files, (todo[at : at + GLIMPSE_CHUNK],), None)  # type: ignore[index]
            for at in looks
        ]
        looks_due = len(tasks)
        try:
            start_resource_tracker()
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_yield_to_the_reader
            )
            with contextlib.ExitStack() as closing:
                # Not `with pool`: that waits for every chunk handed out, and a reader that
                # quits mid-scan would hang its terminal that long.
                closing.callback(pool.shutdown, wait=False, cancel_futures=True)
                # A few chunks ahead per worker, not all: finished chunks carry their text
                # until stored, and must not pile up while this thread writes the index.
                queue = itertools.chain(tasks, parse_tasks())
                futures: dict[Future, int | None] = {}
                for task, args, index in itertools.islice(queue, workers * AHEAD):
                    futures[pool.submit(task, *args)] = index
                records = parse_files(first, rules)
                first = []
                report(records)
                yield from records
                while futures:
                    finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index = futures.pop(future)
                        for task, args, following in itertools.islice(queue, 1):
                            futures[pool.submit(task, *args)] = following
                        if index is None:
                            glimpsed(future.result())
                            continue
                        records = future.result()
                        del pending[index]
                        report(records)
                        yield from records
        except (OSError, ValueError, BrokenProcessPool):
            looks_due = 0  # no worker processes here: parse what is left in this process
    left = (pending.pop(index) for index in sorted(pending))
    for chunk in itertools.chain([first], left, (chunk for _, chunk in numbered)):
        if chunk:
            records = parse_files(chunk, rules)
            report(records)
            yield from records
    if held:  # fewer files than expected: the walk's folders changed since it counted
        hand_over()
    if progress is not None and done != expected:
        progress(stored, done)


def _chunks(todo: Iterable[_Found]) -> Iterator[list[_Found]]:
    """FIRST files, then CHUNK at a time."""
    files = iter(todo)
    size = FIRST
    while chunk := list(itertools.islice(files, size)):
        yield chunk
        size = CHUNK


def _yield_to_the_reader() -> None:
    """Parsing workers run at a lower priority: the screen that shows the scan, and the
    thread that writes the search index (which every worker waits on), come first."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)


def _text_size(record: FileRecord) -> int:
    return sum(map(len, record.text or ())) + len(record.extracted or "")


def _hand_over(records: list[FileRecord], store: Store | None) -> None:
    """Give freshly parsed records to the index, then drop their text."""
    if store is not None:
        store(records)
    for record in records:
        record.text = None
        record.extracted = None
