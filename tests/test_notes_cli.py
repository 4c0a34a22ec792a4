"""``parallax library``, ``search`` and ``notes`` end to end, as a user runs them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from parallax.reader.notes.library import Library
from tests.conftest import ROOT, seed


def run(db: Path | None, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    extra = ["--db", str(db)] if db is not None else []
    return subprocess.run([sys.executable, "-m", "parallax.ui.main", *args, *extra], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, **(env or {})})


def ok(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


def one_line_error(r: subprocess.CompletedProcess, status: int = 1) -> str:
    assert r.returncode == status, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parallax: error: "), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


@pytest.fixture
def story(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(
        "Biden and Putin spoke for two hours. Moscow called the talks frank. "
        "Washington warned of sanctions. Putin denied any plan to invade.\n",
        encoding="utf-8")
    return p


def test_library_add_list_and_notes_workflow(tmp_path, story):
    db = tmp_path / "lib.db"
    out = ok(run(db, "library", "add", str(story), str(seed("001"))))
    ids = [int(x) for x in out.split()]
    assert len(ids) == 2
    assert ok(run(db, "library", "add", str(story))).split() == [str(ids[0])]  # same text: same id
    listing = json.loads(ok(run(db, "library", "list", "--json")))
    assert [a["id"] for a in listing] == ids and listing[0]["path"] == str(story.resolve())
    assert str(ids[0]) in ok(run(db, "library", "list"))

    # notes add: by id, by path, with tags and a note; prints the annotation id
    ann = int(ok(run(db, "notes", "add", "--article", str(ids[0]), "--quote", "frank",
                     "--tag", "Loaded language", "--tag", "Brand new", "--note", "why **frank**")))
    err = one_line_error(run(db, "notes", "add", "--article", str(story), "--quote", "Putin"),
                         status=2)
    assert "2 times" in err and "--occurrence" in err
    second = int(ok(run(db, "notes", "add", "--article", str(story), "--quote", "Putin",
                        "--occurrence", "2", "--tag", "Omission")))
    assert "not found" in one_line_error(run(db, "notes", "add", "--article", str(ids[0]),
                                             "--quote", "not in this text"))
    one_line_error(run(db, "notes", "add", "--article", "999", "--quote", "x"))
    one_line_error(run(db, "notes", "add", "--article", str(ids[0]), "--quote", "Putin",
                       "--occurrence", "7"), status=2)

    # a file not yet in the library is added by notes add
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("A third report says the call was tense.", encoding="utf-8")
    third = int(ok(run(db, "notes", "add", "--article", str(fresh), "--quote", "tense")))
    assert len(json.loads(ok(run(db, "library", "list", "--json")))) == 3

    notes = json.loads(ok(run(db, "notes", "list", "--json")))
    assert {n["id"] for n in notes} == {ann, second, third}
    by_id = {n["id"]: n for n in notes}
    assert by_id[ann]["tags"] == ["Loaded language", "Brand new"]
    assert by_id[ann]["note"] == "why **frank**"
    assert by_id[second]["quote"] == "Putin" and by_id[second]["start"] > by_id[ann]["start"]
    tagged = json.loads(ok(run(db, "notes", "list", "--tag", "omission", "--json")))
    assert [n["id"] for n in tagged] == [second]
    assert "frank" in ok(run(db, "notes", "list"))
    page = json.loads(ok(run(db, "notes", "list", "--limit", "1", "--offset", "1", "--json")))
    assert [n["id"] for n in page] == [n["id"] for n in notes][1:2]
    assert json.loads(ok(run(db, "notes", "list", "--orphans", "--json"))) == []
    one_line_error(run(db, "notes", "list", "--tag", "No such tag"))

    hits = json.loads(ok(run(db, "search", "frank", "--json")))
    assert {(h["kind"], h["id"]) for h in hits} >= {("annotation", ann), ("article", ids[0])}
    only = json.loads(ok(run(db, "search", "Putin", "--tag", "Omission", "--json")))
    assert ("annotation", second) in {(h["kind"], h["id"]) for h in only}
    assert all(h["kind"] != "annotation" or "Omission" in h["tags"] for h in only)
    assert "[frank]" in ok(run(db, "search", "frank"))
    one_line_error(run(db, "search", "*** ---"), status=2)


def test_export_every_format_and_import_round_trip(tmp_path, story):
    db = tmp_path / "lib.db"
    aid = ok(run(db, "library", "add", str(story))).strip()
    ok(run(db, "notes", "add", "--article", aid, "--quote", "frank", "--tag", "Framing",
           "--note", "<script>alert(1)</script>"))
    ok(run(db, "notes", "add", "--article", aid, "--quote", "sanctions", "--tag", "Omission",
           "--note", "=HYPERLINK(\"x\")"))
    md = ok(run(db, "notes", "export", "--format", "md"))
    assert "> frank" in md and "**Framing**" in md
    out_csv = tmp_path / "n.csv"
    ok(run(db, "notes", "export", "--format", "csv", "-o", str(out_csv)))
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert {r["note"] for r in rows} == {"<script>alert(1)</script>", "'=HYPERLINK(\"x\")"}
    html = ok(run(db, "notes", "export", "--format", "html", "--tag", "Framing"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "sanctions" not in html.split("<body>")[1]  # --tag scopes the export
    out_json = tmp_path / "n.json"
    ok(run(db, "notes", "export", "--format", "json", "-o", str(out_json)))
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 2

    other = tmp_path / "other.db"
    assert "imported 2 annotations" in ok(run(other, "notes", "import", str(out_json)))
    assert "imported 0 annotations (2 already present)" in ok(run(other, "notes", "import",
                                                                  str(out_json)))
    again = tmp_path / "again.json"
    ok(run(other, "notes", "export", "--format", "json", "-o", str(again)))
    a, b = json.loads(again.read_text()), doc
    for d in (a, b):
        d.pop("id"), d.pop("generated")
        # the starter tags exist in both libraries, each with its own creation time
        for t in d["parallax:tags"]:
            t.pop("created")
    assert a == b
    one_line_error(run(other, "notes", "import", str(tmp_path / "missing.json")))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    one_line_error(run(other, "notes", "import", str(bad)))


def test_pdf_export_goes_through_the_qt_hook(tmp_path, story):
    from pypdf import PdfReader

    db = tmp_path / "lib.db"
    aid = ok(run(db, "library", "add", str(story))).strip()
    ok(run(db, "notes", "add", "--article", aid, "--quote", "Washington warned of sanctions",
           "--tag", "Omission", "--note", "Zebra-striped remark <b>kept</b>"))
    pdf = tmp_path / "notes.pdf"
    ok(run(db, "notes", "export", "--format", "pdf", "-o", str(pdf), env={"QT_QPA_PLATFORM": "offscreen"}))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)
    assert "Washington warned of sanctions" in text
    assert "Zebra-striped remark <b>kept</b>" in text
    assert "Omission" in text
    assert not list(tmp_path.glob(".*.part*"))
    one_line_error(run(db, "notes", "export", "--format", "pdf"), status=2)


def test_pdf_without_qt_is_a_clear_error(tmp_path, story, capsys):
    from parallax.reader.cli import Hooks
    from parallax.reader.cli import run as cli_run

    db = tmp_path / "lib.db"
    Library(db).close()
    status = cli_run(["notes", "export", "--format", "pdf", "-o", str(tmp_path / "x.pdf"),
                      "--db", str(db)], hooks=Hooks())
    assert status == 1
    assert "PDF export needs the Qt front end" in capsys.readouterr().err


def test_db_from_environment_and_before_the_action(tmp_path, story):
    env_db = tmp_path / "env.db"
    ok(run(None, "library", "add", str(story), env={"PARALLAX_DB": str(env_db)}))
    assert env_db.exists()
    flag_db = tmp_path / "flag.db"
    ok(run(None, "library", "--db", str(flag_db), "add", str(story)))
    assert flag_db.exists()
    assert len(json.loads(ok(run(None, "library", "list", "--json",
                                 env={"PARALLAX_DB": str(flag_db)})))) == 1


def test_bad_library_files_get_one_line_and_stay_untouched(tmp_path, story):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("my precious notes\n" * 50)
    digest = hashlib.sha256(not_db.read_bytes()).hexdigest()
    for args in (("library", "list"), ("library", "add", str(story)), ("search", "x"),
                 ("notes", "add", "--article", str(story), "--quote", "frank"),
                 ("notes", "export", "--format", "md")):
        err = one_line_error(run(not_db, *args))
        assert "not a Parallax library" in err
    assert hashlib.sha256(not_db.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "story.txt"]


def test_read_only_library_lists_but_refuses_writes(tmp_path, story):
    db = tmp_path / "lib.db"
    aid = ok(run(db, "library", "add", str(story))).strip()
    ok(run(db, "notes", "add", "--article", aid, "--quote", "frank"))
    # A read-only mount is simulated with the library's own read-only switch.
    with Library(db, readonly=True) as lib:
        assert len(lib.annotations()) == 1
    code = (
        "import sys; from parallax.reader.notes.library import Library; from parallax.reader.errors import LibraryError\n"
        f"lib = Library({str(db)!r}, readonly=True)\n"
        "print(len(lib.annotations()))\n"
        "try:\n    lib.add_tag('x')\nexcept LibraryError as e:\n    print(e)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "1" and "read-only; changes are refused" in lines[1]


def test_long_pdf_is_printed_in_parts_without_losing_anything(tmp_path):
    """A long document is laid out in parts (a process holds at most ``chunk_chars`` at
    once), every part starting a page; nothing is lost and the parts are joined in order."""
    from pypdf import PdfReader

    from parallax.reader.notes import export as ne
    from parallax.ui import pdf

    words = " ".join(f"word{i}" for i in range(3000))
    with Library(tmp_path / "lib.db") as lib:
        aid = lib.add_text(words).id
        for i in range(60):
            m = re.search(rf"\bword{i * 40}\b", words)
            lib.add_annotation(aid, m.span(), note=f"note number {i}")
        doc = ne.build(lib.export_data())
    blocks = pdf.blocks_of(doc)
    parts = pdf.split_blocks(blocks, pdf._part_count(pdf.document_size(blocks), 2, chunk_chars=600))
    assert len(parts) > 5 and all(parts) and [b for p in parts for b in p] == blocks
    out = tmp_path / "long.pdf"
    pdf.print_pdf(doc, str(out), workers=2, chunk_chars=600, direct=False)  # Qt: in chunks
    pages = PdfReader(out, strict=True).pages
    assert len(pages) >= len(parts)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    at = [text.index(f"note number {i} ") if i < 59 else text.index("note number 59") for i in range(60)]
    assert at == sorted(at)


def test_print_document_is_laid_out_directly_and_by_two_processes(tmp_path):
    """The PDF export prints the print document: line by line, and a long one by two
    processes whose pages are joined into one document, numbered throughout."""
    from pypdf import PdfReader

    from parallax.reader.notes import export as ne
    from parallax.ui import pdf

    words = " ".join(f"word{i}" for i in range(3000))
    arabic = "هذا نص عربي قصير عن المكالمة بين الرئيسين"
    with Library(tmp_path / "lib.db") as lib:
        aid = lib.add_text(words, title="Report <one> & more").id
        for i in range(90):
            m = re.search(rf"\bword{i * 30}\b", words)
            lib.add_annotation(aid, m.span(), tags=["Omission"],
                               note=f"note number {i}\r\nsecond line & <b>kept</b>")
        rtl = lib.add_text(arabic).id
        lib.add_annotation(rtl, (4, 6), note="ملاحظة")
        data = lib.export_data()
    doc = ne.build(data)
    blocks = pdf.blocks_of(doc)
    texts = "\n".join(b.text for b in blocks)
    # the note's Markdown rendered: a single line break is a space, raw HTML is text
    assert "note number 7 second line & <b>kept</b>" in texts
    assert "Report <one> & more" in texts and "■ Omission" in texts
    assert [b.rtl for b in blocks if "ملاحظة" in b.text] == [True]
    counts = []
    for workers in (1, 2):
        out = tmp_path / f"notes{workers}.pdf"
        pdf.print_pdf(doc, str(out), workers=workers)
        pages = PdfReader(out, strict=True).pages
        counts.append(len(pages))
        texts = [" ".join((p.extract_text() or "").split()) for p in pages]
        assert [t.split()[0] for t in texts] == [str(n) for n in range(1, len(pages) + 1)]
        text = " ".join(texts)
        for i in range(90):
            assert f"note number {i} second line & <b>kept</b>" in text
        assert "Report <one> & more" in text
    assert counts[0] > 4 and counts[1] in (counts[0], counts[0] + 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db", "notes1.pdf", "notes2.pdf"]


def test_import_refuses_a_huge_non_json_file_without_reading_it(tmp_path, capsys):
    """Issue #18: a 200 MB file that is not JSON is refused at once, not read and parsed;
    one too large is refused by its size; the import's notices reach the user."""
    import tracemalloc

    from parallax.reader.cli import run as cli
    from parallax.reader.errors import InputError
    from parallax.reader.notes import export as ne

    big = tmp_path / "archive.zip"
    with open(big, "wb") as fh:
        fh.write(b"PK\x03\x04 this is not an export")
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB long, nothing on disk
    db = tmp_path / "lib.db"
    tracemalloc.start()
    try:
        status = cli(["notes", "import", str(big), "--db", str(db)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert status == 1 and err.startswith("parallax: error: ") and err.count("\n") == 1
    assert "not JSON" in err and str(big) in err
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB held for a file refused at its first bytes"
    export = tmp_path / "notes.json"
    export.write_text('{"type": "AnnotationCollection", "note": "' + "x" * 5000 + '"}', encoding="utf-8")
    with pytest.raises(InputError, match="too large to import"):
        ne.read_json_file(export, max_bytes=1000)
    assert ne.read_json_file(export).annotations == ()
    # what an import had to change is said, one line each, after the summary
    text = "Moscow called the talks frank and businesslike."
    with Library(db) as lib:
        lib.add_text(text)
        lib.add_annotation(1, (text.index("frank"), text.index("frank") + 5))
        doc = json.loads(ne.to_json(lib.export_data()))
    (item,) = doc["first"]["items"]
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000009"
    item["target"]["selector"][1].update(start=-9, end=-1)
    export.write_text(json.dumps(doc), encoding="utf-8")
    assert cli(["notes", "import", str(export), "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("imported 1 annotation ")
    assert out.err == ("parallax: passage 'frank' (00000000-0000-4000-8000-000000000009): its offsets "
                       f"[-9, -1) are outside the text ({len(text)} characters); re-anchored by its "
                       f"quote at [{text.index('frank')}, {text.index('frank') + 5})\n")
