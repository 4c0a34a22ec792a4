"""How alike two sentences are: content stems, n-gram overlap, figures,
polarity and names, weighed by a model learned from human-labelled pairs.

``pair_score(ka, kb)`` is the probability that two key sequences (one
sentence or a few each) say the same thing.  The features (:func:`features`)
are overlap both ways of content stems (a synonym group's words share one
stem; stems sharing a long prefix, invade/invasion, count 0.8; numbers weigh
1.5), character-level ratios of the content and of all the words, word
bigram and trigram overlap both ways, a word-level edit ratio, the length
ratio, whether figures differ, whether one side is negated, whether one says
a word and the other its opposite (``opposites.tsv``), and whether both name
people or places and share none.  Their weights are logistic-regression
coefficients in ``resources/models/paraphrase.json``, trained by
``training/train_paraphrase.py`` on the train split of a public paraphrase
corpus (provenance in ``resources/models/README.md``).

Content stems: the matching keys without function words, lightly stemmed
(common suffixes dropped, then cut to six characters), or character bigrams
for scripts written without spaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from parallax.reader.text.keys import is_unspaced, tokens
from rapidfuzz import fuzz

__all__ = [
    "content",
    "context",
    "function_words",
    "names_agree",
    "names_in",
    "opposed",
    "pair_score",
    "prefixes",
    "score",
    "sentence_similarity",
    "stem",
]

_SUFFIXES = (
    "ational", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "edly",
    "ies", "ied", "ed", "es", "ly", "s",
)
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


def function_words() -> frozenset[str]:
    from parallax.reader.text.lexicon import stopwords

    return stopwords()


@lru_cache(maxsize=200_000)
def stem(key: str) -> str:
    """A light, language-agnostic stem of one matching key."""
    if not key or not key[0].isalpha():
        return key
    for p in _ARABIC_PREFIXES:
        if key.startswith(p) and len(key) - len(p) >= 3:
            key = key[len(p):]
            break
    for suf in _SUFFIXES:
        if key.endswith(suf) and len(key) - len(suf) >= 3:
            key = key[: -len(suf)]
            break
    return key[:6]


@lru_cache(maxsize=4)
def _word_tables(_gen: tuple) -> tuple[dict[str, str], tuple[tuple[frozenset[str], frozenset[str]], ...]]:
    """Synonym groups (stem -> the group's first stem) and opposite pairs, all languages together."""
    from parallax.reader.text.keys import key
    from parallax.reader.text.lexicon import available_languages, load_exact

    canon: dict[str, str] = {}
    opposite: list[tuple[frozenset[str], frozenset[str]]] = []
    for lang in sorted(available_languages()):
        for row in load_exact("synonyms.tsv", lang):
            stems = [stem(key(w)) for cell in row for w in cell.split()]
            stems = [x for x in stems if x]
            if len(stems) < 2:
                continue
            head = canon.get(stems[0], stems[0])
            for x in stems:
                canon.setdefault(x, head)
        for row in load_exact("opposites.tsv", lang):
            if len(row) >= 2:
                a = frozenset(stem(key(w)) for w in row[0].split())
                b = frozenset(stem(key(w)) for w in row[1].split())
                if a and b:
                    opposite.append((a - b, b - a))
    return canon, tuple(opposite)


class _Ctx(NamedTuple):
    """The word tables a score needs, read once per lexicon generation."""

    stop: frozenset[str]
    canon: dict[str, str]
    opposite: tuple[tuple[frozenset[str], frozenset[str]], ...]
    opposed_any: frozenset[str]
    numbers: dict[str, str]
    memo: dict  # keys tuple -> _Info, so that a sentence scored against several candidates is read once
    key_feats: dict  # matching key -> its content features (stems, synonym groups)


@lru_cache(maxsize=4)
def _context_for(gen: tuple) -> _Ctx:
    canon, opposite = _word_tables(gen)
    opposed_any = frozenset().union(*(x | y for x, y in opposite)) if opposite else frozenset()
    return _Ctx(function_words(), canon, opposite, opposed_any, _number_words_for(gen), {}, {})


def context() -> _Ctx:
    from parallax.reader.text.lexicon import generation

    return _context_for(generation())


def content(keys: Sequence[str], unspaced: bool = False, stop: frozenset[str] | None = None,
            ctx: _Ctx | None = None) -> set[str]:
    """The content features of a sentence: stems of non-function words (a synonym
    group's words share one stem), or character bigrams for unspaced scripts."""
    if unspaced:
        feats = {keys[i] + keys[i + 1] for i in range(len(keys) - 1)}
        if not feats:
            feats = set(keys)
        return feats
    if ctx is None:
        ctx = context()
    if stop is None:
        stop = ctx.stop
    memo = ctx.key_feats if stop is ctx.stop else {}
    out: set[str] = set()
    for k in keys:
        f = memo.get(k)
        if f is None:
            f = _key_features(k, stop, ctx.canon)
            if len(memo) > 200_000:
                memo.clear()
            memo[k] = f
        out.update(f)
    return out or {stem(k) for k in keys}


def _key_features(k: str, stop: frozenset[str], canon: dict[str, str]) -> tuple[str, ...]:
    out = []
    parts = [k, *k.split("-")] if "-" in k else (k,)  # "seven-year" also counts as "seven" and "year"
    for p in parts:
        if p and p not in stop and (len(p) > 1 or p.isdigit()):
            st = stem(p)
            out.append(canon.get(st, st))
    return tuple(out)


_PREFIX = 4  # a shared prefix this long (and covering most of the shorter stem) links two stems


def prefixes(fs: set[str]) -> dict[str, list[str]]:
    """The features long enough to link by prefix, by their first letters."""
    out: dict[str, list[str]] = {}
    for t in fs:
        if len(t) >= _PREFIX and not t[0].isdigit():
            out.setdefault(t[:_PREFIX], []).append(t)
    return out


def _soft_dice(fa: set[str], fb: set[str], pb: dict[str, list[str]] | None = None) -> float:
    """Dice of two feature sets where a shared stem counts 1 (a number 1.5) and a
    stem sharing a long prefix with one on the other side counts 0.8
    (invade/invasion, concern/concerned): inflection the light stemmer misses.
    ``pb``: :func:`prefixes` of ``fb``, when the caller keeps it."""
    total = _total(fa) + _total(fb)
    if not total:
        return 0.0
    shared = fa & fb
    got = 2 * _total(shared)
    rest_a = [f for f in fa - shared if len(f) >= _PREFIX and not f[0].isdigit()]
    if rest_a:
        if pb is None:
            pb = prefixes(fb)
        linked_b: set[str] = set()
        for f in rest_a:
            hit = False
            for t in pb.get(f[:_PREFIX], ()):
                if t not in shared and _common_prefix(f, t) >= 0.6 * min(len(f), len(t)):
                    linked_b.add(t)
                    hit = True
            if hit:
                got += 0.8
        got += 0.8 * len(linked_b)
    return got / total


def _total(fs: set[str]) -> float:
    """The summed weight of features: 1 each, 1.5 for a number (numbers carry the facts)."""
    return len(fs) + 0.5 * sum(map(str.isdigit, map(itemgetter(0), fs)))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


# Negations in a few languages: a paraphrase keeps its polarity.
_NEGATIONS = frozenset(
    ["not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor", "without", "ne", "pas", "jamais", "aucun", "nicht", "kein", "keine", "nie", "nunca", "ningún", "ninguna", "sin", "не", "нет", "ни", "никогда", "без", "لا", "لم", "لن", "ليس", "不", "没", "没有", "未", "無", "无"]
)


@lru_cache(maxsize=4)
def _number_words_for(gen: tuple) -> dict[str, str]:
    """Spelled-out numbers (two..ninety) and the digits they stand for."""
    from parallax.reader.text.lexicon import number_words

    units = number_words("en")[0]
    return {k: str(int(v)) for k, v in units.items() if v >= 2 and v == int(v)}


class _Info(NamedTuple):
    """What a score reads from one side's words."""

    content: str  # the content words, joined
    whole: str  # all the words, joined
    numbers: frozenset[str]  # figures, spelled-out ones as digits
    negated: bool
    stems: frozenset[str]


def _info(keys: Sequence[str], ctx: _Ctx) -> _Info:
    t = tuple(keys)
    got = ctx.memo.get(t)
    if got is None:
        stop, words = ctx.stop, ctx.numbers
        got = _Info(
            " ".join(k for k in t if k not in stop) or " ".join(t),
            " ".join(t),
            frozenset(words.get(k, k) for k in t if k[:1].isdigit() or k in words),
            any(k in _NEGATIONS for k in t),
            frozenset(stem(k) for k in t),
        )
        if len(ctx.memo) > 20_000:
            ctx.memo.clear()
        ctx.memo[t] = got
    return got


def score(ka: Sequence[str], kb: Sequence[str], fa: set[str], fb: set[str], ctx: _Ctx | None = None,
           names: tuple[frozenset[str], frozenset[str]] | None = None,
           pb: dict[str, list[str]] | None = None) -> float:
    if not ka or not kb:
        return 0.0
    if ctx is None:
        ctx = context()
    ia, ib = _info(ka, ctx), _info(kb, ctx)
    dice = _soft_dice(fa, fb, pb) if fa and fb else 0.0
    # character-level similarity of the content words, order-free (a second, spelling-tolerant signal)
    fz = fuzz.token_set_ratio(ia.content, ib.content) / 100.0
    # and of the whole wording: the same words in the same order beat a rewording
    whole = fuzz.token_sort_ratio(ia.whole, ib.whole) / 100.0
    score = 0.65 * dice + 0.2 * fz + 0.15 * whole
    # paraphrases keep their numbers, their polarity and their direction
    na, nb = ia.numbers, ib.numbers
    if na and nb and na != nb:
        score *= 0.9 if na & nb else 0.7
    if ia.negated != ib.negated:
        score *= 0.9
    if _opposed_stems(ia.stems, ib.stems, ctx):
        score *= 0.6
    if names is not None and not names_agree(*names):
        score *= 0.85  # other people, places or organisations
    return _calibrate(max(0.0, min(1.0, score)))


def names_in(text: str, toks: Sequence, first: int = 0, stop: frozenset[str] | None = None) -> frozenset[str]:
    """Keys of the capitalised words of one sentence (``toks[first:]``) that are not its
    first word nor function words: the names a paraphrase keeps."""
    if stop is None:
        stop = function_words()
    out = set()
    for k in range(first + 1, len(toks)):
        t = toks[k]
        if text[t.start:t.start + 1].isupper() and t.key not in stop and \
                text[max(0, t.start - 2):t.start].strip() not in (".", "!", "?", ":", "\u201c", '"'):
            out.add(t.key)
    return frozenset(out)


def names_agree(na: frozenset[str], nb: frozenset[str]) -> bool:
    """Both sides name someone or somewhere, and share at least one of them
    (a shared four-letter start is enough: Russia/Russian)."""
    if not na or not nb or na & nb:
        return True
    starts = {n[:4] for n in nb if len(n) >= 4}
    return any(len(n) >= 4 and n[:4] in starts for n in na)


# The raw score that separates paraphrases from other pairs best on Parallax's own sentence
# pairs (benchmarks/data/paraphrase_*.tsv: 0.58-0.69 depending on the set); the score is
# stretched piecewise-linearly so that this point reads 0.5, keeping its order.
_BOUNDARY = 0.62


def _calibrate(raw: float) -> float:
    if raw < _BOUNDARY:
        return 0.5 * raw / _BOUNDARY
    return 0.5 + 0.5 * (raw - _BOUNDARY) / (1.0 - _BOUNDARY)


def opposed(ka: Sequence[str], kb: Sequence[str], ctx: _Ctx) -> bool:
    """One side says a word and the other its opposite (rose/fell, signed/vetoed)."""
    return _opposed_stems(frozenset(stem(k) for k in ka), frozenset(stem(k) for k in kb), ctx)


def _opposed_stems(sa: frozenset[str], sb: frozenset[str], ctx: _Ctx) -> bool:
    only_a, only_b = sa - sb, sb - sa
    if not only_a & ctx.opposed_any or not only_b & ctx.opposed_any:
        return False
    for x, y in ctx.opposite:
        if (only_a & x and only_b & y and not sa & y and not sb & x) or \
                (only_a & y and only_b & x and not sa & x and not sb & y):
            return True
    return False


def pair_score(ka: Sequence[str], kb: Sequence[str], unspaced: bool = False, *,
               names: tuple[frozenset[str], frozenset[str]] | None = None) -> float:
    """The similarity of two key sequences, as used for aligned pairs (``names``: the
    capitalised words of each side, see :func:`names_in`)."""
    ctx = context()
    return score(ka, kb, content(ka, unspaced, ctx=ctx), content(kb, unspaced, ctx=ctx), ctx, names)


def sentence_similarity(a: str, b: str, /) -> float:
    """Similarity in ``[0, 1]`` of two sentences (any script)."""
    ta, tb = tokens(a), tokens(b)
    ka = [t.key for t in ta]
    kb = [t.key for t in tb]
    un = is_unspaced(a) or is_unspaced(b)
    ctx = context()
    names = (names_in(a, ta), names_in(b, tb))
    return score(ka, kb, content(ka, un, ctx=ctx), content(kb, un, ctx=ctx), ctx, names)
