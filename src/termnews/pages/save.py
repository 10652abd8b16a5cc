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
from termnews.library.trackers import untracked
from termnews.net import Client, FetchError
from termnews.paths import slug, write_atomically

LINK_NOTE = "the page could not be saved"
"""What a page kept as its link says in the reader's meta line, the reason after it."""
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


@dataclass(frozen=True)
class Listed:
    """What a reading list knew of a page (pages.lists), kept in the page's file."""

    title: str = ""
    saved: dt.datetime | None = None
    """When it was saved to the list: the article's `saved`, not the moment of import."""
    tags: tuple[str, ...] = ()


def save_page(
    saved_dir: Path,
    data: bytes,
    url: str | None,
    section: tuple[str, ...],
    now: dt.datetime | None = None,
    listed: Listed | None = None,
    asked: str | None = None,
) -> Saved:
    """Write the article of a page into the saved folder, as Markdown with front matter;
    `asked`, the address asked for (a redirect's start), finds its earlier file too."""
    if len(data) > MAX_PAGE_FILE_BYTES:
        raise NotAPage(f"too large ({len(data):,} bytes)")
    fields, body = extract(data, url)
    url = fields.get("url") or untracked(url)
    listed = listed or Listed()
    title = str(fields.get("title") or listed.title or url or "Saved page")
    out: dict[str, object] = {"title": title, "section": list(section)}
    for key in ("source", "url", "date", "author", "tags", "description", "standfirst"):
        if fields.get(key):
            out[key] = fields[key]
    if listed.tags:
        out["tags"] = list(dict.fromkeys([*(fields.get("tags") or []), *listed.tags]))
    out["saved"] = _moment(listed.saved or now)
    path = saved_path(saved_dir, title, asked, url)
    updated = path.exists()
    write_atomically(path, front_matter(out) + "\n" + body + "\n")
    return Saved(path, title, url, updated)


def save_url(
    client: Client,
    saved_dir: Path,
    url: str,
    section: tuple[str, ...],
    listed: Listed | None = None,
) -> Saved:
    try:
        data, final = fetch_page(client, url)
    except FetchError as error:
        raise NotAPage(f"{url}: {error}") from None
    return save_page(saved_dir, data, final, section, listed=listed, asked=url)


def save_link(
    saved_dir: Path, url: str, section: tuple[str, ...], reason: str, listed: Listed
) -> Saved:
    """A page that could not be saved, kept as its link and the reason (the reader shows
    it in the meta line): a reading list loses none of its pages."""
    title = listed.title or url
    out: dict[str, object] = {"title": title, "section": list(section), "url": url}
    if listed.tags:
        out["tags"] = list(listed.tags)
    out["saved"] = _moment(listed.saved)
    out["full_text_error"] = f"{LINK_NOTE} ({reason})"
    path = saved_path(saved_dir, title, url)
    updated = path.exists()
    write_atomically(path, front_matter(out) + f"\n<{url}>\n")
    return Saved(path, title, url, updated)


def saved_path(saved_dir: Path, title: str, *urls: str | None) -> Path:
    """One file per URL: a page saved again lands on its earlier file, even when its
    headline changed since (a news site's does); named by the first address (the one
    asked for), found by any (a file named by its final address before a redirect)."""
    given = [url for url in urls if url]
    # named without trackers, so the page saved through another tracked link lands here
    # too; found by the address as given as well (files named so before)
    digests = [url_digest(url) for url in (*map(untracked, given), *given) if url]
    digests = digests or [url_digest(title)]
    for digest in dict.fromkeys(digests):
        earlier = next(iter(sorted(saved_dir.glob(f"*-{digest}.md"))), None)
        if earlier is not None:
            return earlier
    return saved_dir / f"{slug(title, 'page')[:70]}-{digests[0]}.md"


def url_digest(url: str) -> str:
    """Eight hex digits of the address: the end of the name of its file."""
    return hashlib.blake2b(url.encode("utf-8", "replace"), digest_size=4).hexdigest()


def _moment(when: dt.datetime | None) -> str:
    return (when or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
