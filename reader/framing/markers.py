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

All lexicons are plain data (see :mod:`parallax.reader.text.lexicon`); the language is
the article's ``language`` (or, when unknown, the one its script suggests).
Outside English, a lexicon word also matches its inflected forms (a shared
stem of at least five letters with short endings).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from parallax.reader.facts.extract import Quote, find_quotes, link_speakers
from parallax.reader.text.keys import text_tokens
from parallax.reader.text.keys import key, tokens
from parallax.reader.text.lexicon import generation, language_of, lexicon_language, load
from parallax.reader.model import Article, Marker, Match, Span, Voice

__all__ = ["compare_framing", "markers", "voices"]

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


def _scan(toks, table: dict, longest: int, *, inflected: bool = False):
    """Longest-first lexicon hits: (first token, end token, value).

    With ``inflected`` (languages whose lexicons list one form of each word),
    a word also matches a lexicon word it shares a long prefix with ("brutale"
    for "brutal", "называемая" for "называемый")."""
    keys = [t.key for t in toks]
    if inflected:
        forms = _forms(table)
        keys = [forms(k) for k in keys]
    n = len(keys)
    firsts = _firsts(table)
    i = 0
    while i < n:
        if keys[i] not in firsts:
            i += 1
            continue
        for ln in range(min(longest, n - i), 0, -1):
            v = table.get(tuple(keys[i:i + ln]))
            if v is not None:
                yield i, i + ln, v
                i += ln
                break
        else:
            i += 1


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


_FIRSTS: dict[int, tuple[dict, frozenset[str]]] = {}


def _firsts(table: dict) -> frozenset[str]:
    hit = _FIRSTS.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, frozenset(k[0] for k in table))
        _FIRSTS[id(table)] = hit
    return hit[1]


def _sentence_bounds(text: str, pos: int, quotes: list[Quote]) -> tuple[int, int]:
    """The sentence around ``pos``; stops inside quotations are ignored."""
    inside = [q.span for q in quotes]

    def in_quote(p: int) -> bool:
        return any(s.start < p < s.end - 1 for s in inside)

    s = pos
    while s > 0 and not (text[s - 1] in ".!?\n" and not in_quote(s - 1)):
        s -= 1
    e = pos
    while e < len(text) and not (text[e] in ".!?\n" and not in_quote(e)):
        e += 1
    return s, e


def _single_markers(article: Article, side: str, quotes: list[Quote] | None = None,
                    *, max_scare_words: int = 4) -> list[Marker]:
    text = article.text
    lang = lexicon_language(article.language, text)
    inflected = lang != "en"  # the English lexicons list their words' forms
    toks = text_tokens(text)
    if quotes is None:
        quotes = find_quotes(article)
    out: list[Marker] = []
    verbs, vlong = _phrases("attribution.tsv", lang, generation())

    # scare quotes
    hedges, _ = _phrases("hedges.tsv", lang, generation())
    starts = [t.start for t in toks]
    for q in quotes:
        if q.words > max_scare_words:
            continue
        inner = text[q.inner.start:q.inner.end].strip(" ,.;:")
        words = inner.split()
        if not words:
            continue
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            continue  # a name or title
        if not _after_hedge(toks, starts, q, hedges) and \
                _attributed(text, toks, starts, q, quotes, verbs, vlong, max_scare_words, inflected):
            continue
        out.append(Marker(side, "scare-quote", q.span, q.span.slice(text), None, "unattributed"))  # type: ignore[arg-type]

    # hedges and loaded terms
    for name, cat in (("hedges.tsv", "hedge"), ("loaded.tsv", "loaded")):
        table, longest = _phrases(name, lang, generation())
        for i, j, note in _scan(toks, table, longest, inflected=inflected):
            sp = Span(toks[i].start, toks[j - 1].end)
            out.append(Marker(side, cat, sp, sp.slice(text), None, note))  # type: ignore[arg-type]

    # attribution verbs (in attributing use)
    quote_verbs = set()
    for q in quotes:
        if q.verb:
            quote_verbs.add(q.span.start)
    keys = [t.key for t in toks]
    for i, j, stance in _scan(toks, verbs, vlong, inflected=inflected):
        if not _attributing_use(text, toks, keys, i, j, quotes):
            continue
        sp = Span(toks[i].start, toks[j - 1].end)
        out.append(Marker(side, "attribution", sp, sp.slice(text), None, stance))  # type: ignore[arg-type]
    return out


_PASSIVE = {"was", "were", "been", "being", "is", "are", "be"}
_CLAUSE_BREAK = re.compile(r"[;()\u2013\u2014]|\s-\s")
_MAX_GAP = 12  # words between a reporting verb and a quoted phrase in its complement
# Complementisers: after "said ... that", the rest of the clause is reported speech,
# however long ("Biden said in advance of the summit that he would warn Putin of “…”").
_THAT = frozenset({"that", "que", "qu'", "dass", "che", "что", "чтобы", "أن", "إن", "بأن", "أنه", "أنها",
                   "إنه", "إنها", "بأنه", "بأنها", "כי", "ש"})


def _after_hedge(toks, starts: list[int], q: Quote, hedges: dict) -> bool:
    """Is the quotation right after a distancing term ("the so-called “plan”", "the purported “incursion”")?"""
    i = bisect_left(starts, q.span.start)
    keys = [t.key for t in toks[max(0, i - 3):i]]
    return any(tuple(keys[k:]) in hedges for k in range(len(keys)))


def _attributed(text: str, toks, starts: list[int], q: Quote, quotes: list[Quote],
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
    spans = [x.span for x in quotes if x.span != q.span]
    # the nearest attributing verb before the quote, outside other quotations
    sent = [t for t in toks[lo:hi] if not any(sp.start <= t.start < sp.end for sp in spans)]
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
    reported = any(t.key in _THAT for t in sent[j:j + 8])  # "said ... that ...": reported speech
    if gap > _MAX_GAP and not reported:
        return False
    before = [t.key for t in sent[:i]]
    if not before and sent[i].key != "according" and not _speaker_after(sent, j):
        return False  # no speaker
    if before and before[-1] in _PASSIVE and "by" not in [t.key for t in toks[hi:hi + 12]]:
        return False  # "was described as “…”" with nobody describing
    longer = any(
        x.words > max_scare_words and x.speaker and s <= x.span.start < _e for x in quotes if x.span != q.span
    )
    return reported or not (longer and gap > 4)


def _speaker_after(sent, j: int) -> bool:
    """Does a speaker follow the verb that opens the sentence, before "that"? Arabic and
    Hebrew put the verb first: "وقال البيت الأبيض إن …" (said the White House that …)."""
    from parallax.reader.text.lexicon import stopwords

    stop = stopwords()
    for k in range(j, min(len(sent), j + 8)):
        if sent[k].key in _THAT:
            return any(t.key not in stop for t in sent[j:k])
    return False


_SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which"}


def _attributing_use(text: str, toks, keys: list[str], i: int, j: int, quotes: list[Quote]) -> bool:
    """Is the verb at tokens [i, j) attributing something to someone?"""
    start, end = toks[i].start, toks[j - 1].end
    for q in quotes:
        if q.span.start <= start < q.span.end:
            return False  # inside a quotation: the speaker's own words
    if keys[i] == "according" and j - i == 2:
        return True
    after = text[end:end + 3]
    if after[:1] in (",", ":") or after.strip()[:1] in ("“", '"', "«", "„"):
        return True
    if j < len(keys) and (keys[j] in _THAT or keys[j] in ("reporters", "journalists")):
        return True
    before = text[max(0, start - 3):start]
    if "”" in before or '"' in before or "," in before:
        return True  # `,” he said` / `, said Peskov`
    if i > 0 and (text[toks[i - 1].start].isupper() or keys[i - 1] in _SUBJECT_PRONOUNS):
        return text[toks[i - 1].end:start].strip() == ""
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
    for i, j, (group, idx) in _scan(toks, table, longest):
        out.append((Span(toks[i].start, toks[j - 1].end), group, idx, tuple(t.key for t in toks[i:j])))
    return out


def _naming_markers(article: Article, side: str, other: Article | None,
                    matches: tuple[Match, ...] = ()) -> list[Marker]:
    text = article.text
    mine = _naming_hits(article)
    theirs = _naming_hits(other) if other is not None else []
    out = []
    for sp, group, idx, ks in mine:
        others = [(osp, oidx) for osp, ogroup, oidx, oks in theirs if ogroup == group and oks != ks]
        if idx == 0 and not others:
            continue
        counterpart = None
        if others:
            counterpart = _prefer_aligned(sp, [o[0] for o in others], side, matches)
        out.append(Marker(side, "naming", sp, sp.slice(text), counterpart, group))  # type: ignore[arg-type]
    return out


def _prefer_aligned(sp: Span, candidates: list[Span], side: str, matches: tuple[Match, ...]) -> Span:
    """The candidate inside the passage aligned with ``sp``, else the first one."""
    for m in matches:
        mine = m.left if side == "left" else m.right
        theirs = m.right if side == "left" else m.left
        if mine.start <= sp.start and sp.end <= mine.end:
            for c in candidates:
                if theirs.start <= c.start and c.end <= theirs.end:
                    return c
    return candidates[0]


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
    for nm in keys_:
        target = nm
        for longer in keys_:
            if len(longer) > len(nm) and key(longer).endswith(" " + key(nm)):
                target = merged.get(longer, longer)
                break
        merged[nm] = target
    agg: dict[str, list[int]] = {}
    for nm, qs in names.items():
        t = merged[nm]
        a = agg.setdefault(t, [0, 0])
        a[0] += len(qs)
        a[1] += sum(q.words for q in qs)
    return tuple(
        Voice(name, n, w) for name, (n, w) in sorted(agg.items(), key=lambda kv: (-kv[1][1], kv[0]))
    )


def compare_framing(
    left: Article, right: Article, matches: tuple[Match, ...] = (), /
) -> tuple[tuple[Marker, ...], tuple[Voice, ...], tuple[Voice, ...]]:
    """Markers of both sides (naming and attribution linked across), and both sides' voices."""
    ql, qr = link_speakers(find_quotes(left), find_quotes(right))  # one name per speaker on both sides
    ml = _single_markers(left, "left", ql) + _naming_markers(left, "left", right, matches)
    mr = _single_markers(right, "right", qr) + _naming_markers(right, "right", left, matches)
    # attribution verbs: link to the attribution verb in the aligned passage on the other side
    attr_l = [m for m in ml if m.category == "attribution"]
    attr_r = [m for m in mr if m.category == "attribution"]
    ml = [_link_attr(m, attr_r, matches, "left") if m.category == "attribution" else m for m in ml]
    mr = [_link_attr(m, attr_l, matches, "right") if m.category == "attribution" else m for m in mr]
    found = sorted(ml, key=lambda m: (m.span.start, m.category)) + sorted(
        mr, key=lambda m: (m.span.start, m.category)
    )
    return tuple(found), voices(left, ql), voices(right, qr)


def _link_attr(m: Marker, others: list[Marker], matches: tuple[Match, ...], side: str) -> Marker:
    for mt in matches:
        mine = mt.left if side == "left" else mt.right
        theirs = mt.right if side == "left" else mt.left
        if mine.start <= m.span.start and m.span.end <= mine.end:
            for o in others:
                if theirs.start <= o.span.start and o.span.end <= theirs.end:
                    return m._replace(counterpart=o.span)
    return m
