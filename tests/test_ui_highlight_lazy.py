"""Highlights drawn on demand, as a code editor does (ui/highlight.py): a block gets its
formats when it is shown (scrolled to, jumped to, resized into view) or asked for
(``layers_at``, ``format_at``, ``ensure_all``), never in a pass over the whole text; a
layer toggle redraws only what is on screen; formatting a block shown never moves the
reader's place; every way of jumping shows its target highlighted at once.

Every check reads the formats Qt holds (``_drawn``, ``_raw_layers``), which never draw
anything themselves; waits are on conditions, never on timings."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication

from parallax.reader.model import Article, Change, Comparison, Match, Span, Summary
from parallax.ui.highlight import format_at, highlighter_of, layers_at, layers_held
from parallax.ui.style import LAYERS_PROPERTY, Style
from parallax.ui.textpos import QtRuns
from parallax.ui.textview import TextView
from tests.conftest import main_window

PARAGRAPHS = 400


def _runs(text: str, layer: str = "verbatim", *, whole: bool = False) -> QtRuns:
    """One run over the first word (or, ``whole``, all) of every line (ASCII: UTF-16 = code points)."""
    starts, ends, pos = [], [], 0
    for line in text.split("\n"):
        starts.append(pos)
        ends.append(pos + (len(line) if whole else len("Paragraph")))
        pos += len(line) + 1
    return QtRuns(starts, ends, [(layer,)] * len(starts))


@pytest.fixture
def view(qtbot):
    v = TextView("left", Style("light"))
    qtbot.addWidget(v)
    v.resize(500, 300)
    v.show()
    text = "\n".join(f"Paragraph {i} says something." for i in range(PARAGRAPHS))
    v.set_text(text)
    return v, _runs(text)


def _drawn(view) -> list[int]:
    """Numbers of the blocks carrying a format (read from Qt's layouts: draws nothing)."""
    out, block = [], view.document().begin()
    while block.isValid():
        if block.layout().formats():
            out.append(block.blockNumber())
        block = block.next()
    return out


def _raw_layers(view, offset: int) -> tuple[str, ...]:
    """The layers Qt holds for the character at code-point ``offset``, without drawing its
    block first (unlike ``layers_at``): what the reader sees."""
    pos = view._u16.to_qt(offset)
    return tuple(layers_held(view.document().findBlock(pos), pos))


def _visible_text_blocks_drawn(view) -> bool:
    """Every visible block holding text carries its highlights (in these texts every
    line holding text has one)."""
    first, last = view.visible_blocks()
    block = view.document().findBlockByNumber(first)
    while block.isValid() and block.blockNumber() <= last:
        if block.length() > 1 and not block.layout().formats():
            return False
        block = block.next()
    return True


def _settle(qtbot) -> None:
    """Let the event loop run a while: nothing may be drawn in the background meanwhile."""
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(100)
    QApplication.processEvents()


# -- the highlighter alone


def _blocks_in_view_one_by_one(view) -> tuple[int, int]:
    """The visible blocks by the definition: from the first shown, every block whose top
    is within the viewport (measured one block at a time: slow, for reference)."""
    first = view.firstVisibleBlock()
    height, offset = view.viewport().height(), view.contentOffset()
    block, last = first, first.blockNumber()
    while block.isValid() and view.blockBoundingGeometry(block).translated(offset).top() <= height:
        last = block.blockNumber()
        block = block.next()
    return first.blockNumber(), last


def test_the_visible_block_range_is_every_block_whose_top_is_in_view(qtbot, view):
    v, _runs_first_words = view
    v.highlighter.set_runs(_runs(v.text, whole=True), v.visible_blocks())
    bar = v.verticalScrollBar()
    for value in (0, 1, 7, bar.maximum() // 3, bar.maximum() // 2 + 3, bar.maximum() - 1, bar.maximum()):
        bar.setValue(value)
        QApplication.processEvents()
        assert v.visible_blocks() == _blocks_in_view_one_by_one(v), value
    v.resize(500, 37)  # less than two lines: the first block alone, or two
    QApplication.processEvents()
    assert v.visible_blocks() == _blocks_in_view_one_by_one(v)
    # a block whose top is the viewport's last row exactly is in view
    below = v.document().findBlockByNumber(v.visible_blocks()[1] + 3)
    top = round(v.blockBoundingGeometry(below).translated(v.contentOffset()).top())
    v.resize(500, top + 2 * v.frameWidth())
    QApplication.processEvents()
    assert v.viewport().height() == top
    assert v.visible_blocks() == _blocks_in_view_one_by_one(v)
    assert v.visible_blocks()[1] == below.blockNumber()


def test_only_the_visible_blocks_are_drawn_and_nothing_after(qtbot, view):
    v, runs = view
    first, last = v.visible_blocks()
    v.highlighter.set_runs(runs, v.visible_blocks())
    assert _drawn(v) == list(range(first, last + 1))
    _settle(qtbot)
    assert _drawn(v) == list(range(first, last + 1))  # no pass over the rest, now or later
    assert v.highlighter.drawn_count() == last - first + 1
    assert not hasattr(v.highlighter, "busy")


def test_a_block_far_below_is_drawn_when_scrolled_to(qtbot, view):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    far = 300
    assert far not in _drawn(v) and not v.highlighter.is_drawn(far)
    v.scroll_to(v.text.index(f"Paragraph {far} "))
    first, last = v.visible_blocks()
    assert first <= far <= last
    assert set(range(first, last + 1)) <= set(_drawn(v))
    v.verticalScrollBar().setValue(v.verticalScrollBar().maximum())  # to the end
    first2, last2 = v.visible_blocks()
    assert last2 == PARAGRAPHS - 1
    drawn = _drawn(v)
    assert set(range(first2, last2 + 1)) <= set(drawn)
    assert len(drawn) < PARAGRAPHS // 2  # the middle was never shown, nor drawn


def test_layers_at_an_off_screen_position_draws_that_block_first(qtbot, view):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    assert highlighter_of(v.document()) is v.highlighter
    pos = v.text.index("Paragraph 350 ")
    assert 350 not in _drawn(v)
    assert layers_at(v.document(), pos) == ("verbatim",)
    assert layers_at(v.document(), pos + len("Paragraph ")) == ()  # after the run
    assert 350 in _drawn(v) and 349 not in _drawn(v) and 351 not in _drawn(v)  # that block alone
    other = v.text.index("Paragraph 260 ")
    assert format_at(v.document(), other).property(LAYERS_PROPERTY) == "verbatim"
    assert 260 in _drawn(v)


def test_ensure_all_draws_every_block(qtbot, view):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    assert v.highlighter.ensure_all() > 0
    assert _drawn(v) == list(range(PARAGRAPHS))
    assert v.highlighter.ensure_all() == 0  # nothing left


def test_a_layer_toggle_redraws_only_the_visible_blocks(qtbot, view, monkeypatch):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    v.highlighter.ensure_all()  # even with every block drawn before
    v.scroll_to(v.text.index("Paragraph 200 "))
    calls = []
    rehighlight = v.highlighter.rehighlightBlock
    monkeypatch.setattr(v.highlighter, "rehighlightBlock", lambda b: (calls.append(b.blockNumber()), rehighlight(b)))
    first, last = v.visible_blocks()
    v.highlighter.set_enabled({"paraphrase"}, v.visible_blocks())
    assert sorted(calls) == list(range(first, last + 1))
    assert len(calls) < PARAGRAPHS // 4
    _settle(qtbot)
    assert sorted(calls) == list(range(first, last + 1))  # and nothing more afterwards
    assert _raw_layers(v, v.text.index("Paragraph 200 ")) == ()  # on screen: gone at once
    # a block off screen still shows what it showed; asked for, or shown, it is redrawn
    pos = v.text.index("Paragraph 20 ")
    assert _raw_layers(v, pos) == ("verbatim",)
    assert layers_at(v.document(), pos) == ()
    v.scroll_to(v.text.index("Paragraph 390 "))
    assert _raw_layers(v, v.text.index("Paragraph 395 ")) == ()
    calls.clear()
    v.highlighter.set_style(Style("dark"), v.visible_blocks())  # a style change likewise
    first, last = v.visible_blocks()
    assert sorted(calls) == list(range(first, last + 1))


def test_stale_blocks_are_redrawn_with_the_new_runs_when_shown(qtbot, view):
    """The early highlights of a long pair, drawn where the reader was, never linger
    once the final ones are in: a block shown again gets the final ones."""
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    assert _raw_layers(v, 0) == ("verbatim",)
    v.verticalScrollBar().setValue(v.verticalScrollBar().maximum())
    v.highlighter.set_runs(_runs(v.text, "paraphrase"), v.visible_blocks())
    assert _raw_layers(v, v.text.index("Paragraph 399 ")) == ("paraphrase",)
    assert _raw_layers(v, 0) == ("verbatim",)  # off screen: not redrawn yet
    v.verticalScrollBar().setValue(0)
    assert _raw_layers(v, 0) == ("paraphrase",)


def test_a_taller_pane_or_a_smaller_font_draws_the_blocks_it_shows(qtbot, view):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    v.resize(500, 900)
    QApplication.processEvents()
    assert _visible_text_blocks_drawn(v)
    font = v.font()
    font.setPointSizeF(max(4.0, font.pointSizeF() / 2))
    v.setFont(font)
    QApplication.processEvents()
    assert _visible_text_blocks_drawn(v)


def test_formatting_the_blocks_shown_does_not_move_the_reader(qtbot):
    """Bold runs rewrap lines as a block is formatted; the first line shown stays the
    one the reader scrolled to, and a jump lands on its line as it is once drawn."""
    v = TextView("left", Style("light"))
    qtbot.addWidget(v)
    v.resize(420, 300)
    v.show()
    sentence = "Officials said the talks near the border would go on for weeks."
    para = " ".join([sentence] * 6)
    text = "\n".join(f"Paragraph {i}. {para}" for i in range(200))
    v.set_text(text)
    runs = _runs(text, "framing-loaded", whole=True)  # bold: every line wider
    v.highlighter.set_runs(runs, v.visible_blocks())
    for i in (60, 120, 150):
        target = text.index(f"Paragraph {i}.")
        assert not v.highlighter.is_drawn(v.document().findBlock(target).blockNumber())
        v.scroll_to(target)
        assert v.top_offset() == target
        assert _visible_text_blocks_drawn(v)
        QApplication.processEvents()
        assert v.top_offset() == target  # still: drawing the page moved nothing
    # a place inside a long paragraph, reached by a jump: its line is counted once drawn
    inside = text.index("Paragraph 180.") + len("Paragraph 180. ") + 4 * (len(sentence) + 1)  # its 5th sentence
    v.scroll_to(inside)
    QApplication.processEvents()
    assert v.line_of(inside) == v.verticalScrollBar().value()
    assert v.top_offset() <= inside < v.top_offset() + 120


# -- the window: every jump shows its target highlighted, in both panes


def _long_comparison() -> Comparison:
    left = [f"Paragraph {i} about the talks and the troops near the border." for i in range(PARAGRAPHS)]
    right = list(left)
    right[350] = right[350].replace("troops", "soldiers")
    lt, rt = "\n\n".join(left), "\n\n".join(right)

    def spans(paras):
        out, pos = [], 0
        for p in paras:
            out.append(Span(pos, pos + len(p)))
            pos += len(p) + 2
        return out

    ls, rs = spans(left), spans(right)
    matches = []
    for i, (a, b) in enumerate(zip(ls, rs, strict=True)):
        if i == 350:
            at_l, at_r = lt.index("troops", a.start), rt.index("soldiers", b.start)
            change = Change("replace", Span(at_l, at_l + len("troops")), Span(at_r, at_r + len("soldiers")))
            matches.append(Match("paraphrase", a, b, 0.9, (change,)))
        else:
            matches.append(Match("verbatim", a, b, 1.0))
    return Comparison(Article(lt, title="Long left"), Article(rt, title="Long right"),
                      Summary(0.9, 0.9, 1.0, 1.0, 0.9, "mostly"), matches=tuple(matches))


@pytest.fixture
def long_window(qtbot, tmp_path):
    w = main_window(qtbot, tmp_path, size=(1200, 700))
    w.show_comparison(_long_comparison())
    qtbot.waitUntil(lambda: w.comparison is not None and w.is_idle(), timeout=60_000)
    return w


def _far_blocks_undrawn(w) -> None:
    for pane in (w.left, w.right):
        assert not pane.view.highlighter.is_drawn(700)  # paragraph 350


def test_the_window_draws_only_what_it_shows(qtbot, long_window):
    w = long_window
    _settle(qtbot)
    for pane in (w.left, w.right):
        assert _visible_text_blocks_drawn(pane.view)
        assert len(_drawn(pane.view)) < PARAGRAPHS // 2
    _far_blocks_undrawn(w)
    # a tool asking about a place never shown gets its layer all the same
    doc = w.left.view.document()
    assert "verbatim" in layers_at(doc, w.left.view.text.index("Paragraph 300 "))


def test_next_difference_shows_it_highlighted_on_both_sides(qtbot, long_window):
    w = long_window
    _far_blocks_undrawn(w)
    w.view.set_active("left")
    stop = w.view.go("difference")
    assert stop is not None and stop.left is not None and stop.right is not None
    assert "change" in _raw_layers(w.left.view, stop.left.start)
    assert "change" in _raw_layers(w.right.view, stop.right.start)
    for pane in (w.left, w.right):
        assert _visible_text_blocks_drawn(pane.view)


def test_overview_strip_click_shows_the_place_highlighted(qtbot, long_window):
    w = long_window
    target = w.left.view.text.index("Paragraph 330 ")
    w.left.strip.jump.emit(target)
    first, last = w.left.view.visible_blocks()
    assert first <= 660 <= last
    assert "verbatim" in _raw_layers(w.left.view, target)
    for pane in (w.left, w.right):  # the other pane follows, scroll-synced, drawn too
        assert _visible_text_blocks_drawn(pane.view)


def test_find_shows_the_match_highlighted(qtbot, long_window):
    w = long_window
    assert w.view.find("Paragraph 377 ")
    view = w.view.view(w.view.find_hits[w.view.find_index].side)
    assert "verbatim" in _raw_layers(view, view.text.index("Paragraph 377 "))
    assert _visible_text_blocks_drawn(view)


def test_scrolling_one_pane_draws_the_other_pane_s_new_blocks(qtbot, long_window):
    w = long_window
    bar = w.left.view.verticalScrollBar()
    for value in (bar.maximum() // 2, bar.maximum() * 3 // 4, bar.maximum()):
        bar.setValue(value)
        for pane in (w.left, w.right):
            assert _visible_text_blocks_drawn(pane.view)
    assert w.right.view.verticalScrollBar().value() > 0  # it followed


def test_a_layer_toggle_in_the_window_redraws_only_what_is_shown(qtbot, long_window, monkeypatch):
    w = long_window
    calls = {"left": 0, "right": 0}
    for pane in (w.left, w.right):
        hl = pane.view.highlighter
        rehighlight = hl.rehighlightBlock
        monkeypatch.setattr(hl, "rehighlightBlock",
                            lambda b, s=pane.side, f=rehighlight: (calls.__setitem__(s, calls[s] + 1), f(b)))
    w.set_layer("verbatim", False)
    _settle(qtbot)
    for pane in (w.left, w.right):
        first, last = pane.view.visible_blocks()
        assert 0 < calls[pane.side] <= last - first + 1
        assert "verbatim" not in _raw_layers(pane.view, pane.view.text.index("Paragraph 1 "))
    # off screen, asked for: the toggle holds there too
    doc = w.left.view.document()
    assert "verbatim" not in layers_at(doc, w.left.view.text.index("Paragraph 300 "))


def test_a_saved_view_is_put_back_exactly_once_the_comparison_is_drawn(qtbot, tmp_path):
    """The view keeper puts a saved place back when the comparison is drawn, and ends the
    restore there: bold runs rewrap the blocks it shows, yet the first line stays put."""
    from parallax.reader.model import Marker
    from parallax.ui.session import PaneView, ViewState

    sentence = "Officials said the talks near the border would go on for weeks."
    paras = [f"Paragraph {i}. " + " ".join([sentence] * 6) for i in range(200)]
    text = "\n\n".join(paras)
    starts = [text.index(f"Paragraph {i}.") for i in range(200)]
    spans = tuple(Span(s, s + len(p)) for s, p in zip(starts, paras, strict=True))
    c = Comparison(Article(text, title="Left"), Article(text, title="Right"),
                   Summary(1.0, 1.0, 1.0, 1.0, 1.0, "mostly"),
                   matches=tuple(Match("verbatim", s, s, 1.0) for s in spans),
                   framing=tuple(Marker(side, "loaded", s, "x") for s in spans for side in ("left", "right")))
    w = main_window(qtbot, tmp_path, size=(900, 600))
    w.show_comparison(c)
    state = ViewState(PaneView(starts[150]), PaneView(starts[120]), "left",
                      frozenset(w.enabled_layers()))
    w.session.request_restore(state)  # as the library does for a pair it reopens
    qtbot.waitUntil(lambda: w.comparison is not None and w.is_idle(), timeout=60_000)
    QApplication.processEvents()
    assert w.session.restore is None  # put back for good
    assert w.left.view.top_offset() == starts[150]
    assert w.right.view.top_offset() == starts[120]
    for pane in (w.left, w.right):
        assert _visible_text_blocks_drawn(pane.view)
        assert "framing-loaded" in _raw_layers(pane.view, pane.view.top_offset() + 3)
