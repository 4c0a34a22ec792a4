"""The French, Spanish, German, Italian, Portuguese and Russian lexicons, through the public API.

Each language: spelled-out numbers, number qualifiers (and a preposition that is no
qualifier away from a figure), titles and nationality adjectives before names, hedges,
loaded terms and attribution verbs, a neutral sentence with no marker, and naming variants.
The sentences are written for these tests.
"""

from __future__ import annotations

import math

import pytest

from parallax.reader.comparison.engine import compare
from parallax.reader.facts.extract import compare_facts, extract
from parallax.reader.framing.markers import compare_framing, markers
from parallax.reader.model import Article


def _numbers(text: str, lang: str) -> dict[str, tuple[float, float]]:
    return {it.value: (it.lo, it.hi) for it in extract(Article(text=text, language=lang)) if it.kind == "number"}


def _figure(text: str, lang: str, value: str) -> tuple[float, float]:
    """The interval of the figure whose value starts with ``value`` (the counted phrase may run on)."""
    got = _numbers(text, lang)
    hits = [v for k, v in got.items() if k == value or k.startswith(value + " ")]
    assert hits, got
    return hits[0]


def _names(text: str, lang: str) -> set[str]:
    return {it.value for it in extract(Article(text=text, language=lang)) if it.kind == "name"}


def _markers(text: str, lang: str) -> set[tuple[str, str]]:
    return {(m.category, m.text.casefold()) for m in markers(Article(text=text, language=lang))}


# ---------------------------------------------------------------- numbers

NUMBERS = [
    ("fr", "Les deux dirigeants ont parlé pendant deux heures et trois cents soldats attendaient.",
     {"2 heures", "300 soldats"}),
    ("fr", "Dix-huit blessés et soixante-dix-sept morts selon la préfecture.", {"18 blessés", "77 morts"}),
    ("es", "La reunión duró dos horas y dejó veintidós heridos y cuatrocientos detenidos.",
     {"2 horas", "22 heridos", "400 detenidos"}),
    ("de", "Das Gespräch dauerte zwei Stunden, dreiundzwanzig Soldaten wurden verletzt.",
     {"2 Stunden", "23 Soldaten"}),
    ("it", "La telefonata è durata due ore e ventitré soldati sono rimasti feriti.", {"2 ore", "23 soldati"}),
    ("pt", "A chamada durou duas horas e trezentos soldados foram mobilizados.", {"2 horas", "300 soldados"}),
    ("ru", "Разговор продолжался два часа, в учениях участвовали пять тысяч военных.",
     {"2 часа", "5,000 военных"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NUMBERS)
def test_spelled_numbers(lang, text, expected):
    for value in expected:
        _figure(text, lang, value)


def test_scales_of_ten_to_the_ninth():
    # French "milliard" and German "Milliarde" are 10^9; French "billion" is 10^12
    assert _numbers("Le plan coûte deux milliards euros.", "fr")["2,000,000,000 euros"][0] == 2e9
    assert _numbers("Der Plan kostet zwei Milliarden Euro.", "de")["2,000,000,000 Euro"][0] == 2e9
    assert _numbers("La dette atteint trois billions euros.", "fr")["3,000,000,000,000 euros"][0] == 3e12
    assert _numbers("Бюджет составит 5 млрд рублей.", "ru")["5,000,000,000 рублей"][0] == 5e9


def test_indefinite_article_is_not_the_number_one():
    assert not _numbers("Une déclaration commune a été publiée.", "fr")
    assert not _numbers("Eine Erklärung wurde veröffentlicht.", "de")


# ---------------------------------------------------------------- qualifiers

QUALIFIED = [
    ("fr", "Plus de 94 000 soldats sont massés à la frontière.", "94,000 soldats", "at-least"),
    ("fr", "Environ 200 manifestants se sont rassemblés.", "200 manifestants", "about"),
    ("fr", "Jusqu'à 50 personnes ont été arrêtées.", "50 personnes", "at-most"),
    ("es", "Más de 300 personas murieron en el ataque.", "300 personas", "at-least"),
    ("es", "Unos 40 soldados resultaron heridos.", "40 soldados", "about"),
    ("es", "Hasta 20 detenidos fueron liberados.", "20 detenidos", "at-most"),
    ("de", "Mehr als 300 Menschen wurden evakuiert.", "300 Menschen", "at-least"),
    ("de", "Rund 200 Soldaten sind im Einsatz.", "200 Soldaten", "about"),
    ("de", "Bis zu 50 Panzer sollen geliefert werden.", "50 Panzer", "at-most"),
    ("de", "Über 100 Tote wurden gemeldet.", "100 Tote", "at-least"),
    ("it", "Oltre 300 persone sono state evacuate.", "300 persone", "at-least"),
    ("it", "Circa 200 soldati sono stati schierati.", "200 soldati", "about"),
    ("pt", "Mais de 300 pessoas foram retiradas.", "300 pessoas", "at-least"),
    ("pt", "Cerca de 200 soldados foram mobilizados.", "200 soldados", "about"),
    ("ru", "Более 300 человек были эвакуированы.", "300 человек", "at-least"),
    ("ru", "Около 200 военных прибыли на полигон.", "200 военных", "about"),
    ("ru", "Задержаны до 50 участников акции.", "50 участников", "at-most"),
    ("ru", "Не менее 10 домов были разрушены.", "10 домов", "at-least"),
]


@pytest.mark.parametrize(("lang", "text", "value", "kind"), QUALIFIED)
def test_qualifiers(lang, text, value, kind):
    lo, hi = _figure(text, lang, value)
    base = float(value.split()[0].replace(",", ""))
    if kind == "at-least":
        assert lo == base and math.isinf(hi)
    elif kind == "at-most":
        assert lo == 0 and hi == base
    else:
        assert lo < base < hi and not math.isinf(hi)


# A preposition that is also a qualifier qualifies nothing away from a figure.
UNQUALIFIED = [
    ("ru", "Около здания полиции в понедельник задержали 12 человек.", "12 человек"),
    ("ru", "До конца года будут построены 40 домов.", "40 домов"),
    ("de", "Über die Lage berichteten 12 Journalisten.", "12 Journalisten"),
    ("es", "Hasta el lunes fueron liberados 12 detenidos.", "12 detenidos"),
    ("fr", "Près de la frontière, 12 soldats ont été blessés.", "12 soldats"),
]


@pytest.mark.parametrize(("lang", "text", "value"), UNQUALIFIED)
def test_preposition_is_no_qualifier_away_from_a_number(lang, text, value):
    lo, hi = _figure(text, lang, value)
    assert lo == hi == float(value.split()[0])


def test_qualified_figure_does_not_conflict_with_a_value_it_allows():
    left = Article(text="Selon Kiev, plus de 94 000 soldats russes sont massés à la frontière.", language="fr")
    right = Article(text="Selon Kiev, 100 000 soldats russes sont massés à la frontière.", language="fr")
    assert not [f for f in compare_facts(left, right) if f.kind == "number" and f.status == "conflict"]
    exact = Article(text="Selon Kiev, 94 000 soldats russes sont massés à la frontière.", language="fr")
    assert [f for f in compare_facts(exact, right) if f.kind == "number" and f.status == "conflict"]


# ---------------------------------------------------------------- titles and nationality adjectives

NAMES = [
    ("de", "Präsident Wladimir Putin telefonierte mit US-Präsident Joe Biden.", {"Wladimir Putin", "Joe Biden"}),
    ("de", "Russlands Außenminister Sergej Lawrow traf Bundeskanzler Olaf Scholz.", {"Sergej Lawrow", "Olaf Scholz"}),
    ("ru", "Президент России Владимир Путин провёл телефонный разговор.", {"Владимир Путин"}),
    ("ru", "Об этом заявил министр иностранных дел России Сергей Лавров.", {"Сергей Лавров"}),
    ("ru", "Президенты России и США Владимир Путин и Джо Байден поговорили.", {"Владимир Путин", "Джо Байден"}),
    ("fr", "Le Premier ministre Jean Castex a reçu le Porte-parole Gabriel Attal.", {"Jean Castex", "Gabriel Attal"}),
    ("es", "El Presidente Pedro Sánchez recibió al Canciller José Manuel Albares.", {"Pedro Sánchez", "José Manuel Albares"}),
    ("it", "Il Ministro Antonio Tajani ha incontrato il Presidente Sergio Mattarella.", {"Antonio Tajani", "Sergio Mattarella"}),
    ("pt", "O Presidente Luiz Inácio Lula da Silva recebeu o Chanceler Mauro Vieira.",
     {"Luiz Inácio Lula da Silva", "Mauro Vieira"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NAMES)
def test_titles_are_not_part_of_names(lang, text, expected):
    assert _names(text, lang) == expected


def test_bare_nationality_words_are_not_names():
    assert _names("Les Russes et les Américains ont repris le dialogue à Genève.", "fr") == {"Genève"}
    # a demonym before another name stays part of it
    assert "Deutsche Bank" in _names("Die Deutsche Bank meldete am Montag Verluste.", "de")


def test_document_noun_is_no_speaker():
    art = Article(text="La présidence a publié mardi un texte. « Nous ne céderons pas », indique le communiqué.",
                  language="fr")
    quotes = [it for it in extract(art) if it.kind == "quote"]
    assert quotes and all("communiqué" not in it.head for it in quotes)


# ---------------------------------------------------------------- hedges, loaded terms, attribution

FRAMED = [
    ("fr", "Le prétendu référendum a été une mascarade, a déploré le ministre.",
     {("hedge", "prétendu")}),
    ("fr", "Les soldats présumés responsables de ces exactions ont été arrêtés.",
     {("hedge", "présumés"), ("loaded", "exactions")}),
    ("es", "El supuesto atentado fue una masacre, denunció el portavoz.",
     {("hedge", "supuesto"), ("loaded", "masacre"), ("attribution", "denunció")}),
    ("de", "Die angeblichen Beweise seien haltlos, sagte der mutmaßliche Täter.",
     {("hedge", "angeblichen"), ("attribution", "sagte")}),
    ("de", "Der Machthaber ließ die Demonstranten von Söldnern verprügeln.",
     {("loaded", "machthaber"), ("loaded", "söldnern")}),
    ("it", "Il presunto attacco sarebbe stato una carneficina, ha denunciato il ministro.",
     {("hedge", "presunto"), ("loaded", "carneficina"), ("attribution", "ha denunciato")}),
    ("pt", "O suposto ataque foi uma chacina, denunciou o ministro.",
     {("hedge", "suposto"), ("loaded", "chacina"), ("attribution", "denunciou")}),
    ("ru", "Так называемый референдум якобы прошёл спокойно, заявил Лавров.",
     {("hedge", "так называемый"), ("hedge", "якобы"), ("attribution", "заявил")}),
    ("ru", "Удары по позициям киевского режима продолжаются, сообщили в штабе.",
     {("loaded", "киевского режима"), ("attribution", "сообщили")}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), FRAMED)
def test_hedges_loaded_and_attribution(lang, text, expected):
    got = _markers(text, lang)
    assert expected <= got, got


def test_attribution_stance():
    ms = markers(Article(text="Le ministre, a reconnu Poutine, n'a pas tenu parole.", language="fr"))
    assert [m.note for m in ms if m.category == "attribution"] == ["concessive"]
    ms = markers(Article(text="Лавров, предположил Песков, приедет в Женеву.", language="ru"))
    assert [m.note for m in ms if m.category == "attribution"] == ["tentative"]


NEUTRAL = [
    ("fr", "Le gouvernement a présenté mardi à Paris le budget de l'année prochaine."),
    ("fr", "Les occupants du véhicule ont été légèrement blessés lors de l'accident."),
    ("es", "El Gobierno presentó el martes en Madrid los presupuestos del próximo año."),
    ("de", "Er will am Freitag nach Paris reisen und dort den Minister treffen."),
    ("it", "Il governo ha presentato martedì a Roma il bilancio per il prossimo anno."),
    ("pt", "O governo apresentou na terça-feira em Brasília o orçamento para o próximo ano."),
    ("ru", "Правительство во вторник представило в Москве проект бюджета на следующий год."),
]


@pytest.mark.parametrize(("lang", "text"), NEUTRAL)
def test_neutral_sentence_has_no_hedge_or_loaded_term(lang, text):
    got = {c for c, _ in _markers(text, lang)}
    assert not got & {"hedge", "loaded", "naming"}, got


# ---------------------------------------------------------------- naming variants


@pytest.mark.parametrize(("lang", "left", "right", "a", "b"), [
    ("fr", "Des frappes ont visé Kiev dans la nuit.", "Des frappes ont visé Kyiv dans la nuit.", "Kiev", "Kyiv"),
    ("de", "Raketen trafen in der Nacht Kiew.", "Raketen trafen in der Nacht Kyjiw.", "Kiew", "Kyjiw"),
    ("ru", "Переговоры на Украине продолжаются.", "Переговоры в Украине продолжаются.", "на Украине", "в Украине"),
])
def test_naming_variants_linked(lang, left, right, a, b):
    ms, _, _ = compare_framing(Article(text=left, language=lang), Article(text=right, language=lang))
    naming = {(m.side, m.text) for m in ms if m.category == "naming"}
    assert naming == {("left", a), ("right", b)}


def test_same_variant_both_sides_is_not_marked():
    art = Article(text="Des frappes ont visé Kiev dans la nuit.", language="fr")
    ms, _, _ = compare_framing(art, Article(text="Kiev a été visée par des frappes.", language="fr"))
    assert not [m for m in ms if m.category == "naming"]


def test_whole_comparison_in_spanish():
    left = Article(text="El presidente ruso, Vladímir Putin, habló durante dos horas con Joe Biden, "
                        "según un comunicado del Kremlin. Más de 90.000 soldados rusos están en la frontera.",
                   language="es")
    right = Article(text="Vladímir Putin conversó dos horas con Joe Biden, informó la Casa Blanca. "
                         "El supuesto plan de invasión preocupa a Kiev.", language="es")
    cmp = compare(left, right)
    shared = {f.value for f in cmp.facts if f.status == "shared"}
    assert "2 horas" in shared and "Vladímir Putin" in shared
    cats = {(m.side, m.category) for m in cmp.framing}
    assert ("right", "hedge") in cats


# Outside English a lexicon word also matches words sharing a long prefix with it, so a verb
# form must not drag in its noun ("schrieb" took "Schritt", "передаёт" took "перед").
PREFIX_NEIGHBOURS = [
    ("de", "Die Forderung, die Bestätigung, die Berichte und die Antwort liegen vor."),
    ("de", "Die Gewerkschaften begrüßten den Schritt, halten ihn aber für unzureichend."),
    ("de", "Die Ukraine erhält weitere Patriot-Systeme und Patriot-Raketen."),
    ("ru", "Встреча прошла в Женеве, перед этим министры говорили по телефону."),
    ("ru", "Патриарх Кирилл провёл службу в храме."),
    ("ru", "В ответ на запрос ведомство прислало документы."),
    ("pt", "As garantias de segurança, exigidas por Moscou, foram discutidas."),
    ("es", "El anuncio, hecho el martes, fue recibido con calma."),
    ("de", "Die Tür ist offen; das Wetter, die Massage und Barbara."),
    ("fr", "La confiance, le carnaval et le complet: tout se déroule en brigade."),
    ("es", "El precio, la llamada y el especial: El Salvador estaría de acuerdo."),
    ("it", "La massa, la fascia d'età e il sostituto procuratore; la giunta regionale."),
    ("pt", "A massa, o poder e a chamada: a junta de freguesia estaria reunida."),
    ("ru", "Он заговорил о кризисе, у сторон есть возможность, фанаты пришли."),
]


@pytest.mark.parametrize(("lang", "text"), PREFIX_NEIGHBOURS)
def test_nouns_near_lexicon_verbs_are_not_markers(lang, text):
    assert not _markers(text, lang)
