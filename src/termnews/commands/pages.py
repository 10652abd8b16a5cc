"""Provides `termnews save URL|FILE`: a web page's article into the library."""

from __future__ import annotations

import argparse
from pathlib import Path

from termnews.commands.output import dump_json, fail
from termnews.config import Config
from termnews.paths import printable


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    save = commands.add_parser(
        "save",
        parents=[common],
        help="save a web page (URL, or a saved .html, .mhtml or .webarchive file) as an article",
    )
    save.add_argument("page", metavar="URL|FILE", nargs="?")
    save.add_argument(
        "--from",
        dest="reading_list",
        metavar="LIST",
        help="save every page of a reading list: Pocket's export (.zip, .csv or .html), "
        "Instapaper's CSV, a bookmarks file, or one address a line",
    )
    save.add_argument("--section", metavar='"A / B"', help="default: Saved (saved_section)")
    save.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, config: Config) -> int:
    from termnews.library.sections import parse_section
    from termnews.pages.save import NotAPage
    from termnews.session import open_pages, open_repository

    section = parse_section(args.section) if args.section else ()
    if args.reading_list is not None:
        if args.page is not None:
            fail("give a page or --from LIST, not both")
            return 2
        from termnews.commands.reading_list import import_list

        return import_list(args, config, section)
    if args.page is None:
        fail("save what? give a URL or a saved page's file, or --from LIST")
        return 2
    pages = open_pages(args, config)
    try:
        if "://" in args.page:
            saved = pages.save_url(args.page, section)
        else:
            saved = pages.save_file(Path(args.page), section)
    except NotAPage as error:
        fail(str(error))
        return 1
    except OSError as error:
        fail(f"{printable(args.page)}: cannot be read ({error.strerror or error})")
        return 1
    finally:
        pages.close()
    repo = open_repository(args, config)
    try:
        repo.scan()
        meta = next((m for m in repo.articles if m.file == str(saved.path)), None)
    finally:
        repo.state.close()
    article_id = meta.id if meta else None
    if args.json:
        dump_json(
            {
                "id": article_id,
                "title": saved.title,
                "url": saved.url,
                "path": printable(str(saved.path)),
                "updated": saved.updated,
            }
        )
    else:
        verb = "Updated" if saved.updated else "Saved"
        print(f"{verb} {article_id}  {printable(saved.title)}")
    return 0
