"""Probe (not shipped): a bidirectional GRU token tagger for the framing markers.

The sequence model that ``training/framing_analysis.md`` left to try.  Same
inputs, folds, decoding and threshold choice as ``training/framing_cnn_probe.py``
(run its ``prep`` first): per token the out-of-fold lexicon features of
``learned.FEATURES``, shape features and the PCA-reduced WordLlama word vector;
a dense layer, a bidirectional GRU over each sentence (split at . ! ? ; : and
line breaks, at most 96 tokens), a dense ReLU layer over [GRU states, input
projection], a sigmoid per token "inside a gold span".

Training-only dependency: ``jax`` (CPU), installed into a separate venv, e.g.
``python -m venv /tmp/jaxvenv && /tmp/jaxvenv/bin/pip install "jax[cpu]"``:

    /tmp/jaxvenv/bin/python training/framing_gru_probe.py [key=value ...]          # CV, ~6 min
    /tmp/jaxvenv/bin/python training/framing_gru_probe.py dev EPOCH SURE,LO,HI ... # OUR dev once

(the jax venv needs only jax and numpy: the cache holds plain arrays).  Figures
and the decision (not shipped): ``training/framing_analysis.md``.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

from training.framing_cnn_probe import cross_validate, load, make_inputs, report_dev  # noqa: E402

CFG = {"pca": 48, "e": 64, "h": 48, "d": 32, "lr": 2e-3, "drop": 0.2, "l2": 1e-4, "batch": 64,
       "epochs": "2,4,6,8,10", "folds": 10, "seed": 1, "maxlen": 96}
BUCKETS = (16, 32, 64, 96)


def segments(doc, maxlen):
    """(start, end) token ranges: sentences (hard breaks), cut at ``maxlen``."""
    starts = [t for t in range(len(doc["y"])) if doc["brk"][t] == 2] + [len(doc["y"])]
    out = []
    for a, b in itertools.pairwise(starts):
        for s in range(a, b, maxlen):
            out.append((s, min(b, s + maxlen)))
    return out


def pack(docs, idx, inputs, maxlen):
    """{bucket length: (x, y, mask, where)} with where = (doc, start, end) of each row."""
    rows = {b: [] for b in BUCKETS}
    for i in idx:
        for a, b in segments(docs[i], maxlen):
            L = next(k for k in BUCKETS if k >= b - a)
            rows[L].append((i, a, b))
    out = {}
    for L, where in rows.items():
        if not where:
            continue
        d = inputs[where[0][0]].shape[1]
        x = np.zeros((len(where), L, d), np.float32)
        y = np.zeros((len(where), L), np.float32)
        m = np.zeros((len(where), L), np.float32)
        for r, (i, a, b) in enumerate(where):
            x[r, :b - a] = inputs[i][a:b]
            y[r, :b - a] = docs[i]["y"][a:b]
            m[r, :b - a] = 1
        out[L] = (x, y, m, where)
    return out


def init(d, cfg, key):
    e, h, dd = cfg["e"], cfg["h"], cfg["d"]
    ks = jax.random.split(key, 8)

    def w(k, shape):
        return jax.random.normal(k, shape) * np.sqrt(1.0 / shape[0])

    gru = lambda k: {"wx": w(k, (e, 3 * h)), "wh": w(jax.random.fold_in(k, 1), (h, 3 * h)),  # noqa: E731
                     "b": jnp.zeros(3 * h)}
    return {"w0": w(ks[0], (d, e)), "b0": jnp.zeros(e), "fw": gru(ks[1]), "bw": gru(ks[2]),
            "w1": w(ks[3], (2 * h + e, dd)), "b1": jnp.zeros(dd), "w2": w(ks[4], (dd,)) * 0.1,
            "b2": jnp.array(-2.5)}


def _gru(p, xs, mask, reverse):
    """xs (B, L, E) -> states (B, L, H); padded steps keep the state (mask)."""
    h0 = jnp.zeros((xs.shape[0], p["wh"].shape[0]))
    gx = xs @ p["wx"] + p["b"]  # (B, L, 3H)
    H = p["wh"].shape[0]

    def step(h, inp):
        g, m = inp
        gh = h @ p["wh"]
        z = jax.nn.sigmoid(g[:, :H] + gh[:, :H])
        r = jax.nn.sigmoid(g[:, H:2 * H] + gh[:, H:2 * H])
        n = jnp.tanh(g[:, 2 * H:] + r * gh[:, 2 * H:])
        hn = (1 - z) * n + z * h
        hn = m[:, None] * hn + (1 - m[:, None]) * h
        return hn, hn

    _, hs = jax.lax.scan(step, h0, (jnp.swapaxes(gx, 0, 1), mask.T), reverse=reverse)
    return jnp.swapaxes(hs, 0, 1)


def logits(p, x, mask, key=None, drop=0.0):
    e = jax.nn.relu(x @ p["w0"] + p["b0"])
    if key is not None and drop:
        e = e * jax.random.bernoulli(key, 1 - drop, e.shape) / (1 - drop)
    hf = _gru(p["fw"], e, mask, False)
    hb = _gru(p["bw"], e, mask, True)
    z = jnp.concatenate([hf, hb, e], -1)
    z = jax.nn.relu(z @ p["w1"] + p["b1"])
    return z @ p["w2"] + p["b2"]


def loss(p, x, y, mask, key, drop, l2):
    z = logits(p, x, mask, key, drop)
    ll = jnp.sum(mask * (jax.nn.softplus(z) - y * z)) / jnp.maximum(mask.sum(), 1)
    return ll + l2 * sum(jnp.sum(w * w) for w in jax.tree_util.tree_leaves(p))


def train(docs, idx, inputs, cfg, seed, eval_at, score):
    key = jax.random.PRNGKey(seed)
    rng = np.random.default_rng(seed)
    d = inputs[idx[0]].shape[1]
    p = init(d, cfg, key)
    m = jax.tree_util.tree_map(jnp.zeros_like, p)
    v = jax.tree_util.tree_map(jnp.zeros_like, p)
    data = pack(docs, idx, inputs, cfg["maxlen"])
    test = pack(score[0], score[1], score[2], cfg["maxlen"])
    drop, l2, lr = cfg["drop"], cfg["l2"], cfg["lr"]

    @jax.jit
    def update(p, m, v, t, x, y, mask, key):
        g = jax.grad(loss)(p, x, y, mask, key, drop, l2)
        m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
        p = jax.tree_util.tree_map(lambda w, a, b: w - lr * (a / (1 - 0.9 ** t)) / (jnp.sqrt(b / (1 - 0.999 ** t)) + 1e-8),
                                   p, m, v)
        return p, m, v

    predict = jax.jit(lambda p, x, mask: jax.nn.sigmoid(logits(p, x, mask)))
    out, t = {}, 0
    bs = cfg["batch"]
    for ep in range(1, max(eval_at) + 1):
        jobs = [(L, s) for L, (x, _y, _m, _w) in data.items() for s in range(0, len(x), bs)]
        for j in rng.permutation(len(jobs)):
            L, s = jobs[j]
            x, y, mask, _w = data[L]
            xb, yb, mb = x[s:s + bs], y[s:s + bs], mask[s:s + bs]
            if len(xb) < bs:  # fixed shapes for jit
                padn = bs - len(xb)
                xb = np.concatenate([xb, np.zeros((padn, *xb.shape[1:]), np.float32)])
                yb = np.concatenate([yb, np.zeros((padn, L), np.float32)])
                mb = np.concatenate([mb, np.zeros((padn, L), np.float32)])
            t += 1
            key, sub = jax.random.split(key)
            p, m, v = update(p, m, v, t, xb, yb, mb, sub)
        if ep in eval_at:
            probs = {i: np.zeros(len(score[0][i]["y"]), np.float32) for i in score[1]}
            for x, _y, mask, where in test.values():
                pr = np.asarray(predict(p, x, mask))
                for r, (i, a, b) in enumerate(where):
                    probs[i][a:b] = pr[r, :b - a]
            out[ep] = probs
    return p, out


def main(cfg) -> None:
    cross_validate(cfg, train, "gru_" + "_".join(f"{k}{v}" for k, v in cfg.items() if k != "epochs"))


def numpy_forward(p, x, brk, maxlen=96):
    """The net's probabilities for one text's tokens (x: (n, d), brk: break before each
    token), in numpy as it would ship: all sentences batched, one step per position."""
    p = jax.tree_util.tree_map(np.asarray, p)
    n = len(x)
    starts = [*np.flatnonzero(brk == 2).tolist(), n]
    segs = [(s, min(b, s + maxlen)) for a, b in itertools.pairwise(starts) for s in range(a, b, maxlen)]
    L = max(b - a for a, b in segs)
    rows = np.zeros((len(segs), L), np.int64)
    m = np.zeros((len(segs), L), np.float32)
    for r, (a, b) in enumerate(segs):
        rows[r, :b - a] = np.arange(a, b)
        m[r, :b - a] = 1
    e = np.maximum(x @ p["w0"] + p["b0"], 0)
    states = []
    for name, order in (("fw", range(L)), ("bw", range(L - 1, -1, -1))):
        g = p[name]
        H = g["wh"].shape[0]
        gx = e @ g["wx"] + g["b"]
        h = np.zeros((len(segs), H), np.float32)
        out = np.zeros((n, H), np.float32)
        for t in order:
            gt = gx[rows[:, t]]
            gh = h @ g["wh"]
            z = 1 / (1 + np.exp(-(gt[:, :H] + gh[:, :H])))
            r = 1 / (1 + np.exp(-(gt[:, H:2 * H] + gh[:, H:2 * H])))
            nn = np.tanh(gt[:, 2 * H:] + r * gh[:, 2 * H:])
            mt = m[:, t:t + 1]
            h = mt * ((1 - z) * nn + z * h) + (1 - mt) * h
            live = m[:, t] > 0
            out[rows[live, t]] = h[live]
        states.append(out)
    zz = np.maximum(np.concatenate([*states, e], 1) @ p["w1"] + p["b1"], 0)
    return 1 / (1 + np.exp(-(zz @ p["w2"] + p["b2"])))


def dev(cfg, epoch, settings) -> None:
    """Train on all of OUR train portion; read OUR dev once per setting (sure, lo, hi) chosen
    on CV; time the numpy forward pass on 1,000 and 100,000 tokens."""
    c = load()
    docs, dv = c["train"], c["dev"]
    ins, dins, _ = make_inputs(c, cfg["pca"])
    p, got = train(docs, list(range(len(docs))), ins, cfg, cfg["seed"], (epoch,), (dv, list(range(len(dv))), dins))
    probs = got[epoch]
    report_dev(c, probs, settings)
    x = np.concatenate(dins)
    brk = np.concatenate([d["brk"] for d in dv])
    reps = int(np.ceil(100_000 / len(x)))
    x, brk = np.concatenate([x] * reps)[:100_000], np.concatenate([brk] * reps)[:100_000]
    check = numpy_forward(p, dins[0], dv[0]["brk"])
    print(f"numpy forward vs jax, max abs difference: {np.abs(check - probs[0]).max():.2e}")
    for n in (1000, 100_000):
        t0 = time.perf_counter()
        for _ in range(3):
            numpy_forward(p, x[:n], brk[:n])
        print(f"numpy forward on {n} tokens: {(time.perf_counter() - t0) / 3 * 1000:.1f} ms")


if __name__ == "__main__" and sys.argv[1:2] == ["dev"]:
    rest = sys.argv[3:]
    cfg = dict(CFG)
    for a in rest:
        if "=" in a:
            k, _, val = a.partition("=")
            cfg[k] = type(CFG[k])(val) if not isinstance(CFG[k], str) else val
    dev(cfg, int(sys.argv[2]), [tuple(float(v) for v in a.split(",")) for a in rest if "=" not in a])
elif __name__ == "__main__":
    cfg = dict(CFG)
    for a in sys.argv[1:]:
        k, _, val = a.partition("=")
        cfg[k] = type(CFG[k])(val) if not isinstance(CFG[k], str) else val
    main(cfg)
