"""Provides running a parsed query: full-text scores, then filters, then the ranking."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from termnews.library.model import ArticleMeta
from termnews.library.query import Query, Term

TextSearch = Callable[[str], Mapping[str, float]]
"""FTS5 expression -> score by article file (higher is better)."""
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
    by_file: Mapping[str, ArticleMeta],
    text_search: TextSearch,
    marks: Marks,
) -> list[Hit]:
    """Best first when there are words to rank by; newest first for filters alone."""
    positive, negative = query.positive, query.negative
    excluded: Mapping[str, float] = {}
    if negative:
        excluded = text_search(_any(negative))
    filters = query.filters

    def keep(meta: ArticleMeta) -> bool:
        if meta.file in excluded:
            return False
        if not filters:
            return True
        read, bookmarked = marks(meta.id)
        return all(f.matches(meta, read, bookmarked) for f in filters)

    if not positive:
        return [Hit(meta, 0.0) for meta in newest_first if keep(meta)]
    hits = []
    for file, score in text_search(query.fts(positive)).items():
        meta = by_file.get(file)
        if meta is not None and keep(meta):
            hits.append(Hit(meta, score))
    hits.sort(key=lambda hit: (-hit.score, -hit.meta.sort_time, hit.meta.relpath))
    return hits


def _any(terms: tuple[Term, ...]) -> str:
    return " OR ".join(term.fts for term in terms)
