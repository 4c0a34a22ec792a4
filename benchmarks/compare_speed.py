"""Speed and memory of the comparison engine.

    python benchmarks/compare_speed.py [--quick]

Prints, on this machine:
* two ~1,000-word articles, in-process (target <= 20 ms, issue #14);
* two documents of 10,000 and 100,000 words with moved and edited passages
  (target <= 1 s and < 400 MB peak at 100,000, issue #14; 10x the words <= ~12x
  the time);
  each size runs in a fresh subprocess so its peak RSS is its own;
* 1,000 pairs of news-length articles through `parallax compare --pairs`
  (target <= 10 s on 2 cores; benchmarks/batch_scale.py also measures the
  batch's memory, its first line's latency and a Dask run).

The documents are generated (seeded, Zipf-like vocabulary, sentences and
paragraphs), so the figures are reproducible; the edited side moves passages
around, rewrites words, drops and inserts sentences.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "da", "pe", "gri", "sto", "an", "el", "or", "un"]


def vocabulary(rng: random.Random, n: int = 20000) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(_SYL) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def document(rng: random.Random, words: int, vocab: list[str]) -> list[str]:
    """Sentences (lists of words joined) making up about ``words`` words."""
    weights = [1 / (i + 1) for i in range(len(vocab))]
    out: list[str] = []
    total = 0
    while total < words:
        n = rng.randint(8, 30)
        ws = rng.choices(vocab, weights=weights, k=n)
        ws[0] = ws[0].capitalize()
        out.append(" ".join(ws) + ".")
        total += n
    return out


def edited(rng: random.Random, sents: list[str], vocab: list[str]) -> list[str]:
    """Move blocks, rewrite words, drop and insert sentences."""
    s = list(sents)
    # move 10 blocks of 5-20 sentences elsewhere
    for _ in range(10):
        if len(s) < 40:
            break
        a = rng.randrange(len(s) - 20)
        block = s[a:a + rng.randint(5, 20)]
        del s[a:a + len(block)]
        b = rng.randrange(len(s))
        s[b:b] = block
    out = []
    for sent in s:
        r = rng.random()
        if r < 0.05:
            continue  # dropped
        if r < 0.10:
            out.append(" ".join(rng.choices(vocab, k=rng.randint(8, 25))).capitalize() + ".")  # new
        ws = sent.split()
        for _ in range(rng.randint(0, 2)):  # word edits
            ws[rng.randrange(len(ws))] = rng.choice(vocab)
        out.append(" ".join(ws))
    return out


def paragraphs(sents: list[str], rng: random.Random) -> str:
    out, cur = [], []
    for s in sents:
        cur.append(s)
        if rng.random() < 0.2:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return "\n\n".join(out)


def pair(words: int, seed: int = 7) -> tuple[str, str]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    left = document(rng, words, vocab)
    right = edited(rng, left, vocab)
    return paragraphs(left, rng), paragraphs(right, rng)


def _child(words: int) -> None:
    """Run one size in this process; print JSON with time and peak RSS."""
    import resource

    from parallax.reader.comparison.engine import compare
    from parallax.reader.ingest.article import from_text

    lt, rt = pair(words)
    a, b = from_text(lt), from_text(rt)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c0 = time.perf_counter(), time.process_time()
    c = compare(a, b)
    dt, cpu = time.perf_counter() - t, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "words": words, "seconds": dt, "cpu": cpu, "peak_mb": peak / 1024, "before_mb": base / 1024,
        "verbatim_left": c.summary.verbatim_left, "matches": len(c.matches),
    }))


def small_pair() -> None:
    from parallax.reader.comparison.engine import compare
    from parallax.reader.ingest.article import from_text

    compare(*map(from_text, pair(1000, seed=2)))  # warm up (imports, lexicons)
    times = []
    for k in range(20):  # 20 different pairs: nothing cached from one to the next
        a, b = map(from_text, pair(1000, seed=100 + k))
        t = time.process_time()  # CPU time: the machine may be shared
        compare(a, b)
        times.append(time.process_time() - t)
    times.sort()
    print(f"1,000-word pairs (20 different, facts and framing on): median "
          f"{times[len(times) // 2] * 1000:.1f} ms CPU, worst {times[-1] * 1000:.1f} ms (target <= 20 ms)")
    seeds = sorted((ROOT / "seeds").glob("00[34]_*.txt"))
    if len(seeds) == 2:
        from parallax.reader.ingest.article import load

        la, lb = load(seeds[0]), load(seeds[1])
        t = time.process_time()
        compare(la, lb)
        print(f"seed pair 003/004 (~750 + 550 words, facts and framing on): "
              f"{(time.process_time() - t) * 1000:.1f} ms CPU")


def big(sizes: list[int]) -> None:
    res = {}
    for w in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(w)], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        res[w] = r
        print(f"{w:>7,} words each: {r['seconds']:.2f} s ({r['cpu']:.2f} s CPU), peak RSS {r['peak_mb']:.0f} MB "
              f"(process before compare: {r['before_mb']:.0f} MB), "
              f"verbatim share {r['verbatim_left']:.2f}, {r['matches']} matches")
    ks = sorted(res)
    if len(ks) >= 2:
        a, b = ks[0], ks[-1]
        print(f"{b // a}x the words cost {res[b]['seconds'] / res[a]['seconds']:.1f}x the time "
              f"(target <= ~12x)")


def pairs_run(n: int = 1000) -> None:
    rng = random.Random(11)
    vocab = vocabulary(rng, 8000)
    with tempfile.TemporaryDirectory() as d:
        lines = []
        for i in range(n):
            lt, rt = pair(rng.randint(400, 900), seed=1000 + i) if i < 50 else (None, None)
            if lt is None:
                sents = document(rng, rng.randint(400, 900), vocab)
                lt = paragraphs(sents, rng)
                rt = paragraphs(edited(rng, sents, vocab), rng)
            lp, rp = Path(d, f"{i}a.txt"), Path(d, f"{i}b.txt")
            lp.write_text(lt, encoding="utf-8")
            rp.write_text(rt, encoding="utf-8")
            lines.append(f"{lp}\t{rp}")
        pf = Path(d, "pairs.tsv")
        pf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "parallax.ui.main", "compare", "--pairs", str(pf),
                              "--quiet"], capture_output=True, text=True, cwd=ROOT)
        dt = time.perf_counter() - t
        got = [json.loads(x) for x in out.stdout.splitlines()]
        errors = sum("error" in g for g in got)
        print(f"{n:,} pairs via --pairs on {os.cpu_count()} cores: {dt:.1f} s, "
              f"{len(got)} lines, {errors} errors (target <= 10 s on 2 cores)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]))
        sys.exit(0)
    quick = "--quick" in sys.argv
    small_pair()
    big([1000, 10000] if quick else [10000, 100000])
    pairs_run(100 if quick else 1000)
