"""Provides a page's loose text made into paragraphs before the extractor reads it.

Pages of the 2000s hold their story's text straight in a `<div>`, its paragraphs parted by
`<br><br>`, or open a `<p>` with a box of related links that the HTML parser closes the
paragraph on: the story's first paragraph is then the box's tail. trafilatura keeps text in
paragraphs and drops such loose text, so the story lost its opening (AP on Yahoo: `SAN
FRANCISCO (AP) — Steve Jobs, the mind behind the iPhone…`) or came out cut at each link.
Here each run of loose text and the inline elements within it becomes a `<p>`, as
readability does with its `<br>` chains.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml comes with the extractor, only when a page is met
    from lxml.html import HtmlElement

_CONTAINERS = ("div", "section", "article", "main", "center")
_BLOCKS = (
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "ul",
)  # fmt: skip
"""Elements that are no part of a paragraph; any other (a link, `<math>`, a script) may be."""
_WORD = re.compile(r"\w+")
_WITH_TEXT = " | ".join(f"//{tag}[text()[normalize-space()]]" for tag in _CONTAINERS)
"""Containers with text of their own: few, found at the speed of C (most hold only
elements, and blanks between them)."""
LOOSE_AT_MOST = 200
"""Containers of loose text on a page at most: real pages have up to 18 (976 measured). The
extractor's time grows faster than its paragraphs: 15,000 made a page take 14 s, not 5."""
LOOSE_WORDS = 8
"""Words of loose text, in one run, that make a container's text worth paragraphs: less is
a label beside a box (`Posted by`, `Filed under:`), which the page shows as no story."""


def loose_text(tree: HtmlElement) -> list[HtmlElement]:
    """The containers that hold a run of loose text beside elements of their own blocks;
    none on a page of more than LOOSE_AT_MOST, which is read as it is."""
    found = [element for element in tree.xpath(_WITH_TEXT) if _has_loose_run(element)]
    return found if len(found) <= LOOSE_AT_MOST else []


def paragraphed(containers: list[HtmlElement]) -> None:
    """Each container's loose runs, with the inline elements among them, become paragraphs;
    two `<br>` in a row end one, as they end one on the screen."""
    for element in containers:
        _wrap(element)


def _has_loose_run(element: HtmlElement) -> bool:
    """Words straight in the element, not in a child: a link's text alone is no story."""
    blocks = False
    run = _words(element.text)
    for child in element:
        if not _inline(child):
            blocks = True
            if run >= LOOSE_WORDS:
                return True
            run = 0
        run += _words(child.tail)
    return blocks and run >= LOOSE_WORDS


def _words(text: str | None) -> int:
    return len(_WORD.findall(text)) if text else 0


def _inline(element: HtmlElement) -> bool:
    """Part of a paragraph: no block, and none within (a `<span>` around a whole page)."""
    tag = element.tag
    if not isinstance(tag, str):
        return True
    return tag.lower() not in _BLOCKS and next(element.iter(*_BLOCKS), None) is None


def _wrap(element: HtmlElement) -> None:
    parts: list[str | HtmlElement] = [element.text] if element.text else []
    element.text = None
    for child in list(element):
        tail, child.tail = child.tail, None
        element.remove(child)
        parts.append(child)
        if tail:
            parts.append(tail)
    run: list[str | HtmlElement] = []
    for part in parts:
        if not (isinstance(part, str) or _inline(part)):
            _put(element, run)
            run = []
            element.append(part)
        elif _is_br(part) and (at := _last_br(run)) is not None:
            _put(element, run[:at])  # two `<br>` in a row, blanks aside: a paragraph ends
            run = []
        else:
            run.append(part)
    _put(element, run)


def _last_br(run: list[str | HtmlElement]) -> int | None:
    """Where the run's last `<br>` is when nothing but blanks follows it."""
    for at in range(len(run) - 1, -1, -1):
        part = run[at]
        if isinstance(part, str) and not part.strip():
            continue
        return at if _is_br(part) else None
    return None


def _is_br(part: str | HtmlElement) -> bool:
    return not isinstance(part, str) and isinstance(part.tag, str) and part.tag.lower() == "br"


def _put(element: HtmlElement, run: list[str | HtmlElement]) -> None:
    """The run, in a new paragraph when it holds loose words, else as it was."""
    target = element
    if any(isinstance(part, str) and _words(part) for part in run):
        target = element.makeelement("p", {})
        element.append(target)
    for part in run:
        if isinstance(part, str):
            if len(target):
                target[-1].tail = (target[-1].tail or "") + part
            else:
                target.text = (target.text or "") + part
        else:
            target.append(part)
