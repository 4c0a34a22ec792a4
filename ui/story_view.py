"""The story view: several reports of one story at once (issue #15).

A window over a :class:`~parallax.reader.comparison.collation.Collation`:

* the sources (label, date, credits, wire agencies) with a coverage strip each:
  for every passage of the source, how many other outlets carry it;
* the matrices, facts × outlets, framing × outlets and voices × outlets,
  sortable (:mod:`parallax.ui.story_models` adapts the collation);
* the reuse graph as a list (who derives from whom, how, and the evidence);
* the passage pane: a click on a matrix cell shows that cell's spans in its source;
* "Compare side by side": any two sources in the two-pane window, showing
  ``collation.comparison(a, b)``.

The collation is computed by a :class:`CollateJob` on the thread pool; the job
never touches a widget and reports through :class:`CollateSignals`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
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

from parallax.reader.comparison.collation import Collation
from parallax.reader.errors import ParallaxError
from parallax.reader.model import Comparison, Span
from parallax.ui.pane import ArticlePane
from parallax.ui.story_models import (
    COVERAGE_ROLE,
    SORT_ROLE,
    SOURCE_ROLE,
    SPANS_ROLE,
    FactsModel,
    FramingModel,
    ReuseModel,
    SourcesModel,
    VoicesModel,
    heat,
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
        except Exception as err:  # a worker must always report back
            log.exception("internal error while collating")  # the traceback, to the log file
            self._emit("failed", self.token, f"internal error: {type(err).__name__}: {err}")


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
    return view, proxy


class StoryView(QMainWindow):
    """Several reports of one story: sources, matrices, reuse, passages, pairs."""

    def __init__(self, *, settings=None, theme: str | None = "light",
                 open_pair: Callable[[Comparison], object] | None = None):
        super().__init__()
        self.setWindowTitle("Parallax — story")
        self.settings = settings
        self.theme = theme or "system"
        app = QApplication.instance()
        self.style_ = apply_theme(app, self.theme) if app is not None else Style(resolve_theme(self.theme))
        self.open_pair = open_pair or self._open_pair_window
        self.pair_windows: list = []  # the two-pane windows opened from here (kept alive)
        self.collation: Collation | None = None
        self._token = 0
        self._pending: int | None = None
        self._job: CollateJob | None = None
        self._signals = CollateSignals(QApplication.instance())
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._build()

    # -- building

    def _build(self) -> None:
        self.sources = QTableView()
        self.sources.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.compare_button = QPushButton("Compare side by side")
        self.compare_button.setToolTip("Select two sources in the list, then open them in the two panes.")
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(self.compare_selected)
        self.reuse = QTableView()
        self.tabs = QTabWidget()
        self.passage = ArticlePane("right", self.style_)
        self.passage.header.side_label.setText("PASSAGE")
        self.passage_note = QLabel("Click a cell of a matrix to see the passage in its source.")
        self.passage_note.setWordWrap(True)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(QLabel("<b>Sources</b> (by publication time; select two to compare)"))
        lay.addWidget(self.sources, 3)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.compare_button)
        lay.addLayout(row)
        lay.addWidget(QLabel("<b>Reuse</b> (who appears to derive from whom)"))
        lay.addWidget(self.reuse, 2)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        bottom = QWidget()
        blay = QVBoxLayout(bottom)
        blay.setContentsMargins(0, 0, 0, 0)
        blay.setSpacing(2)
        blay.addWidget(self.passage_note)
        blay.addWidget(self.passage, 1)
        right.addWidget(bottom)
        right.setSizes([600, 400])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([620, 980])
        self.setCentralWidget(self.splitter)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.matrices: dict[str, QTableView] = {}

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
        self.statusBar().showMessage(f"Collating {len(sources)} reports…")
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
        self.statusBar().showMessage(f"parallax: error: {message}", 30000)

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
        self.reuse.horizontalHeader().setStretchLastSection(True)

        self.tabs.clear()
        self.matrices.clear()
        self.matrix_models = {
            "facts": FactsModel(collation, style, self),
            "framing": FramingModel(collation, style, self),
            "voices": VoicesModel(collation, style, self),
        }
        titles = {"facts": "Facts", "framing": "Framing", "voices": "Voices"}
        for name, model in self.matrix_models.items():
            view, _proxy = _table(model)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.clicked.connect(self.show_cell)
            view.activated.connect(self.show_cell)
            view.resizeColumnsToContents()
            for col in range(view.model().columnCount()):
                view.setColumnWidth(col, min(view.columnWidth(col), 260 if col == 1 else 170))
            self.matrices[name] = view
            self.tabs.addTab(view, f"{titles[name]} ({model.rowCount()})")
        n = len(collation.sources)
        self.setWindowTitle(f"Parallax — story: {n} reports")
        self.statusBar().showMessage(
            f"{n} reports: {len(collation.facts)} facts, {len(collation.framing)} framing choices, "
            f"{len(collation.voices)} voices, {len(collation.passages)} shared passages. "
            "Click a cell to see it in its source.", 20000)

    # -- passages

    def show_cell(self, index: QModelIndex) -> bool:
        """Show a matrix cell's passage in its source, selected and scrolled to."""
        target = index.data(SPANS_ROLE)
        if target is None or self.collation is None:
            k = index.data(SOURCE_ROLE)
            if k is not None and self.collation is not None:
                label = self.collation.sources[k].label
                self.passage_note.setText(f"{label}: nothing to show for this cell (it does not say it).")
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
        more = f" (first of {len(spans)} places, all marked)" if len(spans) > 1 else ""
        self.passage_note.setText(f"{s.label}, {s.published or 'undated'}{more}")

    # -- pairs

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
            self.statusBar().showMessage("Select exactly two sources to compare side by side.", 8000)
            return None
        return self.compare(*picked)

    def compare(self, a: int, b: int) -> object:
        """Open sources ``a`` (left) and ``b`` (right) side by side."""
        assert self.collation is not None
        return self.open_pair(self.collation.comparison(a, b))

    def _open_pair_window(self, comparison: Comparison):
        from parallax.ui.main_window import MainWindow

        window = MainWindow(settings=self.settings, theme=self.theme)
        window.show_comparison(comparison)
        window.show()
        self.pair_windows.append(window)
        return window

    def closeEvent(self, event):
        if self._job is not None:
            self._job.cancel()
        super().closeEvent(event)
