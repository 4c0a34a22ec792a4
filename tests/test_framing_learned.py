"""Learned framing markers: confidence, sure/unsure, weighted lexicons, attribution verbs, speed."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.framing import learned
from parallax.reader.framing.markers import compare_framing, is_sure, markers, sure_threshold
from parallax.reader.ingest.article import from_text, load
from parallax.reader.model import Article
from parallax.reader.text.lexicon import clear_cache
from tests.conftest import seed


def _loaded(text: str) -> list:
    return [m for m in markers(from_text(text)) if m.category == "loaded"]


def test_the_model_file_matches_the_code():
    data = json.loads(resources.files("parallax.resources").joinpath("models", "framing.json").read_text("utf-8"))
    assert data["features"] == list(learned.FEATURES)
    m = learned.model()
    assert 0 < m.extend <= 1.01 and 0 < m.sure < 1 and m.max_extend >= 1
    assert len(m.seed.weights) == len(m.grow.weights) == len(learned.FEATURES)
    assert sure_threshold() == m.sure
    assert "aschern/semeval2020_task11" in data["trained_on"]


def test_the_english_lexicon_says_where_its_weights_come_from():
    text = resources.files("parallax.resources").joinpath("lexicons", "en", "loaded.tsv").read_text("utf-8")
    head = [x for x in text.splitlines() if x.startswith("#")]
    assert any("train_framing.py" in x for x in head) and any("Propaganda Techniques Corpus" in x for x in head)
    rows = [x.split("\t") for x in text.splitlines() if x and not x.startswith("#")]
    assert len(rows) > 300
    assert all(len(r) == 3 and 0 <= float(r[2]) <= 1 for r in rows)
    # names, outlets and the topics of a few stories were reviewed out
    words = {r[0] for r in rows}
    assert not words & {"guardian", "harding", "dems", "jihadist", "infidels", "plantation"}


def test_a_loaded_word_is_marked_with_a_confidence_and_its_neighbours():
    ms = _loaded("The disgraced former director gave a pathetic and reckless speech.")
    assert ms
    for m in ms:
        assert 0.0 <= m.confidence <= 1.0
    words = " ".join(m.text for m in ms)
    assert "disgraced" in words and "pathetic" in words
    # the confidence follows the word's weight: a telling word is surer than a plain one
    strong = _loaded("He called it an utterly disgraceful, tyrannical and wicked charade!")
    weak = _loaded("The regime held talks on Monday.")
    assert strong and weak
    assert max(m.confidence for m in strong) > max(m.confidence for m in weak)
    assert any(is_sure(m) for m in strong) and not any(is_sure(m) for m in weak)


def test_user_weights_decide_how_sure_a_word_is(tmp_path, monkeypatch):
    d = tmp_path / "lex" / "en"
    d.mkdir(parents=True)
    (d / "loaded.tsv").write_text("zigzagging\tnegative\t0.95\nwobbling\tnegative\t0.01\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path / "lex"))
    clear_cache()
    try:
        hi = [m for m in _loaded("Prices kept zigzagging all week.") if "zigzagging" in m.text]
        lo = [m for m in _loaded("Prices kept wobbling all week.") if "wobbling" in m.text]
        assert hi and lo and hi[0].confidence > lo[0].confidence
        assert not is_sure(lo[0])
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        clear_cache()


def test_hedges_and_scare_quotes_carry_the_share_people_marked():
    ms = markers(from_text("The so-called “plan” was allegedly drawn up by the purported experts."))
    hedges = [m for m in ms if m.category == "hedge"]
    scare = [m for m in ms if m.category == "scare-quote"]
    assert hedges and scare
    assert all(0 < m.confidence < 1 for m in hedges + scare)
    assert scare[0].note == "distanced" and scare[0].confidence == learned.model().scare["distanced"]
    # other languages keep their hand lexicons: every row is sure
    fr = markers(Article(text="Le soi-disant plan de paix a été présenté par le régime.", language="fr"))
    assert {m.category for m in fr} >= {"hedge", "loaded"}
    assert all(m.confidence == 1.0 for m in fr if m.category in ("hedge", "loaded"))


def test_marker_dicts_carry_the_confidence():
    m = _loaded("It was a vicious and shocking smear.")[0]
    assert m.to_dict()["confidence"] == round(m.confidence, 3)


@pytest.mark.parametrize(("text", "verbs"), [
    ("Putin raised NATO's expansion to former Soviet states on Tuesday.", []),
    ("The talks reiterated the United States' support, and Member States agreed.", []),
    ("Gulf states, including Qatar, joined the call.", []),
    ("The report states that the troops withdrew.", ["states"]),
    ("“We are ready,” states the communique.", ["states"]),
    ("Peskov said the vote was fair.", ["said"]),
    ("Peskov claims: nothing was decided.", ["claims"]),
])
def test_states_is_a_verb_only_where_it_attributes(text, verbs):
    assert [m.text for m in markers(from_text(text)) if m.category == "attribution"] == verbs


@pytest.mark.parametrize(("text", "verbs"), [
    # verbs of saying with other everyday senses attribute only where a quotation, a colon
    # or "that" shows it
    ("He answered the phone and informed the police.", []),
    ("Toyota recalled a million cars; the fighting continued.", []),
    ("She pleaded guilty and he snapped a photo.", []),
    ("Lane posted bail and he read the charges twice.", []),
    ("The sign read: the shop is closed.", ["read"]),
    ("“We will win,” he continued.", ["continued"]),
    ("Smith answered that the plan was sound.", ["answered"]),
    ("She recalled: the night was cold.", ["recalled"]),
    ("The driver yelled, “Don't move!”", ["yelled"]),
])
def test_a_verb_with_other_senses_attributes_only_where_shown(text, verbs):
    assert [m.text for m in markers(from_text(text)) if m.category == "attribution"] == verbs


def test_no_attribution_verb_states_in_the_demo_pair():
    for s in ("003", "004"):
        found = [m.text for m in markers(load(seed(s))) if m.category == "attribution"]
        assert found and not [t for t in found if t.casefold() == "states"]


def test_framing_stays_linear_on_long_texts():
    # the same news repeated: quotations, speakers and naming variants grow with the text;
    # a scan over every quotation for each quotation (or marker) would be quadratic
    base = "\n\n".join(load(seed(s)).text for s in ("003", "004"))

    def took(copies: int) -> float:
        text = "\n\n".join([base] * copies)
        a, b = Article(text=text, language="en"), Article(text=text[::-1][::-1], language="en")
        t0 = time.perf_counter()
        compare_framing(a, b)
        return time.perf_counter() - t0

    took(1)
    small = min(took(2) for _ in range(2))
    large = took(16)
    assert large < 8 * 2.5 * small + 0.5, (small, large)


def test_the_span_model_gives_a_marker_its_confidence(monkeypatch):
    data = json.loads(resources.files("parallax.resources").joinpath("models", "framing.json").read_text("utf-8"))
    assert data["span_features"] == list(learned.SPAN_FEATURES)
    m = learned.model()
    assert m.span is not None and len(m.span.weights) == len(learned.SPAN_FEATURES)
    # chosen by cross-validation on OUR train folds, for a span precision of about 0.55 there
    assert data["cv"]["precision"] >= 0.5
    text = "He called it an utterly disgraceful, tyrannical and wicked charade! The regime held talks."
    with_span = [mk.confidence for mk in _loaded(text)]
    monkeypatch.setattr(learned, "model", lambda: m._replace(span=None))
    seed_only = [mk.confidence for mk in _loaded(text)]
    assert len(with_span) == len(seed_only) and with_span != seed_only
    # a model file without a span model (older ones) still reads: the seed's confidence is kept
    old = {k: v for k, v in data.items() if k not in ("span", "span_features")}
    assert learned.parse(old).span is None


def test_one_annotation_makes_no_loaded_word():
    # "virtual" was marked once in the training articles ("a virtual vassal state"): the learnt
    # lexicon needs words people marked in two articles, so "Virtual talks" is no loaded term
    ms = _loaded("Virtual talks between the two presidents began on Tuesday.")
    assert not any(mk.text.lower() == "virtual" for mk in ms)
    ms = [mk for mk in markers(load(seed("003"))) if mk.category == "loaded"]
    assert not any(mk.text.lower().startswith("virtual") for mk in ms)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(["a", "b1", " ", "-", "\n", "\t", ",", "\u2013", "x-y", "(", '"', "\u00a0", "--",
                                  "U.S."]), max_size=30).map("".join))
def test_soft_breaks_are_those_of_a_dash_between_spaces(text):
    # the soft breaks find " - " at its dash: the breaks of the plain "\s-\s" reading
    import re
    from bisect import bisect_right

    from parallax.reader.text.keys import tokens

    toks = tokens(text)
    starts = [t.start for t in toks]
    plain = re.compile(r"[,()\[\]\u2013\u2014\u201c\u201d\u201e\u00ab\u00bb\"]|\s-\s")
    want = [0] * len(toks)
    if toks:
        want[0] = 2
    for level, pattern in ((1, plain), (2, re.compile(r"[.!?;:\n]"))):
        for mt in pattern.finditer(text):
            k = bisect_right(starts, mt.start())
            if 0 < k < len(toks) and mt.start() >= toks[k - 1].end:
                want[k] = level
    assert learned.context(text, toks, [], 0.5).brk == want
