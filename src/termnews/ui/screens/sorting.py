"""Provides the list's sort order (`s`): a list not at hand is sorted beside the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from termnews.library.order import SORT_ORDERS

if TYPE_CHECKING:
    from termnews.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class SortMixin(_Base):
    """Mixed into MainScreen. A million articles took 0.84 s to list by title, on the
    screen's thread; the keys now act on the list as it was until the new one is made."""

    _sorting: str | None = None
    """The order being made beside the screen, until its list is shown."""
    _listed_order = "date"
    """The order the list is in meanwhile: a section chosen then is listed in it, at
    hand, not made on the screen's thread in the order still being made."""

    class Sorted(Message):
        """The list in `order` is made (`Repository.prepare_lists`)."""

        def __init__(self, order: str) -> None:
            super().__init__()
            self.order = order

    def action_sort(self) -> None:
        if self.searching:
            self.sort_hits()
            return
        self.order = SORT_ORDERS[(SORT_ORDERS.index(self.order) + 1) % len(SORT_ORDERS)]
        self.repo.remember_place("ui.order", self.order)

    def watch_order(self, old: str, new: str) -> None:
        if self.repo.order_at_hand(new):
            self._sorting = None
            self._list_sorted()
            self._prepare_lists(new)  # a big library's section numbers, if not made
        else:
            if self._sorting is None:
                self._listed_order = old
            self._sorting = new
            self._update_header()
            self._sort_aside(new)

    @work(thread=True, group="sort")
    def _sort_aside(self, order: str) -> None:
        """Never cancelled (an `s` pressed again makes its own): its message must come."""
        self.repo.prepare_lists(order)
        self.post_message(self.Sorted(order))

    def on_sort_mixin_sorted(self, message: Sorted) -> None:
        if message.order == self._sorting == self.order:  # else another `s` came since
            self._sorting = None
            self._list_sorted()

    @property
    def listed_order(self) -> str:
        """The order lists are made in now: the new one once it is at hand."""
        return self._listed_order if self._sorting else self.order

    def _list_sorted(self) -> None:
        self._fill_list(keep=self._current_id)
        self._update_header()
        self.notify(f"Sorted by {self.order}", timeout=2)

    def sort_said(self) -> str:
        """The header's word on the order: `by date`, or `sorting by title…` meanwhile."""
        if self.searching:
            return f"by {self.search_order}"
        return f"sorting by {self._sorting}…" if self._sorting else f"by {self.order}"
