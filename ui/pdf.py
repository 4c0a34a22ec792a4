"""Printing the notes to PDF with Qt (``QPdfWriter``).

``reader/`` stays Qt-free: ``parallax notes export --format pdf`` builds the typed
print document (``parallax.reader.notes.printdoc.PrintDocument``, which the
Markdown and HTML exports render too) in the core and hands it to
:func:`print_pdf` through ``Hooks.print_pdf`` (wired in ``parallax.ui.main``).

The document becomes blocks of formatted text (:func:`blocks_of`: a heading, a
source line, a note, or a passage with its tags, note and links), laid out line by
line with ``QTextLayout``, page by page; a block of Latin, Greek or Cyrillic text
without combining marks is laid out unshaped, which is faster.  A long document is
cut into parts between blocks (:func:`split_blocks`) printed by one process a core
at once (up to :data:`MAX_WORKERS`), each part laid out before it is drawn so that
it knows its first page number, and the parts' PDFs are joined with ``pypdf``
(:func:`join_pdfs`).  What stays is Qt's PDF engine itself: it writes every glyph
with its own position and deflates each page, about half a microsecond a glyph.
Pages are numbered at the foot.

``print_pdf(..., progress=...)`` reports the share done as it goes (this process's
part of the work: each block laid out, each page drawn, each part joined); the
callback may raise (e.g. ``Cancelled``) to stop the printing there: the printing
processes are killed and nothing is left of the file, its parts or its folder.
This runs on a worker thread in the window: QPainter on a ``QPdfWriter`` and text
layout are supported outside the GUI thread, one painter per device (Qt's
"Thread-Support in Qt Modules"), which is how the parts are printed.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from parallax.reader.errors import ParallaxError
from parallax.reader.text.gcpause import paused_gc
from parallax.reader.notes.note_markup import Line, Run, note_lines
from parallax.reader.notes.printdoc import Passage, PrintDocument, place

Progress = Callable[[float], object]  # the share done, 0-1; may raise to stop


def _gui_app():
    """A QGuiApplication for fonts and layout; offscreen when there is no display."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ) and sys.platform.startswith("linux"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(sys.argv[:1])
    return app


# ---------------------------------------------------------------- the document as blocks

_FIRST_LETTER = re.compile(r"[^\W\d_]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Any character outside the scripts and symbols Qt draws the same without shaping (no
# combining marks, no joining or reordering scripts, no bidi or joiner controls).
_NEEDS_SHAPING = re.compile(
    "[^\t\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u0370-\u0377\u037a-\u037f\u0384-\u03ff"
    "\u0400-\u0482\u048a-\u04ff\u1e00-\u1eff\u2010-\u2029\u2030-\u205e\u20a0-\u20c0"
    "\u2100-\u214f\u2190-\u21ff\u2200-\u22ff\u25a0-\u25ff]")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_LINE = "\u2028"  # a line break inside a block
# point size, bold, colour of each paragraph kind (a run's kind: h1-h3, p, or meta)
_KIND = {"h1": (17.0, True, "#1a1a1a"), "h2": (13.5, True, "#1a1a1a"),
         "h3": (11.5, True, "#1a1a1a"), "p": (10.0, False, "#1a1a1a"),
         "meta": (8.5, False, "#555555")}
_SPACE_BEFORE = {"h1": 0.0, "h2": 2.2, "h3": 1.4}  # in lines of body text
# run formats: (paragraph kind, bold, italic, colour); the same tuples serve every block
_P, _BOLD, _META, _ITALIC_META = ("p", False, False, ""), ("p", True, False, ""), \
    ("meta", False, False, ""), ("meta", False, True, "")
_CONTEXT, _ORPHAN = ("p", False, False, "#777777"), ("meta", True, False, "#bb0000")
_HEADING = {k: (k, False, False, "") for k in ("h1", "h2", "h3")}
_NOTE_COLOURS = {"code": "#6b3a8a", "link": "#1a4fa0", "prefix": "#888888"}


class _Block(NamedTuple):
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

    def block(self, kind: str) -> _Block | None:
        text = "".join(self.pieces)
        if not text or text.isspace():
            return None
        if _NEEDS_SHAPING.search(text) is None:
            return _Block(kind, text, self.runs, False, True)
        m = _FIRST_LETTER.search(text)
        return _Block(kind, text, self.runs, bool(m and _RTL.match(m.group())))


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


def _passage(p: Passage) -> _Block | None:
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


def _simple(kind: str, text: str, fmt: tuple) -> _Block | None:
    t = _Text()
    t.add(text, fmt)
    return t.block(kind)


def blocks_of(doc: PrintDocument, /) -> list[_Block]:
    """The document's blocks, in order: what the printer lays out."""
    out = [_simple("h1", _flat(doc.title), _HEADING["h1"]), _simple("p", doc.summary, _META)]
    for sec in doc.sections:
        kind = f"h{sec.level}"
        out.append(_simple(kind, _flat(sec.heading), _HEADING[kind]))
        if sec.source:
            out.append(_simple("p", _flat(sec.source), _META))
        for n in sec.notes:
            t = _Text()
            if n.on_article:
                t.add("Note on the article:", _BOLD)
            _note(t, n.body)
            out.append(t.block("p"))
        out.extend(_passage(p) for p in sec.passages)
    return [b for b in out if b is not None]


def document_size(blocks: list[_Block], /) -> int:
    """How many characters the blocks hold (what the printing time goes by)."""
    return sum(len(b.text) for b in blocks)


def split_blocks(blocks: list[_Block], parts: int, /) -> list[list[_Block]]:
    """The blocks cut into up to ``parts`` runs of about equal length, at a heading when
    there is one near the cut (each part starts on a new page)."""
    if parts <= 1 or len(blocks) < 2:
        return [blocks]
    starts = list(itertools.accumulate((len(b.text) for b in blocks), initial=0))
    step = starts[-1] / parts
    window = step / 8
    headings = [i for i, b in enumerate(blocks) if b.kind != "p"]
    cuts = [0]
    for k in range(1, parts):
        target = k * step
        at = max(bisect.bisect_left(starts, target, hi=len(blocks)), cuts[-1] + 1)
        near = [i for i in headings[bisect.bisect_left(headings, cuts[-1] + 1):]
                if abs(starts[i] - target) <= window]
        cut = min(near, key=lambda i: abs(starts[i] - target)) if near else at
        if cut >= len(blocks):
            break
        cuts.append(cut)
    cuts.append(len(blocks))
    pieces = [blocks[a:b] for a, b in itertools.pairwise(cuts) if b > a]
    return pieces if len(pieces) > 1 else [blocks]


def _save_blocks(blocks: list[_Block], path: Path) -> None:
    """Blocks as JSON for a printing process: each run's format as an index into one table."""
    formats: dict[tuple, int] = {}
    rows = [[b.kind, b.text, [x for s, n, f in b.runs for x in (s, n, formats.setdefault(f, len(formats)))],
             b.rtl, b.plain] for b in blocks]
    path.write_text(json.dumps({"formats": list(formats), "blocks": rows}, ensure_ascii=False),
                    encoding="utf-8")


def _load_blocks(path: str) -> list[_Block]:
    saved = json.loads(Path(path).read_text(encoding="utf-8"))
    formats = [tuple(f) for f in saved["formats"]]
    return [_Block(kind, text, [(r[k], r[k + 1], formats[r[k + 2]]) for k in range(0, len(r), 3)],
                   rtl, plain)
            for kind, text, r, rtl, plain in saved["blocks"]]


# ---------------------------------------------------------------- laying out and drawing


def _ticking(blocks: list[_Block], tick: Progress | None, start: float, share: float) -> Iterable[_Block]:
    """``blocks``, reporting ``start + share * (the part gone through)`` every 32 blocks."""
    if tick is None:
        return blocks

    def counted() -> Iterator[_Block]:
        n = max(1, len(blocks))
        for i, block in enumerate(blocks):
            if not i & 31:
                tick(start + share * i / n)
            yield block

    return counted()


def _new_writer(path: str):
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    target = Path(path)
    if target.is_dir():
        raise ParallaxError(f"{path}: is a directory")
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 15, 18, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("Parallax notes")
    writer.setCreator("Parallax")
    return writer


def _check_written(path: str) -> None:
    try:
        ok = Path(path).stat().st_size > 0
    except OSError:
        ok = False
    if not ok:
        raise ParallaxError(f"{path}: the PDF could not be written")


class _Pages:
    """Numbered pages on a QPdfWriter: the body area and the page number at its foot."""

    def __init__(self, writer, painter, *, first: int = 1):
        from PySide6.QtGui import QFont

        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.writer, self.painter = writer, painter
        self.width = float(rect.width())
        self.footer = writer.resolution() * 0.3  # about 7.5 mm for the page number
        self.body_height = float(rect.height()) - self.footer
        self.number_font = QFont()
        self.number_font.setPointSizeF(8)
        self.page = first - 1
        self.started = False

    def next(self) -> None:
        """Finish the current page (if any) and start the next one."""
        from PySide6.QtCore import QRectF, Qt

        if self.started:
            self.writer.newPage()
        self.started = True
        self.page += 1
        p = self.painter
        p.save()
        p.setFont(self.number_font)
        p.drawText(QRectF(0, self.body_height, self.width, self.footer),
                   int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                   str(self.page))
        p.restore()


class _Page(NamedTuple):
    lines: list[tuple[Any, float]]  # a QTextLayout or QTextLine, and where it is drawn
    layouts: list[Any]  # the QTextLayouts those lines belong to (they must outlive them)


def _paginate(blocks: Iterable[_Block], writer, width: float, height: float) -> Iterator[_Page]:
    """The blocks laid out with ``QTextLayout``, page by page (a block split by a page
    break is drawn line by line).  A block of :attr:`_Block.plain` text is laid out
    without shaping (``QFont.PreferNoShaping``: no OpenType ligatures or kerning, about
    half the line-breaking time); any other keeps full shaping (Arabic, Indic, combining
    marks ... need it)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextLayout, QTextOption

    base = QFont()
    base.setFamilies(["DejaVu Sans", "Noto Sans", "Arial"])
    base.setStyleHint(QFont.StyleHint.SansSerif)
    base.setPointSizeF(_KIND["p"][0])
    fonts = {}
    for kind, (size, bold, _colour) in _KIND.items():
        for plain in (False, True):
            f = QFont(base)
            f.setPointSizeF(size)
            f.setBold(bold)
            if plain:
                f.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
            fonts[kind, plain] = f
    ltr, rtl = QTextOption(), QTextOption()
    for opt, direction, align in ((ltr, Qt.LayoutDirection.LeftToRight, Qt.AlignmentFlag.AlignLeft),
                                  (rtl, Qt.LayoutDirection.RightToLeft, Qt.AlignmentFlag.AlignRight)):
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        opt.setTextDirection(direction)
        opt.setAlignment(align)
    formats: dict[tuple, QTextCharFormat] = {}

    def char_format(key: tuple) -> QTextCharFormat:
        para, bold, italic, colour = key
        size, para_bold, para_colour = _KIND[para]
        fmt = QTextCharFormat()
        fmt.setFontPointSize(size)
        fmt.setFontWeight(QFont.Weight.Bold if bold or para_bold else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setForeground(QBrush(QColor(colour or para_colour)))
        formats[key] = fmt
        return fmt

    Range = QTextLayout.FormatRange
    pool: list[Any] = []  # FormatRanges, and the run format each holds
    pool_keys: list[tuple | None] = []
    line_height = base.pointSizeF() * writer.resolution() / 72 * 1.25
    gap = line_height * 0.6
    page = _Page([], [])
    y = 0.0
    for block in blocks:
        kind = block.kind
        before = _SPACE_BEFORE.get(kind, 0.0) * line_height
        if kind in _SPACE_BEFORE and y > 0 and y + before + 4 * line_height > height:
            yield page  # a heading is kept with what follows it
            page = _Page([], [])
            y = 0.0
        elif y > 0:
            y += before
        layout = QTextLayout(block.text, fonts.get((kind, block.plain)) or fonts["p", block.plain],
                             writer)
        page.layouts.append(layout)
        layout.setTextOption(rtl if block.rtl else ltr)
        runs = block.runs
        while len(pool) < len(runs):  # setFormats copies them: the same few serve every block
            pool.append(Range())
            pool_keys.append(None)
        for i, (start, length, key) in enumerate(runs):
            r = pool[i]
            r.start, r.length = start, length
            if pool_keys[i] is not key:
                r.format = formats.get(key) or char_format(key)
                pool_keys[i] = key
        layout.setFormats(pool[:len(runs)])
        layout.beginLayout()
        lines = []
        top = 0.0
        create = layout.createLine
        while True:
            line = create()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0.0, top))
            top += line.height()
            lines.append(line)
        layout.endLayout()
        if y + top <= height or (y == 0 and len(lines) == 1):
            page.lines.append((layout, y))  # the whole block on this page: drawn in one go
            y += top
        else:
            for line in lines:
                h = line.height()
                if y + h > height and y > 0:
                    yield page
                    page = _Page([], [layout])
                    y = 0.0
                page.lines.append((line, y - line.y()))
                y += h
        y += gap
    yield page


def _draw(pages: Iterable[_Page], numbered: _Pages, tick: Progress | None = None,
          start: float = 0.0, share: float = 0.0) -> None:
    from PySide6.QtCore import QPointF

    painter = numbered.painter
    total = len(pages) if isinstance(pages, list) else 0
    for k, page in enumerate(pages):
        if tick is not None and total:
            tick(start + share * k / total)
        numbered.next()
        for line, y in page.lines:
            line.draw(painter, QPointF(0.0, y))


def _print_part(blocks: list[_Block], path: str, *,
                first_page: Callable[[int], int] | None = None, tick: Progress | None = None) -> int:
    """Print blocks to ``path``; returns the number of pages.

    ``first_page(page_count)`` is asked, once the part is laid out, for the number of its
    first page (parts printed side by side number their pages as one document).
    ``tick(share)`` is told how far the part is (and may raise to stop)."""
    from PySide6.QtGui import QPainter

    _gui_app()
    with paused_gc():  # hundreds of thousands of small objects; nothing cyclic to collect
        writer = _new_writer(path)
        painter = QPainter()
        if not painter.begin(writer):
            raise ParallaxError(f"{path}: the PDF could not be written")
        try:
            numbered = _Pages(writer, painter)
            ahead = first_page is not None  # all laid out first, to know how many pages
            pages = _paginate(_ticking(blocks, tick, 0.0, 0.5 if ahead else 1.0), writer,
                              numbered.width, numbered.body_height)
            first = 1
            if first_page is not None:
                pages = list(pages)  # type: ignore[assignment]
                first = first_page(len(pages))
                numbered.page = first - 1
            _draw(pages, numbered, tick, 0.5, 0.5)
            count = numbered.page - first + 1
        finally:
            painter.end()
        del writer  # flushes and closes the file
    _check_written(path)
    return count


PARALLEL_CHARS = 1_000_000  # a document longer than this is printed by several processes
MIN_PART_CHARS = 500_000  # ... one a core (up to MAX_WORKERS), each this much at least (a
# child process costs about 0.3 s to start; 500,000 characters take about 0.5 s to print)
MAX_WORKERS = 4
CHUNK_CHARS = 3_000_000  # a process lays out at most this much at once (about 300 MB)


def worker_count(size: int, /, *, cpus: int | None = None, parallel_chars: int = PARALLEL_CHARS,
                 min_part_chars: int = MIN_PART_CHARS) -> int:
    """How many processes print ``size`` characters: one for a short document, else one
    a core (at most :data:`MAX_WORKERS`), none with less than ``min_part_chars``."""
    if size <= parallel_chars:
        return 1
    cpus = cpus if cpus is not None else os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS, size // max(min_part_chars, 1)))


def _part_count(size: int, workers: int, /, *, chunk_chars: int = CHUNK_CHARS) -> int:
    """Into how many parts ``workers`` processes cut ``size`` characters: one each, or
    the same number each of at most about ``chunk_chars``."""
    if workers <= 1:
        return 1
    chunks = -(-size // max(chunk_chars, 1))
    return workers * max(1, -(-chunks // workers))


class _Relay:
    """Gives each part of a page printed by several processes the number of its first page
    as soon as the parts before it are laid out (each part is laid out, reports its page
    count, then is drawn).  Part ``c`` belongs to process ``c % workers``; process 0 is this
    one (its parts talk through queues), the others are children (through pipes)."""

    def __init__(self, parts: int, children: list[Any]):
        import queue

        self.parts, self.children = parts, children
        self.counts: queue.Queue[int | None] = queue.Queue()  # from this process
        self.firsts: queue.Queue[int | None] = queue.Queue()  # to this process
        self.failed: int | None = None  # the child that stopped answering

    def run(self) -> None:
        workers = len(self.children) + 1
        first = 1
        for c in range(self.parts):
            owner = c % workers
            count = None
            if owner == 0:
                self.firsts.put(first)
                count = self.counts.get()
            else:
                child = self.children[owner - 1]
                try:
                    child.stdin.write(f"{first}\n")
                    child.stdin.flush()
                    count = int(child.stdout.readline())
                except (OSError, ValueError):
                    self.failed = owner
            if count is None:
                self.firsts.put(None)  # this process stops too
                for ch in self.children:
                    ch.kill()
                return
            first += count

    def first_page(self, count: int) -> int:
        """``first_page`` of a part printed by this process."""
        first = self.firsts.get()
        self.counts.put(count)
        if first is None:
            raise ParallaxError("a printing process failed")
        return first

    def abort(self) -> None:
        self.counts.put(None)
        for ch in self.children:
            ch.kill()


def _child() -> None:
    """A printing process: ``python -c 'from parallax.ui.pdf import _child; _child()' BLOCKS
    PDF ...`` prints each part ``BLOCKS`` (a JSON file written by :func:`_print_parallel`) to
    ``PDF``: lays it out, writes its page count to stdout, reads the number of its first
    page from stdin, then draws."""
    answers = os.fdopen(os.dup(1), "w", encoding="ascii")
    os.dup2(2, 1)  # nothing else may write to the pipe the counts go through
    args = sys.argv[1:]

    def first_page(count: int) -> int:
        answers.write(f"{count}\n")
        answers.flush()
        line = sys.stdin.readline()
        if not line:
            raise SystemExit(1)  # the parent stopped
        return int(line)

    try:
        for blocks_path, pdf_path in zip(args[::2], args[1::2], strict=True):
            _print_part(_load_blocks(blocks_path), pdf_path, first_page=first_page)
    except ParallaxError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1) from None


def print_pdf(doc: PrintDocument, path: str, /, *, workers: int | None = None,
              parallel_chars: int = PARALLEL_CHARS, min_part_chars: int = MIN_PART_CHARS,
              chunk_chars: int = CHUNK_CHARS, progress: Progress | None = None) -> None:
    """Lay the document out on numbered A4 pages and write it to ``path`` as PDF.

    One longer than ``parallel_chars`` is printed by one process a core (see
    :func:`worker_count`; ``workers`` says how many instead, ``1`` for this one only),
    each part starting on a new page, the pages numbered throughout and joined into one
    document (:func:`join_pdfs`).  A process lays out at most about ``chunk_chars`` at
    once.  The PDF is written next to ``path`` and renamed to it when complete.
    ``progress(share)`` is told how far the printing is; it may raise to stop it, and
    then nothing is written."""
    import tempfile

    target = Path(path)
    if target.is_dir():
        raise ParallaxError(f"{path}: is a directory")
    blocks = blocks_of(doc)
    size = document_size(blocks)
    if workers is None:
        workers = worker_count(size, parallel_chars=parallel_chars, min_part_chars=min_part_chars)
    workers = max(1, workers)
    parts = split_blocks(blocks, _part_count(size, workers, chunk_chars=chunk_chars))
    try:
        tmp = tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise ParallaxError(f"{path}: cannot write ({err.strerror})") from None
    with tmp:
        out = str(Path(tmp.name) / "out.pdf")
        try:
            if len(parts) == 1:
                _print_part(blocks, out, tick=progress)
            else:
                _print_parallel(parts, min(workers, len(parts)), Path(tmp.name), out, progress)
            _check_written(out)
            os.replace(out, target)
        except OSError as err:
            raise ParallaxError(f"{path}: cannot write ({err.strerror})") from None
        except ParallaxError as err:  # about the file being written: name the target
            raise ParallaxError(str(err).replace(out, str(path))) from None


def _print_parallel(parts: list[list[_Block]], workers: int, tmp: Path, out: str,
                    progress: Progress | None = None) -> None:
    """Print ``parts`` (runs of blocks, in order) by ``workers`` processes, this one and
    children, into the PDF ``out``.  ``progress`` follows this process's parts (the
    children print as much meanwhile), then the joining."""
    import subprocess
    import threading

    pdfs = [str(tmp / f"part{c}.pdf") for c in range(len(parts))]
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    children: list[Any] = []
    errors: list[Any] = []
    relay = _Relay(len(parts), children)
    thread = threading.Thread(target=relay.run, name="pdf-page-numbers", daemon=True)
    try:
        for w in range(1, workers):
            args = []
            for c in range(w, len(parts), workers):
                blocks_path = tmp / f"part{c}.json"
                _save_blocks(parts[c], blocks_path)
                args += [str(blocks_path), pdfs[c]]
            errors.append(open(tmp / f"child{w}.err", "w+", encoding="utf-8"))  # noqa: SIM115
            try:
                children.append(subprocess.Popen(
                    [sys.executable, "-c", "from parallax.ui.pdf import _child; _child()", *args],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors[-1], env=env,
                    text=True, encoding="ascii"))
            except OSError as err:
                raise ParallaxError(f"{out}: cannot start a printing process ({err.strerror})"
                                    ) from None
        thread.start()
        mine = range(0, len(parts), workers)
        for k, c in enumerate(mine):
            tick = None if progress is None else (
                lambda share, k=k: progress(0.9 * (k + share) / len(mine)))
            _print_part(parts[c], pdfs[c], first_page=relay.first_page, tick=tick)
        thread.join()
        for ch in children:
            ch.wait()
    except BaseException:
        child_failed = relay.failed is not None  # and this process stopped for it
        if thread.is_alive():
            relay.abort()
            thread.join()
        for ch in children:
            ch.kill()
            ch.wait()
        if not child_failed:
            for fh in errors:
                fh.close()
            raise
    finally:
        for ch in children:
            for pipe in (ch.stdin, ch.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
    failed = relay.failed or next((w for w, ch in enumerate(children, 1) if ch.returncode), None)
    if failed is not None:
        fh = errors[failed - 1]
        fh.seek(0)
        last = fh.read().strip().splitlines()[-1:] or [
            f"exit status {children[failed - 1].returncode}"]
        for f in errors:
            f.close()
        raise ParallaxError(f"{out}: a printing process failed ({last[0]})")
    for fh in errors:
        fh.close()
    join_pdfs(pdfs, out, progress=None if progress is None else (
        lambda share: progress(0.9 + 0.1 * share)))


def join_pdfs(parts: list[str], out: str, *, progress: Progress | None = None) -> None:
    """The pages of ``parts``, in order, as one PDF ``out`` (with the first part's title
    and creator); ``progress`` as each part is added."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for i, p in enumerate(parts):
        if progress is not None:
            progress(i / len(parts))
        writer.append(p, import_outline=False)
    info = PdfReader(parts[0]).metadata
    if info:
        writer.add_metadata({k: v for k, v in info.items() if isinstance(v, str)})
    with open(out, "wb") as fh:
        writer.write(fh)
