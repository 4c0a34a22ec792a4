"""Drawing the layers on a pane: a QSyntaxHighlighter fed with precomputed runs.

The runs (``parallax.reader.comparison.layers.segments``) are converted to UTF-16 positions once,
off the GUI thread (:func:`parallax.ui.textpos.qt_runs`).  The highlighter then only looks up the
runs of each block by bisection and applies one merged format per run.
Highlighting is progressive: the visible blocks first, then the rest in
small slices from the event loop, so a 100,000-word text stays responsive
and a layer toggle repaints what is on screen at once.  Blocks scrolled into
view before the slices reach them are highlighted as they come into view
(:meth:`LayerHighlighter.ensure`); the early highlights of a long pair, which
the final ones soon replace, are drawn only that way (``background=False``),
leaving the worker the processor.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QSyntaxHighlighter, QTextBlock, QTextDocument

from parallax.ui.style import Style
from parallax.ui.textpos import QtRuns


class LayerHighlighter(QSyntaxHighlighter):
    """Applies a pane's layer runs, honouring the enabled layers."""

    finished = Signal()

    SLICE = 400  # blocks per event-loop turn in the background pass

    def __init__(self, document: QTextDocument, style: Style):
        super().__init__(document)
        self._style = style
        self._runs = QtRuns([], [], [])
        self._enabled: frozenset[str] | None = None
        self._filtered: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._next_block: QTextBlock | None = None
        self._done = bytearray()  # 1 for each block highlighted with the current runs
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        # True while blocks are rehighlighted: a bold run may rewrap a line, and Qt then
        # moves the scroll bar to keep the same text in view; that is not the reader scrolling.
        self.relayouting = False

    # -- state

    @property
    def style(self) -> Style:
        return self._style

    def set_runs(self, runs: QtRuns, visible: tuple[int, int], *, background: bool = True) -> None:
        """Draw ``runs``: the ``visible`` blocks now, the others in the background, or
        (``background`` False) each as it is scrolled into view."""
        self._runs = runs
        self.refresh(visible, background=background)

    def set_style(self, style: Style, visible: tuple[int, int]) -> None:
        self._style = style
        self.refresh(visible)

    def set_enabled(self, enabled: Iterable[str], visible: tuple[int, int] | None) -> None:
        """Draw only these layers; rehighlight now unless ``visible`` is None."""
        self._enabled = frozenset(enabled)
        self._filtered.clear()
        if visible is not None:
            self.refresh(visible)

    def busy(self) -> bool:
        return self._timer.isActive()

    def clear(self) -> None:
        self._timer.stop()
        self._runs = QtRuns([], [], [])
        self._next_block = None
        self._done = bytearray()

    # -- progressive rehighlighting

    def refresh(self, visible: tuple[int, int], *, background: bool = True) -> None:
        """Rehighlight the blocks numbered ``visible`` [first, last] now, the rest soon
        (``background``) or as they come into view (:meth:`ensure`)."""
        doc = self.document()
        if doc is None:
            return
        self._done = bytearray(doc.blockCount())
        self.ensure(visible)
        if background:
            self._next_block = doc.firstBlock()
            self._timer.start()
        else:
            self._next_block = None
            self._timer.stop()

    def ensure(self, visible: tuple[int, int]) -> None:
        """Highlight the blocks numbered ``visible`` [first, last] not yet highlighted."""
        doc = self.document()
        done = self._done
        first, last = max(0, visible[0]), min(visible[1], len(done) - 1)
        if doc is None or first > last or all(done[first:last + 1]):
            return
        block = doc.findBlockByNumber(first)
        self.relayouting = True
        try:
            while block.isValid() and block.blockNumber() <= last:
                number = block.blockNumber()
                if not done[number]:
                    done[number] = 1
                    self.rehighlightBlock(block)
                block = block.next()
        finally:
            self.relayouting = False

    def _step(self) -> None:
        block = self._next_block
        done = self._done
        n = 0
        self.relayouting = True
        try:
            while block is not None and block.isValid() and n < self.SLICE:
                number = block.blockNumber()
                if number >= len(done) or done[number] or block.length() <= 1:
                    block = block.next()  # already done, or an empty line (nothing to format)
                    continue
                done[number] = 1
                self.rehighlightBlock(block)
                block = block.next()
                n += 1
        finally:
            self.relayouting = False
        if block is None or not block.isValid():
            self._next_block = None
            self._timer.stop()
            self.finished.emit()
        else:
            self._next_block = block

    # -- the per-block work

    def highlightBlock(self, text: str) -> None:
        runs = self._runs
        if not runs.starts:
            return
        block = self.currentBlock()
        pos = block.position()
        end = pos + block.length() - 1  # UTF-16 units; len(text) counts code points
        i = bisect_right(runs.ends, pos)
        starts, ends, layers = runs.starts, runs.ends, runs.layers
        n = len(starts)
        merged = self._style.merged
        while i < n and starts[i] < end:
            names = self._filter(layers[i])
            if names:
                s = max(starts[i], pos)
                e = min(ends[i], end)
                if e > s:
                    self.setFormat(s - pos, e - s, merged(names))
            i += 1

    def _filter(self, names: tuple[str, ...]) -> tuple[str, ...]:
        if self._enabled is None:
            return names
        out = self._filtered.get(names)
        if out is None:
            out = self._filtered[names] = tuple(n for n in names if n in self._enabled)
        return out


def visible_block_range(view) -> tuple[int, int]:
    """First and last block numbers visible in a QPlainTextEdit."""
    first = view.firstVisibleBlock()
    if not first.isValid():
        return (0, 0)
    height = view.viewport().height()
    block = first
    offset = view.contentOffset()
    last = first.blockNumber()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > height:
            break
        last = block.blockNumber()
        block = block.next()
    return first.blockNumber(), last


def layers_at(document: QTextDocument, position: int) -> Sequence[str]:
    """The layer names drawn at a UTF-16 ``position`` (for tests and tools)."""
    from parallax.ui.style import LAYERS_PROPERTY

    block = document.findBlock(position)
    if not block.isValid():
        return ()
    rel = position - block.position()
    for r in block.layout().formats():
        if r.start <= rel < r.start + r.length:
            value = r.format.property(LAYERS_PROPERTY)
            return tuple(value.split(",")) if value else ()
    return ()


def format_at(document: QTextDocument, position: int):
    """The highlight format drawn at a UTF-16 ``position`` (a default one where none is)."""
    from PySide6.QtGui import QTextCharFormat

    block = document.findBlock(position)
    if block.isValid():
        rel = position - block.position()
        for r in block.layout().formats():
            if r.start <= rel < r.start + r.length:
                return QTextCharFormat(r.format)
    return QTextCharFormat()
