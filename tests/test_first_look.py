"""Tests for a big first scan: every title listed from a first look at each file, then the
full parse; search meanwhile finds what is indexed and says what is not yet."""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from termnews.library import SkipFile, TrailerRules, scan_library
from termnews.library.parse import glimpse_article, read_article
from termnews.library.scan import GLIMPSE_FROM
from termnews.repository import Repository
from termnews.state import StateStore
from termnews.ui.widgets.article_list import ArticleList

from .conftest import REPO, SEED
from .ui_helpers import ready, until

RULES = TrailerRules.build()
REAL = REPO / "tests" / "fixtures" / "real"
TEMPLATES = sorted(
    path for path in [SEED, *REAL.rglob("*")] if path.suffix in (".txt", ".md") and path.is_file()
)


def _library(root: Path, count: int) -> Path:
    """`count` articles made from the real fixtures, each with a line of its own (so a
    text of its own), in section folders."""
    for number in range(count):
        template = TEMPLATES[number % len(TEMPLATES)]
        folder = root / ("world" if number % 3 else "business") / f"desk-{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = template.read_text(encoding="utf-8", errors="replace")
        (folder / f"{number:05d}{template.suffix}").write_text(
            f"{text}\n\nFiled by desk {number}.\n", encoding="utf-8"
        )
    return root


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_a_first_look_at_real_articles_agrees_with_their_parse(template: Path) -> None:
    try:
        parsed = read_article(template, template.name, RULES).meta
    except SkipFile:
        pytest.skip("the full parse skips it (a redirect): a first look may list it meanwhile")
    looked = glimpse_article(template, template.name)
    for field in ("id", "title", "section", "date", "sort_time", "url", "format", "tags"):
        assert getattr(looked, field) == getattr(parsed, field), field


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a first look runs in worker processes")
def test_a_big_first_scan_lists_every_title_before_parsing_most(tmp_path: Path) -> None:
    root = _library(tmp_path / "library", GLIMPSE_FROM + 400)
    stored = 0
    listed: list[tuple[dict[str, tuple], int]] = []

    def store(records) -> None:
        nonlocal stored
        stored += len(records)

    def batch(metas) -> None:
        listed.append(({m.file: (m.id, m.title, m.section) for m in metas}, stored))

    result = scan_library([root], RULES, batch=batch, store=store)
    final = {m.file: (m.id, m.title, m.section) for m in result.articles}
    # Every article the scan ends with, listed while most were still to parse (a post the
    # parse finds to be only a redirect is listed, then dropped).
    first_full, parsed_then = next((seen, n) for seen, n in listed if final.keys() <= seen.keys())
    assert parsed_then < len(final) / 2, "the titles came no sooner than the parse"
    assert {file: first_full[file] for file in final} == final


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a first look runs in worker processes")
def test_first_looks_are_shown_as_they_double_while_few_then_all_at_once(
    tmp_path: Path, monkeypatch
) -> None:
    """Each preview rebuilds the screen's list: past a few thousand, only all of them."""
    monkeypatch.setattr("termnews.library.scan.LOOKS_SHOWN_UPTO", 600)
    monkeypatch.setattr("termnews.library.scan.GLIMPSE_CHUNK", 100)
    root = _library(tmp_path / "library", GLIMPSE_FROM + 400)
    sizes: list[int] = []
    scan_library([root], RULES, batch=lambda metas: sizes.append(len(metas)))
    everything = sizes.index(max(sizes))
    before = sizes[:everything]
    assert before and max(before) < 2 * 600 + 100  # doubling stopped past the cap
    assert all(b >= 2 * a for a, b in itertools.pairwise(before[1:]))
    assert max(sizes) >= GLIMPSE_FROM  # then every title at once


def test_search_during_a_scan_finds_what_is_indexed_so_far(tmp_path: Path, monkeypatch) -> None:
    """No preview comes between the searches (after a first look, none does): each search
    looks up the documents the scan indexed since the last one."""
    monkeypatch.setattr("termnews.library.scan.STORE_EVERY", 100)  # a big library's pace
    root = tmp_path / "library"
    for number in range(350):
        folder = root / f"part-{number // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:03d}.txt").write_text(
            f"Zebra report {number}\n\nThe zebra census counted {number} animals.\n"
        )
    repo = Repository([root], StateStore(tmp_path / "data"), RULES, tmp_path / "cache")
    repo.preview(scan_library([root], RULES).articles)  # all listed, as a first look lists
    found: list[int] = []
    repo.read_library(batch=lambda metas: found.append(len(repo.search("zebra"))))
    assert found[0] < found[-1] == 350
    assert found == sorted(found)


async def test_a_search_during_a_scan_says_what_it_has_not_searched(make_app, library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        screen.post_message(screen.ScanProgress(250, 1_484))
        await until(pilot, lambda: screen.unindexed == 1_234)
        await pilot.press("slash", *"rates")
        status = screen.query_one("#query-status", Static)
        await until(pilot, lambda: "match" in str(status.render()))
        assert "1,234 files not indexed yet" in str(status.render())


async def test_a_search_lists_its_first_screen_then_all_of_them(make_app, tmp_path) -> None:
    """Thousands of hits take ten times as long to find and count as the best sixty: those
    are listed first (the count to follow), then all of them, the cursor where it was."""
    root = tmp_path / "library"
    root.mkdir()
    for number in range(150):
        (root / f"{number:03d}.txt").write_text(
            f"Zebra report {number}\n\nThe zebra census counted {number} zebras today.\n"
        )
    app = make_app(root)
    release = threading.Event()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: not screen.repo.scanning and screen.repo.has_articles)
        search = screen.repo.search

        def held(query, cancelled=None):
            release.wait(10)
            return search(query, cancelled)

        screen.repo.search = held
        await pilot.press("slash", *"zebra")
        status = screen.query_one("#query-status", Static)
        listed = screen.query_one(ArticleList)
        await until(pilot, lambda: "counting" in str(status.render()))
        assert len(listed.articles) == 60
        await pilot.press("down", "down")
        chosen = listed.current
        release.set()
        await until(pilot, lambda: "150 matches" in str(status.render()))
        assert len(listed.articles) == 150
        assert listed.current == chosen


def test_a_first_look_at_hostile_files_never_fails_and_agrees(tmp_path: Path) -> None:
    """Binary, empty, huge, mis-encoded and escape-laden files: the look skips what the
    parse skips (or leaves it to the parse) and agrees on everything it lists."""
    from termnews.library.scan import find_article_files, glimpse_files, parse_files

    from .hostile import build

    root = tmp_path / "library"
    build(root)
    found = list(find_article_files(root, []))
    looked = {meta.file: meta for meta in glimpse_files(found)}
    parsed = {r.file: r.meta for r in parse_files(found, RULES) if r.meta is not None}
    assert looked.keys() <= parsed.keys()
    assert all(
        (looked[f].id, looked[f].title, looked[f].section)
        == (parsed[f].id, parsed[f].title, parsed[f].section)
        for f in looked
    )
    assert len(looked) >= len(parsed) - sum(1 for f in parsed if f.endswith((".html", ".htm")))
