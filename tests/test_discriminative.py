"""The paraphrase model's word evidence: TF-KLD's per-word statistics from labelled pairs."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from parallax.reader.align import discriminative
from parallax.reader.align.discriminative import evidence, table, words
from parallax.reader.align.similarity import FEATURES, probability, sentence_features

AT = FEATURES.index("word_evidence")


def test_word_evidence_is_a_feature_the_shipped_model_weighs():
    data = json.loads(resources.files("parallax.resources").joinpath("models", "paraphrase.json")
                      .read_text(encoding="utf-8"))
    assert data["features"][AT] == "word_evidence"
    assert data["weights"][AT] > 0.1  # more evidence of a paraphrase, a higher probability
    x = list(sentence_features("The minister resigned on Friday.", "On Friday the minister quit."))
    x[AT] = 0.3
    high = probability(x)
    x[AT] = -0.3
    assert probability(x) < high - 0.05


def test_the_table_is_read_from_the_bundled_file():
    discriminative._table.cache_clear()
    t = table()
    assert 1_000 < len(t) < 20_000
    assert all(len(v) == 2 for v in t.values())
    # a word both sides of most pairs of either kind have tells little; "not" on one side only tells
    # of a pair that says different things
    assert abs(t["the"][0]) < 0.2
    assert t["not"][1] < -0.3 < 0.3 < t["not"][0]


def test_evidence_is_the_mean_ratio_over_the_words():
    w = {"a": (1.0, -1.0), "b": (0.5, -0.25)}
    assert evidence(frozenset("ab"), frozenset("a"), weights=w) == pytest.approx((1.0 - 0.25) / 2)
    assert evidence(frozenset("ac"), frozenset("a"), weights=w) == pytest.approx(1.0 / 2)  # "c" is not listed: 0
    assert evidence(frozenset("a"), frozenset("b"), weights=w) == pytest.approx((-1.0 - 0.25) / 2)
    assert evidence(frozenset(), frozenset(), weights=w) == 0.0
    assert words(["the", "talks"], {"talk"}) == {"the", "talks", "talk"}


def test_a_shared_discriminative_word_raises_the_feature():
    a = "The minister did not resign on Friday."
    kept = sentence_features(a, "On Friday the minister did not resign.")[AT]
    dropped = sentence_features(a, "On Friday the minister did resign.")[AT]
    assert kept > dropped + 0.05  # "not" on both sides, against on one side only


def test_the_feature_reads_the_file_through_the_real_features():
    from parallax.reader.align.similarity import content
    from parallax.reader.text.keys import tokens

    a, b = "Police arrested three men over the robbery.", "Three men were arrested by police after the robbery."
    ka, kb = [t.key for t in tokens(a)], [t.key for t in tokens(b)]
    expected = evidence(words(ka, content(ka)), words(kb, content(kb)))
    assert sentence_features(a, b)[AT] == pytest.approx(expected)
    assert expected != 0.0


def test_word_evidence_does_not_depend_on_the_order_a_set_gives_its_words():
    # a running sum in set order moved the last digit with the hash seed, and with it
    # summary.similarity, so the same comparison printed different JSON from run to run
    import math
    import random

    rng = random.Random(7)
    for _ in range(20):
        keys = [f"w{k}" for k in range(30)]
        weights = {k: (rng.uniform(-3, 3), rng.uniform(-3, 3)) for k in keys}
        a, b = set(keys[:20]), set(keys[10:])
        expected = math.fsum(weights[k][0] if k in a and k in b else weights[k][1] for k in keys) / len(keys)
        assert evidence(a, b, weights=weights) == expected
        assert evidence(set(reversed(keys[:20])), set(reversed(keys[10:])), weights=weights) == expected
