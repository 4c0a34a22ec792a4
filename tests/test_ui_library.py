"""The workflow's widgets: codebook editor, tag picker, notes on articles and comparisons,
export dialog, orphans, library window (add, drop, paste, search, recent comparisons), settings."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor

from parallax.reader.model import Article, Span
from parallax.reader.notes.library import Library
from parallax.reader.notes.records import Tag
from parallax.ui.codebook_editor import CodebookEditor, delete_message, merge_message
from parallax.ui.export_dialog import ExportDialog
from parallax.ui.library_session import LibrarySession
from parallax.ui.main_window import MainWindow
from parallax.ui.note_editor import Target, save_note
from parallax.ui.settings import open_settings
from parallax.ui.tag_picker import CREATE_ROLE, TagPicker
from parallax.ui.workflow import install, library_path
from tests.conftest import seed
from tests.test_workflow_session import select

LEFT = "Officials said 94,000 troops are near the border. 😀 The talks lasted two hours. Kyiv rejected it."
RIGHT = "Sources put the figure at 100,000 troops. The talks lasted two hours. Kiev rejected it."


def wait_idle(window, ms: int = 30_000) -> None:
    deadline = QDeadlineTimer(ms)
    while not window.is_idle() and not deadline.hasExpired():
        QCoreApplication.processEvents()
    for _ in range(5):
        QCoreApplication.processEvents()


@pytest.fixture
def session(tmp_path, qtbot):
    lib = Library(tmp_path / "lib.db")
    s = LibrarySession(lib)
    yield s
    s.close()


@pytest.fixture
def app_window(tmp_path, qtbot):
    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    wf = install(window, str(tmp_path / "lib.db"), restore_geometry=False)
    window.resize(1200, 800)
    window.show()
    window.show_articles(Article(LEFT, title="Left"), Article(RIGHT, title="Right"))
    wait_idle(window)
    yield window, wf
    window.close()
    wf.session.close()


# ---------------------------------------------------------------- codebook editor

def test_codebook_create_rename_recolour_merge_delete_with_counts_and_undo(session, qtbot):
    lib = session.lib
    art = lib.add_article(Article(LEFT)).id
    ed = CodebookEditor(session)
    qtbot.addWidget(ed)
    starter = len(lib.tags())
    assert ed.tree.topLevelItemCount() == starter
    t = ed.new_tag("Casualties")
    assert t is not None and lib.tag("Casualties").id == t.id
    assert ed.selected_ids() == [t.id]
    assert ed.rename_selected("Deaths") and lib.tag(t.id).name == "Deaths"
    assert ed.recolour_selected("#123456") and lib.tag(t.id).colour == "#123456"
    lib.add_annotation(art, (0, 9), tags=["Deaths"])
    lib.add_annotation(art, (10, 14), tags=["Deaths", "Framing"])
    lib.add_annotation(art, (15, 21), tags=["Framing"])
    asked: list[str] = []
    ed.confirm = lambda title, text: asked.append(text) or True
    # merge "Deaths" into "Framing": 1 annotation gains Framing (the other has it already)
    ed.select(t.id)
    assert ed.merge_selected(into=lib.tag("Framing").id)
    assert "2 annotations" in asked[-1]
    assert [a.tags for a in lib.annotations()] == [("Framing",), ("Framing",), ("Framing",)]
    session.undo()
    assert lib.tag("Deaths").id == t.id and lib.tag_usage(t.id) == 2
    # delete asks first and says how many annotations it affects; "no" changes nothing
    ed.refresh()
    ed.select(t.id)
    ed.confirm = lambda title, text: asked.append(text) or False
    assert not ed.delete_selected()
    assert lib.tag_usage(t.id) == 2
    assert asked[-1] == delete_message(lib.tag(t.id), 2) and "2 annotations" in asked[-1]
    ed.confirm = lambda title, text: True
    assert ed.delete_selected()
    assert "Deaths" not in [x.name for x in lib.tags()]
    session.undo()
    assert lib.tag_usage(lib.tag("Deaths").id) == 2


def test_codebook_export_import_csv_and_qdc(session, tmp_path, qtbot):
    lib = session.lib
    ed = CodebookEditor(session)
    qtbot.addWidget(ed)
    ed.new_tag("Casualties")
    assert lib.tag("Casualties").colour
    qdc, csvp = tmp_path / "book.qdc", tmp_path / "book.csv"
    assert ed.export_codebook(str(qdc)) and ed.export_codebook(str(csvp))
    assert "<CodeBook" in qdc.read_text(encoding="utf-8")
    assert "Casualties" in csvp.read_text(encoding="utf-8")
    other = LibrarySession(Library(tmp_path / "other.db"))
    try:
        ed2 = CodebookEditor(other)
        qtbot.addWidget(ed2)
        assert ed2.import_codebook(str(qdc))
        assert "Casualties" in [t.name for t in other.lib.tags()]
        other.lib.delete_tag("Casualties")
        assert ed2.import_codebook(str(csvp))
        assert "Casualties" in [t.name for t in other.lib.tags()]
        # a broken file is one line in the dialog, nothing raised
        bad = tmp_path / "bad.qdc"
        bad.write_text("<CodeBook><Codes><Code", encoding="utf-8")
        assert not ed2.import_codebook(str(bad))
        assert ed2.status.text()
    finally:
        other.close()


# ---------------------------------------------------------------- tag picker

def test_tag_picker_filters_and_offers_to_create(session, qtbot):
    picker = TagPicker(session.tags())
    qtbot.addWidget(picker)
    picker.edit.setText("frAM")
    names = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert names[0].startswith("Framing") and names[-1] == "Create tag “frAM”"
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.choice == session.lib.tag("Framing").id
    picker2 = TagPicker(session.tags())
    qtbot.addWidget(picker2)
    picker2.edit.setText("Economic threat")
    assert picker2.list.count() == 1 and picker2.list.item(0).data(CREATE_ROLE) == "Economic threat"
    picker2.accept_current()
    assert picker2.choice == "Economic threat"


# ---------------------------------------------------------------- in the window

def test_tagging_by_context_menu_actions_keys_and_toggle(app_window, qtbot):
    window, wf = app_window
    lib = wf.session.lib
    lv = window.left.view
    span = select(lv, LEFT, "two hours")
    lv.setFocus()
    qtbot.keyClick(lv, Qt.Key.Key_3)
    (a,) = lib.annotations(article_id=wf.session.ids["left"])
    tag3 = lib.tags()[2]
    assert a.span == span and a.tags == (tag3.name,)
    # a second tag on the same passage, then the same key again removes it (toggle)
    qtbot.keyClick(lv, Qt.Key.Key_4)
    assert lib.annotation(a.id).tags == (tag3.name, lib.tags()[3].name)
    assert wf.painters["left"].tags_at(span.start) == (tag3.id, lib.tags()[3].id)
    assert len(wf.stripes["left"].lanes) == 2
    qtbot.keyClick(lv, Qt.Key.Key_4)
    assert lib.annotation(a.id).tags == (tag3.name,)
    # astral characters before the passage: code points in the library, not UTF-16
    sp = select(lv, LEFT, "Kyiv")
    qtbot.keyClick(lv, Qt.Key.Key_1)
    kyiv = [x for x in lib.annotations() if x.exact == "Kyiv"]
    assert kyiv and kyiv[0].span == sp
    # no selection: the key is consumed and nothing happens
    lv.setTextCursor(QTextCursor(lv.document()))
    n = len(lib.annotations())
    qtbot.keyClick(lv, Qt.Key.Key_1)
    assert len(lib.annotations()) == n
    # remove the tags of a passage
    select(lv, LEFT, "two hours")
    window.actions["untag"].trigger()
    assert [x.exact for x in lib.annotations()] == ["Kyiv"]
    # undo brings it back
    window.workflow.undo_action.trigger()
    assert "two hours" in [x.exact for x in lib.annotations()]


def test_notes_on_passage_article_and_comparison(app_window):
    window, wf = app_window
    lib, s = wf.session.lib, wf.session
    span = select(window.left.view, LEFT, "94,000 troops")
    window.left.view.setFocus()
    bodies = iter(["Passage note with <script>alert(1)</script>", "Article note", "Comparison note"])

    def answer(dialog):
        dialog.edit.setPlainText(next(bodies))
        dialog.tabs.setCurrentIndex(1)  # the preview renders without running HTML
        assert "<script>" not in dialog.preview.toHtml()
        return True

    wf.run_dialog = answer
    window.actions["note-passage"].trigger()
    (a,) = lib.annotations()
    assert a.span == span and a.note.startswith("Passage note")
    window.actions["note-article"].trigger()
    assert lib.notes(article_id=s.ids["left"])[0].body == "Article note"
    window.actions["note-comparison"].trigger()
    assert lib.notes(comparison_id=s.comparison_id)[0].body == "Comparison note"
    kinds = sorted(e.kind for e in wf.notes_panel.rows())
    assert kinds == ["annotation", "note", "note"]
    # editing the same target again updates, it does not add
    assert save_note(lib, Target.comparison(s.comparison_id), "Changed") is not None
    assert [n.body for n in lib.notes(comparison_id=s.comparison_id)] == ["Changed"]
    # a cancelled editor writes nothing
    wf.run_dialog = lambda dialog: False
    window.actions["note-comparison"].trigger()
    assert [n.body for n in lib.notes(comparison_id=s.comparison_id)] == ["Changed"]


def test_export_dialog_all_formats_and_scopes_and_open_folder(app_window, tmp_path, monkeypatch, qtbot):
    window, wf = app_window
    lib = wf.session.lib
    select(window.left.view, LEFT, "two hours")
    wf.tag_selection("Framing")
    select(window.right.view, RIGHT, "100,000 troops")
    assert wf.tag_side("right", "=HYPERLINK(\"x\")")
    for fmt in ("md", "csv", "json", "html", "pdf"):
        for scope in ("comparison", "article", "library", "tag"):
            dlg = ExportDialog(lib, window, comparison_id=wf.session.comparison_id)
            out = tmp_path / f"x-{scope}.{fmt}"
            dlg.set_choice(scope=scope, fmt=fmt, path=str(out), tag="Framing")
            assert dlg.export() == out, dlg.status.text()
            assert out.stat().st_size > 0
    assert json.loads((tmp_path / "x-library.json").read_text(encoding="utf-8"))
    assert (tmp_path / "x-library.pdf").read_bytes().startswith(b"%PDF")
    tag_md = (tmp_path / "x-tag.md").read_text(encoding="utf-8")
    assert "two hours" in tag_md and "100,000" not in tag_md
    assert "'=HYPERLINK" in (tmp_path / "x-library.csv").read_text(encoding="utf-8")
    # the dialog offers to open the folder when done
    opened = []
    monkeypatch.setattr("parallax.ui.export_dialog.QDesktopServices.openUrl", lambda url: opened.append(url))
    dlg = ExportDialog(lib, window, comparison_id=wf.session.comparison_id)
    dlg.set_choice(fmt="md", path=str(tmp_path / "done.md"))
    offered = []
    dlg.offer_folder = lambda out: offered.append(out) or True
    dlg._export_clicked()  # written on the thread pool, with a busy bar meanwhile
    assert dlg.busy and not dlg.progress.isHidden() and not dlg.format.isEnabled()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30_000)
    assert offered == [tmp_path / "done.md"] and opened == [QUrl.fromLocalFile(str(tmp_path))]
    assert dlg.progress.isHidden() and dlg.format.isEnabled() and dlg.written == tmp_path / "done.md"
    # a large PDF in the background: the dialog stays open until the file is written (Cancel
    # or Esc meanwhile stops it and writes nothing: tests/test_ui_export_progress.py)
    dlg = ExportDialog(lib, window)
    dlg.set_choice(scope="library", fmt="pdf", path=str(tmp_path / "bg.pdf"))
    dlg.offer_folder = lambda out: False
    assert dlg.start_export()
    assert dlg.busy or dlg.written is not None
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    assert (tmp_path / "bg.pdf").read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.part"))
    # an unwritable place is a message in the dialog, from either path
    dlg = ExportDialog(lib, window)
    dlg.set_choice(fmt="md", path=str(tmp_path / "missing-dir" / "x.md"))
    assert dlg.export() is None and "cannot write" in dlg.status.text()
    assert dlg.start_export()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30_000)
    assert dlg.status.text().startswith("parallax: error:") and "cannot write" in dlg.status.text()
    assert dlg.written is None and dlg.result() == 0


def test_orphans_listed_with_quote_and_reattached_from_selection(app_window):
    window, wf = app_window
    lib, s = wf.session.lib, wf.session
    lid = s.ids["left"]
    aid = lib.add_annotation(lid, (LEFT.index("Kyiv"), LEFT.index("Kyiv") + 4), tags=["Framing"]).id
    lib.update_article(lid, Article(LEFT.replace("Kyiv rejected it.", "Zelensky refused.")))
    assert lib.annotation(aid).orphaned
    panel = wf.orphans_panel
    assert panel.list.count() == 1 and "“Kyiv”" in panel.list.item(0).text()
    tab = window.panel.tabText(window.panel.indexOf(panel))
    assert tab == "Orphans (1)"
    # the reader still shows the old text; the library now holds the new one: reopen it
    wf.open_pair(lid, s.ids["right"])
    wait_idle(window)
    new_text = window.left.article.text
    assert "Zelensky" in new_text
    window.left.view.setFocus()
    span = select(window.left.view, new_text, "Zelensky")
    assert panel.reattach_current()
    a = lib.annotation(aid)
    assert not a.orphaned and a.span == span and a.exact == "Zelensky"
    assert panel.list.count() == 0


def test_library_window_add_drop_paste_search_and_reopen_where_left(app_window, tmp_path, qtbot):
    window, wf = app_window
    lib = wf.session.lib
    lw = wf.open_library()
    qtbot.addWidget(lw)
    assert lw.articles.rowCount() == 2
    ids = lw.add_files([str(seed("003"))])
    assert len(ids) == 1 and lw.articles.rowCount() == 3
    row = next(r for r in range(3) if int(lw.articles.item(r, 0).data(Qt.ItemDataRole.UserRole)) == ids[0])
    assert lw.articles.item(row, 0).text() == lib.article(ids[0]).display_name
    # drop a file on the window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed("004")))])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                    Qt.KeyboardModifier.NoModifier)
    lw.dropEvent(ev)
    assert lw.articles.rowCount() == 4
    pid = lw.add_pasted("A pasted report about Putin and the sanctions. " * 3, "Pasted one")
    assert pid is not None and lib.article(pid).title == "Pasted one"
    # compare two from the library; leave the view scrolled; reopen from the recent list
    requested = []
    lw.openPair.connect(lambda a, b: requested.append((a, b)))
    lw.articles.clearSelection()
    sm = lw.articles.selectionModel()
    for r in range(lw.articles.rowCount()):
        if int(lw.articles.item(r, 0).data(Qt.ItemDataRole.UserRole)) in [*ids, pid]:
            sm.select(lw.articles.model().index(r, 0), sm.SelectionFlag.Select | sm.SelectionFlag.Rows)
    assert lw.compare_selected()
    wait_idle(window)
    assert sorted(requested[0]) == sorted([ids[0], pid])
    assert {wf.session.ids["left"], wf.session.ids["right"]} == {ids[0], pid}
    long_cmp = wf.session.comparison_id
    # go back to the first comparison via the recent list, then to the long one again
    first = next(c.id for c in lib.comparisons() if c.id != long_cmp)
    wf.open_comparison(first)
    wait_idle(window)
    assert wf.session.comparison_id == first
    lw.refresh()
    item = next(lw.recent.item(i) for i in range(lw.recent.count())
                if int(lw.recent.item(i).data(Qt.ItemDataRole.UserRole)) == long_cmp)
    lw.recent.itemActivated.emit(item)
    wait_idle(window)
    assert wf.session.comparison_id == long_cmp
    # full-text search jumps into the reader: an article hit selects the word
    hits = lw.run_search("sanctions")
    assert hits and lw.results.count() == len(hits)
    art_hit = next(h for h in hits if h.kind == "article")
    lw.open_hit(art_hit)
    wait_idle(window)
    side = wf.session.side_of(art_hit.article_id)
    assert side is not None
    assert wf.selection(side) is not None
    assert window.view.view(side).textCursor().selectedText().lower() == "sanctions"


def test_view_state_restored_exactly_and_settings_persist(tmp_path, qtbot):
    ini, db = tmp_path / "s.ini", tmp_path / "lib.db"
    text = "\n\n".join(f"Paragraph {i} about the talks and the troops near the border." for i in range(400))

    def make(first=False):
        w = MainWindow(settings=open_settings(str(ini)), theme="light")
        qtbot.addWidget(w)
        wf = install(w, str(db))
        if first:
            w.resize(1000, 700)
        w.show()
        w.show_articles(Article(text, title="Long left"), Article(text.upper(), title="Long right"))
        wait_idle(w)
        return w, wf

    w, wf = make(first=True)
    lv = w.left.view
    lv.verticalScrollBar().setValue(150)
    span = select(w.right.view, text.upper(), "PARAGRAPH 77 ")
    w.right.view.setFocus()
    top = lv.offset_at(QPoint(0, 0))
    w.set_font_size(14)
    w.set_layer("verbatim", False)
    w.resize(1111, 733)
    w.close()
    wf.session.close()
    s = open_settings(str(ini))
    assert s.value("library/last") == str(db.resolve())
    w2, wf2 = make()
    lv2 = w2.left.view
    assert abs(lv2.offset_at(QPoint(0, 0)) - top) < 80
    assert wf2.selection("right") == Span(span.start, span.end - 1)  # trailing space trimmed
    assert w2.font_size == 14 and "verbatim" not in w2.enabled_layers()
    # the offscreen screen is 800 px wide, so only the height survives Qt's clamping to it
    assert w2.height() == 733
    w2.close()
    wf2.session.close()


def test_last_library_is_used_when_no_db_is_given(tmp_path, monkeypatch):
    s = open_settings(str(tmp_path / "s.ini"))
    monkeypatch.delenv("PARALLAX_DB", raising=False)
    s.setValue("library/last", str(tmp_path / "last.db"))
    assert library_path(None, s) == tmp_path / "last.db"
    assert library_path(str(tmp_path / "given.db"), s) == tmp_path / "given.db"
    monkeypatch.setenv("PARALLAX_DB", str(tmp_path / "env.db"))
    assert library_path(None, s) == tmp_path / "env.db"


def test_context_menu_tags_the_selection(app_window):
    window, wf = app_window
    lib = wf.session.lib
    span = select(window.right.view, RIGHT, "Kiev")
    menu = wf.context_menu("right", QPoint(5, 5))
    texts = [a.text() for a in menu.actions()]
    assert "Tag With" in texts and any("Note on Selection" in t for t in texts)
    sub = next(a.menu() for a in menu.actions() if a.text() == "Tag With")
    framing = next(a for a in sub.actions() if a.text().startswith("Framing"))
    assert framing.text().endswith("\t6")
    framing.trigger()
    (a,) = lib.annotations()
    assert a.span == span and a.tags == ("Framing",) and a.article_id == wf.session.ids["right"]
    menu = wf.context_menu("right", QPoint(5, 5))
    assert any("Remove Tags" in x.text() for x in menu.actions())
    # without a selection there is nothing to tag, but article and comparison notes remain
    window.right.view.setTextCursor(QTextCursor(window.right.view.document()))
    texts = [x.text() for x in wf.context_menu("right", QPoint(5, 5)).actions()]
    assert "Tag With" not in texts and any("Comparison" in t.replace("&", "") for t in texts)


def test_hovering_a_tagged_passage_names_its_tags_and_note(app_window):
    window, wf = app_window
    lib = wf.session.lib
    span = select(window.left.view, LEFT, "two hours")
    lib.add_annotation(wf.session.ids["left"], span, tags=["Framing", "Omission"], note="Only *here*.")
    view = window.left.view
    point = view.rect_of(span.start + 2).center()
    tip = wf.tooltip("left", point)
    assert tip.startswith("Tagged: Omission, Framing") and "Note: Only *here*." in tip
    assert wf.tooltip("left", view.rect_of(LEFT.index("Officials") + 2).center()) == ""


def test_a_read_only_library_shows_the_texts_and_refuses_tags_in_one_line(tmp_path, qtbot):
    db = tmp_path / "ro.db"
    Library(db).close()
    window = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(window)
    wf = install(window, Library(db, readonly=True), restore_geometry=False)
    window.show()
    window.show_articles(Article(LEFT), Article(RIGHT))
    wait_idle(window)
    assert window.left.article.text == LEFT
    assert wf.library_label.text() == "Library: ro.db (read-only)"
    select(window.left.view, LEFT, "two hours")
    assert not wf.tag_side("left", 1)
    assert "cannot be tagged" in window.statusBar().currentMessage()
    window.close()
    wf.session.close()


def test_switching_to_another_library_file(app_window, tmp_path):
    window, wf = app_window
    first = wf.session.lib.path
    select(window.left.view, LEFT, "two hours")
    assert wf.tag_side("left", "Framing")
    assert wf.switch_library(str(tmp_path / "second.db"))
    lib = wf.session.lib
    assert lib.path == tmp_path / "second.db" and wf.library_label.text() == "Library: second.db"
    # the pair on screen is stored in the new library; its notes start empty
    assert {a.title for a in lib.articles()} == {"Left", "Right"}
    assert lib.annotations() == [] and wf.painters["left"].tags_at(LEFT.index("two hours")) == ()
    assert wf.settings.value("library/last") == str((tmp_path / "second.db").resolve())
    assert wf.tag_side("left", 1)
    assert len(lib.annotations()) == 1
    # a bad file is refused in one line and the current library stays
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 10)
    assert not wf.switch_library(str(bad))
    assert wf.session.lib is lib
    with Library(first) as old:
        assert [a.exact for a in old.annotations()] == ["two hours"]


def test_no_two_window_actions_share_a_shortcut(app_window):
    from PySide6.QtGui import QAction

    window, _wf = app_window
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen or seen[text] == action.objectName(), \
                f"{text} is both {seen[text]!r} and {action.objectName()!r}"
            seen[text] = action.objectName()
    assert seen["Ctrl+Z"] == "undo" and seen["Ctrl+Shift+Z"] == "redo" and seen["Ctrl+T"] == "tag-picker"


def test_where_the_analyst_was_survives_swapping_sides(tmp_path, qtbot):
    ini, db = tmp_path / "s.ini", tmp_path / "lib.db"
    text = "\n\n".join(f"Paragraph {i} about the talks and the troops near the border." for i in range(400))
    a, b = Article(text, title="A"), Article(text.upper(), title="B")
    w = MainWindow(settings=open_settings(str(ini)), theme="light")
    qtbot.addWidget(w)
    wf = install(w, str(db))
    w.resize(1000, 700)
    w.show()
    w.show_articles(a, b)
    wait_idle(w)
    w.left.view.verticalScrollBar().setValue(200)
    top = w.left.view.offset_at(QPoint(0, 0))
    wf.save_view_state()
    cid = wf.session.comparison_id
    w.show_articles(Article(LEFT), Article(RIGHT))  # something else
    wait_idle(w)
    w.show_articles(b, a)  # the same pair, sides swapped
    wait_idle(w)
    assert wf.session.comparison_id == cid
    assert abs(w.right.view.offset_at(QPoint(0, 0)) - top) < 80  # A is on the right now
    w.close()
    wf.session.close()


def test_the_codebook_questions_count_in_words():
    """One annotation, two annotations, one tag or two merged: never "annotation(s)"."""
    def tag(i: int, name: str) -> Tag:
        return Tag(i, f"u{i}", name, "#c33", "", None, None, i, "2026-01-01")

    one, two = tag(1, "blame"), tag(2, "fault")
    assert "It is on no annotations; nothing else changes." in delete_message(one, 0)
    assert "It is on 1 annotation; it keeps its other tags" in delete_message(one, 1)
    assert "It is on 3 annotations; they keep their other tags" in delete_message(one, 3)
    assert "1 annotation will be tagged “blame” instead, and the merged tag is deleted." in merge_message(
        [two], one, 1)
    assert "5 annotations will be tagged “blame” instead, and the merged tags are deleted." in merge_message(
        [two, tag(3, "guilt")], one, 5)
    for text in (delete_message(one, 1), merge_message([two], one, 2)):
        assert "(s)" not in text


def test_a_narrow_library_window_keeps_the_titles_readable(session, qtbot):
    from parallax.ui.library_window import LibraryWindow

    lib = session.lib
    lib.articles.add_text("Biden and Putin spoke for two hours on Tuesday.", title="Putin and Biden hold two hours "
                          "of talks amid Ukraine tensions")
    lib.articles.add_text("Moscow called the talks frank.", title="Key points discussed by the presidents")
    lw = LibraryWindow(session)
    qtbot.addWidget(lw)
    lw.resize(700, 500)
    lw.show()
    qtbot.waitExposed(lw)
    table = lw.articles
    assert table.rowCount() == 2
    for width in (700, 1000, 560):
        lw.resize(width, 500)
        QCoreApplication.processEvents()
        assert table.columnWidth(0) >= 0.38 * table.viewport().width(), width
    assert not table.wordWrap()
    others = sum(table.columnWidth(c) for c in range(1, table.columnCount()))
    assert table.columnWidth(0) + others <= table.viewport().width() + 1  # no sideways scrolling
