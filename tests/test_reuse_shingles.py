"""reuse.shingle_cover: the keys inside a shingle both texts hold, as the definition says."""

from __future__ import annotations

import random

import pytest

from parallax.reader.align.reuse import evidence, shingle_cover


def _by_definition(a, b, n, function_words):
    """Marks of the keys in an ``n``-key shingle of both sequences, shingles of function
    words only left out: tuples and sets, one shingle at a time."""
    grams_a = {tuple(a[i:i + n]) for i in range(len(a) - n + 1)}
    grams_b = {tuple(b[i:i + n]) for i in range(len(b) - n + 1)}
    shared = {g for g in grams_a & grams_b if not all(k in function_words for k in g)}
    out = []
    for seq in (a, b):
        marks = bytearray(len(seq))
        for i in range(len(seq) - n + 1):
            if tuple(seq[i:i + n]) in shared:
                marks[i:i + n] = b"\x01" * n
        out.append(marks)
    return tuple(out)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", range(6))
def test_marks_as_the_definition_says(n, seed):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(rng.choice([3, 12, 60]))]
    fw = frozenset(vocab[:2])
    a = rng.choices(vocab, k=rng.randint(0, 300))
    b = rng.choices(vocab, k=rng.randint(0, 300))
    if len(a) > 40 and len(b) > 40:
        b[10:30] = a[5:25]  # a copied stretch
    for words in (frozenset(), fw):
        got = shingle_cover(a, b, n=n, function_words=words)
        assert got == _by_definition(a, b, n, words)
        assert all(type(x) is bytearray for x in got)


def test_more_keys_than_a_shingle_number_holds():
    """512 ** 7 keys of shingles do not fit in 64 bits: shingles are then compared as tuples."""
    rng = random.Random(3)
    vocab = [f"k{i}" for i in range(600)]
    a = rng.choices(vocab, k=2000)
    b = rng.choices(vocab, k=1000) + a[100:160] + rng.choices(vocab, k=500)
    fw = frozenset(vocab[:5])
    assert shingle_cover(a, b, n=7, function_words=fw) == _by_definition(a, b, 7, fw)
    assert shingle_cover(a, b, n=3, function_words=fw) == _by_definition(a, b, 3, fw)


SOURCE = "the minister said on monday that the new plan would cut waiting times by half"
COPY = "critics doubted it but the minister said on monday that the new plan would cut waiting times"


def test_evidence_of_a_copied_passage():
    a, b = SOURCE.split(), COPY.split()
    ev = evidence(a, b, [(0, 4), (4, len(b))])
    assert ev.longest_run == 13
    assert ev.copied_sentences == 1 and ev.sentences == 2
    assert ev.covered_right == pytest.approx(13 / len(b))
