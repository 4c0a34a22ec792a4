"""Framing markers: scare quotes, hedges, loaded terms, naming with counterparts, attribution, voices."""

from __future__ import annotations

import pytest

from parallax.reader.comparison.engine import compare
from parallax.reader.framing.markers import is_sure, markers, sure_threshold, voices
from parallax.reader.ingest.article import from_text, load
from parallax.reader.model import Article
from parallax.reader.text.lexicon import clear_cache
from tests.conftest import seed


@pytest.fixture(scope="module")
def demo():
    return compare(load(seed("003")), load(seed("004")))


@pytest.fixture(scope="module")
def demo_all():
    return compare(load(seed("003")), load(seed("004")), unsure_markers=True)


def test_sputnik_scare_quotes_and_purported(demo_all, demo):
    right = [m for m in demo_all.framing if m.side == "right"]
    scare = {m.text for m in right if m.category == "scare-quote"}
    assert "“Russian invasion”" in scare and "“plan”" in scare and "“incursion”" in scare
    hedges = {m.text.casefold() for m in right if m.category == "hedge"}
    assert "purported" in hedges and "so-called" in hedges
    for m in demo_all.framing:
        assert m.span.slice(demo_all.article(m.side).text) == m.text
    # people rarely mark a distancing word alone as loaded or doubtful (PTC train), so
    # "purported" is found but unsure: the default, precision-first output leaves it out
    purported = [m for m in right if m.category == "hedge" and m.text.casefold() == "purported"]
    assert all(m.confidence < sure_threshold() for m in purported)
    assert not [m for m in demo.framing if m.category == "hedge" and m.text.casefold() == "purported"]
    assert all(is_sure(m) for m in demo.framing)


def test_kiev_kyiv_linked_as_naming(demo):
    kiev = [m for m in demo.framing if m.category == "naming" and m.text == "Kiev"]
    assert kiev and kiev[0].side == "right"
    assert kiev[0].counterpart is not None
    assert kiev[0].counterpart.slice(demo.left.text) == "Kyiv"
    kyiv = [m for m in demo.framing if m.category == "naming" and m.text == "Kyiv"]
    assert kyiv and kyiv[0].counterpart.slice(demo.right.text) == "Kiev"


def test_attributed_short_quote_is_not_a_scare_quote():
    ms = markers(from_text("Peskov said relations were in “a dire state” on Monday."))
    assert not [m for m in ms if m.category == "scare-quote"]
    ms = markers(from_text("Critics of the “reform” gathered outside."))
    assert [m.text for m in ms if m.category == "scare-quote"] == ["“reform”"]
    ms = markers(from_text("Leaders discussed the “Minsk Agreements” again."))
    assert not [m for m in ms if m.category == "scare-quote"]


def _scare_quotes(text: str) -> list[str]:
    return [m.text for m in markers(from_text(text)) if m.category == "scare-quote"]


def test_a_quote_in_reported_speech_is_attributed_however_far_from_its_verb():
    # "said ... that ...": the whole clause is the speaker's, even past the usual word gap
    text = ("The minister said on Friday that the government, after weeks of talks with the "
            "unions and the employers, remained committed to \u201cfair wages\u201d.")
    assert _scare_quotes(text) == []
    # a participle reports too, even beside a longer quotation of the same speaker
    text = ("\u201cWe want good and predictable relations with everyone,\u201d Peskov told "
            "reporters, warning that relations were, however, in \u201ca dire state\u201d.")
    assert _scare_quotes(text) == []


def test_a_quote_nobody_says_is_still_a_scare_quote():
    text = "Western media have been fuelling the \u201cinvasion\u201d narrative for weeks."
    assert _scare_quotes(text) == ["\u201cinvasion\u201d"]


def test_attribution_stance():
    ms = markers(from_text("The minister claimed that the vote was fair. Officials admitted that errors occurred. "
                           "“It was fine,” she said."))
    stances = {m.text: m.note for m in ms if m.category == "attribution"}
    assert stances == {"claimed": "doubting", "admitted": "concessive", "said": "neutral"}


def test_attribution_linked_across_aligned_passages():
    c = compare("The spokesman said that the troops would withdraw from the border region by Friday.",
                "The spokesman claimed that the troops would withdraw from the border region by Friday.")
    left = [m for m in c.framing if m.side == "left" and m.category == "attribution"]
    assert left and left[0].counterpart is not None
    assert left[0].counterpart.slice(c.right.text) == "claimed"


def test_voices_counted_and_merged():
    text = ("“We are ready to talk,” Kremlin spokesman Dmitry Peskov said. “Nothing is decided,” Peskov added. "
            "“Sanctions will follow,” Biden said.")
    vs = voices(from_text(text))
    assert [(v.speaker, v.quotes, v.words) for v in vs] == [("Dmitry Peskov", 2, 8), ("Biden", 1, 3)]


def test_user_lexicon_extends_without_code(tmp_path, monkeypatch):
    # (the word was "skyrocketing" until the English lexicon was learnt from human-marked news,
    # where people marked it as loaded: the test needs a word the bundled lexicon lacks)
    d = tmp_path / "lex" / "en"
    d.mkdir(parents=True)
    (d / "loaded.tsv").write_text("# mine\nzigzagging\tnegative\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path / "lex"))
    clear_cache()
    try:
        ms = markers(from_text("Prices are zigzagging again."))
        assert [m.text for m in ms if m.category == "loaded"] == ["zigzagging"]
        # a row without a weight is the user's word: marked as written, and sure
        assert [m.confidence for m in ms if m.category == "loaded"] == [1.0]
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        clear_cache()
    assert not [m for m in markers(from_text("Prices are zigzagging again.")) if m.category == "loaded"]


def test_language_selects_lexicon_and_falls_back():
    from parallax.reader.text.lexicon import language_of

    assert language_of("en-GB") == "en"
    assert language_of(None) == "en"
    assert language_of("xx") == "en"


def test_non_english_lexicons_are_chosen_by_language():
    from parallax.reader.model import Article

    ms = markers(Article(text="Le soi-disant plan de paix a été présenté par le régime.", language="fr"))
    cats = {(m.category, m.text) for m in ms}
    assert ("hedge", "soi-disant") in cats and ("loaded", "régime") in cats
    ms = markers(Article(text="Так называемый мирный план представили в понедельник.", language="ru"))
    assert [m.text for m in ms if m.category == "hedge"] == ["Так называемый"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_BITS = ["the", "purported", "“plan”", "so-called", "Kiev", "Kyiv", "regime", "said", "claimed",
         "Peskov", ",", ".", "“", "”", "«", "»", "\n", "invasion", "admitted", "that", "Donbass"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_BITS), max_size=50), st.lists(st.sampled_from(_BITS), max_size=50))
def test_marker_spans_say_what_they_claim(a, b):
    from parallax.reader.model import Article

    ta, tb = " ".join(a) or "x", " ".join(b) or "y"
    c = compare(Article(text=ta), Article(text=tb))
    for m in c.framing:
        own = ta if m.side == "left" else tb
        other = tb if m.side == "left" else ta
        assert m.span.slice(own) == m.text
        if m.counterpart is not None:
            assert 0 <= m.counterpart.start < m.counterpart.end <= len(other)
            if m.category == "naming":
                assert m.counterpart.slice(other).casefold() != m.text.casefold()


def _scare(text: str) -> list[str]:
    return [m.text for m in markers(from_text(text)) if m.category == "scare-quote"]


def test_scare_quote_needs_to_be_governed_by_the_reporting_verb():
    # a verb elsewhere in the sentence does not attribute a quote in its subject
    assert _scare("Critics of the “reform” said they would protest.") == ["“reform”"]
    # the complement of a reporting verb with a speaker is attributed
    assert _scare("The minister called the protests a “provocation” on Monday.") == []
    assert _scare("Peskov said relations were in “a dire state”.") == []
    # a passive verb with nobody behind it attributes nothing, with an agent it does
    assert _scare("The move was described as “reckless”.") == ["“reckless”"]
    assert _scare("The move was described as “reckless” by the opposition.") == []


def test_so_called_and_purported_quotes_are_scare_quotes_even_after_a_verb():
    assert _scare("Bloomberg said the so-called “plan” was drawn up in Moscow.") == ["“plan”"]
    assert _scare("Officials reported the purported “incursion” last week.") == ["“incursion”"]


def test_short_quote_beside_a_longer_attributed_quote():
    text = ("The ministry said order would soon return to the region after weeks of “unrest”, adding: "
            "“We will restore order in every city of the region without delay.”")
    assert _scare(text) == ["“unrest”"]
    assert _scare("The ministry said order would soon return to the region after weeks of “unrest”.") == []
    text = "Peskov said the talks were “useful”, adding: “We will continue to work with all our partners on this.”"
    assert _scare(text) == []


def test_inflected_languages_match_lexicon_words_by_stem():
    def cats(text: str, lang: str) -> set[tuple[str, str]]:
        return {(m.category, m.text) for m in markers(Article(text=text, language=lang))
                if m.category in ("hedge", "loaded")}

    got = cats("Так называемая республика и режимы соседей.", "ru")
    assert ("hedge", "Так называемая") in got and ("loaded", "режимы") in got
    got = cats("Die brutalen Angriffe und die sogenannten Experten.", "de")
    assert ("loaded", "brutalen") in got and ("hedge", "sogenannten") in got
    # English lexicons list their forms: no prefix matching there
    assert not cats("The claimant spoke to the regimental band.", "en")


def test_italian_and_portuguese_lexicons():
    got = {m.text for m in markers(Article(text="Il cosiddetto piano è una provocazione.", language="it"))}
    assert {"cosiddetto", "provocazione"} <= got
    got = {m.text for m in markers(Article(text="O suposto ataque foi um massacre.", language="pt"))}
    assert {"suposto", "massacre"} <= got


def test_unknown_language_uses_the_lexicon_of_its_script():
    found = {m.text for m in markers(Article(text="Каратели устроили расправу над жителями.", language=None))}
    assert "Каратели" in found
    found = {m.text for m in markers(Article(text="فر المشتبه به المزعوم إلى الخارج", language=None))}
    assert "المزعوم" in found


def test_inflected_reporting_verb_attributes_a_short_quote():
    text = "Захарова заявили, что переговоры были «полезными»."  # a form the lexicon does not list
    assert not [m for m in markers(Article(text=text, language="ru")) if m.category == "scare-quote"]
    text = "Критики «реформы» собрались у парламента."
    assert [m.text for m in markers(Article(text=text, language="ru")) if m.category == "scare-quote"] == ["«реформы»"]


@pytest.mark.parametrize(("lang", "text", "scare"), [
    # the verb opens the sentence and its speaker follows it: reported speech, not scare quotes
    ("ar", "وقال البيت الأبيض إن بايدن أعرب عن \"القلق العميق\" للولايات المتحدة.", False),
    ("ar", "وصف المسؤولون الاتفاق بأنه \"تاريخي\" دون أدلة.", False),
    ("he", "אמר הדובר כי המבצע \"הצליח\" לחלוטין.", False),
    # nobody says them: scare quotes
    ("ar", "جرت الانتخابات \"النزيهة\" أمس.", True),
    ("he", "המבצע \"הצליח\" לחלוטין.", True),
])
def test_verb_first_reported_speech_is_no_scare_quote(lang, text, scare):
    found = [m for m in markers(Article(text=text, language=lang)) if m.category == "scare-quote"]
    assert bool(found) is scare


def test_arabic_naming_choices_martyrs_and_the_zionist_entity():
    left = Article(text="قتل عشرة أشخاص في غارة إسرائيلية على غزة، وقالت الحكومة إن القتلى من المدنيين.",
                   language="ar")
    right = Article(text="ارتقى عشرة شهداء في غارة للاحتلال على غزة. الكيان الصهيوني يواصل عدوانه.",
                    language="ar")
    got = {(m.side, m.text) for m in compare(left, right).framing if m.category == "naming"}
    assert {("left", "القتلى"), ("right", "شهداء"), ("right", "الكيان الصهيوني")} <= got
    # on its own, a partisan name is still marked
    alone = {m.text for m in markers(right) if m.category == "naming"}
    assert {"شهداء", "الكيان الصهيوني"} <= alone


def test_hebrew_framing_lexicons():
    found = {(m.category, m.text) for m in markers(Article(
        text="המחבלים פתחו באש ביהודה ושומרון, כך לכאורה לפי הדיווח. השר תקף את המשטר.", language="he"))}
    assert {("naming", "המחבלים"), ("naming", "ביהודה ושומרון"), ("hedge", "לכאורה"),
            ("loaded", "המשטר")} <= found
    assert not markers(Article(text="החמושים פתחו באש בגדה המערבית.", language="he"))


@settings(max_examples=300)
@given(st.text(alphabet="ab .!?\n\t,é", max_size=40))
def test_sentence_stops_are_where_the_pattern_finds_them(text):
    # an ASCII text's stops are found in its bytes: the places the regex finds
    import re

    from parallax.reader.framing import markers as framing_markers

    want = [m.start() for m in re.finditer(r"[.!?\n]", text)]
    assert framing_markers._stops(text) == want
    ascii_text = text.replace("é", "e")
    assert framing_markers._stops(ascii_text) == [m.start() for m in re.finditer(r"[.!?\n]", ascii_text)]
