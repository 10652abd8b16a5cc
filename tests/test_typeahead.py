"""Tests keys typed before the first titles: they act once the titles are there."""

from __future__ import annotations

from pathlib import Path

from textual import events

from termnews.ui.typeahead import Typeahead
from termnews.ui.widgets.reader import Reader

from .conftest import set_mtimes
from .ui_helpers import current_title, ready, until

WIDE = (120, 35)


def test_keys_are_held_in_order_until_released_once() -> None:
    typeahead = Typeahead()
    for key, character in (("j", "j"), ("ctrl+j", "\n"), ("slash", "/")):
        assert typeahead.hold(events.Key(key, character))
    assert not typeahead.hold(events.Key("ctrl+c", "\x03"))  # quitting never waits
    held = typeahead.release()
    # A line feed is the Enter typed while the terminal was still in line mode.
    assert [(key.key, key.character) for key in held] == [
        ("j", "j"),
        ("enter", "\r"),
        ("slash", "/"),
    ]
    assert not typeahead.holding
    assert not typeahead.hold(events.Key("k", "k"))
    assert typeahead.release() == []


def _library(root: Path) -> Path:
    files = {
        "a.txt": "Alpha vote in Europe\n\nThe first story.",
        "b.txt": "Bravo rates decision\n\nThe second story.",
        "c.txt": "Charlie summit opens\n\nThe third story.",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    set_mtimes(root, list(files))
    return root


async def test_keys_typed_before_the_titles_act_on_them(make_app, tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        # Typed at once, as `termnews⏎ j ⏎` is: before the first scan has listed a title.
        await pilot.press("j", "enter")
        screen = await ready(pilot)
        await until(pilot, lambda: isinstance(app.focused, Reader))
        assert current_title(screen) == "Bravo rates decision"
        assert not app._typeahead.holding  # keys after that act at once
        await pilot.press("q", "j")
        await until(pilot, lambda: current_title(screen) == "Charlie summit opens")


async def test_keys_typed_at_a_restart_act_on_the_place_left(
    make_app, tmp_path: Path, monkeypatch
) -> None:
    """The last session's place (article, pane) comes back after the first titles: keys
    typed meanwhile act once it is back, not on the first titles and then undone."""
    import time

    from termnews.repository import Repository

    library = _library(tmp_path / "lib")
    app = make_app(library)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.focused, Reader))
        assert current_title(screen) == "Bravo rates decision"
        await pilot.press("Q")
    cached = Repository.cached

    def slowly(self, *args, **kwargs):
        time.sleep(0.5)  # a big library's refresh: the place comes back well after the titles
        return cached(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "cached", slowly)
    again = make_app(library)
    async with again.run_test(size=WIDE) as pilot:
        await pilot.press("h", "j")  # back from the reader to the list, then one down
        screen = await ready(pilot)
        await until(pilot, lambda: current_title(screen) == "Charlie summit opens")
        assert not isinstance(again.focused, Reader)
