"""Provides reading lists exported by read-later apps and browsers: the pages to save, with
what the app knew of each (title, when it was saved, tags, read or starred).

- Pocket's export (2025, a `.zip` of `part_000000.csv`…): `title,url,time_added,tags,status`,
  tags split by `|`, status `unread` or `archive`; its older `ril_export.html`: links under
  `<h1>Unread</h1>` and `<h1>Read Archive</h1>`, `time_added` and `tags` on each.
- Instapaper's CSV: `URL,Title,Selection,Folder,Timestamp[,Tags]`, the folder `Unread`,
  `Archive`, `Starred` or the user's own, tags a JSON list.
- A browser's bookmarks file (Netscape format, as Raindrop and every browser export it):
  `<A HREF ADD_DATE TAGS>`; any CSV with a `url` column; a text of one address a line.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from termnews.library.clean import clean_line
from termnews.library.decode import SkipFile, decode_article

MAX_LIST_BYTES = 64 * 1024 * 1024
"""A reading list of a hundred thousand pages is a few megabytes."""
MAX_ENTRIES = 200_000
_CSV_FIELD = 1024 * 1024


class NotAList(Exception):
    """The file is no reading list termnews knows; the message says why."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    added: float | None = None
    """When it was saved to the list (seconds since 1970)."""
    tags: tuple[str, ...] = ()
    read: bool = False
    """Archived in the app: read."""
    starred: bool = False


@dataclass(frozen=True)
class ReadingList:
    kind: str
    """`Pocket`, `Instapaper`, `bookmarks`, `CSV`, `a list of addresses`."""
    entries: list[Entry]
    """Each page once (the first time it is listed), web addresses only."""
    beyond: int = 0
    """Pages past MAX_ENTRIES, left out."""


def read_list(path: Path) -> ReadingList:
    """The reading list in the file; raises NotAList with the reason when it is none."""
    with path.open("rb") as file:
        data = file.read(MAX_LIST_BYTES + 1)
    if len(data) > MAX_LIST_BYTES:
        raise NotAList(f"too large for a reading list (over {MAX_LIST_BYTES >> 20} MB)")
    if data.startswith(b"PK\x03\x04"):
        kind, entries = _zipped(data)
    else:
        try:
            text = decode_article(data)
        except SkipFile as skip:
            raise NotAList(str(skip)) from None
        kind, entries = _parsed(text)
    unique: dict[str, Entry] = {}
    for entry in entries:
        if _web(entry.url):
            unique.setdefault(entry.url, entry)
    if not unique:
        raise NotAList(f"no web addresses in it (read as {kind})")
    pages = list(unique.values())
    return ReadingList(kind, pages[:MAX_ENTRIES], max(0, len(pages) - MAX_ENTRIES))


def _zipped(data: bytes) -> tuple[str, list[Entry]]:
    """Pocket's export: CSV files in a zip (`part_000000.csv`, …), read in name order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = sorted(n for n in archive.namelist() if n.lower().endswith(".csv"))
            if not names:
                raise NotAList("a zip with no CSV file in it")
            entries: list[Entry] = []
            kind = "CSV"
            for name in names:
                with archive.open(name) as member:
                    part = member.read(MAX_LIST_BYTES + 1)
                if len(part) > MAX_LIST_BYTES:
                    raise NotAList(f"{name}: too large for a reading list")
                kind, found = _csv(decode_article(part))
                entries += found
            return kind, entries
    except (zipfile.BadZipFile, SkipFile, EOFError, OSError, RuntimeError) as error:
        raise NotAList(f"a zip that cannot be read ({error})") from None


def _parsed(text: str) -> tuple[str, list[Entry]]:
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype", "<html", "<dl", "<h1", "<ul", "<meta")):
        return _anchors(text)
    first = text.split("\n", 1)[0].strip()
    if "," in first and not first.lower().startswith(("http://", "https://")):
        return _csv(text)  # a header row
    return "a list of addresses", [Entry(line.strip()) for line in text.splitlines()]


def _csv(text: str) -> tuple[str, list[Entry]]:
    csv.field_size_limit(_CSV_FIELD)
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as error:
        raise NotAList(f"a CSV file that cannot be read ({error})") from None
    columns = {name.strip().lower() for name in (rows[0].keys() if rows else ()) if name}
    if "url" not in columns:
        raise NotAList("a CSV file with no `url` column")
    if {"folder", "selection"} <= columns:
        return "Instapaper", [_instapaper(row) for row in rows]
    kind = "Pocket" if {"time_added", "status"} <= columns else "CSV"
    return kind, [_pocket(row) for row in rows]


def _field(row: dict, name: str) -> str:
    for key, value in row.items():
        if key and key.strip().lower() == name and isinstance(value, str):
            return value.strip()
    return ""


def _pocket(row: dict) -> Entry:
    title = clean_line(_field(row, "title"))
    url = _field(row, "url")
    return Entry(
        url,
        title="" if title == url else title,  # Pocket's "no title"
        added=_seconds(_field(row, "time_added") or _field(row, "created")),
        tags=_tags(_field(row, "tags"), "|" if "|" in _field(row, "tags") else ","),
        read=_field(row, "status").lower() in ("archive", "archived", "read"),
        starred=_field(row, "favorite").lower() in ("1", "true", "yes"),
    )


def _instapaper(row: dict) -> Entry:
    folder = _field(row, "folder")
    tags: tuple[str, ...] = ()
    try:
        listed = json.loads(_field(row, "tags") or "[]")
        if isinstance(listed, list):
            tags = tuple(clean_line(str(tag)) for tag in listed if str(tag).strip())
    except ValueError:
        tags = _tags(_field(row, "tags"), ",")
    if folder and folder.lower() not in ("unread", "archive", "starred"):
        tags = (clean_line(folder), *tags)
    return Entry(
        _field(row, "url"),
        title=clean_line(_field(row, "title")),
        added=_seconds(_field(row, "timestamp")),
        tags=tags,
        read=folder.lower() == "archive",
        starred=folder.lower() == "starred",
    )


class _Anchors(HTMLParser):
    """The links of Pocket's HTML export or a bookmarks file, and the heading each is under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[Entry] = []
        self.heading = ""
        self._open: dict[str, str] | None = None
        self._text: list[str] = []
        self._in_heading = False
        self.pocket = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_heading, self.heading = True, ""
        elif tag == "a":
            self._open = {name.lower(): value or "" for name, value in attrs}
            self._text = []
            self.pocket |= "time_added" in self._open

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False
        elif tag == "a" and self._open is not None and len(self.entries) < MAX_ENTRIES:
            found, self._open = self._open, None
            separator = "|" if "|" in found.get("tags", "") else ","
            self.entries.append(
                Entry(
                    found.get("href", "").strip(),
                    title=clean_line("".join(self._text)),
                    added=_seconds(found.get("time_added") or found.get("add_date", "")),
                    tags=_tags(found.get("tags", ""), separator),
                    read="archive" in self.heading.lower(),
                )
            )

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.heading += data
        if self._open is not None and len(self._text) < 100:
            self._text.append(data)


def _anchors(text: str) -> tuple[str, list[Entry]]:
    parser = _Anchors()
    try:
        parser.feed(text)
        parser.close()
    except (ValueError, AssertionError, RecursionError) as error:
        raise NotAList(f"an HTML file that cannot be read ({type(error).__name__})") from None
    return ("Pocket" if parser.pocket else "bookmarks"), parser.entries


def _tags(value: str, separator: str) -> tuple[str, ...]:
    return tuple(clean_line(tag) for tag in value.split(separator) if tag.strip())[:20]


def _seconds(value: str) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if 0 < seconds < 32_503_680_000 else None  # before the year 3000


def _web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and url.isprintable() and len(url) < 4096
