"""`termnews feeds` and `termnews fetch` as a user runs them, against a real local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .feedserver import FeedServer, Route

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture
def server():
    with FeedServer() as running:
        running.routes["/bbc"] = Route((FEEDS / "bbc_news_2024.xml").read_bytes(), etag='"1"')
        running.routes["/atom"] = Route(
            (FEEDS / "atom_jekyll_airdcpp.xml").read_bytes(), content_type="application/atom+xml"
        )
        yield running


def test_add_fetch_list_read_and_remove(run_cli, server, tmp_path) -> None:
    added = run_cli("feeds", "add", server.url("/bbc"), check=True)
    assert "Subscribed to BBC News" in added.stdout and "53 items" in added.stdout
    run_cli(
        "feeds",
        "add",
        server.url("/atom"),
        "--section",
        "Software / AirDC",
        "--every",
        "30m",
        "--tags",
        " Releases, web,,releases",
        check=True,
    )

    table = json.loads(run_cli("feeds", "--json", check=True).stdout)
    assert [(row["name"], row["items"], row["unread"]) for row in table] == [
        ("BBC News", 53, 53),
        ("AirDC++ Web Client", 2, 2),
    ]
    assert table[1]["section"] == ["Software", "AirDC"]
    assert (table[0]["tags"], table[1]["tags"]) == ([], ["Releases", "web"])
    assert json.loads(run_cli("feeds", "list", "--json", check=True).stdout) == table

    sections = run_cli("sections", check=True).stdout
    assert "Feeds" in sections and "BBC News" in sections and "AirDC" in sections

    listed = json.loads(run_cli("list", "--section", "AirDC", "--json", check=True).stdout)
    assert len(listed) == 2
    item = listed[0]
    assert item["feed"] == server.url("/atom") and item["guid"].startswith("https://airdcpp-web")
    assert item["updated"] is None and item["format"] == "markdown"
    assert item["tags"] == ["Releases", "web"]
    run_cli("read", item["id"], check=True)
    shown = json.loads(run_cli("show", item["id"], "--json", check=True).stdout)
    assert shown["read"] is True and shown["feed"] == server.url("/atom")

    found = json.loads(run_cli("search", "hub", "redirections", "--json", check=True).stdout)
    assert found and found[0]["title"] == "Web Client 2.14.0 Beta"

    fetched = run_cli("fetch", "--force")
    assert fetched.returncode == 0
    assert (
        "BBC News: not modified" in fetched.stdout and "AirDC++ Web Client: 0 new" in fetched.stdout
    )

    removed = run_cli("feeds", "remove", "AirDC++ Web Client", "--delete-items", check=True)
    assert "2 item files deleted" in removed.stdout
    table = json.loads(run_cli("feeds", "--json", check=True).stdout)
    assert [row["name"] for row in table] == ["BBC News"]


def test_a_feed_of_one_item_says_one_item(run_cli, server) -> None:
    server.routes["/one"] = Route((FEEDS / "atom_wordpress.xml").read_bytes())
    added = run_cli("feeds", "add", server.url("/one"), check=True).stdout
    assert "  1 item fetched into " in added


def test_fetch_exit_status_and_lines(run_cli, server) -> None:
    run_cli("feeds", "add", server.url("/bbc"), check=True)
    run_cli("feeds", "add", server.url("/atom"), check=True)
    server.routes["/atom"] = Route(b"gone", status=404)
    result = run_cli("fetch", "--force")
    assert result.returncode == 1
    assert "AirDC++ Web Client: failed: HTTP 404" in result.stdout
    assert "BBC News: not modified" in result.stdout
    data = json.loads(run_cli("fetch", "--force", "--json").stdout)
    assert [row["errors"] for row in data] == [0, 2]
    assert run_cli("fetch", "--wat").returncode == 2


def test_bad_input_gets_a_clear_message(run_cli, server, tmp_path) -> None:
    assert "not an http or https address" in run_cli("feeds", "add", "ftp://x.example/f").stderr
    missing = run_cli("feeds", "add", server.url("/nothing"))
    assert missing.returncode == 1 and "HTTP 404" in missing.stderr
    assert run_cli("feeds", "remove", "nobody").returncode == 1
    config = tmp_path / "config.yaml"
    config.write_text("")
    (tmp_path / "feeds.yaml").write_text("feeds:\n  - url: https://a.example/\n    every: soon\n")
    broken = run_cli("feeds", "--config", str(config))
    assert (
        broken.returncode == 2 and "feeds.yaml: line 2: 'soon' is not a duration" in broken.stderr
    )
    (tmp_path / "feeds.yaml").write_text("feeds:\n  - url: [broken\n")
    broken = run_cli("fetch", "--config", str(config))
    assert broken.returncode == 2 and "feeds.yaml: line 3" in broken.stderr


def test_opml_import_export(run_cli, tmp_path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="1.0"><head/><body><outline text="Tech">'
        '<outline type="rss" text="LWN" xmlUrl="https://lwn.net/headlines/rss"/></outline>'
        "</body></opml>"
    )
    imported = run_cli("feeds", "import", str(opml), check=True)
    assert "1 feed added, 0 already subscribed" in imported.stdout
    exported = run_cli("feeds", "export", check=True).stdout
    assert 'xmlUrl="https://lwn.net/headlines/rss"' in exported and 'text="Tech"' in exported


def test_unread_on_update_makes_a_changed_item_unread_again(run_cli, server, tmp_path) -> None:
    original = (FEEDS / "atom_jekyll_airdcpp.xml").read_bytes()
    run_cli("feeds", "add", server.url("/atom"), check=True)
    config = Path(__import__("os").environ["XDG_CONFIG_HOME"]) / "termnews" / "feeds.yaml"
    config.write_text(config.read_text() + "    unread_on_update: true\n")
    listed = json.loads(run_cli("list", "--json", check=True).stdout)
    beta = next(row for row in listed if row["title"] == "Web Client 2.14.0 Beta")
    other = next(row for row in listed if row["title"] == "Web Client 2.13.3")
    run_cli("read", beta["id"], other["id"], check=True)
    server.routes["/atom"] = Route(
        original.replace(b"Fix handling of hub redirections", b"Fix handling of hub redirects"),
        content_type="application/atom+xml",
    )
    assert "1 updated" in run_cli("fetch", "--force", check=True).stdout
    listed = json.loads(run_cli("list", "--json", check=True).stdout)
    states = {row["title"]: (row["read"], row["updated"] is not None) for row in listed}
    assert states["Web Client 2.14.0 Beta"] == (False, True)  # changed: unread again
    assert states["Web Client 2.13.3"] == (True, False)  # unchanged: still read


def test_set_changes_a_feed_and_the_items_it_wrote(run_cli, server, isolated_home) -> None:
    """As newsboat's tags do: a tag given to a feed later is on every item it brought, and
    the read marks stay."""
    run_cli("feeds", "add", server.url("/bbc"), "--tags", "news", check=True)
    first = json.loads(run_cli("list", "--json", check=True).stdout)[0]
    run_cli("read", first["id"], check=True)
    subscriptions = next(isolated_home.rglob("feeds.yaml"))
    subscriptions.write_text(
        subscriptions.read_text().replace("    tags:", "    # my note\n    tags:")
    )

    changed = run_cli(
        "feeds", "set", "bbc news", "--tags", "uk,world", "--section", "News / UK", check=True
    )
    assert changed.stdout == "BBC News: changed; 53 items given its new section and tags\n"
    assert "# my note" in subscriptions.read_text()
    listed = json.loads(run_cli("list", "--tag", "world", "--json", check=True).stdout)
    assert len(listed) == 53 and all(item["section"] == ["News", "UK"] for item in listed)
    assert not json.loads(run_cli("list", "--tag", "news", "--json", check=True).stdout)
    same = next(item for item in listed if item["path"] == first["path"])
    assert same["read"] is True and same["tags"] == ["uk", "world"]
    table = json.loads(run_cli("feeds", "--json", check=True).stdout)
    assert table[0]["tags"] == ["uk", "world"] and table[0]["section"] == ["News", "UK"]

    again = run_cli("feeds", "set", "BBC News", "--section", "", "--every", "2h", check=True)
    assert "    every: 2h\n" in subscriptions.read_text()
    assert again.stdout == "BBC News: changed; 53 items given its new section\n"
    assert json.loads(run_cli("list", "--json", check=True).stdout)[0]["section"] == [
        "Feeds",
        "BBC News",
    ]
    run_cli("feeds", "set", "BBC News", "--every", "", check=True)  # the default again
    assert "\n    every:" not in subscriptions.read_text()
    assert run_cli("feeds", "set", "BBC News").returncode == 2  # nothing to change
    missing = run_cli("feeds", "set", "nope", "--tags", "x")
    assert missing.returncode == 1 and "no feed named 'nope'" in missing.stderr


def test_a_first_feed_keeps_the_library_s_index(run_cli, server, tmp_path, isolated_home) -> None:
    """Its items are read into the index the library has, not into a new one of all."""
    library = tmp_path / "lib"
    (library / "news").mkdir(parents=True)
    (library / "news" / "a.txt").write_text("A story of the library\n\nBody.\n")
    run_cli("--library", str(library), "list", check=True)
    cache = isolated_home / "xdg_cache_home" / "termnews"
    [index] = cache.glob("index-*.sqlite3")
    run_cli("--library", str(library), "feeds", "add", server.url("/bbc"), check=True)
    listed = run_cli("--library", str(library), "list", "--json", check=True).stdout
    assert len(json.loads(listed)) == 54
    assert list(cache.glob("index-*.sqlite3")) == [index]
