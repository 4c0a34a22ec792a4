"""Each side's own work (facts, quotations, framing) done elsewhere and handed to compare()
gives the same comparison as compare() doing it itself (issue #14: the window does it in
another process while it aligns)."""

from __future__ import annotations

import pickle

import pytest

from parallax.reader.comparison.engine import SideWork, compare, pair_work, side_work
from parallax.reader.ingest.article import load
from parallax.reader.model import Span
from tests.conftest import seed


@pytest.fixture(scope="module")
def pair():
    return load(seed("001")), load(seed("004"))


@pytest.mark.parametrize("unsure", [False, True])
def test_the_same_comparison_with_the_sides_done_elsewhere(pair, unsure):
    a, b = pair
    # as from another process: pickled and back
    work = pickle.loads(pickle.dumps((side_work(a, "left"), side_work(b, "right"))))
    asked = []
    got = compare(a, b, unsure_markers=unsure, sides=lambda: asked.append(1) or work)
    assert asked == [1]
    assert got == compare(a, b, unsure_markers=unsure)
    assert got.facts and got.framing and got.voices_left  # the seeds have all three


def test_none_from_sides_means_do_it_here(pair):
    a, b = pair
    assert compare(a, b, sides=lambda: None) == compare(a, b)


def test_not_asked_when_neither_facts_nor_framing(pair):
    a, b = pair
    compare(a, b, facts=False, framing=False, sides=lambda: pytest.fail("asked"))


def test_work_of_other_texts_or_sides_is_refused(pair):
    a, b = pair
    other = load(seed("002"))
    with pytest.raises(ValueError, match="other texts"):
        compare(a, b, sides=lambda: (side_work(a, "left"), side_work(other, "right")))
    with pytest.raises(ValueError, match="other texts"):  # left and right swapped
        compare(a, b, sides=lambda: (side_work(b, "right"), side_work(a, "left")))
    # one text on both sides: the same digest, but each side's markers say which side they are on
    with pytest.raises(ValueError, match="other texts"):
        compare(a, a, sides=lambda: (side_work(a, "right"), side_work(a, "left")))


def test_side_work_is_one_sides_alone(pair):
    a, _b = pair
    w = side_work(a, "left")
    assert isinstance(w, SideWork) and w.side == "left"
    assert all(m.side == "left" for m in w.framing.markers)
    assert w == side_work(a, "left")


def test_framing_still_being_made_is_asked_for_again_as_framing_starts(pair):
    """The window's process sends the fact mentions first: compare() takes them, then asks
    again for the framing as it needs it; the same comparison as in one piece."""
    a, b = pair
    parts = [(side_work(a, "left", framing=False), side_work(b, "right", framing=False)),
             (side_work(a, "left"), side_work(b, "right"))]
    assert parts[0][0].framing is None and parts[0][0].items == parts[1][0].items
    asked = []
    got = compare(a, b, unsure_markers=True, sides=lambda: parts[len(asked) - 1] if asked.append(1) is None else None)
    assert asked == [1, 1]
    assert got == compare(a, b, unsure_markers=True)
    # the framing not there on the second asking either: made here, the same again
    assert compare(a, b, sides=lambda: parts[0]) == compare(a, b)
    assert compare(a, b, facts=False, sides=lambda: parts[0]) == compare(a, b, facts=False)


def _no_named_tuples(value) -> bool:
    """Whether ``value`` holds no named tuple (a class is fine: pickled by reference)."""
    if isinstance(value, type):
        return True
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return False
    if isinstance(value, (tuple, list)):
        return all(map(_no_named_tuples, value))
    return True


def test_side_work_pickles_its_mentions_and_framing_by_columns_and_back_the_same(pair):
    a, b = pair
    for w in (side_work(a, "left"), side_work(b, "right", framing=False), side_work(a, "left", facts=False)):
        back = pickle.loads(pickle.dumps(w, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == w and type(back) is SideWork
        assert [type(it) for it in back.items or ()] == [type(it) for it in w.items or ()]
        assert all(type(it.span) is type(it0.span) for it, it0 in zip(back.items or (), w.items or (), strict=True))
        if w.framing is not None:
            assert type(back.framing) is type(w.framing)
            for got, was in zip(back.framing, w.framing, strict=True):
                assert type(got) is type(was) and [type(r) for r in got] == [type(r) for r in was]
    w = side_work(a, "left")
    assert w.items and w.framing.quotes and w.framing.markers
    args = w.__reduce__()[1]
    # the mentions, quotations and markers as columns: no named tuple pickled one at a time
    assert _no_named_tuples(args[2]) and _no_named_tuples(args[3])


def test_the_pairing_made_beside_the_alignment_gives_the_same_facts(pair):
    """The window's process also pairs both sides' fact mentions as far as no alignment is
    needed (pair_work); compare() finishes that with the links: the same comparison."""
    a, b = pair
    work = pair_work(a, b, (side_work(a, "left", framing=False), side_work(b, "right", framing=False)))
    assert work[0].pairing is not None and work[0].pairing is work[1].pairing
    back = pickle.loads(pickle.dumps(work, protocol=pickle.HIGHEST_PROTOCOL))  # as from the process
    assert back == work and back[0].pairing is back[1].pairing
    assert back[0].pairing.names == work[0].pairing.names
    assert all(type(sp) is Span for f in back[0].pairing.names for sp in f.left + f.right)
    assert compare(a, b, sides=lambda: back) == compare(a, b)
    with pytest.raises(ValueError, match="fact mentions"):
        pair_work(a, b, (side_work(a, "left", facts=False), side_work(b, "right", facts=False)))


def test_a_pairing_of_other_mentions_is_refused(pair):
    a, b = pair
    other = load(seed("002"))
    _, wrong = pair_work(a, other, (side_work(a, "left"), side_work(other, "right")))
    work = (side_work(a, "left")._replace(pairing=wrong.pairing), side_work(b, "right")._replace(pairing=wrong.pairing))
    with pytest.raises(ValueError, match="other fact mentions"):
        compare(a, b, sides=lambda: work)


def test_an_article_pickles_its_spans_packed_and_comes_back_the_same(pair):
    """The window hands both articles to its side-work process pickled: the spans go as flat
    integers (one Span tuple at a time was 0.06 s for a 100,000-word article), and every
    field comes back equal, spans as Span."""
    from dataclasses import replace

    a = replace(pair[0], credits=("Reuters",), agencies=("Reuters",), language="en", path="/x/a.txt")
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(a, protocol=protocol))
        assert back == a
        assert all(type(sp) is Span for sp in back.sentences + back.paragraphs)
        assert len(back.sentences) == len(a.sentences) > 1
    bare = replace(a, paragraphs=(), sentences=())
    assert pickle.loads(pickle.dumps(bare)) == bare
