"""Conflicting facts between two long documents about unrelated stories (issue #13).

    python benchmarks/unrelated_conflicts.py [--words 20000] [--draws 3]

Two numbers conflict only when they count the same thing in passages the
alignment links; two documents about different events should have almost
none (target: at most one per 10,000 words).  Each draw splits the ECB+
train topics in two at random, and concatenates ``--words`` words of one
half's news articles on the left and of the other half's on the right: real
reports full of dollar sums, tolls and dates, none about the other side's
events.  Prints each draw's conflicts per 10,000 words and the first few.

With ``--same-event N``: N pairs of ECB+ train-topic reports of ONE event
instead, where conflicts are what an analyst looks for; prints the conflicts
per 10,000 words by the kind of reason (aligned passages, the same words, a
counted phrase in reports of one story) and each conflict with the words
around its two figures, to be read: whether two figures are one quantity is
a judgement no label in ECB+ gives.

Needs the ECB+ data cache, ``benchmarks/.cache/event_docs.jsonl``
(``python benchmarks/quality/datasets.py`` builds it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parallax.reader import compare  # noqa: E402
from parallax.reader.ingest.article import from_text  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache" / "event_docs.jsonl"


def _take(texts: list[str], words: int) -> str:
    out, n = [], 0
    for t in texts:
        out.append(t)
        n += len(t.split())
        if n >= words:
            break
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=20_000, help="words a side (default 20,000)")
    ap.add_argument("--draws", type=int, default=3)
    ap.add_argument("--same-event", type=int, default=0, metavar="N",
                    help="instead: N pairs of reports of one event (ECB+ train topics), conflicts to read")
    args = ap.parse_args(argv)
    if args.same_event:
        return same_event(args.same_event)
    if not CACHE.exists():
        print(f"no {CACHE.relative_to(ROOT)}: run python benchmarks/quality/datasets.py first", file=sys.stderr)
        return 1
    docs = [json.loads(line) for line in CACHE.read_text(encoding="utf-8").splitlines()]
    topics = sorted({d["topic"] for d in docs})
    worst = 0.0
    for draw in range(args.draws):
        rng = random.Random(draw)
        order = topics[:]
        rng.shuffle(order)
        left_topics = set(order[: len(order) // 2])
        left = [d["text"] for d in docs if d["topic"] in left_topics]
        right = [d["text"] for d in docs if d["topic"] not in left_topics]
        rng.shuffle(left)
        rng.shuffle(right)
        lt, rt = _take(left, args.words), _take(right, args.words)
        c = compare(from_text(lt), from_text(rt))
        conflicts = [f for f in c.facts if f.status == "conflict"]
        words = len(lt.split()) + len(rt.split())
        rate = len(conflicts) / words * 10_000
        worst = max(worst, rate)
        print(f"draw {draw}: {words:,} words, {len(conflicts)} conflicts, {rate:.2f} per 10,000 words "
              f"{[f.value for f in conflicts[:3]]}")
    print(f"worst {worst:.2f} per 10,000 words (target <= 1)")
    return 0


def same_event(n: int) -> int:
    from benchmarks.quality.datasets import MissingData, event_pairs

    try:
        pairs = [p for p in event_pairs("train") if p.label == 1]
    except MissingData as err:
        print(err, file=sys.stderr)
        return 1
    random.Random(5).shuffle(pairs)
    pairs = pairs[:n]
    words = 0
    kinds: dict[str, int] = {}
    shown = []
    for p in pairs:
        c = compare(from_text(p.left), from_text(p.right), framing=False)
        words += len(p.left.split()) + len(p.right.split())
        for f in c.facts:
            if f.status == "conflict":
                kind = ("aligned passages" if f.reason.startswith("aligned") else
                        "one story" if "one story" in f.reason else "the same words")
                kinds[kind] = kinds.get(kind, 0) + 1
                shown.append((p.id, f, c.left.text, c.right.text))
    total = sum(kinds.values())
    print(f"{len(pairs)} pairs of reports of one event, {words:,} words: {total} conflicts, "
          f"{total / max(1, words) * 10_000:.2f} per 10,000 words; by reason: {kinds}")

    def around(text: str, sp) -> str:
        return (text[max(0, sp.start - 70):sp.start] + "[[" + text[sp.start:sp.end] + "]]"
                + text[sp.end:sp.end + 50]).replace("\n", " ")

    for pid, f, lt, rt in shown:
        print(f"--- {pid}: {f.value} | {f.reason}")
        print("  L:", around(lt, f.left[0]))
        print("  R:", around(rt, f.right[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
