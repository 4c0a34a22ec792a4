"""Every window as a user meets it: its title, and a story view with the File and Help
menus the two-pane window has (open, close, quit, the list of keys)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from parallax.reader.comparison.layers import LAYERS
from parallax.reader.ingest.article import load
from parallax.reader.model import Article
from parallax.ui.story_view import StoryView
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


def _menu(window, name: str) -> QMenu:
    menu = window.findChild(QMenu, name)
    assert menu is not None, f"no {name}"
    return menu


def _action(menu: QMenu, key: str):
    found = [a for a in menu.actions() if QKeySequence(key) in a.shortcuts()]
    assert found, f"nothing in {menu.title()} answers {key}"
    return found[0]


def test_a_story_view_has_file_and_help_menus_with_the_usual_keys(qtbot, tmp_path, seeds):
    from parallax.reader.notes.library import Library

    lib = Library(tmp_path / "lib.db")
    story = open_story(qtbot, tmp_path, [load(p) for p in seeds[:3]], library=lib)
    titles = [a.menu().objectName() or a.text() for a in story.menuBar().actions()]
    assert titles[0] == "menu-file" and titles[-1] == "menu-help"
    file_menu, help_menu = _menu(story, "menu-file"), _menu(story, "menu-help")
    assert _action(file_menu, "Ctrl+O") is story.menus.open_action
    _action(file_menu, "Ctrl+Q")
    keys = _action(help_menu, "F1")
    keys.trigger()
    text = story.menus.shortcuts_dialog.findChild(type(story.passage_note)).text()
    for listed in ("Open Articles", "Close Window", "Quit", "Side by Side", "Note on Row", "Ctrl+B", "1 … 9"):
        assert listed in text
    assert "matrix" in text and "counterpart on the other side" not in text  # what a click does here
    story.menus.shortcuts_dialog.close()
    _action(file_menu, "Ctrl+W").trigger()
    assert not story.isVisible()
    lib.close()


def test_files_opened_in_a_story_view_collate_there_or_open_side_by_side(qtbot, tmp_path, seeds):
    story = open_story(qtbot, tmp_path, [load(p) for p in seeds[:3]])
    assert story.menus.open_paths([str(seeds[0])]) is None
    assert "three or more" in story.statusBar().currentMessage()
    window = story.menus.open_paths([str(p) for p in seeds[:2]])
    qtbot.addWidget(window)
    qtbot.waitUntil(window.is_idle, timeout=60_000)
    assert window in story.pair_windows and window.isVisible()
    assert window.comparison is not None
    assert window.comparison.left.text == load(seeds[0]).text
    assert window.comparison.right.text == load(seeds[1]).text
    assert story.menus.open_paths([str(p) for p in seeds]) is story
    qtbot.waitUntil(story.is_idle, timeout=60_000)
    assert story.collation is not None and len(story.collation.sources) == len(seeds)


def test_quit_closes_every_window_so_each_saves_its_place(qtbot, tmp_path, seeds, monkeypatch):
    from parallax.reader.notes.library import Library
    from parallax.ui import actions

    lib = Library(tmp_path / "lib.db")
    story = open_story(qtbot, tmp_path, [load(p) for p in seeds[:3]], library=lib)
    w, wf = make_window(qtbot, tmp_path, db=tmp_path / "lib2.db")
    released = []
    real_release = story.desk.release
    monkeypatch.setattr(story.desk, "release", lambda: released.append(1) or real_release())
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda *_: quits.append(1))
    actions.quit_application()
    assert released == [1]  # the story saved where it was and is remembered as the last thing open
    assert not story.isVisible() and not w.isVisible()
    assert quits == [1]
    wf.session.close()
    lib.close()


def test_a_story_view_takes_dropped_files(qtbot, tmp_path, seeds):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    story = StoryView(theme="light")
    qtbot.addWidget(story)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in seeds[:4]])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    story.dropEvent(event)
    qtbot.waitUntil(story.is_idle, timeout=60_000)
    assert story.collation is not None and len(story.collation.sources) == 4


def test_the_library_window_closes_with_the_close_key(qtbot, tmp_path):
    w, wf = make_window(qtbot, tmp_path)
    library = wf.open_library()
    qtbot.addWidget(library)
    assert library.isVisible()
    (close,) = [a for a in library.actions() if QKeySequence(QKeySequence.StandardKey.Close) in a.shortcuts()]
    close.trigger()
    assert not library.isVisible()
    w.close()
    wf.session.close()


def _boxes_in(legend):
    from PySide6.QtCore import QRect

    return [QRect(b.mapTo(legend, b.rect().topLeft()), b.size()) for b in [*legend.boxes.values(), legend.unsure]]


@pytest.mark.parametrize("width", [960, 1600])
def test_the_window_fits_half_a_screen_and_its_legend_wraps_inside_it(qtbot, tmp_path, width):
    """Side by side with another window on a 1920-pixel screen, the window (side panel
    shown) fits in 960 pixels: the legend wraps between its boxes, each box whole,
    inside the legend and clear of the others; with room, a group keeps one row."""
    w, wf = make_window(qtbot, tmp_path, size=(width, 700))
    w.show_articles(Article("Troops massed near the border.", title="Left"),
                    Article("Troops gathered near the border.", title="Right"))
    wait_idle(w)
    assert w.panel.isVisible()
    assert w.minimumSizeHint().width() <= 960
    QApplication.processEvents()
    legend = w.view.legend
    rects = _boxes_in(legend)
    for i, rect in enumerate(rects):
        assert legend.rect().contains(rect), (rect, legend.rect())
        assert rect.width() >= legend.unsure.minimumSizeHint().width() // 2  # drawn whole, not squeezed
        assert not any(rect.intersects(other) for other in rects[i + 1:])
    if width == 1600:  # the alignment boxes on one row, as wide windows always had them
        alignment = [info.name for info in LAYERS if info.group == "alignment"]
        assert len({legend.boxes[n].mapTo(legend, legend.boxes[n].rect().topLeft()).y() for n in alignment}) == 1
    w.close()
    wf.session.close()


def test_the_summary_counts_passages_in_words_not_in_parentheses(qtbot, tmp_path):
    w, wf = make_window(qtbot, tmp_path)
    w.show_articles(Article("Troops massed near the border on Monday. The mayor opened a new bridge in town.",
                            title="Left"),
                    Article("Troops massed near the border on Monday.", title="Right"))
    wait_idle(w)
    c = w.comparison
    assert len(c.unique_left) == 1
    text = w.panel.summary.counts.text()
    assert "(s)" not in text
    assert f"{len(c.unique_left)} passage{'s' if len(c.unique_left) != 1 else ''} only in" in text
    w.close()
    wf.session.close()
