"""Provides the commands that print articles: list, sections and show."""

from __future__ import annotations

import argparse
import difflib
import sys

from termnews.commands.output import (
    SECTION_JOIN,
    article_json,
    clip,
    dump_json,
    fail,
    feed_info,
    star,
)
from termnews.library import ArticleMeta, SectionNode, SkipFile, section_key
from termnews.library.query import contains_section
from termnews.library.sections import parse_section
from termnews.repository import Repository, SectionNotFound


def list_articles(repo: Repository, args: argparse.Namespace) -> int:
    chosen = repo.select(unread=args.unread, bookmarked=args.bookmarked, order=args.sort)
    if args.section:
        chosen = in_section(args.section, chosen, repo.all_sections())
    if args.json:
        feeds = feed_info(repo, chosen)
        dump_json([article_json(repo, meta, feeds) for meta in chosen])
        return 0
    if not chosen:
        print("No articles.")
        return 0
    sections = [SECTION_JOIN.join(meta.section) or "-" for meta in chosen]
    width = min(36, max(len("SECTION"), *(len(s) for s in sections)))
    mark = star()
    print(f"{'ID':<12}  {'NEW':<3}  {mark:<1}  {'SECTION':<{width}}  TITLE")
    for meta, section_text in zip(chosen, sections, strict=True):
        new = "new" if not repo.is_read(meta.id) else ""
        starred = mark if repo.is_bookmarked(meta.id) else ""
        section_text = clip(section_text, width)
        print(f"{meta.id:<12}  {new:<3}  {starred:<1}  {section_text:<{width}}  {meta.title}")
    return 0


def in_section(
    name: str, rows: list[ArticleMeta], sections: list[tuple[str, ...]]
) -> list[ArticleMeta]:
    """Rows in a section named at any level, as `section:` in a search matches it (the
    name in the tree or the folder's own spelling); a name that is none of the library's
    `sections` is an error."""
    wanted = section_key(parse_section(name))
    if not any(contains_section(section_key(section), wanted) for section in sections):
        names = sorted({part for section in sections for part in section})
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        raise SectionNotFound(name, close)
    return [meta for meta in rows if contains_section(section_key(meta.section), wanted)]


def sections(repo: Repository, args: argparse.Namespace) -> int:
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


def show(repo: Repository, args: argparse.Namespace) -> int:
    meta = repo.resolve(args.id)
    try:
        article = repo.load(meta)
    except SkipFile as skip:
        fail(f"cannot show {meta.file}: {skip}")
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
    from termnews.formatting import format_article  # dates and wrapping: only to show

    sys.stdout.write(format_article(article))
    return 0
