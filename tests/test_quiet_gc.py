"""Tests the reader's garbage collection policy: full passes once typing pauses."""

from __future__ import annotations

import gc

import pytest

from termnews.ui import quiet_gc
from termnews.ui.quiet_gc import FULL_EVERY, QUIET, QuietCollector


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(quiet_gc.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def full_passes():
    """Full passes run from here on; Python's own passes are held off meanwhile."""
    passes: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(1)

    automatic = gc.isenabled()
    gc.disable()
    gc.callbacks.append(seen)
    yield passes
    gc.callbacks.remove(seen)
    if automatic:
        gc.enable()


def test_a_full_pass_waits_for_a_pause_in_the_typing(clock, full_passes) -> None:
    collector = QuietCollector()
    collector.tick()
    assert not full_passes  # no key yet: nothing to do
    collector.input()
    clock[0] += QUIET / 2
    collector.tick()
    assert not full_passes  # still typing
    clock[0] += QUIET
    collector.tick()
    assert len(full_passes) == 1
    clock[0] += 60
    collector.tick()
    assert len(full_passes) == 1  # one pass a pause, not one a tick
    collector.input()
    clock[0] += QUIET
    collector.tick()
    assert len(full_passes) == 2


def test_pythons_own_full_passes_are_spaced_while_it_runs() -> None:
    before = gc.get_threshold()
    collector = QuietCollector()
    collector.start()
    collector.start()  # twice: the settings kept are still Python's
    try:
        assert gc.get_threshold() == (before[0], before[1], FULL_EVERY)
    finally:
        collector.stop()
    assert gc.get_threshold() == before
    collector.stop()
    assert gc.get_threshold() == before
