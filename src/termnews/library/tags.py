"""Provides the library's tags with how many articles carry each: the reader's tag list
(newsboat's tag view), from metadata in memory or a big library's index alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: str
    """As first written (`Science`), whatever case the other articles write it in."""
    total: int
    unread: int


def count_tags(tagged: Iterable[tuple[tuple[str, ...], bool]]) -> list[TagCount]:
    """(an article's tags, whether it is unread) of every tagged article -> each tag once,
    those with the most unread first, then the most articles, then by name."""
    spelled: dict[str, str] = {}
    totals: dict[str, list[int]] = {}
    for tags, unread in tagged:
        for tag in tags:
            key = tag.casefold()
            counts = totals.get(key)
            if counts is None:
                spelled[key] = tag
                counts = totals[key] = [0, 0]
            counts[0] += 1
            counts[1] += unread
    found = [TagCount(spelled[key], total, unread) for key, (total, unread) in totals.items()]
    found.sort(key=lambda count: (-count.unread, -count.total, count.tag.casefold()))
    return found
