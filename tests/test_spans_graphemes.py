"""What the comparison returns never cuts a character a reader sees as one (issue #18.9)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parallax.reader import compare
from parallax.reader.text.graphemes import moving_offsets, snap_end, snap_span, snap_start


def test_a_scare_quote_keeps_the_combining_accent_after_it():
    left = "The minister announced the reform on Monday in the capital, officials said."
    right = "The minister announced the so-called \u201cplan\u201d\u0301 on Monday in the capital, officials said."
    c = compare(left, right, unsure_markers=True)
    for m in c.framing:
        if m.side == "right" and "plan" in m.text:
            assert c.right.text[m.span.end:m.span.end + 1] != "\u0301"


def test_a_verbatim_run_does_not_end_before_a_variation_selector():
    text = "Crowds cheered \u2764\ufe0f as the result of the vote was announced on the steps of the court today."
    c = compare(text, text)
    for m in c.matches:
        for sp, t in ((m.left, c.left.text), (m.right, c.right.text)):
            assert t[sp.end:sp.end + 1] != "\ufe0f"


_MARKS = st.sampled_from(["", "\u0301", "\ufe0f", "\u200d\U0001F525", "\U0001F1FA\U0001F1E6"])


@given(st.lists(st.tuples(st.sampled_from(["plan", "vote", "court", "crowds", "said"]), _MARKS),
                min_size=6, max_size=30))
def test_every_span_of_a_comparison_is_whole_clusters(words):
    text = " ".join(w + mark for w, mark in words) + "."
    other = " ".join(w for w, _ in reversed(words)) + "."
    c = compare(text, other, unsure_markers=True)
    spans = [(m.left, c.left.text) for m in c.matches] + [(m.right, c.right.text) for m in c.matches]
    spans += [(sp, c.left.text) for sp in c.unique_left] + [(sp, c.right.text) for sp in c.unique_right]
    spans += [(m.span, c.article(m.side).text) for m in c.framing]
    for sp, t in spans:
        assert snap_span(t, sp) == sp


_PIECES = st.sampled_from(["a", "B", " ", ".", "\n", "\r", "\r\n", "\u0301", "\ufe0f", "\u200d", "\U0001F525",
                           "\U0001F1FA", "\U0001F1E6", "\u00e9", "\u0915\u093f", "\u2019"])


@given(st.lists(_PIECES, max_size=40), st.integers(min_value=0, max_value=200))
def test_offsets_outside_moving_offsets_are_boundaries(pieces, pad):
    text = "x" * (pad % 7) + "".join(pieces)
    moving = moving_offsets(text)
    assert moving is not None  # a short text: few characters outside ASCII
    for o in range(len(text) + 1):
        if o not in moving:
            assert snap_start(text, o) == o and snap_end(text, o) == o


def test_moving_offsets_of_plain_ascii_and_of_text_mostly_outside_it():
    assert moving_offsets("The plan, said the minister.\nNo more.") == frozenset()
    assert moving_offsets("one\r\ntwo") == frozenset({4})
    assert moving_offsets("caf\u00e9 ok") == frozenset({3, 4})
    assert moving_offsets("\u041f\u0440\u0438\u0432\u0435\u0442 " * 200) is None  # every span is snapped
