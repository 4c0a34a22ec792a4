"""A long pair's side work (facts, quotations, framing of each side alone) runs in another
process while the window's job aligns the pair, and the comparison is the same
(ui/sidework.py, issue #14)."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from parallax.reader.comparison.engine import compare, side_work
from parallax.reader.errors import Cancelled
from parallax.reader.ingest.article import load
from parallax.ui import sidework
from tests.conftest import main_window, seed

WAIT = 120_000  # ms: a busy 2-core machine


def test_the_process_does_what_the_thread_would():
    a, b = load(seed("001")), load(seed("004"))
    future = sidework.submit(a, b, None)
    assert future is not None
    assert sidework.result(future, threading.Event()) == (side_work(a, "left"), side_work(b, "right"))


def test_a_cancelled_job_stops_waiting():
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(Cancelled):
        sidework.result(Future(), cancelled)  # never done: the wait must not hang


@pytest.mark.parametrize("error", [BrokenProcessPool("killed"), RuntimeError("a bug")])
def test_a_failed_process_leaves_the_work_to_the_thread(error):
    future: Future = Future()
    future.set_exception(error)
    assert sidework.result(future, threading.Event()) is None


def test_the_window_compares_a_long_pair_with_the_process(qtbot, tmp_path, monkeypatch):
    from parallax.ui import worker

    monkeypatch.setattr(worker, "SIDE_PROCESS_WORDS", 0)  # the seeds count as long
    used = []
    submit = sidework.submit
    monkeypatch.setattr(sidework, "submit", lambda *args: used.append(submit(*args)) or used[-1])
    given = []
    result = sidework.result
    monkeypatch.setattr(sidework, "result", lambda *args: given.append(result(*args)) or given[-1])
    w = main_window(qtbot, tmp_path)
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert used and used[0] is not None and used[0].done()
    assert given and given[0] is not None  # the engine took the process's work
    got = w.session.comparison
    assert got == compare(load(seed("003")), load(seed("004")), unsure_markers=True)


def test_word_lists_read_again_in_the_window_are_read_again_in_the_process(tmp_path, monkeypatch):
    from parallax.reader.ingest.article import from_text
    from parallax.reader.text.lexicon import Lexicon, clear_cache

    monkeypatch.delenv("PARALLAX_LEXICONS", raising=False)
    d = tmp_path / "lex"
    (d / "en").mkdir(parents=True)
    table = d / "en" / "loaded.tsv"
    table.write_text("zigzagging\tnegative\n", encoding="utf-8")
    mine = Lexicon((str(d),))
    a = from_text("Prices are zigzagging and wobbling again, the minister said on Tuesday.")
    b = from_text("Prices rose again on Tuesday, officials said.")

    def loaded() -> list[str]:
        work = sidework.result(sidework.submit(a, b, mine), threading.Event())
        return [m.text for m in work[0].framing.markers if m.category == "loaded"]

    assert loaded() == ["zigzagging"]
    table.write_text("wobbling\tnegative\n", encoding="utf-8")
    clear_cache()  # as Reload Word Lists does
    assert loaded() == ["wobbling"]
