"""Empty states: a window with nothing open says what to do, rather than showing
a blank headline over empty headings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.conftest import main_window


def test_a_window_with_nothing_open_says_how_to_open_a_pair(qtbot, tmp_path):
    w = main_window(qtbot, tmp_path, size=(1400, 800))
    qtbot.waitExposed(w)
    QApplication.processEvents()
    summary = w.panel.summary
    assert w.panel.isVisible()
    text = summary.verdict.text()
    assert "Nothing compared yet" in text and "Open Articles" in text and "drop two files" in text
    assert all(w.actions[i].text().replace("&", "") in text.replace("&gt;", ">")  # the menu items it names
               for i in ("open", "paste"))
    assert not summary.conflicts_heading.isVisible()  # no heading over nothing
    summary.set_comparison(None, w.style_, derived="right")  # a pair is being compared
    assert "Comparing" in summary.verdict.text()
