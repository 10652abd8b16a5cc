"""Provides fetching subscribed feeds and writing their items into the feeds folder.

Feeds are fetched eight at a time (at most two connections to one host, see net); each
feed's result is written as it arrives. A failing feed keeps its items and its error is
remembered with a count; it never stops the others.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from termnews.feeds.items import (
    content_digest,
    file_digest,
    item_name,
    item_text,
    read_identity,
    slug,
)
from termnews.feeds.ledger import FeedLedger, FeedRecord, ItemRecord
from termnews.feeds.parse import FeedItem, NotAFeed, ParsedFeed, parse_feed
from termnews.feeds.subscriptions import Subscription
from termnews.net import Client, FetchError
from termnews.paths import write_atomically

PARALLEL = 8
"""Feeds fetched at once."""
MAX_BACKOFF = 24 * 3600.0
"""A failing feed is retried at most this long after its last failure."""
FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)

Removable = Callable[[str], bool]
"""Whether an item file may be deleted by retention (read and not bookmarked)."""


@dataclass
class FeedResult:
    """What one feed's fetch did, for the command line and the UI."""

    subscription: Subscription
    title: str = ""
    new: list[str] = field(default_factory=list)
    """Paths of item files written for the first time."""
    updated: list[str] = field(default_factory=list)
    """Paths of item files rewritten because the item changed."""
    deleted: list[str] = field(default_factory=list)
    not_modified: bool = False
    skipped: bool = False
    """Not due yet (and not forced)."""
    error: str | None = None
    errors: int = 0
    """Failures in a row, this one included."""
    moved_to: str | None = None
    """The feed's new address after a permanent redirect."""
    items: int = 0
    """Items in the document fetched."""

    @property
    def label(self) -> str:
        return self.subscription.label(self.title)

    def summary(self) -> str:
        """`Guardian World: 12 new, 3 updated` / `Example: failed: HTTP 404 (3rd time)`."""
        if self.error:
            times = f" ({_ordinal(self.errors)} time)" if self.errors > 1 else ""
            return f"{self.label}: failed: {self.error}{times}"
        if self.skipped:
            return f"{self.label}: not due yet"
        if self.not_modified:
            return f"{self.label}: not modified"
        parts = [f"{len(self.new)} new"]
        if self.updated:
            parts.append(f"{len(self.updated)} updated")
        if self.deleted:
            parts.append(f"{len(self.deleted)} removed by retention")
        return f"{self.label}: " + ", ".join(parts)


class Fetcher:
    """Fetches feeds into `feeds_dir`, remembering what it did in the ledger."""

    def __init__(
        self,
        feeds_dir: Path,
        ledger: FeedLedger,
        client: Client | None = None,
        removable: Removable | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.feeds_dir = feeds_dir
        self.ledger = ledger
        self.client = client or Client()
        self.removable = removable or (lambda _path: False)
        self.clock = clock

    def due(self, subscription: Subscription) -> bool:
        next_check = self.ledger.feed(subscription.url).next_check
        return next_check is None or next_check <= self.clock()

    def fetch_all(
        self,
        subscriptions: Iterable[Subscription],
        force: bool = False,
        done: Callable[[FeedResult], None] | None = None,
    ) -> list[FeedResult]:
        """Fetch every due feed (all with force); `done` hears of each as it finishes."""
        subscriptions = list(subscriptions)
        results: list[FeedResult] = []
        with ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="feed") as pool:
            futures = {}
            for subscription in subscriptions:
                if not force and not self.due(subscription):
                    result = FeedResult(subscription, title=self._title(subscription), skipped=True)
                    results.append(result)
                    if done:
                        done(result)
                    continue
                futures[pool.submit(self.fetch, subscription)] = subscription
            for future in as_completed(futures):
                result = future.result()
                results.append(result)
                if done:
                    done(result)
        order = {s.url: n for n, s in enumerate(subscriptions)}
        return sorted(results, key=lambda r: order.get(r.subscription.url, 0))

    def _title(self, subscription: Subscription) -> str:
        return self.ledger.feed(subscription.url).title or ""

    def fetch(self, subscription: Subscription) -> FeedResult:
        """Fetch one feed now and write its new and changed items."""
        record = self.ledger.feed(subscription.url)
        result = FeedResult(subscription, title=record.title or "")
        started = self.clock()
        record.last_fetch = started
        ttl = 0.0
        try:
            response = self.client.get(
                subscription.url, etag=record.etag, modified=record.modified, accept=FEED_TYPES
            )
            if response.not_modified:
                result.not_modified = True
            else:
                feed = parse_feed(
                    response.body, response.url, response.headers.get("content-type", "")
                )
                record.title = feed.title
                result.title = feed.title
                result.items = len(feed.items)
                ttl = feed.ttl or 0.0
                self._store(subscription, record, feed, result)
                record.etag = response.headers.get("etag")
                record.modified = response.headers.get("last-modified")
            if response.moved_to:
                result.moved_to = response.moved_to
            wait = max(subscription.every, ttl, response.max_age or 0.0)
            record.next_check = started + wait
            record.last_success = started
            record.last_error = None
            record.errors = 0
        except (FetchError, NotAFeed, OSError) as error:
            record.errors += 1
            record.last_error = str(error)
            result.error = str(error)
            result.errors = record.errors
            backoff = min(MAX_BACKOFF, subscription.every * 2 ** (record.errors - 1))
            retry = getattr(error, "retry_after", None)
            record.next_check = started + max(backoff if retry is None else retry, 60.0)
        self.ledger.save_feed(record)
        return result

    def _store(
        self, subscription: Subscription, record: FeedRecord, feed: ParsedFeed, result: FeedResult
    ) -> None:
        folder = self._folder(subscription, record, feed)
        known = {item.identity: item for item in self.ledger.items(subscription.url)}
        if not known:
            known = self._recover(subscription.url, folder)
        taken = {p.name.casefold() for p in folder.glob("*.md")} if folder.is_dir() else set()
        section = subscription.section or ("Feeds", subscription.label(feed.title))
        source = subscription.name or feed.title
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        written: list[ItemRecord] = []

        def text_of(item: FeedItem, updated: dt.datetime | None) -> str:
            return item_text(
                item,
                section=section,
                source=source,
                feed_url=subscription.url,
                fetched=now,
                updated=updated,
            )

        for item in feed.items:
            digest = content_digest(item)
            previous = known.get(item.identity)
            if previous is not None and (previous.deleted or previous.digest == digest):
                continue
            if previous is not None:
                path = Path(previous.path)
                if not _unchanged_by_user(path, previous.file_digest):
                    continue  # the user edited this file: it is theirs now
                text = text_of(item, now)
            else:
                name = item_name(item, taken)
                taken.add(name.casefold())
                path = folder / name
                text = text_of(item, None)
            data = text.encode("utf-8")
            write_atomically(path, data)
            (result.updated if previous is not None else result.new).append(str(path))
            moment = item.published or item.updated
            written.append(
                ItemRecord(
                    subscription.url,
                    item.identity,
                    str(path),
                    digest,
                    file_digest(data),
                    moment.timestamp() if moment else None,
                    previous.written if previous is not None else now.timestamp(),
                    now.timestamp() if previous is not None else None,
                )
            )
        self.ledger.save_items(written)
        result.deleted = self._retain(subscription)

    def _folder(self, subscription: Subscription, record: FeedRecord, feed: ParsedFeed) -> Path:
        """The feed's folder, named once from its title and then kept."""
        if record.folder is None:
            used = set(self.ledger.folders().values())
            base = slug(subscription.label(feed.title), "feed")
            name, number = base, 2
            while name in used or (
                (self.feeds_dir / name).exists() and not self._ours(name, subscription)
            ):
                name = f"{base}-{number}"
                number += 1
            record.folder = name
        folder = self.feeds_dir / record.folder
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _ours(self, name: str, subscription: Subscription) -> bool:
        """A folder that already holds this feed's items (the ledger was lost)."""
        for path in (self.feeds_dir / name).glob("*.md"):
            found = read_identity(path)
            if found is not None:
                return found[0] == subscription.url
        return False

    def _recover(self, feed_url: str, folder: Path) -> dict[str, ItemRecord]:
        """The ledger knows nothing of this feed: read identities back from its files, so
        that nothing already there is written again as new."""
        recovered = []
        for path in folder.glob("*.md"):
            found = read_identity(path)
            if found is None or found[0] != feed_url:
                continue
            data = path.read_bytes()
            recovered.append(
                ItemRecord(
                    feed_url, found[1], str(path), "", file_digest(data), None, path.stat().st_mtime
                )
            )
        self.ledger.save_items(recovered)
        return {record.identity: record for record in recovered}

    def _retain(self, subscription: Subscription) -> list[str]:
        """Delete what the feed's keep/keep_days leave out: only files termnews wrote and
        nobody edited, that are read and not bookmarked. Their identity stays known, so
        they are not fetched again."""
        if subscription.keep is None and subscription.keep_days is None:
            return []
        alive = [r for r in self.ledger.items(subscription.url) if not r.deleted]
        alive.sort(key=lambda r: r.published or r.written, reverse=True)
        cutoff = self.clock() - (subscription.keep_days or 0) * 86400
        deleted = []
        for position, record in enumerate(alive):
            old = (
                subscription.keep_days is not None and (record.published or record.written) < cutoff
            )
            beyond = subscription.keep is not None and position >= subscription.keep
            if not (old or beyond):
                continue
            path = Path(record.path)
            if not _unchanged_by_user(path, record.file_digest) or not self.removable(record.path):
                continue
            path.unlink(missing_ok=True)
            record.deleted = True
            deleted.append(record.path)
        self.ledger.save_items(r for r in alive if r.deleted)
        return deleted


def _unchanged_by_user(path: Path, digest: str) -> bool:
    try:
        return file_digest(path.read_bytes()) == digest
    except OSError:
        return False


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
