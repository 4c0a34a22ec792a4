"""The attributions read in the words after a quotation: the first verb of saying after it
(:func:`find_verb`), one further than seven words after it when the words before it are a
speaker's phrase (:func:`late_verb`: "the mother of one of the victims said"), and the
attribution ending the sentence when more of its words follow the quotation
(:func:`final_attribution`: "“…” to this risk, Strauss-Kahn said").
:mod:`~parallax.reader.facts.quotes` calls these on the tokens after each quotation.
"""

from __future__ import annotations

import re

from parallax.reader.facts.marks import CLOSER_RE, CLOSERS, OPENER_RE
from parallax.reader.facts.speakers import Phrase, name_in, owned, words_of
from parallax.reader.facts.tables import unspaced
from parallax.reader.model import Span
from parallax.reader.text.keys import tokens

__all__ = [
    "ADJUNCT_WORDS",
    "AFTER_VERB",
    "LATE_VERB",
    "SENTENCE_REST",
    "adjuncts",
    "final_attribution",
    "find_verb",
    "join_words",
    "late_verb",
    "verb_lengths",
]


def verb_lengths(verbs: dict[tuple[str, ...], str]) -> tuple[int, ...]:
    """Verb lengths in tokens, longest first ("明らかにし" is five)."""
    return tuple(sorted({len(k) for k in verbs}, reverse=True)) or (1,)


def find_verb(words: list[str], verbs: dict[tuple[str, ...], str],
              lengths: tuple[int, ...] | None = None, firsts: frozenset[str] | None = None) -> tuple[int, int, str] | None:
    """The first attribution verb in ``words``: (start, length, stance); ``lengths``:
    :func:`verb_lengths` of ``verbs`` when the caller has them; ``firsts``: the first words
    of ``verbs`` when the caller has them (no verb starts at any other word)."""
    if lengths is None:
        lengths = verb_lengths(verbs)
    for i in range(len(words)):
        if firsts is not None and words[i] not in firsts:
            continue
        for ln in lengths:
            v = tuple(words[i:i + ln])
            if len(v) == ln and v in verbs:
                return i, ln, verbs[v]
    return None


def join_words(words: list[str]) -> str:
    """Words as written: with spaces, or without in Chinese and Japanese ("表示")."""
    return ("" if all(unspaced(w[:1]) for w in words) else " ").join(words)


_GAP_MARK = re.compile(r"[^\w\s,’'\-]")  # a mark no speaker's phrase holds between its words (compiled once)


def late_verb(text: str, qe: int, atoks, late: tuple[int, int, str] | None, ph: Phrase,
               joins: frozenset[str], dots: list[int]) -> tuple[tuple[int, int, str] | None, int | None]:
    """An attribution verb further than seven words after a quotation ending at ``qe``,
    kept when the words before it are a speaker's phrase: a noun tied to others by
    prepositions, no comma ("the mother of one of the victims said"), a name with its body
    and titles before it ("California Department of Alcohol and Drug Program deputy
    director Millicent Tidwell told"; ``joins``: the lower-case words inside names), or a
    name and its apposition between commas ("Ann Lee, a spokeswoman for the ministry,
    said", "James Steele, chief of the fire department, told", "Ben Bradlee, who oversaw
    the stories, said"); then also where the name ends (else None).  ``dots``: the
    abbreviations' dots after the quotation ("the Rev. Larry Kroon of the church told")."""
    if late is None or late[0] < 7:
        return None, None
    vi = late[0]
    gaps = [text[qe + atoks[k - 1].end:qe + atoks[k].start] for k in range(1, vi + 1)]
    commas = [k for k, g in enumerate(gaps, start=1) if "," in g]
    gaps = [g.replace(".", "", 1) if qe + atoks[k].end in dots else g for k, g in enumerate(gaps)]
    if any(map(_GAP_MARK.search, gaps)):
        return None, None
    keys = [t.key for t in atoks[:vi]]
    capital = [text[qe + t.start].isupper() for t in atoks[:vi]]
    if not commas and vi < _LATE_PHRASE:
        if not capital[0] and ph.preps.intersection(keys):
            return late, None
        if capital[-1] and capital[-2] and all(c or k in joins or k in ph.titles for c, k in zip(capital, keys, strict=True)):
            return late, None  # "… deputy director Millicent Tidwell told"
    if len(commas) == 2 and commas[1] == vi and \
            all(c or k in ph.preps for c, k in zip(capital[:commas[0]], keys[:commas[0]], strict=True)) and \
            (keys[commas[0]] in ph.determiners or (sum(capital[:commas[0]]) >= 2 and (
                not capital[commas[0]] or text[qe + atoks[commas[0]].end - 2:qe + atoks[commas[0]].end] in ("'s", "’s")))):
        # "Ann Lee, a spokeswoman …, said", "James Steele, chief of …, told", "Jonathan Wright, Interoute's director …, said"
        return late, commas[0]
    return None, None


_LATE_PHRASE = 14  # the most words of a speaker's phrase without commas before a late verb
LATE_VERB = 20  # the furthest word a verb after a quotation is looked for at ("…,” Ben Bradlee, who
# oversaw almost 400 stories on Watergate as the paper's executive editor, said)
AFTER_VERB = 8  # the most words of a speaker's phrase after the verb ("said Trend Micro
# advanced threat researcher Paul Ferguson")

def final_attribution(text: str, qe: int, verb_table: dict[tuple[str, ...], str], lengths: tuple[int, ...],
                       stop_words: frozenset[str], connectors: frozenset[str], phrase: Phrase,
                       weekdays: frozenset[str], relatives: frozenset[str],
                       firsts: frozenset[str] | None = None) -> tuple[str, str, Span] | None:
    """The attribution ending the sentence of a quotation ending at ``qe`` that more of the
    sentence's words follow: a clause after a comma that opens with a verb of saying and its
    speaker ("“…” between Europe and the Middle East, said Sanjeev Gaur, director of …") or
    with a speaker of a few words and the verb ("“…” scenario by the Red Sox, a source said",
    "“…” to this risk, Strauss-Kahn said in an interview"; a few words after the verb, no
    clause: ``relatives``), the name before it when the phrase describes it ("“…,” Robert
    McFarlane, an assistant attorney general said"); (verb, stance, speaker) or None.
    The caller makes sure the sentence gives the words to no one before the quotation."""
    m = SENTENCE_REST.match(text, qe)
    if m is None:
        return None
    end = m.end()
    c = qe - 1
    while (c := text.find(",", c + 1, end)) >= 0:  # each comma of the sentence's rest
        start = c + 1
        while start < end and (text[start].isspace() or text[start] in CLOSERS):
            start += 1  # `… for years, " EU Commissioner Olli Rehn said`: past the last quotation's mark
        if OPENER_RE.search(text, start, end) or CLOSER_RE.search(text, start, end):
            continue  # a quotation after it has the attribution
        toks = words_of(text, start, end)
        keys = [t.key for t in toks]
        found = find_verb(keys[:_FINAL_SUBJECT + 1], verb_table, lengths, firsts)
        if found is None:
            continue
        vi, vl, stance = found
        if any(text[toks[x - 1].end:toks[x].start].strip(" -") for x in range(1, vi + vl)):
            continue  # the speaker's words are one phrase, no comma or mark inside
        if vi == 0:  # "said Sanjeev Gaur, director of …": up to a comma or a function word
            stop_at = vl
            while stop_at < len(toks) and stop_at < vl + AFTER_VERB and keys[stop_at] not in stop_words and \
                    not (stop_at > vl and "," in text[toks[stop_at - 1].end:toks[stop_at].start]):
                stop_at += 1
            sp = name_in(toks, vl, stop_at, text, dates=weekdays, phrase=phrase)
        elif (text[toks[0].start].isupper() or keys[0] in phrase.determiners) and \
                len(toks) - vi - vl <= ADJUNCT_WORDS and not relatives.intersection(keys[vi + vl:]):
            # "a source said", "EU Commissioner Olli Rehn said in an interview" (not "and there's no
            # timeframe, they said", nor "In his book, “…,” published later, Woodward wrote that he …")
            sp = owned(toks, vi, text, name_in(toks, 0, vi, text, joins=connectors, phrase=phrase))
            before = [t for t in tokens(text[qe:c])]
            if sp is not None and keys[0] in phrase.determiners and before and \
                    all(text[qe + t.start].isupper() for t in before) and not any(
                    text[qe + before[x - 1].end:qe + before[x].start].strip(" -") for x in range(1, len(before))):
                # "“…,” Robert McFarlane, an assistant state attorney general said Tuesday": the name
                sp = Span(qe + before[0].start, qe + before[-1].end)
        else:
            continue
        if sp is not None:
            return join_words(keys[vi:vi + vl]), stance, sp
    return None


def adjuncts(keys: list[str], end: str, weekdays: frozenset[str], places: frozenset[str],
              clauses: frozenset[str]) -> bool:
    """Are ``keys``, the words after an attribution verb up to ``end`` (the character that ends
    the attribution), only what may end a sentence after it: nothing, a weekday ("said
    Monday"), or a few words opening with a preposition up to the sentence's end ("said in a
    statement", "said on Tuesday"; ``places``: "in", "at"; not "believed her story" or "believed
    to have helped"), none that opens a
    clause or says (``clauses``)?"""
    if not keys or (all(k in weekdays or k == "on" for k in keys[:2]) and len(keys) <= 2):
        return True
    return end in (".", "") and len(keys) <= ADJUNCT_WORDS and (keys[0] in weekdays or keys[0] in places
                                                                 or keys[0] == "on") \
        and not clauses.intersection(keys)


ADJUNCT_WORDS = 10  # the most words after an attribution verb ending its sentence ("said in an interview
# in French newspaper Le Parisien Wednesday")
_FINAL_SUBJECT = 6  # the most words of a speaker's phrase before the verb in a sentence's last clause



SENTENCE_REST = re.compile(r"[^\n]{0,300}?(?:[.!?](?=\s)|$)", re.M)
