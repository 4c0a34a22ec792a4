"""The comparison engine: two articles in, a :class:`~parallax.reader.model.Comparison` out.

``compare(left, right)`` tokenises both sides on the matching keys of
:mod:`parallax.reader.text.keys`, finds the verbatim shared runs (:mod:`parallax.reader.align.verbatim`),
aligns the remaining sentences as paraphrases (:mod:`parallax.reader.align.paraphrase`),
collects what each side has alone, extracts facts (:mod:`parallax.reader.facts.extract`) and
framing markers (:mod:`parallax.reader.framing.markers`), and sums it up.

Everything is in code points into each article's ``text``; nothing here
depends on the particular articles compared.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

try:  # hashlib's own blake2b, without hashlib loading OpenSSL (3.7 MB in every process)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

from parallax.reader.align.prepare import Prepared, gap_span, prepare, token_span
from parallax.reader.align.relatedness import features as relatedness_features
from parallax.reader.align.relatedness import judge as judge_relatedness
from parallax.reader.align.reuse import FEATURES as REUSE_FEATURES
from parallax.reader.align.reuse import evidence as reuse_evidence
from parallax.reader.align.reuse import features as reuse_features
from parallax.reader.align.reuse import verdict as reuse_verdict
from parallax.reader.align.similarity import pair_score
from parallax.reader.align.verbatim import shared_runs
from parallax.reader.model import (
    Article,
    Change,
    Comparison,
    Marker,
    Match,
    Span,
    Summary,
    pack_rows,
    unpack_rows,
)
from parallax.reader.text.gcpause import paused_gc
from parallax.reader.text.graphemes import moving_offsets, snap_span
from parallax.reader.text.keys import text_starts, text_tokens
from parallax.reader.text.lexicon import Lexicon, using

__all__ = ["Progress", "SideWork", "analyze", "as_article", "compare", "estimate_seconds", "pair_work", "prepare",
           "side_work", "summarize", "summarize_prepared"]

Progress = Callable[[str, float], None]


class SideWork(NamedTuple):
    """What a comparison finds in one side alone: its fact mentions and its framing.

    The slower half of a long comparison, and independent of the other side, so it
    can be done at the same time as the alignment, in another process (the window
    does, on long pairs), and handed to :func:`compare` (``sides``).  Picklable."""

    side: str  # "left" or "right", as its markers say
    digest: str  # of the article's text: whose work this is
    items: tuple | None  # parallax.reader.facts.extract.extract(article) (None: not made)
    framing: Any  # parallax.reader.framing.markers.side_framing(article, side=...) (None: not made)
    # what of pairing both sides' mentions needs no alignment (parallax.reader.facts.relate.Pairing,
    # made by pair_work where both sides' mentions are): one object on both sides' work (None: not made)
    pairing: Any = None

    def __reduce__(self):
        # The fact mentions and the framing's quotations, markers and naming hits pickled by
        # columns (model.pack_rows): tens of thousands of named tuples, each of which would
        # pickle and unpickle through Python calls, on the way back from the window's side
        # process (0.14 s for the mentions of two 100,000-word sides, 0.11 s for the framing).
        framing = self.framing
        if framing is not None and type(framing) is not tuple and isinstance(framing, tuple):
            framing = (type(framing), [(True, got) if type(f) is tuple and (got := pack_rows(f)) is not None
                                       else (False, f) for f in framing])
        else:
            framing = (None, framing)
        items = pack_rows(self.items) if self.items else None
        return _unpickle_side_work, (self.side, self.digest, (items is not None, items if items is not None
                                                              else self.items), framing, self.pairing)


def _unpickle_side_work(side: str, digest: str, items: tuple[bool, Any], framing: tuple[Any, Any],
                        pairing: Any = None) -> SideWork:
    packed, got = items
    kind, parts = framing
    if kind is not None:
        parts = tuple.__new__(kind, [unpack_rows(f) if was_packed else f for was_packed, f in parts])
    return SideWork(side, digest, unpack_rows(got) if packed else got, parts, pairing)


def side_work(article: Article, side: str, /, *, lexicon: Lexicon | None = None,
              facts: bool = True, framing: bool = True) -> SideWork:
    """One side's :class:`SideWork` (``side``: "left" or "right"), with ``lexicon``'s word lists;
    ``facts`` / ``framing`` False leave that part None (made apart, or not wanted)."""
    from parallax.reader.facts.extract import extract
    from parallax.reader.framing.markers import side_framing

    with using(lexicon), paused_gc():
        return SideWork(side, _digest(article), tuple(extract(article)) if facts else None,
                        side_framing(article, side=side) if framing else None)


def pair_work(left: Article, right: Article, work: tuple[SideWork, SideWork], /, *,
              lexicon: Lexicon | None = None) -> tuple[SideWork, SideWork]:
    """Both sides' ``work`` (of ``left`` and ``right``, with their fact mentions) with what
    of comparing those mentions needs no alignment added (``pairing``, the same object on
    both), so that :func:`compare` only finishes it with the alignment's links."""
    from parallax.reader.facts.extract import pair_facts

    if work[0].items is None or work[1].items is None:
        raise ValueError("pair_work needs both sides' fact mentions")
    with using(lexicon), paused_gc():
        pairing = pair_facts(left, right, (work[0].items, work[1].items))
    return work[0]._replace(pairing=pairing), work[1]._replace(pairing=pairing)


def _digest(article: Article) -> str:
    return blake2b(article.text.encode("utf-8", "surrogatepass"), digest_size=16,
               person=(article.language or "").encode("ascii", "replace")[:16]).hexdigest()


def as_article(side: Article | str, name: str, /) -> Article:
    """``side`` as an Article (a ``str`` is read as pasted text); ``name`` says which
    argument was neither, in the TypeError."""
    if isinstance(side, Article):
        return side
    if isinstance(side, str):
        from parallax.reader.ingest.article import from_text

        return from_text(side)
    raise TypeError(f"{name} must be an Article or a str, not {type(side).__name__}")


def compare(
    left: Article | str,
    right: Article | str,
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
    progress: Progress | None = None,
    partial: Callable[[Comparison], None] | None = None,
    lexicon: Lexicon | None = None,
    sides: Callable[[], tuple[SideWork, SideWork] | None] | None = None,
) -> Comparison:
    """Compare two articles (or texts): shared, changed, missing, facts and framing.

    ``min_words``: the shortest verbatim run (in words; doubled for scripts
    written without spaces, where every character is a token).
    ``max_gap``: the most words that may differ inside a verbatim run
    (0 turns bridging off).  ``min_score``: the lowest similarity kept for a
    paraphrase pair.  ``facts`` / ``framing`` can be turned off for speed.
    Framing markers people would not reliably mark (``Marker.confidence``
    under :func:`~parallax.reader.framing.markers.sure_threshold`) are left
    out unless ``unsure_markers``: precision first.
    ``progress(stage, done)`` is called as each stage starts (``done`` in
    ``[0, 1]``, the share of the expected work behind); it may raise
    :class:`~parallax.reader.errors.Cancelled` to stop the comparison there.
    ``partial(comparison)`` is called once the alignment is done, before facts
    and framing: a frozen `Comparison` with the verbatim runs, paraphrase
    matches, one-side passages and summary (its similarities are final),
    ``facts``/``framing``/voices empty and ``settings["partial"]`` True, so a
    view can draw the highlights early; the result returned is the same as
    without it.  It may raise ``Cancelled`` as ``progress`` may.
    ``lexicon``: where the word lists come from (default: the user's,
    ``Lexicon.from_environment()``).
    ``sides()`` is called as facts and framing start: both sides' :func:`side_work`
    (with the same lexicon), done meanwhile elsewhere, or None to do it here.  Work
    whose framing is None (still being made) has ``sides()`` called again as framing
    starts, for the whole work, so that facts are compared meanwhile.  The result is
    the same either way; work of another text raises ``ValueError``.
    """
    # The collector paused for the whole comparison, not only the alignment: facts
    # and framing also make many small objects that live until the result is built,
    # and no cycles among them (the collector would rescan the tokens over and over).
    with using(lexicon), paused_gc():
        if progress is not None:
            progress("reading", 0.0)
        a = prepare(as_article(left, "left"))
        b = prepare(as_article(right, "right"))
        settings: dict[str, Any] = {
            "min_words": min_words, "max_gap": max_gap, "paraphrase": paraphrase,
            "min_score": min_score, "facts": facts, "framing": framing,
            "min_unique_words": min_unique_words, "unsure_markers": unsure_markers,
        }
        return compare_prepared(a, b, progress=progress, partial=partial, sides=sides, **settings)


# The share of a comparison's time each stage takes on long real prose (the
# stage's start is reported as the share done before it): what a progress
# bar shows between the stages.
_STAGES = (("verbatim", 0.05), ("paraphrase", 0.10), ("facts", 0.45), ("framing", 0.85), ("done", 1.0))


def _report(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage, dict(_STAGES)[stage])


class _Aligned(NamedTuple):
    """The alignment of two prepared sides: what the summary and the matches are made of."""

    verbatim: list[Match]
    paraphrase: list[Match]
    verb_a: bytes  # 1 for each token inside a verbatim run
    verb_b: bytes
    cov_a: bytearray  # 1 for each token inside a verbatim run or an aligned sentence
    cov_b: bytearray
    weight_a: list[float]  # the best match score over each token (1 in verbatim runs)
    weight_b: list[float]


def _align(a: Prepared, b: Prepared, settings: dict[str, Any], *, changes: bool = True,
           progress: Progress | None = None) -> _Aligned:
    """Verbatim runs, then the paraphrase alignment of sentences; ``changes``: also the
    word-level changes inside each match (only the matches shown need them)."""
    _report(progress, "verbatim")
    min_words = int(settings.get("min_words", 6))
    if min_words < 1:
        raise ValueError("min_words must be at least 1")
    k = min_words * 2 if (a.unspaced or b.unspaced) else min_words

    # 1. verbatim runs
    runs = shared_runs(a.keys, b.keys, min_words=k, max_gap=int(settings.get("max_gap", 2)))
    verbatim: list[Match] = []
    cov_a = bytearray(len(a.toks))
    cov_b = bytearray(len(b.toks))
    for r in runs:
        edits = tuple(
            Change(_edit_op(la, lb, ra, rb), gap_span(a, la, lb), gap_span(b, ra, rb))
            for la, lb, ra, rb in r.edits
        ) if changes else ()
        verbatim.append(
            Match("verbatim", token_span(a, r.left_start, r.left_end),
                  token_span(b, r.right_start, r.right_end), r.score, edits)
        )
        cov_a[r.left_start:r.left_end] = b"\x01" * (r.left_end - r.left_start)
        cov_b[r.right_start:r.right_end] = b"\x01" * (r.right_end - r.right_start)
    verb_a, verb_b = bytes(cov_a), bytes(cov_b)

    # 2. paraphrase alignment of sentences
    _report(progress, "paraphrase")
    para: list[Match] = []
    # 1.0 where verbatim, else 0.0 (cov_* hold 0 or 1): the two float objects shared, as the
    # constants of a list comprehension were, not one new float a token
    weight_a = list(map(_WEIGHTS.__getitem__, cov_a))
    weight_b = list(map(_WEIGHTS.__getitem__, cov_b))
    if settings.get("paraphrase", True) and a.toks and b.toks:
        from parallax.reader.align.paraphrase import align_sentences

        for m, (sa, sb) in align_sentences(
            a, b, verb_a, verb_b, min_score=float(settings.get("min_score", 0.5)), changes=changes
        ):
            para.append(m)
            for ta in _token_range_of_sents(a, sa):
                cov_a[ta] = 1
                weight_a[ta] = max(weight_a[ta], m.score)
            for tb in _token_range_of_sents(b, sb):
                cov_b[tb] = 1
                weight_b[tb] = max(weight_b[tb], m.score)
    return _Aligned(verbatim, para, verb_a, verb_b, cov_a, cov_b, weight_a, weight_b)


def summarize(
    left: Article | str,
    right: Article | str,
    /,
    *,
    min_words: int = 6,
    max_gap: int = 2,
    paraphrase: bool = True,
    min_score: float = 0.5,
    lexicon: Lexicon | None = None,
    **ignored: Any,
) -> Summary:
    """``compare(left, right, ...).summary``, and only that: the shares, similarity,
    relatedness and reuse verdict, without what only a full comparison shows (word
    changes inside matches, spans snapped to graphemes, one-side passages, facts,
    framing).  For batches and collations.  Settings as :func:`compare`'s; those that
    do not change the summary (``facts``, ``framing``, ``unsure_markers``,
    ``min_unique_words``) are accepted and ignored."""
    unknown = set(ignored) - {"facts", "framing", "unsure_markers", "min_unique_words"}
    if unknown:
        raise TypeError(f"summarize() got an unexpected keyword argument {sorted(unknown)[0]!r}")
    with using(lexicon), paused_gc():
        a = prepare(as_article(left, "left"))
        b = prepare(as_article(right, "right"))
        return summarize_prepared(a, b, min_words=min_words, max_gap=max_gap, paraphrase=paraphrase,
                                  min_score=min_score)


def summarize_prepared(a: Prepared, b: Prepared, /, **settings: Any) -> Summary:
    """:func:`summarize` of two prepared sides (settings as :func:`compare_prepared`'s)."""
    al = _align(a, b, settings, changes=False)
    return _summary(a, b, al.verb_a, al.verb_b, al.cov_a, al.cov_b, al.weight_a, al.weight_b)


def compare_prepared(a: Prepared, b: Prepared, /, *, progress: Progress | None = None,
                     partial: Callable[[Comparison], None] | None = None,
                     sides: Callable[[], tuple[SideWork, SideWork] | None] | None = None,
                     **settings: Any) -> Comparison:
    al = _align(a, b, settings, progress=progress)
    verbatim, para = al.verbatim, al.paraphrase
    verb_a, verb_b, cov_a, cov_b, weight_a, weight_b = (al.verb_a, al.verb_b, al.cov_a, al.cov_b,
                                                        al.weight_a, al.weight_b)

    matches = tuple(sorted(verbatim + para, key=lambda m: (m.left.start, m.right.start, m.kind)))

    # 3. what each side has alone
    min_unique = int(settings.get("min_unique_words", 3))
    unique_a = _unique(a, cov_a, min_unique)
    unique_b = _unique(b, cov_b, min_unique)

    # 4. summary
    summary = _summary(a, b, verb_a, verb_b, cov_a, cov_b, weight_a, weight_b)
    lt, rt = a.text, b.text
    ml, mr = moving_offsets(lt), moving_offsets(rt)
    snapped = _snap_matches(matches, lt, rt, ml, mr)
    unique_left = _snap_spans(lt, unique_a, ml)
    unique_right = _snap_spans(rt, unique_b, mr)
    _report(progress, "facts")  # before the partial: while it is drawn, facts are what runs
    if partial is not None and (settings.get("facts", True) or settings.get("framing", True)):
        # the alignment layers before facts and framing: marked partial, never the result
        partial(Comparison(left=a.article, right=b.article, summary=summary, matches=snapped,
                           unique_left=unique_left, unique_right=unique_right,
                           settings={**settings, "partial": True}))

    # 5. facts, framing, voices
    fact_list: tuple = ()
    markers: tuple = ()
    voices_a: tuple = ()
    voices_b: tuple = ()
    work = _side_work(a.article, b.article, sides) if sides is not None and (
        settings.get("facts", True) or settings.get("framing", True)) else None
    if settings.get("facts", True):
        from parallax.reader.facts.extract import compare_facts

        fact_list = compare_facts(a.article, b.article, matches, items=_part(work, "items"),
                                  pairing=work[0].pairing if work is not None and work[0].pairing is not None
                                  and work[0].pairing is work[1].pairing else None)
    _report(progress, "framing")
    if settings.get("framing", True):
        from parallax.reader.framing.markers import compare_framing

        if work is not None and _part(work, "framing") is None:  # made meanwhile: ask again
            work = _side_work(a.article, b.article, sides)  # type: ignore[arg-type]
        markers, voices_a, voices_b = compare_framing(
            a.article, b.article, matches, unsure=bool(settings.get("unsure_markers", False)),
            sides=_part(work, "framing"))

    _report(progress, "done")
    return Comparison(
        left=a.article,
        right=b.article,
        summary=summary,
        matches=snapped,
        unique_left=unique_left,
        unique_right=unique_right,
        facts=tuple(fact_list),
        framing=_snap_markers(markers, lt, rt, ml, mr),
        voices_left=tuple(voices_a),
        voices_right=tuple(voices_b),
        settings=dict(settings),
    )


def _part(work: tuple[SideWork, SideWork] | None, name: str) -> tuple[Any, Any] | None:
    """Both sides' ``items`` or ``framing`` from ``work``; None where either is not there."""
    if work is None or getattr(work[0], name) is None or getattr(work[1], name) is None:
        return None
    return getattr(work[0], name), getattr(work[1], name)


def _side_work(a: Article, b: Article, sides: Callable[[], tuple[SideWork, SideWork] | None]
               ) -> tuple[SideWork, SideWork] | None:
    """``sides()``, checked to be the work of these two texts."""
    work = sides()
    if work is None:
        return None
    if (work[0].side, work[0].digest, work[1].side, work[1].digest) != ("left", _digest(a), "right", _digest(b)):
        raise ValueError("the side work given is of other texts")
    return work


# Spans end on whole grapheme clusters: a highlight never cuts "plan" from the
# combining accent after it, nor an emoji from its variation selector.
# ``moving``: the text's graphemes.moving_offsets.  A span with neither end among them
# (and not ending before it starts) is already whole clusters: snap_span would return
# it as it is, so it is kept, and a match made only of such spans too (no new tuples).
def _snap(text: str, sp: Span | None, moving: frozenset[int] | None) -> Span | None:
    return sp if _whole(sp, moving) else snap_span(text, sp)  # type: ignore[arg-type]


def _whole(sp: Span | None, moving: frozenset[int] | None) -> bool:
    return sp is None or (moving is not None and sp.start not in moving and sp.end not in moving
                          and sp.end >= sp.start)


def _snap_match(m: Match, lt: str, rt: str, ml: frozenset[int] | None, mr: frozenset[int] | None) -> Match:
    if _whole(m.left, ml) and _whole(m.right, mr) and all(
            _whole(ch.left, ml) and _whole(ch.right, mr) for ch in m.changes):
        return m
    changes = tuple(ch._replace(left=_snap(lt, ch.left, ml), right=_snap(rt, ch.right, mr)) for ch in m.changes)
    return m._replace(left=_snap(lt, m.left, ml), right=_snap(rt, m.right, mr), changes=changes)


# The same, for all of a comparison's spans at once: tens of thousands on a long pair, so the
# test that a span is whole is made inline (no Python call a span, nor a new tuple), and only
# the few that end next to a character outside ASCII go through the functions above.
def _snap_spans(text: str, spans: tuple[Span, ...], moving: frozenset[int] | None) -> tuple[Span, ...]:
    """``_snap`` of each of ``spans`` (none of them None)."""
    if moving is None:
        return tuple(snap_span(text, sp) for sp in spans)
    return tuple(sp if sp[0] not in moving and sp[1] not in moving and sp[1] >= sp[0] else snap_span(text, sp)
                 for sp in spans)


def _snap_matches(matches: tuple[Match, ...], lt: str, rt: str, ml: frozenset[int] | None,
                  mr: frozenset[int] | None) -> tuple[Match, ...]:
    """``_snap_match`` of each of ``matches``."""
    if ml is None or mr is None:
        return tuple(_snap_match(m, lt, rt, ml, mr) for m in matches)
    out = []
    for m in matches:
        (ls, le), (rs, re_) = m.left, m.right
        if (ls in ml or le in ml or le < ls or rs in mr or re_ in mr or re_ < rs
                or (m.changes and not all(_whole(ch.left, ml) and _whole(ch.right, mr) for ch in m.changes))):
            m = _snap_match(m, lt, rt, ml, mr)
        out.append(m)
    return tuple(out)


def _snap_markers(markers: tuple[Marker, ...], lt: str, rt: str, ml: frozenset[int] | None,
                  mr: frozenset[int] | None) -> tuple[Marker, ...]:
    """``_snap_marker`` of each of ``markers``."""
    if ml is None or mr is None:
        return tuple(_snap_marker(m, lt, rt, ml, mr) for m in markers)
    out = []
    for m in markers:
        (s, e), other = m.span, m.counterpart
        mo, mt = (ml, mr) if m.side == "left" else (mr, ml)
        if s in mo or e in mo or e < s or (other is not None and (
                other[0] in mt or other[1] in mt or other[1] < other[0] or m.text != (lt if m.side == "left" else rt)[s:e])):
            m = _snap_marker(m, lt, rt, ml, mr)
        out.append(m)
    return tuple(out)


def _snap_marker(m: Marker, lt: str, rt: str, ml: frozenset[int] | None, mr: frozenset[int] | None) -> Marker:
    (own, mo), (other, mt) = ((lt, ml), (rt, mr)) if m.side == "left" else ((rt, mr), (lt, ml))
    span = _snap(own, m.span, mo)
    if span == m.span and m.counterpart is None:
        return m
    return m._replace(span=span, text=own[span.start:span.end], counterpart=_snap(other, m.counterpart, mt))


def _edit_op(la: int, lb: int, ra: int, rb: int) -> str:
    if lb == la:
        return "insert"
    if rb == ra:
        return "delete"
    return "replace"


def _token_range_of_sents(side: Prepared, sents: tuple[int, int]) -> range:
    """Token indexes of the sentences ``[s0, s1)``."""
    s0, s1 = sents
    a = side.sent_tokens[s0][0]
    b = side.sent_tokens[s1 - 1][1]
    return range(a, b)


_TOKEN_START = itemgetter(1)
_new = tuple.__new__  # a NamedTuple from a plain tuple in C (its constructor is a Python function)
_WEIGHTS = (0.0, 1.0)
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_CLOSE = 0.7  # a token aligned at least this closely counts as closely aligned


def _starts(side: Prepared) -> Sequence[int]:
    """Where each of a side's tokens starts: the text's cached tuple when they are its tokens."""
    toks, text = side.toks, side.text
    return text_starts(text) if toks is text_tokens(text) else list(map(_TOKEN_START, toks))  # (a C loop)


def _unique(side: Prepared, covered: bytearray, min_words: int) -> tuple[Span, ...]:
    """Runs of uncovered tokens, broken at paragraph breaks, of at least ``min_words``."""
    text = side.text
    out: list[Span] = []
    toks = side.toks
    n = len(toks)
    # where a run stops: a covered token, or one with a line break before it (after the
    # token before it), found from the few line breaks, not by slicing between every two;
    # bisected in the tokens' starts (the text's cached tuple when these are its tokens: no
    # Python key call a step), and the line breaks after the first before a token skipped
    # (a paragraph's "\n\n": they find the same token)
    starts = _starts(side)
    stops = bytearray(covered)
    nl = text.find("\n") if n else -1
    while nl >= 0:
        j = bisect_right(starts, nl)
        if j >= n:
            break
        if j == 0 or toks[j - 1].end <= nl:
            if j:
                stops[j] = 1
            nl = text.find("\n", starts[j])
        else:
            nl = text.find("\n", nl + 1)
    # (the side's fields read once, the spans made in C: thousands of runs a long side)
    sent_of, sent_tokens, sentences = side.sent_of_token, side.sent_tokens, side.sentences
    i = 0
    while i < n:
        i = covered.find(0, i)  # the next uncovered token
        if i < 0:
            break
        j = stops.find(1, i + 1)
        if j < 0:
            j = n
        first, last = sent_of[i], sent_of[j - 1]
        # a whole sentence counts even when shorter than min_words
        if j - i < min_words and not (first == last and sent_tokens[first][0] == i and sent_tokens[last][1] == j):
            i = j
            continue
        s = toks[i][1]
        e = toks[j - 1][2]
        if sent_tokens[first][0] == i:
            opening = sentences[first][0]  # take the opening quote or bracket
            if opening < s:
                s = opening
        # take the sentence's closing punctuation with it
        if sentences and sent_tokens[last][1] == j:
            closing = sentences[last][1]
            if closing > e:
                e = closing
        out.append(_new(Span, (s, e)))
        i = j
    return tuple(out)


def _summary(
    a: Prepared, b: Prepared, verb_a: bytes, verb_b: bytes,
    cov_a: bytearray, cov_b: bytearray, weight_a: list[float], weight_b: list[float],
) -> Summary:
    na, nb = len(a.toks), len(b.toks)
    va = verb_a.count(1) / na if na else 0.0
    vb = verb_b.count(1) / nb if nb else 0.0
    aa = cov_a.count(1) / na if na else 0.0
    ab = cov_b.count(1) / nb if nb else 0.0
    names_a = _names(a)
    names_b = _names(b)
    related = judge_relatedness(relatedness_features(a.keys, b.keys, names_a, names_b))
    if na and nb and len(a.sentences) <= 3 and len(b.sentences) <= 3 and na + nb <= 400:
        # a sentence or two on each side: the overall similarity is the probability
        # that they say the same thing, even below the threshold for aligning them
        # (a shared run of six words does not make "ten killed" and "five injured in
        # the attack on the market" the same sentence)
        similarity = pair_score(a.keys, b.keys, a.unspaced or b.unspaced,
                                names=(_sentence_names(a), _sentence_names(b)))
        similarity_of = "meaning"
    else:
        # longer texts: how likely they report one event, whether or not their
        # sentences align (two outlets' reports may share no sentence at all)
        similarity = related.probability
        similarity_of = "event"
    # the verdict leaves out quoted words: two independent reports quoting the
    # same statement share them without one copying the other
    from parallax.reader.facts.quotes import quote_spans

    quoted = bytearray(nb)
    qs = quote_spans(b.text)
    if qs and nb:
        starts = _starts(b)
        for s0, e0 in qs:
            i0 = bisect_right(starts, s0)
            i1 = bisect_right(starts, e0 - 1)
            quoted[i0:i1] = b"\x01" * (i1 - i0)
    own = not_quoted = bytes(quoted.translate(_FLIP))  # 1 for the right side's own words
    if own.count(1) < max(20, nb // 4):
        own = b"\x01" * nb
    close = bytes(map(_CLOSE.__le__, weight_b))  # 1 where w >= 0.7 (C loops, not a step a token)
    n_own = own.count(1)  # the counts below: bytes marked in both, as bits of two numbers
    mask = int.from_bytes(own, "big")
    vb_own = (int.from_bytes(verb_b, "big") & mask).bit_count() / n_own if n_own else 0.0
    strong = (int.from_bytes(close, "big") & mask).bit_count() / n_own if n_own else 0.0
    ev = reuse_evidence(a.keys, b.keys, b.sent_tokens, own_b=not_quoted)
    inputs = reuse_features(ev, verbatim_right=vb_own, closely_aligned_right=strong,
                            similarity=similarity, words_right=nb)
    verdict = reuse_verdict(inputs) if na and nb else "not"
    return Summary(va, vb, aa, ab, min(1.0, similarity), verdict, ev, related.related, related.reason,
                   tuple(zip(REUSE_FEATURES, inputs, strict=True)), similarity_of)


def _names(side: Prepared) -> frozenset[str]:
    """similarity.names_in of a whole side (its first word aside), from its name tokens."""
    return frozenset(map(side.keys.__getitem__, filter(None, side.name_tokens)))  # (k > 0: a C loop)


def _sentence_names(side: Prepared) -> frozenset[str]:
    """similarity.names_in of each sentence (its first word aside), together."""
    firsts = {t0 for t0, t1 in side.sent_tokens if t1 > t0}
    return frozenset(side.keys[k] for k in side.name_tokens if k not in firsts)


def analyze(article: Article | str, /, *, unsure_markers: bool = False,
            lexicon: Lexicon | None = None) -> dict[str, Any]:
    """One article alone: the extract fields plus its facts, framing markers and voices.

    This is a line of ``parallax analyze --json``.  Facts are
    ``{"kind", "value", "spans"}``; markers are ``{"category", "span", "text",
    "note", "confidence", "sure"}`` (``note``: the lexicon's note, e.g. an attribution verb's
    stance; ``sure``: :func:`~parallax.reader.framing.markers.is_sure`, false only with
    ``unsure_markers``).
    ``lexicon``: as for :func:`compare`.
    """
    with using(lexicon):
        return _analyze(as_article(article, "article"), unsure_markers)


def _analyze(art: Article, unsure_markers: bool) -> dict[str, Any]:
    from parallax.reader.facts.extract import extract
    from parallax.reader.framing.markers import is_sure, markers, voices

    grouped: dict[tuple[str, str], list[Span]] = {}
    for it in extract(art):
        grouped.setdefault((it.kind, it.value), []).append(it.span)
    record = art.to_dict()
    record["facts"] = [
        {"kind": k, "value": v, "spans": [sp.to_list() for sp in spans]}
        for (k, v), spans in grouped.items()
    ]
    record["framing"] = [
        {"category": m.category, "span": m.span.to_list(), "text": m.text, "note": m.note,
         "confidence": round(m.confidence, 3), "sure": is_sure(m)}
        for m in markers(art) if unsure_markers or is_sure(m)
    ]
    record["voices"] = [v.to_dict() for v in voices(art)]
    return record


# Seconds per word (both sides counted) that a full comparison took on long
# real prose on a 2-core machine (benchmarks/real_like.py), rounded up: what
# the command line tells a user before work that will take minutes.
_SECONDS_PER_WORD = 1.5e-4


def estimate_seconds(words_left: int, words_right: int, /) -> float:
    """A generous estimate of how long comparing texts of these lengths takes."""
    return (words_left + words_right) * _SECONDS_PER_WORD
