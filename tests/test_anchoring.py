"""Quote selectors and re-anchoring: exact, moved, normalised, fuzzy, orphaned."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.model import Span
from parallax.reader.notes.anchoring import CONTEXT, Selector, find_quote, make_selector, reanchor

TEXT = (
    "The two presidents spoke by video link for two hours on Tuesday. "
    "Moscow said the call was frank and businesslike. "
    "Washington warned of strong economic measures if Russia invaded Ukraine. "
    "Troops remain near the border, officials said."
)


def sel(quote: str, text: str = TEXT, occurrence: int = 0) -> Selector:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_selector(text, Span(start, start + len(quote)))


def test_selector_keeps_quote_context_and_position():
    s = sel("frank and businesslike")
    assert s.exact == "frank and businesslike"
    assert len(s.prefix) == CONTEXT and TEXT[s.start - CONTEXT:s.start] == s.prefix
    assert len(s.suffix) == CONTEXT and s.suffix.startswith(". Washington")
    edge = make_selector(TEXT, (0, 3))
    assert edge.prefix == "" and edge.exact == "The"
    with pytest.raises(ValueError):
        make_selector(TEXT, (5, 5))
    with pytest.raises(ValueError):
        make_selector(TEXT, (0, len(TEXT) + 1))


def test_unchanged_text_anchors_exactly():
    s = sel("strong economic measures")
    assert reanchor(s, TEXT) == (s.span, "exact", 100.0)


def test_text_inserted_before_moves_the_anchor():
    s = sel("strong economic measures")
    new = "Breaking: an added first line. " + TEXT
    r = reanchor(s, new)
    assert r.status == "moved" and r.span.slice(new) == "strong economic measures"


def test_repeated_quote_is_told_apart_by_context():
    s = sel("two", occurrence=1)  # "two hours", not "two presidents"
    new = "Editor's note. " + TEXT
    r = reanchor(s, new)
    assert new[r.span.start:r.span.start + 9] == "two hours"


def test_typographic_changes_are_normalised():
    text = 'He called it a "red line" - and meant it.'
    s = make_selector(text, (15, 25))  # "red line" with straight quotes
    new = "He called it a \u201cred line\u201d \u2014 and meant it."
    r = reanchor(s, new)
    assert r.status == "normalised" and r.span.slice(new) == "\u201cred line\u201d"


def test_edited_words_are_found_fuzzily():
    s = sel("strong economic measures if Russia invaded Ukraine")
    new = TEXT.replace("strong economic measures if Russia invaded Ukraine",
                       "strong economic countermeasures should Russia invade Ukraine")
    r = reanchor(s, new)
    assert r.status == "fuzzy" and 75 <= r.score < 100
    assert r.span.slice(new) == "strong economic countermeasures should Russia invade Ukraine"


def test_a_short_quote_is_found_through_its_context():
    s = sel("frank")
    new = TEXT.replace("was frank and", "was Frank-ish and")
    r = reanchor(s, new)
    assert r.span is not None and "Frank" in r.span.slice(new)


def test_a_removed_passage_is_an_orphan():
    s = sel("Troops remain near the border, officials said.")
    new = TEXT.replace("Troops remain near the border, officials said.", "")
    r = reanchor(s, new)
    assert r.orphaned and r.status == "orphan" and r.span is None
    assert reanchor(s, "").orphaned


def test_find_quote_tries_literal_then_folded_then_whitespace():
    assert find_quote(TEXT, "two") == [Span(4, 7), Span(TEXT.index("two hours"), TEXT.index("two hours") + 3)]
    assert find_quote(TEXT, "MOSCOW SAID") == [Span(TEXT.index("Moscow"), TEXT.index("Moscow") + 11)]
    wrapped = "strong economic\nmeasures"
    assert find_quote(TEXT.replace("economic measures", "economic\n  measures"),
                      "economic measures") != []
    assert find_quote(TEXT, wrapped) == [Span(TEXT.index("strong"), TEXT.index("strong") + 24)]
    assert find_quote(TEXT, "   ") == []
    assert find_quote(TEXT, "absent words") == []


def test_unicode_and_rtl_text():
    text = "قال الكرملين إن المحادثات كانت صريحة وعملية. ثم انتهت المكالمة."
    s = make_selector(text, (text.index("صريحة"), text.index("صريحة") + len("صريحة وعملية")))
    new = "عاجل: " + text
    r = reanchor(s, new)
    assert r.span.slice(new) == "صريحة وعملية"
    cjk = "拜登与普京举行视频通话，讨论乌克兰局势。双方同意继续对话。"
    s = make_selector(cjk, (cjk.index("乌克兰"), cjk.index("乌克兰") + 3))
    r = reanchor(s, "新闻：" + cjk)
    assert r.span.slice("新闻：" + cjk) == "乌克兰"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_any_selector_reanchors_exactly_in_its_own_text(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    s = make_selector(text, (start, end))
    r = reanchor(s, text)
    assert r.span is not None
    assert r.span.slice(text) == text[start:end]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdefgh ", min_size=0, max_size=80))
def test_prepending_text_never_loses_an_exact_quote(prefix):
    s = sel("frank and businesslike")
    new = prefix + TEXT
    r = reanchor(s, new)
    assert r.span is not None and r.span.slice(new) == "frank and businesslike"


def test_edited_passages_are_found_in_their_own_context_not_elsewhere():
    """Random passages, one character changed inside and a chunk cut elsewhere: each is found
    again where it was, even when its words also occur in another sentence."""
    import random

    text = " ".join([
        TEXT,
        "Kyiv repeated its call for respect of Ukraine's sovereignty and territorial integrity.",
        "Later, the allies again stressed Ukraine's sovereignty and territorial integrity.",
        "Moscow said the call was frank and businesslike, a spokesman added on Wednesday.",
        "Officials said troops remain near the border, and the two presidents spoke again.",
    ])
    rnd = random.Random(7)
    checked = 0
    for _ in range(300):
        s = rnd.randrange(0, len(text) - 130)
        e = s + rnd.randrange(6, 120)
        sel = make_selector(text, (s, e))
        mid = rnd.randrange(s, e)
        edited = text[:mid] + "#" + text[mid + 1:]
        cut = rnd.randrange(0, len(text) - 12)
        if cut + 12 <= s:
            edited, shift = edited[:cut] + edited[cut + 12:], -12
        elif cut >= e:
            edited, shift = edited[:cut] + edited[cut + 12:], 0
        else:
            continue
        r = reanchor(sel, edited)
        assert r.span is not None, (sel, edited)
        assert abs(r.span.start - (s + shift)) <= 2 and abs(r.span.end - (e + shift)) <= 2, \
            (sel.exact, r, edited[r.span.start:r.span.end])
        checked += 1
    assert checked > 150
