"""The story view: several reports of one story at once (issue #15).

A window over a :class:`~parallax.reader.comparison.collation.Collation`:

* the sources (label, date, credits, wire agencies) with a coverage strip each:
  for every passage of the source, how many other outlets carry it;
* the matrices, facts × outlets, framing × outlets and voices × outlets,
  sortable (:mod:`parallax.ui.story_models` adapts the collation);
* the reuse graph as a list (who derives from whom, how, and the evidence);
* the passage pane: a click on a matrix cell shows that cell's spans in its source;
* "Compare side by side": any two sources in the two-pane window, showing
  ``collation.comparison(a, b)``; "Side by side" under a chosen cell opens its
  source beside the first other source that gives the same row, both passages
  selected;
* with a library (``library=``), :class:`parallax.ui.story_library.StoryDesk`
  saves the collation and where the analyst is, keeps notes on matrix rows
  ("Note on row…", marked ``✎``), opens pairs with the tagging workflow and
  exports the collation ("Export…").
* :class:`parallax.ui.story_menus.StoryMenus`: File (open, close, quit) and Help
  (the keys, About), as the two-pane window has them; files dropped on the window.
* with settings, the window's size and splitters are remembered (``story/...``).

The collation is computed by a :class:`CollateJob` on the thread pool; the job
never touches a widget and reports through :class:`CollateSignals`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    QRunnable,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.cli import logs
from parallax.reader.comparison.collation import Collation
from parallax.reader.errors import ParallaxError
from parallax.reader.model import Comparison, Span
from parallax.ui.drops import FileDrops
from parallax.ui.empty_hint import EmptyListNote
from parallax.ui.flow import FlowLayout
from parallax.ui.pane import ArticlePane
from parallax.ui.responsive import LayoutMemory, StatusBar
from parallax.ui.story_menus import StoryMenus
from parallax.ui.story_models import (
    COVERAGE_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    SOURCE_ROLE,
    SPANS_ROLE,
    FactsModel,
    FramingModel,
    ReuseModel,
    SourcesModel,
    VoicesModel,
    heat,
    nice_date,
)
from parallax.ui.style import Style, apply_theme, resolve_theme
from parallax.ui.worker import Source, load_source

log = logging.getLogger(__name__)


class CollateSignals(QObject):
    finished = Signal(int, object)  # token, Collation
    failed = Signal(int, str)  # token, one-line message


class CollateJob(QRunnable):
    """Load the sources (if needed) and collate them; report through ``signals``."""

    def __init__(self, token: int, sources: Sequence[Source], signals: CollateSignals):
        super().__init__()
        self.setAutoDelete(True)
        self.token = token
        self.sources = tuple(sources)
        self.signals = signals
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def _emit(self, name: str, *args) -> None:
        if self._cancelled.is_set():
            return
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # the receiving side is gone
            self.cancel()

    def run(self) -> None:
        try:
            from parallax.reader.comparison.collate import compare_many

            articles = [load_source(s) for s in self.sources]
            if self._cancelled.is_set():
                return
            self._emit("finished", self.token, compare_many(articles))
        except ParallaxError as err:
            self._emit("failed", self.token, str(err))
        except MemoryError:
            self._emit("failed", self.token, "out of memory while collating")
        except Exception:  # a worker must always report back
            log.exception("internal error while collating")  # the traceback, to the log file
            self._emit("failed", self.token, f"internal error while collating, a bug in Parallax{logs.details_hint()}")


class CoverageDelegate(QStyledItemDelegate):
    """Draws a source's coverage strip: its text from left to right, each passage
    tinted by how many other outlets carry it (grey: this outlet's own text)."""

    def __init__(self, view: StoryView):
        super().__init__(view)
        self.story = view

    def paint(self, painter, option, index: QModelIndex) -> None:
        data = index.data(COVERAGE_ROLE)
        if data is None:
            super().paint(painter, option, index)
            return
        length, spans, most = data
        style = self.story.style_
        r = option.rect.adjusted(4, 5, -4, -5)
        painter.save()
        painter.fillRect(r, style.swatch["unique"])
        if length:
            for span, others in sorted(spans, key=lambda x: x[1]):
                x0 = r.left() + span.start * r.width() // length
                x1 = r.left() + span.end * r.width() // length
                painter.fillRect(QRect(x0, r.top(), max(1, x1 - x0), r.height()), heat(style, others, most))
        painter.setPen(style.colour("muted"))
        painter.drawRect(r.adjusted(0, 0, -1, -1))
        painter.restore()


class ValueColumn(QObject):
    """A matrix's second column (the value, term or count the row is about) takes the
    width the other columns leave, from NARROWEST up to its whole text, so that a wide
    window shows more of each quotation rather than a wide last outlet, and a narrow one
    more of the outlets (the row's tooltip says the value whole); once the analyst drags
    it, it keeps their width."""

    NARROWEST = 150

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        model = view.model()
        self.least = min(view.columnWidth(1), self.NARROWEST)
        self.widest = max(self.least, view.sizeHintForColumn(1))
        self.others = sum(view.columnWidth(c) for c in range(model.columnCount()) if c != 1)
        self.dragged = False
        self._fitting = False
        view.horizontalHeader().sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column == 1 and not self._fitting:
            self.dragged = True

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and not self.dragged:
            self.fit()
        return False

    def fit(self) -> None:
        spare = self.view.viewport().width() - self.others
        self._fitting = True
        try:
            self.view.setColumnWidth(1, max(self.least, min(self.widest, spare)))
        finally:
            self._fitting = False


def _table(model, *, sortable: bool = True) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the collation's order
    view.setSortingEnabled(sortable)
    view.setAlternatingRowColors(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # "Coverage by…", not "verage by the"
    return view, proxy


class StoryView(FileDrops, QMainWindow):
    """Several reports of one story: sources, matrices, reuse, passages, pairs."""

    collated = Signal()  # a collation is on screen
    moved = Signal()  # the analyst chose another cell, tab or pair, or scrolled a matrix
    passageShown = Signal()  # the passage pane shows a (new) passage

    def __init__(self, *, settings=None, theme: str | None = "light",
                 open_pair: Callable[[Comparison], object] | None = None, library=None):
        super().__init__()
        self.setWindowTitle(self.tr("Story — Parallax"))
        self.settings = settings
        # none asked for (the command line's --theme): the one the analyst chose, as the two-pane window
        self.theme = theme or (str(settings.value("view/theme", "system")) if settings is not None else "system")
        app = QApplication.instance()
        self.style_ = apply_theme(app, self.theme) if app is not None else Style(resolve_theme(self.theme))
        self.open_pair = open_pair or self._open_pair_window
        self.pair_windows: list = []  # the two-pane windows opened from here (kept alive)
        self.collation: Collation | None = None
        self.matrix_models: dict = {}
        self.current_cell: tuple[str, int, int] | None = None  # (matrix, row, source)
        self.last_pair: tuple[int, int] | None = None
        self._token = 0
        self._pending: int | None = None
        self._job: CollateJob | None = None
        self._signals = CollateSignals(QApplication.instance())
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._build()
        self.menus = StoryMenus(self)  # File: open, close, quit
        self.desk = None
        if library is not None:
            from parallax.ui.story_library import StoryDesk

            self.desk = StoryDesk(self, library, settings=settings)
            if open_pair is None:
                self.open_pair = self.desk.open_pair
        self.menus.add_help()  # last, after the library's Edit and Story menus
        if self.desk is None:  # never enabled here: the buttons say why, not only what they would do
            why = self.tr("Unavailable: this story window has no notes library open, and notes and exports "
                          "are kept in one. Stories opened with “parallax open” or from a two-pane window "
                          "have it.")
            for button in (self.note_button, self.export_button):
                button.setToolTip(f"{button.toolTip()}\n\n{why}")
        self.setAcceptDrops(True)
        # the size and splitters it was last closed with (story/...), as the two-pane window's
        self.layout_memory = LayoutMemory(self, settings, "story", (self.splitter, self.right_splitter))
        self.geometry_restored = self.layout_memory.restore()

    def set_theme(self, theme: str) -> None:
        """Light, dark or system (a two-pane window's choice, shared by every window):
        the application's palette, the matrices' and coverage colours, the passage pane."""
        self.theme = theme
        app = QApplication.instance()
        self.style_ = apply_theme(app, theme) if app is not None else Style(resolve_theme(theme))
        models = [getattr(self, "sources_model", None), getattr(self, "reuse_model", None),
                  *self.matrix_models.values()]
        for model in models:
            if model is not None:
                model.set_style(self.style_)
        self.passage.set_style(self.style_)
        self.sources.viewport().update()  # the coverage strips

    # -- building

    def _build(self) -> None:
        self.sources = QTableView()
        self.sources.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.compare_button = QPushButton(self.tr("Compare side by side"))
        self.compare_button.setToolTip(self.tr("Select two sources in the list, then open them in the two panes."))
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(self.compare_selected)
        self.reuse = QTableView()
        for view in (self.sources, self.reuse):  # a narrow column's header ends in "…", never clipped mid-word
            view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tabs = QTabWidget()
        self.passage = ArticlePane("right", self.style_)
        self.passage.header.side_label.setText(self.tr("PASSAGE"))
        self.passage_note = QLabel(self.tr("Click a cell of a matrix to see the passage in its source."))
        self.passage_note.setWordWrap(True)
        self.row_note = QLabel()
        self.row_note.setWordWrap(True)
        self.row_note.setTextFormat(Qt.TextFormat.PlainText)
        self.row_note.hide()
        self.cell_pair_button = QPushButton(self.tr("Side by side"))
        self.cell_pair_button.setToolTip(self.tr("Open the chosen cell's source beside the first other source "
                                                 "that gives the same row, both passages selected."))
        self.cell_pair_button.clicked.connect(self.compare_cell)
        self.note_button = QPushButton(self.tr("Note on row…"))
        self.note_button.setToolTip(self.tr("Write a note on the chosen matrix row (a fact across the outlets)."))
        self.note_button.clicked.connect(lambda: self.desk is not None and self.desk.edit_row_note())
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the collation with its matrices and your notes on them "
                                              "(Markdown, HTML, CSV, PDF, W3C JSON)."))
        self.export_button.clicked.connect(self.export_dialog)
        for b in (self.cell_pair_button, self.note_button, self.export_button):
            b.setEnabled(False)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(6, 6, 6, 6)
        sources_title = QLabel(self.tr("<b>Sources</b> (by publication time; select two to compare)"))
        reuse_title = QLabel(self.tr("<b>Reuse</b> (who appears to derive from whom)"))
        for title in (sources_title, reuse_title):
            title.setWordWrap(True)  # on two lines in a narrow window, never holding it wide
        lay.addWidget(sources_title)
        lay.addWidget(self.sources, 3)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.compare_button)
        lay.addLayout(row)
        lay.addWidget(reuse_title)
        lay.addWidget(self.reuse, 2)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        bottom = QWidget()
        blay = QVBoxLayout(bottom)
        blay.setContentsMargins(0, 0, 0, 0)
        blay.setSpacing(2)
        tools = FlowLayout(spacing=4)  # the buttons wrap onto rows in a narrow window
        tools.setContentsMargins(0, 2, 6, 0)  # the last button clear of the window's edge
        for b in (self.cell_pair_button, self.note_button, self.export_button):
            tools.addWidget(b)
        blay.addLayout(tools)
        blay.addWidget(self.passage_note)  # the whole width: never a column of one word a line
        blay.addWidget(self.row_note)
        blay.addWidget(self.passage, 1)
        right.addWidget(bottom)
        right.setSizes([600, 400])
        self.right_splitter = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([620, 980])
        self.setCentralWidget(self.splitter)

        self.setStatusBar(StatusBar(self))  # a long message wraps in a narrow window, never cut off
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.matrices: dict[str, QTableView] = {}
        self.empty_notes = {  # a blank list says why: still collating, or nothing of the kind found
            "sources": EmptyListNote(self.sources, lambda: self.tr("Collating the reports…") if self._pending
                                     else self.tr("No reports. Open three or more articles (File > Open "
                                                  "Articles…) or drop them on this window.")),
            "reuse": EmptyListNote(self.reuse, lambda: "" if self.collation is None else self.tr(
                "None of these reports appears to derive from another.")),
        }

    # -- opening

    def is_idle(self) -> bool:
        return self._pending is None

    def open_sources(self, sources: Sequence[Source]) -> None:
        """Collate the sources (Articles, file Paths or pasted text) in the background."""
        if self._job is not None:
            self._job.cancel()
        self._token += 1
        self._pending = self._token
        self.progress.show()
        self.statusBar().showMessage(self.tr("Collating %n reports…", "", len(sources)))
        self.empty_notes["sources"].refresh()
        self._job = CollateJob(self._token, sources, self._signals)
        QThreadPool.globalInstance().start(self._job)

    def _on_finished(self, token: int, collation: Collation) -> None:
        if token != self._pending:
            return
        self._pending = None
        self._job = None
        self.progress.hide()
        self.set_collation(collation)

    def _on_failed(self, token: int, message: str) -> None:
        if token != self._pending:
            return
        self._pending = None
        self._job = None
        self.progress.hide()
        self.statusBar().showMessage(self.tr("parallax: error: {message}").format(message=message), 30000)
        self.empty_notes["sources"].refresh()

    def set_collation(self, collation: Collation) -> None:
        self.collation = collation
        style = self.style_
        self.sources_model = SourcesModel(collation, style, self)
        self.sources.setModel(self.sources_model)
        self.sources.setItemDelegateForColumn(4, CoverageDelegate(self))
        self.sources.verticalHeader().hide()
        self.sources.verticalHeader().setDefaultSectionSize(self.sources.fontMetrics().height() + 12)
        self.sources.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.sources.horizontalHeader()
        header.setStretchLastSection(True)
        self.sources.resizeColumnsToContents()
        self.sources.setColumnWidth(0, min(self.sources.columnWidth(0), 220))
        self.sources.selectionModel().selectionChanged.connect(self._sources_selected)

        self.reuse_model = ReuseModel(collation, style, self)
        self.reuse.setModel(self.reuse_model)
        self.reuse.verticalHeader().hide()
        self.reuse.setWordWrap(False)
        self.reuse.resizeColumnsToContents()
        for col in (0, 1):  # a long headline ends in "…" (its whole in the tooltip): the verdict columns show
            self.reuse.setColumnWidth(col, min(self.reuse.columnWidth(col), 150))
        self.reuse.horizontalHeader().setStretchLastSection(True)
        for note in self.empty_notes.values():
            note.follow()

        self.tabs.clear()
        self.matrices.clear()
        self.current_cell = None
        self.matrix_models = {
            "facts": FactsModel(collation, style, self),
            "framing": FramingModel(collation, style, self),
            "voices": VoicesModel(collation, style, self),
        }
        titles = {"facts": self.tr("Facts"), "framing": self.tr("Framing"), "voices": self.tr("Voices")}
        keys = {  # what a cell's marks mean, on the tab (the cells are terse to keep five outlets in view)
            "facts": self.tr("Each fact and the outlets that give it: ✓ gives it, ≠ gives another value, "
                             "— does not say it."),
            "framing": self.tr("Each framing choice and the words each outlet writes for it (— does not "
                               "write it)."),
            "voices": self.tr("Each quoted speaker and how often each outlet quotes them: “2 q · 18 w” is "
                              "2 quotations, 18 words in all."),
        }
        nothing = {"facts": self.tr("No facts (numbers, dates, names, quotations) found in these reports."),
                   "framing": self.tr("No framing choices (naming, loaded terms, scare quotes, hedges, "
                                      "attribution verbs) found in these reports."),
                   "voices": self.tr("No quoted speakers found in these reports.")}
        for name, model in self.matrix_models.items():
            view, _proxy = _table(model)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.clicked.connect(self.show_cell)
            view.activated.connect(self.show_cell)
            view.verticalScrollBar().valueChanged.connect(self.moved)
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            for col in range(view.model().columnCount()):
                if col < 2:  # the row's kind and value
                    view.setColumnWidth(col, min(view.columnWidth(col), 260 if col == 1 else 170))
                else:  # an outlet: as wide as its cells ("✓", "2 q · 18 w") and a short name, a long one elided
                    named = min(header.sectionSizeHint(col), 100)
                    view.setColumnWidth(col, min(170, max(named, view.sizeHintForColumn(col))))
            ValueColumn(view)  # a wide window widens the values, not the last outlet
            self.matrices[name] = view
            EmptyListNote(view, lambda name=name: nothing[name])
            tab = self.tabs.addTab(view, self.tr("{title} ({count})").format(title=titles[name], count=model.rowCount()))
            self.tabs.setTabToolTip(tab, keys[name])
        n = len(collation.sources)
        self.setWindowTitle(self.tr("Story of %n reports — Parallax", "", n))
        facts, framing = len(collation.facts), len(collation.framing)
        voices, passages = len(collation.voices), len(collation.passages)
        self.statusBar().showMessage(
            self.tr("%n reports: {facts}, {framing}, {voices}, {passages}. Click a cell to see it in its source.",
                    "", n).format(
                facts=self.tr("%n fact", "", facts) if facts == 1 else self.tr("%n facts", "", facts),
                framing=self.tr("%n framing choice", "", framing) if framing == 1
                else self.tr("%n framing choices", "", framing),
                voices=self.tr("%n voice", "", voices) if voices == 1 else self.tr("%n voices", "", voices),
                passages=self.tr("%n shared passage", "", passages) if passages == 1
                else self.tr("%n shared passages", "", passages)), 20000)
        self.tabs.currentChanged.connect(self.moved)
        has_library = self.desk is not None
        self.note_button.setEnabled(has_library)
        self.export_button.setEnabled(has_library)
        self.collated.emit()

    # -- passages

    def show_cell(self, index: QModelIndex) -> bool:
        """Show a matrix cell's passage in its source, selected and scrolled to."""
        matrix = next((n for n, v in self.matrices.items() if v.model() is index.model()), None)
        row, k = index.data(ROW_ROLE), index.data(SOURCE_ROLE)
        if matrix is not None and row is not None:
            self.current_cell = (matrix, row, -1 if k is None else k)
            self.cell_pair_button.setEnabled(self._cell_pair() is not None)
            self.show_row_note()
            self.moved.emit()
        target = index.data(SPANS_ROLE)
        if target is None or self.collation is None:
            k = index.data(SOURCE_ROLE)
            if k is not None and self.collation is not None:
                label = self.collation.sources[k].label
                self.passage_note.setText(self.tr("{source}: nothing to show for this cell (it does not say it).").format(
                    source=label))
            return False
        source, spans = target
        self.show_passage(source, spans)
        return True

    def show_passage(self, source: int, spans: Sequence[Span]) -> None:
        assert self.collation is not None
        s = self.collation.sources[source]
        if self.passage.article is not s.article:
            self.passage.set_article(s.article)
        view = self.passage.view
        marks = []
        for span in spans:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = view.cursor_for(span)
            fmt = QTextCharFormat()
            fmt.setBackground(self.style_.colour("selection"))
            sel.format = fmt
            marks.append(sel)
        view.setExtraSelections(marks)
        view.select_span(spans[0])
        if len(spans) > 1:
            where = self.tr("{source}, {date} (first of {n} places, all marked)").format(
                source=s.label, date=nice_date(s.published), n=len(spans))
        else:
            where = self.tr("{source}, {date}").format(source=s.label, date=nice_date(s.published))
        self.passage_note.setText(where)
        self.passageShown.emit()

    def show_row_note(self) -> None:
        """The note on the chosen row, under the matrices (hidden when it has none)."""
        cell = self.current_cell
        note = self.matrix_models[cell[0]].row_notes.get(cell[1]) if cell and self.matrix_models else None
        self.row_note.setText(self.tr("Your note on this row: {note}").format(note=" ".join(note.split()))
                              if note else "")
        self.row_note.setVisible(bool(note))

    # -- pairs

    def _cell_pair(self) -> tuple[int, int] | None:
        """The chosen cell's source and the first other source that gives its row (in source order)."""
        if self.current_cell is None or self.collation is None:
            return None
        matrix, row, k = self.current_cell
        cells = getattr(self.collation, matrix)[row].cells
        if k < 0 or not cells[k].spans:
            return None
        other = next((c.source for c in cells if c.source != k and c.spans), None)
        return None if other is None else (min(k, other), max(k, other))

    def compare_cell(self) -> object | None:
        """Open the chosen cell's source beside the first other source giving the same row,
        each passage selected."""
        pair = self._cell_pair()
        if pair is None:
            self.statusBar().showMessage(self.tr("No other source gives this row: nothing to put beside it."), 8000)
            return None
        a, b = pair
        matrix, row, _k = self.current_cell
        cells = getattr(self.collation, matrix)[row].cells
        self.last_pair = pair
        self.moved.emit()
        comparison = self.collation.comparison(a, b)
        if getattr(self.open_pair, "takes_spans", False):  # selects both passages once shown
            window = self.open_pair(comparison, (cells[a].spans[0], cells[b].spans[0]))
        else:
            window = self.open_pair(comparison)
        if window is not None and window not in self.pair_windows:
            self.pair_windows.append(window)
        return window

    def selected_sources(self) -> list[int]:
        model = self.sources.selectionModel()
        if model is None:
            return []
        return sorted(i.data(SOURCE_ROLE) for i in model.selectedRows())

    def _sources_selected(self, *_args) -> None:
        self.compare_button.setEnabled(len(self.selected_sources()) == 2)

    def compare_selected(self) -> object | None:
        picked = self.selected_sources()
        if len(picked) != 2:
            self.statusBar().showMessage(self.tr("Select exactly two sources to compare side by side."), 8000)
            return None
        return self.compare(*picked)

    def compare(self, a: int, b: int) -> object:
        """Open sources ``a`` (left) and ``b`` (right) side by side."""
        assert self.collation is not None
        self.last_pair = (a, b)
        self.moved.emit()
        window = self.open_pair(self.collation.comparison(a, b))
        if window is not None and window not in self.pair_windows:
            self.pair_windows.append(window)
        return window

    def new_pair_window(self):
        """A two-pane window for a pair opened from here (with the library's workflow when
        the story has a library)."""
        if self.desk is not None:
            return self.desk.new_pair_window()
        from parallax.ui.main_window import MainWindow

        return MainWindow(settings=self.settings, theme=self.theme)

    def _open_pair_window(self, comparison: Comparison):
        window = self.new_pair_window()
        window.show_comparison(comparison)
        window.show()
        return window

    # -- where the analyst is (article ids, so it survives another source order)

    def view_state(self, article_ids: Sequence[int]) -> dict:
        from parallax.reader.notes.collation_export import row_key

        names = list(self.matrices)
        tab = self.tabs.currentIndex()
        state: dict = {"matrix": names[tab] if 0 <= tab < len(names) else None, "top": {}}
        if self.collation is None:
            return state
        for name, view in self.matrices.items():
            index = view.indexAt(view.viewport().rect().topLeft())
            if index.isValid():
                state["top"][name] = row_key(self.collation, name, index.data(ROW_ROLE))
        if self.current_cell is not None:
            matrix, row, k = self.current_cell
            state["cell"] = {"matrix": matrix, "row": row_key(self.collation, matrix, row),
                             "source": article_ids[k] if k >= 0 else None}
        if self.last_pair is not None:
            state["pair"] = [article_ids[k] for k in self.last_pair]
        return state

    def _proxy_index(self, matrix: str, key: str, column: int = 1) -> QModelIndex:
        from parallax.reader.notes.collation_export import row_key

        view = self.matrices.get(matrix)
        if view is None or self.collation is None:
            return QModelIndex()
        rows = getattr(self.collation, matrix)
        row = next((r for r in range(len(rows)) if row_key(self.collation, matrix, r) == key), None)
        if row is None:
            return QModelIndex()
        proxy = view.model()
        return proxy.mapFromSource(proxy.sourceModel().index(row, column))

    def apply_view_state(self, state: dict, article_ids: Sequence[int]) -> None:
        """Go back where a view state says: the tab, each matrix's top row, the chosen cell
        (shown in its source) and the last pair (selected in the sources list)."""
        names = list(self.matrices)
        if state.get("matrix") in names:
            self.tabs.setCurrentIndex(names.index(state["matrix"]))
        for name, key in (state.get("top") or {}).items():
            index = self._proxy_index(name, key)
            if index.isValid():
                self.matrices[name].scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        cell = state.get("cell") or {}
        ids = list(article_ids)
        if cell.get("matrix") in names:
            column = 2 + ids.index(cell["source"]) if cell.get("source") in ids else 1
            index = self._proxy_index(cell["matrix"], cell.get("row", ""), column)
            if index.isValid():
                view = self.matrices[cell["matrix"]]
                view.setCurrentIndex(index)
                self.show_cell(index)
        pair = state.get("pair")
        if pair and all(a in ids for a in pair) and self.sources.selectionModel() is not None:
            chosen = self.sources.selectionModel()
            chosen.clearSelection()
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for aid in pair:
                chosen.select(self.sources.model().index(ids.index(aid), 0), flags)
            self.last_pair = tuple(ids.index(a) for a in pair)

    # -- export

    def export_dialog(self) -> None:
        if self.desk is None:
            return
        kinds = {"md": self.tr("Markdown (*.md)"), "html": self.tr("HTML (*.html)"),
                 "csv": self.tr("CSV, the fact matrix (*.csv)"), "pdf": self.tr("PDF (*.pdf)"),
                 "json": self.tr("W3C Web Annotations (*.json)")}
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export the collation"), "collation.md",
                                                   ";;".join(kinds.values()))
        if not path:
            return
        fmt = next((k for k, v in kinds.items() if v == chosen), path.rsplit(".", 1)[-1].lower())
        if fmt not in kinds:
            self.statusBar().showMessage(self.tr("parallax: error: cannot export to {fmt!r}; pick one of the formats").format(
                fmt=fmt), 10000)
            return
        self.desk.export(fmt, path)

    def files_dropped(self, paths: list[str]) -> None:
        self.menus.open_paths(paths)

    def closeEvent(self, event):
        self.layout_memory.save()
        if self._job is not None:
            self._job.cancel()
        if self.desk is not None:  # saved, the last thing open, no longer following the library
            self.desk.release()
        super().closeEvent(event)
