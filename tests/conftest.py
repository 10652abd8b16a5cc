"""Provides shared fixtures: an isolated home for every test, libraries, a CLI runner, and a
feed service with a real feed server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds/news/military/afghanistan/us-would-work-with-taliban-on-daesh-k.txt"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user's config, data or cache."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("TERMNEWS_DEBUG", raising=False)
    return home


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library with the seed in its section folder and one plain article."""
    root = tmp_path / "library"
    target = root / "news" / "seed.txt"
    target.parent.mkdir(parents=True)
    shutil.copyfile(SEED, target)
    (root / "business").mkdir()
    (root / "business" / "rates.txt").write_text(
        "Central bank holds rates\n\nThe bank kept its rate unchanged on Tuesday.\n"
    )
    return root


RunCli = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m termnews` with its own data folder; returns the completed process."""
    data = tmp_path / "data"

    def run(*args: str, data_dir: Path | None = data, check: bool = False, **kwargs):
        extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
        command = [sys.executable, "-m", "termnews", *args, *extra]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=60,
            env=kwargs.pop("env", os.environ.copy()),
            **kwargs,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{command} failed:\n{result.stdout}\n{result.stderr}")
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return run


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """Run `async def` tests (the Pilot tests) without an extra plugin."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


def set_mtimes(root: Path, order: list[str]) -> None:
    """Give files fixed mtimes so that the newest-first list order is known: first is newest."""
    for age, relpath in enumerate(order):
        stamp = 1_800_000_000 - age * 3600
        os.utime(root / relpath, (stamp, stamp))


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths of the files parsed from now on (workers aside: a small scan
    parses in its own process)."""
    from termnews.library import scan as scan_module

    parsed: list[str] = []
    real = scan_module.read_article

    def counting(path, relpath, rules):
        parsed.append(relpath)
        return real(path, relpath, rules)

    monkeypatch.setattr(scan_module, "read_article", counting)
    return parsed


def settle_folders(root: Path) -> None:
    """Every folder's time an hour back, as in a library not written to just now: the
    index reads again a folder it saw change within the last seconds (index.RACY_NS)."""
    stamp = time.time_ns() - 3600 * 10**9
    for folder, _dirs, _files in os.walk(root):
        os.utime(folder, ns=(stamp, stamp))


AppFactory = Callable[..., object]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build the real app over a library and a data folder, as `termnews` does."""
    from termnews.config import Config
    from termnews.library import TrailerRules
    from termnews.repository import Repository
    from termnews.state import StateStore
    from termnews.ui.app import TermnewsApp

    def make(root: Path, data: Path | None = None, config: Config | None = None):
        state = StateStore(data or tmp_path / "data")
        repo = Repository([root], state, TrailerRules.build(), tmp_path / "cache")
        return TermnewsApp(repo, config or Config())

    return make


@pytest.fixture
def saving_app(make_app: AppFactory, tmp_path: Path):
    """The app over a library of one article, saving pages into `tmp_path/saved` (Saved)."""
    from termnews.pages.service import PageService

    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.txt").write_text("Something to read\n\nBody.\n")
    app = make_app(root)
    app.repo.pages = PageService(tmp_path / "saved", ("Saved",))
    return app


@pytest.fixture
def server():
    """A feed server on 127.0.0.1 with no routes yet (tests/feedserver.py)."""
    from .feedserver import FeedServer

    with FeedServer() as running:
        yield running


@pytest.fixture
def service(tmp_path: Path):
    """Subscriptions, feeds folder and ledger of their own (the fetcher's whole world)."""
    from termnews.feeds.service import FeedService

    made = FeedService(tmp_path / "config" / "feeds.yaml", tmp_path / "feeds", tmp_path / "data")
    yield made
    made.close()


def full_text_service(tmp_path: Path, server, items: list[tuple[str, str, str]]):
    """A feed service subscribed, for full text, to an RSS feed on `server` of `items`
    (title, link, summary): the fetcher and page extraction as `termnews feeds fetch` runs
    them."""
    from termnews.feeds.service import FeedService
    from termnews.feeds.subscriptions import Subscription, add_subscription
    from termnews.pages.fulltext import add_full_text

    from .feedserver import Route

    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Briefs</title>' + "".join(
        f"<item><title>{title}</title><link>{link}</link><description>{summary}</description>"
        "</item>"
        for title, link, summary in items
    )
    server.routes["/rss"] = Route((rss + "</channel></rss>").encode())
    service = FeedService(tmp_path / "feeds.yaml", tmp_path / "feeds", tmp_path / "d",
                          full_text=add_full_text)  # fmt: skip
    add_subscription(service.subscriptions_file, Subscription(server.url("/rss"), full_text=True))
    return service
