"""Provides the `termnews` command: the UI by default, and scriptable subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from termnews import __version__
from termnews.config import (
    Config,
    ConfigError,
    bundled_dir,
    default_cache_dir,
    default_data_dir,
    load_config,
)
from termnews.library import TrailerRules
from termnews.library.query import QueryError
from termnews.repository import SORT_ORDERS, AmbiguousArticle, ArticleNotFound, Repository
from termnews.state import StateError, StateStore

COMMANDS = ("list", "sections", "search", "show", "read", "unread", "bookmark", "unbookmark")
_VALUE_OPTIONS = ("--library", "--data-dir", "--config")
USAGE = """termnews [--library DIR] [--data-dir DIR] [--config FILE] [PATH]
       termnews {list,sections,search,show,read,unread,bookmark,unbookmark} [options]"""


class UsageError(Exception):
    """Bad input from the user that is not a config problem; exit status 2."""


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("where things are")
    group.add_argument(
        "--library",
        action="append",
        type=Path,
        metavar="DIR",
        help="library folder (repeat for more); default: config.yaml, else the bundled samples",
    )
    group.add_argument(
        "--data-dir", type=Path, metavar="DIR", help="where bookmarks and read marks are kept"
    )
    group.add_argument("--config", type=Path, metavar="FILE", help="config file to use")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="termnews",
        usage=USAGE,
        description="Read a folder of saved news articles in the terminal.",
        parents=[common],
        epilog="Without a command, termnews opens the reader on the library folder PATH "
        "(or --library, or config.yaml, or the bundled samples).",
    )
    parser.add_argument("--version", action="version", version=f"termnews {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    listing = commands.add_parser("list", parents=[common], help="list articles")
    listing.add_argument("--section", metavar="PATH", help='e.g. "News/Military"')
    only = listing.add_mutually_exclusive_group()
    only.add_argument("--unread", action="store_true", help="only unread articles")
    only.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    listing.add_argument("--sort", choices=SORT_ORDERS, default="date")
    listing.add_argument("--json", action="store_true", help="print JSON")

    sections = commands.add_parser("sections", parents=[common], help="the section tree")
    sections.add_argument("--json", action="store_true", help="print JSON")

    search = commands.add_parser(
        "search",
        parents=[common],
        help="full-text search with filters",
        epilog="e.g. termnews search taliban milit* section:News unread '\"press tv\"'",
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words, phrases and filters")
    search.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N results (0: all; default 20)"
    )
    search.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", parents=[common], help="print one article")
    show.add_argument("id", metavar="ID", help="article id or a unique prefix of it")
    show.add_argument("--json", action="store_true", help="print JSON")

    for name, text in (
        ("read", "mark articles read"),
        ("unread", "mark articles unread"),
        ("bookmark", "bookmark articles"),
        ("unbookmark", "remove bookmarks"),
    ):
        marker = commands.add_parser(name, parents=[common], help=text)
        marker.add_argument("ids", nargs="+", metavar="ID")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Subcommand words and a library PATH share the first position; tell them apart here."""
    argv = list(argv)
    position = _first_word(argv)
    parser = build_parser()
    if position is not None and argv[position] in COMMANDS:
        # Options before the command belong to it too: `termnews --library X list`.
        argv = [argv[position], *argv[:position], *argv[position + 1 :]]
        return parser.parse_args(argv)
    ui = argparse.ArgumentParser(prog="termnews", usage=USAGE, parents=[_common()], add_help=False)
    ui.add_argument("--version", action="version", version=f"termnews {__version__}")
    ui.add_argument("-h", "--help", action="store_true")
    ui.add_argument("path", nargs="?", type=Path)
    args = ui.parse_args(argv)
    if args.help:
        parser.print_help()
        raise SystemExit(0)
    args.command = None
    return args


def _first_word(argv: list[str]) -> int | None:
    skip = False
    for index, word in enumerate(argv):
        if skip:
            skip = False
        elif word in _VALUE_OPTIONS:
            skip = True
        elif word == "--":
            return index + 1 if index + 1 < len(argv) else None
        elif not word.startswith("-"):
            return index
    return None


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


def warn(message: str) -> None:
    print(f"termnews: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run termnews; returns the exit status. No traceback reaches the user."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        config = load_config(args.config)
        if args.command is None:
            from termnews.ui.app import run_app

            return run_app(args, config)
        from termnews.commands import run_command

        return run_command(args, config)
    except (ConfigError, UsageError) as error:
        print(f"termnews: error: {error}", file=sys.stderr)
        return 2
    except QueryError as error:
        print(f"termnews: error: bad query: {error}", file=sys.stderr)
        return 2
    except (ArticleNotFound, AmbiguousArticle) as error:
        print(f"termnews: error: {describe_lookup(error)}", file=sys.stderr)
        return 1
    except StateError as error:
        print(f"termnews: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if os.environ.get("TERMNEWS_DEBUG"):
            raise
        print(
            f"termnews: internal error: {type(error).__name__}: {error}\n"
            "Run again with TERMNEWS_DEBUG=1 for details, and please report it.",
            file=sys.stderr,
        )
        return 3


def describe_lookup(error: LookupError) -> str:
    if isinstance(error, AmbiguousArticle):
        lines = [f"'{error.args[0]}' matches {len(error.candidates)} articles:"]
        lines += [f"  {meta.id}  {meta.title}" for meta in error.candidates[:20]]
        return "\n".join(lines)
    return f"no article has the id '{error.args[0]}' (see 'termnews list')"


def dump_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
