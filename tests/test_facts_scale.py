"""The facts stage stays near-linear: quotations are paired through an index, never
all against all, and conflicts are looked for among indexed candidates only."""

from __future__ import annotations

from rapidfuzz import fuzz

from benchmarks.facts_recall import long_texts
from parallax.reader.facts import relate
from parallax.reader.facts.extract import compare_facts
from parallax.reader.ingest.article import from_text


def test_quotations_are_scored_only_against_candidates(monkeypatch):
    calls = [0]
    real = fuzz.partial_ratio

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(fuzz, "partial_ratio", counting)
    left, right = long_texts(12_000)
    facts = compare_facts(from_text(left), from_text(right), ())
    quotes_l = sum(1 for f in facts if f.kind == "quote" and f.left)
    quotes_r = sum(1 for f in facts if f.kind == "quote" and f.right)
    shared = sum(1 for f in facts if f.kind == "quote" and f.status == "shared")
    assert shared > 50 and quotes_l > 150 and quotes_r > 150
    # all against all would be quotes_l * quotes_r (> 20,000) calls
    assert calls[0] <= 3 * shared


def test_conflict_candidates_come_from_indexes(monkeypatch):
    reasons = [0]
    real = relate._reason

    def counting(*args, **kwargs):
        reasons[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(relate, "_reason", counting)
    left, right = long_texts(12_000)
    facts = compare_facts(from_text(left), from_text(right), ())
    numbers = sum(1 for f in facts if f.kind == "number")
    assert numbers > 800
    assert reasons[0] < 10 * numbers  # not every pair of figures with one head (hundreds of thousands)
