"""The library window: the stored articles, the recent comparisons, and full-text search.

- Articles are listed with title, outlet, date and credits.  They are added
  by file (Add Files…), by dropping files on the window, or from pasted text.
- Selecting two articles and "Compare" opens them side by side.
- Recent comparisons reopen exactly where they were left (the main window
  restores the saved view state).
- Search results (articles, passages, notes, link notes) jump into the reader on a
  double click or Enter, and select the hit there: the word in an article, the
  passage, both ends of a link.  A single click only selects the result: were it to
  open the reader, the reader window would rise under the pointer and take the
  second click of a double click, which moves its caret and drops the selection.

The window only emits requests; the main window's workflow does the opening:
``openComparison(comparison_id)``, ``openPair(left_id, right_id)``,
``showPassage(article_id, start, end)`` and ``showLink(link_id)``.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.notes.coding import locate_hit
from parallax.reader.notes.library import SearchHit
from parallax.reader.notes.records import shown_path
from parallax.ui.actions import spec_action
from parallax.ui.empty_hint import EmptyListNote
from parallax.ui.flow import FlowLayout
from parallax.ui.labels import LRM, isolate
from parallax.ui.library_session import LibrarySession

ARTICLE_FILTER = "Articles (*.txt *.md *.html *.htm *.pdf *.docx);;All files (*)"
ID_ROLE = Qt.ItemDataRole.UserRole
STORY_ROLE = Qt.ItemDataRole.UserRole + 1  # a recent item that is a collation: its id
OPENED_ROLE = Qt.ItemDataRole.UserRole + 2  # when a recent item was last opened


def _title(text: str) -> QLabel:
    """A list's title, on two lines in a narrow window rather than holding it wide."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class LibraryWindow(QWidget):
    openComparison = Signal(int)
    openCollation = Signal(int)  # a saved story (three or more articles)
    openPair = Signal(int, int)
    showPassage = Signal(int, int, int)  # article id, start, end
    showLink = Signal(int)  # link id: both ends selected
    chooseLibrary = Signal()  # the user asked to work in another library file

    GEOMETRY = "library/window-geometry"  # QSettings: where and how big it was last closed

    def __init__(self, session: LibrarySession, parent: QWidget | None = None, *, settings=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.settings = settings
        self.show_path(session.lib.path)
        self.setAcceptDrops(True)

        self.articles = QTableWidget(0, 5)
        self.articles.setHorizontalHeaderLabels([self.tr("Title"), self.tr("Outlet"), self.tr("Date"),
                                                 self.tr("Credits"), self.tr("Characters")])
        self.articles.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.articles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.articles.verticalHeader().hide()
        self.articles.setSortingEnabled(True)
        self.articles.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.articles.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.articles.setWordWrap(False)  # one line a row, elided: a title is never "… …"
        self.articles.installEventFilter(self)  # narrow, the other columns give way to the title
        self.articles.itemDoubleClicked.connect(lambda *_: self.compare_selected())
        add = QPushButton(self.tr("&Add Files…"))
        add.clicked.connect(lambda *_: self.add_files())
        paste = QPushButton(self.tr("Add &Pasted Text"))
        paste.clicked.connect(lambda *_: self.add_pasted())
        compare = QPushButton(self.tr("&Compare Selected"))
        compare.setToolTip(self.tr("Select two articles (Ctrl+click) and open them side by side"))
        compare.clicked.connect(lambda *_: self.compare_selected())
        switch = QPushButton(self.tr("Library &File…"))
        switch.setToolTip(self.tr("Work in another library file: an existing one, or a new name to start one"))
        switch.clicked.connect(lambda *_: self.chooseLibrary.emit())
        arow = FlowLayout(spacing=6)  # the buttons wrap onto rows in a narrow window
        for b in (add, paste, compare, switch):
            arow.addWidget(b)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(_title(self.tr("<b>Articles</b> (drop files here to add them)")))
        ll.addWidget(self.articles, 1)
        ll.addLayout(arow)

        self.recent = QListWidget()
        self.recent.setWordWrap(True)
        self.recent.setAlternatingRowColors(True)
        self.recent.itemActivated.connect(self._recent_activated)
        self.recent.itemDoubleClicked.connect(self._recent_activated)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(_title(self.tr("<b>Recent comparisons</b> (reopen where you left them)")))
        rl.addWidget(self.recent, 1)

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search article text, passages and notes…  (Enter)"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run_search)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setToolTip(self.tr("Double-click a result (or press Enter) to show it in the reader"))
        self.results.itemActivated.connect(self._result_activated)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.searched = ""  # the last query run: an empty result list says whether one was
        self.empty_notes = (  # what fills each list while it has nothing
            EmptyListNote(self.articles, lambda: self.tr(
                "No articles yet. Drop files here, or use Add Files… or Add Pasted Text.")),
            EmptyListNote(self.recent, lambda: self.tr(
                "No comparisons yet. Select two articles and Compare Selected, or open two files in the reader.")),
            EmptyListNote(self.results, lambda: self.tr("Nothing found for “{query}”.").format(query=self.searched)
                          if self.searched else self.tr("Type words above and press Enter to search the "
                                                        "articles, tagged passages and notes.")),
        )

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setSizes([700, 300])
        lay = QVBoxLayout(self)
        lay.addWidget(top, 3)
        lay.addWidget(self.query)
        lay.addWidget(self.results, 2)
        lay.addWidget(self.status)
        self.resize(1000, 700)
        geometry = settings.value(self.GEOMETRY) if settings is not None else None
        if isinstance(geometry, QByteArray | bytes):  # as the analyst last left it
            self.restoreGeometry(QByteArray(geometry))
        spec_action(self, "close", self.close)  # Ctrl+W, as every other window of Parallax
        for sig in (session.articlesChanged, session.comparisonsChanged):
            sig.connect(self.refresh)
        session.error.connect(self.status.setText)
        self.hits: list[SearchHit] = []
        self.refresh()

    def hideEvent(self, event) -> None:
        """Closed (it is hidden, kept for the next Library…): its size and place are remembered."""
        if self.settings is not None:
            self.settings.setValue(self.GEOMETRY, self.saveGeometry())
        super().hideEvent(event)

    def show_path(self, path) -> None:
        """The title names the library file ("document — application", so that Qt does not
        add the application's name a second time)."""
        self.setWindowTitle(self.tr("Library {path} — Parallax").format(path=path))

    # -- lists

    TITLE_SHARE = 0.4  # the title column's least share of the table's width

    def fit_columns(self) -> None:
        """Outlet, date, credits and length as wide as their contents, but together no
        more than 60% of the table: the title (stretched) keeps the rest."""
        table = self.articles
        others = range(1, table.columnCount())
        cap = int((table.width() - 2 * table.frameWidth()) * (1 - self.TITLE_SHARE) / len(others))
        for col in others:
            want = max(table.sizeHintForColumn(col), table.horizontalHeader().sectionSizeHint(col))
            table.setColumnWidth(col, max(36, min(want, cap)))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.articles and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        lib = self.session.lib
        arts = self.session.call(lib.articles.all) or []
        self.articles.setSortingEnabled(False)
        self.articles.setRowCount(len(arts))
        for row, a in enumerate(arts):
            cells = [a.display_name, a.outlet or "", (a.published or "")[:10], ", ".join(a.credits),
                     f"{a.length:,}"]
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(ID_ROLE, a.id)
                if col == 0 and a.path:  # its file's name: no folder of this machine on screen
                    it.setToolTip(self.tr("Source: {path}").format(path=shown_path(a.path)))
                self.articles.setItem(row, col, it)
        self.articles.setSortingEnabled(True)
        self.fit_columns()
        names = {a.id: a.display_name for a in arts}
        self.recent.clear()
        for c in self.session.call(lib.comparisons.all, limit=50) or []:
            # each title isolated, each line left to right: an Arabic title cannot move the ↔ or the date
            label = isolate(c.title) if c.title else (
                f"{isolate(names.get(c.left_id, '?'))}\n{LRM}  ↔ {isolate(names.get(c.right_id, '?'))}")
            item = QListWidgetItem(f"{LRM}{label}\n{LRM}{c.opened_at[:16].replace('T', ' ')}")
            item.setData(ID_ROLE, c.id)
            item.setData(OPENED_ROLE, c.opened_at)
            self.recent.addItem(item)
        for s in self.session.call(lib.collations.all, limit=50) or []:  # stories, among them by time
            names_of = ", ".join(isolate(names.get(a, "?")) for a in s.article_ids)
            story = self.tr("Story of %n: {title}", "", len(s.article_ids)).format(
                title=isolate(s.title) if s.title else names_of)
            item = QListWidgetItem(f"{LRM}{story}\n{LRM}{s.opened_at[:16].replace('T', ' ')}")
            item.setData(STORY_ROLE, s.id)
            opened = [self.recent.item(r).data(OPENED_ROLE) for r in range(self.recent.count())]
            self.recent.insertItem(next((r for r, t in enumerate(opened) if t < s.opened_at), len(opened)), item)
            item.setData(OPENED_ROLE, s.opened_at)

    def selected_article_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.articles.selectedIndexes()})
        return [int(self.articles.item(r, 0).data(ID_ROLE)) for r in rows]

    # -- adding

    def add_files(self, paths: list[str] | None = None) -> list[int]:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add articles"), "", ARTICLE_FILTER)
        ids, failed = [], []
        self.session.error.connect(failed.append)
        try:
            for p in paths:
                ch = self.session.call(self.session.lib.articles.add_file, p)
                if ch is not None:
                    ids.append(ch.id)
        finally:
            self.session.error.disconnect(failed.append)
        if ids:
            n = len(ids)
            added = self.tr("Added %n article.", "", n) if n == 1 else self.tr("Added %n articles.", "", n)
            if failed:  # each refusal was said as it came; the count must not hide them
                m = len(failed)
                added += " " + (self.tr("%n file could not be read: {first}", "", m) if m == 1 else
                                self.tr("%n files could not be read, the first: {first}", "", m)).format(
                    first=failed[0])
            self.status.setText(added)
        return ids

    def add_pasted(self, text: str | None = None, title: str | None = None) -> int | None:
        if text is None:
            text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.status.setText(self.tr("The clipboard holds no text."))
            return None
        if title is None:
            title, ok = QInputDialog.getText(self, self.tr("Pasted text"), self.tr("Title (optional):"))
            if not ok:
                return None
        ch = self.session.call(self.session.lib.articles.add_text, text, title=title or None)
        if ch is not None:
            self.status.setText(self.tr("Added the pasted text."))
            return ch.id
        return None

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event):
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
        elif mime.hasText():
            self.add_pasted(mime.text(), "")
        event.acceptProposedAction()

    # -- opening

    def compare_selected(self) -> bool:
        ids = self.selected_article_ids()
        if len(ids) != 2:
            self.status.setText(self.tr("Select exactly two articles to compare."))
            return False
        self.openPair.emit(ids[0], ids[1])
        return True

    def _recent_activated(self, item: QListWidgetItem) -> None:
        if item.data(STORY_ROLE) is not None:
            self.openCollation.emit(int(item.data(STORY_ROLE)))
            return
        self.openComparison.emit(int(item.data(ID_ROLE)))

    # -- search

    def run_search(self, query: str | None = None) -> list[SearchHit]:
        if query is not None:
            self.query.setText(query)
        q = self.query.text().strip()
        self.searched = q
        self.results.clear()
        if not q:
            return []
        hits = self.session.call(self.session.lib.search, q, limit=200) or []
        self.hits = hits
        labels = {"article": self.tr("Article"), "annotation": self.tr("Passage"), "note": self.tr("Note"),
                  "link": self.tr("Link note")}
        names = {a.id: a.display_name for a in (self.session.call(self.session.lib.articles.all) or [])}
        for i, h in enumerate(hits):
            where = names.get(h.article_id, "") if h.article_id else ""
            snippet = h.one_line()
            item = QListWidgetItem(f"{labels.get(h.kind, h.kind)} · {where}\n{snippet}")
            item.setData(ID_ROLE, i)
            self.results.addItem(item)
        n = len(hits)
        self.status.setText((self.tr("%n result for “{query}”.", "", n) if n == 1
                             else self.tr("%n results for “{query}”.", "", n)).format(query=q))
        return hits

    def _result_activated(self, item: QListWidgetItem) -> None:
        # After the mouse or key event is done with: the reader window then rises and
        # takes the focus without a press or release of this double click reaching it.
        hit = self.hits[int(item.data(ID_ROLE))]
        QTimer.singleShot(0, self, lambda: self.open_hit(hit))

    def open_hit(self, hit: SearchHit) -> None:
        lib = self.session.lib
        if hit.kind == "annotation":
            a = self.session.call(lib.annotations.get, hit.id)
            if a is not None:
                self.showPassage.emit(a.article_id, a.start, a.end)
            return
        if hit.kind == "link":
            self.showLink.emit(hit.id)
            return
        if hit.article_id is None:
            if hit.kind == "note":
                n = self.session.call(lib.notes.get, hit.id)
                if n is not None and n.comparison_id is not None:
                    self.openComparison.emit(n.comparison_id)
            return
        span = None
        if hit.kind == "article":
            text = self.session.call(lib.articles.text, hit.article_id) or ""
            span = locate_hit(text, hit.snippet, self.query.text())
        self.showPassage.emit(hit.article_id, span.start if span else 0, span.end if span else 0)
