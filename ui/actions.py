"""Every window action in one place: text, shortcut, icon, tip.

``Actions`` is a registry keyed by id, so later features (issue #7's
tagging, notes, undo) add theirs with :meth:`Actions.add` and find existing
ones with ``actions["next-difference"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from parallax.reader.comparison.layers import LAYERS
from parallax.ui.style import icon

# id, text, shortcuts, icon, tip
_SPECS: tuple[tuple[str, str, tuple[str | QKeySequence.StandardKey, ...], str | None, str], ...] = (
    ("open", "&Open Articles…", (QKeySequence.StandardKey.Open,), "open",
     "Open two article files (or one, into the active side)"),
    ("open-left", "Open &Left…", ("Ctrl+Shift+L",), None, "Open a file into the left pane"),
    ("open-right", "Open &Right…", ("Ctrl+Shift+R",), None, "Open a file into the right pane"),
    ("paste", "&Paste Text into Active Side", ("Ctrl+Shift+V",), "paste",
     "Compare text from the clipboard, shown in the active pane"),
    ("paste-left", "Paste Text as L&eft", (), None, "Use the clipboard's text as the left article"),
    ("paste-right", "Paste Text as Ri&ght", (), None, "Use the clipboard's text as the right article"),
    ("close", "&Close Window", (QKeySequence.StandardKey.Close,), None, "Close this window"),
    ("quit", "&Quit", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), None, "Close Parallax"),
    ("preferences", "Pre&ferences…", (QKeySequence.StandardKey.Preferences, "Ctrl+,"), None,
     "Theme, text size, scrolling"),
    ("find", "&Find…", (QKeySequence.StandardKey.Find,), "find", "Find in both panes (Ctrl+F)"),
    ("find-next", "Find &Next", (QKeySequence.StandardKey.FindNext,), None, "Next match"),
    ("find-prev", "Find &Previous", (QKeySequence.StandardKey.FindPrevious,), None, "Previous match"),
    ("swap", "&Swap Sides", ("Ctrl+Shift+X",), "swap", "Swap the left and right articles"),
    ("sync", "S&ynchronise Scrolling", ("Ctrl+Shift+Y",), None,
     "Scroll the other pane along the alignment"),
    ("panel", "Side &Panel", ("F9",), "panel", "Show or hide the facts, framing and summary panel"),
    ("zoom-in", "Lar&ger Text", (QKeySequence.StandardKey.ZoomIn, "Ctrl+="), None, "Larger text"),
    ("zoom-out", "S&maller Text", (QKeySequence.StandardKey.ZoomOut,), None, "Smaller text"),
    ("zoom-reset", "&Default Text Size", ("Ctrl+0",), None, "Default text size"),
    ("next-difference", "Next &Difference", ("Alt+Down", "F8"), "next-difference",
     "Next difference: changed words, passages only one side has, conflicting facts (Alt+Down)"),
    ("prev-difference", "Previous D&ifference", ("Alt+Up", "Shift+F8"), "prev-difference",
     "Previous difference (Alt+Up)"),
    ("next-shared", "Next &Shared Passage", ("Alt+Shift+Down", "F7"), "next-shared",
     "Next passage both reports share (Alt+Shift+Down)"),
    ("prev-shared", "Previous S&hared Passage", ("Alt+Shift+Up", "Shift+F7"), "prev-shared",
     "Previous shared passage (Alt+Shift+Up)"),
    ("next-framing", "Next &Framing Marker", ("Alt+M",), "next-framing",
     "Next scare quote, hedge, loaded term, naming choice or attribution verb (Alt+M)"),
    ("prev-framing", "Previous Fra&ming Marker", ("Alt+Shift+M",), "prev-framing",
     "Previous framing marker (Alt+Shift+M)"),
    ("focus-left", "Focus &Left Pane", ("Ctrl+1",), None, "Move the keyboard focus to the left pane"),
    ("focus-right", "Focus &Right Pane", ("Ctrl+2",), None, "Move the keyboard focus to the right pane"),
    ("shortcuts", "&Keyboard Shortcuts", ("F1",), None, "List the keyboard shortcuts"),
    ("about", "&About Parallax", (), None, "The version, and what Parallax does"),
    ("theme-light", "&Light", (), None, "Light theme"),
    ("theme-dark", "&Dark", (), None, "Dark theme"),
    ("theme-system", "&System", (), None, "Follow the system's colour scheme"),
)


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


class Actions:
    """The registry of a window's actions."""

    def __init__(self, parent: QWidget):
        self.parent = parent
        self._actions: dict[str, QAction] = {}
        for ident, text, keys, icon_name, tip in _SPECS:
            self.add(ident, text, shortcuts=keys, icon_name=icon_name, tip=tip)
        for ident in ("sync", "panel"):
            self[ident].setCheckable(True)
            self[ident].setChecked(True)
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
            action.setIcon(icon(icon_name, self.parent.palette().text().color()))
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
        for ident, _, _, icon_name, _ in _SPECS:
            if icon_name:
                self._actions[ident].setIcon(icon(icon_name, colour))
