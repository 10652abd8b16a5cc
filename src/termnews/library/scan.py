"""Provides the walk over a library folder that finds and parses its article files."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termnews.library.decode import SkipFile
from termnews.library.model import ArticleMeta
from termnews.library.parse import ARTICLE_SUFFIXES, read_article
from termnews.library.trailers import TrailerRules

Progress = Callable[[int, int], None]
"""Called with (files done, files found) while a scan runs."""


@dataclass(frozen=True)
class ScanWarning:
    """A file or folder that was skipped, and why, in words for the user."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"skipped {os.fsdecode(self.path)!r}: {self.reason}"


@dataclass
class ScanResult:
    articles: list[ArticleMeta] = field(default_factory=list)
    """Every usable article, ordered by path; ids are unique."""
    warnings: list[ScanWarning] = field(default_factory=list)


def find_article_files(root: Path, warnings: list[ScanWarning]) -> Iterator[tuple[Path, str]]:
    """Article files below root with their relative paths, hidden names skipped.

    Linked folders are followed once: a folder already seen (by device and inode) is not
    entered again, so link loops end.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda entry: entry.name, reverse=True)
        except OSError as error:
            warnings.append(ScanWarning(folder, f"cannot open folder: {error.strerror or error}"))
            continue
        for entry in listing:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relpath = prefix + entry.name
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as error:
                if Path(entry.name).suffix.lower() in ARTICLE_SUFFIXES:
                    warnings.append(ScanWarning(path, f"cannot open: {error.strerror or error}"))
                continue
            if stat.S_ISDIR(mode):
                stack.append((path, relpath + "/"))
            elif stat.S_ISREG(mode) and path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path, relpath


def scan_library(
    roots: Sequence[Path], rules: TrailerRules, progress: Progress | None = None
) -> ScanResult:
    """Parse every article under the roots, keeping metadata and skipping bad files."""
    result = ScanResult()
    files = [found for root in roots for found in find_article_files(Path(root), result.warnings)]
    ids: set[str] = set()
    for done, (path, relpath) in enumerate(files, 1):
        try:
            meta = read_article(path, relpath, rules).meta
        except SkipFile as skip:
            result.warnings.append(ScanWarning(path, str(skip)))
        else:
            if meta.id in ids:
                meta = dataclasses.replace(meta, id=_duplicate_id(meta.id, relpath))
            ids.add(meta.id)
            result.articles.append(meta)
        if progress is not None:
            progress(done, len(files))
    return result


def _duplicate_id(article_id: str, relpath: str) -> str:
    """A second copy of the same text gets an id from its text and its path."""
    return hashlib.blake2b(f"{article_id}/{relpath}".encode(), digest_size=6).hexdigest()
