"""Speakers of quotations that the finder got wrong or missed (issue #13, "Quotes and
speakers"): adverbs between a speaker and the verb, pronouns after "to which", described
speakers ("Nichols' mother"), labels and announced statements.  Every sentence is made up."""

from __future__ import annotations

import pytest

from parallax.reader.facts.extract import find_quotes
from parallax.reader.ingest.article import from_text


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in find_quotes(from_text(text))]


@pytest.mark.parametrize("text, speaker", [
    ("Maria Kessler ran the bakery for years. She once said, “Bread is the only thing that never lies.”",
     "Maria Kessler"),
    ("Maria Kessler ran the bakery for years. “Bread is the only thing that never lies,” she once said.",
     "Maria Kessler"),
    ("Maria Kessler ran the bakery for years. “Bread is the only thing that never lies,” she reportedly "
     "told friends.", "Maria Kessler"),
    ("Tom Weld spoke first. “Bread is the only thing that never lies,” Weld previously said.", "Tom Weld"),
    ("Judge Ann Brill heard the case. The judge later told the court: “Bread is the only thing that never "
     "lies.”", "Ann Brill"),
])
def test_an_adverb_between_the_speaker_and_the_verb_is_no_speaker(text, speaker):
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize("text, speakers", [
    # "she" after "to which" is whom the text names before by her sex, not the speaker she answers
    ("Anna Lind chaired the meeting. She gave the floor to Tom Reeves. “Where did the money go this year?” "
     "Reeves asked, to which she replied, “Every cent is in the report.”", ["Tom Reeves", "Anna Lind"]),
    ("Tom Reeves asked the mayor about the budget. “Where did the money go?” Reeves said. The mayor, "
     "Anna Lind, was calm. To which she replied: “Every cent is in the report.”", ["Tom Reeves", "Anna Lind"]),
    # ... and when the text names no one else before it, no one (not the speaker she answers)
    ("Tom Reeves asked about the budget. “Where did the money go this year?” Reeves asked. "
     "To which she replied, “Every cent is in the report.”", ["Tom Reeves", None]),
    # "which she called" in the sentence naming her: she is that name
    ("Tom Reeves chaired the meeting. Anna Lind asked about the budget, which she called “a mess from "
     "start to finish.”", ["Anna Lind"]),
])
def test_a_pronoun_after_to_which_does_not_inherit_the_last_speaker(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speakers", [
    # a name's possessive and a noun: the one it names speaks, not the name, and "she" after it is her
    ("Brian Nichols was sentenced on Friday. “He was never a violent child at home,” Nichols' mother said. "
     "“I still pray for the families,” she said.", ["Nichols' mother", "Nichols' mother"]),
    ("Brian Nichols was sentenced on Friday. Nichols’ mother told the court: “He was never a violent child.”",
     ["Nichols’ mother"]),
    ("Tom Hale was killed. “He loved that road more than anything,” said Hale's sister.", ["Hale's sister"]),
    ("Tom Hale was killed in the crash. “He loved that road more than anything,” the victim's father told "
     "reporters.", ["victim's father"]),
    # a possessive pronoun stays in the label: his wife, not anyone's wife
    ("Tom Hale was killed in the crash. “He loved that road more than anything,” his wife said outside the "
     "court. “He drove it every day,” she said.", ["his wife", "his wife"]),
    ("Ms. Lane left the clinic because “she was not happy with the place,” her father said.", ["her father"]),
])
def test_a_possessive_and_a_noun_describe_the_speaker(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speakers", [
    # a job's abbreviation in capitals is a title before a person's name ...
    ("Red Sox GM Theo Epstein spoke. “We're being aggressive on players that we like,” Epstein said.",
     ["Theo Epstein"]),
    ("Fulton County DA Paul Howard spoke. “We will seek the death penalty,” Howard said.", ["Paul Howard"]),
    ("Assistant district attorney Gail Fairman spoke. “She returned like a grim reaper,” says ADA Fairman.",
     ["Gail Fairman"]),
    # ... not a body's name, nor a first name written like it
    ("GM Korea cut jobs in South Korea. “We are being aggressive on costs,” said GM Korea.", ["GM Korea"]),
    ("Ada Louise Huxtable wrote the review. “It is a building without a soul,” Huxtable said.",
     ["Ada Louise Huxtable"]),
    # a speaker known by a number keeps it
    ("Two jurors spoke. “Everyone was respectful,” said Juror No. 8, one of six women on the panel. "
     "“We were able to state our opinions.”", ["Juror No. 8", "Juror No. 8"]),
    ("“Everyone was respectful on the panel,” Juror No. 8 said.", ["Juror No. 8"]),
    # a number alone labels no one
    ("Neighbours heard screams. One said: “I heard screaming in the early hours of the day.”", [None]),
    ("Sources are betting he will return. “Everybody will end up unhappy in their own way,” says one.", [None]),
    ("“I heard screaming in the early hours,” one neighbour said.", ["one neighbour"]),
])
def test_labels_of_titles_numbers_and_abbreviations(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speakers", [
    # "His exact words:" before a quotation paragraph: he is whom the text named (not the body before the title)
    ("Red Sox owner Tom Hall has said, in so many words, that the team will not sign him.\n\nHis exact words:\n\n"
     "“We met with him and were very much impressed.\n\nIt seems clear that we are not going to be a factor.”"
     "\n\nMore later.", ["Tom Hall", "Tom Hall"]),
    ("Ann Lee has run the bakery for twenty years.\n\nHer words:\n\n“We will open again as soon as we can.”",
     ["Ann Lee"]),
    # a paragraph ending with a verb of saying and no mark introduces the next as a colon does
    ("The bakery burned down on Friday night.\n\nAnn Lee has run it for twenty years. Asked about the fire, "
     "she said\n\n“We will open again as soon as we can.”\n\nNo one was hurt.", ["Ann Lee"]),
    # ... not a paragraph that ends otherwise
    ("The bakery burned down on Friday night.\n\nAnn Lee has run it for twenty years, and nothing was "
     "said\n\n“We will open again as soon as we can.”\n\nNo one was hurt.", [None]),
])
def test_a_paragraph_introducing_the_quotation_after_it(text, speakers):
    assert [q.speaker for q in find_quotes(text)] == speakers


@pytest.mark.parametrize("text, speakers", [
    # a sentence announcing a statement right before a quotation paragraph: the statement's voice speaks it
    ("Five women were inside.\n\nGovernor Ann Palin visited the church on Saturday and her office later "
     "released a statement.\n\n“The governor stopped by the church this morning.\n\nShe has faith in the "
     "scriptural passage.”\n\nPalin is in Juneau today.", ["Ann Palin", "Ann Palin"]),
    ("Ann Palin visited the church on Saturday.\n\nHer office later released a statement.\n\n“The governor "
     "stopped by the church this morning.”\n\nPalin is in Juneau today.", ["Ann Palin"]),
    # ... not a sentence naming no one as its subject
    ("Ann Palin visited the church on Saturday.\n\nThe ministry read a statement.\n\n“The governor stopped "
     "by the church this morning.”\n\nPalin is in Juneau today.", [None]),
])
def test_a_statement_announced_before_a_quotation_paragraph(text, speakers):
    assert [q.speaker for q in find_quotes(text)] == speakers


@pytest.mark.parametrize("text, speakers", [
    # a paragraph giving a document's author before a colon: the author speaks the quotation after it
    ("Scientists wrote to the ministry.\n\nBelow is a statement by Ann Lee, director of the program:\n\n"
     "“The new rules undermine the law.\n\nThere is much more to be done.”", ["Ann Lee", "Ann Lee"]),
    ("Scientists wrote to the ministry.\n\nHere is a letter from Tom Hall:\n\n“The new rules undermine the law.”",
     ["Tom Hall"]),
    # ... not a document of no one named
    ("Scientists wrote to the ministry.\n\nBelow is a statement on the new rules:\n\n“The new rules undermine "
     "the law.”", [None]),
])
def test_a_documents_author_before_a_colon_speaks(text, speakers):
    assert [q.speaker for q in find_quotes(text)] == speakers


@pytest.mark.parametrize("text, speakers", [
    # a description before a colon is the person tied to it who spoke, past another it was tied to
    ("Judge Ann Brill sentenced him. “We have learned a lot from this,” said Brill.\n\nHe killed Judge Tom "
     "Hall in 2005.\n\nThe judge offered advice for the guards who will handle Kerr:\n\n“Do not trust him "
     "ever again.”", ["Ann Brill", "Ann Brill"]),
    # ... and no one when the judge tied to it never spoke
    ("He killed Judge Tom Hall in 2005.\n\nThe judge had advice for anyone who deals with Kerr:\n\n“Do not "
     "trust him ever again.”", [None]),
])
def test_a_description_before_a_colon_is_a_person_who_spoke(text, speakers):
    assert [q.speaker for q in find_quotes(text)] == speakers
