"""parallax compare / analyze from the command line."""

from __future__ import annotations

import json

from parallax.reader.cli import run
from parallax.reader.framing.markers import sure_threshold
from tests.conftest import seed


def test_compare_json(capsys):
    assert run(["compare", str(seed("003")), str(seed("004"))]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["version"] == 1
    assert d["left"]["path"].endswith(seed("003").name)
    assert d["summary"]["reuse"] in ("wholly", "partially", "not")
    text_l, text_r = d["left"]["text"], d["right"]["text"]
    for m in d["matches"]:
        s, e = m["left"]
        assert 0 <= s < e <= len(text_l)
        s, e = m["right"]
        assert 0 <= s < e <= len(text_r)


def test_compare_json_says_whether_each_marker_is_sure(capsys):
    assert run(["compare", str(seed("003")), str(seed("004")), "--all-markers"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["version"] == 1
    assert {m["sure"] for m in d["framing"]} == {True, False}
    for m in d["framing"]:
        assert m["sure"] == (m["confidence"] >= sure_threshold())
    assert run(["compare", str(seed("003")), str(seed("004"))]) == 0  # by default, only the sure ones
    assert all(m["sure"] for m in json.loads(capsys.readouterr().out)["framing"])
    # and a --pairs --full line holds the same record
    from parallax.reader.comparison.batch import compare_record

    full = compare_record({"left_path": str(seed("003")), "right_path": str(seed("004"))}, full=True,
                          unsure_markers=True)["comparison"]
    assert [(m["span"], m["sure"]) for m in full["framing"]] == [(m["span"], m["sure"]) for m in d["framing"]]


def test_compare_output_file(tmp_path, capsys):
    out = tmp_path / "cmp.json"
    assert run(["compare", str(seed("003")), str(seed("004")), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1


def test_compare_errors_are_one_line(tmp_path, capsys):
    assert run(["compare", str(tmp_path / "missing.txt"), str(seed("004"))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("parallax: error:") and err.count("\n") == 1
    assert run(["compare", str(seed("003"))]) == 2
    assert "LEFT and RIGHT" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    assert run(["compare", str(empty), str(seed("004"))]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert run(["compare", str(seed("003")), str(seed("004")), "--min-words", "0"]) == 2


def test_compare_md_and_html(tmp_path, capsys):
    assert run(["compare", str(seed("003")), str(seed("004")), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Parallax comparison") and "## Facts" in md
    out = tmp_path / "r.html"
    assert run(["compare", str(seed("003")), str(seed("004")), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "class=\"v\"" in page


def test_pairs_jsonl_goes_on_after_a_bad_pair(tmp_path, capsys):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        f"{seed('003')}\t{seed('004')}\n# a comment\n\n"
        f"missing.txt\t{seed('004')}\n{seed('002')}\t{seed('003')}\n",
        encoding="utf-8",
    )
    assert run(["compare", "--pairs", str(pairs), "--jobs", "2"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert set(lines[0]) == {"left", "right", "summary"}
    assert lines[0]["left"] == str(seed("003"))
    assert set(lines[1]) == {"left", "right", "error"} and "missing.txt" in lines[1]["error"]
    assert lines[2]["summary"]["reuse"] in ("wholly", "partially", "not")


def test_pairs_file_errors(tmp_path, capsys):
    assert run(["compare", "--pairs", str(tmp_path / "nope.tsv")]) == 1
    assert capsys.readouterr().err.startswith("parallax: error:")
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-one-column\n", encoding="utf-8")
    assert run(["compare", "--pairs", str(bad)]) == 1
    assert "LEFT<TAB>RIGHT" in capsys.readouterr().err
    assert run(["compare", "--pairs", str(bad), "--format", "html"]) == 2


def test_analyze_json(capsys):
    assert run(["analyze", str(seed("004")), str(seed("003")), "--json", "--all-markers"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2
    rec = lines[0]
    for k in ("path", "text", "sentences", "facts", "framing", "voices"):
        assert k in rec
    text = rec["text"]
    assert any(m["category"] == "hedge" and m["text"].lower() == "purported" for m in rec["framing"])
    assert all(0.0 <= m["confidence"] <= 1.0 for m in rec["framing"])
    # each marker says whether it is sure; with --all-markers the unsure ones come too
    purported = [m for m in rec["framing"] if m["text"].lower() == "purported"]
    assert purported and not purported[0]["sure"]
    assert all(m["sure"] == (m["confidence"] >= sure_threshold()) for m in rec["framing"])
    for m in rec["framing"]:
        s, e = m["span"]
        assert text[s:e] == m["text"]
    for f in rec["facts"]:
        for s, e in f["spans"]:
            assert 0 <= s < e <= len(text)


def test_compare_reads_one_side_from_stdin(monkeypatch, capsys):
    import io

    data = seed("004").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert run(["compare", str(seed("003")), "-"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert "Kiev" in d["right"]["text"]
    assert run(["compare", "-", "-"]) == 2


def test_pairs_reuse_a_loaded_source_only_while_its_file_is_unchanged(tmp_path):
    import os

    from parallax.reader.comparison import batch

    agency = tmp_path / "agency.txt"
    body = seed("003").read_text(encoding="utf-8")
    agency.write_text(body, encoding="utf-8")
    job = (str(agency), str(seed("004")), str(agency), str(seed("004")), {})
    first = batch.compare_pair(job)
    assert batch.compare_pair(job) == first
    assert batch._LOADED[str(agency)][1].text  # held for the next pair naming it
    # the same file rewritten (other words, same size class): read again, not served stale
    agency.write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    st = os.stat(agency)
    os.utime(agency, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    again = batch.compare_pair(job)
    assert again["summary"]["reuse"] == "wholly" != first["summary"]["reuse"]
    assert again["summary"]["verbatim_share"]["left"] == 1.0
    # a file that disappears is an error line, whatever was loaded before
    agency.unlink()
    assert "error" in batch.compare_pair(job)
    for n in range(6):
        f = tmp_path / f"s{n}.txt"
        f.write_text(body, encoding="utf-8")
        batch.compare_pair((str(f), str(seed("004")), str(f), str(seed("004")), {}))
    assert len(batch._LOADED) <= batch._LOADED_MAX
