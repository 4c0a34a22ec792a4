"""A message with two counts gives each its own plural ("6 quotes / 1 quote", "3 times,
1 word"), never one noun for both ("6/1 quotes", "1 words")."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from parallax.reader.comparison.collation import VoiceCell
from parallax.reader.comparison.engine import compare
from parallax.reader.ingest.article import load
from parallax.ui.panel import SidePanel
from parallax.ui.style import Style
from tests.conftest import seed

COUNT = re.compile(r"\b(\d+) (quotes?)\b")


@pytest.fixture(scope="module")
def pair_comparison():
    return compare(load(seed("003")), load(seed("004")))


def agrees(n: str, noun: str) -> bool:
    return (int(n) == 1) == (noun == "quote")


def test_the_voices_chart_gives_each_sides_count_of_quotes_its_own_plural(qtbot, pair_comparison):
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_comparison(pair_comparison, Style("light"))
    speakers = [label for label, _ in panel.framing.voices.rows]
    assert speakers
    tip = panel.framing.voices.toolTip().splitlines()  # how often each side quotes whom
    assert len(tip) == len(speakers)
    for speaker, line in zip(speakers, tip, strict=True):
        counts = COUNT.findall(line)
        assert line.startswith(speaker + ": ") and len(counts) == 2, line  # a noun for each side's count
        assert all(agrees(n, noun) for n, noun in counts), line
    assert any(n == "1" for line in tip for n, _ in COUNT.findall(line))  # the singular is exercised
    assert not any(COUNT.search(s) or "/" in s for s in speakers)  # no count left with a noun not its own
    voices = panel.framing.voices
    assert all(line in voices.row_tooltip(k) for k, line in enumerate(tip))  # and over its own row
    panel.set_comparison(None, Style("light"))
    assert panel.framing.voices.toolTip() == ""


def test_a_voice_cells_tooltip_counts_times_and_words_apart(qtbot):
    from parallax.reader.comparison.collate import compare_many
    from parallax.ui.story_models import VoicesModel

    collation = compare_many([load(seed(p)) for p in ("000", "001", "002")])
    model = VoicesModel(collation, Style("light"))
    row = collation.voices[0]
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.cell(row, VoiceCell(source=0, quotes=3, words=1), tip).endswith("3 times, 1 word in all.")
    assert model.cell(row, VoiceCell(source=0, quotes=1, words=1), tip).endswith("once, 1 word in all.")
    assert model.cell(row, VoiceCell(source=0, quotes=2, words=40), tip).endswith("2 times, 40 words in all.")


def test_the_naming_table_says_what_its_count_is(qtbot, pair_comparison):
    """Its third column was headed '×', which says nothing to a reader; each row now
    also says itself in words on hover, the count with its own plural."""
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_comparison(pair_comparison, Style("light"))
    model = panel.framing.naming
    header = model.headerData(2, Qt.Orientation.Horizontal)
    assert any(ch.isalpha() for ch in header), header
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        left, right, n = (model.index(row, col).data() for col in range(3))
        tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.endswith(f": {n} time" if n == "1" else f": {n} times"), tip
        assert (f"“{left}”" if left else "no counterpart") in tip and (f"“{right}”" if right else "no counterpart") in tip


def test_the_framing_tables_take_the_sides_names_with_their_rows_in_one_reset(qtbot, pair_comparison):
    """The naming and verbs tables are headed by the sides' names: given with the rows, in the
    same reset, so a table sizes its columns once (a header change after it sized them again)."""
    panel = SidePanel()
    qtbot.addWidget(panel)
    tab = panel.framing
    seen = []
    for model in (tab.naming, tab.verbs):
        model.modelReset.connect(lambda m=model: seen.append(("reset", m)))
        model.headerDataChanged.connect(lambda *_, m=model: seen.append(("header", m)))
    panel.set_comparison(pair_comparison, Style("light"))
    assert seen == [("reset", tab.naming), ("reset", tab.verbs)]
    ln = pair_comparison.left.outlet or "the left report"
    rn = pair_comparison.right.outlet or "the right report"
    heads = [[m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())] for m in (tab.naming, tab.verbs)]
    assert heads == [[ln, rn, "Times"], ["Verb", "Stance", ln, rn]]
    tab.verbs.set_rows([], headers=("a", "b"))  # not as many: the names stay
    assert tab.verbs.headerData(0, Qt.Orientation.Horizontal) == "Verb"


def test_the_summary_and_framing_tabs_chart_the_framing_profile_counted_once(qtbot, pair_comparison):
    from parallax.reader.comparison.figures import framing_profile
    from parallax.ui.panel import framing_profiles

    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_comparison(pair_comparison, Style("light"))
    profile, pale = framing_profile(pair_comparison), framing_profile(pair_comparison, unsure=True)
    assert framing_profiles(pair_comparison) == (profile, pale)
    for chart in (panel.summary.profile, panel.framing.profile):
        assert chart.rows == [(label, (a, b)) for label, a, b in profile]
        assert chart.faint == [(a, b) for _, a, b in pale]
    given = ([("hedges", 7, 1)], [("hedges", 2, 0)])  # what a caller counted: charted as given
    panel.framing.set_comparison(pair_comparison, Style("light"), profiles=given)
    assert panel.framing.profile.rows == [("hedges", (7, 1))] and panel.framing.profile.faint == [(2, 0)]
