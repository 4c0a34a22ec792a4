"""Unsure framing markers in the window: drawn apart from the sure ones of their kind (the
panes, the overview strip), shown and hidden with their layer, and explained in the legend."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextCharFormat

from parallax.reader.comparison.layers import UNSURE_KEYS, unsure_key
from parallax.reader.framing.markers import sure_threshold
from parallax.reader.model import Article, Comparison, Marker, Span, Summary
from parallax.ui.highlight import format_at, layers_at
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings
from parallax.ui.style import LAYERS_PROPERTY, Style
from parallax.ui.textpos import Utf16Map

# astral characters before the markers, so Qt's positions and the core's offsets differ
LEFT = "😀 A brutal, savage attack on the town, the purported report said.\nNothing else happened."
RIGHT = "🎉 Officials described an attack on the town.\nThey gave no figures."


def sp(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(i, i + len(part))


def comparison() -> Comparison:
    low = sure_threshold() / 2
    return Comparison(
        Article(LEFT, outlet="Left Times"), Article(RIGHT, outlet="Right Post"),
        Summary(0.3, 0.25, 0.5, 0.45, 0.4, "not"),
        framing=(Marker("left", "loaded", sp(LEFT, "brutal"), "brutal"),
                 Marker("left", "loaded", sp(LEFT, "savage"), "savage", confidence=low),
                 Marker("left", "hedge", sp(LEFT, "purported"), "purported", confidence=low)),
    )


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    w.show_comparison(comparison())
    qtbot.waitUntil(w.is_idle, timeout=20_000)
    return w


def at(word: str) -> int:
    """The UTF-16 position of ``word``'s first character in the left text."""
    return Utf16Map(LEFT).to_qt(LEFT.index(word))


def test_an_unsure_marker_is_drawn_apart_from_a_sure_one_of_its_kind(window):
    doc = window.left.view.document()
    sure, unsure = format_at(doc, at("brutal")), format_at(doc, at("savage"))
    # both on the loaded-terms layer, in its colour...
    assert "framing-loaded" in layers_at(doc, at("brutal")) and "framing-loaded" in layers_at(doc, at("savage"))
    assert sure.foreground().color() == unsure.foreground().color()
    # ...but the sure one bold, the unsure one not, with a dotted underline
    assert sure != unsure
    assert sure.fontWeight() == QFont.Weight.Bold and unsure.fontWeight() != QFont.Weight.Bold
    assert sure.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    assert unsure.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    hedge = format_at(doc, at("purported"))
    assert hedge.fontWeight() != QFont.Weight.Bold and hedge.fontItalic()  # a hedge keeps its italics
    assert hedge.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine


def test_hiding_a_kind_hides_its_sure_and_unsure_markers(window):
    doc = window.left.view.document()
    box = window.view.legend.boxes["framing-loaded"]
    box.setChecked(False)
    assert not window.actions.layers["framing-loaded"].isChecked()
    for word in ("brutal", "savage"):
        assert layers_at(doc, at(word)) == ()
        assert format_at(doc, at(word)) == QTextCharFormat()
    assert "framing-hedge" in layers_at(doc, at("purported"))  # another kind's unsure marker stays
    strip = window.left.strip
    assert {t.layer for t in _ticks(strip)} == {unsure_key("framing-hedge")}
    box.setChecked(True)
    assert format_at(doc, at("brutal")).fontWeight() == QFont.Weight.Bold
    assert format_at(doc, at("savage")).underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert {t.layer for t in _ticks(strip)} == {"framing-loaded", unsure_key("framing-loaded"),
                                                  unsure_key("framing-hedge")}


def _ticks(strip):
    from parallax.reader.comparison.layers import overview

    return overview(strip.items, strip.length, 10_000, enabled=strip.enabled)[1]


def test_the_legend_explains_unsure_markers_and_toggles_them(window, qtbot):
    legend = window.view.legend
    box = legend.unsure
    assert box.accessibleName() == "unsure" and box.isChecked() and box.isEnabled()  # (its words where they fit)
    assert "dotted" in box.toolTip() and "1 on the left, 0 on the right" not in box.toolTip()
    assert "2 on the left, 0 on the right" in box.toolTip()
    assert "Unsure (not bold, dotted): 1 on the left, 0 on the right" in legend.boxes["framing-loaded"].toolTip()
    assert "Unsure" not in legend.boxes["framing-naming"].toolTip()
    action = window.actions["unsure-markers"]
    action.setChecked(False)  # View > Unsure Framing Markers: the legend's box follows, and back
    assert not box.isChecked()
    qtbot.waitUntil(window.is_idle, timeout=30_000)  # the pair is compared again without them
    box.setChecked(True)
    assert action.isChecked()
    qtbot.waitUntil(window.is_idle, timeout=30_000)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_theme_draws_every_framing_layer_unsure_in_its_own_colour(qapp, theme):
    style = Style(theme)
    for key in UNSURE_KEYS:
        layer = key.removesuffix(":unsure")
        sure, unsure = style.merged((layer,)), style.merged((key,))
        assert unsure.foreground().color() == sure.foreground().color(), key
        assert sure.fontWeight() == QFont.Weight.Bold and unsure.fontWeight() != QFont.Weight.Bold, key
        assert unsure.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine, key
        # the overview strip's tick: the layer's swatch, fainter
        assert style.swatch[key].rgb() == style.swatch[layer].rgb()
        assert style.swatch[key].alpha() < style.swatch[layer].alpha()
        # where a sure marker of the kind overlaps an unsure one, it shows as sure
        assert style.merged((layer, key)).fontWeight() == QFont.Weight.Bold
    # a changed word's dashed underline wins over an unsure marker's dotted one, not its colour
    both = style.merged(("change", "framing-loaded:unsure"))
    assert both.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert both.foreground().color() == style.merged(("framing-loaded",)).foreground().color()
    assert both.property(LAYERS_PROPERTY) == "change,framing-loaded"  # the layers, as toggled


def test_the_panel_counts_unsure_markers_apart(window):
    """The framing profile draws each count's unsure part pale and says how many; the
    summary's marker count says how many of them are unsure."""
    from parallax.reader.comparison.figures import framing_profile

    c = comparison()
    assert ("loaded terms", 1, 0) in framing_profile(c, unsure=True)
    assert ("loaded terms", 2, 0) in framing_profile(c)
    assert ("naming", 0, 0) in framing_profile(c, unsure=True)
    panel = window.panel
    for chart in (panel.summary.profile, panel.framing.profile):
        rows = dict(zip((label for label, _ in chart.rows), chart.faint, strict=True))
        assert rows["loaded terms"] == (1, 0) and rows["hedges"] == (1, 0) and rows["naming"] == (0, 0)
    assert "3 in Left Times (2 unsure)" in panel.summary.counts.text()
