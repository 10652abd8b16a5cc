"""Provides the modal dialogs."""
