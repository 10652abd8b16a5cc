"""Provides the article library: parsing article files, scanning folders, the section tree.

Nothing in this package knows about the user interface.
"""

from termnews.library.decode import MAX_ARTICLE_BYTES, SkipFile
from termnews.library.model import Article, ArticleMeta
from termnews.library.parse import read_article
from termnews.library.scan import ScanResult, ScanWarning, scan_library
from termnews.library.sections import SectionNode, build_tree, in_section, section_key
from termnews.library.trailers import TrailerRules

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
    "read_article",
    "scan_library",
    "section_key",
]
