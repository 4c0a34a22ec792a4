"""Speed of ``compare_many``: several reports of one story collated in-process.

    python benchmarks/collate_speed.py [--quick]

Prints, on this machine, wall and CPU time of :func:`compare_many` (facts and
framing on, every pair compared) for:

* the five seed reports as captured (467-747 words; target < 1 s);
* five news-length reports of the story (target < 1 s);
* twenty reports of the story: the five seeds and fifteen more (target < 10 s).

The fifteen extra reports are real sentences, not copies: each is built (seeded,
so reproducible) from one seed report's sentences, a few dropped and paragraphs
moved, with passages taken over from two other seed reports (as outlets do with
wire copy and each other's reporting), some attribution verbs and names written
differently ("said" / "stated", "Kyiv" / "Kiev"), and its own date, outlet and
credit.  They come to 500-1,000 words each.

``--quick`` times each set once instead of three times.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SWAPS = [("said", "stated"), ("told reporters", "told journalists"), ("Kyiv", "Kiev"),
          ("troops", "soldiers"), ("talks", "discussions"), ("virtual", "online"),
          ("warned", "cautioned"), ("Moscow", "the Kremlin")]
_OUTLETS = ["Daily Ledger", "Evening Courier", "Morning Post", "Global Wire Review", "City Herald",
            "The Observer Desk", "North Times", "Harbour News", "Capital Report", "Continental Daily",
            "Metro Bulletin", "River Gazette", "Union Tribune", "Coastal Chronicle", "Valley Express"]
_AGENCIES = [(), ("Reuters",), ("AP",), (), ("AFP",)]


def seeds():
    from parallax.reader.ingest.article import load

    return [load(p) for p in sorted((ROOT / "seeds").glob("0*_*.txt"))]


def _paragraph_sentences(article) -> list[list[str]]:
    """The article's paragraphs, each a list of its sentences' texts."""
    text = article.text
    out = []
    for p in article.paragraphs:
        sents = [s.slice(text) for s in article.sentences if p.start <= s.start < p.end]
        if sents:
            out.append(sents)
    return out


def report(rng: random.Random, base, others, k: int):
    """One more report of the story, built from real sentences (see the module docstring)."""
    from parallax.reader.ingest.article import from_text

    paras = [list(p) for p in _paragraph_sentences(base)]
    paras = [[s for s in p if rng.random() > 0.12] or p[:1] for p in paras]  # a few sentences dropped
    for _ in range(2):  # paragraphs moved
        if len(paras) > 3:
            i = rng.randrange(1, len(paras))
            p = paras.pop(i)
            paras.insert(rng.randrange(1, len(paras) + 1), p)
    for other in rng.sample(others, 2):  # passages taken over from other reports
        theirs = _paragraph_sentences(other)
        if not theirs:
            continue
        start = rng.randrange(len(theirs))
        taken = [s for p in theirs[start:start + rng.randint(1, 3)] for s in p]
        paras.insert(rng.randrange(1, len(paras) + 1), taken)
    body = "\n\n".join(" ".join(p) for p in paras)
    for a, b in rng.sample(_SWAPS, 3):
        body = re.sub(rf"\b{re.escape(a)}\b", b, body)
    art = from_text(body, source=f"report-{k:02d}.txt")
    day = 3 + k % 6
    agencies = _AGENCIES[k % len(_AGENCIES)]
    return replace(art, outlet=_OUTLETS[k % len(_OUTLETS)], published=f"2021-12-{day:02d}T{8 + k % 12:02d}:00:00+00:00",
                   credits=agencies, agencies=agencies)


def story(n_more: int, seed: int = 5):
    base = seeds()
    rng = random.Random(seed)
    more = [report(rng, base[k % len(base)], [b for b in base if b is not base[k % len(base)]], k)
            for k in range(n_more)]
    return base, more


def _time(articles, runs: int) -> tuple[float, float, object]:
    from parallax.reader.comparison.collate import compare_many

    walls, cpus = [], []
    col = None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        col = compare_many(articles)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), col


def main() -> None:
    runs = 1 if "--quick" in sys.argv else 3
    from parallax.reader.comparison.collate import compare_many

    base, more = story(15)
    compare_many(base[:2])  # warm up: imports, lexicons, models
    words = lambda arts: [len(a.text.split()) for a in arts]  # noqa: E731
    for name, arts, target, r in (
        ("the five seed reports", base, 1.0, runs),
        ("five news-length reports", more[:5], 1.0, runs),
        ("twenty reports (5 seeds + 15)", base + more, 10.0, max(1, runs - 1)),
    ):
        wall, cpu, col = _time(arts, r)
        w = words(arts)
        print(f"{name}: {len(arts)} articles of {min(w)}-{max(w)} words ({sum(w):,} in all), "
              f"{len(arts) * (len(arts) - 1) // 2} pairs: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(median of {r}; target < {target:.0f} s); {len(col.passages)} passages, "
              f"{len(col.facts)} facts, {len(col.framing)} framing rows, {len(col.reuse)} reuse links")


if __name__ == "__main__":
    main()
