"""A narrow window: the side panel narrows, then folds away, so that the two panes keep
whole words on their lines; it comes back at the reader's width, which is remembered."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from parallax.reader.ingest.article import load
from parallax.ui.main_window import MainWindow
from parallax.ui.responsive import PANEL_MIN
from parallax.ui.settings import open_settings
from tests.conftest import seed

WORD = re.compile(r"\w+")


def _window(qtbot, path: str, width: int, height: int = 600) -> MainWindow:
    w = MainWindow(settings=open_settings(path), theme="light")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    return w


def _settle(w: MainWindow) -> None:
    for _ in range(3):
        QApplication.processEvents()


def mid_word_breaks(view) -> list[str]:
    """The words of the laid-out lines that a line break cuts although the word alone
    would fit on a line of the pane."""
    width = view.viewport().width() - 2 * view.document().documentMargin()
    fm = view.fontMetrics()
    cut = []
    block = view.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for i in range(1, layout.lineCount()):
            start = layout.lineAt(i).textStart()
            if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
                word = next(m.group() for m in WORD.finditer(text) if m.start() < start < m.end())
                if fm.horizontalAdvance(word) * 1.15 < width:  # with room to spare (bold, italic)
                    cut.append(word)
        block = block.next()
    return cut


@pytest.fixture
def pair():
    return load(seed("003")), load(seed("004"))


def test_a_narrow_window_folds_the_panel_and_keeps_words_whole(qtbot, tmp_path, pair):
    w = _window(qtbot, str(tmp_path / "s.ini"), 640)
    assert "too narrow for the side panel" in w.statusBar().currentMessage()
    w.show_articles(*pair)
    qtbot.waitUntil(w.is_idle, timeout=30_000)
    _settle(w)
    assert w.width() == 640
    assert not w.panel.isVisible() and w.splitter.is_folded
    assert not w.actions["panel"].isChecked()  # Side Panel says what is on screen
    for pane in (w.left, w.right):
        assert pane.view.viewport().width() >= 18 * pane.view.fontMetrics().averageCharWidth()
        assert pane.view.document().begin().layout().lineCount() > 1
        assert mid_word_breaks(pane.view) == []
    # the choice itself is kept: wider, the panel comes back
    assert w.splitter.wanted
    w.resize(1400, 800)
    _settle(w)
    assert w.panel.isVisible() and not w.splitter.is_folded and w.actions["panel"].isChecked()
    assert w.panel.width() == 400  # a third of the window, at most 400, until dragged
    w.resize(900, 650)
    _settle(w)
    assert w.panel.isVisible() and w.panel.width() == 300


def test_the_panel_width_the_reader_drags_is_kept_and_remembered(qtbot, tmp_path):
    path = str(tmp_path / "s.ini")
    w = _window(qtbot, path, 1400, 800)
    handle = w.splitter.sizes()[0]
    w.splitter.moveSplitter(handle - 120, 1)  # as a drag of the handle does
    _settle(w)
    chosen = w.panel.width()
    assert chosen == w.splitter.chosen and chosen > 400
    w.resize(820, 650)  # no room for it: narrower, but still shown
    _settle(w)
    assert w.panel.isVisible() and PANEL_MIN <= w.panel.width() < chosen
    room = w.splitter.width() - w.splitter.handleWidth() - w.panel.width()
    assert room >= w.view.minimumSizeHint().width()
    w.resize(1400, 800)
    _settle(w)
    assert w.panel.width() == chosen  # back to the reader's width
    w.close()
    again = _window(qtbot, path, 1400, 800)
    _settle(again)
    assert again.panel.width() == chosen


def test_side_panel_in_a_narrow_window_widens_it(qtbot, tmp_path):
    path = str(tmp_path / "s.ini")
    w = _window(qtbot, path, 640)
    _settle(w)
    assert w.splitter.is_folded and not w.actions["panel"].isChecked()
    w.actions["panel"].trigger()
    _settle(w)
    assert w.width() > 640 and w.panel.isVisible() and w.actions["panel"].isChecked()
    assert w.panel.width() >= PANEL_MIN
    assert w.view.width() >= w.view.minimumSizeHint().width()
    w.actions["panel"].trigger()  # and off again: the reader's choice, remembered
    assert not w.panel.isVisible()
    w.close()
    assert not _window(qtbot, path, 1400, 800).panel.isVisible()


def test_zooming_in_widens_the_panes_minimum(qtbot, tmp_path):
    w = _window(qtbot, str(tmp_path / "s.ini"), 1400, 800)
    before = w.left.view.minimumSizeHint().width()
    w.actions["zoom-in"].trigger()
    w.actions["zoom-in"].trigger()
    w.actions["zoom-in"].trigger()
    assert w.left.view.minimumSizeHint().width() > before


def test_a_chart_legend_wraps_in_a_narrow_panel_instead_of_cutting_names(qtbot):
    from PySide6.QtGui import QColor, QFontMetrics

    from parallax.ui.charts import BarChart

    chart = BarChart()
    qtbot.addWidget(chart)
    series = [("Agence France-Presse", QColor("#369")), ("Sputnik News", QColor("#c83"))]
    chart.set_data([("hedges", (3, 5))], series, faint=[(1, 2)])
    fm = QFontMetrics(chart.font())
    chart.resize(700, 100)
    chart.show()
    wide = chart.legend_layout(700)
    assert {row for _, row, *_ in wide} == {0}
    one_row = chart.height()
    chart.resize(260, 100)
    QApplication.processEvents()
    narrow = chart.legend_layout(260)
    assert len({row for _, row, *_ in narrow}) > 1
    for x, _row, name, _colour, text_w in narrow:
        assert text_w == fm.horizontalAdvance(name) and x + 14 + text_w <= 260, name  # whole, inside
    assert chart.height() > one_row  # the chart grew to hold the second row


def test_the_folded_notice_goes_when_the_panel_comes_back(qtbot, tmp_path):
    """A window opened small and then widened (as a saved geometry restores it) said
    'too narrow for the side panel' for 8 s beside the panel on screen."""
    w = _window(qtbot, str(tmp_path / "s.ini"), 640)
    _settle(w)
    assert "too narrow for the side panel" in w.statusBar().currentMessage()
    w.resize(1400, 800)
    _settle(w)
    assert w.panel.isVisible()
    assert "too narrow" not in w.statusBar().currentMessage()
    w.statusBar().showMessage("Compared in 0.20 s.")  # another message stays when the panel comes and goes
    w.resize(640, 600)
    _settle(w)
    w.statusBar().showMessage("Compared in 0.20 s.")
    w.resize(1400, 800)
    _settle(w)
    assert w.statusBar().currentMessage() == "Compared in 0.20 s."


def test_a_chart_label_cut_in_a_narrow_panel_ends_in_an_ellipsis_and_its_tooltip_says_it_whole(qtbot):
    """At the side panel's narrowest (280 px) "attribution verbs" and a long speaker's name
    were cut with nothing to say what they were."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QColor, QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from parallax.ui.charts import BarChart

    chart = BarChart()
    qtbot.addWidget(chart)
    series = [("the left report", QColor("#369")), ("Sputnik News", QColor("#c83"))]
    long_name = "Spokesperson of the Ministry of Foreign Affairs Maria Zakharova"
    chart.set_data([("hedges", (3, 5)), (long_name, (12, 4))], series, faint=[(0, 2), (0, 0)],
                   tips=["", "quoted 3 times on the left, once on the right"])
    chart.resize(250, 100)
    chart.show()
    qtbot.waitExposed(chart)
    shown = chart.shown_label(1, chart.label_width())
    assert shown != long_name and shown.endswith("…") and long_name.startswith(shown[:-1])
    assert chart.shown_label(0, chart.label_width()) == "hedges"

    rows = [chart.row_at(y) for y in range(chart.height())]
    assert rows[0] is None and {0, 1} <= set(rows)  # the legend is no row; each row has its band
    y = rows.index(1) + 2  # inside the second row
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, QPoint(10, y), chart.mapToGlobal(QPoint(10, y))))
    tip = QToolTip.text()
    assert long_name in tip and "the left report: 12" in tip and "Sputnik News: 4" in tip
    assert "quoted 3 times" in tip
    assert chart.row_tooltip(0) == "hedges\nthe left report: 3\nSputnik News: 5 (2 unsure)"
    QToolTip.hideText()


def test_the_framing_tab_at_the_panels_narrowest_shows_every_column_and_no_sideways_scroll(qtbot, pair):
    """At 280 px the Attribution verbs table showed only "Verb": the headers "the left
    report" and "Sputnik News" sized their columns out of sight (the tables never scroll
    sideways), and the tab itself scrolled sideways under a heading on one line."""
    from PySide6.QtCore import Qt

    from parallax.reader.comparison.engine import compare
    from parallax.ui.panel import SidePanel
    from parallax.ui.style import Style

    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_comparison(compare(*pair), Style("light"))
    panel.setCurrentWidget(panel.framing)
    for width, names_whole in ((PANEL_MIN, False), (520, True)):
        panel.resize(width, 900)
        panel.show()
        qtbot.waitExposed(panel)
        QApplication.processEvents()
        tab = panel.framing
        assert tab.widget().width() <= tab.viewport().width(), width  # nothing hidden to the right
        for view in (tab.verbs_view, tab.naming_view):
            model, header = view.model(), view.horizontalHeader()
            widths = [view.columnWidth(c) for c in range(model.columnCount())]
            assert sum(widths) <= view.viewport().width() + 1 and min(widths) > 0, (width, widths)
            for c in range(model.columnCount()):
                cells = view.sizeHintForColumn(c)
                assert widths[c] >= min(cells, view.viewport().width() // 2), (width, c)  # its values show
                name = model.headerData(c, Qt.Orientation.Horizontal)
                assert model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == name
                if names_whole:
                    assert widths[c] >= header.fontMetrics().horizontalAdvance(name), (width, name)


def test_the_facts_tab_at_the_panels_narrowest_gives_the_value_column_the_spare_width(qtbot, pair):
    """At 280 px the Value column was cut to "Dmit…" while the counts kept columns as wide
    as their names: now the other columns take their cells' width (names elided, whole in
    the tooltip) and Value the rest; in a wide panel every name shows whole."""
    from PySide6.QtCore import Qt

    from parallax.reader.comparison.engine import compare
    from parallax.ui.panel import SidePanel
    from parallax.ui.style import Style

    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_comparison(compare(*pair), Style("light"))
    panel.setCurrentWidget(panel.facts)
    view = panel.facts.view
    model, header = view.model(), view.horizontalHeader()
    for width, names_whole in ((PANEL_MIN, False), (640, True)):
        panel.resize(width, 900)
        panel.show()
        qtbot.waitExposed(panel)
        QApplication.processEvents()
        widths = [view.columnWidth(c) for c in range(model.columnCount())]
        assert sum(widths) <= view.viewport().width() + 1, (width, widths)
        for c in range(1, model.columnCount()):
            assert widths[c] >= view.sizeHintForColumn(c), (width, c)  # its values show
            assert model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            if names_whole:
                name = model.headerData(c, Qt.Orientation.Horizontal)
                assert widths[c] >= header.fontMetrics().horizontalAdvance(name), (width, name)
            else:  # no wider than its cells: the rest is Value's
                assert widths[c] == max(view.sizeHintForColumn(c), header.minimumSectionSize()), (width, c)
        assert widths[0] >= view.viewport().width() - sum(widths[1:]) - 1
        # ten characters of a value or more ("Dmitry Pe…", not "Dmit…")
        assert widths[0] >= 10 * view.fontMetrics().averageCharWidth(), (width, widths)


def _rows(legend) -> int:
    """The rows the legend's boxes take (their distinct tops)."""
    return len({box.mapTo(legend, box.rect().topLeft()).y() for box in [*legend.boxes.values(), legend.unsure]})


def test_a_narrow_legend_shows_its_swatches_alone_in_two_rows_and_names_them(qtbot, tmp_path):
    """At 640 px the legend with its words took six rows, a third of the panes' height: it
    keeps the swatches and check boxes (each named in its tooltip and to screen readers),
    and gets its words back where they fit in three rows."""
    w = _window(qtbot, str(tmp_path / "s.ini"), 640)
    _settle(w)
    legend = w.view.legend
    assert legend.width() < legend.words_fit_from()
    assert not legend.words and all(box.text() == "" for box in legend.boxes.values())
    assert _rows(legend) <= 2
    box = legend.boxes["framing-hedge"]
    assert box.accessibleName() == "hedges" and box.toolTip().startswith("hedges: ")
    assert legend.unsure.accessibleName() == "unsure" and legend.unsure.toolTip().startswith("unsure: ")
    box.setChecked(False)  # still the layer's toggle
    assert not legend.actions_by_layer["framing-hedge"].isChecked()
    box.setChecked(True)

    w.resize(1400, 800)
    _settle(w)
    assert legend.width() >= legend.words_fit_from()
    assert legend.words and legend.boxes["framing-hedge"].text() == "hedges"
    assert _rows(legend) <= legend.FULL_ROWS
    w.resize(640, 600)
    _settle(w)
    assert not legend.words and _rows(legend) <= 2


def test_a_crowded_header_measures_its_stretching_column_once_for_rows_as_they_are_shown(qtbot):
    """Each other column's size asked whether the header is crowded, and each time the
    stretching column's cells were measured anew (a thousand rows read: seconds to first show
    a long pair's Facts tab).  Measured once now, again when the rows change: the same sizes."""
    from PySide6.QtWidgets import QHeaderView

    from parallax.ui.models import RowsModel
    from parallax.ui.panel import _table

    def table(rows, width=600):
        model = RowsModel(("Value", "Kind", "Status", "left", "right"))
        model.set_rows(rows)
        view = _table(model)
        qtbot.addWidget(view)
        view.resize(width, 400)
        view.show()
        qtbot.waitExposed(view)
        QApplication.processEvents()
        return model, view

    short = [(f"value {i}", "number", "shared", i, 1) for i in range(300)]
    wide = [(f"a much longer value, number {i} of them, and more words", "quotation", "left only", i, 0)
            for i in range(300)]
    _, probe_view = table(short)
    probe = probe_view.horizontalHeader()
    named = sum(QHeaderView.sectionSizeFromContents(probe, c).width() for c in range(1, 5))
    width = named + 2 * probe.NARROWEST + 40  # the other columns' names fit; the cells decide
    model, view = table(short, width + view_frame(probe))
    header = view.horizontalHeader()
    calls = []
    measure = view.sizeHintForColumn
    view.sizeHintForColumn = lambda column: calls.append(column) or measure(column)  # (Qt's own calls too)
    header._forget()
    crowded = header.crowded()
    assert calls.count(0) == 1  # measured: the cells decide
    header.resizeSections()
    assert header.crowded() == crowded and calls.count(0) == 1  # the rows as they were: not measured again
    model.set_rows(wide)
    QApplication.processEvents()
    header.resizeSections()
    assert header.crowded() and calls.count(0) == 2  # new rows: measured once more
    _, fresh_view = table(wide, view.width())
    fresh = fresh_view.horizontalHeader()
    assert [header.sectionSize(c) for c in range(5)] == [fresh.sectionSize(c) for c in range(5)]


def view_frame(header) -> int:
    """How much wider a table is than its header."""
    view = header.parentWidget()
    return view.width() - header.width()


def _drawn_header(view, column: int) -> str:
    """The words a panel table's header draws for ``column`` at its width."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionHeader

    header = view.horizontalHeader()
    opt = QStyleOptionHeader()
    header.initStyleOptionForIndex(opt, column)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, opt, header)
    return header.fontMetrics().elidedText(opt.text, Qt.TextElideMode.ElideRight,
                                           header.sectionSize(column) - 2 * margin)


def test_a_narrow_count_column_is_headed_by_its_sides_initial_not_an_ellipsis(qtbot, pair):
    """At 280 px the Facts tab's count columns read "l…" and "r…", and the attribution verbs'
    "t…" and "S…": they read "L" and "R" (the name whole in the tooltip); wide, the names."""
    from PySide6.QtCore import Qt

    from parallax.reader.comparison.engine import compare
    from parallax.ui.panel import SidePanel
    from parallax.ui.style import Style

    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_comparison(compare(*pair), Style("light"))
    for width, drawn in ((PANEL_MIN, ("L", "R")), (900, None)):
        panel.resize(width, 900)
        panel.show()
        qtbot.waitExposed(panel)
        for tab, view, first in ((panel.facts, panel.facts.view, 3), (panel.framing, panel.framing.verbs_view, 2)):
            panel.setCurrentWidget(tab)
            QApplication.processEvents()
            model = view.model()
            names = [model.headerData(c, Qt.Orientation.Horizontal) for c in (first, first + 1)]
            got = tuple(_drawn_header(view, c) for c in (first, first + 1))
            assert got == (drawn or tuple(names)), (width, names, got)
            assert all(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
                       for c in (first, first + 1))
