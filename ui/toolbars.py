"""Toolbars that keep every action in reach at any window width.

- :class:`FitToolBar` shows short labels beside the icons while they fit and the
  icons alone when they do not, so nothing is pushed into the overflow menu.
  The short labels are the actions' icon texts, so a change of theme (which
  sets new icons, and makes Qt read the labels again) keeps them short.  A
  button's tooltip ends with its action's shortcut (:func:`keyed_tip`), as the
  menus show it, for every button alike.
- :class:`TagStrip` holds one button per tag and shows as many as fit; the
  rest collapse into a "More" menu that ends with the tag picker.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QToolTip,
    QWidget,
)


def keyed_tip(action: QAction) -> str:
    """``action``'s tooltip with its first shortcut after it ("Swap the left and right
    articles (Ctrl+Shift+X)"), unless the tip already names it or there is none."""
    tip = action.toolTip()
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if not keys or keys in tip:
        return tip
    return f"{tip} ({keys})"


class FitToolBar(QToolBar):
    def __init__(self, title: str, name: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.setObjectName(name)
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._wide: int | None = None  # the width the labelled buttons need

    def add(self, action: QAction, label: str | None = None) -> None:
        """Add an action, labelled ``label`` on its button (its menu text stays as it is)."""
        if label is not None:
            action.setIconText(label)
        self.addAction(action)
        button = self.widgetForAction(action)
        if button is not None:
            button.installEventFilter(self)  # its tooltip names the shortcut: eventFilter

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(watched, QToolButton):
            action = watched.defaultAction()
            if action is not None and action.toolTip():
                QToolTip.showText(event.globalPos(), keyed_tip(action), watched)
                return True
        return super().eventFilter(watched, event)

    def labelled(self) -> bool:
        return self.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon

    def overflowing(self) -> bool:
        """Whether some action went into the overflow menu (its button is hidden)."""
        for action in self.actions():
            button = self.widgetForAction(action)
            if button is not None and action.isVisible() and not button.isVisible():
                return True
        return False

    def fit(self) -> None:
        """Labels when they fit the width, icons alone when they do not."""
        if not self.isVisible():
            return
        if self.labelled():
            need = self.sizeHint().width()
            if need > self.width():
                self._wide = need
                self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        elif self._wide is None or self.width() >= self._wide:
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            if self.sizeHint().width() > self.width():  # still too wide (new actions since)
                self._wide = self.sizeHint().width()
                self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def actionEvent(self, event):
        super().actionEvent(event)
        self._wide = None if self.labelled() else self._wide

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event):
        super().showEvent(event)
        self.fit()


class TagStrip(QWidget):
    """The tag buttons of a toolbar: as many as fit, the rest in a "More" menu."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tag-strip")
        self.buttons: list[QToolButton] = []
        self.extra: list[QAction] = []  # after the tags in the "More" menu (the picker)
        self.more = QToolButton(self)
        self.more.setText(self.tr("More ▾"))
        self.more.setToolTip(self.tr("The other tags, and the tag picker"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setMenu(QMenu(self.more))
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(2)
        self._row.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_actions(self, actions: list[QAction], extra: list[QAction] = ()) -> None:
        for b in self.buttons:
            self._row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        self.extra = list(extra)
        for i, action in enumerate(actions):
            b = QToolButton(self)
            b.setDefaultAction(action)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setAutoRaise(True)
            self._row.insertWidget(i, b)
            self.buttons.append(b)
        self.updateGeometry()
        self._fit(self.width())

    def shown(self) -> list[QAction]:
        """The tag actions whose buttons are visible."""
        return [b.defaultAction() for b in self.buttons if not b.isHidden()]

    def collapsed(self) -> list[QAction]:
        """The tag actions in the "More" menu."""
        return [b.defaultAction() for b in self.buttons if b.isHidden()]

    def sizeHint(self) -> QSize:
        width = sum(b.sizeHint().width() + 2 for b in self.buttons)
        height = max([b.sizeHint().height() for b in self.buttons] + [self.more.sizeHint().height()])
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.more.sizeHint().width() + 4, self.more.sizeHint().height())

    def _fit(self, width: int) -> None:
        used, hidden = 0, []
        more_w = self.more.sizeHint().width() + 4
        total = sum(b.sizeHint().width() + 2 for b in self.buttons)
        room = width if total <= width else width - more_w
        for b in self.buttons:
            w = b.sizeHint().width() + 2
            fits = not hidden and used + w <= room
            b.setVisible(fits)
            if fits:
                used += w
            else:
                hidden.append(b.defaultAction())
        menu = self.more.menu()
        menu.clear()
        for action in hidden:
            menu.addAction(action)
        if hidden and self.extra:
            menu.addSeparator()
        for action in self.extra:
            menu.addAction(action)
        self.more.setVisible(bool(hidden))
        self.more.move(max(0, width - more_w + 2), max(0, (self.height() - self.more.sizeHint().height()) // 2))
        self.more.resize(self.more.sizeHint())
        self.more.raise_()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit(event.size().width())
