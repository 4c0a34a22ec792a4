"""Probe (not shipped): do words that media-bias experts marked in other news help the
loaded-language markers find what the Propaganda Techniques Corpus marks?

    python training/framing_babe_probe.py [--strength 3] [--alpha 0.7] [--min 0.2]

Data: BABE, "Bias Annotations By Experts" (Spinde et al., Findings of EMNLP 2021),
``data/final_labels_SG2.csv`` of github.com/Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE
at commit fb79f646dcabf1746f5ebedc06ed8dd61ba78188 (AGPL-3.0): 3,674 news sentences with
the words a majority of five trained annotators marked as biased.  It has no split; none
of it is the PTC.  Read from the local mirror (``fetch`` it first), never downloaded here.

For each word: the share of its occurrences marked (smoothed with 2 pseudo-occurrences at
BABE's base rate).  Words marked in at least two sentences, at least ``--min``, become
priors on the PTC's scale (the logit of the PTC base rate plus ``--alpha`` times the word's
log-odds over BABE's base rate), and ``train_framing.py --check`` runs with them: each
fold's lexicon smooths a listed word's PTC weight towards its prior with ``--strength``
pseudo-occurrences, and lists it even when the training folds never saw it.  It prints the
same cross-validated and OUR-dev figures as ``train_framing.py --check``; compare with a
plain ``train_framing.py --check``.  Results: ``training/framing_analysis.md``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parallax.reader.text.keys import tokens  # noqa: E402
from parallax.reader.text.lexicon import stopwords  # noqa: E402
from training import train_framing  # noqa: E402

REPO = "Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE"
COMMIT = "fb79f646dcabf1746f5ebedc06ed8dd61ba78188"
PATH = "data/final_labels_SG2.csv"
MIRROR = Path(os.environ.get("PARALLAX_MIRROR_ROOT", "/work/.mirror")) / REPO.replace("/", "+") / "repo"


def sentences() -> list[tuple[str, list[str]]]:
    """(sentence, the words marked biased) of every BABE sentence."""
    if not MIRROR.exists():
        sys.exit(f"no mirror of {REPO} at {MIRROR}: fetch github:{REPO} first")
    raw = subprocess.run(["git", "-C", str(MIRROR), "show", f"{COMMIT}:{PATH}"], capture_output=True,
                         check=True).stdout.decode("utf-8-sig")
    out = []
    for row in csv.DictReader(io.StringIO(raw), delimiter=";"):
        try:
            marked = ast.literal_eval(row["biased_words"] or "[]")
        except (ValueError, SyntaxError):
            marked = []
        out.append((row["text"], [str(w) for w in marked]))
    return out


def priors(ptc_base: float, *, alpha: float, least: float) -> dict[str, float]:
    n: Counter[str] = Counter()
    k: Counter[str] = Counter()
    caps: Counter[str] = Counter()
    in_sentences: Counter[str] = Counter()
    for text, marked in sentences():
        keys = {t.key for w in marked for t in tokens(w)}
        for t in tokens(text):
            n[t.key] += 1
            caps[t.key] += text[t.start].isupper()
            k[t.key] += t.key in keys
        in_sentences.update({t.key for t in tokens(text) if t.key in keys})
    base = sum(k.values()) / sum(n.values())
    stop = stopwords()
    out = {}
    for w, m in in_sentences.items():
        if m < 2 or w in stop or not w[:1].isalpha() or caps[w] > 0.5 * n[w]:
            continue
        p = (k[w] + 2 * base) / (n[w] + 2)
        if p >= least:
            z = math.log(ptc_base / (1 - ptc_base)) + alpha * (math.log(p / (1 - p)) - math.log(base / (1 - base)))
            out[w] = 1 / (1 + math.exp(-z))
    print(f"BABE: {len(sentences())} sentences, base rate {base:.4f}, {len(out)} words as priors")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--strength", type=float, default=3.0, help="pseudo-occurrences at the prior")
    ap.add_argument("--alpha", type=float, default=0.7, help="how much of BABE's log-odds to carry over")
    ap.add_argument("--min", type=float, default=0.2, help="least smoothed share marked in BABE")
    args = ap.parse_args(argv)
    ptc_base = 0.0726  # OUR train portion's (train_framing.py prints it)
    train_framing.PRIORS.update(priors(ptc_base, alpha=args.alpha, least=args.min))
    train_framing.PRIOR_STRENGTH = args.strength
    return train_framing.main(["--check"])


if __name__ == "__main__":
    sys.exit(main())
