"""Provides the non-interactive subcommands: list, sections, search, show and the marks."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.text import Text

from termnews.cli import UsageError, dump_json, open_repository, warn
from termnews.config import Config
from termnews.formatting import format_article
from termnews.library import ArticleMeta, SectionNode, SkipFile
from termnews.library.query import parse_query
from termnews.library.sections import parse_section
from termnews.library.snippet import Snippet
from termnews.paths import printable
from termnews.repository import Repository

_MARKERS = {
    "read": ("read", True),
    "unread": ("read", False),
    "bookmark": ("bookmarked", True),
    "unbookmark": ("bookmarked", False),
}
SECTION_JOIN = " / "


def run_command(args: argparse.Namespace, config: Config) -> int:
    if args.command == "search":
        args.parsed = parse_query(" ".join(args.query))  # a bad query fails before any scan
    repo = open_repository(args, config)
    for notice in repo.state.notices:
        warn(notice)
    repo.scan()
    for warning in repo.warnings:
        warn(str(warning))
    if args.command == "list":
        return _list(repo, args)
    if args.command == "sections":
        return _sections(repo, args)
    if args.command == "search":
        return _search(repo, args)
    if args.command == "show":
        return _show(repo, args)
    return _mark(repo, args)


def article_json(repo: Repository, meta: ArticleMeta) -> dict:
    return {
        "id": meta.id,
        "title": meta.title,
        "section": list(meta.section),
        "path": printable(meta.file),
        "read": repo.is_read(meta.id),
        "bookmarked": repo.is_bookmarked(meta.id),
        "words": meta.words,
        "minutes": meta.minutes,
        "source": meta.source,
        "date": meta.date,
        "url": meta.url,
        "format": meta.format,
    }


def _list(repo: Repository, args: argparse.Namespace) -> int:
    section = parse_section(args.section) if args.section else ()
    chosen = repo.select(section, unread=args.unread, bookmarked=args.bookmarked, order=args.sort)
    if args.json:
        dump_json([article_json(repo, meta) for meta in chosen])
        return 0
    if not chosen:
        print("No articles.")
        return 0
    sections = [SECTION_JOIN.join(meta.section) or "-" for meta in chosen]
    width = min(36, max(len("SECTION"), *(len(s) for s in sections)))
    print(f"{'ID':<12}  {'NEW':<3}  {'★':<1}  {'SECTION':<{width}}  TITLE")
    for meta, section_text in zip(chosen, sections, strict=True):
        new = "new" if not repo.is_read(meta.id) else ""
        star = "★" if repo.is_bookmarked(meta.id) else ""
        section_text = _clip(section_text, width)
        print(f"{meta.id:<12}  {new:<3}  {star:<1}  {section_text:<{width}}  {meta.title}")
    return 0


def _search(repo: Repository, args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    query = args.parsed
    hits = repo.search(query)
    hits = hits[: args.limit] if args.limit else hits
    snippets = [repo.snippet(hit.meta, query) for hit in hits]
    if args.json:
        rows = []
        for hit, snippet in zip(hits, snippets, strict=True):
            row = article_json(repo, hit.meta)
            row.update(score=float(f"{hit.score:.6g}"), snippet=snippet.text)
            rows.append(row)
        dump_json(rows)
        return 0
    if not hits:
        print("No matches.")
        return 0
    console = Console(highlight=False, soft_wrap=True)
    for hit, snippet in zip(hits, snippets, strict=True):
        meta = hit.meta
        new = "new" if not repo.is_read(meta.id) else "   "
        star = "★" if repo.is_bookmarked(meta.id) else " "
        section = SECTION_JOIN.join(meta.section) or "-"
        line = Text(f"{meta.id}  {hit.score:8.3g}  {new} {star}  ")
        line.append(meta.title, "bold")
        line.append(f"  ({section})", "dim")
        console.print(line)
        if snippet.text:
            console.print(_highlighted(snippet, indent="    "))
    return 0


def _highlighted(snippet: Snippet, indent: str = "") -> Text:
    """The snippet as styled text: highlights are styles on spans, never markup."""
    text = Text(indent + snippet.text)
    for start, end in snippet.highlights:
        text.stylize("bold reverse", start + len(indent), end + len(indent))
    return text


def _sections(repo: Repository, args: argparse.Namespace) -> int:
    root = repo.section_tree()
    if args.json:
        dump_json(_node_json(root))
        return 0
    rows = [(node, len(node.path)) for node in root.walk()]
    names = [("  " * (depth - 1) + node.name) if depth else "All articles" for node, depth in rows]
    width = max(len(name) for name in names)
    print(f"{'SECTION':<{width}}  {'TOTAL':>6}  {'UNREAD':>6}")
    for (node, _depth), name in zip(rows, names, strict=True):
        print(f"{name:<{width}}  {node.total:>6}  {node.unread:>6}")
    return 0


def _node_json(node: SectionNode) -> dict:
    return {
        "name": node.name or "All articles",
        "path": list(node.path),
        "total": node.total,
        "unread": node.unread,
        "children": [_node_json(child) for child in node.sorted_children()],
    }


def _show(repo: Repository, args: argparse.Namespace) -> int:
    meta = repo.resolve(args.id)
    try:
        article = repo.load(meta)
    except SkipFile as skip:
        print(f"termnews: error: cannot show {meta.path}: {skip}", file=sys.stderr)
        return 1
    if args.json:
        data = article_json(repo, meta)
        data.update(
            captions=list(article.captions),
            paragraphs=list(article.paragraphs),
            tags=list(article.tags),
        )
        dump_json(data)
        return 0
    sys.stdout.write(format_article(article))
    return 0


def _mark(repo: Repository, args: argparse.Namespace) -> int:
    kind, on = _MARKERS[args.command]
    chosen = [repo.resolve(prefix) for prefix in args.ids]
    repo.mark(kind, [meta.id for meta in chosen], on)
    for meta in chosen:
        print(f"{args.command}: {meta.id}  {meta.title}")
    return 0


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
