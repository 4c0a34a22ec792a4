"""Framing markers and voices, for each side of a comparison.

* **scare quotes**: short quoted phrases (at most ``max_scare_words``)
  that are not a title-case name ("Minsk Agreements") and not the words of
  someone the sentence names: a quote is attributed only as the object or
  complement of a reporting verb with a speaker ("Peskov said relations
  were in “a dire state”", "the minister called it a “provocation”") or
  before a clause of attribution ("“Never,” he said"); one right after a
  distancing term ("the so-called “plan”"), one in the subject, one after
  a passive verb with no agent, or one beside a longer attributed quote
  that its verb does not govern directly is a scare quote;
* **hedges and distancing** ("purported", "so-called", "alleged",
  "claims"...), from ``hedges.tsv``;
* **loaded or evaluative terms**, from ``loaded.tsv``;
* **naming variants** (Kyiv/Kiev, Donbas/Donbass, annexation/reunification),
  from ``naming.tsv``: a variant is marked when it is not the group's usual
  form or when the other side uses another variant; its counterpart is the
  other side's variant, inside the aligned passage when there is one;
* **attribution verbs** with their stance (said: neutral, claimed:
  doubting, admitted: concessive, insisted: assertive...), from
  ``attribution.tsv``, linked to the attribution verb of the aligned
  passage on the other side;
* **voices**: who each side quotes, how often and at what length.

Every marker has a ``confidence``: how likely people would mark it.  In
English, loaded terms come from the learned lexicon and models of
:mod:`parallax.reader.framing.learned` (a marker spans the loaded word and
the neighbours that belong with it, "the *disgraced former director*"), and
hedges and scare quotes carry the share of them people marked in the same
data; below :func:`sure_threshold` a marker is *unsure* (:func:`is_sure`), and
the window may hide it.  Rows without a weight (other languages' hand
lexicons, a user's own rows) and naming and attribution markers are sure.

All lexicons are plain data (see :mod:`parallax.reader.text.lexicon`); the language is
the article's ``language`` (or, when unknown, the one its script suggests).
Outside English, a lexicon word also matches its inflected forms (a shared
stem of at least five letters with short endings).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from typing import NamedTuple

from parallax.reader.facts.extract import Quote, find_quotes, link_speakers
from parallax.reader.facts.tables import guarded_verbs
from parallax.reader.framing import learned
from parallax.reader.model import Article, Marker, Match, Span, Voice
from parallax.reader.text.charscan import char_positions
from parallax.reader.text.keys import key, text_keys, text_starts, text_tokens, tokens
from parallax.reader.text.lexicon import (
    available_languages,
    generation,
    language_of,
    lexicon_language,
    load,
    load_exact,
    stopwords,
)

__all__ = ["SideFraming", "compare_framing", "is_sure", "markers", "side_framing", "sure_threshold", "voices"]


def sure_threshold() -> float:
    """The confidence from which a marker is sure (chosen on held-out human-marked news)."""
    return learned.model().sure


def is_sure(marker: Marker) -> bool:
    """Is the marker sure enough to show when unsure markers are hidden?"""
    return marker.confidence >= learned.model().sure

_ATTRIBUTING = {"neutral", "reporting", "assertive", "concessive", "emotive", "tentative"}


@lru_cache(maxsize=64)
def _phrases(name: str, lang: str, _gen: tuple = ()) -> tuple[dict[tuple[str, ...], str], int]:
    """A lexicon as {key tuple: note} and its longest entry in words."""
    table: dict[tuple[str, ...], str] = {}
    longest = 1
    for row in load(name, lang):
        ks = tuple(t.key for t in tokens(row[0]))
        if ks:
            table[ks] = row[1] if len(row) > 1 else ""
            longest = max(longest, len(ks))
    return table, longest


@lru_cache(maxsize=16)
def _weighted(name: str, lang: str, _gen: tuple = ()) -> tuple[dict[tuple[str, ...], tuple[str, float | None]], int]:
    """A lexicon as {key tuple: (note, weight or None)} (the weight: a third column) and its longest entry."""
    table: dict[tuple[str, ...], tuple[str, float | None]] = {}
    longest = 1
    for row in load(name, lang):
        ks = tuple(t.key for t in tokens(row[0]))
        if not ks:
            continue
        weight = None
        if len(row) > 2:
            try:
                weight = min(1.0, max(0.0, float(row[2])))
            except ValueError:
                weight = None
        table[ks] = (row[1] if len(row) > 1 else "", weight)
        longest = max(longest, len(ks))
    return table, longest


@lru_cache(maxsize=4)
def _cues(lang: str, _gen: tuple = ()) -> frozenset[str]:
    return frozenset(ks[0] for row in load("naming_cues.tsv", lang)
                     for ks in [tuple(t.key for t in tokens(row[0]))] if len(ks) == 1)


@lru_cache(maxsize=16)
def _naming(lang: str, _gen: tuple = ()) -> tuple[dict[tuple[str, ...], tuple[str, int]], int]:
    """{variant key tuple: (group, 1 if marked on its own ("*") else 0)}."""
    table: dict[tuple[str, ...], tuple[str, int]] = {}
    longest = 1
    for row in load("naming.tsv", lang):
        if len(row) < 3:
            continue
        for variant in row[1:]:
            marked = variant.startswith("*")
            ks = tuple(t.key for t in tokens(variant.lstrip("*")))
            if ks and ks not in table:
                table[ks] = (row[0], 1 if marked else 0)
                longest = max(longest, len(ks))
    return table, longest


def _scan(toks, table: dict, longest: int, *, inflected: bool = False, keys: Sequence[str] | None = None):
    """Longest-first lexicon hits: (first token, end token, value).

    With ``inflected`` (languages whose lexicons list one form of each word),
    a word also matches a lexicon word it shares a long prefix with ("brutale"
    for "brutal", "называемая" for "называемый").  ``keys``: the tokens' keys, when
    the caller has them (a whole text's, :func:`text_keys`)."""
    if keys is None:
        keys = [t.key for t in toks]
    if inflected:
        forms = _forms(table)
        keys = list(map(forms, keys))
    n = len(keys)
    firsts = _firsts(table)
    nxt = 0  # the first token not yet inside a hit
    for i in list(compress(range(n), map(firsts.__contains__, keys))):  # the tokens a hit can open
        if i < nxt:
            continue
        room = min(longest, n - i)
        for ln in firsts[keys[i]]:  # only the lengths of the entries this word opens, longest first
            if ln > room:
                continue
            v = table.get(tuple(keys[i:i + ln]))
            if v is not None:
                yield i, i + ln, v
                nxt = i + ln
                break


_FORMS: dict[int, tuple[dict, object]] = {}
_STEM_MIN = 5  # the shortest lexicon word matched by prefix


def _forms(table: dict):
    """A cached map from a word to the lexicon word it inflects (or to itself)."""
    hit = _FORMS.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    words = {w for k in table for w in k}
    by_prefix: dict[str, list[str]] = {}
    for w in words:
        if len(w) >= _STEM_MIN:
            by_prefix.setdefault(w[:_STEM_MIN], []).append(w)
    memo: dict[str, str] = {}

    def form(k: str) -> str:
        got = memo.get(k)
        if got is not None:
            return got
        best, best_n = k, 0
        if k not in words and len(k) >= _STEM_MIN:
            for w in by_prefix.get(k[:_STEM_MIN], ()):
                n = 0
                for x, y in zip(k, w, strict=False):
                    if x != y:
                        break
                    n += 1
                # a shared stem, and endings no longer than a suffix on either side
                if n >= max(_STEM_MIN, len(w) - 3) and n >= len(k) - 4 and n > best_n:
                    best, best_n = w, n
        if len(memo) < 100_000:
            memo[k] = best
        return best

    _FORMS[id(table)] = (table, form)
    return form


_FIRSTS: dict[int, tuple[dict, dict[str, tuple[int, ...]]]] = {}


def _firsts(table: dict) -> dict[str, tuple[int, ...]]:
    """The first words of ``table``'s entries, each with the lengths of the entries it opens,
    longest first (cached per table): a scan tries those lengths only, not every length."""
    hit = _FIRSTS.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, learned.entry_lengths(table))
        _FIRSTS[id(table)] = hit
    return hit[1]


class _QuoteIndex:
    """An article's quotations sorted by start, for bisect look-ups (no scan over all of them)."""

    def __init__(self, quotes: list[Quote], text: str = "", hard: list[int] | None = None) -> None:
        # where sentences may end (``hard``: where ".!?;:" or a line break stands, when the caller has it)
        self.stops = _stops(text) if hard is None else [p for p in hard if text[p] not in ";:"]
        self.quotes = sorted(quotes, key=lambda q: (q.span.start, q.span.end))
        self.starts = [q.span.start for q in self.quotes]
        self.reach: list[int] = []  # the furthest end of the quotations up to each one
        far = -1
        for q in self.quotes:
            far = max(far, q.span.end)
            self.reach.append(far)

    def inside(self, pos: int, *, strict: bool = False, exclude: Span | None = None) -> bool:
        """Is ``pos`` inside a quotation (``strict``: between its marks), other than ``exclude``?"""
        j = (bisect_left(self.starts, pos) if strict else bisect_right(self.starts, pos)) - 1
        while j >= 0 and self.reach[j] > pos:
            sp = self.quotes[j].span
            if sp != exclude and (sp.start < pos < sp.end - 1 if strict else sp.start <= pos < sp.end):
                return True
            j -= 1
        return False

    def between(self, start: int, end: int) -> list[Quote]:
        """The quotations that start in ``[start, end)``."""
        return self.quotes[bisect_left(self.starts, start):bisect_left(self.starts, end)]


def _stops(text: str) -> list[int]:
    """Where sentences may end in ``text``: its full stops, "!", "?" and line breaks."""
    return char_positions(text, ".!?\n")


def _sentence_bounds(text: str, pos: int, quotes: _QuoteIndex) -> tuple[int, int]:
    """The sentence around ``pos``; stops inside quotations are ignored."""
    stops = quotes.stops
    k = bisect_left(stops, pos) - 1  # stops before pos
    while k >= 0 and quotes.inside(stops[k], strict=True):
        k -= 1
    s = stops[k] + 1 if k >= 0 else 0
    k = bisect_left(stops, pos)  # stops at or after pos
    while k < len(stops) and quotes.inside(stops[k], strict=True):
        k += 1
    e = stops[k] if k < len(stops) else len(text)
    return s, e


def _single_markers(article: Article, side: str, quotes: list[Quote] | None = None,
                    *, max_scare_words: int = 4) -> list[Marker]:
    text = article.text
    lang = lexicon_language(article.language, text)
    inflected = lang != "en"  # the English lexicons list their words' forms
    toks = text_tokens(text)
    keys = text_keys(text)  # read once for the scans below
    if quotes is None:
        quotes = find_quotes(article)
    hard = char_positions(text, learned.HARD_MARKS)  # one scan of the text: the stops and the learned breaks
    qi = _QuoteIndex(quotes, text, hard)
    out: list[Marker] = []
    verbs, vlong = _phrases("attribution.tsv", lang, generation())
    scare_conf = learned.model().scare

    # scare quotes
    hedges, _ = _phrases("hedges.tsv", lang, generation())
    starts = text_starts(text)  # (the whole text's, cached: bisected below)
    for q in quotes:
        if q.words > max_scare_words:
            continue
        inner = text[q.inner.start:q.inner.end].strip(" ,.;:")
        words = inner.split()
        if not words:
            continue
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            continue  # a name or title
        distanced = _after_hedge(toks, starts, q, hedges)
        if not distanced and \
                _attributed(text, toks, starts, q, qi, verbs, vlong, max_scare_words, inflected):
            continue
        note = "distanced" if distanced else "unattributed"
        out.append(Marker(side, "scare-quote", q.span, q.span.slice(text), None, note,  # type: ignore[arg-type]
                          float(scare_conf.get(note, 1.0))))

    # hedges (weighted in English: the share of them people marked)
    table, longest = _weighted("hedges.tsv", lang, generation())
    for i, j, (note, weight) in _scan(toks, table, longest, inflected=inflected, keys=keys):
        sp = Span(toks[i].start, toks[j - 1].end)
        out.append(Marker(side, "hedge", sp, sp.slice(text), None, note,  # type: ignore[arg-type]
                          1.0 if weight is None else weight))

    # loaded terms: learned in English, the hand lexicon elsewhere
    if lang == "en":
        out.extend(_learned_loaded(text, toks, quotes, side, hard))
    else:
        table, longest = _weighted("loaded.tsv", lang, generation())
        for i, j, (note, _w) in _scan(toks, table, longest, inflected=inflected, keys=keys):
            sp = Span(toks[i].start, toks[j - 1].end)
            out.append(Marker(side, "loaded", sp, sp.slice(text), None, note))  # type: ignore[arg-type]

    # attribution verbs (in attributing use)
    nouns = guarded_verbs(lang)  # "states", "answered": verbs only where they attribute
    reporting = _reporting(generation())  # (read once, not three times a verb)
    for i, j, stance in _scan(toks, verbs, vlong, inflected=inflected, keys=keys):
        if not _attributing_use(text, toks, keys, i, j, qi, nouns, words=reporting):
            continue
        sp = Span(toks[i].start, toks[j - 1].end)
        out.append(Marker(side, "attribution", sp, sp.slice(text), None, stance))  # type: ignore[arg-type]
    return out


def _learned_loaded(text: str, toks, quotes: list[Quote], side: str, hard: list[int] | None = None) -> list[Marker]:
    """Loaded-term markers of an English text: lexicon hits grown by the learned model."""
    table, longest = _weighted("loaded.tsv", "en", generation())
    hits = learned.find(toks, table, longest, keys=text_keys(text) if toks is text_tokens(text) else None)
    if not hits:
        return []
    m = learned.model()
    ctx = learned.context(text, toks, hits, m.base, quotes=[(q.inner.start, q.inner.end, q.words) for q in quotes],
                          cues=_cues("en", generation()), stop=stopwords(),
                          starts=text_starts(text) if toks is text_tokens(text) else None, hard=hard)
    out = []
    for a, b, conf, hit in learned.spans(ctx, hits, m):
        sp = Span(toks[a].start, toks[b - 1].end)
        out.append(Marker(side, "loaded", sp, sp.slice(text), None, hit.note, conf))  # type: ignore[arg-type]
    return out


_CLAUSE_BREAK = re.compile(r"[;()\u2013\u2014]|\s-\s")
_MAX_GAP = 12  # words between a reporting verb and a quoted phrase in its complement
@lru_cache(maxsize=4)
def _reporting(_gen: tuple) -> dict[str, frozenset[str]]:
    """The words of ``reporting.tsv`` by kind (``that``, ``passive``, ``agent``,
    ``according``, ``audience``, ``pronoun``), every language's together, as keys."""
    out: dict[str, set[str]] = {}
    for lang in sorted(available_languages()):
        for row in load_exact("reporting.tsv", lang):
            if len(row) > 1:
                out.setdefault(row[1], set()).add(key(row[0]))
    return {k: frozenset(v) for k, v in out.items()}


_NONE: frozenset[str] = frozenset()


def _words(kind: str) -> frozenset[str]:
    """One kind of ``reporting.tsv``: complementisers ("said ... that": the rest of the
    clause is reported speech, however long), passive auxiliaries, and so on."""
    return _reporting(generation()).get(kind, frozenset())


def _after_hedge(toks, starts: Sequence[int], q: Quote, hedges: dict) -> bool:
    """Is the quotation right after a distancing term ("the so-called “plan”", "the purported “incursion”")?"""
    i = bisect_left(starts, q.span.start)
    keys = [t.key for t in toks[max(0, i - 3):i]]
    return any(tuple(keys[k:]) in hedges for k in range(len(keys)))


def _attributed(text: str, toks, starts: Sequence[int], q: Quote, quotes: _QuoteIndex,
                verbs: dict, vlong: int, max_scare_words: int, inflected: bool = False) -> bool:
    """Is a short quotation the words of someone the sentence names?

    Yes when it is the object or complement of a reporting verb that has a
    speaker ("Peskov said relations were in “a dire state”", "the minister
    called the protests a “provocation”"), or when it ends in a clause of
    attribution (“Never,” he said).  Not when a passive verb has no agent, nor
    when the sentence's verb governs another, longer quotation and this short
    one is not right after the verb (a scare quote beside the real quote).
    """
    if q.speaker and q.verb and q.speaker_span is not None and q.speaker_span.start > q.span.start:
        return True  # “…,” said Peskov / “…,” he said
    s, _e = _sentence_bounds(text, q.span.start, quotes)
    lo = bisect_left(starts, s)
    hi = bisect_left(starts, q.span.start)
    # the nearest attributing verb before the quote, outside other quotations
    sent = [t for t in toks[lo:hi] if not quotes.inside(t.start, exclude=q.span)]
    found = None
    for i, j, stance in _scan(sent, verbs, vlong, inflected=inflected):
        if stance in _ATTRIBUTING:
            found = (i, j)
    if found is None:
        return False
    i, j = found
    verb_end = sent[j - 1].end
    gap = len(sent) - j
    if _CLAUSE_BREAK.search(text, verb_end, q.span.start):
        return False
    that = _words("that")
    reported = any(t.key in that for t in sent[j:j + 8])  # "said ... that ...": reported speech
    if gap > _MAX_GAP and not reported:
        return False
    before = [t.key for t in sent[:i]]
    if not before and sent[i].key not in _words("according") and not _speaker_after(sent, j):
        return False  # no speaker
    if before and before[-1] in _words("passive") and \
            not _words("agent").intersection(t.key for t in toks[hi:hi + 12]):
        return False  # "was described as “…”" with nobody describing
    longer = any(x.words > max_scare_words and x.speaker and x.span != q.span for x in quotes.between(s, _e))
    return reported or not (longer and gap > 4)


def _speaker_after(sent, j: int) -> bool:
    """Does a speaker follow the verb that opens the sentence, before "that"? Arabic and
    Hebrew put the verb first: "وقال البيت الأبيض إن …" (said the White House that …)."""
    stop, that = stopwords(), _words("that")
    for k in range(j, min(len(sent), j + 8)):
        if sent[k].key in that:
            return any(t.key not in stop for t in sent[j:k])
    return False


def _attributing_use(text: str, toks, keys: Sequence[str], i: int, j: int, quotes: _QuoteIndex,
                     nouns: frozenset[tuple[str, ...]] = frozenset(), *,
                     words: dict[str, frozenset[str]] | None = None) -> bool:
    """Is the verb at tokens [i, j) attributing something to someone?

    A capitalised form inside a sentence is a name's word ("the United States"), and a
    form that is also a noun ("states", "claims") or a verb with other senses ("answered",
    "recalled") attributes only before "that", a colon or a quotation, or after one ("“…,”
    states the report", "“…,” he continued"): "former Soviet states" and "answered the
    phone" do not.
    """
    start, end = toks[i].start, toks[j - 1].end
    if quotes.inside(start):
        return False  # inside a quotation: the speaker's own words
    if words is None:
        words = _reporting(generation())
    if keys[i] in words.get("according", _NONE) and j - i == 2:
        return True
    if text[start].isupper() and i > 0 and text[toks[i - 1].end:start].strip() in ("", ",", "-"):
        return False  # "United States", "Member States"
    noun = tuple(keys[i:j]) in nouns
    after = text[end:end + 3]
    if after[:1] == ":" or after.strip().lstrip(",").strip()[:1] in ("“", '"', "«", "„"):
        return True  # `said: …`, `said “…`, `yelled, “…`
    if after[:1] == "," and not noun:
        return True
    if j < len(keys) and (keys[j] in words.get("that", _NONE) or keys[j] in words.get("audience", _NONE)):
        return True
    before = text[max(0, start - 3):start]
    if "”" in before or '"' in before:
        return True  # `,” he said`
    if "," in before and not noun:
        return True  # `, said Peskov`
    if i > 0 and (text[toks[i - 1].start].isupper() or keys[i - 1] in words.get("pronoun", _NONE)) and \
            text[toks[i - 1].end:start].strip() == "":
        if not noun:
            return True  # `Peskov said`, `he said`
        before = text[max(0, toks[i - 1].start - 3):toks[i - 1].start]
        return "”" in before or '"' in before  # `,” he continued`
    return False


def markers(article: Article, /, *, side: str = "left") -> list[Marker]:
    """Every framing marker of one article alone (no counterparts)."""
    quotes = find_quotes(article)
    found = _single_markers(article, side, quotes)
    found.extend(_naming_markers(article, side, None))
    found.sort(key=lambda m: (m.span.start, m.category))
    return found


def _naming_hits(article: Article) -> list[tuple[Span, str, int, tuple[str, ...]]]:
    table, longest = _naming(language_of(article.language), generation())
    toks = text_tokens(article.text)
    out = []
    for i, j, (group, idx) in _scan(toks, table, longest, keys=text_keys(article.text)):
        out.append((Span(toks[i].start, toks[j - 1].end), group, idx, tuple(t.key for t in toks[i:j])))
    return out


def _naming_markers(article: Article, side: str, other: Article | None,
                    matches: tuple[Match, ...] = (), *, hits: tuple | None = None,
                    other_hits: tuple | None = None, aligned: _Aligned | None = None) -> list[Marker]:
    """``aligned``: ``_Aligned(matches, side)``, made already (compare_framing's)."""
    text = article.text
    mine = hits if hits is not None else _naming_hits(article)
    if other_hits is None:
        other_hits = _naming_hits(other) if other is not None else []
    theirs: dict[str, list[tuple[Span, tuple[str, ...]]]] = {}
    for osp, ogroup, _oidx, oks in other_hits:
        theirs.setdefault(ogroup, []).append((osp, oks))
    if aligned is None and matches:
        aligned = _Aligned(matches, side)
    # the other side's other variants of a group, in text order, with their starts
    unlike: dict[tuple[str, tuple[str, ...]], tuple[list[Span], list[int]]] = {}
    out = []
    for sp, group, idx, ks in mine:
        got = unlike.get((group, ks))
        if got is None:
            spans = [osp for osp, oks in theirs.get(group, ()) if oks != ks]
            got = unlike[(group, ks)] = (spans, [o.start for o in spans])
        others, starts = got
        if idx == 0 and not others:
            continue
        counterpart = None
        if others:
            counterpart = (aligned.counterpart(sp, others, starts) if aligned is not None else None) or others[0]
        out.append(Marker(side, "naming", sp, sp.slice(text), counterpart, group))  # type: ignore[arg-type]
    return out


class _Aligned:
    """The aligned passages of one side, to find which of them hold a span (sorted, with bisect)."""

    def __init__(self, matches: tuple[Match, ...], side: str) -> None:
        rows = []
        for n, m in enumerate(matches):
            mine, theirs = (m.left, m.right) if side == "left" else (m.right, m.left)
            rows.append((mine.start, mine.end, n, theirs))
        rows.sort()
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.reach: list[int] = []
        far = -1
        for r in rows:
            far = max(far, r[1])
            self.reach.append(far)

    def holding(self, sp: Span) -> list[Span]:
        """The other side's passages aligned with a passage holding ``sp``, in the matches' order."""
        j = bisect_right(self.starts, sp.start) - 1
        found = []
        while j >= 0 and self.reach[j] >= sp.end:
            start, end, n, theirs = self.rows[j]
            if start <= sp.start and sp.end <= end:
                found.append((n, theirs))
            j -= 1
        return [t for _n, t in sorted(found)]

    def counterpart(self, sp: Span, candidates: list[Span], starts: list[int]) -> Span | None:
        """The first candidate (disjoint, in text order; ``starts`` their starts) inside the
        passage aligned with ``sp``."""
        for theirs in self.holding(sp):
            k = bisect_left(starts, theirs.start)
            if k < len(candidates) and candidates[k].end <= theirs.end:
                return candidates[k]
        return None


def voices(article: Article | None = None, /, quotes: list[Quote] | None = None) -> tuple[Voice, ...]:
    """Who the article quotes, how often and at what length (in words), most words first."""
    if quotes is None:
        quotes = find_quotes(article) if article is not None else []
    names: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.speaker:
            names.setdefault(q.speaker, []).append(q)
    # merge short forms into the longest name ending with them (Peskov -> Dmitry Peskov)
    merged: dict[str, str] = {}
    keys_ = sorted(names, key=len, reverse=True)
    keyed = {nm: key(nm) for nm in keys_}  # each name's key once, not once a pair of names
    # each tail of a key after one of its spaces -> the first (longest) name whose key ends so
    ending: dict[str, str] = {}
    for longer in keys_:
        k = keyed[longer]
        p = k.find(" ")
        while p >= 0:
            ending.setdefault(k[p + 1:], longer)
            p = k.find(" ", p + 1)
    for nm in keys_:
        longer = ending.get(keyed[nm])  # (the longest: when it is no longer than nm, none is)
        merged[nm] = merged.get(longer, longer) if longer is not None and len(longer) > len(nm) else nm
    agg: dict[str, list[int]] = {}
    for nm, qs in names.items():
        t = merged[nm]
        a = agg.setdefault(t, [0, 0])
        a[0] += len(qs)
        a[1] += sum(q.words for q in qs)
    return tuple(
        Voice(name, n, w) for name, (n, w) in sorted(agg.items(), key=lambda kv: (-kv[1][1], kv[0]))
    )


class SideFraming(NamedTuple):
    """What framing finds in one side alone, before the sides are compared: made
    anywhere (another process, say) and handed to :func:`compare_framing`."""

    quotes: tuple[Quote, ...]  # its quotations (speakers not yet linked across the sides)
    markers: tuple[Marker, ...]  # its scare quotes, hedges, loaded terms and attribution verbs
    naming: tuple[tuple[Span, str, int, tuple[str, ...]], ...]  # its naming-variant hits


def side_framing(article: Article, /, *, side: str) -> SideFraming:
    """The framing of one side alone (``side``: "left" or "right", as its markers say)."""
    quotes = find_quotes(article)
    # the markers read the quotations' spans and whether each has a speaker, never the
    # speaker's name: linking names across the sides (compare_framing) changes neither
    return SideFraming(tuple(quotes), tuple(_single_markers(article, side, quotes)), tuple(_naming_hits(article)))


def compare_framing(
    left: Article, right: Article, matches: tuple[Match, ...] = (), /, *, unsure: bool = False,
    sides: tuple[SideFraming, SideFraming] | None = None,
) -> tuple[tuple[Marker, ...], tuple[Voice, ...], tuple[Voice, ...]]:
    """Markers of both sides (naming and attribution linked across), and both sides' voices.

    Markers people would not reliably mark (:func:`is_sure` false) are left out
    unless ``unsure``: precision first.  ``sides``: both sides' :func:`side_framing`,
    when it was done already."""
    if sides is None:
        sides = (side_framing(left, side="left"), side_framing(right, side="right"))
    fl, fr = sides
    ql, qr = link_speakers(list(fl.quotes), list(fr.quotes))  # one name per speaker on both sides
    nl, nr = list(fl.naming), list(fr.naming)
    # each side's aligned passages indexed once, for the naming markers and the attribution verbs
    al, ar = (_Aligned(matches, "left"), _Aligned(matches, "right")) if matches else (None, None)
    ml = list(fl.markers) + _naming_markers(left, "left", right, matches, hits=nl, other_hits=nr, aligned=al)
    mr = list(fr.markers) + _naming_markers(right, "right", left, matches, hits=nr, other_hits=nl, aligned=ar)
    # attribution verbs: link to the attribution verb in the aligned passage on the other side
    attr_l = sorted((m for m in ml if m.category == "attribution"), key=_SPAN_START)
    attr_r = sorted((m for m in mr if m.category == "attribution"), key=_SPAN_START)
    if al is not None and ar is not None:
        starts_l, starts_r = [o.span.start for o in attr_l], [o.span.start for o in attr_r]
        ml = [_link_attr(m, attr_r, al, "left", starts_r) if m.category == "attribution" else m for m in ml]
        mr = [_link_attr(m, attr_l, ar, "right", starts_l) if m.category == "attribution" else m for m in mr]
    # (sort keys made in C: thousands of markers a long pair)
    found = sorted(ml, key=_SPAN_START_CATEGORY) + sorted(mr, key=_SPAN_START_CATEGORY)
    if not unsure:
        sure = learned.model().sure  # is_sure's threshold, read once
        found = [m for m in found if m.confidence >= sure]
    return tuple(found), voices(left, ql), voices(right, qr)


_SPAN_START = attrgetter("span.start")
_SPAN_START_CATEGORY = attrgetter("span.start", "category")  # (m.span.start, m.category)


def _link_attr(m: Marker, others: list[Marker], aligned: _Aligned, side: str,
               starts: list[int] | None = None) -> Marker:
    """Link an attribution verb to the first attribution verb of the passage aligned with its own.
    ``starts``: the other side's verbs' starts, in text order (made once by the caller)."""
    if starts is None:
        starts = [o.span.start for o in others]
    for theirs in aligned.holding(m.span):
        k = bisect_left(starts, theirs.start)
        if k < len(others) and others[k].span.end <= theirs.end:
            return m._replace(counterpart=others[k].span)
    return m
