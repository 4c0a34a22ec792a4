"""Train the English loaded-language markers: ``resources/lexicons/en/loaded.tsv``
(weights), ``resources/lexicons/en/hedges.tsv`` (weights) and
``resources/models/framing.json``.

    python training/train_framing.py            # train, report, write the files
    python training/train_framing.py --check    # report only

Data: OUR train portion of the train split of the Propaganda Techniques Corpus
(SemEval-2020 Task 11), read through ``benchmarks/quality/framing_data.py``
(github.com/aschern/semeval2020_task11 at commit
84c384d3813a51f4face15086463952ebc2e0993, ``datasets/train-articles/`` and
``datasets/train-task2-TC.labels``; see ``resources/models/README.md``).  Gold
is the spans of four techniques: Loaded_Language, Name_Calling,Labeling,
Exaggeration,Minimisation and Doubt.  OUR dev portion (20 % of the same train
split, by a hash of the article id) is only scored; the thresholds are chosen by
cross-validation on OUR train portion; the public dev and test sets are never read.

What is learnt (the code that applies it is :mod:`parallax.reader.framing.learned`):

1. a word's **weight**: the share of its occurrences inside a gold span, each
   article counting at most three occurrences (so one article's topic does
   not make a word loaded), smoothed towards the base rate.  Words enter the
   lexicon when their weight reaches ``MIN_WEIGHT`` in at least
   ``MIN_ARTICLES`` articles and people marked it in ``MIN_MARKED`` of them, except function words, words mostly written
   with a capital (names, outlets) and the words of ``training/framing_review.tsv``
   (names, topics and places, reviewed by hand).  The hand-written rows of
   ``loaded.tsv`` (note ``negative``/``positive``) stay, with their measured
   weight; a hedge's weight is measured the same way;
2. the ``seed`` and ``grow`` logistic regressions of ``framing.json`` (see
   the module above), trained on OUR train portion with the lexicon weights
   of each tenth computed from the other nine tenths (so that the models see
   weights as noisy as on new text);
3. the ``span`` logistic regression: how much of a grown marker people marked
   (its precision credit), from the markers of each tenth found out of fold;
   its probability is a marker's confidence;
4. the ``extend`` and ``sure`` thresholds: the pair with the most recall on
   the out-of-fold markers of OUR train portion (seed, grow and span models
   fitted on the other folds) whose span precision (the SemEval
   partial-credit metric) is at least ``TARGET_PRECISION``;
5. the confidence of each kind of scare quote (its span precision on OUR
   train portion).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality import framing_data  # noqa: E402
from benchmarks.quality.framing_eval import merge_spans, score  # noqa: E402
from parallax.reader.facts.quotes import find_quotes  # noqa: E402
from parallax.reader.framing import learned  # noqa: E402
from parallax.reader.model import Article  # noqa: E402
from parallax.reader.text.keys import tokens  # noqa: E402
from parallax.reader.text.lexicon import clear_cache, load, stopwords  # noqa: E402
from training.logistic import fit_binary, predict  # noqa: E402

LEXICONS = ROOT / "resources" / "lexicons" / "en"
MODEL = ROOT / "resources" / "models" / "framing.json"
REVIEW = ROOT / "training" / "framing_review.tsv"

PER_ARTICLE = 3       # occurrences of a word one article counts for
SMOOTHING = 2.0       # pseudo-occurrences at the base rate (CV on OUR train folds, recall at P >= 0.5: 0.105 at 2, 0.103 at 4)
MIN_WEIGHT = 0.2      # a learnt word's weight (about 2.7 times the base rate)
MIN_ARTICLES = 2
MIN_OCCURRENCES = 2   # chosen by CV on OUR train folds: best recall at P >= 0.5 0.103 (2) vs 0.100 (3)
MAX_CAPITALISED = 0.5  # share of occurrences written with a capital (names, outlets)
MAX_EXTEND = 3
MIN_MARKED = 2       # articles in which people marked the word: one annotation makes no loaded word ("a virtual vassal state"); CV recall at P >= 0.55 0.085 (1) -> 0.091
FOLDS = 10  # lexicons of 90% of OUR train portion: out-of-fold markers closer to new text's than with 5
L2 = 1.0
TARGET_PRECISION = 0.55  # on CV, so that new text keeps P >= 0.5
#: Prior weights of words (on this corpus's scale) learnt from another annotated corpus: a
#: listed word's weight is smoothed towards its prior with PRIOR_STRENGTH pseudo-occurrences,
#: and it needs no occurrence here.  Empty (PTC alone) unless a probe sets it
#: (training/framing_babe_probe.py).
PRIORS: dict[str, float] = {}
PRIOR_STRENGTH = 3.0
HAND_NOTES = frozenset({"negative", "positive", "neutral"})
NOTES = {"Loaded_Language": "loaded language", "Name_Calling,Labeling": "name-calling",
         "Exaggeration,Minimisation": "exaggeration", "Doubt": "doubt"}


# -- data -------------------------------------------------------------------

class Doc:
    """One article: its tokens, which lie inside gold, under which technique, its quotations."""

    def __init__(self, aid: str, text: str, spans: list) -> None:
        self.id, self.text = aid, text
        self.gold = merge_spans(spans)
        self.toks = tokens(text)
        starts = [g[0] for g in self.gold]
        self.lab = []
        for t in self.toks:
            k = bisect.bisect_right(starts, t.start) - 1
            inside = sum(max(0, min(t.end, g[1]) - max(t.start, g[0])) for g in self.gold[max(0, k):k + 2])
            self.lab.append(1 if 2 * inside >= t.end - t.start else 0)
        self.tech: list[str | None] = [None] * len(self.toks)
        for s, e, tech in spans:
            for i in range(bisect.bisect_left([t.start for t in self.toks], s), len(self.toks)):
                if self.toks[i].start >= e:
                    break
                if self.tech[i] is None:
                    self.tech[i] = tech
        self.quotes = [(q.inner.start, q.inner.end, q.words)
                       for q in find_quotes(Article(text=text, language="en"))]


def docs(split: str) -> list[Doc]:
    return [Doc(aid, text, spans) for aid, text, spans in framing_data.articles(split)]


def fold_of(aid: str) -> int:
    return int(hashlib.sha256(("framing-fold:" + aid).encode()).hexdigest(), 16) % FOLDS


# -- lexicon ----------------------------------------------------------------

class Stat:
    __slots__ = ("articles", "capitals", "k", "marked", "n", "raw", "techs")

    def __init__(self) -> None:
        self.n = self.k = 0.0
        self.articles = self.capitals = self.raw = self.marked = 0
        self.techs: Counter[str] = Counter()

    def weight(self, base: float) -> float:
        return (self.k + SMOOTHING * base) / (self.n + SMOOTHING)


def phrase_stats(ds: list[Doc], phrases: set[tuple[str, ...]]) -> dict[tuple[str, ...], Stat]:
    """Stat of every phrase (tuple of keys) of ``phrases`` in ``ds``, each article counting
    at most PER_ARTICLE occurrences; one word's stat is that of the word."""
    out: dict[tuple[str, ...], Stat] = defaultdict(Stat)
    longest = max((len(p) for p in phrases), default=1)
    firsts = {p[0] for p in phrases}
    for d in ds:
        per: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
        keys = [t.key for t in d.toks]
        for i, k in enumerate(keys):
            if k not in firsts:
                continue
            for ln in range(1, longest + 1):
                p = tuple(keys[i:i + ln])
                if len(p) == ln and p in phrases:
                    r = per[p]
                    r[0] += 1
                    r[1] += all(d.lab[i:i + ln])
                    r[2] += d.text[d.toks[i].start].isupper()
                    if all(d.lab[i:i + ln]) and d.tech[i]:
                        out[p].techs[d.tech[i]] += 1
        for p, (n, k, c) in per.items():
            f = min(1.0, PER_ARTICLE / n)
            s = out[p]
            s.n += n * f
            s.k += k * f
            s.articles += 1
            s.marked += k > 0
            s.capitals += c
            s.raw += n
    return out


def word_stats(ds: list[Doc]) -> dict[tuple[str, ...], Stat]:
    words = {(t.key,) for d in ds for t in d.toks}
    return phrase_stats(ds, words)


def hand_rows() -> list[tuple[str, str]]:
    """The hand-written rows of the bundled loaded.tsv (their note is a tone)."""
    out = []
    for line in (LEXICONS / "loaded.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 2 or cells[1] not in HAND_NOTES:
            continue
        out.append((cells[0], cells[1]))
    return out


def review() -> dict[str, str]:
    out = {}
    for line in REVIEW.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, _, why = line.partition("\t")
            out[term.strip()] = why.strip()
    return out


def key_of(term: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokens(term))


def lexicon(ds: list[Doc], base: float, hand: list[tuple[str, str]], dropped: dict[str, str],
            *, words: dict | None = None) -> dict[tuple[str, ...], tuple[str, float, str]]:
    """{key tuple: (note, weight, term)}: the learnt words and the hand rows."""
    stop = stopwords()
    st = words if words is not None else word_stats(ds)
    table: dict[tuple[str, ...], tuple[str, float, str]] = {}
    for w, prior in PRIORS.items():  # smoothed towards the prior instead of the base rate
        s = st.get((w,))
        wt = prior if s is None else (s.k + PRIOR_STRENGTH * prior) / (s.n + PRIOR_STRENGTH)
        if wt >= MIN_WEIGHT and w not in stop and w not in dropped and (
                s is None or s.capitals <= MAX_CAPITALISED * s.raw):
            table[(w,)] = ("loaded language", wt, w)
    for (w,), s in st.items():
        if w in PRIORS:
            continue
        if s.articles < MIN_ARTICLES or s.marked < MIN_MARKED or s.raw < MIN_OCCURRENCES or w in stop or w in dropped or not w[:1].isalpha():
            continue
        if s.capitals > MAX_CAPITALISED * s.raw:
            continue
        wt = s.weight(base)
        if wt >= MIN_WEIGHT:
            tech = s.techs.most_common(1)[0][0] if s.techs else "Loaded_Language"
            table[(w,)] = (NOTES.get(tech, "loaded language"), wt, w)
    hand_keys = {key_of(t): (t, note) for t, note in hand}
    multi = phrase_stats(ds, {k for k in hand_keys if len(k) > 1})
    for k, (term, note) in hand_keys.items():
        s = st.get(k) if len(k) == 1 else multi.get(k)
        wt = s.weight(base) if s is not None else base
        table[k] = (note, wt, term)
    return table


def runtime_table(table) -> tuple[dict, int]:
    t = {k: (v[0], v[1]) for k, v in table.items()}
    return t, max((len(k) for k in t), default=1)


# -- models -----------------------------------------------------------------

def cues() -> frozenset[str]:
    return frozenset(k[0] for k in (key_of(row[0]) for row in load("naming_cues.tsv", "en")) if len(k) == 1)


def contexts(ds: list[Doc], table, base: float):
    rt, longest = runtime_table(table)
    stop, cue = stopwords(), cues()
    for d in ds:
        hits = learned.find(d.toks, rt, longest)
        yield d, hits, learned.context(d.text, d.toks, hits, base, quotes=d.quotes, cues=cue, stop=stop)


def rows(d: Doc, hits, ctx) -> tuple[list, list, list, list]:
    """Seed rows (one per hit) and grow rows (neighbours of hits inside gold)."""
    xs, ys, xg, yg = [], [], [], []
    n = len(d.toks)
    for h in hits:
        x = max((learned.features(ctx, t) for t in range(h.first, h.end)), key=lambda f: f[0])
        y = int(any(d.lab[h.first:h.end]))
        xs.append(x)
        ys.append(y)
        if not y:
            continue
        for step, start in ((-1, h.first - 1), (1, h.end)):
            t = start
            for _ in range(MAX_EXTEND):
                edge = t + 1 if step < 0 else t
                if not 0 <= t < n or ctx.brk[edge] != 0:
                    break
                xg.append(learned.features(ctx, t))
                yg.append(d.lab[t])
                t += step
    return xs, ys, xg, yg


def folds(train: list[Doc], base: float, hand, dropped) -> list[tuple[list, list]]:
    """Per fold of OUR train portion: the (doc, hits, context) of its articles with a lexicon
    learnt from the other folds, and their seed/grow rows (so the models see weights as
    noisy as on new text, and thresholds can be chosen on predictions out of fold)."""
    out = []
    for f in range(FOLDS):
        rest = [d for d in train if fold_of(d.id) != f]
        table = lexicon(rest, base, hand, dropped)
        ctxs = list(contexts([d for d in train if fold_of(d.id) == f], table, base))
        out.append((ctxs, [rows(d, hits, ctx) for d, hits, ctx in ctxs]))
    return out


def fit(per_fold: list[tuple[list, list]], skip: int | None = None) -> tuple[dict, dict]:
    """The seed and grow models from the rows of every fold but ``skip``."""
    xs, ys, xg, yg = [], [], [], []
    for f, (_ctxs, rws) in enumerate(per_fold):
        if f == skip:
            continue
        for a, b, c, e in rws:
            xs += a
            ys += b
            xg += c
            yg += e
    seed = fit_binary(np.array(xs), np.array(ys, dtype=float), l2=L2)
    grow = fit_binary(np.array(xg), np.array(yg, dtype=float), l2=L2)
    if skip is None:
        print(f"seed rows {len(ys)} ({np.mean(ys):.1%} inside), grow rows {len(yg)} ({np.mean(yg):.1%} inside)")
    return seed, grow


def cross_validated(per_fold, base: float) -> list[tuple[list, learned.Model]]:
    """Each fold's contexts with the models fitted on the other folds."""
    out = []
    for f, (ctxs, _rws) in enumerate(per_fold):
        seed, grow = fit(per_fold, skip=f)
        out.append((ctxs, learned.Model(learned.Linear.of(seed), learned.Linear.of(grow), base, 0.5, 0.5,
                                        MAX_EXTEND, {})))
    return out


def predicted(ctxs, m: learned.Model) -> list[tuple[float, str, int, int]]:
    out = []
    for d, hits, ctx in ctxs:
        for a, b, conf, _h in learned.spans(ctx, hits, m):
            out.append((conf, d.id, d.toks[a].start, d.toks[b - 1].end))
    return out


def prf(ds: list[Doc], found, sure: float, extra=()) -> tuple[float, float, float, int]:
    pred: dict[str, list] = defaultdict(list)
    for conf, aid, s, e in list(found) + list(extra):
        if conf >= sure:
            pred[aid].append((s, e))
    p, r, f1 = score(pred, {d.id: d.gold for d in ds})
    return p, r, f1, sum(len(merge_spans(v)) for v in pred.values())


EXTENDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 1.01)


def span_rows(ctxs, m: learned.Model) -> tuple[list, list, list]:
    """Features, precision credit (the share of the marker's characters people marked)
    and (0, article, start, end) of each weighted marker of ``ctxs`` under ``m`` (seed confidence)."""
    xs, ys, meta = [], [], []
    for d, hits, ctx in ctxs:
        for a, b, conf, h in learned.spans(ctx, hits, m._replace(span=None)):
            if h.weight is None:
                continue
            s, e = d.toks[a].start, d.toks[b - 1].end
            xs.append(learned.span_features(ctx, a, b, conf))
            ys.append(sum(max(0, min(e, g[1]) - max(s, g[0])) for g in d.gold) / max(1, e - s))
            meta.append((conf, d.id, s, e))
    return xs, ys, meta


def cv_predicted(cv, ext: float, span: bool) -> tuple[list[tuple[float, str, int, int]], list]:
    """Out-of-fold markers (confidence, article, start, end) at ``ext``; with ``span``, the
    confidence of a span model fitted on the other folds' out-of-fold markers.  Also each
    fold's span rows."""
    per = [span_rows(ctxs, m._replace(extend=ext)) for ctxs, m in cv]
    if not span:
        return [x for _xs, _ys, meta in per for x in meta], per
    out = []
    for f, (xs, _ys, meta) in enumerate(per):
        if not xs:
            continue
        sm = fit_binary(np.array([x for g, r in enumerate(per) if g != f for x in r[0]]),
                        np.array([y for g, r in enumerate(per) if g != f for y in r[1]]), l2=L2)
        for c, row in zip(predict(sm, np.array(xs)), meta, strict=True):
            out.append((float(c), *row[1:]))
    return out, per


def choose(cv, ds, extra=()) -> tuple[float, float, list, dict]:
    """The (extend, sure) pair with the most recall at TARGET_PRECISION for all the sure
    markers together (loaded terms, and the hedges and scare quotes of ``extra``), on the
    out-of-fold predictions of OUR train portion (``cv`` from :func:`cross_validated`),
    the sweep, and the span model fitted on every fold's markers at that ``extend``."""
    sweep = []
    rows_at = {}
    for ext in EXTENDS:
        found, rows_at[ext] = cv_predicted(cv, ext, True)
        for sure in np.arange(0.1, 0.81, 0.025):
            p, r, f1, n = prf(ds, found, float(sure), extra)
            sweep.append((ext, round(float(sure), 3), p, r, f1, n))
    ok = [s for s in sweep if s[2] >= TARGET_PRECISION and s[5] >= 30]
    best = max(ok, key=lambda s: (s[3], s[2])) if ok else max(sweep, key=lambda s: s[2])
    per = rows_at[best[0]]
    span = fit_binary(np.array([x for r in per for x in r[0]]), np.array([y for r in per for y in r[1]]), l2=L2)
    return best[0], best[1], sweep, span


# -- scare quotes and hedges ------------------------------------------------

def found_markers(ds: list[Doc]) -> dict[str, list]:
    """The markers of each article as the code now finds them (scare quotes and hedges do
    not depend on the model; only their confidence does)."""
    from parallax.reader.framing.markers import markers

    return {d.id: markers(Article(text=d.text, language="en")) for d in ds}


def scare_confidence(ds: list[Doc], found: dict[str, list]) -> dict[str, float]:
    """Span precision of each kind of scare quote (the marker's note) on ``ds``."""
    credit: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for d in ds:
        for mk in found[d.id]:
            if mk.category != "scare-quote":
                continue
            s, e = mk.span
            inside = sum(max(0, min(e, g[1]) - max(s, g[0])) for g in d.gold)
            credit[mk.note] += inside / max(1, e - s)
            count[mk.note] += 1
    return {k: round(credit[k] / count[k], 3) for k in sorted(count)}


def other_markers(ds: list[Doc], found: dict[str, list], hedges: dict, scare: dict) -> list:
    """(confidence, article, start, end) of the hedges and scare quotes of ``ds``."""
    out = []
    for d in ds:
        for mk in found[d.id]:
            if mk.category == "hedge":
                conf = hedges.get(key_of(mk.text), 1.0)
            elif mk.category == "scare-quote":
                conf = scare.get(mk.note, 1.0)
            else:
                continue
            out.append((conf, d.id, mk.span.start, mk.span.end))
    return out


def hedge_weights(ds: list[Doc], base: float) -> dict[tuple[str, ...], float]:
    keys = {key_of(row[0]) for row in load("hedges.tsv", "en")}
    st = phrase_stats(ds, keys)
    return {k: round(st[k].weight(base), 3) if k in st else round(base, 3) for k in keys}


# -- files ------------------------------------------------------------------

PROVENANCE = ("learnt by training/train_framing.py from OUR train portion (80%) of the train split of "
              "the Propaganda Techniques Corpus (SemEval-2020 Task 11; github.com/aschern/semeval2020_task11 "
              "at 84c384d3813a51f4face15086463952ebc2e0993)")


def write_loaded(table) -> None:
    head = ["# Loaded or evaluative terms (en).  term<TAB>note<TAB>weight",
            "# note: a tone (negative/positive: written by hand) or the technique people most often marked",
            "# the word as (loaded language, name-calling, exaggeration, doubt).  weight: the share of the",
            "# word's occurrences that people marked as one of those techniques, " + PROVENANCE + ";",
            "# regenerate with `python training/train_framing.py`.  The models decide how sure a marker is",
            "# (resources/models/framing.json).  A row of your own without a weight is always marked, and sure."]
    body = sorted(((v[2], v[0], v[1]) for v in table.values()), key=lambda r: (-r[2], r[0]))
    lines = head + [f"{t}\t{n}\t{w:.3f}" for t, n, w in body]
    (LEXICONS / "loaded.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_hedges(weights: dict[tuple[str, ...], float]) -> None:
    path = LEXICONS / "hedges.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or not line.strip():
            if not line.startswith("# weight:"):
                out.append(line)
            continue
        k = key_of(cells[0])
        out.append("\t".join([cells[0], cells[1] if len(cells) > 1 else "", f"{weights.get(k, 0):.3f}"]))
    at = next(i for i, x in enumerate(out) if not x.startswith("#"))
    out.insert(at, "# weight: the share of the term's occurrences that people marked as loaded language, "
                   "name-calling, exaggeration or doubt, " + PROVENANCE + ".")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="report only, do not write the files")
    ap.add_argument("--verbose", action="store_true", help="print the whole threshold sweep")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    train, dev = docs("train"), docs("dev")
    base = sum(sum(d.lab) for d in train) / sum(len(d.lab) for d in train)
    hand, dropped = hand_rows(), review()
    print(f"train {len(train)} articles, dev {len(dev)} articles, base rate {base:.4f} "
          f"({time.perf_counter() - t0:.0f} s)")
    per_fold = folds(train, base, hand, dropped)
    seed, grow = fit(per_fold)
    cv = cross_validated(per_fold, base)
    table = lexicon(train, base, hand, dropped)
    hedges = hedge_weights(train, base)
    print(f"lexicon: {len(table)} rows ({sum(1 for v in table.values() if v[0] not in HAND_NOTES)} learnt)")
    m = learned.Model(learned.Linear.of(seed), learned.Linear.of(grow), base, 0.5, 0.5, MAX_EXTEND, {})
    out = {"features": list(learned.FEATURES), "seed": seed, "grow": grow, "base_rate": round(base, 5),
           "max_extend": MAX_EXTEND, "thresholds": {"extend": 0.5, "sure": 0.5}, "scare_quotes": {},
           "trained_on": PROVENANCE}
    if not args.check:  # the markers below then use this lexicon
        write_loaded(table)
        write_hedges(hedges)
        MODEL.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        clear_cache()
        learned.model.cache_clear()
    else:  # the hedges and scare quotes found below need a model of these features
        learned.model = lambda: learned.parse(out)
    found_train = found_markers(train)
    out["scare_quotes"] = scare = scare_confidence(train, found_train)
    print("scare quotes (span precision on OUR train):", scare)
    ext, sure, sweep, span = choose(cv, train, other_markers(train, found_train, hedges, scare))
    for row in sweep:
        if args.verbose and row[1] in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
            print("  CV extend {:.2f} sure {:.3f}: P {:.3f} R {:.3f} F1 {:.3f} ({} spans)".format(*row))
    cp, cr, cf, cn = next(s[2:] for s in sweep if s[:2] == (ext, sure))
    for target in (0.45, 0.5, 0.55, 0.6):
        best = max((s for s in sweep if s[2] >= target and s[5] >= 30), key=lambda s: s[3], default=None)
        print(f"  CV at P >= {target}: " + ("{} {} P {:.3f} R {:.3f}".format(*best[:4]) if best else "none"))
    print(f"chosen by CV on OUR train folds: extend {ext}, sure {sure}: all sure markers P {cp:.3f} "
          f"R {cr:.3f} F1 {cf:.3f} ({cn})")
    extra = other_markers(dev, found_markers(dev), hedges, scare)
    ctxs = list(contexts(dev, table, base))
    m = m._replace(extend=ext, span=learned.Linear.of(span))
    dev_found = predicted(ctxs, m)
    p, r, f1, n = prf(dev, dev_found, sure, extra)
    lp, lr, lf, ln = prf(dev, dev_found, sure)
    print(f"on OUR dev: sure loaded markers P {lp:.3f} R {lr:.3f} F1 {lf:.3f} ({ln}); "
          f"all sure markers P {p:.3f} R {r:.3f} F1 {f1:.3f} ({n})")
    for name, lin in (("seed", seed), ("grow", grow)):
        print(name, " ".join(f"{f} {w:+.2f}" for f, w in zip(learned.FEATURES, lin["weights"], strict=True)))
    if args.check:
        return 0
    out["thresholds"] = {"extend": ext, "sure": sure}
    out["span_features"] = list(learned.SPAN_FEATURES)
    out["span"] = span
    out["cv"] = {"precision": round(cp, 4), "recall": round(cr, 4), "spans": cn}
    out["dev"] = {"precision": round(p, 4), "recall": round(r, 4), "spans": n}
    MODEL.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}, resources/lexicons/en/loaded.tsv, hedges.tsv "
          f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
