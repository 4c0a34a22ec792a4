"""Tagging in the panes: number keys, the tag bar and menu, the picker, the context menu,
tag colours on the passages and the coding margin (stripes and note marks).

:class:`TagTools` works through public pieces only: each pane's ``add_margin``
for its :class:`parallax.ui.tag_paint.CodingStripes`, the text views' span methods
for selections, the window's actions and status bar, and the workflow it belongs
to (``desk``) for the library session, the window's session model and dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolTip

from parallax.reader.model import Side, Span
from parallax.reader.notes.coding import key_for_tag, tag_for_key, trim_span
from parallax.ui.session import other
from parallax.ui.tag_paint import CodingStripes, TagPainter, note_marks
from parallax.ui.tag_picker import TagPicker, swatch
from parallax.ui.toolbars import FitToolBar, TagStrip

_DIGITS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(1, 10)}
NO_SELECTION = QT_TRANSLATE_NOOP("TagTools", "Select some text in a pane first, then tag it.")


class TagTools(QObject):
    def __init__(self, desk):
        super().__init__(desk)
        self.desk = desk
        self.window = desk.window
        self.painters: dict[Side, TagPainter] = {}
        self.stripes: dict[Side, CodingStripes] = {}
        self.tag_actions: list[QAction] = []
        for side in ("left", "right"):
            pane = self.window.view.pane(side)
            view = pane.view
            self.painters[side] = TagPainter(view)
            stripes = CodingStripes(view)
            stripes.passageClicked.connect(lambda s, e, side=side: self.select(side, Span(s, e)))
            stripes.noteClicked.connect(desk.open_mark)
            pane.add_margin(stripes)
            self.stripes[side] = stripes
            view.installEventFilter(self)
            view.viewport().installEventFilter(self)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, side=side: self._context_menu(side, pos))

    @property
    def lib_session(self):
        return self.desk.session

    def _view(self, side: Side):
        return self.window.view.view(side)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    # -- selections, in code points

    def selection(self, side: Side) -> Span | None:
        """The trimmed selection of one pane, or None."""
        view = self._view(side)
        span = view.selection()
        if span is None:
            return None
        span = trim_span(view.text, span)
        return span if span.end > span.start else None

    def current_selection(self) -> tuple[int, Span] | None:
        """(article id, span) of the active pane's selection, else the other pane's."""
        active = self.window.view.active_side
        for side in (active, other(active)):
            span = self.selection(side)
            aid = self.desk.ids.of(side)
            if span is not None and aid is not None:
                return aid, span
        return None

    def selection_side(self) -> Side | None:
        active = self.window.view.active_side
        for side in (active, other(active)):
            if self.selection(side) is not None:
                return side
        return None

    def select(self, side: Side, span: Span) -> None:
        self._view(side).select_span(span)
        self._view(side).setFocus()

    # -- the tag bar and the Tag With menu

    def build_toolbar(self, undo: QAction, redo: QAction) -> FitToolBar:
        a = self.window.actions
        tb = FitToolBar(self.tr("Notes"), "notes-toolbar")
        tb.add(undo, self.tr("Undo"))  # the tooltip and the menu say what it undoes
        tb.add(redo, self.tr("Redo"))
        tb.addSeparator()
        tb.add(a["tag-picker"], self.tr("Tag…"))
        self.tag_strip = TagStrip()
        tb.addWidget(self.tag_strip)
        tb.addSeparator()
        for ident, label in (("note-passage", self.tr("Note")), ("note-link", self.tr("Link…")),
                             ("codebook", self.tr("Codebook")), ("library", self.tr("Library")),
                             ("export", self.tr("Export"))):
            tb.add(a[ident], label)
        self.tag_toolbar = tb
        return tb

    def rebuild_tags(self, menu: QMenu) -> None:
        """The tag actions (first nine tags, by key) in the tag bar and the Tag With menu."""
        menu.clear()
        tags = self.lib_session.tags()
        self.tag_actions = []
        for t in tags:
            key = key_for_tag(tags, t.id)
            if key is None:
                continue
            act = QAction(swatch(t.colour), f"&{key} {t.name}", self)  # Alt+N, N, 1 in the menu
            act.setToolTip(self.tr("Tag the selection “{name}” (key {key} in a pane)").format(name=t.name, key=key)
                           + (f"\n{t.description}" if t.description else ""))
            act.triggered.connect(lambda *_, tid=t.id: self.tag_selection(tid))
            self.tag_actions.append(act)
            menu.addAction(act)
        self.tag_strip.set_actions(self.tag_actions, [self.window.actions["tag-picker"]])

    # -- painting

    def repaint(self) -> None:
        s = self.lib_session
        tags = s.tags()
        cid = self.desk.ids.comparison
        links = (s.call(s.lib.links.all, comparison_id=cid) or []) if cid is not None else []
        for side in ("left", "right"):
            anns = s.article_annotations(self.desk.ids.of(side))
            self.painters[side].set_coding(anns, tags)
            self.stripes[side].set_coding(anns, tags)
            self.stripes[side].set_marks(note_marks(anns, links))

    # -- tagging

    def tag_with_key(self, side: Side, key: str) -> bool:
        tag = tag_for_key(self.lib_session.tags(), key)
        if tag is None:
            self._status(self.tr("No tag on key {key}; add one in Notes > Codebook.").format(key=key))
            return False
        return self.tag_side(side, tag.id)

    def tag_side(self, side: Side, tag: int | str) -> bool:
        span = self.selection(side)
        aid = self.desk.ids.of(side)
        if aid is None:
            self.window.statusBar().showMessage(
                self.tr("This article could not be stored in the library, so it cannot be tagged."), 10000)
            return False
        if span is None:
            self._status(self.tr(NO_SELECTION))
            return False
        return self.lib_session.tag_passage(aid, span, tag) is not None

    def tag_selection(self, tag: int | str) -> bool:
        side = self.selection_side()
        if side is None:
            self._status(self.tr(NO_SELECTION))
            return False
        return self.tag_side(side, tag)

    def pick_tag(self) -> bool:
        side = self.selection_side()
        if side is None:
            self._status(self.tr(NO_SELECTION))
            return False
        picker = TagPicker(self.lib_session.tags(), self.window)
        if not self.desk.run_dialog(picker) or picker.choice is None:
            return False
        return self.tag_side(side, picker.choice)

    def remove_annotation(self) -> bool:
        sel = self.current_selection()
        if sel is None:
            return False
        s = self.lib_session
        ann = s.annotation_at(*sel)
        if ann is None:
            self._status(self.tr("The selection is not a tagged passage."))
            return False
        return s.call(s.lib.annotations.delete, ann.id) is not None

    # -- the context menu and hovering

    def _context_menu(self, side: Side, pos) -> None:
        menu = self.context_menu(side, pos)
        menu.exec(self._view(side).viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self, side: Side, pos) -> QMenu:
        """The pane's menu: Copy / Select All, then tagging and notes for the selection."""
        view = self._view(side)
        a = self.window.actions
        menu = view.createStandardContextMenu(pos)
        span = self.selection(side)
        menu.addSeparator()
        if span is not None:
            sub = menu.addMenu(self.tr("Tag With"))
            tags = self.lib_session.tags()
            for t in tags:
                key = key_for_tag(tags, t.id)
                act = sub.addAction(swatch(t.colour), t.name + (f"\t{key}" if key else ""))
                act.triggered.connect(lambda *_, tid=t.id: self.tag_side(side, tid))
            for ident in ("tag-picker", "note-passage", "note-link"):
                menu.addAction(a[ident])
            if self.lib_session.annotation_at(self.desk.ids.of(side) or -1, span) is not None:
                menu.addAction(a["untag"])
        menu.addAction(a["note-article"])
        menu.addAction(a["note-comparison"])
        return menu

    def tooltip(self, side: Side, point) -> str:
        """The pane's own tooltip (what the highlight is) with the passage's tags and note first."""
        view = self._view(side)
        if not view.on_character(point):
            return ""
        offset = view.offset_at(point)
        ids = self.painters[side].tags_at(offset)
        if not ids:
            return ""
        s = self.lib_session
        names = {t.id: t.name for t in s.tags()}
        lines = [self.tr("Tagged: {tags}").format(tags=", ".join(names.get(i, "?") for i in ids))]
        for a in s.article_annotations(self.desk.ids.of(side)):
            if a.start <= offset < a.end and a.note:
                note = " ".join(a.note.split())
                lines.append(self.tr("Note: {note}").format(note=note if len(note) <= 160 else note[:159] + "…"))
        own = view.tooltip_at(point)
        return "\n".join(lines) + (("\n\n" + own) if own else "")

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress and obj in (self._view("left"), self._view("right")):
            key = _DIGITS.get(event.key())
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key is not None and mods == Qt.KeyboardModifier.NoModifier:
                self.tag_with_key(obj.side, key)
                return True
        if event.type() == QEvent.Type.ToolTip:
            for side in ("left", "right"):
                if obj is self._view(side).viewport():
                    tip = self.tooltip(side, event.pos())
                    if tip:
                        QToolTip.showText(event.globalPos(), tip, obj)
                        return True
        return False
