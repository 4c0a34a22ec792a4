"""The figures of a comparison's side panel and headers: the framing profile, naming
pairs and attribution verbs, the "wire copy" badge and the reuse verdict in words.

Qt-free, as :mod:`parallax.reader.comparison.layers` (the highlights) is; the UI
only lays them out.
"""

from __future__ import annotations

from collections import Counter

from parallax.reader.comparison.collate_reuse import before, interval
from parallax.reader.comparison.layers import FRAMING_CATEGORIES, FRAMING_LABELS, side_name
from parallax.reader.framing.markers import is_sure
from parallax.reader.model import Article, Comparison, Side, Span


def framing_profile(comparison: Comparison, /, *, unsure: bool = False) -> list[tuple[str, int, int]]:
    """``(category label, left count, right count)`` for every framing category; with
    ``unsure``, of its markers that are not sure only (the part of each count that
    people marked less reliably, which the panel draws paler)."""
    counts: Counter[tuple[str, str]] = Counter((m.category, m.side) for m in comparison.framing
                                               if not unsure or not is_sure(m))
    return [(FRAMING_LABELS[cat], counts[(cat, "left")], counts[(cat, "right")])
            for cat in FRAMING_CATEGORIES]


def naming_pairs(comparison: Comparison, /) -> list[tuple[str, str, int]]:
    """``(left wording, right wording, occurrences)`` of naming markers.

    Linked markers pair with their counterpart's wording; an unlinked one is
    paired with "" on the other side.
    """
    lt, rt = comparison.left.text, comparison.right.text
    seen: Counter[tuple[str, str]] = Counter()
    linked_right: set[Span] = set()
    for m in comparison.framing:
        if m.category != "naming" or m.side != "left":
            continue
        other = m.counterpart.slice(rt) if m.counterpart else ""
        if m.counterpart:
            linked_right.add(m.counterpart)
        seen[(m.span.slice(lt), other)] += 1
    for m in comparison.framing:
        if m.category != "naming" or m.side != "right" or m.span in linked_right:
            continue
        other = m.counterpart.slice(lt) if m.counterpart else ""
        seen[(other, m.span.slice(rt))] += 1
    return [(a, b, n) for (a, b), n in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))]


def attribution_verbs(comparison: Comparison, /) -> list[tuple[str, str, int, int]]:
    """``(verb, stance, left count, right count)``, most frequent first."""
    texts = {"left": comparison.left.text, "right": comparison.right.text}
    counts: Counter[tuple[str, str, str]] = Counter()
    for m in comparison.framing:
        if m.category == "attribution":
            counts[(m.span.slice(texts[m.side]).lower(), m.note, m.side)] += 1
    verbs = sorted({(v, note) for v, note, _ in counts})
    rows = [(v, note, counts[(v, note, "left")], counts[(v, note, "right")]) for v, note in verbs]
    rows.sort(key=lambda r: (-(r[2] + r[3]), r[0]))
    return rows


_WIRE_VERDICT = {
    "wholly": "wholly derived from the other report",
    "partially": "partially derived from the other report",
}


def wire_badge(comparison: Comparison | None, article: Article, side: Side, /, *,
               derived: Side = "right") -> str | None:
    """The header's "wire copy" badge text for one side (its tooltip says which
    evidence), or None.

    Only two things count as evidence: a credit naming a news agency
    (``Article.agencies``, from the agency list in ``resources/boilerplate``;
    an outlet's own name, a footer or a by-line is none), and the reuse verdict
    saying this side derives from the other (the verdict's direction follows
    the sides: ``derived`` is the side judged against the other, "right"
    unless the view has been swapped).
    """
    reasons = []
    if article.agencies:
        reasons.append("credit names " + ", ".join(article.agencies))
    if comparison is not None and comparison.summary.reuse in _WIRE_VERDICT and side == derived:
        order = "" if _order(comparison, derived) == "after" else ", or both from one source"
        reasons.append("reuse verdict: " + _WIRE_VERDICT[comparison.summary.reuse] + order)
    return "; ".join(reasons) if reasons else None


def _order(comparison: Comparison, derived: Side) -> str:
    """Whether the ``derived`` side is dated "after" the other, "before" it, or the dates
    cannot tell ("unknown": a date missing, or the same day)."""
    other = comparison.left if derived == "right" else comparison.right
    mine = comparison.right if derived == "right" else comparison.left
    when_mine, when_other = interval(mine.published), interval(other.published)
    if before(when_other, when_mine):
        return "after"
    return "before" if before(when_mine, when_other) else "unknown"


def reuse_sentence(comparison: Comparison, /, *, derived: Side = "right") -> str:
    """The reuse verdict in words, naming the sides.

    The verdict reads the texts: how much of the ``derived`` side is made of the
    other's wording.  Which was written first it cannot read, so the sentence says
    so unless the publication dates show the other side is the earlier: two reports
    that share wire copy may both come from the agency."""
    source: Side = "left" if derived == "right" else "right"
    a, b = side_name(comparison, derived), side_name(comparison, source)
    verdict = comparison.summary.reuse
    if verdict not in ("wholly", "partially"):
        return f"{a} is not derived from {b}."
    order = _order(comparison, derived)
    if order == "after":
        return f"{a} is {verdict} derived from {b}."
    if order == "before":
        return (f"{a} is {verdict} derived from {b} by their wording, but it is dated earlier: "
                f"{b} may derive from it, or both from one source.")
    return f"{a} is {verdict} derived from {b}, or both from one source (which came first is unknown)."
