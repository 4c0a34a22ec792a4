"""Preferences and the View menu's choices outlive the window: closed and opened again,
it has the theme, text size, scrolling, side panel, layers and panel tab it was left with."""

from __future__ import annotations

from parallax.ui.main_window import MainWindow
from parallax.ui.preferences import Preferences
from parallax.ui.settings import open_settings


def _window(qtbot, path: str) -> MainWindow:
    w = MainWindow(settings=open_settings(path), theme=None)
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    return w


def test_preferences_are_remembered_across_restarts(qtbot, tmp_path):
    path = str(tmp_path / "settings.ini")
    w = _window(qtbot, path)
    assert w.theme == "system" and w.font_size == 11.0 and w.actions["sync"].isChecked()
    prefs = Preferences(w)
    prefs.theme.setCurrentIndex(prefs.theme.findData("dark"))
    prefs.font_size.setValue(15)
    prefs.sync.setChecked(False)
    prefs.panel.setChecked(False)
    prefs.accept()
    w.set_layer("paraphrase", False)
    w.actions["unsure-markers"].setChecked(False)
    w.close()

    again = _window(qtbot, path)
    assert again.theme == "dark" and again.actions["theme-dark"].isChecked()
    assert again.font_size == 15 and again.left.view.font().pointSizeF() == 15
    assert not again.actions["sync"].isChecked() and not again.view.sync_scrolling
    assert not again.actions["panel"].isChecked() and not again.panel.isVisible()
    assert "paraphrase" not in again.enabled_layers() and "verbatim" in again.enabled_layers()
    assert not again.actions["unsure-markers"].isChecked()
    reopened = Preferences(again)  # the dialog shows what was kept
    assert reopened.theme.currentData() == "dark" and reopened.font_size.value() == 15
    assert not reopened.sync.isChecked() and not reopened.panel.isChecked()
    reopened.reject()  # Cancel changes nothing
    again.close()
    assert _window(qtbot, path).font_size == 15


def test_cancel_leaves_the_window_as_it_was(qtbot, tmp_path):
    w = _window(qtbot, str(tmp_path / "settings.ini"))
    prefs = Preferences(w)
    prefs.font_size.setValue(30)
    prefs.theme.setCurrentIndex(prefs.theme.findData("dark"))
    prefs.reject()
    assert w.font_size == 11.0 and w.theme == "system"
