"""The PDF export written directly (ui/pdf_direct.py) for documents of plain blocks: the
same words as Qt prints, text a reader can extract, lines inside the margins, pages
numbered throughout when two processes lay it out, Qt for text that needs shaping, and
nothing left behind when stopped."""

from __future__ import annotations

import re

import pytest

from parallax.reader.errors import ParallaxError
from parallax.reader.model import Article, Span
from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Library

pytest.importorskip("pypdfium2")

LONG_WORD = "Donaudampfschifffahrtsgesellschaft" * 9  # wider than a line
TEXT = ("The Kremlin said the talks were frank. Кремль заявил, что переговоры были откровенными. "
        "Το Κρεμλίνο είπε ότι οι συνομιλίες ήταν ειλικρινείς. " + LONG_WORD + " ends here.")


def _doc(tmp_path, *, notes: int = 40, extra: str = ""):
    with Library(tmp_path / "lib.db") as lib:
        aid = lib.add_article(Article(TEXT, title="Talks", paragraphs=(Span(0, len(TEXT)),))).id
        for word, note in (("Kremlin", "**Sputnik** calls it *frank*\n\n- one\n- two"),
                           ("Кремль", "Цитата"), ("Κρεμλίνο", "σημείωση"), (LONG_WORD, "")):
            at = TEXT.index(word)
            lib.add_annotation(aid, (at, at + len(word)), tags=["Loaded language"], note=note)
        words = " ".join(f"word{i}" for i in range(notes * 20))
        other = lib.add_text(words, title="Other").id
        for i in range(notes):
            m = re.search(rf"\bword{i * 20}\b", words)
            lib.add_annotation(other, m.span(), tags=["Omission"], note=f"note number {i}{extra}")
        return ne.build(lib.export_data())


def _texts(path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]


def _words(texts: list[str]) -> list[str]:
    """The words of the pages, without the page numbers at their foot (Qt draws them
    first, so its PDF gives them first)."""
    out = []
    for k, t in enumerate(texts, 1):
        words = t.split()
        if words and words[0] == str(k):
            words = words[1:]
        elif words and words[-1] == str(k):
            words = words[:-1]
        out += words
    return out


@pytest.fixture
def direct_used(monkeypatch):
    from parallax.ui import pdf

    calls = []
    write = pdf.pdf_direct.write
    monkeypatch.setattr(pdf.pdf_direct, "write", lambda *a, **kw: calls.append(1) or write(*a, **kw))
    return calls


def test_a_plain_document_is_written_directly_with_the_words_qt_prints(tmp_path, direct_used):
    from parallax.ui import pdf

    doc = _doc(tmp_path)
    pdf.print_pdf(doc, str(tmp_path / "direct.pdf"), workers=1)
    assert direct_used == [1]
    pdf.print_pdf(doc, str(tmp_path / "qt.pdf"), workers=1, direct=False)
    assert direct_used == [1]
    direct, qt = _texts(tmp_path / "direct.pdf"), _texts(tmp_path / "qt.pdf")
    for words in ("Кремль заявил", "Κρεμλίνο είπε", "Sputnik calls it frank", "• one", "note number 39",
                  "■ Loaded language"):
        assert words in " ".join(direct), words
    # the same words in the same order (lines and pages may break elsewhere; the long
    # word is cut where each runs out of line)
    assert "".join(_words(direct)) == "".join(_words(qt))
    assert [t.rsplit(" ", 1)[1] for t in direct] == [str(n) for n in range(1, len(direct) + 1)]


def test_no_line_runs_past_the_margins(tmp_path):
    import pypdfium2 as pdfium

    from parallax.ui import pdf, pdf_direct

    out = tmp_path / "direct.pdf"
    pdf.print_pdf(_doc(tmp_path), str(out), workers=1)
    page = pdfium.PdfDocument(str(out))[0]
    text = page.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    right = pdf_direct.PAGE_W - pdf_direct.RIGHT
    assert boxes and max(b[2] for b in boxes) <= right + 0.5
    assert min(b[0] for b in boxes if b[2] > b[0]) >= pdf_direct.LEFT - 0.5
    assert LONG_WORD[:30] in text.get_text_range().replace("\r\n", "").replace("\n", "")


def test_two_processes_number_the_pages_throughout_and_keep_the_order(tmp_path, direct_used):
    from parallax.ui import pdf

    doc = _doc(tmp_path, notes=400)
    out = tmp_path / "out" / "notes.pdf"
    out.parent.mkdir()
    pdf.print_pdf(doc, str(out), workers=2)
    assert direct_used == [1]
    texts = _texts(out)
    assert [t.rsplit(" ", 1)[1] for t in texts] == [str(n) for n in range(1, len(texts) + 1)]
    whole = " ".join(texts)
    at = [whole.index(f"note number {i} ") for i in range(399)]
    assert at == sorted(at)
    pdf.print_pdf(doc, str(tmp_path / "one.pdf"), workers=1)
    assert "".join(_words(texts)) == "".join(_words(_texts(tmp_path / "one.pdf")))
    assert [p.name for p in out.parent.iterdir()] == ["notes.pdf"]


def test_text_that_needs_shaping_goes_through_qt(tmp_path, direct_used):
    from parallax.ui import pdf

    doc = _doc(tmp_path, notes=3, extra=" ملاحظة")
    pdf.print_pdf(doc, str(tmp_path / "notes.pdf"), workers=2)
    assert direct_used == []
    assert "note number 2" in " ".join(_texts(tmp_path / "notes.pdf"))


@pytest.mark.parametrize("workers", [1, 2])
def test_stopping_leaves_nothing_behind(tmp_path, workers):
    from parallax.ui import pdf

    class Stop(Exception):
        pass

    def progress(share):
        if share > 0.2:
            raise Stop

    out = tmp_path / "out" / "notes.pdf"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")
    with pytest.raises(Stop):
        pdf.print_pdf(_doc(tmp_path, notes=400), str(out), workers=workers, progress=progress)
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in out.parent.iterdir()] == ["notes.pdf"]


def test_a_failing_layout_process_is_one_error(tmp_path, monkeypatch):
    import sys

    from parallax.ui import pdf

    failing = tmp_path / "bin" / "python"
    failing.parent.mkdir()
    failing.write_text("#!/bin/sh\necho 'MemoryError: out of memory' >&2\nexit 3\n")
    failing.chmod(0o755)
    doc = _doc(tmp_path, notes=40)
    monkeypatch.setattr(sys, "executable", str(failing))
    out = tmp_path / "out" / "notes.pdf"
    out.parent.mkdir()
    with pytest.raises(ParallaxError) as err:
        pdf.print_pdf(doc, str(out), workers=2)
    assert str(err.value) == f"{out}: a printing process failed (MemoryError: out of memory)"
    assert list(out.parent.iterdir()) == []
