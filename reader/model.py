"""The data every part of Parallax passes around.

Everything here is immutable.  Offsets are *code points* into an
article's cleaned ``text`` and every range is half-open ``[start, end)``.
Qt counts UTF-16 units instead; the single conversion lives in
``ui/textpos.py``.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from itertools import chain, islice, repeat
from typing import Any, Literal, NamedTuple

Side = Literal["left", "right"]
MatchKind = Literal["verbatim", "paraphrase"]
FactKind = Literal["number", "date", "quote", "name"]
FactStatus = Literal["shared", "left-only", "right-only", "conflict"]
FramingCategory = Literal["scare-quote", "hedge", "loaded", "naming", "attribution"]
Reuse = Literal["wholly", "partially", "not"]
ChangeOp = Literal["replace", "insert", "delete", "reorder"]


class Span(NamedTuple):
    """A half-open ``[start, end)`` range of code points."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]


def span_list(spans: tuple[Span, ...] | list[Span]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def opt_span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the text the outlet wrote, its metadata and its segments."""

    text: str
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601, or None when the page does not say
    byline: str | None = None
    credits: tuple[str, ...] = ()
    language: str | None = None
    path: str | None = None
    # the news agencies the credits name ("Reuters" for "MOSCOW (Reuters) -"): wire copy
    agencies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``parallax extract --json`` object, keys in the documented order."""
        return {
            "path": self.path,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "byline": self.byline,
            "credits": list(self.credits),
            "language": self.language,
            "text": self.text,
            "paragraphs": span_list(self.paragraphs),
            "sentences": span_list(self.sentences),
        }

    def __reduce__(self) -> tuple:
        # The spans as two flat arrays of integers: pickled one Span tuple at a time, a
        # 100,000-word article's ~10,000 took 0.06 s, on the path of every long pair the
        # window hands to its side-work process (and of batch jobs sent to workers).
        rest = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _PACKED}
        return _unpickle_article, (self.text, _pack(self.paragraphs), _pack(self.sentences), rest)

    @property
    def display_name(self) -> str:
        if self.title:
            return self.title
        if self.path:
            return self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return "Untitled"


_PACKED = ("text", "paragraphs", "sentences")


def _pack(spans: Sequence[tuple[int, int]]) -> bytes:
    return array("q", chain.from_iterable(spans)).tobytes()


def _unpack(data: bytes) -> tuple[Span, ...]:
    flat = array("q")
    flat.frombytes(data)
    ends = iter(flat)
    # (each Span takes the next two; made by tuple.__new__, as Span's own __new__ is a Python call)
    return tuple(map(tuple.__new__, repeat(Span), zip(ends, ends, strict=False)))


def _unpickle_article(text: str, paragraphs: bytes, sentences: bytes, rest: dict[str, Any]) -> Article:
    return Article(text, _unpack(paragraphs), _unpack(sentences), **rest)


# Rows of one NamedTuple type (fact mentions, markers, quotations) pickled by columns:
# a named tuple pickles and unpickles through a Python call each (its __getnewargs__,
# its __new__), and tens of thousands of them go both ways between the window and its
# side-work process.  By columns, each is a list pickle writes in C, the spans two
# arrays of integers, and the rows are made again by C loops (map over zip).

_NO_SPAN = -1  # where a column of spans has None (no span starts before 0)


def pack_rows(rows: Sequence[tuple], /) -> tuple | None:
    """``rows``, all of one tuple type (a NamedTuple's, or plain tuples of one length), as
    columns for :func:`unpack_rows`; None when they are not (mixed types or lengths): pickle
    them as they are then.  A column whose values are all Spans, or Spans and None, is kept
    as two arrays of integers; tuples of Spans as those arrays and each one's count; any
    other column as it is."""
    if not rows or not rows[0]:
        return None
    kind = type(rows[0])
    width = len(rows[0])
    if not issubclass(kind, tuple) or any(type(r) is not kind or len(r) != width for r in rows):
        return None
    columns: list[tuple[str, Any]] = []
    for values in zip(*rows, strict=True):
        kinds = set(map(type, values))
        if kinds <= {Span, type(None)} and Span in kinds:
            if len(kinds) == 1:
                columns.append(("span", _pack(values)))
            else:
                columns.append(("span?", (_pack([_NO_SPAN_PAIR if v is None else v for v in values]),
                                          [i for i, v in enumerate(values) if v is None])))
        elif kinds == {tuple} and all(type(x) is Span for v in values for x in v) and any(values):
            columns.append(("spans", (_pack([x for v in values for x in v]),
                                      array("q", map(len, values)).tobytes())))
        else:
            columns.append(("", list(values)))
    return kind, len(rows), columns


_NO_SPAN_PAIR = (_NO_SPAN, _NO_SPAN)


def unpack_rows(packed: tuple, /) -> tuple:
    """The rows :func:`pack_rows` packed, equal to them and of their type."""
    kind, n, columns = packed
    made: list[Any] = []
    for how, data in columns:
        if how == "":
            made.append(data)
            continue
        if how == "spans":
            flat, counts = data
            spans = iter(_unpack(flat))
            sizes = array("q")
            sizes.frombytes(counts)
            made.append([tuple(islice(spans, k)) for k in sizes])
            continue
        if how == "span":
            made.append(_unpack(data))
            continue
        flat, nones = data  # "span?"
        spans = list(_unpack(flat))
        for i in nones:
            spans[i] = None
        made.append(spans)
    return tuple(map(tuple.__new__, repeat(kind, n), zip(*made, strict=True)))


# ---------------------------------------------------------------- comparison


class Change(NamedTuple):
    """A word-level change inside an aligned pair.

    ``op`` is kept in Python for drawing; the JSON carries only the spans,
    as the documented format asks.  A ``reorder`` pairs the same words in a
    different order, so it is not new content.
    """

    op: ChangeOp
    left: Span | None
    right: Span | None

    def to_dict(self) -> dict[str, Any]:
        return {"left": opt_span(self.left), "right": opt_span(self.right)}


class Match(NamedTuple):
    kind: MatchKind
    left: Span
    right: Span
    score: float
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "left": self.left.to_list(),
            "right": self.right.to_list(),
            "score": round(float(self.score), 4),
            "changes": [c.to_dict() for c in self.changes],
        }


class Fact(NamedTuple):
    kind: FactKind
    value: str
    left: tuple[Span, ...]
    right: tuple[Span, ...]
    status: FactStatus
    reason: str = ""  # a conflict: why the two figures are one quantity ("aligned passages ...")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "left": span_list(self.left),
            "right": span_list(self.right),
            "status": self.status,
            "reason": self.reason,
        }


class Marker(NamedTuple):
    """A framing marker on one side, optionally linked to its counterpart."""

    side: Side
    category: FramingCategory
    span: Span
    text: str
    counterpart: Span | None = None
    note: str = ""  # e.g. the stance of an attribution verb, or the lexicon entry
    # how likely people would mark it (0-1); below framing.markers.sure_threshold() it is "unsure"
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        # whether it is sure depends on the framing model's threshold, which this layer does
        # not know: ``comparison.report.to_record`` adds each marker's "sure"
        return {
            "side": self.side,
            "category": self.category,
            "span": self.span.to_list(),
            "text": self.text,
            "counterpart": opt_span(self.counterpart),
            "confidence": round(self.confidence, 3),
        }


class Voice(NamedTuple):
    speaker: str
    quotes: int
    words: int

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "quotes": self.quotes, "words": self.words}


class ReuseEvidence(NamedTuple):
    """What a reuse verdict rests on (shares are of words, in ``[0, 1]``)."""

    covered_left: float  # share of the left text's words in 3-word shingles the right one shares
    covered_right: float  # the same for the right text (its own words, quotations left out)
    longest_run: int  # words in the longest run both texts share
    copied_sentences: int  # sentences of the right text holding copied material
    sentences: int  # sentences of the right text

    def to_dict(self) -> dict[str, Any]:
        return {
            "covered_share": {"left": round(self.covered_left, 4), "right": round(self.covered_right, 4)},
            "longest_run": self.longest_run,
            "copied_sentences": self.copied_sentences,
            "sentences": self.sentences,
        }


class Summary(NamedTuple):
    """How two texts relate overall.

    ``similarity``: for a sentence or two a side, the probability that they
    say the same thing (0.5 is the decision boundary); for longer texts, the
    probability that they report one event, from the content words, names and
    figures they share, aligned or not; ``similarity_of`` says which
    (``"meaning"`` or ``"event"``).  ``reuse``: how much the right text derives
    from the left one, with ``evidence``.  ``related``: False when the two texts
    appear to be about different events, with ``related_reason`` saying why.
    """

    verbatim_left: float
    verbatim_right: float
    aligned_left: float
    aligned_right: float
    similarity: float
    reuse: Reuse
    evidence: ReuseEvidence | None = None
    related: bool = True
    related_reason: str = ""
    # the reuse verdict's inputs by name (parallax.reader.align.reuse.FEATURES)
    reuse_inputs: tuple[tuple[str, float], ...] = ()
    similarity_of: str = "event"  # "meaning": a sentence or two a side; "event": longer texts

    def similarity_phrase(self) -> str:
        """What ``similarity`` says, in words: "98% likely the same event", "64% similar in
        meaning" (the window and the reports show this, not a bare "similar")."""
        if self.similarity_of == "meaning":
            return f"{self.similarity:.0%} similar in meaning"
        return f"{self.similarity:.0%} likely the same event"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "verbatim_share": {
                "left": round(self.verbatim_left, 4),
                "right": round(self.verbatim_right, 4),
            },
            "aligned_share": {
                "left": round(self.aligned_left, 4),
                "right": round(self.aligned_right, 4),
            },
            "similarity": round(self.similarity, 4),
            "similarity_of": self.similarity_of,
            "reuse": self.reuse,
            "related": self.related,
        }
        if self.related_reason:
            out["related_reason"] = self.related_reason
        if self.evidence is not None:
            out["reuse_evidence"] = self.evidence.to_dict()
            if self.reuse_inputs:
                out["reuse_evidence"]["inputs"] = {k: round(v, 4) for k, v in self.reuse_inputs}
        return out


@dataclass(frozen=True, slots=True)
class Comparison:
    left: Article
    right: Article
    summary: Summary
    matches: tuple[Match, ...] = ()
    unique_left: tuple[Span, ...] = ()
    unique_right: tuple[Span, ...] = ()
    facts: tuple[Fact, ...] = ()
    framing: tuple[Marker, ...] = ()
    voices_left: tuple[Voice, ...] = ()
    voices_right: tuple[Voice, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "summary": self.summary.to_dict(),
            "matches": [m.to_dict() for m in self.matches],
            "unique": {
                "left": span_list(self.unique_left),
                "right": span_list(self.unique_right),
            },
            "facts": [f.to_dict() for f in self.facts],
            "framing": [m.to_dict() for m in self.framing],
            "voices": {
                "left": [v.to_dict() for v in self.voices_left],
                "right": [v.to_dict() for v in self.voices_right],
            },
        }

    def article(self, side: Side) -> Article:
        return self.left if side == "left" else self.right

    def swapped(self) -> Comparison:
        """The same comparison seen from the other side (for the UI's swap)."""
        flip: dict[str, Side] = {"left": "right", "right": "left"}
        s = self.summary
        return Comparison(
            left=self.right,
            right=self.left,
            summary=Summary(  # the reuse evidence reads one direction only: not carried over
                s.verbatim_right, s.verbatim_left, s.aligned_right, s.aligned_left,
                s.similarity, s.reuse, related=s.related, related_reason=s.related_reason,
                similarity_of=s.similarity_of,
            ),
            matches=tuple(
                Match(m.kind, m.right, m.left, m.score,
                      tuple(Change(_flip_op(c.op), c.right, c.left) for c in m.changes))
                for m in self.matches
            ),
            unique_left=self.unique_right,
            unique_right=self.unique_left,
            facts=tuple(
                f._replace(left=f.right, right=f.left, status=_flip_status(f.status)) for f in self.facts
            ),
            framing=tuple(m._replace(side=flip[m.side]) for m in self.framing),
            voices_left=self.voices_right,
            voices_right=self.voices_left,
            settings=dict(self.settings),
        )


def _flip_op(op: ChangeOp) -> ChangeOp:
    return {"insert": "delete", "delete": "insert"}.get(op, op)  # type: ignore[return-value]


def _flip_status(status: FactStatus) -> FactStatus:
    return {"left-only": "right-only", "right-only": "left-only"}.get(status, status)  # type: ignore[return-value]
