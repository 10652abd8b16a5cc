"""Provides the palette's "Export this view": the articles of the list as one HTML page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from termnews.library import Article, ArticleMeta, SkipFile
from termnews.paths import atomic_text, slug
from termnews.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class ExportMixin(_Base):
    def action_export_view(self) -> None:
        # The list as it is now; a big library's rows are read by the worker, a page at a
        # time (a million of them on this thread took seconds and a gigabyte).
        metas = self.query_one(ArticleList).articles
        if not metas:
            self.notify("Nothing to export here.", timeout=3)
            return
        label = self.current_view.label
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        target = Path.home() / f"termnews-{slug(label, 'view')}-{stamp}.html"
        self.notify(f"Exporting {len(metas):,} articles…", timeout=3)
        self._export_worker(metas, label, target)

    @work(thread=True, group="export")
    def _export_worker(self, metas: Sequence[ArticleMeta], label: str, target: Path) -> None:
        from termnews.exporting import write_html  # imported when asked for

        def articles() -> Iterator[Article]:  # read as written: one held at a time
            for meta in metas:
                try:
                    yield self.repo.load(meta)
                except SkipFile:
                    continue

        try:
            with atomic_text(target) as out:
                count = write_html(articles(), out, f"termnews: {label}")
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"Export failed: {error}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(
            self.notify, f"{count:,} articles exported to {target}", markup=False
        )
