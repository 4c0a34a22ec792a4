"""The CSV export: one row per annotation.

Two flavours:

- guarded (the default, for spreadsheets): a cell starting with ``= + - @``, a tab or a
  carriage return (also after leading spaces, and their full-width forms) is prefixed
  with ``'`` so a spreadsheet does not run it (OWASP's CSV injection advice,
  :func:`neutralise_cell`).  A number such as ``-12`` or ``+3.5`` is left as it is: a
  spreadsheet reads it as the number it is, and nothing runs.
- plain (``guard=False``; ``--format csv-plain``): every cell exactly as stored, for
  pandas, R and other data tools, where a leading ``'`` would change the data.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from parallax.reader.notes.gcpause import with_paused_gc
from parallax.reader.notes.records import NotesData, shown_path

_DANGEROUS_FIRST = frozenset(("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"))

CSV_COLUMNS = ("annotation_id", "uuid", "article_id", "article_title", "outlet", "published",
               "source", "start", "end", "quote", "prefix", "suffix", "tags", "note",
               "orphaned", "comparison", "links", "created", "modified")


# A plain number: sign, digits (one decimal point or comma), an optional exponent.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(value: object) -> object:
    """A cell a spreadsheet will show as text: formula-like strings get a leading ``'``;
    numbers (``-12``, ``+3.5``) stay as they are."""
    if type(value) is not str or not value:
        return value
    first = value[0]
    if first in "+-" and _NUMBER.fullmatch(value):
        return value
    if first in _DANGEROUS_FIRST or (first == " " and value.lstrip(" ")[:1] in _DANGEROUS_FIRST):
        return "'" + value
    return value


@with_paused_gc
def to_csv(data: NotesData, /, *, guard: bool = True, full_paths: bool = False) -> str:
    """One row per annotation.  ``guard=False`` writes every cell as stored (no ``'``
    before formula-like text); ``full_paths`` writes article sources as stored, else
    a local file is named by its file name only (URLs stay whole)."""
    arts = {a.id: a for a in data.articles}
    cmps = {c.id: c for c in data.comparisons}
    anns_by_id = {a.id: a for a in data.annotations}
    links_of: dict[int, list[str]] = defaultdict(list)
    for ln in data.links:
        if ln.target_id in anns_by_id:
            links_of[ln.source_id].append(f"{ln.relation} -> {ln.target_id}")
        if ln.source_id in anns_by_id:
            links_of[ln.target_id].append(f"{ln.relation} <- {ln.source_id}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for a in data.annotations:
        art = arts.get(a.article_id)
        cm = cmps.get(a.comparison_id) if a.comparison_id is not None else None
        row = (
            a.id, a.uuid, a.article_id, art.display_name if art else "",
            (art.outlet or "") if art else "", (art.published or "") if art else "",
            shown_path(art.path, full=full_paths) if art else "", a.start, a.end, a.exact, a.prefix, a.suffix,
            "; ".join(a.tags), a.note, "yes" if a.orphaned else "",
            (cm.title or f"{cm.left_id}-{cm.right_id}") if cm else "",
            "; ".join(links_of.get(a.id, ())), a.created, a.modified,
        )
        w.writerow([neutralise_cell(v) for v in row] if guard else row)
    return buf.getvalue()
