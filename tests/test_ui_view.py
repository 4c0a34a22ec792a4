"""The comparison view: highlights on the right characters (emoji too), click to counterpart,
navigation order, layer toggles, settings, find, swap, and the item models."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from parallax.reader.model import (
    Article,
    Change,
    Comparison,
    Fact,
    Marker,
    Match,
    Span,
    Summary,
    Voice,
)
from parallax.ui.highlight import layers_at
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings
from parallax.ui.textpos import Utf16Map

# Astral characters (emoji, a flag, a CJK extension ideograph) before and inside the spans,
# so Qt's UTF-16 positions and Python's code points differ everywhere that matters.
LEFT = (
    "😀🇺🇦 Officials said 94,000 troops are near the border. 𠀀\n"
    "Biden voiced deep concern 😟 about the escalation of forces.\n"
    "The talks lasted two hours.\n"
    "Kyiv rejected the plan."
)
RIGHT = (
    "🙂 Biden voiced deep concern 😟 about the escalation of forces.\n"
    "Moscow called the purported invasion a fiction. 🎉🎉\n"
    "Sources put the figure at 100,000 troops.\n"
    "Kiev rejected the plan."
)
SHARED = "Biden voiced deep concern 😟 about the escalation of forces."


def sp(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(i, i + len(part))


def comparison() -> Comparison:
    return Comparison(
        left=Article(LEFT, title="Left story", outlet="Left Times", published="2021-12-07T18:00",
                     byline="A. Writer", credits=("Reuters",), agencies=("Reuters",)),
        right=Article(RIGHT, title="Right story", outlet="Right Post"),
        summary=Summary(0.3, 0.25, 0.5, 0.45, 0.4, "partially"),
        matches=(
            Match("verbatim", sp(LEFT, SHARED), sp(RIGHT, SHARED), 1.0),
            Match("paraphrase", sp(LEFT, "Kyiv rejected the plan."), sp(RIGHT, "Kiev rejected the plan."), 0.8,
                  (Change("replace", sp(LEFT, "Kyiv"), sp(RIGHT, "Kiev")),)),
        ),
        unique_left=(sp(LEFT, "Officials said 94,000 troops are near the border."),
                     sp(LEFT, "The talks lasted two hours.")),
        unique_right=(sp(RIGHT, "Moscow called the purported invasion a fiction."),),
        facts=(
            Fact("number", "94,000 troops", (sp(LEFT, "94,000 troops"),), (sp(RIGHT, "100,000 troops"),), "conflict"),
            Fact("name", "Biden", (sp(LEFT, "Biden"),), (sp(RIGHT, "Biden"),), "shared"),
            Fact("number", "two hours", (sp(LEFT, "two hours"),), (), "left-only"),
        ),
        framing=(
            Marker("right", "hedge", sp(RIGHT, "purported"), "purported", None, "distancing"),
            Marker("left", "naming", sp(LEFT, "Kyiv"), "Kyiv", sp(RIGHT, "Kiev")),
            Marker("right", "naming", sp(RIGHT, "Kiev"), "Kiev", sp(LEFT, "Kyiv")),
            Marker("right", "attribution", sp(RIGHT, "called"), "called", None, "neutral"),
        ),
        voices_left=(Voice("Biden", 1, 8),),
        voices_right=(Voice("Biden", 1, 8), Voice("Moscow", 1, 7)),
    )


@pytest.fixture
def settings_path(tmp_path):
    return str(tmp_path / "settings.ini")


def shown(qtbot, settings_path, c: Comparison, size: tuple[int, int] = (1200, 700)) -> MainWindow:
    """A window showing ``c`` with all its highlights drawn."""
    w = MainWindow(settings=open_settings(settings_path), theme="light")
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    w.show_comparison(c)
    qtbot.waitUntil(w.is_idle, timeout=20_000)
    return w


@pytest.fixture
def window(qtbot, settings_path):
    return shown(qtbot, settings_path, comparison(), (1400, 900))


def qt_span(text: str, span: Span) -> tuple[int, int]:
    start, length = Utf16Map(text).span_to_qt(span)
    return start, start + length


def test_highlights_land_on_the_right_characters_with_astral_text(window):
    doc = window.left.view.document()
    for part, layer in (
        ("Biden voiced", "verbatim"),
        ("94,000 troops", "fact-conflict"),
        ("Officials said", "unique"),
        ("Kyiv", "framing-naming"),
        ("Kyiv", "change"),
        ("rejected the plan", "paraphrase"),
    ):
        start, end = qt_span(LEFT, sp(LEFT, part))
        for pos in range(start, end):
            assert layer in layers_at(doc, pos), (part, layer, pos)
    # The first and last characters of the verbatim passage, and their neighbours.
    start, end = qt_span(LEFT, sp(LEFT, SHARED))
    assert "verbatim" in layers_at(doc, start) and "verbatim" in layers_at(doc, end - 1)
    assert "verbatim" not in layers_at(doc, start - 1)
    assert "verbatim" not in layers_at(doc, end)
    rdoc = window.right.view.document()
    start, end = qt_span(RIGHT, sp(RIGHT, "purported"))
    assert "framing-hedge" in layers_at(rdoc, start)
    assert "framing-hedge" in layers_at(rdoc, end - 1)
    assert "framing-hedge" not in layers_at(rdoc, end)
    assert "framing-hedge" not in layers_at(rdoc, start - 1)
    # Qt's own text at those positions is what the core meant.
    cursor = QTextCursor(rdoc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "purported"


def test_a_paraphrase_is_one_background_with_only_the_changed_words_marked(window):
    """#16.9: no second tint alternating with the paraphrase's, word by word."""
    from parallax.ui.highlight import format_at

    doc = window.left.view.document()
    start, end = qt_span(LEFT, sp(LEFT, "Kyiv rejected the plan."))
    paraphrase = window.style_.formats["paraphrase"].background().color().name()
    backgrounds = {format_at(doc, pos).background().color().name() for pos in range(start, end)}
    assert backgrounds == {paraphrase}
    changed, _ = qt_span(LEFT, sp(LEFT, "Kyiv"))
    same, _ = qt_span(LEFT, sp(LEFT, "rejected"))
    assert "change" in layers_at(doc, changed)
    assert format_at(doc, changed).underlineStyle() == format_at(doc, changed).UnderlineStyle.DashUnderline
    assert format_at(doc, same).underlineStyle() == format_at(doc, same).UnderlineStyle.NoUnderline


def click_at(qtbot, view, text: str, offset: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(Utf16Map(text).to_qt(offset))
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 3, rect.center().y()))


def selected_span(view, text: str) -> Span:
    c = view.textCursor()
    return Utf16Map(text).span_from_qt(c.selectionStart(), c.selectionEnd())


def test_clicking_a_passage_selects_its_counterpart(qtbot, window):
    lv, rv = window.left.view, window.right.view
    click_at(qtbot, lv, LEFT, LEFT.index("about the escalation"))
    assert selected_span(rv, RIGHT) == sp(RIGHT, SHARED)
    assert rv.textCursor().selectedText() == SHARED
    # a word change inside a paraphrase selects the changed word on the other side
    click_at(qtbot, rv, RIGHT, RIGHT.index("Kiev") + 1)
    assert selected_span(lv, LEFT) == sp(LEFT, "Kyiv")
    # a unique passage has no counterpart: nothing new is selected
    before = selected_span(rv, RIGHT)
    click_at(qtbot, lv, LEFT, LEFT.index("lasted"))
    assert selected_span(rv, RIGHT) == before


def test_hover_text_names_what_it_is_and_its_counterpart(window):
    lv = window.left.view
    cursor = QTextCursor(lv.document())
    cursor.setPosition(Utf16Map(LEFT).to_qt(LEFT.index("escalation") + 2))
    tip = lv.tooltip_at(lv.cursorRect(cursor).center())
    assert "Verbatim" in tip and "Right Post" in tip
    cursor.setPosition(Utf16Map(LEFT).to_qt(LEFT.index("94,000") + 1))
    tip = lv.tooltip_at(lv.cursorRect(cursor).center())
    assert "Conflicting" in tip and "100,000 troops" in tip


def test_navigation_goes_in_order_and_back(window):
    view = window.view
    window.left.view.setFocus()
    view.active_side = "left"
    cursor = window.left.view.textCursor()
    cursor.setPosition(0)
    window.left.view.setTextCursor(cursor)
    starts = []
    for _ in range(10):
        before = window.left.view.cursor_offset()
        stop = view.go("difference")
        if stop is None:
            assert window.left.view.cursor_offset() == before
            break
        starts.append(window.left.view.cursor_offset())
    expected = sorted(k for k, _ in window.comparison and view.layers.order[("left", "difference")])
    assert starts == expected
    assert starts == sorted(starts) and len(starts) >= 4
    back = []
    while view.go("difference", forward=False) is not None:
        back.append(window.left.view.cursor_offset())
    assert back == starts[-2::-1]
    # shared passages: the next one selects both sides
    view.go("shared")
    assert window.left.view.textCursor().selectedText() == SHARED
    assert window.right.view.textCursor().selectedText() == SHARED
    # framing markers from the right pane, with the toolbar actions
    view.active_side = "right"
    cursor = window.right.view.textCursor()
    cursor.setPosition(0)
    window.right.view.setTextCursor(cursor)
    window.actions["next-framing"].trigger()
    assert window.right.view.textCursor().selectedText() == "called"
    window.actions["next-framing"].trigger()
    assert window.right.view.textCursor().selectedText() == "purported"
    window.actions["next-framing"].trigger()
    assert window.right.view.textCursor().selectedText() == "Kiev"
    assert window.left.view.textCursor().selectedText() == "Kyiv"


def test_layer_toggles_remove_and_restore_a_layer_and_persist(qtbot, window, settings_path):
    doc = window.left.view.document()
    pos = qt_span(LEFT, sp(LEFT, SHARED))[0] + 3
    assert "verbatim" in layers_at(doc, pos)
    window.view.legend.boxes["verbatim"].setChecked(False)
    assert not window.actions.layers["verbatim"].isChecked()
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert "verbatim" not in layers_at(doc, pos)
    assert "fact-shared" in layers_at(doc, qt_span(LEFT, sp(LEFT, "Biden"))[0])
    # overview strip and hover follow the toggle too
    assert "verbatim" not in window.left.strip.enabled
    window.set_layer("verbatim", True)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert "verbatim" in layers_at(doc, pos)
    window.set_layer("framing-hedge", False)
    window.set_font_size(14)
    window.close()
    again = MainWindow(settings=open_settings(settings_path), theme="light")
    qtbot.addWidget(again)
    assert not again.actions.layers["framing-hedge"].isChecked()
    assert again.actions.layers["verbatim"].isChecked()
    assert again.font_size == 14


def test_headers_show_metadata_and_the_wire_badge(window):
    left, right = window.left.header, window.right.header
    assert "Left story" in left.title.text()
    assert "Left Times" in left.meta.text() and "A. Writer" in left.meta.text()
    assert "Reuters" in left.meta.text()
    assert not left.badge.isHidden() and "Reuters" in left.badge.toolTip()
    # the right side is partially derived (the verdict), so it is wire copy too
    assert not right.badge.isHidden() and "partially derived" in right.badge.toolTip()


def test_swap_exchanges_the_sides(qtbot, window):
    window.actions["swap"].trigger()
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.left.view.document().toRawText().replace("\u2029", "\n") == RIGHT
    assert window.right.view.document().toRawText().replace("\u2029", "\n") == LEFT
    doc = window.right.view.document()
    start, _end = qt_span(LEFT, sp(LEFT, "94,000 troops"))
    assert "fact-conflict" in layers_at(doc, start)
    # the verdict's direction moved with the sides: now the left text is the derived one
    assert "partially derived" in window.left.header.badge.toolTip()
    assert "derived" not in window.right.header.badge.toolTip()


def test_find_in_either_pane(qtbot, window):
    view = window.view
    window.right.view.setFocus()
    view.active_side = "right"
    window.actions["find"].trigger()
    assert view.find_bar.isVisible()
    view.find_bar.edit.setText("plan")
    assert window.right.view.textCursor().selectedText() == "plan"
    view.active_side = "left"
    assert view.find("troops")
    assert window.left.view.textCursor().selectedText() == "troops"
    assert not view.find("no such words anywhere")


def test_fact_row_jumps_to_the_fact(qtbot, window):
    facts = window.panel.facts
    model = facts.model
    rows = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert rows[0] == "94,000 troops"  # conflicts first
    index = facts.view.model().index(0, 0)
    facts.view.clicked.emit(index)
    assert window.left.view.textCursor().selectedText() == "94,000 troops"
    assert window.right.view.textCursor().selectedText() == "100,000 troops"


def test_item_models_pass_the_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.panel.facts.model)
    qtmodeltester.check(window.panel.framing.naming)
    qtmodeltester.check(window.panel.framing.verbs)
    assert window.panel.framing.naming.rowCount() == 1
    assert window.panel.framing.verbs.rowCount() == 1


def test_scroll_sync_follows_the_alignment(qtbot, settings_path):
    # Long texts: a shared passage far down on the left sits near the top on the right.
    filler = "".join(f"Left-only line {i} with words 🙂.\n" for i in range(300))
    shared = "This long shared passage is the same on both sides of the comparison."
    left = filler + shared + "\nafter\n"
    right = "intro\n" + shared + "\n" + "".join(f"Right line {i}.\n" for i in range(300))
    c = Comparison(Article(left), Article(right), Summary(0.1, 0.1, 0.1, 0.1, 0.1, "not"),
                   matches=(Match("verbatim", sp(left, shared), sp(right, shared), 1.0),))
    w = shown(qtbot, settings_path, c)
    lv, rv = w.left.view, w.right.view
    lv.centre_on(sp(left, shared).start)
    QApplication.processEvents()
    # the right pane scrolled to its copy of the passage, not to the same line number
    vis = rv.visible_span()
    assert vis.start <= sp(right, shared).start <= vis.end
    assert rv.verticalScrollBar().value() < lv.verticalScrollBar().value() / 4


def test_every_shortcut_is_unique_and_listed(window):
    table = window.actions.shortcut_table()
    keys = [k for _, ks in table for k in ks.split(", ")]
    assert len(keys) == len(set(keys))
    names = dict(table)
    assert names["Find"] == "Ctrl+F"
    assert "Alt+Down" in names["Next Difference"]
    assert names["Next Framing Marker"] == "Alt+M"


def test_gutter_connects_what_is_in_view(window):
    gutter = window.view.gutter
    kinds = {c.kind for c in gutter.visible_connectors()}
    assert kinds == {"verbatim", "paraphrase"}
    assert {c.kind for c in gutter.visible_connectors(links=True)} == {"framing-naming", "fact-conflict"}
    window.set_layer("paraphrase", False)
    assert {c.kind for c in gutter.visible_connectors()} == {"verbatim"}
    image = gutter.grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}) > 3


def test_the_gutter_picture_follows_every_change_and_only_then_is_drawn_again(window):
    """The gutter keeps its last picture while nothing it shows changed, and never a stale one."""
    gutter = window.view.gutter
    drawn = []
    draw = gutter._draw
    gutter._draw = lambda p, shapes: (drawn.append(shapes), draw(p, shapes))
    plain = gutter.grab().toImage()  # drawn already when the window was shown, or now
    before = len(drawn)
    assert gutter.grab().toImage() == plain
    assert len(drawn) == before  # nothing changed: the same picture put back
    verbatim = next(c for c in gutter.visible_connectors() if c.kind == "verbatim")
    gutter.current = verbatim.match  # emphasised: a stronger band
    assert gutter.grab().toImage() != plain
    gutter.current = -1
    assert gutter.grab().toImage() == plain
    window.set_layer("verbatim", False)
    assert gutter.grab().toImage() != plain
    window.set_layer("verbatim", True)
    assert gutter.grab().toImage() == plain
    assert len(drawn) == before + 4  # one drawing for each change


def test_overview_strip_jumps_to_a_place(qtbot, settings_path):
    text = "".join(f"Line {i} of a long text.\n" for i in range(400))
    c = Comparison(Article(text), Article(text), Summary(1, 1, 1, 1, 1, "wholly"),
                   matches=(Match("verbatim", Span(0, len(text)), Span(0, len(text)), 1.0),))
    w = shown(qtbot, settings_path, c)
    strip = w.left.strip
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(5, strip.height() * 3 // 4))
    vis = w.left.view.visible_span()
    assert vis.start <= len(text) * 3 // 4 <= vis.end + len(text) // 10
    # the right pane followed by the alignment
    assert abs(w.right.view.visible_span().start - vis.start) < len(text) // 20


def test_clicking_a_gutter_band_selects_both_passages(qtbot, window):
    gutter = window.view.gutter
    verbatim = next(c for c in gutter.visible_connectors() if c.kind == "verbatim")
    lv, rv = window.left.view.visible_span(), window.right.view.visible_span()
    band = gutter._band(verbatim, lv, rv)
    centre = band.boundingRect().center()
    assert gutter.connector_at(centre) == verbatim
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    assert window.left.view.textCursor().selectedText() == SHARED
    assert window.right.view.textCursor().selectedText() == SHARED


def test_hovering_shows_the_tooltip(qtbot, window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    rv = window.right.view
    cursor = QTextCursor(rv.document())
    cursor.setPosition(Utf16Map(RIGHT).to_qt(RIGHT.index("purported") + 3))
    point = rv.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, rv.viewport().mapToGlobal(point))
    QApplication.sendEvent(rv.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    assert "Hedge" in QToolTip.text() and "purported" in QToolTip.text()
    QToolTip.hideText()


@given(st.text(alphabet=st.sampled_from("ab 😀.\n\r\u2029\u2028\t"), max_size=400), st.integers(10, 60))
def test_long_paragraphs_are_broken_only_at_spaces(text, limit):
    from parallax.ui.textview import display_text

    shown = display_text(text, limit)
    assert len(shown) == len(text)
    for a, b in zip(text, shown, strict=True):
        assert a == b or (a == " " and b == "\n") or (a == "\r" and b == " ")


@given(st.text(alphabet=st.sampled_from("ab 😀.\n\r\u2029\u2028\t\x00"), max_size=200))
def test_qt_keeps_one_position_per_character(qapp, text):
    from PySide6.QtWidgets import QPlainTextEdit

    from parallax.ui.textview import display_text

    edit = QPlainTextEdit()
    edit.setPlainText(display_text(text))
    assert edit.document().characterCount() - 1 == Utf16Map(text).to_qt(len(text))


def test_a_text_without_line_breaks_keeps_its_offsets(qtbot, settings_path):
    sentence = "Word 😀 after word goes on and on. "
    text = sentence * 400 + "The marked passage is here."
    c = Comparison(Article(text), Article("The marked passage is here."), Summary(0, 0, 0, 0, 0, "not"),
                   matches=(Match("verbatim", sp(text, "The marked passage is here."),
                                  Span(0, 27), 1.0),))
    w = shown(qtbot, settings_path, c)
    doc = w.left.view.document()
    assert doc.blockCount() > 1  # shown in several blocks
    start, end = qt_span(text, sp(text, "The marked passage is here."))
    assert "verbatim" in layers_at(doc, start) and "verbatim" in layers_at(doc, end - 1)
    assert "verbatim" not in layers_at(doc, start - 1)


def test_navigation_shortcuts_from_the_keyboard(qtbot, window):
    window.activateWindow()
    window.left.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.left.view, timeout=3000)
    cursor = window.left.view.textCursor()
    cursor.setPosition(0)
    window.left.view.setTextCursor(cursor)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    first = window.left.view.textCursor().selectedText()
    assert first  # the first difference is selected
    qtbot.keyClick(window.left.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.left.view.textCursor().selectedText() != first
    qtbot.keyClick(window.left.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.left.view.textCursor().selectedText() == first
    qtbot.keyClick(window.left.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.view.find_bar.isVisible()
    qtbot.keyClick(window.view.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.view.find_bar.isVisible()


def test_legend_tooltips_count_each_layer(window):
    tip = window.view.legend.boxes["framing-naming"].toolTip()
    assert "1 on the left, 1 on the right" in tip
    assert "2 on the left, 1 on the right" in window.view.legend.boxes["unique"].toolTip()


def test_find_folds_quotes_and_dashes_and_goes_both_ways(qtbot, settings_path):
    text = ("😀 Russia’s troops — 94,000 of them — are “near” the border.\n"
            "𠀀 Later, RUSSIA's envoy spoke.\nA third: russia’s reply.")
    w = shown(qtbot, settings_path, Comparison(Article(text), Article("other"), Summary(0, 0, 0, 0, 0, "not")))
    view, lv = w.view, w.left.view
    view.active_side = "left"

    def found() -> str:
        c = lv.textCursor()
        u16 = Utf16Map(text)
        return text[u16.from_qt(c.selectionStart()):u16.from_qt(c.selectionEnd())]

    assert view.find("russia's") and found() == "Russia’s"      # apostrophe and case folded
    assert view.find("russia's") and found() == "RUSSIA's"
    assert view.find("russia's") and found() == "russia’s"
    assert view.find("russia's") and found() == "Russia’s"      # wrapped around
    assert view.find("russia's", forward=False) and found() == "russia’s"
    assert view.find("russia's", forward=False) and found() == "RUSSIA's"
    assert view.find("Russia's", case=True) and found() == "Russia’s"
    assert view.find('troops - 94,000') and found() == "troops — 94,000"
    assert view.find('"near"') and found() == "“near”"
    assert lv.textCursor().selectedText() == "“near”"  # Qt selected the same characters
    assert not view.find("Moscow")


def test_next_difference_after_scrolling_starts_from_what_is_on_screen(qtbot, settings_path):
    """#16.11: the caret stayed at the top; the reader scrolled down; Next goes on from the screen."""
    lines = [f"Line {i} says something only the left report says." for i in range(300)]
    left = "\n".join(lines)
    spans = []
    pos = 0
    for line in lines:
        spans.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    c = Comparison(Article(left), Article("Nothing in common."), Summary(0, 0, 0, 0, 0, "not"),
                   unique_left=tuple(spans))
    w = shown(qtbot, settings_path, c)
    lv = w.left.view
    w.view.set_active("left")
    lv.set_caret(0)
    lv.verticalScrollBar().setValue(lv.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    vis = lv.visible_span()
    assert vis.start > 1000
    stop = w.view.go("difference")
    assert stop is not None
    selected = lv.selection()
    assert vis.start <= selected.start <= vis.end, (vis, selected)
    # and on from there, not back to the caret's old place
    w.view.go("difference")
    assert lv.selection().start > selected.start
    # backwards from the screen too
    lv.set_caret(0)
    lv.verticalScrollBar().setValue(lv.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    vis = lv.visible_span()
    w.view.go("difference", forward=False)
    assert vis.start <= lv.selection().start <= vis.end


def test_find_searches_both_panes_and_counts(qtbot, window):
    """#16.12: one search over both panes, "n of m", and no "wrapped around" for a single match."""
    view, bar = window.view, window.view.find_bar
    lv, rv = window.left.view, window.right.view
    lv.setFocus()
    view.set_active("left")
    lv.set_caret(0)
    window.actions["find"].trigger()
    bar.edit.setText("rejected")
    assert lv.textCursor().selectedText() == "rejected"
    assert bar.status.text() == "1 of 2 (left 1, right 1)"
    window.actions["find-next"].trigger()
    assert view.active_side == "right" and rv.textCursor().selectedText() == "rejected"
    assert bar.status.text() == "2 of 2 (left 1, right 1)"
    window.statusBar().clearMessage()
    window.actions["find-next"].trigger()
    assert view.active_side == "left" and bar.status.text().startswith("1 of 2")
    assert "wrapped around" in window.statusBar().currentMessage()
    window.actions["find-prev"].trigger()
    assert view.active_side == "right" and bar.status.text().startswith("2 of 2")
    # a word only one pane has, once: found, and going on finds it again without "wrapped"
    window.statusBar().clearMessage()
    bar.edit.setText("purported")
    window.actions["find-next"].trigger()
    window.actions["find-next"].trigger()
    assert rv.textCursor().selectedText() == "purported"
    assert bar.status.text() == "1 of 1 (left 0, right 1)"
    assert "wrapped" not in window.statusBar().currentMessage()
    bar.edit.setText("no such words")
    assert bar.status.text() == "not found"


def test_dragging_a_selection_snaps_to_whole_words(qtbot, window):
    """#16.13: a drag from inside one word to inside another selects both words whole."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    lv = window.left.view
    vp = lv.viewport()
    start = lv.point_of(LEFT.index("Officials") + 3)
    end = lv.point_of(LEFT.index("troops") + 2)
    left_button, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier

    def send(kind, point, button, buttons):
        event = QMouseEvent(kind, QPointF(point), vp.mapToGlobal(QPointF(point)), button, buttons, mods)
        QApplication.sendEvent(vp, event)  # held in a name: a temporary event is lost

    send(QEvent.Type.MouseButtonPress, start, left_button, left_button)
    send(QEvent.Type.MouseMove, (start + end) / 2, none, left_button)
    send(QEvent.Type.MouseMove, end, none, left_button)
    send(QEvent.Type.MouseButtonRelease, end, left_button, none)
    assert lv.textCursor().selectedText() == "Officials said 94,000 troops"
    # the end the mouse was at stays the moving end (Shift+arrow extends from there)
    assert lv.textCursor().position() > lv.textCursor().anchor()
    # a right-to-left drag keeps its direction too
    lv.set_caret(0)
    send(QEvent.Type.MouseButtonPress, end, left_button, left_button)
    send(QEvent.Type.MouseMove, (start + end) / 2, none, left_button)
    send(QEvent.Type.MouseMove, start, none, left_button)
    send(QEvent.Type.MouseButtonRelease, start, left_button, none)
    assert lv.textCursor().selectedText() == "Officials said 94,000 troops"
    assert lv.textCursor().position() < lv.textCursor().anchor()


def test_word_span_widens_only_ends_inside_words():
    from parallax.ui.textview import word_span

    text = "Kyiv's “plan” 94,000 troops; 美国总统拜登"
    assert word_span(text, Span(1, 3)) == Span(0, 6)  # Kyiv's, apostrophe and all
    assert word_span(text, Span(0, 6)) == Span(0, 6)
    assert word_span(text, Span(9, 16)) == Span(8, 20)  # plan and 94,000 whole, quotes left as they are
    assert word_span(text, Span(31, 33)) == Span(31, 33)  # no spaces in Chinese: nothing to widen


def test_a_fact_rows_tooltip_quotes_its_occurrences_on_each_side(window):
    """Made when first asked for (a long pair has thousands of facts), each row's tooltip
    is the one the model used to make for every row at once."""
    model = window.panel.facts.model
    tips = [model.index(r, c).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount()) for c in range(5)]
    ln, rn = model.side_names
    assert tips[0] == f"number · conflict\n{ln}: “94,000 troops”\n{rn}: “100,000 troops”"
    assert all(tips[r * 5:r * 5 + 5] == [tips[r * 5]] * 5 for r in range(model.rowCount()))  # one per row
    for r in range(model.rowCount()):
        fact = model.payload(r)
        kind_status, left, right = tips[r * 5].split("\n")
        assert kind_status == f"{fact.kind} · {fact.status}"
        assert left.startswith(f"{ln}: “") and right.startswith(f"{rn}: ")
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) is None  # no such column
    c = window.last_result.comparison
    model.set_comparison(None)
    assert model.rowCount() == 0 and model.tip(0) == ""
    model.set_comparison(c)  # made anew, for this comparison
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == tips[0]


def test_the_fact_rows_say_each_role_as_before(window):
    """data() compares roles as plain ints (a table sizing its columns asks thousands of
    times): every role a view or a caller asks still gets what it got."""
    model = window.panel.facts.model
    conflict = next(r for r in range(model.rowCount()) if model.payload(r).status == "conflict")
    other = next(r for r in range(model.rowCount()) if model.payload(r).status != "conflict")
    for role in (Qt.ItemDataRole.ForegroundRole, int(Qt.ItemDataRole.ForegroundRole)):
        assert model.data(model.index(conflict, 0), role) == model.conflict_colour
        assert model.data(model.index(other, 0), role) is None
    assert model.index(conflict, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(other, 1).data(Qt.ItemDataRole.FontRole) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert [model.index(other, c).data(Qt.ItemDataRole.TextAlignmentRole) for c in range(5)] == [
        None, None, None, right, right]  # the counts
    fact = model.payload(other)
    assert model.index(other, 3).data(Qt.ItemDataRole.EditRole) == len(fact.left)  # sorted as a number
    assert model.index(other, 3).data() == str(len(fact.left))
    assert model.index(other, 0).data(model.PayloadRole) == other
    assert model.index(other, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(-1, 0), Qt.ItemDataRole.DisplayRole) is None  # no such row
