"""Speed and memory of the comparison engine on real-like material, beside the shuffled copy.

    python benchmarks/real_like.py [--quick] [--sizes 1000,10000,30000,100000] [--kind real|shuffled|both] [--repeat 3]
    python benchmarks/real_like.py --profile 33000 [--no-facts] [--no-framing] [--callers REGEX,...]

*Real-like*: two long texts made of many *different* public news articles on
related topics, the ECB+ train-topic articles (575 CC-BY news reports of 50 real
events, median 229 words; see ``benchmarks/quality/README.md``).  The articles of
each event go alternately left and right, so both sides report the same events
through other outlets: sentences that look alike (the same names, figures and
vocabulary) without being copies -- the hard case for candidate generation,
which the shuffled copy never shows.  The corpus holds ~190,000 words, so a side
holds ~95,000 different words; a larger side goes round its own articles again
in a new order (repeats within one side, never copies across the sides).

*Shuffled*: ``compare_speed.pair``, a generated text against a copy of itself
with moved blocks and edited, dropped and inserted sentences.

Each size runs in a fresh subprocess, so its peak RSS is its own, three times
(the run with the least CPU time is kept: on a shared machine the others
measure the neighbours too).  For each it prints the wall and CPU time of the whole ``compare()`` (facts and framing on),
the CPU time of each stage (prepare, verbatim runs, paraphrase alignment,
summary, facts, framing), the peak RSS and how the time grows for 10x the
words; then the median of 20 different 1,000-word real-like pairs in one
process, and a reference loop's CPU time, to read the figures of one machine
against another's.

Targets (issue #14): the ~33,000-word real-like pair <= 2 s; 100,000 words a
side <= 5 s and <= 500 MB (real-like), <= 1 s (shuffled); 2 x 1,000 words <= 20 ms.

Needs the ECB+ data cache, ``benchmarks/.cache/event_docs.jsonl``: build it
with ``python benchmarks/quality/datasets.py`` (it reads a local mirror of
``github:tommasoc80/EventStoryLine``; without one it says what to fetch).
The shuffled copy needs nothing.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (1000, 10_000, 30_000, 100_000)
TARGET = 33_000  # the real-like pair of the 2 s target


def _docs() -> list[dict]:
    from benchmarks.quality.datasets import MissingData, event_docs

    try:
        docs = event_docs()
    except MissingData as exc:
        sys.exit(f"real_like.py needs the ECB+ data cache (benchmarks/.cache/event_docs.jsonl): {exc}\n"
                 "Build it with: python benchmarks/quality/datasets.py")
    return [docs[k] for k in sorted(docs)]


def pair(words: int, seed: int = 14) -> tuple[str, str]:
    """Two texts of about ``words`` words each, of different news articles on the same events."""
    rng = random.Random(seed)
    by_event: dict[str, list[dict]] = {}
    for d in _docs():
        by_event.setdefault(d["event"], []).append(d)
    sides: list[list[str]] = [[], []]
    for event in sorted(by_event):
        docs = by_event[event]
        rng.shuffle(docs)
        for k, d in enumerate(docs):  # an event's reports alternate between the sides
            sides[(k + len(event)) % 2].append(d["text"].strip())
    out = []
    for arts in sides:
        order: list[str] = []
        total = 0
        while total < words:
            batch = list(arts)
            rng.shuffle(batch)  # related articles spread through the document
            for text in batch:
                if total >= words:
                    break
                order.append(text)
                total += len(text.split())
        out.append("\n\n".join(order))
    return out[0], out[1]


def texts(kind: str, words: int, seed: int = 14) -> tuple[str, str]:
    if kind == "shuffled":
        from benchmarks.compare_speed import pair as shuffled

        return shuffled(words)  # compare_speed.py's own pair
    return pair(words, seed)


def reference() -> float:
    """CPU seconds of a fixed pure-Python loop: this machine's speed, to compare figures."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        x = 0
        for i in range(3_000_000):
            x += i
        best = min(best, time.process_time() - t)
    return best


def _instrument(times: dict[str, float]) -> None:
    """Wrap the engine's stages so that their CPU time is added up in ``times``."""
    import parallax.reader.align.paraphrase as paraphrase
    import parallax.reader.comparison.engine as engine
    import parallax.reader.facts.extract as facts
    import parallax.reader.framing.markers as framing

    def timed(mod, name: str, label: str) -> None:
        real = getattr(mod, name)

        def wrapper(*args, **kwargs):
            t = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.process_time() - t

        setattr(mod, name, wrapper)

    timed(engine, "prepare", "prepare")
    timed(engine, "shared_runs", "verbatim")
    timed(paraphrase, "align_sentences", "paraphrase")
    timed(engine, "_summary", "summary")
    timed(facts, "compare_facts", "facts")
    timed(framing, "compare_framing", "framing")


def _child(kind: str, words: int, facts: bool, framing: bool) -> None:
    import resource

    from parallax.reader.comparison.engine import compare
    from parallax.reader.ingest.article import from_text

    lt, rt = texts(kind, words)
    a, b = from_text(lt), from_text(rt)
    compare("A warm-up sentence with a name, Paris, and 3 figures.", "A warm-up line naming Paris.")
    times: dict[str, float] = {}
    _instrument(times)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0, t0 = time.process_time(), time.perf_counter()
    c = compare(a, b, facts=facts, framing=framing)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "words": [len(a.text.split()), len(b.text.split())], "seconds": dt, "cpu": cpu,
        "stages": times, "peak_mb": peak / 1024, "before_mb": base / 1024,
        "matches": len(c.matches), "paraphrases": sum(m.kind == "paraphrase" for m in c.matches),
        "facts": len(c.facts), "framing": len(c.framing),
    }))


def run(sizes: list[int], facts: bool = True, framing: bool = True, kind: str = "real",
        repeat: int = 3) -> dict[int, dict]:
    """Each size ``repeat`` times, each in a fresh process; the run with the least CPU time
    is kept (on a shared machine the others measure the neighbours too)."""
    res = {}
    flags = [] if facts else ["--no-facts"]
    flags += [] if framing else ["--no-framing"]
    print(f"{kind} (best of {repeat} runs):")
    for w in sizes:
        runs = []
        for _ in range(repeat):
            out = subprocess.run([sys.executable, __file__, "--child", kind, str(w), *flags],
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = min(runs, key=lambda x: x["cpu"])
        res[w] = r
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items())
        print(f"{r['words'][0]:>7,} / {r['words'][1]:>7,} words: {r['seconds']:.2f} s wall, "
              f"{r['cpu']:.2f} s CPU ({stages}); peak RSS {r['peak_mb']:.0f} MB "
              f"(before compare {r['before_mb']:.0f} MB); {r['matches']} matches "
              f"({r['paraphrases']} paraphrases), {r['facts']} facts, {r['framing']} markers", flush=True)
    ks = sorted(res)
    for x, y in pairwise(ks):
        f = y / x
        print(f"{f:.0f}x the words ({x:,} -> {y:,}): {res[y]['cpu'] / res[x]['cpu']:.1f}x the CPU time")
    return res


def small_pairs(n: int = 20) -> None:
    """The median CPU time of ``n`` different 1,000-word real-like pairs in one process."""
    from parallax.reader.comparison.engine import compare
    from parallax.reader.ingest.article import from_text

    compare(*map(from_text, pair(1000, seed=1)))  # imports, lexicons
    times: dict[str, float] = {}
    _instrument(times)
    total = []
    for k in range(n):  # different texts: nothing cached from one pair to the next
        a, b = map(from_text, pair(1000, seed=2 + k))
        t = time.process_time()
        compare(a, b)
        total.append(time.process_time() - t)
    total.sort()
    stages = ", ".join(f"{k} {v / n * 1000:.1f}" for k, v in times.items())
    print(f"{n} different 1,000-word real-like pairs: median {total[n // 2] * 1000:.1f} ms CPU, "
          f"worst {total[-1] * 1000:.1f} ms (mean per stage, ms: {stages}); target <= 20 ms")


def profile(words: int, facts: bool, framing: bool, top: int = 30, callers: tuple[str, ...] = ()) -> None:
    import cProfile
    import pstats

    from parallax.reader.comparison.engine import compare
    from parallax.reader.ingest.article import from_text

    lt, rt = pair(words)
    a, b = from_text(lt), from_text(rt)
    compare("A warm-up sentence with a name, Paris, and 3 figures.", "A warm-up line naming Paris.")
    pr = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    pr.enable()
    compare(a, b, facts=facts, framing=framing)
    pr.disable()
    st = pstats.Stats(pr)
    st.sort_stats("cumulative").print_stats(top)
    st.sort_stats("tottime").print_stats(top)
    if callers:
        st.print_callers(*callers)


def main(argv: list[str]) -> int:
    facts, framing = "--no-facts" not in argv, "--no-framing" not in argv
    if len(argv) > 2 and argv[0] == "--child":
        _child(argv[1], int(argv[2]), facts, framing)
        return 0
    if argv and argv[0] == "--profile":
        callers = tuple(argv[argv.index("--callers") + 1].split(",")) if "--callers" in argv else ()
        profile(int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 33_000, facts, framing,
                callers=callers)
        return 0
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    sizes = list(SIZES)
    if "--sizes" in argv:
        sizes = [int(x) for x in argv[argv.index("--sizes") + 1].split(",")]
    elif "--quick" in argv:
        sizes = [1000, 10_000]
    kind = argv[argv.index("--kind") + 1] if "--kind" in argv else "both"
    print(f"reference loop (3 million additions): {reference() * 1000:.0f} ms CPU")
    if kind in ("real", "both"):
        _docs()  # a clear message now if the data cache is missing
        run(sizes, facts, framing, "real", repeat)
        if "--sizes" not in argv and "--quick" not in argv:
            run([TARGET], facts, framing, "real", repeat)
            small_pairs()
    if kind in ("shuffled", "both"):
        run(sizes, facts, framing, "shuffled", repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
