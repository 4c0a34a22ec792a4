"""Names and speakers in scripts without capitals, where names cannot be found by their case.

* Arabic, Hebrew, Persian, Urdu: a name is the word or two after a title of the
  language's ``name_words.tsv`` (past its nationality adjectives and the bodies it
  names: "الرئيس الروسي فلاديمير بوتين", "נשיא רוסיה ולדימיר פוטין"), joined further by
  the ``joiner`` words ("محمد بن سلمان"); then every later use of its last word.
* Korean: the words before a title written after the name ("블라디미르 푸틴 러시아 대통령은").
* Chinese and Japanese: the characters after a title ("美国总统拜登" -> 拜登) or, in
  Japanese, before one ("ペスコフ報道官" -> ペスコフ), up to a ``boundary`` character.
* Speakers: the subject of the clause whose verb introduces a quotation ("克里姆林宫发言人
  佩斯科夫说", "ペスコフ報道官は「…」と述べた", "وقال المتحدث باسم الكرملين دميتري بيسكوف").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.facts.tables import (
    Item,
    NameTable,
    caseless,
    kind_at,
    name_sets,
    name_table,
    stop,
    unspaced,
)
from parallax.reader.model import Span
from parallax.reader.text.keys import key
from parallax.reader.text.lexicon import generation, load_exact

__all__ = [
    "CASELESS_RE",
    "caseless_names",
    "speaker_after_verb",
    "topic_speaker",
    "unspaced_names",
    "unspaced_speaker",
    "unspaced_words",
]

CASELESS_RE = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u10d0-\u10ff\u1200-\u137f"
                          "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb1d-\ufeff]")


def unspaced_words(lang: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """Titles written before a name, titles written after one, and name boundaries, as
    strings, from the ``name_words.tsv`` of a language written without spaces."""
    return _unspaced_words(lang, generation())


@lru_cache(maxsize=16)
def _unspaced_words(lang: str, _gen: tuple) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    words = name_table(lang)[0]
    before = tuple(sorted(("".join(k) for k, kind in words.items() if kind == "title"
                           and all(unspaced(c) for c in "".join(k))), key=len, reverse=True))
    after = tuple(sorted(("".join(k) for k, kind in words.items() if kind == "suffix"), key=len, reverse=True))
    bounds = frozenset("".join(k) for k, kind in words.items() if kind == "boundary")
    return before, after, bounds


_UNSPACED_NAME = (2, 6)  # characters in a name found after or before a title


def unspaced_names(text: str, lang: str) -> list[Item]:
    """Names in Chinese and Japanese: the characters after a title ("美国总统拜登" -> 拜登) or,
    in Japanese, before one ("ペスコフ報道官" -> ペスコフ), up to a boundary character
    (``name_words.tsv`` kind ``boundary``); then every later use of a name found."""
    before, after, bounds = unspaced_words(lang)
    lo, hi = _UNSPACED_NAME
    names: set[str] = set()
    for title in before:
        for m in re.finditer(re.escape(title), text):
            e = m.end()
            while e < len(text) and e - m.end() < hi and unspaced(text[e]) and text[e] not in bounds:
                e += 1
            name = _recurring_prefix(text, text[m.end():e])
            if lo <= len(name) and not any(name.startswith(t) for t in before):
                names.add(name)
    for title in after:
        for m in re.finditer(re.escape(title), text):
            b = m.start()
            while b > 0 and m.start() - b < hi and unspaced(text[b - 1]) and text[b - 1] not in bounds:
                b -= 1
            name = text[b:m.start()]
            if lo <= len(name) <= hi:
                names.add(name)
    out = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(m.start() < it.span.end and it.span.start < m.end() for it in out):
                out.append(Item("name", name, key(name), "", Span(m.start(), m.end())))
    return out


def topic_speaker(text: str, qs: int, lang: str) -> Span | None:
    """Who speaks in Japanese: the topic or subject marked right before the quotation
    ("ペスコフ報道官は「…」と述べた" -> ペスコフ), without the title written after it."""
    _before, after, bounds = unspaced_words(lang)
    e = qs
    while e > 0 and text[e - 1] in " 、,":
        e -= 1
    if e == 0 or text[e - 1] not in "はが":
        return None
    e -= 1
    b = e
    while b > 0 and e - b < 12 and unspaced(text[b - 1]) and text[b - 1] not in bounds:
        b -= 1
    for title in after:
        if text.endswith(title, b, e) and e - len(title) > b:
            e -= len(title)
            break
    return Span(b, e) if e > b else None


def _recurring_prefix(text: str, run: str) -> str:
    """The name at the start of ``run`` (the characters after a title, up to a boundary):
    its longest start that the text uses again ("普京要求西方" -> 普京 when 普京 comes back);
    else the run when it is short enough to be a name alone (up to 4 characters), else ""."""
    for n in range(len(run), 1, -1):
        if text.count(run[:n]) > 1:
            return run[:n]
    return run if len(run) <= 4 else ""


def unspaced_speaker(text: str, lo: int, hi: int, lang: str) -> Span | None:
    """Who speaks in Chinese: the subject of the clause that ends with the verb at ``hi``
    ("克里姆林宫发言人佩斯科夫说" -> 佩斯科夫, "拜登对…表示" -> 拜登, "白宫表示" -> 白宫)."""
    before, _after, bounds = unspaced_words(lang)
    start = hi
    while start > lo and unspaced(text[start - 1]):
        start -= 1
    end = start
    while end < hi and text[end] not in bounds:
        end += 1
    for title in before:  # the name after the last title: "美国总统拜登" -> 拜登
        at = text.rfind(title, start, end)
        if at >= 0 and at + len(title) < end:
            start = at + len(title)
    if not 0 < end - start <= 8:
        return None
    return Span(start, end)


_MAX_NAME_WORDS = 2  # after a title: the next word or two, more only through a joiner


class _Words(NamedTuple):
    """The words around names of a script without capitals (``name_words.tsv``)."""

    table: NameTable
    stop: frozenset[str]
    joiners: frozenset[str]  # "بن", "أبو": join the parts of a name
    compound: frozenset[str]  # "عبد": one word with the next, a family name may follow
    definite: tuple[str, ...]  # "ال", "بال": a noun, not the rest of a name
    clitics: frozenset[str]  # one-letter prefixes written onto the next word ("والرئيس", "הנשיא")
    own_stop: frozenset[str]  # the language's own function words


def _words(lang: str, stop_words: frozenset[str]) -> _Words:
    return _Words(name_table(lang), stop_words, name_sets(lang, "joiner") | name_sets(lang, "compound"),
                  name_sets(lang, "compound"), tuple(name_sets(lang, "definite")),
                  frozenset("".join(name_sets(lang, "clitic"))),
                  frozenset(key(r[0]) for r in load_exact("stopwords.tsv", lang)))


def _title_at(keys: list[str], i: int, table: NameTable, clitics: frozenset[str]) -> tuple[str, int] | None:
    """The name word at keys[i] as :func:`kind_at` finds it, also when a one-letter
    prefix is written onto it ("للرئيس" is ل + الرئيس)."""
    got = kind_at(keys, i, table)
    k = keys[i]
    if got is not None or len(k) < 3 or k[0] not in clitics:
        return got
    forms = [k[1:]]
    if k.startswith("لل"):
        forms.append("ال" + k[2:])
    if len(k) > 3 and k[1] in clitics:
        forms.append(k[2:])
        if k[1:3] == "لل":
            forms.append("ال" + k[3:])
    for form in forms:
        got = kind_at([*keys[:i], form, *keys[i + 1:i + table[1]]], i, table)
        if got is not None:
            return got
    return None


def _caseless_name_at(text: str, toks, keys: list[str], j: int, w: _Words) -> tuple[int, int]:
    """The name that starts at toks[j] (after any more titles, nationality adjectives
    and bodies: "الروسي", "باسم الكرملين"), as token indexes [start, end); empty when none."""
    n = len(toks)
    while j < n and (j == 0 or text[toks[j - 1].end:toks[j].start] == " "):
        nxt = _title_at(keys, j, w.table, w.clitics)
        if nxt is None or nxt[0] == "document":
            break
        j += nxt[1]
    start = j
    while j < n and j - start < _MAX_NAME_WORDS + sum(k in w.joiners for k in keys[start:j]) - (
            keys[start] in w.joiners and keys[start] not in w.compound):
        k = keys[j]
        if ((j > 0 and text[toks[j - 1].end:toks[j].start] != " ") or not caseless(k)
                or (k in w.stop and (k in w.own_stop or not (j == start and _name_word(text, toks, keys, j + 1, w))))
                or kind_at(keys, j, w.table) is not None or len(k) < 2):
            break  # another language's function word may open a name ("الرئيس جو بايدن": Joe)
        # "عبد الفتاح السيسي": Abd joins the next word, and a family name may follow
        joined = j > start and (keys[j - 1] in w.joiners or (j - start == 2 and keys[start] in w.compound))
        if j > start and not joined and ((k[0] == "و" and len(k) > 3) or (w.definite and k.startswith(w.definite))):
            break  # "ونظيره" (and his counterpart), "الأسبوع": a word after the name
        j += 1
    if j > start and keys[j - 1] in w.joiners:
        j -= 1
    return start, j


def _name_word(text: str, toks, keys: list[str], j: int, w: _Words) -> bool:
    """Could toks[j] be a word of a name: a word of the script, spaced, no function word,
    title or joiner?"""
    return j < len(toks) and text[toks[j - 1].end:toks[j].start] == " " and caseless(keys[j]) and \
        keys[j] not in w.stop and kind_at(keys, j, w.table) is None and len(keys[j]) > 2


def speaker_after_verb(text: str, toks, lo: int, lang: str) -> Span | None:
    """Who speaks in a script without capitals when the verb comes first ("وقال
    المتحدث باسم الكرملين دميتري بيسكوف", "אמר פסקוב"): the name after the verb and any
    titles, else the title itself ("قال الكرملين")."""
    keys = [t.key for t in toks]
    start, end = _caseless_name_at(text, toks, keys, lo, _words(lang, stop()))
    if end > start:
        return Span(toks[start].start, toks[end - 1].end)
    if start > lo:  # only a title or a body: "قال الكرملين", "قال المتحدث"
        return Span(toks[lo].start, toks[start - 1].end)
    return None


_PARTICLE_MAX = 2  # Korean particles written onto a title: "대통령은", "대변인이", "장관과"


def _names_before_titles(text: str, toks, keys: list[str], table: NameTable,
                         stop: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Names written before a title that follows them, in a spaced script without capitals
    (Korean "블라디미르 푸틴 러시아 대통령은"): the word or two before the title and the
    nationality adjectives or countries between them, as token index ranges."""
    suffixes = [k[0] for k, kind in table[0].items() if kind == "suffix" and len(k) == 1]
    if not suffixes:
        return []
    found = []
    for j, k in enumerate(keys):
        if not any(k.startswith(t) and len(k) - len(t) <= _PARTICLE_MAX for t in suffixes):
            continue
        e = j
        while e > 0 and kind_at(keys, e - 1, table) is not None:
            e -= 1  # "러시아": the country between name and title
        b = e
        while b > 0 and e - b < _MAX_NAME_WORDS and caseless(keys[b - 1]) and keys[b - 1] not in stop \
                and text[toks[b - 1].end:toks[b].start] == " " and kind_at(keys, b - 1, table) is None:
            b -= 1
        if b < e:
            found.append((b, e))
    return found


def caseless_names(text: str, toks: tuple, lang: str, stop_words: frozenset[str]) -> list[Item]:
    """Names in scripts without capitals, which cannot be found by their capitals: the
    word or two after a title and any nationality adjectives or bodies it names
    ("الرئيس الروسي فلاديمير بوتين", "נשיא רוסיה ולדימיר פוטין"); then every later use of a
    found name's last word on its own ("بوتين")."""
    w = _words(lang, stop_words)
    table = w.table
    keys = [t.key for t in toks]
    n = len(toks)
    found: list[tuple[int, int]] = []
    i = 0
    while i < n:
        got = _title_at(keys, i, table, w.clitics) if caseless(toks[i].key) else None
        if got is None or got[0] != "title":
            i += 1
            continue
        start, j = _caseless_name_at(text, toks, keys, i + got[1], w)
        if j > start:
            found.append((start, j))
        i = max(j, i + 1)
    found += _names_before_titles(text, toks, keys, table, stop_words)
    found.sort()
    # a surname already met as the end of a full name stands alone ("الرئيس بوتين طالب"
    # after "فلاديمير بوتين"): what follows it is not part of the name
    surnames = {keys[b - 1] for a, b in found if b - a > 1}
    found = [(a, a + 1) if b - a > 1 and keys[a] in surnames else (a, b) for a, b in found]
    # one word after a title may be a verb ("الرئيس الروسي يحذر"): it is a name when it
    # comes back in the text, as names do
    seen = Counter(keys)
    found = [(a, b) for a, b in found if b - a > 1 or seen[keys[a]] > 1]
    out = [Item("name", text[toks[a].start:toks[b - 1].end], key(text[toks[a].start:toks[b - 1].end]), "",
                Span(toks[a].start, toks[b - 1].end)) for a, b in found]
    # later mentions by the last word alone ("بوتين" after "فلاديمير بوتين")
    lasts = {keys[b - 1] for a, b in found if b - a > 1 and len(keys[b - 1]) > 2}
    inside = {x for a, b in found for x in range(a, b)}
    for x, t in enumerate(toks):
        if t.key in lasts and x not in inside:
            out.append(Item("name", text[t.start:t.end], t.key, "", Span(t.start, t.end)))
    return out
