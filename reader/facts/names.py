"""Names of people, places and organisations, one per person or place.

In cased scripts a name is a run of capitalised words, joined also by the
``connector`` words of ``name_words.tsv`` ("Ursula von der Leyen", "Bank of
England").  Leading function words are dropped ("The White House" -> "White
House"), as are titles and the nationality adjectives before a title ("Russian
President Vladimir Putin" -> "Vladimir Putin"); a bare title or nationality
adjective is no name.  A single word opening a sentence counts only when the
text capitalises it elsewhere too, and a common word opening the sentence is no
part of a name ("Despite Biden").  German, which capitalises every noun, lists
its articles so that nouns are not names.  A compound is split where its parts
are names the text uses on their own: "Putin of Russia" is Putin and Russia when
the text says "Putin" alone, "Biden-Putin" is Biden and Putin; "Bank of England"
stays whole.  Scripts without capitals are read by :mod:`.scripts`.

Names are compared by :func:`name_key`: the matching key, one key for the
variants of a name in ``naming.tsv`` (Kyiv/Kiev), a nickname's first
name replaced by the full one ("Chuck Schumer" = "Charles Schumer", from
``nicknames.tsv``), and Cyrillic words without their case endings ("Владимира
Путина" = "Владимир Путин").  :func:`canonical_names` maps a side's short forms
to its full names (a surname alone -> the last full name ending with it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache
from operator import itemgetter

from parallax.reader.facts.scripts import CASELESS_RE, caseless_names, unspaced_names
from parallax.reader.facts.tables import (
    Item,
    date_words,
    kind_at,
    name_sets,
    name_table,
    name_variants,
    nicknames,
    own_stop,
    person_after_title,
    places,
    stop,
    trim_titles,
    verbs,
)
from parallax.reader.model import Span
from parallax.reader.text.keys import (
    capital_tokens,
    has_unspaced,
    key,
    lower_words,
    text_lower_words,
    text_tokens,
)
from parallax.reader.text.lexicon import generation, lexicon_language
from parallax.reader.text.segment import abbreviation_dot

__all__ = ["canonical_names", "name_key", "names_in", "text_names"]

_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_POSSESSIVE_RE = re.compile(r"['’`]s$")
_START = itemgetter(1)


def _bare(k: str) -> str:
    return k[:-2] if k.endswith("'s") else k


def name_key(name: str, /, lang: str | None = None) -> str:
    """What a name is compared by: its matching key, with a nickname's full first name
    ("chuck schumer" -> "charles schumer") and, in Cyrillic, each word without its case
    ending ("Владимира Путина" = "Владимир Путин")."""
    return _name_key(name, lang or "en", generation())


@lru_cache(maxsize=65536)
def _name_key(name: str, lang: str, _gen: tuple) -> str:
    k = key(name)
    variant = name_variants(lang, gen=_gen).get(k)
    if variant:
        return variant  # "Kiev" -> "kyiv"
    words = k.split()
    if len(words) > 1:
        full = nicknames(lang, gen=_gen).get(words[0])
        if full:
            words[0] = full
    if _CYRILLIC_RE.search(k):
        endings = sorted(name_sets(lexicon_language(None, name), "case-ending", gen=_gen), key=len, reverse=True)
        for x, w in enumerate(words):
            for end in endings:
                if w.endswith(end) and len(w) - len(end) >= 3:
                    words[x] = w[: -len(end)]
                    break
    return " ".join(words)


def text_names(text: str, lang: str, /) -> tuple[Item, ...]:
    """:func:`names_in` of a whole article, cached: facts and quotations both read them."""
    return _text_names(text, lang, generation())


@lru_cache(maxsize=8)
def _text_names(text: str, lang: str, _gen: tuple) -> tuple[Item, ...]:
    return tuple(names_in(text, lang))


def names_in(text: str, lang: str, toks: tuple | None = None) -> list[Item]:
    """Every name mention of a text (see the module docstring), in text order per script."""
    whole = toks is None  # the whole text's tokens: what text_lower_words reads
    if toks is None:
        toks = text_tokens(text)
    stop_words = stop()
    own = own_stop(lang or "en")  # a leading function word of another language stays: "Los Angeles"
    # "US", "UK", "WHO" in capitals are names (aliases.tsv), though "us", "who" are function words
    variants = name_variants(lang)
    shouting = {k for k in variants if k in stop_words}

    def stopped(t) -> bool:
        k = t.key
        if "'" in k and k[0] != "'":  # "I've", "It's", "We'll": a function word with its ending
            head, _, tail = k.partition("'")
            if head in stop_words and tail and not text[t.end - len(tail)].isupper():
                return True
        return k in stop_words and not (k in shouting and text[t.start:t.end].isupper())
    dates = date_words(lang)
    table = name_table(lang)
    connectors = name_sets(lang, "connector")
    openers = name_sets(lang, "opener")
    coordinators = name_sets(lang, "coordinator")  # "and" inside a body's name, before its head word
    heads = name_sets(lang, "org-head")
    commons = name_sets(lang, "common")
    after_title: frozenset[str] | None = None  # what cannot open the person after a title (when asked)
    n = len(toks)
    starts = capital_tokens(text, toks)  # the indexes of the capitalised tokens
    capital = set(map(_START, map(toks.__getitem__, starts)))
    firsts, noun_caps = _first_words(table), _noun_caps(table)  # German lists its articles (nouns are capitalised)
    known_places = places(lang)  # what a word opening a sentence may name ("Britain will…")

    def is_cap(t) -> bool:
        return t.start in capital

    opening: dict[int, bool] = {}  # token start -> initial(): asked several times a token

    def initial(t) -> bool:
        got = opening.get(t.start)
        if got is None:
            got = opening[t.start] = _opens_sentence(text, t.start, table)
        return got

    cap_mid: set[str] = set()  # capitalised words met inside a sentence
    for t in map(toks.__getitem__, starts):
        p = t.start
        if p >= 2 and text[p - 1] == " " and text[p - 2] not in _STOPS and not text[p - 2].isspace():
            opening[p] = False  # after a word and a space (most words): _opens_sentence's first test
            cap_mid.add(t.key)
        elif not initial(t):
            cap_mid.add(t.key)
    lower_seen = text_lower_words(text) if whole else lower_words(text, toks)  # words also written in lower case: common words
    runs: list[list[int]] = []
    titled: set[int] = set()  # the first tokens of runs a title opened
    si = 0
    i = 0
    n_starts = len(starts)
    while i < n:
        si = bisect_left(starts, i, si)  # the next capitalised token (tables.jump, inline: once a token)
        if si >= n_starts:
            break
        i = starts[si]
        t = toks[i]
        k = t.key
        if (k[:-2] if k.endswith("'s") else k) in dates or k.rstrip(".") in dates:
            i += 1
            continue
        if k not in cap_mid and (i + 1 == n or not ((nt := toks[i + 1]).start in capital or nt.key in connectors
                                                    or nt.key in coordinators)) and initial(t) \
                and k not in known_places:
            i += 1  # one capitalised word opening a sentence, written so nowhere else: no name (most; not "Britain")
            continue
        j = i + 1
        while j < n:
            pk, ps, pe = toks[j - 1]  # (each token unpacked once, not read by attribute again and again)
            kj, sj, ej = toks[j]
            between = text[pe:sj]
            if "&" in between and between.strip() == "&" and sj in capital and (between == "&" or not (
                    text[ps:pe].isupper() and text[sj:ej].isupper())):
                j += 1  # "Johnson & Johnson", "AT&T" (not "EU & IMF": two bodies)
                continue
            initial_dot = between == ". " and (len(pk) == 1 or (
                _INITIALS_RE.fullmatch(pk) is not None and abbreviation_dot(text, pe)))
            if between not in (" ", "-", "\u00a0") and not initial_dot:
                break
            if kj in coordinators and j - i <= 3 and _names_a_body(text, toks, j + 1, is_cap, heads) \
                    and not any(toks[x].key in connectors or _bare(toks[x].key) in heads for x in range(i, j)):
                # (not after a whole name: "Wildlife Service and National Marine Fisheries Service")
                j += 1  # "Securities and Exchange Commission", "Fish and Wildlife Service"
                continue
            if sj in capital and (kj[:-2] if kj.endswith("'s") else kj) not in dates:
                j += 1
            elif kj in connectors and j + 2 < n and toks[j + 1].key in connectors and \
                    toks[j + 2].start in capital and text[ej:toks[j + 2].start].count(" ") == 2:
                j += 3  # "Ursula von der Leyen", "Rafael van der Vaart"
            elif kj in connectors and j + 1 < n and toks[j + 1].start in capital and \
                    text[ej:toks[j + 1].start] == " " and not (
                        noun_caps and kind_at([kj], 0, table) == ("article", 1)
                        and pk not in connectors):
                j += 2
            else:
                break
        run = list(range(i, j))
        if len(run) > 2 and all(text[toks[x].start:toks[x].end].isupper() for x in run) \
                and any(toks[x].key in stop_words and toks[x].key not in connectors for x in run[1:-1]):
            run = []  # "RED SOX MAKE HUGE OFFER TO TEIXEIRA": a line in capitals, not a name
        while run and (toks[run[0]].key in own or "'" in toks[run[0]].key) and stopped(toks[run[0]]) and not (
                len(run) > 1 and text[toks[run[0]].end:toks[run[1]].start] == "&"):  # "The White House", "In Moscow"
            run.pop(0)  # (not "AT&T": one word with its ampersand)
        # (stopped needs a function word or an apostrophe: asked only then)
        while run and ((("'" in (kl := toks[run[-1]].key) or kl in stop_words) and stopped(toks[run[-1]]))
                       or kl in connectors) and not (
                len(run) > 1 and text[toks[run[-2]].end:toks[run[-1]].start] == "&"):
            run.pop()
        if run and commons and key(text[toks[run[0]].start:toks[run[-1]].end]) in commons:
            run = []  # "M&A", "R&D", "Q&A": common nouns in capitals (name_words.tsv kind common)
        if run:
            # no term of the table starts with the first word: no title to trim (most runs)
            cut_titles = trim_titles([_bare(toks[x].key) for x in run], table, [text[toks[x].start:toks[x].end].isupper()
                                                                                for x in run]) \
                if (k0[:-2] if (k0 := toks[run[0]].key).endswith("'s") else k0) in firsts else 0
            run = run[cut_titles:]
            of_body = False
            while cut_titles and run and toks[run[0]].key in connectors:
                run.pop(0)  # "CEO of Apple" -> "Apple"
                of_body = True
            if of_body and len(run) >= 3 and not stopped(toks[run[0]]) and \
                    not any(toks[x].key in connectors for x in run):
                # "Secretary of Commerce Gary Locke", "Governor of Texas Greg Abbott": the body,
                # then the person (two words) who holds the title (not "of The Wildlife Society")
                body = run[:-2]
                if len(body) > 1 or toks[body[0]].key not in lower_seen:
                    runs.append(body)  # not a common word ("Chief of Detectives" where "detectives" is one)
                run = run[-2:]
            if cut_titles and run:
                titled.add(run[0])  # "President Putin ...": a person
            if len(run) > 2:
                if after_title is None:
                    after_title = connectors | stop_words
                title_at, at = person_after_title([_bare(toks[x].key) for x in run], table, after_title,
                                                  [text[toks[x].start:toks[x].end].isupper() for x in run])
                if at:  # "Los Angeles County Sheriff Lee Baca": a place, a title, a person
                    org = run[:title_at]
                    if len(org) > 1 or (org and toks[org[0]].key not in lower_seen):
                        runs.append(org)  # not a common word ("Assistant", "Police")
                    run = run[at:]
                    titled.add(run[0])
            last = toks[run[-1]] if run else None
            if len(run) > 1 and text[last.end:last.end + 1] == "." and abbreviation_dot(text, last.end) and \
                    kind_at([last.key], 0, table) == ("title", 1):
                run = run[:-1]  # "Oregon State Police Lt. Gregg Hastings": an abbreviated title
            if len(run) > 1 and kind_at([_bare(toks[run[-1]].key)], 0, table) == ("title", 1):
                run = run[:_place_before_titles([_bare(toks[x].key) for x in run], table, variants)]
        if len(run) > 1 and initial(toks[run[0]]) and (toks[run[0]].key in lower_seen or toks[run[0]].key in openers) \
                and toks[run[0]].key not in cap_mid:
            run = run[1:]  # "Yesterday Putin", "Because Biden": a common word opening the sentence
            if run and (toks[run[0]].key in connectors or toks[run[0]].key in coordinators):
                run = run[1:]  # "Courtesy of The Hunger Games" -> "Hunger Games"
                while run and stopped(toks[run[0]]) and toks[run[0]].key in own:
                    run.pop(0)
        elif len(run) > 2 and toks[run[1]].key == "of" and _plural_opening(toks[run[0]].key) and \
                initial(toks[run[0]]) and toks[run[0]].key not in cap_mid:
            run = run[2:]  # "Shares of General Motors", "Residents of Kyiv" (not "Bank of England")
        if len(run) == 1:
            first = toks[run[0]]
            if (first.key not in cap_mid and first.key not in known_places and initial(first)) or (
                    ("'" in first.key or first.key in stop_words) and stopped(first)) \
                    or len(first.key) < 2:
                run = []
        if len(run) == 1 and noun_caps and run[0] > 0 and not initial(toks[run[0]]):
            prev = toks[run[0] - 1]
            prev_kind = kind_at([prev.key], 0, table)
            if text[prev.end:toks[run[0]].start] == " " and prev_kind != ("before-name", 1) and (
                    not is_cap(prev) or prev_kind == ("article", 1)):
                run = []  # German "die Gespräche", "harten Sanktionen": a noun, not a name
        if run:
            runs.append(run)
        i = max(j, i + 1)
    gen = generation()  # once: a name's key is read per mention
    out = [it for s, e in _split(text, toks, runs, connectors, table, titled=titled, places=known_places,
                                  heads=heads, variants=variants)
           for it in _item(text, s, e, lang, gen)]
    out = _pairs_apart(text, out, lang, gen)
    if not text.isascii() and CASELESS_RE.search(text):  # (isascii: no scan of an ASCII text)
        verb_words = {w for k in verbs(lang) for w in k}  # "الرئيس قال": no name
        out += caseless_names(text, toks, lang, stop_words | set(dates) | verb_words)
        if has_unspaced(text):
            out += unspaced_names(text, lang)
    return out


def _names_a_body(text: str, toks, k: int, is_cap, heads: frozenset[str]) -> bool:
    """Do the capitalised words from ``toks[k]`` on (one space apart, after one space)
    hold the head word of a body's name ("Exchange Commission", "Wildlife Service",
    "Human Services Secretary …"), so that the "and" before them joins, not parts, two
    names ("Bush and Cheney", "France and Germany" stay two)?"""
    if not heads or k >= len(toks) or text[toks[k - 1].end:toks[k].start] != " ":
        return False
    while k < len(toks) and is_cap(toks[k]):
        if _bare(toks[k].key) in heads:
            return True
        if k + 1 >= len(toks) or text[toks[k].end:toks[k + 1].start] != " ":
            return False
        k += 1
    return False


def _place_before_titles(keys: list[str], table, variants: dict[str, str]) -> int:
    """How many words of a run ending in a title to keep: those before the title when they
    are another name of a place or body ("US President", "UN Secretary-General": the
    United States, the United Nations); all of them otherwise ("Stephen King")."""
    for p in range(1, len(keys)):
        if " ".join(keys[:p]) not in variants:
            continue
        i = p
        while i < len(keys):
            got = kind_at(keys, i, table)
            if got is None or got[0] != "title":
                break
            i += got[1]
        if i == len(keys):
            return p
    return len(keys)


def _plural_opening(k: str) -> bool:
    """A sentence's first word that reads as a plural common noun ("Shares", "Residents"):
    organisations are named in the singular ("Bank of England", "University of Texas")."""
    return len(k) > 3 and k.endswith("s") and not k.endswith(("ss", "us", "is", "'s"))


def _first_words(table) -> frozenset[str]:
    """The first words of the name table's terms, kept for the last few tables."""
    words = table[0]
    got = _FIRSTS.get(id(words))
    if got is None or got[0] is not words:
        if len(_FIRSTS) >= 8:
            _FIRSTS.pop(next(iter(_FIRSTS)))
        got = _FIRSTS[id(words)] = (words, frozenset(t[0] for t in words if t))
    return got[1]


_FIRSTS: dict[int, tuple[dict, frozenset[str]]] = {}


def _noun_caps(table) -> bool:
    """Whether the name table lists articles (German, which capitalises every noun), kept
    for the last few tables: each side's names asked it of every entry of the table."""
    words = table[0]
    got = _ARTICLES.get(id(words))
    if got is None or got[0] is not words:
        if len(_ARTICLES) >= 8:
            _ARTICLES.pop(next(iter(_ARTICLES)))
        got = _ARTICLES[id(words)] = (words, any(kind == "article" for kind in words.values()))
    return got[1]


_ARTICLES: dict[int, tuple[dict, bool]] = {}


def _opens_sentence(text: str, pos: int, table) -> bool:
    """The word at ``pos`` opens a sentence (or the text)."""
    if pos >= 2 and text[pos - 1] == " " and text[pos - 2] not in _STOPS and not text[pos - 2].isspace():
        return False  # after a word and a space (most words): what _after_stop says, sooner
    if not _after_stop(text[max(0, pos - 3):pos]):
        return False
    before = text[max(0, pos - 6):pos].rstrip()  # "Mr. Putin": a title's dot ends no sentence
    if not before.endswith("."):
        return True
    word = before[:-1].split()[-1:]
    return not (word and table[0].get((key(word[0]),)) == "title")  # kind_at of one word


_STOPS = frozenset(".!?:\n“\"«„|")


def _after_stop(before: str) -> bool:
    """``before`` (the three characters before a word) ends a sentence: it is empty, or a
    full stop, colon, line break, opening quote or "|" ends it, maybe followed by white
    space (the regex ``(^|[.!?:\\n“"«„]\\s*|\\|\\s*)$``, without a regex per capitalised word)."""
    if not before or before == "\n":
        return True
    kept = before.rstrip()
    if kept != before and "\n" in before[len(kept):]:
        return True  # a line break, then white space
    return bool(kept) and kept[-1] in _STOPS


_PAIR_RE = re.compile(r"([^\W\d_][\w.’']*)-([^\W\d_][\w.’']*)")
_OWNER_RE = re.compile(r"([^\W\d_][\w.]*(?: [^\W\d_][\w.]*)*)['’]s ([^\W\d_].*)")


def _pairs_apart(text: str, items: list[Item], lang: str, gen: tuple) -> list[Item]:
    """"US-Russia relations", "the Biden-Putin call": two names joined by a hyphen are
    two names, when each is a name of its own elsewhere in the text or another name of
    a place (aliases.tsv); "Coca-Cola", "Jean-Pierre" stay one.  So are an owner and
    what it owns ("Russia’s Foreign Ministry"), when the owner is such a name
    ("Women's World Cup" stays one)."""
    keys = {it.match for it in items if "-" not in it.value}
    variants = name_variants(lang, gen=gen)
    out: list[Item] = []
    for it in items:
        m = _PAIR_RE.fullmatch(it.value) if "-" in it.value else None
        owner = m is None and "s " in it.value
        if owner:
            m = _OWNER_RE.fullmatch(it.value)
        if m is None or not m[1][:1].isupper() or not m[2][:1].isupper() or text[it.span.start:it.span.end] != it.value:
            out.append(it)
            continue
        parts = [(it.span.start + m.start(g), it.span.start + m.end(g)) for g in (1, 2)]
        named = [_item(text, a, b, lang, gen) for a, b in parts]
        if all(n and (n[0].match in keys or key(n[0].value) in variants) for n in named[:1 if owner else 2]):
            out += [n[0] for n in named]
        else:
            out.append(it)
    return out


def _item(text: str, s: int, e: int, lang: str, gen: tuple) -> list[Item]:
    got = _name_of(text[s:e], text[e:e + 1] == ".", lang or "en", gen)
    if got is None:
        return []
    name, name_key_, shift = got
    # (tuple.__new__: the same Item, without NamedTuple's __new__ in Python, once a mention)
    return [tuple.__new__(Item, ("name", name, name_key_, "", tuple.__new__(Span, (s, e + shift)), 0.0, 0.0, (), ""))]


@lru_cache(maxsize=65536)
def _name_of(raw: str, dot_after: bool, lang: str, _gen: tuple) -> tuple[str, str, int] | None:
    """The name a mention ``raw`` stands for, its key, and how far its end moves (a name
    is met many times: read once)."""
    name, shift = raw, 0
    m = _POSSESSIVE_RE.search(name)
    if m:
        shift = -len(m.group())
        name = name[:shift]
    elif dot_after and _DOTTED_RE.search(name):
        shift = 1  # "U.S.": the abbreviation's last dot (also the sentence's, maybe) is the name's
        name += "."
    name = " ".join(name.split())
    return (name, _name_key(name, lang, _gen), shift) if name else None


_DOTTED_RE = re.compile(r"(?:^|\s)(?:\w\.)+\w$")  # "U.S", "U.K", "D.C" before their last dot
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # a key of dotted initials: "j.k", "h.r", "u.s"


def _split(text: str, toks, runs: list[list[int]], connectors: frozenset[str], table, *,
           titled: frozenset[int] | set[int] = frozenset(), places: frozenset[str] = frozenset(),
           heads: frozenset[str] = frozenset(), variants: dict[str, str] | None = None) -> list[tuple[int, int]]:
    """The spans of the names of each run, split where their parts are names the text
    uses on their own: "Putin of Russia" (when "Putin" stands alone elsewhere, or a
    title stands before it: "President Putin of Russia"; ``titled`` holds the first
    tokens of runs a title opened), "Biden-Putin"; or where a person's name of two words or
    more is "of" a known place (``places``, ``variants``): "Vladimir Putin of Russia" (not
    "Bank of England": no person; not "United States of America": a place itself)."""
    alone = {_bare(toks[r[0]].key) for r in runs if len(r) == 1 and "-" not in toks[r[0]].key}
    alone |= {_bare(toks[r[-1]].key) for r in runs if len(r) > 1 and not any(toks[x].key in connectors for x in r)}
    variants = variants or {}

    def person_of_place(run: list[int], cut: int) -> bool:
        head = [_bare(toks[x].key) for x in run[:cut]]
        tail = [_bare(toks[x].key) for x in run[cut + 1:] if toks[x].key not in connectors]
        return len(head) >= 2 and not heads.intersection(head) and " ".join(head) not in variants \
            and not places.intersection(head) and bool(tail) \
            and ((len(tail) == 1 and tail[0] in places) or " ".join(tail) in variants)

    def cut_at(run: list[int]) -> int | None:
        return next((p for p, x in enumerate(run) if 0 < p < len(run) - 1 and toks[x].key in connectors
                     and not text[toks[x].start].isupper()), None) if len(run) > 2 else None

    cuts = [cut_at(run) if len(run) > 2 else None for run in runs]  # (no call for most runs: one or two words)
    of_place = [c is not None and person_of_place(run, c) for run, c in zip(runs, cuts, strict=True)]
    # "Vladimir Putin of Russia … Putin of Russia": the person's surname stands alone too
    alone |= {_bare(toks[run[c - 1]].key) for run, c, p in zip(runs, cuts, of_place, strict=True) if p}
    out: list[tuple[int, int]] = []
    for run, cut, person in zip(runs, cuts, of_place, strict=True):
        if cut is not None and ((toks[run[cut - 1]].key in alone and _bare(toks[run[cut - 1]].key) not in heads)
                                or (cut == 1 and run[0] in titled) or person):
            out.append((toks[run[0]].start, toks[run[cut - 1]].end))  # "Putin of Russia" -> Putin, Russia
            rest = [x for x in run[cut + 1:]]
            while rest and toks[rest[0]].key in connectors:
                rest = rest[1:]
            if rest:
                out.append((toks[rest[0]].start, toks[rest[-1]].end))
        elif len(run) == 1 and "-" in toks[run[0]].key:
            out.extend(_split_hyphenated(text, toks[run[0]], alone, table))
        else:
            out.append((toks[run[0]].start, toks[run[-1]].end))
    return out


def _split_hyphenated(text: str, t, alone: set[str], table) -> list[tuple[int, int]]:
    """A hyphenated word: whole ("Jean-Claude"), or the names it joins when the text uses
    them alone ("Biden-Putin", "US-Russia"); an adjective ("Russian-backed") is no name."""
    raw = text[t.start:t.end].split("-")
    if any(p[:1].islower() for p in raw):
        return []  # "Russian-backed", "Kremlin-controlled": an adjective
    spans = []
    pos = t.start
    for p in raw:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    keys = [_bare(key(p)) for p in raw]
    if not all(k in alone or kind_at([k], 0, table) is not None for k in keys):
        return [(t.start, t.end)]
    return [sp for sp, k in zip(spans, keys, strict=True) if kind_at([k], 0, table) is None]


def canonical_names(keys: set[str] | list[str], /) -> dict[str, str]:
    """Each name key of one side -> the longest key of that side ending with it as whole
    words (Putin -> vladimir putin, the full name a surname stands for)."""
    by_last: dict[str, list[str]] = defaultdict(list)
    names = sorted(set(keys), key=lambda k: (-len(k), k))
    for nm in names:
        words = nm.split()
        for x in range(1, len(words)):
            by_last[" ".join(words[x:])].append(nm)
    canon: dict[str, str] = {}
    for nm in sorted(names, key=len, reverse=True):
        longer = by_last.get(nm)
        canon[nm] = canon.get(longer[0], longer[0]) if longer else nm
    return canon
