"""Provides the lines a read-later app writes above a story it exports as Markdown, and the
story's address among them.

Omnivore's export to Obsidian (omnivore-app/obsidian-omnivore, its default template) opens
each story with `# Title`, a `#Omnivore` tag and two links, `[Read on Omnivore](…)` and
`[Read Original](…)`; Cubox writes `[Read in Cubox](…)` and `[Read Original](…)`. The
original's address is the story's URL (often named nowhere else); the lines are the app's,
not the story's.
"""

from __future__ import annotations

import re

_LOOK_WITHIN = 12
"""Lines at the top of the body where the app's lines are looked for."""
_APP_LINK = re.compile(
    r"^[ \t]*(?:[-*][ \t]+)?\[(Read Original|Read on [\w .-]{1,30}|Read in [\w .-]{1,30})\]"
    r"\((https?://[^\s)]+)\)[ \t]*\\?$",
    re.IGNORECASE,
)
_APP_TAG = re.compile(r"^#[A-Za-z][\w-]{0,30}[ \t]*$")
"""`#Omnivore`: the app's tag, on a line of its own above its links."""


def app_header(body: str) -> tuple[str, str | None]:
    """The body without the app's lines at its top, and the original's address; the body
    as it is when it opens with no `[Read Original](…)` among such lines."""
    if "[Read" not in body[:4000] and "[read" not in body[:4000]:
        return body, None
    lines = body.split("\n")
    original = None
    end = 0
    for at, line in enumerate(lines[:_LOOK_WITHIN]):
        found = _APP_LINK.match(line)
        if found:
            if found.group(1).lower() == "read original":
                original = found.group(2)
            end = at + 1
        elif line.strip() and not _APP_TAG.match(line):
            break
    if original is None:
        return body, None
    return "\n".join(lines[end:]).strip("\n"), original
