"""Provides read, unread, bookmark and unbookmark from the command line."""

from __future__ import annotations

import argparse

from termnews.commands.output import describe_lookup, fail
from termnews.library import ArticleMeta
from termnews.repository import AmbiguousArticle, ArticleNotFound, Repository

_MARKERS = {
    "read": ("read", True),
    "unread": ("read", False),
    "bookmark": ("bookmarked", True),
    "unbookmark": ("bookmarked", False),
}


def mark(repo: Repository, args: argparse.Namespace) -> int:
    """Mark every id that names one article; report the others and exit 1 if any."""
    kind, on = _MARKERS[args.command]
    chosen: list[ArticleMeta] = []
    bad = 0
    for prefix in args.ids:
        try:
            chosen.append(repo.resolve(prefix))
        except (ArticleNotFound, AmbiguousArticle) as error:
            fail(describe_lookup(error))
            bad += 1
    if chosen:
        repo.mark(kind, [meta.id for meta in chosen], on)
    for meta in chosen:
        print(f"{args.command}: {meta.id}  {meta.title}")
    if bad:
        fail(f"{bad} of {len(args.ids)} id(s) not found; the other {len(chosen)} were marked")
    return 1 if bad else 0
