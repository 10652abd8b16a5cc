"""Provides the scriptable subcommands, one module per group, and their dispatch."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Callable, Iterator

from termnews.commands.output import warn
from termnews.config import Config
from termnews.library.query import parse_query
from termnews.library.records import Progress
from termnews.repository import Repository
from termnews.session import open_repository

_BAR_FROM = 500
"""Files to parse from which a scan shows a progress bar (fewer take under a second)."""
_RUN = {
    "list": "articles:list_articles",
    "sections": "articles:sections",
    "tags": "articles:tags",
    "show": "articles:show",
    "search": "search:search",
    "read": "marks:mark",
    "unread": "marks:mark",
    "bookmark": "marks:mark",
    "unbookmark": "marks:mark",
    "sync": "sync:sync",
    "export": "export:export",
    "marks export": "sync:export_marks",
    "marks import": "sync:import_marks",
    "feeds": "feeds:run",
    "save": "pages:run",
}
"""Each command's module and function: only the module of the command run is imported."""


def _command(name: str) -> Callable[..., int]:
    module, function = _RUN[name].split(":")
    return getattr(importlib.import_module(f"termnews.commands.{module}"), function)


def run_command(args: argparse.Namespace, config: Config) -> int:
    if args.command in ("feeds", "fetch", "save"):
        return _command("save" if args.command == "save" else "feeds")(args, config)
    if args.command in ("search", "export"):
        args.parsed = parse_query(" ".join(args.query))  # a bad query fails before any scan
    repo = open_repository(args, config)
    try:
        return _run(repo, args)
    finally:
        repo.state.close()  # folds the write-ahead log into state.sqlite3


@contextlib.contextmanager
def scan_progress() -> Iterator[Progress | None]:
    """A progress bar on stderr while a scan parses many files (a first scan, a big change),
    when stderr is a terminal; nothing otherwise, and nothing for a scan that finds little."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("Reading the library"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = None

    def progress(done: int, total: int) -> None:
        nonlocal task
        if total < _BAR_FROM:
            return
        if task is None:
            bar.start()
            task = bar.add_task("", total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield progress
    finally:
        if task is not None:
            bar.stop()


QUICK = frozenset(
    {"read", "unread", "bookmark", "unbookmark", "show", "sections", "list", "tags", "sync",
     "marks"}
)  # fmt: skip
"""Commands that read only the rows they need from the index when no file was added,
removed or renamed (the other machines' marks merged first, their articles looked up in
the index, as `marks` looks up its own). The others then read the whole index, but look
at no file one by one: an edit in place waits for `--rescan` or the next scan that finds a
folder changed (the rule in the README)."""

INDEXED = QUICK | {"search", "export"}
"""Commands that bring the index up to date from the folders' times, and answer from it
(search and export from their hits in it, when it can be read)."""


def _run(repo: Repository, args: argparse.Namespace) -> int:
    for notice in repo.state.notices:
        warn(notice)
    unchanged = not args.rescan and repo.unchanged_since_index()
    same_articles = unchanged
    if not unchanged and not args.rescan and args.command in INDEXED:
        # Files were added, removed or renamed: the folders that changed are read into
        # the index, and the command answers from it as if nothing had.
        with scan_progress() as progress:
            refreshed = repo.refresh_index(progress)
        for warning in refreshed.warnings if refreshed else []:
            warn(str(warning))
        unchanged = refreshed is not None
        same_articles = refreshed is not None and not refreshed.changed
    if unchanged and args.command in INDEXED:
        # New articles may be ones another machine marked: then the merge is not skipped,
        # nor when asked for (`sync`).
        repo.sync_marks(unless_seen=same_articles and args.command != "sync")
        for warning in repo.sync_warnings:
            warn(warning)
        repo.sync_warnings.clear()
    if unchanged and args.command == "search":
        hits = repo.search_index(args.parsed, args.limit, args.sort)
        if hits is not None:
            args.hits = hits
            return _command(args.command)(repo, args)
    if unchanged and args.command == "export":
        if " ".join(args.query).strip():
            args.metas = repo.found_in_index(args.parsed)  # best first, read as exported
        else:
            args.metas = repo.selection()  # newest first, read as exported
        if args.metas is not None:
            return _command(args.command)(repo, args)
    if unchanged and args.command in QUICK:
        if args.command == "sync":  # the merge above was its work
            return _command(args.command)(repo, args)
        if args.command == "marks":  # their articles are looked up in the index
            return _command(f"marks {args.action}")(repo, args)
        if args.command == "list":
            args.rows = repo.selection(
                args.section, unread=args.unread, bookmarked=args.bookmarked, tag=args.tag
            )
            return _command(args.command)(repo, args)
        if args.command == "sections":
            repo.load_tree()
            return _command(args.command)(repo, args)
        if args.command == "tags":  # counted in the index
            return _command(args.command)(repo, args)
        if repo.load_ids([args.id] if args.command == "show" else args.ids):
            return _command(args.command)(repo, args)
    if unchanged:
        repo.install(repo.cached())  # the index as the last scan left it, no file looked at
    else:
        with scan_progress() as progress:
            repo.scan(progress)  # with a sync folder, other machines' marks are merged too
    for warning in [*repo.warnings, *repo.sync_warnings]:
        warn(str(warning))
    if args.command == "marks":
        return _command(f"marks {args.action}")(repo, args)
    return _command(args.command)(repo, args)
