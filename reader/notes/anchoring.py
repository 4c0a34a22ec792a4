"""Anchors: keeping a note attached to the right words when the text changes.

An anchor stores a *quote selector* (the exact passage plus about 32 code
points of context before and after, as in the W3C ``TextQuoteSelector``)
and the passage's position (a ``TextPositionSelector``).  When an
article's text changes, :func:`reanchor` finds the passage again:

1. exact: the quote occurs in the new text (several occurrences are told
   apart by their context and by closeness to the old position);
2. normalised: the same words with different quotes, dashes, spaces or case;
3. fuzzy: the best approximate match (rapidfuzz), accepted above a
   similarity threshold;
4. otherwise the anchor is an *orphan*: it is kept with its quote, and
   flagged, never dropped.

Everything here is pure and Qt-free; offsets are code points, ranges
half-open.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from rapidfuzz import fuzz

from parallax.reader.model import Span
from parallax.reader.text.keys import fold

CONTEXT = 32
AnchorStatus = Literal["exact", "moved", "normalised", "fuzzy", "orphan"]


class Selector(NamedTuple):
    """A quote selector with its position (W3C TextQuote + TextPosition)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


class Anchoring(NamedTuple):
    """Where a selector was found again, and how.  ``span`` is None for an orphan."""

    span: Span | None
    status: AnchorStatus
    score: float  # 100 for exact matches, the rapidfuzz similarity otherwise

    @property
    def orphaned(self) -> bool:
        return self.span is None


def make_selector(text: str, span: Span | tuple[int, int], /, *, context: int = CONTEXT) -> Selector:
    """The selector of ``text[span]`` with ``context`` code points either side."""
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is empty or outside a text of {len(text)} characters")
    return Selector(
        text[start:end],
        text[max(0, start - context) : start],
        text[end : end + context],
        start,
        end,
    )


# ---------------------------------------------------------------- finding quotes


def _lower1(text: str) -> str:
    """Lower-case without changing the length (characters whose lower case is longer stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _norm(text: str) -> str:
    """Fold quotes, dashes, odd spaces and case; keeps every offset."""
    return _lower1(fold(text))


def _all(haystack: str, needle: str) -> list[int]:
    out = []
    i = haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def find_quote(text: str, quote: str, /) -> list[Span]:
    """Every place ``quote`` occurs in ``text``, most literal matching first.

    Tries the quote as typed, then with quotes, dashes, spaces and case
    folded, then with any run of whitespace matching any other (a quote
    copied across a line break).  Returns the spans of the first kind that
    finds anything, in text order; an empty list if none does.
    """
    quote = quote.strip()
    if not quote:
        return []
    hits = _all(text, quote)
    if hits:
        return [Span(i, i + len(quote)) for i in hits]
    ntext, nquote = _norm(text), _norm(quote)
    hits = _all(ntext, nquote)
    if hits:
        return [Span(i, i + len(nquote)) for i in hits]
    words = nquote.split()
    if len(words) > 1:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        return [Span(m.start(), m.end()) for m in pattern.finditer(ntext)]
    return []


# ---------------------------------------------------------------- re-anchoring


def _context_score(text: str, span: Span, sel: Selector) -> float:
    """How well the text around ``span`` matches the selector's prefix and suffix (0..100)."""
    scores = []
    if sel.prefix:
        before = text[max(0, span.start - len(sel.prefix)) : span.start]
        scores.append(fuzz.ratio(_norm(before), _norm(sel.prefix)))
    if sel.suffix:
        after = text[span.end : span.end + len(sel.suffix)]
        scores.append(fuzz.ratio(_norm(after), _norm(sel.suffix)))
    return sum(scores) / len(scores) if scores else 0.0


def _best(text: str, spans: list[Span], sel: Selector) -> Span:
    if len(spans) == 1:
        return spans[0]
    scale = max(len(text), 1)

    def rank(s: Span) -> float:
        # Context decides; the old position breaks ties.
        return _context_score(text, s, sel) - 10.0 * abs(s.start - sel.start) / scale

    return max(spans, key=rank)


def _boundaries(text: str, lo: int, hi: int) -> list[int]:
    """Candidate passage boundaries in ``[lo, hi]``: word edges, plus the ends."""
    lo, hi = max(0, lo), min(len(text), hi)
    cands = {lo, hi}
    for m in re.finditer(r"\w+", text[lo:hi]):
        cands.add(lo + m.start())
        cands.add(lo + m.end())
    return sorted(cands)


def _refine(text: str, quote: str, start: int, end: int) -> tuple[Span, float]:
    """Adjust a rough window so that ``text[span]`` is as close to ``quote`` as possible."""
    nq = _norm(quote)
    slack = max(4, len(quote) // 4)
    starts = sorted(set(_boundaries(text, start - slack, start + slack)) | {start})
    ends = sorted(set(_boundaries(text, end - slack, end + slack)) | {end})
    # Keep the search small: the boundaries nearest the rough window.
    starts = sorted(starts, key=lambda b: abs(b - start))[:12]
    ends = sorted(ends, key=lambda b: abs(b - end))[:12]
    best, best_score = Span(start, end), -1.0
    for s in starts:
        for e in ends:
            if e <= s:
                continue
            score = fuzz.ratio(_norm(text[s:e]), nq)
            if score > best_score or (score == best_score and abs(s - start) + abs(e - end)
                                      < abs(best.start - start) + abs(best.end - end)):
                best, best_score = Span(s, e), score
    # Trim whitespace that the window swallowed at either end.
    s, e = best
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return best, best_score
    return Span(s, e), best_score


def reanchor(sel: Selector, text: str, /, *, threshold: float = 75.0) -> Anchoring:
    """Find ``sel`` again in ``text`` (see the module docstring for the order)."""
    if not sel.exact or not text:
        return Anchoring(None, "orphan", 0.0)
    # 1. exact
    if text[sel.start : sel.end] == sel.exact:
        hits = _all(text, sel.exact)
        if len(hits) == 1 or _context_score(text, sel.span, sel) >= 90:
            return Anchoring(sel.span, "exact", 100.0)
    hits = _all(text, sel.exact)
    if hits:
        span = _best(text, [Span(i, i + len(sel.exact)) for i in hits], sel)
        return _prefer_context(sel, text, Anchoring(span, "exact" if span == sel.span else "moved",
                                                    100.0), threshold)
    # 2. normalised
    spans = find_quote(text, sel.exact)
    if spans:
        return _prefer_context(sel, text, Anchoring(_best(text, spans, sel), "normalised", 100.0),
                               threshold)
    return _fuzzy(sel, text, threshold)


def _prefer_context(sel: Selector, text: str, found: Anchoring, threshold: float) -> Anchoring:
    """The same words elsewhere, in another context, lose to the edited passage in its own."""
    assert found.span is not None
    if not (sel.prefix or sel.suffix):
        return found
    ctx = _context_score(text, found.span, sel)
    if ctx >= 90:
        return found
    other = _fuzzy(sel, text, threshold, with_context=True)
    # Words and context together: 100 + ctx for the same words in another place, against
    # the edited words' similarity + their context's.
    if other.span is not None and other.score + _context_score(text, other.span, sel) > 105 + ctx:
        return other
    return found


def _fuzzy(sel: Selector, text: str, threshold: float, *, with_context: bool = False) -> Anchoring:
    """3. The best approximate match: the quote alone, and the quote inside its context,
    are both aligned; the candidate whose words and context agree best wins."""
    ntext = _norm(text)
    nexact = _norm(sel.exact)
    candidates: list[tuple[Span, float]] = []
    if len(nexact.strip()) >= 12 and not with_context:
        al = fuzz.partial_ratio_alignment(nexact, ntext)
        if al is not None:
            candidates.append(_refine(text, sel.exact, al.dest_start, al.dest_end))
    if sel.prefix or sel.suffix:
        ctx = _norm(sel.prefix) + nexact + _norm(sel.suffix)
        al = fuzz.partial_ratio_alignment(ctx, ntext)
        if al is not None and al.score >= threshold:
            s0 = al.dest_start + len(sel.prefix)
            candidates.append(_refine(text, sel.exact, s0, s0 + len(nexact)))
            # The context may itself have been edited, shifting the passage inside it:
            # also look for the quote anywhere in the context's window.
            lo, hi = max(0, al.dest_start - 8), min(len(ntext), al.dest_end + 8)
            inner = fuzz.partial_ratio_alignment(nexact, ntext[lo:hi])
            if inner is not None:
                candidates.append(_refine(text, sel.exact, lo + inner.dest_start,
                                          lo + inner.dest_end))
    candidates = [(sp, sc) for sp, sc in candidates if sc >= threshold and sp.length > 0]
    if not candidates:
        return Anchoring(None, "orphan", 0.0)
    span, score = max(candidates, key=lambda c: c[1] + 0.5 * _context_score(text, c[0], sel))
    return Anchoring(span, "fuzzy", round(float(score), 2))
