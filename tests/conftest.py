"""Test setup: Qt runs offscreen, and a machine without fonts fails loudly."""

from __future__ import annotations

import gc
import os
import sys
from html.parser import HTMLParser
from pathlib import Path

# Must happen before anything imports Qt.  Tests that need a real X server
# (marked `xvfb`) start their own Xvfb and run the app in a subprocess.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PARALLAX_DB", str(Path(os.environ.get("TMPDIR", "/tmp")) / "parallax-test-never-used.db"))

import pytest
from hypothesis import HealthCheck, settings

# Property tests measure behaviour, not speed: Hypothesis' default 200 ms
# deadline per example made a test fail once on a busy 2-core machine (the
# same example passed when re-run, which Hypothesis reports as Flaky).  Speed
# lives in benchmarks/, so no test here has a deadline.
settings.register_profile(
    "parallax", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("parallax")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


class Tags(HTMLParser):
    """The start tags and attributes of an HTML page, in order (what an export renders to)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    @classmethod
    def of(cls, html: str) -> Tags:
        parsed = cls()
        parsed.feed(html)
        return parsed


def main_window(qtbot, tmp_path, *, size: tuple[int, int] = (1200, 800)):
    """A shown main window with its own settings file, closed with the test."""
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings

    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    return w


@pytest.fixture(autouse=True)
def _no_worker_left_running():
    """After a test that used Qt, wait for the thread pool's jobs to end: a comparison
    still running (say, the test failed half-way) must not report into the next test's
    windows.  Closing a window does not wait for its comparison; the tests do."""
    yield
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None and qtcore.QCoreApplication.instance() is not None:
        qtcore.QThreadPool.globalInstance().waitForDone(60_000)
        gc.collect()  # the test's cycles, on the GUI thread (see ui/collector.py)


def seed(prefix: str) -> Path:
    """A seed file by its number prefix, e.g. seed("003")."""
    (match,) = SEEDS.glob(f"{prefix}_*.txt")
    return match


@pytest.fixture(scope="session")
def qapp_args():
    return [sys.argv[0]]


@pytest.fixture(scope="session", autouse=True)
def _fonts_present(request):
    """Qt with no fonts draws boxes silently; refuse to run UI tests like that.  And the
    UI tests run as the window's process does: cycles collected on the GUI thread only."""
    if not any("qt" in (item.fixturenames or ()) or "qtbot" in item.fixturenames
               for item in request.session.items):
        return
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from parallax.ui import collector

    app = QApplication.instance() or QApplication([sys.argv[0]])
    collector.install(app)  # as the window's process runs: cycles collected on the GUI thread only
    if not QFontDatabase.families():
        pytest.exit(
            "Qt found no fonts: text would render as empty boxes. "
            "Install one, e.g. `apt-get install fonts-dejavu-core`.",
            returncode=3,
        )
    del app


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """A fresh library path, also exported as PARALLAX_DB for subprocesses."""
    path = tmp_path / "library.db"
    monkeypatch.setenv("PARALLAX_DB", str(path))
    return path


@pytest.fixture
def logged(tmp_path, monkeypatch):
    """Logging as the `parallax` command configures it, into tmp_path (the user log
    directory there), without PARALLAX_DEBUG; the root logger is restored after."""
    import logging

    from parallax.reader.cli import logs

    root = logging.getLogger()
    level = root.level
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PARALLAX_DEBUG", raising=False)
    yield logs.configure()
    for handler in root.handlers[:]:
        if getattr(handler, "_parallax", False):  # what configure() installed
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.getLogger("parallax").setLevel(logging.NOTSET)
