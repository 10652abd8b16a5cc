"""Provides the screens."""
