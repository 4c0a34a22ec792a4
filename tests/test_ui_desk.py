"""The analyst's desk (issue #16): notes visible in the margin, links in the gutter, toolbars that
keep their labels and their room, reopening where the analyst left off, bidi-safe recent lists,
an honest status bar after Undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from parallax.reader.model import Article, Span
from parallax.reader.notes.library import Library
from parallax.ui.main_window import MainWindow
from parallax.ui.note_editor import NoteEditor, Target, save_note
from parallax.ui.settings import open_settings
from parallax.ui.workflow import install
from tests.test_workflow_session import wait_idle

LEFT = "Officials said 94,000 troops are near the border. 😀 The talks lasted two hours. Kyiv rejected it."
RIGHT = "Sources put the figure at 100,000 troops. The talks lasted two hours. Kiev rejected it."


def sp(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(i, i + len(part))


def make_window(qtbot, tmp_path, *, size=(1400, 900), db=None, ini=None):
    w = MainWindow(settings=open_settings(str(ini or tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    wf = install(w, str(db or tmp_path / "lib.db"), restore_geometry=False)
    w.resize(*size)
    w.show()
    return w, wf


@pytest.fixture
def desk(qtbot, tmp_path):
    w, wf = make_window(qtbot, tmp_path)
    w.show_articles(Article(LEFT, title="Left"), Article(RIGHT, title="Right"))
    wait_idle(w)
    yield w, wf
    w.close()
    wf.session.close()


def drawn_colours(widget, rect) -> set[int]:
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    return {image.pixel(int(x * ratio), int(y * ratio))
            for x in range(rect.left(), rect.right()) for y in range(rect.top(), rect.bottom())}


# 1 ------------------------------------------------------------ notes visible in the text

def test_a_note_on_an_untagged_passage_has_a_margin_mark_with_the_note_that_opens_it(desk, qtbot):
    w, wf = desk
    lib, ids = wf.session.lib, wf.ids
    span = sp(LEFT, "two hours")
    save_note(lib, Target.passage(ids.left, span, ids.comparison), "Only **this** report says how long.")
    (ann,) = lib.annotations.all()
    assert ann.tags == ()  # untagged: no tint, no stripe; the mark is all there is
    margin = wf.stripes["left"]
    assert margin.isVisible() and margin.width() > 0
    ((rect, marks),) = margin.mark_rects()
    assert [m.span for m in marks] == [span]
    # level with the passage's line, and drawn (the memo icon, not an empty margin)
    top = w.left.view.viewport().mapTo(w, QPoint(0, w.left.view.y_of(span.start))).y()
    assert abs(margin.mapTo(w, rect.topLeft()).y() - top) <= w.left.view.fontMetrics().lineSpacing()
    assert len(drawn_colours(margin, rect)) > 2
    assert "Only **this** report says how long." in margin.tooltip_at(rect.center())
    opened: list = []
    wf.run_dialog = lambda dialog: opened.append(dialog) or False
    qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1 and isinstance(opened[0], NoteEditor)
    assert opened[0].target == Target.passage(ids.left, span, ids.comparison)
    assert opened[0].body() == "Only **this** report says how long."


def test_a_link_note_marks_both_ends(desk):
    _, wf = desk
    lib, ids = wf.session.lib, wf.ids
    save_note(lib, Target.link(ids.left, sp(LEFT, "94,000 troops"), ids.right, sp(RIGHT, "100,000 troops"),
                               ids.comparison), "The figures differ.", "contradicts")
    for side, text, part in (("left", LEFT, "94,000 troops"), ("right", RIGHT, "100,000 troops")):
        ((rect, marks),) = wf.stripes[side].mark_rects()
        assert marks[0].kind == "link" and marks[0].span == sp(text, part)
        tip = wf.stripes[side].tooltip_at(rect.center())
        assert "contradicts" in tip and "The figures differ." in tip


# 2 ------------------------------------------------------------ link notes

def test_jumping_to_a_link_selects_both_ends_and_the_gutter_draws_it(desk, qtbot):
    w, wf = desk
    lib, ids = wf.session.lib, wf.ids
    left, right = sp(LEFT, "94,000 troops"), sp(RIGHT, "100,000 troops")
    save_note(lib, Target.link(ids.left, left, ids.right, right, ids.comparison), "Differ.", "contradicts")
    w.left.view.set_caret(0)
    w.right.view.set_caret(0)
    panel = wf.notes_panel
    wf.show_tab(panel)
    row = next(i for i in range(panel.row_count()) if panel.item(i).kind == "link")
    panel.activate(row)
    assert wf.selection("left") == left and wf.selection("right") == right
    # the analyst's link in the gutter: its own colour, not a computed connector's
    gutter = w.view.gutter
    (link,) = gutter.visible_user_links()
    assert (link.left, link.right) == (left, right)
    colour = w.style_.colour("user_link")
    assert colour.name() not in {QColor(c).name() for c in w.style_.swatch.values()}
    image = gutter.grab().toImage()
    found = {image.pixelColor(x, y).name() for x in range(0, 6) for y in range(image.height())}
    assert colour.name() in found, "the link's end is drawn in the link colour"
    # clicking the drawn link selects both ends again
    w.left.view.set_caret(0)
    w.right.view.set_caret(0)
    path = gutter._link_path(link, w.left.view.visible_span(), w.right.view.visible_span())
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=path.pointAtPercent(0.5).toPoint())
    assert wf.selection("left") == left and wf.selection("right") == right


# 3 ------------------------------------------------------------ themes keep the toolbars

def test_switching_theme_keeps_the_short_toolbar_labels_and_the_room(desk):
    w, wf = desk

    def labels(tb):
        return [tb.widgetForAction(a).text() for a in tb.actions()
                if tb.widgetForAction(a) is not None and not a.isSeparator() and a.text()]

    before = {tb.objectName(): labels(tb) for tb in (w.toolbar, wf.tag_toolbar)}
    assert "Open" in before["main-toolbar"] and "Prev diff" in before["main-toolbar"]
    for theme in ("dark", "light", "dark"):
        w.actions[f"theme-{theme}"].trigger()
        QApplication.processEvents()
        assert {tb.objectName(): labels(tb) for tb in (w.toolbar, wf.tag_toolbar)} == before
        assert not w.toolbar.overflowing() and not wf.tag_toolbar.overflowing()
        assert w.toolbar.labelled()


# 4 ------------------------------------------------------------ reopening

def test_plain_parallax_reopens_the_last_comparison_and_the_demo_only_at_first(tmp_path):
    from parallax.reader.ingest.seeds import demo_pair
    from parallax.ui.app import articles_to_open

    class Args:
        left = right = None

    with Library(tmp_path / "lib.db") as lib:
        first = articles_to_open(Args, lib)
        assert [a.path for a in first] == [str(p) for p in demo_pair()]
        a = lib.articles.add(Article(LEFT, title="Left")).id
        b = lib.articles.add(Article(RIGHT, title="Right")).id
        lib.comparisons.open(b, a)
        left, right = articles_to_open(Args, lib)
        assert (left.text, right.text) == (RIGHT, LEFT)


def test_reopening_from_recent_puts_both_panes_back(qtbot, tmp_path):
    text = "\n\n".join(f"Paragraph {i} about the talks and the troops near the border." for i in range(300))
    w, wf = make_window(qtbot, tmp_path, size=(1000, 700))
    w.show_articles(Article(text, title="A"), Article(text.upper(), title="B"))
    wait_idle(w)
    cid = wf.ids.comparison
    w.actions["sync"].setChecked(False)  # each pane scrolled on its own
    w.left.view.verticalScrollBar().setValue(60)
    w.right.view.verticalScrollBar().setValue(400)
    w.actions["sync"].setChecked(True)
    tops = w.left.view.top_offset(), w.right.view.top_offset()
    w.show_articles(Article(LEFT), Article(RIGHT))  # something else, then back from File > Open Recent
    wait_idle(w)
    wf.fill_recent()
    act = next(a for a in w.recent_menu.actions() if a.data() == cid)
    act.trigger()
    wait_idle(w)
    assert wf.ids.comparison == cid
    line = len("Paragraph 100 about the talks and the troops near the border.\n\n")
    assert abs(w.left.view.top_offset() - tops[0]) < line
    assert abs(w.right.view.top_offset() - tops[1]) < line


# 7 ------------------------------------------------------------ bidi, undo

def test_recent_comparisons_isolate_right_to_left_titles(qtbot, tmp_path):
    from parallax.ui.labels import FSI, LRM, PDI

    w, wf = make_window(qtbot, tmp_path)
    arabic = "محادثات بوتين وبايدن"
    w.show_articles(Article("نص عربي عن المحادثات.", title=arabic), Article("An English report.", title="Talks"))
    wait_idle(w)
    wf.fill_recent()
    (act,) = [a for a in w.recent_menu.actions() if a.data() is not None]
    text = act.text()
    assert text.startswith("&1 " + LRM)  # the label reads left to right whatever the titles
    assert f"{FSI}{arabic}{PDI} ↔ {FSI}Talks{PDI} · " in text
    date = text.rsplit(" · ", 1)[1]
    assert date[:4].isdigit() and date[4] == "-"  # the date comes last, outside any title
    # and the library window's list of recent comparisons, line by line
    lw = wf.open_library()
    lines = lw.recent.item(0).text().split("\n")
    assert lines[0] == f"{LRM}{FSI}{arabic}{PDI}"
    assert lines[1] == f"{LRM}  ↔ {FSI}Talks{PDI}"
    assert lines[2].startswith(LRM) and lines[2][1:5].isdigit()
    lw.close()


def test_after_undo_the_status_bar_says_it_was_undone(desk):
    w, wf = desk
    lib = wf.session.lib
    w.left.view.select_span(sp(LEFT, "two hours"), centre=False)
    wf.tag_side("left", lib.tags.all()[0].id)
    assert "saved" in w.statusBar().currentMessage()
    wf.undo_action.trigger()
    message = w.statusBar().currentMessage()
    assert "saved" not in message and message.startswith("Undone: ")
    wf.redo_action.trigger()
    assert w.statusBar().currentMessage().startswith("Redone: ")


# 14 ----------------------------------------------------------- a small screen

LONG_TITLE = ("Key points discussed by Presidents Putin and Biden during their online meeting "
              "about security guarantees and the expansion of NATO in eastern Europe")


def test_at_1024x700_headers_are_one_line_and_both_panes_start_level(qtbot, tmp_path):
    w, _ = make_window(qtbot, tmp_path, size=(1024, 700))
    w.show_articles(Article(LEFT, title="Short"),
                    Article(RIGHT, title=LONG_TITLE, outlet="Sputnik News", byline="Staff writers"))
    wait_idle(w)
    QApplication.processEvents()
    assert w.width() == 1024
    title = w.right.header.title
    assert title.height() < 2 * title.fontMetrics().lineSpacing()
    assert title.text() == title.toolTip() == LONG_TITLE
    assert title.elided().endswith("…") and len(title.elided()) < len(LONG_TITLE)
    assert w.left.header.height() == w.right.header.height()
    assert w.left.view.mapTo(w, QPoint(0, 0)).y() == w.right.view.mapTo(w, QPoint(0, 0)).y()


def test_toolbars_keep_every_action_in_reach_at_any_width(qtbot, tmp_path):
    w, wf = make_window(qtbot, tmp_path, size=(1024, 700))
    w.show_articles(Article(LEFT, title="Left"), Article(RIGHT, title="Right"))
    wait_idle(w)
    lib = wf.session.lib
    for i in range(2):  # nine tags: the first nine get number keys and buttons
        lib.tags.add(f"Extra tag {i + 1}")
    assert len(wf.tag_actions) == 9
    strip = wf.tools.tag_strip
    for width in (1024, 1400, 1600):
        w.resize(width, 700)
        QApplication.processEvents()
        for tb in (w.toolbar, wf.tag_toolbar):
            assert not tb.overflowing(), (width, tb.objectName())
        for ident in ("codebook", "library", "export", "note-passage", "tag-picker"):
            assert wf.tag_toolbar.widgetForAction(w.actions[ident]).isVisible(), (width, ident)
        # every tag is a click away: on the strip, or in its More menu
        assert strip.shown() + strip.collapsed() == wf.tag_actions
        assert strip.more.isVisible() == bool(strip.collapsed())
        if strip.collapsed():
            assert set(strip.more.menu().actions()) >= {*strip.collapsed(), w.actions["tag-picker"]}
    w.resize(1024, 700)
    QApplication.processEvents()
    assert strip.collapsed(), "at 1024 px nine tags do not all fit"


# 15 ----------------------------------------------------------- drops, menus, standard keys

def test_a_pane_shows_where_a_dragged_file_will_go(desk):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent

    from tests.conftest import seed

    w, _ = desk
    view = w.right.view
    vp = view.viewport()
    before = vp.grab().toImage()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed("004")))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, enter)
    assert enter.isAccepted() and view.drop_target and not w.left.view.drop_target
    during = vp.grab().toImage()
    frame = w.palette().highlight().color().name()
    assert during.pixelColor(2, during.height() // 2).name() == frame  # the frame along the edge
    assert before.pixelColor(2, before.height() // 2).name() != frame
    QApplication.sendEvent(vp, QDragLeaveEvent())
    assert not view.drop_target
    assert vp.grab().toImage() == before


def test_file_edit_and_help_menus_with_the_platforms_standard_keys(desk):
    from PySide6.QtGui import QKeySequence

    from parallax.reader import __version__

    w, wf = desk

    def menu(title):
        return next(a.menu() for a in w.menuBar().actions() if a.text().replace("&", "") == title)

    file_items = [a.text().replace("&", "") for a in menu("File").actions()]
    assert {"Open Recent", "Close Window", "Quit"} <= set(file_items)
    assert file_items.index("Close Window") < file_items.index("Quit") == len(file_items) - 1
    assert "Preferences…" in [a.text().replace("&", "") for a in menu("Edit").actions()]
    assert "About Parallax" in [a.text().replace("&", "") for a in menu("Help").actions()]
    for ident, standard in (("quit", QKeySequence.StandardKey.Quit), ("close", QKeySequence.StandardKey.Close),
                            ("find-next", QKeySequence.StandardKey.FindNext),
                            ("find-prev", QKeySequence.StandardKey.FindPrevious),
                            ("preferences", QKeySequence.StandardKey.Preferences)):
        keys = w.actions[ident].shortcuts()
        assert keys, ident  # a platform without a binding gets the usual one
        typed = [k for k in QKeySequence.keyBindings(standard) if "+" in k.toString() or k.toString()[:1] == "F"]
        assert all(k in keys for k in typed), (ident, [k.toString() for k in keys])
    assert QKeySequence("Ctrl+Q") in w.actions["quit"].shortcuts()
    # File > Open Recent lists the comparison on screen
    w.recent_menu.aboutToShow.emit()
    assert [a.data() for a in w.recent_menu.actions()] == [wf.ids.comparison]
    # Preferences: theme and text size, applied through the window's own actions
    w.show_preferences()
    dialog = w.preferences_dialog
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_size.setValue(14)
    dialog.accept()
    assert w.theme == "dark" and w.actions["theme-dark"].isChecked() and w.font_size == 14
    w.show_about()
    assert __version__ in w.about_box.text()
    w.about_box.close()
    w.actions["close"].trigger()
    assert not w.isVisible()


def test_the_analysts_links_show_even_when_the_comparison_failed(qtbot, tmp_path, monkeypatch):
    import parallax.reader.comparison.engine
    from parallax.reader.errors import ParallaxError

    def broken(left, right, **_):
        raise ParallaxError("cannot compare these")

    monkeypatch.setattr(parallax.reader.comparison.engine, "compare", broken)
    w, wf = make_window(qtbot, tmp_path)
    w.show_articles(Article(LEFT, title="Left"), Article(RIGHT, title="Right"))
    wait_idle(w)
    assert w.view.layers is None and "cannot compare these" in w.statusBar().currentMessage()
    ids = wf.ids
    save_note(wf.session.lib, Target.link(ids.left, sp(LEFT, "two hours"), ids.right, sp(RIGHT, "two hours"),
                                          ids.comparison), "Same length.", "same fact")
    image = w.view.gutter.grab().toImage()
    found = {image.pixelColor(x, y).name() for x in range(0, 6) for y in range(image.height())}
    assert w.style_.colour("user_link").name() in found
