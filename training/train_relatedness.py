"""Train the same-event model: ``resources/models/relatedness.json``.

    python training/train_relatedness.py            # train, report, write the model
    python training/train_relatedness.py --check    # report only

Data: ECB+ (news articles grouped by event, two similar events per topic),
its standard train topics only, through ``benchmarks/quality/datasets.py``;
our 80 % of those topics trains, the other 20 % (our dev set) is only
scored.  Negatives include articles on the other event of the same topic
(hard) and articles of other topics (easy).

``unrelated_below`` is set on the training pairs so that at most
``SAME_EVENT_MISSES`` of same-event pairs would be called unrelated.
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

from benchmarks.quality.datasets import event_pairs  # noqa: E402
from parallax.reader.align.relatedness import FEATURES, features  # noqa: E402
from parallax.reader.align.similarity import names_in  # noqa: E402
from parallax.reader.text.keys import tokens  # noqa: E402
from training.logistic import fit_binary, predict, roc_auc  # noqa: E402

MODEL = ROOT / "resources" / "models" / "relatedness.json"
SAME_EVENT_MISSES = 0.01


def _side(text: str, memo: dict) -> tuple[list[str], frozenset[str]]:
    got = memo.get(text)
    if got is None:
        toks = tokens(text)
        got = memo[text] = ([t.key for t in toks], names_in(text, toks))
    return got


def matrix(pairs) -> tuple[np.ndarray, np.ndarray, list[str]]:
    memo: dict = {}
    rows = []
    for p in pairs:
        ka, na = _side(p.left, memo)
        kb, nb = _side(p.right, memo)
        rows.append(features(ka, kb, na, nb))
    return np.array(rows), np.array([int(p.label) for p in pairs]), [p.info.get("kind", "") for p in pairs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="report only, do not write the model")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    xt, yt, _ = matrix(event_pairs("train"))
    xd, yd, kinds = matrix(event_pairs("dev"))
    model = fit_binary(xt, yt, l2=1.0)
    pt, pd = predict(model, xt), predict(model, xd)
    cut = float(np.quantile(pt[yt == 1], SAME_EVENT_MISSES))
    print(f"train {len(yt)} pairs, dev {len(yd)} pairs ({time.perf_counter() - t0:.1f} s)")
    print(f"dev ROC AUC {roc_auc(pd, yd):.3f} (all negatives)")
    easy = np.array([k != "same_topic_other_event" for k in kinds])
    print(f"dev ROC AUC {roc_auc(pd[easy], yd[easy]):.3f} (negatives from other topics only)")
    print(f"unrelated below {cut:.3f}: dev same-event pairs called unrelated "
          f"{float((pd[yd == 1] < cut).mean()):.3f}, other-topic pairs caught "
          f"{float((pd[(yd == 0) & easy] < cut).mean()):.3f}, same-topic other-event caught "
          f"{float((pd[(yd == 0) & ~easy] < cut).mean()):.3f}")
    if not args.check:
        out = {"features": list(FEATURES), **model, "unrelated_below": round(cut, 4),
               "trained_on": "ECB+ train topics, our 80% (benchmarks/quality/datasets.py)",
               "dev_auc": round(roc_auc(pd, yd), 4)}
        MODEL.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
