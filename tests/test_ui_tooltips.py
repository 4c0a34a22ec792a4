"""A toolbar button's tooltip says what it does and ends with its shortcut, for every
button alike (only Find and the Go buttons named theirs)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton, QToolTip

from tests.conftest import main_window


def hover_tip(button: QToolButton) -> str:
    """The tooltip Qt shows when the pointer rests on ``button``."""
    QToolTip.hideText()
    centre = button.rect().center()
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, centre, button.mapToGlobal(centre)))
    return QToolTip.text()


def test_every_toolbar_button_names_its_shortcut_once(qtbot, tmp_path):
    w = main_window(qtbot, tmp_path, size=(1600, 900))
    qtbot.waitExposed(w)
    bar = w.findChild(QToolBar, "main-toolbar")
    checked = 0
    for action in bar.actions():
        button = bar.widgetForAction(action)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if not isinstance(button, QToolButton) or not keys:
            continue
        tip = hover_tip(button)
        assert tip.startswith(action.toolTip().removesuffix(f" ({keys})")), tip  # what it does, first
        assert tip.count(keys) == 1, tip  # its key, once (Find's tip already had it)
        checked += 1
    assert checked >= 8
    for ident, keys in (("swap", "Ctrl+Shift+X"), ("panel", "F9"), ("open", "Ctrl+O")):
        assert hover_tip(bar.widgetForAction(w.actions[ident])).endswith(f"({keys})")
