"""Provides what a page's microformats say of its story (an `h-entry`): its address and the
moment it was published.

IndieWeb blogs mark a post up as an `h-entry`, its permalink `<a class="u-url">` and its
moment `<time class="dt-published" datetime="…">`; Medium's export of a writer's posts
(Settings, Download your information) does the same, the address in `<a class="p-canonical">`.
Many such pages name their address nowhere else (no canonical link, no `og:url`), and give
their date to the day only in other places.
"""

from __future__ import annotations

from dataclasses import dataclass

from termnews.library.provenance import web_address

_ENTRY = "//*[contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')]"
_ADDRESS = ".//a[@href][contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"
_PUBLISHED = (
    ".//time[@datetime][contains(concat(' ', normalize-space(@class), ' '), ' dt-published ')]"
)


@dataclass(frozen=True, slots=True)
class Entry:
    url: str | None = None
    """The story's own address: http or https only."""
    published: str | None = None
    """As the page states it (`2023-12-17T15:53:09.062Z`), unread."""


def entry(tree) -> Entry:
    """The page's one h-entry's address and moment; an empty Entry when the page has none,
    or several (a blog's front page lists its posts, each an h-entry)."""
    if tree is None:
        return Entry()
    try:
        found = tree.xpath(_ENTRY)
    except (ValueError, TypeError):
        return Entry()
    if len(found) != 1:
        return Entry()
    [story] = found
    addresses = (
        web_address(link.get("href", "").strip())
        for name in ("u-url", "p-canonical")
        for link in story.xpath(_ADDRESS.format(name))
    )
    url = next((address for address in addresses if address), None)  # not a relative one
    moments = story.xpath(_PUBLISHED)
    published = moments[0].get("datetime", "").strip() if moments else ""
    return Entry(url, published or None)
