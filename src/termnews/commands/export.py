"""Provides `termnews export [QUERY] --format md|html|json [-o PATH]`."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from termnews.commands.output import fail
from termnews.library import Article, ArticleMeta, SkipFile
from termnews.paths import atomic_text, printable, slug, write_atomically
from termnews.repository import Repository

FORMATS = ("md", "html", "json")
COUNT_AFTER = 1.0
"""Seconds an export to a file goes on before it counts its articles on a terminal."""


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
    query = " ".join(args.query)
    metas: Iterable[ArticleMeta] | None = getattr(args, "metas", None)  # from the index alone
    if metas is None:
        metas = [hit.meta for hit in repo.search(query)] if query.strip() else repo.select()
    target = Path(args.output) if args.output else None
    # Counted on stderr when it is a terminal the articles do not go to.
    counted = sys.stderr.isatty() and (target is not None or not sys.stdout.isatty())
    with _counter() if counted else contextlib.nullcontext() as count_one:
        return _export(args, query, _loaded(repo, metas, count_one), target)


def _export(
    args: argparse.Namespace, query: str, articles: Iterator[Article], target: Path | None
) -> int:
    from termnews.exporting import (  # with the formatters: not on every command's start
        article_markdown,
        write_html,
        write_json,
        write_markdown,
    )

    folder = target is not None and (target.is_dir() or args.output.endswith(("/", "\\")))
    if args.format == "md" and target is not None and folder:
        target.mkdir(parents=True, exist_ok=True)
        count = 0
        for article in articles:
            name = f"{slug(article.meta.title, 'article')}-{article.meta.id}.md"
            write_atomically(target / name, article_markdown(article), durable=False)
            count += 1
        os.sync()  # once for them all
        print(f"{count} articles written to {printable(str(target))}")
        return 0
    title = f"termnews: {query}" if query.strip() else "termnews: all articles"
    writers: dict[str, Callable[[Iterable[Article], TextIO], int]] = {
        "html": lambda articles, out: write_html(articles, out, title),
        "json": write_json,
        "md": write_markdown,
    }
    write = writers[args.format]
    if target is None:
        write(articles, sys.stdout)
        return 0
    try:
        with atomic_text(target) as out:  # written as the articles are read, put in place whole
            count = write(articles, out)
    except OSError as error:
        fail(f"{printable(str(target))}: cannot be written ({error.strerror or error})")
        return 1
    print(f"{count} articles written to {printable(str(target))}")
    return 0


def _loaded(
    repo: Repository, metas: Iterable[ArticleMeta], count_one: Callable[[], None] | None
) -> Iterator[Article]:
    """Each article read as it is written out: one held at a time, whatever the count. A
    file that cannot be read any more is skipped with a warning."""
    for meta in metas:
        try:
            article = repo.load(meta)
        except SkipFile as skip:
            print(f"termnews: skipped {printable(meta.file)}: {skip}", file=sys.stderr)
            continue
        if count_one is not None:
            count_one()
        yield article


@contextlib.contextmanager
def _counter() -> Iterator[Callable[[], None]]:
    """The articles written so far and the time taken, on stderr, once an export has gone
    on for a second (100,000 articles take a minute); gone when it ends."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("Exporting: {task.completed:,} articles"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    began = time.monotonic()
    done = 0
    task = None

    def count_one() -> None:
        nonlocal done, task
        done += 1
        if task is None and time.monotonic() - began >= COUNT_AFTER:
            bar.start()
            task = bar.add_task("", total=None)
        if task is not None:
            bar.update(task, completed=done)

    try:
        yield count_one
    finally:
        if task is not None:
            bar.stop()
