"""The window's notes library: one :class:`parallax.reader.notes.library.Library`, its changes as Qt signals,
Undo/Redo actions over the library's own undo log, and the pair of articles on screen.

Every write goes straight to the library file (one transaction each), so there
is no Save button and nothing is lost when the app is closed or killed.  The
library's undo log covers tagging, notes, links and codebook edits; the
``Undo``/``Redo`` actions here call ``lib.undo()``/``lib.redo()`` and label
themselves with ``lib.undo_name``/``lib.redo_name``.

A library error never escapes to Qt: :meth:`LibrarySession.call` turns it into
the ``error`` signal (one line for the status bar) and returns None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from parallax.reader.errors import ParallaxError
from parallax.reader.model import Article, Side, Span
from parallax.reader.notes.library import Annotation, ComparisonInfo, Library, OpChanges, Tag


class LibrarySession(QObject):
    """Owns the Library for one window and tells widgets what changed."""

    changed = Signal(object)  # OpChanges, after every write, undo and redo
    tagsChanged = Signal()
    annotationsChanged = Signal()  # annotations, their tags, links
    notesChanged = Signal()  # article and comparison notes
    articlesChanged = Signal()
    comparisonsChanged = Signal()
    undoChanged = Signal()
    pairChanged = Signal()  # the comparison on screen changed
    error = Signal(str)  # one line, for the status bar
    libraryChanged = Signal()  # another library file is in use (``switch``)

    def __init__(self, lib: Library, parent: QObject | None = None):
        super().__init__(parent)
        self.lib = lib
        self.comparison_id: int | None = None
        self.ids: dict[Side, int | None] = {"left": None, "right": None}
        self._unsubscribe = lib.subscribe(self._on_change)
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None
        self._annotations: dict[int, list[Annotation]] = {}  # per article, until the next change

    # -- changes

    def _on_change(self, ch: OpChanges) -> None:
        if ch.annotation or ch.tag or ch.article:
            self._annotations.clear()
        self.changed.emit(ch)
        if ch.tag:
            self.tagsChanged.emit()
        if ch.annotation or ch.link or ch.tag or ch.relation:
            self.annotationsChanged.emit()
        if ch.note:
            self.notesChanged.emit()
        if ch.article:
            self.articlesChanged.emit()
        if ch.comparison and ch.name != "Save view":
            self.comparisonsChanged.emit()
        self.undoChanged.emit()

    def call(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Run a library call; a Parallax error becomes the ``error`` signal and None."""
        try:
            return fn(*args, **kw)
        except ParallaxError as err:
            self.error.emit(str(err))
            return None

    # -- undo / redo

    def make_undo_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        undo = QAction(self.tr("&Undo"), parent)
        undo.setObjectName("undo")
        undo.setProperty("shortcut_name", self.tr("Undo a tag, note or codebook edit"))
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        redo = QAction(self.tr("&Redo"), parent)
        redo.setObjectName("redo")
        redo.setProperty("shortcut_name", self.tr("Redo"))
        keys = [QKeySequence("Ctrl+Shift+Z")]
        std = QKeySequence(QKeySequence.StandardKey.Redo)
        if not std.isEmpty() and std != keys[0]:
            keys.append(std)
        redo.setShortcuts(keys)
        undo.triggered.connect(lambda *_: self.undo())
        redo.triggered.connect(lambda *_: self.redo())
        self.undo_action, self.redo_action = undo, redo
        self.undoChanged.connect(self._label_undo)
        self._label_undo()
        return undo, redo

    def _label_undo(self) -> None:
        if self.undo_action is None or self.redo_action is None:
            return
        u, r = self.lib.undo_name, self.lib.redo_name
        self.undo_action.setEnabled(u is not None)
        self.undo_action.setText(self.tr("&Undo {name}").format(name=u) if u else self.tr("&Undo"))
        self.undo_action.setToolTip(self.tr("Undo {name} (Ctrl+Z)").format(name=u) if u else self.tr("Nothing to undo"))
        self.redo_action.setEnabled(r is not None)
        self.redo_action.setText(self.tr("&Redo {name}").format(name=r) if r else self.tr("&Redo"))
        self.redo_action.setToolTip(self.tr("Redo {name} (Ctrl+Shift+Z)").format(name=r) if r else self.tr("Nothing to redo"))

    def undo(self) -> OpChanges | None:
        if self.lib.undo_name is None:
            self.error.emit("Nothing to undo.")
            return None
        return self.call(self.lib.undo)

    def redo(self) -> OpChanges | None:
        if self.lib.redo_name is None:
            self.error.emit("Nothing to redo.")
            return None
        return self.call(self.lib.redo)

    # -- the pair on screen

    def register_pair(self, left: Article, right: Article) -> ComparisonInfo | None:
        """Store both articles (the same text is stored once) and open their comparison.

        A comparison of the same two articles in the other order is reused, so
        swapping sides keeps the notes together.  The undo history starts afresh
        for each comparison opened.
        """
        lib = self.lib
        a = self.call(lib.articles.add, left)
        b = self.call(lib.articles.add, right)
        if a is None or b is None:
            return None
        lid, rid = a.id, b.id
        if lid == rid:
            self.ids = {"left": lid, "right": rid}
            self.comparison_id = None
            self.pairChanged.emit()
            return None
        existing = next((c for c in lib.comparisons.all() if {c.left_id, c.right_id} == {lid, rid}), None)
        if existing is not None and (existing.left_id, existing.right_id) != (lid, rid):
            ch = self.call(lib.comparisons.open, existing.left_id, existing.right_id)
        else:
            ch = self.call(lib.comparisons.open, lid, rid)
        if ch is None:
            return None
        if ch.id != self.comparison_id:
            lib.clear_undo()
            self.undoChanged.emit()
        self.comparison_id = ch.id
        self.ids = {"left": lid, "right": rid}
        self.pairChanged.emit()
        return lib.comparisons.get(ch.id)

    def side_of(self, article_id: int) -> Side | None:
        for side, aid in self.ids.items():
            if aid == article_id:
                return side
        return None

    # -- tagging

    def tags(self) -> list[Tag]:
        return self.call(self.lib.tags.all) or []

    def article_annotations(self, article_id: int | None) -> list[Annotation]:
        """The non-orphaned annotations of an article (cached until the library changes)."""
        if article_id is None:
            return []
        anns = self._annotations.get(article_id)
        if anns is None:
            anns = self.call(self.lib.annotations.all, article_id=article_id, orphaned=False) or []
            self._annotations[article_id] = anns
        return anns

    def annotation_at(self, article_id: int, span: Span) -> Annotation | None:
        """The (non-orphaned) annotation of exactly this passage, if any."""
        for a in self.article_annotations(article_id):
            if a.start == span.start and a.end == span.end:
                return a
        return None

    def tag_passage(self, article_id: int, span: Span, tag: int | str, *,
                    toggle: bool = True) -> OpChanges | None:
        """Tag a passage: a new annotation, or the tag added to the passage's annotation.

        With ``toggle``, a passage that already has the tag loses it.  A tag name
        unknown to the codebook is created.
        """
        if span.end <= span.start:
            self.error.emit("Select some text first, then tag it.")
            return None
        existing = self.annotation_at(article_id, span)
        if existing is None:
            return self.call(self.lib.annotations.add, article_id, span, tags=[tag],
                             comparison_id=self.comparison_id)
        t = self.call(self.lib.tags.get, tag) if not isinstance(tag, str) or self._known(tag) else None
        if t is not None and t.id in existing.tag_ids and toggle:
            return self.call(self.lib.annotations.untag, existing.id, t.id)
        return self.call(self.lib.annotations.tag, existing.id, tag)

    def _known(self, name: str) -> bool:
        return any(t.name == name for t in self.tags())

    def switch(self, lib: Library) -> None:
        """Work in another library from now on (the old one is closed; every view refreshes)."""
        old = self.lib
        self._unsubscribe()
        self.lib = lib
        self._unsubscribe = lib.subscribe(self._on_change)
        self._annotations.clear()
        self.comparison_id = None
        self.ids = {"left": None, "right": None}
        old.close()
        for sig in (self.tagsChanged, self.annotationsChanged, self.notesChanged, self.articlesChanged,
                    self.comparisonsChanged, self.undoChanged, self.pairChanged):
            sig.emit()
        self.libraryChanged.emit()

    def detach(self) -> None:
        """Stop following the library's changes; the library stays open (a window that
        shares another's library and closes first)."""
        self._unsubscribe()
        self._unsubscribe = lambda: None

    def close(self) -> None:
        self._unsubscribe()
        self.lib.close()
