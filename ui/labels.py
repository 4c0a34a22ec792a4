"""Labels that mix titles in any script with the window's own words (Qt-free).

A title in Arabic or Hebrew set in a left-to-right label takes its
neighbours with it: the "↔" between two titles jumps to the wrong side and
a date after it is read backwards.  Each title is therefore wrapped in a
Unicode first-strong isolate (FSI … PDI, as HTML's ``<bdi>``), and the label
starts with a left-to-right mark, so every title keeps its own direction and
the label reads in the window's direction.
"""

from __future__ import annotations

FSI, PDI, LRM = "\u2068", "\u2069", "\u200e"
_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"))


def isolate(text: str) -> str:
    """``text`` as one isolated run (stray direction controls in it are dropped)."""
    return FSI + text.translate(_CONTROLS) + PDI


def short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def pair_label(left: str, right: str, opened: str = "", *, width: int = 40) -> str:
    """"Left title ↔ Right title · 2024-05-01 10:12", each title isolated."""
    label = LRM + isolate(short(left, width)) + " ↔ " + isolate(short(right, width))
    if opened:
        label += " · " + opened[:16].replace("T", " ")
    return label
