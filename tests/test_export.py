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
