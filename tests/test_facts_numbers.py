"""Numbers as journalists write them: votes, ranges, percentages, money, dates in figures,
and the figures that are no facts (phone numbers, URLs, identifiers)."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from parallax.reader.facts.extract import compare_facts, extract
from parallax.reader.facts.numbers import not_facts
from parallax.reader.ingest.article import from_text
from parallax.reader.model import Article


def _facts(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(it.kind, it.value) for it in extract(Article(text=text, language=lang)) if it.kind in ("number", "date")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Senate voted 97-1 to confirm her.", [("number", "97-1")]),
    ("The House passed the bill 348 to 77 on a party-line vote.", [("number", "348-77")]),
    ("The bill passed 348-77.", [("number", "348-77")]),
    ("United won 3–1 at home.", [("number", "3-1")]),
    ("It ended in a 2-2 draw.", [("number", "2-2 draw")]),
    # ascending: a range, not a vote
    ("Police said 5-10 officers were hurt.", [("number", "5 to 10 officers")]),
    ("Between 5 and 10 people were hurt.", [("number", "5 to 10 people")]),
    ("Estimates of 95,000 to 100,000 troops.", [("number", "95,000 to 100,000 troops")]),
])
def test_votes_scores_and_ranges_are_one_fact(text, expected):
    assert _facts(text) == expected


@pytest.mark.parametrize(("text", "value", "match"), [
    ("Aid of $1.3 billion was approved.", "$1,300,000,000", "$1,300,000,000"),
    ("Aid of 1.3 billion dollars was approved.", "1,300,000,000 dollars", "$1,300,000,000"),
    ("Aid of US$1.3bn was approved.", "US$1,300,000,000", "$1,300,000,000"),
    ("The EU pledged €40bn.", "€40,000,000,000", "€40,000,000,000"),
    ("Prices rose 4.5%.", "4.5 percent", "4.5 percent"),
    ("Prices rose 4.5 per cent.", "4.5 per cent", "4.5 percent"),
    ("Rates rose 0.25 percentage points.", "0.25 percentage points", "0.25 percentage points"),
    ("A 2/3 majority is needed.", "2/3 majority", None),
    ("She finished 3rd.", "3rd", None),
    ("The 5km race.", "5 km", None),
])
def test_money_percentages_and_other_forms(text, value, match):
    (it,) = [it for it in extract(from_text(text)) if it.kind == "number"]
    assert it.value == value
    if match:
        assert it.match == match


@pytest.mark.parametrize(("text", "expected"), [
    # vulgar fractions and mixed numbers: one figure, never "4" and "1/2 months"
    ("He served 4½ months in prison.", [("number", "4.5 months")]),
    ("He served 4 1/2 months in prison.", [("number", "4.5 months")]),
    ("Prices rose 2½% in May.", [("number", "2.5 percent")]),
    ("The march took 1½ hours.", [("number", "1.5 hours")]),
    ("A ¾-mile stretch was closed.", [("number", "¾-mile")]),
    # ... also written onto their noun: "a 3 1/2-inch pipe", not "3", "1" and "2-inch"
    ("A 3 1/2-inch pipe burst.", [("number", "3 1/2-inch")]),
    ("A 1/2-inch gap opened.", [("number", "1/2-inch")]),
    ("He served a 2-1/2 year sentence.", [("number", "2.5 year")]),  # not the score 2-1 and "2 year"
    # a range with its scale on the second figure
    ("The fund holds €40-45bn.", [("number", "€40,000,000,000 to 45,000,000,000")]),
    ("The Orioles offered $140-$150 million.", [("number", "$140,000,000 to 150,000,000")]),
    ("It was £3–£4bn.", [("number", "£3,000,000,000 to 4,000,000,000")]),
    # not mixed numbers: a fraction no smaller than one, or beyond sixteenths
    ("A 2/3 majority is needed.", [("number", "2/3 majority")]),
    # proportions, one fact; a large first figure is no proportion
    ("About 1 in 5 people agreed.", [("number", "1 in 5 people")]),
    ("One in three voters stayed home.", [("number", "1 in 3 voters")]),
    ("Three out of four doctors agree.", [("number", "3 in 4 doctors")]),
    ("He scored 20 in 30 minutes.", [("number", "20"), ("number", "30 minutes")]),
    # ratios and scores with a colon (minutes have two figures: a clock time)
    ("Bayern won 2:1 at home.", [("number", "2-1")]),
    ("It starts at 10:30 tonight.", [("date", "10:30"), ("date", "tonight")]),
    # Indian scales, trillions, and currency codes written before the figure
    ("About 5 lakh people attended.", [("number", "500,000 people")]),
    ("Damage of ₹500 crore was reported.", [("number", "₹5,000,000,000")]),
    ("Costs reached Rs. 5 crore.", [("number", "Rs. 50,000,000")]),
    ("The deal is worth USD 1.2bn.", [("number", "USD 1,200,000,000")]),
    ("Debt hit 1.2tn yuan.", [("number", "1,200,000,000,000 yuan")]),
    ("They won 5 medals.", [("number", "5 medals")]),  # a verb, not the currency
])
def test_fractions_and_scaled_ranges_are_one_figure(text, expected):
    assert _facts(text) == expected


def test_a_currency_code_before_the_figure_is_compared_by_its_sign():
    left = from_text("The ministry set aside Rs 500 crore for flood relief in the state on Monday.")
    right = from_text("The ministry set aside ₹500 crore for flood relief in the state on Monday.")
    facts = [f for f in compare_facts(left, right) if f.kind == "number"]
    assert [f.status for f in facts] == ["shared"]


def test_fractions_and_scaled_ranges_are_compared_by_value():
    left = from_text("He served 4½ months in federal prison for his role in the break-in.")
    right = from_text("He served 4 1/2 months in federal prison for his role in the break-in.")
    facts = [f for f in compare_facts(left, right) if f.kind == "number"]
    assert [f.status for f in facts] == ["shared"]


def test_dollars_of_other_countries_are_their_own_currency():
    # "NZ$" and "S$" are no US dollars: the sign is kept, so they never match "$40 million"
    assert _facts("It cost NZ$40 million and S$5 billion.") == \
        [("number", "NZ$40,000,000"), ("number", "S$5,000,000,000")]
    left = from_text("The ministry said the new bridge cost NZ$40 million to build last year.")
    right = from_text("The ministry said the new bridge cost $40 million to build last year.")
    assert [f.status for f in compare_facts(left, right) if f.kind == "number"] != ["shared"]


@pytest.mark.parametrize("text", [
    "Militants killed 5 US soldiers.",
    "Orozco, 27, a parolee wanted on suspicion of murder, fled.",
    "Investigators were at the scene by 10 a. m. on Sunday.",
    "She left the limelight nearly half a century ago.",
    "They sent 3 HK officials.",
])
def test_the_letters_of_a_dollar_sign_alone_are_no_currency(text):
    # "US$", "A$", "HK$" are signs written onto a figure; "US", "a", "HK" after one are words
    assert [it.value for it in extract(from_text(text)) if it.kind == "number" and "$" in it.match] == []


def test_money_ends_with_its_scale_not_with_the_article_after_it():
    text = "Should the Yankees go higher than $25 million a season?"
    (it,) = [it for it in extract(from_text(text)) if it.kind == "number"]
    assert (it.value, text[it.span.start:it.span.end]) == ("$25,000,000", "$25 million")


@pytest.mark.parametrize(("text", "expected"), [
    # "MM" (million) and "B" (billion) written onto a figure of money, as sports and finance copy does
    ("Tex is believed to be seeking more than $21MM per year.", [("number", "$21,000,000")]),
    ("The Red Sox offered an eight-year, $200MM deal.", [("number", "$200,000,000")]),
    ("The Orioles are around seven years, $140 - 150MM, they say.",
     [("number", "7 years"), ("number", "$140,000,000 to 150,000,000")]),
    ("The Orioles offered $140-150MM.", [("number", "$140,000,000 to 150,000,000")]),
    ("It was a $2B deal and a $1.5MM bonus.", [("number", "$2,000,000,000"), ("number", "$1,500,000")]),
    # the Australian way of writing a currency: "$US" and "$A", written onto the figure
    ("Damage was estimated at $US1 million.", [("number", "$US1,000,000")]),
    ("The bank lent $US1.5 billion and $A5m.", [("number", "$US1,500,000,000"), ("number", "$A5,000,000")]),
    # no money without a sign: a calibre ("9mm"), a road ("US1")
    ("He carried a 9mm pistol along US1.", [("number", "9 mm")]),
])
def test_money_suffixes_and_signs_written_onto_the_figure(text, expected):
    assert _facts(text) == expected


def test_dollars_written_the_australian_way_are_us_dollars():
    left = from_text("Damage to the church was estimated at $US1 million, authorities said on Monday.")
    right = from_text("Damage to the church was estimated at US$1 million, authorities said on Monday.")
    assert [f.status for f in compare_facts(left, right) if f.kind == "number"] == ["shared"]


def test_money_is_compared_by_sign_and_amount():
    left = from_text("Congress approved $1.3 billion in aid for Ukraine on Tuesday.")
    right = from_text("Lawmakers approved 1.3 billion dollars in aid for Ukraine on Tuesday.")
    (money,) = [f for f in compare_facts(left, right) if f.kind == "number"]
    assert money.status == "shared"


def test_german_dots_group_thousands():
    assert _facts("Rund 94.000 Soldaten.", "de") == [("number", "94,000 Soldaten")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Families of 9/11 victims met.", [("date", "9/11")]),
    ("The 7/7 bombings.", [("date", "7/7")]),
    ("Es geschah am 12.04.2026 in Berlin.", [("date", "April 12 2026")]),
    ("Filed on 03/12/2021.", [("date", "3/12/2021")]),
    ("Prices fell in the 1990s and in 2014-15.", [("date", "1990s"), ("date", "2014-15")]),
    ("The vote is at 7 p.m. GMT.", [("date", "7 pm GMT")]),
    ("The quake struck at 06:31GMT.", [("date", "06:31 GMT")]),  # the zone written onto the time
])
def test_dates_written_in_figures_are_one_date(text, expected):
    lang = "de" if "geschah" in text else "en"
    assert _facts(text, lang) == expected


@pytest.mark.parametrize("text", [
    "For details call (313) 222-2027 or +1 202 555 0100.",
    "Tips: call 222-2027.",
    "Read https://example.com/news/2021/12/07/story-59567377 and www.bbc.co.uk/news/world-59567377.",
    "Write to press2021@un.org or @UN_News2 on #COP26.",
    "Article 20211207123 was updated.",
    "The G7, the F-35, COVID-19 and 5G were discussed.",
    "The shop is open 24/7 and the split is 50/50.",
])
def test_figures_that_are_no_facts(text):
    assert _facts(text) == []


def test_a_players_position_before_the_name_is_deliberately_no_fact():
    text = "The Angels withdrew their offer to 1B Mark Teixeira and signed 3B/2B Ty Wigginton."
    assert [text[sp.start:sp.end] for sp in not_facts(text, "en")] == ["1B", "3B/2B"]
    assert [it.value for it in extract(from_text(text)) if it.kind == "name"] == ["Angels", "Mark Teixeira", "Ty Wigginton"]
    # money stays money, and a position is read only before a name
    assert not_facts("A $1B deal, 1B Euros and the 1B seat.", "en") == []
    assert _facts("A $1B deal.") == [("number", "$1,000,000,000")]


@pytest.mark.parametrize(("text", "ignored"), [
    ("The update affects Windows 2000 for IE 5.01: XP and Vista.", ["2000", "5.01"]),
    ("Microsoft lists Internet Explorer 5.01, 6, and 7 as affected.", ["5.01", "6", "7"]),
    ("Attacks directed at IE8 and 9 were reported.", ["9"]),  # "IE8": an identifier
    ("Users of Windows 8.1, iOS 7 and version 2.3.1 should update.", ["8.1", "7", "version 2.3.1"]),
    ("Internet Explorer 8 Beta 2 is affected, as is Service Pack 1.", ["8", "Beta 2", "Service Pack 1"]),
])
def test_version_numbers_are_deliberately_no_facts(text, ignored):
    assert [text[sp.start:sp.end] for sp in not_facts(text, "en")] == ignored
    assert _facts(text) == []
    # the product's name stays a name
    assert "Internet Explorer" in [it.value for it in extract(from_text(text)) if it.kind == "name"] \
        or "Internet Explorer" not in text


@pytest.mark.parametrize(("text", "expected"), [
    ("Prices rose 5.01 percent after an 8.1 magnitude quake.", [("number", "5.01 percent"), ("number", "8.1 magnitude quake")]),
    ("Windows 7 million copies were sold.", [("number", "7,000,000 copies")]),  # a scale word: a count
    ("It hit IE 7 and 300 users.", [("number", "300 users")]),  # a large figure is no listed version
])
def test_figures_near_version_words_that_are_facts(text, expected):
    assert _facts(text) == expected


def test_a_spelled_number_inside_a_name_is_no_number():
    assert _facts("Leaders of the Normandy Four summit met. Two people were hurt.") == [("number", "2 people")]


SENTENCES = [
    "The Senate voted 97-1 on Tuesday, and 348 to 77 in the House on 12.04.2026.",
    "Call (313) 222-2027 or read https://example.org/a/2021/12/07/x-5956 about the 9/11 families.",
    "Prices rose 4.5% in May 2021, the fastest pace since 1990, to $1.3 billion or €40bn.",
    "About 94,000 troops and 5-10 tanks; 2/3 of voters, the 3rd time, at 12:20 GMT.",
    "The 1990s, 2014-15, the G7 and COVID-19; 7/7; a 2-2 draw; 50/50.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_every_figure_is_a_fact_or_deliberately_ignored(text):
    """A digit lies in a number or date fact, in a span that is no fact (URL, phone...),
    in an identifier that mixes letters and figures, or in a year; never in a piece."""
    art = from_text(text)
    covered = bytearray(len(text))
    for it in extract(art):
        if it.kind in ("number", "date"):
            covered[it.span.start:it.span.end] = b"\x01" * it.span.length
    for sp in not_facts(text, "en"):
        covered[sp.start:sp.end] = b"\x01" * sp.length
    for m in re.finditer(r"[\w-]*\d[\w-]*", text):
        if re.search(r"[^\W\d_]", m.group()) or re.fullmatch(r"(?:1[89]|20)\d\d", m.group()):
            covered[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    loose = [m.group() for m in re.finditer(r"\d+", text) if not all(covered[m.start():m.end()])]
    assert loose == []
    # and no fact is a piece of another: spans never overlap
    spans = sorted(it.span for it in extract(art) if it.kind in ("number", "date"))
    assert all(a.end <= b.start for a, b in pairwise(spans))


def test_a_decade_written_with_an_apostrophe_and_a_vehicle_named_by_figures():
    assert _facts("When arrested in his early 20's, he left.") == [("number", "20")]
    assert _facts("Four men drove a 4x4 through the window.") == [("number", "4 men drove")]  # "4x4": a vehicle


def test_a_clock_time_ends_before_the_sentences_full_stop():
    text = "The quake struck at 6:45pm. The vote was at 7:30 p.m. Then more."
    spans = [text[it.span.start:it.span.end] for it in extract(from_text(text)) if it.kind == "date"]
    assert spans == ["6:45pm", "7:30 p.m."]  # "p.m." keeps its own dot; "pm." is the sentence's


@pytest.mark.parametrize(("text", "expected"), [
    # a spelled-out figure after "the", "these", "all" refers back to what was counted
    ("Police arrested three men on Monday. The three men were charged on Tuesday.", [("number", "3 men")]),
    ("The two presidents tasked their teams to follow up.", []),
    ("All five suspects fled before the police arrived.", []),
    # a figure in digits, a length or a first mention stays a fact
    ("The 12 victims were named on Friday.", [("number", "12 victims")]),
    ("The two hours of talks ended at noon.", [("number", "2 hours")]),
    ("He has two sons and a daughter.", [("number", "2 sons")]),
])
def test_a_spelled_figure_that_refers_back_is_no_new_count(text, expected):
    assert [f for f in _facts(text) if f[0] == "number"] == expected
