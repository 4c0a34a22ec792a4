"""Starting the window: the QApplication, fonts, translations, the desktop (icon, desktop
entry, colour scheme), the articles, the screenshot; an error escaping a slot is logged."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from pathlib import Path

from parallax.reader.cli import logs
from parallax.reader.errors import ParallaxError

log = logging.getLogger(__name__)

APP_NAME = "Parallax"
ORG_NAME = "Parallax"
# The desktop entry's name without ".desktop" (resources/desktop/), which is also the
# AppStream id and the installed icon's name: desktops match the window to it.
APP_ID = "io.github.parallax_reader.Parallax"
SCREENSHOT_SIZE = (1600, 1000)


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x", 1))
    except ValueError:
        raise ParallaxError(f"--size must look like 1600x1000, not {text!r}") from None
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise ParallaxError(f"--size {text} is out of range (200..10000 on each side)")
    return w, h


def application(*, offscreen: bool = False):
    """The QApplication (created once), with fonts checked."""
    if offscreen and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from parallax.ui import collector, sidework

    sidework.warm_up()  # first, so that it is ready sooner: long pairs' side work forks from it
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_message_handler)
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(ORG_NAME)
        app.setApplicationDisplayName(APP_NAME)
    collector.install(app)
    integrate_desktop(app)
    install_translations(app)
    check_fonts()
    check_bindings()
    return app


def integrate_desktop(app) -> None:
    """Fit the desktop: Parallax's icon on every window, the desktop entry the window
    belongs to (its name and icon in task bars, on Wayland too), and the theme
    "system" following the platform's light or dark scheme as it changes."""
    from parallax.ui.style import app_icon, follow_system_scheme

    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    follow_system_scheme(app)


def install_translations(app, locale=None, folder=None) -> list:
    """Parallax in the user's language: ``parallax_<language>.qm`` from
    ``resources/translations`` (or ``folder``) for the first of the locale's UI
    languages that has one, then Qt's own translation of its standard dialogs in
    that language.  Returns the translators installed (none when Parallax has no
    translation for the language: English throughout rather than a mix)."""
    from importlib.resources import files

    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = locale if locale is not None else QLocale()
    folder = folder if folder is not None else files("parallax.resources").joinpath("translations")
    for language in locale.uiLanguages():
        name = language.replace("-", "_")
        entry = folder.joinpath(f"parallax_{name}.qm")
        if not entry.is_file():
            continue
        data = entry.read_bytes()
        ours = QTranslator(app)
        if not ours.load(data):
            log.warning("%s: not a Qt translation file", entry)
            continue
        ours.qm_data = data  # Qt reads it in place: it lives as long as the translator
        installed = [ours]
        qt = QTranslator(app)
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(language), "qtbase", "_", qt_folder):
            installed.append(qt)
        else:
            qt.deleteLater()
        for translator in installed:  # children of the application: they live as long as it
            app.installTranslator(translator)
        return installed
    return []


def check_bindings() -> None:
    """Refuse a PySide6 build that drops references to None (6.12.0 under Python 3.11).

    Such a build loses one reference per void Qt call, and the process aborts
    with "deallocating None" a few thousand calls later, losing the session.
    """
    if sys.version_info >= (3, 12):  # None is immortal there
        return
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")  # a void method
    lost = before - sys.getrefcount(None)
    if lost >= 8:
        raise ParallaxError(
            f"PySide6 {pyside_version} loses references to None under Python "
            f"{sys.version_info.major}.{sys.version_info.minor} and would crash; "
            "install another version, e.g. pip install 'PySide6-Essentials!=6.12.0'"
        )


def require_display() -> None:
    """On X11/Wayland systems with no display, say so instead of letting Qt abort."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise ParallaxError(
            "no display to open a window on; use --screenshot PNG, "
            "or set QT_QPA_PLATFORM=offscreen"
        )


# Qt warnings that say nothing to a user (the offscreen platform cannot resize
# native windows; fonts are looked up through fontconfig).
_QUIET = ("propagateSizeHints", "QFont::setPointSize", "fontconfig")


def _message_handler(mode, context, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        return
    if any(q in message for q in _QUIET):
        return
    log.warning("qt: %s", message)
    print(f"parallax: qt: {message}", file=sys.stderr)


def check_fonts() -> None:
    """Qt with no fonts draws empty boxes without a warning: refuse instead."""
    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families():
        raise ParallaxError(
            "Qt found no fonts, so text would be drawn as empty boxes; "
            "install a font package (e.g. apt-get install fonts-dejavu-core)"
        )


def articles_to_open(args: argparse.Namespace, lib=None) -> tuple:
    """The articles the window opens with: the files named (one, or two), else the
    comparison opened last in the library (reading resumes where it stopped), else,
    on the first run, the bundled demo pair."""
    from parallax.reader.ingest.article import load
    from parallax.reader.ingest.seeds import demo_pair

    if args.left is not None:
        return tuple(load(Path(p)) for p in (args.left, args.right) if p is not None)
    if lib is not None:
        for c in lib.comparisons.all(limit=5):
            try:
                return lib.articles.load(c.left_id), lib.articles.load(c.right_id)
            except ParallaxError:  # its text is gone: try the one before
                continue
    left_path, right_path = demo_pair()
    return load(left_path), load(right_path)


def show_opened(window, articles: tuple) -> None:
    """Put what :func:`articles_to_open` gave in ``window``: a pair is shown and compared;
    one article waits on the left, the right pane asking for the other (ui/empty_hint.py)."""
    if len(articles) == 1:
        window.empty_hints.hold("left", articles[0])
    else:
        window.show_articles(*articles)


def open_window(args: argparse.Namespace) -> int:
    if getattr(args, "more", None):
        return open_story(args)
    screenshot = getattr(args, "screenshot", None)
    size = _parse_size(args.size) if screenshot else None
    from parallax.ui import sidework

    sidework.warm_up()  # while the files are read: a long pair's side work forks from it
    # Read the files before any window exists, so a bad file is one line, not a flash.
    files = articles_to_open(args) if args.left is not None else None
    if not screenshot:
        require_display()
    app = application(offscreen=bool(screenshot))

    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.workflow import install, open_library

    theme = getattr(args, "theme", None)
    db = getattr(args, "db", None)
    if screenshot:
        # A screenshot shows the defaults, not whatever the user last toggled.
        import tempfile

        with tempfile.TemporaryDirectory(prefix="parallax-shot-") as tmp:
            settings = open_settings(str(Path(tmp) / "settings.ini"))
            # The notes of --db are drawn; without it, a throwaway library (no side effects).
            lib = open_library(db or str(Path(tmp) / "library.db"), settings)
            try:
                articles = files or articles_to_open(args, lib)
                window = MainWindow(settings=settings, theme=theme or "light")
                install(window, lib, restore_geometry=False)
                show_opened(window, articles)
                save_screenshot(window, screenshot, *size)
                window.close()
            finally:
                lib.close()
        return 0
    settings = open_settings()
    lib = window_library(db, settings, ask=library_question(app))  # a bad one: one line, or asked
    if files is None:  # a collation was the last thing open: it reopens where it was left
        from parallax.ui.story_library import last_collation_articles

        story_articles = last_collation_articles(settings, lib)
        if story_articles:
            return run_story(app, settings, lib, story_articles, theme)
    previous_hook = sys.excepthook
    try:
        articles = files or articles_to_open(args, lib)
        window = MainWindow(settings=settings, theme=theme)
        install(window, lib)
        show_opened(window, articles)
        sys.excepthook = _gui_excepthook(window)
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        lib.close()


def window_library(db: str | None, settings, *, ask=None):
    """The library the window works in (:func:`parallax.ui.workflow.open_library`).  One
    that cannot be opened raises its one-line error, unless ``ask`` (a message -> a path
    or None) finds another: then that one, remembered as the last.  The bad file is never
    touched."""
    from parallax.ui.workflow import open_library

    try:
        return open_library(db, settings)
    except ParallaxError as err:
        error = err
    while ask is not None and (path := ask(str(error))):
        try:
            return open_library(path, settings)
        except ParallaxError as err:
            error = err
    raise error


def library_question(app):
    """How a window started with no terminal (from a desktop launcher, where the one
    line on stderr is never seen) asks for another library when its own cannot be
    opened: a dialog saying why, with Choose Another Library… and Quit.  None with a
    terminal or on the offscreen platform: the error is the one line."""
    if (sys.stderr is not None and sys.stderr.isatty()) or app.platformName() in ("offscreen", "minimal"):
        return None
    return ask_for_library


def ask_for_library(message: str) -> str | None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Critical, tr("App", "Parallax"),
                      tr("App", "Parallax cannot open its notes library: {message}").format(message=message))
    box.setInformativeText(tr("App", "The file is left as it is. Choose another library file (or a new "
                                     "name to start one), or quit."))
    choose = box.addButton(tr("App", "&Choose Another Library…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not choose:
        return None
    path, _ = QFileDialog.getSaveFileName(None, tr("App", "Open or create a library"), str(Path.home()),
                                          tr("App", "Parallax library (*.db);;All files (*)"),
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return path or None


def open_story(args: argparse.Namespace) -> int:
    """Three or more files: the story view, their collation computed in the background."""
    from parallax.reader.ingest.article import load

    screenshot = getattr(args, "screenshot", None)
    size = _parse_size(args.size) if screenshot else None
    # Read the files before any window exists, so a bad file is one line, not a flash.
    articles = [load(Path(p)) for p in (args.left, args.right, *args.more)]
    if not screenshot:
        require_display()
    app = application(offscreen=bool(screenshot))

    from PySide6.QtCore import QEventLoop

    from parallax.ui.settings import open_settings
    from parallax.ui.story_view import StoryView

    theme = getattr(args, "theme", None)
    if screenshot:
        story = StoryView(theme=theme or "light", open_pair=lambda c: None)
        story.open_sources(articles)
        while not story.is_idle():  # the real result, however long it takes
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        if story.collation is None:
            raise ParallaxError(story.statusBar().currentMessage().removeprefix("parallax: error: "))
        save_screenshot(story, screenshot, *size)
        story.close()
        return 0
    settings = open_settings()
    lib = window_library(getattr(args, "db", None), settings, ask=library_question(app))

    return run_story(app, settings, lib, articles, theme)


def run_story(app, settings, lib, articles, theme) -> int:
    """The story view over the library until the application quits (the library is closed then)."""
    from parallax.ui.story_view import StoryView

    previous_hook = sys.excepthook
    try:
        # with the library: the collation is saved, its rows take notes, pairs open with tagging
        story = StoryView(settings=settings, theme=theme, library=lib)
        story.open_sources(articles)
        sys.excepthook = _gui_excepthook(story)
        if not story.geometry_restored:  # the size it was last closed with, else a roomy default
            story.resize(1600, 1000)
        story.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        lib.close()


def _gui_excepthook(window):
    """An error escaping a Qt slot: one line on stderr and in the status bar, the
    traceback in the log file (:mod:`parallax.reader.cli.logs`).

    The library writes each change in its own transaction, so nothing the
    analyst did is lost; the window stays open.  ``PARALLAX_DEBUG=1`` keeps
    Python's traceback on stderr instead.
    """

    from PySide6.QtCore import QCoreApplication

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        debug = logs.debug_enabled()
        log.error("uncaught error in the window", exc_info=(exc_type, exc, tb),
                  extra={logs.SHOWN: debug})
        if debug:
            sys.__excepthook__(exc_type, exc, tb)
            return
        message = str(exc) if isinstance(exc, ParallaxError) else QCoreApplication.translate("App", "internal error, a bug in Parallax")
        print(f"parallax: error: {message}{logs.details_hint()}", file=sys.stderr)
        with contextlib.suppress(RuntimeError):  # the window may already be gone
            window.statusBar().showMessage(
                QCoreApplication.translate("App", "Error: {message}").format(message=message), 15_000)

    return hook


def save_screenshot(window, path: str, width: int, height: int) -> None:
    """Lay the window out at ``width`` x ``height``, wait for its work however long it
    takes (a slow comparison is still drawn, never a PNG without highlights), save a PNG."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    window.resize(width, height)
    window.show()
    if not window.is_idle():
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(50)
        poll.timeout.connect(lambda: window.is_idle() and loop.quit())
        poll.start()
        loop.exec()  # the event loop runs (and the CPU rests) while the comparison does
        poll.stop()
    for _ in range(5):
        QCoreApplication.processEvents()
    image = window.grab().toImage()
    out = Path(path)
    if out.parent and not out.parent.exists():
        raise ParallaxError(f"{path}: folder {out.parent} does not exist")
    if not image.save(str(out), "PNG"):
        raise ParallaxError(f"{path}: could not write the screenshot")
