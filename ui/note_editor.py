"""The Markdown note editor, bound to one thing the analyst is writing about.

A note can sit on:

- a passage (``Target.passage``): the annotation's note; the passage is
  annotated first if it is not yet;
- a link between a left and a right passage (``Target.link``): with a
  relation, "same fact", "reframes", "contradicts", "omits" or one typed in;
- an article (``Target.article``) or the whole comparison (``Target.comparison``).

:class:`NoteEditor` is a dialog with a Write tab (plain Markdown) and a
Preview tab, rendered by ``note_markup.note_html`` as the HTML export and the PDF render
notes (no raw HTML; links only to http(s) and mailto).  :func:`save_note` writes what the
editor holds to the library in one operation, so one Undo takes it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.model import Span
from parallax.reader.notes.library import BUILTIN_RELATIONS, Library, OpChanges
from parallax.reader.notes.note_markup import note_html
from parallax.ui.textview import BidiPlainTextEdit


@dataclass(frozen=True)
class Target:
    """What a note is about."""

    kind: str  # "passage" | "link" | "article" | "comparison"
    article_id: int | None = None
    span: Span | None = None
    other_article_id: int | None = None  # link: the right-hand article
    other_span: Span | None = None
    comparison_id: int | None = None

    @classmethod
    def passage(cls, article_id: int, span: Span, comparison_id: int | None = None) -> Target:
        return cls("passage", article_id, span, comparison_id=comparison_id)

    @classmethod
    def link(cls, left_article: int, left_span: Span, right_article: int, right_span: Span,
             comparison_id: int | None = None) -> Target:
        return cls("link", left_article, left_span, right_article, right_span, comparison_id)

    @classmethod
    def article(cls, article_id: int) -> Target:
        return cls("article", article_id)

    @classmethod
    def comparison(cls, comparison_id: int) -> Target:
        return cls("comparison", comparison_id=comparison_id)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def describe(lib: Library, target: Target) -> str:
    if target.kind == "passage":
        text = lib.article_text(target.article_id)
        return QCoreApplication.translate("NoteEditor", "Note on the passage “{quote}”").format(
            quote=_short(text[target.span.start:target.span.end]))
    if target.kind == "link":
        a = lib.article_text(target.article_id)[target.span.start:target.span.end]
        b = lib.article_text(target.other_article_id)[target.other_span.start:target.other_span.end]
        return QCoreApplication.translate("NoteEditor", "Note on the link “{left}” ↔ “{right}”").format(
            left=_short(a, 60), right=_short(b, 60))
    if target.kind == "article":
        return QCoreApplication.translate("NoteEditor", "Note on the article “{title}”").format(
            title=_short(lib.article(target.article_id).display_name, 70))
    return QCoreApplication.translate("NoteEditor", "Note on the whole comparison")


def existing(lib: Library, target: Target) -> tuple[str, str | None, int | None]:
    """(body, relation, record id) of the note already there, or ("", None, None)."""
    if target.kind == "passage":
        for a in lib.annotations(article_id=target.article_id, orphaned=False):
            if (a.start, a.end) == tuple(target.span):
                return a.note, None, a.id
    elif target.kind == "link":
        src = _find_ann(lib, target.article_id, target.span)
        dst = _find_ann(lib, target.other_article_id, target.other_span)
        if src is not None and dst is not None:
            for ln in lib.links(annotation_id=src):
                if {ln.source_id, ln.target_id} == {src, dst}:
                    return ln.note, ln.relation, ln.id
    elif target.kind == "article":
        notes = lib.notes(article_id=target.article_id)
        if notes:
            return notes[0].body, None, notes[0].id
    else:
        notes = lib.notes(comparison_id=target.comparison_id)
        if notes:
            return notes[0].body, None, notes[0].id
    return "", None, None


def _find_ann(lib: Library, article_id: int, span: Span) -> int | None:
    for a in lib.annotations(article_id=article_id, orphaned=False):
        if (a.start, a.end) == tuple(span):
            return a.id
    return None


def save_note(lib: Library, target: Target, body: str, relation: str | None = None) -> OpChanges | None:
    """Write the note (and relation) for ``target``; None when nothing changed."""
    old, old_rel, rid = existing(lib, target)
    if target.kind == "passage":
        if rid is None:
            return lib.add_annotation(target.article_id, target.span, note=body,
                                      comparison_id=target.comparison_id)
        return lib.update_annotation(rid, note=body) if body != old else None
    if target.kind == "link":
        relation = (relation or "same fact").strip() or "same fact"
        if rid is None:
            return lib.link_passages(target.article_id, target.span, target.other_article_id,
                                     target.other_span, relation, note=body,
                                     comparison_id=target.comparison_id)
        if body == old and relation == old_rel:
            return None
        return lib.update_link(rid, relation=relation, note=body)
    if rid is None:
        if not body.strip():
            return None
        if target.kind == "article":
            return lib.add_note(body, article_id=target.article_id)
        return lib.add_note(body, comparison_id=target.comparison_id)
    if body == old:
        return None
    return lib.update_note(rid, body)


class NoteEditor(QDialog):
    """Write a Markdown note (with a relation, for a link) and preview it."""

    def __init__(self, lib: Library, target: Target, parent: QWidget | None = None):
        super().__init__(parent)
        self.lib = lib
        self.target = target
        body, relation, _ = existing(lib, target)
        self.setWindowTitle(self.tr("Link note") if target.kind == "link" else self.tr("Note"))
        self.about = QLabel(describe(lib, target))
        self.about.setWordWrap(True)
        self.relation = QComboBox()
        self.relation.setEditable(True)
        names = list(BUILTIN_RELATIONS) + [r.name for r in lib.relations() if r.name not in BUILTIN_RELATIONS]
        self.relation.addItems(names)
        self.relation.setToolTip(self.tr("How the two passages relate; type a new relation to define one."))
        if relation:
            self.relation.setCurrentText(relation)
        self.edit = BidiPlainTextEdit(body)
        self.edit.setPlaceholderText(self.tr("Markdown: **bold**, *italic*, - lists, > quotes, [links](https://…)"))
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.edit, self.tr("Write"))
        self.tabs.addTab(self.preview, self.tr("Preview"))
        self.tabs.currentChanged.connect(self._render)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(self.tr("Save the note (Ctrl+Enter)"))
        # Keyboard only: Tab leaves the text for the buttons, Ctrl+Enter saves, Esc cancels.
        self.edit.setTabChangesFocus(True)
        save = QAction(self.tr("Save"), self)
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(lambda *_: self.accept())
        self.addAction(save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.about)
        if target.kind == "link":
            form = QFormLayout()
            form.addRow(self.tr("&Relation:"), self.relation)
            lay.addLayout(form)
        else:
            self.relation.hide()
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        self.resize(560, 420)
        self.edit.setFocus()

    def _render(self, index: int) -> None:
        if index == 1:
            # the renderer of the HTML export and the PDF: what is previewed is what is shared
            self.preview.setHtml(note_html(self.edit.toPlainText()))

    def body(self) -> str:
        return self.edit.toPlainText()

    def relation_name(self) -> str | None:
        return self.relation.currentText().strip() if self.target.kind == "link" else None

    def save(self) -> OpChanges | None:
        return save_note(self.lib, self.target, self.body(), self.relation_name())
