"""Provides saving web pages as articles (by URL, or from a saved page or web archive) and
the full text of feed items whose feeds carry only a summary; all written as plain Markdown
files."""
