"""Tests for the command line through a real subprocess."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .conftest import REPO, RunCli, set_mtimes, settle_folders

SEED_TITLE = "US Joint Chiefs of Staff Chairman: America would work with Taliban on Daesh-K"


def _seed_id(run_cli: RunCli, *args: str) -> str:
    listed = json.loads(run_cli("list", "--json", *args, check=True).stdout)
    return next(item["id"] for item in listed if item["title"] == SEED_TITLE)


def test_default_library_is_the_bundled_seeds(run_cli: RunCli) -> None:
    listed = json.loads(run_cli("list", "--json", check=True).stdout)
    seed = next(item for item in listed if item["title"] == SEED_TITLE)
    assert seed["section"] == ["News", "Military", "Afghanistan"]
    assert seed["read"] is False and seed["bookmarked"] is False
    assert seed["words"] == 495
    assert Path(seed["path"]).name == "us-would-work-with-taliban-on-daesh-k.txt"
    assert {"id", "title", "section", "path", "read", "bookmarked", "words"} <= set(seed)


def test_show_prints_clean_text(run_cli: RunCli) -> None:
    article_id = _seed_id(run_cli)
    out = run_cli("show", article_id[:6], check=True).stdout
    lines = out.splitlines()
    assert lines[0] == SEED_TITLE
    assert lines[1] == "News › Military › Afghanistan · Press TV · 495 words · 3 min read"
    assert "  Photo: US Rep. Ilhan Omar" in out
    assert "alternate addresses" not in out and "Roku" not in out
    assert out.rstrip().endswith("And then the terrorist struck.")


def test_show_json(run_cli: RunCli) -> None:
    data = json.loads(run_cli("show", _seed_id(run_cli), "--json", check=True).stdout)
    assert len(data["captions"]) == 2 and len(data["paragraphs"]) == 14
    assert data["source"] == "Press TV"
    assert data["date"] is None and data["url"] is None


def test_marks_round_trip(run_cli: RunCli, library: Path) -> None:
    lib = ["--library", str(library)]
    article_id = _seed_id(run_cli, *lib)
    result = run_cli("bookmark", article_id, *lib, check=True)
    assert article_id in result.stdout
    run_cli("read", article_id, *lib, check=True)
    bookmarked = json.loads(run_cli("list", "--bookmarked", "--json", *lib, check=True).stdout)
    assert [item["id"] for item in bookmarked] == [article_id]
    assert bookmarked[0]["read"] is True
    unread = json.loads(run_cli("list", "--unread", "--json", *lib, check=True).stdout)
    assert article_id not in [item["id"] for item in unread]
    run_cli("unbookmark", article_id, *lib, check=True)
    assert json.loads(run_cli("list", "--bookmarked", "--json", *lib).stdout) == []


def test_marks_survive_moving_the_file(run_cli: RunCli, library: Path) -> None:
    lib = ["--library", str(library)]
    article_id = _seed_id(run_cli, *lib)
    run_cli("bookmark", article_id, *lib, check=True)
    (library / "archive").mkdir()
    os.rename(library / "news" / "seed.txt", library / "archive" / "renamed.txt")
    bookmarked = json.loads(run_cli("list", "--bookmarked", "--json", *lib).stdout)
    assert [Path(item["path"]).name for item in bookmarked] == ["renamed.txt"]


def test_marks_survive_editing_the_file(run_cli: RunCli, library: Path) -> None:
    lib = ["--library", str(library)]
    rates = library / "business" / "rates.txt"
    listed = json.loads(run_cli("list", "--json", *lib).stdout)
    rates_id = next(item["id"] for item in listed if item["path"] == str(rates))
    run_cli("bookmark", rates_id, *lib, check=True)
    rates.write_text(rates.read_text() + "\nA correction was added.\n")
    # an edit in place changes no folder's time: --rescan (the README's rule)
    bookmarked = json.loads(run_cli("list", "--bookmarked", "--json", "--rescan", *lib).stdout)
    assert [item["path"] for item in bookmarked] == [str(rates)]
    assert bookmarked[0]["id"] != rates_id


def test_section_filter_is_case_and_space_insensitive(run_cli: RunCli, library: Path) -> None:
    out = run_cli(
        "list", "--json", "--library", str(library), "--section", "news /  MILITARY"
    ).stdout
    assert [item["title"] for item in json.loads(out)] == [SEED_TITLE]


def test_sections_tree(run_cli: RunCli, library: Path) -> None:
    tree = json.loads(run_cli("sections", "--json", "--library", str(library), check=True).stdout)
    assert (tree["total"], tree["unread"]) == (2, 2)
    names = [child["name"] for child in tree["children"]]
    assert names == ["Business", "News"]
    news = tree["children"][1]
    assert news["children"][0]["children"][0]["path"] == ["News", "Military", "Afghanistan"]
    human = run_cli("sections", "--library", str(library), check=True).stdout
    assert "    Afghanistan" in human


def test_unknown_and_ambiguous_ids(run_cli: RunCli, library: Path) -> None:
    result = run_cli("show", "zzzz", "--library", str(library))
    assert result.returncode == 1 and "no article has the id 'zzzz'" in result.stderr
    for n in range(40):
        (library / f"extra{n}.txt").write_text(f"Extra {n}\n\nBody {n}.")
    listed = json.loads(run_cli("list", "--json", "--library", str(library)).stdout)
    firsts = [item["id"][0] for item in listed]
    common = max(set(firsts), key=firsts.count)
    ambiguous = run_cli("read", common, "--library", str(library))
    assert ambiguous.returncode == 1
    assert f"'{common}' matches {firsts.count(common)} articles" in ambiguous.stderr
    assert f"\n  {common}" in ambiguous.stderr


def test_warnings_go_to_stderr_and_good_articles_still_list(run_cli: RunCli, library: Path) -> None:
    (library / "empty.txt").write_bytes(b"")
    result = run_cli("list", "--json", "--library", str(library), check=True)
    assert len(json.loads(result.stdout)) == 2
    assert "empty.txt" in result.stderr and "empty file" in result.stderr


def test_read_only_marking_says_why(run_cli: RunCli, library: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    article_id = _seed_id(run_cli, "--library", str(library))
    result = run_cli("bookmark", article_id, "--library", str(library), data_dir=blocker / "d")
    assert result.returncode == 1
    assert "cannot be saved" in result.stderr and "cannot save" in result.stderr


def test_missing_library_and_bad_usage(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("list", "--library", str(tmp_path / "nope"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert run_cli("list", "--sort", "bogus").returncode == 2
    assert run_cli("--version", check=True).stdout.startswith("termnews ")


def test_options_before_the_command(run_cli: RunCli, library: Path) -> None:
    out = run_cli("--library", str(library), "list", "--json", check=True).stdout
    assert len(json.loads(out)) == 2


def test_seeds_and_styles_ship_with_the_package() -> None:
    from termnews.config import bundled_dir

    assert (bundled_dir("seeds") / "news").is_dir()
    assert bundled_dir("styles").is_dir()
    assert REPO.joinpath("seeds").is_dir()


def test_search_ranks_and_explains(run_cli: RunCli, library: Path) -> None:
    result = run_cli("search", "taliban", "milit*", "--library", str(library), "--json", check=True)
    (hit,) = json.loads(result.stdout)
    assert hit["title"].startswith("US Joint Chiefs")
    assert hit["score"] > 0
    assert "Taliban" in hit["snippet"] and set(hit) >= {"id", "read", "bookmarked", "path"}
    text = run_cli("search", "unchang", "--library", str(library), check=True).stdout
    assert text == "No matches for 'unchang'.\n"  # whole words only, unless asked for a prefix
    text = run_cli("search", "unchang*", "section:business", "--library", str(library)).stdout
    assert "Central bank holds rates" in text and "kept its rate unchanged" in text
    limited = run_cli("search", "unread", "--limit", "1", "--json", "--library", str(library))
    assert len(json.loads(limited.stdout)) == 1


def test_search_sorts_its_hits_by_date_or_title(run_cli: RunCli, library: Path) -> None:
    (library / "business" / "older.txt").write_text("Bank rates in Asia\n\nBank, bank, bank.\n")
    for n in range(3):  # so that `bank` is in fewer than half the articles: ranked
        (library / f"other-{n}.txt").write_text(f"Other story {n}\n\nNothing here.\n")
    set_mtimes(library, ["news/seed.txt", "business/rates.txt", "business/older.txt"])

    def titles(*options: str) -> list[str]:
        found = run_cli("search", "bank", *options, "--json", "--library", str(library))
        return [hit["title"] for hit in json.loads(found.stdout)]

    assert titles() == ["Bank rates in Asia", "Central bank holds rates"]  # best first
    assert titles("--sort", "date") == ["Central bank holds rates", "Bank rates in Asia"]
    assert titles("--sort", "date", "--limit", "1") == ["Central bank holds rates"]
    assert titles("--sort", "title") == ["Bank rates in Asia", "Central bank holds rates"]


def test_search_bad_query_exits_2_with_the_reason(run_cli: RunCli, library: Path) -> None:
    result = run_cli("search", "after:soon", "--library", str(library))
    assert result.returncode == 2
    assert "bad query" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_a_long_scan_shows_progress_on_a_terminal_only(monkeypatch) -> None:
    import io

    from termnews.commands import scan_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with scan_progress() as progress:
        progress(10, 20)  # a small scan: no bar
        assert screen.getvalue() == ""
        progress(400, 5_000)
    assert "Reading the library" in screen.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with scan_progress() as progress:
        assert progress is None


def test_commands_of_a_few_articles_answer_from_the_index(tmp_path: Path, run_cli: RunCli) -> None:
    """Folders' times tell the command line when files were added, removed or renamed;
    then (and with --rescan) it reads the library, else it asks the index."""
    from termnews.library import TrailerRules
    from termnews.repository import Repository
    from termnews.state import StateStore

    root = tmp_path / "lib"
    (root / "world").mkdir(parents=True)
    (root / "world" / "a.txt").write_text("Alpha story\n\nBody.\n")
    settle_folders(root)

    def repo() -> Repository:
        made = Repository([root], StateStore(tmp_path / "d"), TrailerRules.build(), tmp_path / "c")
        return made

    first = repo()
    first.scan()
    [meta] = first.articles
    assert repo().unchanged_since_index()
    quick = repo()
    assert quick.load_ids([meta.id[:6]]) and quick.resolve(meta.id[:6]).title == "Alpha story"
    (root / "world" / "a.txt").write_text("Alpha story, edited in place\n\nBody.\n")
    assert repo().unchanged_since_index()  # an edit in place is not seen: --rescan
    (root / "world" / "b.txt").write_text("Bravo story\n\nBody.\n")
    assert not repo().unchanged_since_index()
    first.scan()
    (root / "world" / "b.txt").rename(root / "world" / "c.txt")
    assert not repo().unchanged_since_index()

    library = ["--library", str(root)]
    listed = json.loads(run_cli("list", "--json", *library, check=True).stdout)
    ids = {row["title"].split()[0]: row["id"] for row in listed}
    run_cli("read", ids["Bravo"], *library, check=True)
    tree = json.loads(run_cli("sections", "--json", *library, check=True).stdout)
    assert (tree["total"], tree["unread"]) == (2, 1)
    (root / "world" / "d.txt").write_text("Delta story\n\nBody.\n")
    tree = json.loads(run_cli("sections", "--json", *library, check=True).stdout)
    assert (tree["total"], tree["unread"]) == (3, 2)  # a new file: the folder's time moved
    shown = run_cli("show", ids["Alpha"], "--rescan", *library, check=True).stdout
    assert shown.startswith("Alpha story, edited in place")


def test_tags_are_listed_and_filtered_from_the_command_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A real post's tags (Jekyll's starter post) in `list --json`, and `tag:` in `search`,
    both read from the index."""
    root = tmp_path / "lib"
    root.mkdir()
    real = REPO / "tests" / "fixtures" / "real"
    for name in ("jekyll/2024-01-01-welcome-to-jekyll.md", "bbc"):
        source = real / name
        if source.is_dir():
            for path in source.iterdir():
                (root / path.name).write_bytes(path.read_bytes())
        else:
            (root / source.name).write_bytes(source.read_bytes())
    listed = json.loads(run_cli("list", "--json", "--library", str(root), check=True).stdout)
    tags = {item["title"]: item["tags"] for item in listed}
    assert tags["Welcome to Jekyll"] == ["welcome", "getting-started", "jekyll", "tutorial"]
    assert sum(1 for value in tags.values() if value == []) == len(tags) - 1
    found = run_cli("search", "tag:Getting-Started", "--json", "--library", str(root), check=True)
    assert [item["title"] for item in json.loads(found.stdout)] == ["Welcome to Jekyll"]
    for fresh in ((), ("--rescan",)):  # from the index's rows, and from a full read
        listed = run_cli("list", "--tag", "#WELCOME", "--json", "--library", str(root), *fresh)
        assert [item["title"] for item in json.loads(listed.stdout)] == ["Welcome to Jekyll"]
    assert run_cli("list", "--tag", " ", "--library", str(root)).returncode == 2
    run_cli("read", json.loads(found.stdout)[0]["id"], "--library", str(root), check=True)
    counted = json.loads(run_cli("tags", "--json", "--library", str(root), check=True).stdout)
    assert counted == [
        {"tag": tag, "total": 1, "unread": 0}
        for tag in ("getting-started", "jekyll", "tutorial", "welcome")
    ]
    table = run_cli("tags", "--library", str(root), check=True).stdout.splitlines()
    assert table[0].split() == ["TAG", "TOTAL", "UNREAD"]
    assert table[-1].split() == ["welcome", "1", "0"]


def test_tables_line_up_under_chinese_and_japanese_names(run_cli: RunCli, tmp_path: Path) -> None:
    """A feed named `投资资讯网交易在线` (NetNewsWire's kc0011.rss): two columns a character,
    as the terminal shows them, in `sections`, `tags` and `list`."""
    library = tmp_path / "library"
    library.mkdir()
    for name, section, tag in (("a", "投资资讯网交易在线", "纪念币"), ("b", "News", "coins")):
        (library / f"{name}.md").write_text(
            f"---\ntitle: {name}\nsection: [Feeds, {section}]\ntags: [{tag}]\n---\n\nBody.\n"
        )
    for command in ("sections", "tags"):
        lines = run_cli(command, "--library", str(library), check=True).stdout.splitlines()
        assert any("投资" in line or "纪念" in line for line in lines)
        assert len({_cells(line) for line in lines}) == 1, lines  # the counts line up
    lines = run_cli("list", "--library", str(library), check=True).stdout.splitlines()
    title_at = _cells(lines[0][: lines[0].index("TITLE")])
    assert [_cells(line[:-1]) for line in lines[1:]] == [title_at, title_at], lines


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def test_authors_are_listed_and_searched_from_the_index(run_cli: RunCli, tmp_path: Path) -> None:
    """The Telegraph's saved page names Edward Malnick (newspaper's test page); `--author`
    in `list` and `author:` in `search`, from the index's rows and from a full read."""
    import gzip

    root = tmp_path / "lib"
    root.mkdir()
    page = REPO / "tests" / "fixtures" / "pages" / "newspaper-telegraph.co.uk2.html.gz"
    (root / "thatcher.html").write_bytes(gzip.decompress(page.read_bytes()))
    (root / "slate.md").write_text(
        "---\ntitle: Who won the night\nauthor: Juliana Jiménez Jaramillo; Jeremy Stahl\n---\n\n"
        "Slate's live blog of the debate.\n"
    )
    lib = ("--library", str(root))
    listed = json.loads(run_cli("list", "--json", *lib, check=True).stdout)
    assert sorted(item["author"] for item in listed) == [
        "Edward Malnick",
        "Juliana Jiménez Jaramillo, Jeremy Stahl",
    ]
    for fresh in ((), ("--rescan",)):
        mine = run_cli("list", "--author", "MALNICK", "--json", *lib, *fresh, check=True)
        assert [item["author"] for item in json.loads(mine.stdout)] == ["Edward Malnick"]
    found = run_cli("search", "author:jimenez", "--json", *lib, check=True)
    assert [item["title"] for item in json.loads(found.stdout)] == ["Who won the night"]
    assert run_cli("list", "--author", " ", *lib).returncode == 2
