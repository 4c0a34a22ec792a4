"""One side of the comparison: header, text view and overview strip."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from parallax.reader.comparison.layers import (
    OVERVIEW_PRIORITY,
    OVERVIEW_TICKS,
    Item,
    Layers,
    Mark,
    overview,
)
from parallax.reader.model import Article, Side
from parallax.ui.style import Style
from parallax.ui.textpos import QtRuns
from parallax.ui.textview import TextView, is_right_to_left


class ElidedLabel(QLabel):
    """One line of plain text, elided at its end when narrower than the text; the whole
    text stays the label's text and its tooltip.  A right-to-left text hangs from the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def elided(self) -> str:
        """The text as drawn at the label's width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance(self.text()) + 4, fm.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(20, self.fontMetrics().height())

    def paintEvent(self, event):
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignVCenter | (
            Qt.AlignmentFlag.AlignRight if is_right_to_left(self.text()) else Qt.AlignmentFlag.AlignLeft)
        p.drawText(self.contentsRect(), int(align), self.elided())
        p.end()


class Header(QWidget):
    """Title, outlet, date, byline and credits, with a "wire copy" badge.

    Always two lines high, whatever the window's width: the title and the line
    below it are elided, with the whole of each as its tooltip, so both panes'
    texts start at the same height."""

    def __init__(self, side: Side, parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.title = ElidedLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(12)
        self.title.setFont(font)
        self.meta = ElidedLabel()
        self.badge = QLabel()
        self.badge.setTextFormat(Qt.TextFormat.PlainText)
        self.badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.badge.hide()
        self.side_label = QLabel(self.tr("LEFT") if side == "left" else self.tr("RIGHT"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)  # a right-to-left title ends at the badge
        top.addWidget(self.side_label)
        top.addWidget(self.title, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.meta)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def apply_style(self, style: Style) -> None:
        pal = self.palette()
        pal.setColor(self.backgroundRole(), style.colour("header_bg"))
        self.setPalette(pal)
        bg, fg = style.colour("badge_bg").name(), style.colour("badge_fg").name()
        self.badge.setStyleSheet(
            f"QLabel {{ background: {bg}; color: {fg}; border-radius: 3px; padding: 1px 6px;"
            " font-weight: bold; font-size: 8pt; }"
        )
        muted = style.colour("muted").name()
        self.side_label.setStyleSheet(f"QLabel {{ color: {muted}; font-size: 8pt; font-weight: bold; }}")
        pal = self.meta.palette()
        pal.setColor(self.meta.foregroundRole(), style.colour("muted"))
        self.meta.setPalette(pal)
        pal = self.title.palette()
        pal.setColor(self.title.foregroundRole(), style.colour("text"))
        self.title.setPalette(pal)

    def set_article(self, article: Article, badge: str | None) -> None:
        self.title.setText(article.display_name)
        parts = []
        if article.outlet:
            parts.append(article.outlet)
        if article.published:
            parts.append(_nice_date(article.published))
        if article.byline:
            parts.append(self.tr("by {byline}").format(byline=article.byline))
        if article.credits:
            parts.append(self.tr("credits: {names}").format(names=", ".join(article.credits)))
        if not parts and article.path:
            parts.append(Path(article.path).name)
        parts.append(length_label(article.text))
        self.meta.setText(" · ".join(parts))
        if badge:
            self.badge.setText(self.tr("WIRE COPY"))
            self.badge.setToolTip(self.tr("Wire copy: {source}").format(source=badge))
            self.badge.show()
        else:
            self.badge.setToolTip("")
            self.badge.hide()


# Scripts written without spaces between words: Han, kana, Hangul syllables, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")


def length_label(text: str) -> str:
    """"1,234 words"; for text mostly in a script written without spaces (Chinese,
    Japanese, Thai...) a count of spaces would be meaningless, so characters are counted."""
    chars, count = _length(text)
    if chars:
        return QCoreApplication.translate("Header", "{count:,} characters").format(count=count)
    return QCoreApplication.translate("Header", "{count:,} words").format(count=count)


@lru_cache(maxsize=4)  # a header shows one text again and again (its highlights drawn, early then final)
def _length(text: str) -> tuple[bool, int]:
    """(counted in characters, the count) of :func:`length_label`."""
    words = len(text.split())
    unspaced = len(_UNSPACED.findall(text))
    if unspaced > words:
        return True, len(text) - sum(1 for ch in text if ch.isspace())
    return False, words


def _nice_date(iso: str) -> str:
    """ISO 8601 as it was given, with the T made readable."""
    return iso.replace("T", " ")[:16] if len(iso) > 10 else iso


class OverviewMarks:
    """The overview strip's marks of one side for any set of enabled layers, a toggle
    costing a pass over the strip's rows rather than over every highlight.

    The bands of a set of layers are, row by row, its strongest layer there (what
    :func:`overview` computes), so each alignment layer's own rows are found once per
    strip height (:func:`overview` of its items alone) and combined per set.  The
    framing ticks depend on the markers' order, so they come from :func:`overview`
    of the enabled framing markers alone (a few, beside every highlight), kept per set."""

    def __init__(self, items: tuple[Item, ...], length: int):
        self.length = length
        self._by_layer: dict[str, list[Item]] = {}
        for it in items:
            self._by_layer.setdefault(it.layer, []).append(it)
        self._ticked = [it for it in items if it.layer in OVERVIEW_TICKS]
        self._rows = -1
        self._covered: dict[str, bytes] = {}
        self._ticks: dict[frozenset[str] | None, list[Mark]] = {}

    def marks(self, rows: int, enabled: set[str] | None) -> tuple[list[Mark], list[Mark]]:
        """``(bands, ticks)`` as ``overview(items, length, rows, enabled=enabled)`` gives them."""
        rows = max(1, rows)
        if rows != self._rows:
            self._rows, self._covered, self._ticks = rows, {}, {}
        row_of: list[str | None] = [None] * rows
        for layer in reversed(OVERVIEW_PRIORITY):  # the strongest last: it wins its rows
            if enabled is not None and layer not in enabled:
                continue
            covered = self._coverage(layer, rows)
            for r in range(rows):
                if covered[r]:
                    row_of[r] = layer
        key = None if enabled is None else frozenset(enabled) & frozenset(OVERVIEW_TICKS)
        ticks = self._ticks.get(key)
        if ticks is None:
            ticked = self._ticked if key is None else [it for it in self._ticked if it.layer in key]
            ticks = self._ticks[key] = overview(ticked, self.length, rows)[1]
        return merged_rows(row_of), ticks

    def _coverage(self, layer: str, rows: int) -> bytes:
        covered = self._covered.get(layer)
        if covered is None:
            # the rows any of the layer's items spans (as overview() places an item), marked by
            # where each starts and ends and summed in one pass: not a loop over each item's
            # rows (some 34,000 highlights a side on a long text: the first paint's largest part)
            length, top = max(1, self.length), rows - 1
            edges = [0] * (rows + 1)
            for it in self._by_layer.get(layer, ()):
                start, end = it.span
                first = min(top, start * rows // length)
                edges[first] += 1
                edges[min(top, max(first, (end - 1) * rows // length)) + 1] -= 1
            covered = self._covered[layer] = bytes(map(bool, accumulate(edges[:rows])))
        return covered


def merged_rows(row_of: list[str | None]) -> list[Mark]:
    """Consecutive rows of the same layer as one mark each (rows of none left out)."""
    out: list[Mark] = []
    first = 0
    for r in range(1, len(row_of) + 1):
        if r == len(row_of) or row_of[r] != row_of[first]:
            layer = row_of[first]
            if layer is not None:
                out.append(Mark(first, r - 1, layer))
            first = r
    return out


class OverviewStrip(QWidget):
    """Where the matches and markers are along a whole side; click to go there."""

    jump = Signal(int)  # code-point offset

    def __init__(self, view: TextView, style: Style, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.style_ = style
        self.setFixedWidth(16)
        self.items: tuple[Item, ...] = ()
        self.length = 0
        self.enabled: set[str] | None = None
        self._pixmap: QPixmap | None = None
        self._marks = OverviewMarks((), 0)
        self.setToolTip(self.tr("Overview: where this side's shared (green/blue), changed (orange) and "
                                "unique (grey) passages and framing markers (ticks; faint: unsure) are. "
                                "Click to go there."))
        view.verticalScrollBar().valueChanged.connect(self.update)

    def set_items(self, items: tuple[Item, ...], length: int) -> None:
        self.items, self.length = items, length
        self._marks = OverviewMarks(items, length)
        self._pixmap = None
        self.update()

    def set_enabled(self, enabled: set[str]) -> None:
        self.enabled = enabled
        self._pixmap = None
        self.update()

    def set_style(self, style: Style) -> None:
        self.style_ = style
        self._pixmap = None
        self.update()

    def _render(self) -> QPixmap:
        """The marks, drawn once per size/layers/style change (scrolling only moves the box)."""
        style = self.style_
        pix = QPixmap(self.size())
        pix.fill(style.colour("overview"))
        rows = max(1, self.height())
        if self.length:
            bands, ticks = self._marks.marks(rows, self.enabled)
            p = QPainter(pix)
            w = self.width()
            for m in bands:
                p.fillRect(QRect(1, m.first, w - 6, m.last - m.first + 1), style.swatch[m.layer])
            for m in ticks:
                p.fillRect(QRect(w - 5, m.first, 4, max(2, m.last - m.first + 1)), style.swatch[m.layer])
            p.end()
        return pix

    def paintEvent(self, event):
        if self._pixmap is None or self._pixmap.size() != self.size():
            self._pixmap = self._render()
        p = QPainter(self)
        p.drawPixmap(0, 0, self._pixmap)
        if self.length:
            rows = max(1, self.height())
            vis = self.view.visible_span()
            y0 = vis.start * rows // self.length
            y1 = max(y0 + 4, vis.end * rows // self.length)
            col = QColor(self.style_.colour("viewport"))
            col.setAlpha(40)
            p.fillRect(QRect(0, y0, self.width(), y1 - y0), col)
            col.setAlpha(160)
            p.setPen(col)
            p.drawRect(QRect(0, y0, self.width() - 1, y1 - y0))
        p.end()

    def mousePressEvent(self, event):
        if self.length:
            y = min(max(0, event.position().y()), self.height())
            self.jump.emit(int(y * self.length / max(1, self.height())))

    mouseMoveEvent = mousePressEvent


class ArticlePane(QWidget):
    """Header over (text view | margin | overview strip); the left pane is mirrored.

    The margin beside the text is empty until a tool puts something there
    (:meth:`add_margin`: the coding stripes and note marks of the workflow).
    """

    def __init__(self, side: Side, style: Style, parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.header = Header(side)
        self.view = TextView(side, style)
        self.strip = OverviewStrip(self.view, style)
        self.strip.jump.connect(self.view.centre_on)
        self.margin = QHBoxLayout()
        self.margin.setContentsMargins(0, 0, 0, 0)
        self.margin.setSpacing(0)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        if side == "left":
            body.addWidget(self.strip)
            body.addWidget(self.view, 1)
            body.addLayout(self.margin)
        else:
            body.addWidget(self.view, 1)
            body.addLayout(self.margin)
            body.addWidget(self.strip)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addLayout(body, 1)
        self.article: Article | None = None
        self.header.apply_style(style)

    def add_margin(self, widget: QWidget) -> None:
        """Put a widget in the margin beside the text (drawn level with the text's lines)."""
        self.margin.addWidget(widget)

    def set_article(self, article: Article, badge: str | None = None) -> None:
        self.article = article
        self.header.set_article(article, badge)
        self.view.set_text(article.text)
        self.strip.set_items((), len(article.text))

    def set_layers(self, layers: Layers, runs: QtRuns, enabled: set[str]) -> None:
        self.view.layers = layers
        self.view.enabled_layers = enabled
        self.strip.set_items(layers.items(self.side), len(layers.text(self.side)))
        self.strip.set_enabled(enabled)
        self.view.highlighter.set_enabled(enabled, None)
        # drawn where the reader looks; every other block as it is shown (ui/highlight.py)
        self.view.highlighter.set_runs(runs, self.view.visible_blocks())

    def set_enabled(self, enabled: set[str]) -> None:
        self.view.enabled_layers = enabled
        self.strip.set_enabled(enabled)
        self.view.highlighter.set_enabled(enabled, self.view.visible_blocks())

    def set_style(self, style: Style) -> None:
        self.header.apply_style(style)
        self.strip.set_style(style)
        if self.article is not None:
            self.header.set_article(self.article, self.header.badge.toolTip()[len("Wire copy: "):] or None)
        self.view.highlighter.set_style(style, self.view.visible_blocks())
