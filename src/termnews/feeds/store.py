"""Provides turning one fetched feed document into item files: parse, compare with what was
written before, write what is new or changed.

A plain function of its inputs (no ledger, no threads), so that a fetch of many feeds can
run it in worker processes, one a core; the caller flushes the files to disk and then
records them in the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from termnews.feeds.items import (
    content_digest,
    file_digest,
    item_name,
    item_text,
    read_identity,
)
from termnews.feeds.ledger import ItemRecord
from termnews.feeds.parse import parse_feed
from termnews.feeds.reframe import frame_of
from termnews.paths import slug, write_atomically


@dataclass
class Plan:
    """What storing a feed needs to know besides the document."""

    feed_url: str
    feeds_dir: Path
    folder: str | None
    """The feed's folder when it has one already."""
    used_folders: frozenset[str]
    """Folders of other feeds, which a new one must not take."""
    label: str | None
    """The subscription's name, if the user gave one."""
    section: tuple[str, ...]
    tags: tuple[str, ...]
    """The subscription's, given to every item."""
    known: dict[str, ItemRecord]
    """Items written before, by identity (empty: recover them from the files)."""
    now: float


@dataclass
class Stored:
    title: str
    ttl: float | None
    items: int
    folder: str
    records: list[ItemRecord] = field(default_factory=list)
    """Items written now, and items recovered from files when the ledger had none."""
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def store_feed(body: bytes, url: str, content_type: str, plan: Plan) -> Stored:
    """Parse the document and write its new and changed items; raises NotAFeed."""
    feed = parse_feed(body, url, content_type)
    folder_name = plan.folder or _new_folder(plan, feed.title)
    folder = plan.feeds_dir / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    stored = Stored(feed.title, feed.ttl, len(feed.items), folder_name)
    known = plan.known
    if not known:
        stored.records = _recover(plan.feed_url, folder)
        known = {record.identity: record for record in stored.records}
    taken = {path.name.casefold() for path in folder.glob("*.md")}
    frame = frame_of(plan.label, plan.section, plan.tags, feed.title)
    now = dt.datetime.fromtimestamp(plan.now, dt.UTC)
    for item in feed.items:
        digest = content_digest(item)
        previous = known.get(item.identity)
        if previous is not None and (previous.deleted or previous.digest == digest):
            continue
        if previous is not None:
            path = Path(previous.path)
            if not unchanged_by_user(path, previous.file_digest):
                continue  # the user edited this file: it is theirs now
        else:
            name = item_name(item, taken)
            taken.add(name.casefold())
            path = folder / name
        updated = now if previous is not None else None
        data = item_text(
            item,
            section=frame.section,
            source=frame.source,
            tags=frame.tags,
            feed_url=plan.feed_url,
            fetched=now,
            updated=updated,
        ).encode("utf-8")
        write_atomically(path, data, durable=False)
        (stored.updated if previous is not None else stored.new).append(str(path))
        moment = item.published or item.updated
        stored.records.append(
            ItemRecord(
                plan.feed_url,
                item.identity,
                str(path),
                digest,
                file_digest(data),
                moment.timestamp() if moment else None,
                previous.written if previous is not None else plan.now,
                plan.now if previous is not None else None,
            )
        )
    return stored


def unchanged_by_user(path: Path, digest: str) -> bool:
    try:
        return file_digest(path.read_bytes()) == digest
    except OSError:
        return False


def _new_folder(plan: Plan, title: str) -> str:
    """The feed's folder, named once from its title and then kept. Made with mkdir, which
    only one process can win: two new feeds of the same title fetched at once (two
    "Latest News") get two folders, never one shared."""
    base = slug(plan.label or title, "feed")
    plan.feeds_dir.mkdir(parents=True, exist_ok=True)
    name, number = base, 2
    while True:
        if name not in plan.used_folders:
            try:
                (plan.feeds_dir / name).mkdir()
                return name
            except FileExistsError:
                if _ours(plan.feeds_dir / name, plan.feed_url):
                    return name
        name = f"{base}-{number}"
        number += 1


def _ours(folder: Path, feed_url: str) -> bool:
    """A folder that already holds this feed's items (the ledger was lost)."""
    for path in folder.glob("*.md"):
        found = read_identity(path)
        if found is not None:
            return found[0] == feed_url
    return False


def _recover(feed_url: str, folder: Path) -> list[ItemRecord]:
    """The ledger knows nothing of this feed: read identities back from its files, so that
    nothing already there is written again as new."""
    recovered = []
    for path in folder.glob("*.md"):
        found = read_identity(path)
        if found is None or found[0] != feed_url:
            continue
        digest = file_digest(path.read_bytes())
        written = path.stat().st_mtime
        recovered.append(ItemRecord(feed_url, found[1], str(path), "", digest, None, written))
    return recovered
