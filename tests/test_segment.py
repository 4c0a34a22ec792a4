"""Paragraph and sentence segmentation: offsets, abbreviations, quotes, scripts."""

from __future__ import annotations

import pytest

from parallax.reader.text.segment import paragraphs, segment, sentences


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def _check_invariants(text: str) -> None:
    paras, sents = segment(text)
    for spans in (paras, sents):
        prev = 0
        for s, e in spans:
            assert prev <= s < e <= len(text)
            assert not text[s].isspace() and not text[e - 1].isspace()
            prev = e
    # every sentence lies in one paragraph, and sentences cover each paragraph's words
    for s, e in sents:
        assert any(ps <= s and e <= pe for ps, pe in paras)
    covered = set()
    for s, e in sents:
        covered.update(range(s, e))
    for ps, pe in paras:
        for i in range(ps, pe):
            assert i in covered or text[i].isspace()


def test_abbreviations_are_not_sentence_ends():
    text = ("U.S. President Joe Biden will meet Mr. Putin on Dec. 7 in Geneva, said "
            "James C. McConville. Gen. Milley agreed. It was waiting for U.S. approval.")
    assert _sents(text) == [
        "U.S. President Joe Biden will meet Mr. Putin on Dec. 7 in Geneva, said James C. McConville.",
        "Gen. Milley agreed.",
        "It was waiting for U.S. approval.",
    ]
    _check_invariants(text)
    # press titles abbreviated as AP style writes them
    assert _sents("“We will appeal,” said Dist. Atty. Steve Cooley. Asst. Chief Ann Lee spoke.") == [
        "“We will appeal,” said Dist. Atty. Steve Cooley.", "Asst. Chief Ann Lee spoke."]


def test_initialism_then_common_opener_ends_the_sentence():
    assert _sents("He flew to the U.S. The talks began.") == ["He flew to the U.S.", "The talks began."]


def test_closing_quote_stays_with_its_sentence():
    text = 'Peskov said it was "very serious." Then he left. “Good,” he added.'
    assert _sents(text) == ['Peskov said it was "very serious."', "Then he left.", "“Good,” he added."]


def test_quotation_running_into_attribution_is_one_sentence():
    text = ('"We have a concrete date. I think it\'s better to wait. But this is being prepared," '
            "he said. Afghanistan might also be raised.")
    assert _sents(text) == [
        '"We have a concrete date. I think it\'s better to wait. But this is being prepared," he said.',
        "Afghanistan might also be raised.",
    ]


def test_split_quotes_ends_sentences_inside_a_quotation_but_not_at_abbreviations():
    text = ('"We met Mr. Putin. I think it\'s better to wait. But this is being prepared," '
            "he said. Afghanistan might also be raised.")
    got = [text[s:e] for s, e in sentences(text, split_quotes=True)]
    assert got == [
        '"We met Mr. Putin.',
        "I think it's better to wait.",
        'But this is being prepared," he said.',
        "Afghanistan might also be raised.",
    ]
    assert len(sentences(text)) == 2


def test_question_followed_by_lower_case_attribution():
    assert _sents('"Why?" he asked. Nobody knew.') == ['"Why?" he asked.', "Nobody knew."]


def test_numbers_and_ellipses():
    assert _sents("Growth was 3.5 per cent... Then it rose. In 2014. Moscow acted.") == [
        "Growth was 3.5 per cent...", "Then it rose.", "In 2014.", "Moscow acted.",
    ]


def test_cyrillic():
    text = "Путин встретился с Байденом. Разговор длился два часа! Что дальше? Неизвестно."
    assert _sents(text) == [
        "Путин встретился с Байденом.", "Разговор длился два часа!", "Что дальше?", "Неизвестно.",
    ]


def test_urdu_and_arabic_stops():
    text = "پوتن اور بائیڈن کی ملاقات ہوئی۔ کیا یہ کامیاب رہی؟ وقت بتائے گا۔"
    assert _sents(text) == ["پوتن اور بائیڈن کی ملاقات ہوئی۔", "کیا یہ کامیاب رہی؟", "وقت بتائے گا۔"]
    arabic = "عقد الرئيسان اجتماعا عبر الفيديو. هل نجح الاجتماع؟ لا أحد يعرف."
    assert _sents(arabic) == ["عقد الرئيسان اجتماعا عبر الفيديو.", "هل نجح الاجتماع؟", "لا أحد يعرف."]


def test_cjk_stops_need_no_space():
    text = "普京与拜登举行了视频会晤。会谈持续了两个小时！下一步呢？他说：「我们会再谈。」"
    assert _sents(text) == ["普京与拜登举行了视频会晤。", "会谈持续了两个小时！", "下一步呢？", "他说：「我们会再谈。」"]
    ja = "プーチン氏とバイデン氏が会談した。会談は２時間続いた。"
    assert _sents(ja) == ["プーチン氏とバイデン氏が会談した。", "会談は２時間続いた。"]


def test_paragraphs_split_on_lines_unless_hard_wrapped():
    text = "Headline here\nA standfirst line.\n\nFirst para. Second sentence.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "Headline here", "A standfirst line.", "First para. Second sentence.",
    ]
    wrapped = (
        "The Kremlin said on Friday that Russia and the United States had a\n"
        "tentative date and time for a video summit between Vladimir Putin and\n"
        "Joe Biden in the coming days, but that Moscow was waiting.\n"
        "\n"
        "A second paragraph that is short.\n"
    )
    assert [wrapped[s:e] for s, e in paragraphs(wrapped)] == [
        wrapped[: wrapped.index("\n\n")], "A second paragraph that is short.",
    ]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "x", "a.b", ". . .", "“", "”Hello.", "\u00a0Hi.\u00a0"])
def test_degenerate_inputs_keep_invariants(text):
    _check_invariants(text)


def test_seeds_keep_invariants():
    from tests.conftest import SEEDS

    for path in SEEDS.glob("0*.txt"):
        _check_invariants(path.read_text(encoding="utf-8"))


def test_list_numbers_and_times():
    assert _sents("1. Troops moved to the border. Talks followed.") == [
        "1. Troops moved to the border.", "Talks followed.",
    ]
    assert _sents("They met at 5 p.m. Biden spoke first.") == ["They met at 5 p.m. Biden spoke first."]
    assert _sents("They met at 5 p.m. The talks began.") == ["They met at 5 p.m.", "The talks began."]
    assert _sents("He lives at No. 10 Downing Street. He left.") == [
        "He lives at No. 10 Downing Street.", "He left.",
    ]


def test_a_paragraph_wrapped_at_a_fixed_width_is_one_paragraph_in_caseless_scripts():
    from parallax.reader.text.segment import paragraphs

    ar = ("عقد الرئيس الأمريكي جو بايدن ونظيره الروسي فلاديمير بوتين قمة افتراضية\n"
          "استمرت نحو ساعتين، ناقشا خلالها التوتر المتصاعد بشأن أوكرانيا.")
    text = "بايدن وبوتين يعقدان قمة افتراضية\n\n" + ar + "\n\nشارك"
    spans = paragraphs(text)
    assert [text[s:e] for s, e in spans][1] == ar
    # a headline above a longer standfirst is not one wrapped paragraph
    head = ("Council approves bike lanes on Main Street after debate\n"
            "The vote ends a year of argument between cyclists and the shops on Main Street over parking.")
    assert len(paragraphs(head)) == 2
