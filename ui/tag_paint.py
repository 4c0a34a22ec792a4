"""Drawing the analyst's coding on a pane: tag colours on the passages, coding stripes in the margin.

What to draw is decided in ``parallax.reader.notes.coding`` (runs and stripe lanes, in code
points); this module converts with the pane's ``Utf16Map`` and paints:

- :class:`TagPainter` tints each tagged run with its tag's colour (the first
  tag's colour, translucent, so the comparison layers stay visible beneath)
  and underlines it in that colour, as QPlainTextEdit extra selections.
- :class:`CodingStripes` is a narrow margin beside the text with one
  vertical stripe per tag, NVivo style; overlapping tags get separate lanes.
  Hovering a stripe names its tag; clicking it selects the passage.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from parallax.reader.notes.coding import Coded, Lane, coding_runs, lane_count, stripe_lanes
from parallax.reader.notes.library import Annotation, Tag
from parallax.reader.model import Span

LANE_WIDTH = 5
LANE_GAP = 2
TAG_PROPERTY = 0x100100  # QTextFormat user property: the tag ids of a painted run, "1,2"


def coded(annotations: list[Annotation]) -> list[Coded]:
    return [Coded(a.start, a.end, tuple(a.tag_ids)) for a in annotations if not a.orphaned]


class TagPainter:
    """Keeps one text view's tag tints in step with its annotations.

    Only the runs near the visible region become extra selections (placing a
    QTextCursor in a long document is not free), so the cost of a repaint does
    not grow with the number of annotations; scrolling brings the next ones in.
    """

    MARGIN = 4000  # code points painted beyond each edge of the visible region

    def __init__(self, view):
        self.view = view
        self.tags: dict[int, Tag] = {}
        self.runs: list = []
        self._ends: list[int] = []
        self._window: tuple[int, int, int] | None = None
        self._generation = 0
        self.alpha: int | None = None  # None: the theme's tag_tint_alpha
        view.verticalScrollBar().valueChanged.connect(lambda *_: self.repaint())
        view.updateRequest.connect(lambda *_: self.repaint())

    def set_coding(self, annotations: list[Annotation], tags: list[Tag]) -> None:
        self.tags = {t.id: t for t in tags}
        order = [t.id for t in tags]
        self.runs = coding_runs(coded(annotations), order=order)
        self._ends = [r.end for r in self.runs]
        self._generation += 1
        self.repaint()

    def set_alpha(self, alpha: int | None) -> None:
        self.alpha = alpha
        self._generation += 1
        self.repaint()

    def _visible_runs(self) -> tuple[int, int]:
        if not self.runs:
            return 0, 0
        vis = self.view.visible_span()
        lo = bisect_right(self._ends, vis.start - self.MARGIN)
        hi = lo
        stop = vis.end + self.MARGIN
        while hi < len(self.runs) and self.runs[hi].start < stop:
            hi += 1
        return lo, hi

    def repaint(self) -> None:
        lo, hi = self._visible_runs()
        alpha = self.alpha if self.alpha is not None else self.view.highlighter.style.tag_alpha
        key = (lo, hi, self._generation, alpha)
        if key == self._window:
            return
        self._window = key
        view = self.view
        u16 = view.u16
        doc = view.document()
        selections = []
        for run in self.runs[lo:hi]:
            tag = self.tags.get(run.tag_ids[0])
            if tag is None:
                continue
            colour = QColor(tag.colour)
            start, length = u16.span_to_qt(Span(run.start, run.end))
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fill = QColor(colour)
            fill.setAlpha(alpha)
            fmt.setBackground(fill)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            fmt.setProperty(TAG_PROPERTY, ",".join(str(t) for t in run.tag_ids))
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        view.setExtraSelections(selections)

    def tags_at(self, offset: int) -> tuple[int, ...]:
        """The tag ids painted at a code-point offset (for tests and tooltips)."""
        i = bisect_right(self._ends, offset)
        if i < len(self.runs) and self.runs[i].start <= offset < self.runs[i].end:
            return self.runs[i].tag_ids
        return ()

    def painted_at(self, offset: int) -> tuple[int, ...]:
        """The tag ids actually drawn at ``offset`` now (read back from the view's selections)."""
        pos = self.view.u16.to_qt(offset)
        for sel in self.view.extraSelections():
            if sel.cursor.selectionStart() <= pos < sel.cursor.selectionEnd():
                value = sel.format.property(TAG_PROPERTY)
                return tuple(int(v) for v in value.split(",")) if value else ()
        return ()


class CodingStripes(QWidget):
    """A margin with one stripe per tag beside a text view (NVivo's coding stripes)."""

    passageClicked = Signal(int, int)  # code-point start, end

    def __init__(self, view, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.lanes: list[Lane] = []
        self.tags: dict[int, Tag] = {}
        self.setMouseTracking(True)
        self._set_width(0)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.updateRequest.connect(lambda *_: self.update())

    def _set_width(self, n: int) -> None:
        self.setFixedWidth(0 if n == 0 else 4 + n * (LANE_WIDTH + LANE_GAP))
        self.setVisible(n > 0)

    def set_coding(self, annotations: list[Annotation], tags: list[Tag]) -> None:
        self.tags = {t.id: t for t in tags}
        self.lanes = stripe_lanes(coded(annotations), order=[t.id for t in tags])
        self._set_width(lane_count(self.lanes))
        self.update()

    def _x(self, lane: int) -> int:
        return 2 + lane * (LANE_WIDTH + LANE_GAP)

    def _rects(self):
        """(rect, tag id, span) of every stripe piece in the visible region."""
        view = self.view
        vis = view.visible_span()
        top_off = self.mapFromGlobal(view.viewport().mapToGlobal(QPoint(0, 0))).y()
        h = self.height()
        out = []
        for lane in self.lanes:
            for span in lane.spans:
                if span.end < vis.start or span.start > vis.end + 1:
                    continue
                y0 = view.y_of(span.start) + top_off
                y1 = view.y_bottom_of(max(span.start, span.end - 1)) + top_off
                if y1 < 0 or y0 > h:
                    continue
                out.append((QRect(self._x(lane.lane), y0, LANE_WIDTH, max(3, y1 - y0)), lane.tag_id, span))
        return out

    def paintEvent(self, event):
        p = QPainter(self)
        for rect, tag_id, _span in self._rects():
            tag = self.tags.get(tag_id)
            if tag is not None:
                p.fillRect(rect, QColor(tag.colour))
        p.end()

    def _hit(self, point: QPoint):
        for rect, tag_id, span in self._rects():
            if rect.adjusted(-1, 0, 1, 0).contains(point):
                return tag_id, span
        return None

    def mouseMoveEvent(self, event):
        hit = self._hit(event.position().toPoint())
        if hit is not None and hit[0] in self.tags:
            QToolTip.showText(event.globalPosition().toPoint(), self.tags[hit[0]].name, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self._hit(event.position().toPoint())
            if hit is not None:
                self.passageClicked.emit(hit[1].start, hit[1].end)
