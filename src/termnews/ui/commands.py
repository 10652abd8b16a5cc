"""Provides the command palette entries: every action, and a jump to every section."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from termnews.formatting import SECTION_JOIN
from termnews.ui.keys import KEYS, display_keys
from termnews.ui.view import View


class ActionCommands(Provider):
    """The same actions the keys run, found by name, with their key as help."""

    def _commands(self) -> list[tuple[str, str, str]]:
        overrides = getattr(self.app, "keymap_overrides", {})
        return [
            (key.description, key.action, f"Key: {display_keys(overrides.get(key.id, key.keys))}")
            for key in KEYS
            if key.palette
        ]

    async def discover(self) -> Hits:
        for description, action, help_text in self._commands():
            yield DiscoveryHit(
                Content(description), partial(self.screen.run_action, action), help=help_text
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, help_text in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self.screen.run_action, action),
                    help=help_text,
                )


class SectionCommands(Provider):
    """`Go to News › Military`; section names are untrusted, so shown as plain Content."""

    async def search(self, query: str) -> Hits:
        show = getattr(self.screen, "show_view", None)
        if show is None:
            return
        matcher = self.matcher(query)
        for section in self.screen.repo.section_paths():
            name = "Go to " + SECTION_JOIN.join(section)
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, Content(name), partial(show, View("section", section)), text=name)
