"""The daily loop as a newsboat or mutt user lives it: n/p, q, undo, the header, the tree,
config mistakes and the command line's answers."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandPalette

from termnews.config import Config, load_config
from termnews.ui.dialogs.help import HelpScreen, help_table
from termnews.ui.view import View
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.reader import Reader
from termnews.ui.widgets.section_tree import SectionTree

from .conftest import set_mtimes
from .ui_helpers import current_title, list_widget, ready, rows, tree, until

WIDE = (120, 35)
LONG = "Parliament approves the new budget after a long night of tense negotiations"


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """Two sections of two and one; all unread; known order."""
    root = tmp_path / "loop"
    files = {
        "world/a.txt": f"{LONG}\n\nOne.\n\nTwo.",
        "world/b.txt": "Bravo second in world\n\nBody.",
        "local/health/c.txt": "Clinic opens downtown\n\nBody.",
    }
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    set_mtimes(root, list(files))
    return root


async def test_n_reads_the_unread_article_under_the_cursor_then_moves_on(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.show_view(View("section", ("World",)))
        await pilot.pause()
        assert current_title(screen) == LONG
        await pilot.press("n")
        assert current_title(screen) == LONG and app.repo.is_read(screen.current_article.id)
        await pilot.press("n")
        assert current_title(screen) == "Bravo second in world"
        await pilot.press("n")  # World has no unread left: the next section that has some
        assert screen.current_view == View("section", ("Local", "Health"))
        assert current_title(screen) == "Clinic opens downtown"
        await pilot.press("n")
        assert "0 unread" in screen.sub_title
        assert all(app.repo.is_read(meta.id) for meta in app.repo.articles)


async def test_n_wraps_to_sections_before_this_one(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.show_view(View("section", ("World",)))
        await pilot.pause()
        await pilot.press("n", "n", "n")
        assert screen.current_view == View("section", ("Local", "Health"))
        app.repo.mark("read", [m.id for m in app.repo.articles], False)
        screen.marks_reloaded()
        await pilot.press("m", "n")  # Clinic is read again, so n goes round to World
        assert screen.current_view == View("section", ("World",))


async def test_q_goes_back_one_level_and_quits_from_the_top(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, Reader)
        await pilot.press("q")
        assert app.is_running and isinstance(app.focused, ArticleList)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_q_typed_before_the_reader_opened_goes_back_not_out(make_app, loop):
    """tmux `send-keys Enter q` in one burst: q arrives before the screen has handled Enter."""
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        articles = list_widget(screen)
        articles.action_select()
        await screen.action_back_or_quit()
        await pilot.pause()
        assert app.is_running and isinstance(app.focused, ArticleList)
        assert app.repo.is_read(articles.current.id)


async def test_b_typed_right_after_j_bookmarks_the_new_article(make_app, loop):
    """tmux `send-keys j b`: b comes before the screen has heard of the move."""
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        articles = list_widget(screen)
        articles.move_to(articles.cursor + 1)
        screen.action_bookmark()
        await pilot.pause()
        assert app.repo.is_bookmarked(articles.current.id)
        assert not app.repo.is_bookmarked(articles.articles[0].id)


async def test_shift_q_quits_at_once_from_the_reader(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "Q")
        await pilot.pause()
    assert not app.is_running


async def test_undo_covers_reads_from_n_space_and_j(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("n")
        first = screen.current_article
        assert app.repo.is_read(first.id)
        await pilot.press("J")
        second = screen.current_article
        await pilot.press("u")
        assert not app.repo.is_read(second.id) and app.repo.is_read(first.id)
        await pilot.press("u")
        assert not app.repo.is_read(first.id)


async def test_page_back_keys_in_the_reader(make_app, tmp_path: Path):
    root = tmp_path / "long"
    root.mkdir()
    (root / "a.txt").write_text("Long one\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(200)))
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        await pilot.press("enter", "space", "space")
        paged = reader.scroll_y
        assert paged > 0
        for key in ("minus", "backspace", "shift+space"):
            await pilot.press("space")
            await pilot.press(key)
            assert reader.scroll_y == paged


async def test_the_header_line_says_where_the_cursor_is_in_the_frame_it_moves(make_app, loop):
    """Its text is put in as the screen changes, not by watchers a frame later (a search's
    hits would show under the old query) and never with a layout pass of the screen."""
    from textual.widgets._header import HeaderTitle

    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        title = screen.query_one(HeaderTitle)
        screen.query_one(ArticleList).cursor = 2
        screen._update_header()  # as a move does, with no await before the next frame
        assert "All articles · 3/3" in str(title.render())
        assert not title._layout_required


async def test_a_move_draws_again_only_the_rows_the_cursor_left_and_reached(make_app, tmp_path):
    """A move repaints the screen (the reader has a new article): the list's other rows
    are the lines drawn before. A row whose marker changed is drawn again."""
    root = tmp_path / "many"
    names = [f"news/{n:02}.txt" for n in range(20)]
    for n, relpath in enumerate(names):
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(f"Harbour story number {n}\n\nBody {n}.")
    set_mtimes(root, names)
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        articles = list_widget(screen)
        drawn: list[str] = []
        row = articles._row

        def counted(meta, *args, **kwargs):
            drawn.append(meta.title)
            return row(meta, *args, **kwargs)

        articles._row = counted  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert screen.current_article.title == "Harbour story number 1"
        assert set(drawn) == {"Harbour story number 0", "Harbour story number 1"}
        drawn.clear()
        await pilot.press("m")
        await pilot.pause()
        assert "Harbour story number 1" in drawn
        line = articles.render_line(articles._row_height - articles.scroll_offset.y).text
        assert "number 1" in line and "●" not in line


async def test_header_shows_position_unread_and_sort(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.sub_title == "All articles · 1/3 · 3 unread · by date"
        await pilot.press("j", "m")
        assert screen.sub_title == "All articles · 2/3 · 2 unread · by date"
        screen.show_view(View("section", ("World",)))
        await pilot.pause()
        assert screen.sub_title == "World · 1/2 · 1 unread · by date"
        await pilot.press("s")
        assert screen.sub_title.endswith("by title")


async def test_small_terminal_keeps_help_and_quit_in_the_footer(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        footer = app.screen.query_one("Footer")
        shown = " ".join(
            str(item.render()) for item in footer.query("FooterKey") if item.region.right <= 80
        )
        assert "Help" in shown and "quit" in shown.lower()


async def test_headlines_get_the_width_at_120_columns(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        articles = list_widget(screen)
        lines = [articles.render_line(y).text for y in range(2 * articles._row_height)]
        shown = " ".join(" ".join(line.split()) for line in lines)
        words = LONG.split()
        assert " ".join(words[:-1]) in shown  # the whole headline, or all but its end
        assert not articles.show_horizontal_scrollbar
        for _ in range(3):
            await pilot.press("j")
        assert not articles.show_horizontal_scrollbar


async def test_tree_opens_without_folding_and_h_l_fold(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        sections = tree(screen)
        sections.focus()
        local = next(
            n for n in sections._view_nodes.values() if n.data and n.data.section == ("Local",)
        )
        sections.move_cursor(local)
        await pilot.pause()
        assert local.is_expanded
        await pilot.press("enter")
        assert local.is_expanded and isinstance(app.focused, ArticleList)
        assert screen.current_view == View("section", ("Local",))
        sections.focus()
        await pilot.press("h")
        assert not local.is_expanded
        await pilot.press("l")
        assert local.is_expanded
        await pilot.press("h", "Q")
    again = make_app(loop)
    async with again.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        nodes = tree(screen)._view_nodes
        assert not nodes[View("section", ("Local",))].is_expanded  # remembered folded


def test_a_tree_not_built_yet_remembers_the_sections_it_was_to_open() -> None:
    """A reader quit as it starts (before the tree's counts came) keeps the open sections
    of last time, instead of saving them all folded."""
    sections = SectionTree()
    assert sections.expanded_sections() is None  # nothing known: the default stands
    sections.expanded = {("World", "Europe"), ("Local",)}
    assert sections.expanded_sections() == [["Local"], ["World", "Europe"]]


async def test_tree_g_and_G_scroll_and_the_tree_keeps_to_a_third(make_app, tmp_path: Path):
    root = tmp_path / "many"
    for n in range(60):
        (root / f"section-{n:02}").mkdir(parents=True)
        (root / f"section-{n:02}" / "a.txt").write_text(f"Story {n}\n\nBody.")
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        sections = tree(screen)
        sections.focus()
        await pilot.press("G")
        await pilot.pause()
        assert sections.scroll_offset.y > 0
        assert sections.cursor_line - sections.scroll_offset.y < sections.size.height
        await pilot.press("g")
        await pilot.pause()
        assert sections.scroll_offset.y == 0
    small = make_app(root)
    async with small.run_test(size=(40, 12)) as pilot:
        screen = await ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert 0 < screen.query_one(SectionTree).size.width <= 40 // 3 + 1


async def test_config_mistakes_are_warnings_with_file_and_line(make_app, loop, tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text(
        "theme: no-such-theme\nkeys:\n  bookmark: f\n  bookmrk: x\n  toggle_read: '[/]'\ncolour: red\n"
    )
    config = load_config(path)
    assert any(f"{path}: line 6: unknown setting 'colour'" in w for w in config.warnings)
    app = make_app(loop, config=config)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        problems = "\n".join(app.config_problems)
        assert f"{path}: line 1: theme 'no-such-theme' does not exist" in problems
        assert f"{path}: line 4: keys: no binding is called 'bookmrk'" in problems
        assert f"{path}: line 5: keys: '[/]' is not a key" in problems
        assert f"{path}: line 3: keys: f was 'search_here'" in problems
        await pilot.press("question_mark")  # '[/]' must not break help or the palette
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(help_table(app.keymap_overrides))
        shown = console.export_text()
        assert len(re.findall(r"^\s*f\s", shown, re.MULTILINE)) == 1  # f is listed once
        assert re.search(r"\(none\)\s+Search in this section", shown)
        await pilot.press("escape", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)


async def test_config_theme_wins_when_it_changed(make_app, loop, tmp_path: Path):
    app = make_app(loop, config=Config(theme="nord"))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.press("Q")
    same = make_app(loop, config=Config(theme="nord"))
    async with same.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert same.theme == "gruvbox"  # picked in the app, config unchanged
    edited = make_app(loop, config=Config(theme="dracula"))
    async with edited.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert edited.theme == "dracula"  # the file was edited since: it wins


async def test_palette_has_no_duplicate_quit_or_keys_panel(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Quit" not in titles and "Keys" not in titles and "Theme" in titles


async def test_o_without_a_browser_says_so(make_app, tmp_path: Path, monkeypatch):
    import webbrowser

    root = tmp_path / "md"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: Linked\nurl: https://example.org/x\n---\nBody.\n")

    def no_browser():
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr("webbrowser.get", no_browser)
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("No web browser" in m and "https://example.org/x" in m for m in said)


async def test_help_uses_two_columns_when_wide_and_g_G_move_it(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        columns = list(help_screen.query(".help-column"))
        assert help_screen.has_class("-wide")
        assert columns[0].region.y == columns[1].region.y  # side by side
    small = make_app(loop)
    async with small.run_test(size=(60, 14)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark", "G")
        await pilot.pause()
        scroll = small.screen.query_one("#help")
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("g")
        assert scroll.scroll_y == 0


async def test_focus_returns_to_the_reader_after_a_relaunch(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("j", "enter", "Q")
    again = make_app(loop)
    async with again.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: isinstance(again.focused, Reader))
        assert current_title(screen) == "Bravo second in world"


async def test_zero_search_hits_say_no_matches(make_app, loop):
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"zzzqqq")

        def said() -> str:
            return " ".join(screen.query_one(Reader).shown_text.split())

        # A search runs as the keys come: "z" may be answered first, then the whole word.
        await until(pilot, lambda: "No matches for zzzqqq" in said())
        assert not rows(screen)


def test_usage_errors_name_the_command(run_cli) -> None:
    result = run_cli("list", "--sort", "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: termnews list")
    assert "termnews list: error: argument --sort" in result.stderr
    assert "[--library DIR] [--data-dir DIR] [--config FILE] [PATH]\n" not in result.stderr


def test_marking_good_and_bad_ids(run_cli, library: Path) -> None:
    listed = json.loads(run_cli("list", "--json", "--library", str(library), check=True).stdout)
    good = listed[0]["id"]
    result = run_cli("bookmark", good, "nosuchid", "--library", str(library))
    assert result.returncode == 1
    assert "nosuchid" in result.stderr and "1 of 2" in result.stderr
    marked = json.loads(run_cli("list", "--bookmarked", "--json", "--library", str(library)).stdout)
    assert [item["id"] for item in marked] == [good]


def test_list_section_matches_any_level_and_unknown_is_an_error(run_cli, loop: Path) -> None:
    found = run_cli("list", "--section", "Health", "--json", "--library", str(loop), check=True)
    assert [item["title"] for item in json.loads(found.stdout)] == ["Clinic opens downtown"]
    missing = run_cli("list", "--section", "Helth", "--library", str(loop))
    assert missing.returncode == 1 and "did you mean Health" in missing.stderr


def test_help_says_where_things_are(run_cli) -> None:
    shown = run_cli("--help", check=True).stdout
    assert "config.yaml" in shown and "state.sqlite3" in shown and "index" in shown


def test_search_output_ranks_and_lists_every_filter(run_cli, library: Path) -> None:
    text = run_cli("search", "taliban", "--library", str(library), check=True).stdout
    assert text.lstrip().startswith("1. ")
    assert "e-0" not in text
    hit = json.loads(run_cli("search", "taliban", "--json", "--library", str(library)).stdout)[0]
    assert hit["rank"] == 1 and hit["score"] == 1.0
    bad = run_cli("search", "colour:red", "--library", str(library))
    for name in ("section:", "source:", "after:", "before:", "unread", "bookmarked", "words>N"):
        assert name in bad.stderr


async def test_newer_articles_a_scan_brings_stay_on_top_until_the_user_moves(make_app, loop):
    """A first scan lists articles as they are read, the newest not always first: an
    untouched cursor stays on the first row, the newest, not on the article that came
    first (it ended a first launch on row 449 of 532); once the user moves, on theirs."""
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert list_widget(screen).cursor == 0 and current_title(screen) == LONG
        (loop / "world/d.txt").write_text("Delta newest of all\n\nBody.")
        os.utime(loop / "world/d.txt", (1_800_100_000, 1_800_100_000))
        await pilot.press("R")
        await ready(pilot)
        assert current_title(screen) == "Delta newest of all"
        await pilot.press("j")
        (loop / "world/e.txt").write_text("Echo newer still\n\nBody.")
        os.utime(loop / "world/e.txt", (1_800_200_000, 1_800_200_000))
        await pilot.press("R")
        await ready(pilot)
        assert current_title(screen) == LONG and list_widget(screen).cursor == 2


async def test_the_cursor_stays_on_an_article_whose_file_was_rewritten(make_app, loop):
    """A page saved again, a feed item given its whole article: a new text, so a new id;
    the cursor stays on the file, as its marks do (it went back to the top)."""
    app = make_app(loop)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("j")
        assert current_title(screen) == "Bravo second in world"
        old_id = screen.current_article.id
        (loop / "world/b.txt").write_text("Bravo, the whole story\n\nBody, and more of it.")
        await pilot.press("R")
        await ready(pilot)
        assert current_title(screen) == "Bravo, the whole story"
        assert screen.current_article.id != old_id


def test_quitting_while_a_long_mark_is_saved_waits_for_it_and_exits(
    make_app, library, monkeypatch
) -> None:
    """`A` on many articles saves them on the writer thread; quitting meanwhile waits for
    the save (no mark lost) and then exits. The writer used to call into the screen and
    wait for it while the closing screen waited for the writer: the reader hung. Run in a
    thread of its own, so that a hang fails the test instead of stopping the suite."""
    import asyncio
    import threading
    import time

    from termnews.repository import Repository
    from termnews.ui.screens import marks

    monkeypatch.setattr(marks, "_AT_ONCE", 1)  # both articles go to the writer thread
    mark_list = Repository.mark_list

    def slow_mark(self, *args, **kwargs):
        time.sleep(0.5)  # still saving when the quit comes
        return mark_list(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "mark_list", slow_mark)
    app = make_app(library)
    errors: list[BaseException] = []

    async def scenario() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await ready(pilot)
            screen.action_mark_all_read()
            await pilot.press("Q")

    def run() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as error:  # reported below, on the test's thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the reader did not exit"
    assert errors == []
    ids = [meta.id for meta in app.repo.articles]
    assert len(ids) == 2 and all(app.repo.state.is_read(i) for i in ids)


async def test_a_queued_mark_that_fails_is_told_and_the_next_one_is_saved(
    make_app, library, monkeypatch
) -> None:
    """Any error in a save on the writer thread (not only the state's own) is told, and the
    marks after it are saved: the queue of saves does not stop waiting for it."""
    import sqlite3

    from termnews.repository import Repository
    from termnews.ui.screens import marks

    monkeypatch.setattr(marks, "_AT_ONCE", 1)  # `A` goes to the writer thread
    mark_list = Repository.mark_list
    failures = [sqlite3.OperationalError("disk I/O error")]

    def failing_once(self, *args, **kwargs):
        if failures:
            raise failures.pop()
        return mark_list(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "mark_list", failing_once)
    app = make_app(library)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        told: list[str] = []
        monkeypatch.setattr(screen, "notify", lambda text, **_: told.append(str(text)))
        screen.action_mark_all_read()
        await until(pilot, lambda: any("Not saved: disk I/O error" in t for t in told))
        assert screen._queued == 0
        await pilot.press("m")
        await until(pilot, lambda: "1 unread" in screen.sub_title)
