"""Bad input in the window: File > Open on an empty, binary, missing or unreadable file, and a
corrupt library chosen in the library window, each give one clear line (never a traceback)
and leave what was there (the pair on screen, the library file) as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QPushButton

from parallax.reader.notes.library import Library
from parallax.ui.highlight import layers_at
from parallax.ui.textpos import Utf16Map
from tests import test_ui_library
from tests.test_ui_library import LEFT, RIGHT
from tests.test_workflow_session import wait_idle

window = test_ui_library.app_window  # the same window, with the workflow installed


def bad_files(tmp_path) -> dict[str, str]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    folder = tmp_path / "a-folder.txt"
    folder.mkdir()
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: over the 20 MB limit without writing it
        f.truncate(21 * 1024 * 1024)
    return {"empty": str(empty), "binary": str(binary), "missing": str(tmp_path / "gone.txt"),
            "folder": str(folder), "huge": str(huge)}


@pytest.mark.parametrize("kind", ["empty", "binary", "missing", "folder", "huge"])
@pytest.mark.parametrize("how", ["one side", "both sides"])
def test_file_open_on_a_bad_file_is_one_line_and_keeps_the_pair(window, tmp_path, monkeypatch, capfd, kind, how):
    w, _ = window
    before = w.comparison
    assert before is not None
    at = Utf16Map(LEFT).to_qt(LEFT.index("The talks"))
    drawn = layers_at(w.left.view.document(), at)
    assert drawn
    path = bad_files(tmp_path)[kind]
    good = tmp_path / "good.txt"
    good.write_text(RIGHT, encoding="utf-8")
    chosen = [path] if how == "one side" else [path, str(good)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (chosen, "")))
    w.actions["open"].trigger()
    wait_idle(w)
    message = w.statusBar().currentMessage()
    assert message.startswith("parallax: error: ") and "\n" not in message, message
    assert path.rsplit("/", 1)[-1] in message
    err = capfd.readouterr().err
    assert "Traceback" not in err and "internal error" not in message
    # the pair on screen is still the one compared, highlights and all
    assert w.comparison is before
    assert w.left.article.text == LEFT and w.right.article.text == RIGHT
    assert "Could not" not in w.view.banner.text()
    assert layers_at(w.left.view.document(), at) == drawn
    # and it still works: swapping uses the kept comparison
    w.swap_sides()
    wait_idle(w)
    assert w.left.article.text == RIGHT


def test_a_good_file_after_a_bad_one_opens(window, tmp_path, monkeypatch):
    w, _ = window
    good = tmp_path / "other.txt"
    good.write_text("A new story about the talks. The talks lasted two hours.", encoding="utf-8")
    for chosen in ([str(tmp_path / "gone.txt")], [str(good)]):
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, c=chosen, **k: (c, "")))
        w.open_dialog("left")
        wait_idle(w)
    assert w.left.article.text.startswith("A new story") and w.right.article.text == RIGHT
    assert w.comparison is not None and w.comparison.left.text == w.left.article.text


def test_a_corrupt_library_chosen_in_the_library_window_is_refused_and_untouched(
        window, tmp_path, monkeypatch, capfd):
    w, wf = window
    current = wf.session.lib.path
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07garbage" * 500)
    before = bad.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    lw = wf.open_library()
    button = next(b for b in lw.findChildren(QPushButton) if b.text() == "Library &File…")
    button.click()
    QCoreApplication.processEvents()
    message = lw.status.text()
    assert str(bad) in message and "\n" not in message, message
    assert w.statusBar().currentMessage() == message
    assert bad.read_bytes() == before
    assert not (tmp_path / "notes.db-wal").exists() and not (tmp_path / "notes.db-journal").exists()
    assert wf.session.lib.path == current  # still working in the library it had
    assert "Traceback" not in capfd.readouterr().err


def test_a_good_library_chosen_in_the_library_window_is_used(window, tmp_path, monkeypatch):
    _, wf = window
    other = tmp_path / "other.db"
    Library(other).close()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(other), "")))
    lw = wf.open_library()
    next(b for b in lw.findChildren(QPushButton) if b.text() == "Library &File…").click()
    assert wf.session.lib.path.resolve() == other.resolve()
    assert str(other) in lw.windowTitle()


def test_more_than_two_files_open_the_story_view_and_a_pair_picked_there_comes_back(
        window, tmp_path, monkeypatch, qtbot):
    w, _ = window
    paths = []
    for i, text in enumerate(["First story. The talks lasted two hours.", "Second story. The talks lasted two hours.",
                              "Third story."]):
        p = tmp_path / f"{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (paths, "")))
    w.actions["open"].trigger()
    story = w.story
    qtbot.addWidget(story)
    qtbot.waitUntil(story.is_idle, timeout=30_000)
    assert [s.article.text[:5] for s in story.collation.sources] == ["First", "Secon", "Third"]
    story.compare(0, 1)
    wait_idle(w)
    assert w.left.article.text.startswith("First") and w.right.article.text.startswith("Second")


def test_bad_files_added_to_the_library_are_each_said_and_not_hidden_by_the_good(window, tmp_path):
    _, wf = window
    lw = wf.open_library()
    files = bad_files(tmp_path)
    before = len(wf.session.lib.articles.all())
    for kind, path in files.items():
        assert lw.add_files([path]) == []
        message = lw.status.text()
        assert message.startswith(path) and "\n" not in message, (kind, message)
    good = tmp_path / "good.txt"
    good.write_text("A good report. The talks lasted two hours.", encoding="utf-8")
    assert len(lw.add_files([files["empty"], str(good), files["binary"]])) == 1
    assert lw.status.text() == (f"Added 1 article. 2 files could not be read, the first: {files['empty']}: "
                                "is empty")
    assert len(wf.session.lib.articles.all()) == before + 1


def test_a_corrupt_library_at_start_is_one_line_or_asked_about_and_untouched(qapp, tmp_path, monkeypatch):
    """From a terminal, a library that cannot be opened is the one-line error; from a
    desktop launcher (no terminal to read it) a dialog says why and offers another file."""
    from PySide6.QtWidgets import QMessageBox

    from parallax.reader.errors import ParallaxError
    from parallax.ui import app
    from parallax.ui.settings import open_settings

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not a database " * 100)
    before = bad.read_bytes()
    settings = open_settings(str(tmp_path / "s.ini"))
    with pytest.raises(ParallaxError, match="not a Parallax library"):
        app.window_library(str(bad), settings)
    assert app.library_question(qapp) is None  # offscreen: the one line, no dialog to hang on
    asked: list[str] = []
    good = tmp_path / "new.db"
    answers = iter([str(bad), str(good)])  # the same bad file again, then a new name
    lib = app.window_library(str(bad), settings, ask=lambda message: asked.append(message) or next(answers))
    try:
        assert lib.path == good and len(asked) == 2
        assert all(str(bad) in m and "\n" not in m for m in asked)
        assert settings.value("library/last") == str(good.resolve())
    finally:
        lib.close()
    with pytest.raises(ParallaxError, match="not a Parallax library"):  # Quit: the error, as before
        app.window_library(str(bad), settings, ask=lambda message: None)
    assert bad.read_bytes() == before

    # the dialog: Close quits, Choose Another Library… asks for a file
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.button(QMessageBox.StandardButton.Close).click())
    assert app.ask_for_library("x: not a Parallax library") is None
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if b.text() == "&Choose Another Library…").click())
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(good), "")))
    assert app.ask_for_library("x: not a Parallax library") == str(good)
