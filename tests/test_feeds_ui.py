"""Feeds in the reader: F, new items arriving live, failed feeds, adding a feed, and the whole
loop of a new user (subscribe, fetch, read, bookmark, search, relaunch)."""

from __future__ import annotations

from pathlib import Path

import pytest

from termnews.config import Config
from termnews.feeds.service import FeedService
from termnews.library import TrailerRules
from termnews.repository import Repository
from termnews.state import StateStore
from termnews.ui.app import TermnewsApp
from termnews.ui.dialogs.ask_url import AskUrlScreen
from termnews.ui.widgets.reader import Reader
from termnews.ui.widgets.section_tree import SectionTree

from .feedserver import FeedServer, Route
from .ui_helpers import list_widget, ready, rows, until

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
WIDE = (120, 35)
ATOM = (FEEDS / "atom_jekyll_airdcpp.xml").read_bytes()


@pytest.fixture
def server():
    with FeedServer() as running:
        running.routes["/bbc"] = Route((FEEDS / "bbc_news_2024.xml").read_bytes())
        running.routes["/atom"] = Route(ATOM, content_type="application/atom+xml")
        yield running


def make(tmp_path: Path, config: Config | None = None) -> TermnewsApp:
    """The app as `termnews` builds it when there are feeds and no library."""
    service = FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data")
    service.feeds_dir.mkdir(parents=True, exist_ok=True)
    state = StateStore(tmp_path / "data")
    repo = Repository([service.feeds_dir], state, TrailerRules.build(), tmp_path / "cache")
    repo.feeds = service
    return TermnewsApp(repo, config or Config())


async def fetched(pilot, screen) -> None:
    await until(pilot, lambda: not screen._fetch_status and not screen.has_class("-scanning"))
    await pilot.pause(0.2)
    await until(pilot, lambda: not screen.has_class("-scanning"))


async def test_new_items_arrive_without_moving_the_reader(tmp_path, server) -> None:
    FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data").add(
        server.url("/atom")
    )
    app = make(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert rows(screen) == ["Web Client 2.14.0 Beta", "Web Client 2.13.3"]
        await pilot.press("j", "enter")
        reader = screen.query_one(Reader)
        reader.scroll_to(y=3, animate=False, immediate=True)
        opened = screen.current_article
        FeedService(app.repo.feeds.subscriptions_file, app.repo.feeds.feeds_dir, tmp_path / "data")
        with (tmp_path / "config" / "feeds.yaml").open("a") as subscriptions:
            subscriptions.write(f'  - url: "{server.url("/bbc")}"\n')
        screen.action_fetch_all_feeds()
        await fetched(pilot, screen)
        await until(pilot, lambda: len(rows(screen)) == 55)
        assert screen.current_article.id == opened.id
        assert list_widget(screen).current.id == opened.id
        assert reader.scroll_y == 3
        tree = screen.query_one(SectionTree)
        assert any("BBC News" in str(node.label) for node in tree.root.children[3].children)


async def test_a_failed_feed_is_marked_in_the_tree_and_listed_on_w(tmp_path, server) -> None:
    FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data").add(
        server.url("/atom")
    )
    server.routes["/atom"] = Route(b"no", status=500)
    app = make(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.action_fetch_all_feeds()
        await fetched(pilot, screen)
        tree = screen.query_one(SectionTree)
        labels = [str(node.label) for node in tree.root.children[3].children]
        assert labels == ["AirDC++ Web Client 2 ⚠"]
        await pilot.press("w")
        shown = str(app.screen.query_one("#warnings Static").render())
        assert "last fetch failed: HTTP 500" in shown


async def test_a_feed_given_a_new_section_moves_there_with_its_items(tmp_path, server) -> None:
    """feeds.yaml edited while the reader runs: F (nothing due) rewrites the items already
    written, and the tree shows them in the new section."""
    FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data").add(
        server.url("/atom")
    )
    app = make(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        (tmp_path / "config" / "feeds.yaml").write_text(
            f'feeds:\n  - url: "{server.url("/atom")}"\n    section: Software / Releases\n'
        )
        screen.action_fetch_all_feeds()
        await fetched(pilot, screen)
        tree = screen.query_one(SectionTree)
        await until(
            pilot, lambda: "Software" in [str(n.label).split(" ")[0] for n in tree.root.children]
        )
        labels = [str(node.label) for node in tree.root.children]
        assert not any(label.startswith("Feeds") for label in labels)
        assert rows(screen) == ["Web Client 2.14.0 Beta", "Web Client 2.13.3"]


async def test_add_a_feed_from_the_palette_dialog(tmp_path, server) -> None:
    app = make(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await screen.run_action("add_feed")
        await pilot.pause()
        assert isinstance(app.screen, AskUrlScreen)
        await pilot.click("#url")
        await pilot.press(*server.url("/atom"), "enter")
        await until(pilot, lambda: len(rows(screen)) == 2, timeout=10)
        assert app.repo.feeds.subscriptions()[0].url == server.url("/atom")


async def test_the_whole_loop_of_a_new_user(tmp_path, server) -> None:
    service = FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data")
    service.add(server.url("/atom"))
    service.add(server.url("/bbc"))
    service.close()
    app = make(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("F")  # nothing is due: says so, fetches nothing
        await pilot.pause()
        await pilot.press("enter")
        first = screen.current_article
        await pilot.press("b")
        await pilot.press("slash")
        for key in "richarlison":
            await pilot.press(key)
        await until(
            pilot,
            lambda: rows(screen)[:1] == ["Tottenham striker Richarlison rejects move to Saudi"],
        )
        await pilot.press("escape", "escape")
        await pilot.press("Q")
    again = make(tmp_path)
    async with again.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert again.repo.is_bookmarked(first.id) and again.repo.is_read(first.id)
        assert len(again.repo.articles) == 55


async def test_fetch_every_fetches_on_start(tmp_path, server) -> None:
    service = FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data")
    service.add(server.url("/atom"))
    record = service.ledger.feed(server.url("/atom"))
    record.next_check = 0  # due now
    service.ledger.save_feed(record)
    service.close()
    asked = len(server.requests)
    app = make(tmp_path, Config(fetch_every=1800))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: len(server.requests) > asked, timeout=10)
