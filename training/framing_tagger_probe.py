"""Probe (not shipped): a per-token tagger over ALL words, decoded into spans.

Regularised logistic regression per token (scikit-learn, hashed features: the
lowercased word, 3/4-letter suffixes, 2-letter prefix, capitalisation shape,
words at -2..+2, the previous-word bigram, inside quotation marks), trained on
OUR train portion of PTC train, scored on OUR dev portion with the SemEval-2020
Task 11 span metric (framing techniques merged). Positive tokens <= 2 chars
apart in one sentence are joined into one span. Figures: training/framing_analysis.md.

    .venv/bin/python training/framing_tagger_probe.py [--union] [C ...]
    .venv/bin/python training/framing_tagger_probe.py --cv [C ...]

--union scores the tagger's spans together with the shipped sure markers'.
--cv chooses honestly: out-of-fold tagger predictions over OUR train portion
(5 folds by a hash of the article id) for each threshold, beside the same
threshold on OUR dev, alone and in union with the shipped sure markers.
"""
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression

from benchmarks.quality import framing_data as fd
from benchmarks.quality.framing_eval import merge_spans, quotes, score, words


def feats(text, ws, qs):
    out = []
    for i, (s, e, w) in enumerate(ws):
        f = {"w=" + w: 1, "s3=" + w[-3:]: 1, "s4=" + w[-4:]: 1, "p2=" + w[:2]: 1}
        raw = text[s:e]
        f["shape=" + ("C" if raw[:1].isupper() else "l") + ("A" if raw.isupper() else "")] = 1
        for d in (-2, -1, 1, 2):
            j = i + d
            f[f"w{d:+d}=" + (ws[j][2] if 0 <= j < len(ws) else "<>")] = 1
        f["bg-1=" + (ws[i - 1][2] if i else "<>") + "_" + w] = 1
        if any(a <= s and e <= b for a, b in qs):
            f["inq"] = 1
        out.append(f)
    return out


def data(split):
    x, y, meta = [], [], []
    for aid, text, spans in fd.articles(split):
        gold = merge_spans(spans)
        ws = words(text)
        for (s, e, _), f in zip(ws, feats(text, ws, quotes(text)), strict=False):
            inside = sum(max(0, min(e, g1) - max(s, g0)) for g0, g1 in gold)
            x.append(f)
            y.append(1 if 2 * inside >= e - s else 0)
            meta.append((aid, s, e, text))
    return x, np.array(y), meta


def decode(meta, p, th):
    pred = {}
    for (aid, s, e, text), pp in zip(meta, p, strict=False):
        if pp >= th:
            spans = pred.setdefault(aid, [])
            if spans and s - spans[-1][1] <= 2 and not re.search(r"[.!?;:\n]", text[spans[-1][1]:s]):
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    return pred


def sure_spans(arts):
    from parallax.reader.framing.markers import is_sure, markers
    from parallax.reader.model import Article
    kinds = ("loaded", "hedge", "scare-quote")
    return {aid: [(m.span.start, m.span.end) for m in markers(Article(text=text, language="en"))
                  if m.category in kinds and is_sure(m)] for aid, text, _ in arts}


def main(cs, union=False):
    t = time.process_time()
    h = FeatureHasher(2 ** 20)
    xtr, ytr, _ = data("train")
    xdv, _, mdv = data("dev")
    a, b = h.transform(xtr), h.transform(xdv)
    gold = {k: [(s, e) for s, e, _ in v] for k, v in fd.gold_by_article(fd.articles("dev")).items()}
    base = sure_spans(fd.articles("dev")) if union else {}
    if union:
        print("shipped sure markers alone P={:.3f} R={:.3f}".format(*score(base, gold)[:2]))
    print(f"train tokens {len(ytr)} ({ytr.mean():.3f} inside gold), dev tokens {len(mdv)}, "
          f"{time.process_time() - t:.0f} s")
    for c in cs:
        p = LogisticRegression(C=c, max_iter=300).fit(a, ytr).predict_proba(b)[:, 1]
        for th in (0.3, 0.4, 0.5, 0.6, 0.7):
            pred = decode(mdv, p, th)
            pred = {k: base.get(k, []) + pred.get(k, []) for k in set(base) | set(pred)}
            P, R, F = score(pred, gold)
            print(f"C={c:g} th={th:.1f} P={P:.3f} R={R:.3f} F={F:.3f}", flush=True)


def cross_validated(cs, folds=5):
    import hashlib

    h = FeatureHasher(2 ** 20)
    xtr, ytr, mtr = data("train")
    arts = fd.articles("train")
    fold_of = {aid: int(hashlib.sha1(aid.encode()).hexdigest(), 16) % folds for aid, _, _ in arts}
    fold = np.array([fold_of[m[0]] for m in mtr])
    a = h.transform(xtr)
    gold_tr = {k: [(s, e) for s, e, _ in v] for k, v in fd.gold_by_article(arts).items()}
    xdv, _, mdv = data("dev")
    b = h.transform(xdv)
    gold_dv = {k: [(s, e) for s, e, _ in v] for k, v in fd.gold_by_article(fd.articles("dev")).items()}
    base = sure_spans(fd.articles("dev"))
    print("dev, shipped sure markers P={:.3f} R={:.3f}".format(*score(base, gold_dv)[:2]), flush=True)
    for c in cs:
        oof = np.zeros(len(ytr))
        for k in range(folds):
            tr, te = fold != k, fold == k
            oof[te] = LogisticRegression(C=c, max_iter=500).fit(a[tr], ytr[tr]).predict_proba(a[te])[:, 1]
        p = LogisticRegression(C=c, max_iter=500).fit(a, ytr).predict_proba(b)[:, 1]
        for th in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
            pr = decode(mdv, p, th)
            u = {k: base.get(k, []) + pr.get(k, []) for k in set(base) | set(pr)}
            print("C={:g} th={:.2f} CV alone P={:.3f} R={:.3f} | dev alone P={:.3f} R={:.3f} | dev union P={:.3f} R={:.3f}".format(c, th, *score(decode(mtr, oof, th), gold_tr)[:2], *score(pr, gold_dv)[:2], *score(u, gold_dv)[:2]), flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    cs = [float(v) for v in args if not v.startswith("--")]
    if "--cv" in args:
        cross_validated(cs or [0.3, 1.0])
    else:
        main(cs or [0.3, 1.0, 3.0], union="--union" in args)
