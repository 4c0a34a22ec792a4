"""Metadata that pages state in their text: dates, bylines, credits, outlets.

Everything here reads one line (or a short run of text) and returns what it
*states*, or ``None``.  Nothing is guessed: a date needs a label
("Published", "Updated", "date", ...) or a position given by the caller, a
numeric date that could be day-month or month-day is only read when the
page settles which, and time zones are turned into offsets only from a
table of abbreviations (``resources/boilerplate/timezones.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.ingest.agencies import agency_of, agency_pattern
from parallax.reader.text.dates import LOOSE_CLOCK_RE, date_mentions, month_numbers, valid_date
from parallax.reader.text.keys import has_unspaced
from parallax.reader.text.lexicon import generation
from parallax.reader.text.lexicon import lines as read_lexicon_lines

# ---------------------------------------------------------------- months
#
# Dates are read by the one date parser, parallax.reader.text.dates (which facts use
# too); its month names are every language's dates.tsv lexicon.


class _Months(Mapping[str, int]):
    """Month words (matching keys) -> month number, as the lexicons say now."""

    def __getitem__(self, word: str) -> int:
        return month_numbers()[word]

    def __iter__(self) -> Iterator[str]:
        return iter(month_numbers())

    def __len__(self) -> int:
        return len(month_numbers())


MONTHS: Mapping[str, int] = _Months()  # for other modules
_WEEKDAY_RE = (
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
)

_TIME_RE = LOOSE_CLOCK_RE
_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")
_ZONE_RE = re.compile(r"\b([A-Z]{2,5})\b")


@lru_cache(maxsize=1)
def _zones() -> dict[str, int | str]:
    """Time-zone abbreviation -> offset in minutes, or the IANA zone whose
    offset depends on the date ("ET America/New_York": -05:00 in December)."""
    out: dict[str, int | str] = {}
    for line in read_lexicon_lines("boilerplate", "timezones.txt"):
        parts = line.split()
        if len(parts) != 2:
            continue
        if parts[1][:1] in "+-":
            sign = -1 if parts[1].startswith("-") else 1
            h, _, m = parts[1].lstrip("+-").partition(":")
            out[parts[0]] = sign * (int(h) * 60 + int(m or 0))
        else:
            out[parts[0]] = parts[1]
    return out


def _zone_offset(zone: int | str, day: date, clock: time) -> int | None:
    if isinstance(zone, int):
        return zone
    try:
        from zoneinfo import ZoneInfo

        delta = datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).utcoffset()
    except Exception:  # no time-zone database on this system: the offset stays unknown
        return None
    return None if delta is None else int(delta.total_seconds() // 60)


class Stamp(NamedTuple):
    """A date with optional time and UTC offset, and where it was found."""

    day: date
    clock: time | None
    offset: int | None  # minutes east of UTC
    start: int
    end: int

    def iso(self) -> str:
        if self.clock is None:
            return self.day.isoformat()
        dt = datetime.combine(self.day, self.clock)
        if self.offset is not None:
            dt = dt.replace(tzinfo=timezone(timedelta(minutes=self.offset)))
        return dt.isoformat()


_ANY_DIGIT_RE = re.compile(r"\d")  # (any script's digits, as the date patterns read them)


def find_dates(text: str, /, *, prefer_dmy: bool | None = None) -> list[Stamp]:
    """Every date stated in ``text`` with the time and zone written next to it.

    ``prefer_dmy`` settles numeric dates such as 03-12-2021 whose day and month
    could swap: True (day first), False (month first) or None (skip them
    unless one of the numbers is over 12, or the separator is '-' or '.',
    which outside the US means day-month-year).  The dates are those of
    :func:`parallax.reader.text.dates.date_mentions`.
    """
    found: list[Stamp] = []
    if _ANY_DIGIT_RE.search(text) is None:
        return found  # every date pattern begins with a digit: most lines are left at once
    mentions = date_mentions(text, prefer_dmy=prefer_dmy)
    taken = [(dm.start, dm.end) for dm in mentions]
    for dm in mentions:
        d = date(dm.year, dm.month, dm.day)  # type: ignore[arg-type]
        if dm.clock is not None:
            found.append(Stamp(d, dm.clock, dm.offset, dm.start, dm.end))
            continue
        clock, offset, s, e = _clock_near(text, dm.start, dm.end, taken, d)
        found.append(Stamp(d, clock, offset, min(dm.start, s), max(dm.end, e)))
    return found


def _clock_near(
    text: str, start: int, end: int, taken: list[tuple[int, int]], day: date
) -> tuple[time | None, int | None, int, int]:
    """A time of day written just before or after a date (within a few characters)."""
    window_s, window_e = max(0, start - 24), min(len(text), end + 24)
    best = None
    for m in _TIME_RE.finditer(text, window_s, window_e):
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            continue
        gap = text[m.end():start] if m.end() <= start else text[end:m.start()]
        if len(gap) > 16 or "\n" in gap or ("|" in gap and gap.strip(" |,")):
            continue  # a bar may part a date from its time, not from other text
        best = m
        if m.start() >= end:
            break
    if best is None:
        return None, None, start, end
    h, mi, sec = int(best[1]), int(best[2]), int(best[3] or 0)
    ampm = (best[4] or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    s, e = min(start, best.start()), max(end, best.end())
    clock = time(h, mi, sec)
    offset, zs, ze = _zone_near(text, s, e, day, clock)
    return clock, offset, min(s, zs), max(e, ze)


def _zone_near(text: str, start: int, end: int, day: date, clock: time) -> tuple[int | None, int, int]:
    window = text[max(0, start - 12) : min(len(text), end + 12)]
    base = max(0, start - 12)
    m = _OFFSET_RE.search(window)
    if m:
        sign = -1 if m[1] == "-" else 1
        return sign * (int(m[2]) * 60 + int(m[3] or 0)), base + m.start(), base + m.end()
    zones = _zones()
    for z in _ZONE_RE.finditer(window):
        if z[1] in zones:
            return _zone_offset(zones[z[1]], day, clock), base + z.start(), base + z.end()
    return None, start, end


# ---------------------------------------------------------------- labelled dates

_PUBLISHED_LABEL = re.compile(
    r"(?:^|[|•·,/]\s*)(first\s+published|published(?:\s+on|\s+at)?|posted(?:\s+on|\s+at)?|created|"
    r"publication\s+date|date(?:\s+published)?|publié\s+le|publié|veröffentlicht(?:\s+am)?|"
    r"publicado(?:\s+el|\s+em)?|pubblicato(?:\s+il)?|опубликовано|дата\s+публикации|"
    r"gepubliceerd(?:\s+op)?|opublikowano|نشر\s+في|تاريخ\s+النشر|نشر|发布时间|发布于|公開日|掲載日|기사입력|입력|등록|yayınlanma(?:\s+tarihi)?|yayın\s+tarihi|oluşturulma|פורסם|प्रकाशित|प्रकाशित\s+तिथि)(?!\w)\s*[:：]?\s*",
    re.I,
)
_UPDATED_LABEL = re.compile(
    r"(?:^|[|•·,/]\s*)(last\s+updated|updated(?:\s+on|\s+at)?|modified|mis\s+à\s+jour(?:\s+le)?|"
    r"aktualisiert(?:\s+am)?|stand|actualizado(?:\s+el)?|aggiornato(?:\s+il)?|обновлено|تم\s+التحديث|آخر\s+تحديث|更新时间|更新|수정|güncelleme|aktualizacja|עודכן|अपडेटेड|अपडेट)(?!\w)\s*[:：]?\s*",
    re.I,
)


# What may stand between a label and its date: "Published on Tue 7 Dec 2021", "Publié le".
_LABEL_GAP_RE = re.compile(
    rf"(?i)\s*[:：]?\s*(?:(?:on|at|le|el|em|am|il|в|à)\s+)?(?:{_WEEKDAY_RE},?\s*)?"
)


_SHORT_YEAR_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])")


def _short_year_date(text: str) -> list[Stamp]:
    """"07.12.21, 23:10" right after a date label: day.month.two-digit year (the
    dotted form is day-first wherever it is used)."""
    m = _SHORT_YEAR_RE.search(text)
    if not m:
        return []
    d = valid_date(2000 + int(m[3]), int(m[2]), int(m[1]))
    if not d:
        return []
    clock, offset, s, e = _clock_near(text, m.start(), m.end(), [m.span()], d)
    return [Stamp(d, clock, offset, min(m.start(), s), max(m.end(), e))]


def labelled_date(line: str, /, *, prefer_dmy: bool | None = None) -> tuple[str, Stamp] | None:
    """``("published" | "updated", stamp)`` when ``line`` labels a date, else None."""
    best = None
    for kind, rx in (("published", _PUBLISHED_LABEL), ("updated", _UPDATED_LABEL)):
        for m in rx.finditer(line):
            tail = line[m.end() : m.end() + 60]
            stamps = find_dates(tail, prefer_dmy=prefer_dmy) or _short_year_date(tail)
            if stamps and _LABEL_GAP_RE.fullmatch(tail[: stamps[0].start]):
                st = stamps[0]
                cand = (kind, st._replace(start=st.start + m.end(), end=st.end + m.end()))
                if kind == "published":
                    return cand
                best = best or cand
    return best


def date_line(line: str, /, *, prefer_dmy: bool | None = None) -> Stamp | None:
    """A date when the line is nothing but a date (with time, zone, weekday)."""
    stamps = find_dates(line, prefer_dmy=prefer_dmy)
    if len(stamps) != 1:
        return None
    st = stamps[0]
    rest = (line[: st.start] + " " + line[st.end :]).strip(" ,.-–—|·•\u00a0\t")
    rest = re.sub(rf"(?i)^{_WEEKDAY_RE}$", "", rest).strip(" ,")
    return st if not rest else None


_HAS_WEEKDAY_RE = re.compile(rf"(?i)\b{_WEEKDAY_RE}(?!\w)")


def has_weekday(line: str) -> bool:
    return _HAS_WEEKDAY_RE.search(line) is not None


# ---------------------------------------------------------------- bylines

_NAME_WORD = r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w'’.\-]*"


def _words_alternation(words: tuple[str, ...]) -> str:
    """Lexicon entries as regex alternatives, in their order; a space matches any white space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!x)x"


@lru_cache(maxsize=4)
def _byline_res(_gen: tuple) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A byline's opening (``byline_labels.txt``) and a name with its particles
    (``name_particles.txt``: "van", "von der", "al-" written onto the next word)."""
    labels = _words_alternation(read_lexicon_lines("boilerplate", "byline_labels.txt"))
    particles = read_lexicon_lines("boilerplate", "name_particles.txt")
    first = _words_alternation(particles)
    later = "|".join(re.escape(w) + (r"\w+" if w.endswith("-") else "") for w in particles) or r"(?!x)x"
    return (
        re.compile(rf"^\s*(?:{labels})\s*[:\-–—]?\s+(.+?)\s*$", re.I),
        re.compile(rf"^(?:{_NAME_WORD}|{first}|,)(?:\s+(?:{_NAME_WORD}|{later})|,)*$"),
    )


def byline(line: str, /) -> str | None:
    """The name in a byline such as "By Jane Doe", "Reported by: X", "Author: X"."""
    byline_re, name_re = _byline_res(generation())
    m = byline_re.match(line)
    if not m:
        return None
    name = m[1].strip(" ,;:|\u00a0")
    name = re.split(r"\s+(?:\||•|·|—|–)\s+|\s{2,}", name)[0].strip(" ,;:")
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "Claire Dubois (Washington, correspondante)"
    m = re.match(r"^(.+?),\s*([A-Z]{2,6}|[^,]+)$", name)
    if m and (m[2].isupper() or agency_of(m[2]) is not None):
        name = m[1]  # "Kevin Liptak and Natasha Bertrand, CNN": the outlet is no author
    if not name or len(name) > 80 or len(name.split()) > 8:
        return None
    if not name_re.match(name) or (name.isupper() and len(name) > 20):
        return None
    return name


def name_line(line: str, /) -> str | None:
    """The name when ``line`` is nothing but a person's name, perhaps with a role or
    outlet after a comma, bar or dash ("Sarah Whitfield", "Tom Adeyemi, Environment
    correspondent").  Only meaningful where a byline stands (between title and body)."""
    name = re.split(r"\s*(?:,|\||•|·|—|–|\s-\s|\()\s*", line.strip(), maxsplit=1)[0].strip()
    words = name.split()
    if not 2 <= len(words) <= 4 or any(c.isdigit() for c in name) or len(name) > 50:
        return None
    if not all(re.fullmatch(_NAME_WORD, w) for w in words) or name.isupper():
        return None
    return name


# ---------------------------------------------------------------- credits
#
# A credit is the NAME of the agency or outlet a text is credited to ("Reuters",
# "ANI", "Zee News"), never the sentence that states it: "(With inputs from ANI)"
# credits ANI; "auto-generated from a syndicated feed" and a footer such as "Read
# the full story on Sputnik News" (a link to the outlet's own page) name no credit.

# Statements of syndication: (pattern, what the captured text is).  "names": the
# names of the sources, "agencies": only the agencies it names (the rest are the
# people who reported or edited it), None: the statement names no credit.
_CREDIT_PATTERNS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(p, re.I), kind)
    for p, kind in (
        (r"\(?\s*(?:with|additional)\s+(?:agency\s+)?inputs?\s+from\s+([^)\n]{2,60}?)\s*\)?\s*\.?\s*$", "names"),
        (r"\(?\s*with\s+agency\s+inputs\s*\)?\.?\s*$", None),
        (r"\bauto-generated\s+from\s+a\s+syndicated\s+feed\b", None),
        (r"\b(?:this\s+(?:story|article)\s+)?(?:was\s+)?(?:first|originally)\s+(?:appeared|published)\s+(?:on|in|at|by)\s+([^.\n]{2,60})", "names"),
        (r"^\s*read\s+the\s+(?:full|original)\s+(?:story|article)\s+(?:on|at)\s+[^.\n]{2,60}?\s*\.?\s*$", None),
        (r"\b(?:written|compiled|edited)\s+with\s+(?:inputs|reporting)\s+from\s+([^.)\n]{2,60})", "names"),
        (r"\badditional\s+reporting\s+by\s+([^.)\n]{2,80})", "agencies"),
        (r"^\s*(?:reporting|writing|editing|compiled|reported)\s+by\s+([^\n]{2,240}?)\s*\.?\s*$", "agencies"),
    )
)
# For each pattern of _credit_statements, in its order: words one of which every match
# holds, in lower case (empty: none known, the lexicon's label patterns).
_CREDIT_NEEDS: tuple[tuple[str, ...], ...] = (
    ("input",), ("input",), ("auto-generated",), ("appeared", "published"), ("read",),
    (), (),
    ("inputs", "reporting"), ("additional",), ("reporting", "writing", "editing", "compiled", "reported"),
)
# The signature (group 1, from its start) after a stop (consumed, not looked behind at:
# a pattern that opens with a set of characters is searched for by skipping to them),
# and the name (group 2).
_TRAILING_CREDIT_RE = re.compile(
    r"[.!?\"”’](\s*_\s*([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})\s*$)"
)
_DATELINE_AGENCY_RE = re.compile(r"^\s*[A-ZÀ-Þ][\w .,'’/-]{1,40}\(([^)]{2,30})\)\s*[-–—:]")
_TRAILING_AGENCY_RE = re.compile(r"[.!?\"”’](\s*[—–-]{1,2}\s*([A-Z][\w&.'’ -]{0,30}?)\s*$)")
# (in lower case: _ascii_hint searches a line put in lower case with it)
_CREDIT_HINT_WORDS = (r"input|syndicat|publish|appear|full\s+story|original|source|courtesy|credit|reporting|"
                      r"editing|written|compiled|reported|\(")
_CREDIT_HINT = "(?i)" + _CREDIT_HINT_WORDS


@lru_cache(maxsize=4)
def _credit_label_res(_gen: tuple) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """"Label: name" credits (``credit_labels.txt``): labels of spaced scripts opening the
    line, of unspaced ones anywhere (with a full-width colon too); and the hint that a
    line may hold any statement of syndication."""
    labels = read_lexicon_lines("boilerplate", "credit_labels.txt")
    spaced = _words_alternation(tuple(w for w in labels if not has_unspaced(w)))
    unspaced = _words_alternation(tuple(w for w in labels if has_unspaced(w)))
    return (
        re.compile(rf"^\s*(?:{spaced})\s*:\s*([^\n]{{2,60}}?)\s*$", re.I),
        re.compile(rf"(?:{unspaced})\s*[:：]\s*([^\s|，。]{{2,30}})", re.I),
        re.compile(f"{_CREDIT_HINT}|{_words_alternation(labels)}"),
    )


_ASCII = "".join(map(chr, range(128)))


def ascii_caseless(words: tuple[str, ...] | list[str], /) -> tuple[str, ...] | None:
    """``words`` for matching an ASCII text put in lower case, case-sensitively, where
    IGNORECASE would match them against the text itself: the ASCII ones in lower case
    (in ASCII text IGNORECASE pairs a letter with its other case only), without those
    with a character no ASCII one matches (they never match there).  None when a word
    has a character that IGNORECASE lets an ASCII one match (the Kelvin sign, a dotted
    or dotless i, a long s): then only IGNORECASE gives the same answer.  IGNORECASE
    tries every alternative at every position; the folded search skips most of them."""
    out = []
    for w in words:
        if w.isascii():
            out.append(w.lower())
        elif any(re.search("(?i)" + re.escape(c), _ASCII) for c in w if not c.isascii()):
            return None
    return tuple(out)


@lru_cache(maxsize=4)
def _ascii_hint(_gen: tuple) -> re.Pattern[str] | None:
    """The hint of :func:`_credit_label_res` for an ASCII line put in lower case (see
    :func:`ascii_caseless`): the hint cost more than the statements it guards."""
    labels = ascii_caseless(read_lexicon_lines("boilerplate", "credit_labels.txt"))
    if labels is None:
        return None
    return re.compile(f"{_CREDIT_HINT_WORDS}|{_words_alternation(labels)}")


def _hinted(line: str) -> bool:
    """Whether ``line`` may hold a statement of syndication (the hint matches)."""
    g = generation()
    fast = _ascii_hint(g) if line.isascii() else None
    if fast is not None:
        return fast.search(line.lower()) is not None
    return _credit_label_res(g)[2].search(line) is not None


_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|/|\s(?:and|und|et|e|y|и|و)\s)\s*")


@lru_cache(maxsize=4)
def _joiners(_gen: tuple) -> frozenset[str]:
    """Small words a name of an outlet may hold in lower case (``name_joiners.txt``)."""
    return frozenset(w.casefold() for w in read_lexicon_lines("boilerplate", "name_joiners.txt"))


def _name_like(text: str) -> bool:
    """A name, not a sentence: a few words, each capitalised (or a joiner, or in a
    script without capitals), no sentence stop, no figures."""
    words = text.split()
    if not words or len(words) > 6 or len(text) > 60 or re.search(r"[!?:;\d]|\.\s", text):
        return False
    cased = [w for w in words if w[:1].isupper() or w[:1].islower()]
    joiners = _joiners(generation())
    return all(w[:1].isupper() or w.casefold() in joiners for w in cased) and (
        not cased or cased[0][:1].isupper()
    )


def _names(text: str, kind: str) -> list[str]:
    agencies = [m[0] for m in agency_pattern().finditer(text)]
    if kind == "agencies" or (agencies and _NAME_SPLIT_RE.sub("", text) == "".join(agencies)):
        return list(dict.fromkeys(agencies))
    out = []
    for part in _NAME_SPLIT_RE.split(text.strip(" .,;:()")):
        part = re.sub(r"^(?:the|agency)\s+", "", part.strip(" .,;:()\"'“”")).strip()
        if agency_of(part) is not None or _name_like(part):
            out.append(part)
        else:
            out.extend(m[0] for m in agency_pattern().finditer(part))
    return list(dict.fromkeys(out))


def _credit_statements(line: str) -> list[tuple[str, list[str]]]:
    """(the statement, the names it credits) for each statement of syndication in ``line``."""
    out: list[tuple[str, list[str]]] = []
    if not _hinted(line):
        return out
    spaced, unspaced, _ = _credit_label_res(generation())
    # an ASCII line in lower case holds a word each pattern needs, or the pattern is not
    # run (in ASCII text IGNORECASE pairs a letter with its other case only)
    low = line.lower() if line.isascii() else None
    for (rx, kind), needs in zip((*_CREDIT_PATTERNS[:5], (spaced, "names"), (unspaced, "names"),
                                  *_CREDIT_PATTERNS[5:]), _CREDIT_NEEDS, strict=True):
        if low is not None and needs and not any(w in low for w in needs):
            continue
        m = rx.search(line)
        if m:
            names = _names(m[1], kind) if kind else []
            out.append((m[0].strip(" .,;:()"), names))
    m = _DATELINE_AGENCY_RE.match(line)
    if m and agency_of(m[1]) is not None:
        out.append((m[1].strip(), [m[1].strip()]))
    return out


def credit_phrases(line: str, /) -> list[str]:
    """Statements of wire or syndication origin in ``line`` ("With inputs from ANI",
    "Read the full story on Sputnik News"): lines made of one are page furniture."""
    return [s for s, _ in _credit_statements(line)]


def credit_names(line: str, /) -> list[str]:
    """The agencies and outlets that ``line`` credits the text to, as written:
    ``credit_names("(With inputs from ANI)") == ["ANI"]``; a statement that names
    none ("auto-generated from a syndicated feed") or only points to the outlet's
    own page ("Read the full story on Sputnik News") gives nothing."""
    out: list[str] = []
    for _, names in _credit_statements(line):
        out.extend(names)
    return list(dict.fromkeys(out))


def leading_agency(line: str, /) -> str | None:
    """"Reuters | Updated: ..." or "AFP - ...": an agency name opening a short meta line."""
    m = re.match(r"^\s*([^|•·]{2,40}?)\s*(?:\||•|·|—|–|-)\s*\S", line)
    if not m:
        return None
    name = m[1].strip()
    return name if agency_of(name) is not None else None


def trailing_credit(paragraph: str, /) -> tuple[int, str] | None:
    """``(cut, name)`` for a paragraph ending in a signature like ``…Ukraine."_Zee News``
    or an agency's ``… on Tuesday. — AP``."""
    m = _TRAILING_CREDIT_RE.search(paragraph)
    if m:
        return m.start(1), m[2]
    m = _TRAILING_AGENCY_RE.search(paragraph)
    if m and agency_of(m[2]) is not None:
        return m.start(1), m[2].strip()
    return None


_EDITED_BY_RE = re.compile(r"\b(?:not\s+been\s+)?edited\s+by\s+([A-Z][\w&.'’ -]{1,40}?)\s+(?:staff|team|desk)\b")


def edited_by_outlet(line: str, /) -> str | None:
    """"(This story has not been edited by X staff ...)" names the publishing outlet X."""
    if "edited" not in line:  # in every match: most lines are left at once
        return None
    m = _EDITED_BY_RE.search(line)
    return m[1].strip() if m else None

