"""Provides `termnews save --from LIST`: every page of a reading list (Pocket's export,
Instapaper's, a browser's bookmarks) into the library, with the list's read and starred
marks, for readers who leave a read-later app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from termnews.commands.output import dump_json, fail, warn
from termnews.config import Config
from termnews.formatting import counted
from termnews.paths import printable


def import_list(args: argparse.Namespace, config: Config, section: tuple[str, ...]) -> int:
    from termnews.pages.importer import ALREADY, LINKED, SAVED, import_entries
    from termnews.pages.lists import NotAList, read_list
    from termnews.session import open_pages

    name = printable(args.reading_list)
    try:
        listed = read_list(Path(args.reading_list))
    except NotAList as error:
        fail(f"{name}: {error}")
        return 1
    except OSError as error:
        fail(f"{name}: cannot be read ({error.strerror or error})")
        return 1
    kind, entries = listed.kind, listed.entries
    if listed.beyond:
        warn(f"{name}: only its first {len(entries):,} pages are saved ({listed.beyond:,} more)")
    pages = open_pages(args, config)
    bar = _Bar(len(entries), kind) if sys.stderr.isatty() and not args.json else None
    try:
        outcomes = import_entries(
            pages.client, pages.saved_dir, entries, section or pages.section, bar and bar.advance
        )
    except OSError as error:  # the saved folder cannot be made (a read-only data folder)
        fail(f"{printable(str(pages.saved_dir))}: cannot be written ({error.strerror or error})")
        return 1
    finally:
        pages.close()
        if bar is not None:
            bar.stop()
    ids = _marked(args, config, outcomes)
    counts = {state: sum(1 for o in outcomes if o.state == state) for state in (SAVED, LINKED)}
    already = sum(1 for o in outcomes if o.state == ALREADY)
    unwritten = [o for o in outcomes if o.path is None and o.state != ALREADY]
    if args.json:
        dump_json(
            [
                {
                    "url": o.entry.url,
                    "title": o.entry.title or None,
                    "state": o.state,
                    "reason": o.reason,
                    "id": ids.get(str(o.path)) if o.path else None,
                    "path": printable(str(o.path)) if o.path else None,
                    "read": o.entry.read,
                    "bookmarked": o.entry.starred,
                }
                for o in outcomes
            ]
        )
        return 1 if unwritten else 0
    for outcome in outcomes:
        if outcome.state == LINKED:
            print(f"kept as a link: {printable(outcome.entry.url)}  ({outcome.reason})")
    read = sum(1 for o in outcomes if o.entry.read and ids.get(str(o.path)))
    starred = sum(1 for o in outcomes if o.entry.starred and ids.get(str(o.path)))
    print(
        f"{counted(len(entries), 'page')} from {kind} ({name}): {counts[SAVED]:,} saved, "
        f"{counts[LINKED]:,} kept as links, {already:,} already saved; "
        f"{read:,} marked read, {starred:,} bookmarked"
    )
    return 1 if unwritten else 0


def _marked(args: argparse.Namespace, config: Config, outcomes: list) -> dict[str, str]:
    """Read the saved folder, then mark what the list had read (archived) and starred,
    of the pages saved now (a page saved before keeps the marks it has); the ids of the
    pages' files."""
    from termnews.pages.importer import ALREADY
    from termnews.session import open_repository

    repo = open_repository(args, config)
    try:
        repo.scan()
        ids = {meta.file: meta.id for meta in repo.articles}
        for kind, wanted in (("read", "read"), ("bookmarked", "starred")):
            chosen = [
                ids[str(o.path)]
                for o in outcomes
                if o.path and o.state != ALREADY and getattr(o.entry, wanted) and str(o.path) in ids
            ]
            if chosen:
                repo.mark(kind, chosen, True)
        return {str(o.path): ids.get(str(o.path), "") for o in outcomes if o.path}
    finally:
        repo.state.close()


class _Bar:
    """A Rich progress bar on stderr, a step a page."""

    def __init__(self, total: int, kind: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn(f"Saving {kind}'s pages"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("", total=total)
        self._progress.start()

    def advance(self, outcome) -> None:
        title = outcome.entry.title or outcome.entry.url
        self._progress.update(self._task, advance=1, description=printable(title)[:40])

    def stop(self) -> None:
        self._progress.stop()
