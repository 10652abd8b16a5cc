"""Provides section paths: their normal form, names from folders, and the counted tree."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from termnews.library.clean import clean_line
from termnews.library.model import ArticleMeta

MAX_DEPTH = 10
"""Deeper section paths are cut here: nobody navigates a 40-level tree."""

_SEPARATOR = re.compile(r"\s*/\s*")


def normalise_section(parts: Iterable[object]) -> tuple[str, ...]:
    """`News  /  Military` and `News / Military` give the same path; empty parts go."""
    cleaned = (clean_line(str(part)) for part in parts)
    return tuple(part for part in cleaned if part)[:MAX_DEPTH]


def parse_section(value: str) -> tuple[str, ...]:
    """A section written as one string, `A / B / C` or `A/B/C`."""
    return normalise_section(_SEPARATOR.split(value))


def folder_section(relpath: str) -> tuple[str, ...]:
    """The folders between the library root and the file: `middle-east/x.txt` -> Middle East."""
    folders = relpath.split("/")[:-1]
    return normalise_section(_folder_name(folder) for folder in folders)


def _folder_name(folder: str) -> str:
    name = folder.replace("_", " ").replace("-", " ")
    return name.title() if name.islower() else name


def section_key(section: Iterable[str]) -> tuple[str, ...]:
    """Sections compare without regard to case: `news` and `News` are one node."""
    return tuple(part.casefold() for part in section)


def in_section(meta: ArticleMeta, key: tuple[str, ...]) -> bool:
    """Whether the article sits in the section with this key or anywhere below it."""
    return section_key(meta.section[: len(key)]) == key


@dataclass
class SectionNode:
    """One node of the section tree with counts rolled up from everything below it."""

    name: str
    path: tuple[str, ...]
    """Display path from the root, spelled as first seen."""
    children: dict[str, SectionNode] = field(default_factory=dict)
    """Children by case-folded name."""
    total: int = 0
    unread: int = 0

    def sorted_children(self) -> list[SectionNode]:
        return sorted(self.children.values(), key=lambda node: node.name.casefold())

    def walk(self) -> Iterable[SectionNode]:
        """This node and every node below it, depth first, in display order."""
        yield self
        for child in self.sorted_children():
            yield from child.walk()


def build_tree(articles: Iterable[ArticleMeta], is_read: Callable[[str], bool]) -> SectionNode:
    """The tree of all sections with total and unread counts at every level.

    Articles are counted per distinct section first: a library has a few dozen sections
    and may have 100,000 articles.
    """
    return tree_from_counts(Counter((meta.section, is_read(meta.id)) for meta in articles))


def tree_from_counts(counts: Counter[tuple[tuple[str, ...], bool]]) -> SectionNode:
    """The tree from the number of articles per (section, read)."""
    root = SectionNode(name="", path=())
    for (section, read), number in counts.items():
        unread = 0 if read else number
        node = root
        node.total += number
        node.unread += unread
        for part in section:
            key = part.casefold()
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = SectionNode(name=part, path=(*node.path, part))
            node = child
            node.total += number
            node.unread += unread
    return root
