"""Sentence alignment on long texts: each sentence read once, the full score only where
it can matter, and candidate work per sentence that does not grow with the document.

(No timings here: benchmarks/real_like.py and benchmarks/compare_speed.py measure them.)
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.compare_speed import pair as shuffled_pair
from benchmarks.facts_recall import long_texts
from parallax.reader.align import paraphrase
from parallax.reader.align.prepare import prepare
from parallax.reader.align.similarity import (
    _info,
    content,
    context,
    names_in,
    passage_score,
    passages,
    score,
)
from parallax.reader.ingest.article import from_text


@pytest.fixture(scope="module")
def sides():
    left, right = long_texts(3000, seed=3)
    return prepare(from_text(left)), prepare(from_text(right))


def _plain(side, t0, t1, ctx):
    keys = list(side.keys[t0:t1])
    return keys, content(keys, side.unspaced, ctx.stop, ctx), names_in(side.text, side.toks[t0:t1])


def test_passages_read_what_the_score_reads(sides):
    ctx = context()
    for side in sides:
        for (t0, t1), p in zip(side.sent_tokens, passages(side.keys, side.sent_tokens, side.name_tokens,
                                                          side.unspaced, ctx), strict=True):
            keys, feats, names = _plain(side, t0, t1, ctx)
            assert p.keys == tuple(keys) and p.feats == feats and p.names == names
            ctx.memo.clear()  # the figures and negation as the score reads them from the words
            info = _info(keys, ctx)
            assert (p.numbers, p.negated) == (info.numbers, info.negated)


def test_passage_score_is_the_score_and_its_floor_only_drops_pairs_below_it(sides):
    a, b = sides
    ctx = context()
    pa = passages(a.keys, a.sent_tokens, a.name_tokens, False, ctx, linked=False)
    pb = passages(b.keys, b.sent_tokens, b.name_tokens, False, ctx)
    rng = random.Random(5)
    pairs = [(rng.randrange(len(pa)), rng.randrange(len(pb))) for _ in range(400)]
    # and pairs that do correspond: the aligned ones
    va, vb = bytes(len(a.toks)), bytes(len(b.toks))
    pairs += [(sa[0], sb[0]) for _, (sa, sb) in paraphrase.align_sentences(a, b, va, vb)]
    dropped = kept = 0
    for i, j in pairs:
        ka, fa, na = _plain(a, *a.sent_tokens[i], ctx)
        kb, fb, nb = _plain(b, *b.sent_tokens[j], ctx)
        want = score(ka, kb, fa, fb, ctx, (na, nb))
        assert passage_score(pa[i], pb[j], ctx) == want
        for floor in (0.3, 0.5, 0.7):
            got = passage_score(pa[i], pb[j], ctx, floor)
            if got is None:
                assert want < floor
                dropped += 1
            else:
                assert got == want
                kept += want >= floor
    assert dropped > 100 and kept > 10


def _run(side, s0, s1, ctx):
    """What the one-to-many step scored before runs were read once: the run's keys, their
    content, and the names of each of its sentences."""
    t0, t1 = side.sent_tokens[s0][0], side.sent_tokens[s1 - 1][1]
    keys = list(side.keys[t0:t1])
    names = frozenset().union(*(_plain(side, *side.sent_tokens[x], ctx)[2] for x in range(s0, s1)))
    return keys, content(keys, side.unspaced, ctx.stop, ctx), names


_HEADS = ("Biden meets Putin in Geneva\n\nPutin says the talks with Biden were useful\n\n"
          "Geneva hosts the two leaders for a day\n\nMacron calls Scholz about the summit\n\n") * 6


@pytest.mark.parametrize("kind", ["news", "cjk", "headlines"])
def test_a_run_of_sentences_is_scored_as_its_words_are(sides, kind):
    if kind == "news":
        a, b = sides
    else:  # bigrams across sentences; names opening a line that no full stop ends
        text = "\u4eca\u5929\u4e0b\u96e8\u4e86\u3002\u6211\u4eec\u53bb\u5b66\u6821\u3002" * 8 if kind == "cjk" else _HEADS
        a = b = prepare(from_text(text))
    ctx = context()
    pa = passages(a.keys, a.sent_tokens, a.name_tokens, a.unspaced, ctx, linked=False)
    pb = passages(b.keys, b.sent_tokens, b.name_tokens, b.unspaced, ctx)
    rng = random.Random(7)
    full = [x for x, (t0, t1) in enumerate(a.sent_tokens) if t1 > t0], [
        x for x, (t0, t1) in enumerate(b.sent_tokens) if t1 > t0]
    checked = 0
    for _ in range(300):
        i, j = rng.choice(full[0][:-4]), rng.choice(full[1][:-4])
        i1, j1 = i + rng.randint(1, 3), j + rng.randint(1, 3)
        if not (a.sent_tokens[i1 - 1][1] > a.sent_tokens[i1 - 1][0] and b.sent_tokens[j1 - 1][1] > b.sent_tokens[j1 - 1][0]):
            continue
        ka, fa, na = _run(a, i, i1, ctx)
        kb, fb, nb = _run(b, j, j1, ctx)
        ra, rb = pa.span(i, i1), pb.span(j, j1)
        assert (ra.keys, ra.feats, ra.names) == (tuple(ka), fa, na)
        assert pa.span(i, i1) is ra  # read once
        want = score(ka, kb, fa, fb, ctx, (na, nb))
        assert passage_score(ra, rb, ctx) == want
        got = passage_score(ra, rb, ctx, 0.6)
        assert (got is None and want < 0.6) or got == want
        checked += 1
    assert checked > 200


def test_candidate_work_per_sentence_does_not_grow_with_the_document(monkeypatch):
    left, right = shuffled_pair(20_000, seed=4)  # ~1,000 sentences a side, Zipf-like words
    a, b = prepare(from_text(left)), prepare(from_text(right))
    budget = 60  # smaller than the real one, so that it binds at this size
    monkeypatch.setattr(paraphrase, "_BUDGET", budget)
    seen: list[tuple[int, int, int]] = []
    real = paraphrase._proposing

    def counting(feats, index, cap):
        use = real(feats, index, cap)
        df = {f: len(index[f]) for f in feats if f in index}
        rare = sum(n for n in df.values() if n <= paraphrase._RARE)
        seen.append((sum(df[f] for f in use), rare, sum(n for n in df.values() if paraphrase._RARE < n <= cap)))
        return use

    monkeypatch.setattr(paraphrase, "_proposing", counting)
    paraphrase.align_sentences(a, b, bytes(len(a.toks)), bytes(len(b.toks)))
    # the rare features propose all their sentences, the commoner ones up to the budget
    # in all, however many sentences a cap growing with the document would let in
    assert all(total <= rare + budget for total, rare, _ in seen)
    assert all(total >= rare for total, rare, _ in seen)
    assert sum(common > budget for _, _, common in seen) > len(seen) // 10
    assert sum(total > rare for total, rare, _ in seen) > len(seen) // 10


@settings(max_examples=400)
@given(st.text(alphabet="ab .!?'\"\n,;`-", max_size=30))
def test_an_ascii_sentence_may_split_as_the_patterns_say(body):
    # ASCII sentences are read with str's own search, not the two patterns: the same answer
    from parallax.reader.align.prepare import may_split

    assert may_split(body, True) == may_split(body, False)
    assert may_split(body + "\u201c", False) == ("." in body or "!" in body or "?" in body)
