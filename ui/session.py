"""What the window shows, as plain values the window and the analyst's tools observe.

Qt-free: frozen values and one small observable object.

- :class:`Session` holds the pair of articles on screen, their comparison
  (once computed), the library ids they were stored under, and where the
  analyst is (:class:`ViewState`).  It says what changed through callbacks
  (:meth:`Session.subscribe`): ``"pair"`` (a new pair is on screen),
  ``"comparison"`` (its comparison is drawn), ``"ids"`` (the library stored
  it), ``"view"`` (the analyst scrolled, selected, or toggled a layer) and
  ``"restore"`` (a saved view should be put back on screen).
- :class:`ViewState` is the view in code points: per pane the first visible
  character and the selection as a :class:`Span`, the active side, the
  layers shown.  :meth:`ViewState.to_record` / :meth:`ViewState.from_record`
  turn it into the library's per-article record and back, so a comparison
  reopened with its sides swapped is still where it was left.

The main window writes the pair, the comparison and the view; the workflow
writes the ids and asks for restores; neither reaches into the other's widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple

from parallax.reader.model import Article, Comparison, Side, Span

Event = Literal["pair", "comparison", "ids", "view", "restore"]
EVENTS: tuple[Event, ...] = ("pair", "comparison", "ids", "view", "restore")


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


class PaneView(NamedTuple):
    """Where one pane is: its first visible character and its selection (code points)."""

    top: int = 0
    selection: Span | None = None


class LibraryIds(NamedTuple):
    """The library ids of the pair on screen (None: not stored)."""

    left: int | None = None
    right: int | None = None
    comparison: int | None = None

    def of(self, side: Side) -> int | None:
        return self.left if side == "left" else self.right

    def side_of(self, article_id: int | None) -> Side | None:
        if article_id is None:
            return None
        if self.left == article_id:
            return "left"
        if self.right == article_id:
            return "right"
        return None


@dataclass(frozen=True)
class ViewState:
    """Where the analyst is: both panes, the active side, the layers shown."""

    left: PaneView = PaneView(0, None)  # noqa: RUF009 - a NamedTuple: immutable
    right: PaneView = PaneView(0, None)  # noqa: RUF009
    active: Side = "left"
    layers: frozenset[str] = field(default_factory=frozenset)

    def pane(self, side: Side) -> PaneView:
        return self.left if side == "left" else self.right

    def with_pane(self, side: Side, pane: PaneView) -> ViewState:
        return replace(self, **{side: pane})

    def to_record(self, ids: LibraryIds) -> dict[str, Any]:
        """The library's record: per stored article its top and selection, and the active article."""
        articles: dict[str, Any] = {}
        for side in ("left", "right"):
            aid = ids.of(side)
            if aid is None:
                continue
            pane = self.pane(side)
            sel = pane.selection or Span(pane.top, pane.top)
            articles[str(aid)] = {"top": pane.top, "selection": [sel.start, sel.end]}
        return {"articles": articles, "active": ids.of(self.active)}

    @classmethod
    def from_record(cls, record: Any, ids: LibraryIds, *, layers: frozenset[str] = frozenset()) -> ViewState | None:
        """The view a record describes for the articles ``ids`` holds (None: nothing usable)."""
        if not isinstance(record, dict) or not isinstance(record.get("articles"), dict):
            return None
        panes: dict[str, PaneView] = {}
        for side in ("left", "right"):
            saved = record["articles"].get(str(ids.of(side)))
            if not isinstance(saved, dict):
                panes[side] = PaneView()
                continue
            top = saved.get("top")
            top = top if isinstance(top, int) and top >= 0 else 0
            sel = saved.get("selection")
            selection = None
            if (isinstance(sel, list) and len(sel) == 2 and all(isinstance(v, int) for v in sel)
                    and 0 <= sel[0] < sel[1]):
                selection = Span(sel[0], sel[1])
            panes[side] = PaneView(top, selection)
        if not any(p != PaneView() for p in panes.values()) and record.get("active") is None:
            return None
        active = ids.side_of(record.get("active") if isinstance(record.get("active"), int) else None)
        return cls(panes["left"], panes["right"], active or "left", layers)


class Session:
    """The pair on screen, its comparison, its library ids and the view, with change callbacks."""

    def __init__(self) -> None:
        self.pair: tuple[Article, Article] | None = None
        self.comparison: Comparison | None = None
        self.swapped = False  # the pair is shown in the other order than it was opened
        self.ids = LibraryIds()
        self.view = ViewState()
        self.restore: ViewState | None = None  # a saved view to put back once the pair is drawn
        self._listeners: dict[str, list[Callable[[], None]]] = {e: [] for e in EVENTS}

    # -- observing

    def subscribe(self, event: Event, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` after each ``event``; returns a function that unsubscribes."""
        if event not in self._listeners:
            raise ValueError(f"no such session event: {event!r}")
        self._listeners[event].append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners[event]:
                self._listeners[event].remove(callback)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for callback in list(self._listeners[event]):
            callback()

    # -- changes (the window and the workflow make them)

    def show_pair(self, left: Article, right: Article, *, swapped: bool = False) -> None:
        """A new pair is on screen (its comparison and library ids are not known yet)."""
        self.pair = (left, right)
        self.comparison = None
        self.swapped = swapped
        self.ids = LibraryIds()
        self.restore = None
        self.view = replace(ViewState(), layers=self.view.layers)
        self._emit("pair")

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        if comparison is not None:
            self.pair = (comparison.left, comparison.right)
        self._emit("comparison")

    def set_ids(self, ids: LibraryIds) -> None:
        self.ids = ids
        self._emit("ids")

    def set_view(self, view: ViewState) -> None:
        """The analyst moved (scrolled, selected, switched panes or layers)."""
        if view != self.view:
            self.view = view
            self._emit("view")

    def request_restore(self, view: ViewState) -> None:
        """Put ``view`` back on screen (now, and again once the comparison is drawn)."""
        self.restore = view
        self._emit("restore")

    def restored(self) -> None:
        """The window put the requested view back for good."""
        self.restore = None

    # -- reading

    def article(self, side: Side) -> Article | None:
        if self.pair is None:
            return None
        return self.pair[0] if side == "left" else self.pair[1]
