"""The overview strip's marks, kept per layer so that a toggle need not pass over every
highlight, are exactly what ``overview`` computes for the enabled layers."""

from __future__ import annotations

import random

from parallax.reader.comparison.layers import LAYER_NAMES, Item, overview
from parallax.reader.model import Span
from parallax.ui.pane import OverviewMarks, merged_rows


def _items(rnd: random.Random, n: int, length: int) -> tuple[Item, ...]:
    out = []
    for _ in range(n):
        start = rnd.randrange(length)
        end = min(length, start + rnd.choice((1, rnd.randrange(1, 50), rnd.randrange(1, length // 3))))
        out.append(Item("left", Span(start, end), rnd.choice(LAYER_NAMES), "tip", sure=rnd.random() < 0.6))
    return tuple(out)


def test_marks_equal_overview_for_any_enabled_layers_and_height():
    rnd = random.Random(3)
    for _ in range(40):
        length = rnd.randrange(1, 20_000)
        items = _items(rnd, rnd.randrange(0, 300), length)
        marks = OverviewMarks(items, length)
        for _ in range(6):
            rows = rnd.choice((1, 7, 300, 977))
            enabled = None if rnd.random() < 0.2 else set(rnd.sample(LAYER_NAMES, rnd.randrange(len(LAYER_NAMES))))
            assert marks.marks(rows, enabled) == overview(items, length, rows, enabled=enabled)


def test_merged_rows_joins_runs_and_leaves_out_empty_rows():
    assert merged_rows([None, "a", "a", "b", None, None, "b"]) == [(1, 2, "a"), (3, 3, "b"), (6, 6, "b")]
    assert merged_rows([]) == []
