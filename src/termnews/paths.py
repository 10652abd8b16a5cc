"""Provides file paths in forms that survive SQLite and JSON when a name is not valid UTF-8.

Python keeps such a name's bytes as lone surrogates (surrogateescape); SQLite and UTF-8
output refuse those. Storage keeps the bytes exactly; output shows them as escapes.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, TextIO

MAX_SLUG = 80
"""Longest file or folder name termnews makes from a title."""
_NOT_SLUG = re.compile(r"[^\w]+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
}


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def to_column(path: str) -> str | bytes:
    """Text when the path is valid UTF-8, else its bytes (SQLite stores either)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def from_column(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def within(folder: str, roots: Sequence[Path]) -> bool:
    """Whether a folder is one of the roots or below one."""
    return any(
        folder == str(root) or folder.startswith(str(root).rstrip(os.sep) + os.sep)
        for root in roots
    )


def printable(text: str) -> str:
    """For output of a path or any string a user or a file gave: undecodable bytes become
    `\\udcff`-style escapes, and control, bidi and invisible characters `\\x1b`-style ones,
    so nothing printed can move the cursor, recolour or retitle the terminal."""
    if text.isprintable():  # all that is escaped is unprintable to Python too (tested)
        return text
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSHOWABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def write_atomically(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Write to a temporary file beside the target, then rename it over: a reader (a scan,
    a sync tool, another termnews) never sees half a file, and a crash leaves the old one.

    `durable=False` leaves the flush to disk to the caller (one `os.sync()` after many
    files costs less than an fsync for each)."""
    with atomic_file(path, durable) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def atomic_file(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A file written a piece at a time and put in place whole when the block ends, as
    `write_atomically` puts its one piece: what is too big to hold (an export of a million
    articles) is written as it is made. An error in the block leaves the old file.

    The file keeps the mode of the one it replaces (a user's config stays as they set it),
    and a new one gets the mode the umask gives, as `open` would: not the 0600 of a
    temporary file, which would hide a saved article or an export from the user's other
    accounts and tools."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        with suppress(OSError):  # a file system without modes (FAT) keeps its own
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_text(path: Path, durable: bool = True) -> Iterator[TextIO]:
    """`atomic_file` for text, written as UTF-8 with newlines as given."""
    with atomic_file(path, durable) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield out
        out.flush()
        out.detach()  # the binary file is atomic_file's to close


def _umask() -> int:
    """The process's umask, which can only be read by setting it: done once, at import,
    before any thread could create a file meanwhile."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def slug(text: str, fallback: str = "item") -> str:
    """A safe file or folder name from any title: letters, digits and dashes, no leading
    dot, no separators or control characters, at most 80 characters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    name = _NOT_SLUG.sub("-", text).strip("-_")
    name = name[:MAX_SLUG].rstrip("-_")
    if not name or name in _RESERVED:
        return fallback
    return name
