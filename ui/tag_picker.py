"""A searchable tag picker: type to filter the codebook, Enter to apply, or create a new tag.

``TagPicker(tags)`` is a small dialog; after ``exec()`` (or ``accept()`` in
tests) :attr:`TagPicker.choice` is a tag id (``int``) for an existing tag or a
name (``str``) for a tag to create.  Matching is case-insensitive on the
name and the description; the number key of the first nine tags is shown.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.notes.coding import key_for_tag
from parallax.reader.notes.library import Tag

CREATE_ROLE = Qt.ItemDataRole.UserRole + 1


@lru_cache(maxsize=256)
def swatch(colour: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(colour))
    return QIcon(pm)


class TagPicker(QDialog):
    def __init__(self, tags: list[Tag], parent: QWidget | None = None, *, title: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title if title is not None else self.tr("Tag passage"))
        self.tags = list(tags)
        self.choice: int | str | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Type to find a tag, or a new tag's name…"))
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.hint = QLabel(self.tr("Enter applies the highlighted tag; a name not in the codebook creates it."))
        self.hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.hint)
        self.edit.textChanged.connect(self.refilter)
        self.edit.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        self.edit.installEventFilter(self)
        self.resize(360, 380)
        self.refilter()

    def refilter(self) -> None:
        text = " ".join(self.edit.text().split())
        needle = text.casefold()
        self.list.clear()
        exact = False
        for t in self.tags:
            if needle and needle not in t.name.casefold() and needle not in (t.description or "").casefold():
                continue
            exact = exact or t.name.casefold() == needle
            key = key_for_tag(self.tags, t.id)
            item = QListWidgetItem(swatch(t.colour), f"{t.name}" + (f"    [{key}]" if key else ""))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            if t.description:
                item.setToolTip(t.description)
            self.list.addItem(item)
        if text and not exact:
            item = QListWidgetItem(self.tr("Create tag “{name}”").format(name=text))
            item.setData(CREATE_ROLE, text)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, obj, event):
        # Up/Down in the search field move in the list
        if obj is self.edit and event.type() == event.Type.KeyPress and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(obj, event)

    def accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        create = item.data(CREATE_ROLE)
        self.choice = create if create else int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
