"""Markdown and HTML reports: complete, readable, and every article string escaped."""

from __future__ import annotations

import re

from parallax.reader.comparison.engine import compare
from parallax.reader.comparison.report import to_html, to_markdown
from parallax.reader.ingest.article import from_text, load
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


def _highlighted(page: str, pane: int) -> dict[str, list[str]]:
    """The text each class wraps in one pane of the HTML report (legend left out)."""
    import html as h

    body = page.split('<div class="pane"', 3)[pane + 1].split("</div>", 1)[0]
    out: dict[str, list[str]] = {}
    for classes, chunk in re.findall(r'<span class="([^"]+)"[^>]*>([^<]*)</span>', body):
        for cls in classes.split():
            out.setdefault(cls, []).append(h.unescape(chunk))
    return out


def test_html_highlights_cover_the_texts():
    # every marker, unsure ones too (as --all-markers): the report must draw each kind it is given
    c = compare(load(seed("003")), load(seed("004")), unsure_markers=True)
    page = to_html(c)
    left, right = _highlighted(page, 0), _highlighted(page, 1)
    # each highlight class wraps real text in the panes, not just the legend
    for cls in ("v", "u", "m-scare-quote", "m-naming"):
        assert left.get(cls) or right.get(cls), cls
    # verbatim runs are text both sides carry; naming marks the name, not a stray piece
    # (runs are bridged across small edits, so "carried" means a near-exact partial match)
    from rapidfuzz import fuzz

    long_runs = [chunk.strip() for chunk in left["v"] if len(chunk.strip()) > 20]
    assert long_runs
    assert all(fuzz.partial_ratio(chunk, c.right.text) >= 90 for chunk in long_runs)
    assert not all(fuzz.partial_ratio(chunk, c.right.text) >= 90 for chunk in left.get("u", ["zzzz qqqq"]))
    assert "Kiev" in "".join(left.get("m-naming", []) + right.get("m-naming", []))
    # a report with nothing shared paints no verbatim text
    bare = _highlighted(to_html(compare("Alpha beta gamma delta.", "Epsilon zeta eta theta.")), 0)
    assert "v" not in bare
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
    # every marker, unsure ones too (as --all-markers): the report must draw each kind it is given
    c = compare(load(seed("003")), load(seed("004")), unsure_markers=True)
    md = to_markdown(c)
    assert "scare-quote" in md and "Kiev" in md
