"""The status bar in a narrow window: a long message wraps onto another line, whole,
beside the permanent widgets on its right, never cut off under them."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from parallax.reader.ingest.article import load
from tests.conftest import main_window, seed


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def shown_message(bar) -> QLabel | None:
    """The visible label in ``bar`` that shows its whole current message, if any."""
    msg = bar.currentMessage()
    return next((lab for lab in bar.findChildren(QLabel) if lab.isVisible() and lab.text() == msg), None)


def test_a_long_message_wraps_whole_in_a_narrow_window(qtbot, tmp_path):
    w = main_window(qtbot, tmp_path, size=(640, 600))
    bar = w.statusBar()
    library = QLabel("Library: library.db")  # as the workflow's label of the open library
    bar.addPermanentWidget(library)
    w.show_articles(load(seed("003")), load(seed("004")))
    qtbot.waitUntil(w.is_idle, timeout=20_000)
    _settle()
    msg = bar.currentMessage()
    assert msg.startswith("Compared.")
    label = shown_message(bar)
    assert label is not None, "the message is painted on one line and cut off at the window's edge"
    assert label.fontMetrics().horizontalAdvance(msg) > label.width()  # more than a line at 640 px
    assert label.height() >= label.heightForWidth(label.width())  # every line of it shown
    assert label.geometry().right() < library.geometry().left()  # beside the library's name, not under it
    assert bar.geometry().bottom() <= w.rect().bottom()

    w.resize(1600, 1000)  # wide again: one line
    _settle()
    assert label.height() < 2 * label.fontMetrics().lineSpacing()
    assert label.height() >= label.heightForWidth(label.width())


def test_the_message_after_a_comparison_speaks_to_an_analyst_and_keeps_timings_for_a_developer(qtbot, tmp_path,
                                                                                                caplog):
    """"Compared in 0.11 s (layers 0.00 s)" was developer jargon in an analyst's status bar:
    the timings go to the log (debug level) and the message's tooltip."""
    import logging
    import re

    caplog.set_level(logging.DEBUG, logger="parallax.ui.main_window")
    w = main_window(qtbot, tmp_path)
    w.show_articles(load(seed("003")), load(seed("004")))
    qtbot.waitUntil(w.is_idle, timeout=20_000)
    _settle()
    bar = w.statusBar()
    msg = bar.currentMessage()
    assert "layers" not in msg and not re.search(r"\d\.\d\d s", msg), msg
    assert "Click a highlighted passage" in msg
    tip = shown_message(bar).toolTip()
    assert tip.startswith(msg) and re.search(r"compared in \d+\.\d\d s", tip), tip
    assert any(re.search(r"compared in \d+\.\d\d s", r.getMessage()) for r in caplog.records)
