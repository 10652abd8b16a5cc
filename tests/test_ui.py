"""Pilot tests: every binding of the reader, layouts, persistence and hostile text."""

from __future__ import annotations

import gc
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, Static

from termnews.config import Config
from termnews.state import StateStore
from termnews.ui.dialogs.help import HelpScreen, help_table
from termnews.ui.dialogs.warnings import WarningsScreen
from termnews.ui.view import View
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.empty import EmptyLibrary
from termnews.ui.widgets.query_bar import QueryBar
from termnews.ui.widgets.reader import Reader
from termnews.ui.widgets.section_tree import SectionTree

from .conftest import SEED, set_mtimes
from .ui_helpers import current_title, list_widget, reader_text, ready, rows, tree, until

SEED_TITLE = "US Joint Chiefs of Staff Chairman: America would work with Taliban on Daesh-K"
WIDE = (120, 35)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Five articles in three sections with a known newest-first order."""
    root = tmp_path / "news"
    files = {
        "world/europe/a.txt": "Alpha vote in Europe\n\nParagraph one.\n\nParagraph two.",
        "business/b.txt": "Bravo rates decision\n\nThe bank held.",
        "world/asia/c.txt": "Charlie summit opens\n\nLeaders met.",
        "business/d.txt": "Delta earnings beat\n\nProfits rose.",
    }
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    (root / "saved").mkdir()
    shutil.copyfile(SEED, root / "saved" / "seed.txt")
    set_mtimes(root, ["saved/seed.txt", *files])
    return root


def _state(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "data")


async def test_opens_on_all_articles_newest_first(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert rows(screen) == [
            SEED_TITLE,
            "Alpha vote in Europe",
            "Bravo rates decision",
            "Charlie summit opens",
            "Delta earnings beat",
        ]
        assert current_title(screen) == SEED_TITLE
        assert SEED_TITLE in reader_text(screen)
        assert "📷" in reader_text(screen)
        assert "alternate addresses" not in reader_text(screen)
        assert isinstance(app.focused, ArticleList)
        assert "All articles · 1/5 · 5 unread · by date" in screen.sub_title


async def test_enter_opens_and_marks_read(make_app, news: Path, tmp_path: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "enter")
        assert current_title(screen) == "Alpha vote in Europe"
        assert isinstance(app.focused, Reader)
        assert "4 unread" in screen.sub_title
        assert tree(screen).counts(View("section", ("World",)))[1] == 1
        await pilot.press("h")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("l")
        assert isinstance(app.focused, Reader)
        await pilot.press("escape")
        await pilot.press("escape")
        assert isinstance(app.focused, SectionTree)
    article_id = next(m.id for m in app.repo.articles if m.title == "Alpha vote in Europe")
    assert _state(tmp_path).is_read(article_id)


async def test_arrow_keys_and_top_bottom(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("down", "down")
        assert current_title(screen) == "Bravo rates decision"
        await pilot.press("k")
        assert current_title(screen) == "Alpha vote in Europe"
        await pilot.press("G")
        assert current_title(screen) == "Delta earnings beat"
        await pilot.press("g")
        assert current_title(screen) == SEED_TITLE


async def test_bookmark_persists(make_app, news: Path, tmp_path: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "b")
        assert tree(screen).counts(View("bookmarks"))[0] == 1
        await pilot.press("j", "b", "b")
    state = _state(tmp_path)
    bookmarked = [m.title for m in app.repo.articles if state.is_bookmarked(m.id)]
    assert bookmarked == ["Alpha vote in Europe"]


async def test_toggle_read_mark_all_and_undo(make_app, news: Path, tmp_path: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("m")
        assert app.repo.is_read(screen.current_article.id)
        await pilot.press("m")
        assert not app.repo.is_read(screen.current_article.id)
        await pilot.press("A")
        assert "0 unread" in screen.sub_title
        assert tree(screen).counts(View("all"))[1] == 0
        await pilot.press("u")
        assert "5 unread" in screen.sub_title
        assert tree(screen).counts(View("section", ("Business",)))[1] == 2
    state = _state(tmp_path)
    assert not any(state.is_read(m.id) for m in app.repo.articles)


async def test_sections_filter_the_list(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SectionTree)
        await pilot.press("j", "j", "j")
        assert screen.current_view == View("section", ("Business",))
        assert rows(screen) == ["Bravo rates decision", "Delta earnings beat"]
        await pilot.press("j")
        assert screen.current_view == View("section", ("News",))
        assert rows(screen) == [SEED_TITLE]
        await pilot.press("j", "j")
        assert screen.current_view == View("section", ("World",))
        assert rows(screen) == ["Alpha vote in Europe", "Charlie summit opens"]
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)


async def test_a_long_section_name_is_cut_short_not_its_count(make_app, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    deep = root / "ciencia-e-tecnologia-aplicada-ao-agronegocio" / "inovacao-e-pesquisa"
    deep.mkdir(parents=True)
    for n in range(12):
        (deep / f"a{n}.txt").write_text(f"Story number {n}\n\nIt happened on day {n}.\n")
    async with make_app(root).run_test(size=(120, 35)) as pilot:
        await ready(pilot)
        sections = pilot.app.screen.query_one(SectionTree)
        width = sections.scrollable_content_region.width
        lines = [
            "".join(segment.text for segment in sections.render_line(y)).rstrip()
            for y in range(sections.last_line + 1)
        ]
        top = next(line for line in lines if "Ciencia" in line)
        below = next(line for line in lines if "Inovacao" in line)  # drawn further in
        assert top.endswith("… 12") and len(top) <= width
        assert below.endswith("… 12") and len(below) <= width


async def test_unread_and_bookmark_views(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("b", "m")
        screen.show_view(View("unread"))
        await pilot.pause()
        assert SEED_TITLE not in rows(screen) and len(rows(screen)) == 4
        screen.show_view(View("bookmarks"))
        await pilot.pause()
        assert rows(screen) == [SEED_TITLE]


async def test_next_and_previous_unread_cross_sections(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.show_view(View("section", ("Business",)))
        await pilot.pause()
        await pilot.press("n")  # the unread article under the cursor is the next unread
        assert current_title(screen) == "Bravo rates decision"
        await pilot.press("n")
        assert current_title(screen) == "Delta earnings beat"
        await pilot.press("n")  # News has no articles of its own: its deepest section
        assert screen.current_view == View("section", ("News", "Military", "Afghanistan"))
        assert current_title(screen) == SEED_TITLE
        assert app.repo.is_read(screen.current_article.id)
        await pilot.press("p")  # backwards, wrapping past the top of the tree
        assert screen.current_view == View("section", ("World", "Europe"))
        assert current_title(screen) == "Alpha vote in Europe"


async def test_next_and_previous_article(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter", "J")
        assert current_title(screen) == "Alpha vote in Europe"
        assert isinstance(app.focused, Reader)
        await pilot.press("J", "K")
        assert current_title(screen) == "Alpha vote in Europe"
        assert app.repo.is_read(screen.current_article.id)


async def test_space_pages_then_moves_to_next_unread(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(80, 16)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        reader = screen.query_one(Reader)
        assert reader.max_scroll_y > 0
        pages = 0
        while current_title(screen) == SEED_TITLE and pages < 60:
            await pilot.press("space")
            pages += 1
        assert pages > 2
        assert current_title(screen) == "Alpha vote in Europe"
        assert reader.scroll_y == 0


async def test_search_as_you_type_opens_top_hit_and_escape_returns(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        before = current_title(screen)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"rates")
        await until(pilot, lambda: rows(screen) == ["Bravo rates decision"])
        assert "1 match" in str(screen.query_one("#query-status", Static).render())
        await pilot.press("enter")
        await until(pilot, lambda: current_title(screen) == "Bravo rates decision")
        assert isinstance(app.focused, Reader)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        assert rows(screen) == ["Bravo rates decision"]
        await pilot.press("escape")
        await until(pilot, lambda: len(rows(screen)) == 5)
        assert not screen.query_one(QueryBar).display
        assert current_title(screen) == before


async def test_sort_cycles_and_is_remembered(make_app, news: Path, tmp_path: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("s")
        assert screen.order == "title"
        assert rows(screen)[0] == "Alpha vote in Europe"
        await pilot.press("s")
        assert screen.order == "section"
        assert rows(screen)[0] == "Bravo rates decision"
        await pilot.press("s")
        assert screen.order == "date"
        await pilot.press("s")
        key = app.repo.library_key
    assert _state(tmp_path).setting(f"ui.order@{key}") == "title"


async def test_search_hits_sort_by_relevance_date_title_and_section(
    make_app, tmp_path: Path
) -> None:
    """`s` in a search sorts its hits (best first, then as any list sorts), keeps the
    cursor's article and leaves the list's own order alone; each new search starts with
    the best first. Down in the query line goes to the hits."""
    root = tmp_path / "oil"
    files = {
        "markets/calm.txt": "Markets calm\n\nTraders waited. Oil was flat in a quiet week.",
        "world/zinc.txt": "Zinc output climbs\n\nMiners dug more while oil cost them more.",
        "business/oil.txt": "Oil prices fall\n\nOil fell again as oil stocks grew.",
    }
    # Others, so that `oil` is in fewer than half the articles (else: newest first).
    files |= {f"other/{n}.txt": f"Other story {n}\n\nNothing to see." for n in range(4)}
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    set_mtimes(root, list(files))
    by_date = ["Markets calm", "Zinc output climbs", "Oil prices fall"]
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"oil")
        await until(pilot, lambda: len(rows(screen)) == 3)
        assert rows(screen)[0] == "Oil prices fall"
        assert "Search: oil · 1/3 · by relevance" in screen.sub_title
        await pilot.press("down")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("s")
        assert rows(screen) == by_date
        assert list_widget(screen).current.title == "Oil prices fall"  # the cursor went too
        await until(pilot, lambda: current_title(screen) == "Oil prices fall")
        assert "3/3 · by date" in screen.sub_title
        await pilot.press("s")
        assert rows(screen) == ["Markets calm", "Oil prices fall", "Zinc output climbs"]
        await pilot.press("s")
        assert rows(screen) == ["Oil prices fall", "Markets calm", "Zinc output climbs"]
        assert "by section" in screen.sub_title
        await pilot.press("s")
        assert rows(screen)[0] == "Oil prices fall"
        assert "by relevance" in screen.sub_title
        await pilot.press("s", "escape")
        assert screen.order == "date"
        assert "All articles · " in screen.sub_title and "by date" in screen.sub_title
        await pilot.press("slash", *"oil")
        await until(pilot, lambda: len(rows(screen)) == 3)
        assert rows(screen)[0] == "Oil prices fall"
        assert "by relevance" in screen.sub_title


async def test_hits_sorted_by_date_have_their_snippets_when_many_match(
    make_app, tmp_path: Path
) -> None:
    """With more hits than a first screen, sorted hits are listed once all are in, and
    the snippets the search made for the best of them are drawn, not left blank."""
    root = tmp_path / "many"
    (root / "oil").mkdir(parents=True)
    (root / "other").mkdir()
    for n in range(70):  # the newer, the more oil: the best hits are the newest
        (root / "oil" / f"{n:02d}.txt").write_text(f"Story {n}\n\nOil rose. {'Oil. ' * n}")
    for n in range(80):
        (root / "other" / f"{n:02d}.txt").write_text(f"Other {n}\n\nNothing to see.")
    set_mtimes(root, [f"oil/{n:02d}.txt" for n in reversed(range(70))])
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"oil")
        await until(pilot, lambda: len(rows(screen)) == 70)
        await pilot.press("down", "s", "slash", *"oil")  # a new query, still by date
        await until(pilot, lambda: len(rows(screen)) == 70 and "by date" in screen.sub_title)
        articles = list_widget(screen)

        def blank_snippets() -> list[int]:
            lines = ["".join(s.text for s in articles.render_line(y)) for y in range(10)]
            return [y for y in range(1, 10, 2) if not lines[y].strip()]

        await until(pilot, lambda: not blank_snippets(), timeout=3)


async def test_zen_mode(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("z")
        assert screen.has_class("-zen")
        assert screen.query_one("#list-pane").styles.display == "none"
        assert isinstance(app.focused, Reader)
        await pilot.press("z")
        assert not screen.has_class("-zen")


@pytest.mark.parametrize(
    ("url", "opens"),
    [
        ("https://example.org/x", True),
        ("file:///etc/passwd", False),
        ("smb://host/share", False),
        ("--remote-debugging-port=9222", False),
        ("ms-msdt:x", False),
    ],
)
async def test_o_opens_web_addresses_only(make_app, tmp_path, monkeypatch, url, opens) -> None:
    """An article's url is untrusted: what is no web address is put on the clipboard and
    said, never handed to the browser (a desktop's URL handlers, a browser's flags)."""
    root = tmp_path / "md"
    root.mkdir()
    (root / "a.md").write_text(f'---\ntitle: Linked\nurl: "{url}"\n---\nBody.\n')
    app = make_app(root)
    opened: list[str] = []

    class Browser:
        def open(self, url: str) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr("webbrowser.get", lambda: Browser())
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert url in reader_text(screen)  # the meta line shows it
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert opened == ([url] if opens else [])
    assert opens or any(message.startswith("Not a web address, so not opened.") for message in said)


async def test_rescan_picks_up_new_files(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        (news / "new.txt").write_text("Echo arrives\n\nNew.")
        await pilot.press("R")
        await ready(pilot)
        assert "Echo arrives" in rows(screen)
        assert "/6 · 6 unread" in screen.sub_title


async def test_place_and_theme_are_remembered(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(80, 16)) as pilot:
        screen = await ready(pilot)
        screen.show_view(View("section", ("World",)))
        await pilot.pause()
        await pilot.press("j", "enter", "j")
        await pilot.pause()
        scrolled = screen.query_one(Reader).scroll_y
        app.theme = "nord"
        await pilot.press("Q")
    assert not app.is_running
    again = make_app(news)
    async with again.run_test(size=(80, 16)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: screen.query_one(Reader).scroll_y == scrolled)
        assert screen.current_view == View("section", ("World",))
        assert current_title(screen) == "Charlie summit opens"
        assert screen.query_one(Reader).scroll_y == scrolled
        assert again.theme == "nord"


async def test_help_screen_lists_keys(make_app, news: Path) -> None:
    app = make_app(news, config=Config(keys={"bookmark": "f"}))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(help_table(app.keymap_overrides))
        shown = console.export_text()
        assert "Next unread" in shown
        assert re.search(r"\bf  Bookmark", shown)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_can_be_rebound_in_config(make_app, news: Path) -> None:
    app = make_app(news, config=Config(keys={"bookmark": "f"}))
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("f")
        assert app.repo.is_bookmarked(screen.current_article.id)


async def test_command_palette_runs_actions(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Zen mode")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.has_class("-zen")


async def test_mouse_click_opens(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        height = list_widget(screen)._row_height
        await pilot.click(ArticleList, offset=(5, 1 + 2 * height))
        assert current_title(screen) == "Bravo rates decision"
        assert app.repo.is_read(screen.current_article.id)


async def test_narrow_layout_and_tree_toggle(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.has_class("-narrow")
        assert not screen.query_one(SectionTree).display or screen.has_class("-no-tree")
        await pilot.press("t")
        assert not screen.has_class("-no-tree")
        await pilot.press("t")
        assert screen.has_class("-no-tree")
    async with make_app(news).run_test(size=(40, 12)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter", "space", "n", "b", "question_mark")
        await pilot.pause()


async def test_empty_library(make_app, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.has_class("-empty")
        message = str(screen.query_one(EmptyLibrary).render())
        assert "No articles here yet" in message and str(empty) in message
        await pilot.press("n", "b", "m", "A", "u", "space", "J", "o", "s", "z")


async def test_skipped_files_are_reported(make_app, news: Path) -> None:
    (news / "bad.txt").write_bytes(b"\x00\x01binary")
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert any("Skipped 1 unreadable file." in n.message for n in app._notifications)
        await pilot.press("w")
        assert isinstance(app.screen, WarningsScreen)


async def test_read_only_state_says_so_and_keeps_working(
    make_app, news: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    app = make_app(news, data=blocker / "data")
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("b", "enter")
        assert any("cannot be saved" in n.message for n in app._notifications)
        assert any("cannot save" in n.message for n in app._notifications)
        assert current_title(screen) == SEED_TITLE


HOSTILE = {
    "markup.txt": "Shares [/b] fall [@click=app.quit]now[/]\n\n[bold red]not bold[/] body",
    "escape.txt": "Title \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x07bell\n\nBody \x1b[2J cleared",
    "bidi.txt": "Evil \u202eelif.exe\u202c name\u200b\n\nBody",
    "section.txt": "[b]News / [i]World[red] / [@click=quit]Go\n\nHeadline [link=x]y[/link]\n\nBody",
}


async def test_hostile_text_is_shown_literally(make_app, tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    root.mkdir()
    for name, text in HOSTILE.items():
        (root / name).write_text(text)
    (root / "[red]folder").mkdir()
    (root / "[red]folder" / "x.txt").write_text("In a [red] folder\n\nBody")
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        titles = rows(screen)
        assert "Shares [/b] fall [@click=app.quit]now[/]" in titles
        assert "Title red bell" in titles  # whole escape sequences go, not only ESC
        assert "Evil elif.exe name" in titles
        assert "Headline [link=x]y[/link]" in titles
        height = list_widget(screen)._row_height
        lines = [
            screen.query_one(ArticleList).render_line(y).text for y in range(len(titles) * height)
        ]
        assert any("Shares [/b] fall [@click" in line for line in lines)
        assert all("\x1b" not in line and "\u202e" not in line for line in lines)
        for _ in titles:
            await pilot.press("enter", "h", "j")
            assert "\x1b" not in reader_text(screen)
        await pilot.press("shift+tab", "j", "j", "j", "j", "j", "j", "enter")
        await pilot.press("question_mark", "escape", "w", "escape")
        await pilot.pause()
        assert app.is_running


async def test_first_launch_on_the_samples_shows_the_seed(make_app, tmp_path: Path) -> None:
    from .conftest import REPO

    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    # As after an install: written within the same second, in no particular order.
    for offset, path in enumerate(sorted(seeds.rglob("*.*"), reverse=True)):
        os.utime(path, (1_800_000_000.9 - offset / 1000, 1_800_000_000.9 - offset / 1000))
    app = make_app(seeds)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert current_title(screen) == SEED_TITLE
        assert "Samples" in [node.name for node in app.repo.section_tree().sorted_children()]


async def test_second_start_shows_the_index_before_the_scan_ends(make_app, news: Path) -> None:
    import threading

    async with make_app(news).run_test(size=WIDE) as pilot:
        await ready(pilot)
    app = make_app(news)
    release = threading.Event()
    real = app.repo.read_library

    def slow_scan(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    app.repo.read_library = slow_scan
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: app.screen.has_class("-scanning"))
        screen = app.screen
        assert SEED_TITLE in rows(screen)
        assert len(rows(screen)) == 5
        release.set()
        await ready(pilot)
        assert not screen.has_class("-scanning")


async def test_a_big_library_shows_its_newest_titles_before_it_is_read(make_app, news) -> None:
    import threading

    async with make_app(news).run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")  # read the newest, so the glance shows read state too
    app = make_app(news)
    release = threading.Event()
    real = app.repo.cached

    def slow_cached():
        release.wait(10)
        return real()

    app.repo.cached = slow_cached
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: bool(app.screen.query(ArticleList)) and bool(rows(app.screen)))
        screen = app.screen
        assert rows(screen)[0] == SEED_TITLE and len(rows(screen)) == 5
        business = View("section", ("Business",))
        await until(pilot, lambda: tree(screen).counts(business) == (2, 2))  # a moment later
        assert "1/5 · 4 unread" in screen.sub_title and "loading" in screen.sub_title
        # The article under the cursor and the key bar follow the titles' first frame,
        # while the library is still being read.
        await until(pilot, lambda: SEED_TITLE in reader_text(screen))
        await until(pilot, lambda: bool(screen.query("FooterKey")))
        assert "loading" in screen.sub_title
        release.set()
        await ready(pilot)
        assert "loading" not in screen.sub_title and "1/5 · 4 unread" in screen.sub_title


async def test_saved_searches_list_with_unread_counts(make_app, news: Path) -> None:
    config = Config(searches=[("Money", "section:business"), ("Talks", "summit*")])
    app = make_app(news, config=config)
    money = View("search", ("Money",), "section:business")
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: tree(screen).counts(money) == (2, 2))
        screen.show_view(money)
        await until(
            pilot, lambda: set(rows(screen)) == {"Bravo rates decision", "Delta earnings beat"}
        )
        await pilot.press("enter")
        assert tree(screen).counts(money) == (2, 1)
        label = str(tree(screen)._view_nodes[money].label)
        assert label == "Money 1"
        await pilot.press("s")  # a saved search's hits sort as a typed one's do
        assert rows(screen) == ["Bravo rates decision", "Delta earnings beat"]
        assert "by date" in screen.sub_title
        await pilot.press("s")
        assert "by title" in screen.sub_title and screen.order == "date"


async def test_search_in_this_section_prefills_the_scope(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.show_view(View("section", ("World",)))
        await pilot.pause()
        await pilot.press("f")
        assert screen.query_one(Input).value == 'section:"World" '
        await pilot.press(*"leaders")
        await until(pilot, lambda: rows(screen) == ["Charlie summit opens"])
        snippet = list_widget(screen)._snippets(list_widget(screen).articles[0])
        assert snippet.plain == "Leaders met."
        assert snippet.spans and snippet.spans[0].start == 0


async def test_a_bad_query_is_explained_in_the_query_line(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"after:soon")
        status = screen.query_one("#query-status", Static)
        await until(pilot, lambda: "YYYY-MM-DD" in str(status.render()))
        assert status.has_class("-error")
        await pilot.press(*["backspace"] * len("after:soon"))
        await until(pilot, lambda: len(rows(screen)) == 5)  # an empty line: the view again
        assert not status.has_class("-error")


async def test_tiny_and_very_wide_terminals_keep_working(make_app, news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        await pilot.press("j", "enter", "slash", *"rates", "escape", "escape", "b", "m")
        await pilot.resize_terminal(300, 50)
        await pilot.pause()
        assert screen.show_tree and not screen.has_class("-narrow")
        await pilot.press("h", "j", "k")
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert len(rows(screen)) == 5
        assert app.is_running


async def test_a_huge_article_shows_its_first_screen_at_once(make_app, tmp_path: Path) -> None:
    root = tmp_path / "huge"
    root.mkdir()
    (root / "big.txt").write_text("One enormous paragraph\n\n" + "word " * 300_000)
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        reader.show(app.repo.load(app.repo.articles[0]))
        first = len(reader.shown_text.splitlines())
        assert 30 < first < 5_000  # one slice of wrapping now, not the 20,000 lines of it
        assert "One enormous paragraph" in reader.shown_text
        await until(pilot, lambda: len(reader.shown_text.splitlines()) > 15_000)
        await pilot.press("tab", "tab", "end")
        assert reader.at_end


def _long_article(tmp_path: Path, paragraphs: int) -> Path:
    """A library of one article of `paragraphs` paragraphs that ends "The very end."."""
    root = tmp_path / "long"
    root.mkdir()
    body = "\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(paragraphs))
    (root / "long.txt").write_text(f"A long article\n\n{body}\n\nThe very end.\n")
    return root


async def test_a_move_wraps_the_first_screen_and_the_rest_after(make_app, tmp_path) -> None:
    """The next article waits only for its first screen; the rest is wrapped on the next
    turns, and the scroll range and scrollbar end exact."""
    app = make_app(_long_article(tmp_path, 150))
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        reader.show(app.repo.load(app.repo.articles[0]))
        first = len(reader.shown_text.splitlines())
        assert reader.size.height <= first < 3 * reader.size.height
        assert "The very end." not in reader.shown_text
        await until(pilot, lambda: "The very end." in reader.shown_text)
        await pilot.pause()
        lines = len(reader.shown_text.split("\n"))
        assert lines > 10 * reader.size.height
        assert reader.virtual_size.height == lines
        assert reader.vertical_scrollbar.window_virtual_size == lines
        reader.focus()
        await pilot.press("end")
        assert reader.max_scroll_y == lines - reader.scrollable_content_region.height
        assert reader.at_end and reader.border_subtitle == "100%"


async def test_the_place_at_the_end_of_a_long_article_is_restored(make_app, tmp_path) -> None:
    """The reader goes back to a place past the first screen, the only one wrapped when
    an article is shown: its whole length is known first."""
    root = _long_article(tmp_path, 60)
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        await pilot.press("enter", "end")
        await until(pilot, lambda: "The very end." in reader.shown_text)
        await pilot.press("end")
        kept = reader.scroll_y
        assert kept == reader.max_scroll_y > 3 * reader.size.height
        await pilot.press("Q")
    again = make_app(root)
    async with again.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        await until(pilot, lambda: reader.scroll_y > 0)
        await pilot.pause()
        assert reader.scroll_y == kept
        assert "The very end." in reader.shown_text.split("\n")[-2]


async def test_the_reader_scrollbar_comes_and_goes_with_the_article(make_app, tmp_path) -> None:
    """Its length set without a layout, the pane still gets a scrollbar for a long article
    and loses it for a short one."""
    root = tmp_path / "two"
    root.mkdir()
    (root / "long.txt").write_text("Long one\n\n" + "\n\n".join(["word " * 80] * 40))
    (root / "short.txt").write_text("Short one\n\nJust this.")
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        by_title = {meta.title: meta for meta in app.repo.articles}
        for title, scrolls in [("Short one", False), ("Long one", True), ("Short one", False)]:
            reader.show(app.repo.load(by_title[title]))
            await pilot.pause()
            assert reader.show_vertical_scrollbar is scrolls, title
            assert (reader.max_scroll_y > 0) is scrolls, title
            assert reader.border_subtitle == ("0%" if scrolls else "all"), title


async def test_keys_typed_in_one_burst_with_slash_go_into_the_query(make_app, news: Path) -> None:
    """`/rates` pasted or typed fast: the keys after `/` reach the app before the query
    line has focus; they must land in it, not act on the list (b would bookmark)."""
    from textual import events

    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        for key, character in [("slash", "/"), *((c, c) for c in "bank")]:
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: screen.query_one("#query", Input).value == "bank")
        await until(pilot, lambda: rows(screen) == ["Bravo rates decision"])
        assert screen.repo.bookmark_count() == 0


async def test_a_key_in_the_burst_after_a_pane_move_is_for_that_pane(make_app, news: Path) -> None:
    """`h` then a key in one read from the terminal: `h` has moved the focus before the next
    key is taken, so `hj` in the reader moves the list, and `h/` in the list leaves the
    query line focused for the words typed next (it was left for the tree)."""
    from textual import events

    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, Reader))
        for key in ("h", "j"):
            app.post_message(events.Key(key, key))
        await until(pilot, lambda: current_title(screen) == "Alpha vote in Europe")
        assert isinstance(app.focused, ArticleList)
        for key, character in (("h", "h"), ("slash", "/")):
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.pause(0.2)
        assert isinstance(app.focused, Input)
        await pilot.press(*"bank")
        await until(pilot, lambda: rows(screen) == ["Bravo rates decision"])


async def test_a_search_typed_as_the_reader_starts_lands_in_the_query(make_app, news: Path) -> None:
    """The search line is made after the first titles are drawn: `/` typed before that
    makes it at once, and the keys typed with it still go into the query."""
    from textual import events

    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        for key, character in [("slash", "/"), *((c, c) for c in "bank")]:
            app.post_message(events.Key(key, character))
        screen = app.screen
        await until(pilot, lambda: bool(screen.query("#query")))
        await until(pilot, lambda: screen.query_one("#query", Input).value == "bank")
        await ready(pilot)
        await until(pilot, lambda: rows(screen) == ["Bravo rates decision"])
        assert screen.repo.bookmark_count() == 0
        assert len(screen.query(QueryBar)) == 1


async def test_a_scan_rebuilding_the_tree_leaves_a_search_typed_meanwhile(make_app, news) -> None:
    """Each batch of a first scan rebuilds the section tree, whose cursor line announces
    the view on screen again: that is no choice of the user's, and the search stays."""
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"bank")
        await until(pilot, lambda: rows(screen) == ["Bravo rates decision"])
        tree(screen).post_message(SectionTree.ViewChosen(screen.current_view))
        await pilot.pause()
        assert screen.query_one("#query", Input).value == "bank"
        assert rows(screen) == ["Bravo rates decision"]
        tree(screen).post_message(SectionTree.ViewChosen(View("section", ("Business",))))
        await until(pilot, lambda: not screen.query("#query") or not screen.searching)


async def test_a_search_during_a_scan_runs_again_as_more_is_indexed(make_app, news) -> None:
    """Search works over what is indexed while a scan goes on, and says how much is not;
    as more is indexed, the hits on screen grow and that count shrinks."""
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        status = screen.query_one("#query-status", Static)

        def said() -> str:
            return str(status.render())

        screen.post_message(screen.ScanProgress(0, 1000))  # as a first scan begins
        await pilot.press("slash", *"bank")
        await until(pilot, lambda: "1 match · 1,000 files not indexed yet" in said())
        screen.post_message(screen.ScanProgress(50, 1000))  # too little to search again
        await pilot.pause()
        assert "1,000 files not indexed yet" in said()
        screen.post_message(screen.ScanProgress(600, 1000))
        await until(pilot, lambda: "1 match · 400 files not indexed yet" in said())
        assert rows(screen) == ["Bravo rates decision"]


async def test_quitting_stops_a_scan_in_progress(make_app, news: Path) -> None:
    """Textual waits for its workers before it returns: a first scan of a big library
    must be told to stop, or the terminal waits for it."""
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert not app.repo._stop.is_set()
        await pilot.press("q")
    assert app.repo._stop.is_set()


async def test_tags_key_lists_the_tags_and_picks_one(make_app, tmp_path: Path) -> None:
    """`T`: real posts' tags with their unread counts; Enter lists one tag's articles in the
    query line, where the query can be refined; a read article leaves the unread count."""
    from termnews.ui.dialogs.tags import TagsScreen

    real = Path(__file__).parent / "fixtures" / "real"
    root = tmp_path / "lib"
    root.mkdir()
    for name in ("ruby/en", "jekyll", "wordpress"):
        for path in (real / name).iterdir():
            shutil.copy(path, root / path.name)
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        read = next(m for m in app.repo.articles if m.title == "Welcome to Jekyll")
        app.repo.mark("read", [read.id], True)
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, TagsScreen))
        tags = app.screen._tags
        assert [t.tag for t in tags][:3] == ["American Economic Review", "economics", "GUEST BLOGS"]
        assert [(t.tag, t.total, t.unread) for t in tags][-4:] == [
            (tag, 1, 0) for tag in ("getting-started", "jekyll", "tutorial", "welcome")
        ]  # read: after every tag with unread articles (its categories are tags too)
        picked = [t.tag for t in tags].index("security")
        for _ in range(picked):
            await pilot.press("j")
        await pilot.press("enter")
        await until(pilot, lambda: rows(screen) and "Heap Overflow" in rows(screen)[0])
        assert screen.query_one(QueryBar).text == "tag:security "
        assert len(rows(screen)) == 1


async def test_the_reader_puts_back_pythons_collector_settings(make_app, news: Path) -> None:
    """Its full passes wait for pauses between keys while it runs, and only then."""
    from termnews.ui.quiet_gc import FULL_EVERY

    before = gc.get_threshold()
    app = make_app(news)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert gc.get_threshold()[2] == FULL_EVERY != before[2]
    assert gc.get_threshold() == before
