"""Paraphrase alignment: scores, 1:n / n:1, order-free, and word changes with reorders."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.align.paraphrase import sentence_similarity, word_changes
from parallax.reader.comparison.engine import compare
from parallax.reader.model import Article
from parallax.reader.text.keys import tokens


def _changes(a: str, b: str):
    ta, tb = tokens(a), tokens(b)
    return word_changes([t.key for t in ta], [t.key for t in tb],
                        [(t.start, t.end) for t in ta], [(t.start, t.end) for t in tb])


def test_reorder_is_one_change_not_new_content():
    a = "support for Ukraine's sovereignty and territorial integrity and called for calm"
    b = "support for Ukraine's territorial integrity and sovereignty, calling for calm"
    ch = _changes(a, b)
    ops = [(c.op, c.left and c.left.slice(a), c.right and c.right.slice(b)) for c in ch]
    assert ("reorder", "sovereignty and territorial integrity",
            "territorial integrity and sovereignty") in ops
    assert ("replace", "called", "calling") in ops
    assert not any(op == "insert" for op, _, _ in ops)


def test_swapped_names_read_as_a_reorder():
    a = "US President Joe Biden and his Russian counterpart Vladimir Putin spoke"
    b = "Russian President Vladimir Putin and his US counterpart Joe Biden spoke"
    ch = _changes(a, b)
    assert [c.op for c in ch] == ["reorder"]
    assert ch[0].left.slice(a) == "US President Joe Biden and his Russian counterpart Vladimir Putin"


def test_plain_edits():
    a = "The bank left rates unchanged on Thursday."
    b = "The bank kept rates unchanged on Thursday, officials said."
    ops = [(c.op, c.left and c.left.slice(a), c.right and c.right.slice(b)) for c in _changes(a, b)]
    assert ops == [("replace", "left", "kept"), ("insert", None, "officials said")]


def test_similarity_is_graded_and_bounded():
    same = sentence_similarity("Police arrested three men.", "Police arrested three men.")
    para = sentence_similarity("Police arrested three men over the robbery.",
                               "Three men were arrested by police over the robbery.")
    other = sentence_similarity("Police arrested three men over the robbery.",
                                "The central bank left interest rates unchanged.")
    assert same == 1.0
    assert 0.5 <= para < same
    assert 0.0 <= other < 0.3
    # numbers and negation matter
    assert sentence_similarity("He was jailed for seven years.", "He was jailed for nine years.") < \
        sentence_similarity("He was jailed for seven years.", "He was jailed for 7 years.")
    assert sentence_similarity("", "anything") == 0.0


def test_cjk_and_cyrillic_similarity():
    assert sentence_similarity("美国总统与俄罗斯总统举行了视频会谈。", "俄罗斯总统和美国总统举行了视频会谈。") > 0.6
    assert sentence_similarity("Президент провёл переговоры во вторник.",
                               "Во вторник президент провёл переговоры.") > 0.8


def test_one_to_many_alignment_and_order_freedom():
    left = Article(text=(
        "Rain fell all day in the capital. "
        "The finance minister announced a new budget on Monday and said taxes on fuel would rise next year. "
        "Markets were calm."
    ))
    right = Article(text=(
        "Markets were calm, traders said. "
        "On Monday the finance minister announced a new budget. "
        "He said fuel taxes would go up next year. "
        "Nothing else changed."
    ))
    c = compare(left, right)
    para = [m for m in c.matches if m.kind == "paraphrase"]
    budget = [m for m in para if "budget" in m.left.slice(left.text)]
    assert budget, [m.left.slice(left.text) for m in para]
    r = budget[0].right.slice(right.text)
    assert "announced a new budget" in r and "fuel taxes would go up" in r  # one to two
    assert any("Markets were calm" in m.right.slice(right.text) for m in para)  # moved, still found
    for m in para:
        assert 0.0 < m.score <= 1.0


_WORDS = ["the", "minister", "said", "budget", "taxes", "rise", "fell", "Monday", "and", "new", "fuel"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25),
       st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
def test_changes_lie_in_their_sentences(a, b):
    ta, tb = " ".join(a), " ".join(b)
    for ch in _changes(ta, tb):
        assert ch.left is not None or ch.right is not None
        if ch.left is not None:
            assert 0 <= ch.left.start < ch.left.end <= len(ta)
        if ch.right is not None:
            assert 0 <= ch.right.start < ch.right.end <= len(tb)
        if ch.op == "reorder":
            la = sorted(t.key for t in tokens(ch.left.slice(ta)))
            lb = sorted(t.key for t in tokens(ch.right.slice(tb)))
            assert la == lb



def test_a_reorder_is_always_the_same_words_in_another_order():
    """Two reorders that overlap are one only where together they still hold the same words
    (hypothesis found "rise fuel fell new" given as a reorder of "new fuel fell fuel rise")."""
    ta, tb = "and rise fuel fell new taxes", "fuel new new fuel fell fuel rise the"
    got = _changes(ta, tb)
    reorders = [c for c in got if c.op == "reorder"]
    assert reorders
    for c in reorders:
        assert sorted(t.key for t in tokens(c.left.slice(ta))) == sorted(t.key for t in tokens(c.right.slice(tb)))

def test_inflected_forms_match_on_shared_prefix():
    # invade/invasion, concern/concerned: the light stemmer alone misses these
    base = "Officials voiced concern about a possible invasion of the region."
    inflected = "Officials were concerned the army could invade the region."
    different = "Officials were pleased the army could leave the region."
    assert sentence_similarity(base, inflected) > sentence_similarity(base, different) + 0.05


def test_opposite_direction_is_not_a_paraphrase():
    a = "Shares in the carmaker rose 8 percent on Tuesday."
    assert sentence_similarity(a, "Shares in the carmaker increased 8 percent on Tuesday.") >= 0.5
    assert sentence_similarity(a, "Shares in the carmaker fell 8 percent on Tuesday.") < 0.5


def test_different_numbers_lower_the_score():
    a = "Ten people were killed in the attack on the market."
    same = sentence_similarity(a, "The attack on the market killed ten people.")
    other = sentence_similarity(a, "Five people were killed in the attack on the market.")
    # lower, not necessarily under 0.5: people judge many sentence pairs whose figures
    # differ to be paraphrases (39% of such MSRP training pairs); the facts table
    # shows the differing figure
    assert same >= 0.5 and other < same - 0.1


def test_user_synonyms_extend_matching(tmp_path, monkeypatch):
    from parallax.reader.text.lexicon import clear_cache

    a, b = "The blorf was approved on Monday.", "The snarp was approved on Monday."
    before = sentence_similarity(a, b)
    (tmp_path / "lex" / "en").mkdir(parents=True)
    (tmp_path / "lex" / "en" / "synonyms.tsv").write_text("blorf\tsnarp\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path / "lex"))
    clear_cache()
    try:
        assert sentence_similarity(a, b) > before
        assert sentence_similarity(a, b) == 1.0 or sentence_similarity(a, b) > 0.8
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        clear_cache()


def test_other_names_lower_the_score():
    a = "On Monday the spokesman Peskov said the talks with Washington were useful."
    # the two restatements differ in their names alone (word order has its own signals)
    same = sentence_similarity(a, "On Monday the spokesman Peskov said the talks with Washington had been useful.")
    other = sentence_similarity(a, "On Monday the spokesman Zakharova said the talks with London had been useful.")
    assert same > other + 0.05
    moved = sentence_similarity(a, "The talks with Washington were useful, the spokesman Peskov said on Monday.")
    assert moved > 0.5
    from parallax.reader.align.similarity import names_agree as _names_agree

    assert _names_agree(frozenset({"russian"}), frozenset({"russia's"}))  # one name, two forms
    assert not _names_agree(frozenset({"peskov"}), frozenset({"zakharova"}))


def _reference_stem(word: str) -> str:
    """The stemmer as its docstring says it: the longest prefix, then the longest suffix,
    of affixes.tsv that leave three characters, then six characters at most."""
    from parallax.reader.align.similarity import _affixes

    if not word or not word[0].isalpha():
        return word
    prefixes, suffixes = _affixes()
    for p in prefixes:
        if word.startswith(p) and len(word) - len(p) >= 3:
            word = word[len(p):]
            break
    for s in suffixes:
        if word.endswith(s) and len(word) - len(s) >= 3:
            word = word[:len(word) - len(s)]
            break
    return word[:6]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abdeilmnorstyg\u0627\u0644\u0628\u0641\u0648\u06a9\u00e9", max_size=14))
def test_stem_takes_the_longest_affixes_that_leave_three_letters(word):
    from parallax.reader.align.similarity import stem

    assert stem.__wrapped__(word) == _reference_stem(word)
    for affixed in ("\u0627\u0644" + word, word + "ations", word + "ies", word + "s", word + "edly"):
        assert stem.__wrapped__(affixed) == _reference_stem(affixed)
