"""Marks that follow the user: two data folders ("machines") and one sync folder."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termnews import repository
from termnews.library import TrailerRules
from termnews.repository import Repository
from termnews.state import StateStore
from termnews.state.sync import (
    COMPACT_AT,
    Change,
    Stamp,
    SyncFolder,
    key_of,
    merge,
    parse_line,
    read_journal,
)

from .conftest import settle_folders

RULES = TrailerRules.build()


# The merge


changes = st.builds(
    lambda item, kind, on, wall, counter, machine: Change(
        key_of(f"id{item}", None), kind, on, Stamp(wall, counter, machine), f"id{item}"
    ),
    st.integers(0, 4),
    st.sampled_from(["read", "bookmarked"]),
    st.booleans(),
    st.integers(0, 50),
    st.integers(0, 3),
    st.sampled_from(["aaaa1111", "bbbb2222", "cccc3333"]),
)
histories = st.lists(changes, max_size=30)


@settings(max_examples=200)
@given(histories, histories)
def test_merge_is_commutative(a, b) -> None:
    assert merge(a, b) == merge(b, a)


@settings(max_examples=200)
@given(histories, histories, histories)
def test_merge_is_associative(a, b, c) -> None:
    assert merge(list(merge(a, b).values()), c) == merge(a, list(merge(b, c).values()))


@settings(max_examples=200)
@given(histories)
def test_merge_is_idempotent(a) -> None:
    once = merge(a)
    assert merge(a, a) == once == merge(list(once.values()))


def test_a_journal_line_round_trips_and_ignores_unknown_fields() -> None:
    change = Change(
        ("url", "https://x.example/a"),
        "read",
        True,
        Stamp(5, 1, "m1"),
        "abc",
        "https://x.example/a",
    )
    assert parse_line(change.line()) == change
    newer = json.loads(change.line()) | {"v": 7, "tags": ["x"], "device": "phone"}
    assert parse_line(json.dumps(newer)) == change
    assert parse_line("not json") is None and parse_line('{"kind": "read"}') is None


def test_a_journal_that_grew_is_read_from_where_the_last_read_stopped(
    tmp_path, monkeypatch
) -> None:
    """Only the new lines are parsed when the file grew by appends (a half-written line
    included); a file rewritten in place, even larger, is read again whole."""
    from termnews.state import sync

    def line(n: int) -> str:
        return Change(("id", f"id{n}"), "read", True, Stamp(n, 0, "m1"), f"id{n}").line()

    path = tmp_path / "marks-m1.jsonl"
    path.write_text(line(1) + line(2) + line(3)[:20])
    first = read_journal(path)
    parsed = []
    real = sync.parse_line
    monkeypatch.setattr(sync, "parse_line", lambda text: parsed.append(text) or real(text))
    with path.open("a") as handle:
        handle.write(line(3)[20:] + "garbage\n" + line(4))
    grown = read_journal(path, first)
    assert len(parsed) == 3 and grown == read_journal(path)
    assert [c.article_id for c in grown.changes] == ["id1", "id2", "id3", "id4"]
    assert grown.bad_lines == 1
    with path.open("r+") as handle:  # a sync tool that writes in place, same inode
        handle.write(line(7) + line(8) + line(9) + line(5) + line(6))
    again = read_journal(path, grown)
    assert [c.article_id for c in again.changes] == ["id7", "id8", "id9", "id5", "id6"]
    assert again == read_journal(path)


# Two machines


@pytest.fixture
def machines(tmp_path: Path):
    """Two machines with the same library (copied, as a sync tool would) and one sync folder."""
    library = tmp_path / "library-a"
    (library / "world").mkdir(parents=True)
    for n in range(4):
        (library / "world" / f"{n}.md").write_text(
            f"---\ntitle: Story {n}\nurl: https://news.example/{n}\n---\n\nBody {n}.\n"
        )
    (library / "world" / "plain.txt").write_text("A plain story\n\nIt has no URL.\n")
    other = tmp_path / "library-b"
    shutil.copytree(library, other)
    sync_dir = tmp_path / "Sync"

    def machine(name: str, root: Path, clock=None) -> Repository:
        data = tmp_path / f"data-{name}"
        repo = Repository([root], StateStore(data), RULES, tmp_path / f"cache-{name}")
        repo.sync = SyncFolder(sync_dir, data, **({"clock": clock} if clock else {}))
        repo.scan()
        return repo

    return machine, library, other, sync_dir


def ids_by_title(repo: Repository) -> dict[str, str]:
    return {meta.title: meta.id for meta in repo.articles}


def test_marks_made_on_either_machine_reach_the_other(machines) -> None:
    machine, library, other, _sync = machines
    a, b = machine("a", library), machine("b", other)
    a.mark("read", [ids_by_title(a)["Story 1"]], True)
    a.mark("bookmarked", [ids_by_title(a)["A plain story"]], True)
    report = b.sync_marks()
    assert len(report.applied) == 2
    assert b.is_read(ids_by_title(b)["Story 1"]) and b.is_bookmarked(
        ids_by_title(b)["A plain story"]
    )
    b.mark("read", [ids_by_title(b)["Story 1"]], False)
    a.sync_marks()
    assert not a.is_read(ids_by_title(a)["Story 1"])
    assert not b.sync_marks().applied  # nothing left to bring, nothing resurrected


def test_feed_items_with_different_text_match_by_url(machines, tmp_path) -> None:
    machine, library, other, _sync = machines
    # the same item fetched on each machine at another time: other text, other id, one URL
    (other / "world" / "2.md").write_text(
        "---\ntitle: Story 2\nurl: https://news.example/2\nfetched: later\n---\n\nBody 2.\n"
    )
    a, b = machine("a", library), machine("b", other)
    assert ids_by_title(a)["Story 2"] != ids_by_title(b)["Story 2"]
    a.mark("read", [ids_by_title(a)["Story 2"]], True)
    b.sync_marks()
    assert b.is_read(ids_by_title(b)["Story 2"])


def test_marks_made_before_syncing_are_shared_by_the_first_sync(machines, tmp_path) -> None:
    machine, library, other, _sync_dir = machines
    data = tmp_path / "data-a"
    early = Repository([library], StateStore(data), RULES, tmp_path / "cache-a")
    early.scan()
    early.mark("bookmarked", [ids_by_title(early)["Story 3"]], True)
    early.state.close()
    a, b = machine("a", library), machine("b", other)
    assert a.is_bookmarked(ids_by_title(a)["Story 3"])
    b.sync_marks()
    assert b.is_bookmarked(ids_by_title(b)["Story 3"])


def test_a_clock_hours_behind_still_orders_its_own_changes(machines) -> None:
    machine, library, other, _sync = machines
    now = [1_800_000_000.0]
    a = machine("a", library, clock=lambda: now[0])
    b = machine("b", other, clock=lambda: now[0] - 3 * 3600)  # three hours slow
    story = "Story 0"
    a.mark("read", [ids_by_title(a)[story]], True)
    b.sync_marks()
    now[0] += 60
    b.mark("read", [ids_by_title(b)[story]], False)  # later, though its clock says earlier
    a.sync_marks()
    assert not a.is_read(ids_by_title(a)[story]) and not b.is_read(ids_by_title(b)[story])


def test_a_machine_offline_for_a_month_merges_both_ways(machines) -> None:
    machine, library, other, sync_dir = machines
    now = [1_800_000_000.0]
    a = machine("a", library, clock=lambda: now[0])
    b = machine("b", other, clock=lambda: now[0])
    a.mark("read", [ids_by_title(a)["Story 0"]], True)
    b.sync_marks()
    offline = sync_dir.with_name("b-offline")
    b.sync.sync_dir = offline  # b cannot see the folder for a month
    b.sync.journal = offline / b.sync.journal.name
    now[0] += 30 * 86400
    b.mark("read", [ids_by_title(b)["Story 0"]], False)
    b.mark("bookmarked", [ids_by_title(b)["Story 1"]], True)
    shutil.copy(b.sync.journal, sync_dir / b.sync.journal.name)  # back online: the tool syncs
    b.sync.sync_dir, b.sync.journal = sync_dir, sync_dir / b.sync.journal.name
    a.sync_marks(), b.sync_marks()
    for repo in (a, b):
        assert not repo.is_read(ids_by_title(repo)["Story 0"])  # b's change is the newer
        assert repo.is_bookmarked(ids_by_title(repo)["Story 1"])


def test_what_sync_tools_leave_behind(machines) -> None:
    machine, library, other, sync_dir = machines
    a, b = machine("a", library), machine("b", other)
    a.mark("read", [ids_by_title(a)["Story 0"]], True)
    journal = a.sync.journal
    lines = journal.read_text().splitlines(keepends=True)
    conflict = sync_dir / f"marks-{a.sync.machine}.sync-conflict-20261127-101010-ABCDEF.jsonl"
    change = Change(("url", "https://news.example/1"), "bookmarked", True,
                    Stamp(9_999_999_999_999, 0, a.sync.machine), "", "https://news.example/1")  # fmt: skip
    conflict.write_text(change.line())
    journal.write_text(
        "".join(lines) + "garbage {not json\n" + '{"v":1,"id":"x","ki'
    )  # a line still being written
    report = b.sync_marks()
    assert b.is_read(ids_by_title(b)["Story 0"])
    assert b.is_bookmarked(ids_by_title(b)["Story 1"])  # read from the conflict copy
    assert [w for w in report.warnings if "1 line(s) that are not mark changes" in w]


def test_a_line_cut_by_a_crash_does_not_swallow_the_next(machines) -> None:
    machine, library, other, _sync = machines
    a, b = machine("a", library), machine("b", other)
    a.mark("read", [ids_by_title(a)["Story 0"]], True)
    with a.sync.journal.open("a") as journal:
        journal.write('{"v":1,"id":"half')  # killed mid-write
    a.mark("read", [ids_by_title(a)["Story 1"]], True)
    parsed = read_journal(a.sync.journal)
    assert parsed.bad_lines == 1 and len(parsed.changes) >= 2
    b.sync_marks()
    assert b.is_read(ids_by_title(b)["Story 0"]) and b.is_read(ids_by_title(b)["Story 1"])


def test_concurrent_marks_on_two_machines(machines) -> None:
    machine, library, other, _sync = machines
    a, b = machine("a", library), machine("b", other)

    def flip(repo: Repository, title: str) -> None:
        for n in range(20):
            repo.mark("read", [ids_by_title(repo)[title]], n % 2 == 0)

    threads = [threading.Thread(target=flip, args=(a, "Story 0")),
               threading.Thread(target=flip, args=(b, "Story 1"))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    a.sync_marks(), b.sync_marks()
    for repo in (a, b):  # both ended on "unread" (the 20th flip), and agree
        assert not repo.is_read(ids_by_title(repo)["Story 0"])
        assert not repo.is_read(ids_by_title(repo)["Story 1"])
    assert read_journal(a.sync.journal).bad_lines == 0


def test_compaction_keeps_the_newest_state(machines, monkeypatch) -> None:
    machine, library, other, _sync = machines
    monkeypatch.setattr("termnews.state.sync.COMPACT_AT", 2_000)
    a, b = machine("a", library), machine("b", other)
    for n in range(40):
        a.mark("read", [ids_by_title(a)["Story 2"]], n % 2 == 0)
    assert a.sync.journal.stat().st_size < 2_000 + 400
    assert COMPACT_AT > 2_000  # the real threshold is larger
    b.sync_marks()
    assert not b.is_read(ids_by_title(b)["Story 2"])


def test_the_newest_change_about_an_article_wins_whether_by_url_or_id(machines) -> None:
    """Two machines named one article two ways (a feed item by URL, a text by id): its
    newest change wins, whichever journal is read first; many are saved in one write."""
    machine, _library, other, sync_dir = machines
    b = machine("b", other)
    story = ids_by_title(b)["Story 1"]
    url = "https://news.example/1"
    newer = Change(("url", url), "read", True, Stamp(2_000, 0, "aaaa1111"), "", url)
    older = Change(("id", story), "read", False, Stamp(1_000, 0, "bbbb2222"), story, None)
    (sync_dir / "marks-aaaa1111.jsonl").write_text(newer.line())
    (sync_dir / "marks-bbbb2222.jsonl").write_text(older.line())
    report = b.sync_marks()
    assert b.is_read(story) and report.applied == [newer]


# A library answered from its index (big, or the command line's quick path)


def test_a_big_library_syncs_from_its_index(machines, tmp_path, monkeypatch) -> None:
    """Nothing held in memory: the other machine's feed item is found by its URL in the
    index, and the marks made before the first sync are shared from it."""
    machine, library, other, _sync = machines
    monkeypatch.setattr(repository, "BIG_FROM", 3)
    (other / "world" / "2.md").write_text(
        "---\ntitle: Story 2\nurl: https://news.example/2\nfetched: later\n---\n\nBody 2.\n"
    )
    data = tmp_path / "data-b"
    early = Repository([other], StateStore(data), RULES, tmp_path / "cache-b")
    early.scan()
    early.mark("bookmarked", [ids_by_title(early)["Story 3"]], True)
    titles = ids_by_title(early)
    early.state.close()
    a = machine("a", library)
    b = Repository([other], StateStore(data), RULES, tmp_path / "cache-b")
    b.sync = SyncFolder(a.sync.sync_dir, data)
    assert b.open_big() and b.articles == [] and b.big is not None
    a.mark("read", [ids_by_title(a)["Story 2"]], True)
    assert ids_by_title(a)["Story 2"] != titles["Story 2"]
    report = b.sync_marks()
    assert [change.key for change in report.applied] == [("url", "https://news.example/2")]
    assert b.is_read(titles["Story 2"])
    assert b.state.marked_paths()[titles["Story 2"]] == str(other / "world" / "2.md")
    a.sync_marks()
    assert a.is_bookmarked(ids_by_title(a)["Story 3"])  # b's first sync shared it
    b.mark("bookmarked", [titles["Story 2"]], True)  # journaled with its URL from the index
    a.sync_marks()
    assert a.is_bookmarked(ids_by_title(a)["Story 2"])  # whose id there is another


def test_a_merge_stops_when_the_reader_quits(machines, tmp_path, monkeypatch) -> None:
    """A phone's 100,000 marks took over 20 s to look up at a million: quitting stops the
    merge between lookups, and it is not taken as done, so the next one does it all."""
    machine, _library, other, sync_dir = machines
    monkeypatch.setattr(repository, "BIG_FROM", 3)
    monkeypatch.setattr(repository, "_LOOKED_UP_AT_ONCE", 1)
    settle_folders(other)
    b = machine("b", other)
    assert b.open_big() and b.big is not None
    phone = SyncFolder(sync_dir, tmp_path / "phone")
    phone.record("read", [(f"p{n}", f"https://news.example/{n}") for n in range(4)], True)
    looked_up = []
    ids_by_url = b.big.catalog.ids_by_url

    def look_up(urls):
        looked_up.append(urls)
        if len(looked_up) == 2:
            b.stop_scanning()  # the reader quits during the merge
        return ids_by_url(urls)

    monkeypatch.setattr(b.big.catalog, "ids_by_url", look_up)
    merged = b.state.setting(repository._MERGED)
    assert b.sync_marks(unless_seen=True) is None and len(looked_up) == 2
    assert b.state.setting(repository._MERGED) == merged  # the phone's not taken as merged
    listed = [meta.id for meta in b.select(())]
    assert not any(b.is_read(i) for i in listed)
    b._stop.clear()  # started again
    assert len(b.sync_marks(unless_seen=True).applied) == 4
    assert sum(b.is_read(i) for i in listed) == 4


def test_a_big_library_finds_a_marked_url_that_arrives_later(
    machines, tmp_path, monkeypatch
) -> None:
    """URLs the index had no article for are asked again once the library changed."""
    machine, _library, other, sync_dir = machines
    monkeypatch.setattr(repository, "BIG_FROM", 3)
    settle_folders(other)
    b = machine("b", other)
    assert b.open_big() and b.big is not None
    phone = SyncFolder(sync_dir, tmp_path / "phone")
    phone.record("read", [("elsewhere", "https://news.example/9")], True)
    assert not b.sync_marks().applied  # not fetched here yet
    (other / "world" / "9.md").write_text(
        "---\ntitle: Story 9\nurl: https://news.example/9\n---\n\nBody 9.\n"
    )
    assert b.open_big()  # the folder changed: read into the index, listed again
    assert len(b.sync_marks().applied) == 1
    [nine] = b.big.catalog.ids_by_url(["https://news.example/9"])["https://news.example/9"]
    assert b.is_read(nine)


def test_the_command_lines_quick_path_syncs_without_reading_the_library(
    machines, tmp_path, monkeypatch, capsys
) -> None:
    """With a sync folder, a command still reads only the rows it needs from the index."""
    from termnews.cli import main

    _machine, library, other, sync_dir = machines
    (other / "world" / "2.md").write_text(
        "---\ntitle: Story 2\nurl: https://news.example/2\nfetched: later\n---\n\nBody 2.\n"
    )
    config = tmp_path / "config.yaml"
    config.write_text(f"sync_dir: {sync_dir}\n")
    monkeypatch.setenv("TERMNEWS_DEBUG", "1")

    def on(root: Path, name: str, *args: str, config: Path = config):
        common = ["--library", str(root), "--config", str(config)]
        assert main([*args, *common, "--data-dir", str(tmp_path / name)]) == 0
        return capsys.readouterr().out

    ids = [{row["title"]: row["id"] for row in json.loads(on(root, name, "list", "--json"))}
           for root, name in ((library, "a"), (other, "b"))]  # fmt: skip
    for root in (library, other):
        settle_folders(root)

    def whole(*_args, **_kwargs):
        raise AssertionError("the whole library was read")

    monkeypatch.setattr(Repository, "cached", whole)
    monkeypatch.setattr(Repository, "scan", whole)
    on(library, "a", "read", ids[0]["Story 2"])
    on(other, "b", "bookmark", ids[1]["Story 0"])
    unread = json.loads(on(other, "b", "list", "--unread", "--json"))
    assert "Story 2" not in {row["title"] for row in unread} and len(unread) == 4
    assert "1 mark change(s) from other machines" in on(library, "a", "sync")
    assert json.loads(on(library, "a", "show", ids[0]["Story 0"], "--json"))["bookmarked"]
    exported = tmp_path / "marks.jsonl"
    on(library, "a", "marks", "export", str(exported))
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert sorted((line["url"], line["kind"]) for line in lines) == [
        ("https://news.example/0", "bookmarked"),
        ("https://news.example/2", "read"),
    ]
    alone = tmp_path / "no-sync.yaml"
    alone.write_text("{}\n")
    assert "2 mark(s) changed" in on(other, "c", "marks", "import", str(exported), config=alone)
    shown = json.loads(on(other, "c", "show", ids[1]["Story 2"], "--json", config=alone))
    assert shown["read"] and not shown["bookmarked"]


def test_a_command_skips_the_merge_only_when_nothing_can_have_changed(
    machines, tmp_path, monkeypatch, capsys
) -> None:
    """Journals as the last merge found them and no new article: nothing to take in."""
    from termnews.cli import main

    _machine, library, other, sync_dir = machines
    config = tmp_path / "config.yaml"
    config.write_text(f"sync_dir: {sync_dir}\n")

    def on(root: Path, name: str, *args: str) -> str:
        common = ["--library", str(root), "--config", str(config)]
        assert main([*args, *common, "--data-dir", str(tmp_path / name)]) == 0
        return capsys.readouterr().out

    ids = {row["title"]: row["id"] for row in json.loads(on(library, "a", "list", "--json"))}
    on(other, "b", "sections")
    for root in (library, other):
        settle_folders(root)
    merges = []
    real = SyncFolder.merge_into
    monkeypatch.setattr(
        SyncFolder, "merge_into", lambda self, *a: merges.append(1) or real(self, *a)
    )
    on(library, "a", "read", ids["Story 1"])
    phone = SyncFolder(sync_dir, tmp_path / "phone")  # read an item b has not fetched yet
    phone.record("read", [("elsewhere", "https://news.example/9")], True)
    merges.clear()
    on(other, "b", "sections")
    on(other, "b", "sections")
    assert len(merges) == 1
    (other / "world" / "9.md").write_text(
        "---\ntitle: Story 9\nurl: https://news.example/9\n---\n\nBody 9.\n"
    )
    unread = {row["title"] for row in json.loads(on(other, "b", "list", "--unread", "--json"))}
    assert len(merges) == 2 and "Story 9" not in unread and "Story 1" not in unread
    on(other, "b", "sync")
    assert len(merges) == 3  # asked for: merged whatever the journals


# The command line


def test_sync_command_and_status(run_cli, tmp_path, machines) -> None:
    _machine, library, other, sync_dir = machines
    configs = []
    for name in ("a", "b"):
        config = tmp_path / f"config-{name}.yaml"
        config.write_text(f"sync_dir: {sync_dir}\n")
        configs.append(config)

    def on(name: str, *args: str, check: bool = True):
        index = "ab".index(name)
        root = (library, other)[index]
        return run_cli(*args, "--library", str(root), "--config", str(configs[index]),
                       data_dir=tmp_path / f"cli-data-{name}", check=check)  # fmt: skip

    listed = json.loads(on("a", "list", "--json").stdout)
    story = next(row for row in listed if row["title"] == "Story 1")
    on("a", "read", story["id"])
    synced = on("b", "sync").stdout
    assert (
        "1 mark change(s) from other machines" in synced
        and "read: https://news.example/1" in synced
    )
    assert "0 mark change(s)" in on("b", "sync").stdout
    shown = json.loads(on("b", "list", "--json").stdout)
    assert next(row for row in shown if row["title"] == "Story 1")["read"] is True
    status = on("b", "sync", "--status").stdout
    assert "(this machine)" in status and status.count("changes") == 2
    unsynced = run_cli("sync", "--library", str(library))
    assert unsynced.returncode == 2 and "set sync_dir in config.yaml" in unsynced.stderr


def test_sync_lists_a_long_merge_by_its_count(run_cli, tmp_path) -> None:
    """Another machine's `A` on a big section merges thousands of changes: a few are listed,
    then how many of each kind, not one line each."""
    library = tmp_path / "library"
    (library / "world").mkdir(parents=True)
    for n in range(40):
        (library / "world" / f"{n}.md").write_text(
            f"---\ntitle: Story {n}\nurl: https://news.example/{n}\n---\n\nBody {n}.\n"
        )
    sync_dir = tmp_path / "Sync"
    phone = SyncFolder(sync_dir, tmp_path / "phone")
    phone.record("read", [(f"p{n}", f"https://news.example/{n}") for n in range(35)], True)
    phone.record("bookmarked", [("p1", "https://news.example/1")], True)
    config = tmp_path / "config.yaml"
    config.write_text(f"sync_dir: {sync_dir}\n")
    where = ["--library", str(library), "--config", str(config)]
    lines = run_cli("sync", *where, data_dir=tmp_path / "data").stdout.splitlines()
    assert lines[0] == "36 mark change(s) from other machines"
    assert len(lines) == 12 and all(line.startswith("  read: https://") for line in lines[1:11])
    assert lines[11] == "  … and 26 more (in all: 35 read, 1 bookmarked; --json lists every one)"
    phone.record("read", [("p36", "https://news.example/36")], True)
    listed = json.loads(run_cli("sync", "--json", *where, data_dir=tmp_path / "data").stdout)
    assert [row["url"] for row in listed] == ["https://news.example/36"]


def test_marks_export_and_import_also_newsboat(run_cli, tmp_path, machines) -> None:
    _machine, library, _other, _sync = machines
    listed = json.loads(run_cli("list", "--library", str(library), "--json", check=True).stdout)
    first = next(row for row in listed if row["title"] == "Story 0")
    run_cli("bookmark", first["id"], "--library", str(library), check=True)
    exported = run_cli("marks", "export", "--library", str(library), check=True).stdout
    assert json.loads(exported.splitlines()[0])["kind"] == "bookmarked"
    (tmp_path / "marks.jsonl").write_text(exported)
    fresh = tmp_path / "fresh"
    result = run_cli("marks", "import", str(tmp_path / "marks.jsonl"), "--library", str(library),
                     data_dir=fresh, check=True)  # fmt: skip
    assert "1 mark(s) changed" in result.stdout
    again = run_cli("marks", "import", str(tmp_path / "marks.jsonl"), "--library", str(library),
                    data_dir=fresh, check=True)  # fmt: skip
    assert "0 mark(s) changed" in again.stdout  # idempotent
    (tmp_path / "newsboat.txt").write_text("https://news.example/2\nhttps://news.example/3\n")
    result = run_cli("marks", "import", str(tmp_path / "newsboat.txt"), "--library", str(library),
                     data_dir=fresh, check=True)  # fmt: skip
    assert "2 mark(s) changed" in result.stdout


async def test_marks_from_another_machine_show_up_live(machines, tmp_path) -> None:
    from termnews.config import Config
    from termnews.ui.app import TermnewsApp

    from .ui_helpers import list_widget, ready, until

    machine, library, other, _sync = machines
    a = machine("a", library)
    b = machine("b", other)
    app = TermnewsApp(b, Config())
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j")
        cursor = list_widget(screen).cursor
        story = ids_by_title(a)["Story 3"]
        a.mark("read", [story], True)
        await until(pilot, lambda: b.is_read(ids_by_title(b)["Story 3"]), timeout=8)
        assert list_widget(screen).cursor == cursor


async def test_a_long_merge_does_not_hold_the_screen(machines) -> None:
    """Another machine's `A` on a big section is a merge of many thousand changes: it runs
    beside the screen, which answers keys meanwhile, and shows the marks when done."""
    import threading

    from termnews.config import Config
    from termnews.ui.app import TermnewsApp

    from .ui_helpers import list_widget, ready, until

    machine, library, other, _sync = machines
    a = machine("a", library)
    b = machine("b", other)
    app = TermnewsApp(b, Config())
    merging, release, threads = threading.Event(), threading.Event(), []
    look = b.marks_changed_elsewhere

    def slow_look(merge: bool = False) -> bool:
        threads.append(threading.current_thread())
        merging.set()
        release.wait(10)
        return look(merge)

    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        a.mark("read", [ids_by_title(a)["Story 3"]], True)
        b.marks_changed_elsewhere = slow_look
        screen._poll_marks()
        await until(pilot, merging.is_set)
        cursor = list_widget(screen).cursor
        await pilot.press("j")
        assert list_widget(screen).cursor == cursor + 1
        assert threads and threads[0] is not threading.main_thread()
        release.set()
        await until(pilot, lambda: b.is_read(ids_by_title(b)["Story 3"]))
        await until(pilot, lambda: "4 unread" in screen.sub_title)


async def test_marks_from_elsewhere_while_a_save_is_queued_are_counted_once(machines) -> None:
    """Another machine's marks come in while one of this screen's saves is written but not
    yet shown: the counts are redone after it is shown, not before (it would count twice)."""
    import threading

    from termnews.config import Config
    from termnews.ui.app import TermnewsApp
    from termnews.ui.view import View
    from termnews.ui.widgets.section_tree import SectionTree

    from .ui_helpers import ready, until

    machine, library, other, _sync = machines
    a = machine("a", library)
    b = machine("b", other)
    app = TermnewsApp(b, Config())
    looking, looked, written, release = (threading.Event() for _ in range(4))
    mine = ids_by_title(b)["Story 0"]
    look = b.marks_changed_elsewhere

    def slow_look(merge: bool = False) -> bool:
        looking.set()
        looked.wait(10)
        return look(merge)

    def save(quick: bool):
        change = b.mark("read", [mine], True, quick)
        written.set()
        release.wait(10)
        return change

    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        assert "5 unread" in screen.sub_title
        a.mark("read", [ids_by_title(a)["Story 3"]], True)
        b.marks_changed_elsewhere = slow_look
        screen._poll_marks()
        await until(pilot, looking.is_set)
        screen._save(save, True, None, queue=True)
        await until(pilot, written.is_set)
        looked.set()
        await until(pilot, lambda: not screen._polling)
        release.set()
        await until(pilot, lambda: not screen._queued)
        await pilot.pause()
        assert "3 unread" in screen.sub_title
        tree = screen.query_one(SectionTree)
        assert tree.counts(View("all")) == (5, 3) and tree.counts(View("unread"))[1] == 3


async def test_counts_made_beside_the_screen_give_way_to_a_mark_made_meanwhile(
    machines,
) -> None:
    """The poll's thread counts after a merge; a mark made on the screen before those counts
    are shown makes them out of date, and the screen counts again."""
    import threading

    from termnews.config import Config
    from termnews.ui.app import TermnewsApp
    from termnews.ui.view import View
    from termnews.ui.widgets.section_tree import SectionTree

    from .ui_helpers import ready, until

    machine, library, other, _sync = machines
    a = machine("a", library)
    b = machine("b", other)
    app = TermnewsApp(b, Config())
    counted, release = threading.Event(), threading.Event()
    count = b.section_tree

    def slow_count():
        tree = count()
        if threading.current_thread() is not threading.main_thread():
            counted.set()
            release.wait(10)
        return tree

    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        b.section_tree = slow_count
        a.mark("read", [ids_by_title(a)["Story 3"]], True)
        screen._poll_marks()
        await until(pilot, counted.is_set)
        await pilot.press("m")  # the article under the cursor, read here meanwhile
        release.set()
        await until(pilot, lambda: not screen._polling)
        await pilot.pause()
        assert screen.query_one(SectionTree).counts(View("all")) == (5, 3)
        assert "3 unread" in screen.sub_title


async def test_a_big_library_takes_in_the_phones_marks_beside_its_first_screen(
    machines, tmp_path, monkeypatch
) -> None:
    """A big library opens, then the sync folder is merged by the poll's thread, whether or
    not it changed since: a journal's mark names an article by URL that came meanwhile."""
    from termnews.config import Config
    from termnews.ui.app import TermnewsApp

    from .ui_helpers import ready, until

    machine, _library, other, sync_dir = machines
    monkeypatch.setattr(repository, "BIG_FROM", 3)
    settle_folders(other)
    machine("b", other).state.close()  # the index, built
    phone = SyncFolder(sync_dir, tmp_path / "phone")
    phone.record("read", [("p1", "https://news.example/1")], True)
    data = tmp_path / "data-b"
    b = Repository([other], StateStore(data), RULES, tmp_path / "cache-b")
    b.sync = SyncFolder(sync_dir, data)
    app = TermnewsApp(b, Config())
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: b.big is not None and "4 unread" in screen.sub_title)
        (other / "world" / "9.md").write_text(
            "---\ntitle: Story 9\nurl: https://news.example/1\n---\n\nBody 9, again.\n"
        )
        await pilot.press("R")
        await until(pilot, lambda: "4 unread" in screen.sub_title and "/6 " in screen.sub_title)


# The reader


async def test_the_reader_says_what_the_sync_folder_skipped(make_app, machines, tmp_path) -> None:
    """A journal line that is not a mark change is told once, and listed under w."""
    from textual.widgets import Static

    from termnews.ui.dialogs.warnings import WarningsScreen

    from .ui_helpers import ready, until

    _machine, library, _other, sync_dir = machines
    sync_dir.mkdir()
    (sync_dir / "marks-phone.jsonl").write_text('garbage [@click=app.quit] {"v":\n')
    app = make_app(library)
    app.repo.sync = SyncFolder(sync_dir, tmp_path / "data")
    async with app.run_test(size=(120, 35)) as pilot:
        await ready(pilot)

        def told() -> list[str]:
            return [n.message for n in app._notifications if "Sync folder" in n.message]

        await until(pilot, lambda: told() == ["Sync folder: 1 problem. Press w to see them."])
        await pilot.press("w")
        assert isinstance(app.screen, WarningsScreen)
        shown = str(app.screen.query_one(Static).render())
        assert "marks-phone.jsonl: 1 line(s) that are not mark changes skipped" in shown
        await pilot.press("escape")
        await pilot.pause(2.5)  # a poll of the folder: nothing new, nothing told again
        assert len(told()) == 1
