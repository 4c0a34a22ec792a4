"""What an empty pane says: how to put an article there, over the blank text view.

Before any pair is shown the two panes were blank white boxes: nothing said that a
file can be dropped on them or which keys open one.  :class:`EmptyHints` lays a
word-wrapped, muted note over the middle of each pane's text view while the window
shows no pair, naming the menu items and their shortcuts as the actions have them.

One file opened (or dropped, or pasted) while nothing is shown is held on its side
(:meth:`EmptyHints.hold`) rather than refused: its pane says what waits there and
the other pane asks for the article to compare it with; the second one opens the
pair.  The notes go as soon as a pair is on screen (the session's ``pair`` event).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from parallax.reader.model import Article, Side
from parallax.ui.worker import Source


def source_name(source: Source) -> str:
    """A held source as the analyst knows it: its file name, its title, or "pasted text"."""
    if isinstance(source, Path):
        return source.name
    if isinstance(source, Article):
        return source.display_name
    return _tr("pasted text")


def _tr(text: str) -> str:
    """The hints' words in the reader's language (context ``EmptyHints``)."""
    return QCoreApplication.translate("EmptyHints", text)


def _side(side: Side) -> str:
    return _tr("left") if side == "left" else _tr("right")


class _Note(QLabel):
    """The note over one text view: centred in its viewport, clicks and drops passing through."""

    def __init__(self, viewport: QWidget):
        super().__init__(viewport)
        self.setObjectName("emptyHint")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, in either theme
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.wanted = False  # the owner's say; hidden while something is dragged over the view
        self.dragging = False
        viewport.installEventFilter(self)

    def want(self, on: bool) -> None:
        self.wanted = on
        self.setVisible(on and not self.dragging)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.fit()
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragLeave, QEvent.Type.Drop):
            # the view draws "Drop to open on the left" where the note is: one text at a time
            self.dragging = kind == QEvent.Type.DragEnter
            self.setVisible(self.wanted and not self.dragging)
        return False

    def fit(self) -> None:
        area = self.parentWidget().rect()
        margin = min(24, area.width() // 10)
        width = max(40, area.width() - 2 * margin)
        height = min(area.height(), self.heightForWidth(width))
        self.setGeometry(margin, max(0, (area.height() - height) // 3), width, height)


class EmptyHints(QObject):
    """The notes over both panes of ``window`` (a :class:`~parallax.ui.main_window.MainWindow`)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.held: dict[Side, Source] = {}
        self.notes: dict[Side, _Note] = {side: _Note(window.view.pane(side).view.viewport())
                                         for side in ("left", "right")}
        window.session.subscribe("pair", self.refresh)
        self.refresh()

    def _keys(self, ident: str) -> str:
        """An action's menu path and shortcut: "File > Open Articles… (Ctrl+O)"."""
        action = self.window.actions[ident]
        text = _tr("File > {item}").format(item=action.text().replace("&", ""))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return html.escape(f"{text} ({keys})" if keys else text)

    def text(self, side: Side) -> str:
        """What the pane on ``side`` says while no pair is shown."""
        other: Side = "right" if side == "left" else "left"
        if side in self.held:
            return "<p><b>{}</b></p><p>{}</p>".format(
                html.escape(_tr("{name} waits here.").format(name=source_name(self.held[side]))),
                html.escape(_tr("It is shown and compared once the {other} side has an article.").format(
                    other=_side(other))))
        if other in self.held:
            title = _tr("Now the article to compare with {name}").format(name=source_name(self.held[other]))
        else:
            title = _tr("No article on the {side} yet").format(side=_side(side))
        return "<p><b>{}</b></p><p>{}</p><p>{}</p>".format(
            html.escape(title),
            _tr("Drop a file here, or choose {open_side}.").format(open_side=self._keys(f"open-{side}")),
            _tr("{open_both} opens both sides at once; {paste} compares a text from the clipboard.").format(
                open_both=self._keys("open"), paste=self._keys(f"paste-{side}")))

    def waiting(self) -> str | None:
        """What the Summary tab says while one article waits for the other (rich text);
        None when none waits."""
        if len(self.held) != 1:
            return None
        side = next(iter(self.held))
        other: Side = "right" if side == "left" else "left"
        return "<p><b>{}</b></p><p>{}</p>".format(
            html.escape(_tr("{name} waits on the {side}.").format(name=source_name(self.held[side]), side=_side(side))),
            _tr("Open the article to compare it with: {open_side}, {paste}, or drop a file on the {other} pane.").format(
                open_side=self._keys(f"open-{other}"), paste=self._keys(f"paste-{other}"),
                other=_side(other)))

    def refresh(self) -> None:
        shown = self.window.session.pair is not None
        if shown:
            self.held.clear()
        for side, note in self.notes.items():
            note.want(not shown)
            if not shown:
                note.setText(self.text(side))
                note.fit()
        if not shown:
            self.window.panel.summary.set_idle(self.waiting())

    def hold(self, side: Side, source: Source) -> tuple[Source, Source] | None:
        """One article for ``side`` while no pair is shown: held there, or, when the other
        side already holds one, the pair to open (left, right)."""
        other: Side = "right" if side == "left" else "left"
        if other in self.held:
            waiting = self.held.pop(other)
            return (source, waiting) if side == "left" else (waiting, source)
        self.held[side] = source
        self.refresh()
        return None


class EmptyListNote(QObject):
    """A muted note over ``view`` while it has no model or its model no rows: ``text()``
    (plain text, asked again whenever the rows change) says what fills it or how.  A view
    given another model later (``setModel``) is followed: call :meth:`follow` after it."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]):
        super().__init__(view)
        self.view, self.text = view, text
        self.note = _Note(view.viewport())
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self._model = None
        self.follow()

    def follow(self) -> None:
        """Watch the view's present model (another after ``setModel``) and show the note as it says."""
        model = self.view.model()
        if model is not None and model is not self._model:
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
                signal.connect(self.refresh)
        self._model = model
        self.refresh()

    def refresh(self, *_args) -> None:
        try:
            model = self.view.model()
        except RuntimeError:  # the view is being destroyed: its model empties itself into nothing
            return
        if model is not self._model:  # an earlier model of the view, still alive
            return
        empty = model is None or model.rowCount() == 0
        text = self.text() if empty else ""
        self.note.want(empty and bool(text))
        if empty:
            self.note.setText(text)
            self.note.fit()
