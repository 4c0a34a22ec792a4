"""A whole analyst session in the real window: open two seeds, tag three passages (one with a
number key), write a note on a left-right link, undo and redo, export Markdown and CSV, close,
reopen the library and find everything where it was left."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, Qt
from PySide6.QtGui import QTextCursor

from parallax.reader.ingest.article import load
from parallax.reader.model import Span
from parallax.reader.notes.library import Library
from parallax.ui.export_dialog import ExportDialog
from parallax.ui.main_window import MainWindow
from parallax.ui.note_editor import NoteEditor
from parallax.ui.settings import open_settings
from parallax.ui.workflow import install
from tests.conftest import seed

LINK_NOTE = "Al Jazeera says **two hours**; Sputnik leaves the length out."


def wait_idle(window, ms: int = 60_000) -> None:
    deadline = QDeadlineTimer(ms)
    while not window.is_idle() and not deadline.hasExpired():
        QCoreApplication.processEvents()
    assert window.is_idle(), "the comparison did not finish in time"
    for _ in range(5):
        QCoreApplication.processEvents()


def open_window(qtbot, settings_path, db_path):
    window = MainWindow(settings=open_settings(str(settings_path)), theme="light")
    qtbot.addWidget(window)
    wf = install(window, str(db_path), restore_geometry=False)
    window.resize(1400, 900)
    window.show()
    window.show_articles(load(seed("003")), load(seed("004")))
    wait_idle(window)
    return window, wf


def select(view, text: str, part: str, occurrence: int = 1) -> Span:
    i = -1
    for _ in range(occurrence):
        i = text.index(part, i + 1)
    view.select_span(Span(i, i + len(part)), centre=False)
    return Span(i, i + len(part))


def test_whole_session(qtbot, tmp_path):
    db = tmp_path / "notes.db"
    ini = tmp_path / "settings.ini"
    window, wf = open_window(qtbot, ini, db)
    lib = wf.session.lib
    left, right = window.left, window.right
    lt, rt = left.article.text, right.article.text
    assert wf.session.comparison_id is not None
    tags = lib.tags()
    assert len(tags) >= 3, "a new library starts with a starter codebook"

    # 1. the number key: select words with the keyboard in the left pane, press 1
    lv = left.view
    lv.setFocus()
    start = lt.index("Biden")
    lv.set_caret(start)
    for _ in range(3):
        qtbot.keyClick(lv, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(lv, Qt.Key.Key_1)
    anns = lib.annotations(article_id=wf.session.ids["left"])
    assert len(anns) == 1
    first = anns[0]
    assert first.tags == (tags[0].name,)
    assert first.exact == lt[first.start:first.end] and first.exact.startswith("Biden")
    assert not first.exact[-1].isspace(), "the space a word-wise selection takes is trimmed"
    assert wf.painters["left"].tags_at(first.start + 1) == (tags[0].id,)
    assert wf.painters["left"].painted_at(first.start + 1) == (tags[0].id,), "drawn in the pane"

    # 2. the toolbar (a tag button) on the right pane
    rspan = select(right.view, rt, "Ukraine")
    right.view.setFocus()
    button_action = next(a for a in wf.tag_actions if a.iconText().startswith("2 "))
    button_action.trigger()
    # 3. the searchable picker, creating a new tag
    lspan = select(lv, lt, "two hours")
    lv.setFocus()

    def answer_picker(dialog):
        dialog.edit.setText("Duration")
        dialog.accept_current()
        return True

    wf.run_dialog = answer_picker
    assert window.actions["tag-picker"].isEnabled()
    window.actions["tag-picker"].trigger()
    tagged = lib.annotations(orphaned=False)
    assert len(tagged) == 3
    by_exact = {a.exact: a for a in tagged}
    assert by_exact["Ukraine"].tags == (tags[1].name,)
    assert by_exact["Ukraine"].span == rspan
    assert by_exact["two hours"].tags == ("Duration",) and by_exact["two hours"].span == lspan
    assert lib.tag("Duration").id in [t.id for t in lib.tags()]
    # tags are painted and overlapping tags get separate stripe lanes
    assert wf.painters["right"].tags_at(rspan.start) == (tags[1].id,)
    assert wf.stripes["left"].lanes and wf.stripes["left"].isVisible()

    # 4. a note on a left-right link
    select(lv, lt, "two hours")
    r2 = select(right.view, rt, "Biden")

    def write_note(dialog):
        assert isinstance(dialog, NoteEditor)
        dialog.relation.setCurrentText("omits")
        dialog.edit.setPlainText(LINK_NOTE)
        return True

    wf.run_dialog = write_note
    window.actions["note-link"].trigger()
    (link,) = lib.links(comparison_id=wf.session.comparison_id)
    assert link.relation == "omits" and link.note == LINK_NOTE
    assert lib.annotation(link.target_id).span == r2

    # 5. undo and redo (Ctrl+Z / Ctrl+Shift+Z on the window)
    assert "Link" in wf.undo_action.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.links() == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(lib.annotations(orphaned=False)) == 2, "the picker's tag was undone"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    (link,) = lib.links()
    assert link.note == LINK_NOTE and len([a for a in lib.annotations() if a.tags]) == 3

    # notes panel lists and filters them; a click jumps to the passage
    panel = wf.notes_panel
    kinds = sorted(e.kind for e in panel.rows())
    assert kinds.count("annotation") == 3 and kinds.count("link") == 1
    panel.tag.setCurrentIndex(panel.tag.findData("Duration"))
    shown = panel.rows()
    assert sorted(e.kind for e in shown) == ["annotation", "link"]
    assert panel.count.text().startswith("2 of 4 items: ")
    panel.tag.setCurrentIndex(0)
    qtbot.keyClicks(panel.search, "sputnik leaves")  # the list follows once typing pauses
    qtbot.waitUntil(lambda: panel.row_count() == 1, timeout=30_000)
    (only,) = panel.rows()
    assert only.kind == "link"
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.row_count() == 4, timeout=30_000)
    panel.scope.setCurrentIndex(1)  # the whole library: the same four here, and remembered
    assert panel.row_count() == 4
    target = next(i for i in range(panel.row_count())
                  if panel.item(i).kind == "annotation" and panel.item(i).quote == "Ukraine")
    right.view.setTextCursor(QTextCursor(right.view.document()))
    panel.list.clicked.emit(panel.model.index(target))
    assert wf.selection("right") == rspan

    # 6. export Markdown and CSV of this comparison
    md_path, csv_path = tmp_path / "notes.md", tmp_path / "notes.csv"
    for fmt, path in (("md", md_path), ("csv", csv_path)):
        dlg = ExportDialog(lib, window, comparison_id=wf.session.comparison_id)
        dlg.set_choice(scope="comparison", fmt=fmt, path=str(path))
        assert dlg.export() == path
    md = md_path.read_text(encoding="utf-8")
    assert "two hours" in md and "Duration" in md and LINK_NOTE.split("**")[0].strip() in md
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert len(rows) >= 3
    assert any("Duration" in " ".join(r.values()) for r in rows)

    # leave the view somewhere particular
    lv.verticalScrollBar().setValue(lv.verticalScrollBar().maximum() // 2)
    top = lv.top_offset()  # where reading resumes: the line the scroll bar stands on
    assert top > 0
    window.close()
    wf.session.close()

    # the file alone holds everything
    with Library(db) as again:
        assert sorted(a.exact for a in again.annotations() if a.tags) == sorted(["Ukraine", "two hours", first.exact])
        (link,) = again.links()
        assert (link.relation, link.note) == ("omits", LINK_NOTE)
        (cmp,) = again.comparisons()
        assert cmp.view_state["articles"][str(first.article_id)]["top"] == top

    # 7. reopen: everything is found, painted, and the view is where it was left
    window2, wf2 = open_window(qtbot, ini, db)
    assert wf2.session.comparison_id == cmp.id
    lv2 = window2.left.view
    assert lv2.offset_at(lv2.viewport().rect().topLeft()) <= top < lv2.offset_at(lv2.viewport().rect().bottomLeft())
    assert wf2.painters["left"].tags_at(first.start) == (tags[0].id,)
    assert wf2.painters["right"].tags_at(rspan.start) == (tags[1].id,)
    assert sorted(e.kind for e in wf2.notes_panel.rows()).count("link") == 1
    assert wf2.notes_panel.scope.currentIndex() == 1  # the scope chosen last time
    assert wf2.library_window is None
    lw = wf2.open_library()
    assert lw.articles.rowCount() == 2 and lw.recent.count() == 1
    hits = lw.run_search("leaves")
    assert any(h.kind == "link" for h in hits)
    window2.close()
    wf2.session.close()
