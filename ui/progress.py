"""Long work in a window: a progress bar with a Cancel button, shown only when the work lasts.

:class:`WorkProgress` is a small status-bar widget (a label, a bar and Cancel).
:meth:`~WorkProgress.start` arms it; it appears only if the work is still running
:data:`SHOW_DELAY_MS` later, so quick work never makes it flash.  Reports
(:meth:`~WorkProgress.report`: a stage and the share done) move the bar; Cancel
emits :attr:`~WorkProgress.cancelRequested` and the owner stops the work.

:func:`ask_long_comparison` is the window's question before a comparison the core
estimates at minutes (``parallax.reader.comparison.engine.estimate_seconds``, over
the command line's threshold, ``parallax.reader.cli.progress.LONG_SECONDS``): it
says how long, and offers to go on.  It does not block: the answer comes through a
callback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

SHOW_DELAY_MS = 700  # work shorter than this never shows the bar
# The engine's stages (``compare(progress=...)``) and the window's own, in words.
STAGE_WORDS = {"reading": QT_TRANSLATE_NOOP("WorkProgress", "reading the texts"),
               "verbatim": QT_TRANSLATE_NOOP("WorkProgress", "shared passages"),
               "paraphrase": QT_TRANSLATE_NOOP("WorkProgress", "paraphrases"),
               "facts": QT_TRANSLATE_NOOP("WorkProgress", "facts"),
               "framing": QT_TRANSLATE_NOOP("WorkProgress", "framing"),
               "drawing": QT_TRANSLATE_NOOP("WorkProgress", "drawing")}

__all__ = ["SHOW_DELAY_MS", "WorkProgress", "ask_long_comparison", "duration_text"]


class WorkProgress(QWidget):
    """A label, a progress bar and Cancel, shown :data:`SHOW_DELAY_MS` after the work starts."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, delay_ms: int = SHOW_DELAY_MS):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(140)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop this work; nothing half-done is kept"))
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._what = ""
        self.running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._reveal)
        self.hide()

    def start(self, what: str) -> None:
        """Work called ``what`` ("Comparing") has started: show it if it is still running soon."""
        self._what = what
        self.running = True
        self.label.setText(self.tr("{what}…").format(what=what))
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel_button.setEnabled(True)
        if not self.isVisible():
            self._timer.start()

    def report(self, stage: str, done: float) -> None:
        """The work is at ``stage`` with the share ``done`` (0-1) behind it."""
        if not self.running:
            return
        words = STAGE_WORDS.get(stage, stage)
        if words and stage != "done":
            self.label.setText(self.tr("{what}: {stage}…").format(what=self._what, stage=self.tr(words)))
        else:
            self.label.setText(self.tr("{what}…").format(what=self._what))
        self.bar.setRange(0, 100)
        self.bar.setValue(max(0, min(100, round(100 * done))))

    def stop(self) -> None:
        """The work is over (done, failed or cancelled): hide at once."""
        self.running = False
        self._timer.stop()
        self.hide()

    def _reveal(self) -> None:
        if self.running:
            self.show()

    def _cancel_clicked(self) -> None:
        if self.running:
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
            self.cancelRequested.emit()


def duration_text(seconds: float) -> str:
    """``less than a minute``, ``about 4 minutes``, ``about 1.7 hours``."""
    minutes = seconds / 60
    if minutes < 1:
        return QCoreApplication.translate("WorkProgress", "less than a minute")
    if minutes < 90:
        n = round(minutes)
        if n <= 1:
            return QCoreApplication.translate("WorkProgress", "about a minute")
        return QCoreApplication.translate("WorkProgress", "about %n minutes", "", n)
    return QCoreApplication.translate("WorkProgress", "about {n:.1f} hours").format(n=minutes / 60)


def ask_long_comparison(parent: QWidget, words: tuple[int, int], seconds: float,
                        answer: Callable[[bool], object]) -> QMessageBox:
    """Say that comparing ``words`` (left, right) will take ``seconds`` and ask whether to go on;
    ``answer(True)`` starts it, ``answer(False)`` does not.  Returns the (window-modal, not
    blocking) message box."""
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("WorkProgress", "A long comparison"),
                      QCoreApplication.translate(
                          "WorkProgress", "Comparing {0:,} and {1:,} words will take {2}.").format(
                          words[0], words[1], duration_text(seconds)), parent=parent)
    box.setInformativeText(QCoreApplication.translate(
        "WorkProgress", "The window stays usable meanwhile, and Cancel in the status bar stops the work at any time."))
    go = box.addButton(QCoreApplication.translate("WorkProgress", "&Compare Anyway"),
                       QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("WorkProgress", "&Don't Compare"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.go_button = go  # type: ignore[attr-defined]
    box.finished.connect(lambda *_: answer(box.clickedButton() is go))
    box.open()
    return box
