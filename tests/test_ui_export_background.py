"""The PDF export in the background (#16 item 16): Export closes the dialog and the work
goes on with a progress bar and Cancel in the window's status bar, so the analyst keeps
reading; a second export while one runs is refused with a message; Cancel, or closing the
window, stops it and leaves no file (not even the temporary one).  Every wait is on a
condition with a generous timeout: the machine may be a busy 2-core one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMainWindow

from parallax.reader.notes.library import Library
from parallax.ui.export_dialog import BackgroundExport, ExportDialog

from .test_ui_export_progress import big_library  # noqa: F401 (the shared fixture)


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    win.setCentralWidget(QLineEdit())
    qtbot.addWidget(win)
    win.show()
    return win


def _dialog(qtbot, lib, window, out):
    dlg = ExportDialog(lib, window, background=BackgroundExport.of(window))
    dlg.set_choice(scope="library", fmt="pdf", path=str(out))
    dlg.show()
    return dlg


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_export_runs_in_the_background_and_the_window_stays_usable(qtbot, tmp_path, window, big_library):  # noqa: F811
    with Library(big_library) as lib:
        out = tmp_path / "all.pdf"
        dlg = _dialog(qtbot, lib, window, out)
        bg = dlg.background
        ended: list[object] = []
        bg.finished.connect(ended.append)
        dlg.export_button.click()
        assert not dlg.isVisible()  # the dialog is gone: the work goes on in the background
        assert bg.busy
        qtbot.waitUntil(lambda: bg.progress.isVisible() or not bg.busy, timeout=60_000)
        # while it runs, the window takes typing (the GUI thread is free)
        edit = window.centralWidget()
        edit.setFocus()
        if bg.busy:
            qtbot.keyClicks(edit, "still reading")
            assert edit.text() == "still reading"
        # a second export is refused with a message, the first goes on
        if bg.busy:
            second = _dialog(qtbot, lib, window, tmp_path / "second.pdf")
            second.export_button.click()
            if bg.busy:  # (unless the first ended just then)
                assert second.isVisible() and "already running" in second.status.text()
            second.close()
        qtbot.waitUntil(lambda: bool(ended), timeout=180_000)
        assert ended == [out] and not bg.busy and not bg.progress.isVisible()
        assert "Exported to" in window.statusBar().currentMessage()
        from pypdf import PdfReader

        assert len(PdfReader(out).pages) > 10
        assert _files(tmp_path) == ["all.pdf"]


def test_cancel_in_the_status_bar_leaves_no_file(qtbot, tmp_path, window, big_library):  # noqa: F811
    with Library(big_library) as lib:
        out = tmp_path / "all.pdf"
        bg = BackgroundExport.of(window)
        ended: list[object] = []
        bg.finished.connect(ended.append)
        shares: list[int] = []
        bg.progress.bar.valueChanged.connect(shares.append)
        assert bg.start(lib, str(out), "pdf", scope="library")
        assert not bg.start(lib, str(tmp_path / "b.pdf"), "pdf", scope="library")  # refused
        assert "already running" in bg.last_message
        qtbot.waitUntil(lambda: any(0 < s < 60 for s in shares) or bool(ended), timeout=60_000)
        if ended:
            pytest.skip("the export ended before Cancel could be clicked")
        qtbot.mouseClick(bg.progress.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(ended), timeout=60_000)
        assert ended == [None] and "cancelled" in bg.last_message
        assert _files(tmp_path) == []


def test_closing_the_window_cancels_and_leaves_no_file(qtbot, tmp_path, window, big_library):  # noqa: F811
    with Library(big_library) as lib:
        out = tmp_path / "all.pdf"
        bg = BackgroundExport.of(window)
        shares: list[int] = []
        bg.progress.bar.valueChanged.connect(shares.append)
        assert bg.start(lib, str(out), "pdf", scope="library")
        qtbot.waitUntil(lambda: any(0 < s < 60 for s in shares) or not bg.busy, timeout=60_000)
        if not bg.busy:
            pytest.skip("the export ended before the window could be closed")
        window.close()  # waits for the job to stop
        assert bg._ended.is_set()
        assert _files(tmp_path) == []


def test_the_window_s_export_goes_to_the_status_bar(qtbot, tmp_path, big_library):  # noqa: F811
    """Notes > Export in the main window: the dialog closes on Export, the status bar shows
    the progress, the folder is remembered when the file is written."""
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.workflow import install

    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    wf = install(window, str(big_library), restore_geometry=False)
    window.show()
    out = tmp_path / "out" / "notes.pdf"
    out.parent.mkdir()
    seen = {}

    def run(dlg):
        dlg.set_choice(scope="library", fmt="pdf", path=str(out))
        dlg.export_button.click()
        seen["visible"] = dlg.isVisible()
        return dlg.result()

    wf.run_dialog = run
    bg = BackgroundExport.of(window)
    ended: list[object] = []
    bg.finished.connect(ended.append)
    wf.open_export()
    assert seen == {"visible": False}
    qtbot.waitUntil(lambda: bool(ended), timeout=180_000)
    assert ended == [out] and out.read_bytes().startswith(b"%PDF")
    assert window.settings.value("export/folder") == str(out.parent)
    assert "Exported to" in window.statusBar().currentMessage()


def test_notes_export_offers_the_format_of_the_last_export_again(qtbot, tmp_path):
    """The folder of the last export was remembered, its format was not: an analyst who
    exports HTML every day picked it again each time."""
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.workflow import install

    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    wf = install(window, str(tmp_path / "lib.db"), restore_geometry=False)
    try:
        first = wf.export_dialog()
        assert first.format.currentData() == "md"  # the default, before any export
        first.set_choice(fmt="html")
        first.reject()  # cancelled: nothing remembered
        assert wf.export_dialog().format.currentData() == "md"
        chosen = wf.export_dialog()
        chosen.set_choice(fmt="html")
        chosen.accept()  # as Export does once the file is written or handed to the background
        again = wf.export_dialog()
        assert again.format.currentData() == "html" and again.path.text().endswith(".html")
    finally:
        window.close()
        wf.session.close()
