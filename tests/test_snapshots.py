"""SVG snapshots of the key screens (update with `pytest --snapshot-update` after a look)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from termnews.state import StateStore
from termnews.ui.view import View

from .conftest import REPO, set_mtimes
from .ui_helpers import reader_wrapped, ready, until

# Fixed paths: the empty-library screen shows them, and snapshots must not vary by run.
BASE = Path(tempfile.gettempdir()) / "termnews-snapshots"
SAMPLES = [
    "news/military/afghanistan/us-would-work-with-taliban-on-daesh-k.txt",
    "samples/saved-page-with-trailer.txt",
    "samples/plain-text/how-plain-text-is-read.txt",
    "samples/markdown-with-front-matter.md",
]


@pytest.fixture
def fixed(monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.rmtree(BASE, ignore_errors=True)
    BASE.mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(BASE / "config"))
    library = BASE / "library"
    shutil.copytree(REPO / "seeds", library)
    set_mtimes(library, SAMPLES)
    return library


def test_seed_open_in_reader(snap_compare, make_app, fixed: Path) -> None:
    async def open_seed(pilot) -> None:
        screen = await ready(pilot)
        await until(pilot, lambda: screen.query_one("#articles").has_focus)
        await pilot.press("enter")
        await until(pilot, lambda: screen.query_one("#reader").has_focus)
        await reader_wrapped(pilot, screen)
        await pilot.pause()

    assert snap_compare(
        make_app(fixed, BASE / "data"), terminal_size=(120, 35), run_before=open_seed
    )


def test_help_screen(snap_compare, make_app, fixed: Path) -> None:
    async def open_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(
        make_app(fixed, BASE / "data"), terminal_size=(120, 35), run_before=open_help
    )


def test_narrow_layout(snap_compare, make_app, fixed: Path) -> None:
    async def settle(pilot) -> None:
        screen = await ready(pilot)
        await pilot.press("j")
        await until(pilot, lambda: screen.current_article.relpath == SAMPLES[1])
        await reader_wrapped(pilot, screen)
        await pilot.pause()

    assert snap_compare(make_app(fixed, BASE / "data"), terminal_size=(80, 24), run_before=settle)


def test_bookmarks_view(snap_compare, make_app, fixed: Path) -> None:
    app = make_app(fixed, BASE / "data")
    state = StateStore(BASE / "data")
    ids = {meta.relpath: meta.id for meta in _scan(app)}
    state.set_mark("bookmarked", [ids[SAMPLES[0]], ids[SAMPLES[3]]], True, {})
    state.set_mark("read", [ids[SAMPLES[1]]], True, {})
    state.close()

    async def bookmarks(pilot) -> None:
        screen = await ready(pilot)
        screen.show_view(View("bookmarks"))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 35), run_before=bookmarks)


def test_search_results_with_snippets(snap_compare, make_app, fixed: Path) -> None:
    from termnews.config import Config

    config = Config(searches=[("Afghanistan", "taliban kabul"), ("Long reads", "words>300")])

    async def search(pilot) -> None:
        screen = await ready(pilot)
        await pilot.press("slash", *"sample* text")
        await until(pilot, lambda: screen.query_one("#query-status").render().plain != "")
        await pilot.pause()

    app = make_app(fixed, BASE / "data", config)
    assert snap_compare(app, terminal_size=(120, 35), run_before=search)


def test_empty_library(snap_compare, make_app, fixed: Path) -> None:
    empty = BASE / "empty"
    empty.mkdir()

    async def settle(pilot) -> None:
        await ready(pilot)

    assert snap_compare(make_app(empty, BASE / "data"), terminal_size=(100, 30), run_before=settle)


def _scan(app):
    return app.repo.read_library().articles
