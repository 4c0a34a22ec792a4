"""The main window's dialogs: Preferences, About, and the list of keyboard shortcuts.

Preferences change what the View menu changes (theme, text size, synchronised
scrolling, the side panel) in one place; the window applies them through its
actions, so the menus, the settings file and the dialog always agree.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# key, label (marked for pyside6-lupdate, translated when the dialog is made)
THEMES = (
    ("system", QT_TRANSLATE_NOOP("Preferences", "Follow the system")),
    ("light", QT_TRANSLATE_NOOP("Preferences", "Light")),
    ("dark", QT_TRANSLATE_NOOP("Preferences", "Dark")),
)


class Preferences(QDialog):
    """Theme, text size, synchronised scrolling, side panel."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(self.tr("Preferences"))
        self.theme = QComboBox()
        for key, label in THEMES:
            self.theme.addItem(self.tr(label), key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(window.theme)))
        self.font_size = QDoubleSpinBox()
        self.font_size.setRange(6.0, 40.0)
        self.font_size.setDecimals(0)
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setValue(window.font_size)
        self.sync = QCheckBox(self.tr("&Scroll the other pane along the alignment"))
        self.sync.setChecked(window.actions["sync"].isChecked())
        self.panel = QCheckBox(self.tr("Show the side &panel (summary, facts, framing, notes)"))
        self.panel.setChecked(window.actions["panel"].isChecked())
        form = QFormLayout()
        form.addRow(self.tr("&Theme:"), self.theme)
        form.addRow(self.tr("Te&xt size:"), self.font_size)
        form.addRow(self.sync)
        form.addRow(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def apply(self) -> None:
        """Make the window follow what the dialog says."""
        w = self.window_
        theme = self.theme.currentData()
        if theme != w.theme:
            w.actions[f"theme-{theme}"].trigger()
        if self.font_size.value() != w.font_size:
            w.set_font_size(self.font_size.value())
        w.actions["sync"].setChecked(self.sync.isChecked())
        w.actions["panel"].setChecked(self.panel.isChecked())

    def accept(self) -> None:
        self.apply()
        super().accept()


def about_text() -> str:
    from parallax.reader import __version__

    what = QCoreApplication.translate(
        "About", "A reader that sets two news reports of one event side by side and shows "
                 "what they share, what each adds or leaves out, and how each frames it.")
    where = QCoreApplication.translate(
        "About", "Tags, notes and links are kept in a library file on this computer.")
    return (f"<h3>Parallax {html.escape(__version__)}</h3>"
            f"<p>{html.escape(what)}</p><p>{html.escape(where)}</p>")


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "About Parallax"))
    box.setTextFormat(box.textFormat().RichText)
    box.setText(about_text())
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box


def shortcuts_dialog(rows: list[tuple[str, str]], parent: QWidget, *, hint: str | None = None) -> QDialog:
    """Every shortcut in two columns, sized to fit a laptop screen (one column, scrolled
    down, on a screen too narrow for two), over ``hint`` (by default, what a click does in
    the two panes)."""
    cells = [f"<td>{html.escape(text)}</td><td><b>{html.escape(keys)}</b></td>" for text, keys in rows]
    half = (len(cells) + 1) // 2  # two columns, so the list fits on a laptop screen
    two = "".join(f"<tr>{a}<td width=24></td>{b}</tr>"
                  for a, b in zip(cells[:half], [*cells[half:], ""], strict=False))
    one = "".join(f"<tr>{a}</tr>" for a in cells)
    box = QDialog(parent)
    box.setObjectName("shortcuts")
    box.setWindowTitle(QCoreApplication.translate("Shortcuts", "Keyboard shortcuts"))
    hint = hint if hint is not None else QCoreApplication.translate(
        "Shortcuts", "Click a highlighted passage to select its counterpart on the other side; "
                     "hover a highlight to see what it is.")
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setContentsMargins(8, 8, 8, 8)
    screen = (parent.screen() or QApplication.primaryScreen()).availableGeometry()
    room = int(screen.width() * 0.9)
    for table in (two, one):
        text = "<table cellspacing=4>" + table + "</table>"
        label.setText(text)
        width = label.sizeHint().width() + 60  # the label's own measure: bold keys and all
        if width <= room:
            break
    label.setWordWrap(True)  # the hint wraps to the table's width
    label.setText(text + f"<p>{html.escape(hint)}</p>")
    scroll = QScrollArea()
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(box.reject)
    lay = QVBoxLayout(box)
    lay.addWidget(scroll, 1)
    lay.addWidget(buttons)
    width = min(width, room)
    height = label.heightForWidth(width - 60) + 90
    box.resize(width, min(height, int(screen.height() * 0.85)))
    return box
