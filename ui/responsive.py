"""The splitter between the comparison view and the side panel, fitted to the window's width.

The comparison view keeps the width of two readable text columns (each pane's
minimum is a column of whole words: :meth:`parallax.ui.textview.TextView.minimumSizeHint`);
the side panel takes the width the reader last dragged it to (until then a
third of the window, at most PANEL_WIDTH), less when the window is narrower,
and folds away when even its own minimum would squeeze the
panes.  It comes back, at the reader's width, when the window is wide enough
again.  Folding for width changes what is shown, not what the reader asked for:
``wanted`` (Side Panel, F9) and ``chosen`` (the dragged width) stay as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QStatusBar, QWidget

PANEL_MIN = 280  # the side panel's narrowest: its tabs and tables still read
PANEL_WIDTH = 400  # its widest until the reader drags it: a third of the window up to this


class PanelSplitter(QSplitter):
    """[view | panel], the panel's width and visibility decided by :meth:`fit`."""

    folded = Signal(bool)  # True: the window became too narrow for the panel; False: it came back

    def __init__(self, view: QWidget, panel: QWidget, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.addWidget(view)
        self.addWidget(panel)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        panel.setMinimumWidth(PANEL_MIN)
        self.view, self.panel = view, panel
        self.wanted = True  # the reader wants the panel (Side Panel)
        self.chosen: int | None = None  # the panel's width as the reader last dragged it
        self.is_folded = False
        self._fitting = False
        self.splitterMoved.connect(self._moved)

    def minimumSizeHint(self) -> QSize:
        """The view's minimum alone: below view + panel the panel folds rather than
        hold the window wide (or squeeze the panes)."""
        hint = self.view.minimumSizeHint().expandedTo(self.view.minimumSize())
        return QSize(hint.width(), max(hint.height(), self.panel.minimumSizeHint().height()))

    def room(self, width: int | None = None) -> int:
        """The width the panel can have beside a readable view, in a splitter ``width`` wide."""
        width = self.width() if width is None else width
        return width - self.handleWidth() - self.minimumSizeHint().width()

    def needed(self) -> int:
        """The narrowest splitter that holds the view and the panel at its minimum."""
        return self.minimumSizeHint().width() + self.handleWidth() + PANEL_MIN

    def bind(self, action: QAction, settings, status: QStatusBar) -> None:
        """Side Panel (``action``) shows and hides the panel, remembered as ``view/panel``
        in ``settings``; it says what is on screen (unchecked while folded for width)."""
        self._action, self._status = action, status

        def toggled(on: bool) -> None:
            self.ask(on)
            settings.setValue("view/panel", on)

        action.toggled.connect(toggled)
        self.folded.connect(self._show_folded)

    def ask(self, on: bool) -> None:
        """The reader shows or hides the panel.  Shown in a window too narrow for it, the
        window widens to hold it, as far as the screen lets it."""
        window = self.window()
        if on and self.room() < PANEL_MIN and window is not self:
            window.resize(window.width() + self.needed() - self.width(), window.height())
        self.set_wanted(on)
        if on and self.is_folded:  # the screen is too narrow for it
            self._show_folded(True)

    def _show_folded(self, folded: bool) -> None:
        action = self._action
        action.blockSignals(True)
        action.setChecked(self.wanted and not folded)
        action.blockSignals(False)
        if folded:
            self._status.showMessage(self.tr(
                "The window is too narrow for the side panel: it is folded away until the window is wider "
                "(Side Panel, F9, widens the window)."), 8000)

    def set_wanted(self, on: bool) -> None:
        self.wanted = on
        self.fit()

    def fit(self) -> None:
        """Show, size or fold the panel for the splitter's present width."""
        if self._fitting:
            return
        self._fitting = True
        try:
            fold = self.wanted and self.room() < PANEL_MIN
            if not self.wanted or fold:
                self.panel.hide()
            else:
                self.panel.show()
                chosen = self.chosen if self.chosen is not None else min(PANEL_WIDTH, self.width() // 3)
                width = max(PANEL_MIN, min(chosen, self.room()))
                self.setSizes([self.width() - self.handleWidth() - width, width])
        finally:
            self._fitting = False
        if fold != self.is_folded:
            self.is_folded = fold
            self.folded.emit(fold)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit()

    def _moved(self, *_):
        if not self._fitting and self.panel.isVisible():
            self.chosen = self.sizes()[1]
