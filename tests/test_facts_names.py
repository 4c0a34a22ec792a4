"""Names, one per person or place, and speakers linked by the same rules."""

from __future__ import annotations

import pytest

from parallax.reader.comparison.engine import compare
from parallax.reader.facts.extract import compare_facts, extract, find_quotes, link_speakers
from parallax.reader.facts.names import canonical_names, name_key
from parallax.reader.ingest.article import from_text, load
from tests.conftest import seed


def _names(text: str) -> list[str]:
    return [it.value for it in extract(from_text(text)) if it.kind == "name"]


def _name_facts(a: str, b: str) -> set[tuple[str, str]]:
    return {(f.value, f.status) for f in compare_facts(from_text(a), from_text(b)) if f.kind == "name"}


def test_nicknames_are_the_same_person():
    assert name_key("Chuck Schumer") == name_key("Charles Schumer")
    got = _name_facts("Senate leader Chuck Schumer spoke on Monday. Schumer left.",
                      "Charles Schumer said the Senate would vote.")
    assert ("Charles Schumer", "shared") in got or ("Chuck Schumer", "shared") in got
    assert not any(v in ("Schumer", "Chuck Schumer", "Charles Schumer") and st != "shared" for v, st in got)


def test_one_first_name_in_other_romanisations_is_the_same_person():
    assert name_key("Dmitri Medvedev") == name_key("Dmitry Medvedev") == name_key("Dmitriy Medvedev")
    assert name_key("Mohammed bin Salman") == name_key("Muhammad bin Salman")
    got = _name_facts("Former president Dmitri Medvedev spoke on Monday.", "Dmitry Medvedev said nothing.")
    assert len(got) == 1 and next(iter(got))[1] == "shared", got


def test_an_article_of_another_language_opening_a_name_stays():
    assert _names("He flew from Los Angeles to Las Vegas and read Le Monde.") == ["Los Angeles", "Las Vegas", "Le Monde"]
    assert _names("Al Gore spoke. The White House said so. In Moscow it rained.") == ["Al Gore", "White House", "Moscow"]


def test_surname_alone_after_a_full_name_is_that_person():
    assert canonical_names({"vladimir putin", "putin", "joe biden", "biden"}) == {
        "vladimir putin": "vladimir putin", "putin": "vladimir putin", "joe biden": "joe biden", "biden": "joe biden"}


def test_a_prepositional_phrase_is_not_part_of_a_name():
    names = _names("Biden spoke with President Putin of Russia. Putin said little. The Bank of England waited.")
    assert "Putin of Russia" not in names
    assert "Putin" in names and "Russia" in names and "Bank of England" in names


def test_a_titled_person_of_a_place_is_two_names_even_said_once():
    names = _names("President Putin of Russia held talks with Biden. The Duke of Edinburgh and "
                   "the Secretary of State Antony Blinken were there.")
    assert "Putin of Russia" not in names
    assert "Putin" in names and "Russia" in names
    assert "Duke of Edinburgh" in names  # a title alone before "of" stays one name
    assert "Antony Blinken" in names


def test_hyphenated_names_and_adjectives():
    names = _names("Biden met Putin. Putin thanked Biden. The Biden-Putin call was long. "
                   "Russian-backed rebels fought. Jean-Claude Juncker spoke.")
    assert "Biden-Putin" not in names and names.count("Biden") == 3 and names.count("Putin") == 3
    assert "Russian-backed" not in names and "Jean-Claude Juncker" in names


def test_a_compound_name_is_shared_with_the_name_it_starts_with():
    got = _name_facts("Leaders backed the “Minsk Agreements”, signed in 2015.",
                      "Kiev fails to fulfil the relevant Minsk agreements, the Kremlin said.")
    assert ("Minsk Agreements", "shared") in got
    # another word after the name, written as a name on the other side, is another name
    got = _name_facts("The Washington Post reported it.", "Officials in Washington denied it.")
    assert ("Washington Post", "left-only") in got and ("Washington", "right-only") in got


def test_naming_variants_are_one_place():
    got = _name_facts("Strikes hit Kyiv overnight.", "Strikes hit Kiev overnight, officials in Moscow said.")
    assert ("Kyiv", "shared") in got


def test_minsk_agreements_shared_on_the_demo_pair():
    c = compare(load(seed("003")), load(seed("004")))
    minsk = [f for f in c.facts if f.kind == "name" and f.value.startswith("Minsk")]
    assert [(f.value, f.status) for f in minsk] == [("Minsk Agreements", "shared")]
    assert not [f for f in c.facts if f.kind == "name" and " of " in f.value and "Putin" in f.value]
    assert not [f for f in c.facts if f.kind == "number" and f.value.endswith("summit")]  # "Normandy Four"


def test_troops_shared_across_the_reports_that_give_the_figure():
    # 94,000 troops is in 002 and 003 (004 does not give it)
    c = compare(load(seed("002")), load(seed("003")))
    shared = [f for f in c.facts if f.kind == "number" and f.status == "shared"]
    assert any(f.value == "94,000 Russian troops" for f in shared)


def test_a_speaker_is_one_voice_on_both_sides():
    left = from_text("Kremlin spokesman Dmitry Peskov spoke. “We are ready,” Peskov said. "
                     "“Nothing is decided,” Peskov added.")
    right = from_text("“Keep a cool head,” Peskov told reporters.")
    ql, qr = find_quotes(left), find_quotes(right)
    assert {q.speaker for q in ql} == {"Dmitry Peskov"}  # the full name the side uses
    assert {q.speaker for q in qr} == {"Peskov"}
    ql, qr = link_speakers(ql, qr)
    assert {q.speaker for q in ql} == {q.speaker for q in qr} == {"Dmitry Peskov"}


def test_a_quote_inside_a_clause_takes_the_clauses_speaker():
    text = ("Biden said it was “good to see” his Russian counterpart, adding that he hoped to meet. "
            "The White House said Biden “voiced the deep concern” of allies and made clear they "
            "“would respond with strong economic measures”.")
    assert [q.speaker for q in find_quotes(from_text(text))] == ["Biden", "White House", "White House"]


def test_a_title_abbreviation_ends_no_sentence():
    assert "Putin" in _names("Prime Minister Boris Johnson called Mr. Putin.")


def test_recall_on_the_benchmark_sentences():
    from benchmarks.facts_recall import load_cases, score

    r = score(load_cases())
    assert r["sentences"] >= 60
    assert r["by_kind"]["number"] == 1.0 and r["by_kind"]["date"] == 1.0
    assert r["recall"] >= 0.9 and r["precision"] >= 0.95


def test_other_names_of_one_country_are_one_shared_name():
    """aliases.tsv: "the U.S." on one side and "the United States" or "America" on the
    other are one place, shown by its full name; an abbreviation keeps its last dot."""
    got = _name_facts("The U.S. will respond, the White House said.",
                      "The United States and America's allies will respond.")
    assert ("United States", "shared") in got
    assert not any(v in ("U.S", "U.S.", "America") for v, _ in got)
    assert ("U.S.", "left-only") in _name_facts("The U.S. will respond.", "Nobody answered the call.")


def test_a_nationality_adjective_alone_is_no_name():
    got = _name_facts("NATO's expansion to former Soviet states worries Moscow.",
                      "Moscow is worried by NATO.")
    assert not any(v == "Soviet" for v, _ in got)


def test_an_alias_in_capitals_is_a_name_though_the_word_is_common():
    """"US" and "WHO" are names (aliases.tsv) where "us" and "who" are function words."""
    assert "US" in _names("The talks between the US and Russia were frank, WHO officials told us.")
    assert "WHO" in _names("The talks between the US and Russia were frank, WHO officials told us.")
    assert not any(n.lower() in ("us", "who") for n in _names("Tell us who called. Us too, he said."))
    assert ("United States", "shared") in _name_facts("The US will respond.", "The United States will respond.")


def test_two_names_joined_by_a_hyphen_are_two_names_when_each_is_one():
    text = ("Then Biden spoke to Putin for two hours. The Biden-Putin call covered US-Russia relations. "
            "They drank Coca-Cola with Jean-Pierre Martin.")
    names = _names(text)
    assert "Biden-Putin" not in names and "US-Russia" not in names
    assert names.count("Biden") == 2 and names.count("Putin") == 2 and "US" in names and "Russia" in names
    assert "Coca-Cola" in names and any(n.startswith("Jean-Pierre") for n in names)


def test_an_owner_that_is_a_name_is_apart_from_what_it_owns():
    names = _names("Talks with Russia ended. Then Russia’s Foreign Ministry spoke. "
                   "They watched the Women's World Cup.")
    assert names.count("Russia") == 2 and "Foreign Ministry" in names
    assert "Russia’s Foreign Ministry" not in names and "Women's World Cup" in names


def test_a_name_that_opens_with_a_title_stays_whole():
    # name_words.tsv kind "name": "General" is a title before a person, not in these
    assert _names("Shares of General Motors fell. General Electric and General Mills gained.") == \
        ["General Motors", "General Electric", "General Mills"]
    assert _names("The vote in the UN General Assembly was close.") == ["UN General Assembly"]
    assert _names("It was over, General Petraeus said.") == ["Petraeus"]


def test_a_word_opening_the_sentence_is_no_part_of_the_name_after_it():
    # openers in name_words.tsv, and a plural noun before "of": words no text here writes in lower case
    assert _names("Joining Cooley was Assistant Sheriff Cecil Rhambo.") == ["Cooley", "Cecil Rhambo"]
    assert _names("Citing Kremlin sources, it said so.") == ["Kremlin"]
    assert _names("Because of The Hunger Games, it sold out.") == ["Hunger Games"]
    assert _names("Residents of Kyiv left.") == ["Kyiv"]
    # an organisation named in the singular keeps its head; a name the text also uses mid-sentence stays
    assert _names("Bank of England rates rose.") == ["Bank of England"]
    assert _names("Catching Fire opened. Fans saw Catching Fire twice.") == ["Catching Fire", "Catching Fire"]


def test_a_role_before_a_name_is_dropped_like_a_title():
    assert _names("Actress Tara Reid checked in.") == ["Tara Reid"]
    assert _names("It was late when Kicker Ryan Succop scored.") == ["Ryan Succop"]


def test_a_place_before_a_title_with_no_person_after_it_is_the_place():
    # "the US President made clear": the United States is named, no person
    assert _names("Particularly, the US President made clear to Putin.") == ["US", "Putin"]
    assert _names("The UN Secretary-General spoke.") == ["UN"]
    # a name that ends in a title word stays whole when what comes before is no place
    assert _names("Stephen King and Martin Luther King spoke of Burger King.") == \
        ["Stephen King", "Martin Luther King", "Burger King"]


def test_a_line_in_capitals_is_no_name():
    assert _names("REPORT: RED SOX MAKE HUGE OFFER TO TEIXEIRA on Tuesday.") == []
    # a name in capitals stays one, "of" and all
    assert _names("THE BANK OF ENGLAND raised rates. The NEW YORK TIMES said so.") == ["BANK OF ENGLAND", "NEW YORK TIMES"]


def test_and_or_an_ampersand_inside_a_body_s_name_joins_it():
    # "and" before the head word of a body's name (name_words.tsv kind org-head), "&" between names
    assert _names("He told the Securities and Exchange Commission and the U.S. Fish and Wildlife Service.") == \
        ["Securities and Exchange Commission", "U.S. Fish and Wildlife Service"]  # the agency's whole name
    assert _names("It met Health and Human Services Secretary Xavier Becerra.") == \
        ["Health and Human Services", "Xavier Becerra"]
    assert _names("Shares of Johnson & Johnson rose.") == ["Johnson & Johnson"]
    # two names stay two: no head word after "and", or a whole name before it, or two acronyms
    assert _names("It was up to Merkel and Macron, the Fish and Wildlife Service and National Marine "
                  "Fisheries Service, the EU & IMF.") == \
        ["Merkel", "Macron", "Fish and Wildlife Service", "National Marine Fisheries Service", "EU", "IMF"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Customers left AT&T.", ["AT&T"]),  # its words are function words ("at", "t") on their own
    ("The S&P 500 fell on Monday.", ["S&P"]),
    ("Shoppers at H&M queued.", ["H&M"]),
    ("Profits from M&A fell.", []),  # common nouns in capitals (name_words.tsv kind common)
    ("The Q&A lasted an hour.", []),
    ("The CEO of Apple resigned.", ["Apple"]),  # the title goes, and the "of" after it
    # the body, then the person who holds the title
    ("Secretary of Commerce Gary Locke spoke.", ["Commerce", "Gary Locke"]),
    ("Governor of Texas Greg Abbott spoke.", ["Texas", "Greg Abbott"]),
])
def test_names_with_an_ampersand_and_after_a_title_of(text, expected):
    from parallax.reader.facts.names import names_in

    assert [text[i.span.start:i.span.end] for i in names_in(text, "en")] == expected


def test_roles_and_the_adjectives_before_them_are_no_part_of_a_name():
    # people's roles written like titles, and adjectives standing before a title as a
    # nationality does (name_words.tsv): "Senior Trooper William Hakim" is William Hakim
    assert _names("Senior Trooper William Hakim met Analyst Rob Enderle and Officer Michael Murphy.") == \
        ["William Hakim", "Rob Enderle", "Michael Murphy"]
    assert _names("Democratic President-elect Barack Obama thanked Author Toni Morrison.") == \
        ["Barack Obama", "Toni Morrison"]
    assert _names("The Democratic Party and the Republican National Committee agreed.") == \
        ["Democratic Party", "Republican National Committee"]



@pytest.mark.parametrize(("text", "expected"), [
    # the field of an occupation before a title is part of the role (name_words.tsv kind field)
    ("The inmate stabbed Corrections Officer Manuel A. Gonzalez on Monday.", ["Manuel A. Gonzalez"]),
    ("Police Commissioner Ray Kelly commented on the arrest.", ["Ray Kelly"]),
    ("It was tense, City Councilman Charles Barron told reporters.", ["Charles Barron"]),
    ("He met former National Security Adviser Henry Kissinger.", ["Henry Kissinger"]),
    ("The call went to Senior Corrections Officer John Smith.", ["John Smith"]),
    # a place before the field names the place's body, and a field inside a name stays
    ("Palmer Police Chief John McNutt arrived first.", ["Palmer Police", "John McNutt"]),
    ("He called the Police Department.", ["Police Department"]),
    # titles one after another are one role: the body before them is the body
    ("In an unprecedented move, Albany County Assistant District Attorney Dave Rossi asked.",
     ["Albany County", "Dave Rossi"]),
    ("The issue was minor, said TDCJ Inspector General John Moriarty.", ["TDCJ", "John Moriarty"]),
    ("Speculation surrounded U.S. Supreme Court Chief Justice William Rehnquist.",
     ["U.S. Supreme Court", "William Rehnquist"]),
])
def test_a_role_of_several_words_before_a_name_is_dropped(text, expected):
    assert _names(text) == expected


def test_a_place_opening_a_sentence_is_a_name_though_written_nowhere_else():
    # places.tsv (and the one-word places of aliases.tsv): "Britain", "Pakistan" open their
    # sentence and are names; a common word there is not ("Officials", "Police")
    assert _names("Britain will spend £2.5 billion on new frigates.") == ["Britain"]
    assert _names("Pakistan denied it. Officials said so. Police left.") == ["Pakistan"]
    # ... and so is a body known by one word (name_words.tsv kind body)
    assert _names("Congress approved $1.3 billion in military aid.") == ["Congress"]


def test_a_person_of_a_place_is_two_names_and_a_body_of_a_place_one():
    # "Prepositional phrases are not names" (issue #13): a person's name "of" a known place
    # is the person and the place; a body's name "of" a place is one name
    assert _names("Joe Biden met Vladimir Putin of Russia on Tuesday.") == ["Joe Biden", "Vladimir Putin", "Russia"]
    assert _names("The Islamic Republic of Iran, the University of Idaho and the Bank of England met "
                  "the United States of America.") == \
        ["Islamic Republic of Iran", "University of Idaho", "Bank of England", "United States of America"]
    assert _names("The Kingdom of Saudi Arabia and the United Kingdom agreed.") == \
        ["Kingdom of Saudi Arabia", "United Kingdom"]
