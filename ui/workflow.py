"""The analyst's workflow in the main window: tagging, notes, codebook, library, export, orphans.

:class:`Workflow` adds itself to a :class:`parallax.ui.main_window.MainWindow` through
the window's public pieces (``actions.add``, ``panel.addTab``, the menu bar,
the panes), so the comparison view knows nothing about the library:

- every pair of articles shown is stored in the library and its comparison
  opened (``LibrarySession.register_pair``); where the analyst was (scroll
  positions, selections, active side) is saved as the comparison's view state
  as it changes and restored when the comparison is opened again;
- tagging: select text in either pane, then a number key 1-9 (the first nine
  tags), the tag toolbar, the context menu, or the searchable picker (Ctrl+T),
  which can also create a tag;
- tags are painted on the passages in their colours, with NVivo-like coding
  stripes in each pane's margin where tags overlap;
- notes on a passage, on a left-right link (with a relation), on an article or
  on the whole comparison (Markdown editor); the Notes tab lists and filters
  them and jumps to their passages; the Orphans tab reattaches lost passages;
- Undo/Redo (Ctrl+Z / Ctrl+Shift+Z) over the library's undo log;
- the codebook editor, the library window and the export dialog.

Window geometry and toolbar layout persist in the window's QSettings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolTip

from parallax.reader.notes.coding import key_for_tag, tag_for_key, trim_span
from parallax.reader.model import Side, Span
from parallax.ui.codebook_editor import CodebookEditor
from parallax.ui.export_dialog import ExportDialog
from parallax.ui.library_session import LibrarySession
from parallax.ui.library_window import LibraryWindow
from parallax.ui.note_editor import NoteEditor, Target
from parallax.ui.notes_panel import Entry, NotesPanel
from parallax.ui.orphans import OrphansPanel
from parallax.ui.tag_paint import CodingStripes, TagPainter
from parallax.ui.tag_picker import TagPicker, swatch

SAVE_DELAY_MS = 800
_DIGITS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(1, 10)}


def _insert_beside(pane, widget) -> None:
    """Put ``widget`` in the pane's row right after its text view (the margin side)."""
    stack = [pane.layout()]
    while stack:
        lay = stack.pop()
        i = lay.indexOf(pane.view)
        if i >= 0:
            lay.insertWidget(i + 1, widget)
            return
        for k in range(lay.count()):
            sub = lay.itemAt(k).layout()
            if sub is not None:
                stack.append(sub)
    raise RuntimeError("the pane has no text view in its layouts")


def _bring_forward(widget) -> None:
    """Raise and activate a window (the offscreen platform cannot, and says so)."""
    if QGuiApplication.platformName() != "offscreen":
        widget.raise_()
        widget.activateWindow()


class Workflow(QObject):
    """Tagging, notes and the library, installed into one main window."""

    def __init__(self, window, session: LibrarySession, *, restore_geometry: bool = True):
        super().__init__(window)
        self.window = window
        self.session = session
        self.settings = window.settings
        self.painters: dict[Side, TagPainter] = {}
        self.stripes: dict[Side, CodingStripes] = {}
        self._shown: tuple[object, object] | None = None
        self._pending_jump: tuple[int, int, int] | None = None
        self._restoring = False
        self.library_window: LibraryWindow | None = None
        self.codebook_editor: CodebookEditor | None = None
        # Runs a modal dialog and says whether it was accepted (tests answer instead).
        self.run_dialog = lambda dialog: bool(dialog.exec())

        self._texts_timer = QTimer(self)
        self._texts_timer.setSingleShot(True)
        self._texts_timer.setInterval(0)
        self._texts_timer.timeout.connect(self._on_texts)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_view_state)

        for side in ("left", "right"):
            pane = self._pane(side)
            view = pane.view
            self.painters[side] = TagPainter(view)
            stripes = CodingStripes(view)
            stripes.passageClicked.connect(lambda s, e, side=side: self._select(side, Span(s, e)))
            _insert_beside(pane, stripes)
            self.stripes[side] = stripes
            view.textChanged.connect(self._texts_timer.start)
            view.installEventFilter(self)
            view.viewport().installEventFilter(self)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, side=side: self._context_menu(side, pos))
            view.verticalScrollBar().valueChanged.connect(self._state_changed)
            view.selectionChanged.connect(self._state_changed)

        self._build_actions()
        self.notes_panel = NotesPanel(session)
        scope = self.settings.value("notes/scope", 0)
        self.notes_panel.scope.setCurrentIndex(int(scope) if str(scope).isdigit() and int(scope) in (0, 1) else 0)
        self.notes_panel.scope.currentIndexChanged.connect(
            lambda i: self.settings.setValue("notes/scope", int(i)))  # remembered across sessions
        self.notes_panel.jump.connect(self.show_passage)
        self.notes_panel.edit.connect(self.edit_entry)
        self.orphans_panel = OrphansPanel(session, self.current_selection)
        window.panel.addTab(self.notes_panel, "Notes")
        window.panel.addTab(self.orphans_panel, "Orphans")
        self._update_orphans_tab()

        session.annotationsChanged.connect(self.repaint_tags)
        session.tagsChanged.connect(self.repaint_tags)
        session.tagsChanged.connect(self._build_tag_toolbar)
        session.annotationsChanged.connect(self._update_orphans_tab)
        session.error.connect(lambda msg: window.statusBar().showMessage(msg, 10000))
        session.changed.connect(self._announce)
        window.installEventFilter(self)
        self.library_label = QLabel()
        self._label_library()
        window.statusBar().addPermanentWidget(self.library_label)
        if restore_geometry:
            geo = self.settings.value("window/geometry")
            if isinstance(geo, QByteArray | bytes):
                window.restoreGeometry(QByteArray(geo))
            state = self.settings.value("window/state")
            if isinstance(state, QByteArray | bytes):
                window.restoreState(QByteArray(state))
        if window.left.article is not None:
            self._texts_timer.start()

    # -- accessors

    def _pane(self, side: Side):
        return self.window.view.pane(side)

    def _view(self, side: Side):
        return self.window.view.view(side)

    def selection(self, side: Side) -> Span | None:
        """The trimmed selection of one pane in code points, or None."""
        view = self._view(side)
        cur = view.textCursor()
        if not cur.hasSelection():
            return None
        pane = self._pane(side)
        span = view.u16.span_from_qt(cur.selectionStart(), cur.selectionEnd())
        if pane.article is not None:
            span = trim_span(pane.article.text, span)
        return span if span.end > span.start else None

    def current_selection(self) -> tuple[int, Span] | None:
        """(article id, span) of the active pane's selection, else the other pane's."""
        active = self.window.view.active_side
        for side in (active, "right" if active == "left" else "left"):
            span = self.selection(side)
            aid = self.session.ids.get(side)
            if span is not None and aid is not None:
                return aid, span
        return None

    def _selection_side(self) -> Side | None:
        active = self.window.view.active_side
        for side in (active, "right" if active == "left" else "left"):
            if self.selection(side) is not None:
                return side
        return None

    # -- actions, menus, toolbar

    def _build_actions(self) -> None:
        w, a = self.window, self.window.actions
        undo, redo = self.session.make_undo_actions(w)
        w.addAction(undo)
        w.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        specs = (
            ("tag-picker", "&Tag Selection…", ("Ctrl+T",), "Tag the selected passage: find a tag or create one (Ctrl+T)",
             self.pick_tag),
            ("note-passage", "&Note on Selection…", ("Ctrl+Shift+N",),
             "Write a Markdown note on the selected passage", self.note_on_passage),
            ("note-link", "Lin&k Left and Right…", ("Ctrl+Shift+K",),
             "Link the passage selected on the left with the one selected on the right, with a relation and a note",
             self.note_on_link),
            ("note-article", "Note on &Article…", (), "A note on the whole article in the active pane",
             self.note_on_article),
            ("note-comparison", "Note on the Co&mparison…", (), "A note on the whole comparison",
             self.note_on_comparison),
            ("untag", "&Remove Tags from Selection", (), "Delete the annotation of the selected passage",
             self.remove_annotation),
            ("codebook", "&Codebook…", ("Ctrl+Shift+C",), "Create, rename, recolour, merge, delete, import and "
             "export tags", self.open_codebook),
            ("library", "&Library…", ("Ctrl+Shift+B",), "Articles, recent comparisons and full-text search",
             self.open_library),
            ("switch-library", "Open or New Librar&y File…", (),
             "Work in another library file (an existing one, or a new name to start one)",
             self.choose_library),
            ("export", "&Export Notes…", ("Ctrl+E",), "Export notes as Markdown, CSV, JSON, HTML or PDF",
             self.open_export),
            ("orphans", "&Orphaned Notes", (), "Annotations whose passage was not found after the text changed",
             lambda: self.show_tab(self.orphans_panel)),
            ("notes-tab", "Notes &Panel", ("Ctrl+Shift+J",), "List and filter the notes of this comparison",
             lambda: self.show_tab(self.notes_panel)),
        )
        for ident, text, keys, tip, slot in specs:
            a.add(ident, text, shortcuts=keys, tip=tip, slot=lambda *_, f=slot: f())
        if hasattr(w, "key_help"):
            w.key_help[:0] = [
                ("Tag the selection with tag 1–9 (in a pane)", "1 … 9"),
                ("Tag picker: choose, then tag (or create)", "Up, Down, Enter"),
                ("Note editor: save", "Ctrl+Enter"),
            ]
        mb = w.menuBar()
        edit = next((m.menu() for m in mb.actions() if m.menu() is not None and
                     m.text().replace("&", "") == "Edit"), None)
        if edit is not None:
            first = edit.actions()[0] if edit.actions() else None
            edit.insertAction(first, undo)
            edit.insertAction(first, redo)
            edit.insertSeparator(first)
        notes = QMenu("&Notes", w)
        for ident in ("tag-picker", "untag", None, "note-passage", "note-link", "note-article",
                      "note-comparison", None, "notes-tab", "orphans", None, "codebook", "library", "switch-library",
                      "export"):
            notes.addSeparator() if ident is None else notes.addAction(a[ident])
        self.tag_menu = notes.addMenu("Tag &With")
        go = next((m for m in mb.actions() if m.menu() is not None and m.text().replace("&", "") == "Go"), None)
        mb.insertMenu(go, notes) if go is not None else mb.addMenu(notes)
        self.notes_menu = notes
        tb = QToolBar("Notes")
        tb.setObjectName("notes-toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tag_toolbar = tb
        w.addToolBarBreak()
        w.addToolBar(tb)
        self._build_tag_toolbar()

    def _build_tag_toolbar(self) -> None:
        tb, a = self.tag_toolbar, self.window.actions
        tb.clear()
        self.tag_menu.clear()
        for act in (self.undo_action, self.redo_action):
            tb.addAction(act)  # labelled with what it undoes: "Undo Tag passage"
        tb.addSeparator()
        tb.addAction(a["tag-picker"])
        tb.widgetForAction(a["tag-picker"]).setText("Tag…")
        tags = self.session.tags()
        self.tag_actions: list[QAction] = []
        for t in tags:
            key = key_for_tag(tags, t.id)
            if key is None:
                continue
            act = QAction(swatch(t.colour), f"&{key} {t.name}", tb)  # Alt+N, N, 1 in the menu
            act.setToolTip(f"Tag the selection “{t.name}” (key {key} in a pane)"
                           + (f"\n{t.description}" if t.description else ""))
            act.triggered.connect(lambda *_, tid=t.id: self.tag_selection(tid))
            self.tag_actions.append(act)
            tb.addAction(act)
            self.tag_menu.addAction(act)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addSeparator()
        for ident, label in (("note-passage", "Note"), ("note-link", "Link…"), ("codebook", "Codebook"),
                             ("library", "Library"), ("export", "Export")):
            tb.addAction(a[ident])
            tb.widgetForAction(a[ident]).setText(label)

    def show_tab(self, widget) -> None:
        panel = self.window.panel
        if "panel" in self.window.actions and not self.window.actions["panel"].isChecked():
            self.window.actions["panel"].setChecked(True)
        panel.setCurrentWidget(widget)

    def _update_orphans_tab(self) -> None:
        n = self.session.call(self.session.lib.count_annotations, orphaned=True) or 0
        panel = self.window.panel
        i = panel.indexOf(self.orphans_panel)
        if i >= 0:
            panel.setTabText(i, f"Orphans ({n})" if n else "Orphans")

    def _announce(self, ch) -> None:
        if ch.undoable or ch.name in ("Add annotation", "Tag passage"):
            self.window.statusBar().showMessage(f"{ch.name}: saved to the library. Ctrl+Z undoes it.", 6000)

    # -- pairs on screen, view state

    def _on_texts(self) -> None:
        w = self.window
        left, right = w.left.article, w.right.article
        if left is None or right is None:
            return
        if self._shown == (left, right):
            return
        self._save_timer.stop()
        self._shown = (left, right)
        cmp = self.session.register_pair(left, right)
        self.repaint_tags()
        if self._pending_jump is not None:
            jump, self._pending_jump = self._pending_jump, None
            self.show_passage(*jump)
        elif cmp is not None and cmp.view_state:
            self.restore_view_state(cmp.view_state)

    def view_state(self) -> dict:
        """Where the analyst is, per article (so it survives swapping sides): the first visible
        character, the selection, and which article had the focus."""
        state: dict = {"articles": {}}
        for side in ("left", "right"):
            aid = self.session.ids.get(side)
            if aid is None:
                continue
            view = self._view(side)
            cur = view.textCursor()
            state["articles"][str(aid)] = {
                "top": view.offset_at(view.viewport().rect().topLeft()),
                "selection": [view.u16.from_qt(cur.selectionStart()), view.u16.from_qt(cur.selectionEnd())],
            }
        state["active"] = self.session.ids.get(self.window.view.active_side)
        return state

    def _state_changed(self, *_args) -> None:
        if not self._restoring and self.session.comparison_id is not None:
            self._save_timer.start()

    def save_view_state(self) -> None:
        cid = self.session.comparison_id
        w = self.window
        if cid is None or self._shown != (w.left.article, w.right.article):
            return
        self.session.call(self.session.lib.save_view_state, cid, self.view_state())

    def restore_view_state(self, state: dict) -> None:
        from PySide6.QtGui import QTextCursor

        per_article = state.get("articles")
        if not isinstance(per_article, dict):
            return
        self._restoring = True
        was = self.window.view.sync_scrolling
        self.window.view.sync_scrolling = False
        try:
            for side in ("left", "right"):
                saved = per_article.get(str(self.session.ids.get(side)))
                if not isinstance(saved, dict):
                    continue
                view = self._view(side)
                sel = saved.get("selection")
                if isinstance(sel, list) and len(sel) == 2 and all(isinstance(v, int) for v in sel):
                    cursor = QTextCursor(view.document())
                    cursor.setPosition(view.u16.to_qt(sel[0]))
                    cursor.setPosition(view.u16.to_qt(sel[1]), QTextCursor.MoveMode.KeepAnchor)
                    view.setTextCursor(cursor)
                top = saved.get("top")
                if isinstance(top, int):
                    view.verticalScrollBar().setValue(view.line_of(top))
            active = self.session.side_of(state.get("active")) if isinstance(state.get("active"), int) else None
            if active is not None:
                self._view(active).setFocus()
        finally:
            self.window.view.sync_scrolling = was
            self._restoring = False

    def eventFilter(self, obj, event):
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.save_view_state()
            self.settings.setValue("window/geometry", self.window.saveGeometry())
            self.settings.setValue("window/state", self.window.saveState())
            self.settings.sync()
            if self.library_window is not None:
                self.library_window.close()
            return False
        if event.type() == QEvent.Type.KeyPress and obj in (self._view("left"), self._view("right")):
            key = _DIGITS.get(event.key())
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key is not None and mods == Qt.KeyboardModifier.NoModifier:
                self.tag_with_key(obj.side, key)
                return True
        if event.type() == QEvent.Type.ToolTip:
            for side in ("left", "right"):
                view = self._view(side)
                if obj is view.viewport():
                    tip = self.tooltip(side, event.pos())
                    if tip:
                        QToolTip.showText(event.globalPos(), tip, obj)
                        return True
        return False

    def tooltip(self, side: Side, point) -> str:
        """The pane's own tooltip (what the highlight is) with the passage's tags and note first."""
        view = self._view(side)
        cursor = view.cursorForPosition(point)
        if not view.cursorRect(cursor).adjusted(-40, -2, 40, 2).contains(point):
            return ""
        offset = view.offset_at(point)
        ids = self.painters[side].tags_at(offset)
        if not ids:
            return ""
        names = {t.id: t.name for t in self.session.tags()}
        lines = ["Tagged: " + ", ".join(names.get(i, "?") for i in ids)]
        for a in self.session.article_annotations(self.session.ids.get(side)):
            if a.start <= offset < a.end and a.note:
                note = " ".join(a.note.split())
                lines.append("Note: " + (note if len(note) <= 160 else note[:159] + "…"))
        own = view.tooltip_at(point) if hasattr(view, "tooltip_at") else ""
        return "\n".join(lines) + (("\n\n" + own) if own else "")

    # -- painting

    def repaint_tags(self) -> None:
        tags = self.session.tags()
        for side in ("left", "right"):
            anns = self.session.article_annotations(self.session.ids.get(side))
            self.painters[side].set_coding(anns, tags)
            self.stripes[side].set_coding(anns, tags)

    # -- tagging

    def tag_with_key(self, side: Side, key: str) -> bool:
        tag = tag_for_key(self.session.tags(), key)
        if tag is None:
            self.window.statusBar().showMessage(f"No tag on key {key}; add one in Notes > Codebook.", 8000)
            return False
        return self.tag_side(side, tag.id)

    def tag_side(self, side: Side, tag: int | str) -> bool:
        span = self.selection(side)
        aid = self.session.ids.get(side)
        if aid is None:
            self.window.statusBar().showMessage(
                "This article could not be stored in the library, so it cannot be tagged.", 10000)
            return False
        if span is None:
            self.window.statusBar().showMessage("Select some text in a pane first, then tag it.", 8000)
            return False
        return self.session.tag_passage(aid, span, tag) is not None

    def tag_selection(self, tag: int | str) -> bool:
        side = self._selection_side()
        if side is None:
            self.window.statusBar().showMessage("Select some text in a pane first, then tag it.", 8000)
            return False
        return self.tag_side(side, tag)

    def pick_tag(self) -> bool:
        side = self._selection_side()
        if side is None:
            self.window.statusBar().showMessage("Select some text in a pane first, then tag it.", 8000)
            return False
        picker = TagPicker(self.session.tags(), self.window)
        if not self.run_dialog(picker) or picker.choice is None:
            return False
        return self.tag_side(side, picker.choice)

    def remove_annotation(self) -> bool:
        sel = self.current_selection()
        if sel is None:
            return False
        ann = self.session.annotation_at(*sel)
        if ann is None:
            self.window.statusBar().showMessage("The selection is not a tagged passage.", 8000)
            return False
        return self.session.call(self.session.lib.delete_annotation, ann.id) is not None

    def _select(self, side: Side, span: Span) -> None:
        self._view(side).select_span(span)
        self._view(side).setFocus()

    def _context_menu(self, side: Side, pos) -> None:
        menu = self.context_menu(side, pos)
        menu.exec(self._view(side).viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self, side: Side, pos) -> QMenu:
        """The pane's menu: Copy / Select All, then tagging and notes for the selection."""
        view = self._view(side)
        menu = view.createStandardContextMenu(pos)
        span = self.selection(side)
        menu.addSeparator()
        if span is not None:
            sub = menu.addMenu("Tag With")
            tags = self.session.tags()
            for t in tags:
                key = key_for_tag(tags, t.id)
                act = sub.addAction(swatch(t.colour), t.name + (f"\t{key}" if key else ""))
                act.triggered.connect(lambda *_, tid=t.id: self.tag_side(side, tid))
            menu.addAction(self.window.actions["tag-picker"])
            menu.addAction(self.window.actions["note-passage"])
            menu.addAction(self.window.actions["note-link"])
            if self.session.annotation_at(self.session.ids.get(side) or -1, span) is not None:
                menu.addAction(self.window.actions["untag"])
        menu.addAction(self.window.actions["note-article"])
        menu.addAction(self.window.actions["note-comparison"])
        return menu

    # -- notes

    def note_target(self, kind: str) -> Target | None:
        s = self.session
        if kind == "passage":
            sel = self.current_selection()
            if sel is None:
                self.window.statusBar().showMessage("Select the passage the note is about first.", 8000)
                return None
            return Target.passage(sel[0], sel[1], s.comparison_id)
        if kind == "link":
            ls, rs = self.selection("left"), self.selection("right")
            if ls is None or rs is None or s.ids["left"] is None or s.ids["right"] is None:
                self.window.statusBar().showMessage(
                    "Select a passage on the left and one on the right, then link them.", 8000)
                return None
            return Target.link(s.ids["left"], ls, s.ids["right"], rs, s.comparison_id)
        if kind == "article":
            aid = s.ids.get(self.window.view.active_side)
            return Target.article(aid) if aid is not None else None
        if s.comparison_id is None:
            self.window.statusBar().showMessage("Open two different articles first.", 8000)
            return None
        return Target.comparison(s.comparison_id)

    def edit_note(self, target: Target | None) -> bool:
        if target is None:
            return False
        editor = NoteEditor(self.session.lib, target, self.window)
        if not self.run_dialog(editor):
            return False
        return self.session.call(editor.save) is not None

    def note_on_passage(self) -> bool:
        return self.edit_note(self.note_target("passage"))

    def note_on_link(self) -> bool:
        return self.edit_note(self.note_target("link"))

    def note_on_article(self) -> bool:
        return self.edit_note(self.note_target("article"))

    def note_on_comparison(self) -> bool:
        return self.edit_note(self.note_target("comparison"))

    def edit_entry(self, entry: Entry) -> bool:
        lib = self.session.lib
        if entry.kind == "annotation":
            a = self.session.call(lib.annotation, entry.id)
            if a is None:
                return False
            return self.edit_note(Target.passage(a.article_id, a.span, a.comparison_id))
        if entry.kind == "link":
            ln = self.session.call(lib.link, entry.id)
            if ln is None:
                return False
            src, dst = lib.annotation(ln.source_id), lib.annotation(ln.target_id)
            return self.edit_note(Target.link(src.article_id, src.span, dst.article_id, dst.span,
                                              ln.comparison_id))
        n = self.session.call(lib.note, entry.id)
        if n is None:
            return False
        if n.article_id is not None:
            return self.edit_note(Target.article(n.article_id))
        return self.edit_note(Target.comparison(n.comparison_id))

    # -- jumping, opening

    def show_passage(self, article_id: int, start: int, end: int) -> None:
        """Show a passage of an article: in its pane if it is on screen, else open a comparison
        that holds it (the most recent), else put it on the left beside the current right."""
        side = self.session.side_of(article_id)
        if side is not None:
            view = self._view(side)
            if end > start:
                view.select_span(Span(start, end))
            else:
                view.centre_on(start)
            view.setFocus()
            _bring_forward(self.window)
            return
        lib = self.session.lib
        cmp = next((c for c in (self.session.call(lib.comparisons) or [])
                    if article_id in (c.left_id, c.right_id)), None)
        self._pending_jump = (article_id, start, end)
        if cmp is not None:
            self.open_comparison(cmp.id, restore=False)
        else:
            other = self.session.ids.get("right")
            article = self.session.call(lib.load_article, article_id)
            right = self._pane("right").article
            if article is None or right is None or other == article_id:
                self._pending_jump = None
                return
            self.window.show_articles(article, right)

    def open_comparison(self, comparison_id: int, *, restore: bool = True) -> bool:
        lib = self.session.lib
        c = self.session.call(lib.comparison, comparison_id)
        return c is not None and self.open_pair(c.left_id, c.right_id)

    def open_pair(self, left_id: int, right_id: int) -> bool:
        lib = self.session.lib
        left = self.session.call(lib.load_article, left_id)
        right = self.session.call(lib.load_article, right_id)
        if left is None or right is None:
            return False
        self.save_view_state()
        self.window.show_articles(left, right)
        _bring_forward(self.window)
        return True

    # -- switching libraries

    def _label_library(self) -> None:
        lib = self.session.lib
        self.library_label.setText(f"Library: {lib.path.name}" + (" (read-only)" if lib.readonly else ""))
        self.library_label.setToolTip(
            f"Notes are saved as you work in {lib.path}"
            + ("; this library is read-only, so changes are refused" if lib.readonly else ""))

    def choose_library(self, parent=None) -> bool:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.session.lib.path.parent)
        path, _ = QFileDialog.getSaveFileName(
            parent or self.window, "Open or create a library", start, "Parallax library (*.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        return bool(path) and self.switch_library(path)

    def switch_library(self, path) -> bool:
        """Work in the library at ``path`` (created if new); the articles on screen move with you."""
        from parallax.reader.notes.library import Library

        lib = self.session.call(Library, path)
        if lib is None:
            return False
        self.save_view_state()
        self.session.switch(lib)
        self.settings.setValue("library/last", str(lib.path.resolve()))
        self._label_library()
        if self.library_window is not None:
            self.library_window.setWindowTitle(f"Parallax library — {lib.path}")
        self._shown = None
        self._on_texts()
        self.window.statusBar().showMessage(f"Now working in the library {lib.path}.", 10000)
        return True

    # -- windows

    def open_library(self) -> LibraryWindow:
        if self.library_window is None:
            lw = LibraryWindow(self.session)
            lw.openComparison.connect(lambda cid: self.open_comparison(cid))
            lw.openPair.connect(lambda a, b: self.open_pair(a, b))
            lw.showPassage.connect(self.show_passage)
            lw.chooseLibrary.connect(lambda: self.choose_library(lw))
            self.library_window = lw
        self.library_window.refresh()
        self.library_window.show()
        _bring_forward(self.library_window)
        return self.library_window

    def open_codebook(self) -> CodebookEditor:
        if self.codebook_editor is None:
            self.codebook_editor = CodebookEditor(self.session, self.window)
        self.codebook_editor.show()
        _bring_forward(self.codebook_editor)
        return self.codebook_editor

    def export_dialog(self) -> ExportDialog:
        folder = self.settings.value("export/folder")
        ids = tuple(i for i in self.session.ids.values() if i is not None)
        return ExportDialog(self.session.lib, self.window, comparison_id=self.session.comparison_id,
                            article_ids=ids, folder=folder if isinstance(folder, str) else None)

    def open_export(self) -> None:
        dlg = self.export_dialog()
        if self.run_dialog(dlg) and dlg.written is not None:
            self.settings.setValue("export/folder", str(Path(dlg.written).parent))
            self.window.statusBar().showMessage(f"Exported to {dlg.written}", 10000)


def library_path(db: str | None, settings) -> Path:
    """The library to open: ``--db``, else ``$PARALLAX_DB``, else the last one used
    (QSettings ``library/last``), else the default in the user's data directory."""
    import os

    from parallax.reader.notes.library import default_path

    if db:
        return Path(db).expanduser()
    if os.environ.get("PARALLAX_DB"):
        return default_path()
    last = settings.value("library/last")
    if isinstance(last, str) and last:
        return Path(last)
    return default_path()


def open_library(db: str | None, settings):
    """Open the library for the window (see :func:`library_path`) and remember it as the last one.

    Raises ``LibraryError`` (one line) for a corrupt or foreign file, before any window exists."""
    from parallax.reader.notes.library import Library

    lib = Library(library_path(db, settings))
    settings.setValue("library/last", str(lib.path.resolve()))
    return lib


def install(window, library=None, *, restore_geometry: bool = True) -> Workflow:
    """Add the workflow to ``window`` over ``library`` (a ``Library``, or a path / None, which
    is opened with :func:`open_library`)."""
    from parallax.reader.notes.library import Library

    lib = library if isinstance(library, Library) else open_library(
        None if library is None else str(library), window.settings)
    session = LibrarySession(lib, window)
    window.workflow = Workflow(window, session, restore_geometry=restore_geometry)
    return window.workflow
