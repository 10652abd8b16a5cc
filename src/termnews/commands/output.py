"""Provides what every command prints with: article JSON, and marks that suit the terminal."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata

from termnews.library import ArticleMeta
from termnews.paths import printable
from termnews.repository import AmbiguousArticle, Repository, SectionNotFound

SECTION_JOIN = " / "


def article_json(repo: Repository, meta: ArticleMeta, feeds: dict | None = None) -> dict:
    """The article's fields; a feed item's also its `feed`, `guid` and `updated` (pass
    `feeds`, from feed_info, for a list of them)."""
    found = (feeds if feeds is not None else feed_info(repo, [meta])).get(meta.file)
    data = {
        "id": meta.id,
        "title": meta.title,
        "section": list(meta.section),
        "path": printable(meta.file),
        "read": repo.is_read(meta.id),
        "bookmarked": repo.is_bookmarked(meta.id),
        "words": meta.words,
        "minutes": meta.minutes,
        "source": meta.source,
        "author": meta.author,
        "date": meta.date,
        "url": meta.url,
        "format": meta.format,
        "tags": list(meta.tags),
    }
    if found is None:
        return data
    feed, guid, updated = found
    return {"feed": feed, "guid": guid, "updated": _iso(updated)} | data


def feed_info(repo: Repository, metas: list[ArticleMeta]) -> dict:
    """For the feed items among these articles: file -> (feed URL, GUID, updated)."""
    service = repo.feeds
    if service is None or not service.has_ledger:
        return {}
    feeds_dir = str(service.feeds_dir)
    files = [meta.file for meta in metas if meta.file.startswith(feeds_dir)]
    return service.item_info(files) if files else {}


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).replace(microsecond=0).isoformat()


def star() -> str:
    """★, or `*` where the output cannot encode it (an ASCII or Latin-1 terminal)."""
    return "★" if _encodes("★") else "*"


def _encodes(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def clip(text: str, width: int) -> str:
    """The text in at most `width` columns, cut with an ellipsis: a Chinese or Japanese
    character takes two, a combining accent none."""
    if cells(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += _cell(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + ("…" if _encodes("…") else "~")


def pad(text: str, width: int) -> str:
    """The text and spaces to fill `width` columns: a table's column lines up under
    `投资资讯网` as under `News`."""
    return text + " " * max(0, width - cells(text))


def cells(text: str) -> int:
    """Columns the text takes in a terminal."""
    return len(text) if text.isascii() else sum(map(_cell, text))


def _cell(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def warn(message: str) -> None:
    print(f"termnews: warning: {printable(message)}", file=sys.stderr)


def fail(message: str) -> None:
    """An error for stderr; every line through the printable filter (ids, paths and
    queries come from the user or from files)."""
    lines = "\n".join(printable(line) for line in message.split("\n"))
    print(f"termnews: error: {lines}", file=sys.stderr)


def describe_lookup(error: LookupError) -> str:
    if isinstance(error, SectionNotFound):
        close = f"; did you mean {', '.join(error.close)}?" if error.close else ""
        return f"no section is called '{error.args[0]}'{close} (see 'termnews sections')"
    if isinstance(error, AmbiguousArticle):
        lines = [f"'{error.args[0]}' matches {len(error.candidates)} articles:"]
        lines += [f"  {meta.id}  {meta.title}" for meta in error.candidates[:20]]
        return "\n".join(lines)
    return f"no article has the id '{error.args[0]}' (see 'termnews list')"


def dump_json(value: object) -> None:
    """A list one item a line (easy to read, to grep, and to make with json's C encoder:
    `list --json` of 100,000 articles in a fraction of the time an indented dump takes);
    anything else indented. Written at once, not token by token."""
    if isinstance(value, list):
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one a row
        items = ",\n".join(map(encode, value))
        text = f"[\n{items}\n]" if value else "[]"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(text + "\n")
