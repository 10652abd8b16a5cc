"""Tests for turning article bytes into text, whatever the encoding."""

from __future__ import annotations

import codecs

import pytest

from termnews.library import SkipFile
from termnews.library.decode import decode_article


@pytest.mark.parametrize(
    "data",
    [
        "Caf\u00e9 news\n".encode(),
        codecs.BOM_UTF8 + "Caf\u00e9 news\n".encode(),
        codecs.BOM_UTF16_LE + "Caf\u00e9 news\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Caf\u00e9 news\n".encode("utf-16-be"),
        "Caf\u00e9 news\n".encode("latin-1"),
        "Caf\u00e9 news\r\n".encode("cp1252"),
    ],
)
def test_encodings(data: bytes) -> None:
    assert decode_article(data) == "Caf\u00e9 news\n"


def test_cp1252_quotes() -> None:
    assert decode_article(b"\x93quoted\x94") == "\u201cquoted\u201d"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"text\x00with nul", "binary"),
        (bytes(range(1, 9)) * 100, "binary"),
    ],
)
def test_unusable(data: bytes, reason: str) -> None:
    with pytest.raises(SkipFile, match=reason):
        decode_article(data)
