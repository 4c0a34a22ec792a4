"""Train the paraphrase model: ``resources/models/paraphrase.json``.

    python training/train_paraphrase.py            # train, report, write the model
    python training/train_paraphrase.py --check    # report only
    python training/train_paraphrase.py --check --cv   # also 5-fold CV x 3 shuffles on our train part

Data: the train split of the Microsoft Research Paraphrase Corpus (news
sentence pairs labelled by people), read through
``benchmarks/quality/datasets.py`` (see ``resources/models/README.md`` for
provenance).  Our own 80 % of it trains; the other 20 % (our dev set) is
only scored.  The public test split is never read.

The features are :func:`parallax.reader.align.similarity.features`, the very
code the comparison runs; the model is a logistic regression whose
coefficients the core reads without numpy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality.datasets import paraphrase_pairs  # noqa: E402
from parallax.reader.align.embedding import IDF  # noqa: E402
from parallax.reader.align.similarity import FEATURES, apply_rules, sentence_features  # noqa: E402
from parallax.reader.text.keys import tokens  # noqa: E402
from training.logistic import accuracy_at_best_threshold, fit_binary, predict, roc_auc  # noqa: E402

MODEL = ROOT / "resources" / "models" / "paraphrase.json"
IDF_FILE = ROOT / "resources" / IDF[0] / IDF[1]
L2 = 1.0
MIN_SENTENCES = 2  # words in fewer sentences are not listed: they count as rare as any unseen word


def idf_table(pairs) -> str:
    """``idf.tsv``: how many of the distinct train sentences hold each word (the keys the
    comparison matches on), for the IDF-weighted sentence vector (``idf_cosine``)."""
    from collections import Counter

    seen: set[str] = set()
    held: Counter[str] = Counter()
    for p in pairs:
        for s in (p.left, p.right):
            if s not in seen:
                seen.add(s)
                held.update({t.key for t in tokens(s)})
    rows = sorted((w, n) for w, n in held.items() if n >= MIN_SENTENCES and "\t" not in w and "\n" not in w)
    return f"# sentences {len(seen)}\n" + "".join(f"{w}\t{n}\n" for w, n in rows)


def matrix(pairs) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([sentence_features(p.left, p.right) for p in pairs])
    y = np.array([int(p.label) for p in pairs])
    return x, y


def cross_validated(x: np.ndarray, y: np.ndarray, *, folds: int = 5, shuffles: int = 3) -> float:
    """Mean accuracy over ``folds``-fold cross-validation repeated with ``shuffles`` seeded
    shuffles; each fold is scored at the threshold that is best on its training folds."""
    accs = []
    for seed in range(shuffles):
        for held in np.array_split(np.random.RandomState(seed).permutation(len(y)), folds):
            keep = np.ones(len(y), bool)
            keep[held] = False
            model = fit_binary(x[keep], y[keep], l2=L2)
            thr, _ = accuracy_at_best_threshold(predict(model, x[keep]), y[keep])
            accs.append(float(((predict(model, x[held]) > thr) == y[held]).mean()))
    return float(np.mean(accs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="report only, do not write the model")
    ap.add_argument("--cv", action="store_true", help="also report 5-fold cross-validation x 3 shuffles on our train part")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if not args.check:  # the features read it: written first, from the train portion alone
        IDF_FILE.write_text(idf_table(paraphrase_pairs("train")), encoding="utf-8")
    xt, yt = matrix(paraphrase_pairs("train"))
    xd, yd = matrix(paraphrase_pairs("dev"))
    model = fit_binary(xt, yt, l2=L2)
    pt, pd = predict(model, xt), predict(model, xd)
    thr, train_acc = accuracy_at_best_threshold(pt, yt)
    # the comparison reports the probability with the rules on figures and direction applied
    pt = np.array([apply_rules(p, x) for p, x in zip(pt, xt, strict=True)])
    pd = np.array([apply_rules(p, x) for p, x in zip(pd, xd, strict=True)])
    thr, train_acc = accuracy_at_best_threshold(pt, yt)
    dev_acc = float(((pd > thr) == yd).mean())
    print(f"train {len(yt)} pairs, dev {len(yd)} pairs ({time.perf_counter() - t0:.1f} s)")
    print(f"train accuracy {train_acc:.3f} at threshold {thr:.3f}")
    print(f"dev accuracy {dev_acc:.3f} at that threshold, {float(((pd > 0.5) == yd).mean()):.3f} at 0.5;"
          f" dev ROC AUC {roc_auc(pd, yd):.3f}")
    if args.cv:
        print(f"5-fold CV x 3 shuffles over our train part: accuracy {cross_validated(xt, yt):.3f}")
    if not args.check:
        out = {"features": list(FEATURES), **model,
               "trained_on": "MSRP train split, our 80% (benchmarks/quality/datasets.py)",
               "dev_accuracy": round(dev_acc, 4)}
        MODEL.parent.mkdir(parents=True, exist_ok=True)
        MODEL.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
