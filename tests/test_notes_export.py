"""Exports: Markdown, CSV (formula neutralising), W3C JSON round trip, HTML escaping."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.reader.errors import InputError
from parallax.reader.model import Article
from parallax.reader.notes import codebook
from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Library
from tests.conftest import Tags

LEFT = ("Biden warned Putin of strong economic measures. The call lasted two hours. "
        "The Kremlin called the talks frank and businesslike.")
RIGHT = ("Putin and Biden spoke for two hours. Moscow described the talks as frank. "
         "Washington threatened sanctions.")
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _populate(lib: Library) -> dict:
    left = lib.add_article(Article(text=LEFT, title="Left <b>story</b>", outlet="Outlet & Co",
                                   published="2021-12-07", byline="A. Writer",
                                   credits=("Reuters",))).id
    right = lib.add_article(Article(text=RIGHT, title="Right story", outlet="Other")).id
    cmp = lib.open_comparison(left, right).id
    lib.save_view_state(cmp, {"left": 10, "right": 3})
    lib.add_tag("Sub-framing", parent="Framing", colour="#112233", description="nested")
    a1 = lib.add_annotation(left, lib.locate_quote(left, "strong economic measures"),
                            tags=["Loaded language", "Sub-framing"], note="**hint**\n\nat sanctions",
                            comparison_id=cmp).id
    a2 = lib.add_annotation(right, lib.locate_quote(right, "threatened sanctions"),
                            tags=["Omission"], comparison_id=cmp).id
    a3 = lib.add_annotation(left, lib.locate_quote(left, "frank and businesslike"),
                            note="not in a comparison").id
    lib.add_link(a1, a2, "reframes", note="measures -> sanctions", comparison_id=cmp)
    lib.add_link(a3, a2, "a custom relation")
    lib.add_note("The pair, in short.", comparison_id=cmp)
    lib.add_note("About the left article.", article_id=left)
    return {"left": left, "right": right, "cmp": cmp, "a1": a1, "a2": a2, "a3": a3}


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


def _stable(doc: dict) -> dict:
    """The export minus what differs between two runs (its own id and time)."""
    doc = dict(doc)
    doc.pop("id")
    doc.pop("generated")
    # The starter tags exist in every library, each with its own creation time.
    doc["parallax:tags"] = [{k: v for k, v in t.items() if k != "created"}
                            for t in doc["parallax:tags"]]
    return doc


def test_json_is_w3c_web_annotation(lib):
    ids = _populate(lib)
    doc = json.loads(ne.to_json(lib.export_data()))
    # the Web Annotation context first, then Parallax's (issue #17: a JSON-LD processor
    # keeps the parallax: terms)
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    assert doc["total"] == len(items)
    a1 = next(i for i in items if i["id"] == "urn:uuid:" + lib.annotation(ids["a1"]).uuid)
    assert a1["type"] == "Annotation" and a1["motivation"] == "commenting"
    sel = {s["type"]: s for s in a1["target"]["selector"]}
    assert sel["TextQuoteSelector"]["exact"] == "strong economic measures"
    assert sel["TextQuoteSelector"]["prefix"] == LEFT[: LEFT.index("strong")][-32:]
    assert sel["TextPositionSelector"] == {"type": "TextPositionSelector",
                                           "start": LEFT.index("strong"),
                                           "end": LEFT.index("strong") + 24}
    tagging = [b["value"] for b in a1["body"] if b["purpose"] == "tagging"]
    assert tagging == ["Loaded language", "Sub-framing"]
    assert next(b for b in a1["body"] if b["purpose"] == "commenting")["format"] == "text/markdown"
    links = [i for i in items if i["motivation"] == "linking"]
    assert len(links) == 2 and all(len(i["target"]) == 2 for i in links)


def test_export_import_round_trip_is_lossless(lib, tmp_path):
    _populate(lib)
    first = json.loads(ne.to_json(lib.export_data()))
    with Library(tmp_path / "fresh.db") as fresh:
        ch = fresh.import_data(ne.from_json(json.dumps(first)))
        assert ch.count == 3
        second = json.loads(ne.to_json(fresh.export_data()))
        assert _stable(second) == _stable(first)
        # Importing again adds nothing.
        assert fresh.import_data(ne.from_json(json.dumps(first))).count == 0
        assert fresh.count_annotations() == 3
        # and the records are usable: view state, tag tree, links, notes
        (cm,) = fresh.comparisons()
        assert cm.view_state == {"left": 10, "right": 3}
        sub = fresh.tag("Sub-framing")
        assert (sub.colour, sub.description, fresh.tag(sub.parent_id).name) == \
            ("#112233", "nested", "Framing")
        assert {ln.relation for ln in fresh.links()} == {"reframes", "a custom relation"}
        assert {n.body for n in fresh.notes()} == {"The pair, in short.", "About the left article."}
        assert fresh.load_article(1).credits == ("Reuters",)
        assert fresh.tag("Sub-framing").created == lib.tag("Sub-framing").created


def test_import_into_a_library_that_already_has_the_articles(lib, tmp_path):
    _populate(lib)
    doc = ne.to_json(lib.export_data())
    with Library(tmp_path / "other.db") as other:
        # the same texts, added independently (other uuids): matched by content
        other.add_article(Article(text=LEFT))
        other.add_article(Article(text=RIGHT))
        other.import_data(ne.from_json(doc))
        assert len(other.articles()) == 2
        assert other.count_annotations() == 3


def test_import_rejects_what_is_not_an_export():
    for bad in ("not json", "42", '{"type": "Annotation", "target": {}}',
                '{"type": "Annotation", "target": {"source": "urn:uuid:x", "selector": []}}',
                '{"first": {"items": [{"id": "a", "target": {"source": "s", "selector": '
                '[{"type": "TextQuoteSelector"}]}}]}}'):
        with pytest.raises(InputError, match=r"x\.json"):
            ne.from_json(bad, source="x.json")
    assert ne.from_json("[1, 2]").annotations == ()


def test_csv_neutralises_formulas(lib):
    text = "=SUM(A1:A9) is not a formula here. +1 -2 @cmd text and more words"
    a = lib.add_article(Article(text=text, title="=HYPERLINK(\"http://evil\",\"click\")")).id

    def at(q):
        return (text.index(q), text.index(q) + len(q))

    lib.add_annotation(a, at("=SUM(A1:A9)"), tags=["+tag"], note="=1+1")
    lib.add_annotation(a, at("-2"), note="-2 is negative")
    lib.add_annotation(a, at("@cmd"), note="\tTabbed")
    lib.add_annotation(a, at("+1"), note="\rreturn")
    lib.add_annotation(a, at("and more"), note="  =cmd|' /C calc'!A0")
    out = ne.to_csv(lib.export_data())
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    by_quote = {r["quote"]: r for r in rows}
    first = by_quote["'=SUM(A1:A9)"]
    assert (first["note"], first["tags"]) == ("'=1+1", "'+tag")
    assert first["article_title"].startswith("'=HYPERLINK")
    # issue #17: a number ("-2", "+1") is no formula and stays as it is; text after it is guarded
    assert by_quote["-2"]["note"] == "'-2 is negative"
    assert by_quote["'@cmd"]["note"] == "'\tTabbed"
    assert by_quote["+1"]["note"] == "'\rreturn"
    assert by_quote["and more"]["note"] == "'  =cmd|' /C calc'!A0"
    # every text cell a spreadsheet could evaluate starts with the quote
    for r in rows:
        for k, v in r.items():
            if k in ("annotation_id", "article_id", "start", "end") or v in ("-2", "+1"):
                continue
            assert not v.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (k, v)
    assert ne.neutralise_cell("plain") == "plain" and ne.neutralise_cell(5) == 5
    assert ne.neutralise_cell("\uff1dcmd") == "'\uff1dcmd"


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [k for k, _ in attrs]


def test_html_escapes_every_user_string(lib):
    a = lib.add_article(Article(text="Some text with a passage to note here.", title=EVIL,
                                outlet=EVIL, byline=EVIL, credits=(EVIL,))).id
    b = lib.add_article(Article(text="Another text here.", title="B")).id
    cmp = lib.open_comparison(a, b).id
    lib.rename_comparison(cmp, EVIL)
    lib.add_tag(EVIL)
    x = lib.add_annotation(a, (17, 24), tags=[EVIL], note=EVIL + "\n\n" + EVIL, comparison_id=cmp).id
    y = lib.add_annotation(b, (0, 7), comparison_id=cmp).id
    lib.add_link(x, y, EVIL, note=EVIL, comparison_id=cmp)
    lib.add_note(EVIL, article_id=a)
    lib.add_note(EVIL, comparison_id=cmp)
    # the HTML export; the PDF is printed from the typed document, whose text is never markup
    page = ne.to_html(lib.export_data(), title=EVIL)
    parsed = _Elements()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [k for k in parsed.attrs if k.startswith("on")]
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert page.count("&lt;script&gt;") >= 8
    # self-contained: no external resource
    assert "src=" not in page.replace("src=x", "") and "http://" not in page
    assert "https://" not in page
    doc = ne.build(lib.export_data(), title=EVIL)
    (passage,) = [p for sec in doc.sections for p in sec.passages if p.tags]
    assert doc.title == EVIL and passage.note == EVIL + "\n\n" + EVIL
    assert [t.name for t in passage.tags] == [EVIL] and passage.links[0].relation == EVIL
    assert [n.body for sec in doc.sections for n in sec.notes] == [EVIL, EVIL]


def test_markdown_groups_by_comparison_and_article(lib):
    _populate(lib)
    md = ne.to_markdown(lib.export_data())
    assert md.index("## Comparison:") < md.index("### Left: Left \\<b\\>story\\</b\\>")
    assert md.index("### Left:") < md.index("### Right: Right story") < md.index("## Articles")
    assert "> strong economic measures" in md
    assert "Tags: **Loaded language**, **Sub-framing**" in md
    assert "*reframes* → ¶ 1: “threatened sanctions”" in md
    assert "Outlet & Co · 2021-12-07 · A. Writer · credits: Reuters" in md
    assert "The pair, in short." in md and "About the left article." in md
    assert "not in a comparison" in md.split("## Articles")[1]


def test_scoped_exports(lib):
    ids = _populate(lib)
    by_tag = lib.export_data(tag="Framing")  # includes the sub-tag
    assert [a.id for a in by_tag.annotations if "Sub-framing" in a.tags] == [ids["a1"]]
    # the linked passage comes along so the link is complete
    assert {a.id for a in by_tag.annotations} == {ids["a1"], ids["a2"]}
    assert by_tag.notes == ()
    by_article = lib.export_data(article_id=ids["right"])
    assert {a.article_id for a in by_article.annotations} >= {ids["right"]}
    by_cmp = lib.export_data(comparison_id=ids["cmp"])
    assert {n.body for n in by_cmp.notes} == {"The pair, in short.", "About the left article."}
    assert len(by_cmp.comparisons) == 1
    for data in (by_tag, by_article, by_cmp):
        for fmt in ("md", "csv", "json", "html"):
            assert ne.render(data, fmt)
        again = ne.from_json(ne.to_json(data))
        assert {a.uuid for a in again.annotations} == {a.uuid for a in data.annotations}


def test_orphans_survive_export_and_import(lib, tmp_path):
    a = lib.add_article(Article(text=LEFT)).id
    ann = lib.add_annotation(a, lib.locate_quote(a, "The call lasted two hours."), note="gone").id
    lib.update_article(a, Article(text="Completely rewritten: nothing of the old words remains."))
    assert lib.annotation(ann).orphaned
    doc = ne.to_json(lib.export_data())
    assert '"parallax:orphaned": true' in doc
    with Library(tmp_path / "x.db") as other:
        other.import_data(ne.from_json(doc))
        (o,) = other.orphans()
        assert o.exact == "The call lasted two hours." and o.note == "gone"


def test_codebook_csv_and_qdc_round_trip(lib, tmp_path):
    lib.add_tag("=Danger", colour="#abcdef", parent="Framing", description="formula-like")
    csv_text = codebook.to_csv(lib.tags())
    assert "'=Danger" in csv_text
    qdc = codebook.to_qdc(lib.tags())
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in qdc
    for text, name in ((csv_text, "cb.csv"), (qdc, "cb.qdc")):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        with Library(tmp_path / f"{name}.db") as other:
            other.import_codebook_file(p)
            t = other.tag("=Danger")
            assert (t.colour, t.description, other.tag(t.parent_id).name) == \
                ("#ABCDEF", "formula-like", "Framing")
            assert [x.name for x in other.tags()] == [x.name for x in lib.tags()]
    bad = tmp_path / "bad.qdc"
    bad.write_text('<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>')
    with pytest.raises(InputError):
        lib.import_codebook_file(bad)
    with pytest.raises(InputError):
        codebook.from_csv("colour\n#000000\n")


_any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(_any_text, min_size=1, max_size=4),
       tags=st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
                             min_size=1, max_size=12), max_size=3))
def test_json_round_trip_of_arbitrary_notes_and_tags(tmp_path_factory, notes, tags):
    d = tmp_path_factory.mktemp("rt")
    text = "Arbitrary article text, long enough for a few passages to be annotated in it."
    with Library(d / "a.db") as src:
        a = src.add_article(Article(text=text)).id
        for i, note in enumerate(notes):
            src.add_annotation(a, (i, i + 5 + i), tags=tags, note=note)
        first = json.loads(ne.to_json(src.export_data()))
        rows = list(csv.DictReader(io.StringIO(ne.to_csv(src.export_data()))))
        assert [r["note"] for r in rows] == [ne.neutralise_cell(x.note) for x in src.annotations()]
    with Library(d / "b.db") as dst:
        dst.import_data(ne.from_json(json.dumps(first)))
        second = json.loads(ne.to_json(dst.export_data()))
        assert _stable(second)["first"] == _stable(first)["first"]
        assert [x.note for x in dst.annotations()] == [n for n in notes]


def test_plain_w3c_annotations_on_a_stored_file_are_imported(lib, tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(LEFT, encoding="utf-8")
    aid = lib.add_file(f).id
    start = LEFT.index("frank")
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:uuid:5d1c1f2e-58a4-4b5a-9d0e-2b6f7c1d9e01",
        "body": [{"type": "TextualBody", "value": "from another tool"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "Framing"}],
        "target": {"source": f"file://{f.resolve()}",
                   "selector": [{"type": "TextQuoteSelector", "exact": "frank",
                                 "prefix": "the talks ", "suffix": " and businesslike"}]},
    }
    lib.import_data(ne.from_json(json.dumps(doc)))
    (a,) = lib.annotations()
    assert (a.article_id, a.start, a.note, a.tags) == (aid, start, "from another tool", ("Framing",))


# Vectors from the OWASP XSS Filter Evasion Cheat Sheet, and the Markdown ways to a link.
XSS_VECTORS = (
    "<script>alert('XSS')</script>",
    '<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>',
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "<svg/onload=alert('XSS')>",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<details open ontoggle=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](javascript:alert(1) \"title\")",
    "![img](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "[ref]: javascript:alert(1)\n\n[ref]",
    "[ref2]:\n  javascript:alert(1)\n\n[ref2]",
    "> [ref3]: javascript:alert(1)\n\n[ref3]",
    "`a\nb` <script>alert(1)</script> `c`",
    "\\`<script>alert(1)</script>`",
    "``` a`b\n<script>alert(1)</script>",
    "```\n<b>in an open fence</b>",
    "a\r<script>alert(1)</script>",
)
_MARKDOWN_TAGS = {"p", "a", "img", "em", "strong", "code", "pre", "blockquote", "h1", "h2", "h3",
                  "h4", "h5", "h6", "ul", "ol", "li", "hr", "br"}


def test_markdown_export_renders_no_html_and_no_unsafe_link_from_notes(lib):
    """Issue #18: a note's Markdown rendered with raw HTML on gives neither HTML nor links
    other than http(s) (the renderer's own link check is switched off to prove it)."""
    from markdown_it import MarkdownIt

    a = lib.add_article(Article(text=LEFT, title="Left")).id
    b = lib.add_article(Article(text=RIGHT, title="Right")).id
    cmp = lib.open_comparison(a, b).id
    for i, vector in enumerate(XSS_VECTORS):
        lib.add_annotation(a, (i, i + 3), note=vector)
    lib.add_note("\n\n".join(XSS_VECTORS), article_id=a)
    lib.add_note("\n\n".join(XSS_VECTORS), comparison_id=cmp)
    ok = lib.add_annotation(b, (0, 5), note="[the source](https://example.org/a?b=1) and "
                                            "<https://example.org/c> and [top](#top)").id
    lib.add_link(ok, 1, "same fact", note="\n\n".join(XSS_VECTORS))
    md = ne.to_markdown(lib.export_data())
    renderer = MarkdownIt("commonmark", {"html": True})
    renderer.validateLink = lambda url: True
    page = renderer.render(md)
    parsed = Tags.of(page)
    assert set(parsed.tags) <= _MARKDOWN_TAGS, set(parsed.tags) - _MARKDOWN_TAGS
    assert not [k for k, _ in parsed.attrs if k.startswith("on") or k in ("style", "srcset")]
    targets = [v for k, v in parsed.attrs if k in ("href", "src")]
    assert [t for t in targets if not t.startswith(("https://", "http://", "#"))] == []
    assert set(targets) == {"https://example.org/a?b=1", "https://example.org/c", "#top"}
    assert "<script" not in page.lower() and "<b>in an open fence" not in page
    # what the notes said is still there to read
    assert page.count("alert(1)") >= 20 and "&lt;script&gt;" in page
    assert "<code>&lt;b&gt;in an open fence&lt;/b&gt;" in page


def test_import_validates_every_selector_and_reports_each(lib, tmp_path):
    """Issue #18: offsets outside the text, empty ranges, empty or wrong quotes are never
    stored: the passage is found again by its quote or kept as an orphan, and each one
    gets a notice naming it and what was wrong."""
    a = lib.add_article(Article(text=LEFT, title="Left")).id
    doc = json.loads(ne.to_json(lib.export_data()))
    source = doc["parallax:articles"][0]["id"]
    n = len(LEFT)

    def item(uid, exact, start, end):
        return {"id": f"urn:uuid:{uid}", "type": "Annotation", "motivation": "highlighting",
                "target": {"source": source, "selector": [
                    {"type": "TextQuoteSelector", "exact": exact},
                    {"type": "TextPositionSelector", "start": start, "end": end}]}}

    tail = LEFT[-9:-1]  # what Python's negative slicing reads at [-9, -1)
    at = LEFT.index("two hours")
    doc["first"]["items"] = [
        item("00000000-0000-4000-8000-000000000001", tail, -9, -1),
        item("00000000-0000-4000-8000-000000000002", "", 5, 5),
        item("00000000-0000-4000-8000-000000000003", "two hours", 5, 5),
        item("00000000-0000-4000-8000-000000000004", "two hours", n + 10, n + 19),
        item("00000000-0000-4000-8000-000000000005", "not in this text at all", 0, 23),
        item("00000000-0000-4000-8000-000000000006", "two hours", 0, 9),
        item("00000000-0000-4000-8000-000000000007", "two hours", at, at + 9),
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    ch = lib.import_data(ne.read_json_file(path))
    assert ch.count == 7
    stored = {x.uuid[-1]: x for x in lib.annotations(article_id=a)}
    for x in stored.values():
        assert 0 <= x.start < x.end <= n, x
        assert x.orphaned or LEFT[x.start:x.end] == x.exact, x
    assert (stored["1"].start, stored["1"].end, stored["1"].orphaned) == (n - 9, n - 1, False)
    assert stored["2"].orphaned and stored["5"].orphaned
    assert [(stored[k].start, stored[k].orphaned) for k in "3467"] == [(at, False)] * 4
    assert len(ch.notices) == 6 and not any(x.endswith("7)") for x in ch.notices)
    by_uuid = {x.split("(", 2)[1].split(")")[0][-1]: x for x in ch.notices}
    assert "offsets [-9, -1) are outside the text" in by_uuid["1"] and "re-anchored" in by_uuid["1"]
    assert "quote is empty" in by_uuid["2"] and "orphan" in by_uuid["2"]
    assert "empty range" in by_uuid["3"] and f"re-anchored by its quote at [{at}, {at + 9})" in by_uuid["3"]
    assert "does not read at [0, 23)" in by_uuid["5"] and "not in the text" in by_uuid["5"]
    assert "does not read at [0, 9)" in by_uuid["6"]
