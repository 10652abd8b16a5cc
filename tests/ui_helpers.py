"""Provides helpers for driving the app with Pilot."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Footer
from textual.worker import WorkerCancelled

from termnews.ui.screens.main import MainScreen
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.reader import Reader
from termnews.ui.widgets.section_tree import SectionTree


async def ready(pilot: Pilot) -> MainScreen:
    """Wait until the first scan is in and the screen has settled. A worker that a newer
    one of its group cancels meanwhile (a recount of saved searches) is not an error."""
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    # The key bar is the start's last step (after the first titles are drawn): a loaded
    # machine can get through the pauses above before it.
    await until(pilot, lambda: bool(screen.query(Footer)))
    return screen


def rows(screen: MainScreen) -> list[str]:
    return [meta.title for meta in screen.query_one(ArticleList).articles]


def current_title(screen: MainScreen) -> str | None:
    return screen.current_article.title if screen.current_article else None


def reader_text(screen: MainScreen) -> str:
    """Everything the reader shows, as plain text with its line wrapping undone."""
    return " ".join(screen.query_one(Reader).shown_text.split())


def tree(screen: MainScreen) -> SectionTree:
    return screen.query_one(SectionTree)


def list_widget(screen: MainScreen) -> ArticleList:
    return screen.query_one(ArticleList)


async def until(pilot: Pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until the condition holds, instead of guessing a pause length."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


async def reader_wrapped(pilot: Pilot, screen: MainScreen) -> None:
    """Until the reader has wrapped its whole article: it wraps the first screen at once
    and the rest on the next turns of the event loop, which a loaded machine may take
    longer to reach than a pause (the scrollbar's length changes then)."""
    reader = screen.query_one(Reader)
    await until(pilot, lambda: reader.virtual_size.height == len(reader.shown_text.split("\n")))
