"""Every window action in one place: text, shortcut, icon, tip.

``Actions`` is a registry keyed by id, so later features (issue #7's
tagging, notes, undo) add theirs with :meth:`Actions.add` and find existing
ones with ``actions["next-difference"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from parallax.reader.comparison.layers import LAYERS
from parallax.ui.style import icon

# id, text, shortcuts, icon, tip; the texts and tips are marked for pyside6-lupdate
# (context "Actions") and translated when the actions are made.
_SPECS: tuple[tuple[str, str, tuple[str | QKeySequence.StandardKey, ...], str | None, str], ...] = (
    ("open", QT_TRANSLATE_NOOP("Actions", "&Open Articles…"), (QKeySequence.StandardKey.Open,), "open",
     QT_TRANSLATE_NOOP("Actions", "Open two article files (or one, into the active side)")),
    ("open-left", QT_TRANSLATE_NOOP("Actions", "Open &Left…"), ("Ctrl+Shift+L",), None,
     QT_TRANSLATE_NOOP("Actions", "Open a file into the left pane")),
    ("open-right", QT_TRANSLATE_NOOP("Actions", "Open &Right…"), ("Ctrl+Shift+R",), None,
     QT_TRANSLATE_NOOP("Actions", "Open a file into the right pane")),
    ("paste", QT_TRANSLATE_NOOP("Actions", "&Paste Text into Active Side"), ("Ctrl+Shift+V",), "paste",
     QT_TRANSLATE_NOOP("Actions", "Compare text from the clipboard, shown in the active pane")),
    ("paste-left", QT_TRANSLATE_NOOP("Actions", "Paste Text as L&eft"), (), None,
     QT_TRANSLATE_NOOP("Actions", "Use the clipboard's text as the left article")),
    ("paste-right", QT_TRANSLATE_NOOP("Actions", "Paste Text as Ri&ght"), (), None,
     QT_TRANSLATE_NOOP("Actions", "Use the clipboard's text as the right article")),
    ("close", QT_TRANSLATE_NOOP("Actions", "&Close Window"), (QKeySequence.StandardKey.Close,), None,
     QT_TRANSLATE_NOOP("Actions", "Close this window")),
    ("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), (QKeySequence.StandardKey.Quit, "Ctrl+Q"), None,
     QT_TRANSLATE_NOOP("Actions", "Close Parallax")),
    ("preferences", QT_TRANSLATE_NOOP("Actions", "Pr&eferences…"),
     (QKeySequence.StandardKey.Preferences, "Ctrl+,"), None,
     QT_TRANSLATE_NOOP("Actions", "Theme, text size, scrolling")),
    ("find", QT_TRANSLATE_NOOP("Actions", "&Find…"), (QKeySequence.StandardKey.Find,), "find",
     QT_TRANSLATE_NOOP("Actions", "Find in both panes (Ctrl+F)")),
    ("find-next", QT_TRANSLATE_NOOP("Actions", "Find &Next"), (QKeySequence.StandardKey.FindNext,), None,
     QT_TRANSLATE_NOOP("Actions", "Next match")),
    ("find-prev", QT_TRANSLATE_NOOP("Actions", "Find &Previous"), (QKeySequence.StandardKey.FindPrevious,), None,
     QT_TRANSLATE_NOOP("Actions", "Previous match")),
    ("swap", QT_TRANSLATE_NOOP("Actions", "&Swap Sides"), ("Ctrl+Shift+X",), "swap",
     QT_TRANSLATE_NOOP("Actions", "Swap the left and right articles")),
    ("sync", QT_TRANSLATE_NOOP("Actions", "S&ynchronise Scrolling"), ("Ctrl+Shift+Y",), None,
     QT_TRANSLATE_NOOP("Actions", "Scroll the other pane along the alignment")),
    ("panel", QT_TRANSLATE_NOOP("Actions", "Side &Panel"), ("F9",), "panel",
     QT_TRANSLATE_NOOP("Actions", "Show or hide the facts, framing and summary panel")),
    ("unsure-markers", QT_TRANSLATE_NOOP("Actions", "&Unsure Framing Markers"), ("Ctrl+Shift+U",), None,
     QT_TRANSLATE_NOOP("Actions", "Show the framing markers that people marked less reliably in human-annotated "
                                  "news too (\"purported\", \"so-called\"; each says how sure it is), or hide them")),
    ("reload-lexicons", QT_TRANSLATE_NOOP("Actions", "&Reload Word Lists"), ("F5",), None,
     QT_TRANSLATE_NOOP("Actions", "Read the word lists again (after editing your own lexicon files) and compare again")),
    ("zoom-in", QT_TRANSLATE_NOOP("Actions", "Lar&ger Text"), (QKeySequence.StandardKey.ZoomIn, "Ctrl+="), None,
     QT_TRANSLATE_NOOP("Actions", "Larger text")),
    ("zoom-out", QT_TRANSLATE_NOOP("Actions", "S&maller Text"), (QKeySequence.StandardKey.ZoomOut,), None,
     QT_TRANSLATE_NOOP("Actions", "Smaller text")),
    ("zoom-reset", QT_TRANSLATE_NOOP("Actions", "&Default Text Size"), ("Ctrl+0",), None,
     QT_TRANSLATE_NOOP("Actions", "Default text size")),
    ("next-difference", QT_TRANSLATE_NOOP("Actions", "Next &Difference"), ("Alt+Down", "F8"), "next-difference",
     QT_TRANSLATE_NOOP("Actions", "Next difference: changed words, passages only one side has, conflicting facts (Alt+Down)")),
    ("prev-difference", QT_TRANSLATE_NOOP("Actions", "Previous D&ifference"), ("Alt+Up", "Shift+F8"),
     "prev-difference", QT_TRANSLATE_NOOP("Actions", "Previous difference (Alt+Up)")),
    ("next-shared", QT_TRANSLATE_NOOP("Actions", "Next &Shared Passage"), ("Alt+Shift+Down", "F7"),
     "next-shared", QT_TRANSLATE_NOOP("Actions", "Next passage both reports share (Alt+Shift+Down)")),
    ("prev-shared", QT_TRANSLATE_NOOP("Actions", "Previous S&hared Passage"), ("Alt+Shift+Up", "Shift+F7"),
     "prev-shared", QT_TRANSLATE_NOOP("Actions", "Previous shared passage (Alt+Shift+Up)")),
    ("next-framing", QT_TRANSLATE_NOOP("Actions", "Next &Framing Marker"), ("Alt+M",), "next-framing",
     QT_TRANSLATE_NOOP("Actions", "Next scare quote, hedge, loaded term, naming choice or attribution verb (Alt+M)")),
    ("prev-framing", QT_TRANSLATE_NOOP("Actions", "Previous Fra&ming Marker"), ("Alt+Shift+M",), "prev-framing",
     QT_TRANSLATE_NOOP("Actions", "Previous framing marker (Alt+Shift+M)")),
    ("focus-left", QT_TRANSLATE_NOOP("Actions", "Focus &Left Pane"), ("Ctrl+1",), None,
     QT_TRANSLATE_NOOP("Actions", "Move the keyboard focus to the left pane")),
    ("focus-right", QT_TRANSLATE_NOOP("Actions", "Focus &Right Pane"), ("Ctrl+2",), None,
     QT_TRANSLATE_NOOP("Actions", "Move the keyboard focus to the right pane")),
    ("shortcuts", QT_TRANSLATE_NOOP("Actions", "&Keyboard Shortcuts"), ("F1",), None,
     QT_TRANSLATE_NOOP("Actions", "List the keyboard shortcuts")),
    ("about", QT_TRANSLATE_NOOP("Actions", "&About Parallax"), (), None,
     QT_TRANSLATE_NOOP("Actions", "The version, and what Parallax does")),
    ("theme-light", QT_TRANSLATE_NOOP("Actions", "&Light"), (), None,
     QT_TRANSLATE_NOOP("Actions", "Light theme")),
    ("theme-dark", QT_TRANSLATE_NOOP("Actions", "&Dark"), (), None,
     QT_TRANSLATE_NOOP("Actions", "Dark theme")),
    ("theme-system", QT_TRANSLATE_NOOP("Actions", "&System"), (), None,
     QT_TRANSLATE_NOOP("Actions", "Follow the system's colour scheme")),
)


def translate(text: str) -> str:
    """``text`` (one of the texts above) in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Actions", text)


def _typed(seq: QKeySequence) -> bool:
    """A sequence typed on a keyboard: with a modifier, or a function key (not a media
    key such as the "Find" or "Close" keys some keyboards have)."""
    text = seq.toString()
    return "+" in text or (text[:1] == "F" and text[1:].isdigit())


def key_sequences(keys) -> list[QKeySequence]:
    """The key sequences of ``keys``: strings, or standard keys with every binding the
    platform gives them (a platform may give none: the strings after them stand in),
    without repeats."""
    out: list[QKeySequence] = []
    for k in keys:
        if isinstance(k, QKeySequence.StandardKey):
            found = [s for s in QKeySequence.keyBindings(k) if _typed(s)]
        else:
            found = [QKeySequence(k)]
        for seq in found:
            if not seq.isEmpty() and seq not in out:
                out.append(seq)
    return out


def with_mnemonics(labels: list[str], *, taken: str = "") -> list[str]:
    """Menu texts with a distinct Alt-letter each: the first free letter of each label.

    A label with no free letter is left without one (its action then needs a shortcut).
    """
    used = set(taken.lower())
    out = []
    for label in labels:
        for i, ch in enumerate(label):
            if ch.isalnum() and ch.lower() not in used:
                used.add(ch.lower())
                out.append(label[:i] + "&" + label[i:])
                break
        else:
            out.append(label)
    return out


def spec_action(parent: QWidget, ident: str, slot: Callable[[], object]) -> QAction:
    """One action of the registry's specs (its text, keys, tip) for a window that has no
    registry (the story view), running ``slot()`` when triggered."""
    (text, keys, tip), = ((t, k, tp) for i, t, k, _, tp in _SPECS if i == ident)
    action = QAction(translate(text), parent)
    action.setObjectName(ident)
    action.setShortcuts(key_sequences(keys))
    action.setToolTip(translate(tip))
    action.setStatusTip(translate(tip))
    action.triggered.connect(lambda *_: slot())
    parent.addAction(action)
    return action


def quit_application() -> None:
    """File > Quit: close every window (each saves where the analyst was: a story view its
    place in the library, a pair its view state and geometry), then leave."""
    app = QApplication.instance()
    if app is None:
        return
    app.closeAllWindows()
    if not any(w.isVisible() for w in app.topLevelWidgets()):
        app.quit()


class Actions:
    """The registry of a window's actions."""

    def __init__(self, parent: QWidget):
        self.parent = parent
        self._actions: dict[str, QAction] = {}
        self._icons: dict[str, str] = {}  # action id -> icon name, redrawn by refresh_icons
        # The icons' colour: the text colour of the theme the window has just applied to the
        # application.  Not the window's own palette: a window made right after another
        # window's theme still reports the old palette until Qt delivers the change, so a
        # dark window made after a light one would get dark icons.
        app = QApplication.instance()
        self.icon_colour = (app.palette() if app is not None else parent.palette()).text().color()
        for ident, text, keys, icon_name, tip in _SPECS:
            self.add(ident, translate(text), shortcuts=keys, icon_name=icon_name, tip=translate(tip))
        for ident in ("sync", "panel"):
            self[ident].setCheckable(True)
            self[ident].setChecked(True)
        self["unsure-markers"].setCheckable(True)
        self["unsure-markers"].setChecked(True)  # the window shows them; the command line asks for them
        self.themes = QActionGroup(parent)
        for ident in ("theme-light", "theme-dark", "theme-system"):
            self[ident].setCheckable(True)
            self.themes.addAction(self[ident])
        self.layers: dict[str, QAction] = {}
        for info, text in zip(LAYERS, with_mnemonics([info.label for info in LAYERS]), strict=True):
            action = self.add(f"layer:{info.name}", text, tip=info.description)
            action.setCheckable(True)
            action.setChecked(True)
            self.layers[info.name] = action

    def add(self, ident: str, text: str, *, shortcuts=(), icon_name: str | None = None, tip: str = "",
            slot: Callable | None = None) -> QAction:
        if ident in self._actions:
            raise KeyError(f"action {ident!r} is already registered")
        action = QAction(text, self.parent)
        action.setObjectName(ident)
        if shortcuts:
            action.setShortcuts(key_sequences(shortcuts))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if icon_name:
            action.setIcon(icon(icon_name, self.icon_colour))
            self._icons[ident] = icon_name
        if slot is not None:
            action.triggered.connect(slot)
        self.parent.addAction(action)  # shortcuts work even when not in a menu
        self._actions[ident] = action
        return action

    def __getitem__(self, ident: str) -> QAction:
        return self._actions[ident]

    def __contains__(self, ident: str) -> bool:
        return ident in self._actions

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def connect(self, ident: str, slot: Callable[[], object]) -> None:
        """Run ``slot()`` (no arguments: the ``checked`` flag is dropped) when triggered."""
        self._actions[ident].triggered.connect(lambda *_: slot())

    def shortcut_table(self) -> list[tuple[str, str]]:
        """``(action text, shortcuts)`` for every action that has a shortcut, in registry order."""
        rows = []
        for action in self._actions.values():
            keys = [t for k in action.shortcuts() if (t := k.toString(QKeySequence.SequenceFormat.NativeText))]
            if keys:
                rows.append((action.text().replace("&", "").rstrip("…"), ", ".join(keys)))
        return rows

    def refresh_icons(self, colour) -> None:
        """Redraw every action's icon (those added later too) in ``colour``, the theme's text colour."""
        self.icon_colour = colour
        for ident, icon_name in self._icons.items():
            self._actions[ident].setIcon(icon(icon_name, colour))
