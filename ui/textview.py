"""The article text widget: a read-only text view that speaks in code-point spans.

Qt counts UTF-16 units, the core counts code points.  :class:`TextView` is the
one widget that holds a :class:`parallax.ui.textpos.Utf16Map`; every other
module asks it in spans and offsets (``select_span``, ``selection``,
``offset_at``, ``visible_span``, ``cursor_for``...) and never sees a Qt position.
``tests/test_ui_textpos_boundary.py`` keeps it that way.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from parallax.reader.comparison.layers import Item, Layers
from parallax.reader.model import Side, Span
from parallax.reader.text.keys import fold, tokens
from parallax.ui.highlight import LayerHighlighter, visible_block_range
from parallax.ui.style import Style
from parallax.ui.textpos import Utf16Map

LONG_BLOCK = 4000  # characters; longer paragraphs are shown wrapped into several blocks
WORD_REACH = 64  # how far a drag selection's end may move to reach a word boundary
DRAG_DISTANCE = 4  # pixels: less is a click, more is a drag


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


def word_span(text: str, span: Span) -> Span:
    """``span`` widened to whole words at both ends (words as the core tokenizes them).

    An end inside a word moves to the word's edge; an end in white space or
    punctuation stays.  In scripts written without spaces every character is a
    word, so nothing moves there.
    """
    start, end = span
    lo = max(0, start - WORD_REACH)
    for t in tokens(text[lo:start + WORD_REACH]):
        if lo + t.start < start < lo + t.end:
            start = lo + t.start
            break
    lo = max(0, end - WORD_REACH)
    for t in tokens(text[lo:end + WORD_REACH]):
        if lo + t.start < end < lo + t.end:
            end = lo + t.end
            break
    return Span(start, max(start, end))


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


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute


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
        first, last = visible_block_range(self)  # lays the blocks it passes out
        block = self.document().findBlockByNumber(first)
        while block.isValid() and block.blockNumber() <= last:
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
        self._u16 = Utf16Map("")
        self.text = ""
        self._folded: str | None = None
        self.layers: Layers | None = None
        self.enabled_layers: set[str] | None = None
        self.highlighter = LayerHighlighter(self.document(), style)
        self._press: QPoint | None = None
        self.drop_target = False  # a file or text is being dragged over the pane
        self.resizing = False  # True while a resize rewraps the text (the reader did not scroll)
        self.setMouseTracking(True)
        # highlights are drawn on demand: the blocks a scroll brings into view get theirs at once
        self.verticalScrollBar().valueChanged.connect(self.highlight_visible)

    READABLE_COLUMNS = 18  # the narrowest text column, in average characters

    def minimumSizeHint(self) -> QSize:
        """No narrower than a column of READABLE_COLUMNS average characters, with the
        margins and the scroll bar: words wrap whole, never mid-word, unless one word
        alone is wider than that.  It follows the font (zoom)."""
        hint = super().minimumSizeHint()
        width = (self.READABLE_COLUMNS * self.fontMetrics().averageCharWidth()
                 + 2 * round(self.document().documentMargin()) + 2 * self.frameWidth()
                 + self.verticalScrollBar().sizeHint().width())
        return QSize(max(hint.width(), width), hint.height())

    # -- text and positions

    def set_text(self, text: str) -> None:
        self.highlighter.clear()
        self.layers = None
        self.text = text
        self._folded = None
        self._u16 = Utf16Map(text)
        self.setPlainText(display_text(text))

    def folded_text(self) -> str:
        """The text with quotes, dashes and spaces folded as for matching (same offsets)."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def offset_at(self, point: QPoint) -> int:
        """The code-point offset under a viewport point."""
        return self._u16.from_qt(self.cursorForPosition(point).position())

    def top_offset(self) -> int:
        """The code-point offset where the first line shown starts (where reading resumes):
        the line the vertical scroll bar stands on, so :meth:`scroll_to` returns to it exactly."""
        line = self.verticalScrollBar().value()
        block = self.document().findBlockByLineNumber(line)
        if not block.isValid():
            return self.offset_at(self.viewport().rect().topLeft())
        pos = block.position()
        layout = block.layout()
        within = line - block.firstLineNumber()
        if layout is not None and 0 < within < layout.lineCount():
            pos += layout.lineAt(within).textStart()
        return self._u16.from_qt(pos)

    def visible_span(self) -> Span:
        """Code points from the first to the last visible character."""
        top = self._u16.from_qt(self.firstVisibleBlock().position())
        vp = self.viewport()
        y = vp.height() - 1
        # the last visible line ends at its right in left-to-right text, at its left in right-to-left text
        bottom = max(self.cursorForPosition(QPoint(x, y)).position() for x in (0, vp.width() - 1))
        return Span(top, max(top, self._u16.from_qt(bottom)))

    def visible_blocks(self) -> tuple[int, int]:
        return visible_block_range(self)

    def highlight_visible(self, *_args) -> None:
        """Highlight the visible blocks the highlighter has not drawn yet.

        Bold runs may rewrap a block as it is formatted; Qt keeps the first visible
        block where it is, so the reader's place stays, but the blocks below move
        and others may come into view: those are drawn too."""
        highlighter = self.highlighter
        if highlighter.relayouting:  # called back from the highlighter's own relayout
            return
        for _ in range(4):
            if not highlighter.ensure(self.visible_blocks()):
                break

    def cursor_for(self, span: Span) -> QTextCursor:
        """A cursor selecting ``span`` (for extra selections and formats)."""
        start, length = self._u16.span_to_qt(span)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def span_of(self, cursor: QTextCursor) -> Span:
        """The code-point span a cursor selects (empty at its position when it selects nothing)."""
        return self._u16.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def selection(self) -> Span | None:
        """The selected span, or None when nothing is selected."""
        cursor = self.textCursor()
        return self.span_of(cursor) if cursor.hasSelection() else None

    def select_span(self, span: Span, *, centre: bool = True) -> None:
        """Select a code-point span and scroll it into view."""
        self.setTextCursor(self.cursor_for(span))
        if centre:
            self.centre_on(span.start)

    def set_caret(self, offset: int, *, centre: bool = False) -> None:
        """Put the caret at a code-point offset, selecting nothing."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._u16.to_qt(offset))
        self.setTextCursor(cursor)
        if centre:
            self.centre_on(offset)

    def cursor_offset(self) -> int:
        return self._u16.from_qt(self.textCursor().selectionStart())

    def centre_on(self, offset: int) -> None:
        """Scroll so that the line holding ``offset`` sits a third of the way down."""
        line = self.line_of(offset)
        lines_visible = max(1, self.viewport().height() // max(1, self.fontMetrics().lineSpacing()))
        self.verticalScrollBar().setValue(max(0, line - lines_visible // 3))

    def scroll_to(self, offset: int) -> None:
        """Scroll so that the line holding ``offset`` is the first one shown."""
        self.verticalScrollBar().setValue(self.line_of(offset))

    def line_of(self, offset: int) -> int:
        """The visual line (the vertical scroll bar's unit) holding a code-point offset.

        The block is highlighted and laid out first if it was not yet (Qt lays blocks out
        lazily, counting one line for a block not laid out, and a bold run may rewrap it):
        a jump there lands on the line the offset is on once it is shown."""
        pos = self._u16.to_qt(offset)
        self.highlighter.ensure_position(pos)
        block = self.document().findBlock(pos)
        if not block.isValid():
            return 0
        self.document().documentLayout().blockBoundingRect(block)  # lays it out
        line = block.firstLineNumber()
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            tl = layout.lineForTextPosition(pos - block.position())
            if tl.isValid():
                line += tl.lineNumber()
        return line

    def rect_of(self, offset: int) -> QRect:
        """The viewport rectangle of the caret before ``offset`` (may be off screen)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._u16.to_qt(offset))
        return self.cursorRect(cursor)

    def point_of(self, offset: int) -> QPoint:
        """A viewport point on the character at ``offset`` (for hovering and clicking)."""
        rect = self.rect_of(offset)
        return QPoint(rect.x() + 3, rect.center().y())

    def y_of(self, offset: int) -> int:
        """Viewport y of the top of the line holding ``offset`` (may be off screen)."""
        return self.rect_of(offset).top()

    def y_bottom_of(self, offset: int) -> int:
        return self.rect_of(offset).bottom()

    def extra_formats_at(self, offset: int) -> list:
        """The formats of the extra selections (tag tints) covering ``offset``."""
        pos = self._u16.to_qt(offset)
        selections = self.extraSelections()  # held: the formats belong to these
        return [QTextCharFormat(sel.format) for sel in selections
                if sel.cursor.selectionStart() <= pos < sel.cursor.selectionEnd()]

    def on_character(self, point: QPoint) -> bool:
        """Whether ``point`` is on (or right beside) a character rather than empty margin."""
        cursor = self.cursorForPosition(point)
        # cursorForPosition snaps to the nearest gap; only the character under the pointer counts
        return self.cursorRect(cursor).adjusted(-40, -2, 40, 2).contains(point)

    # -- events

    def resizeEvent(self, event):
        self.resizing = True
        try:
            super().resizeEvent(event)
        finally:
            self.resizing = False
        self.highlight_visible()  # a taller or narrower pane shows blocks not drawn yet

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a smaller font shows blocks not drawn yet
            self.highlight_visible()

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
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        dragged = (event.position().toPoint() - press).manhattanLength() >= DRAG_DISTANCE
        if dragged and self.textCursor().hasSelection():
            self.snap_selection_to_words()
        elif not dragged and not self.textCursor().hasSelection():
            self.clicked.emit(self.offset_at(event.position().toPoint()))

    def snap_selection_to_words(self) -> None:
        """Widen a dragged selection to whole words, keeping the end the mouse is at."""
        cursor = self.textCursor()
        span = self.span_of(cursor)
        snapped = word_span(self.text, span)
        if snapped == span:
            return
        start, length = self._u16.span_to_qt(snapped)
        forward = cursor.position() >= cursor.anchor()
        anchor, position = (start, start + length) if forward else (start + length, start)
        new = QTextCursor(self.document())
        new.setPosition(anchor)
        new.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(new)

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
        if self.layers is None or not self.on_character(point):
            return ""
        offset = self.offset_at(point)
        return tooltip_text(self.layers.items_at(self.side, offset, enabled=self.enabled_layers))

    def _set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.viewport().update()

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()
            self._set_drop_target(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event):
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event):
        self._set_drop_target(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event):
        self._set_drop_target(False)
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.filesDropped.emit(paths)
        elif mime.hasText():
            self.textDropped.emit(mime.text())
        event.acceptProposedAction()

    def paintEvent(self, event):
        # whatever brought blocks into view without a scroll or resize (a relayout, say),
        # they are drawn highlighted; when all are already (nearly always), this costs a lookup
        self.highlight_visible()
        super().paintEvent(event)
        if self.drop_target:  # where the file will go: a frame and a word, over the text
            p = QPainter(self.viewport())
            colour = QColor(self.palette().highlight().color())
            p.setPen(QPen(colour, 3))
            p.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))
            colour.setAlpha(40)
            p.fillRect(self.viewport().rect(), colour)
            p.setPen(self.palette().text().color())
            p.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                       self.tr("Drop to open on the {side}").format(side=self.side))
            p.end()
