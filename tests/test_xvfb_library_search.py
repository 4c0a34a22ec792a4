"""#16 item 5 on a real X server: a double click on a library search result, made with
xdotool over the reader window, leaves the hit selected in its pane.  Before the fix the
first click opened the article and raised the reader under the pointer, whose second click
then moved the caret and dropped the selection (offscreen Qt cannot raise windows, so only
a real display shows it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, seed
from tests.test_xvfb_session import _display, needs_x

pytestmark = pytest.mark.xvfb

DRIVER = r'''
import os, subprocess, sys
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv)
from parallax.reader.model import Article
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings
from parallax.ui.workflow import install

tmp, left, right = sys.argv[1:4]
w = MainWindow(settings=open_settings(os.path.join(tmp, "s.ini")), theme="light")
wf = install(w, os.path.join(tmp, "lib.db"), restore_geometry=False)
w.setGeometry(0, 0, 1400, 900)
w.show()
w.show_articles(Article("Left text about the talks.", title="Left"),
                Article("Right text about the talks.", title="Right"))


def idle():
    for _ in range(20000):
        QCoreApplication.processEvents()
        if w.is_idle():
            break


idle()
lw = wf.open_library()
lw.setGeometry(0, 100, 600, 700)  # its results lie over the reader's left pane
lw.add_files([left, right])
hits = lw.run_search("sanctions")
lw.raise_()
lw.activateWindow()
for _ in range(300):
    QCoreApplication.processEvents()
row = next(i for i, h in enumerate(hits) if h.kind == "article")
at = lw.results.viewport().mapToGlobal(lw.results.visualItemRect(lw.results.item(row)).center())
subprocess.Popen(["xdotool", "mousemove", str(at.x()), str(at.y()), "click", "--repeat", "2",
                  "--delay", "120", "1"])


def report():
    idle()
    side = wf.session.side_of(hits[row].article_id)
    print("SELECTED", repr(w.view.view(side).textCursor().selectedText() if side else None), flush=True)
    app.quit()


QTimer.singleShot(5000, report)
app.exec()
'''


@needs_x
def test_double_clicking_a_search_result_selects_the_hit_on_a_real_display(tmp_path):
    with _display() as env:
        r = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path), str(seed("003")), str(seed("004"))],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    line = next((x for x in r.stdout.splitlines() if x.startswith("SELECTED")), r.stdout + r.stderr)
    assert line == "SELECTED 'sanctions'", line
