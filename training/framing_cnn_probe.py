"""Probe (not shipped): a context-reading nonlinear token tagger for the framing markers.

Per token: its WordLlama word vector (the bundled ``l2_supercat_256`` sub-word
table, sub-words averaged, unit length, PCA-reduced on OUR train tokens), the
per-word features of :data:`parallax.reader.framing.learned.FEATURES` (lexicon
weights learnt out of fold, as ``train_framing.py`` does) and a few shape
features.  Model: two 1-D convolutions (ReLU) over the tokens of an article
(window +-R1 then +-R2 words), a sigmoid per token "inside a gold span";
trained with numpy (manual backprop, Adam, dropout).  Decoding: runs of tokens
at probability >= ``lo`` inside one clause, kept when their best token reaches
``hi``.

Protocol (issue #13): 10 folds of OUR train portion by article hash
(``train_framing.fold_of``); each fold's tokens are scored by a net trained on
the other nine (lexicon features out of fold); every threshold, epoch count and
union setting is chosen on those out-of-fold predictions for span precision
>= 0.55 (and 0.5).  OUR dev is read once per setting, to report.  The PTC dev
and test sets are never read.

    .venv/bin/python training/framing_cnn_probe.py prep        # features -> /tmp cache (~20 s)
    .venv/bin/python training/framing_cnn_probe.py cv [key=value ...]   # ~5 min (see CFG)
    .venv/bin/python training/framing_cnn_probe.py combine /tmp/oof_<run>.pkl  # re-scoring
    .venv/bin/python training/framing_cnn_probe.py dev EPOCH SURE,LO,HI ... [key=value ...]

``cv`` saves its out-of-fold probabilities to ``/tmp/oof_<settings>.pkl`` and
prints, per epoch, the best recall at P >= 0.5 / 0.55 of the tagger alone and
of its union with the shipped sure markers; ``combine`` re-scores the shipped
markers with the tagger's probability; ``dev`` trains on all of OUR train
portion and reads OUR dev once per chosen setting (SURE 9: the tagger alone),
and times the forward pass.  Figures and the decision (not shipped):
``training/framing_analysis.md``, "Context-reading nonlinear taggers".
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality.framing_eval import merge_spans, score  # noqa: E402

CACHE = Path("/tmp/parallax_tagger_cache.pkl")


# -- data -------------------------------------------------------------------

def token_features(ctx) -> np.ndarray:
    from parallax.reader.framing import learned

    toks, text = ctx.toks, ctx.text
    out = np.zeros((len(toks), len(learned.FEATURES) + 4), dtype=np.float32)
    for t, tok in enumerate(toks):
        f = learned.features(ctx, t)
        raw = text[tok.start:tok.end]
        out[t, :len(f)] = f
        out[t, len(f):] = (raw.isupper() and len(raw) > 1, any(c.isdigit() for c in raw),
                           raw[:1].isupper(), min(len(raw), 15) / 15)
    return out


def doc_arrays(d, ctx) -> dict:
    from parallax.reader.align import embedding
    from training import train_framing as tf

    vecs = []
    for tok in d.toks:
        v = embedding._unit_word(tok.key)
        vecs.append(np.zeros(256, np.float32) if v is None else v.astype(np.float32))
    brk = np.array(ctx.brk, dtype=np.int8)
    return {"id": d.id, "x": token_features(ctx), "v": np.array(vecs, dtype=np.float16),
            "y": np.array(d.lab, dtype=np.int8), "brk": brk,
            "starts": np.array([t.start for t in d.toks]), "ends": np.array([t.end for t in d.toks]),
            "stop": np.array([t.key in ctx.stop for t in d.toks]), "gold": d.gold, "fold": tf.fold_of(d.id)}


def prep() -> None:
    from training import train_framing as tf

    t0 = time.perf_counter()
    train, dev = tf.docs("train"), tf.docs("dev")
    base = sum(sum(d.lab) for d in train) / sum(len(d.lab) for d in train)
    hand, dropped = tf.hand_rows(), tf.review()
    per_fold = tf.folds(train, base, hand, dropped)
    print(f"folds {time.perf_counter() - t0:.0f} s", flush=True)
    cv = tf.cross_validated(per_fold, base)
    loaded_oof, _ = tf.cv_predicted(cv, 0.8, True)  # the shipped extend
    found_train = tf.found_markers(train)
    hedges = tf.hedge_weights(train, base)
    scare = tf.scare_confidence(train, found_train)
    extra_oof = tf.other_markers(train, found_train, hedges, scare)
    tr = [doc_arrays(d, ctx) for ctxs, _ in per_fold for d, _h, ctx in ctxs]
    print(f"train arrays {time.perf_counter() - t0:.0f} s", flush=True)
    table = tf.lexicon(train, base, hand, dropped)
    dv = [doc_arrays(d, ctx) for d, _h, ctx in tf.contexts(dev, table, base)]
    # the shipped sure markers on OUR dev (as benchmarks/framing_quality.py scores them)
    from parallax.reader.framing.markers import is_sure, markers
    from parallax.reader.model import Article
    found = {d.id: [m for m in markers(Article(text=d.text, language="en"))
                    if m.category in ("loaded", "hedge", "scare-quote")] for d in dev}
    dev_sure = {k: [(m.span.start, m.span.end) for m in v if is_sure(m)] for k, v in found.items()}
    dev_all = [(m.confidence, k, m.span.start, m.span.end) for k, v in found.items() for m in v]
    with open(CACHE, "wb") as fh:
        pickle.dump({"train": tr, "dev": dv, "loaded_oof": loaded_oof, "extra_oof": extra_oof,
                     "dev_sure": dev_sure, "dev_all": dev_all, "base": base}, fh)
    print(f"wrote {CACHE} ({time.perf_counter() - t0:.0f} s)")


def load() -> dict:
    with open(CACHE, "rb") as fh:
        return pickle.load(fh)


# -- the net (numpy, manual backprop) --------------------------------------

def _windows(x: np.ndarray, r: int) -> np.ndarray:
    """(L, D) -> (L, D * (2r + 1)): each row's neighbours -r..+r (zeros beyond the ends)."""
    xp = np.pad(x, ((r, r), (0, 0)))
    return np.lib.stride_tricks.sliding_window_view(xp, 2 * r + 1, axis=0).reshape(len(x), -1)


def _unwindow(g: np.ndarray, r: int, d: int) -> np.ndarray:
    """The gradient of :func:`_windows`: (L, D * K) -> (L, D)."""
    n = len(g)
    g = g.reshape(n, d, 2 * r + 1)
    out = np.zeros((n + 2 * r, d), dtype=g.dtype)
    for k in range(2 * r + 1):
        out[k:k + n] += g[:, :, k]
    return out[r:r + n]


class Net:
    def __init__(self, d: int, h1: int, h2: int, r1: int, r2: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.r1, self.r2 = r1, r2
        k1, k2 = d * (2 * r1 + 1), h1 * (2 * r2 + 1)
        self.p = {"w1": rng.normal(0, np.sqrt(2 / k1), (k1, h1)).astype(np.float32),
                  "b1": np.zeros(h1, np.float32),
                  "w2": rng.normal(0, np.sqrt(2 / k2), (k2, h2)).astype(np.float32),
                  "b2": np.zeros(h2, np.float32),
                  "w3": rng.normal(0, np.sqrt(1 / h2), (h2,)).astype(np.float32),
                  "b3": np.array([-2.5], np.float32)}

    def forward(self, x, mask, drop=0.0, rng=None):
        p = self.p
        if drop:
            x = x * (rng.random(x.shape) > drop) / (1 - drop)
        w1 = _windows(x, self.r1)
        a1 = w1 @ p["w1"] + p["b1"]
        h1 = np.maximum(a1, 0) * mask[:, None]
        d1 = None
        if drop:
            d1 = (rng.random(h1.shape) > drop) / (1 - drop)
            h1 = h1 * d1
        w2 = _windows(h1, self.r2)
        a2 = w2 @ p["w2"] + p["b2"]
        h2 = np.maximum(a2, 0) * mask[:, None]
        z = h2 @ p["w3"] + p["b3"][0]
        return z, (x, w1, a1, h1, d1, w2, a2, h2)

    def grads(self, cache, dz, mask):
        p = self.p
        _x, w1, a1, h1, d1, w2, a2, h2 = cache
        g = {"w3": h2.T @ dz, "b3": np.array([dz.sum()], np.float32)}
        dh2 = np.outer(dz, p["w3"]) * (a2 > 0) * mask[:, None]
        g["w2"] = w2.T @ dh2
        g["b2"] = dh2.sum(0)
        dh1 = _unwindow(dh2 @ p["w2"].T, self.r2, h1.shape[1])
        if d1 is not None:
            dh1 = dh1 * d1
        dh1 = dh1 * (a1 > 0) * mask[:, None]
        g["w1"] = w1.T @ dh1
        g["b1"] = dh1.sum(0)
        return g

    def predict(self, x, mask):
        z, _ = self.forward(x, mask)
        return 1 / (1 + np.exp(-z))


def batches(docs, idx, inputs, pad, size, rng=None):
    """Concatenated articles (pad zero rows between them): (x, y, mask, row of each token)."""
    order = list(idx) if rng is None else list(rng.permutation(idx))
    cur, n = [], 0
    for i in order:
        cur.append(i)
        n += len(docs[i]["y"]) + pad
        if n >= size:
            yield _batch(docs, cur, inputs, pad)
            cur, n = [], 0
    if cur:
        yield _batch(docs, cur, inputs, pad)


def _batch(docs, ids, inputs, pad):
    d = inputs[ids[0]].shape[1]
    xs, ys, ms, where = [np.zeros((pad, d), np.float32)], [np.zeros(pad, np.float32)], [np.zeros(pad, np.float32)], []
    at = pad
    for i in ids:
        n = len(docs[i]["y"])
        xs += [inputs[i], np.zeros((pad, d), np.float32)]
        ys += [docs[i]["y"].astype(np.float32), np.zeros(pad, np.float32)]
        ms += [np.ones(n, np.float32), np.zeros(pad, np.float32)]
        where.append((i, at, at + n))
        at += n + pad
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ms), where


def train_net(docs, idx, inputs, cfg, seed, eval_at=(), score=None):
    """Adam on mean BCE over the tokens of ``docs[idx]``.  ``score`` = (docs, idx, inputs):
    returns {epoch: {doc index: token probabilities}} at each epoch of ``eval_at``."""
    rng = np.random.default_rng(seed)
    d = inputs[idx[0]].shape[1]
    net = Net(d, cfg["h1"], cfg["h2"], cfg["r1"], cfg["r2"], seed)
    pad = max(cfg["r1"], cfg["r2"])
    m = {k: np.zeros_like(v) for k, v in net.p.items()}
    v = {k: np.zeros_like(v) for k, v in net.p.items()}
    step, out = 0, {}
    b1, b2, lr = 0.9, 0.999, cfg["lr"]
    for ep in range(1, max(eval_at) + 1):
        for x, y, mask, _w in batches(docs, idx, inputs, pad, cfg["batch"], rng):
            z, cache = net.forward(x, mask, cfg["drop"], rng)
            pr = 1 / (1 + np.exp(-z))
            dz = ((pr - y) * mask / mask.sum()).astype(np.float32)
            g = net.grads(cache, dz, mask)
            step += 1
            for k in net.p:
                gk = g[k] + cfg["l2"] * net.p[k] * (k[0] == "w")
                m[k] = b1 * m[k] + (1 - b1) * gk
                v[k] = b2 * v[k] + (1 - b2) * gk * gk
                net.p[k] -= lr * (m[k] / (1 - b1 ** step)) / (np.sqrt(v[k] / (1 - b2 ** step)) + 1e-8)
        if ep in eval_at and score is not None:
            out[ep] = predict_docs(net, *score, pad)
    return net, out


def predict_docs(net, docs, idx, inputs, pad):
    out = {}
    for x, _y, mask, where in batches(docs, idx, inputs, pad, 50000):
        p = net.predict(x, mask)
        for i, a, b in where:
            out[i] = p[a:b]
    return out


# -- decoding and scoring ---------------------------------------------------

def decode(doc, p, lo, hi, trim=True):
    """Runs of tokens at >= lo in one clause whose best token reaches hi: [(start, end, max p)]."""
    on = p >= lo
    brk = doc["brk"]
    out = []
    t, n = 0, len(p)
    while t < n:
        if not on[t]:
            t += 1
            continue
        u = t + 1
        while u < n and on[u] and brk[u] != 2:
            u += 1
        a, b = t, u
        if trim:
            while a < b and doc["stop"][a]:
                a += 1
            while b > a and doc["stop"][b - 1]:
                b -= 1
        if b > a and p[t:u].max() >= hi:
            out.append((int(doc["starts"][a]), int(doc["ends"][b - 1]), float(p[t:u].max())))
        t = u
    return out


def spans_of(docs, probs, lo, hi):
    return {docs[i]["id"]: [(s, e) for s, e, _c in decode(docs[i], p, lo, hi)] for i, p in probs.items()}


def union(*preds):
    out = {}
    for pr in preds:
        for k, v in pr.items():
            out.setdefault(k, []).extend(v)
    return out


# -- cross-validation -------------------------------------------------------

CFG = {"pca": 48, "h1": 64, "h2": 32, "r1": 2, "r2": 2, "lr": 2e-3, "drop": 0.2, "l2": 1e-4,
       "batch": 4096, "epochs": "2,4,6,8,12", "folds": 10, "seed": 1}


def make_inputs(c, k):
    tr = c["train"]
    x = np.concatenate([d["x"] for d in tr])
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1
    v = np.concatenate([d["v"] for d in tr]).astype(np.float32)
    vm = v.mean(0)
    rng = np.random.default_rng(0)
    sample = v[rng.choice(len(v), min(len(v), 80000), replace=False)] - vm
    _u, sv, vt = np.linalg.svd(sample, full_matrices=False)
    comp = vt[:k].T / (sv[:k] / np.sqrt(len(sample)))  # whitened components
    def inp(d):
        parts = [(d["x"] - mu) / sd]
        if k:
            parts.append((d["v"].astype(np.float32) - vm) @ comp)
        return np.hstack(parts).astype(np.float32)
    return [inp(d) for d in tr], [inp(d) for d in c["dev"]], (mu, sd, vm, comp)


def sure_of(markers, s):
    out = {}
    for conf, aid, a, b in markers:
        if conf >= s:
            out.setdefault(aid, []).append((a, b))
    return out


LOS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
HIS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
SURES = (0.35, 0.375, 0.4, 0.45, 0.5, 9.0)  # 9: tagger alone


def sweep(docs, probs, gold, shipped):
    """[(sure, lo, hi, P, R, n)] of the tagger's spans united with the shipped sure markers."""
    rows = []
    for lo in LOS:
        for hi in HIS:
            if hi < lo:
                continue
            tag = spans_of(docs, probs, lo, hi)
            for s in SURES:
                pred = union(tag, sure_of(shipped, s))
                p, r, _ = score(pred, gold)
                rows.append((s, lo, hi, p, r, sum(len(merge_spans(v)) for v in pred.values())))
    return rows


def best(rows, target, alone=None):
    ok = [r for r in rows if r[3] >= target and r[5] >= 30 and (alone is None or (r[0] == 9.0) == alone)]
    return max(ok, key=lambda r: (r[4], r[3])) if ok else None


def cv(cfg) -> None:
    cross_validate(cfg, train_net, "_".join(f"{k}{v}" for k, v in cfg.items() if k != "epochs").replace(",", "-"))


def cross_validate(cfg, train_fn, name: str) -> None:
    """Out-of-fold token probabilities of ``train_fn`` over OUR train portion (folds by
    article hash), saved to /tmp/oof_NAME.pkl, and the best thresholds of each epoch for
    span precision >= 0.5 and 0.55, alone and in union with the shipped sure markers."""
    t0 = time.perf_counter()
    c = load()
    docs = c["train"]
    ins, _dins, _ = make_inputs(c, cfg["pca"])
    eps = tuple(int(e) for e in str(cfg["epochs"]).split(","))
    oof = {e: {} for e in eps}
    for f in range(cfg["folds"]):
        tr = [i for i, d in enumerate(docs) if d["fold"] % cfg["folds"] != f]
        te = [i for i, d in enumerate(docs) if d["fold"] % cfg["folds"] == f]
        _net, got = train_fn(docs, tr, ins, cfg, cfg["seed"] + f, eps, (docs, te, ins))
        for e in eps:
            oof[e].update(got[e])
        print(f"fold {f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    gold = {d["id"]: d["gold"] for d in docs}
    shipped = c["loaded_oof"] + c["extra_oof"]
    with open(f"/tmp/oof_{name}.pkl", "wb") as fh:
        pickle.dump({"cfg": cfg, "oof": oof}, fh)
    y = np.concatenate([d["y"] for d in docs])
    for e in eps:
        p = np.concatenate([oof[e][i] for i in range(len(docs))])
        ll = -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))
        rows = sweep(docs, oof[e], gold, shipped)
        msg = [f"epoch {e}: token logloss {ll:.4f}"]
        for target in (0.5, 0.55):
            for alone in (True, False):
                b = best(rows, target, alone)
                msg.append(f"P>={target} {'alone' if alone else 'union'}: " +
                           ("sure {:.3g} lo {:.2f} hi {:.2f} P {:.3f} R {:.3f} n {}".format(*b) if b else "none"))
        print("\n  ".join(msg), flush=True)
    print(f"({time.perf_counter() - t0:.0f} s)")


def tok_prob(doc, p, a, b):
    """Mean and max tagger probability over the tokens of characters [a, b)."""
    i = int(np.searchsorted(doc["ends"], a, side="right"))
    j = int(np.searchsorted(doc["starts"], b, side="left"))
    if j <= i:
        return 0.0, 0.0
    return float(p[i:j].mean()), float(p[i:j].max())


def rescored(docs, probs, shipped, alpha, use_max=False):
    """The shipped markers with confidence conf^(1-alpha) * tagger^alpha."""
    by_id = {docs[i]["id"]: i for i in probs}
    out = []
    for conf, aid, a, b in shipped:
        i = by_id.get(aid)
        if i is None:
            continue
        mean, mx = tok_prob(docs[i], probs[i], a, b)
        t = mx if use_max else mean
        out.append((max(conf, 1e-6) ** (1 - alpha) * max(t, 1e-6) ** alpha, aid, a, b))
    return out


def combine(path) -> None:
    """Shipped markers re-scored by the tagger (and with tagger spans), on saved out-of-fold probabilities."""
    c = load()
    docs = c["train"]
    gold = {d["id"]: d["gold"] for d in docs}
    shipped = c["loaded_oof"] + c["extra_oof"]
    with open(path, "rb") as fh:
        saved = pickle.load(fh)
    for e, probs in saved["oof"].items():
        for use_max in (False, True):
            for alpha in (0.0, 0.25, 0.5, 0.75):
                rs = rescored(docs, probs, shipped, alpha, use_max)
                rows = []
                for th in np.arange(0.2, 0.7, 0.0125):
                    pred = sure_of(rs, th)
                    p, r, _ = score(pred, gold)
                    rows.append((round(float(th), 4), p, r))
                    for lo, hi in ((0.4, 0.6), (0.5, 0.6), (0.5, 0.7), (0.6, 0.7), (0.6, 0.8)):
                        pu, ru, _ = score(union(pred, spans_of(docs, probs, lo, hi)), gold)
                        rows.append((f"{th:.3f}+{lo}/{hi}", pu, ru))
                msg = []
                for target in (0.5, 0.55):
                    ok = [r for r in rows if r[1] >= target]
                    b = max(ok, key=lambda r: r[2]) if ok else None
                    msg.append(f"P>={target}: {b[0]} P {b[1]:.3f} R {b[2]:.3f}" if b else "none")
                print(f"epoch {e} {'max' if use_max else 'mean'} alpha {alpha}: " + " | ".join(msg), flush=True)


def report_dev(c, probs, settings) -> None:
    """OUR dev read once per setting (sure, lo, hi): the tagger's spans (``probs``) with the
    shipped markers whose confidence reaches ``sure``."""
    dv = c["dev"]
    gold = {d["id"]: d["gold"] for d in dv}
    print("dev, shipped sure markers alone: P {:.3f} R {:.3f}".format(*score(c["dev_sure"], gold)[:2]))
    for s, lo, hi in settings:
        pred = union(spans_of(dv, probs, lo, hi), sure_of(c["dev_all"], s))
        print(f"dev sure {s} lo {lo} hi {hi}: P %.3f R %.3f (%d spans)" % (
            *score(pred, gold)[:2], sum(len(merge_spans(v)) for v in pred.values())), flush=True)


def dev(cfg, epoch, settings) -> None:
    """Train on all of OUR train portion for ``epoch`` epochs; read OUR dev once for each of
    ``settings`` = [(sure, lo, hi)] chosen on CV (sure 9: the tagger alone), and time the net."""
    c = load()
    docs, dv = c["train"], c["dev"]
    ins, dins, _ = make_inputs(c, cfg["pca"])
    net, got = train_net(docs, list(range(len(docs))), ins, cfg, cfg["seed"], (epoch,),
                         (dv, list(range(len(dv))), dins))
    report_dev(c, got[epoch], settings)
    x = np.concatenate(dins)
    reps = int(np.ceil(100_000 / len(x)))
    x = np.concatenate([x] * reps)[:100_000]
    mask = np.ones(len(x), np.float32)
    for n in (1000, 100_000):
        t0 = time.perf_counter()
        for _ in range(3):
            net.predict(x[:n], mask[:n])
        print(f"net forward on {n} tokens: {(time.perf_counter() - t0) / 3 * 1000:.1f} ms")


def parse_cfg(args):
    cfg = dict(CFG)
    for a in args:
        k, _, v = a.partition("=")
        cfg[k] = type(CFG[k])(v) if not isinstance(CFG[k], str) else v
    return cfg


if __name__ == "__main__":
    if sys.argv[1:2] == ["prep"]:
        prep()
    elif sys.argv[1:2] == ["combine"]:
        combine(sys.argv[2])
    elif sys.argv[1:2] == ["dev"]:
        # dev EPOCH SURE,LO,HI [SURE,LO,HI ...] [key=value ...]
        rest = sys.argv[3:]
        sets = [tuple(float(v) for v in a.split(",")) for a in rest if "=" not in a]
        dev(parse_cfg([a for a in rest if "=" in a]), int(sys.argv[2]), sets)
    elif sys.argv[1:2] == ["cv"]:
        cv(parse_cfg(sys.argv[2:]))
