"""Provides the co-authors a page's byline marks up as schema.org microdata beside the
author the extractor found.

The New York Times (2014) and Le Figaro mark each of a story's authors as an element of its
own (`itemprop="author"`, the name within as `itemprop="name"`), side by side in the byline;
trafilatura names the first, so a story by four reporters was by one. Only the found
author's neighbours count: a page marks comments' and other stories' authors the same way.
"""

from __future__ import annotations

_AUTHORS = "//*[@itemprop and contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
_NAME = ".//*[@itemprop='name']"
_MOST = 8
"""Authors of one byline at most: more is a list of something else."""


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
