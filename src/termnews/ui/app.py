"""Provides the Textual application and the function that builds and runs it."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Input

from termnews.config import Config, bundled_dir
from termnews.repository import Repository
from termnews.ui.commands import ActionCommands, FeedCommands, SectionCommands
from termnews.ui.keys import resolve_keymap
from termnews.ui.quiet_gc import QUIET, QuietCollector
from termnews.ui.screens.main import MainScreen
from termnews.ui.typeahead import HOLD_AT_MOST, REPLAY_EVERY, Typeahead
from termnews.ui.view import View


class TermnewsApp(App[None]):
    """The reader: one main screen over a repository."""

    CSS_PATH = str(bundled_dir("styles") / "termnews.tcss")
    COMMANDS = App.COMMANDS | {ActionCommands, FeedCommands, SectionCommands}
    TITLE = "termnews"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, repo: Repository, config: Config) -> None:
        super().__init__()
        self.repo = repo
        self.config = config
        keymap, problems = resolve_keymap(config.keys)
        self.keymap_overrides: dict[str, str] = keymap
        """Key changes from config.yaml that hold, by binding id; help shows the result."""
        self.config_problems: list[str] = list(config.warnings)
        """Mistakes in config.yaml, each naming the file and line: shown once at start."""
        for name, message in problems:
            self.config_problems.append(f"{config.where(f'keys.{name}')}: keys: {message}")
        self._searches = [View("search", (name,), query) for name, query in config.searches]
        self._collector = QuietCollector()
        self._typeahead = Typeahead()

    def on_mount(self) -> None:
        self._collector.start()
        self.set_interval(QUIET / 2, self._collector.tick)
        self.set_timer(HOLD_AT_MOST, self._keys_ready)
        self.set_keymap(self.keymap_overrides)
        self.theme = self._starting_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(MainScreen(self.repo, self._searches, self.config.fetch_every))
        for problem in self.config_problems:
            self.notify(problem, title="config.yaml", severity="warning", timeout=12, markup=False)

    def on_unmount(self) -> None:
        self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.input()
            typed = isinstance(event, events.Key) and not event.is_forwarded
            if typed and self._typeahead.hold(event):
                return
        await super().on_event(event)

    @on(MainScreen.Ready)
    def _keys_ready(self) -> None:
        """The keys typed before the reader was ready act now, in order."""
        self._replay(self._typeahead.release())

    def _replay(self, keys: list[events.Key]) -> None:
        """One key, and the next at a fast typist's pace (REPLAY_EVERY): a key whose
        action ends in Textual's `focus()` moves the focus a few turns of the event loop
        later, and the next key is meant for the pane it went to."""
        if keys:
            self.post_message(keys[0])
            self.set_timer(REPLAY_EVERY, functools.partial(self._replay, keys[1:]))

    def on_key(self, event: events.Key) -> None:
        """A key typed in the same burst as the one that focused a text box (`/` and the
        query, pasted or typed fast) was handed to the widget focused before; it bubbles
        here unused. The box gets it, as the user meant, rather than losing it."""
        focused = self.focused
        if isinstance(focused, Input) and focused.check_consume_key(event.key, event.character):
            event.stop()
            focused.post_message(events.Key(event.key, event.character))

    def _starting_theme(self) -> str:
        """The theme picked in the app, unless config.yaml's `theme:` changed since then:
        an edit of the file is the newer wish."""
        wanted = self.config.theme
        if wanted is not None and wanted not in self.available_themes:
            self.config_problems.append(
                f"{self.config.where('theme')}: theme {wanted!r} does not exist; "
                f"themes: {', '.join(sorted(self.available_themes))}"
            )
            wanted = None
        picked = self.repo.setting("theme")
        if wanted is not None and wanted != self.repo.setting("theme.config"):
            self.repo.remember("theme.config", wanted)
            self.repo.remember("theme", wanted)
            return wanted
        if isinstance(picked, str) and picked in self.available_themes:
            return picked
        return wanted or self.theme

    def _theme_changed(self, theme: Theme) -> None:
        self.repo.remember("theme", theme.name)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette entries, less the ones termnews has its own key for
        (Quit) or that open a panel Escape does not close (Keys: `?` shows every key)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):
                yield command

    def exit(self, *args, **kwargs) -> None:
        """A scan in progress stops too: Textual waits for its workers before it returns,
        and a first scan of a big library would keep the terminal that long."""
        self.repo.stop_scanning()
        super().exit(*args, **kwargs)

    async def action_quit(self) -> None:
        """ctrl+q as well as q: remember the place before leaving."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.remember_place()
        self.exit()


def run_app(args: argparse.Namespace, config: Config) -> int:
    from termnews.session import open_repository

    repo = open_repository(args, config)
    app = TermnewsApp(repo, config)
    try:
        app.run()
    finally:
        repo.state.close()  # every mark in state.sqlite3 itself, none left in its log
    return app.return_code or 0
