"""Where any of a few characters stands in a text, without testing a class at every character.

``re.finditer("[.!?\\n]", text)`` has the regex engine test the class at each
character of the text.  In an ASCII text (``str.isascii`` is known without reading
it) :func:`char_positions` instead marks those characters as one byte with
``bytes.translate`` and searches for that one literal byte, which the engine does
with a tight loop: about three times faster on a long text, the same places.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["char_positions"]

_MARK_RE = re.compile(b"\x01")


def char_positions(text: str, chars: str, /) -> list[int]:
    """The offsets of the characters of ``text`` that are in ``chars``, in order."""
    if not text.isascii():
        return [m.start() for m in _class_re(chars).finditer(text)]
    return [m.start() for m in _MARK_RE.finditer(text.encode("ascii").translate(_marks(chars)))]


@lru_cache(maxsize=64)
def _class_re(chars: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@lru_cache(maxsize=64)
def _marks(chars: str) -> bytes:
    """The bytes.translate table: 1 for a byte that is one of ``chars``, 0 for all others."""
    return bytes(1 if chr(c) in chars else 0 for c in range(256))
