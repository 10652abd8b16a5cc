"""Provides saving web pages from the reader: `S` saves the open article's page (a feed
item gets its whole article, in place), `U` any URL, `I` a whole reading list (Pocket's
export, Instapaper's), with its read and starred marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from termnews.formatting import counted

if TYPE_CHECKING:
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class PagesMixin(_Base):
    """Mixed into MainScreen beside FeedsMixin."""

    _list_marks: dict[str, tuple[bool, bool]] | None = None
    """Files a reading list just saved, and whether it had each read and starred: marked
    once the scan that lists them is in."""

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

    def action_save_list(self) -> None:
        if self.repo.pages is not None:
            from termnews.ui.dialogs.ask_url import AskUrlScreen  # imported when asked for

            prompt = "Pocket's export, Instapaper's CSV or a bookmarks file:"
            dialog = AskUrlScreen("Save a reading list", prompt, "~/Downloads/pocket.zip", False)
            self.app.push_screen(dialog, self._list_typed)

    def _list_typed(self, path: str | None) -> None:
        if path:
            self.notify(f"Saving the pages of {path}…", timeout=5, markup=False)
            self._list_worker(path)

    @work(thread=True, group="pages")
    def _list_worker(self, path: str) -> None:
        from pathlib import Path

        from termnews.pages.lists import NotAList

        try:
            listed, outcomes = self.repo.pages.save_list(Path(path).expanduser())
        except (NotAList, OSError) as error:
            reason = getattr(error, "strerror", None) or error
            self.app.call_from_thread(
                self.notify, f"Not saved: {path}: {reason}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._list_saved, listed.kind, outcomes)

    def _list_saved(self, kind: str, outcomes: list) -> None:
        from termnews.pages.importer import ALREADY, LINKED, SAVED

        self._list_marks = {
            **(self._list_marks or {}),
            **{
                str(o.path): (o.entry.read, o.entry.starred)
                for o in outcomes
                if o.path is not None and o.state != ALREADY
            },
        }
        count = {state: sum(1 for o in outcomes if o.state == state) for state in (SAVED, LINKED)}
        self.notify(
            f"{counted(len(outcomes), 'page')} from {kind}: {count[SAVED]:,} saved, "
            f"{count[LINKED]:,} kept as links (the reason is in each one's meta line), "
            f"{len(outcomes) - count[SAVED] - count[LINKED]:,} already saved.",
            timeout=10,
            markup=False,
        )
        self.repo.include(self.repo.pages.saved_dir)
        self.action_rescan()

    def pages_after_scan(self) -> None:
        """After the scan that lists a reading list's pages: mark what the list had read
        (archived) and starred."""
        pending = self._list_marks
        if not pending:
            return
        metas = self.repo.metas_of_files(pending)
        # what this scan lists: one that had begun before the list was saved lists none
        marks = {meta.file: pending.pop(meta.file) for meta in metas}
        read = [meta for meta in metas if marks[meta.file][0]]
        starred = [meta for meta in metas if marks[meta.file][1]]
        if read:
            self.mark("read", read, True, undoable=False)
        if starred:
            self.mark("bookmarked", starred, True, undoable=False)

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
