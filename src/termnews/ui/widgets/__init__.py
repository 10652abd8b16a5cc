"""Provides the widgets of the main screen."""
