"""The print document (what the PDF is laid out from), and printing it: unshaped layout
only where it looks the same, several processes with one continuous page numbering."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from parallax.reader.errors import ParallaxError
from parallax.reader.model import Article, Span
from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Library


def test_context_and_quote_stay_separate_words(tmp_path):
    lib = Library(tmp_path / "lib.db")
    text = "Kremlin spokesman Dmitry Peskov confirmed the online meeting on Thursday."
    art = lib.add_article(Article(text=text, paragraphs=(Span(0, len(text)),), title="T")).id
    start = text.index("Dmitry")
    lib.add_annotation(art, Span(start, start + len("Dmitry Peskov")), tags=["Shared fact"])
    from parallax.ui import pdf

    plain = "\n".join(b.text for b in pdf.blocks_of(ne.build(lib.export_data())))
    assert "spokesman Dmitry Peskov confirmed" in plain


ARABIC = "هذا نص عربي قصير عن المكالمة بين الرئيسين"


def _library(tmp_path, notes: int = 90):
    words = " ".join(f"word{i}" for i in range(3000))
    with Library(tmp_path / "lib.db") as lib:
        for part in range(3):  # three articles: three h3 sections
            aid = lib.add_text(f"{words} (part {part})", title=f"Report {part}").id
            for i in range(notes // 3):
                n = part * (notes // 3) + i
                m = re.search(rf"\bword{i * 30}\b", words)
                lib.add_annotation(aid, m.span(), tags=["Omission"], note=f"note number {n}")
        rtl = lib.add_text(ARABIC).id
        lib.add_annotation(rtl, (4, 6), note="ملاحظة على النص")
        return lib.export_data()


def _page_texts(path):
    from pypdf import PdfReader

    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path, strict=True).pages]


def test_plain_latin_blocks_are_laid_out_unshaped_and_arabic_stays_shaped(tmp_path):
    from PySide6.QtGui import QFont, QPdfWriter, QTextLayout

    from parallax.ui import pdf

    pdf._gui_app()
    blocks = pdf.blocks_of(ne.build(_library(tmp_path, notes=3)))
    english = next(b for b in blocks if "note number 1" in b.text)
    arabic = next(b for b in blocks if "ملاحظة" in b.text)
    assert english.plain and not english.rtl
    assert not arabic.plain and arabic.rtl
    # combining marks, other scripts and joiners are shaped, Latin-1/Greek/Cyrillic are not
    for text, plain in (("Caf\u00e9 “naïve” – Ωμέγα Привет ■ … ·", True), ("Cafe\u0301", False),
                        ("नमस्ते", False), ("a\u200db", False), ("שלום", False)):
        assert (pdf.NEEDS_SHAPING.search(text) is None) is plain, text

    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(300)
    pages = list(pdf._paginate([english, arabic], writer, 2000.0, 3000.0))
    by_text = {layout.text(): layout for page in pages for layout in page.layouts}
    no_shaping = QFont.StyleStrategy.PreferNoShaping
    assert by_text[english.text].font().styleStrategy() & no_shaping
    laid_out = by_text[arabic.text]
    assert not laid_out.font().styleStrategy() & no_shaping

    def glyphs(layout):
        return [list(run.glyphIndexes()) for run in layout.glyphRuns()]

    def fresh(strategy):  # the same text laid out again, shaped or not
        font = QFont(laid_out.font())
        font.setStyleStrategy(strategy)
        layout = QTextLayout(arabic.text, font, writer)
        layout.setTextOption(laid_out.textOption())
        layout.setFormats(laid_out.formats())
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(2000.0)
        layout.endLayout()
        return glyphs(layout)

    shaped, unshaped = fresh(QFont.StyleStrategy.PreferDefault), fresh(no_shaping)
    assert shaped != unshaped  # Arabic letters take their joined forms only when shaped
    assert glyphs(laid_out) == shaped


def test_split_cuts_between_blocks_at_headings_and_loses_nothing(tmp_path):
    from parallax.ui import pdf

    data = _library(tmp_path)
    whole = pdf.blocks_of(ne.build(data))
    for n in (2, 3, 5):
        parts = pdf.split_blocks(whole, n)
        assert len(parts) == n
        assert [b for bs in parts for b in bs] == whole
        assert all(parts)
    # three parts of about three equal sections: each starts at a section's heading
    firsts = [p[0] for p in pdf.split_blocks(whole, 3)[1:]]
    assert [b.kind for b in firsts] == ["h3", "h3"], firsts
    assert pdf.split_blocks(whole, 1) == [whole]
    one = whole[:1]  # a single block cannot be cut
    assert pdf.split_blocks(one, 3) == [one]


def test_worker_count():
    from parallax.ui import pdf

    assert pdf.worker_count(1000, cpus=8) == 1
    assert pdf.worker_count(50_000_000, cpus=8) == pdf.MAX_WORKERS == 4
    assert pdf.worker_count(50_000_000, cpus=2) == 2
    assert pdf.worker_count(50_000_000, cpus=1) == 1
    assert pdf.worker_count(3_500_000, cpus=8, parallel_chars=2_000_000,
                             min_part_chars=1_000_000) == 3
    assert pdf.worker_count(5000, cpus=8, parallel_chars=100, min_part_chars=2000) == 2


@pytest.mark.parametrize(("workers", "chunk_chars"), [(3, None), (2, 9000)])
def test_parts_printed_by_several_processes_are_numbered_throughout(tmp_path, workers,
                                                                    chunk_chars):
    """Three processes with a part each, or two with parts in turns (a process lays out at
    most ``chunk_chars`` at once): one PDF, pages numbered 1..N, every note in order."""
    from parallax.ui import pdf

    doc = ne.build(_library(tmp_path))
    out = tmp_path / "out" / "notes.pdf"
    out.parent.mkdir()
    kw = {"chunk_chars": chunk_chars} if chunk_chars else {}
    pdf.print_pdf(doc, str(out), workers=workers, **kw)
    texts = _page_texts(out)
    assert [t.split()[0] for t in texts] == [str(n) for n in range(1, len(texts) + 1)]
    text = " ".join(t.split(maxsplit=1)[1] for t in texts)
    at = [text.index(f"note number {n} ") for n in range(90)]
    assert at == sorted(at)
    one = tmp_path / "out" / "one.pdf"
    pdf.print_pdf(doc, str(one), workers=1)
    assert text == " ".join(t.split(maxsplit=1)[1] for t in _page_texts(one))  # all of it
    assert "Report 0" in text and "Report 2" in text and "¶ 1" in text and "characters" not in text
    blocks = pdf.blocks_of(doc)
    size = pdf.document_size(blocks)
    parts = pdf._part_count(size, workers, **kw)
    assert parts == (3 if workers == 3 else 2 * -(-size // 18000))
    assert len(pdf.split_blocks(blocks, parts)) == parts
    assert len(texts) - len(_page_texts(one)) in range(parts)  # each part starts a new page
    assert sorted(p.name for p in out.parent.iterdir()) == ["notes.pdf", "one.pdf"]


def test_one_worker_prints_in_this_process(tmp_path, monkeypatch):
    from parallax.ui import pdf

    def no_children(*_a, **_k):
        raise AssertionError("no child process expected")

    monkeypatch.setattr(subprocess, "Popen", no_children)
    out = tmp_path / "notes.pdf"
    pdf.print_pdf(ne.build(_library(tmp_path)), str(out), workers=1, parallel_chars=10)
    assert _page_texts(out)[0].split()[0] == "1"


@pytest.mark.parametrize("when", ["at once", "after laying out"])
def test_a_failing_printing_process_is_one_error_and_leaves_nothing_behind(tmp_path, monkeypatch,
                                                                           when):
    from parallax.ui import pdf

    doc = ne.build(_library(tmp_path))
    failing = tmp_path / "bin" / "python"
    failing.parent.mkdir()
    laid_out = "echo 4\nread first\n" if when == "after laying out" else ""  # pages, first page
    failing.write_text(f"#!/bin/sh\n{laid_out}echo 'Traceback...' >&2\n"
                       "echo 'MemoryError: out of memory' >&2\nexit 3\n")
    failing.chmod(0o755)
    out = tmp_path / "out" / "notes.pdf"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")
    monkeypatch.setattr(sys, "executable", str(failing))
    with pytest.raises(ParallaxError) as err:
        pdf.print_pdf(doc, str(out), workers=2)
    message = str(err.value)
    assert message == f"{out}: a printing process failed (MemoryError: out of memory)"
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in out.parent.iterdir()] == ["notes.pdf"]


def test_unwritable_target_is_one_error(tmp_path):
    from parallax.ui import pdf

    with pytest.raises(ParallaxError, match="cannot write"):
        pdf.print_pdf(ne.build(_library(tmp_path, notes=3)), str(tmp_path / "missing" / "notes.pdf"))
