"""Grapheme clusters: what a reader takes for one character.

"é" may be written as "e" and U+0301 (a combining acute), "👍️" as the emoji
and U+FE0F (a variation selector), a flag as two regional indicators, a
Hindi syllable as a consonant and its vowel sign.  A span that ends between
the parts of such a cluster shows half a character (a bare "e" highlighted,
an accent left over), so spans drawn or stored are snapped to cluster
boundaries: the start back to the start of its cluster, the end on to the end
of its cluster (Unicode's extended grapheme clusters, ``\\X`` of the ``regex``
module).  Offsets are code points, spans half-open, as everywhere.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from parallax.reader.model import Span

__all__ = ["boundaries", "moving_offsets", "snap_end", "snap_span", "snap_start"]

_CLUSTER = regex.compile(r"\X")
_NON_ASCII = regex.compile("[^\x00-\x7f]")
_REACH = 256  # how far back a restart point is looked for


def _restart(text: str, i: int) -> int:
    """A position at or before ``i`` where clusters certainly start: after a line
    break, between two ASCII characters (other than CR LF), or the text's start."""
    stop = max(0, i - _REACH)
    while i > stop:
        before, at = text[i - 1], text[i] if i < len(text) else "\n"
        if before == "\n" or (before < "\x80" and at < "\x80" and not (before == "\r" and at == "\n")):
            return i
        i -= 1
    return i


def _around(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the cluster holding the code point at ``offset``; (offset,
    offset) when ``offset`` is a boundary."""
    n = len(text)
    if offset <= 0 or offset >= n:
        return offset, offset
    before, at = text[offset - 1], text[offset]
    if before == "\n" or (before < "\x80" and at < "\x80" and not (before == "\r" and at == "\n")):
        return offset, offset  # what _restart would find at once: a boundary, no regex needed
    pos = _restart(text, offset)
    while pos < offset:
        m = _CLUSTER.match(text, pos)
        if m is None or m.end() <= pos:
            return offset, offset
        if m.end() > offset:
            return m.start(), m.end()
        pos = m.end()
    return offset, offset


def snap_start(text: str, offset: int, /) -> int:
    """``offset`` moved back to the start of the grapheme cluster it falls inside."""
    return _around(text, offset)[0]


def snap_end(text: str, offset: int, /) -> int:
    """``offset`` moved on to the end of the grapheme cluster it falls inside
    ("e" + U+0301: an end after the "e" moves past the accent)."""
    return _around(text, offset)[1]


def snap_span(text: str, span: Span | tuple[int, int], /) -> Span:
    """``span`` widened to whole grapheme clusters of ``text``: the start back to a
    cluster's start, the end on to a cluster's end.  A span already on boundaries
    is returned as it is."""
    start, end = span
    start = _around(text, start)[0]
    return Span(start, max(_around(text, end)[1], start))


@lru_cache(maxsize=8)
def moving_offsets(text: str, /) -> frozenset[int] | None:
    """The offsets of ``text`` that :func:`snap_start` or :func:`snap_end` may move: those
    next to a character outside ASCII or between CR and LF.  Every other offset lies
    between two ASCII characters (or at an end of the text), which :func:`_around` reads
    as a boundary at once, so both return it unchanged: a span whose ends are not in
    this set is already whole clusters, and needs no snapping.  None for a text mostly
    outside ASCII (a set of most of its offsets would cost more than it saves)."""
    out: set[int] = set()
    if not text.isascii():
        # the characters outside ASCII counted as they are found (no encoding of the whole
        # text to count them first): past the limit, None
        limit = _FEW + len(text) // 16
        add = out.add
        for k, m in enumerate(_NON_ASCII.finditer(text)):
            if k >= limit:
                return None
            at = m.start()
            add(at)
            add(at + 1)
    p = text.find("\r\n")
    while p >= 0:
        out.add(p + 1)
        p = text.find("\r\n", p + 2)
    return frozenset(out)


_FEW = 64  # characters outside ASCII that any text may hold and still have its moving offsets listed


def boundaries(text: str, /) -> list[int]:
    """Every cluster boundary of ``text``, from 0 to ``len(text)``."""
    out = [0]
    out.extend(m.end() for m in _CLUSTER.finditer(text))
    return out
