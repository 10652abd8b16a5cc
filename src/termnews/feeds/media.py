"""Provides a feed item's attachments: its enclosures and Media RSS content, each picture
once, though feedparser flattens a `media:group` of one picture's renditions into a list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

_SIZE_SUFFIX = re.compile(r"[-_@](?:\d+x\d+|\d+w|\dx)$")
"""A size a picture's name ends with: WordPress's `-1024x683`, `-640w`, `@2x`."""
_SAME_NAME = 12
"""Characters two pictures' names must share at the start to be one picture's renditions."""


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str = ""
    length: int | None = None


@dataclass
class _Picture:
    first: str
    """The address the feed gave first for it, which its other renditions are told by."""
    shown: Enclosure
    """Its widest rendition so far."""
    width: int


_FLASH = "application/x-shockwave-flash"


def attachments(entry: dict, base: str) -> tuple[tuple[Enclosure, ...], tuple[Enclosure, ...]]:
    """What the item file lists (each picture once, in its widest rendition), and every
    enclosure and rendition the feed lists, which an item's change digest reads: counted
    with all renditions, as before they were told apart, an item seen again is unchanged."""
    enclosures = [
        Enclosure(
            absolute(e.get("href"), base) or "", e.get("type", ""), whole_number(e.get("length"))
        )
        for e in entry.get("enclosures", [])
        if e.get("href")
    ]
    listed = list(enclosures)
    unique: dict[str, Enclosure] = {}
    for enclosure in enclosures:  # Typepad lists an episode's mp3 three times
        unique.setdefault(enclosure.url, enclosure)
    enclosures = list(unique.values())
    media = (*entry.get("media_content", []), *entry.get("media_thumbnail", []))
    for item in media:
        if item.get("url") and not any(e.url == item["url"] for e in listed):
            listed.append(Enclosure(absolute(item["url"], base) or "", _kind(item) or "image"))
    pictures: list[_Picture] = []
    for item in media:
        url = absolute(item.get("url"), base)
        if not url or any(_shown(e, url) for e in enclosures):
            continue
        kind = _kind(item)
        if kind == _FLASH:
            continue  # YouTube's feeds still give each video's Flash player: no browser plays it
        if kind and not kind.startswith("image"):
            enclosures.append(Enclosure(url, kind))
            continue
        width = whole_number(item.get("width")) or 0
        picture = next((p for p in pictures if _same_picture(p.first, url)), None)
        if picture is None:
            pictures.append(_Picture(url, Enclosure(url, kind or "image"), width))
        elif width > picture.width:
            picture.shown, picture.width = Enclosure(url, kind or "image"), width
    return (*enclosures, *(picture.shown for picture in pictures)), tuple(listed)


def absolute(link: str | None, base: str) -> str | None:
    if not link or not isinstance(link, str):
        return None
    try:
        return urljoin(base, link.strip())
    except ValueError:  # `http://[oops`: no address, and the item stays
        return None


def whole_number(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _kind(media: dict) -> str:
    return media.get("type") or ("image" if media.get("medium") == "image" else "")


def _shown(enclosure: Enclosure, url: str) -> bool:
    """The enclosure is this address, or a picture of which it is another rendition."""
    picture = enclosure.type.startswith("image")
    return enclosure.url == url or (picture and _same_picture(enclosure.url, url))


def _same_picture(first: str, other: str) -> bool:
    """Two renditions of one picture, as a `media:group` lists them: the same path with
    other sizes asked in the query (the Guardian), or names that differ only at their ends
    (CNN's `…-0418-super-169.jpg`, `…-0418-large-11.jpg`; WordPress's `photo-1024x683.jpg`).
    Names that differ only in a number (`march-1.jpg`, `march-2.jpg`) are a gallery's
    pictures."""
    a, b = urlsplit(first), urlsplit(other)
    if a.netloc.lower() != b.netloc.lower():
        return False
    if a.path == b.path:
        return True
    one, two = _stem(a.path), _stem(b.path)
    shorter = min(len(one), len(two))
    common = 0
    while common < shorter and one[common] == two[common]:
        common += 1
    if common < _SAME_NAME or common < 0.6 * shorter:
        return False
    return not (one[common:].isdigit() and two[common:].isdigit())


def _stem(path: str) -> str:
    name = path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return _SIZE_SUFFIX.sub("", name)
