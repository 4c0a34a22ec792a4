"""What to paint for the analyst's coding: tag runs in the text and NVivo-like margin stripes.

Qt-free rules over code-point spans; ``ui/tag_paint.py`` only draws them.

- :func:`coding_runs`: the text cut into non-overlapping runs, each with the
  tags that cover it (in codebook order), so a pane can tint every tagged
  passage in its tag's colour, and knows where several tags overlap.
- :func:`stripe_lanes`: one margin stripe per tag, like NVivo's coding
  stripes.  Tags whose passages overlap get separate lanes; tags that never
  overlap share a lane, so the margin stays narrow.  Lanes follow codebook
  order, so the same tag keeps the same lane while the analyst works.
- :func:`tag_for_key`: which tag a number key (1-9) applies: the tag whose
  shortcut is that key, else the n-th tag of the codebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from parallax.reader.model import Span


class Coded(NamedTuple):
    """One coded passage: a span and the ids of its tags."""

    start: int
    end: int
    tag_ids: tuple[int, ...]


class Run(NamedTuple):
    """A stretch of text covered by exactly these tags (codebook order)."""

    start: int
    end: int
    tag_ids: tuple[int, ...]


class Lane(NamedTuple):
    """A margin stripe: one tag, its lane number (0 = nearest the text), its merged spans."""

    tag_id: int
    lane: int
    spans: tuple[Span, ...]


def _rank(order: Sequence[int]) -> dict[int, int]:
    return {t: i for i, t in enumerate(order)}


def coding_runs(coded: Iterable[Coded], /, *, order: Sequence[int] = ()) -> list[Run]:
    """Non-overlapping runs with the tags covering each (sorted by ``order``, then id).

    Passages without tags are ignored; empty spans are ignored.
    """
    rank = _rank(order)
    events: dict[int, list[tuple[int, int]]] = {}
    for c in coded:
        if c.end <= c.start or not c.tag_ids:
            continue
        for t in set(c.tag_ids):
            events.setdefault(c.start, []).append((t, +1))
            events.setdefault(c.end, []).append((t, -1))
    runs: list[Run] = []
    active: dict[int, int] = {}
    prev: int | None = None
    for pos in sorted(events):
        if prev is not None and active and pos > prev:
            tags = tuple(sorted(active, key=lambda t: (rank.get(t, len(rank)), t)))
            if runs and runs[-1].end == prev and runs[-1].tag_ids == tags:
                runs[-1] = Run(runs[-1].start, pos, tags)
            else:
                runs.append(Run(prev, pos, tags))
        for t, d in events[pos]:
            n = active.get(t, 0) + d
            if n:
                active[t] = n
            else:
                active.pop(t, None)
        prev = pos
    return runs


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans):
        if out and s.start <= out[-1].end:
            if s.end > out[-1].end:
                out[-1] = Span(out[-1].start, s.end)
        else:
            out.append(Span(s.start, s.end))
    return out


def _overlaps(a: list[Span], b: list[Span]) -> bool:
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i].start < b[j].end and b[j].start < a[i].end:
            return True
        if a[i].end <= b[j].end:
            i += 1
        else:
            j += 1
    return False


def stripe_lanes(coded: Iterable[Coded], /, *, order: Sequence[int] = ()) -> list[Lane]:
    """One stripe per tag; overlapping tags never share a lane (greedy, in codebook order)."""
    rank = _rank(order)
    by_tag: dict[int, list[Span]] = {}
    for c in coded:
        if c.end <= c.start:
            continue
        for t in set(c.tag_ids):
            by_tag.setdefault(t, []).append(Span(c.start, c.end))
    lanes: list[list[Span]] = []  # merged spans already in each lane
    out: list[Lane] = []
    for t in sorted(by_tag, key=lambda t: (rank.get(t, len(rank)), t)):
        spans = _merge(by_tag[t])
        for n, taken in enumerate(lanes):
            if not _overlaps(taken, spans):
                lanes[n] = _merge(taken + spans)
                break
        else:
            n = len(lanes)
            lanes.append(spans)
        out.append(Lane(t, n, tuple(spans)))
    return out


def lane_count(lanes: Iterable[Lane], /) -> int:
    return max((ln.lane for ln in lanes), default=-1) + 1


def tag_for_key(tags: Sequence, key: str, /):
    """The tag a number key applies: the one with that shortcut, else the key-th tag.

    ``tags`` are in codebook order and have ``shortcut`` attributes (``parallax.reader.notes.records.Tag``).
    Returns None when there is no such tag.
    """
    if len(key) != 1 or key not in "123456789":
        return None
    for t in tags:
        if getattr(t, "shortcut", None) == key:
            return t
    taken = {getattr(t, "shortcut", None) for t in tags}
    # the key-th tag among those without a number of their own
    free = [t for t in tags if getattr(t, "shortcut", None) not in set("123456789")]
    keys = [k for k in "123456789" if k not in taken]
    if key in keys and keys.index(key) < len(free):
        return free[keys.index(key)]
    return None


def key_for_tag(tags: Sequence, tag_id: int, /) -> str | None:
    """The number key that applies ``tag_id`` (inverse of :func:`tag_for_key`)."""
    for k in "123456789":
        t = tag_for_key(tags, k)
        if t is not None and t.id == tag_id:
            return k
    return None


def locate_hit(text: str, snippet: str, query: str, /) -> Span | None:
    """Where a full-text search hit is in an article's text.

    The search snippet marks matched words with ``[...]``; the first marked word
    (else the first query word) is looked up case-insensitively.  None when
    nothing is found (the reader then shows the article from the top).
    """
    import re

    words = [m for m in re.findall(r"\[([^\[\]]+)\]", snippet) if m.strip()]
    words += [w.strip('"*') for w in query.split() if w.strip('"*')]
    folded = text.casefold()
    for w in words:
        w = w.casefold()
        # casefold can change lengths (ß -> ss); only trust offsets when it does not
        if len(folded) == len(text):
            i = folded.find(w)
            if i >= 0:
                return Span(i, i + len(w))
        else:
            m = re.search(re.escape(w), text, re.IGNORECASE)
            if m:
                return Span(m.start(), m.end())
    return None


def trim_span(text: str, span: Span, /) -> Span:
    """A selection without the white space at its ends (word-wise selection takes the
    space after the last word); an all-space selection becomes empty."""
    s, e = max(0, span.start), min(len(text), span.end)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e) if e > s else Span(s, s)
