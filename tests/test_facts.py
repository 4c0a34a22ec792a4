"""Facts: numbers with what they count, dates, quotations with speakers, names, statuses."""

from __future__ import annotations

from parallax.reader.comparison.engine import compare
from parallax.reader.facts.extract import compare_facts, extract, find_quotes
from parallax.reader.ingest.article import from_text, load
from tests.conftest import seed


def _values(text: str, kind: str) -> list[str]:
    return [it.value for it in extract(from_text(text)) if it.kind == kind]


def test_numbers_with_what_they_count():
    vals = _values("More than 94,000 Russian troops are massed near the border.", "number")
    assert vals == ["94,000 Russian troops"]
    vals = _values("The call lasted two hours and one minute, officials said.", "number")
    assert vals == ["2 hours 1 minute"]
    vals = _values("Estimates of 95,000 to 100,000 Russian troops on the border.", "number")
    assert vals == ["95,000 to 100,000 Russian troops"]
    assert _values("Prices rose 4.5% in May.", "number") == ["4.5 percent"]
    assert _values("It costs $5 million.", "number") == ["$5,000,000"]


def test_figures_written_onto_words_are_one_fact_each():
    # ages, measures, records and sums written as one hyphenated word were no facts at all
    text = ("The 33-year-old actress met a 2,507-member assembly. He was 45-7-2 and went "
            "7-for-14 from the field, a 28-yard pass in the 11th-round. Sabathia took a $140-million deal.")
    items = [it for it in extract(from_text(text)) if it.kind == "number"]
    assert [it.value for it in items] == ["33-year-old", "2,507-member", "45-7-2", "7-for-14", "28-yard",
                                          "11th-round", "$140,000,000"]
    age = items[0]
    assert (age.head, age.lo, age.hi) == ("year", 33.0, 33.0)
    assert items[2].head == "record"


def test_a_year_alone_is_a_date_unless_it_counts_something():
    text = "It was a 2003 murder case, like the 1974 resignation and 1999's hit. 1500 troops came."
    assert _values(text, "date") == ["2003", "1974", "1999"]
    assert _values(text, "number") == ["1,500 troops"]
    assert _values("Music of the '50s and the 90s.", "date") == ["'50s"]
    assert _values("Music of the '50s and the 90s.", "number") == ["90s"]
    assert _values("A man in his 50s.", "number") == ["50s"]
    # a capitalised word after it is a name, not a plural the figure counts
    text = "Copyright © 2021 Reuters. The 2012 Olympics opened; he won 2021 votes."
    assert _values(text, "date") == ["2021", "2012"]
    assert _values(text, "number") == ["2,021 votes"]


def test_a_phone_number_ending_a_sentence_is_no_fact():
    text = "Call the tip line at 800-800-3855. Investigators came."
    assert _values(text, "number") == [] and _values(text, "date") == []


def test_years_and_times_are_dates_not_counts():
    text = "In 2014, Moscow annexed Crimea. Published: 12:20, 5 December 2021. They met on Tuesday (December 7)."
    assert _values(text, "number") == []
    dates = _values(text, "date")
    assert "2014" in dates and "12:20" in dates and "December 5 2021" in dates
    assert "Tuesday" in dates and "December 7" in dates


import pytest  # noqa: E402

from parallax.reader.model import Article as _Article  # noqa: E402


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "Le mardi 7 décembre 2021, puis le 5 mars ; la planète Mars.", ["Tuesday", "December 7 2021", "March 5"]),
    ("es", "El martes 7 de diciembre de 2021 y en marzo de 2022; ayer.",
     ["Tuesday", "December 7 2021", "March 2022", "yesterday"]),
    ("pt", "Em 7 de dezembro de 2021, na terça-feira.", ["December 7 2021", "Tuesday"]),
    ("it", "Martedì 7 dicembre 2021.", ["Tuesday", "December 7 2021"]),
    ("de", "Am Dienstag, 7. Dezember 2021, und im Mai.", ["Tuesday", "December 7 2021"]),
    ("ru", "Во вторник 7 декабря 2021 года.", ["Tuesday", "December 7 2021"]),
    ("ar", "موسكو - 7 ديسمبر 2021، يوم الثلاثاء، في ٧ ديسمبر ٢٠٢١", ["December 7 2021", "Tuesday", "December 7 2021"]),
    ("zh", "2021年12月7日，双方于12月7日举行视频通话，历时3个月。", ["December 7 2021", "December 7"]),
    ("ur", "اسلام آباد - 8 دسمبر 2021 کو منگل کے روز", ["December 8 2021", "Tuesday"]),
    ("ko", "2021년 12월 7일 화상 회담", ["December 7 2021"]),
    # lower-case "may" and "march" are no months; 2021 alone is still a year
    ("en", "they march 5 miles in may 2021 and in December", ["2021", "December"]),
])
def test_dates_in_other_languages_have_english_normal_forms(lang, text, expected):
    items = extract(_Article(text=text, language=lang))
    assert [it.value for it in items if it.kind == "date"] == expected


def _names(text: str, lang: str) -> list[str]:
    return [it.value for it in extract(_Article(text=text, language=lang)) if it.kind == "name"]


def test_names_in_arabic_follow_titles():
    text = ("والتقى وزير الخارجية المصري سامح شكري بالرئيس عبد الفتاح السيسي الأسبوع الماضي. "
            "وأكد ولي العهد السعودي الأمير محمد بن سلمان للرئيس الفرنسي إيمانويل ماكرون أن "
            "الرئيس أبو مازن سيحضر. وقال المتحدث باسم الكرملين دميتري بيسكوف إن الرئيس الروسي "
            "فلاديمير بوتين طالب بضمانات، وكرر بوتين موقفه.")
    assert _names(text, "ar") == ["سامح شكري", "عبد الفتاح السيسي", "محمد بن سلمان", "إيمانويل ماكرون",
                                  "أبو مازن", "دميتري بيسكوف", "فلاديمير بوتين", "بوتين"]
    # a verb or a noun after a title is no name; a surname met before stands alone
    text = ("الرئيس الروسي يحذر الغرب. وقال الرئيس الأمريكي خلال زيارته إن الرئيس الروسي "
            "فلاديمير بوتين التقى الرئيس بوتين بالوزير.")
    assert _names(text, "ar") == ["فلاديمير بوتين", "بوتين"]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("ur", "امریکی صدر جو بائیڈن اور روسی صدر ولادیمیر پوتن نے منگل کو بات چیت کی۔ پوتن نے کہا۔",
     ["جو بائیڈن", "ولادیمیر پوتن", "پوتن"]),
    ("he", "נשיא רוסיה ולדימיר פוטין שוחח עם עמיתו. דובר הקרמלין דמיטרי פסקוב אמר כי פוטין דרש ערבויות.",
     ["ולדימיר פוטין", "דמיטרי פסקוב", "פוטין"]),
    # a verb after a title is no name ("سخنگوی کرملین گفت")
    ("fa", "دیمیتری پسکوف سخنگوی کرملین گفت: «گفتگو صریح بود». رئیس جمهور روسیه ولادیمیر پوتین "
           "خواستار تضمین شد. پوتین گفت که.", ["ولادیمیر پوتین", "پوتین"]),
    # Korean writes the title after the name, a particle on it, a country between
    ("ko", "조 바이든 미국 대통령과 블라디미르 푸틴 러시아 대통령은 7일 화상 회담을 가졌다. 드미트리 페스코프 "
           "크렘린 대변인은 회담이 솔직했다고 말했다. 푸틴 대통령은 보장을 요구했다.",
     ["조 바이든", "블라디미르 푸틴", "드미트리 페스코프", "푸틴"]),
    # Japanese writes the title after the name
    ("ja", "ペスコフ報道官は「会談は率直だった」と述べた。プーチン大統領とバイデン大統領は会談した。",
     ["ペスコフ", "プーチン", "バイデン"]),
])
def test_names_beside_titles_in_scripts_without_capitals(lang, text, expected):
    assert _names(text, lang) == expected


def test_arabic_names_are_shared_facts():
    left = _Article(text="عقد الرئيس الأمريكي جو بايدن ونظيره الروسي فلاديمير بوتين محادثات.", language="ar")
    right = _Article(text="قال الرئيس الأمريكي جو بايدن إن بلاده مستعدة. وقال بايدن إن.", language="ar")
    names = {(f.value, f.status) for f in compare_facts(left, right) if f.kind == "name"}
    assert names == {("جو بايدن", "shared"), ("فلاديمير بوتين", "left-only")}


@pytest.mark.parametrize(("lang", "text", "speaker", "verb"), [
    ("ar", "وقال بيسكوف: «المحادثات كانت صريحة وبناءة ومفيدة للطرفين».", "بيسكوف", "وقال"),
    ("ar", "وقال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين: «المحادثات كانت صريحة وبناءة».",
     "دميتري بيسكوف", "وقال"),
    ("ar", "«المحادثات كانت صريحة وبناءة ومفيدة»، قال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين.",
     "دميتري بيسكوف", "قال"),
    ("he", "\"השיחה הייתה גלויה ועניינית\", אמר דובר הקרמלין דמיטרי פסקוב.", "דמיטרי פסקוב", "אמר"),
    ("he", "אמר פסקוב: \"השיחה הייתה גלויה ועניינית ומועילה\".", "פסקוב", "אמר"),
    ("ru", "«Разговор был откровенным и деловым», — заявил Дмитрий Песков.", "Дмитрий Песков", "заявил"),
    # Japanese: the verb after the quotation, the speaker marked before it (title dropped)
    ("ja", "ペスコフ報道官は「会談は率直で実務的だった」と述べた。", "ペスコフ", "述べ"),
    ("ja", "プーチン大統領は「NATOの東方拡大は容認できない」と強調した。", "プーチン", "強調し"),
    # several words make one verb
    ("fr", "« Nous ne céderons pas », a fait savoir Dmitri Peskov.", "Dmitri Peskov", "a fait savoir"),
])
def test_speakers_when_the_verb_comes_first_or_after_a_dash(lang, text, speaker, verb):
    (q,) = find_quotes(_Article(text=text, language=lang))
    assert (q.speaker, q.verb) == (speaker, verb)


ZH = ("克里姆林宫发言人佩斯科夫说：“会谈坦率而务实，双方都表达了关切。”美国总统拜登对俄罗斯在乌克兰"
      "边境集结军队表示“深切关注”。白宫表示：“拜登总统将继续与盟友协商。”普京7日举行视频会谈，"
      "俄罗斯总统普京要求西方提供保证。")


def test_names_and_speakers_in_chinese():
    # the characters after a title, cut where the text does not use them again
    assert _names(ZH, "zh") == ["佩斯科夫", "拜登", "拜登", "普京", "普京"]
    quotes = find_quotes(_Article(text=ZH, language="zh"))
    assert [(q.speaker, q.verb) for q in quotes] == [("佩斯科夫", "说"), ("拜登", "表示"), ("白宫", "表示")]


def test_a_date_is_shared_across_languages():
    fr = _Article(text="Les deux présidents se sont parlé le 7 décembre 2021.", language="fr")
    en = _Article(text="The two presidents spoke on December 7, 2021.", language="en")
    (date,) = [f for f in compare_facts(fr, en) if f.kind == "date"]
    assert date.status == "shared" and [s.slice(fr.text) for s in date.left] == ["7 décembre 2021"]


def test_quote_speaker_and_verb():
    text = ("“NATO member countries decide who is a member of NATO,” White House press secretary "
            "Jen Psaki said on Monday. Peskov told reporters that “Russia has never planned to attack anyone.” "
            "“We look for good relations,” he added.")
    qs = find_quotes(from_text(text))
    assert [(q.speaker, q.verb, q.stance) for q in qs] == [
        ("Jen Psaki", "said", "neutral"),
        ("Peskov", "told", "reporting"),
        ("Peskov", "added", "neutral"),
    ]
    assert qs[0].words == 10
    assert qs[0].span.slice(text).startswith("“NATO") and qs[0].span.slice(text).endswith("”")


def test_doubting_verb_after_a_quote():
    text = "“The plan is fully legal,” the minister claimed."
    (q,) = find_quotes(from_text(text))
    assert q.speaker == "minister" and q.stance == "doubting"


def test_names_general_rules():
    text = ("Meanwhile James C. McConville, chief of staff of the U.S. Army, spoke. "
            "The White House said Ukraine’s borders matter. Secretary of State Antony Blinken agreed.")
    names = _values(text, "name")
    assert "James C. McConville" in names
    assert "White House" in names and "Ukraine" in names
    assert "Antony Blinken" in names  # the title is not part of the name
    assert not any(n.startswith(("Meanwhile", "The ", "Secretary")) for n in names)


def test_dotted_initials_open_a_persons_name_and_a_bodys():
    text = ("Officials said H.R. McMaster met J.K. Rowling, O.J. Simpson and George H.W. Bush. "
            "U.S. President Joe Biden thanked the U.S. Fish and Wildlife Service.")
    names = _values(text, "name")
    for whole in ("H.R. McMaster", "J.K. Rowling", "O.J. Simpson", "George H.W. Bush", "Joe Biden",
                  "U.S. Fish and Wildlife Service"):
        assert whole in names, whole
    assert not any(n in ("H.R.", "J.K.", "O.J.", "George H.W.") for n in names)
    # a sentence ending after a dotted abbreviation does not carry it into the next one's name
    assert "U.S." in _values("He moved to the U.S. The talks began.", "name")


def test_a_place_written_in_initials_is_not_the_person_a_description_means():
    text = ("Golf - U.S. Masters champion Trevor Immelman was honoured on Tuesday.\n\n"
            "“I actually have goosebumps just thinking about it,” said the 29-year-old in Paarl.")
    assert [q.speaker for q in find_quotes(from_text(text))] == ["Trevor Immelman"]


def test_a_contraction_of_a_function_word_is_no_name():
    # 95 false names in the 575 ECB+ articles were "I'm", "I'd", "I've"
    names = _values("Yesterday O'Brien met D'Alembert. I'm sure I'd go, and I've said so, Reid said.", "name")
    assert names == ["O'Brien", "D'Alembert", "Reid"]


def test_nationality_adjectives_and_bare_titles_are_not_names():
    text = ("Russian officials met European diplomats. The President spoke. Heavy rain fell in Kyiv. "
            "Russian President Vladimir Putin and the European Union disagreed; Prime Minister Boris Johnson "
            "called Mr. Putin.")
    names = _values(text, "name")
    assert "Vladimir Putin" in names and "European Union" in names and "Kyiv" in names
    assert "Boris Johnson" in names and "Putin" in names
    for bad in ("Russian", "European", "President", "Heavy", "Russian President Vladimir Putin", "Prime Minister"):
        assert bad not in names


def test_a_common_word_opening_the_sentence_is_not_part_of_a_name():
    text = "Yesterday Putin spoke. Talks resumed yesterday. Despite Biden warnings, despite everything, troops stayed."
    names = _values(text, "name")
    assert "Putin" in names and "Biden" in names
    assert not any(n.startswith(("Yesterday", "Despite")) for n in names)


def test_a_document_is_not_a_speaker():
    text = ("The White House released a readout after the call. "
            "“The president voiced deep concerns about the build-up of troops,” the statement said.")
    (q,) = find_quotes(from_text(text))
    assert q.speaker == "White House"
    (q,) = find_quotes(from_text("“Talks will continue next week in Geneva,” the statement said."))
    assert q.speaker is None
    (q,) = find_quotes(from_text("“The deal is done and will be signed,” The Washington Post reported."))
    assert q.speaker == "Washington Post"


def test_speaker_after_a_participle_clause_is_the_subject():
    text = "Peskov said the talks were “useful”, adding: “We will continue to work with all our partners on this.”"
    assert [(q.speaker, q.verb) for q in find_quotes(from_text(text))] == [("Peskov", "said"), ("Peskov", "adding")]


def test_a_side_giving_the_others_figure_too_is_no_conflict():
    left = from_text("Estimates put 95,000 to 100,000 troops at the border, said Biden in Geneva on Tuesday. "
                     "The 12 generals met.")
    right = from_text("Kyiv says 94,000 troops are at the border, said Biden in Geneva on Tuesday. "
                      "The 12 generals met.")
    assert [f.status for f in compare_facts(left, right) if "troops" in f.value] == ["conflict"]
    also = from_text(left.text + " Kyiv counts 94,000 troops there.")
    assert sorted(f.status for f in compare_facts(also, right) if "troops" in f.value) == ["left-only", "shared"]


def test_a_quotation_right_after_another_attribution_goes_on_with_its_speaker():
    text = ("“We have come a long way,” coach Maria Lopez said after the match. “We just keep fighting.”\n\n"
            "“The bus leaves at six,” Lopez said.\n\n“Nobody will be left behind.”")
    got = [(q.speaker, q.verb) for q in find_quotes(from_text(text))]
    assert got == [("Maria Lopez", "said"), ("Maria Lopez", None), ("Maria Lopez", "said"), ("Maria Lopez", None)]


def test_a_speaker_named_after_the_verb_is_the_person_not_the_organisation():
    cases = {
        "“It is bad,” said Microsoft spokesman Frank Shaw.": "Frank Shaw",
        "“It is bad,” said White House press secretary Jen Psaki on Tuesday.": "Jen Psaki",
        "“It is bad,” said former detective Joe Coffey Monday.": "Joe Coffey",
        "“It is bad,” said Janette Brimmer, an attorney with Earthjustice.": "Janette Brimmer",
        "“It is bad,” Oregon State Police Lt. Gregg Hastings said.": "Gregg Hastings",
        "“It is bad,” said Patrick J. Buchanan.": "Patrick J. Buchanan",
    }
    for text, speaker in cases.items():
        assert [q.speaker for q in find_quotes(from_text(text))] == [speaker], text
    # a party and state after a name is no speaker, and its dot before a comma ends no sentence
    assert [q.speaker for q in find_quotes(from_text("“It is bad,” Rep. Edward J. Markey, D-Mass., said."))] == \
        ["Edward J. Markey"]


def test_a_name_word_that_spells_a_verb_is_no_attribution_and_a_second_verb_keeps_its_subject():
    def speakers(text: str) -> list:
        return [q.speaker for q in find_quotes(from_text(text))]

    # "States" in "the United States" is no verb: the one who warned speaks, not "United"
    assert speakers("Blinken warned Lavrov this week that the United States would impose "
                    "“severe costs and consequences on Russia”.") == ["Blinken"]
    # a verb that is also a noun attributes right before the quotation, a colon or "that" only
    assert [q.verb for q in find_quotes(from_text("Former Soviet states fear “a new cold war in Europe soon”."))] \
        == [None]
    assert speakers("The White House states: “We will respond to any move”.") == ["White House"]
    # "X said ... and labelled ...": the first verb's subject, not the last name before the second
    assert speakers("Peskov said Russia has no plans of invading Ukraine and further labelled the "
                    "allegations a “hollow and unfounded attempt to incite tensions”.") == ["Peskov"]
    # not across commas: "records indicate he grabbed her, ..., and told her" is no records' quotation
    assert speakers("Court records indicate he grabbed her by the throat, threw her down, and told her, "
                    "“You're never going to leave me.”") != ["records"]


def test_a_title_inside_a_run_parts_the_organisation_from_the_person():
    from parallax.reader.facts.names import names_in

    def names(text: str) -> list[str]:
        return [it.value for it in names_in(text, "en")]

    assert "Lee Baca" in names("Los Angeles County Sheriff Lee Baca said the deputy died.")
    assert names("New York Governor Andrew Cuomo spoke.") == ["New York", "Andrew Cuomo"]
    assert names("He met Oregon State Police Lt. Gregg Hastings on Friday.") == ["Oregon State Police", "Gregg Hastings"]
    assert names("He spoke to sheriff’s Sgt. Vanette Christiansen.") == ["Vanette Christiansen"]
    assert names("It was won by Billie Jean King. She won again.") == ["Billie Jean King"]
    assert names("It was Martin Luther King Jr. Day.") == ["Martin Luther King Jr"]


def test_a_speaker_before_the_verb_is_read_over_of():
    text = "US Secretary of State Antony Blinken had said that Russia may be “attempting to rehash” its invasion."
    assert [q.speaker for q in find_quotes(from_text(text))] == ["Antony Blinken"]


@pytest.mark.parametrize("text, speaker", [
    # the noun a preposition ties to what follows speaks, not what follows
    ("“It was her decision,” a friend of the actress said.", "friend of the actress"),
    ("“It was her decision,” a friend of Angelina Jolie said.", "friend of Angelina Jolie"),
    ("“We are ready,” the mother of one of the victims said.", "mother of one of the victims"),
    ("“We are ready,” two people familiar with the matter said.", "people familiar with the matter"),
    ("“No comment,” a source close to the minister said.", "source close to the minister"),
    ("“No comment,” said a source with knowledge of the talks.", "source with knowledge of the talks"),
    # a person of an organisation is the person
    ("“We are ready,” Dmitry Peskov of the Kremlin said.", "Dmitry Peskov"),
    # a title's or a document's organisation speaks through it, as with "a Kremlin spokesman"
    ("“We will respond,” a spokesman for the ministry said.", "ministry"),
    ("“We will respond,” said a spokesman for the ministry.", "ministry"),
    ("“We will respond,” a spokesman for Gazprom said.", "Gazprom"),
    ("“We will respond,” said the ministry.", "ministry"),
    # a name, its apposition between commas, then the verb
    ("“We are ready,” Ann Lee, a spokeswoman for the Interior Ministry, said.", "Ann Lee"),
    # a verb with a preposition after it opens no phrase
    ("The rule, which was unveiled in August, is “harmful”, the group said.", "group"),
])
def test_a_speakers_noun_phrase_is_read_over_prepositions(text, speaker):
    assert [q.speaker for q in find_quotes(from_text(text))] == [speaker]


@pytest.mark.parametrize("text, speakers", [
    # "he" and "she" are the person last named before them, in their paragraph or the one before
    ("The pastor, Larry Kroon, declined to say whether the church had been threatened.\n\n"
     "“There are so many variables,” he said.", ["Larry Kroon"]),
    ("Prime Minister George Papandreou vowed that those responsible would be found.\n\n"
     "He told Parliament that “a demonstration is one thing and murder is quite another.”", ["George Papandreou"]),
    # ... unless the last speaker was named after that person, or in the same sentence
    ("“We won,” said Ann Smith, who leads Acme Holdings. “It was hard,” she said.", ["Ann Smith", "Ann Smith"]),
    ("“We won,” said Ann Smith.\n\nBob Jones disagreed with the plan.\n\n“It was hard,” he said.",
     ["Ann Smith", "Bob Jones"]),
    # a place, a body or a name quoted is no one's antecedent; a capitalised pronoun is no speaker
    ("The team flew in from New York. “It was hard,” she said.", [None]),
    ("It was reported by the Securities Commission. “It was hard,” she said.", [None]),
    ("“The blackout hit the Middle East,” said Wright.\n\n“It was hard,” he added.", ["Wright", "Wright"]),
    ("Nobody was named.\n\nHe told the judge that Smith was “ensconced in rehab”.", [None]),
    # the subject of the last sentence naming a person; one word after a title or as a surname
    ("Francesca Grifo, director of the Union's Scientific Integrity Program, said more work remains.\n\n"
     "“It was hard,” she said.", ["Francesca Grifo"]),
    ("In the interview with The Sun Herald, Mr. LaRue guessed that prison added years to his life.\n\n"
     "“It was hard,” he said.", ["LaRue"]),
    ("Brady Quinn started.\n\nA big reason why was Quinn, who was just 10 of 22.\n\n“It was hard,” he said.",
     ["Brady Quinn"]),
    ("Asked if Ortiz might have lived, Larry Waldie said there was no way to know.\n\n“It was hard,” he said.",
     ["Larry Waldie"]),
    # a possessive names someone else; a sentence calling its man "he" is not about "she"
    ("Reunion Pictures' Matthew O'Connor coproduced the film.\n\n“It was hard,” he said.", ["Matthew O'Connor"]),
    ("Yvonne Hiller was charged.\n\nDetective Dominic Mangoni said he asked how she felt.\n\n"
     "“I don't feel anything,” she said.", ["Yvonne Hiller"]),
    # a sentence opened by the pronoun goes on about the person named before it
    ("Anchorage lawyer William Ingaldson, the owner, was there.\n\nHe said he owned it.\n\n"
     "He estimated it at 12,000 square feet.\n\n“None of it was insured,” he said.", ["William Ingaldson"]),
    # a quotation after a pronoun's attribution goes on with the same speaker
    ("Jonathan Wright, a director at Interoute, spoke.\n\n“It is severe,” he said.\n\n“It will take days.”",
     ["Jonathan Wright", "Jonathan Wright"]),
])
def test_he_and_she_are_the_person_last_named(text, speakers):
    assert [q.speaker for q in find_quotes(from_text(text))] == speakers


@pytest.mark.parametrize("text, speakers", [
    # a space before the closing mark ("Europe, ”", as some captures and PDF text layers
    # write) still closes the quotation before its attribution
    ("“This is about the future of Europe, ” she said.", [None]),
    ("Angela Merkel spoke.\n\n“This is about the future of Europe, ” she said.", ["Angela Merkel"]),
    ("“I had to hear that tape again, ” one juror said.", ["one juror"]),
    # a quotation inside a sentence is not closed by its own comma
    ("LaRue was identified as “Deep Throat,” the shadowy character believed to have helped.", [None]),
])
def test_attributions_after_a_quotation_read_its_closing_comma(text, speakers):
    assert [q.speaker for q in find_quotes(from_text(text))] == speakers


def test_the_one_a_possessive_names_speaks():
    assert [q.speaker for q in find_quotes(from_text("Putin’s spokesman said that “the talks went well”."))] == \
        ["Putin’s spokesman"]
    assert [q.speaker for q in find_quotes(from_text("“It is bad,” Biden later said."))] == ["Biden"]


def test_a_quotation_after_other_sentences_has_no_speaker_of_its_own():
    text = ("“We have come a long way,” coach Maria Lopez said. The fans stayed on the pitch for an hour. "
            "Some sang songs. “This is our year.”")
    got = [q.speaker for q in find_quotes(from_text(text))]
    assert got == ["Maria Lopez", None]


def test_statuses_shared_conflict_and_one_sided():
    left = from_text("About 94,000 troops are at the border, said Biden in Geneva on Tuesday. "
                     "Another estimate puts 95,000 to 100,000 Russian troops at the border.")
    right = from_text("Kyiv says 94,000 troops are at the border. Putin spoke on Tuesday in Sochi. "
                      "Some put 120,000 Russian troops at the border.")
    facts = compare_facts(left, right)
    by = {(f.kind, f.status): f for f in facts}
    shared = by[("number", "shared")]
    assert shared.value == "94,000 troops"
    assert [s.slice(left.text) for s in shared.left] == ["94,000 troops"]
    assert [s.slice(right.text) for s in shared.right] == ["94,000 troops"]
    # both give 94,000: the left's other estimate conflicts with the right's other one,
    # not with the figure the two reports agree on
    conflict = by[("number", "conflict")]
    assert [s.slice(left.text) for s in conflict.left] == ["95,000 to 100,000 Russian troops"]
    assert [s.slice(right.text) for s in conflict.right] == ["120,000 Russian troops"]
    assert conflict.reason.startswith("reports of one story count russian troops")
    assert by[("date", "shared")].value == "Tuesday"
    statuses = {(f.value, f.status) for f in facts if f.kind == "name"}
    assert ("Geneva", "left-only") in statuses and ("Sochi", "right-only") in statuses


@pytest.mark.parametrize("left, right, conflicts", [
    # unlinked sentences (no alignment given) sharing three words around "yards", about two players
    ("Reggie Bush caught five passes for 127 yards in the last game of the season. The team lost again.",
     "The team won again. Reggie Wayne caught three passes for 37 yards in the last game of the season.",
     []),
    # the same person, named in the sentence before ("he"): one quantity told differently
    ("Fred LaRue was a Mississippi businessman. He served four months in federal prison for obstructing justice.",
     "LaRue was convicted in 1973. LaRue served four and a half months in federal prison for obstructing justice.",
     ["4 months vs 4.5 months"]),
    # compound figures of different nouns: two people's years
    ("John Jenkin of Millom was charged with the murder of his 58-year-old mother Alice McMeekin at her home.",
     "Police named the victims as Alice McMeekin and her 20-year-old daughter Kathryn Jenkin of Millom.",
     []),
    ("Police in Millom charged a 58-year-old man with the murder of Alice McMeekin.",
     "Alice McMeekin was killed at home, and police in Millom charged a 57-year-old man.",
     ["58-year-old vs 57-year-old"]),
    # a figure written onto its noun is that thing's size, not a total of the same unit
    ("The Jaguars gave up plays like the 41-yard touchdown catch by the Colts on Sunday.",
     "The Colts got 108 yards and a touchdown catch on Sunday against the Jaguars.",
     []),
])
def test_figures_of_different_people_do_not_conflict(left, right, conflicts):
    facts = compare_facts(from_text(left), from_text(right), ())
    assert [f.value for f in facts if f.status == "conflict"] == conflicts


def test_in_one_story_a_bare_counted_noun_beside_two_shared_words_is_no_conflict():
    # two reports of one game (ECB+ sports reports gave such pairs): 226 yards and 350
    # yards are different players' and teams' figures, though both sentences say "rushed"
    # and "game"; the same counted phrase of two words or more would have made them one
    left = from_text("The Colts beat the Chiefs 20-13 on Sunday in Kansas City, Andrew Luck said. "
                     "Charles rushed for 226 yards, the third most in a single game.")
    right = from_text("Andrew Luck led the Colts past the Chiefs 20-13 on Sunday in Kansas City. "
                      "It was the first time a team rushed for over 350 yards and lost the game.")
    facts = compare_facts(left, right)
    assert ("20-13", "shared") in {(f.value, f.status) for f in facts}  # one story
    assert not [f for f in facts if f.status == "conflict"], [(f.value, f.reason) for f in facts]


def test_and_a_half_and_spelled_hundreds_are_one_figure():
    assert _values("He served four and a half months in prison.", "number") == ["4.5 months"]
    assert _values("About one and a half million people fled.", "number") == ["1,500,000 people"]
    assert _values("Two hundred and fifty people came.", "number") == ["250 people"]
    assert _values("Between two hundred and three hundred people came.", "number") == ["200 to 300 people"]


def _number_statuses(a: str, b: str) -> set[tuple[str, str]]:
    return {(f.value, f.status) for f in compare_facts(from_text(a), from_text(b)) if f.kind == "number"}


def test_a_conflict_needs_the_same_quantity():
    # the same noun, another event: not a conflict
    got = _number_statuses("Ten people were killed in the attack on the market.",
                           "Five people were injured in the attack on the market.")
    assert not any(st == "conflict" for _, st in got)
    # the same noun in unrelated sentences: not a conflict either
    got = _number_statuses("The council hired 40 people last year.", "About 300 people attended the concert.")
    assert not any(st == "conflict" for _, st in got)
    # the same quantity, told differently: a conflict
    got = _number_statuses("Ten people were killed in the attack on the market.",
                           "The attack on the market killed twelve people.")
    assert any(st == "conflict" for _, st in got)


def test_bounds_and_approximations_do_not_conflict_with_values_they_allow():
    base = "Russia has massed {} troops near the border with Ukraine."
    assert not any(st == "conflict" for _, st in _number_statuses(
        base.format("more than 94,000"), base.format("100,000")))
    assert not any(st == "conflict" for _, st in _number_statuses(
        base.format("about 94,000"), base.format("95,000")))
    assert ("94,000 troops vs 95,000 to 100,000 troops", "conflict") in _number_statuses(
        base.format("94,000"), base.format("95,000 to 100,000"))
    assert not any(st == "conflict" for _, st in _number_statuses(
        base.format("up to 100,000"), base.format("94,000")))


def test_troop_figures_across_the_pre_summit_reports():
    c = compare(load(seed("002")), load(seed("003")))
    troops = [f for f in c.facts if f.kind == "number" and "troops" in f.value]
    statuses = {f.status for f in troops}
    # both report 94,000; 002's other estimate ("95,000 to 100,000", the U.S. Army's) is
    # a figure one side adds, not a disagreement (003 gives no other figure)
    assert statuses == {"shared", "left-only"}
    for f in troops:
        for s in f.left:
            assert any(ch.isdigit() for ch in s.slice(c.left.text))
    shared = next(f for f in troops if f.status == "shared")
    assert "94,000" in shared.left[0].slice(c.left.text)
    assert "94,000" in shared.right[0].slice(c.right.text)


def test_two_hours_and_one_minute_on_the_seed():
    items = extract(load(seed("003")))
    assert any(it.kind == "number" and it.value == "2 hours 1 minute" for it in items)


def test_spelled_numbers_need_a_counted_thing():
    assert _values("One of the leaders spoke.", "number") == []


def test_non_latin_digits_and_scripts():
    assert _values("Сообщается о 94 000 военных.", "number") == ["94,000 военных"]
    vals = _values("قال إن ٩٤ جنديا وصلوا", "number")
    assert vals and vals[0].startswith("94")


_PIECES = ["94,000", "troops", "two", "hours", "and", "one", "minute", "“", "”", '"', "‘", "’",
           "said", "Peskov", "Jen Psaki", "December", "7", "2021", "on", "Tuesday", "12:20", "$5",
           "million", "%", "The", "White House", "of", ",", ".", "\n", "Kyiv", "٩٤", "五", "to", "-"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from parallax.reader.model import Article  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.sampled_from(["", " "]))
def test_fact_spans_lie_in_the_text(pieces, sep):
    text = sep.join(pieces) if sep else " ".join(pieces).replace(" ,", ",")
    art = Article(text=text)
    for it in extract(art):
        assert 0 <= it.span.start < it.span.end <= len(text)
        if it.kind == "name":
            assert " ".join(it.span.slice(text).split()) == it.value
        if it.kind == "quote":
            # a part of a quotation going on from the line before has no opening mark
            assert it.span.slice(text)[0] in "“\"‘„«「『‹" or text[:it.span.start].rstrip(" ").endswith("\n")
    for q in find_quotes(art):
        # a part of a quotation going on into the next paragraph or line has no closing
        # mark, and one going on from the line before no opening mark
        assert q.span.start <= q.inner.start <= q.inner.end <= q.span.end
        assert q.span.start < q.inner.start or text[:q.span.start].rstrip(" ").endswith("\n")
        assert q.inner.end < q.span.end or "\n" in text[q.span.end:]
        if q.speaker_span is not None:
            assert 0 <= q.speaker_span.start < q.speaker_span.end <= len(text)


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # thousands grouped with dots and a decimal comma where the language writes them so
    ("de", "Rund 94.000 Soldaten und 4,5 Prozent; 1.250.000,5 Euro.",
     ["94,000 Soldaten", "4.5 Prozent", "1,250,000.5 Euro"]),
    ("en", "About 94,000 troops; prices rose 1.5 percent.", ["94,000 troops", "1.5 percent"]),
    # tens and units in separate words, with or without "and"
    ("es", "Treinta y dos soldados y veintidós tanques; 1.500 personas.",
     ["32 soldados", "22 tanques", "1,500 personas"]),
    ("ru", "Двадцать два солдата.", ["22 солдата"]),
    ("pt", "Vinte e dois soldados.", ["22 soldados"]),
    # a listed hyphenated number is read whole, and a part that is no number does not crash
    ("fr", "Quatre-vingt-douze soldats et quatre-vingts blessés.", ["92 soldats", "80 blessés"]),
])
def test_numbers_as_each_language_writes_them(lang, text, expected):
    assert [it.value for it in extract(_Article(text=text, language=lang)) if it.kind == "number"] == expected


def test_two_names_joined_by_and_are_two_names():
    assert _names("Vladímir Putin y Joe Biden hablaron por video.", "es") == ["Vladímir Putin", "Joe Biden"]


def test_russian_names_match_in_every_case():
    left = _Article(text="Президент России Владимир Путин провёл разговор с Джо Байденом. Сергей Лавров молчал.",
                    language="ru")
    right = _Article(text="Помощник Владимира Путина рассказал о беседе Путина и Байдена и процитировал Сергея Лаврова.",
                     language="ru")
    names = {(f.value, f.status) for f in compare_facts(left, right) if f.kind == "name"}
    assert names == {("Владимир Путин", "shared"), ("Джо Байденом", "shared"), ("Сергей Лавров", "shared")}


def test_german_nouns_are_not_names():
    text = ("US-Präsident Joe Biden hat Kremlchef Wladimir Putin in einem Videogespräch mit harten "
            "Sanktionen gedroht. Die Gespräche dauerten zwei Stunden. Die Truppen bleiben in der Region, "
            "sagte ein Sprecher in Moskau. Die Regierung in Kiew reagierte. Ursula von der Leyen warnte "
            "Russland. Das sei inakzeptabel, sagte Scholz.")
    assert _names(text, "de") == ["Joe Biden", "Wladimir Putin", "Moskau", "Kiew", "Ursula von der Leyen",
                                  "Russland", "Scholz"]
