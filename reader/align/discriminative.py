"""Which words, shared or not, tell paraphrases from other sentence pairs.

TF-KLD (Ji & Eisenstein 2013, "Discriminative improvements to distributional
sentence similarity") weighs each word by how differently paraphrases and
other pairs share it: of the labelled pairs where the word is on at least one
side, ``p`` is the share with it on both sides among the paraphrases, ``q``
among the others.  ``resources/models/kld.tsv`` holds, for each matching key
and content stem in ten or more pairs of our part of the MSRP train split,
the two log-likelihood ratios those give: ``log(p / q)`` for a word both
sides have ("said" is on both sides of many pairs of either kind: near 0),
``log((1 - p) / (1 - q))`` for one that only one side has (a figure only one
side gives: below 0); a word not listed counts 0 either way.  :func:`evidence`,
their mean over a pair's words, is a feature of the paraphrase model
(``similarity.FEATURES``, ``word_evidence``).  Written by
``training/train_paraphrase.py``; measured in ``resources/models/README.md``
(TF-KLD's own weights, the Bernoulli KL of ``p`` and ``q``, did less).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Set
from functools import lru_cache
from importlib import resources

__all__ = ["SMOOTHING", "TABLE", "evidence", "table", "words"]

#: The file read: ``key<TAB>log(p/q)<TAB>log((1-p)/(1-q))`` a line, after ``#`` lines.
TABLE = ("models", "kld.tsv")

#: Pseudo-pairs of each kind, half with the word on both sides, added to every word's
#: counts (Laplace): a word in few pairs stays near ``p = q = 1/2``, ratios near 0.
#: Chosen by cross-validation on our train part (of 8, 16, 32, 64: 16 and 32 tie, best).
SMOOTHING = 32.0


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[float, float]]:
    text = resources.files("parallax.resources").joinpath(*TABLE).read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, shared, alone = line.split("\t")
            out[word] = (float(shared), float(alone))
    return out


def table() -> dict[str, tuple[float, float]]:
    """:data:`TABLE` read: each word's (log-likelihood ratio when both sides have it,
    when only one side has it)."""
    return _table()


def words(keys: Iterable[str], feats: Iterable[str]) -> frozenset[str]:
    """What :func:`evidence` reads of one side: its matching keys and its content features."""
    return frozenset(keys).union(feats)


def evidence(a: Set[str], b: Set[str], /, *, weights: dict[str, tuple[float, float]] | None = None) -> float:
    """The mean log-likelihood ratio, paraphrase against not, of the words of two sides
    (:func:`words`): each word both have counts its first ratio, each word one side has
    its second, a word not in the table 0.  ``weights``: another table than
    :data:`TABLE` (the training script's, learnt on part of the data)."""
    t = _table() if weights is None else weights
    union = a | b
    if not union:
        return 0.0
    # fsum: the exact sum, whatever order the set gives its words in (a plain running sum
    # moved the last digit with the hash seed, and so the summary's similarity)
    return math.fsum(got[0] if k in a and k in b else got[1]
                     for k in union if (got := t.get(k)) is not None) / len(union)
