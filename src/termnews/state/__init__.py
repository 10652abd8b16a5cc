"""Provides bookmarks, read state and UI memory, kept in the user's data folder.

Nothing in this package knows about the user interface.
"""

from termnews.state.store import STATE_FILE, StateError, StateStore

__all__ = ["STATE_FILE", "StateError", "StateStore"]
