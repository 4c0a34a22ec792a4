"""Readable reports of a :class:`~parallax.reader.model.Comparison`: Markdown and self-contained HTML.

The HTML report is one file with no external resources: the two texts side
by side with verbatim, paraphrased and unique passages and framing markers
highlighted, a legend, the summary, facts and voices.  Every string that
comes from an article (text, titles, paths, quotes, names) is escaped.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable

from parallax.reader.model import Comparison, Span

__all__ = ["to_html", "to_markdown"]

_STATUS_ORDER = ("conflict", "shared", "left-only", "right-only")


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
        f"Reuse of the left text by the right: **{s.reuse}**.",
        "",
    ]
    verb = [m for m in c.matches if m.kind == "verbatim"]
    para = [m for m in c.matches if m.kind == "paraphrase"]
    lines += [f"## Verbatim shared passages ({len(verb)})", ""]
    for m in verb:
        lines.append(f"- > {_md(_clip(m.left.slice(lt)))}")
        if m.changes:
            lines.append(f"  - with {len(m.changes)} small edit(s): " + "; ".join(
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
    for side in ("left", "right"):
        ms = [m for m in c.framing if m.side == side]
        lines += [f"### {side.title()} ({len(ms)})", ""]
        other = rt if side == "left" else lt
        for m in ms:
            extra = f" ({_md(m.note)})" if m.note else ""
            cp = f" ↔ {_md(m.counterpart.slice(other))}" if m.counterpart else ""
            lines.append(f"- {m.category}: {_md(m.text)}{extra}{cp}")
        lines.append("")
    lines += ["## Voices", ""]
    for side, vs in (("left", c.voices_left), ("right", c.voices_right)):
        lines.append(f"- **{side}:** " + (", ".join(
            f"{_md(v.speaker)} ({v.quotes} quote{'s' if v.quotes != 1 else ''}, {v.words} words)" for v in vs
        ) or "nobody quoted by name"))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}
.sum td,.sum th{padding:2px 10px;text-align:left}
.legend span{display:inline-block;margin:2px 8px 2px 0;padding:0 6px;border-radius:3px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px 20px}
.pane{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;white-space:pre-wrap;overflow-wrap:anywhere}
.pane h2{white-space:normal;margin-top:0}
.v{background:#cdeccf}.p{background:#fff1b8}.u{background:#f9d7d7}
.m-scare-quote{outline:2px solid #c0392b;outline-offset:-1px}
.m-hedge{text-decoration:underline wavy #8e44ad}
.m-loaded{text-decoration:underline #d35400;text-decoration-thickness:2px}
.m-naming{border-bottom:3px double #2471a3}
.m-attribution{font-style:italic;border-bottom:1px dotted #555}
.ch{box-shadow:inset 0 -2px 0 #e67e22}
table.facts{border-collapse:collapse;margin:0 20px 20px;background:#fff}
table.facts td,table.facts th{border:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left}
.st-conflict{color:#b03a2e;font-weight:600}.st-shared{color:#1e8449}
section{padding:0 20px}
"""


def _segments(text: str, layers: Iterable[tuple[Span, str, str]]) -> str:
    """``text`` as HTML with each (span, class, title) layer wrapped in spans; overlaps nest by splitting."""
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
            classes = " ".join(sorted({layers[i][1] for i in active}))
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
                out.append((csp, "ch", ch.op))
    for sp in c.unique_left if side == "left" else c.unique_right:
        out.append((sp, "u", "only on this side"))
    for mk in c.framing:
        if mk.side == side:
            title = mk.category + (f" ({mk.note})" if mk.note else "")
            out.append((mk.span, f"m-{mk.category}", title))
    return out


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
<title>Parallax: {e(c.left.display_name)} / {e(c.right.display_name)}</title>
<style>{_CSS}</style></head>
<body>
<header>
<h1>Parallax comparison</h1>
<table class="sum">
<tr><th></th><th>left: {e(_name(c, 'left'))}</th><th>right: {e(_name(c, 'right'))}</th></tr>
<tr><td>verbatim shared</td><td>{s.verbatim_left:.0%}</td><td>{s.verbatim_right:.0%}</td></tr>
<tr><td>aligned at all</td><td>{s.aligned_left:.0%}</td><td>{s.aligned_right:.0%}</td></tr>
<tr><td>similarity</td><td colspan="2">{e(s.similarity_phrase())} ({s.similarity:.2f}); reuse of left by right: <b>{e(s.reuse)}</b></td></tr>
</table>
<div class="legend">
<span class="v">verbatim shared</span><span class="p">paraphrased</span><span class="u">only on one side</span>
<span class="ch">changed words</span><span class="m-scare-quote">scare quote</span>
<span class="m-hedge">hedge / distancing</span><span class="m-loaded">loaded term</span>
<span class="m-naming">naming variant</span><span class="m-attribution">attribution verb</span>
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
