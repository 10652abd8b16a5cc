"""Provides saving pages as the UI and the command line use it: by URL, by file, and the
full text of the feed item on screen (the extractor and the client imported when used)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from termnews.net import Client
    from termnews.pages.importer import Outcome
    from termnews.pages.lists import ReadingList
    from termnews.pages.save import Saved


class PageService:
    """Saved pages go to `saved_dir`, in `section` unless told otherwise."""

    def __init__(self, saved_dir: Path, section: tuple[str, ...]) -> None:
        self.saved_dir = saved_dir
        self.section = section
        self._client: Client | None = None

    @property
    def client(self) -> Client:
        if self._client is None:
            from termnews.net import Client

            self._client = Client()
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def save_url(self, url: str, section: tuple[str, ...] = ()) -> Saved:
        """Raises NotAPage with the reason when there is no article to save."""
        from termnews.pages.save import save_url

        self.saved_dir.mkdir(parents=True, exist_ok=True)
        return save_url(self.client, self.saved_dir, url, section or self.section)

    def save_file(self, path: Path, section: tuple[str, ...] = ()) -> Saved:
        from termnews.library.html import MAX_PAGE_FILE_BYTES
        from termnews.pages.save import save_page

        with path.open("rb") as file:  # read no further than the limit: it could be endless
            data = file.read(MAX_PAGE_FILE_BYTES + 1)
        self.saved_dir.mkdir(parents=True, exist_ok=True)
        return save_page(self.saved_dir, data, None, section or self.section)

    def save_list(
        self, path: Path, done: Callable[[Outcome], None] | None = None
    ) -> tuple[ReadingList, list[Outcome]]:
        """Every page of a reading list (pages.lists, pages.importer); raises NotAList."""
        from termnews.pages.importer import import_entries
        from termnews.pages.lists import read_list

        listed = read_list(path)
        return listed, import_entries(
            self.client, self.saved_dir, listed.entries, self.section, done
        )

    def full_text(self, item: Path) -> str | None:
        """The whole article into a feed item's file; returns why not, or None."""
        from termnews.pages.fulltext import add_full_text

        return add_full_text(item, self.client)
