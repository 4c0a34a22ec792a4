"""parallax.reader.comparison.layers: what to highlight, navigation order, alignment mapping, panel figures (Qt-free)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallax.reader.comparison.figures import (
    attribution_verbs,
    framing_profile,
    naming_pairs,
    reuse_sentence,
    wire_badge,
)
from parallax.reader.comparison.layers import (
    LAYER_NAMES,
    Alignment,
    build,
    layer_of,
    next_stop,
    overview,
    segments,
    unsure_key,
)
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

LEFT = (
    "Officials said 94,000 troops are near the border. "
    "Biden voiced deep concern about the escalation of forces. "
    "The talks lasted two hours. "
    "Kyiv rejected the plan."
)
RIGHT = (
    "Biden voiced deep concern about the escalation of forces. "
    "Moscow called the purported invasion a fiction. "
    "Sources put the figure at 100,000 troops. "
    "Kiev rejected the plan."
)


def span_of(text: str, part: str, start: int = 0) -> Span:
    i = text.index(part, start)
    return Span(i, i + len(part))


def fixture() -> Comparison:
    shared = "Biden voiced deep concern about the escalation of forces."
    lsh, rsh = span_of(LEFT, shared), span_of(RIGHT, shared)
    lk, rk = span_of(LEFT, "Kyiv rejected the plan."), span_of(RIGHT, "Kiev rejected the plan.")
    return Comparison(
        left=Article(LEFT, outlet="Left Times", credits=("Reuters",), agencies=("Reuters",)),
        right=Article(RIGHT, outlet="Right Post"),
        summary=Summary(0.3, 0.25, 0.5, 0.45, 0.4, "partially"),
        matches=(
            Match("verbatim", lsh, rsh, 1.0),
            Match("paraphrase", lk, rk, 0.8, (Change("replace", span_of(LEFT, "Kyiv"), span_of(RIGHT, "Kiev")),)),
        ),
        unique_left=(span_of(LEFT, "Officials said 94,000 troops are near the border."),
                     span_of(LEFT, "The talks lasted two hours.")),
        unique_right=(span_of(RIGHT, "Moscow called the purported invasion a fiction."),),
        facts=(
            Fact("number", "94,000 troops", (span_of(LEFT, "94,000 troops"),),
                 (span_of(RIGHT, "100,000 troops"),), "conflict"),
            Fact("name", "Biden", (span_of(LEFT, "Biden"),), (span_of(RIGHT, "Biden"),), "shared"),
            Fact("number", "two hours", (span_of(LEFT, "two hours"),), (), "left-only"),
        ),
        framing=(
            Marker("right", "hedge", span_of(RIGHT, "purported"), "purported", None, "distancing"),
            Marker("left", "naming", span_of(LEFT, "Kyiv"), "Kyiv", span_of(RIGHT, "Kiev")),
            Marker("right", "naming", span_of(RIGHT, "Kiev"), "Kiev", span_of(LEFT, "Kyiv")),
            Marker("left", "attribution", span_of(LEFT, "said"), "said", None, "neutral"),
            Marker("right", "attribution", span_of(RIGHT, "called"), "called", None, "neutral"),
        ),
        voices_left=(Voice("Biden", 1, 8),),
        voices_right=(Voice("Biden", 1, 8), Voice("Moscow", 1, 7)),
    )


def test_every_item_lands_on_its_span_and_names_its_counterpart():
    c = fixture()
    layers = build(c)
    for side, text in (("left", LEFT), ("right", RIGHT)):
        for it in layers.items(side):
            assert it.layer in LAYER_NAMES
            assert 0 <= it.span.start < it.span.end <= len(text)
    verbatim = [it for it in layers.left if it.layer == "verbatim"]
    assert len(verbatim) == 1
    assert verbatim[0].counterpart == c.matches[0].right
    assert "Verbatim" in verbatim[0].tip and "Right Post" in verbatim[0].tip
    conflict = [it for it in layers.right if it.layer == "fact-conflict"]
    assert [RIGHT[it.span.start:it.span.end] for it in conflict] == ["100,000 troops"]
    assert "94,000 troops" in conflict[0].tip and "100,000 troops" in conflict[0].tip
    hedge = [it for it in layers.right if it.layer == "framing-hedge"]
    assert hedge and "purported" in hedge[0].tip
    assert {it.layer for it in layers.left if it.span == span_of(LEFT, "two hours")} == {"fact-only"}


def test_items_are_sorted_and_lookups_find_the_innermost_first():
    layers = build(fixture())
    starts = [it.span.start for it in layers.left]
    assert starts == sorted(starts)
    kyiv = LEFT.index("Kyiv") + 1
    at = layers.items_at("left", kyiv)
    assert at[0].span == span_of(LEFT, "Kyiv")
    assert {it.layer for it in at} == {"change", "framing-naming", "paraphrase"}
    hit = layers.counterpart_at("left", kyiv)
    assert hit is not None and hit.counterpart == span_of(RIGHT, "Kiev")
    # with the word-level layers off, the whole paraphrase answers
    hit = layers.counterpart_at("left", kyiv, enabled={"paraphrase"})
    assert hit is not None and hit.counterpart == fixture().matches[1].right
    assert layers.counterpart_at("left", 3) is None  # inside a unique passage


def test_segments_cover_each_item_without_overlap():
    layers = build(fixture())
    segs = segments(layers.left)
    for a, b in itertools.pairwise(segs):
        assert a.end <= b.start
    for it in layers.left:
        for pos in range(it.span.start, it.span.end):
            seg = next(s for s in segs if s.start <= pos < s.end)
            assert it.layer in seg.layers
    only = segments(layers.left, enabled={"verbatim"})
    assert {name for s in only for name in s.layers} == {"verbatim"}


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20), st.sampled_from(LAYER_NAMES)), max_size=30))
def test_segments_property(raw):
    from parallax.reader.comparison.layers import Item

    items = [Item("left", Span(s, s + n), layer, "") for s, n, layer in raw]
    segs = segments(items)
    for a, b in itertools.pairwise(segs):
        assert a.end <= b.start
    for pos in range(0, 75):
        expected = {it.layer for it in items if it.span.start <= pos < it.span.end}
        got = {name for s in segs if s.start <= pos < s.end for name in s.layers}
        assert got == expected


def test_navigation_visits_stops_in_text_order_both_ways():
    layers = build(fixture())
    seen, pos = [], 0
    while (found := next_stop(layers, "difference", "left", pos)) is not None:
        pos, _stop = found
        seen.append(pos[0])
    assert seen == sorted(seen) and len(seen) == len(layers.order[("left", "difference")])
    # right-only differences are placed where the alignment puts them on the left
    assert len(seen) == sum(1 for s in layers.stops if s.kind == "difference")
    back, pos = [], len(LEFT)
    while (found := next_stop(layers, "difference", "left", pos, forward=False)) is not None:
        pos, _stop = found
        back.append(pos[0])
    assert back == seen[::-1]
    first = next_stop(layers, "shared", "right", 0)
    assert first is not None and first[1].right == fixture().matches[0].right
    assert next_stop(layers, "framing", "left", len(LEFT)) is None


def test_alignment_maps_inside_matches_and_interpolates_between():
    c = fixture()
    align = Alignment(c)
    m = c.matches[0]
    assert align("left", m.left.start) == m.right.start
    assert align("right", m.right.start + 10) == m.left.start + 10
    # before the first match on the left: between 0 and the match start on the right
    assert 0 <= align("left", 5) <= m.right.start
    for off in range(0, len(LEFT) + 1, 7):
        assert 0 <= align("left", off) <= len(RIGHT)
    empty = Comparison(Article("abc def"), Article("abc def ghi jkl"), Summary(0, 0, 0, 0, 0, "not"))
    assert Alignment(empty)("left", 7) == 15


def test_overview_marks_rows_with_the_strongest_layer():
    layers = build(fixture())
    bands, ticks = overview(layers.left, len(LEFT), 10)
    assert all(0 <= m.first <= m.last < 10 for m in bands + ticks)
    assert any(m.layer == "unique" for m in bands)
    assert any(m.layer.startswith("framing-") for m in ticks)
    bands, ticks = overview(layers.left, len(LEFT), 10, enabled={"verbatim"})
    assert {m.layer for m in bands} == {"verbatim"} and not ticks


def test_panel_figures():
    c = fixture()
    assert ("hedges", 0, 1) in framing_profile(c)
    assert ("naming", 1, 1) in framing_profile(c)
    assert naming_pairs(c) == [("Kyiv", "Kiev", 1)]
    assert attribution_verbs(c) == [("called", "neutral", 0, 1), ("said", "neutral", 1, 0)]


def test_wire_badge_follows_credits_and_the_reuse_verdict_through_a_swap():
    c = fixture()
    assert "Reuters" in wire_badge(c, c.left, "left")
    assert "partially derived" in wire_badge(c, c.right, "right")
    s = c.swapped()
    assert wire_badge(s, s.right, "right", derived="left") == "credit names Reuters"
    assert "partially derived" in wire_badge(s, s.left, "left", derived="left")
    # neither is dated: the wording shows the reuse, not which came first
    unknown = "Right Post is partially derived from Left Times, or both from one source (which came first is unknown)."
    assert reuse_sentence(c) == unknown
    assert reuse_sentence(s, derived="left") == unknown
    plain = Comparison(Article("a"), Article("b"), Summary(0, 0, 0, 0, 0, "not"))
    assert wire_badge(plain, plain.right, "right") is None
    # an outlet's own name in the credits is no wire evidence; a named agency is
    outlet = Article("b", credits=("Sputnik News",))
    assert wire_badge(plain, outlet, "right") is None
    wire = Article("b", credits=("Reuters",), agencies=("Reuters",))
    assert wire_badge(plain, wire, "right") == "credit names Reuters"


def test_swapped_comparison_mirrors_the_layers():
    c = fixture()
    a, b = build(c), build(c.swapped())
    assert [(i.span, i.layer) for i in a.left] == [(i.span, i.layer) for i in b.right]
    assert [(i.span, i.layer) for i in a.right] == [(i.span, i.layer) for i in b.left]


def test_unsure_markers_stay_on_their_layer_but_are_drawn_by_its_unsure_key():
    from parallax.reader.framing.markers import sure_threshold

    text = "A brutal, savage attack on the town."
    brutal, savage = span_of(text, "brutal"), span_of(text, "savage")
    low = sure_threshold() / 2
    c = Comparison(Article(text), Article("Nothing alike here."), Summary(0, 0, 0, 0, 0, "not"),
                   framing=(Marker("left", "loaded", brutal, "brutal"),
                            Marker("left", "loaded", savage, "savage", confidence=low)))
    layers = build(c)
    loaded = {text[it.span.start:it.span.end]: it for it in layers.left if it.layer == "framing-loaded"}
    assert loaded["brutal"].sure and not loaded["savage"].sure  # the core decides, on its layer
    assert "Unsure" in loaded["savage"].tip and "Unsure" not in loaded["brutal"].tip
    runs = {text[s.start:s.end]: s.layers for s in segments(layers.left)}
    assert runs == {"brutal": ("framing-loaded",), "savage": (unsure_key("framing-loaded"),)}
    assert layer_of(unsure_key("framing-loaded")) == "framing-loaded" == layer_of("framing-loaded")
    # hiding the layer hides both; showing it shows both, each drawn as it is
    assert segments(layers.left, enabled={"verbatim", "framing-hedge"}) == []
    assert [s.layers for s in segments(layers.left, enabled={"framing-loaded"})] == list(runs.values())
    assert len(layers.items_at("left", savage.start, enabled={"framing-loaded"})) == 1
    assert layers.items_at("left", savage.start, enabled={"framing-hedge"}) == []
    # the overview strip ticks them apart too; where both fall in one row, the sure one shows
    _bands, ticks = overview(layers.left, len(text), len(text))
    assert {m.layer for m in ticks} == {"framing-loaded", "framing-loaded:unsure"}
    _bands, ticks = overview(layers.left, len(text), 1)
    assert [m.layer for m in ticks] == ["framing-loaded"]
    assert overview(layers.left, len(text), len(text), enabled={"verbatim"})[1] == []


def test_links_join_linked_markers_and_conflicting_facts_once():
    c = fixture()
    links = build(c).links
    assert (span_of(LEFT, "Kyiv"), span_of(RIGHT, "Kiev"), "framing-naming", -1) in links
    assert (span_of(LEFT, "94,000 troops"), span_of(RIGHT, "100,000 troops"), "fact-conflict", -1) in links
    assert len(links) == 2  # the Kiev/Kyiv pair is linked from both sides but drawn once


def test_every_stop_has_one_place_in_its_kinds_order_on_each_side():
    layers = build(fixture())
    order = layers.order
    assert set(order) == {(side, kind) for side in ("left", "right") for kind in ("difference", "shared", "framing")}
    for (side, kind), keyed in order.items():
        assert list(keyed) == sorted(keyed)
        assert sorted(i for _, i in keyed) == [i for i, s in enumerate(layers.stops) if s.kind == kind]
        for key, i in keyed:
            span = layers.stops[i].on(side)
            assert key == (span.start if span is not None else
                           layers.alignment("right" if side == "left" else "left", layers.stops[i].on(
                               "right" if side == "left" else "left").start))
    with pytest.raises(KeyError):
        order[("left", "nothing")]


def test_reuse_sentence_reads_the_dates_for_the_direction():
    c = fixture()
    dated = replace(c, left=replace(c.left, published="2021-12-07T10:00:00+00:00"),
                    right=replace(c.right, published="2021-12-07T15:00:00+00:00"))
    assert reuse_sentence(dated) == "Right Post is partially derived from Left Times."
    assert reuse_sentence(dated.swapped(), derived="left") == "Right Post is partially derived from Left Times."
    early = replace(c, right=replace(c.right, published="2021-12-06"), left=replace(c.left, published="2021-12-08"))
    assert reuse_sentence(early) == ("Right Post is partially derived from Left Times by their wording, but it is "
                                     "dated earlier: Left Times may derive from it, or both from one source.")
    same_day = replace(c, left=replace(c.left, published="2021-12-07"),
                       right=replace(c.right, published="2021-12-07T15:00:00+00:00"))
    assert reuse_sentence(same_day).endswith("(which came first is unknown).")
    plain = replace(c, summary=c.summary._replace(reuse="not"))
    assert reuse_sentence(plain) == "Right Post is not derived from Left Times."
    # the badge's tooltip says as much
    assert wire_badge(c, c.right, "right") == "reuse verdict: partially derived from the other report, or both from one source"
    assert wire_badge(dated, dated.right, "right") == "reuse verdict: partially derived from the other report"


def _same_layers(a, b) -> None:
    for name in ("left", "right", "connectors", "stops", "longest", "links"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.comparison is b.comparison
    for key in a.order:
        assert a.order[key] == b.order[key], key
    assert [a.align("left", o) for o in range(0, len(LEFT), 7)] == [b.align("left", o) for o in range(0, len(LEFT), 7)]


@pytest.mark.parametrize("seeds", [("003", "004"), ("001", "002")])
def test_the_final_layers_built_on_the_early_ones_are_the_layers_built_at_once(seeds):
    """The window builds the alignment layers of a long pair once, for its early highlights,
    and adds facts and framing to them for the final ones: the same layers as built at once."""
    from parallax.reader.comparison.engine import compare
    from parallax.reader.ingest.article import load
    from tests.conftest import seed

    got = []
    c = compare(load(seed(seeds[0])), load(seed(seeds[1])), unsure_markers=True, partial=got.append)
    assert c.facts and c.framing and got
    early = build(got[0])
    _same_layers(build(c, early=early), build(c))
    assert len(build(c, early=early).left) > len(early.left)


def test_layers_of_another_comparison_are_not_taken_as_early():
    c = fixture()
    other = replace(c, matches=c.matches[1:], facts=(), framing=(), settings={"partial": True})
    with_facts = replace(c, settings={"partial": True})  # not a partial comparison's: it has facts
    for early in (build(other), build(with_facts), build(replace(c, facts=(), framing=()))):
        _same_layers(build(c, early=early), build(c))
