"""Provides the in-process search timing: the repository's search over a built index, as
the query line runs it (results plus the snippets of the first screen), without the
terminal or the query line's typing pause."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from generate import WORDS

QUERIES = (
    WORDS[1500],
    f"{WORDS[400]} {WORDS[3000]}",
    f"milley {WORDS[250]} {WORDS[900]}",
    '"the government"',
    f"{WORDS[2200][:4]}*",
    f"{WORDS[900]} section:military unread",
    'source:"Press TV" not milley',
    "the",
)
"""Queries a reader types, over the Zipf vocabulary of the generated library: a word of
middling frequency, two and three words, a phrase, a prefix, words with filters, filters
alone, and the commonest word (in nearly every article)."""
SNIPPETS = 15
"""Hits whose snippets are made for the first screen of results."""
FIRST_HITS = 60
"""Hits the query line lists first (termnews.ui.screens.search), before all are counted."""


def search_latency(library: Path, work: Path, repeats: int = 20) -> dict:
    """p50/p95 per query; the index must have been built by a run of termnews."""
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    from termnews.config import default_cache_dir
    from termnews.library import TrailerRules
    from termnews.library.query import parse_query
    from termnews.repository import Repository
    from termnews.state import StateStore

    repo = Repository(
        [library], StateStore(work / "data"), TrailerRules.build(), default_cache_dir()
    )
    if not repo.open_big():  # as the reader opens a big library: from its index
        repo.install(repo.cached())
    results = {}
    for text in QUERIES:
        first_samples, all_samples = [], []
        found = 0
        for _ in range(repeats):
            # As the query line runs it: the first screen of hits and its snippets…
            began = time.perf_counter()
            query = parse_query(text)
            first = repo.search_first(query, FIRST_HITS)
            if first is None:
                first = repo.search(query)
            for hit in first[:SNIPPETS]:
                repo.snippet(hit.meta, query)
            first_samples.append(time.perf_counter() - began)
            # …and, apart, all the hits with the count.
            began = time.perf_counter()
            hits = repo.search(query)
            for hit in hits[:SNIPPETS]:
                repo.snippet(hit.meta, query)
            all_samples.append(time.perf_counter() - began)
            found = len(hits)
        results[text] = {"matches": found, **_spread(first_samples), "all": _spread(all_samples)}
    return results


def _spread(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
    }
