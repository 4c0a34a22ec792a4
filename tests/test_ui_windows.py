"""Every window as a user meets it: its title."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from parallax.reader.ingest.article import load
from parallax.reader.model import Article
from tests.conftest import SEEDS
from tests.test_ui_desk import make_window
from tests.test_ui_story import open_story
from tests.test_workflow_session import wait_idle


@pytest.fixture(scope="module")
def seeds():
    return sorted(SEEDS.glob("00*.txt"))


def _named_once_at_the_end(title: str) -> bool:
    """Qt adds the application's name to a title unless the title ends with it (X11 and
    Windows): a title that ends with it is shown as it is, with the name once."""
    name = QApplication.applicationDisplayName() or "Parallax"
    return title.endswith(" — " + name) and title.count(name) == 1


def test_window_titles_name_the_application_once_at_the_end(qtbot, tmp_path, seeds):
    QApplication.setApplicationDisplayName("Parallax")
    w, wf = make_window(qtbot, tmp_path)
    w.show_articles(Article("Troops massed near the border.", title="Left report"),
                    Article("Troops gathered near the border.", title="Right report"))
    wait_idle(w)
    assert "Left report ↔ Right report" in w.windowTitle()
    assert _named_once_at_the_end(w.windowTitle()), w.windowTitle()
    library = wf.open_library()
    qtbot.addWidget(library)
    assert str(wf.session.lib.path) in library.windowTitle()
    assert _named_once_at_the_end(library.windowTitle()), library.windowTitle()
    story = open_story(qtbot, tmp_path, [load(p) for p in seeds[:3]])
    assert "3 reports" in story.windowTitle()
    assert _named_once_at_the_end(story.windowTitle()), story.windowTitle()
    w.close()
    wf.session.close()

