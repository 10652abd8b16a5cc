"""Provides fetching subscribed feeds and writing their items into the feeds folder.

Feeds are fetched eight at a time (at most two connections to one host, see net); each
feed's result is written as it arrives. A failing feed keeps its items and its error is
remembered with a count; it never stops the others.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from termnews.feeds.items import file_digest
from termnews.feeds.ledger import FeedLedger, FeedRecord
from termnews.feeds.parse import NotAFeed
from termnews.feeds.reframe import Frame, frame_of, reframe
from termnews.feeds.store import Plan, Stored, store_feed, unchanged_by_user
from termnews.feeds.subscriptions import Subscription
from termnews.net import Client, FetchError
from termnews.processes import start_resource_tracker

PARALLEL = 32
"""Feeds fetched at once (still at most two connections to any one host)."""
PARSE_APART = 8
"""From this many feeds on, documents are parsed in worker processes."""
MAX_BACKOFF = 24 * 3600.0
"""A failing feed is retried at most this long after its last failure."""
FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)

Removable = Callable[[str], bool]
"""Whether an item file may be deleted by retention (read and not bookmarked)."""
FullText = Callable[[Path, Client], "str | None"]
"""Rewrites an item file with the whole article from its link; returns why not, or None."""


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
    reframed: list[str] = field(default_factory=list)
    """Paths of item files rewritten with the subscription's new name, section or tags."""
    changes: list[str] = field(default_factory=list)
    """What of the subscription changed: `name`, `section`, `tags`."""

    @property
    def label(self) -> str:
        return self.subscription.label(self.title)

    def summary(self) -> str:
        """`Guardian World: 12 new, 3 updated` / `Example: failed: HTTP 404 (3rd time)`;
        then, when the subscription changed, `; 40 items given its new tags`."""
        reframed = self.reframing()
        return f"{self._outcome()}; {reframed}" if reframed else self._outcome()

    def reframing(self) -> str:
        """`40 items given its new section and tags`, or nothing when none were."""
        if not self.reframed:
            return ""
        items = "1 item" if len(self.reframed) == 1 else f"{len(self.reframed):,} items"
        what = " and ".join(filter(None, (", ".join(self.changes[:-1]), self.changes[-1])))
        return f"{items} given its new {what}"

    def _outcome(self) -> str:
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
        full_text: FullText | None = None,
    ) -> None:
        self.feeds_dir = feeds_dir
        self.ledger = ledger
        self.client = client or Client()
        self.removable = removable or (lambda _path: False)
        self.clock = clock
        self.full_text = full_text
        self._pool: ProcessPoolExecutor | None = None
        self._workers = 0
        """Worker processes to parse with in this fetch (0: parse in the threads)."""
        self._pool_lock = threading.Lock()

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
        due = [s for s in subscriptions if force or self.due(s)]
        fresh = sum(1 for s in due if not _validated(self.ledger.feed(s.url)))
        parsers = self._parsers(len(due), eager=fresh >= PARSE_APART)
        with parsers, ThreadPoolExecutor(PARALLEL, thread_name_prefix="feed") as pool:
            futures = {}
            for subscription in subscriptions:
                if not force and not self.due(subscription):
                    result = self.reframe(subscription)
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

    @contextmanager
    def _parsers(self, feeds: int, eager: bool) -> Iterator[None]:
        """Parsing is most of a fetch's work and holds the GIL: with many feeds to fetch,
        it goes to worker processes, one a core, while the threads wait on the network.
        They start at once when many feeds are new (their start hides behind the first
        requests), else with the first document to parse: a fetch of 304s starts none."""
        workers = min(os.cpu_count() or 1, 4)
        self._workers = workers if feeds >= PARSE_APART and workers >= 2 else 0
        if eager:
            self._parse_pool()
        try:
            yield
        finally:
            with self._pool_lock:
                pool, self._pool, self._workers = self._pool, None, 0
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _parse_pool(self) -> ProcessPoolExecutor | None:
        with self._pool_lock:
            if self._pool is None and self._workers:
                methods = multiprocessing.get_all_start_methods()
                method = "forkserver" if "forkserver" in methods else "spawn"
                try:
                    start_resource_tracker()
                    self._pool = ProcessPoolExecutor(
                        self._workers, mp_context=multiprocessing.get_context(method)
                    )
                except (OSError, ValueError):
                    self._workers = 0
                    return None
                for _worker in range(self._workers):
                    self._pool.submit(_warm)  # every worker starts now, not one at a time
            return self._pool

    def _store(self, body: bytes, url: str, content_type: str, plan: Plan) -> Stored:
        pool = self._parse_pool()
        if pool is not None:
            try:
                return pool.submit(store_feed, body, url, content_type, plan).result()
            except (BrokenProcessPool, OSError):
                pass  # a worker died: do it here instead
        return store_feed(body, url, content_type, plan)

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
                stored = self._store(
                    response.body,
                    response.url,
                    response.headers.get("content-type", ""),
                    self._plan(subscription, record),
                )
                record.title = result.title = stored.title
                record.folder = stored.folder
                result.items = stored.items
                result.new, result.updated = stored.new, stored.updated
                ttl = stored.ttl or 0.0
                if subscription.full_text and self.full_text is not None:
                    self._add_full_text(stored)
                if stored.new or stored.updated:
                    os.sync()  # the files are on disk before the ledger says they were written
                self.ledger.save_items(stored.records)
                result.deleted = self._retain(subscription)
                record.etag = response.headers.get("etag")
                record.modified = response.headers.get("last-modified")
            self._reframe(subscription, record, result)
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

    def _add_full_text(self, stored: Stored) -> None:
        """Each new item gets its whole article (kept as is when that fails); the ledger
        learns the rewritten file, which is termnews's own, not a user's edit."""
        new = set(stored.new)
        for record in stored.records:
            if record.path in new:
                path = Path(record.path)
                self.full_text(path, self.client)
                record.file_digest = file_digest(path.read_bytes())

    def reframe(self, subscription: Subscription) -> FeedResult:
        """A feed not fetched now (`skipped`): only its items already written get the
        subscription's name, section and tags, if they changed."""
        record = self.ledger.feed(subscription.url)
        result = FeedResult(subscription, title=record.title or "", skipped=True)
        kept = record.frame
        self._reframe(subscription, record, result)
        if record.frame != kept:
            self.ledger.save_frame(subscription.url, record.frame)
        return result

    def _reframe(self, subscription: Subscription, record: FeedRecord, result: FeedResult) -> None:
        """Items written with the subscription's old name, section or tags get the new
        ones (record.frame: those they were written with; unknown for a ledger made before
        it was kept, when the items are left as they are)."""
        if record.title is None:
            return  # nothing written yet
        new = frame_of(subscription.name, subscription.section, subscription.tags, record.title)
        old = Frame.from_key(record.frame)
        if old == new:
            return
        if old is not None:
            done = reframe(self.ledger.items(subscription.url, deleted=False), old, new)
            if done:
                os.sync()  # on disk before the ledger knows their new digests, as in fetch
            self.ledger.save_items(done)
            result.reframed = [item.path for item in done]
            result.changes = old.changes(new)
        record.frame = new.key()

    def _plan(self, subscription: Subscription, record: FeedRecord) -> Plan:
        return Plan(
            feed_url=subscription.url,
            feeds_dir=self.feeds_dir,
            folder=record.folder,
            used_folders=frozenset(self.ledger.folders().values()),
            label=subscription.name,
            section=subscription.section,
            tags=subscription.tags,
            known={item.identity: item for item in self.ledger.items(subscription.url)},
            now=self.clock(),
        )

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
            if not unchanged_by_user(path, record.file_digest) or not self.removable(record.path):
                continue
            path.unlink(missing_ok=True)
            record.deleted = True
            deleted.append(record.path)
        self.ledger.save_items(r for r in alive if r.deleted)
        return deleted


def _validated(record: FeedRecord) -> bool:
    """Fetched before with an ETag or Last-Modified: likely to answer 304."""
    return bool(record.etag or record.modified)


def _warm() -> None:
    """Run in each new worker: importing the parser there is most of its start."""
    import termnews.feeds.store  # noqa: F401


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
