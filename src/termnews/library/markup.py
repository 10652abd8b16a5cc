"""Provides what a page marks up for machines that the extractor misses: the byline's
co-authors and the post's tags.

The New York Times (2014) and Le Figaro mark each of a story's authors as an element of its
own (schema.org's `itemprop="author"`, the name within as `itemprop="name"`), side by side in
the byline; trafilatura names the first, so a story by four reporters was by one. Only the
found author's neighbours count: a page marks comments' and other stories' authors the same
way.

A post's tags are its links marked `rel="tag"` (WordPress's, and most blogs' and news
sites'); trafilatura reads the page's keywords, which many sites give every page alike
(Wired: `Wired.com, Wired News, Wired Blogs, tech news…`).
"""

from __future__ import annotations

_AUTHORS = "//*[@itemprop and contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
_NAME = ".//*[@itemprop='name']"
_MOST = 8
"""Authors of one byline at most: more is a list of something else."""
_TAG_LINKS = "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"
_TAGS_AT_MOST = 30
"""Tags of one post at most: more is a site's tag cloud."""


def byline_authors(tree, found: str | None) -> str | None:
    """`found` and the authors marked beside it in the same byline element, in the page's
    order; `found` when it has no marked neighbour."""
    if tree is None or not found:
        return found
    try:
        marked = tree.xpath(_AUTHORS)
    except (ValueError, TypeError):
        return found
    key = _key(found)
    for element in marked:
        if _key(_name(element)) != key:
            continue
        parent = element.getparent()
        group = [_name(other) for other in marked if other.getparent() is parent]
        names = list(dict.fromkeys(name for name in group if name))
        if 1 < len(names) <= _MOST:
            return ", ".join(names)
        return found
    return found


def _name(element) -> str:
    inner = element.xpath(_NAME)
    holder = inner[0] if inner else element
    text = holder.get("content") or holder.text_content() or ""
    return " ".join(text.split())


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def tag_links(tree) -> list[str]:
    """The names of the page's links marked `rel="tag"`, in its order; none when there are
    more than a post has."""
    if tree is None:
        return []
    try:
        links = tree.xpath(_TAG_LINKS)
    except (ValueError, TypeError):
        return []
    names = [" ".join(link.text_content().split()).strip(",;·|") for link in links]
    found = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    return found if len(found) <= _TAGS_AT_MOST else []
