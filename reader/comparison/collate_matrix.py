"""The matrices of a collation: facts x sources, framing x sources, voices x sources.

They are built from the pairwise comparisons, never by matching anew: two fact
mentions are one fact when a pairwise comparison says so (``shared``), and two
facts conflict when one says so (``conflict``, with its reason); the union over
all pairs makes the rows.  Framing markers and voices are each source's own;
a naming variant counts, as in a pairwise comparison, when it is marked on its
own or another source writes another variant of its group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from parallax.reader.comparison.collation import (
    FactCell,
    FactRow,
    FramingCell,
    FramingRow,
    VoiceCell,
    VoiceRow,
)
from parallax.reader.model import Comparison, Marker, Span, Voice

__all__ = ["DisjointSets", "Mention", "fact_rows", "framing_rows", "voice_rows"]

Mention = tuple[str, str]  # a fact mention's (value, speaker): what the facts layer extracted
_Node = tuple[int, str, Span]  # (source, fact kind, span)

_KIND_ORDER = {"number": 0, "date": 1, "quote": 2, "name": 3}
_CATEGORY_ORDER = {"naming": 0, "scare-quote": 1, "hedge": 2, "loaded": 3, "attribution": 4}
_QUOTE_MARKS = "\"'“”‘’«»„‚‹›「」『』 \t\n"


def _pairs(n: int):
    return ((a, b) for a in range(n) for b in range(a + 1, n))


class DisjointSets:
    """Union-find over hashable nodes (the first node of a set stays its root)."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def add(self, x) -> None:
        self.parent.setdefault(x, x)

    def find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self) -> dict:
        out: dict = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return out


def _mention(node: _Node, mentions: Sequence[Mapping[tuple[str, Span], Mention]], texts: Sequence[str]) -> Mention:
    s, kind, sp = node
    got = mentions[s].get((kind, sp))
    if got is not None:
        return got
    return " ".join(sp.slice(texts[s]).split()).strip(_QUOTE_MARKS), ""


def fact_rows(comparisons: Sequence[Comparison], mentions: Sequence[Mapping[tuple[str, Span], Mention]],
              texts: Sequence[str], /) -> tuple[FactRow, ...]:
    """The fact x source matrix of ``len(texts)`` sources from their pairwise
    comparisons (in pair order, see :func:`~parallax.reader.comparison.collation.pair_index`).

    ``mentions[s]`` maps each fact mention of source ``s`` ((kind, span)) to its
    value and speaker, as the facts layer extracted them; ``texts[s]`` is its text."""
    n = len(texts)
    sets = DisjointSets()
    conflicts: list[tuple[_Node, _Node, str]] = []
    for (a, b), c in zip(_pairs(n), comparisons, strict=True):
        for f in c.facts:
            left = [(a, f.kind, sp) for sp in f.left]
            right = [(b, f.kind, sp) for sp in f.right]
            nodes = left + right
            for x in nodes:
                sets.add(x)
            if f.status == "conflict":
                conflicts.extend((x, y, f.reason) for x in left for y in right)
            else:
                for y in nodes[1:]:
                    sets.union(nodes[0], y)
    groups = sets.groups()
    against: dict[_Node, dict[_Node, str]] = defaultdict(dict)
    for x, y, why in conflicts:
        rx, ry = sets.find(x), sets.find(y)
        if rx != ry:
            against[rx].setdefault(ry, why)
            against[ry].setdefault(rx, why)
    spans_of: dict[_Node, dict[int, list[Span]]] = {}
    for root, nodes in groups.items():
        by_source: dict[int, list[Span]] = defaultdict(list)
        for s, _kind, sp in nodes:
            by_source[s].append(sp)
        spans_of[root] = {s: sorted(v) for s, v in by_source.items()}
    rows: list[tuple[tuple, FactRow]] = []
    for root in groups:
        kind = root[1]
        mine = spans_of[root]
        cells: list[FactCell] = []
        speakers: Counter[str] = Counter()
        for s in range(n):
            if s in mine:
                ms = [_mention((s, kind, sp), mentions, texts) for sp in mine[s]]
                speaker = next((sp for _, sp in ms if sp), "")
                if speaker:
                    speakers[speaker] += 1
                cells.append(FactCell(s, "present", ms[0][0], tuple(mine[s]), speaker))
                continue
            values: list[str] = []
            spans: list[Span] = []
            reason = ""
            for other, why in against.get(root, {}).items():
                for sp in spans_of[other].get(s, ()):
                    v = _mention((s, kind, sp), mentions, texts)[0]
                    if v not in values:
                        values.append(v)
                    spans.append(sp)
                    reason = reason or why
            if values:
                cells.append(FactCell(s, "conflict", " / ".join(values), tuple(sorted(set(spans))), "", reason))
            else:
                cells.append(FactCell(s, "absent"))
        first = min(mine)
        present = [c for c in cells if c.status == "present"]
        value = present[0].value
        if kind == "name":  # the fullest form of the name ("Vladimir Putin", not "Putin")
            value = max((_mention((s, kind, sp), mentions, texts)[0] for s in mine for sp in mine[s]),
                        key=len)
        speaker = speakers.most_common(1)[0][0] if speakers else ""
        weight = sum(1 for c in cells if c.status != "absent")
        order = (_KIND_ORDER.get(kind, 9), -weight, first, mine[first][0].start)
        rows.append((order, FactRow(kind, value, speaker, tuple(cells))))  # type: ignore[arg-type]
    rows.sort(key=lambda r: r[0])
    return tuple(r for _, r in rows)


def _term(m: Marker) -> str:
    if m.category == "naming":
        return m.note or m.text.casefold()
    words = " ".join(m.text.split())
    if m.category == "scare-quote":
        words = words.strip(_QUOTE_MARKS + ".,;:")
    return words.casefold()


def framing_rows(own: Sequence[Sequence[Marker]], marked: frozenset[str] = frozenset(), /) -> tuple[FramingRow, ...]:
    """The framing x source matrix.  ``own[s]``: source ``s``'s markers, with every
    naming variant it writes; ``marked``: the matching keys of the variants marked on
    their own (a dated or contested form, "Kiev").  As in a pairwise comparison, a
    naming variant counts when it is marked on its own or another source writes
    another variant of its group."""
    from parallax.reader.framing.markers import is_sure
    from parallax.reader.text.keys import key

    n = len(own)
    found: list[dict[tuple[str, Span], Marker]] = [{} for _ in range(n)]
    for s, ms in enumerate(own):
        for m in ms:
            found[s].setdefault((m.category, m.span), m)
    variants: dict[str, set[tuple[int, str]]] = defaultdict(set)  # group -> (source, variant key)
    for s in range(n):
        for (cat, _), m in found[s].items():
            if cat == "naming":
                variants[m.note].add((s, key(m.text)))

    def counts(s: int, m: Marker) -> bool:
        if m.category != "naming":
            return True
        k = key(m.text)
        return k in marked or any(t != s and kt != k for t, kt in variants[m.note])

    table: dict[tuple[str, str], list[list[Marker]]] = {}
    notes: dict[tuple[str, str], str] = {}
    for s in range(n):
        for (cat, _), m in sorted(found[s].items(), key=lambda kv: kv[0][1]):
            if not counts(s, m):
                continue
            row = (cat, _term(m))
            table.setdefault(row, [[] for _ in range(n)])[s].append(m)
            notes.setdefault(row, m.note)
    rows: list[tuple[tuple, FramingRow]] = []
    for (cat, term), per in table.items():
        cells = tuple(
            FramingCell(s, tuple(dict.fromkeys(m.text for m in ms)), tuple(m.span for m in ms),
                        tuple(m.confidence for m in ms), tuple(is_sure(m) for m in ms))
            for s, ms in enumerate(per)
        )
        used = sum(1 for ms in per if ms)
        rows.append(((_CATEGORY_ORDER.get(cat, 9), -used, term),
                     FramingRow(cat, term, notes[(cat, term)], cells)))  # type: ignore[arg-type]
    rows.sort(key=lambda r: r[0])
    return tuple(r for _, r in rows)


def voice_rows(voices: Sequence[Sequence[Voice]], /, lang: str | None = None) -> tuple[VoiceRow, ...]:
    """Who each source quotes: one row per speaker, names joined across sources as the
    facts layer joins a speaker's names (:func:`~parallax.reader.facts.names.name_key`,
    a short form to the full name ending with it: "Peskov" -> "Dmitry Peskov")."""
    from parallax.reader.facts.names import canonical_names, name_key

    n = len(voices)
    keys = {v.speaker: name_key(v.speaker, lang) for vs in voices for v in vs}
    canon = canonical_names(set(keys.values()))
    table: dict[str, list[list[int]]] = {}
    shown: dict[str, str] = {}
    for s, vs in enumerate(voices):
        for v in vs:
            k = keys[v.speaker]
            c = canon.get(k, k)
            cell = table.setdefault(c, [[0, 0] for _ in range(n)])[s]
            cell[0] += v.quotes
            cell[1] += v.words
            if len(v.speaker) > len(shown.get(c, "")):
                shown[c] = v.speaker
    rows = []
    for c, cells in table.items():
        quoting = sum(1 for q, _ in cells if q)
        words = sum(w for _, w in cells)
        rows.append(((-quoting, -words, shown[c]),
                     VoiceRow(shown[c], tuple(VoiceCell(s, q, w) for s, (q, w) in enumerate(cells)))))
    rows.sort(key=lambda r: r[0])
    return tuple(r for _, r in rows)
