"""Provides feed autodiscovery: the feeds an HTML page announces in its `<head>`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)


def discover_feeds(html: bytes, base: str) -> list[tuple[str, str]]:
    """(absolute URL, title) of each `<link rel="alternate">` to a feed, in page order."""
    finder = _LinkFinder(base)
    try:
        finder.feed(html[:2_000_000].decode("utf-8", "replace"))
        finder.close()
    except (ValueError, AssertionError):
        pass
    seen: set[str] = set()
    unique = []
    for url, title in finder.found:
        if url not in seen:
            seen.add(url)
            unique.append((url, title))
    return unique


_COMMENTS = re.compile(r"\b(?:comments?|kommentare|commentaires|comentarios|commenti)\b", re.I)


def comments_feed(url: str, title: str) -> bool:
    """A feed of a post's or a site's comments (WordPress: `Site » Post Comments Feed` at
    the post's address + `/feed/`, `Site » Comments Feed` at `/comments/feed/`): a page
    that announces only its own gives no news of the site."""
    return bool(_COMMENTS.search(title)) or urlsplit(url).path.rstrip("/").endswith(
        "/comments/feed"
    )


def news_first(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The feeds, comments' last."""
    return sorted(found, key=lambda feed: comments_feed(*feed))


def site_home(url: str) -> str | None:
    """The home page of the site at `url`; None when `url` is it."""
    parts = urlsplit(url)
    home = f"{parts.scheme}://{parts.netloc}/"
    return None if url.split("#")[0] in (home, home[:-1]) else home


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<head" in head


class _LinkFinder(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "base":
            self.base = _joined(self.base, dict(attrs).get("href") or "") or self.base
        if tag != "link":
            return
        values = {name: (value or "") for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        address = _joined(self.base, values.get("href", "").strip())
        if "alternate" in rel and kind in FEED_TYPES and address and not _api(kind, address):
            self.found.append((address, values.get("title", "")))


def _api(kind: str, address: str) -> bool:
    """A post's record in WordPress's REST API (`/wp-json/wp/v2/posts/55077`), which every
    WordPress page since 5.5 announces as `application/json`: no feed (JSON Feed's older
    pages gave that type too)."""
    return kind == "application/json" and "/wp-json/" in address


def _joined(base: str, href: str) -> str | None:
    """`href` against `base`; None when it is empty or no URL parser takes it."""
    if not href:
        return None
    try:
        return urljoin(base, href)
    except ValueError:
        return None
