"""The library window on a small screen: its titles wrap and its buttons wrap onto
rows, so it takes a width of 480 px instead of holding itself at 768 px."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QPushButton

from parallax.reader.notes.library import Library
from parallax.ui.library_session import LibrarySession
from parallax.ui.library_window import LibraryWindow


def test_the_library_window_shrinks_to_a_small_screen(qtbot, tmp_path):
    session = LibrarySession(Library(tmp_path / "lib.db"))
    try:
        lw = LibraryWindow(session)
        qtbot.addWidget(lw)
        lw.resize(480, 500)
        lw.show()
        qtbot.waitExposed(lw)
        for _ in range(3):
            QApplication.processEvents()
        assert lw.width() == 480
        inside = lw.rect()
        buttons = [b for b in lw.findChildren(QPushButton) if b.isVisible()]
        assert len(buttons) >= 4
        for b in buttons:
            box = QRect(b.mapTo(lw, QPoint(0, 0)), b.size())
            assert inside.contains(box), b.text()  # whole, not cut at the window's edge
            assert b.width() >= b.sizeHint().width(), b.text()
            assert not any(box.intersects(QRect(o.mapTo(lw, QPoint(0, 0)), o.size())) for o in buttons if o is not b)
        lw.close()
    finally:
        session.close()
