"""Provides the repository opened as the command line asked: its folders, marks and cache."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from termnews.config import (
    Config,
    bundled_dir,
    default_cache_dir,
    default_config_path,
    default_data_dir,
)
from termnews.feeds.subscriptions import SUBSCRIPTIONS_FILE
from termnews.library import TrailerRules
from termnews.repository import Repository
from termnews.state import StateStore

if TYPE_CHECKING:
    from termnews.feeds.service import FeedService
    from termnews.net import Client
    from termnews.pages.service import PageService


class UsageError(Exception):
    """Bad input from the user that is not a config problem; exit status 2."""


def library_roots(args: argparse.Namespace, config: Config) -> tuple[list[Path], list[Path]]:
    """--library, then PATH, then config.yaml; and, joined to them, the saved pages' folder
    and the feeds folder once there are feeds. The bundled samples only while there is
    neither a library nor a feed."""
    roots = args.library or ([args.path] if getattr(args, "path", None) else config.libraries)
    for root in roots:
        if not root.is_dir():
            raise UsageError(f"library folder {root} does not exist or is not a folder")
    extra = [folder for folder in (saved_dir(args, config),) if folder.is_dir()]
    feeds = feeds_dir(args, config)
    if feeds.is_dir() or subscriptions_file(args).is_file():
        feeds.mkdir(parents=True, exist_ok=True)
        extra.append(feeds)
    if extra:
        return list(roots), extra
    return (roots or [bundled_dir("seeds")]), []


def saved_dir(args: argparse.Namespace, config: Config) -> Path:
    """`saved_dir` from config.yaml, else `saved/` in the data folder."""
    return config.saved_dir or data_dir(args) / "saved"


def data_dir(args: argparse.Namespace) -> Path:
    return args.data_dir or default_data_dir()


def feeds_dir(args: argparse.Namespace, config: Config) -> Path:
    """`feeds_dir` from config.yaml, else `feeds/` in the data folder."""
    return config.feeds_dir or data_dir(args) / "feeds"


def subscriptions_file(args: argparse.Namespace) -> Path:
    """`feeds.yaml` beside the config file in use."""
    return (args.config or default_config_path()).parent / SUBSCRIPTIONS_FILE


def open_repository(args: argparse.Namespace, config: Config) -> Repository:
    state = StateStore(data_dir(args))
    rules = TrailerRules.build(config.trailer_patterns)
    roots, joined = library_roots(args, config)
    repo = Repository(roots, state, rules, default_cache_dir(), joined)
    repo.feeds = open_feeds(args, config)
    repo.pages = open_pages(args, config)
    if config.sync_dir is not None:
        from termnews.state.sync import SyncFolder

        repo.sync = SyncFolder(config.sync_dir, data_dir(args))
    return repo


def open_pages(args: argparse.Namespace, config: Config) -> PageService:
    from termnews.pages.service import PageService

    return PageService(saved_dir(args, config), config.saved_section)


def open_feeds(args: argparse.Namespace, config: Config) -> FeedService:
    from termnews.feeds.service import FeedService

    return FeedService(
        subscriptions_file(args), feeds_dir(args, config), data_dir(args), full_text=_full_text
    )


def _full_text(path: Path, client: Client) -> str | None:
    """Web pages' full text for feeds, imported only when a `full_text` feed needs it."""
    from termnews.pages.fulltext import add_full_text

    return add_full_text(path, client)
