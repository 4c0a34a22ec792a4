"""Each side's own work of a long comparison, in another process, beside the alignment.

A long comparison spends about half its time on what each side has alone (fact
mentions, quotations, framing markers: :func:`parallax.reader.comparison.engine.side_work`),
which does not depend on the alignment.  The window's :class:`~parallax.ui.worker.CompareJob`
hands that half to a spawned process (a :class:`SideJob`) as soon as both texts are
loaded, and aligns them meanwhile in its own thread, so the two halves use both cores
(a thread alone would not: Python runs one thread at a time).  The engine then takes
the result through its ``sides`` callback, and the comparison is the same as without it.

One process a long pair.  It starts as soon as the job has the texts (its start-up is
hidden behind the alignment); it reads the word lists afresh, sends the fact mentions first (the job compares them
while the process makes the framing), then the framing, with, if the job is still
aligning then, what of comparing the mentions needs no alignment (``pair_work``); and it is stopped at once
when the job is cancelled or the window closes (it is a daemon: it never outlives the
window).  Wherever a process cannot be started or dies, the job does the work
itself, as on short pairs: this only ever changes how soon the result comes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import threading
import time
from multiprocessing.reduction import ForkingPickler
from typing import Any

from parallax.reader.comparison.engine import SideWork, pair_work, side_work
from parallax.reader.errors import Cancelled
from parallax.reader.model import Article
from parallax.reader.text.lexicon import Lexicon, current

log = logging.getLogger(__name__)


def _run(send: Any, left: Article, right: Article, lexicon: Lexicon, aligned: Any = None,
         framed: Any = None) -> None:
    """The process: both sides' work, sent back in two parts, fact mentions first, then framing
    (the job compares the mentions meanwhile); or the error, in one line.

    With the framing goes what of pairing the mentions needs no alignment, if the job is
    still aligning (``aligned``, an event, not set) once the framing is made: the job finds
    both parts back as it asks for the mentions, and only finishes the pairing with the
    alignment's links.  Once the job has aligned, it pairs them itself, and the framing,
    which it needs next, is sent at once (whichever is free first does the pairing).
    ``framed`` (an event) is set once the framing is ready to send: the job, reading the
    mentions, then waits for it too (a send waits until the job reads the one before)."""
    gc.disable()  # it ends after two sends: collecting would only slow the work and its pickling
    writer: threading.Thread | None = None  # a send waits until the job reads: framing goes on meanwhile
    try:
        mentions: tuple[SideWork, SideWork] | None = None
        for facts in (True, False):
            work = (side_work(left, "left", lexicon=lexicon, facts=facts, framing=not facts),
                    side_work(right, "right", lexicon=lexicon, facts=facts, framing=not facts))
            if facts:
                mentions = work
            elif mentions is not None and aligned is not None and not aligned.is_set():
                pairing = pair_work(left, right, mentions, lexicon=lexicon)[0].pairing
                work = (work[0]._replace(pairing=pairing), work[1]._replace(pairing=pairing))
            data = ForkingPickler.dumps((True, work))
            if not facts and framed is not None:
                framed.set()
            if writer is not None:
                writer.join()
            writer = threading.Thread(target=send.send_bytes, args=(data,), daemon=True)
            writer.start()
    except BaseException as err:
        if writer is not None:
            writer.join()
        send.send((False, f"{type(err).__name__}: {err}"))
    finally:
        if writer is not None:
            writer.join()
        send.close()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


# What a side-work process needs, imported once by the fork server (see warm_up).
_PRELOAD = ("parallax.reader.comparison.engine", "parallax.reader.facts.extract",
            "parallax.reader.framing.markers", "parallax.ui.sidework")
_server_ready = threading.Event()  # the fork server is up, its modules imported
_server_lock = threading.Lock()
_server_started = False


def warm_up() -> None:
    """Start, in the background, a fork server that has already imported the comparison
    code, so that a long pair's side-work process starts in ~0.05 s instead of the ~0.3 s
    of a new interpreter importing it (which is on the window's critical path).

    The server is a fresh interpreter with no thread of Qt's, so forking it is safe (the
    window itself is never forked); it ends with the window.  Until it is up, and where
    there is no fork server (not Linux, one core, it failed), processes are spawned as
    before.  Safe to call again."""
    global _server_started
    with _server_lock:
        if _server_started or _cores() < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
            return
        _server_started = True
    threading.Thread(target=_start_server, name="parallax-fork-server", daemon=True).start()


def warmed(within: float = 0.0) -> bool:
    """Whether the fork server of :func:`warm_up` is up (waiting at most ``within`` seconds)."""
    return _server_ready.wait(within)


def _start_server() -> None:
    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(_PRELOAD))
        probe = ctx.Process(target=_nothing, daemon=True, name="parallax-fork-server-probe")
        probe.start()  # the server starts, imports _PRELOAD, then forks this
        probe.join(60)
        if probe.exitcode == 0:
            _server_ready.set()
    except Exception as err:  # spawn stays
        log.info("no fork server for side work (%s); new processes are spawned", err)


def _nothing() -> None:
    """A process that does nothing: it tells that the fork server is up."""


def _context() -> Any:
    """The fork server's context once it is up, else a new interpreter's (never a fork of
    this process: Qt's threads are in it)."""
    return multiprocessing.get_context("forkserver" if _server_ready.is_set() else "spawn")


class SideJob:
    """Both sides' work of one pair, running in a process of its own."""

    def __init__(self, left: Article, right: Article, lexicon: Lexicon | None):
        ctx = _context()
        self._lock = threading.Lock()
        self._recv, send = ctx.Pipe(duplex=False)
        # the child reads the same word lists as the window
        lexicon = lexicon if lexicon is not None else current()
        self._aligned = ctx.Event()  # set by the job once it has aligned the pair (see _run)
        self._framed = ctx.Event()  # set by the process once the framing is ready to send
        self._process = ctx.Process(target=_run, args=(send, left, right, lexicon, self._aligned, self._framed),
                                    daemon=True, name="parallax-side-work")
        self._failed: str | None = None
        self._forked = ctx.get_start_method() == "forkserver"  # (a spawned interpreter reads its texts later)
        self._started = threading.Event()
        self._got: tuple[SideWork, SideWork] | None = None  # the fact mentions, once read
        self._rest: tuple[SideWork, SideWork] | None = None  # the framing, when read with them
        self._read = False  # whether it was (None then: the process failed)
        # started from a thread of its own: start() hands the texts over a pipe the new
        # interpreter reads only once it is up (~0.3 s), and the job aligns meanwhile
        threading.Thread(target=self._start, args=(send,), name="parallax-side-start", daemon=True).start()

    def _start(self, send: Any) -> None:
        try:
            self._process.start()
        except Exception as err:
            self._failed = f"{type(err).__name__}: {err}"
        finally:
            send.close()  # the child has its own copy; EOF here when it dies
            self._started.set()

    def handed_over(self, within: float = 0.5) -> bool:
        """Wait (at most ``within`` seconds) until the process has its texts, if it was forked
        from the warm server; whether it has.

        The job calls this before it starts aligning: the start (pickling both texts and
        writing them to the new process) then has the interpreter to itself, 0.05-0.1 s
        with two 100,000-word texts.  Started beside the aligning thread, it waits for the
        interpreter lock at each of its steps and took 0.23 s, all of it on the side work's
        path, which is the longer of the two.  A spawned interpreter reads its texts only
        once it is up (~0.3 s): no wait then."""
        return self._forked and self._started.wait(within)

    def aligned(self) -> None:
        """Tell the process the job has aligned the pair: it leaves the pairing of the fact
        mentions to the job from now on, and goes on to the framing."""
        with contextlib.suppress(OSError, ValueError):  # the process is gone: nothing to tell
            self._aligned.set()

    def ready(self, within: float = 0.0) -> bool:
        """Whether the work is back (or the process has ended or failed to start), waiting at
        most ``within`` seconds."""
        deadline = time.monotonic() + within
        if not self._started.wait(within):
            return False
        if self._failed is not None:
            return True
        try:
            return self._recv.poll(max(0.0, deadline - time.monotonic()))
        except (OSError, ValueError):  # closed: stopped or read
            return True

    def arrived(self, within: float = 0.0) -> bool:
        """Whether work is back (not a failure), waiting at most ``within`` seconds."""
        return self.ready(within) and self._failed is None and self._process.exitcode in (None, 0)

    def result(self, cancelled: threading.Event, *, poll: float = 0.05) -> tuple[SideWork, SideWork] | None:
        """Wait for the work; None if the process failed (the job then does it itself).

        The first call gives the fact mentions (``framing`` None: still being made; with
        the process's ``pairing`` when the framing came back with it already), the next the
        whole work, as :func:`~parallax.reader.comparison.engine.compare` asks.
        Waits in short slices, so that cancelling the job (``cancelled``, or the job's
        ``Cancelled`` raised in its thread) stops the wait and the process at once."""
        done = True
        try:
            if self._got is None:
                value = self._next(cancelled, poll)
                if value is None:
                    return None
                self._got, done = value, False
                if self._framed.is_set() or self.ready(0):  # the framing is made too (the process was ahead)
                    self._rest, self._read = self._next(cancelled, poll), True
                    pairing = self._rest[0].pairing if self._rest is not None else None
                    if pairing is not None:  # with the pairing made there: the job only finishes it
                        self._got = (value[0]._replace(pairing=pairing), value[1]._replace(pairing=pairing))
                return self._got
            value = self._rest if self._read else self._next(cancelled, poll)
            # the framing: the process is done
            return None if value is None else (self._got[0]._replace(framing=value[0].framing),
                                               self._got[1]._replace(framing=value[1].framing))
        finally:
            if done:
                self.stop()

    def _next(self, cancelled: threading.Event, poll: float) -> tuple[SideWork, SideWork] | None:
        """The next part sent back; None if the process failed."""
        while not self.ready(poll):
            if cancelled.is_set():
                raise Cancelled()
        if cancelled.is_set():
            raise Cancelled()
        if self._failed is not None:
            log.warning("no side-work process (%s); doing the work in the thread", self._failed)
            return None
        try:
            ok, value = self._recv.recv()
        except (EOFError, OSError):
            log.warning("the side-work process ended without its work (exit code %s); "
                        "doing it in the thread", self._process.exitcode)
            return None
        if not ok:
            log.warning("side work failed in its process (%s); doing it in the thread", value)
            return None
        return value

    @property
    def running(self) -> bool:
        """Whether the process is still there."""
        return self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The process's id once it has started (None if it could not start)."""
        self._started.wait(30)
        return self._process.pid

    def stop(self) -> None:
        """End the process now (done, cancelled or failed); safe to call again."""
        with self._lock:
            self._started.wait(30)  # a start under way finishes first (the child reads its texts)
            if self._process.pid is not None:
                if self._process.is_alive():
                    self._process.terminate()
                self._process.join(5)
            self._recv.close()


def submit(left: Article, right: Article, lexicon: Lexicon | None) -> SideJob | None:
    """Start both sides' work in a process; None when no process can be had (or only one
    core: the process would only take turns with the job's thread)."""
    if _cores() < 2:
        return None
    try:
        return SideJob(left, right, lexicon)
    except (OSError, RuntimeError, ValueError) as err:  # no process here: the thread does the work
        log.info("side work in this thread: %s", err)
        return None
