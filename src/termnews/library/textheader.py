"""Provides the header that newsboat writes atop an article it saves as text (`s`), and the
numbered links it lists at the end.

newsboat's saved article (item_renderer::to_plain_text) opens with `Feed:`, `Title:`,
`Author:`, `Date:`, `Link:`, `Flags:` and `Podcast Download URL:` lines and a line holding
one space; the story follows, wrapped at 80 columns, a link's number after its text
(`this site[1]`, `[image 1: A protester (link #2)]`); then `Links:` and one `[1]: URL (link)`
line a link. Other tools that save text write the same kind of header (`URL:`, `Source:`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from termnews.library.clean import clean_line
from termnews.library.document import Span

KEY_LENGTH = 30
"""Characters a header's key has at most (MultiMarkdown's `Base Header Level`)."""
_KEY_LINE = re.compile(rf"^([A-Za-z][A-Za-z0-9 _-]{{0,{KEY_LENGTH}}})[ \t]*:[ \t]*(.*)$")
_NEWSBOAT_KEYS = frozenset(
    {"feed", "title", "author", "date", "link", "url", "source", "flags", "podcast download url"}
)
_LINKS_HEADING = "Links:"
_LISTED = re.compile(
    r"^\[(\d{1,4})\]: (\S+) \((?:link|image|embedded flash|iframe|video|audio|unknown \(bug\))\)$"
)
_PLACEHOLDER = re.compile(r"^(?:Image|Link)\[\d{1,4}\]$")
"""What newsboat writes for an item's enclosure, whose address is in the list."""
_MARKER = re.compile(
    r"(?<=\S)\[(\d{1,4})\]|\[(\w[\w ]{0,30} \d{1,4}(?:: [^\[\]]{0,300})?) \(link #(\d{1,4})\)\]"
)
"""`text[2]` after a link's text; `[image 1: alt (link #2)]` for a picture or a frame."""
_WORD_BEFORE = re.compile(r"\S+$")


@dataclass
class Header:
    """What the header says; the values are as written (the date is read later)."""

    title: str = ""
    source: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    lines: int = 0
    """How many lines the header takes, with the blank line after it."""


def header_fields(
    lines: list[str], start: int, keys: frozenset[str] | None = None
) -> tuple[dict[str, str], int] | None:
    """`Key: value` lines from line `start` up to a blank line, by lowercased key, and the
    line after the blank one; a line indented under one goes on with its value. With
    `keys`, only those keys, and any other line goes on with the value above it: newsboat
    wraps its header at 80 columns, a long title onto a second line as it is. None when
    another line comes first or no blank line ends them."""
    fields: dict[str, str] = {}
    key = ""
    for at in range(start, len(lines)):
        line = lines[at]
        if not line.strip():
            return (fields, at + 1) if fields else None
        match = _KEY_LINE.match(line)
        name = match.group(1).strip().lower() if match else ""
        if match and (keys is None or name in keys):
            key = name
            fields.setdefault(key, clean_line(match.group(2)))
        elif key and (keys is not None or line[:1] in (" ", "\t")):
            fields[key] = clean_line(f"{fields[key]} {line}")
        else:
            return None
    return None


def read_header(lines: list[str], start: int) -> Header | None:
    """The header block from line `start`: two or more of newsboat's `Key: value` lines, a
    `Title:` among them, ended by a blank line (newsboat's holds one space), the story
    after it. None when there is none."""
    block = header_fields(lines, start, _NEWSBOAT_KEYS)
    if block is None or "title" not in block[0] or len(block[0]) < 2:
        return None
    found, end = block
    if not any(line.strip() for line in lines[end:]):
        return None  # the lines are the text itself, not a header over it
    return Header(
        title=found["title"],
        source=found.get("feed") or found.get("source") or None,
        date=found.get("date") or None,
        url=found.get("link") or found.get("url") or None,
        author=found.get("author") or None,
        lines=end - start,
    )


@dataclass
class Listed:
    """The body without newsboat's links list and placeholders, and the list's addresses."""

    lines: list[str]
    urls: list[str] = field(default_factory=list)


def without_links_list(lines: list[str]) -> Listed:
    """The `Links:` list at the end taken out, its addresses in their order; and the lines
    that stand for an enclosure (`Image[1]`), whose address the list has."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    at = end
    while at and _LISTED.match(lines[at - 1].strip()):
        at -= 1
    if at == end or not at or lines[at - 1].strip() != _LINKS_HEADING:
        return Listed(lines)
    urls = [_LISTED.match(line.strip()).group(2) for line in lines[at:end]]  # type: ignore[union-attr]
    body = [line for line in lines[: at - 1] if not _PLACEHOLDER.match(line.strip())]
    return Listed(body, urls)


def numbered_links(text: str, count: int) -> tuple[str, list[Span]]:
    """The text without newsboat's link numbers, and a link span for each: over the word
    before `[n]`, over the label of `[image 1: alt (link #n)]` (numbers beyond the list's
    `count` are text)."""
    if "[" not in text:
        return text, []
    out: list[str] = []
    spans: list[Span] = []
    length = 0
    last = 0
    for match in _MARKER.finditer(text):
        number = int(match.group(1) or match.group(3))
        if not 1 <= number <= count:
            continue
        before = text[last : match.start()]
        out.append(before)
        length += len(before)
        if match.group(1):
            word = _WORD_BEFORE.search(before)
            spans.append(
                Span(length - len(word.group()) if word else length, length, "link", number)
            )
        else:
            label = f"[{match.group(2)}]"
            spans.append(Span(length, length + len(label), "link", number))
            out.append(label)
            length += len(label)
        last = match.end()
    out.append(text[last:])
    return "".join(out), spans
