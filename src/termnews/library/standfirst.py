"""Provides a saved page's standfirst: the sentence or two a news page sets under its
headline (`dek`, `strapline`, `summary`, `lead`), which the extractor leaves out with the
rest of the page's header.

It is found as the page's own description (`<meta name="description">`) shown on the page
word for word, in an element of its own: a description that is only in the page's head is
for search engines, and may say anything. 78 of 976 real pages showed one that their
article left out (The Atlantic's `dek`, The Verge's `p-dek`, heise's `lead`, WirtschaftsWoche's
`c-leadtext`).
"""

from __future__ import annotations

import re

_STARTS = "//text()[contains(., $start)]"
_SHOWN_IN = frozenset({"p", "div", "h2", "h3", "span", "strong", "em"})
_UP = 3
"""Elements above the text that opens the description where it may end: a link or a
stress within the standfirst."""
_OPENINGS = 10
"""Texts that open the description looked at, at most: each costs its elements' text, and a
hostile page may repeat the words a hundred thousand times."""
_NOT_SHOWN = frozenset({"body", "html", "head", "script", "style", "template"})
_FEWEST_WORDS = 6
"""Words in a standfirst at least: fewer is a label or a slogan."""
_MOST_WORDS = 90
_KEY = re.compile(r"[\W_]+")


def standfirst(tree, description: str | None, text: str, title: str | None) -> str | None:
    """The description as the page shows it, unless it is the `title` or the article's
    `text` (Markdown) already says it; None when the page does not show it in an element
    of its own."""
    if tree is None or not description:
        return None
    shown = " ".join(description.split())
    if not _FEWEST_WORDS <= len(shown.split()) <= _MOST_WORDS:
        return None
    key = _key(shown)
    if not key or key == _key(title or "") or key in _key(text):
        return None
    try:
        openings = tree.xpath(_STARTS, start=" ".join(shown.split()[:3]))
    except (ValueError, TypeError):
        return None
    for opening in openings[:_OPENINGS]:
        element = opening.getparent()
        for _ in range(_UP):
            if element is None or element.tag in _NOT_SHOWN:
                break
            if element.tag in _SHOWN_IN and " ".join(element.text_content().split()) == shown:
                return shown
            element = element.getparent()
    return None


def _key(text: str) -> str:
    """Words alone: Markdown's marks, links' addresses and spacing aside."""
    return _KEY.sub(" ", re.sub(r"\]\([^)]*\)", " ", text).casefold()).strip()
