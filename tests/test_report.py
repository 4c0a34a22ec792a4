"""Markdown and HTML reports: complete, readable, and every article string escaped."""

from __future__ import annotations

import re

from parallax.reader.comparison.engine import compare
from parallax.reader.comparison.report import to_html, to_markdown
from parallax.reader.ingest.article import from_text, load
from tests.conftest import seed

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _evil_pair():
    base = ("The agency said the new bridge across the river would open to traffic in spring "
            "after three years of work.")
    left = from_text(f"{base} {EVIL} “purported” plan.", source=f"left{EVIL}.txt")
    right = from_text(f"{base} Critics called it a “so-called” {EVIL} success.", source="right.txt")
    return compare(left, right)


def test_html_is_self_contained_and_escaped():
    page = to_html(_evil_pair())
    assert "<script>" not in page and "<img" not in page
    assert "&lt;" in page and "onerror" in page  # shown as text, escaped
    assert not re.search(r"(src|href)=\"https?:", page)  # no external resources
    assert "<style>" in page and "legend" in page


def _highlighted(page: str, pane: int) -> dict[str, list[str]]:
    """The text each class wraps in one pane of the HTML report (legend left out)."""
    import html as h

    body = page.split('<div class="pane"', 3)[pane + 1].split("</div>", 1)[0]
    out: dict[str, list[str]] = {}
    for classes, chunk in re.findall(r'<span class="([^"]+)"[^>]*>([^<]*)</span>', body):
        for cls in classes.split():
            out.setdefault(cls, []).append(h.unescape(chunk))
    return out


def test_html_highlights_cover_the_texts():
    # every marker, unsure ones too (as --all-markers): the report must draw each kind it is given
    c = compare(load(seed("003")), load(seed("004")), unsure_markers=True)
    page = to_html(c)
    left, right = _highlighted(page, 0), _highlighted(page, 1)
    # each highlight class wraps real text in the panes, not just the legend (a framing kind's
    # class, or its unsure class: every scare quote here is unsure)
    for cls in ("v", "u", "m-scare-quote", "m-naming"):
        assert any(left.get(c) or right.get(c) for c in (cls, f"{cls}-unsure")), cls
    # verbatim runs are text both sides carry; naming marks the name, not a stray piece
    # (runs are bridged across small edits, so "carried" means a near-exact partial match)
    from rapidfuzz import fuzz

    long_runs = [chunk.strip() for chunk in left["v"] if len(chunk.strip()) > 20]
    assert long_runs
    assert all(fuzz.partial_ratio(chunk, c.right.text) >= 90 for chunk in long_runs)
    assert not all(fuzz.partial_ratio(chunk, c.right.text) >= 90 for chunk in left.get("u", ["zzzz qqqq"]))
    assert "Kiev" in "".join(left.get("m-naming", []) + right.get("m-naming", []))
    # a report with nothing shared paints no verbatim text
    bare = _highlighted(to_html(compare("Alpha beta gamma delta.", "Epsilon zeta eta theta.")), 0)
    assert "v" not in bare
    # the texts survive, escaped, in full
    import html as h

    stripped = h.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Kiev fails to fulfill the relevant Minsk agreements" in stripped


def test_markdown_report_sections_and_escaping():
    md = to_markdown(_evil_pair())
    for heading in ("## Summary", "## Verbatim shared passages", "## Paraphrased sentences",
                    "## Facts", "## Framing", "## Voices"):
        assert heading in md
    assert "<script>" not in md
    # every marker, unsure ones too (as --all-markers): the report must draw each kind it is given
    c = compare(load(seed("003")), load(seed("004")), unsure_markers=True)
    md = to_markdown(c)
    assert "scare-quote" in md and "Kiev" in md


# ---------------------------------------------------------------- unsure framing markers

LEFT = "A brutal, savage attack on the town, the purported report said.\nNothing else happened."
RIGHT = "Officials described an attack on the town.\nThey gave no figures."


def _sp(text: str, part: str):
    from parallax.reader.model import Span

    i = text.index(part)
    return Span(i, i + len(part))


def _unsure_pair(*, unsure: bool = True):
    """Sure "brutal", unsure "savage" and "purported" (and an unsure "brutal, savage" over
    the sure "brutal"), as the window's tests have them."""
    from parallax.reader.framing.markers import sure_threshold
    from parallax.reader.model import Article, Comparison, Marker, Summary

    low = sure_threshold() / 2
    framing = (Marker("left", "loaded", _sp(LEFT, "brutal"), "brutal"),
               Marker("left", "loaded", _sp(LEFT, "savage"), "savage", confidence=low),
               Marker("left", "loaded", _sp(LEFT, "brutal, savage"), "brutal, savage", confidence=low),
               Marker("left", "hedge", _sp(LEFT, "purported"), "purported", note="distancing", confidence=low))
    return Comparison(Article(LEFT, outlet="Left Times"), Article(RIGHT, outlet="Right Post"),
                      Summary(0.3, 0.25, 0.5, 0.45, 0.4, "not"),
                      framing=framing if unsure else framing[:1])


def _rules(page: str) -> dict[str, str]:
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    return dict(re.findall(r"^\.([\w-]+)\{([^}]*)\}$", css, re.M))


def test_html_draws_unsure_markers_apart_in_the_windows_style():
    import html as h

    from parallax.reader.comparison.palette import declarations, palette_data, specs

    page = to_html(_unsure_pair())
    spans = re.findall(r'<span class="([^"]+)" title="([^"]*)">([^<]*)</span>', page.split('<div class="cols">')[1])
    by_text = {h.unescape(text): (classes.split(), h.unescape(title)) for classes, title, text in spans}
    # the sure loaded term in its kind's sure style; where an unsure one of its kind lies over it, it shows sure
    assert by_text["brutal"][0] == ["m-loaded"]
    assert by_text["savage"][0] == ["m-loaded-unsure"] and by_text["purported"][0] == ["m-hedge-unsure"]
    from parallax.reader.framing.markers import sure_threshold

    share = f"{sure_threshold() / 2:.0%}"
    assert f"unsure: people marked words like these {share} of the time" in by_text["savage"][1]
    assert "unsure" not in by_text["brutal"][1].replace("loaded, unsure", "")  # its own title is sure
    # the styles are the palette's (light) specs, the window's: nothing hard-coded
    light, rules = specs("light"), _rules(page)
    assert rules["m-loaded"] == declarations(light["framing-loaded"])
    assert rules["m-loaded-unsure"] == declarations(light["framing-loaded:unsure"])
    assert rules["m-hedge-unsure"] == declarations(light["framing-hedge:unsure"])
    loaded = palette_data()["light"]["layers"]["framing-loaded"]["foreground"]
    assert f"color:{loaded}" in rules["m-loaded"] and "font-weight:bold" in rules["m-loaded"]
    assert f"color:{loaded}" in rules["m-loaded-unsure"] and "bold" not in rules["m-loaded-unsure"]
    assert "text-decoration:underline dotted" in rules["m-loaded-unsure"]
    for cls in ("v", "p", "u", "r", "ch", "m-loaded", "m-hedge-unsure", "unsure-key"):
        colours = re.findall(r"#[0-9A-Fa-f]{6}", rules[cls])
        assert colours and set(colours) <= set(re.findall(r"#[0-9A-Fa-f]{6}", json_palette())), cls
    # a changed word's dashed underline wins over an unsure marker's dotted one, as in the window
    css = page.split("<style>", 1)[1]
    assert css.index(".m-loaded-unsure{") < css.index(".ch{") < css.index(".m-loaded{")
    # the legend has the key to the style and says what it means, with the counts
    legend = page.split('<div class="legend">', 1)[1].split("</div>", 1)[0]
    assert '<span class="unsure-key">unsure</span>' in legend
    assert "not bold, with a dotted underline" in legend and "human-annotated news" in legend
    assert "3 on the left, 0 on the right" in legend


def json_palette() -> str:
    from importlib.resources import files

    return files("parallax.resources").joinpath("styles/palette.json").read_text(encoding="utf-8")


def test_html_says_when_unsure_markers_were_left_out():
    page = to_html(_unsure_pair(unsure=False))
    assert "m-loaded-unsure\"" not in page
    assert "None are shown here (parallax compare --all-markers shows them)" in page


def test_markdown_marks_unsure_markers():
    md = to_markdown(_unsure_pair())
    framing = md.split("## Framing", 1)[1].split("## Voices", 1)[0]
    assert "*Unsure* markers are words people marked as loaded or doubtful less reliably" in framing
    assert "### Left (4, 3 unsure)" in framing and "### Right (0)" in framing
    lines = {line.split(":", 1)[1].split(" (")[0].split(" —")[0].strip(): line
             for line in framing.splitlines() if line.startswith("- ")}
    assert lines["brutal"] == "- loaded: brutal"
    from parallax.reader.framing.markers import sure_threshold

    share = f"{sure_threshold() / 2:.0%}"
    assert lines["savage"] == f"- loaded: savage — *unsure*: people marked words like these {share} of the time"
    assert lines["purported"].startswith("- hedge: purported (distancing) — *unsure*")
    assert "unsure" not in to_markdown(_unsure_pair(unsure=False))


def test_the_json_record_says_whether_each_marker_is_sure():
    from parallax.reader.comparison.report import to_record
    from parallax.reader.framing.markers import is_sure

    c = _unsure_pair()
    record = to_record(c)
    assert record["version"] == 1  # a field added: the same schema version
    assert [m["sure"] for m in record["framing"]] == [is_sure(m) for m in c.framing] == [True, False, False, False]
    assert all(set(m) == {"side", "category", "span", "text", "counterpart", "confidence", "sure"}
               for m in record["framing"])
    assert {k: v for k, v in record.items() if k != "framing"} == {k: v for k, v in c.to_dict().items()
                                                                    if k != "framing"}


def _style(page: str) -> str:
    return page.split("<style>", 1)[1].split("</style>", 1)[0]


def test_reports_follow_the_readers_dark_theme():
    """Both reports draw the window's light theme, and its dark theme when the reader's
    system asks for one: every colour from the palette, none written into the report."""
    from parallax.reader.comparison.collate import compare_many
    from parallax.reader.comparison.collate_report import to_html as collation_html
    from parallax.reader.comparison.palette import declarations, palette_data, specs

    pair = to_html(_unsure_pair())
    collation = collation_html(compare_many([load(seed(k)) for k in ("002", "003", "004")]))
    for page in (pair, collation):
        assert '<meta name="color-scheme" content="light dark">' in page
        css = _style(page)
        assert set(re.findall(r"#[0-9A-Fa-f]{6}", css)) <= set(re.findall(r"#[0-9A-Fa-f]{6}", json_palette()))
        light, dark = css.split("@media (prefers-color-scheme: dark){", 1)
        for theme, part in (("light", light), ("dark", dark)):
            ui = palette_data()[theme]["ui"]
            assert f"--text:{ui['text']}" in part and f"--base:{ui['base']}" in part, theme
        # the page's own rules read the theme's colours, so the dark query recolours them too
        assert "color:var(--text)" in css and "background:var(--base)" in css
    # each highlight in the dark query is the dark theme's spec of its key, as the window draws it
    dark_rules = dict(re.findall(r"^  \.([\w-]+)\{([^}]*)\}$", _style(pair).split("@media", 1)[1], re.M))
    dark = specs("dark")
    assert dark_rules["m-loaded"] == declarations(dark["framing-loaded"])
    assert dark_rules["m-loaded-unsure"] == declarations(dark["framing-loaded:unsure"])
    assert dark_rules["v"] == declarations(dark["verbatim"]) and dark_rules["unsure-key"]


_WIRE = ("The central bank raised its main interest rate by half a percentage point on Thursday, its third "
         "increase this year, as inflation stayed well above target. Governor Maria Lindqvist told reporters "
         "that further rises could not be ruled out if prices kept climbing. The decision was expected by "
         "most economists polled before the meeting. Retail lenders said they would pass the increase on to "
         "mortgage holders from next month.")


def test_reports_state_the_reuse_sentence_as_a_sentence():
    c = compare(from_text(_WIRE), from_text(_WIRE.replace("on Thursday", "on Thursday morning")))
    md = to_markdown(c)
    assert "Reuse: **wholly**. The right report is wholly derived from the left report" in md
    assert "The right report is wholly derived from the left report" in to_html(c)
