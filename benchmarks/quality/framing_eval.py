"""SemEval-2020 Task 11 span-identification (SI) metric with partial credit.

Re-implementation (stdlib) of ``compute_score_pr`` in the organisers'
``tools/task-SI_scorer.py`` (Da San Martino et al.), as run by that script:

* labels are ignored (SI task): every span is just "propaganda";
* overlapping gold spans of an article are merged; overlapping predicted spans
  are merged too (the scorer's ``-m`` option; without it it refuses overlaps);
* for every predicted span p and gold span g of the same article
      precision credit += |p & g| / |p|,    recall credit += |p & g| / |g|
  (character sets, end offset exclusive);
* P = precision credit / number of predicted spans (all articles),
  R = recall credit / number of gold spans (all gold articles, including
  articles with no prediction), F1 = harmonic mean (1.0 if both sets empty).

``score_group`` restricts the gold side to some techniques (predictions are
unchanged), e.g. to see how much of Parallax's "loaded" markers fall on
Loaded_Language / Name_Calling gold.  Parallax's private figure (P 0.24,
R 0.14) merges the four framing techniques as gold and all loaded / hedge /
scare-quote markers as predictions, i.e. ``score(pred, gold)`` here.
"""

from __future__ import annotations

import bisect
import re as _re


def merge_spans(spans):
    """Sorted, merged [(start, end)]; spans may be (s, e) or (s, e, label, ...)."""
    out = []
    for s, e, *_ in sorted((int(sp[0]), int(sp[1])) for sp in spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:        # overlapping (sharing >= 1 char) -> merge
            if e > out[-1][1]:
                out[-1][1] = e
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


def _credit(pred, gold):
    """(precision credit, recall credit) for merged sorted span lists of one article."""
    cp = cr = 0.0
    j0 = 0
    for ps, pe in pred:
        while j0 < len(gold) and gold[j0][1] <= ps:
            j0 += 1
        j = j0
        while j < len(gold) and gold[j][0] < pe:
            gs, ge = gold[j]
            inter = min(pe, ge) - max(ps, gs)
            if inter > 0:
                cp += inter / (pe - ps)
                cr += inter / (ge - gs)
            j += 1
    return cp, cr


def prf(cp, n_pred, cr, n_gold):
    p = cp / n_pred if n_pred else 0.0
    r = cr / n_gold if n_gold else 0.0
    if n_pred == 0 and n_gold == 0:
        return p, r, 1.0
    f1 = 2 * p * r / (p + r) if p > 0 and r > 0 else 0.0
    return p, r, f1


def counts(pred_spans_by_article, gold_spans_by_article):
    """Raw (precision credit, #pred, recall credit, #gold) -- summable across runs."""
    cp = cr = 0.0
    n_pred = n_gold = 0
    ids = set(pred_spans_by_article) | set(gold_spans_by_article)
    for aid in ids:
        pred = merge_spans(pred_spans_by_article.get(aid, ()))
        gold = merge_spans(gold_spans_by_article.get(aid, ()))
        n_pred += len(pred)
        n_gold += len(gold)
        a, b = _credit(pred, gold)
        cp += a
        cr += b
    return cp, n_pred, cr, n_gold


def score(pred_spans_by_article, gold_spans_by_article):
    """(P, R, F1) of the SI partial-credit metric; inputs {article_id: [(start, end[, label])]}."""
    return prf(*counts(pred_spans_by_article, gold_spans_by_article))


def score_group(pred_spans_by_article, gold_spans_by_article, techniques):
    """Same metric with gold restricted to spans whose label (3rd field) is in ``techniques``."""
    keep = set(techniques)
    gold = {aid: [sp for sp in spans if len(sp) > 2 and sp[2] in keep]
            for aid, spans in gold_spans_by_article.items()}
    return score(pred_spans_by_article, gold)


def score_per_class(pred_spans_by_article, gold_spans_by_article, groups):
    """{group name: (P, R, F1)} for ``groups`` = {name: techniques}, plus 'all'."""
    res = {"all": score(pred_spans_by_article, gold_spans_by_article)}
    for name, techs in groups.items():
        res[name] = score_group(pred_spans_by_article, gold_spans_by_article, techs)
    return res


def _selftest():
    gold = {"a": [(0, 10, "Doubt"), (5, 12, "Loaded_Language"), (20, 30, "Doubt")], "b": [(0, 4, "Doubt")]}
    # gold merges to a:[0,12),[20,30) b:[0,4) -> 3 gold spans
    pred = {"a": [(0, 6), (25, 35)]}
    p, r, _f = score(pred, gold)
    # precision: 6/6 + 5/10 = 1.5 / 2 ; recall: 6/12 + 5/10 = 1.0 / 3
    assert abs(p - 0.75) < 1e-9 and abs(r - 1 / 3) < 1e-9, (p, r)
    assert score({}, {}) == (0.0, 0.0, 1.0)
    p, r, _ = score_group(pred, gold, ["Loaded_Language"])
    # gold a:[5,12): pred (0,6) inter 1 -> P 1/6, R 1/7 ; pred (25,35) no gold
    assert abs(p - (1 / 6) / 2) < 1e-9 and abs(r - 1 / 7) < 1e-9, (p, r)
    return True


if __name__ == "__main__" and "--analysis" not in __import__("sys").argv:
    print("selftest ok" if _selftest() else "selftest failed")


# ---------------------------------------------------------------------------
# Lexicon / quote analysis on the PTC train split (see training/framing_analysis.md)
#   python benchmarks/quality/framing_eval.py --analysis
# learns on OUR train portion only and scores on OUR dev portion (both are
# parts of the PTC *train* split; see framing_data.py).
# ---------------------------------------------------------------------------

_WORD = _re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
SPEECH_VERBS = frozenset(
    ["say", "says", "said", "saying", "tell", "tells", "told", "telling", "state", "states", "stated", "add", "adds", "added", "write", "writes", "wrote", "written", "claim", "claims", "claimed", "claiming", "insist", "insists", "insisted", "declare", "declares", "declared", "explain", "explains", "explained", "argue", "argues", "argued", "warn", "warns", "warned", "note", "notes", "noted", "ask", "asks", "asked", "reply", "replied", "respond", "responded", "announce", "announced", "tweet", "tweeted", "tweets", "post", "posted", "according", "testify", "testified", "comment", "commented", "suggest", "suggested", "admit", "admitted", "describe", "described", "describes", "call", "called", "calls", "calling", "dub", "dubbed", "label", "labeled", "labelled", "term", "termed"])
_NAMING_VERBS = frozenset(["call", "called", "calls", "calling", "dub", "dubbed", "label", "labeled", "labelled", "term", "termed", "describe", "described", "describes"])


def words(text):
    """[(start, end, lowercased word)]."""
    return [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _WORD.finditer(text)]


def quotes(text):
    """[(start, end)] of the text inside quotation marks (“…”, "…" within a line, ‘…’)."""
    out = []
    for m in _re.finditer(r"“([^“”\n]{1,400})”", text):
        out.append((m.start(1), m.end(1)))
    for line in _re.finditer(r"[^\n]+", text):
        pos = [line.start() + i for i, ch in enumerate(line.group()) if ch == '"']
        for a, b in zip(pos[0::2], pos[1::2], strict=False):
            if b - a > 1:
                out.append((a + 1, b))
    for m in _re.finditer(r"(?<![A-Za-z])‘([^‘’\n]{1,200})’(?![A-Za-z])", text):
        out.append((m.start(1), m.end(1)))
    return sorted(set(out))


def _inside(gold_merged, s, e):
    """Characters of [s, e) inside merged gold spans."""
    n = 0
    for gs, ge in gold_merged:
        if ge <= s:
            continue
        if gs >= e:
            break
        n += min(e, ge) - max(s, gs)
    return n


def term_stats(arts, n=1):
    """{term: [occurrences, occurrences inside gold, set of article ids]} (inside = all chars in gold)."""
    st = {}
    for aid, text, spans in arts:
        gold = merge_spans(spans)
        ws = words(text)
        for i in range(len(ws) - n + 1):
            grp = ws[i:i + n]
            if n > 1 and _re.search(r"[.!?;:\n]", text[grp[0][1]:grp[-1][0]]):
                continue   # no n-grams across sentence punctuation
            term = " ".join(w for _, _, w in grp)
            s, e = grp[0][0], grp[-1][1]
            rec = st.setdefault(term, [0, 0, set()])
            rec[0] += 1
            rec[1] += _inside(gold, s, e) == e - s
            rec[2].add(aid)
    return st


def lexicon(stats, min_p, min_support, min_articles=2):
    return {t for t, (n, k, a) in stats.items()
            if n >= min_support and len(a) >= min_articles and k / n >= min_p}


def predict_lexicon(arts, uni=(), bi=(), join=False):
    """Spans of every occurrence of the lexicon terms; ``join`` merges hits separated only by spaces/hyphens."""
    pred = {}
    for aid, text, _ in arts:
        ws = words(text)
        hits = []
        for i, (s, e, w) in enumerate(ws):
            if w in uni:
                hits.append((s, e))
            if i + 1 < len(ws) and w + " " + ws[i + 1][2] in bi \
                    and not _re.search(r"[.!?;:\n]", text[e:ws[i + 1][0]]):
                hits.append((s, ws[i + 1][1]))
        hits = merge_spans(hits)
        if join and hits:
            j = [list(hits[0])]
            for s, e in hits[1:]:
                if _re.fullmatch(r"[ \-]*", text[j[-1][1]:s]):
                    j[-1][1] = e
                else:
                    j.append([s, e])
            hits = [tuple(x) for x in j]
        pred[aid] = hits
    return pred


def quote_features(text, s, e, ws_cache=None):
    """(#words, full_sentence, speech verb within 6 words before or 4 after, naming verb within 3 before)."""
    content = text[s:e]
    n = len(_WORD.findall(content))
    stripped = content.strip()
    full = n >= 4 and stripped[:1].isupper() and stripped[-1:] in ".!?,"
    ws = ws_cache if ws_cache is not None else words(text)
    before = [w for ws_, we, w in ws if we <= s - 1 and ws_ >= s - 60][-6:]
    after = [w for ws_, we, w in ws if ws_ >= e + 1 and we <= e + 40][:4]
    speech = any(w in SPEECH_VERBS for w in before + after)
    naming = any(w in _NAMING_VERBS for w in before[-3:])
    return n, full, speech, naming


def predict_scare_quotes(arts, max_words=3, skip_speech=False, skip_titlecase=False):
    pred = {}
    for aid, text, _ in arts:
        ws = words(text)
        out = []
        for s, e in quotes(text):
            n, full, speech, naming = quote_features(text, s, e, ws)
            if not 1 <= n <= max_words or full:
                continue
            if skip_speech and speech and not naming:
                continue
            if skip_titlecase and all(w[:1].isupper() for w in _WORD.findall(text[s:e])):
                continue
            out.append((s, e))
        pred[aid] = out
    return pred


def extend(arts, pred, k):
    """Grow each predicted span by k words on each side, within its line."""
    out = {}
    for aid, text, _ in arts:
        ws = words(text)
        starts = [w[0] for w in ws]

        spans = []
        for s, e in pred.get(aid, ()):
            i = bisect.bisect_left(starts, s)
            j = bisect.bisect_left(starts, e) - 1
            a, b = i, j
            for _ in range(k):
                if a > 0 and "\n" not in text[ws[a - 1][1]:ws[a][0]] and not _re.search(r"[.!?;:]", text[ws[a - 1][1]:ws[a][0]]):
                    a -= 1
                if b + 1 < len(ws) and not _re.search(r"[\n.!?;:]", text[ws[b][1]:ws[b + 1][0]]):
                    b += 1
            spans.append((min(s, ws[a][0]), max(e, ws[b][1])))
        out[aid] = merge_spans(spans)
    return out


def doubt_cues(arts, min_p=0.3, min_support=5):
    """Words whose occurrences fall inside Doubt gold spans at least min_p of the time."""
    st = term_stats([(a, t, [sp for sp in s if sp[2] == "Doubt"]) for a, t, s in arts], 1)
    return lexicon(st, min_p, min_support)


def predict_sentences(arts, cues):
    """Whole lines (PTC: one sentence per line) containing a cue word."""
    out = {}
    for aid, text, _ in arts:
        spans = []
        for m in _re.finditer(r"[^\n]+", text):
            if any(w in cues for _, _, w in words(m.group())):
                spans.append((m.start(), m.end()))
        out[aid] = spans
    return out


def union(*preds):
    out = {}
    for p in preds:
        for aid, spans in p.items():
            out.setdefault(aid, []).extend(spans)
    return out


def _fmt(r):
    return "{:.3f} | {:.3f} | {:.3f}".format(*r)


def analysis():
    import statistics
    from collections import Counter, defaultdict

    import framing_data as fd

    train, dev = fd.articles("train"), fd.articles("dev")
    gold_dev = fd.gold_by_article(dev)
    P = print
    P("## Sizes\n")
    for name, arts in (("train portion", train), ("dev portion", dev)):
        c = Counter(t for _, _, sp in arts for *_, t in sp)
        nw = sum(len(words(t)) for _, t, _ in arts)
        merged = sum(len(merge_spans(sp)) for _, _, sp in arts)
        cov = sum(e - s for _, _, sp in arts for s, e in merge_spans(sp)) / sum(len(t) for _, t, _ in arts)
        P("* %s: %d articles, %d words, %d gold spans (%d after merging overlaps), %.1f%% of characters inside gold; %s"
          % (name, len(arts), nw, sum(c.values()), merged, 100 * cov, ", ".join("%s %d" % kv for kv in c.most_common())))

    P("\n## Gold span lengths (train portion, words)\n")
    bins = [(1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 20), (21, 10 ** 6)]
    P("| technique | n | median | " + " | ".join("%d" % a if a == b else ("%d-%d" % (a, b) if b < 10 ** 6 else "%d+" % a) for a, b in bins) + " |")
    P("|---|---|---|" + "---|" * len(bins))
    by = defaultdict(list)
    for _, text, sp in train:
        for s, e, t in sp:
            n = len(_WORD.findall(text[s:e]))
            by[t].append(n)
            by["(all four)"].append(n)
    for t, ls in sorted(by.items(), key=lambda kv: -len(kv[1])):
        P("| %s | %d | %g | " % (t, len(ls), statistics.median(ls)) + " | ".join(
            "%.0f%%" % (100 * sum(a <= x <= b for x in ls) / len(ls)) for a, b in bins) + " |")

    uni, bi = term_stats(train, 1), term_stats(train, 2)
    base = sum(k for n, k, _ in uni.values()) / sum(n for n, _, _ in uni.values())
    P("\n## Terms inside gold spans (train portion)\n")
    P("Base rate: %.1f%% of all word tokens lie inside a gold span. Term P = share of the term's occurrences "
      "lying wholly inside a gold span; support = occurrences; arts = articles containing it.\n" % (100 * base))
    for label, st, minsup in (("Unigrams", uni, 8), ("Bigrams", bi, 5)):
        rows = [(k / n, n, len(a), t) for t, (n, k, a) in st.items() if n >= minsup and len(a) >= 3]
        rows.sort(key=lambda r: (-r[0], -r[1]))
        P("### %s, highest P (support >= %d, >= 3 articles)\n" % (label, minsup))
        P("| term | P | support | arts |\n|---|---|---|---|")
        for p_, n, a, t in rows[:40]:
            P("| %s | %.2f | %d | %d |" % (t, p_, n, a))
        P("")
    rows = sorted(((k / n, n, len(a), t) for t, (n, k, a) in uni.items() if n >= 10 and k / n >= 0.25),
                  key=lambda r: (-r[0] * r[1]))
    P("### Unigrams with P >= 0.25 and the most in-gold occurrences (recall carriers, support >= 10)\n")
    P("| term | P | support | in-gold |\n|---|---|---|---|")
    for p_, n, _arts, t in rows[:25]:
        P("| %s | %.2f | %d | %d |" % (t, p_, n, round(p_ * n)))

    P("\n## Quoted phrases (train portion)\n")
    P("Inside = all of the quote's content lies in gold; any = overlaps gold; SI-P = mean |quote & gold| / |quote| "
      "(the precision credit the quote would earn as a predicted span).\n")
    P("| words | speech verb nearby | full sentence | n | inside | any | SI-P |\n|---|---|---|---|---|---|---|")
    qb = defaultdict(lambda: [0, 0, 0, 0.0])
    for _, text, sp in train:
        gold = merge_spans(sp)
        ws = words(text)
        for s, e in quotes(text):
            n, full, speech, naming = quote_features(text, s, e, ws)
            if n == 0:
                continue
            lb = "1" if n == 1 else ("2-3" if n <= 3 else "4+")
            sv = "naming verb (called/dubbed...)" if naming else ("yes" if speech else "no")
            for key in ((lb, sv, "yes" if full else "no"), (lb, "(any)", "(any)")):
                ins = _inside(gold, s, e)
                r = qb[key]
                r[0] += 1
                r[1] += ins == e - s
                r[2] += ins > 0
                r[3] += ins / (e - s)
    for key in sorted(qb, key=lambda k: (["1", "2-3", "4+"].index(k[0]), k[1], k[2])):
        n, a, b, c = qb[key]
        if n >= 5:
            P("| %s | %s | %s | %d | %.2f | %.2f | %.2f |" % (*key, n, a / n, b / n, c / n))

    P("\n## Simple strategies scored on OUR dev portion (SI partial-credit metric, gold = four techniques merged)\n")
    P("| strategy | #pred | P | R | F1 | P vs loaded-group | P vs Doubt |\n|---|---|---|---|---|---|---|")

    def row(name, pred):
        n = sum(len(merge_spans(v)) for v in pred.values())
        lp = score_group(pred, gold_dev, fd.GROUPS["loaded"])[0]
        dp = score_group(pred, gold_dev, fd.GROUPS["doubt"])[0]
        P("| %s | %d | %s | %.3f | %.3f |" % (name, n, _fmt(score(pred, gold_dev)), lp, dp))

    for minp in (0.3, 0.4, 0.5, 0.6, 0.7):
        for sup in (3, 5, 10):
            lex = lexicon(uni, minp, sup)
            row("unigrams P>=%.1f sup>=%d (%d words)" % (minp, sup, len(lex)), predict_lexicon(dev, uni=lex))
    for minp, sup in ((0.2, 3), (0.3, 2), (0.4, 2)):
        lex = lexicon(uni, minp, sup)
        row("unigrams P>=%.1f sup>=%d (%d words)" % (minp, sup, len(lex)), predict_lexicon(dev, uni=lex))
    for minp, sup in ((0.3, 3), (0.4, 3), (0.5, 3)):
        lex = lexicon(uni, minp, sup)
        for ext in (1, 2):
            row("unigrams P>=%.1f sup>=%d, hit + %d word(s) either side" % (minp, sup, ext),
                extend(dev, predict_lexicon(dev, uni=lex), ext))
    doubt = doubt_cues(train)
    P("\n(doubt cues learnt on train, P>=0.3 vs Doubt gold, sup>=5: {})\n".format(", ".join(sorted(doubt))))
    row("sentences containing a doubt cue (%d cues)" % len(doubt), predict_sentences(dev, doubt))
    for minp, sup in ((0.4, 5), (0.5, 5), (0.5, 3)):
        lu, lb = lexicon(uni, minp, sup), lexicon(bi, minp, sup)
        row("uni+bigrams P>=%.1f sup>=%d (%d+%d)" % (minp, sup, len(lu), len(lb)), predict_lexicon(dev, lu, lb))
        row("uni+bigrams P>=%.1f sup>=%d, adjacent hits joined" % (minp, sup), predict_lexicon(dev, lu, lb, join=True))
    for mw in (1, 2, 3, 4):
        row("scare quotes 1-%d words, not full sentence" % mw, predict_scare_quotes(dev, mw))
    row("scare quotes 1-3 words, no speech verb (naming verbs allowed)", predict_scare_quotes(dev, 3, skip_speech=True))
    row("scare quotes 1-3 words, no speech verb, not Title Case", predict_scare_quotes(dev, 3, True, True))
    for minp, sup in ((0.4, 5), (0.5, 5)):
        lu, lb = lexicon(uni, minp, sup), lexicon(bi, minp, sup)
        row("uni+bi P>=%.1f sup>=%d joined + scare quotes 1-3 (no speech verb)" % (minp, sup),
            union(predict_lexicon(dev, lu, lb, join=True), predict_scare_quotes(dev, 3, skip_speech=True)))
    P("\n### Scare-quote rule on the train portion (for comparison: no dev tuning)\n")
    gold_tr = fd.gold_by_article(train)
    for mw in (2, 3):
        for sk in (False, True):
            p = predict_scare_quotes(train, mw, skip_speech=sk)
            P("* 1-%d words%s: #pred %d, P %.3f, R %.3f" % (mw, ", no speech verb" if sk else "",
              sum(len(v) for v in p.values()), *score(p, gold_tr)[:2]))


if __name__ == "__main__" and "--analysis" in __import__("sys").argv:
    analysis()
