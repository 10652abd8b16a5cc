"""Provides fetching a page (or reading a saved one) and writing its article into the saved
folder; the same URL saved again updates its file instead of making a second one."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from termnews.library.decode import SkipFile
from termnews.library.frontmatter import front_matter
from termnews.library.html import MAX_PAGE_FILE_BYTES, extract_page
from termnews.net import Client, FetchError
from termnews.paths import slug, write_atomically

PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_NOT_PAGES = ("application/pdf", "image/", "audio/", "video/", "application/zip")


class NotAPage(Exception):
    """What was fetched or given is no web page with an article; the message says why."""


@dataclass
class Saved:
    path: Path
    title: str
    url: str | None
    updated: bool
    """The URL had been saved before: its file was rewritten."""


def fetch_page(client: Client, url: str) -> tuple[bytes, str]:
    """The page's bytes and its final address; refuses what is not HTML."""
    response = client.get(url, accept=PAGE_TYPES)
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind.startswith(_NOT_PAGES) or (kind and "html" not in kind and "xml" not in kind):
        raise NotAPage(f"not a web page ({kind or 'unknown type'}): {url}")
    return response.body, response.url


def extract(data: bytes, url: str | None) -> tuple[dict, str]:
    """(front matter fields, Markdown body) of the page's article; raises NotAPage."""
    try:
        document = extract_page(data, url)
    except SkipFile as skip:
        raise NotAPage(str(skip)) from None
    head, _, body = document.partition("\n---\n")
    fields = yaml.safe_load(head.removeprefix("---\n")) or {}
    return fields, body.strip()


def save_page(
    saved_dir: Path,
    data: bytes,
    url: str | None,
    section: tuple[str, ...],
    now: dt.datetime | None = None,
) -> Saved:
    """Write the article of a page into the saved folder, as Markdown with front matter."""
    if len(data) > MAX_PAGE_FILE_BYTES:
        raise NotAPage(f"too large ({len(data):,} bytes)")
    fields, body = extract(data, url)
    url = fields.get("url") or url
    title = str(fields.get("title") or url or "Saved page")
    now = now or dt.datetime.now(dt.UTC)
    out: dict[str, object] = {"title": title, "section": list(section)}
    for key in ("source", "url", "date", "author", "tags", "description"):
        if fields.get(key):
            out[key] = fields[key]
    out["saved"] = now.replace(microsecond=0).isoformat()
    path = saved_dir / _name(title, url)
    updated = path.exists()
    write_atomically(path, front_matter(out) + "\n" + body + "\n")
    return Saved(path, title, url, updated)


def save_url(client: Client, saved_dir: Path, url: str, section: tuple[str, ...]) -> Saved:
    try:
        data, final = fetch_page(client, url)
    except FetchError as error:
        raise NotAPage(f"{url}: {error}") from None
    return save_page(saved_dir, data, final, section)


def _name(title: str, url: str | None) -> str:
    """One file per URL: the same page saved twice lands on the same name."""
    key = url or title
    digest = hashlib.blake2b(key.encode("utf-8", "replace"), digest_size=4).hexdigest()
    return f"{slug(title, 'page')[:70]}-{digest}.md"
