"""What to highlight, decided once for both the window and any other view.

A :class:`~parallax.reader.model.Comparison` says what is shared, changed, missing
and framed.  This module turns it into *drawable* data, still Qt-free:

* :class:`Item` — one highlighted span on one side, on a named layer, with
  the hover text that says what it is and names its counterpart;
* :func:`segments` — the items of one side cut into non-overlapping runs,
  each carrying the layers active over it (so a view can merge styles);
  :func:`segment_runs` gives the same runs as three plain lists;
* :class:`Connector` — a matched pair, for the gutter between the panes;
* :class:`Stop` and :func:`next_stop` — navigation order (differences,
  shared passages, framing markers) on either side;
* :func:`align_offset` — where an offset on one side sits on the other, by
  the alignment (for synchronised scrolling);
* :func:`overview` — marks for a side's overview strip.

The figures of the side panel and the headers are in
:mod:`parallax.reader.comparison.figures`.

The UI only maps layer names to styles (``resources/styles/palette.json``).
All spans are code-point ``[start, end)`` ranges, as everywhere in ``reader``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter
from typing import Literal, NamedTuple

import numpy as np

from parallax.reader.comparison.runs import open_runs
from parallax.reader.framing.markers import is_sure
from parallax.reader.model import Comparison, Side, Span
from parallax.reader.text.segment import paragraph_ends, paragraph_number

# ------------------------------------------------------------------ layers


class LayerInfo(NamedTuple):
    name: str
    label: str  # short, for the legend
    group: Literal["alignment", "facts", "framing"]
    description: str  # one sentence, for the legend's tooltip


LAYERS: tuple[LayerInfo, ...] = (
    LayerInfo("verbatim", "verbatim", "alignment",
              "Text both reports share word for word (six words or more)."),
    LayerInfo("paraphrase", "paraphrase", "alignment",
              "Sentences that say the same thing in other words."),
    LayerInfo("change", "changed words", "alignment",
              "Words replaced, added or dropped inside an aligned passage."),
    LayerInfo("reorder", "reordered", "alignment",
              "The same words in a different order: not new content."),
    LayerInfo("unique", "only here", "alignment",
              "Passages the other report does not have (omission is framing too)."),
    LayerInfo("fact-shared", "shared fact", "facts",
              "A number, date, quotation or name both reports give."),
    LayerInfo("fact-conflict", "conflicting fact", "facts",
              "The same thing given different values by the two reports."),
    LayerInfo("fact-only", "fact on one side", "facts",
              "A number, date, quotation or name only this report gives."),
    LayerInfo("framing-scare-quote", "scare quotes", "framing",
              "A short quoted phrase not attributed to anyone: distancing."),
    LayerInfo("framing-hedge", "hedges", "framing",
              "Doubt or distance: purported, so-called, alleged, claims."),
    LayerInfo("framing-loaded", "loaded terms", "framing",
              "Evaluative or emotive wording."),
    LayerInfo("framing-naming", "naming", "framing",
              "A name chosen over its variant (Kyiv/Kiev, Donbas/Donbass, …)."),
    LayerInfo("framing-attribution", "attribution verbs", "framing",
              "How speech is reported: said vs claimed vs admitted."),
)
LAYER_NAMES: tuple[str, ...] = tuple(layer.name for layer in LAYERS)
_RANK = {name: i for i, name in enumerate(LAYER_NAMES)}

# A framing marker people mark less reliably (``framing.markers.is_sure`` false: ``Item.sure``)
# stays on its category's layer, shown and hidden with it, and is drawn in a style of its own:
# its runs and overview marks carry the layer's *unsure key*, the layer's name with this suffix.
UNSURE_SUFFIX = ":unsure"


def unsure_key(layer: str, /) -> str:
    """The style key an unsure marker on ``layer`` is drawn with ("framing-loaded:unsure")."""
    return layer + UNSURE_SUFFIX


def layer_of(key: str, /) -> str:
    """The layer a run's style key belongs to: ``key`` itself, or an unsure key's layer."""
    return key[: -len(UNSURE_SUFFIX)] if key.endswith(UNSURE_SUFFIX) else key


UNSURE_KEYS: tuple[str, ...] = tuple(unsure_key(n) for n in LAYER_NAMES if n.startswith("framing-"))

FRAMING_LABELS = {
    "scare-quote": "scare quotes",
    "hedge": "hedges",
    "loaded": "loaded terms",
    "naming": "naming",
    "attribution": "attribution verbs",
}
FRAMING_CATEGORIES: tuple[str, ...] = tuple(FRAMING_LABELS)

_FACT_KIND = {"number": "Number", "date": "Date", "quote": "Quotation", "name": "Name"}


class Item(NamedTuple):
    """One highlighted span on one side."""

    side: Side
    span: Span
    layer: str
    tip: str
    counterpart: Span | None = None  # on the other side
    match: int = -1  # index into Comparison.matches when the item belongs to one
    sure: bool = True  # False for an unsure framing marker: drawn with its layer's unsure_key


class Connector(NamedTuple):
    """A matched pair of passages, drawn across the gutter."""

    left: Span
    right: Span
    kind: str  # "verbatim" | "paraphrase"
    match: int  # index into Comparison.matches


StopKind = Literal["difference", "shared", "framing"]


class Stop(NamedTuple):
    """A navigation target: a span on either side or both."""

    kind: StopKind
    left: Span | None
    right: Span | None
    label: str

    def on(self, side: Side) -> Span | None:
        return self.left if side == "left" else self.right


class Segment(NamedTuple):
    start: int
    end: int
    # style keys: the layers' names, an unsure marker's unsure_key; in LAYER_NAMES order,
    # then UNSURE_KEYS, then any other name in order of appearance
    layers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Layers:
    """Everything a comparison view draws, for both sides."""

    comparison: Comparison
    left: tuple[Item, ...]  # sorted by (start, layer rank)
    right: tuple[Item, ...]
    connectors: tuple[Connector, ...]  # sorted by left start
    stops: tuple[Stop, ...]
    # navigation order per side and kind: ((key, stop index), ...) ascending
    order: StopOrder
    alignment: Alignment
    longest: dict[Side, int]  # longest item span per side, to bound lookups
    # thin links across the gutter: linked framing markers (Kiev ↔ Kyiv) and conflicting
    # facts (94,000 ↔ 100,000); ``kind`` is the layer name, ``match`` is -1
    links: tuple[Connector, ...] = ()

    def items(self, side: Side) -> tuple[Item, ...]:
        return self.left if side == "left" else self.right

    def text(self, side: Side) -> str:
        return self.comparison.article(side).text

    def items_at(self, side: Side, offset: int, /, *, enabled: Iterable[str] | None = None) -> list[Item]:
        """The items covering ``offset`` on ``side``, innermost (shortest) first.

        ``enabled`` limits them to those layer names (all when None).
        """
        allowed = None if enabled is None else set(enabled)
        items = self.items(side)
        hits = []
        floor = offset - self.longest[side]
        for j in range(_upper(items, offset) - 1, -1, -1):
            it = items[j]
            if it.span.start < floor:
                break
            if offset < it.span.end and (allowed is None or it.layer in allowed):
                hits.append(it)
        hits.sort(key=lambda it: (it.span.length, _RANK[it.layer]))
        return hits

    def counterpart_at(self, side: Side, offset: int, /, *,
                       enabled: Iterable[str] | None = None) -> Item | None:
        """The innermost item at ``offset`` that has a counterpart on the other side.

        Word changes and linked framing markers win over the whole matched
        passage; a fact points at its first occurrence on the other side.
        None when the offset is in nothing that has a counterpart.
        """
        for it in self.items_at(side, offset, enabled=enabled):
            if it.counterpart is not None:
                return it
        return None

    def align(self, side: Side, offset: int) -> int:
        """Where ``offset`` on ``side`` sits on the other side, by the alignment."""
        return self.alignment(side, offset)


def _upper(items: Sequence[Item], offset: int) -> int:
    """Index just past the last item starting at or before ``offset``."""
    lo, hi = 0, len(items)
    while lo < hi:
        mid = (lo + hi) // 2
        if items[mid].span.start <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


# ---------------------------------------------------------------- building


def _other(side: Side) -> Side:
    return "right" if side == "left" else "left"


_QUOTE_MARKS = "\"'“”‘’«»„"
_new = tuple.__new__  # a NamedTuple from a plain tuple in C (its constructor is a Python function)
_START = attrgetter("span.start")
_END = attrgetter("span.end")


def _quote(text: str, span: Span | None, limit: int = 60) -> str:
    """A span as a one-line quotation: its words joined by single spaces, the quote marks
    around them dropped, cut to ``limit`` characters with an ellipsis; "" for None."""
    if span is None:
        return ""
    start, end = span
    if end - start > (head := 2 * limit + 16):
        # Tidied, the opening is a prefix of the tidied passage (its first words, the last maybe
        # cut short) stripped of the same leading marks; when a character other than a mark lies
        # past the limit, the passage's quotation is cut too, to the same first limit - 1 characters.
        s = " ".join(text[start : start + head].split()).strip(_QUOTE_MARKS)
        if len(s) > limit:
            return f"“{s[: limit - 1].rstrip()}…”"
    return _quoted(text[start:end], limit)


def _quoted(passage: str, limit: int = 60) -> str:
    """:func:`_quote` of a passage given as its text."""
    s = " ".join(passage.split()).strip(_QUOTE_MARKS)
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return f"“{s}”"


def _words(text: str, span: Span) -> int:
    return len(span.slice(text).split())


def _where(paragraphs: Sequence[Span], span: Span, ends: Sequence[int] | None = None) -> str:
    """Where a passage is, as a reader finds it: its paragraph ("¶ 4"), not its offsets
    (``ends``: segment.paragraph_ends of ``paragraphs``, made once for many passages)."""
    n = paragraph_number(paragraphs, span.start, ends=ends)
    return f"¶ {n}" if n else "paragraph unknown"


def side_name(comparison: Comparison, side: Side) -> str:
    """How tooltips name a side: its outlet when known, else left/right."""
    article = comparison.article(side)
    return article.outlet or ("the left report" if side == "left" else "the right report")


_FRAMING_WHAT = {"scare-quote": "Scare quotes (quoted, attributed to no one)", "hedge": "Hedge / distancing",
                 "loaded": "Loaded term", "naming": "Naming choice", "attribution": "Attribution verb"}
_FACT_LAYER = {"shared": "fact-shared", "conflict": "fact-conflict"}  # any other status: "fact-only"


class _Items:
    """One side's items as they are made, a list per layer, so that ordering them needs no key made in Python."""

    __slots__ = ("by_layer", "other")

    def __init__(self):
        self.by_layer: dict[str, list[Item]] = {name: [] for name in LAYER_NAMES}
        self.other: list[Item] = []  # the layers not in LAYER_NAMES, all ranked after them

    def of(self, layer: str) -> list[Item]:  # the list to append an item of ``layer`` to
        return self.by_layer.get(layer, self.other)

    def ordered(self, before: Sequence[Item] = ()) -> list[Item]:
        """All the items by (start, layer rank, end), ties in the order they came: each layer's
        by end, the layers in rank order, then all by start (stable sorts keep ties' order).
        ``before``: items of lower-ranked layers, already so ordered, put in with them."""
        out: list[Item] = list(before)
        for items in (*self.by_layer.values(), self.other):
            out += sorted(items, key=_END)
        out.sort(key=_START)
        return out


def build(comparison: Comparison, /, *, early: Layers | None = None) -> Layers:
    """All layers, connectors and navigation stops of a comparison.

    ``early``: the layers already built of its partial comparison (``settings["partial"]``,
    the same matches and one-side passages, no facts nor framing): their alignment layers
    are taken as they are and only facts and framing are added, the same result as without
    it.  Layers of anything else are not used."""
    # A long pair has tens of thousands of items: each does only its own work (the sides' texts
    # and names are picked once, a quotation or tooltip wanted again is not made again).
    c = comparison
    left, right = _Items(), _Items()
    links: list[Connector] = []
    if early is not None and _extends(early.comparison, c):
        stops = list(early.stops)
        _facts_framing(c, left, right, stops, links)
        left_items, right_items = left.ordered(early.left), right.ordered(early.right)
        return _layers(c, left_items, right_items, early.connectors, stops, early.alignment, links)
    stops = []
    connectors = _alignment(c, left, right, stops)
    _facts_framing(c, left, right, stops, links)
    connectors.sort(key=lambda k: (k.left.start, k.right.start))
    return _layers(c, left.ordered(), right.ordered(), tuple(connectors), stops, Alignment(c), links)


def _extends(early: Comparison, c: Comparison) -> bool:
    """Whether ``early`` is ``c``'s partial comparison: its alignment, without facts and framing."""
    return (bool(early.settings.get("partial")) and not early.facts and not early.framing
            and early.left == c.left and early.right == c.right and early.matches == c.matches
            and early.unique_left == c.unique_left and early.unique_right == c.unique_right)


def _layers(c: Comparison, left_items: list[Item], right_items: list[Item], connectors: tuple[Connector, ...],
            stops: list[Stop], alignment: Alignment, links: list[Connector]) -> Layers:
    stops_t = tuple(stops)
    return Layers(c, tuple(left_items), tuple(right_items), connectors, stops_t,
                  StopOrder(stops_t, alignment), alignment,
                  {"left": max([it.span.end - it.span.start for it in left_items], default=0),
                   "right": max([it.span.end - it.span.start for it in right_items], default=0)},
                  tuple(sorted(links, key=lambda k: (k.left.start, k.right.start))))


def _alignment(c: Comparison, left: _Items, right: _Items, stops: list[Stop]) -> list[Connector]:
    """The matches' and one-side passages' items and stops; their connectors, unsorted."""
    lt, rt = c.left.text, c.right.text
    nl, nr = side_name(c, "left"), side_name(c, "right")
    connectors = []
    others = (("left", nr), ("right", nl))
    ends_l, ends_r = paragraph_ends(c.left.paragraphs), paragraph_ends(c.right.paragraphs)
    reordered = {side: f"Reordered: {o} has the same words in another order" for side, o in others}
    dropped = {side: f"Words {o} does not have in this passage" for side, o in others}
    for i, m in enumerate(c.matches):
        kind, ml, mr = m.kind, m.left, m.right
        connectors.append(_new(Connector, (ml, mr, kind, i)))
        n_left, n_right = _words(lt, ml), _words(rt, mr)
        if kind == "verbatim":
            what_l = f"Verbatim shared passage ({n_left} words)"
            what_r = f"Verbatim shared passage ({n_right} words)"
        else:
            what_l = f"Paraphrase ({n_left} words, similarity {m.score:.0%})"
            what_r = f"Paraphrase ({n_right} words, similarity {m.score:.0%})"
        if ml.end > ml.start:
            tip = f"{what_l}.\nCounterpart in {nr}, {_where(c.right.paragraphs, mr, ends_r)}:\n{_quote(rt, mr, 140)}"
            left.of(kind).append(_new(Item, ("left", ml, kind, tip, mr, i, True)))
        if mr.end > mr.start:
            tip = f"{what_r}.\nCounterpart in {nl}, {_where(c.left.paragraphs, ml, ends_l)}:\n{_quote(lt, ml, 140)}"
            right.of(kind).append(_new(Item, ("right", mr, kind, tip, ml, i, True)))
        stops.append(_new(Stop, ("shared", ml, mr, f"{kind} passage")))
        for ch in m.changes:
            cl, cr = ch.left, ch.right
            reorder = ch.op == "reorder"
            layer = "reorder" if reorder else "change"
            ql = _quote(lt, cl) if cl is not None else ""
            qr = _quote(rt, cr) if cr is not None else ""
            if cl is not None and cl.end > cl.start:
                what = reordered["left"] if reorder else "Changed words" if cr is not None else dropped["left"]
                tip = f"{what}: {ql}" if cr is None else f"{what}: {ql}\n{nr} has: {qr}"
                left.of(layer).append(_new(Item, ("left", cl, layer, tip, cr if cr is not None else mr, i, True)))
            if cr is not None and cr.end > cr.start:
                what = reordered["right"] if reorder else "Changed words" if cl is not None else dropped["right"]
                tip = f"{what}: {qr}" if cl is None else f"{what}: {qr}\n{nl} has: {ql}"
                right.of(layer).append(_new(Item, ("right", cr, layer, tip, cl if cl is not None else ml, i, True)))
            stops.append(_new(Stop, ("difference", cl, cr, "reordered words" if reorder else "changed words")))

    for side, spans, text, side_items, name, other_name in (("left", c.unique_left, lt, left, nl, nr),
                                                           ("right", c.unique_right, rt, right, nr, nl)):
        label = f"only in {name}"
        items = side_items.of("unique")
        for span in spans:
            if span.end > span.start:
                tip = f"Only in {name} ({_words(text, span)} words): {other_name} has nothing like it."
                items.append(_new(Item, (side, span, "unique", tip, None, -1, True)))
            stops.append(_new(Stop, ("difference", span, None, label) if side == "left"
                              else ("difference", None, span, label)))
    return connectors


def _facts_framing(c: Comparison, left: _Items, right: _Items, stops: list[Stop], links: list[Connector]) -> None:
    """The facts' and framing markers' items, stops and links."""
    lt, rt = c.left.text, c.right.text
    nl, nr = side_name(c, "left"), side_name(c, "right")
    for f in c.facts:
        kind = _FACT_KIND.get(f.kind) or f.kind.capitalize()
        status = f.status
        layer = _FACT_LAYER.get(status, "fact-only")
        for side, spans, others, text, other_text, side_items, name, other_name in (
                ("left", f.left, f.right, lt, rt, left, nl, nr),
                ("right", f.right, f.left, rt, lt, right, nr, nl)):
            if not spans:
                continue
            items = side_items.of(layer)
            other = others[0] if others else None
            if status == "conflict":
                head = f"Conflicting {kind.lower()}: {name} says "
                tail = f",\n{other_name} says {_quote(other_text, other)}"
            elif status == "shared":
                n = len(others)
                head = f"Shared {kind.lower()} "
                tail = f": {other_name} gives it too ({n} time{'s' if n != 1 else ''})."
            else:
                head = f"{kind} only {name} gives: "
                tail = ""
            tips: dict[str, str] = {}  # by the span's text: a fact is one value, given again and again
            for span in spans:
                start, end = span
                if end > start:
                    passage = text[start:end]
                    tip = tips.get(passage)
                    if tip is None:
                        tip = tips[passage] = f"{head}{_quoted(passage)}{tail}"
                    items.append(_new(Item, (side, span, layer, tip, other, -1, True)))
        if status == "conflict":
            if f.left and f.right:
                links.append(_new(Connector, (f.left[0], f.right[0], "fact-conflict", -1)))
            stops.append(_new(Stop, ("difference", f.left[0] if f.left else None,
                                    f.right[0] if f.right else None, f"conflicting {kind.lower()}")))

    linked = set(links)
    categories: dict[str, tuple[str, str, str]] = {}  # category -> layer, label, what it is
    heads: dict[tuple[str, str], str] = {}  # (category, the marker's text) -> its tooltip's first line
    for mk in c.framing:
        side, span, counterpart = mk.side, mk.span, mk.counterpart
        left_side = side == "left"
        category = mk.category
        known = categories.get(category)
        if known is None:
            label = FRAMING_LABELS.get(category, category)
            known = categories[category] = (f"framing-{category}", label, _FRAMING_WHAT.get(category, label))
        layer, label, what = known
        start, end = span
        passage = (lt if left_side else rt)[start:end]
        tip = heads.get((category, passage))
        if tip is None:
            tip = heads[(category, passage)] = f"{what}: {_quoted(passage)}"
        if mk.note:
            tip += f" ({mk.note})"
        sure = is_sure(mk)
        if not sure:  # shown only when the analyst asks for unsure markers too; drawn apart
            tip += (f"\nUnsure: in human-annotated news, people marked words like these as loaded "
                    f"or doubtful {mk.confidence:.0%} of the time")
        if counterpart is not None:
            tip += f"\n{nr if left_side else nl} has: {_quote(rt if left_side else lt, counterpart)}"
        if end > start:
            (left if left_side else right).of(layer).append(_new(Item, (side, span, layer, tip, counterpart, -1, sure)))
        if counterpart is not None:
            link = _new(Connector, (span, counterpart, layer, -1) if left_side else (counterpart, span, layer, -1))
            if link not in linked:
                linked.add(link)
                links.append(link)
        stops.append(_new(Stop, ("framing", span, counterpart, label) if left_side
                          else ("framing", counterpart, span, label)))


# -------------------------------------------------------------- navigation


class StopOrder(Mapping):
    """The navigation order of the stops per side and kind: ``order[(side, kind)]`` is
    ``((key, stop index), ...)`` ascending, the key a stop's offset on that side (or where
    its other side's span sits there, by the alignment).  Each is worked out the first
    time it is asked for: a long pair has tens of thousands of stops, and the window
    needs an order only when the reader first moves to the next stop of a kind."""

    __slots__ = ("_alignment", "_done", "_stops")

    KEYS = tuple((side, kind) for side in ("left", "right") for kind in ("difference", "shared", "framing"))

    def __init__(self, stops: tuple[Stop, ...], alignment: Alignment):
        self._stops = stops
        self._alignment = alignment
        self._done: dict[tuple[Side, StopKind], tuple[tuple[int, int], ...]] = {}

    def __getitem__(self, key: tuple[Side, StopKind]) -> tuple[tuple[int, int], ...]:
        got = self._done.get(key)
        if got is None:
            if key not in self.KEYS:
                raise KeyError(key)
            side, kind = key
            other = _other(side)
            keys = []
            for idx, stop in enumerate(self._stops):
                if stop.kind != kind:
                    continue
                span = stop.on(side)
                if span is not None:
                    keys.append((span.start, idx))
                else:
                    other_span = stop.on(other)
                    assert other_span is not None
                    keys.append((self._alignment(other, other_span.start), idx))
            got = self._done[key] = tuple(sorted(keys))
        return got

    def __iter__(self):
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)


def next_stop(
    layers: Layers,
    kind: StopKind,
    side: Side,
    position: int | tuple[int, int],
    /,
    *,
    forward: bool = True,
) -> tuple[tuple[int, int], Stop] | None:
    """The next (or previous) stop of ``kind`` from ``position`` on ``side``.

    ``position`` is a code-point offset (e.g. the cursor: the next stop
    starts at or after it, the previous one before it) or the
    ``(key, index)`` a previous call returned, so that stops sharing one
    position are still visited one by one.  Returns ``((key, index), stop)``,
    or None at the end.
    """
    order = layers.order[(side, kind)]
    if isinstance(position, int):
        pos = (position, -1)  # forward: at or after the offset; backward: before it
    else:
        pos = tuple(position)
    if forward:
        i = bisect_right(order, pos)
        if i >= len(order):
            return None
    else:
        i = bisect_left(order, pos) - 1
        if i < 0:
            return None
    key = order[i]
    return key, layers.stops[key[1]]


# --------------------------------------------------------------- alignment


class Alignment:
    """Maps offsets between the sides by the matched passages (for scroll sync)."""

    __slots__ = ("_len", "_pairs", "_span", "_starts")

    def __init__(self, comparison: Comparison):
        self._len = {"left": len(comparison.left.text), "right": len(comparison.right.text)}
        self._pairs: dict[Side, list[tuple[Span, Span]]] = {}
        self._starts: dict[Side, list[int]] = {}
        self._span: dict[Side, int] = {}
        for side in ("left", "right"):
            pairs = sorted(
                ((m.left, m.right) if side == "left" else (m.right, m.left) for m in comparison.matches),
                key=lambda p: (p[0].start, p[0].end),
            )
            self._pairs[side] = pairs
            self._starts[side] = [p[0].start for p in pairs]
            self._span[side] = max((p[0].length for p in pairs), default=0)

    def __call__(self, side: Side, offset: int, /) -> int:
        """The offset on the other side that corresponds to ``offset`` on ``side``.

        Inside a matched passage the position is carried over proportionally.
        Between passages it is interpolated between the neighbouring matches
        when they keep their order on the other side (text inserted in
        between); otherwise it is held at the end of the previous match's
        counterpart, so a moved passage does not make the other pane jump.
        """
        other_len = self._len[_other(side)]
        this_len = self._len[side]
        pairs, starts = self._pairs[side], self._starts[side]
        if not pairs:
            return round(offset * other_len / this_len) if this_len else 0
        i = bisect_right(starts, offset)
        best = None
        j = i - 1
        while j >= 0 and starts[j] > offset - self._span[side] - 1:
            src, dst = pairs[j]
            if src.start <= offset < src.end and (best is None or src.length < best[0].length):
                best = (src, dst)
            j -= 1
        if best is not None:
            src, dst = best
            frac = (offset - src.start) / max(1, src.length)
            return min(dst.end, dst.start + round(frac * dst.length))
        prev = pairs[i - 1] if i > 0 else None
        nxt = pairs[i] if i < len(pairs) else None
        a_src, a_dst = (prev[0].end, prev[1].end) if prev else (0, 0)
        b_src, b_dst = (nxt[0].start, nxt[1].start) if nxt else (this_len, other_len)
        if b_dst >= a_dst and b_src > a_src:
            frac = min(1.0, max(0.0, (offset - a_src) / (b_src - a_src)))
            return max(0, min(other_len, a_dst + round(frac * (b_dst - a_dst))))
        return max(0, min(other_len, a_dst))


def align_offset(comparison: Comparison, side: Side, offset: int, /) -> int:
    """One-off :class:`Alignment` lookup (build an Alignment to map many offsets)."""
    return Alignment(comparison)(side, offset)


# ---------------------------------------------------------------- drawing


# Style-key indices for the run builder: a known layer's is its rank, the unsure keys' come next
# (so the keys open, read in index order, are in LAYER_NAMES order, then UNSURE_KEYS); an
# unknown one gets the next free index on first sight.
_KNOWN_INDEX = {name: i for i, name in enumerate((*LAYER_NAMES, *UNSURE_KEYS))}


def segments(items: Iterable[Item], /, *, enabled: Iterable[str] | None = None) -> list[Segment]:
    """Cut one side's items into ordered, non-overlapping runs with their active layers.

    A run names its layers by their style keys: an unsure marker's layer by
    its :func:`unsure_key`.  ``enabled`` restricts to those layer names (all
    when None; a layer's unsure markers go with it).  Runs where no layer is
    active are left out; an item with an empty (or reversed) span covers
    nothing.
    """
    starts, ends, layers = segment_runs(items, enabled=enabled)
    return list(map(_new, repeat(Segment), zip(starts, ends, layers, strict=True)))


def segment_runs(items: Iterable[Item], /, *,
                 enabled: Iterable[str] | None = None) -> tuple[list[int], list[int], list[tuple[str, ...]]]:
    """:func:`segments` as three parallel lists ``(starts, ends, layers)``, the same runs
    without a tuple each (a long pair has tens of thousands; a view copies them anyway)."""
    if enabled is not None:
        allowed = set(enabled)
        items = [it for it in items if it.layer in allowed]
    elif not isinstance(items, (list, tuple)):
        items = list(items)
    if not items:
        return [], [], []
    _, spans, layers, _, _, _, sure = zip(*items, strict=True)  # the items' fields, each as a tuple
    if not all(sure):
        layers = [layer if s else layer + UNSURE_SUFFIX for layer, s in zip(layers, sure, strict=True)]
    bounds = np.fromiter(chain.from_iterable(spans), np.int64, 2 * len(spans)).reshape(-1, 2)
    index = dict(_KNOWN_INDEX)
    keys = list(map(index.get, layers))
    if None in keys:  # a style key not known: the next free index, in order of first appearance
        for i, (layer, (start, end)) in enumerate(zip(layers, spans, strict=True)):
            if keys[i] is None:
                keys[i] = index.setdefault(layer, len(index)) if end > start else 0
    return open_runs(bounds[:, 0], bounds[:, 1], np.array(keys, np.int64), list(index))


class Mark(NamedTuple):
    """A run of overview-strip rows ``[first, last]`` carrying a layer (its style key: an
    unsure marker's tick carries its layer's :func:`unsure_key`)."""

    first: int
    last: int
    layer: str


# Which layer wins a row of the overview strip, strongest first.
OVERVIEW_PRIORITY: tuple[str, ...] = (
    "fact-conflict", "unique", "change", "reorder", "verbatim", "paraphrase",
)
# Framing markers are drawn as ticks in their own column of the strip.
OVERVIEW_TICKS: tuple[str, ...] = tuple(n for n in LAYER_NAMES if n.startswith("framing-"))


def overview(items: Iterable[Item], length: int, rows: int, /, *,
             enabled: Iterable[str] | None = None) -> tuple[list[Mark], list[Mark]]:
    """Marks for an overview strip ``rows`` high over a text ``length`` long.

    Returns ``(bands, ticks)``: bands say, per row, the strongest alignment
    layer there (OVERVIEW_PRIORITY); ticks are framing markers, an unsure one
    by its layer's :func:`unsure_key` (in a row with a sure marker too, the
    sure one is shown).  Consecutive rows with the same key are merged.
    """
    rows = max(1, rows)
    length = max(1, length)
    allowed = None if enabled is None else set(enabled)
    prio = {name: i for i, name in enumerate(OVERVIEW_PRIORITY)}
    band = [len(prio)] * rows
    tick: list[str | None] = [None] * rows
    for it in items:
        if allowed is not None and it.layer not in allowed:
            continue
        first = min(rows - 1, it.span.start * rows // length)
        last = min(rows - 1, max(first, (it.span.end - 1) * rows // length))
        if it.layer in prio:
            p = prio[it.layer]
            for r in range(first, last + 1):
                if p < band[r]:
                    band[r] = p
        elif it.layer in OVERVIEW_TICKS:
            sure = it.sure
            key = it.layer if sure else unsure_key(it.layer)
            for r in range(first, last + 1):
                if sure or tick[r] is None or tick[r].endswith(UNSURE_SUFFIX):  # a sure tick stays
                    tick[r] = key
    bands = _runs([OVERVIEW_PRIORITY[p] if p < len(prio) else None for p in band])
    return bands, _runs(tick)


def _runs(rows: list[str | None]) -> list[Mark]:
    out: list[Mark] = []
    for r, layer in enumerate(rows):
        if layer is None:
            continue
        if out and out[-1].layer == layer and out[-1].last == r - 1:
            out[-1] = Mark(out[-1].first, r, layer)
        else:
            out.append(Mark(r, r, layer))
    return out
