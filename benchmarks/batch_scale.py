"""Scale of ``parallax compare --pairs``: speed, memory, start-up.

    python benchmarks/batch_scale.py [--quick] [--dask] [--only startup|news|trivial] [--counts N,N]

Prints, on this machine:
* start-up: ``parallax --version``, median wall time of 15 runs (target <= 200 ms);
* 1,000 news-length pairs (400-900 words a side, generated as in
  compare_speed.py, all different) through ``compare --pairs`` on all cores
  (target <= 10 s on 2 cores), with the CPU time per pair and the time to the
  first output line (results stream);
* 500,000 trivial pairs (one-sentence files) and 50,000 of the same, with
  the peak RSS of the whole process tree (the command and its workers,
  sampled every 50 ms; target <= 150 MB whatever the file length) and the
  peak PSS (shared pages counted once);
* with ``--dask``, the 1,000 news pairs again on ``--scheduler local``.

``--quick`` runs 100 news pairs and 20,000/2,000 trivial ones.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.compare_speed import document, edited, paragraphs, vocabulary  # noqa: E402

PARALLAX = [sys.executable, "-m", "parallax.ui.main"]


def _script() -> list[str]:
    script = Path(sys.executable).with_name("parallax")
    return [str(script)] if script.exists() else PARALLAX


# --- the process tree's memory ---------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def _kb(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Peak summed RSS and PSS (MB) of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid = pid
        self.every = every
        self.peak_rss = self.peak_pss = self.peak_root = 0.0
        self.most_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        n = 0
        pids: list[int] = []
        while not self._stop.is_set():
            if n % 10 == 0:  # walking /proc costs more: the tree every half second
                pids = _tree(self.pid)
            each = {p: _kb(f"/proc/{p}/status", "VmRSS:") / 1024 for p in pids}
            self.peak_rss = max(self.peak_rss, sum(each.values()))
            self.peak_root = max(self.peak_root, each.get(self.pid, 0.0))
            self.most_procs = max(self.most_procs, len(pids))
            if n % 4 == 0:  # smaps_rollup costs more to read
                pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids) / 1024
                self.peak_pss = max(self.peak_pss, pss)
            n += 1
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_pairs(pairs: Path, *extra: str) -> dict:
    """Run ``compare --pairs``; wall time, first-line latency, lines, errors, memory, CPU."""
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen([*PARALLAX, "compare", "--pairs", str(pairs), "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    mem = TreeMemory(proc.pid)
    first = None
    lines = errors = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if first is None:
            first = time.perf_counter() - t0
        lines += 1
        errors += b'"error"' in line
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    rc = proc.wait()
    wall = time.perf_counter() - t0
    mem.stop()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"rc": rc, "wall": wall, "first": first or 0.0, "lines": lines, "errors": errors,
            "rss": mem.peak_rss, "pss": mem.peak_pss, "root": mem.peak_root,
            "procs": mem.most_procs, "cpu": cpu,
            "stderr": err.strip()}


# --- the measurements ------------------------------------------------------------


def startup(runs: int = 15) -> None:
    cmd = [*_script(), "--version"]
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    print(f"start-up: `parallax --version` median {statistics.median(times) * 1000:.0f} ms, "
          f"best {min(times) * 1000:.0f} ms over {runs} runs (target <= 200 ms)")


def news(n: int, *, dask: bool = False) -> None:
    rng = random.Random(11)
    vocab = vocabulary(rng, 8000)
    with tempfile.TemporaryDirectory() as d:
        lines = []
        for i in range(n):
            sents = document(rng, rng.randint(400, 900), vocab)
            lp, rp = Path(d, f"{i}a.txt"), Path(d, f"{i}b.txt")
            lp.write_text(paragraphs(sents, rng), encoding="utf-8")
            rp.write_text(paragraphs(edited(rng, sents, vocab), rng), encoding="utf-8")
            lines.append(f"{lp}\t{rp}")
        pf = Path(d, "pairs.tsv")
        pf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runs = [("process pool", ())]
        if dask:
            runs.append(("--scheduler local", ("--scheduler", "local")))
        for name, extra in runs:
            r = run_pairs(pf, *extra)
            print(f"{n:,} news-length pairs, {name}, {os.cpu_count()} cores: {r['wall']:.1f} s "
                  f"(target <= 10 s for 1,000), first line after {r['first']:.1f} s, "
                  f"{r['cpu'] / max(1, r['lines']) * 1000:.0f} ms CPU a pair, "
                  f"peak RSS {r['rss']:.0f} MB ({r['procs']} processes), "
                  f"{r['lines']:,} lines, {r['errors']} errors, exit {r['rc']}"
                  + (f"; stderr: {r['stderr'][:200]}" if r["stderr"] else ""))


def trivial(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as d:
        files = []
        for i, text in enumerate([
            "Officials said 40 people attended the meeting on Tuesday in the capital.",
            "Officials said 40 people attended Tuesday's meeting in the capital city.",
            "Rain is expected across the north of the country over the weekend.",
        ]):
            f = Path(d, f"t{i}.txt")
            f.write_text(text + "\n", encoding="utf-8")
            files.append(f)
        pairs = [f"{files[0]}\t{files[1]}\n", f"{files[1]}\t{files[2]}\n", f"{files[0]}\t{files[2]}\n"]
        for n in counts:
            pf = Path(d, f"pairs{n}.tsv")
            with pf.open("w", encoding="utf-8") as fh:
                for i in range(n):
                    fh.write(pairs[i % 3])
            r = run_pairs(pf)
            print(f"{n:,} trivial pairs (pairs file {pf.stat().st_size / 1e6:.0f} MB): "
                  f"{r['wall']:.0f} s ({r['lines'] / r['wall']:,.0f} pairs/s), "
                  f"first line after {r['first']:.1f} s, "
                  f"peak RSS of the process tree {r['rss']:.0f} MB, peak PSS {r['pss']:.0f} MB "
                  f"({r['procs']} processes; target <= 150 MB), of which the command itself "
                  f"{r['root']:.0f} MB, "
                  f"{r['lines']:,} lines, {r['errors']} errors, exit {r['rc']}"
                  + (f"; stderr: {r['stderr'][:200]}" if r["stderr"] else ""))


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    if only in (None, "startup"):
        startup()
    if only in (None, "news"):
        news(100 if quick else 1000, dask="--dask" in sys.argv)
    if only in (None, "trivial"):
        counts = [int(c) for c in sys.argv[sys.argv.index("--counts") + 1].split(",")] \
            if "--counts" in sys.argv else [2_000, 20_000] if quick else [50_000, 500_000]
        trivial(counts)
