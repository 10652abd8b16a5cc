"""Provides OPML import and export of subscriptions, the format every reader moves its
feeds with; nested outline folders are sections."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from termnews.feeds.subscriptions import Subscription, format_duration
from termnews.library.clean import clean_line

MAX_OPML = 10 * 1024 * 1024


class OPMLError(Exception):
    """An OPML file that cannot be read; the message says why."""


def read_opml(path: Path) -> list[Subscription]:
    """The feeds of an OPML file; an outline's folders become its section."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OPMLError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_OPML:
        raise OPMLError(f"{path}: too large for an OPML file")
    if b"<!ENTITY" in data:
        raise OPMLError(f"{path}: declares entities, which OPML never needs (refused)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise OPMLError(f"{path}: not valid OPML ({error})") from None
    body = root.find("body")
    if root.tag.lower() != "opml" or body is None:
        raise OPMLError(f"{path}: not an OPML file (no <opml><body>)")
    found: list[Subscription] = []
    _walk(body, (), found)
    return found


def _walk(node: ET.Element, folders: tuple[str, ...], found: list[Subscription]) -> None:
    for outline in node.findall("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url")
        name = clean_line(outline.get("title") or outline.get("text") or "")
        if url and url.strip().lower().startswith(("http://", "https://")):
            found.append(
                Subscription(
                    url=url.strip(),
                    name=name or None,
                    section=(*folders, name) if folders and name else folders,
                    folder=folders,
                )
            )
        elif not url:
            _walk(outline, (*folders, name) if name else folders, found)


def write_opml(subscriptions: list[Subscription], titles: dict[str, str]) -> str:
    """OPML 2.0 with folders (from each feed's section, or its OPML folders)."""
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
        if subscription.every != 3600:
            attributes["termnewsEvery"] = format_duration(subscription.every)
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
