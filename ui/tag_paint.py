"""Drawing the analyst's coding on a pane: tag colours on the passages, coding stripes and
note marks in the margin.

What to draw is decided in ``parallax.reader.notes.coding`` (runs and stripe lanes, in code
points) and by :func:`note_marks`; the text view places spans (it alone knows Qt's
positions), and this module paints:

- :class:`TagPainter` tints each tagged run with its tag's colour (the first
  tag's colour, translucent, so the comparison layers stay visible beneath)
  and underlines it in that colour, as QPlainTextEdit extra selections.
- :class:`CodingStripes` is a narrow margin beside the text with one
  vertical stripe per tag, NVivo style; overlapping tags get separate lanes.
  Hovering a stripe names its tag; clicking it selects the passage.  Beside
  the stripes, a memo mark stands level with every passage that carries a
  note, and with each end of a left-right link (ATLAS.ti and NVivo do the
  same): hovering it shows the note, clicking it opens it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QTextCharFormat
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from parallax.reader.model import Span
from parallax.reader.notes.coding import Coded, Lane, coding_runs, lane_count, stripe_lanes
from parallax.reader.notes.library import Annotation, Link, Tag

LANE_WIDTH = 5
LANE_GAP = 2
MARK_SIZE = 14  # the memo mark's square, in pixels
TAG_PROPERTY = 0x100100  # QTextFormat user property: the tag ids of a painted run, "1,2"
TIP_CHARS = 300  # a note in a tooltip is cut here


def coded(annotations: list[Annotation]) -> list[Coded]:
    return [Coded(a.start, a.end, tuple(a.tag_ids)) for a in annotations if not a.orphaned]


class NoteMark(NamedTuple):
    """A note to show in the margin: on a passage (``kind`` "annotation") or a link end ("link")."""

    span: Span
    kind: str
    id: int
    tip: str


def _cut(text: str, n: int = TIP_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def note_marks(annotations: Iterable[Annotation], links: Iterable[Link]) -> list[NoteMark]:
    """The margin marks of one article: each of its passages with a note, and each of its
    passages that ends a link, by position (Qt-free)."""
    by_id = {a.id: a for a in annotations if not a.orphaned}
    marks = [NoteMark(a.span, "annotation", a.id, QCoreApplication.translate("NoteMark", "Note: {note}").format(note=_cut(a.note)))
             for a in by_id.values() if a.note.strip()]
    for ln in links:
        for end in (ln.source_id, ln.target_id):
            a = by_id.get(end)
            if a is None:
                continue
            body = f": {_cut(ln.note)}" if ln.note.strip() else ""
            tip = QCoreApplication.translate("NoteMark", "Link ({relation}){note}").format(relation=ln.relation, note=body)
            marks.append(NoteMark(a.span, "link", ln.id, tip))
    return sorted(marks, key=lambda m: (m.span.start, m.kind, m.id))


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
        selections = []
        for run in self.runs[lo:hi]:
            tag = self.tags.get(run.tag_ids[0])
            if tag is None:
                continue
            colour = QColor(tag.colour)
            cursor = view.cursor_for(Span(run.start, run.end))
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
        for fmt in self.view.extra_formats_at(offset):
            value = fmt.property(TAG_PROPERTY)
            return tuple(int(v) for v in value.split(",")) if value else ()
        return ()


class CodingStripes(QWidget):
    """A margin beside a text view: one stripe per tag (NVivo's coding stripes), and a memo
    mark level with each note (:class:`NoteMark`)."""

    passageClicked = Signal(int, int)  # code-point start, end
    noteClicked = Signal(object)  # NoteMark

    def __init__(self, view, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.lanes: list[Lane] = []
        self.tags: dict[int, Tag] = {}
        self.marks: list[NoteMark] = []
        self._n_lanes = 0
        self.setMouseTracking(True)
        self._set_width()
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.updateRequest.connect(lambda *_: self.update())

    def _set_width(self) -> None:
        width = (4 + self._n_lanes * (LANE_WIDTH + LANE_GAP)) if self._n_lanes else 0
        if self.marks:
            width += MARK_SIZE + 4
        self.setFixedWidth(width)
        self.setVisible(width > 0)

    def set_coding(self, annotations: list[Annotation], tags: list[Tag]) -> None:
        self.tags = {t.id: t for t in tags}
        self.lanes = stripe_lanes(coded(annotations), order=[t.id for t in tags])
        self._n_lanes = lane_count(self.lanes)
        self._set_width()
        self.update()

    def set_marks(self, marks: list[NoteMark]) -> None:
        marks = list(marks)
        if marks != self.marks:
            self.marks = marks
            self._set_width()
            self.update()

    def _x(self, lane: int) -> int:
        return 2 + lane * (LANE_WIDTH + LANE_GAP)

    def _top_offset(self) -> int:
        return self.mapFromGlobal(self.view.viewport().mapToGlobal(QPoint(0, 0))).y()

    def _rects(self):
        """(rect, tag id, span) of every stripe piece in the visible region."""
        view = self.view
        vis = view.visible_span()
        top_off = self._top_offset()
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

    def mark_rects(self) -> list[tuple[QRect, list[NoteMark]]]:
        """(rect, marks) of the memo marks in view; marks on one line share a rect."""
        if not self.marks:
            return []
        view = self.view
        vis = view.visible_span()
        top_off = self._top_offset()
        x = self.width() - MARK_SIZE - 2
        out: list[tuple[QRect, list[NoteMark]]] = []
        for mark in self.marks:
            if mark.span.start > vis.end or mark.span.end < vis.start:
                continue
            rect = view.rect_of(mark.span.start)
            y = rect.top() + top_off + max(0, (rect.height() - MARK_SIZE) // 2)
            if y + MARK_SIZE < 0 or y > self.height():
                continue
            if out and abs(out[-1][0].top() - y) < MARK_SIZE // 2:
                out[-1][1].append(mark)
                continue
            out.append((QRect(x, y, MARK_SIZE, MARK_SIZE), [mark]))
        return out

    def paintEvent(self, event):
        from parallax.ui.style import icon

        p = QPainter(self)
        for rect, tag_id, _span in self._rects():
            tag = self.tags.get(tag_id)
            if tag is not None:
                p.fillRect(rect, QColor(tag.colour))
        rects = self.mark_rects()
        if rects:
            memo = icon("note", self.palette().text().color())
            for rect, _marks in rects:
                memo.paint(p, rect)
        p.end()

    def _hit(self, point: QPoint):
        for rect, tag_id, span in self._rects():
            if rect.adjusted(-1, 0, 1, 0).contains(point):
                return tag_id, span
        return None

    def mark_at(self, point: QPoint) -> list[NoteMark]:
        for rect, marks in self.mark_rects():
            if rect.adjusted(-2, -2, 2, 2).contains(point):
                return marks
        return []

    def tooltip_at(self, point: QPoint) -> str:
        marks = self.mark_at(point)
        if marks:
            return "\n\n".join(m.tip for m in marks) + "\n\nClick to open the note."
        hit = self._hit(point)
        if hit is not None and hit[0] in self.tags:
            return self.tags[hit[0]].name
        return ""

    def mouseMoveEvent(self, event):
        tip = self.tooltip_at(event.position().toPoint())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event):
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        marks = self.mark_at(point)
        if marks:
            self.noteClicked.emit(marks[0])
            return
        hit = self._hit(point)
        if hit is not None:
            self.passageClicked.emit(hit[1].start, hit[1].end)
