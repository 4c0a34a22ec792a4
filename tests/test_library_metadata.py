"""One report from two files: the copy that states more metadata is not lost to a poorer one
(#16 item 4: a dropped .html's outlet, date and byline survived an earlier .txt copy)."""

from __future__ import annotations

import pytest

from parallax.reader.notes.library import Library

BODY = ("Officials in Kyiv said on Tuesday that talks with Moscow had stalled after two days of "
        "meetings in Geneva.",
        "The delegation left without a joint statement, according to three people familiar "
        "with the talks.",
        "Ministers will meet again next month, the foreign ministry said in a brief note.")


@pytest.fixture
def copies(tmp_path):
    txt = tmp_path / "report.txt"
    txt.write_text("Talks stall in Geneva\n\n" + "\n\n".join(BODY) + "\n", encoding="utf-8")
    page = tmp_path / "report.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Talks stall in Geneva</title>"
        '<meta property="og:site_name" content="The Daily Ledger">'
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
        "</head><body><article><h1>Talks stall in Geneva</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>", encoding="utf-8")
    return txt, page


def test_a_richer_copy_of_a_stored_text_brings_its_metadata(tmp_path, copies):
    txt, page = copies
    with Library(tmp_path / "lib.db") as lib:
        first = lib.articles.add_file(txt)
        assert lib.article(first.id).outlet is None
        again = lib.articles.add_file(page)
        assert again.id == first.id and not again.created  # one text, stored once
        info = lib.article(first.id)
        assert (info.outlet, info.byline, info.published[:10]) == (
            "The Daily Ledger", "Jane Roe", "2024-03-05")
        assert info.title == "Talks stall in Geneva"
        assert lib.articles.load(first.id).outlet == "The Daily Ledger"
        lib.undo()  # one step, undone as one
        assert lib.article(first.id).outlet is None


def test_a_poorer_copy_never_takes_metadata_away(tmp_path, copies):
    txt, page = copies
    with Library(tmp_path / "lib.db") as lib:
        first = lib.articles.add_file(page)
        again = lib.articles.add_file(txt)
        assert again.id == first.id
        info = lib.article(first.id)
        assert (info.outlet, info.byline, info.published[:10]) == (
            "The Daily Ledger", "Jane Roe", "2024-03-05")
