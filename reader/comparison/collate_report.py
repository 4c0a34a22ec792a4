"""Readable reports of a :class:`~parallax.reader.comparison.collation.Collation`: Markdown,
self-contained HTML, and the fact x source matrix as CSV.

Sources are numbered ``1..n`` in their order (by publication time); the matrices
have one column per source.  A fact cell is ``✓`` (the source gives it; its own
words in brackets when they differ), ``≠ value`` (it gives another figure for the
same quantity) or ``·`` (absent).  A framing cell says how many of its markers
are unsure (only there when the collation asked for them, ``--all-markers``), and the
matrix says once what that means.  Every string that comes from an article is
escaped (Markdown's active characters, HTML), and no CSV cell can start a
spreadsheet formula.
"""

from __future__ import annotations

import csv
import html
import io

from parallax.reader.comparison import palette
from parallax.reader.comparison.collation import (
    Collation,
    FactCell,
    FactRow,
    FramingCell,
    Passage,
    Source,
)
from parallax.reader.comparison.report import UNSURE_NOTE

__all__ = ["to_csv", "to_html", "to_markdown"]

_PASSAGES_SHOWN = 200  # the reports list at most this many passages (the JSON has them all)


def _clip(s: str, n: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _md(s: str) -> str:
    """Escape Markdown's active characters (and line breaks) in article text."""
    s = " ".join(s.split())
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-!|~" else ch for ch in s)


def _source_line(k: int, s: Source) -> tuple[str, str, str, str, str]:
    a = s.article
    credits = ", ".join(a.credits)
    wire = [x for x in a.agencies if x not in a.credits]
    if a.agencies:
        credits += f" (wire copy{': ' + ', '.join(wire) if wire else ''})"
    return str(k + 1), s.label, a.published or "no date", credits, a.title or ""


def _fact_cell(row: FactRow, c: FactCell) -> str:
    if c.status == "present":
        return "✓" if c.value == row.value else f"✓ ({_clip(c.value, 60)})"
    if c.status == "conflict":
        return f"≠ {_clip(c.value, 60)}"
    return "·"


def _framing_cell(cell: FramingCell) -> str:
    """The forms a source writes, how often, and how many of them are unsure."""
    if not cell.texts:
        return ""
    n = len(cell.spans)
    shown = " / ".join(cell.texts)
    shown = shown if n == 1 else f"{shown} ×{n}"
    unsure = cell.unsure
    if unsure:
        shown += " (unsure)" if unsure == n else f" ({unsure} unsure)"
    return shown


def _unsure_note(c: Collation) -> str:
    """What "unsure" in the framing matrix means, when a cell says it."""
    if not any(x.unsure for r in c.framing for x in r.cells):
        return ""
    return f"“unsure”: {UNSURE_NOTE}."


def _sources(c: Collation, k: int | None) -> str:
    return f"{k + 1}. {c.sources[k].label}" if k is not None else "an agency"


def _link_line(c: Collation, link) -> str:
    derived = _sources(c, link.derived)
    if link.origin is None:
        return f"{derived} credits {link.agency} (not among the sources): {link.note}"
    origin = _sources(c, link.origin)
    arrow = "→" if link.direction != "unknown" else "↔"
    return f"{origin} {arrow} {derived}: {link.reuse} reuse, {link.direction}: {link.note}"


def _passage_text(c: Collation, p: Passage, source: int) -> str:
    carrier = p.carrier(source)
    if carrier is None:
        return ""
    text = c.sources[source].article.text
    return " … ".join(sp.slice(text) for sp in carrier.spans)


# ---------------------------------------------------------------- Markdown


def to_markdown(c: Collation, /) -> str:
    n = len(c.sources)
    cols = [str(k + 1) for k in range(n)]
    lines = [f"# Parallax collation of {n} reports", "", "## Sources", "",
             "| # | source | published | credits | title |", "|---|---|---|---|---|"]
    for k, s in enumerate(c.sources):
        lines.append("| " + " | ".join(_md(x) for x in _source_line(k, s)) + " |")
    lines += ["", f"## Reuse ({len(c.reuse)})", ""]
    lines += [f"- {_md(_link_line(c, x))}" for x in c.reuse] or ["No source appears derived from another."]
    head = "| " + " | ".join(cols) + " |"
    rule = "|" + "---|" * n
    lines += ["", f"## Facts ({len(c.facts)})", "",
              "✓ gives it (its own words in brackets when they differ), ≠ gives another figure "
              "for the same quantity, · does not give it.", "",
              "| kind | fact | " + head[2:], "|---|---|" + rule[1:]]
    for r in c.facts:
        fact = _clip(r.value, 120) + (f" ({r.speaker})" if r.speaker else "")
        lines.append(f"| {r.kind} | {_md(fact)} | " + " | ".join(_md(_fact_cell(r, x)) for x in r.cells) + " |")
    lines += ["", f"## Framing ({len(c.framing)})", ""]
    if _unsure_note(c):
        lines += [_md(_unsure_note(c)), ""]
    lines += ["| category | term | " + head[2:], "|---|---|" + rule[1:]]
    for r in c.framing:
        term = r.term + (f" ({r.note})" if r.note and r.note != r.term else "")
        lines.append(f"| {r.category} | {_md(term)} | "
                     + " | ".join(_md(_framing_cell(x)) for x in r.cells) + " |")
    lines += ["", f"## Voices ({len(c.voices)})", "", "quotations, words", "",
              "| speaker | " + head[2:], "|---|" + rule[1:]]
    for r in c.voices:
        lines.append(f"| {_md(r.speaker)} | "
                     + " | ".join(f"{x.quotes}, {x.words}" if x.quotes else "" for x in r.cells) + " |")
    shown = c.passages[:_PASSAGES_SHOWN]
    lines += ["", f"## Passages ({len(c.passages)}{', the first ' + str(len(shown)) if len(shown) < len(c.passages) else ''})", ""]
    for i, p in enumerate(shown, 1):
        carried = ", ".join(_sources(c, x.source) for x in p.carriers)
        lines += [f"### {i}. {p.kind}, carried by {_md(carried)}", "", f"First: {_md(p.first_note)}.", ""]
        for x in p.carriers:
            lines.append(f"- **{x.source + 1}**: {_md(_clip(_passage_text(c, p, x.source), 300))}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 20px 40px;color:var(--text);background:var(--window)}
h1{font-size:20px}h2{font-size:16px;margin:22px 0 6px}h3{font-size:14px;margin:14px 0 4px}
table{border-collapse:collapse;background:var(--base);margin:4px 0}
td,th{border:1px solid var(--line);padding:3px 7px;vertical-align:top;text-align:left}
th.src{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:600}
td.present{background:var(--present)}td.conflict{color:var(--conflict);font-weight:600;text-decoration:underline wavy var(--conflict)}
td.absent{color:var(--muted);text-align:center}td.used{background:var(--used)}
.note{color:var(--muted)}.passage blockquote{margin:2px 0 2px 16px;padding-left:8px;border-left:3px solid var(--line)}
"""


def _th_sources(c: Collation) -> str:
    e = html.escape
    return "".join(f'<th class="src" title="{e(s.label)}">{k + 1}. {e(_clip(s.label, 30))}</th>'
                   for k, s in enumerate(c.sources))


def to_html(c: Collation, /) -> str:
    e = html.escape
    n = len(c.sources)
    src_rows = "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in _source_line(k, s)) + "</tr>"
                       for k, s in enumerate(c.sources))
    reuse = "".join(f"<li>{e(_link_line(c, x))}</li>" for x in c.reuse) or "<li>No source appears derived from another.</li>"
    fact_rows = []
    for r in c.facts:
        cells = "".join(
            f'<td class="{e(x.status)}" title="{e(x.reason or x.value)}">{e(_fact_cell(r, x))}</td>' for x in r.cells)
        speaker = f' <span class="note">({e(r.speaker)})</span>' if r.speaker else ""
        fact_rows.append(f"<tr><td>{e(r.kind)}</td><td>{e(_clip(r.value, 160))}{speaker}</td>{cells}</tr>")
    framing_rows = []
    for r in c.framing:
        cells = "".join(f'<td class="{"used" if x.texts else "absent"}">{e(_framing_cell(x))}</td>'
                        for x in r.cells)
        note = f' <span class="note">({e(r.note)})</span>' if r.note and r.note != r.term else ""
        framing_rows.append(f"<tr><td>{e(r.category)}</td><td>{e(r.term)}{note}</td>{cells}</tr>")
    voice_rows = []
    for r in c.voices:
        cells = "".join(f'<td class="{"used" if x.quotes else "absent"}">'
                        f'{f"{x.quotes} ({x.words} words)" if x.quotes else ""}</td>' for x in r.cells)
        voice_rows.append(f"<tr><td>{e(r.speaker)}</td>{cells}</tr>")
    passages = []
    for i, p in enumerate(c.passages[:_PASSAGES_SHOWN], 1):
        carried = ", ".join(_sources(c, x.source) for x in p.carriers)
        quotes = "".join(f"<blockquote><b>{x.source + 1}.</b> {e(_clip(_passage_text(c, p, x.source), 400))}</blockquote>"
                         for x in p.carriers)
        passages.append(f'<div class="passage"><h3>{i}. {e(p.kind)}, carried by {e(carried)}</h3>'
                        f'<p class="note">First: {e(p.first_note)}.</p>{quotes}</div>')
    more = len(c.passages) - _PASSAGES_SHOWN
    if more > 0:
        passages.append(f"<p class='note'>… and {more} more passages (in the JSON output).</p>")
    th = _th_sources(c)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parallax collation of {n} reports</title>
<style>{_CSS}{palette.themed_css({})}</style></head>
<body>
<h1>Parallax collation of {n} reports</h1>
<h2>Sources</h2>
<table><tr><th>#</th><th>source</th><th>published</th><th>credits</th><th>title</th></tr>{src_rows}</table>
<h2>Reuse ({len(c.reuse)})</h2><ul>{reuse}</ul>
<h2>Facts ({len(c.facts)})</h2>
<p class="note">✓ gives it (its own words in brackets when they differ), ≠ gives another figure for the same quantity, · does not give it.</p>
<table><tr><th>kind</th><th>fact</th>{th}</tr>{"".join(fact_rows)}</table>
<h2>Framing ({len(c.framing)})</h2>
{f'<p class="note">{e(_unsure_note(c))}</p>' if _unsure_note(c) else ""}
<table><tr><th>category</th><th>term</th>{th}</tr>{"".join(framing_rows)}</table>
<h2>Voices ({len(c.voices)})</h2>
<table><tr><th>speaker</th>{th}</tr>{"".join(voice_rows)}</table>
<h2>Passages ({len(c.passages)})</h2>
{"".join(passages)}
</body></html>
"""


# ---------------------------------------------------------------- CSV

_FORMULA_FIRST = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a formula-like one gets a leading ``'``."""
    if value and (value[0] in _FORMULA_FIRST or value.lstrip(" ")[:1] in _FORMULA_FIRST):
        return "'" + value
    return value


def to_csv(c: Collation, /) -> str:
    """The fact x source matrix: ``kind, fact, speaker`` and one column per source
    (``present``, ``present: its words`` when they differ, ``conflict: value``, ``absent``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([_cell(x) for x in ["kind", "fact", "speaker",
                                   *(f"{k + 1}. {s.label}" for k, s in enumerate(c.sources))]])
    for r in c.facts:
        cells = []
        for x in r.cells:
            if x.status == "present":
                cells.append("present" if x.value == r.value else f"present: {x.value}")
            elif x.status == "conflict":
                cells.append(f"conflict: {x.value}")
            else:
                cells.append("absent")
        w.writerow([_cell(v) for v in (r.kind, r.value, r.speaker, *cells)])
    return buf.getvalue()
