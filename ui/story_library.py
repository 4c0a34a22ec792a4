"""The story view and the notes library (issue #15 items 3 and 4).

:class:`StoryDesk` ties a :class:`parallax.ui.story_view.StoryView` to a
:class:`~parallax.reader.notes.library.Library`:

- a collation on screen is a saved comparison: its articles are stored and its
  collation opened (``lib.collations.open``); where the analyst is (the matrix
  tab, the chosen row and cell, each matrix's top row, the two sources last put
  side by side) is saved as its view state as it changes and restored when the
  same articles are collated again (from File > Open Recent or at start);
- notes on a matrix row (a fact, framing choice or voice across the outlets):
  ``lib.collations.note_row``, marked ``✎`` in the matrix and shown under it;
- tagging and passage notes in the passage pane (:mod:`parallax.ui.story_tagging`);
- two sources side by side open in the two-pane window *with the library's
  workflow installed* (:func:`parallax.ui.workflow.install`), so tagging, notes
  and links there are the pairwise view's own (:mod:`parallax.ui.tagging`,
  :mod:`parallax.ui.noting`), with both passages of the chosen cell selected;
- exports of the collation with its matrix and notes
  (:mod:`parallax.reader.notes.collation_export`; PDF is that HTML printed with
  ``QTextDocument``), written on the thread pool.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QInputDialog

from parallax.reader.comparison.collation import Collation
from parallax.reader.errors import ParallaxError
from parallax.reader.model import Comparison, Span
from parallax.reader.notes.collation_export import render, row_key, row_label
from parallax.reader.notes.records import RowNote
from parallax.ui.library_session import LibrarySession

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 600
EXPORT_FORMATS = ("md", "html", "csv", "json", "pdf")


class ExportSignals(QObject):
    done = Signal(str)  # the path written
    failed = Signal(str)  # one line


class ExportJob(QRunnable):
    """Render (and for PDF, print) a collation's export off the GUI thread."""

    def __init__(self, collation: Collation, notes: list[RowNote], fmt: str, path: str,
                 uuid: str, signals: ExportSignals):
        super().__init__()
        self.args = (collation, notes, fmt, path, uuid)
        self.signals = signals

    def _emit(self, name: str, value: str) -> None:
        with contextlib.suppress(RuntimeError):  # the story view is gone; the file is written anyway
            getattr(self.signals, name).emit(value)

    def run(self) -> None:
        collation, notes, fmt, path, uuid = self.args
        try:
            text = render(collation, notes, fmt, collation_uuid=uuid)
            if fmt == "pdf":
                print_html_pdf(text, path)
            else:
                Path(path).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
            self._emit("done", path)
        except OSError as err:
            self._emit("failed", f"could not write {path}: {err.strerror or err}")
        except Exception:
            log.exception("internal error while exporting a collation")
            self._emit("failed", "internal error while exporting; the log file has the details")


def print_html_pdf(page: str, path: str) -> None:
    """Print an HTML page to a PDF file (A4)."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    doc = QTextDocument()
    doc.setHtml(page)
    doc.print_(writer)
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"Qt wrote no PDF to {path}")


LAST_OPEN = "library/last-open"  # QSettings: "collation:<uuid>" (unique across libraries) or "comparison"


def last_collation_articles(settings, lib) -> list | None:
    """The articles of the collation that was the last thing open in this library, if it was
    (QSettings ``library/last-open``) and its articles are all still there; else None."""
    value = settings.value(LAST_OPEN)
    if not isinstance(value, str) or not value.startswith("collation:"):
        return None
    try:
        uuid = value.removeprefix("collation:")
        info = next((c for c in lib.collations.all() if c.uuid == uuid), None)
        return None if info is None else [lib.articles.load(aid) for aid in info.article_ids]
    except ParallaxError:
        return None


def collation_label(lib, info) -> str:
    """How a saved collation is listed: its title, else its outlets' names, with when it was opened."""
    names = []
    for aid in info.article_ids:
        try:
            names.append(lib.articles.get(aid).display_name)
        except ParallaxError:
            names.append("?")
    more = QCoreApplication.translate("StoryDesk", "{shown} and {n} more").format(
        shown=", ".join(names[:3]), n=len(names) - 3)
    shown = info.title or (more if len(names) > 3 else ", ".join(names))
    return QCoreApplication.translate("StoryDesk", "Story of {n} reports: {shown} ({opened})").format(
        n=len(names), shown=shown, opened=info.opened_at[:16].replace("T", " "))


def open_collation_view(lib, collation_id: int, *, settings=None, theme: str | None = None):
    """A story view over a saved collation (it reopens where it was left), or None with the
    reason as one line in ``ParallaxError`` when its articles cannot be loaded."""
    from parallax.ui.story_view import StoryView

    info = lib.collations.get(collation_id)
    articles = [lib.articles.load(aid) for aid in info.article_ids]
    story = StoryView(settings=settings, theme=theme, library=lib)
    story.open_sources(articles)
    story.resize(1600, 1000)
    story.show()
    return story


def open_story_beside(window, sources):
    """A story view opened from a main window over ``sources`` (3+): with the window's library
    when it has a workflow, and a pair picked there coming back to this window (both passages
    of a chosen matrix cell selected)."""
    from parallax.ui.story_view import StoryView

    flow = getattr(window, "workflow", None)

    def open_pair(comparison: Comparison, spans: tuple[Span | None, Span | None] = (None, None)):
        if flow is not None and spans != (None, None):
            flow.after_pair(lambda: window.view.show_spans(spans[0], spans[1], "Matrix cell"))
        window.show_comparison(comparison)

    open_pair.takes_spans = True  # type: ignore[attr-defined]
    story = StoryView(settings=window.settings, theme=window.theme, open_pair=open_pair,
                      library=flow.session.lib if flow is not None else None)
    story.open_sources(sources)
    story.show()
    return story


def add_recent_stories(menu, flow, *, limit: int = 12) -> None:
    """The saved collations under the comparisons in a main window's File > Open Recent
    (``flow``: its :class:`parallax.ui.workflow.Workflow`); each opens in a story view."""
    lib = flow.session.lib
    stories = flow.session.call(lib.collations.all, limit=limit) or []
    if stories:
        menu.addSeparator()

    for c in stories:
        act = menu.addAction(collation_label(lib, c).replace("&", "&&"))
        act.setData(f"collation:{c.id}")
        act.triggered.connect(lambda *_, cid=c.id: open_story_for(flow, cid))


def open_story_for(flow, collation_id: int):
    """Open a saved collation from a main window (File > Open Recent, the library window's
    recent list) in a story view, where it was left; kept as ``window.story``."""
    story = flow.session.call(open_collation_view, flow.session.lib, collation_id,
                              settings=flow.settings, theme=flow.window.theme)
    if story is not None:
        flow.window.story = story
    return story


OPEN_STORIES: set = set()  # story views with a library, kept alive while open (none has a parent)


class StoryDesk(QObject):
    """A story view's collation, view state, row notes, pairs and exports in the library."""

    def __init__(self, story, lib, *, settings=None):
        super().__init__(story)
        OPEN_STORIES.add(story)
        self.story = story
        self.lib = lib
        self.session = LibrarySession(lib, self)
        self.settings = settings
        self.collation_id: int | None = None
        self.collation_uuid = ""
        self.article_ids: list[int] = []
        self._restoring: dict | None = None
        # Asks for a row's note: (title, label, text) -> new text or None; tests answer instead.
        self.ask_note: Callable[[str, str, str], str | None] = self._ask_note
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_view_state)
        self._export_signals = ExportSignals(self)
        self._export_signals.done.connect(
            lambda p: story.statusBar().showMessage(self.tr("Exported to {path}").format(path=p), 10000))
        self._export_signals.failed.connect(
            lambda m: story.statusBar().showMessage(self.tr("parallax: error: {message}").format(message=m), 30000))
        self.session.changed.connect(self._library_changed)
        self.session.error.connect(
            lambda m: story.statusBar().showMessage(self.tr("parallax: error: {message}").format(message=m), 30000))
        story.collated.connect(self._on_collated)
        story.moved.connect(self._save_timer.start)
        from parallax.ui.story_tagging import PassageTagging

        self.tagging = PassageTagging(self)  # number keys, stripes and notes in the passage pane
        self._build_menus()

    def _build_menus(self) -> None:
        """Edit (Undo/Redo over the library's log) and Story (the buttons' actions, with keys)."""
        story = self.story
        self.undo_action, self.redo_action = self.session.make_undo_actions(story)
        edit = story.menuBar().addMenu(self.tr("&Edit"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        menu = story.menuBar().addMenu(self.tr("&Story"))
        menu.setToolTipsVisible(True)
        passage_tip = self.tr("Write a note on the words selected in the passage pane.")
        for text, key, slot, tip in (
                (QT_TRANSLATE_NOOP("StoryDesk", "&Side by Side"), "Ctrl+B", story.compare_cell,
                 story.cell_pair_button.toolTip()),
                (QT_TRANSLATE_NOOP("StoryDesk", "&Note on Row…"), "Ctrl+M", self.edit_row_note,
                 story.note_button.toolTip()),
                (QT_TRANSLATE_NOOP("StoryDesk", "Note on &Passage…"), "Ctrl+Shift+M", self.tagging.note_passage,
                 passage_tip),
                (QT_TRANSLATE_NOOP("StoryDesk", "&Export…"), "Ctrl+E", story.export_dialog,
                 story.export_button.toolTip())):
            act = menu.addAction(self.tr(text))
            act.setShortcut(key)
            act.setToolTip(tip)  # what it does, not its name again (the buttons' tips)
            act.setStatusTip(tip)
            act.triggered.connect(lambda *_, slot=slot: slot())

    # -- the collation in the library

    def _on_collated(self) -> None:
        c = self.story.collation
        ids = []
        for s in c.sources:
            info = self.session.call(self.lib.articles.add, s.article)
            if info is None:
                return
            ids.append(info.id)
        self.article_ids = ids
        if len(set(ids)) < 3:
            self.collation_id = None
            return
        ch = self.session.call(self.lib.collations.open, ids)
        if ch is None:
            return
        info = self.lib.collations.get(ch.id)
        self.collation_id, self.collation_uuid = info.id, info.uuid
        self.settings_last()
        self.refresh_notes()
        if info.view_state:
            self.restore_view_state(info.view_state)
        self.tagging.repaint()

    def settings_last(self) -> None:
        """Remember the collation as the last thing open (plain ``parallax`` reopens it)."""
        if self.settings is not None:
            self.settings.setValue(LAST_OPEN, f"collation:{self.collation_uuid}")

    def release(self) -> None:
        """The story view closes: save where it was, remember it as the last thing open, and
        stop following the library (which stays open for the other windows)."""
        self.save_view_state()
        if self.collation_id is not None:
            self.settings_last()
        self.session.detach()
        OPEN_STORIES.discard(self.story)

    def _library_changed(self, ch) -> None:
        if ch.note and self.collation_id is not None:
            self.refresh_notes()

    # -- notes on rows

    def row_notes(self) -> list[RowNote]:
        if self.collation_id is None:
            return []
        return self.session.call(self.lib.collations.row_notes, self.collation_id) or []

    def refresh_notes(self) -> None:
        c = self.story.collation
        if c is None:
            return
        by_key = {(n.matrix, n.row_key): n.body for n in self.row_notes()}
        for name, model in self.story.matrix_models.items():
            n = model.rowCount()
            model.set_row_notes({r: by_key[(name, row_key(c, name, r))] for r in range(n)
                                 if (name, row_key(c, name, r)) in by_key})
        self.story.show_row_note()

    def note_on_row(self, body: str, matrix: str | None = None, row: int | None = None) -> bool:
        """Write the note on a matrix row (the chosen one by default); empty text deletes it."""
        if self.collation_id is None:
            self.story.statusBar().showMessage(
                self.tr("This collation could not be stored in the library, so its rows cannot have notes."), 10000)
            return False
        if matrix is None or row is None:
            cell = self.story.current_cell
            if cell is None:
                self.story.statusBar().showMessage(self.tr("Click a row of a matrix first, then write its note."), 8000)
                return False
            matrix, row = cell[0], cell[1]
        c = self.story.collation
        ch = self.session.call(self.lib.collations.note_row, self.collation_id, matrix,
                               row_key(c, matrix, row), body, label=row_label(c, matrix, row))
        return ch is not None

    def edit_row_note(self) -> bool:
        cell = self.story.current_cell
        if cell is None or self.story.collation is None:
            self.story.statusBar().showMessage(self.tr("Click a row of a matrix first, then write its note."), 8000)
            return False
        matrix, row = cell[0], cell[1]
        c = self.story.collation
        current = self.story.matrix_models[matrix].row_notes.get(row, "")
        text = self.ask_note(self.tr("Note on a matrix row"), row_label(c, matrix, row), current)
        if text is None:
            return False
        return self.note_on_row(text, matrix, row)

    def _ask_note(self, title: str, label: str, text: str) -> str | None:
        prompt = self.tr("Your note on “{row}” (Markdown):").format(row=label)
        value, ok = QInputDialog.getMultiLineText(self.story, title, prompt, text)
        return value if ok else None

    # -- where the analyst is

    def view_state(self) -> dict:
        return self.story.view_state(self.article_ids)

    def save_view_state(self) -> None:
        self._save_timer.stop()
        if self.collation_id is not None and self.story.collation is not None:
            self.session.call(self.lib.collations.save_view_state, self.collation_id, self.view_state())

    def restore_view_state(self, state: dict) -> None:
        self.story.apply_view_state(state, self.article_ids)

    # -- two sources side by side, with the workflow

    def new_pair_window(self):
        """A two-pane window over this library, with the tagging workflow."""
        from parallax.ui.main_window import MainWindow
        from parallax.ui.workflow import install

        window = MainWindow(settings=self.story.settings, theme=self.story.theme)
        install(window, self.lib, restore_geometry=False)
        return window

    def open_pair(self, comparison: Comparison, spans: tuple[Span | None, Span | None] = (None, None)):
        window = self.new_pair_window()
        flow = window.workflow
        if spans != (None, None):
            flow.after_pair(lambda: window.view.show_spans(spans[0], spans[1], "Matrix cell"))
        window.show_comparison(comparison)
        window.show()
        return window

    open_pair.takes_spans = True  # type: ignore[attr-defined]  # StoryView.compare_cell passes the spans

    # -- exports

    def export(self, fmt: str, path: str | Path) -> bool:
        """Write the collation with its matrix and notes (one of :data:`EXPORT_FORMATS`)."""
        c = self.story.collation
        if c is None:
            self.story.statusBar().showMessage(self.tr("Nothing to export yet: the collation is not ready."), 8000)
            return False
        if fmt not in EXPORT_FORMATS:
            raise ParallaxError(f"unknown export format {fmt!r}")
        QThreadPool.globalInstance().start(
            ExportJob(c, self.row_notes(), fmt, str(path), self.collation_uuid, self._export_signals))
        return True
