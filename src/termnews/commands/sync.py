"""Provides `termnews sync` (merge the other machines' marks now, or show them) and
`termnews marks export|import`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from termnews.commands.output import dump_json, fail
from termnews.paths import printable, write_atomically
from termnews.repository import Repository


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser(
        "sync", parents=[common], help="merge marks from the sync folder now"
    )
    sync.add_argument("--status", action="store_true", help="the machines and their last change")
    sync.add_argument("--json", action="store_true", help="print JSON")
    marks = commands.add_parser("marks", parents=[common], help="export or import marks")
    actions = marks.add_subparsers(dest="action", metavar="ACTION", prog="termnews marks")
    actions.required = True
    out = actions.add_parser("export", parents=[common], help="every mark, as journal lines")
    out.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: stdout")
    into = actions.add_parser(
        "import", parents=[common], help="merge marks (journal lines, or newsboat's -E export)"
    )
    into.add_argument("file", type=Path, metavar="FILE")


def sync(repo: Repository, args: argparse.Namespace) -> int:
    if repo.sync is None:
        fail("no sync folder: set sync_dir in config.yaml (a folder a sync tool shares)")
        return 2
    if args.status:
        rows = [
            {
                "machine": machine,
                "this": machine == repo.sync.machine,
                "changes": count,
                "last_change": _when(newest.wall) if newest else None,
                "journal": name,
            }
            for machine, count, newest, name in repo.sync.status()
        ]
        if args.json:
            dump_json(rows)
        else:
            for row in rows:
                this = " (this machine)" if row["this"] else ""
                print(f"{row['machine']}{this}: {row['changes']} changes, last "
                      f"{row['last_change'] or 'never'}  [{row['journal']}]")  # fmt: skip
        return 0
    applied = repo.sync_applied  # merged before the command ran (commands._run)
    if args.json:
        dump_json([_change_json(change) for change in applied])
    else:
        print(f"{len(applied)} mark change(s) from other machines")
        shown = applied if len(applied) <= _LISTED_AT_MOST else applied[:_LISTED_WHEN_MANY]
        for change in shown:
            print("  " + _describe(change))
        if len(shown) < len(applied):
            tally = Counter(_verb(change) for change in applied)
            print(f"  … and {len(applied) - len(shown):,} more (in all: "
                  + ", ".join(f"{count:,} {verb}" for verb, count in tally.most_common())
                  + "; --json lists every one)")  # fmt: skip
    return 0


_LISTED_AT_MOST = 30
"""Changes `sync` lists one a line; past that (another machine's `A` on a section of
100,000 printed 100,000 lines) the first few and a count of each kind."""
_LISTED_WHEN_MANY = 10


def export_marks(repo: Repository, args: argparse.Namespace) -> int:
    from termnews.state.sync import Change, Stamp, key_of

    now = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    machine = repo.sync.machine if repo.sync else "export"
    lines = [
        Change(key_of(i, url), kind, True, Stamp(now, counter, machine), i, url).line()
        for counter, (i, url, kind) in enumerate(repo.every_mark())
    ]
    text = "".join(lines)
    if args.file is None:
        sys.stdout.write(text)
    else:
        write_atomically(args.file, text)
        print(f"{len(lines)} marks written to {printable(str(args.file))}")
    return 0


def import_marks(repo: Repository, args: argparse.Namespace) -> int:
    from termnews.state.sync import merge, parse_line

    try:
        text = args.file.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        fail(f"{printable(str(args.file))}: cannot be read ({error.strerror or error})")
        return 1
    changes, urls, bad = [], [], 0
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        change = parse_line(line)
        if change is not None:
            changes.append(change)
        elif "://" in line or not line.startswith("{"):
            urls.append(line)  # newsboat -E: one URL or GUID a line, each read
        else:
            bad += 1
    newest = list(merge(changes).values())
    found = repo.find_marked([change.key for change in newest] + [("url", url) for url in urls])
    changed = 0
    for change in newest:
        has = repo.is_read if change.kind == "read" else repo.is_bookmarked
        ids = [i for i in found[change.key] if has(i) is not change.on]
        if ids:
            changed += len(repo.mark(change.kind, ids, change.on).ids)
    unread = [i for url in urls for i in found[("url", url)] if not repo.is_read(i)]
    if unread:
        changed += len(repo.mark("read", unread, True).ids)
    if bad:
        print(f"{bad} line(s) were neither marks nor URLs: skipped", file=sys.stderr)
    print(f"{changed} mark(s) changed")
    return 0


def _verb(change) -> str:
    what = {"read": ("read", "unread"), "bookmarked": ("bookmarked", "unbookmarked")}[change.kind]
    return what[0] if change.on else what[1]


def _describe(change) -> str:
    label = change.url or change.article_id
    return f"{_verb(change)}: {printable(label)} (from {change.at.machine})"


def _change_json(change) -> dict:
    return {
        "id": change.article_id,
        "url": change.url,
        "kind": change.kind,
        "on": change.on,
        "machine": change.at.machine,
        "at": _when(change.at.wall),
    }


def _when(wall_ms: int) -> str:
    return dt.datetime.fromtimestamp(wall_ms / 1000, dt.UTC).replace(microsecond=0).isoformat()
