"""Background work: loading, comparing and preparing the layers, off the GUI thread.

A :class:`CompareJob` runs on the global QThreadPool.  It never touches a
widget: it computes plain data (Article, Comparison, Layers, UTF-16 runs) and
hands it over through the signals of a :class:`JobSignals` object that lives
in the GUI thread, so the slots run there (queued connections): the stages of
the comparison as they start (``progress``), the loaded texts, the result or
a one-line error.  On a long pair (``PARTIAL_WORDS``) the engine's ``partial``
comparison (verbatim and paraphrase, before facts and framing) is reported
first as ``partial``, with its layers ready to draw; ``finished`` follows.

A comparison the core estimates at minutes (``estimate_seconds``, over
``LONG_SECONDS``) is not started: the job reports ``confirm`` with the loaded
texts, and the window asks; a new job with ``confirmed=True`` goes on.

A job can be cancelled (Cancel, the window closes, or a newer pair replaces
it): it reports nothing more and stops promptly.  The engine's ``progress``
callback raises :class:`~parallax.reader.errors.Cancelled` at the next stage;
and since one stage of a long comparison can last minutes, :meth:`CompareJob.cancel`
also raises ``Cancelled`` inside the job's thread at once (CPython's
``PyThreadState_SetAsyncExc``), only while the thread runs the job's pure
computation (loading, comparing, preparing layers: nothing there writes
anywhere), under a lock, so that it never lands in other code the pool thread
runs later.  It lands as Ctrl+C lands in ``parallax compare`` (any bytecode of
the engine), which the engine is written to survive.  Nothing is kept from a
cancelled job; ``stopped`` says it is over.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from parallax.reader.cli import logs
from parallax.reader.comparison.layers import Layers, build
from parallax.reader.errors import Cancelled, ParallaxError
from parallax.reader.model import Article, Comparison
from parallax.reader.text.gcpause import paused_gc
from parallax.reader.text.keys import expect_tokens
from parallax.reader.text.lexicon import Lexicon
from parallax.ui import sidework
from parallax.ui.textpos import QtRuns, qt_runs

log = logging.getLogger(__name__)

Source = Article | Path | str  # an Article, a file path, or (str) pasted text


@dataclass
class Result:
    token: int
    left: Article
    right: Article
    comparison: Comparison | None = None
    layers: Layers | None = None
    runs_left: QtRuns | None = None
    runs_right: QtRuns | None = None
    timings: dict[str, float] = field(default_factory=dict)


class JobSignals(QObject):
    loaded = Signal(int, object, object)  # token, left Article, right Article
    finished = Signal(object)  # Result
    partial = Signal(object)  # Result: the alignment layers before facts and framing (long pairs)
    failed = Signal(int, str)  # token, one-line message
    progress = Signal(int, str, float)  # token, stage, share done (0-1)
    confirm = Signal(int, object, object, float)  # token, left, right, estimated seconds: ask first
    stopped = Signal(int)  # token: a cancelled job is over (its thread is free again)


# Pairs at least this long (words, both sides) report the alignment layers before facts
# and framing: below it the whole comparison takes well under a second.
PARTIAL_WORDS = 20_000
# Pairs at least this long have each side's own work done in another process while the
# job aligns them (parallax.ui.sidework): below it, starting it would cost more than it saves.
SIDE_PROCESS_WORDS = 20_000


def load_source(source: Source, *, lexicon: Lexicon | None = None) -> Article:
    from parallax.reader.ingest.article import from_text, load

    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        return load(source, lexicon=lexicon)
    return from_text(source, lexicon=lexicon)  # no path: a label is no source to match by


def prepare_layers(comparison: Comparison, early: Layers | None = None) -> tuple[Layers, QtRuns, QtRuns]:
    """The drawable layers and both sides' UTF-16 runs (pure Python, thread-safe); ``early``:
    the layers of its partial comparison, built already (only facts and framing are added)."""
    layers = build(comparison, early=early)
    runs_left = qt_runs(layers.left, comparison.left.text)
    runs_right = qt_runs(layers.right, comparison.right.text)
    return layers, runs_left, runs_right


def _raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the Python thread ``thread_id`` at its next bytecode (None clears it)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else ctypes.c_void_p(None))


def word_counts(left: Article, right: Article) -> tuple[int, int]:
    """Words on each side, as the command line counts them for its estimate."""
    return len(left.text.split()), len(right.text.split())


class CompareJob(QRunnable):
    """Load both sides (if needed), compare them, prepare the layers.

    With ``comparison`` given (e.g. a swap), only the layers are prepared.  Without
    ``confirmed``, a comparison estimated at :data:`LONG_SECONDS` or more is not
    started: ``confirm`` is reported instead.
    """

    def __init__(self, token: int, left: Source, right: Source, signals: JobSignals, *,
                 comparison: Comparison | None = None, confirmed: bool = False,
                 lexicon: Lexicon | None = None, unsure_markers: bool = True):
        super().__init__()
        self.lexicon = lexicon  # the window's word lists (None: the user's, read now)
        self.unsure_markers = unsure_markers  # also the framing markers people mark less reliably
        self.setAutoDelete(True)
        self.token = token
        self.left, self.right = left, right
        self.signals = signals
        self.comparison = comparison
        self.confirmed = confirmed
        self._cancelled = threading.Event()
        self.done = threading.Event()  # set when run() has returned, however it ended
        self._lock = threading.Lock()
        self._thread: int | None = None  # the thread running the computation, while it does
        self._interrupted = False
        self._sides: sidework.SideJob | None = None  # each side's own work, in another process (long pairs)
        self._early: Layers | None = None  # the alignment layers of a long pair, built before facts and framing
        # both texts, whose tokens the job and the side process make one each as reading starts
        self._share: tuple[str, str] | None = None
        self._expected: str | None = None  # the right text, once its tokens are expected from the process

    def cancel(self) -> None:
        """Report nothing from now on and stop the work promptly (safe from any thread)."""
        self._cancelled.set()
        with self._lock:
            if self._thread is not None and not self._interrupted:
                self._interrupted = True
                _raise_in_thread(self._thread, Cancelled)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _emit(self, signal_name: str, *args) -> None:
        if self.cancelled:
            return
        try:
            getattr(self.signals, signal_name).emit(*args)
        except RuntimeError:  # the receiving side is gone (the app is closing)
            self.cancel()

    def _progress(self, stage: str, done: float) -> None:
        """The engine's ``progress`` callback: report the stage, or stop there."""
        if self.cancelled:
            raise Cancelled()
        if stage == "facts" and self._sides is not None:  # aligned: the process leaves the pairing to us
            self._sides.aligned()
        self._emit("progress", self.token, stage, done)
        if stage == "reading" and self._share is not None and self._sides is not None:
            # the left text's tokens, which the alignment needs first, made now and sent to the
            # process, which makes the right text's first and sends them here: each takes the
            # other's instead of making them again
            (left, right), self._share = self._share, None
            t = time.perf_counter()
            self._sides.share_tokens(left)
            # waited for at most three quarters of what making them here takes (as long as
            # making the left text's took): a process late to start costs little
            expect_tokens(right, functools.partial(self._sides.tokens, 0.75 * (time.perf_counter() - t)))
            self._expected = right

    def _side_work(self):
        """The engine's ``sides`` callback: both sides' work from the other process (None: do it here)."""
        return self._sides.result(self._cancelled)

    def _partial(self, comparison: Comparison) -> None:
        """The engine's ``partial`` callback: the alignment layers, drawn before facts and framing."""
        if self.cancelled:
            raise Cancelled()
        t = time.perf_counter()
        result = Result(self.token, comparison.left, comparison.right, comparison)
        # built in any case: the final layers are these with facts and framing added
        result.layers, result.runs_left, result.runs_right = prepare_layers(comparison)
        self._early = result.layers
        result.timings["layers"] = time.perf_counter() - t
        if self._sides is None or not self._sides.arrived():
            self._emit("partial", result)  # else the whole result is a moment away: draw only that

    def run(self) -> None:
        try:
            try:
                with self._lock:
                    if self.cancelled:
                        return
                    self._thread = threading.get_ident()
                # no collection while the job makes its many objects (the window's collector
                # waits for the end: ui/collector.py), as compare() asks for itself
                with paused_gc():
                    self._run()
            finally:
                with self._lock:  # no interruption can be raised in this thread from here on
                    self._thread = None
                    _raise_in_thread(threading.get_ident(), None)  # nor one still pending
        except Cancelled:
            pass
        finally:
            if self._sides is not None:  # the side-work process ends with the job, however it ended
                self._sides.stop()
                if self._expected is not None:  # (the job ended before it needed them)
                    expect_tokens(self._expected, None)
            self.done.set()
            if self.cancelled:
                with contextlib.suppress(RuntimeError):  # the application is closing
                    self.signals.stopped.emit(self.token)

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            left = load_source(self.left, lexicon=self.lexicon)
            right = load_source(self.right, lexicon=self.lexicon)
            if self.cancelled:
                return
            if not (isinstance(self.left, Article) and isinstance(self.right, Article)):
                self._emit("loaded", self.token, left, right)
            result = Result(self.token, left, right)
            t1 = time.perf_counter()
            result.timings["load"] = t1 - t0
            comparison = self.comparison
            if comparison is None:
                try:
                    from parallax.reader.cli.progress import LONG_SECONDS
                    from parallax.reader.comparison.engine import compare, estimate_seconds
                except ImportError as err:
                    raise ParallaxError(f"the comparison engine is not available ({err})") from None
                words = word_counts(left, right)  # counted once: two long texts take a while to split
                seconds = estimate_seconds(*words)
                if not self.confirmed and seconds >= LONG_SECONDS:
                    self._emit("confirm", self.token, left, right, seconds)
                    return
                # every marker, each with its confidence, unless the analyst hides the unsure ones
                early = sum(words) >= PARTIAL_WORDS
                # a long pair: each side's own half of the work in another process meanwhile
                self._sides = sidework.submit(left, right, self.lexicon) if sum(words) >= SIDE_PROCESS_WORDS else None
                if self._sides is not None:
                    self._sides.handed_over()  # its start would otherwise queue behind the alignment
                    self._share = left.text, right.text  # tokens: the left made here, the right there
                comparison = compare(left, right, unsure_markers=self.unsure_markers, progress=self._progress,
                                     partial=self._partial if early else None, lexicon=self.lexicon,
                                     sides=self._side_work if self._sides is not None else None)
            if self.cancelled:
                return
            t2 = time.perf_counter()
            result.timings["compare"] = t2 - t1
            result.comparison = comparison
            self._emit("progress", self.token, "drawing", 1.0)
            result.layers, result.runs_left, result.runs_right = prepare_layers(comparison, self._early)
            result.timings["layers"] = time.perf_counter() - t2
            if self.cancelled:
                return
            self._emit("finished", result)
        except Cancelled:
            raise
        except ParallaxError as err:
            self._emit("failed", self.token, str(err))
        except MemoryError:
            self._emit("failed", self.token, "out of memory while comparing")
        except Exception:  # a worker must always report back
            log.exception("internal error while comparing")  # the traceback, to the log file
            self._emit("failed", self.token, f"internal error while comparing, a bug in Parallax{logs.details_hint()}")
