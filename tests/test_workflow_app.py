"""The app with the workflow installed: ``parallax open --db`` refuses a bad library in one line,
and a screenshot draws the given library's notes."""

from __future__ import annotations

from parallax.reader.notes.library import Library
from tests.conftest import seed


def test_open_with_a_bad_library_is_one_line_and_leaves_the_file_alone(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not a library at all\n" * 50)
    before = bad.read_bytes()
    r = subprocess.run([sys.executable, "-m", "parallax.ui.main", "open", str(seed("003")), str(seed("004")),
                        "--db", str(bad), "--screenshot", str(tmp_path / "x.png")],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parallax: error: ") and str(bad) in lines[0]
    assert bad.read_bytes() == before
    assert not (tmp_path / "x.png").exists()


def test_screenshot_draws_the_notes_of_the_given_library(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    db = tmp_path / "notes.db"
    with Library(db) as lib:
        aid = lib.add_file(seed("003")).id
        lib.annotate_quote(aid, "two hours and one minute", tags=["Framing"])
    r = subprocess.run([sys.executable, "-m", "parallax.ui.main", "open", str(seed("003")), str(seed("004")),
                        "--db", str(db), "--screenshot", str(tmp_path / "x.png")],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    with Library(db) as lib:
        (cmp,) = lib.comparisons()  # the pair was stored and its comparison opened
        assert {cmp.left_id, cmp.right_id} == {aid, lib.find_article(str(seed("004"))).id}
        assert len(lib.annotations()) == 1

