"""Provides the start of multiprocessing's helper process, with a stderr it can be given.

Worker processes (a big scan's parse, the fetch of many feeds) need multiprocessing's
resource tracker, a process that is handed stderr's file descriptor. Inside Textual,
sys.stderr is a capture whose fileno() is -1: the tracker could not start, and the workers
with it. It is started with the process's own stderr, when workers are first needed: most
starts of the reader make none, and loading multiprocessing and spawning the helper cost
the first screen 16 ms.
"""

from __future__ import annotations

import sys
import threading

_swap = threading.Lock()


def start_resource_tracker() -> None:
    """Make sure the tracker runs (once per process; later calls cost nothing)."""
    from multiprocessing import resource_tracker

    own = sys.__stderr__
    with _swap:
        captured = sys.stderr
        if own is not None:
            sys.stderr = own
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured
