"""The window's session model (ui/session.py): plain values, callbacks, no Qt; the view state
round-trips through the library's per-article record, sides swapped or not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from parallax.reader.model import Article, Span
from parallax.ui.session import LibraryIds, PaneView, Session, ViewState
from tests.conftest import ROOT


def test_the_session_model_imports_no_qt():
    code = ("import sys, parallax.ui.session, parallax.ui.labels\n"
            "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_events_are_told_in_order_and_unsubscribing_stops_them():
    s = Session()
    seen: list[str] = []
    for event in ("pair", "comparison", "ids", "view", "restore"):
        s.subscribe(event, lambda e=event: seen.append(e))
    left, right = Article("a b c"), Article("d e f")
    s.show_pair(left, right)
    assert s.pair == (left, right) and s.comparison is None and s.ids == LibraryIds()
    s.set_ids(LibraryIds(1, 2, 7))
    view = ViewState(PaneView(3, Span(3, 5)), PaneView(0, None), "right")
    s.set_view(view)
    s.set_view(view)  # no change, no event
    s.request_restore(view)
    assert s.restore == view
    s.restored()
    assert s.restore is None
    assert seen == ["pair", "ids", "view", "restore"]
    stop = s.subscribe("pair", lambda: seen.append("again"))
    stop()
    s.show_pair(right, left)
    assert seen[-1] == "pair" and s.ids == LibraryIds()  # a new pair forgets the old ids
    with pytest.raises(ValueError):
        s.subscribe("nonsense", lambda: None)  # type: ignore[arg-type]


def test_view_state_round_trips_per_article_so_swapping_keeps_it():
    ids = LibraryIds(11, 22, 5)
    view = ViewState(PaneView(120, Span(130, 140)), PaneView(40, None), "right")
    record = view.to_record(ids)
    assert record == {"articles": {"11": {"top": 120, "selection": [130, 140]},
                                   "22": {"top": 40, "selection": [40, 40]}}, "active": 22}
    assert ViewState.from_record(record, ids) == view
    swapped = ViewState.from_record(record, LibraryIds(22, 11, 5))
    assert swapped == ViewState(PaneView(40, None), PaneView(120, Span(130, 140)), "left")


@pytest.mark.parametrize("record", [None, {}, {"articles": []}, {"articles": {}, "active": None},
                                    {"articles": {"11": "x"}}])
def test_a_record_with_nothing_usable_restores_nothing(record):
    assert ViewState.from_record(record, LibraryIds(11, 22, 5)) is None


def test_bad_values_in_a_record_are_dropped_not_trusted():
    record = {"articles": {"11": {"top": -4, "selection": [9, 3]}, "22": {"top": "x", "selection": [1, 2]}},
              "active": 99}
    view = ViewState.from_record(record, LibraryIds(11, 22, 5))
    assert view == ViewState(PaneView(0, None), PaneView(0, Span(1, 2)), "left")
