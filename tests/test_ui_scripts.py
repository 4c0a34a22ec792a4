"""Real articles in other scripts, through the real pipeline: right-to-left paragraphs
are laid out right to left and hang from the right edge, highlights land on the
right characters (Arabic, Hebrew, Urdu, and astral characters that take two UTF-16
positions in Qt), and the fonts the setup installs cover every script."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QTextCursor
from PySide6.QtWidgets import QApplication

from parallax.reader.model import Span
from parallax.ui.highlight import layers_at
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings
from parallax.ui.textpos import Utf16Map

DATA = Path(__file__).parent / "data" / "ui"

# One sentence each pair shares word for word, and one only the left one has.
SHARED = {
    "ar": "عقد الرئيس الأمريكي جو بايدن ونظيره الروسي فلاديمير بوتين محادثات عبر الفيديو",
    "he": "נשיא ארצות הברית ג'ו ביידן ונשיא רוסיה ולדימיר פוטין קיימו ביום שלישי שיחת וידאו",
    "ur": "امریکی صدر جو بائیڈن اور روسی صدر ولادیمیر پوتن نے منگل کو ویڈیو لنک کے ذریعے",
    "astral": "US President Joe Biden and 🇷🇺 Russian President Vladimir Putin held a two-hour video call",
    "zh": "美国总统拜登与俄罗斯总统普京7日举行视频会谈",
    "ru": "Президенты России и США Владимир Путин и Джо Байден",
}
LEFT_ONLY = {
    "ar": "وأكد الكرملين أن بوتين طالب بضمانات قانونية",
    "he": "הבית הלבן מסר כי ביידן",
    "ur": "وائٹ ہاؤس کے مطابق بائیڈن",
    "astral": "rare character 𠀀 and the symbol 𝄞 appear",
}


def opened(qtbot, tmp_path, lang: str) -> MainWindow:
    w = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.open_sources(DATA / f"{lang}_a.txt", DATA / f"{lang}_b.txt")
    qtbot.waitUntil(lambda: w.comparison is not None and w.is_idle(), timeout=30_000)
    QApplication.processEvents()
    return w


def qt_range(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    start, length = Utf16Map(text).span_to_qt(Span(i, i + len(part)))
    return start, start + length


@pytest.mark.parametrize("lang", ["ar", "he", "ur", "astral", "zh", "ru"])
def test_shared_sentence_is_highlighted_on_exactly_its_characters(qtbot, tmp_path, lang):
    w = opened(qtbot, tmp_path, lang)
    for pane in (w.left, w.right):
        text = pane.article.text
        doc = pane.view.document()
        start, end = qt_range(text, SHARED[lang])
        for pos in range(start, end):
            assert "verbatim" in layers_at(doc, pos), (lang, pane.side, pos)
        # Qt's characters at those positions are the sentence itself
        cursor = QTextCursor(doc)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == SHARED[lang]
    if lang in LEFT_ONLY:
        text = w.left.article.text
        start, end = qt_range(text, LEFT_ONLY[lang])
        doc = w.left.view.document()
        for pos in range(start, end):
            layers = layers_at(doc, pos)
            assert "verbatim" not in layers and "unique" in layers, (lang, pos, layers)


def test_astral_characters_shift_qt_positions_but_not_the_highlights(qtbot, tmp_path):
    w = opened(qtbot, tmp_path, "astral")
    text = w.left.article.text
    u16 = Utf16Map(text)
    assert not u16.trivial
    # "𠀀" and "𝄞" are one code point each but two Qt positions: the unique sentence
    # ends later in Qt than in Python, and the next passage starts exactly after it.
    shared = "Ukraine says 94,000 troops"
    i = text.index(shared)
    assert u16.to_qt(i) > i
    start, end = qt_range(text, shared)
    doc = w.left.view.document()
    assert "verbatim" in layers_at(doc, start) and "verbatim" in layers_at(doc, end - 1)
    assert "verbatim" not in layers_at(doc, start - 1)
    # clicking the figure on the left selects the same figure on the right
    w.view.show_counterpart("left", text.index("94,000"))
    rc = w.right.view.textCursor()
    rtext = w.right.article.text
    sel = Utf16Map(rtext).span_from_qt(rc.selectionStart(), rc.selectionEnd())
    assert rtext[sel.start:sel.end] == rc.selectedText() == "94,000 troops"
    assert Utf16Map(rtext).to_qt(sel.start) > sel.start  # astral characters precede it


@pytest.mark.parametrize("lang", ["ar", "he", "ur"])
def test_right_to_left_paragraphs_are_laid_out_right_to_left(qtbot, tmp_path, lang):
    w = opened(qtbot, tmp_path, lang)
    view = w.left.view
    view.viewport().repaint()
    text = w.left.article.text
    start, _ = qt_range(text, SHARED[lang])
    block = view.document().findBlock(start)
    assert block.textDirection() == Qt.LayoutDirection.RightToLeft
    layout = block.layout()
    assert layout.textOption().alignment() & Qt.AlignmentFlag.AlignRight
    # the first word starts at the right edge and the sentence runs leftwards
    first, last = QTextCursor(view.document()), QTextCursor(view.document())
    first.setPosition(start)
    last.setPosition(start + len(SHARED[lang].split()[0]))
    assert view.cursorRect(first).x() > view.cursorRect(last).x()
    line = layout.lineAt(0)
    right_edge = line.naturalTextRect().right()
    assert right_edge > view.viewport().width() - 40, (right_edge, view.viewport().width())
    # the opening line on the right-to-left pane is ragged on the left, not on the right
    assert line.naturalTextRect().left() >= line.x()


def test_left_to_right_paragraphs_stay_left_aligned(qtbot, tmp_path):
    w = opened(qtbot, tmp_path, "ru")
    view = w.left.view
    view.viewport().repaint()
    block = view.document().firstBlock()
    assert block.textDirection() == Qt.LayoutDirection.LeftToRight
    assert not block.layout().textOption().alignment() & Qt.AlignmentFlag.AlignRight
    assert block.layout().lineAt(0).naturalTextRect().left() < 20


@pytest.mark.parametrize("sample", [
    "عقد الرئيس", "امریکی صدر", "נשיא ארצות", "美国总统拜登", "Президенты", "😀🇺🇦", "𝐀𝐥𝐞𝐱", "𠀀",
])
def test_installed_fonts_cover_every_script(qapp, sample):
    """No tofu: once `scripts/dev fonts` installed the fonts for every script, some
    font has a glyph for each character.  (Tests need only DejaVu; the ~200 MB of
    fonts for other scripts are opt-in.)"""
    import shutil
    import subprocess

    if shutil.which("dpkg") and subprocess.run(
            ["dpkg", "-s", "fonts-noto-core", "fonts-noto-cjk", "fonts-noto-color-emoji", "fonts-hanazono"],
            capture_output=True).returncode != 0:
        pytest.skip("fonts for every script not installed (scripts/dev fonts)")
    families = QFontDatabase.families()
    for ch in sample:
        if ch.isspace():
            continue
        assert any(QFontMetrics(QFont(f)).inFontUcs4(ord(ch)) for f in families), (
            f"no installed font covers {ch!r} (U+{ord(ch):04X}); run scripts/dev fonts")


def test_header_counts_characters_for_text_written_without_spaces(qtbot, tmp_path):
    from parallax.ui.pane import length_label

    w = opened(qtbot, tmp_path, "zh")
    meta = w.left.header.meta.text()
    assert "characters" in meta and " words" not in meta
    assert length_label("美国总统拜登与俄罗斯总统普京") == "14 characters"
    assert length_label("Путин и Байден провели переговоры") == "5 words"
    assert length_label("عقد الرئيس الأمريكي جو بايدن") == "5 words"


def test_visible_span_reaches_the_end_of_a_right_to_left_last_line(qtbot, tmp_path):
    from PySide6.QtCore import QPoint

    from parallax.reader.model import Article

    para = (DATA / "ar_a.txt").read_text(encoding="utf-8").split("\n\n")[2]
    text = "\n\n".join([para] * 60)
    w = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.show_articles(Article(text), Article(text))
    qtbot.waitUntil(lambda: w.comparison is not None and w.is_idle(), timeout=30_000)
    view = w.left.view
    view.viewport().repaint()
    vp = view.viewport()
    # the line cut by the bottom edge: where does it end (logically)?
    cursor = view.cursorForPosition(QPoint(vp.width() // 2, vp.height() - 1))
    block = cursor.block()
    line = block.layout().lineForTextPosition(cursor.position() - block.position())
    line_end = Utf16Map(text).from_qt(block.position() + line.textStart() + line.textLength())
    assert line_end < len(text)  # the text goes on below
    assert view.visible_span().end >= line_end - 1


def test_a_right_to_left_note_is_written_right_to_left(qtbot, tmp_path):
    from parallax.reader.model import Article
    from parallax.reader.notes.library import Library
    from parallax.ui.note_editor import NoteEditor, Target

    lib = Library(tmp_path / "lib.db")
    try:
        cid = lib.open_comparison(lib.add_article(Article("a")).id, lib.add_article(Article("b")).id).id
        ed = NoteEditor(lib, Target("comparison", comparison_id=cid))
        qtbot.addWidget(ed)
        ed.edit.setPlainText("ملاحظة: الكرملين **يزعم** ذلك")
        ed.show()
        qtbot.waitExposed(ed)
        qtbot.wait(50)
        ed.edit.viewport().repaint()
        block = ed.edit.document().firstBlock()
        assert block.textDirection() == Qt.LayoutDirection.RightToLeft
        assert block.layout().textOption().alignment() & Qt.AlignmentFlag.AlignRight
    finally:
        lib.close()


def test_notes_on_right_to_left_passages_are_listed_from_the_right(qtbot, tmp_path):
    from parallax.ui.workflow import install
    from tests.test_workflow_session import select, wait_idle

    w = MainWindow(settings=open_settings(str(tmp_path / "settings.ini")), theme="light")
    qtbot.addWidget(w)
    wf = install(w, str(tmp_path / "lib.db"), restore_geometry=False)
    w.resize(1400, 900)
    w.show()
    try:
        w.open_sources(DATA / "ar_a.txt", DATA / "ru_a.txt")
        wait_idle(w)
        qtbot.waitUntil(lambda: w.comparison is not None, timeout=30_000)
        select(w.left.view, w.left.article.text, LEFT_ONLY["ar"])
        assert wf.tag_side("left", wf.session.tags()[0].id)
        select(w.right.view, w.right.article.text, "Путин заявил")
        assert wf.tag_side("right", wf.session.tags()[1].id)
        panel = wf.notes_panel
        panel.refresh()
        rows = {panel.label(r): panel.model.index(r) for r in range(panel.row_count())}
        (ar,) = [ix for t, ix in rows.items() if "الكرملين" in t]
        (ru,) = [ix for t, ix in rows.items() if "Путин" in t]
        align = Qt.ItemDataRole.TextAlignmentRole
        assert ar.data(align) & Qt.AlignmentFlag.AlignRight
        assert not ru.data(align) & Qt.AlignmentFlag.AlignRight
    finally:
        w.close()
        wf.session.close()


def ink_columns(widget) -> tuple[int, int]:
    """The first and last pixel columns of a widget that differ from its background."""
    image = widget.grab().toImage()
    bg = image.pixel(0, 0)
    cols = [x for x in range(image.width()) if any(image.pixel(x, y) != bg for y in range(image.height()))]
    return (cols[0], cols[-1]) if cols else (0, 0)


def test_a_right_to_left_title_is_drawn_from_the_right_of_the_header(qtbot, tmp_path):
    w = opened(qtbot, tmp_path, "he")
    w.actions["panel"].setChecked(False)  # room for the whole title on its one line
    QApplication.processEvents()
    label = w.left.header.title
    assert w.left.article.title and w.left.article.title in label.text()
    assert label.elided() == label.text()
    first, last = ink_columns(label)
    ratio = label.devicePixelRatioF()
    assert last >= label.width() * ratio - 12 and first > 40, (first, last, label.width())
    # a left-to-right title starts at the left
    w2 = opened(qtbot, tmp_path / "ru", "ru")
    w2.actions["panel"].setChecked(False)
    QApplication.processEvents()
    assert w2.left.header.title.elided() == w2.left.header.title.text()
    first, last = ink_columns(w2.left.header.title)
    assert first < 12 and last < w2.left.header.title.width() - 40


def test_gutter_bands_attach_to_right_to_left_passages(qtbot, tmp_path):
    from PySide6.QtCore import QPoint

    w = opened(qtbot, tmp_path, "ar")
    gutter = w.view.gutter
    w.left.view.viewport().repaint()
    w.right.view.viewport().repaint()
    image = gutter.grab().toImage()
    ratio = image.devicePixelRatio()
    background = image.pixel(image.width() // 2, image.height() - 2)

    def edge_pixel(view, text: str, part: str, x: int) -> int:
        y = view.viewport().mapTo(w, QPoint(0, view.point_of(text.index(part) + 2).y())).y()
        y -= gutter.mapTo(w, QPoint(0, 0)).y()
        return image.pixel(int(x * ratio), int(y * ratio))

    lt, rt = w.left.article.text, w.right.article.text
    left_edge, right_edge = 1, gutter.width() - 2
    # the shared opening sentence: the band touches both panes at the sentence's lines
    assert edge_pixel(w.left.view, lt, SHARED["ar"], left_edge) != background
    assert edge_pixel(w.right.view, rt, SHARED["ar"], right_edge) != background
    # a passage only the left has: no band at its lines on the left edge
    assert edge_pixel(w.left.view, lt, LEFT_ONLY["ar"], left_edge) == background
