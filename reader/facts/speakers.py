"""Who speaks, in the words around an attribution verb: the name or the noun phrase of a
speaker, read over titles, prepositions, appositions and possessives ("said Microsoft
spokesman Frank Shaw", "a friend of the actress said", "Ann Lee, a spokeswoman for the
ministry, said", "Putin's spokesman said"), and whose voice a document is ("a statement
from the Kremlin", "“…,” the statement said").  :mod:`~parallax.reader.facts.quotes`
finds the verb and calls these on the tokens around it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from parallax.reader.facts.names import text_names
from parallax.reader.facts.tables import (
    determiners,
    joined,
    name_sets,
    name_table,
    person_after_title,
    stop,
    trim_titles,
    verbs,
)
from parallax.reader.model import Span
from parallax.reader.text.keys import Token, key, text_keys, text_tokens, tokens, window_tokens
from parallax.reader.text.lexicon import generation, number_words
from parallax.reader.text.segment import QUOTE_PAIRS, abbreviation_dot

_new = tuple.__new__  # a NamedTuple made without its __new__ in Python

__all__ = [
    "Phrase",
    "after_title_of",
    "announcer",
    "bare_person",
    "before_adverbs",
    "comma_subject",
    "document_source",
    "document_voice",
    "is_described",
    "is_document",
    "lead_in",
    "name_in",
    "numbered",
    "object_of",
    "opening_subject",
    "owned",
    "phrase_goes_on",
    "phrase_words",
    "sentence_subject",
    "shift_tokens",
    "speaker_label",
    "subject_at",
    "tight",
    "title_dot",
    "word_before",
    "words_of",
]

def _start(item) -> int:
    """Where a name found in a text starts (the key its names are sorted by)."""
    return item.span.start


@lru_cache(maxsize=4)
def _name_values(text: str, lang: str, _gen: tuple) -> frozenset[str]:
    """The names a text gives, as written."""
    return frozenset(n.value for n in text_names(text, lang))


_MARKS = frozenset(QUOTE_PAIRS) | frozenset(QUOTE_PAIRS.values()) | {'"', "\u201d"}  # quotation marks


def owned(toks, vi: int, text: str, sp: Span | None) -> Span | None:
    """"Putin's spokesman said", "Reid's rep told", "Nichols' mother said": the one a name's
    possessive names speaks, not the name; ``sp``: the name found before the verb at token
    ``vi`` (or, after the verb, before the end of the speaker's phrase: "said Hale's sister")."""
    if sp is None or not sp.end:
        return sp
    plural = text[sp.end - 1:sp.end] == "s" and text[sp.end:sp.end + 2] in ("' ", "\u2019 ")  # "Nichols' mother"
    if text[sp.end - 2:sp.end] not in ("'s", "\u2019s") and not plural:
        return sp
    k = next((x for x in range(vi) if toks[x].end == sp.end), None)
    if k is None or not 0 < vi - k - 1 <= 3:
        return sp
    for x in range(k + 1, vi):
        if not text[toks[x].start].islower() or text[toks[x - 1].end:toks[x].start] != (" " if x > k + 1 or not plural
                                                                                      else text[sp.end:sp.end + 2]):
            return sp
    return Span(sp.start, toks[vi - 1].end)


_PARTY_TAG = re.compile(r"[A-Z]-[A-Z][\w.]*")  # "Edward J. Markey, D-Mass., said": a party and state


class Phrase(NamedTuple):
    """What a speaker's noun phrase is read with (``name_words.tsv``, ``numbers.tsv``)."""

    preps: frozenset[str]  # "a friend of the actress": the word tying a noun to what it belongs to
    titles: frozenset[str]  # "a spokesman for the ministry": the ministry's voice
    documents: frozenset[str]  # "a statement from the Kremlin", "reports at the time"
    org_heads: frozenset[str]  # "the Ministry of the Interior" is one name
    determiners: frozenset[str]
    numbers: frozenset[str]  # "two people familiar with the matter"
    ages: frozenset[str]  # "said the 29-year-old": a word, not a figure
    counsel: frozenset[str]  # "a lawyer for Jackson": a title that speaks for a client, not as its voice
    openers: frozenset[str] = frozenset()  # "Ironically Nichols said": a sentence's first word, no name's
    relatives: frozenset[str] = frozenset()  # "the fire in which he said": no noun's phrase
    coordinators: frozenset[str] = frozenset()  # "businessman and blogger Andrew Halcro": one role
    demonyms: frozenset[str] = frozenset()  # "an Egyptian blogger": no name
    locatives: frozenset[str] = frozenset()  # "In Washington, officials said": a place


def phrase_words(lang: str, table=None) -> Phrase:
    """The words a speaker's phrase is read with in ``lang`` (read once per lexicon generation;
    ``table``, the caller's :func:`~parallax.reader.facts.tables.name_table`, is no longer needed)."""
    return _phrase_words(lang, generation())


@lru_cache(maxsize=16)
def _phrase_words(lang: str, _gen: tuple) -> Phrase:
    terms, _longest = name_table(lang)
    single = {k[0]: kind for k, kind in terms.items() if len(k) == 1}
    units, _scales, _ords = number_words(lang)
    return Phrase(name_sets(lang, "preposition"), frozenset(k for k, v in single.items() if v == "title"),
                   frozenset(k for k, v in single.items() if v == "document"), name_sets(lang, "org-head"),
                   determiners(lang), frozenset(units), name_sets(lang, "age"), name_sets(lang, "counsel"),
                   name_sets(lang, "opener"), name_sets(lang, "relative"), name_sets(lang, "coordinator"),
                   frozenset(k for k, v in single.items() if v == "demonym"), name_sets(lang, "locative"))


def phrase_goes_on(text: str, toks, i: int, stop_words: frozenset[str], ph: Phrase) -> bool:
    """Does the speaker's phrase after a verb of saying go on past the function word ``toks[i]``:
    a title before a name ("said Ms Tamir"), an initial ("said John S. Pritchard"), "of" after a
    title before a capitalised word ("said Secretary of the Interior Dirk Kempthorne"), or "and"
    between two roles before the name ("said Anchorage businessman and blogger Andrew Halcro")?"""
    k = toks[i].key
    nxt = i + 1 < len(toks) and text[toks[i + 1].start].isupper()
    if k in ph.titles:
        return nxt
    if len(k) == 1 and text[toks[i].start].isupper() and text[toks[i].end:toks[i].end + 1] == ".":
        return True
    if k in ph.determiners and i > 1 and toks[i - 1].key in ph.preps and toks[i - 2].key in ph.titles:
        return nxt and text[toks[i - 2].start].isupper()  # "Secretary of the"
    if k in ph.preps and i > 0 and toks[i - 1].key in ph.titles and text[toks[i - 1].start].isupper():
        j = i + 1 + (i + 1 < len(toks) and toks[i + 1].key in ph.determiners)
        return j < len(toks) and text[toks[j].start].isupper() and tight(text, toks, i - 1, i) and \
            tight(text, toks, i, i + 1) and tight(text, toks, j - 1, j)
    if k in ph.coordinators and 0 < i < len(toks) - 2 and not nxt and text[toks[i - 1].start].islower() and \
            toks[i + 1].key not in stop_words and tight(text, toks, i - 1, i) and tight(text, toks, i, i + 1):
        return text[toks[i + 2].start].isupper() and tight(text, toks, i + 1, i + 2)  # the name right after
    return False


def before_adverbs(text: str, toks, vi: int, adverbs: frozenset[str]) -> int:
    """Where a speaker's words end before the verb of saying at ``toks[vi]``: before the
    adverbs in lower case right before it ("she once said", "the judge later told"; ``adverbs``:
    ``adverb`` of ``name_words.tsv``), a word at least left before them."""
    k = vi
    while k > 1 and toks[k - 1].key in adverbs and text[toks[k - 1].start].islower() and tight(text, toks, k - 1, k):
        k -= 1
    return k


def numbered(text: str, sp: Span, signs: frozenset[str]) -> Span:
    """A speaker known by a number ("Juror No. 8") with the number: ``sp`` read on
    over a numbering sign (``signs``: ``number-sign`` of ``name_words.tsv``) and its figure,
    or without a sign it ends on ("Juror No" before "8 said")."""
    words = text[sp.start:sp.end].split()
    if len(words) > 1 and key(words[-1]) in signs:
        sp = Span(sp.start, sp.end - len(words[-1]) - 1)
    m = _NUMBERED.match(text, sp.end)
    return Span(sp.start, m.end()) if m and key(m.group(1)) in signs else sp


_NUMBERED = re.compile(r"[ \u00a0]([^\W\d_][\w.]*)[ \u00a0]?\d+\b")  # " No. 8"


def tight(text: str, toks, a: int, b: int) -> bool:
    """Only spaces between tokens ``a`` and ``b`` (no comma, dash or quotation mark)."""
    return not text[toks[a].end:toks[b].start].strip()


def _belongs(toks, lo: int, first: int, text: str, ph: Phrase) -> int | None:
    """Where the noun phrase that ``toks[first:]`` belongs to starts, when a preposition
    ties it to a noun before it within ``toks[lo:]``: "a friend of | the actress" -> the
    token of "friend" ("mother of one of the victims", "people familiar with the
    matter", "a source close to the minister"); None when there is none, or when the
    noun is a title or a document ("a spokesman for the ministry": the ministry speaks; not
    counsel: "a lawyer for Jackson" is the lawyer)."""
    if toks[first].key in ph.relatives:
        return None  # "the fire in which he said": a relative pronoun belongs to no noun
    x = first
    while x > lo and toks[x - 1].key in ph.determiners and tight(text, toks, x - 1, x):
        x -= 1
    moved = False
    while x - 2 >= lo and toks[x - 1].key in ph.preps and tight(text, toks, x - 2, x - 1) and \
            tight(text, toks, x - 1, x) and text[toks[x - 2].start].islower() and \
            not toks[x - 2].key[:1].isdigit():
        x -= 2
        moved = True
    if not moved or (toks[x].key in ph.titles and toks[x].key not in ph.counsel) or toks[x].key in ph.documents \
            or toks[x].key in stop():
        return None
    if x - 1 >= lo and text[toks[x - 1].start].islower() and tight(text, toks, x - 1, x) and \
            toks[x - 1].key not in stop() and toks[x - 1].key not in ph.determiners and \
            not _counts(toks[x - 1].key, ph):
        x -= 1  # "people familiar with", "a close friend of"
    # the noun opens its phrase: an article or a number before it, or nothing in the clause
    # ("the rule change, which was unveiled in August": no noun, a verb)
    if x > 0 and tight(text, toks, x - 1, x) and toks[x - 1].key not in ph.determiners and \
            not _counts(toks[x - 1].key, ph):
        return None
    return x


def _counts(k: str, ph: Phrase) -> bool:
    return k[:1].isdigit() or k in ph.numbers


def name_in(toks, lo: int, hi: int, text: str, prefer_last: bool = True, dates=(), joins=(),
             phrase: Phrase | None = None):
    """The run of capitalised tokens in toks[lo:hi] nearest the verb; else a short noun
    phrase.  ``dates``: date words, which end a run ("Joe Coffey Monday"); ``joins``:
    lower-case words a run goes on over ("Secretary of State Antony Blinken").
    With ``phrase``, a run or phrase a preposition ties to a noun before it is that
    noun's: "a friend of Angelina Jolie" speaks as "friend of Angelina Jolie", "Dmitry
    Peskov of the Kremlin" as "Dmitry Peskov"."""
    runs: list[tuple[int, int]] = []
    k = lo
    while k < hi:
        if text[toks[k].start].isupper() and toks[k].key not in dates:
            s = k
            while k + 1 < hi and toks[k + 1].key not in dates and (
                    text[toks[k].end:toks[k + 1].start].strip() in ("", "-") or (  # "John S. Pritchard"
                        text[toks[k].end:toks[k + 1].start] == ". " and len(toks[k].key) == 1 and
                        text[toks[k].start].isupper())):
                if text[toks[k + 1].start].isupper():
                    k += 1
                elif toks[k + 1].key in joins and k + 2 < hi and text[toks[k + 2].start].isupper() and \
                        not text[toks[k + 1].end:toks[k + 2].start].strip():
                    k += 2
                else:
                    break
            runs.append((s, k + 1))
        k += 1
    stop_words = stop()
    if prefer_last and runs and runs[-1] == (hi - 1, hi) and toks[hi - 1].key in stop_words:
        runs = []  # "…, I wrote": a pronoun right before the verb speaks, not a name before it
    skip = stop_words if phrase is None else joined(stop_words, phrase.determiners, phrase.openers)
    runs = [r for r in runs if not all(toks[x].key in skip for x in range(*r))  # "The ministry said", "Another
            # neighbour said"
            and not (r[1] - r[0] == 1 and _PARTY_TAG.fullmatch(text[toks[r[0]].start:toks[r[0]].end]))
            and not (phrase is not None and r[1] < hi and text[toks[r[1]].start].islower()  # "an Egyptian blogger"
                     and all(toks[x].key in phrase.demonyms for x in range(*r)))
            and not (phrase is not None and r[1] < hi and "," in text[toks[r[1] - 1].end:toks[r[1]].start]
                     and _opening_place(toks, lo, r[0], text, phrase))]
    if runs:
        s, e = runs[-1] if prefer_last else runs[0]
        while e - s > 1 and toks[s].key in skip and not text[toks[s].start:toks[s].end].isupper():
            s += 1  # "But Professor Varoufakis says", "Ironically Nichols said" (not "US", "WHO")
        if phrase is not None and prefer_last:
            x = s
            while x > lo and toks[x - 1].key in phrase.determiners and tight(text, toks, x - 1, x):
                x -= 1
            if x - 2 >= lo and toks[x - 1].key in phrase.preps and tight(text, toks, x - 2, x - 1) and \
                    tight(text, toks, x - 1, x) and text[toks[x - 2].start].isupper():
                before = next((r for r in runs if r[1] == x - 1), None)
                if before is not None and e - s >= 3 and all(toks[y].key in phrase.titles for y in range(*before)):
                    before = None  # "Secretary of the Interior Dirk Kempthorne": a title, no speaker
                if before is not None:  # "Dmitry Peskov of the Kremlin": the person speaks
                    if before[1] - before[0] == 1 and toks[before[0]].key in phrase.org_heads:
                        return Span(toks[before[0]].start, toks[e - 1].end)  # "Ministry of the Interior"
                    return Span(toks[before[0]].start, toks[before[1] - 1].end)
            head = _belongs(toks, lo, s, text, phrase)
            if head is not None:  # "a friend of Angelina Jolie"
                return Span(toks[head].start, toks[e - 1].end)
        return Span(toks[s].start, toks[e - 1].end)
    if hi > lo:  # the last words before the verb, back to a comma or other mark
        s = max(lo, hi - 2)
        while s < hi - 1 and text[toks[s].end:toks[s + 1].start].strip(" -"):
            s += 1  # "the source, it said": "it" (but "a co - worker said")
        if phrase is not None:
            s = _belongs(toks, lo, s, text, phrase) or s  # "a friend of the actress said"
        words = [x for x in range(s, hi) if not toks[x].key[:1].isdigit()  # "from 1998 said": none
                 or (phrase is not None and toks[x].key.partition("-")[2] in phrase.ages)]  # "the 29-year-old"
        content = [x for x in words if toks[x].key not in stop_words]
        if content:  # "police have said" -> "police"; "through what" -> "what", a function word
            words = list(range(content[0], content[-1] + 1))
        if words:
            return Span(toks[words[0]].start, toks[words[-1]].end)
    return None


def _opening_place(toks, lo: int, first: int, text: str, ph: Phrase) -> bool:
    """Is the run of names opening at ``toks[first]`` (and closed by a comma) a place a capitalised
    locative opens ("In Washington, officials said", "At the White House, aides said")?"""
    x = first
    if toks[x].key in ph.locatives:
        return True
    while x > lo and toks[x - 1].key in ph.determiners:
        x -= 1
    return x > lo and toks[x - 1].key in ph.locatives and text[toks[x - 1].start].isupper()


def comma_subject(text: str, toks, vi: int, lang: str, stop_words: frozenset[str], joins: frozenset[str],
                   persons: frozenset[str]) -> Span | None:
    """Who speaks with the verb at ``toks[vi]`` after a comma, the words ``toks`` from the
    start of its sentence: a name and its apposition ("Gill Sandford, dean of the faculty,
    said:", "Speaking to reporters, Rajesh Chharia, president of the association, said:"), a
    description and the name ("Her spokesman, Bill McAllister, said,"), or the subject
    opening the sentence, a name the text gives or "he" or "she" ("Greek prime minister
    George Papandreou condemned the killings, saying"); None when the sentence holds a
    quotation before the verb or opens otherwise ("Police in Athens arrested a man, saying")."""
    if any(c in _MARKS for c in text[toks[0].start:toks[vi].start]):
        return None

    def capital(x: int) -> bool:
        return text[toks[x].start].isupper()

    def name(lo: int, hi: int) -> Span | None:
        """toks[lo:hi] when they are one name (capitalised words, a connector inside), without
        the function words before it ("But Richard Ben-Veniste")."""
        while lo < hi and toks[lo].key in stop_words:
            lo += 1
        hi = next((x for x in range(lo + 1, hi) if "(" in text[toks[x - 1].end:toks[x].start]), hi)  # "(D-W.Va.)"
        if hi <= lo or any(not capital(x) and toks[x].key not in joins for x in range(lo, hi)) or not capital(hi - 1):
            return None
        return Span(toks[lo].start, toks[hi - 1].end)

    commas = [x for x in range(1, vi + 1) if "," in text[toks[x - 1].end:toks[x].start]]
    if len(commas) >= 2:
        between = name(commas[-2], vi)  # "Her spokesman, Bill McAllister, said"
        if between is not None:
            return between
        said = {v[0] for v in verbs(lang)} | name_sets(lang, "relative")
        if not capital(commas[-2]) and not said.intersection(t.key for t in toks[commas[-2]:vi]):
            # "Gill Sandford, dean of the faculty, said" (not "Ann Lee, told reporters that …, saying")
            found = name(commas[-3] if len(commas) > 2 else 0, commas[-2])
            if found is None and len(commas) > 2 and commas[-1] == vi and commas[0] >= 2 and \
                    toks[0].key not in name_sets(lang, "preposition") | name_sets(lang, "locative") and \
                    all(b - a <= 4 for a, b in pairwise(commas[1:])) and \
                    not name_sets(lang, "relative").intersection(t.key for t in toks[commas[0]:vi]):
                # "But William L. Kovacs, the chamber's vice president of environment, technology and
                # regulatory affairs, said": an apposition with commas of its own
                found = name(0, commas[0])
            if found is None and commas[0] == 2 and toks[0].key in determiners(lang) and \
                    toks[1].key in phrase_words(lang).titles and not capital(1):
                found = Span(toks[1].start, toks[1].end)  # "The official, who was not authorized to speak, did say"
            return found
    # the subject opening the sentence, before the first run of lower-case words that no name
    # follows (its verb: "Beat writer Larry Holder puts this ..., saying")
    if not commas:
        return None
    x = k = 0
    while k < commas[0]:
        if capital(k) or toks[k].key in joins:
            k += 1
            continue
        x = k
        while k < commas[0] and not capital(k):
            k += 1
        if k == commas[0]:
            break
        x = 0
    if x == 1 and toks[0].key in persons:
        return Span(toks[0].start, toks[0].end)  # "He condemned the violence, saying": who "he" is
    sp = None
    if x and not any(toks[k].key in stop_words and not capital(k) for k in range(x)):
        lo = x
        while lo > 0 and (capital(lo - 1) or (toks[lo - 1].key in joins and lo > 1 and capital(lo - 2))):
            lo -= 1
        sp = name(lo, x)
        if sp is not None:
            names = text_names(text, lang)
            at = bisect_right(names, toks[x - 1].start, key=_start) - 1
            if at < 0 or names[at].span.end < toks[x - 1].end:
                sp = None  # "Writing in a blog" names no one
    if sp is None and len(commas) > 1:  # "On March 3, President Obama directed …, stating that"
        sp = opening_subject(text, toks[commas[0]:], commas[1] - commas[0], lang, stop_words, persons)
    return sp


def opening_subject(text: str, toks, end: int, lang: str, stop_words: frozenset[str],
                    persons: frozenset[str], described: Phrase | None = None) -> Span | None:
    """The subject opening a sentence (``toks`` from its start) before ``toks[end]``: "he" or
    "she", or a name the text gives, followed by a lower-case word ("It is also reissuing
    calls … and said", "Mozilla released a patch and said"); with ``described``, also a title
    after an article, a word before it at most ("The judge had advice …": "judge", for the caller
    to tie to a person; "A government official downplayed …"); None otherwise."""
    def capital(x: int) -> bool:
        return text[toks[x].start].isupper()

    if described is not None and end > 2 and toks[0].key in described.determiners:
        j = next((j for j in (1, 2) if j + 1 < end and toks[j].key in described.titles), 0)
        if j and not any(capital(x) or not tight(text, toks, x - 1, x) for x in range(1, j + 2)) and \
                toks[j + 1].key not in described.preps:
            return Span(toks[1].start, toks[j].end)
    k = 0
    while k < end and capital(k) and toks[k].key in stop_words and toks[k].key not in persons:
        k += 1  # "But Mozilla said"
    if k + 1 < end and toks[k].key in persons and not capital(k + 1):
        return Span(toks[k].start, toks[k].end)
    lo = k
    while k < end and capital(k) and (k == lo or not any(c in _MARKS for c in text[toks[k - 1].end:toks[k].start])):
        k += 1
    if k == lo or k >= end:
        return None
    names = text_names(text, lang)
    at = bisect_right(names, toks[k - 1].start, key=_start) - 1
    sp = Span(toks[lo].start, toks[k - 1].end)
    if at >= 0 and names[at].span.end == sp.end and names[at].span.start >= sp.start:
        return names[at].span  # a name here, without its titles ("President Obama")
    # else a name the text gives elsewhere ("Dorsey" opening a sentence)
    return sp if text[sp.start:sp.end] in _name_values(text, lang, generation()) else None


def _given_name_before(text: str, name: str) -> bool:
    """Does ``text`` write ``name`` (one word) after a capitalised word and a space ("Gail
    Fairman"): the regex ``(?<![\\w.])[A-Z][a-z]+ NAME\\b``, but looked for from each " NAME"
    (a literal, found by a fast scan), walking back over the word before it, not tried at
    every character of the text (a lookbehind first gives the regex engine no literal to find)."""
    for m in re.finditer(" " + re.escape(name) + r"\b", text):  # (no overlap: one space, the match's first)
        k = m.start()
        while k > 0 and "a" <= text[k - 1] <= "z":
            k -= 1
        c = k - 1  # the capital: one, right before the lower-case letters
        if k < m.start() and c >= 0 and "A" <= text[c] <= "Z" and (c == 0 or _WORD_OR_DOT.match(text, c - 1) is None):
            return True
    return False


_WORD_OR_DOT = re.compile(r"[\w.]")


def bare_person(text: str, sp: Span, table, ph: Phrase, titles: bool = True) -> Span:
    """A speaker's name without the titles before it ("Russian President Vladimir Putin" ->
    "Vladimir Putin", "US Secretary of State Antony Blinken", "Fulton County District Attorney
    Paul Howard") or the body whose person it is ("Microsoft's Christopher Budd" -> "Christopher
    Budd"; not "Moody's Investors Service", a body's head word after it); a lower-case word keeps
    them ("a lawyer for Jackson", "Putin's spokesman")."""
    got = window_tokens(text, sp.start, sp.end)  # the whole text's tokens, by bisection (most calls)
    st = tokens(text[sp.start:sp.end]) if got is None else shift_tokens(text_tokens(text)[got[0]:got[1]], -sp.start)
    keys = [t.key for t in st]
    if len(st) > 2 and after_title_of(text, sp.start, table, ph) and text[sp.start + st[1].start].isupper():
        return Span(sp.start + st[1].start, sp.end)  # "Secretary of the Interior Ken Salazar": no "Interior Ken Salazar"
    own = next((x + 1 for x in range(len(st) - 1) if keys[x].endswith(("'s", "\u2019s"))), 0)
    if own and text[sp.start + st[own].start].isupper() and not ph.org_heads.intersection(keys[own:]):
        return bare_person(text, Span(sp.start + st[own].start, sp.end), table, ph, titles)
    if not titles:  # (a name the text gives has its titles dropped already)
        return sp
    capitals = [text[sp.start + t.start:sp.start + t.end].isupper() for t in st]  # "GM", "ADA"
    cut = trim_titles(keys, table, capitals)
    if not cut:  # "US Secretary of State Antony Blinken", "Fulton County District Attorney Paul Howard"
        cut = person_after_title(keys, table, capitals=capitals)[1]
    if not cut and len(st) == 2 and capitals[0] and table[0].get((keys[0],)) == "title-abbr" and \
            _given_name_before(text, text[sp.start + st[1].start:sp.end]):
        cut = 1  # "says ADA Fairman" where the text names Gail Fairman (not "GM Korea")
    if 0 < cut < len(st) and text[sp.start + st[cut].start].isupper():
        return Span(sp.start + st[cut].start, sp.end)
    return sp


def after_title_of(text: str, start: int, table, ph: Phrase) -> bool:
    """Do a title and a preposition (and an article) stand right before ``start``: "Secretary of
    the |Interior Ken Salazar"?"""
    lo = max(0, start - 40)
    got = window_tokens(text, lo, start, tail=True)  # the last three words are read, at most
    if got is None or got[1] - got[0] < 3:  # (too few whole words in the window: its own tokens)
        before = [t.key for t in tokens(text[lo:start])]
    else:  # the whole text's keys: no window tokenised again (most calls)
        before = text_keys(text)[got[0]:got[1]]
    k = len(before) - 1
    if k >= 0 and before[k] in ph.determiners:
        k -= 1
    return k >= 1 and before[k] in ph.preps and table[0].get((before[k - 1],)) == "title" and \
        text[start - 1:start] == " "


def is_described(text: str, sp: Span, table) -> bool:
    """Is the speaker at ``sp`` described, not named: in lower case ("judge", "29-year-old") or
    titles only ("District Attorney", "Prime Minister")?"""
    if not text[sp.start].isupper():
        return True
    got = window_tokens(text, sp.start, sp.end)  # the whole text's keys, by bisection (most calls)
    keys = list(text_keys(text)[got[0]:got[1]]) if got is not None else [t.key for t in tokens(text[sp.start:sp.end])]
    return bool(keys) and trim_titles(keys, table) == len(keys) and all(table[0].get((k,)) != "demonym" for k in keys)


def lead_in(text: str, start: int, lang: str, stop_words: frozenset[str], persons: frozenset[str],
            said: frozenset[str], between: frozenset[str], described: Phrase | None = None) -> Span | None:
    """Who speaks a quotation opening a sentence at ``start`` with no attribution of its own,
    when the sentence right before it (in its paragraph or the one before) opens with its
    subject and a verb of saying (``said``): "Dorsey said the shooting would be hard on
    everyone.¶“We're like family here.”", "She later added that …"; the subject, a name the
    text gives or "he" or "she" (or with ``described``, "the director", or the source of a document:
    "A statement from Waitrose said …¶“…,” it added").  ``between``: the words that may not stand
    between them ("Dorsey and Lee said", "Dorsey was told")."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if text[end:start].count("\n") > 2 or end == 0 or text[end - 1] not in ".!?":
        return None
    lo = end - 1
    while lo > 0 and end - lo < 400 and text[lo - 1] not in "\n“”\"«»" and not (
            text[lo - 1] in ".!?" and text[lo:lo + 1].isspace() and not abbreviation_dot(text, lo - 1)):
        lo -= 1
    if lo > 0 and text[lo - 1] not in ".!?\n":
        return None  # a quotation in the sentence before
    toks = words_of(text, lo, end)
    subject = opening_subject(text, toks, len(toks), lang, stop_words, persons, described)
    if subject is None and described is not None and len(toks) > 3 and toks[0].key in described.determiners and \
            toks[2].key in said and text[toks[1].start].islower() and toks[1].key not in stop_words and \
            toks[1].key not in described.documents and tight(text, toks, 0, 1) and tight(text, toks, 1, 2):
        return Span(toks[1].start, toks[1].end)  # "The police said the road was closed.¶“…”"
    if subject is None and described is not None and len(toks) > 3 and toks[0].key in described.determiners \
            and toks[1].key in described.documents:
        k = next((x for x in range(2, min(len(toks), 10)) if toks[x].key in said), None)
        src = document_source(text, toks[1].end, described) if k is not None else None
        return src if src is not None and src.end <= toks[k].start else None
    k = next((x for x in range(len(toks)) if subject is not None and toks[x].start >= subject.end), None)
    if k is None or (toks[k].key not in said and not (k + 1 < len(toks) and toks[k + 1].key in said and
                                                     not text[toks[k].start].isupper() and toks[k].key not in between)):
        return _closing_attribution(text, toks, lang, said)  # neither "Dorsey said" nor "Dorsey later said"
    return subject


def announcer(text: str, start: int, lang: str, stop_words: frozenset[str], persons: frozenset[str], ph: Phrase,
              possessives: frozenset[str]) -> Span | None:
    """Whose words a quotation opening its paragraph at ``start``, with no attribution of its
    own, are when the paragraph before ends with a sentence announcing a document ("Governor
    Palin visited the church and her office later released a statement.¶“…”"): that sentence's
    subject (:func:`opening_subject`), or a possessive pronoun opening it ("Her office released a
    statement.": ``possessives``, for the caller to resolve); None otherwise."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if not 0 < text.count("\n", end, start) <= 2 or text[end - 1:end] != ".":
        return None
    lo = end - 1
    while lo > 0 and end - lo < 400 and text[lo - 1] not in "\n“”\"«»!?" and not (
            text[lo - 1] == "." and text[lo:lo + 1].isspace() and not abbreviation_dot(text, lo - 1)):
        lo -= 1
    if lo > 0 and text[lo - 1] not in ".!?\n":
        return None  # a quotation in the sentence
    toks = words_of(text, lo, end - 1)
    if len(toks) < 4 or toks[-1].key not in ph.documents or toks[-2].key not in ph.determiners:
        return None
    if toks[0].key in possessives and text[toks[1].start].islower():
        return Span(toks[0].start, toks[0].end)
    return opening_subject(text, toks, len(toks), lang, stop_words, persons)


def _closing_attribution(text: str, toks, lang: str, said: frozenset[str]) -> Span | None:
    """The name that a sentence's last clause gives as its speaker ("The old warehouse was battered on
    the outside, Ingaldson said.", "…, said Ingaldson."): a name the text gives, after the last comma."""
    c = next((x for x in range(len(toks) - 1, 0, -1) if "," in text[toks[x - 1].end:toks[x].start]), None)
    if c is None or not 2 <= len(toks) - c <= 4:
        return None
    rest = toks[c:]
    run = rest[:-1] if rest[-1].key in said else rest[1:] if rest[0].key in said else []
    if not run or not all(text[t.start].isupper() for t in run):
        return None
    sp = Span(run[0].start, run[-1].end)
    return sp if text[sp.start:sp.end] in _name_values(text, lang, generation()) else None


def sentence_subject(text: str, at: int, lang: str, stop_words: frozenset[str], persons: frozenset[str]) -> Span | None:
    """The subject opening the sentence that goes on to ``at`` (:func:`opening_subject`: a name
    or "he" or "she"), that sentence read back at most ``_SENTENCE_CHARS``: "Judge Philip Hickok
    told a packed courtroom that …, and he concluded" -> "Philip Hickok"."""
    lo = at
    while lo > 0 and at - lo < _SENTENCE_CHARS and text[lo - 1] not in "\n!?" and not (
            text[lo - 1] == "." and text[lo:lo + 1].isspace() and not abbreviation_dot(text, lo - 1)):
        lo -= 1
    if lo > 0 and text[lo - 1] not in ".!?\n":
        return None  # the sentence starts further back
    toks = words_of(text, lo, at)
    return opening_subject(text, toks, len(toks), lang, stop_words, persons) if toks else None


_SENTENCE_CHARS = 600  # the furthest back a sentence's subject is looked for


def speaker_label(text: str, start: int, end: int, lang: str) -> Span | None:
    """The speaker a transcript's or a headline's label names: a paragraph opening with a
    name and a colon right before a quotation (``text[start:end]``: "Haldeman: “Yes,
    sir.”", "Peter Lynch/Timmons' Attorney: “…”", "OBAMA: “…”"), the name without the role
    after a slash, a comma or a parenthesis; only a name the text gives elsewhere too (by
    its last word: "H.R. Haldeman"), so that "Q:" or "Update:" names no one."""
    head = text[start:end].rstrip()
    if not head.endswith(":"):
        return None
    head = head[:-1]
    cut = _LABEL_ROLE.search(head)
    if cut:
        head = head[:cut.start()]
    toks = tokens(head)
    joins = name_sets(lang, "connector")
    stop_words = stop()
    if not 1 <= len(toks) <= _LABEL_WORDS or len(toks[-1].key) < 2 or not head[toks[-1].start].isupper() or any(
            t.key not in joins and (not head[t.start].isupper() or t.key in stop_words) for t in toks):
        return None
    last = toks[-1].key
    for n in text_names(text, lang):
        if not start <= n.span.start < end and n.match.rsplit(" ", 1)[-1] == last:
            return Span(start + toks[0].start, start + toks[-1].end)
    return None


_LABEL_ROLE = re.compile(r"\s*[/(,]|\s[-–—]\s")  # "Peter Lynch/Timmons' Attorney", "Lynch (defence)"
_LABEL_WORDS = 4  # the most words of a label's name


def is_document(text: str, sp: Span, lang: str, table=None) -> bool:
    """"the statement said": a lowercase document noun is not a speaker."""
    toks = words_of(text, sp.start, sp.end)
    if not toks:
        return False
    last = toks[-1]
    if text[last.start].isupper():
        return False  # "The Washington Post said"
    return (table or name_table(lang))[0].get((last.key,)) == "document"


def shift_tokens(toks, by: int) -> list[Token]:
    """``toks`` (a window's tokens) with their offsets ``by`` further on (a ``Token`` made
    directly, by ``tuple.__new__``: ``_replace``, or NamedTuple's ``__new__`` in Python, costs
    several times as much)."""
    return [_new(Token, (k, s + by, e + by)) for k, s, e in toks]


def words_of(text: str, lo: int, hi: int) -> list[Token]:
    """The tokens of ``text[lo:hi]`` with offsets into ``text``: the whole text's cached
    tokens, by bisection, when no word crosses ``lo`` or ``hi`` (the same tokens), else the
    window's own."""
    got = window_tokens(text, lo, hi)
    return list(text_tokens(text)[got[0]:got[1]]) if got is not None else shift_tokens(tokens(text[lo:hi]), lo)


def word_before(text: str, pos: int) -> str:
    """The key of the word right before ``pos``, a space apart ("the" in "the judge")."""
    if pos >= 0 and not (pos >= 2 and text[pos - 1] == " " and text[pos - 2].isalpha()):
        return ""  # (no letter and space right before: no word is read)
    lo = max(0, pos - 16)
    got = window_tokens(text, lo, pos, tail=True) if pos > 0 else None  # the last word is read
    if got is None or got[0] == got[1]:  # (no whole word in the window: its own tokens)
        toks = tokens(text[lo:pos])
        return toks[-1].key if toks and text[pos - 1] == " " and text[pos - 2:pos - 1].isalpha() else ""
    return text_keys(text)[got[1] - 1] if text[pos - 1] == " " and text[pos - 2:pos - 1].isalpha() else ""


def document_source(text: str, end: int, ph: Phrase, agents: frozenset[str] = frozenset()) -> Span | None:
    """The name a preposition ties to a document ending at ``end``, in its clause: "said an
    editorial in the daily Eleftheros Typos", "said a statement from the Kremlin" (or ``agents``:
    "a statement by Ann Lee")."""
    clause = re.match(r"[^,.;:!?\n“”\"«»]*", text[end:end + 120]).group()
    toks = tokens(clause)
    if not toks or toks[0].key not in ph.preps | agents:
        return None
    runs = [k for k in range(1, len(toks)) if clause[toks[k].start].isupper()]
    if not runs:
        return None
    s = e = runs[0]  # the first name: "from the Kremlin press office on Monday"
    while e + 1 in runs and tight(clause, toks, e, e + 1):
        e += 1
    return Span(end + toks[s].start, end + toks[e].end)


def document_voice(text: str, pos: int, lang: str, table, quoted: tuple[Span, ...]) -> Span | None:
    """Whose voice a document is ("“…,” the statement said" at ``pos``): the nearest name,
    in the paragraph of ``pos`` or the one before (400 characters at most) and not in a
    quotation (``quoted``), that is named as the document's source - in a sentence that
    names a document ("The White House released a readout") or right before a verb of
    saying ("…, France Telecom said"); in a sentence naming a document, the name before
    its verb of saying, else its first name; else no one (not the last speaker: a
    statement is no person's continuing words)."""
    lo = text.rfind("\n", 0, pos)
    while lo > 0 and text[lo - 1].isspace():
        lo -= 1  # back past blank lines, to the end of the paragraph before
    lo = max(text.rfind("\n", 0, max(lo, 0)) + 1, pos - 400)
    window = text[lo:pos]  # tokenised here: a window must not push whole articles out of the token cache
    wt = tuple(tokens(window))
    documents = {k[0] for k, kind in table[0].items() if kind == "document" and len(k) == 1}
    said = {v[0] for v in verbs(lang)}
    ends = [0, *(m.end() for m in _CLAUSE_RE.finditer(window)), len(window)]
    names = text_names(text, lang)  # the whole text's: a word opening a sentence is a name as the text writes it
    first = bisect_left(names, lo, key=_start)
    def said_after(e: int) -> bool:
        return next((t.key for t in wt if t.start >= e), "") in said

    upto = bisect_right(names, pos, lo=first, key=_start)  # (a name starting after ``pos`` ends after it)
    candidates = [(it.span.start - lo, it.span.end - lo) for it in names[first:upto]
                  if it.span.end - lo <= len(window) and not any(q.start <= it.span.start < q.end for q in quoted)]
    for s, e in reversed(candidates):
        if said_after(e):
            return Span(s + lo, e + lo)
        k = bisect_right(ends, s) - 1
        if documents.intersection(t.key for t in wt if ends[k] <= t.start < ends[k + 1]):
            # a sentence naming a document: its source is the name before its verb of saying
            # ("In a statement, the White House said Biden … of the US"), else its first name
            # ("Moscow issued a statement about Kyiv"), not the name nearest the quotation
            inside = [(a, b) for a, b in candidates if ends[k] <= a < ends[k + 1]]
            a, b = next(((a, b) for a, b in inside if said_after(b)), inside[0])
            return Span(a + lo, b + lo)
    return None


_CLAUSE_RE = re.compile(r"[.!?](?=\s)|\n")


def subject_at(text: str, base: int, toks, vi: int, persons: frozenset[str], relatives: frozenset[str],
                fillers: frozenset[str]) -> bool:
    """Does the verb at ``toks[vi]`` (offsets from ``base``) follow its subject or a comma: a
    name or "he" right before it ("Clark told a House hearing that …", "Kempthorne said, adding
    that …", "He also said": ``fillers``, the function words between), not a relative clause's ("in
    which she said") nor a noun's ("the star said")?"""
    if vi == 0:
        return False
    gap = text[base + toks[vi - 1].end:base + toks[vi].start]
    if "," in gap:
        return True
    if vi >= 2 and toks[vi - 1].key in fillers and toks[vi - 2].key in persons and \
            text[base + toks[vi - 2].end:base + toks[vi - 1].start] == " ":
        vi -= 1  # "He also said that …"
    k = toks[vi - 1].key
    return not gap.strip() and (text[base + toks[vi - 1].start].isupper() or k in persons) and not (
        vi >= 2 and toks[vi - 2].key in relatives)


def title_dot(text: str, dot: int, table) -> bool:
    """Does the "." at ``dot`` close the first word of an abbreviated title the next word ends
    ("Dist. Atty.": ``title`` terms of ``name_words.tsv`` written with their dots)?"""
    m = _DOTTED.match(text, dot + 1)
    if m is None:
        return False
    lo = dot
    while lo > 0 and text[lo - 1].isalpha():
        lo -= 1
    return table[0].get((key(text[lo:dot]), key(m.group(1)[:-1]))) == "title"


_DOTTED = re.compile(r" ([A-Z][a-z]*\.)")  # the next word, abbreviated: " Atty."


def object_of(text: str, toks, sp: Span, lo: int, dets: frozenset[str], function: frozenset[str]) -> bool:
    """Is the description ``sp`` (a noun found right before a verb of saying, ``toks`` from
    ``lo`` on) the object of a verb before it ("downplayed the unrest saying"): an article
    before it, and before that a lower-case word that is no function word (``function``: "as
    the spokesman said", "of the ministry") or figure?"""
    if text[sp.start].isupper():
        return False
    x = next((k for k in range(lo, len(toks)) if toks[k].start == sp.start), None)
    if x is None or x - 2 < lo or toks[x - 1].key not in dets or not tight(text, toks, x - 2, x - 1) \
            or not tight(text, toks, x - 1, x):
        return False
    k = toks[x - 2].key
    return text[toks[x - 2].start].islower() and k not in function and k not in dets and not k[:1].isdigit()
