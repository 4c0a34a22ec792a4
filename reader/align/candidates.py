"""Paraphrase candidates of all sentences at once, on integer-encoded content features.

:func:`~parallax.reader.align.paraphrase.align_sentences` proposes, for each left
sentence, the right sentences that share its rare features (in at most ``rare``
right sentences) and its commoner ones, rarest first, while their sentences add up
to ``budget`` (none in more than ``cap``); the ``per`` that share the most of those
features are its candidates (ties in the order a walk of the features, in string
order, meets them: by the first feature met, then by sentence).  Here each side's
features are numbered once (in string order), each side becomes a sorted
sentence x feature incidence, and the proposing, the counting and the choosing are
done for every sentence together by sorts of integer arrays, not a Python dict loop a
sentence (the longest arrays in blocks of many sentences, that stay in cache).

:func:`reachable` then drops, again all together, the candidates whose soft Dice
cannot reach the score's first ceiling: an upper bound from the shared features, the
shared figures and the shared four-letter heads (a feature links to another side's
by its head only: :func:`~parallax.reader.align.similarity.prefixes`), so most of
the pairs of two long texts that share a word or two are never read as passages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, compress, count, pairwise
from operator import itemgetter, ne
from typing import NamedTuple

import numpy as np

from parallax.reader.align.similarity import PREFIX, loose_ceiling

__all__ = ["Encoded", "candidates", "encode", "least_dice", "proposing", "reachable"]


_FIRST = itemgetter(slice(0, 1))
_HEAD = itemgetter(slice(0, PREFIX))


class Encoded(NamedTuple):
    """Both sides' features as integers: feature ``k`` of the sorted vocabulary, and
    ``heads + h`` for a linkable feature's four-letter head ``h`` (so one sorted
    incidence of a sentence holds both)."""

    width: int  # a power of two above every id (features and heads): ``shift`` bits
    shift: int
    nfeat: int  # ids below it are features, the others heads
    a_keys: np.ndarray  # sorted i * width + id: left sentence i holds id
    b_keys: np.ndarray  # sorted j * width + id
    a_total: np.ndarray  # each left sentence's soft Dice weight (1 a feature, 1.5 a figure)
    b_total: np.ndarray
    a_mult: np.ndarray  # the most linkable features of one sentence under one head
    b_mult: np.ndarray
    figure: np.ndarray  # bool by feature id: a figure (weighs 1.5)
    linkable: np.ndarray  # bool by feature id: long enough to link by its head


def encode(fa: Sequence[set[str]], fb: Sequence[set[str]], left: Sequence[int],
           right: Sequence[int]) -> Encoded:
    """Number the features of left sentences ``left`` and right sentences ``right``."""
    # each feature numbered where it is first met (one pass over each side's sets), then
    # renumbered in string order: a union of the sets, then a dict of the sorted
    # vocabulary to look them up in, took a pass more
    met = defaultdict(count().__next__)

    def read(sets: Sequence[set[str]], rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        lens = np.fromiter(map(len, (sets[r] for r in rows)), np.int64, len(rows))
        ids = np.fromiter(map(met.__getitem__, chain.from_iterable(sets[r] for r in rows)),
                          np.int64, int(lens.sum()))
        return lens, ids

    a_read, b_read = read(fa, left), read(fb, right)
    vocab = sorted(met)
    nfeat = len(vocab)
    fid = np.empty(nfeat, np.int64)
    fid[np.fromiter(map(met.__getitem__, vocab), np.int64, nfeat)] = np.arange(nfeat)
    figure = np.fromiter(map(str.isdigit, map(_FIRST, vocab)), bool, nfeat)  # as f[:1].isdigit()
    linkable = (np.fromiter(map(len, vocab), np.int64, nfeat) >= PREFIX) & ~figure  # as prefixes()
    # sorted, the linkable features under one head are neighbours: a head begins where it changes
    heads = list(map(_HEAD, compress(vocab, linkable.tolist())))
    begins = np.fromiter(chain((True,), map(ne, heads[1:], heads[:-1])), bool, len(heads))
    head_of = np.full(nfeat, -1, np.int64)
    head_of[linkable] = nfeat + np.cumsum(begins) - 1
    shift = _bits(nfeat + int(begins.sum()))
    width = 1 << shift  # i * width + id is (i << shift) | id: read back by shifts, not division

    def side(read: tuple[np.ndarray, np.ndarray], rows: Sequence[int], n: int):
        lens, ids = read
        ids = fid[ids]
        row = np.repeat(np.asarray(rows, np.int64), lens)
        total = np.zeros(n)
        np.add.at(total, row, 1.0 + 0.5 * figure[ids])
        hd = head_of[ids]
        has = hd >= 0
        # (sentence, head) pairs, one for each linkable feature: their run lengths give the
        # most features of one sentence under one head
        hk = np.sort((row[has] << shift) | hd[has])
        mult = np.zeros(n, np.int64)
        if hk.size:
            starts = np.flatnonzero(np.r_[True, hk[1:] != hk[:-1]])
            runs = np.diff(np.r_[starts, hk.size])
            np.maximum.at(mult, hk[starts] >> shift, runs)
            hk = hk[starts]
        keys = np.sort(np.concatenate(((row << shift) | ids, hk)))
        return keys, total, mult

    a_keys, a_total, a_mult = side(a_read, left, len(fa))
    b_keys, b_total, b_mult = side(b_read, right, len(fb))
    return Encoded(width, shift, nfeat, a_keys, b_keys, a_total, b_total, a_mult, b_mult, figure, linkable)


def proposing(enc: Encoded, rare: int, budget: int, cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(rows, ids, df)``: each left sentence's proposing features (``rows[k]`` holds ``ids[k]``,
    by sentence then feature) and each feature's number of right sentences: the rare ones
    (at most ``rare`` sentences), then the commoner ones (none beyond ``cap``), rarest first,
    while their sentences add up to ``budget``."""
    sh, mask, nf = enc.shift, enc.width - 1, enc.nfeat
    ak = enc.a_keys[(enc.a_keys & mask) < nf]
    a_row, a_id = ak >> sh, ak & mask
    df = np.bincount(enc.b_keys[(enc.b_keys & mask) < nf] & mask, minlength=nf)
    n = df[a_id]
    few = (n > 0) & (n <= rare)
    common = np.flatnonzero((n > rare) & (n <= cap))
    if common.size:
        # the commoner features of a sentence, rarest first (then in string order), while
        # their sentences add up to the budget: a running sum within each sentence.  One
        # sort of (sentence, df, place in ak) packed, not a lexsort of three arrays: ak is
        # sorted by sentence then feature, so within a sentence its place orders as the id
        nc, pc = _bits(int(n[common].max())), _bits(int(common[-1]))
        if _bits(int(a_row[-1])) + nc + pc <= 63:
            key = (((a_row[common] << nc) | n[common]) << pc) | common
            key.sort()
            common = key & ((1 << pc) - 1)
        else:
            common = common[np.lexsort((a_id[common], n[common], a_row[common]))]
        run = np.cumsum(n[common])
        first = np.flatnonzero(np.r_[True, a_row[common][1:] != a_row[common][:-1]])
        run -= np.repeat((run - n[common])[first], np.diff(np.r_[first, common.size]))
        few[common[run <= budget]] = True  # (none of them is rare)
    use = np.flatnonzero(few)  # by sentence, then feature (a_keys is sorted so)
    return a_row[use], a_id[use], df


def candidates(enc: Encoded, need: np.ndarray, nb: int, *, rare: int, budget: int, cap: int,
               per: int) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs ``(i, j)`` of every left sentence, in order (``i`` ascending, then
    the most shared proposing features first); ``need``: by left sentence, how many
    proposing features a candidate must share."""
    sh, mask, nf = enc.shift, enc.width - 1, enc.nfeat
    u_row, u_id, df = proposing(enc, rare, budget, cap)
    lens = df[u_id]
    if not lens.all():  # (a feature no right sentence holds proposes none)
        u_row, u_id, lens = u_row[lens > 0], u_id[lens > 0], lens[lens > 0]
    total = int(lens.sum())
    if not total:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # a proposing feature is named by its place among its sentence's (they are in string
    # order, so within a sentence that place orders them as the feature would): the fewer
    # bits, the more often a triple below fits in 32 (half the memory to write and sort)
    nu = u_row.size
    row0 = np.flatnonzero(np.r_[True, u_row[1:] != u_row[:-1]])
    place = np.arange(nu) - np.repeat(row0, np.diff(row0, append=nu))
    ib, jb, rb = _bits(int(u_row[-1])), _bits(nb), _bits(int(place.max()))
    dt = np.uint32 if ib + jb + rb <= 32 else np.int64
    # each feature's right sentences, ascending, already in their bit field (one sort of
    # packed integers: cheaper than a stable argsort by feature)
    bk = enc.b_keys[(enc.b_keys & mask) < nf]
    post = ((np.sort(((bk & mask) << jb) | (bk >> sh)) & ((1 << jb) - 1)) << rb).astype(dt)

    # every (sentence, proposing feature, right sentence), as one sorted integer each (bit
    # fields, read back by shifts: integer division is slow on arrays this long).  A
    # sentence's triples never pair with another's, so they are made and sorted in
    # blocks of whole sentences, of about _BLOCK triples: arrays that stay in cache, and
    # memory freed by one block is used again by the next (no fresh pages to fault in)
    start = np.cumsum(lens) - lens  # each proposing feature's first triple
    begin = (np.cumsum(df) - df)[u_id]  # where its list begins in post
    value = ((u_row << (jb + rb)) | place).astype(dt)
    low = need[u_row] <= 1
    cut = np.searchsorted(start[row0], np.arange(_BLOCK, total, _BLOCK))
    edges = sorted({0, nu, *row0[cut[cut < row0.size]].tolist()})  # (np.unique's first call costs 15 ms)
    met = [_met(post, begin[u0:u1], value[u0:u1], lens[u0:u1], low[u0:u1], need, jb, rb, per)
           for u0, u1 in pairwise(edges)]
    return np.concatenate([i for i, _ in met]), np.concatenate([j for _, j in met])


_BLOCK = 1 << 17  # triples made and sorted together (uint32 on long texts): a few hundred kB


def _ranges(begin: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """``begin[0] .. begin[0] + lens[0] - 1``, then ``begin[1] ..``, and so on (every
    ``lens[k] > 0``): a running sum of ones that jumps where a range begins (an arange
    less a repeat wrote two more long arrays)."""
    at = np.ones(int(lens.sum()), np.intp)
    if at.size:
        at[0] = begin[0]
        at[np.cumsum(lens[:-1])] = begin[1:] - (begin[:-1] + lens[:-1] - 1)
    return np.cumsum(at, out=at)


def _met(post: np.ndarray, begin: np.ndarray, value: np.ndarray, lens: np.ndarray, low: np.ndarray,
         need: np.ndarray, jb: int, rb: int, per: int) -> tuple[np.ndarray, np.ndarray]:
    """The candidates of a block of whole sentences, from their proposing features
    (``value``: each one's sentence and place, ``lens`` its number of right sentences,
    ``begin`` where their list begins in ``post``)."""
    trip = post[_ranges(begin, lens)]
    trip |= np.repeat(value, lens)
    trip.sort()
    # a pair's triples are neighbours.  Most pairs meet once, so the pairs met more often
    # are read from the triples that repeat their neighbour's pair, not from every pair
    pair = trip >> rb
    dup = np.flatnonzero(pair[1:] == pair[:-1])  # triple dup + 1 continues dup's pair
    run = np.flatnonzero(np.diff(dup, prepend=-2) != 1)
    count = np.diff(run, append=dup.size) + 1
    first = dup[run]
    least = need[pair[first] >> jb]
    keep = (count >= least) & (least > 1)
    first, count = first[keep], count[keep]
    # a sentence that needs one shared feature keeps every pair: those of its triples (a
    # sentence's triples are the same places in the sorted ones as in the unsorted)
    if low.any():
        at = _ranges((np.cumsum(lens) - lens)[low], lens[low])
        p = pair[at]
        run = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])  # (sentences differ between runs)
        first = np.concatenate((first, at[run]))
        count = np.concatenate((count, np.diff(run, append=at.size)))
    head = trip[first].astype(np.int64)
    pi, pj, head = head >> (jb + rb), (head >> rb) & ((1 << jb) - 1), head & ((1 << rb) - 1)
    if not pi.size:
        return pi, pj
    # by sentence, the most shared first, then the first feature met, then the sentence
    cb = _bits(int(count.max()))
    if _bits(int(pi.max())) + cb + rb + jb <= 62:
        order = np.sort((((((pi << cb) | ((1 << cb) - 1 - count)) << rb) | head) << jb) | pj)
        pi, pj = order >> (cb + rb + jb), order & ((1 << jb) - 1)
    else:
        order = np.lexsort((pj, head, -count, pi))
        pi, pj = pi[order], pj[order]
    group = np.flatnonzero(np.r_[True, pi[1:] != pi[:-1]])
    rank = np.arange(pi.size) - np.repeat(group, np.diff(np.r_[group, pi.size]))
    keep = rank < per
    return pi[keep], pj[keep]


def _bits(n: int) -> int:
    """The bits that hold 0 .. n."""
    return max(1, int(n).bit_length())


@lru_cache(maxsize=16)
def least_dice(floor: float, many_names: bool) -> float:
    """The least soft Dice from which :func:`~parallax.reader.align.similarity.loose_ceiling`
    reaches ``floor`` (a Dice under it, by more than float rounding, never does)."""
    lo, hi = 0.0, 2.0  # a Dice of 2 reaches any floor up to 1
    if loose_ceiling(lo, many_names) >= floor:
        return lo
    if floor > 1.0:
        return math.inf
    for _ in range(100):  # bisection down to neighbouring floats: lo falls short, hi reaches
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if loose_ceiling(mid, many_names) >= floor else (mid, hi)
    return hi


def reachable(enc: Encoded, pi: np.ndarray, pj: np.ndarray, least: np.ndarray) -> np.ndarray:
    """Which pairs ``(pi, pj)`` may have a soft Dice of ``least[k]`` (by pair) or more."""
    sh, nf = enc.shift, enc.nfeat
    if not pi.size:
        return np.zeros(0, bool)
    # each pair's left ids are looked up in its right sentence's keys.  The pairs are taken
    # by right sentence, in blocks of about _QUERIES left ids, so that a block meets only a
    # stretch of the right keys and its arrays stay in cache (as in candidates)
    a_ptr = np.searchsorted(enc.a_keys, np.arange(int(pi.max()) + 2) << sh)
    kb = _bits(pi.size)  # (a sort of packed integers: a stable argsort took ten times longer)
    if _bits(int(pj.max())) + kb <= 63:
        by = np.sort((pj << kb) | np.arange(pi.size)) & ((1 << kb) - 1)
    else:
        by = np.argsort(pj, kind="stable")
    by = by[a_ptr[pi[by] + 1] > a_ptr[pi[by]]]  # (a sentence without features shares none)
    si, sj = pi[by], pj[by]
    begin, lens = a_ptr[si], a_ptr[si + 1] - a_ptr[si]
    # what each pair's left ids met in its right sentence, by kind: 0 nothing, 1 a
    # feature, 2 a figure, 3 a linkable feature, 4 a head
    kind = np.full(enc.width, 4, np.intp)
    kind[:nf] = 1 + enc.figure + 2 * enc.linkable  # (a figure is never linkable)
    end = np.cumsum(lens)
    cut = np.searchsorted(end, np.arange(_QUERIES, int(end[-1]) if end.size else 0, _QUERIES))
    edges = sorted({0, by.size, *cut[cut < by.size].tolist()})
    c = np.zeros((pi.size, 5), np.intp)
    for k0, k1 in pairwise(edges):
        b0, b1 = np.searchsorted(enc.b_keys, (int(sj[k0]) << sh, (int(sj[k1 - 1]) + 1) << sh)).tolist()
        c[by[k0:k1]] = _kinds(enc, begin[k0:k1], lens[k0:k1], sj[k0:k1], enc.b_keys[b0:b1], kind)
    figures, linked, heads = c[:, 2], c[:, 3], c[:, 4]
    shared = c[:, 1] + figures + linked
    # an unshared linkable feature links only under a head both sides have
    links = np.maximum(heads * enc.a_mult[pi] - linked, 0) + np.maximum(heads * enc.b_mult[pj] - linked, 0)
    top = (2.0 * shared + figures + 0.8 * links) / (enc.a_total[pi] + enc.b_total[pj])
    return top + 1e-9 >= least


_QUERIES = 1 << 15  # reachable's left ids looked up together (int64, and more arrays of them)


def _kinds(enc: Encoded, begin: np.ndarray, lens: np.ndarray, pj: np.ndarray, bk: np.ndarray,
           kind: np.ndarray) -> np.ndarray:
    """For a block of pairs (their left keys ``lens`` long from ``begin`` in ``enc.a_keys``;
    their right sentences ``pj``, ascending, whose keys ``bk`` are), how many of each
    pair's left ids meet each kind in its right sentence."""
    sh, mask = enc.shift, enc.width - 1
    total = int(lens.sum())
    ids = enc.a_keys[_ranges(begin, lens)]
    ids &= mask
    # the queries sorted (pair k in the low bits): a sorted search walks the incidence once
    # (in place where it can be: fewer arrays to fill the cache)
    pb = _bits(pj.size)
    if _bits(int(pj[-1])) + sh + pb <= 62:
        q = np.repeat((pj << (sh + pb)) | np.arange(pj.size), lens)
        ids <<= pb
        q |= ids
        q.sort()
        which = q & ((1 << pb) - 1)
        qk = np.right_shift(q, pb, out=q)
    else:
        qk = np.repeat(pj << sh, lens) | ids
        order = np.argsort(qk)
        which, qk = np.repeat(np.arange(pj.size), lens)[order], qk[order]
    if bk.size >= total:
        at = np.minimum(np.searchsorted(bk, qk), bk.size - 1)
        hit = bk[at] == qk
    else:
        # fewer right keys than queries: each right key is searched among the queries
        # instead, and marks the run of queries equal to it
        lo = np.searchsorted(qk, bk)
        met = qk[np.minimum(lo, total - 1)] == bk
        lo, bk = lo[met], bk[met]
        mark = np.zeros(total + 1, np.int8)
        mark[lo] = 1
        mark[np.searchsorted(qk, bk, "right")] -= 1
        hit = np.cumsum(mark[:-1], dtype=np.int8).view(bool)
    # counted for all the block's pairs by one bincount of (pair, kind)
    k = kind[np.bitwise_and(qk, mask, out=ids)]
    k *= hit
    which *= 5
    k += which
    return np.bincount(k, minlength=5 * pj.size).reshape(pj.size, 5)
