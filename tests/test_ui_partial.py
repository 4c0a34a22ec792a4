"""Long pairs: the verbatim and paraphrase highlights are drawn before facts and framing
(issue #14), the session sees only the final comparison, a stale partial is dropped, and
the screenshot waits for the final.  Waits on conditions, never on timings."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytestqt")

from tests.conftest import main_window, seed

WAIT = 120_000  # ms: a busy 2-core machine


@pytest.fixture
def early(monkeypatch):
    """Every pair reports its partial comparison, however short."""
    from parallax.ui import worker

    monkeypatch.setattr(worker, "PARTIAL_WORDS", 0)


def _record_drawn(window):
    """What the view drew, in order: (partial?, the session's comparison then)."""
    drawn = []
    set_layers = window.view.set_layers

    def spy(layers, *args, **kwargs):
        drawn.append((bool(layers.comparison.settings.get("partial")), window.session.comparison))
        return set_layers(layers, *args, **kwargs)

    window.view.set_layers = spy
    return drawn


def test_partial_is_drawn_before_the_final(qtbot, tmp_path, early):
    w = main_window(qtbot, tmp_path)
    drawn = _record_drawn(w)
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert [p for p, _ in drawn] == [True, False]
    assert drawn[0][1] is None  # the session never held the partial comparison
    final = w.session.comparison
    assert final is not None and not final.settings.get("partial") and final.facts
    assert w.partial_result is None and w.last_result.comparison is final


def test_partial_status_line(qtbot, tmp_path, early):
    w = main_window(qtbot, tmp_path)
    seen = []
    w._signals.partial.connect(lambda r: seen.append(w.statusBar().currentMessage()))
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    # the window's own slot ran first (connected first): its message was up
    assert seen and "still being computed" in seen[0]


def test_stale_partial_is_not_drawn(qtbot, tmp_path, early):
    w = main_window(qtbot, tmp_path)
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    old = w.last_result
    drawn = _record_drawn(w)
    partial = w.partial_result
    assert partial is None
    # a partial of an earlier token arriving late is dropped, idle or not
    from parallax.ui.worker import Result

    stale = Result(old.token, old.left, old.right, old.comparison, old.layers, old.runs_left, old.runs_right)
    w._signals.partial.emit(stale)
    w.open_sources(seed("001"), seed("002"))
    w._signals.partial.emit(stale)
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert [p for p, _ in drawn] == [True, False]
    assert w.session.comparison is not old.comparison


def test_cancelled_partial_is_not_drawn(qtbot, tmp_path, early, monkeypatch):
    from parallax.ui import worker

    reached, release = threading.Event(), threading.Event()
    original = worker.CompareJob._partial

    def held(job, comparison):  # the worker thread stops at the partial until released
        reached.set()
        release.wait(60)
        return original(job, comparison)

    monkeypatch.setattr(worker.CompareJob, "_partial", held)
    w = main_window(qtbot, tmp_path)
    drawn = _record_drawn(w)
    stopped = []
    w._signals.stopped.connect(stopped.append)
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(reached.is_set, timeout=WAIT)
    token = w._pending
    w.cancel()  # as Cancel and closing the window do
    release.set()
    qtbot.waitUntil(lambda: token in stopped, timeout=WAIT)  # the job is over, having reported nothing
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert drawn == [] and w.partial_result is None and w.session.comparison is None


def test_cancel_after_the_early_highlights_takes_them_off(qtbot, tmp_path, early, monkeypatch):
    """Cancel while facts and framing run: the early highlights go with the rest (the
    banner says "not compared"; no highlight may suggest otherwise)."""
    from parallax.ui import worker

    release = threading.Event()
    original = worker.CompareJob._partial

    def held(job, comparison):  # the partial is sent; the worker then waits before facts
        original(job, comparison)
        release.wait(60)

    monkeypatch.setattr(worker.CompareJob, "_partial", held)
    w = main_window(qtbot, tmp_path)
    w.open_sources(seed("003"), seed("004"))
    try:
        qtbot.waitUntil(lambda: w.partial_result is not None and w.view.layers is not None, timeout=WAIT)
        w.cancel_comparison()
    finally:
        release.set()
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert w.view.layers is None and w.partial_result is None and w.session.comparison is None
    assert "cancelled" in w.view.banner.text()
    for pane in (w.view.left, w.view.right):  # plain text again: no layer, no format drawn
        assert pane.view.layers is None
        block, painted = pane.view.document().begin(), []
        while block.isValid():
            painted += block.layout().formats()
            block = block.next()
        assert painted == []


def test_screenshot_waits_for_the_final(qtbot, tmp_path, early):
    from parallax.ui.app import save_screenshot

    w = main_window(qtbot, tmp_path)
    drawn = _record_drawn(w)
    w.open_sources(seed("003"), seed("004"))
    save_screenshot(w, str(tmp_path / "x.png"), 1200, 800)
    assert (tmp_path / "x.png").stat().st_size > 0
    assert drawn and drawn[-1][0] is False
    assert w.session.comparison is not None and w.session.comparison.facts
