"""The story view with the library (#15 items 3 and 4): the five seeds opened, a matrix cell
clicked, both passages side by side in the pairwise window, one tagged there; the library,
opened again, has the tag; notes on matrix rows; the collation reopens where it was left;
its exports carry the matrix and the notes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PySide6.QtCore import Qt

from parallax.reader.notes.collation_export import row_key
from parallax.reader.notes.library import Library
from parallax.ui.story_models import NOTE_MARK, ROW_ROLE, SOURCE_ROLE, SPANS_ROLE
from tests.conftest import SEEDS
from tests.test_ui_story import find_cell, open_story


def _story(qtbot, tmp_path, lib, paths):
    return open_story(qtbot, tmp_path, paths, library=lib)


@pytest.fixture
def seeds():
    return sorted(SEEDS.glob("00*.txt"))


def test_click_a_cell_see_both_passages_tag_one_and_find_it_in_the_library(qtbot, tmp_path, seeds):
    db = tmp_path / "lib.db"
    lib = Library(db)
    story = _story(qtbot, tmp_path, lib, seeds)
    assert story.desk.collation_id is not None
    facts = story.matrices["facts"]
    # the 94,000 troops, given by a later source: click its cell
    index = find_cell(facts, lambda i: i.data() == "✓" and "94,000" in facts.model().index(i.row(), 1).data()
                  and i.data(SOURCE_ROLE) == 3)
    facts.scrollTo(index)
    qtbot.mouseClick(facts.viewport(), Qt.MouseButton.LeftButton, pos=facts.visualRect(index).center())
    assert story.current_cell == ("facts", index.data(ROW_ROLE), 3)
    assert story.cell_pair_button.isEnabled()
    qtbot.mouseClick(story.cell_pair_button, Qt.MouseButton.LeftButton)
    window = story.pair_windows[-1]
    qtbot.addWidget(window)
    qtbot.waitUntil(window.is_idle, timeout=30_000)
    row = story.collation.facts[index.data(ROW_ROLE)]
    a, b = story.last_pair
    assert 3 in (a, b) and a != b
    left_span, right_span = row.cells[a].spans[0], row.cells[b].spans[0]
    # both passages: each pane shows its source with the cell's passage selected
    qtbot.waitUntil(lambda: window.left.view.selection() == left_span
                    and window.right.view.selection() == right_span, timeout=10_000)
    assert "94,000" in right_span.slice(window.right.view.toPlainText())
    # tag the right one with the pairwise view's own tagging (key 1: the first tag)
    window.right.view.setFocus()
    qtbot.keyClick(window.right.view, Qt.Key.Key_1)
    tag = window.workflow.session.tags()[0]
    story.close()
    window.close()
    lib.close()

    again = Library(db)
    try:
        article = next(x for x in again.articles.all() if x.title == story.collation.sources[b].article.title
                       or x.path == story.collation.sources[b].article.path)
        anns = again.annotations.all(article_id=article.id)
        assert [(x.start, x.end, x.tag_ids) for x in anns] == [(right_span.start, right_span.end, (tag.id,))]
        (collation,) = again.collations.all()
        assert len(collation.article_ids) == 5
        assert collation.view_state["cell"]["row"] == row_key(story.collation, "facts", index.data(ROW_ROLE))
    finally:
        again.close()


def test_row_note_is_stored_shown_and_exported(qtbot, tmp_path, seeds):
    lib = Library(tmp_path / "lib.db")
    story = _story(qtbot, tmp_path, lib, seeds)
    framing = story.matrices["framing"]
    kiev = find_cell(framing, lambda i: i.data() == "Kiev")
    story.show_cell(kiev)
    story.desk.ask_note = lambda title, label, text: "Sputnik alone writes Kiev."
    assert story.desk.edit_row_note()
    notes = lib.collations.row_notes(story.desk.collation_id)
    assert [(n.matrix, n.body) for n in notes] == [("framing", "Sputnik alone writes Kiev.")]
    # marked in the matrix and shown under it
    assert framing.model().index(kiev.row(), 1).data().startswith(NOTE_MARK)
    assert "Sputnik alone writes Kiev." in framing.model().index(kiev.row(), 1).data(Qt.ItemDataRole.ToolTipRole)
    assert story.row_note.isVisible() and "Sputnik alone" in story.row_note.text()
    # a note on a fact row: the CSV's note column
    facts = story.matrices["facts"]
    fact = find_cell(facts, lambda i: i.data() == "✓")
    story.show_cell(fact)
    assert story.desk.note_on_row("=the troop figure")
    written = {}
    for fmt in ("md", "html", "csv", "json", "pdf"):
        path = tmp_path / f"c.{fmt}"
        assert story.desk.export(fmt, path)
        qtbot.waitUntil(lambda p=path: p.exists() and p.stat().st_size > 0, timeout=30_000)
        written[fmt] = path
    qtbot.waitUntil(lambda: "Exported" in story.statusBar().currentMessage(), timeout=10_000)
    md = written["md"].read_text("utf-8")
    assert "## Facts" in md and "## Notes on the matrix (2)" in md and "Sputnik alone writes Kiev." in md
    html = written["html"].read_text("utf-8")
    assert "<h2>Notes on the matrix (2)</h2>" in html and "Sputnik alone writes Kiev." in html
    rows = list(csv.reader(io.StringIO(written["csv"].read_text("utf-8-sig"))))
    assert rows[0][-1] == "note" and len(rows[0]) == 3 + 5 + 1
    fact_row = story.collation.facts[fact.data(ROW_ROLE)]
    noted = [r for r in rows[1:] if r[-1]]
    assert [r[1] for r in noted] == [fact_row.value, "naming: kyiv"]
    assert noted[0][-1] == "'=the troop figure"  # no spreadsheet formula
    doc = json.loads(written["json"].read_text("utf-8"))
    bodies = [a["body"]["value"] for a in doc["first"]["items"]]
    assert sorted(bodies) == sorted(["Sputnik alone writes Kiev.", "=the troop figure"])
    assert len(doc["parallax:matrix"]["facts"]) == len(story.collation.facts)
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    # an empty note deletes it; Edit > Undo brings it back, marked again
    assert story.desk.note_on_row("")
    assert len(lib.collations.row_notes(story.desk.collation_id)) == 1
    assert story.desk.undo_action.isEnabled()
    story.desk.undo_action.trigger()
    assert len(lib.collations.row_notes(story.desk.collation_id)) == 2
    assert story.matrix_models["facts"].row_notes[fact.data(ROW_ROLE)] == "=the troop figure"
    assert story.row_note.text().endswith("=the troop figure")
    story.close()
    lib.close()


def test_collation_reopens_where_it_was_left(qtbot, tmp_path, seeds):
    db = tmp_path / "lib.db"
    lib = Library(db)
    story = _story(qtbot, tmp_path, lib, seeds)
    story.tabs.setCurrentIndex(1)
    framing = story.matrices["framing"]
    kiev = find_cell(framing, lambda i: i.data() == "Kiev")
    story.show_cell(kiev)
    story.compare(1, 3)
    paired = {story.collation.sources[k].article.text for k in (1, 3)}
    for w in story.pair_windows:
        qtbot.addWidget(w)
    story.close()
    # closed, it no longer follows the library: a write elsewhere does not reach it
    from parallax.ui.story_library import OPEN_STORIES

    assert story not in OPEN_STORIES
    assert lib.collations.note_row(story.desk.collation_id, "framing", "naming:kyiv", "later") is not None
    assert story.matrix_models["framing"].row_notes == {}
    lib.close()

    lib = Library(db)
    # in another order: the same collation
    again = _story(qtbot, tmp_path, lib, list(reversed(seeds)))
    assert len(lib.collations.all()) == 1
    assert again.tabs.currentIndex() == 1
    assert again.current_cell is not None and again.current_cell[:2] == ("framing", kiev.data(ROW_ROLE))
    k = again.current_cell[2]
    assert again.collation.sources[k].label == "Sputnik News"
    _source, spans = again.matrices["framing"].currentIndex().data(SPANS_ROLE)
    assert again.passage.view.selection() == spans[0]
    # the pair last put side by side is selected in the sources list (the same two articles;
    # undated sources may stand elsewhere when given in another order)
    assert {again.collation.sources[k].article.text for k in again.selected_sources()} == paired
    assert again.compare_button.isEnabled()
    again.close()
    lib.close()


def test_open_recent_lists_the_collation_and_plain_start_reopens_it(qtbot, tmp_path, seeds):
    from parallax.ui.story_library import last_collation_articles
    from parallax.ui.workflow import install
    from tests.conftest import main_window

    lib = Library(tmp_path / "lib.db")
    story = _story(qtbot, tmp_path, lib, seeds)
    facts = story.matrices["facts"]
    story.show_cell(find_cell(facts, lambda i: i.data() == "✓" and i.data(SOURCE_ROLE) == 2))
    chosen = story.current_cell
    story.close()
    settings = story.settings
    assert settings.value("library/last-open") == f"collation:{story.desk.collation_uuid}"
    # plain `parallax`: the last thing open was this collation, so its five articles come back
    articles = last_collation_articles(settings, lib)
    assert sorted(a.text for a in articles) == sorted(s.article.text for s in story.collation.sources)
    with Library(tmp_path / "other.db") as other:  # another library has no such story (ids repeat, uuids not)
        other.collations.open([other.articles.add(a).id for a in articles])
        assert last_collation_articles(settings, other) is None

    window = main_window(qtbot, tmp_path)
    flow = install(window, lib, restore_geometry=False)
    flow.fill_recent()
    (act,) = [a for a in window.recent_menu.actions() if a.data() == f"collation:{story.desk.collation_id}"]
    assert act.text().startswith("Story of 5 reports")
    act.trigger()
    reopened = window.story
    qtbot.addWidget(reopened)
    qtbot.waitUntil(reopened.is_idle, timeout=60_000)
    assert reopened.current_cell == chosen and reopened.passage.view.selection() is not None
    reopened.close()
    # Library > Recent lists it among the comparisons and reopens it too
    from parallax.ui.library_window import STORY_ROLE

    lw = flow.open_library()
    qtbot.addWidget(lw)
    (item,) = [lw.recent.item(r) for r in range(lw.recent.count()) if lw.recent.item(r).data(STORY_ROLE)]
    assert item.text().lstrip("\u200e").startswith("Story of 5")
    lw.recent.itemActivated.emit(item)
    assert window.story is not reopened
    qtbot.addWidget(window.story)
    qtbot.waitUntil(window.story.is_idle, timeout=60_000)
    assert window.story.current_cell == chosen
    window.story.close()
    lw.close()
    # a pair shown in the main window is now the last thing open: plain start shows pairs again
    window.show_articles(articles[0], articles[1])
    qtbot.waitUntil(window.is_idle, timeout=30_000)
    assert last_collation_articles(window.settings, lib) is None
    window.close()
    lib.close()


def test_an_export_that_cannot_be_written_is_one_line(qtbot, tmp_path, seeds):
    lib = Library(tmp_path / "lib.db")
    story = _story(qtbot, tmp_path, lib, seeds)
    assert story.desk.export("md", tmp_path / "no such folder" / "c.md")
    qtbot.waitUntil(lambda: story.statusBar().currentMessage().startswith("parallax: error:"), timeout=10_000)
    message = story.statusBar().currentMessage()
    assert "could not write" in message and "\n" not in message
    story.close()
    lib.close()


def test_tagging_and_a_note_in_the_passage_pane(qtbot, tmp_path, seeds):
    lib = Library(tmp_path / "lib.db")
    story = _story(qtbot, tmp_path, lib, seeds)
    facts = story.matrices["facts"]
    index = find_cell(facts, lambda i: i.data() == "✓" and i.data(SOURCE_ROLE) == 2)
    facts.scrollTo(index)
    qtbot.mouseClick(facts.viewport(), Qt.MouseButton.LeftButton, pos=facts.visualRect(index).center())
    source, spans = index.data(SPANS_ROLE)
    view = story.passage.view
    assert view.selection() == spans[0]
    assert not story.desk.tagging.stripes.isVisible()  # nothing tagged yet: no stripes
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_2)
    tags = story.desk.session.tags()
    aid = story.desk.article_ids[source]
    (ann,) = lib.annotations.all(article_id=aid)
    assert (ann.start, ann.end, ann.tag_ids) == (spans[0].start, spans[0].end, (tags[1].id,))
    assert story.desk.tagging.stripes.isVisible() and story.desk.tagging.stripes.lanes
    # a note on the same passage, through the note editor
    story.desk.tagging.run_dialog = lambda editor: editor.edit.setPlainText("Only here.") or True
    assert story.desk.tagging.note_passage()
    assert lib.annotations.get(ann.id).note == "Only here."
    assert [m.kind for m in story.desk.tagging.stripes.marks] == ["annotation"]
    # the same key again takes the tag off
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert lib.annotations.get(ann.id).tag_ids == ()
    story.close()
    lib.close()


def test_the_story_menus_say_what_each_item_does(qtbot, tmp_path):
    """The Story menu's tooltips and status tips repeated each item's name ("Side by
    Side"), and File > Open Articles said "or one, into the active side", which the story
    window has not."""
    from parallax.ui.settings import open_settings
    from parallax.ui.story_view import StoryView

    lib = Library(tmp_path / "lib.db")
    story = StoryView(settings=open_settings(str(tmp_path / "s.ini")), theme="light", library=lib)
    qtbot.addWidget(story)
    try:
        menus = {m.menu().objectName() or m.text().replace("&", ""): m.menu() for m in story.menuBar().actions()}
        items = [a for a in menus["Story"].actions() if a.text()]
        assert len(items) == 4 and menus["Story"].toolTipsVisible()
        for action in items:
            name = action.text().replace("&", "").rstrip("…")
            assert action.toolTip() and action.toolTip().rstrip(".…") != name, name
            assert action.statusTip() == action.toolTip(), name
        assert items[0].toolTip() == story.cell_pair_button.toolTip()
        opening = story.menus.open_action
        assert "active side" not in opening.toolTip() and "three or more" in opening.toolTip()
    finally:
        story.close()
        lib.close()


def test_buttons_disabled_for_want_of_a_library_say_why(qtbot, tmp_path, seeds):
    """Without a library "Note on row…" and "Export…" stay greyed out after the collation:
    their tooltips said only what they would do, never why they do nothing."""
    from parallax.ui.settings import open_settings
    from parallax.ui.story_view import StoryView

    bare = StoryView(settings=open_settings(str(tmp_path / "bare.ini")), theme="light")
    qtbot.addWidget(bare)
    bare.open_sources(seeds[:3])
    qtbot.waitUntil(bare.is_idle, timeout=60_000)
    assert bare.collation is not None
    lib = Library(tmp_path / "lib.db")
    kept = StoryView(settings=open_settings(str(tmp_path / "kept.ini")), theme="light", library=lib)
    qtbot.addWidget(kept)
    try:
        for name in ("note_button", "export_button"):
            button, working = getattr(bare, name), getattr(kept, name)
            assert not button.isEnabled()
            assert "no notes library" in button.toolTip(), name
            assert button.toolTip().startswith(working.toolTip())  # what it does, then why not
            assert "library" not in working.toolTip(), name
    finally:
        kept.close()
        lib.close()
