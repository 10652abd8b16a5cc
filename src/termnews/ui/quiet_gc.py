"""Provides the reader's garbage collection: its full passes in the pauses between keys.

Every frame leaves a few hundred objects that only Python's cycle collector frees (a
Textual strip cut or padded to its own length keeps itself in its own cache). Python's
full pass, which it starts after every tenth intermediate one, then came in the middle of
about one keypress in ten and held it 10 to 40 ms at a million articles: the slowest
tenth of all moves. Here the full pass waits for a pause in the typing instead, and
Python starts one by itself only when the keys never pause.
"""

from __future__ import annotations

import gc
import time

FULL_EVERY = 50
"""Intermediate passes after which Python starts a full one by itself (its default is 10):
this bounds the garbage kept when the keys never pause, a few megabytes."""
QUIET = 0.2
"""Seconds without a key or a click after which the full pass runs: soon, so that each
pass has the garbage of a few keys only (a few milliseconds)."""


class QuietCollector:
    """Started with the app and stopped with it (Python's own setting is put back)."""

    def __init__(self) -> None:
        self._last_input = 0.0
        """When the user last typed or clicked (monotonic seconds)."""
        self._collected = 0.0
        """When the last full pass ran."""
        self._thresholds: tuple[int, int, int] | None = None
        """Python's own thresholds, while this collector's are in force."""

    def start(self) -> None:
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _full = self._thresholds
            gc.set_threshold(young, middle, FULL_EVERY)

    def stop(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input(self) -> None:
        """A key or a click: the user waits for the next frame."""
        self._last_input = time.monotonic()

    def tick(self) -> None:
        """Called often (a timer): one full pass after each burst of input, once it ends."""
        now = time.monotonic()
        if self._last_input > self._collected and now - self._last_input >= QUIET:
            gc.collect()
            self._collected = now
