"""The comparison view: legend, two panes with a connector gutter, find bar.

It draws a :class:`parallax.reader.comparison.layers.Layers` and does the view-side behaviour:
scroll sync by alignment, click-to-counterpart, navigation, find.  It knows
nothing about files, workers or settings (the main window does).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.comparison.figures import reuse_sentence
from parallax.reader.comparison.layers import (
    LAYERS,
    Layers,
    Stop,
    StopKind,
    next_stop,
    side_name,
)
from parallax.reader.model import Article, Fact, Side, Span
from parallax.reader.text.keys import fold
from parallax.ui.flow import FlowLayout
from parallax.ui.gutter import Gutter
from parallax.ui.pane import ArticlePane
from parallax.ui.style import Style
from parallax.ui.textpos import QtRuns
from parallax.ui.textview import TextView

# the legend's group labels, marked for pyside6-lupdate and translated when the legend is made
_GROUP_LABEL = {"alignment": QT_TRANSLATE_NOOP("Legend", "Alignment"), "facts": QT_TRANSLATE_NOOP("Legend", "Facts"),
                "framing": QT_TRANSLATE_NOOP("Legend", "Framing")}


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


_LAYER_SURE = attrgetter("layer", "sure")


class Legend(QWidget):
    """One check box per layer, with a swatch of its style, grouped; rows wrap to fit.

    After the framing layers, ``unsure`` shows how an unsure framing marker is drawn
    and says why; bound to ``unsure_action`` (View > Unsure Framing Markers) when
    given, it also shows or hides them.

    Where the words would take more than ``FULL_ROWS`` rows (a window under ~900 px
    wide: six rows at 640 px, a third of the panes' height), the boxes show their
    swatches alone, each named in its tooltip and to screen readers, in two rows.
    """

    FULL_ROWS = 3

    def __init__(self, actions: dict[str, QAction], style: Style, parent: QWidget | None = None, *,
                 unsure_action: QAction | None = None):
        super().__init__(parent)
        self.actions_by_layer = actions
        self.boxes: dict[str, QCheckBox] = {}
        self.labels: dict[str, str] = {}  # each box's words, shown when they fit
        self.words = True  # whether the boxes show their words (see words_fit_from)
        self._fit_from: int | None = None  # words_fit_from, once measured
        lay = FlowLayout(self, spacing=2)
        lay.setContentsMargins(6, 3, 6, 3)
        group = None
        row: FlowLayout | None = None
        for info in LAYERS:
            if info.group != group:
                # Each group keeps a row of its own while it fits, its label with its first box,
                # and wraps between boxes when it does not: wrapping whole groups only made the
                # widest group (some 700 px) the least width of the window.
                group = info.group
                holder = QWidget()
                row = FlowLayout(holder, spacing=2, one_row_hint=True)
                row.setContentsMargins(0, 0, 10, 0)
                row.addWidget(QLabel(f"<b>{html.escape(self.tr(_GROUP_LABEL[group]))}</b>"))
                lay.addWidget(holder)
            action = actions[info.name]
            box = QCheckBox(info.label)
            box.setAccessibleName(info.label)
            self.labels[info.name] = info.label
            box.setChecked(action.isChecked())
            box.toggled.connect(action.setChecked)
            action.toggled.connect(box.setChecked)
            self.boxes[info.name] = box
            assert row is not None
            row.addWidget(box)
        self.unsure = QCheckBox(self.tr("unsure"))
        self.unsure.setAccessibleName(self.unsure.text())
        self.labels["unsure"] = self.unsure.text()
        if unsure_action is not None:
            self.unsure.setChecked(unsure_action.isChecked())
            self.unsure.toggled.connect(unsure_action.setChecked)
            unsure_action.toggled.connect(self.unsure.setChecked)
        else:  # a key to the style alone
            self.unsure.setChecked(True)
            self.unsure.setEnabled(False)
        lay.addWidget(self.unsure)  # after the framing group, wrapping on its own (not widening the group)
        self.set_counts(None)
        self.set_style(style)

    def words_fit_from(self) -> int:
        """The least width (px) at which the boxes with their words take at most
        ``FULL_ROWS`` rows; measured with the words shown, again when the font or style
        changes."""
        if self._fit_from is None:
            words = self.words
            self._show_words(True)
            lay = self.layout()
            m = lay.contentsMargins()
            row = lay.heightForWidth(100_000) - m.top() - m.bottom()  # everything on one row
            most = m.top() + m.bottom() + self.FULL_ROWS * row + (self.FULL_ROWS - 1) * lay.spacing()
            lo, hi = 1, 4000  # the least width whose height is at most `most` (height falls as width grows)
            while lo < hi:
                mid = (lo + hi) // 2
                if lay.heightForWidth(mid) <= most:
                    hi = mid
                else:
                    lo = mid + 1
            self._fit_from = lo
            self._show_words(words)
        return self._fit_from

    def _show_words(self, on: bool) -> None:
        if on == self.words:
            return
        self.words = on
        for name, box in [*self.boxes.items(), ("unsure", self.unsure)]:
            box.setText(self.labels[name] if on else "")
        self.layout().invalidate()

    def resizeEvent(self, event) -> None:
        self._show_words(event.size().width() >= self.words_fit_from())
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_from = None  # words of another width
            if self.width() > 0:
                self._show_words(self.width() >= self.words_fit_from())
        super().changeEvent(event)

    def _unsure_tip(self) -> str:
        return self.tr(
            "unsure: the framing markers people marked as loaded or doubtful less reliably in "
            "human-annotated news (each one's tooltip says how often). Each is drawn in its kind's "
            "colour, not bold, with a dotted underline; sure ones are bold. Hiding a kind hides both. "
            "View > Unsure Framing Markers (Ctrl+Shift+U) hides the unsure ones."
        )

    def set_counts(self, layers: Layers | None) -> None:
        """Say in each toggle's tooltip how many highlights of that layer each side has."""
        unsure = {"left": 0, "right": 0}
        # each side's highlights counted by (layer, sure) in one pass, not four passes a layer
        # (some 70,000 highlights on two long texts: a tenth of a second on the GUI thread)
        count_l, count_r = ((Counter(map(_LAYER_SURE, layers.left)), Counter(map(_LAYER_SURE, layers.right)))
                            if layers is not None else (Counter(), Counter()))
        for info in LAYERS:
            tip = f"{info.label}: {info.description}"  # the name first: narrow, the box shows its swatch alone
            if layers is not None:
                name = info.name
                n_left = count_l[(name, True)] + count_l[(name, False)]
                n_right = count_r[(name, True)] + count_r[(name, False)]
                tip += f"\n{n_left} on the left, {n_right} on the right."
                if info.group == "framing":
                    u_left, u_right = count_l[(name, False)], count_r[(name, False)]
                    unsure["left"] += u_left
                    unsure["right"] += u_right
                    if u_left or u_right:
                        tip += f"\nUnsure (not bold, dotted): {u_left} on the left, {u_right} on the right."
            self.boxes[info.name].setToolTip(tip)
        tip = self._unsure_tip()
        if layers is not None:
            tip += f"\n{unsure['left']} on the left, {unsure['right']} on the right."
        self.unsure.setToolTip(tip)

    def set_style(self, style: Style) -> None:
        for name, box in self.boxes.items():
            box.setIcon(style.swatch_icon(name))
            box.setIconSize(QSize(26, 13))
        self.unsure.setIcon(style.unsure_icon())
        self.unsure.setIconSize(QSize(26, 13))


class Hit(NamedTuple):
    """One find match: the pane and the span."""

    side: Side
    span: Span


def find_hits(pattern: re.Pattern, texts: dict[Side, str]) -> list[Hit]:
    """Every match of ``pattern`` in the left text, then in the right one, in reading order."""
    return [Hit(side, Span(m.start(), m.end())) for side in ("left", "right")
            for m in pattern.finditer(texts[side])]


def next_hit(hits: list[Hit], side: Side, selection: Span, *, forward: bool,
             incremental: bool = False) -> tuple[int, bool] | None:
    """The index of the match to go to from ``selection`` on ``side``, and whether the
    search wrapped around (left pane first, then the right one, then back)."""
    if not hits:
        return None
    rank = {"left": 0, "right": 1}
    if forward:
        origin = (rank[side], selection.start if incremental else selection.end)
        for i, h in enumerate(hits):
            if (rank[h.side], h.span.start) >= origin and (incremental or h.span != selection):
                return i, False
        return 0, True
    origin = (rank[side], selection.start)
    for i in range(len(hits) - 1, -1, -1):
        if (rank[hits[i].side], hits[i].span.start) < origin:
            return i, False
    return len(hits) - 1, True


class FindBar(QWidget):
    """Find in both panes: Enter / F3 next, Shift+Enter / Shift+F3 previous, Esc closes.

    The status says which match is selected of how many ("3 of 7"), and how
    many each pane holds."""

    def __init__(self, view: ComparisonView):
        super().__init__(view)
        self.cv = view
        self.where = QLabel(self.tr("Find in both panes:"))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Find…"))
        self.edit.setClearButtonEnabled(True)
        self.case = QCheckBox(self.tr("Match &case"))
        self.status = QLabel()
        prev_b, next_b, close_b = QToolButton(), QToolButton(), QToolButton()
        prev_b.setText("▲")
        prev_b.setToolTip(self.tr("Previous match (Shift+F3)"))
        next_b.setText("▼")
        next_b.setToolTip(self.tr("Next match (F3)"))
        close_b.setText("✕")
        close_b.setToolTip(self.tr("Close (Esc)"))
        prev_b.clicked.connect(lambda: self.find(forward=False))
        next_b.clicked.connect(lambda: self.find(forward=True))
        close_b.clicked.connect(self.close_bar)
        self.edit.returnPressed.connect(lambda: self.find(forward=True))
        self.edit.textChanged.connect(lambda: self.find(forward=True, incremental=True))
        self.case.toggled.connect(lambda: self.find(forward=True, incremental=True))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        for w in (self.where, self.edit, prev_b, next_b, self.case, self.status):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addWidget(close_b)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        view = self.cv.view(self.cv.active_side)
        sel = view.textCursor().selectedText()
        if sel and "\u2029" not in sel and len(sel) < 80:
            self.edit.setText(sel)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.cv.view(self.cv.active_side).setFocus()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find(forward=False)
            return
        super().keyPressEvent(event)

    def find(self, *, forward: bool = True, incremental: bool = False) -> bool:
        text = self.edit.text()
        if not text:
            self.status.setText("")
            return False
        found = self.cv.find(text, forward=forward, case=self.case.isChecked(), incremental=incremental)
        self.status.setText(self.cv.find_summary() if found else self.tr("not found"))
        return found


class ComparisonView(QWidget):
    """Legend, summary line, [left pane | gutter | right pane], find bar."""

    status = Signal(str)  # short messages for the status bar
    activeSideChanged = Signal(str)

    def __init__(self, style: Style, layer_actions: dict[str, QAction], parent: QWidget | None = None, *,
                 unsure_action: QAction | None = None):
        super().__init__(parent)
        self.style_ = style
        self.layers: Layers | None = None
        self.enabled: set[str] = {name for name, a in layer_actions.items() if a.isChecked()}
        self.active_side: Side = "left"
        self.sync_scrolling = True
        self.derived: Side = "right"
        self._syncing = False
        self._nav: dict[tuple[Side, StopKind], tuple[tuple[int, int], int]] = {}
        self._fact_cycle: dict[Fact, int] = {}
        self.find_hits: list[Hit] = []
        self.find_index = -1

        self.legend = Legend(layer_actions, style, unsure_action=unsure_action)
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setWordWrap(True)
        self.banner.setContentsMargins(10, 4, 10, 4)
        self.left = ArticlePane("left", style)
        self.right = ArticlePane("right", style)
        self.gutter = Gutter(self.left.view, self.right.view, style)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.gutter)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([700, 64, 700])
        self.find_bar = FindBar(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.legend)
        lay.addWidget(self.banner)
        lay.addWidget(self.splitter, 1)
        lay.addWidget(self.find_bar)

        for pane in (self.left, self.right):
            view = pane.view
            side = pane.side
            view.clicked.connect(lambda off, s=side: self.show_counterpart(s, off))
            view.focused.connect(lambda s=side: self.set_active(s))
            view.verticalScrollBar().valueChanged.connect(lambda _v, s=side: self._scrolled(s))
        self.gutter.enabled = self.enabled
        self.gutter.clicked.connect(self._connector_clicked)
        self.left.view.setAccessibleName(self.tr("Left article text"))
        self.right.view.setAccessibleName(self.tr("Right article text"))
        self.gutter.setAccessibleName(self.tr("Connectors between matched passages"))
        self.left.strip.setAccessibleName(self.tr("Left overview strip"))
        self.right.strip.setAccessibleName(self.tr("Right overview strip"))
        self.banner.setAccessibleName(self.tr("Comparison summary"))
        self.apply_style(style)

    # -- accessors

    def view(self, side: Side) -> TextView:
        return self.left.view if side == "left" else self.right.view

    def pane(self, side: Side) -> ArticlePane:
        return self.left if side == "left" else self.right

    # -- content

    def set_articles(self, left: Article, right: Article, badges: tuple[str | None, str | None] = (None, None)) -> None:
        """Show the texts at once; the layers follow with :meth:`set_layers`."""
        self.layers = None
        self.gutter.set_layers(None)
        self.legend.set_counts(None)
        self._nav.clear()
        self._fact_cycle.clear()
        self.left.set_article(left, badges[0])
        self.right.set_article(right, badges[1])
        self.banner.setText("<i>{}</i>".format(html.escape(self.tr("Comparing the two reports…"))))

    def set_layers(self, layers: Layers, runs_left: QtRuns, runs_right: QtRuns,
                   badges: tuple[str | None, str | None] = (None, None), *, align: bool = True) -> None:
        """Draw a comparison's layers; with ``align``, bring the right pane level with the left."""
        self.layers = layers
        self._nav.clear()
        self._fact_cycle.clear()
        c = layers.comparison
        for pane, runs, badge in ((self.left, runs_left, badges[0]), (self.right, runs_right, badges[1])):
            pane.header.set_article(c.article(pane.side), badge)
            pane.set_layers(layers, runs, self.enabled)
        self.gutter.set_layers(layers)
        self.legend.set_counts(layers)
        self._set_banner()
        if align and self.sync_scrolling:  # start with the right pane level with the left by the alignment
            self._sync_from("left")

    def clear_layers(self, message: str) -> None:
        self.banner.setText(html.escape(message))

    def _set_banner(self) -> None:
        if self.layers is None:
            return
        c = self.layers.comparison
        s = c.summary
        ln, rn = html.escape(side_name(c, "left")), html.escape(side_name(c, "right"))
        conflicts = sum(1 for f in c.facts if f.status == "conflict")
        conflict_colour = self.style_.colour("conflict").name()
        parts = [
            f"<b>{html.escape(s.similarity_phrase())}</b>",
            self.tr("word for word: {share_left:.0%} of {left}, {share_right:.0%} of {right}").format(
                share_left=s.verbatim_left, share_right=s.verbatim_right, left=ln, right=rn),
            self.tr("aligned: {share_left:.0%} / {share_right:.0%}").format(
                share_left=s.aligned_left, share_right=s.aligned_right),
            html.escape(reuse_sentence(c, derived=self.derived)),
        ]
        if c.settings.get("partial"):  # the early highlights of a long pair
            parts.append(f"<i>{html.escape(self.tr('facts and framing still being computed…'))}</i>")
        if conflicts:
            facts = (self.tr("%n conflicting fact", "", conflicts) if conflicts == 1
                     else self.tr("%n conflicting facts", "", conflicts))
            parts.append(f"<b style='color:{conflict_colour}'>{html.escape(facts)}</b>")
        if not s.related:
            # two reports of different events: say so first, before any figure
            parts.insert(0, f"<b style='color:{conflict_colour}'>{html.escape(self.tr('Unrelated?'))}</b> "
                            f"{html.escape(s.related_reason)}")
        self.banner.setText(" &nbsp;·&nbsp; ".join(parts))

    # -- layers and style

    def set_enabled(self, enabled: set[str]) -> None:
        self.enabled = set(enabled)
        self.gutter.enabled = self.enabled
        for pane in (self.left, self.right):
            pane.set_enabled(self.enabled)
        self.gutter.update()

    def apply_style(self, style: Style) -> None:
        self.style_ = style
        self.legend.set_style(style)
        self.gutter.set_style(style)
        for pane in (self.left, self.right):
            pane.set_style(style)
        self.banner.setAutoFillBackground(True)
        pal = self.banner.palette()
        pal.setColor(self.banner.backgroundRole(), style.colour("header_bg"))
        self.banner.setPalette(pal)
        self._set_banner()

    def set_font_size(self, points: float) -> None:
        for pane in (self.left, self.right):
            font = pane.view.font()
            font.setPointSizeF(points)
            pane.view.setFont(font)
        self.gutter.update()

    # -- alignment: sync, click, gutter

    def set_active(self, side: Side) -> None:
        """Make ``side`` the active pane (where navigation and pasting act)."""
        if side != self.active_side:
            self.active_side = side
            self.activeSideChanged.emit(side)

    def _scrolled(self, side: Side) -> None:
        for pane in (self.left, self.right):
            pane.strip.update()
        if self._syncing or not self.sync_scrolling or self.layers is None:
            return
        if any(v.highlighter.relayouting or v.resizing for v in (self.left.view, self.right.view)):
            return  # the highlights or a resize rewrapped lines; nobody scrolled
        self._sync_from(side)

    def _sync_from(self, side: Side) -> None:
        """Scroll the other pane so that what corresponds to this pane's upper third sits level with it."""
        if self.layers is None:
            return
        src, dst = self.view(side), self.view(other(side))
        bar = src.verticalScrollBar()
        if bar.value() == bar.minimum():
            # At the top, both panes show their openings: a headline and lead
            # matter even where nothing aligns with them.
            self._set_scroll(dst.verticalScrollBar(), dst.verticalScrollBar().minimum())
            return
        y = src.viewport().height() // 3
        anchor = src.offset_at(QPoint(4, y))
        target = self.layers.align(side, anchor)
        self._place(dst, target, src.y_of(anchor))

    def _place(self, view: TextView, offset: int, y: int) -> None:
        """Scroll ``view`` so that the line holding ``offset`` is at viewport height ``y``."""
        lines_above = max(0, y) // max(1, view.fontMetrics().lineSpacing())
        self._set_scroll(view.verticalScrollBar(), max(0, view.line_of(offset) - lines_above))

    def _set_scroll(self, bar, value: int) -> None:
        """Move a scroll bar without triggering another sync."""
        was = self._syncing
        self._syncing = True
        try:
            bar.setValue(value)
        finally:
            self._syncing = was

    def show_counterpart(self, side: Side, offset: int) -> Span | None:
        """Select the counterpart of the passage at ``offset`` and bring it level with it."""
        if self.layers is None:
            return None
        item = self.layers.counterpart_at(side, offset, enabled=self.enabled)
        if item is None:
            self.gutter.current = -1
            self.gutter.update()
            self.status.emit(self.tr("No counterpart: this passage is not matched on the other side."))
            return None
        src, dst = self.view(side), self.view(other(side))
        y = src.y_of(item.span.start)
        self._syncing = True
        try:
            dst.select_span(item.counterpart, centre=False)
            self._place(dst, item.counterpart.start, y)
        finally:
            self._syncing = False
        self.gutter.current = item.match
        self.gutter.update()
        self.status.emit(item.tip.split("\n", 1)[0])
        return item.counterpart

    def _connector_clicked(self, c) -> None:
        stop = Stop("shared", c.left, c.right, c.kind)
        self.show_stop(self.active_side, stop, stop.on(self.active_side).start)
        self.status.emit(f"{c.kind.capitalize()} passage selected on both sides.")

    # -- navigation

    def go(self, kind: StopKind, *, forward: bool = True) -> Stop | None:
        """Next/previous difference, shared passage or framing marker on the active side."""
        if self.layers is None:
            return None
        side = self.active_side
        view = self.view(side)
        cur = view.cursor_offset()
        vis = view.visible_span()
        state = self._nav.get((side, kind))
        if not vis.start <= cur <= vis.end:
            # scrolled away from the caret: go on from what is on screen
            position: int | tuple[int, int] = vis.start if forward else vis.end + 1
        elif state is not None and state[1] == cur:
            position = state[0]
        else:
            position = cur
        found = next_stop(self.layers, kind, side, position, forward=forward)
        names = {"difference": "difference", "shared": "shared passage", "framing": "framing marker"}
        if found is None:
            self.status.emit(f"No {'next' if forward else 'previous'} {names[kind]} on the {side}.")
            return None
        key, stop = found
        self.show_stop(side, stop, key[0])
        self._nav[(side, kind)] = (key, view.cursor_offset())
        self.status.emit(f"{names[kind].capitalize()}: {stop.label}")
        return stop

    def show_stop(self, side: Side, stop: Stop, key: int) -> None:
        view, dst = self.view(side), self.view(other(side))
        here, there = stop.on(side), stop.on(other(side))
        self._syncing = True
        try:
            if here is not None:
                view.select_span(here)
            else:
                view.set_caret(key, centre=True)
            y = view.y_of(here.start if here is not None else key)
            if there is not None:
                dst.select_span(there, centre=False)
                self._place(dst, there.start, y)
            elif self.layers is not None:
                self._place(dst, self.layers.align(side, here.start if here else key), y)
        finally:
            self._syncing = False
        match = -1
        if here is not None and there is not None and self.layers is not None:
            left, right = (here, there) if side == "left" else (there, here)
            match = next((c.match for c in self.layers.connectors if c.left == left and c.right == right), -1)
        self.gutter.current = match
        self.gutter.update()

    def show_spans(self, left: Span | None, right: Span | None, label: str = "") -> None:
        """Select a passage on each side (either may be None) and bring them level."""
        if left is None and right is None:
            return
        side: Side = "left" if left is not None else "right"
        stop = Stop("difference", left, right, label)
        self.show_stop(side, stop, (left or right).start)  # type: ignore[union-attr]
        self.set_active(side)

    def set_user_links(self, links) -> None:
        """The analyst's own links, drawn in the gutter over the computed connectors."""
        self.gutter.set_user_links(links)

    def show_fact(self, fact: Fact) -> None:
        """Select a fact's next occurrence on both sides."""
        n = self._fact_cycle.get(fact, 0)
        self._fact_cycle[fact] = n + 1
        left = fact.left[n % len(fact.left)] if fact.left else None
        right = fact.right[n % len(fact.right)] if fact.right else None
        side: Side = "left" if left is not None else "right"
        stop = Stop("difference", left, right, fact.value)
        key = (left or right).start  # type: ignore[union-attr]
        self.show_stop(side, stop, key)

    # -- find

    def open_find(self) -> None:
        self.find_bar.open_bar()

    def find(self, text: str, *, forward: bool = True, case: bool = False, incremental: bool = False) -> bool:
        """Select the next (or previous) occurrence of ``text`` in either pane, wrapping around.

        The search goes through the left pane, then the right one, starting from
        the selection in the active pane; the pane holding the match becomes the
        active one.  Quotes, apostrophes, dashes and spaces are folded as the core
        folds them for matching, so typing ``Russia's`` finds ``Russia’s`` and a
        phrase still matches where a long paragraph is shown broken over two lines.
        """
        self.find_hits = []
        self.find_index = -1
        needle = fold(text)
        if not needle:
            return False
        pattern = re.compile(re.escape(needle), 0 if case else re.IGNORECASE)
        hits = find_hits(pattern, {side: self.view(side).folded_text() for side in ("left", "right")})
        self.find_hits = hits
        side = self.active_side
        view = self.view(side)
        selection = view.selection() or Span(view.cursor_offset(), view.cursor_offset())
        found = next_hit(hits, side, selection, forward=forward, incremental=incremental)
        if found is None:
            return False
        self.find_index, wrapped = found
        hit = hits[self.find_index]
        target = self.view(hit.side)
        target.select_span(hit.span, centre=False)
        target.centerCursor()
        self.set_active(hit.side)
        if wrapped and len(hits) > 1:
            self.status.emit(self.tr("Find wrapped around."))
        return True

    def find_summary(self) -> str:
        """"3 of 7 (left 4, right 3)": the match selected and how many each pane holds."""
        hits = self.find_hits
        if not hits:
            return "not found"
        n_left = sum(1 for h in hits if h.side == "left")
        return f"{self.find_index + 1} of {len(hits)} (left {n_left}, right {len(hits) - n_left})"
