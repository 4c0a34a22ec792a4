"""The date, clock and number patterns are tried only where a run of digits begins
(text.digits.scan): they find exactly what running them over the whole text finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parallax.reader.facts.dates as fact_dates
import parallax.reader.facts.labels as labels
import parallax.reader.facts.numbers as numbers
import parallax.reader.text.dates as text_dates
from parallax.reader.facts.extract import extract
from parallax.reader.model import Article
from parallax.reader.text.digits import run_starts, scan
from parallax.reader.text.lexicon import generation

# (pattern, lead): every pattern the facts and the date parser run through scan
PATTERNS = [
    (text_dates.CLOCK_RE, ""), (text_dates._ISO_RE, ""), (text_dates._YMD_RE, ""), (text_dates._CJK_RE, ""),
    (text_dates._NUMERIC_RE, ""), (text_dates._DAY_MONTH_RE, ""), (text_dates._YEAR_RE, ""),
    (fact_dates._YEARS_RE, ""), (fact_dates._DECADE_RE, ""), (fact_dates._SHORT_DECADE_RE, "'’"),
    (numbers._NOT_FACTS, "+("), (numbers._LOCAL_PHONE, ""),
] + [(rx, "") for rx, digit_first in numbers._idiom_res("en", generation()) if digit_first] + [
    (labels.position_re("en", generation()), ""),
]

TRICKY = [
    "2021-12-07", "7 pm", "in 2021", "1", "", "no figures at all, four and a half months",
    "On 9/11 and 7/7; 2/3 majority; 24/7 and 50-50 and 9-to-5 jobs.",
    "Aid of $1.3 billion, €40bn and US$5m; 4.5% and 4,5 Prozent.",
    "The House passed the bill 348 to 77; the Senate 97-1; 2014-15 season; the 1990s and the '50s, ’70s.",
    "Dated 12.04.2026, 13/12/2021, 03/12/2021, 07-12-2021, 2021.12.08, 2021-12-07T14:00:05.123 +05:30 and 2021-12-07 14:00\n\nZ",
    "Call +1 202 555 0100 or (313) 222-2027 or 313-222-2027 or phone 222-2027; ID 12345678.",
    "At 7:30 p.m. GMT, 14:00 UTC, 7\npm, 12:20\n, 1999's hit, a 2003 murder case, 1500 troops.",
    "+1\n202\n555\n0100 and (313)\n222-2027 and 7 December\n2021 and December 7,\n2021.",
    "2021年12月7日、12月7日、2021年12月 and 2021년 12월 7일.",
    "٢٠٢١-١٢-٠٧ and ۱۴۰۰ and १२:३० pm",
    "x1 a2b 3rd 5km 33-year-old 45-7-2 7-for-14 G7 F-35 COVID-19 +(5 ((313) 222-2027 ++1 202 555 0100",
    "ends with digits 2021",
    "to 1B Mark Teixeira, 3B/2B Ty Wigginton, $1B, 31B, 1B/, 1B2B, 4B and 2B/3B/1B.",
]

_ALPHABET = "0123456789٢١ +(-–/.,:'’\n\t $€£%apmAPMGTZUCBsthndrof年月日월"


def _spans(ms) -> list[tuple]:
    return [(m.span(), m.groups()) for m in ms]


@pytest.mark.parametrize("text", TRICKY)
def test_scan_finds_what_finditer_finds_on_tricky_texts(text):
    for rx, lead in PATTERNS:
        assert _spans(scan(rx, text, lead=lead)) == _spans(rx.finditer(text)), rx.pattern


@settings(max_examples=400)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_scan_finds_what_finditer_finds_on_any_text(text):
    for rx, lead in PATTERNS:
        assert _spans(scan(rx, text, lead=lead)) == _spans(rx.finditer(text)), rx.pattern


def test_run_starts_are_where_runs_of_digits_begin():
    assert run_starts("12a 3, x45 6") == (0, 4, 8, 11)
    assert run_starts("٢٠٢١ and 7") == (0, 9)  # any script's digits, as \d reads them
    assert run_starts("no figures") == ()


@settings(max_examples=300)
@given(st.text(alphabet="0123456789 a.,-\n", max_size=40))
def test_run_starts_of_ascii_text_are_those_of_the_regex(text):
    # an ASCII text is read by bytes.find, not the regex engine: the same places
    assert text.isascii()
    assert run_starts(text) == tuple(m.start() for m in re.finditer(r"\d+", text))
    assert run_starts(text + "é") == run_starts(text)  # the regex path, the same places


def test_scan_needs_the_lead_for_a_pattern_beginning_before_the_digits():
    rx = re.compile(r"\+\d+")
    assert [m[0] for m in scan(rx, "call +44 now", lead="+")] == ["+44"]
    assert [m[0] for m in scan(rx, "call +44 now")] == []  # the "+" is no place scan tries


def _whole_text(rx, text, /, lead=""):
    return rx.finditer(text)


@pytest.mark.parametrize("text", TRICKY)
def test_facts_are_those_of_whole_text_scans(text, monkeypatch):
    got = [tuple(it) for it in extract(Article(text=text, language="en"))]
    for mod in (text_dates, fact_dates, numbers):
        monkeypatch.setattr(mod, "scan", _whole_text)
    assert got == [tuple(it) for it in extract(Article(text=text, language="en"))]


@pytest.mark.parametrize(("text", "expected"), [
    ("On 9/11 they met.", [("date", "9/11")]),
    ("Aid of $1.3 billion was approved.", [("number", "$1,300,000,000")]),
    ("The House passed the bill 348 to 77.", [("number", "348-77")]),
    ("Signed on 12.04.2026 in Rome.", [("date", "April 12 2026")]),
    ("It took four and a half months.", [("number", "4.5 months")]),
    ("2021", [("date", "2021")]),
    ("It rose\n4.5%", [("number", "4.5 percent")]),
])
def test_figures_at_the_edges_and_across_lines_are_read(text, expected):
    assert [(it.kind, it.value) for it in extract(Article(text=text, language="en"))
            if it.kind in ("number", "date")] == expected


def test_cached_key_set_and_lower_words_are_those_of_the_tokens():
    from parallax.reader.text.keys import (
        lower_words,
        text_key_set,
        text_keys,
        text_lower_words,
        text_tokens,
    )

    text = "Putin met Biden in Geneva. The talks in geneva ended; Putin said 3 words."
    assert text_key_set(text) == frozenset(text_keys(text))
    assert text_lower_words(text) == frozenset(lower_words(text, text_tokens(text)))
    assert "geneva" in text_lower_words(text) and "putin" not in text_lower_words(text)
    assert text_key_set(text) is text_key_set(text)  # made once a text
