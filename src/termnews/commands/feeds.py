"""Provides `termnews feeds` (list, add, set, remove, import, export) and `termnews fetch`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from termnews.commands.output import dump_json, fail, warn
from termnews.config import Config
from termnews.paths import printable, write_atomically


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    feeds = commands.add_parser(
        "feeds",
        parents=[common],
        help="list, add, remove, import or export feeds",
        description="With no action: each feed with its items, unread, last fetch and error.",
    )
    feeds.add_argument("--json", action="store_true", help="print JSON")
    actions = feeds.add_subparsers(dest="action", metavar="ACTION", prog="termnews feeds")
    listing = actions.add_parser("list", parents=[common], help="the table (also with no action)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = actions.add_parser("add", parents=[common], help="subscribe to a feed (or a page's)")
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", help="name in the tree (default: the feed's title)")
    add.add_argument("--section", metavar='"A / B"', help="section (default: Feeds / NAME)")
    add.add_argument("--every", metavar="30m", help="how often to check (default 1h)")
    add.add_argument("--tags", metavar="a,b", help="tags every item carries (tag:a finds them)")
    change = actions.add_parser(
        "set",
        parents=[common],
        help="change a feed's name, section, interval or tags (and its items' now)",
        description='An empty value gives the default back: --name "" is the feed\'s title.',
    )
    change.add_argument("feed", metavar="NAME|URL")
    change.add_argument("--name", help="name in the tree")
    change.add_argument("--section", metavar='"A / B"', help="section")
    change.add_argument("--every", metavar="30m", help="how often to check")
    change.add_argument("--tags", metavar="a,b", help="tags every item carries (replacing its)")
    remove = actions.add_parser("remove", parents=[common], help="unsubscribe")
    remove.add_argument("feed", metavar="NAME|URL")
    remove.add_argument("--delete-items", action="store_true", help="delete its item files too")
    opml_in = actions.add_parser(
        "import", parents=[common], help="add the feeds of an OPML file or newsboat's urls"
    )
    opml_in.add_argument("file", type=Path, metavar="FILE.opml|urls")
    opml_out = actions.add_parser("export", parents=[common], help="write OPML 2.0")
    opml_out.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: stdout")

    fetch = commands.add_parser("fetch", parents=[common], help="fetch feeds now")
    fetch.add_argument("feeds", nargs="*", metavar="NAME|URL", help="default: every due feed")
    fetch.add_argument("--force", action="store_true", help="also the feeds not due yet")
    fetch.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, config: Config) -> int:
    """Feed commands need no library scan, except the table's unread counts and fetch's
    retention (which deletes only read, unbookmarked items)."""
    from termnews.feeds.opml import OPMLError
    from termnews.feeds.parse import NotAFeed
    from termnews.feeds.service import FeedAmbiguous, FeedNotFound
    from termnews.feeds.subscriptions import SubscriptionError
    from termnews.net import FetchError
    from termnews.session import open_feeds

    try:
        if args.command == "fetch":
            return _fetch(args, config)
        action = getattr(args, "action", None)
        if action in (None, "list"):
            return _table(args, config)
        service = open_feeds(args, config)
        try:
            commands = {
                "add": _add,
                "set": _set,
                "remove": _remove,
                "import": _import,
                "export": _export,
            }
            return commands[action](service, args)
        finally:
            service.close()
    except SubscriptionError as error:
        fail(str(error))
        return 2
    except FeedNotFound as error:
        fail(f"no feed named {printable(str(error))!r} (see `termnews feeds`)")
        return 1
    except FeedAmbiguous as error:
        urls = ", ".join(printable(url) for url in error.urls)
        named = f"{len(error.urls)} feeds are named {printable(error.key)!r}"
        fail(f"{named}: {urls}; name one by its address")
        return 1
    except (FetchError, NotAFeed) as error:
        fail(f"{printable(getattr(args, 'url', ''))}: {error}")
        return 1
    except OPMLError as error:
        fail(str(error))
        return 1


def _settings(args: argparse.Namespace) -> tuple:
    """--every, --section and --tags as read (None where not given)."""
    from termnews.feeds.subscriptions import DEFAULT_EVERY, parse_duration
    from termnews.library.clean import clean_line, distinct
    from termnews.library.sections import parse_section
    from termnews.session import UsageError

    try:
        every = None if args.every is None else parse_duration(args.every or DEFAULT_EVERY)
    except ValueError as error:
        raise UsageError(f"--every: {error}") from None
    section = None if args.section is None else parse_section(args.section)
    tags = (
        None if args.tags is None else distinct(filter(None, map(clean_line, args.tags.split(","))))
    )
    return every, section, tags


def _add(service, args: argparse.Namespace) -> int:
    from termnews.formatting import counted

    every, section, tags = _settings(args)
    added = service.add(args.url, args.name, section or (), every, tags or ())
    print(f"Subscribed to {printable(added.title)} ({printable(added.subscription.url)})")
    print(f"  {counted(added.items, 'item')} fetched into {printable(str(service.feeds_dir))}")
    for url, title in added.others:
        print(f"  the page also offers: {printable(title or url)} {printable(url)}")
    return 0


def _set(service, args: argparse.Namespace) -> int:
    from termnews.library.clean import clean_line
    from termnews.session import UsageError

    every, section, tags = _settings(args)
    name = None if args.name is None else clean_line(args.name)
    if (name, section, every, tags) == (None, None, None, None):
        raise UsageError("say what to change: --name, --section, --every or --tags")
    result = service.change(args.feed, name, section, every, tags)
    print(printable("; ".join(filter(None, (f"{result.label}: changed", result.reframing())))))
    return 0


def _remove(service, args: argparse.Namespace) -> int:
    from termnews.formatting import counted

    subscription, deleted = service.remove(args.feed, args.delete_items)
    print(f"Unsubscribed from {printable(subscription.label())}")
    if args.delete_items:
        print(f"  {counted(deleted, 'item file')} deleted")
    return 0


def _import(service, args: argparse.Namespace) -> int:
    from termnews.formatting import counted

    imported = service.import_feeds(args.file)
    said = f"{counted(len(imported.added), 'feed')} added, {imported.skipped} already subscribed"
    if imported.repeated:
        said += f"; {counted(len(imported.repeated), 'feed')} listed twice (tags joined)"
    print(said)
    for subscription in imported.added:
        section = " / ".join(subscription.section) or "Feeds"
        tags = f", tagged {', '.join(subscription.tags)}" if subscription.tags else ""
        print(f"  {printable(subscription.label())}  ({printable(section)}{printable(tags)})")
    for line in imported.left_out:
        warn(f"{args.file}: {line}; not imported")
    return 0


def _export(service, args: argparse.Namespace) -> int:
    text = service.export_opml()
    if args.file is None:
        sys.stdout.write(text)
    else:
        write_atomically(args.file, text)
        print(f"{len(service.subscriptions())} feeds written to {printable(str(args.file))}")
    return 0


def _fetch(args: argparse.Namespace, config: Config) -> int:
    from termnews.session import open_repository

    repo = open_repository(args, config)
    try:
        service = repo.feeds
        subscriptions = service.subscriptions()
        if any(s.keep is not None or s.keep_days is not None for s in subscriptions):
            repo.scan()  # retention asks which items are read and not bookmarked
        lines = not args.json and not sys.stdout.isatty()
        progress = None if args.json or lines else _Progress(len(subscriptions))

        def done(result) -> None:
            if lines:
                print(printable(result.summary()), flush=True)
            elif progress is not None:
                progress.advance(result)

        try:
            results = service.fetch(args.feeds, args.force, repo.removable, done)
        finally:
            if progress is not None:
                progress.stop()
        stale = {p for r in results if r.subscription.unread_on_update for p in r.updated}
        if stale:  # their read marks follow them to their new text: find them, then unmark
            repo.include(service.feeds_dir)
            repo.scan()
            ids = [meta.id for meta in repo.articles if meta.file in stale]
            if ids:
                repo.mark("read", ids, False)
        if args.json:
            dump_json([_result_json(result) for result in results])
        elif progress is not None:
            for result in results:
                print(printable(result.summary()))
        return 1 if any(result.error for result in results) else 0
    finally:
        if repo.feeds is not None:
            repo.feeds.close()
        repo.state.close()


def _result_json(result) -> dict:
    return {
        "feed": result.subscription.url,
        "title": result.label,
        "new": len(result.new),
        "updated": len(result.updated),
        "removed": len(result.deleted),
        "reframed": len(result.reframed),
        "not_modified": result.not_modified,
        "skipped": result.skipped,
        "error": result.error,
        "errors": result.errors,
    }


class _Progress:
    """A Rich progress bar on a terminal: one step per feed."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("Fetching"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
        )
        self._task = self._progress.add_task("", total=total)
        self._progress.start()

    def advance(self, result) -> None:
        self._progress.update(self._task, advance=1, description=printable(result.label)[:40])

    def stop(self) -> None:
        self._progress.stop()


def _table(args: argparse.Namespace, config: Config) -> int:
    from termnews.session import open_repository

    repo = open_repository(args, config)
    try:
        for notice in repo.state.notices:
            warn(notice)
        repo.scan()
        statuses = repo.feeds.statuses()
        by_file = {meta.file: meta for meta in repo.articles}
        rows = []
        for status in statuses:
            metas = [by_file[path] for path in status.items if path in by_file]
            unread = sum(1 for meta in metas if not repo.state.is_read(meta.id))
            record = status.record
            rows.append(
                {
                    "name": status.title,
                    "url": status.subscription.url,
                    "section": list(status.subscription.section or ("Feeds", status.title)),
                    "tags": list(status.subscription.tags),
                    "items": len(metas),
                    "unread": unread,
                    "last_fetch": _iso(record.last_fetch),
                    "next_check": _iso(record.next_check),
                    "error": record.last_error,
                    "errors": record.errors,
                }
            )
        if args.json:
            dump_json(rows)
            return 0
        if not rows:
            print("No feeds yet. Add one: termnews feeds add URL")
            return 0
        _print_table(rows)
        return 0
    finally:
        if repo.feeds is not None:
            repo.feeds.close()
        repo.state.close()


def _print_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("Feed", "Items", "Unread", "Last fetch", "Next check", "Error"):
        table.add_column(column, justify="right" if column in ("Items", "Unread") else "left")
    for row in rows:
        error = f"{row['error']} ({row['errors']}×)" if row["error"] else ""
        table.add_row(
            Text(printable(row["name"])),
            str(row["items"]),
            str(row["unread"]),
            _short(row["last_fetch"]) or "never",
            _short(row["next_check"]) or "now",
            Text(printable(error), style="red"),
        )
    Console(highlight=False).print(table)


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).replace(microsecond=0).isoformat()


def _short(iso: str | None) -> str:
    if not iso:
        return ""
    moment = dt.datetime.fromisoformat(iso).astimezone()
    if moment.date() == dt.date.today():
        return f"{moment:%H:%M}"
    return f"{moment.day} {moment:%b %H:%M}"
