"""Provides OPML import and export of subscriptions, the format every reader moves its
feeds with; nested outline folders are sections. An import takes newsboat's `urls` file
too (termnews.feeds.newsboat)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.entities import name2codepoint
from pathlib import Path

from termnews.feeds.newsboat import FeedList, read_feed_list, usable
from termnews.feeds.subscriptions import (
    Subscription,
    format_duration,
    parse_duration,
)
from termnews.library.clean import clean_line, distinct

MAX_OPML = 10 * 1024 * 1024
_NOT_FEEDS = ("link", "include", "podcast-episode", "audio", "video")
"""Outline types whose `url` is a page, another outline or an episode, not a feed."""
_LOOSE_AMPERSAND = re.compile(rb"&(?!#\d+;|#x[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
_NAMED = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_NAMED = frozenset([b"amp", b"lt", b"gt", b"quot", b"apos"])


class OPMLError(Exception):
    """An OPML file that cannot be read; the message says why."""


def read_subscriptions(path: Path) -> FeedList:
    """The feeds of an OPML file, or of newsboat's `urls` file (any text that is no XML:
    a list of addresses, one a line, is one too)."""
    data = _read(path)
    if data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
        return _parsed(data, path).joined()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\0"
    if "\0" in text:
        raise OPMLError(f"{path}: neither OPML nor a list of feed addresses (not text)")
    found = read_feed_list(text)
    if not (found.subscriptions or found.left_out):
        raise OPMLError(f"{path}: no feed addresses in it")
    return found


def read_opml(path: Path) -> list[Subscription]:
    """The feeds of an OPML file; an outline's folders become its section."""
    return _parsed(_read(path), path).subscriptions


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OPMLError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_OPML:
        raise OPMLError(f"{path}: too large for a list of feeds")
    return data


def _parsed(data: bytes, path: Path) -> FeedList:
    if b"<!ENTITY" in data:
        raise OPMLError(f"{path}: declares entities, which OPML never needs (refused)")
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        try:  # as exported by hand or by careless tools: `?a=1&b=2`, `&nbsp;`
            root = ET.fromstring(_repaired(data))
        except ET.ParseError:
            raise OPMLError(f"{path}: not valid OPML ({error})") from None
    body = root.find("body")
    if root.tag.lower() != "opml" or body is None:
        raise OPMLError(f"{path}: not an OPML file (no <opml><body>)")
    found = FeedList()
    _walk(body, (), found)
    return found


def _repaired(data: bytes) -> bytes:
    """A bare `&` escaped, and HTML's named entities (which XML does not know) as numbers."""
    data = _LOOSE_AMPERSAND.sub(b"&amp;", data)

    def numbered(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name in _XML_NAMED:
            return match.group()
        code = name2codepoint.get(name.decode())
        return b"&#%d;" % code if code else b"&amp;" + name + b";"

    return _NAMED.sub(numbered, data)


def _walk(node: ET.Element, folders: tuple[str, ...], found: FeedList) -> None:
    for outline in (child for child in node if child.tag.lower() == "outline"):
        attributes = {key.lower(): value for key, value in outline.attrib.items()}
        url = attributes.get("xmlurl")
        if url is None and attributes.get("type", "").lower() not in _NOT_FEEDS:
            url = attributes.get("url")
        url = (url or "").strip()
        name = clean_line(attributes.get("title") or attributes.get("text") or "")
        address, why = usable(url) if url else (None, "")
        if url and not address:
            found.left_out.append(f"{name or 'a feed'} ({clean_line(url)[:80]}): {why}")
        elif address:
            subscription = Subscription(
                url=address,
                name=name or None,
                section=(*folders, name) if folders and name else folders,
                folder=folders,
                tags=_categories(attributes.get("category", "")),
            )
            if "termnewsevery" in attributes:  # written by termnews's export
                with contextlib.suppress(ValueError):
                    subscription.every = parse_duration(attributes["termnewsevery"])
            found.subscriptions.append(subscription)
        else:  # a folder: its `text` is what readers show (OPML 2.0; newsboat)
            folder = clean_line(attributes.get("text") or name)
            _walk(outline, (*folders, folder) if folder else folders, found)


def _categories(value: str) -> tuple[str, ...]:
    """OPML 2.0's `category`: `/Harvard/Berkman,/Politics` is the tags Harvard/Berkman
    (nested, as `tag:` reads them) and Politics; newsboat's export writes its tags so."""
    return distinct(tag for part in value.split(",") if (tag := clean_line(part).strip("/ ")))


def write_opml(subscriptions: list[Subscription], titles: dict[str, str]) -> str:
    """OPML 2.0 with folders (from each feed's section, or its OPML folders) and each feed's
    tags as its `category` (a comma in a tag becomes `_`, as newsboat writes it)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "termnews subscriptions"
    ET.SubElement(head, "dateCreated").text = dt.datetime.now(dt.UTC).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for subscription in subscriptions:
        path = subscription.folder or subscription.section[:-1]
        parent = body
        for depth in range(1, len(path) + 1):
            key = path[:depth]
            if key not in folders:
                folders[key] = ET.SubElement(folders[key[:-1]], "outline", text=key[-1])
            parent = folders[key]
        name = subscription.label(titles.get(subscription.url))
        attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": subscription.url}
        if subscription.tags:
            attributes["category"] = ",".join(tag.replace(",", "_") for tag in subscription.tags)
        if subscription.every != 3600:
            attributes["termnewsEvery"] = format_duration(subscription.every)
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
