"""The bundled sentence-embedding signal: read from the installed wheel, never downloaded."""

from __future__ import annotations

import socket

import pytest

from parallax.reader.align import embedding
from parallax.reader.align.similarity import FEATURES, probability, sentence_features
from parallax.reader.text.keys import token_keys


def test_the_model_loads_with_no_network(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("the embedding model tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedding._table.cache_clear()
    embedding._vector.cache_clear()
    v = embedding.vector(token_keys("The talks lasted two hours."))
    assert v is not None and v.shape == (256,)
    assert abs(float(v @ v) - 1.0) < 1e-5


def test_paraphrases_are_closer_than_unrelated_sentences():
    a = token_keys("The president met the Russian leader on Tuesday.")
    b = token_keys("On Tuesday the head of state held talks with Russia's leader.")
    c = token_keys("Shares of the chip maker fell sharply in early trading.")
    assert embedding.cosine(a, b) > embedding.cosine(a, c) + 0.2


def test_empty_and_identical_passages():
    keys = token_keys("Kyiv said the troops were massing.")
    assert embedding.cosine([], keys) == 0.0
    assert embedding.cosine(keys, keys) == pytest.approx(1.0, abs=1e-5)


def test_cosine_is_a_feature_the_paraphrase_model_weighs():
    i = FEATURES.index("embedding_cosine")
    x = list(sentence_features("The minister resigned on Friday.", "On Friday the minister quit."))
    assert 0.5 < x[i] <= 1.0
    with_meaning = probability(x)
    x[i] = x[FEATURES.index("idf_cosine")] = 0.0  # the same words, read without their meaning
    assert probability(x) < with_meaning - 0.05


def test_idf_cosine_weighs_rare_words_more():
    a = token_keys("The senator criticised the pipeline decision on Tuesday.")
    b = token_keys("On Tuesday the senator attacked the pipeline ruling.")
    c = token_keys("The senator said on Tuesday that the weather was fine.")
    assert embedding.idf_cosine(a, b) > embedding.idf_cosine(a, c)
    assert embedding.idf_cosine([], a) == 0.0
    assert embedding.idf_cosine(a, a) == pytest.approx(1.0, abs=1e-5)
    table, unseen = embedding._idf()
    assert table["the"] < table["senator"] <= unseen  # common words weigh least; unlisted ones most


def test_idf_cosine_is_a_feature_of_the_model():
    i = FEATURES.index("idf_cosine")
    x = sentence_features("The minister resigned on Friday.", "On Friday the minister quit.")
    assert 0.5 < x[i] <= 1.0


SENTENCES = [
    "officials said 40 people attended tuesday's meeting in the capital city",
    "президент путин заявил что переговоры идут",
    "وقال البيت الأبيض إن بايدن أعرب عن القلق",
    "وزیراعظم نواز شریف نے کہا",
    "拜 登 对 普 京 说",
    "zürich café naïve 94,000 🇺🇦 😀 x-ray u.s.'s",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_sub_words_are_the_bundled_tokenizers_own(text):
    from tokenizers import Tokenizer

    path = embedding._package_dir("wordllama") / "tokenizers" / "l2_supercat_tokenizer_config.json"
    tok = Tokenizer.from_str(path.read_text(encoding="utf-8"))
    assert embedding.sub_words(text) == tok.encode(text, add_special_tokens=False).ids


def test_vectors_need_neither_wordllama_nor_tokenizers_imported():
    # each would cost every batch worker 30-60 MB; the table is mapped, not read
    import subprocess
    import sys

    code = ("import sys; from parallax.reader.align import embedding as e; "
            "e.cosine(['a', 'b'], ['a', 'c']); "
            "print(sorted(m for m in ('wordllama', 'tokenizers', 'safetensors') if m in sys.modules)); "
            "print(type(e._table().vectors).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["[]", "memmap"]


def test_relatedness_weighs_shared_rare_words_more():
    from parallax.reader.align.relatedness import FEATURES as RELATED
    from parallax.reader.align.relatedness import features as related

    i = RELATED.index("idf_cosine")
    a = token_keys("The earthquake struck the coastal town of Banda Aceh on Sunday, officials said.")
    rare = token_keys("Rescuers reached Banda Aceh after the earthquake, officials said on Sunday.")
    common = token_keys("Officials said on Sunday that the town would vote after the holiday.")
    none = frozenset()
    assert related(a, rare, none, none)[i] > related(a, common, none, none)[i]
    assert 0.0 <= related(a, common, none, none)[i] <= 1.0
