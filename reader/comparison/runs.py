"""Overlapping highlighted spans cut into runs, in numpy: the core of ``layers.segment_runs``.

A long pair has ~20,000 items and ~35,000 runs a side; a Python loop over their
~40,000 start and end events cost ~50 ms a side, on the way from "compared" to
"highlights drawn".  Here the same runs come of a few array operations:

1. each style key's open count after each offset where it has an event (the
   events sorted by key, then offset: one cumulative sum, as every key's starts
   and ends cancel out);
2. the offsets where a key opens or closes, each a *toggle* of the key's bit;
3. the set of keys open after each offset: the toggles, in offset order, xor-ed
   together (a ``uint64`` per offset; Python ints, slower, past 64 keys).

A run is then each stretch between two consecutive toggle offsets with some key
open: so the runs are maximal (two touching runs never carry the same keys) and
none covers an offset where no key is open, the same runs as the event loop made.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def open_runs(starts: np.ndarray, ends: np.ndarray, keys: np.ndarray,
              names: Sequence[str]) -> tuple[list[int], list[int], list[tuple[str, ...]]]:
    """The runs of spans ``[starts[i], ends[i])`` carrying the style key ``names[keys[i]]``.

    Returns ``(starts, ends, layers)``: parallel lists, sorted, non-overlapping, each
    run's ``layers`` the names of the keys open over it in index order (one tuple per
    distinct set).  An empty or reversed span covers nothing."""
    keep = ends > starts
    if not keep.all():
        starts, ends, keys = starts[keep], ends[keep], keys[keep]
    n = len(starts)
    if not n:
        return [], [], []
    pos = np.concatenate((starts, ends)).astype(np.int64, copy=False)
    key = np.concatenate((keys, keys)).astype(np.int64, copy=False)
    delta = np.ones(2 * n, np.int64)
    delta[n:] = -1
    # by key, then offset (as one int: a quicksort; how ties are ordered changes no sum below)
    order = np.argsort(key * (int(pos.max()) + 1) + pos)
    pos, key = pos[order], key[order]
    count = np.cumsum(delta[order])  # the key's open count: each key's events sum to 0
    last = np.empty(2 * n, bool)  # the last event of its (key, offset)
    last[-1] = True
    np.not_equal(pos[1:], pos[:-1], out=last[:-1])
    last[:-1] |= key[1:] != key[:-1]
    pos, key, opened = pos[last], key[last], count[last] > 0
    # a key's first offset follows the previous key's last, where that one is closed
    toggle = np.empty(len(opened), bool)
    toggle[0] = opened[0]
    np.not_equal(opened[1:], opened[:-1], out=toggle[1:])
    pos, key = pos[toggle], key[toggle]
    order = np.argsort(pos)  # the toggles at one offset, in any order: their xor is the same
    pos = pos[order]
    if len(names) <= 64:
        bits = np.left_shift(np.uint64(1), key[order].astype(np.uint64))
    else:
        bits = np.array([1 << k for k in key[order].tolist()], dtype=object)
    mask = np.bitwise_xor.accumulate(bits)
    last = np.empty(len(pos), bool)  # the keys open after all toggles at an offset
    last[-1] = True
    np.not_equal(pos[1:], pos[:-1], out=last[:-1])
    pos, mask = pos[last], mask[last]
    on = mask[:-1] != 0  # the last offset closes everything
    run_masks = mask[:-1][on]
    unique, which = np.unique(run_masks, return_inverse=True)
    width = len(names)
    sets = [tuple(names[i] for i in range(width) if m >> i & 1) for m in unique.tolist()]
    return pos[:-1][on].tolist(), pos[1:][on].tolist(), list(map(sets.__getitem__, which.ravel().tolist()))
