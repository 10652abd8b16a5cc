"""Provides the article library: parsing article files, scanning folders, the section tree.

Nothing in this package knows about the user interface. The parsers (and what they import:
markdown-it, YAML, dates) load when a file is first read, not with the package, so that a
command answered from the index starts as fast as Python does.
"""

import importlib

from termnews.library.decode import MAX_ARTICLE_BYTES, SkipFile
from termnews.library.model import Article, ArticleMeta
from termnews.library.records import ScanResult, ScanWarning
from termnews.library.sections import SectionNode, build_tree, in_section, section_key
from termnews.library.trailers import TrailerRules

_LAZY = {"read_article": "termnews.library.parse", "scan_library": "termnews.library.scan"}

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Article",
    "ArticleMeta",
    "ScanResult",
    "ScanWarning",
    "SectionNode",
    "SkipFile",
    "TrailerRules",
    "build_tree",
    "in_section",
    "read_article",  # loaded on first use, by __getattr__
    "scan_library",
    "section_key",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
