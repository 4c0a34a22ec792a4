"""Where a text's figures are: a pattern that needs a digit is tried only there.

The date, clock and number patterns of :mod:`parallax.reader.text.dates` and
:mod:`parallax.reader.facts` each begin with the digit they consume first, and the
digit always begins a run of digits: a lookbehind after it forbids a digit before
(``\\d(?<!\\d\\d)``, ``\\d(?<![\\w.,]\\d)``: a digit is a ``\\w``).  Run over a whole
text with ``finditer``, each still reads every character of it to find those
digits; :func:`scan` instead tries the pattern only where a run of digits begins
(found once a text, :func:`run_starts`), or one character before where the pattern
begins with a sign, a bracket or an apostrophe (``lead``), and gives exactly the
matches ``finditer`` gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["run_starts", "scan"]

# a digit (``\d``: any script's decimal digits, as the patterns read them) with no digit before it
_RUN_START = re.compile(r"\d(?<!\d\d)")


@lru_cache(maxsize=8)
def run_starts(text: str, /) -> tuple[int, ...]:
    """Where each run of digits of ``text`` begins, in order (cached: the date, clock and
    number patterns of one text all read it)."""
    if not text.isascii():
        return tuple(m.start() for m in _RUN_START.finditer(text))
    # ASCII (where \d is 0-9): the text as bytes, each digit 0 and all else a space, read
    # by bytes.find (memchr), one step a run, not by the regex engine a character at a
    # time (~15x faster on news text; the same places)
    marked = text.encode("ascii").translate(_DIGIT_MARKS)
    out = []
    find = marked.find
    i = find(48)
    while i >= 0:
        out.append(i)
        j = find(32, i)
        if j < 0:
            break
        i = find(48, j)
    return tuple(out)


_DIGIT_MARKS = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))  # for bytes.translate: "0" a digit


def scan(rx: re.Pattern[str], text: str, /, lead: str = "") -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, tried only where a run of digits begins, and one character
    before such a start when that character is in ``lead``.

    Exact for a pattern none of whose matches is empty and each of which begins at
    such a place (the caller says why next to its pattern): ``finditer`` tries every
    position from the end of the last match on and keeps the first that matches; no
    other position can, and a match tried at a position sees the whole text (its
    lookbehinds read what comes before, its lookaheads what comes after), as
    ``finditer``'s does."""
    match = rx.match
    end = 0
    for p in run_starts(text):
        if lead and p > end and text[p - 1] in lead:
            m = match(text, p - 1)
            if m is not None:
                end = m.end()
                yield m
        if p >= end:  # not inside a match just found
            m = match(text, p)
            if m is not None:
                end = m.end()
                yield m
