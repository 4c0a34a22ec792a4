"""Facts across two sides: shared, one side's alone, or in conflict, and why.

* **numbers and dates** are shared when both sides give the same value for the
  same counted thing ("94,000 Russian troops" = "94,000 troops": one head).
* **a conflict** is two different figures for one quantity: the same counted
  thing, values that cannot both hold (ranges and "more than"/"about" from
  ``qualifiers.tsv`` are intervals), surroundings that do not say opposite
  things ("10 people killed" / "5 people injured"), and a reason to think both
  figures answer one question: the alignment links their passages, or both
  stand in one quotation the two sides share, or both are written with the same
  counted phrase of two or more words in surroundings that share two content
  words (Al Jazeera's "94,000 Russian troops are massed along the border" against
  another report's "95,000 to 100,000 Russian troops on the border").  Figures
  of unlinked sentences that name different people or places ("Bush had 404
  yards" / "Reggie Wayne got 108 yards"; a sentence naming no one reads its
  subject from one of the two before it) count different things, however alike
  their words, as do compound figures of different nouns ("58-year-old mother" /
  "20-year-old daughter"); in reports of different stories, so do those of a sentence naming
  someone and one naming no one.  Every conflict says which in its ``reason``.
  Other figures are facts one side has.
* **quotations** are shared when the same words are quoted (a partial match of
  at least 85, rapidfuzz); candidates come from an index of word trigrams, so the
  work stays near-linear.
* **names**: one per person or place.  Within a side a short form joins the full
  name ending with it ("Putin" -> "Vladimir Putin"); across the sides the same
  key, a surname for a full name, or a name that opens a longer one whose other
  words the short side writes in lower case ("Minsk" and "Minsk Agreements" where
  the other side writes "Minsk agreements").
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import compress
from operator import attrgetter
from typing import Any, NamedTuple

from parallax.reader.facts.names import canonical_names
from parallax.reader.facts.tables import Item
from parallax.reader.model import Fact, Match, Span, pack_rows, unpack_rows
from parallax.reader.text.keys import key

__all__ = ["Pairing", "facts_from_items", "pair_items", "quote_pairs"]

_QUOTE_SCORE = 85  # rapidfuzz partial ratio for the same words quoted


# ---------------------------------------------------------------- quotations


def _grams(words: Sequence[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def quote_pairs(left: Sequence[str], right: Sequence[str], /) -> list[tuple[int, int]]:
    """(left index, right index) of the quotations (matching keys, space-separated) that
    quote the same words: equal when either has fewer than three words, else a partial
    match of at least 85.  Only pairs sharing a word trigram are scored, and a trigram
    that many quotations share does not make candidates (two quotations of the same
    words share rarer ones too)."""
    from rapidfuzz import fuzz

    partial = fuzz.partial_ratio
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    for k, q in enumerate(right):
        words = q.split()
        exact[q].append(k)
        for g in _grams(words):
            index[g].append(k)
    common = _COMMON
    out: list[tuple[int, int]] = []
    for i, q in enumerate(left):
        words = q.split()
        if not q:
            continue
        if len(words) < 3:
            out.extend((i, k) for k in exact.get(q, ()))
            continue
        grams = sorted(_grams(words), key=lambda g: len(index.get(g, ())))
        rare = [g for g in grams if len(index.get(g, ())) <= common]
        # a trigram many quotations share tells none apart; when all are such, the rarest few
        cands = {k for g in rare for k in index.get(g, ())} if rare else \
            {k for g in grams[:1] for k in index.get(g, ())[:common]}
        for k in sorted(cands):
            other = right[k]
            short, long_ = (q, other) if len(q) <= len(other) else (other, q)
            if len(short.split()) < 3:
                if short == long_:
                    out.append((i, k))
            elif partial(short, long_) >= _QUOTE_SCORE:
                out.append((i, k))
    return out


# ---------------------------------------------------------------- conflicts


class _Links:
    """Which passages of the two sides answer each other: aligned passages and shared
    quotations, tested by sentence."""

    def __init__(self, links: Sequence[tuple[Span, Span]], sents_l: Sequence[Span], sents_r: Sequence[Span]):
        self.ls = [s.start for s in sents_l]
        self.rs = [s.start for s in sents_r]
        self.sl, self.sr = sents_l, sents_r
        self.by_left: dict[int, list[Span]] = defaultdict(list)
        # (the sentence bisections written out, here and below: thousands of links and
        # figures, one Python call each saved)
        ls, by_left = self.ls, self.by_left
        for a, b in links:
            start, end = a
            x0 = bisect_right(ls, start) - 1
            x1 = bisect_right(ls, end - 1 if end - 1 > start else start) - 1
            for x in range(x0 if x0 > 0 else 0, (x1 if x1 > 0 else 0) + 1):
                by_left[x].append(b)
        self._right: dict[int, set[int]] = {}  # right_sentences by left sentence

    @staticmethod
    def _sent(starts: list[int], pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)

    def right_sentences(self, a: Span) -> set[int]:
        """The right side's sentences linked to the sentence of left span ``a`` (one set for
        all the spans of a sentence: not to be changed)."""
        x = bisect_right(self.ls, a.start) - 1
        if x < 0:
            x = 0
        out = self._right.get(x)
        if out is None:
            out = self._right[x] = set()
            rs = self.rs
            for start, end in self.by_left.get(x, ()):
                y0 = bisect_right(rs, start) - 1
                y1 = bisect_right(rs, end - 1 if end - 1 > start else start) - 1
                out.update(range(y0 if y0 > 0 else 0, (y1 if y1 > 0 else 0) + 1))
        return out

    def sentence(self, side: int, sp: Span) -> int:
        x = bisect_right(self.rs if side else self.ls, sp.start) - 1
        return x if x > 0 else 0

    def linked(self, a: Span, b: Span) -> bool:
        x = self._sent(self.ls, a.start)
        y = self._sent(self.rs, b.start)
        sb = self.sr[y] if self.sr else b
        return any(r.start < sb.end and sb.start < r.end for r in self.by_left.get(x, ()))


def _reason(a: Item, b: Item, links: _Links, content: Callable, opposed: Callable, story: bool,
            named: tuple[dict[int, frozenset[str]], dict[int, frozenset[str]]] = ({}, {})) -> str | None:
    """Why two figures for one counted thing are one quantity told differently, or None.

    ``named``: the names (and surnames) each side's sentences give, by sentence."""
    if a.lo <= b.hi and b.lo <= a.hi:
        return None  # the values agree ("more than 94,000" and "100,000")
    if links.linked(a.span, b.span):
        why = "aligned passages give different figures for {}"
    else:
        if not a.context or not b.context:
            return None
        sa, sb = links.sentence(0, a.span), links.sentence(1, b.span)
        na, nb = named[0].get(sa, frozenset()), named[1].get(sb, frozenset())
        if bool(na) != bool(nb):  # one names no one: its subject may be in the sentence before
            na, nb = na or _subjects(named[0], sa), nb or _subjects(named[1], sb)
        if (na and nb and not na & nb) or (not story and bool(na) != bool(nb)):
            # "Bush had 404 yards" / "Reggie Wayne got 108 yards": figures of sentences about
            # different people or places count different things, however alike the words
            return None
        if a.of != b.of:
            # "his 58-year-old mother" / "her 20-year-old daughter": two people's years; and a
            # figure written onto its noun tells that thing's size, not a total: "Wayne's
            # 41-yard touchdown catch" / "Reggie Wayne got 108 yards", "a 10-juror majority" /
            # "one or two jurors" (outside aligned passages)
            return None
        shared = sorted((content(a.context) - {a.head}) & (content(b.context) - {b.head}))
        if len(shared) >= _SAME_WORDS:
            why = "both count {} in the same words (" + ", ".join(shared[:4]) + ")"
        elif story and len(shared) >= _STORY_WORDS and " " in (pa := _phrase(a)) and pa == _phrase(b):
            # "94,000 Russian troops are massed along the border" / "95,000 to 100,000
            # Russian troops on the border": one counted phrase of two words or more.  A
            # bare "yards", "months" or "people" tells no quantity apart: read on 150
            # pairs of ECB+ train-topic reports of one event, 1 of 8 pairs of figures with
            # a bare head and two shared words, and 1 of 30 with one, were one quantity
            why = "reports of one story count {} beside the same words (" + ", ".join(shared[:3]) + ")"
        else:
            return None
    if a.context and b.context and opposed(a.context, b.context):
        return None  # "10 people killed" / "5 people injured"
    return why.format(_counted(a, b))


_SAME_WORDS = 3  # content words around two figures that make their sentences tell one thing
_STORY_WORDS = 2  # the same, in two reports of one story
_COMMON = 40


def _phrase(it: Item) -> str:
    """The counted phrase of a figure ("Russian troops" of "95,000 to 100,000 Russian troops")."""
    words = it.value.split()
    return " ".join(w for w in words if not any(map(str.isdigit, w)) and w not in ("to", "-")).casefold()


def _counted(a: Item, b: Item) -> str:
    pa, pb = _phrase(a), _phrase(b)
    if pa and (len(pa) <= len(pb) or not pb):
        return pa
    if pb:
        return pb
    return a.head if a.head[:1].isalpha() else f"amounts in {a.head}"  # "$1.3 billion": amounts in $


# ---------------------------------------------------------------- all facts


class Pairing(NamedTuple):
    """What of comparing two sides' fact mentions does not depend on the alignment: the
    quotations that quote the same words, the names (one fact per person or place),
    whether the sides report one story, the names each sentence gives, and the figures
    of the other side that count the same thing in shared words.  Made by
    :func:`pair_items`, where both sides' mentions are (the window makes it in its side
    process while it aligns), and finished by :func:`facts_from_items` once the
    alignment's links are known.  Indexes are into the lists of mentions it was made of."""

    sizes: tuple[int, int]  # how many mentions each side had: whose pairing this is
    quotes: list[tuple[int, int]]  # quote_pairs of the two sides' quotations (indexes among them)
    names: list[Fact]
    story: bool
    named: tuple[dict[int, frozenset[str]], dict[int, frozenset[str]]]
    by_words: list[list[int]]  # for each left figure with a head, the right ones with words enough in common

    def __reduce__(self):
        # the name facts by columns (model.pack_rows: a named tuple pickles one Python call
        # each, thousands of them on the way back from the side process)
        packed = pack_rows(self.names)
        names = (True, packed) if packed is not None else (False, self.names)
        return _unpickle_pairing, (self.sizes, self.quotes, names, self.story, self.named, self.by_words)


def _unpickle_pairing(sizes, quotes, names, story, named, by_words) -> Pairing:
    packed, got = names
    return Pairing(sizes, quotes, list(unpack_rows(got)) if packed else got, story, named, by_words)


def pair_items(li: Sequence[Item], ri: Sequence[Item], /, *,
               sentences: tuple[Sequence[Span], Sequence[Span]] = ((), ()),
               lower: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())) -> Pairing:
    """The part of :func:`facts_from_items` that needs no alignment (arguments as its)."""
    from parallax.reader.align.similarity import context

    ctx = context()
    lq = [it.match for it in li if it.kind == "quote"]
    rq = [it.match for it in ri if it.kind == "quote"]
    names = _names([it for it in li if it.kind == "name"], [it for it in ri if it.kind == "name"], lower)
    story = _one_story(li, ri, names)
    sentences_only = _Links((), sentences[0], sentences[1])
    content_of = _content_memo(ctx)

    return Pairing((len(li), len(ri)), quote_pairs(lq, rq), names, story,
                   (_named(li, sentences_only, 0), _named(ri, sentences_only, 1)),
                   _by_words(_figures(li), _figures(ri), content_of, story))


def _content_memo(ctx: Any) -> Callable[[tuple[str, ...]], frozenset[str]]:
    """``similarity.content`` of a word tuple with ``ctx``, each tuple worked out once."""
    from parallax.reader.align.similarity import content

    memo: dict[tuple[str, ...], frozenset[str]] = {}

    def content_of(words: tuple[str, ...]) -> frozenset[str]:
        got = memo.get(words)
        if got is None:
            got = memo[words] = frozenset(content(words, ctx=ctx))
        return got

    return content_of


def facts_from_items(li: list[Item], ri: list[Item], /, *, links: Sequence[tuple[Span, Span]] = (),
                     sentences: tuple[Sequence[Span], Sequence[Span]] = ((), ()),
                     lower: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
                     pairing: Pairing | None = None) -> tuple[Fact, ...]:
    """The facts of both sides, each with its status (see the module docstring).

    ``links``: pairs of passages the alignment links (left span, right span);
    ``sentences``: each side's sentence spans; ``lower``: the words each side writes
    in lower case (names joined by a common noun); ``pairing``: :func:`pair_items` of
    these mentions, sentences and words, made already (the same facts either way)."""
    from parallax.reader.align.similarity import context, opposed

    if pairing is None:
        pairing = pair_items(li, ri, sentences=sentences, lower=lower)
    elif pairing.sizes != (len(li), len(ri)):
        raise ValueError("the pairing given is of other fact mentions")
    ctx = context()
    # each side's mentions of each kind picked once, by C loops, for the kinds read below
    lk, rk = _of_kinds(li), _of_kinds(ri)
    lq, rq = lk["quote"], rk["quote"]
    pairs = pairing.quotes
    quote_links = [(lq[i].span, rq[k].span) for i, k in pairs]
    linker = _Links(list(links) + quote_links, sentences[0], sentences[1])
    content_of = _content_memo(ctx)

    story, named = pairing.story, pairing.named
    facts: list[Fact] = []
    for kind in ("number", "date"):
        facts += _values(kind, lk[kind], rk[kind], linker, content_of, lambda x, y: opposed(x, y, ctx), story, named,
                         pairing.by_words if kind == "number" else None)
    facts += _quotes(lq, rq, pairs)
    facts += pairing.names
    return tuple(facts)


def _of_kinds(items: list[Item]) -> dict[str, list[Item]]:
    """The quotations, numbers and dates of ``items``, each kind's in their order."""
    kinds = list(map(_KIND, items))
    return {kind: list(compress(items, map(kind.__eq__, kinds))) for kind in ("quote", "number", "date")}


_KIND = attrgetter("kind")
_new = tuple.__new__  # a Fact from a plain tuple in C (its constructor is a Python function): all six fields
_STORY_SHARE = 0.2  # of the smaller side's names, numbers and dates, shared: one story
_STORY_MIN = 2


def _one_story(li: list[Item], ri: list[Item], names: list[Fact]) -> bool:
    """Do the two sides report one story?  They share at least two names, numbers or
    dates, and a fifth of the smaller side's (long reports of unrelated stories share a
    few names and dates by chance, never a fifth of them)."""
    values = ({it.match for it in li if it.kind in ("number", "date")},
              {it.match for it in ri if it.kind in ("number", "date")})
    shared = len(values[0] & values[1]) + sum(1 for f in names if f.status == "shared")
    per_side = [len(v) + sum(1 for f in names if f.status in ("shared", side)) for v, side in
                zip(values, ("left-only", "right-only"), strict=True)]
    return shared >= _STORY_MIN and shared >= _STORY_SHARE * max(1, min(per_side))


def _named(items: list[Item], linker: _Links, side: int) -> dict[int, frozenset[str]]:
    """The names each sentence of one side gives (its ``match``, and its last word, so that
    "Bush" is "Reggie Bush"), by sentence number."""
    out: dict[int, set[str]] = defaultdict(set)
    for it in items:
        if it.kind == "name" and it.match:
            out[linker.sentence(side, it.span)].update((it.match, it.match.rsplit(" ", 1)[-1]))
    # equal sets as one object, each name one string: they pickle once (from the side process)
    one: dict[frozenset[str], frozenset[str]] = {}
    words: dict[str, str] = {}
    return {k: one.setdefault(f := frozenset(words.setdefault(w, w) for w in v), f) for k, v in out.items()}


def _subjects(named: dict[int, frozenset[str]], sentence: int) -> frozenset[str]:
    """The names of the nearest of the two sentences before ``sentence`` that gives any
    ("LaRue was a Mississippi businessman. He served four months": LaRue's months)."""
    for k in range(sentence - 1, max(-1, sentence - _BACK - 1), -1):
        got = named.get(k)
        if got:
            return got
    return frozenset()


_BACK = 2  # sentences back a sentence without names reads its subject from


def _values(kind: str, li: list[Item], ri: list[Item], linker: _Links, content_of, opposed,
            story: bool, named: tuple[dict[int, frozenset[str]], dict[int, frozenset[str]]],
            by_words: list[list[int]] | None = None) -> list[Fact]:
    lg: dict[str, list[Item]] = defaultdict(list)
    rg: dict[str, list[Item]] = defaultdict(list)
    for items, groups in ((li, lg), (ri, rg)):
        for it in items:
            if it.kind == kind:
                groups[it.match].append(it)
    cands = _candidates(_figures(li), _figures(ri), linker, by_words or []) if kind == "number" else ({}, {})
    out: list[Fact] = []
    reported: set[tuple[str, str]] = set()  # (this side's value, the other side's) in a conflict told
    # each value's _first, made once a value (not by a Python key call of the sort)
    first = {m: (1, min([x.span.start for x in g])) for m, g in rg.items()}
    first.update({m: (0, min([x.span.start for x in g])) for m, g in lg.items()})
    for m in sorted(first, key=first.__getitem__):
        L, R = lg.get(m, []), rg.get(m, [])
        if L and R:
            out.append(_new(Fact, (kind, L[0].value, _spans(L), _spans(R), "shared", "")))
            continue
        items = L or R
        near = cands[0] if L else cands[1]
        others = list({id(o): o for x in items for o in near.get(id(x), ()) if o.match != m}.values())
        found: list[Item] = []
        why = ""
        told = False  # this figure's conflict is already told from the other side
        own = lg if L else rg
        for o in others:
            if (o.match, m) in reported:
                told = True
                continue
            if o.match in own:
                # this side gives the other's figure too ("more than 94,000 troops", and
                # "estimates of 95,000 to 100,000"): the reports agree on it, one adds another
                continue
            reason = next((r for x in items if (r := _reason(x, o, linker, content_of, opposed, story, named)
                                                 if L else _reason(o, x, linker, content_of, opposed, story, named))),
                          None)
            if reason:
                found.append(o)
                why = why or reason
                reported.add((m, o.match))
        if told and not found:
            continue
        if found:
            ov = sorted({o.value for o in found})
            value = f"{items[0].value} vs {', '.join(ov)}" if L else f"{', '.join(ov)} vs {items[0].value}"
            spans = (_spans(L), _spans(found)) if L else (_spans(found), _spans(R))
            out.append(Fact(kind, value, spans[0], spans[1], "conflict", why))  # type: ignore[arg-type]
        elif L:
            out.append(_new(Fact, (kind, L[0].value, _spans(L), (), "left-only", "")))
        else:
            out.append(_new(Fact, (kind, R[0].value, (), _spans(R), "right-only", "")))
    return out


def _figures(items: Sequence[Item]) -> list[Item]:
    """The numbers with a counted thing: those that can be in a conflict."""
    return [it for it in items if it.kind == "number" and it.head]


def _by_words(left: list[Item], right: list[Item], content_of, story: bool) -> list[list[int]]:
    """For each figure of ``left``, the figures of ``right`` (indexes) with the same head and
    content words enough in common around (see :func:`_reason`), in the order found.
    Found through an index, so the work grows with the candidates, not with the product
    of the two sides' figures."""
    by_word: dict[tuple[str, str], list[int]] = defaultdict(list)  # indexes into ``right``
    for x, b in enumerate(right):
        for w in content_of(b.context) - {b.head}:
            by_word[(b.head, w)].append(x)
    need = _STORY_WORDS if story else _SAME_WORDS
    common = _COMMON  # a word beside this many figures tells none apart
    out: list[list[int]] = []
    for a in left:
        counts: dict[int, int] = {}
        found: list[int] = []
        for w in sorted(content_of(a.context) - {a.head}):  # in a fixed order: the same facts every run
            bucket = by_word.get((a.head, w), ())
            if len(bucket) > common:
                continue
            for x in bucket:
                c = counts[x] = counts.get(x, 0) + 1
                if c == need:
                    found.append(x)
        out.append(found)
    return out


def _candidates(left: list[Item], right: list[Item], linker: _Links,
                by_words: list[list[int]]) -> tuple[dict[int, list[Item]], dict[int, list[Item]]]:
    """The figures of the other side that may count the same thing as each figure (by
    ``id``): the same head, and a linked sentence or shared words around (``by_words``:
    :func:`_by_words` of these figures)."""
    by_sentence: dict[tuple[str, int], list[Item]] = defaultdict(list)
    ids = [id(b) for b in right]
    for b in right:
        by_sentence[(b.head, linker.sentence(1, b.span))].append(b)
    fwd: dict[int, list[Item]] = {}
    back: dict[int, list[Item]] = defaultdict(list)
    for a, words in zip(left, by_words, strict=True):
        found = {id(b): b for y in linker.right_sentences(a.span) for b in by_sentence.get((a.head, y), ())}
        for x in words:
            found[ids[x]] = right[x]
        fwd[id(a)] = list(found.values())
        for b in found.values():
            back[id(b)].append(a)
    return fwd, back


def _quotes(lq: list[Item], rq: list[Item], pairs: list[tuple[int, int]]) -> list[Fact]:
    partners: dict[int, list[int]] = defaultdict(list)
    for i, k in pairs:
        partners[i].append(k)
    used = {k for _, k in pairs}
    out: list[Fact] = []
    for i, it in enumerate(lq):
        if partners.get(i):
            out.append(Fact("quote", it.value, (it.span,), tuple(rq[k].span for k in partners[i]), "shared"))
        else:
            out.append(Fact("quote", it.value, (it.span,), (), "left-only"))
    for k, o in enumerate(rq):
        if k not in used:
            out.append(Fact("quote", o.value, (), (o.span,), "right-only"))
    return out


def _names(li: list[Item], ri: list[Item], lower: tuple[frozenset[str], frozenset[str]]) -> list[Fact]:
    """One fact per person or place (see the module docstring)."""
    sides: list[dict[str, list[Item]]] = []
    for items in (li, ri):
        canon = canonical_names({it.match for it in items})
        groups: dict[str, list[Item]] = defaultdict(list)
        for it in items:
            groups[canon.get(it.match, it.match)].append(it)
        sides.append(groups)
    lg, rg = sides
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def find(x: tuple[int, str]) -> tuple[int, str]:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(a: tuple[int, str], b: tuple[int, str]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for side in (0, 1):
        mine, theirs = sides[side], sides[1 - side]
        tails: dict[str, list[str]] = defaultdict(list)  # "putin" -> ["vladimir putin"]
        heads: dict[str, list[str]] = defaultdict(list)  # "minsk" -> ["minsk agreements"]
        for k in theirs:
            words = k.split()
            for x in range(1, len(words)):
                tails[" ".join(words[x:])].append(k)
                heads[" ".join(words[:x])].append(k)
        for k in mine:
            if k in theirs:
                union((side, k), (1 - side, k))
                continue
            longer = tails.get(k, [])
            if len(longer) == 1:  # a surname for one full name
                union((side, k), (1 - side, longer[0]))
            for lk in heads.get(k, []):  # "Minsk" -> "Minsk Agreements" where "agreements" is a common word
                if all(w in lower[side] for w in lk.split()[len(k.split()):]):
                    union((side, k), (1 - side, lk))
    clusters: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for side in (0, 1):
        for k in sides[side]:
            clusters[find((side, k))].append((side, k))
    out: list[Fact] = []
    for members in sorted(clusters.values(), key=lambda ms: min(_first(sides[s][k], None)[1] + s * (1 << 40)
                                                                 for s, k in ms)):
        L = [it for s, k in members if s == 0 for it in lg[k]]
        R = [it for s, k in members if s == 1 for it in rg[k]]
        if L and R:  # the longest name, as written where it is spelled as its key (an alias's
            best = max((k for _, k in members), key=len)  # group: "United States", not "U.S"), or first
            named = [x for x in L + R if x.match == best]
            disp = next((x.value for x in named if key(x.value) == best),
                        named[0].value if named else max((x.value for x in L + R), key=len))
        else:
            disp = max((x.value for x in L + R), key=len)
        status = "shared" if L and R else ("left-only" if L else "right-only")
        out.append(Fact("name", disp, _spans(L), _spans(R), status))  # type: ignore[arg-type]
    return out


def _spans(items: list[Item]) -> tuple[Span, ...]:
    if len(items) == 1:  # most values: one mention
        return (items[0].span,)
    return tuple(sorted({it.span for it in items}))


def _first(a: list[Item] | None, b: list[Item] | None) -> tuple[int, int]:
    if a:
        return (0, min(x.span.start for x in a))
    if b:
        return (1, min(x.span.start for x in b))
    return (2, 0)


def links_of(matches: Sequence[Match], /) -> list[tuple[Span, Span]]:
    """The passages a comparison's matches link, as (left span, right span)."""
    return [(m.left, m.right) for m in matches]
