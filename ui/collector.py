"""The cyclic garbage collector runs on the GUI thread, never in a worker.

Python's collector runs in whichever thread happens to allocate when a
generation fills up.  With comparisons running on the thread pool, that is
often a worker: it may then collect a cycle that holds Qt wrappers (a closed
window's widgets, a finished job's signal object) and destroy them off the GUI
thread, which crashes Qt (a fresh-clone test run died that way: a segmentation
fault in a collation worker, "Garbage-collecting" inside ``Counter.most_common``,
right after a comparison had paused and resumed the collector).

So a window process turns automatic collection off and collects on a timer of
the GUI thread instead, a generation at a time as the counts say, the way
pyqtgraph's ``GarbageCollector`` does.  Reference counting still frees almost
everything at once; only cycles wait for the next tick.  The core's
``paused_gc`` leaves the collector as it found it, so it stays off.

A tick while a worker is inside ``paused_gc`` (a comparison running) waits for
the next: it would scan the hundreds of thousands of objects the comparison is
making, as the pause is there to avoid, and hold the worker up while it does
(a 100,000-word pair spent 0.3 s of its time in the window that way).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from parallax.reader.text.gcpause import paused

__all__ = ["MainThreadCollector", "install"]

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Collects cycles on a timer of the thread it lives in (the GUI thread)."""

    def __init__(self, parent: QObject, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("parallax-collector")
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Collect the generations whose counts are over their thresholds; the number
        of unreachable objects found."""
        if gc.isenabled():  # something turned it back on: off again, the tick does the work
            gc.disable()
        if paused():  # a comparison is running: it asked for no collection until it is done
            return 0
        counts, limits = gc.get_count(), gc.get_threshold()
        generation = -1
        for g in range(3):
            if counts[g] <= limits[g]:
                break
            generation = g
        return gc.collect(generation) if generation >= 0 else 0


def install(app: QCoreApplication | None = None) -> MainThreadCollector:
    """The application's collector, made on first call (call it on the GUI thread)."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication yet")
    found = app.findChild(MainThreadCollector, "parallax-collector")
    return found if found is not None else MainThreadCollector(app)
