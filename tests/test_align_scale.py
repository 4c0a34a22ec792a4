"""Sentence alignment on long texts: each sentence read once, the full score only where
it can matter, and candidate work per sentence that does not grow with the document.

(No timings here: benchmarks/real_like.py and benchmarks/compare_speed.py measure them.)
"""

from __future__ import annotations

import random
from collections import Counter
from itertools import chain

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.compare_speed import pair as shuffled_pair
from benchmarks.facts_recall import long_texts
from parallax.reader.align import candidates, paraphrase
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


def _encoded(a, b, ctx):
    pa = passages(a.keys, a.sent_tokens, a.name_tokens, False, ctx, linked=False)
    pb = passages(b.keys, b.sent_tokens, b.name_tokens, False, ctx)
    left = [i for i, (t0, t1) in enumerate(a.sent_tokens) if t1 > t0]
    right = [j for j, (t0, t1) in enumerate(b.sent_tokens) if t1 > t0]
    return pa, pb, left, right, candidates.encode(pa.feats, pb.feats, left, right)


def test_candidate_work_per_sentence_does_not_grow_with_the_document():
    left, right = shuffled_pair(20_000, seed=4)  # ~1,000 sentences a side, Zipf-like words
    a, b = prepare(from_text(left)), prepare(from_text(right))
    budget = 60  # smaller than the real one, so that it binds at this size
    _, _, rows, _, enc = _encoded(a, b, context())
    cap = max(paraphrase._RARE, len(b.sentences) // 20)
    u_row, u_id, df = candidates.proposing(enc, paraphrase._RARE, budget, cap)
    seen: list[tuple[int, int, int]] = []
    w = enc.width
    for i in rows:
        ids = enc.a_keys[(enc.a_keys // w == i) & (enc.a_keys % w < enc.nfeat)] % w
        n = df[ids]
        rare = int(n[(n > 0) & (n <= paraphrase._RARE)].sum())
        seen.append((int(df[u_id[u_row == i]].sum()), rare, int(n[(n > paraphrase._RARE) & (n <= cap)].sum())))
    # the rare features propose all their sentences, the commoner ones up to the budget
    # in all, however many sentences a cap growing with the document would let in
    assert all(total <= rare + budget for total, rare, _ in seen)
    assert all(total >= rare for total, rare, _ in seen)
    assert sum(common > budget for _, _, common in seen) > len(seen) // 10
    assert sum(total > rare for total, rare, _ in seen) > len(seen) // 10


def _candidates_one_by_one(fa, fb, rows, nb, rare, budget, cap, per):
    """The candidates as a dict loop a sentence finds them (what ``candidates`` does at once)."""
    index: dict[str, list[int]] = {}
    for j, feats in enumerate(fb):
        for f in feats:
            index.setdefault(f, []).append(j)
    out = []
    for i in rows:
        use, common = [], []
        for f in fa[i]:
            n = len(index.get(f, ()))
            if 0 < n <= rare:
                use.append(f)
            elif rare < n <= cap:
                common.append((n, f))
        left = budget
        for n, f in sorted(common):
            if n > left:
                break
            use.append(f)
            left -= n
        counts = Counter(chain.from_iterable(index[f] for f in sorted(use)))
        need = 1 if len(fa[i]) <= 3 else 2
        best = sorted((j for j in counts if counts[j] >= need), key=counts.__getitem__, reverse=True)
        out += [(i, j) for j in best[:per]]
    return out


@pytest.mark.parametrize("budget", [60, 400])
def test_candidates_at_once_are_those_of_one_sentence_at_a_time(sides, budget, monkeypatch):
    a, b = sides
    fa, fb, rows, _, enc = _encoded(a, b, context())
    nb = len(b.sentences)
    need = np.array([1 if len(f) <= 3 else 2 for f in fa])
    pi, pj = candidates.candidates(enc, need, nb, rare=5, budget=budget, cap=nb // 4, per=8)
    want = _candidates_one_by_one(fa.feats, fb.feats, rows, nb, 5, budget, nb // 4, 8)
    assert len(want) > len(rows)
    assert list(zip(pi.tolist(), pj.tolist(), strict=True)) == want
    # and the engine's own loop for short texts finds them too
    monkeypatch.setattr(paraphrase, "_RARE", 5)
    monkeypatch.setattr(paraphrase, "_BUDGET", budget)
    kb = [t1 - t0 for t0, t1 in b.sent_tokens]
    assert paraphrase._one_by_one(fa.feats, fb.feats, rows, kb, nb // 4, 8) == want


def test_the_dice_bound_drops_only_pairs_the_score_drops(sides):
    a, b = sides
    ctx = context()
    pa, pb, rows, _, enc = _encoded(a, b, ctx)
    pairs = [(i, j) for i in rows[::3] for j in range(0, len(b.sentences), 7) if b.sent_tokens[j][1] > b.sent_tokens[j][0]]
    pi, pj = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    for floor in (0.5, 0.7):
        # the looser bound (both sides naming several) holds for every pair
        kept = candidates.reachable(enc, pi, pj, np.full(pi.size, candidates.least_dice(floor, True)))
        for (i, j), k in zip(pairs, kept.tolist(), strict=True):
            if not k:
                assert passage_score(pa[i], pb[j], ctx, floor) is None
        strict = candidates.reachable(enc, pi, pj, np.full(pi.size, candidates.least_dice(floor, False)))
        assert not strict.all() and strict.any()
        assert (kept | ~strict).all()  # the names' raise only lets more through
    assert not kept.all()


@settings(max_examples=400)
@given(st.text(alphabet="ab .!?'\"\n,;`-", max_size=30))
def test_an_ascii_sentence_may_split_as_the_patterns_say(body):
    # ASCII sentences are read with str's own search, not the two patterns: the same answer
    from parallax.reader.align.prepare import may_split

    assert may_split(body, True) == may_split(body, False)
    assert may_split(body + "\u201c", False) == ("." in body or "!" in body or "?" in body)
