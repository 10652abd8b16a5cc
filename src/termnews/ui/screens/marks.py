"""Provides the marks half of the main screen: bookmark, read, undo, and marks made elsewhere.

A mark is saved before it is shown. On the UI thread a save may wait 50 ms for another
writer; past that it goes to a queue that one thread works through in order, so a state
file held locked by another program never freezes the screen, and the mark appears when
(and only if) it is on disk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from termnews.formatting import counted
from termnews.library import ArticleMeta, SectionNode
from termnews.repository import MarkChange
from termnews.state import StateError
from termnews.state.store import StateBusy
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.section_tree import SectionTree

if TYPE_CHECKING:
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object

POLL_EVERY = 2.0
"""Seconds between looks at whether another process changed marks."""
_UNDO_AT_MOST = 200

_AT_ONCE = 2_000
"""Articles a mark (`A`, its undo) changes on the screen's thread; more are found and saved
by the writer thread, so the screen is not held (273,034 of a big library's section: 10 s)."""
Save = Callable[[bool], MarkChange]
"""Saves one mark operation; its argument says whether it must not wait (`quick`)."""


class MarksMixin(_Base):
    """Mixed into MainScreen, beside SearchMixin."""

    def init_marks(self) -> None:
        self.undo_stack: list[MarkChange] = []
        """Every mark the user caused (n, Space and J too), newest last."""
        self._marks_seen = 0
        """Counts mark changes shown, so that counts made from the list know when to redo."""
        self._queued = 0
        """Saves waiting for the writer thread: later ones queue behind them, in order."""
        self._writer: ThreadPoolExecutor | None = None
        self._sync_told = 0
        """The sync folder's problems (repo.sync_warnings) told so far."""
        self._polling = False
        """A look at marks made elsewhere is under way (on a thread of its own)."""
        self._reload_owed = False
        """Marks made elsewhere came in while saves were queued: shown once they are done."""
        self._merge_owed = False
        """A merge of the sync folder was asked for while it could not start."""
        self.marks_status = ""
        """For the header while a long save runs (`marking 1,000,000 read…`): the toast
        that says so goes after 3 s, and `A` on a million articles takes 15."""

    def on_mount(self) -> None:
        self.set_interval(POLL_EVERY, self._poll_marks)

    def on_unmount(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)  # saves under way reach the disk

    def mark(self, kind: str, metas: list[ArticleMeta], on: bool, undoable: bool = True) -> None:
        """Set a mark on articles; shown once it is saved."""
        ids = [meta.id for meta in metas]
        done = (
            ("read" if on else "unread")
            if kind == "read"
            else "bookmarked"
            if on
            else "unbookmarked"
        )
        said = f"Marked {len(ids):,} {done}." + (" Press u to undo." if undoable else "")
        self._save(
            lambda quick: self.repo.mark(kind, ids, on, quick),
            undoable,
            said if len(ids) > 1 else "",
        )

    def _save(self, save: Save, undoable: bool, said: str | None, queue: bool = False) -> None:
        """Saved now when no save waits (and `queue` is not asked), else by the writer
        thread in turn. `said`: what to tell once saved (None: how many were marked)."""
        if self._queued == 0 and not queue:
            try:
                self._saved(save(True), undoable, said)
                return
            except StateBusy:
                pass
            except StateError as error:
                self._save_failed(error)
                return
        self._queued += 1
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marks")
        self._writer.submit(self._save_queued, save, undoable, said)

    class Saved(Message):
        """A queued save is done: `then(*args)` shows it on the screen's thread. Posted, not
        called from the writer thread (call_from_thread waits for the screen, which waits
        for the writer when it closes: a quit during a long save hung)."""

        def __init__(self, then: Callable, *args: object) -> None:
            super().__init__()
            self.then = then
            self.args = args

    def on_marks_mixin_saved(self, message: Saved) -> None:
        self._dequeued(message.then, *message.args)

    def _save_queued(self, save: Save, undoable: bool, said: str | None) -> None:
        try:
            change = save(False)
        except Exception as error:  # told, and the queue goes on: a lost message would stop it
            self.post_message(self.Saved(self._save_failed, error))
            return
        try:  # read here, not on the screen's thread
            sections = change.sections or self.repo.sections_of(change.ids)
        except Exception:
            sections = None  # saved all the same: the screen's thread reads them
        self.post_message(self.Saved(self._saved, change, undoable, said, sections))

    def _dequeued(self, then: Callable, *args: object) -> None:
        self._queued -= 1
        if not self._queued and self.marks_status:
            self.marks_status = ""
            self._update_header()
        then(*args)
        if self._reload_owed and not self._queued:
            self._reload_owed = False
            self.marks_reloaded()

    def _save_failed(self, error: Exception) -> None:
        self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)

    def _saved(
        self,
        change: MarkChange,
        undoable: bool,
        said: str | None,
        sections: Sequence[tuple[str, ...]] | None = None,
    ) -> None:
        if said is None:
            said = f"Marked {len(change.ids):,} read. Press u to undo." if change.ids else ""
        if undoable and change.ids:
            self.undo_stack.append(change)
            del self.undo_stack[:-_UNDO_AT_MOST]
        self._show_flips(change, sections)
        if change.kind == "bookmarked" and change.ids and not said:
            said = "Bookmarked" if change.on else "Bookmark removed"
        if said:
            self.notify(said, timeout=3)

    def _show_flips(
        self, change: MarkChange, sections: Sequence[tuple[str, ...]] | None = None
    ) -> None:
        """Update tree counts, list and header for the marks that really changed: each
        count once per section, however many articles (`A` on 30,638 articles of a big
        library took 13 s one at a time)."""
        self._marks_seen += 1
        tree = self.query_one(SectionTree)
        if sections is None:
            sections = self.repo.sections_of(change.ids)
        if change.kind == "read":
            delta = -1 if change.on else 1
            for section, count in Counter(sections).items():
                tree.adjust_unread(section, delta * count)
            for view, ids in self._found.items():
                found = sum(1 for article_id in change.ids if article_id in ids)
                if found:
                    tree.adjust_search(view, delta * found)
        elif sections:
            tree.adjust_bookmarks(len(sections) if change.on else -len(sections))
        self.query_one(ArticleList).refresh()
        self._update_header()

    def action_bookmark(self) -> None:
        meta = self.meta_under_cursor()
        if meta is not None:
            self._toggle("bookmarked", meta, self.repo.is_bookmarked)

    def action_toggle_read(self) -> None:
        meta = self.meta_under_cursor()
        if meta is not None:
            self._toggle("read", meta, self.repo.is_read)

    def _toggle(self, kind: str, meta: ArticleMeta, test: Callable[[str], bool]) -> None:
        """Decided when saved, not when pressed: b b quickly is on then off, queued or not."""

        def save(quick: bool) -> MarkChange:
            return self.repo.mark(kind, [meta.id], not test(meta.id), quick)

        self._save(save, True, "")

    def action_mark_all_read(self) -> None:
        rows = self.query_one(ArticleList).articles
        if len(rows) <= _AT_ONCE:
            unread = [m for m in rows if not self.repo.is_read(m.id)]
            if unread:
                self.mark("read", unread, True)
            return

        def save(quick: bool) -> MarkChange:  # on the writer thread: the rows read there
            return self.repo.mark_list("read", rows, True, quick)

        self.notify(f"Marking {len(rows):,} articles read…", timeout=3)
        self._say_saving(f"marking {len(rows):,} read…")
        self._save(save, True, None, queue=True)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        change = self.undo_stack.pop()
        many = len(change.ids) > _AT_ONCE
        if many:
            self._say_saving(f"undoing {len(change.ids):,} marks…")
        self._save(lambda quick: self.repo.undo(change, quick), False, "Undone.", queue=many)

    def _say_saving(self, status: str) -> None:
        self.marks_status = status
        self._update_header()

    def _poll_marks(self, merge: bool = False) -> None:
        """Marks another process saved (the command line, a second reader) show up here,
        with the cursor, the open article and its scroll left where they are. `merge`:
        the sync folder's are taken in whether or not it changed (see
        Repository.marks_changed_elsewhere), now or, when a look is under way, after it."""
        self._merge_owed |= merge
        if self._queued or self._polling or not self.repo.has_articles:
            return
        if not self._merge_owed and not self.repo.marks_may_have_changed():
            self.tell_sync_problems()  # what a scan's merge met
            return  # most looks: no thread started (a worker's messages cost the screen)
        self._polling = True
        merge, self._merge_owed = self._merge_owed, False
        self._poll_elsewhere(self.query_one(SectionTree).generation, merge)

    @work(thread=True, group="marks-poll")
    def _poll_elsewhere(self, generation: int, merge: bool) -> None:
        """Off the screen's thread: another machine's `A` on 100,000 articles came in as
        100,000 changes, whose merge held the screen for 2.1 s; and the counts after it
        (0.37 s at a million)."""
        polled = self.Polled(generation)
        try:
            polled.changed = self.repo.marks_changed_elsewhere(merge)
            if polled.changed:
                polled.counts = (self.repo.section_tree(), self.repo.bookmark_count())
        finally:
            self.post_message(polled)

    class Polled(Message):
        """A look at marks made elsewhere is done: whether they changed the marks, and the
        counts then, made when the tree's counts were at `generation`."""

        def __init__(self, generation: int) -> None:
            super().__init__()
            self.generation = generation
            self.changed = False
            self.counts: tuple[SectionNode, int] | None = None

    def on_marks_mixin_polled(self, message: Polled) -> None:
        self._polling = False
        if message.changed and self._queued:
            self._reload_owed = True  # counted now, a queued save's count would be taken twice
        elif message.changed:
            current = message.generation == self.query_one(SectionTree).generation
            self.marks_reloaded(message.counts if current else None)
        self.tell_sync_problems()
        if self._merge_owed:
            self._poll_marks()

    def tell_sync_problems(self) -> None:
        """Once for what the last merges of the sync folder skipped (listed under w)."""
        new = len(self.repo.sync_warnings) - self._sync_told
        if new > 0:
            self._sync_told = len(self.repo.sync_warnings)
            self.notify(
                f"Sync folder: {counted(new, 'problem')}. Press w to see them.",
                severity="warning",
                markup=False,
            )
