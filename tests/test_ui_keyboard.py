"""Keyboard-only use: every action has a shortcut or a distinct menu mnemonic on a path of
distinct mnemonics, Tab moves through the window in reading order, F1 lists every shortcut,
and Undo/Redo say what they undo and redo."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QScrollArea

from parallax.ui.actions import with_mnemonics
from tests import test_ui_library
from tests.test_ui_library import LEFT
from tests.test_workflow_session import select

window = test_ui_library.app_window  # the same window, with the workflow installed


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&])", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def menu_reachable(window) -> dict[int, list[str]]:
    """id(action) -> the menu paths on which every step has a mnemonic no sibling shares."""
    found: dict[int, list[str]] = {}

    def walk(actions, path, ok):
        actions = [a for a in actions if not a.isSeparator() and a.isVisible()]
        letters = [mnemonic(a.text()) for a in actions]
        for a, letter in zip(actions, letters, strict=True):
            step_ok = ok and letter is not None and letters.count(letter) == 1
            if a.menu() is not None:
                walk(a.menu().actions(), [*path, a.text()], step_ok)
            elif step_ok:
                found.setdefault(id(a), []).append(" > ".join([*path, a.text()]))

    walk(window.menuBar().actions(), [], True)
    return found


def test_every_action_has_a_shortcut_or_a_menu_mnemonic(window):
    w, wf = window
    reachable = menu_reachable(w)
    actions = [w.actions[i] for i in w.actions] + [wf.undo_action, wf.redo_action] + wf.tag_actions
    assert len(actions) > 40
    missing = [a.text() for a in actions if not a.shortcuts() and id(a) not in reachable]
    assert not missing, f"no shortcut and no menu mnemonic: {missing}"
    # the menus themselves: one distinct letter each
    tops = [mnemonic(a.text()) for a in w.menuBar().actions()]
    assert None not in tops and len(tops) == len(set(tops))


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    """Qt runs neither action of an ambiguous shortcut: each key belongs to one action
    (the same QAction may sit on a menu and a toolbar)."""
    w, _wf = window
    owners: dict[str, set[int]] = {}
    names: dict[str, list[str]] = {}
    for a in w.findChildren(QAction):
        if not a.isEnabled() and not a.isVisible():
            continue
        for seq in a.shortcuts():
            k = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if k:
                owners.setdefault(k, set()).add(id(a))
                names.setdefault(k, []).append(a.text())
    shared = {k: names[k] for k, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_tag_menu_items_have_their_digit_as_mnemonic(window):
    _, wf = window
    for act in wf.tag_actions:
        assert re.match(r"&[1-9] ", act.text()), act.text()
        assert not act.iconText().startswith("&")  # the toolbar shows "1 Shared fact"


def test_with_mnemonics_gives_distinct_letters():
    texts = with_mnemonics(["verbatim", "paraphrase", "shared fact", "scare quotes", "naming", "x"], taken="v")
    letters = [mnemonic(t) for t in texts]
    assert texts[0] == "v&erbatim"
    assert len(set(letters)) == len(letters) and None not in letters
    assert [t.replace("&", "") for t in texts] == ["verbatim", "paraphrase", "shared fact", "scare quotes",
                                                   "naming", "x"]
    assert with_mnemonics(["ab", "ba", "ab"]) == ["&ab", "&ba", "ab"]  # nothing left: no mnemonic


def test_f1_lists_every_shortcut_of_the_window(window, qtbot):
    w, _ = window
    rows = w.shortcut_rows()
    listed = {k for _, keys in rows for k in keys.split(", ")}
    for action in QMainWindow.actions(w):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert text in listed, (action.text(), text)
    names = dict(rows)
    assert names["Redo"].startswith("Ctrl+Shift+Z")
    assert any(n.startswith("Undo") for n in names)
    assert any(k == "1 … 9" for k in names.values())
    w.show_shortcuts()
    box = w.shortcuts_dialog
    assert box.isVisible()
    text = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "Ctrl+Z" in text and "1 … 9" in text and "Esc" in text
    # it fits on a laptop screen, and every key is in sight without scrolling sideways
    # (two columns where the screen has room, else one: the offscreen screen is 800 px)
    assert box.height() <= w.screen().availableGeometry().height()
    assert box.width() <= w.screen().availableGeometry().width()
    QApplication.processEvents()
    scroll = box.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0
    box.close()


def test_undo_and_redo_menu_items_name_the_action(window):
    w, wf = window
    edit = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Edit")
    undo, redo = edit.actions()[0], edit.actions()[1]
    assert (undo.text(), redo.text()) == ("&Undo", "&Redo") and not undo.isEnabled()
    select(w.left.view, LEFT, "94,000 troops")
    assert wf.tag_selection(wf.session.tags()[0].id)
    assert undo.isEnabled() and undo.text().startswith("&Undo ") and len(undo.text()) > len("&Undo ")
    named = undo.text()[len("&Undo "):]
    undo.trigger()
    assert redo.isEnabled() and redo.text() == f"&Redo {named}"
    redo.trigger()
    assert undo.text() == f"&Undo {named}"


def test_tab_moves_through_the_window_in_reading_order(window, qtbot):
    w, _ = window
    w.activateWindow()
    w.left.view.setFocus()
    QCoreApplication.processEvents()
    order = []
    for _ in range(40):
        f = QApplication.focusWidget()
        order.append(f)
        qtbot.keyClick(f, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is w.left.view:
            break
    assert QApplication.focusWidget() is w.left.view, "Tab never came back to the left pane"
    assert order[1] is w.right.view, "the right pane follows the left one"
    # after the panes: the side panel, then the legend above the panes, then back to the left pane
    panel_at = next(i for i, f in enumerate(order) if w.panel.isAncestorOf(f))
    legend_at = next(i for i, f in enumerate(order) if w.view.legend.isAncestorOf(f))
    assert 1 < panel_at < legend_at
    assert all(w.view.legend.isAncestorOf(f) for f in order[legend_at:])
    # Shift+Tab walks back
    qtbot.keyClick(w.left.view, Qt.Key.Key_Backtab)
    assert w.view.legend.isAncestorOf(QApplication.focusWidget())


def test_the_tag_keys_and_menu_work_without_a_mouse(window, qtbot):
    w, wf = window
    view = w.left.view
    w.activateWindow()
    w.actions["focus-left"].trigger()
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().hasSelection()
    qtbot.keyClick(view, Qt.Key.Key_2)
    (ann,) = wf.session.lib.annotations()
    assert ann.tag_ids == [wf.session.tags()[1].id] or tuple(ann.tag_ids) == (wf.session.tags()[1].id,)
    assert isinstance(wf.tag_actions[0], QAction)


def test_every_button_of_the_workflow_windows_has_a_mnemonic(window):
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    _, wf = window
    for widget in (wf.open_library(), wf.open_codebook(), wf.export_dialog(), wf.orphans_panel):
        for button in widget.findChildren(QPushButton):
            if isinstance(button.parent(), QDialogButtonBox) and not mnemonic(button.text()):
                continue  # OK / Cancel / Save: Enter and Esc
            assert mnemonic(button.text()), (type(widget).__name__, button.text())
        letters = [mnemonic(b.text()) for b in widget.findChildren(QPushButton) if mnemonic(b.text())]
        assert len(letters) == len(set(letters)), (type(widget).__name__, letters)


def test_a_note_is_written_and_saved_without_a_mouse(window, qtbot):
    from PySide6.QtWidgets import QDialog

    from parallax.ui.note_editor import NoteEditor, Target

    w, wf = window
    lib = wf.session.lib
    ed = NoteEditor(lib, Target("comparison", comparison_id=wf.session.comparison_id))
    qtbot.addWidget(ed)
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    qtbot.waitUntil(ed.isActiveWindow, timeout=30_000)
    assert ed.focusWidget() is ed.edit
    qtbot.keyClicks(ed.edit, "Both say **two hours**.")
    qtbot.keyClick(ed.edit, Qt.Key.Key_Tab)
    assert ed.focusWidget() is not ed.edit and "\t" not in ed.body()  # Tab moves on
    ed.edit.setFocus()
    qtbot.keyClick(ed.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ed.result() == QDialog.DialogCode.Accepted
    assert ed.body() == "Both say **two hours**."
    qtbot.keyRelease(w.left.view, Qt.Key.Key_Control)  # Ctrl is up again for whatever runs next


def test_a_new_tag_is_selected_even_with_ctrl_still_held(window, qtbot):
    _, wf = window
    ed = wf.open_codebook()
    qtbot.keyPress(ed.tree, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)  # Ctrl down
    try:
        tag = ed.new_tag("Casualties")
        assert ed.selected_ids() == [tag.id]
    finally:
        qtbot.keyRelease(ed.tree, Qt.Key.Key_Control)


def _mnemonic_clashes(menubar) -> list[str]:
    """Items of one menu that share a mnemonic: Alt+letter then only cycles between them."""
    clashes = []

    def walk(actions, path):
        actions = [a for a in actions if not a.isSeparator() and a.isVisible()]
        letters = [mnemonic(a.text()) for a in actions]
        clashes.extend(f"{path}: {a.text()}" for a, letter in zip(actions, letters, strict=True)
                       if letter is not None and letters.count(letter) > 1)
        for a in actions:
            if a.menu() is not None:
                walk(a.menu().actions(), f"{path} > {a.text()}")

    walk(menubar.actions(), "menu bar")
    return clashes


def test_no_two_items_of_a_menu_share_a_mnemonic(window, tmp_path):
    from parallax.ui.settings import open_settings
    from parallax.ui.story_view import StoryView

    w, _wf = window
    assert _mnemonic_clashes(w.menuBar()) == []
    story = StoryView(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    try:
        assert _mnemonic_clashes(story.menuBar()) == []
    finally:
        story.close()
