"""Reports of a :class:`~parallax.reader.model.Comparison`: Markdown, self-contained HTML,
and the JSON record.

The HTML report is one file with no external resources: the two texts side
by side with verbatim, paraphrased, reordered and unique passages, changed
words and framing markers highlighted as the window draws them (the styles
come from the palette, :mod:`~parallax.reader.comparison.palette`), a legend,
the summary, facts and voices.  Every string that comes from an article (text,
titles, paths, quotes, names) is escaped.

An *unsure* framing marker (:func:`~parallax.reader.framing.markers.is_sure`
false: words people marked as loaded or doubtful less reliably in
human-annotated news) is told apart wherever markers are listed or drawn: in
the HTML in its kind's colour, not bold, with a dotted underline, as in the
window, with a line saying so; in the Markdown with "unsure" and how often
people marked such words; in the JSON record (:func:`to_record`) by each
marker's ``"sure"`` beside its ``"confidence"``.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from typing import Any

from parallax.reader.comparison import palette
from parallax.reader.comparison.figures import reuse_sentence
from parallax.reader.comparison.layers import FRAMING_CATEGORIES, unsure_key
from parallax.reader.framing.markers import is_sure
from parallax.reader.model import Comparison, Marker, Span

__all__ = ["UNSURE_NOTE", "to_html", "to_markdown", "to_record"]

# What an unsure marker is, said once in each readable report.
UNSURE_NOTE = "words people marked as loaded or doubtful less reliably in human-annotated news"

_STATUS_ORDER = ("conflict", "shared", "left-only", "right-only")


def _sentence_case(text: str) -> str:
    """``text`` starting with a capital, as a sentence of its own ("the right report is..." -> "The ...")."""
    return text[:1].upper() + text[1:]


def _name(c: Comparison, side: str) -> str:
    a = c.article(side)  # type: ignore[arg-type]
    bits = [a.display_name]
    if a.outlet:
        bits.append(a.outlet)
    if a.published:
        bits.append(a.published)
    return " · ".join(bits)


def _clip(s: str, n: int = 300) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _md(s: str) -> str:
    """Escape Markdown's active characters in article text."""
    out = []
    for ch in s:
        if ch in "\\`*_{}[]<>()#+-!|~":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _unsure_share(m: Marker) -> str:
    return f"people marked words like these {m.confidence:.0%} of the time"


def to_record(c: Comparison, /) -> dict[str, Any]:
    """The comparison as JSON-able data (``parallax compare --format json``, ``--pairs
    --full``): :meth:`Comparison.to_dict` with each framing marker's ``"sure"``, whether it
    is sure (:func:`~parallax.reader.framing.markers.is_sure`), beside its ``"confidence"``.
    A field added, so the record keeps ``"version": 1``."""
    record = c.to_dict()
    for m, d in zip(c.framing, record["framing"], strict=True):
        d["sure"] = is_sure(m)
    return record


def to_markdown(c: Comparison, /) -> str:
    s = c.summary
    lt, rt = c.left.text, c.right.text
    lines = [
        "# Parallax comparison",
        "",
        f"- **Left:** {_md(_name(c, 'left'))}",
        f"- **Right:** {_md(_name(c, 'right'))}",
        "",
        "## Summary",
        "",
        "| | left | right |",
        "|---|---|---|",
        f"| verbatim shared | {s.verbatim_left:.0%} | {s.verbatim_right:.0%} |",
        f"| aligned at all | {s.aligned_left:.0%} | {s.aligned_right:.0%} |",
        "",
        f"Overall: **{s.similarity_phrase()}** (similarity {s.similarity:.2f}). "
        f"Reuse: **{s.reuse}**. {_md(_sentence_case(reuse_sentence(c)))}",
        "",
    ]
    verb = [m for m in c.matches if m.kind == "verbatim"]
    para = [m for m in c.matches if m.kind == "paraphrase"]
    lines += [f"## Verbatim shared passages ({len(verb)})", ""]
    for m in verb:
        lines.append(f"- > {_md(_clip(m.left.slice(lt)))}")
        if m.changes:
            edits = "1 small edit" if len(m.changes) == 1 else f"{len(m.changes)} small edits"
            lines.append(f"  - with {edits}: " + "; ".join(
                f"{_md(ch.left.slice(lt)) if ch.left else '∅'} → {_md(ch.right.slice(rt)) if ch.right else '∅'}"
                for ch in m.changes))
    lines += ["", f"## Paraphrased sentences ({len(para)})", ""]
    for m in para:
        lines.append(f"- **{m.score:.2f}**  ")
        lines.append(f"  left: {_md(_clip(m.left.slice(lt)))}  ")
        lines.append(f"  right: {_md(_clip(m.right.slice(rt)))}")
        for ch in m.changes:
            a = _md(ch.left.slice(lt)) if ch.left else "∅"
            b = _md(ch.right.slice(rt)) if ch.right else "∅"
            lines.append(f"  - {ch.op}: {a} → {b}")
    for side, spans, text in (("left", c.unique_left, lt), ("right", c.unique_right, rt)):
        lines += ["", f"## Only on the {side} ({len(spans)})", ""]
        lines += [f"- {_md(_clip(sp.slice(text)))}" for sp in spans]
    lines += ["", "## Facts", "", "| kind | status | value | left | right |", "|---|---|---|---|---|"]
    for f in sorted(c.facts, key=lambda f: (_STATUS_ORDER.index(f.status), f.kind)):
        lines.append(
            f"| {f.kind} | {f.status} | {_md(_clip(f.value, 120))} | "
            f"{_md(_clip(' / '.join(sp.slice(lt) for sp in f.left[:3]), 80))} | "
            f"{_md(_clip(' / '.join(sp.slice(rt) for sp in f.right[:3]), 80))} |"
        )
    lines += ["", "## Framing", ""]
    if any(not is_sure(m) for m in c.framing):
        lines += [f"*Unsure* markers are {_md(UNSURE_NOTE)}; the share is how often they did.", ""]
    for side in ("left", "right"):
        ms = [m for m in c.framing if m.side == side]
        unsure = sum(1 for m in ms if not is_sure(m))
        lines += [f"### {side.title()} ({len(ms)}{f', {unsure} unsure' if unsure else ''})", ""]
        other = rt if side == "left" else lt
        for m in ms:
            extra = f" ({_md(m.note)})" if m.note else ""
            cp = f" ↔ {_md(m.counterpart.slice(other))}" if m.counterpart else ""
            doubt = "" if is_sure(m) else f" — *unsure*: {_unsure_share(m)}"
            lines.append(f"- {m.category}: {_md(m.text)}{extra}{cp}{doubt}")
        lines.append("")
    lines += ["## Voices", ""]
    for side, vs in (("left", c.voices_left), ("right", c.voices_right)):
        lines.append(f"- **{side}:** " + (", ".join(
            f"{_md(v.speaker)} ({v.quotes} quote{'s' if v.quotes != 1 else ''}, {v.words} words)" for v in vs
        ) or "nobody quoted by name"))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--text);background:var(--window)}
header{padding:12px 20px;background:var(--header);border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}
.sum td,.sum th{padding:2px 10px;text-align:left}
.legend>span{display:inline-block;margin:2px 8px 2px 0;padding:0 6px;border-radius:3px}
.legend p{margin:4px 0 0;color:var(--muted)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px 20px}
.pane{background:var(--base);border:1px solid var(--line);border-radius:6px;padding:12px 16px;white-space:pre-wrap;overflow-wrap:anywhere}
.pane h2{white-space:normal;margin-top:0}
table.facts{border-collapse:collapse;margin:0 20px 20px;background:var(--base)}
table.facts td,table.facts th{border:1px solid var(--line);padding:3px 8px;vertical-align:top;text-align:left}
.st-conflict{color:var(--conflict);font-weight:600}.st-shared{color:var(--shared)}
section{padding:0 20px}
"""


# The highlight classes of the HTML report by the window's style keys: their CSS is the
# palette's spec of each key, in the window's paint order, for the light theme and (when
# the reader's system asks for it) the dark one, as the window's View > Theme has them.
_CLASSES = {"verbatim": "v", "paraphrase": "p", "unique": "u", "reorder": "r", "change": "ch",
            **{f"framing-{cat}": f"m-{cat}" for cat in FRAMING_CATEGORIES},
            **{unsure_key(f"framing-{cat}"): f"m-{cat}-unsure" for cat in FRAMING_CATEGORIES}}
_UNSURE_CLASS = "-unsure"


def _highlight_css() -> str:
    # the legend's key to the unsure style: plain text drawn unsure, as the window's legend has it
    def key(theme: str) -> str:
        spec = {"foreground": palette.palette_data()[theme]["ui"]["text"], **palette.unsure_spec(theme)}
        return f".unsure-key{{{palette.declarations(spec)}}}"

    return palette.themed_css(_CLASSES, extra={theme: key(theme) for theme in palette.THEMES})


def _segments(text: str, layers: Iterable[tuple[Span, str, str]]) -> str:
    """``text`` as HTML with each (span, class, title) layer wrapped in spans; overlaps nest by
    splitting.  Where a sure and an unsure marker of one kind overlap, the sure one shows."""
    events: dict[int, list] = {0: [], len(text): []}
    layers = [(sp, cls, title) for sp, cls, title in layers if 0 <= sp.start < sp.end <= len(text)]
    for sp, _, _ in layers:
        events.setdefault(sp.start, [])
        events.setdefault(sp.end, [])
    cuts = sorted(events)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for idx, (sp, _, _) in enumerate(layers):
        starts.setdefault(sp.start, []).append(idx)
        ends.setdefault(sp.end, []).append(idx)
    active: set[int] = set()
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for idx in ends.get(a, ()):
            active.discard(idx)
        active.update(starts.get(a, ()))
        chunk = html.escape(text[a:b])
        if active:
            names = {layers[i][1] for i in active}
            classes = " ".join(sorted(n for n in names if not n.endswith(_UNSURE_CLASS)
                                      or n.removesuffix(_UNSURE_CLASS) not in names))
            titles = "; ".join(sorted({layers[i][2] for i in active if layers[i][2]}))
            out.append(f'<span class="{html.escape(classes)}" title="{html.escape(titles)}">{chunk}</span>')
        else:
            out.append(chunk)
    return "".join(out)


def _layers(c: Comparison, side: str) -> list[tuple[Span, str, str]]:
    out: list[tuple[Span, str, str]] = []
    for m in c.matches:
        sp = m.left if side == "left" else m.right
        if m.kind == "verbatim":
            out.append((sp, "v", "verbatim shared"))
        else:
            out.append((sp, "p", f"paraphrase {m.score:.2f}"))
        for ch in m.changes:
            csp = ch.left if side == "left" else ch.right
            if csp is not None:
                out.append((csp, "r" if ch.op == "reorder" else "ch", ch.op))
    for sp in c.unique_left if side == "left" else c.unique_right:
        out.append((sp, "u", "only on this side"))
    for mk in c.framing:
        if mk.side == side:
            title = mk.category + (f" ({mk.note})" if mk.note else "")
            if is_sure(mk):
                out.append((mk.span, f"m-{mk.category}", title))
            else:
                out.append((mk.span, f"m-{mk.category}{_UNSURE_CLASS}", f"{title}, unsure: {_unsure_share(mk)}"))
    return out


def _unsure_line(c: Comparison) -> str:
    """The legend's line on unsure framing markers: how they are drawn and how many each side has."""
    n = {side: sum(1 for m in c.framing if m.side == side and not is_sure(m)) for side in ("left", "right")}
    line = ("Framing markers are drawn in their kind's colour, in bold when sure. "
            f'<span class="unsure-key">Unsure</span> ones, {html.escape(UNSURE_NOTE)}, are drawn in '
            "that colour but not bold, with a dotted underline; each one's tooltip says how often "
            "people marked such words. ")
    if n["left"] or n["right"]:
        return line + f"Unsure markers here: {n['left']} on the left, {n['right']} on the right."
    if c.settings.get("unsure_markers"):
        return line + "This comparison has none."
    return line + "None are shown here (parallax compare --all-markers shows them)."


def to_html(c: Comparison, /) -> str:
    s = c.summary
    e = html.escape
    lt, rt = c.left.text, c.right.text
    facts_rows = "".join(
        f"<tr><td>{e(f.kind)}</td><td class=\"st-{e(f.status)}\">{e(f.status)}</td><td>{e(_clip(f.value, 160))}</td>"
        f"<td>{e(_clip(' / '.join(sp.slice(lt) for sp in f.left[:3]), 100))}</td>"
        f"<td>{e(_clip(' / '.join(sp.slice(rt) for sp in f.right[:3]), 100))}</td></tr>"
        for f in sorted(c.facts, key=lambda f: (_STATUS_ORDER.index(f.status), f.kind))
    )

    def voices(vs) -> str:
        return ", ".join(f"{e(v.speaker)} ({v.quotes}×, {v.words} words)" for v in vs) or "nobody quoted by name"

    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parallax: {e(c.left.display_name)} / {e(c.right.display_name)}</title>
<style>{_CSS}{_highlight_css()}</style></head>
<body>
<header>
<h1>Parallax comparison</h1>
<table class="sum">
<tr><th></th><th>left: {e(_name(c, 'left'))}</th><th>right: {e(_name(c, 'right'))}</th></tr>
<tr><td>verbatim shared</td><td>{s.verbatim_left:.0%}</td><td>{s.verbatim_right:.0%}</td></tr>
<tr><td>aligned at all</td><td>{s.aligned_left:.0%}</td><td>{s.aligned_right:.0%}</td></tr>
<tr><td>similarity</td><td colspan="2">{e(s.similarity_phrase())} ({s.similarity:.2f}); reuse: <b>{e(s.reuse)}</b>. {e(_sentence_case(reuse_sentence(c)))}</td></tr>
</table>
<div class="legend">
<span class="v">verbatim shared</span><span class="p">paraphrased</span><span class="u">only on one side</span>
<span class="p"><span class="ch">changed words</span></span><span class="r">reordered words</span>
<span class="m-scare-quote">scare quote</span><span class="m-hedge">hedge / distancing</span>
<span class="m-loaded">loaded term</span><span class="m-naming">naming variant</span>
<span class="m-attribution">attribution verb</span><span class="unsure-key">unsure</span>
<p>{_unsure_line(c)}</p>
</div>
</header>
<div class="cols">
<div class="pane" dir="auto"><h2>{e(_name(c, 'left'))}</h2>{_segments(lt, _layers(c, 'left'))}</div>
<div class="pane" dir="auto"><h2>{e(_name(c, 'right'))}</h2>{_segments(rt, _layers(c, 'right'))}</div>
</div>
<section><h2>Voices</h2>
<p>Left: {voices(c.voices_left)}</p><p>Right: {voices(c.voices_right)}</p>
<h2>Facts</h2></section>
<table class="facts"><tr><th>kind</th><th>status</th><th>value</th><th>left</th><th>right</th></tr>
{facts_rows}</table>
</body></html>
"""
