"""Provides an article's authors as a reader wants them named: without what a page's
byline holds besides names, which extractors take along."""

from __future__ import annotations

import re

# fmt: off
_JUNK = frozenset({
    "follow", "posted", "updated", "published", "archive", "rss", "feed", "email", "comment",
    "comments", "logged", "login", "subscribe", "submitted", "googletag", "dfp", "cmd",
    "share", "tweet", "view", "photo", "photos", "image", "getty", "theme", "themes",
    "artikel", "empfehlen", "teilen", "drucken", "kommentare", "copied", "bio", "account",
    "xxx", "lesedauer", "lesezeit",
})
"""Words no name has and a byline's furniture does (`View author archive`, `Get author
RSS feed`, `Posted Feb`, `Photo by The Associated Press`, `You're logged in`, `Link
Copied`, `See full bio`, German `Artikel empfehlen` and `Lesedauer`), or a WordPress
theme's credit (`Catch Themes`). A name before them stays (`Oli Coleman View author
archive`)."""
_TIMES = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
})
_LEADS = frozenset({"link", "see", "full", "get", "view", "author", "the", "by"})
"""Words that lead to furniture (`Link Copied`, `See full bio`, `View author archive`)."""
_TITLES = frozenset({
    "senior", "staff", "writer", "editor", "reporter", "correspondent", "columnist",
    "contributor", "contributing", "ceo", "founder", "cofounder", "president", "director",
    "fellow",
})
"""Roles that end a name wherever they stand after it (`Sam Stein Senior Politics Editor`):
no one's name holds them, as a name may hold `A` or `At`."""
_ROLES = _TITLES | frozenset({
    "writers", "editors", "chief", "large", "at", "is", "a", "news", "national", "political",
    "security", "sports", "auto", "business", "ap", "autor", "autorin", "redaktion",
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
_PARTS = re.compile(r"\s*[;|·•、，]\s*|,\s+(?=[^,]*\s)")
"""Between names: `;`, `|` and `·`, Japanese and Chinese `、`, and a comma before a part
of two words or more (not the one in `Yeston, J.`, a surname first); not `／`, which
joins a name's two spellings (`NeoL／ネオエル`)."""
_EDGE = r"\s、，／:：●"
_LABELS = re.compile(
    rf"(?:^|(?<=[{_EDGE}]))(?:著者|作者|翻訳者|監訳|翻訳|イラスト|写真|記者|编辑|撰文|著|訳|文)"
    rf"(?=[{_EDGE}]|$)[:：●]?"
)
"""Japanese and Chinese labels of a credit, each a word of its own (`著者 お米ゴハン
イラスト 汐街コナ`, `文● オカモト`, `作者： Diogo Carleto 翻訳者 中村 真子`, `Eric Freeman 著、
嶋田 健志 監訳`): they part names, as `;` does. `文` inside a name (`岸田文雄`) stays."""
_AGENCY = re.compile(r"[A-Z]{2,5}")
"""A part that is one short word in capitals is an agency or a site (`TNN`, `CNN`, `AP`),
no one's name: said only when no one is named (`AFP`, a wire story)."""
_OPENING, _CLOSING = "([{《【「（", ")]}》】」）"
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
    for part in _PARTS.split(_LABELS.sub(";", text or "")):
        part = _without_role(_unbracketed(_BY.sub("", _before_junk(_once(part)))))
        words = [word.casefold() for word in _WORD.findall(part)]
        if not words or len(words) > _MOST_WORDS:
            continue
        if not _DOMAINS.isdisjoint(words) or all(w.isdigit() for w in words):
            continue
        if (len(words) == 2 and words[-1] in _LAST_DOMAINS) or words[0] == "www":
            continue
        if part not in names:
            names.append(part)
    people = [name for name in names if not _AGENCY.fullmatch(name)]
    return ", ".join(people or names) or None


def _before_junk(part: str) -> str:
    """The part up to its first word of furniture and the words that lead to it (`Link
    Copied`, `See full bio`), when two words come before them (a name); else nothing."""
    words = list(_WORD.finditer(part))
    for number, word in enumerate(words):
        if word.group().casefold() in _JUNK:
            while number and words[number - 1].group().casefold() in _LEADS:
                number -= 1
            return part[: words[number - 1].end()] if number >= 2 else ""
    return part


def _once(part: str) -> str:
    """`Confreaks Confreaks`, `Ellyn Shook Ellyn Shook Creating…`: a name said twice in a
    row (the byline's text and its link's) once; not `Zsa Zsa Gabor`'s first word."""
    words = part.split()
    for size in range(1 if len(words) == 2 else 2, len(words) // 2 + 1):
        if words[:size] == words[size : 2 * size]:
            return " ".join(words[:size])
    return part


def _unbracketed(part: str) -> str:
    """`(Jane Roe)`, the `Jane Roe)` left when `Author (` went, `《KT》`: a bracket no
    other closes, or one round the whole name, is no part of it."""
    part = part.strip()
    if part[:1] in _OPENING and part[-1:] == _CLOSING[_OPENING.index(part[:1])]:
        part = part[1:-1]
    balanced = all(part.count(a) == part.count(b) for a, b in zip(_OPENING, _CLOSING, strict=True))
    return part if balanced else part.strip(_OPENING + _CLOSING + " ")


def _without_role(part: str) -> str:
    """The name without the role or the day after it: `Jeff Foust Monday`, `Tom Gillespie
    News reporter`, `Phil Helsel is a reporter`, `Sam Stein Senior Politics Editor`, `Meg
    Wagner NEW YORK DAILY NEWS`; empty when a word or none is left."""
    words = list(_WORD.finditer(part))
    titled = next((n for n, w in enumerate(words) if w.group().casefold() in _TITLES), None)
    if titled:
        words = words[:titled]
    shouted = [w.group().isupper() and len(w.group()) > 1 for w in words]
    if len(words) > 3 and shouted[-2:] == [True, True] and not any(shouted[:2]):
        while words and words[-1].group().isupper():
            words.pop()  # an outlet in capitals after a name that is not
    if len(words) < len(_WORD.findall(part)):
        part = part[: words[-1].end()] if words else ""
    end = len(words)
    while end and (words[end - 1].group().casefold() in _ROLES | _TIMES):
        end -= 1
    if end == len(words):
        return part
    return part[: words[end - 1].end()] if end > 1 else ""  # `Fox News` is no `Fox`
