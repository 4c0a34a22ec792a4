"""Who a speaker that names no one is: "he" or "she" is the person the text named
before it (the subject of the last sentence naming one, a few paragraphs back at most).

:func:`antecedent` reads the text's names (:func:`~parallax.reader.facts.names.text_names`)
and its sentences; :class:`Known` keeps what it reads of one text between calls.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from parallax.reader.facts.names import text_names
from parallax.reader.facts.tables import determiners, name_sets, name_table, verbs
from parallax.reader.model import Span
from parallax.reader.text.keys import key, tokens
from parallax.reader.text.segment import abbreviation_dot

__all__ = ["SENTENCE_END", "Known", "antecedent"]

SENTENCE_END = re.compile(r"[.!?](?=\s)")


class Known:
    """A text's names as :func:`antecedent` reads them, kept between its calls on one text."""

    def __init__(self) -> None:
        self.names: tuple = ()
        self.starts: list[int] = []  # where each name starts
        self.surnames: dict[str, int] = {}  # a longer name's last word -> where it is first given in full


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
    never a body (a head word such as "Center"), a place after a locative ("in New York"),
    a name after "the" ("The Sun Herald"), a possessive ("Horton's mother") or a name in a
    quotation (``quoted``: the quotations before it).  ``known``: the text's names, kept by
    the caller between calls (filled here)."""
    if known is None:
        known = Known()
    end = pronoun.start
    while end > 0 and text[end - 1] not in ".!?\n" and end > pronoun.start - 300:
        end -= 1  # the pronoun's own sentence names no antecedent ("He told Fox News: “…”")
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
    names = text_names(text, lang)
    if known.names is not names:
        known.names, known.starts = names, [n.span.start for n in names]
        known.surnames = {}
        for n in names:  # where each surname of a longer name is first given in full
            if " " in n.match:
                known.surnames.setdefault(n.match.rsplit(" ", 1)[-1], n.span.end)
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
    said_by = {v[0] for v in verbs(lang)}  # "…, Waldie said there was no way": who says is who spoke
    heads, places, table = name_sets(lang, "org-head"), name_sets(lang, "locative"), name_table(lang)[0]
    articles = determiners(lang)

    def person(it) -> bool:
        words = [t.key for t in tokens(it.value)]
        s, e = it.span
        at = bisect_left(starts, s)
        before = wt[at - 1].key if at > 0 else ""
        if not words or heads.intersection(words) or it.value.isupper() or before in places \
                or before in articles or window[e:e + 2].lstrip()[:1] in ("'", "\u2019") \
                or any(q.start <= s + lo < q.end for q in quoted):
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


_CLAUSE_END = re.compile(r"[.!?]\s+|\n+")
_BACK_PARAGRAPHS = 3  # paragraphs before a pronoun's own that name its person
_BACK_CHARS = 800  # ... at most this far back
