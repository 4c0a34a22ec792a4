"""Framing markers against human-marked spans, and their speed.

    python benchmarks/framing_quality.py [--all] [--no-speed]

Scores the loaded, hedge and scare-quote markers of
:func:`parallax.reader.framing.markers.markers` on OUR dev portion of the
Propaganda Techniques Corpus train split (76 articles, held out from
training; see ``benchmarks/quality/framing_data.py``) with the SemEval-2020
Task 11 span metric with partial credit (``benchmarks/quality/framing_eval.py``).
Gold: the spans of Loaded_Language, Name_Calling,Labeling, Doubt and
Exaggeration,Minimisation, merged.  Each class is scored alone and merged
("merged": all three kinds together, as the private figure is), for the
*sure* markers (what the window shows when unsure ones are hidden) and for
all of them.  "Before" is the same measure of the hand-written lexicons
(commit e68e39c, before the learned markers).  Hedges are also scored
against Doubt alone, and so are the distancing hedges ("purported",
"alleged", "so-called", "claimed"...).

The speed line times :func:`compare_framing` on two texts of 100,000 words
made of the seed articles (real news: quotations, names, attribution).
About a minute in all.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality import framing_data  # noqa: E402
from benchmarks.quality.framing_eval import merge_spans, score, score_group  # noqa: E402
from parallax.reader.framing.markers import compare_framing, is_sure, markers, sure_threshold  # noqa: E402
from parallax.reader.model import Article  # noqa: E402

CLASSES = ("loaded", "hedge", "scare-quote")
# Measured by this script's metric at commit e68e39c (hand lexicons, every marker shown).
BEFORE = {"loaded": (0.297, 0.073, 509), "hedge": (0.093, 0.003, 246),
          "scare-quote": (0.146, 0.018, 254), "merged": (0.209, 0.094, 1000)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p and r else 0.0


def _count(pred: dict) -> int:
    return sum(len(merge_spans(v)) for v in pred.values())


def quality(show_all: bool) -> None:
    arts = framing_data.articles("dev")
    gold = {aid: spans for aid, _text, spans in arts}
    found = {aid: markers(Article(text=text, language="en")) for aid, text, _ in arts}

    def spans(keep) -> dict:
        return {aid: [(m.span.start, m.span.end) for m in ms if keep(m)] for aid, ms in found.items()}

    print(f"Framing markers on OUR dev portion of the PTC train split ({len(arts)} articles, "
          f"{sum(len(merge_spans(s)) for s in gold.values())} gold spans), SemEval span metric "
          f"with partial credit; sure = confidence >= {sure_threshold():.3f}")
    print(f"{'class':<13} {'before P':>8} {'R':>6} {'F1':>6} {'n':>5} | {'sure P':>7} {'R':>6} {'F1':>6} {'n':>5}"
          f" | {'all P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for cls in (*CLASSES, "merged"):
        cats = CLASSES if cls == "merged" else (cls,)
        sure = spans(lambda m, cats=cats: m.category in cats and is_sure(m))
        every = spans(lambda m, cats=cats: m.category in cats)
        bp, br, bn = BEFORE[cls]
        sp, sr, _ = score(sure, gold)
        ap, ar, _ = score(every, gold)
        print(f"{cls:<13} {bp:>8.3f} {br:>6.3f} {_f1(bp, br):>6.3f} {bn:>5} | {sp:>7.3f} {sr:>6.3f} "
              f"{_f1(sp, sr):>6.3f} {_count(sure):>5} | {ap:>6.3f} {ar:>6.3f} {_f1(ap, ar):>6.3f} {_count(every):>5}")
    doubt = ("Doubt",)
    for label, keep in (("hedges", lambda m: m.category == "hedge"),
                        ("distancing hedges", lambda m: m.category == "hedge" and m.note == "distancing"),
                        ("scare quotes, distanced", lambda m: m.category == "scare-quote" and m.note == "distanced"),
                        ("scare quotes, unattributed",
                         lambda m: m.category == "scare-quote" and m.note == "unattributed")):
        pred = spans(keep)
        p, r, _ = score(pred, gold)
        pd, rd, _ = score_group(pred, gold, doubt)
        print(f"  {label}: {_count(pred)} markers, P {p:.3f} R {r:.3f} (four techniques); "
              f"against Doubt alone P {pd:.3f} R {rd:.3f}")
    if show_all:
        for aid, ms in list(found.items())[:3]:
            print(aid, [(m.text, round(m.confidence, 2)) for m in ms if m.category == "loaded" and is_sure(m)])


def speed() -> None:
    from parallax.reader.ingest.article import load

    texts = [load(p).text for p in sorted((ROOT / "seeds").glob("0*.txt"))]

    def big(order: list[int]) -> str:
        out, n, i = [], 0, 0
        while n < 100_000:
            t = texts[order[i % len(order)] % len(texts)]
            out.append(t)
            n += len(t.split())
            i += 1
        return "\n\n".join(out)

    left = Article(text=big(list(range(len(texts)))), language="en")
    right = Article(text=big(list(range(len(texts)))[::-1]), language="en")
    t0 = time.perf_counter()
    found, _vl, _vr = compare_framing(left, right)
    took = time.perf_counter() - t0
    print(f"compare_framing, {len(left.text.split()):,} and {len(right.text.split()):,} words of seed news: "
          f"{took:.1f} s, {len(found):,} markers")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--all", action="store_true", help="also print a few articles' sure loaded markers")
    ap.add_argument("--no-speed", action="store_true", help="skip the 100,000-word timing")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    quality(args.all)
    if not args.no_speed:
        speed()
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
