"""The notes panel: every annotation, link and note of the comparison (or the library),
filtered by tag and by text; clicking one jumps to its passage.

Rows come from the library each time it changes (``LibrarySession`` signals).
A row's ``Entry`` says what it is; ``jump(article_id, start, end)`` asks the
window to show a passage, ``edit(entry)`` (double click) to open its note.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.library import Annotation
from ui.library_session import LibrarySession
from ui.pane import is_right_to_left
from ui.tag_picker import swatch

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Entry:
    kind: str  # "annotation" | "link" | "note"
    id: int
    article_id: int | None
    start: int | None
    end: int | None
    text: str  # what the filter searches
    tags: tuple[str, ...] = ()


def _short(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


class NotesPanel(QWidget):
    jump = Signal(int, int, int)  # article id, start, end (code points)
    edit = Signal(object)  # Entry

    def __init__(self, session: LibrarySession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter notes and passages…")
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.tag.setToolTip("Only passages with this tag")
        self.scope = QComboBox()
        self.scope.addItems(["This comparison", "Whole library"])
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.tag, 1)
        row.addWidget(self.scope)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.count)
        self._entries: list[Entry] = []
        self._dirty = True
        self.search.textChanged.connect(self.apply_filter)
        self.tag.currentIndexChanged.connect(self.apply_filter)
        self.scope.currentIndexChanged.connect(self.refresh)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        self.list.itemDoubleClicked.connect(lambda item: self.edit.emit(item.data(ENTRY_ROLE)))
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
        self._dirty = False
        lib, call = self.session.lib, self.session.call
        tags = self.session.tags()
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All tags", None)
        for t in tags:
            self.tag.addItem(swatch(t.colour), t.name, t.name)
        i = self.tag.findData(current)
        self.tag.setCurrentIndex(max(0, i))
        self.tag.blockSignals(False)
        ids = self._article_ids()
        anns: list[Annotation] = []
        if ids is None:
            anns = call(lib.annotations) or []
        else:
            for aid in dict.fromkeys(ids):
                anns.extend(call(lib.annotations, article_id=aid) or [])
        by_id = {a.id: a for a in anns}
        titles = {a.id: a.display_name for a in (call(lib.articles) or [])}
        entries: list[Entry] = []
        for a in anns:
            if not a.tags and not a.note and self._linked_only(a.id):
                continue  # a bare link end: shown under its link
            text = " ".join((a.exact, a.note, " ".join(a.tags), titles.get(a.article_id, "")))
            entries.append(Entry("annotation", a.id, a.article_id, a.start, a.end, text, a.tags))
        seen: set[int] = set()
        for a in anns:
            for ln in call(lib.links, annotation_id=a.id) or []:
                if ln.id in seen:
                    continue
                seen.add(ln.id)
                src = by_id.get(ln.source_id) or call(lib.annotation, ln.source_id)
                dst = by_id.get(ln.target_id) or call(lib.annotation, ln.target_id)
                if src is None or dst is None:
                    continue
                text = " ".join((ln.relation, ln.note, src.exact, dst.exact))
                entries.append(Entry("link", ln.id, src.article_id, src.start, src.end, text,
                                     tuple(dict.fromkeys(src.tags + dst.tags))))
        notes = []
        if ids is None:
            notes = [n for aid in titles for n in (call(lib.notes, article_id=aid) or [])]
            notes += [n for c in (call(lib.comparisons) or []) for n in (call(lib.notes, comparison_id=c.id) or [])]
        else:
            for aid in dict.fromkeys(ids):
                notes += call(lib.notes, article_id=aid) or []
            if self.session.comparison_id is not None:
                notes += call(lib.notes, comparison_id=self.session.comparison_id) or []
        for n in notes:
            entries.append(Entry("note", n.id, n.article_id, None, None, n.body))
        self._entries = entries
        self._titles = titles
        self._anns = by_id
        self.apply_filter()

    def _linked_only(self, annotation_id: int) -> bool:
        return bool(self.session.call(self.session.lib.links, annotation_id=annotation_id))

    @property
    def entries(self) -> list[Entry]:
        """Every item in scope (before the tag and text filters)."""
        if self._dirty:
            self.refresh()
        return self._entries

    def visible_entries(self) -> list[Entry]:
        if self._dirty:
            self.refresh()
        needle = self.search.text().casefold().split()
        tag = self.tag.currentData()
        out = []
        for e in self._entries:
            if tag is not None and tag not in e.tags:
                continue
            hay = e.text.casefold()
            if all(w in hay for w in needle):
                out.append(e)
        return out

    def apply_filter(self) -> None:
        lib = self.session.lib
        tags = {t.name: t for t in self.session.tags()}
        self.list.clear()
        shown = self.visible_entries()
        for e in shown:
            label = self._label(e, lib)
            item = QListWidgetItem(label)
            item.setData(ENTRY_ROLE, e)
            if is_right_to_left(label):  # an Arabic or Hebrew quote reads from the right
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if e.tags and e.tags[0] in tags:
                item.setIcon(swatch(tags[e.tags[0]].colour))
            self.list.addItem(item)
        self.count.setText(f"{len(shown)} of {len(self._entries)} item(s)")

    def _label(self, e: Entry, lib) -> str:
        if e.kind == "annotation":
            a = self._anns.get(e.id)
            if a is None:
                return ""
            head = f"“{_short(a.exact, 90)}”"
            if a.orphaned:
                head = "[orphaned] " + head
            tags = ("  [" + ", ".join(a.tags) + "]") if a.tags else ""
            note = ("\n" + _short(a.note)) if a.note else ""
            return head + tags + note
        if e.kind == "link":
            ln = self.session.call(lib.link, e.id)
            if ln is None:
                return ""
            src = self.session.call(lib.annotation, ln.source_id)
            dst = self.session.call(lib.annotation, ln.target_id)
            a = _short(src.exact, 50) if src else "?"
            b = _short(dst.exact, 50) if dst else "?"
            note = ("\n" + _short(ln.note)) if ln.note else ""
            return f"⟷ {ln.relation}: “{a}” / “{b}”{note}"
        where = f"on “{_short(self._titles.get(e.article_id, ''), 40)}”" if e.article_id else "on the comparison"
        return f"✎ Note {where}\n{_short(e.text)}"

    def _clicked(self, item: QListWidgetItem) -> None:
        e: Entry = item.data(ENTRY_ROLE)
        if e is not None and e.article_id is not None and e.start is not None:
            self.jump.emit(e.article_id, e.start, e.end)
        elif e is not None and e.article_id is not None:
            self.jump.emit(e.article_id, 0, 0)
