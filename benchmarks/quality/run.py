"""The quality harness: Parallax's judgments on our own dev splits of public data.

    python benchmarks/quality/run.py [--quick]

For each judgment the figure the project is held to, measured through the
real ``parallax.reader.compare`` (not the training features), beside a naive
baseline on the same pairs:

- paraphrase (MSRP train, our dev 20 %): accuracy of ``summary.similarity``
  at a threshold fitted on our train 80 %; baseline: word-level difflib ratio;
- same event (ECB+ train topics, our dev topics): ROC AUC of
  ``summary.similarity``, the share of same-event pairs at exactly 0, and how
  often ``summary.related`` is false for same- and other-event pairs;
- reuse (Clough & Stevenson, our dev 20 %, plus independent ECB+ reports and
  reuse made from them as ``training/train_reuse.py`` makes it): macro-F1 of
  ``summary.reuse``; baseline: the share of right-hand words in shared runs
  of 3+ words with two thresholds fitted on the training part; then the same
  dev texts re-lettered into Arabic script (each Latin letter one Arabic
  letter, full stop, comma and question mark the Arabic ones): how many
  verdicts stay the same, since the verdict must not depend on the script
  (no public reuse set in a right-to-left language has a train split); and
  real pairs of our dev topics whose level we read by hand
  (``benchmarks/data/reuse_news_dev.tsv``: written by us, so a check, not a
  neutral benchmark), with the same baseline.

Framing markers have their own harness, ``benchmarks/framing_quality.py``.
Data: ``benchmarks/quality/datasets.py`` (see its README for how to get it).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality.datasets import event_pairs, paraphrase_pairs, reuse_pairs  # noqa: E402
from parallax.reader import compare  # noqa: E402
from parallax.reader.text.keys import tokens  # noqa: E402
from training.logistic import accuracy_at_best_threshold, roc_auc  # noqa: E402
from training.train_reuse import LEVEL_OF, _made_news, _news, _thresholds, macro_f1, read_levels  # noqa: E402

LEVELS = ("wholly", "partially", "not")


def _summary(left: str, right: str):
    return compare(left, right, facts=False, framing=False).summary


def _difflib(a: str, b: str) -> float:
    ka, kb = [t.key for t in tokens(a)], [t.key for t in tokens(b)]
    return difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio()


def paraphrase(quick: bool) -> None:
    train, dev = paraphrase_pairs("train"), paraphrase_pairs("dev")
    if quick:
        train, dev = train[::4], dev[::2]
    for name, fn in (("parallax summary.similarity", lambda p: _summary(p.left, p.right).similarity),
                     ("baseline: word difflib ratio", lambda p: _difflib(p.left, p.right))):
        st = np.array([fn(p) for p in train])
        sd = np.array([fn(p) for p in dev])
        yt = np.array([p.label for p in train])
        yd = np.array([p.label for p in dev])
        thr, _ = accuracy_at_best_threshold(st, yt)
        print(f"  {name:34s} accuracy {float(((sd > thr) == yd).mean()):.3f} "
              f"(threshold {thr:.3f} from our train part), ROC AUC {roc_auc(sd, yd):.3f}")


def same_event(quick: bool) -> None:
    dev = event_pairs("dev")
    if quick:
        dev = dev[::3]
    sums = [_summary(p.left, p.right) for p in dev]
    s = np.array([x.similarity for x in sums])
    y = np.array([p.label for p in dev])
    related = np.array([x.related for x in sums])
    easy = np.array([p.info.get("kind") != "same_topic_other_event" for p in dev])
    print(f"  ROC AUC {roc_auc(s, y):.3f} (negatives: other events of the same topic and other topics); "
          f"{roc_auc(s[easy], y[easy]):.3f} (other topics only)")
    print(f"  same-event pairs at similarity 0: {float((s[y == 1] == 0).mean()):.3f}; "
          f"called unrelated: same event {float((~related[y == 1]).mean()):.3f}, "
          f"other topic {float((~related[(y == 0) & easy]).mean()):.3f}, "
          f"same topic other event {float((~related[(y == 0) & ~easy]).mean()):.3f}")


def reuse(quick: bool) -> None:
    train = reuse_pairs("train") + _news("train") + _made_news("train")
    dev = reuse_pairs("dev") + _news("dev") + _made_news("dev")
    if quick:
        train = train[::2]
    gold_t = np.array([LEVELS.index(LEVEL_OF[p.label]) for p in train])
    gold_d = np.array([LEVELS.index(LEVEL_OF[p.label]) for p in dev])
    st = [_summary(p.left, p.right) for p in train]
    sd = [_summary(p.left, p.right) for p in dev]
    pred = np.array([LEVELS.index(x.reuse) for x in sd])
    print(f"  parallax summary.reuse               macro-F1 {macro_f1(pred, gold_d):.3f} on {len(dev)} texts")
    cov_t = np.array([x.evidence.covered_right for x in st])
    cov_d = np.array([x.evidence.covered_right for x in sd])
    _, lo, hi = _thresholds(cov_t, gold_t)
    base = np.where(cov_d >= hi, 0, np.where(cov_d >= lo, 1, 2))
    print(f"  baseline: 3-word run share, 2 cuts   macro-F1 {macro_f1(base, gold_d):.3f} "
          f"(cuts {lo:.2f}/{hi:.2f} from our train part)")
    re_lettered = [_summary(_arabic_letters(p.left), _arabic_letters(p.right)) for p in dev]
    pred_ar = np.array([LEVELS.index(x.reuse) for x in re_lettered])
    moved = max(abs(x.evidence.covered_right - y.evidence.covered_right) for x, y in zip(sd, re_lettered, strict=True))
    print(f"  the same texts in Arabic letters      macro-F1 {macro_f1(pred_ar, gold_d):.3f}; "
          f"{int((pred_ar == pred).sum())} of {len(dev)} verdicts unchanged, "
          f"covered share moved at most {moved:.3f}")
    # real news: dev-topic pairs whose level we read by hand (benchmarks/data/reuse_news_dev.tsv)
    levels = read_levels(ROOT / "benchmarks" / "data" / "reuse_news_dev.tsv")
    news = [p for p in event_pairs("dev") if p.id in levels]
    gold_n = np.array([LEVELS.index(levels[p.id]) for p in news])
    sn = [_summary(p.left, p.right) for p in news]
    pred_n = np.array([LEVELS.index(x.reuse) for x in sn])
    cov_n = np.array([x.evidence.covered_right for x in sn])
    base_n = np.where(cov_n >= hi, 0, np.where(cov_n >= lo, 1, 2))
    print(f"  real news, levels read by us          macro-F1 {macro_f1(pred_n, gold_n):.3f} on {len(news)} pairs "
          f"({', '.join(f'{int((gold_n == k).sum())} {lv}' for k, lv in enumerate(LEVELS))}); "
          f"baseline {macro_f1(base_n, gold_n):.3f}")


_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهو"  # one letter for each of a..z
_RE_LETTER = str.maketrans({**{c: _ARABIC[i] for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")},
                            **{c.upper(): _ARABIC[i] for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")},
                            ".": "\u06d4", ",": "\u060c", "?": "\u061f"})


def _arabic_letters(text: str) -> str:
    """``text`` written letter for letter in Arabic script (no case, Arabic punctuation)."""
    return text.translate(_RE_LETTER)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a subsample of each set (about a minute)")
    args = ap.parse_args(argv)
    for title, fn in (("paraphrase (MSRP, our dev)", paraphrase), ("same event (ECB+, our dev topics)", same_event),
                      ("reuse (our dev)", reuse)):
        t0 = time.perf_counter()
        print(title)
        fn(args.quick)
        print(f"  ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
