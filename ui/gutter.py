"""The strip between the panes: connectors between matched passages, as Meld draws them,
and the analyst's own links (a dashed line in the link colour, square ends) over them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPixmap
from PySide6.QtWidgets import QToolTip, QWidget

from parallax.reader.comparison.layers import Connector, Layers
from parallax.reader.model import Span
from parallax.ui.style import Style


class UserLink(NamedTuple):
    """A link the analyst made between a passage on the left and one on the right."""

    id: int
    left: Span
    right: Span
    tip: str


class SpanIndex:
    """Which of many spans overlap a range, found by bisection rather than a scan.

    The spans (one side of each connector) are ordered by start; beside them the
    running maximum of their ends, so the first one that may reach into a range and
    the last one that starts before it bound the few to test.  A 100,000-word pair
    has some 1,300 connectors; the gutter asks on every repaint which are in view."""

    __slots__ = ("_ends", "_order", "_spans", "_starts")

    def __init__(self, spans: Sequence[Span]):
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self._spans = [spans[i] for i in self._order]
        self._starts = [s.start for s in self._spans]
        self._ends = list(accumulate((s.end for s in self._spans), max))

    def overlapping(self, vis: Span) -> set[int]:
        """Indices (into the spans given) of those that overlap ``vis``."""
        lo = bisect_right(self._ends, vis.start)  # every span before it ends at or before vis.start
        hi = bisect_left(self._starts, vis.end)  # every span from here starts at or after vis.end
        spans, order = self._spans, self._order
        return {order[k] for k in range(lo, hi) if spans[k].overlaps(vis)}


class ConnectorIndex(NamedTuple):
    """Both sides of a list of connectors, indexed."""

    left: SpanIndex
    right: SpanIndex

    @classmethod
    def of(cls, connectors: Sequence[Connector]) -> ConnectorIndex:
        return cls(SpanIndex([c.left for c in connectors]), SpanIndex([c.right for c in connectors]))


class Gutter(QWidget):
    """Paints a band from each visible matched passage on the left to its counterpart.

    Clicking a band selects both passages (``clicked``).
    """

    clicked = Signal(object)  # Connector
    linkClicked = Signal(object)  # UserLink

    def __init__(self, left_view, right_view, style: Style, parent: QWidget | None = None):
        super().__init__(parent)
        self.left_view, self.right_view = left_view, right_view
        self.style_ = style
        self.layers: Layers | None = None
        self._connector_index: ConnectorIndex | None = None
        self._link_index: ConnectorIndex | None = None
        self.enabled: set[str] | None = None
        self.current: int = -1  # match index to emphasise (the clicked passage)
        self.user_links: list[UserLink] = []
        self._picture: QPixmap | None = None  # what was drawn last, and what it showed
        self._picture_key: tuple | None = None
        self.setMouseTracking(True)
        self.setMinimumWidth(48)
        self.setMaximumWidth(120)
        self.setToolTip(self.tr("Connectors: each band joins a passage on the left to its match on the right "
                                "(green: verbatim, blue: paraphrase); thin lines join linked framing markers "
                                "(e.g. Kiev ↔ Kyiv) and conflicting facts."))
        for view in (left_view, right_view):
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.updateRequest.connect(lambda _rect, dy: dy and self.update())

    def set_layers(self, layers: Layers | None) -> None:
        self.layers = layers
        self._connector_index = None if layers is None else ConnectorIndex.of(layers.connectors)
        self._link_index = None if layers is None else ConnectorIndex.of(layers.links)
        self.current = -1
        self.update()

    def set_style(self, style: Style) -> None:
        self.style_ = style
        self._picture = None  # the same Style object may come back with other colours
        self.update()

    def set_user_links(self, links: list[UserLink]) -> None:
        links = list(links)
        if links != self.user_links:  # a tag keystroke changes no link: no repaint
            self.user_links = links
            self.update()

    def visible_user_links(self, spans: tuple[Span, Span] | None = None) -> list[UserLink]:
        """The analyst's links with at least one end in view (``spans``: the two panes'
        visible spans, when the caller has them)."""
        if not self.user_links:
            return []
        lv, rv = spans or (self.left_view.visible_span(), self.right_view.visible_span())
        return [ln for ln in self.user_links if ln.left.overlaps(lv) or ln.right.overlaps(rv)
                or (ln.left.length == 0 and lv.start <= ln.left.start <= lv.end)]

    def _link_path(self, link: UserLink, lv, rv) -> QPainterPath:
        lt, lb = self._ends(self.left_view, link.left, lv)
        rt, rb = self._ends(self.right_view, link.right, rv)
        ly, ry = (lt + lb) / 2, (rt + rb) / 2
        w = self.width()
        path = QPainterPath(QPointF(0, ly))
        path.cubicTo(QPointF(w * 0.5, ly), QPointF(w * 0.5, ry), QPointF(w, ry))
        return path

    def user_link_at(self, point: QPointF) -> UserLink | None:
        lv, rv = self.left_view.visible_span(), self.right_view.visible_span()
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        for link in self.visible_user_links():
            if stroker.createStroke(self._link_path(link, lv, rv)).contains(point):
                return link
        return None

    def visible_connectors(self, *, links: bool = False, spans: tuple[Span, Span] | None = None) -> list[Connector]:
        """Connectors with at least one end in view (with ``links``: thin links with both),
        in their order; ``spans``: the two panes' visible spans, when the caller has them."""
        layers = self.layers
        if layers is None:
            return []
        lv, rv = spans or (self.left_view.visible_span(), self.right_view.visible_span())
        enabled = self.enabled
        if links:  # thin links only when both ends are in view: long ones would be clutter
            index, pool = self._link_index, layers.links
            assert index is not None
            hits = index.left.overlapping(lv) & index.right.overlapping(rv)
        else:
            index, pool = self._connector_index, layers.connectors
            assert index is not None
            hits = index.left.overlapping(lv) | index.right.overlapping(rv)
        return [c for c in (pool[i] for i in sorted(hits)) if enabled is None or c.kind in enabled]

    def _frame(self, view) -> tuple[int, int]:
        """Where ``view``'s viewport starts in gutter coordinates, and its height."""
        vp = view.viewport()
        off = vp.mapTo(self.window(), QPoint(0, 0)).y() - self.mapTo(self.window(), QPoint(0, 0)).y()
        return off, vp.height()

    def _ends(self, view, span, vis, frame: tuple[int, int] | None = None) -> tuple[float, float]:
        """Top and bottom of ``span`` in gutter coordinates, clamped just outside when off screen
        (``frame``: the view's :meth:`_frame`, when the caller has it)."""
        off, h = frame or self._frame(view)
        if span.end <= vis.start:
            return off - 6, off - 4
        if span.start > vis.end:
            return off + h + 4, off + h + 6
        top = view.y_of(span.start) if span.start >= vis.start else -4
        bottom = view.y_bottom_of(max(span.start, span.end - 1)) if span.end <= vis.end else h + 4
        return off + top, off + bottom

    def _band(self, c: Connector, lv, rv) -> QPainterPath:
        w = self.width()
        cx = w * 0.5
        lt, lb = self._ends(self.left_view, c.left, lv)
        rt, rb = self._ends(self.right_view, c.right, rv)
        path = QPainterPath(QPointF(0, lt))
        path.cubicTo(QPointF(cx, lt), QPointF(cx, rt), QPointF(w, rt))
        path.lineTo(QPointF(w, rb))
        path.cubicTo(QPointF(cx, rb), QPointF(cx, lb), QPointF(0, lb))
        path.closeSubpath()
        return path

    def connector_at(self, point: QPointF) -> Connector | None:
        """The visible connector under a point (the narrowest band when they overlap)."""
        lv, rv = self.left_view.visible_span(), self.right_view.visible_span()
        hits = [c for c in self.visible_connectors(spans=(lv, rv)) if self._band(c, lv, rv).contains(point)]
        return min(hits, key=lambda c: c.left.length + c.right.length, default=None)

    def mouseMoveEvent(self, event):
        link = self.user_link_at(event.position())
        if link is not None:
            QToolTip.showText(event.globalPosition().toPoint(), link.tip, self)
        else:
            QToolTip.hideText()

    def event(self, event):
        if event.type() == event.Type.ToolTip and self.user_link_at(QPointF(event.pos())) is not None:
            return True  # the link's own tooltip (mouseMoveEvent) stays
        return super().event(event)

    def mousePressEvent(self, event):
        link = self.user_link_at(event.position())
        if link is not None and event.button() == Qt.MouseButton.LeftButton:
            self.linkClicked.emit(link)
            return
        c = self.connector_at(event.position())
        if c is not None and event.button() == Qt.MouseButton.LeftButton:
            self.current = c.match
            self.update()
            self.clicked.emit(c)

    def scene(self, lv: Span, rv: Span) -> tuple:
        """What the gutter shows for the panes' visible spans ``lv`` and ``rv``: each shape
        to draw with its kind and its ends' heights, in drawing order.  The picture is a
        function of this, the gutter's size and the style: :meth:`paintEvent` draws it anew
        only when one of them changed, and otherwise puts back the picture it drew last."""
        shapes: list[tuple] = []
        lview, rview = self.left_view, self.right_view
        lframe, rframe = self._frame(lview), self._frame(rview)
        if self.layers is not None:  # not compared (yet, or it failed): the analyst's links still show
            for c in self.visible_connectors(spans=(lv, rv)):
                emphasis = c.match == self.current
                lt, lb = self._ends(lview, c.left, lv, lframe)
                rt, rb = self._ends(rview, c.right, rv, rframe)
                if not (c.left.overlaps(lv) and c.right.overlaps(rv)) and not emphasis:
                    # the other end is off screen (a moved passage): a thin line points to it
                    shapes.append(("line", c.kind, (lt + lb) / 2, (rt + rb) / 2))
                else:
                    shapes.append(("band", c.kind, emphasis, lt, lb, rt, rb))
            for c in self.visible_connectors(links=True, spans=(lv, rv)):
                lt, lb = self._ends(lview, c.left, lv, lframe)
                rt, rb = self._ends(rview, c.right, rv, rframe)
                shapes.append(("link", c.kind, (lt + lb) / 2, (rt + rb) / 2))
        for link in self.visible_user_links(spans=(lv, rv)):
            lt, lb = self._ends(lview, link.left, lv, lframe)
            rt, rb = self._ends(rview, link.right, rv, rframe)
            shapes.append(("user", (lt + lb) / 2, (rt + rb) / 2))
        return tuple(shapes)

    def paintEvent(self, event):
        lv, rv = self.left_view.visible_span(), self.right_view.visible_span()
        ratio = self.devicePixelRatioF()
        key = (self.size(), ratio, self.style_, self.scene(lv, rv))
        if self._picture is None or key != self._picture_key:
            pix = QPixmap(self.size() * ratio)
            pix.setDevicePixelRatio(ratio)
            painter = QPainter(pix)
            self._draw(painter, key[3])
            painter.end()
            self._picture, self._picture_key = pix, key
        p = QPainter(self)
        p.drawPixmap(0, 0, self._picture)
        p.end()

    def _draw(self, p: QPainter, shapes: tuple) -> None:
        style = self.style_
        p.fillRect(QRectF(0, 0, self.width(), self.height()), style.colour("gutter"))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w = self.width()
        cx = w * 0.5
        for shape in shapes:
            if shape[0] == "user":
                self._draw_user_link(p, shape[1], shape[2])
                continue
            colour = QColor(style.swatch.get(shape[1], QColor("#888")))
            if shape[0] == "line":
                ly, ry = shape[2], shape[3]
                colour.setAlpha(170)
                p.setPen(QPen(colour, 1.0))
                path = QPainterPath(QPointF(0, ly))
                path.cubicTo(QPointF(cx, ly), QPointF(cx, ry), QPointF(w, ry))
                p.drawPath(path)
            elif shape[0] == "band":
                _band, _kind, emphasis, lt, lb, rt, rb = shape
                path = QPainterPath(QPointF(0, lt))
                path.cubicTo(QPointF(cx, lt), QPointF(cx, rt), QPointF(w, rt))
                path.lineTo(QPointF(w, rb))
                path.cubicTo(QPointF(cx, rb), QPointF(cx, lb), QPointF(0, lb))
                path.closeSubpath()
                colour.setAlpha(150 if emphasis else 70)
                p.fillPath(path, colour)
                colour.setAlpha(255 if emphasis else 170)
                p.setPen(QPen(colour, 2.0 if emphasis else 1.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
            else:  # a thin link between framing markers or conflicting facts, both ends in view
                ly, ry = shape[2], shape[3]
                p.setPen(QPen(colour, 2.0 if shape[1] == "fact-conflict" else 1.5))
                path = QPainterPath(QPointF(0, ly))
                path.cubicTo(QPointF(cx, ly), QPointF(cx, ry), QPointF(w, ry))
                p.drawPath(path)
                p.setBrush(colour)
                p.drawEllipse(QPointF(2, ly), 2.5, 2.5)
                p.drawEllipse(QPointF(w - 2, ry), 2.5, 2.5)
                p.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_user_link(self, p: QPainter, ly: float, ry: float) -> None:
        """One of the analyst's links: dashed, in the theme's link colour, with square ends."""
        colour = self.style_.colour("user_link")
        w = self.width()
        path = QPainterPath(QPointF(0, ly))
        path.cubicTo(QPointF(w * 0.5, ly), QPointF(w * 0.5, ry), QPointF(w, ry))
        pen = QPen(colour, 2.5, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRect(QRectF(0, ly - 3.5, 7, 7))
        p.drawRect(QRectF(w - 7, ry - 3.5, 7, 7))
        p.setBrush(Qt.BrushStyle.NoBrush)
