"""Ingestion: formats, encodings, line endings, bad input, metadata, language."""

from __future__ import annotations

import os
import socket

import pytest

from parallax.reader.errors import InputError
from parallax.reader.ingest.article import DEFAULT_MAX_BYTES, from_bytes, from_text, load
from parallax.reader.ingest.metadata import byline, find_dates, labelled_date
from parallax.reader.text.language import detect
from tests.ingest_fixtures import make_docx, make_pdf

BODY = [
    "The Kremlin said on Friday that Russia and the United States had agreed a date for a video call between the two presidents.",
    "“Given the tense situation, there is now an urgent need to provide us with guarantees,” an adviser said, adding that the talks would follow Putin’s visit to India.",
    "Washington did not confirm the date, but a spokesperson said preparations were under way.",
]
CAPTURE = "\n".join(
    ["Home", "World", "Politics", "Kremlin says date set for video call", "By Jane Doe",
     "Published: 12:20, 5 December 2021", "Share", *BODY, "TRENDING", "1",
     "Oil prices climb", "2", "Markets rally again", "© 2021 Example News. All rights reserved."]
)


def _check_spans(a):
    for spans in (a.paragraphs, a.sentences):
        prev = 0
        for s, e in spans:
            assert prev <= s < e <= len(a.text)
            assert not a.text[s].isspace() and not a.text[e - 1].isspace()
            prev = e


# ---------------------------------------------------------------- plain text and encodings


def test_capture_is_cleaned_and_metadata_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(CAPTURE, encoding="utf-8")
    a = load(p)
    assert a.text == "\n\n".join(BODY)
    assert a.title == "Kremlin says date set for video call"
    assert a.byline == "Jane Doe"
    assert a.published == "2021-12-05T12:20:00"
    assert a.language == "en"
    assert a.path == str(p)
    assert [a.text[s:e] for s, e in a.paragraphs] == BODY
    _check_spans(a)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_encodings_are_detected(tmp_path, encoding):
    text = CAPTURE
    if encoding == "cp1252":
        text = text.replace("Putin’s", "Putin’s café")  # smart quote and é are in cp1252
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(encoding)  # UTF-16 with its BOM
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    a = load(p)
    assert "“Given the tense situation" in a.text
    assert "Putin’s" in a.text
    assert "\ufeff" not in a.text


def test_latin1_file(tmp_path):
    p = tmp_path / "fr.txt"
    text = ("Le président a déclaré mercredi que la réforme des retraites serait votée avant l'été, "
            "malgré l'opposition des syndicats. Les négociations reprendront à la rentrée.")
    p.write_bytes(text.encode("latin-1"))
    a = load(p)
    assert a.text == text
    assert a.language == "fr"


def test_cp1251_cyrillic_file(tmp_path):
    text = ("Президенты России и США провели в четверг телефонный разговор, который продолжался "
            "около часа. По словам помощника президента, стороны обсудили ситуацию вокруг Украины "
            "и подготовку к переговорам по стратегической стабильности.")
    p = tmp_path / "ru.txt"
    p.write_bytes(text.encode("cp1251"))
    a = load(p)
    assert a.text == text
    assert a.language == "ru"


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_line_endings(tmp_path, eol):
    p = tmp_path / "a.txt"
    p.write_bytes(CAPTURE.replace("\n", eol).encode("utf-8"))
    a = load(p)
    assert "\r" not in a.text
    assert a.text == "\n\n".join(BODY)


def test_display_text_is_not_normalised():
    text = ("He said it was “very, very serious” — and the U.S.`s reply, due\u00a0Friday, "
            "was ‘firm’ – officials said.")
    a = from_text(text)
    assert a.text == text


def test_hard_wrapped_markdown(tmp_path):
    md = (
        "---\ntitle: Storm hits the coast\nauthor: Ana Lima\ndate: 2023-03-04\n---\n\n"
        "# Storm hits the coast\n\n"
        "Heavy rain **flooded** parts of the coastal city overnight, forcing the\n"
        "closure of two schools and several roads, local [authorities](http://x.org) said.\n\n"
        "## Clean-up\n\n"
        "No injuries were reported. Emergency crews pumped water from basements\n"
        "in the old town until the early morning.\n"
    )
    p = tmp_path / "a.md"
    p.write_text(md, encoding="utf-8")
    a = load(p)
    assert a.title == "Storm hits the coast"
    assert a.byline == "Ana Lima"
    assert a.published == "2023-03-04"
    assert a.text.startswith("Heavy rain flooded parts of the coastal city overnight, forcing the closure")
    assert "local authorities said." in a.text
    assert "**" not in a.text and "http" not in a.text
    assert "Clean-up" in a.text
    assert len(a.paragraphs) == 3


# ---------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html><html lang="en"><head><title>Putin and Biden talk | Example</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2021-12-07T18:30:00+00:00">
<link rel="stylesheet" href="http://example.invalid/style.css">
<script src="http://example.invalid/tracker.js"></script>
<script>document.write('INJECTED BY SCRIPT');</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Putin and Biden talk</h1>
<p>Virtual talks between US President Joe Biden and his Russian counterpart Vladimir Putin have concluded, with the two leaders discussing a range of issues.</p>
<img src="http://example.invalid/photo.jpg">
<p>“Greetings, Mr President,” Putin said in a brief video clip released by the Kremlin from Tuesday’s meeting.</p>
<p>The White House said the call lasted two hours and one minute, and that the two presidents tasked their teams to follow up.</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></aside>
<footer>© 2021 Example News. All rights reserved.</footer></body></html>"""


def test_html_article_and_metadata_without_network(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("ingestion tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    a = load(p)
    assert a.title == "Putin and Biden talk"
    assert a.outlet == "Example News"
    assert a.byline == "Jane Doe"
    assert a.published == "2021-12-07T18:30:00+00:00"
    assert a.language == "en"
    assert a.text.startswith("Virtual talks between US President Joe Biden")
    assert "two hours and one minute" in a.text
    for junk in ("INJECTED", "Home", "Other story", "All rights reserved", "Putin and Biden talk"):
        assert junk not in a.text
    assert len(a.paragraphs) == 3
    _check_spans(a)


def test_html_detected_by_content_and_pasted(tmp_path):
    p = tmp_path / "saved.txt"
    p.write_text(HTML, encoding="utf-8")
    assert load(p).title == "Putin and Biden talk"
    assert from_text(HTML).title == "Putin and Biden talk"


def test_html_without_article_is_refused(tmp_path):
    p = tmp_path / "nav.html"
    p.write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>Menu</a></nav></body></html>")
    with pytest.raises(InputError, match=r"nav\.html: has no article text"):
        load(p)


# ---------------------------------------------------------------- PDF and DOCX


def test_pdf_text_layer(tmp_path):
    lines = [
        "Heavy rain flooded parts of the coastal city overnight, forcing the closure",
        "of two schools and several roads, local authorities said on Monday.",
        "",
        "No injuries were reported. Emergency crews pumped water from basements in",
        "the old town until the early morning.",
    ]
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf(lines, title="Storm floods coastal city"))
    a = load(p)
    assert a.title == "Storm floods coastal city"
    assert "forcing the closure of two schools" in a.text
    assert "basements in the old town" in a.text
    assert a.language == "en"
    _check_spans(a)


def test_pdf_without_text_layer_and_damaged_pdf(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(make_pdf([]))
    with pytest.raises(InputError, match=r"scan\.pdf: has no text layer"):
        load(p)
    q = tmp_path / "broken.pdf"
    q.write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    with pytest.raises(InputError, match=r"broken\.pdf"):
        load(q)


def test_docx(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(make_docx([
        ("Storm floods coastal city", "Title"),
        ("Heavy rain flooded parts of the coastal city overnight, forcing the closure of two schools.", None),
        ("Clean-up", "Heading 2"),
        ("No injuries were reported. Emergency crews worked until the early morning.", None),
    ]))
    a = load(p)
    assert a.title == "Storm floods coastal city"
    assert a.text == (
        "Heavy rain flooded parts of the coastal city overnight, forcing the closure of two schools."
        "\n\nClean-up\n\nNo injuries were reported. Emergency crews worked until the early morning."
    )
    assert len(a.sentences) == 4


def test_damaged_docx_and_other_zip(tmp_path):
    import zipfile

    p = tmp_path / "broken.docx"
    p.write_bytes(make_docx([("Hello there, this is text.", None)])[:200])
    with pytest.raises(InputError, match=r"broken\.docx"):
        load(p)
    z = tmp_path / "a.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("x.txt", "hello")
    with pytest.raises(InputError, match=r"a\.zip: is a ZIP archive"):
        load(z)


# ---------------------------------------------------------------- bad input (issue section 8)


def _one_line_error(path, match):
    with pytest.raises(InputError) as info:
        load(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert str(path) in msg
    assert match in msg
    return msg


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n  \n")
    _one_line_error(tmp_path / "empty.txt", "is empty")
    _one_line_error(tmp_path / "blank.txt", "no text")


def test_images_and_binaries(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (tmp_path / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(200))
    (tmp_path / "prog").write_bytes(b"\x7fELF" + os.urandom(200))
    (tmp_path / "data.bin").write_bytes(bytes(range(256)) * 4)
    _one_line_error(tmp_path / "photo.png", "PNG image")
    _one_line_error(tmp_path / "photo.txt", "JPEG image")
    _one_line_error(tmp_path / "prog", "not an article")
    _one_line_error(tmp_path / "data.bin", "binary")


def test_size_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: costs no disk
    msg = _one_line_error(big, "over the 20 MB limit")
    assert "20 MB" in msg
    small = tmp_path / "small.txt"
    small.write_text(CAPTURE, encoding="utf-8")
    with pytest.raises(InputError, match="limit"):
        load(small, max_bytes=100)
    assert load(small, max_bytes=10_000).text


def test_directory_missing_and_unreadable(tmp_path):
    _one_line_error(tmp_path, "is a directory")
    _one_line_error(tmp_path / "nope.txt", "no such file")
    locked = tmp_path / "locked.txt"
    locked.write_text(CAPTURE, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            # root ignores permissions: make opening fail the way it would for a user
            import pathlib

            def denied(self, *args, **kwargs):
                raise PermissionError(13, "Permission denied", str(self))

            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(pathlib.Path, "open", denied)
                _one_line_error(locked, "permission denied")
        else:
            _one_line_error(locked, "permission denied")
    finally:
        locked.chmod(0o600)


def test_invalid_byte_sequences(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_bytes("café and résumé and naïve and été, ".encode() * 3 + b"caf\xe9 \x81\x8d")
    _one_line_error(p, "invalid")
    q = tmp_path / "undefined.txt"
    q.write_bytes(b"plain text with an undefined byte \x81 in the middle of it all")
    _one_line_error(q, "invalid byte sequences")
    r = tmp_path / "bad16.txt"
    r.write_bytes(b"\xff\xfe" + "Hello".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    _one_line_error(r, "invalid")


def test_from_bytes_and_from_text_errors():
    with pytest.raises(InputError, match="pasted text: is empty"):
        from_text("")
    with pytest.raises(InputError, match="pasted text: contains only white space"):
        from_text(" \n ")
    with pytest.raises(InputError, match="clip: is empty"):
        from_text("", source="clip")
    with pytest.raises(InputError, match="<stdin>: is a PNG image"):
        from_bytes(b"\x89PNG\r\n\x1a\n0000", source="<stdin>")


# ---------------------------------------------------------------- pasted text


def test_clean_paste_is_kept_whole():
    text = "\n\n".join(BODY)
    a = from_text(text)
    assert a.text == text
    assert a.path is None and a.title is None
    assert from_text("Putin met Biden.").text == "Putin met Biden."
    assert from_text("Biden meets Putin").text == "Biden meets Putin"


def test_from_text_source_and_raw_mode():
    a = from_text(CAPTURE, source="clipboard", clean=False)
    assert a.path == "clipboard"
    assert "TRENDING" in a.text and "Home" in a.text
    _check_spans(a)


# ---------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 13:56 IST, November 19th 2021", "2021-11-19T13:56:00+05:30"),
        ("Reuters | Updated: 03-12-2021 19:23 IST | Created: 03-12-2021 19:23 IST", "2021-12-03T19:23:00+05:30"),
        ("Published: 12:20, 5 December 2021", "2021-12-05T12:20:00"),
        ("date 2021-12-03 Left Menu", "2021-12-03"),
        ("Posted on December 7, 2021 at 10:32 am EST", "2021-12-07T10:32:00-05:00"),
        ("Publié le 21 septembre 2022 à 10h32", "2022-09-21T10:32:00"),
        ("Опубликовано: 30.12.2021 22:15 MSK", "2021-12-30T22:15:00+03:00"),
        ("Updated: 2021-12-07T18:30:00Z", "2021-12-07T18:30:00+00:00"),
        ("Updated: 03-12-2021 19:23 IST", "2021-12-03T19:23:00+05:30"),
        ("Published: 5 December 2021", "2021-12-05"),
        ("date 2021-12-03", "2021-12-03"),
        ("Updated: Dec. 7, 2021 10:04 a.m. ET", "2021-12-07T10:04:00-05:00"),
        ("Updated: July 7, 2021 10:04 a.m. ET", "2021-07-07T10:04:00-04:00"),
        ("Опубликовано: 7 декабря 2021, 21:40", "2021-12-07T21:40:00"),
        ("نشر في ٧ ديسمبر ٢٠٢١", "2021-12-07"),
        ("发布时间：2021年12月7日 23:41", "2021-12-07T23:41:00"),
        ("First published on Tue 7 Dec 2021 13.02 GMT", "2021-12-07T13:02:00+00:00"),
        ("Publié le 7 décembre 2021 à 22h30", "2021-12-07T22:30:00"),
        ("Publicado: 7.dez.2021 às 21h30", "2021-12-07T21:30:00"),
        ("פורסם: 07.12.21, 23:10", "2021-12-07T23:10:00"),
        ("अपडेटेड: 08 दिसंबर 2021, 06:15 IST", "2021-12-08T06:15:00+05:30"),
        ("입력 2021.12.08 07:30", "2021-12-08T07:30:00"),
        ("Published: 07 dicembre 2021 | 22:40", "2021-12-07T22:40:00"),
    ],
)
def test_labelled_dates(line, expected):
    found = labelled_date(line)
    assert found is not None
    assert found[1].iso() == expected


def test_ambiguous_and_unlabelled_dates():
    assert labelled_date("Dhaka Friday 26 April 2024") is None
    assert find_dates("on 03/12/2021")  == []  # day or month first? the page does not say
    assert find_dates("on 13/12/2021")[0].iso() == "2021-12-13"


def test_page_clock_is_not_the_publication_date():
    text = "\n".join(["Example Portal", "Dhaka Friday 26 April 2024", "Headline about the talks", *BODY])
    a = from_text(text)
    assert a.published is None


@pytest.mark.parametrize(
    ("line", "name"),
    [("By Jane Doe", "Jane Doe"), ("Reported by: Bhavya Sukheja", "Bhavya Sukheja"),
     ("by Sputnik News", "Sputnik News"), ("By Tom Becker | March 14, 2023", "Tom Becker"),
     ("Par Marie Dupont", "Marie Dupont"), ("by the way, this is not a byline", None)],
)
def test_bylines(line, name):
    assert byline(line) == name


def test_credits_are_collected():
    text = "\n".join([
        "MOSCOW (Reuters) - " + BODY[0], BODY[1],
        BODY[2] + "_Zee News", "(With inputs from ANI)",
        "(This story has not been edited by Example staff and is auto-generated from a syndicated feed.)",
        "Read the full story on Sputnik News",
    ])
    a = from_text(text)
    # credits are the names of agencies and outlets, never the sentences that state them;
    # a syndication notice naming no one and a link to the outlet's own page credit no one
    assert a.credits == ("Reuters", "ANI", "Zee News")
    assert a.agencies == ("Reuters", "ANI")
    assert a.outlet == "Example"
    assert a.text.endswith("preparations were under way.")


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The talks between the two presidents lasted two hours, and officials said they were constructive.", "en"),
        ("Le gouvernement a présenté mercredi un projet de loi pour réduire les délais de construction des parcs.", "fr"),
        ("Die Regierung hat am Mittwoch einen Gesetzentwurf vorgelegt, der die Genehmigung von Windparks beschleunigen soll.", "de"),
        ("El gobierno presentó el miércoles un proyecto de ley para reducir los plazos de construcción de los parques.", "es"),
        ("Президенты России и США провели в четверг телефонный разговор, который продолжался около часа.", "ru"),
        ("Президенти України та США провели в четвер телефонну розмову, яка тривала близько години.", "uk"),
        ("وزیر اعظم نے جمعرات کو کابینہ کے اجلاس کی صدارت کی جس میں منصوبے کی منظوری دی گئی۔", "ur"),
        ("عقد الرئيسان اجتماعا عبر الفيديو يوم الثلاثاء في ظل توتر متزايد بين البلدين حول أوكرانيا.", "ar"),
        ("国家统计局周三公布的数据显示，今年前三个季度全国规模以上工业增加值同比增长。", "zh"),
        ("プーチン大統領とバイデン大統領は火曜日にオンラインで会談した。", "ja"),
        ("두 정상은 화요일 화상으로 회담을 가졌다고 백악관이 밝혔다.", "ko"),
    ],
)
def test_language_detection(text, lang):
    assert detect(text) == lang


def test_arabic_news_copy_is_arabic():
    # Arabic attaches "and", "the", "in" to the next word, so fewer whole function words
    # stand alone than in other languages: a wire paragraph must still be recognised.
    text = ("عقد الرئيس الأمريكي جو بايدن ونظيره الروسي فلاديمير بوتين محادثات عبر الفيديو "
            "استمرت ساعتين يوم الثلاثاء، وسط تصاعد التوتر بشأن الحشد العسكري الروسي قرب أوكرانيا. "
            "وقال البيت الأبيض إن بايدن أعرب عن القلق العميق للولايات المتحدة وحلفائها الأوروبيين "
            "إزاء تصعيد روسيا لقواتها حول أوكرانيا.")
    assert detect(text) == "ar"


def test_language_unknown_for_too_little_text():
    assert detect("OK") is None
    assert detect("12345 67890") is None


def test_html_in_a_declared_legacy_charset(tmp_path):
    page = HTML.replace('<html lang="en"><head>', '<html lang="ru"><head><meta charset="windows-1251">')
    page = page.replace("Virtual talks between", "Переговоры между")
    p = tmp_path / "ru.html"
    p.write_bytes(page.encode("cp1251", errors="replace"))
    a = load(p)
    assert a.text.startswith("Переговоры между US President")


def test_code_and_tracker_lines_are_removed():
    text = "\n".join([
        "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}",
        "sb.scorecardresearch",
        *BODY,
        "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
    ])
    assert from_text(text).text == "\n\n".join(BODY)


def test_long_cookie_wall_is_furniture():
    wall = ("We and our partners use cookies and similar technologies to store and access information "
            "on your device, to personalise content and ads, to provide social media features and to "
            "analyse our traffic. By clicking accept you agree; you can change your choices at any time "
            "in the cookie settings page linked at the bottom of every page of this website.")
    assert from_text("\n".join([wall, *BODY])).text == "\n\n".join(BODY)


def test_user_lexicon_extends_the_boilerplate_lines(tmp_path, monkeypatch):
    from parallax.reader.text import lexicon

    extra = "Stay informed with our daily briefing"
    text = "\n".join([*BODY[:2], extra, BODY[2]])
    assert extra in from_text(text).text
    (tmp_path / "boilerplate").mkdir()
    (tmp_path / "boilerplate" / "lines.txt").write_text(extra + "\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path))
    try:
        assert extra not in from_text(text).text
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        lexicon.clear_cache()


def test_bulleted_list_in_the_body_is_kept_but_a_bulleted_menu_is_not():
    listed = ("Key points:\n- Troops moved to the border\n- Talks were held on Tuesday\n"
              "- Sanctions were threatened\nThe talks lasted two hours and both sides said they were useful.")
    a = from_text(listed)
    assert a.text.split("\n\n") == listed.split("\n")
    assert a.title is None
    menu = "* Home\n* World\n* Politics\n" + "\n".join(BODY)
    assert from_text(menu).text == "\n\n".join(BODY)


def test_headline_above_a_pasted_paragraph_becomes_the_title():
    a = from_text("Biden warns Putin\nBiden warned Putin of sanctions on Tuesday during a two-hour call.")
    assert a.title == "Biden warns Putin"
    assert a.text == "Biden warned Putin of sanctions on Tuesday during a two-hour call."


def test_pasted_html_fragment_is_read_as_html():
    frag = ("<h1>Storm hits the coast</h1><p>Heavy rain flooded parts of the coastal city overnight, "
            "forcing the closure of two schools, local authorities said.</p>"
            "<p>No injuries were reported. Crews worked until morning.</p>")
    a = from_text(frag)
    assert a.title == "Storm hits the coast"
    assert a.text.endswith("Crews worked until morning.")
    assert "<p>" not in a.text
    text = "<b>Note</b> this is plain text with a tag, not a page."
    assert from_text(text).text == text


def test_running_page_headers_of_a_printed_page_are_removed():
    pages = []
    for i, para in enumerate(BODY, start=1):
        pages += ["Kremlin talks report - Example News", para, f"Page {i} of {len(BODY)}"]
    assert from_text("\n".join(pages)).text == "\n\n".join(BODY)
