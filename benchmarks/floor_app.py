"""Provides the floor for start-up timing: a Textual app with termnews's widgets and no data."""

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static, Tree


class Floor(App[None]):
    TITLE = "floor"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Tree("sections")
            yield VerticalScroll(Static("floor ready"))
            yield VerticalScroll(Static("reader"))
        yield Footer()


if __name__ == "__main__":
    Floor().run()
