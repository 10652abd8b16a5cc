"""End to end: the installed `termnews` binary in a real terminal (tmux), driven by keys."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import SEED, set_mtimes

SEED_TITLE = "US Joint Chiefs of Staff Chairman: America would work with Taliban on Daesh-K"
pytestmark = pytest.mark.e2e


def _binary() -> str:
    beside = Path(sys.executable).with_name("termnews")
    found = str(beside) if beside.exists() else shutil.which("termnews")
    if not found:
        pytest.fail("the termnews binary is not installed in this environment")
    return found


@pytest.fixture
def tmux():
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    session = f"termnews-e2e-{uuid.uuid4().hex[:8]}"
    # A socket of its own per test: a server told to exit by the last test's
    # kill-server may still hold a shared socket ("server exited unexpectedly").
    sock = f"{session}-{os.getpid()}"

    def run(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", sock, *args], capture_output=True, text=True, check=True
        ).stdout

    yield session, run
    subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True, check=False)


def _wait_for(run, session: str, *texts: str, timeout: float = 20) -> str:
    """The screen once every one of `texts` is on it at once: a busy machine may
    paint one pane a frame before another."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = run("capture-pane", "-p", "-t", session)
        if all(text in screen for text in texts):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never appeared together; the screen was:\n{screen}")


def _launch(run, session: str, library: Path, tmp_path: Path) -> None:
    """termnews on `library` in a new 120x35 tmux window, its config and marks in tmp_path."""
    env = f"-u COLUMNS -u LINES XDG_CONFIG_HOME={tmp_path / 'config'} TERM=xterm-256color"
    launch = f"exec env {env} {_binary()} --library {library} --data-dir {tmp_path / 'data'}"
    run("new-session", "-d", "-x", "120", "-y", "35", "-s", session, "sh")
    run("send-keys", "-t", session, launch, "Enter")


def _alive(run, session: str) -> bool:
    try:
        return session in run("list-sessions", "-F", "#S")
    except subprocess.CalledProcessError:
        return False


def test_bookmark_in_the_ui_then_list_it(tmux, tmp_path: Path) -> None:
    session, run = tmux
    library = tmp_path / "library"
    (library / "news").mkdir(parents=True)
    shutil.copyfile(SEED, library / "news" / "seed.txt")
    (library / "other.txt").write_text("An older story\n\nNothing to see.")
    set_mtimes(library, ["news/seed.txt", "other.txt"])
    data = tmp_path / "data"
    args = ["--library", str(library), "--data-dir", str(data)]
    # COLUMNS/LINES left over in the environment would pin Textual to 80x24.
    env = f"-u COLUMNS -u LINES XDG_CONFIG_HOME={tmp_path / 'config'} TERM=xterm-256color"
    # Start a shell first and type the command, as a person would; the pane has its
    # final size before termnews starts.
    launch = f"exec env {env} {_binary()} {' '.join(args)}"
    run("new-session", "-d", "-x", "120", "-y", "35", "-s", session, "sh")
    run("send-keys", "-t", session, launch, "Enter")
    _wait_for(run, session, "All articles")
    _wait_for(run, session, "US Joint Chiefs of Staff")
    run("send-keys", "-t", session, "Enter")
    screen = _wait_for(run, session, "News › Military › Afghanistan · Press")
    assert "(AFP photo)" in screen
    run("send-keys", "-t", session, "b")
    _wait_for(run, session, "Bookmarks 1")
    run("send-keys", "-t", session, "q")  # as in mutt: back from the reader to the list
    time.sleep(0.5)
    assert _alive(run, session), "q in the reader must go back, not quit"
    run("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(run, session):
        time.sleep(0.2)
    assert not _alive(run, session), "termnews did not quit on q"

    listed = subprocess.run(
        [_binary(), "list", "--bookmarked", "--json", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    bookmarked = json.loads(listed.stdout)
    assert [item["title"] for item in bookmarked] == [SEED_TITLE]
    assert bookmarked[0]["read"] is True

    # Relaunch: the bookmark and the place (the open article) are still there.
    run("new-session", "-d", "-x", "120", "-y", "35", "-s", session, "sh")
    run("send-keys", "-t", session, launch, "Enter")
    _wait_for(run, session, "News › Military › Afghanistan · Press")
    _wait_for(run, session, "Bookmarks 1")
    run("send-keys", "-t", session, "Q")


def test_keys_typed_with_the_command_act_once_the_titles_are_there(tmux, tmp_path) -> None:
    """`termnews⏎j⏎` typed in one go: the j and the Enter reach the terminal before the
    reader has taken it (the Enter as a line feed) and before any title is listed."""
    session, run = tmux
    library = tmp_path / "library"
    library.mkdir()
    (library / "new.txt").write_text("The newest story\n\nNews of today.")
    (library / "old.txt").write_text("An older story\n\nNothing to see.")
    set_mtimes(library, ["new.txt", "old.txt"])
    _launch(run, session, library, tmp_path)
    run("send-keys", "-t", session, "j", "Enter")
    screen = _wait_for(run, session, "Nothing to see.")
    assert "Back" in screen.splitlines()[-1]  # the reader has the keys: it was opened


def _background(run, session: str, title: str) -> str:
    """The last background colour set before a title's row in the article list (marked
    unread, which the reader's headline is not)."""
    plain = run("capture-pane", "-p", "-t", session).splitlines()
    styled = run("capture-pane", "-p", "-e", "-t", session).splitlines()
    row = next(n for n, line in enumerate(plain) if f"●  {title}" in line)
    line = styled[row]
    codes = re.findall(r"\x1b\[([0-9;]*)m", line[: line.index(title)])
    return [code for code in codes if "48;" in code][-1]


def test_the_cursor_row_is_painted_where_the_cursor_is(tmux, tmp_path: Path) -> None:
    """What the terminal shows, not what the app holds: a repaint of some regions of the
    screen once left the list's cursor row painted on the first article after moves."""
    session, run = tmux
    library = tmp_path / "library"
    titles = [f"Story {name} of the day" for name in ("alpha", "bravo", "charlie", "delta")]
    names = [f"{n}.txt" for n in range(len(titles))]
    library.mkdir()
    for name, title in zip(names, titles, strict=True):
        (library / name).write_text(f"{title}\n\nBody of {title}.")
    set_mtimes(library, names)
    _launch(run, session, library, tmp_path)
    _wait_for(run, session, "1/4")
    time.sleep(0.5)
    cursor, other = _background(run, session, titles[0]), _background(run, session, titles[3])
    assert cursor != other
    for _ in range(3):
        run("send-keys", "-t", session, "j")
        time.sleep(0.2)
    _wait_for(run, session, "Body of Story delta")
    time.sleep(0.5)
    assert _background(run, session, titles[3]) == cursor
    assert _background(run, session, titles[0]) == other
    run("send-keys", "-t", session, "Q")


def test_keys_typed_right_after_down_in_the_query_line_reach_the_hits(tmux, tmp_path: Path) -> None:
    """`/oil`, then Down and s in one burst: s sorts the hits, and the query stays `oil`
    (the focus once moved by a message, after the s had gone into the query)."""
    session, run = tmux
    library = tmp_path / "library"
    library.mkdir()
    for n in range(3):
        (library / f"oil-{n}.txt").write_text(f"Oil story {n}\n\nOil rose {n} cents.")
        (library / f"other-{n}.txt").write_text(f"Other story {n}\n\nNothing to see.")
    _launch(run, session, library, tmp_path)
    _wait_for(run, session, "1/6")
    run("send-keys", "-t", session, "/")
    time.sleep(0.3)
    run("send-keys", "-t", session, "oil")
    _wait_for(run, session, "3 matches")
    run("send-keys", "-t", session, "Down", "s")
    screen = _wait_for(run, session, "/3 · by date")
    assert "Search: oil · " in screen and "oils" not in screen
    run("send-keys", "-t", session, "Q")


@pytest.mark.parametrize("term", ["dumb", "vt100"])
def test_no_colour_terminals_and_resizing(tmux, tmp_path: Path, term: str) -> None:
    session, run = tmux
    data = tmp_path / "data"
    env = f"-u COLUMNS -u LINES XDG_CONFIG_HOME={tmp_path / 'config'} NO_COLOR=1 TERM={term}"
    launch = f"exec env {env} {_binary()} --data-dir {data}"
    run("new-session", "-d", "-x", "120", "-y", "35", "-s", session, "sh")
    run("send-keys", "-t", session, launch, "Enter")
    _wait_for(run, session, "US Joint Chiefs of Staff")
    for width, height in ((20, 5), (300, 50), (120, 35)):
        run("resize-window", "-t", session, "-x", str(width), "-y", str(height))
        run("send-keys", "-t", session, "j")
        time.sleep(0.5)
        assert _alive(run, session), f"termnews died at {width}x{height}"
    screen = _wait_for(run, session, "All articles")
    assert "US Joint Chiefs of Staff" in screen
    run("send-keys", "-t", session, "/")
    time.sleep(0.3)
    run("send-keys", "-t", session, "milley")
    _wait_for(run, session, "Search: milley · 1/1")
    run("send-keys", "-t", session, "Escape")
    time.sleep(0.3)
    run("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(run, session):
        time.sleep(0.2)
    assert not _alive(run, session), "termnews did not quit on q"


def test_hindi_and_bengali_headlines_keep_to_their_panes(tmux, tmp_path: Path) -> None:
    """Rich gave a spacing vowel sign (`ा`) no cell and tmux gives it one, as most
    terminals do: each Hindi row ran past its pane's border by a cell a sign, so the
    borders were pushed along and the reading pane's line broke (termnews.ui.cells)."""
    session, run = tmux
    library = tmp_path / "library"
    shutil.copytree(Path(__file__).parent / "fixtures" / "real" / "indic", library)
    _launch(run, session, library, tmp_path)
    _wait_for(run, session, "1/3")
    run("send-keys", "-t", session, "enter")
    screen = _wait_for(run, session, "वायुसेना", "मोदी", "তলব")
    rows = screen.splitlines()[2:33]
    for row in rows:
        assert row.count("│") == 6 and row.rstrip().endswith("│"), row
    run("send-keys", "-t", session, "Q")
