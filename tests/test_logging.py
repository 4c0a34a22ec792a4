"""Logging: one rotating file in the user log directory, configured by the `parallax`
entry point; timestamps and levels; PARALLAX_DEBUG shows tracebacks on stderr."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

from parallax.reader.cli import Hooks, logs, run
from tests.conftest import seed

LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
                  r"[\w.]+ \[\d+\]: ")


def _installed() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_parallax", False)]


def test_file_is_in_the_user_log_dir_with_timestamps_and_levels(logged, tmp_path):
    assert logged == tmp_path / "parallax" / "log" / "parallax.log"
    assert logs.log_file() == logged
    assert not logged.exists()  # opened by the first record only
    logging.getLogger("parallax.reader.something").warning("a warning: %d", 7)
    logging.getLogger("parallax.ui.other").info("some news")
    logging.getLogger("parallax.ui.other").debug("not without PARALLAX_DEBUG")
    logging.getLogger("someone.else").info("another library's chatter")
    lines = logged.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2, lines
    assert all(LINE.match(line) for line in lines), lines
    assert lines[0].endswith(f"WARNING parallax.reader.something [{os.getpid()}]: a warning: 7")
    assert " INFO parallax.ui.other " in lines[1]


def test_configuring_again_replaces_the_handlers(logged, tmp_path):
    other = tmp_path / "elsewhere" / "x.log"
    assert logs.configure(path=other) == other
    assert len(_installed()) == 1
    logging.getLogger("parallax.x").warning("once")
    assert other.read_text(encoding="utf-8").count("once") == 1
    assert not logged.exists()


def test_the_file_rotates(logged, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    logs.configure(path=logged)
    for i in range(200):
        logging.getLogger("parallax.x").warning("line %03d %s", i, "x" * 40)
    files = sorted(p.name for p in logged.parent.iterdir())
    assert files == ["parallax.log", *(f"parallax.log.{n}" for n in range(1, logs.BACKUPS + 1))]
    assert all(p.stat().st_size <= 2_000 for p in logged.parent.iterdir())
    assert "line 199" in logged.read_text(encoding="utf-8")


def test_debug_logs_to_stderr_too_and_down_to_debug(logged, capsys):
    logs.configure(path=logged, debug=True)
    log = logging.getLogger("parallax.x")
    log.debug("looking closely")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("it failed")
        log.error("shown by Python already", exc_info=True, extra={logs.SHOWN: True})
    err = capsys.readouterr().err
    assert "DEBUG parallax.x" in err and "looking closely" in err
    assert err.count("Traceback") == 1  # the record Python shows itself is not repeated
    text = logged.read_text(encoding="utf-8")
    assert "looking closely" in text and text.count("Traceback") == 2


def test_unwritable_log_dir_means_no_file_not_a_failure(logged, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert logs.configure(path=blocker / "log" / "parallax.log") is None
    assert logs.log_file() is None and logs.details_hint() == ""
    logging.getLogger("parallax.x").error("goes nowhere")  # and does not raise


def _boom(args):
    raise RuntimeError("index 3 out of range")


def test_internal_error_is_one_line_with_the_traceback_in_the_log(logged, capsys):
    left, right = str(seed("003")), str(seed("004"))
    assert run(["open", left, right], hooks=Hooks(open_window=_boom)) == 1
    err = capsys.readouterr().err
    # no exception name or message for the analyst: what stopped, and where the details are
    assert err == f"parallax: error: internal error in `parallax open`, a bug in Parallax (details in {logged})\n"
    text = logged.read_text(encoding="utf-8")
    assert "ERROR parallax.reader.cli [" in text and "internal error in `parallax open`" in text
    assert "Traceback" in text and "RuntimeError: index 3 out of range" in text


def test_internal_error_without_a_log_file_says_how_to_see_it(capsys, monkeypatch):
    monkeypatch.delenv("PARALLAX_DEBUG", raising=False)
    assert logs.log_file() is None  # run() alone configures nothing
    left, right = str(seed("003")), str(seed("004"))
    assert run(["open", left, right], hooks=Hooks(open_window=_boom)) == 1
    assert capsys.readouterr().err == ("parallax: error: internal error in `parallax open`, a bug in "
                                       "Parallax (set PARALLAX_DEBUG=1 for details)\n")


def test_debug_internal_error_raises_and_is_logged(logged, capsys, monkeypatch):
    monkeypatch.setenv("PARALLAX_DEBUG", "1")
    logs.configure(path=logged)  # as the entry point does with PARALLAX_DEBUG set
    left, right = str(seed("003")), str(seed("004"))
    with pytest.raises(RuntimeError, match="index 3"):
        run(["open", left, right], hooks=Hooks(open_window=_boom))
    assert "Traceback" not in capsys.readouterr().err  # Python prints it, once, on the way out
    assert "RuntimeError: index 3 out of range" in logged.read_text(encoding="utf-8")


def test_the_parallax_command_configures_logging(logged, capsys, monkeypatch):
    from parallax.ui import main as entry

    logs.configure(path=Path(logged.parent / "other.log"))
    assert entry.main(["compare", str(seed("003")), str(seed("004")), "--format", "json"]) == 0
    capsys.readouterr()
    assert logs.log_file() == logged  # the default place, set by the entry point
    assert len(_installed()) == 1


def test_qt_warnings_are_logged(logged, capsys, qapp):
    from PySide6.QtCore import QtMsgType

    from parallax.ui.app import _message_handler

    _message_handler(QtMsgType.QtWarningMsg, None, "QPainter::begin: Paint device returned engine == 0")
    _message_handler(QtMsgType.QtDebugMsg, None, "noise")
    assert capsys.readouterr().err == "parallax: qt: QPainter::begin: Paint device returned engine == 0\n"
    text = logged.read_text(encoding="utf-8")
    assert "WARNING parallax.ui.app [" in text and "qt: QPainter::begin" in text
    assert "noise" not in text


def test_a_failing_comparison_in_the_window_is_logged(logged, qtbot, tmp_path, monkeypatch):
    import parallax.reader.comparison.engine
    from parallax.reader.model import Article
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings

    def broken(left, right, **_):
        raise KeyError("max_date")

    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", broken)
    window = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(window)
    window.show_articles(Article("a b c"), Article("d e f"))
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    shown = window.statusBar().currentMessage()
    assert "internal error while comparing, a bug in Parallax" in shown and "KeyError" not in shown
    text = logged.read_text(encoding="utf-8")
    assert "ERROR parallax.ui.worker [" in text and "internal error while comparing" in text
    assert "Traceback" in text and "KeyError: 'max_date'" in text
