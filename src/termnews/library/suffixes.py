"""Provides the file name endings of the article formats termnews reads."""

from __future__ import annotations

import re

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MHTML_SUFFIXES = frozenset({".mhtml", ".mht"})
"""Web archives: what Chrome and Edge save as "Webpage, Single File" (library.mhtml)."""
WEBARCHIVE_SUFFIXES = frozenset({".webarchive"})
"""Web archives that Safari saves (library.webarchive)."""
PAGE_SUFFIXES = HTML_SUFFIXES | MHTML_SUFFIXES | WEBARCHIVE_SUFFIXES
"""Saved web pages: their article is extracted (library.html)."""
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | PAGE_SUFFIXES
PICTURE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)$", re.IGNORECASE)
"""A picture's file name, or an address's path that ends in one."""
