"""Tests for scanning library folders: bad files are skipped with a reason, nothing hangs."""

from __future__ import annotations

import os
from pathlib import Path

from termnews.library import MAX_ARTICLE_BYTES, TrailerRules, scan_library

from .conftest import SEED

RULES = TrailerRules.build()


def test_bad_files_are_skipped_and_good_ones_kept(library: Path) -> None:
    (library / "empty.txt").write_bytes(b"")
    (library / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (library / "huge.txt").write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    (library / "broken.md").write_text("---\ntitle: [oops\n---\nbody")
    (library / "notes.pdf").write_bytes(b"%PDF-1.4")
    (library / ".hidden.txt").write_text("Hidden\n\nnot an article")
    result = scan_library([library], RULES)
    assert sorted(meta.relpath for meta in result.articles) == [
        "business/rates.txt",
        "news/seed.txt",
    ]
    reasons = {warning.path.name: warning.reason for warning in result.warnings}
    assert set(reasons) == {"empty.txt", "image.txt", "huge.txt", "broken.md"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["image.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "front matter" in reasons["broken.md"]
    assert "huge.txt" in str(next(w for w in result.warnings if w.path.name == "huge.txt"))


def test_folders_give_sections(library: Path) -> None:
    (library / "middle-east" / "gulf_states").mkdir(parents=True)
    (library / "middle-east" / "gulf_states" / "a.txt").write_text("Headline\n\nBody.")
    result = scan_library([library], RULES)
    sections = {meta.relpath: meta.section for meta in result.articles}
    assert sections["business/rates.txt"] == ("Business",)
    assert sections["news/seed.txt"] == ("News", "Military", "Afghanistan")
    assert sections["middle-east/gulf_states/a.txt"] == ("Middle east", "Gulf states")


def test_symlink_loop_and_dangling_link(library: Path) -> None:
    (library / "news" / "loop").symlink_to(library)
    (library / "dangling.txt").symlink_to(library / "missing.txt")
    result = scan_library([library], RULES)
    assert len(result.articles) == 2
    assert any("dangling.txt" in str(w) for w in result.warnings)


def test_unreadable_folder_is_reported(library: Path, monkeypatch) -> None:
    locked = library / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = scan_library([library], RULES)
    assert len(result.articles) == 2
    assert any("cannot open folder" in w.reason for w in result.warnings)


def test_duplicate_files_get_distinct_stable_ids(library: Path) -> None:
    (library / "copy.txt").write_bytes(SEED.read_bytes())
    first = scan_library([library], RULES)
    second = scan_library([library], RULES)
    ids = [meta.id for meta in first.articles]
    assert len(ids) == len(set(ids)) == 3
    assert ids == [meta.id for meta in second.articles]


def test_progress_is_reported(library: Path) -> None:
    calls: list[tuple[int, int]] = []
    scan_library([library], RULES, lambda done, total: calls.append((done, total)))
    assert calls == [(2, 2)]


def test_unreadable_file_is_reported(library: Path, monkeypatch) -> None:
    secret = library / "secret.txt"
    secret.write_text("Secret\n\nNobody may read this.")
    real_open = os.open

    def guarded(file, *args, **kwargs):
        if Path(str(file)) == secret:  # chmod 000 does not stop root, who runs CI
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    result = scan_library([library], RULES)
    assert len(result.articles) == 2
    (warning,) = result.warnings
    assert warning.path == secret and "Permission denied" in warning.reason


def test_files_removed_and_changed_during_a_scan(library: Path, monkeypatch) -> None:
    from termnews.library import scan as scan_module

    for n in range(6):
        (library / f"story-{n}.txt").write_text(f"Story {n}\n\nBody {n}.")
    real = scan_module.read_article
    calls = []

    def meddling(path, relpath, rules):
        calls.append(relpath)
        if len(calls) == 1:  # while the scan runs, other files go and change
            (library / "story-4.txt").unlink()
            (library / "story-5.txt").write_text("Story five, rewritten\n\nNew body.")
            (library / "news" / "seed.txt").write_bytes(b"\x00" * 100)
        return real(path, relpath, rules)

    monkeypatch.setattr(scan_module, "read_article", meddling)
    result = scan_library([library], RULES)
    titles = {meta.relpath: meta.title for meta in result.articles}
    assert "story-4.txt" not in titles
    assert titles["story-5.txt"] in ("Story 5", "Story five, rewritten")
    reasons = {w.path.name: w.reason for w in result.warnings}
    assert "story-4.txt" in reasons and "No such file" in reasons["story-4.txt"]
    if "news/seed.txt" not in titles:
        assert "binary" in reasons["seed.txt"]
    again = scan_library([library], RULES, known=result.records)
    assert "story-4.txt" not in {meta.relpath for meta in again.articles}
    assert not any(w.path.name == "story-4.txt" for w in again.warnings)
