"""Quotation marks: where quotations open and close in a text (:func:`quote_parts`), the
parts of one that goes on over paragraphs or over the lines of text written one sentence a
line.  :mod:`~parallax.reader.facts.quotes` finds who speaks them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parallax.reader.text.segment import QUOTE_PAIRS

__all__ = ["CLOSERS", "CLOSER_RE", "OPENER_RE", "quote_parts", "quote_spans"]


# Openers: the segmenter's unambiguous pairs (one table for both), the straight
# double quote and the single curly quote (told from an apostrophe below).
CLOSERS = frozenset(QUOTE_PAIRS.values()) | {'"', "\u201d"}
OPENER_RE = re.compile("[" + "".join(QUOTE_PAIRS) + "\"\u2018]")
CLOSER_RE = re.compile("[" + "".join(sorted(CLOSERS)) + "]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close+1) for each quotation, not crossing line breaks; a part of a quotation
    that goes on into the next paragraph ends where its paragraph does (see
    :func:`quote_parts`)."""
    return [(s, e) for s, e, _closed in quote_parts(text)]


# A paragraph that opens a quotation and does not close it goes on into the next one when
# that opens with a quotation mark again ("“…\n\n“…”"; French continues with either guillemet).
_GOES_ON_WITH = {"\u00ab": "\u00ab\u00bb"}


def quote_parts(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(open, end, closed) for each quotation, cached for the last few texts (a comparison
    reads the right side's twice: its summary and its quotations): ``end`` is past the closing mark when
    ``closed``.  A quotation does not cross a line break, except as news writing goes on
    quoting over paragraphs: a paragraph that opens a quotation and does not close it,
    when the next paragraph opens with a quotation mark again, holds a part of one
    quotation that goes on there; that part ends at its paragraph's end, not closed.
    A straight double quote opens such a part only at the start of its paragraph, after a
    colon or before a word (not the closing mark of `…received, " SEACOM said`).
    Text written one sentence a line (as many captures are) breaks a quotation of several
    sentences over lines that open with no mark: a double quotation not closed in its line
    goes on over up to :data:`_RUN_ON_LINES` lines holding no quotation mark, to a line
    that opens with a mark again (it goes on there) or to one whose only mark closes it
    (`“It's hard to say.¶Everything is speculation,” he said.`); those lines are parts of
    it, with no opening mark, the last one closed."""
    return _quote_parts(text)


@lru_cache(maxsize=8)
def _quote_parts(text: str) -> tuple[tuple[int, int, bool], ...]:
    out: list[tuple[int, int, bool]] = []
    n = len(text)
    pos = 0
    # in ASCII text the only opener is the straight double quote: str.find, not the regex
    # engine, reads the text for it (~20x faster; the same places)
    search = OPENER_RE.search if not text.isascii() else None
    while True:
        if search is None:
            i = text.find('"', pos)
            if i < 0:
                break
        else:
            m = search(text, pos)
            if m is None:
                break
            i = m.start()
        c = text[i]
        if c == "\u2018":
            if i > 0 and text[i - 1].isalnum():
                pos = i + 1
                continue
            close = "\u2019"
        elif c == '"':
            close = '"'
        else:
            close = QUOTE_PAIRS[c]
        limit = min(n, i + (400 if close == "\u2019" else 3000))
        nl = text.find("\n", i + 1, limit)
        if nl >= 0:
            limit = nl
        j = text.find(close, i + 1, limit)
        if j < 0 and c == '"':
            j = text.find("\u201d", i + 1, limit)  # `"…scene, ” he said`: closed by a curly mark
        elif j < 0 and c == "\u201c":
            j = i
            while (j := text.find('"', j + 1, limit)) >= 0 and not _closing(text, j):
                pass
            # `“…RT, " he says`: closed by a straight mark
        while close == "\u2019" and j >= 0 and j + 1 < n and text[j + 1].isalpha():
            j = text.find(close, j + 1, limit)  # an apostrophe, not the closing quote
        if j > i + 1:
            out.append((i, j + 1, True))
            pos = j + 1
        elif j < 0 and nl >= 0 and (more := _goes_on_after(text, i, nl)) is not None:
            end = nl
            while end > i + 1 and text[end - 1].isspace():
                end -= 1
            if end > i + 1:
                out.append((i, end, False))
            out.extend(more)
            pos = more[-1][1] if more else nl
        else:
            pos = i + 1
    return tuple(out)


def _goes_on_after(text: str, i: int, nl: int) -> list[tuple[int, int, bool]] | None:
    """Does the quotation opened at ``i``, not closed before the line break at ``nl``, go
    on after it?  None when not; else the parts it has in the lines after ``nl`` before
    the next opening mark: none when the next paragraph opens with a quotation mark again,
    lines with no mark when it goes on over them (see :func:`quote_parts`), the last one
    closed when a line's only mark closes it."""
    c = text[i]
    if c == '"' and text[i + 1:i + 2].isspace() and \
            text[text.rfind("\n", 0, i) + 1:i].strip() and not _after_colon(text, i):
        return None  # a closing mark: `…received, " SEACOM said` (not `She added: " The …`)
    if CLOSER_RE.search(text, i + 1, nl):
        return None  # closed by another kind of mark: `"…scene, ” he said`
    again = _GOES_ON_WITH.get(c, c)
    parts: list[tuple[int, int, bool]] = []
    k = nl
    for _line in range(_RUN_ON_LINES + 1):
        while k < len(text) and text[k].isspace():
            k += 1
        if k >= len(text):
            return None
        if text[k] in again:
            return parts  # the next paragraph opens with a mark again: the quotation goes on there
        if c not in '"\u201c':
            return None
        e = text.find("\n", k)
        e = len(text) if e < 0 else e
        marks = [m.start() for m in _DOUBLE_MARK.finditer(text, k, e)]
        if len(marks) == 1 and _closing(text, marks[0]):
            return [*parts, (k, marks[0] + 1, True)]  # `Everything is speculation, " he said.`
        if marks or _line == _RUN_ON_LINES:
            return None
        end = e
        while text[end - 1].isspace():
            end -= 1
        parts.append((k, end, False))
        k = e
    return None


_RUN_ON_LINES = 2  # the most lines with no mark a quotation goes on over (sentences of one paragraph)


def _closing(text: str, k: int) -> bool:
    """Is the double quotation mark at ``k`` a closing one: a curly closing mark, or a
    straight one after a word or a sentence's punctuation and before no word (`…time. "`,
    `…speculation, " he said`, not `: " The` or `said "the`), or one spaced off a word and
    followed by punctuation or the line's end (`…beauty ".`)?"""
    if text[k] == "\u201d":
        return True
    if text[k] != '"' or k == 0 or text[k - 1] == "\n":
        return False
    b = _space_before(text, k, " \u00a0")  # (where text[:k].rstrip(" \u00a0") ends, with no copy of text[:k])
    after = text[k + 1:k + 2]
    if not b or after.isalnum():
        return False
    last = text[b - 1]
    if last in ",.!?;…" or (not text[k - 1].isspace() and last.isalnum()):
        return True
    # text with its marks spaced off the words, as tokenised corpora write it
    # (`… of beauty ".`): closing when the sentence's punctuation or the line's end follows
    rest = text[k + 1:k + 3].lstrip(" \u00a0")
    return last.isalnum() and (not rest or rest[0] in _AFTER_CLOSING)


_AFTER_CLOSING = frozenset(".,;:!?)\n")
_DOUBLE_MARK = re.compile('["\u201c\u201d]')


def _after_colon(text: str, i: int) -> bool:
    """Does ``text[:i].rstrip()`` end with a colon (read back from ``i``, no copy)?"""
    b = _space_before(text, i, None)
    return b > 0 and text[b - 1] == ":"


def _space_before(text: str, k: int, chars: str | None) -> int:
    """Where ``text[:k].rstrip(chars)`` would end, read back from ``k`` (no copy of the text
    before ``k``: that is as long as the text)."""
    while k > 0 and (text[k - 1] in chars if chars is not None else text[k - 1].isspace()):
        k -= 1
    return k
