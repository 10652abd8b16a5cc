"""Provides saving web pages as articles (by URL or from a saved .html file) and the full
text of feed items whose feeds carry only a summary; all written as plain Markdown files."""
