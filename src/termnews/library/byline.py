"""Provides an article's authors as a reader wants them named: without what a page's
byline holds besides names, which extractors take along."""

from __future__ import annotations

import re

# fmt: off
_JUNK = frozenset({
    "follow", "posted", "updated", "published", "archive", "rss", "feed", "email", "comment",
    "comments", "logged", "login", "subscribe", "submitted", "googletag", "dfp", "cmd",
    "share", "tweet", "view", "photo", "photos", "image", "getty",
})
"""Words no name has and a byline's furniture does (`View author archive`, `Get author
RSS feed`, `Posted Feb`, `Photo by The Associated Press`, `You're logged in`)."""
_TIMES = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
})
_ROLES = frozenset({
    "staff", "writer", "writers", "contributing", "contributor", "editor", "editors",
    "senior", "reporter", "correspondent", "columnist",
})
# fmt: on
_DOMAINS = frozenset({"com", "net", "org"})
"""`lberry@al.com` read as the name `Lberry Com`; `NOLA com`, the site."""
_MOST_WORDS = 6
_PARTS = re.compile(r"\s*[;|]\s*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def author_names(text: str | None) -> str | None:
    """`Malcolm Harris; January` is Malcolm Harris, `David Lassman; Dlassman Com` is David
    Lassman; several names are joined with commas; None when no name is left."""
    names: list[str] = []
    for part in _PARTS.split(text or ""):
        words = [word.casefold() for word in _WORD.findall(part)]
        if not words or len(words) > _MOST_WORDS or not _JUNK.isdisjoint(words):
            continue
        if not _DOMAINS.isdisjoint(words):
            continue
        if all(w in _TIMES or w in _ROLES or w.isdigit() for w in words):
            continue
        if part not in names:
            names.append(part)
    return ", ".join(names) or None
