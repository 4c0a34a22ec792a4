"""Text reuse: how much of one text is taken from another, and the evidence.

Short copied passages count: a clause of agency copy inside a rewritten
sentence is found by *shingles*, order-free runs of three words shared by
both sides (the unit that plagiarism and news-reuse studies use), besides
the long bridged runs of :mod:`parallax.reader.align.verbatim`.

:func:`evidence` measures, for the right text against the left one, the
share of each side's words inside shared shingles, the longest shared run,
and how many of the right text's sentences hold copied material.
:func:`verdict` turns those measures (with the paraphrase alignment's share
of closely aligned words) into ``wholly`` / ``partially`` / ``not`` derived,
the METER scheme, with an ordinal model (one score from two logistic
regressions, derived at all and wholly derived, and two thresholds) whose
coefficients are in
``resources/models/reuse.json`` (trained by ``training/train_reuse.py`` on
public human-labelled reuse data; provenance in ``resources/models/README.md``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import NamedTuple

from parallax.reader.align.similarity import function_words
from parallax.reader.model import ReuseEvidence as Evidence
from parallax.reader.text.gcpause import with_paused_gc

__all__ = ["FEATURES", "LEVELS", "Evidence", "evidence", "features", "score", "shingle_cover", "verdict"]

LEVELS = ("wholly", "partially", "not")
SHINGLE = 3  # words in a shingle
COPIED_SHARE = 0.5  # a sentence holds copied material when this much of it is in shingles...
COPIED_RUN = 6  # ...or when it holds a shared run this long


def shingle_cover(a: Sequence[str], b: Sequence[str], /, *, n: int = SHINGLE,
                  function_words: frozenset[str] = frozenset()) -> tuple[bytearray, bytearray]:
    """Marks (one byte per key) of the keys of ``a`` and ``b`` that lie in an
    ``n``-key shingle both sequences contain, in any order.  A shingle made of
    ``function_words`` only ("one of the", "کے ساتھ ہی") is no evidence of
    copying and is left out."""
    if n < 1 or len(a) < n or len(b) < n:
        return bytearray(len(a)), bytearray(len(b))
    # each distinct key a number, each shingle one integer of its n numbers (base: how
    # many keys there are): shingles are then compared by sorting arrays of integers,
    # not by hashing a tuple of n strings for each (a third of the time at 100,000 words)
    vocab = {k: i for i, k in enumerate(set(a).union(b))}
    if len(vocab) ** n >= 2 ** 63:  # too many keys for one 64-bit integer a shingle
        return _tuple_cover(a, b, n, function_words)
    import numpy as np

    base = len(vocab)
    grams_a = _shingle_codes(np.fromiter(map(vocab.__getitem__, a), np.int64, len(a)), n, base)
    grams_b = _shingle_codes(np.fromiter(map(vocab.__getitem__, b), np.int64, len(b)), n, base)
    hit = _members(grams_b, grams_a)  # b's shingles that a holds too
    if function_words:
        fw = np.frombuffer(bytes(map(function_words.__contains__, b)), np.bool_)
        m = len(grams_b)
        only_fw = fw[:m].copy()
        for i in range(1, n):  # every key of the shingle a function word
            only_fw &= fw[i:m + i]
        hit &= ~only_fw  # held, and not made of function words only
    return _spread_marks(_members(grams_a, grams_b[hit]), n), _spread_marks(hit, n)


def _shingle_codes(ids, n: int, base: int):
    """The integer of each ``n``-key shingle of the key numbers ``ids`` (digits in ``base``)."""
    m = len(ids) - n + 1
    codes = ids[:m].copy()
    for i in range(1, n):
        codes *= base
        codes += ids[i:m + i]
    return codes


def _members(x, pool):
    """Which integers of array ``x`` are in array ``pool`` (a bool array): both sorted, then
    one binary search a value (in order, so that the searches read memory in order)."""
    import numpy as np

    found = np.zeros(len(x), np.bool_)
    if not len(x) or not len(pool):
        return found
    known = np.sort(pool)
    order = np.argsort(x)
    wanted = x[order]
    at = np.searchsorted(known, wanted)
    at[at == len(known)] = 0
    found[order] = known[at] == wanted
    return found


def _spread_marks(starts, n: int) -> bytearray:
    """Marks (one 0/1 byte a key) of the ``n`` keys of each shingle whose start is marked in
    the bool array ``starts``."""
    import numpy as np

    m = len(starts)
    out = np.zeros(m + n - 1, np.bool_)
    for i in range(n):
        out[i:m + i] |= starts
    return bytearray(out.view(np.uint8).tobytes())


def _tuple_cover(a: Sequence[str], b: Sequence[str], n: int,
                 function_words: frozenset[str]) -> tuple[bytearray, bytearray]:
    """:func:`shingle_cover` with each shingle a tuple of its keys (for vocabularies too large
    to number shingles in 64 bits)."""
    grams_a = list(zip(*[a[i:] for i in range(n)], strict=False))
    grams_b = list(zip(*[b[i:] for i in range(n)], strict=False))
    # one byte per shingle of b: 1 where a holds it too (C loops: map, compress)
    held = set(grams_a)
    hit = bytes(map(held.__contains__, grams_b))
    if function_words:
        # marks as the bytes of big numbers (one 0/1 byte a key): AND and OR of whole texts
        fw = bytes(map(function_words.__contains__, b))
        only_fw = _bits(fw[:len(hit)])
        for i in range(1, n):  # every key of the shingle a function word
            only_fw &= _bits(fw[i:len(hit) + i])
        marks = _bits(hit)
        hit = (marks & ~only_fw).to_bytes(len(hit), "big")  # held, and not made of function words only
    shared = set(compress(grams_b, hit))
    return _spread(bytes(map(shared.__contains__, grams_a)), n), _spread(hit, n)


def _bits(marks: bytes) -> int:
    return int.from_bytes(marks, "big")


def _spread(starts: bytes, n: int) -> bytearray:
    """Marks of the ``n`` keys of each shingle whose start is marked in ``starts`` (one 0/1
    byte a key: the marks shifted by 0..n-1 bytes and ORed, as one big number)."""
    if n == 1:
        return bytearray(starts)
    x = _bits(starts) << 8 * (n - 1)  # room for the last shingle's n - 1 further keys
    out = x
    for i in range(1, n):
        out |= x >> 8 * i
    return bytearray(out.to_bytes(len(starts) + n - 1, "big"))


def _longest(cov: bytes | bytearray) -> int:
    """The longest run of marked (1) bytes."""
    return max(map(len, bytes(cov).split(b"\x00"))) if cov else 0


@with_paused_gc
def evidence(a: Sequence[str], b: Sequence[str], sentences_b: Sequence[tuple[int, int]], /, *,
             own_b: Sequence[bool] | None = None) -> Evidence:
    """The reuse evidence of key sequence ``b`` against ``a``.

    ``sentences_b``: token ranges ``[start, end)`` of ``b``'s sentences.
    ``own_b``: which of ``b``'s tokens are its own words (not inside quotation
    marks); shares and copied sentences count those only, since two
    independent reports quoting the same statement share its words.
    """
    cov_a, cov_b = shingle_cover(a, b, function_words=function_words())
    own = bytes(map(bool, own_b)) if own_b is not None else b""  # one byte per token: 1 for its own
    n_own = own.count(1)
    if n_own and n_own >= max(20, len(b) // 4):
        # covered own words: the bytes marked in both (as bits of two numbers)
        own = own[:len(cov_b)].ljust(len(cov_b), b"\x00")
        both = int.from_bytes(cov_b, "big") & int.from_bytes(own, "big")
        right = both.bit_count() / own.count(1)
    else:
        right = cov_b.count(1) / len(b) if len(b) else 0.0
    left = cov_a.count(1) / len(cov_a) if cov_a else 0.0
    copied = 0
    for s, e in sentences_b:
        if e <= s:
            continue
        part = cov_b[s:e]
        if part.count(1) / (e - s) >= COPIED_SHARE or _longest(part) >= COPIED_RUN:
            copied += 1
    return Evidence(left, right, min(_longest(cov_a), _longest(cov_b)), copied, len(sentences_b))


FEATURES = ("covered_right", "covered_left", "verbatim_right", "copied_sentence_share",
            "longest_run_share", "closely_aligned_right", "similarity")


def features(ev: Evidence, /, *, verbatim_right: float, closely_aligned_right: float,
             similarity: float, words_right: int) -> tuple[float, ...]:
    """The verdict's inputs, in the order of :data:`FEATURES`."""
    return (
        ev.covered_right,
        ev.covered_left,
        verbatim_right,
        ev.copied_sentences / ev.sentences if ev.sentences else 0.0,
        min(1.0, ev.longest_run / words_right) if words_right else 0.0,
        closely_aligned_right,
        similarity,
    )


class _Model(NamedTuple):
    inputs: tuple[int, ...]  # which FEATURES the model reads
    derived: tuple[tuple[float, ...], float, tuple[float, ...], tuple[float, ...]]  # weights, bias, mean, scale
    wholly: tuple[tuple[float, ...], float, tuple[float, ...], tuple[float, ...]]
    thresholds: tuple[float, float]  # score from which a text is partially, wholly derived


def _logistic(part: dict) -> tuple[tuple[float, ...], float, tuple[float, ...], tuple[float, ...]]:
    return tuple(part["weights"]), float(part["bias"]), tuple(part["mean"]), tuple(part["scale"])


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = json.loads(resources.files("parallax.resources").joinpath("models", "reuse.json")
                      .read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES or tuple(data["levels"]) != LEVELS:
        raise RuntimeError("resources/models/reuse.json was trained on other features; "
                           "run training/train_reuse.py")
    inputs = tuple(FEATURES.index(f) for f in data["inputs"])
    lo, hi = data["thresholds"]
    return _Model(inputs, _logistic(data["derived"]), _logistic(data["wholly"]), (float(lo), float(hi)))


def _p(part: tuple, x: Sequence[float]) -> float:
    weights, bias, mean, scale = part
    z = bias + sum(w * (v - mu) / sd for w, v, mu, sd in zip(weights, x, mean, scale, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score(x: Sequence[float], /) -> float:
    """How derived the right text reads, in ``[0, 2]``: the probability that it is
    derived at all plus the probability that it is wholly derived."""
    m = _model()
    picked = [x[i] for i in m.inputs]
    return _p(m.derived, picked) + _p(m.wholly, picked)


def verdict(x: Sequence[float], /) -> str:
    """``wholly``, ``partially`` or ``not`` derived, for features ``x`` (an ordinal
    decision: one score, two thresholds)."""
    s = score(x)
    lo, hi = _model().thresholds
    return "wholly" if s >= hi else "partially" if s >= lo else "not"
