"""Tests for the catalog: lists and counts answered in SQL must equal a full read's."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from termnews.library import TrailerRules, build_tree
from termnews.library.catalog import Catalog
from termnews.library.index import LibraryIndex
from termnews.repository import Repository
from termnews.state import StateStore

from .conftest import settle_folders

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

RULES = TrailerRules.build()
REAL = Path(__file__).parent / "fixtures" / "real"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Generated articles, real ones from public corpora, two copies of one text and a
    file that is skipped."""
    root = tmp_path / "lib"
    generate(root / "generated", 120)
    shutil.copytree(REAL, root / "real")
    first = next((root / "generated").rglob("*.txt"))
    shutil.copy(first, root / "copy-a.txt")
    shutil.copy(first, root / "zz-copy.txt")
    (root / "binary.txt").write_bytes(b"\x00\x01 not text")
    return root


def _repo(library: Path, tmp_path: Path) -> Repository:
    return Repository([library], StateStore(tmp_path / "data"), RULES, tmp_path / "cache")


def _rows(articles) -> list[tuple]:
    return [(m.id, m.file, m.title, m.section, m.words) for m in articles]


def _mark_some(repo: Repository) -> None:
    ids = [meta.id for meta in repo.articles]
    repo.mark("read", ids[::3], True)
    repo.mark("bookmarked", ids[1::7], True)


@pytest.mark.parametrize("name", [None, "military", "News / World", "real"])
@pytest.mark.parametrize(("unread", "bookmarked"), [(False, False), (True, False), (False, True)])
def test_selection_from_the_index_equals_a_full_read(
    library: Path, tmp_path: Path, name: str | None, unread: bool, bookmarked: bool
) -> None:
    full = _repo(library, tmp_path)
    full.scan()
    _mark_some(full)
    wanted = full.select(unread=unread, bookmarked=bookmarked)
    if name:
        from termnews.commands.articles import section_named
        from termnews.library import section_key
        from termnews.library.query import contains_section

        key = section_named(name, full.all_sections())
        wanted = [m for m in wanted if contains_section(section_key(m.section), key)]
    quick = _repo(library, tmp_path)
    assert _rows(quick.selection(name, unread=unread, bookmarked=bookmarked)) == _rows(wanted)
    assert wanted or name == "real"  # the filters left something to compare
    assert sorted(quick.all_sections()) == sorted(full.all_sections())


def test_copies_keep_their_own_ids_in_a_selection(library: Path, tmp_path: Path) -> None:
    full = _repo(library, tmp_path)
    full.scan()
    quick = _repo(library, tmp_path)
    copies = {m.relpath: m.id for m in quick.selection() if "copy" in m.relpath}
    assert len(set(copies.values())) == 2
    assert copies == {m.relpath: m.id for m in full.articles if "copy" in m.relpath}


@pytest.mark.parametrize("attached", [True, False])
def test_counts_from_the_index_equal_the_tree(
    library: Path, tmp_path: Path, attached: bool
) -> None:
    full = _repo(library, tmp_path)
    full.scan()
    _mark_some(full)
    expected = build_tree(full.articles, full.is_read)
    state = full.state
    with LibraryIndex(tmp_path / "cache", full.roots, RULES, writer=False) as index:
        marks = state.path if attached else None
        catalog = Catalog(index, marks, state.is_read, state.is_bookmarked)
        assert catalog.attached is attached
        counts = catalog.counts()
        bookmarks = catalog.bookmarks(state.bookmarked_ids())
    quick = _repo(library, tmp_path)
    quick.load_tree()
    from termnews.library.sections import tree_from_counts

    for tree in (tree_from_counts(counts), quick.section_tree()):
        assert [(n.path, n.total, n.unread) for n in tree.walk()] == [
            (n.path, n.total, n.unread) for n in expected.walk()
        ]
    assert expected.unread < expected.total  # marks were counted
    assert bookmarks == full.bookmark_count() > 0


def test_a_new_subfolder_is_a_change(library: Path, tmp_path: Path) -> None:
    settle_folders(library)
    _repo(library, tmp_path).scan()
    assert _repo(library, tmp_path).unchanged_since_index()
    deep = library / "generated" / "news" / "new-desk"
    deep.mkdir()
    assert not _repo(library, tmp_path).unchanged_since_index()
    _repo(library, tmp_path).scan()
    (deep / "story.txt").write_text("Story\n\nBody.\n")
    assert not _repo(library, tmp_path).unchanged_since_index()
    _repo(library, tmp_path).scan()
    os.rename(deep, library / "renamed-desk")
    assert not _repo(library, tmp_path).unchanged_since_index()


@pytest.mark.parametrize(
    "text",
    [
        "section:military",
        "unread",
        "section:news not section:world bookmarked",
        "words>400 unread",
        "tag:security",
        "tag:Welcome not tag:clippings",
    ],
)
@pytest.mark.parametrize("limit", [0, 3])
@pytest.mark.parametrize("rare_tag", [0, 5_000])
def test_a_search_of_filters_alone_from_the_index_equals_the_full_search(
    library: Path, tmp_path: Path, text: str, limit: int, rare_tag: int, monkeypatch
) -> None:
    """Filters answered in SQL; a tag by its rows in the tags table (a rare tag) or by
    reading the tagged articles (a common one)."""
    from termnews.library import catalog
    from termnews.library.query import parse_query

    monkeypatch.setattr(catalog, "RARE_TAG", rare_tag)
    full = _repo(library, tmp_path)
    full.scan()
    _mark_some(full)
    query = parse_query(text)
    wanted = [hit.meta for hit in full.search(query)]
    found = _repo(library, tmp_path).search_index(query, limit)
    assert found is not None
    assert _rows(hit.meta for hit in found) == _rows(wanted[:limit] if limit else wanted)
    assert wanted


def test_the_tags_table_follows_changed_and_removed_files(library: Path, tmp_path: Path) -> None:
    """A rare tag is found through the tags table, which must forget a file's old tags."""
    from termnews.library.query import parse_query

    def found(text: str) -> list[str]:
        hits = _repo(library, tmp_path).search_index(parse_query(text), 0)
        assert hits is not None
        return sorted(hit.meta.title for hit in hits)

    note = library / "note.md"
    note.write_text("---\ntitle: Orbits\ntags: [Space/Moon, weekly]\n---\n\nBody text.\n")
    _repo(library, tmp_path).scan()
    assert found("tag:space") == found("tag:space/moon") == found("tag:WEEKLY") == ["Orbits"]
    assert found("tag:spac") == found("tag:moon") == []
    note.write_text("---\ntitle: Orbits\ntags: [weekly]\n---\n\nOther text.\n")
    os.utime(note, ns=(1, 1))
    _repo(library, tmp_path).scan()
    assert (found("tag:space"), found("tag:weekly")) == ([], ["Orbits"])
    note.unlink()
    _repo(library, tmp_path).scan()
    assert found("tag:weekly") == []


@pytest.mark.parametrize("text", ["the", "government", "milley", "government section:news"])
@pytest.mark.parametrize("order", ["date", "title", "section"])
@pytest.mark.parametrize("limit", [0, 5])
@pytest.mark.parametrize("newest_from", [0.0, 1.0])
def test_sorted_hits_from_the_index_equal_the_full_search_sorted(
    library: Path, tmp_path: Path, text: str, order: str, limit: int, newest_from, monkeypatch
) -> None:
    """`search --sort`: the first hits in an order, read from the index (by walking the
    newest articles, or from all the hits: NEWEST_FROM), are those of all the hits sorted."""
    from termnews.library import catalog
    from termnews.library.order import sort_hits
    from termnews.library.query import parse_query

    monkeypatch.setattr(catalog, "NEWEST_FROM", newest_from)

    full = _repo(library, tmp_path)
    full.scan()
    query = parse_query(text)
    wanted = [hit.meta for hit in sort_hits(full.search(query), order)]
    found = _repo(library, tmp_path).search_index(query, limit, order)
    assert found is not None
    assert _rows(hit.meta for hit in found) == _rows(wanted[:limit] if limit else wanted)
    assert len(wanted) > 5


def test_the_newest_stream_is_the_selection_order(library: Path, tmp_path: Path) -> None:
    full = _repo(library, tmp_path)
    full.scan()
    (library / "news").mkdir()
    for name in ("news/b.txt", "news/a.txt", "news/c.txt"):  # one second: by path
        (library / name).write_text(f"Story {name}\n\nBody.\n")
        os.utime(library / name, (1_600_000_000.5, 1_600_000_000.5))
    full.scan()
    state = full.state
    with LibraryIndex(tmp_path / "cache", full.roots, RULES, writer=False) as index:
        catalog = Catalog(index, state.path, state.is_read, state.is_bookmarked)
        assert _rows(catalog.newest()) == _rows(full.select())


@pytest.mark.parametrize("text", ["the", "section:news", "government section:news unread"])
def test_every_statement_of_a_search_stops_once_it_is_cancelled(
    library: Path, tmp_path: Path, text: str, monkeypatch
) -> None:
    """A search the next key made stale stops in whatever statement it is (the newest
    articles' walk, the share's count), not only in the full-text ranking."""
    from termnews.library import index as index_module
    from termnews.library.query import parse_query
    from termnews.library.search import SearchCancelled

    _repo(library, tmp_path).scan()
    monkeypatch.setattr(index_module, "_CHECK_EVERY", 1)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 300

    with pytest.raises(SearchCancelled):
        _repo(library, tmp_path).search_first(parse_query(text), 60, cancelled)
    asked.clear()
    assert _repo(library, tmp_path).search_first(parse_query(text), 60, lambda: False)


def test_the_sections_are_every_distinct_section(library: Path, tmp_path: Path) -> None:
    (library / "plain.txt").write_text("Plain\n\nA story in no section at all.\n")
    full = _repo(library, tmp_path)
    full.scan()
    with LibraryIndex(tmp_path / "cache", full.roots, RULES, writer=False) as index:
        catalog = Catalog(index, None, full.state.is_read, full.state.is_bookmarked)
        found = catalog.sections()
    assert sorted(found) == sorted({meta.section for meta in full.articles})
    assert len(found) > 10 and () in found  # a file at the top has none


@pytest.mark.parametrize("sample", [5, 20_000])
def test_a_words_share_is_counted_or_estimated_from_the_newest(
    library: Path, tmp_path: Path, sample: int, monkeypatch
) -> None:
    """Up to SAMPLE documents the share is counted; beyond, estimated from the newest."""
    from termnews.library import catalog as catalog_module

    monkeypatch.setattr(catalog_module, "SAMPLE", sample)
    full = _repo(library, tmp_path)
    full.scan()
    with LibraryIndex(tmp_path / "cache", full.roots, RULES, writer=False) as index:
        catalog = Catalog(index, None, full.state.is_read, full.state.is_bookmarked)
        every = len(full.search("the")) / len(full.articles)
        assert catalog._share("the") == pytest.approx(every, abs=0.25 if sample == 5 else 0.01)
        assert catalog._share("zzyzxnotaword") == 0.0


def test_copies_are_known_in_an_index_made_before_scans_recorded_them(
    library: Path, tmp_path: Path
) -> None:
    import sqlite3

    full = _repo(library, tmp_path)
    full.scan()
    [path] = (tmp_path / "cache").glob("index-*.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM copies")
        db.execute("DELETE FROM meta WHERE key = 'copies'")
    quick = _repo(library, tmp_path)
    copies = {m.relpath: m.id for m in quick.selection() if "copy" in m.relpath}
    assert copies == {m.relpath: m.id for m in full.articles if "copy" in m.relpath}
    assert len(set(copies.values())) == 2


@pytest.mark.parametrize("prepared", [False, True])
def test_a_big_library_answers_as_a_full_read_does(
    library: Path, tmp_path: Path, monkeypatch, prepared: bool
) -> None:
    """Lists, counts, bookmarks and searches of a library read from its index, against the
    same read in full, with copies of one text marked under their own ids (the BBC corpus
    has a hundred such copies; marks on them were lost before); sections taken from the
    whole list by their numbers (`prepared`) or from SQL."""
    from termnews import repository

    full = _repo(library, tmp_path)
    full.scan()
    _mark_some(full)
    copies = [m.id for m in full.articles if "copy" in m.relpath]
    full.mark("read", copies, True)
    full.mark("bookmarked", copies[-1:], True)
    monkeypatch.setattr(repository, "BIG_FROM", 10)
    big = _repo(library, tmp_path)
    assert big.open_big()
    if prepared:
        big.prepare_lists("date")
    for section in [(), ("News",), ("real",), ("News", "Military"), ("Sport", "Tennis")]:
        for unread, bookmarked in [(False, False), (True, False), (False, True)]:
            marks = {"unread": unread, "bookmarked": bookmarked}
            assert _rows(big.select(section, **marks)) == _rows(full.select(section, **marks))
    walk = [(n.path, n.total, n.unread) for n in big.section_tree().walk()]
    assert walk == [(n.path, n.total, n.unread) for n in full.section_tree().walk()]
    assert big.bookmark_count() == full.bookmark_count()
    assert big.tag_counts() == full.tag_counts() and len(full.tag_counts()) > 10
    for text in ["milley", "the", "bookmarked", "unread section:news", "not the", "tag:Security"]:
        got = [(h.meta.id, round(h.score, 6)) for h in big.search(text)]
        assert got == [(h.meta.id, round(h.score, 6)) for h in full.search(text)], text
    # By title, a big library's lists follow SQL's order (ASCII case folded), prepared or not.
    plain = _repo(library, tmp_path)
    assert plain.open_big()
    if prepared:
        big.prepare_lists("title")
    for section in [(), ("News",), ("Sport", "Tennis")]:
        for unread in (False, True):
            got = big.select(section, unread=unread, order="title")
            assert _rows(got) == _rows(plain.select(section, unread=unread, order="title"))
