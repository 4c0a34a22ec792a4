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


def test_a_long_library_file_name_is_elided_in_the_status_bar_never_holding_the_window_wide(qtbot, tmp_path):
    """"Library: <a long file name>.db" in the status bar kept the window from being made
    narrower than the name and pushed the status message to a sliver."""
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.workflow import install

    name = "a-very-long-library-file-name-that-an-analyst-might-well-choose-for-their-project-2026.db"
    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    wf = install(window, str(tmp_path / name), restore_geometry=False)
    try:
        window.resize(640, 600)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        label = wf.library_label
        assert label.text() == f"Library: {name}"  # whole, as the tests and the tooltip read it
        assert str(tmp_path / name) in label.toolTip()
        whole = label.fontMetrics().horizontalAdvance(label.text())
        assert label.width() < whole and label.width() <= 320
        shown = label.shown()
        assert "…" in shown and shown.startswith("Library: a-very") and shown.endswith(".db")
        assert window.minimumSizeHint().width() < whole
        bar = window.statusBar()
        assert bar.geometry().right() <= window.rect().right()
        window.resize(400, 600)  # the window can be made narrower than the name
        QApplication.processEvents()
        assert window.width() < whole
    finally:
        window.close()
        wf.session.close()
