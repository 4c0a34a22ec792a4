"""Rows of named tuples pickled by columns (model.pack_rows / unpack_rows): what the
window's side-work process sends back comes back equal, every value of its own type."""

from __future__ import annotations

import pickle
from typing import NamedTuple

import pytest

from parallax.reader.model import Span, pack_rows, unpack_rows


class Row(NamedTuple):
    kind: str
    span: Span
    other: Span | None
    spans: tuple[Span, ...]
    words: tuple[str, ...]
    weight: float


def _deep_types(value):
    if isinstance(value, (tuple, list)):
        return (type(value), tuple(_deep_types(v) for v in value))
    return type(value)


def _round_trip(rows):
    packed = pack_rows(rows)
    assert packed is not None
    back = unpack_rows(pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)))
    assert back == tuple(rows)
    assert _deep_types(back) == _deep_types(tuple(rows))
    return packed


def test_spans_none_tuples_of_spans_and_plain_values_come_back_the_same():
    rows = [Row("quote", Span(0, 5), None, (Span(1, 2), Span(3, 4)), ("a", "b"), 1.5),
            Row("name", Span(7, 9), Span(10, 12), (), (), float("inf")),
            Row("date", Span(20, 30), Span(0, 0), (Span(5, 6),), ("c",), -0.0)]
    packed = _round_trip(rows)
    kinds = [how for how, _ in packed[2]]
    assert kinds == ["", "span", "span?", "spans", "", ""]  # the spans as integer arrays


def test_a_column_of_empty_tuples_or_all_none_stays_as_it_is():
    rows = [Row("x", Span(0, 1), None, (), (), 0.0), Row("y", Span(1, 2), None, (), (), 1.0)]
    packed = _round_trip(rows)
    assert [how for how, _ in packed[2]] == ["", "span", "", "", "", ""]


def test_plain_tuples_of_one_length_pack_too():
    rows = [(Span(0, 3), "Kyiv", 2, ("kiev",)), (Span(4, 9), "Kiev", 1, ())]
    _round_trip(rows)


@pytest.mark.parametrize("rows", [
    [],  # nothing to pack
    [()],  # rows without fields
    [Span(0, 1), (0, 1)],  # two types
    [(1, 2), (1, 2, 3)],  # two lengths
    ["ab", "cd"],  # not tuples
])
def test_what_is_not_rows_of_one_tuple_type_is_not_packed(rows):
    assert pack_rows(rows) is None


class Wide(Span):
    """A Span of another type: kept as it is, not made a Span."""


def test_a_subclass_of_span_is_not_read_as_a_span():
    rows = [Row("x", Wide(0, 1), None, (), (), 0.0)]
    packed = _round_trip(rows)
    assert packed[2][1][0] == ""
