"""`termnews export` and the palette's export: Markdown, HTML (escaped) and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from termnews.exporting import articles_html
from termnews.library import TrailerRules
from termnews.library.parse import read_article

REAL = Path(__file__).parent / "fixtures" / "real"
HOSTILE = 'Shares [/b] <script>alert(1)</script> & "quotes" fall'


def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "tech").mkdir(parents=True)
    shutil.copy(REAL / "electron" / "electron-12-0.md", root / "tech" / "electron-12-0.md")
    (root / "tech" / "hostile.txt").write_text(
        f"{HOSTILE}\n\nA [link](javascript:alert(2)) body.\n"
    )
    return root


def test_html_export_escapes_untrusted_text_and_links_only_the_web(tmp_path) -> None:
    root = library(tmp_path)
    rules = TrailerRules.build()
    articles = [read_article(p, p.name, rules) for p in sorted((root / "tech").iterdir())]
    page = articles_html(articles, f"Export of {HOSTILE}")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page.replace("[link](javascript:alert(2))", "")
    assert '<a href="https://electronjs.org/releases/stable">releases website</a>' in page
    assert page.count("<article") == 2 and page.count('<li><a href="#a') == 2


GOLDEN = Path(__file__).parent / "fixtures" / "export" / "two-articles.html"


def test_html_export_matches_the_golden_page(tmp_path) -> None:
    """The page for a real post and a hostile one, byte for byte (regenerate deliberately:
    delete the golden file and run this test once)."""
    import datetime as dt

    root = library(tmp_path)
    rules = TrailerRules.build()
    paths = sorted((root / "tech").iterdir())
    articles = [read_article(p, p.relative_to(root).as_posix(), rules) for p in paths]
    for article in articles:  # paths differ from run to run; the page does not show them
        article.meta.file = article.meta.relpath
    page = articles_html(articles, "termnews: golden", made=dt.datetime(2026, 11, 27, 7, 0))
    if not GOLDEN.exists():
        GOLDEN.write_text(page)
    assert page == GOLDEN.read_text()


def test_export_command_formats(run_cli, tmp_path) -> None:
    root = library(tmp_path)
    data = json.loads(
        run_cli("export", "--library", str(root), "--format", "json", check=True).stdout
    )
    assert sorted(row["title"] for row in data) == ["Electron 12.0.0", HOSTILE]
    assert all("paragraphs" in row for row in data)
    one = run_cli("export", "electron", "--library", str(root), check=True).stdout
    assert one.startswith("Electron 12.0.0\n") and HOSTILE not in one
    folder = tmp_path / "out"
    run_cli("export", "--library", str(root), "-o", f"{folder}/", check=True)
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2 and all(name.endswith(".md") for name in files)
    text = (folder / next(n for n in files if n.startswith("electron"))).read_text()
    assert text.startswith('---\ntitle: "Electron 12.0.0"') and "## Notable Changes" in text
    page = tmp_path / "view.html"
    run_cli("export", "--library", str(root), "--format", "html", "-o", str(page), check=True)
    assert "&lt;script&gt;" in page.read_text()
    assert run_cli("export", "after:soon", "--library", str(root)).returncode == 2


def test_export_reads_only_its_articles_from_the_index(tmp_path, monkeypatch, capsys) -> None:
    """A query's hits, or every article newest first, come from the index alone: a library
    of a million is not read into memory to export a few."""
    from termnews.cli import main
    from termnews.repository import Repository

    from .conftest import settle_folders

    root = library(tmp_path)
    common = ["--library", str(root), "--data-dir", str(tmp_path / "data")]
    monkeypatch.setenv("TERMNEWS_DEBUG", "1")
    assert main(["export", "--format", "json", *common]) == 0
    every = json.loads(capsys.readouterr().out)
    settle_folders(root)

    def whole(*_args, **_kwargs):
        raise AssertionError("the whole library was read")

    monkeypatch.setattr(Repository, "cached", whole)
    monkeypatch.setattr(Repository, "scan", whole)
    assert main(["export", "--format", "json", *common]) == 0
    assert json.loads(capsys.readouterr().out) == every
    assert main(["export", "electron", *common]) == 0
    one = capsys.readouterr().out
    assert one.startswith("Electron 12.0.0\n") and HOSTILE not in one
    (root / "tech" / "new.txt").write_text("A new story\n\nIt came after the index.\n")
    assert main(["export", "new", "story", "--format", "json", *common]) == 0
    assert [row["title"] for row in json.loads(capsys.readouterr().out)] == ["A new story"]


def _articles(tmp_path: Path) -> list:
    root = library(tmp_path)
    rules = TrailerRules.build()
    return [read_article(p, p.name, rules) for p in sorted((root / "tech").iterdir())]


def test_streamed_json_is_the_whole_list_as_json_lays_it_out(tmp_path) -> None:
    """Written an article at a time, the file is what one `json.dumps` of the list gives."""
    import io

    from termnews.exporting import article_json, write_json

    articles = _articles(tmp_path)
    for some in ([], articles[:1], articles):
        out = io.StringIO()
        assert write_json(iter(some), out) == len(some)
        whole = [article_json(a) for a in some]
        assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_export_that_fails_midway_leaves_the_old_file(tmp_path) -> None:
    """The export is written as the articles are read: an error after some of them leaves
    the file there was, not half a new one, and no temporary file beside it."""
    import pytest

    from termnews.exporting import write_html
    from termnews.paths import atomic_text

    articles = _articles(tmp_path)
    target = tmp_path / "out" / "view.html"
    target.parent.mkdir()
    target.write_text("the last export\n")

    def failing():
        yield articles[0]
        raise OSError("the disk went away")

    with pytest.raises(OSError), atomic_text(target) as out:
        write_html(failing(), out, "termnews: all")
    assert target.read_text() == "the last export\n"
    assert [p.name for p in target.parent.iterdir()] == ["view.html"]


def test_written_files_keep_their_mode_or_take_the_umask(tmp_path) -> None:
    """An atomic write replaces a user's file with the mode it had (a config they made
    private stays private; one they share stays shared), and makes a new file as `open`
    would, not with a temporary file's 0600."""
    import os
    import stat

    from termnews.paths import write_atomically

    mask = os.umask(0o022)
    os.umask(mask)  # read, as it was when termnews was imported
    fresh = tmp_path / "export.html"
    write_atomically(fresh, "<p>new</p>")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask != 0o600
    private = tmp_path / "config.yaml"
    private.write_text("library: ~/news\n")
    private.chmod(0o600)
    write_atomically(private, "library: ~/news\nfeeds: []\n")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    shared = tmp_path / "feeds.opml"
    shared.write_text("<opml/>")
    shared.chmod(0o664)
    write_atomically(shared, "<opml version='2.0'/>")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


def test_json_export_of_a_file_whose_name_is_not_utf8(run_cli, tmp_path) -> None:
    """Its path is shown with its bytes escaped, as `show --json` shows it; the export
    does not fail on it."""
    import os

    root = library(tmp_path)
    name = os.fsdecode(b"caf\xe9.txt")
    (root / "tech" / name).write_text("Latin-1 name\n\nA body.\n")
    out = run_cli("export", "--library", str(root), "--format", "json", check=True).stdout
    paths = {row["title"]: row["path"] for row in json.loads(out)}
    assert paths["Latin-1 name"].endswith("caf\\udce9.txt")


def test_export_of_a_query_reads_its_hits_a_page_at_a_time(tmp_path, monkeypatch, capsys) -> None:
    """A query matching a million articles is exported without holding a million hits:
    they are read from the index a page at a time, in the order `search` gives them."""
    from termnews.cli import main
    from termnews.library import catalog
    from termnews.library.index import LibraryIndex

    root = tmp_path / "lib"
    (root / "news").mkdir(parents=True)
    for n in range(1, 12):
        words = " ".join(["harbour"] * n + ["filler words here"] * (12 - n))
        (root / "news" / f"story-{n:02}.txt").write_text(f"Story {n}\n\n{words}.\n")
    for n in range(12):  # the word in under half the articles: its hits are ranked
        (root / "news" / f"other-{n:02}.txt").write_text(f"Other {n}\n\nNothing of note.\n")
    common = ["--library", str(root), "--data-dir", str(tmp_path / "data")]
    monkeypatch.setenv("TERMNEWS_DEBUG", "1")
    assert main(["search", "harbour", "--limit", "50", "--json", *common]) == 0
    searched = [row["title"] for row in json.loads(capsys.readouterr().out)]
    assert len(searched) == 11
    asked: list[int] = []
    metas_of = LibraryIndex.metas_of
    monkeypatch.setattr(catalog, "PAGE", 4)
    monkeypatch.setattr(
        LibraryIndex, "metas_of", lambda self, rows: asked.append(len(rows)) or metas_of(self, rows)
    )
    assert main(["export", "harbour", "--format", "json", *common]) == 0
    assert [row["title"] for row in json.loads(capsys.readouterr().out)] == searched
    assert asked == [4, 4, 3]


def test_a_long_export_counts_on_a_terminal_only(tmp_path, monkeypatch, capsys) -> None:
    """An export to a file that goes on for a second counts its articles on stderr when
    that is a terminal (100,000 articles take a minute), and the count is gone at the end;
    nothing extra on a stderr that is not a terminal."""
    import io
    import sys

    from termnews.cli import main
    from termnews.commands import export

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    root = library(tmp_path)
    common = ["--library", str(root), "--data-dir", str(tmp_path / "data")]
    monkeypatch.setattr(export, "COUNT_AFTER", 0.0)  # as if each article took a second
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert main(["export", "--format", "json", "-o", str(tmp_path / "all.json"), *common]) == 0
    assert "Exporting: 2 articles" in screen.getvalue()
    assert len(json.loads((tmp_path / "all.json").read_text())) == 2
    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["export", "--format", "json", "-o", str(tmp_path / "b.json"), *common]) == 0
    assert quiet.getvalue() == ""
    assert "2 articles written to" in capsys.readouterr().out
