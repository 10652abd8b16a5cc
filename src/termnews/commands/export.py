"""Provides `termnews export [QUERY] --format md|html|json [-o PATH]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from termnews.commands.output import fail
from termnews.library import ArticleMeta, SkipFile
from termnews.paths import printable, slug, write_atomically
from termnews.repository import Repository

FORMATS = ("md", "html", "json")


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export",
        parents=[common],
        help="export articles as Markdown, HTML or JSON",
        epilog="e.g. termnews export bookmarked --format html -o reading.html",
    )
    export.add_argument(
        "query", nargs="*", metavar="QUERY", help="the search language; default: all"
    )
    export.add_argument("--format", choices=FORMATS, default="md")
    export.add_argument(
        "-o", "--output", metavar="PATH",
        help="a file; for md, a folder (ending in /, or existing) gets one file per article",
    )  # fmt: skip


def export(repo: Repository, args: argparse.Namespace) -> int:
    from termnews.exporting import (  # with the formatters: not on every command's start
        article_markdown,
        articles_html,
        articles_json,
        articles_markdown,
    )

    query = " ".join(args.query)
    metas: Iterable[ArticleMeta] | None = getattr(args, "metas", None)  # from the index alone
    if metas is None:
        metas = [hit.meta for hit in repo.search(query)] if query.strip() else repo.select()
    articles = []
    for meta in metas:
        try:
            articles.append(repo.load(meta))
        except SkipFile as skip:
            print(f"termnews: skipped {printable(meta.file)}: {skip}", file=sys.stderr)
    target = Path(args.output) if args.output else None
    folder = target is not None and (target.is_dir() or args.output.endswith(("/", "\\")))
    if args.format == "md" and target is not None and folder:
        target.mkdir(parents=True, exist_ok=True)
        for article in articles:
            name = f"{slug(article.meta.title, 'article')}-{article.meta.id}.md"
            write_atomically(target / name, article_markdown(article))
        print(f"{len(articles)} articles written to {printable(str(target))}")
        return 0
    if args.format == "html":
        title = f"termnews: {query}" if query.strip() else "termnews: all articles"
        text = articles_html(articles, title)
    elif args.format == "json":
        text = articles_json(articles)
    else:
        text = articles_markdown(articles)
    if target is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(target, text)
    except OSError as error:
        fail(f"{printable(str(target))}: cannot be written ({error.strerror or error})")
        return 1
    print(f"{len(articles)} articles written to {printable(str(target))}")
    return 0
