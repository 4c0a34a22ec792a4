"""Tagging and passage notes in the story view's passage pane (issue #15 item 3).

The pane shows one source at a time (a matrix cell's passage).  With a library
(:class:`parallax.ui.story_library.StoryDesk`), it works like a pane of the
pairwise view, through the same pieces: number keys 1-9 tag the selection with
the codebook's key (:func:`parallax.reader.notes.coding.tag_for_key`,
``LibrarySession.tag_passage``, which toggles a tag already there); the coding
stripes and note marks in the margin (:class:`parallax.ui.tag_paint.CodingStripes`,
:func:`~parallax.ui.tag_paint.note_marks`); the Markdown note editor for a note on
the selected passage (:class:`parallax.ui.note_editor.NoteEditor`).  The matrix
cell's own marks stay the pane's extra selections, so tags are shown in the margin.
Links need two passages side by side: they are made in the two-pane window
(Story > Side by Side), with the pairwise view's tools.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

from parallax.reader.model import Span
from parallax.reader.notes.coding import tag_for_key, trim_span
from parallax.ui.note_editor import NoteEditor, Target, save_note
from parallax.ui.tag_paint import CodingStripes, NoteMark, note_marks

_DIGITS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(1, 10)}


class PassageTagging(QObject):
    """Number-key tagging, coding stripes and passage notes for the story's passage pane."""

    def __init__(self, desk):
        super().__init__(desk)
        self.desk = desk
        self.story = desk.story
        self.view = self.story.passage.view
        self.stripes = CodingStripes(self.view)
        self.stripes.passageClicked.connect(lambda s, e: self.view.select_span(Span(s, e)))
        self.stripes.noteClicked.connect(self.open_mark)
        self.story.passage.add_margin(self.stripes)
        self.view.installEventFilter(self)
        # Runs a modal dialog and says whether it was accepted (tests answer instead).
        self.run_dialog = lambda dialog: dialog.exec() == dialog.DialogCode.Accepted
        session = desk.session
        session.annotationsChanged.connect(self.repaint)
        session.tagsChanged.connect(self.repaint)
        self.story.passageShown.connect(self.repaint)

    def _status(self, message: str) -> None:
        self.story.statusBar().showMessage(message, 8000)

    def article_id(self) -> int | None:
        """The library id of the article in the pane."""
        c, article = self.story.collation, self.story.passage.article
        if c is None or article is None or not self.desk.article_ids:
            return None
        k = next((i for i, s in enumerate(c.sources) if s.article is article), None)
        return None if k is None else self.desk.article_ids[k]

    def selection(self) -> Span | None:
        span = self.view.selection()
        if span is None:
            return None
        span = trim_span(self.view.text, span)
        return span if span.end > span.start else None

    def repaint(self) -> None:
        aid = self.article_id()
        s = self.desk.session
        anns = s.article_annotations(aid)
        self.stripes.set_coding(anns, s.tags())
        self.stripes.set_marks(note_marks(anns, []))

    def tag_with_key(self, key: str) -> bool:
        """Tag the pane's selection with the tag on number key ``key``."""
        s = self.desk.session
        tag = tag_for_key(s.tags(), key)
        if tag is None:
            self._status(self.tr("No tag on key {key}; add one in the codebook "
                                 "(the two-pane window's Notes > Codebook).").format(key=key))
            return False
        aid, span = self.article_id(), self.selection()
        if aid is None:
            self._status(self.tr("This article is not in the library, so it cannot be tagged."))
            return False
        if span is None:
            self._status(self.tr("Select some text in the passage first, then tag it."))
            return False
        if s.tag_passage(aid, span, tag.id) is None:
            return False
        self._status(self.tr("Tagged “{name}” (the same key again takes it off).").format(name=tag.name))
        return True

    def note_passage(self) -> bool:
        """Write a note on the selected passage (the Markdown note editor)."""
        aid, span = self.article_id(), self.selection()
        if aid is None or span is None:
            self._status(self.tr("Select the passage the note is about first."))
            return False
        return self._edit(Target.passage(aid, span, None))

    def open_mark(self, mark: NoteMark) -> bool:
        aid = self.article_id()
        return aid is not None and self._edit(Target.passage(aid, mark.span, None))

    def _edit(self, target: Target) -> bool:
        editor = NoteEditor(self.desk.lib, target, self.story)
        if not self.run_dialog(editor):
            return False
        return self.desk.session.call(save_note, self.desk.lib, target, editor.body()) is not None

    def eventFilter(self, obj, event):
        if obj is self.view and event.type() == QEvent.Type.KeyPress:
            key = _DIGITS.get(event.key())
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key is not None and mods == Qt.KeyboardModifier.NoModifier:
                self.tag_with_key(key)
                return True
        return False
