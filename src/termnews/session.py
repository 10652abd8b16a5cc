"""Provides the repository opened as the command line asked: its folders, marks and cache."""

from __future__ import annotations

import argparse
from pathlib import Path

from termnews.config import Config, bundled_dir, default_cache_dir, default_data_dir
from termnews.library import TrailerRules
from termnews.repository import Repository
from termnews.state import StateStore


class UsageError(Exception):
    """Bad input from the user that is not a config problem; exit status 2."""


def library_roots(args: argparse.Namespace, config: Config) -> list[Path]:
    """--library, then PATH, then config.yaml, then the bundled samples."""
    roots = args.library or ([args.path] if getattr(args, "path", None) else config.libraries)
    roots = roots or [bundled_dir("seeds")]
    for root in roots:
        if not root.is_dir():
            raise UsageError(f"library folder {root} does not exist or is not a folder")
    return roots


def open_repository(args: argparse.Namespace, config: Config) -> Repository:
    state = StateStore(args.data_dir or default_data_dir())
    rules = TrailerRules.build(config.trailer_patterns)
    return Repository(library_roots(args, config), state, rules, default_cache_dir())
