"""Provides the scriptable subcommands, one module per group, and their dispatch."""

from __future__ import annotations

import argparse

from termnews.commands import articles, export, feeds, marks, pages, search, sync
from termnews.commands.output import warn
from termnews.config import Config
from termnews.library.query import parse_query
from termnews.repository import Repository
from termnews.session import open_repository

_RUN = {
    "list": articles.list_articles,
    "sections": articles.sections,
    "show": articles.show,
    "search": search.search,
    "read": marks.mark,
    "unread": marks.mark,
    "bookmark": marks.mark,
    "unbookmark": marks.mark,
    "sync": sync.sync,
    "export": export.export,
}


def run_command(args: argparse.Namespace, config: Config) -> int:
    if args.command in ("feeds", "fetch"):
        return feeds.run(args, config)
    if args.command == "save":
        return pages.run(args, config)
    if args.command in ("search", "export"):
        args.parsed = parse_query(" ".join(args.query))  # a bad query fails before any scan
    repo = open_repository(args, config)
    try:
        return _run(repo, args)
    finally:
        repo.state.close()  # folds the write-ahead log into state.sqlite3


def _run(repo: Repository, args: argparse.Namespace) -> int:
    for notice in repo.state.notices:
        warn(notice)
    repo.scan()  # with a sync folder, the other machines' marks are merged here too
    for warning in [*repo.warnings, *repo.sync_warnings]:
        warn(str(warning))
    if args.command == "marks":
        action = sync.export_marks if args.action == "export" else sync.import_marks
        return action(repo, args)
    return _RUN[args.command](repo, args)
