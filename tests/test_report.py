"""Markdown and HTML reports: complete, readable, and every article string escaped."""

from __future__ import annotations

import re

from parallax.reader.comparison.engine import compare
from parallax.reader.ingest.article import from_text, load
from parallax.reader.comparison.report import to_html, to_markdown
from tests.conftest import seed

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _evil_pair():
    base = ("The agency said the new bridge across the river would open to traffic in spring "
            "after three years of work.")
    left = from_text(f"{base} {EVIL} “purported” plan.", source=f"left{EVIL}.txt")
    right = from_text(f"{base} Critics called it a “so-called” {EVIL} success.", source="right.txt")
    return compare(left, right)


def test_html_is_self_contained_and_escaped():
    page = to_html(_evil_pair())
    assert "<script>" not in page and "<img" not in page
    assert "&lt;" in page and "onerror" in page  # shown as text, escaped
    assert not re.search(r"(src|href)=\"https?:", page)  # no external resources
    assert "<style>" in page and "legend" in page


def test_html_highlights_cover_the_texts():
    c = compare(load(seed("003")), load(seed("004")))
    page = to_html(c)
    for cls in ("v", "p", "u", "m-scare-quote", "m-hedge", "m-naming"):
        assert f'class="{cls}' in page or f" {cls}\"" in page or f" {cls} " in page
    # the texts survive, escaped, in full
    import html as h

    stripped = h.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Kiev fails to fulfill the relevant Minsk agreements" in stripped


def test_markdown_report_sections_and_escaping():
    md = to_markdown(_evil_pair())
    for heading in ("## Summary", "## Verbatim shared passages", "## Paraphrased sentences",
                    "## Facts", "## Framing", "## Voices"):
        assert heading in md
    assert "<script>" not in md
    c = compare(load(seed("003")), load(seed("004")))
    md = to_markdown(c)
    assert "scare-quote" in md and "Kiev" in md
