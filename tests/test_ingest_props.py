"""Property tests: every span lies within the text, spans are ordered and trimmed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.reader.errors import InputError
from parallax.reader.ingest.article import from_text
from parallax.reader.text.segment import segment

# Text made of the characters segmentation cares about, in many scripts.
ALPHABET = st.sampled_from(
    [*list("abcXYZ  \n\n\t.,;:!?…\"'“”‘’«»()[]-—–_`0123456789"), "\xa0", "\r", "U.S.", "Mr.", "Dec.", "。", "！", "？", "「", "」", "۔", "؟", "،", "Путин", "Байден", "پوتن", "普京", "😀", "\u200b", "\ufeff", "Share", "©", "http://x.io"]
)
TEXT = st.lists(ALPHABET, max_size=120).map("".join)
WORDS = st.lists(
    st.sampled_from(["The", "talks", "U.S.", "Mr.", "said.", "“Yes,”", "he", "Kyiv.", "Путин.", "普京。",
                     "۔", "\n", "\n\n", "Share", "TRENDING", "1", "By Jane Doe", "Published 5 December 2021"]),
    max_size=80,
).map(" ".join)


def _assert_valid(text, paragraphs, sentences):
    for spans in (paragraphs, sentences):
        prev = 0
        for s, e in spans:
            assert 0 <= prev <= s < e <= len(text)
            assert not text[s].isspace() and not text[e - 1].isspace()
            prev = e
    for s, e in sentences:
        assert any(ps <= s and e <= pe for ps, pe in paragraphs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_segment_spans_are_valid(text):
    paragraphs, sentences = segment(text)
    _assert_valid(text, paragraphs, sentences)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, WORDS))
def test_from_text_spans_are_valid(text):
    try:
        a = from_text(text)
    except InputError:
        return
    _assert_valid(a.text, a.paragraphs, a.sentences)
    assert a.paragraphs, "an article always has a paragraph"
    # paragraphs are the text's blocks: joined by blank lines they rebuild it
    assert "\n\n".join(a.text[s:e] for s, e in a.paragraphs) == a.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_never_crashes(text):
    try:
        a = from_text(text)
    except InputError:
        return
    _assert_valid(a.text, a.paragraphs, a.sentences)
