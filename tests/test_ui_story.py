"""The story view (#15 item 3): five seeds collated off the GUI thread, the matrices,
a click on a cell shows the passage in its source, two sources side by side."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from parallax.reader.ingest.article import load
from parallax.ui.settings import open_settings
from parallax.ui.story_models import ROW_ROLE, SORT_ROLE, SOURCE_ROLE, SPANS_ROLE, coverage
from parallax.ui.story_view import StoryView
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds():
    return [load(p) for p in sorted(SEEDS.glob("00*.txt"))]


def open_story(qtbot, tmp_path, sources, *, library=None):
    """A shown story view that has collated ``sources`` (off the GUI thread)."""
    w = StoryView(settings=open_settings(str(tmp_path / "s.ini")), theme="light", library=library)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.open_sources(sources)
    assert not w.is_idle()
    qtbot.waitUntil(w.is_idle, timeout=60_000)
    assert w.collation is not None, w.statusBar().currentMessage()
    return w


@pytest.fixture
def story(qtbot, tmp_path, seeds):
    return open_story(qtbot, tmp_path, seeds)


@pytest.fixture
def story_with_conflict(qtbot, tmp_path, seeds):
    """The five seeds and a sixth report that gives another troop figure: the five agree
    on 94,000 among themselves, so a conflict needs a report that does not."""
    from parallax.reader.ingest.article import from_text

    sixth = from_text("Biden and Putin held a video call on Tuesday. More than 120,000 Russian troops "
                      "are massed near the border with Ukraine, US officials said.", source="sixth.txt")
    return open_story(qtbot, tmp_path, [*seeds, sixth])


def find_cell(view, predicate):
    model = view.model()
    for r in range(model.rowCount()):
        for c in range(2, model.columnCount()):
            index = model.index(r, c)
            if predicate(index):
                return index
    raise AssertionError("no such cell")


def test_sources_list_labels_dates_agencies_and_coverage(story):
    model = story.sources.model()
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels == [s.label for s in story.collation.sources]
    assert len(labels) == 5
    # Devdiscourse credits Reuters: the agency is listed
    row = labels.index("Devdiscourse")
    assert model.index(row, 3).data() == "Reuters"
    assert model.index(row, 1).data().startswith("2021-12-03")
    # the coverage strip's data is the collation's passages of that source
    length, spans, most = model.index(row, 4).data(Qt.ItemDataRole.UserRole + 4)
    assert most == 4 and length == len(story.collation.sources[row].article.text)
    assert spans == coverage(story.collation, row)


def test_narrow_columns_elide_their_headers_and_say_them_whole(story):
    # a column narrower than its header shows "Coverage by the oth…", not "verage by the outl"
    for view in (story.sources, story.reuse):
        assert view.horizontalHeader().textElideMode() == Qt.TextElideMode.ElideRight
    model = story.sources.model()
    header = model.headerData(4, Qt.Orientation.Horizontal)
    assert model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == header


def test_matrix_cells_read_status_and_sort(story_with_conflict):
    story = story_with_conflict
    facts = story.matrices["facts"]
    conflict = find_cell(facts, lambda i: str(i.data()).startswith("≠"))
    k = conflict.data(SOURCE_ROLE)
    row = next(r for r in story.collation.facts
               if any(c.status == "conflict" and c.source == k for c in r.cells)
               and r.value in facts.model().index(conflict.row(), 1).data())
    cell = row.cells[k]
    assert conflict.data() == f"≠ {cell.value}"
    assert cell.reason in conflict.data(Qt.ItemDataRole.ToolTipRole)
    # sorting by an outlet's column puts the facts it gives first
    col = conflict.column()
    facts.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    keys = [facts.model().index(r, col).data(SORT_ROLE) for r in range(facts.model().rowCount())]
    assert keys == sorted(keys, reverse=True) and keys[0] == 2 and keys[-1] == 0
    framing = story.matrices["framing"]
    kiev = find_cell(framing, lambda i: i.data() == "Kiev")
    assert story.collation.sources[kiev.data(SOURCE_ROLE)].label == "Sputnik News"


def test_click_on_a_cell_selects_the_passage_in_its_source(story, qtbot):
    facts = story.matrices["facts"]
    index = find_cell(facts, lambda i: i.data() == "✓" and i.data(SOURCE_ROLE) == 3)
    source, spans = index.data(SPANS_ROLE)
    rect = facts.visualRect(index)
    facts.scrollTo(index)
    rect = facts.visualRect(index)
    qtbot.mouseClick(facts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    article = story.collation.sources[source].article
    assert story.passage.article is article
    view = story.passage.view
    assert view.selection() == spans[0]
    assert view.selection().slice(article.text).strip()
    first, last = view.visible_span()
    assert first <= spans[0].start <= last
    # an absent cell has nothing to show and says so
    absent = find_cell(facts, lambda i: i.data() == "—")
    assert not story.show_cell(absent)
    assert "nothing to show" in story.passage_note.text()


def test_two_sources_side_by_side(story, qtbot):
    opened = []
    story.open_pair = lambda c: opened.append(c) or story._open_pair_window(c)
    assert not story.compare_button.isEnabled()
    model = story.sources.model()
    for row in (1, 3):
        rect = story.sources.visualRect(model.index(row, 0))
        qtbot.mouseClick(story.sources.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert story.compare_button.isEnabled()
    qtbot.mouseClick(story.compare_button, Qt.MouseButton.LeftButton)
    (window,) = story.pair_windows
    qtbot.addWidget(window)
    c = opened[0]
    assert c.left is story.collation.sources[1].article and c.right is story.collation.sources[3].article
    qtbot.waitUntil(window.is_idle, timeout=30_000)
    assert window.comparison is c
    assert window.left.view.toPlainText() == c.left.text
    assert window.right.view.toPlainText() == c.right.text


def test_a_source_that_cannot_be_read_is_one_line(qtbot, tmp_path, seeds):
    w = StoryView(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.open_sources([seeds[0], seeds[1], tmp_path / "missing.txt"])
    qtbot.waitUntil(w.is_idle, timeout=30_000)
    message = w.statusBar().currentMessage()
    assert message.startswith("parallax: error:") and "\n" not in message
    assert w.collation is None


def test_open_hands_three_or_more_files_to_the_window_hook(tmp_path):
    from parallax.reader.cli import Hooks, run

    seen = []
    paths = [str(p) for p in sorted(SEEDS.glob("00*.txt"))]
    assert run(["open", *paths[:3]], hooks=Hooks(open_window=lambda a: seen.append(a) or 0)) == 0
    (args,) = seen
    assert [args.left, args.right, *args.more] == paths[:3]


def test_open_story_screenshot_waits_for_the_collation(qtbot, tmp_path, monkeypatch):
    import argparse

    from PySide6.QtGui import QImage

    from parallax.ui import app

    shots = []
    real_save = app.save_screenshot

    def save(window, path, w, h):
        shots.append(window.collation)  # the real result is there when the picture is taken
        real_save(window, path, w, h)

    monkeypatch.setattr(app, "save_screenshot", save)
    paths = [str(p) for p in sorted(SEEDS.glob("00*.txt"))]
    out = tmp_path / "story.png"
    args = argparse.Namespace(left=paths[0], right=paths[1], more=paths[2:], screenshot=str(out),
                              size="1200x800", theme="light", db=None)
    assert app.open_window(args) == 0
    (collation,) = shots
    assert collation is not None and len(collation.sources) == 5
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)


def test_five_files_dropped_on_the_window_open_the_story(qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from parallax.ui.main_window import MainWindow

    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    mime = QMimeData()
    paths = sorted(SEEDS.glob("00*.txt"))
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    w.left.view.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    story = w.story
    qtbot.addWidget(story)
    qtbot.waitUntil(story.is_idle, timeout=60_000)
    assert sorted(s.article.path for s in story.collation.sources) == sorted(str(p) for p in paths)
    story.compare(0, 2)  # picked in the story: shown in this window's two panes
    qtbot.waitUntil(w.is_idle, timeout=30_000)
    assert w.comparison.left is story.collation.sources[0].article
    assert w.comparison.right is story.collation.sources[2].article


def test_a_narrow_story_window_keeps_its_hint_on_a_line_or_two(qtbot, tmp_path):
    """At 640 px the hint under the matrices had a column of its own beside the buttons,
    one word a line; it has the pane's whole width."""
    w = StoryView(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(640, 600)
    w.show()
    qtbot.waitExposed(w)
    assert w.width() == 640
    note = w.passage_note
    assert note.height() <= 2 * note.fontMetrics().lineSpacing() + 4
    assert note.width() >= w.passage.width() - 10


def test_a_story_window_shrinks_below_its_tables_and_buttons(qtbot, tmp_path, seeds):
    """The window takes a small screen's width (480 px): the titles wrap, the buttons
    under the matrices wrap onto rows, the tables scroll; it used to hold itself at
    616 px (the titles and the row of buttons on one line each)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QPushButton

    w = open_story(qtbot, tmp_path, seeds)
    w.resize(480, 600)
    for _ in range(4):
        QApplication.processEvents()
    assert w.width() == 480
    assert w.minimumSizeHint().width() <= 480
    inside = w.rect()
    for button in w.findChildren(QPushButton):
        if button.isVisible():
            box = QRect(button.mapTo(w, QPoint(0, 0)), button.size())
            assert inside.contains(box), button.text()  # whole, not cut at the window's edge
            assert button.width() >= button.sizeHint().width(), button.text()
    bar = w.statusBar()
    message = bar.currentMessage()
    assert message.startswith("5 reports:")
    shown = [lab for lab in bar.findChildren(QLabel) if lab.isVisible() and lab.text() == message]
    assert shown and shown[0].height() >= shown[0].heightForWidth(shown[0].width())  # wrapped, whole


def test_the_reuse_list_shows_its_verdict_columns_without_scrolling(story):
    """A long headline in Derived pushed Reuse, Direction and Evidence off the list's
    right edge: the analyst had to scroll sideways to read the verdict."""
    reuse = story.reuse
    assert reuse.model().rowCount() > 0
    right = reuse.viewport().width()
    for col in range(reuse.model().columnCount()):
        assert reuse.columnViewportPosition(col) + 60 <= right, reuse.model().headerData(col, Qt.Orientation.Horizontal)
    for row in range(reuse.model().rowCount()):  # a name cut short is said whole on hover
        assert reuse.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_five_outlets_fit_the_matrices_without_scrolling_sideways(story):
    """An outlet's column was as wide as its headline (170 px each), so at 1400 px the
    facts matrix showed three of five outlets; the cells hold a tick or '2 q · 18 w'.
    Each outlet column is as wide as its cells, its long name ending in '…'."""
    for name, view in story.matrices.items():
        story.tabs.setCurrentWidget(view)
        QApplication.processEvents()
        assert view.horizontalScrollBar().maximum() == 0, name
        model = view.model()
        for col in range(2, model.columnCount()):
            shown = view.columnWidth(col)
            assert shown >= view.sizeHintForColumn(col), (name, col)  # no cell cut
            assert model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)  # the name whole


def test_a_wide_window_widens_the_value_column_not_the_last_outlet(story):
    """At 1920 px the last outlet's column (a tick a row) took 450 px while each
    quotation in Value ended in '…' at 260 px."""
    facts = story.matrices["facts"]
    story.tabs.setCurrentWidget(facts)
    last = facts.model().columnCount() - 1
    story.resize(1920, 1080)
    QApplication.processEvents()
    assert facts.columnWidth(1) > 400  # more of each quotation
    assert facts.columnWidth(last) <= 170  # the outlet as wide as its ticks
    assert facts.horizontalScrollBar().maximum() == 0
    story.resize(1400, 900)
    QApplication.processEvents()
    assert facts.horizontalScrollBar().maximum() == 0  # and narrower again, all of it still in view
    facts.horizontalHeader().resizeSection(1, 200)  # the analyst's own width is kept
    story.resize(1920, 1080)
    QApplication.processEvents()
    assert facts.columnWidth(1) == 200


def test_a_narrow_window_narrows_the_value_column_to_show_more_outlets(story):
    """At 800 px the Value column kept 260 px and one outlet of five was in view; it
    gives way (the row's tooltip says the value whole) and the outlets come into view."""
    facts = story.matrices["facts"]
    story.tabs.setCurrentWidget(facts)
    story.resize(800, 600)
    QApplication.processEvents()
    right = facts.viewport().width()
    in_view = [c for c in range(2, facts.model().columnCount())
               if facts.columnViewportPosition(c) + facts.columnWidth(c) <= right]
    assert len(in_view) >= 2
    assert facts.columnWidth(1) >= 100  # still a readable start of each value
    assert facts.model().index(0, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_each_matrix_tab_says_what_its_cells_marks_mean(story_with_conflict):
    """'✓', '—', '≠' and '2 q · 18 w' were explained nowhere but in each cell's own tooltip."""
    story = story_with_conflict
    tips = {name: story.tabs.tabToolTip(story.tabs.indexOf(view)) for name, view in story.matrices.items()}
    assert all(tips.values()), tips
    facts = story.matrices["facts"].model()
    marks = {facts.index(r, c).data().split(" ")[0] for r in range(facts.rowCount())
             for c in range(2, facts.columnCount())}
    assert {"✓", "—", "≠"} <= marks
    assert all(mark in tips["facts"] for mark in marks)  # every mark a cell shows
    assert "quotations" in tips["voices"] and "words" in tips["voices"]


def test_every_matrix_shows_an_absent_cell_as_a_dash_never_blank(story):
    """The Framing matrix left a cell blank where an outlet does not write the term,
    where Facts and Voices show "—": a blank reads as "not loaded yet"."""
    for name, view in story.matrices.items():
        model = view.model()
        rows = getattr(story.collation, name)
        said = {"facts": lambda cell: cell.status != "absent", "framing": lambda cell: bool(cell.texts),
                "voices": lambda cell: bool(cell.quotes)}[name]
        cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(2, model.columnCount())]
        absent = [i for i in cells if not said(rows[i.data(ROW_ROLE)].cells[i.data(SOURCE_ROLE)])]
        assert absent, name  # five outlets never all give every row
        assert all(i.data() == "—" for i in absent), (name, {i.data() for i in absent})
        assert all(i.data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter) for i in absent), name
    tip = story.tabs.tabToolTip(story.tabs.indexOf(story.matrices["framing"]))
    assert "—" in tip and "blank" not in tip
    framing = story.matrices["framing"]
    col = 2
    framing.sortByColumn(col, Qt.SortOrder.AscendingOrder)  # the dash does not sort as a word
    keys = [framing.model().index(r, col).data(SORT_ROLE) for r in range(framing.model().rowCount())]
    assert keys == sorted(keys) and keys[-1] == "~"


def test_a_story_view_opened_without_a_theme_keeps_the_one_the_analyst_chose(qtbot, tmp_path, seeds):
    """`parallax open a b c` (no --theme) opened the story view, and its pair windows, in the
    system theme, and switched the whole application to it, whatever Preferences said."""
    from PySide6.QtGui import QPalette

    from parallax.ui.style import Style

    settings = open_settings(str(tmp_path / "s.ini"))
    settings.setValue("view/theme", "dark")
    w = StoryView(settings=settings, theme=None, open_pair=lambda c: None)
    qtbot.addWidget(w)
    assert w.theme == "dark"
    dark = Style("dark").colour("base").name()
    assert QApplication.instance().palette().color(QPalette.ColorRole.Base).name() == dark
    pair = w.new_pair_window()
    qtbot.addWidget(pair)
    assert pair.theme == "dark"
    for theme, store, expected in ((None, None, "system"), ("light", settings, "light")):  # --theme still wins
        other = StoryView(settings=store, theme=theme)
        qtbot.addWidget(other)
        assert other.theme == expected


def test_the_story_window_reopens_at_the_size_and_splitters_it_was_closed_with(qtbot, tmp_path):
    """The two-pane window remembered its size; the story window opened at 1600 x 1000
    with its splitters in the middle every time, however the analyst had arranged it."""
    path = str(tmp_path / "s.ini")
    first = StoryView(settings=open_settings(path), theme="light")
    qtbot.addWidget(first)
    assert not first.geometry_restored  # nothing saved yet: app.run_story gives it its default size
    first.resize(760, 560)
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([300, 460])
    first.right_splitter.setSizes([200, 300])
    QApplication.processEvents()
    sizes, right = first.splitter.sizes(), first.right_splitter.sizes()
    first.close()

    again = StoryView(settings=open_settings(path), theme="light")
    qtbot.addWidget(again)
    assert again.geometry_restored
    again.show()
    qtbot.waitExposed(again)
    QApplication.processEvents()
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes() == sizes and again.right_splitter.sizes() == right


def test_an_empty_list_of_the_story_says_why_it_is_empty(qtbot, tmp_path):
    """While collating, and where a collation finds no reuse or no quoted speaker, the
    story window showed blank tables that looked unloaded."""
    from parallax.reader.ingest.article import from_text

    texts = ("Heavy rain flooded the old market in Lyon on Monday, and 40 stalls were closed.",
             "A new bridge over the Rhine opened in Basel after 3 years of work.",
             "The city of Porto will plant 2,000 trees along its river front this spring.")
    articles = [from_text(t, source=f"r{k}.txt") for k, t in enumerate(texts)]
    w = StoryView(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.open_sources(articles)
    sources = w.empty_notes["sources"].note
    assert sources.isVisible() and "Collating" in sources.text()
    assert not w.empty_notes["reuse"].note.isVisible()  # nothing to say before the collation
    qtbot.waitUntil(w.is_idle, timeout=60_000)
    QApplication.processEvents()
    assert w.collation is not None and not w.collation.reuse and not w.collation.voices
    assert not sources.isVisible()
    reuse = w.empty_notes["reuse"].note
    assert reuse.isVisible() and "derive" in reuse.text()
    assert w.reuse.viewport().rect().contains(reuse.geometry())
    voices = w.matrices["voices"]
    note = next(n for n in voices.viewport().findChildren(QLabel) if n.objectName() == "emptyHint")
    w.tabs.setCurrentWidget(voices)
    QApplication.processEvents()
    assert note.isVisible() and "No quoted speakers" in note.text()
