"""The HTML export: the print document (:mod:`parallax.reader.notes.printdoc`) as one
self-contained page.  No scripts, no external resources (a Content-Security-Policy
says so), and every user string escaped.  Notes are rendered from their Markdown by
:func:`~parallax.reader.notes.note_markup.note_html`, the renderer of the editor's
preview and the PDF (no raw HTML; links only to http(s) and mailto)."""

from __future__ import annotations

import html

from parallax.reader.notes.note_markup import note_html
from parallax.reader.notes.printdoc import NoteBlock, Passage, PrintDocument, build, place
from parallax.reader.notes.records import NotesData
from parallax.reader.text.gcpause import with_paused_gc

CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11pt;
       color: #1a1a1a; max-width: 50em; margin: 2em auto; line-height: 1.45; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 1.6em; border-bottom: 1px solid #999; }
h3 { font-size: 12.5pt; margin-top: 1.2em; }
.meta { color: #555; font-size: 9.5pt; }
.ann { margin: 0.8em 0 1.2em 0; }
blockquote { margin: 0.3em 0; padding: 0.2em 0.8em; border-left: 4px solid #888;
             background: #f4f4f4; }
.ctx { color: #777; }
.tag { font-weight: bold; padding: 0 0.3em; }
.note { margin: 0.3em 0; } .note p { margin: 0.3em 0; }
.note blockquote { background: none; border-left: 3px solid #bbb; }
.link .note { margin-left: 1.5em; }
.orphan { color: #b00; font-weight: bold; }
"""


def _e(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _note(text: str) -> str:
    """The note's Markdown rendered (raw HTML escaped, only http(s) and mailto links)."""
    return f'<div class="note" dir="auto">{note_html(text.strip())}</div>' if text.strip() else ""


def _section_note(n: NoteBlock) -> str:
    return ("<p><b>Note on the article:</b></p>" if n.on_article else "") + _note(n.body)


def _passage(p: Passage) -> str:
    tags = " ".join(f'<span class="tag" style="color: {_e(t.colour)}">■ {_e(t.name)}</span>'
                    for t in p.tags)
    meta = [tags] if tags else []
    if p.place:
        meta.append(_e(p.place))
    if p.orphaned:
        meta.append('<span class="orphan">orphaned</span>')
    parts = [
        '<div class="ann">',
        f'<blockquote dir="auto"><span class="ctx">…{_e(p.prefix)}</span><b>{_e(p.exact)}</b>'
        f'<span class="ctx">{_e(p.suffix)}…</span></blockquote>',
        f'<div class="meta">{" · ".join(meta)}</div>',
    ]
    if p.note.strip():
        parts.append(_note(p.note))
    for ln in p.links:
        where = f"{_e(place(ln.paragraph))}: " if ln.paragraph else ""
        line = f"<i>{_e(ln.relation)}</i> → {where}“{_e(ln.quote)}” ({_e(ln.article)})"
        parts.append(f'<div class="link"><div class="meta">{line}{":" if ln.note else ""}</div>'
                     f"{_note(ln.note)}</div>")
    parts.append("</div>")
    return "\n".join(parts)


@with_paused_gc
def render_html(doc: PrintDocument, /) -> str:
    out = [f"<h1>{_e(doc.title)}</h1>", f'<p class="meta">{_e(doc.summary)}</p>']
    for sec in doc.sections:
        out.append(f"<h{sec.level}>{_e(sec.heading)}</h{sec.level}>")
        if sec.source:
            out.append(f'<p class="meta">{_e(sec.source)}</p>')
        out.extend(_section_note(n) for n in sec.notes)
        out.extend(_passage(p) for p in sec.passages)
    head = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'">',
        f"<title>{_e(doc.title)}</title><style>{CSS}</style></head><body>",
    ]
    return "\n".join(head) + "\n" + "\n".join(out) + "\n</body></html>\n"


@with_paused_gc
def to_html(data: NotesData, /, *, title: str = "Parallax notes", full_paths: bool = False) -> str:
    """A self-contained HTML page; no scripts, no external resources, all text escaped;
    sources name local files by their file name unless ``full_paths``."""
    return render_html(build(data, title=title, full_paths=full_paths))
