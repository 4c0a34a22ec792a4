"""Boilerplate removal for plain text captured from web pages, by general rules.

A capture is split into units (lines, or hard-wrapped paragraphs).  Each
unit is classed from what it looks like, never from which site it came
from:

* **bad**: page furniture.  A line of the boilerplate lexicon
  (``resources/boilerplate/lines.txt``: "Share", "TRENDING", "Related
  Articles"...), a short line holding a lexicon phrase
  (``contains.txt``: "©", "Privacy Policy", "IMAGE:"...) or starting with
  one (``starts.txt``: "Sign up to", "More in"), a line of five words or
  fewer with a marker word (``short_markers.txt``: "newsletter"), any line
  naming two furniture phrases, link-like lines (addresses, domains, tracker
  strings, several "|" separators), lines with no letters, bylines, date and
  time lines, credit lines (these feed the metadata), image credits and the
  caption just above one, and agency-style captions ending ", December 4,
  2021.".
* **good**: prose.  At least six words ending in a sentence stop, or a long
  run of mostly lower-case words.
* **neutral**: the rest (headlines, sub-heads, list items, labels).

The body is the run of units with the largest score (good units count
their words, neutral and bad units cost).  Furniture that pages put inside
article bodies costs little, so it does not end the body: advertising slots
(``inline.txt``), "READ MORE" lines and the headline they introduce
(``leads_in.txt``), captions, live-blog times, newsletter boxes.  Inside the
run, bad units, the title repeated, lines repeated elsewhere on the page, a
blurb between two pieces of furniture, runs of three or more short
unpunctuated lines (lists of links), pull quotes repeating a paragraph, and
a lead paragraph or standfirst that the following paragraphs repeat are
removed; after it, an author's bio and a list of teasers (short one-sentence
paragraphs sharing no names and few words with the article) go.  The title
is the headline-like line above the body that shares words with it, the one
nearest the body favoured over a standfirst below it; byline, date and
credits come from the units around it (a name alone under the headline is
its byline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from parallax.reader.ingest import metadata as md
from parallax.reader.text.keys import key
from parallax.reader.text.lexdata import read_lexicon_lines
from parallax.reader.text.segment import paragraphs

_STOPS = ".!?…。！？۔؟।"
_CLOSERS = "\"'”’»)]」』）"
_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_DOMAIN_RE = re.compile(r"(?<![\w.@/])([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.([a-z]{2,}))(?![\w.])")
_SEPARATORS_RE = re.compile(r"\s(?:\|\|?|•|·|>|»|›|/)\s")
_NON_ALNUM_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_COMMON_TLDS = frozenset(
    ["com", "net", "org", "info", "biz", "news", "io", "co", "uk", "in", "ru", "de", "fr", "es", "it", "pk", "bd", "cn", "jp", "us", "ca", "au", "tv", "me", "eu", "ua", "by", "kz", "ir", "tr", "ae", "qa", "sa", "eg", "ng", "ke", "za", "br", "mx", "ar", "pl", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "cz", "gr", "pt", "ro", "hu", "online", "live"]
)
_IGNORED_DOMAINS = frozenset(
    ["google", "facebook", "twitter", "instagram", "youtube", "linkedin", "whatsapp", "telegram", "scorecardresearch", "doubleclick", "googletagmanager", "gmail", "yahoo", "hotmail", "outlook", "quora", "rss", "t", "x"]
)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    lines = frozenset(_norm(x) for x in read_lexicon_lines("boilerplate", "lines.txt"))
    contains = tuple(
        x.lower() for x in read_lexicon_lines("boilerplate", "contains.txt") if not x.startswith("!")
    )
    return lines, contains


@lru_cache(maxsize=1)
def _strong_phrases() -> tuple[str, ...]:
    return tuple(
        x[1:].strip().lower()
        for x in read_lexicon_lines("boilerplate", "contains.txt")
        if x.startswith("!")
    )


@lru_cache(maxsize=1)
def _widget_words() -> frozenset[str]:
    return frozenset(x.casefold() for x in read_lexicon_lines("boilerplate", "widget_words.txt"))


@lru_cache(maxsize=1)
def _section_ends() -> frozenset[str]:
    return frozenset(_norm(x) for x in read_lexicon_lines("boilerplate", "section_ends.txt"))


@lru_cache(maxsize=8)
def _norm_set(name: str) -> frozenset[str]:
    """A whole-line lexicon (``inline.txt``, ``leads_in.txt``), normalised like units."""
    return frozenset(_norm(x) for x in read_lexicon_lines("boilerplate", name))


@lru_cache(maxsize=1)
def _short_markers() -> frozenset[str]:
    return frozenset(x.casefold() for x in read_lexicon_lines("boilerplate", "short_markers.txt"))


@lru_cache(maxsize=1)
def _starts() -> tuple[str, ...]:
    return tuple(x.lstrip("!").strip().casefold() for x in read_lexicon_lines("boilerplate", "starts.txt"))


@lru_cache(maxsize=1)
def _section_starts() -> tuple[str, ...]:
    """Entries of ``starts.txt`` marked '!': they head a list that ends the article."""
    return tuple(x[1:].strip().casefold() for x in read_lexicon_lines("boilerplate", "starts.txt") if x.startswith("!"))


_NUMBERS_RE = re.compile(r"(?<!\w)\d[\d.,]*[km]?(?!\w)")
# Pieces of the patterns below: a clock time ("18.45", "6:45 p.m.") and a time ago ("3h ago").
_CLOCK = r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s*[ap]\.?m\.?)?"
_AGO = r"(?:\d+|an?|one|few)\s*(?:h|m|d|sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago"
_RELATIVE_TIME_RE = re.compile(rf"(?i)^\W*(?:updated\s+)?{_AGO}\W*$|^\W*just\s+now\W*$")
# A line that starts with a time: a live-blog entry or a key-events item, never a headline.
_TIMED_RE = re.compile(rf"(?i)^\W*(?:{_AGO}|{_CLOCK})(?!\w)")
# A time and nothing else (perhaps labelled, perhaps with a zone): "Updated at 18.12 GMT".
_TIME_ONLY_RE = re.compile(
    rf"(?i)^\W*(?:(?:updated|posted|published|last\s+updated)(?:\s+(?:at|on))?\s*:?\s*)?{_CLOCK}"
    r"(?:\s+[A-Z]{2,5}|\s+(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\W*$"
)
_READING_TIME_RE = re.compile(r"\d+\s*(?:min|mins|minutes?|мин\.?|минут\w*|分钟)(?!\w)")
# An image credit: "REUTERS/Evelyn Hockstein", "(Photo: AP)", "Credit: X", "…/AFP via Getty Images".
_PHOTO_CREDIT_RE = re.compile(
    r"\b(?:REUTERS|AFP|AP|EPA|Getty|Sputnik|ANI|PTI|Xinhua|TASS|Bloomberg|Anadolu)\s*/\s*[A-Z]"
    r"|(?i:\((?:photo|image|picture|file)[^)]{0,60}\)\s*$"
    r"|^\W*(?:photo(?:graph)?s?|images?|pictures?|pic|credits?|file\s+photo|illustration)\s*(?:by\s|[:|])"
    r"|\b(?:getty\s+images|shutterstock|istock|alamy|ap\s+photo)\b"
    r"|(?:/|\bvia\s)\s*(?:afp|reuters|ap|epa|getty|anadolu|xinhua|tass|ria|sputnik)\b)"
)
# A caption in the agencies' style ends with the place and the full date: ", December 4, 2021."
_CAPTION_DATE_RE = re.compile(r",\s+(?:\d{1,2}\s+\w+\.?|\w+\.?\s+\d{1,2},?)\s+(?:19|20)\d\d\.\s*$")
_LINK_REF_RE = re.compile(r"\[\d{1,4}\](?=\S)")  # a text browser's link numbers: "[3]Home"


_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff"
# Combining marks are part of words: Indic vowel signs and viramas (but not the danda
# stops), Arabic and Hebrew points, Latin diacritics written apart.
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff"
_WORD = rf"(?:[^\W_{_UNSPACED}]|[{_MARKS}])"
_WORDS_RE = re.compile(rf"[{_UNSPACED}]|{_WORD}+(?:['’]{_WORD}+)?")


def words_of(text: str) -> list[str]:
    """Case-folded words (one per character in scripts written without spaces):
    a cheap stand-in for matching keys when counting and comparing vocabularies."""
    return _WORDS_RE.findall(text.casefold())


def _norm(line: str) -> str:
    return " ".join(_NON_ALNUM_EDGES.sub("", line.casefold()).split())


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


@dataclass
class Cleaned:
    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    credits: list[str] = field(default_factory=list)


_BULLET_RE = re.compile(r"^\s*(?:[-–—•*·▪●◦]|\d{1,2}[.)])\s+\S")


def _ends_with_stop(s: str) -> bool:
    """Sentence-like: ends with a stop, introduces something (``Key points:``), or is a
    bulleted item of four words or more."""
    t = s.rstrip(_CLOSERS + " \u00a0*")
    if not t:
        return False
    if t[-1] in _STOPS:
        return True
    if t[-1] in ":：" and len(t.split()) >= 2:
        return True
    return bool(_BULLET_RE.match(s)) and len(s.split()) >= 5


def _prose_like(text: str, keys: list[str]) -> bool:
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
        out.append(Unit(s, e, flat, len(ks), _ends_with_stop(flat), norm=_norm(flat), keys=ks))
    return out


def _classify(u: Unit) -> None:
    lines, _ = _lexicon()
    low = u.text.casefold()
    if not any(c.isalpha() for c in u.text):
        u.kind, u.why = "bad", "no letters"
        return
    if u.norm in _section_ends():
        u.kind, u.why, u.barrier = "bad", "section end", True
        return
    if u.norm in _norm_set("inline.txt"):
        u.kind, u.why = "bad", "interruption"
        return
    if u.norm in _norm_set("leads_in.txt") or u.norm.rstrip(":") in _norm_set("leads_in.txt"):
        u.kind, u.why = "bad", "lead-in"
        return
    bare = " ".join(_NUMBERS_RE.sub(" ", u.norm).split()).strip(" :|-")
    if u.norm in lines or u.norm.rstrip(":") in lines or (bare and bare in lines):
        u.kind, u.why = "bad", "lexicon line"
        return
    if u.words <= 12 and low.lstrip(" \t*•-–—[]0123456789").startswith(_starts()):
        u.kind, u.why = "bad", "lexicon start"
        if u.words <= 6 and low.lstrip(" \t*•-–—[]0123456789").startswith(_section_starts()):
            u.why, u.barrier = "section end", True
        return
    if u.words <= 5 and any(w in _short_markers() for w in u.keys):
        u.kind, u.why = "bad", "short marker"
        return
    if u.words <= 8 and _TIME_ONLY_RE.match(u.text):
        u.kind, u.why = "bad", "timestamp"
        return
    if u.words <= 10:
        widget = _widget_words()
        words = [w for w in re.split(r"[\s|/•·,]+", low) if w and not _NUMBERS_RE.fullmatch(w)]
        if words and all(w.strip(":()[]") in widget for w in words):
            u.kind, u.why = "bad", "widget"
            return
        if u.words <= 5 and _READING_TIME_RE.search(low):
            u.kind, u.why = "bad", "reading time"
            return
        if _RELATIVE_TIME_RE.match(u.text):
            u.kind, u.why = "bad", "date"
            return
    if u.words <= 40 and _PHOTO_CREDIT_RE.search(u.text):
        u.kind, u.why = "bad", "photo credit"
        return
    hits = [p for p in _lexicon()[1] if p in low]
    if any(p in low for p in _strong_phrases()):
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
    links = len(_URL_RE.findall(u.text)) + len(_DOMAIN_RE.findall(u.text))
    seps = len(_SEPARATORS_RE.findall(u.text))
    if links and u.words <= 12 + 4 * links:
        u.kind, u.why = "bad", "link-like"
        return
    if seps >= 2 and not u.stop_end:
        u.kind, u.why = "bad", "separated items"
        return
    code = sum(1 for c in u.text if c in "{}();=<>[]$\\")
    if code >= 4 and code > 0.05 * len(u.text) and re.search(r"[{};]|=>|function\s*\(", u.text):
        u.kind, u.why = "bad", "code"
        return
    if " " not in u.text.strip() and "." in u.text and u.text.strip(".").islower():
        u.kind, u.why = "bad", "tracker"
        return
    if u.words > 40:
        if u.stop_end or _prose_like(u.text, u.keys):
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
    if (u.words >= 6 and u.stop_end) or (u.words >= 30 and _prose_like(u.text, u.keys)):
        u.kind = "good"


def furniture(lines: list[str]) -> list[str]:
    """``lines`` without the ones that are page furniture by the rules above
    (used on HTML text that trafilatura already extracted).

    trafilatura has already chosen the body, so this only takes out what is
    furniture whatever its context: a sentence of six words or more stays
    unless it holds a phrase of the strong lexicon ("auto-generated from a
    syndicated feed") or opens with a furniture label ("Our Standards:",
    "Image:"), so that the HTML path does not lose body text that trafilatura
    alone would keep.
    """
    out = []
    for line in lines:
        flat = line.strip()
        ks = words_of(flat)
        u = Unit(0, 0, flat, len(ks), _ends_with_stop(flat), norm=_norm(flat), keys=ks)
        if u.words >= 6 and u.stop_end:
            low = flat.casefold()
            head = low.lstrip(" \t*•-–—|([")
            if not any(p in low for p in _strong_phrases()) and not head.startswith(_lexicon()[1]):
                out.append(line)
            continue
        _classify(u)
        if u.kind != "bad":
            out.append(line)
    return out


# Furniture that pages put inside article bodies (ads, "READ MORE" links, captions,
# live-blog timestamps, newsletter boxes): removed, but cheap for the body run to cross.
_INLINE_KINDS = frozenset(["interruption", "lead-in", "linked headline", "caption", "timestamp", "lexicon start", "short marker"])


def _score(u: Unit) -> float:
    if u.kind == "good":
        return float(u.words)
    if u.why in _INLINE_KINDS:
        return -2.0  # these sit inside article bodies: they do not end one
    if u.kind == "bad":
        return -(8.0 + min(u.words, 20))
    if u.stop_end and u.words >= 2:
        return 0.5 * u.words  # a short sentence: keep it when it sits by the body
    return -(2.0 + 0.5 * u.words)


_INNER_STOP_RE = re.compile(rf"[{re.escape(_STOPS)}][{re.escape(_CLOSERS)}]*\s+\S")


def _one_sentence(text: str) -> bool:
    return _INNER_STOP_RE.search(text.strip()) is None


def _classify_by_neighbours(units: list[Unit]) -> None:
    """Captions (a short line just above an image credit) and the headline a
    "READ MORE" line introduces."""
    leads = _norm_set("leads_in.txt")
    for i in range(len(units) - 1):
        u, nxt = units[i], units[i + 1]
        after = units[i + 2] if i + 2 < len(units) else None
        if u.barrier and u.norm.rstrip(":") in leads and after and after.kind == "good" and not _BULLET_RE.match(after.text):
            # "Read also:" above ONE headline with the article going on after it: a link
            # inside the body, not the list that ends it
            u.why, u.barrier = "lead-in", False
        if u.kind == "bad":
            headline = nxt.words <= 20 and _one_sentence(nxt.text)
            if u.why == "lead-in" and nxt.kind != "bad" and headline and not nxt.text.rstrip(_CLOSERS + " ").endswith("."):
                nxt.kind, nxt.why = "bad", "linked headline"
            continue
        credit = nxt.kind == "bad" and (nxt.why == "photo credit" or _PHOTO_CREDIT_RE.search(nxt.text))
        if credit and nxt.words <= 12 and u.words <= 35 and _one_sentence(u.text):
            u.kind, u.why = "bad", "caption"
            nxt.why = "caption"


def _best_run(units: list[Unit]) -> tuple[int, int] | None:
    """The contiguous run of units with the largest total score (Kadane)."""
    best, best_span = 0.0, None
    cur, cur_start = 0.0, 0
    for i, u in enumerate(units):
        if u.barrier:
            cur = 0.0
            continue
        s = _score(u)
        if cur <= 0:
            cur, cur_start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (cur_start, i + 1)
    return best_span


def _content(keys: list[str]) -> list[str]:
    return [k for k in keys if len(k) > 2 or (k and not k.isascii())]


def _containment(small: list[str], big: set[str]) -> float:
    c = _content(small)
    if not c:
        return 0.0
    return sum(1 for k in c if k in big) / len(c)


def _loose_containment(small: list[str], big: set[str]) -> float:
    """Like _containment, but a word also matches one sharing its first five letters
    (inflection and compounds: "beschließt"/"beschloss", "Genehmigungen"/"Genehmigungsverfahren")."""
    c = _content(small)
    if not c:
        return 0.0
    prefixes = {k[:5] for k in big if len(k) >= 5}
    return sum(1 for k in c if k in big or (len(k) >= 5 and k[:5] in prefixes)) / len(c)


def clean_text(text: str, /, *, title: str | None = None) -> Cleaned:
    """The body paragraphs and stated metadata of a plain-text capture.

    ``title`` is a title already known (from HTML or document metadata); it is
    removed from the body when the text repeats it.
    """
    units = units_of(text)
    if not units:
        return Cleaned([])
    for u in units:
        _classify(u)
    _classify_by_neighbours(units)
    # Credits signed at the end of a paragraph ("…Ukraine."_Zee News) are cut off first.
    credits: list[str] = []
    for u in units:
        tc = md.trailing_credit(u.text)
        if tc:
            cut, name = tc
            u.text = u.text[:cut].rstrip()
            credits.append(name)
            u.keys = words_of(u.text)
            u.words = len(u.keys)
            u.stop_end = _ends_with_stop(u.text)
            if u.kind == "neutral" and u.words >= 6 and u.stop_end:
                u.kind = "good"
    run = _best_run(units)
    if run is not None:
        run = _article_before_lists(units, run)
    if run is None:
        # No prose at all (a headline, a list, a single short line): keep what is not furniture.
        body_idx = [i for i, u in enumerate(units) if u.kind != "bad"] or list(range(len(units)))
        run = (body_idx[0], body_idx[-1] + 1)
    lo, hi = run

    body_keys: set[str] = set()
    for u in units[lo:hi]:
        if u.kind == "good":
            body_keys.update(u.keys)

    # Lines repeated on the page (numbers aside: "Page 1 of 3", "Page 2 of 3") are furniture.
    counts: dict[str, int] = {}
    for u in units:
        counts[u.norm] = counts.get(u.norm, 0) + 1
        bare = _bare(u.norm)
        if bare != u.norm:
            counts[bare] = counts.get(bare, 0) + 1

    # ---- title
    found_title = title
    title_norm = _norm(title) if title else None
    if found_title is None:
        found_title, title_norm = _find_title(units, lo, hi, body_keys, counts)

    # ---- body
    kept: list[Unit] = []
    for i in range(lo, hi):
        u = units[i]
        if u.kind == "bad":
            continue
        if title_norm and (u.norm == title_norm or _norm(_strip_suffix(u.text)) == title_norm):
            continue
        if u.kind == "neutral" and (counts.get(u.norm, 0) > 1 or counts.get(_bare(u.norm), 0) > 1):
            continue
        if u.kind == "neutral" and 0 < i < len(units) - 1 and units[i - 1].kind == units[i + 1].kind == "bad":
            continue  # a blurb between two pieces of furniture (a newsletter box)
        kept.append(u)
    kept = _drop_link_lists(kept)
    kept = _drop_pull_quotes(kept)
    kept = _drop_repeated_leads(kept)
    kept = _drop_tail_furniture(kept, lo, hi, units)

    meta = _metadata(units, lo, hi, found_title)
    credits = _dedupe(meta.pop("credits") + credits)
    return Cleaned(
        paragraphs=[u.text for u in kept],
        title=found_title,
        credits=credits,
        **meta,
    )


def _run_score(units: list[Unit], run: tuple[int, int]) -> float:
    return sum(_score(u) for u in units[run[0] : run[1]])


def _article_before_lists(units: list[Unit], run: tuple[int, int]) -> tuple[int, int]:
    """The article rather than what follows it: when the best run lies after a
    comments header, or after a section end ("More from News") that closes an
    article of its own (under a headline, 40 words of prose or more, at least a
    third of the best run's weight), the body is that article."""
    opens = _comments_start(units)
    if opens is not None and run[1] > opens:
        before = _best_run(units[:opens])
        if before is not None and _good_words(units, before) >= 40:
            return before  # the readers' comments are no article
    for b, u in enumerate(units[: run[0]]):
        if not u.barrier:
            continue
        before = _best_run(units[:b])
        if before is None or _good_words(units, before) < 40:
            continue
        keys = {k for v in units[before[0] : before[1]] if v.kind == "good" for k in v.keys}
        headed = _find_title(units, before[0], before[1], keys, {})[0] is not None
        if headed and _run_score(units, before) >= 0.35 * _run_score(units, run):
            return before  # an article under its headline, then a list of other stories
        break
    return run


def _good_words(units: list[Unit], run: tuple[int, int]) -> int:
    return sum(u.words for u in units[run[0] : run[1]] if u.kind == "good")


def _comments_start(units: list[Unit]) -> int | None:
    """Where the readers' comments begin (a line of ``comments.txt``), if anywhere."""
    heads = _norm_set("comments.txt")
    for i, u in enumerate(units):
        if u.words <= 6 and (u.norm in heads or _bare(u.norm) in heads or u.norm.rstrip("?:") in heads):
            return i
    return None


def _bare(norm: str) -> str:
    return " ".join(_NUMBERS_RE.sub(" ", norm).split())


def _strip_suffix(line: str) -> str:
    """'Headline | Section' or 'Headline - Site Name' -> 'Headline'."""
    if " | " in line or " || " in line:
        parts = [p.strip() for p in re.split(r"\s\|\|?\s", line)]
        return max(parts, key=len)
    m = re.match(r"^(.{15,}?)\s[-–—]\s([^-–—]{2,40})$", line)
    if m and len(m[2].split()) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in m[2].split()):
        return m[1].strip()
    return line


_LABEL_LINE_RE = re.compile(r"^\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*[:：]\s*\S")


def _is_label_line(text: str) -> bool:
    """"From: Department for the Environment", "Source: X": a label of the lexicon
    (``labels.txt``) and its value.  "Brexit: MPs vote again" is a headline."""
    m = _LABEL_LINE_RE.match(text)
    return bool(m) and m[1].casefold() in _norm_set("labels.txt")
def _word_count(keys: list[str]) -> int:
    """Words, counting two characters of a script written without spaces as one
    (Chinese words are mostly two characters long)."""
    unspaced = sum(1 for k in keys if len(k) == 1 and re.match(f"[{_UNSPACED}]", k))
    return len(keys) - unspaced + (unspaced + 1) // 2


def _find_title(
    units: list[Unit], lo: int, hi: int, body_keys: set[str], counts: dict[str, int]
) -> tuple[str | None, str | None]:
    """The headline: a headline-like line above the body sharing words with it.
    The one nearest the body (only bylines, dates and labels between) is favoured,
    and a standfirst does not beat the shorter headline just above it."""
    first_keys: set[str] = set()
    for u in [u for u in units[lo:hi] if u.kind == "good"][:2]:
        first_keys.update(u.keys)
    scored: dict[int, tuple[float, str, int]] = {}
    near = True  # only page furniture and short labels between this line and the body
    allowance = 1
    for i in range(lo - 1, -1, -1):
        u = units[i]
        was_near = near
        timed = _TIMED_RE.match(u.text) is not None
        label = u.words <= 8 and _is_label_line(u.text)
        dated = u.words <= 12 and bool(md.find_dates(u.text))
        # scores and figures ("Ashford 2-2 Rovers", "Lewis (23), Grant (61 pen)"), not a headline
        label = label or (u.words <= 10 and sum(k.isdigit() for k in u.keys) >= 0.3 * u.words)
        if not (u.kind == "bad" or u.words <= 4 or timed or label or dated or md.name_line(u.text)):
            if allowance and u.words <= 40:
                allowance -= 1  # a standfirst between headline and byline
            else:
                near = False
        if u.kind == "bad" and u.why not in ("separated items",):
            continue
        if timed or label or _BULLET_RE.match(u.text) or u.text.rstrip().endswith((":", "：")):
            continue
        cand = _strip_suffix(u.text).strip()
        ck = words_of(cand)
        n = _word_count(ck)
        if n < 3 or n > 30 or (cand.endswith(".") and not cand.endswith("...")):
            continue
        if not (cand[:1].isupper() or not cand[:1].isalpha() or not cand[:1].islower()):
            continue
        if md.find_dates(cand):
            continue  # a date line ("2021年12月7日 23:41 来源：新华社")
        overlap = _loose_containment(ck, body_keys)
        if _containment(ck, first_keys) >= 0.85 and n > 12:
            continue  # a standfirst the first paragraph repeats
        repeated = counts.get(u.norm, 0) > 1
        if overlap < (0.2 if was_near else 0.34) and not repeated:
            continue
        score = overlap + (0.5 if repeated else 0.0) + (0.3 if 5 <= n <= 20 else 0.0)
        score += 0.3 if was_near else 0.0
        below = units[i + 1] if i + 1 < len(units) else None
        if below is not None and (below.why in ("byline", "date") or md.name_line(below.text)):
            score += 0.3  # the headline block: headline, then byline or date
        scored[i] = (score, cand, n)
    if not scored:
        return None, None
    i = max(scored, key=lambda k: (scored[k][0], k))
    above = scored.get(i - 1)
    if above and scored[i][2] >= 12 and above[2] < scored[i][2] and not _one_sentence(units[i].text):
        i -= 1  # "Headline" then "A longer standfirst. With two sentences"
    elif above and scored[i][2] >= 12 and above[2] < scored[i][2] and (above[2] >= 5 or above[0] >= scored[i][0] - 0.65):
        i -= 1  # a shorter headline-like line (not a two-word kicker) right above a long one
    best = scored[i][1]
    return best, _norm(best)


def _drop_link_lists(kept: list[Unit]) -> list[Unit]:
    """Runs of three or more short unpunctuated lines inside the body are lists of links."""
    out: list[Unit] = []
    i = 0
    n = len(kept)
    while i < n:
        j = i
        while j < n and kept[j].kind == "neutral" and not kept[j].stop_end and kept[j].words <= 15:
            j += 1
        if j - i >= 3 and j - i < n:
            i = j
            continue
        if j > i:
            out.extend(kept[i:j])
            i = j
            continue
        out.append(kept[i])
        i += 1
    return out


def _drop_pull_quotes(kept: list[Unit]) -> list[Unit]:
    """A short line that repeats words of a paragraph (a pull quote set in the body)."""
    joined = "\n".join(u.norm for u in kept)
    same: dict[str, int] = {}
    for u in kept:
        same[u.norm] = same.get(u.norm, 0) + 1
    # inside a longer paragraph, not merely the same line again
    return [u for u in kept if not (6 <= u.words <= 30 and u.norm and joined.count(u.norm) > same[u.norm])]


def _drop_repeated_leads(kept: list[Unit]) -> list[Unit]:
    """A lead or standfirst that the next paragraphs repeat (a teaser above the body)."""
    out = list(kept)
    for _ in range(3):
        if len(out) < 2:
            break
        head = out[0]
        later: set[str] = set()
        for u in out[1:5]:
            later.update(u.keys)
        if len(_content(head.keys)) >= 5 and _containment(head.keys, later) >= 0.8:
            out.pop(0)
            continue
        break
    return out


_BIO_RE = re.compile(
    r"^(?:[A-Z][\w'’.-]+\s+){1,4}(?:is|was|has\s+been|covers|writes|reports)\s+(?:a|an|the|about|on|for)?\s*"
)
_BIO_ROLES_RE = re.compile(
    r"(?i)\b(?:journalist|correspondent|reporter|writer|editor|fellow|columnist|author|contributor|"
    r"producer|analyst|freelancer?|professor|researcher|critic|covers|based\s+in)\b"
)


def _drop_tail_furniture(kept: list[Unit], lo: int, hi: int, units: list[Unit]) -> list[Unit]:
    """An author's bio after the article, and a list of teasers for other stories
    (three or more one-sentence paragraphs that share almost no words with the body)."""
    out = _drop_teasers(kept)
    while len(out) > 1 and out[-1].kind == "neutral" and not out[-1].stop_end and out[-1].words <= 8:
        out.pop()  # a heading left above what went: an article does not end on one
    while len(out) > 2:
        last = out[-1]
        if last.words <= 60 and _BIO_RE.match(last.text) and _BIO_ROLES_RE.search(last.text[:160]):
            out.pop()
            continue
        break
    return out


def _drop_teasers(kept: list[Unit]) -> list[Unit]:
    out = kept
    if len(out) < 5:
        return out
    stop = _stopwords()

    def content(u: Unit) -> list[str]:
        return [k for k in u.keys if k not in stop and len(k) > 1]

    j = len(out)
    while j > 2 and 8 <= out[j - 1].words <= 22 and out[j - 1].stop_end and _one_sentence(out[j - 1].text):
        j -= 1
    if j == len(out) or j < 2:
        return out
    above = {k for v in out[:j] for k in content(v)}
    names_above = {n for v in out[:j] for n in _names(v.text)}
    shares = []
    for u in out[j:]:
        c = content(u)
        if not c or _names(u.text) & names_above:
            shares.append(1.0)  # names someone or something the article names: part of it
        else:
            shares.append(sum(1 for k in c if k in above) / len(c))
    start = len(out)
    while start > j and shares[start - 1 - j] < 0.3:
        start -= 1
    while start < len(out) - 3 and shares[start - j] >= 0.15:
        start += 1  # the boundary paragraph that shares some words is the article's last
    n = len(out) - start
    if n < 3 or sum(shares[start - j :]) / n >= 0.25:
        return out
    if n < 5 and sum(u.words for u in out[:start]) / start < 1.3 * sum(u.words for u in out[start:]) / n:
        return out  # a few, as long as the paragraphs above: more of the same article
    return out[:start]  # shorter than the paragraphs above, and about other things


_NAME_IN_TEXT_RE = re.compile(r"(?<![.!?:;\"“«]\s)(?<!^)\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]{3,}")


def _names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence (proper names, roughly), without
    weekdays and months ("on Tuesday" is no link between two stories)."""
    out = set()
    for m in _NAME_IN_TEXT_RE.finditer(text.strip()):
        w = m[0].casefold()
        if w not in md.MONTHS and not md.has_weekday(m[0]):
            out.add(w)
    return out


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    out: set[str] = set()
    for line in read_lexicon_lines("language", "stopwords.txt"):
        _, _, words = line.partition(":")
        out.update(words.casefold().split())
    return frozenset(out)


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for c in items:
        k = key(c)
        if k and k not in seen:
            seen.add(k)
            out.append(c)
    return out


def _domains(units: list[Unit]) -> dict[str, str]:
    """Site labels named on the page: 'devdiscourse' for info@devdiscourse.com."""
    labels: dict[str, str] = {}
    for u in units:
        if u.kind == "good" or ("." not in u.text and "@" not in u.text):
            continue
        for m in re.finditer(r"[\w.-]+@([\w-]+(?:\.[\w-]+)+)|(?:https?://)?(?:www\.)?([\w-]+(?:\.[\w-]+)+)", u.text):
            dom = (m[1] or m[2] or "").lower()
            parts = dom.split(".")
            if len(parts) < 2 or parts[-1] not in _COMMON_TLDS:
                continue
            label = parts[-2] if parts[-2] not in ("co", "com", "org", "net") or len(parts) < 3 else parts[-3]
            if label in _IGNORED_DOMAINS or len(label) < 3:
                continue
            labels[label] = dom
    return labels


def _name_from_label(line: str, labels: dict[str, str]) -> str | None:
    words = line.split()
    for k in range(min(4, len(words)), 0, -1):
        joined = re.sub(r"[\W_]", "", "".join(words[:k])).casefold()
        if joined in labels:
            return " ".join(words[:k]).strip(" ,.:;|")
    return None


def _day_first_page(units: list[Unit]) -> bool | None:
    """True when the page is written mostly in a script other than Latin (Arabic,
    Cyrillic, Hebrew, Indic, CJK...): there 03/12/2021 is the 3rd of December.
    None otherwise (a Latin-script page may be American: such dates stay unread)."""
    latin = other = 0
    for u in [u for u in units if u.kind == "good"][:4]:  # a few paragraphs tell the script
        for ch in u.text:
            if ch.isalpha():
                if ch < "\u0250":
                    latin += 1
                else:
                    other += 1
    return True if other > 2 * latin else None


def _posted_by(line: str) -> str | None:
    """"Posted on 5 December 2021 by margaret": the name (or handle) after a dated "by"."""
    m = re.search(r"\bby\s+([\w.'’-]+(?:\s+[\w.'’-]+){0,3})\s*$", line)
    if not m or not md.find_dates(line[: m.start()]):
        return None
    name = m[1]
    return name if (" " not in name or md.name_line(name)) and not name.isdigit() else None


def _lexicon_word_line(text: str) -> bool:
    lines, _ = _lexicon()
    return _norm(text) in lines or all(w in _widget_words() for w in words_of(text))


def _metadata(units: list[Unit], lo: int, hi: int, title: str | None) -> dict:
    outside = [u for i, u in enumerate(units) if i < lo or i >= hi or u.kind == "bad"]
    byline = outlet = None
    published = updated = None
    credits: list[str] = []
    labels = _domains(units)
    title_pos = next((i for i, u in enumerate(units) if title and title in u.text), None)
    positional = None
    dmy = _day_first_page(units)

    for idx, u in enumerate(units):
        if idx >= lo and idx < hi and u.kind != "bad":
            if idx < lo + 2 or idx >= hi - 2:
                # a dateline "MOSCOW (Reuters) -" or a closing "(With inputs from ANI)"
                credits.extend(md.credit_phrases(u.text))
            continue
        line = u.text
        if byline is None:
            byline = md.byline(line) or _posted_by(line)
            if (
                byline is None and title_pos is not None and title_pos < idx < lo
                and u.kind == "neutral" and u.words <= 8
            ):
                # the first name alone under the headline is its byline ("Sarah Whitfield")
                name = md.name_line(line)
                if name and _norm(name) not in labels and not _lexicon_word_line(name):
                    byline = name
            if byline is None and idx < lo:
                parts = [p.strip() for p in re.split(r"\s\|\|?\s", line)]
                if len(parts) == 2 and any(_DOMAIN_RE.fullmatch(p.lower()) for p in parts):
                    name = next(p for p in parts if not _DOMAIN_RE.fullmatch(p.lower()))
                    if 1 <= len(name.split()) <= 4 and name[:1].isupper() and not md.find_dates(name):
                        byline = name
        lab = md.labelled_date(line, prefer_dmy=dmy)
        if lab is None and md.byline(line) and u.words <= 20:
            stamps = md.find_dates(line, prefer_dmy=dmy)
            if stamps:
                lab = ("published", stamps[0])
        if lab:
            kind, st = lab
            if kind == "published":
                if published is None or (
                    published.clock is None and st.clock is not None and st.day == published.day
                ):
                    published = st
            elif updated is None:
                updated = st
        if positional is None and title_pos is not None and title_pos < idx < lo and u.words <= 16:
            # between the title and the body, a short line stating one date is the
            # publication date ("Washington - 07 dic 2021 - 22:15 CET"), and so is an
            # unlabelled date before a labelled update ("07.12.2021 - 22:15 | Updated: ...")
            stamps = md.find_dates(line, prefer_dmy=dmy)
            alone = len(stamps) == 1 and not lab
            before_update = len(stamps) > 1 and lab and lab[0] == "updated" and stamps[0].end <= lab[1].start
            if alone or before_update:
                positional = stamps[0]
        agency = md.leading_agency(line) if u.words <= 20 else None
        if agency:
            credits.append(agency)
        credits.extend(md.credit_phrases(line))
    for u in units:
        if outlet is None:
            outlet = md.edited_by_outlet(u.text)
    if outlet is None and labels:
        for u in outside:
            if u.words <= 6:
                outlet = _name_from_label(u.text, labels)
                if outlet:
                    break
    if outlet is None:
        for i, u in enumerate(units):
            if i >= lo and i < hi and u.kind != "bad":
                continue
            m = re.match(r"(?i)^\s*(?:read\s+the\s+(?:full|original)\s+(?:story|article)\s+(?:on|at)|source\s*:)\s+(.{2,60}?)\s*\.?$", u.text)
            if m:
                outlet = m[1]
                break
            if u.norm in ("source", "sources") and i + 1 < len(units) and units[i + 1].words <= 5:
                outlet = units[i + 1].text.strip()
                break
    chosen = published or positional or updated
    return {
        "outlet": outlet,
        "byline": byline,
        "published": chosen.iso() if chosen else None,
        "credits": credits,
    }
