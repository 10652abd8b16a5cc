"""Provides the command palette entries: every action, and a jump to every section."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from termnews.formatting import SECTION_JOIN
from termnews.ui.keys import KEYS, display_keys, effective_keys
from termnews.ui.view import View

MATCH_AT_MOST = 200
"""Characters of a candidate the palette compares: section names come from files."""


def linear_match(query: str, candidate: str) -> tuple[float, list[int]]:
    """(score, matched offsets) in one pass over the candidate, never more.

    Textual's fuzzy matcher explores alternative alignments, which a long untrusted
    section name turns into minutes and gigabytes; this takes the words of the query as a
    substring where it can, else the first greedy subsequence.
    """
    text = candidate[:MATCH_AT_MOST].casefold()
    query = query.casefold().strip()[:MATCH_AT_MOST]
    if not query:
        return 1.0, []
    at = text.find(query)
    if at >= 0:
        boundary = at == 0 or not text[at - 1].isalnum()
        return 0.6 + (0.3 if boundary else 0.0) + 0.1 * len(query) / len(text), [
            *range(at, at + len(query))
        ]
    offsets: list[int] = []
    position = 0
    for char in query.replace(" ", ""):
        position = text.find(char, position)
        if position < 0:
            return 0.0, []
        offsets.append(position)
        position += 1
    spread = offsets[-1] - offsets[0] + 1
    return 0.5 * len(offsets) / spread, offsets


def highlighted(candidate: str, offsets: list[int]) -> Content:
    """The candidate as plain Content (never markup) with the matched letters styled."""
    content = Content(candidate)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


class ActionCommands(Provider):
    """The same actions the keys run, found by name, with their key as help."""

    def _commands(self) -> list[tuple[str, str, str]]:
        keys = effective_keys(getattr(self.app, "keymap_overrides", {}))
        return [
            (key.description, key.action, f"Key: {display_keys(keys[key.id]) or '(none)'}")
            for key in KEYS
            if key.palette
        ]

    async def discover(self) -> Hits:
        for description, action, help_text in self._commands():
            yield DiscoveryHit(
                Content(description), partial(self.screen.run_action, action), help=help_text
            )

    async def search(self, query: str) -> Hits:
        for description, action, help_text in self._commands():
            score, offsets = linear_match(query, description)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(description, offsets),
                    partial(self.screen.run_action, action),
                    help=help_text,
                )


class FeedCommands(Provider):
    """Feed actions that have no key of their own."""

    COMMANDS = (
        ("Fetch all feeds now", "fetch_all_feeds", "Fetch every feed, due or not"),
        ("Fetch this feed", "fetch_this_feed", "The feed of the open item or the chosen section"),
        ("Add a feed…", "add_feed", "A feed's address, or a web page that announces one"),
        ("Remove this feed", "remove_feed", "Unsubscribe from the chosen section's feed"),
        ("Feeds", "feeds_table", "Each feed: items, unread, last fetch, next check, error"),
        ("Export this view (HTML)", "export_view", "The list's articles as one page, in ~"),
    )

    async def discover(self) -> Hits:
        if getattr(self.screen, "repo", None) is None:
            return
        for name, action, help_text in self.COMMANDS:
            yield DiscoveryHit(
                Content(name), partial(self.screen.run_action, action), help=help_text
            )

    async def search(self, query: str) -> Hits:
        if getattr(self.screen, "repo", None) is None:
            return
        for name, action, help_text in self.COMMANDS:
            score, offsets = linear_match(query, name)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(name, offsets),
                    partial(self.screen.run_action, action),
                    help=help_text,
                )


class SectionCommands(Provider):
    """`Go to News › Military`; section names are untrusted, so shown as plain Content."""

    async def search(self, query: str) -> Hits:
        show = getattr(self.screen, "show_view", None)
        if show is None:
            return
        for section in self.screen.repo.section_paths():
            name = "Go to " + SECTION_JOIN.join(section)
            score, offsets = linear_match(query, name)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(name, offsets),
                    partial(show, View("section", section)),
                    text=name,
                )
