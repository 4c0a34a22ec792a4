"""The main window: the comparison view, the side panel, actions, background work, settings.

Layout: toolbar, then a splitter [ComparisonView | SidePanel], then the
status bar with the progress of a comparison that lasts and its Cancel button
(:class:`parallax.ui.progress.WorkProgress`); a comparison the core estimates at
minutes is asked about first (:func:`parallax.ui.progress.ask_long_comparison`).  The pieces are separate widgets so
that later features can add to them: ``window.panel.addTab(...)``,
``window.actions.add(...)``, ``window.view`` for the panes,
``window.recent_menu`` (File > Open Recent).

What is on screen is kept in ``window.session`` (:class:`parallax.ui.session.Session`,
Qt-free): the pair, its comparison, its library ids and the view in code points.
The window writes it as pairs are shown, comparisons finish and the analyst
moves; the workflow observes it instead of watching widgets.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QThreadPool, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
)

from parallax.reader.comparison.figures import wire_badge
from parallax.reader.comparison.layers import LAYER_NAMES
from parallax.reader.model import Article, Comparison, Side
from parallax.reader.text.lexicon import Lexicon, clear_cache
from parallax.ui.actions import Actions, quit_application
from parallax.ui.comparison_view import ComparisonView
from parallax.ui.drops import FileDrops
from parallax.ui.empty_hint import EmptyHints
from parallax.ui.panel import SidePanel
from parallax.ui.progress import WorkProgress, ask_long_comparison
from parallax.ui.responsive import PanelSplitter, StatusBar
from parallax.ui.session import Session, ViewState
from parallax.ui.settings import open_settings, read_bool, read_float
from parallax.ui.style import Style, apply_theme, resolve_theme, share_theme
from parallax.ui.toolbars import FitToolBar
from parallax.ui.view_keeper import ViewKeeper
from parallax.ui.worker import CompareJob, JobSignals, Result, Source, word_counts

DEFAULT_FONT_SIZE = 11.0
log = logging.getLogger(__name__)


class MainWindow(FileDrops, QMainWindow):
    closing = Signal()  # the window is about to close: save what is to be saved
    comparisonCancelled = Signal()  # Cancel: the pair on screen was not compared (and goes)

    def __init__(self, *, settings=None, theme: str | None = None):
        super().__init__()
        self.setWindowTitle(self.tr("Parallax"))
        self.settings = settings if settings is not None else open_settings()
        self.theme = theme or str(self.settings.value("view/theme", "system"))
        app = QApplication.instance()
        self.style_ = apply_theme(app, self.theme) if app is not None else Style(resolve_theme(self.theme))
        self.session = Session()
        # the user's word lists, read once for the window (View > Reload Word Lists reads them again)
        self.lexicon = Lexicon.from_environment()
        self.unsure_markers = True  # View > Unsure Framing Markers (remembered): shown unless hidden
        self.swapped = False
        self._token = 0
        self._pending: int | None = None
        self._pending_swapped = False
        self._texts_shown = False  # the pending job's texts reached the screen
        self._job: CompareJob | None = None
        self._before: tuple | None = None  # the pair and comparison shown before the pending job
        self.long_question = None  # the question before a comparison of minutes, while open
        self.last_result: Result | None = None
        self.partial_result: Result | None = None  # the early highlights last drawn (never the session's)
        # Owned by the application, not the window: a job still running when the window
        # is gone emits into nothing (the window's slots go with the window).
        self._signals = JobSignals(QApplication.instance())
        self._signals.loaded.connect(self._on_loaded)
        self._signals.finished.connect(self._on_finished)
        self._signals.partial.connect(self._on_partial)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._signals.confirm.connect(self._on_confirm)

        self.actions = Actions(self)
        # Keys that act inside a widget rather than through a window action (listed by F1).
        self.key_help: list[tuple[str, str]] = [
            (self.tr("Find bar: next / previous match"), "Enter, Shift+Enter"),
            (self.tr("Find bar: close"), "Esc"),
            (self.tr("Legend, panes, side panel in turn"), "Tab, Shift+Tab"),
            (self.tr("Select words in a pane"), "Shift+Ctrl+Left/Right"),
            (self.tr("Menus"), self.tr("Alt+underlined letter")),
        ]
        for name, action in self.actions.layers.items():
            action.setChecked(read_bool(self.settings, f"layers/{name}", True))
        self.view = ComparisonView(self.style_, self.actions.layers, unsure_action=self.actions["unsure-markers"])
        self.panel = SidePanel()
        self.splitter = PanelSplitter(self.view, self.panel)  # the panel folds away in a narrow window
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)

        self.setStatusBar(StatusBar(self))  # a long message wraps in a narrow window, never cut off
        self.progress = WorkProgress(self)  # shown only when a comparison lasts
        self.progress.cancelRequested.connect(self.cancel_comparison)
        self.statusBar().addPermanentWidget(self.progress)

        self._build_menus()
        self._build_toolbar()
        self._connect()
        self.keeper = ViewKeeper(self)  # the session's view state, kept in step with the panes
        self.empty_hints = EmptyHints(self)  # what an empty pane says; one file waits for the other
        self._restore()

    # -- compatibility and accessors

    @property
    def left(self):
        return self.view.left

    @property
    def right(self):
        return self.view.right

    @property
    def articles(self) -> tuple[Article, Article] | None:
        return self.session.pair

    @property
    def comparison(self) -> Comparison | None:
        return self.session.comparison

    @property
    def job(self) -> CompareJob | None:
        """The comparison job running for the pair on screen, if any."""
        return self._job

    def is_idle(self) -> bool:
        """True when no comparison is running (highlights are drawn as shown: ui/highlight.py)."""
        return self._pending is None

    # -- building

    def _build_menus(self) -> None:
        a = self.actions
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&File"))
        m.setObjectName("menu-file")  # found by name, as titles may be translated
        for ident in ("open", "open-left", "open-right"):
            m.addAction(a[ident])
        self.recent_menu = m.addMenu(self.tr("Open Rece&nt"))
        self.recent_menu.setEnabled(False)  # the workflow fills it from the library
        for ident in (None, "paste", "paste-left", "paste-right", None, "close", "quit"):
            m.addSeparator() if ident is None else m.addAction(a[ident])
        m = mb.addMenu(self.tr("&Edit"))
        m.setObjectName("menu-edit")
        for ident in ("find", "find-next", "find-prev", None, "preferences"):
            m.addSeparator() if ident is None else m.addAction(a[ident])
        m = mb.addMenu(self.tr("&View"))
        m.setObjectName("menu-view")
        for ident in ("swap", "sync", "panel", None, "unsure-markers", "reload-lexicons", None,
                      "zoom-in", "zoom-out", "zoom-reset"):
            m.addSeparator() if ident is None else m.addAction(a[ident])
        layers = m.addMenu(self.tr("&Layers"))
        for name in LAYER_NAMES:
            layers.addAction(a.layers[name])
        themes = m.addMenu(self.tr("&Theme"))
        for ident in ("theme-light", "theme-dark", "theme-system"):
            themes.addAction(a[ident])
        m = mb.addMenu(self.tr("&Go"))
        m.setObjectName("menu-go")
        for ident in ("next-difference", "prev-difference", None, "next-shared", "prev-shared", None,
                      "next-framing", "prev-framing", None, "focus-left", "focus-right"):
            m.addSeparator() if ident is None else m.addAction(a[ident])
        m = mb.addMenu(self.tr("&Help"))
        m.setObjectName("menu-help")
        m.addAction(a["shortcuts"])
        m.addAction(a["about"])

    def _build_toolbar(self) -> None:
        tb = FitToolBar(self.tr("Main"), "main-toolbar")
        a = self.actions
        short = {  # the labels beside the toolbar's icons
            "open": self.tr("Open"), "paste": self.tr("Paste"), "swap": self.tr("Swap"),
            "find": self.tr("Find"), "panel": self.tr("Panel"),
            "prev-difference": self.tr("Prev diff"), "next-difference": self.tr("Next diff"),
            "prev-shared": self.tr("Prev shared"), "next-shared": self.tr("Next shared"),
            "prev-framing": self.tr("Prev marker"), "next-framing": self.tr("Next marker"),
        }
        for ident in ("open", "paste", None, "swap", None, "prev-difference", "next-difference",
                      "prev-shared", "next-shared", "prev-framing", "next-framing", None, "find", "panel"):
            if ident is None:
                tb.addSeparator()
                continue
            tb.add(a[ident], short[ident])
        self.toolbar = tb
        self.addToolBar(tb)

    def _connect(self) -> None:
        a, v = self.actions, self.view
        a.connect("open", lambda: self.open_dialog(None))
        a.connect("open-left", lambda: self.open_dialog("left"))
        a.connect("open-right", lambda: self.open_dialog("right"))
        a.connect("paste", lambda: self.paste_text(self.view.active_side))
        a.connect("paste-left", lambda: self.paste_text("left"))
        a.connect("paste-right", lambda: self.paste_text("right"))
        a.connect("quit", self.quit)
        a.connect("close", self.close)
        a.connect("preferences", self.show_preferences)
        a.connect("about", self.show_about)
        a.connect("reload-lexicons", lambda: reload_lexicons(self))
        a.connect("find", v.open_find)
        a.connect("find-next", lambda: v.find_bar.find(forward=True) if v.find_bar.edit.text() else v.open_find())
        a.connect("find-prev", lambda: v.find_bar.find(forward=False) if v.find_bar.edit.text() else v.open_find())
        a.connect("swap", self.swap_sides)
        a.connect("shortcuts", self.show_shortcuts)
        a["sync"].toggled.connect(self._set_sync)
        self.splitter.bind(a["panel"], self.settings, self.statusBar())
        a["unsure-markers"].toggled.connect(lambda on: set_unsure_markers(self, on))
        a.connect("zoom-in", lambda: self.set_font_size(self.font_size + 1))
        a.connect("zoom-out", lambda: self.set_font_size(self.font_size - 1))
        a.connect("zoom-reset", lambda: self.set_font_size(DEFAULT_FONT_SIZE))
        for kind in ("difference", "shared", "framing"):
            a.connect(f"next-{kind}", lambda k=kind: v.go(k, forward=True))
            a.connect(f"prev-{kind}", lambda k=kind: v.go(k, forward=False))
        a.connect("focus-left", lambda: v.left.view.setFocus())
        a.connect("focus-right", lambda: v.right.view.setFocus())
        for theme in ("light", "dark", "system"):
            a.connect(f"theme-{theme}", lambda t=theme: self.set_theme(t))
        for action in a.layers.values():
            action.toggled.connect(self._layers_toggled)
        v.status.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.panel.factActivated.connect(v.show_fact)
        for pane in (v.left, v.right):
            pane.view.filesDropped.connect(lambda paths, s=pane.side: self._dropped(paths, s))
            pane.view.textDropped.connect(lambda text, s=pane.side: self._replace(s, text))

        self.splitter.splitterMoved.connect(lambda *_: self._save_splitters())
        v.splitter.splitterMoved.connect(lambda *_: self._save_splitters())

    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if not (isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry))):
            self.resize(1400, 900)
        state = s.value("view/panes_splitter")
        if isinstance(state, QByteArray | bytes):
            self.view.splitter.restoreState(QByteArray(state))
        chosen = read_float(s, "view/panel_width", 0.0)
        self.splitter.chosen = int(chosen) if chosen > 0 else None
        self.actions["sync"].setChecked(read_bool(s, "view/sync", True))
        self.actions["panel"].setChecked(read_bool(s, "view/panel", True))
        self.splitter.set_wanted(self.actions["panel"].isChecked())
        self.actions["unsure-markers"].setChecked(read_bool(s, "view/unsure_markers", True))
        self.actions[f"theme-{self.theme if self.theme in ('light', 'dark') else 'system'}"].setChecked(True)
        tab = s.value("view/panel_tab")
        if isinstance(tab, str):
            for i in range(self.panel.count()):
                if self.panel.tabText(i) == tab:
                    self.panel.setCurrentIndex(i)
        self.panel.currentChanged.connect(
            lambda i: self.settings.setValue("view/panel_tab", self.panel.tabText(i)))
        self.font_size = read_float(s, "view/font_size", DEFAULT_FONT_SIZE)
        self.view.set_font_size(self.font_size)
        self.view.set_enabled(self.enabled_layers())

    def _save_splitters(self) -> None:
        if self.splitter.chosen is not None:
            self.settings.setValue("view/panel_width", self.splitter.chosen)
        self.settings.setValue("view/panes_splitter", self.view.splitter.saveState())

    # -- settings-backed state

    def enabled_layers(self) -> set[str]:
        return {name for name, action in self.actions.layers.items() if action.isChecked()}

    def _layers_toggled(self) -> None:
        enabled = self.enabled_layers()
        for name in LAYER_NAMES:
            self.settings.setValue(f"layers/{name}", name in enabled)
        self.view.set_enabled(enabled)
        self.keeper.changed()

    def set_layer(self, name: str, on: bool) -> None:
        self.actions.layers[name].setChecked(on)

    def _set_sync(self, on: bool) -> None:
        self.view.sync_scrolling = on
        self.settings.setValue("view/sync", on)

    def set_font_size(self, points: float) -> None:
        self.font_size = max(6.0, min(40.0, points))
        self.view.set_font_size(self.font_size)
        self.settings.setValue("view/font_size", self.font_size)

    def set_theme(self, theme: str) -> None:
        self.theme = theme
        self.settings.setValue("view/theme", theme)
        app = QApplication.instance()
        self.style_ = apply_theme(app, theme) if app is not None else Style(resolve_theme(theme))
        self.actions.refresh_icons(self.style_.colour("text"))
        self.view.apply_style(self.style_)
        self.panel.set_comparison(self.comparison, self.style_, derived=self._derived())
        share_theme(self, theme)  # one palette for all: the story view and other pairs follow

    def closeEvent(self, event):
        self.sync_view()
        self.closing.emit()
        self._save_splitters()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        self.cancel()
        super().closeEvent(event)

    def cancel(self) -> None:
        """Drop the comparison being computed: its result is never shown (the engine
        finishes in its thread; nothing waits for it)."""
        self.long_question = None
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if self._pending is not None:
            self._pending = None
            self.progress.stop()

    def cancel_comparison(self) -> None:
        """Cancel: stop the comparison (nothing of it is kept) and show again the pair
        compared before, if its texts had replaced it."""
        if self._pending is None:
            return
        before, shown = self._before, self._texts_shown
        self.comparisonCancelled.emit()
        self.cancel()
        self.statusBar().showMessage(self.tr("Comparison cancelled: nothing of it was kept."), 15000)
        if before is not None and shown:
            (left, right), comparison, swapped = before
            self._begin(left, right, comparison=comparison, swapped=swapped)
        elif shown:
            undraw_early(self)
            self.view.clear_layers(self.tr("Not compared: cancelled."))

    def quit(self) -> None:
        """Close every window (this one, a story view, the library) and leave Parallax."""
        quit_application()

    def show_preferences(self) -> None:
        from parallax.ui.preferences import Preferences

        dialog = Preferences(self)
        dialog.open()
        self.preferences_dialog = dialog

    def show_about(self) -> None:
        from parallax.ui.preferences import show_about

        self.about_box = show_about(self)

    # -- the view, in code points (the session's view state; ui/view_keeper.py)

    def current_view(self) -> ViewState:
        return self.keeper.current()

    def sync_view(self) -> None:
        self.keeper.sync()

    def apply_view(self, state: ViewState) -> None:
        self.keeper.apply(state)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """Every shortcut of the window: the registry's, any other window action's
        (Undo, Redo), then the keys that work inside a pane or a bar (``key_help``)."""
        rows = self.actions.shortcut_table()
        registered = {id(self.actions[ident]) for ident in self.actions}
        for action in QMainWindow.actions(self):
            if id(action) in registered:
                continue
            keys = [t for k in action.shortcuts() if (t := k.toString(QKeySequence.SequenceFormat.NativeText))]
            if keys:
                name = action.property("shortcut_name") or action.text().replace("&", "").rstrip("…")
                rows.append((str(name), ", ".join(keys)))
        return rows + self.key_help

    def show_shortcuts(self) -> None:
        from parallax.ui.preferences import shortcuts_dialog

        self.shortcuts_dialog = shortcuts_dialog(self.shortcut_rows(), self)
        self.shortcuts_dialog.open()

    # -- opening

    def show_articles(self, left: Article, right: Article) -> None:
        """Show two loaded articles at once and compare them in the background."""
        self._begin(left, right)

    def show_comparison(self, comparison: Comparison) -> None:
        """Show a comparison computed elsewhere (the layers are still prepared in the background)."""
        self._begin(comparison.left, comparison.right, comparison=comparison)

    def open_sources(self, left: Source, right: Source) -> None:
        """Compare two sources (Article, file Path, or pasted text str), loading them in the background.

        Until the new texts are on screen the pair shown stays, with its comparison:
        a file that fails to load leaves it as it was."""
        self._begin(left, right)

    def open_dialog(self, side: Side | None) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open articles"), "", self.tr("Articles (*.txt *.md *.html *.htm *.pdf *.docx);;All files (*)"))
        if paths:
            self._dropped(paths, side or self.view.active_side)

    def _dropped(self, paths: list[str], side: Side) -> None:
        if len(paths) > 2:  # a story: all of them in the story view; a pair picked there comes here
            from parallax.ui.story_library import open_story_beside

            self.story = open_story_beside(self, [Path(p) for p in paths])
        elif len(paths) == 2:
            self.open_sources(Path(paths[0]), Path(paths[1]))
        elif paths:
            self._replace(side, Path(paths[0]))

    def _replace(self, side: Side, source: Source) -> None:
        """Replace one side (a file or pasted text), keeping the other."""
        if self.articles is None:  # held on its side until the other comes (ui/empty_hint.py)
            if (pair := self.empty_hints.hold(side, source)) is not None:
                self.open_sources(*pair)
            return
        left, right = self.articles
        left, right = (source, right) if side == "left" else (left, source)
        self.open_sources(left, right)

    def paste_text(self, side: Side) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage(self.tr("The clipboard holds no text to compare."), 8000)
            return
        self._replace(side, text)

    def files_dropped(self, paths: list[str]) -> None:
        self._dropped(paths, self.view.active_side)

    def swap_sides(self) -> None:
        if self.articles is None:
            return
        left, right = self.articles
        if self.comparison is not None and self._pending is None:
            c = self.comparison.swapped()
            self._begin(c.left, c.right, comparison=c, swapped=not self.swapped)
        else:
            self._begin(right, left, swapped=not self.swapped)

    # -- background work

    def _derived(self) -> Side:
        return "left" if self.swapped else "right"

    def _begin(self, left: Source, right: Source, *, comparison: Comparison | None = None,
               swapped: bool = False, confirmed: bool = False) -> None:
        if self._job is not None:
            self._job.cancel()  # superseded: its result would be dropped anyway
        if self._pending is None:  # what Cancel goes back to
            self._before = (self.articles, self.comparison, self.swapped) if self.comparison else None
        self._token += 1
        self._pending = self._token
        if self.long_question is not None:  # asked about an earlier pair: no longer a question
            self.long_question, box = None, self.long_question
            box.done(0)
        self._pending_swapped = swapped
        self._texts_shown = False
        if isinstance(left, Article) and isinstance(right, Article):
            self._show_texts(left, right)
        self.progress.start(self.tr("Comparing") if comparison is None else self.tr("Drawing"))
        self._job = CompareJob(self._token, left, right, self._signals, comparison=comparison,
                               confirmed=confirmed, lexicon=self.lexicon, unsure_markers=self.unsure_markers)
        QThreadPool.globalInstance().start(self._job)

    def _on_progress(self, token: int, stage: str, done: float) -> None:
        if token == self._pending:
            self.progress.report(stage, done)

    def _on_confirm(self, token: int, left: Article, right: Article, seconds: float) -> None:
        """The comparison would take minutes: say so, and start it only if asked to."""
        if token == self._pending:
            self.progress.stop()
            self.long_question = ask_long_comparison(self, word_counts(left, right), seconds, lambda go: (
                (self._begin(left, right, swapped=self._pending_swapped, confirmed=True) if go
                 else self.cancel_comparison()) if token == self._pending else None))

    def _show_texts(self, left: Article, right: Article) -> None:
        self.sync_view()  # where the analyst leaves the pair shown so far
        self._texts_shown = True
        self.swapped = self._pending_swapped
        self.view.set_articles(left, right, (wire_badge(None, left, "left"), wire_badge(None, right, "right")))
        self.view.derived = self._derived()
        self.panel.set_comparison(None, self.style_)
        # "document — application": Qt adds the application's name to a title that does not end with it
        self.setWindowTitle(self.tr("{left} ↔ {right} — Parallax").format(left=left.display_name, right=right.display_name))
        self.session.show_pair(left, right)

    def _on_loaded(self, token: int, left: Article, right: Article) -> None:
        if token == self._pending:
            self._show_texts(left, right)

    def _on_partial(self, result: Result) -> None:
        draw_partial(self, result)

    def _on_finished(self, result: Result) -> None:
        if result.token != self._pending:
            return
        self._pending = self._job = None
        self.last_result = result
        c, restore = result.comparison, self.session.restore
        d = draw_layers(self, result, align=not drawn_early(self, result) and restore is None)
        self.panel.set_comparison(c, self.style_, derived=d)  # (drawn early and scrolled since: no jump)
        self.progress.stop()
        self.statusBar().showMessage(self.tr("Compared. Click a highlighted passage to see its counterpart; "
                                             "Alt+Down for the next difference."), 15000)
        timing = "compared in {compare:.2f} s, highlights prepared in {layers:.2f} s".format(
            compare=result.timings.get("compare", 0), layers=result.timings.get("layers", 0))
        log.debug("%s ↔ %s: %s", c.left.display_name, c.right.display_name, timing)
        self.statusBar().label.setToolTip(f"{self.statusBar().currentMessage()}\n({timing})")  # for a developer
        self.session.set_comparison(c)
        if restore is not None:  # laid out anew with the highlights: put the saved view back
            self.keeper.settle()

    def _on_failed(self, token: int, message: str) -> None:
        if token != self._pending:
            return
        self._pending = None
        self._job = None
        self.progress.stop()
        self.statusBar().showMessage(self.tr("parallax: error: {message}").format(message=message), 30000)
        if not self._texts_shown and self.articles is not None:
            # Nothing new reached the screen (the file could not be read): the pair shown stays as it was.
            return
        self.view.clear_layers(self.tr("Could not compare: {message}").format(message=message))


def draw_partial(window: MainWindow, result: Result) -> None:
    """Verbatim and paraphrase highlights of a long pair, before facts and framing: drawn
    only, never the session's comparison (notes, exports and reports wait for the final)."""
    if result.token != window._pending or window._job is None or not window._texts_shown:
        return  # stale: another pair, or cancelled
    window.partial_result = result
    draw_layers(window, result, align=window.session.restore is None)
    window.statusBar().showMessage(QCoreApplication.translate(
        "MainWindow", "Verbatim and paraphrase highlights shown; facts and framing are still being computed…"))


def draw_layers(window: MainWindow, result: Result, *, align: bool) -> Side:
    """Draw ``result``'s highlights and wire badges in the panes; the reuse direction used."""
    c = result.comparison
    assert c is not None and result.layers is not None
    window.view.derived = d = window._derived()
    badges = (wire_badge(c, c.left, "left", derived=d), wire_badge(c, c.right, "right", derived=d))
    window.view.set_layers(result.layers, result.runs_left, result.runs_right, badges, align=align)
    return d


def undraw_early(window: MainWindow) -> None:
    """Take a cancelled comparison's early highlights off the panes: nothing of it is kept."""
    early, window.partial_result = window.partial_result, None
    if early is not None and early.comparison is not None:
        c = early.comparison
        window.view.set_articles(c.left, c.right, (wire_badge(None, c.left, "left"), wire_badge(None, c.right, "right")))


def drawn_early(window: MainWindow, result: Result) -> bool:
    """Whether ``result``'s early highlights were drawn (forgetting them: the final is here)."""
    early, window.partial_result = window.partial_result, None
    return early is not None and early.token == result.token


def set_unsure_markers(window: MainWindow, on: bool) -> None:
    """Show the framing markers people marked less reliably too, or hide them (precision
    first, as ``parallax compare`` without ``--all-markers``): the pair shown is compared
    again."""
    if on == window.unsure_markers:
        return
    window.unsure_markers = on
    window.settings.setValue("view/unsure_markers", on)
    if window.articles is not None and window.is_idle():
        left, right = window.articles
        window._begin(_source_of(left), _source_of(right), swapped=window.swapped)


def reload_lexicons(window: MainWindow) -> None:
    """Read the user's word lists again (files may have changed; the folders too) and
    compare the pair shown again with them."""
    clear_cache()
    window.lexicon = Lexicon.from_environment()
    if window.articles is not None and window.is_idle():
        left, right = window.articles
        window._begin(_source_of(left), _source_of(right), swapped=window.swapped)
    window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Word lists read again."), 5000)


def _source_of(article: Article) -> Source:
    """What to load an article from again: its file (cleaned anew with the word lists),
    or the article itself when it has none (pasted text)."""
    if article.path and Path(article.path).is_file():
        return Path(article.path)
    return article
