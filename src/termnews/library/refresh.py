"""Provides bringing the index up to date by reading only the folders whose time changed.

A folder's time moves when a file in it is added, removed or renamed, and a new or removed
folder moves its parent's (the command line's rule, in the README). So the files of the
changed folders are compared with the index, the new and changed ones parsed and the gone
ones forgotten; no other file is looked at and no article is held in memory, where a full
scan stats every file and holds every article (1.5 GB at a million). A new index is built
the same way from every folder: it holds only the list of files still to parse.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termnews.library.index import LibraryIndex
from termnews.library.records import Progress, ScanWarning
from termnews.library.scan import _Found, _parse_all, find_article_files
from termnews.library.trailers import TrailerRules
from termnews.paths import within


@dataclass
class Refresh:
    """What a refresh changed in the index."""

    parsed: int = 0
    """Files parsed (new or changed)."""
    articles: dict[str, str] = field(default_factory=dict)
    """The file of each article parsed that a mark may follow (see `keep`), by id."""
    removed: list[str] = field(default_factory=list)
    """Files that are gone."""
    warnings: list[ScanWarning] = field(default_factory=list)
    """Folders that could not be read and files parsed now that were skipped."""

    @property
    def changed(self) -> bool:
        return bool(self.parsed or self.removed or self.warnings)


def refresh(
    index: LibraryIndex,
    roots: Sequence[Path],
    rules: TrailerRules,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
    keep: Callable[[str, str], bool] | None = None,
    whole: bool = False,
) -> Refresh | None:
    """Bring the index up to date with the folders whose time changed, or, when it is
    new (index.fresh), build it from every folder without holding the library; None when
    only a full scan will do: the index has no record of the folders (a scan stopped
    short), or a new folder is a link (only a full walk
    can tell whether it leads back into the library). A root not read before is read as a
    new folder. `whole`: an index with no record of the folders is emptied and built again
    from every folder, not left to a full scan (the reader of a library found too big to
    hold). `keep(id, file)`: which parsed articles to list in `articles` (all when None).
    Raises ScanStopped as scan_library does; what was parsed by then is in the index."""
    stored: dict[str, int] = {} if index.fresh else index.folders()
    if whole and not stored and not index.fresh:
        index.empty()  # if it cannot be, the full scan it leaves to is right
    everything = index.fresh
    if everything:
        changed, gone = [str(root) for root in roots], []
    else:
        if not stored:
            return None
        changed, gone = _changed_folders(stored, roots)
        changed += [str(root) for root in roots if str(root) not in stored]  # joined since
    result = Refresh()
    if not changed and not gone:
        return result
    read: dict[str, int] = {}
    """The folders listed now, with their times as they were listed."""
    ids: set[str | None] = set()
    """The ids of the files replaced, removed and parsed: their copies are counted again."""
    total = None
    if everything:
        # Walked twice, not held: once to count (the progress's total), then as parsed. At a
        # million files the list took 265 MB; a walk takes 9 s of an eight-minute build.
        total = sum(1 for _ in _listed(roots, changed, stored, {}, []))
        todo: Iterator[_Found] | list[_Found] = _listed(
            roots, changed, stored, read, result.warnings
        )
    else:
        todo = list(_listed(roots, changed, stored, read, result.warnings))
        new = [folder for folder in read if folder not in stored]
        if any(os.path.islink(folder) for folder in new):
            return None
        indexed = _indexed(index, changed, [*new, *gone])
        listed = {item.file for item in todo}
        result.removed = [file for file in indexed if file not in listed]
        todo = [
            item
            for item in todo
            if indexed.get(item.file, (None, None, None))[:2] != (item.size, item.mtime_ns)
        ]
        ids = {indexed[file][2] for file in [*result.removed, *(item.file for item in todo)]
               if file in indexed}  # fmt: skip
    for record in _parse_all(todo, rules, progress, None, index.store, [], stop, total):
        result.parsed += 1
        if record.meta is None:
            result.warnings.append(ScanWarning(Path(record.file), record.skip or "unusable"))
            continue
        if not everything:
            ids.add(record.meta.id)
        if keep is None or keep(record.meta.id, record.file):
            result.articles[record.meta.id] = record.file
    index.forget(result.removed)
    index.recount_copies(None if everything else {i for i in ids if i is not None})
    if not index.failed:  # else the folders are read again next time, and what failed
        index.save_folders(read, gone)
    return result


def _listed(
    roots: Sequence[Path],
    folders: list[str],
    stored: dict[str, int],
    read: dict[str, int],
    warnings: list[ScanWarning],
) -> Iterator[_Found]:
    """The article files in these folders, and in every folder below them not `stored`."""
    for root in roots:
        base = str(root)
        starts = [
            (folder, folder[len(base) :].lstrip(os.sep).replace(os.sep, "/") + "/")
            for folder in folders
            if within(folder, [root])
        ]
        starts = [(folder, "" if prefix == "/" else prefix) for folder, prefix in starts]
        if starts:  # none: nothing in this root changed (and no start means all of it)
            yield from find_article_files(root, warnings, read, starts, stored)


def _indexed(
    index: LibraryIndex, changed: list[str], below: list[str]
) -> dict[str, tuple[int, int, str | None]]:
    """What the index holds in the changed folders themselves, and anywhere below the new
    and the gone ones."""
    indexed: dict[str, tuple[int, int, str | None]] = {}
    for folder in changed:
        indexed.update(index.files_below(folder, direct=True))
    for folder in below:
        indexed.update(index.files_below(folder, direct=False))
    return indexed


def _changed_folders(stored: dict[str, int], roots: Sequence[Path]) -> tuple[list[str], list[str]]:
    """The folders whose time moved, and the ones that are gone (or no longer below a
    root: the feeds folder, say, once it is not read)."""
    changed, gone = [], []
    for folder, mtime in stored.items():
        if not within(folder, roots):
            gone.append(folder)
            continue
        try:
            info = os.stat(folder)
        except OSError:
            gone.append(folder)
            continue
        if not stat.S_ISDIR(info.st_mode):
            gone.append(folder)
        elif info.st_mtime_ns != mtime:
            changed.append(folder)
    return changed, gone
