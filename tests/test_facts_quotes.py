"""Quotations and their speakers: quotations over paragraphs, speakers named by a
description ("the 29-year-old"), documents that speak ("the statement said")."""

from __future__ import annotations

import pytest

from parallax.reader.facts.extract import find_quotes, quote_spans
from parallax.reader.ingest.article import from_text


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in find_quotes(from_text(text))]


@pytest.mark.parametrize("text, speakers", [
    # the speaker named after the last part speaks the first too
    ("The strike went on.\n\n“We will not give up the fight for fair pay.\n\n"
     "“We have fought for years and we will go on,” said Ann Lee.", ["Ann Lee", "Ann Lee"]),
    # ... named before the first, the parts after it
    ("Ann Lee said: “We will not give up the fight for fair pay.\n\n“We have fought for years.\n\n"
     "“We will go on.”", ["Ann Lee", "Ann Lee", "Ann Lee"]),
    # ... or the quotation goes on from another's attribution in the first paragraph
    ("“We are tired,” Ann Lee said. “But we will not give up the fight.\n\n“We have fought for years.”",
     ["Ann Lee", "Ann Lee", "Ann Lee"]),
    # straight quotes, as many captures write them
    ('"We will not give up the fight for fair pay.\n\n"We have fought for years," said Ann Lee.',
     ["Ann Lee", "Ann Lee"]),
])
def test_a_quotation_over_paragraphs_is_one_speakers(text, speakers):
    assert _speakers(text) == speakers


def test_the_parts_of_a_quotation_over_paragraphs_end_with_their_paragraphs():
    text = "“We will not give up.\n\n“We have fought for years,” said Ann Lee."
    a = from_text(text)
    assert [a.text[s:e] for s, e in quote_spans(a.text)] == ["“We will not give up.", "“We have fought for years,”"]
    first = find_quotes(a)[0]
    assert first.inner.slice(a.text) == "We will not give up." and first.words == 5


@pytest.mark.parametrize("text", [
    # a paragraph that does not open with a quotation mark does not go on with one
    "“We will not give up the fight.\n\nThe strike went on for weeks, said Ann Lee.",
    # a closing mark after a comma opens nothing (`…received, " SEACOM said`)
    'Repairs will start once permits are received, " the company said.\n\n"The outage is over."',
])
def test_an_unclosed_quotation_mark_opens_no_part(text):
    a = from_text(text)
    assert [a.text[s:e] for s, e in quote_spans(a.text)] == [s for s in ['"The outage is over."'] if s in text]


def test_a_straight_quotation_mark_may_close_with_a_curly_one():
    # as some captures write them: closed there, not a part going on into the next paragraph
    text = 'Matt Goodman spoke. "It spread to the roof, ” he said.\n\n"We saved the store."'
    a = from_text(text)
    assert [a.text[s:e] for s, e in quote_spans(a.text)] == ['"It spread to the roof, ”', '"We saved the store."']
    assert _speakers(text) == ["Matt Goodman", "Matt Goodman"]


@pytest.mark.parametrize("text, parts, speakers", [
    # written one sentence a line, a quotation of two sentences: the line that closes it
    # carries the attribution, and the next quotation goes on with that speaker
    ("Fire chief James Steele spoke on Monday.\n\n" '" It\'s hard to say at this point.\n\n'
     'Everything is just speculation, " he said.\n\n"We have no information on intent or motive."',
     ['" It\'s hard to say at this point.', 'Everything is just speculation, "',
      '"We have no information on intent or motive."'], ["James Steele"] * 3),
    # ... a line with no mark between a line opening a quotation and one opening a mark again
    ('Greek prime minister George Papandreou spoke.\n\nHe added: "We will stand by the families.\n\n'
     'This is the least we can do.\n\n"To those who mourn we say that the killers will be found."',
     ['"We will stand by the families.', "This is the least we can do.",
      '"To those who mourn we say that the killers will be found."'], ["George Papandreou"] * 3),
    # a straight mark after a colon opens a quotation, a space after it or not
    ('A statement from Waitrose said: " Damage to the building is extensive.\n\n"The store will be rebuilt soon."',
     ['" Damage to the building is extensive.', '"The store will be rebuilt soon."'], ["Waitrose"] * 2),
    # a curly opening mark closed by a straight one
    ('Paul Henry spoke.\n\n“ The bad news is that this is a very wide patch, " he says.\n\n"And more bad news: '
     'users are at risk.”', ['“ The bad news is that this is a very wide patch, "', '"And more bad news: users are at risk.”'],
     ["Paul Henry"] * 2),
    # marks spaced off the words, as tokenised corpora write them: the mark before the full
    # stop closes the quotation; it opens none that runs into the next lines
    ('Her agent Mark Roesler said: "Bettie Page passed away in a Los Angeles hospital".\n\n'
     '" She captured the imagination of a generation...\n\nShe is the embodiment of beauty ".\n\n'
     'Hugh Hefner was reported as saying about Page:\n\n"I think that she was a remarkable lady".',
     ['"Bettie Page passed away in a Los Angeles hospital"', '" She captured the imagination of a generation...',
      'She is the embodiment of beauty "', '"I think that she was a remarkable lady"'], None),
])
def test_a_quotation_written_one_sentence_a_line(text, parts, speakers):
    a = from_text(text)
    assert [a.text[s:e] for s, e in quote_spans(a.text)] == parts
    if speakers is not None:
        assert _speakers(text) == speakers


@pytest.mark.parametrize("text", [
    # more lines with no mark than one paragraph's sentences
    '"We will not give up.\n\nThe strike went on.\n\nThe union met.\n\nTalks failed.\n\nIt ended, " said Ann Lee.',
    # a line whose mark may open a quotation as well as close one
    '"We will not give up.\n\nThe strike went on, " she said, " and on."',
])
def test_a_quotation_goes_on_over_few_lines_with_no_mark(text):
    a = from_text(text)
    assert all("\n" not in a.text[s:e] and a.text[s] in "\"“" for s, e in quote_spans(a.text))


@pytest.mark.parametrize("text, speaker", [
    # a name and its apposition between commas before the verb
    ("Gill Sandford, dean of the Faculty of Creative Industries, said: “The staff are very sad.”", "Gill Sandford"),
    ("Chela Ortiz, who married the deputy weeks before, told him in a firm voice, “You did not break us.”",
     "Chela Ortiz"),
    ("Speaking to reporters, Rajesh Chharia, president of the ISP Association, said: “We are worst hit.”",
     "Rajesh Chharia"),
    # a description, then the name
    ("Her spokesman, Bill McAllister, said, “Whatever the motives of the arsonist, we pray.”", "Bill McAllister"),
    # the subject opening the sentence speaks with a verb after a comma
    ("Greek prime minister George Papandreou condemned the killings, saying: “A demonstration is one thing.”",
     "George Papandreou"),
    ("Beat writer Larry Holder puts this in a one liner, saying Bush “could sit out the final two games.”",
     "Larry Holder"),
    ("But Richard Ben-Veniste, a key lawyer, said Felt showed that “whistle-blowers matter a great deal.”",
     "Richard Ben-Veniste"),
    # ... not a place after a preposition
    ("Police in Athens arrested a man, saying he had “thrown the first bomb at them”.", None),
])
def test_a_speaker_before_a_comma_and_the_verb(text, speaker):
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize("text, speaker", [
    # a document speaks for the source it names, or the one the text names as its source
    ("“We will respond to any move,” a statement from Acme Corp said.", "Acme Corp"),
    ("“Greece has surrendered itself to flames,” said an editorial in the daily Eleftheros Typos.",
     "Eleftheros Typos"),
    ("“We will respond,” said a statement from the Kremlin press office on Monday.", "Kremlin"),
    ("Sarah Palin spoke on Friday. Palin released a statement after the fire.\n\n"
     "“We are all very sad today,” the statement said.", "Sarah Palin"),
    ("The White House released a statement on Friday. “We are sad about this,” a statement reads.",
     "White House"),
    ("Phone lines were cut on Friday, France Telecom said.\n\n“The causes of the cut remain unclear,” "
     "a statement said.", "France Telecom"),
    # in a sentence naming a document, the name before its verb of saying is the source, else
    # the sentence's first name: not the name nearest the quotation
    ("In a statement, the White House said Biden “voiced concern” on behalf of the US and its allies.\n\n"
     "“The two presidents tasked their teams to follow up,” the statement said.", "White House"),
    ("On Tuesday, Moscow issued a statement about Kyiv.\n\n“We reject the claims entirely,” the statement said.",
     "Moscow"),
    # ... else no one: not a person merely named before, nor the last speaker
    ("“We are sad about this,” a statement reads.", None),
    ("Detective John Smith arrested Tom Jones on Monday. “The suspect is in custody now,” the statement said.",
     None),
    ("“It was a long night,” said Ann Lee.\n\nThe fire was out by noon.\n\n"
     "The shot had only “creased his head badly,” according to reports at the time.", None),
    # a thing that speaks through a relative pronoun is no one named before it
    ("“We won,” said Ann Lee. Police released a letter he wrote to the girl's mother that reads, "
     "“I am so sorry for what the gun did.”", None),
    # "from 1998" names no one: not the last speaker either
    ("“We won,” said Ann Lee. A handbook from 1998 described the consultations as “some of the most "
     "valuable tools.”", None),
])
def test_a_document_speaks_for_its_source_or_no_one(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a description the text ties to a person named before: a title written onto the name ...
    ("Superior Court Judge James Bodiford sentenced Brian Nichols. “If there was any more I could give you, "
     "I would,” the judge said.", "James Bodiford"),
    ("Former Sen. Bob Kerrey spoke to the crowd. Ann Lee agreed. “I am very happy today,” the former senator said.",
     "Bob Kerrey"),
    ("Judge Jack B. Weinstein of Federal District Court reflected on his career.\n\n"
     "“He is a shadow of his former self,” the judge said.", "Jack B. Weinstein"),
    # ... in the apposition after it, or an age
    ("Bob Kerrey, the former senator from Nebraska, spoke. Ann Lee agreed. “I am very happy today,” "
     "the former senator said.", "Bob Kerrey"),
    ("Sam Jones, 29, won the race.\n\nAnn Lee came second.\n\n“I am very happy today,” the 29-year-old said.",
     "Sam Jones"),
    ("29-year-old Trevor Immelman won. Ann Lee agreed. “I am very happy today,” the 29-year-old said.",
     "Trevor Immelman"),
    # an age tied to no one is the person "he" or "she" would be
    ("Masters champion Trevor Immelman has become a life member of the tour.\n\n"
     "“I actually have goosebumps thinking about this,” said the 29-year-old.", "Trevor Immelman"),
    # a title tied to no one, or someone not described ("a 29-year-old"), stays a description
    ("Acme Corp fired Ann Lee. “I am very happy today,” the spokeswoman said.", "spokeswoman"),
    ("Ann Lee spoke. “I am very happy today,” a 29-year-old said.", "29-year-old"),
    ("Superior Court Judge James Bodiford sentenced Brian Nichols. “I am very happy today,” the senator said.",
     "senator"),
])
def test_a_speaker_described_is_the_person_the_text_gave_that_description(text, speaker):
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize("text, speaker", [
    # a name and an apposition without an article between commas, then the verb
    ("“We are treating it as suspicious,” James Steele, chief of the Central Mat-Su Fire Department, told "
     "the newspaper.", "James Steele"),
    ("“This is a serious flaw,” Dana Tamir, director at security company Trusteer, told the BBC.", "Dana Tamir"),
    ("“The secret lasted this long,” Ben Bradlee, who oversaw almost 400 stories on Watergate when he was "
     "the Washington Post executive editor, said after the revelations.", "Ben Bradlee"),
    # a person's body and titles before the name, and an abbreviation's dot on the way to the verb
    ("“It is not a licensed center,” California Department of Alcohol and Drug Program deputy director "
     "Millicent Tidwell told The Post.", "Millicent Tidwell"),
    ("“We have no idea what caused it,” the Rev. Larry Kroon of the Wasilla Bible Church told CNN.",
     "Larry Kroon"),
])
def test_a_speaker_far_before_the_verb_after_a_quotation(text, speaker):
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize("text, speaker", [
    # an abbreviation's dot, or one inside brackets, ends no sentence before the verb
    ("Committee Chairman Rep. Edward Markey (D-Mass.) said the rules showed the administration was "
     "“determined to wreak as much havoc as possible.”", "Edward Markey"),
    ("The police commissioner, Raymond W. Kelly, said Tuesday that the police had interviewed witnesses, "
     "“two of which say that the officers shouted.”", "Raymond W. Kelly"),
    # a party and state in brackets is no part of the name
    ("House Natural Resources Committee Chairman Nick J. Rahall II (D-W.Va.), who sought to overturn the "
     "rule, called the announcement “one more indication of change for the better.”", "Nick J. Rahall II"),
    # "and said" after no other verb of saying: the sentence's subject, or no one
    ("Mozilla patched Firefox. It is also reissuing calls for users to upgrade from Firefox 2.0 to Firefox 3.0 "
     "as soon as possible and said it is “not planning any further security updates”.", None),
    # a pronoun right before the verb speaks, not a name before it
    ("In 1991, intrigued by S and M fashion gone mainstream, I wrote a cover story, “In Search of Bettie "
     "Page.”", None),
    # a passive verb of saying: the one described does not speak
    ("Tom LaRue came to Washington in 1969 and was described in a Washington Post profile as a mumbling "
     "“Faulknerian character who sought anonymity.”", None),
])
def test_a_speaker_before_the_quotation_in_its_sentence(text, speaker):
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize("text, speakers", [
    # a long attribution naming its speaker in its first words: the next quotation goes on with them
    ("“It is the same old lump of coal,” said Kassie Siegel, climate program director at the Center for "
     "Biological Diversity and lead author of the 2005 petition to list polar bears.\n\n"
     "“These regulations seem designed to drive the polar bear extinct.”", ["Kassie Siegel", "Kassie Siegel"]),
    # an abbreviation's dot ends no sentence in it
    ("“Felt helped establish the principle,” the prosecutor, John W. Nields, wrote in 2005.\n\n"
     "“Yet he seems not to have been aware of it.”", ["John W. Nields", "John W. Nields"]),
    # ... nor when the sentence holds another verb of saying
    ("“It was unfair,” Ann Lee said after Bob Jones, the team's captain, called the decision a disgrace.\n\n"
     "“We will appeal.”", ["Ann Lee", None]),
    # a quotation in the next paragraph, with nothing between, goes on
    ("“The fire chief arrived within a minute,” Jon Owen said.\n\n“He drove around the block.”\n\n"
     "“Within a moment, the entire roof was engulfed in flame.”", ["Jon Owen", "Jon Owen", "Jon Owen"]),
    # ... unless its own sentence goes on to a verb of saying: that one's speaker speaks it
    ("“It has nothing to do with Greece,” Van Rompuy said.\n\n“Greece is a unique case” because of its "
     "“precarious debt dynamics”, EU Commissioner Olli Rehn said.", ["Van Rompuy", "Olli Rehn", "Olli Rehn"]),
])
def test_a_quotation_goes_on_with_the_last_speaker(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speaker", [
    # the sentence before a quotation opens with its speaker and a verb of saying
    ("“It was hard,” Kenneth Dorsey told NBC10.\n\nThe plant will reopen on Monday.\n\n"
     "Dorsey said the shooting was going to be hard on everyone.\n\n“We're like family here.”", "Kenneth Dorsey"),
    ("Ann Lee spoke.\n\nShe later said the shooting was hard on everyone. “We are like family here, all of us.”",
     "Ann Lee"),
    # ... not two subjects, a passive verb, or no name
    ("Ann Lee spoke. Bob Jones spoke.\n\nLee and Jones said the shooting was hard. “We are like family here.”",
     None),
    ("Ann Lee spoke.\n\nLee was told the shooting was hard on everyone. “We are like family here.”", None),
    ("Ann Lee spoke.\n\nThe plant said it would close on Monday. “We are like family here.”", None),
])
def test_a_quotation_after_its_speakers_words_in_the_sentence_before(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a title that is also a function word opens the speaker after the verb
    ("Dana Tamir spoke. “This temporary workaround is like a bandage,” said Ms Tamir.", "Dana Tamir"),
    # a document a speaker speaks in is no owner of the speaker's phrase
    ("“We have released a security update for the browser,” said the company in a statement.", "company"),
    # more verbs of saying: testified, asks, echoed, stating
    ("“I thought it was a brick but it was a bullet,” Unique Armstead testified.", "Unique Armstead"),
    ("Nixon asks: “Somebody in the FBI, really?”", "Nixon"),
    ("“We are not confirming anything,” echoed a second representative.", "second representative"),
    # an apposition opening with a possessive name
    ("“The information we have is sketchy,” Jonathan Wright, Interoute's director of wholesale products, said "
     "in a telephone interview.", "Jonathan Wright"),
    # the subject after an opening phrase speaks with a verb after a comma
    ("Michael Hutchins spoke. On March 3, President Obama directed the departments to review it, stating that "
     "“we should be looking at ways to strengthen the act.”", "Obama"),
])
def test_more_ways_news_names_a_speaker(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # "Miss" and occupations written before a name like titles are no part of it
    ("Lawyer Michael Marinaccio, who led the defense team, said Monday that “he was very frail.”",
     "Michael Marinaccio"),
    ("Miss Rachel Bates, court clerk, said: “He is at risk of causing harm to himself.”", "Rachel Bates"),
    ("“He was very frail and the care was poor,” said defense attorney Stanley Perlo.", "Stanley Perlo"),
    # ... but a lawyer for a client is no client's voice, as a spokesman for a body is
    ("“He was very frail and the care was poor,” said a lawyer for Jackson.", "lawyer for Jackson"),
    ("“He was very frail and the care was poor,” said a spokesman for Jackson.", "Jackson"),
    # a title's whole name stays whole
    ("“I am very proud of my country today,” Miss Universe said.", "Miss Universe"),
])
def test_occupations_before_a_name_are_titles(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a paragraph ending with a colon attributes the quotation opening the next one
    ("The rules drew fire.\n\nAndrew Wetzler, director of the council's species program, was blunt:\n\n"
     "“We will see them in court.”", "Andrew Wetzler"),
    ("Dirk Kempthorne spoke to reporters.\n\nAsked if that gave him pause, he replied:\n\n"
     "“Do you think he should have left the field early?”", "Dirk Kempthorne"),
    ("The rules drew fire.\n\nHuman Rights Watch said in a report last month:\n\n"
     "“The conditions are not in place to hold a free vote.”", "Human Rights Watch"),
    # ... not a paragraph that is itself inside a quotation, nor one without a subject and verb
    ("Meyer penned a letter.\n\n“I'm sad, she wrote on her Web site, but then noted that, with Weitz:\n\n"
     "“Torches and pitchforks aren't going to be necessary.”", None),
    ("The rules drew fire.\n\nThe text of the ruling, in full:\n\n“We will see them in court.”", None),
    # the verb before the colon with its speaker after it; not the listener of "told"
    ("Page was a star.\n\nOne big difference between Page and her neighbors, said Yeager:\n\n"
     "“She felt more comfortable in the nude than in clothes.”", "Yeager"),
    ("The vice president of the union, Elias Vrettakos, told Sky News: “The measures abolish our rights.”",
     "Elias Vrettakos"),
])
def test_a_paragraph_ending_with_a_colon_attributes_the_next(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # "he" opening the clause before the verb speaks, not a capitalised word before it
    ("Barack Obama spoke in Chicago. Later he said “we will win this fight together.”", "Barack Obama"),
    ("Barack Obama spoke in Chicago. Asked about it, he said “we will win this fight together.”", "Barack Obama"),
    # ... not inside a relative clause
    ("James Steele spoke. Larry Kroon said the church, which he described as “just a local community church,” "
     "is old.", "Larry Kroon"),
])
def test_he_opening_the_clause_before_the_verb(text, speaker):
    assert _speakers(text)[0] == speaker


@pytest.mark.parametrize("text, speaker", [
    # "the paper said" speaks as the body the text called a paper (or a daily) before
    ("Centre-left daily Eleftherotypia warned of unrest. “If nothing is done, the anger will sweep everything "
     "away,” the paper said.", "Eleftherotypia"),
    ("Researchers at software security firm Trend Micro found it. “We have released a fix for the flaw,” "
     "said the company in a statement.", "Trend Micro"),
    ("Portugal Telecom SGPS SA, Portugal's biggest phone company, redirected traffic. “The impact on our "
     "customers is very small,” the company said.", "Portugal Telecom SGPS"),
    # ... not a person a body's word stands before, and not a body of another kind
    ("Company spokesman Frank Shaw spoke. “We have released a fix for the flaw,” the company said.", "company"),
    ("Centre-left daily Eleftherotypia warned of unrest. “We have released a fix for the flaw,” the company "
     "said.", "company"),
    # a body named only as a sentence's subject, which the text has say something: the one such body
    ("Microsoft has rushed out a fix for Internet Explorer.\n\nMicrosoft said the flaw affects every version "
     "of the browser on computers that run Microsoft software.\n\n“We will protect our customers,” the "
     "company said in an advisory.", "Microsoft"),
    ("Microsoft has said it fixed the flaw that hit Microsoft software.\n\nAnn Lee, a researcher, said attacks "
     "were rare.\n\n“We will protect our customers,” said the company.", "Microsoft"),
    # ... not when two bodies open sentences, one opens with another, or the text never has it say anything
    ("Microsoft has said it fixed the flaw that hit Microsoft software.\n\nGoogle released its own patch for "
     "Google Chrome.\n\n“We will protect our customers,” the company said.", "company"),
    ("Microsoft and Google released patches for Microsoft and Google software.\n\n“We will protect our "
     "customers,” the company said.", "company"),
    ("Microsoft has rushed out a fix for Microsoft software.\n\n“We will protect our customers,” the company "
     "said.", "company"),
    # ... nor a person (the surname of a name given in full) or a place (a name after "in")
    ("Barack Obama spoke.\n\nObama said the plan would work.\n\n“We will protect our people,” the agency "
     "said.", "agency"),
    ("Athens said little to the crowds in Athens.\n\n“We will protect our customers,” the company said.",
     "company"),
])
def test_the_company_said_speaks_as_the_body_the_text_named(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speakers", [
    # a partial quotation closing its clause, its attribution right after it at the sentence's end
    ("Lohan left because “she was not happy with the place,” her father said.", ["her father"]),
    ("The deal was “a disaster for all the workers”, Smith said on Monday.", ["Smith"]),
    ("Lohan left because “she was not happy with the place,” her father said on Monday.", ["her father"]),
    # ... not a verb with more after it
    ("LaRue was identified as “Deep Throat,” the shadowy character believed to have helped.", [None]),
    # ... not words the sentence gives to someone before it
    ("He called it “a tragedy for the whole town,” the police said.", [None]),
    # "when asked" inside a long attribution is no second speaker's verb: the next quotation goes on
    ("“It is a disaster for the workers,” John Smith said when asked whether the company would appeal the "
     "ruling issued by the court in Boston on Monday. “We will fight it all the way.”", ["John Smith", "John Smith"]),
    # ... another verb there still ends it
    ("“It is a disaster for the workers,” said John Smith, a union leader in Boston, who was told by Ann Lee "
     "that the company would appeal the ruling on Monday. “We will fight it all the way.”", ["John Smith", None]),
])
def test_partial_quotations_and_when_asked(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speakers", [
    # a transcript's label: the name before the colon, without the role after a slash
    ("Public defender Peter Lynch spoke to the jury on Monday.\n\nPeter Lynch/Timmons' Attorney: “I'm not going "
     "to be offering any comments.”", ["Peter Lynch"]),
    ("The tapes captured Bob Haldeman telling Nixon that Felt was the source.\n\nHaldeman: “Yes, sir. If we move "
     "on him, he'll go out and unload everything.”", ["Bob Haldeman"]),
    # ... in capitals, as transcripts write them; "Q:" names no one
    ("President Barack Obama met reporters.\n\nOBAMA: “We will not back down on this.”\n\nQ: “Will you run "
     "again next year?”", ["Barack Obama", None]),
    # ... only a name the text gives elsewhere: a label of another kind is no speaker
    ("Mayor Ann Lee spoke.\n\nUpdate: “We will not back down on this at all.”", [None]),
])
def test_a_transcripts_label_names_the_speaker(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speaker", [
    # the agent of a passive verb of saying speaks, not the one described
    ("For the man described by The New York Times Magazine as “the last great Mafioso of the century,” it was "
     "the end.", "New York Times Magazine"),
    ("Gigante was described by The New York Times Magazine as “the last great Mafioso of the century.”",
     "New York Times Magazine"),
    ("John Smith, who was told by Ann Lee that “the company would appeal the ruling,” left.", "Ann Lee"),
    # ... none when the agent is no name
    ("For the man described by many as “the last great Mafioso of the century,” it was the end.", None),
])
def test_the_agent_of_a_passive_verb_speaks(text, speaker):
    assert _speakers(text)[0] == speaker


@pytest.mark.parametrize("text, speaker", [
    # the object of a verb before the verb of saying is no speaker; the sentence's subject is, when named or
    # described by a title
    ("A government official downplayed the unrest saying that “for years there have been strikes here.”",
     "government official"),
    ("A crowd downplayed the unrest saying that “for years there have been strikes here.”", None),
    ("Ann Lee downplayed the unrest saying that “for years there have been strikes here.”", "Ann Lee"),
    # ... a description that opens its clause still speaks
    ("Other union leaders have called the cuts “savage attacks on workers' rights”.", "leaders"),
    ("The clinic shut its doors as the spokesman said “she was not happy with the place”.", "spokesman"),
])
def test_the_object_of_a_verb_is_no_speaker(text, speaker):
    assert _speakers(text)[0] == speaker


@pytest.mark.parametrize("text, speaker", [
    # the attribution ending the sentence, more of its words between it and the quotation
    ("“Everyone must remain extremely vigilant” to this risk, Strauss-Kahn said in an interview on Wednesday.",
     "Strauss-Kahn"),
    ("The meeting will not result in a “take it or leave it for good” scenario, a source said.", "source"),
    ("The cuts stopped the flow of “data of various kinds” between Europe and Asia, said Sanjeev Gaur, "
     "director of assurance at Reliance.", "Sanjeev Gaur"),
    ("“Dissolution of the corporation has taken four years,” Robert McFarlane, an assistant attorney general "
     "said Tuesday.", "Robert McFarlane"),
    # ... not the words of someone the sentence gives them to before, nor a name
    ("He called it “a tragedy for the whole town” and left, the police said.", None),
    ("Anthony “Fat Tony Salerno Junior” also died there, the newspaper said.", None),
    # ... nor a clause of its own after the verb
    ("In his book, “The Secret Man of the Story,” published after the magazine article appeared, Woodward "
     "wrote that he met Felt.", None),
    # a verb that names a thing attributes the quotation only when it names it
    ("Software giant Microsoft spoke on Monday.\n\nThe update, dubbed MS08-078, fixes a flaw that “could allow remote code "
     "execution,” the software giant said in a statement.", "Microsoft"),
    ("The senator rejected what he dubbed a “witch hunt against my family,” Smith said.", "Smith"),
    # "so-called" calls nothing: the quotation is a term the text names
    ("Ann Lee spoke.\n\nThe administration announced it would reverse the so-called “medical conscience "
     "rule of 2008” soon.", None),
    ("Ann Lee spoke.\n\nThe administration announced it would reverse the so - called “medical conscience "
     "rule of 2008” soon.", None),
])
def test_a_sentences_last_clause_attributes_its_quotation(text, speaker):
    assert _speakers(text)[-1] == speaker



@pytest.mark.parametrize("text, speaker", [
    # a conjunction or a sentence adverb opening the sentence is no part of the speaker's name
    ("Professor Ann Lee teaches economics.\n\nBut Professor Lee says there is “a deep sense of injustice here.”",
     "Ann Lee"),
    ("Tom Brook was tried in May.\n\nIronically Brook said: “I never wanted any of this to happen.”", "Tom Brook"),
    # ... nor alone a speaker
    ("Tom Brook was tried in May.\n\nAfter telling People in October that she didn't “need to do any of that "
     "anymore,” the actress checked into rehab.", None),
    # "another" is a determiner: "Another neighbour" speaks as "neighbour"
    ("Police came at dawn.\n\nAnother neighbour added: “She moved here to give her kids a better life.”",
     "neighbour"),
])
def test_a_speakers_name_without_the_words_opening_its_sentence(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a street or a place is no person "she" stands for
    ("A police spokeswoman spoke.\n\nRoads, including Elm Park Road itself, were closed for hours.\n\n"
     "She added: “The focus today is the safety of the public.”", None),
    ("Officers sealed off Oakfield Avenue overnight.\n\nShe said: “We will reopen it as soon as we can.”", None),
    # ... a person is
    ("Ann Lee walked down Oakfield Avenue.\n\nShe said: “We will reopen it as soon as we can.”", "Ann Lee"),
])
def test_a_pronoun_never_stands_for_a_street(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speakers", [
    # more verbs of saying: continued, answered, recalled, concluded, yelled, quoted as saying
    ("“He was the leader,” Tom Hall said. “He wanted the ball,” Hall continued. “He is a fighter all the way.”",
     ["Tom Hall", "Tom Hall", "Tom Hall"]),
    ("Asked again, Ann Lee quietly answered, “No, I did not see the car.”", ["Ann Lee"]),
    ("Ann Lee on Tuesday recalled screaming “Somebody help me, please.”", ["Ann Lee"]),
    ("“We will make no further payment on our notes,” Ann Lee, president of the dairy, notified the board on "
     "Aug. 1.", ["Ann Lee"]),
    ("Then a co-worker yelled, “Come on, we have to leave now!”", ["co-worker"]),
    ("“A strike is one thing and murder is quite another!” Prime Minister Tom Hall thundered.", ["Tom Hall"]),
    ("Ann Lee denied it.\n\n“Who would it have been?” she mused in an interview.\n\n“Not that many people "
     "knew what was going on.”", ["Ann Lee", "Ann Lee"]),
    ("“All links are back up as of noon,” the carrier was quoted as saying.", ["carrier"]),
    # "and he concluded": the subject opening the sentence, however long
    ("Judge Ann Lee told a packed courtroom that she had weighed every factor in the slaying of Deputy Tom Hall "
     "of the county sheriff's department in June of 2005 after a long trial, and she concluded that the case "
     "“warrants the longest sentence the law allows.”", ["Ann Lee"]),
    # a verb form after an article is an adjective, no attribution
    ("Ann Lee went to the church Saturday in case the estimated damages were “in any way connected to her "
     "campaign.”", [None]),
])
def test_more_verbs_of_saying(text, speakers):
    assert _speakers(text) == speakers


@pytest.mark.parametrize("text, speaker", [
    # a verb of saying far before the quotation, right after its subject
    ("Tom Hall spoke first.\n\nAnn Lee told a House hearing on the administration's many last-minute rules for the "
     "parks that these changes remove “a system of checks that protects the animals.”", "Ann Lee"),
    ("Ann Lee spoke.\n\nHe also said the threat led the software firm to bring every security team it has together "
     "to deliver a cure “in the unprecedented time of eight days.”", "Ann Lee"),
    # ... not in a relative clause, nor after a noun
    ("Ann Lee spoke.\n\nThe paper said Tom Hall released a statement after the fire in which he said he stopped "
     "by the church and offered his apology to the pastor “if the fire is in any way connected to him.”", None),
    # "He later wrote": the pronoun, not "He later"
    ("Ann Lee spoke.\n\nHe later wrote that the president “wanted a politician in the job.”", "Ann Lee"),
])
def test_a_verb_of_saying_far_before_the_quotation(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # the body whose person speaks is no part of the person's name
    ("“Test and deploy this update as soon as you can,” said Contoso's Ann Lee.", "Ann Lee"),
    ("Ann Lee of Contoso spoke.\n\nContoso Foods' rival said nothing. “We are shocked,” Contoso Food's Ann Lee said.",
     "Ann Lee"),
    # ... nor a ministry written after its title ("Secretary of the Interior")
    ("The rule was dropped, said Secretary of the Interior Tom Hall.\n\n“We are ensuring that species are "
     "protected,” Hall said.", "Tom Hall"),
    # ... but a body's own name keeps its owner, and a lower-case word its possessive
    ("“The outlook is negative,” said Moody's Investors Service.", "Moody's Investors Service"),
    ("Ann Lee spoke.\n\n“She is doing very well,” Lee's spokesman said.", "Lee's spokesman"),
])
def test_a_speaker_without_the_body_or_ministry_before_the_name(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # the phrase after the verb goes on over an initial, "of the" after a title, "and" between two roles
    ("“He was the cleverest man I have ever seen,” said Tom S. Hall 3rd, a former agent.", "Tom S. Hall"),
    ("“The rule lets us focus on the economy,” said Secretary of the Interior Tom Hall.", "Tom Hall"),
    ("“In July alone, they lost $300,000,” said Anchorage businessman and blogger Tom Hall.", "Tom Hall"),
    # a nationality before a lower-case noun is no name
    ("“I hope they get this sorted out quickly,” said an Egyptian blogger.", "Egyptian blogger"),
])
def test_the_speakers_phrase_after_the_verb(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # more titles before a name: a clerk, a chief technology officer, a public defender
    ("The hall was boarded up, Palmer City Clerk Ann Lee told reporters.\n\n“It is very, very sad,” Lee said.",
     "Ann Lee"),
    ("“The flaw had been disclosed a week ago,” Qualys CTO Tom Hall said in a statement.", "Tom Hall"),
    # "To which she replied": "she", not the last speaker
    ("“He is the patsy,” Tom Hall said.\n\nThe first witness was the girl's mother, Ann Lee, who fought back "
     "tears.\n\nTo which she replied, “I already know she is dead.”", "Ann Lee"),
    # "what's called" is passive: no speaker, and none carried over to the next quotation
    ("The chief put his officers through what’s called “active shooter response” training.", None),
    # a document opening the sentence speaks for its source before a comma and the verb
    ("Contoso Foods issued a statement this morning.\n\nThe statement expresses condolences to the families, "
     "saying, “This is a tragic loss for all of us.”", "Contoso Foods"),
])
def test_titles_and_subjects_that_are_no_names(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a paragraph ending with a colon and no verb of saying: its subject speaks
    ("Ann Lee was sentenced.\n\nAnn Lee had a warning for her jailers:\n\n“Do not trust anyone here.”", "Ann Lee"),
    # ... a description ("the director") only when it stands for someone who spoke before
    ("“I simply don't have the time,” director Tom Hall said.\n\nThe director denied reports that talks hit a "
     "snag.\n\n“Contrary to what has been reported, talks have gone well.”", "Tom Hall"),
    ("Judge Ann Lee was shot in 2005.\n\nThe judge had advice for anyone who deals with Tom Hall:\n\n"
     "“Do not trust him ever again.”", None),
])
def test_a_subject_before_a_colon_or_a_lead_in_speaks(text, speaker):
    assert _speakers(text)[-1] == speaker


def test_a_capitalised_title_after_the_is_the_person_given_it():
    text = ("District Attorney Tom Hall announced the charges today.\n\n“We will not let the killers go unpunished,” "
            "the District Attorney said.")
    assert _speakers(text) == ["Tom Hall"]


@pytest.mark.parametrize("text, speaker", [
    # a verb after a comma is the last speaker's only in the sentence of the last quotation or its speaker
    ("“We will fight on,” Tom Hall said.\n\nA dispatcher, Ann Lee, told reporters on Friday that the woman called "
     "the police, saying “I am the one you are looking for.”", None),
    ("“We will fight on,” Tom Hall said, adding: “We will never give up the fight.”", "Tom Hall"),
    # a name before an apposition holding commas of its own
    ("“We will fight on,” Tom Hall said.\n\nBut Ann B. Lee, the chamber's vice president of environment, technology "
     "and regulatory affairs, said that the review “will result in even greater delays to projects.”", "Ann B. Lee"),
])
def test_the_subject_before_a_comma_and_the_verb(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # "it" after a sentence whose subject says something: that subject (a document's source), not the last speaker
    ("“Stay away from the area,” Surrey Police said.\n\nA statement from Contoso said the store would be rebuilt.\n\n"
     "“We regret any inconvenience caused to the community,” it added.", "Contoso"),
    ("“Stay away from the area,” Surrey Police said.\n\nContoso Foods said the store would be rebuilt.\n\n"
     "“We regret any inconvenience caused to the community,” it added.", "Contoso Foods"),
    ("“We will win,” Ann Lee said.\n\nThe police said the road was closed.\n\n“Drivers should stay away,” they "
     "added.", "police"),
    ("Software giant Contoso shipped a fix.\n\n“We will win,” Ann Lee said.\n\nThe company said the flaw was "
     "closed.\n\n“Users should update now,” it added.", "Contoso"),
    # ... else the last speaker goes on
    ("“Stay away from the area,” Surrey Police said.\n\n“The road will reopen by noon,” it added.", "Surrey Police"),
])
def test_it_is_the_subject_that_said_something_before(text, speaker):
    assert _speakers(text)[-1] == speaker


def test_he_is_a_one_word_name_the_text_gives_after_a_title():
    text = ("President Hall signed the order today.\n\n“It will restore protections,” said Ann Lee, director of the "
            "program.\n\nHall also visited the department on Tuesday.\n\n“This is a false choice,” he told employees.")
    assert _speakers(text) == ["Ann Lee", "Hall"]


@pytest.mark.parametrize("text, speaker", [
    # "… held a knife to her throat and told her": not the object before "and", the "he" a verb follows
    ("Tom Hall, 35, was arrested.\n\nIn 2005, he was charged with assault, according to records, which indicate "
     "he grabbed her, then held a knife to her throat and told her, “You are never going to leave me.”", "Tom Hall"),
    # "he" is no one the text calls "Ms."
    ("Tom Hall, 35, was arrested.\n\nMs. Lee was the victim in that case.\n\n“I will fight this,” he said.",
     "Tom Hall"),
    # a surname two people share is given the full name only when the first one named is also the longest
    ("Tom Gomes, 35, was arrested.\n\nThe victims were Ann Lee and Catherine Gomes, 61, his mother.\n\n"
     "Mr. Gomes said: “I will fight this charge.”", "Gomes"),
])
def test_he_and_the_people_the_text_names(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a quotation after a sentence that closes with its speaker and the verb
    ("Tom Hall owns the old warehouse.\n\nThe warehouse was battered on the outside, Hall said.\n\n"
     "“But inside, there was all this beautiful timber.”", "Tom Hall"),
    # a noun that is also a verb of saying is no second attribution ("any warning signs")
    ("“Absolutely not,” Ann Lee said when asked whether she had noticed any warning signs of a problem.\n\n"
     "“She was better than fine, she was great.”", "Ann Lee"),
])
def test_a_quotation_after_its_speakers_sentence(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a function word between the comma and the verb: the subject before the apposition speaks
    ("Ann Lee was a student.\n\nFriends of Ann Lee, known as Annie, have described her as a “bright and much-liked "
     "student.”", "Friends of Ann Lee"),
    # ... not a verb of saying ("…,” Tom Hall said, explaining")
    ("“We will appeal,” Tom Hall said, explaining that “the ruling ignores the evidence we gave.”", "Tom Hall"),
])
def test_an_apposition_before_a_function_word_and_the_verb(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a described subject before an object and the verb, or before an apposition and "did say"
    ("Ann Lee spoke.\n\nThe official, who was not authorized to speak, did say that they were working on it "
     "“as soon as we understand what happened.”", "official"),
    # ", admitting": the "he" of the clause before the comma; "he" stands for no name it governs in its
    # sentence ("he secretly helped Washington Post reporters Bob Woodward"), nor a nationality
    ("Mark Hall died yesterday.\n\nAs the associate director, Mr Hall was outraged.\n\nA master of spycraft from "
     "his days tracking German WWII spies, he secretly helped Washington Post reporters Bob Woodward and Carl "
     "Bernstein.\n\nIt was years before he finally broke cover, admitting in 2006:\n\n“I'm the guy they used to "
     "call Deep Throat.”", "Mark Hall"),
])
def test_described_subjects_and_he_before_a_comma(text, speaker):
    assert _speakers(text)[-1] == speaker


@pytest.mark.parametrize("text, speaker", [
    # a place opening the sentence is no speaker
    ("In Washington, officials also said “the budget is balanced and will stay so.”", "officials"),
    ("At the White House, aides said “the budget is balanced and will stay so.”", "aides"),
    # ... and the people of a place speak, not the place
    ("Officials in Washington said “the budget is balanced and will stay so.”", "Officials"),
])
def test_a_place_opening_the_sentence_is_no_speaker(text, speaker):
    assert _speakers(text)[-1] == speaker


def test_an_abbreviated_title_of_two_words_does_not_end_the_attribution():
    text = "“This is the kind of crime the death penalty was made for,” said Dist. Atty. Tom Hall."
    assert _speakers(text) == ["Tom Hall"]
