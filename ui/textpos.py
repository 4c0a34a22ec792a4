"""The one place where code-point offsets meet Qt's UTF-16 positions.

``reader`` speaks in code points (Python ``str`` indices).  Qt's text
classes count UTF-16 code units, so every character outside the Basic
Multilingual Plane (emoji, many CJK extension ideographs, mathematical
letters) takes two positions in Qt and one in Python.  Every conversion
in ``ui`` goes through :class:`Utf16Map`; nothing else does this arithmetic.
Two modules use it: this one (:func:`qt_runs`, the highlight runs a worker
converts once per comparison) and :mod:`parallax.ui.textview` (the text widget,
which everything else asks in code-point spans).  Qt-free.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from parallax.reader.comparison.layers import Item, segment_runs
from parallax.reader.model import Span

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 units each


class Utf16Map:
    """Converts between code-point offsets and UTF-16 positions of one text."""

    __slots__ = ("_astral", "_astral_ends", "_cp_len", "_u16_len")

    def __init__(self, text: str):
        # Code-point indices of astral characters, ascending (looked for only when the text has
        # some: its UTF-16 is longer than two bytes a character, found 5x faster than a scan)
        self._astral = ([m.start() for m in _ASTRAL.finditer(text)]
                        if not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)
                        else [])
        # UTF-16 position just after each astral character.
        self._astral_ends = [i + k + 2 for k, i in enumerate(self._astral)]
        self._cp_len = len(text)
        self._u16_len = len(text) + len(self._astral)

    @property
    def trivial(self) -> bool:
        """True when both ways of counting agree everywhere (no astral characters)."""
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> UTF-16 position."""
        offset = min(max(offset, 0), self._cp_len)
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """UTF-16 position -> code-point offset.

        A position inside a surrogate pair (which Qt never gives for a
        cursor, but a raw index might) maps to the character's start.
        """
        position = min(max(position, 0), self._u16_len)
        before = bisect_right(self._astral_ends, position)  # astral chars wholly before
        cp = position - before
        # inside a pair: position == astral_end - 1 for the next astral char
        if before < len(self._astral) and position == self._astral_ends[before] - 1:
            cp = self._astral[before]
        return cp

    def span_to_qt(self, span: Span) -> tuple[int, int]:
        """A code-point span -> (UTF-16 position, UTF-16 length)."""
        start = self.to_qt(span.start)
        return start, self.to_qt(span.end) - start

    def span_from_qt(self, start: int, end: int) -> Span:
        return Span(self.from_qt(start), self.from_qt(end))


class QtRuns(NamedTuple):
    """Runs in UTF-16 positions: parallel lists, sorted, non-overlapping."""

    starts: list[int]
    ends: list[int]
    layers: list[tuple[str, ...]]


def qt_runs(items: Iterable[Item], text: str, /) -> QtRuns:
    """All layers of one side as UTF-16 runs (plain Python: safe in a worker thread)."""
    u16 = Utf16Map(text)
    starts, ends, layers = segment_runs(items)
    if not u16.trivial:
        to_qt = u16.to_qt
        starts = [to_qt(offset) for offset in starts]
        ends = [to_qt(offset) for offset in ends]
    return QtRuns(starts, ends, layers)
