"""The story view's File and Help menus, as the two-pane window has them.

A story opened from the command line (``parallax open A B C``) is the only window:
without these it had no way to open other articles, to close with Ctrl+W, to quit
with Ctrl+Q, or to list its keys with F1.  File > Open Articles (Ctrl+O), or files
dropped on the window: three or more are collated in this window, two open side by
side in a two-pane window (with the story's library when it has one).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from parallax.ui.actions import quit_application, spec_action


def shortcut_rows(window) -> list[tuple[str, str]]:
    """``(action, keys)`` for every action of ``window``'s menus that has a shortcut."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else ():
            keys = [t for k in action.shortcuts() if (t := k.toString(QKeySequence.SequenceFormat.NativeText))]
            if keys:
                rows.append((action.text().replace("&", "").rstrip("…"), ", ".join(keys)))
    return rows


class StoryMenus(QObject):
    """File (open, close, quit) before the story's other menus, Help after them."""

    def __init__(self, story):
        super().__init__(story)
        self.story = story
        bar = story.menuBar()
        file_menu = QMenu(self.tr("&File"), story)
        file_menu.setObjectName("menu-file")
        self.open_action = spec_action(story, "open", lambda: self.open_dialog())
        tip = self.tr("Open articles: three or more are collated in this window, two open side by side")
        self.open_action.setToolTip(tip)  # the two-pane window's "(or one, into the active side)" is not so here
        self.open_action.setStatusTip(tip)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(spec_action(story, "close", story.close))
        file_menu.addAction(spec_action(story, "quit", quit_application))
        first = bar.actions()[0] if bar.actions() else None
        bar.insertMenu(first, file_menu) if first is not None else bar.addMenu(file_menu)
        self.file_menu = file_menu
        self.help_menu = None

    def add_help(self) -> None:
        """The Help menu, last (after the menus the library adds)."""
        help_menu = self.story.menuBar().addMenu(self.tr("&Help"))
        help_menu.setObjectName("menu-help")
        help_menu.addAction(spec_action(self.story, "shortcuts", self.show_shortcuts))
        help_menu.addAction(spec_action(self.story, "about", self.show_about))
        self.help_menu = help_menu

    # -- opening

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.story, self.tr("Open articles"), "",
            self.tr("Articles (*.txt *.md *.html *.htm *.pdf *.docx);;All files (*)"))
        if paths:
            self.open_paths(paths)

    def open_paths(self, paths: list[str]) -> object | None:
        """Three or more files: collate them here; two: a two-pane window beside this one."""
        story = self.story
        if len(paths) >= 3:
            story.open_sources([Path(p) for p in paths])
            return story
        if len(paths) == 2:
            window = story.new_pair_window()
            window.open_sources(Path(paths[0]), Path(paths[1]))
            window.show()
            story.pair_windows.append(window)
            return window
        story.statusBar().showMessage(
            self.tr("Open two articles to compare them side by side, or three or more for a story."), 8000)
        return None

    # -- help

    def rows(self) -> list[tuple[str, str]]:
        rows = shortcut_rows(self.story)
        if self.story.desk is not None:
            rows.append((self.tr("Tag the selection in the passage pane (the same key again takes it off)"),
                         "1 … 9"))
        return rows

    def show_shortcuts(self) -> None:
        from parallax.ui.preferences import shortcuts_dialog

        hint = self.tr("Click a cell of a matrix to see its passage in its source; select two sources "
                       "to compare them side by side.")
        self.shortcuts_dialog = shortcuts_dialog(self.rows(), self.story, hint=hint)
        self.shortcuts_dialog.open()

    def show_about(self) -> None:
        from parallax.ui.preferences import show_about

        self.about_box = show_about(self.story)

