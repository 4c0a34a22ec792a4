"""W3C Web Annotation JSON-LD read by a JSON-LD processor, Hypothesis imports, and the
two CSV flavours (issue #17, items 4 to 6)."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest

from parallax.reader.cli import run as cli
from parallax.reader.model import Article
from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Library
from parallax.reader.notes.w3c import ANNO_CONTEXT, PARALLAX_NS
from tests.test_notes_export import LEFT, RIGHT, _populate

ANNO = json.loads((Path(__file__).parent / "data" / "w3c" / "anno.jsonld").read_text(encoding="utf-8"))


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


def _offline_loader(url, options=None):
    """pyld's document loader, serving the Web Annotation context from tests/data/w3c."""
    if url.rstrip("/").removeprefix("https://").removeprefix("http://") == "www.w3.org/ns/anno.jsonld":
        return {"contextUrl": None, "documentUrl": url, "document": ANNO}
    raise AssertionError(f"the test asked for {url}")


def _parallax_keys(doc):
    """Every (path, value) under a parallax: key, anywhere in ``doc``."""
    out = []

    def walk(v, path, inside):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, f"{path}/{k}", inside or k.startswith("parallax:"))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{path}/{i}", inside)
        elif inside:
            out.append((path, v))

    walk(doc, "", False)
    return out


def test_a_json_ld_processor_keeps_every_parallax_term(lib):
    from pyld import jsonld

    _populate(lib)
    doc = json.loads(ne.to_json(lib.export_data()))
    assert doc["@context"][0] == ANNO_CONTEXT
    options = {"documentLoader": _offline_loader}
    expanded = jsonld.expand(copy.deepcopy(doc), options)
    flat = json.dumps(expanded)
    for term in ("articles", "tags", "comparisons", "relations", "version", "positions", "counts",
                 "kind", "comparison", "segments", "viewState", "contentHash"):
        assert f'"{PARALLAX_NS}{term}"' in flat, term
    assert LEFT in flat and "Outlet & Co" in flat  # an article's text and outlet survive
    # Compacted again with the same context, every value under a parallax: key is back.
    back = jsonld.compact(expanded, {"@context": doc["@context"]}, options)
    want = {(p, v) for p, v in _parallax_keys(doc) if v is not None}
    got = set(_parallax_keys({k: v for k, v in back.items()}))
    missing = {p for p, _ in want} - {p for p, _ in got}
    assert not missing, sorted(missing)[:5]
    assert {p: v for p, v in got if p in dict(want)} == dict(want)


def test_the_export_says_what_positions_count_and_names_no_folder(lib, tmp_path):
    f = tmp_path / "private" / "story.txt"
    f.parent.mkdir()
    f.write_text(LEFT, encoding="utf-8")
    a = lib.add_file(f).id
    web = lib.add_article(Article(text=RIGHT, path="https://example.org/right")).id
    lib.add_annotation(a, lib.locate_quote(a, "frank"))
    lib.add_annotation(web, lib.locate_quote(web, "sanctions"))
    doc = json.loads(ne.to_json(lib.export_data()))
    assert "cleaned text" in doc["parallax:positions"]
    assert all(i["target"]["parallax:counts"] == "cleaned-text" for i in doc["first"]["items"])
    assert {x["source"] for x in doc["parallax:articles"]} == {"story.txt", "https://example.org/right"}
    for text in (ne.to_json(lib.export_data()), ne.render(lib.export_data(), "csv"),
                 ne.render(lib.export_data(), "csv-plain"), ne.to_qdpx(lib.export_data()).hex()):
        assert str(f.parent) not in text and str(f.parent).encode().hex() not in text
    full = json.loads(ne.to_json(lib.export_data(), full_paths=True))
    assert str(f.resolve()) in {x["source"] for x in full["parallax:articles"]}
    assert cli(["notes", "export", "--format", "json", "--full-paths", "--db", str(lib.path)]) == 0


# ---------------------------------------------------------------- Hypothesis

URL = "https://news.example.com/2021/12/07/biden-putin-call"


def _row(i, quote, *, uri=URL, text="", tags=(), prefix="", suffix="", start=0, **extra):
    sel = [{"type": "RangeSelector", "startContainer": "/main[1]/p[2]", "startOffset": 0,
            "endContainer": "/main[1]/p[2]", "endOffset": 9},
           {"type": "TextPositionSelector", "start": start, "end": start + len(quote)},
           {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix}]
    return {"id": f"Hyp{i:03d}aaaaBBBBccc", "created": "2021-12-08T10:00:00.000000+00:00",
            "updated": "2021-12-08T10:05:00.000000+00:00", "user": "acct:dana@hypothes.is",
            "uri": uri, "text": text, "tags": list(tags), "group": "__world__",
            "permissions": {"read": ["group:__world__"]},
            "target": [{"source": uri, "selector": sel if quote else []}],
            "document": {"title": ["Biden warns Putin"]},
            "links": {"html": f"https://hypothes.is/a/Hyp{i:03d}", "incontext": "https://hyp.is/x"},
            "user_info": {"display_name": "Dana"}, "flagged": False, "hidden": False, **extra}


def test_hypothesis_api_export_is_placed_by_url_and_by_quote(lib, tmp_path, capsys):
    on_page = lib.add_article(Article(text=LEFT, title="Left", path=URL)).id
    elsewhere = lib.add_article(Article(text=RIGHT, title="Right")).id
    rows = [
        _row(1, "strong economic\n measures", text="**measures**", tags=["Loaded language"],
             prefix="Biden warned Putin of ", suffix=". The call", start=412),
        _row(2, "threatened sanctions", uri="https://other.example.org/story", tags=["Omission"]),
        _row(3, "words that no article has", text="lost"),
        _row(4, "", text="A note on the whole page"),
        _row(5, "", text="a reply", references=["Hyp001aaaaBBBBccc"]),
    ]
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps({"total": len(rows), "rows": rows}), encoding="utf-8")
    assert cli(["notes", "import", str(path), "--db", str(lib.path)]) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith("imported 2 annotations (0 already present)")
    err = cap.err.splitlines()
    assert any("other.example.org" in x and "placed by its quote on 'Right'" in x for x in err)
    assert any("'words that no article has'" in x and "left out" in x for x in err)
    assert any("reply" in x for x in err) and len(err) == 3
    got = {a.article_id: a for a in lib.annotations()}
    a1, a2 = got[on_page], got[elsewhere]
    assert (a1.exact, a1.note, a1.tags) == ("strong economic measures", "**measures**",
                                           ("Loaded language",))
    assert LEFT[a1.start:a1.end] == a1.exact and RIGHT[a2.start:a2.end] == "threatened sanctions"
    assert a1.created.startswith("2021-12-08T10:00:00")
    assert [n.body for n in lib.notes()] == ["A note on the whole page"]
    # again: nothing new, and not an error
    assert cli(["notes", "import", str(path), "--db", str(lib.path)]) == 0
    assert "imported 0 annotations (2 already present)" in capsys.readouterr().out


def test_hypothesis_w3c_json_ld_is_imported(lib, tmp_path, capsys):
    lib.add_article(Article(text=LEFT, title="Left", path=URL))
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation", "id": "https://hypothes.is/a/Hyp001aaaaBBBBccc",
        "created": "2021-12-08T10:00:00.000000+00:00", "modified": "2021-12-08T10:05:00.000000+00:00",
        "creator": "acct:dana@hypothes.is",
        "body": [{"type": "TextualBody", "value": "frank?", "format": "text/markdown"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "Framing"}],
        "target": [{"source": URL + "#main", "selector": [
            {"type": "TextQuoteSelector", "exact": "frank and businesslike",
             "prefix": "the talks ", "suffix": "."},
            {"type": "TextPositionSelector", "start": 901, "end": 923}]}],
    }
    path = tmp_path / "one.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert cli(["notes", "import", str(path), "--db", str(lib.path)]) == 0
    assert capsys.readouterr().out.startswith("imported 1 annotation ")
    (a,) = lib.annotations()
    assert (a.exact, a.note, a.tags) == ("frank and businesslike", "frank?", ("Framing",))


def test_importing_nothing_is_an_error(lib, tmp_path, capsys):
    lib.add_article(Article(text=LEFT, title="Left"))
    cases = {
        "nowhere.json": {"rows": [_row(1, "not in any article", uri="https://x.example/a")]},
        "empty.json": {"total": 0, "rows": []},
        "foreign.json": {"name": "a package.json", "version": "1.0.0"},
        "list.json": [1, 2, 3],
    }
    for name, doc in cases.items():
        p = tmp_path / name
        p.write_text(json.dumps(doc), encoding="utf-8")
        assert cli(["notes", "import", str(p), "--db", str(lib.path)]) == 1, name
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"parallax: error: {p}: "), err
    assert lib.annotations() == [] and lib.notes() == []


# ---------------------------------------------------------------- CSV


def test_csv_plain_keeps_data_and_guarded_csv_keeps_numbers(lib, tmp_path):
    text = "=SUM(A1:A9) rose by -12 or +3.5 points; @cmd ran - and = signs stayed."
    a = lib.add_article(Article(text=text, title="-12 points")).id

    def at(q):
        return (text.index(q), text.index(q) + len(q))

    lib.add_annotation(a, at("=SUM(A1:A9)"), note="=1+1")
    lib.add_annotation(a, at("-12"), note="+3.5")
    lib.add_annotation(a, at("@cmd"), note="-1e3")
    guarded = list(csv.DictReader(io.StringIO(ne.render(lib.export_data(), "csv"))))
    plain = list(csv.DictReader(io.StringIO(ne.render(lib.export_data(), "csv-plain"))))
    assert [(r["quote"], r["note"]) for r in plain] == [("=SUM(A1:A9)", "=1+1"), ("-12", "+3.5"),
                                                        ("@cmd", "-1e3")]
    assert [(r["quote"], r["note"]) for r in guarded] == [("'=SUM(A1:A9)", "'=1+1"),
                                                          ("-12", "+3.5"), ("'@cmd", "-1e3")]
    assert {r["article_title"] for r in guarded} == {"'-12 points"}  # text, not a number
    assert {r["article_title"] for r in plain} == {"-12 points"}
    assert ne.neutralise_cell("-12") == "-12" and ne.neutralise_cell("+3.5") == "+3.5"
    assert ne.neutralise_cell("-12+cmd") == "'-12+cmd" and ne.neutralise_cell("-") == "'-"
    db = str(lib.path)
    for args in (["--format", "csv-plain"], ["--format", "csv", "--plain"]):
        out = tmp_path / f"{args[-1]}.csv"
        assert cli(["notes", "export", *args, "-o", str(out), "--db", db]) == 0
        raw = out.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")  # data tools read UTF-8 without a BOM
        assert next(r["quote"] for r in csv.DictReader(io.StringIO(raw.decode()))) == "=SUM(A1:A9)"
    assert cli(["notes", "export", "--format", "json", "--plain", "--db", db]) == 2
