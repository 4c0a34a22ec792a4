"""Paragraphs and sentences as half-open code-point spans into a text.

The rules are general and script-aware:

* A paragraph is a block between blank lines.  Inside a block a single line
  break also starts a paragraph unless the block looks hard-wrapped (lines of
  similar width that break in mid-sentence, as in e-mail or Markdown).
* A sentence ends at ``.``, ``!``, ``?``, ``…`` (and their full-width
  forms), at the Urdu full stop ``۔``, the Arabic question mark ``؟``, the
  CJK ``。！？``, the Devanagari danda ``।`` and the Armenian and Ethiopic
  full stops, followed by any closing quotes or brackets, which stay with the
  sentence.
* A Latin full stop ends a sentence only before white space and a word that
  does not start in lower case, and not after a known abbreviation
  (``Mr.``, ``Dec.``, ``Gen.``...), a single initial (``James C.
  McConville``) or a dotted initialism (``U.S.``) unless a common
  sentence opener follows (``the U.S. The talks...``).
* A quotation that runs into its attribution (``"… prepared," he said.``)
  stays one sentence even when it holds several sentences itself.

Every span is trimmed of white space, spans are sorted and never overlap,
and the sentences of a paragraph cover all of its non-space text.
Abbreviations, sentence openers and the "by" of bylines are data:
``resources/segment/abbreviations.txt``, ``openers.txt`` and
``byline_words.txt``, extendable with files of the same names in
``<user config dir>/parallax/lexicons/segment/``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from parallax.reader.model import Span
from parallax.reader.text.lexicon import generation, lines

# Terminators that end a sentence wherever they stand (no space needed after them).
_HARD_STOPS = "。！？｡۔؟।॥։።"
# Terminators that need a following space (Latin-style).
_SOFT_STOPS = ".!?…．‼⁇⁈⁉"
_CLOSERS = "\"'”’»›)]}」』】〕》〉）］｝"
_OPENERS = "\"'“‘«‹([{「『【〔《〈（［｛„‚"

# A run of hard stops or of soft ones, then closers: ``(?:[hard]+|[soft]+)[closers]*``,
# written to begin with one set of characters, which the regex engine then skips to
# (a pattern opening with an alternation is tried at every character of the text).
_STOP_RE = re.compile(
    rf"[{re.escape(_HARD_STOPS + _SOFT_STOPS)}]"
    rf"(?:(?<=[{re.escape(_HARD_STOPS)}])[{re.escape(_HARD_STOPS)}]*|[{re.escape(_SOFT_STOPS)}]*)"
    rf"[{re.escape(_CLOSERS)}]*"
)
_NUMBERED_RE = re.compile(r"\s*\d{1,3}\s*$")  # a paragraph opening "1." (matched up to the stop)
_MAX_QUOTE = 800  # longer "quotations" are more likely unpaired marks
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_](?:[\w'’.-]*[^\W_])?)\.?$")

# Quotation marks whose pairing is unambiguous: opener -> closer.
QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", "「": "」", "『": "』", "‹": "›"}
_QUOTE_PAIRS = QUOTE_PAIRS  # the name other modules imported before it was public


def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    return _abbreviation_sets(generation())


@lru_cache(maxsize=4)
def _abbreviation_sets(_gen: tuple) -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations, sentence openers), without final dots.

    A capitalised entry (``Sun``) only matches itself, so "the sun." still ends
    a sentence; a lower-case entry (``vs``) matches in any case.
    """
    abbr: set[str] = set()
    openers: set[str] = set()
    for line in lines("segment", "abbreviations.txt"):
        abbr.add(line.rstrip("."))
    for line in lines("segment", "openers.txt"):
        openers.add(line.casefold())
    return frozenset(abbr), frozenset(openers)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---------------------------------------------------------------- paragraphs


def paragraphs(text: str, /) -> tuple[Span, ...]:
    """Paragraph spans of ``text``: blocks between blank lines, or single lines
    when a block is not hard-wrapped."""
    out: list[Span] = []
    pos = 0
    for m in _BLANK_LINE_RE.finditer(text):
        _block(text, pos, m.start(), out)
        pos = m.end()
    _block(text, pos, len(text), out)
    return tuple(out)


def paragraph_number(paragraphs: Sequence[Sequence[int]], offset: int, /, *,
                     ends: Sequence[int] | None = None) -> int:
    """Which paragraph (1 for the first) holds ``offset``, as a reader counts them in the
    cleaned text; an offset between two paragraphs belongs to the next one, and 0 means
    there are no paragraphs.  ``paragraphs`` are ``Span``s or ``[start, end]`` pairs;
    ``ends``: :func:`paragraph_ends` of them, for a caller that asks many times (bisected
    without a Python key call a step)."""
    if not paragraphs:
        return 0
    if ends is not None:
        i = bisect.bisect_right(ends, offset)
    else:
        i = bisect.bisect_right(paragraphs, offset, key=_end)  # O(log n): no list of ends per call
    return min(i + 1, len(paragraphs))


def paragraph_ends(paragraphs: Sequence[Sequence[int]], /) -> list[int]:
    """Where each of ``paragraphs`` ends, for :func:`paragraph_number` (``ends``)."""
    return [p[1] for p in paragraphs]


def _end(paragraph: Sequence[int]) -> int:
    return paragraph[1]


def _block(text: str, start: int, end: int, out: list[Span]) -> None:
    start, end = _trim(text, start, end)
    if start >= end:
        return
    if "\n" not in text[start:end]:
        out.append(Span(start, end))
        return
    lines: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        s, e = _trim(text, pos, stop)
        if s < e:
            lines.append((s, e))
        if nl < 0:
            break
        pos = nl + 1
    if len(lines) == 1:
        out.append(Span(*lines[0]))
        return
    widths = [e - s for s, e in lines]
    width = max(widths)
    if _one_wrapped_paragraph(text, lines, width):
        out.append(Span(lines[0][0], lines[-1][1]))
        return
    wrapped = _looks_wrapped(text, lines, width)
    cur_start, cur_end = lines[0]
    for (ps, pe), (ns, ne) in itertools.pairwise(lines):
        if (wrapped and not _line_ends_paragraph(text, ps, pe, width)) or _continues(text, ps, pe, ns):
            cur_end = ne
            continue
        out.append(Span(cur_start, cur_end))
        cur_start, cur_end = ns, ne
    out.append(Span(cur_start, cur_end))


def _continues(text: str, ps: int, pe: int, ns: int) -> bool:
    """A line that breaks mid-sentence before a lower-case word (or after a comma)
    runs on into the next line."""
    if _ends_sentence(text[ps:pe]) or text.count(" ", ps, pe) < 2:
        return False
    nl = text.find("\n", ns)
    ne = len(text) if nl < 0 else nl
    if _byline_line_re(generation()).match(text, ns, ne):
        return False  # "di Marco Bianchi" under a headline is a line of its own
    nxt = text[ns:ne].strip()
    if " " not in nxt and ("." in nxt or "/" in nxt):
        return False  # an address on its own line ("example.substack.com") is no sentence's end
    return text[ns].islower() or text[pe - 1] in ",;"


@lru_cache(maxsize=4)
def _byline_line_re(_gen: tuple) -> re.Pattern[str]:
    """A short line "by Jane Doe" (the words of ``segment/byline_words.txt``): a byline,
    never the rest of a sentence."""
    words = "|".join(sorted((re.escape(w) for w in lines("segment", "byline_words.txt")), key=len, reverse=True))
    return re.compile(
        rf"(?:{words or '(?!x)x'})\s+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]*){{0,3}}\s*$"
    )


def _one_wrapped_paragraph(text: str, lines: list[tuple[int, int]], width: int) -> bool:
    """A block that is one paragraph wrapped at a fixed width: every line but the
    last is full (and open-ended), the last ends a sentence.  This holds in scripts
    without letter case too, where a lower-case start cannot tell a line runs on."""
    body = lines[:-1]
    if width < 50 or width > 110 or not _ends_sentence(text[lines[-1][0] : lines[-1][1]]):
        return False
    return all(e - s >= max(50, 0.75 * width) and not _ends_sentence(text[s:e]) for s, e in body)


def _looks_wrapped(text: str, lines: list[tuple[int, int]], width: int) -> bool:
    """Hard-wrapped prose: lines at most ~100 wide, most of them filled near the
    width and breaking mid-sentence."""
    if width > 110 or width < 30 or len(lines) < 3:
        return False
    body = lines[:-1]
    full = sum(1 for s, e in body if e - s >= 0.6 * width)
    open_ended = sum(1 for s, e in body if not _ends_sentence(text[s:e]))
    return full * 3 >= len(body) * 2 and open_ended * 2 >= len(body)


def _line_ends_paragraph(text: str, s: int, e: int, width: int) -> bool:
    return (e - s) < 0.6 * width and _ends_sentence(text[s:e])


def _ends_sentence(line: str) -> bool:
    line = line.rstrip(_CLOSERS + " \u00a0")
    return bool(line) and (line[-1] in _HARD_STOPS or line[-1] in _SOFT_STOPS or line[-1] == ":")


# ---------------------------------------------------------------- sentences


def sentences(
    text: str, /, paras: tuple[Span, ...] | None = None, *, split_quotes: bool = False
) -> tuple[Span, ...]:
    """Sentence spans of ``text`` (within ``paras`` when given).

    ``split_quotes``: also end sentences inside a quotation that runs into its
    attribution (``"We will go. They will follow," he said.`` gives two), as
    the comparison engine does to align the sentences of a long quotation.
    """
    if paras is None:
        paras = paragraphs(text)
    out: list[Span] = []
    for p in paras:
        out.extend(_sentences_in(text, p.start, p.end, split_quotes=split_quotes))
    return tuple(out)


def segment(text: str, /) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """``(paragraphs, sentences)`` of ``text``."""
    paras = paragraphs(text)
    return paras, sentences(text, paras)


def _sentences_in(text: str, start: int, end: int, *, split_quotes: bool = False) -> list[Span]:
    para = text[start:end]
    suppressed = [] if split_quotes else _quoted_runs(para)
    starts = [a for a, _ in suppressed]
    sets = _abbreviations()  # (once a paragraph, not at every stop)
    out: list[Span] = []
    cur = 0
    for m in _STOP_RE.finditer(para):
        stop_end = m.end()
        if not _is_boundary(para, m, suppressed, starts, sets):
            continue
        s, e = _trim(para, cur, stop_end)
        if s < e:
            out.append(Span(start + s, start + e))
        cur = stop_end
    s, e = _trim(para, cur, len(para))
    if s < e:
        out.append(Span(start + s, start + e))
    return out


def _quoted_runs(para: str) -> list[tuple[int, int]]:
    """Quotations that run into their attribution (closing after a comma or
    with no final stop, then lower case or a comma): no sentence ends inside."""
    runs: list[tuple[int, int]] = []
    closers: dict[str, list[int]] | None = None  # (made at the first opening mark: most paragraphs quote nothing)
    opener = _opener_re()
    i = 0
    n = len(para)
    while i < n:
        # the next opening mark, found by the regex engine rather than a step per character
        m = opener.search(para, i)
        if m is None:
            break
        if closers is None:
            closers = _closer_positions(para)
        i = m.start()
        ch = para[i]
        if ch in _QUOTE_PAIRS or ch == '"':
            closer = _QUOTE_PAIRS.get(ch, '"')
            at = closers[closer]
            k = bisect.bisect_right(at, i)
            if k == len(at):
                i += 1
                continue
            j = at[k]
            last = _last_visible(para, i + 1, j)
            after = para[j + 1 : j + 4].lstrip()
            b = _visible_end(para, i)
            opens_mid_sentence = b > 0 and not _ends_with_stop(para[b - 1])
            if not last or j - i > _MAX_QUOTE:
                pass
            elif opens_mid_sentence:
                # 'He said that "We will go. They will follow."' is one sentence
                runs.append((i, j))
            elif last not in _SOFT_STOPS and last not in _HARD_STOPS and (
                not after or after[0].islower() or after[0] in ",;:—–-" or last in ",;:—–-"
            ):
                # '"... prepared," he said.'
                runs.append((i, j))
            elif last in "!?" and after and after[0].islower():
                runs.append((i, j))
            i = j + 1
            continue
        i += 1
    return runs


def _ends_with_stop(s: str) -> bool:
    return s[-1] in _HARD_STOPS or s[-1] in _SOFT_STOPS


def _closer_positions(para: str) -> dict[str, list[int]]:
    """Where each closing quotation mark occurs in ``para``, in order: the next
    one after an opening mark is a bisection, not a scan (a paragraph of a
    million words with unpaired marks stays linear)."""
    found: dict[str, list[int]] = {c: [] for c in _closer_chars()}
    for m in _closer_re().finditer(para):
        found[m.group()].append(m.start())
    return found


@lru_cache(maxsize=1)
def _closer_chars() -> frozenset[str]:
    return frozenset(_QUOTE_PAIRS.values()) | {'"'}


@lru_cache(maxsize=1)
def _opener_re() -> re.Pattern[str]:
    """Any mark that may open a quotation (``_QUOTE_PAIRS``' openers and the straight quote)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted({*_QUOTE_PAIRS, '"'})) + "]")


@lru_cache(maxsize=1)
def _closer_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_closer_chars())) + "]")


def _last_visible(para: str, start: int, end: int) -> str:
    """The last character of ``para[start:end]`` that is not white space ("" if none)."""
    k = end
    while k > start and para[k - 1].isspace():
        k -= 1
    return para[k - 1] if k > start else ""


def _visible_end(para: str, i: int) -> int:
    """Where ``para[:i].rstrip().rstrip(_CLOSERS)`` ends, without copying the text before ``i``."""
    k = i
    while k > 0 and para[k - 1].isspace():
        k -= 1
    while k > 0 and para[k - 1] in _CLOSERS:
        k -= 1
    return k


def _inside(suppressed: list[tuple[int, int]], starts: list[int], pos: int, end: int) -> bool:
    """Is the stop at ``[pos, end)`` inside one of the (sorted, disjoint) quotations?"""
    k = bisect.bisect_left(starts, pos) - 1  # the last quotation opening before pos
    return k >= 0 and end <= suppressed[k][1]


def _is_boundary(para: str, m: re.Match[str], suppressed: list[tuple[int, int]],
                 starts: list[int] | None = None,
                 sets: tuple[frozenset[str], frozenset[str]] | None = None) -> bool:
    pos, end = m.span()
    # inside a quotation (a stop that takes in the closing mark may end it)
    if suppressed and _inside(suppressed, starts if starts is not None else [a for a, _ in suppressed], pos, end):
        return False
    stop = m.group()
    if end >= len(para):
        return True
    first = stop[0]
    if first in _HARD_STOPS:
        return True
    if stop == "." and _NUMBERED_RE.match(para, 0, pos):
        return False  # "1. First item"
    # Latin-style stops need white space after them.
    if not para[end].isspace():
        return False
    nxt = _next_word(para, end)
    if not nxt:
        return True
    lead = nxt[0]
    if lead.islower():
        return False
    if first in "!?‼⁇⁈⁉…" or len(stop.rstrip(_CLOSERS)) > 1:
        # "Why?" He asked.  /  an ellipsis ... Then
        return True
    if stop != "." and stop[0] == "." and len(stop) > 1:
        # a stop followed by a closing quote or bracket: ends the sentence
        return True
    return not _abbreviation_before(para, pos, nxt, sets)


# white space and opening marks, then the word: what _next_word reads (\s is str.isspace)
_NEXT_WORD_RE = re.compile(rf"[\s{re.escape(_OPENERS)}]*(\S*)")


def _next_word(para: str, pos: int) -> str:
    """The word after ``pos``, past white space and opening marks."""
    return _NEXT_WORD_RE.match(para, pos)[1]


def abbreviation_dot(text: str, dot: int, /) -> bool:
    """Whether the "." at ``dot`` closes an abbreviation ("Lt. Hastings", "U.S. officials")
    rather than a sentence, as :func:`sentences` reads it."""
    nxt = _next_word(text, dot + 1)
    return bool(nxt) and not nxt[0].islower() and _abbreviation_before(text, dot, nxt)


def _abbreviation_before(para: str, dot: int, nxt: str,
                         sets: tuple[frozenset[str], frozenset[str]] | None = None) -> bool:
    """True when the ``.`` at ``dot`` closes an abbreviation rather than a sentence
    (``sets``: :func:`_abbreviations`, when the caller has them)."""
    lo = max(0, dot - 40)
    if dot > 0 and para[dot - 1] != "\n":
        # no match can hold a space, so none starts before the last one: the search
        # tries the last word's positions, not the 40 before the dot (``$`` could only
        # match before a final line break, which keeps the whole window)
        lo = max(lo, para.rfind(" ", lo, dot) + 1)
    m = _WORD_BEFORE_RE.search(para, lo, dot)
    if not m:
        # a number or a symbol before the dot: "in 2014." ends a sentence
        return False
    word = m.group(1)
    abbr, openers = sets or _abbreviations()
    if len(word) == 1 and word.isupper():
        # an initial: "James C. McConville", "Plan B." is rarer
        return True
    if "." in word:
        # a dotted initialism: U.S., a.m.  A common opener after it means a new sentence.
        bare = nxt.strip(_CLOSERS + _OPENERS + ",;:")
        return bare.casefold() not in openers
    return word in abbr or word.lower() in abbr
