"""Verbatim shared passages: maximal runs of shared words, found in any order.

Two token-key sequences are compared the way plagiarism finders such as
WCopyfind or Sherlock do it, but near-linearly:

1. every window of ``min_words`` keys on the left is hashed into a dict
   (a tuple of small integers, so no false hits);
2. the right side is scanned once; each window found on the left seeds a
   run that is extended word by word in both directions.  Each diagonal
   (left index minus right index) remembers how far it has been extended,
   so a long shared passage is walked once, not once per word;
3. runs are *bridged* across small edits ("imperfections"): after a run
   ends, up to ``max_gap`` words may differ on either side if at least
   ``bridge_words`` words match again right after, and the run carries
   on.  Bridged edits are returned so the caller can show them;
4. overlapping runs are resolved greedily, longest first, so that every
   word takes part in at most one run (a tiling).

Windows that occur more than ``max_occurrences`` times on the left (lists,
boilerplate) are not used as seeds; the text they cover is still reached
by extension from rarer seeds.

Everything works on token indexes; :mod:`parallax.reader.comparison.engine` turns them into
code-point spans.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import is_not, ne
from typing import NamedTuple

from parallax.reader.text.gcpause import with_paused_gc

__all__ = ["Run", "shared_runs"]


class Run(NamedTuple):
    """A shared passage in token indexes, half-open on both sides.

    ``edits`` are the bridged imperfections inside the run, each
    ``(left_start, left_end, right_start, right_end)`` in token indexes; an
    empty range on one side is an insertion on the other.  ``matched`` is the
    number of identical words paired by the run.
    """

    left_start: int
    left_end: int
    right_start: int
    right_end: int
    matched: int
    edits: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def score(self) -> float:
        longest = max(self.left_end - self.left_start, self.right_end - self.right_start)
        return self.matched / longest if longest else 0.0


def _intern(a: Sequence[str], b: Sequence[str]) -> tuple[list[int], list[int]]:
    """Each key as a small integer, numbered in order of first appearance (C loops)."""
    ids = {k: i for i, k in enumerate(dict.fromkeys(chain(a, b)))}
    return list(map(ids.__getitem__, a)), list(map(ids.__getitem__, b))


def _window_index(A: list[int], k: int) -> tuple[dict[tuple[int, ...], list[int] | int], bytearray]:
    """Each window of ``k`` keys of ``A``: its position, or the positions in order where it
    recurs; and for each position 1 when its window is found there only, 0 when it recurs.
    Made by C loops (each window's first position by a reversed dict, and each
    position's first one looked up); Python steps only for the later positions of
    repeated windows (a long text's repeated passages: no counting of every window)."""
    windows = list(zip(*[A[t:] for t in range(k)], strict=False))
    index: dict[tuple[int, ...], list[int] | int] = dict(zip(reversed(windows), range(len(windows) - 1, -1, -1), strict=True))
    single = bytearray(b"\x01") * len(windows)
    if len(index) < len(windows):
        firsts = list(map(index.__getitem__, windows))  # each window's first position
        repeats: dict[int, list[int]] = {}  # first position -> all positions, ascending
        for i in compress(range(len(windows)), map(ne, firsts, range(len(windows)))):
            f = firsts[i]
            got = repeats.get(f)
            if got is None:
                repeats[f] = [f, i]
            else:
                got.append(i)
        for f, at in repeats.items():
            index[windows[f]] = at
            for x in at:
                single[x] = 0
    return index, single


@with_paused_gc
def shared_runs(
    a: Sequence[str],
    b: Sequence[str],
    /,
    *,
    min_words: int = 6,
    max_gap: int = 2,
    bridge_words: int = 2,
    min_match_ratio: float = 0.85,
    max_occurrences: int = 64,
) -> list[Run]:
    """Maximal shared runs of at least ``min_words`` keys between ``a`` and ``b``.

    Order-free: a passage moved from the top of ``a`` to the bottom of ``b``
    is found.  Returns non-overlapping runs sorted by their left start.
    ``max_gap=0`` turns bridging off.
    """
    k = max(1, int(min_words))
    A, B = _intern(a, b)
    n, m = len(A), len(B)
    if n < k or m < k:
        return []

    # 1. index the left windows
    # (single: 1 for each left window found there only; the windows of a run that follow
    # its seed are then known to lie on the seed's diagonal)
    index, single = _window_index(A, k)

    # 2. seed and extend exact runs along diagonals
    diag_end: dict[int, int] = {}  # diagonal -> right end of the last run on it
    raw: list[tuple[int, int, int, int]] = []  # (li, lj, ri, rj) exact runs
    skip = -1  # the right windows before this one lie inside the run just found (see below)
    # every right window looked up at once by C loops (a lookup changes nothing), and only
    # those found on the left walked, past the ones inside the run just found
    hits = list(map(index.get, zip(*[B[t:] for t in range(k)], strict=False)))
    found = list(compress(range(len(hits)), map(is_not, hits, repeat(None))))
    p, nfound = 0, len(found)
    while p < nfound:
        j = found[p]
        if j < skip:
            p = bisect_left(found, skip, p)
            continue
        p += 1
        hit = hits[j]
        if isinstance(hit, int):
            if diag_end.get(hit - j, -1) > j:
                continue  # inside a run already found on its diagonal: most windows of copied text
            starts: Sequence[int] = (hit,)
        elif len(hit) > max_occurrences:
            # a very common window (lists, repeated boilerplate): only try the
            # occurrences nearest the same relative position, so that repeated
            # text is still aligned without trying every pair
            at = bisect_left(hit, j * n // m)
            starts = hit[max(0, at - 1):at + 1]
        else:
            starts = hit
        for i in starts:
            d = i - j
            end = diag_end.get(d, -1)
            if end > j:
                continue
            si, sj = i, j
            while si > 0 and sj > max(end, 0) and A[si - 1] == B[sj - 1]:
                si -= 1
                sj -= 1
            t = k
            while i + t < n and j + t < m and A[i + t] == B[j + t]:
                t += 1
            diag_end[d] = j + t
            raw.append((si, i + t, sj, j + t))
            if len(starts) == 1 and single[i]:
                # the right windows j+1 .. j+t-k are the left windows i+1 .. i+t-k: each one
                # found once on the left is found on this diagonal, inside this run, and
                # left at once (the check above); those before the first left window found
                # more than once are passed over here without being looked up
                stop = single.find(0, i + 1, i + t - k + 1)
                skip = j + 1 + ((t - k) if stop < 0 else stop - i - 1)

    if not raw:
        return []

    # 3. bridge imperfections: extend each exact run through small edits
    runs: list[Run] = []
    if max_gap > 0:
        # a raw run that a bridged run already reached is not bridged again
        # (that would walk long chains of edits once per link)
        raw.sort(key=lambda r: (r[2], r[0]))
        absorbed: set[tuple[int, int]] = set()
        for li, lj, ri, rj in raw:
            if (li, ri) in absorbed:
                continue
            run = _bridge(A, B, li, lj, ri, rj, max_gap, bridge_words, min_match_ratio)
            for _a0, a1, _b0, b1 in run.edits:
                absorbed.add((a1, b1))
            runs.append(run)
            if (run.left_start, run.right_start) != (li, ri):
                runs.append(Run(li, lj, ri, rj, lj - li))  # keep the raw piece as a fallback
    else:
        runs = [Run(li, lj, ri, rj, lj - li) for li, lj, ri, rj in raw]

    # 4. tile: longest first, every word in at most one run
    return _tile(runs, n, m, k)


def _exact_forward(A: list[int], B: list[int], i: int, j: int) -> int:
    n, m = len(A), len(B)
    t = 0
    while i + t < n and j + t < m and A[i + t] == B[j + t]:
        t += 1
    return t


def _exact_backward(A: list[int], B: list[int], i: int, j: int) -> int:
    """How many words before ``i``/``j`` match, going backwards."""
    t = 0
    while i - t > 0 and j - t > 0 and A[i - t - 1] == B[j - t - 1]:
        t += 1
    return t


def _bridge(
    A: list[int], B: list[int], li: int, lj: int, ri: int, rj: int,
    max_gap: int, bridge_words: int, min_ratio: float,
) -> Run:
    n, m = len(A), len(B)
    matched = lj - li
    edits: list[tuple[int, int, int, int]] = []
    gaps = _gaps(max_gap)

    # forward
    while True:
        best = None
        for gi, gj in gaps:
            i2, j2 = lj + gi, rj + gj
            if i2 + bridge_words > n or j2 + bridge_words > m:
                continue
            if A[i2:i2 + bridge_words] == B[j2:j2 + bridge_words]:
                best = (gi, gj)
                break
        if best is None:
            break
        gi, gj = best
        i2, j2 = lj + gi, rj + gj
        t = _exact_forward(A, B, i2, j2)
        new_matched = matched + t
        spanned = max(i2 + t - li, j2 + t - ri)
        if new_matched < min_ratio * spanned:
            break
        edits.append((lj, i2, rj, j2))
        lj, rj, matched = i2 + t, j2 + t, new_matched

    # backward
    head: list[tuple[int, int, int, int]] = []
    while True:
        best = None
        for gi, gj in gaps:
            i2, j2 = li - gi, ri - gj  # the bridged segment ends here
            if i2 - bridge_words < 0 or j2 - bridge_words < 0:
                continue
            if A[i2 - bridge_words:i2] == B[j2 - bridge_words:j2]:
                best = (gi, gj)
                break
        if best is None:
            break
        gi, gj = best
        i2, j2 = li - gi, ri - gj
        t = _exact_backward(A, B, i2, j2)
        new_matched = matched + t
        spanned = max(lj - (i2 - t), rj - (j2 - t))
        if new_matched < min_ratio * spanned:
            break
        head.append((i2, li, j2, ri))
        li, ri, matched = i2 - t, j2 - t, new_matched

    head.reverse()
    return Run(li, lj, ri, rj, matched, tuple(head + edits))


@lru_cache(maxsize=8)
def _gaps(max_gap: int) -> tuple[tuple[int, int], ...]:
    """The gaps a run may bridge, ``(left words, right words)``, smallest first, the even ones
    before the uneven ones of a size (made once, not once a run)."""
    gaps = [(gi, gj) for gi in range(max_gap + 1) for gj in range(max_gap + 1) if gi or gj]
    gaps.sort(key=lambda g: (g[0] + g[1], abs(g[0] - g[1])))
    return tuple(gaps)


def _segments(run: Run) -> list[tuple[int, int, int]]:
    """The exact pieces of a run: ``(left_start, right_start, length)``."""
    out = []
    i, j = run.left_start, run.right_start
    for a0, a1, _b0, b1 in run.edits:
        if a0 > i:
            out.append((i, j, a0 - i))
        i, j = a1, b1
    if run.left_end > i:
        out.append((i, j, run.left_end - i))
    return out


def _tile(runs: list[Run], n: int, m: int, k: int) -> list[Run]:
    cov_a = bytearray(n)
    cov_b = bytearray(m)
    one = b"\x01"
    heap = [(-r.matched, r.left_start, r.right_start, idx) for idx, r in enumerate(runs)]
    heapq.heapify(heap)
    pool = list(runs)
    seen: set[tuple[int, int, int, int]] = set()
    out: list[Run] = []
    while heap:
        _, _, _, idx = heapq.heappop(heap)
        r = pool[idx]
        sig = (r.left_start, r.left_end, r.right_start, r.right_end)
        if sig in seen:
            continue
        if cov_a.find(one, r.left_start, r.left_end) < 0 and cov_b.find(one, r.right_start, r.right_end) < 0:
            seen.add(sig)
            out.append(r)
            cov_a[r.left_start:r.left_end] = one * (r.left_end - r.left_start)
            cov_b[r.right_start:r.right_end] = one * (r.right_end - r.right_start)
            continue
        # partly taken: keep the free exact stretches that are still long enough
        for i, j, length in _segments(r):
            t = 0
            while t < length:
                while t < length and (cov_a[i + t] or cov_b[j + t]):
                    t += 1
                s = t
                while t < length and not (cov_a[i + t] or cov_b[j + t]):
                    t += 1
                if t - s >= k:
                    piece = Run(i + s, i + t, j + s, j + t, t - s)
                    pool.append(piece)
                    heapq.heappush(heap, (-piece.matched, piece.left_start, piece.right_start, len(pool) - 1))
    out.sort()
    return out
