"""Batch comparison: the record API, the streamed --pairs run, progress and Ctrl+C."""

from __future__ import annotations

import json
import os
import pickle
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parallax.reader.cli import run
from parallax.reader.comparison import batch
from parallax.reader.comparison.engine import compare
from parallax.reader.comparison.report import to_record
from parallax.reader.ingest.article import from_text, load
from tests.conftest import ROOT, seed

LEFT, RIGHT = seed("003"), seed("004")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "parallax.ui.main", *args]


# --- compare_record ------------------------------------------------------------------


def test_record_from_texts_gives_the_summary_of_the_same_comparison():
    lt, rt = LEFT.read_text(encoding="utf-8"), RIGHT.read_text(encoding="utf-8")
    rec = batch.compare_record({"id": 7, "left_text": lt, "right_text": rt}, min_words=5)
    assert set(rec) == {"id", "summary"}
    assert rec["id"] == 7
    want = compare(lt, rt, min_words=5, facts=False, framing=False).summary.to_dict()
    assert rec["summary"] == want
    json.dumps(rec)  # JSON-able as it is


def test_record_full_has_the_whole_comparison_and_its_summary_matches():
    lt, rt = LEFT.read_text(encoding="utf-8"), RIGHT.read_text(encoding="utf-8")
    short = batch.compare_record({"left_text": lt, "right_text": rt})
    full = batch.compare_record({"left_text": lt, "right_text": rt, "left": "a", "right": "b"},
                                full=True)
    assert set(full) == {"left", "right", "comparison"}
    comp = full["comparison"]
    assert comp["summary"] == short["summary"]
    assert comp["facts"] and comp["framing"]  # facts and framing are computed with full
    assert comp["left"]["path"] == "a"
    # the comparison's JSON record: to_dict with each framing marker's "sure"
    assert comp == to_record(compare(from_text(lt, source="a"), from_text(rt, source="b")))


def test_record_from_paths_and_from_shipped_bytes_are_the_same():
    by_path = batch.compare_record({"left_path": str(LEFT), "right_path": str(RIGHT)})
    shipped = batch.compare_record({
        "left_path": str(LEFT), "left_bytes": LEFT.read_bytes(),
        "right_path": "/nowhere/on/this/worker.txt", "right_bytes": RIGHT.read_bytes(),
        "right": str(RIGHT),
    })
    assert by_path == shipped
    assert by_path["left"] == str(LEFT)


def test_record_errors_become_an_error_field_and_never_raise():
    lt = LEFT.read_text(encoding="utf-8")
    cases = [
        ({"id": "x", "left_text": lt, "right_text": "   "}, "right_text"),
        ({"left_text": lt}, "no right_text"),
        ({"left_path": "/no/such/file.txt", "right_text": lt}, "no such file"),
        ({"left_error": "a.txt: no such file", "right_text": lt}, "a.txt: no such file"),
        ({"left_bytes": "not bytes", "right_text": lt}, "not bytes"),
        ("not a record", "mapping"),
    ]
    for record, words in cases:
        rec = batch.compare_record(record)
        assert "error" in rec and words in rec["error"], (record, rec)
        assert "\n" not in rec["error"]
        assert "summary" not in rec
    assert batch.compare_record({"id": "x", "right_text": lt})["id"] == "x"
    bad = batch.compare_record({"left_text": lt, "right_text": lt}, min_wrds=3)
    assert "unknown setting 'min_wrds'" in bad["error"]


def test_record_function_pickles_by_reference():
    assert pickle.loads(pickle.dumps(batch.compare_record)) is batch.compare_record


# --- the pairs file ------------------------------------------------------------------


def _pairs(tmp_path: Path, n: int, *, bad_at: int | None = None) -> Path:
    seeds = sorted((ROOT / "seeds").glob("0*.txt"))[:6]
    lines = []
    for i in range(n):
        left = "missing.txt" if i == bad_at else str(seeds[i % len(seeds)])
        lines.append(f"{left}\t{seeds[(i * 5 + 1) % len(seeds)]}")
    f = tmp_path / "pairs.tsv"
    f.write_text("# study\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_pairs_are_read_lazily(tmp_path):
    f = _pairs(tmp_path, 5)
    with f.open("a", encoding="utf-8") as fh:
        fh.write("one-column line\n")
    it = batch.iter_pairs(str(f))
    assert next(it)[0].endswith(".txt")  # the malformed line is not reached yet
    with pytest.raises(batch.InputError, match="line 7: expected LEFT<TAB>RIGHT"):
        batch.count_pairs(str(f))
    (tmp_path / "latin1.tsv").write_bytes(b"caf\xe9.txt\tb.txt\n")
    with pytest.raises(batch.InputError, match="line 1: not valid UTF-8"):
        batch.count_pairs(str(tmp_path / "latin1.tsv"))


def test_pairs_in_input_order_whatever_the_jobs(tmp_path, capsys):
    f = _pairs(tmp_path, 24, bad_at=9)
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert run(["compare", "--pairs", str(f), "--jobs", jobs, "-o", str(out)]) == 1
        outs[jobs] = out.read_bytes()
    assert outs["1"] == outs["2"]
    lines = [json.loads(x) for x in outs["1"].decode("utf-8").splitlines()]
    written = [ln.split("\t") for ln in f.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(r["left"], r["right"]) for r in lines] == [tuple(w) for w in written]
    assert [("error" in r) for r in lines].count(True) == 1 and "error" in lines[9]
    assert capsys.readouterr().err == ""  # no progress when stderr is not a terminal


def test_pairs_full_lines_hold_the_whole_comparison(tmp_path, capsys):
    f = _pairs(tmp_path, 2)
    assert run(["compare", "--pairs", str(f), "--full", "--jobs", "1"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [set(x) for x in lines] == [{"left", "right", "comparison"}] * 2
    a, b = f.read_text(encoding="utf-8").splitlines()[1].split("\t")
    assert lines[0]["comparison"] == to_record(compare(load(a), load(b)))


def test_pairs_flags_need_pairs_and_jobs_must_be_positive(tmp_path, capsys):
    assert run(["compare", str(LEFT), str(RIGHT), "--full"]) == 2
    assert "--full goes with --pairs" in capsys.readouterr().err
    assert run(["compare", str(LEFT), str(RIGHT), "--scheduler", "local"]) == 2
    assert run(["compare", "--pairs", str(_pairs(tmp_path, 1)), "--jobs", "0"]) == 2


def test_a_malformed_pairs_file_leaves_the_output_untouched(tmp_path, capsys):
    f = tmp_path / "bad.tsv"
    f.write_text(f"{LEFT}\t{RIGHT}\nno tab here\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n", encoding="utf-8")
    assert run(["compare", "--pairs", str(f), "-o", str(out)]) == 1
    assert "line 2" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "earlier results\n"


def test_chunks_grow_to_the_work_and_stay_bounded():
    sizer = batch._Sizer(0.2, most=50)
    assert sizer.size() == 1  # nothing seen yet
    sizer.observe(0.01, 10)  # 1 ms a record
    assert sizer.size() == 50
    sizer = batch._Sizer(0.2)
    sizer.observe(2.0, 1)  # a slow pair: one a chunk
    assert sizer.size() == 1
    recs = iter([{"left_bytes": b"x" * 600} for _ in range(10)])
    assert [len(c) for c in batch._chunks(recs, batch._Sizer(1.0, most=4), max_bytes=1000)] == [1] * 10


def test_ordered_keeps_order_and_a_bounded_number_in_flight():
    """Chunks finishing out of order come back in order; no more than the window is
    ever in flight and no more than four windows are held."""

    class Pool:
        window = 3

        def __init__(self):
            self.flight: dict[int, int] = {}
            self.most = 0
            self.tick = 0

        def submit(self, key, chunk):
            self.flight[key] = len(chunk)
            self.most = max(self.most, len(self.flight))

        def finished(self, timeout):
            self.tick += 1
            # the oldest chunk is slow: others finish first
            ready = sorted(self.flight)[1:] if self.tick % 4 else sorted(self.flight)
            return [(k, (0.001, 0, f"{k}\n")) for k in ready if self.flight.pop(k, None) is not None]

    pool = Pool()
    chunks = ([{"n": i}] for i in range(40))
    got = [text for _, _, text in batch._ordered(chunks, pool, batch._Sizer(1.0), lambda: 0)]
    assert got == [f"{i}\n" for i in range(40)]
    assert pool.most <= 3


def test_progress_line_says_count_rate_and_eta():
    assert batch.progress_line(250, 1000, 0, 10.0) == "250/1,000 pairs (25%), 25/s, ETA 0:30"
    assert batch.progress_line(1000, 1000, 2, 40.0) == "1,000/1,000 pairs (100%), 25/s, 0:40, 2 failed"
    assert batch.progress_line(0, 5, 0, 0.0).endswith("ETA ?")


# --- as a user runs it: a terminal, Ctrl+C --------------------------------------------


def _in_terminal(args: list[str], *, stdout, interrupt_after_lines: int | None = None,
                 out_file: Path | None = None, timeout: float = 120) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal; optionally Ctrl+C (SIGINT to the whole
    process group, as a terminal sends it) once the output has that many lines."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=stdout, stderr=slave, stdin=subprocess.DEVNULL,
                            cwd=ROOT, start_new_session=True)
    os.close(slave)
    seen = b""
    sent = False
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    data = b""
                seen += data
                if not data and proc.poll() is not None:
                    break
            elif proc.poll() is not None:
                break
            if (interrupt_after_lines is not None and not sent and out_file is not None
                    and out_file.exists()
                    and out_file.read_bytes().count(b"\n") >= interrupt_after_lines):
                os.killpg(proc.pid, signal.SIGINT)
                sent = True
        rc = proc.wait(timeout=60)
        # what the process wrote just before it ended may still wait in the terminal: the
        # loop can see it end (poll) after a select that found nothing, on a busy machine
        while select.select([master], [], [], 0.5)[0]:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed and nothing is left
                break
            if not data:
                break
            seen += data
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        os.close(master)
    return rc, seen.decode("utf-8", "replace")


@pytest.mark.slow
def test_progress_shows_on_a_terminal_only_and_not_with_quiet(tmp_path):
    f = _pairs(tmp_path, 6)
    rc, err = _in_terminal(_cli("compare", "--pairs", str(f), "--jobs", "1"), stdout=subprocess.DEVNULL)
    assert rc == 0
    assert "6/6 pairs (100%)" in err and "/s" in err
    rc, err = _in_terminal(_cli("compare", "--pairs", str(f), "--jobs", "1", "--quiet"),
                           stdout=subprocess.DEVNULL)
    assert rc == 0 and err == ""


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_with_whole_lines_in_order(tmp_path):
    f = _pairs(tmp_path, 400)
    out = tmp_path / "out.jsonl"
    rc, err = _in_terminal(_cli("compare", "--pairs", str(f), "-o", str(out), "--jobs", "2"),
                           stdout=subprocess.DEVNULL, interrupt_after_lines=3, out_file=out)
    assert rc == 130
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("parallax: error: interrupted:") and str(out) in last
    data = out.read_text(encoding="utf-8")
    assert data.endswith("\n")
    lines = [json.loads(x) for x in data.splitlines()]
    assert 3 <= len(lines) < 400
    assert f"first {len(lines):,} of 400 pairs" in last
    written = [ln.split("\t") for ln in f.read_text(encoding="utf-8").splitlines()[1:]]
    assert [[r["left"], r["right"]] for r in lines] == written[: len(lines)]


def test_scheduler_without_dask_is_one_line_saying_what_to_install(tmp_path, capsys, monkeypatch):
    for name in ("distributed", "dask"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    out = tmp_path / "out.jsonl"
    f = _pairs(tmp_path, 2)
    assert run(["compare", "--pairs", str(f), "--scheduler", "local", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("parallax: error: --scheduler needs Dask")
    assert "pip install 'parallax-reader[dask]'" in err
    assert not out.exists()


def test_a_worker_does_not_load_openssl():
    """A batch worker's memory counts against the batch's 150 MB: hashing a text's digest
    must not load hashlib's OpenSSL backend (3.7 MB in each process)."""
    code = ("import sys\n"
            "from parallax.reader.comparison.batch import compare_record\n"
            "compare_record({'left_text': 'Officials said 40 people came on Tuesday.',"
            " 'right_text': 'Officials said 40 people came on Monday.'})\n"
            "print(sorted(m for m in ('_hashlib', 'hashlib') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, timeout=120).stdout
    assert out.strip() == "[]"


def test_a_record_leaves_no_sentences_read_behind():
    """The sentences a pair's scoring read are dropped after its record: a batch worker's
    next pair holds other sentences, and kept they grew each worker by ~15 MB."""
    from parallax.reader.align.similarity import context

    left = "Officials said 40 people attended the meeting. Rain is expected in the north."
    right = "Officials said that 40 people went to the meeting. Rain is forecast in the north."
    compare(left, right)
    assert context().memo  # what a comparison reads is kept (a collation reads it again)
    rec = batch.compare_record({"left_text": left, "right_text": right})
    assert "summary" in rec and not context().memo
