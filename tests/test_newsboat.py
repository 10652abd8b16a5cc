"""newsboat's `urls` file: real ones from public dotfiles (fixtures/feeds/newsboat), their
tags carried to every item, through the service and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from termnews.feeds.newsboat import read_feed_list
from termnews.feeds.opml import OPMLError, read_subscriptions
from termnews.feeds.service import FeedService
from termnews.feeds.subscriptions import load_subscriptions
from termnews.library import TrailerRules
from termnews.library.clean import clean_line
from termnews.repository import Repository
from termnews.state import StateStore

from .feedserver import FeedServer, Route

NEWSBOAT = Path(__file__).parent / "fixtures" / "feeds" / "newsboat"
FEEDS = NEWSBOAT.parent


def _read(name: str):
    return read_feed_list((NEWSBOAT / name).read_text(encoding="utf-8"))


def test_tags_and_names_of_a_real_urls_file() -> None:
    found = _read("napoleonwils0n-urls")
    subscriptions = {s.url: s for s in found.subscriptions}
    assert len(subscriptions) == 15  # the commented-out feeds stay out, silently
    slashdot = subscriptions["http://rss.slashdot.org/Slashdot/slashdotMain"]
    assert (slashdot.name, slashdot.tags, slashdot.section) == (None, ("tech", "news"), ())
    vermaden = subscriptions["https://vermaden.wordpress.com/feed/"]
    assert (vermaden.name, vermaden.tags) == ("vermaden", ("freebsd",))
    assert found.left_out == []


def test_dividers_are_named_and_left_out() -> None:
    found = _read("00riddle00-urls")
    assert len(found.subscriptions) == 6
    assert len(found.left_out) == 12
    assert found.left_out[0] == "line 1 (------------------------): not a feed address"
    names = [s.name for s in found.subscriptions if s.name]
    assert names == ["Luke Smith (YouTube)", "GITHUB: LukeSmithxyz"]
    arch = next(s for s in found.subscriptions if "archlinux.org/feeds" in s.url)
    assert arch.tags == ("tech",)
    wiki = found.subscriptions[-1]
    assert wiki.url.endswith("&feedformat=rss") and wiki.tags == ()


def test_quoted_tags_a_commented_query_and_a_mistyped_address() -> None:
    found = _read("alexvzyl-urls")
    assert [s.tags for s in found.subscriptions][:2] == [
        ("Linux", "FOSS"),
        ("Programming", "FOSS"),
    ]
    assert found.left_out == []  # `# "query:…"` is a comment
    typo = _read("cydonpraxgraemretool-urls")
    assert typo.subscriptions[0].tags == ("lukesmithxyz", "lukesmith")
    # Two addresses run together are one address to fetch; fetching says what is wrong.
    assert typo.subscriptions[3].url.startswith("https://notrelated.xyz/rssttp://")


def test_newsboat_s_own_syntax() -> None:
    found = read_feed_list(
        '"query:Unread Articles:unread = \\"yes\\""\n'
        "exec:~/bin/feed.sh news\n"
        "filter:~/bin/clean.sh:https://example.org/raw.xml\n"
        'https://example.org/a.xml news "big news" "~A \\"quoted\\" name" ! # a comment\n'
        "https://example.org/a.xml again\n"
        "  feed://example.org/b.xml News news NEWS\n"
        '"https://example.org/c.xml" "~Unclosed name\n'
    )
    assert [(s.url, s.name, s.tags) for s in found.subscriptions] == [
        ("https://example.org/a.xml", 'A "quoted" name', ("news", "big news", "again")),
        ("http://example.org/b.xml", None, ("News",)),
        ("https://example.org/c.xml", "Unclosed name", ()),
    ]
    assert [line.split(":")[0] for line in found.left_out] == [
        "line 1 (query",
        "line 2 (exec",
        "line 3 (filter",
    ]
    assert found.repeated == ["https://example.org/a.xml"]
    assert "saved search" in found.left_out[0] and "runs a program" in found.left_out[1]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "no feed addresses in it"),
        (b"\x00\x01\x02binary", "neither OPML nor a list of feed addresses"),
        (b"\xff\xfe\xfa not utf-8", "neither OPML nor a list of feed addresses"),
        (b"<html><body>no opml</body></html>", "not an OPML file"),
    ],
)
def test_files_that_are_no_list_of_feeds_say_so(tmp_path: Path, data: bytes, says: str) -> None:
    path = tmp_path / "urls"
    path.write_bytes(data)
    with pytest.raises(OPMLError, match=says):
        read_subscriptions(path)


def test_the_tags_reach_every_item_and_tag_search(tmp_path: Path) -> None:
    """Imported, fetched from a real server, read as a library: `tag:` finds the items,
    whose own categories come after the user's tags."""
    urls = tmp_path / "urls"
    service = FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "d")
    with FeedServer() as server:
        server.routes["/nyt"] = Route((FEEDS / "nyt_world_2024.xml").read_bytes())
        urls.write_text(f'{server.url("/nyt")} world "long reads" "~NYT"\n')
        imported = service.import_feeds(urls)
        assert ([s.name for s in imported.added], imported.skipped) == (["NYT"], 0)
        assert not imported.left_out and not imported.repeated
        again = service.import_feeds(urls)
        assert (again.added, again.skipped) == ([], 1)
        [subscription] = load_subscriptions(tmp_path / "config" / "feeds.yaml")
        assert subscription.tags == ("world", "long reads")
        [result] = service.fetch(force=True)
    service.close()
    assert len(result.new) == 60
    tags = [yaml.safe_load(Path(new).read_text().split("---\n")[1])["tags"] for new in result.new]
    assert all(each[:2] == ["world", "long reads"] for each in tags)
    assert any(len(each) > 2 for each in tags)  # the NYT's own categories after them
    repo = Repository(
        [tmp_path / "feeds"], StateStore(tmp_path / "state"), TrailerRules.build(), None
    )
    repo.scan()
    assert len(repo.search('tag:"Long Reads"')) == 60


def test_the_command_line_imports_and_names_what_it_left_out(run_cli, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("library: lib\n")
    (tmp_path / "lib").mkdir()
    done = run_cli("feeds", "import", str(NEWSBOAT / "00riddle00-urls"), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("6 feeds added, 0 already subscribed")
    assert "Luke Smith (YouTube)  (Feeds)" in done.stdout
    assert ", tagged tech)" in done.stdout
    assert done.stderr.count("not a feed address; not imported") == 12
    again = run_cli("feeds", "import", str(NEWSBOAT / "00riddle00-urls"), "--config", str(config))
    assert again.stdout.startswith("0 feeds added, 6 already subscribed")


_PIECES = st.sampled_from(
    ["https://a.example/f.xml", "feed://b.example/x", "query:A:b", "exec:x", "~", "!", "#",
     '"', "\\", " ", "\t", "news", "~Name", "\x1b[31m", "[b]", "\n", "é"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_text_gives_feeds_with_safe_names_and_tags(text: str) -> None:
    """Never an error: only http(s) addresses, and names and tags with no control
    characters (a tag is written into every item's front matter)."""
    found = read_feed_list(text)
    for subscription in found.subscriptions:
        assert subscription.url.startswith(("http://", "https://"))
        for word in (subscription.name or "", *subscription.tags):
            assert word == clean_line(word) and word.strip() == word
        assert len({tag.casefold() for tag in subscription.tags}) == len(subscription.tags)


def test_newsboat_s_own_test_lists() -> None:
    """newsboat's test data: a feed listed on two lines is one feed with both lines' tags
    (as newsboat reads it); an OPML folder is named by its `text`, not its `title`; a
    Liferea pipe and other schemes are left out, each saying why."""
    repeated = read_subscriptions(NEWSBOAT / "newsboat-duplicate-urls")
    assert [(s.url, s.tags) for s in repeated.subscriptions] == [
        ("http://anotherfeed.com/", ("tag1", "tag2", "tag3", "tag4"))
    ]
    assert repeated.repeated == ["http://anotherfeed.com/"]
    example = read_subscriptions(NEWSBOAT / "newsboat-example.opml")
    sections = [s.section for s in example.subscriptions if s.section]
    assert sections == [
        ("Blogs", "John's musings"),
        ("Blogs", "friends", "Notes by Mike"),
        ("eloquent", "Fred on everything"),
    ]
    piped = read_subscriptions(NEWSBOAT / "newsboat-piped.opml")
    assert [s.url for s in piped.subscriptions] == ["https://example.com/feed.atom"]
    assert piped.left_out == [
        "Birdsite search (|~/fetch_tweets.py): runs a program, which termnews does not"
    ]
    schemes = read_subscriptions(NEWSBOAT / "newsboat-unsupported-schemas.opml")
    assert [s.name for s in schemes.subscriptions] == ["Normal feed"]
    assert [line.split(" (")[0] for line in schemes.left_out] == [
        "An FTP feed",
        "Echoes of eternity",
    ]
    assert all(line.endswith("http and https only") for line in schemes.left_out)
