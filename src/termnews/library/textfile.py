"""Provides the parser for saved-page text and plain text articles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from termnews.library.clean import clean_line
from termnews.library.sections import normalise_section
from termnews.library.trailers import TrailerRules

MAX_TITLE = 300
"""Longer headlines are cut with an ellipsis; the rest is not lost from the file."""

_SPACED_SLASH = re.compile(r"[ \t\u00a0]+/|/[ \t\u00a0]+")
_ANY_SLASH = re.compile(r"[ \t\u00a0]*/[ \t\u00a0]*")
_CREDIT = re.compile(
    r"\((?=[^()]*\b(?:photos?|photograph|image|picture|pic|file|reuters|ap|afp|getty|epa|"
    r"xinhua|anadolu|handout|courtesy|credit|via|by)\b)[^()]{1,80}\)\s*$",
    re.IGNORECASE,
)
_MAX_CAPTION = 600
_MAX_CRUMB_PART = 40
_MAX_HEADLINE = 300
_LONG_LINE = 100


@dataclass(frozen=True)
class ParsedText:
    """What a text article says; the section is empty when it has no breadcrumb."""

    section: tuple[str, ...]
    title: str
    captions: tuple[str, ...]
    paragraphs: tuple[str, ...]
    trailer: tuple[str, ...]
    source: str | None


def parse_breadcrumb(line: str) -> tuple[str, ...] | None:
    """The section path if the line looks like a breadcrumb, else None.

    Headlines contain slashes too (`9/11`, `and/or`, `24/7`), so a breadcrumb needs spaced
    separators, or at least two unspaced ones between capitalised words, and short parts.
    """
    if "/" not in line or len(line) > 2000:
        return None
    parts = [part.strip() for part in _ANY_SLASH.split(line)]
    if not _SPACED_SLASH.search(line) and (
        len(parts) < 3 or not all(part[:1].isalpha() and part[:1].isupper() for part in parts)
    ):
        return None
    named = [part for part in parts if part]
    if len(named) < 2:
        return None
    if any(len(part) > _MAX_CRUMB_PART or len(part.split()) > 5 for part in named):
        return None
    return normalise_section(named) or None


def is_caption(line: str) -> bool:
    """A photo caption: a line that ends with a credit such as `(AFP photo)`."""
    return len(line) <= _MAX_CAPTION and bool(_CREDIT.search(line))


def parse_text(text: str, rules: TrailerRules) -> ParsedText:
    """Split a text article into breadcrumb, headline, captions, paragraphs and trailer."""
    lines = text.split("\n")
    position = _next_filled(lines, 0)
    section: tuple[str, ...] = ()
    crumbs = parse_breadcrumb(lines[position]) if position < len(lines) else None
    if crumbs:
        headline_at = _next_filled(lines, position + 1)
        if headline_at < len(lines) and len(lines[headline_at].strip()) <= _MAX_HEADLINE:
            section, position = crumbs, headline_at
    title = clean_line(lines[position]) if position < len(lines) else ""
    position += 1

    captions: list[str] = []
    while True:
        position = _next_filled(lines, position)
        if position >= len(lines) or not is_caption(lines[position]):
            break
        captions.append(clean_line(lines[position]))
        position += 1

    paragraphs = _paragraphs(lines[position:])
    cut, source = rules.split(paragraphs)
    return ParsedText(
        section=section,
        title=shorten(title),
        captions=tuple(captions),
        paragraphs=tuple(paragraphs[:cut]),
        trailer=tuple(paragraphs[cut:]),
        source=source,
    )


def shorten(title: str, limit: int = MAX_TITLE) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _next_filled(lines: list[str], start: int) -> int:
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; a block of long lines is one paragraph per line,
    a block of short lines is hard-wrapped prose and is joined."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            if any(len(part) >= _LONG_LINE for part in block[:-1]):
                paragraphs.extend(clean_line(part) for part in block)
            else:
                paragraphs.append(clean_line(" ".join(block)))
            block = []
    return [paragraph for paragraph in paragraphs if paragraph]
