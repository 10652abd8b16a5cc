"""Provides `termnews search`: ranked (or sorted) hits with their snippets."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.text import Text

from termnews.commands.output import SECTION_JOIN, article_json, dump_json, star
from termnews.formatting import terminal_width
from termnews.library.order import sort_hits
from termnews.library.snippet import Snippet
from termnews.repository import Repository
from termnews.session import UsageError


def search(repo: Repository, args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    query = args.parsed
    hits = getattr(args, "hits", None)  # found from the index alone (see run_command)
    if hits is None:
        hits = sort_hits(repo.search(query), args.sort)
    hits = hits[: args.limit] if args.limit else hits
    snippets = [repo.snippet(hit.meta, query) for hit in hits]
    best = max((hit.score for hit in hits), default=0) or 1
    if args.json:
        rows = []
        for rank, (hit, snippet) in enumerate(zip(hits, snippets, strict=True), 1):
            row = article_json(repo, hit.meta)
            row.update(rank=rank, score=round(hit.score / best, 3), snippet=snippet.text)
            rows.append(row)
        dump_json(rows)
        return 0
    if not hits:
        print(f"No matches for {query.source.strip()!r}.")
        return 0
    console = Console(highlight=False, soft_wrap=True, width=terminal_width())
    mark = star()
    for rank, (hit, snippet) in enumerate(zip(hits, snippets, strict=True), 1):
        meta = hit.meta
        new = "new" if not repo.is_read(meta.id) else "   "
        starred = mark if repo.is_bookmarked(meta.id) else " "
        section = SECTION_JOIN.join(meta.section) or "-"
        line = Text(f"{rank:>3}. {meta.id}  {new} {starred}  ")
        line.append(meta.title, "bold")
        line.append(f"  ({section})", "dim")
        console.print(line)
        if snippet.text:
            console.print(_highlighted(snippet, indent="     "))
    return 0


def _highlighted(snippet: Snippet, indent: str = "") -> Text:
    """The snippet as styled text: highlights are styles on spans, never markup."""
    text = Text(indent + snippet.text)
    for start, end in snippet.highlights:
        text.stylize("bold reverse", start + len(indent), end + len(indent))
    return text
