"""Units of a plain-text capture and what each looks like: the first pass of
:mod:`parallax.reader.ingest.clean`.

A capture is split into units (lines, or hard-wrapped paragraphs), and each is
classed alone, from what it looks like, never from which site it came from:
``good`` (prose), ``bad`` (page furniture, with the reason in ``why``) or
``neutral``.  Every word list comes from ``resources/boilerplate/`` (read with
:func:`parallax.reader.text.lexicon.lines`, so users extend them), and the
tables built from them are rebuilt when the lexicon sources change.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.ingest import metadata as md
from parallax.reader.ingest.agencies import agency_names
from parallax.reader.text.lexicon import generation, lines
from parallax.reader.text.segment import paragraphs

STOPS = ".!?…。！？۔؟।"
CLOSERS = "\"'”’»)]」』）"
_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
DOMAIN_RE = re.compile(r"(?<![\w.@/])([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.([a-z]{2,}))(?![\w.])")
# what every match of _URL_RE (without "://" or "@") and of DOMAIN_RE holds: cheap to look for
_WWW_RE = re.compile(r"[wW]{3}\.")
_DOT_LETTER_RE = re.compile(r"\.[a-z]")
_SEPARATORS_RE = re.compile(r"\s(?:\|\|?|•|·|>|»|›|/)\s")


def _gen() -> tuple:
    return generation()


@lru_cache(maxsize=64)
def _line_set(name: str, how: str, _g: tuple) -> frozenset[str] | tuple[str, ...]:
    """A ``boilerplate/<name>`` list prepared for matching: ``norm`` (whole lines
    normalised like units), ``fold`` (case-folded words), ``plain``/``strong`` (the
    entries without / with a leading "!", lower case) or ``starts`` (every entry)."""
    entries = lines("boilerplate", name)
    if how == "norm":
        return frozenset(norm(x) for x in entries)
    if how == "fold":
        return frozenset(x.casefold() for x in entries)
    if how == "plain":
        return tuple(x.lower() for x in entries if not x.startswith("!"))
    if how == "strong":
        return tuple(x[1:].strip().lower() for x in entries if x.startswith("!"))
    if how == "starts":
        return tuple(x.lstrip("!").strip().casefold() for x in entries)
    if how == "section starts":
        return tuple(x[1:].strip().casefold() for x in entries if x.startswith("!"))
    raise ValueError(how)


def norm_set(name: str) -> frozenset[str]:
    """A whole-line list (``inline.txt``, ``leads_in.txt``), normalised like units."""
    return _line_set(name, "norm", _gen())


def lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """(the furniture lines of ``lines.txt``, the phrases of ``contains.txt``)."""
    return norm_set("lines.txt"), _line_set("contains.txt", "plain", _gen())


def strong_phrases() -> tuple[str, ...]:
    """Phrases of ``contains.txt`` marked "!": furniture even inside a long sentence."""
    return _line_set("contains.txt", "strong", _gen())


def widget_words() -> frozenset[str]:
    return _line_set("widget_words.txt", "fold", _gen())


def _section_ends() -> frozenset[str]:
    return norm_set("section_ends.txt")


def _short_markers() -> frozenset[str]:
    return _line_set("short_markers.txt", "fold", _gen())


def _starts() -> tuple[str, ...]:
    return _line_set("starts.txt", "starts", _gen())


def _section_starts() -> tuple[str, ...]:
    """Entries of ``starts.txt`` marked '!': they head a list that ends the article."""
    return _line_set("starts.txt", "section starts", _gen())


@lru_cache(maxsize=4)
def _kinds(name: str, _g: tuple) -> dict[str, tuple[str, ...]]:
    """A ``word <TAB> kind`` list of ``boilerplate/`` as kind -> words."""
    out: dict[str, list[str]] = {}
    for line in lines("boilerplate", name):
        word, _, kind = line.partition("\t")
        if word.strip() and kind.strip():
            out.setdefault(kind.strip(), []).append(word.strip())
    return {k: tuple(v) for k, v in out.items()}


def kinds(name: str) -> dict[str, tuple[str, ...]]:
    """The words of a ``word <TAB> kind`` list (``domains.tsv``, ``bio.tsv``) by kind."""
    return _kinds(name, _gen())


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    parts = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return "|".join(parts) or r"(?!x)x"


@lru_cache(maxsize=4)
def _photo_credit_res(_g: tuple) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The forms of an image credit, apart so that each is looked for only where it can be:
    a source before or after a slash or "via" ("REUTERS/Evelyn Hockstein"); a label in
    brackets ending the text ("(Photo: AP)"); a label opening it ("Photo by ..."); a
    picture library's name."""
    table = _kinds("photo_credits.tsv", _g)
    labels = _alternation(table.get("label", ()))
    sources = [*table.get("source", ()), *table.get("library", ())]
    named = _alternation([*sources, *(s.upper() for s in sources), *agency_names()])
    library = _alternation(table.get("library", ()))
    return (
        re.compile(rf"(?<!\w)(?:{named})\s*/\s*[A-Z]|(?:/|\bvia\s)\s*(?:{named})(?!\w)"),
        re.compile(rf"(?i:\((?:{labels})(?!\w)[^)]{{0,60}}\)\s*$)"),
        re.compile(rf"(?i:\W*(?:{labels})\s*(?:by\s|[:|]))"),
        re.compile(rf"(?i:\b(?:{library})\b)"),
    )


@lru_cache(maxsize=4)
def _ascii_library_re(_g: tuple) -> re.Pattern[str] | None:
    """The picture libraries' pattern for an ASCII text in lower case (see
    :func:`parallax.reader.ingest.metadata.ascii_caseless`), or None."""
    names = md.ascii_caseless(_kinds("photo_credits.tsv", _g).get("library", ()))
    return None if names is None else re.compile(rf"\b(?:{_alternation(names)})\b")


def photo_credit(text: str) -> bool:
    """Whether ``text`` holds an image credit ("REUTERS/Evelyn Hockstein", "(Photo: AP)")."""
    return _photo_credit(text, _gen())


def _photo_credit(text: str, g: tuple) -> bool:
    """:func:`photo_credit` with the word lists' generation ``g`` given."""
    slash, bracket, opening, library = _photo_credit_res(g)
    if (("/" in text or "via" in text) and slash.search(text)) or ("(" in text and bracket.search(text)) \
            or opening.match(text):
        return True
    folded = _ascii_library_re(g) if text.isascii() else None
    if folded is None:
        return bool(library.search(text))
    low = text.lower()
    # (each name's longest word is in every match of it: most lines hold none of them)
    return any(w in low for w in _ascii_library_words(g)) and folded.search(low) is not None


@lru_cache(maxsize=4)
def _ascii_library_words(_g: tuple) -> tuple[str, ...]:
    """The longest word of each picture library's name, as :func:`_ascii_library_re` reads them."""
    names = md.ascii_caseless(_kinds("photo_credits.tsv", _g).get("library", ())) or ()
    return tuple(max(n.split(" "), key=len) for n in names)


@lru_cache(maxsize=4)
def _reading_time_re(_g: tuple) -> re.Pattern[str]:
    units = [re.escape(u[:-1]) + r"\w*" if u.endswith("*") else re.escape(u)
             for u in lines("boilerplate", "reading_time.txt")]
    units.sort(key=len, reverse=True)
    return re.compile(rf"(?i)\d+\s*(?:{'|'.join(units) or '(?!x)x'})(?!\w)")


# (?<!\w)\d[\d.,]*[km]?(?!\w), with the lookbehind after the first digit: a pattern that
# opens with a digit is searched for by skipping to digits, not tried at every character
NUMBERS_RE = re.compile(r"\d(?<!\w\d)[\d.,]*[km]?(?!\w)")
_DIGIT_RE = re.compile(r"\d")


def without_figures(line: str) -> str:
    """``line`` without its figures (NUMBERS_RE), white space collapsed: "page 2 of 3" ->
    "page of".  Most lines hold no digit: they skip the figures' pattern."""
    return " ".join((NUMBERS_RE.sub(" ", line) if _DIGIT_RE.search(line) else line).split())
# Pieces of the patterns below: a clock time ("18.45", "6:45 p.m.") and a time ago ("3h ago").
_CLOCK = r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s*[ap]\.?m\.?)?"
_AGO = r"(?:\d+|an?|one|few)\s*(?:h|m|d|sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago"
_RELATIVE_TIME_RE = re.compile(rf"(?i)^\W*(?:updated\s+)?{_AGO}\W*$|^\W*just\s+now\W*$")
# A line that starts with a time: a live-blog entry or a key-events item, never a headline.
TIMED_RE = re.compile(rf"(?i)^\W*(?:{_AGO}|{_CLOCK})(?!\w)")
# A time and nothing else (perhaps labelled, perhaps with a zone): "Updated at 18.12 GMT".
_TIME_ONLY_RE = re.compile(
    rf"(?i)^\W*(?:(?:updated|posted|published|last\s+updated)(?:\s+(?:at|on))?\s*:?\s*)?{_CLOCK}"
    r"(?:\s+[A-Z]{2,5}|\s+(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\W*$"
)
# A caption in the agencies' style ends with the place and the full date: ", December 4, 2021."
_CAPTION_DATE_RE = re.compile(r",\s+(?:\d{1,2}\s+\w+\.?|\w+\.?\s+\d{1,2},?)\s+(?:19|20)\d\d\.\s*$")
_LINK_REF_RE = re.compile(r"\[\d{1,4}\](?=\S)")  # a text browser's link numbers: "[3]Home"


UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff"
# Combining marks are part of words: Indic vowel signs and viramas (but not the danda
# stops), Arabic and Hebrew points, Latin diacritics written apart.
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff"
_WORD = rf"(?:[^\W_{UNSPACED}]|[{_MARKS}])"
_WORDS_RE = re.compile(rf"[{UNSPACED}]|{_WORD}+(?:['’]{_WORD}+)?")
# _WORDS_RE on ASCII text in lower case: [^\W_] is [a-z0-9] there
_ASCII_WORDS_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")


def _links(text: str) -> int:
    """Addresses and domains in ``text``, counted only where one can be: an address needs
    "://", "www." or "@", a domain a dot before a lower-case letter (most prose has none)."""
    n = 0
    if "@" in text or "://" in text or _WWW_RE.search(text):
        n += len(_URL_RE.findall(text))
    if _DOT_LETTER_RE.search(text):
        n += len(DOMAIN_RE.findall(text))
    return n


def words_of(text: str) -> list[str]:
    """Case-folded words (one per character in scripts written without spaces):
    a cheap stand-in for matching keys when counting and comparing vocabularies."""
    if text.isascii():  # no unspaced script, no marks: the same words, without the alternation
        return _ASCII_WORDS_RE.findall(text.casefold())
    return _WORDS_RE.findall(text.casefold())


def norm(line: str) -> str:
    """``line`` case-folded, without the non-alphanumeric characters at its ends (``[\\W_]``:
    what ``str.isalnum`` rejects), white space collapsed."""
    low = line.casefold()
    i, j = 0, len(low)
    # two short scans from the ends: a regex for the trailing run tries every position
    while i < j and not low[i].isalnum():
        i += 1
    while j > i and not low[j - 1].isalnum():
        j -= 1
    return " ".join(low[i:j].split())


@dataclass
class Unit:
    start: int
    end: int
    text: str  # reflowed (a hard-wrapped paragraph becomes one line)
    words: int
    stop_end: bool
    kind: str = "neutral"  # good / neutral / bad
    why: str = ""
    barrier: bool = False
    norm: str = ""
    keys: list[str] = field(default_factory=list)


BULLET_RE = re.compile(r"^\s*(?:[-–—•*·▪●◦]|\d{1,2}[.)])\s+\S")


# Emoji after a sentence's stop ("… the border. 🙂", "… talks! 🇺🇦"): pictographs, dingbats,
# flags, skin tones, keycaps, variation selectors and the joiner of emoji sequences.
_EMOJI_CHAR_RE = re.compile("[\\s\u200d\u20e3\u2600-\u27bf\ufe0e\ufe0f\U0001f000-\U0001faff]")
_TRAILING_EMOJI_RE = re.compile(_EMOJI_CHAR_RE.pattern + "+$")


def ends_with_stop(s: str) -> bool:
    """Sentence-like: ends with a stop (emoji after it aside), introduces something
    (``Key points:``), or is a bulleted item of four words or more."""
    # (most lines end in none of those characters: the pattern is not run over them)
    t = (_TRAILING_EMOJI_RE.sub("", s) if s and _EMOJI_CHAR_RE.match(s, len(s) - 1) else s).rstrip(CLOSERS + " \u00a0*")
    if not t:
        return False
    if t[-1] in STOPS:
        return True
    if t[-1] in ":：" and len(t.split()) >= 2:
        return True
    return bool(BULLET_RE.match(s)) and len(s.split()) >= 5


def prose_like(text: str, keys: list[str]) -> bool:
    """Most cased words start in lower case (menus and headlines are Title Case)."""
    words = text.split()
    cased = [w for w in words if w[:1].isalpha() and (w[:1].isupper() or w[:1].islower())]
    if len(cased) < 5:
        return True
    lower = sum(1 for w in cased if w[:1].islower())
    return lower >= 0.4 * len(cased)


def units_of(text: str) -> list[Unit]:
    out = []
    for s, e in paragraphs(text):
        raw = text[s:e]
        flat = re.sub(r"[ \t]*\n[ \t]*", " ", raw) if "\n" in raw else raw
        if "[" in flat:
            flat = _LINK_REF_RE.sub("", flat)
        ks = words_of(flat)
        out.append(Unit(s, e, flat, len(ks), ends_with_stop(flat), norm=norm(flat), keys=ks))
    return out


class _Tables(NamedTuple):
    """The word lists :func:`classify` reads, prepared once per lexicon generation."""

    whole: frozenset[str]  # lines.txt
    whole_longest: int  # its longest entry: a longer line (or its bare form) is none of them
    section_ends: frozenset[str]
    inline: frozenset[str]
    leads_in: frozenset[str]
    starts: tuple[str, ...]
    section_starts: tuple[str, ...]
    short_markers: frozenset[str]
    widget: frozenset[str]
    plain: tuple[str, ...]
    strong: tuple[str, ...]
    phrases: dict[str, frozenset[str]]  # plain and strong: each with its characters


@lru_cache(maxsize=4)
def _tables(g: tuple) -> _Tables:
    whole = _line_set("lines.txt", "norm", g)
    plain, strong = _line_set("contains.txt", "plain", g), _line_set("contains.txt", "strong", g)
    return _Tables(
        whole, max(map(len, whole), default=0),
        _line_set("section_ends.txt", "norm", g), _line_set("inline.txt", "norm", g),
        _line_set("leads_in.txt", "norm", g),
        _line_set("starts.txt", "starts", g), _line_set("starts.txt", "section starts", g),
        _line_set("short_markers.txt", "fold", g), _line_set("widget_words.txt", "fold", g),
        plain, strong, {p: frozenset(p) for p in dict.fromkeys([*plain, *strong])},
    )


#: Texts up to this long first have their set of characters made, to pass over the
#: phrases with a character they lack (on a longer one the set costs more than it saves).
_CHARSET_MAX = 50_000


def _phrases_in(lows: list[str], phrases: dict[str, frozenset[str]]) -> list[set[str]]:
    """For each of ``lows``, the ``phrases`` it holds: each phrase looked for once in
    the lines joined (by a NUL, which no phrase holds, so no match runs across two
    lines), and the next look starts at the next line: one search of the text a
    phrase, not one of each line.  ``phrases`` maps each phrase to its characters."""
    found: list[set[str]] = [set() for _ in lows]
    starts = list(itertools.accumulate((len(x) + 1 for x in lows[:-1]), initial=0))
    text = "\0".join(lows)
    find = text.find
    if len(text) <= _CHARSET_MAX:
        present = set(text)
        wanted = [p for p, chars in phrases.items() if chars <= present]
    else:
        wanted = list(phrases)
    for p in wanted:
        i = find(p)
        while i >= 0:
            k = bisect.bisect_right(starts, i) - 1
            found[k].add(p)
            if k + 1 == len(starts):
                break
            i = find(p, starts[k + 1])
    return found


def classify_all(units: list[Unit]) -> None:
    """:func:`classify` each of ``units`` (the phrases of ``contains.txt`` looked for in
    all of them at once)."""
    t = _tables(_gen())
    lows = [u.text.casefold() for u in units]
    if "" in t.phrases or any("\0" in p for p in t.phrases):
        for u, low in zip(units, lows, strict=True):
            _classify(u, low, None)
        return
    for u, low, held in zip(units, lows, _phrases_in(lows, t.phrases), strict=True):
        _classify(u, low, held)


def classify(u: Unit) -> None:
    """Set ``u.kind``, ``u.why`` and ``u.barrier`` from what the unit looks like."""
    _classify(u, u.text.casefold(), None)


def _classify(u: Unit, low: str, held: set[str] | None) -> None:
    """:func:`classify`, given ``low`` (the text case-folded) and ``held``: the phrases of
    ``contains.txt`` in it (None: look for them here)."""
    g = _gen()  # the word lists' generation, once a unit
    t = _tables(g)
    whole = t.whole
    if not any(c.isalpha() for c in u.text):
        u.kind, u.why = "bad", "no letters"
        return
    if u.norm in t.section_ends:
        u.kind, u.why, u.barrier = "bad", "section end", True
        return
    if u.norm in t.inline:
        u.kind, u.why = "bad", "interruption"
        return
    leads_in = t.leads_in
    if u.norm in leads_in or u.norm.rstrip(":") in leads_in:
        u.kind, u.why = "bad", "lead-in"
        return
    # (the bare form is never longer than the line: a longer line cannot be in the list)
    if u.norm in whole or u.norm.rstrip(":") in whole or (
            len(u.norm) <= t.whole_longest and (bare := without_figures(u.norm).strip(" :|-")) and bare in whole):
        u.kind, u.why = "bad", "lexicon line"
        return
    if u.words <= 12 and low.lstrip(" \t*•-–—[]0123456789").startswith(t.starts):
        u.kind, u.why = "bad", "lexicon start"
        if u.words <= 6 and low.lstrip(" \t*•-–—[]0123456789").startswith(t.section_starts):
            u.why, u.barrier = "section end", True
        return
    if u.words <= 5 and any(w in t.short_markers for w in u.keys):
        u.kind, u.why = "bad", "short marker"
        return
    if u.words <= 8 and _TIME_ONLY_RE.match(u.text):
        u.kind, u.why = "bad", "timestamp"
        return
    if u.words <= 10:
        widget = t.widget
        words = [w for w in re.split(r"[\s|/•·,]+", low) if w and not NUMBERS_RE.fullmatch(w)]
        if words and all(w.strip(":()[]") in widget for w in words):
            u.kind, u.why = "bad", "widget"
            return
        if u.words <= 5 and _reading_time_re(g).search(low):
            u.kind, u.why = "bad", "reading time"
            return
        if _RELATIVE_TIME_RE.match(u.text):
            u.kind, u.why = "bad", "date"
            return
    if u.words <= 40 and _photo_credit(u.text, g):
        u.kind, u.why = "bad", "photo credit"
        return
    if held is None:
        hits = [p for p in t.plain if p in low]
        strong = any(p in low for p in t.strong)
    elif held:
        hits = [p for p in t.plain if p in held]
        strong = any(p in held for p in t.strong)
    else:  # most lines hold no phrase
        hits, strong = [], False
    if strong:
        u.kind, u.why = "bad", "strong phrase"
        return
    if u.words <= 30 and hits:
        u.kind, u.why = "bad", "lexicon phrase"
        return
    if len(hits) >= 2 and not any(h in hits[0] or hits[0] in h for h in hits[1:]):
        u.kind, u.why = "bad", "lexicon phrases"  # prose rarely names two pieces of furniture
        return
    if u.words <= 40 and _CAPTION_DATE_RE.search(u.text[-40:]) and md.find_dates(u.text[-40:]):
        u.kind, u.why = "bad", "caption"  # "…in Kyiv, Ukraine, December 4, 2021."
        return
    links = _links(u.text)
    seps = len(_SEPARATORS_RE.findall(u.text))
    if links and u.words <= 12 + 4 * links:
        u.kind, u.why = "bad", "link-like"
        return
    if seps >= 2 and not u.stop_end:
        u.kind, u.why = "bad", "separated items"
        return
    code = sum(map(u.text.count, "{}();=<>[]$\\"))  # characters of code, counted in C
    if code >= 4 and code > 0.05 * len(u.text) and re.search(r"[{};]|=>|function\s*\(", u.text):
        u.kind, u.why = "bad", "code"
        return
    if " " not in u.text.strip() and "." in u.text and u.text.strip(".").islower():
        u.kind, u.why = "bad", "tracker"
        return
    if u.words > 40:
        if u.stop_end or prose_like(u.text, u.keys):
            u.kind = "good"
        return
    if md.byline(u.text):
        u.kind, u.why = "bad", "byline"
        return
    # (either reading of 03/12/2021 makes the line a date line; which one is settled later)
    if u.words <= 16 and (md.labelled_date(u.text, prefer_dmy=True) or md.date_line(u.text, prefer_dmy=True)):
        u.kind, u.why = "bad", "date"
        return
    if u.words <= 16 and md.leading_agency(u.text):
        u.kind, u.why = "bad", "agency line"
        return
    for c in md.credit_phrases(u.text):
        if len(c) >= 0.6 * len(u.text.strip(" ()._")):
            u.kind, u.why = "bad", "credit"
            return
    if (u.words >= 6 and u.stop_end) or (u.words >= 30 and prose_like(u.text, u.keys)):
        u.kind = "good"


def furniture(paras: list[str]) -> list[str]:
    """``paras`` without the ones that are page furniture by the rules above
    (used on HTML text that trafilatura already extracted).

    trafilatura has already chosen the body, so this only takes out what is
    furniture whatever its context: a sentence of six words or more stays
    unless it holds a phrase of the strong lexicon ("auto-generated from a
    syndicated feed") or opens with a furniture label ("Our Standards:",
    "Image:"), so that the HTML path does not lose body text that trafilatura
    alone would keep.
    """
    out = []
    for line in paras:
        flat = line.strip()
        ks = words_of(flat)
        u = Unit(0, 0, flat, len(ks), ends_with_stop(flat), norm=norm(flat), keys=ks)
        if u.words >= 6 and u.stop_end:
            low = flat.casefold()
            head = low.lstrip(" \t*•-–—|([")
            if not any(p in low for p in strong_phrases()) and not head.startswith(lexicon()[1]):
                out.append(line)
            continue
        classify(u)
        if u.kind != "bad":
            out.append(line)
    return out

