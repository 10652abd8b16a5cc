"""Red team, round 1: each attack that once worked, as a test (real processes where the
attack used them)."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from termnews.library import TrailerRules
from termnews.library.parse import read_article
from termnews.library.query import QueryError, parse_query
from termnews.library.scan import _Found, find_article_files, parse_files
from termnews.library.sections import MAX_NAME
from termnews.repository import Repository
from termnews.state import StateStore
from termnews.ui.commands import linear_match
from termnews.ui.view import View
from termnews.ui.widgets.reader import Reader

from .ui_helpers import current_title, ready, rows, until

RULES = TrailerRules.build()
WIDE = (120, 35)


def _repo(root: Path, tmp_path: Path, cache: Path | None = None) -> Repository:
    return Repository([root], StateStore(tmp_path / "data"), RULES, cache or tmp_path / "cache")


@pytest.fixture
def three(tmp_path: Path) -> Path:
    root = tmp_path / "three"
    for name, title in (("a", "Alpha story"), ("b", "Bravo story"), ("c", "Charlie story")):
        (root / "desk").mkdir(parents=True, exist_ok=True)
        (root / "desk" / f"{name}.txt").write_text(f"{title}\n\nBody of {title}.")
    return root


# 1. Untrusted text in the palette


def test_section_names_are_capped_and_palette_matching_is_linear(tmp_path: Path) -> None:
    root = tmp_path / "long"
    root.mkdir()
    crumb = "News / " + "s" * 1500 + "port"
    (root / "a.txt").write_text(f"{crumb}\nHeadline here\n\nBody.")
    (root / "b.md").write_text(f"---\ntitle: T\nsection: [{'x' * 5000}]\n---\nBody\n")
    repo = _repo(root, tmp_path)
    repo.scan()
    for meta in repo.articles:
        assert all(len(part) <= MAX_NAME for part in meta.section)
    started = time.process_time()
    for _ in range(200):
        linear_match("sports", "Go to " + "s" * 100_000 + "port")
    assert time.process_time() - started < 5  # 200 x 100,000 chars: linear, not explosive


async def test_palette_search_over_a_long_section_name_finishes(make_app, tmp_path: Path) -> None:
    root = tmp_path / "long"
    root.mkdir()
    (root / "a.md").write_text(f"---\ntitle: T\nsection: ['{'s' * 1500}']\n---\nBody\n")
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"sports")
        await pilot.pause(0.5)
        await pilot.press("escape")
        assert app.is_running


# 2. A pipe or a device in place of an article


def test_a_fifo_swapped_in_after_the_scan_is_refused_not_read(three: Path) -> None:
    path = three / "desk" / "a.txt"
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(Exception, match="not a regular file"):
        read_article(path, "desk/a.txt", RULES)
    (record,) = parse_files([_Found(str(three), "desk/a.txt", 0, 0)], RULES)  # the workers' way
    assert record.meta is None and "not a regular file" in str(record.skip)


async def test_the_ui_survives_a_fifo_in_place_of_the_highlighted_article(
    make_app, three: Path
) -> None:
    app = make_app(three)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        victim = Path(screen.current_article.file)
        victim.unlink()
        os.mkfifo(victim)
        await pilot.press("j", "k")  # re-reads the article under the cursor
        assert "cannot be shown" in screen.query_one(Reader).shown_text
        await pilot.press("Q")
        await pilot.pause()
    assert not app.is_running


# 3. A write lock held by another process


_HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


def _hold_lock(state: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(state)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(10)


async def test_a_locked_state_file_never_freezes_the_ui(make_app, three: Path, tmp_path) -> None:
    app = make_app(three)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        first = screen.current_article
        holder = _hold_lock(tmp_path / "data" / "state.sqlite3")
        try:
            await pilot.press("b", "b", "b", "b", "j")
            # The keys were handled while the lock is still held: no freeze, and the
            # bookmark is not shown as made while it is not on disk.
            assert current_title(screen) != first.title
            assert not app.repo.is_bookmarked(first.id)
        finally:
            _release(holder)
        await until(pilot, lambda: screen._queued == 0, timeout=30)
        # Four presses in order, once saved: on, off, on, off.
        assert not app.repo.is_bookmarked(first.id)
        await pilot.press("k", "b")
        assert app.repo.is_bookmarked(first.id)


def test_locked_at_start_shows_marks_and_saves_once_the_lock_is_gone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed = StateStore(data)
    seed.set_mark("bookmarked", ["kept"], True, {})
    seed.close()
    con = sqlite3.connect(data / "state.sqlite3", isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _HOLD.replace("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"),
            str(data / "state.sqlite3"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    try:
        store = StateStore(data)
        assert store.read_only and "locked" in store.read_only
    finally:
        _release(holder)
    store.set_mark("read", ["new"], True, {})
    assert store.read_only is None and store.is_read("new") and store.is_bookmarked("kept")


# 4. Undo and marks from other processes


async def test_undo_never_deletes_marks_made_elsewhere(make_app, three: Path, run_cli) -> None:
    app = make_app(three)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        ids = [meta.id for meta in app.repo.articles]
        run_cli("read", ids[0], "--library", str(three), check=True)
        run_cli("bookmark", ids[1], "--library", str(three), check=True)
        screen._poll_marks()  # what the 2-second timer does, on a thread of its own
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.repo.is_read(ids[0])  # seen without R
        assert "2 unread" in screen.sub_title
        await pilot.press("A", "u")
        assert app.repo.is_read(ids[0])  # the CLI's mark survives the undo
        assert not app.repo.is_read(ids[1]) and not app.repo.is_read(ids[2])
        run_cli("unbookmark", ids[1], "--library", str(three), check=True)
        screen._poll_marks()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen.show_view(View("all"))
        await pilot.pause()
        while screen.current_article.id != ids[2]:
            await pilot.press("j")
        await pilot.press("b", "u")
        assert not app.repo.is_bookmarked(ids[1])  # not resurrected
    on_disk = StateStore(app.repo.state.data_dir)
    assert on_disk.is_read(ids[0]) and not on_disk.is_bookmarked(ids[1])


# 5. Moved, then edited


def test_marks_follow_a_file_that_is_moved_and_then_edited(three: Path, tmp_path: Path) -> None:
    repo = _repo(three, tmp_path)
    repo.scan()
    meta = next(m for m in repo.articles if m.title == "Alpha story")
    repo.mark("bookmarked", [meta.id], True)
    moved = three / "elsewhere" / "a.txt"
    moved.parent.mkdir()
    os.replace(meta.file, moved)
    repo.scan()
    moved.write_text("Alpha story\n\nBody of Alpha story, edited later.")
    repo.scan()
    (now,) = [m for m in repo.articles if m.title == "Alpha story"]
    assert now.id != meta.id and repo.is_bookmarked(now.id)


# 6. The index rebuilt while running; one scan at a time


def test_a_deleted_cache_is_refilled_by_the_next_scan(three: Path, tmp_path: Path) -> None:
    repo = _repo(three, tmp_path)
    repo.scan()
    assert repo.search("bravo")
    for file in (tmp_path / "cache").iterdir():
        file.unlink()
    repo.scan()
    assert [hit.meta.title for hit in repo.search("bravo")] == ["Bravo story"]


async def test_r_during_a_scan_runs_no_second_scan(make_app, three: Path) -> None:
    app = make_app(three)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        calls = []
        real = app.repo.read_library

        def slow(*args, **kwargs):
            calls.append(1)
            time.sleep(0.5)
            return real(*args, **kwargs)

        app.repo.read_library = slow
        await pilot.press("R", "R", "R")
        await ready(pilot)
        assert len(calls) == 1 and len(rows(screen)) == 3


# 7. A read-only index


def test_a_read_only_index_is_not_searched_stale(three: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files; the attack needs a normal user")
    repo = _repo(three, tmp_path)
    repo.scan()
    for file in (tmp_path / "cache").iterdir():
        file.chmod(0o444)
    (tmp_path / "cache").chmod(0o555)
    (three / "desk" / "d.txt").write_text("Delta newcomer\n\nBody.")
    try:
        again = _repo(three, tmp_path)
        again.scan()
        assert [hit.meta.title for hit in again.search("newcomer")] == ["Delta newcomer"]
    finally:
        (tmp_path / "cache").chmod(0o755)


def test_an_unwritable_index_falls_back_to_memory(three, tmp_path, monkeypatch) -> None:
    """As root cannot be refused a write, make the writer's open fail the way it does."""
    from termnews.library import index as index_module

    repo = _repo(three, tmp_path)
    repo.scan()
    (three / "desk" / "d.txt").write_text("Delta newcomer\n\nBody.")
    real = index_module.LibraryIndex._open

    def read_only(self):
        if self._writer and self.path is not None:
            return None  # what a read-only file or folder gives the writer
        return real(self)

    monkeypatch.setattr(index_module.LibraryIndex, "_open", read_only)
    again = _repo(three, tmp_path)
    again.scan()
    assert [hit.meta.title for hit in again.search("newcomer")] == ["Delta newcomer"]


# 8. Marks in state.sqlite3 itself after the command line


def test_after_the_command_line_the_state_file_alone_holds_the_marks(
    run_cli, three: Path, tmp_path: Path
) -> None:
    listed = json.loads(run_cli("list", "--json", "--library", str(three), check=True).stdout)
    run_cli("bookmark", listed[0]["id"], "--library", str(three), check=True)
    state = tmp_path / "data" / "state.sqlite3"
    wal = Path(f"{state}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    backup = tmp_path / "backup.sqlite3"
    backup.write_bytes(state.read_bytes())
    con = sqlite3.connect(backup)
    assert (
        con.execute("SELECT count(*) FROM marks WHERE bookmarked_at IS NOT NULL").fetchone()[0] == 1
    )


# 9-13. Crashes and leaks on odd input


@pytest.mark.parametrize("text", ["words>²", "words>" + "9" * 5000, "words>٣"])
def test_odd_numbers_in_queries_are_errors(text: str, run_cli, library: Path) -> None:
    with pytest.raises(QueryError):
        parse_query(text)
    result = run_cli("search", text, "--library", str(library))
    assert result.returncode == 2 and "bad query" in result.stderr


def test_odd_numbers_in_saved_searches_are_config_errors(run_cli, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("searches:\n  Odd: words>²\n")
    assert run_cli("list", "--config", str(config)).returncode == 2
    config.write_text("x: [" * 20_000 + "]" * 20_000 + "\n")
    assert run_cli("list", "--config", str(config)).returncode == 2
    config.write_text("theme: " + "9" * 5000 + "\n")
    assert run_cli("list", "--config", str(config)).returncode == 2


def test_escape_sequences_never_reach_the_terminal_from_errors(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    name = "evil\x1b]0;pwned\x07.txt"
    (root / name).write_text("Evil\n\nBody.")
    listed = json.loads(run_cli("list", "--json", "--library", str(root), check=True).stdout)
    (root / name).write_bytes(b"\x00binary now")
    shown = run_cli("show", listed[0]["id"], "--library", str(root))
    bad = run_cli("read", "\x1b[2Jnope", "--library", str(root))
    for output in (shown.stderr, shown.stdout, bad.stderr, bad.stdout):
        assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b" in bad.stderr


async def test_a_nan_scroll_position_does_not_stop_a_start(make_app, three, tmp_path) -> None:
    store = StateStore(tmp_path / "data")
    store.close()
    con = sqlite3.connect(tmp_path / "data" / "state.sqlite3", isolation_level=None)
    con.execute("INSERT INTO settings VALUES ('ui.scroll', 'NaN'), ('ui.article', 'Infinity')")
    con.close()
    app = make_app(three)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert rows(screen)


def test_ascii_and_latin1_output_do_not_crash(run_cli, library: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    listed = run_cli("list", "--library", str(library), env=env)
    assert listed.returncode == 0 and "Central bank" in listed.stdout
    first = json.loads(run_cli("list", "--json", "--library", str(library)).stdout)[0]["id"]
    run_cli("bookmark", first, "--library", str(library), check=True)
    for encoding in ("ascii", "latin-1"):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        for args in (["list"], ["show", first]):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "termnews",
                    *args,
                    "--library",
                    str(library),
                    "--data-dir",
                    str(library.parent / "data"),
                ],
                capture_output=True,
                env=env,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            done.stdout.decode(encoding)  # what was printed is in the terminal's encoding


def test_columns_zero_still_prints_search_results(run_cli, library: Path) -> None:
    result = run_cli(
        "search", "taliban", "--library", str(library), env={**os.environ, "COLUMNS": "0"}
    )
    assert result.returncode == 0 and "US Joint Chiefs" in result.stdout


# 14. The same folder twice


def test_overlapping_library_folders_list_each_article_once(run_cli, library: Path) -> None:
    args = [
        "--library",
        str(library),
        "--library",
        str(library / "news"),
        "--library",
        str(library) + "/",
    ]
    listed = json.loads(run_cli("list", "--json", *args, check=True).stdout)
    ids = [item["id"] for item in listed]
    assert len(ids) == len(set(ids)) == 2


# 15. A state file that is another program's database


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE passwords (site TEXT, secret TEXT)")
    con.commit()
    con.close()
    before = other.read_bytes()
    data = tmp_path / "data"
    data.mkdir()
    (data / "state.sqlite3").symlink_to(other)
    store = StateStore(data)
    assert store.read_only and "not termnews's" in store.read_only
    store.close()
    assert other.read_bytes() == before
    assert not Path(f"{other}-wal").exists()


# 16. Huge queries


def test_repeated_words_count_once_and_queries_are_bounded() -> None:
    started = time.process_time()
    query = parse_query(" ".join(["taliban"] * 1000))
    assert len(query.terms) == 1
    with pytest.raises(QueryError, match="too long"):
        parse_query(" ".join(["taliban"] * 2500))
    assert time.process_time() - started < 2
    with pytest.raises(QueryError, match="too many"):
        parse_query(" ".join(f"w{n}" for n in range(100)))


# 17. Memory across rescans


def test_rescans_do_not_keep_what_earlier_scans_froze(three: Path, tmp_path: Path) -> None:
    repo = _repo(three, tmp_path)
    repo.scan()
    counts = []
    for _ in range(6):
        repo.install(repo.read_library())
        counts.append(gc.get_freeze_count())
    gc.unfreeze()
    assert counts[-1] <= counts[1] * 1.05 + 1000, counts


# 18. A big Markdown table


async def test_a_big_markdown_table_is_not_rendered_in_one_go(make_app, tmp_path: Path) -> None:
    from rich.markdown import Markdown

    root = tmp_path / "table"
    root.mkdir()
    table = "| a | b | c |\n|---|---|---|\n" + "".join(
        f"| {n} | x{n} | y{n} |\n" for n in range(6000)
    )
    (root / "t.md").write_text("---\ntitle: Big table\n---\n" + table)
    app = make_app(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        assert not any(isinstance(block, Markdown) for block in reader._blocks())


# 19. Virtual file systems and $VARS


def test_proc_is_not_walked(tmp_path: Path) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    warnings: list = []
    started = time.monotonic()
    assert list(find_article_files(Path("/proc"), warnings)) == []
    assert time.monotonic() - started < 5
    assert "virtual" in warnings[0].reason


def test_environment_variables_in_the_library_setting(tmp_path, monkeypatch) -> None:
    from termnews.config import load_config

    monkeypatch.setenv("NEWSHOME", str(tmp_path / "n"))
    config = tmp_path / "config.yaml"
    config.write_text("library: $NEWSHOME/news\n")
    assert load_config(config).libraries == [tmp_path / "n" / "news"]


# 20. Addresses no URL parser takes


def test_a_broken_address_in_a_file_skips_nothing_and_stops_nothing(run_cli, tmp_path) -> None:
    """`http://[oops` makes urlsplit raise: in a clipping's `source` and in a saved page's
    link around its headline it ended `termnews list` with an internal error."""
    library = tmp_path / "lib"
    library.mkdir()
    (library / "clip.md").write_text('---\ntitle: Clip\nsource: "http://[oops/x"\n---\nWords.\n')
    story = "<p>" + "A story of some length that goes on. " * 30 + "</p>"
    (library / "page.html").write_text(
        "<html><head><title>Own words - Site</title></head><body><a href='http://[oops'>"
        f"<h1>Own words</h1></a><article><h1>Own words</h1>{story}</article></body></html>"
    )
    (library / "fine.txt").write_text("Fine article\n\nSome body text.\n")
    done = run_cli("list", "--json", "--library", str(library))
    assert done.returncode == 0, done.stderr
    listed = {a["title"]: a for a in json.loads(done.stdout)}
    assert set(listed) == {"Clip", "Own words", "Fine article"}
    assert listed["Clip"]["source"] == "http://[oops/x"


def test_a_fault_of_ours_on_one_file_skips_that_file_only(three: Path, monkeypatch) -> None:
    """Whatever a parser raises on hostile content, the file is skipped with a warning that
    says to report it; the scan, the command and the reader go on."""
    import termnews.library.parse as parse

    real = parse.parse_text

    def fragile(text, *args, **kwargs):
        if "Bravo" in text:
            raise IndexError("a parser's fault")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(parse, "parse_text", fragile)
    items = [
        _Found(str(three), p.relative_to(three).as_posix(), 0, 0) for p in three.rglob("*.txt")
    ]
    records = parse_files(items, TrailerRules.build())
    skipped = [r for r in records if r.meta is None]
    assert len(records) == 3 and len(skipped) == 1
    assert skipped[0].skip == "termnews could not read it (IndexError); please report it"
