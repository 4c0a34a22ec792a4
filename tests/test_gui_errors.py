"""An unexpected error in the window is one line (stderr and status bar), never a traceback."""

from __future__ import annotations

from parallax.reader.errors import ParallaxError
from parallax.ui.app import _gui_excepthook, crash_log_path
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings


def _raise(exc):
    try:
        raise exc
    except type(exc) as caught:
        return type(caught), caught, caught.__traceback__


def test_slot_error_is_one_line_and_logged(qtbot, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PARALLAX_DEBUG", raising=False)
    window = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(window)
    hook = _gui_excepthook(window)
    hook(*_raise(ValueError("bad offset 12")))
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("parallax: error: ValueError: bad offset 12")
    assert "Traceback" not in err
    assert "bad offset 12" in window.statusBar().currentMessage()
    log = crash_log_path()
    assert str(log).startswith(str(tmp_path))
    assert "Traceback" in log.read_text(encoding="utf-8")

    hook(*_raise(ParallaxError("x.txt: is empty")))
    assert capsys.readouterr().err.startswith("parallax: error: x.txt: is empty")
