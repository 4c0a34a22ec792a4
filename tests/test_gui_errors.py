"""An unexpected error in the window is one line (stderr and status bar), never a
traceback; the traceback goes to the log file."""

from __future__ import annotations

from parallax.reader.errors import ParallaxError
from parallax.ui.app import _gui_excepthook
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings


def _raise(exc):
    try:
        raise exc
    except type(exc) as caught:
        return type(caught), caught, caught.__traceback__


def test_slot_error_is_one_line_and_logged(qtbot, capsys, tmp_path, logged):
    assert str(logged).startswith(str(tmp_path))
    window = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(window)
    hook = _gui_excepthook(window)
    hook(*_raise(ValueError("bad offset 12")))
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    # the analyst reads what happened in words, with no exception name; the log has it all
    assert err == f"parallax: error: internal error, a bug in Parallax (details in {logged})\n"
    shown = window.statusBar().currentMessage()
    assert "a bug in Parallax" in shown and "ValueError" not in shown
    text = logged.read_text(encoding="utf-8")
    assert "ERROR parallax.ui.app" in text and "uncaught error in the window" in text
    assert "Traceback" in text and "ValueError: bad offset 12" in text

    hook(*_raise(ParallaxError("x.txt: is empty")))
    assert capsys.readouterr().err.startswith("parallax: error: x.txt: is empty")
    assert "ParallaxError: x.txt: is empty" in logged.read_text(encoding="utf-8")


def test_debug_keeps_pythons_traceback(qtbot, capsys, tmp_path, logged, monkeypatch):
    monkeypatch.setenv("PARALLAX_DEBUG", "1")
    window = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(window)
    _gui_excepthook(window)(*_raise(ValueError("bad offset 12")))
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and err.count("Traceback") == 1
    assert "ValueError: bad offset 12" in err
    assert "Traceback" in logged.read_text(encoding="utf-8")  # the file has it too
