"""Paraphrase alignment: sentences to sentences, in any order, 1:1, 1:n and n:1.

Each side's sentences are compared on *content stems*: the matching keys
without function words, lightly stemmed (common suffixes dropped, then cut
to six characters, which works tolerably for most inflected languages), a
synonym group's words sharing one stem (``synonyms.tsv``), or on character
bigrams for scripts written without spaces.  Candidates come from an
inverted index of stems: a sentence's rare stems (in at most 25 sentences of
the other side) propose all their sentences, its commoner stems, rarest first,
at most 400 in all, and the 8 sentences sharing the most stems are scored; so
the work per sentence does not grow with the document, even when two long
texts share their vocabulary but not their sentences.  Each sentence is read
once (:func:`~parallax.reader.align.similarity.passages`), and a candidate's
character-level ratios are computed only when its soft Dice leaves it a chance
of reaching ``min_score``.  Each candidate pair is scored in ``[0, 1]``:

    raw = 0.65 * soft Dice(content stems)          # numbers weigh 1.5; stems sharing a
                                                   # long prefix (invade/invasion) count 0.8
        + 0.20 * token-set ratio of the content words (rapidfuzz, characters)
        + 0.15 * token-sort ratio of all the words
    raw *= 0.7 (0.9) when the figures differ (in part); 0.9 when one side is
           negated; 0.6 when one side says a word and the other its opposite
           (``opposites.tsv``: rose/fell, signed/vetoed); 0.85 when both sides
           name people or places and share none of them

then stretched piecewise-linearly so that 0.5 is the boundary between
paraphrases and other pairs measured on ``benchmarks/data/paraphrase_*.tsv``.

Pairs are taken greedily, best first, each sentence once; then an aligned
pair absorbs a neighbouring unaligned sentence on either side when that
raises the score (one-to-many and many-to-one).

Inside a pair the word-level changes come from :mod:`difflib` opcodes on the
keys.  Words that were deleted in one place and inserted in another are
read as a *reorder*: "sovereignty and territorial integrity" against
"territorial integrity and sovereignty" is one ``reorder`` change, not a
deletion plus new content.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter, le
from typing import TYPE_CHECKING

import numpy as np

from parallax.reader.align.candidates import candidates as propose
from parallax.reader.align.candidates import encode, least_dice, reachable
from parallax.reader.align.similarity import (
    SHARED_NAMES,
    context,
    function_words,
    passage_score,
    passages,
    sentence_similarity,
)
from parallax.reader.model import Change, Match, Span
from parallax.reader.text.gcpause import with_paused_gc

if TYPE_CHECKING:
    from parallax.reader.align.prepare import Prepared

__all__ = ["align_sentences", "sentence_similarity", "word_changes"]

_MAX_REORDER = 12  # the longest stretch (in words) read as one reorder


@with_paused_gc  # many small sets and tuples, no cycles: the collector would rescan them all
def align_sentences(
    a: Prepared, b: Prepared, verb_a: bytes, verb_b: bytes, /, *,
    min_score: float = 0.5, candidates: int = 8, changes: bool = True,
) -> list[tuple[Match, tuple[tuple[int, int], tuple[int, int]]]]:
    """Align the sentences of two prepared sides.

    Returns ``(match, ((left_first, left_end), (right_first, right_end)))``
    with sentence index ranges.  Pairs wholly covered by verbatim runs on
    both sides are left out (the verbatim match already says it).  Without
    ``changes`` the matches hold no word-level changes (a summary needs none).
    """
    unspaced = a.unspaced or b.unspaced
    na, nb = len(a.sentences), len(b.sentences)
    if not na or not nb:
        return []

    def fully_verbatim(side: Prepared, cov: bytes, s: int) -> bool:
        t0, t1 = side.sent_tokens[s]
        return t1 <= t0 or cov.find(0, t0, t1) < 0

    ctx = context()
    pass_a = passages(a.keys, a.sent_tokens, a.name_tokens, unspaced, ctx, linked=False)  # each read once
    pass_b = passages(b.keys, b.sent_tokens, b.name_tokens, unspaced, ctx)
    # each sentence's number of words (only that is read of its keys here: no copy of them)
    ka = [t1 - t0 if t1 > t0 else 0 for t0, t1 in a.sent_tokens]
    kb = [t1 - t0 if t1 > t0 else 0 for t0, t1 in b.sent_tokens]
    fa, fb = pass_a.feats, pass_b.feats

    # the candidates of all left sentences at once (their features numbered), then those
    # whose soft Dice can reach the score's first ceiling, read and scored in that order
    left = [i for i in range(na) if ka[i] and not (fully_verbatim(a, verb_a, i) and ka[i] > 3)]
    cap = max(_RARE, nb // 20)
    if len(left) + nb <= _AT_ONCE:  # a few hundred sentences: array set-up would cost more
        pairs = _one_by_one(fa, fb, left, kb, cap, candidates)
    else:
        enc = encode(fa, fb, left, [j for j in range(nb) if kb[j]])
        need = np.fromiter((1 if len(f) <= 3 else 2 for f in fa), np.int64, na)
        pi, pj = propose(enc, need, nb, rare=_RARE, budget=_BUDGET, cap=cap, per=candidates)
        if min_score > 0.0 and pi.size:
            names = np.asarray(a.name_tokens, np.int64), np.asarray(b.name_tokens, np.int64)
            many = [np.searchsorted(nt, [t1 for _, t1 in side.sent_tokens]) -
                    np.searchsorted(nt, [t0 for t0, _ in side.sent_tokens], "right") >= SHARED_NAMES
                    for nt, side in zip(names, (a, b), strict=True)]  # name tokens: distinct names or more
            least = np.where(many[0][pi] & many[1][pj], least_dice(min_score, True), least_dice(min_score, False))
            keep = reachable(enc, pi, pj, least)
            pi, pj = pi[keep], pj[keep]
        pairs = zip(pi.tolist(), pj.tolist(), strict=True)
    scored: list[tuple[float, int, int]] = []
    last, pa = -1, None
    for i, j in pairs:
        if i != last:
            last, pa = i, pass_a[i]
        # only pairs that reach min_score are ever linked: the others are not scored in full
        s = passage_score(pa, pass_b[j], ctx, min_score)
        if s is not None:
            scored.append((s, i, j))

    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    left_of: dict[int, int] = {}
    right_of: dict[int, int] = {}
    groups: list[list[int]] = []  # [a0, a1, b0, b1]
    scores: list[float] = []  # each group's score (a pair's own score to begin with)
    for s, i, j in scored:
        if s < min_score:
            break
        if i in left_of or j in right_of:
            continue
        g = len(groups)
        groups.append([i, i + 1, j, j + 1])
        scores.append(s)
        left_of[i] = g
        right_of[j] = g

    # one-to-many / many-to-one: absorb neighbouring unaligned sentences
    def group_score(g: list[int], floor: float) -> float | None:
        """:func:`score` of the group's two runs of sentences with their names, or None when
        it cannot reach ``floor`` (the character-level ratios left out: most trials fall short)."""
        return passage_score(pass_a.span(g[0], g[1]), pass_b.span(g[2], g[3]), ctx, floor)

    results = []
    dead: set[int] = set()
    for gi, g in enumerate(groups):
        if gi in dead:
            continue
        best = scores[gi]
        improved = True
        while improved:
            improved = False
            for side, pos in (("b", g[3]), ("b", g[2] - 1), ("a", g[1]), ("a", g[0] - 1)):
                owner = (right_of if side == "b" else left_of).get(pos)
                if owner is not None and owner != gi and owner not in dead:
                    h = groups[owner]
                    single = (h[3] - h[2] == 1) if side == "b" else (h[1] - h[0] == 1)
                    if not single:
                        continue
                    trial = ([g[0], g[1], min(g[2], pos), max(g[3], pos + 1)] if side == "b"
                             else [min(g[0], pos), max(g[1], pos + 1), g[2], g[3]])
                    # a score under the floor fails both tests: None then
                    sc = group_score(trial, max(best + 0.05, scores[owner]))
                    if sc is not None and sc > best + 0.05 and sc > scores[owner]:
                        dead.add(owner)
                        for x in range(h[0], h[1]):
                            left_of.pop(x, None)
                        for y in range(h[2], h[3]):
                            right_of.pop(y, None)
                        g[:] = trial
                        best = sc
                        for x in range(g[0], g[1]):
                            left_of[x] = gi
                        for y in range(g[2], g[3]):
                            right_of[y] = gi
                        improved = True
                        break
                    continue
                if side == "b":
                    if not (0 <= pos < nb) or pos in right_of or not kb[pos]:
                        continue
                    if len(fb[pos] & set().union(*(fa[x] for x in range(g[0], g[1])))) < 2:
                        continue
                    trial = [g[0], g[1], min(g[2], pos), max(g[3], pos + 1)]
                else:
                    if not (0 <= pos < na) or pos in left_of or not ka[pos]:
                        continue
                    if len(fa[pos] & set().union(*(fb[x] for x in range(g[2], g[3])))) < 2:
                        continue
                    trial = [min(g[0], pos), max(g[1], pos + 1), g[2], g[3]]
                s = group_score(trial, best + 0.02)
                if s is not None and s > best + 0.02:
                    g[:] = trial
                    best = s
                    if side == "b":
                        right_of[pos] = gi
                    else:
                        left_of[pos] = gi
                    improved = True
                    break
        # leave out pairs that the verbatim runs already cover completely
        if all(fully_verbatim(a, verb_a, x) for x in range(g[0], g[1])) and all(
            fully_verbatim(b, verb_b, x) for x in range(g[2], g[3])
        ):
            continue
        ta0, ta1 = a.sent_tokens[g[0]][0], a.sent_tokens[g[1] - 1][1]
        tb0, tb1 = b.sent_tokens[g[2]][0], b.sent_tokens[g[3] - 1][1]
        if ta1 <= ta0 or tb1 <= tb0:
            continue
        left = Span(a.sentences[g[0]].start, a.sentences[g[1] - 1].end)
        right = Span(b.sentences[g[2]].start, b.sentences[g[3] - 1].end)
        edits = word_changes(
            a.keys[ta0:ta1], b.keys[tb0:tb1],
            list(map(_SPAN, a.toks[ta0:ta1])),  # (start, end) of each token, by a C loop
            list(map(_SPAN, b.toks[tb0:tb1])),
        ) if changes else ()
        results.append(
            (Match("paraphrase", left, right, round(best, 4), edits),
             ((g[0], g[1]), (g[2], g[3])))
        )
    results.sort(key=lambda r: (r[0].left.start, r[0].right.start))
    return results


_SPAN = itemgetter(1, 2)  # a token's (start, end)
_RARE = 25  # a feature of at most this many right-hand sentences always proposes them all
_BUDGET = 400  # the commoner features of one sentence propose at most this many in all
_AT_ONCE = 250  # from this many sentences (left candidates and right) all at once, by arrays


def _one_by_one(fa: list[set[str]], fb: list[set[str]], left: list[int], kb: list[int], cap: int,
                per: int) -> list[tuple[int, int]]:
    """What :func:`~parallax.reader.align.candidates.candidates` finds, a sentence at a time
    by dict loops (cheaper for short texts): an inverted index of the right side's features,
    each left sentence's rare features and its commoner ones, rarest first, while their
    sentences add up to ``_BUDGET``, and the ``per`` sentences that share the most of them
    (ties in the order met), among those that share two (one for a sentence of three
    features or fewer)."""
    index: dict[str, list[int]] = {}
    for j, feats in enumerate(fb):
        if kb[j]:
            for f in feats:
                index.setdefault(f, []).append(j)
    out: list[tuple[int, int]] = []
    for i in left:
        use: list[str] = []
        common: list[tuple[int, str]] = []
        for f in fa[i]:
            post = index.get(f)
            if post is not None:
                n = len(post)
                if n <= _RARE:
                    use.append(f)
                elif n <= cap:
                    common.append((n, f))
        budget = _BUDGET
        for n, f in sorted(common):
            if n > budget:
                break
            use.append(f)
            budget -= n
        use.sort()  # a fixed order: ties among candidates break the same way every run
        counts = Counter(chain.from_iterable(map(index.__getitem__, use)))  # one C loop
        need = 1 if len(fa[i]) <= 3 else 2
        enough = compress(counts, map(le, repeat(need), counts.values())) if need > 1 else counts
        out += [(i, j) for j in sorted(enough, key=counts.__getitem__, reverse=True)[:per]]
    return out


def word_changes(
    ka: Sequence[str], kb: Sequence[str],
    pa: Sequence[tuple[int, int]], pb: Sequence[tuple[int, int]],
) -> tuple[Change, ...]:
    """Word-level changes between two aligned token sequences.

    ``ka``/``kb`` are matching keys and ``pa``/``pb`` their code-point
    ``(start, end)``.  Returns ``replace``/``insert``/``delete`` changes and
    ``reorder`` changes for words that moved, sorted by position.
    """
    sm = difflib.SequenceMatcher(None, list(ka), list(kb), autojunk=False)
    ops = sm.get_opcodes()
    # where each left index lands on the right, and back, along the alignment
    map_a = [0] * (len(ka) + 1)
    map_b = [0] * (len(kb) + 1)
    removed = [False] * len(ka)
    added = [False] * len(kb)
    for tag, i1, i2, j1, j2 in ops:  # (by slices, in order: an op's end is the next one's start)
        if tag == "equal":
            map_a[i1:i2 + 1] = range(j1, j1 + i2 - i1 + 1)
            map_b[j1:j2 + 1] = range(i1, i1 + j2 - j1 + 1)
        else:
            map_a[i1:i2 + 1] = repeat(j1, i2 - i1 + 1)
            map_b[j1:j2 + 1] = repeat(i1, j2 - j1 + 1)
            removed[i1:i2] = repeat(True, i2 - i1)
            added[j1:j2] = repeat(True, j2 - j1)

    stop = function_words()
    # moved words: removed on the left and added on the right with the same key
    pool: dict[str, list[int]] = {}
    for y in compress(range(len(kb)), added):
        pool.setdefault(kb[y], []).append(y)
    regions: list[list[int]] = []  # [a0, a1, b0, b1] token ranges
    for x in compress(range(len(ka)), removed):
        if ka[x] in stop:
            continue
        cands = pool.get(ka[x])
        if not cands:
            continue
        y = cands[0]
        # the moved word and the stretch it jumped over
        ya = map_a[x]  # where x would stand on the right
        xb = map_b[y]  # where y would stand on the left
        if xb >= x:
            region = [x, xb, ya, y + 1]
        else:
            region = [xb, x + 1, y, ya]
        if region[1] - region[0] > _MAX_REORDER or region[3] - region[2] > _MAX_REORDER:
            continue
        region = _trim_region(ka, kb, region)
        if (
            region[1] - region[0] > 1
            and region[3] - region[2] > 1
            and Counter(ka[region[0]:region[1]]) == Counter(kb[region[2]:region[3]])
            and list(ka[region[0]:region[1]]) != list(kb[region[2]:region[3]])
        ):
            cands.pop(0)
            regions.append(region)
    regions = _merge_regions(regions + _window_reorders(ka, kb, removed, added, regions, stop), ka, kb)

    in_a = [False] * len(ka)
    in_b = [False] * len(kb)
    for a0, a1, b0, b1 in regions:
        for x in range(a0, a1):
            in_a[x] = True
        for y in range(b0, b1):
            in_b[y] = True

    changes: list[Change] = [
        Change("reorder", Span(pa[a0][0], pa[a1 - 1][1]), Span(pb[b0][0], pb[b1 - 1][1]))
        for a0, a1, b0, b1 in regions
    ]
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        xs = [x for x in range(i1, i2) if not in_a[x]]
        ys = [y for y in range(j1, j2) if not in_b[y]]
        if not xs and not ys:
            continue
        for lx, ly in _pair_runs(xs, ys):
            ls = Span(pa[lx[0]][0], pa[lx[-1]][1]) if lx else None
            rs = Span(pb[ly[0]][0], pb[ly[-1]][1]) if ly else None
            op = "replace" if ls and rs else ("delete" if ls else "insert")
            changes.append(Change(op, ls, rs))  # type: ignore[arg-type]
    changes.sort(key=lambda c: (
        c.left.start if c.left else (c.right.start if c.right else 0),
        c.right.start if c.right else -1,
    ))
    return tuple(changes)


def _window_reorders(
    ka: Sequence[str], kb: Sequence[str], removed: list[bool], added: list[bool],
    taken: list[list[int]], stop: frozenset[str],
) -> list[list[int]]:
    """Stretches holding the same words in another order ("US President Joe Biden and his
    Russian counterpart Vladimir Putin" / "Russian President Vladimir Putin and his US
    counterpart Joe Biden"), longest first, that involve changed words."""
    n, m = len(ka), len(kb)
    if n < 2 or m < 2 or n * m > 40000:
        return []
    # a reorder needs a word removed in one place and added in another
    gone = {ka[x] for x in range(n) if removed[x]}
    if not any(added[y] and kb[y] in gone for y in range(m)):
        return []
    used_a = [False] * n
    used_b = [False] * m
    for a0, a1, b0, b1 in taken:
        for x in range(a0, a1):
            used_a[x] = True
        for y in range(b0, b1):
            used_b[y] = True
    out: list[list[int]] = []
    # windows are found by the sum of their words' hashes (the same words in any order
    # give the same sum, and sliding a window costs one subtraction), then checked word
    # for word: the same windows, in the same order, as indexing each one's sorted words
    ha = [hash(k) for k in ka]
    hb = [hash(k) for k in kb]
    sum_a, sum_b = _prefix_sums(ha), _prefix_sums(hb)
    gone_a, new_b = _prefix_sums(removed), _prefix_sums(added)
    busy_a, busy_b = _prefix_sums(used_a), _prefix_sums(used_b)
    stale_a = False  # used_a changed since busy_a was summed (busy_b is summed again at once)
    for length in range(min(_MAX_REORDER, n, m), 2, -1):
        if stale_a:
            busy_a, stale_a = _prefix_sums(used_a), False
        index: dict[int, list[int]] = {}
        for i in range(n - length + 1):
            if busy_a[i + length] > busy_a[i] or gone_a[i + length] == gone_a[i]:
                continue
            index.setdefault(sum_a[i + length] - sum_a[i], []).append(i)
        if not index:
            continue
        for j in range(m - length + 1):
            if busy_b[j + length] > busy_b[j] or new_b[j + length] == new_b[j]:
                continue
            starts = index.get(sum_b[j + length] - sum_b[j])
            if not starts:
                continue
            wb = list(kb[j:j + length])
            sb = sorted(wb)
            for i in starts:
                wa = list(ka[i:i + length])
                if sorted(wa) != sb or any(used_a[i:i + length]) or wa == wb:
                    continue
                # tight: both ends differ, and some content word moved
                if wa[0] == wb[0] or wa[-1] == wb[-1]:
                    continue
                if all(w in stop for w in wa):
                    continue
                out.append([i, i + length, j, j + length])
                for x in range(i, i + length):
                    used_a[x] = True
                for y in range(j, j + length):
                    used_b[y] = True
                busy_b = _prefix_sums(used_b)
                stale_a = True
                break
    return out


def _prefix_sums(xs: Sequence[int]) -> list[int]:
    """``out[k]`` is the sum of ``xs[:k]`` (bools counted as ints)."""
    return list(accumulate(xs, initial=0))


def _runs(idx: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for x in idx:
        if out and out[-1][-1] == x - 1:
            out[-1].append(x)
        else:
            out.append([x])
    return out


def _pair_runs(xs: list[int], ys: list[int]) -> list[tuple[list[int], list[int]]]:
    """Pair the contiguous runs left over in one opcode (usually one each)."""
    rx, ry = _runs(xs), _runs(ys)
    out = []
    for k in range(max(len(rx), len(ry))):
        out.append((rx[k] if k < len(rx) else [], ry[k] if k < len(ry) else []))
    return out


def _trim_region(ka: Sequence[str], kb: Sequence[str], r: list[int]) -> list[int]:
    """Shrink a reorder region from its outer ends until both sides hold the same words."""
    a0, a1, b0, b1 = r
    for _ in range(8):
        wa, wb = ka[a0:a1], kb[b0:b1]
        # the same words (as Counters compare them), by C sorts and counts: a region is a
        # dozen words at most, where Counters cost more than their loops save
        if sorted(wa) == sorted(wb):
            break
        a0, a1, changed_a = _shrink(wa, a0, a1, wb)
        b0, b1, changed_b = _shrink(wb, b0, b1, wa)
        if not (changed_a or changed_b):
            break
    return [a0, a1, b0, b1]


def _shrink(words: Sequence[str], lo: int, hi: int, other: Sequence[str]) -> tuple[int, int, bool]:
    """Drop one end word of ``words`` (keys[lo:hi]) that ``other``, the other side's words,
    holds fewer times (the last one first)."""
    if hi > lo and words.count(words[-1]) > other.count(words[-1]):
        return lo, hi - 1, True
    if hi > lo and words.count(words[0]) > other.count(words[0]):
        return lo + 1, hi, True
    return lo, hi, False


def _merge_regions(regions: list[list[int]], ka: Sequence[str], kb: Sequence[str]) -> list[list[int]]:
    """Overlapping reorder regions as one, where that one still holds the same words on both
    sides (a reorder is the same words in another order); where it would not, the later
    region is left out ("rise fuel fell new" is no reorder of "new fuel fell fuel rise")."""
    regions.sort()
    out: list[list[int]] = []
    for r in regions:
        if out and (r[0] < out[-1][1] or (r[2] < out[-1][3] and r[3] > out[-1][2])):
            last = out[-1]
            a0, a1, b0, b1 = min(last[0], r[0]), max(last[1], r[1]), min(last[2], r[2]), max(last[3], r[3])
            if (a0, a1, b0, b1) == tuple(last) or Counter(ka[a0:a1]) == Counter(kb[b0:b1]):
                last[:] = [a0, a1, b0, b1]
        else:
            out.append(r)
    return out
