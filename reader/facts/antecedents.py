"""Who a speaker that names no one is: "he" or "she" is the person the text named
before it (the subject of the last sentence naming one, a few paragraphs back at most);
"the judge" or "the 29-year-old" the person the text gave that title or age; "the
company" or "the paper" the body the text gave that name.

:func:`antecedent` and :func:`epithet` read the text's names
(:func:`~parallax.reader.facts.names.text_names`) and its sentences; :class:`Known` keeps
what they read of one text between calls.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from parallax.reader.facts.names import text_names
from parallax.reader.facts.tables import (
    bodies,
    determiners,
    name_sets,
    name_table,
    name_variants,
    stop,
    verbs,
)
from parallax.reader.model import Span
from parallax.reader.text.keys import key, text_keys, tokens, window_tokens
from parallax.reader.text.lexicon import generation
from parallax.reader.text.segment import abbreviation_dot

__all__ = ["SENTENCE_END", "Known", "antecedent", "body", "epithet", "known_speaker"]

SENTENCE_END = re.compile(r"[.!?](?=\s)")


class Known:
    """A text's names as :func:`antecedent` reads them, kept between its calls on one text."""

    def __init__(self) -> None:
        self.names: tuple = ()
        self.starts: list[int] = []  # where each name starts
        self.surnames: dict[str, int] = {}  # a longer name's last word -> where it is first given in full

    def read(self, text: str, lang: str) -> tuple:
        """The names ``text`` gives (:func:`~parallax.reader.facts.names.text_names`), read
        into this record when it holds another text's."""
        names = text_names(text, lang)
        if self.names is not names:
            self.names, self.starts = names, [n.span.start for n in names]
            self.surnames = {}
            table = name_table(lang)[0]
            for n in names:  # where each surname of a longer name is first given in full, or after a title
                if " " in n.match:
                    self.surnames.setdefault(n.match.rsplit(" ", 1)[-1], n.span.end)
                elif text[n.span.start - 1:n.span.start] == " " and (before := text[max(0, n.span.start - 24):
                                                                                   n.span.start].split()) and \
                        table.get((key(before[-1]).rstrip("."),)) == "title":
                    self.surnames.setdefault(n.match, n.span.end)  # "President Obama": Obama is a person
        return names


def antecedent(text: str, pronoun: Span, lang: str, last_speaker: tuple[str, Span] | None,
                quoted: tuple[Span, ...] = (), known: Known | None = None) -> Span | None:
    """Who "he" or "she" (at ``pronoun``, attributing a quotation) is: the subject of the
    last sentence before it that names a person, in its paragraph or the one before
    ("The pastor, Larry Kroon, declined to say. “…,” he said"; "Francesca Grifo, director
    of the Scientific Integrity Program, said …"), unless the last speaker was named after
    that person or in the same sentence ("“…,” said Ann Lee, who leads Acme Corp. “…,” she
    said"); else the last speaker, else no one.  A sentence's subject is its first person;
    a person is a name of two words or more, or one word after a title ("Mr. LaRue") or
    that is the last word of a name of two or more the text gave before (a surname), and
    never a body (a head word such as "Center"), a place after a locative ("in New York"), a
    name opening with a nationality ("German WWII spies"),
    a name after "the" ("The Sun Herald"), a possessive ("Horton's mother") or a name in a
    quotation (``quoted``: the quotations before it).  ``known``: the text's names, kept by
    the caller between calls (filled here)."""
    if known is None:
        known = Known()
    # the pronoun's own sentence names no antecedent ("He told Fox News: “…”"): back to its
    # start, 300 characters at most (the last stop or line break, found by rfind, not a step a character)
    floor = max(0, pronoun.start - 300)
    end = max(floor, *(text.rfind(c, floor, pronoun.start) + 1 for c in ".!?\n"))
    lo = text.rfind("\n", 0, end)  # where the pronoun's paragraph starts
    for _ in range(_BACK_PARAGRAPHS):
        while lo > 0 and text[lo - 1].isspace():
            lo -= 1  # back past blank lines, then to the start of the paragraph before
        if lo <= 0:
            break
        lo = text.rfind("\n", 0, lo)
    lo = max(lo + 1, end - _BACK_CHARS)
    window = text[lo:end]  # tokenised here: a window must not push whole articles out of the token cache
    wt = tuple(tokens(window))
    # the names the whole text gives (a word opening a sentence is a name where the text
    # writes it so elsewhere too: "Baca praised …"), those in the window
    names = known.read(text, lang)
    starts_of = known.starts
    near = [n._replace(span=Span(n.span.start - lo, n.span.end - lo))
            for n in names[bisect_left(starts_of, lo):bisect_left(starts_of, end)] if n.span.end <= end]
    starts = [t.start for t in wt]
    # where each sentence after the first starts (not after an initial or an abbreviation:
    # "Efton A. Stanfield", "Lt. Hastings"), and the sentences a pronoun opens ("He said …"):
    # these go on about someone named before, and the names in them are not their subject
    sentences = [m.end() for m in _CLAUSE_END.finditer(window) if not (
        m.group()[0] == "." and (abbreviation_dot(window, m.start()) or window[m.start() - 2:m.start() - 1] in ("", " ")))]
    persons = name_sets(lang, "person")
    bounds = [0, *sentences, len(window)]
    continued = {k for k, at in enumerate(bounds[:-1]) if key(window[at:at + 4].split(" ", 1)[0]) in persons}
    # "she" is not the man a sentence goes on about with "he" ("Detective Dominic Mangoni
    # said he asked how she felt"): the pronouns of the other sex, and none of the pronoun's
    said = key(text[pronoun.start:pronoun.end])
    male, female = name_sets(lang, "male"), name_sets(lang, "female")
    own, other = (male, female) if said in male else (female, male) if said in female else (frozenset(), frozenset())
    titled = name_sets(lang, "female-title" if said in male else "male-title" if said in female else "")  # "Ms."
    # "…, Waldie said there was no way": who says is who spoke; a body or a street, "Banstead High Street", is
    # no person; nor "U.S.", "U.N." (places and bodies)
    said_by, heads, places, articles, abbreviated = _antecedent_words(lang, generation())
    table = name_table(lang)[0]

    def person(it) -> bool:
        words = [t.key for t in tokens(it.value)]
        s, e = it.span
        at = bisect_left(starts, s)
        before = wt[at - 1].key if at > 0 else ""
        if not words or heads.intersection(words) or it.value.isupper() or before in places \
                or words[0] in abbreviated or table.get((words[0],)) == "demonym" \
                or before in articles or window[e:e + 2].lstrip()[:1] in ("'", "\u2019") or before.rstrip(".") in titled \
                or any(q.start <= s + lo < q.end for q in quoted):
            return False
        nxt = bisect_left(starts, e)  # "Red Sox owner John Henry": the body a title and a person follow
        if nxt + 1 < len(wt) and table.get((wt[nxt].key,)) == "title" and window[wt[nxt].start].islower() and \
                window[e:wt[nxt].start] == " " and window[wt[nxt + 1].start].isupper():
            return False
        if len(words) >= 2 or table.get((before.rstrip("."),)) == "title":
            return True
        return known.surnames.get(it.match, end + 1) <= end  # the last word of a longer name given before

    found = None
    best = -1
    speaking = False  # the one found is followed by a verb of saying

    def may_be(at: int, k: int) -> bool:
        """Is the name ending before token ``at`` (sentence ``k``) of the pronoun's sex, as far
        as the first sexed pronoun after it in its sentence tells?"""
        while at < len(wt) and wt[at].start < bounds[k + 1]:
            if wt[at].key in own:
                return True
            if wt[at].key in other:
                return False
            at += 1
        return True

    for it in near:
        k = bisect_right(sentences, it.span.start)
        if k < best or k in continued or (k == best and speaking):
            continue
        if (m := _LATE_SUBJECT.search(window, bounds[k], it.span.start)) and key(m.group(1)) in persons:
            continue  # "A master of counter-intelligence, he secretly helped Washington Post reporters …"
        at = bisect_left(starts, it.span.end)
        says = at < len(wt) and wt[at].key in said_by and window[it.span.end:wt[at].start] == " "
        if (k > best or says) and may_be(at, k) and person(it):
            # each sentence's first person, or the one who says something in it; the last such sentence
            found, best, speaking = Span(it.span.start + lo, it.span.end + lo), k, says
    if last_speaker is None:
        return found
    if found is None or found.start < last_speaker[1].end:
        return last_speaker[1]
    between = text[last_speaker[1].end:found.start]
    return found if SENTENCE_END.search(between + " ") or "\n" in between else last_speaker[1]


@lru_cache(maxsize=16)
def _antecedent_words(lang: str, _gen: tuple) -> tuple[frozenset[str], ...]:
    """The word sets :func:`antecedent` reads in ``lang``, made once per lexicon generation, not once a
    pronoun: the first words of verbs of saying, bodies' and places' head words, locatives,
    determiners, and the dotted name variants ("U.S.")."""
    return (frozenset(v[0] for v in verbs(lang)), name_sets(lang, "org-head") | name_sets(lang, "place-head"),
            name_sets(lang, "locative"), frozenset(determiners(lang)), frozenset(k for k in name_variants(lang) if "." in k))


_LATE_SUBJECT = re.compile(r",\s+(\w+)\s+[a-z]")  # "…, he secretly helped": a pronoun subject after an opening phrase
_CLAUSE_END = re.compile(r"[.!?]\s+|\n+")
_BACK_PARAGRAPHS = 3  # paragraphs before a pronoun's own that name its person
_BACK_CHARS = 800  # ... at most this far back


def epithet(text: str, phrase: Span, lang: str, last_speaker: tuple[str, Span] | None,
            quoted: tuple[Span, ...] = (), known: Known | None = None, among: frozenset[str] | None = None) -> Span | None:
    """Who a speaker described, not named, is: "the judge", "the former senator", "the
    29-year-old" (``phrase``, without its "the"), when the text ties that description to a
    person named before it - as a title before the name ("Superior Court Judge James
    Bodiford", "former Sen. Bob Kerrey", "29-year-old Trevor Immelman") or in the apposition
    after it ("Bob Kerrey, the former senator,", "Ann Lee, 29,"); the last such person, not
    in a quotation (``quoted``).  An age the text ties to no one is the person "he" or
    "she" would be (:func:`antecedent`: "Trevor Immelman has become … “…,” said the
    29-year-old"); a title tied to no one stays a description (None): "the spokeswoman"
    is seldom the person last named.  Only a short phrase whose last word is a title or an
    age (``title`` in ``name_words.tsv``; ``age``: "29-year-old") is read.  With ``among`` (last
    words of names), only a person whose name ends in one of them counts."""
    toks = tokens(text[phrase.start:phrase.end])
    if not toks or len(toks) > _EPITHET_WORDS:
        return None
    head = toks[-1].key
    table = name_table(lang)[0]
    age = _age(head, lang)
    if age is None and table.get((head,)) != "title":
        return None
    if known is None:
        known = Known()
    names = known.read(text, lang)
    ties = {head} if age is None else {head, age}
    preps = name_sets(lang, "preposition")
    # the words that tie: the title or age, and the title's abbreviations ("sen" for "senator")
    words = sorted(ties | {k[0] for k, kind in table.items() if len(k) == 1 and kind == "title" and _ties(k[0], ties, table)})
    near = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)
    first = bisect_left(known.starts, phrase.start - _EPITHET_CHARS)
    for n in reversed(names[first:bisect_left(known.starts, phrase.start)]):
        s, e = n.span
        if e > phrase.start or any(q.start <= s < q.end for q in quoted) or not (
                near.search(text, max(0, s - 60), s) or near.search(text, e, e + 90)) or (
                among is not None and n.value.split()[-1] not in among):
            continue
        lo = max(0, s - 60)
        before = tokens(text[lo:s])  # the words written onto the name: "former Sen. Bob Kerrey"
        k, end = len(before), s - lo
        while k > len(before) - _EPITHET_WORDS and k > 0 and text[lo + before[k - 1].end:lo + end] in (" ", ". ") \
                and (text[lo + before[k - 1].start].isupper() or _ties(before[k - 1].key, ties, table)
                     or table.get((before[k - 1].key,)) == "title"):
            k, end = k - 1, before[k - 1].start
        after = _APPOSITION.match(text, e)
        if any(_ties(t.key, ties, table) for t in before[k:]) or \
                (after and any(_ties(t.key, ties, table) for t in tokens(after.group(1)))):
            # the person, not the body a name of two words or more joins it to ("Judge Jack B.
            # Weinstein of Federal District Court")
            parts = text[s:e].split(" ")
            cut = next((i for i in range(2, len(parts)) if key(parts[i]) in preps), len(parts))
            return Span(s, s + len(" ".join(parts[:cut])))
    if age is not None:
        return antecedent(text, phrase, lang, last_speaker, quoted, known)
    return None


def known_speaker(text: str, phrase: Span, lang: str, speakers: frozenset[str], quoted: tuple[Span, ...] = (),
                  known: Known | None = None) -> Span | None:
    """The person a description opening a sentence with no verb of saying before a quotation
    ("The judge had advice for anyone …:¶“…”", "The director denied reports …¶“…”") stands for
    (:func:`epithet`), only a person who already spoke in the text (``speakers``, matched by
    the last word): a title the text gave a victim ("Judge Rowland Barnes") does not make him
    speak, and the judge who spoke is still found past him; else None."""
    sp = epithet(text, phrase, lang, None, quoted, known, among=frozenset(s.split()[-1] for s in speakers))
    if sp is None:
        return None
    last = text[sp.start:sp.end].split()[-1]
    return sp if any(s.split()[-1] == last for s in speakers) else None


_EPITHET_WORDS = 4  # the most words of a described speaker ("the embattled former senator")
_EPITHET_CHARS = 4000  # how far back the person a description stands for is looked for
# after a name, its apposition: ", 29," / ", the former senator from Nebraska," (to its comma or sentence end)
_APPOSITION = re.compile(r",\s*([^,.;:!?\n“”\"]{1,80})")


def _age(k: str, lang: str) -> str | None:
    """The years of an age written as one word ("29-year-old" -> "29"), else None."""
    n, _, rest = k.partition("-")
    return n if n.isdigit() and rest in name_sets(lang, "age") else None


def _ties(k: str, ties: set[str], table) -> bool:
    """Is the word ``k`` the description's title or age, or the title's abbreviation ("sen"
    for "senator", "gov" for "governor")?"""
    return k in ties or (len(k) >= 2 and table.get((k,)) == "title" and any(
        len(t) > len(k) and t.startswith(k) for t in ties))


def body(text: str, phrase: Span, lang: str, quoted: tuple[Span, ...] = (), known: Known | None = None) -> Span | None:
    """Which body a speaker described, not named, is: "the company", "the paper", "the
    software giant" (``phrase``, without its "the"), when the text ties a word of that kind
    of body (``bodies.tsv``: "company", "firm", "giant"; "paper", "daily") to a name before
    it - the word right before the name ("software giant Microsoft", "daily
    Eleftherotypia"), ending its apposition (", Portugal's biggest phone company,") or in
    the name itself ("the ministry": "Foreign Ministry"); the last such name, not in a
    quotation (``quoted``); else the one body the text gives as a sentence's subject and has
    say something ("Microsoft has rushed out a fix. … Microsoft said …": :func:`_sole_subject`);
    else None (the phrase stays a description).  Not the person a body's word stands before
    ("company spokesman Frank Shaw": the title is in between)."""
    toks = tokens(text[phrase.start:phrase.end])
    kinds = bodies(lang)
    if not toks or len(toks) > _EPITHET_WORDS or toks[-1].key not in kinds:
        return None
    ties = {w for w, row in kinds.items() if row == kinds[toks[-1].key]}
    if known is None:
        known = Known()
    names = known.read(text, lang)
    first = bisect_left(known.starts, phrase.start - _EPITHET_CHARS)
    for n in reversed(names[first:bisect_left(known.starts, phrase.start)]):
        s, e = n.span
        if e > phrase.start or any(q.start <= s < q.end for q in quoted):
            continue
        after = _BODY_APPOSITION.match(text, e)
        tail = tokens(after.group(1)) if after else []
        if ties.intersection(t.key for t in tokens(n.value)) or (
                text[s - 1:s] == " " and _key_before(text, s) in ties) or (tail and tail[-1].key in ties):
            return n.span
    return _sole_subject(text, phrase, lang, names[first:bisect_left(known.starts, phrase.start)], quoted, known)


def _sole_subject(text: str, phrase: Span, lang: str, names, quoted: tuple[Span, ...], known: Known) -> Span | None:
    """The body a described speaker ("the company said" at ``phrase``) is when the text ties no
    name to its word: the one body ``names`` (those before it) give as a sentence's subject,
    opening the sentence before a lower-case word ("Microsoft has rushed out a fix.¶ … “…,”
    the company said"), when the text also has it say something ("Microsoft said", "Microsoft
    has said") - a name of one word, an acronym or a name with a body's head word ("Fire
    Department"); not a person (the last word of a longer name the text gives, a name after
    a title), a place (a name after a locative, "in Athens") or a name in a quotation
    (``quoted``).  Two such bodies are no one's (None): "the company" may be either."""
    heads, places = name_sets(lang, "org-head"), name_sets(lang, "locative")
    joins = name_sets(lang, "coordinator") | name_sets(lang, "connector") | name_sets(lang, "preposition")
    table = name_table(lang)[0]
    said = {v[0] for v in verbs(lang)}
    everywhere = known.read(text, lang)
    found: Span | None = None
    match = ""
    for n in names:
        s, e = n.span
        if e > phrase.start or any(q.start <= s < q.end for q in quoted):
            continue
        k = s
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k > 0 and not (text[k - 1] == "\n" or (text[k - 1] in ".!?" and k < s and not abbreviation_dot(text, k - 1))):
            continue  # not opening its sentence
        after = _NEXT_WORD.match(text, e)
        if after is None or key(after.group(1)) in joins:
            continue  # "Microsoft's", "Microsoft and Google", "Microsoft of …"
        if match and n.match == match:
            continue
        words = [t.key for t in tokens(n.value)]
        if len(words) > 1 and not heads.intersection(words) and not n.value.isupper():
            continue  # maybe a person's name ("Dana Tamir")
        if match:
            return None  # two bodies
        found, match = n.span, n.match
    if found is None or match in known.surnames:
        return None
    for n in everywhere:  # a person or a place where the text names it elsewhere
        if n.match != match:
            continue
        last = _key_before(text, n.span.start)
        if last is not None and (last in places or table.get((last.rstrip("."),)) == "title"):
            return None
    # "Microsoft said", "Microsoft has said", "Microsoft has also said"
    name = text[found.start:found.end]
    speaks = re.compile(r"(?<![\w.])" + re.escape(name) + r"((?: [a-z]+){1,3})")
    stop_words = stop()
    if not any(w in said and all(x in stop_words for x in words[:k])
               for m in _finditer_at(speaks, text, name) for words in [m.group(1).split()] for k, w in enumerate(words)):
        return None  # never said to say anything: maybe a place ("Athens was quiet")
    return found


def _finditer_at(rx: re.Pattern[str], text: str, lead: str):
    """``rx.finditer(text)`` for a pattern whose every match starts with ``lead`` (after
    zero-width tests): tried only where str.find finds ``lead``, not at every character of
    the text (the regex engine tests a lookbehind at each one)."""
    pos = text.find(lead)
    while pos >= 0:
        m = rx.match(text, pos)
        if m is None:
            pos = text.find(lead, pos + 1)
        else:
            yield m
            pos = text.find(lead, m.end())


def _key_before(text: str, pos: int) -> str | None:
    """The key of the last word of the 30 characters before ``pos`` (None when they hold none):
    the whole text's, by bisection, unless a word crosses ``pos`` or the window holds only a
    word it cuts (then the window's own tokens)."""
    lo = max(0, pos - 30)
    got = window_tokens(text, lo, pos, tail=True)
    if got is None or got[0] == got[1]:
        toks = tokens(text[lo:pos])
        return toks[-1].key if toks else None
    return text_keys(text)[got[1] - 1]


_NEXT_WORD = re.compile(r" ([a-z][\w'’]*)")  # a lower-case word right after a name: its verb


# a body's apposition, past a short word ending its name ("Portugal Telecom SGPS SA, Portugal's ... company,")
_BODY_APPOSITION = re.compile(r"(?:\s+[A-Z][\w.]{0,5})?,\s*([^,.;:!?\n“”\"]{1,80})")
