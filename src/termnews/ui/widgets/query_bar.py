"""Provides the query line: search words and filters, told to the screen after a pause."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

DEBOUNCE = 0.005
"""Seconds of no typing before a query runs: keys that come in one burst (a paste, a fast
typist) run one search; a search that a newer key makes stale is cancelled part way."""
PLACEHOLDER = (
    'Search: words  prefix*  "a phrase"  section:…  source:…  author:…  tag:…  unread  not …'
)


class QueryBar(Vertical):
    """The `/` line. Enter opens the top hit; Down goes to the hits; Escape goes back to
    where the reader was."""

    BINDINGS = [Binding("down", "to_hits", "To the hits", show=False, priority=True)]

    class Changed(Message):
        """The query text settled after typing."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Edited(Message):
        """A key changed the text: the search for the old text is stale from now on."""

    class Submitted(Message):
        """Enter: open the best hit of this query."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="query", select_on_focus=False)
        yield Static(id="query-status")

    def on_mount(self) -> None:
        self._timer: Timer | None = None

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def start(self, text: str = "") -> None:
        """Show the line with some text (a scope such as `section:News `) and focus it."""
        self.display = True
        box = self.query_one(Input)
        box.value = text
        box.cursor_position = len(text)
        # At once, not on the next turn of the event loop (as focus() does): keys typed in
        # the same burst as `/` (a paste, a fast typist, a script) belong to the query.
        self.screen.set_focus(box)
        self.say("")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.query_one(Input).value = ""
        self.display = False

    def say(self, status: str, error: bool = False) -> None:
        """A count of matches, or what is wrong with the query (plain text, never markup)."""
        line = self.query_one("#query-status", Static)
        # A new layout costs the whole screen a redraw (tens of milliseconds a keystroke):
        # only when the line may change its height.
        one_line = not error and len(status) < line.size.width and line.size.height <= 1
        line.update(Content(status), layout=not one_line)
        line.set_class(error, "-error")

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited())
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._settled)

    def _settled(self) -> None:
        self._timer = None
        self.post_message(self.Changed(self.text))

    def action_to_hits(self) -> None:
        """On to the hits below, as Tab goes. A priority binding and no message: the focus
        moves as the key is read, so that keys typed right after it (`↓ s`) reach the hits,
        not the query."""
        self.screen.focus_next()

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.Submitted(self.text))
