"""The splitter between the comparison view and the side panel, fitted to the window's width.

The comparison view keeps the width of two readable text columns (each pane's
minimum is a column of whole words: :meth:`parallax.ui.textview.TextView.minimumSizeHint`);
the side panel takes the width the reader last dragged it to (until then a
third of the window, at most PANEL_WIDTH), less when the window is narrower,
and folds away when even its own minimum would squeeze the
panes.  It comes back, at the reader's width, when the window is wide enough
again.  Folding for width changes what is shown, not what the reader asked for:
``wanted`` (Side Panel, F9) and ``chosen`` (the dragged width) stay as they were.

:class:`StatusBar`: a status bar whose message wraps onto more lines in a narrow
window rather than being cut off under the permanent widgets on its right.
:class:`LayoutMemory`: a window's size and splitters, saved on close and restored.
:class:`ShortLabel`: a one-line label at most a set width, its text elided in the
middle beyond it (a long file name keeps its start and its ".db").
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QSplitter,
    QStatusBar,
    QStyle,
    QStyleOption,
    QWidget,
)

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
        message = self.tr("The window is too narrow for the side panel: it is folded away until the window is "
                          "wider (Side Panel, F9, widens the window).")
        if folded:
            self._status.showMessage(message, 8000)
        elif self._status.currentMessage() == message:  # the panel is back: the notice would say otherwise
            self._status.clearMessage()

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


class StatusBar(QStatusBar):
    """QStatusBar's messages (``showMessage``, ``currentMessage``, ``messageChanged``) drawn
    by a word-wrapping label that takes the width left of the permanent widgets: a long
    message wraps onto a second line in a narrow window, never cut off mid-word nor
    painted under the widgets on the right.  The label never widens the window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setObjectName("statusMessage")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.label.setSizePolicy(policy)
        self.label.setContentsMargins(3, 0, 0, 0)  # where QStatusBar draws its message
        # permanent, so a message does not hide it; the first, so it sits left of the others
        self.addPermanentWidget(self.label, 1)
        self.messageChanged.connect(self._show)
        self.label.installEventFilter(self)

    def _show(self, message: str) -> None:
        self.label.setText(message)
        self.label.setToolTip(message)  # the whole message, whatever the width
        self._fit()

    def _fit(self) -> None:
        """As tall as the message needs at the label's present width (QLabel's own
        heightForWidth never goes below its minimum height, so it is measured here)."""
        label = self.label
        m = label.contentsMargins()
        width = max(1, label.width() - m.left() - m.right())
        fm = label.fontMetrics()
        text = label.text()
        lines = fm.boundingRect(0, 0, width, 1 << 20, int(Qt.TextFlag.TextWordWrap), text).height() if text else 0
        height = max(lines, fm.height()) + m.top() + m.bottom()
        if label.minimumHeight() != height:
            label.setMinimumHeight(height)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.label and event.type() == QEvent.Type.Resize:
            self._fit()  # a new width: as many lines as the message takes at it
        return super().eventFilter(watched, event)

    def paintEvent(self, event) -> None:
        """The bar's panel only: the message is the label's to draw (QStatusBar would
        paint it once more, on one line, across the whole bar)."""
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)


class ShortLabel(QLabel):
    """One line of plain text at most ``widest`` pixels wide: a longer text is drawn
    elided in the middle ("Library: a-very-lo…project-2026.db"), so that it never
    holds the window wide; ``text()`` stays whole (and the tooltip is the caller's)."""

    def __init__(self, widest: int = 260, parent: QWidget | None = None):
        super().__init__(parent)
        self.widest = widest
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), self.widest), hint.height())

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(min(super().minimumSizeHint().width(), fm.horizontalAdvance("M") * 8), fm.height())

    def shown(self) -> str:
        """The text as drawn at the label's present width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, self.contentsRect().width())

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.shown())
        p.end()


class LayoutMemory:
    """A window's geometry and its splitters' states in QSettings, as ``prefix/geometry``
    and ``prefix/splitter``, ``prefix/splitter-2``…: :meth:`save` on close,
    :meth:`restore` when it is built.  Without settings it remembers nothing."""

    def __init__(self, window: QWidget, settings, prefix: str, splitters: tuple[QSplitter, ...]):
        self.window, self.settings, self.splitters = window, settings, splitters
        self.keys = [f"{prefix}/geometry"] + [f"{prefix}/splitter" + (f"-{k + 1}" if k else "")
                                              for k in range(len(splitters))]

    def restore(self) -> bool:
        """Put the saved splitters and size back; True if the size was."""
        if self.settings is None:
            return False
        geometry, *states = (self.settings.value(k) for k in self.keys)
        for splitter, state in zip(self.splitters, states, strict=True):
            if isinstance(state, QByteArray | bytes):
                splitter.restoreState(QByteArray(state))
        return isinstance(geometry, QByteArray | bytes) and self.window.restoreGeometry(QByteArray(geometry))

    def save(self) -> None:
        if self.settings is None:
            return
        values = [self.window.saveGeometry(), *(s.saveState() for s in self.splitters)]
        for key, value in zip(self.keys, values, strict=True):
            self.settings.setValue(key, value)
