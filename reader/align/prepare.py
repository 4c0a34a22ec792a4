"""One side made ready to align: tokens, matching keys and alignment units.

``prepare(article)`` is done once per article and reused across comparisons.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import chain, pairwise, repeat

from parallax.reader.align.similarity import name_positions
from parallax.reader.model import Article, Span
from parallax.reader.text import segment
from parallax.reader.text.gcpause import with_paused_gc
from parallax.reader.text.keys import Token, is_unspaced, text_keys, text_starts, text_tokens

__all__ = ["Prepared", "gap_span", "may_split", "prepare", "token_span"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One side, tokenised and segmented, ready to compare."""

    article: Article
    toks: tuple[Token, ...]
    keys: tuple[str, ...]
    sentences: tuple[Span, ...]
    sent_of_token: tuple[int, ...]  # sentence index of each token
    sent_tokens: tuple[tuple[int, int], ...]  # token range [a, b) of each sentence
    unspaced: bool
    name_tokens: tuple[int, ...]  # tokens read as names (similarity.name_positions), in order

    @property
    def text(self) -> str:
        return self.article.text


_QUOTE_CHARS = re.compile("[\"'\u2018-\u201f\u00ab\u00bb\u2039\u203a\u300c-\u300f]")
_STOP_CHARS = re.compile("[.!?\u2026\u3002\uff01\uff1f\u061f\u06d4]")


def _add_trimmed(text: str, s: int, e: int, out: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and (not out or s >= out[-1].end):
        out.append(Span(s, e))


def may_split(body: str, plain: bool = False, /) -> bool:
    """Does ``body`` (a sentence without its last character) hold a quotation mark and a
    stop, so that it may split into units?  ``plain``: it is ASCII text, whose only such
    marks are '"', "'" and ".!?", which str's own search finds (no regex call)."""
    if plain:
        return ('"' in body or "'" in body) and ("." in body or "!" in body or "?" in body)
    return _QUOTE_CHARS.search(body) is not None and _STOP_CHARS.search(body) is not None


@with_paused_gc  # a side's tokens are many small tuples that live on: nothing to collect
def prepare(article: Article) -> Prepared:
    """Tokenise and segment one article (reusable across many comparisons)."""
    toks = text_tokens(article.text)
    given = tuple(s for s in article.sentences if s.end > s.start)
    if given:
        # alignment units: the article's sentences, with quoted passages that hold
        # several sentences split where one ends and the next begins
        # (only sentences holding a quotation mark and an inner stop can split,
        # so only those are segmented again: this runs on every compare)
        units: list[Span] = []
        text = article.text
        plain = text.isascii()
        for sp in given:
            if not may_split(text[sp.start:sp.end - 1], plain):
                units.append(sp)
                continue
            cuts = [x.end for x in segment.sentences(text, (sp,), split_quotes=True)]
            pos = sp.start
            for cut in cuts:
                if cut < sp.end:
                    _add_trimmed(text, pos, cut, units)
                    pos = cut
            if pos == sp.start:
                units.append(sp)
            else:
                _add_trimmed(text, pos, sp.end, units)
        sentences = tuple(units)
    else:
        sentences = segment.sentences(article.text, split_quotes=True)
    # where each token starts: the cached tuple that facts also bisect (one list of a side's
    # starts made once, not once here, once for the units and once for the facts)
    tok_starts = text_starts(article.text)
    sentences = _cap_units(sentences, toks, tok_starts)
    # each token belongs to the last sentence starting at or before it (the first
    # sentence also takes any before it): sentence k's tokens run from the first token
    # at or after its start to the first at or after the next one's
    n = len(toks)
    bounds = [0, *(bisect_left(tok_starts, s.start) for s in sentences[1:]), n] if sentences else [0, n]
    counts = [b - a for a, b in pairwise(bounds)]
    sent_of = list(chain.from_iterable(map(repeat, range(len(counts)), counts))) if sentences else [0] * n
    ranges = [(a, b) if b > a else (0, 0) for a, b in pairwise(bounds)] if sentences else []
    sample = article.text[:20000]
    return Prepared(
        article=article,
        toks=toks,
        keys=text_keys(article.text),  # the one tuple that numbers, dates and framing read too
        sentences=sentences,
        sent_of_token=tuple(sent_of),
        sent_tokens=tuple(ranges),
        unspaced=is_unspaced(sample),
        name_tokens=tuple(name_positions(article.text, toks)),
    )


_MAX_UNIT = 120  # words: longer "sentences" (lists, unpunctuated text) are cut for alignment
_PIECE = 60


def _cap_units(units: tuple[Span, ...], toks: tuple[Token, ...], starts: tuple[int, ...]) -> tuple[Span, ...]:
    """Cut alignment units of more than ``_MAX_UNIT`` words into pieces of ``_PIECE`` words
    (``starts``: where each of ``toks`` starts)."""
    if not toks:
        return units
    out: list[Span] = []
    for u in units:
        a = bisect_right(starts, u.start - 1)
        b = bisect_right(starts, u.end - 1)
        if b - a <= _MAX_UNIT:
            out.append(u)
            continue
        pos = u.start
        for k in range(a + _PIECE, b - _PIECE // 2, _PIECE):
            cut = toks[k].start
            out.append(Span(pos, toks[k - 1].end))
            pos = cut
        out.append(Span(pos, u.end))
    return tuple(out)


def token_span(side: Prepared, a: int, b: int) -> Span:
    """The code-point span of tokens ``[a, b)`` (``b > a``)."""
    return Span(side.toks[a].start, side.toks[b - 1].end)


def gap_span(side: Prepared, a: int, b: int) -> Span | None:
    return token_span(side, a, b) if b > a else None
