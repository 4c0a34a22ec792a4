"""A long pair's side work (facts, quotations, framing of each side alone) runs in another
process while the window's job aligns the pair, and the comparison is the same
(ui/sidework.py, issue #14)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from parallax.reader.comparison.engine import compare, pair_work, side_work
from parallax.reader.errors import Cancelled
from parallax.reader.ingest.article import load
from parallax.ui import sidework
from tests.conftest import main_window, seed

WAIT = 120_000  # ms: a busy 2-core machine


def _bare(work):
    return None if work is None else tuple(w._replace(pairing=None) for w in work)


def test_the_process_does_what_the_thread_would():
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job is not None
    facts = job.result(threading.Event())  # the fact mentions first, framing still being made
    assert _bare(facts) == (side_work(a, "left", framing=False), side_work(b, "right", framing=False))
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))
    assert not job.running  # done: the process is gone


def test_a_process_ahead_of_the_alignment_sends_the_pairing_with_the_framing():
    """Both parts back before the job asks (it is still aligning): the mentions come with
    what of pairing them needs no alignment, made in the process; the same comparison."""
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job.ready(WAIT / 1000)
    deadline = time.monotonic() + WAIT / 1000
    while job.running and time.monotonic() < deadline:  # both parts sent (small: the pipe holds them)
        time.sleep(0.02)
    got = []
    c = compare(a, b, sides=lambda: got.append(job.result(threading.Event())) or got[-1])
    assert got[0] == pair_work(a, b, (side_work(a, "left", framing=False), side_work(b, "right", framing=False)))
    assert got[0][0].pairing is not None and got[0][0].pairing is got[1][1].pairing
    assert got[1] == pair_work(a, b, (side_work(a, "left"), side_work(b, "right")))
    assert c == compare(a, b)


def test_once_the_job_has_aligned_the_process_leaves_the_pairing_to_it():
    """The pairing of the fact mentions is made by whichever is free first: told the job has
    aligned, the process sends the mentions alone and goes on to the framing; the same comparison."""
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    job.aligned()  # before it has extracted anything
    got = []
    c = compare(a, b, sides=lambda: got.append(job.result(threading.Event())) or got[-1])
    assert got[0] == (side_work(a, "left", framing=False), side_work(b, "right", framing=False))
    assert got[0][0].pairing is None and got[1][0].framing is not None
    assert c == compare(a, b)
    assert not job.running


def test_a_process_gone_after_the_facts_leaves_the_framing_to_the_thread():
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    calls = []

    def sides():
        calls.append(1)
        got = job.result(threading.Event())
        if len(calls) == 1:
            assert got[0].items == side_work(a, "left").items and got[0].framing is None
            job.stop()  # gone before its framing is read (as when it dies)
        return got

    assert compare(a, b, sides=sides) == compare(a, b) and calls == [1, 1]
    assert not job.running


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads a process's parent in /proc")
def test_once_warmed_up_the_process_is_forked_from_the_warm_server_and_does_the_same():
    sidework.warm_up()
    sidework.warm_up()  # again: one server
    assert sidework.warmed(WAIT / 1000)
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    with open(f"/proc/{job.pid}/stat") as stat:
        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
    assert parent != os.getpid()  # the fork server's child, not a new interpreter of ours
    job.result(threading.Event())
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))
    assert not job.running


def test_a_forked_process_has_its_texts_once_the_job_is_told_so_and_works_on():
    """The job waits for the hand-over before it aligns (so the start does not queue
    behind the alignment for the interpreter lock): by then the process is up and on its
    way; the work is the same."""
    sidework.warm_up()
    assert sidework.warmed(WAIT / 1000)
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job.handed_over(WAIT / 1000)
    assert job.pid is not None and job.running
    job.result(threading.Event())
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))


def test_a_process_forked_ahead_takes_the_next_pair_and_another_is_forked_after():
    """Once the server is up, a process waits for the next long pair's texts (its start is
    off the side work's path); the work is the same; when the job ends, another one is
    forked for the pair after."""
    sidework.warm_up()
    assert sidework.warmed(WAIT / 1000)
    ahead = sidework.standing_by(WAIT / 1000)
    assert ahead is not None
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job.pid == ahead
    assert job.handed_over(WAIT / 1000)
    job.result(threading.Event())
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))
    assert not job.running
    after = sidework.standing_by(WAIT / 1000)
    assert after is not None and after != ahead
    with open(f"/proc/{after}/stat") as stat:
        assert stat.read().rsplit(")", 1)[1].split()[0] in "RSD"  # alive, waiting


def test_a_retired_process_forked_ahead_ends_and_the_next_pair_starts_its_own():
    sidework.warm_up()
    assert sidework.warmed(WAIT / 1000)
    ahead = sidework.standing_by(WAIT / 1000)
    sidework.retire_standby()
    assert not os.path.exists(f"/proc/{ahead}")  # ended and reaped
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job.pid != ahead
    job.result(threading.Event())
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))


def test_a_cancelled_job_stops_waiting_and_the_process():
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(Cancelled):
        job.result(cancelled)
    assert not job.running
    job.stop()  # again: harmless


def test_a_process_that_dies_leaves_the_work_to_the_thread():
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    os.kill(job.pid, signal.SIGKILL)  # as the out-of-memory killer would
    assert job.result(threading.Event()) is None


def test_a_process_that_cannot_start_leaves_the_work_to_the_thread(monkeypatch, caplog):
    import multiprocessing.context

    def refuse(process):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refuse)
    monkeypatch.setattr(multiprocessing.context.ForkServerProcess, "start", refuse)  # once warm_up ran
    sidework.retire_standby()  # (after the patch: no new one can be forked meanwhile)
    job = sidework.submit(load(seed("001")), load(seed("004")), None)
    assert job.result(threading.Event()) is None
    assert "Resource temporarily unavailable" in caplog.text
    job.stop()


def test_an_error_in_the_process_leaves_the_work_to_the_thread(caplog):
    job = sidework.submit("not an article", load(seed("004")), None)
    assert job.result(threading.Event()) is None
    assert "failed in its process" in caplog.text


def test_the_window_compares_a_long_pair_with_the_process(qtbot, tmp_path, monkeypatch):
    from parallax.ui import worker

    monkeypatch.setattr(worker, "SIDE_PROCESS_WORDS", 0)  # the seeds count as long
    used = []
    submit = sidework.submit
    monkeypatch.setattr(sidework, "submit", lambda *args: used.append(submit(*args)) or used[-1])
    given = []
    result = sidework.SideJob.result
    monkeypatch.setattr(sidework.SideJob, "result", lambda *args: given.append(result(*args)) or given[-1])
    w = main_window(qtbot, tmp_path)
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert used and used[0] is not None and not used[0].running
    assert given and given[0] is not None  # the engine took the process's work
    got = w.session.comparison
    assert got == compare(load(seed("003")), load(seed("004")), unsure_markers=True)


def test_loaded_texts_compared_with_the_process_give_compare_and_build(qtbot, tmp_path, monkeypatch):
    """Texts already loaded (``parallax open A B``), compared with the side process, its
    fact mentions and framing coming back apart: the comparison is compare()'s, and the
    final layers (facts and framing added to the early ones) are build()'s at once."""
    from parallax.reader.comparison.layers import build
    from parallax.ui import worker

    monkeypatch.setattr(worker, "SIDE_PROCESS_WORDS", 0)
    monkeypatch.setattr(worker, "PARTIAL_WORDS", 0)
    used = []
    submit = sidework.submit
    monkeypatch.setattr(sidework, "submit", lambda *args: used.append(submit(*args)) or used[-1])
    w = main_window(qtbot, tmp_path)
    a, b = load(seed("003")), load(seed("004"))
    w.show_articles(a, b)
    qtbot.waitUntil(w.is_idle, timeout=WAIT)
    assert used and used[0] is not None and not used[0].running
    got = w.last_result.comparison
    assert got == compare(a, b, unsure_markers=True) and got is w.session.comparison
    whole = build(got)
    for name in ("left", "right", "connectors", "stops", "links", "longest"):
        assert getattr(w.last_result.layers, name) == getattr(whole, name)


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
        job = sidework.submit(a, b, mine)
        job.result(threading.Event())  # the fact mentions
        work = job.result(threading.Event())
        return [m.text for m in work[0].framing.markers if m.category == "loaded"]

    assert loaded() == ["zigzagging"]
    table.write_text("wobbling\tnegative\n", encoding="utf-8")
    clear_cache()  # as Reload Word Lists does
    assert loaded() == ["wobbling"]


def test_cancelling_the_comparison_ends_the_process(qtbot, tmp_path, monkeypatch):
    from parallax.ui import worker

    monkeypatch.setattr(worker, "SIDE_PROCESS_WORDS", 0)
    monkeypatch.setattr(worker, "PARTIAL_WORDS", 0)
    started = []
    submit = sidework.submit
    monkeypatch.setattr(sidework, "submit", lambda *args: started.append(submit(*args)) or started[-1])
    reached, release = threading.Event(), threading.Event()
    original = worker.CompareJob._partial

    def held(job, comparison):  # the worker stops after the alignment until released
        reached.set()
        release.wait(60)
        return original(job, comparison)

    monkeypatch.setattr(worker.CompareJob, "_partial", held)
    w = main_window(qtbot, tmp_path)
    stopped = []
    w._signals.stopped.connect(stopped.append)
    w.open_sources(seed("003"), seed("004"))
    qtbot.waitUntil(reached.is_set, timeout=WAIT)
    token = w._pending
    w.cancel()
    release.set()
    qtbot.waitUntil(lambda: token in stopped, timeout=WAIT)
    assert started and started[0] is not None and not started[0].running
    assert w.session.comparison is None


def test_a_failed_process_is_no_work_arrived(monkeypatch):
    """The early highlights are skipped only when the work itself is back: after a failure
    the job does the work, and the early highlights are worth drawing meanwhile."""
    import multiprocessing.context

    for kind in (multiprocessing.context.SpawnProcess, multiprocessing.context.ForkServerProcess):
        monkeypatch.setattr(kind, "start", lambda process: (_ for _ in ()).throw(OSError("no processes left")))
    sidework.retire_standby()  # (after the patch: no new one can be forked meanwhile)
    job = sidework.submit(load(seed("001")), load(seed("004")), None)
    assert job.ready(30) and not job.arrived()
    job.stop()
    monkeypatch.undo()  # processes start again
    ok = sidework.submit(load(seed("001")), load(seed("004")), None)
    try:
        assert ok.arrived(60)
    finally:
        ok.stop()


def test_the_left_texts_tokens_sent_to_the_process_are_taken_if_they_are_there():
    """The job sends the left text's tokens, which it makes first for its alignment; the
    process takes them as it comes to that text, never waiting for them, and refuses
    another text's."""
    import multiprocessing

    from parallax.reader.text.keys import packed_tokens

    b = load(seed("004"))
    text = b.text[:1] + b.text[1:]  # equal, never tokenised in this process
    recv, send = multiprocessing.Pipe(duplex=False)
    assert not sidework.take_tokens(recv, text)  # nothing sent (yet): no wait
    assert not sidework.take_tokens(None, text)
    send.send(packed_tokens(load(seed("001")).text))
    assert not sidework.take_tokens(recv, text)  # another text's
    send.send(packed_tokens(b.text))
    assert sidework.take_tokens(recv, text)
    send.close()
    assert not sidework.take_tokens(recv, text)  # the job's end of the pipe closed
    recv.close()


@pytest.mark.parametrize("ahead", [False, True])
def test_the_process_and_the_job_each_make_one_texts_tokens_and_do_the_same_work(ahead):
    """The process sends the right text's tokens before its work, which the job takes for its
    alignment (once); the job sends it the left text's.  The work is the same."""
    from parallax.reader.text.keys import adopt_tokens, tokens

    if ahead:
        sidework.warm_up()
        assert sidework.warmed(WAIT / 1000) and sidework.standing_by(WAIT / 1000) is not None
    else:
        sidework.retire_standby()
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    job.handed_over(WAIT / 1000)
    job.share_tokens(a.text)
    job.share_tokens(a.text)  # once is enough: a second call sends nothing
    got = job.tokens(WAIT / 1000)
    assert got is not None and job.tokens(0) is None  # taken once
    fresh = b.text[:1] + b.text[1:]  # equal, never tokenised in this process
    assert adopt_tokens(fresh, got) and got[1] == tuple(t.key for t in tokens(b.text))
    job.result(threading.Event())
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))
    assert not job.running
    deadline = time.monotonic() + WAIT / 1000
    while job.sending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not job.sending  # its send ended with the process, whether read or not


def test_tokens_not_taken_are_set_aside_and_the_work_still_comes():
    """The job made the right text's tokens itself (they came too late, or it never asked):
    waiting for the work reads past them."""
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job.arrived(WAIT / 1000)  # the work, not the tokens sent before it
    facts = job.result(threading.Event())
    assert _bare(facts) == (side_work(a, "left", framing=False), side_work(b, "right", framing=False))
    assert job.tokens(0) is None  # dropped once the work was read
    assert _bare(job.result(threading.Event())) == (side_work(a, "left"), side_work(b, "right"))


def test_a_process_that_fails_before_its_tokens_sends_the_failure_first(monkeypatch):
    """Nothing can be sent (here: pickling fails): the failure is the first part, in one line."""
    import multiprocessing

    class Refusing:
        @staticmethod
        def dumps(obj):
            raise MemoryError("no room")

    monkeypatch.setattr(sidework, "ForkingPickler", Refusing)
    recv, send = multiprocessing.Pipe(duplex=False)
    sidework._run(send, load(seed("001")), load(seed("004")), None)
    assert recv.recv() == (False, "MemoryError: no room")
    with pytest.raises(EOFError):
        recv.recv()


def test_a_failure_read_while_looking_for_the_tokens_is_no_work(caplog):
    """The job, looking for the tokens, reads the failure instead: it makes the tokens
    itself, and is told of the failure, not of work."""
    a, b = load(seed("001")), load(seed("004"))
    job = sidework.submit(a, b, None)
    assert job.pid is not None  # started
    job._pending, job._tokens_due = (False, "MemoryError: no room"), False  # as _poll sets it aside
    assert job.tokens(0) is None
    assert job.ready(0)
    assert job.result(threading.Event()) is None
    assert "MemoryError: no room" in caplog.text
