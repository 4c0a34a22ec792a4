"""Quotations: text between paired quotation marks, with the speaker and the verb.

:func:`~parallax.reader.facts.marks.quote_spans` finds the quotations (the unambiguous pairs of
:data:`parallax.reader.text.segment.QUOTE_PAIRS`, straight double quotes, and single
curly quotes told from apostrophes), none crossing a line break: a quotation that goes on
over paragraphs (one opened and not closed, the next paragraph opening with a quotation
mark again) comes in parts, one a paragraph (:func:`~parallax.reader.facts.marks.quote_parts`; in text written one
sentence a line, the lines with no mark between its opening and a line that opens or
closes it again are parts too), and the speaker of any part speaks them all.
:func:`find_quotes` finds who speaks and the attribution verb
(``attribution.tsv``): after the quotation ("…,” White House press secretary Jen
Psaki said", "…, said Psaki"), or before it in the same sentence ("Peskov told
reporters that “…”", or in the paragraph before when that ends with a colon: "Andrew
Wetzler was blunt:¶“…”"; not after a passive verb, "was described as “…”", or a relative pronoun,
"a letter … that reads, “…”"; after a passive verb the agent speaks: "the man described by
The New York Times as “…”"); after the verb the speaker is the last name before a comma or
a function word ("said Microsoft spokesman Frank Shaw"), and an abbreviation's dot
does not end the attribution ("Lt. Gregg Hastings said"); a noun that a preposition
(``preposition`` in ``name_words.tsv``) ties to what follows speaks, not what follows
("a friend of the actress", "Dmitry Peskov of the Kremlin"), unless it is a title or a
document ("a spokesman for the ministry" is the ministry's voice), and a name's
apposition may stand between it and the verb ("Ann Lee, a spokeswoman for the
ministry, said"); "he" or "she" (``person`` in ``name_words.tsv``) is the person last
named in its paragraph or the one before ("The pastor, Larry Kroon, declined. “…,” he
said"; not a place, a body or a name inside a quotation), unless the last speaker was
named since (not a street, ``place-head``, nor a name the pronoun governs in its sentence); a verb
before the quotation counts within 14 words, or further back right after its subject or a comma
("Clark told a House hearing on … that “…”"); "the judge", "the District Attorney" or "the
29-year-old" (after ``definite``) is the person the text gave that title or age (:func:`~parallax.reader.facts.antecedents.epithet`), else stays a
description; "the company" or "the paper" is the body the text tied that word to
(:func:`~parallax.reader.facts.antecedents.body`: "software giant Microsoft"), or the one body
that opens sentences of the text and is said to say things ("Microsoft has said …"), else
stays a description; another pronoun speaker (``pronoun``: "it added") is the subject of the sentence
before when that says something ("A statement from Waitrose said …"), else the last named speaker; a
quotation right after another's attribution, with none of its own, goes on with that speaker
(“…,” Manning said. “We just keep fighting.”), and one opening a sentence right after its
speaker's own words speaks with them ("Dorsey said the shooting was hard on everyone.
“We're like family here.”", "…, Ingaldson said.¶“…”"); a paragraph opening with a name and a colon
right before a quotation is a transcript's label (:func:`~parallax.reader.facts.speakers.speaker_label`:
"Haldeman: “Yes, sir.”", not "Q:"); a document ("the statement said")
speaks for the source it names ("a statement from the Kremlin", "an editorial in
Eleftheros Typos") or the nearest name the text gives as a source before it ("The White
House released a readout", "…, France Telecom said"), else for no one.  Titles, an owner and opening
function words are dropped from a speaker ("Russian President Vladimir Putin" speaks as "Vladimir Putin",
"Microsoft's Christopher Budd" as "Christopher Budd", "But Professor Varoufakis" as "Varoufakis"), and a
speaker named by a short form is given the full name the text uses ("Peskov" -> "Dmitry Peskov"; a
surname the text gives two people keeps its short form unless the longest name is also the first
given), so that one person is one voice.  :func:`link_speakers` does the same across two sides.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.facts.antecedents import (
    SENTENCE_END,
    Known,
    antecedent,
    body,
    epithet,
    known_speaker,
)
from parallax.reader.facts.clauses import (
    AFTER_VERB,
    LATE_VERB,
    SENTENCE_REST,
    adjuncts,
    final_attribution,
    find_verb,
    join_words,
    late_verb,
    verb_lengths,
)
from parallax.reader.facts.marks import CLOSER_RE, CLOSERS, OPENER_RE, quote_parts, quote_spans
from parallax.reader.facts.names import canonical_names, name_key, text_names
from parallax.reader.facts.scripts import speaker_after_verb, topic_speaker, unspaced_speaker
from parallax.reader.facts.speakers import (
    after_title_of,
    announcer,
    bare_person,
    before_adverbs,
    comma_subject,
    document_source,
    document_voice,
    is_described,
    is_document,
    lead_in,
    name_in,
    numbered,
    object_of,
    opening_subject,
    owned,
    phrase_goes_on,
    phrase_words,
    sentence_subject,
    shift_tokens,
    speaker_label,
    subject_at,
    tight,
    title_dot,
    word_before,
)
from parallax.reader.facts.tables import (
    caseless,
    date_words,
    determiners,
    joined,
    name_sets,
    name_table,
    naming_verbs,
    stop,
    unspaced,
    verb_nouns,
    verbs,
)
from parallax.reader.model import Article, Span
from parallax.reader.text.keys import (
    key,
    text_keys,
    text_starts,
    text_tokens,
    tokens,
    window_tokens,
)
from parallax.reader.text.lexicon import generation, language_of
from parallax.reader.text.segment import abbreviation_dot

__all__ = ["Quote", "find_quotes", "link_speakers", "quote_parts", "quote_spans"]


class Quote(NamedTuple):
    span: Span  # with the quotation marks (a part going on over lines has no opening mark)
    inner: Span
    speaker: str | None
    speaker_span: Span | None
    verb: str | None
    stance: str | None
    words: int


def find_quotes(article: Article | str, /) -> list[Quote]:
    """Direct quotations with speaker and attribution verb (when the text says)."""
    text = article if isinstance(article, str) else article.text
    lang = None if isinstance(article, str) else article.language
    return list(_find_quotes(text, language_of(lang), generation()))


def _full_names(text: str, lang: str, quotes: list[Quote]) -> list[Quote]:
    """Speakers named by a short form get the full name the text uses ("Peskov" ->
    "Dmitry Peskov" where the text names Dmitry Peskov)."""
    speakers = {q.speaker for q in quotes if q.speaker}
    if not speakers:
        return quotes
    shown: dict[str, str] = {}
    first: dict[str, int] = {}  # where the text first gives each name (read when asked)
    table, phrase = name_table(lang), phrase_words(lang)
    tying = phrase.preps | phrase.determiners  # (one set for the text, not one a name)
    names = text_names(text, lang)
    for it in names:
        if len(it.value) > len(shown.get(it.match, "")):
            shown[it.match] = it.value
            if "'" in it.value or "\u2019" in it.value or (  # "Microsoft's Christopher Budd", "Secretary of the
                    (word_before(text, it.span.start) in tying)  # Interior Ken Salazar"
                    and after_title_of(text, it.span.start, table, phrase)):
                sp = bare_person(text, it.span, table, phrase, titles=False)
                shown[it.match] = it.value if sp == it.span else " ".join(text[sp.start:sp.end].split())
    keys = {s: name_key(s, lang) for s in speakers}
    canon = canonical_names(set(shown) | set(keys.values()))
    by_last: dict[str, set[str]] = {}
    for m in shown:
        if " " in m:
            by_last.setdefault(m.rsplit(" ", 1)[-1], set()).add(canon.get(m, m))
    full = {}
    for s, k in keys.items():
        c = canon.get(k, k)
        found = by_last.get(k, set()) if " " not in k else set()
        if len(found) > 1 and not first:
            for it in names:
                first.setdefault(it.match, it.span.start)
        if len(found) > 1 and min(found, key=lambda x: first.get(x, len(text)))[:1] != c[:1]:
            # "Gomes" where the text names Gary Gomes, then his mother Catherine Gomes: the full name only when the
            # longest is also the first given (or one with its initial: "W. Mark Felt", "William Mark Felt"),
            # else the short form (either may be meant)
            c = k
        if c != k and c in shown:
            full[s] = shown[c]
    return [q._replace(speaker=full.get(q.speaker, q.speaker)) for q in quotes]


def link_speakers(left: list[Quote], right: list[Quote], /, *, lang: str = "en") -> tuple[list[Quote], list[Quote]]:
    """Both sides' quotations with one name per speaker across the sides: a short form on
    one side ("Peskov") takes the full name the other side uses ("Dmitry Peskov")."""
    # in a fixed order: of two spellings of one length ("Yuri" / "Yury Ushakov") the same is
    # shown in every process (a set's order changes with the process's string hashing)
    speakers = sorted({q.speaker for q in left + right if q.speaker})
    keys = {s: name_key(s, lang) for s in speakers}
    shown: dict[str, str] = {}
    for s, k in keys.items():
        if len(s) > len(shown.get(k, "")):
            shown[k] = s
    canon = canonical_names(set(keys.values()))
    full = {s: shown[canon.get(k, k)] for s, k in keys.items()}
    return ([q._replace(speaker=full.get(q.speaker, q.speaker)) for q in left],
            [q._replace(speaker=full.get(q.speaker, q.speaker)) for q in right])


@lru_cache(maxsize=16)
def _words(lang: str, _gen: tuple) -> tuple:
    """The word tables :func:`_find_quotes` reads in ``lang``, made once per lexicon generation
    (``_gen``), not once a text (the first words of the verbs, the weekdays and the determiners
    are each a scan of a whole table)."""
    verb_table = verbs(lang)
    said = frozenset(v[0] for v in verb_table)  # the first words of verbs of saying
    lengths = verb_lengths(verb_table)  # read once, not once per quotation and word
    stop_words = stop()
    pronouns = name_sets(lang, "pronoun")
    persons = name_sets(lang, "person")  # "he", "she": the person last named
    table = name_table(lang)
    dets = determiners(lang)
    connectors = name_sets(lang, "connector")  # "Secretary of State Antony Blinken"
    relatives = name_sets(lang, "relative")  # "… that reads, “…”"
    locatives = name_sets(lang, "locative")  # "said in a statement"
    auxiliaries = name_sets(lang, "auxiliary")  # "… was described as “…”"
    agents = name_sets(lang, "agent")  # "… described by The New York Times as “…”"
    definites = name_sets(lang, "definite")  # "the judge said"
    asked = name_sets(lang, "subordinator")  # "when asked": no second verb of saying in an attribution
    coordinators = name_sets(lang, "coordinator")  # "... and labelled": a second verb of one subject
    adverbs = name_sets(lang, "adverb")  # "she once said"
    possessives = name_sets(lang, "possessive")  # "his wife said": his wife, no one's wife
    signs = name_sets(lang, "number-sign")  # "Juror No. 8"
    utterances = name_sets(lang, "utterance")  # "His exact words:¶“…”"
    nouns = verb_nouns(lang)  # "states", "claims": verbs only where they attribute
    naming = naming_verbs(lang)  # "dubbed": a quotation's attribution only when it names the quotation
    # "said Joe Coffey Monday": a weekday ends a speaker's name (a month may be a name: "Jan")
    weekdays = frozenset(k for k, (kind, _, _) in date_words(lang).items() if kind == "weekday")
    phrase = phrase_words(lang, table)
    return (verb_table, said, lengths, stop_words, pronouns, persons, table, dets, connectors, relatives, locatives,
            auxiliaries, agents, definites, asked, coordinators, adverbs, possessives, signs, utterances, nouns, naming,
            weekdays, phrase)


@lru_cache(maxsize=8)
def _find_quotes(text: str, lang: str, _gen: tuple) -> tuple[Quote, ...]:
    (verb_table, said, lengths, stop_words, pronouns, persons, table, dets, connectors, relatives, locatives,
     auxiliaries, agents, definites, asked, coordinators, adverbs, possessives, signs, utterances, nouns, naming,
     weekdays, phrase) = _words(lang, _gen)  # (the word tables, once per lexicon generation)
    out: list[Quote] = []
    known = Known()  # the text's names, once a pronoun asks
    last_speaker: tuple[str, Span] | None = None
    chain: list[int] = []  # the parts so far (in out) of a quotation going on over paragraphs
    for qs, qe, closed in quote_parts(text):
        inner = Span(qs + 1 if OPENER_RE.match(text, qs) else qs, qe - 1 if closed else qe)  # (a part
        # going on over lines opens with no mark)
        got = window_tokens(text, inner.start, inner.end)  # the whole text's tokens, by bisection
        words = got[1] - got[0] if got is not None else len(tokens(text[inner.start:inner.end]))
        if words == 0:
            chain = []
            continue
        if chain and text[out[chain[-1]].span.end:qs].strip():
            chain = []
        speaker = verb = stance = None
        sp_span = None
        described = False  # the speaker a description opening the sentence before is: a known speaker's
        goes = later = None  # whether it goes on from the last quotation, names a speaker later: once read
        # after the quotation: `,” Psaki said` / `,” said Psaki` / `, he said`
        dots: list[int] = []  # abbreviations' dots the attribution goes on past ("Lt. Hastings said")
        reach = min(len(text), qe + 160)
        after_end = reach
        for m in _ATTRIBUTION_STOP.finditer(text, qe, reach):  # (the marks only, not every character)
            at = m.start()
            if text[at] == "." and (abbreviation_dot(text, at) or text[at + 1:at + 2] == "," or
                                    title_dot(text, at, table)):
                # "Lt. Hastings said"; "Edward J. Markey, D-Mass., said": no sentence ends at ".,"; "said Dist.
                # Atty. Steve Cooley": the first word of an abbreviated title
                dots.append(at)
            else:
                after_end = at
                break
        atoks = _window(text, qe, after_end)
        akeys = [t.key for t in atoks]
        found = find_verb(akeys[:7], verb_table, lengths, said)
        subject_end = None  # where the speaker's words end, when not at the verb
        if found is None and len(akeys) > 7:
            found, subject_end = late_verb(text, qe, atoks, find_verb(akeys[:LATE_VERB], verb_table, lengths, said),
                                            phrase, connectors | coordinators, dots)
        if found is not None:
            between = text[qe:qe + atoks[found[0]].start]
            for d in reversed(dots):  # an abbreviation's dot is part of a word here
                if d - qe < len(between):
                    between = between[:d - qe] + between[d - qe + 1:]
            last = inner.end  # the quotation's last mark, past spaces before its closing quote ("Europe, ”")
            while last > inner.start and text[last - 1] in " \u00a0":
                last -= 1
            # a quotation inside a sentence ("identified as “Deep Throat,” the shadowy character
            # believed …") is not closed by its own comma
            inside = qs >= 2 and text[qs - 1] == " " and text[qs - 2].isalnum()
            closed = (text[last - 1:last] in ",.!?…" and not (inside and text[last - 1] == ",")) \
                or between.strip()[:1] in (",", "،")
            if _NOT_ATTRIBUTION.search(between) or (found[2] == "doubting" and not closed):
                found = None
            elif not closed and any(text[qe + t.start].islower() for t in atoks[:found[0]]) and not (
                    text[last - 1:last] == "," and found[0] <= 3 and not _said_before(text, qs, said, naming)
                    and adjuncts(akeys[sum(found[:2]):], text[after_end:after_end + 1], weekdays,
                                  locatives, relatives | said)):
                # `“good to see” his Russian counterpart, adding`: the quote is inside a clause (but
                # `left because “she was not happy,” her father said.` ends its clause and sentence,
                # the verb last or before a weekday or a phrase such as "in a statement"; not
                # `identified as “Deep Throat,” the shadowy character believed to have helped`)
                found = None
        if found is not None:
            vi, vl, stance = found
            verb = join_words(akeys[vi:vi + vl])
            shifted = shift_tokens(atoks, qe)
            if vi > 0 and unspaced(text[shifted[vi].start]):
                sp_span = unspaced_speaker(text, qe, shifted[vi].start, lang) or \
                    topic_speaker(text, qs, lang)
            elif vi > 0:  # ("…,” she once said": no adverb speaks)
                hi = subject_end or before_adverbs(text, shifted, vi, adverbs)
                sp_span = owned(shifted, hi, text, name_in(shifted, 0, hi, text, joins=connectors, phrase=phrase))
            else:
                hi = vi + vl
                while hi < len(shifted) - 1 and akeys[hi] in dets and tight(text, shifted, hi, hi + 1):
                    hi += 1  # "said the ministry", "said a spokesman for the ministry"
                stop_at = hi  # the speaker's phrase: up to a function word or a comma
                while stop_at < len(shifted) and stop_at < hi + AFTER_VERB and (
                        akeys[stop_at] not in stop_words or phrase_goes_on(text, shifted, stop_at, stop_words, phrase)) \
                        and not (stop_at > hi and "," in text[shifted[stop_at - 1].end:shifted[stop_at].start]):
                    stop_at += 1
                if stop_at > hi and stop_at < len(shifted) - 1 and akeys[stop_at] in phrase.preps and \
                        tight(text, shifted, stop_at - 1, stop_at) and text[shifted[stop_at - 1].start].islower() \
                        and akeys[stop_at - 1] not in phrase.documents:
                    # "said a friend of the actress": the phrase goes on to what the noun belongs to
                    end = stop_at + 1
                    while end < len(shifted) and end < hi + AFTER_VERB and tight(text, shifted, end - 1, end) \
                            and (akeys[end] in phrase.determiners or akeys[end] in phrase.preps
                                 or akeys[end] not in stop_words):
                        end += 1
                    while end > stop_at + 1 and (akeys[end - 1] in phrase.determiners or akeys[end - 1] in phrase.preps):
                        end -= 1
                    if end > stop_at + 1 and akeys[end - 1] not in phrase.documents:  # not "the company in a statement"
                        stop_at = end
                if hi < len(shifted) and caseless(akeys[hi]):
                    sp_span = speaker_after_verb(text, shifted, hi, lang)
                else:
                    # the last name of the phrase: "said Microsoft spokesman Frank Shaw" is
                    # Frank Shaw's, "said Janette Brimmer, an attorney with ..." hers
                    sp_span = owned(shifted, stop_at, text, name_in(shifted, hi, stop_at, text, dates=weekdays,
                                                                      phrase=phrase))  # ("said Hale's sister")
                if sp_span is None:  # `“…”, adding:` names nobody after the verb: look before
                    found = verb = stance = None
        if found is None and not _said_before(text, qs, said, naming) and not _all_capitalised(text, inner) and (
                fin := final_attribution(
                text, qe, verb_table, lengths, stop_words, connectors, phrase, weekdays, relatives, said)) is not None:
            # `“Everyone must remain vigilant” to this risk, Strauss-Kahn said`: the attribution
            # ending the sentence, more words between (not for a name: `Anthony “Fat Tony”
            # Salerno also died there, the newspaper said`)
            verb, stance, sp_span = fin
        elif found is None:
            # before the quotation, in the same sentence: `Peskov told reporters that “`, or in the
            # paragraph before when that ends with a colon (`He said:¶“…”`)
            bq = _colon_before(text, qs, said)
            b = _sentence_start(text, bq)
            btoks = _window(text, b, bq)
            bkeys = [t.key for t in btoks]
            last = None
            found_at: list[int] = []  # every attribution verb's first token, in order
            term_at = -1  # the last verb form that is a compound's part ("so-called")
            for i in range(len(bkeys)):
                if ("-" in bkeys[i] or bkeys[i] in said) and _compound_part(text, b, btoks, i, verb_table):
                    term_at = i  # "the so-called “medical conscience” rule": a term, nobody's words
                    continue
                if i > 0 and bkeys[i - 1] in dets and text[b + btoks[i - 1].end:b + btoks[i].start] == " ":
                    continue  # "the estimated $1 million damages": an adjective
                if bkeys[i] not in said:
                    continue  # (no verb of saying starts with this word)
                for ln in lengths:
                    v = tuple(bkeys[i:i + ln])
                    if len(v) == ln and v in verb_table and _verb_use(text, b, btoks, i, ln, bq, nouns):
                        last = (i, ln, verb_table[v])
                        found_at.append(i)
            if last is not None and term_at > last[0]:
                last = None
            if last is not None and last[2] == "doubting" and len(bkeys) - (last[0] + last[1]) > 1:
                last = None
            far = last is not None and len(bkeys) - last[0] > _BEFORE_WORDS
            if far and not subject_at(text, b, btoks, last[0], persons, relatives, joined(stop_words, adverbs)):
                last = None  # a verb far before the quotation attributes it only after its subject
            if last is not None:
                vi, vl, stance = last
                verb = join_words(bkeys[vi:vi + vl])
                shifted = shift_tokens(btoks, b)
                rest = range(vi + vl, len(shifted))
                cv = vi - 1 if vi > 1 and bkeys[vi - 1] in stop_words and text[shifted[vi - 1].start].islower() and \
                    bkeys[vi - 1] not in pronouns | persons | relatives and bkeys[vi - 1] not in said \
                    else vi  # "X, known as Y, have described"
                if vi > 0 and 0 < len(rest) <= 4 and stance != "reporting" and "," in text[shifted[vi - 1].end:shifted[vi].start] and \
                        all(text[shifted[x].start].isupper() and bkeys[x] not in weekdays and
                            tight(text, shifted, x - 1, x) for x in rest) and \
                        text[shifted[-1].end:bq].strip() in (":", ","):
                    # "One big difference between Page and her neighbors, said Yeager: “…”" (not
                    # "Elias Vrettakos, head of the union, told Sky News:", the listener)
                    sp_span = Span(shifted[vi + vl].start, shifted[-1].end)
                elif vi > 0 and _COMMA_OR_CLOSE.search(text[shifted[cv - 1].end:shifted[cv].start]):
                    # `…, adding: “…”`: the clause's subject spoke: the name opening the sentence
                    # or standing between commas before the verb, else the last speaker
                    sp_span = comma_subject(text, shifted, cv, lang, stop_words, connectors, persons) or (
                        Span(shifted[1].start, shifted[1].end) if len(bkeys) > 2 and bkeys[0] in dets
                        and bkeys[1] in phrase.documents else None) or next((  # "before he finally broke cover, admitting"
                            Span(shifted[x].start, shifted[x].end) for x in range(cv - 2, -1, -1) if bkeys[x] in persons
                            and text[shifted[x + 1].start].islower() and not CLOSER_RE.search(text, shifted[x].end, shifted[cv].start)
                            and not OPENER_RE.search(text, shifted[x].end, shifted[cv].start)), None) or (  # "The statement expresses …, saying"
                        last_speaker[1] if last_speaker and (CLOSER_RE.search(text, b, shifted[vi].start) or (
                            b <= last_speaker[1].start < shifted[vi].start)) else None)  # (only in the sentence of the
                    # last quotation or its speaker: "Hiller called 911, saying “…”" is not the last speaker's)
                elif vi > 0 and unspaced(text[shifted[vi].start]):
                    sp_span = unspaced_speaker(text, b, shifted[vi].start, lang)
                elif vi > 2 and bkeys[vi - 1] in persons and bkeys[vi - 2] in relatives and bkeys[vi - 3] in phrase.preps \
                        and all(tight(text, shifted, x - 1, x) for x in range(vi - 2, vi + 1)) \
                        and (vi == 3 or "," in text[shifted[vi - 4].end:shifted[vi - 3].start]):
                    sp_span = Span(shifted[vi - 2].start, shifted[vi - 1].end)  # "…, to which she replied": she (below)
                elif vi > 0 and bkeys[vi - 1] in persons and text[shifted[vi - 1].start].islower() and \
                        tight(text, shifted, vi - 1, vi) and (vi == 1 or "," in text[shifted[vi - 2].end:shifted[vi - 1].start]
                                                              or (vi == 2 and text[shifted[0].start].isupper())):
                    # "Asked about it, he replied:", "Later he said": "he" opens the clause (not
                    # "which he described as")
                    sp_span = Span(shifted[vi - 1].start, shifted[vi - 1].end)
                elif vi > 1 and bkeys[vi - 2] in persons and bkeys[vi - 1] in joined(stop_words, adverbs) and \
                        bkeys[vi - 1] not in auxiliaries and text[shifted[vi - 1].start].islower() and \
                        tight(text, shifted, vi - 2, vi - 1) and tight(text, shifted, vi - 1, vi) and (vi == 2 or "," in text[shifted[vi - 3].end:shifted[vi - 2].start]):
                    sp_span = Span(shifted[vi - 2].start, shifted[vi - 2].end)  # "He also said", "he has said"
                elif vi > 0 and vi + vl + 1 < len(bkeys) and bkeys[vi + vl] in agents:
                    # "the man described by The New York Times Magazine as “…”": the agent speaks,
                    # not the one described (none when it is no name: "described by many as")
                    k = vi + vl + 1
                    while k < len(bkeys) - 1 and bkeys[k] in dets and text[shifted[k].start].isupper():
                        k += 1
                    e = k
                    while e < len(bkeys) and tight(text, shifted, e - 1, e) and (
                            text[shifted[e].start].isupper() or (bkeys[e] in connectors and e + 1 < len(bkeys)
                                                                 and text[shifted[e + 1].start].isupper())):
                        e += 1
                    sp_span = Span(shifted[k].start, shifted[e - 1].end) if e > k else None
                elif vi > 0 and (bkeys[vi - 1].split("'")[0] in relatives or bkeys[vi - 1] in auxiliaries):
                    # "a letter ... to the girl's mother that reads, “…”": a thing, maybe not her;
                    # "LaRue … was described in a profile as “…”": the one described does not speak
                    sp_span = None
                elif vi > 0:
                    earlier = [x for x in found_at if x < vi]
                    second = coordinators.intersection(bkeys[max(0, vi - 2):vi]) and \
                        "," not in text[shifted[earlier[-1] if earlier else 0].end:shifted[vi].start]
                    if second and earlier:
                        # `Peskov said that Russia has no plans of invading Ukraine and further
                        # labelled the allegations a “…”`: the subject of the first verb speaks
                        # (not across commas: `records indicate he grabbed her, …, and told her`)
                        vi = earlier[-1]
                    lo = max(0, vi - 8)
                    while lo < vi and any(c in CLOSERS for c in text[shifted[lo].start:shifted[vi].start]):
                        lo += 1  # the clause after the last quotation: `“…” and made clear they “…”`
                    hi = max(lo, before_adverbs(text, shifted, vi, adverbs))  # "the judge once told"
                    sp_span = owned(shifted, hi, text, name_in(shifted, lo, hi, text, dates=weekdays,
                                                                 joins=connectors, phrase=phrase)) \
                        if lo < hi else None  # ("McAllister on Tuesday recalled": not Tuesday)
                    if lo > max(0, vi - 8) and last_speaker is not None and (
                            sp_span is None or not text[sp_span.start].isupper()):
                        sp_span = last_speaker[1]  # no one named since the quotation: its speaker goes on
                    elif second and not earlier:  # "It is also reissuing calls ... and said it is “…”"
                        sp_span = opening_subject(text, shifted, vi, lang, stop_words, persons)
                    elif vi >= 2 and bkeys[vi - 1] in persons and bkeys[vi - 2] in coordinators:
                        # "Judge Hickok told the court that …, and he concluded that “…”": the sentence's subject
                        sp_span = sentence_subject(text, shifted[vi - 2].start, lang, stop_words, persons)
                    elif sp_span is not None and bkeys[vi - 1] in coordinators and text[sp_span.start].islower():
                        # "he grabbed her, then held a knife to her throat and told her, “…”": the last "he" that
                        # a verb follows, not the object before "and"
                        sp_span = next((Span(shifted[x].start, shifted[x].end) for x in range(vi - 2, 0, -1)
                                        if bkeys[x] in persons and text[shifted[x + 1].start].islower()), None)
                    elif sp_span is not None and object_of(text, shifted, sp_span, lo, dets, joined(stop_words, phrase.preps)):
                        # "A government official downplayed the unrest saying that “…”": the object of a
                        # verb before it is no speaker; the sentence's subject, when a name, "he" or a title
                        sp_span = opening_subject(text, shifted, vi, lang, stop_words, persons, phrase)
                elif verb == "according to":
                    sp_span = name_in(shifted, vi + vl, len(shifted), text, prefer_last=False)
                elif vi + vl < len(bkeys) and caseless(bkeys[vi + vl]):
                    # the verb opens the sentence, as in Arabic: "وقال بيسكوف: «…»"
                    sp_span = speaker_after_verb(text, shifted, vi + vl, lang)
            elif bq < qs and last is None and (doc := next((x for x in range(1, len(bkeys) - 2) if bkeys[x] in phrase.documents
                                                        and bkeys[x - 1] in dets and bkeys[x + 1] in phrase.preps | agents), None)):
                sp_span = document_source(text, b + btoks[doc].end, phrase, agents)  # "Below is a statement by Ann Lee:¶“…”"
            elif bq < qs and last is None and 2 <= len(bkeys) <= 4 and bkeys[0] in possessives and bkeys[-1] in utterances:
                sp_span = antecedent(text, Span(b + btoks[0].start, b + btoks[0].end), lang, last_speaker,
                                     (*(q.span for q in out[-8:]), Span(qs, qe)), known)  # "His exact words:¶“…”"
            elif bq < qs and len(bkeys) >= 3 and (last is None or bkeys[-2] in auxiliaries) and \
                    (text[b + btoks[-1].start].islower() or last is None):  # ("… who will handle Nichols:")
                # "Andrew Wetzler, director of the program, was blunt:¶“…”", "The judge had advice for anyone
                # who deals with Nichols:¶“…”": the subject speaks
                sp_span = opening_subject(text, shift_tokens(btoks, b),
                                          len(btoks), lang, stop_words, persons, phrase)
                described = True
            elif last is None and bq == qs and (b == 0 or text[b - 1] == "\n") and \
                    (label := speaker_label(text, b, bq, lang)) is not None:
                sp_span = label  # a transcript's or a headline's label: "Haldeman: “Yes, sir.”"
            elif not btoks and not (goes := bool(out and out[-1].speaker and _goes_on(text, out[-1], qs, said, asked, nouns))) \
                    and not (later := _said_later(text, qe, said)):
                # "Dorsey said the shooting would be hard on everyone.¶“We're like family here.”"
                sp_span = lead_in(text, b, lang, stop_words, persons, said,
                                  coordinators | auxiliaries | phrase.preps | relatives, phrase) or \
                    announcer(text, b, lang, stop_words, persons, phrase, possessives)
                if sp_span is not None and key(text[sp_span.start:sp_span.end]) in possessives:
                    sp_span = antecedent(text, sp_span, lang, last_speaker, (*(q.span for q in out[-8:]), Span(qs, qe)),
                                         known)  # "Her office released a statement.¶“…”": whom "her" stands for
                described = True
        if described and sp_span is not None and text[sp_span.start].islower() and \
                key(text[sp_span.start:sp_span.end]) not in pronouns:  # "The director denied …¶“…”": a known voice
            sp_span = known_speaker(text, sp_span, lang, frozenset(q.speaker for q in out if q.speaker),
                                    (*(q.span for q in out[-8:]), Span(qs, qe)), known)
        if sp_span is not None and text[sp_span.start].isupper() and key(text[sp_span.start:sp_span.end]) not in \
                pronouns and all(k in stop_words for k in _span_keys(text, sp_span)):
            sp_span = None  # "After telling People in October that …": a function word is no speaker
        if sp_span is not None and (key(text[sp_span.start:sp_span.end]) in pronouns or (
                not text[sp_span.start].isupper()
                and all(k in stop_words for k in _span_keys(text, sp_span)))):
            said_by = list(_span_keys(text, sp_span))
            reply = len(said_by) == 2 and said_by[0] in relatives and said_by[1] in persons and \
                word_before(text, sp_span.start) in phrase.preps and \
                _OPENING.search(text, max(0, sp_span.start - 30), sp_span.start)  # (a clause's opening)
            if reply:  # "To which she replied": she is whom the text names before (by her sex), not the last speaker
                said_by, sp_span = said_by[1:], Span(sp_span.end - len(said_by[1]), sp_span.end)
            sp_span = antecedent(text, sp_span, lang, None if reply else last_speaker,
                                 (*(q.span for q in out[-8:]), Span(qs, qe)), known) if said_by[0] in persons \
                else None if phrase.preps.intersection(said_by) or (not last_speaker and said_by[0] not in pronouns) \
                else (said_by[0] in pronouns and lead_in(text, qs, lang, stop_words, persons, said, coordinators
                                                         | auxiliaries | phrase.preps | relatives, phrase)) \
                or (last_speaker[1] if last_speaker else None)  # "A statement from Waitrose said …¶“…,” it added"
            # ("a handbook from 1998 described": "from" is nobody, not the last speaker)
            if reply and sp_span is not None and last_speaker and \
                    text[sp_span.start:sp_span.end].split()[-1] == last_speaker[0].split()[-1]:
                sp_span = None  # (who replies is not whom she answers)
        if sp_span is not None and is_described(text, sp_span, table) and word_before(text, sp_span.start) in definites:
            # "the judge said", "said the 29-year-old", "the District Attorney said": the person the text gave
            # that title or age
            sp_span = epithet(text, sp_span, lang, last_speaker, (*(q.span for q in out[-8:]), Span(qs, qe)),
                              known) or body(text, sp_span, lang, (*(q.span for q in out[-8:]), Span(qs, qe)),
                                             known) or sp_span  # "the company said": the body it names
        if sp_span is not None and is_document(text, sp_span, lang, table):
            sp_span = document_source(text, sp_span.end, phrase) or document_voice(
                text, min(qs, sp_span.start), lang, table, (*(q.span for q in out[-8:]), Span(qs, qe)))
        if sp_span is not None and word_before(text, sp_span.start) in possessives and not text[sp_span.start].isupper():
            sp_span = Span(sp_span.start - len(word_before(text, sp_span.start)) - 1, sp_span.end)  # "his wife said"
        if sp_span is not None:  # "Russian President Vladimir Putin" speaks as "Vladimir Putin"
            sp_span = numbered(text, bare_person(text, sp_span, table, phrase), signs)  # "Juror No. 8"
            if key(text[sp_span.start:sp_span.end]) in phrase.numbers:
                sp_span = None  # "One said:", "says one": a number alone labels no one
        if sp_span is not None:
            speaker = " ".join(text[sp_span.start:sp_span.end].split())
            if key(speaker) in pronouns and last_speaker is not None:
                speaker, sp_span = last_speaker
            elif key(speaker) not in pronouns:
                speaker = _strip_article(speaker, lang, dets)
                last_speaker = (speaker, sp_span)
        if speaker is None and verb is None and out and out[-1].speaker and (
                goes if goes is not None else _goes_on(text, out[-1], qs, said, asked, nouns)) \
                and not (later if later is not None else _said_later(text, qe, said)):
            # `“We've overcome a lot,” Manning said. “We just keep fighting.”`: a quotation
            # right after another's attribution, with none of its own, is the same speaker's
            speaker, sp_span = out[-1].speaker, out[-1].speaker_span
        if chain:  # one quotation over paragraphs: its speaker, named before or after, speaks all parts
            if speaker is None:
                speaker, sp_span = out[chain[-1]].speaker, out[chain[-1]].speaker_span
            else:
                for k in chain:
                    if out[k].speaker is None:
                        out[k] = out[k]._replace(speaker=speaker, speaker_span=sp_span)
        out.append(Quote(Span(qs, qe), inner, speaker, sp_span, verb, stance, words))
        chain = [*chain, len(out) - 1] if not closed else []
    return tuple(_full_names(text, lang, out))


_GOES_ON_WORDS = 12  # the most words between two quotations of one speaker: an attribution's
_ATTRIBUTION_WORDS = 40  # ... or a longer sentence naming the speaker within its first twelve words
_ATTRIBUTION_CHARS = 400  # (a gap longer than this holds more words)


_BEFORE_WORDS = 14  # the most words between a verb of saying and the quotation after it, unless the
# verb follows its subject or a comma (then as far as the sentence reaches back)


# (compiled once: each was looked up in the re module's cache once a quotation)
_NOT_ATTRIBUTION = re.compile(r"[^\w\s,،’'\-–—]")  # a mark no attribution after a quotation holds
_COMMA_OR_CLOSE = re.compile(r"[,\u201d\"]")
_NAMING_BREAK = re.compile(r"[,;:()\u2013\u2014]")
_POSSESSIVE_END = re.compile(r"['’]s$")
_ATTRIBUTION_STOP = re.compile("[.;\n“\"]")  # what may end the attribution after a quotation
_SENTENCE_MARK = re.compile("[!?\n”\".]")  # what may end the sentence before one


def _window(text: str, lo: int, hi: int) -> list:
    """``tokens(text[lo:hi])``: the whole text's cached tokens, by bisection, moved back by ``lo``,
    when no word crosses ``lo`` or ``hi`` (the same tokens), instead of tokenising the window."""
    got = window_tokens(text, lo, hi)
    return tokens(text[lo:hi]) if got is None else shift_tokens(text_tokens(text)[got[0]:got[1]], -lo)


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence ending at ``end`` starts, 200 characters back at most: after "!",
    "?", a line break, a quotation closed after a stop, or a stop before a space (not an
    abbreviation's, "(D-Mass.)" or "Rep. Markey")."""
    floor = max(0, end - 200)
    for m in reversed(list(_SENTENCE_MARK.finditer(text, floor, end))):
        b = m.end()
        c = text[b - 1]
        if c in "!?\n" or (c in "”\"" and text[b - 2:b - 1] in ".!?") or (
                c == "." and text[b:b + 1].isspace() and not abbreviation_dot(text, b - 1)):
            return b
    return floor


def _verb_use(text: str, base: int, toks, i: int, ln: int, qs: int, nouns: frozenset[tuple[str, ...]]) -> bool:
    """Is the attribution verb at ``toks[i:i + ln]`` (offsets from ``base``), before a
    quotation starting at ``qs``, a verb here?  A capitalised form after a word is a
    name's ("the United States and its allies would impose “…”"); a form that is also a
    noun ("states", "claims") attributes only right before the quotation, a colon or
    "that" ("the White House states that “…”")."""
    start = base + toks[i].start
    if text[start].isupper() and i > 0 and text[base + toks[i - 1].end:start] == " ":
        return False
    if tuple(t.key for t in toks[i:i + ln]) not in nouns:
        return True
    after = text[base + toks[i + ln - 1].end:qs].strip()
    return after in ("", ":", ",") or after.split(" ", 1)[0].lower() == "that"


def _compound_part(text: str, base: int, toks, i: int, verb_table: dict[tuple[str, ...], str]) -> bool:
    """Is ``toks[i]`` (offsets from ``base``) a compound ending in a verb form ("so-called",
    "self-described"; or the verb form after a spaced hyphen, "so - called"): an adjective,
    no attribution?"""
    head, _, last = toks[i].key.rpartition("-")
    return (bool(head) and (last,) in verb_table) or (
        i > 0 and (toks[i].key,) in verb_table and text[base + toks[i - 1].end:base + toks[i].start].strip() in ("-", "\u2011"))


def _colon_before(text: str, qs: int, said: frozenset[str] = frozenset()) -> int:
    """Where the words that may attribute a quotation opening at ``qs`` end: at ``qs``, or
    past the colon ending the paragraph before when the quotation opens its paragraph
    ("Andrew Wetzler was blunt:¶“We will see them in court.”"), or past a verb of saying
    (``said``) ending it with no mark, as a colon would ("…, he said¶“…”"); not when that
    paragraph holds a quotation mark (a quotation's own words, or a broken one)."""
    k = qs
    while k > 0 and text[k - 1] in " \t\u00a0\n":
        k -= 1
    if k == qs or not 0 < text.count("\n", k, qs) <= 2 or (text[k - 1:k] != ":" and not (
            text[k - 1:k].isalpha() and key(text[text.rfind(" ", 0, k) + 1:k]) in said)):
        return qs
    return qs if OPENER_RE.search(text, text.rfind("\n", 0, k) + 1, k) or CLOSER_RE.search(
        text, text.rfind("\n", 0, k) + 1, k) else k


def _goes_on(text: str, prev: Quote, start: int, said: frozenset[str], asked: frozenset[str] = frozenset(),
             nouns: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """Does the quotation at ``start`` go on from ``prev`` (whose speaker is known)?  Only
    ``prev``'s attribution lies between them (its speaker named there, at most one
    sentence ending, a few words; or a longer sentence that names its speaker in its first
    words and holds no other verb of saying, ``said``: "…,” said Kassie Siegel, climate
    program director at the Center for Biological Diversity and lead author of the
    petition. “…”"; a verb after a word of ``asked`` is none: "…, Smith said when asked
    whether …. “…”"), or nothing at all (`“…” “…”`, the speaker named before the first, or
    the second opening the next paragraph); a line break only right before the second."""
    gap = text[prev.span.end:start]
    if not gap.strip(" \t\u00a0\n,.;:—–-"):
        return gap.count("\n") <= 2  # the next paragraph at most
    sp = prev.speaker_span
    body = gap.rstrip()
    if "\n" in body or len(body) > _ATTRIBUTION_CHARS:
        return False
    words = tokens(body)
    keys = [t.key for t in words]
    named = sp is not None and prev.span.end <= sp.start < start
    if not named and not (prev.verb and f" {prev.verb} " in " ".join(["", *keys, ""])):
        return False  # neither its speaker nor its verb between them ("“…,” he said. “…”" goes on)
    if len(words) > _ATTRIBUTION_WORDS:
        return False
    if len(words) > _GOES_ON_WORDS and not (
            named and sp.start - prev.span.end < words[_GOES_ON_WORDS - 1].end and
            sum(k in said and (x == 0 or keys[x - 1] not in asked) and ((k,) not in nouns or keys[x + 1:x + 2] == ["that"])
                for x, k in enumerate(keys)) == 1):  # ("any warning signs": a noun)
        return False
    ends = SENTENCE_END.findall(body + " ")
    if len(ends) > 1:  # abbreviations' dots end no sentence ("John W. Nields")
        ends = [m for m in SENTENCE_END.finditer(body + " ") if not abbreviation_dot(text, prev.span.end + m.start())]
    return len(ends) <= 1 and gap[len(body):].count("\n") <= 2


def _said_before(text: str, start: int, said: frozenset[str], naming: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """Does the sentence of a quotation starting at ``start`` hold a verb of saying (``said``)
    before it ("He called it “a tragedy,” police said": the words are his)?  A verb that names
    a thing (``naming``) counts only when it names the quotation, no comma or other mark between
    them ("what he dubbed a “witch hunt”", not "The update, dubbed MS08-078, fixes a flaw that “…”")."""
    floor = max(0, start - 300)  # (a mark further back would not move ``lo``: looked for no further, not over
    # the whole text before the quotation, a search as long as the text when a text has no "!")
    lo = max(text.rfind("\n", floor, start), *(text.rfind(c + " ", floor, start) for c in ".!?"), floor)
    got = window_tokens(text, lo, start)  # the whole text's tokens, by bisection (most calls)
    if got is not None and said.isdisjoint(text_keys(text)[got[0]:got[1]]):
        return False  # (no verb of saying: no token to look at one by one)
    toks = text_tokens(text)[got[0]:got[1]] if got is not None else \
        [t._replace(end=lo + t.end) for t in tokens(text[lo:start])]  # (a word the window cuts)
    return any(t.key in said and not ((t.key,) in naming and _NAMING_BREAK.search(text[t.end:start]))
               for t in toks)


def _span_keys(text: str, sp: Span):
    """The keys of the words of ``sp``: the whole text's, by bisection, when no word crosses its
    ends (the same keys), else its own."""
    got = window_tokens(text, sp.start, sp.end)
    return text_keys(text)[got[0]:got[1]] if got is not None else [t.key for t in tokens(text[sp.start:sp.end])]


def _all_capitalised(text: str, sp: Span) -> bool:
    """Does every word in ``sp`` open with a capital letter (`Anthony “Fat Tony” Salerno`)?"""
    got = window_tokens(text, sp.start, sp.end)  # the whole text's tokens, by bisection (most calls)
    if got is None:  # (a word the window cuts: its own tokens)
        return all(text[sp.start + t.start].isupper() for t in tokens(text[sp.start:sp.end]))
    return all(text[s].isupper() for s in text_starts(text)[got[0]:got[1]])


def _said_later(text: str, end: int, said: frozenset[str]) -> bool:
    """Does the sentence of a quotation ending at ``end`` go on to a verb of saying (``said``)
    after it, an attribution of its own that was not read ("“…” because of its “…”, EU
    Commissioner Olli Rehn said")?"""
    m = SENTENCE_REST.match(text, end)
    if m is None:
        return False
    got = window_tokens(text, m.start(), m.end())  # the whole text's keys, by bisection (most calls)
    return not said.isdisjoint(text_keys(text)[got[0]:got[1]] if got is not None else [t.key for t in tokens(m.group())])


_OPENING = re.compile(r"(?:^|[.!?,\n]\s*)(?:\w+\s+)?\Z")  # at most a word into its clause


def _strip_article(s: str, lang: str, dets: frozenset[str] | None = None) -> str:
    """A speaker without the article before it ("the Kremlin" -> "Kremlin") or its possessive
    (``dets``: :func:`~parallax.reader.facts.tables.determiners` of ``lang``, when the caller has them)."""
    if dets is None:
        dets = determiners(lang)
    parts = s.split()
    while len(parts) > 1 and key(parts[0]) in dets:
        parts = parts[1:]
    s = " ".join(parts)
    return _POSSESSIVE_END.sub("", s)
