"""The fast paths of parallax.reader.comparison.layers give what the plain way gives.

``build`` and the highlight runs are on the window's critical path for long pairs, so they
take shortcuts (runs as plain lists, items ordered without a key made in Python, a long
passage quoted from its opening); each is pinned here against a straightforward reference
on generated inputs (Qt-free).
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.comparison import layers
from parallax.reader.comparison.layers import (
    LAYER_NAMES,
    UNSURE_KEYS,
    Item,
    Segment,
    segment_runs,
    segments,
    unsure_key,
)
from parallax.reader.model import Span
from parallax.ui.textpos import Utf16Map, qt_runs

# ---------------------------------------------------------------- runs


def reference_segments(items, enabled=None) -> list[Segment]:
    """Every stretch between two span ends with the set of layers over it (an unsure marker's
    by its layer's unsure key), equal neighbours merged."""
    items = [it for it in items if enabled is None or it.layer in enabled]
    cuts = sorted({p for it in items for p in it.span})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        active = {it.layer if it.sure else unsure_key(it.layer)
                  for it in items if it.span.start <= a and b <= it.span.end}
        if not active:
            continue
        names = tuple(name for name in (*LAYER_NAMES, *UNSURE_KEYS) if name in active)
        if out and out[-1].end == a and out[-1].layers == names:
            out[-1] = Segment(out[-1].start, b, names)
        else:
            out.append(Segment(a, b, names))
    return out


# framing markers sure or unsure, as the core makes them
_ITEMS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 25), st.sampled_from(LAYER_NAMES), st.booleans()),
    max_size=40,
).map(lambda raw: [Item("left", Span(s, s + n), layer, "", sure=sure or not layer.startswith("framing-"))
                   for s, n, layer, sure in raw])


@settings(max_examples=300)
@given(_ITEMS, st.none() | st.sets(st.sampled_from(LAYER_NAMES)))
def test_segments_match_the_reference(items, enabled):
    expected = reference_segments(items, enabled)
    assert segments(items, enabled=enabled) == expected
    assert segments(iter(items), enabled=enabled) == expected  # any iterable
    starts, ends, names = segment_runs(items, enabled=enabled)
    assert list(zip(starts, ends, names, strict=True)) == [tuple(s) for s in expected]
    assert all(type(s) is Segment for s in segments(items, enabled=enabled))


def test_segments_merge_touching_runs_and_count_nested_items_of_one_layer():
    items = [Item("left", Span(0, 5), "verbatim", ""), Item("left", Span(5, 9), "verbatim", ""),
             Item("left", Span(2, 4), "verbatim", ""), Item("left", Span(3, 3), "change", ""),
             Item("left", Span(7, 12), "fact-only", "")]
    assert segments(items) == [Segment(0, 7, ("verbatim",)), Segment(7, 9, ("verbatim", "fact-only")),
                               Segment(9, 12, ("fact-only",))]


def test_layer_names_outside_the_list_come_after_it_in_order_of_appearance():
    names = [f"extra-{i}" for i in range(20)]  # more than the event code's first width holds
    items = [Item("left", Span(0, 10), name, "") for name in names]
    items += [Item("left", Span(5, 15), "unique", ""), Item("left", Span(12, 14), "verbatim", "")]
    assert segments(items) == [Segment(0, 5, tuple(names)), Segment(5, 10, ("unique", *names)),
                               Segment(10, 12, ("unique",)), Segment(12, 14, ("verbatim", "unique")),
                               Segment(14, 15, ("unique",))]



def test_more_style_keys_than_a_64_bit_mask_holds_give_the_same_runs():
    """The runs' key sets are kept as 64-bit masks, as Python ints past 64 keys: the same runs."""
    names = [f"extra-{i}" for i in range(70)]
    items = [Item("left", Span(i, i + 30 - i % 7), name, "") for i, name in enumerate(names)]
    items += [Item("left", Span(3, 50), "unique", ""), Item("left", Span(12, 14), "framing-loaded", "", sure=False),
              Item("left", Span(200, 210), names[5], ""), Item("left", Span(220, 230), names[5], ""),
              Item("left", Span(205, 212), "verbatim", "")]
    got = segments(items)
    assert len({name for s in got for name in s.layers}) == 73
    covered = {p for it in items for p in range(*it.span)}
    assert {p for s in got for p in range(s.start, s.end)} == covered  # every covered offset, once
    assert sum(s.end - s.start for s in got) == len(covered)
    assert all(a.end < b.start or a.layers != b.layers for a, b in itertools.pairwise(got))  # maximal
    order = {name: i for i, name in enumerate((*LAYER_NAMES, *UNSURE_KEYS, *names))}
    for s in got:  # each run: exactly the keys of the items over it, in key order
        over = {it.layer if it.sure else unsure_key(it.layer) for it in items
                if it.span.start <= s.start and s.end <= it.span.end}
        assert s.layers == tuple(sorted(over, key=order.__getitem__))
    first: dict[tuple[str, ...], tuple[str, ...]] = {}
    assert all(first.setdefault(keys, keys) is keys for keys in segment_runs(items)[2])  # one tuple per set
    assert len(first) < len(got)  # (some set recurs)


def test_unsure_keys_come_after_the_layer_names_and_before_any_other_name():
    markers = [Item("left", Span(2, 4), "framing-loaded", "", sure=False), Item("left", Span(3, 6), "verbatim", ""),
               Item("left", Span(3, 5), "framing-hedge", "", sure=False)]
    expected = [("framing-loaded:unsure",),
                ("verbatim", "framing-hedge:unsure", "framing-loaded:unsure"),  # in UNSURE_KEYS order
                ("verbatim", "framing-hedge:unsure"),
                ("verbatim",)]
    assert [s.layers for s in segments(markers)] == expected
    names = tuple(f"extra-{i}" for i in range(20))  # past the event code's first width, with the unsure keys
    runs = segments([Item("left", Span(0, 10), name, "") for name in names] + markers)
    assert [s.layers for s in runs] == [names, *((*keys, *names) for keys in expected), names]


_ASTRAL = ("😀", "🇺🇦", "𠀀", "🎉")


@settings(max_examples=200)
@given(st.lists(st.sampled_from(("a", "b", " ", "\n", "é", *_ASTRAL)), max_size=60), _ITEMS)
def test_qt_runs_are_the_segments_in_utf16_positions(chars, items):
    text = "".join(chars)
    items = [it for it in items if it.span.end <= len(text)]
    u16 = Utf16Map(text)
    expected = reference_segments(items)
    runs = qt_runs(items, text)
    assert runs.starts == [u16.to_qt(s.start) for s in expected]
    assert runs.ends == [u16.to_qt(s.end) for s in expected]
    assert runs.layers == [s.layers for s in expected]


# ------------------------------------------------------------- item order


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8),
                          st.sampled_from((*LAYER_NAMES, "framing-other", "framing-else")), st.integers(0, 3)),
                max_size=60))
def test_items_come_out_as_a_stable_sort_by_start_rank_and_end(raw):
    # the tips tell items equal in start, rank and end apart: those keep the order they came in
    items = [Item("left", Span(s, s + n), layer, f"{k}:{tie}") for k, (s, n, layer, tie) in enumerate(raw)]
    made = layers._Items()
    for it in items:
        made.of(it.layer).append(it)
    rank = {name: i for i, name in enumerate(LAYER_NAMES)}
    assert made.ordered() == sorted(items, key=lambda it: (it.span.start, rank.get(it.layer, 99), it.span.end))


# ------------------------------------------------------------- tooltips

# every kind of whitespace str.split() splits on, quote marks _quote strips, letters and astral ones
_CHARS = (" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028",
          '"', "'", "“", "”", "‘", "’", "«", "»", "„", "a", "bc", "Kyiv", "94,000", "é", "😀", "…")


def reference_quote(text: str, span: Span | None, limit: int = 60) -> str:
    if span is None:
        return ""
    s = " ".join(span.slice(text).split()).strip("\"'“”‘’«»„")
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return f"“{s}”"


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_CHARS), max_size=400), st.data(), st.sampled_from((1, 2, 5, 12, 60, 140)))
def test_quote_matches_the_whole_passage_quoted(parts, data, limit):
    text = "".join(parts)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = Span(start, end)
    assert layers._quote(text, span, limit) == reference_quote(text, span, limit)
    assert layers._quoted(text[start:end], limit) == reference_quote(text, span, limit)


def test_quote_of_a_long_passage_opening_with_marks_and_space():
    text = "“" * 300 + " \u2003 " * 50 + "word " * 200 + "”" * 40
    for start in (0, 150, 299, 300, 450):
        for end in (len(text), len(text) - 45, 1200):
            for limit in (5, 60, 140):
                span = Span(start, end)
                assert layers._quote(text, span, limit) == reference_quote(text, span, limit)
    # a short quotation closed by a long run of marks: the opening is all it has
    for text in ("ab" + "”" * 400, "ab " + "” " * 200, "x" * 70 + "”" * 400, "“" * 400 + "ab"):
        for limit in (5, 60, 140):
            span = Span(0, len(text))
            assert layers._quote(text, span, limit) == reference_quote(text, span, limit)
