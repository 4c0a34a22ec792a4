"""One side of the comparison: header, text view and overview strip."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap, QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.text.keys import fold
from parallax.reader.comparison.layers import Item, Layers, overview
from parallax.reader.model import Article, Side, Span
from parallax.ui.highlight import LayerHighlighter, QtRuns, visible_block_range
from parallax.ui.style import Style
from parallax.ui.textpos import Utf16Map

LONG_BLOCK = 4000  # characters; longer paragraphs are shown wrapped into several blocks


def display_text(text: str, limit: int = LONG_BLOCK) -> str:
    """The text as shown: identical, except that paragraphs longer than ``limit``
    get a line break in place of one of their spaces every ``limit`` characters or so.

    Qt lays out and paints a paragraph as one unit, so a 100,000-word text
    with no line breaks (a PDF text layer, say) would scroll at a few frames a
    second.  Replacing a space by a newline keeps every offset (both are one
    BMP character), so spans and highlights still land where the core says.
    Likewise a CR LF pair, which Qt would fold into one paragraph break, is
    shown as a space and a line break.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", " \n")
    if len(text) <= limit:
        return text
    chars = None
    start = 0  # start of the current block
    n = len(text)
    while start + limit < n:
        nl = text.find("\n", start, start + limit)
        if nl != -1:
            start = nl + 1
            continue
        window_lo = start + limit // 2
        cut = -1
        for sep in (". ", "? ", "! ", "; ", ", ", " "):
            i = text.rfind(sep, window_lo, start + limit)
            if i != -1:
                cut = i + len(sep) - 1  # the space
                break
        if cut == -1:  # no space to replace (e.g. CJK): leave the text alone up to the next one
            nxt = text.find(" ", start + limit)
            nl = text.find("\n", start + limit)
            if nxt == -1 and nl == -1:
                break
            if nl != -1 and (nxt == -1 or nl <= nxt + 1):  # a line break comes first (or right after)
                start = nl + 1
                continue
            cut = nxt
        if text.startswith("\n", cut + 1):  # the block ends right there anyway (a CR LF's space)
            start = cut + 2
            continue
        if chars is None:
            chars = list(text)
        chars[cut] = "\n"
        start = cut + 1
    return text if chars is None else "".join(chars)


class BidiPlainTextEdit(QPlainTextEdit):
    """A QPlainTextEdit whose right-to-left paragraphs hang from the right edge.

    Qt detects each paragraph's direction from its first strong character
    (so Arabic, Hebrew or Urdu read right to left), but QPlainTextEdit gives
    every paragraph the document's one alignment: left.  QTextLayout applies
    its alignment when lines are drawn or measured, so setting it on the laid
    out visible blocks before painting is enough; a relayout resets it, and
    the repaint that follows sets it again.
    """

    def align_visible_blocks(self) -> None:
        """Lay out the visible paragraphs and align each to its own reading direction."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()  # lays the block out
            if top > height:
                break
            align_block(block)
            block = block.next()

    def paintEvent(self, event):
        self.align_visible_blocks()
        super().paintEvent(event)


class TextView(BidiPlainTextEdit):
    """A read-only article text that reports clicks, hovers and drops in code points."""

    clicked = Signal(int)  # code-point offset
    filesDropped = Signal(list)  # [path, ...]
    textDropped = Signal(str)
    focused = Signal()

    def __init__(self, side: Side, style: Style, parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.document().setDocumentMargin(10)
        self.u16 = Utf16Map("")
        self.text = ""
        self._folded: str | None = None
        self.layers: Layers | None = None
        self.enabled_layers: set[str] | None = None
        self.highlighter = LayerHighlighter(self.document(), style)
        self._press: QPoint | None = None
        self.setMouseTracking(True)

    # -- text and positions

    def set_text(self, text: str) -> None:
        self.highlighter.clear()
        self.layers = None
        self.text = text
        self._folded: str | None = None
        self.u16 = Utf16Map(text)
        self.setPlainText(display_text(text))

    def folded_text(self) -> str:
        """The text with quotes, dashes and spaces folded as for matching (same offsets)."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def offset_at(self, point: QPoint) -> int:
        """The code-point offset under a viewport point."""
        return self.u16.from_qt(self.cursorForPosition(point).position())

    def visible_span(self) -> Span:
        """Code points from the first to the last visible character."""
        top = self.u16.from_qt(self.firstVisibleBlock().position())
        vp = self.viewport()
        y = vp.height() - 1
        # the last visible line ends at its right in left-to-right text, at its left in right-to-left text
        bottom = max(self.cursorForPosition(QPoint(x, y)).position() for x in (0, vp.width() - 1))
        return Span(top, max(top, self.u16.from_qt(bottom)))

    def visible_blocks(self) -> tuple[int, int]:
        return visible_block_range(self)

    def select_span(self, span: Span, *, centre: bool = True) -> None:
        """Select a code-point span and scroll it into view."""
        start, length = self.u16.span_to_qt(span)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if centre:
            self.centre_on(span.start)

    def centre_on(self, offset: int) -> None:
        """Scroll so that the line holding ``offset`` sits a third of the way down."""
        line = self.line_of(offset)
        lines_visible = max(1, self.viewport().height() // max(1, self.fontMetrics().lineSpacing()))
        self.verticalScrollBar().setValue(max(0, line - lines_visible // 3))

    def line_of(self, offset: int) -> int:
        """The visual line (the vertical scroll bar's unit) holding a code-point offset."""
        pos = self.u16.to_qt(offset)
        block = self.document().findBlock(pos)
        if not block.isValid():
            return 0
        line = block.firstLineNumber()
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            tl = layout.lineForTextPosition(pos - block.position())
            if tl.isValid():
                line += tl.lineNumber()
        return line

    def y_of(self, offset: int) -> int:
        """Viewport y of the top of the line holding ``offset`` (may be off screen)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.u16.to_qt(offset))
        return self.cursorRect(cursor).top()

    def y_bottom_of(self, offset: int) -> int:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.u16.to_qt(offset))
        return self.cursorRect(cursor).bottom()

    def cursor_offset(self) -> int:
        return self.u16.from_qt(self.textCursor().selectionStart())

    # -- events

    def focusInEvent(self, event):
        super().focusInEvent(event)
        self.focused.emit()

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and press is not None
            and (event.position().toPoint() - press).manhattanLength() < 4
            and not self.textCursor().hasSelection()
        ):
            self.clicked.emit(self.offset_at(event.position().toPoint()))

    def viewportEvent(self, event):
        if event.type() == QEvent.Type.ToolTip:
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        if self.layers is None:
            return ""
        cursor = self.cursorForPosition(point)
        # cursorForPosition snaps to the nearest gap; only the character under the pointer counts
        if not self.cursorRect(cursor).adjusted(-40, -2, 40, 2).contains(point):
            return ""
        offset = self.offset_at(point)
        return tooltip_text(self.layers.items_at(self.side, offset, enabled=self.enabled_layers))

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, event):
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.filesDropped.emit(paths)
        elif mime.hasText():
            self.textDropped.emit(mime.text())
        event.acceptProposedAction()


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute


def is_right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong character is Arabic,
    Hebrew, Syriac, Thaana... (the rule Qt applies to each block, and HTML's dir=auto)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def align_block(block) -> None:
    """Right-align a laid-out right-to-left paragraph, left-align any other."""
    layout = block.layout()
    if layout is None:
        return
    option = layout.textOption()
    want = _RIGHT if block.textDirection() == Qt.LayoutDirection.RightToLeft else _LEFT
    if option.alignment() != want:
        option.setAlignment(want)
        layout.setTextOption(option)


def tooltip_text(items: list[Item]) -> str:
    """What the hovered highlights are, innermost first, each naming its counterpart."""
    seen = []
    for it in items:
        if it.tip not in seen:
            seen.append(it.tip)
    return "\n\n".join(seen[:4])


class Header(QWidget):
    """Title, outlet, date, byline and credits, with a "wire copy" badge."""

    def __init__(self, side: Side, parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.badge = QLabel()
        self.badge.setTextFormat(Qt.TextFormat.PlainText)
        self.badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.badge.hide()
        self.side_label = QLabel("LEFT" if side == "left" else "RIGHT")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)  # a right-to-left title ends at the badge
        top.addWidget(self.side_label)
        top.addWidget(self.title, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.meta)
        self.setAutoFillBackground(True)

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
        self._muted = muted

    def set_article(self, article: Article, badge: str | None) -> None:
        self.title.setText(f"<b style='font-size:12pt'>{html.escape(article.display_name)}</b>")
        parts = []
        if article.outlet:
            parts.append(f"<b>{html.escape(article.outlet)}</b>")
        if article.published:
            parts.append(html.escape(_nice_date(article.published)))
        if article.byline:
            parts.append("by " + html.escape(article.byline))
        if article.credits:
            parts.append("credits: " + html.escape(", ".join(article.credits)))
        if not parts and article.path:
            parts.append(html.escape(Path(article.path).name))
        parts.append(length_label(article.text))
        muted = getattr(self, "_muted", "#777")
        self.meta.setText(f"<span style='color:{muted}'>" + " · ".join(parts) + "</span>")
        if badge:
            self.badge.setText("WIRE COPY")
            self.badge.setToolTip("Wire copy: " + badge)
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
    words = len(text.split())
    unspaced = len(_UNSPACED.findall(text))
    if unspaced > words:
        chars = len(text) - sum(1 for ch in text if ch.isspace())
        return f"{chars:,} characters"
    return f"{words:,} words"


def _nice_date(iso: str) -> str:
    """ISO 8601 as it was given, with the T made readable."""
    return iso.replace("T", " ")[:16] if len(iso) > 10 else iso


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
        self.setToolTip("Overview: where this side's shared (green/blue), changed (orange) and "
                        "unique (grey) passages and framing markers (ticks) are. Click to go there.")
        view.verticalScrollBar().valueChanged.connect(self.update)

    def set_items(self, items: tuple[Item, ...], length: int) -> None:
        self.items, self.length = items, length
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
            bands, ticks = overview(self.items, self.length, rows, enabled=self.enabled)
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
    """Header over (text view | overview strip)."""

    def __init__(self, side: Side, style: Style, parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.header = Header(side)
        self.view = TextView(side, style)
        self.strip = OverviewStrip(self.view, style)
        self.strip.jump.connect(self.view.centre_on)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        if side == "left":
            body.addWidget(self.strip)
            body.addWidget(self.view, 1)
        else:
            body.addWidget(self.view, 1)
            body.addWidget(self.strip)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addLayout(body, 1)
        self.article: Article | None = None
        self.header.apply_style(style)

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
