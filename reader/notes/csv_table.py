"""The CSV export: one row per annotation.

Besides the offsets (``start``, ``end``) a row gives the ``paragraph`` the passage starts
in (1 for the first of the cleaned text, as the other exports say "¶ 4"); ``links``
lists its links (``relation -> id`` or ``relation <- id``) and ``link_notes`` the text of
their notes, one line per noted link, each led by the same ``relation -> id``.

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

from parallax.reader.notes.printdoc import paragraph_spans
from parallax.reader.notes.records import NotesData, shown_path
from parallax.reader.text.gcpause import with_paused_gc
from parallax.reader.text.segment import paragraph_number

_DANGEROUS_FIRST = frozenset(("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"))

CSV_COLUMNS = ("annotation_id", "uuid", "article_id", "article_title", "outlet", "published",
               "source", "start", "end", "paragraph", "quote", "prefix", "suffix", "tags", "note",
               "orphaned", "comparison", "links", "link_notes", "created", "modified")


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
    paras = paragraph_spans(data)
    links_of: dict[int, list[str]] = defaultdict(list)
    link_notes: dict[int, list[str]] = defaultdict(list)
    for ln in data.links:
        note = " ".join(ln.note.split())
        for here, there, arrow in ((ln.source_id, ln.target_id, "->"), (ln.target_id, ln.source_id, "<-")):
            if there in anns_by_id:
                links_of[here].append(f"{ln.relation} {arrow} {there}")
                if note:
                    link_notes[here].append(f"{ln.relation} {arrow} {there}: {note}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for a in data.annotations:
        art = arts.get(a.article_id)
        cm = cmps.get(a.comparison_id) if a.comparison_id is not None else None
        row = (
            a.id, a.uuid, a.article_id, art.display_name if art else "",
            (art.outlet or "") if art else "", (art.published or "") if art else "",
            shown_path(art.path, full=full_paths) if art else "", a.start, a.end,
            "" if a.orphaned else (paragraph_number(paras.get(a.article_id) or (), a.start) or ""),
            a.exact, a.prefix, a.suffix,
            "; ".join(a.tags), a.note, "yes" if a.orphaned else "",
            (cm.title or f"{cm.left_id}-{cm.right_id}") if cm else "",
            "; ".join(links_of.get(a.id, ())), "\n".join(link_notes.get(a.id, ())),
            a.created, a.modified,
        )
        w.writerow([neutralise_cell(v) for v in row] if guard else row)
    return buf.getvalue()
