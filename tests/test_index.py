"""Tests for the library index and the incremental, parallel scan."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from termnews.library import TrailerRules, scan_library
from termnews.library import scan as scan_module
from termnews.library.index import LibraryIndex
from termnews.repository import Repository
from termnews.state import StateStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

from .conftest import count_parses, settle_folders

RULES = TrailerRules.build()


def _repo(library: Path, tmp_path: Path, rules: TrailerRules = RULES) -> Repository:
    return Repository([library], StateStore(tmp_path / "data"), rules, tmp_path / "cache")


def test_second_scan_parses_only_changes(library: Path, tmp_path: Path, monkeypatch) -> None:
    parsed = count_parses(monkeypatch)
    first = _repo(library, tmp_path).read_library()
    assert sorted(parsed) == ["business/rates.txt", "news/seed.txt"]
    parsed.clear()
    (library / "new.txt").write_text("New story\n\nBody.")
    rates = library / "business" / "rates.txt"
    rates.write_text(rates.read_text() + "\nMore.\n")
    os.utime(rates, ns=(rates.stat().st_atime_ns, rates.stat().st_mtime_ns + 10**9))
    (library / "news" / "seed.txt").unlink()
    second = _repo(library, tmp_path).read_library()
    assert sorted(parsed) == ["business/rates.txt", "new.txt"]
    assert sorted(m.relpath for m in second.articles) == ["business/rates.txt", "new.txt"]
    assert second.removed == [str(library / "news" / "seed.txt")]
    parsed.clear()
    third = _repo(library, tmp_path).read_library()
    assert parsed == []
    assert [m.id for m in third.articles] == [m.id for m in second.articles]
    assert len(first.articles) == 2


def test_cached_start_reads_no_article(library: Path, tmp_path: Path, monkeypatch) -> None:
    scanned = _repo(library, tmp_path).read_library()
    parsed = count_parses(monkeypatch)
    cached = _repo(library, tmp_path).cached()
    assert parsed == []
    assert [(m.id, m.title, m.section, m.words) for m in cached.articles] == [
        (m.id, m.title, m.section, m.words) for m in scanned.articles
    ]


def test_skipped_files_are_remembered(library: Path, tmp_path: Path, monkeypatch) -> None:
    (library / "empty.txt").write_bytes(b"")
    _repo(library, tmp_path).read_library()
    parsed = count_parses(monkeypatch)
    again = _repo(library, tmp_path).read_library()
    assert parsed == []
    assert [w.path.name for w in again.warnings] == ["empty.txt"]


def test_new_trailer_patterns_reparse(library: Path, tmp_path: Path, monkeypatch) -> None:
    _repo(library, tmp_path).read_library()
    parsed = count_parses(monkeypatch)
    _repo(library, tmp_path, TrailerRules.build(["^Download"])).read_library()
    assert len(parsed) == 2


def test_a_new_page_extraction_reads_only_the_saved_pages_again(
    library: Path, tmp_path: Path, monkeypatch
) -> None:
    """An index whose pages an older extraction read (PAGES_VERSION) forgets them, and the
    next scan extracts them again; the other files are not read."""
    story = "<p>" + "Words of a story that runs on for a while. " * 20 + "</p>"
    (library / "page.html").write_text(f"<html><title>A page</title><article>{story}</article>")
    settle_folders(library)
    _repo(library, tmp_path).read_library()
    parsed = count_parses(monkeypatch)
    with LibraryIndex(tmp_path / "cache", [library], RULES) as index:
        assert index.connection.execute("SELECT value FROM meta WHERE key='pages'").fetchone()
        index.connection.execute("UPDATE meta SET value = '1' WHERE key = 'pages'")
    assert not _repo(library, tmp_path).unchanged_since_index()  # the command line scans too
    again = _repo(library, tmp_path).read_library()
    assert parsed == ["page.html"]
    assert "A page" in [m.title for m in again.articles]
    parsed.clear()
    _repo(library, tmp_path).read_library()
    assert parsed == []
    assert _repo(library, tmp_path).unchanged_since_index()


def test_a_new_page_extraction_reads_the_pages_again_by_their_folders(
    library: Path, tmp_path: Path, monkeypatch
) -> None:
    """The command line and a big library's reader read only the folders whose time
    moved: the folders of the pages forgotten are read again, or the pages would be gone
    from every list until a full scan."""
    story = "<p>" + "Words of a story that runs on for a while. " * 20 + "</p>"
    (library / "saved").mkdir()
    (library / "saved" / "page.html").write_text(
        f"<html><title>A page</title><article>{story}</article>"
    )
    settle_folders(library)
    _repo(library, tmp_path).read_library()
    with LibraryIndex(tmp_path / "cache", [library], RULES, writer=False) as index:
        index.connection.execute("UPDATE meta SET value = '1' WHERE key = 'pages'")
    parsed = count_parses(monkeypatch)
    repo = _repo(library, tmp_path)
    assert not repo.unchanged_since_index()
    refreshed = repo.refresh_index()
    assert refreshed is not None and parsed == ["saved/page.html"]
    assert [m.title for m in _repo(library, tmp_path).selection("saved")] == ["A page"]
    assert _repo(library, tmp_path).unchanged_since_index()


@pytest.mark.parametrize("damage", [b"garbage" * 100, b""])
def test_damaged_index_is_rebuilt(library: Path, tmp_path: Path, damage: bytes) -> None:
    repo = _repo(library, tmp_path)
    repo.read_library()
    index = LibraryIndex(tmp_path / "cache", repo.roots, RULES)
    index.path.write_bytes(damage)
    for suffix in ("-wal", "-shm"):
        Path(f"{index.path}{suffix}").unlink(missing_ok=True)
    assert len(_repo(library, tmp_path).read_library().articles) == 2
    assert len(_repo(library, tmp_path).cached().articles) == 2


def test_unwritable_cache_still_scans(library: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    repo = Repository([library], StateStore(tmp_path / "data"), RULES, blocker / "cache")
    assert len(repo.read_library().articles) == 2
    assert repo.cached().articles == []


def test_parallel_scan_equals_sequential(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "generated"
    generate(root, 500)
    (root / "bad.txt").write_bytes(b"\x00binary")
    batches: list[int] = []
    pools: list[object] = []

    class CountingPool(scan_module.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs) -> None:
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(scan_module, "ProcessPoolExecutor", CountingPool)
    parallel = scan_library([root], RULES, batch=lambda articles: batches.append(len(articles)))
    assert len(pools) == 1
    assert batches[0] <= scan_module.FIRST  # a few titles before the walk has ended
    assert len(batches) >= 3 and batches == sorted(batches) and batches[-1] == 500
    monkeypatch.setattr(scan_module, "PARALLEL_FROM", 10**9)
    sequential = scan_library([root], RULES)
    assert [(m.id, m.title, m.words) for m in parallel.articles] == [
        (m.id, m.title, m.words) for m in sequential.articles
    ]
    assert [str(w) for w in parallel.warnings] == [str(w) for w in sequential.warnings]


def test_parsed_files_reach_the_index_in_large_transactions(tmp_path: Path, monkeypatch) -> None:
    """The full-text table writes a segment per transaction: the scan hands the index a few
    thousand files at a time, not each chunk as it comes, and the rest at the end."""
    monkeypatch.setattr(scan_module, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(scan_module, "CHUNK", 30)
    monkeypatch.setattr(scan_module, "STORE_EVERY", 100)
    root = tmp_path / "generated"
    generate(root, 300)
    stored: list[int] = []
    reported: list[tuple[int, int]] = []  # (progress said, in the index then)
    result = scan_library(
        [root],
        RULES,
        progress=lambda done, _total: reported.append((done, sum(stored))),
        store=lambda records: stored.append(len(records)),
    )
    assert sum(stored) == len(result.records) == 300
    assert all(100 <= size < 100 + 50 for size in stored[:-1]) and 0 < stored[-1] < 150
    assert len(stored) >= 2
    # Progress counts what is in the index: a search meanwhile says what it has not seen.
    assert all(said == indexed for said, indexed in reported) and reported[-1][0] == 300


def test_the_write_ahead_log_shrinks_back_after_a_big_write(tmp_path: Path, monkeypatch) -> None:
    """A big transaction grows the index's log; once checkpointed, the next write cuts it
    back to WAL_KEPT instead of leaving it that size beside the index."""
    from termnews.library import index as index_module

    monkeypatch.setattr(index_module, "WAL_KEPT", 64 << 10)
    root = tmp_path / "generated"
    generate(root, 300)
    result = scan_library([root], RULES)
    with LibraryIndex(tmp_path / "cache", [root], RULES) as index:
        wal = Path(f"{index.path}-wal")
        index.store(list(result.records.values()))
        grown = wal.stat().st_size
        index.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        index.forget([next(iter(result.records))])
        assert grown > 4 * (64 << 10) and wal.stat().st_size <= 64 << 10


def test_a_few_huge_files_reach_the_index_before_thousands_are_held(
    tmp_path: Path, monkeypatch
) -> None:
    """Files may be 2 MB each: what waits for the index is bounded by its text as well."""
    monkeypatch.setattr(scan_module, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(scan_module, "FIRST", 10)
    monkeypatch.setattr(scan_module, "CHUNK", 10)
    monkeypatch.setattr(scan_module, "STORE_CHARS", 250_000)
    root = tmp_path / "library"
    root.mkdir()
    for number in range(60):
        (root / f"{number:02d}.txt").write_text(f"Long report {number}\n\n" + "word " * 20_000)
    stored: list[int] = []
    scan_library([root], RULES, store=lambda records: stored.append(len(records)))
    assert sum(stored) == 60 and max(stored) <= 20 and len(stored) >= 3


def test_copies_of_one_text_get_the_same_ids_from_the_index(library: Path, tmp_path) -> None:
    for name in ("a-copy.txt", "z-copy.txt"):
        (library / name).write_bytes((library / "news" / "seed.txt").read_bytes())
    scanned = _repo(library, tmp_path)
    scanned.scan()
    from_index = _repo(library, tmp_path).cached()
    ids = {meta.relpath: meta.id for meta in scanned.articles}
    assert len(set(ids.values())) == 4
    assert {meta.relpath: meta.id for meta in from_index.articles} == ids


def test_a_stopped_scan_ends_soon_and_the_next_goes_on(tmp_path: Path, monkeypatch) -> None:
    """The reader quits during a first scan: the scan ends after the chunk in hand (the
    worker processes are not waited for), and the next scan parses only the rest."""
    import time

    from termnews.library.records import ScanStopped

    root = tmp_path / "generated"
    generate(root, 1500)
    repo = _repo(root, tmp_path)
    chunks: list[int] = []

    def progress(done: int, total: int) -> None:
        chunks.append(done)
        if len(chunks) == 2:
            repo.stop_scanning()

    began = time.monotonic()
    with pytest.raises(ScanStopped):
        repo.read_library(progress)
    assert time.monotonic() - began < 30 and len(chunks) == 2
    parsed = count_parses(monkeypatch)
    again = _repo(root, tmp_path)
    monkeypatch.setattr(scan_module, "PARALLEL_FROM", 10**9)  # count parses in this process
    assert len(again.read_library().articles) == 1500
    assert 0 < len(parsed) <= 1500 - chunks[-1]  # what the stopped scan stored was kept


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers need two cores")
def test_a_big_scan_inside_the_reader_still_parses_in_worker_processes(tmp_path: Path) -> None:
    """Inside Textual, sys.stderr's fileno() is -1, and multiprocessing's helper process
    must be given stderr: started then, it would fail, and every file would be parsed in
    the reader's own process. A fresh process, since the helper starts once per process."""
    import subprocess

    root = tmp_path / "generated"
    generate(root, 600)
    probe = f"""
import sys
from pathlib import Path
from textual.app import App
from termnews.library import TrailerRules, scan_library
from termnews.library import scan

parsed = []
real = scan.read_article
scan.read_article = lambda *args: parsed.append(1) or real(*args)

class Probe(App):
    def on_mount(self):
        self.run_worker(self.read, thread=True)

    def read(self):
        self.fileno = sys.stderr.fileno()
        self.found = len(scan_library([Path({str(root)!r})], TrailerRules.build()).articles)
        self.call_from_thread(self.exit)

app = Probe()
app.run(headless=True)
print(app.fileno, app.found, len(parsed))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    fileno, found, in_process = map(int, done.stdout.split()[-3:])
    assert fileno == -1 and found == 600, done.stderr
    assert in_process <= scan_module.FIRST  # only the first chunk, parsed while workers start
