"""Dates as texts write them: the one parser that page metadata and facts share.

:func:`date_mentions` finds the calendar dates written with figures or a month
name, each with its code-point span:

* ``2021-12-07`` (ISO 8601, with an optional ``T`` time and UTC offset),
  ``2021.12.08``, ``2021年12月7日`` / ``2021년 12월 7일``;
* ``7 December 2021``, ``7th of Dec. 2021``, ``7 de diciembre de 2021``,
  ``December 7, 2021``: month names from every language's ``dates.tsv``
  lexicon (``month`` rows), so a page in any of them parses alike;
* ``12.04.2026``, ``13/12/2021``, ``07-12-2021``: day and month in figures.
  When both could be the month (``03/12/2021``) the caller settles it with
  ``prefer_dmy``; without it a '.' or '-' means day first (as everywhere
  that writes them), and a '/' leaves it open: such a date is returned only
  with ``partial=True``, its two numbers in written order and ``form``
  ``"undecided"``;
* with ``partial=True`` also dates without a year: ``9/11``, ``7/7``
  (``form`` ``"day-month"``, numbers in written order) and ``12月7日`` /
  ``2021年12月`` (``form`` ``"cjk"`` with the missing part None).

Month names are the lexicons' (``resources/lexicons/<lang>/dates.tsv``); their
normal forms are English and ``en/months.tsv`` numbers them.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.text.digits import scan
from parallax.reader.text.keys import key
from parallax.reader.text.lexicon import available_languages, generation, load_exact

__all__ = ["CLOCK_RE", "LOOSE_CLOCK_RE", "DateMention", "date_mentions", "month_name", "month_numbers", "valid_date"]


class DateMention(NamedTuple):
    """A date found in a text: where, and what it says (None: not written)."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    clock: time | None = None  # only from an ISO 8601 time ("2021-12-07T14:00Z")
    offset: int | None = None  # minutes east of UTC, likewise
    form: str = "full"  # full | cjk | undecided | day-month


@lru_cache(maxsize=4)
def _calendar(_gen: tuple) -> tuple[tuple[str, ...], dict[str, int], frozenset[str]]:
    """English month names in order, every language's month words (matching keys) ->
    number, and the month words as the lexicons spell them (keys fold some letters:
    Arabic "ديسمبر" is keyed "دیسمبر", and the text patterns read the text as written)."""
    names: list[str] = [""] * 12
    for row in load_exact("months.tsv", "en"):
        if len(row) > 1 and row[1].isdigit() and 1 <= int(row[1]) <= 12:
            names[int(row[1]) - 1] = row[0]
    number = {key(n): i + 1 for i, n in enumerate(names) if n}
    words: dict[str, int] = {}
    written: set[str] = set()
    for lang in sorted(available_languages()):
        for row in load_exact("dates.tsv", lang):
            if len(row) > 2 and row[1] == "month" and key(row[2]) in number:
                words.setdefault(key(row[0]), number[key(row[2])])
                written.add(row[0])
    return tuple(names), words, frozenset(written | set(words))


def month_numbers() -> dict[str, int]:
    """Month words of every language with a ``dates.tsv`` (matching keys) -> month number."""
    return _calendar(generation())[1]


def month_name(number: int, /) -> str:
    """The normal (English) name of month ``number`` (1-12), as facts show it."""
    return _calendar(generation())[0][number - 1]


def valid_date(year: int, month: int, day: int, /) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# The patterns that run over whole texts begin with the character they consume first
# and look behind only after it (``(\d(?<![\w:.,]\d)\d?)`` for ``(?<![\w:.,])(\d{1,2})``):
# the regex engine then skips ahead to the digits instead of trying every position.
# Each of CLOCK_RE, _ISO_RE, _YMD_RE, _CJK_RE, _NUMERIC_RE, _DAY_MONTH_RE and _YEAR_RE
# begins with a digit that no digit comes before (its lookbehind, or _CJK_RE's leading
# ``(?<!\d)``, says so: a digit is a ``\w``), i.e. where a run of digits begins, and
# none matches nothing: digits.scan runs them only there, with the matches of finditer.

# Clock times in running text: "12:20", "7:30 p.m.", "7 pm", "14:00 GMT", "06:31GMT" (groups:
# hour, minutes, am/pm, zone; a dot after "pm" is the sentence's, after "p.m" the abbreviation's).  A dot or an "h" between hour and minutes is read only next to
# a date (LOOSE_CLOCK_RE, for page metadata): in running text "4.50" is a figure.
CLOCK_RE = re.compile(
    r"(\d(?<![\w:.,]\d)\d?)(?::(\d{2})(?!\d)(?:\s?((?i:[ap]\.m\.|[ap]\.?m)))?|\s?((?i:[ap]\.m\.|[ap]m)))"
    r"(?!(?!(?:GMT|UTC|[A-Z]{2,4}T)(?![\w:]))\w)"  # no word right after, but a zone may be: "06:31GMT"
    r"(?:\s?(GMT|UTC|[A-Z]{2,4}T)(?![\w:]))?(?!:\d)"
)
LOOSE_CLOCK_RE = re.compile(
    r"(?<![\d:.])([01]?\d|2[0-3])\s?[:.h時시]\s?([0-5]\d)[分분]?(?::([0-5]\d))?(?![\d])\s*([ap]\.?\s?m\.?(?!\w))?", re.I
)

_ISO_RE = re.compile(
    r"(\d(?<!\d\d)\d{3})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_YMD_RE = re.compile(r"((?:1(?<![\d.]1)9|2(?<![\d.]2)0)\d\d)([./])(\d{1,2})\2(\d{1,2})(?![\d.])")
_CJK_RE = re.compile(r"(?<!\d)(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日号號일])?")
_NUMERIC_RE = re.compile(r"(\d(?<![\d.]\d)\d?)([-./])(\d{1,2})\2(\d{4})(?!\d)")
_DAY_MONTH_RE = re.compile(r"(\d(?<![\w.,/:$€£-]\d)\d?)/(\d{1,2})(?![\w/%]|[.,/-]\d)")


@lru_cache(maxsize=4)
def _text_res(_gen: tuple) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alt = "|".join(sorted((re.escape(m) for m in _calendar(_gen)[2]), key=len, reverse=True))
    dmy = re.compile(
        rf"(\d(?<!\w\d)\d?)(?:st|nd|rd|th|er|º)?\.?(?:\s+|(?<=\.)|-)(?:(?:de|of)\s+)?({alt})"
        rf"(?:\.?,?\s+|[.-])(?:de\s+)?(\d{{4}})(?!\d)",
        re.I,
    )
    mdy = re.compile(rf"(?<!\w)({alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
    return dmy, mdy


def _offset(s: str) -> int:
    if s == "Z":
        return 0
    sign = -1 if s[0] == "-" else 1
    digits = s[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4] or 0))


_YEAR_RE = re.compile(r"\d(?<!\d\d)\d{3}(?!\d)")  # any script's digits
_REACH = 48  # the most characters a written date runs before its year ("September 30th, 2021")


_ORDINAL_END = re.compile(r"(?i:st|nd|rd|th)")


def _day_before(text: str, lo: int, pos: int) -> bool:
    """``text[lo:pos]`` ends as a month-day-year date does before its year: a day's
    digit, maybe its ordinal suffix and a comma, then white space ("May 5th, ")."""
    j = pos
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == pos:
        return False
    if j > lo and text[j - 1] == ",":
        j -= 1
    if j > lo and text[j - 1].isdecimal():
        return True
    return j - 2 > lo and _ORDINAL_END.fullmatch(text, j - 2, j) is not None and text[j - 3].isdecimal()


def _ending_at_years(rx: re.Pattern[str], text: str, before=None):
    """The matches of a date pattern that ends with a year, searched only just before
    each year (a pattern with every month name of every language is slow to run over a
    whole text); ``before(text, lo, year_start)``: False where no match can end at
    that year (it spares the search)."""
    last = 0
    for y in scan(_YEAR_RE, text):
        lo = max(last, y.start() - _REACH)
        if before is not None and not before(text, lo, y.start()):
            continue
        for m in rx.finditer(text, lo, y.end()):
            if m.end() == y.end():
                last = m.end()
                yield m
                break


def date_mentions(text: str, /, *, prefer_dmy: bool | None = None, partial: bool = False) -> list[DateMention]:
    """Every date written in ``text``, in text order, none overlapping another.

    Without ``partial`` only complete, valid dates (year, month and day) are
    returned; with it also dates whose day and month order the text leaves
    open and dates without a year (see the module docstring).
    """
    found: list[DateMention] = []
    taken = bytearray(len(text) + 1)

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) < 0

    def add(m: re.Match[str], y: int | None, mo: int | None, d: int | None, **kw) -> None:
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        found.append(DateMention(m.start(), m.end(), y, mo, d, **kw))

    months = _calendar(generation())[1]
    dmy_re, mdy_re = _text_res(generation())
    for m in scan(_ISO_RE, text):
        if valid_date(int(m[1]), int(m[2]), int(m[3])):
            clock = time(int(m[4]) % 24, int(m[5]), int(m[6] or 0)) if m[4] else None
            add(m, int(m[1]), int(m[2]), int(m[3]), clock=clock,
                offset=_offset(m[7]) if clock is not None and m[7] else None)
    cjk = "月" in text or "월" in text  # what every match of _CJK_RE holds
    for rx, order in ((_CJK_RE, "ymd"), (_YMD_RE, "y.m.d"), (dmy_re, "dmy"), (mdy_re, "mdy")):
        if order == "ymd" and not cjk:
            continue
        for m in (scan(rx, text) if order in ("ymd", "y.m.d") else
                  _ending_at_years(rx, text, _day_before if order == "mdy" else None)):
            if not free(*m.span()):
                continue
            if order == "ymd":
                if m[1] is None or m[3] is None:  # 12月7日, 2021年12月: no year or no day
                    mo, d = int(m[2]), int(m[3]) if m[3] else None
                    if partial and (m[1] or d) and 1 <= mo <= 12 and (d is None or 1 <= d <= 31):
                        add(m, int(m[1]) if m[1] else None, mo, d, form="cjk")
                    continue
                year, mon, day = int(m[1]), int(m[2]), int(m[3])
            elif order == "y.m.d":  # 2021.12.08: year first is always year-month-day
                year, mon, day = int(m[1]), int(m[3]), int(m[4])
            elif order == "dmy":
                day, mon, year = int(m[1]), months.get(key(m[2]), 0), int(m[3])
            else:
                mon, day, year = months.get(key(m[1]), 0), int(m[2]), int(m[3])
            if valid_date(year, mon, day):
                add(m, year, mon, day)
    for m in scan(_NUMERIC_RE, text):
        if not free(*m.span()):
            continue
        a, sep, b, year = int(m[1]), m[2], int(m[3]), int(m[4])
        if a > 12 and b <= 12:
            day, mon = a, b
        elif b > 12 and a <= 12:
            day, mon = b, a
        elif prefer_dmy is not None:
            day, mon = (a, b) if prefer_dmy else (b, a)
        elif sep in "-.":
            day, mon = a, b
        else:  # 03/12/2021: the text does not say which is the month
            if partial and a >= 1 and b >= 1 and valid_date(year, 1, 1):
                add(m, year, a, b, form="undecided")
            continue
        if valid_date(year, mon, day):
            add(m, year, mon, day)
    if partial:
        for m in scan(_DAY_MONTH_RE, text):
            a, b = int(m[1]), int(m[2])
            if free(*m.span()) and ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
                add(m, None, a, b, form="day-month")
    found.sort()
    return found
