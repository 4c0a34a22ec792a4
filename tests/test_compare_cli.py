"""parallax compare / analyze from the command line."""

from __future__ import annotations

import json

from reader.cli import run
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
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 100)
    assert run(["compare", str(binary), str(seed("004"))]) == 1
    assert capsys.readouterr().err.startswith("parallax: error:")
    assert run(["compare", str(seed("003")), str(seed("004")), "--min-words", "0"]) == 2
