"""Provides the Textual user interface; it reaches data only through the Repository."""

from termnews.ui.cells import use_terminal_widths

use_terminal_widths()  # before Textual measures any text (termnews.ui.cells)
