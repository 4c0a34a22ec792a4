"""The Markdown export: the print document (:mod:`parallax.reader.notes.printdoc`) as
Markdown, grouped by comparison and article, with the quoted passages, their tags,
notes and links, and the sources' metadata.

Headings, quotes, tags and metadata are plain text (every Markdown character
escaped).  Notes are the user's own Markdown and stay Markdown, made safe by
:func:`safe_markdown`: any viewer that renders HTML in Markdown gets no raw HTML from
a note, and no link or image that leads anywhere but ``http(s)://`` or ``mailto:`` (the
targets the notes' renderer, :mod:`~parallax.reader.notes.note_markup`, allows) or ``#``
in the page.  A link's note is Markdown too, made safe the same way.
"""

from __future__ import annotations

import re

from parallax.reader.notes.printdoc import Passage, PrintDocument, build, place
from parallax.reader.notes.records import NotesData
from parallax.reader.text.gcpause import with_paused_gc

_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|!"} | {"\n": " "})
# Characters that start HTML, links, images and link definitions, as entities: an entity
# is always text in CommonMark, whatever stands before it.
_INERT = str.maketrans({"<": "&lt;", "[": "&#91;", "]": "&#93;"})
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_NEEDS_CARE = re.compile(r"[<\[\]`~\r]")  # what safe_markdown may change
_SAFE_TARGET = r"(?:(?:https?://|mailto:)[^\s()<>\"'\\`\[\]]+|#[\w.:-]*)"
_SAFE_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\((" + _SAFE_TARGET + r")\)|<((?:https?://|mailto:)[^\s<>\\`]+)>",
                        re.IGNORECASE)


def md_inline(s: str) -> str:
    """Text that stays plain inside Markdown (headings, list items)."""
    return s.translate(_MD_ESCAPES)


def _inert(text: str) -> str:
    """Text outside code blocks with its raw HTML and link syntax made text, except links
    and autolinks to ``http(s)://``, ``mailto:`` or ``#``."""
    out = []
    at = 0
    for m in _SAFE_LINK.finditer(text):
        out.append(text[at:m.start()].translate(_INERT))
        if m.group(4) is not None:
            out.append(m.group(0))
        else:
            out.append(f"{m.group(1)}[{m.group(2).translate(_INERT)}]({m.group(3)})")
        at = m.end()
    out.append(text[at:].translate(_INERT))
    return "".join(out)


def safe_markdown(text: str) -> str:
    """A note's Markdown that renders as the same text and formatting, but can carry no
    raw HTML and no link or image to anything but ``http(s)://``, ``mailto:`` or ``#``.

    ``<``, ``[`` and ``]`` outside fenced code blocks become entities (so tags, HTML
    blocks, autolinks, link definitions and links are text), except in ``[text](url)``,
    ``![alt](url)`` and ``<url>`` whose url is ``http(s)://...``, ``mailto:...`` or ``#...``.  Fenced code
    blocks are left alone (a renderer shows them as code), and one left open is closed
    so that it cannot run into what follows."""
    if _NEEDS_CARE.search(text) is None:
        return text
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = _FENCE.fullmatch(line)
        if fence:  # inside a fenced code block: until a fence as long, of the same character
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                    and not m.group(2).strip(" \t"):
                fence = ""
        elif m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            if prose:
                out.append(_inert("\n".join(prose)))
                prose = []
            out.append(line)
            fence = m.group(1)
        else:
            prose.append(line)
    if prose:
        out.append(_inert("\n".join(prose)))
    if fence:
        out.append(fence)
    return "\n".join(out)


def _md_quote(s: str) -> str:
    return "\n".join("> " + md_inline(line) if line.strip() else ">" for line in s.split("\n"))


def _passage(p: Passage, out: list[str]) -> None:
    out.append(_md_quote(p.exact))
    out.append("")
    meta = []
    if p.tags:
        meta.append("Tags: " + ", ".join(f"**{md_inline(t.name)}**" for t in p.tags))
    if p.place:
        meta.append(p.place)
    if p.orphaned:
        meta.append("**orphaned** (the passage was not found in the current text)")
    out.append(" · ".join(meta))
    out.append("")
    if p.note.strip():
        out.append(safe_markdown(p.note.strip()))
        out.append("")
    for ln in p.links:
        where = f"{place(ln.paragraph)}: " if ln.paragraph else ""
        line = f"- *{md_inline(ln.relation)}* → {where}“{md_inline(ln.quote)}” ({md_inline(ln.article)})"
        if ln.note:  # the link's note, Markdown made safe, indented under the item
            line += ":\n\n" + "\n".join("  " + x if x.strip() else ""
                                          for x in safe_markdown(ln.note).split("\n"))
        out.append(line)
    if p.links:
        out.append("")


@with_paused_gc
def render_markdown(doc: PrintDocument, /) -> str:
    out = [f"# {md_inline(doc.title)}", "", doc.summary, ""]
    for sec in doc.sections:
        out += [f"{'#' * sec.level} {md_inline(sec.heading)}", ""]
        if sec.source:
            out += [f"*{md_inline(sec.source)}*", ""]
        for n in sec.notes:
            if n.on_article:
                out += ["**Note on the article:**", ""]
            out += [safe_markdown(n.body.strip()), ""]
        for p in sec.passages:
            _passage(p, out)
    return "\n".join(out).rstrip() + "\n"


@with_paused_gc
def to_markdown(data: NotesData, /, *, title: str = "Parallax notes", full_paths: bool = False) -> str:
    return render_markdown(build(data, title=title, full_paths=full_paths))
