"""Provides the measurement behind the article list's design: 100,000 rows in four widgets.

Times, inside one process with Textual's headless driver, how long each widget takes to be
filled and drawn, and how long a cursor move takes. Run: python benchmarks/list_widgets.py
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, ListItem, ListView, OptionList, Static

from termnews.library import ArticleMeta
from termnews.ui.widgets.article_list import ArticleList


def _articles(count: int) -> list[ArticleMeta]:
    return [
        ArticleMeta(
            id=f"{n:012x}",
            file=f"/lib/{n}.txt",
            relpath=f"{n}.txt",
            section=("News", "World", f"Region {n % 40}"),
            title=f"Headline number {n} about the news of the day",
            words=600,
            mtime=n,
            size=4000,
        )
        for n in range(count)
    ]


def _fill(name: str, articles: list[ArticleMeta]) -> tuple[Widget, Callable[[Widget], None]]:
    """The widget, and a function that moves its cursor down one row."""
    if name == "ArticleList":
        widget = ArticleList(lambda _id: (False, False))
        return widget, lambda w: w.action_cursor_down()
    if name == "OptionList":
        return OptionList(*(meta.title for meta in articles)), lambda w: w.action_cursor_down()
    if name == "DataTable":
        return DataTable(), lambda w: w.action_cursor_down()
    items = [ListItem(Static(meta.title)) for meta in articles]
    return ListView(*items), lambda w: w.action_cursor_down()


class Bench(App[None]):
    def __init__(self, name: str, articles: list[ArticleMeta]) -> None:
        super().__init__()
        self.widget, self.move = _fill(name, articles)
        self.kind = name
        self.articles = articles

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        if self.kind == "ArticleList":
            self.widget.set_articles(self.articles)
        elif self.kind == "DataTable":
            self.widget.add_columns("title", "section")
            self.widget.add_rows((m.title, " / ".join(m.section)) for m in self.articles)
        self.widget.focus()


async def measure(name: str, count: int, moves: int) -> dict[str, float]:
    articles = _articles(count)
    start = time.perf_counter()
    app = Bench(name, articles)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        ready = time.perf_counter() - start
        samples = []
        for _ in range(moves):
            began = time.perf_counter()
            app.move(app.widget)
            await pilot.pause()
            samples.append(time.perf_counter() - began)
    samples.sort()
    return {
        "ready_s": ready,
        "move_p50_ms": 1000 * statistics.median(samples),
        "move_p95_ms": 1000 * samples[int(len(samples) * 0.95) - 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--widgets", default="ArticleList,OptionList,DataTable,ListView")
    args = parser.parse_args()
    print(f"{'widget':<12} {'rows':>8} {'fill+draw':>10} {'move p50':>9} {'move p95':>9}")
    for name in args.widgets.split(","):
        result = asyncio.run(measure(name, args.rows, args.moves))
        print(
            f"{name:<12} {args.rows:>8,} {result['ready_s']:>9.2f}s "
            f"{result['move_p50_ms']:>7.1f}ms {result['move_p95_ms']:>7.1f}ms"
        )


if __name__ == "__main__":
    main()
