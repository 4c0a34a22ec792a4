"""Facts: numbers with what they count, dates and times, quotations, names.

:func:`extract` gives every fact mention of one article; :func:`compare_facts`
gives the facts of two, each shared, one side's, or in conflict (with the reason).
The work is split by kind: :mod:`.numbers`, :mod:`.dates` (on the one date parser
of :mod:`parallax.reader.text.dates`), :mod:`.quotes`, :mod:`.names` and
:mod:`.scripts` (names in scripts without capitals), and :mod:`.relate` (the
statuses); the word lists are lexicons, read by :mod:`.tables`.

A digit in running text is either in a fact or deliberately no fact: dates and
clock times come first, then the spans :func:`.numbers.not_facts` finds (URLs,
e-mail addresses, phone numbers, handles, long identifiers), then numbers; a
name never overlaps any of them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import attrgetter

from parallax.reader.facts.dates import dates_in
from parallax.reader.facts.names import text_names
from parallax.reader.facts.numbers import not_facts, numbers_in
from parallax.reader.facts.quotes import Quote, find_quotes, link_speakers, quote_spans
from parallax.reader.facts.relate import Pairing, facts_from_items, pair_items
from parallax.reader.facts.tables import Item
from parallax.reader.model import Article, Fact, Match, Span
from parallax.reader.text.keys import text_keys, text_lower_words, tokens, window_tokens
from parallax.reader.text.lexicon import language_of

_END = attrgetter("end")
_ORDER = attrgetter("span.start", "kind")  # (it.span.start, it.kind), made in C

__all__ = ["Item", "Pairing", "Quote", "compare_facts", "extract", "find_quotes", "link_speakers", "pair_facts",
           "quote_spans"]


def extract(article: Article, /) -> list[Item]:
    """Every fact mention in one article, in text order."""
    text = article.text
    lang = language_of(article.language)
    ignored = not_facts(text, lang)
    dates = dates_in(text, lang, ignored)
    taken = sorted([it.span for it in dates] + ignored)
    items = dates + numbers_in(text, lang, taken)
    for q in find_quotes(article):
        value = " ".join(text[q.inner.start:q.inner.end].split())
        if q.words >= 4 or q.speaker:
            # the quotation's keys: the whole text's, by bisection, when no word crosses its marks (spaces
            # are in no word, so joining the words with one space changes none)
            got = window_tokens(text, q.inner.start, q.inner.end)
            keys = text_keys(text)[got[0]:got[1]] if got is not None else [t.key for t in tokens(value)]
            items.append(Item("quote", value, " ".join(keys), q.speaker or "", q.span))
    spans = sorted([it.span for it in items if it.kind != "quote"] + taken)
    starts = [s.start for s in spans]
    reach = list(accumulate(map(_END, spans), max))  # the furthest end of the spans up to each one: an
    # overlap test by bisection
    for it in text_names(text, lang):
        k = bisect_right(starts, it.span.end - 1) - 1
        if k < 0 or reach[k] <= it.span.start:
            items.append(it)
    items.sort(key=_ORDER)
    return items


def compare_facts(left: Article, right: Article, matches: Sequence[Match] | None = None, /, *,
                  items: tuple[Sequence[Item], Sequence[Item]] | None = None,
                  pairing: Pairing | None = None) -> tuple[Fact, ...]:
    """The facts of both sides, each with its status.

    ``matches``: the comparison's aligned passages (verbatim and paraphrase), which
    tell which figures answer each other; without them the two articles are aligned
    here with the engine's defaults.  ``items``: both sides' :func:`extract`, when it
    was done already (in another process, say); ``pairing``: :func:`pair_facts` of
    those, made already too (what of the pairing needs no alignment)."""
    if matches is None:
        matches = _alignment(left, right)
    sentences = (_sentences(left), _sentences(right))
    left_items, right_items = items if items is not None else (extract(left), extract(right))
    given = pairing if items is not None else None
    # the words each side writes in lower case are read only to pair the mentions: not made when
    # the pairing is given (0.05 s a 100,000-word pair, where the side process made it)
    lower = (_lower(left.text), _lower(right.text)) if given is None else (frozenset(), frozenset())
    return facts_from_items(list(left_items), list(right_items), links=[(m.left, m.right) for m in matches],
                            sentences=sentences, lower=lower, pairing=given)


def pair_facts(left: Article, right: Article, items: tuple[Sequence[Item], Sequence[Item]], /) -> Pairing:
    """What of :func:`compare_facts` needs no alignment, for both sides' mentions ``items``
    (:func:`extract` of each): done beside the alignment, handed back as ``pairing``."""
    return pair_items(items[0], items[1], sentences=(_sentences(left), _sentences(right)),
                      lower=(_lower(left.text), _lower(right.text)))


def _sentences(article: Article) -> tuple[Span, ...]:
    if article.sentences:
        return article.sentences
    from parallax.reader.text.segment import sentences

    return sentences(article.text)


def _lower(text: str) -> frozenset[str]:
    """The words a text writes in lower case: common words, not names."""
    return text_lower_words(text)


def _alignment(left: Article, right: Article) -> tuple[Match, ...]:
    """Verbatim runs and paraphrased sentences of two articles, as the engine finds them
    with its default settings."""
    from parallax.reader.align.paraphrase import align_sentences
    from parallax.reader.align.prepare import prepare, token_span
    from parallax.reader.align.verbatim import shared_runs

    a, b = prepare(left), prepare(right)
    if not a.toks or not b.toks:
        return ()
    k = 12 if (a.unspaced or b.unspaced) else 6
    out = []
    cov_a, cov_b = bytearray(len(a.toks)), bytearray(len(b.toks))
    for r in shared_runs(a.keys, b.keys, min_words=k, max_gap=2):
        out.append(Match("verbatim", token_span(a, r.left_start, r.left_end),
                         token_span(b, r.right_start, r.right_end), r.score))
        cov_a[r.left_start:r.left_end] = b"\x01" * (r.left_end - r.left_start)
        cov_b[r.right_start:r.right_end] = b"\x01" * (r.right_end - r.right_start)
    out += [m for m, _ in align_sentences(a, b, bytes(cov_a), bytes(cov_b))]
    return tuple(out)
