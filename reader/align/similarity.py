"""How alike two sentences are: content stems, n-gram overlap, figures,
polarity and names, weighed by a model learned from human-labelled pairs.

``pair_score(ka, kb)`` is the probability that two key sequences (one
sentence or a few each) say the same thing.  The features (:func:`features`)
are overlap both ways of content stems (a synonym group's words share one
stem; stems sharing a long prefix, invade/invasion, count 0.8; numbers weigh
1.5), character-level ratios of the content and of all the words, word
bigram and trigram overlap both ways, a word-level edit ratio, the length
ratio, whether figures differ, whether one side is negated, whether one says
a word and the other its opposite (``opposites.tsv``), whether both name
people or places and share none, and what the words both sides have and
those only one has tell of paraphrases in labelled pairs
(``discriminative.py``).  Their weights are logistic-regression
coefficients in ``resources/models/paraphrase.json``, trained by
``training/train_paraphrase.py`` on the train split of a public paraphrase
corpus (provenance in ``resources/models/README.md``).

Content stems: the matching keys without function words, lightly stemmed
(common suffixes dropped, then cut to six characters), or character bigrams
for scripts written without spaces.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import compress, filterfalse, pairwise
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from parallax.reader.align.discriminative import evidence, words
from parallax.reader.align.embedding import cosine, idf_cosine
from parallax.reader.text.keys import capital_tokens, is_unspaced, key, tokens
from parallax.reader.text.lexicon import on_clear

__all__ = [
    "FEATURES", "PREFIX", "RULES", "SHARED_NAMES", "Passage", "Passages", "apply_rules", "content",
    "context", "features", "forget_sentences", "function_words", "loose_ceiling", "name_positions", "names_agree",
    "names_in", "opposed", "pair_score", "passage_score", "passages", "prefixes", "probability",
    "score", "sentence_features", "sentence_similarity", "stem",
]

def function_words() -> frozenset[str]:
    from parallax.reader.text.lexicon import stopwords

    return stopwords()


@lru_cache(maxsize=1)
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The prefixes and suffixes of every language's ``affixes.tsv``, as keys, longest
    first.  Read once a process (the stemmer is too hot to ask the lexicon each time);
    ``clear_cache`` forgets them with the stems."""
    from parallax.reader.text.lexicon import available_languages, load_exact

    found: dict[str, set[str]] = {"prefix": set(), "suffix": set()}
    for lang in sorted(available_languages()):
        for row in load_exact("affixes.tsv", lang):
            if len(row) > 1 and row[1] in found:
                found[row[1]].add(key(row[0]))
    return (tuple(sorted(found["prefix"], key=lambda a: (-len(a), a))),
            tuple(sorted(found["suffix"], key=lambda a: (-len(a), a))))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, language-agnostic stem of one matching key: the longest prefix and the
    longest suffix of ``affixes.tsv`` that leave three characters, then six at most."""
    if not word or not word[0].isalpha():
        return word
    prefixes, suffixes = _affix_sets()
    # of each length, longest first, at most one affix can match (the word's own first or
    # last letters): one set lookup a length, not one startswith/endswith an affix, and
    # only for the lengths that hold an affix beginning (ending) with the word's letter
    n = len(word)
    for ln, group in prefixes.get(word[0], prefixes[""]):
        if n - ln >= 3 and word[:ln] in group:
            word = word[ln:]
            n -= ln
            break
    for ln, group in suffixes.get(word[-1], suffixes[""]):
        if n - ln >= 3 and (word[-ln:] if ln else "") in group:
            word = word[:-ln] if ln else ""  # as word[:-len(suf)] did for an empty suffix
            break
    return word[:_STEM_LEN]


_STEM_LEN = 6  # what a stem is cut to (features this long or shorter with one head always link)
_NO_FEATURES: frozenset[str] = frozenset()  # a word's content features when it has none (most words)


@lru_cache(maxsize=1)
def _affix_sets() -> tuple[dict[str, tuple[tuple[int, frozenset[str]], ...]], ...]:
    """:func:`_affixes` grouped by length, longest first, ((length, affixes), ...), under
    each letter that an affix of the length begins with, for the prefixes, and ends
    with, for the suffixes; under "" the lengths of an empty affix (which every word has,
    so they are under every letter too) or none."""
    out = []
    for affixes, end in zip(_affixes(), (0, -1), strict=True):
        by_len: dict[int, set[str]] = {}
        for a in affixes:
            by_len.setdefault(len(a), set()).add(a)
        groups = tuple((ln, frozenset(by_len[ln])) for ln in sorted(by_len, reverse=True))
        table = {c: tuple((ln, g) for ln, g in groups if ln == 0 or any(a[end] == c for a in g))
                 for c in {a[end] for a in affixes if a}}
        table[""] = tuple((ln, g) for ln, g in groups if ln == 0)
        out.append(table)
    return tuple(out)


on_clear(stem.cache_clear)
on_clear(_affixes.cache_clear)
on_clear(_affix_sets.cache_clear)


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
    negations: frozenset[str]  # every language's negation words (negations.tsv)
    memo: dict  # keys tuple -> _Info, so that a sentence scored against several candidates is read once
    key_feats: dict  # matching key -> its content features (stems, synonym groups)
    key_stems: dict  # matching key -> its one content stem and IDF (relatedness), or None


@lru_cache(maxsize=4)
def _context_for(gen: tuple) -> _Ctx:
    canon, opposite = _word_tables(gen)
    opposed_any = frozenset().union(*(x | y for x, y in opposite)) if opposite else frozenset()
    return _Ctx(function_words(), canon, opposite, opposed_any, _number_words_for(gen),
                _negations(gen), {}, {}, {})


@lru_cache(maxsize=4)
def _negations(_gen: tuple) -> frozenset[str]:
    """Negation words of every language (``negations.tsv``), as matching keys."""
    from parallax.reader.text.keys import key
    from parallax.reader.text.lexicon import available_languages, load_exact

    return frozenset(key(row[0]) for lang in sorted(available_languages())
                     for row in load_exact("negations.tsv", lang) if row and row[0])


def context() -> _Ctx:
    from parallax.reader.text.lexicon import generation

    return _context_for(generation())


def forget_sentences() -> None:
    """Drop the sentences read so far, kept so that a sentence scored against several
    others (in one comparison, or in the next of a collation) is read once.  A batch
    worker, whose next pair holds other sentences, calls it after each pair: kept, they
    added ~15 MB to each worker of a batch of news articles."""
    context().memo.clear()


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


def _key_features(k: str, stop: frozenset[str], canon: dict[str, str]) -> tuple[str, ...] | frozenset[str]:
    if "-" not in k:  # (most words: one feature or none, without the loop)
        if k and k not in stop and (len(k) > 1 or k.isdigit()):
            st = stem(k)
            return (canon.get(st, st),)
        return _NO_FEATURES  # (a set: a sentence's union merges it without an iterator, a tuple's)
    out = []
    parts = [k, *k.split("-")]  # "seven-year" also counts as "seven" and "year"
    for p in parts:
        if p and p not in stop and (len(p) > 1 or p.isdigit()):
            st = stem(p)
            out.append(canon.get(st, st))
    return tuple(out) if out else _NO_FEATURES


PREFIX = 4  # a shared prefix this long (and covering most of the shorter stem) links two stems


def prefixes(fs: set[str]) -> dict[str, list[str]]:
    """The features long enough to link by prefix, by their first letters."""
    out: dict[str, list[str]] = {}
    for t in fs:
        if len(t) >= PREFIX and not t[0].isdigit():
            out.setdefault(t[:PREFIX], []).append(t)
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
    rest_a = [f for f in fa - shared if len(f) >= PREFIX and not f[0].isdigit()]
    if rest_a:
        if pb is None:
            pb = prefixes(fb)
        linked_b: set[str] = set()
        for f in rest_a:
            if _link_by_prefix(f, pb.get(f[:PREFIX], ()), shared, linked_b):
                got += 0.8
        got += 0.8 * len(linked_b)
    return got / total


def _link_by_prefix(f: str, candidates, shared, linked: set[str]) -> bool:
    """Add to ``linked`` the ``candidates`` (not ``shared``) that share most of their
    beginning with feature ``f`` ("negotiat-" / "negotiators"); True when any did."""
    hit = False
    head = f[:PREFIX]
    for t in candidates:
        if t in shared:
            continue
        m = min(len(f), len(t))
        # the same first four letters already make 60 % of a word of six or fewer (stems
        # are cut at six): the letters are counted one by one only for longer words
        if (m <= 6 and t[:PREFIX] == head) or _common_prefix(f, t) >= 0.6 * m:
            linked.add(t)
            hit = True
    return hit


def _total(fs: set[str]) -> float:
    """The summed weight of features: 1 each, 1.5 for a number (numbers carry the facts)."""
    return len(fs) + 0.5 * sum(map(str.isdigit, map(_FIRST, fs)))


_FIRST = itemgetter(slice(0, 1))  # a feature's first character ("" for an empty one, as "ʼ" gives)
_HEAD = itemgetter(slice(0, PREFIX))
_START = itemgetter(slice(0, 4))  # a name's first four letters (names_agree)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


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


def _info(keys: Sequence[str], ctx: _Ctx, read: Passage | None = None) -> _Info:
    """``read``: the :class:`Passage` of these keys, whose figures and negation are theirs."""
    t = tuple(keys)
    got = ctx.memo.get(t)
    if got is None:
        stop, words = ctx.stop, ctx.numbers
        whole = " ".join(t)
        got = _Info(
            " ".join(filterfalse(stop.__contains__, t)) or whole,  # C loops where a genexpr stepped
            whole,
            frozenset(words.get(k, k) for k in t if k[:1].isdigit() or k in words) if read is None
            else read.numbers,
            not ctx.negations.isdisjoint(t) if read is None else read.negated,
            frozenset(map(stem, t)),
        )
        if len(ctx.memo) > 5_000:  # a batch worker would otherwise keep ~40 MB of old sentences
            ctx.memo.clear()
        ctx.memo[t] = got
    return got


FEATURES = (
    "dice", "content_chars", "words_sorted", "words_ratio", "cover_min", "cover_max",
    "bigram_min", "bigram_max", "trigram_min", "trigram_max", "length_ratio",
    "figures_differ", "figures_partly", "figures_one_side", "negation_differs",
    "opposite_words", "names_differ", "short", "extra_min", "extra_max", "chars_partial",
    "char_trigrams", "names_only_one_side", "embedding_cosine", "idf_cosine", "word_evidence",
)


def _overlap(x: frozenset, y: frozenset) -> tuple[float, float]:
    """Share of each side found on the other: (the smaller, the larger)."""
    if not x or not y:
        return (0.0, 0.0)
    n = len(x & y)
    a, b = n / len(x), n / len(y)
    return (a, b) if a <= b else (b, a)


def features(ka: Sequence[str], kb: Sequence[str], fa: set[str], fb: set[str], ctx: _Ctx | None = None,
             names: tuple[frozenset[str], frozenset[str]] | None = None,
             pb: dict[str, list[str]] | None = None) -> tuple[float, ...]:
    """The signals a paraphrase decision weighs, in the order of :data:`FEATURES`
    (each in ``[0, 1]`` but the last, a mean log-likelihood ratio, near ``[-1, 1]``)."""
    if ctx is None:
        ctx = context()
    ia, ib = _info(ka, ctx), _info(kb, ctx)
    dice = _soft_dice(fa, fb, pb) if fa and fb else 0.0
    cover = _overlap(frozenset(fa), frozenset(fb))
    ta, tb = tuple(ka), tuple(kb)
    bi = _overlap(frozenset(pairwise(ta)), frozenset(pairwise(tb)))
    tri = _overlap(frozenset(zip(ta, ta[1:], ta[2:], strict=False)), frozenset(zip(tb, tb[1:], tb[2:], strict=False)))
    na, nb = ia.numbers, ib.numbers
    la, lb = len(ka), len(kb)
    return (
        dice,
        fuzz.token_set_ratio(ia.content, ib.content) / 100.0,  # content words, spelling-tolerant
        fuzz.token_sort_ratio(ia.whole, ib.whole) / 100.0,  # all the words, order-free
        Indel.normalized_similarity(ka, kb),  # all the words, in order
        cover[0], cover[1],
        bi[0], bi[1],
        tri[0], tri[1],
        min(la, lb) / max(la, lb),
        float(bool(na and nb and na != nb and not na & nb)),
        float(bool(na and nb and na != nb and na & nb)),
        float(bool(na) != bool(nb)),
        float(ia.negated != ib.negated),
        float(_opposed_stems(ia.stems, ib.stems, ctx)),
        float(names is not None and not names_agree(*names)),
        float(max(la, lb) <= 6),
        # content words one side adds (an extra clause or detail), fewer is better
        min(len(fa - fb), len(fb - fa)) / 10.0,
        min(1.0, max(len(fa - fb), len(fb - fa)) / 10.0),
        fuzz.partial_ratio(ia.whole, ib.whole) / 100.0,
        _char_trigrams(ia.whole, ib.whole),
        _names_one_side(names),
        cosine(ka, kb),  # sub-word vectors of a bundled model: meaning beyond shared words
        idf_cosine(ka, kb),  # the same vectors per word, rare words weighing more
        evidence(words(ka, fa), words(kb, fb)),  # shared and unshared words, weighed by labelled pairs
    )


def _char_trigrams(a: str, b: str) -> float:
    """Jaccard of character trigrams (spelling-tolerant, any script)."""
    x = {a[i:i + 3] for i in range(len(a) - 2)}
    y = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(x & y) / len(x | y) if x and y else 0.0


def _names_one_side(names: tuple[frozenset[str], frozenset[str]] | None) -> float:
    """Names that only one side mentions, as a share of all names (0 without names)."""
    if not names or not (names[0] or names[1]):
        return 0.0
    na, nb = names
    return len(na ^ nb) / len(na | nb)


class _Model(NamedTuple):
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = json.loads(resources.files("parallax.resources").joinpath("models", "paraphrase.json")
                      .read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError("resources/models/paraphrase.json was trained on other features; "
                           "run training/train_paraphrase.py")
    return _Model(tuple(data["weights"]), float(data["bias"]), tuple(data["mean"]), tuple(data["scale"]))


# What the training pairs rarely put to the test: direction.  Sentences where one
# side says a word and the other its opposite ("rose" / "fell", "signed" /
# "vetoed") report different things however many words they share (31 of
# 3,315 training pairs, 4 of them paraphrases), so the learned probability is
# scaled down for them; it costs nothing on the held-out pairs.  Figures that
# all differ lower it a little: people judged 39% of training pairs whose
# figures all differ to be paraphrases ("rose $2.11, or about 11 percent" /
# "jumped $1.63 or 8 percent"), so a stronger rule costs accuracy there (0.5:
# 1.4 points); the facts table shows the differing figures anyway.
RULES = {"opposite_words": 0.3, "figures_differ": 0.75}
_RULE_AT = {name: FEATURES.index(name) for name in RULES}


def apply_rules(p: float, x: Sequence[float], /) -> float:
    """The learned probability ``p`` of a pair with features ``x``, scaled by :data:`RULES`."""
    for name, factor in RULES.items():
        if x[_RULE_AT[name]]:
            p *= factor
    return p


def probability(x: Sequence[float], /) -> float:
    """The probability that a pair with features ``x`` is a paraphrase."""
    m = _model()
    z = m.bias + sum(w * (v - mu) / sd for w, v, mu, sd in zip(m.weights, x, m.mean, m.scale, strict=True))
    return apply_rules(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), x)


def score(ka: Sequence[str], kb: Sequence[str], fa: set[str], fb: set[str], ctx: _Ctx | None = None,
          names: tuple[frozenset[str], frozenset[str]] | None = None,
          pb: dict[str, list[str]] | None = None) -> float:
    """How well two passages correspond, for aligning sentences (0.5: link them).

    Alignment links a sentence to the sentences that carry its content, even
    when one side adds a clause ("announced a budget" / "announced a budget
    and said fuel taxes would rise"); whether two passages say the *same*
    thing is :func:`pair_score`'s question, which human judges answer more
    strictly.  No corpus labels correspondence, so these weights are set by
    hand: soft Dice of the content stems, the character-level ratio of the
    content words and the order-free ratio of all words, lowered when the
    figures, the polarity, the direction or the names differ, raised when
    both name the same several people and places.
    """
    if not ka or not kb:
        return 0.0
    if ctx is None:
        ctx = context()
    ia, ib = _info(ka, ctx), _info(kb, ctx)
    dice = _soft_dice(fa, fb, pb) if fa and fb else 0.0
    return _correspondence(dice, ia, ib, ctx, names)


def _correspondence(dice: float, ia: _Info | Passage, ib: _Info | Passage, ctx: _Ctx,
                    names: tuple[frozenset[str], frozenset[str]] | None, ceiling: bool = False,
                    agree: bool | None = None, floor: float = 0.0) -> float:
    """:func:`score` from its soft Dice on; ``ceiling``: the most it can reach (the
    character-level ratios at their best, 1, and no check of opposite words);
    ``agree``: :func:`names_agree` of ``names`` when the caller knows it; ``floor``: when
    the score cannot reach it with the order-free ratio of all words at its best, 1, and no
    opposite words, that bound (below ``floor`` too) is returned, and neither is read."""
    if ceiling:
        return _adjusted(0.65 * dice + 0.2 * 1.0 + 0.15 * 1.0, ia, ib, names, 1.0, agree)
    fz = fuzz.token_set_ratio(ia.content, ib.content) / 100.0
    if floor > 0.0:
        # the same steps on a larger sum, no opposite words (they only lower it): each keeps the order
        bound = _adjusted(0.65 * dice + 0.2 * fz + 0.15 * 1.0, ia, ib, names, 1.0, agree)
        if bound < floor:
            return bound
    opposed = 0.6 if _opposed_stems(ia.stems, ib.stems, ctx) else 1.0
    whole = fuzz.token_sort_ratio(ia.whole, ib.whole) / 100.0
    return _adjusted(0.65 * dice + 0.2 * fz + 0.15 * whole, ia, ib, names, opposed, agree)


def _adjusted(raw: float, ia: _Info | Passage, ib: _Info | Passage,
              names: tuple[frozenset[str], frozenset[str]] | None, opposed: float,
              agree: bool | None) -> float:
    """The raw correspondence lowered or raised by figures, polarity, opposite words
    (``opposed``: 0.6 when one side says a word and the other its opposite, else 1) and
    names, then stretched so that 0.5 is the linking boundary."""
    na, nb = ia.numbers, ib.numbers
    if na and nb and na != nb:
        raw *= 0.9 if na & nb else 0.7
    if ia.negated != ib.negated:
        raw *= 0.9
    if opposed != 1.0:
        raw *= opposed
    if names is not None and not (names_agree(*names) if agree is None else agree):
        raw *= 0.85  # other people, places or organisations
    elif names is not None and len(names[0] & names[1]) >= SHARED_NAMES:
        # the same several actors: two leads telling one event in other words
        # ("Biden and his Russian counterpart Putin" / "Putin and his US counterpart Biden")
        raw += 0.15 * len(names[0] & names[1]) / min(len(names[0]), len(names[1]))
    return _stretched(raw)


def _stretched(raw: float) -> float:
    """The raw correspondence clamped to [0, 1] and stretched piecewise-linearly so that the
    linking boundary reads 0.5 (never lower for a larger ``raw``: each step keeps the order)."""
    raw = raw if 0.0 < raw < 1.0 else 1.0 if not raw < 1.0 else 0.0  # max(0.0, min(1.0, raw)), no calls (hot)
    return 0.5 * raw / _LINK if raw < _LINK else 0.5 + 0.5 * (raw - _LINK) / (1.0 - _LINK)


_LINK = 0.62  # the raw correspondence from which two passages are linked
SHARED_NAMES = 3  # names both passages mention, from which they count for the link


class Passage(NamedTuple):
    """One sentence (or a few) read once, to be scored against many candidates."""

    keys: tuple[str, ...]
    feats: set[str]  # :func:`content`
    names: frozenset[str]  # :func:`names_in`
    name_starts: frozenset[str]  # the names' first four letters (:func:`names_agree`)
    numbers: frozenset[str]  # figures, spelled-out ones as digits (as :class:`_Info` reads them)
    negated: bool
    total: float  # the summed weight of the features (soft Dice's denominator)
    figures: frozenset[str]  # the features that are figures (they weigh 1.5)
    linkable: tuple[str, ...]  # features long enough to link by prefix
    prefixes: dict[str, list[str]]  # :func:`prefixes` of the features (when asked for)
    heads: tuple[str, ...]  # each linkable feature's first letters (its key in ``prefixes``)


class Passages(Sequence[Passage]):
    """The :class:`Passage` of each sentence of one side, read when first asked for (most
    sentences of two long texts are never a candidate); :attr:`feats` of all of them."""

    def __init__(self, keys: Sequence[str], ranges: Sequence[tuple[int, int]], name_tokens: Sequence[int],
                 unspaced: bool, ctx: _Ctx, linked: bool):
        self._keys, self._ranges, self._names = keys, ranges, name_tokens
        self._ctx, self._linked = ctx, linked
        words, self._negations = ctx.numbers, ctx.negations
        # the figures (each word looked at once), spelled-out ones as digits; a passage's figures and
        # negations are found in its own words (C loops) when read: most sentences are never read
        distinct = set(keys)
        self._number = {k: words.get(k, k) for k in distinct if k[:1].isdigit() or k in words}
        self.feats: list[set[str]] = []  # :func:`content` of each sentence
        self._feats_of: list[tuple[str, ...] | frozenset[str]] | None = None  # each word's features (spaced scripts)
        if unspaced:
            self.feats = [content(tuple(keys[t0:t1]), True) for t0, t1 in ranges]
        else:
            memo = ctx.key_feats
            if len(memo) > 200_000:
                memo.clear()
            stop, canon = ctx.stop, ctx.canon
            # the words not read yet: looked up one by one (set - memo.keys() would walk
            # the whole memo, up to 200,000 words of earlier texts, at every side)
            for k in [k for k in distinct if k not in memo]:
                memo[k] = _key_features(k, stop, canon)
            feats_of = self._feats_of = list(map(memo.__getitem__, keys))
            union = set().union
            self.feats = [union(*feats_of[t0:t1]) or {stem(k) for k in keys[t0:t1]} for t0, t1 in ranges]
        # which features of the passages read are figures and which link by prefix: each
        # feature looked at once, then found by C loops (set operations), not once a passage
        self._seen: set[str] = set()
        self._digit: set[str] = set()
        self._linkable: set[str] = set()
        self._long_names = frozenset(n for n in set(map(keys.__getitem__, name_tokens)) if len(n) >= 4)
        self._read: list[Passage | None] = [None] * len(ranges)
        self._spans: dict[tuple[int, int], Passage] = {}  # runs of sentences, read once

    def __len__(self) -> int:
        return len(self._ranges)

    def __getitem__(self, j):  # type: ignore[override]
        if isinstance(j, slice):
            return [self[x] for x in range(*j.indices(len(self)))]
        got = self._read[j]
        if got is None:
            got = self._read[j] = self._passage(j)
        return got

    def span(self, s0: int, s1: int) -> Passage:
        """The :class:`Passage` of the sentences ``[s0, s1)`` together (the first and the last
        not empty): what :func:`score` reads from their keys, :func:`content` of all of them
        (bigrams across their joins for unspaced scripts) and each one's :func:`names_in`."""
        if s1 - s0 == 1:
            return self[s0]
        got = self._spans.get((s0, s1))
        if got is None:
            keys, t0, t1 = self._keys, self._ranges[s0][0], self._ranges[s1 - 1][1]
            if self._feats_of is None:
                feats = content(tuple(keys[t0:t1]), True)
            else:  # as content() reads them: each word's features, or the stems when none has any
                feats = set().union(*self._feats_of[t0:t1]) or {stem(k) for k in keys[t0:t1]}
            names = frozenset().union(*(self[x].names for x in range(s0, s1)))
            got = self._spans[(s0, s1)] = self._passage_of(t0, t1, feats, names)
        return got

    def _passage(self, j: int) -> Passage:
        keys, (t0, t1), names_at = self._keys, self._ranges[j], self._names
        names = frozenset(map(keys.__getitem__, names_at[bisect_right(names_at, t0):bisect_left(names_at, t1)]))
        return self._passage_of(t0, t1, self.feats[j], names)

    def _passage_of(self, t0: int, t1: int, feats: set[str], names: frozenset[str]) -> Passage:
        keys, number = tuple(self._keys[t0:t1]), self._number
        nums = frozenset(map(number.__getitem__, filter(number.__contains__, keys)))
        fresh = feats - self._seen
        if fresh:
            self._seen |= fresh
            self._digit.update([f for f in fresh if f[:1].isdigit()])
            self._linkable.update([f for f in fresh if len(f) >= PREFIX and not f[0].isdigit()])
        digits = frozenset(self._digit.intersection(feats))
        linkable = tuple(filter(self._linkable.__contains__, feats))  # in the order of feats
        heads = tuple(map(_HEAD, linkable))
        pre: dict[str, list[str]] = {}
        if self._linked:
            for h, f in zip(heads, linkable, strict=True):
                got = pre.get(h)
                if got is None:
                    pre[h] = [f]
                else:
                    got.append(f)
        starts = frozenset(map(_START, filter(self._long_names.__contains__, names)))
        return Passage(keys, feats, names, starts, nums, not self._negations.isdisjoint(keys),
                       len(feats) + 0.5 * len(digits), digits, linkable, pre, heads)


def passages(keys: Sequence[str], ranges: Sequence[tuple[int, int]], name_tokens: Sequence[int],
             unspaced: bool = False, ctx: _Ctx | None = None, *, linked: bool = True) -> Passages:
    """The :class:`Passage` of each token range ``[t0, t1)`` of one side (its sentences):
    :func:`content` features, :func:`names_in` names (from ``name_tokens``, the side's
    :func:`name_positions`), figures and negation, each word of the side read once, each
    passage when first asked for.  ``linked``: also the prefixes of the features, which
    the second side of :func:`passage_score` needs."""
    return Passages(keys, ranges, name_tokens, unspaced, context() if ctx is None else ctx, linked)


def passage_score(pa: Passage, pb: Passage, ctx: _Ctx, floor: float = 0.0) -> float | None:
    """:func:`score` of two passages (``pb`` read with its prefixes), or None when it
    does not reach ``floor``: the soft Dice is read first, and the character-level
    ratios only for the pairs that its ceiling lets through (most candidates of two
    long texts share a word or two, few of them a sentence's worth), the second of
    them only when the first leaves the pair a chance."""
    if not pa.keys or not pb.keys:
        return 0.0 if floor <= 0.0 else None
    fa, fb = pa.feats, pb.feats
    dice = 0.0
    if fa and fb:  # _soft_dice, on what each side has read once
        shared = fa & fb
        got = 2 * (len(shared) + 0.5 * len(shared & pa.figures)) if shared else 0
        pre = pb.prefixes
        linked_b: set[str] = set()
        if pre:
            # pa's unshared features that pb has features of their first letters for, found by C
            # loops (the shared ones, most of a copy's, left out; most pairs have few or none)
            for f in filterfalse(shared.__contains__, compress(pa.linkable, map(pre.__contains__, pa.heads))):
                ts = pre[f[:PREFIX]]
                if len(f) > _STEM_LEN:
                    if _link_by_prefix(f, ts, shared, linked_b):
                        got += 0.8
                elif not shared.issuperset(ts):
                    # a feature of a stem's length links every one of its group (what
                    # _link_by_prefix finds): the group's shared features are left out below
                    linked_b.update(ts)
                    got += 0.8
            linked_b -= shared
        got += 0.8 * len(linked_b)
        dice = got / (pa.total + pb.total)
    names = (pa.names, pb.names)
    if floor > 0.0:
        # a first, looser ceiling that reads no names: the character-level ratios at their best,
        # nothing lowered, and at most the raise for shared names (0.15; 0.16 leaves room for
        # its rounding) when both name enough -- most candidates stop here
        if loose_ceiling(dice, len(pa.names) >= SHARED_NAMES and len(pb.names) >= SHARED_NAMES) < floor:
            return None
        agree = not pa.names or not pb.names or not pa.names.isdisjoint(pb.names) or \
            not pa.name_starts.isdisjoint(pb.name_starts)
        if _correspondence(dice, pa, pb, ctx, names, ceiling=True, agree=agree) < floor:
            return None
    got = _correspondence(dice, _info(pa.keys, ctx, pa), _info(pb.keys, ctx, pb), ctx, names, floor=floor)
    return None if got < floor else got


def loose_ceiling(dice: float, many_names: bool) -> float:
    """:func:`passage_score`'s first ceiling: the most a pair with soft Dice ``dice`` can reach
    (``many_names``: both passages name :data:`SHARED_NAMES` or more); never lower for more."""
    return _stretched(0.65 * dice + 0.2 * 1.0 + 0.15 * 1.0 + (0.16 if many_names else 0.0))


def names_in(text: str, toks: Sequence, first: int = 0, stop: frozenset[str] | None = None) -> frozenset[str]:
    """Keys of the capitalised words of one sentence (``toks[first:]``) that are not its
    first word nor function words: the names a paraphrase keeps."""
    return frozenset(toks[k].key for k in name_positions(text, toks, first + 1, stop))


_AFTER_STOP = frozenset((".", "!", "?", ":", "\u201c", '"'))


def name_positions(text: str, toks: Sequence, first: int = 0, stop: frozenset[str] | None = None) -> list[int]:
    """Indexes (from ``first`` on) of the tokens :func:`names_in` reads as names:
    capitalised, no function word, not right after a full stop or an opening quote.
    Read once for a whole text, they give every sentence's names."""
    if stop is None:
        stop = function_words()
    out = []
    for k in capital_tokens(text, toks):
        if k < first:
            continue
        t = toks[k]
        s = t.start
        if t.key not in stop and text[max(0, s - 2):s].strip() not in _AFTER_STOP:
            out.append(k)
    return out


def names_agree(na: frozenset[str], nb: frozenset[str]) -> bool:
    """Both sides name someone or somewhere, and share at least one of them
    (a shared four-letter start is enough: Russia/Russian)."""
    if not na or not nb or na & nb:
        return True
    starts = {n[:4] for n in nb if len(n) >= 4}
    return any(len(n) >= 4 and n[:4] in starts for n in na)


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
    """The probability that two key sequences say the same thing (``names``: the
    capitalised words of each side, see :func:`names_in`); 0.5 is the boundary."""
    if not ka or not kb:
        return 0.0
    if list(ka) == list(kb):
        return 1.0
    ctx = context()
    return probability(features(ka, kb, content(ka, unspaced, ctx=ctx), content(kb, unspaced, ctx=ctx), ctx, names))


def sentence_features(a: str, b: str, /) -> tuple[float, ...]:
    """:func:`features` of two sentences given as text (what the model is trained on)."""
    ta, tb = tokens(a), tokens(b)
    ka = [t.key for t in ta]
    kb = [t.key for t in tb]
    un = is_unspaced(a) or is_unspaced(b)
    ctx = context()
    names = (names_in(a, ta), names_in(b, tb))
    return features(ka, kb, content(ka, un, ctx=ctx), content(kb, un, ctx=ctx), ctx, names)


def sentence_similarity(a: str, b: str, /) -> float:
    """Probability that two sentences (any script) say the same thing; 0.5 is the boundary."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    if [t.key for t in ta] == [t.key for t in tb]:
        return 1.0
    return probability(sentence_features(a, b))
