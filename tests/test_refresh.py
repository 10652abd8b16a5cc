"""Refreshing the index from the folders whose time changed must leave it as a full scan of
the library would: every file, id, section and copy, and the marks with their articles."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termnews.library import TrailerRules
from termnews.library.index import LibraryIndex
from termnews.repository import Repository
from termnews.state import StateStore

from .conftest import count_parses

RULES = TrailerRules.build()
REAL = Path(__file__).parent / "fixtures" / "real"
TEXTS = sorted(
    path
    for folder in ("ruby", "ptbr", "bbc", "rust", "electron")
    for path in (REAL / folder).rglob("*")
    if path.suffix in (".md", ".txt")
)
"""Real articles nobody here wrote, as the library's files."""
MARKDOWN = [path for path in TEXTS if path.suffix == ".md"]
FOLDERS = ["", "news", "news/world", "business", "tech/ai/labs"]
HOUR_AGO = time.time_ns() - 3600 * 10**9


def _repo(library: Path, home: Path, cache: str = "cache") -> Repository:
    return Repository([library], StateStore(home / "data"), RULES, home / cache)


def _settle(library: Path) -> None:
    """Every folder's time an hour back: only what a change touches looks changed."""
    for folder, _dirs, _files in os.walk(library):
        os.utime(folder, ns=(HOUR_AGO, HOUR_AGO))


def _indexed(home: Path, cache: str, roots: list[Path]) -> tuple[dict, set[str]]:
    with LibraryIndex(home / cache, roots, RULES, writer=False) as index:
        records = {
            file: (r.meta.id, r.meta.section, r.meta.title) if r.meta else r.skip
            for file, r in index.records().items()
        }
        return records, index.copies()


def _place(library: Path, text: Path, folder: str, name: str) -> None:
    target = library / folder / f"{name}{text.suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(text, target)


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "move", "copy", "replace", "drop folder"]),
        st.integers(0, 10**6),
        st.sampled_from(FOLDERS),
        st.sampled_from(TEXTS),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FOLDERS), st.sampled_from(TEXTS)), max_size=8), _OPS)
def test_a_refresh_leaves_the_index_as_a_full_scan_would(start, ops) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        library = home / "lib"
        library.mkdir()
        for n, (folder, text) in enumerate(start):
            _place(library, text, folder, f"a{n}")
        _settle(library)
        _repo(library, home).read_library()
        for n, (op, pick, folder, text) in enumerate(ops):
            files = sorted(p for p in library.rglob("*") if p.is_file())
            chosen = files[pick % len(files)] if files else None
            if op == "add" or chosen is None:
                _place(library, text, folder, f"b{n}")
            elif op == "remove":
                chosen.unlink()
            elif op == "move":
                (library / folder).mkdir(parents=True, exist_ok=True)
                chosen.rename(library / folder / f"m{n}{chosen.suffix}")
            elif op == "copy":
                _place(library, chosen, folder, f"c{n}")
            elif op == "replace":  # as an editor saves: a new file renamed over the old
                fresh = chosen.with_name(f".tmp{n}")
                fresh.write_text(chosen.read_text(errors="replace") + f"\nEdited {n}.\n")
                fresh.replace(chosen)
            elif chosen.parent != library:
                shutil.rmtree(chosen.parent)
        refreshed = _repo(library, home).refresh_index()
        assert refreshed is not None
        _repo(library, home, "full").read_library()
        assert _indexed(home, "cache", [library]) == _indexed(home, "full", [library])


def test_only_new_and_changed_files_are_parsed(tmp_path: Path, monkeypatch) -> None:
    library = tmp_path / "lib"
    for n, text in enumerate(TEXTS):
        _place(library, text, FOLDERS[n % len(FOLDERS)], f"a{n}")
    _settle(library)
    _repo(library, tmp_path).read_library()
    parsed = count_parses(monkeypatch)
    listed: list[str] = []
    real_listing = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: listed.append(path) or real_listing(path))
    _place(library, TEXTS[0], "business", "new")
    result = _repo(library, tmp_path).refresh_index()
    new = library / "business" / f"new{TEXTS[0].suffix}"
    assert result is not None and parsed == [f"business/{new.name}"]
    assert listed == [str(library / "business")]
    assert result.parsed == 1 and result.articles == {}  # no mark to follow
    parsed.clear()
    again = _repo(library, tmp_path).refresh_index()  # the folder, too recent, read again
    assert again is not None and not again.changed and parsed == []


def test_marks_follow_a_replaced_file_but_stay_with_a_copy(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    _place(library, MARKDOWN[0], "news", "story")
    _place(library, MARKDOWN[1], "news", "other")
    _settle(library)
    repo = _repo(library, tmp_path)
    repo.scan()
    with LibraryIndex(tmp_path / "cache", [library], RULES) as index:
        ids = {Path(r.file).name: r.meta.id for r in index.records().values()}
    repo.mark("read", [ids["story.md"], ids["other.md"]], True)
    story = library / "news" / "story.md"
    story.write_text(story.read_text() + "\nA correction.\n")  # new text, new id
    _place(library, MARKDOWN[1], "business", "copy")  # the other's text lives on here
    other = library / "news" / "other.md"
    other.write_text(other.read_text() + "\nUpdated.\n")
    (library / "news" / "touch.txt").write_text("Touch\n\nSo the folder changes.\n")
    result = _repo(library, tmp_path).refresh_index()
    assert result is not None
    state = StateStore(tmp_path / "data")
    new = {Path(file).name: article_id for article_id, file in result.articles.items()}
    assert state.is_read(new["story.md"])  # the edit kept its mark
    assert state.is_read(ids["other.md"])  # still an article: the copy's
    assert not state.is_read(new["other.md"])


def test_files_an_index_write_lost_are_read_again(tmp_path: Path, monkeypatch) -> None:
    """A write rolled back (the index locked past its timeout) leaves the folders unread."""
    library = tmp_path / "lib"
    _place(library, TEXTS[0], "news", "story")
    _settle(library)
    _repo(library, tmp_path).read_library()
    _place(library, TEXTS[1], "news", "late")
    half_hour_ago = time.time_ns() - 1800 * 10**9  # changed, and not too recently to trust
    os.utime(library / "news", ns=(half_hour_ago, half_hour_ago))

    def locked(self: LibraryIndex, records: list) -> None:
        with self._writing():
            raise sqlite3.OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(LibraryIndex, "store", locked)
        assert _repo(library, tmp_path).refresh_index().parsed == 1
    late = str(library / "news" / f"late{TEXTS[1].suffix}")
    assert late not in _indexed(tmp_path, "cache", [library])[0]
    assert not _repo(library, tmp_path).unchanged_since_index()
    assert _repo(library, tmp_path).refresh_index().parsed == 1
    assert late in _indexed(tmp_path, "cache", [library])[0]


def test_names_that_are_not_utf_8_are_refreshed_as_a_full_scan_reads_them(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    _place(library, TEXTS[0], "news", "story")
    _settle(library)
    _repo(library, tmp_path).read_library()
    odd = library / os.fsdecode(b"caf\xe9")
    try:
        odd.mkdir()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    shutil.copyfile(TEXTS[1], odd / os.fsdecode(b"r\xe9sum\xe9.txt"))
    shutil.copyfile(TEXTS[2], library / "news" / os.fsdecode(b"\x1b[31m\xff.txt"))
    assert _repo(library, tmp_path).refresh_index().parsed == 2
    _repo(library, tmp_path, "full").read_library()
    assert _indexed(tmp_path, "cache", [library]) == _indexed(tmp_path, "full", [library])
    shutil.rmtree(odd)
    assert _repo(library, tmp_path).refresh_index().removed == [
        str(odd / os.fsdecode(b"r\xe9sum\xe9.txt"))
    ]


def test_a_new_linked_folder_needs_a_full_scan(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    _place(library, TEXTS[0], "news", "story")
    _settle(library)
    _repo(library, tmp_path).read_library()
    (library / "again").symlink_to(library / "news")
    assert _repo(library, tmp_path).refresh_index() is None


def test_a_folder_read_as_it_changed_is_read_again(tmp_path: Path) -> None:
    """A file added in the same tick of the clock as the folder was read would change
    nothing the folder's time shows: a folder that recent is read again next time."""
    library = tmp_path / "lib"
    _place(library, TEXTS[0], "news", "story")
    _repo(library, tmp_path).read_library()
    news = library / "news"
    stamp = news.stat().st_mtime_ns
    _place(library, TEXTS[1], "news", "late")
    os.utime(news, ns=(stamp, stamp))  # as if in the same tick
    assert not _repo(library, tmp_path).unchanged_since_index()
    result = _repo(library, tmp_path).refresh_index()
    assert result is not None
    assert result.parsed == 1
    assert str(news / "late.md") in _indexed(tmp_path, "cache", [library])[0]


def test_a_new_index_is_built_from_every_folder_as_a_full_scan_builds_it(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    for n, text in enumerate(TEXTS):
        _place(library, text, FOLDERS[n % len(FOLDERS)], f"a{n}")
    _place(library, TEXTS[3], "tech", "copy")  # a copy of one text: ids of their own
    (library / "news" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (library / "news" / "loop").symlink_to(library)  # followed once, as a full scan does
    built = _repo(library, tmp_path).refresh_index()
    assert built is not None and built.parsed == len(TEXTS) + 2
    assert [w.path.name for w in built.warnings] == ["broken.txt"]
    _repo(library, tmp_path, "full").read_library()
    assert _indexed(tmp_path, "cache", [library]) == _indexed(tmp_path, "full", [library])
    assert _indexed(tmp_path, "cache", [library])[1]  # the copies are known
    with (
        LibraryIndex(tmp_path / "cache", [library], RULES, writer=False) as index,
        LibraryIndex(tmp_path / "full", [library], RULES, writer=False) as full,
    ):
        assert index.folders().keys() == full.folders().keys()


def test_a_whole_refresh_builds_again_over_rows_no_folder_record_vouches_for(
    tmp_path: Path,
) -> None:
    """What a scan that stopped short left (some rows, no folders: it was found too big
    to hold) is built again from every folder, and a row of a file gone since goes."""
    library = tmp_path / "lib"
    for n, text in enumerate(TEXTS[:12]):
        _place(library, text, FOLDERS[n % len(FOLDERS)], f"a{n}")
    _repo(library, tmp_path).read_library()
    with LibraryIndex(tmp_path / "cache", [library], RULES) as index:
        index.save_folders({}, list(index.folders()))  # as if the scan never got that far
    (library / FOLDERS[0] / f"a0{TEXTS[0].suffix}").unlink()
    repo = _repo(library, tmp_path)
    assert repo.refresh_index() is None  # a refresh alone cannot tell what is gone
    built = repo.refresh_index(whole=True)
    assert built is not None and built.parsed == 11
    _repo(library, tmp_path, "full").read_library()
    assert _indexed(tmp_path, "cache", [library]) == _indexed(tmp_path, "full", [library])


def test_a_first_build_parses_the_walk_as_it_goes_not_after_it(tmp_path: Path, monkeypatch) -> None:
    """The files of a first build are not held in one list (265 MB at a million): they
    are parsed as the walk finds them, after a walk that only counts them."""
    from termnews.library import refresh as refresh_module
    from termnews.library import scan as scan_module

    library = tmp_path / "lib"
    for n in range(60):
        _place(library, TEXTS[n % len(TEXTS)], FOLDERS[n % len(FOLDERS)], f"a{n}")
    found: list[str] = []
    real_walk = refresh_module.find_article_files

    def walk(*args, **kwargs):
        for item in real_walk(*args, **kwargs):
            found.append(item.relpath)
            yield item

    walked_at_parse: list[int] = []
    real_parse = scan_module.parse_files

    def parse(items, rules):
        walked_at_parse.append(len(found))
        return real_parse(items, rules)

    monkeypatch.setattr(refresh_module, "find_article_files", walk)
    monkeypatch.setattr(scan_module, "parse_files", parse)
    monkeypatch.setattr(scan_module, "CHUNK", 10)
    totals: list[int] = []
    built = _repo(library, tmp_path).refresh_index(lambda done, total: totals.append(total))
    assert built is not None and built.parsed == 60
    assert len(found) == 120  # counted, then walked again as parsed
    assert walked_at_parse[:2] == [60 + scan_module.FIRST, 60 + scan_module.FIRST + 10]
    assert set(totals) == {60}
    _repo(library, tmp_path, "full").read_library()
    assert _indexed(tmp_path, "cache", [library]) == _indexed(tmp_path, "full", [library])


def test_a_first_build_whose_workers_fail_parses_the_rest_here(tmp_path: Path, monkeypatch) -> None:
    """Chunks handed to workers that broke are parsed in this process, then the rest of
    the walk: nothing is lost from the index."""
    from termnews.library import scan as scan_module

    library = tmp_path / "lib"
    for n in range(450):  # enough for workers (scan.PARALLEL_FROM)
        _place(library, TEXTS[n % len(TEXTS)], FOLDERS[n % len(FOLDERS)], f"a{n}")
    monkeypatch.setattr(scan_module, "CHUNK", 40)
    submitted: list[int] = []

    class BreakingPool(scan_module.ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            submitted.append(len(args[0]))
            if len(submitted) == 3:
                raise OSError("no more processes")
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(scan_module, "ProcessPoolExecutor", BreakingPool)
    built = _repo(library, tmp_path).refresh_index()
    assert built is not None and built.parsed == 450 and len(submitted) == 3
    _repo(library, tmp_path, "full").read_library()
    assert _indexed(tmp_path, "cache", [library]) == _indexed(tmp_path, "full", [library])


def test_marks_follow_files_moved_while_the_index_was_gone(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    _place(library, MARKDOWN[0], "news", "story")
    _place(library, MARKDOWN[1], "news", "other")
    repo = _repo(library, tmp_path)
    repo.scan()
    [story] = [meta for meta in repo.articles if meta.file.endswith("story.md")]
    repo.mark("read", [story.id], True)
    shutil.rmtree(tmp_path / "cache")
    (library / "archive").mkdir()
    (library / "news" / "story.md").rename(library / "archive" / "story.md")
    built = _repo(library, tmp_path).refresh_index()
    assert built is not None and list(built.articles) == [story.id]  # the marked one only
    state = StateStore(tmp_path / "data")
    assert state.is_read(story.id)
    assert state.marked_paths()[story.id] == str(library / "archive" / "story.md")


def test_a_joined_folder_is_read_into_the_library_s_own_index(tmp_path: Path, monkeypatch) -> None:
    """The first feed (or saved page) joins its folder to the library: the index, named
    after the library's own folders, stays, and only the joined folder is read."""
    library, feeds = tmp_path / "lib", tmp_path / "feeds"
    for n, text in enumerate(TEXTS[:6]):
        _place(library, text, FOLDERS[n % len(FOLDERS)], f"a{n}")
    _settle(library)
    _repo(library, tmp_path).read_library()
    _place(feeds, MARKDOWN[0], "BBC News", "item")
    _settle(feeds)
    parsed = count_parses(monkeypatch)
    joined = Repository(
        [library], StateStore(tmp_path / "data"), RULES, tmp_path / "cache", [feeds]
    )
    assert joined.refresh_index() is not None and parsed == ["BBC News/item.md"]
    assert len(list((tmp_path / "cache").glob("index-*.sqlite3"))) == 1
    both = _indexed(tmp_path, "cache", [library])
    assert str(feeds / "BBC News" / "item.md") in both[0] and len(both[0]) == 7
    assert joined.unchanged_since_index()
    alone = _repo(library, tmp_path)  # the feeds folder no longer read: its items go
    assert not alone.unchanged_since_index()
    assert alone.refresh_index() is not None and parsed == ["BBC News/item.md"]
    assert _indexed(tmp_path, "cache", [library])[0].keys() == both[0].keys() - {
        str(feeds / "BBC News" / "item.md")
    }


def test_the_command_line_reads_a_changed_folder_into_the_index(
    library: Path, run_cli, tmp_path: Path
) -> None:
    run_cli("--library", str(library), "list", check=True)
    (library / "business" / "jobs.txt").write_text("Jobs report beats forecasts\n\nBody.\n")
    (library / "news" / "seed.txt").unlink()
    (library / "business" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    listed = run_cli("--library", str(library), "list", check=True)
    assert "Jobs report beats forecasts" in listed.stdout
    assert "Taliban" not in listed.stdout
    assert "broken.txt" in listed.stderr and "binary" in listed.stderr
    sections = run_cli("--library", str(library), "sections", check=True)
    assert "News" not in sections.stdout and "Business" in sections.stdout
