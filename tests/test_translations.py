"""The window's words go through Qt's translation: a translator installed from a
.ts file changes the menus, actions, toolbar labels and dialogs, and
pyside6-lupdate finds the marked strings."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton, QWidget

from parallax.ui.actions import Actions
from parallax.ui.app import _gui_excepthook, install_translations
from parallax.ui.main_window import MainWindow
from parallax.ui.preferences import THEMES, Preferences, about_text
from parallax.ui.settings import open_settings
from parallax.ui.tag_picker import TagPicker
from parallax.ui.toolbars import TagStrip
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
FRENCH = {
    "MainWindow": {"&File": "&Fichier", "&Edit": "É&dition", "&Go": "&Aller", "&Help": "&Aide", "Open": "Ouvrir",
                   "The clipboard holds no text to compare.": "Le presse-papiers ne contient pas de texte."},
    "Actions": {"&Open Articles…": "&Ouvrir des articles…",
                "Open two article files (or one, into the active side)": "Ouvrir deux articles",
                "&Quit": "&Quitter"},
    "Preferences": {"Preferences": "Préférences", "Light": "Clair"},
    "Workflow": {"&Notes": "&Annotations", "&Codebook…": "&Livre de codes…"},
    "TagTools": {"Undo": "Annuler", "Select some text in a pane first, then tag it.":
                 "Sélectionnez d'abord du texte."},
    "TagStrip": {"More ▾": "Plus ▾"},
    "About": {"Tags, notes and links are kept in a library file on this computer.":
              "Étiquettes, notes et liens restent dans une bibliothèque sur cet ordinateur."},
    "App": {"Error: {message}": "Erreur : {message}"},
    "SidePanel": {"Summary": "Résumé"},
    "FindBar": {"Match &case": "Respecter la &casse"},
    "Legend": {"Alignment": "Alignement"},
    "TagPicker": {"Tag passage": "Étiqueter le passage"},
    "LibraryWindow": {"&Add Files…": "&Ajouter des fichiers…", "Title": "Titre"},
    "NoteEditor": {"Write": "Écrire", "Note on the whole comparison": "Note sur toute la comparaison"},
    "NotesPanel": {"All tags": "Toutes les étiquettes"},
    "Header": {"{count:,} words": "{count:,} mots", "LEFT": "GAUCHE"},
    "SummaryTab": {"Reuse:": "Reprise :", "verbatim shared": "mot pour mot",
                   "facts: {shared} shared, {conflict}, {left_only} only in {left}, {right_only} only in {right}":
                   "faits : {shared} communs, {conflict}, {left_only} seulement dans {left}, "
                   "{right_only} seulement dans {right}"},
    "ComparisonView": {"aligned: {share_left:.0%} / {share_right:.0%}": "alignés : {share_left:.0%} / {share_right:.0%}",
                       "Left article text": "Texte de l'article de gauche"},
}


def _ts(contexts: dict[str, dict[str, str]]) -> str:
    root = ET.Element("TS", version="2.1", language="fr")
    for name, messages in contexts.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for source, translation in messages.items():
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation").text = translation
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode")


@pytest.fixture
def french(qapp, tmp_path):
    """A French translation compiled from a tiny .ts, installed as the window would."""
    ts = tmp_path / "parallax_fr.ts"
    ts.write_text(_ts(FRENCH), encoding="utf-8")
    done = subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(tmp_path / "parallax_fr.qm")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    translators = install_translations(qapp, QLocale("fr_FR"), folder=tmp_path)
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


def _window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(window)
    return window


def test_menus_actions_and_dialogs_are_translated(french, qtbot, tmp_path):
    assert french  # parallax_fr.qm serves fr_FR (the locale's UI languages: fr-FR, then fr)
    window = _window(qtbot, tmp_path)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Fichier", "É&dition", "&View", "&Aller", "&Aide"]  # &View: no translation given
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu.actions()[0].text() == "&Ouvrir des articles…"
    assert window.actions["open"].toolTip() == "Ouvrir deux articles"
    assert window.actions["quit"].text() == "&Quitter"
    assert window.actions["open"].iconText() == "Ouvrir"  # the toolbar's label
    prefs = Preferences(window)
    assert prefs.windowTitle() == "Préférences"
    assert [prefs.theme.itemText(i) for i in range(prefs.theme.count())][1] == "Clair"
    # Qt's own translation of its standard buttons came with ours
    assert len(french) == 2
    buttons = prefs.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    assert TagStrip().more.text() == "Plus ▾"
    assert window.panel.tabText(0) == "Résumé"
    assert TagPicker([], window).windowTitle() == "Étiqueter le passage"
    assert window.view.find_bar.case.text() == "Respecter la &casse"
    assert "<b>Alignement</b>" in [label.text() for label in window.view.findChildren(QLabel)]
    assert "Étiquettes, notes et liens" in about_text()
    QApplication.clipboard().setText("")
    window.paste_text("left")
    assert window.statusBar().currentMessage() == "Le presse-papiers ne contient pas de texte."
    _gui_excepthook(window)(ValueError, ValueError("x"), None)
    assert window.statusBar().currentMessage() == "Erreur : internal error, a bug in Parallax"  # since ab2346b


def test_the_summary_panel_and_the_banner_are_translated(french, qtbot, tmp_path):
    from parallax.reader import compare
    from parallax.reader.model import Article

    window = _window(qtbot, tmp_path)
    c = compare(Article("Troops massed near the border on Monday. The mayor opened a bridge.", title="A"),
                Article("Troops massed near the border on Monday.", title="B"))
    window.panel.set_comparison(c, window.style_)
    summary = window.panel.summary
    assert "<b>Reprise :</b>" in summary.verdict.text()
    assert summary.shares.rows[0][0] == "mot pour mot"
    counts = summary.counts.text()
    assert "<li>faits : " in counts and " seulement dans the right report</li>" in counts
    assert "0 in conflict" in counts  # no translation given: English, in words
    assert "<li>1 verbatim passage, 0 paraphrases</li>" in counts and "1 passage only in the left report" in counts
    assert window.left.header.side_label.text() == "GAUCHE"
    assert window.left.view.accessibleName() == "Texte de l'article de gauche"
    window.show_comparison(c)
    qtbot.waitUntil(window.is_idle, timeout=30_000)
    assert "alignés : " in window.view.banner.text()


def test_the_notes_menu_is_translated_and_placed_whatever_the_titles(french, qtbot, tmp_path):
    from parallax.ui.workflow import install

    window = _window(qtbot, tmp_path)
    flow = install(window, tmp_path / "library.db", restore_geometry=False)
    try:
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles == ["&Fichier", "É&dition", "&View", "&Annotations", "&Aller", "&Aide"]
        edit = window.menuBar().actions()[1].menu()
        assert edit.actions()[:2] == [flow.undo_action, flow.redo_action]  # found by name, not title
        assert window.actions["codebook"].text() == "&Livre de codes…"
        assert flow.undo_action.iconText() == "Annuler"  # its label on the notes toolbar
        window.actions["tag-picker"].trigger()  # nothing selected
        assert window.statusBar().currentMessage() == "Sélectionnez d'abord du texte."
    finally:
        flow.session.lib.close()


def test_no_translation_for_the_language_leaves_english(qapp, qtbot, tmp_path):
    (tmp_path / "parallax_fr.qm").write_bytes(b"")
    assert install_translations(qapp, QLocale("de_DE"), folder=tmp_path) == []
    assert install_translations(qapp, QLocale("fr_FR"), folder=tmp_path) == []  # not a .qm
    window = _window(qtbot, tmp_path)
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.actions["open"].text() == "&Open Articles…"


def test_the_bundled_folder_has_no_translation_yet(qapp):
    folder = ROOT / "resources" / "translations"
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]
    assert install_translations(qapp, QLocale("fr_FR")) == []


def _lupdate(tmp_path: Path, *names: str) -> dict[str, set[str]]:
    """The strings pyside6-lupdate collects from ``ui/<name>`` files, by context."""
    ts = tmp_path / "collected.ts"
    ts.unlink(missing_ok=True)
    done = subprocess.run([str(BIN / "pyside6-lupdate"), *(str(ROOT / "ui" / n) for n in names), "-ts", str(ts)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    found: dict[str, set[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        found.setdefault(context.findtext("name"), set()).update(
            m.findtext("source") for m in context.iter("message"))
    return found


def test_lupdate_finds_the_marked_strings(qapp, tmp_path):
    found = _lupdate(tmp_path, "actions.py", "app.py", "main_window.py", "preferences.py", "toolbars.py",
                     "workflow.py", "tagging.py", "comparison_view.py", "panel.py", "tag_picker.py",
                     "orphans.py", "export_dialog.py", "codebook_editor.py")
    actions = Actions(QWidget())  # no translator installed: the texts as written
    own = [actions[i] for i in actions if not i.startswith("layer:")]  # layers: the core's labels
    assert len(own) > 30
    assert {t for a in own for t in (a.text(), a.toolTip())} <= found["Actions"]
    assert {"&File", "&Edit", "&View", "&Layers", "&Theme", "&Go", "&Help", "Open Rece&nt",
            "Prev diff", "Next marker", "Open articles", "Could not compare: {message}",
            "The clipboard holds no text to compare.", "Find bar: close"} <= found["MainWindow"]
    assert {label for _, label in THEMES} | {"Preferences", "Te&xt size:"} <= found["Preferences"]
    assert {"More ▾", "The other tags, and the tag picker"} <= found["TagStrip"]
    assert {"About Parallax"} <= found["About"] and {"Keyboard shortcuts"} <= found["Shortcuts"]
    assert {"Error: {message}"} <= found["App"]
    assert {"&Notes", "Tag &With", "&Export Notes…", "Orphans ({n})"} <= found["Workflow"]
    assert {"Tag With", "Undo", "Select some text in a pane first, then tag it."} <= found["TagTools"]
    assert {"Summary", "Facts", "Framing"} <= found["SidePanel"]
    assert {"Alignment", "Facts", "Framing"} <= found["Legend"]
    assert {"Match &case", "Find…"} <= found["FindBar"]
    assert {"Tag passage", "Create tag “{name}”"} <= found["TagPicker"]
    assert {"&Reattach to Selection", "No orphaned annotations: every passage was found again."
            } <= found["OrphansPanel"]
    assert {"Export notes", "The whole library", "PDF (.pdf)", "F&ile:"} <= found["ExportDialog"]
    assert {"Codebook", "&Merge…", "Keep which tag?", "Merge “{name}” into:"} <= found["CodebookEditor"]


# The second set wrapped: the library window, notes, panes, gutter, charts, progress, story desk.
_SECOND = ["notes_panel.py", "note_editor.py", "library_window.py", "library_session.py", "pane.py", "gutter.py",
           "charts.py", "noting.py", "textview.py", "progress.py", "models.py", "tag_paint.py",
           "story_library.py", "story_tagging.py"]


def test_lupdate_finds_the_second_set(qapp, tmp_path):
    found = _lupdate(tmp_path, *_SECOND)
    assert {"&Add Files…", "Title", "Characters", "Added %n article.", "Added %n articles.",
            "%n result for “{query}”.", "%n results for “{query}”.",
            "Source: {path}", "Link note"} <= found["LibraryWindow"]
    assert {"Write", "Preview", "&Relation:", "Note on the whole comparison", "Note on the link “{left}” ↔ “{right}”"
            } <= found["NoteEditor"]
    assert {"All tags", "Whole library", "[orphaned] {passage}", "✎ Note {where}"} <= found["NotesPanel"]
    assert {"&Undo", "&Undo {name}", "Nothing to redo"} <= found["LibrarySession"]
    assert {"WIRE COPY", "by {byline}", "{count:,} words", "{count:,} characters"} <= found["Header"]
    assert {"reading the texts", "{what}: {stage}…", "about %n minutes", "about a minute", "A long comparison",
            "&Compare Anyway"} <= found["WorkProgress"]  # one context, not the caller's variable name
    assert {"&Story", "&Note on Row…", "Story of {n} reports: {shown} ({opened})"} <= found["StoryDesk"]
    assert {"Tagged “{name}” (the same key again takes it off)."} <= found["PassageTagging"]
    assert {"Link: {relation}", "Open two different articles first."} <= found["NoteTools"]
    assert {"nothing to show"} <= found["BarChart"] and {"occurrences in {side}"} <= found["FactsModel"]
    assert {"Drop to open on the {side}"} <= found["TextView"] and found["Gutter"] and found["OverviewStrip"]
    assert {"Note: {note}", "Link ({relation}){note}"} <= found["NoteMark"]
    rest = _lupdate(tmp_path, "panel.py", "main_window.py")
    assert {"Verb", "Stance", "Left", "Right", "no quoted speakers found"} <= rest["FramingTab"]
    assert {"Value", "Kind", "Status"} <= found["FactsModel"] and "Word lists read again." in rest["MainWindow"]
    assert not {"parent", "window"} & (found.keys() | rest.keys())  # a context no class has: never translated


def test_the_headers_and_messages_read_as_before(qapp, qtbot, tmp_path):
    from parallax.ui.main_window import reload_lexicons

    window = _window(qtbot, tmp_path)
    verbs = window.panel.framing.verbs
    assert [verbs.headerData(i, Qt.Orientation.Horizontal) for i in range(2)] == ["Verb", "Stance"]
    facts = window.panel.facts.model
    assert [facts.headerData(i, Qt.Orientation.Horizontal) for i in range(5)] == [
        "Value", "Kind", "Status", "left", "right"]
    assert window.panel.framing.voices.empty_text == "no quoted speakers found"
    reload_lexicons(window)
    assert window.statusBar().currentMessage() == "Word lists read again."


def test_the_second_set_is_translated(french, qtbot, tmp_path):
    from parallax.reader.notes.library import Library
    from parallax.ui.library_session import LibrarySession
    from parallax.ui.library_window import LibraryWindow
    from parallax.ui.note_editor import NoteEditor, Target
    from parallax.ui.notes_panel import NotesPanel
    from parallax.ui.pane import length_label

    session = LibrarySession(Library(tmp_path / "lib.db"))
    try:
        window = LibraryWindow(session)
        qtbot.addWidget(window)
        assert "&Ajouter des fichiers…" in [b.text() for b in window.findChildren(QPushButton)]
        assert window.articles.horizontalHeaderItem(0).text() == "Titre"
        assert window.articles.horizontalHeaderItem(1).text() == "Outlet"  # no translation given
        editor = NoteEditor(session.lib, Target.comparison(1))
        qtbot.addWidget(editor)
        assert editor.tabs.tabText(0) == "Écrire" and editor.about.text() == "Note sur toute la comparaison"
        panel = NotesPanel(session)
        qtbot.addWidget(panel)
        panel.refresh()
        assert panel.tag.itemText(0) == "Toutes les étiquettes"
        assert length_label("one two three") == "3 mots"
    finally:
        session.close()


def test_counts_read_in_english_words_without_a_translation(qapp, tmp_path):
    """%n plurals: with no .qm, Qt puts the number in the English text as written, so
    the window picks the singular or the plural text itself: "1 result", "3 results",
    never "result(s)"."""
    from parallax.reader.notes.library import Library
    from parallax.ui.library_session import LibrarySession
    from parallax.ui.library_window import LibraryWindow
    from parallax.ui.progress import duration_text

    session = LibrarySession(Library(tmp_path / "lib.db"))
    try:
        window = LibraryWindow(session)
        one, two, three = (tmp_path / f"{n}.txt" for n in ("one", "two", "three"))
        one.write_text("Kyiv rejected it. The talks lasted two hours.", encoding="utf-8")
        two.write_text("Minsk agreed. Talks resumed on Monday.", encoding="utf-8")
        three.write_text("Riga waited. Nobody came to the talks.", encoding="utf-8")
        window.add_files([str(one)])
        assert window.status.text() == "Added 1 article."
        window.add_files([str(two), str(three)])
        assert window.status.text() == "Added 2 articles."
        window.run_search("Kyiv")
        assert window.status.text() == "1 result for “Kyiv”." and len(window.hits) == 1
        window.add_pasted("Kyiv answered. Kyiv waited.", "Second")
        window.run_search("Kyiv")
        assert window.status.text() == f"{len(window.hits)} results for “Kyiv”." and len(window.hits) > 1
        window.run_search("Vladivostok")
        assert window.status.text() == "0 results for “Vladivostok”."
        assert duration_text(30) == "less than a minute" and duration_text(240) == "about 4 minutes"
        assert duration_text(6000) == "about 1.7 hours" and duration_text(80) == "about a minute"
        window.deleteLater()
    finally:
        session.close()


# Qt calls whose first argument is words a user reads.
_TEXT_CALLS = {"setWindowTitle", "setText", "setToolTip", "setStatusTip", "addMenu", "addItem",
               "addRow", "setSuffix", "showMessage", "setPlaceholderText", "QCheckBox", "QLabel",
               "QPushButton", "QAction", "QMenu", "QToolButton", "QGroupBox", "addTab", "setTabText",
               "addButton", "setInformativeText"}
# The third set wrapped: the story view, its models, the export dialog (#17 item 17).
_THIRD = ["story_view.py", "story_models.py", "export_dialog.py"]


_EVERY_UI_MODULE = sorted(p.name for p in (ROOT / "ui").glob("*.py"))


def test_the_wrapped_sets_are_ui_modules():
    assert {"actions.py", "main_window.py", "workflow.py", *_SECOND, *_THIRD} <= set(_EVERY_UI_MODULE)


@pytest.mark.parametrize("name", _EVERY_UI_MODULE)
def test_no_words_reach_qt_unwrapped(name):
    """In no ui module does literal text with words go straight into a widget: it goes
    through tr() or QCoreApplication.translate (so a new string cannot skip translation).
    Symbols ("▲", "✕") and markup around a translated string are not words."""
    tree = ast.parse((ROOT / "ui" / name).read_text(encoding="utf-8"))
    bare = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        if called in _TEXT_CALLS and isinstance(first, (ast.JoinedStr, ast.Constant)) and _words(first):
            bare.append(f"{name}:{node.lineno} {called}")
    assert bare == []


def _words(node: ast.AST) -> bool:
    """A literal (or an f-string's literal parts) holding a word of two letters or more."""
    import re

    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return any(isinstance(p, ast.Constant) and isinstance(p.value, str) and re.search(r"[A-Za-z]{2}", p.value)
               for p in parts)


def _literals(e: ast.AST) -> list[ast.AST]:
    """The literals an expression may evaluate to (not those inside a call: translate's own)."""
    if isinstance(e, (ast.Constant, ast.JoinedStr)):
        return [e]
    if isinstance(e, ast.IfExp):
        return _literals(e.body) + _literals(e.orelse)
    if isinstance(e, ast.BinOp):
        return _literals(e.left) + _literals(e.right)
    return []


def test_the_story_models_say_nothing_unwrapped():
    """Item models hand Qt their words by returning them from data()/headerData(): no
    returned literal with words, and the column titles marked with QT_TRANSLATE_NOOP."""
    tree = ast.parse((ROOT / "ui" / "story_models.py").read_text(encoding="utf-8"))
    bare = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            bare += [f"story_models.py:{node.lineno} return" for v in _literals(node.value) if _words(v)]
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append" and node.args and (
                isinstance(node.args[0], (ast.Constant, ast.JoinedStr)) and _words(node.args[0])):
            bare.append(f"story_models.py:{node.lineno} append")
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("HEADERS", "LEAD") for t in node.targets):
            assert isinstance(node.value, ast.Tuple)
            bare += [f"story_models.py:{node.lineno} column title" for e in node.value.elts
                     if not (isinstance(e, ast.Call) and getattr(e.func, "id", "") == "QT_TRANSLATE_NOOP")]
    assert bare == []


def test_lupdate_finds_the_third_set(qapp, tmp_path):
    found = _lupdate(tmp_path, *_THIRD)
    assert {"Compare side by side", "Note on row…", "Collating %n reports…", "Story of %n reports — Parallax",
            "{source}: nothing to show for this cell (it does not say it).", "Your note on this row: {note}",
            "Export the collation", "parallax: error: {message}"} <= found["StoryView"]
    assert {"Source", "Wire agencies", "Kind", "Value", "Derived", "by wire credit", "undated",
            "Click to see it in the text.", "{source} quotes {speaker} once, {words} in all.",
            "{source} quotes {speaker} %n times, {words} in all.", "%n word", "%n words"
            } <= found["StoryModels"]
    assert {"&Export", "An export is already running: wait for it or cancel it first.",
            "Export cancelled: nothing was written.", "Exporting {name}"} <= found["BackgroundExport"] | found[
                "ExportDialog"]
    assert not {"parent", "window", "self"} & found.keys()


def test_the_translations_readme_collects_every_ui_module():
    """resources/translations/README.md's lupdate command takes every ui module (ui/*.py)."""
    readme = (ROOT / "resources" / "translations" / "README.md").read_text(encoding="utf-8")
    assert "pyside6-lupdate ui/*.py -ts" in readme
