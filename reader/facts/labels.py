"""Figures that label rather than count: no facts, though written with digits.

* players' positions written with figures right before their names ("1B Mark
  Teixeira", "3B/2B Ty Wigginton": ``figures.tsv`` kind ``position``);
* version numbers after a product's name or a word such as "version" ("IE 5.01",
  "Windows 8.1", "version 2.3.1", and the lists after them: "Internet Explorer 5.01,
  6, and 7"; kinds ``version`` and ``list``).

:func:`parallax.reader.facts.numbers.not_facts` adds their spans to the other spans
whose figures are no facts (URLs, phone numbers, identifiers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from parallax.reader.facts.tables import figures, numbers
from parallax.reader.model import Span
from parallax.reader.text.digits import run_starts, scan
from parallax.reader.text.keys import key

__all__ = ["position_re", "positions", "versions"]


@lru_cache(maxsize=16)
def position_re(lang: str, _gen: tuple) -> re.Pattern[str] | None:
    """The positions of ``figures.tsv`` ("1B", "3B"), one or more joined by "/" ("3B/2B"),
    in their case; each alternative begins with its first character and, when that is a
    digit, no word character comes before it (digits.scan tries it only where a run of
    digits begins)."""
    terms = figures(lang, gen=_gen).positions
    if not terms or not all(re.fullmatch(r"\d", t[:1]) for t in terms):
        return None
    first = "|".join(rf"{re.escape(t[:1])}(?<![\w/.,-]{re.escape(t[:1])}){re.escape(t[1:])}" for t in terms)
    more = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?:{first})(?:/(?:{more}))*(?![\w/%]|[.,]\d)")


def positions(text: str, lang: str, gen: tuple) -> list[Span]:
    """Players' positions written with figures right before their capitalised names ("to
    1B Mark Teixeira", "non-tender 3B/2B Ty Wigginton"): no facts.  Not after a currency
    sign ("$1B" is a billion dollars) nor before a word of money ("1B Euros")."""
    rx = position_re(lang, gen)
    if rx is None:
        return []
    fig = figures(lang, gen=gen)
    out = []
    for m in scan(rx, text):
        s, e = m.span()
        if s > 0 and unicodedata.category(text[s - 1]) == "Sc":
            continue
        name = re.match(r"[ \u00a0]([^\W\d_][\w'’.-]*)", text[e:e + 40])
        if name is None or not name[1][:1].isupper() or (key(name[1]),) in fig.marks:
            continue
        out.append(Span(s, e))
    return out


_VERSION = re.compile(r"\d+(?:\.\d+)*(?![\w%]|[.,]\d)")  # "7", "5.01", "2.3.1"
_NEXT_WORD = re.compile(r"[ \u00a0]*([^\W\d_][\w-]*|%)")


@lru_cache(maxsize=16)
def _version_res(lang: str, _gen: tuple) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The ``version`` words of ``figures.tsv`` ending right before a figure ("IE 7", "IE8"),
    each in its case (a lower-case one also capitalised: "Version 7", "Service Pack 1"), and what
    goes on a list of versions after one: a comma, a dash or a ``list`` word ("5.01, 6, and
    7", "8 and IE 9", "6 through 10"), maybe a version word again, and the figure."""
    fig = figures(lang, gen=_gen)
    if not fig.versions:
        return None
    terms = {v for t in fig.versions for v in ((t, t[:1].upper() + t[1:], t.title()) if t == t.casefold() else (t,))}
    cue = "|".join(r"[ \u00a0]+".join(map(re.escape, t.split())) for t in sorted(terms, key=len, reverse=True))
    joins = "|".join(re.escape(w) for w in sorted(fig.lists, key=len, reverse=True)) or "(?!x)x"
    space = r"[ \u00a0]"
    before = re.compile(rf"(?<![\w.-])({cue}){space}?$")
    more = re.compile(rf"(?:{space}*,{space}*(?:(?:{joins}){space}+)?|{space}+(?:{joins}){space}+|{space}*[-–]{space}*)"
                      rf"((?:{cue}){space}?)?(?=\d)")
    return before, more


_SPACES = " \u00a0"


@lru_cache(maxsize=16)
def _cue_ends(lang: str, _gen: tuple) -> frozenset[str]:
    """The last characters of the ``version`` words as :func:`_version_res` reads them (each in
    its case, also capitalised): a cue before a figure ends with one of them."""
    terms = figures(lang, gen=_gen).versions
    return frozenset(t[-1:] for v in terms for t in ((v, v[:1].upper() + v[1:], v.title()) if v == v.casefold() else (v,)))


def versions(text: str, lang: str, gen: tuple) -> list[Span]:
    """Version numbers: the figures right after a ``version`` word of ``figures.tsv`` ("IE
    5.01", "Windows 8.1", "version 2.3.1") and those listed after them ("Internet Explorer
    5.01, 6, and 7", "IE8 and 9"), each a span of its own.  A product's name stays a name
    (a figure written onto it, "IE8", is an identifier already); a word listed in lower
    case ("version", "beta") is a common word, ignored with its figure.  Not before a percent,
    currency or scale word ("Windows 7 million copies"); a listed figure without its own
    version word has at most two figures before its dot ("IE 7 and 300 users": no version)."""
    res = _version_res(lang, gen)
    if res is None:
        return []
    before, more = res
    fig = figures(lang, gen=gen)
    scales = numbers(lang)[1]
    common = {key(t) for t in fig.versions if t == t.casefold()}

    def counts_after(e: int) -> bool:
        w = _NEXT_WORD.match(text, e)
        return w is not None and (w[1] == "%" or key(w[1]) in scales or any(k[:1] == (key(w[1]),) for k in fig.marks))

    out: list[Span] = []
    end = 0
    ends = _cue_ends(lang, gen)
    for p in run_starts(text):
        # (a cue ends right before the figure, or a space or a line break before it, where "$" matches
        # too: no regex search elsewhere)
        if p < end or not p or (text[p - 1] not in ends and text[p - 1] != "\n" and not (
                text[p - 1] in _SPACES and text[p - 2:p - 1] in ends)) or (c := before.search(text, max(0, p - 24), p)) is None:
            continue
        m = _VERSION.match(text, p)
        if m is None or counts_after(m.end()):
            continue
        if not text[p - 1].isalpha():  # not "IE8": an identifier
            out.append(Span(c.start() if key(c[1]) in common else p, m.end()))
        end = m.end()
        while (j := more.match(text, end)) is not None:
            g = _VERSION.match(text, j.end())
            if g is None or counts_after(g.end()) or (not j[1] and len(g.group().split(".")[0]) > 2):
                break
            if not text[g.start() - 1].isalpha():  # not "IE9" of "IE8 and IE9"
                out.append(Span(j.start(1) if j[1] and key(j[1]) in common else g.start(), g.end()))
            end = g.end()
    return out
