"""Cycles are collected on the GUI thread, never in a worker (ui/collector.py)."""

from __future__ import annotations

import gc
import threading

import pytest

from parallax.reader.comparison.engine import compare
from parallax.ui import collector
from parallax.ui.app import application


class Cycle:
    """An object in a reference cycle that records the thread it was finalised in."""

    def __init__(self, died_in: list[str]) -> None:
        self.me = self
        self.died_in = died_in

    def __del__(self) -> None:
        self.died_in.append(threading.current_thread().name)


def fill(held: list, n: int = 20_000) -> None:
    """Keep enough new container objects to fill the youngest generation many times over
    (the collector counts allocations net of deallocations)."""
    held.append([[] for _ in range(n)])


def test_the_window_process_collects_on_its_gui_thread_only(qapp, qtbot):
    assert application() is qapp
    assert not gc.isenabled()
    died_in: list[str] = []
    held: list = []
    Cycle(died_in)
    # a worker that allocates, then pauses and resumes the collector as compare() does
    worker = threading.Thread(target=lambda: (fill(held), compare("A b c d.", "A b c d."), fill(held)),
                              name="worker")
    worker.start()
    worker.join()
    assert died_in == []  # nothing collected in the worker
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: bool(died_in), timeout=5000)  # the timer on the GUI thread did it
    assert died_in == [threading.main_thread().name]


def test_one_collector_per_application(qapp):
    first = collector.install(qapp)
    assert collector.install(qapp) is first
    assert application().findChildren(collector.MainThreadCollector) == [first]


def test_turned_back_on_it_goes_off_at_the_next_tick(qapp):
    c = collector.install(qapp)
    gc.enable()
    try:
        c.collect()
        assert not gc.isenabled()
    finally:
        gc.disable()


@pytest.mark.parametrize("over", [0, 1, 2])
def test_each_tick_collects_the_generations_over_their_thresholds(qapp, monkeypatch, over):
    limits = gc.get_threshold()
    counts = [limits[g] + 1 if g <= over else 0 for g in range(3)]
    asked: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: tuple(counts))
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    collector.install(qapp).collect()
    assert asked == [over]
    counts[:] = [0, 0, 0]
    asked.clear()
    collector.install(qapp).collect()
    assert asked == []


def test_a_tick_waits_while_a_comparison_runs(qapp, monkeypatch):
    """Collecting while a worker is inside ``paused_gc`` would scan everything the comparison
    is making and hold it up: the tick waits for the next."""
    from parallax.reader.text.gcpause import paused_gc

    limits = gc.get_threshold()
    monkeypatch.setattr(gc, "get_count", lambda: (limits[0] + 1, 0, 0))
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    c = collector.install(qapp)
    with paused_gc():
        assert c.collect() == 0
        assert asked == []
    c.collect()
    assert asked == [0]
