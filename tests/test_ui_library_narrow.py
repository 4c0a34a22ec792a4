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


def test_the_library_windows_empty_lists_say_what_fills_them(qtbot, tmp_path):
    """A new library showed three blank boxes: nothing said that files can be dropped
    there, where comparisons come from, or that a search found nothing."""
    from tests.conftest import seed

    session = LibrarySession(Library(tmp_path / "lib.db"))
    try:
        lw = LibraryWindow(session)
        qtbot.addWidget(lw)
        lw.resize(1000, 700)
        lw.show()
        qtbot.waitExposed(lw)
        QApplication.processEvents()
        articles, recent, results = (n.note for n in lw.empty_notes)
        assert all(n.isVisible() for n in (articles, recent, results))
        assert "Drop files here" in articles.text() and "Add Files" in articles.text()
        assert "No comparisons yet" in recent.text()
        assert "press Enter" in results.text()
        for note, view in ((articles, lw.articles), (recent, lw.recent), (results, lw.results)):
            assert note.parentWidget() is view.viewport() and view.viewport().rect().contains(note.geometry())

        lw.add_files([str(seed("003")), str(seed("004"))])
        QApplication.processEvents()
        assert not articles.isVisible() and lw.articles.rowCount() == 2
        lw.run_search("zzzyzzx")
        assert results.isVisible() and "Nothing found for “zzzyzzx”" in results.text()
        assert lw.run_search("Kremlin")
        assert not results.isVisible()
        lw.close()
    finally:
        session.close()


def test_the_library_window_reopens_at_the_size_it_was_closed_with(qtbot, tmp_path):
    """Library… opened at 1000 x 700 every time, in this run and the next, however the
    analyst had sized it."""
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.workflow import install

    path = str(tmp_path / "s.ini")
    for run, expected in enumerate(((1000, 700), (720, 520))):
        window = MainWindow(settings=open_settings(path), theme="light")
        qtbot.addWidget(window)
        wf = install(window, str(tmp_path / "lib.db"), restore_geometry=False)
        try:
            lw = wf.open_library()
            qtbot.waitExposed(lw)
            assert (lw.width(), lw.height()) == expected, run
            lw.resize(720, 520)
            QApplication.processEvents()
            lw.close()
        finally:
            window.close()
            wf.session.close()
