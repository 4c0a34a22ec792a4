"""parallax.reader.comparison: matches, unique passages and summary, on the seeds and on made-up text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parallax.reader
from parallax.reader.comparison.engine import compare, summarize
from parallax.reader.ingest.article import from_text, load
from parallax.reader.model import Article, Comparison
from tests.conftest import seed


@pytest.fixture(scope="module")
def aj_sputnik() -> Comparison:
    return compare(load(seed("003")), load(seed("004")))


def _texts(c: Comparison, m):
    return m.left.slice(c.left.text), m.right.slice(c.right.text)


def test_reader_compare_is_exported():
    assert parallax.reader.compare is compare
    c = parallax.reader.compare("One two three four five six seven.", "One two three four five six seven.")
    assert isinstance(c, Comparison)
    assert c.summary.verbatim_left == 1.0 and c.summary.reuse == "wholly"


@pytest.mark.parametrize("settings", [{}, {"min_words": 4, "max_gap": 0}, {"paraphrase": False},
                                      {"facts": True, "unsure_markers": True}])
def test_summarize_is_the_summary_of_compare(settings):
    # the batch and the collation read summaries alone: the same, without word changes
    pairs = [(load(seed("003")), load(seed("004"))), (load(seed("002")), load(seed("003"))),
             ("The Senate voted 97-1 on Tuesday.", "Senators passed it 97 to 1."),
             ("Rain fell in Paris.", "x")]
    for left, right in pairs:
        assert summarize(left, right, **settings) == compare(left, right, **settings).summary


def test_summarize_refuses_unknown_settings():
    with pytest.raises(TypeError, match="min_wordz"):
        summarize("a b c", "a b c", min_wordz=3)


def test_white_house_passage_is_verbatim(aj_sputnik):
    c = aj_sputnik
    found = [
        _texts(c, m) for m in c.matches
        if m.kind == "verbatim"
        and "would respond with strong economic and other measures" in m.left.slice(c.left.text)
    ]
    assert found, "the shared White House wording was not found"
    left, right = found[0]
    assert "in the event of" in left and "in the event of" in right


def test_reordered_sentence_is_a_paraphrase_with_a_reorder(aj_sputnik):
    c = aj_sputnik
    pairs = [
        m for m in c.matches
        if m.kind == "paraphrase"
        and "sovereignty and territorial integrity" in m.left.slice(c.left.text)
        and "territorial integrity and sovereignty" in m.right.slice(c.right.text)
    ]
    assert pairs
    m = pairs[0]
    assert 0 < m.score <= 1
    reorders = [ch for ch in m.changes if ch.op == "reorder"]
    assert reorders
    ch = reorders[0]
    assert ch.left.slice(c.left.text) == "sovereignty and territorial integrity"
    assert ch.right.slice(c.right.text) == "territorial integrity and sovereignty"
    # the reordered words are not reported as new content
    for other in m.changes:
        if other.op in ("insert", "replace") and other.right is not None:
            assert "sovereignty" not in other.right.slice(c.right.text)


def test_summary_is_consistent(aj_sputnik):
    s = aj_sputnik.summary
    for x in (s.verbatim_left, s.verbatim_right, s.aligned_left, s.aligned_right, s.similarity):
        assert 0.0 <= x <= 1.0
    assert s.aligned_left >= s.verbatim_left and s.aligned_right >= s.verbatim_right
    assert s.reuse in ("wholly", "partially", "not")
    # two independent reports of one event: related, not derived wholesale
    assert s.reuse != "wholly"


def test_to_dict_has_exactly_the_documented_shape(aj_sputnik):
    d = json.loads(json.dumps(aj_sputnik.to_dict()))
    assert list(d) == ["version", "left", "right", "summary", "matches", "unique", "facts",
                       "framing", "voices"]
    assert d["version"] == 1
    assert set(d["summary"]) == {"verbatim_share", "aligned_share", "similarity", "similarity_of", "reuse",
                                 "related", "reuse_evidence"}
    assert d["summary"]["similarity_of"] == "event"
    assert set(d["summary"]["reuse_evidence"]) == {"covered_share", "longest_run", "copied_sentences",
                                                   "sentences", "inputs"}
    for m in d["matches"]:
        assert set(m) == {"kind", "left", "right", "score", "changes"}
        for ch in m["changes"]:
            assert set(ch) == {"left", "right"}
            assert ch["left"] is not None or ch["right"] is not None
    assert set(d["unique"]) == {"left", "right"}


def test_moved_passage_and_unique_text():
    shared = ("The ministry said the new bridge across the river would open to traffic "
              "in the spring after three years of construction work.")
    left = f"{shared}\n\nLocal shops welcomed the decision on Monday.\n\nNothing else happened."
    right = ("A storm hit the northern coast overnight, cutting power to thousands of homes.\n\n"
             f"Elsewhere, {shared}")
    c = compare(left, right)
    v = [m for m in c.matches if m.kind == "verbatim"]
    assert len(v) == 1
    assert v[0].left.slice(c.left.text) == shared.rstrip(".")
    assert any("storm hit the northern coast" in s.slice(c.right.text) for s in c.unique_right)
    assert any("Local shops welcomed" in s.slice(c.left.text) for s in c.unique_left)
    assert 0.4 < c.summary.verbatim_left < 1.0


def test_unrelated_texts_share_nothing():
    c = compare("Cats sleep most of the day in warm places around the house.",
                "Quarterly revenue rose sharply on strong demand for cloud services.")
    assert c.matches == ()
    assert c.summary.reuse == "not"
    assert c.summary.similarity < 0.2


def test_cyrillic_arabic_and_cjk_runs():
    ru = "Президент России провёл переговоры с президентом США по видеосвязи во вторник вечером."
    c = compare(ru, "Сообщается, что " + ru)
    assert any(m.kind == "verbatim" for m in c.matches)
    ar = "قال البيت الأبيض إن الرئيس الأمريكي أعرب عن قلقه العميق إزاء التصعيد العسكري الروسي"
    c = compare(ar, ar + " قرب الحدود")
    assert c.summary.verbatim_left == 1.0
    zh = "美国总统拜登与俄罗斯总统普京周二举行了两个小时的视频会谈。"
    c = compare(zh, "据报道，" + zh)
    v = [m for m in c.matches if m.kind == "verbatim"]
    assert v and v[0].left.slice(c.left.text).startswith("美国总统拜登")


def test_words_keep_their_combining_marks():
    from parallax.reader.text.keys import tokens

    # Indic vowel signs and viramas, Hebrew and Arabic points, a decomposed accent:
    # each is part of its word, so a word is one token (not torn into letters)
    assert [t.key for t in tokens("हिन्दी समाचार। தமிழ் நாடு")] == ["हिन्दी", "समाचार", "தமிழ்", "நாடு"]
    assert len(tokens("שָׁלוֹם עֲלֵיכֶם")) == 2
    assert len(tokens("مُحَمَّد رَسُول")) == 2
    assert [t.key for t in tokens("e\u0301te")] == ["\u00e9te"]  # NFKC composes it
    hi = "प्रधानमंत्री ने मंगलवार को राष्ट्रपति से बातचीत की और दोनों नेताओं ने सहयोग पर चर्चा की।"
    c = compare(hi, "खबरों के अनुसार " + hi)
    assert c.summary.verbatim_left == 1.0
    assert c.summary.verbatim_right == len(tokens(hi)) / (len(tokens(hi)) + 3)


def test_article_and_text_inputs_agree():
    t1 = "Officials said the talks would continue next week in Geneva with both delegations."
    t2 = "Officials said the talks would continue next week in Vienna with both delegations."
    assert compare(t1, t2).to_dict() == compare(from_text(t1), from_text(t2)).to_dict()
    with pytest.raises(TypeError):
        compare(1, t2)  # type: ignore[arg-type]


def test_uses_article_sentences_when_given():
    text = "Alpha beta gamma delta. Epsilon zeta eta theta."
    from parallax.reader.model import Span

    art = Article(text=text, sentences=(Span(0, 23), Span(24, len(text))))
    c = compare(art, "Alpha beta gamma delta, said someone. Nothing more.")
    assert all(m.left.end <= len(text) for m in c.matches)


_words = st.sampled_from(
    ["the", "talks", "said", "Biden", "Putin", "“Kyiv”", "Kiev", "94,000", "troops", "two", "hours", "and", "one", "minute", "“plan”", "purported", "Ukraine’s", "sovereignty", "territorial", "integrity", ".", ",", "\n\n", "—", "北京", "会谈", "قال"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_words, min_size=1, max_size=80), st.lists(_words, min_size=1, max_size=80),
       st.integers(min_value=1, max_value=6))
def test_every_span_lies_in_its_text_and_says_what_it_claims(wa, wb, k):
    ta, tb = " ".join(wa), " ".join(wb)
    if not ta.strip() or not tb.strip():
        return
    c = compare(Article(text=ta), Article(text=tb), min_words=k)
    la, lb = len(c.left.text), len(c.right.text)
    from parallax.reader.text.keys import tokens

    for m in c.matches:
        assert 0 <= m.left.start < m.left.end <= la
        assert 0 <= m.right.start < m.right.end <= lb
        assert 0 <= m.score <= 1
        if m.kind == "verbatim" and not m.changes:
            ka = [t.key for t in tokens(m.left.slice(c.left.text))]
            kb = [t.key for t in tokens(m.right.slice(c.right.text))]
            assert ka == kb and len(ka) >= k
        for ch in m.changes:
            if ch.left is not None:
                assert m.left.start <= ch.left.start < ch.left.end <= m.left.end
            if ch.right is not None:
                assert m.right.start <= ch.right.start < ch.right.end <= m.right.end
    for spans, n in ((c.unique_left, la), (c.unique_right, lb)):
        for s in spans:
            assert 0 <= s.start < s.end <= n
    for f in c.facts:
        for s in f.left:
            assert 0 <= s.start < s.end <= la
        for s in f.right:
            assert 0 <= s.start < s.end <= lb
    for mk in c.framing:
        n = la if mk.side == "left" else lb
        text = c.left.text if mk.side == "left" else c.right.text
        assert 0 <= mk.span.start < mk.span.end <= n
        assert mk.span.slice(text) == mk.text
        if mk.counterpart is not None:
            other = lb if mk.side == "left" else la
            assert 0 <= mk.counterpart.start < mk.counterpart.end <= other


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=300), st.text(min_size=1, max_size=300))
def test_arbitrary_text_never_crashes(ta, tb):
    c = compare(Article(text=ta), Article(text=tb))
    d = c.to_dict()
    json.dumps(d)
    for m in c.matches:
        assert 0 <= m.left.start < m.left.end <= len(ta)
        assert 0 <= m.right.start < m.right.end <= len(tb)
    for mk in c.framing:
        assert mk.span.slice(ta if mk.side == "left" else tb) == mk.text


def test_swapped_comparison_mirrors():
    c = compare(Article(text="The ministry said the new bridge would open in the spring of next year. Kiev agreed."),
                Article(text="Officials said that the new bridge would open in the spring of next year. Kyiv agreed."))
    s = c.swapped()
    assert s.summary.verbatim_left == c.summary.verbatim_right
    assert [m.left for m in s.matches] == [m.right for m in c.matches]
    # two texts about different events stay so when the sides change places
    far = compare(Article(text=" ".join(["The central bank left its interest rates unchanged on Thursday."] * 8)),
                  Article(text=" ".join(["Three men were arrested by police over the robbery on Friday."] * 8)))
    assert not far.summary.related and far.summary.related_reason
    assert far.swapped().summary.related is False
    assert far.swapped().summary.related_reason == far.summary.related_reason


def test_the_summary_says_what_its_similarity_measures():
    # a sentence a side: the probability that they say the same thing
    short = compare(Article(text="Three men were arrested by police over the robbery on Friday."),
                    Article(text="Police arrested three men on Friday in connection with the robbery."))
    assert short.summary.similarity_of == "meaning"
    assert short.summary.similarity_phrase().endswith("% similar in meaning")
    # longer texts: the probability that they report one event, whatever they share word for word
    long = compare(Article(text=" ".join(["The ministry said the new bridge would open in spring."] * 6)),
                   Article(text=" ".join(["Officials said the bridge opens next spring, ahead of plan."] * 6)))
    assert long.summary.similarity_of == "event"
    assert long.summary.similarity_phrase() == f"{long.summary.similarity:.0%} likely the same event"
    assert long.swapped().summary.similarity_of == "event"


def test_sentence_pair_similarity_is_graded():
    para = compare(Article(text="Three men were arrested by police over the robbery on Friday."),
                   Article(text="Police arrested three men on Friday in connection with the robbery."))
    other = compare(Article(text="Three men were arrested by police over the robbery on Friday."),
                    Article(text="The central bank left its interest rates unchanged on Thursday."))
    assert para.summary.similarity > 0.5 > other.summary.similarity
    assert any(m.kind == "paraphrase" for m in para.matches)


def test_sentence_pair_similarity_is_the_sentence_score_not_a_shared_run():
    from parallax.reader.align.paraphrase import sentence_similarity

    a = "Ten people were killed in the attack on the market."
    b = "Five people were injured in the attack on the market."
    c = compare(a, b, facts=False, framing=False)
    assert c.summary.similarity == pytest.approx(sentence_similarity(a, b), abs=1e-6)
    assert c.summary.similarity < 0.5
    para = compare(a, "The attack on the market killed ten people.", facts=False, framing=False)
    assert para.summary.similarity >= 0.5


_SOURCE = (
    "The finance ministry said on Monday that the budget deficit narrowed to 4.1 percent of output. "
    "Officials credited higher tax receipts and lower spending on fuel subsidies for the change. "
    "The central bank kept its main interest rate unchanged at its meeting in the capital. "
    "Analysts expect growth to slow next year as exports to the region weaken. "
    "The opposition accused the government of hiding the cost of new pension promises. "
    "Parliament will debate the spending plan in the second week of March."
)


def test_reuse_verdict_for_copy_reworked_throughout():
    # agency copy reworded lightly throughout (a few words changed in every sentence): wholly
    reworded = (
        "The finance ministry said Monday that the budget deficit narrowed to 4.1 percent of output. "
        "Officials credited higher tax receipts and reduced spending on fuel subsidies for the change. "
        "The central bank left its main interest rate unchanged at its meeting in the capital. "
        "Analysts expect growth to slow next year as exports to the region weaken sharply. "
        "The opposition accused the government of hiding the true cost of new pension promises. "
        "Parliament will debate the plan in the second week of March."
    )
    c = compare(_SOURCE, reworded, facts=False, framing=False)
    assert c.summary.reuse == "wholly", c.summary.to_dict()
    # two of six sentences taken into an otherwise independent report: partially
    partly = (
        "Lawmakers returned from recess on Tuesday with tempers running high. "
        "Officials credited higher tax receipts and lower spending on fuel subsidies for the change. "
        "A street protest over rents drew several thousand people near the parliament building. "
        "The opposition accused the government of hiding the cost of new pension promises. "
        "Police said the march ended peacefully in the early evening. "
        "Organisers promised more protests before the summer."
    )
    c = compare(_SOURCE, partly, facts=False, framing=False)
    assert c.summary.reuse == "partially", c.summary.to_dict()
    ev = c.summary.evidence
    assert ev.copied_sentences == 2 and ev.sentences == 6 and ev.longest_run >= 12
    # the same event written independently: not derived
    own = (
        "Government figures released this week show the gap between spending and revenue shrinking. "
        "Ministers pointed to stronger collections and cheaper energy support as the reasons. "
        "Rate setters at the central bank opted to leave borrowing costs where they were. "
        "Economists warn that weaker demand abroad could drag on the economy in the coming months."
    )
    c = compare(_SOURCE, own, facts=False, framing=False)
    assert c.summary.reuse == "not", c.summary.to_dict()


def test_unrelated_texts_are_flagged_with_a_reason():
    sport = ("Manchester United beat Chelsea 3-1 at Old Trafford on Sunday. Marcus Rashford scored twice "
             "in the second half and the home side climbed to fourth in the Premier League table. "
             "Chelsea's manager said his players had been tired after a midweek trip to Spain.")
    c = compare(_SOURCE, sport, facts=False, framing=False)
    assert c.summary.related is False
    assert c.summary.related_reason.startswith("different events")
    assert c.summary.to_dict()["related"] is False and "related_reason" in c.summary.to_dict()
    same = compare(_SOURCE, _SOURCE.replace("Monday", "Tuesday"), facts=False, framing=False)
    assert same.summary.related is True and "related_reason" not in same.summary.to_dict()




def test_partial_comes_after_the_alignment_with_facts_reported_first():
    """compare(partial=) hands over the alignment layers once; the progress has said
    "facts" by then (a window drawing them shows what is still running), and the
    partial comparison holds no facts or markers and says it is partial."""
    a, b = load(seed("003")), load(seed("004"))
    events: list = []
    final = compare(a, b, progress=lambda stage, done: events.append(stage),
                    partial=lambda c: events.append(c))
    got = [e if isinstance(e, str) else "PARTIAL" for e in events]
    assert got[got.index("PARTIAL") - 1:] == ["facts", "PARTIAL", "framing", "done"]
    early = next(e for e in events if not isinstance(e, str))
    assert early.settings["partial"] and not early.facts and not early.framing
    assert early.matches == final.matches and not final.settings.get("partial") and final.facts
