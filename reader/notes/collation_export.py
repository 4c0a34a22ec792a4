"""Exports of a collation (issue #15): the fact × outlet matrix and the analyst's notes on it.

A matrix row (a fact, a framing choice or a voice across the outlets) is named by
:func:`row_key`, which depends on what the row is, not on where it stands, so a
note written on a row finds it again when the same articles are collated again.
:func:`matrix_rows` lists every row of the three matrices with its key and how it
reads.  The writers render the collation's own reports
(:mod:`parallax.reader.comparison.collate_report`) and add the notes:
Markdown, HTML (the PDF is this HTML, printed by the window), CSV (the fact ×
source matrix with a ``note`` column, one more row per note on a framing or
voice row), and W3C Web Annotation JSON (one annotation per row note, its
target the collation's row; the matrix itself under ``parallax:matrix``).
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import NamedTuple

from parallax.reader.comparison.collate_report import to_csv, to_html, to_markdown
from parallax.reader.comparison.collation import Collation
from parallax.reader.notes.records import RowNote
from parallax.reader.notes.w3c import ANNO_CONTEXT, PARALLAX_NS

FORMATS = ("md", "html", "csv", "json")
_TITLES = {"facts": "Fact", "framing": "Framing", "voices": "Voice"}


class MatrixRow(NamedTuple):
    matrix: str  # "facts" | "framing" | "voices"
    index: int  # the row's place in its matrix
    key: str
    label: str


def row_key(collation: Collation, matrix: str, index: int) -> str:
    """The identity of a matrix row: its kind and value (facts), category and term
    (framing), or speaker (voices)."""
    if matrix == "facts":
        r = collation.facts[index]
        return f"{r.kind}:{r.value}" + (f"|{r.speaker}" if r.speaker else "")
    if matrix == "framing":
        f = collation.framing[index]
        return f"{f.category}:{f.term}"
    if matrix == "voices":
        return f"speaker:{collation.voices[index].speaker}"
    raise ValueError(f"no matrix {matrix!r}")


def row_label(collation: Collation, matrix: str, index: int) -> str:
    """How a row reads (for a note's heading)."""
    if matrix == "facts":
        r = collation.facts[index]
        return f"{r.kind}: {r.value}" + (f" ({r.speaker})" if r.speaker else "")
    if matrix == "framing":
        f = collation.framing[index]
        return f"{f.category}: {f.term}"
    return collation.voices[index].speaker


def matrix_rows(collation: Collation) -> list[MatrixRow]:
    """Every row of the facts, framing and voices matrices, in the collation's order."""
    out = []
    for matrix, rows in (("facts", collation.facts), ("framing", collation.framing),
                         ("voices", collation.voices)):
        for i in range(len(rows)):
            out.append(MatrixRow(matrix, i, row_key(collation, matrix, i), row_label(collation, matrix, i)))
    return out


def _placed(collation: Collation, notes: list[RowNote]) -> list[tuple[RowNote, MatrixRow | None]]:
    """Each note with the row it sits on (None: the row is not in this collation any more)."""
    rows = {(r.matrix, r.key): r for r in matrix_rows(collation)}
    order = {k: i for i, k in enumerate(rows)}
    placed = [(n, rows.get((n.matrix, n.row_key))) for n in notes]
    return sorted(placed, key=lambda x: order.get((x[0].matrix, x[0].row_key), len(order)))


def _where(row: MatrixRow | None, note: RowNote) -> str:
    if row is None:
        return f"{_TITLES.get(note.matrix, note.matrix)} row “{note.label or note.row_key}” (no longer in the matrix)"
    return f"{_TITLES[row.matrix]} row {row.index + 1}: {row.label}"


def markdown(collation: Collation, notes: list[RowNote], /) -> str:
    """The collation's Markdown report with a section of the notes on its matrix rows."""
    lines = [to_markdown(collation).rstrip("\n"), "", f"## Notes on the matrix ({len(notes)})", ""]
    if not notes:
        lines.append("No notes on the matrix rows.")
    for note, row in _placed(collation, notes):
        lines += [f"### {_where(row, note)}", "", note.body.strip(), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def html_page(collation: Collation, notes: list[RowNote], /) -> str:
    """The collation's HTML report with the notes on its matrix rows (the notes' Markdown
    shown as escaped text, line breaks kept)."""
    e = html.escape
    items = "".join(
        f'<div class="rownote"><h3>{e(_where(row, note))}</h3>'
        f'<p>{e(note.body.strip()).replace(chr(10), "<br>")}</p></div>'
        for note, row in _placed(collation, notes)) or "<p class='note'>No notes on the matrix rows.</p>"
    section = f"<h2>Notes on the matrix ({len(notes)})</h2>\n{items}\n"
    page = to_html(collation)
    cut = page.rfind("</body>")
    return page[:cut] + section + page[cut:]


def csv_table(collation: Collation, notes: list[RowNote], /) -> str:
    """The fact × source matrix (:func:`collate_report.to_csv`) with a last ``note`` column;
    notes on framing and voice rows follow as rows of their own (kind ``framing``/``voice``)."""
    by_key = {(n.matrix, n.row_key): n for n in notes}
    base = list(csv.reader(io.StringIO(to_csv(collation))))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([*base[0], "note"])
    for i, row in enumerate(base[1:]):
        n = by_key.pop(("facts", row_key(collation, "facts", i)), None)
        w.writerow([*row, _safe(n.body.strip()) if n else ""])
    blanks = [""] * (len(base[0]) - 3)
    for note, row in _placed(collation, [n for n in notes if (n.matrix, n.row_key) in by_key]):
        kind = {"facts": "fact", "framing": "framing", "voices": "voice"}.get(note.matrix, note.matrix)
        w.writerow([kind, _safe(row.label if row else note.label or note.row_key), "", *blanks,
                    _safe(note.body.strip())])
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell no spreadsheet reads as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def w3c_json(collation: Collation, notes: list[RowNote], /, *, collation_uuid: str) -> str:
    """A W3C Web Annotation collection: one annotation per note on a matrix row, its target
    the collation (``urn:uuid:``) with a fragment naming the matrix and the row."""
    target = f"urn:uuid:{collation_uuid}"
    items = []
    for note, row in _placed(collation, notes):
        items.append({
            "id": f"urn:uuid:{note.uuid}",
            "type": "Annotation",
            "motivation": "commenting",
            "created": note.created,
            "modified": note.modified,
            "body": {"type": "TextualBody", "value": note.body, "format": "text/markdown"},
            "target": {"source": target, "selector": {
                "type": "FragmentSelector",
                "value": f"matrix={note.matrix}&row={note.row_key}"},
                "parallax:row": row.label if row else note.label},
        })
    doc = {
        "@context": [ANNO_CONTEXT, {"parallax": PARALLAX_NS}],
        "id": target,
        "type": "AnnotationCollection",
        "label": f"Parallax collation of {len(collation.sources)} reports",
        "total": len(items),
        "parallax:matrix": {"sources": [s.label for s in collation.sources],
                            "facts": [r.to_dict() for r in collation.facts],
                            "framing": [r.to_dict() for r in collation.framing],
                            "voices": [r.to_dict() for r in collation.voices]},
        "first": {"type": "AnnotationPage", "items": items},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(collation: Collation, notes: list[RowNote], fmt: str, /, *, collation_uuid: str = "") -> str:
    """The export in ``fmt`` (one of :data:`FORMATS`; ``pdf`` is the HTML, printed by the window)."""
    if fmt == "md":
        return markdown(collation, notes)
    if fmt in ("html", "pdf"):
        return html_page(collation, notes)
    if fmt == "csv":
        return csv_table(collation, notes)
    if fmt == "json":
        return w3c_json(collation, notes, collation_uuid=collation_uuid)
    raise ValueError(f"unknown export format {fmt!r}")


def write(collation: Collation, notes: list[RowNote], fmt: str, path: str | Path, /, *,
          collation_uuid: str = "") -> Path:
    """Write the export to ``path`` (UTF-8; the CSV with a byte-order mark for spreadsheets)."""
    text = render(collation, notes, fmt, collation_uuid=collation_uuid)
    out = Path(path)
    out.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    return out
