"""The analyst's workflow in the main window: tagging, notes, codebook, library, export, orphans.

:class:`Workflow` adds itself to a :class:`parallax.ui.main_window.MainWindow` through
the window's public pieces (``actions.add``, ``panel.addTab``, the menu bar,
each pane's ``add_margin``, the comparison view's span methods) and observes the
window's session model (``window.session``, :mod:`parallax.ui.session`), so the
comparison view knows nothing about the library:

- every pair of articles shown (the session's ``"pair"`` event) is stored in
  the library and its comparison opened (``LibrarySession.register_pair``);
  where the analyst was (the session's view state, in code points) is saved
  as the comparison's view state as it changes and restored when the
  comparison is opened again, both panes, once the comparison is drawn;
- tagging (:mod:`parallax.ui.tagging`): select text in either pane, then a
  number key 1-9 (the first nine tags), the tag bar, the context menu, or the
  searchable picker (Ctrl+T), which can also create a tag; tags are painted on
  the passages in their colours, with coding stripes in each pane's margin;
- notes (:mod:`parallax.ui.noting`) on a passage, on a left-right link (with a
  relation), on an article or on the whole comparison (Markdown editor); a
  memo mark in the margin shows each passage note and link end, the gutter
  draws the analyst's links; the Notes tab lists and filters them and jumps
  to their passages (both ends of a link); the Orphans tab reattaches lost passages;
- Undo/Redo (Ctrl+Z / Ctrl+Shift+Z) over the library's undo log;
- File > Open Recent, the codebook editor, the library window and the export dialog;
- a comparison cancelled (the window's Cancel) takes its pair out of the library again
  when opening it had just added it and nothing was noted on it meanwhile.

Window geometry and toolbar layout persist in the window's QSettings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from parallax.reader.model import Side, Span
from parallax.ui.codebook_editor import CodebookEditor
from parallax.ui.export_dialog import BackgroundExport, ExportDialog
from parallax.ui.labels import pair_label
from parallax.ui.library_session import LibrarySession
from parallax.ui.library_window import LibraryWindow
from parallax.ui.note_editor import Target
from parallax.ui.notes_panel import Entry, NotesPanel
from parallax.ui.noting import NoteTools
from parallax.ui.orphans import OrphansPanel
from parallax.ui.responsive import ShortLabel
from parallax.ui.session import LibraryIds, ViewState
from parallax.ui.story_library import add_recent_stories, open_story_for
from parallax.ui.tag_paint import NoteMark
from parallax.ui.tagging import TagTools

SAVE_DELAY_MS = 800
RECENT = 12  # comparisons listed in File > Open Recent


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
        self.session = session  # the library, with its changes as Qt signals
        self.model = window.session  # what is on screen (Qt-free)
        self.settings = window.settings
        self._after_pair: list[Callable[[], object]] = []
        self._unsaved: tuple[int, dict] | None = None  # a view state the timer has yet to save
        self.library_window: LibraryWindow | None = None
        self.codebook_editor: CodebookEditor | None = None
        # Runs a modal dialog and says whether it was accepted (tests answer instead).
        self.run_dialog = self._run_modal

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_view_state)

        self.tools = TagTools(self)
        self.notes = NoteTools(self)
        self._build_actions()
        self.notes_panel = NotesPanel(session)
        scope = self.settings.value("notes/scope", 0)
        self.notes_panel.scope.setCurrentIndex(int(scope) if str(scope).isdigit() and int(scope) in (0, 1) else 0)
        self.notes_panel.scope.currentIndexChanged.connect(
            lambda i: self.settings.setValue("notes/scope", int(i)))  # remembered across sessions
        self.notes_panel.jump.connect(self.show_passage)
        self.notes_panel.jumpLink.connect(self.notes.show_link)
        self.notes_panel.edit.connect(self.edit_entry)
        self.orphans_panel = OrphansPanel(session, self.current_selection)
        window.panel.addTab(self.notes_panel, self.tr("Notes"))
        window.panel.addTab(self.orphans_panel, self.tr("Orphans"))
        self._update_orphans_tab()

        session.annotationsChanged.connect(self.repaint_tags)
        session.tagsChanged.connect(self.repaint_tags)
        session.tagsChanged.connect(self._rebuild_tags)
        session.annotationsChanged.connect(self._update_orphans_tab)
        session.error.connect(lambda msg: window.statusBar().showMessage(msg, 10000))
        session.changed.connect(self._announce)
        self.model.subscribe("pair", self._on_pair)
        self.model.subscribe("view", self._view_changed)
        window.closing.connect(self._on_closing)
        if hasattr(window, "comparisonCancelled"):
            window.comparisonCancelled.connect(self._on_cancelled)
        window.view.gutter.linkClicked.connect(self.notes.link_clicked)
        window.recent_menu.aboutToShow.connect(self.fill_recent)
        window.recent_menu.setEnabled(True)
        self.library_label = ShortLabel()  # a long file name elided, never holding the window wide
        self._label_library()
        window.statusBar().addPermanentWidget(self.library_label)
        if restore_geometry:
            geo = self.settings.value("window/geometry")
            if isinstance(geo, QByteArray | bytes):
                window.restoreGeometry(QByteArray(geo))
            state = self.settings.value("window/state")
            if isinstance(state, QByteArray | bytes):
                window.restoreState(QByteArray(state))
        if self.model.pair is not None:
            self._on_pair()

    def _run_modal(self, dialog) -> bool:
        accepted = bool(dialog.exec())
        # Back to the window, so its shortcuts and menus answer the keyboard again (without
        # a window manager nobody else gives the focus back when a dialog closes).
        _bring_forward(self.window)
        return accepted

    # -- the tools' pieces, as the window and tests know them

    @property
    def ids(self) -> LibraryIds:
        return self.model.ids

    @property
    def painters(self):
        return self.tools.painters

    @property
    def stripes(self):
        return self.tools.stripes

    @property
    def tag_actions(self):
        return self.tools.tag_actions

    @property
    def tag_toolbar(self):
        return self.tools.tag_toolbar

    def selection(self, side: Side) -> Span | None:
        return self.tools.selection(side)

    def current_selection(self) -> tuple[int, Span] | None:
        return self.tools.current_selection()

    def tooltip(self, side: Side, point) -> str:
        return self.tools.tooltip(side, point)

    def context_menu(self, side: Side, pos) -> QMenu:
        return self.tools.context_menu(side, pos)

    def tag_with_key(self, side: Side, key: str) -> bool:
        return self.tools.tag_with_key(side, key)

    def tag_side(self, side: Side, tag: int | str) -> bool:
        return self.tools.tag_side(side, tag)

    def tag_selection(self, tag: int | str) -> bool:
        return self.tools.tag_selection(tag)

    def pick_tag(self) -> bool:
        return self.tools.pick_tag()

    def remove_annotation(self) -> bool:
        return self.tools.remove_annotation()

    def note_target(self, kind: str) -> Target | None:
        return self.notes.target(kind)

    def edit_note(self, target: Target | None) -> bool:
        return self.notes.edit(target)

    def edit_entry(self, entry: Entry) -> bool:
        return self.notes.edit_entry(entry)

    def open_mark(self, mark: NoteMark) -> bool:
        return self.notes.open_mark(mark)

    def show_link(self, link_id: int) -> bool:
        return self.notes.show_link(link_id)

    # -- actions, menus, toolbar

    def _build_actions(self) -> None:
        w, a = self.window, self.window.actions
        undo, redo = self.session.make_undo_actions(w)
        w.addAction(undo)
        w.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        # the texts marked for pyside6-lupdate (context "Workflow"); self.tr translates them below
        specs = (
            ("tag-picker", QT_TRANSLATE_NOOP("Workflow", "&Tag Selection…"), ("Ctrl+T",),
             QT_TRANSLATE_NOOP("Workflow", "Tag the selected passage: find a tag or create one (Ctrl+T)"), self.pick_tag),
            ("note-passage", QT_TRANSLATE_NOOP("Workflow", "&Note on Selection…"), ("Ctrl+Shift+N",),
             QT_TRANSLATE_NOOP("Workflow", "Write a Markdown note on the selected passage"),
             lambda: self.notes.edit(self.notes.target("passage"))),
            ("note-link", QT_TRANSLATE_NOOP("Workflow", "Lin&k Left and Right…"), ("Ctrl+Shift+K",),
             QT_TRANSLATE_NOOP("Workflow", "Link the passage selected on the left with the one selected on the "
                                           "right, with a relation and a note"),
             lambda: self.notes.edit(self.notes.target("link"))),
            ("note-article", QT_TRANSLATE_NOOP("Workflow", "Note on &Article…"), (),
             QT_TRANSLATE_NOOP("Workflow", "A note on the whole article in the active pane"),
             lambda: self.notes.edit(self.notes.target("article"))),
            ("note-comparison", QT_TRANSLATE_NOOP("Workflow", "Note on the Co&mparison…"), (),
             QT_TRANSLATE_NOOP("Workflow", "A note on the whole comparison"),
             lambda: self.notes.edit(self.notes.target("comparison"))),
            ("untag", QT_TRANSLATE_NOOP("Workflow", "&Remove Tags from Selection"), (),
             QT_TRANSLATE_NOOP("Workflow", "Delete the annotation of the selected passage"), self.remove_annotation),
            ("codebook", QT_TRANSLATE_NOOP("Workflow", "&Codebook…"), ("Ctrl+Shift+C",),
             QT_TRANSLATE_NOOP("Workflow", "Create, rename, recolour, merge, delete, import and export tags"), self.open_codebook),
            ("library", QT_TRANSLATE_NOOP("Workflow", "&Library…"), ("Ctrl+Shift+B",),
             QT_TRANSLATE_NOOP("Workflow", "Articles, recent comparisons and full-text search"), self.open_library),
            ("switch-library", QT_TRANSLATE_NOOP("Workflow", "Open or New Librar&y File…"), (),
             QT_TRANSLATE_NOOP("Workflow", "Work in another library file (an existing one, or a new name to start one)"),
             self.choose_library),
            ("export", QT_TRANSLATE_NOOP("Workflow", "&Export Notes…"), ("Ctrl+E",),
             QT_TRANSLATE_NOOP("Workflow", "Export notes as Markdown, CSV, JSON, HTML or PDF"), self.open_export),
            ("import", QT_TRANSLATE_NOOP("Workflow", "&Import Notes…"), (),
             QT_TRANSLATE_NOOP("Workflow", "Import notes: a Parallax or W3C JSON export, a Hypothesis export "
                                           "or a REFI-QDA project (.qdpx)"), self.import_notes),
            ("orphans", QT_TRANSLATE_NOOP("Workflow", "&Orphaned Notes"), (),
             QT_TRANSLATE_NOOP("Workflow", "Annotations whose passage was not found after the text changed"),
             lambda: self.show_tab(self.orphans_panel)),
            ("notes-tab", QT_TRANSLATE_NOOP("Workflow", "Notes &Panel"), ("Ctrl+Shift+J",),
             QT_TRANSLATE_NOOP("Workflow", "List and filter the notes of this comparison"),
             lambda: self.show_tab(self.notes_panel)),
        )
        for ident, text, keys, tip, slot in specs:
            a.add(ident, self.tr(text), shortcuts=keys, tip=self.tr(tip), slot=lambda *_, f=slot: f())
        if hasattr(w, "key_help"):
            w.key_help[:0] = [
                (self.tr("Tag the selection with tag 1–9 (in a pane)"), "1 … 9"),
                (self.tr("Tag picker: choose, then tag (or create)"), "Up, Down, Enter"),
                (self.tr("Note editor: save"), "Ctrl+Enter"),
            ]
        mb = w.menuBar()
        edit = w.findChild(QMenu, "menu-edit")  # by name: its title may be translated
        if edit is not None:
            first = edit.actions()[0] if edit.actions() else None
            edit.insertAction(first, undo)
            edit.insertAction(first, redo)
            edit.insertSeparator(first)
        notes = QMenu(self.tr("&Notes"), w)
        notes.setObjectName("menu-notes")
        for ident in ("tag-picker", "untag", None, "note-passage", "note-link", "note-article",
                      "note-comparison", None, "notes-tab", "orphans", None, "codebook", "library", "switch-library",
                      "export", "import"):
            notes.addSeparator() if ident is None else notes.addAction(a[ident])
        self.tag_menu = notes.addMenu(self.tr("Tag &With"))
        go = w.findChild(QMenu, "menu-go")
        mb.insertMenu(go.menuAction(), notes) if go is not None else mb.addMenu(notes)
        self.notes_menu = notes
        w.addToolBarBreak()
        w.addToolBar(self.tools.build_toolbar(undo, redo))
        self._rebuild_tags()

    def _rebuild_tags(self) -> None:
        self.tools.rebuild_tags(self.tag_menu)

    def show_tab(self, widget) -> None:
        panel = self.window.panel
        if "panel" in self.window.actions and not self.window.actions["panel"].isChecked():
            self.window.actions["panel"].setChecked(True)
        panel.setCurrentWidget(widget)

    def _update_orphans_tab(self) -> None:
        n = self.session.call(self.session.lib.annotations.count, orphaned=True) or 0
        panel = self.window.panel
        i = panel.indexOf(self.orphans_panel)
        if i >= 0:
            panel.setTabText(i, self.tr("Orphans ({n})").format(n=n) if n else self.tr("Orphans"))

    def _announce(self, ch) -> None:
        """Say in the status bar what was saved, undone or redone (replays are not undoable)."""
        lib = self.session.lib
        bar = self.window.statusBar()
        if ch.undoable:
            bar.showMessage(self.tr("{change}: saved to the library. Ctrl+Z undoes it.").format(change=ch.name), 6000)
        elif ch.name == lib.redo_name:
            bar.showMessage(self.tr("Undone: {change}. Ctrl+Shift+Z redoes it.").format(change=ch.name), 6000)
        elif ch.name == lib.undo_name:
            bar.showMessage(self.tr("Redone: {change}. Ctrl+Z undoes it.").format(change=ch.name), 6000)

    # -- pairs on screen, view state

    def after_pair(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the next pair is on screen and stored."""
        self._after_pair.append(callback)

    def _on_pair(self) -> None:
        """A new pair is on screen: store it, paint its notes, go where the analyst was."""
        self._save_timer.stop()
        self._write_unsaved()  # where the analyst left the pair shown before
        pair = self.model.pair
        if pair is None:
            return
        cmp = self.session.register_pair(*pair)
        self.settings.setValue("library/last-open", "comparison")  # a story view's is "collation:<id>"
        ids = self.session.ids
        self.model.set_ids(LibraryIds(ids["left"], ids["right"], self.session.comparison_id))
        self.repaint_tags()
        jumps, self._after_pair = self._after_pair, []
        if jumps:
            for jump in jumps:
                jump()
        elif cmp is not None and cmp.view_state:
            state = ViewState.from_record(cmp.view_state, self.model.ids, layers=self.model.view.layers)
            if state is not None:
                self.model.request_restore(state)

    def _on_cancelled(self) -> None:
        """The pair on screen was not compared after all (Cancel): forget its comparison if
        opening it created it and nothing was noted on it; the window then shows the pair before."""
        lib, cid = self.session.lib, self.model.ids.comparison
        c = self.session.call(lib.comparisons.get, cid) if cid is not None else None
        if c is None or c.created != c.opened_at:  # opened before: it stays, with its view
            return
        data = self.session.call(lib.exchange.export_data, comparison_id=cid)
        if data is None or data.annotations or data.notes or data.links:
            return
        self._save_timer.stop()
        self._unsaved = None
        self.model.set_ids(LibraryIds(self.model.ids.left, self.model.ids.right, None))
        if self.session.call(lib.comparisons.delete, cid) is not None:
            lib.clear_undo()  # deleting what nobody asked for is not the analyst's to undo
            self.session.comparison_id = None
            self.session.undoChanged.emit()

    def view_state(self) -> dict:
        """Where the analyst is, per article (so it survives swapping sides): the first visible
        character, the selection, and which article had the focus."""
        self.window.sync_view()
        return self.model.view.to_record(self.model.ids)

    def _view_changed(self) -> None:
        ids = self.model.ids
        if ids.comparison is not None:
            self._unsaved = (ids.comparison, self.model.view.to_record(ids))
            self._save_timer.start()

    def _write_unsaved(self) -> None:
        unsaved, self._unsaved = self._unsaved, None
        if unsaved is not None:
            self.session.call(self.session.lib.comparisons.save_view_state, *unsaved)

    def save_view_state(self) -> None:
        """Save where the analyst is now (the timer does it soon after each move)."""
        self._save_timer.stop()
        ids = self.model.ids
        if ids.comparison is None:
            self._write_unsaved()
            return
        self._unsaved = (ids.comparison, self.view_state())
        self._write_unsaved()

    def restore_view_state(self, state: dict) -> None:
        view = ViewState.from_record(state, self.model.ids, layers=self.model.view.layers)
        if view is not None:
            self.window.apply_view(view)

    def _on_closing(self) -> None:
        self.save_view_state()
        self.settings.setValue("window/geometry", self.window.saveGeometry())
        self.settings.setValue("window/state", self.window.saveState())
        self.settings.sync()
        if self.library_window is not None:
            self.library_window.close()

    # -- painting

    def repaint_tags(self) -> None:
        self.tools.repaint()
        self.window.view.set_user_links(self.notes.user_links())

    # -- jumping, opening

    def show_passage(self, article_id: int, start: int, end: int) -> None:
        """Show a passage of an article: in its pane if it is on screen, else open a comparison
        that holds it (the most recent), else put it on the left beside the current right."""
        side = self.model.ids.side_of(article_id)
        if side is not None:
            view = self.window.view.view(side)
            if end > start:
                view.select_span(Span(start, end))
            else:
                view.centre_on(start)
            view.setFocus()
            _bring_forward(self.window)
            return
        lib = self.session.lib
        cmp = next((c for c in (self.session.call(lib.comparisons.all) or [])
                    if article_id in (c.left_id, c.right_id)), None)
        self.after_pair(lambda: self.show_passage(article_id, start, end))
        if cmp is not None and self.open_comparison(cmp.id):
            return
        self._after_pair.clear()
        if cmp is None:
            article = self.session.call(lib.articles.load, article_id)
            right = self.model.article("right")
            if article is None or right is None or self.model.ids.right == article_id:
                return
            self.after_pair(lambda: self.show_passage(article_id, start, end))
            self.window.show_articles(article, right)

    def open_comparison(self, comparison_id: int) -> bool:
        c = self.session.call(self.session.lib.comparisons.get, comparison_id)
        return c is not None and self.open_pair(c.left_id, c.right_id)

    def open_pair(self, left_id: int, right_id: int) -> bool:
        lib = self.session.lib
        left = self.session.call(lib.articles.load, left_id)
        right = self.session.call(lib.articles.load, right_id)
        if left is None or right is None:
            return False
        self.save_view_state()
        self.window.show_articles(left, right)
        _bring_forward(self.window)
        return True

    def fill_recent(self) -> None:
        """File > Open Recent: the library's most recently opened comparisons."""
        menu = self.window.recent_menu
        menu.clear()
        lib = self.session.lib
        recent = self.session.call(lib.comparisons.all, limit=RECENT) or []
        names = {}
        for c in recent:
            for aid in (c.left_id, c.right_id):
                if aid not in names:
                    info = self.session.call(lib.articles.get, aid)
                    names[aid] = info.display_name if info is not None else "?"
        for i, c in enumerate(recent):
            text = pair_label(names[c.left_id], names[c.right_id], c.opened_at)
            prefix = f"&{i + 1} " if i < 9 else ""
            act = menu.addAction(prefix + text.replace("&", "&&"))
            act.setData(c.id)
            act.triggered.connect(lambda *_, cid=c.id: self.open_comparison(cid))
        if not recent:
            menu.addAction(self.tr("No comparisons yet")).setEnabled(False)
        add_recent_stories(menu, self)  # the saved collations, opening in a story view

    # -- switching libraries

    def _label_library(self) -> None:
        lib = self.session.lib
        if lib.readonly:
            self.library_label.setText(self.tr("Library: {name} (read-only)").format(name=lib.path.name))
            self.library_label.setToolTip(self.tr("Notes are saved as you work in {path}; this library is "
                                                  "read-only, so changes are refused").format(path=lib.path))
        else:
            self.library_label.setText(self.tr("Library: {name}").format(name=lib.path.name))
            self.library_label.setToolTip(self.tr("Notes are saved as you work in {path}").format(path=lib.path))

    def choose_library(self, parent=None) -> bool:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.session.lib.path.parent)
        path, _ = QFileDialog.getSaveFileName(
            parent or self.window, self.tr("Open or create a library"), start,
            self.tr("Parallax library (*.db);;All files (*)"),
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
            self.library_window.show_path(lib.path)
        self._on_pair()
        self.window.statusBar().showMessage(self.tr("Now working in the library {path}.").format(path=lib.path), 10000)
        return True

    # -- windows

    def open_library(self) -> LibraryWindow:
        if self.library_window is None:
            lw = LibraryWindow(self.session, settings=self.settings)  # reopens as it was left
            lw.openComparison.connect(lambda cid: self.open_comparison(cid))
            lw.openCollation.connect(lambda cid: open_story_for(self, cid))
            lw.openPair.connect(lambda a, b: self.open_pair(a, b))
            lw.showPassage.connect(self.show_passage)
            lw.showLink.connect(self.notes.show_link)
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
        ids = tuple(i for i in (self.model.ids.left, self.model.ids.right) if i is not None)
        background = BackgroundExport.of(self.window)  # progress + Cancel in the status bar
        if not background.property("folder-kept"):
            background.setProperty("folder-kept", True)
            background.finished.connect(lambda out: out is not None and self.settings.setValue(
                "export/folder", str(Path(out).parent)))
        dialog = ExportDialog(self.session.lib, self.window, comparison_id=self.model.ids.comparison,
                              article_ids=ids, folder=folder if isinstance(folder, str) else None,
                              background=background)
        fmt = self.settings.value("export/format")  # the format of the last export, chosen again
        if isinstance(fmt, str) and dialog.format.findData(fmt) >= 0:
            dialog.set_choice(fmt=fmt)
        dialog.accepted.connect(lambda: self.settings.setValue("export/format", dialog.format.currentData()))
        return dialog

    def import_notes(self, path: str | None = None) -> str | None:
        """Notes > Import (``path`` given: no file dialog); a summary, or None."""
        from parallax.ui.export_dialog import ask_and_import, import_notes

        return import_notes(self.session, path) if path else ask_and_import(self.window, self.session)

    def open_export(self) -> None:
        dlg = self.export_dialog()
        if self.run_dialog(dlg) and dlg.written is not None:
            self.settings.setValue("export/folder", str(Path(dlg.written).parent))
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Workflow", "Exported to {path}").format(path=dlg.written), 10000)


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
