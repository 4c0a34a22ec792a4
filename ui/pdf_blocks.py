"""The notes' print document as blocks of formatted text: what the PDF printers lay out.

:func:`blocks_of` turns a :class:`~parallax.reader.notes.printdoc.PrintDocument` into
:class:`Block` s (a heading, a source line, a note, or a passage with its tags, note and
links), one :func:`block_of` each of :func:`items_of`; a block says whether it is
*plain* (only characters that look the same unshaped, :data:`NEEDS_SHAPING`).  Both
printers read them: Qt's (:mod:`parallax.ui.pdf`) and the direct one
(:mod:`parallax.ui.pdf_direct`).  :func:`split_blocks` and :func:`cut_points` cut a document
into parts for several processes.  No Qt here.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any, NamedTuple

from parallax.reader.notes.note_markup import Line, Run, note_lines
from parallax.reader.notes.printdoc import NoteBlock, Passage, PrintDocument, place

_FIRST_LETTER = re.compile(r"[^\W\d_]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Any character outside the scripts and symbols Qt draws the same without shaping (no
# combining marks, no joining or reordering scripts, no bidi or joiner controls).
NEEDS_SHAPING = re.compile(
    "[^\t\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u0370-\u0377\u037a-\u037f\u0384-\u03ff"
    "\u0400-\u0482\u048a-\u04ff\u1e00-\u1eff\u2010-\u2029\u2030-\u205e\u20a0-\u20c0"
    "\u2100-\u214f\u2190-\u21ff\u2200-\u22ff\u25a0-\u25ff]")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_LINE = "\u2028"  # a line break inside a block
# point size, bold, colour of each paragraph kind (a run's kind: h1-h3, p, or meta)
KIND = {"h1": (17.0, True, "#1a1a1a"), "h2": (13.5, True, "#1a1a1a"),
         "h3": (11.5, True, "#1a1a1a"), "p": (10.0, False, "#1a1a1a"),
         "meta": (8.5, False, "#555555")}
SPACE_BEFORE = {"h1": 0.0, "h2": 2.2, "h3": 1.4}  # in lines of body text
# run formats: (paragraph kind, bold, italic, colour); the same tuples serve every block
_P, _BOLD, _META, _ITALIC_META = ("p", False, False, ""), ("p", True, False, ""), \
    ("meta", False, False, ""), ("meta", False, True, "")
_CONTEXT, _ORPHAN = ("p", False, False, "#777777"), ("meta", True, False, "#bb0000")
_HEADING = {k: (k, False, False, "") for k in ("h1", "h2", "h3")}
_NOTE_COLOURS = {"code": "#6b3a8a", "link": "#1a4fa0", "prefix": "#888888"}


class Block(NamedTuple):
    """A paragraph of the document: its text (lines joined by U+2028) and formatted runs."""

    kind: str  # h1, h2, h3 or p
    text: str
    runs: list[tuple[int, int, tuple]]  # start, length, (paragraph kind, bold, italic, colour)
    rtl: bool
    plain: bool = False  # only characters that look the same unshaped (laid out faster)


class _Text:
    """A block being written: text pieces and the runs that format them."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.runs: list[tuple[int, int, tuple]] = []
        self.pos = 0

    def add(self, text: str, fmt: tuple) -> None:
        if text:
            self.pieces.append(text)
            self.runs.append((self.pos, len(text), fmt))
            self.pos += len(text)

    def line(self) -> None:
        if self.pos:
            self.pieces.append(_LINE)
            self.pos += 1

    def block(self, kind: str) -> Block | None:
        text = "".join(self.pieces)
        if not text or text.isspace():
            return None
        if NEEDS_SHAPING.search(text) is None:
            return Block(kind, text, self.runs, False, True)
        m = _FIRST_LETTER.search(text)
        return Block(kind, text, self.runs, bool(m and _RTL.match(m.group())))


def _flat(s: str) -> str:
    return " ".join(s.split())


def _lines(s: str) -> str:
    """``s`` with its line breaks as U+2028 (a block is one paragraph)."""
    return _BREAKS.sub("\n", s).replace("\n", _LINE)


def _context(s: str) -> str:
    """Flat, but a space at either edge stays: it parts the context from the quote."""
    flat = _flat(s)
    if not flat:
        return ""
    return (" " if s[:1].isspace() else "") + flat + (" " if s[-1:].isspace() else "")


# A note that is one line of words and plain punctuation, not starting with a digit: no
# character in it means anything to CommonMark, so it renders as itself (most notes are
# such; parsing 20,000 of them took seconds).
_PLAIN_NOTE = re.compile(r"(?!\d)(?:[^\W_]|[ ,.;:'\"?()%/])+")


def plain_note_lines(text: str, /) -> tuple[Line, ...]:
    """:func:`~parallax.reader.notes.note_markup.note_lines` of a stripped note, without the
    parse when the note is plain text (:data:`_PLAIN_NOTE`): the same lines either way."""
    if _PLAIN_NOTE.fullmatch(text):
        return (Line("p", "", (Run(text),)),)
    return note_lines(text)


def _note(t: _Text, text: str) -> None:
    """A note's Markdown, rendered as the HTML export and the editor's preview render it
    (``note_lines``: the same parse), one line of the block per paragraph or list item."""
    for line in plain_note_lines(text.strip()):
        t.line()
        t.add(line.prefix, ("p", False, False, _NOTE_COLOURS["prefix"]))
        runs = line.runs
        for i, r in enumerate(runs):
            colour = _NOTE_COLOURS["code"] if r.code else _NOTE_COLOURS["link"] if r.href else ""
            t.add(_lines(r.text), ("p", r.bold or line.kind == "heading", r.italic, colour))
            if r.href and r.href != r.text and (i + 1 == len(runs) or runs[i + 1].href != r.href):
                t.add(f" ({r.href})", _META)


def _passage(p: Passage) -> Block | None:
    t = _Text()
    t.add("…" + _context(p.prefix), _CONTEXT)
    t.add(_lines(p.exact), _BOLD)
    t.add(_context(p.suffix) + "…", _CONTEXT)
    t.line()
    for i, tag in enumerate(p.tags):
        if i:
            t.add(" ", _META)
        colour = tag.colour if _HEX_COLOUR.fullmatch(tag.colour or "") else "#555555"
        t.add("■ " + _flat(tag.name), ("meta", True, False, colour))
    t.add((" · " if p.tags and p.place else "") + p.place + (" · " if p.orphaned else ""), _META)
    if p.orphaned:
        t.add("orphaned", _ORPHAN)
    _note(t, p.note)
    for ln in p.links:
        t.line()
        t.add(_flat(ln.relation), _ITALIC_META)
        where = f"{place(ln.paragraph)}: " if ln.paragraph else ""
        t.add(f" → {where}“{_flat(ln.quote)}” ({_flat(ln.article)})" + (":" if ln.note else ""), _META)
        _note(t, ln.note)
    return t.block("p")


def _simple(kind: str, text: str, fmt: tuple) -> Block | None:
    t = _Text()
    t.add(text, fmt)
    return t.block(kind)


def items_of(doc: PrintDocument, /) -> list:
    """What becomes the document's blocks, in order: ``(kind, text, format)`` of a heading
    or a line, a :class:`NoteBlock`, a :class:`Passage`."""
    out: list = [("h1", _flat(doc.title), _HEADING["h1"]), ("p", doc.summary, _META)]
    for sec in doc.sections:
        kind = f"h{sec.level}"
        out.append((kind, _flat(sec.heading), _HEADING[kind]))
        if sec.source:
            out.append(("p", _flat(sec.source), _META))
        out.extend(sec.notes)
        out.extend(sec.passages)
    return out


def block_of(item: Any) -> Block | None:
    """The block of one of :func:`items_of` (None: nothing to print)."""
    if isinstance(item, Passage):
        return _passage(item)
    if isinstance(item, NoteBlock):
        t = _Text()
        if item.on_article:
            t.add("Note on the article:", _BOLD)
        _note(t, item.body)
        return t.block("p")
    return _simple(*item)


def blocks_of(doc: PrintDocument, /) -> list[Block]:
    """The document's blocks, in order: what the printer lays out."""
    return [b for b in map(block_of, items_of(doc)) if b is not None]


def item_size(item: Any) -> int:
    """About how many characters an item prints."""
    if isinstance(item, Passage):
        return 80 + len(item.exact) + len(item.note) + sum(60 + len(ln.note) for ln in item.links)
    if isinstance(item, NoteBlock):
        return len(item.body)
    return len(item[1])


def document_size(blocks: list[Block], /) -> int:
    """How many characters the blocks hold (what the printing time goes by)."""
    return sum(len(b.text) for b in blocks)


def cut_points(sizes: list[int], headings: list[int], parts: int, /, *,
          weights: list[float] | None = None) -> list[int]:
    """Where to cut a run of pieces of ``sizes`` into up to ``parts`` of about equal size
    (or of sizes in proportion to ``weights``): at a heading (an index of ``headings``)
    when one is near the cut."""
    starts = list(itertools.accumulate(sizes, initial=0))
    step = starts[-1] / parts
    window = step / 8
    bounds = list(itertools.accumulate(weights or [1.0] * parts))
    cuts = [0]
    for k in range(1, parts):
        target = starts[-1] * bounds[k - 1] / bounds[-1]
        at = max(bisect.bisect_left(starts, target, hi=len(sizes)), cuts[-1] + 1)
        near = [i for i in headings[bisect.bisect_left(headings, cuts[-1] + 1):]
                if abs(starts[i] - target) <= window]
        cut = min(near, key=lambda i: abs(starts[i] - target)) if near else at
        if cut >= len(sizes):
            break
        cuts.append(cut)
    cuts.append(len(sizes))
    return cuts


def split_blocks(blocks: list[Block], parts: int, /) -> list[list[Block]]:
    """The blocks cut into up to ``parts`` runs of about equal length, at a heading when
    there is one near the cut (each part starts on a new page)."""
    if parts <= 1 or len(blocks) < 2:
        return [blocks]
    cuts = cut_points([len(b.text) for b in blocks], [i for i, b in enumerate(blocks) if b.kind != "p"], parts)
    pieces = [blocks[a:b] for a, b in itertools.pairwise(cuts) if b > a]
    return pieces if len(pieces) > 1 else [blocks]
