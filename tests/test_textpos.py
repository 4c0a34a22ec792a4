"""The one code-point <-> UTF-16 conversion, with astral characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parallax.reader.model import Span
from parallax.ui.textpos import Utf16Map


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_shift_positions():
    text = "a😀b🇺🇦c"
    m = Utf16Map(text)
    assert [m.to_qt(i) for i in range(len(text) + 1)] == [
        _u16(text[:i]) for i in range(len(text) + 1)
    ]
    assert m.span_to_qt(Span(2, 3)) == (3, 1)  # "b" after one emoji
    assert m.span_from_qt(3, 4) == Span(2, 3)


def test_position_inside_a_surrogate_pair_maps_to_the_character():
    m = Utf16Map("x😀y")
    assert m.from_qt(2) == 1


@given(st.text())
def test_round_trip_any_text(text):
    m = Utf16Map(text)
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert q == _u16(text[:i])
        assert m.from_qt(q) == i


@given(st.text(st.characters(max_codepoint=0xFFFF)), st.text(), st.text())
def test_only_a_text_with_an_astral_character_counts_otherwise(bmp, before, after):
    """Astral characters are looked for only in a text whose UTF-16 is longer than its
    code points: any other text maps one to one, lone surrogates (one unit each) included."""
    assert Utf16Map(bmp).trivial and Utf16Map(bmp + "\ud800" + bmp).trivial
    text = before + "𝔸" + after
    m = Utf16Map(text)
    assert not m.trivial
    assert m.to_qt(len(text)) == _u16(text)
