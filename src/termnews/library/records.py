"""Provides what a scan finds and what the index keeps of it: records, results, warnings.

Apart from the scan itself, so that reading the index (the command line's quick path, the
first screen) does not import the parsers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from termnews.library.model import ArticleMeta, SearchText

Progress = Callable[[int, int], None]
"""Called with (files parsed, files to parse) while a scan runs."""
Batch = Callable[[list[ArticleMeta]], None]
"""Called with every article known so far, as parsing goes on, for an early display."""
Store = Callable[[list["FileRecord"]], None]
"""Called with each group of freshly parsed files, so their search text can be written out
and dropped rather than held for the whole scan."""


class ScanStopped(Exception):
    """The scan was asked to stop (the reader quit) before it was done."""


class LibraryTooBig(Exception):
    """The walk found more files than the caller would hold in memory: none was parsed
    beyond the first few shown, and the caller builds the index instead (library.refresh)."""


@dataclass(frozen=True)
class ScanWarning:
    """A file or folder that was skipped, and why, in words for the user."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"skipped {os.fsdecode(self.path)!r}: {self.reason}"


@dataclass(slots=True)
class FileRecord:
    """One library file as last seen: its size and mtime, and what parsing it gave."""

    file: str
    size: int
    mtime_ns: int
    meta: ArticleMeta | None
    """The article, or None when the file was skipped."""
    skip: str | None = None
    """Why the file was skipped."""
    text: SearchText | None = None
    """What the search index needs, only until the index has it (see Store)."""
    extracted: str | None = None
    """For a saved web page, its article as Markdown, only until the index has it."""


@dataclass
class ScanResult:
    articles: list[ArticleMeta] = field(default_factory=list)
    """Every usable article, ordered by path; ids are unique."""
    warnings: list[ScanWarning] = field(default_factory=list)
    changed: list[FileRecord] = field(default_factory=list)
    """Files parsed in this scan (new or changed since the known records)."""
    removed: list[str] = field(default_factory=list)
    """Known files that are gone."""
    folders: dict[str, int] = field(default_factory=dict)
    """Every folder read, with its mtime: adding, removing or renaming a file changes it."""
    records: dict[str, FileRecord] = field(default_factory=dict)
    """Every current file by path: the `known` of the next scan."""


def unique_ids(articles: list[ArticleMeta]) -> list[ArticleMeta]:
    """Copies of one text share a hash: the copy whose path sorts first keeps it, the others
    get one made from the text and their path. The same whatever order the walk took."""
    first: dict[str, str] = {}
    for meta in articles:
        if meta.id not in first or meta.file < first[meta.id]:
            first[meta.id] = meta.file
    return [
        meta
        if first[meta.id] == meta.file
        else dataclasses.replace(meta, id=_duplicate_id(meta.id, meta.relpath))
        for meta in articles
    ]


def _duplicate_id(article_id: str, relpath: str) -> str:
    """A second copy of the same text gets an id from its text and its path."""
    return hashlib.blake2b(f"{article_id}/{relpath}".encode(), digest_size=6).hexdigest()
