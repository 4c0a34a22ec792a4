"""Keeps the window's session model in step with the panes, and puts a saved view back.

:class:`ViewKeeper` watches both text views (scrolling, selections, the active
side, the layers) and writes where the analyst is to the session's view state,
in code points, once per event-loop turn.  When the session asks for a saved
view (``"restore"``) it puts the panes there at once, and a last time when the
comparison is drawn (:meth:`ViewKeeper.settle`: bold runs rewrap lines, and Qt
keeps a scroll position in lines), which ends the restore; a key press, wheel
turn or click of the reader's own before that ends it too, so their move stands.
Highlights are drawn on demand (ui/highlight.py), so once the comparison is drawn
nothing moves the text off screen: the block a pane is put back at is highlighted
before its line is counted (``TextView.line_of``), and only the blocks shown are
highlighted after it, which never moves the first one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from parallax.ui.session import PaneView, ViewState

_E = QEvent.Type
READER_MOVES = frozenset({_E.KeyPress, _E.Wheel, _E.MouseButtonPress})


class ViewKeeper(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.restoring = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.sync)
        view = window.view
        for side in ("left", "right"):
            tv = view.view(side)
            tv.verticalScrollBar().valueChanged.connect(self.changed)
            tv.selectionChanged.connect(self.changed)
            for widget in (tv, tv.viewport(), tv.verticalScrollBar()):
                widget.installEventFilter(self)
        view.activeSideChanged.connect(self.changed)
        self.session.subscribe("restore", self._requested)

    def changed(self, *_args) -> None:
        if not self.restoring:
            self._timer.start()

    def current(self) -> ViewState:
        """Where the analyst is now: each pane's first visible line and selection."""
        view = self.window.view
        panes = {side: PaneView(view.view(side).top_offset(), view.view(side).selection())
                 for side in ("left", "right")}
        return ViewState(panes["left"], panes["right"], view.active_side,
                         frozenset(self.window.enabled_layers()))

    def sync(self) -> None:
        """Tell the session where the analyst is (at once, rather than after this event)."""
        self._timer.stop()
        if self.session.pair is not None:
            self.session.set_view(self.current())

    def apply(self, state: ViewState) -> None:
        """Put the panes where ``state`` says: selections, first visible lines, the active side."""
        view = self.window.view
        self.restoring = True
        was = view.sync_scrolling
        view.sync_scrolling = False
        try:
            for side in ("left", "right"):
                tv = view.view(side)
                pane = state.pane(side)
                n = len(tv.text)
                if pane.selection is not None and pane.selection.end <= n:
                    tv.select_span(pane.selection, centre=False)
                else:
                    tv.set_caret(min(pane.top, n))
                tv.scroll_to(min(pane.top, n))
            view.view(state.active).setFocus()
            view.set_active(state.active)
        finally:
            view.sync_scrolling = was
            self.restoring = False
        self.sync()

    def _requested(self) -> None:
        if self.session.restore is not None:
            self.apply(self.session.restore)

    def settle(self) -> None:
        """The comparison is drawn: put the requested view back a last time, for good."""
        if self.session.restore is not None and self.window.is_idle():
            self.apply(self.session.restore)
            self.session.restored()

    def eventFilter(self, obj, event):
        if self.session.restore is not None and event.type() in READER_MOVES:
            self.session.restored()  # the reader moved first: leave the view where they put it
        return False
