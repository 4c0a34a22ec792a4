"""Facts: recall and precision on written sentences, and the speed of the facts stage.

    python benchmarks/facts_recall.py            # recall / precision on data/facts_sentences.tsv
    python benchmarks/facts_recall.py --speed [WORDS]   # compare two long texts (default 100,000 words a side)
    python benchmarks/facts_recall.py --digits [--all]  # figures in real news: each in one fact?
    python benchmarks/facts_recall.py --quotes [--save FILE] [--against FILE [--sample N] [--seed S]]

``data/facts_sentences.tsv`` holds sentences written for this benchmark in the way
news reports write figures, dates and names (votes, scores, money, percentages,
9/11, phone numbers and URLs that are no facts, names with nicknames and titles),
each with the facts expected: ``kind:value`` cells, ``kind`` one of number, date,
name.  A fact found counts when kind and value match exactly; recall is over the
expected facts, precision over the facts found (quotes are not scored here).

``--digits`` reads real news nobody here wrote (the 575 ECB+ train-topic articles
of ``benchmarks/quality``; build the cache first with ``python
benchmarks/quality/datasets.py``) and checks issue #13's rule that every
digit-bearing expression is covered by one fact span or deliberately ignored
(:func:`~parallax.reader.facts.numbers.not_facts`: URLs, phone numbers, long
identifiers).  An expression is a run of non-space characters holding a digit,
trimmed of punctuation; runs that begin with a letter ("G7", "IE8",
"MS08-067") are identifiers, no numbers by design, and are counted apart.
Quotes and names do not count as cover.

``--quotes`` counts the quotations of four words or more that have a speaker in
the same ECB+ train-topic articles (:func:`~parallax.reader.facts.quotes.find_quotes`;
ECB+ labels no speakers, so whether a speaker is right is read, not scored):
``--save FILE`` keeps each quotation's speaker, and ``--against FILE`` compares with
such a file and prints a random sample (``--sample``, 30; ``--seed``, 0) of the
quotations of our train part whose speaker changed, with the words around them, to
be judged by hand.

``--speed`` builds two long texts from many different news-like paragraphs
(seeded: people, places, organisations, figures, dates and quotations drawn for
each paragraph; a third of the stories on both sides, told in other words),
then times ``compare`` on them and the facts stage alone.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data" / "facts_sentences.tsv"


def load_cases(path: Path = DATA) -> list[tuple[str, set[tuple[str, str]]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, *cells = line.split("\t")
        expected = set()
        for c in cells:
            if c.strip():
                kind, _, value = c.partition(":")
                expected.add((kind.strip(), value.strip()))
        cases.append((text, expected))
    return cases


def score(cases: list[tuple[str, set[tuple[str, str]]]]) -> dict[str, object]:
    from parallax.reader.facts.extract import extract
    from parallax.reader.ingest.article import from_text

    hit = found_n = expected_n = 0
    misses: list[tuple[str, str, str]] = []
    extras: list[tuple[str, str, str]] = []
    by_kind: dict[str, list[int]] = {}
    for text, expected in cases:
        got = {(it.kind, it.value) for it in extract(from_text(text)) if it.kind in ("number", "date", "name")}
        hit += len(got & expected)
        found_n += len(got)
        expected_n += len(expected)
        for kind, value in expected - got:
            misses.append((text, kind, value))
        for kind, value in got - expected:
            extras.append((text, kind, value))
        for kind, _value in expected:
            by_kind.setdefault(kind, [0, 0])[1] += 1
        for kind, _value in got & expected:
            by_kind[kind][0] += 1
    return {
        "sentences": len(cases),
        "recall": hit / expected_n if expected_n else 1.0,
        "precision": hit / found_n if found_n else 1.0,
        "by_kind": {k: v[0] / v[1] for k, v in sorted(by_kind.items())},
        "misses": misses,
        "extras": extras,
    }


# ---------------------------------------------------------------- long texts

_FIRST = ["Anna", "Maria", "James", "Olga", "Peter", "Ahmed", "Li", "Sofia", "Daniel", "Elena", "Tomas", "Grace", "Omar", "Ingrid", "Pavel", "Nadia", "Hugo", "Amira", "Lucas", "Irene", "Kenji", "Fatima", "Marco", "Helen", "Viktor", "Rosa", "Samuel", "Leila", "Jonas", "Clara"]
_LAST = ["Novak", "Keller", "Haddad", "Moreau", "Petrov", "Tanaka", "Silva", "Okafor", "Larsen", "Costa", "Weber", "Khan", "Jensen", "Fischer", "Romano", "Ivanova", "Morales", "Schmidt", "Nakamura", "Duarte", "Becker", "Rossi", "Kowalski", "Andersen", "Mendes", "Volkov", "Hughes", "Dubois", "Sato", "Ortiz"]
_PLACES = ["Lisbon", "Nairobi", "Warsaw", "Manila", "Lagos", "Quito", "Oslo", "Hanoi", "Tbilisi", "Dakar", "Lima", "Riga", "Accra", "Baku", "Tunis", "Santiago", "Kampala", "Vilnius", "Bogota", "Muscat", "Porto", "Gdansk", "Mombasa", "Cebu", "Tallinn", "Cusco"]
_ORGS = ["the health ministry", "the central bank", "the port authority", "the teachers' union",
         "the electoral commission", "the national weather service", "the football federation",
         "the energy regulator", "the city council", "the transport ministry", "the supreme court",
         "the statistics office", "the farmers' association", "the airline", "the water utility"]
_THINGS = [("people", "were evacuated from"), ("homes", "were damaged in"), ("workers", "went on strike in"),
           ("students", "protested in"), ("flights", "were cancelled at"), ("patients", "were treated in"),
           ("ships", "were stuck near"), ("voters", "turned out in"), ("trees", "were planted around"),
           ("cases", "were reported in"), ("jobs", "were cut in"), ("tonnes of grain", "were shipped from")]
_VERBS = ["said", "told reporters", "added", "warned", "insisted", "said on Tuesday", "wrote"]
_WORDS = ["the", "government", "will", "not", "accept", "any", "delay", "in", "the", "new", "plan", "because", "families", "need", "help", "now", "and", "we", "have", "waited", "for", "months", "while", "prices", "kept", "rising", "across", "the", "country", "so", "the", "budget", "must", "change", "before", "winter", "comes", "and", "schools", "open", "again", "with", "enough", "teachers", "and", "buses", "for", "every", "child", "our", "members", "voted", "for", "this", "and", "they", "expect", "results", "not", "more", "promises", "from", "ministers", "who", "have", "never", "visited", "the", "region", "since", "the", "floods", "destroyed", "roads", "bridges", "and", "farms", "last", "year"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


_MORE = ["we", "they", "our", "their", "this", "that", "these", "those", "people", "country", "city", "region", "market", "prices", "wages", "rents", "hospital", "school", "road", "bridge", "water", "power", "fuel", "food", "grain", "oil", "gas", "border", "army", "police", "court", "judge", "law", "rule", "vote", "voters", "election", "party", "leader", "minister", "mayor", "council", "budget", "tax", "taxes", "debt", "loan", "bank", "rate", "rates", "growth", "jobs", "workers", "union", "strike", "talks", "deal", "agreement", "peace", "war", "ceasefire", "attack", "fire", "flood", "storm", "drought", "heat", "rain", "snow", "crops", "harvest", "farmers", "fishermen", "ships", "port", "airport", "flights", "trains", "buses", "cars", "factory", "plant", "mine", "company", "firm", "shares", "investors", "profits", "losses", "sales", "exports", "imports", "trade", "tariffs", "sanctions", "aid", "refugees", "migrants", "families", "children", "parents", "teachers", "nurses", "doctors", "patients", "vaccine", "virus", "cases", "tests", "deaths", "victims", "survivors", "witnesses", "suspects", "charges", "trial", "verdict", "sentence", "appeal", "prison", "reform", "plan", "project", "promise", "warning", "threat", "risk", "danger", "crisis", "recovery", "support", "pressure", "protest", "rally", "march", "speech", "interview", "statement", "report", "study", "data", "figures", "evidence", "questions", "answers", "reasons", "mistakes", "lessons", "choices", "hopes", "fears", "doubts", "must", "will", "would", "could", "should", "might", "can", "cannot", "never", "always", "again", "still", "already", "soon", "today", "tomorrow", "tonight", "now", "later", "before", "after", "during", "while", "because", "although", "unless", "until", "since", "clear", "fair", "safe", "ready", "proud", "sorry", "tired", "angry", "worried", "grateful", "determined", "confident", "sure"]
_VOCAB = sorted(set(_WORDS + _MORE))


def _quote(rng: random.Random) -> str:
    words = rng.sample(_VOCAB, rng.randint(8, 18))
    words[0] = words[0].capitalize()
    return " ".join(words)


def _story(rng: random.Random) -> dict[str, object]:
    thing, verb = rng.choice(_THINGS)
    return {"p": _person(rng), "q": _person(rng), "place": rng.choice(_PLACES), "org": rng.choice(_ORGS),
            "n": rng.choice([rng.randint(2, 90), rng.randint(100, 9000), rng.randint(10, 900) * 1000]),
            "thing": thing, "verb": verb, "pct": round(rng.uniform(0.5, 40), 1), "money": rng.randint(2, 900),
            "day": rng.randint(1, 28), "month": rng.choice(_MONTHS), "year": rng.randint(2015, 2024),
            "quote": _quote(rng), "vote": (rng.randint(50, 99), rng.randint(0, 40))}


def _telling(rng: random.Random, s: dict[str, object]) -> str:
    """One paragraph telling a story, in one of several ways."""
    n = f"{s['n']:,}"
    parts = [
        rng.choice([
            f"About {n} {s['thing']} {s['verb']} {s['place']} on {s['month']} {s['day']}, {s['org']} said.",
            f"{s['org'].capitalize()} said {n} {s['thing']} {s['verb']} {s['place']} by {s['day']} {s['month']} {s['year']}.",
            f"In {s['place']}, {n} {s['thing']} {s['verb']} the city this week, according to {s['org']}.",
        ]),
        rng.choice([
            f"“{s['quote']},” {s['p']} {rng.choice(_VERBS)}.",
            f"{s['p']} {rng.choice(_VERBS)} that “{s['quote'].lower()}”.",
        ]),
        rng.choice([
            f"Costs rose {s['pct']}% to ${s['money']} million, and the council voted {s['vote'][0]}-{s['vote'][1]} on the plan.",
            f"The bill of €{s['money']}m was approved {s['vote'][0]} to {s['vote'][1]}; prices are up {s['pct']} percent since {s['year']}.",
            f"Officials put the cost at {s['money']} million dollars, or {s['pct']} percent of the budget.",
        ]),
        rng.choice([
            f"{s['q']}, who leads {s['org']}, met {s['p'].split()[1]} in {s['place']} on {s['month']} {s['day']}.",
            f"{s['p'].split()[1]} later spoke with {s['q']} by phone. For details call (212) 555-{rng.randint(1000, 9999)}.",
            f"Reporting by {s['q']} in {s['place']}; see https://news.example.org/{s['year']}/{s['day']}/story-{rng.randint(10**6, 10**7)}.",
        ]),
    ]
    return " ".join(parts)


def long_texts(words: int, seed: int = 7) -> tuple[str, str]:
    """Two texts of about ``words`` words each, of many different news-like paragraphs;
    a third of the stories are on both sides, told in other words."""
    rng = random.Random(seed)
    sides: list[list[str]] = [[], []]
    counts = [0, 0]
    while min(counts) < words:
        story = _story(rng)
        both = rng.random() < 1 / 3
        for side in (0, 1):
            if (both or rng.random() < 0.5) and counts[side] < words:
                para = _telling(rng, story)
                sides[side].append(para)
                counts[side] += len(para.split())
    return "\n\n".join(sides[0]), "\n\n".join(sides[1])


def speed(words: int) -> None:
    from parallax.reader.comparison.engine import compare
    from parallax.reader.facts.extract import compare_facts
    from parallax.reader.ingest.article import from_text

    a_text, b_text = long_texts(words)
    a, b = from_text(a_text), from_text(b_text)
    t0 = time.perf_counter()
    c = compare(a, b)
    t1 = time.perf_counter()
    facts = compare_facts(a, b, c.matches)
    t2 = time.perf_counter()
    print(f"{len(a_text.split()):,} / {len(b_text.split()):,} words: compare {t1 - t0:.2f} s "
          f"(facts stage alone {t2 - t1:.2f} s); {len(facts):,} facts, "
          f"{sum(f.status == 'conflict' for f in facts)} conflicts, "
          f"{sum(f.kind == 'quote' and f.status == 'shared' for f in facts)} shared quotations")


def digit_cover(texts: list[str]) -> dict[str, object]:
    """How many digit-bearing expressions of ``texts`` lie in exactly one fact or ignored span."""
    import re

    from parallax.reader.facts.extract import extract
    from parallax.reader.facts.numbers import not_facts
    from parallax.reader.ingest.article import from_text
    from parallax.reader.text.lexicon import language_of

    run = re.compile(r"\S*\d\S*")
    total = covered = identifiers = 0
    misses: list[tuple[str, str]] = []
    for raw in texts:
        a = from_text(raw)
        t = a.text
        spans = [(it.span.start, it.span.end) for it in extract(a) if it.kind not in ("quote", "name")]
        spans += [(sp.start, sp.end) for sp in not_facts(t, language_of(a.language))]
        for m in run.finditer(t):
            s, e = m.span()
            while s < e and not (t[s].isalnum() or t[s] in "$€£¥"):
                s += 1
            while e > s and not (t[e - 1].isalnum() or t[e - 1] == "%"):
                e -= 1
            if not any(c.isdigit() for c in t[s:e]):
                continue
            if t[s].isalpha():
                identifiers += 1
                continue
            total += 1
            over = [(x, y) for x, y in spans if x < e and y > s]
            digits = [i for i in range(s, e) if t[i].isdigit()]
            if len(over) == 1 and all(over[0][0] <= i < over[0][1] for i in digits):
                covered += 1
            else:
                misses.append((t[s:e], " ".join(t[max(0, s - 40):e + 30].split())))
    return {"total": total, "covered": covered, "identifiers": identifiers, "misses": misses}


def digits(show_all: bool) -> None:
    from benchmarks.quality.datasets import MissingData, event_docs

    try:
        docs = event_docs()
    except MissingData as exc:
        raise SystemExit(f"--digits needs the ECB+ cache: {exc}") from None
    for split in ("train", "dev"):
        r = digit_cover([d["text"] for d in docs.values() if d.get("split") == split])
        total = r["total"] or 1
        print(f"ECB+ train topics, our {split} part: {r['covered']} of {r['total']} digit-bearing expressions in one fact or "
              f"ignored span ({r['covered'] / total:.3f}; target >= 0.95); {r['identifiers']} identifiers apart")
        for text, where in r["misses"] if show_all else r["misses"][:10]:  # type: ignore[union-attr]
            print(f"  missed {text!r}: {where}")


def quote_speakers(docs: dict[str, dict]) -> list[dict]:
    """Each quotation of four words or more in ``docs``: where it is, who speaks it."""
    from parallax.reader.facts.quotes import find_quotes
    from parallax.reader.ingest.article import from_text

    rows = []
    for name, d in sorted(docs.items()):
        for q in find_quotes(from_text(d["text"])):
            if q.words >= 4:
                rows.append({"doc": name, "split": d.get("split"), "start": q.span.start, "end": q.span.end,
                             "speaker": q.speaker, "verb": q.verb})
    return rows


def quotes(argv: list[str]) -> None:
    import json

    from benchmarks.quality.datasets import MissingData, event_docs
    from parallax.reader.ingest.article import from_text

    def option(name: str, default: str | None = None) -> str | None:
        return argv[argv.index(name) + 1] if name in argv[:-1] else default

    try:
        docs = event_docs()
    except MissingData as exc:
        raise SystemExit(f"--quotes needs the ECB+ cache: {exc}") from None
    rows = quote_speakers(docs)
    for split in ("train", "dev", None):
        part = [r for r in rows if split is None or r["split"] == split]
        named = sum(r["speaker"] is not None for r in part)
        where = f"our {split} part" if split else "all"
        print(f"ECB+ train topics, {where}: {named} of {len(part)} quotations of four words or more "
              f"with a speaker ({named / max(1, len(part)):.3f})")
    if option("--save"):
        Path(option("--save")).write_text(json.dumps(rows), encoding="utf-8")  # type: ignore[arg-type]
    if option("--against"):
        before = {(r["doc"], r["start"]): r for r in json.loads(Path(option("--against")).read_text(encoding="utf-8"))}  # type: ignore[arg-type]
        now = {(r["doc"], r["start"]): r for r in rows}
        changed = [(k, before.get(k), now.get(k)) for k in sorted(set(before) | set(now))
                   if (before.get(k) or {}).get("speaker", "-") != (now.get(k) or {}).get("speaker", "-")
                   and docs[k[0]].get("split") == "train"]
        print(f"our train part: {len(changed)} quotations changed speaker (or are new or gone)")
        random.Random(int(option("--seed", "0"))).shuffle(changed)  # type: ignore[arg-type]
        texts: dict[str, str] = {}
        for (name, start), old, new in changed[:int(option("--sample", "30"))]:  # type: ignore[arg-type]
            t = texts.setdefault(name, from_text(docs[name]["text"]).text)
            end = (new or old)["end"]  # type: ignore[index]
            was = old["speaker"] if old else "(no quotation)"
            is_ = new["speaker"] if new else "(no quotation)"
            around = t[max(0, start - 300):start] + "[[" + t[start:end] + "]]" + t[end:end + 150]
            print(f"--- {name} {start}: {was!r} -> {is_!r}\n  " + " ".join(around.replace("\n", " ¶ ").split())
                  .replace("¶ ¶", "¶"))


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--quotes":
        quotes(argv[1:])
        return 0
    if argv and argv[0] == "--digits":
        digits("--all" in argv)
        return 0
    if argv and argv[0] == "--speed":
        speed(int(argv[1]) if len(argv) > 1 else 100_000)
        return 0
    r = score(load_cases())
    print(f"{r['sentences']} sentences: recall {r['recall']:.3f}, precision {r['precision']:.3f}")
    print("recall by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in r["by_kind"].items()))  # type: ignore[union-attr]
    for text, kind, value in r["misses"]:  # type: ignore[union-attr]
        print(f"  missed {kind}:{value!r} in {text!r}")
    for text, kind, value in r["extras"]:  # type: ignore[union-attr]
        print(f"  extra  {kind}:{value!r} in {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
