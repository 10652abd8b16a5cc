"""A whole library of awkward files (tests/hostile.py) through the scan, the CLI and the UI:
no crash, no hang, no markup or escape acted on, one warning per skipped file, every good
article listed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from termnews.cli import main
from termnews.library import TrailerRules
from termnews.repository import Repository
from termnews.state import StateStore

from . import hostile
from .ui_helpers import reader_text, ready, rows, until

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the terminal from article text (newlines and tabs aside)."""


@pytest.fixture(scope="module")
def awful(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, hostile.Expected]:
    root = tmp_path_factory.mktemp("hostile") / "library"
    return root, hostile.build(root)


def _relpaths(root: Path, files: list[str]) -> set[str]:
    return {os.path.relpath(file, root) for file in files}


def test_scan_keeps_every_good_file_and_warns_once_per_bad_one(awful, tmp_path) -> None:
    root, expected = awful
    repo = Repository([root], StateStore(tmp_path / "data"), TrailerRules.build(), tmp_path / "c")
    repo.scan()
    listed = {meta.relpath: meta for meta in repo.articles}
    assert set(listed) == set(expected.good)
    for relpath, piece in expected.good.items():
        assert piece in listed[relpath].title, relpath
    for meta in repo.articles:
        assert not CONTROL.search(meta.title + "".join(meta.section)), meta.relpath
    warned = [str(w.path) for w in repo.warnings]
    assert sorted(_relpaths(root, warned)) == sorted(expected.bad)  # one each, no others
    for warning in repo.warnings:
        assert expected.bad[os.path.relpath(warning.path, root)] in warning.reason


def test_a_second_scan_from_the_index_gives_the_same(awful, tmp_path) -> None:
    root, _expected = awful
    state = StateStore(tmp_path / "data")
    first = Repository([root], state, TrailerRules.build(), tmp_path / "c")
    first.scan()
    second = Repository([root], state, TrailerRules.build(), tmp_path / "c")
    cached = second.cached()
    assert sorted(m.id for m in cached.articles) == sorted(m.id for m in first.articles)
    second.scan()
    assert sorted(m.id for m in second.articles) == sorted(m.id for m in first.articles)


def _cli(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, int]:
    """Run termnews in a child and return it with its peak memory (KB)."""
    probe = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, timeout=300); "
        "sys.stdout.buffer.write(done.stdout); sys.stderr.buffer.write(done.stderr); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
        "sys.exit(done.returncode)"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "termnews", *args]
    done = subprocess.run(command, capture_output=True, timeout=400, cwd=cwd)
    *lines, peak = done.stderr.decode("utf-8").rstrip("\n").split("\n")
    done.stderr = "\n".join(lines).encode()
    return done, int(peak)


def test_cli_lists_shows_and_searches_safely_in_bounded_memory(
    awful, tmp_path, capsysbinary
) -> None:
    root, expected = awful
    library = ["--library", str(root), "--data-dir", str(tmp_path / "data")]
    done, peak_kb = _cli("list", "--json", *library, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    stdout = done.stdout.decode("utf-8")  # valid UTF-8, whatever the file names were
    articles = json.loads(stdout)
    assert len(articles) == len(expected.good)
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert len([line for line in stderr.splitlines() if "skipped" in line]) == len(expected.bad)
    assert not CONTROL.search(stderr)
    assert peak_kb < 300_000, f"peak RSS {peak_kb} KB"  # the 40 MB file is never read
    for article in articles:  # in this process: a child per article would take a while
        assert main(["show", article["id"], *library]) == 0
        shown = capsysbinary.readouterr().out.decode("utf-8")
        assert not CONTROL.search(shown.replace("\n", "")), article
    found, _ = _cli("search", "shares", "--json", *library, cwd=tmp_path)
    titles = [hit["title"] for hit in json.loads(found.stdout)]
    assert titles and all("[@click=app.quit]" in title for title in titles)


async def test_ui_reads_every_article_and_acts_on_no_markup(make_app, awful) -> None:
    root, expected = awful
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        assert len(rows(screen)) == len(expected.good)
        for _ in range(len(expected.good)):  # the reader follows the list's cursor
            assert not CONTROL.search(reader_text(screen))
            await pilot.press("j")
        await pilot.press("enter", "end", "G", "h")
        await pilot.press("slash", *"shares")
        await until(pilot, lambda: any("[@click=app.quit]" in row for row in rows(screen)))
        await pilot.press("enter")
        await until(pilot, lambda: "[link=file:///etc/passwd]" in reader_text(screen))
        await pilot.press("escape", "escape", "w", "escape", "question_mark", "escape")
        await pilot.pause()
        assert app.is_running
