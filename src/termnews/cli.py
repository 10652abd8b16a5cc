"""Provides the `termnews` command: the UI by default, and scriptable subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from termnews import __version__
from termnews.commands.output import describe_lookup, fail
from termnews.config import (
    ConfigError,
    default_cache_dir,
    default_config_path,
    default_data_dir,
    load_config,
)
from termnews.library.order import SEARCH_ORDERS, SORT_ORDERS
from termnews.library.query import QueryError
from termnews.paths import printable
from termnews.repository import AmbiguousArticle, ArticleNotFound, SectionNotFound
from termnews.session import UsageError
from termnews.state import STATE_FILE, StateError

COMMANDS = (
    "list",
    "sections",
    "tags",
    "search",
    "show",
    "read",
    "unread",
    "bookmark",
    "unbookmark",
    "feeds",
    "fetch",
    "save",
    "sync",
    "marks",
    "export",
)
_VALUE_OPTIONS = ("--library", "--data-dir", "--config")
USAGE = """termnews [--library DIR] [--data-dir DIR] [--config FILE] [PATH]
       termnews {list,sections,tags,search,show,read,unread,bookmark,unbookmark} [options]
       termnews feeds [add|remove|import|export] … / termnews fetch [NAME|URL …]
       termnews save URL|FILE [--section "A / B"] / termnews save --from LIST
       termnews sync [--status] / termnews marks export|import FILE
       termnews export [QUERY] --format md|html|json [-o PATH]"""


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
    group.add_argument(
        "--rescan",
        action="store_true",
        help="look at every file again, so that one edited in place is read (otherwise a "
        "few commands notice only added, removed and renamed files, by their folders' times)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    # Each group's own options: imported here, not by the reader, which needs none of them.
    from termnews.commands import export, feeds, pages, sync

    common = _common()
    parser = argparse.ArgumentParser(
        prog="termnews",
        usage=USAGE,
        description="Read a folder of saved news articles in the terminal.",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Without a command, termnews opens the reader on the library folder PATH\n"
        "(or --library, or config.yaml, or the bundled samples).\n\n"
        "Where things are (change with --config and --data-dir):\n"
        f"  config      {printable(str(default_config_path()))}\n"
        f"  feeds       {printable(str(default_config_path().parent / 'feeds.yaml'))}\n"
        f"  marks       {printable(str(default_data_dir() / STATE_FILE))}\n"
        f"  index       {printable(str(default_cache_dir()))}",
    )
    parser.add_argument("--version", action="version", version=f"termnews {__version__}")
    # prog: without it each command's usage line repeats the whole USAGE text
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", prog="termnews"
    )

    listing = commands.add_parser("list", parents=[common], help="list articles")
    listing.add_argument("--section", metavar="PATH", help='e.g. "News/Military"')
    listing.add_argument("--tag", metavar="TAG", help="only articles with this tag, as tag: has it")
    listing.add_argument(
        "--author", metavar="NAME", help="only articles by an author so named, as author: finds"
    )
    only = listing.add_mutually_exclusive_group()
    only.add_argument("--unread", action="store_true", help="only unread articles")
    only.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    listing.add_argument("--sort", choices=SORT_ORDERS, default="date")
    listing.add_argument("--json", action="store_true", help="print JSON")

    sections = commands.add_parser("sections", parents=[common], help="the section tree")
    sections.add_argument("--json", action="store_true", help="print JSON")
    tags = commands.add_parser("tags", parents=[common], help="every tag, with unread counts")
    tags.add_argument("--json", action="store_true", help="print JSON")

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
    search.add_argument(
        "--sort",
        choices=SEARCH_ORDERS,
        default="relevance",
        help="best first (the default), or newest first, by title or by section",
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
    feeds.add_parsers(commands, common)
    pages.add_parsers(commands, common)
    sync.add_parsers(commands, common)
    export.add_parsers(commands, common)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Subcommand words and a library PATH share the first position; tell them apart here."""
    argv = list(argv)
    position = _first_word(argv)
    if position is not None and argv[position] in COMMANDS:
        # Options before the command belong to it too: `termnews --library X list`.
        argv = [argv[position], *argv[:position], *argv[position + 1 :]]
        return build_parser().parse_args(argv)
    ui = argparse.ArgumentParser(prog="termnews", usage=USAGE, parents=[_common()], add_help=False)
    ui.add_argument("--version", action="version", version=f"termnews {__version__}")
    ui.add_argument("-h", "--help", action="store_true")
    ui.add_argument("path", nargs="?", type=Path)
    args = ui.parse_args(argv)
    if args.help:
        build_parser().print_help()
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run termnews; returns the exit status. No traceback reaches the user."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a Latin-1 or ASCII terminal: `?`, never a crash
            stream.reconfigure(errors="replace")
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        config = load_config(args.config)
        if args.command is None:
            from termnews.ui.app import run_app

            return run_app(args, config)
        from termnews.commands import run_command

        return run_command(args, config)
    except (ConfigError, UsageError) as error:
        fail(str(error))
        return 2
    except QueryError as error:
        fail(f"bad query: {error}")
        return 2
    except (ArticleNotFound, AmbiguousArticle, SectionNotFound) as error:
        fail(describe_lookup(error))
        return 1
    except StateError as error:
        fail(str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    except (RecursionError, MemoryError) as error:
        fail(f"the input is too deeply nested or too large ({type(error).__name__})")
        return 2
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
