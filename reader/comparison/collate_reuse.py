"""When each source was published, who carried a passage first, and who derives from whom.

A publication date is an interval of instants, because a page may state a day
without a time, or a time without its zone: ``2021-12-07`` is any instant of
that day, ``2021-11-19T13:56:00+05:30`` one minute.  Dates without a zone are
read as in one and the same zone, so "5 December" is before "7 December"; beside
a date with a zone, one without could be in any zone (UTC-12 to UTC+14) and is
widened by as much.  One source is *before* another only when its interval ends
before the other's begins; otherwise the order is unknown and is said so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from parallax.reader.comparison.collation import (
    Direction,
    FirstStatus,
    ReuseLink,
    Source,
)
from parallax.reader.model import Comparison, Summary

__all__ = ["Interval", "before", "date_order", "first_carriers", "interval", "reuse_links"]

Interval = tuple[datetime, datetime, bool]  # [earliest, latest) instant, in UTC; zoned?

_EAST = timedelta(hours=14)  # the earliest time zone is UTC+14
_WEST = timedelta(hours=12)  # the latest, UTC-12
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def interval(published: str | None, /) -> Interval | None:
    """The instants an ISO 8601 publication date allows, or None when there is none
    (or it cannot be read)."""
    if not published:
        return None
    try:
        return _interval(published.strip())
    except (ValueError, OverflowError):  # not ISO 8601, or at the ends of the calendar
        return None


def _interval(s: str) -> Interval | None:
    m = _PARTIAL.match(s)
    if m:  # a year, or a year and a month
        y = int(m[1])
        if m[2]:
            mo = int(m[2])
            lo = datetime(y, mo, 1, tzinfo=UTC)
            hi = datetime(y + (mo == 12), mo % 12 + 1, 1, tzinfo=UTC)
        else:
            lo, hi = datetime(y, 1, 1, tzinfo=UTC), datetime(y + 1, 1, 1, tzinfo=UTC)
        return lo, hi, False
    t = datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith("Z") else s)
    if "T" not in s and " " not in s and len(s) <= 10:  # a day
        day = t.replace(tzinfo=UTC)
        return day, day + timedelta(days=1), False
    step = timedelta(minutes=1) if t.second == 0 and t.microsecond == 0 else timedelta(seconds=1)
    if t.tzinfo is None:  # a clock time in an unknown zone
        t = t.replace(tzinfo=UTC)
        return t, t + step, False
    t = t.astimezone(UTC)
    return t, t + step, True


def before(a: Interval | None, b: Interval | None, /) -> bool:
    """Is ``a`` surely before ``b``?"""
    if a is None or b is None:
        return False
    (_, ahi, azoned), (blo, _, bzoned) = a, b
    if azoned != bzoned:  # the one without a zone could be in any zone
        if not azoned:
            ahi += _WEST
        else:
            blo -= _EAST
    return ahi <= blo


def date_order(published: Sequence[str | None], /) -> list[int]:
    """Indexes of ``published`` by publication time: dated ones by the middle of their
    interval, undated ones after them; ties keep the order given."""
    spans = [interval(p) for p in published]

    def key(k: int):
        iv = spans[k]
        if iv is None:
            return (1, 0.0, k)
        return (0, (iv[0].timestamp() + iv[1].timestamp()) / 2, k)

    return sorted(range(len(published)), key=key)


def _day(source: Source) -> str:
    return source.published or "no date"


def _names(sources: Sequence[Source], idx: Sequence[int]) -> str:
    bits = [f"{sources[k].label} ({_day(sources[k])})" for k in idx]
    return bits[0] if len(bits) == 1 else ", ".join(bits[:-1]) + " and " + bits[-1]


def first_carriers(carriers: Sequence[int], sources: Sequence[Source], intervals: Sequence[Interval | None],
                   /) -> tuple[tuple[int, ...], FirstStatus, str]:
    """Who carried a passage first: ``(first, status, note)`` (see
    :data:`~parallax.reader.comparison.collation.FirstStatus`)."""
    dated = [k for k in carriers if intervals[k] is not None]
    undated = [k for k in carriers if intervals[k] is None]
    if not dated:
        return (), "unknown", f"none of the {len(carriers)} sources that carry it states its date"
    # a carrier may be first unless another one surely came before it
    first = tuple(k for k in dated if not any(before(intervals[d], intervals[k]) for d in dated if d != k))
    later_note = ""
    if undated:
        later_note = (f"; {_names(sources, undated)} carr{'ies' if len(undated) == 1 else 'y'} it with no date "
                      "and may have been earlier")
    if len(first) > 1:
        return first, "tie", f"{_names(sources, first)} carry it with dates that cannot be told apart{later_note}"
    if undated:
        return first, "earliest-dated", f"{_names(sources, first)} is the earliest dated source to carry it{later_note}"
    return first, "earliest", f"{_names(sources, first)} carried it first"


def _names_agency(outlet: str | None, agency: str) -> bool:
    """Is ``outlet`` the agency ``agency`` ("Sputnik News" is Sputnik)?"""
    if not outlet:
        return False
    from parallax.reader.ingest.agencies import agency_of

    return agency_of(outlet) == agency or outlet.strip().casefold() == agency.casefold()


_RANK = {"not": 0, "partially": 1, "wholly": 2}


def reuse_links(sources: Sequence[Source], intervals: Sequence[Interval | None],
                comparisons: Sequence[Comparison], reverse: Mapping[tuple[int, int], Summary] | None = None,
                /) -> tuple[ReuseLink, ...]:
    """The reuse graph: one link per pair whose texts show reuse (the pairwise
    verdict), directed by a wire credit naming the other's outlet, else by date, else
    unknown; and one link from each wire-credited source to each agency its credits
    name that no source with text support stands for.

    ``comparisons`` are in pair order, the earlier source on the left, so their
    verdict is the later one's reuse of the earlier one; ``reverse[(a, b)]`` is the
    summary of the pair compared the other way round (``b`` left), for pairs whose
    order the dates leave open: the stronger verdict of the two then says which
    appears derived."""
    n = len(sources)
    reverse = reverse or {}
    links: list[ReuseLink] = []
    supported: set[tuple[int, str]] = set()  # (source, agency) a link to a source stands for
    k = 0
    for a in range(n):
        for b in range(a + 1, n):
            link = _pair_link(sources, intervals, a, b, comparisons[k].summary, reverse.get((a, b)))
            k += 1
            if link is not None:
                links.append(link)
                if link.agency:
                    supported.add((link.derived, link.agency))
    for s, src in enumerate(sources):
        for agency in src.article.agencies:
            if (s, agency) in supported or _names_agency(src.article.outlet, agency):
                continue
            outlets = [t for t in range(n) if t != s and _names_agency(sources[t].article.outlet, agency)]
            if outlets:
                note = (f"{src.label} credits {agency}, but {agency}'s report among the sources "
                        f"({_names(sources, outlets)}) shares no reused text with it: it rests on "
                        f"another {agency} report")
            else:
                note = f"{src.label} credits {agency}, which is not among the sources"
            links.append(ReuseLink(s, None, agency, "credited", "by-credit", None, note))
    return tuple(links)


def _pair_link(sources: Sequence[Source], intervals: Sequence[Interval | None], a: int, b: int,
               forward: Summary, backward: Summary | None) -> ReuseLink | None:
    """The link of sources ``a`` < ``b``, or None when their texts show no reuse.
    ``forward``: ``b``'s reuse of ``a``; ``backward``: ``a``'s reuse of ``b``, if known."""
    sa, sb = sources[a], sources[b]
    verdicts = {(b, a): forward}  # (derived, origin) -> its summary
    if backward is not None:
        verdicts[(a, b)] = backward
    credit_b = [x for x in sb.article.agencies if _names_agency(sa.article.outlet, x)]
    credit_a = [x for x in sa.article.agencies if _names_agency(sb.article.outlet, x)]
    agency = ""
    direction: Direction
    if credit_b or credit_a:
        derived, origin, agency = (b, a, credit_b[0]) if credit_b else (a, b, credit_a[0])
        direction = "by-credit"
        # the texts support the credit when either way round shows reuse
        summary = max(verdicts.values(), key=lambda x: _RANK[x.reuse])
        if _RANK[verdicts.get((derived, origin), forward).reuse]:
            summary = verdicts[(derived, origin)]
        note = f"{sources[derived].label} credits {agency}, and {sources[origin].label}'s report is {agency}'s"
        if sources[origin].label.casefold() == agency.casefold():
            note = f"{sources[derived].label} credits {agency}, whose report is among the sources"
        if before(intervals[derived], intervals[origin]):
            note += " (though its date is earlier)"
    elif before(intervals[a], intervals[b]):
        derived, origin, summary, direction = b, a, forward, "by-date"
        note = f"{sb.label} ({_day(sb)}) is later than {sa.label} ({_day(sa)})"
    else:
        (derived, origin), summary = max(verdicts.items(), key=lambda kv: _RANK[kv[1].reuse])
        direction = "unknown"
        if intervals[a] is None and intervals[b] is None:
            why = "neither states its date"
        elif intervals[a] is None or intervals[b] is None:
            why = f"{(sa if intervals[a] is None else sb).label} states no date"
        else:
            why = f"their dates ({_day(sa)}, {_day(sb)}) cannot be told apart"
        note = (f"which of {sa.label} and {sb.label} came first is unknown ({why}); the texts suggest "
                f"{sources[derived].label} reuses {sources[origin].label}")
    if summary.reuse == "not":
        return None
    if not agency:
        common = sorted(set(sa.article.agencies) & set(sb.article.agencies))
        if common:
            note += f"; both credit {', '.join(common)}, so both may carry its copy"
    ev = summary.evidence
    if ev is not None:
        note += (f" (the texts share {ev.covered_right:.0%} of {sources[derived].label}'s words and "
                 f"{ev.covered_left:.0%} of {sources[origin].label}'s; longest common run {ev.longest_run} words)")
    return ReuseLink(derived, origin, agency, summary.reuse, direction, ev, note)
