"""Conflicts only where the same quantity is meant, each with its reason."""

from __future__ import annotations

import json

from parallax.reader.comparison.engine import compare
from parallax.reader.facts.extract import compare_facts
from parallax.reader.ingest.article import from_text
from parallax.reader.model import Article

# Paragraphs written for this test, each about another story; many give figures for the
# same kinds of things (people, percent, millions, votes) without meaning the same quantity.
LEFT_STORIES = [
    "At least 12 people were killed when floods swept through villages in the north of Kerala on "
    "Sunday, officials said. Rescue teams pulled 40 people from the water near Kochi, and more than "
    "3,000 residents spent the night in school buildings turned into shelters.",
    "The central bank raised its main rate by 0.5 percentage points to 4.25%, its ninth increase in "
    "a row. Governor Andrew Bailey said inflation of 10.1 percent was still far too high and that "
    "households would feel the squeeze for at least 18 months.",
    "Lawmakers in Canberra voted 82-61 to pass the climate bill after a marathon sitting. The law "
    "commits Australia to cutting emissions by 43 percent by 2030, a target the opposition called "
    "reckless and the Greens called timid.",
    "Shares in the carmaker fell 7% after it recalled 340,000 vehicles over a faulty brake sensor. "
    "The company said it had received 27 reports of minor crashes but no injuries, and that repairs "
    "would cost about $120 million.",
    "A magnitude 6.1 earthquake struck off the coast of Sumatra early on Thursday, shaking buildings "
    "in Padang for nearly a minute. The geological agency said there was no tsunami threat; two "
    "people were treated for cuts in hospital.",
    "The festival sold 95,000 tickets in under an hour, organisers said, with prices starting at "
    "£280. Fans complained that the booking site crashed repeatedly and that resale listings "
    "appeared within minutes at four times the price.",
    "Teachers in Ontario began a three-day strike after talks over pay broke down. The union is "
    "asking for an 11.5 percent raise over four years; the province has offered 2 percent a year "
    "and says the strike will keep 800,000 pupils at home.",
    "The museum returned 29 bronze sculptures to Nigeria in a ceremony in Abuja. Curators said the "
    "pieces had been taken from Benin City in 1897 and had spent more than a century in storage "
    "rooms in London.",
    "Wildfires have burned 1.2 million hectares in Quebec this season, forcing 25,000 people from "
    "their homes. Firefighters from France and Portugal arrived on Monday to relieve crews who have "
    "worked 14-hour shifts for weeks.",
    "The city council approved a budget of $4.7 billion, including 300 new police officers and a "
    "freeze on transit fares. Councillor Maria Lopez voted against it, saying libraries had lost "
    "funding for the third year running.",
    "A cargo ship carrying 2,000 containers ran aground in the Suez Canal, blocking traffic for six "
    "hours. The canal authority said 35 vessels were delayed and that tugs freed the ship at high "
    "tide without damage to the banks.",
    "The tennis champion won her fourth title in Melbourne, beating her rival 6-4, 7-5 in a final "
    "watched by 15,000 spectators. She said she had played through a shoulder injury for most of "
    "the fortnight.",
]
RIGHT_STORIES = [
    "Five people were killed and 18 injured when a bus plunged into a ravine in the Andes, police "
    "in Peru said. The driver had been at the wheel for 11 hours, according to the transport "
    "ministry, which suspended the operator's licence.",
    "Unemployment in Spain fell to 12.3 percent in the second quarter, the lowest in 15 years, "
    "helped by a record tourist season. Economists warned that 40 percent of new contracts were "
    "temporary and that wages had risen less than prices.",
    "The Senate in Washington voted 97-1 to approve the nomination, with one Republican opposing. "
    "The new ambassador will take charge of an embassy of 1,400 staff and a budget of $310 million.",
    "Rail workers in Britain staged a 48-hour walkout, cancelling 80 percent of services. The union "
    "said it had been offered a raise of 5 percent, below inflation, and that 40,000 members had "
    "voted to strike.",
    "Scientists counted 1,600 nesting turtles on the beaches of Costa Rica this year, up from 900 a "
    "decade ago. Volunteers patrol the sand at night to keep poachers away from the eggs, which hatch "
    "after about two months.",
    "The airline will buy 150 new jets worth $14 billion at list prices, it said on Wednesday. Chief "
    "executive Tom Larsen said demand for flights to Asia had returned to 2019 levels.",
    "Voters in Switzerland rejected a proposal to ban factory farming, with 63 percent voting no. "
    "Turnout was 52 percent. Farmers' groups had argued that the measure would raise meat prices by "
    "a fifth.",
    "A heatwave pushed temperatures to 46 degrees in parts of Pakistan, and hospitals in Karachi "
    "reported 230 cases of heatstroke in a single day. Authorities closed schools for a week and "
    "asked people to stay indoors at midday.",
    "The software company laid off 1,800 employees, about 9 percent of its workforce, citing slower "
    "growth. Severance will cost $95 million, and the firm expects to save $400 million a year.",
    "Archaeologists in Egypt uncovered a tomb near Saqqara holding 20 wooden coffins sealed for 2,500 "
    "years. The antiquities ministry said the painted lids were among the best preserved ever found.",
    "The football club sacked its manager after seven defeats in ten games left the team 18th in the "
    "table. He had signed a three-year contract only in June, and his dismissal will cost the club "
    "about €12 million in compensation.",
    "Police in Sydney arrested 23 people after protesters blocked a coal port for two days. The "
    "port operator said 14 ships had been unable to load, and a court fined the organisers "
    "A$50,000.",
]


def _words(text: str) -> int:
    return len(text.split())


def test_unrelated_long_documents_give_at_most_one_conflict_per_10000_words():
    left = "\n\n".join(LEFT_STORIES * 3)  # repeated: a long document of these stories
    right = "\n\n".join(RIGHT_STORIES * 3)
    words = _words(left) + _words(right)
    facts = compare_facts(from_text(left), from_text(right))
    conflicts = [f for f in facts if f.status == "conflict"]
    assert len(conflicts) <= words / 10_000, [(f.value, f.reason) for f in conflicts]
    assert len([f for f in facts if f.kind == "number"]) > 40  # the figures are there, as one-sided facts
    # and through the whole comparison
    c = compare(from_text(left), from_text(right))
    assert len([f for f in c.facts if f.status == "conflict"]) <= words / 10_000


def test_the_same_quantity_conflicts_with_its_reason():
    left = from_text("Twelve people were killed when floods swept through villages in Kerala on Sunday.")
    right = from_text("Nineteen people were killed when floods swept through villages in Kerala on Sunday.")
    (f,) = [f for f in compare_facts(left, right) if f.status == "conflict"]
    assert f.value == "12 people vs 19 people" and "aligned passages" in f.reason
    assert json.loads(json.dumps(f.to_dict()))["reason"] == f.reason


def test_a_figure_in_a_shared_quotation_conflicts():
    left = from_text("“We have lost 40 soldiers this week and we will not retreat,” the general told reporters.")
    right = from_text("The army chief later spoke again. “We have lost 60 soldiers this week and we will not "
                      "retreat,” he said.")
    conflicts = [f for f in compare_facts(left, right, ()) if f.status == "conflict"]
    assert [f.value for f in conflicts] == ["40 soldiers vs 60 soldiers"]


def test_one_sided_figures_have_no_reason():
    for f in compare_facts(from_text("Ten people were hurt."), from_text("The bridge reopened.")):
        assert f.reason == ""


def test_figures_for_different_things_in_one_story_do_not_conflict():
    left = from_text("Russia has massed 94,000 troops near the border, Ukraine said. Biden spoke to Putin.")
    right = from_text("Russia held drills with 10,000 troops in Crimea last month. Biden spoke to Putin.")
    assert not [f for f in compare_facts(left, right) if f.status == "conflict"]


def test_flipped_comparison_keeps_the_reason():
    c = compare(Article(text="Twelve people were killed when floods swept through villages in Kerala."),
                Article(text="Nineteen people were killed when floods swept through villages in Kerala."))
    (f,) = [f for f in c.facts if f.status == "conflict"]
    assert f.reason and c.swapped().facts[c.facts.index(f)].reason == f.reason
    # more than 12 and more than 19 can both be true: no conflict
    c = compare(Article(text="At least 12 people were killed when floods swept through villages in Kerala."),
                Article(text="At least 19 people were killed when floods swept through villages in Kerala."))
    assert not [f for f in c.facts if f.status == "conflict"]
