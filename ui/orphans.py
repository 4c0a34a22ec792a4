"""Orphaned annotations: passages whose text changed so the library could not find them again.

They are never dropped: this panel lists each with its quote (and the words
around it), and "Reattach to selection" moves it onto the passage selected in
the reader (the article it belongs to must be on screen).  One Undo takes a
reattachment back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.model import Span
from parallax.ui.library_session import LibrarySession

ORPHAN_ROLE = Qt.ItemDataRole.UserRole + 3

# (article id, span) of the current selection in the reader, or None
SelectionProvider = Callable[[], "tuple[int, Span] | None"]


def _short(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


class OrphansPanel(QWidget):
    def __init__(self, session: LibrarySession, selection: SelectionProvider, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.selection = selection
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.reattach = QPushButton(self.tr("&Reattach to Selection"))
        self.reattach.setToolTip(self.tr("Select the passage in the reader where this note belongs, then click"))
        self.delete = QPushButton(self.tr("De&lete"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.reattach)
        row.addWidget(self.delete)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.info)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        lay.addWidget(self.status)
        self.reattach.clicked.connect(lambda *_: self.reattach_current())
        self.delete.clicked.connect(lambda *_: self.delete_current())
        for sig in (session.annotationsChanged, session.articlesChanged):
            sig.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        lib = self.session.lib
        orphans = self.session.call(lib.orphans) or []
        titles = {a.id: a.display_name for a in (self.session.call(lib.articles) or [])}
        self.list.clear()
        for a in orphans:
            tags = f"  [{', '.join(a.tags)}]" if a.tags else ""
            text = (f"“{_short(a.exact, 120)}”{tags}\n…{_short(a.prefix, 32)}▮{_short(a.suffix, 32)}…\n"
                    + self.tr("in {title}").format(title=_short(titles.get(a.article_id, "?"), 50)))
            if a.note:
                text += "\n" + self.tr("Note: {note}").format(note=_short(a.note, 80))
            item = QListWidgetItem(text)
            item.setData(ORPHAN_ROLE, a.id)
            self.list.addItem(item)
        n = len(orphans)
        self.info.setText(
            self.tr("No orphaned annotations: every passage was found again.") if n == 0 else
            self.tr("%n annotation could not be found after the text changed. "
                    "Select where it belongs in the reader and reattach it.", "", n) if n == 1 else
            self.tr("%n annotations could not be found after the text changed. "
                    "Select where each belongs in the reader and reattach it.", "", n))
        self.reattach.setEnabled(n > 0)
        self.delete.setEnabled(n > 0)
        if n:
            self.list.setCurrentRow(0)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(ORPHAN_ROLE))

    def reattach_current(self) -> bool:
        aid = self.current_id()
        if aid is None:
            return False
        sel = self.selection()
        ann = self.session.call(self.session.lib.annotation, aid)
        if ann is None:
            return False
        if sel is None or sel[0] != ann.article_id or sel[1].end <= sel[1].start:
            self.status.setText(self.tr("Select the passage in this annotation's article first "
                                        "(open it in the reader)."))
            return False
        ch = self.session.call(self.session.lib.reattach_annotation, aid, sel[1])
        if ch is not None:
            self.status.setText(self.tr("Reattached. Ctrl+Z undoes it."))
        return ch is not None

    def delete_current(self) -> bool:
        aid = self.current_id()
        if aid is None:
            return False
        return self.session.call(self.session.lib.delete_annotation, aid) is not None
