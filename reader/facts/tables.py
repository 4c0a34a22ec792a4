"""The word tables facts read, and the record every fact finder returns.

Every table comes from a lexicon file (``resources/lexicons/<lang>/``, see
:mod:`parallax.reader.text.lexicon`), read once per lexicon generation:

* ``numbers.tsv``: spelled-out numbers; ``figures.tsv``: what stands around a
  figure (percent and percentage-point words, currency signs, codes and
  words, counted units, range words, the decimal comma);
* ``dates.tsv``: month, weekday and relative words, the words after which four
  digits are a year, prefixes such as "mid-";
* ``name_words.tsv``: titles, nationality adjectives, the fields of occupations
  ("Corrections Officer"), document nouns (and the
  ``suffix``/``boundary``/``article``/``before-name`` kinds of some scripts), plus
  the words around names: pronouns, connectors ("von der"), determiners, Arabic
  name joiners and prefixes, Russian case endings;
* ``nicknames.tsv``: a short form of a first name and the full one (Chuck ->
  Charles);
* ``attribution.tsv`` (verbs that introduce a quotation), ``qualifiers.tsv``
  ("more than", "about").
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.model import Span
from parallax.reader.text.keys import has_unspaced, key, tokens
from parallax.reader.text.lexicon import generation, load, load_exact, number_words, stopwords

__all__ = [
    "Figures",
    "Item",
    "NameTable",
    "bodies",
    "caseless",
    "date_cues",
    "date_words",
    "determiners",
    "figures",
    "guarded_verbs",
    "joined",
    "jump",
    "kind_at",
    "name_sets",
    "name_table",
    "name_variants",
    "naming_verbs",
    "nicknames",
    "numbers",
    "places",
    "qualifiers",
    "stop",
    "trim_titles",
    "unspaced",
    "verb_nouns",
    "verbs",
    "year_at",
]


class Item(NamedTuple):
    """One fact mention on one side."""

    kind: str  # number | date | quote | name
    value: str  # what is shown
    match: str  # what is compared
    head: str  # numbers: the counted thing's stem ("" if none); quotes: the speaker
    span: Span
    lo: float = 0.0  # numbers: the interval the figure allows ("more than 94,000": 94,000 to inf)
    hi: float = 0.0
    context: tuple[str, ...] = ()  # numbers: the content words around it, in its sentence
    of: str = ""  # a compound figure's noun: "mother" of "his 58-year-old mother" ("" if none)


def stop() -> frozenset[str]:
    """Function words of every language, as matching keys."""
    return stopwords()


def own_stop(lang: str) -> frozenset[str]:
    """The function words of one language (its ``stopwords.tsv``), or of every language
    when it has none: "Los Angeles" keeps its "Los" in English text."""
    return _own_stop(lang, generation())


@lru_cache(maxsize=16)
def _own_stop(lang: str, _gen: tuple) -> frozenset[str]:
    return frozenset(key(row[0]) for row in load_exact("stopwords.tsv", lang) if row) or stopwords()


def unspaced(ch: str) -> bool:
    """A character of a script written without spaces between words (Chinese, Japanese...)."""
    return bool(ch) and has_unspaced(ch)


def caseless(word: str) -> bool:
    """A word in a script without capitals (Arabic, Hebrew, Devanagari...)."""
    return bool(word) and word[0].isalpha() and word[0].upper() == word[0].lower()


@lru_cache(maxsize=64)
def joined(*sets: frozenset[str]) -> frozenset[str]:
    """The words of all ``sets`` (frozensets), made once for the same sets: a union with the
    function words of every language (``stop()``, hundreds of words) costs a new table of
    them, where it was made once a quotation or a speaker's phrase."""
    return frozenset().union(*sets)


def jump(cands: list[int], ci: int, i: int) -> tuple[int, int]:
    """The first candidate index at or after ``i`` (searching the sorted ``cands`` from
    ``ci``): its place in ``cands`` and the index, or -1 when none is left."""
    ci = bisect_left(cands, i, ci)
    return ci, (cands[ci] if ci < len(cands) else -1)


def year_at(keys: Sequence[str], i: int, /, *, named_next: bool = False) -> bool:
    """Whether token ``i`` is a year written alone ("a 2003 murder case", "1999's"): four
    figures from 1800 to 2100 not followed by a plural noun they would count ("1500 troops").
    ``named_next``: the next word is written with a capital, so a name, not a noun counted
    ("© 2021 Reuters", "the 2012 Olympics")."""
    k = keys[i].removesuffix("'s")
    if not (len(k) == 4 and k.isdigit() and 1800 <= int(k) <= 2100):
        return False
    nxt = keys[i + 1] if i + 1 < len(keys) else ""
    return k != keys[i] or named_next or not (len(nxt) > 3 and nxt.endswith("s") and nxt[:1].isalpha()
                                              and not nxt.endswith(("'s", "ss")))


@lru_cache(maxsize=16)
def _bodies(lang: str, _gen: tuple) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, row in enumerate(_rows("bodies.tsv", lang)):
        for w in row:
            out.setdefault(key(w), i)
    return out


def bodies(lang: str, *, gen: tuple | None = None) -> dict[str, int]:
    """The nouns a text calls a body by (``bodies.tsv``): {word: its row}, the words of one
    row one kind of body ("company", "firm", "giant"; "paper", "daily")."""
    return _bodies(lang, generation() if gen is None else gen)


def _rows(name: str, lang: str) -> tuple[tuple[str, ...], ...]:
    """A lexicon's rows for ``lang``, English's added (signs, codes and names cross languages)."""
    rows = load(name, lang)
    return rows if lang == "en" else rows + load_exact(name, "en")


# ---------------------------------------------------------------- numbers


def numbers(lang: str) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Spelled-out numbers: (units, scales, ordinals), matching key -> value."""
    return number_words(lang)


class Figures(NamedTuple):
    """The words around figures of one language (``figures.tsv``)."""

    units: frozenset[str]  # counted nouns that end a phrase even in the singular
    marks: dict[tuple[str, ...], tuple[str, str]]  # word keys -> (percent | point | currency, normal form)
    longest: int  # the most words of a mark
    signs: tuple[tuple[str, str], ...]  # currency signs written onto a figure ("US$"), longest first
    joins: frozenset[str]  # between tens and units ("treinta y dos")
    ranges: frozenset[str]  # between two figures of a range or a vote ("to")
    between: frozenset[str]  # before a range whose ends a join word links ("between")
    decimal_comma: bool
    phone_words: frozenset[str]  # before a local phone number ("call 222-2027")
    idioms: tuple[str, ...]  # figures that are sayings, no facts ("24/7", "50/50")
    adds: dict[tuple[str, ...], float]  # written after a figure, adding to it ("and a half": 0.5)
    per: frozenset[tuple[str, ...]] = frozenset()  # between the figures of a proportion ("in", "out of")
    before: dict[str, str] | None = None  # currency codes written apart before a figure ("INR 500"): key -> sign
    suffixes: dict[str, float] | None = None  # scales written onto a figure of money, exact case ("MM": 1e6)
    positions: tuple[str, ...] = ()  # players' positions written with figures ("1B"), exact case
    versions: frozenset[str] = frozenset()  # words after which figures are a version ("IE", "version")
    lists: frozenset[str] = frozenset()  # words joining the versions of a list ("and", "through")
    anaphors: frozenset[str] = frozenset()  # before a spelled-out figure that refers back ("the two leaders")


# The kinds of figures.tsv that are sets of words: of their keys (matched as the text's
# words are) or of the terms as written (matched in their case, or as whole strings)
_KEYED_KINDS = ("unit", "and", "range", "between", "phone", "anaphor")
_EXACT_KINDS = ("idiom", "position", "version", "list")


def _longest_first(terms: set[str]) -> tuple[str, ...]:
    return tuple(sorted(terms, key=len, reverse=True))


@lru_cache(maxsize=16)
def _figures(lang: str, _gen: tuple) -> Figures:
    keyed: dict[str, set[str]] = {k: set() for k in _KEYED_KINDS}
    exact: dict[str, set[str]] = {k: set() for k in _EXACT_KINDS}
    marks: dict[tuple[str, ...], tuple[str, str]] = {}
    signs: dict[str, str] = {}
    adds: dict[tuple[str, ...], float] = {}
    per: set[tuple[str, ...]] = set()
    before: dict[str, str] = {}
    suffixes: dict[str, float] = {}
    comma = False
    own = {r[0] for r in load_exact("figures.tsv", lang)}
    for row in _rows("figures.tsv", lang):
        if len(row) < 2:
            continue
        term, kind = row[0], row[1]
        norm = row[2] if len(row) > 2 else term
        if kind == "decimal":
            comma = comma or (term == "," and term in own)
            continue
        if kind in exact:
            exact[kind].add(term)
            continue
        ks = tuple(t.key for t in tokens(term))
        if kind in keyed:
            keyed[kind].update(ks)
        elif kind in ("percent", "point", "currency"):
            if ks and not (kind == "currency" and _sign_with_letters(term)):
                marks.setdefault(ks, (kind, norm))
            if kind == "currency" and not term.isalpha():
                signs.setdefault(term.casefold(), norm)  # "$", "US$", "€"
        elif kind == "per" and ks:
            per.add(ks)
        elif kind == "before" and len(ks) == 1:
            before.setdefault(ks[0], norm)
        elif kind in ("suffix", "add"):
            try:
                value = float(norm)
            except ValueError:
                continue  # a row without its value scales or adds nothing
            if kind == "suffix":
                suffixes.setdefault(term, value)
            elif ks:
                adds.setdefault(ks, value)
    return Figures(frozenset(keyed["unit"]), marks, max((len(k) for k in marks), default=1),
                   tuple(sorted(signs.items(), key=lambda kv: -len(kv[0]))),
                   frozenset(keyed["and"]), frozenset(keyed["range"]), frozenset(keyed["between"]), comma,
                   frozenset(keyed["phone"]), _longest_first(exact["idiom"]), adds, frozenset(per), before,
                   suffixes, _longest_first(exact["position"]), frozenset(exact["version"]), frozenset(exact["list"]),
                   frozenset(keyed["anaphor"]))


def _sign_with_letters(term: str) -> bool:
    """A currency sign with letters ("US$", "A$", "HK$"): written onto a figure only; its
    letters alone after a figure are no currency ("5 US soldiers", "10 a day")."""
    return any(unicodedata.category(c) == "Sc" for c in term) and any(c.isalpha() for c in term)


def figures(lang: str, *, gen: tuple | None = None) -> Figures:
    """``gen``: the lexicon generation when the caller has read it (once per text)."""
    return _figures(lang, generation() if gen is None else gen)


@lru_cache(maxsize=16)
def _qualifiers(lang: str, _gen: tuple) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for row in load("qualifiers.tsv", lang):
        ks = tuple(t.key for t in tokens(row[0]))
        if ks and len(row) > 1:
            out[ks] = row[1]
    return out


def qualifiers(lang: str) -> dict[tuple[str, ...], str]:
    """Words before a figure that make it approximate or a bound: key tuple -> kind."""
    return _qualifiers(lang, generation())


# ---------------------------------------------------------------- dates

_DATE_KINDS = frozenset({"month", "weekday", "relative", "link"})


@lru_cache(maxsize=16)
def _date_words(lang: str, _gen: tuple) -> tuple[dict[str, tuple[str, str, bool]], dict[str, frozenset[str]]]:
    words: dict[str, tuple[str, str, bool]] = {}
    cues: dict[str, set[str]] = {}
    for row in load("dates.tsv", lang):
        if len(row) < 3:
            continue
        if row[1] in _DATE_KINDS:
            words[key(row[0])] = (row[1], row[2], len(row) > 3 and row[3] == "capital")
        else:
            cues.setdefault(row[1], set()).add(key(row[0]))
    return words, {k: frozenset(v) for k, v in cues.items()}


def date_words(lang: str) -> dict[str, tuple[str, str, bool]]:
    """Date words: kind (month, weekday, relative, link), normal form, and whether the
    word only counts capitalised (English "May", not "may")."""
    return _date_words(lang, generation())[0]


def date_cues(lang: str, kind: str) -> frozenset[str]:
    """The other words of ``dates.tsv`` by kind: ``before-year``, ``prefix``."""
    return _date_words(lang, generation())[1].get(kind, frozenset())


# ---------------------------------------------------------------- names and speakers


@lru_cache(maxsize=16)
def _verbs(lang: str, _gen: tuple) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for row in load("attribution.tsv", lang):
        words = tuple(t.key for t in tokens(row[0]))  # "表示" is two tokens, as in the text
        if words:
            out[words] = row[1] if len(row) > 1 else "neutral"
    return out


def verbs(lang: str) -> dict[tuple[str, ...], str]:
    """Attribution verbs (key tuples) -> stance."""
    return _verbs(lang, generation())


@lru_cache(maxsize=16)
def _verb_marks(lang: str, _gen: tuple) -> dict[str, frozenset[tuple[str, ...]]]:
    out: dict[str, set[tuple[str, ...]]] = {}
    for row in load("attribution.tsv", lang):
        for mark in (row[2].split() if len(row) > 2 else ()):
            out.setdefault(mark, set()).add(tuple(t.key for t in tokens(row[0])))
    return {k: frozenset(v) for k, v in out.items()}


def verb_nouns(lang: str) -> frozenset[tuple[str, ...]]:
    """Attribution verb forms that are also nouns ("states", "claims": ``attribution.tsv``'s
    third column ``noun``), key tuples."""
    return _verb_marks(lang, generation()).get("noun", frozenset())


def guarded_verbs(lang: str) -> frozenset[tuple[str, ...]]:
    """The attribution verb forms a framing marker takes only where a quotation, a colon or
    "that" shows them attributing, key tuples: :func:`verb_nouns` and the verbs with other
    senses (``other-sense``: "answered the phone", "recalled a million cars").  Next to a
    quotation, where the quotation finder reads them, those senses are rare."""
    marks = _verb_marks(lang, generation())
    return marks.get("noun", frozenset()) | marks.get("other-sense", frozenset())


def naming_verbs(lang: str) -> frozenset[tuple[str, ...]]:
    """Attribution verbs that name a thing ("called", "dubbed": ``attribution.tsv``'s third
    column ``naming``), key tuples: they attribute a quotation only when it is what they name."""
    return _verb_marks(lang, generation()).get("naming", frozenset())


# The kinds of name_words.tsv that say what a capitalised (or titled) word is; the
# other kinds are sets of words around names (see name_sets).
_NAME_KINDS = frozenset({"title", "demonym", "field", "document", "suffix", "boundary", "article", "before-name", "name",
                         "title-abbr", "title-or-body"})
NameTable = tuple[dict[tuple[str, ...], str], int]


@lru_cache(maxsize=16)
def _name_words(lang: str, _gen: tuple) -> tuple[NameTable, dict[str, frozenset[str]]]:
    table: dict[tuple[str, ...], str] = {}
    longest = 1
    sets: dict[str, set[str]] = {}
    for row in load("name_words.tsv", lang):
        if len(row) < 2:
            continue
        if row[1] in _NAME_KINDS:
            ks = tuple(t.key for t in tokens(row[0]))
            if ks:
                table[ks] = row[1]
                longest = max(longest, len(ks))
        else:
            sets.setdefault(row[1], set()).add(key(row[0]))
    if lang != "en":  # pronouns, connectors and determiners of English names everywhere
        for row in load_exact("name_words.tsv", "en"):
            if len(row) > 1 and row[1] in ("pronoun", "connector", "determiner"):
                sets.setdefault(row[1], set()).add(key(row[0]))
    return (table, longest), {k: frozenset(v) for k, v in sets.items()}


def name_table(lang: str, *, gen: tuple | None = None) -> NameTable:
    """{term key tuple: kind} for titles, nationality adjectives, document nouns...; longest term."""
    return _name_words(lang, generation() if gen is None else gen)[0]


def name_sets(lang: str, kind: str, *, gen: tuple | None = None) -> frozenset[str]:
    """The words of ``name_words.tsv`` of one other kind: ``pronoun``, ``connector``,
    ``determiner``, ``joiner``, ``definite``, ``clitic``, ``case-ending``."""
    return _name_words(lang, generation() if gen is None else gen)[1].get(kind, frozenset())



def determiners(lang: str) -> frozenset[str]:
    """The words that may open a speaker's name without being part of it ("the", "a",
    and the articles of ``name_words.tsv``)."""
    return _determiners(lang, generation())


@lru_cache(maxsize=16)
def _determiners(lang: str, gen: tuple) -> frozenset[str]:
    # read once per word lists: quotes and speakers ask at every side, and the set walks
    # the whole name table
    return name_sets(lang, "determiner", gen=gen) | {
        k[0] for k, kind in name_table(lang, gen=gen)[0].items() if kind == "article"}


@lru_cache(maxsize=16)
def _places(lang: str, _gen: tuple) -> frozenset[str]:
    listed = {key(r[0]) for r in _rows("places.tsv", lang) if r and r[0]}
    named = {k for k in _name_variants(lang, _gen) if " " not in k and k not in stop()}
    bodies_ = _name_words(lang, _gen)[1].get("body", frozenset())
    return frozenset(listed | named | bodies_)


def places(lang: str, *, gen: tuple | None = None) -> frozenset[str]:
    """One-word places and bodies, as matching keys: ``places.tsv``'s, the one-word names of
    ``aliases.tsv`` and ``naming.tsv`` ("Britain", "Kyiv"; not "us" or "who") and the
    ``body`` words of ``name_words.tsv`` ("Congress", "Kremlin").  A word opening a sentence
    that the text writes nowhere else is a name when it is one."""
    return _places(lang, generation() if gen is None else gen)


@lru_cache(maxsize=16)
def _nicknames(lang: str, _gen: tuple) -> dict[str, str]:
    return {key(r[0]): key(r[1]) for r in _rows("nicknames.tsv", lang) if len(r) > 1}


def nicknames(lang: str, *, gen: tuple | None = None) -> dict[str, str]:
    """Short forms of first names -> the full form ("chuck" -> "charles")."""
    return _nicknames(lang, generation() if gen is None else gen)


@lru_cache(maxsize=16)
def _name_variants(lang: str, _gen: tuple) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in _rows("naming.tsv", lang):
        variants = [c.lstrip("*") for c in row[1:]]
        if len(variants) > 1 and all(v[:1].isupper() for v in variants):  # names, not "war"/"invasion"
            for v in variants:
                out.setdefault(key(v), key(row[0]))
    for row in _rows("aliases.tsv", lang):
        for v in row[1:]:
            out.setdefault(key(v), key(row[0]))
    return out


def name_variants(lang: str, *, gen: tuple | None = None) -> dict[str, str]:
    """Names of one place or body written differently: ``naming.tsv`` rows whose variants
    are all names (Kyiv/Kiev, Myanmar/Burma) and ``aliases.tsv`` rows (U.S./United States,
    UK/Britain): variant key -> the group's key."""
    return _name_variants(lang, generation() if gen is None else gen)


def kind_at(keys: list[str] | tuple[str, ...], i: int, table: NameTable) -> tuple[str, int] | None:
    """The name-word kind of the longest term starting at keys[i], and its length."""
    words, longest = table
    for ln in range(min(longest, len(keys) - i), 0, -1):
        kind = words.get(tuple(keys[i:i + ln]))
        if kind is not None:
            return kind, ln
    return None


def person_after_title(keys: list[str], table: NameTable,
                       joining: frozenset[str] | set[str] = frozenset(), capitals: Sequence[bool] = ()) -> tuple[int, int]:
    """In a run that names an organisation or place, then a title, then a person of two
    words or more ("New York Governor Andrew Cuomo"), where the title and the person
    start: (2, 3); (0, 0) for other runs ("Martin Luther King Jr": no person after the
    title; "Professor of Conservation Ecology": a ``joining`` word after it).  Titles one
    after another are one role ("Albany County Assistant District Attorney Dave Rossi",
    "TDCJ Inspector General John Moriarty": (2, 5), (1, 3))."""
    found = (0, 0)
    p = 1
    while p < len(keys) - 2:
        got = kind_at(keys, p, table)
        if got is not None and (got[0] == "title" or _abbreviated(got[0], capitals, p)) and len(keys) - (p + got[1]) >= 2 and \
                keys[p + got[1]] not in joining:
            found = (found[0] if found[1] == p and found[1] else p, p + got[1])
            p += got[1]
        else:
            p += 1
    return found


def _abbreviated(kind: str, capitals: Sequence[bool], i: int) -> bool:
    """Is a word of ``kind`` at ``i`` a job's abbreviation written in capitals ("GM", "ADA"; not "Ada")?"""
    return kind in ("title-abbr", "title-or-body") and i < len(capitals) and capitals[i]


def trim_titles(keys: list[str], table: NameTable, capitals: Sequence[bool] = ()) -> int:
    """How many leading words of a capitalised run are titles, or nationality adjectives
    and the fields of an occupation in front of a title ("Russian President Vladimir
    Putin" -> 2, "Corrections Officer Manuel Gonzalez" -> 2, "Former Democratic Senator
    John Smith" -> 3); all of them when the run is nothing but titles and nationality
    adjectives ("President", "Russian"; a field alone stays: "Homeland Security").  A job's
    abbreviation (``title-abbr``, ``title-or-body``: "ADA", "GM") is a title only written in
    capitals (``capitals``, each word's) opening a run, before a name of two words or more ("GM
    Theo Epstein" -> 1; "GM Korea" is a company, "Ada Louise Huxtable" a person)."""
    i = 0
    while i < len(keys):
        got = kind_at(keys, i, table)
        if got is None:
            break
        kind, ln = got
        if kind == "title" or (_abbreviated(kind, capitals, i) and i == 0 and len(keys) - ln >= 2):
            i += ln  # ("GM Theo Epstein"; not "GM Korea", a company)
        elif kind in ("demonym", "field"):
            j, field = i, False
            while j < len(keys) and (got := kind_at(keys, j, table)) is not None and got[0] in ("demonym", "field"):
                field = field or got[0] == "field"
                j += got[1]
            nxt = kind_at(keys, j, table) if j < len(keys) else None
            if (nxt is None or nxt[0] != "title") and (j < len(keys) or field):
                break  # "European Union", "Russian Foreign Ministry", "Police Department"
            i = j
        else:
            break
    return i
