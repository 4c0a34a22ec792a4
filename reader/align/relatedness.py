"""Are two texts about the same event?  Content and names shared, aligned or not.

Two reports of one event from different outlets may share no sentence at all,
yet they share what the event is made of: its people and places, its
figures and its vocabulary.  :func:`features` measures that order-free:

* the cosine of the two sets of content stems (function words left out, a
  synonym group's words sharing one stem);
* the share of names (capitalised words inside sentences) the two sides
  share, out of the side with fewer; for scripts without capitals, where no
  names are read, the content cosine stands in;
* the share of figures (numbers, spelled-out ones as digits) they share;
* the content cosine again with each stem weighed by its inverse document
  frequency (``resources/models/idf.tsv``): shared rare words say more than
  shared common ones (cross-validation by topic on our ECB+ train topics,
  ROC AUC 0.942 -> 0.950; our dev topics 0.955 -> 0.960).

:func:`probability` weighs them with a logistic model whose coefficients
are in ``resources/models/relatedness.json``, trained by
``training/train_relatedness.py`` on the train topics of a public corpus of
news articles grouped by event (provenance in ``resources/models/README.md``).
:data:`UNRELATED_BELOW` in that file is the probability under which a pair
is said to be about different events: chosen on the training pairs so that
few same-event pairs fall under it, since a wrong "unrelated" is the worse
mistake.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from parallax.reader.align.embedding import idf_table
from parallax.reader.align.similarity import context, stem

__all__ = ["FEATURES", "Relatedness", "features", "judge", "probability"]

FEATURES = ("content_cosine", "names_shared", "figures_shared", "content_small", "idf_cosine")


class Relatedness(NamedTuple):
    probability: float  # that the two texts report the same event
    related: bool
    reason: str  # why they look unrelated ("" when related)


def _stems(words: set[str]) -> dict[str, float]:
    """The content stems of distinct ``words``, each with the inverse document frequency
    of its rarest word."""
    ctx = context()
    memo = ctx.key_stems  # each word's stem and IDF, read once a process (per word lists)
    if len(memo) > 200_000:
        memo.clear()
    words = list(words)
    got = list(map(memo.get, words, repeat(_UNREAD)))  # one C loop; the words not read yet below
    if _UNREAD in got:
        table = idf_table()
        for x in [x for x, g in enumerate(got) if g is _UNREAD]:
            got[x] = memo[words[x]] = _stem_idf(words[x], ctx, table)
    # each stem with its largest IDF: the pairs in rising IDF, the last of a stem kept (dict()
    # keeps a key's last value); max(0.0, ...) as a loop taking the largest from 0.0 would
    read = sorted(filter(None, got), key=_IDF)  # None: a function word
    if read and read[0][1] < 0.0:
        return {st: max(0.0, idf) for st, idf in dict(read).items()}
    return dict(read)


_UNREAD = object()
_IDF = itemgetter(1)


def _stem_idf(k: str, ctx, table: tuple[dict[str, float], float]) -> tuple[str, float] | None:
    """One word's content stem (its synonym group's) and IDF (``table``: :func:`idf_table`);
    None for a function word."""
    feats = ctx.key_feats.get(k) if "-" not in k else None
    idf, unseen = table
    if feats is not None:
        # the alignment read this word already: its one content feature is this stem
        # (a hyphenated word's features also hold its parts', and are not read so)
        if not feats:
            return None
        return feats[0], idf.get(k, unseen)
    if k in ctx.stop or (len(k) < 2 and not k.isdigit()):
        return None
    st = stem(k)
    return ctx.canon.get(st, st), idf.get(k, unseen)


def _figures(words: set[str]) -> set[str]:
    """The figures among distinct ``words``, spelled-out ones as digits."""
    numbers = context().numbers
    return {numbers.get(k, k) for k in words if k[:1].isdigit() or k in numbers}


def features(keys_a: Sequence[str], keys_b: Sequence[str], names_a: frozenset[str],
             names_b: frozenset[str], /) -> tuple[float, ...]:
    """The signals, in the order of :data:`FEATURES`."""
    da, db = set(keys_a), set(keys_b)  # each side's words once, for the stems and the figures
    wa, wb = _stems(da), _stems(db)
    sa, sb = wa.keys(), wb.keys()
    cosine = len(sa & sb) / math.sqrt(len(sa) * len(sb)) if sa and sb else 0.0
    # the same, rare words weighing more (IDF of news sentences, resources/models/idf.tsv)
    # fsum: exact whatever the order, and the order of a set (and of dicts filled from one)
    # changes with the process's string hashing
    weighted = (math.fsum(wa[s] * wb[s] for s in sa & sb)
                / math.sqrt(math.fsum(v * v for v in wa.values()) * math.fsum(v * v for v in wb.values()))
                ) if sa and sb else 0.0
    if names_a and names_b:
        names = len(names_a & names_b) / min(len(names_a), len(names_b))
    elif not names_a and not names_b:
        names = cosine  # no capitals to read names by: the content speaks for them
    else:
        names = 0.0
    fa, fb = _figures(da), _figures(db)
    figures = len(fa & fb) / min(len(fa), len(fb)) if fa and fb else cosine
    return (cosine, names, figures, float(min(len(sa), len(sb)) < 30), weighted)


class _Model(NamedTuple):
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    unrelated_below: float


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = json.loads(resources.files("parallax.resources").joinpath("models", "relatedness.json")
                      .read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError("resources/models/relatedness.json was trained on other features; "
                           "run training/train_relatedness.py")
    return _Model(tuple(data["weights"]), float(data["bias"]), tuple(data["mean"]),
                  tuple(data["scale"]), float(data["unrelated_below"]))


def probability(x: Sequence[float], /) -> float:
    m = _model()
    z = m.bias + sum(w * (v - mu) / sd for w, v, mu, sd in zip(m.weights, x, m.mean, m.scale, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def judge(x: Sequence[float], /) -> Relatedness:
    """The probability of one event, and whether the pair reads as unrelated (with why)."""
    p = probability(x)
    if p >= _model().unrelated_below:
        return Relatedness(p, True, "")
    cosine, names, figures = x[0], x[1], x[2]
    bits = [f"{round(100 * cosine)}% of content words shared"]
    if names != cosine:
        bits.append(f"{round(100 * names)}% of names")
    if figures != cosine:
        bits.append(f"{round(100 * figures)}% of figures")
    return Relatedness(p, False, "different events, it seems: " + ", ".join(bits))
