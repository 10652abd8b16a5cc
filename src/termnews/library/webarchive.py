"""Provides the page inside a Safari web archive (`.webarchive`), what Safari saves by default.

A web archive is a property list, binary since Safari 3: `WebMainResource` holds the page's
bytes with its address and text encoding, `WebSubresources` its images, style sheets and
scripts, which are not read.
"""

from __future__ import annotations

import codecs

from termnews.library.decode import SkipFile
from termnews.library.mhtml import Archive

_MAGIC = b"bplist00"
_XML_WITHIN = 1024
"""Bytes in which an XML property list names its main resource's key, in older archives."""
_PAGES = ("text/html", "application/xhtml+xml")


def unpack(data: bytes) -> Archive | None:
    """The page in a Safari web archive; None when the data is no such archive, to be read
    as HTML. An archive that is broken, or holds no page (a picture, a PDF), raises
    SkipFile."""
    if not data.startswith(_MAGIC) and not (
        data.startswith(b"<?xml") and b"WebMainResource" in data[:_XML_WITHIN]
    ):
        return None
    import plistlib  # only for an archive
    from xml.parsers.expat import ExpatError

    try:
        archive = plistlib.loads(data)
    except (plistlib.InvalidFileException, ExpatError, ValueError, TypeError, KeyError,
            IndexError, OverflowError, RecursionError, MemoryError):  # fmt: skip
        raise SkipFile("a web archive (Safari) that cannot be read") from None
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    page = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(page, bytes):
        raise SkipFile("a web archive (Safari) with no page in it")
    kind = str(main.get("WebResourceMIMEType") or "text/html").lower()
    if kind not in _PAGES:
        raise SkipFile(f"a web archive (Safari) of {kind}, not a page")
    url = main.get("WebResourceURL")
    return Archive(
        _as_utf8(page, main.get("WebResourceTextEncodingName")),
        url.strip() if isinstance(url, str) and url.strip() else None,
        None,
    )


def _as_utf8(page: bytes, encoding: object) -> bytes:
    """The page in UTF-8, from the encoding Safari kept beside it: the page itself may not
    name it, and the extraction would have to guess."""
    try:
        name = codecs.lookup(str(encoding)).name if encoding else "utf-8"
        return page if name == "utf-8" else page.decode(name).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return page
