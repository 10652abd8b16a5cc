"""Tests for the state store: durability, concurrency, corruption and read-only folders."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from termnews.state import STATE_FILE, StateError, StateStore

PATHS: dict[str, str] = {}


def test_marks_persist(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.set_mark("read", ["a", "b"], True, PATHS)
    store.set_mark("bookmarked", ["b"], True, PATHS)
    store.set_setting("theme", "nord")
    store.close()
    again = StateStore(tmp_path)
    assert again.is_read("a") and again.is_read("b")
    assert again.is_bookmarked("b") and not again.is_bookmarked("a")
    assert again.setting("theme") == "nord"
    assert again.notices == [] and again.read_only is None
    again.set_mark("read", ["a"], False, PATHS)
    assert not StateStore(tmp_path).is_read("a")


def test_data_dir_follows_xdg(isolated_home: Path) -> None:
    from termnews.config import default_data_dir

    assert default_data_dir() == isolated_home / "xdg_data_home" / "termnews"


_MARKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from termnews.state import StateStore
    store = StateStore(Path(sys.argv[1]))
    for n in range(int(sys.argv[3])):
        article = f"{sys.argv[2]}{n}"
        store.set_mark("read", [article], True, {article: "/lib/" + article})
        print(article, flush=True)
    """
)


def _marker(data: Path, prefix: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _MARKER, str(data), prefix, str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("round_", range(5))
def test_kill_9_loses_no_reported_mark(tmp_path: Path, round_: int) -> None:
    child = _marker(tmp_path, "k", 100_000)
    reported = []
    assert child.stdout is not None
    for line in child.stdout:
        reported.append(line.strip())
        if len(reported) == 20 + round_ * 37:
            child.send_signal(signal.SIGKILL)
            break
    child.wait()
    reported += [line.strip() for line in child.stdout]
    store = StateStore(tmp_path)
    assert store.notices == []
    missing = [article for article in reported if not store.is_read(article)]
    assert missing == []


def test_processes_marking_at_once_keep_all_marks(tmp_path: Path) -> None:
    children = [_marker(tmp_path, prefix, 150) for prefix in ("p", "q", "r", "s")]
    for child in children:
        assert child.wait(timeout=120) == 0
    store = StateStore(tmp_path)
    for prefix in "pqrs":
        assert all(store.is_read(f"{prefix}{n}") for n in range(150))


@pytest.mark.parametrize(
    "damage",
    [
        b"this is not a database at all" * 100,
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
)
def test_corrupt_state_is_moved_aside(tmp_path: Path, damage: bytes) -> None:
    (tmp_path / STATE_FILE).write_bytes(damage)
    store = StateStore(tmp_path)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(f"{STATE_FILE}.broken-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damage
    assert any(str(kept[0]) in notice for notice in store.notices)
    store.set_mark("read", ["x"], True, PATHS)
    assert StateStore(tmp_path).is_read("x")


def test_truncated_state_is_moved_aside(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.set_mark("read", [f"id{n}" for n in range(3000)], True, PATHS)
    store.close()
    path = tmp_path / STATE_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    again = StateStore(tmp_path)
    assert any("kept as" in notice for notice in again.notices)
    assert any(p.name.startswith(f"{STATE_FILE}.broken-") for p in tmp_path.iterdir())


def test_state_path_that_is_a_folder_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).mkdir()
    store = StateStore(tmp_path)
    assert any("not a regular file" in notice for notice in store.notices)
    store.set_mark("bookmarked", ["x"], True, PATHS)


def test_newer_schema_is_opened_read_only(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.set_mark("read", ["x"], True, PATHS)
    store.close()
    with sqlite3.connect(tmp_path / STATE_FILE) as db:
        db.execute("PRAGMA user_version=99")
    db.close()
    newer = StateStore(tmp_path)
    assert newer.is_read("x")
    assert newer.read_only and "newer termnews" in newer.read_only
    with pytest.raises(StateError, match="newer termnews"):
        newer.set_mark("read", ["y"], True, PATHS)
    with sqlite3.connect(tmp_path / STATE_FILE) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 99
    db.close()


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder that cannot be written: chmod for a normal user, a read-only mount for root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    seed = StateStore(folder)
    seed.set_mark("bookmarked", ["kept"], True, PATHS)
    seed.close()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return folder
    image = tmp_path / "image"
    image.mkdir()
    (image / STATE_FILE).write_bytes((folder / STATE_FILE).read_bytes())
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(image), str(folder)], check=False)
    remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=False)
    if mounted.returncode or remount.returncode:
        pytest.skip("cannot make a read-only folder as root here (mount failed)")
    return folder


def test_read_only_data_folder(tmp_path: Path) -> None:
    folder = _read_only_folder(tmp_path)
    try:
        store = StateStore(folder)
        assert store.is_bookmarked("kept")
        assert store.read_only is not None
        assert any("cannot be saved" in notice for notice in store.notices)
        with pytest.raises(StateError, match="cannot save"):
            store.set_mark("read", ["new"], True, PATHS)
        store.close()
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_marks_follow_an_edited_file_by_path(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.set_mark("bookmarked", ["old-id"], True, {"old-id": "/lib/a.txt"})
    assert store.relink({"new-id": "/lib/a.txt", "other": "/lib/b.txt"}) == 1
    assert store.is_bookmarked("new-id") and not store.is_bookmarked("old-id")
    assert StateStore(tmp_path).is_bookmarked("new-id")


def test_a_mark_taken_off_keeps_the_other_marks_file_and_drops_empty_rows(
    tmp_path: Path,
) -> None:
    store = StateStore(tmp_path)
    files = {"a": "/lib/a.txt", "b": "/lib/b.txt", "c": "/lib/c.txt"}
    store.set_mark("read", ["c", "a", "b"], True, files)
    store.set_mark("bookmarked", ["a"], True, files)
    assert store.change("read", ["b", "a", "zzz"], False, {}) == ["b", "a"]  # no files given
    assert store.marked_paths() == {"a": "/lib/a.txt", "c": "/lib/c.txt"}  # b had no other
    assert store.is_bookmarked("a") and not store.is_read("a") and store.is_read("c")
    reopened = StateStore(tmp_path)
    assert reopened.marked_paths() == {"a": "/lib/a.txt", "c": "/lib/c.txt"}
    assert not reopened.is_read("b") and reopened.is_read("c")


def test_data_folder_removed_while_running_keeps_every_mark(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    store = StateStore(data)
    store.set_mark("read", ["a", "b"], True, PATHS)
    store.set_mark("bookmarked", ["b"], True, PATHS)
    store.set_setting("ui.order", "title")
    shutil.rmtree(data)
    store.set_mark("read", ["c"], True, PATHS)
    assert any("disappeared" in notice for notice in store.notices)
    again = StateStore(data)
    assert all(again.is_read(x) for x in "abc") and again.is_bookmarked("b")
    assert again.setting("ui.order") == "title"


_FILLER = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from termnews.state import StateError, StateStore
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG, as on a full disk
    store = StateStore(Path(sys.argv[1]))
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    refused = 0
    for n in range(5000):
        article = f"f{n}"
        try:
            store.set_mark("read", [article], True, {article: "/lib/" + "x" * 2000})
        except StateError as error:
            refused += 1
            print("refused", error, flush=True)
            if refused == 20:
                break
        else:
            print("ok", article, flush=True)
    """
)


def test_a_full_disk_refuses_marks_with_a_reason_and_keeps_the_rest(tmp_path: Path) -> None:
    seed = StateStore(tmp_path)
    seed.set_mark("bookmarked", ["kept"], True, PATHS)
    seed.close()
    size = sum(p.stat().st_size for p in tmp_path.iterdir())
    child = subprocess.run(
        [sys.executable, "-c", _FILLER, str(tmp_path), str(size + 300_000)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    saved = [line.split()[1] for line in lines if line.startswith("ok ")]
    refusals = [line for line in lines if line.startswith("refused")]
    assert saved and len(refusals) == 20
    assert all("cannot save" in line for line in refusals)
    store = StateStore(tmp_path)
    assert store.notices == []  # not damaged: nothing set aside
    assert store.is_bookmarked("kept")
    assert [article for article in saved if not store.is_read(article)] == []


def test_marks_read_on_one_thread_while_another_changes_them(tmp_path: Path) -> None:
    """The poll merges another machine's marks on a thread of its own, the writer thread
    saves queued marks, and the screen lists the bookmarks meanwhile: the list is read
    whole, never stopped by "dictionary changed size during iteration"."""
    store = StateStore(tmp_path)
    ids = [f"a{n:05}" for n in range(3000)]
    errors: list[Exception] = []
    done = threading.Event()

    def list_bookmarks() -> None:
        while not done.is_set():
            try:
                store.bookmarked_ids()
            except RuntimeError as error:
                errors.append(error)
                return

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as under load
    reader = threading.Thread(target=list_bookmarks)
    reader.start()
    try:
        for n in range(30):
            store.set_mark("bookmarked", ids, n % 2 == 0, {})
    finally:
        done.set()
        reader.join()
        sys.setswitchinterval(interval)
    assert errors == []
    assert store.bookmarked_ids() == []
