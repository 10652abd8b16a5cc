"""Provides where and when a saved page was saved, from the note its saver left at its top.

Chrome, Edge and Internet Explorer write `<!-- saved from url=(0062)https://… -->` (the
"mark of the web"); SingleFile, the extension Pocket's readers moved to, writes
`Page saved with SingleFile`, then `url: …` and `saved date: …` lines in a comment. The
address is where the page's own relative links point and where `o` opens it; many saved
pages name it nowhere else (no canonical link). SingleFile also keeps the page's images
and fonts inside it, which can make a short story tens of megabytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from termnews.library.dates import parse_date

LOOK_WITHIN = 4096
"""Bytes at the top of a page where the note is looked for: it comes before <head>."""
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d{1,5}\)([^\s>]{1,2000}?)\s*-->")
_SINGLE_FILE = re.compile(
    rb"<!--\s*(?:Page saved with|Archive processed by) SingleFile\b(.{0,3000}?)-->", re.DOTALL
)
_FIELD = re.compile(r"^\s*(url|saved date):\s*(.+?)\s*$", re.MULTILINE)
_EMBEDDED = re.compile(rb"(data:[\w.+/-]{0,100}(?:;[\w.+=-]{0,100}){0,4},)[^\"')\s>]{256,}")
"""The payload of an image, font or style kept inside the page as a data: address."""


@dataclass(frozen=True, slots=True)
class Provenance:
    url: str | None = None
    """The address the page was saved from: http or https only."""
    saved: str | None = None
    """When it was saved (SingleFile), as an ISO date and time."""


def provenance(data: bytes) -> Provenance:
    """The saver's note at the top of a page, or an empty Provenance when it has none."""
    top = data[:LOOK_WITHIN]
    found = _SAVED_FROM.search(top)
    if found:
        return Provenance(web_address(found.group(1).decode("ascii", "replace")))
    found = _SINGLE_FILE.search(top)
    if not found:
        return Provenance()
    fields = dict(_FIELD.findall(found.group(1).decode("utf-8", "replace")))
    moment = parse_date(fields.get("saved date"))
    return Provenance(web_address(fields.get("url", "")), moment.isoformat() if moment else None)


def without_embedded(data: bytes) -> bytes:
    """The page without the payloads of the data: addresses it carries (SingleFile's images,
    fonts and styles): the article is in the rest, and a payload is only a long word."""
    if b"data:" not in data:
        return data
    return _EMBEDDED.sub(rb"\1", data)


def web_address(text: str) -> str | None:
    """The address when it is one a browser can open again (not file: or about:)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text if text.isprintable() and text.isascii() else None


def host(url: str) -> str | None:
    """The address's host, without `www.`: what names a site that names itself nowhere."""
    try:
        name = urlsplit(url).hostname
    except ValueError:  # `http://[oops`
        return None
    return name.removeprefix("www.") if name else None
