"""The window opens two seeds, each pane showing its article; the screenshot works."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtGui import QImage

from parallax.reader.ingest.article import load
from parallax.reader.ingest.seeds import demo_pair, seeds
from parallax.ui.main_window import MainWindow
from tests.conftest import ROOT, seed


def test_each_pane_shows_its_article(qtbot):
    left, right = load(seed("003")), load(seed("004"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_articles(left, right)
    # toRawText keeps NBSPs (toPlainText turns them into spaces); Qt ends blocks with U+2029.
    assert window.left.view.document().toRawText().replace("\u2029", "\n") == left.text
    assert window.right.view.document().toRawText().replace("\u2029", "\n") == right.text
    # The headline is the article's title (issue #3), shown in the pane header.
    assert "Putin and Biden hold two hours of talks" in window.left.header.title.text()
    assert "Kiev fails to fulfill" in window.right.view.toPlainText()


def test_demo_pair_is_bundled_and_described():
    left, right = demo_pair()
    assert left.is_file() and right.is_file()
    assert {s.file for s in seeds()} == {p.name for p in (ROOT / "seeds").glob("*.txt")}


def test_seed_readme_agrees_with_manifest():
    readme = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    for s in seeds():
        row = next(line for line in readme.splitlines() if s.file in line)
        for value in (s.outlet, s.published, s.headline, s.origin):
            assert value in row, (s.file, value)


def test_screenshot_writes_a_png_of_the_window(tmp_path):
    out = tmp_path / "shot.png"
    r = subprocess.run(
        [sys.executable, "-m", "parallax.ui.main", "open", str(seed("003")), str(seed("004")),
         "--screenshot", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    # Text was drawn: a blank or single-colour image has very few distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 1600, 7) for y in range(0, 1000, 7)}
    assert len(colours) > 8


def test_one_file_opens_on_the_left_waiting_for_the_right(tmp_path):
    """``parallax open A``: the window with A on the left, the right pane asking for the
    other; the screenshot does not wait for a comparison that never comes."""
    out = tmp_path / "one.png"
    r = subprocess.run(
        [sys.executable, "-m", "parallax.ui.main", "open", str(seed("003")), "--size", "900x600",
         "--screenshot", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)


def test_show_opened_holds_one_article_and_compares_two(qtbot, tmp_path):
    from parallax.ui.app import show_opened
    from parallax.ui.settings import open_settings

    left, right = load(seed("003")), load(seed("004"))
    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    show_opened(window, (left,))
    assert window.articles is None and window.empty_hints.held == {"left": left}
    assert "waits here" in window.empty_hints.notes["left"].text()
    assert "Now the article to compare with" in window.empty_hints.notes["right"].text()
    assert window.is_idle()  # nothing to wait for: a screenshot is taken at once
    show_opened(window, (left, right))
    qtbot.waitUntil(window.is_idle, timeout=60_000)
    assert window.articles == (left, right)
