"""What the comparison returns never cuts a character a reader sees as one (issue #18.9)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parallax.reader import compare
from parallax.reader.text.graphemes import snap_span


def test_a_scare_quote_keeps_the_combining_accent_after_it():
    left = "The minister announced the reform on Monday in the capital, officials said."
    right = "The minister announced the so-called \u201cplan\u201d\u0301 on Monday in the capital, officials said."
    c = compare(left, right, unsure_markers=True)
    for m in c.framing:
        if m.side == "right" and "plan" in m.text:
            assert not c.right.text[m.span.end:m.span.end + 1] == "\u0301"


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
