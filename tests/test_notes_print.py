"""The print HTML (what the PDF is laid out from) keeps the words of a passage apart from its context."""

from __future__ import annotations

import re

from reader import notes_export as ne
from reader.library import Library
from reader.model import Article, Span


def test_context_and_quote_stay_separate_words(tmp_path):
    lib = Library(tmp_path / "lib.db")
    text = "Kremlin spokesman Dmitry Peskov confirmed the online meeting on Thursday."
    art = lib.add_article(Article(text=text, paragraphs=(Span(0, len(text)),), title="T")).id
    start = text.index("Dmitry")
    lib.add_annotation(art, Span(start, start + len("Dmitry Peskov")), tags=["Shared fact"])
    html = ne.to_print_html(lib.export_data())
    plain = re.sub(r"<[^>]+>", "", html)
    assert "spokesman Dmitry Peskov confirmed" in plain
