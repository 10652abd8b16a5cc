"""Provides carrying a subscription's new name, section or tags to the items it already
wrote, as newsboat's tags apply to every item of a feed at once.

An item file says what it knows of its subscription in its front matter: `section`,
`source` (the feed's name) and `tags` (the subscription's first, then the item's own
categories). termnews writes one JSON value a line there (frontmatter.front_matter), so a
line is replaced without reading the rest as YAML. A file the user edited is theirs and
stays as it is, as when a feed changes an item.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from termnews.feeds.items import file_digest
from termnews.feeds.ledger import ItemRecord
from termnews.library.clean import distinct
from termnews.library.frontmatter import front_matter
from termnews.paths import write_atomically

_FIELDS_BEFORE_TAGS = ("title", "section", "source", "url", "date", "author")
"""The fields item_text writes before `tags`: a file that gains tags gains them there."""


@dataclass(frozen=True)
class Frame:
    """What an item file says of its subscription rather than of the item."""

    section: tuple[str, ...]
    source: str
    tags: tuple[str, ...]
    """The subscription's own (the user's), which come before the item's categories."""

    def key(self) -> str:
        """The frame as the ledger keeps it."""
        return json.dumps([list(self.section), self.source, list(self.tags)], ensure_ascii=False)

    @classmethod
    def from_key(cls, key: str | None) -> Frame | None:
        try:
            section, source, tags = json.loads(key or "")
            return cls(tuple(section), source, tuple(tags))
        except (ValueError, TypeError):
            return None

    def changes(self, new: Frame) -> list[str]:
        """What differs, in words: `["section", "tags"]`."""
        names = {"source": "name", "section": "section", "tags": "tags"}
        return [
            word for field, word in names.items() if getattr(self, field) != getattr(new, field)
        ]


def frame_of(
    label: str | None, section: tuple[str, ...], tags: tuple[str, ...], title: str
) -> Frame:
    """A subscription's frame: its section (default `Feeds / <name>`), the name items
    give as their source (default the feed's title), and its tags."""
    source = label or title
    return Frame(section or ("Feeds", source), source, tags)


def reframe(records: list[ItemRecord], old: Frame, new: Frame) -> list[ItemRecord]:
    """Rewrite the items' files from the old frame to the new; returns the records of
    the files rewritten, with their new digests."""
    done = []
    for record in records:
        path = Path(record.path)
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if record.deleted or file_digest(data) != record.file_digest:
            continue  # gone, or edited by the user: theirs now
        text = _reframed(data.decode("utf-8", "replace"), old, new)
        encoded = text.encode("utf-8") if text is not None else data
        if encoded == data:  # not as termnews writes it, or written in this frame already
            continue
        try:
            write_atomically(path, encoded, durable=False)
        except OSError:
            continue
        record.file_digest = file_digest(encoded)
        done.append(record)
    return done


def _reframed(text: str, old: Frame, new: Frame) -> str | None:
    """The file with the new frame, or None when its front matter is not as termnews
    writes it."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    fields: dict[str, object] = {}
    for line in text[4:end].split("\n"):
        key, colon, value = line.partition(": ")
        if not colon:
            return None
        try:
            fields[key] = json.loads(value)
        except ValueError:
            return None
    tags = fields.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        return None
    theirs = {tag.casefold() for tag in old.tags}
    own = [tag for tag in tags if tag.casefold() not in theirs]
    fields["section"] = list(new.section)
    fields["source"] = new.source
    fields.pop("tags", None)
    merged = list(distinct((*new.tags, *own)))
    ordered: dict[str, object] = {}
    for key, value in fields.items():
        if merged and "tags" not in ordered and key not in _FIELDS_BEFORE_TAGS:
            ordered["tags"] = merged
        ordered[key] = value
    if merged and "tags" not in ordered:
        ordered["tags"] = merged
    return front_matter(ordered) + text[end + 5 :]
