"""The Qt-free rules behind the workflow: coding runs, stripe lanes, number keys, trimming, hits."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import given
from hypothesis import strategies as st

from parallax.reader.model import Span
from parallax.reader.notes.coding import (
    Coded,
    Run,
    coding_runs,
    key_for_tag,
    lane_count,
    locate_hit,
    stripe_lanes,
    tag_for_key,
    trim_span,
)


class T(NamedTuple):
    id: int
    name: str
    shortcut: str | None = None


def test_runs_split_where_tags_overlap_in_codebook_order():
    runs = coding_runs([Coded(0, 10, (2,)), Coded(5, 15, (1,)), Coded(20, 25, (2, 1))], order=[1, 2])
    assert runs == [Run(0, 5, (2,)), Run(5, 10, (1, 2)), Run(10, 15, (1,)), Run(20, 25, (1, 2))]


def test_runs_merge_adjacent_same_tags_and_ignore_untagged_or_empty():
    runs = coding_runs([Coded(0, 5, (1,)), Coded(5, 9, (1,)), Coded(3, 3, (2,)), Coded(10, 12, ())])
    assert runs == [Run(0, 9, (1,))]


def test_lanes_separate_overlapping_tags_and_share_otherwise():
    coded = [Coded(0, 10, (1,)), Coded(5, 12, (2,)), Coded(20, 30, (3,)), Coded(8, 9, (3,))]
    lanes = {ln.tag_id: ln for ln in stripe_lanes(coded, order=[1, 2, 3])}
    assert lanes[1].lane == 0 and lanes[2].lane == 1
    # tag 3 overlaps tag 1 (8-9) and tag 2 (8-9), so it needs a third lane
    assert lanes[3].lane == 2
    assert lanes[3].spans == (Span(8, 9), Span(20, 30))
    assert lane_count(lanes.values()) == 3
    # a tag that overlaps nobody shares lane 0
    lanes = {ln.tag_id: ln for ln in stripe_lanes([Coded(0, 5, (1,)), Coded(6, 9, (2,))], order=[1, 2])}
    assert lanes[2].lane == 0


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20), st.sets(st.integers(1, 5), min_size=1)),
                max_size=25))
def test_runs_and_lanes_agree_with_a_character_by_character_count(items):
    coded = [Coded(s, s + n, tuple(sorted(t))) for s, n, t in items]
    order = [5, 4, 3, 2, 1]
    runs = coding_runs(coded, order=order)
    for pos in range(0, 75):
        want = {t for c in coded if c.start <= pos < c.end for t in c.tag_ids}
        got = [r for r in runs if r.start <= pos < r.end]
        assert len(got) <= 1
        assert set(got[0].tag_ids if got else ()) == want
        if got:
            assert list(got[0].tag_ids) == sorted(want, key=order.index)
    lanes = stripe_lanes(coded, order=order)
    assert {ln.tag_id for ln in lanes} == {t for c in coded for t in c.tag_ids}
    for a in lanes:
        for b in lanes:
            if a.tag_id != b.tag_id and a.lane == b.lane:
                assert not any(x.start < y.end and y.start < x.end for x in a.spans for y in b.spans)


def test_number_keys_follow_shortcuts_then_codebook_order():
    tags = [T(1, "a", "1"), T(2, "b", None), T(3, "c", "2"), T(4, "d", None)]
    assert tag_for_key(tags, "1").id == 1
    assert tag_for_key(tags, "2").id == 3
    assert tag_for_key(tags, "3").id == 2  # first tag without a key of its own
    assert tag_for_key(tags, "4").id == 4
    assert tag_for_key(tags, "5") is None
    assert tag_for_key(tags, "0") is None and tag_for_key(tags, "x") is None
    assert [key_for_tag(tags, t.id) for t in tags] == ["1", "3", "2", "4"]


def test_trim_span_drops_white_space_at_the_ends():
    text = "  Biden said  \n"
    assert trim_span(text, Span(0, len(text))) == Span(2, 12)
    assert trim_span(text, Span(0, 2)) == Span(2, 2)


def test_locate_hit_uses_the_marked_word_and_survives_case_folding_changes():
    text = "Die Straße ist lang. Biden sprach."
    assert locate_hit(text, "… [Biden] sprach", "biden") == Span(21, 26)
    assert locate_hit("ALL CAPS BIDEN", "", "biden") == Span(9, 14)
    assert locate_hit(text, "", "nowhere") is None
