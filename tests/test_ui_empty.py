"""Empty states: a window with nothing open says what to do, rather than showing
a blank headline over empty headings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from tests.conftest import main_window


def test_a_window_with_nothing_open_says_how_to_open_a_pair(qtbot, tmp_path):
    w = main_window(qtbot, tmp_path, size=(1400, 800))
    qtbot.waitExposed(w)
    QApplication.processEvents()
    summary = w.panel.summary
    assert w.panel.isVisible()
    text = summary.verdict.text()
    assert "Nothing compared yet" in text and "Open Articles" in text and "drop two files" in text
    assert all(w.actions[i].text().replace("&", "") in text.replace("&gt;", ">")  # the menu items it names
               for i in ("open", "paste"))
    assert not summary.conflicts_heading.isVisible()  # no heading over nothing
    # nor the charts' headings over "nothing to show"
    assert not any(widget.isVisible() for widget in (summary.shares, summary.counts, summary.profile))
    headings = [label for label in summary.findChildren(QLabel) if label.text().startswith("<b>")]
    assert headings and not any(label.isVisible() for label in headings)
    summary.set_comparison(None, w.style_, derived="right")  # a pair is being compared
    assert "Comparing" in summary.verdict.text()
    assert not summary.shares.isVisible()


def test_an_empty_notes_list_says_how_to_add_a_note_or_that_the_filter_hides_all(qtbot, tmp_path):
    from parallax.reader.model import Article
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.workflow import install
    from tests.test_workflow_session import select

    left, right = "Officials said 94,000 troops are near the border.", "Sources put the figure at 100,000 troops."
    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    wf = install(window, str(tmp_path / "lib.db"), restore_geometry=False)
    try:
        window.resize(1200, 800)
        window.show()
        window.show_articles(Article(left, title="Left"), Article(right, title="Right"))
        qtbot.waitUntil(window.is_idle, timeout=30_000)
        panel = wf.notes_panel
        window.panel.setCurrentWidget(panel)
        QApplication.processEvents()
        assert panel.row_count() == 0
        assert panel.empty.isVisible() and not panel.list.isVisible()
        assert "No notes yet" in panel.empty.text()
        for ident in ("tag-picker", "note-passage", "note-link"):  # it names the buttons to use
            assert window.actions[ident].iconText() in panel.empty.text(), ident

        select(window.left.view, left, "94,000 troops")
        window.left.view.setFocus()
        wf.run_dialog = lambda dialog: (dialog.edit.setPlainText("A figure to check"), True)[1]
        window.actions["note-passage"].trigger()
        QApplication.processEvents()
        assert panel.row_count() == 1
        assert panel.list.isVisible() and not panel.empty.isVisible()

        panel.search.setText("nowhere in any note")
        panel.apply_filter()
        assert panel.row_count() == 0 and panel.empty.isVisible()
        assert "matches the filter" in panel.empty.text()
    finally:
        window.close()
        wf.session.close()


def test_empty_panes_say_how_to_open_an_article_and_go_once_a_pair_is_shown(qtbot, tmp_path):
    """Before any pair the two panes were blank boxes: nothing said a file can be
    dropped there, nor which keys open one."""
    from parallax.reader.ingest.article import load
    from tests.conftest import seed

    w = main_window(qtbot, tmp_path, size=(1400, 800))
    qtbot.waitExposed(w)
    QApplication.processEvents()
    for side in ("left", "right"):
        note = w.empty_hints.notes[side]
        viewport = w.view.pane(side).view.viewport()
        assert note.isVisible() and note.parentWidget() is viewport
        assert viewport.rect().contains(note.geometry())  # inside the pane, whole
        assert note.height() >= note.heightForWidth(note.width())
        text = note.text().replace("&gt;", ">")
        assert f"No article on the {side} yet" in text and "Drop a file here" in text
        for ident in ("open", f"open-{side}"):  # the menu items and their keys, as the actions have them
            action = w.actions[ident]
            assert action.text().replace("&", "") in text
            assert action.shortcut().toString() in text
    w.show_articles(load(seed("003")), load(seed("004")))
    QApplication.processEvents()
    assert not any(n.isVisible() for n in w.empty_hints.notes.values())
    qtbot.waitUntil(w.is_idle, timeout=20_000)


def test_one_file_opened_into_an_empty_window_waits_on_its_side_for_the_other(qtbot, tmp_path):
    """One file dropped on an empty window was refused ("Open two articles first"): it
    now waits on its side, the other pane asks for its counterpart, and the second file
    opens the pair."""
    from tests.conftest import seed

    w = main_window(qtbot, tmp_path, size=(1400, 800))
    qtbot.waitExposed(w)
    first, second = seed("003"), seed("004")
    w.right.view.filesDropped.emit([str(first)])  # dropped on the right pane
    QApplication.processEvents()
    assert w.articles is None and w.is_idle()
    hints = w.empty_hints
    assert first.name in hints.notes["right"].text() and "waits here" in hints.notes["right"].text()
    assert f"compare with {first.name}" in hints.notes["left"].text()
    assert all(n.isVisible() for n in hints.notes.values())
    # the Summary tab says the same, not "Nothing compared yet"
    summary = w.panel.summary.verdict.text()
    assert f"{first.name} waits on the right." in summary and "Open Left" in summary, summary
    assert "Nothing compared yet" not in summary
    w.left.view.filesDropped.emit([str(second)])
    qtbot.waitUntil(lambda: w.articles is not None and w.is_idle(), timeout=20_000)
    left, right = w.articles
    assert Path(left.path).name == second.name and Path(right.path).name == first.name  # each on its side
    assert not any(n.isVisible() for n in hints.notes.values()) and hints.held == {}
    assert "waits on" not in w.panel.summary.verdict.text()


def test_the_side_panels_empty_tables_say_whether_nothing_was_compared_or_nothing_found(qtbot):
    """The Facts table, and the naming and attribution verbs tables, were blank both before
    any comparison and when a comparison found none: the two read the same."""
    from parallax.reader.comparison.engine import compare
    from parallax.reader.model import Article
    from parallax.ui.panel import SidePanel
    from parallax.ui.style import Style

    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.resize(400, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.setCurrentWidget(panel.facts)
    QApplication.processEvents()
    facts = panel.facts.empty.note
    assert facts.isVisible() and "once they are compared" in facts.text()
    bare = compare(Article("The weather was mild and calm over the hills."),
                   Article("Some birds sang softly in the old garden."))
    assert not bare.facts and not bare.framing
    panel.set_comparison(bare, Style("light"))
    QApplication.processEvents()
    assert facts.isVisible() and "No facts" in facts.text()
    assert not any(widget.isHidden() for widget in panel.summary.body)  # compared: the summary's charts
    panel.setCurrentWidget(panel.framing)
    QApplication.processEvents()
    naming, verbs = (n.note for n in panel.framing.empty)
    assert naming.isVisible() and "No naming markers" in naming.text()
    assert verbs.isVisible() and "No attribution verbs" in verbs.text()
    panel.set_comparison(None, Style("light"))  # the next pair is being compared
    QApplication.processEvents()
    assert not naming.isVisible() and not verbs.isVisible()


def test_an_empty_panes_note_steps_aside_while_a_file_is_dragged_over_it(qtbot, tmp_path):
    """The pane draws "Drop to open on the left" over itself while a file is dragged
    over it: the empty pane's note was drawn on top of it, the two texts overlapping."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent

    from tests.conftest import seed

    w = main_window(qtbot, tmp_path, size=(1400, 800))
    qtbot.waitExposed(w)
    note = w.empty_hints.notes["left"]
    viewport = w.left.view.viewport()
    assert note.isVisible()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed("003")))])
    centre = viewport.rect().center()
    QApplication.sendEvent(viewport, QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime,
                                                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert w.left.view.drop_target and not note.isVisible()
    QApplication.sendEvent(viewport, QDragLeaveEvent())
    assert not w.left.view.drop_target and note.isVisible()
    QApplication.sendEvent(viewport, QDragEnterEvent(QPoint(centre), Qt.DropAction.CopyAction, mime,
                                                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    QApplication.processEvents()
    assert "waits here" in note.text() and note.isVisible()  # dropped alone: it waits for the other side
