"""Highlights drawn where the reader looks: the visible blocks at once, the others in the
background, or (the early highlights of a long pair) as each is scrolled into view
(ui/highlight.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from parallax.ui.style import Style
from parallax.ui.textpos import QtRuns
from parallax.ui.textview import TextView

PARAGRAPHS = 400


@pytest.fixture
def view(qtbot):
    v = TextView("left", Style("light"))
    qtbot.addWidget(v)
    v.resize(500, 300)
    v.show()
    text = "\n".join(f"Paragraph {i} says something." for i in range(PARAGRAPHS))
    v.set_text(text)
    # one run over the first word of every paragraph (all ASCII: UTF-16 = code points)
    starts, pos = [], 0
    for line in text.split("\n"):
        starts.append(pos)
        pos += len(line) + 1
    runs = QtRuns(starts, [s + len("Paragraph") for s in starts], [("verbatim",)] * len(starts))
    return v, runs


def _drawn(view) -> list[int]:
    """Numbers of the blocks carrying a format."""
    out, block = [], view.document().begin()
    while block.isValid():
        if block.layout().formats():
            out.append(block.blockNumber())
        block = block.next()
    return out


def test_early_highlights_only_where_the_reader_looks(qtbot, view):
    v, runs = view
    first, last = v.visible_blocks()
    v.highlighter.set_runs(runs, v.visible_blocks(), background=False)
    assert not v.highlighter.busy()
    assert _drawn(v) == list(range(first, last + 1))
    v.verticalScrollBar().setValue(v.verticalScrollBar().maximum())  # to the end
    first2, last2 = v.visible_blocks()
    assert last2 == PARAGRAPHS - 1
    drawn = _drawn(v)
    assert set(range(first2, last2 + 1)) <= set(drawn)
    assert len(drawn) < PARAGRAPHS  # the middle was never shown, nor drawn


def test_final_highlights_everywhere_in_the_background(qtbot, view):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    qtbot.waitUntil(lambda: not v.highlighter.busy(), timeout=30_000)
    assert _drawn(v) == list(range(PARAGRAPHS))


def test_scrolling_ahead_of_the_background_pass(qtbot, view):
    v, runs = view
    v.highlighter.set_runs(runs, v.visible_blocks())
    assert v.highlighter.busy()
    v.verticalScrollBar().setValue(v.verticalScrollBar().maximum())
    first, last = v.visible_blocks()
    assert set(range(first, last + 1)) <= set(_drawn(v))  # at once, before the pass gets there
    qtbot.waitUntil(lambda: not v.highlighter.busy(), timeout=30_000)
    assert _drawn(v) == list(range(PARAGRAPHS))
