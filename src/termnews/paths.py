"""Provides file paths in forms that survive SQLite and JSON when a name is not valid UTF-8.

Python keeps such a name's bytes as lone surrogates (surrogateescape); SQLite and UTF-8
output refuse those. Storage keeps the bytes exactly; output shows them as escapes.
"""

from __future__ import annotations

import os


def to_column(path: str) -> str | bytes:
    """Text when the path is valid UTF-8, else its bytes (SQLite stores either)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def from_column(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def printable(path: str) -> str:
    """For output: undecodable bytes become `\\udcff`-style escapes, the rest stays as is."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")
