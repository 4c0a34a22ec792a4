"""The codebook editor: create, rename, recolour, merge and delete tags; import and export.

Every edit is one library operation, so Ctrl+Z in the main window takes it
back.  Deleting or merging first asks, saying how many annotations it
affects.  The codebook is exchanged as CSV or as a REFI-QDA codebook (.qdc),
which QDA tools (ATLAS.ti, MAXQDA, NVivo, QualCoder) read.

Questions and file names go through the overridable methods ``confirm``,
``ask_text``, ``ask_colour`` and ``ask_path`` so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.notes.coding import key_for_tag
from parallax.reader.notes.library import Tag
from parallax.ui.library_session import LibrarySession
from parallax.ui.tag_picker import swatch

CODEBOOK_FILTER = "REFI-QDA codebook (*.qdc);;CSV (*.csv)"


def delete_message(tag: Tag, count: int) -> str:
    if count == 0:
        text = QCoreApplication.translate(
            "CodebookEditor", "Delete the tag “{name}”?\n\nIt is on no annotations; nothing else changes. "
            "You can undo this with Ctrl+Z.")
    elif count == 1:
        text = QCoreApplication.translate(
            "CodebookEditor", "Delete the tag “{name}”?\n\nIt is on %n annotation; it keeps its other tags "
            "and notes. You can undo this with Ctrl+Z.", "", count)
    else:
        text = QCoreApplication.translate(
            "CodebookEditor", "Delete the tag “{name}”?\n\nIt is on %n annotations; they keep their other "
            "tags and notes. You can undo this with Ctrl+Z.", "", count)
    return text.format(name=tag.name)


def merge_message(sources: list[Tag], into: Tag, count: int) -> str:
    names = ", ".join(f"“{t.name}”" for t in sources)
    if count == 1 and len(sources) == 1:
        text = QCoreApplication.translate(
            "CodebookEditor", "Merge {names} into “{into}”?\n\n%n annotation will be tagged “{into}” instead, "
            "and the merged tag is deleted.", "", count)
    elif len(sources) == 1:
        text = QCoreApplication.translate(
            "CodebookEditor", "Merge {names} into “{into}”?\n\n%n annotations will be tagged “{into}” instead, "
            "and the merged tag is deleted.", "", count)
    elif count == 1:
        text = QCoreApplication.translate(
            "CodebookEditor", "Merge {names} into “{into}”?\n\n%n annotation will be tagged “{into}” instead, "
            "and the merged tags are deleted.", "", count)
    else:
        text = QCoreApplication.translate(
            "CodebookEditor", "Merge {names} into “{into}”?\n\n%n annotations will be tagged “{into}” instead, "
            "and the merged tags are deleted.", "", count)
    return text.format(names=names, into=into.name)


class CodebookEditor(QDialog):
    def __init__(self, session: LibrarySession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Codebook"))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Key"), self.tr("Uses"), self.tr("Description")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setRootIsDecorated(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename_selected())
        buttons = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for ident, text, slot in (
            ("new", QT_TRANSLATE_NOOP("CodebookEditor", "&New…"), self.new_tag),
            ("rename", QT_TRANSLATE_NOOP("CodebookEditor", "&Rename…"), self.rename_selected),
            ("colour", QT_TRANSLATE_NOOP("CodebookEditor", "&Colour…"), self.recolour_selected),
            ("describe", QT_TRANSLATE_NOOP("CodebookEditor", "D&escription…"), self.describe_selected),
            ("merge", QT_TRANSLATE_NOOP("CodebookEditor", "&Merge…"), self.merge_selected),
            ("delete", QT_TRANSLATE_NOOP("CodebookEditor", "&Delete"), self.delete_selected),
            (None, None, None),
            ("import", QT_TRANSLATE_NOOP("CodebookEditor", "&Import…"), self.import_codebook),
            ("export", QT_TRANSLATE_NOOP("CodebookEditor", "E&xport…"), self.export_codebook),
        ):
            if ident is None:
                buttons.addSpacing(12)
                continue
            b = QPushButton(self.tr(text))
            b.clicked.connect(lambda *_, f=slot: f())
            buttons.addWidget(b)
            self.buttons[ident] = b
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.tree, 1)
        top.addLayout(buttons)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addWidget(self.status)
        self.resize(640, 420)
        session.tagsChanged.connect(self.refresh)
        session.annotationsChanged.connect(self.refresh)
        session.error.connect(self.status.setText)
        self.refresh()

    # -- questions (overridden in tests)

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, label, text=value)
        return text if ok else None

    def ask_colour(self, colour: str) -> str | None:
        c = QColorDialog.getColor(QColor(colour), self, self.tr("Tag colour"))
        return c.name().upper() if c.isValid() else None

    def ask_item(self, title: str, label: str, items: list[str]) -> str | None:
        item, ok = QInputDialog.getItem(self, title, label, items, 0, False)
        return item if ok else None

    def ask_path(self, save: bool) -> str | None:
        if save:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export codebook"), "codebook.qdc", CODEBOOK_FILTER)
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import codebook"), "",
                                                  CODEBOOK_FILTER + ";;" + self.tr("All files (*)"))
        return path or None

    # -- view

    def refresh(self) -> None:
        lib = self.session.lib
        tags = self.session.tags()
        counts = self.session.call(lib.tag_counts) or {}
        selected = set(self.selected_ids())
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for t in tags:
            key = key_for_tag(tags, t.id) or ""
            it = QTreeWidgetItem([t.name, key, str(counts.get(t.id, 0)), t.description or ""])
            it.setIcon(0, swatch(t.colour))
            it.setData(0, Qt.ItemDataRole.UserRole, t.id)
            it.setToolTip(0, f"{t.name} ({t.colour})")
            items[t.id] = it
        for t in tags:
            parent = items.get(t.parent_id) if t.parent_id else None
            (parent.addChild(items[t.id]) if parent is not None else self.tree.addTopLevelItem(items[t.id]))
        self.tree.expandAll()
        for tid in selected:
            if tid in items:
                items[tid].setSelected(True)

    def selected_ids(self) -> list[int]:
        return [int(it.data(0, Qt.ItemDataRole.UserRole)) for it in self.tree.selectedItems()]

    def select(self, *tag_ids: int) -> None:
        self.tree.clearSelection()
        for it in self._all_items():
            if int(it.data(0, Qt.ItemDataRole.UserRole)) in tag_ids:
                it.setSelected(True)
                # NoUpdate: with Ctrl still held (after a shortcut), a plain setCurrentItem would toggle it off
                self.tree.setCurrentItem(it, 0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _all_items(self):
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            it = stack.pop()
            yield it
            stack.extend(it.child(i) for i in range(it.childCount()))

    def _one(self) -> Tag | None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.status.setText(self.tr("Select one tag first."))
            return None
        return self.session.call(self.session.lib.tag, ids[0])

    # -- edits (each one library operation)

    def new_tag(self, name: str | None = None) -> Tag | None:
        name = name if name is not None else self.ask_text(self.tr("New tag"), self.tr("Name:"))
        if not name or not name.strip():
            return None
        ch = self.session.call(self.session.lib.add_tag, name)
        if ch is None:
            return None
        self.select(ch.id)
        return self.session.lib.tag(ch.id)

    def rename_selected(self, name: str | None = None) -> bool:
        return self._update_selected("name", name, lambda t: self.ask_text(self.tr("Rename tag"), self.tr("Name:"), t.name))

    def recolour_selected(self, colour: str | None = None) -> bool:
        return self._update_selected("colour", colour, lambda t: self.ask_colour(t.colour))

    def describe_selected(self, text: str | None = None) -> bool:
        return self._update_selected(
            "description", text, lambda t: self.ask_text(self.tr("Describe tag"), self.tr("Description:"), t.description),
            may_be_empty=True)

    def _update_selected(self, field: str, value: str | None, ask: Callable[[Tag], str | None], *,
                         may_be_empty: bool = False) -> bool:
        """Set one field of the selected tag to ``value`` (asked for when None); False if
        nothing is selected, the user cancels, or nothing would change."""
        t = self._one()
        if t is None:
            return False
        value = value if value is not None else ask(t)
        if value is None or (not value and not may_be_empty) or value == getattr(t, field):
            return False
        return self.session.call(self.session.lib.update_tag, t.id, **{field: value}) is not None

    def merge_selected(self, into: int | None = None) -> bool:
        lib = self.session.lib
        ids = self.selected_ids()
        if not ids:
            self.status.setText(self.tr("Select the tags to merge first."))
            return False
        tags = self.session.tags()
        if into is None:
            if len(ids) == 1:
                choices = [t.name for t in tags if t.id not in ids]
                name = self.ask_item(self.tr("Merge tag"), self.tr("Merge “{name}” into:").format(name=lib.tag(ids[0]).name), choices)
                if name is None:
                    return False
                into = lib.tag(name).id
            else:
                choices = [t.name for t in tags if t.id in ids]
                name = self.ask_item(self.tr("Merge tags"), self.tr("Keep which tag?"), choices)
                if name is None:
                    return False
                into = lib.tag(name).id
        target = lib.tag(into)
        sources = [lib.tag(i) for i in ids if i != into]
        if not sources:
            return False
        affected = {a.id for s in sources for a in lib.annotations(tag=s.id)}
        if not self.confirm(self.tr("Merge tags"), merge_message(sources, target, len(affected))):
            return False
        return self.session.call(lib.merge_tags, [s.id for s in sources], into) is not None

    def delete_selected(self) -> bool:
        lib = self.session.lib
        ids = self.selected_ids()
        if not ids:
            self.status.setText(self.tr("Select a tag to delete first."))
            return False
        done = False
        for tid in ids:
            t = self.session.call(lib.tag, tid)
            if t is None:
                continue
            count = self.session.call(lib.tag_usage, tid) or 0
            if not self.confirm(self.tr("Delete tag"), delete_message(t, count)):
                continue
            ch = self.session.call(lib.delete_tag, tid)
            if ch is not None:
                done = True
                n = ch.count
                self.status.setText((self.tr("Deleted “{name}” from %n annotation. Ctrl+Z undoes it.", "", n) if n == 1
                                     else self.tr("Deleted “{name}” from %n annotations. Ctrl+Z undoes it.", "", n)
                                     ).format(name=t.name))
        return done

    def import_codebook(self, path: str | None = None) -> bool:
        path = path or self.ask_path(save=False)
        if not path:
            return False
        ch = self.session.call(self.session.lib.import_codebook_file, path)
        if ch is None:
            return False
        n = ch.count
        self.status.setText((self.tr("Imported the codebook from {file}: %n tag added or updated.", "", n) if n == 1
                             else self.tr("Imported the codebook from {file}: %n tags added or updated.", "", n)
                             ).format(file=Path(path).name))
        return True

    def export_codebook(self, path: str | None = None) -> bool:
        path = path or self.ask_path(save=True)
        if not path:
            return False
        fmt = "csv" if path.lower().endswith(".csv") else "qdc"
        text = self.session.call(self.session.lib.export_codebook, fmt)
        if text is None:
            return False
        try:
            Path(path).write_text(text, encoding="utf-8", newline="")
        except OSError as err:
            self.status.setText(self.tr("Could not write {path}: {reason}").format(path=path, reason=err.strerror))
            return False
        self.status.setText(self.tr("Exported the codebook to {path}.").format(path=path))
        return True
