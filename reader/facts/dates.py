"""Dates and times as facts, each with an English normal form so that dates match
across languages ("7 décembre 2021" = "December 7, 2021" = "2021-12-07").

Dates written with figures or a month and a year come from the one date parser,
:func:`parallax.reader.text.dates.date_mentions` (which page metadata also uses):
``2021-12-07``, ``12.04.2026``, ``7 December 2021``, ``2021年12月7日``, and, as one
fact each, ``9/11`` and ``7/7`` (shown as written: the text does not say which is
the month).  The rest are read from the language's ``dates.tsv``: a month next to a
day or a year ("December 7", "7 de diciembre", "March 2022"), a month alone where a
capital marks it ("in December"), weekdays, relative days ("yesterday"),
"mid-November".  Also clock times ("12:20", "7 p.m."), years (after a word such as "in" or "since",
``before-year`` in ``dates.tsv``, or alone: "a 2003 murder case", unless a plural noun
follows that the figure counts: "1500 troops"), spans of years ("2014-15") and
decades ("the 1990s", "the '50s"; "the 90s" is read as a figure, as "in his 90s").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress

from parallax.reader.facts.tables import Item, date_cues, date_words, jump, year_at
from parallax.reader.model import Span
from parallax.reader.text.dates import CLOCK_RE, date_mentions, month_name
from parallax.reader.text.digits import scan
from parallax.reader.text.keys import key, text_key_kinds, text_key_set, text_keys, text_tokens

__all__ = ["dates_in"]

# each begins with the digit it consumes first and looks behind only after it (as in
# text/dates.py): the regex engine skips ahead to the digits that can begin a match.
# _YEARS_RE and _DECADE_RE begin with a digit no word character comes before, so where
# a run of digits begins; _SHORT_DECADE_RE with an apostrophe just before such a digit
# ("'50s"); none matches nothing: digits.scan runs them only there (lead: the apostrophes)
_YEARS_RE = re.compile(r"((?:1(?<![\w.,/-]1)[89]|2(?<![\w.,/-]2)0)\d\d)[-–/]((?:1[89]|20)?\d\d)(?![\w/-]|[.,]\d)")
_DECADE_RE = re.compile(r"((?:1(?<![\w'’]1)[89]|2(?<![\w'’]2)0)\d0)[’']?s(?!\w)")
_SHORT_DECADE_RE = re.compile(r"['’](?<![\w'’]['’])([1-9]0s)(?!\w)")  # "'50s"
_ORDINAL_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er|º)?")


def _day(k: str) -> int | None:
    m = _ORDINAL_DAY.fullmatch(k)
    return int(m[1]) if m and 1 <= int(m[1]) <= 31 else None


def _is_year(k: str) -> bool:
    return k.isdigit() and len(k) == 4


def _is_link(dates: dict[str, tuple[str, str, bool]], k: str) -> bool:
    return dates.get(k, ("",))[0] == "link"


def _is_fraction(a: int, b: int) -> bool:
    """"2/3", "3/4": a fraction, not a day and a month ("9/11", "7/7" are dates)."""
    return a < b <= 10


def _value(y: int | None, mo: int | None, d: int | None) -> str:
    return month_name(mo) + (f" {d}" if d else "") + (f" {y}" if y else "")  # type: ignore[arg-type]


def dates_in(text: str, lang: str, ignored: Sequence[Span] = ()) -> list[Item]:
    """Every date and time fact of a text, none overlapping another nor an ``ignored``
    span (a URL's "2021/12/07"), in text order."""
    taken = bytearray(len(text) + 1)
    for sp in ignored:
        taken[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
    out: list[Item] = []
    for dm in date_mentions(text, partial=True):
        if any(taken[dm.start:dm.end]):
            continue
        if dm.form == "day-month":
            if _is_fraction(dm.month, dm.day):  # type: ignore[arg-type]
                continue
            value = f"{dm.month}/{dm.day}"
        elif dm.form == "undecided":
            value = f"{dm.month}/{dm.day}/{dm.year}"
        else:
            value = _value(dm.year, dm.month, dm.day)
        out.append(Item("date", value, key(value), "", Span(dm.start, dm.end)))

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(item: Item) -> None:
        out.append(item)
        taken[item.span.start:item.span.end] = b"\x01" * (item.span.end - item.span.start)

    for it in out:
        taken[it.span.start:it.span.end] = b"\x01" * (it.span.end - it.span.start)
    for m in scan(CLOCK_RE, text):  # it begins where a run of digits does (text/dates.py)
        if not free(*m.span()):
            continue
        h, mi = int(m[1]), int(m[2] or 0)
        if h > 24 or mi > 59 or (m[2] is None and h > 12):
            continue
        ampm = (m[3] or m[4] or "").replace(".", "").lower()
        value = (f"{h:02d}:{mi:02d}" if m[2] else f"{h}") + (f" {ampm}" if ampm else "") + (f" {m[5]}" if m[5] else "")
        take(Item("date", value, key(value), "", Span(m.start(), m.end())))
    for rx in (_YEARS_RE, _DECADE_RE, _SHORT_DECADE_RE):
        for m in scan(rx, text, lead="'’" if rx is _SHORT_DECADE_RE else ""):
            if free(*m.span()):
                value = f"{m[1]}-{m[2]}" if rx is _YEARS_RE else f"{m[1]}s" if rx is _DECADE_RE else f"'{m[1]}"
                take(Item("date", value, key(value), "", Span(m.start(), m.end())))
    _word_dates(text, lang, free, take)
    out.sort(key=lambda it: it.span.start)
    return out


def _word_dates(text: str, lang: str, free, take) -> None:
    """Dates of date words: a month with a day or a year, weekdays, relative days, years
    after a ``before-year`` word."""
    dates = date_words(lang)
    prefixes = date_cues(lang, "prefix")
    toks = text_tokens(text)
    n = len(toks)
    keys = text_keys(text)  # the keys of toks, read once a text
    kinds = text_key_kinds(text)  # (each word once)
    starting = text_key_set(text).intersection(dates) | kinds.hyphenated | kinds.dotted
    cands = list(compress(range(n), map(starting.__contains__, keys)))
    ci = 0
    i = 0
    while i < n:
        ci, i = jump(cands, ci, i)  # the next token that can start a date
        if i < 0:
            break
        t = toks[i]
        k = t.key.rstrip(".")
        pre, _, rest = k.partition("-")
        if rest and pre in prefixes and dates.get(rest, ("",))[0] == "month":
            if free(t.start, t.end):
                value = f"{pre}-{dates[rest][1]}"
                take(Item("date", value, key(value), "", Span(t.start, t.end)))
            i += 1
            continue
        info = dates.get(k)
        if info is None or info[0] == "link" or (info[2] and not text[t.start].isupper()):
            i += 1
            continue
        kind, norm, capital = info
        s, e = t.start, t.end
        j = i + 1
        if kind == "month":
            day = year = None
            if j < n and _day(toks[j].key):
                day, e = _day(toks[j].key), toks[j].end
                j += 1
            elif i > 0 and _day(toks[i - 1].key):
                day, s = _day(toks[i - 1].key), toks[i - 1].start
            elif i > 1 and _is_link(dates, toks[i - 1].key) and _day(toks[i - 2].key):
                day, s = _day(toks[i - 2].key), toks[i - 2].start  # "7 de diciembre", "7th of December"
            if j < n and _is_year(toks[j].key):
                year, e = int(toks[j].key), toks[j].end
                j += 1
            elif j + 1 < n and _is_link(dates, toks[j].key) and _is_year(toks[j + 1].key):
                year, e = int(toks[j + 1].key), toks[j + 1].end  # "diciembre de 2021"
                j += 2
            if day is None and year is None and (key(norm) == "may" or not capital):
                # alone, a month word counts only where a capital marks it (English
                # "December"); "mars", "mai", "نيسان" alone may be other words
                i += 1
                continue
            norm = norm + (f" {day}" if day else "") + (f" {year}" if year else "")
        if free(s, e):
            take(Item("date", norm, key(norm), "", Span(s, e)))
        i = j
    # years after "in", "since"... ("in 2014")
    cues = date_cues(lang, "before-year")
    for idx in compress(range(1, n), map(cues.__contains__, keys)):  # after a cue word
        t = toks[idx]
        if len(t.key) == 4 and t.key.isdigit() and 1800 <= int(t.key) <= 2100 and \
                toks[idx - 1].key in cues and free(t.start, t.end):
            take(Item("date", t.key, t.key, "", Span(t.start, t.end)))
    # a year written alone: "a 2003 murder case", "the 1974 resignation", "1999's hit"
    yearish = {k for k in text_key_kinds(text).figures if k[:1] in "12" and k[1:2].isdigit()}  # each word once
    for idx in compress(range(n), map(yearish.__contains__, keys)):
        t = toks[idx]
        if year_at(keys, idx, named_next=idx + 1 < n and text[toks[idx + 1].start].isupper()) and \
                free(t.start, t.start + 4):
            take(Item("date", t.key[:4], t.key[:4], "", Span(t.start, t.start + 4)))
