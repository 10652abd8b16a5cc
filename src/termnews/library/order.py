"""Provides the orders an article list, and a search's hits, can be sorted in."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from termnews.library.model import ArticleMeta
from termnews.library.search import Hit
from termnews.library.sections import section_key

SORT_ORDERS = ("date", "title", "section")
"""Article list orders, in the order the `s` key cycles through them."""
SEARCH_ORDERS = ("relevance", *SORT_ORDERS)
"""How a search's hits can be listed: best first, or as any list is sorted."""


def sort_articles(articles: Iterable[ArticleMeta], order: str) -> list[ArticleMeta]:
    """Newest first for `date`; alphabetical for `title` and `section`."""
    return sorted(articles, key=_key(order))


def sort_hits(hits: Iterable[Hit], order: str) -> list[Hit]:
    """The hits as they come (best first) for `relevance`, else as sort_articles orders."""
    if order == "relevance":
        return list(hits)
    key = _key(order)
    return sorted(hits, key=lambda hit: key(hit.meta))


def _key(order: str) -> Callable[[ArticleMeta], tuple]:
    if order == "title":
        return lambda meta: (meta.title.casefold(), meta.relpath)
    if order == "section":
        return lambda meta: (section_key(meta.section), -int(meta.sort_time), meta.relpath)
    # Whole seconds, so that files written together (an install, a copy) sort by path.
    return lambda meta: (-int(meta.sort_time), meta.relpath)
