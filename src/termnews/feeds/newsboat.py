"""Provides reading newsboat's `urls` file (and any list of feed addresses, one a line):
the way newsboat's and snownews's users keep their subscriptions.

    https://archlinux.org/feeds/news/ linux "free software" "~Arch news"
    "query:Unread:unread = \\"yes\\""

Each line is an address, then its tags; a tag `~Name` names the feed and `!` hides it from
newsboat's list. The tags stay tags (every item carries them, so `tag:linux` finds them),
as newsboat's own tag view has them. Query feeds (newsboat's saved searches), `exec:` and
`filter:` lines (which run programs) are named and left out, as are lines that are no
address (`"---YOUTUBE---"`, which newsboat shows as a divider).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from termnews.feeds.subscriptions import Subscription, feed_address
from termnews.library.clean import clean_line, distinct

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_LEFT_OUT = (
    ("query:", "a query feed (write it as a saved search: `searches:` in config.yaml)"),
    ("exec:", "runs a program, which termnews does not"),
    ("filter:", "runs a program, which termnews does not"),
)


@dataclass
class FeedList:
    """What a list of feed addresses holds."""

    subscriptions: list[Subscription] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """`line 12 (query:Unread:…): why`, for each line that is not imported."""


def read_feed_list(text: str) -> FeedList:
    """The feeds of a newsboat `urls` file or a plain list of addresses."""
    found = FeedList()
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        tokens = _tokens(line)
        if not tokens:
            continue
        first = tokens[0]
        shown = clean_line(first)[:80]
        why = next((why for prefix, why in _LEFT_OUT if first.lower().startswith(prefix)), None)
        address = feed_address(first) if why is None else None
        if address is None:
            found.left_out.append(f"line {number} ({shown}): {why or 'not a feed address'}")
            continue
        if address in seen:
            continue
        seen.add(address)
        name, tags = None, []
        for token in tokens[1:]:
            if token.startswith("~"):
                name = clean_line(token[1:]) or name
            elif token != "!" and clean_line(token):
                tags.append(clean_line(token))
        found.subscriptions.append(Subscription(address, name, tags=distinct(tags)))
    return found


def _tokens(line: str) -> list[str]:
    """Words and "quoted strings" (with newsboat's backslash escapes), up to a `#` that
    starts a word outside quotes: the rest of the line is a comment."""
    tokens: list[str] = []
    at, end = 0, len(line)
    while at < end:
        if line[at].isspace():
            at += 1
            continue
        if line[at] == "#":
            break
        if line[at] != '"':
            start = at
            while at < end and not line[at].isspace():
                at += 1
            tokens.append(line[start:at])
            continue
        at += 1
        word: list[str] = []
        while at < end and line[at] != '"':
            if line[at] == "\\" and at + 1 < end:
                at += 1
                word.append(_ESCAPES.get(line[at], line[at]))
            else:
                word.append(line[at])
            at += 1
        at += 1  # the closing quote (a missing one ends the line)
        tokens.append("".join(word))
    return tokens
