"""Provides the feeds as the command line and the UI use them: subscribe (with
autodiscovery), unsubscribe, import and export OPML, fetch, and each feed's status.

The parser and the HTTP client are imported when first needed: every start of the reader
and every command opens this service, and most never fetch."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from termnews.feeds.ledger import LEDGER_FILE, FeedLedger, FeedRecord
from termnews.feeds.subscriptions import (
    Subscription,
    SubscriptionError,
    add_subscription,
    feed_address,
    load_subscriptions,
    remove_subscription,
    rename_subscription,
    replace_subscription,
    same_address,
)
from termnews.library.sections import MAX_NAME

if TYPE_CHECKING:
    from termnews.feeds.fetch import FeedResult, Fetcher, FullText, Removable
    from termnews.net import Client


HOME_SECONDS = 10.0
"""How long `feeds add` waits for a site's home page when the page it was given announces
only its comments' feed: the comments' feed is subscribed to when the home page is slower."""


class FeedNotFound(Exception):
    """No subscription has that name or URL."""


class FeedAmbiguous(Exception):
    """More than one subscription answers to that name."""

    def __init__(self, key: str, urls: list[str]) -> None:
        super().__init__(key)
        self.key = key
        self.urls = urls


@dataclass
class Added:
    subscription: Subscription
    title: str
    items: int
    others: list[tuple[str, str]]
    """Further feeds the page announced, for the user to add if they want."""


@dataclass
class Imported:
    added: list[Subscription]
    skipped: int
    """Feeds of the file already subscribed."""
    left_out: list[str]
    """Why each line left out was (newsboat's `query:`, `exec:`, …)."""
    repeated: list[str]
    """Addresses the file lists again; their tags joined the first listing's."""


@dataclass
class FeedStatus:
    subscription: Subscription
    record: FeedRecord
    items: list[str]
    """Paths of the item files termnews wrote and has not deleted."""

    @property
    def title(self) -> str:
        return self.subscription.label(self.record.title)


class FeedService:
    """The user's feeds: subscriptions file, feeds folder and ledger together."""

    def __init__(
        self,
        subscriptions_file: Path,
        feeds_dir: Path,
        data_dir: Path,
        client: Client | None = None,
        full_text: FullText | None = None,
    ) -> None:
        self.subscriptions_file = subscriptions_file
        self.full_text = full_text
        """How a `full_text: true` feed's items get their whole article (from pages)."""
        self.feeds_dir = feeds_dir
        self.data_dir = data_dir
        self._client = client
        self._ledger: FeedLedger | None = None

    @property
    def ledger(self) -> FeedLedger:
        if self._ledger is None:
            self._ledger = FeedLedger(self.data_dir)
        return self._ledger

    @property
    def has_ledger(self) -> bool:
        """Whether any feed was ever fetched here (without making the ledger file)."""
        return self._ledger is not None or (self.data_dir / LEDGER_FILE).exists()

    @property
    def client(self) -> Client:
        if self._client is None:
            from termnews.net import Client

            self._client = Client()
        return self._client

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
        if self._client is not None:
            self._client.close()

    def subscriptions(self) -> list[Subscription]:
        """Raises SubscriptionError naming the file and line when it is broken."""
        return load_subscriptions(self.subscriptions_file)

    def find(self, key: str) -> Subscription:
        """A subscription by URL, name or the feed's title (case does not matter). A name
        two feeds answer to is refused (FeedAmbiguous), never taken for the first."""
        wanted = key.strip().casefold()
        subscriptions = self.subscriptions()
        for subscription in subscriptions:
            if subscription.url.casefold() == wanted:
                return subscription
        titles = {s.url: self.ledger.feed(s.url).title for s in subscriptions}
        shown = [s for s in subscriptions if s.label(titles[s.url]).casefold() == wanted]
        found = shown or [s for s in subscriptions if wanted in self._names(s, titles[s.url])]
        if len(found) > 1:
            raise FeedAmbiguous(key, [s.url for s in found])
        if found:
            return found[0]
        raise FeedNotFound(key)

    def _names(self, subscription: Subscription, title: str | None) -> set[str]:
        """What the user may call a subscription by, casefolded: its name, the feed's title."""
        return {name.casefold() for name in (subscription.name, title) if name}

    def _distinct_name(self, subscription: Subscription, title: str) -> str | None:
        """A name for a new feed whose title another feed has (two blogs called `News`,
        two of a site's feeds with one title), so that each has a section and a name of
        its own: the title with the feed's host (unless the other is at that host too),
        else with its address's path, else (too long for a section's name) numbered."""
        taken: set[str] = set()
        hosts: set[str] = set()
        for other in self.subscriptions():
            if other.url == subscription.url:
                continue
            names = self._names(other, self.ledger.feed(other.url).title)
            taken |= names
            if title.casefold() in names:
                hosts.add(_host(other.url))
        if title.casefold() not in taken:
            return None
        host = _host(subscription.url)
        path = urlsplit(subscription.url).path.rstrip("/")
        candidates = [f"{title} ({host}{path})"]
        if host not in hosts:
            candidates.insert(0, f"{title} ({host})")
        for name in candidates:
            if name.casefold() not in taken and len(name) <= MAX_NAME:  # fits the tree
                return name
        number = 2
        while f"{title} ({number})".casefold() in taken:
            number += 1
        return f"{title} ({number})"

    def add(
        self,
        url: str,
        name: str | None = None,
        section: tuple[str, ...] = (),
        every: float | None = None,
        tags: tuple[str, ...] = (),
    ) -> Added:
        """Subscribe; a web page's own feed is found through autodiscovery. The feed is
        fetched once to check it, and its items are written."""
        from termnews.feeds.discover import looks_like_html
        from termnews.feeds.fetch import FEED_TYPES
        from termnews.feeds.parse import NotAFeed, parse_feed

        url = feed_address(url) or url  # a subscribe link's `feed://`; other schemes fail
        response = self.client.get(url, accept=FEED_TYPES + ", text/html;q=0.7")
        others: list[tuple[str, str]] = []
        content_type = response.headers.get("content-type", "")
        try:
            parse_feed(response.body, response.url, content_type)
        except NotAFeed:
            if not looks_like_html(response.body):
                raise
            found = self._discovered(response.body, response.url)
            if not found:
                raise NotAFeed("the page announces no feed (no <link rel=alternate>)") from None
            url, others = found[0][0], found[1:]
        if any(same_address(s.url) == same_address(url) for s in self.subscriptions()):
            raise SubscriptionError(f"already subscribed to {url}")
        subscription = Subscription(url=url, name=name, section=section, tags=tags)
        if every is not None:
            subscription.every = every
        add_subscription(self.subscriptions_file, subscription)
        result = self.fetcher().fetch(subscription)
        if result.error:
            return Added(subscription, result.title or url, 0, others)
        distinct = None if name else self._distinct_name(subscription, result.title)
        if distinct is not None:
            self.change(url, name=distinct)
            subscription = replace(subscription, name=distinct)
            return Added(subscription, distinct, result.items, others)
        return Added(subscription, result.title, result.items, others)

    def _discovered(self, page: bytes, address: str) -> list[tuple[str, str]]:
        """The feeds a page announces, news first; a story that announces only its own
        comments' feed (13 of 368 real pages that announce feeds, most of them WordPress
        posts) gives its site's, which the site's home page announces."""
        from termnews.feeds.discover import comments_feed, discover_feeds, news_first, site_home
        from termnews.net import Client, FetchError

        found = news_first(discover_feeds(page, address))
        home = site_home(address)
        if not found or not comments_feed(*found[0]) or home is None:
            return found
        asker = Client(total_timeout=HOME_SECONDS)  # a look the user did not ask for
        try:
            response = asker.get(home, accept="text/html")
        except FetchError:
            return found
        finally:
            asker.close()
        news = [
            feed for feed in discover_feeds(response.body, response.url) if not comments_feed(*feed)
        ]
        return [*news, *(feed for feed in found if feed not in news)]

    def remove(self, key: str, delete_items: bool = False) -> tuple[Subscription, int]:
        """Unsubscribe; with delete_items, its item files go too. Returns how many did."""
        subscription = self.find(key)
        remove_subscription(self.subscriptions_file, subscription.url)
        deleted = 0
        if delete_items:
            record = self.ledger.feed(subscription.url)
            for item in self.ledger.items(subscription.url, deleted=False):
                path = Path(item.path)
                if path.exists():
                    path.unlink()
                    deleted += 1
            if record.folder and (self.feeds_dir / record.folder).is_dir():
                folder = self.feeds_dir / record.folder
                if not any(folder.iterdir()):
                    shutil.rmtree(folder, ignore_errors=True)
            self.ledger.forget_feed(subscription.url)
        return subscription, deleted

    def change(
        self,
        key: str,
        name: str | None = None,
        section: tuple[str, ...] | None = None,
        every: float | None = None,
        tags: tuple[str, ...] | None = None,
    ) -> FeedResult:
        """Give a subscription a new name, section, interval or tags (None: as it was; an
        empty name, section or tags: the default again); the items it already wrote get
        the new name, section and tags now."""
        subscription = self.find(key)
        changed = replace(
            subscription,
            name=subscription.name if name is None else name or None,
            section=subscription.section if section is None else section,
            every=subscription.every if every is None else every,
            tags=subscription.tags if tags is None else tags,
        )
        replace_subscription(self.subscriptions_file, changed)
        return self.fetcher().reframe(changed)

    def import_feeds(self, path: Path) -> Imported:
        """Add the feeds of an OPML file or newsboat's `urls` file; ones already subscribed
        are skipped (and counted)."""
        from termnews.feeds.opml import read_subscriptions

        known = {same_address(s.url) for s in self.subscriptions()}
        added, skipped = [], 0
        found = read_subscriptions(path)
        for subscription in found.subscriptions:
            if same_address(subscription.url) in known:
                skipped += 1
                continue
            known.add(same_address(subscription.url))
            if subscription.name:  # two of the file's feeds named alike (`NSHipster`)
                named = self._distinct_name(subscription, subscription.name)
                subscription = replace(subscription, name=named or subscription.name)
            add_subscription(self.subscriptions_file, subscription)
            added.append(subscription)
        return Imported(added, skipped, found.left_out, found.repeated)

    def export_opml(self) -> str:
        from termnews.feeds.opml import write_opml

        subscriptions = self.subscriptions()
        titles = {s.url: self.ledger.feed(s.url).title or "" for s in subscriptions}
        return write_opml(subscriptions, titles)

    def fetcher(self, removable: Removable | None = None) -> Fetcher:
        from termnews.feeds.fetch import Fetcher

        return Fetcher(
            self.feeds_dir, self.ledger, self.client, removable, full_text=self.full_text
        )

    def fetch(
        self,
        keys: Iterable[str] = (),
        force: bool = False,
        removable: Removable | None = None,
        done: Callable[[FeedResult], None] | None = None,
    ) -> list[FeedResult]:
        """Fetch the named feeds (now), or every due one; a feed that moved for good has
        its address updated in the subscriptions file."""
        keys = list(keys)
        chosen = [self.find(key) for key in keys] if keys else self.subscriptions()
        results = self.fetcher(removable).fetch_all(chosen, force=force or bool(keys), done=done)
        for result in results:
            if result.moved_to and result.moved_to != result.subscription.url:
                rename_subscription(
                    self.subscriptions_file, result.subscription.url, result.moved_to
                )
                self.ledger.rename_feed(result.subscription.url, result.moved_to)
        return results

    def statuses(self) -> list[FeedStatus]:
        return [
            FeedStatus(
                subscription,
                self.ledger.feed(subscription.url),
                [item.path for item in self.ledger.items(subscription.url, deleted=False)],
            )
            for subscription in self.subscriptions()
        ]

    def item_info(self, paths: Iterable[str]) -> dict[str, tuple[str, str, float | None]]:
        """(feed URL, identity, updated) of each path that is a feed item termnews wrote."""
        return {
            path: (r.feed, r.identity, r.updated) for path, r in self.ledger.by_path(paths).items()
        }

    def has_feeds(self) -> bool:
        try:
            return bool(self.subscriptions())
        except SubscriptionError:
            return True


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")
