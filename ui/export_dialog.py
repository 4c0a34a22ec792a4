"""The export dialog: a scope (this comparison, an article, the whole library, one tag),
a format (Markdown, CSV, JSON, HTML, PDF, REFI-QDA) and a file; then it offers to open
the folder.  :func:`import_notes` and :func:`ask_and_import` are Notes > Import: any
file ``parallax notes import`` reads (``parallax.reader.notes.importing``), one undoable
operation, with a summary of what was left out.

The rendering and the writing are ``parallax.reader.notes.export`` (Qt-free, the same as
``parallax notes export``); PDF is its print document printed by ``parallax.ui.pdf.print_pdf``.
:func:`write_export` does the work and is what tests call.  The dialog runs it on the
thread pool (a large library's PDF takes seconds), showing its progress (a PDF's
pages as they are printed) with Cancel, which stops it and leaves no file, not even the
temporary one; it never touches the library's results from that thread: the job only
hands back a path or a one-line error, and the window stays usable meanwhile.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parallax.reader.cli import logs
from parallax.reader.errors import Cancelled, ParallaxError
from parallax.reader.notes.export import EXTENSIONS, write_file
from parallax.reader.notes.importing import import_file
from parallax.reader.notes.library import Library
from parallax.ui.progress import WorkProgress

# key, label (the labels marked for pyside6-lupdate, translated in the dialog)
FORMATS = (("md", QT_TRANSLATE_NOOP("ExportDialog", "Markdown (.md)")),
           ("csv", QT_TRANSLATE_NOOP("ExportDialog", "CSV for spreadsheets, one row per annotation (.csv)")),
           ("csv-plain", QT_TRANSLATE_NOOP("ExportDialog", "CSV for data analysis (pandas, R): no formula guard (.csv)")),
           ("json", QT_TRANSLATE_NOOP("ExportDialog", "W3C Web Annotation JSON (.json)")),
           ("html", QT_TRANSLATE_NOOP("ExportDialog", "HTML page (.html)")),
           ("pdf", QT_TRANSLATE_NOOP("ExportDialog", "PDF (.pdf)")),
           ("qdpx", QT_TRANSLATE_NOOP("ExportDialog", "REFI-QDA project, for QDA programs (.qdpx)")))
IMPORT_FILTER = QT_TRANSLATE_NOOP("ExportDialog", "Notes (*.json *.jsonld *.qdpx);;REFI-QDA project (*.qdpx);;"
                                 "JSON: Parallax, W3C or Hypothesis (*.json *.jsonld);;All files (*)")
SCOPES = (("comparison", QT_TRANSLATE_NOOP("ExportDialog", "This comparison")),
          ("article", QT_TRANSLATE_NOOP("ExportDialog", "An article")),
          ("library", QT_TRANSLATE_NOOP("ExportDialog", "The whole library")),
          ("tag", QT_TRANSLATE_NOOP("ExportDialog", "One tag")))

log = logging.getLogger(__name__)


def write_export(lib: Library, path: str | os.PathLike[str], fmt: str, *, scope: str = "library",
                 comparison_id: int | None = None, article_id: int | None = None,
                 tag: int | str | None = None, progress: Callable[[float], object] | None = None) -> Path:
    """Export a scope of the library to ``path`` in ``fmt``; returns the path written.
    ``progress(share)`` follows a PDF's printing and may raise to stop it (nothing is written)."""
    if scope == "comparison":
        if comparison_id is None:
            raise ParallaxError("no comparison is open to export")
        data = lib.exchange.export_data(comparison_id=comparison_id)
    elif scope == "article":
        if article_id is None:
            raise ParallaxError("choose an article to export")
        data = lib.exchange.export_data(article_id=article_id)
    elif scope == "tag":
        if tag is None:
            raise ParallaxError("choose a tag to export")
        data = lib.exchange.export_data(tag=tag)
    else:
        data = lib.exchange.export_data()
    from parallax.ui.pdf import print_pdf

    printer = print_pdf if progress is None else functools.partial(print_pdf, progress=progress)
    return write_file(data, fmt, path, print_pdf=printer)


class _ExportSignals(QObject):
    done = Signal(object)  # the Path written
    failed = Signal(str)  # one line
    progress = Signal(float)  # the share done, 0-1
    cancelled = Signal()  # stopped by cancel(): nothing was written


class _ExportJob(QRunnable):
    """``write_export`` on the thread pool; it reports through signals and touches no widget."""

    def __init__(self, *args, **kw):
        super().__init__()
        self.args, self.kw = args, kw
        self.signals = _ExportSignals()
        self._cancelled = threading.Event()
        self._shown = -1  # the last percentage reported
        self.ended: threading.Event | None = None  # set when run() is over, whatever the end

    def cancel(self) -> None:
        """Stop at the next block or page printed (safe from any thread)."""
        self._cancelled.set()

    def _progress(self, share: float) -> None:
        if self._cancelled.is_set():
            raise Cancelled("export cancelled")
        percent = int(100 * share)
        if percent != self._shown:  # a signal a percent, not one a block
            self._shown = percent
            self.signals.progress.emit(share)

    def run(self) -> None:
        try:
            out = write_export(*self.args, progress=self._progress, **self.kw)  # whole, even if
            # Cancel came as it finished: then it is reported done, as it is
        except ParallaxError as err:
            if self._cancelled.is_set():  # the printer says "stopped" in its own words
                self.signals.cancelled.emit()
                return
            self.signals.failed.emit(f"parallax: error: {err}")
        except OSError as err:  # the disk or the folder said no: in its words, not an exception's name
            log.warning("export not written", exc_info=err)
            self.signals.failed.emit(f"parallax: error: the export could not be written: {err.strerror or err}")
        except Exception as err:  # a bug: the details go to the log, the line says where
            log.error("export failed", exc_info=err)
            self.signals.failed.emit(f"parallax: error: the export failed (an internal error){logs.details_hint()}")
        else:
            self.signals.done.emit(out)
        finally:
            if self.ended is not None:
                self.ended.set()


class BackgroundExport(QObject):
    """The window's one export running in the background: a progress bar with Cancel in
    the status bar (``WorkProgress``), not a modal dialog, so the analyst keeps reading.
    A second export while one runs is refused with a message; closing the window cancels
    the running one and waits for it to stop, so no half-written file (nor ``.part``) stays.
    ``finished(path or None)`` follows every export started."""

    finished = Signal(object)  # the Path written, or None (failed or cancelled)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setObjectName("parallax-background-export")
        self.window = window
        self.progress = WorkProgress(window, delay_ms=0)
        window.statusBar().addPermanentWidget(self.progress)
        self.progress.cancelRequested.connect(self.cancel)
        self._job: _ExportJob | None = None
        self._ended = threading.Event()
        self.last_message = ""
        window.installEventFilter(self)

    @classmethod
    def of(cls, window: QMainWindow) -> BackgroundExport:
        """The window's background export, made on first use."""
        found = window.findChild(BackgroundExport, "parallax-background-export")
        return found if found is not None else cls(window)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, lib: Library, path: str, fmt: str, **choices) -> bool:
        """Start writing an export; False (and a message in the status bar) when one runs."""
        if self._job is not None:
            self._say(self.tr("An export is already running: wait for it or cancel it first."))
            return False
        job = _ExportJob(lib, path, fmt, **choices)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.progress.connect(lambda share: self.progress.report("", share))
        self._job, self._path = job, path
        self._ended.clear()
        job.ended = self._ended  # set by the job as its very last step
        self.progress.start(self.tr("Exporting {name}").format(name=Path(path).name))
        QThreadPool.globalInstance().start(job)
        return True

    def cancel(self) -> None:
        """Stop the running export; nothing of it is kept."""
        if self._job is not None:
            self._job.cancel()

    def _say(self, message: str) -> None:
        self.last_message = message
        self.window.statusBar().showMessage(message, 15000)

    def _end(self, out: Path | None, message: str) -> None:
        self._job = None
        self.progress.stop()
        self._say(message)
        self.finished.emit(out)

    def _done(self, out: Path) -> None:
        self._end(Path(out), self.tr("Exported to {path}.").format(path=out))

    def _failed(self, message: str) -> None:
        self._end(None, message)

    def _cancelled(self) -> None:
        self._end(None, self.tr("Export cancelled: nothing was written."))

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent

        if obj is self.window and event.type() == QEvent.Type.Close and self._job is not None:
            self._job.cancel()  # the job removes its temporary file as it stops
            self._ended.wait(60)
        return False


class ExportDialog(QDialog):
    def __init__(self, lib: Library, parent: QWidget | None = None, *, comparison_id: int | None = None,
                 article_ids: tuple[int, ...] = (), folder: str | None = None,
                 background: BackgroundExport | None = None):
        """With ``background`` (the window's), Export hands the work to it and the dialog
        closes: the progress and Cancel are in the window's status bar."""
        super().__init__(parent)
        self.background = background
        self.lib = lib
        self.comparison_id = comparison_id
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Export notes"))
        self.scope = QComboBox()
        for key, label in SCOPES:
            self.scope.addItem(self.tr(label), key)
        self.article = QComboBox()
        arts = lib.articles.all()
        first = [a for a in arts if a.id in article_ids] + [a for a in arts if a.id not in article_ids]
        for a in first:
            self.article.addItem(a.display_name, a.id)
        self.tag = QComboBox()
        for t in lib.tags.all():
            self.tag.addItem(t.name, t.id)
        self.format = QComboBox()
        for key, label in FORMATS:
            self.format.addItem(self.tr(label), key)
        self.path = QLineEdit()
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(lambda *_: self._browse())
        prow = QHBoxLayout()
        prow.addWidget(self.path, 1)
        prow.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Scope:"), self.scope)  # Alt+letter moves to the field
        form.addRow(self.tr("&Article:"), self.article)
        form.addRow(self.tr("&Tag:"), self.tag)
        form.addRow(self.tr("&Format:"), self.format)
        file_label = QLabel(self.tr("F&ile:"))
        file_label.setBuddy(self.path)
        form.addRow(file_label, prow)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the job reports (a PDF does, as it prints)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self._job: _ExportJob | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons = buttons
        self.export_button = buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._export_clicked)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.progress)
        lay.addWidget(buttons)
        self._folder = folder or str(Path.home())
        self.scope.currentIndexChanged.connect(self._update)
        self.format.currentIndexChanged.connect(self._update)
        self.tag.currentIndexChanged.connect(self._update)
        self.article.currentIndexChanged.connect(self._update)
        if comparison_id is None:
            self.scope.setCurrentIndex(2)
        self._update()
        self.resize(520, 240)

    def _default_name(self) -> str:
        scope = self.scope.currentData()
        stem = {"comparison": "comparison-notes", "library": "parallax-notes"}.get(scope, "notes")
        if scope == "tag" and self.tag.currentText():
            stem = "tag-" + "".join(c if c.isalnum() else "-" for c in self.tag.currentText().lower()).strip("-")
        if scope == "article" and self.article.currentText():
            stem = "".join(c if c.isalnum() else "-" for c in self.article.currentText().lower())[:40].strip("-")
        fmt = self.format.currentData()
        return f"{stem or 'notes'}.{EXTENSIONS.get(fmt, fmt)}"

    def _update_enabled(self) -> None:
        scope = self.scope.currentData()
        self.article.setEnabled(scope == "article")
        self.tag.setEnabled(scope == "tag")

    def _update(self) -> None:
        self._update_enabled()
        folder = str(Path(self.path.text()).parent) if self.path.text() else self._folder
        self.path.setText(str(Path(folder) / self._default_name()))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export notes"), self.path.text())
        if path:
            self.path.setText(path)

    def set_choice(self, *, scope: str | None = None, fmt: str | None = None, path: str | None = None,
                   tag: str | None = None, article_id: int | None = None) -> None:
        if scope is not None:
            self.scope.setCurrentIndex(self.scope.findData(scope))
        if fmt is not None:
            self.format.setCurrentIndex(self.format.findData(fmt))
        if tag is not None:
            self.tag.setCurrentIndex(self.tag.findText(tag))
        if article_id is not None:
            self.article.setCurrentIndex(self.article.findData(article_id))
        if path is not None:
            self.path.setText(str(path))

    def _choices(self) -> dict:
        return {"scope": self.scope.currentData(), "comparison_id": self.comparison_id,
                "article_id": self.article.currentData(), "tag": self.tag.currentData()}

    def export(self) -> Path | None:
        """Write the chosen export now, on this thread; None (and a message in the dialog)
        on failure."""
        path = self.path.text().strip()
        if not path:
            self.status.setText(self.tr("Choose a file to write."))
            return None
        try:
            out = write_export(self.lib, path, self.format.currentData(), **self._choices())
        except ParallaxError as err:
            self.status.setText(self.tr("parallax: error: {message}").format(message=err))
            return None
        self.written = out
        self.status.setText(self.tr("Exported to {path}.").format(path=out))
        return out

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start_export(self) -> bool:
        """Write the chosen export on the thread pool; :meth:`_done` or :meth:`_failed`
        follows.  False when there is nothing to start."""
        path = self.path.text().strip()
        if not path:
            self.status.setText(self.tr("Choose a file to write."))
            return False
        if self._job is not None:
            return False
        job = _ExportJob(self.lib, path, self.format.currentData(), **self._choices())
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        job.signals.progress.connect(self._progress)
        job.signals.cancelled.connect(self._cancelled)
        self.progress.setRange(0, 0)
        self._job = job
        self._set_busy(True)
        self.status.setText(self.tr("Exporting to {path}…").format(path=path))
        QThreadPool.globalInstance().start(job)
        return True

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for w in (self.scope, self.article, self.tag, self.format, self.path, self.export_button):
            w.setEnabled(not busy)  # Cancel stays: it stops the export
        if not busy:
            self._update_enabled()

    def _done(self, out: Path) -> None:
        self._job = None
        self._set_busy(False)
        self.written = Path(out)
        self.status.setText(self.tr("Exported to {path}.").format(path=out))
        if self.offer_folder(self.written):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))
        self.accept()

    def _progress(self, share: float) -> None:
        if self._job is not None:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(100 * share))

    def cancel_export(self) -> None:
        """Stop the export being written; nothing of it stays (the dialog stays open)."""
        if self._job is not None:
            self._job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _cancelled(self) -> None:
        self._job = None
        self._set_busy(False)
        self.status.setText(self.tr("Export cancelled: nothing was written."))

    def _failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        self.status.setText(message)

    def reject(self) -> None:
        if self._job is not None:  # Cancel (or Esc) while writing: stop the export, stay open
            self.cancel_export()
            return
        super().reject()

    def offer_folder(self, out: Path) -> bool:
        """Ask to open the folder holding the export (overridden in tests)."""
        answer = QMessageBox.question(self, self.tr("Export done"),
                                      self.tr("Exported to {path}.\n\nOpen its folder?").format(path=out))
        return answer == QMessageBox.StandardButton.Yes

    def _export_clicked(self) -> None:
        if self.background is None:
            self.start_export()
            return
        path = self.path.text().strip()
        if not path:
            self.status.setText(self.tr("Choose a file to write."))
        elif self.background.busy:
            self.status.setText(self.tr("An export is already running: wait for it or cancel it "
                                        "in the status bar first."))
        elif self.background.start(self.lib, path, self.format.currentData(), **self._choices()):
            self.accept()  # the work goes on in the background; the window stays usable


def import_notes(session, path: str | os.PathLike[str]) -> str | None:
    """Import a notes file into the session's library as one undoable operation; a
    summary for the user, or None when it failed (the session shows the one-line error)."""
    done = session.call(import_file, session.lib.exchange, path, undoable=True)
    if done is None:
        return None
    ch, data = done
    n = ch.count
    if n == 1:
        summary = QCoreApplication.translate("ExportDialog", "Imported %n annotation from {name} "
                                             "({present} already present).", "", n)
    else:
        summary = QCoreApplication.translate("ExportDialog", "Imported %n annotations from {name} "
                                             "({present} already present).", "", n)
    summary = summary.format(name=Path(path).name, present=len(data.annotations) - n)
    if ch.notices:
        shown = "\n".join(ch.notices[:15])
        more = "\n" + QCoreApplication.translate("ExportDialog", "… and {n} more.").format(
            n=len(ch.notices) - 15) if len(ch.notices) > 15 else ""
        summary += "\n\n" + QCoreApplication.translate("ExportDialog", "Left out or changed:") + f"\n{shown}{more}"
    return summary


def ask_and_import(parent: QWidget | None, session, folder: str | None = None) -> str | None:
    """Notes > Import: choose a file, import it, show what was done."""
    title = QCoreApplication.translate("ExportDialog", "Import notes")
    path, _ = QFileDialog.getOpenFileName(parent, title, folder or str(Path.home()),
                                          QCoreApplication.translate("ExportDialog", IMPORT_FILTER))
    if not path:
        return None
    summary = import_notes(session, path)
    if summary is not None:
        QMessageBox.information(parent, title, summary)
    return summary
