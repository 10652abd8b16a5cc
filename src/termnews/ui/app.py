"""Provides the Textual application and the function that builds and runs it."""

from __future__ import annotations

import argparse
from multiprocessing import resource_tracker

from textual.app import App
from textual.theme import Theme

from termnews.config import Config, bundled_dir
from termnews.repository import Repository
from termnews.ui.commands import ActionCommands, SectionCommands
from termnews.ui.screens.main import MainScreen
from termnews.ui.view import View


class TermnewsApp(App[None]):
    """The reader: one main screen over a repository."""

    CSS_PATH = str(bundled_dir("styles") / "termnews.tcss")
    COMMANDS = App.COMMANDS | {ActionCommands, SectionCommands}
    TITLE = "termnews"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, repo: Repository, config: Config) -> None:
        super().__init__()
        self.repo = repo
        self.keymap_overrides: dict[str, str] = dict(config.keys)
        """Key changes from config.yaml, by binding id; the help screen shows them."""
        self._config_theme = config.theme
        self._searches = [View("search", (name,), query) for name, query in config.searches]

    def on_mount(self) -> None:
        self.set_keymap(self.keymap_overrides)
        theme = self.repo.setting("theme") or self._config_theme
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(MainScreen(self.repo, self._searches))

    def _theme_changed(self, theme: Theme) -> None:
        self.repo.remember("theme", theme.name)

    async def action_quit(self) -> None:
        """ctrl+q as well as q: remember the place before leaving."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.remember_place()
        self.exit()


def run_app(args: argparse.Namespace, config: Config) -> int:
    from termnews.cli import open_repository

    # A big scan parses in worker processes, whose helper (the resource tracker) is handed
    # stderr's file descriptor. Inside Textual stderr is captured and has none, so start
    # the helper now, while stderr is still the terminal.
    resource_tracker.ensure_running()
    app = TermnewsApp(open_repository(args, config), config)
    app.run()
    return app.return_code or 0
