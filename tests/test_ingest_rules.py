"""General cleaning and metadata rules, each on a small page built for it.

Every rule is about what a line looks like or where it stands (never which
site it came from), so each test builds a page of its own: the furniture must
go and the body around it must stay.
"""

from __future__ import annotations

import json

import pytest

from parallax.reader.ingest.article import from_text, load
from parallax.reader.ingest.metadata import (
    credit_phrases,
    find_dates,
    labelled_date,
    leading_agency,
    trailing_credit,
)
from tests.conftest import ROOT

P = [
    "The city council voted on Monday to add protected bike lanes along a mile of Main Street, ending a year of argument.",
    "The project will remove 48 parking spaces between Elm Avenue and the river bridge, and work begins in April.",
    "Council member Dana Ortiz said the vote was about safety after two people were hit on the street last year.",
    "Business owners said the loss of parking would drive customers to the big stores on the edge of town.",
    "The city plans a new lot behind the old post office, and Mayor Linda Cho said it would open before the lanes.",
]
HEAD = ["Home", "News", "Sport", "Local News", "Council approves bike lanes on Main Street"]


def page(*lines: str) -> str:
    return "\n".join(lines)


def paras(a) -> list[str]:
    return [a.text[s:e] for s, e in a.paragraphs]


def test_furniture_inside_the_body_does_not_end_it():
    a = from_text(page(*HEAD, "By Jane Doe", P[0], "Advertisement", "Story continues below advertisement",
                       P[1], "READ MORE", "Why parking minimums are disappearing across the country", P[2],
                       "Sign up to The Morning Briefing", "Free daily newsletter",
                       "The day's news, explained - in your inbox every morning",
                       "Enter your email address", "Sign up", "after newsletter promotion",
                       P[3], P[4], "© 2021 Example News"))
    assert paras(a) == P


def test_captions_above_image_credits_and_agency_captions_go():
    a = from_text(page(*HEAD, P[0], "A cyclist rides along Main Street on a winter morning.",
                       "Photo: Jane Doe/AFP via Getty Images", P[1],
                       "Workers paint a bike lane on Elm Avenue in Millbrook, Ohio, U.S., December 4, 2021.",
                       P[2], "The mayor at the council meeting.", "(Jane Doe/Reuters)", P[3], P[4]))
    assert paras(a) == P


def test_a_short_paragraph_without_a_credit_below_stays():
    short = "Nobody objected."
    a = from_text(page(*HEAD, P[0], P[1], short, P[2], P[3]))
    assert short in paras(a)


def test_author_bio_and_teasers_of_full_sentences_after_the_body_go():
    teasers = [
        "Gold edges lower as the dollar firms ahead of inflation data due later this week.",
        "Shares in airlines fell after new travel restrictions were announced in several countries.",
        "The central bank is expected to keep interest rates unchanged at its meeting next week.",
        "Wheat futures slipped after forecasters raised their estimates for the harvest.",
    ]
    bio = "Jane Doe is a senior reporter covering city hall. She previously worked in Chicago."
    a = from_text(page(*HEAD, "By Jane Doe", *P, bio, *teasers, "About", "Contact"))
    assert paras(a) == P


def test_short_closing_paragraphs_that_name_the_story_are_not_teasers():
    tail = [
        "Ortiz said she expected the lanes to be busy from the first week they open.",
        "Cho said the lot would have a charging point for electric bicycles near Elm Avenue.",
        "Work on the lot behind the post office will start in February.",
    ]
    a = from_text(page(*HEAD, *P, *tail, "Privacy Policy"))
    assert paras(a) == P + tail


def test_question_and_answer_lines_stay():
    qa = ["How long did it take?", "Three weeks.", "Do you plan your novels?", "No.",
          "Not at all?", "I know the last scene. Everything else I find out on the way."]
    a = from_text(page("Menu", "Books", "A conversation with novelist Amara Okafor",
                       "Interview by James Whitlow", P[0], *qa, P[1], "Share", "© 2021 The Review"))
    assert paras(a) == [P[0], *qa, P[1]]
    assert a.byline == "James Whitlow"


def test_live_blog_times_go_and_entries_stay():
    entries = [
        "That's all from us for today. Thanks for following along and we will be back tomorrow.",
        "The White House has released its readout of the call between the two presidents.",
        "The call ended after two hours and two minutes, according to the Kremlin.",
    ]
    a = from_text(page("Live", "Biden and Putin hold video call – as it happened", "18.45 GMT", entries[0],
                       "18.10 GMT", entries[1], "Updated at 18.12 GMT", "16.54 GMT", entries[2], "Topics"))
    assert paras(a) == entries


def test_byline_without_by_under_the_headline():
    a = from_text(page(*HEAD, "Sarah Whitfield", "Millbrook Courier",
                       "Published 6:45 p.m. ET Dec. 6, 2021", *P))
    assert a.title == "Council approves bike lanes on Main Street"
    assert a.byline == "Sarah Whitfield"
    assert a.published == "2021-12-06T18:45:00-05:00"


def test_section_label_above_the_headline_is_not_a_byline():
    a = from_text(page(*HEAD, "5 December 2021", *P))
    assert a.byline is None
    assert a.published == "2021-12-05"


def test_headline_beats_its_standfirst_and_key_event_lines():
    a = from_text(page("News", "Council approves bike lanes after long debate",
                       "The vote ends a year of argument between cyclists and the shops on Main Street over parking spaces",
                       "Maria Lopez", "Millbrook - 07 dic 2021 - 22:15 CET", "3h ago Council votes on bike lanes", *P))
    assert a.title == "Council approves bike lanes after long debate"
    assert a.byline == "Maria Lopez"
    assert a.published == "2021-12-07T22:15:00+01:00"


def test_text_browser_link_numbers_are_not_kept():
    a = from_text(page("   [1]Skip to content", "", "   [2]Home", "", *P, "", "   [3]Privacy Policy"))
    assert "[" not in a.text and paras(a) == P


def test_japanese_clock_and_unlabelled_dates():
    assert [s.iso() for s in find_dates("2021年12月8日 7時30分")] == ["2021-12-08T07:30:00"]
    assert labelled_date("Version 07.12.21") is None  # a two-digit year needs a date label


def test_credits():
    assert "Reuters" in credit_phrases("WASHINGTON, Dec 7 (Reuters) - U.S. President Joe Biden warned on Tuesday")
    assert leading_agency("AFP | Updated 7 December 2021") == "AFP"
    assert trailing_credit("The storm is expected to reach the coast on Tuesday. — AP")[1] == "AP"
    assert trailing_credit("He said the vote would go ahead - soon.") is None
    assert "With inputs from ANI" in credit_phrases("(With inputs from ANI)")
    assert any("新华社" in c for c in credit_phrases("2021年12月7日 23:41 来源：新华社"))


def test_html_path_keeps_every_sentence_trafilatura_keeps():
    """The post-filter on trafilatura's text removes furniture lines only: a body
    sentence that happens to hold a furniture phrase stays."""
    body = [
        "The regulator said the company had changed its privacy policy without telling users, and fined it.",
        "A photo of the letter the regulator sent on Monday, with its findings, was published too.",
        "Read more about the ruling on the regulator's website, which published the full decision today.",
    ]
    html = (
        "<html lang='en'><head><title>Regulator fines app maker</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Regulator fines app maker</h1>"
        + "".join(f"<p>{p}</p>" for p in body)
        + "<p>Advertisement</p><p>Our Standards: The Thomson Reuters Trust Principles.</p>"
        "</article><footer>© 2021 Example</footer></body></html>"
    )
    a = from_text(html, format="html")
    for p in body:
        assert p in a.text
    assert "Advertisement" not in a.text and "Standards" not in a.text


@pytest.mark.parametrize("folder", ["heldout", "fresh", "fresh2", "fresh3"])
def test_benchmark_dumps_come_out_clean_with_their_metadata(folder):
    """The written dumps of benchmarks/data/extraction (whole pages, many layouts and
    scripts): each body and the metadata each page states."""
    data = ROOT / "benchmarks" / "data" / "extraction" / folder
    expected = json.loads((data / "expected_metadata.json").read_text(encoding="utf-8"))
    for name, want in expected.items():
        a = load(data / f"{name}.txt")
        gold = (data / f"{name}.gold.txt").read_text(encoding="utf-8").strip()
        assert a.text.split() == gold.split(), name
        for field in ("title", "published", "byline", "language"):
            if want[field] != "*":
                assert getattr(a, field) == want[field], (name, field)
        for c in want["credits"]:
            assert any(c in got for got in a.credits), (name, c)


def test_a_topic_colon_headline_is_still_a_headline():
    a = from_text(page("News", "Bike lanes: council approves Main Street plan", "By Jane Doe", *P))
    assert a.title == "Bike lanes: council approves Main Street plan"
    a = from_text(page("News", "Council approves bike lanes on Main Street", "From: Department of Transport", *P))
    assert a.title == "Council approves bike lanes on Main Street"


def _f1(predicted: str, gold: str) -> float:
    from collections import Counter

    from parallax.reader.text.keys import tokens

    p = Counter(t.key for t in tokens(predicted))
    g = Counter(t.key for t in tokens(gold))
    common = sum((p & g).values())
    return 0.0 if not common else 2 * common / (sum(p.values()) + sum(g.values()))


def test_html_never_trails_trafilatura_alone():
    """On every HTML case of the benchmark, the body scores at least what trafilatura's
    own text scores against the hand-made body."""
    import trafilatura

    data = ROOT / "benchmarks" / "data" / "extraction" / "html"
    for page_path in sorted(data.glob("*.html")):
        gold = (data / f"{page_path.stem}.gold.txt").read_text(encoding="utf-8")
        ours = _f1(load(page_path).text, gold)
        alone = _f1(trafilatura.extract(page_path.read_text(encoding="utf-8")) or "", gold)
        assert ours >= alone, page_path.name


def test_pull_quote_repeating_the_body_goes():
    a = from_text(page(*HEAD, P[0], P[1], f"“{P[1].split(', and')[0]}”", P[2], P[3]))
    assert paras(a) == P[:4]


def test_slashed_dates_are_read_day_first_only_on_pages_in_other_scripts():
    ar = ["عقد الرئيسان قمة افتراضية استمرت نحو ساعتين وناقشا خلالها التوتر بشأن أوكرانيا والحدود.",
          "واتفق الرئيسان على مواصلة المشاورات بين فريقيهما خلال الأيام المقبلة في العاصمتين."]
    a = from_text(page("أخبار", "بايدن وبوتين يعقدان قمة افتراضية وسط توتر بشأن أوكرانيا", "٧/١٢/٢٠٢١", *ar))
    assert a.published == "2021-12-07"
    a = from_text(page(*HEAD, "03/12/2021", *P))
    assert a.published is None  # an English page may be American: the page does not say


def test_a_lower_case_byline_line_is_not_joined_to_the_headline():
    a = from_text(page("Esteri", "Council approves protected bike lanes for Main Street", "di Marco Bianchi", *P))
    assert a.title == "Council approves protected bike lanes for Main Street"
    assert a.byline == "Marco Bianchi"


def test_read_also_above_one_headline_inside_the_body_does_not_end_it():
    a = from_text(page(*HEAD, P[0], P[1], "Читайте также:", "В Кремле назвали сроки новых переговоров", P[2], P[3],
                       "Related", "Why parking minimums are disappearing", "How cities count cyclists", "© 2021"))
    assert paras(a) == P[:4]


def test_html_byline_drops_the_job_title_trafilatura_joins_in():
    a = load(ROOT / "benchmarks" / "data" / "extraction" / "html" / "en_figures.html")
    assert a.byline == "Tom Adeyemi"


def test_a_long_comment_section_does_not_replace_the_article():
    comment = ("This is a disgrace and the council should be ashamed of itself, because the street is the only "
               "place many older people in this town can reach on foot, and nobody asked us.")
    comments = [x for i in range(12) for x in (f"Reader Name{i}", comment)]
    a = from_text(page(*HEAD, "By Tom Hill", *P[:3], "Share", "Join the discussion", "128 comments",
                       *comments, "Load more", "© 2021 Town Times"))
    assert paras(a) == P[:3]
    assert a.title == "Council approves bike lanes on Main Street"


def test_a_long_list_of_teasers_as_long_as_paragraphs_goes_under_any_heading():
    teasers = [f"Officials in district {i} said on Friday that road repairs would start next spring and take months."
               for i in range(8)]
    for heading in ("More from News", "Elsewhere on the site"):
        a = from_text(page(*HEAD, "By Tom Hill", *P[:3], "Share", heading, *teasers, "© 2021 Town Times"))
        assert paras(a) == P[:3], heading


def test_a_list_of_teasers_above_the_article_is_not_taken_for_it():
    top = ["Trending", "Storm warning issued for the whole coast as winds of up to 80 miles an hour are expected tonight.",
           "Ferry fares will rise by nine per cent in January, the operator said in a statement on Monday.",
           "A new bakery has opened on the high street in the old bank building after two years of work.",
           "Top stories"]
    a = from_text(page("Home", "News", *top, "Council approves bike lanes on Main Street", "By Tom Hill", *P, "© 2021"))
    assert paras(a) == P
    assert a.title == "Council approves bike lanes on Main Street"


def test_outlet_after_a_comma_is_not_part_of_the_byline():
    from parallax.reader.ingest.metadata import byline

    assert byline("By Kevin Liptak and Natasha Bertrand, CNN") == "Kevin Liptak and Natasha Bertrand"
    assert byline("By Jane Doe, Reuters") == "Jane Doe"


def test_unlabelled_date_before_a_labelled_update_is_the_publication_date():
    a = from_text(page(*HEAD, "Haber Merkezi", "07.12.2021 - 22:15 | Güncelleme: 07.12.2021 - 23:40", *P))
    assert a.published == "2021-12-07T22:15:00"


@pytest.mark.parametrize("emoji", ["🙂", "🇺🇦", "👍🏽", "❤️", "😀 😀"])
def test_a_paragraph_ending_in_emoji_after_its_stop_stays(emoji):
    last = f"The lanes should open before the summer, the mayor said. {emoji}"
    a = from_text(page(*HEAD, P[0], P[1], P[2], last))
    assert paras(a) == [*P[:3], last]
