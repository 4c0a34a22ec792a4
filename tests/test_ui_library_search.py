"""Library search (#16 item 5): a double click on a result shows the hit selected in the reader
(the word in an article, the annotated passage, both ends of a link), and a single click opens
nothing, so the reader window cannot rise under the pointer and take the second click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from parallax.reader.model import Span
from tests.conftest import seed
from tests.test_ui_library import app_window, wait_idle  # noqa: F401  (a fixture)


def _click(lw, row: int, *, double: bool) -> None:
    item = lw.results.item(row)
    lw.results.scrollToItem(item)
    at: QPoint = lw.results.visualItemRect(item).center()
    vp = lw.results.viewport()
    # a real double click: press, release, then the second press as a double click, release
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    if double:
        QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


@pytest.fixture
def desk(app_window, qtbot):  # noqa: F811
    """The demo pair on screen; seeds 003 and 004 compared earlier, with a noted passage and
    a noted link in that comparison."""
    window, wf = app_window
    lib = wf.session.lib
    lw = wf.open_library()
    qtbot.addWidget(lw)
    first = wf.session.comparison_id
    a3, a4 = lw.add_files([str(seed("003")), str(seed("004"))])
    assert wf.open_pair(a3, a4)
    wait_idle(window)
    t3, t4 = lib.article_text(a3), lib.article_text(a4)
    s3, s4 = t3.index("Putin"), t4.index("sanctions")
    spans = {"a3": Span(s3, s3 + 20), "a4": Span(s4, s4 + 30)}
    lib.add_annotation(a4, spans["a4"], note="zebraword passage", comparison_id=wf.session.comparison_id)
    lib.link_passages(a3, spans["a3"], a4, Span(s4 + 40, s4 + 60), "contradicts",
                      note="quagga link", comparison_id=wf.session.comparison_id)
    wf.open_comparison(first)
    wait_idle(window)
    assert wf.session.side_of(a4) is None
    return window, wf, lw, a3, a4, spans


def _selected(window, wf, article_id: int) -> str:
    side = wf.session.side_of(article_id)
    assert side is not None, "the hit's article is not on screen"
    return window.view.view(side).textCursor().selectedText()


def test_a_single_click_on_a_result_opens_nothing(desk):
    window, wf, lw, _a3, a4, _spans = desk
    shown = []
    lw.showPassage.connect(lambda *a: shown.append(a))
    hits = lw.run_search("zebraword")
    _click(lw, next(i for i, h in enumerate(hits) if h.kind == "annotation"), double=False)
    wait_idle(window)
    assert shown == [] and wf.session.side_of(a4) is None


@pytest.mark.parametrize("query", ["sanctions", "zebraword"])
def test_double_clicking_a_result_selects_the_hit_in_its_pane(desk, query):
    window, wf, lw, _a3, a4, spans = desk
    hits = lw.run_search(query)
    kind = "article" if query == "sanctions" else "annotation"
    row = next(i for i, h in enumerate(hits) if h.kind == kind and h.article_id == a4)
    _click(lw, row, double=True)
    wait_idle(window)
    want = "sanctions" if kind == "article" else spans["a4"].slice(wf.session.lib.article_text(a4))
    assert _selected(window, wf, a4) == want


def test_double_clicking_a_link_note_selects_both_ends(desk):
    window, wf, lw, a3, a4, spans = desk
    hits = lw.run_search("quagga")
    _click(lw, next(i for i, h in enumerate(hits) if h.kind == "link"), double=True)
    wait_idle(window)
    lib = wf.session.lib
    assert _selected(window, wf, a3) == spans["a3"].slice(lib.article_text(a3))
    assert _selected(window, wf, a4) == lib.article_text(a4)[spans["a4"].start + 40:spans["a4"].start + 60]


def test_the_article_list_names_source_files_not_folders(desk):
    _window, _wf, lw, _a3, a4, _spans = desk
    lw.refresh()
    row = next(r for r in range(lw.articles.rowCount())
               if int(lw.articles.item(r, 0).data(Qt.ItemDataRole.UserRole)) == a4)
    tip = lw.articles.item(row, 0).toolTip()
    assert tip == f"Source: {seed('004').name}"
    assert str(seed("004").parent) not in tip
