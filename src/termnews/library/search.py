"""Provides running a parsed query: full-text scores, then filters, then the ranking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from termnews.library.model import ArticleMeta
from termnews.library.query import Query, Term

TextSearch = Callable[[str], list[tuple[ArticleMeta, float]]]
"""FTS5 expression -> the matching articles with their scores (higher is better)."""
Marks = Callable[[str], tuple[bool, bool]]
"""(read, bookmarked) for an article id."""


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
) -> list[Hit]:
    """Best first when there are words to rank by; newest first for filters alone."""
    positive, negative = query.positive, query.negative
    excluded = {meta.id for meta, _ in text_search(_any(negative))} if negative else set()
    filters = query.filters

    def keep(meta: ArticleMeta) -> bool:
        if meta.id in excluded:
            return False
        if not filters:
            return True
        read, bookmarked = marks(meta.id)
        return all(f.matches(meta, read, bookmarked) for f in filters)

    if not positive:
        return [Hit(meta, 0.0) for meta in newest_first if keep(meta)]
    hits = [Hit(meta, score) for meta, score in text_search(query.fts(positive)) if keep(meta)]
    hits.sort(key=_score, reverse=True)
    return hits


def _score(hit: Hit) -> float:
    return hit.score


def _any(terms: tuple[Term, ...]) -> str:
    return " OR ".join(term.fts for term in terms)
