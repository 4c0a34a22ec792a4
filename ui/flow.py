"""A layout that places widgets left to right and wraps them onto new rows (Qt's flow layout example).

Flows nest: an item wider than a whole row (a flow of its own, ``one_row_hint=True``, whose
hint is its one-row width) gets the row's width and wraps inside it, so a group of boxes
keeps a row of its own while it fits and still wraps when the window is narrow."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = 4, one_row_hint: bool = False):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._one_row_hint = one_row_hint

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        if not self._one_row_hint:
            return self.minimumSize()
        m = self.contentsMargins()
        hints = [item.sizeHint() for item in self._items]
        width = sum(h.width() for h in hints) + self._spacing * max(0, len(hints) - 1)
        height = max((h.height() for h in hints), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _layout(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        r = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = r.x()
        for item in self._items:
            hint = item.sizeHint()
            if item.hasHeightForWidth():  # a nested flow: no wider than the row, wrapping inside it
                width = max(min(hint.width(), r.width()), item.minimumSize().width())
                hint = QSize(width, item.heightForWidth(width))
            if x + hint.width() > r.x() + r.width() and rows[-1]:
                rows.append([])
                x = r.x()
            rows[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = r.y()
        for row in rows:
            line = max((hint.height() for _, hint in row), default=0)
            x = r.x()
            for item, hint in row:
                if apply:  # centred in its row: a label beside check boxes sits on their line
                    item.setGeometry(QRect(QPoint(x, y + (line - hint.height()) // 2), hint))
                x += hint.width() + self._spacing
            y += line + self._spacing
        return max(0, y - self._spacing) - rect.y() + m.bottom()
