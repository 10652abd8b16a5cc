"""Provides an article's authors as a reader wants them named: without what a page's
byline holds besides names, which extractors take along."""

from __future__ import annotations

import re

# fmt: off
_JUNK = frozenset({
    "follow", "posted", "updated", "published", "archive", "rss", "feed", "email", "comment",
    "comments", "logged", "login", "subscribe", "submitted", "googletag", "dfp", "cmd",
    "share", "tweet", "view", "photo", "photos", "image", "getty", "theme", "themes",
    "artikel", "empfehlen", "teilen", "drucken", "kommentare",
})
"""Words no name has and a byline's furniture does (`View author archive`, `Get author
RSS feed`, `Posted Feb`, `Photo by The Associated Press`, `You're logged in`, German
`Artikel empfehlen`), or a WordPress theme's credit (`Catch Themes`)."""
_TIMES = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
})
_ROLES = frozenset({
    "staff", "writer", "writers", "contributing", "contributor", "editor", "editors",
    "senior", "reporter", "correspondent", "columnist", "chief", "large", "at", "is", "a",
    "news", "national", "political", "security", "sports", "auto", "business", "ap",
    "autor", "autorin", "redaktion",
})
"""Words of a role after a name (`AP National Political Writer`, `News reporter`, `is a
reporter`, `Editor-at-large`), which goes with them."""
# fmt: on
_DOMAINS = frozenset({"com", "net", "org"})
"""`lberry@al.com` read as the name `Lberry Com`; `NOLA com`, the site."""
_LAST_DOMAINS = frozenset({"de", "at", "ch", "fr", "uk", "io", "info", "www"})
"""A country's or another domain's end last, or `www`: a site's address read as a name
(`Speicherguide De`, `Www Medianotions De`), never a surname (`de` inside one stays)."""
_MOST_WORDS = 6
_PARTS = re.compile(r"\s*[;|]\s*|,\s+(?=[^,]*\s)")
"""Between names: `;` and `|`, and a comma before a part of two words or more (not the
one in `Yeston, J.`, a surname first)."""
_BY = re.compile(
    r"^(?:(?:\w+\s+){0,2}?(?:by|von|par|por)|autor(?:in)?|author|text|in)[:\s]\s*", re.IGNORECASE
)
"""`Analysis by `, `Text by `, `By `, `Von `, German `Autor ` before the name, and the
`In ` that `Autor*in` leaves."""
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def author_names(text: str | None) -> str | None:
    """`Malcolm Harris; January` is Malcolm Harris, `David Lassman; Dlassman Com` is David
    Lassman; several names are joined with commas; None when no name is left."""
    names: list[str] = []
    for part in _PARTS.split(text or ""):
        if not _JUNK.isdisjoint(word.casefold() for word in _WORD.findall(part)):
            continue
        part = _without_role(_unbracketed(_BY.sub("", part)))
        words = [word.casefold() for word in _WORD.findall(part)]
        if not words or len(words) > _MOST_WORDS:
            continue
        if not _DOMAINS.isdisjoint(words) or all(w.isdigit() for w in words):
            continue
        if len(words) > 1 and (words[-1] in _LAST_DOMAINS or words[0] == "www"):
            continue
        if part not in names:
            names.append(part)
    return ", ".join(names) or None


def _unbracketed(part: str) -> str:
    """`(Jane Roe)` and the `Jane Roe)` left when `Author (` went: a bracket no other
    closes is no part of a name."""
    part = part.strip()
    if part.startswith("(") and part.endswith(")"):
        part = part[1:-1]
    return part if part.count("(") == part.count(")") else part.strip("() ")


def _without_role(part: str) -> str:
    """The name without the role or the day after it: `Jeff Foust Monday`, `Tom Gillespie
    News reporter`, `Phil Helsel is a reporter`; empty when nothing else is left."""
    words = list(_WORD.finditer(part))
    end = len(words)
    while end and (words[end - 1].group().casefold() in _ROLES | _TIMES):
        end -= 1
    if end == len(words):
        return part
    return part[: words[end - 1].end()] if end else ""
