"""Numbers as journalists write them, each with what it counts.

A figure is read whole, never in pieces:

* plain figures in any script's digits, thousands grouped with commas, dots (where
  the language writes a decimal comma: German "94.000" is 94,000) or spaces
  ("94 000"), with a scale word or suffix ("1.3 billion", "40bn", "5 млрд");
* money: a currency sign, code or word before or after the figure ("$1.3 billion",
  "€40bn", "US$5m", "$US5m", "5 million dollars", "1.250.000,5 Euro"), with a scale
  written onto it in sports and finance copy ("$160MM", "$2B"), compared by its sign
  and full amount;
* percentages ("4.5%", "4.5 percent", "4,5 Prozent") and percentage points;
* ranges ("95,000 to 100,000", "5-10", "between 5 and 10", "€40-45bn") and votes or scores,
  whose second figure is not larger ("97-1", "348 to 77", "348-77", "2-2");
* fractions ("2/3 majority"; "4½", "4 1/2" and "¾" as 4.5, 4.5 and 0.75), proportions
  ("1 in 5 people", "three out of four"), ordinals ("3rd"), measures written onto the figure
  ("5km"), spelled-out numbers ("two hours and one minute") when they count
  something;
* figures written onto the words they count ("33-year-old", "15-minute", "2,507-member",
  "11th-ranked"; "$140-million" is money) and records written as one word ("45-7-2",
  "7-for-14", "29-of-34"), each one fact, compared whole.

What a figure counts is the short noun phrase after it ("94,000 Russian troops"
counts *troops*); its last word's stem is the head.  Figures inside dates, clock
times, URLs, e-mail addresses, phone numbers ("(313) 222-2027"), handles and long
identifiers are no numbers (:func:`not_facts` finds those spans); nor are
identifiers mixing letters and figures ("G7", "F-35", "COVID-19").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from parallax.reader.facts.labels import positions, versions
from parallax.reader.facts.tables import (
    Item,
    date_words,
    figures,
    jump,
    numbers,
    qualifiers,
    stop,
    year_at,
)
from parallax.reader.model import Span
from parallax.reader.text.charscan import char_positions
from parallax.reader.text.digits import scan
from parallax.reader.text.keys import Token, key, text_key_kinds, text_keys, text_tokens
from parallax.reader.text.lexicon import generation

_START = itemgetter(1)  # a token's start

__all__ = ["fmt", "not_facts", "numbers_in", "to_float"]


# ---------------------------------------------------------------- what is no fact

# Within a word run holding "/", "@" or "#": URLs, e-mail addresses, handles, hashtags.
_WEB = re.compile(
    "|".join((
        r"(?:https?://|www\.)[^\s<>\"“”]+",  # URLs
        r"(?<![\w@])[a-z0-9-]+(?:\.[a-z0-9-]+)+/[^\s<>\"“”]*",  # example.com/news/2021/12/story-59567377
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
        r"(?<![\w@#])[@#]\w+",  # handles and hashtags
    ))
)
_WEB_MARKS = "/@#"
_WEB_BREAK = re.compile(r"[\s<>\"“”]")  # what ends a word run
_WEB_RUN = re.compile(r"[^\s<>\"“”]*")
# Each pattern begins with the character it consumes first and looks behind only after
# it (``\d(?<![\w.,]\d)`` for ``(?<![\w.,])\d``), so that the regex engine skips ahead
# to the characters that can begin a match instead of trying every position of the text.
# And each begins where a run of digits does (a digit no word character comes before), or
# with the "+" or "(" just before one (the first two of _NOT_FACTS), and none matches
# nothing: digits.scan tries them only there (lead "+(").
_NOT_FACTS = re.compile(
    "[+(\\d](?:" + "|".join((
        r"(?<=\+)(?<![\w+]\+)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,4}(?![\w-])",  # +1 202 555 0100
        r"(?<=\()(?<![\w(]\()\d{3}\)\s?\d{3}[\s.-]\d{4}(?![\w-])",  # (313) 222-2027
        r"(?<=\d)(?<![\w.,-]\d)\d{2}[.-]\d{3}[.-]\d{4}(?![\w-]|[.,]\w)",  # 313-222-2027
        r"(?<=\d)(?<![\w.,]\d)\d{6,}(?!\w|[.,]\d)",  # identifiers: seven or more figures, ungrouped
    )) + ")"
)
_LOCAL_PHONE = re.compile(r"\d(?<![\w.,-]\d)\d{2}-\d{4}(?![\w-]|[.,]\d)")  # 222-2027, after a cue word


def _web_runs(text: str) -> list[tuple[int, int]]:
    """The runs of characters between white space, angle brackets and double quotes that
    hold a "/", "@" or "#" (where URLs, addresses and handles are), in order."""
    out: list[tuple[int, int]] = []
    end = 0
    for q in char_positions(text, _WEB_MARKS):  # (an ASCII text read through its bytes)
        if q < end:
            continue  # in the run just taken
        s = q
        while s > end and not _WEB_BREAK.match(text, s - 1):
            s -= 1
        end = _WEB_RUN.match(text, q).end()
        out.append((s, end))
    return out


@lru_cache(maxsize=16)
def _idiom_res(lang: str, _gen: tuple) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """One pattern per idiom of ``figures.tsv`` (a figure that is a saying), beginning with
    the idiom's first character (see _NOT_FACTS), and whether that character is a digit:
    then no word character comes before it, so the idiom begins where a run of digits
    does (digits.scan)."""
    out = []
    for idiom in figures(lang).idioms:
        first, rest = re.escape(idiom[:1]), re.escape(idiom[1:])
        rx = re.compile(rf"{first}(?<![\w/.,-]{first}){rest}(?![\w/%]|[.,]\d)", re.I)
        out.append((rx, re.fullmatch(r"\d", idiom[:1]) is not None))
    return tuple(out)


def not_facts(text: str, lang: str) -> list[Span]:
    """Spans whose figures are no facts: URLs, e-mail addresses, handles, phone numbers,
    long identifiers, the expressions of ``figures.tsv`` kind ``idiom`` ("24/7") and
    players' positions before their names (kind ``position``: "1B Mark Teixeira") and
    version numbers (kind ``version``: "IE 5.01", "Windows 8.1"), sorted.  A seven-figure local number ("222-2027") counts only after a ``phone`` word."""
    out = [Span(m.start(), m.start() + len(m.group().rstrip(".,;:!?)"))) for m in scan(_NOT_FACTS, text, lead="+(")]
    for s, e in _web_runs(text):
        out += [Span(m.start(), m.start() + len(m.group().rstrip(".,;:!?)")))
                for m in _WEB.finditer(text, s, e)]
    fig = figures(lang)
    for m in scan(_LOCAL_PHONE, text):
        before = {key(w) for w in re.findall(r"\w+", text[max(0, m.start() - 40):m.start()])[-4:]}
        if before & fig.phone_words:
            out.append(Span(m.start(), m.end()))
    gen = generation()
    for rx, digit_first in _idiom_res(lang, gen):
        for m in (scan(rx, text) if digit_first else rx.finditer(text)):
            out.append(Span(m.start(), m.end()))
    out += positions(text, lang, gen)
    out += versions(text, lang, gen)
    return sorted(out)


# ---------------------------------------------------------------- figures

_PLAIN = re.compile(r"\d+(?:[.,]\d+)*")
_PAIR = re.compile(r"(\d+(?:[.,]\d+)*)-(\d+(?:[.,]\d+)*)([^\W\d_]{1,3})?")  # "5-10", "97-1", "40-45bn"
# a figure with a vulgar fraction ("4½", "¾"), maybe written onto what it counts ("¾-mile")
_VULGAR = re.compile(r"(\d*)([\u00bc-\u00be\u2150-\u215e\u2189])((?:-[^\W\d_][^\W_]*)+)?")
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)")
_SUFFIXED = re.compile(r"(\d+(?:[.,]\d+)*)([^\W\d_]{1,3})")
_DECADE = re.compile(r"(?:1[89]|20)?\d0s")
_DECADE_APOSTROPHE = re.compile(r"\d0['\u2019]s")
# a figure written onto the words it counts: "33-year-old", "15-minute", "11th-ranked",
# "2,507-member", "6-foot-7", "$140-million" (a scale word: money), "$80,000-a-year"
_COMPOUND = re.compile(r"(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?((?:-[^\W\d_][^\W_]*)+)(?:-\d+)?(?:['\u2019]s)?")
# records and tallies written as one word: "45-7-2" (won, lost, drawn), "7-for-14", "29-of-34", "8-by-12"
_RECORD = re.compile(r"\d{1,3}(?:-\d{1,3}){2,3}|\d+-(?:for|of|by)-\d+")
_DASHES = ("-", "–", "—", "‒", "−")
_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
_CJK_DATE_UNITS = frozenset("年月日号號년월일")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n“\"«„(]\s*)$")
_FORMS = tuple(map(re.compile, (r"\d{1,3}(\.\d{3})+(,\d+)?", r"\d{1,3}(,\d{3})+(\.\d+)?", r"\d+,\d{1,2}", r"\d+(\.\d+)?")))  # to_float's


def to_float(s: str, decimal_comma: bool = False) -> float | None:
    """A written figure's value: "94,000", "4.5", "94.000" and "4,5" (``decimal_comma``),
    "1 250 000", digits of any script; None when it is no figure ("1.2.3")."""
    s = s if s.isascii() else "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in s)  # (0-9: as they are)
    s = s.replace("\u00a0", "").replace("\u202f", "")
    if decimal_comma and _FORMS[0].fullmatch(s):
        s = s.replace(".", "").replace(",", ".")  # "94.000", "1.250.000,5"
    elif _FORMS[1].fullmatch(s):
        s = s.replace(",", "")
    elif _FORMS[2].fullmatch(s):
        s = s.replace(",", ".")
    elif _FORMS[3].fullmatch(s) is None:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def fmt(v: float) -> str:
    """A value as facts show it: "94,000", "4.5", "1,300,000,000"."""
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=16)
def _phrase_tables(lang: str, _gen: tuple) -> tuple[frozenset[str], dict[str, tuple[str, str, bool]]]:
    return figures(lang).units, date_words(lang)


def _unit(k: str, fig) -> bool:
    """A unit word ("minute", "hours"): quantities of units add up ("two hours and one minute")."""
    return k in fig.units or (k.endswith("s") and k[:-1] in fig.units)


def _looks_final(k: str, units: frozenset[str]) -> bool:
    """A counted noun usually ends the phrase: 'troops', 'hours', 'minute'."""
    return k.endswith("s") or k in units


def _head(text: str, toks, i: int, stop_words: frozenset[str], lang: str,
          gen: tuple | None = None) -> tuple[str, str, int]:
    """The counted noun phrase starting at token i: (phrase, head stem, end token)."""
    from parallax.reader.align.similarity import stem

    units, dates = _phrase_tables(lang, generation() if gen is None else gen)
    words: list[int] = []
    j = i
    while j < len(toks) and len(words) < 3:
        if words and _looks_final(toks[words[-1]].key, units):
            break
        k = toks[j].key
        between = text[toks[j - 1].end:toks[j].start] if j > 0 else " "
        if words and between.strip() not in ("", "-"):
            break
        if not words and between.strip() not in ("", "-", "(", "\u2019"):
            break
        if k in stop_words or not k[:1].isalpha() or dates.get(k):
            break
        if words and (k.endswith("ing") or k.endswith("ed")) and len(k) > 5:
            break
        words.append(j)
        j += 1
    if not words:
        return "", "", i
    phrase = " ".join(text[toks[w].start:toks[w].end] for w in words)
    return phrase, stem(toks[words[-1]].key), words[-1] + 1


_ABOUT = 0.03  # "about 94,000" allows 3% either way
_MIXED_DENOMINATOR = 16  # "4 1/2", "3 7/8", "2 15/16": the fractions of mixed numbers
_PER_NUMERATOR = 10  # "1 in 5", "9 in 10", "one in three"; not "he scored 20 in 30 minutes"


def _interval(toks, i: int, lo: float, hi: float | None, quals: dict[tuple[str, ...], str]) -> tuple[float, float]:
    """The values a figure allows, from the qualifier just before it."""
    hi = lo if hi is None else hi
    keys = [t.key for t in toks[max(0, i - 3):i]]
    for k in range(len(keys)):
        kind = quals.get(tuple(keys[k:]))
        if kind == "about":
            return lo * (1 - _ABOUT), hi * (1 + _ABOUT)
        if kind == "at-least":
            return lo, float("inf")
        if kind == "at-most":
            return 0.0, hi
    return lo, hi


_PCT = re.compile(r"[ \u00a0\u202f]?%")  # a percent sign after a figure
_CONTEXT = 5  # content words each side of a figure that say what it is about
_SENT_END = re.compile(r"[.!?;:]\s|\n")


def _context_words(text: str, toks, i: int, j: int, stop_words: frozenset[str]) -> tuple[str, ...]:
    """Up to five content words before token i and after token j, in the same sentence:
    the content-word keys met walking away from the figure, until a gap between two
    tokens ends the sentence (``_SENT_END``; a single space, most gaps, without it)."""
    search = _SENT_END.search
    out: list[str] = []
    k = i - 1
    room = _CONTEXT  # (a count, not len(out), and each token unpacked, not read by attribute)
    while k >= 0 and room:
        key, _, a = toks[k]
        b = toks[k + 1].start
        if (b - a != 1 or text[a] != " ") and search(text, a, b) is not None:
            break
        if key not in stop_words and key[:1].isalpha():
            out.append(key)
            room -= 1
        k -= 1
    if j <= 0:
        return tuple(out)
    n, k, room = len(toks), j, _CONTEXT
    while k < n and room:
        key, b, _ = toks[k]
        a = toks[k - 1].end
        if (b - a != 1 or text[a] != " ") and search(text, a, b) is not None:
            break
        if key not in stop_words and key[:1].isalpha():
            out.append(key)
            room -= 1
        k += 1
    return tuple(out)


def _tens(v: float) -> bool:
    """Twenty, thirty ... ninety (also after hundreds): units may follow."""
    return v == int(v) and int(v) % 10 == 0 and 20 <= int(v) % 100 <= 90


class _Figure(NamedTuple):
    """A figure being read: its value(s), its form and the token after it."""

    lo: float
    end: int
    form: str = "plain"  # plain | spelled | range | tally | ordinal | measure | fraction | proportion | compound
    hi: float = 0.0  # a range's or vote's second figure; a fraction's numerator
    unit: str = ""  # a measure's unit ("km"); what a compound counts ("year", "record")
    scale: float = 1.0  # the scale word or suffix it had ("billion": 1e9)


@lru_cache(maxsize=16)
def _sign_re(lang: str, _gen: tuple) -> re.Pattern[str]:
    """The currency signs of ``figures.tsv`` written right before a figure (or a space before)."""
    alt = "|".join(re.escape(sign) for sign, _ in figures(lang).signs) or "(?!x)x"
    return re.compile(rf"(?i)({alt})[ \u00a0\u202f\u2009]?$")


def _blocked(toks, taken: list[Span]) -> bytearray:
    """1 for each token that overlaps a taken span."""
    out = bytearray(len(toks))
    starts = list(map(_START, toks))  # a C loop, not a Python step a token
    for sp in taken:
        k = max(0, bisect_right(starts, sp.start) - 1)
        while k < len(toks) and toks[k].start < sp.end:
            if toks[k].end > sp.start:
                out[k] = 1
            k += 1
    return out


def _is_year_pair(a: str, b: str) -> bool:
    return len(a) == 4 and a.isdigit() and 1800 <= int(a) <= 2100 and len(b) in (2, 4) and b.isdigit()


_GLUED = re.compile(r"[^\W\d_]{1,3}(?=\d)")  # letters written onto a figure: "US1" of "$US1 million"


@lru_cache(maxsize=16)
def _glued_signs(lang: str, _gen: tuple) -> tuple[frozenset[str], re.Pattern[str]] | None:
    """The letters of the currency signs written symbol first ("$US", "$A": "us", "a"), and
    where such a sign is written right onto a figure ("$US1"); None when there are none."""
    signs = [sign for sign, _ in figures(lang, gen=_gen).signs
             if unicodedata.category(sign[0]) == "Sc" and sign[1:].isalpha()]
    if not signs:
        return None
    alt = "|".join(re.escape(sign) for sign in sorted(signs, key=len, reverse=True))
    return frozenset(sign[1:] for sign in signs), re.compile(rf"(?i)(?:{alt})(?=\d)")


def _unglue_signs(text: str, toks, keys, glued: tuple[frozenset[str], re.Pattern[str]] | None,
                  sign_re: re.Pattern[str]):
    """A currency sign whose letters come after its symbol ("$US", "$A") makes one token of
    its letters and the figure after them ("$US1 million": "US1").  The tokens and keys
    with each such token begun at its figure, so that the figure is read with the sign
    before it; and the keys so made (none, and the same tokens, in most texts).  Only the
    places where such a sign is written onto a figure are looked at (one scan of the text)."""
    if glued is None:
        return toks, keys, frozenset()
    letters, where = glued
    hits = [m.start() + 1 for m in where.finditer(text)]  # where the letters begin, after the symbol
    if not hits:
        return toks, keys, frozenset()
    starts = list(map(_START, toks))
    toks2, keys2 = list(toks), list(keys)
    made: set[str] = set()
    for at in hits:
        x = bisect_right(starts, at) - 1
        if x < 0 or toks[x].start != at:
            continue
        t = toks[x]
        m = _GLUED.match(text, t.start, t.end)
        if m is None or m.group().casefold() not in letters:
            continue
        pos = m.end()
        sm = sign_re.search(text, max(0, pos - 8), pos)
        if sm is None or sm.start(1) >= t.start or sm.end(1) != pos:
            continue  # no sign written onto the letters: "US1" alone, "MS08"
        keys2[x] = key(text[pos:t.end])
        toks2[x] = Token(keys2[x], pos, t.end)
        made.add(keys2[x])
    return tuple(toks2), tuple(keys2), frozenset(made)


def numbers_in(text: str, lang: str, taken: list[Span] | tuple[Span, ...] = ()) -> list[Item]:
    """Every number fact of a text, in order.  Tokens inside a ``taken`` span (dates,
    :func:`not_facts`) are no part of any number."""
    units, scales, _ords = numbers(lang)
    gen = generation()  # once: the tables below are read per figure
    fig = figures(lang, gen=gen)
    quals = qualifiers(lang)
    stop_words = stop()
    sign_re = _sign_re(lang, gen)
    toks, keys, unglued = _unglue_signs(text, text_tokens(text), text_keys(text), _glued_signs(lang, gen), sign_re)
    n = len(toks)
    blocked = _blocked(toks, list(taken))
    add_firsts, mark_firsts = {k[0] for k in fig.adds if k}, {k[0] for k in fig.marks if k}  # their first words

    def added_after(j: int) -> tuple[float, int]:
        """What a phrase like "and a half" at token j adds to the figure before it, and the token after it."""
        if not fig.adds or j >= n or keys[j] not in add_firsts or text[toks[j - 1].end:toks[j].start] not in _SPACES:
            return 0.0, j  # (no phrase opens with the word at j: most figures)
        for ln in range(min(4, n - j), 1, -1):
            got = fig.adds.get(tuple(keys[j:j + ln]))  # (keys[x] is toks[x].key)
            if got is not None and not any(blocked[j:j + ln]) and \
                    all(text[toks[x - 1].end:toks[x].start] in _SPACES for x in range(j + 1, j + ln)):
                return got, j + ln
        return 0.0, j

    def scale_after(j: int) -> tuple[float, int]:
        if j < n and toks[j].key in scales and text[toks[j - 1].end:toks[j].start] in _SPACES and not blocked[j]:
            return scales[toks[j].key], j + 1
        return 1.0, j

    def word_value(k: str) -> float | None:
        """A spelled-out number word's value ("twenty-five" too), or None."""
        got = units.get(k)
        if got is None and "-" in k:
            parts = k.split("-")
            if all(p in units for p in parts):
                got = sum(units[p] for p in parts)
        return got

    def denominator(den) -> tuple[int, str] | None:
        """A fraction's denominator token and the noun written onto it: "2" (2, ""),
        "2-inch" (2, "inch"), else None."""
        if den.key.isdigit():
            return int(den.key), ""
        onto = _COMPOUND.fullmatch(text[den.start:den.end])
        return (int(onto[1]), key(onto[2][1:].split("-")[0])) if onto and onto[1].isdigit() else None

    def mixed_fraction(j: int) -> tuple[float, int, str] | None:
        """The fraction at token j that ends a mixed number ("4 1/2"): its value, the token
        after it, and the noun written onto it ("3 1/2-inch": "inch"; else ""), or None."""
        if j + 1 >= n or blocked[j] or blocked[j + 1] or text[toks[j - 1].end:toks[j].start] not in _SPACES:
            return None
        num, den = toks[j], toks[j + 1]
        if not num.key.isdigit() or text[num.end:den.start] not in ("/", "\u2044") or (d := denominator(den)) is None:
            return None
        a, (b, unit) = int(num.key), d
        return (a / b, j + 2, unit) if 0 < a < b <= _MIXED_DENOMINATOR else None

    def spelled_at(i: int) -> _Figure | None:
        v = word_value(toks[i].key)
        if v is None:
            return None
        j = i + 1
        while j < n:
            kk = toks[j].key
            if kk in fig.joins and j + 1 < n:
                w = word_value(toks[j + 1].key)
                after = scales.get(toks[j + 2].key, 0.0) if j + 2 < n else 0.0
                if w is not None and ((_tens(v) and w < 10) or (v >= 100 and v % 100 == 0 and w < 100)) \
                        and not 0 < after <= v:  # not "between two hundred and three hundred"
                    j += 1  # "treinta y dos", "vingt et un", "two hundred and fifty"
                    kk = toks[j].key
            w = word_value(kk)
            if kk in scales:
                v *= scales[kk]
            elif w is not None and ((v >= 100 and w < 100) or (_tens(v) and w < 10)):
                v += w  # "two hundred five", "двадцать два", "one hundred twenty-five"
            else:
                break
            j += 1
        extra, j2 = added_after(j)
        if extra:  # "two and a half years", "one and a half million"
            sc, j = scale_after(j2)
            v = (v + extra) * sc
        return _Figure(v, j, "spelled")

    def money_scale(suffix: str, i: int, money: bool) -> float | None:
        """The scale of a suffix written onto a figure of money ("$160MM"), or None: when the
        figure at token i has no currency sign before it (nor, ``money``, the range it ends)."""
        sc = fig.suffixes.get(suffix) if fig.suffixes else None
        return sc if sc is not None and (money or sign_before(toks[i].start, i) is not None) else None

    def figure_at(i: int, second: bool = False, money: bool = False) -> _Figure | None:
        """The figure starting at token i (``second``: the far end of a range or vote;
        ``money``: of a range whose first figure has a currency sign)."""
        t = toks[i]
        if not t.key[:1].isdigit():
            return spelled_at(i)
        raw = text[t.start:t.end]
        if _PLAIN.fullmatch(raw):
            v = to_float(raw, fig.decimal_comma)
            if v is None:
                return None  # "1.2.3"
            j = i + 1
            if len(raw) <= 3 and raw.isdigit():  # thousands grouped with spaces: "94 000"
                while j < n and len(toks[j].key) == 3 and toks[j].key.isdigit() and not blocked[j] and \
                        text[toks[j - 1].end:toks[j].start] in _SPACES:
                    v = v * 1000 + int(toks[j].key)
                    j += 1
            if not second and j == i + 1 and text[t.end:t.end + 1] == "/" and j < n and \
                    toks[j].start == t.end + 1 and toks[j].key.isdigit() and not blocked[j] and int(toks[j].key):
                return _Figure(v / int(toks[j].key), j + 1, "fraction", v)  # "2/3 majority"
            if not second and j == i + 1 and text[t.end:t.end + 1] == "/" and j < n and \
                    toks[j].start == t.end + 1 and not blocked[j] and raw.isdigit() and \
                    (d := denominator(toks[j])) is not None and d[1] and 0 < int(raw) < d[0] <= _MIXED_DENOMINATOR:
                return _Figure(v / d[0], j + 1, "compound", unit=d[1])  # "a 1/2-inch gap"
            if j == i + 1 and raw.isdigit() and (part := mixed_fraction(j)) is not None:
                v, j = v + part[0], part[1]  # "4 1/2 months": one figure, 4.5
                if part[2]:
                    return _Figure(v, j, "compound", unit=part[2])  # "a 3 1/2-inch pipe"
            extra, j = added_after(j) if j == i + 1 else (0.0, j)  # "4 and a half months"
            sc, j = scale_after(j)
            return _Figure((v + extra) * sc, j, scale=sc)
        m = _VULGAR.fullmatch(raw)
        if m:  # "4½", "¾", "¾-mile"
            v = (to_float(m[1], fig.decimal_comma) or 0.0 if m[1] else 0.0) + unicodedata.numeric(m[2])
            if m[3]:
                first = key(m[3][1:].split("-")[0])
                return _Figure(v, i + 1, "compound", unit=first)
            sc, j = scale_after(i + 1)
            return _Figure(v * sc, j, scale=sc)
        m = _SUFFIXED.fullmatch(raw)
        if m and m[2].casefold() in scales:  # 40bn, 5m
            v = to_float(m[1], fig.decimal_comma)
            return None if v is None else _Figure(v * scales[m[2].casefold()], i + 1, scale=scales[m[2].casefold()])
        if m and (sc := money_scale(m[2], i, money)) is not None:  # "$160MM", "$2B"
            v = to_float(m[1], fig.decimal_comma)
            return None if v is None else _Figure(v * sc, i + 1, scale=sc)
        if second:
            return None
        m = _PAIR.fullmatch(raw)
        if m and not m[3] and m[1].isdigit() and m[2].isdigit() and i + 1 < n and text[t.end:t.end + 1] == "/" \
                and toks[i + 1].start == t.end + 1 and not blocked[i + 1] and (d := denominator(toks[i + 1])) \
                and 0 < int(m[2]) < d[0] <= _MIXED_DENOMINATOR:
            v = int(m[1]) + int(m[2]) / d[0]  # "a 2-1/2 year sentence": 2.5, not the score 2-1 and 2 years
            if d[1]:
                return _Figure(v, i + 2, "compound", unit=d[1])  # "2-1/2-inch"
            sc, j = scale_after(i + 2)
            return _Figure(v * sc, j, scale=sc)
        if m:
            a, b = to_float(m[1], fig.decimal_comma), to_float(m[2], fig.decimal_comma)
            if a is None or b is None or _is_year_pair(m[1], m[2]):
                return None  # "2014-15": years, read as a date
            if m[3]:  # "40-45bn": a range with its scale ("10-15km", "3-4pm": no figure here)
                sc = scales.get(m[3].casefold()) or money_scale(m[3], i, money)  # "$140-150MM"
                return _Figure(a * sc, i + 1, "range", b * sc, scale=sc) if sc and a < b else None
            if b <= a and a == int(a) and b == int(b) and a < 1000:
                return _Figure(a, i + 1, "tally", b)  # 97-1, 348-77, 2-2
            sc, j = scale_after(i + 1)
            return _Figure(a * sc, j, "range", b * sc, scale=sc) if a < b else None
        m = _ORDINAL.fullmatch(raw)
        if m:
            return _Figure(float(m[1]), i + 1, "ordinal")
        if m is None and _DECADE.fullmatch(raw):  # "1990s" and "the '70s" are dates; "his 70s" one fact
            return _Figure(float(raw[:-1]), i + 1, "compound", unit="decade") if len(raw) == 3 else None
        if m is None and _DECADE_APOSTROPHE.fullmatch(raw):  # "his early 20's", as "his 20s"
            return _Figure(float(raw[:2]), i + 1, "compound", unit="decade")
        m = _SUFFIXED.fullmatch(raw)
        if m and m[2].islower():
            v = to_float(m[1], fig.decimal_comma)
            return None if v is None else _Figure(v, i + 1, "measure", unit=m[2])  # 5km, 3kg
        m = _RECORD.fullmatch(raw)
        if m:
            return _Figure(float(raw.split("-", 1)[0]), i + 1, "compound", unit="record")
        m = _COMPOUND.fullmatch(raw)
        if m:
            v = to_float(m[1], fig.decimal_comma)
            if v is None:
                return None
            words = m[2][1:].split("-")
            first = key(words[0])
            if len(words) == 1 and first in scales:  # "$140-million": the figure and its scale
                return _Figure(v * scales[first], i + 1, scale=scales[first])
            return _Figure(v, i + 1, "compound", unit=first)
        return None  # "5G", "G7", "COVID-19": names and identifiers, no numbers

    def mark_at(j: int) -> tuple[str, str, int] | None:
        """A percent, percentage-point or currency word at token j: (kind, normal form, next token)."""
        # (no length to try when no mark opens with the word at j: most figures)
        for ln in range(min(fig.longest, n - j) if keys[j] in mark_firsts else 0, 0, -1):
            got = fig.marks.get(tuple(keys[j:j + ln]))
            if got is not None and not any(blocked[j:j + ln]):
                return got[0], got[1], j + ln
        return None

    signs = dict(fig.signs)
    before = fig.before or {}

    def sign_before(pos: int, i: int) -> tuple[str, int] | None:
        """A currency sign written onto the figure at ``pos`` (token i), or a space before
        it, or a currency code a space before it ("INR 500", "Rs. 5 crore"): (normal form, start)."""
        lo = max(0, pos - 8)
        m = sign_re.search(text, lo, pos)
        if m is None:
            if before and i > 0 and (code := before.get(keys[i - 1])) is not None and not blocked[i - 1] and \
                    text[toks[i - 1].end:pos] in (" ", "\u00a0", ". ", ".\u00a0"):
                return code, toks[i - 1].start
            return None
        s = m.start(1)
        sign = m[1].casefold()
        if s > 0 and sign[0].isalpha() and text[s - 1].isalnum():
            return None  # "plus$5": no sign
        return signs[sign], s

    def ratio_at(i: int) -> _Figure | None:
        """A ratio or score written with a colon at token i ("3:1", "10:1"), as a tally."""
        t = toks[i]
        if i + 1 >= n or text[t.start - 1:t.start] == ":" or toks[i + 1].start != t.end + 1 or blocked[i + 1]:
            return None
        a, b = t.key, toks[i + 1].key
        if not (a.isdigit() and b.isdigit() and len(b) == 1 and len(a) <= 3) or text[toks[i + 1].end:toks[i + 1].end + 1] == ":":
            return None
        return _Figure(float(a), i + 2, "tally", float(b))

    def proportion(f: _Figure, j: int) -> _Figure | None:
        """A proportion from token j on ("1 in 5 people", "three out of four"), or None."""
        spelled = f.form == "spelled"
        for ln in (2, 1):
            if j + ln < n and tuple(keys[j:j + ln]) in fig.per and not any(blocked[j:j + ln + 1]) and \
                    all(text[toks[x - 1].end:toks[x].start] in _SPACES for x in range(j, j + ln + 1)):
                g = figure_at(j + ln, second=True)
                if g is None or (g.form == "spelled") != spelled or f.scale != 1.0 or g.scale != 1.0:
                    return None
                if f.lo == int(f.lo) and g.lo == int(g.lo) and 0 < f.lo < g.lo and f.lo <= _PER_NUMERATOR:
                    return _Figure(f.lo / g.lo, g.end, "proportion", f.lo)
                return None
        return None

    def second_figure(f: _Figure, i: int) -> _Figure:
        """A range ("95,000 to 100,000", "5 – 10", "between 5 and 10"), a vote ("348 to 77")
        or a proportion ("1 in 5")."""
        j = f.end
        if j >= n:
            return f
        if fig.per and (p := proportion(f, j)) is not None:
            return p
        gap = text[toks[j - 1].end:toks[j].start].strip()
        spelled = f.form == "spelled"
        prev = toks[i - 1].key if i > 0 else ""
        if gap in _DASHES and not (spelled and gap == "-"):
            k2 = j
        elif gap[:1] in _DASHES and gap[1:].strip() and gap[1:].strip() == text[toks[i].start - 1:toks[i].start] \
                and not gap[1:].strip().isalnum():
            k2 = j  # "$140-$150 million": the currency written again after the dash
        elif j + 1 < n and not gap and (toks[j].key in fig.ranges or (toks[j].key in fig.joins and prev in fig.between)):
            k2 = j + 1
        else:
            return f
        if blocked[k2]:
            return f
        g = figure_at(k2, second=True, money=not spelled and sign_before(toks[i].start, i) is not None)
        if g is None or (g.form == "spelled") != spelled:
            return f
        lo = f.lo * g.scale if g.scale != 1.0 and f.scale == 1.0 and f.lo < 1000 else f.lo  # "1 to 2 billion"
        if lo < g.lo:
            return _Figure(lo, g.end, "range", g.lo, scale=max(f.scale, g.scale))
        if lo == int(lo) and g.lo == int(g.lo) and lo < 1000 and not spelled and f.scale == g.scale == 1.0 \
                and (k2 == j or (toks[j].key in fig.ranges and toks[j].key not in fig.joins)):
            return _Figure(lo, g.end, "tally", g.lo)
        return f

    out: list[Item] = []
    # the tokens that can start a figure: digits, or spelled-out numbers (figure_at
    # reads nothing at the others); the loop jumps from one to the next
    kinds = text_key_kinds(text)  # (each word once)
    starting = kinds.figures | kinds.hyphenated | kinds.words.intersection(units) | unglued
    cands = list(compress(range(n), map(starting.__contains__, keys)))
    ci = 0
    i = 0
    while i < n:
        ci, i = jump(cands, ci, i)
        if i < 0:
            break
        t = toks[i]
        if blocked[i]:
            i += 1
            continue
        f = figure_at(i)
        if f is None:
            i += 1
            continue
        raw = text[t.start:t.end]
        if f.form == "spelled" and raw[:1].isupper() and not _SENTENCE_START.search(text, max(0, t.start - 3), t.start):
            i = f.end  # "the Normandy Four summit", "Group of Seven": part of a name
            continue
        if f.form == "plain":
            if text[toks[f.end - 1].end:toks[f.end - 1].end + 1] in _CJK_DATE_UNITS:
                i += 1  # "12月", "3日": a month or a day
                continue
            if year_at(keys, i, named_next=i + 1 < len(toks) and text[toks[i + 1].start].isupper()):
                i += 1  # a year (the dates read it)
                continue
        if text[t.end:t.end + 1] == ":" or text[t.start - 1:t.start] == ":":
            if f.form == "plain" and (g := ratio_at(i)) is not None:
                f = g  # "3:1", "won 2:1": a ratio or a score (minutes have two figures)
            else:
                i += 1  # a clock time
                continue
        elif f.form in ("plain", "spelled"):
            f = second_figure(f, i)
        item = _fact(text, toks, i, f, lang, blocked, mark_at, sign_before, figure_at, stop_words, quals, gen)
        if item is None:
            i = f.end
            continue
        item, after = item
        out.append(item)
        i = max(after, f.end, i + 1)
    return out


def _written(f: _Figure, raw: str) -> str:
    if f.form == "range":
        return f"{fmt(f.lo)} to {fmt(f.hi)}"
    if f.form == "tally":
        return f"{int(f.lo)}-{int(f.hi)}"
    if f.form == "ordinal":
        return raw
    if f.form == "measure":
        return f"{fmt(f.lo)} {f.unit}"
    if f.form == "fraction":
        return f"{fmt(f.hi)}/{fmt(f.hi / f.lo)}"
    if f.form == "proportion":
        return f"{fmt(f.hi)} in {fmt(round(f.hi / f.lo))}"
    if f.form == "compound":
        return raw.removesuffix("'s").removesuffix("\u2019s")
    return fmt(f.lo)


def _fact(text, toks, i, f: _Figure, lang, blocked, mark_at, sign_before, figure_at, stop_words, quals, gen):
    """The number fact of figure ``f`` at token i and the token after it: what it is
    (a percentage, percentage points, money, a count of something) and its phrase."""
    n = len(toks)
    t = toks[i]
    num = _written(f, text[t.start:toks[f.end - 1].end] if f.form == "compound" else text[t.start:t.end])
    end_tok = f.end
    after = end_tok
    after_pos = toks[end_tok - 1].end
    start = t.start
    pct = _PCT.match(text, after_pos, after_pos + 2)
    mark = None if pct or end_tok >= n else mark_at(end_tok)
    sign = sign_before(t.start, i) if f.form in ("plain", "range") else None
    if pct:
        value, head, match = f"{num} percent", "percent", f"{num} percent"
        after_pos = pct.end()
    elif sign is not None:
        norm, start = sign
        written = text[start:t.start].strip()
        # "INR 500", "Rs. 5 crore" ("$US1 million": the sign written onto the figure)
        gap = " " if (written[-1:].isalpha() or written.endswith(".")) and text[t.start - 1:t.start].isspace() else ""
        value, head, match = f"{written}{gap}{num}", norm, f"{norm}{num}"
        if mark is not None and mark[0] == "currency":  # "US$5 million USD"
            after = mark[2]
            after_pos = toks[after - 1].end
    elif mark is not None:
        kind, norm, after = mark
        after_pos = toks[after - 1].end
        phrase = " ".join(text[x.start:x.end] for x in toks[end_tok:after])
        value = f"{num} {phrase}"
        if kind == "currency":
            head, match = norm, f"{norm}{num}"
        else:  # percent, percentage points
            head, match = norm, f"{num} {norm}"
    elif f.form == "measure":
        value, head, match = num, key(f.unit), num
    elif f.form == "compound":  # "33-year-old": counts years; a record is compared whole
        from parallax.reader.align.similarity import stem

        head = stem(f.unit)
        value, match = num, (num if f.unit == "record" else f"{fmt(f.lo)} {head}")
    else:
        phrase, head, after = _head(text, toks, end_tok, stop_words, lang, gen)
        if f.form == "spelled" and not head:
            return None  # "one of the leaders"
        if f.form == "spelled" and i and toks[i - 1].key in (fg := figures(lang, gen=gen)).anaphors \
                and not text[toks[i - 1].end:toks[i].start].strip() and not _unit(toks[after - 1].key, fg):
            return None  # "the two leaders", "all three suspects": counted before ("the one-day trial" is a length)
        if f.form == "tally":
            head = head or "vote"
        value = f"{num} {phrase}".strip()
        match = f"{num} {head}".strip()
        if phrase:
            after_pos = toks[after - 1].end
            # compound quantities of units: "two hours and one minute"
            fig = figures(lang, gen=gen)
            q = after
            while q + 1 < n and toks[q].key in fig.joins and not blocked[q + 1] and _unit(toks[q - 1].key, fig):
                g = figure_at(q + 1, second=True)
                if g is None:
                    break
                ph3, hd3, aft3 = _head(text, toks, g.end, stop_words, lang, gen)
                if not hd3 or not _unit(toks[aft3 - 1].key, fig):
                    break
                value += f" {fmt(g.lo)} {ph3}"
                match += f" {fmt(g.lo)} {hd3}"
                after_pos = toks[aft3 - 1].end
                q = after = aft3
    if f.form in ("tally", "compound"):
        lo = hi = f.lo  # a vote is compared by its whole result, not as an interval
    else:
        lo, hi = _interval(toks, i, f.lo, f.hi if f.form == "range" else None, quals)
    of = ""
    if f.form == "compound" and end_tok < n and not text[toks[end_tok - 1].end:toks[end_tok].start].strip() \
            and toks[end_tok].key not in stop_words and not toks[end_tok].key[:1].isdigit():
        of = toks[end_tok].key  # "his 58-year-old mother": the mother's years
    return Item("number", value, key(match), head, Span(start, after_pos), lo, hi,
                _context_words(text, toks, i, max(after, end_tok), stop_words), of), after
