"""Provides section paths: their normal form, names from folders, and the counted tree."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from termnews.library.clean import clean_line
from termnews.library.model import ArticleMeta

MAX_DEPTH = 10
"""Deeper section paths are cut here: nobody navigates a 40-level tree."""

MAX_NAME = 80
"""Longer section names are cut here (with an ellipsis) when a file is parsed: a name is a
label in the tree and the palette, and untrusted text must not cost more than a label."""

_SEPARATOR = re.compile(r"\s*/\s*")
_KEY_SPACES = re.compile(r"[\s_-]+")


def normalise_section(parts: Iterable[object]) -> tuple[str, ...]:
    """`News  /  Military` and `News / Military` give the same path; empty parts go."""
    cleaned = (_cap(clean_line(str(part)[: MAX_NAME * 4])) for part in itertools.islice(parts, 64))
    return tuple(part for part in cleaned if part)[:MAX_DEPTH]


def _cap(name: str) -> str:
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1].rstrip() + "…"


def parse_section(value: str) -> tuple[str, ...]:
    """A section written as one string, `A / B / C` or `A/B/C`."""
    return normalise_section(_SEPARATOR.split(value))


def folder_section(relpath: str) -> tuple[str, ...]:
    """The folders between the library root and the file: `middle-east/x.txt` -> Middle East."""
    folders = relpath.split("/")[:-1]
    return normalise_section(_folder_name(folder) for folder in folders)


def _folder_name(folder: str) -> str:
    """The folder's own spelling, made readable: `ciencia-e_tecnologia` -> `Ciencia e
    tecnologia`, `zh_cn` -> `Zh cn`, `BBC` stays."""
    name = " ".join(folder.replace("_", " ").replace("-", " ").split())
    return name[:1].upper() + name[1:]


def section_key(section: Iterable[str]) -> tuple[str, ...]:
    """Sections compare without regard to case, or to `-`/`_` for spaces: `news` and `News`
    are one node, and `zh_cn` (the folder) finds `Zh cn` (its name in the tree)."""
    return tuple(part_key(part) for part in section)


def part_key(part: str) -> str:
    return _KEY_SPACES.sub(" ", part.casefold()).strip()


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
            key = part_key(part)
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = SectionNode(name=part, path=(*node.path, part))
            node = child
            node.total += number
            node.unread += unread
    return root
