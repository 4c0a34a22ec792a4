"""The side panel: Summary, Facts and Framing tabs (others may add tabs with ``addTab``)."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.comparison.figures import (
    attribution_verbs,
    framing_profile,
    naming_pairs,
    reuse_sentence,
)
from parallax.reader.comparison.layers import side_name
from parallax.reader.model import Comparison
from parallax.ui.charts import BarChart
from parallax.ui.empty_hint import EmptyListNote
from parallax.ui.models import FactsModel, RowsModel, sides_short
from parallax.ui.style import Style


class _FittingHeader(QHeaderView):
    """A header that, when its columns' names leave too little room for the stretching
    column, sizes the other columns by their cells and not their names (elided, whole in
    the tooltip): at 280 px "the left report" and "Sputnik News" pushed the Attribution
    verbs counts out of sight, and the Facts tab's Value column was cut to "Dmit…".

    The stretching column is owed its cells' width up to half the table (at least
    ``2 * NARROWEST``): the spare width goes to it first."""

    NARROWEST = 36

    def __init__(self, stretch: int, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.stretch = stretch
        # the stretching column's cells' width, measured once for the rows as they are shown: a
        # resize asks for it for every other column, and measuring reads a thousand rows
        self._cells: tuple[tuple, int] | None = None

    def setModel(self, model) -> None:
        super().setModel(model)
        self._cells = None
        if model is not None:  # forgotten before any change to the rows is handled, or at it
            for signal in (model.modelAboutToBeReset, model.layoutAboutToBeChanged, model.rowsAboutToBeInserted,
                           model.rowsAboutToBeRemoved, model.columnsAboutToBeInserted,
                           model.columnsAboutToBeRemoved, model.dataChanged, model.headerDataChanged):
                signal.connect(self._forget)

    def _forget(self, *_) -> None:
        self._cells = None

    def _cells_width(self, view: QTableView) -> int:
        shown = (view.isVisible(), view.verticalScrollBar().value(), view.viewport().height(), view.font().key())
        if self._cells is None or self._cells[0] != shown:
            self._cells = (shown, view.sizeHintForColumn(self.stretch))
        return self._cells[1]

    def crowded(self) -> bool:
        """The other columns' names and the stretching column's due do not fit the width."""
        width = self.width()
        if width <= 0:
            return False
        named = sum(QHeaderView.sectionSizeFromContents(self, c).width() for c in range(self.count())
                    if c != self.stretch)
        due = 2 * self.NARROWEST
        if named + max(due, width // 2) <= width:  # not crowded, however wide the cells: not measured
            return False  # (measuring reads a thousand rows, for each column, at each resize)
        view = self.parentWidget()
        cells = self._cells_width(view) if isinstance(view, QTableView) and named + due <= width else 0
        return named + max(due, min(cells, width // 2)) > width

    def initStyleOptionForIndex(self, option, logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        model = self.model()
        short = model.headerData(logical, Qt.Orientation.Horizontal, RowsModel.ShortRole) if model else None
        if short and option.text:
            option.text = f"{option.text}\x9c{short}"  # Qt draws the first variant that fits

    def sectionSizeFromContents(self, logical: int):
        size = super().sectionSizeFromContents(logical)
        if logical != self.stretch and self.crowded():
            size.setWidth(self.minimumSectionSize())  # the cells' width wins (ResizeToContents takes the larger)
        return size


class _HeaderTips(QSortFilterProxyModel):
    """The sorting proxy of a panel table; a header's tooltip says its name whole."""

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            tip = super().headerData(section, orientation, role)
            return tip or super().headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
        return super().headerData(section, orientation, role)


def _table(model, *, stretch: int = 0) -> QTableView:
    view = QTableView()
    view.setHorizontalHeader(_FittingHeader(stretch, view))
    proxy = _HeaderTips(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.EditRole)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    view.horizontalHeader().setSectionsClickable(True)  # sorting, as the default header
    view.horizontalHeader().setHighlightSections(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = view.horizontalHeader()
    # as narrow as two digits (a count) when the names give way to the cells
    header.setMinimumSectionSize(view.fontMetrics().horizontalAdvance("00") + 8)
    for col in range(model.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if col == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(col, mode)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


_Profiles = tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]


def framing_profiles(c: Comparison) -> _Profiles:
    """The framing profile of ``c``, all its markers' and its unsure ones' (drawn paler)."""
    return framing_profile(c), framing_profile(c, unsure=True)


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{html.escape(text)}</b>")
    label.setContentsMargins(0, 8, 0, 2)
    label.setWordWrap(True)  # on two lines in a narrow panel, never holding it wider than the window
    return label


class SummaryTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.shares = BarChart()
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        lay = QVBoxLayout(self)
        lay.addWidget(self.verdict)
        shares_heading = _heading(self.tr("How much each report shares"))
        found_heading = _heading(self.tr("What the comparison found"))
        lay.addWidget(shares_heading)
        lay.addWidget(self.shares)
        lay.addWidget(found_heading)
        lay.addWidget(self.counts)
        self.conflicts_heading = _heading(self.tr("Facts the reports disagree on"))
        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.conflicts_heading)
        lay.addWidget(self.conflicts)
        profile_heading = _heading(self.tr("Framing markers per category"))
        lay.addWidget(profile_heading)
        self.profile = BarChart()
        lay.addWidget(self.profile)
        lay.addStretch(1)
        # shown with a comparison: before one, headings over "nothing to show" said nothing
        self.body = (shares_heading, self.shares, found_heading, self.counts, profile_heading, self.profile)
        for widget in self.body:
            widget.hide()
        self.set_idle()  # before any pair: what to do, not a blank headline above empty headings
        self.conflicts_heading.hide()
        self.conflicts.hide()

    def set_idle(self, text: str | None = None) -> None:
        """What the tab says while no pair is shown: ``text`` (rich text: one article waits for
        the other, say), else how to open a pair."""
        self.verdict.setText(text or "<p><b>{}</b></p><p>{}</p>".format(
            html.escape(self.tr("Nothing compared yet.")),
            html.escape(self.tr("Open two articles (File > Open Articles…), paste a text (File > Paste Text "
                                "into Active Side), or drop two files on the window."))))

    def set_comparison(self, c: Comparison | None, style: Style, *, derived: str,
                       profiles: _Profiles | None = None) -> None:
        """``profiles``: :func:`framing_profiles` of ``c``, when made already."""
        if c is None:
            self.verdict.setText("<i>{}</i>".format(html.escape(self.tr("Comparing…"))))
            self.shares.set_data([], [])
            self.counts.setText("")
            self.conflicts.setText("")
            self.conflicts_heading.hide()
            self.profile.set_data([], [])
            for widget in self.body:
                widget.hide()
            return
        for widget in self.body:
            widget.show()
        s = c.summary
        ln, rn = side_name(c, "left"), side_name(c, "right")
        unrelated = "" if s.related else (
            f"<p style='color:{style.colour('conflict').name()}'><b>"
            f"{html.escape(self.tr('These reports appear to be about different events.'))}</b> "
            f"{html.escape(s.related_reason)}</p>")
        self.verdict.setText(
            f"<p style='font-size:13pt'><b>{html.escape(s.similarity_phrase())}</b></p>"
            + unrelated
            + f"<p><b>{html.escape(self.tr('Reuse:'))}</b> {html.escape(reuse_sentence(c, derived=derived))}</p>"
        )
        self.shares.set_data(
            [(self.tr("verbatim shared"), (s.verbatim_left, s.verbatim_right)),
             (self.tr("aligned at all"), (s.aligned_left, s.aligned_right))],
            [(ln, style.colour("side_left")), (rn, style.colour("side_right"))],
            fmt="{:.0%}", maximum=1.0,
        )
        self.shares.set_colours(style.colour("text"), style.colour("muted"))
        n_verb = sum(1 for m in c.matches if m.kind == "verbatim")
        n_para = len(c.matches) - n_verb
        status = {k: sum(1 for f in c.facts if f.status == k) for k in ("shared", "conflict", "left-only", "right-only")}
        per_side = {sd: sum(1 for m in c.framing if m.side == sd) for sd in ("left", "right")}
        profile, pale = profiles or framing_profiles(c)
        unsure = {"left": sum(a for _, a, _ in pale), "right": sum(b for _, _, b in pale)}
        conflict = style.colour("conflict").name()
        ul, ur = len(c.unique_left), len(c.unique_right)
        in_conflict = self.tr("%n in conflict", "", status["conflict"])
        if status["conflict"]:
            in_conflict = f"<b style='color:{conflict}'>{html.escape(in_conflict)}</b>"
        left, right = html.escape(ln), html.escape(rn)
        rows = [
            self.tr("{verbatim}, {paraphrases}").format(
                verbatim=self.tr("%n verbatim passage", "", n_verb) if n_verb == 1
                else self.tr("%n verbatim passages", "", n_verb),
                paraphrases=self.tr("%n paraphrase", "", n_para) if n_para == 1
                else self.tr("%n paraphrases", "", n_para)),
            (self.tr("%n passage only in {left}", "", ul) if ul == 1 else self.tr("%n passages only in {left}", "", ul)
             ).format(left=left) + ", " + self.tr("%n only in {right}", "", ur).format(right=right),
            self.tr("facts: {shared} shared, {conflict}, {left_only} only in {left}, {right_only} only in {right}"
                    ).format(shared=status["shared"], conflict=in_conflict, left_only=status["left-only"],
                             right_only=status["right-only"], left=left, right=right),
            self.tr("framing markers: {n_left} in {left}{unsure_left}, {n_right} in {right}{unsure_right}").format(
                n_left=per_side["left"], n_right=per_side["right"], left=left, right=right,
                unsure_left=self._unsure(unsure["left"]), unsure_right=self._unsure(unsure["right"])),
        ]
        self.counts.setText("<ul style='margin-left:-20px'>" + "".join(f"<li>{r}</li>" for r in rows) + "</ul>")
        lines = []
        for f in (f for f in c.facts if f.status == "conflict"):
            a = ", ".join(dict.fromkeys(sp.slice(c.left.text) for sp in f.left)) or "—"
            b = ", ".join(dict.fromkeys(sp.slice(c.right.text) for sp in f.right)) or "—"
            lines.append("<li>" + self.tr("{left} vs {right}").format(
                left=f"<b style='color:{conflict}'>{html.escape(a)}</b>",
                right=f"<b style='color:{conflict}'>{html.escape(b)}</b>") + "</li>")
        self.conflicts_heading.setVisible(bool(lines))
        self.conflicts.setVisible(bool(lines))
        self.conflicts.setText("<ul style='margin-left:-20px'>" + "".join(lines[:8]) + "</ul>")
        series = [(ln, style.colour("side_left")), (rn, style.colour("side_right"))]
        self.profile.set_data([(label, (a, b)) for label, a, b in profile], series,
                              faint=[(a, b) for _, a, b in pale])
        self.profile.set_colours(style.colour("text"), style.colour("muted"))

    def _unsure(self, n: int) -> str:
        """" (n unsure)" after a count of framing markers, or nothing."""
        return self.tr(" (%n unsure)", "", n) if n else ""


class FactsTab(QWidget):
    activated = Signal(object)  # Fact

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = FactsModel(self)
        self.view = _table(self.model)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.compared = False  # a comparison is shown (an empty list then means none was found)
        self.empty = EmptyListNote(self.view, lambda: self.tr(
            "No facts (numbers, dates, names, quotations) found in either report.") if self.compared
            else self.tr("The facts of the two reports are listed here once they are compared."))
        note = QLabel(self.tr("Click a row to show the fact in both texts; click again for its next occurrence."))
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(note)

    def _clicked(self, index) -> None:
        proxy = self.view.model()
        source = proxy.mapToSource(index)
        fact = self.model.payload(source.row())
        if fact is not None:
            self.activated.emit(fact)


class FramingTab(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the body takes the width
        body = QWidget()
        lay = QVBoxLayout(body)
        self.profile = BarChart()
        self.naming = RowsModel((self.tr("Left"), self.tr("Right"), self.tr("Times")))
        self.naming.short = sides_short(0)
        self.naming.numeric = {2}
        self.verbs = RowsModel((self.tr("Verb"), self.tr("Stance"), self.tr("Left"), self.tr("Right")))
        self.verbs.short = sides_short(2)
        self.verbs.numeric = {2, 3}
        self.voices = BarChart()
        self.voices.empty_text = self.tr("no quoted speakers found")
        self.naming_view = _table(self.naming)
        self.verbs_view = _table(self.verbs)
        self.compared = False
        self.empty = (  # an empty table once compared: found nothing, not "not loaded"
            EmptyListNote(self.naming_view, lambda: self.tr("No naming markers (such as “Kyiv” or “Kiev”) "
                                                            "in either report.") if self.compared else ""),
            EmptyListNote(self.verbs_view, lambda: self.tr("No attribution verbs in either report.")
                          if self.compared else ""))
        for v in (self.naming_view, self.verbs_view):
            v.setMinimumHeight(110)
        lay.addWidget(_heading(self.tr("Framing profile (markers per category)")))
        lay.addWidget(self.profile)
        lay.addWidget(_heading(self.tr("Naming: the words each side chose")))
        lay.addWidget(self.naming_view)
        lay.addWidget(_heading(self.tr("Attribution verbs")))
        lay.addWidget(self.verbs_view)
        lay.addWidget(_heading(self.tr("Voices: who is quoted, in words")))
        lay.addWidget(self.voices)
        lay.addStretch(1)
        self.setWidget(body)

    def set_comparison(self, c: Comparison | None, style: Style, *, profiles: _Profiles | None = None) -> None:
        """``profiles``: :func:`framing_profiles` of ``c``, when made already."""
        self.compared = c is not None
        for note in self.empty:
            note.refresh()
        if c is None:
            self.profile.set_data([], [])
            self.naming.set_rows([])
            self.verbs.set_rows([])
            self.voices.set_data([], [])
            self.voices.setToolTip("")
            return
        ln, rn = side_name(c, "left"), side_name(c, "right")
        series = [(ln, style.colour("side_left")), (rn, style.colour("side_right"))]
        profile, pale = profiles or framing_profiles(c)
        self.profile.set_data([(label, (a, b)) for label, a, b in profile], series,
                              faint=[(a, b) for _, a, b in pale])
        pairs = naming_pairs(c)
        # the sides' names in the same reset as the rows: each table sized once (a header change
        # after it sized the columns again, over every row)
        self.naming.set_rows(pairs, tips=[self._named(a, ln, b, rn, n) for a, b, n in pairs],
                             headers=(ln, rn, self.tr("Times")))
        self.verbs.set_rows(attribution_verbs(c), headers=(self.tr("Verb"), self.tr("Stance"), ln, rn))
        speakers: dict[str, list[int]] = {}
        quotes: dict[str, list[int]] = {}
        for i, voices in enumerate((c.voices_left, c.voices_right)):
            for v in voices:
                speakers.setdefault(v.speaker, [0, 0])[i] += v.words
                quotes.setdefault(v.speaker, [0, 0])[i] += v.quotes
        rows = sorted(speakers.items(), key=lambda kv: -sum(kv[1]))[:12]
        # the speaker alone: the label column is narrow, and "6/1 quotes" gave both counts one plural
        # how often each side quotes them, each count with its own plural
        said = [self.tr("{speaker}: {left_quotes} in {left}, {right_quotes} in {right}").format(
            speaker=name, left_quotes=self._quotes(quotes[name][0]), left=ln,
            right_quotes=self._quotes(quotes[name][1]), right=rn) for name, _ in rows]
        self.voices.set_data([(name, tuple(words)) for name, words in rows], series, tips=said)
        self.voices.setToolTip("\n".join(said))  # over the legend: every speaker at once
        for chart in (self.profile, self.voices):
            chart.set_colours(style.colour("text"), style.colour("muted"))

    def _named(self, a: str, left: str, b: str, right: str, n: int) -> str:
        """A naming row in words: "“Kyiv” in the left report, “Kiev” in Sputnik News: 1 time"."""
        times = self.tr("%n time", "", n) if n == 1 else self.tr("%n times", "", n)

        def word(w: str) -> str:
            return self.tr("“{word}”").format(word=w) if w else self.tr("no counterpart")

        return self.tr("{a} in {left}, {b} in {right}: {times}").format(
            a=word(a), left=left, b=word(b), right=right, times=times)

    def _quotes(self, n: int) -> str:
        """"1 quote", "6 quotes": a count of quotations with its own plural."""
        return self.tr("%n quote", "", n) if n == 1 else self.tr("%n quotes", "", n)


class SidePanel(QTabWidget):
    """Summary, Facts and Framing.  Issue #7 adds its tabs with :meth:`addTab`."""

    factActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = SummaryTab()
        self.facts = FactsTab()
        self.framing = FramingTab()
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        summary_scroll.setWidget(self.summary)
        self.addTab(summary_scroll, self.tr("Summary"))
        self.addTab(self.facts, self.tr("Facts"))
        self.addTab(self.framing, self.tr("Framing"))
        self.facts.activated.connect(self.factActivated)
        self.setMinimumWidth(280)

    def set_comparison(self, c: Comparison | None, style: Style, *, derived: str = "right") -> None:
        profiles = framing_profiles(c) if c is not None else None  # both tabs chart them: counted once
        self.summary.set_comparison(c, style, derived=derived, profiles=profiles)
        self.facts.model.conflict_colour = QColor(style.colour("conflict"))
        self.facts.compared = c is not None
        self.facts.model.set_comparison(c)
        self.facts.empty.refresh()
        self.framing.set_comparison(c, style, profiles=profiles)
