"""Background work: loading, comparing and preparing the layers, off the GUI thread.

A :class:`CompareJob` runs on the global QThreadPool.  It never touches a
widget: it computes plain data (Article, Comparison, Layers, UTF-16 runs) and
hands it over through the signals of a :class:`JobSignals` object that lives
in the GUI thread, so the slots run there (queued connections).

A job can be cancelled (the window closes, or a newer pair replaces it): it
then stops at its next step and reports nothing.  The engine's own work is
not interrupted, so nothing waits for it either; whatever it computes is dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from parallax.reader.comparison.layers import Layers, build
from parallax.reader.errors import ParallaxError
from parallax.reader.model import Article, Comparison
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
    failed = Signal(int, str)  # token, one-line message


def load_source(source: Source) -> Article:
    from parallax.reader.ingest.article import from_text, load

    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        return load(source)
    return from_text(source, source="pasted text")


def prepare_layers(comparison: Comparison) -> tuple[Layers, QtRuns, QtRuns]:
    """The drawable layers and both sides' UTF-16 runs (pure Python, thread-safe)."""
    layers = build(comparison)
    runs_left = qt_runs(layers.left, comparison.left.text)
    runs_right = qt_runs(layers.right, comparison.right.text)
    return layers, runs_left, runs_right


class CompareJob(QRunnable):
    """Load both sides (if needed), compare them, prepare the layers.

    With ``comparison`` given (e.g. a swap), only the layers are prepared.
    """

    def __init__(self, token: int, left: Source, right: Source, signals: JobSignals, *,
                 comparison: Comparison | None = None):
        super().__init__()
        self.setAutoDelete(True)
        self.token = token
        self.left, self.right = left, right
        self.signals = signals
        self.comparison = comparison
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Report nothing from now on (safe from any thread)."""
        self._cancelled.set()

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

    def run(self) -> None:
        t0 = time.perf_counter()
        try:
            left, right = load_source(self.left), load_source(self.right)
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
                    from parallax.reader.comparison.engine import compare
                except ImportError as err:
                    raise ParallaxError(f"the comparison engine is not available ({err})") from None
                # every marker, each with its confidence: the window can tell the unsure apart
                comparison = compare(left, right, unsure_markers=True)
            if self.cancelled:
                return
            t2 = time.perf_counter()
            result.timings["compare"] = t2 - t1
            result.comparison = comparison
            result.layers, result.runs_left, result.runs_right = prepare_layers(comparison)
            result.timings["layers"] = time.perf_counter() - t2
            self._emit("finished", result)
        except ParallaxError as err:
            self._emit("failed", self.token, str(err))
        except MemoryError:
            self._emit("failed", self.token, "out of memory while comparing")
        except Exception as err:  # a worker must always report back
            log.exception("internal error while comparing")  # the traceback, to the log file
            self._emit("failed", self.token, f"internal error: {type(err).__name__}: {err}")
