"""Verbatim shared runs: order-free, maximal, bridged across small edits, tiled."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.align.verbatim import shared_runs
from parallax.reader.text.keys import token_keys

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"]


def test_exact_run_found_and_maximal():
    a = token_keys("one two three four five six seven eight nine ten")
    b = token_keys("zero one two three four five six seven eight eleven")
    runs = shared_runs(a, b, min_words=6, max_gap=0)
    assert len(runs) == 1
    r = runs[0]
    assert (r.left_start, r.left_end, r.right_start, r.right_end) == (0, 8, 1, 9)
    assert r.matched == 8 and r.score == 1.0


def test_shorter_than_min_words_is_not_a_run():
    a = token_keys("one two three four five")
    b = token_keys("one two three four five")
    assert shared_runs(a, b, min_words=6) == []
    assert len(shared_runs(a, b, min_words=5)) == 1


def test_order_free_moved_passage():
    rng = random.Random(1)
    top = [rng.choice(WORDS) for _ in range(40)]
    middle = [rng.choice(WORDS) + "x" for _ in range(200)]
    a = top + middle
    b = middle + top  # the top passage moved to the bottom
    runs = shared_runs(a, b, min_words=6)
    spans = {(r.left_start, r.left_end, r.right_start, r.right_end) for r in runs}
    assert (0, 40, 200, 240) in spans
    assert (40, 240, 0, 200) in spans


def test_bridges_a_changed_word_and_reports_the_edit():
    a = token_keys("the president said he would respond with strong economic measures in the event of escalation")
    b = token_keys("the president said he would respond with tough economic measures in the event of escalation")
    runs = shared_runs(a, b, min_words=6, max_gap=2)
    assert len(runs) == 1
    r = runs[0]
    assert (r.left_start, r.left_end) == (0, len(a))
    assert (r.right_start, r.right_end) == (0, len(b))
    assert r.edits == ((7, 8, 7, 8),)
    assert r.matched == len(a) - 1
    # exact mode keeps the two pieces apart
    exact = shared_runs(a, b, min_words=6, max_gap=0)
    assert len(exact) == 2


def test_bridges_an_inserted_word():
    a = token_keys("would respond with strong economic and other measures in the event of military escalation")
    b = token_keys("would respond with strong economic and other measures in the event of a military escalation in Ukraine")
    (r,) = shared_runs(a, b, min_words=6)
    assert r.edits == ((12, 12, 12, 13),)
    assert r.left_end == len(a) and r.right_end == len(a) + 1


def test_no_shared_text():
    assert shared_runs(WORDS[:10], [w + "q" for w in WORDS[:10]]) == []
    assert shared_runs([], WORDS) == []


def test_repeated_passage_is_used_once_per_side():
    p = WORDS[:10]
    a = p + ["zz"] * 3 + p
    b = p
    runs = shared_runs(a, b, min_words=6)
    assert len(runs) == 1  # the right side's words are in one run only


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS[:6]), max_size=60),
    st.lists(st.sampled_from(WORDS[:6]), max_size=60),
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=0, max_value=3),
)
def test_runs_are_disjoint_and_consistent(a, b, k, gap):
    runs = shared_runs(a, b, min_words=k, max_gap=gap)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for r in runs:
        assert 0 <= r.left_start < r.left_end <= len(a)
        assert 0 <= r.right_start < r.right_end <= len(b)
        la = set(range(r.left_start, r.left_end))
        lb = set(range(r.right_start, r.right_end))
        assert not (la & used_a) and not (lb & used_b)
        used_a |= la
        used_b |= lb
        # the words outside the edits are identical, pairwise, in order
        i, j = r.left_start, r.right_start
        matched = 0
        for ea0, ea1, eb0, eb1 in [*r.edits, (r.left_end, r.left_end, r.right_end, r.right_end)]:
            assert ea0 - i == eb0 - j
            assert a[i:ea0] == b[j:eb0]
            matched += ea0 - i
            i, j = ea1, eb1
        assert matched == r.matched
        assert 0 < r.score <= 1


def test_highly_repetitive_text_is_still_aligned():
    a = ["la"] * 3000
    b = ["la"] * 3000 + ["end"]
    runs = shared_runs(a, b, min_words=6)
    assert sum(r.matched for r in runs) == 3000


def test_arabic_script_spelling_variants_are_one_word():
    # The same Urdu sentence as an agency and a paper type it: Arabic yeh and kaf
    # for the Farsi yeh and keheh, a vowel point, a tatweel and Persian digits.
    agency = "وزیراعظم نواز شریف نے کہا کہ پاکستان کی معیشت ۲۰۲۱ میں ترقی کر رہی ہے"
    paper = "وزيراعظم نواز شريف نے كہا كہ پاكستان كى معـيشت 2021 ميں ترقى كر رہى ہے"
    ka, kb = token_keys(agency), token_keys(paper)
    assert ka == kb
    runs = shared_runs(ka, kb, min_words=3)
    assert [(r.left_start, r.left_end, r.matched) for r in runs] == [(0, len(ka), len(ka))]


def test_arabic_script_folding_keeps_distinct_letters():
    # Urdu's aspirated heh (ھ) and yeh barree (ے) are letters of their own
    assert token_keys("پھر") != token_keys("پہر")
    assert token_keys("ہے") != token_keys("ہی")
