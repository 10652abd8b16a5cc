"""Provides View: which articles the list shows (all, unread, bookmarks or a section)."""

from __future__ import annotations

from dataclasses import dataclass

from termnews.formatting import SECTION_JOIN


@dataclass(frozen=True)
class View:
    """A choice in the section tree; plain data so it can be remembered across launches."""

    kind: str = "all"
    """One of `all`, `unread`, `bookmarks`, `section`."""
    section: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "section":
            return SECTION_JOIN.join(self.section)
        return {"all": "All articles", "unread": "Unread", "bookmarks": "Bookmarks"}[self.kind]

    def to_json(self) -> dict:
        return {"kind": self.kind, "section": list(self.section)}

    @classmethod
    def from_json(cls, data: object) -> View:
        """A remembered view, or All articles when the memory is unusable."""
        if not isinstance(data, dict) or data.get("kind") not in (
            "all",
            "unread",
            "bookmarks",
            "section",
        ):
            return cls()
        section = data.get("section") or []
        if not isinstance(section, list) or not all(isinstance(part, str) for part in section):
            return cls()
        return cls(data["kind"], tuple(section))
