"""The palette: every layer styled in both themes, text colours legible on every tint."""

from __future__ import annotations

import itertools
import json
from importlib.resources import files

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from parallax.reader.comparison.layers import LAYER_NAMES, UNSURE_KEYS
from parallax.reader.comparison.palette import specs

PALETTE = json.loads(files("parallax.resources").joinpath("styles/palette.json").read_text(encoding="utf-8"))
# The layers drawn as a background tint (a changed word is marked by an underline and bold
# type on its paraphrase's background, not by a tint of its own: see below).
TINTS = ("verbatim", "paraphrase", "reorder", "unique")


def luminance(colour: str) -> float:
    h = colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_layer_has_a_style_and_a_swatch(theme):
    layers = PALETTE[theme]["layers"]
    assert set(layers) == set(LAYER_NAMES)
    for name, spec in layers.items():
        assert spec.get("swatch"), name
        assert {"background", "foreground", "underline"} & set(spec), name


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_colours_are_legible_on_the_base_and_every_tint(theme):
    """Every text colour as it is drawn, by style key (an unsure framing marker's too): WCAG AA's
    4.5:1 for normal-weight text on the base and every tint, 4.0 for bold text."""
    ui, layers = PALETTE[theme]["ui"], PALETTE[theme]["layers"]
    backgrounds = [ui["base"]] + [layers[n]["background"] for n in TINTS]
    drawn = specs(theme)  # the palette's layers and each framing layer's unsure key, as the window draws them
    assert set(UNSURE_KEYS) <= set(drawn)
    texts = {"text": (ui["text"], False)} | {k: (s["foreground"], bool(s.get("bold")))
                                             for k, s in drawn.items() if "foreground" in s}
    # unsure markers are the normal-weight text in a layer's colour: checked at 4.5 below
    assert all(not texts[k][1] for k in UNSURE_KEYS)
    low = []
    for name, (fg, bold) in texts.items():
        worst = min(contrast(fg, bg) for bg in backgrounds)
        if worst < (4.0 if bold else 4.5):
            low.append((name, round(worst, 2)))
    assert low == [], theme


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tints_are_told_apart_by_lightness_not_only_hue(theme):
    # verbatim vs paraphrase vs unique must differ for readers who cannot tell the hues apart
    layers = PALETTE[theme]["layers"]
    lums = sorted(luminance(layers[n]["background"]) for n in ("verbatim", "paraphrase", "unique"))
    assert all(b - a > 0.01 for a, b in itertools.pairwise(lums))


def test_style_builds_formats_for_both_themes(qapp):
    from parallax.ui.style import Style

    for theme in ("light", "dark"):
        style = Style(theme)
        for name in LAYER_NAMES:
            spec = PALETTE[theme]["layers"][name]
            fmt = style.formats[name]
            # the format carries what the palette says: tint, text colour or underline
            if "background" in spec:
                assert fmt.background().color().name() == spec["background"].lower()[:7], name
            if "foreground" in spec:
                assert fmt.foreground().color().name() == spec["foreground"].lower()[:7], name
            if "underline" in spec:
                assert fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline, name
            assert fmt != type(fmt)(), name
        merged = style.merged(("paraphrase", "verbatim"))
        assert merged.background().color().name().upper() == PALETTE[theme]["layers"]["verbatim"]["background"].upper()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_stays_legible_under_every_starter_tag_colour(theme, tmp_path):
    """A tag's tint is drawn over the layer tints: plain text keeps WCAG AA (4.5:1) and the
    bold coloured framing and fact text keeps 3:1, under every starter tag colour."""
    from parallax.reader.notes.library import Library

    with Library(tmp_path / "lib.db") as lib:
        tag_colours = [t.colour for t in lib.tags()]
    assert tag_colours
    ui, layers = PALETTE[theme]["ui"], PALETTE[theme]["layers"]
    alpha = PALETTE[theme]["tag_tint_alpha"] / 255

    def over(tag: str, bg: str) -> str:
        f, b = (tag.lstrip("#"), bg.lstrip("#"))
        mix = [round(int(f[i:i + 2], 16) * alpha + int(b[i:i + 2], 16) * (1 - alpha)) for i in (0, 2, 4)]
        return "#" + "".join(f"{v:02x}" for v in mix)

    under = [ui["base"]] + [layers[n]["background"] for n in TINTS]
    plain = [(ui["text"], bg) for bg in under] + [(layers["unique"]["foreground"], layers["unique"]["background"])]
    bold = [(s["foreground"], bg) for s in layers.values() if s.get("foreground") and s.get("bold") for bg in under]
    assert min(contrast(fg, over(tag, bg)) for tag in tag_colours for fg, bg in plain) >= 4.5
    assert min(contrast(fg, over(tag, bg)) for tag in tag_colours for fg, bg in bold) >= 3.0
    # and the tint is still there to see (the underline in the tag's colour and the stripe help)
    assert min(contrast(over(tag, ui["base"]), ui["base"]) for tag in tag_colours) > 1.05


def test_the_tag_tint_follows_the_theme(qapp):
    from parallax.ui.style import Style

    assert Style("light").tag_alpha == PALETTE["light"]["tag_tint_alpha"]
    assert Style("dark").tag_alpha == PALETTE["dark"]["tag_tint_alpha"] < Style("light").tag_alpha


# 8: a tagged passage must not look like a detection -----------------------------

TAG_VS_HIGHLIGHT = 12.0  # ΔE00, a solid tag colour (stripe, underline) vs every highlight colour
TINT_VS_TINT = 8.0  # ΔE00, a tag's tint vs every highlight tint (both translucent, so closer)


def _analysis(theme: str):
    layers = PALETTE[theme]["layers"]
    solid = [(f"{n}.{k}", s[k]) for n, s in layers.items() for k in ("swatch", "foreground", "underline") if k in s]
    tints = [(n, s["background"]) for n, s in layers.items() if "background" in s]
    return solid, tints


def test_colour_distance_is_ciede2000():
    from parallax.ui.colours import delta_e, delta_e_lab, over

    # pairs 1, 7, 17 and 25 of Sharma, Wu and Dalal's CIEDE2000 test data
    for first, second, expected in (
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ):
        assert abs(delta_e_lab(first, second) - expected) < 1e-4
    assert delta_e("#009E73", "#009E73") == 0
    assert abs(delta_e("#FFFFFF", "#000000") - 100) < 0.01
    assert over("#000000", "#FFFFFF", 0.5) == "#808080"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tag_colours_are_a_family_apart_from_the_highlight_colours(theme):
    """Every starter and default tag colour is far from every highlight colour, drawn solid
    (margin stripe, underline) and drawn as the translucent tint over the page."""
    from parallax.reader.notes.library import DEFAULT_COLOURS, STARTER_CODEBOOK
    from parallax.ui.colours import delta_e, over

    solid, tints = _analysis(theme)
    base = PALETTE[theme]["ui"]["base"]
    alpha = PALETTE[theme]["tag_tint_alpha"] / 255
    tags = sorted({c for _, c, _ in STARTER_CODEBOOK} | set(DEFAULT_COLOURS))
    near = [(tag, name, round(delta_e(tag, colour), 1)) for tag in tags for name, colour in solid
            if delta_e(tag, colour) < TAG_VS_HIGHLIGHT]
    assert near == []
    near = [(tag, name, round(delta_e(over(tag, base, alpha), colour), 1)) for tag in tags for name, colour in tints
            if delta_e(over(tag, base, alpha), colour) < TINT_VS_TINT]
    assert near == []
    # and the tags are told apart among themselves
    assert min(delta_e(a, b) for a, b in itertools.combinations(tags, 2)) > 20


# 9: a paraphrase is one calm background --------------------------------------------

@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_changed_word_keeps_its_paraphrase_background(theme):
    spec = PALETTE[theme]["layers"]["change"]
    assert "background" not in spec  # no second tint alternating with the paraphrase's
    assert spec["underline"] and spec["underline_style"] != PALETTE[theme]["layers"]["fact-shared"]["underline_style"]


# 10: an unsure framing marker is its kind's colour, drawn apart --------------------

@pytest.mark.parametrize("theme", ["light", "dark"])
def test_unsure_markers_keep_their_kinds_colour_and_differ_by_weight_and_underline(theme):
    unsure = PALETTE[theme]["unsure"]
    # drawn over its layer's style with no colour of its own: an unsure loaded term is in the loaded terms'
    assert not {"background", "foreground", "underline", "swatch"} & set(unsure)
    # what the legend's words say: not bold, a dotted underline (in the text's colour), a fainter tick
    assert unsure["bold"] is False and unsure["underline_style"] == "dot"
    assert 0 < unsure["swatch_alpha"] < 255
    # and every framing layer is bold when sure, so the two differ by more than the underline
    assert all(spec.get("bold") for name, spec in PALETTE[theme]["layers"].items() if name.startswith("framing-"))


# 11: the window and the reports draw from one reading of the palette -----------------

@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_window_draws_the_cores_specs(qapp, theme):
    from parallax.ui.style import Style

    style = Style(theme)
    assert style.layers == specs(theme)  # the layers' and the unsure keys' specs, read once by the core
    for key in UNSURE_KEYS:  # an unsure key: its layer's spec with the theme's unsure keys over it
        unsure = {k: v for k, v in PALETTE[theme]["unsure"].items() if k != "swatch_alpha"}
        assert specs(theme)[key] == {**PALETTE[theme]["layers"][key.removesuffix(":unsure")], **unsure}


def test_a_theme_chosen_in_one_window_reaches_every_other_window(qtbot, tmp_path):
    """View > Theme (or Preferences) in one two-pane window changed the application's
    palette under every window, but only restyled its own: a second pair window, or the
    story view, drew light-theme text colours, icons and chart labels on the dark palette,
    much of it unreadable."""
    from parallax.reader.ingest.article import load
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.story_view import StoryView
    from parallax.ui.style import Style
    from tests.conftest import SEEDS, seed

    settings = open_settings(str(tmp_path / "s.ini"))
    first, second = (MainWindow(settings=settings, theme="light") for _ in range(2))
    story = StoryView(settings=settings, theme="light", open_pair=lambda c: None)
    for w in (first, second, story):
        qtbot.addWidget(w)
        w.show()
    second.show_articles(load(seed("003")), load(seed("004")))
    story.open_sources(sorted(SEEDS.glob("00*.txt"))[:3])
    qtbot.waitUntil(lambda: second.is_idle() and story.is_idle(), timeout=60_000)

    first.set_theme("dark")
    dark = Style("dark")
    assert (second.theme, story.theme) == ("dark", "dark")
    assert second.style_.theme == "dark" and second.view.style_.theme == "dark"
    assert second.panel.summary.shares.text_colour == dark.colour("text")  # chart labels readable
    facts = story.matrix_models["facts"]
    assert facts.style_.theme == "dark" and story.passage.strip.style_.theme == "dark"
    present = next(facts.index(r, c) for r in range(facts.rowCount()) for c in range(2, facts.columnCount())
                   if facts.index(r, c).data() == "✓")
    verbatim = dark.layers.get("verbatim", {}).get("background", dark.swatch["verbatim"].name())
    assert present.data(Qt.ItemDataRole.BackgroundRole).name() == QColor(verbatim).name()
    assert settings.value("view/theme") == "dark"
