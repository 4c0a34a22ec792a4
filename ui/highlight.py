"""Drawing the layers on a pane: a QSyntaxHighlighter fed with precomputed runs.

The runs (``parallax.reader.comparison.layers.segments``) are converted to UTF-16 positions once,
off the GUI thread (:func:`parallax.ui.textpos.qt_runs`).  The highlighter then only looks up the
runs of each block by bisection and applies one merged format per run.  A run names its layers by
their style keys: an unsure framing marker's is its layer's unsure key, drawn in the palette's
unsure style and shown or hidden with its layer.

Highlighting is on demand, as in a code editor: a block gets its formats when it
is shown (the text view calls :meth:`LayerHighlighter.ensure` for its visible
blocks when it scrolls, resizes, changes font or paints) or when something asks
for them (:func:`layers_at`, :func:`format_at`, :meth:`LayerHighlighter.ensure_all`).
There is no pass over the whole text: each ``rehighlightBlock`` makes Qt lay the
block out again (~75 us), which for a 100,000-word text (~10,000 blocks) would
hold the GUI thread for most of a second after every new comparison, layer
toggle or style change.  New runs, layers or styles therefore redraw only the
visible blocks and mark every other block stale; a stale block keeps whatever it
showed before until it is next shown or asked for.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import QSyntaxHighlighter, QTextBlock, QTextDocument

from parallax.reader.comparison.layers import layer_of
from parallax.ui.style import Style
from parallax.ui.textpos import QtRuns


class LayerHighlighter(QSyntaxHighlighter):
    """Applies a pane's layer runs, honouring the enabled layers, to the blocks shown."""

    def __init__(self, document: QTextDocument, style: Style):
        super().__init__(document)
        self._style = style
        self._runs = QtRuns([], [], [])
        self._enabled: frozenset[str] | None = None
        self._filtered: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._done = bytearray()  # 1 for each block highlighted with the current runs, layers and style
        # True while blocks are rehighlighted: a bold run may rewrap a line, and Qt then
        # moves the scroll bar to keep the same text in view; that is not the reader scrolling.
        self.relayouting = False

    # -- state

    @property
    def style(self) -> Style:
        return self._style

    def set_runs(self, runs: QtRuns, visible: tuple[int, int]) -> None:
        """Draw ``runs``: the ``visible`` blocks now, any other when it is shown or asked for."""
        self._runs = runs
        self.refresh(visible)

    def set_style(self, style: Style, visible: tuple[int, int]) -> None:
        self._style = style
        self.refresh(visible)

    def set_enabled(self, enabled: Iterable[str], visible: tuple[int, int] | None) -> None:
        """Draw only these layers; redraw the ``visible`` blocks now unless it is None."""
        self._enabled = frozenset(enabled)
        self._filtered.clear()
        if visible is not None:
            self.refresh(visible)

    def clear(self) -> None:
        self._runs = QtRuns([], [], [])
        self._done = bytearray()

    # -- on demand

    def refresh(self, visible: tuple[int, int]) -> None:
        """Mark every block stale and redraw the blocks numbered ``visible`` [first, last]."""
        doc = self.document()
        if doc is None:
            return
        self._done = bytearray(doc.blockCount())
        self.ensure(visible)

    def is_drawn(self, number: int) -> bool:
        """Whether block ``number`` carries the current highlights."""
        return 0 <= number < len(self._done) and bool(self._done[number])

    def drawn_count(self) -> int:
        """How many blocks carry the current highlights (the others get them when shown)."""
        return self._done.count(1)

    def ensure(self, blocks: tuple[int, int]) -> int:
        """Highlight the blocks numbered ``blocks`` [first, last] not highlighted yet;
        how many were."""
        doc = self.document()
        done = self._done
        first, last = max(0, blocks[0]), min(blocks[1], len(done) - 1)
        if doc is None or first > last or done.find(0, first, last + 1) == -1:
            return 0
        block = doc.findBlockByNumber(first)
        n = 0
        was, self.relayouting = self.relayouting, True
        try:
            while block.isValid() and block.blockNumber() <= last:
                number = block.blockNumber()
                if not done[number]:
                    done[number] = 1
                    self.rehighlightBlock(block)
                    n += 1
                block = block.next()
        finally:
            self.relayouting = was
        return n

    def ensure_position(self, position: int) -> None:
        """Highlight the block holding UTF-16 ``position`` if it is not yet."""
        doc = self.document()
        if doc is not None:
            number = doc.findBlock(position).blockNumber()
            if number >= 0:
                self.ensure((number, number))

    def ensure_all(self) -> int:
        """Highlight every block not highlighted yet (for whatever needs the whole text
        formatted at once: slow on a long text, never on the normal path)."""
        return self.ensure((0, len(self._done) - 1))

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
        """The style keys of a run whose layers are enabled (an unsure marker's goes with its layer)."""
        if self._enabled is None:
            return names
        out = self._filtered.get(names)
        if out is None:
            out = self._filtered[names] = tuple(n for n in names if layer_of(n) in self._enabled)
        return out


def visible_block_range(view) -> tuple[int, int]:
    """First and last block numbers visible in a QPlainTextEdit (the last being the one
    at the viewport's bottom edge, or the document's last block above it).

    Qt finds the block under a point by walking the blocks from the first shown, in
    C++, laying out each it passes: one walk.  Asking ``blockBoundingGeometry`` of
    each block in turn walked from the first one again for every block (Qt measures
    a block's place from the top block), some 30 walks a pane for each frame."""
    first = view.firstVisibleBlock()
    if not first.isValid():
        return (0, 0)
    number = first.blockNumber()
    last = view.cursorForPosition(QPoint(0, view.viewport().height())).blockNumber()
    return number, max(number, last)


def highlighter_of(document: QTextDocument) -> LayerHighlighter | None:
    """The layer highlighter drawing on ``document``, if any."""
    return document.findChild(LayerHighlighter)


def _drawn_block(document: QTextDocument, position: int) -> QTextBlock:
    """The block holding ``position``, its highlights drawn first if they were not yet
    (a tool must never read a block not yet shown as plain text)."""
    highlighter = highlighter_of(document)
    if highlighter is not None:
        highlighter.ensure_position(position)
    return document.findBlock(position)


def layers_at(document: QTextDocument, position: int) -> Sequence[str]:
    """The layer names drawn at a UTF-16 ``position`` (for tests and tools)."""
    return layers_held(_drawn_block(document, position), position)


def layers_held(block: QTextBlock, position: int) -> Sequence[str]:
    """The layer names ``block`` holds at UTF-16 ``position`` as it is, without drawing
    it first (what the reader sees of a block not shown yet: its old highlights)."""
    from parallax.ui.style import LAYERS_PROPERTY

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

    block = _drawn_block(document, position)
    if block.isValid():
        rel = position - block.position()
        for r in block.layout().formats():
            if r.start <= rel < r.start + r.length:
                return QTextCharFormat(r.format)
    return QTextCharFormat()
