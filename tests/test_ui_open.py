"""Opening articles: the comparison runs off the GUI thread with a progress indicator;
files by drag-and-drop, pasted text, errors as one line; splitter state persists."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

import parallax.reader.comparison.engine
from parallax.reader.errors import InputError
from parallax.reader.model import Article, Comparison, Match, Span, Summary
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings
from tests.conftest import seed


def fake_compare(calls: list, *, delay: float = 0.0):
    """A stand-in engine that records the thread it runs on and aligns identical first words."""

    def compare(left, right, **_):
        calls.append(threading.current_thread())
        calls.append(time.monotonic())
        time.sleep(delay)
        calls.append(time.monotonic())
        n = min(len(left.text), len(right.text), 10)
        return Comparison(left, right, Summary(0.5, 0.5, 0.5, 0.5, 0.5, "not"),
                          matches=(Match("verbatim", Span(0, n), Span(0, n), 1.0),))

    return compare


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def test_comparison_runs_off_the_gui_thread_and_the_window_stays_responsive(qtbot, window, monkeypatch):
    calls: list = []
    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", fake_compare(calls, delay=1.5))
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    window.show_articles(Article("alpha beta gamma delta epsilon"), Article("alpha beta gamma delta zeta"))
    # the texts are there at once, the work is pending; the progress indicator comes once
    # the work has lasted a moment (a quick comparison never shows it: tests/test_ui_progress.py)
    assert window.left.view.toPlainText() == "alpha beta gamma delta epsilon"
    assert not window.is_idle()
    qtbot.waitUntil(lambda: window.progress.isVisible() or window.is_idle(), timeout=10_000)
    assert window.progress.isVisible()
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    timer.stop()
    assert calls and calls[0] is not threading.main_thread()
    # the event loop kept running while the comparison ran: timer ticks fell inside
    # it (how many depends on the machine's load, so no count is asked for)
    started, ended = calls[1], calls[2]
    assert any(started < t < ended for t in ticks)
    assert window.progress.isHidden()
    assert window.comparison is not None and window.view.layers is not None


def test_files_dropped_on_a_pane_replace_that_side(qtbot, window, monkeypatch):
    calls: list = []
    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", fake_compare(calls))
    window.show_articles(Article("left text here"), Article("right text here"))
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed("004")))])
    view = window.right.view
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    assert window.left.view.toPlainText() == "left text here"
    assert "Kiev" in window.right.view.toPlainText()
    assert window.comparison.right.path == str(seed("004"))
    # two files dropped at once replace both sides
    mime.setUrls([QUrl.fromLocalFile(str(seed("003"))), QUrl.fromLocalFile(str(seed("004")))])
    window.left.view.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                          Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    assert window.comparison.left.path == str(seed("003"))


def test_pasted_text_becomes_an_article(qtbot, window, monkeypatch):
    calls: list = []
    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", fake_compare(calls))
    window.show_articles(Article("left text here"), Article("right text here"))
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    QApplication.clipboard().setText("Pasted report 😀 with some words in it.")
    window.actions["paste-right"].trigger()
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.right.view.toPlainText() == "Pasted report 😀 with some words in it."
    assert window.comparison.right.text == "Pasted report 😀 with some words in it."


def test_a_bad_file_is_one_line_and_keeps_the_texts(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", fake_compare([]))
    window.show_articles(Article("left text here"), Article("right text here"))
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    window._dropped([str(empty)], "right")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    message = window.statusBar().currentMessage()
    assert message.startswith("parallax: error:") and "empty.txt" in message and "\n" not in message
    assert window.right.view.toPlainText() == "right text here"


def test_engine_errors_are_reported_not_raised(qtbot, window, monkeypatch):
    def broken(left, right, **_):
        raise InputError("left", "cannot be compared")

    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", broken)
    window.show_articles(Article("a b c"), Article("d e f"))
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert "cannot be compared" in window.statusBar().currentMessage()
    assert "Could not compare" in window.view.banner.text()


def test_splitters_theme_and_panel_tab_persist(qtbot, tmp_path):
    path = str(tmp_path / "s.ini")
    w = MainWindow(settings=open_settings(path), theme=None)
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    w.splitter.moveSplitter(w.splitter.sizes()[0] - 100, 1)  # as dragging the handle does
    dragged = w.panel.width()
    w.actions["theme-dark"].trigger()
    w.panel.setCurrentIndex(2)
    w.close()
    again = MainWindow(settings=open_settings(path), theme=None)
    qtbot.addWidget(again)
    again.resize(1400, 800)
    again.show()
    assert again.theme == "dark" and again.style_.theme == "dark"
    assert again.panel.currentIndex() == 2
    assert again.splitter.sizes()[1] == dragged > 400
    again.actions["panel"].setChecked(False)
    again.actions["theme-light"].trigger()
    again.close()
    third = MainWindow(settings=open_settings(path), theme=None)
    qtbot.addWidget(third)
    assert not third.actions["panel"].isChecked()
    assert third.theme == "light"


def test_closing_the_window_during_a_comparison_cancels_it_cleanly(qtbot, tmp_path, monkeypatch, capfd):
    """The comparison still running when the window closes reports into nothing: no
    "Signal source has been deleted", no wait for the engine."""
    from PySide6.QtCore import QThreadPool

    calls: list = []
    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", fake_compare(calls, delay=1.5))
    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    w.resize(800, 600)
    w.show()
    w.show_articles(Article("alpha beta gamma"), Article("alpha beta delta"))
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)  # the engine is running
    started = time.monotonic()
    w.close()
    assert time.monotonic() - started < 1.0, "closing waited for the engine"
    w.deleteLater()
    QApplication.processEvents()
    del w
    assert QThreadPool.globalInstance().waitForDone(20_000)
    QApplication.processEvents()
    err = capfd.readouterr().err
    assert "deleted" not in err and "Traceback" not in err and "RuntimeError" not in err, err


def test_a_screenshot_waits_for_the_comparison_however_long_it_takes(qtbot, tmp_path, monkeypatch):
    """No deadline: even when a clock would say time is up, the PNG shows the highlights."""
    import PySide6.QtCore

    from parallax.ui.app import save_screenshot

    class Expired:  # any deadline is already past
        def __init__(self, *_a):
            pass

        def hasExpired(self):
            return True

    monkeypatch.setattr(PySide6.QtCore, "QDeadlineTimer", Expired)
    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", fake_compare([], delay=1.0))
    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.show_articles(Article("alpha beta gamma delta epsilon"), Article("alpha beta gamma delta zeta"))
    out = tmp_path / "shot.png"
    save_screenshot(w, str(out), 900, 600)
    assert out.exists()
    assert w.comparison is not None and w.view.layers is not None and w.is_idle()
