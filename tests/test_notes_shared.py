"""Exports an analyst can share (#16 items 6, 10, 17; #18 item 8's .part wording).

- One Markdown renderer (``note_markup``) for the editor's preview, the HTML export and
  the PDF: ``**Sputnik**`` is bold in each, raw HTML is text, links lead only to
  http(s) and mailto.
- The CSV carries the text of link notes.
- The headers count what the Notes tab counts, in the same words.
- Sources are file names unless full paths are asked for.
- Files get the mode any new file gets (the umask), PDF too; a failed PDF export names
  the file asked for, never its temporary ``.part``.
- Passages are placed by paragraph ("¶ 3") beside their quote, not by offsets, in every
  export and in the window's tooltips.
"""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest

from parallax.reader.errors import ParallaxError
from parallax.reader.model import Article
from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Library
from parallax.reader.notes.note_markup import note_html, note_lines
from tests.conftest import Tags
from tests.test_notes_export import XSS_VECTORS

LEFT = ("The talks in Geneva lasted two hours on Tuesday.\n\n"
        "Officials said 94,000 troops were near the border.\n\n"
        "Moscow said the call was frank, and Sputnik called it businesslike.")
RIGHT = ("Sources put the figure at 100,000 troops.\n\n"
         "The talks lasted two hours.\n\n"
         "Kiev rejected the demands.")
NOTE = "**Sputnik** is state media; see [the profile](https://example.org/sputnik).\n\n- one\n- two"
LINK_NOTE = "The *figures* differ by 6,000: <b>not</b> a rounding."
SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5",
             "h6", "ul", "ol", "li", "hr", "br"}


def _parsed(html: str) -> Tags:
    return Tags.of(html)


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


def _desk(lib: Library) -> dict:
    """Two articles from files in a folder, a comparison, a noted and tagged passage, a link
    between two untagged, un-noted passages with a note of its own, an orphan, two notes."""
    left = lib.add_article(Article(LEFT, title="Geneva talks", outlet="Wire",
                                   path="/home/analyst/cases/seeds/geneva.txt")).id
    right = lib.add_article(Article(RIGHT, title="Other report",
                                    path="/home/analyst/cases/seeds/other.txt")).id
    cmp = lib.open_comparison(left, right).id
    at = LEFT.index("Sputnik")
    noted = lib.add_annotation(left, (at, at + 7), tags=["Loaded language"], note=NOTE,
                               comparison_id=cmp).id
    a = LEFT.index("94,000 troops")
    b = RIGHT.index("100,000 troops")
    src = lib.add_annotation(left, (a, a + 13), comparison_id=cmp).id
    dst = lib.add_annotation(right, (b, b + 14), comparison_id=cmp).id
    link = lib.add_link(src, dst, "contradicts", note=LINK_NOTE, comparison_id=cmp).id
    lib.add_note("The pair, in **short**.", comparison_id=cmp)
    lib.add_note("About the left article.", article_id=left)
    return {"left": left, "right": right, "cmp": cmp, "noted": noted, "src": src, "dst": dst,
            "link": link}


# ---------------------------------------------------------------- one renderer


def test_the_note_renderer_shows_markdown_and_no_html_or_unsafe_link():
    html = note_html(NOTE)
    assert "<strong>Sputnik</strong>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org/sputnik"' in html
    page = note_html("\n\n".join(("[mail](mailto:desk@example.org)", *XSS_VECTORS)))
    parsed = _parsed(page)
    assert set(parsed.tags) <= SAFE_TAGS, set(parsed.tags) - SAFE_TAGS
    assert not [k for k, _ in parsed.attrs if k.startswith("on") or k in ("style", "src", "srcset")]
    targets = [v for k, v in parsed.attrs if k == "href"]
    assert targets and all(t.startswith(("https://", "http://", "mailto:")) for t in targets)
    assert "mailto:desk@example.org" in targets
    assert "<script" not in page.lower() and "&lt;script&gt;" in page
    # the PDF's lines come from the same parse
    lines = note_lines(NOTE)
    assert [r.text for r in lines[0].runs if r.bold] == ["Sputnik"]
    assert [r.href for r in lines[0].runs if r.href] == ["https://example.org/sputnik"]
    assert [(ln.prefix, ln.runs[0].text) for ln in lines[1:]] == [("• ", "one"), ("• ", "two")]
    js = note_lines("[click](javascript:alert(1)) and <b>x</b>")
    assert [r.href for r in js[0].runs] == [""] and "<b>x</b>" in js[0].runs[0].text


def test_html_export_renders_notes_markdown_and_stays_inert(lib):
    _desk(lib)
    lib.add_note("\n\n".join(XSS_VECTORS), article_id=1)
    page = ne.to_html(lib.export_data())
    assert "<strong>Sputnik</strong>" in page and "**Sputnik**" not in page
    assert "<em>figures</em>" in page and "&lt;b&gt;not&lt;/b&gt;" in page  # the link's note
    assert "in <strong>short</strong>" in page
    parsed = _parsed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [k for k, _ in parsed.attrs if k.startswith("on")]
    hrefs = [v for k, v in parsed.attrs if k == "href"]
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs)


def test_pdf_prints_notes_markdown_bold_not_raw(lib):
    from parallax.ui import pdf

    _desk(lib)
    blocks = pdf.blocks_of(ne.build(lib.export_data()))
    block = next(b for b in blocks if "Sputnik is state media" in b.text)
    assert "**" not in block.text and "• one" in block.text
    at = block.text.index("Sputnik is state media")
    bold = [fmt[1] for start, length, fmt in block.runs if start <= at < start + length]
    assert bold == [True]
    link = next(b for b in blocks if "The figures differ" in b.text)
    assert "<b>not</b>" in link.text  # raw HTML in a note is text


def test_editor_preview_uses_the_export_renderer(lib, qtbot):
    from PySide6.QtGui import QTextCursor

    from parallax.ui.note_editor import NoteEditor, Target

    aid = lib.add_article(Article(LEFT, title="Geneva talks")).id
    editor = NoteEditor(lib, Target.article(aid))
    qtbot.addWidget(editor)
    editor.edit.setPlainText("**Sputnik** [bad](javascript:alert(1)) [ok](https://example.org/) <b>raw</b>")
    editor.tabs.setCurrentIndex(1)
    doc = editor.preview.document()
    text = doc.toPlainText()
    assert text.startswith("Sputnik [bad](javascript:alert(1)) ok <b>raw</b>")
    cur = QTextCursor(doc)
    cur.setPosition(3)
    assert cur.charFormat().fontWeight() >= 600  # bold
    anchors = []
    block = doc.begin()
    it = block.begin()
    while not it.atEnd():
        f = it.fragment().charFormat()
        if f.isAnchor():
            anchors.append((it.fragment().text(), f.anchorHref()))
        it += 1
    assert anchors == [("ok", "https://example.org/")]


# ---------------------------------------------------------------- CSV, counts, paths


def test_csv_carries_link_notes_and_paragraphs(lib):
    ids = _desk(lib)
    rows = {int(r["annotation_id"]): r for r in csv.DictReader(io.StringIO(ne.to_csv(lib.export_data())))}
    assert rows[ids["src"]]["links"] == f"contradicts -> {ids['dst']}"
    assert rows[ids["src"]]["link_notes"] == f"contradicts -> {ids['dst']}: {LINK_NOTE}"
    assert rows[ids["dst"]]["link_notes"] == f"contradicts <- {ids['src']}: {LINK_NOTE}"
    assert rows[ids["noted"]]["link_notes"] == ""
    # offsets stay in their own columns; the paragraph is beside them
    assert (rows[ids["noted"]]["paragraph"], rows[ids["src"]]["paragraph"],
            rows[ids["dst"]]["paragraph"]) == ("3", "2", "1")
    assert rows[ids["noted"]]["start"] == str(LEFT.index("Sputnik"))


def test_export_header_counts_what_the_notes_tab_counts(lib):
    ids = _desk(lib)
    gone = lib.add_annotation(ids["right"], (0, 7), tags=["Omission"]).id
    lib.update_article(ids["right"], Article("Entirely different words now.\n\nNothing else.",
                                             title="Other report"))
    assert lib.annotation(gone).orphaned
    index = lib.list_items()  # what the Notes tab lists for the whole library
    counts = (len(index.annotations), len(index.links), len(index.notes))
    assert counts == (2, 1, 2)  # the tagged passage and the orphan; the link; two notes
    data = lib.export_data()
    assert len(data.annotations) == 4  # the link's two bare ends are counted with their link
    head = "2 passages · 1 link · 2 notes · 2 articles · 1 comparison"
    md = ne.to_markdown(data)
    assert head in md.split("\n")[2]
    assert head in ne.to_html(data) and "annotations" not in md.split("\n")[2]


def test_notes_tab_says_what_it_counts_in_the_export_words(tmp_path, qtbot):
    from parallax.ui.library_session import LibrarySession
    from parallax.ui.notes_panel import NotesPanel

    lib = Library(tmp_path / "lib.db")
    _desk(lib)
    session = LibrarySession(lib)
    panel = NotesPanel(session)
    qtbot.addWidget(panel)
    panel.scope.setCurrentIndex(1)  # the whole library
    panel.refresh()
    assert panel.count.text() == "4 of 4 items: 1 passage · 1 link · 2 notes"
    assert "1 passage · 1 link · 2 notes" in ne.to_markdown(lib.export_data())
    session.close()


def test_exports_name_files_not_folders_unless_asked(lib, tmp_path):
    _desk(lib)
    data = lib.export_data()
    for fmt in ("md", "html", "csv", "json"):
        text = ne.render(data, fmt)
        assert "/home/analyst" not in text, fmt
        assert "geneva.txt" in text, fmt
        assert "/home/analyst/cases/seeds/geneva.txt" in ne.render(data, fmt, full_paths=True), fmt
    from parallax.ui import pdf

    blocks = pdf.blocks_of(ne.build(data))
    assert not [b.text for b in blocks if "/home/analyst" in b.text]
    assert [b.text for b in blocks if "geneva.txt" in b.text]


# ---------------------------------------------------------------- files


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda m: os.umask(m)
    os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002], ids=["022", "027", "002"])
def test_exports_are_written_with_the_mode_of_any_new_file(lib, tmp_path, umask, mask):
    from parallax.ui.pdf import print_pdf

    _desk(lib)
    data = lib.export_data()
    umask(mask)
    for fmt in ("md", "csv", "csv-plain", "json", "html", "qdpx", "pdf"):
        out = tmp_path / f"notes-{fmt}.{ne.EXTENSIONS.get(fmt, fmt)}"
        ne.write_file(data, fmt, out, print_pdf=print_pdf)
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask, fmt
    assert ne.file_mode() == 0o666 & ~mask
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_failed_pdf_export_names_the_file_not_its_part(lib, tmp_path, monkeypatch):
    from parallax.ui import pdf

    _desk(lib)
    monkeypatch.setattr(pdf, "_print_part", lambda blocks, path, **kw: None)  # Qt wrote nothing
    monkeypatch.setattr(pdf.pdf_direct, "write", lambda *a, **kw: 0)  # nor did the direct writer
    out = tmp_path / "notes.pdf"
    with pytest.raises(ParallaxError) as err:
        ne.write_file(lib.export_data(), "pdf", out, print_pdf=pdf.print_pdf)
    assert str(err.value) == f"{out}: the PDF could not be written"
    assert ".part" not in str(err.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "lib.db"] or not out.exists()


# ---------------------------------------------------------------- paragraphs


def test_passages_are_placed_by_paragraph_not_offsets(lib):
    _desk(lib)
    data = lib.export_data()
    md, html = ne.to_markdown(data), ne.to_html(data)
    for text in (md, html):
        assert "characters" not in text
    assert "Tags: **Loaded language** · ¶ 3" in md
    assert "*contradicts* → ¶ 1: “100,000 troops”" in md
    assert "¶ 3" in html and "→ ¶ 1: “100,000 troops”" in html
    from parallax.ui import pdf

    joined = "\n".join(b.text for b in pdf.blocks_of(ne.build(data)))
    assert "¶ 3" in joined and "→ ¶ 1: “100,000 troops”" in joined and "characters" not in joined


def test_window_tooltips_give_the_paragraph_and_the_quote():
    from parallax.reader import compare
    from parallax.reader.comparison.layers import build
    from parallax.reader.ingest.article import from_text

    left = from_text("A first paragraph about the weather today.\n\n"
                     "The two presidents spoke by video link for two hours on Tuesday evening.")
    right = from_text("Something else entirely opens this one.\n\nAnother paragraph.\n\n"
                      "The two presidents spoke by video link for two hours on Tuesday evening.")
    layers = build(compare(left, right))
    tips = [i.tip for i in layers.left if "Counterpart in" in i.tip]  # verbatim or paraphrase
    assert tips and all("characters" not in t for t in tips)
    assert any("Counterpart in the right report, ¶ 3:\n“The two presidents spoke" in t for t in tips), tips


def test_markdown_export_keeps_notes_markdown_with_the_same_link_rule(lib):
    from markdown_it import MarkdownIt

    _desk(lib)
    lib.add_note("Write to [the desk](mailto:desk@example.org) or <mailto:chief@example.org>; "
                 "not [this](javascript:alert(1)).", article_id=1)
    md = ne.to_markdown(lib.export_data())
    renderer = MarkdownIt("commonmark", {"html": True})
    renderer.validateLink = lambda url: True  # the export alone keeps links safe
    page = renderer.render(md)
    parsed = _parsed(page)
    hrefs = [v for k, v in parsed.attrs if k == "href"]
    assert "mailto:desk@example.org" in hrefs and "mailto:chief@example.org" in hrefs
    assert all(h.startswith(("https://", "http://", "mailto:", "#")) for h in hrefs)
    assert "<strong>Sputnik</strong>" in page
    # the link's note is Markdown as well: emphasis rendered, its raw HTML text
    assert "<em>figures</em>" in page and "&lt;b&gt;not&lt;/b&gt;" in page
