"""Provides the feeds half of the main screen: fetch (F, the palette, `fetch_every`), add and
remove feeds, the feeds table, and failed feeds marked in the tree.

Fetching runs in a worker thread; new items reach the screen through an ordinary rescan,
which keeps the cursor, the open article and its scroll where they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from termnews.formatting import counted
from termnews.ui.widgets.section_tree import SectionTree

if TYPE_CHECKING:
    from termnews.feeds.fetch import FeedResult
    from termnews.feeds.service import FeedService
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class FeedsMixin(_Base):
    """Mixed into MainScreen, beside MarksMixin and SearchMixin."""

    class FeedFetched(Message):
        """One feed finished (worked or failed) during a fetch."""

        def __init__(self, result: FeedResult, done: int, total: int) -> None:
            super().__init__()
            self.result = result
            self.done = done
            self.total = total

    class FetchFinished(Message):
        def __init__(self, results: list[FeedResult]) -> None:
            super().__init__()
            self.results = results

    def init_feeds(self, every: float | None) -> None:
        self._fetch_every = every
        self._fetch_status = ""
        """`fetching 3/10 feeds…` in the header while a fetch runs."""
        self._feeds_started = False
        self._unread_after_scan: list[str] = []
        """Items rewritten by a fetch whose feed says `unread_on_update`."""

    def feeds_after_scan(self) -> None:
        """After the first scan: mark failed feeds and start the `fetch_every` timer; after
        any: items of `unread_on_update` feeds that changed become unread."""
        if not self._feeds_started:
            self._feeds_started = True
            self._flag_failed()
            if self._fetch_every:
                self._fetch(force=False)
                self.set_interval(self._fetch_every, self._fetch_due)
        if self._unread_after_scan:
            paths, self._unread_after_scan = set(self._unread_after_scan), []
            metas = self.repo.metas_of_files(paths)
            if metas:
                self.mark("read", metas, False, undoable=False)

    @property
    def _service(self) -> FeedService | None:
        return self.repo.feeds

    def _fetch_due(self) -> None:
        self._fetch(force=False)

    def action_fetch_feeds(self) -> None:
        """F: the feed under the tree's cursor now, else every feed that is due."""
        feed = self._tree_feed() if isinstance(self.focused, SectionTree) else None
        if feed is not None:
            self._fetch(keys=(feed,), force=True)
        else:
            self._fetch(force=False)

    def action_fetch_all_feeds(self) -> None:
        self._fetch(force=True)

    def action_fetch_this_feed(self) -> None:
        feed = self._article_feed() or self._tree_feed()
        if feed is None:
            self.notify("Choose a feed's section or one of its items first.", timeout=4)
            return
        self._fetch(keys=(feed,), force=True)

    def _fetch(self, keys: tuple[str, ...] = (), force: bool = False) -> None:
        service = self._service
        if service is None:
            return
        if self._fetch_status:
            self.notify("A fetch is already running.", timeout=3)
            return
        try:
            if not service.subscriptions():
                self.notify("No feeds yet: add one with ctrl+p, Add a feed.", timeout=6)
                return
        except Exception as error:  # a broken subscriptions file: say where
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self._fetch_status = "fetching feeds…"
        self._update_header()
        self._fetch_worker(keys, force)

    @work(thread=True, exclusive=True, group="feeds")
    def _fetch_worker(self, keys: tuple[str, ...], force: bool) -> None:
        service = self._service
        total = len(keys) or len(service.subscriptions())
        done = 0

        def heard(result: FeedResult) -> None:
            nonlocal done
            done += 1
            self.post_message(self.FeedFetched(result, done, total))

        try:
            results = service.fetch(keys, force, self.repo.removable, heard)
        except Exception as error:  # never lose the app to a fetch
            self.app.call_from_thread(
                self.notify, f"Fetching failed: {error}", severity="error", markup=False
            )
            results = []
        self.post_message(self.FetchFinished(results))

    def on_feeds_mixin_feed_fetched(self, event: FeedFetched) -> None:
        self._fetch_status = f"fetching {event.done}/{event.total} feeds…"
        self._update_header()

    def on_feeds_mixin_fetch_finished(self, event: FetchFinished) -> None:
        self._fetch_status = ""
        results = event.results
        new = sum(len(r.new) for r in results)
        updated = sum(len(r.updated) for r in results)
        failed = [r for r in results if r.error]
        fetched = [r for r in results if not r.skipped]
        parts = [counted(new, "new item")]
        if updated:
            parts.append(f"{updated:,} updated")
        text = f"Fetched {counted(len(fetched), 'feed')}: " + ", ".join(parts)
        if failed:
            text += f"; {len(failed)} failed ({failed[0].summary()}). Press w for all."
        if not fetched:
            text = "No feed is due yet: F on a feed in the tree, or the palette, fetches now."
        reframed = sum(len(r.reframed) for r in results)
        if reframed:
            text += f" {counted(reframed, 'item')} given their feed's new name, section or tags."
        self.notify(text, severity="warning" if failed else "information", markup=False)
        self._flag_failed()
        self._unread_after_scan += [
            path for r in results if r.subscription.unread_on_update for path in r.updated
        ]
        if new or updated or reframed or any(r.deleted for r in results):
            if self._service is not None:
                self.repo.include(self._service.feeds_dir)
            self.action_rescan()
        else:
            self._update_header()

    def _flag_failed(self) -> None:
        service = self._service
        if service is None or not service.has_ledger:
            return
        tree = self.query_one(SectionTree)
        try:
            statuses = service.statuses()
        except Exception:
            return
        tree.flagged = {
            tuple(part.casefold() for part in (s.subscription.section or ("Feeds", s.title)))
            for s in statuses
            if s.record.last_error
        }
        tree.refresh_labels()

    def feed_problems(self) -> list[tuple[str, str]]:
        """(feed, its last error) for the warnings screen."""
        service = self._service
        if service is None:
            return []
        try:
            statuses = service.statuses()
        except Exception as error:
            return [(str(service.subscriptions_file), str(error))]
        return [
            (f"{s.title} ({s.subscription.url})", f"{s.record.last_error} ({s.record.errors}×)")
            for s in statuses
            if s.record.last_error
        ]

    def _tree_feed(self) -> str | None:
        view = self.current_view
        if view.kind != "section" or self._service is None:
            return None
        wanted = tuple(part.casefold() for part in view.section)
        for status in self._service.statuses():
            section = status.subscription.section or ("Feeds", status.title)
            if tuple(part.casefold() for part in section) == wanted:
                return status.subscription.url
        return None

    def _article_feed(self) -> str | None:
        article = self.article_under_cursor()
        if article is None or self._service is None:
            return None
        found = self._service.item_info([article.meta.file]).get(article.meta.file)
        return found[0] if found else None

    def action_add_feed(self) -> None:
        if self._service is not None:
            from termnews.ui.dialogs.ask_url import AskUrlScreen  # imported when asked for

            prompt = "A feed's address, or a web page that announces one:"
            dialog = AskUrlScreen("Add a feed", prompt, "https://example.org/feed.xml")
            self.app.push_screen(dialog, self._add_feed)

    def _add_feed(self, url: str | None) -> None:
        if url:
            self.notify(f"Adding {url}…", timeout=3, markup=False)
            self._add_worker(url)

    @work(thread=True, group="feeds-add")
    def _add_worker(self, url: str) -> None:
        try:
            added = self._service.add(url)
        except Exception as error:
            self.app.call_from_thread(
                self.notify, f"Could not add {url}: {error}", severity="error", markup=False
            )
            return
        message = f"Subscribed to {added.title}: {counted(added.items, 'item')}."
        if added.others:
            message += f" The page offers {counted(len(added.others), 'more feed')}."
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.repo.include, self._service.feeds_dir)
        self.app.call_from_thread(self.action_rescan)

    def action_remove_feed(self) -> None:
        feed = self._tree_feed() or self._article_feed()
        if feed is None or self._service is None:
            self.notify("Choose a feed's section in the tree first.", timeout=4)
            return
        subscription, _deleted = self._service.remove(feed)
        self.notify(
            f"Unsubscribed from {subscription.label()}; its items stay until you delete them.",
            markup=False,
        )
        self._flag_failed()

    def action_feeds_table(self) -> None:
        service = self._service
        if service is None:
            return
        every = [path for status in service.statuses() for path in status.items]
        by_file = {meta.file: meta for meta in self.repo.metas_of_files(every)}
        rows = []
        for status in service.statuses():
            metas = [by_file[path] for path in status.items if path in by_file]
            unread = sum(1 for meta in metas if not self.repo.is_read(meta.id))
            error = (
                f"{status.record.last_error} ({status.record.errors}×)"
                if status.record.last_error
                else ""
            )
            rows.append(
                (
                    status.title,
                    len(metas),
                    unread,
                    status.record.last_fetch,
                    status.record.next_check,
                    error,
                )
            )
        from termnews.ui.dialogs.feeds import FeedsScreen  # imported when asked for

        self.app.push_screen(FeedsScreen(rows))
