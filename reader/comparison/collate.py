"""Many reports of one story at once: ``compare_many(articles) -> Collation``.

Each article is prepared once (tokens, units) and its facts and framing markers
are extracted once; every pair is then compared by the pairwise engine
(:func:`~parallax.reader.comparison.engine.compare_prepared`), its facts related
by the facts layer's own matching (:func:`~parallax.reader.facts.relate.facts_from_items`,
exactly what :func:`~parallax.reader.facts.extract.compare_facts` does, on the
mentions extracted once), and the pairs are gathered into passages
(:mod:`.collate_passages`), matrices (:mod:`.collate_matrix`) and a reuse graph
(:mod:`.collate_reuse`).  The types are in :mod:`.collation`.

Cost: n articles make n(n-1)/2 pairwise comparisons; see
``benchmarks/collate_speed.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from parallax.reader.align.prepare import prepare
from parallax.reader.comparison.collate_matrix import Mention, fact_rows, framing_rows, voice_rows
from parallax.reader.comparison.collate_passages import passages
from parallax.reader.comparison.collate_reuse import before, date_order, interval, reuse_links
from parallax.reader.comparison.collation import (
    Carrier,
    Collation,
    FactCell,
    FactRow,
    FramingCell,
    FramingRow,
    Passage,
    PassageLink,
    ReuseLink,
    Source,
    VoiceCell,
    VoiceRow,
)
from parallax.reader.comparison.engine import as_article, compare_prepared, summarize_prepared
from parallax.reader.model import Article, Comparison, Marker, Span, Summary, Voice
from parallax.reader.text.lexicon import Lexicon, using

__all__ = [
    "Carrier",
    "Collation",
    "FactCell",
    "FactRow",
    "FramingCell",
    "FramingRow",
    "Passage",
    "PassageLink",
    "ReuseLink",
    "Source",
    "VoiceCell",
    "VoiceRow",
    "compare_many",
]


def _article(item: Article | str, k: int) -> Article:
    return as_article(item, f"articles[{k}]")


class _Facts:
    """One article's fact mentions, extracted once, and what relating them needs."""

    __slots__ = ("items", "lower", "mentions", "sentences")

    def __init__(self, article: Article) -> None:
        from parallax.reader.facts.extract import extract
        from parallax.reader.text.keys import text_tokens

        text = article.text
        self.items = extract(article)
        self.mentions: dict[tuple[str, Span], Mention] = {
            (it.kind, it.span): (it.value, it.head if it.kind == "quote" else "") for it in self.items
        }
        if article.sentences:
            self.sentences = article.sentences
        else:
            from parallax.reader.text.segment import sentences

            self.sentences = sentences(text)
        # the words the text writes in lower case: common words, not names
        self.lower = frozenset(t.key for t in text_tokens(text) if not text[t.start].isupper())


def _related(fa: _Facts, fb: _Facts, c: Comparison):
    from parallax.reader.facts.relate import facts_from_items, links_of

    return facts_from_items(fa.items, fb.items, links=links_of(c.matches),
                            sentences=(fa.sentences, fb.sentences), lower=(fa.lower, fb.lower))


@lru_cache(maxsize=16)
def _naming_probe(language: str | None) -> tuple[Article, frozenset[str]]:
    """A text writing every naming variant of the lexicon once, and the keys of the
    variants marked on their own.  Compared with an article by the framing layer, it
    makes every naming variant the article writes a marker (a variant is marked when
    the other side writes another variant of its group)."""
    from parallax.reader.text.keys import key
    from parallax.reader.text.lexicon import language_of, load

    variants = [v for row in load("naming.tsv", language_of(language)) if len(row) >= 3 for v in row[1:]]
    text = "\n\n".join(v.lstrip("*") + "." for v in variants) or "."
    marked = frozenset(key(v.lstrip("*")) for v in variants if v.startswith("*"))
    return Article(text=text, language=language), marked


def _framing(article: Article, *, unsure: bool = False) -> tuple[list[Marker], tuple[Voice, ...], frozenset[str]]:
    """One source's framing markers (with every naming variant it writes), its voices,
    and the naming variants marked on their own in its language."""
    from parallax.reader.framing.markers import compare_framing

    probe, marked = _naming_probe(article.language)
    found, voices, _ = compare_framing(article, probe, unsure=unsure)
    return [m for m in found if m.side == "left"], voices, marked


def compare_many(
    articles: Sequence[Article | str],
    /,
    *,
    min_words: int = 6,
    max_gap: int = 2,
    paraphrase: bool = True,
    min_score: float = 0.5,
    facts: bool = True,
    framing: bool = True,
    min_unique_words: int = 3,
    unsure_markers: bool = False,
    progress: Callable[[int, int], None] | None = None,
    lexicon: Lexicon | None = None,
) -> Collation:
    """Collate two or more reports of one story (see :mod:`.collation` for what comes back).

    The settings are :func:`~parallax.reader.comparison.engine.compare`'s, applied to
    every pair; ``facts=False`` leaves the facts matrix empty, ``framing=False`` the
    framing and voices matrices.  ``progress(done, total)`` is called after each
    pairwise comparison (it may raise to stop the work).  Raises ``ValueError`` for
    fewer than two articles.  ``lexicon``: where the word lists come from (as for
    :func:`~parallax.reader.comparison.engine.compare`).
    """
    given = [_article(a, k) for k, a in enumerate(articles)]
    if len(given) < 2:
        raise ValueError(f"compare_many needs at least two articles, not {len(given)}")
    if min_words < 1:
        raise ValueError("min_words must be at least 1")
    settings: dict[str, Any] = {
        "min_words": min_words, "max_gap": max_gap, "paraphrase": paraphrase,
        "min_score": min_score, "facts": facts, "framing": framing,
        "min_unique_words": min_unique_words, "unsure_markers": unsure_markers,
    }
    with using(lexicon):
        return _collate(given, settings, progress)


def _collate(given: list[Article], settings: dict[str, Any],
             progress: Callable[[int, int], None] | None) -> Collation:
    facts, framing, unsure_markers = settings["facts"], settings["framing"], settings["unsure_markers"]
    order = date_order([a.published for a in given])
    sources = tuple(Source(given[g], g) for g in order)
    arts = [s.article for s in sources]
    intervals = [interval(a.published) for a in arts]
    prepared = [prepare(a) for a in arts]
    # each source's facts and framing one after the other: they share its quotations
    # (the facts layer keeps the last few texts' quotations)
    known: list[_Facts] = []
    own: list[tuple[list[Marker], tuple[Voice, ...], frozenset[str]]] = []
    for a in arts:
        if facts:
            known.append(_Facts(a))
        if framing:
            own.append(_framing(a, unsure=unsure_markers))
    n = len(sources)
    total = n * (n - 1) // 2
    comparisons: list[Comparison] = []
    reverse: dict[tuple[int, int], Summary] = {}
    # facts are related here, on the mentions extracted once; framing is each source's
    # own (Collation.comparison() adds a pair's framing when asked for it)
    engine = dict(settings, facts=False, framing=False)
    for a in range(n):
        for b in range(a + 1, n):
            c = compare_prepared(prepared[a], prepared[b], **engine)
            c = replace(c, facts=_related(known[a], known[b], c) if facts else (),
                        settings=dict(settings, framing=False))
            comparisons.append(c)
            if not before(intervals[a], intervals[b]) and c.summary.reuse != "wholly" and \
                    any(m.kind == "verbatim" for m in c.matches):
                # the dates leave the order open and the texts share words: the reuse
                # verdict is asked the other way round too (it is not symmetric)
                reverse[(a, b)] = summarize_prepared(prepared[b], prepared[a], **engine)
            if progress is not None:
                progress(len(comparisons), total)
    fact_matrix: tuple[FactRow, ...] = ()
    if facts:
        fact_matrix = fact_rows(comparisons, [k.mentions for k in known], [a.text for a in arts])
    framing_matrix: tuple[FramingRow, ...] = ()
    voices: tuple[VoiceRow, ...] = ()
    if framing:
        marked = frozenset().union(*(m for _, _, m in own))
        framing_matrix = framing_rows([f for f, _, _ in own], marked)
        voices = voice_rows([v for _, v, _ in own])
    return Collation(
        sources=sources,
        passages=passages(prepared, comparisons, sources, intervals),
        facts=fact_matrix,
        framing=framing_matrix,
        voices=voices,
        reuse=reuse_links(sources, intervals, comparisons, reverse),
        comparisons=tuple(comparisons),
        settings=settings,
    )
