"""Provides saving web pages from the reader: `S` saves the open article's page (a feed
item gets its whole article, in place), and the palette saves any URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class PagesMixin(_Base):
    """Mixed into MainScreen beside FeedsMixin."""

    def action_save_page(self) -> None:
        article = self.article_under_cursor()
        pages = self.repo.pages
        if article is None or pages is None:
            return
        feeds = self.repo.feeds
        is_item = feeds is not None and feeds.has_ledger and feeds.item_info([article.meta.file])
        if is_item:
            self.notify("Fetching the whole article…", timeout=3)
            self._full_text_worker(article.meta.file)
        elif article.meta.url:
            self.notify(f"Saving {article.meta.url}…", timeout=3, markup=False)
            self._save_worker(article.meta.url)
        else:
            self.notify("This article has no URL to save.", timeout=3)

    def action_save_url(self) -> None:
        if self.repo.pages is not None:
            from termnews.ui.dialogs.ask_url import AskUrlScreen  # imported when asked for

            prompt = "A web page to save as an article:"
            self.app.push_screen(
                AskUrlScreen("Save a page", prompt, "https://example.org/story"), self._save_typed
            )

    def _save_typed(self, url: str | None) -> None:
        if url:
            self.notify(f"Saving {url}…", timeout=3, markup=False)
            self._save_worker(url)

    @work(thread=True, group="pages")
    def _save_worker(self, url: str) -> None:
        try:
            saved = self.repo.pages.save_url(url)
        except Exception as error:  # the reason, whatever failed
            self.app.call_from_thread(
                self.notify, f"Not saved: {error}", severity="error", markup=False
            )
            return
        verb = "Updated" if saved.updated else "Saved"
        self.app.call_from_thread(
            self.notify,
            f"{verb} “{saved.title}” in {' / '.join(self.repo.pages.section)}.",
            markup=False,
        )
        self.app.call_from_thread(self.repo.include, self.repo.pages.saved_dir)
        self.app.call_from_thread(self.action_rescan)

    @work(thread=True, group="pages")
    def _full_text_worker(self, file: str) -> None:
        from pathlib import Path

        try:
            reason = self.repo.pages.full_text(Path(file))
        except Exception as error:
            reason = str(error)
        text = f"Only the summary: {reason}" if reason else "The whole article is here."
        self.app.call_from_thread(self.notify, text, markup=False)
        self.app.call_from_thread(self.action_rescan)
