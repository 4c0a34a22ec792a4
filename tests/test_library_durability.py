"""Durability with real processes: SIGKILL mid-write and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Annotation, Library
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"]


def _env(db: Path) -> dict:
    return {**os.environ, "PARALLAX_DB": str(db), "PYTHONPATH": str(ROOT)}


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parallax.ui.main", *args, "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT, env=_env(db), timeout=120)


def _text(seed: int = 1, n: int = 20000) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def _big_export(tmp_path: Path, n: int) -> Path:
    """A JSON export with ``n`` annotations on one article, written by the exporter."""
    src = Library(tmp_path / "source.db")
    text = _text()
    aid = src.add_text(text, title="Big article").id
    base = src.export_data()
    src.close()
    rnd = random.Random(2)
    anns = []
    for i in range(n):
        s = rnd.randrange(0, len(text) - 60)
        e = s + rnd.randrange(5, 40)
        anns.append(Annotation(
            i + 1, f"00000000-0000-4000-8000-{i:012d}", aid, s, e, text[s:e],
            text[max(0, s - 32):s], text[e:e + 32], f"note {i}", False, None,
            "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", ("Omission",), (2,)))
    data = ne.NotesData(base.articles, base.texts, base.tags, tuple(anns), (), (), (),
                        base.relations, base.segments)
    out = tmp_path / "big.json"
    out.write_text(ne.to_json(data), encoding="utf-8")
    return out


def _check_opens_and_is_sound(db: Path) -> Library:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    lib = Library(db)
    assert lib.integrity_check() == "ok"
    return lib


def test_sigkill_in_the_middle_of_a_large_import(tmp_path):
    db = tmp_path / "lib.db"
    big = _big_export(tmp_path, 40000)
    # The article is in the library; three annotations are added by commands that return.
    with Library(db) as lib:
        lib.add_text(_text(), title="Big article")
    done = []
    for quote in ("alpha beta", "gamma delta", "kappa lambda"):
        r = _cli(db, "notes", "add", "--article", "1", "--quote", quote, "--occurrence", "1",
                 "--tag", "Framing", "--note", f"kept: {quote}")
        assert r.returncode == 0, r.stderr
        done.append(int(r.stdout.strip()))
    wal = Path(str(db) + "-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "parallax.ui.main", "notes", "import", str(big),
                             "--db", str(db)], cwd=ROOT, env=_env(db),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    killed_mid_write = False
    while time.monotonic() < deadline and proc.poll() is None:
        # The import's transaction spills pages into the WAL before it commits.
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            os.kill(proc.pid, signal.SIGKILL)
            killed_mid_write = True
            break
        time.sleep(0.005)
    proc.wait(timeout=30)
    out = proc.stdout.read().decode()
    assert killed_mid_write, f"the import ended before it could be killed: {out!r}"
    assert proc.returncode == -signal.SIGKILL
    assert "imported" not in out
    lib = _check_opens_and_is_sound(db)
    try:
        kept = {a.id: a for a in lib.annotations()}
        for aid in done:
            assert kept[aid].note.startswith("kept: ")
            assert kept[aid].tags == ("Framing",)
        # The import was one transaction: nothing of it, not a half.
        assert len(kept) == len(done)
        # ... and it can simply be run again.
        r = _cli(db, "notes", "import", str(big))
        assert r.returncode == 0, r.stderr
        assert lib.count_annotations() == len(done) + 40000
    finally:
        lib.close()


WRITER = textwrap.dedent("""
    import sys
    from parallax.reader.notes.library import Library
    lib = Library(sys.argv[1])
    article = int(sys.argv[2])
    for i in range(int(sys.argv[3])):
        ch = lib.add_annotation(article, (i, i + 5), tags=[sys.argv[4]], note=f"{sys.argv[4]} {i}")
        print(ch.id, flush=True)
""")


def test_sigkill_while_adding_keeps_every_annotation_that_was_returned(tmp_path):
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        aid = lib.add_text(_text(3, 3000)).id
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(aid), "100000", "Omission"],
                            cwd=ROOT, env=_env(db), stdout=subprocess.PIPE, text=True)
    returned = []
    assert proc.stdout is not None
    for line in proc.stdout:
        returned.append(int(line))
        if len(returned) == 150:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with _check_opens_and_is_sound(db) as lib:
        ids = {a.id for a in lib.annotations()}
        assert set(returned) <= ids
        assert len(ids) - len(returned) <= 1  # at most the one being printed when killed


def test_two_processes_writing_at_the_same_time_both_succeed(tmp_path):
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        aid = lib.add_text(_text(4, 3000)).id
    big = _big_export(tmp_path, 15000)
    # One process holds the write lock for a long import while two others add one by one.
    procs = [
        subprocess.Popen([sys.executable, "-m", "parallax.ui.main", "notes", "import", str(big),
                          "--db", str(db)], cwd=ROOT, env=_env(db),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(aid), "60", "Omission"],
                         cwd=ROOT, env=_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True),
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(aid), "60", "Framing"],
                         cwd=ROOT, env=_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True),
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err and "busy" not in err
    with _check_opens_and_is_sound(db) as lib:
        assert lib.count_annotations(tag="Omission") == 60 + 15000
        assert lib.count_annotations(tag="Framing") == 60
        assert len(lib.annotations()) == 15000 + 120


def test_two_cli_writers_at_once(tmp_path):
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        lib.add_text(_text(5, 2000))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "parallax.ui.main", "notes", "add", "--article", "1", "--quote",
             quote, "--occurrence", "1", "--tag", tag, "--db", str(db)],
            cwd=ROOT, env=_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for quote, tag in (("alpha", "A"), ("beta", "B"), ("gamma", "C"), ("delta", "D"))
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip().isdigit()
    with Library(db) as lib:
        assert sorted(t for a in lib.annotations() for t in a.tags) == ["A", "B", "C", "D"]


HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE articles SET title = 'held' WHERE id = 1")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


def test_a_write_waits_out_a_lock_held_longer_than_the_busy_timeout(tmp_path):
    from parallax.reader.notes.library import BUSY_TIMEOUT_MS

    db = tmp_path / "lib.db"
    with Library(db) as lib:
        aid = lib.add_text(_text(6, 500)).id
        hold = BUSY_TIMEOUT_MS / 1000 + 1.5
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(hold)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        t0 = time.monotonic()
        ch = lib.add_annotation(aid, (0, 5), note="written after the lock was released")
        waited = time.monotonic() - t0
        assert proc.wait(timeout=30) == 0
        assert waited >= BUSY_TIMEOUT_MS / 1000  # it really waited past one busy timeout
        assert lib.annotation(ch.id).note == "written after the lock was released"
        assert lib.article(aid).title == "held"
