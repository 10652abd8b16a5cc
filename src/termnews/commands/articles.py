"""Provides the commands that print articles: list, sections and show."""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import sys
from collections.abc import Iterable

from termnews.commands.output import (
    SECTION_JOIN,
    article_json,
    cells,
    clip,
    dump_json,
    fail,
    feed_info,
    pad,
    star,
)
from termnews.library import ArticleMeta, SectionNode, SkipFile, section_key
from termnews.library.order import sort_articles
from termnews.library.query import contains_section, has_tag, plain_name, tag_key
from termnews.library.sections import parse_section
from termnews.paths import printable
from termnews.repository import Repository, SectionNotFound


def list_articles(repo: Repository, args: argparse.Namespace) -> int:
    """Rows are written as they come from the index (`args.rows`, newest first) when the
    command line's quick path gave them: a million articles need not fit in memory."""
    rows: Iterable[ArticleMeta] | None = getattr(args, "rows", None)
    if rows is None:
        rows = repo.select(unread=args.unread, bookmarked=args.bookmarked, order=args.sort)
    elif args.sort != "date":
        rows = sort_articles(list(rows), args.sort)
    sections = repo.all_sections()
    if args.section:
        wanted = section_named(args.section, sections)
        sections = [s for s in sections if contains_section(section_key(s), wanted)]
        inside = set(sections)  # tested once a section, not once an article
        rows = (m for m in rows if m.section in inside)
    if args.tag is not None:
        tag = tag_key(args.tag)
        if not tag:
            fail("--tag needs a tag, e.g. --tag science")
            return 2
        rows = (m for m in rows if has_tag(m.tags, tag))
    if args.author is not None:
        name = plain_name(args.author.strip())
        if not name:
            fail("--author needs a name, e.g. --author Evans")
            return 2
        rows = (m for m in rows if m.author and name in plain_name(m.author))
    if args.json:
        dump_json_rows(repo, rows)
        return 0
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        print("No articles.")
        return 0
    texts = [SECTION_JOIN.join(section) or "-" for section in sections]
    width = min(36, max(len("SECTION"), *(cells(text) for text in texts)))
    mark = star()
    out = sys.stdout
    out.write(f"{'ID':<12}  {'NEW':<3}  {mark:<1}  {'SECTION':<{width}}  TITLE\n")
    for meta in itertools.chain([first], rows):
        new = "new" if not repo.is_read(meta.id) else ""
        starred = mark if repo.is_bookmarked(meta.id) else ""
        section_text = clip(SECTION_JOIN.join(meta.section) or "-", width)
        out.write(
            f"{meta.id:<12}  {new:<3}  {starred:<1}  {pad(section_text, width)}  {meta.title}\n"
        )
    return 0


def dump_json_rows(repo: Repository, rows: Iterable[ArticleMeta]) -> None:
    """A JSON list, one article a line, written a few hundred at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out = sys.stdout
    rows = iter(rows)
    written = False
    while chunk := list(itertools.islice(rows, 500)):
        feeds = feed_info(repo, chunk)
        text = ",\n".join(encode(article_json(repo, meta, feeds)) for meta in chunk)
        out.write((",\n" if written else "[\n") + text)
        written = True
    out.write("\n]\n" if written else "[]\n")


def section_named(name: str, sections: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The key of a section named at any level, as `section:` in a search matches it (the
    name in the tree or the folder's own spelling); a name that is none of the library's
    `sections` is an error."""
    wanted = section_key(parse_section(name))
    if not any(contains_section(section_key(section), wanted) for section in sections):
        names = sorted({part for section in sections for part in section})
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        raise SectionNotFound(name, close)
    return wanted


def sections(repo: Repository, args: argparse.Namespace) -> int:
    root = repo.section_tree()
    if args.json:
        dump_json(_node_json(root))
        return 0
    rows = [(node, len(node.path)) for node in root.walk()]
    names = [("  " * (depth - 1) + node.name) if depth else "All articles" for node, depth in rows]
    width = max(cells(name) for name in names)
    print(f"{'SECTION':<{width}}  {'TOTAL':>6}  {'UNREAD':>6}")
    for (node, _depth), name in zip(rows, names, strict=True):
        print(f"{pad(name, width)}  {node.total:>6}  {node.unread:>6}")
    return 0


def tags(repo: Repository, args: argparse.Namespace) -> int:
    """Each tag with its articles, those with the most unread first (the reader's `T`)."""
    counts = repo.tag_counts()
    if args.json:
        dump_json([{"tag": c.tag, "total": c.total, "unread": c.unread} for c in counts])
        return 0
    if not counts:
        print("No article has tags.")
        return 0
    names = [printable(count.tag) for count in counts]
    width = max(len("TAG"), *(cells(name) for name in names))
    print(f"{'TAG':<{width}}  {'TOTAL':>6}  {'UNREAD':>6}")
    for count, name in zip(counts, names, strict=True):
        print(f"{pad(name, width)}  {count.total:>6}  {count.unread:>6}")
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
            tags=list(article.meta.tags),  # the file's now, should the index be behind
            author=article.meta.author,  # likewise
        )
        dump_json(data)
        return 0
    from termnews.formatting import format_article  # dates and wrapping: only to show

    sys.stdout.write(format_article(article))
    return 0
