"""Spans snap to grapheme clusters (issue #18.9): an accent written apart, a
variation selector, a flag, an Indic syllable is never cut in two."""

from __future__ import annotations

import bisect

import regex
from hypothesis import given
from hypothesis import strategies as st

from parallax.reader.model import Span
from parallax.reader.text.graphemes import boundaries, snap_end, snap_span, snap_start

# Characters whose clusters run over several code points, and plain ones around them.
PIECES = [
    "a", "e", "Z", " ", "\n", "\r\n", ".", "\u0301", "\u0308", "\ufe0f", "\u200d", "👍", "👩", "💻",
    "🇫", "🇷", "न", "म", "\u094d", "\u0947", "ᄀ", "ᅡ", "ᆨ", "한", "\u05b7", "ש", "漢", "\u0e31", "ก",
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def _truth(text: str) -> list[int]:
    return [0, *(m.end() for m in regex.finditer(r"\X", text))]


def test_an_end_after_a_letter_takes_its_combining_accent():
    text = "Le caf\u0065\u0301 est ferm\u0065\u0301."  # "café", "fermé" with the accents apart
    assert snap_span(text, Span(3, 7)) == Span(3, 8)
    assert text[3:8] == "cafe\u0301"
    assert snap_span(text, Span(7, 8)) == Span(6, 8)  # a span holding only the accent
    assert snap_span(text, Span(0, 2)) == Span(0, 2)  # spans on boundaries stay


def test_an_emoji_keeps_its_variation_selector_and_a_flag_its_pair():
    text = "Great 👍\ufe0f and 🇫🇷!"
    s = text.index("👍")
    assert snap_span(text, Span(0, s + 1)) == Span(0, s + 2)
    f = text.index("🇫")
    assert snap_span(text, Span(f + 1, f + 2)) == Span(f, f + 2)
    assert snap_start(text, f + 1) == f and snap_end(text, f + 1) == f + 2


def test_a_devanagari_syllable_is_one_cluster():
    text = "नमस्ते दुनिया"
    got = snap_span(text, Span(0, 3))  # ends between "स" and its virama
    assert got.start == 0 and got.end >= 4  # the virama (and the conjunct it makes) stays whole
    assert text[got.end - 1] != "\u094d"


@given(texts, st.data())
def test_snapped_spans_are_the_smallest_cluster_spans_around(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    truth = _truth(text)
    assert boundaries(text) == truth
    got = snap_span(text, Span(a, b))
    assert got.start in truth and got.end in truth
    assert got.start <= a and got.end >= b
    assert got.start == truth[bisect.bisect_right(truth, a) - 1]  # the nearest boundary before
    assert got.end == truth[bisect.bisect_left(truth, b)]  # the nearest boundary after
    assert snap_span(text, got) == got


@given(st.text(max_size=80), st.data())
def test_any_text_snaps_within_itself(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    got = snap_span(text, (a, b))
    truth = _truth(text)
    assert 0 <= got.start <= a <= b <= got.end <= len(text)
    assert got.start in truth and got.end in truth
