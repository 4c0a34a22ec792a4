"""Passages across sources: the pairwise matches joined where they overlap.

The unit is an alignment unit (a sentence, see :mod:`parallax.reader.align.prepare`)
of one source.  A paraphrase match links the units it spans on each side; a
verbatim run links the units its words stand in, word by word through its small
edits, so that a run copied across a whole article links each sentence to its
own counterpart rather than every sentence to every other.  Units linked
directly or through other sources (union-find) are one passage; each carrier's
spans are the matched parts of its units.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence

from parallax.reader.align.prepare import Prepared
from parallax.reader.comparison.collate_matrix import DisjointSets
from parallax.reader.comparison.collate_reuse import Interval, first_carriers
from parallax.reader.comparison.collation import Carrier, Passage, PassageLink, Source
from parallax.reader.model import Comparison, Match, Span

__all__ = ["passages"]

_MIN_WORDS = 3  # words of a verbatim run that link two units (fewer: the run only grazes one)

_Unit = tuple[int, int]  # (source, alignment unit)


def _tokens(starts: list[int], sp: Span) -> tuple[int, int]:
    """The token range ``[a, b)`` of a span that starts and ends on tokens."""
    return bisect_left(starts, sp.start), bisect_left(starts, sp.end)


def _verbatim_units(pa: Prepared, pb: Prepared, sa: list[int], sb: list[int], m: Match):
    """``{(unit a, unit b): (a tokens, b tokens)}``: the units a verbatim run links and
    the token hulls ``(first, last)`` of its words in each."""
    a0, a1 = _tokens(sa, m.left)
    b0, b1 = _tokens(sb, m.right)
    segments: list[tuple[int, int, int]] = []  # equal stretches: (a start, b start, length)
    la, ra = a0, b0
    for ch in m.changes:
        lg = _tokens(sa, ch.left) if ch.left is not None else None
        rg = _tokens(sb, ch.right) if ch.right is not None else None
        if lg is None and rg is None:
            continue
        if lg is None:
            at = la + (rg[0] - ra)  # type: ignore[index]
            lg = (at, at)
        if rg is None:
            at = ra + (lg[0] - la)
            rg = (at, at)
        eq = min(lg[0] - la, rg[0] - ra)
        if eq > 0:
            segments.append((la, ra, eq))
        la, ra = max(la, lg[1]), max(ra, rg[1])
    eq = min(a1 - la, b1 - ra)
    if eq > 0:
        segments.append((la, ra, eq))
    sent_a, sent_b = pa.sent_of_token, pb.sent_of_token
    found: dict[tuple[int, int], list[int]] = {}  # -> [count, a first, a last, b first, b last]
    for x, y, ln in segments:
        for t in range(ln):
            ta, tb = x + t, y + t
            key = (sent_a[ta], sent_b[tb])
            got = found.get(key)
            if got is None:
                found[key] = [1, ta, ta, tb, tb]
            else:
                got[0] += 1
                got[2] = ta
                got[4] = tb
    out = {}
    for (ua, ub), (count, fa, la_, fb, lb) in found.items():
        whole = count >= min(pa.sent_tokens[ua][1] - pa.sent_tokens[ua][0],
                             pb.sent_tokens[ub][1] - pb.sent_tokens[ub][0])
        if count >= _MIN_WORDS or whole:
            out[(ua, ub)] = (Span(pa.toks[fa].start, pa.toks[la_].end), Span(pb.toks[fb].start, pb.toks[lb].end))
    return out


def _paraphrase_units(pa: Prepared, pb: Prepared, sa: list[int], sb: list[int], m: Match):
    """The units a paraphrase match spans on each side, all linked to all."""
    a0, a1 = _tokens(sa, m.left)
    b0, b1 = _tokens(sb, m.right)
    if a1 <= a0 or b1 <= b0:
        return {}
    ua = range(pa.sent_of_token[a0], pa.sent_of_token[a1 - 1] + 1)
    ub = range(pb.sent_of_token[b0], pb.sent_of_token[b1 - 1] + 1)

    def clip(side: Prepared, u: int, sp: Span) -> Span:
        unit = side.sentences[u]
        return Span(max(unit.start, sp.start), min(unit.end, sp.end))

    return {(x, y): (clip(pa, x, m.left), clip(pb, y, m.right)) for x in ua for y in ub}


def _merge(spans: list[Span], text: str) -> tuple[Span, ...]:
    """Spans in order, joined where they overlap or only spaces and punctuation part them."""
    out: list[Span] = []
    for sp in sorted(spans):
        if sp.end <= sp.start:
            continue
        if out and (sp.start <= out[-1].end or not any(ch.isalnum() for ch in text[out[-1].end:sp.start])):
            out[-1] = Span(out[-1].start, max(out[-1].end, sp.end))
        else:
            out.append(sp)
    return tuple(out)


def passages(prepared: Sequence[Prepared], comparisons: Sequence[Comparison], sources: Sequence[Source],
             intervals: Sequence[Interval | None], /) -> tuple[Passage, ...]:
    """The passages of ``len(prepared)`` sources from their pairwise comparisons (in pair
    order, left the earlier source), each with its carriers and first carrier."""
    n = len(prepared)
    starts = [[t.start for t in p.toks] for p in prepared]
    sets = DisjointSets()
    parts: dict[_Unit, list[Span]] = defaultdict(list)
    links: list[tuple[_Unit, PassageLink]] = []
    k = 0
    for a in range(n):
        for b in range(a + 1, n):
            c = comparisons[k]
            k += 1
            for m in c.matches:
                finder = _verbatim_units if m.kind == "verbatim" else _paraphrase_units
                units = finder(prepared[a], prepared[b], starts[a], starts[b], m)
                link = PassageLink(a, b, m.kind, m.score)
                for (ua, ub), (spa, spb) in units.items():
                    x, y = (a, ua), (b, ub)
                    sets.add(x)
                    sets.add(y)
                    sets.union(x, y)
                    parts[x].append(spa)
                    parts[y].append(spb)
                    links.append((x, link))
    groups = sets.groups()
    by_root: dict[_Unit, dict[tuple[int, int, str], PassageLink]] = defaultdict(dict)
    for x, link in links:
        got = by_root[sets.find(x)]
        key = (link.left, link.right, link.kind)
        if key not in got or got[key].score < link.score:
            got[key] = link
    out: list[tuple[tuple[int, int], Passage]] = []
    for root, units in groups.items():
        spans: dict[int, list[Span]] = defaultdict(list)
        for s, u in units:
            spans[s].extend(parts[(s, u)])
        carriers = tuple(Carrier(s, _merge(spans[s], prepared[s].text)) for s in sorted(spans))
        first, status, note = first_carriers([c.source for c in carriers], sources, intervals)
        kinds = {link.kind for link in by_root[root].values()}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        plinks = tuple(sorted(by_root[root].values(), key=lambda x: (x.left, x.right, x.kind)))
        lead = carriers[0]
        out.append(((lead.source, lead.spans[0].start if lead.spans else 0),
                    Passage(kind, carriers, first, status, note, plinks)))  # type: ignore[arg-type]
    out.sort(key=lambda p: p[0])
    return tuple(p for _, p in out)
