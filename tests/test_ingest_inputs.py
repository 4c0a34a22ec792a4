"""Inputs read right: short pastes, text that mentions tags, credits as names, the
one loader of word lists, language identification, legacy encodings."""

from __future__ import annotations

import pytest

from parallax.reader.errors import InputError
from parallax.reader.ingest.article import from_text, load
from parallax.reader.text import lexicon
from parallax.reader.text.language import detect

BODY = (
    "The city council voted on Monday to add protected bike lanes along a mile of Main Street.\n\n"
    "The project will remove 48 parking spaces between Elm Avenue and the river bridge."
)


# ---------------------------------------------------------------- short and pasted inputs


@pytest.mark.parametrize("text", [
    "You can reach George Hunter at (313) 222-2027 or ghunter@detroitnews.com.",
    "“We will not back down from this fight, whatever it costs us,” the mayor said on Monday.",
    "Sign up for our newsletter to get the latest news.",
    "Share this article",
    "Photo: AP",
    "Read more: www.example.com/story",
])
def test_a_pasted_line_is_accepted_whatever_it_says(text):
    assert from_text(text).text == text


def test_a_one_sentence_file_is_accepted(tmp_path):
    p = tmp_path / "contact.txt"
    p.write_text("You can reach George Hunter at (313) 222-2027 or ghunter@detroitnews.com.\n",
                 encoding="utf-8")
    assert load(p).text == "You can reach George Hunter at (313) 222-2027 or ghunter@detroitnews.com."


def test_furniture_around_a_body_still_goes():
    a = from_text("Home\nWorld\nShare this article\n" + BODY + "\n© 2024 Example News")
    assert a.text == BODY


def test_a_text_file_starting_with_a_title_tag_is_text(tmp_path):
    text = "<title> and <meta> are the tags this note is about.\n\n" + BODY
    p = tmp_path / "notes.txt"
    p.write_text(text, encoding="utf-8")
    a = load(p)
    assert a.text.startswith("<title> and <meta> are the tags")
    assert a.text.endswith("river bridge.")
    first = "<title>Council votes for bike lanes</title>\n" + BODY
    q = tmp_path / "first.txt"
    q.write_text(first, encoding="utf-8")
    assert "bike lanes along a mile of Main Street" in load(q).text
    assert "bike lanes along a mile" in from_text(first).text


def test_html_documents_are_still_html(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Council votes</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")) + "</article></body></html>")
    for name in ("page.txt", "page.html"):
        p = tmp_path / name
        p.write_text(page, encoding="utf-8")
        a = load(p)
        assert "<p>" not in a.text and a.text.endswith("river bridge.")
    # an .html file is HTML even when it starts with a bare <title>
    h = tmp_path / "bare.html"
    h.write_text("<title>Council votes</title>" + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")),
                 encoding="utf-8")
    assert "<title>" not in load(h).text


# ---------------------------------------------------------------- credits name agencies and outlets


def test_credits_are_names_and_the_agency_is_exposed():
    a = from_text("MOSCOW (Reuters) - " + BODY + "\n(With inputs from PTI and IANS)")
    assert a.credits == ("Reuters", "PTI", "IANS")
    assert a.agencies == ("Reuters", "PTI", "IANS")
    b = from_text(BODY + "\nRead the full story on Sputnik News")
    assert b.credits == () and b.agencies == ()
    assert b.outlet == "Sputnik News"
    c = from_text("WASHINGTON (Agence France-Presse) - " + BODY)
    assert c.credits == ("Agence France-Presse",) and c.agencies == ("AFP",)
    d = from_text(BODY + "\nThis article was originally published on The Conversation.")
    assert d.credits == ("The Conversation",) and d.agencies == ()


def test_no_credit_is_a_sentence():
    for line in ("(This story has not been edited by Example staff and is auto-generated from a "
                 "syndicated feed.)", "(With agency inputs)", "Source: the minister said it would wait"):
        a = from_text(BODY + "\n" + line)
        assert all(len(c.split()) <= 6 and "." not in c for c in a.credits), a.credits
        assert a.agencies == ()


def test_users_add_agencies(tmp_path, monkeypatch):
    text = "MEXICO CITY (Notimex) - " + BODY
    assert from_text(text).agencies == ()
    (tmp_path / "boilerplate").mkdir()
    (tmp_path / "boilerplate" / "agencies.tsv").write_text("Notimex\tAgencia Mexicana de Noticias\n",
                                                           encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path))
    lexicon.clear_cache()
    try:
        a = from_text(text)
        assert a.credits == ("Notimex",) and a.agencies == ("Notimex",)
        assert from_text(BODY + "\n(With inputs from Agencia Mexicana de Noticias)").agencies == ("Notimex",)
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        lexicon.clear_cache()


def test_the_agency_list_is_data():
    from importlib.resources import files

    from parallax.reader.ingest.agencies import agency_of

    table = files("parallax.resources").joinpath("boilerplate", "agencies.tsv").read_text(encoding="utf-8")
    for name in ("Reuters", "AP", "AFP", "ANI", "PTI", "Sputnik", "TASS", "Xinhua", "APP", "dpa", "EFE",
                 "ANSA", "Kyodo", "Yonhap", "UNI", "IANS", "Bernama", "Anadolu", "WAFA", "IRNA"):
        assert f"\n{name}\t" in table or f"\n{name}\n" in table, name
        assert agency_of(name) == name
    assert agency_of("REUTERS") == "Reuters" and agency_of("新华社") == "Xinhua"
    assert agency_of("Reuters said") is None


# ---------------------------------------------------------------- one loader, one stopword list


def test_clear_cache_rereads_the_line_lists(tmp_path, monkeypatch):
    extra = "Stay informed with our daily briefing"
    text = BODY.replace("\n\n", "\n" + extra + "\n")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path))
    lexicon.clear_cache()
    try:
        assert extra in from_text(text).text
        (tmp_path / "boilerplate").mkdir()
        (tmp_path / "boilerplate" / "lines.txt").write_text(extra + "\n", encoding="utf-8")
        lexicon.clear_cache()
        assert extra not in from_text(text).text
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        lexicon.clear_cache()


def test_one_loader_and_one_stopword_list():
    from importlib.resources import files

    from parallax.reader.text import lexdata

    assert lexdata.read_lexicon_lines is lexicon.read_lexicon_lines is lexicon.lines
    assert "Reuters\tThomson Reuters" in "\n".join(lexicon.lines("boilerplate", "agencies.tsv"))
    assert not files("parallax.resources").joinpath("language", "stopwords.txt").is_file()
    assert "the" in lexicon.stopwords()


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(("text", "lang"), [
    ("Sinabi ng pangulo noong Martes na ang pamahalaan ay magpapasa ng bagong batas tungkol sa "
     "enerhiya, ngunit hindi pa malinaw kung kailan ito ipapatupad.", "tl"),
    ("Perdana Menteri berkata pada hari Selasa bahawa kerajaan akan membentangkan rang undang-undang "
     "baharu mengenai tenaga, tetapi belum jelas bila ia akan dilaksanakan.", "ms"),
    ("Президенти України та США провели в четвер телефонну розмову, яка тривала близько години, "
     "повідомили в Офісі президента.", "uk"),
    ("El govern va presentar dimecres un projecte de llei per reduir els terminis de construcció dels "
     "parcs eòlics, segons van informar fonts de l'executiu.", "ca"),
    ("Rais alisema Jumanne kwamba serikali itawasilisha mswada mpya kuhusu nishati bungeni, lakini "
     "haijulikani lini utaanza kutekelezwa.", "sw"),
    ("Predsjednik Vlade rekao je u srijedu da će vlada uputiti u saborsku proceduru prijedlog zakona o "
     "obnovljivim izvorima energije, no nije jasno kada će biti donesen.", "hr"),
    ("عقد الرئيس الأمريكي جو بايدن ونظيره الروسي فلاديمير بوتين محادثات عبر الفيديو استمرت ساعتين "
     "يوم الثلاثاء، وسط تصاعد التوتر بشأن الحشد العسكري الروسي قرب أوكرانيا.", "ar"),
])
def test_more_languages_are_identified(text, lang):
    assert detect(text) == lang
    assert from_text(text).language == lang


def test_unsure_means_unknown():
    assert detect("OK") is None
    assert detect("Xq zv kkp wrr") is None
    assert from_text("ZZZZ ZZZZ ZZZZ ZZZZ").language is None


def test_inputs_that_are_not_text_are_still_refused():
    with pytest.raises(InputError, match="contains only white space"):
        from_text("   \n  ")


# ---------------------------------------------------------------- legacy encodings

LEGACY = {
    "pl": "Prezydent powiedział w środę, że rząd przedstawi ustawę o źródłach energii. Żaden z "
          "ministrów nie skomentował tej decyzji, a opozycja zapowiedziała głosowanie przeciw.",
    "cs": "Předseda vlády řekl ve středu, že návrh zákona o obnovitelných zdrojích bude předložen "
          "sněmovně. Žádný z ministrů to nekomentoval a opozice ohlásila, že bude hlasovat proti.",
    "hu": "A miniszterelnök szerdán azt mondta, hogy a kormány benyújtja a törvényjavaslatot, "
          "és őszintén szólva ez senkit sem lepett meg a parlamentben.",
    "tr": "Cumhurbaşkanı çarşamba günü yaptığı açıklamada, hükümetin yeni yasa tasarısını "
          "meclise sunacağını söyledi ve muhalefet buna karşı oy kullanacağını açıkladı.",
    "fr": "Le président a déclaré mercredi que la réforme des retraites serait votée avant l'été, "
          "malgré l'opposition des syndicats. Les négociations reprendront à la rentrée.",
    "de": "Die Regierung hat am Mittwoch einen Gesetzentwurf vorgelegt, der die Genehmigung von "
          "Windparks beschleunigen soll. Größere Anlagen würden schneller geprüft, hieß es.",
    "el": "Ο πρωθυπουργός δήλωσε την Τετάρτη ότι η κυβέρνηση θα καταθέσει το νομοσχέδιο στη Βουλή "
          "μέσα στον μήνα, ενώ η αντιπολίτευση ανακοίνωσε ότι θα το καταψηφίσει.",
}


@pytest.mark.parametrize(("lang", "encoding"), [
    ("pl", "cp1250"), ("pl", "iso-8859-2"), ("cs", "cp1250"), ("cs", "iso-8859-2"),
    ("hu", "iso-8859-2"), ("tr", "cp1254"), ("fr", "latin-1"), ("fr", "cp1252"), ("de", "cp1252"),
    ("el", "cp1253"),
])
def test_legacy_encodings_are_read_right(tmp_path, lang, encoding):
    p = tmp_path / f"{lang}.txt"
    p.write_bytes(LEGACY[lang].encode(encoding))
    a = load(p)
    assert a.text == LEGACY[lang]
    assert a.language == lang


def test_polish_and_czech_words_survive(tmp_path):
    p = tmp_path / "pl.txt"
    p.write_bytes(LEGACY["pl"].encode("cp1250"))
    assert "powiedział" in load(p).text
    q = tmp_path / "cs.txt"
    q.write_bytes(LEGACY["cs"].encode("iso-8859-2"))
    assert "Předseda" in load(q).text


# ---------------------------------------------------------------- PDF printed by Qt

PDF_PARAS = [
    "Heavy rain flooded parts of the coastal city overnight, forcing the closure of two schools "
    "and several roads, local authorities said on Monday.",
    "No injuries were reported. Emergency crews pumped water from basements in the old town "
    "until the early morning, and the mayor thanked volunteers.",
]


def test_pdf_printed_by_qt_reads_as_words_and_paragraphs(qapp, tmp_path):
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    path = tmp_path / "qt.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle("Storm floods coastal city")
    doc = QTextDocument()
    doc.setPlainText("\n\n".join(PDF_PARAS))
    doc.print_(writer)
    del writer  # finishes the file
    a = load(path)
    assert "\t" not in a.text
    assert a.title == "Storm floods coastal city"
    assert [a.text[s:e] for s, e in a.paragraphs] == PDF_PARAS
    assert a.language == "en"


def test_encrypted_pdf_is_refused_in_one_line(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    from tests.ingest_fixtures import make_pdf

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(["A sentence of the report, locked away."]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    p = tmp_path / "locked.pdf"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"locked\.pdf: is an encrypted PDF$"):
        load(p)
