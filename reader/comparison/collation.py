"""The collation of several reports of one story: what :func:`~parallax.reader.comparison.collate.compare_many` returns.

A :class:`Collation` holds:

* ``sources``: the articles, ordered by publication time where known (undated
  ones after the dated ones, in the order given); every other part names a
  source by its index in this tuple;
* ``passages``: clusters of aligned passages (verbatim or paraphrased) across
  sources, each with the sources that carry it (and where), and the first to
  carry it: the earliest dated carrier, or a tie, or unknown, said explicitly;
* ``facts``: the fact x source matrix: every fact (number, date, quotation with
  its speaker, name), and for each source whether it gives it (``present``),
  gives another figure for the same quantity (``conflict``, with that value and
  the facts layer's reason), or does not (``absent``);
* ``framing``: naming choices (Kyiv/Kiev), scare quotes, hedges, loaded terms and
  attribution verbs per source; ``voices``: whom each source quotes;
* ``reuse``: which source appears derived from which, with the evidence, its
  direction (by date, by a wire credit, or unknown, said so) and the agency a
  credit names;
* ``comparisons``: every pairwise :class:`~parallax.reader.model.Comparison`
  (``comparison(a, b)``).

Everything is immutable; spans are half-open code-point ranges into the
source's ``article.text``; :meth:`Collation.to_dict` is JSON-able.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from parallax.reader.model import (
    Article,
    Comparison,
    FactKind,
    FramingCategory,
    MatchKind,
    ReuseEvidence,
    Span,
    span_list,
)

__all__ = [
    "Carrier",
    "CellStatus",
    "Collation",
    "Direction",
    "FactCell",
    "FactRow",
    "FirstStatus",
    "FramingCell",
    "FramingRow",
    "LinkReuse",
    "Passage",
    "PassageKind",
    "PassageLink",
    "ReuseLink",
    "Source",
    "VoiceCell",
    "VoiceRow",
]

# "earliest": one carrier is dated before every other carrier;
# "earliest-dated": the earliest of the dated carriers, but some carriers have no date;
# "tie": several carriers' dates cannot be told apart (``first`` holds them all);
# "unknown": no carrier states its date (``first`` is empty).
FirstStatus = Literal["earliest", "earliest-dated", "tie", "unknown"]
PassageKind = Literal["verbatim", "paraphrase", "mixed"]
CellStatus = Literal["present", "absent", "conflict"]
# "credited": a wire credit names an agency that is not among the sources (no text to compare)
LinkReuse = Literal["wholly", "partially", "credited"]
# "by-date": the later source derives from the earlier; "by-credit": the source whose
# credit names the other's outlet derives from it; "unknown": the dates cannot tell
Direction = Literal["by-date", "by-credit", "unknown"]


def _id_like(file_name: str) -> bool:
    """Whether a file's name holds no word, only numbers and ids such as hashes:
    every part of its stem has a digit in it or is six or more hexadecimal letters."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name[1:] else file_name
    parts = [p for p in re.split(r"[\W_]+", stem) if p]
    return bool(parts) and all(any(c.isdigit() for c in p) or (len(p) >= 6 and re.fullmatch(r"[0-9a-fA-F]+", p))
                               for p in parts)


class Source(NamedTuple):
    """One article of the collation and where it stood among the articles given."""

    article: Article
    given: int  # its position in the articles given to compare_many

    @property
    def label(self) -> str:
        """A short name: the outlet, else the file name, else the title.  A file named
        only by numbers and ids ("003_2ae3eb785e1b5880.txt") says less than the
        title, so the title comes first there."""
        a = self.article
        if a.outlet:
            return a.outlet
        name = a.path.replace("\\", "/").rsplit("/", 1)[-1] if a.path else ""
        if name and not (a.title and _id_like(name)):
            return name
        if a.title:
            return a.title if len(a.title) <= 60 else a.title[:59] + "…"
        return name or f"source {self.given + 1}"

    @property
    def published(self) -> str | None:
        return self.article.published

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"given": self.given, "label": self.label}
        d.update(self.article.to_dict())
        d["agencies"] = list(self.article.agencies)
        return d


class Carrier(NamedTuple):
    """A source carrying a passage, and where (merged spans in its text)."""

    source: int
    spans: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "spans": span_list(self.spans)}


class PassageLink(NamedTuple):
    """One pairwise match behind a passage: sources ``left`` < ``right``."""

    left: int
    right: int
    kind: MatchKind
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "kind": self.kind,
                "score": round(float(self.score), 4)}


class Passage(NamedTuple):
    """Aligned passages across sources: one thing told by several of them."""

    kind: PassageKind  # verbatim everywhere, paraphrased everywhere, or both
    carriers: tuple[Carrier, ...]  # in source order
    first: tuple[int, ...]  # the carrier(s) that may have carried it first
    first_status: FirstStatus
    first_note: str  # in plain words, naming sources and dates
    links: tuple[PassageLink, ...]

    @property
    def sources(self) -> tuple[int, ...]:
        return tuple(c.source for c in self.carriers)

    def carrier(self, source: int) -> Carrier | None:
        return next((c for c in self.carriers if c.source == source), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "carriers": [c.to_dict() for c in self.carriers],
            "first": list(self.first),
            "first_status": self.first_status,
            "first_note": self.first_note,
            "links": [x.to_dict() for x in self.links],
        }


class FactCell(NamedTuple):
    """One source's answer for one fact."""

    source: int
    status: CellStatus
    value: str = ""  # present: this source's words for it; conflict: the conflicting value(s)
    spans: tuple[Span, ...] = ()  # where (the conflicting figure's, for a conflict)
    speaker: str = ""  # quotations: whom this source attributes the words to
    reason: str = ""  # conflict: why the facts layer holds the figures one quantity

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source, "status": self.status}
        if self.status != "absent":
            d["value"] = self.value
            d["spans"] = span_list(self.spans)
        if self.speaker:
            d["speaker"] = self.speaker
        if self.reason:
            d["reason"] = self.reason
        return d


class FactRow(NamedTuple):
    """A fact across the sources: one cell per source, in source order."""

    kind: FactKind
    value: str  # as the earliest source that gives it writes it (names: the longest form)
    speaker: str  # quotations: the speaker most sources name ("" if none)
    cells: tuple[FactCell, ...]

    @property
    def present(self) -> tuple[int, ...]:
        return tuple(c.source for c in self.cells if c.status == "present")

    @property
    def conflicting(self) -> tuple[int, ...]:
        return tuple(c.source for c in self.cells if c.status == "conflict")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "speaker": self.speaker,
                "cells": [c.to_dict() for c in self.cells]}


class FramingCell(NamedTuple):
    """What one source writes for one framing choice (nothing: ``texts == ()``).

    ``confidence`` and ``sure`` go with ``spans``, one each: each marker's confidence and
    whether it is sure (:func:`~parallax.reader.framing.markers.is_sure`; unsure markers
    are there only when the collation asked for them)."""

    source: int
    texts: tuple[str, ...]  # the forms it writes, each once, in text order
    spans: tuple[Span, ...]
    confidence: tuple[float, ...] = ()
    sure: tuple[bool, ...] = ()

    @property
    def unsure(self) -> int:
        """How many of its markers are unsure."""
        return sum(1 for s in self.sure if not s)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "texts": list(self.texts), "spans": span_list(self.spans),
                "confidence": [round(x, 3) for x in self.confidence], "sure": list(self.sure)}


class FramingRow(NamedTuple):
    """A framing choice across the sources: one cell per source, in source order.

    ``term``: for ``naming``, the group of variants (``"kyiv"`` for Kyiv/Kiev);
    otherwise the words, case-folded (a scare quote's without its quotation
    marks).  ``note``: the lexicon's note (an attribution verb's stance...).
    """

    category: FramingCategory
    term: str
    note: str
    cells: tuple[FramingCell, ...]

    @property
    def used_by(self) -> tuple[int, ...]:
        return tuple(c.source for c in self.cells if c.texts)

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "term": self.term, "note": self.note,
                "cells": [c.to_dict() for c in self.cells]}


class VoiceCell(NamedTuple):
    source: int
    quotes: int
    words: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "quotes": self.quotes, "words": self.words}


class VoiceRow(NamedTuple):
    """A quoted speaker across the sources: one cell per source (0 quotes: not quoted)."""

    speaker: str
    cells: tuple[VoiceCell, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "cells": [c.to_dict() for c in self.cells]}


class ReuseLink(NamedTuple):
    """``derived`` appears to derive from ``origin`` (a source index), or, when
    ``origin`` is None, from the agency ``agency`` its credit names, which is not
    among the sources.  With ``direction == "unknown"`` the two could be the other
    way round: ``note`` says why."""

    derived: int
    origin: int | None
    agency: str  # the agency a wire credit names ("" when the link rests on the texts alone)
    reuse: LinkReuse
    direction: Direction
    evidence: ReuseEvidence | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "derived": self.derived,
            "origin": self.origin,
            "agency": self.agency,
            "reuse": self.reuse,
            "direction": self.direction,
            "evidence": self.evidence.to_dict() if self.evidence is not None else None,
            "note": self.note,
        }


def pair_index(n: int, a: int, b: int) -> int:
    """The position of pair ``(a, b)``, ``a < b``, among the ``n`` sources' pairs in
    the order ``(0, 1), (0, 2), ..., (1, 2), ...``."""
    return a * (2 * n - a - 1) // 2 + (b - a - 1)


@dataclass(frozen=True, slots=True)
class Collation:
    sources: tuple[Source, ...]
    passages: tuple[Passage, ...] = ()
    facts: tuple[FactRow, ...] = ()
    framing: tuple[FramingRow, ...] = ()
    voices: tuple[VoiceRow, ...] = ()
    reuse: tuple[ReuseLink, ...] = ()
    # every pair (a, b), a < b, in pair_index order, left the earlier source: matches,
    # summary and facts (framing: see comparison())
    comparisons: tuple[Comparison, ...] = field(default=(), compare=False)
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    def comparison(self, a: int, b: int) -> Comparison:
        """The pairwise comparison of sources ``a`` (left) and ``b`` (right), as
        :func:`~parallax.reader.comparison.engine.compare` gives it: the stored one
        (``comparisons``) with the pair's framing markers and voices added, which the
        collation does not keep per pair (a few milliseconds)."""
        n = len(self.sources)
        if not (0 <= a < n and 0 <= b < n) or a == b:
            raise IndexError(f"no pair ({a}, {b}) among {n} sources")
        c = self.comparisons[pair_index(n, min(a, b), max(a, b))]
        if self.settings.get("framing", True) and not c.settings.get("framing", True):
            from dataclasses import replace

            from parallax.reader.framing.markers import compare_framing

            found, voices_l, voices_r = compare_framing(
                c.left, c.right, c.matches, unsure=bool(self.settings.get("unsure_markers", False)))
            c = replace(c, framing=found, voices_left=voices_l, voices_right=voices_r,
                        settings=dict(c.settings, framing=True))
        return c if a < b else c.swapped()

    def to_dict(self) -> dict[str, Any]:
        n = len(self.sources)
        pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
        return {
            "version": 1,
            "kind": "collation",
            "sources": [s.to_dict() for s in self.sources],
            "pairs": [
                {"left": a, "right": b, "summary": c.summary.to_dict()}
                for (a, b), c in zip(pairs, self.comparisons, strict=False)
            ],
            "passages": [p.to_dict() for p in self.passages],
            "facts": [r.to_dict() for r in self.facts],
            "framing": [r.to_dict() for r in self.framing],
            "voices": [r.to_dict() for r in self.voices],
            "reuse": [x.to_dict() for x in self.reuse],
        }
