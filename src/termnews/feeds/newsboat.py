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

import re
from dataclasses import dataclass, field, replace

from termnews.feeds.subscriptions import Subscription, feed_address, same_address
from termnews.library.clean import clean_line, distinct

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PROGRAM = "runs a program, which termnews does not"
_OTHER_SCHEME = "termnews fetches http and https only"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_LEFT_OUT = (
    ("query:", "a query feed (write it as a saved search: `searches:` in config.yaml)"),
    ("exec:", _PROGRAM),
    ("filter:", _PROGRAM),
    ("|", _PROGRAM),  # Liferea's OPML export of a feed a program writes
)


@dataclass
class FeedList:
    """What a list of feed addresses holds."""

    subscriptions: list[Subscription] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """`line 12 (query:Unread:…): why`, for each line that is not imported."""
    repeated: list[str] = field(default_factory=list)
    """Addresses listed again, whose tags went to the feed's first listing."""

    def joined(self) -> FeedList:
        """One subscription a feed: one listed again (on two lines of newsboat's `urls`,
        which newsboat reads as one feed with both lines' tags, or in two OPML folders)
        keeps its first place and name, and gains the other listing's tags."""
        first: dict[str, Subscription] = {}
        for subscription in self.subscriptions:
            key = same_address(subscription.url)
            if (kept := first.get(key)) is None:
                first[key] = subscription
                continue
            self.repeated.append(subscription.url)
            tags = distinct((*kept.tags, *subscription.tags))
            first[key] = replace(kept, name=kept.name or subscription.name, tags=tags)
        self.subscriptions = list(first.values())
        return self


def read_feed_list(text: str) -> FeedList:
    """The feeds of a newsboat `urls` file or a plain list of addresses."""
    found = FeedList()
    for number, line in enumerate(text.splitlines(), 1):
        tokens = _tokens(line)
        if not tokens:
            continue
        first = tokens[0]
        address, why = usable(first)
        if address is None:
            found.left_out.append(f"line {number} ({clean_line(first)[:80]}): {why}")
            continue
        name, tags = None, []
        for token in tokens[1:]:
            if token.startswith("~"):
                name = clean_line(token[1:]) or name
            elif token != "!" and clean_line(token):
                tags.append(clean_line(token))
        found.subscriptions.append(Subscription(address, name, tags=distinct(tags)))
    return found.joined()


def usable(listed: str) -> tuple[str | None, str]:
    """(the address to fetch, "") or (None, why not): newsboat writes its query feeds and
    programs into its OPML export too, as it lists them in `urls`."""
    why = next((why for prefix, why in _LEFT_OUT if listed.lower().startswith(prefix)), None)
    address = None if why else feed_address(listed)
    if address is None and why is None:
        why = _OTHER_SCHEME if _SCHEME.match(listed) else "not a feed address"
    return address, why or ""


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
