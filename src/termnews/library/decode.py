"""Provides the turning of an article file's bytes into text, or a reason to skip it."""

from __future__ import annotations

import codecs

from termnews.library.clean import normalise_newlines

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
"""Files larger than this are skipped: a saved news article is rarely over 200 KB."""

_SNIFF = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")


_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


class SkipFile(Exception):
    """An article file that cannot be used; the message is the reason shown to the user."""


def decode_article(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with a BOM, or legacy 8-bit text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _non_empty(normalise_newlines(text))
    head = data[:_SNIFF]
    if data.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise SkipFile("binary file, not text")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls * 10 > len(head) * 3:
        raise SkipFile("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return _non_empty(normalise_newlines(text))


def _non_empty(text: str) -> str:
    if not text.strip():
        raise SkipFile("empty file")
    return text
