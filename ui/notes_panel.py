"""The notes panel: every annotation, link and note of the comparison (or the library),
filtered by tag and by words; clicking one jumps to its passage.

The list is a model over ``Library.list_items`` (the rows as ids, read in a few indexed
queries whatever the library's size) that reads only the rows on screen, a block at a
time, with ``Library.items``; so a library of 100,000 annotations lists at once and
scrolls without reading the rest.  What is listed, in which order and what a filter
matches is decided there; this module only draws it.  The list is read again when the
library changes (``LibrarySession`` signals), keeping the current row and the scroll
position.  A row's ``Entry`` says what it is; ``jump(article_id, start, end)`` asks the
window to show a passage, ``jumpLink(link_id)`` both ends of a link, ``edit(entry)``
(double click) to open its note.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.notes.library import Item, ItemRef, NotesIndex
from parallax.reader.notes.printdoc import tally
from parallax.ui.library_session import LibrarySession
from parallax.ui.tag_picker import swatch
from parallax.ui.textview import is_right_to_left

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
BLOCK = 200  # rows read from the library at a time
CACHED_BLOCKS = 40
FILTER_DELAY_MS = 150  # typing in the filter box waits this long for the next key

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Entry:
    kind: str  # "annotation" | "link" | "note"
    id: int
    article_id: int | None
    start: int | None
    end: int | None
    text: str  # the quote (a link's source passage) or the note
    tags: tuple[str, ...] = ()


def entry_of(item: Item) -> Entry:
    return Entry(item.kind, item.id, item.article_id, item.start, item.end,
                 item.quote or item.body, item.tags)


def _short(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def label(item: Item) -> str:
    """Two lines: the passage (or link, or note) and its tags; then its note or where it is."""
    if item.kind == "annotation":
        head = f"“{_short(item.quote, 90)}”"
        if item.orphaned:
            head = QCoreApplication.translate("NotesPanel", "[orphaned] {passage}").format(passage=head)
        tags = ("  [" + ", ".join(item.tags) + "]") if item.tags else ""
        second = _short(item.body) if item.body else QCoreApplication.translate("NotesPanel", "in {title}").format(title=_short(item.title, 60))
        return f"{head}{tags}\n{second}"
    if item.kind == "link":
        head = f"⟷ {item.relation}: “{_short(item.quote, 50)}” / “{_short(item.other, 50)}”"
        second = _short(item.body) if item.body else QCoreApplication.translate("NotesPanel", "from {title}").format(title=_short(item.title, 60))
        return f"{head}\n{second}"
    where = (QCoreApplication.translate("NotesPanel", "on “{title}”").format(title=_short(item.title, 40))
             if item.article_id is not None else QCoreApplication.translate("NotesPanel", "on the comparison"))
    return QCoreApplication.translate("NotesPanel", "✎ Note {where}").format(where=where) + f"\n{_short(item.body)}"


class NotesModel(QAbstractListModel):
    """The rows of a ``NotesIndex``; each row is read when it is first shown."""

    def __init__(self, session: LibrarySession, parent=None):
        super().__init__(parent)
        self.session = session
        self.index_ = NotesIndex()
        self.colours: dict[str, str] = {}
        self._blocks: OrderedDict[int, dict[int, Item]] = OrderedDict()

    def reset(self, index: NotesIndex, colours: dict[str, str]) -> None:
        self.beginResetModel()
        self.index_ = index
        self.colours = colours
        self._blocks.clear()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.index_)

    def item(self, row: int) -> Item | None:
        if not 0 <= row < len(self.index_):
            return None
        b = row // BLOCK
        block = self._blocks.get(b)
        if block is None:
            refs = self.index_.refs(b * BLOCK, (b + 1) * BLOCK)
            items = self.session.call(self.session.lib.items, refs) or []
            block = {(it.kind, it.id): it for it in items}
            self._blocks[b] = block
            while len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(b)
        return block.get(tuple(self.index_[row]))

    def row_of(self, ref: ItemRef) -> int | None:
        kind, rid = ref
        idx = self.index_
        offset = {"annotation": 0, "link": len(idx.annotations),
                  "note": len(idx.annotations) + len(idx.links)}[kind]
        ids = {"annotation": idx.annotations, "link": idx.links, "note": idx.notes}[kind]
        try:
            return offset + ids.index(rid)
        except ValueError:
            return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index.row())
        if item is None:
            return "(deleted)" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return label(item)
        if role == ENTRY_ROLE:
            return entry_of(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [item.quote, item.other, item.body, ", ".join(item.tags), item.title]
            return "\n\n".join(_short(p, 600) for p in parts if p)
        if role == Qt.ItemDataRole.DecorationRole:
            colour = self.colours.get(item.tags[0]) if item.tags else None
            return swatch(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if is_right_to_left(item.quote or item.body):  # an Arabic or Hebrew quote reads from the right
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None


class NotesPanel(QWidget):
    jump = Signal(int, int, int)  # article id, start, end (code points)
    jumpLink = Signal(int)  # link id: select both ends
    edit = Signal(object)  # Entry

    def __init__(self, session: LibrarySession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter notes and passages…"))
        self.search.setToolTip(self.tr("Words that start a word of the passage or note (any script), "
                                       "or occur in its tags, relation or article title"))
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.tag.setToolTip(self.tr("Only passages with this tag (or one of its sub-tags)"))
        self.scope = QComboBox()
        self.scope.addItems([self.tr("This comparison"), self.tr("Whole library")])
        self.model = NotesModel(session, self)
        # A one-column table, not a QListView: every row is two lines high, so the view
        # never visits the rows it does not show (a list view lays out each of them,
        # ~0.2 s for 100,000 rows)
        self.list = QTableView()
        self.list.setModel(self.model)
        for header in (self.list.horizontalHeader(), self.list.verticalHeader()):
            header.hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        rows = self.list.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.list.fontMetrics().lineSpacing() + 8)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.setTabKeyNavigation(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.tag, 1)
        row.addWidget(self.scope)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        # in the list's place while it is empty: how to add the first note, or that the filter hides all
        self.empty = QLabel()
        self.empty.setObjectName("notesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setContentsMargins(4, 8, 4, 8)
        self.empty.hide()
        lay.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.count)
        self._dirty = True
        self._total: int | None = None  # rows in scope before filtering, until the library changes
        self._colours: dict[str, str] = {}  # tag name -> colour, for the row swatches
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(FILTER_DELAY_MS)
        self._typing.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.tag.currentIndexChanged.connect(self.apply_filter)
        self.scope.currentIndexChanged.connect(self.refresh)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.list.doubleClicked.connect(self._double_clicked)
        for sig in (session.annotationsChanged, session.notesChanged, session.tagsChanged,
                    session.pairChanged, session.articlesChanged):
            sig.connect(self.changed)
        self.refresh()

    def changed(self) -> None:
        """The library changed: refresh now if shown, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event):
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # -- content

    def _article_ids(self) -> list[int] | None:
        if self.scope.currentIndex() == 1:
            return None
        return [i for i in self.session.ids.values() if i is not None]

    def refresh(self) -> None:
        """Read the codebook and the list again (the library or the scope changed)."""
        self._dirty = False
        tags = self.session.tags()
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("All tags"), None)
        for t in tags:
            self.tag.addItem(swatch(t.colour), t.name, t.name)
        i = self.tag.findData(current)
        self.tag.setCurrentIndex(max(0, i))
        self.tag.blockSignals(False)
        self._colours = {t.name: t.colour for t in tags}
        self._total = None
        self.apply_filter()

    def _list(self, fn, **filters: Any) -> Any:
        """``Library.list_items`` or ``count_items`` over the scope; None after an error."""
        ids = self._article_ids()
        return self.session.call(fn, article_ids=ids, comparison_id=(
            self.session.comparison_id if ids is not None else None), **filters)

    def apply_filter(self) -> None:
        """List what the tag and the words keep, keeping the current row and scroll position."""
        self._typing.stop()
        if self._dirty:
            self.refresh()
            return
        tag, text = self.tag.currentData(), self.search.text().strip()
        lib = self.session.lib
        shown = self._list(lib.list_items, tag=tag, text=text) or NotesIndex()
        if self._total is None:
            self._total = (self._list(lib.count_items) or 0) if tag is not None or text else len(shown)
        current = self.list.currentIndex()
        keep = self.model.index_[current.row()] if current.isValid() else None
        scroll = self.list.verticalScrollBar().value()
        self.model.reset(shown, self._colours)
        if keep is not None and (row := self.model.row_of(keep)) is not None:
            self.list.setCurrentIndex(self.model.index(row))
        self.list.verticalScrollBar().setValue(scroll)
        self._show_empty(not len(shown), filtered=tag is not None or bool(text))
        # counted as the exports' headers count: "3 passages · 1 link · 1 note"
        n = self._total
        self.count.setText((self.tr("{shown} of %n item: {tally}", "", n) if n == 1
                            else self.tr("{shown} of %n items: {tally}", "", n)).format(
            shown=len(shown), tally=tally(len(shown.annotations), len(shown.links), len(shown.notes))))

    def _show_empty(self, empty: bool, *, filtered: bool) -> None:
        if empty and filtered and self._total:
            self.empty.setText(self.tr("Nothing here matches the filter: clear the words or choose All tags."))
        elif empty:
            self.empty.setText(self.tr("No notes yet. Select words in a pane, then tag them (Tag… or a "
                                       "number key), write a note on them (Note) or link them to the other "
                                       "side (Link…)."))
        self.empty.setVisible(empty)
        self.list.setVisible(not empty)

    # -- reading the list (for the window and tests)

    def row_count(self) -> int:
        return self.model.rowCount()

    def item(self, row: int) -> Item | None:
        return self.model.item(row)

    def label(self, row: int) -> str:
        it = self.model.item(row)
        return label(it) if it is not None else ""

    def rows(self) -> list[Item]:
        """Every row shown (after the tag and word filters), read whole: for small lists."""
        if self._dirty:
            self.refresh()
        return [it for r in range(self.model.rowCount()) if (it := self.model.item(r)) is not None]

    def activate(self, row: int) -> None:
        """What a click on a row does: jump to its passage (or its article)."""
        self._clicked(self.model.index(row))

    def _clicked(self, index: QModelIndex) -> None:
        e = index.data(ENTRY_ROLE) if index.isValid() else None
        if e is not None and e.kind == "link":
            self.jumpLink.emit(e.id)
        elif e is not None and e.article_id is not None and e.start is not None:
            self.jump.emit(e.article_id, e.start, e.end)
        elif e is not None and e.article_id is not None:
            self.jump.emit(e.article_id, 0, 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        e = index.data(ENTRY_ROLE) if index.isValid() else None
        if e is not None:
            self.edit.emit(e)
