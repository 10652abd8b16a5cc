"""Provides the site-boilerplate ("trailer") patterns that end a saved page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DEFAULT_TRAILER_PATTERNS: tuple[str, ...] = (
    r"^(?P<source>.{1,60}?)['’]s website can also be accessed at the following alternate addresses",
    r"^(follow us on|subscribe to our|sign up for our)\b",
    r"\ball rights reserved\b",
    r"^(copyright\b|©)",
    r"^(read more|related( articles| stories| coverage)?|more on this story)\s*:",
)
"""Built in; users add their own under `trailer_patterns` in config.yaml."""

TRAILER_WINDOW = 6
"""A trailer can only start this many paragraphs from the end, so a stray match mid-article
cannot cut the story short."""


@dataclass(frozen=True)
class TrailerRules:
    """Compiled trailer patterns, matched case-insensitively against whole paragraphs."""

    patterns: tuple[re.Pattern[str], ...]

    @property
    def fingerprint(self) -> str:
        """Changes when the patterns change, so cached parses made with others are dropped."""
        joined = "\n".join(pattern.pattern for pattern in self.patterns)
        return hashlib.blake2b(joined.encode(), digest_size=8).hexdigest()

    @classmethod
    def build(cls, extra: Iterable[str] = ()) -> TrailerRules:
        """The built-in patterns plus the user's; a bad pattern raises re.error."""
        sources = (*DEFAULT_TRAILER_PATTERNS, *extra)
        return cls(tuple(re.compile(source, re.IGNORECASE) for source in sources))

    def split(self, paragraphs: Sequence[str]) -> tuple[int, str | None]:
        """Where the trailer starts (len(paragraphs) when none) and the site it names, if any."""
        start = max(0, len(paragraphs) - TRAILER_WINDOW)
        for index in range(start, len(paragraphs)):
            for pattern in self.patterns:
                match = pattern.search(paragraphs[index])
                if match:
                    source = match.groupdict().get("source")
                    return index, source.strip() if source else None
        return len(paragraphs), None
