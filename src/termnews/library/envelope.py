"""Provides reading the envelope that Jina Reader (`r.jina.ai`) writes around a web page it
turns into Markdown, as `curl https://r.jina.ai/URL > story.md` saves it.

    Title: The page's title | Site

    URL Source: https://example.com/story

    Published Time: 2024-12-24T00:08:57+00:00

    Markdown Content:
    The page as Markdown, each picture's alt text numbered: ![Image 1: alt](…)

    Images:
    - ![Image 1: alt](https://…)

Tools built on it write the same lines with or without the blank lines between them, and
a `Warning:` (the page's error status) or `Description:` line among them. The `Images:`
and `Links/Buttons:` lists at the end summarise the page; they are no part of the story.
"""

from __future__ import annotations

import re

from termnews.library.headline import site_names, without_site
from termnews.library.textheader import header_fields

_START = "Title:"
_CONTENT = re.compile(r"^Markdown Content:[ \t]*(?:\n|\Z)", re.MULTILINE)
_HEAD_AT_MOST = 16 * 1024
"""Characters before `Markdown Content:` at most: a title, an address, a date, a warning."""
_FIELDS = {"title": "title", "url source": "url", "published time": "date"}
"""The envelope's names for the front matter's fields."""
_SUMMARIES = ("Images:", "Links/Buttons:")
_NONE_LISTED = "This page does not seem to contain any "
_NUMBERED = re.compile(r"!\[Image \d{1,5}(?:: |(?=\]))")
"""`![Image 3: A protester](…)`: the reader numbers every picture's alt text."""


def reader_envelope(text: str) -> tuple[dict[str, str], str] | None:
    """The envelope's fields under the front matter's names (`title`, without the site's
    name glued to it; `url`; `date`; and the address as `source`, whose host names the
    site) and the Markdown inside it; None when the text does not open with one."""
    head = _head(text)
    if head is None:
        return None
    fields, end = head
    if fields.get("url", "").startswith(("http://", "https://")):
        fields["source"] = fields["url"]  # its host names the site
        if "title" in fields:
            fields["title"] = without_site(fields["title"], site_names(fields["url"]))
    return fields, _NUMBERED.sub("![", _without_summaries(text[end:]))


def _without_summaries(body: str) -> str:
    """The Markdown without the `Images:` and `Links/Buttons:` lists at its end: read back
    from the last line, so a file of nothing but lists costs one pass."""
    lines = body.rstrip().split("\n")
    end = len(lines)
    while True:
        at = end
        while at and (lines[at - 1].startswith("- ") or lines[at - 1].startswith(_NONE_LISTED)):
            at -= 1
        if at == end or not at or lines[at - 1] not in _SUMMARIES:
            break
        end = at - 1
        while end and not lines[end - 1].strip():
            end -= 1
    return "\n".join(lines[:end])


def has_envelope(text: str) -> bool:
    """Whether the text opens with the envelope: then it is Markdown, whatever its name."""
    return _head(text) is not None


def _head(text: str) -> tuple[dict[str, str], int] | None:
    """The fields, and where the Markdown starts."""
    if not text.startswith(_START):
        return None
    content = _CONTENT.search(text, 0, _HEAD_AT_MOST)
    if content is None:
        return None
    lines = [line for line in text[: content.start()].split("\n") if line.strip()]
    block = header_fields([*lines, ""], 0)
    if block is None:
        return None
    fields = {_FIELDS.get(key, key): value for key, value in block[0].items() if value}
    return fields, content.end()
