"""Tests for a subscription's new name, section or tags reaching the items it wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from termnews.feeds.ledger import LEDGER_FILE
from termnews.feeds.service import FeedService
from termnews.library import TrailerRules
from termnews.library.parse import read_article

from .feedserver import Route

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def _subscribe(service: FeedService, url: str, lines: str) -> None:
    service.subscriptions_file.parent.mkdir(parents=True, exist_ok=True)
    service.subscriptions_file.write_text(f"feeds:\n  - url: {url}\n{lines}")


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n")[1])


def _items(service: FeedService) -> list[Path]:
    return sorted(service.feeds_dir.glob("*/*.md"))


def test_new_tags_section_and_name_reach_every_item_already_written(service, server) -> None:
    """The NYT's real feed: every item keeps its own categories after the user's tags."""
    server.routes["/nyt"] = Route((FEEDS / "nyt_world_2024.xml").read_bytes(), etag='"1"')
    url = server.url("/nyt")
    _subscribe(service, url, "    tags: [world]\n")
    [first] = service.fetch()
    assert len(first.new) == 60 and not first.reframed
    before = {path: _front(path) for path in _items(service)}
    assert all(meta["tags"][0] == "world" for meta in before.values())
    edited = next(iter(before))
    edited.write_text(edited.read_text() + "\nMy own note.\n")

    _subscribe(service, url, "    name: NYT\n    section: News / World\n    tags: [news, Daily]\n")
    [result] = service.fetch()  # not due: nothing is asked of the server, the items change
    assert result.skipped and len(server.requests) == 1
    assert len(result.reframed) == 59 and edited.as_posix() not in result.reframed
    assert result.summary() == "NYT: not due yet; 59 items given its new name, section and tags"
    for path, old in before.items():
        meta = _front(path)
        if path == edited:
            assert meta == old and "My own note." in path.read_text()
            continue
        assert meta["section"] == ["News", "World"] and meta["source"] == "NYT"
        assert meta["tags"] == ["news", "Daily", *old["tags"][1:]]
        assert {k: v for k, v in meta.items() if k not in ("section", "source", "tags")} == {
            k: v for k, v in old.items() if k not in ("section", "source", "tags")
        }
    article = read_article(Path(result.reframed[0]), "x.md", TrailerRules.build())
    assert article.meta.section == ("News", "World") and article.meta.tags[:2] == ("news", "Daily")

    [again] = service.fetch(force=True)  # a 304, and the frame as the items have it
    assert again.not_modified and not again.reframed


def test_an_item_without_tags_gains_them_where_they_are_written(service, server) -> None:
    server.routes["/bbc"] = Route((FEEDS / "bbc_news_2024.xml").read_bytes())
    url = server.url("/bbc")
    _subscribe(service, url, "")
    service.fetch()
    path = _items(service)[0]
    assert "tags" not in _front(path)
    _subscribe(service, url, "    tags: [uk]\n")
    [result] = service.fetch()
    assert len(result.reframed) == 53
    keys = list(_front(path))
    assert _front(path)["tags"] == ["uk"] and keys.index("tags") == keys.index("feed") - 1
    _subscribe(service, url, "")
    [result] = service.fetch()
    assert len(result.reframed) == 53 and "tags" not in _front(path)


def test_a_ledger_from_before_frames_leaves_the_items_as_they_are(service, server) -> None:
    """Which tags were the subscription's is not known: nothing is guessed, and a later
    change is carried."""
    server.routes["/bbc"] = Route((FEEDS / "bbc_news_2024.xml").read_bytes())
    url = server.url("/bbc")
    _subscribe(service, url, "    tags: [uk]\n")
    service.fetch()
    service.close()
    with sqlite3.connect(service.data_dir / LEDGER_FILE) as db:
        db.execute("UPDATE feeds SET frame = NULL")
    db.close()
    _subscribe(service, url, "    tags: [britain]\n")
    later = FeedService(service.subscriptions_file, service.feeds_dir, service.data_dir)
    [result] = later.fetch()
    assert not result.reframed and _front(_items(later)[0])["tags"] == ["uk"]
    _subscribe(later, url, "    tags: [europe]\n")
    [result] = later.fetch()
    assert len(result.reframed) == 53 and _front(_items(later)[0])["tags"] == ["europe", "uk"]
    later.close()


def test_a_ledger_without_the_frame_column_gains_it(service, server) -> None:
    server.routes["/bbc"] = Route((FEEDS / "bbc_news_2024.xml").read_bytes())
    _subscribe(service, server.url("/bbc"), "")
    service.fetch()
    service.close()
    with sqlite3.connect(service.data_dir / LEDGER_FILE) as db:
        db.execute("ALTER TABLE feeds DROP COLUMN frame")
    db.close()
    later = FeedService(service.subscriptions_file, service.feeds_dir, service.data_dir)
    [result] = later.fetch(force=True)
    assert not result.error and not result.new
    later.close()


def test_marks_stay_with_the_items_rewritten(service, server, tmp_path) -> None:
    from termnews.repository import Repository
    from termnews.state import StateStore

    server.routes["/bbc"] = Route((FEEDS / "bbc_news_2024.xml").read_bytes())
    url = server.url("/bbc")
    _subscribe(service, url, "")
    service.fetch()
    repo = Repository(
        [service.feeds_dir], StateStore(tmp_path / "state"), TrailerRules.build(), tmp_path / "c"
    )
    repo.scan()
    read = sorted(meta.id for meta in repo.articles)[:5]
    repo.mark("read", read, True)
    repo.mark("bookmarked", read[:1], True)
    files = {meta.file for meta in repo.articles if meta.id in read}
    _subscribe(service, url, "    tags: [uk]\n")
    assert len(service.fetch()[0].reframed) == 53
    repo.scan()
    now = [meta for meta in repo.articles if meta.file in files]
    assert len(now) == 5 and all(meta.tags == ("uk",) for meta in now)
    assert not set(read) & {meta.id for meta in now}  # new text, new ids…
    assert all(repo.state.is_read(meta.id) for meta in now)  # …and the marks with them
    assert sum(repo.state.is_bookmarked(meta.id) for meta in now) == 1
