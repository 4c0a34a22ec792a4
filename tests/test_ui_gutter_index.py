"""The gutter finds the connectors in view by bisection: the same ones, in the same
order, as testing every connector would."""

from __future__ import annotations

import random

from parallax.reader.comparison.layers import Connector
from parallax.reader.model import Span
from parallax.ui.gutter import ConnectorIndex, SpanIndex


def _spans(rnd: random.Random, n: int, length: int) -> list[Span]:
    out = []
    for _ in range(n):
        start = rnd.randrange(length)
        out.append(Span(start, start + rnd.choice((0, 1, rnd.randrange(1, 400), rnd.randrange(1, length)))))
    return out


def test_span_index_finds_exactly_the_overlapping_spans():
    rnd = random.Random(5)
    for _ in range(200):
        spans = _spans(rnd, rnd.randrange(0, 60), 2000)
        index = SpanIndex(spans)
        for _ in range(20):
            a = rnd.randrange(2100)
            vis = Span(a, a + rnd.choice((0, 1, rnd.randrange(1, 600))))
            assert index.overlapping(vis) == {i for i, s in enumerate(spans) if s.overlaps(vis)}


def test_connectors_in_view_keep_their_order_and_both_ends_rule():
    rnd = random.Random(9)
    left, right = _spans(rnd, 300, 50_000), _spans(rnd, 300, 50_000)
    connectors = sorted((Connector(a, b, "verbatim", i) for i, (a, b) in enumerate(zip(left, right, strict=True))),
                        key=lambda k: (k.left.start, k.right.start))
    index = ConnectorIndex.of(connectors)
    for _ in range(100):
        a, b = rnd.randrange(50_000), rnd.randrange(50_000)
        lv, rv = Span(a, a + 3000), Span(b, b + 3000)
        either = index.left.overlapping(lv) | index.right.overlapping(rv)
        both = index.left.overlapping(lv) & index.right.overlapping(rv)
        assert [connectors[i] for i in sorted(either)] == [
            c for c in connectors if c.left.overlaps(lv) or c.right.overlaps(rv)]
        assert [connectors[i] for i in sorted(both)] == [
            c for c in connectors if c.left.overlaps(lv) and c.right.overlaps(rv)]
