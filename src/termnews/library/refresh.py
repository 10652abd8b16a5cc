"""Provides bringing the index up to date by reading only the folders whose time changed.

A folder's time moves when a file in it is added, removed or renamed, and a new or removed
folder moves its parent's (the command line's rule, in the README). So the files of the
changed folders are compared with the index, the new and changed ones parsed and the gone
ones forgotten; no other file is looked at and no article is held in memory, where a full
scan stats every file and holds every article (1.5 GB at a million).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termnews.library.index import LibraryIndex
from termnews.library.records import Progress, ScanWarning
from termnews.library.scan import _Found, _parse_all, find_article_files
from termnews.library.trailers import TrailerRules


@dataclass
class Refresh:
    """What a refresh changed in the index."""

    parsed: dict[str, str] = field(default_factory=dict)
    """The file of each article parsed (new or changed), by id: marks follow them."""
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
) -> Refresh | None:
    """Bring the index up to date with the folders whose time changed; None when only a
    full scan will do: the index has no record of the folders (new, or its saved pages
    are to be read again), a root was not read before, or a new folder is a link (only a
    full walk can tell whether it leads back into the library). Raises ScanStopped as
    scan_library does; what was parsed by then is in the index."""
    stored = index.folders()
    if not stored or any(str(root) not in stored for root in roots):
        return None
    changed, gone = _changed_folders(stored)
    result = Refresh()
    if not changed and not gone:
        return result
    read: dict[str, int] = {}
    """The folders listed now, with their times as they were listed."""
    found: dict[str, _Found] = {}
    for root in roots:
        base = str(root)
        starts = [
            (folder, folder[len(base) :].lstrip(os.sep).replace(os.sep, "/") + "/")
            for folder in changed
            if folder == base or folder.startswith(base.rstrip(os.sep) + os.sep)
        ]
        starts = [(folder, "" if prefix == "/" else prefix) for folder, prefix in starts]
        for item in find_article_files(root, result.warnings, read, starts, stored):
            found[item.file] = item
    new = [folder for folder in read if folder not in stored]
    if any(os.path.islink(folder) for folder in new):
        return None
    indexed: dict[str, tuple[int, int, str | None]] = {}
    for folder in changed:
        indexed.update(index.files_below(folder, direct=True))
    for folder in [*new, *gone]:
        indexed.update(index.files_below(folder, direct=False))
    todo = [
        item
        for file, item in found.items()
        if indexed.get(file, (None, None, None))[:2] != (item.size, item.mtime_ns)
    ]
    result.removed = [file for file in indexed if file not in found]
    ids = {indexed[file][2] for file in [*result.removed, *(item.file for item in todo)]
           if file in indexed}  # fmt: skip
    for record in _parse_all(todo, rules, progress, None, index.store, [], stop):
        if record.meta is None:
            result.warnings.append(ScanWarning(Path(record.file), record.skip or "unusable"))
        else:
            result.parsed[record.meta.id] = record.file
    index.forget(result.removed)
    index.save_folders(read, gone)
    index.recount_copies({i for i in ids if i} | set(result.parsed))
    return result


def _changed_folders(stored: dict[str, int]) -> tuple[list[str], list[str]]:
    """The folders whose time moved, and the ones that are gone."""
    changed, gone = [], []
    for folder, mtime in stored.items():
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
