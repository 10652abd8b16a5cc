"""Provides saving a whole reading list into the library (Pocket's, Instapaper's, a
browser's bookmarks: pages.lists), each page once, several at a time.

A page that cannot be saved now (gone, moved behind a login, no article in it) is kept as
its link, its title and the reason, so nothing on the list is lost; a page already in the
saved folder is left as it is, so a list imported twice is fetched once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from termnews.net import Client
from termnews.pages.lists import Entry
from termnews.pages.save import LINK_NOTE, Listed, NotAPage, save_link, save_url, url_digest

PARALLEL = 6
"""Pages fetched at once (the client allows two a host): a list spans many sites."""

SAVED, LINKED, ALREADY = "saved", "linked", "already"


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    state: str
    """`saved` (its article), `linked` (its link and `reason`), `already` in the folder."""
    path: Path | None = None
    reason: str | None = None


def import_entries(
    client: Client,
    saved_dir: Path,
    entries: Iterable[Entry],
    section: tuple[str, ...],
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Save each entry's page into `saved_dir`; `done` hears of each as it ends. The
    outcomes come back in the list's order."""
    entries = list(entries)
    saved_dir.mkdir(parents=True, exist_ok=True)
    present = _saved_digests(saved_dir)
    outcomes: dict[int, Outcome] = {}
    with ThreadPoolExecutor(PARALLEL, thread_name_prefix="import") as pool:
        futures = {}
        for number, entry in enumerate(entries):
            earlier = _earlier(saved_dir, entry.url) if url_digest(entry.url) in present else None
            if earlier is not None and not _only_linked(earlier):
                outcomes[number] = Outcome(entry, ALREADY, earlier)
                if done:
                    done(outcomes[number])
                continue
            futures[pool.submit(_import, client, saved_dir, entry, section)] = number
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[futures[future]] = outcome
            if done:
                done(outcome)
    return [outcomes[number] for number in range(len(entries))]


def _import(client: Client, saved_dir: Path, entry: Entry, section: tuple[str, ...]) -> Outcome:
    listed = Listed(entry.title, _when(entry.added), entry.tags)
    try:
        saved = save_url(client, saved_dir, entry.url, section, listed)
    except OSError as error:
        return Outcome(entry, LINKED, None, f"not written ({error.strerror or error})")
    except NotAPage as error:
        reason = str(error).removeprefix(f"{entry.url}: ")
    except Exception as error:  # a fault of ours that a page sets off: the list goes on
        reason = f"termnews could not read it ({type(error).__name__}); please report it"
    else:
        return Outcome(entry, SAVED, saved.path)
    try:
        kept = save_link(saved_dir, entry.url, section, reason, listed)
    except OSError as failure:
        return Outcome(entry, LINKED, None, f"{reason}; not written ({failure})")
    return Outcome(entry, LINKED, kept.path, reason)


def _saved_digests(saved_dir: Path) -> set[str]:
    """The addresses in the folder already, by the digest that ends their file's name."""
    return {path.stem.rsplit("-", 1)[-1] for path in saved_dir.glob("*-*.md")}


def _only_linked(path: Path) -> bool:
    """A page kept as its link by an earlier import: tried again (it may have been down)."""
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    return LINK_NOTE.encode() in head.split(b"\n---", 1)[0]


def _earlier(saved_dir: Path, url: str) -> Path | None:
    return next(iter(sorted(saved_dir.glob(f"*-{url_digest(url)}.md"))), None)


def _when(added: float | None) -> dt.datetime | None:
    if added is None:
        return None
    try:
        return dt.datetime.fromtimestamp(added, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
