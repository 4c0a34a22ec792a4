"""``parallax extract FILE... [--json]``."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from parallax.reader.cli import run
from tests.conftest import ROOT, seed

KEYS = ["path", "title", "outlet", "published", "byline", "credits", "language", "text",
        "paragraphs", "sentences"]


def test_json_one_object_per_file_with_offsets(capsys):
    files = [str(seed("003")), str(seed("004"))]
    assert run(["extract", "--json", *files]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    for line, path in zip(lines, files, strict=True):
        obj = json.loads(line)
        assert list(obj) == KEYS
        assert obj["path"] == path
        text = obj["text"]
        for key in ("paragraphs", "sentences"):
            prev = 0
            for s, e in obj[key]:
                assert prev <= s < e <= len(text)
                prev = e
    assert json.loads(lines[1])["credits"] == []  # "Read the full story on Sputnik News" is no credit


def test_bad_file_reports_and_the_rest_still_run(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n....")
    status = run(["extract", "--json", str(empty), str(seed("001")), str(png),
                  str(tmp_path / "missing.txt"), str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert len(out.splitlines()) == 1
    assert json.loads(out)["outlet"] == "Devdiscourse"
    errors = err.splitlines()
    assert len(errors) == 4
    assert all(e.startswith("parallax: error: ") for e in errors)
    assert f"{empty}: is empty" in errors[0]
    assert str(png) in errors[1] and "PNG" in errors[1]
    assert "missing.txt: no such file" in errors[2]
    assert "is a directory" in errors[3]
    assert "Traceback" not in err


def test_readable_rendering(capsys):
    assert run(["extract", str(seed("000"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Ukraine, NATO relations to be discussed")
    assert "Published: 2021-11-19T13:56:00+05:30" in out
    assert "Byline:    Bhavya Sukheja" in out
    assert "Credits:   ANI" in out
    assert "Preparations are underway for a virtual meeting between US President" in out
    assert "sb.scorecardresearch" not in out


def test_stdin_and_raw(monkeypatch, capsys):
    data = seed("004").read_bytes()

    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    assert run(["extract", "--json", "-"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["path"] == "<stdin>"
    assert obj["title"].startswith("Key points discussed")
    assert run(["extract", "--json", "--raw", str(seed("004"))]) == 0
    raw = json.loads(capsys.readouterr().out)
    assert "Leave a Reply" in raw["text"]


def test_installed_command_runs_as_a_process(tmp_path):
    bad = tmp_path / "bin.dat"
    bad.write_bytes(bytes(range(256)))
    r = subprocess.run(
        [sys.executable, "-m", "parallax.ui.main", "extract", "--json", str(seed("002")), str(bad)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert r.returncode == 1
    assert json.loads(r.stdout)["published"] == "2021-12-05T12:20:00"
    assert r.stderr.strip() == f"parallax: error: {bad}: is a binary file, not text"


def test_size_limit_option(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_bytes(seed("003").read_bytes())
    assert run(["extract", "--max-mb", "0.001", str(p)]) == 1
    assert "over the 1 KB limit" in capsys.readouterr().err
    assert run(["extract", "--max-mb", "-1", str(p)]) == 2
    assert "--max-mb" in capsys.readouterr().err


# ---------------------------------------------------------------- one stdin path for every command

POLISH = ("Prezydent powiedział w środę, że rząd przedstawi ustawę o źródłach energii. Żaden z "
          "ministrów nie skomentował tej decyzji, a opozycja zapowiedziała głosowanie przeciw.")


def _stdin(monkeypatch, data: bytes) -> None:
    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", FakeStdin)


def test_every_dash_decodes_standard_input_like_a_file(monkeypatch, capsys, tmp_path):
    data = POLISH.encode("cp1250")
    _stdin(monkeypatch, data)
    assert run(["extract", "--json", "-"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["text"] == POLISH and obj["path"] == "<stdin>" and obj["language"] == "pl"

    _stdin(monkeypatch, data)
    assert run(["compare", "-", str(seed("003"))]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "powiedział" in json.dumps(out, ensure_ascii=False)

    db = str(tmp_path / "notes.db")
    _stdin(monkeypatch, data)
    assert run(["library", "add", "--db", db, "-"]) == 0
    aid = capsys.readouterr().out.strip()
    assert run(["notes", "add", "--db", db, "--article", aid, "--quote", "Prezydent powiedział",
                "--tag", "Verbs"]) == 0
    capsys.readouterr()
    assert run(["library", "list", "--db", db, "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["path"] is None and listed["language"] == "pl"

    assert run(["notes", "export", "--db", db, "--format", "json"]) == 0
    export = capsys.readouterr().out
    other = str(tmp_path / "other.db")
    _stdin(monkeypatch, export.encode("utf-16"))  # as a Windows pipe may hand it over
    assert run(["notes", "import", "--db", other, "-"]) == 0
    assert capsys.readouterr().out.startswith("imported 1 annotation ")


def test_a_bad_stdin_is_one_line(monkeypatch, capsys):
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n0000")
    assert run(["compare", "-", str(seed("003"))]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "parallax: error: <stdin>: is a PNG image, not an article file"


def test_the_commands_count_in_words(tmp_path, capsys):
    """"1 paragraph", "1 annotation", "2 annotations": never "1 paragraphs"."""
    one = tmp_path / "one.txt"
    one.write_text("Kyiv rejected the plan outright on Monday evening.\n", encoding="utf-8")
    assert run(["extract", str(one)]) == 0
    size = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Size:"))
    assert size.split(None, 1)[1] == "8 words, 1 paragraph, 1 sentence"
    db = str(tmp_path / "notes.db")
    assert run(["library", "add", "--db", db, str(one)]) == 0
    aid = capsys.readouterr().out.strip()
    assert run(["notes", "add", "--db", db, "--article", aid, "--quote", "rejected", "--tag", "Verbs"]) == 0
    capsys.readouterr()
    assert run(["library", "list", "--db", db]) == 0
    assert capsys.readouterr().out.rstrip("\n").endswith("\t1 annotation")
    assert run(["notes", "add", "--db", db, "--article", aid, "--quote", "Monday", "--tag", "Time"]) == 0
    capsys.readouterr()
    assert run(["library", "list", "--db", db]) == 0
    assert capsys.readouterr().out.rstrip("\n").endswith("\t2 annotations")
    assert run(["notes", "export", "--db", db, "--format", "json"]) == 0
    (tmp_path / "notes.json").write_text(capsys.readouterr().out, encoding="utf-8")
    assert run(["notes", "import", "--db", str(tmp_path / "other.db"), str(tmp_path / "notes.json")]) == 0
    assert capsys.readouterr().out == ("imported 2 annotations (0 already present); "
                                       "the file holds 0 notes and 0 links\n")


def test_a_duration_of_about_a_minute_reads_so():
    from parallax.reader.cli.progress import _duration

    assert _duration(70) == "about a minute" and _duration(200) == "about 3 minutes"
