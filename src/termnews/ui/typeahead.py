"""Provides typeahead: keys typed before the first titles are kept for them.

`termnews` then Enter, typed in one go, used to lose the Enter: it reached an empty list a
few tenths of a second before the titles. mutt and newsboat read no key before their index
is on screen, so what is typed meanwhile waits in the terminal and then acts. Here the
keys wait in the app, in order, until the reader says it is ready (or HOLD_AT_MOST has
passed, so that a slow first look never swallows them).

A key typed before Textual has the terminal is read as the terminal's line discipline
made it: Enter arrives as a line feed (ctrl+j), which mutt and newsboat take as Enter too.
"""

from __future__ import annotations

from textual import events

HOLD_AT_MOST = 3.0
"""Seconds after which held keys are let through even with no titles yet."""
REPLAY_EVERY = 0.03
"""Seconds between the held keys as they are sent again (a fast typist's pace)."""
PASSED = frozenset({"ctrl+c", "ctrl+q"})
"""Keys never held: quitting does not wait for the titles."""


class Typeahead:
    """Holds keys until released once; after that every key passes."""

    def __init__(self) -> None:
        self._held: list[events.Key] | None = []
        """The keys held so far, in order; None once released."""

    @property
    def holding(self) -> bool:
        return self._held is not None

    def hold(self, event: events.Key) -> bool:
        """Keep the key (True) or let it through (False)."""
        if self._held is None or event.key in PASSED:
            return False
        if event.key == "ctrl+j":  # Enter, typed while the terminal was still in line mode
            self._held.append(events.Key("enter", "\r"))
        else:
            self._held.append(events.Key(event.key, event.character))
        return True

    def release(self) -> list[events.Key]:
        """The held keys, to be sent again; from now on no key is held."""
        held, self._held = self._held or [], None
        return held
