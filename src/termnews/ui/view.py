"""Provides View: which articles the list shows (all, unread, bookmarks, a section or a search)."""

from __future__ import annotations

from dataclasses import dataclass

from termnews.formatting import SECTION_JOIN

KINDS = ("all", "unread", "bookmarks", "section", "search")


@dataclass(frozen=True)
class View:
    """A choice in the section tree; plain data so it can be remembered across launches."""

    kind: str = "all"
    """One of KINDS."""
    section: tuple[str, ...] = ()
    """The section path; for a saved search, its name."""
    query: str = ""
    """A saved search's query."""

    @property
    def label(self) -> str:
        if self.kind in ("section", "search"):
            return SECTION_JOIN.join(self.section)
        return {"all": "All articles", "unread": "Unread", "bookmarks": "Bookmarks"}[self.kind]

    @property
    def scope(self) -> str:
        """The same articles as query text, to search within them."""
        if self.kind == "section":
            path = "/".join(self.section).replace('"', "")
            return f'section:"{path}" '
        if self.kind == "search":
            return f"{self.query} "
        return {"unread": "unread ", "bookmarks": "bookmarked "}.get(self.kind, "")

    def to_json(self) -> dict:
        return {"kind": self.kind, "section": list(self.section), "query": self.query}

    @classmethod
    def from_json(cls, data: object) -> View:
        """A remembered view, or All articles when the memory is unusable."""
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            return cls()
        section = data.get("section") or []
        if not isinstance(section, list) or not all(isinstance(part, str) for part in section):
            return cls()
        query = data.get("query") or ""
        return cls(data["kind"], tuple(section), query if isinstance(query, str) else "")
