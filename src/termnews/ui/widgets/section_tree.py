"""Provides the section tree: fixed views on top, then nested sections with unread counts."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from termnews.library import SectionNode, section_key
from termnews.ui.keys import bindings
from termnews.ui.text import plain
from termnews.ui.view import View

FIXED = (View("all"), View("unread"), View("bookmarks"))


class SectionTree(Tree[View]):
    """Choosing a node (cursor or click) tells the screen which articles to list."""

    BINDINGS = bindings("tree")

    class ViewChosen(Message):
        """The user moved to another view in the tree."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    class Opened(Message):
        """The user opened a view (Enter, or `l` on a section with nothing to expand)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("Library"), **kwargs)
        self.show_root = False
        self.auto_expand = False  # opening a section must not fold it
        self.guide_depth = 2
        self.expanded: set[tuple[str, ...]] | None = None
        """Sections shown open, kept across launches; None: only the top level."""
        self._children: dict[View, list[View]] = {}
        """The sections right below each section, for its own unread count."""
        self._view_nodes: dict[View, TreeNode[View]] = {}
        """Every node by its view, for moving the cursor and updating counts."""
        self._counts: dict[View, list[int]] = {}
        """[total, unread] by view; Bookmarks counts bookmarks in both."""
        self._order: list[View] = []
        """Section views in display order, for moving to the next section with unread."""
        self.flagged: set[tuple[str, ...]] = set()
        """Sections (of feeds) whose last fetch failed: shown with a mark."""
        self._arriving: View | None = None
        """A view being moved to by the program; highlights until then are not announced."""
        self._tails: dict[View, int] = {}
        """Characters of each label after its name (the count, a warning mark)."""
        self.generation = 0
        """Goes up at every change of the counts: counts made by a worker from marks read
        before a change are out of date."""

    def populate(self, root: SectionNode, bookmarks: int, searches: list[View]) -> None:
        """Build the tree afresh from a section tree with counts, then the saved searches
        (their counts come later, from set_counts); sections stay open or folded as shown."""
        self.generation += 1
        if self._view_nodes:
            self.expanded = {tuple(path) for path in self.expanded_sections() or []}
        self.clear()
        self._view_nodes.clear()
        self._counts = {
            View("all"): [root.total, root.unread],
            View("unread"): [root.unread, root.unread],
            View("bookmarks"): [bookmarks, bookmarks],
        }
        for view in FIXED:
            self._view_nodes[view] = self.root.add_leaf(self._label(view), data=view)
        self._order = []
        self._children = {}
        for child in root.sorted_children():
            self._add(self.root, child)
        if searches:
            heading = self.root.add(Text("Searches", style="italic"), data=None, expand=True)
            for view in searches:
                self._counts.setdefault(view, [0, 0])
                self._view_nodes[view] = heading.add_leaf(self._label(view, view.label), view)

    def set_counts(self, view: View, total: int, unread: int) -> None:
        """Counts of a saved search, once it has run."""
        if view in self._view_nodes:
            self._counts[view] = [total, unread]
            self._relabel(view)

    def adjust_search(self, view: View, delta: int) -> None:
        """An article a saved search found was read (-1) or unread (+1)."""
        self.generation += 1
        counts = self._counts.get(view)
        if counts is not None:
            counts[1] += delta
            self._relabel(view)

    def _add(self, parent: TreeNode[View], node: SectionNode) -> None:
        view = View("section", node.path)
        self._counts[view] = [node.total, node.unread]
        self._order.append(view)
        label = self._label(view, node.name)
        if node.children:
            opened = len(node.path) == 1 if self.expanded is None else node.path in self.expanded
            added = parent.add(label, data=view, expand=opened)
            self._children[view] = [View("section", c.path) for c in node.sorted_children()]
            for child in node.sorted_children():
                self._add(added, child)
        else:
            added = parent.add_leaf(label, data=view)
        self._view_nodes[view] = added

    def _label(self, view: View, name: str | None = None) -> Text:
        total, unread = self._counts.get(view, [0, 0])
        label = plain(name if name is not None else view.label)
        named = len(label)
        shown = total if view.kind == "bookmarks" else unread
        if shown:
            label.append(f" {shown:,}", style="bold" if view.kind != "bookmarks" else "")
        if view.kind == "section" and tuple(p.casefold() for p in view.section) in self.flagged:
            label.append(" ⚠", style="bold red")
        self._tails[view] = len(label) - named
        return label

    def render_label(self, node: TreeNode[View], base_style: Style, style: Style) -> Text:
        """The label, its name cut short (…) where the line is too narrow for it, so that
        its count stays whole: cropped at the edge, `All articles 1,000,000` read as
        `All articles 1,000,00`, and a long section's count was lost."""
        text = super().render_label(node, base_style, style)
        tail = self._tails.get(node.data, 0) if node.data is not None else 0
        room = self.scrollable_content_region.width - self.guide_depth * _level(node)
        if not tail or text.cell_len <= room:
            return text
        head, end = text[: len(text) - tail], text[len(text) - tail :]
        if room - end.cell_len < 3:
            return text  # too narrow to show a name at all: cropped as before
        head.truncate(room - end.cell_len, overflow="ellipsis")
        return head + end

    def own_unread(self, view: View) -> int:
        """Unread articles in the section itself, not in the sections below it."""
        below = sum(self._counts[child][1] for child in self._children.get(view, ()))
        return self._counts.get(view, [0, 0])[1] - below

    def expanded_sections(self) -> list[list[str]] | None:
        """The open sections, to remember. Before the tree is built (a reader quit as it
        started), the ones it was to open; None: only the top level, the default."""
        if not self._view_nodes:
            return None if self.expanded is None else [list(path) for path in sorted(self.expanded)]
        return [
            list(v.section)
            for v, node in self._view_nodes.items()
            if v.kind == "section" and node.is_expanded and node.children
        ]

    def counts(self, view: View) -> tuple[int, int]:
        total, unread = self._counts.get(view, [0, 0])
        return total, unread

    def sections_in_order(self) -> list[View]:
        return list(self._order)

    def has(self, view: View) -> bool:
        return view in self._view_nodes

    def show_view(self, view: View) -> None:
        """Put the cursor on a view's node, opening its parents, without announcing it.

        The caller already shows that view; the highlights on the way there (the tree
        lays out lines after a refresh) must not switch the list to another view.
        """
        node = self._view_nodes.get(view)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self._arriving = view
        self.call_after_refresh(self._arrive, node)

    def _arrive(self, node: TreeNode[View]) -> None:
        if node.line == self.cursor_line:
            self._arriving = None  # already there: no highlight will come to clear it
        else:
            self.move_cursor(node)

    def adjust_unread(self, section: tuple[str, ...], delta: int) -> None:
        """Articles in a section were read (-1) or unread (+1): update every level."""
        self.generation += 1
        touched = [View("all"), View("unread")]
        key = section_key(section)
        touched += [
            view for view in self._order if key[: len(view.section)] == section_key(view.section)
        ]
        for view in touched:
            counts = self._counts[view]
            counts[1] += delta
            if view.kind == "unread":
                counts[0] += delta
            self._relabel(view)

    def adjust_bookmarks(self, delta: int) -> None:
        self.generation += 1
        counts = self._counts[View("bookmarks")]
        counts[0] += delta
        counts[1] += delta
        self._relabel(View("bookmarks"))

    def refresh_labels(self) -> None:
        """Label every section again (after `flagged` changed)."""
        for view in list(self._view_nodes):
            self._relabel(view)

    def _relabel(self, view: View) -> None:
        node = self._view_nodes.get(view)
        if node is not None:
            name = view.section[-1] if view.kind in ("section", "search") else None
            node.set_label(self._label(view, name))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[View]) -> None:
        event.stop()
        view = event.node.data
        if self._arriving is not None:
            if view == self._arriving:
                self._arriving = None
            return
        if view is not None:
            self.post_message(self.ViewChosen(view))

    def on_tree_node_selected(self, event: Tree.NodeSelected[View]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Opened())

    def action_expand(self) -> None:
        """`l`: open a folded section; on anything else, open the view (focus the list)."""
        node = self.cursor_node
        if node is not None and node.children and not node.is_expanded:
            node.expand()
        else:
            self.action_select_cursor()

    def action_collapse(self) -> None:
        """`h`: fold an open section; on anything else, go to the section above it."""
        node = self.cursor_node
        if node is None:
            return
        if node.children and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_first(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(self.cursor_line, animate=False)

    def action_last(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.cursor_line, animate=False)


def _level(node: TreeNode[View]) -> int:
    """How far below the top the node is drawn (the root is not shown)."""
    level = -1
    while node.parent is not None:
        level += 1
        node = node.parent
    return level
