"""Facts: numbers with what they count, dates and times, quotations, names.

Extraction is rule-based and general:

* **numbers**: digits (any script's decimal digits, thousands separators,
  decimals, ``%``, currency signs, scale words such as "million") and
  spelled-out numbers from the ``numbers.tsv`` lexicon, ranges ("95,000 to
  100,000", "between 5 and 10") and compound quantities ("two hours and
  one minute").  What a number counts is the short noun phrase after it
  ("94,000 Russian troops" counts *troops*); its last word is the head.
* **dates and times**: month names with a day and/or year, weekdays,
  ``yyyy-mm-dd``, ``dd.mm.yyyy``, clock times, years after "in/since/...".
* **quotations**: text between paired quotation marks, with the speaker and
  the attribution verb found next to it ("…,” White House press secretary Jen
  Psaki said"; "Peskov told reporters that “…”"); a pronoun speaker takes the
  last named speaker.
* **names**: runs of capitalised words (any cased script), leading function
  words dropped, sentence-initial single words kept only when the word is
  capitalised elsewhere too, a common word opening a sentence dropped
  ("Despite Biden"), titles and nationality adjectives (``name_words.tsv``)
  dropped in front of a name and never a name alone ("Russian President
  Vladimir Putin" -> "Vladimir Putin"; "President", "Russian" -> nothing),
  possessives removed.  In scripts without case (Arabic, Hebrew, Persian, Urdu)
  a name is the word or two after a title of that language's
  ``name_words.tsv`` (past its nationality adjectives), in Korean the words
  before one; in Chinese the characters after a title, in Japanese those
  before it; then every later use of its last word.  German, which
  capitalises every noun, lists its articles so that nouns are not names.
  A document noun is no speaker: in "the statement said" the nearest
  organisation or person named before speaks, or nobody.

Statuses: a fact on both sides is ``shared``; a number whose head appears on
the other side with a different value is a ``conflict`` ("95,000 to 100,000
troops" against "94,000 troops") when it is the same quantity: the values
allowed (ranges; "more than", "about" from ``qualifiers.tsv``) do not
overlap, and the content words around the two figures meet and are not
opposed ("10 people killed" / "5 people injured" is no conflict);
otherwise ``left-only``/``right-only``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from functools import lru_cache
from typing import NamedTuple

from parallax.reader.text.keys import has_unspaced, key, text_tokens, tokens
from parallax.reader.text.lexicon import generation, language_of, load, number_words
from parallax.reader.model import Article, Fact, Span
from parallax.reader.text.segment import _QUOTE_PAIRS as _OPEN_CLOSE

__all__ = ["Item", "Quote", "compare_facts", "extract", "find_quotes"]


class Item(NamedTuple):
    """One fact mention on one side."""

    kind: str  # number | date | quote | name
    value: str  # what is shown
    match: str  # what is compared
    head: str  # for numbers: the counted thing's stem ("" if none)
    span: Span
    lo: float = 0.0  # for numbers: the interval the figure allows ("more than 94,000": 94,000 to inf)
    hi: float = 0.0
    context: tuple[str, ...] = ()  # for numbers: the content words around it, in its sentence


class Quote(NamedTuple):
    span: Span  # with the quotation marks
    inner: Span
    speaker: str | None
    speaker_span: Span | None
    verb: str | None
    stance: str | None
    words: int


# ---------------------------------------------------------------- lexicons




def _numbers(lang: str, _gen: tuple = ()) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    return number_words(lang)


@lru_cache(maxsize=16)
def _dates(lang: str, _gen: tuple = ()) -> dict[str, tuple[str, str, bool]]:
    """Date words: kind (month, weekday, relative, link), normal form, and whether the
    word only counts capitalised (English "May", not "may")."""
    out = {}
    for row in load("dates.tsv", lang):
        if len(row) >= 3:
            out[key(row[0])] = (row[1], row[2], len(row) > 3 and row[3] == "capital")
    return out


@lru_cache(maxsize=16)
def _verbs(lang: str, _gen: tuple = ()) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for row in load("attribution.tsv", lang):
        words = tuple(t.key for t in tokens(row[0]))  # "表示" is two tokens, as in the text
        if words:
            out[words] = row[1] if len(row) > 1 else "neutral"
    return out


@lru_cache(maxsize=16)
def _name_words(lang: str, _gen: tuple = ()) -> tuple[dict[tuple[str, ...], str], int]:
    """{term key tuple: kind} for titles, nationality adjectives and document nouns; longest term."""
    out: dict[tuple[str, ...], str] = {}
    longest = 1
    for row in load("name_words.tsv", lang):
        ks = tuple(t.key for t in tokens(row[0]))
        if ks and len(row) > 1:
            out[ks] = row[1]
            longest = max(longest, len(ks))
    return out, longest


def _kind_at(keys: list[str], i: int, table: tuple[dict[tuple[str, ...], str], int]) -> tuple[str, int] | None:
    """The name-word kind of the longest term starting at keys[i], and its length."""
    words, longest = table
    for ln in range(min(longest, len(keys) - i), 0, -1):
        kind = words.get(tuple(keys[i:i + ln]))
        if kind is not None:
            return kind, ln
    return None


def _trim_titles(keys: list[str], table: tuple[dict[tuple[str, ...], str], int]) -> int:
    """How many leading words of a capitalised run are titles or nationality adjectives
    in front of a title ("Russian President Vladimir Putin" -> 2); all of them when the
    run is nothing but such words ("President", "Russian")."""
    i = 0
    while i < len(keys):
        got = _kind_at(keys, i, table)
        if got is None:
            break
        kind, ln = got
        if kind == "title":
            i += ln
        elif kind == "demonym":
            nxt = _kind_at(keys, i + ln, table) if i + ln < len(keys) else None
            if i + ln < len(keys) and (nxt is None or nxt[0] != "title"):
                break  # "European Union", "Russian Foreign Ministry"
            i += ln
        else:
            break
    return i


def _stop() -> frozenset[str]:
    from parallax.reader.text.lexicon import stopwords

    return stopwords()


# ---------------------------------------------------------------- quotes

_PRONOUNS = {"he", "she", "they", "it", "we", "i", "il", "elle", "er", "sie", "он", "она", "они"}


# Openers: the segmenter's unambiguous pairs (one table for both), the straight
# double quote and the single curly quote (told from an apostrophe below).
_OPENER_RE = re.compile("[" + "".join(_OPEN_CLOSE) + "\"\u2018]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close+1) for each quotation, not crossing line breaks."""
    out: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while True:
        m = _OPENER_RE.search(text, pos)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == "\u2018":
            if i > 0 and text[i - 1].isalnum():
                pos = i + 1
                continue
            close = "\u2019"
        elif c == '"':
            close = '"'
        else:
            close = _OPEN_CLOSE[c]
        limit = min(n, i + (400 if close == "\u2019" else 3000))
        nl = text.find("\n", i + 1, limit)
        if nl >= 0:
            limit = nl
        j = text.find(close, i + 1, limit)
        while close == "\u2019" and j >= 0 and j + 1 < n and text[j + 1].isalpha():
            j = text.find(close, j + 1, limit)  # an apostrophe, not the closing quote
        if j > i + 1:
            out.append((i, j + 1))
            pos = j + 1
        else:
            pos = i + 1
    return out


def _verb_lengths(verbs: dict[tuple[str, ...], str]) -> tuple[int, ...]:
    """Verb lengths in tokens, longest first ("明らかにし" is five)."""
    return tuple(sorted({len(k) for k in verbs}, reverse=True)) or (1,)


def _find_verb(words: list[str], verbs: dict[tuple[str, ...], str]) -> tuple[int, int, str] | None:
    """The first attribution verb in ``words``: (start, length, stance)."""
    lengths = _verb_lengths(verbs)
    for i in range(len(words)):
        for ln in lengths:
            v = tuple(words[i:i + ln])
            if len(v) == ln and v in verbs:
                return i, ln, verbs[v]
    return None


def _join_words(words: list[str]) -> str:
    """Words as written: with spaces, or without in Chinese and Japanese ("表示")."""
    return ("" if all(_unspaced(w[:1]) for w in words) else " ").join(words)


def _name_in(toks, lo: int, hi: int, text: str, prefer_last: bool = True):
    """The run of capitalised tokens in toks[lo:hi] nearest the verb; else a short noun phrase."""
    runs: list[tuple[int, int]] = []
    k = lo
    while k < hi:
        if text[toks[k].start].isupper():
            s = k
            while k + 1 < hi and text[toks[k + 1].start].isupper() and \
                    text[toks[k].end:toks[k + 1].start].strip() in ("", "-"):
                k += 1
            runs.append((s, k + 1))
        k += 1
    stop = _stop()
    runs = [r for r in runs if not all(toks[x].key in stop for x in range(*r))]  # "The ministry said"
    if runs:
        s, e = runs[-1] if prefer_last else runs[0]
        return Span(toks[s].start, toks[e - 1].end)
    if hi > lo:
        s = max(lo, hi - 2)
        return Span(toks[s].start, toks[hi - 1].end)
    return None


def find_quotes(article: Article | str, /) -> list[Quote]:
    """Direct quotations with speaker and attribution verb (when the text says)."""
    text = article if isinstance(article, str) else article.text
    lang = None if isinstance(article, str) else article.language
    return list(_find_quotes(text, language_of(lang), generation()))


@lru_cache(maxsize=8)
def _find_quotes(text: str, lang: str, _gen: tuple) -> tuple[Quote, ...]:
    verbs = _verbs(lang, _gen)
    out: list[Quote] = []
    last_speaker: tuple[str, Span] | None = None
    for qs, qe in _quote_spans(text):
        inner = Span(qs + 1, qe - 1)
        words = len(tokens(text[inner.start:inner.end]))
        if words == 0:
            continue
        speaker = verb = stance = None
        sp_span = None
        # after the quotation: `,” Psaki said` / `,” said Psaki` / `, he said`
        after_end = qe
        while after_end < len(text) and after_end - qe < 160 and text[after_end] not in ".;\n“\"":
            after_end += 1
        atoks = tokens(text[qe:after_end])
        akeys = [t.key for t in atoks]
        found = _find_verb(akeys[:7], verbs)
        if found is not None:
            between = text[qe:qe + atoks[found[0]].start]
            closed = text[inner.end - 1:inner.end] in ",.!?…" or between.strip()[:1] == ","
            if re.search(r"[^\w\s,،’'\-–—]", between) or (found[2] == "doubting" and not closed):
                found = None
        if found is not None:
            vi, vl, stance = found
            verb = _join_words(akeys[vi:vi + vl])
            shifted = [t._replace(start=t.start + qe, end=t.end + qe) for t in atoks]
            if vi > 0 and _unspaced(text[shifted[vi].start]):
                sp_span = _unspaced_speaker(text, qe, shifted[vi].start, lang, _gen) or \
                    _topic_speaker(text, qs, lang, _gen)
            elif vi > 0:
                sp_span = _name_in(shifted, 0, vi, text)
            else:
                hi = vi + vl
                stop_at = hi
                while stop_at < len(shifted) and stop_at < hi + 6 and akeys[stop_at] not in _stop():
                    stop_at += 1
                if hi < len(shifted) and _caseless(akeys[hi]):
                    sp_span = _speaker_after_verb(text, shifted, hi, lang, _gen)
                else:
                    sp_span = _name_in(shifted, hi, stop_at, text, prefer_last=False)
                if sp_span is None:  # `“…”, adding:` names nobody after the verb: look before
                    found = verb = stance = None
        if found is None:
            # before the quotation, in the same sentence: `Peskov told reporters that “`
            b = qs
            while b > 0 and qs - b < 200 and text[b - 1] not in ".!?\n" and not (
                    text[b - 1] in "”\"" and text[b - 2:b - 1] in ".!?"):
                b -= 1
            btoks = tokens(text[b:qs])
            bkeys = [t.key for t in btoks]
            last = None
            for i in range(len(bkeys)):
                for ln in _verb_lengths(verbs):
                    v = tuple(bkeys[i:i + ln])
                    if len(v) == ln and v in verbs:
                        last = (i, ln, verbs[v])
            if last is not None and last[2] == "doubting" and len(bkeys) - (last[0] + last[1]) > 1:
                last = None
            if last is not None and len(bkeys) - last[0] <= 14:
                vi, vl, stance = last
                verb = _join_words(bkeys[vi:vi + vl])
                shifted = [t._replace(start=t.start + b, end=t.end + b) for t in btoks]
                if vi > 0 and re.search(r"[,\u201d\"]", text[shifted[vi - 1].end:shifted[vi].start]):
                    # `…, adding: “…”`: the clause's subject spoke, as the last speaker did
                    sp_span = last_speaker[1] if last_speaker else None
                elif vi > 0 and _unspaced(text[shifted[vi].start]):
                    sp_span = _unspaced_speaker(text, b, shifted[vi].start, lang, _gen)
                elif vi > 0:
                    sp_span = _name_in(shifted, max(0, vi - 8), vi, text)
                elif verb == "according to":
                    sp_span = _name_in(shifted, vi + vl, len(shifted), text, prefer_last=False)
                elif vi + vl < len(bkeys) and _caseless(bkeys[vi + vl]):
                    # the verb opens the sentence, as in Arabic: "وقال بيسكوف: «…»"
                    sp_span = _speaker_after_verb(text, shifted, vi + vl, lang, _gen)
        if sp_span is not None and not text[sp_span.start].isupper() and \
                all(t.key in _stop() for t in tokens(text[sp_span.start:sp_span.end])):
            sp_span = last_speaker[1] if last_speaker else None
        if sp_span is not None and _is_document(text, sp_span, lang, _gen):
            sp_span = _speaker_before(text, sp_span.start, lang, last_speaker)
        if sp_span is not None:  # "Russian President Vladimir Putin" speaks as "Vladimir Putin"
            st = tokens(text[sp_span.start:sp_span.end])
            cut = _trim_titles([t.key for t in st], _name_words(lang, _gen))
            if 0 < cut < len(st):
                sp_span = Span(sp_span.start + st[cut].start, sp_span.end)
        if sp_span is not None:
            speaker = " ".join(text[sp_span.start:sp_span.end].split())
            if key(speaker) in _PRONOUNS and last_speaker is not None:
                speaker, sp_span = last_speaker
            elif key(speaker) not in _PRONOUNS:
                speaker = _strip_article(speaker)
                last_speaker = (speaker, sp_span)
        out.append(Quote(Span(qs, qe), inner, speaker, sp_span, verb, stance, words))
    return tuple(out)


def _is_document(text: str, sp: Span, lang: str, gen: tuple) -> bool:
    """"the statement said": a lowercase document noun is not a speaker."""
    toks = tokens(text[sp.start:sp.end])
    if not toks:
        return False
    last = toks[-1]
    if text[sp.start + last.start].isupper():
        return False  # "The Washington Post said"
    return _name_words(lang, gen)[0].get((last.key,)) == "document"


def _speaker_before(text: str, pos: int, lang: str, last_speaker: tuple[str, Span] | None) -> Span | None:
    """Who a document speaks for: the nearest organisation or person named before ``pos``
    (a name of two or more words in the preceding 400 characters), else the last speaker."""
    lo = max(0, pos - 400)
    window = text[lo:pos]  # tokenised here: a window must not push whole articles out of the token cache
    names = [it for it in _names_in(window, lang, tuple(tokens(window))) if " " in it.value]
    if names:
        sp = names[-1].span
        return Span(sp.start + lo, sp.end + lo)
    return last_speaker[1] if last_speaker else None


def _strip_article(s: str) -> str:
    parts = s.split()
    while len(parts) > 1 and key(parts[0]) in ("the", "a", "an", "le", "la", "les", "der", "die", "das", "el"):
        parts = parts[1:]
    s = " ".join(parts)
    return re.sub(r"['’]s$", "", s)


# ---------------------------------------------------------------- numbers and dates

_TIME_RE = re.compile(r"(?<![\w:])(\d{1,2}):(\d{2})(?:\s?([ap]\.?m\.?))?(?:\s?(GMT|UTC|[A-Z]{2,4}T))?(?![\w:])", re.I)
_ISO_RE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
_DMY_RE = re.compile(r"(?<![\w.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\w.])")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


# Languages that write a decimal comma and group thousands with dots ("94.000", "4,5").
_DECIMAL_COMMA = frozenset({"de", "es", "it", "pt", "fr", "nl", "da", "sv", "no", "fi", "pl", "cs",
                            "sk", "ro", "hu", "tr", "id", "vi", "ru", "uk", "bg", "sr", "el"})


def _to_float(s: str, lang: str = "en") -> float | None:
    s = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in s)
    s = s.replace("\u00a0", "").replace("\u202f", "")
    if lang in _DECIMAL_COMMA and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")  # "94.000", "1.250.000,5"
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def _fmt(v: float) -> str:
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _head(text: str, toks, i: int, stop: frozenset[str]) -> tuple[str, str, int]:
    """The counted noun phrase starting at token i: (phrase, head stem, end token)."""
    from parallax.reader.align.similarity import stem

    words: list[int] = []
    j = i
    while j < len(toks) and len(words) < 3:
        if words and _looks_plural_or_final(toks[words[-1]].key):
            break
        k = toks[j].key
        between = text[toks[j - 1].end:toks[j].start] if j > 0 else " "
        if words and between.strip() not in ("", "-"):
            break
        if not words and between.strip() not in ("", "-", "(", "\u2019"):
            break
        if k in stop or not k[:1].isalpha() or _dates(language_of(None), generation()).get(k):
            break
        if words and (k.endswith("ing") or k.endswith("ed")) and len(k) > 5:
            break
        words.append(j)
        j += 1
    if not words:
        return "", "", i
    # the head is the last word that is not capitalised-adjective-like trailing verb
    phrase = " ".join(text[toks[w].start:toks[w].end] for w in words)
    return phrase, stem(toks[words[-1]].key), words[-1] + 1


def _looks_plural_or_final(k: str) -> bool:
    """A counted noun usually ends the phrase: 'troops', 'hours', 'minute'."""
    return k.endswith("s") or k in _UNIT_NOUNS


_UNIT_NOUNS = {"minute", "hour", "day", "week", "month", "year", "percent", "person", "people",
               "time", "km", "kilometre", "kilometer", "mile", "metre", "meter", "dollar", "euro"}


@lru_cache(maxsize=16)
def _qualifiers(lang: str, _gen: tuple = ()) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for row in load("qualifiers.tsv", lang):
        ks = tuple(t.key for t in tokens(row[0]))
        if ks and len(row) > 1:
            out[ks] = row[1]
    return out


_ABOUT = 0.03  # "about 94,000" allows 3% either way


def _interval(toks, i: int, lo: float, hi: float | None, quals: dict[tuple[str, ...], str]) -> tuple[float, float]:
    """The values a figure allows, from the qualifier just before it."""
    hi = lo if hi is None else hi
    keys = [t.key for t in toks[max(0, i - 3):i]]
    for k in range(len(keys)):
        kind = quals.get(tuple(keys[k:]))
        if kind == "about":
            return lo * (1 - _ABOUT), hi * (1 + _ABOUT)
        if kind == "at-least":
            return lo, float("inf")
        if kind == "at-most":
            return 0.0, hi
    return lo, hi


_CONTEXT = 5  # content words each side of a figure that say what it is about
_SENT_END = re.compile(r"[.!?;:]\s|\n")


def _context_words(text: str, toks, i: int, j: int, stop: frozenset[str]) -> tuple[str, ...]:
    """Up to five content words before token i and after token j, in the same sentence."""
    out: list[str] = []
    got = 0
    k = i - 1
    while k >= 0 and got < _CONTEXT and not _SENT_END.search(text, toks[k].end, toks[k + 1].start):
        if toks[k].key not in stop and toks[k].key[:1].isalpha():
            out.append(toks[k].key)
            got += 1
        k -= 1
    got = 0
    k = j
    while 0 < k < len(toks) and got < _CONTEXT and not _SENT_END.search(text, toks[k - 1].end, toks[k].start):
        if toks[k].key not in stop and toks[k].key[:1].isalpha():
            out.append(toks[k].key)
            got += 1
        k += 1
    return tuple(out)


def _same_quantity(a: Item, b: Item) -> bool:
    """Do two figures for one counted thing give different values for the same quantity?

    Their intervals must not overlap ("more than 94,000" and "100,000" agree),
    their contexts must share a content word when both have one, and must not
    say opposite things ("10 people killed" / "5 people injured", from
    ``opposites.tsv``).
    """
    if a.lo <= b.hi and b.lo <= a.hi:
        return False
    from parallax.reader.align.similarity import content, opposed
    from parallax.reader.align.similarity import context as words_ctx

    ctx = words_ctx()
    if a.context and b.context:
        if opposed(a.context, b.context, ctx):
            return False
        heads = {a.head}
        if not (content(a.context, ctx=ctx) - heads) & (content(b.context, ctx=ctx) - heads):
            return False
    return True


_AND = frozenset({"y", "e", "et", "und", "and"})  # between tens and units ("treinta y dos")


def _tens(v: float) -> bool:
    """Twenty, thirty ... ninety (also after hundreds): units may follow."""
    return v == int(v) and int(v) % 10 == 0 and 20 <= int(v) % 100 <= 90


def _numbers_in(text: str, lang: str) -> list[Item]:
    units, scales, _ords = _numbers(lang, generation())
    quals = _qualifiers(lang, generation())
    stop = _stop()
    toks = text_tokens(text)
    dates = _dates(lang, generation())
    out: list[Item] = []
    n = len(toks)
    used = bytearray(n)

    def number_at(i: int) -> tuple[float, int] | None:
        """A number starting at token i: (value, next token index)."""
        t = toks[i]
        k = t.key
        if k[:1].isdigit():
            raw = text[t.start:t.end]
            v = _to_float(raw, lang)
            if v is None:
                return None
            j = i + 1
            # thousands grouped with spaces: "94 000", "1 250 000"
            if len(raw) <= 3 and raw.isdigit():
                while j < n and len(toks[j].key) == 3 and toks[j].key.isdigit() and \
                        text[toks[j - 1].end:toks[j].start] in (" ", "\u00a0", "\u202f", "\u2009"):
                    v = v * 1000 + int(toks[j].key)
                    j += 1
            if j < n and toks[j].key in scales:
                v *= scales[toks[j].key]
                j += 1
            return v, j
        if k in units or ("-" in k and all(p in units for p in k.split("-"))):
            v = units[k] if k in units else sum(units[p] for p in k.split("-"))
            j = i + 1
            while j < n:
                kk = toks[j].key
                if kk in _AND and j + 1 < n and toks[j + 1].key in units and _tens(v) \
                        and units[toks[j + 1].key] < 10:
                    j += 1  # "treinta y dos", "vinte e dois", "vingt et un"
                    kk = toks[j].key
                if kk in scales:
                    v *= scales[kk]
                elif kk in units and ((v >= 100 and units[kk] < 100) or (_tens(v) and units[kk] < 10)):
                    v += units[kk]  # "two hundred five", "двадцать два"
                else:
                    break
                j += 1
            return v, j
        return None

    i = 0
    while i < n:
        if used[i]:
            i += 1
            continue
        t = toks[i]
        got = number_at(i)
        if got is None:
            i += 1
            continue
        v, j = got
        spelled = not t.key[:1].isdigit()
        prev = toks[i - 1].key if i > 0 else ""
        # a year or a day of the month is a date, not a count ("7 December", "7 de
        # diciembre", "December 7", CJK "7日" / "12月")
        if not spelled and (_date_word(dates, prev) or (j < n and (
                _date_word(dates, toks[j].key) or (_is_link(dates, toks[j].key) and j + 1 < n and
                                                   dates.get(toks[j + 1].key, ("",))[0] == "month")))
                or text[toks[j - 1].end:toks[j - 1].end + 1] in _CJK_DATE_UNITS):
            i += 1
            continue
        raw = text[t.start:t.end]
        if not spelled and len(raw) == 4 and raw.isdigit() and 1800 <= v <= 2100:
            i += 1  # a year
            continue
        if text[t.end:t.end + 1] == ":" or text[t.start - 1:t.start] == ":":  # a clock time
            i += 1
            continue
        lo_v, hi_v = v, None
        end_tok = j
        # ranges: 95,000 to 100,000 / 5-10 / between 5 and 10
        if (j + 1 < n and toks[j].key in ("to", "-", "and", "or")) or (
            j < n and text[toks[j - 1].end:toks[j].start].strip() in ("-", "–", "—")
        ):
            k2 = j + 1 if toks[j].key in ("to", "and", "or") and j < n else j
            if k2 < n:
                got2 = number_at(k2)
                if got2 is not None and (toks[j].key != "and" or prev == "between"):
                    hi_v, end_tok = got2
        pct = re.match(r"\s?(%|per\s?cent|percent)", text[toks[end_tok - 1].end:toks[end_tok - 1].end + 9])
        cur = text[max(0, t.start - 1):t.start]
        phrase, head, after = _head(text, toks, end_tok, stop)
        if pct:
            phrase, head = "percent", "percent"
        elif cur in "$€£¥₽₹" and cur:
            phrase, head = cur, cur
        if spelled and not head:
            i = j
            continue
        num = _fmt(lo_v) + (f" to {_fmt(hi_v)}" if hi_v is not None else "")
        span_end = toks[after - 1].end if head and not pct and not cur.strip() else toks[end_tok - 1].end
        if pct:
            span_end = toks[end_tok - 1].end + pct.end()
        start = t.start - (1 if cur.strip() else 0)
        value = f"{num} {phrase}".strip() if phrase and phrase not in "$€£¥₽₹" else f"{phrase}{num}"
        # compound quantities: "two hours and one minute"
        q = after
        while head and q + 1 < n and toks[q].key in ("and", ",") and number_at(q + 1):
            v3, j3 = number_at(q + 1)  # type: ignore[misc]
            ph3, hd3, aft3 = _head(text, toks, j3, stop)
            if not hd3:
                break
            value += f" {_fmt(v3)} {ph3}"
            span_end = toks[aft3 - 1].end
            q = aft3
            after = aft3
        for u in range(i, max(after, end_tok)):
            used[u] = 1
        lo, hi = _interval(toks, i, lo_v, hi_v, quals)
        out.append(Item("number", value, key(value), head, Span(start, span_end), lo, hi,
                        _context_words(text, toks, i, max(after, end_tok), stop)))
        i = max(after, end_tok, i + 1)
    return out


def _jump(cands: list[int], ci: int, i: int) -> tuple[int, int]:
    """The first candidate token index at or after ``i`` (searching ``cands`` from
    ``ci``): its place in ``cands`` and the index, or -1 when none is left."""
    ci = bisect_left(cands, i, ci)
    return ci, (cands[ci] if ci < len(cands) else -1)


def _is_day(k: str) -> bool:
    return k.isdigit() and len(k) <= 2 and 1 <= int(k) <= 31


def _is_year(k: str) -> bool:
    return k.isdigit() and len(k) == 4


def _is_link(dates: dict[str, tuple[str, str, bool]], k: str) -> bool:
    return dates.get(k, ("",))[0] == "link"


_CJK_DATE_UNITS = frozenset("年月日号號년월일")


def _date_word(dates: dict[str, tuple[str, str, bool]], k: str) -> bool:
    return k in dates and dates[k][0] != "link"


_CJK_DATE_RE = re.compile(
    r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日일号號])?")


def _dates_in(text: str, lang: str) -> list[Item]:
    dates = _dates(lang, generation())
    toks = text_tokens(text)
    out: list[Item] = []
    n = len(toks)
    cands = [i for i, t in enumerate(toks) if t.key in dates or t.key[:1] == "m" or t.key[-1:] == "."]
    ci = 0
    i = 0
    while i < n:
        ci, i = _jump(cands, ci, i)  # the next token that can start a date
        if i < 0:
            break
        t = toks[i]
        k = t.key.rstrip(".")
        if k.startswith("mid-") and dates.get(k[4:], ("",))[0] == "month":
            out.append(Item("date", "mid-" + dates[k[4:]][1], "mid-" + key(dates[k[4:]][1]), "", Span(t.start, t.end)))
            i += 1
            continue
        info = dates.get(k)
        if info is None or info[0] == "link" or (info[2] and not text[t.start].isupper()):
            i += 1
            continue
        kind, norm, _capital = info
        s, e = t.start, t.end
        if kind == "month":
            day = year = None
            j = i + 1
            if j < n and _is_day(toks[j].key):
                day = int(toks[j].key)
                e = toks[j].end
                j += 1
            elif i > 0 and _is_day(toks[i - 1].key):
                day = int(toks[i - 1].key)
                s = toks[i - 1].start
            elif i > 1 and _is_link(dates, toks[i - 1].key) and _is_day(toks[i - 2].key):
                day = int(toks[i - 2].key)  # "7 de diciembre"
                s = toks[i - 2].start
            if j < n and _is_year(toks[j].key):
                year = int(toks[j].key)
                e = toks[j].end
                j += 1
            elif j + 1 < n and _is_link(dates, toks[j].key) and _is_year(toks[j + 1].key):
                year = int(toks[j + 1].key)  # "diciembre de 2021"
                e = toks[j + 1].end
                j += 2
            if day is None and year is None and (key(norm) == "may" or not _capital):
                # alone, a month word counts only where a capital marks it (English
                # "December"); "mars", "mai", "نيسان" alone may be other words
                i += 1
                continue
            value = norm + (f" {day}" if day else "") + (f" {year}" if year else "")
            out.append(Item("date", value, key(value), "", Span(s, e)))
            i = j
            continue
        out.append(Item("date", norm, key(norm), "", Span(s, e)))
        i += 1
    for rx, fmt in ((_ISO_RE, "iso"), (_DMY_RE, "dmy")):
        for m in rx.finditer(text):
            if fmt == "iso":
                y, mo, d = int(m[1]), int(m[2]), int(m[3])
            else:
                d, mo, y = int(m[1]), int(m[2]), int(m[3])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                value = f"{_MONTHS[mo - 1]} {d} {y}"
                out.append(Item("date", value, key(value), "", Span(m.start(), m.end())))
    for m in _CJK_DATE_RE.finditer(text):  # 2021年12月7日, 12月7日, 2021년 12월 7일
        y, mo, d = m[1], int(m[2]), m[3]
        if not 1 <= mo <= 12 or (d is None and y is None) or (d is not None and not 1 <= int(d) <= 31):
            continue
        value = _MONTHS[mo - 1] + (f" {int(d)}" if d else "") + (f" {int(y)}" if y else "")
        out.append(Item("date", value, key(value), "", Span(m.start(), m.end())))
    for m in _TIME_RE.finditer(text):
        h, mi = int(m[1]), int(m[2])
        if h > 24 or mi > 59:
            continue
        value = f"{h:02d}:{mi:02d}" + (f" {m[3].replace('.', '').lower()}" if m[3] else "") + (f" {m[4]}" if m[4] else "")
        out.append(Item("date", value, key(value), "", Span(m.start(), m.end())))
    # years standing alone ("in 2014")
    covered = set()
    for it in out:
        covered.update(range(it.span.start, it.span.end))
    for idx, t in enumerate(toks):
        if len(t.key) == 4 and t.key.isdigit() and 1800 <= int(t.key) <= 2100 and idx > 0 and \
                toks[idx - 1].key in ("in", "since", "of", "by", "until", "from", "between", "and", "before", "after") \
                and t.start not in covered:
            out.append(Item("date", t.key, t.key, "", Span(t.start, t.end)))
    return out


# ---------------------------------------------------------------- names

_CONNECT = {"of", "de", "del", "della", "da", "du", "van", "von", "der", "den", "al", "bin", "ibn", "la", "le"}
_SENT_START_RE = re.compile(r"(^|[.!?:\n“\"«„]\s*|\|\s*)$")


def _bare(k: str) -> str:
    return k[:-2] if k.endswith("'s") else k


# Case endings of Russian and Ukrainian names ("Путина", "Зеленского", "Сергея",
# "Захаровой"), longest first: a name is compared without them, so every case of it
# is the same name.
_CYRILLIC_ENDINGS = ("ого", "его", "ому", "ему", "ием", "ими", "ыми", "ея", "ею", "ой", "ей", "ым", "им", "ом", "ем",
                     "ия", "ию", "ии", "ий", "ый", "ая", "яя", "ую", "юю", "а", "я", "у", "ю", "е", "ы", "и", "й")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")


def name_key(name: str, /) -> str:
    """What a name is compared by: its matching key, and in Cyrillic each word without its
    case ending ("Владимира Путина" = "Владимир Путин")."""
    k = key(name)
    if not _CYRILLIC_RE.search(k):
        return k
    words = []
    for w in k.split():
        for end in _CYRILLIC_ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 3:
                w = w[: -len(end)]
                break
        words.append(w)
    return " ".join(words)


def _names_in(text: str, lang: str, toks: tuple | None = None) -> list[Item]:
    if toks is None:
        toks = text_tokens(text)
    stop = _stop()
    dates = _dates(lang, generation())
    table = _name_words(lang, generation())
    n = len(toks)
    cap_mid: set[str] = set()

    capital = {t.start for t in toks if text[t.start].isupper()}
    # a language that capitalises every noun (German) lists its articles
    noun_caps = any(kind == "article" for kind in table[0].values())

    def is_cap(t) -> bool:
        return t.start in capital

    def initial(t) -> bool:
        return bool(_SENT_START_RE.search(text[max(0, t.start - 3):t.start]))

    lower_seen: set[str] = set()  # words also written in lower case: common words
    for t in toks:
        if t.start in capital:
            if not initial(t):
                cap_mid.add(t.key)
        else:
            lower_seen.add(t.key)
    out: list[Item] = []
    starts = [i for i, t in enumerate(toks) if t.start in capital]
    si = 0
    i = 0
    while i < n:
        si, i = _jump(starts, si, i)  # the next capitalised token
        if i < 0:
            break
        t = toks[i]
        if not is_cap(t) or _bare(t.key) in dates or t.key.rstrip(".") in dates:
            i += 1
            continue
        j = i + 1
        while j < n:
            between = text[toks[j - 1].end:toks[j].start]
            initial_dot = between == ". " and len(toks[j - 1].key) == 1
            if between not in (" ", "-", "\u00a0") and not initial_dot:
                break
            if is_cap(toks[j]) and _bare(toks[j].key) not in dates:
                j += 1
            elif toks[j].key in _CONNECT and j + 2 < n and toks[j + 1].key in _CONNECT and \
                    is_cap(toks[j + 2]) and text[toks[j].end:toks[j + 2].start].count(" ") == 2:
                j += 3  # "Ursula von der Leyen", "Rafael van der Vaart"
            elif toks[j].key in _CONNECT and j + 1 < n and is_cap(toks[j + 1]) and \
                    text[toks[j].end:toks[j + 1].start] == " " and not (
                        noun_caps and _kind_at([toks[j].key], 0, table) == ("article", 1)
                        and toks[j - 1].key not in ("von", "van")):
                j += 2
            else:
                break
        run = list(range(i, j))
        # drop leading function words ("The White House", "In Moscow")
        while run and toks[run[0]].key in stop:
            run.pop(0)
        while run and toks[run[-1]].key in stop | _CONNECT:
            run.pop()
        if run:
            cut = _trim_titles([_bare(toks[x].key) for x in run], table)
            run = run[cut:]
        if len(run) > 1 and initial(toks[run[0]]) and toks[run[0]].key in lower_seen and \
                toks[run[0]].key not in cap_mid:
            run = run[1:]  # "Yesterday Putin", "Despite Biden": a common word opening the sentence
        if run:
            first = toks[run[0]]
            if (len(run) == 1 and initial(first) and first.key not in cap_mid) or (len(run) == 1 and (first.key in stop or len(first.key) < 2)):
                run = []
        if len(run) == 1 and noun_caps and run[0] > 0 and not initial(toks[run[0]]):
            prev = toks[run[0] - 1]
            prev_kind = _kind_at([prev.key], 0, table)
            if text[prev.end:toks[run[0]].start] == " " and prev_kind != ("before-name", 1) and (
                    not is_cap(prev) or prev_kind == ("article", 1)):
                run = []  # German "die Gespräche", "harten Sanktionen": a noun, not a name
        if run:
            s, e = toks[run[0]].start, toks[run[-1]].end
            name = text[s:e]
            m = re.search(r"['’`]s$", name)
            if m:
                e -= len(m.group())
                name = name[: -len(m.group())]
            name = " ".join(name.split())
            if name:
                out.append(Item("name", name, name_key(name), "", Span(s, e)))
        i = max(j, i + 1)
    if _CASELESS_RE.search(text):
        verbs = {w for k in _verbs(lang, generation()) for w in k}  # "الرئيس قال": no name
        out += _caseless_names(text, toks, table, stop | set(dates) | verbs)
        if has_unspaced(text):
            out += _unspaced_names(text, lang)
    return out


# Letters of scripts without capitals: Hebrew, Arabic, Syriac, Thaana, the Indic scripts,
# Thai, Lao, Georgian (mkhedruli), Ethiopic; and kana, Han and Hangul.
_CASELESS_RE = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u10d0-\u10ff\u1200-\u137f"
                          "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb1d-\ufeff]")


def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces between words (Chinese, Japanese...)."""
    return bool(ch) and has_unspaced(ch)


@lru_cache(maxsize=16)
def _unspaced_words(lang: str, _gen: tuple = ()) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """Titles written before a name, titles written after one, and name boundaries, as
    strings, from the ``name_words.tsv`` of a language written without spaces."""
    words = _name_words(lang, _gen)[0]
    before = tuple(sorted(("".join(k) for k, kind in words.items() if kind == "title"
                           and all(_unspaced(c) for c in "".join(k))), key=len, reverse=True))
    after = tuple(sorted(("".join(k) for k, kind in words.items() if kind == "suffix"), key=len, reverse=True))
    bounds = frozenset("".join(k) for k, kind in words.items() if kind == "boundary")
    return before, after, bounds


_UNSPACED_NAME = (2, 6)  # characters in a name found after or before a title


def _unspaced_names(text: str, lang: str) -> list[Item]:
    """Names in Chinese and Japanese: the characters after a title ("美国总统拜登" -> 拜登) or,
    in Japanese, before one ("ペスコフ報道官" -> ペスコフ), up to a boundary character
    (``name_words.tsv`` kind ``boundary``); then every later use of a name found."""
    before, after, bounds = _unspaced_words(lang, generation())
    lo, hi = _UNSPACED_NAME
    names: set[str] = set()
    for title in before:
        for m in re.finditer(re.escape(title), text):
            e = m.end()
            while e < len(text) and e - m.end() < hi and _unspaced(text[e]) and text[e] not in bounds:
                e += 1
            name = _recurring_prefix(text, text[m.end():e])
            if lo <= len(name) and not any(name.startswith(t) for t in before):
                names.add(name)
    for title in after:
        for m in re.finditer(re.escape(title), text):
            b = m.start()
            while b > 0 and m.start() - b < hi and _unspaced(text[b - 1]) and text[b - 1] not in bounds:
                b -= 1
            name = text[b:m.start()]
            if lo <= len(name) <= hi:
                names.add(name)
    out = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(m.start() < it.span.end and it.span.start < m.end() for it in out):
                out.append(Item("name", name, key(name), "", Span(m.start(), m.end())))
    return out


def _topic_speaker(text: str, qs: int, lang: str, _gen: tuple) -> Span | None:
    """Who speaks in Japanese: the topic or subject marked right before the quotation
    ("ペスコフ報道官は「…」と述べた" -> ペスコフ), without the title written after it."""
    _before, after, bounds = _unspaced_words(lang, _gen)
    e = qs
    while e > 0 and text[e - 1] in " 、,":
        e -= 1
    if e == 0 or text[e - 1] not in "はが":
        return None
    e -= 1
    b = e
    while b > 0 and e - b < 12 and _unspaced(text[b - 1]) and text[b - 1] not in bounds:
        b -= 1
    for title in after:
        if text.endswith(title, b, e) and e - len(title) > b:
            e -= len(title)
            break
    return Span(b, e) if e > b else None


def _recurring_prefix(text: str, run: str) -> str:
    """The name at the start of ``run`` (the characters after a title, up to a boundary):
    its longest start that the text uses again ("普京要求西方" -> 普京 when 普京 comes back);
    else the run when it is short enough to be a name alone (up to 4 characters), else ""."""
    for n in range(len(run), 1, -1):
        if text.count(run[:n]) > 1:
            return run[:n]
    return run if len(run) <= 4 else ""


def _unspaced_speaker(text: str, lo: int, hi: int, lang: str, _gen: tuple) -> Span | None:
    """Who speaks in Chinese: the subject of the clause that ends with the verb at ``hi``
    ("克里姆林宫发言人佩斯科夫说" -> 佩斯科夫, "拜登对…表示" -> 拜登, "白宫表示" -> 白宫)."""
    before, _after, bounds = _unspaced_words(lang, _gen)
    start = hi
    while start > lo and _unspaced(text[start - 1]):
        start -= 1
    end = start
    while end < hi and text[end] not in bounds:
        end += 1
    for title in before:  # the name after the last title: "美国总统拜登" -> 拜登
        at = text.rfind(title, start, end)
        if at >= 0 and at + len(title) < end:
            start = at + len(title)
    if not 0 < end - start <= 8:
        return None
    return Span(start, end)


# Words that join the parts of an Arabic name ("عبد الفتاح", "محمد بن سلمان", "أبو مازن").
_NAME_JOINERS = frozenset({"عبد", "عبدال", "أبو", "ابو", "أبي", "بن", "ابن", "بنت", "آل", "ال"})
# The Arabic article, also behind "and", "with", "for", "so", "as" ("بالوزير", "للرئيس"):
# a noun, not the rest of a name.
_DEFINITE = ("ال", "بال", "لل", "وال", "فال", "كال", "وبال", "ولل")
_MAX_NAME_WORDS = 2  # after a title: the next word or two, more only through a joiner


def _caseless(word: str) -> bool:
    """A word in a script without capitals (Arabic, Hebrew, Devanagari...)."""
    return bool(word) and word[0].isalpha() and word[0].upper() == word[0].lower()


# One-letter prefixes written onto the next word: Arabic "and", "with/by", "for", "so", "as"
# ("والرئيس", "بالرئيس"; "للرئيس" is ل + الرئيس), Hebrew "and", "the", "in", "to", "from",
# "that", "as" ("ונשיא").
_WORD_PREFIXES = frozenset("وبلفكהבלמשכ")


def _title_at(keys: list[str], i: int, table: tuple[dict[tuple[str, ...], str], int]) -> tuple[str, int] | None:
    """The name word at keys[i] as :func:`_kind_at` finds it, also when a one-letter
    prefix is written onto it."""
    got = _kind_at(keys, i, table)
    k = keys[i]
    if got is not None or len(k) < 3 or k[0] not in _WORD_PREFIXES:
        return got
    forms = [k[1:]]
    if k.startswith("لل"):
        forms.append("ال" + k[2:])
    if len(k) > 3 and k[1] in _WORD_PREFIXES:
        forms.append(k[2:])
        if k[1:3] == "لل":
            forms.append("ال" + k[3:])
    for form in forms:
        got = _kind_at([*keys[:i], form, *keys[i + 1:i + table[1]]], i, table)
        if got is not None:
            return got
    return None


def _caseless_name_at(text: str, toks, keys: list[str], j: int,
                      table: tuple[dict[tuple[str, ...], str], int],
                      stop: set[str] | frozenset[str]) -> tuple[int, int]:
    """The name that starts at toks[j] (after any more titles, nationality adjectives
    and bodies: "الروسي", "باسم الكرملين"), as token indexes [start, end); empty when none."""
    n = len(toks)
    while j < n and (j == 0 or text[toks[j - 1].end:toks[j].start] == " "):
        nxt = _title_at(keys, j, table)
        if nxt is None or nxt[0] == "document":
            break
        j += nxt[1]
    start = j
    while j < n and j - start < _MAX_NAME_WORDS + sum(k in _NAME_JOINERS for k in keys[start:j]) - (
            keys[start] in _NAME_JOINERS and keys[start] != "عبد"):
        k = keys[j]
        if ((j > 0 and text[toks[j - 1].end:toks[j].start] != " ") or not _caseless(k) or k in stop
                or _kind_at(keys, j, table) is not None or len(k) < 2):
            break
        # "عبد الفتاح السيسي": Abd joins the next word, and a family name may follow
        joined = j > start and (keys[j - 1] in _NAME_JOINERS or (j - start == 2 and keys[start] == "عبد"))
        if j > start and not joined and ((k[0] == "و" and len(k) > 3) or k.startswith(_DEFINITE)):
            break  # "ونظيره" (and his counterpart), "الأسبوع": a word after the name
        j += 1
    if j > start and keys[j - 1] in _NAME_JOINERS:
        j -= 1
    return start, j


def _speaker_after_verb(text: str, toks, lo: int, lang: str, _gen: tuple) -> Span | None:
    """Who speaks in a script without capitals when the verb comes first ("وقال
    المتحدث باسم الكرملين دميتري بيسكوف", "אמר פסקוב"): the name after the verb and any
    titles, else the title itself ("قال الكرملين")."""
    keys = [t.key for t in toks]
    table = _name_words(lang, _gen)
    start, end = _caseless_name_at(text, toks, keys, lo, table, _stop())
    if end > start:
        return Span(toks[start].start, toks[end - 1].end)
    if start > lo:  # only a title or a body: "قال الكرملين", "قال المتحدث"
        return Span(toks[lo].start, toks[start - 1].end)
    return None


_PARTICLE_MAX = 2  # Korean particles written onto a title: "대통령은", "대변인이", "장관과"


def _names_before_titles(text: str, toks, keys: list[str], table: tuple[dict[tuple[str, ...], str], int],
                         stop: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Names written before a title that follows them, in a spaced script without capitals
    (Korean "블라디미르 푸틴 러시아 대통령은"): the word or two before the title and the
    nationality adjectives or countries between them, as token index ranges."""
    suffixes = [k[0] for k, kind in table[0].items() if kind == "suffix" and len(k) == 1]
    if not suffixes:
        return []
    found = []
    for j, k in enumerate(keys):
        if not any(k.startswith(t) and len(k) - len(t) <= _PARTICLE_MAX for t in suffixes):
            continue
        e = j
        while e > 0 and _kind_at(keys, e - 1, table) is not None:
            e -= 1  # "러시아": the country between name and title
        b = e
        while b > 0 and e - b < _MAX_NAME_WORDS and _caseless(keys[b - 1]) and keys[b - 1] not in stop \
                and text[toks[b - 1].end:toks[b].start] == " " and _kind_at(keys, b - 1, table) is None:
            b -= 1
        if b < e:
            found.append((b, e))
    return found


def _caseless_names(text: str, toks: tuple, table: tuple[dict[tuple[str, ...], str], int],
                    stop: set[str] | frozenset[str]) -> list[Item]:
    """Names in scripts without capitals, which cannot be found by their capitals: the
    word or two after a title and any nationality adjectives or bodies it names
    ("الرئيس الروسي فلاديمير بوتين", "נשיא רוסיה ולדימיר פוטין"); then every later use of a
    found name's last word on its own ("بوتين")."""
    keys = [t.key for t in toks]
    n = len(toks)
    found: list[tuple[int, int]] = []
    i = 0
    while i < n:
        got = _title_at(keys, i, table) if _caseless(toks[i].key) else None
        if got is None or got[0] != "title":
            i += 1
            continue
        start, j = _caseless_name_at(text, toks, keys, i + got[1], table, stop)
        if j > start:
            found.append((start, j))
        i = max(j, i + 1)
    found += _names_before_titles(text, toks, keys, table, stop)
    found.sort()
    # a surname already met as the end of a full name stands alone ("الرئيس بوتين طالب"
    # after "فلاديمير بوتين"): what follows it is not part of the name
    surnames = {keys[b - 1] for a, b in found if b - a > 1}
    found = [(a, a + 1) if b - a > 1 and keys[a] in surnames else (a, b) for a, b in found]
    # one word after a title may be a verb ("الرئيس الروسي يحذر"): it is a name when it
    # comes back in the text, as names do
    seen = Counter(keys)
    found = [(a, b) for a, b in found if b - a > 1 or seen[keys[a]] > 1]
    out = [Item("name", text[toks[a].start:toks[b - 1].end], key(text[toks[a].start:toks[b - 1].end]), "",
                Span(toks[a].start, toks[b - 1].end)) for a, b in found]
    # later mentions by the last word alone ("بوتين" after "فلاديمير بوتين")
    lasts = {keys[b - 1] for a, b in found if b - a > 1 and len(keys[b - 1]) > 2}
    inside = {x for a, b in found for x in range(a, b)}
    for x, t in enumerate(toks):
        if t.key in lasts and x not in inside:
            out.append(Item("name", text[t.start:t.end], t.key, "", Span(t.start, t.end)))
    return out


# ---------------------------------------------------------------- extraction and comparison


def extract(article: Article, /) -> list[Item]:
    """Every fact mention in one article, in text order."""
    text = article.text
    lang = language_of(article.language)
    items = _numbers_in(text, lang) + _dates_in(text, lang)
    taken = [it.span for it in items]
    for q in find_quotes(article):
        value = " ".join(text[q.inner.start:q.inner.end].split())
        if q.words >= 4 or q.speaker:
            items.append(Item("quote", value, " ".join(t.key for t in tokens(value)), q.speaker or "", q.span))
    for it in _names_in(text, lang):
        if not any(it.span.overlaps(s) for s in taken):
            items.append(it)
    items.sort(key=lambda it: (it.span.start, it.kind))
    return items


def _quote_similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) < 3:
        return short == long_
    return fuzz.partial_ratio(short, long_) >= 85


def _canonical_names(items: list[Item]) -> dict[str, str]:
    """Map each name's key to the longest name on the side that ends with it (Putin -> Vladimir Putin)."""
    names = sorted({it.match for it in items if it.kind == "name"}, key=len, reverse=True)
    canon: dict[str, str] = {}
    for nm in names:
        canon[nm] = nm
        for longer in names:
            if len(longer) > len(nm) and longer.endswith(" " + nm):
                canon[nm] = canon.get(longer, longer)
                break
    return canon


def compare_facts(left: Article, right: Article, /) -> tuple[Fact, ...]:
    """The facts of both sides, each with its status."""
    return facts_from_items(extract(left), extract(right))


def facts_from_items(li: list[Item], ri: list[Item]) -> tuple[Fact, ...]:
    facts: list[Fact] = []

    # numbers and dates: grouped by value
    for kind in ("number", "date"):
        lg: dict[str, list[Item]] = defaultdict(list)
        rg: dict[str, list[Item]] = defaultdict(list)
        for it in li:
            if it.kind == kind:
                lg[it.match].append(it)
        for it in ri:
            if it.kind == kind:
                rg[it.match].append(it)
        heads_r: dict[str, list[Item]] = defaultdict(list)
        heads_l: dict[str, list[Item]] = defaultdict(list)
        for it in ri:
            if it.kind == kind and it.head:
                heads_r[it.head].append(it)
        for it in li:
            if it.kind == kind and it.head:
                heads_l[it.head].append(it)
        for m in sorted(set(lg) | set(rg), key=lambda x: _first(lg.get(x), rg.get(x))):
            L, R = lg.get(m, []), rg.get(m, [])
            if L and R:
                facts.append(Fact(kind, L[0].value, _spans(L), _spans(R), "shared"))  # type: ignore[arg-type]
                continue
            items = L or R
            head = items[0].head
            other = (heads_r if L else heads_l).get(head, []) if head else []
            other = [o for o in other if o.match != m and (
                kind != "number" or any(_same_quantity(x, o) for x in items))]
            if other and kind == "number":
                ov = sorted({o.value for o in other})
                value = f"{items[0].value} vs {', '.join(ov)}" if L else f"{', '.join(ov)} vs {items[0].value}"
                if L:
                    facts.append(Fact(kind, value, _spans(L), _spans(other), "conflict"))
                else:
                    facts.append(Fact(kind, value, _spans(other), _spans(R), "conflict"))
            elif L:
                facts.append(Fact(kind, L[0].value, _spans(L), (), "left-only"))
            else:
                facts.append(Fact(kind, R[0].value, (), _spans(R), "right-only"))

    # quotes: shared when the same words are quoted on both sides
    lq = [it for it in li if it.kind == "quote"]
    rq = [it for it in ri if it.kind == "quote"]
    used_r: set[int] = set()
    for it in lq:
        hit = [k for k, o in enumerate(rq) if _quote_similar(it.match, o.match)]
        if hit:
            used_r.update(hit)
            facts.append(Fact("quote", it.value, (it.span,), tuple(rq[k].span for k in hit), "shared"))
        else:
            facts.append(Fact("quote", it.value, (it.span,), (), "left-only"))
    for k, o in enumerate(rq):
        if k not in used_r:
            facts.append(Fact("quote", o.value, (), (o.span,), "right-only"))

    # names: by canonical form; a short form matches a longer one ending with it
    cl = _canonical_names(li)
    cr = _canonical_names(ri)
    lg2: dict[str, list[Item]] = defaultdict(list)
    rg2: dict[str, list[Item]] = defaultdict(list)
    for it in li:
        if it.kind == "name":
            lg2[cl.get(it.match, it.match)].append(it)
    for it in ri:
        if it.kind == "name":
            rg2[cr.get(it.match, it.match)].append(it)
    rkeys = list(rg2)
    matched_r: set[str] = set()
    for lk, L in lg2.items():
        partners = [rk for rk in rkeys if rk == lk or rk.endswith(" " + lk) or lk.endswith(" " + rk)]
        if partners:
            R = [x for rk in partners for x in rg2[rk]]
            matched_r.update(partners)
            best = max([lk, *partners], key=len)
            disp = next((x.value for x in L + R if x.match == best), L[0].value)
            facts.append(Fact("name", disp, _spans(L), _spans(R), "shared"))
        else:
            disp = max((x.value for x in L), key=len)
            facts.append(Fact("name", disp, _spans(L), (), "left-only"))
    for rk, R in rg2.items():
        if rk not in matched_r:
            disp = max((x.value for x in R), key=len)
            facts.append(Fact("name", disp, (), _spans(R), "right-only"))

    return tuple(facts)


def _spans(items: list[Item]) -> tuple[Span, ...]:
    return tuple(sorted({it.span for it in items}))


def _first(a: list[Item] | None, b: list[Item] | None) -> tuple[int, int]:
    if a:
        return (0, a[0].span.start)
    if b:
        return (1, b[0].span.start)
    return (2, 0)
