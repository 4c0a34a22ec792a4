"""A small grouped horizontal bar chart drawn with QPainter (no QtCharts needed).

A label too long for its column ends in "…"; the tooltip over a row says the label
whole, with each series' value (and the row's own tip, if it has one)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


class BarChart(QWidget):
    """Rows of labelled bars, one bar per series (e.g. left and right), with values.

    ``fmt`` formats a value for its label ("{:.0%}" for shares).
    """

    BAR = 9
    GAP = 7

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, Sequence[float]]] = []
        self.series: list[tuple[str, QColor]] = []
        self.fmt = "{:g}"
        self.maximum: float | None = None
        self.faint: list[tuple[float, ...]] = []  # per row, the part of each value drawn pale
        self.tips: list[str] = []  # per row, more to say in its tooltip
        self.faint_label = self.tr("unsure")
        self.empty_text = self.tr("nothing to show")
        self.text_colour = QColor("#222")
        self.muted = QColor("#777")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[tuple[str, QColor]],
                 *, fmt: str = "{:g}", maximum: float | None = None,
                 faint: Sequence[Sequence[float]] | None = None, tips: Sequence[str] | None = None) -> None:
        """``faint``: for each row, how much of each value is drawn pale at the bar's end
        and named in its label (the unsure framing markers of a count); ``tips``: for each
        row, a line added to its tooltip."""
        self.rows = [(label, tuple(values)) for label, values in rows]
        self.tips = list(tips) if tips is not None else []
        self.faint = [tuple(f) for f in faint] if faint is not None else []
        self.series = list(series)
        self.fmt = fmt
        self.maximum = maximum
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def legend_layout(self, width: int) -> list[tuple[int, int, str, QColor | None, int]]:
        """Where each legend entry goes at ``width``: (x, row, text, colour or None for
        the pale "unsure" swatch, text width); an entry that does not fit on its row starts
        the next, so a narrow panel wraps the legend instead of cutting it."""
        fm = QFontMetrics(self.font())
        entries: list[tuple[str, QColor | None]] = list(self.series)
        if any(any(f) for f in self.faint) and self.series:
            entries.append((self.faint_label, None))
        out, x, row = [], 0, 0
        for name, colour in entries:
            text_w = min(fm.horizontalAdvance(name), max(40, width - 14))
            if x and x + 14 + text_w > width:
                x, row = 0, row + 1
            out.append((x, row, name, colour, text_w))
            x += 14 + text_w + 14
        return out

    def _legend_height(self, width: int) -> int:
        rows = 1 + max((row for _, row, *_ in self.legend_layout(width)), default=0)
        return rows * (QFontMetrics(self.font()).height() + 2) + 4

    def resizeEvent(self, event):
        super().resizeEvent(event)
        height = self.sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def set_colours(self, text: QColor, muted: QColor) -> None:
        self.text_colour, self.muted = QColor(text), QColor(muted)
        self.update()

    def _row_height(self) -> int:
        return max(1, len(self.series)) * (self.BAR + 2) + self.GAP

    def sizeHint(self) -> QSize:
        legend = self._legend_height(self.width() if self.width() > 0 else 240)
        body = max(1, len(self.rows)) * self._row_height()
        return QSize(240, legend + body + 4)

    def row_at(self, y: float) -> int | None:
        """The row drawn at height ``y``, or None (the legend, the space below)."""
        top = self._legend_height(self.width()) + 2
        if y < top or not self.rows:
            return None
        row = int((y - top) // self._row_height())
        return row if row < len(self.rows) else None

    def shown_label(self, row: int, width: int) -> str:
        """Row ``row``'s label as drawn in ``width`` pixels: whole, or ending in "…"."""
        return QFontMetrics(self.font()).elidedText(self.rows[row][0], Qt.TextElideMode.ElideRight, width)

    def label_width(self) -> int:
        """The width the labels are drawn in at the chart's present width."""
        fm = QFontMetrics(self.font())
        widest = max((fm.horizontalAdvance(label) for label, _ in self.rows), default=0)
        return int(min(self.width() * 0.42, widest + 8) - 6)

    def row_tooltip(self, row: int) -> str:
        """The whole label of ``row`` and each series' value, as its tooltip says them."""
        label, values = self.rows[row]
        faint = self.faint[row] if row < len(self.faint) else ()
        lines = [label]
        for k, ((name, _), value) in enumerate(zip(self.series, values, strict=False)):
            text = self.fmt.format(value)
            if k < len(faint) and faint[k]:
                text += f" ({self.fmt.format(min(float(value), float(faint[k])))} {self.faint_label})"
            lines.append(f"{name}: {text}")
        if row < len(self.tips) and self.tips[row]:
            lines.append(self.tips[row])
        return "\n".join(lines)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self.row_at(event.position().y() if hasattr(event, "position") else event.pos().y())
            if row is not None:
                QToolTip.showText(event.globalPos(), self.row_tooltip(row), self)
                return True
        return super().event(event)

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        w = self.width()
        # legend, wrapped to the width
        line = fm.height() + 2
        for x, row, name, colour, text_w in self.legend_layout(w):
            y = row * line
            if colour is not None:
                p.fillRect(QRectF(x, y + 4, 10, 10), colour)
            else:
                for k, (_, c) in enumerate(self.series):  # each series' pale shade, side by side
                    p.fillRect(QRectF(x + 10 * k / len(self.series), y + 4, 10 / len(self.series), 10), _pale(c))
            p.setPen(self.text_colour)
            shown = name if text_w >= fm.horizontalAdvance(name) else fm.elidedText(
                name, Qt.TextElideMode.ElideRight, text_w)
            p.drawText(int(x + 14), int(y + fm.ascent() + 2), shown)
        y = self._legend_height(w) + 2
        if not self.rows:
            p.setPen(self.muted)
            p.drawText(0, int(y + fm.ascent()), self.empty_text)
            p.end()
            return
        label_w = self.label_width() + 6
        value_w = fm.horizontalAdvance("0000000") + 4
        if any(any(f) for f in self.faint):  # room for "10 (7 unsure)"
            value_w = max(value_w, fm.horizontalAdvance(f"000 (000 {self.faint_label})") + 4)
        bar_w = max(10.0, w - label_w - value_w)
        top = max((max(v) for _, v in self.rows if v), default=0)
        maximum = self.maximum if self.maximum is not None else top
        maximum = maximum or 1
        rh = self._row_height()
        for row, (_label, values) in enumerate(self.rows):
            faint = self.faint[row] if row < len(self.faint) else ()
            p.setPen(self.text_colour)
            text = self.shown_label(row, int(label_w - 6))
            block_h = len(self.series) * (self.BAR + 2)
            p.drawText(QRectF(0, y, label_w - 6, block_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            by = y
            for k, ((_, colour), value) in enumerate(zip(self.series, values, strict=False)):
                length = bar_w * max(0.0, float(value)) / maximum
                pale = min(float(value), float(faint[k])) if k < len(faint) else 0.0
                sure = bar_w * max(0.0, float(value) - pale) / maximum
                p.fillRect(QRectF(label_w, by, max(1.0 if value else 0.0, length), self.BAR), _pale(colour))
                p.fillRect(QRectF(label_w, by, sure, self.BAR), colour)
                text = self.fmt.format(value)
                if pale:
                    text += f" ({self.fmt.format(pale)} {self.faint_label})"
                p.setPen(self.muted)
                p.drawText(QRectF(label_w + length + 4, by - 3, value_w, self.BAR + 6),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
                by += self.BAR + 2
            y += rh
        p.end()


def _pale(colour: QColor) -> QColor:
    """``colour`` at 40 % opacity: the pale part of a bar."""
    c = QColor(colour)
    c.setAlphaF(0.4)
    return c
