"""Provides feed items as Markdown files with front matter: names, contents, and reading
their identity back when the ledger is lost.

`<feeds folder>/<feed slug>/<YYYY-MM-DD>-<title slug>.md`: readable and greppable without
termnews, and to termnews just another Markdown article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from termnews.feeds.convert import html_to_markdown
from termnews.feeds.media import Enclosure
from termnews.feeds.parse import FeedItem
from termnews.library.clean import clean_line, distinct
from termnews.library.frontmatter import front_matter
from termnews.library.provenance import host
from termnews.library.trackers import untracked
from termnews.paths import MAX_SLUG, slug

_FEED_LINE = re.compile(r'^feed: ("(?:[^"\\]|\\.)*")$', re.MULTILINE)
_GUID_LINE = re.compile(r'^guid: ("(?:[^"\\]|\\.)*")$', re.MULTILINE)


def item_text(
    item: FeedItem,
    *,
    section: tuple[str, ...],
    source: str,
    feed_url: str,
    fetched: dt.datetime,
    updated: dt.datetime | None = None,
    tags: tuple[str, ...] = (),
) -> str:
    """The item file: front matter, then the content as Markdown, then its attachments;
    `tags`, the subscription's (the user's own), before the item's categories."""
    fields: dict[str, object] = {"title": item.title, "section": list(section), "source": source}
    if item.link:
        fields["url"] = untracked(item.link, _hosts(feed_url, item.link))
    moment = item.published or item.updated
    if moment is not None:
        fields["date"] = moment.isoformat()
    if item.author:
        fields["author"] = item.author
    if item.tags or tags:
        fields["tags"] = list(distinct((*tags, *item.tags)))
    fields["feed"] = feed_url
    fields["guid"] = item.identity
    fields["fetched"] = fetched.replace(microsecond=0).isoformat()
    if updated is not None:
        fields["updated"] = updated.replace(microsecond=0).isoformat()
    front = front_matter(fields)
    body = html_to_markdown(item.html, item.title, (item.link, item.served), feed_url)
    caption = (
        f"<figure><figcaption>{escape(item.caption)}</figcaption></figure>" if item.caption else ""
    )
    attachments = _attachments(item.enclosures)
    parts = [part for part in (caption, body, attachments) if part]
    return f"{front}\n" + "\n\n".join(parts) + "\n"


def _hosts(*urls: str | None) -> tuple[str, ...]:
    return tuple(name for url in urls if url and (name := host(url)))


def content_digest(item: FeedItem) -> str:
    """Changes when what the feed says about the item changes (not when it is re-fetched):
    the link as served, so that items written before FeedBurner's origLink was read are
    not rewritten for it."""
    listed = item.listed or item.enclosures
    enclosures = "|".join(f"{e.url} {e.type} {e.length}" for e in listed)
    link = item.served or item.link or ""
    text = "\n".join((item.title, link, item.html, item.caption, enclosures))
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=12).hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def item_name(item: FeedItem, taken: set[str]) -> str:
    """`2024-08-08-suspended-labour-councillor-arrested.md`, unique among `taken`."""
    moment = item.published or item.updated
    prefix = moment.strftime("%Y-%m-%d") if moment else "undated"
    base = f"{prefix}-{slug(item.title)}"[: MAX_SLUG + 11]
    name, number = f"{base}.md", 2
    while name.casefold() in taken:
        name = f"{base}-{number}.md"
        number += 1
    return name


def _attachments(enclosures: tuple[Enclosure, ...]) -> str:
    lines = []
    for enclosure in enclosures:
        if not enclosure.url.lower().startswith(("http://", "https://")):
            continue
        about = [enclosure.type or "file"]
        if enclosure.length:
            about.append(_size(enclosure.length))
        name = _file_name(enclosure.url)
        lines.append(f"- [{_label(name)}]({enclosure.url}) ({', '.join(about)})")
    return "**Attachments**\n\n" + "\n".join(lines) if lines else ""


def _file_name(url: str) -> str:
    """The name an attachment is listed by: its file's, without the query that sizes or
    signs it (`6720.jpg`, not `6720.jpg?width=460&quality=85&s=ee37…`)."""
    parts = urlsplit(url)
    name = clean_line(unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]))
    return (name or parts.netloc or url)[:80]


def _label(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def _size(length: int) -> str:
    size = float(length)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{length} bytes"


def read_identity(path: Path) -> tuple[str, str] | None:
    """(feed URL, identity) from an item file's front matter, or None for any other file:
    how a lost ledger is rebuilt without downloading anything twice as new."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(16_384)
    except OSError:
        return None
    if not head.startswith("---\n"):
        return None
    end = head.find("\n---", 4)
    if end < 0:
        return None
    front = head[4:end]
    feed, guid = _FEED_LINE.search(front), _GUID_LINE.search(front)
    if feed and guid:  # as termnews writes them: one JSON string a line
        try:
            return json.loads(feed.group(1)), json.loads(guid.group(1))
        except ValueError:
            pass
    try:
        fields = yaml.safe_load(front)
    except yaml.YAMLError:
        return None
    if not isinstance(fields, dict):
        return None
    feed_url, identity = fields.get("feed"), fields.get("guid")
    if isinstance(feed_url, str) and isinstance(identity, str):
        return feed_url, identity
    return None
