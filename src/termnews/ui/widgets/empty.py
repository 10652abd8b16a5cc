"""Provides the friendly panel shown when the library has no articles."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from termnews.config import default_config_path
from termnews.ui.text import plain


class EmptyLibrary(Static):
    """Says where termnews looked and how to point it at a folder of articles."""

    def show_for(self, roots: list[Path]) -> None:
        message = Text()
        message.append("No articles here yet\n\n", style="bold")
        message.append("termnews looked in:\n")
        for root in roots:
            message.append("  ")
            message.append_text(plain(str(root)))
            message.append("\n")
        message.append(
            "\nIt reads .txt and .md files in that folder and the folders below it.\n\n"
            "To open another folder:\n"
        )
        message.append("  termnews ~/news\n", style="bold")
        message.append("or name it in ")
        message.append_text(plain(str(default_config_path())))
        message.append(":\n")
        message.append("  library: ~/news\n\n", style="bold")
        message.append("Press R to scan again, q to quit.")
        self.update(message)
