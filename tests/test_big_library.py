"""A big library is read from its index as it is used: the daily loop must work the same.

The threshold is lowered so that 300 generated articles count as big; the reader is
started once to build the index, then again, when nothing changed, to open it "big".
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from termnews import repository
from termnews.library.rows import IndexedRows
from termnews.library.scan import FIRST
from termnews.ui.view import View

from .conftest import count_parses, settle_folders
from .ui_helpers import current_title, list_widget, ready, rows, tree, until

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import WORDS, generate

WIDE = (120, 35)


@pytest.fixture
def library(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "lib"
    generate(root, 300)
    monkeypatch.setattr(repository, "BIG_FROM", 100)
    return root


async def _indexed(make_app, library: Path) -> None:
    async with make_app(library).run_test(size=WIDE) as pilot:
        await ready(pilot)


async def test_a_big_library_is_listed_from_its_index(make_app, library: Path) -> None:
    await _indexed(make_app, library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is not None and screen.repo.articles == []
        listed = list_widget(screen).articles
        assert isinstance(listed, IndexedRows) and len(listed) == 300
        assert "All articles · 1/300 · 300 unread · by date" in screen.sub_title
        first = rows(screen)[:3]
        await pilot.press("j", "j", "enter")
        assert current_title(screen) == first[2]
        assert "299 unread" in screen.sub_title
        assert tree(screen).counts(View()) == (300, 299)
        await pilot.press("q", "G")
        assert list_widget(screen).cursor == 299
        await pilot.press("g", "b")
        assert screen.repo.bookmark_count() == 1
        await pilot.press("s")  # by title: the list is read again in that order
        await until(pilot, lambda: screen.sub_title.endswith("by title"))
        titles = [meta.title.casefold() for meta in list_widget(screen).articles]
        assert titles == sorted(titles)


async def test_keys_act_on_the_list_while_a_new_order_is_made(make_app, library: Path) -> None:
    """A million articles took 0.84 s to list by title: the list is made beside the screen,
    the keys meanwhile act on the list as it was, and the article under the cursor stays
    under it in the new order."""
    await _indexed(make_app, library)
    app = make_app(library)
    making, release = threading.Event(), threading.Event()
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        prepare = screen.repo.prepare_lists

        def slow_prepare(order: str) -> None:
            if order == "title":
                making.set()
                release.wait(10)
            prepare(order)

        screen.repo.prepare_lists = slow_prepare
        by_date = rows(screen)
        await pilot.press("s")
        await until(pilot, making.is_set)
        assert screen.sub_title.endswith("sorting by title…")
        await pilot.press("j", "j")
        assert current_title(screen) == by_date[2]
        release.set()
        await until(pilot, lambda: screen.sub_title.endswith("by title"))
        titles = [meta.title.casefold() for meta in list_widget(screen).articles]
        assert titles == sorted(titles)
        assert current_title(screen) == by_date[2]
        assert list_widget(screen).articles[list_widget(screen).cursor].title == by_date[2]


async def test_a_section_chosen_while_a_new_order_is_made_is_listed_as_the_list_was(
    make_app, library: Path
) -> None:
    """A section chosen meanwhile is listed in the order at hand, not made in the new one
    on the screen's thread; it takes the new order when that is made."""
    await _indexed(make_app, library)
    app = make_app(library)
    making, release = threading.Event(), threading.Event()
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        prepare, select = screen.repo.prepare_lists, screen.repo.select
        asked: list[str] = []

        def slow_prepare(order: str) -> None:
            if order == "title":
                making.set()
                release.wait(10)
            prepare(order)

        def watched_select(*args, **kwargs):
            if threading.current_thread() is threading.main_thread():
                asked.append(kwargs.get("order", "date"))
            return select(*args, **kwargs)

        screen.repo.prepare_lists, screen.repo.select = slow_prepare, watched_select
        await pilot.press("s")
        await until(pilot, making.is_set)
        military = View("section", ("News", "Military"))
        screen.show_view(military)
        await until(pilot, lambda: "News › Military" in screen.sub_title)
        assert screen.sub_title.endswith("sorting by title…")
        times = [int(meta.sort_time) for meta in list_widget(screen).articles]
        assert len(times) > 1 and times == sorted(times, reverse=True)
        assert "title" not in asked
        release.set()
        await until(pilot, lambda: screen.sub_title.endswith("by title"))
        titles = [meta.title.casefold() for meta in list_widget(screen).articles]
        assert len(titles) == len(times) and titles == sorted(titles)


async def test_a_first_start_of_a_big_library_holds_none_of_it(
    make_app, library: Path, monkeypatch
) -> None:
    """The first start finds the library too big to hold (BIG_FROM files): it shows the
    first few titles, builds the index holding no article, and lists it from there."""
    parsed = count_parses(monkeypatch)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is not None and screen.repo.articles == []
        assert len(list_widget(screen).articles) == 300
        assert "All articles · 1/300 · 300 unread · by date" in screen.sub_title
        await pilot.press("enter")
        assert "299 unread" in screen.sub_title
    assert len(parsed) == FIRST + 300  # the first titles, then each file once, to the index


async def test_a_big_first_start_without_a_usable_cache_is_read_as_before(
    make_app, library: Path, tmp_path: Path
) -> None:
    """No index can be built (the cache folder cannot be made): the library is read into
    memory as it always was, not stopped for a build that cannot happen."""
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    async with make_app(library).run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is None and len(screen.repo.articles) == 300
        assert "All articles · 1/300 · 300 unread · by date" in screen.sub_title


async def test_a_first_build_lists_what_it_has_indexed_as_it_goes(
    make_app, library: Path, monkeypatch
) -> None:
    """As a small library's first scan shows its titles as it goes, a big one's first
    build lists the articles it has indexed, each time they have doubled."""
    from termnews.library import scan

    monkeypatch.setattr(scan, "CHUNK", 25)
    monkeypatch.setattr(scan, "STORE_EVERY", 25)
    listed: list[int] = []
    real = repository.Repository.show_indexed

    def show_indexed(self) -> bool:
        shown = real(self)
        listed.append(self.big.size if shown else 0)
        return shown

    monkeypatch.setattr(repository.Repository, "show_indexed", show_indexed)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert len(list_widget(screen).articles) == 300
        assert "All articles · 1/300 · 300 unread · by date" in screen.sub_title
        assert "scanning" not in screen.sub_title
    assert listed == [50, 100, 200]  # the first chunk, then each time they doubled


async def test_a_library_grown_big_is_opened_big_at_r(make_app, library: Path) -> None:
    repository.BIG_FROM = 400  # restored by the fixture's monkeypatch
    settle_folders(library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is None and len(screen.repo.articles) == 300
        await pilot.press("enter")
        generate(library / "more", 120)
        earlier = time.time_ns() - 1800 * 10**9
        for folder in (library, library / "more"):
            os.utime(folder, ns=(earlier, earlier))
        await pilot.press("R")
        await until(pilot, lambda: screen.repo.big is not None and not screen.repo.scanning)
        await until(pilot, lambda: "420 unread" not in screen.sub_title)
        assert screen.repo.articles == [] and len(list_widget(screen).articles) == 420
        assert "419 unread" in screen.sub_title  # the mark made before stays


async def test_search_and_sections_in_a_big_library(make_app, library: Path) -> None:
    await _indexed(make_app, library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is not None
        word = WORDS[1500]
        await pilot.press("slash", *word)
        assert screen.query_one("#query", Input).value == word
        await until(pilot, lambda: f"Search: {word} ·" in screen.sub_title)
        hits = list(list_widget(screen).articles)
        assert 0 < len(hits) < 300
        for meta in hits:
            article = screen.repo.load(meta)
            assert word in " ".join((meta.title, *article.paragraphs)).casefold()
        await pilot.press("escape")
        await until(pilot, lambda: len(rows(screen)) == 300)
        military = View("section", ("News", "Military"))
        screen.show_view(military)
        await until(pilot, lambda: "News › Military" in screen.sub_title)
        inside = list_widget(screen).articles
        assert 0 < len(inside) < 300
        assert all(meta.section[:2] == ("News", "Military") for meta in inside)
        times = [int(meta.sort_time) for meta in inside]
        assert times == sorted(times, reverse=True)  # kept from the whole list, in its order
        assert tree(screen).counts(military)[0] == len(inside)


async def test_a_changed_folder_is_read_into_the_index(make_app, library: Path) -> None:
    """Only the changed folders are read (library.refresh): the library stays big."""
    await _indexed(make_app, library)
    (library / "news" / "new.txt").write_text("A new story\n\nBody.\n")
    gone = next((library / "business").rglob("*.md"))
    gone.unlink()
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is not None and screen.repo.articles == []
        titles = {meta.title for meta in list_widget(screen).articles}
        assert "A new story" in titles and len(titles) == 300
        assert "300 unread" in screen.sub_title


async def test_rescan_of_a_big_library_reads_what_changed(make_app, library: Path) -> None:
    """`R` (and a fetch, or a saved page) in a big library: the new file is listed, the
    cursor stays, and no article is held in memory."""
    settle_folders(library)
    await _indexed(make_app, library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j")
        kept = current_title(screen)
        extra = library / "sport" / "extra"
        extra.mkdir(parents=True)
        (extra / "late.txt").write_text("A late winner\n\nBody.\n")
        (extra / "bad.txt").write_bytes(b"\x00\x01binary")
        earlier = time.time_ns() - 1800 * 10**9  # not so recent that it is read again
        for folder in (extra, extra.parent):
            os.utime(folder, ns=(earlier, earlier))
        await pilot.press("R")
        await until(pilot, lambda: "301 unread" in screen.sub_title)
        assert screen.repo.big is not None and screen.repo.articles == []
        assert current_title(screen) == kept
        assert "A late winner" in {meta.title for meta in list_widget(screen).articles}
        assert tree(screen).counts(View("section", ("Sport", "Extra"))) == (1, 1)
        assert [w.path.name for w in screen.repo.warnings] == ["bad.txt"]
        skipped = [n for n in app._notifications if "Skipped 1 unreadable file" in n.message]
        app.clear_notifications()
        await pilot.press("R")  # nothing changed since: nothing read, nothing said again
        await until(pilot, lambda: not screen.repo.scanning)
        await pilot.pause(0.2)
        assert len(skipped) == 1 and not any("Skipped" in n.message for n in app._notifications)


async def test_unread_and_bookmarks_in_a_big_library(make_app, library: Path) -> None:
    """Kept from the whole list's rows by the marks: the same as SQL's own answer."""
    await _indexed(make_app, library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        big = screen.repo.big
        assert big is not None
        await pilot.press("m", "j", "j", "m", "j", "b")  # two read, one bookmarked
        screen.show_view(View("unread"))
        await until(pilot, lambda: "Unread" in screen.sub_title)
        unread = [meta.id for meta in list_widget(screen).articles]
        assert len(unread) == 298 and not any(screen.repo.is_read(i) for i in unread)
        expected = big.catalog.rowids(unread=True)
        assert [m.id for m in big.catalog.rows(expected.tolist())] == unread
        screen.show_view(View("bookmarks"))
        await until(pilot, lambda: "Bookmarks" in screen.sub_title)
        marked = list_widget(screen).articles
        assert len(marked) == 1 and screen.repo.is_bookmarked(marked[0].id)
        military = View("section", ("News", "Military"))
        screen.show_view(military)
        await until(pilot, lambda: "News › Military" in screen.sub_title)


async def test_a_big_library_takes_in_the_other_machines_marks(
    make_app, library: Path, tmp_path: Path
) -> None:
    """At start and while it runs, found by their URLs in the index, nothing held."""
    from termnews.state.sync import SyncFolder

    await _indexed(make_app, library)
    urls = sorted(
        line.removeprefix("url: ")
        for path in library.rglob("*.md")
        for line in path.read_text().splitlines()
        if line.startswith("url: ")
    )
    other = SyncFolder(tmp_path / "Sync", tmp_path / "data-other")
    other.record("read", [("elsewhere1", urls[0])], True)
    app = make_app(library)
    app.repo.sync = SyncFolder(tmp_path / "Sync", tmp_path / "data")
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.repo.big is not None and screen.repo.articles == []
        assert "299 unread" in screen.sub_title and tree(screen).counts(View()) == (300, 299)
        other.record("bookmarked", [("elsewhere2", urls[1])], True)
        await until(pilot, lambda: screen.repo.bookmark_count() == 1)
        [marked] = screen.repo.big.catalog.by_ids(screen.repo.state.bookmarked_ids())
        assert marked.url == urls[1]


async def test_export_this_view_of_a_big_library(
    make_app, library: Path, tmp_path: Path, monkeypatch
) -> None:
    """The palette's export writes the view's articles, its rows read by the export's
    worker from the index (a million of them read on the screen's thread held it for
    seconds), to one page in the home folder, with the permissions the umask gives."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    await _indexed(make_app, library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        inside = list_widget(screen).articles
        assert isinstance(inside, IndexedRows) and len(inside) == 300  # two pages: one drawn
        read = IndexedRows._read
        pages: list[int] = []
        monkeypatch.setattr(IndexedRows, "_read", lambda rows, n: pages.append(n) or read(rows, n))
        screen.action_export_view()
        assert pages == []  # none on this thread
        await until(pilot, lambda: any(home.glob("termnews-*.html")))
        await app.workers.wait_for_complete()
        (page,) = home.glob("termnews-all-articles-*.html")
        text = page.read_text()
        assert f"{len(inside)} articles · exported by termnews" in text
        assert text.count("<article ") == len(inside)
        assert all(f">{meta.title}</a>" in text for meta in inside if "&" not in meta.title)
        mask = os.umask(0o022)
        os.umask(mask)
        assert page.stat().st_mode & 0o777 == 0o666 & ~mask  # not a temporary file's 0600


async def test_mark_all_read_of_a_long_list_leaves_the_screen_free(
    make_app, library: Path, monkeypatch
) -> None:
    """`A` on more articles than the screen's thread marks at once: the list's rows are read
    and the marks saved by the writer thread (a section of 273,034 held the screen for 10 s),
    and every count moves, once per section; `u` puts them all back."""
    from termnews.ui.screens import marks

    monkeypatch.setattr(marks, "_AT_ONCE", 50)
    await _indexed(make_app, library)
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("m")  # one read before: 299 left to mark
        await until(pilot, lambda: "299 unread" in screen.sub_title)
        military = View("section", ("News", "Military"))
        in_military = tree(screen).counts(military)[0]
        assert in_military > 0
        read = IndexedRows._read
        on_screen: list[int] = []  # pages read on the screen's thread

        def reading(rows: IndexedRows, n: int):
            if threading.current_thread() is threading.main_thread():
                on_screen.append(n)
            return read(rows, n)

        monkeypatch.setattr(IndexedRows, "_read", reading)
        screen.action_mark_all_read()
        assert screen.sub_title.endswith("· marking 300 read…")  # until it is done, not 3 s
        await until(pilot, lambda: " 0 unread" in screen.sub_title)
        assert "marking" not in screen.sub_title
        assert on_screen == []
        assert tree(screen).counts(View()) == (300, 0)
        assert tree(screen).counts(View("unread")) == (0, 0)
        assert tree(screen).counts(military) == (in_military, 0)
        assert sum(screen.repo.is_read(meta.id) for meta in list_widget(screen).articles) == 300
        files = screen.repo.state.marked_paths()  # each mark keeps its file, as one mark does
        assert all(files[meta.id] == meta.file for meta in list_widget(screen).articles)
        await pilot.press("u")
        await until(pilot, lambda: "299 unread" in screen.sub_title)
        assert "undoing" not in screen.sub_title
        assert tree(screen).counts(View()) == (300, 299)
        assert tree(screen).counts(military)[1] in (in_military, in_military - 1)
