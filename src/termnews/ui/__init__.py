"""Provides the Textual user interface; it reaches data only through the Repository."""
