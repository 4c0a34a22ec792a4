"""parallax compare A B C [D ...]: the collation from the command line, and its reports."""

from __future__ import annotations

import csv
import io
import json
import re

from parallax.reader.cli import run
from tests.conftest import seed


def test_three_files_give_the_collation(capsys):
    files = [str(seed(k)) for k in ("004", "002", "003")]
    assert run(["compare", *files]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["kind"] == "collation" and d["version"] == 1
    assert [s["path"].rsplit("/", 1)[-1][:3] for s in d["sources"]] == ["002", "004", "003"]
    assert len(d["pairs"]) == 3 and d["facts"] and d["framing"]
    kyiv = [r for r in d["framing"] if r["category"] == "naming" and r["term"] == "kyiv"]
    assert kyiv and [c["texts"] for c in kyiv[0]["cells"]] == [["Kyiv"], ["Kiev"], ["Kyiv"]]


def test_two_files_keep_the_pairwise_output(capsys):
    assert run(["compare", str(seed("003")), str(seed("004"))]) == 0
    d = json.loads(capsys.readouterr().out)
    assert "left" in d and "right" in d and "kind" not in d


def test_a_bad_file_among_three_is_reported_and_the_rest_compared(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "out.json"
    code = run(["compare", str(seed("003")), str(missing), str(seed("004")), str(empty), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"parallax: error: {missing}: ")
    assert err[1].startswith(f"parallax: error: {empty}: ")
    d = json.loads(out.read_text(encoding="utf-8"))
    assert len(d["sources"]) == 2 and len(d["pairs"]) == 1


def test_too_few_readable_files_is_bad_input(tmp_path, capsys):
    code = run(["compare", str(seed("003")), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 3 and all(x.startswith("parallax: error: ") for x in lines)
    assert "only 1 of the 3 articles could be read" in lines[-1]


def test_one_article_alone_is_a_usage_error(capsys):
    assert run(["compare", str(seed("003"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only" in err and seed("003").name in err
    assert run(["compare", str(seed("003")), "-", "-", str(seed("004"))]) == 2
    assert "standard input" in capsys.readouterr().err
    assert run(["compare", str(seed("003")), str(seed("004")), str(seed("002")), "--format", "jsonl"]) == 2


def test_csv_is_the_fact_by_source_matrix(capsys):
    files = [str(seed(k)) for k in ("002", "003", "004")]
    assert run(["compare", *files, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["kind", "fact", "speaker"] and len(rows[0]) == 6
    assert rows[0][3].startswith("1. Risingbd")
    troops = [r for r in rows if r[1].startswith("94,000")]
    assert troops and troops[0][3:] == ["present", "present", "absent"]
    assert all(len(r) == 6 for r in rows)


def test_md_and_html_show_the_matrices(tmp_path, capsys):
    files = [str(seed(k)) for k in ("001", "003", "004")]
    for fmt in ("md", "html"):
        out = tmp_path / f"c.{fmt}"
        assert run(["compare", *files, "--format", fmt, "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        for part in ("Sources", "Reuse", "Facts", "Framing", "Voices", "Passages"):
            assert part in text
        assert "Kiev" in text and "Reuters" in text


def test_reports_escape_article_strings():
    from dataclasses import replace

    from parallax.reader.comparison.collate import compare_many
    from parallax.reader.comparison.collate_report import to_csv, to_html, to_markdown
    from parallax.reader.ingest.article import from_text

    evil = '<script>alert("x")</script>'
    base = "The council approved the new bridge on Tuesday after a long debate, officials said."
    formula = "“=HYPERLINK(1) was written on the board by the clerk,” said Smith."
    a = replace(from_text(f"{base} {evil} {formula}", source="a.txt"), outlet=f"=cmd|{evil}",
                published="2023-01-02")
    b = replace(from_text(f"{base} The mayor praised the plan.", source="b.txt"), outlet="B", published="2023-01-03")
    c = replace(from_text(f"{base} Critics called it “a waste”.", source="c.txt"), outlet="C")
    col = compare_many([a, b, c])
    page = to_html(col)
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = to_markdown(col)
    assert "<script>" not in md and "\\<script\\>" in md
    rows = list(csv.reader(io.StringIO(to_csv(col))))
    assert rows[0][3].startswith("1. =cmd")  # numbered, so no header starts a formula
    quoted = [r for r in rows if r[0] == "quote" and "HYPERLINK" in r[1]]
    assert quoted and quoted[0][1].startswith("'=HYPERLINK")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_framing_matrix_tells_unsure_markers_apart(tmp_path, capsys):
    from parallax.reader.framing.markers import sure_threshold

    files = [str(seed(k)) for k in ("001", "003", "004")]
    assert run(["compare", *files, "--all-markers"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["version"] == 1
    cells = [c for r in d["framing"] for c in r["cells"]]
    # each marker of a cell: its span, its confidence and whether it is sure
    assert all(len(c["spans"]) == len(c["confidence"]) == len(c["sure"]) for c in cells)
    assert all(s == (x >= sure_threshold()) for c in cells for s, x in zip(c["sure"], c["confidence"], strict=True))
    purported = [r for r in d["framing"] if r["category"] == "hedge" and r["term"] == "purported"]
    assert purported and [c["sure"] for c in purported[0]["cells"] if c["spans"]] == [[False, False]]
    for fmt in ("md", "html"):
        out = tmp_path / f"c.{fmt}"
        assert run(["compare", *files, "--all-markers", "--format", fmt, "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        framing = text.split("Framing (", 1)[1].split("Voices (", 1)[0].replace("\\", "")  # Markdown escapes
        assert "less reliably in human" in framing
        assert "purported ×2 (unsure)" in framing
        assert re.search(r"Kyiv ×2(?! \(unsure)", framing)  # a sure cell says nothing more
    # without --all-markers every marker is sure and nothing says "unsure"
    assert run(["compare", *files, "--format", "md"]) == 0
    assert "unsure" not in capsys.readouterr().out
