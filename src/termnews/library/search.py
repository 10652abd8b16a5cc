"""Provides running a parsed query: full-text scores, then filters, then the ranking."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from termnews.library.model import ArticleMeta
from termnews.library.query import Query, Term

TextSearch = Callable[[str, bool], list[tuple[ArticleMeta, float]]]
"""(FTS5 expression, scored) -> the matching articles with their scores (higher is
better); unscored (every score 0) costs a fraction of the time for common words."""
COMMON = 0.5
"""Words in more than this share of the articles are not ranked: BM25 gives a word in
most documents no weight (FTS5 floors its IDF near zero), so such hits come newest first,
found without scoring every one of them."""
Marks = Callable[[str], tuple[bool, bool]]
"""(read, bookmarked) for an article id."""
_ASK_EVERY = 4096
"""Rows between asking whether a search was cancelled: about a millisecond of work."""
_T = TypeVar("_T")


class SearchCancelled(Exception):
    """A newer search made this one pointless; it stopped part way."""


def watched(items: Iterable[_T], cancelled: Callable[[], bool] | None) -> Iterator[_T]:
    """The items, asking `cancelled` every few thousand: a stale search typed over must
    not hold the interpreter while the newer one runs. Raises SearchCancelled."""
    if cancelled is None:
        yield from items
        return
    for number, item in enumerate(items):
        if not number % _ASK_EVERY and cancelled():
            raise SearchCancelled
        yield item


@dataclass(frozen=True, slots=True)
class Hit:
    """One result; the score is 0 when the query has no words, only filters."""

    meta: ArticleMeta
    score: float


def run_query(
    query: Query,
    newest_first: Sequence[ArticleMeta],
    text_search: TextSearch,
    marks: Marks,
    cancelled: Callable[[], bool] | None = None,
) -> list[Hit]:
    """Best first when there are words to rank by; newest first for filters alone."""
    everything = watched(newest_first, cancelled)
    positive, negative = query.positive, query.negative
    excluded = {meta.id for meta, _ in text_search(_any(negative), False)} if negative else set()
    filters = query.filters

    def keep(meta: ArticleMeta) -> bool:
        if meta.id in excluded:
            return False
        if not filters:
            return True
        read, bookmarked = marks(meta.id)
        return all(f.matches(meta, read, bookmarked) for f in filters)

    if not positive:
        return [Hit(meta, 0.0) for meta in everything if keep(meta)]
    expression = query.fts(positive)
    found = text_search(expression, False)
    if len(found) > COMMON * len(newest_first):
        matched = {meta.id for meta, _ in found}
        return [Hit(meta, 0.0) for meta in everything if meta.id in matched and keep(meta)]
    found = text_search(expression, True)
    hits = [Hit(meta, score) for meta, score in watched(found, cancelled) if keep(meta)]
    hits.sort(key=_score, reverse=True)
    return hits


def _score(hit: Hit) -> float:
    return hit.score


def _any(terms: tuple[Term, ...]) -> str:
    return " OR ".join(term.fts for term in terms)
