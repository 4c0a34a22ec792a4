"""Item models for the side panel's tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from parallax.reader.model import Comparison, Fact

_Index = QModelIndex | QPersistentModelIndex
# the roles a view asks for as plain ints: a table sizing its columns to their contents asks
# data() a dozen roles for a thousand rows a column (an enum member looked up each time cost
# a third of it)
_DISPLAY, _EDIT, _TIP, _ALIGN, _FOREGROUND, _FONT = (int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsModel(QAbstractTableModel):
    """A read-only table of tuples: headers, rows, and optional per-row tooltips."""

    PayloadRole = Qt.ItemDataRole.UserRole + 1
    # a column's name short enough for a column as narrow as its counts ("L" for a side's
    # name): the panel's header draws it where the name does not fit, not "l…"
    ShortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self.short: dict[int, str] = {}  # column -> its short name (ShortRole), where it has one
        self._headers = list(headers)
        self._rows: list[tuple] = []
        self._tips: list[str] = []
        self._payload: list[Any] = []
        self.numeric: set[int] = set()

    def set_headers(self, headers: Sequence[str]) -> None:
        if len(headers) == len(self._headers) and list(headers) != self._headers:
            self._headers = list(headers)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def set_rows(self, rows: Sequence[tuple], *, tips: Sequence[str] | None = None,
                 payload: Sequence[Any] | None = None, headers: Sequence[str] | None = None) -> None:
        """New rows; ``headers``: new column names too (as many), in the same reset (the views
        then size their columns once, not again for a ``headerDataChanged``)."""
        self.beginResetModel()
        if headers is not None and len(headers) == len(self._headers):
            self._headers = list(headers)
        self._rows = [tuple(r) for r in rows]
        self._tips = list(tips) if tips is not None else [""] * len(self._rows)
        self._payload = list(payload) if payload is not None else [None] * len(self._rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == self.ShortRole:
                return self.short.get(section)
        return None

    def data(self, index: _Index, role: int = _DISPLAY):
        r = index.row()  # -1 for an invalid index
        if not 0 <= r < len(self._rows) or not index.isValid():
            return None
        row = self._rows[r]
        col = index.column()
        if not 0 <= col < len(row):
            return None
        if role == _DISPLAY:
            return str(row[col])
        if role == _EDIT:  # sort key: numbers as numbers
            return row[col]
        if role == _TIP:
            return self._tips[r] or None
        if role == _ALIGN and col in self.numeric:
            return _RIGHT
        if role == self.PayloadRole:
            return r
        return None

    def payload(self, row: int) -> Any:
        return self._payload[row] if 0 <= row < len(self._payload) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def sides_short(first: int) -> dict[int, str]:
    """The short names of the two columns from ``first`` on, the left side's then the right's."""
    return {first: QCoreApplication.translate("RowsModel", "L"), first + 1: QCoreApplication.translate("RowsModel", "R")}


_STATUS_ORDER = {"conflict": 0, "shared": 1, "left-only": 2, "right-only": 3}
_STATUS_SHOWN = {"left-only": "left only", "right-only": "right only"}  # any other status as it is


class FactsModel(RowsModel):
    """Facts: value, kind, status, and occurrences on each side; conflicts stand out."""

    HEADERS = (QT_TRANSLATE_NOOP("FactsModel", "Value"), QT_TRANSLATE_NOOP("FactsModel", "Kind"),
               QT_TRANSLATE_NOOP("FactsModel", "Status"), "Left", "Right")  # Left, Right: headerData

    def __init__(self, parent=None):
        super().__init__([QCoreApplication.translate("FactsModel", h) for h in self.HEADERS], parent)
        self.numeric = {3, 4}
        self.short = sides_short(3)
        self.conflict_colour = QColor("#D55E00")
        self.side_names = ("left", "right")
        self._comparison: Comparison | None = None
        self._tip_of: dict[int, str] = {}  # row -> its tooltip, made when first asked for

    def set_comparison(self, comparison: Comparison | None) -> None:
        self._comparison, self._tip_of = comparison, {}
        if comparison is None:
            self.set_rows([])
            return
        facts = sorted(comparison.facts, key=lambda f: (_STATUS_ORDER.get(f.status, 9), f.kind, f.value.lower()))
        ln = comparison.left.outlet or "left"
        rn = comparison.right.outlet or "right"
        self.side_names = (ln, rn)
        # a long pair has thousands of facts: a row's tooltip (quoting its occurrences) is made
        # when it is first shown (data), not all of them before the panel is drawn
        self.set_rows([(f.value, f.kind, _STATUS_SHOWN.get(f.status, f.status), len(f.left), len(f.right))
                       for f in facts], payload=facts)

    def tip(self, row: int) -> str:
        """Row ``row``'s tooltip: the fact's kind, status and first occurrences on each side."""
        got = self._tip_of.get(row)
        if got is None:
            fact = self.payload(row)
            if fact is None or self._comparison is None:
                return ""
            got = self._tip_of[row] = _fact_tip(self._comparison, fact, *self.side_names)
        return got

    def data(self, index: _Index, role: int = _DISPLAY):
        r = index.row()  # -1 for an invalid index
        if 0 <= r < len(self._rows) and index.isValid():
            if role == _TIP and 0 <= index.column() < len(self._headers):
                return self.tip(r) or None
            if role in (_FOREGROUND, _FONT):
                fact: Fact = self._payload[r]
                if fact is not None and fact.status == "conflict":
                    if role == _FOREGROUND:
                        return self.conflict_colour
                    font = QFont()
                    font.setBold(True)
                    return font
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and section in (3, 4):
            return QCoreApplication.translate("FactsModel", "occurrences in {side}").format(
                side=self.side_names[section - 3])
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section in (3, 4):
            return (QCoreApplication.translate("FactsModel", "left"),
                    QCoreApplication.translate("FactsModel", "right"))[section - 3]
        return super().headerData(section, orientation, role)


def _fact_tip(c: Comparison, f: Fact, ln: str, rn: str) -> str:
    def quote(text: str, spans) -> str:
        if not spans:
            return "—"
        return ", ".join(f"“{s.slice(text)}”" for s in spans[:3]) + (" …" if len(spans) > 3 else "")

    return f"{f.kind} · {f.status}\n{ln}: {quote(c.left.text, f.left)}\n{rn}: {quote(c.right.text, f.right)}"
