"""Each side's own work of a long comparison, in another process, beside the alignment.

A long comparison spends about half its time on what each side has alone (fact
mentions, quotations, framing markers: :func:`parallax.reader.comparison.engine.side_work`),
which does not depend on the alignment.  The window's :class:`~parallax.ui.worker.CompareJob`
hands that half to a spawned process (a :class:`SideJob`) as soon as both texts are
loaded, and aligns them meanwhile in its own thread, so the two halves use both cores
(a thread alone would not: Python runs one thread at a time).  The engine then takes
the result through its ``sides`` callback, and the comparison is the same as without it.

One process a long pair.  Once the fork server of :func:`warm_up` is up, a process is
forked ahead and waits (a standby): the job hands it the texts before it aligns, in
~0.03 s instead of a process start's 0.1-0.3 s, and another is forked once the job has
ended.  Without one, the process starts as soon as the job has the texts.  It reads
the word lists afresh, makes the right text's tokens and sends them first (the job
makes the left text's meanwhile and sends them there: neither tokenises both), then
the fact mentions (the job compares them while the process makes the framing), then
the framing, with, if the job is still aligning then,
what of comparing the mentions needs no alignment (``pair_work``); and it is stopped at once
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
from typing import Any, NamedTuple

from parallax.reader.comparison.engine import SideWork, pair_work, side_work
from parallax.reader.errors import Cancelled
from parallax.reader.model import Article
from parallax.reader.text.lexicon import Lexicon, current

log = logging.getLogger(__name__)


def _run(send: Any, left: Article, right: Article, lexicon: Lexicon, aligned: Any = None,
         framed: Any = None, inbox: Any = None) -> None:
    """The process: the right text's tokens, then both sides' work, sent back in two parts,
    fact mentions first, then framing (the job compares the mentions meanwhile); or the
    error, in one line.

    The tokens go first (:func:`~parallax.reader.text.keys.packed_tokens`, or None when they
    could not be made): the job, which makes the left text's meanwhile and sends them here
    (``inbox``, the read end of a pipe, or None), takes them for its alignment instead of
    making them again.  So the process reads the right side first, and takes the left
    text's tokens once the right side's mentions are made, if they are there (never
    waiting for them).

    With the framing goes what of pairing the mentions needs no alignment, if the job is
    still aligning (``aligned``, an event, not set) once the framing is made: the job finds
    both parts back as it asks for the mentions, and only finishes the pairing with the
    alignment's links.  Once the job has aligned, it pairs them itself, and the framing,
    which it needs next, is sent at once (whichever is free first does the pairing).
    ``framed`` (an event) is set once the framing is ready to send: the job, reading the
    mentions, then waits for it too (a send waits until the job reads the one before)."""
    gc.disable()  # it ends after three sends: collecting would only slow the work and its pickling
    writer: threading.Thread | None = None  # a send waits until the job reads: the work goes on meanwhile
    try:
        try:
            from parallax.reader.text.keys import packed_tokens

            tokens: Any = packed_tokens(right.text)
        except Exception:  # (the side work below makes them, or says why it cannot)
            tokens = None
        writer = threading.Thread(target=send.send_bytes, args=(ForkingPickler.dumps((None, tokens)),),
                                  daemon=True)
        writer.start()
        mentions: tuple[SideWork, SideWork] | None = None
        for facts in (True, False):
            second = side_work(right, "right", lexicon=lexicon, facts=facts, framing=not facts)
            if facts:
                take_tokens(inbox, left.text)
            work = (side_work(left, "left", lexicon=lexicon, facts=facts, framing=not facts), second)
            if facts:
                mentions = work
            elif mentions is not None and aligned is not None and not aligned.is_set():
                pairing = pair_work(left, right, mentions, lexicon=lexicon)[0].pairing
                work = (work[0]._replace(pairing=pairing), work[1]._replace(pairing=pairing))
            data = ForkingPickler.dumps((True, work))
            if not facts and framed is not None:
                framed.set()
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
        if inbox is not None:
            inbox.close()


def take_tokens(inbox: Any, text: str) -> bool:
    """Adopt the tokens of ``text`` the job sent (:meth:`SideJob.share_tokens`: the left
    text's), if they are in ``inbox`` already (never waiting for them); whether it did."""
    if inbox is None:
        return False
    try:
        if not inbox.poll(0):
            return False
        packed = inbox.recv()
    except (EOFError, OSError):  # the job sent none (it had nothing to send, or stopped)
        return False
    from parallax.reader.text.keys import adopt_tokens

    return adopt_tokens(text, packed)  # (the collector is off in this process)


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
    window itself is never forked); it ends with the window.  Once it is up, it forks the
    first standby process (see the module's docstring).  Until it is up, and where
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
            _fork_standby()
    except Exception as err:  # spawn stays
        log.info("no fork server for side work (%s); new processes are spawned", err)


def _nothing() -> None:
    """A process that does nothing: it tells that the fork server is up."""


def _context() -> Any:
    """The fork server's context once it is up, else a new interpreter's (never a fork of
    this process: Qt's threads are in it)."""
    return multiprocessing.get_context("forkserver" if _server_ready.is_set() else "spawn")


# A side-work process forked ahead from the warm server, waiting for its texts: a long
# pair's work then starts with handing them over (~0.02 s), not with a process start
# (0.07-0.2 s, 0.2-0.36 s beside a busy thread, all of it on the side work's path).
_standby: _Standby | None = None  # under _server_lock
_NEXT_STANDBY_AFTER = 2.0  # s after a job ends: forked once the window has drawn the result, not meanwhile


class _Standby(NamedTuple):
    process: Any
    texts: Any  # where its texts go (the write end of a pipe)
    recv: Any  # where its work comes back (the read end of another)
    aligned: Any  # the job's events, as SideJob makes them
    framed: Any


def _waiting(texts: Any, send: Any, aligned: Any, framed: Any) -> None:
    """A standby process: wait for the texts, then do their work (:func:`_run`); end
    without any if the window goes first."""
    try:
        left, right, lexicon = texts.recv()
    except (EOFError, OSError):
        texts.close()
        return
    _run(send, left, right, lexicon, aligned, framed, texts)  # the pipe brings the left text's tokens next


def _fork_standby() -> None:
    """Fork a standby process, unless there is one (or no warm server)."""
    global _standby
    with _server_lock:
        if _standby is not None or not _server_ready.is_set():
            return
        try:
            ctx = multiprocessing.get_context("forkserver")
            texts_recv, texts = ctx.Pipe(duplex=False)
            recv, send = ctx.Pipe(duplex=False)
            aligned, framed = ctx.Event(), ctx.Event()
            process = ctx.Process(target=_waiting, args=(texts_recv, send, aligned, framed), daemon=True,
                                  name="parallax-side-work")
            process.start()
        except Exception as err:  # no standby: the next job starts a process of its own
            log.info("no standby side-work process (%s)", err)
            return
        texts_recv.close()  # the child has its own copies; EOF here when it dies
        send.close()
        _standby = _Standby(process, texts, recv, aligned, framed)


def _take_standby() -> _Standby | None:
    """The standby process, if it is alive (the next one is forked when its job ends: see
    :meth:`SideJob.stop`)."""
    global _standby
    with _server_lock:
        got, _standby = _standby, None
    if got is None:
        return None
    if got.process.is_alive():
        return got
    got.texts.close()
    got.recv.close()
    return None


def standing_by(within: float = 0.0) -> int | None:
    """The process id of the standby process, waiting at most ``within`` seconds for one
    (None: there is none)."""
    deadline = time.monotonic() + within
    while True:
        with _server_lock:
            got = _standby
        if got is not None or time.monotonic() >= deadline:
            return None if got is None else got.process.pid
        time.sleep(0.05)


def retire_standby() -> None:
    """End the standby process, if any, so that the next job starts a process of its own
    (the next standby is forked when a job ends): for a caller that wants that."""
    global _standby
    with _server_lock:
        got, _standby = _standby, None
    if got is not None:
        got.texts.close()  # it reads EOF and ends
        got.process.join(5)
        got.recv.close()


class SideJob:
    """Both sides' work of one pair, running in a process of its own."""

    def __init__(self, left: Article, right: Article, lexicon: Lexicon | None):
        self._lock = threading.Lock()
        # the child reads the same word lists as the window
        lexicon = lexicon if lexicon is not None else current()
        self._failed: str | None = None
        self._started = threading.Event()
        self._got: tuple[SideWork, SideWork] | None = None  # the fact mentions, once read
        self._rest: tuple[SideWork, SideWork] | None = None  # the framing, when read with them
        self._read = False  # whether it was (None then: the process failed)
        self._sending: threading.Thread | None = None  # sends the left text's tokens (share_tokens)
        # the process sends the right text's tokens before its work: read as the job asks
        # for them (tokens), or set aside as it waits for the work (_poll)
        self._tokens_due = True
        self._tokens: Any = None  # those tokens, read and not taken yet
        self._pending: tuple[Any, Any] | None = None  # a part read while looking for them (a failure)
        standby = _take_standby()
        if standby is not None:  # forked ahead: it only needs its texts
            self._process, self._recv = standby.process, standby.recv
            self._aligned, self._framed = standby.aligned, standby.framed
            self._inbox = standby.texts  # after the texts, the left text's tokens (share_tokens)
            self._forked = True
            target: Any = self._hand_over
            args: tuple = (standby.texts, (left, right, lexicon))
        else:
            ctx = _context()
            self._recv, send = ctx.Pipe(duplex=False)
            inbox, self._inbox = ctx.Pipe(duplex=False)
            self._aligned = ctx.Event()  # set by the job once it has aligned the pair (see _run)
            self._framed = ctx.Event()  # set by the process once the framing is ready to send
            self._process = ctx.Process(target=_run, args=(send, left, right, lexicon, self._aligned, self._framed,
                                                           inbox),
                                        daemon=True, name="parallax-side-work")
            self._forked = ctx.get_start_method() == "forkserver"  # (a spawned interpreter reads its texts later)
            target, args = self._start, (send, inbox)
        # from a thread of its own: a new interpreter reads its texts only once it is up
        # (~0.3 s), and the job aligns meanwhile
        threading.Thread(target=target, args=args, name="parallax-side-start", daemon=True).start()

    def _start(self, send: Any, inbox: Any) -> None:
        try:
            self._process.start()
        except Exception as err:
            self._failed = f"{type(err).__name__}: {err}"
        finally:
            send.close()  # the child has its own copies; EOF here when it dies
            inbox.close()
            self._started.set()

    def _hand_over(self, texts: Any, data: tuple) -> None:
        try:
            texts.send(data)
        except Exception as err:  # it died meanwhile: the job does the work
            self._failed = f"{type(err).__name__}: {err}"
            texts.close()
        finally:
            self._started.set()

    def share_tokens(self, text: str) -> None:
        """Make the tokens of ``text`` (the left one) here, where the alignment needs them
        first, and send them to the process, which takes them once it has made the right
        side's fact mentions instead of making them again (about 0.1 s of its work on a
        100,000-word text).  Sent from a thread: the process reads them only then."""
        from parallax.reader.text.keys import packed_tokens

        data = ForkingPickler.dumps(packed_tokens(text))
        with self._lock:
            if self._sending is not None or self._recv.closed:
                return
            self._sending = threading.Thread(target=self._send_tokens, args=(data,), name="parallax-side-tokens",
                                             daemon=True)
        self._sending.start()

    def _send_tokens(self, data: bytes) -> None:
        self._started.wait(30)  # after the texts, on the same pipe
        try:
            self._inbox.send_bytes(data)
        except Exception:  # the process is gone, or has ended without them (EPIPE): no matter
            pass
        finally:
            self._inbox.close()  # here, never by another thread while this one may still write

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

    def tokens(self, within: float = 0.15) -> Any:
        """The right text's :func:`~parallax.reader.text.keys.packed_tokens`, which the
        process makes first and sends before its work, if they come within ``within``
        seconds; None otherwise (or once taken), and the job makes them itself.

        Asked for as the job's alignment needs them, after the left text's (which it made
        and sent meanwhile): they are usually there already, made while the job made
        those, and taking them costs a fifth of making them again (the job waits for
        them at most three quarters of what it took to make the left text's)."""
        deadline = time.monotonic() + within
        try:
            if self._tokens_due and self._started.wait(within) and self._failed is None:
                self._poll(max(0.0, deadline - time.monotonic()), tokens=True)
        except (OSError, ValueError):  # closed: stopped
            return None
        got, self._tokens = self._tokens, None
        return got

    def _poll(self, timeout: float, *, tokens: bool = False) -> bool:
        """Whether a part of the work (or the process's end) can be read within ``timeout``
        seconds; the tokens sent before it are read on the way and kept for :meth:`tokens`
        (``tokens``: return as soon as they are read)."""
        if self._pending is not None:
            return True
        deadline = time.monotonic() + timeout
        while self._recv.poll(max(0.0, deadline - time.monotonic())):
            if not self._tokens_due:
                return True
            self._tokens_due = False
            try:
                ok, value = self._recv.recv()
            except (EOFError, OSError):  # it ended: the next read says so again
                return True
            if ok is not None:  # it failed before it could send them
                self._pending = (ok, value)
                return True
            self._tokens = value
            if tokens:
                return False
        return False

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
            return self._poll(max(0.0, deadline - time.monotonic()))
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
        self._tokens = None  # not taken by now: the job has made them
        try:
            if self._pending is not None:
                (ok, value), self._pending = self._pending, None
            else:
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
    def sending(self) -> bool:
        """Whether the left text's tokens are still on their way to the process."""
        return self._sending is not None and self._sending.is_alive()

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
        """End the process now (done, cancelled or failed); safe to call again.  A standby
        process for the next pair is forked a moment later."""
        with self._lock:
            self._started.wait(30)  # a start under way finishes first (the child reads its texts)
            if self._recv.closed:
                return
            if self._process.pid is not None:
                if self._process.is_alive():
                    self._process.terminate()
                self._process.join(5)
            self._recv.close()
            if self._sending is None:  # else that thread closes it, its send ended by the process's end
                self._inbox.close()
        timer = threading.Timer(_NEXT_STANDBY_AFTER, _fork_standby)
        timer.daemon = True
        timer.start()


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
