"""Printing an HTML export to PDF with Qt (``QPdfWriter``).

``reader/`` stays Qt-free: ``parallax notes export --format pdf`` renders
the print variant of the HTML export (``parallax.reader.notes.export.to_print_html``)
in the core and hands it to :func:`html_to_pdf` through
``Hooks.html_to_pdf`` (wired in ``parallax.ui.main``).

That print HTML is one block per line in a handful of tags, so it is read
here directly and laid out line by line with ``QTextLayout``, page by page
(``QTextDocument`` spent most of its time parsing and laying out the full
HTML); a block of Latin, Greek or Cyrillic text without combining marks is
laid out unshaped, which is faster.  A long one is cut into parts printed by
one process a core at once (up to :data:`MAX_WORKERS`), each part laid out
before it is drawn so that it knows its first page number, and the PDFs are
joined (:func:`join_pdfs`).  What stays is Qt's PDF engine itself: it writes
every glyph with its own position and deflates each page, about half a
microsecond a glyph.

Any other HTML is printed with ``QTextDocument``.  One ``QTextDocument``
silently stops laying out after a few thousand pages, so a long page is
printed in parts: the HTML export marks its top-level blocks
(``<!--block-->``), and parts of at most :data:`PART_CHARS` characters are
laid out one after another onto the same PDF, each part starting on a new
page.  Pages are numbered at the foot.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from parallax.reader.errors import ParallaxError

BLOCK_MARK = "<!--block-->"
PART_CHARS = 1_500_000  # a few hundred pages per QTextDocument


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


def split_html(html: str, /, *, part_chars: int = PART_CHARS) -> list[str]:
    """Whole HTML documents of at most about ``part_chars`` each, cut between blocks.

    HTML without block marks, or short enough, stays one part."""
    if len(html) <= part_chars or BLOCK_MARK not in html:
        return [html]
    m = re.search(r"<body[^>]*>", html, re.IGNORECASE)
    end = html.rfind("</body>")
    if m is None or end < m.end():
        return [html]
    head, body, tail = html[: m.end()], html[m.end():end], html[end:]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for block in body.split(BLOCK_MARK):
        if current and size + len(block) > part_chars:
            parts.append(head + "".join(current) + tail)
            current, size = [], 0
        current.append(block)
        size += len(block)
    if current:
        parts.append(head + "".join(current) + tail)
    return parts


PRINT_GENERATOR = "Parallax print 1"  # parallax.reader.notes.export.PRINT_GENERATOR
_PRINT_MARK = f'<meta name="generator" content="{PRINT_GENERATOR}">'
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)([^>]*)>")
_SPLIT_TAGS = re.compile(r"(</?[a-zA-Z0-9]+[^>]*>)").split  # text, tag, text, tag, ..., text
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Any character outside the scripts and symbols Qt draws the same without shaping (no
# combining marks, no joining or reordering scripts, no bidi or joiner controls).
_NEEDS_SHAPING = re.compile(
    "[^\t\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u0370-\u0377\u037a-\u037f\u0384-\u03ff"
    "\u0400-\u0482\u048a-\u04ff\u1e00-\u1eff\u2010-\u2029\u2030-\u205e\u20a0-\u20c0"
    "\u2100-\u214f\u2190-\u21ff\u2200-\u22ff\u25a0-\u25ff]")
_COLOUR = re.compile(r'color="(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)"')
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);")
# point size, bold, colour of each block kind (and of p class="meta" inside a block)
_KIND = {"h1": (17.0, True, "#1a1a1a"), "h2": (13.5, True, "#1a1a1a"),
         "h3": (11.5, True, "#1a1a1a"), "p": (10.0, False, "#1a1a1a"),
         "meta": (8.5, False, "#555555")}
_SPACE_BEFORE = {"h1": 0.0, "h2": 2.2, "h3": 1.4}  # in lines of body text


class _Block(NamedTuple):
    """A print-HTML block: its text (lines joined by U+2028) and formatted runs."""

    kind: str  # h1, h2, h3 or p
    text: str
    runs: list[tuple[int, int, tuple]]  # start, length, (paragraph kind, bold, italic, colour)
    rtl: bool
    plain: bool = False  # only characters that look the same unshaped (laid out faster)


def _unescape(s: str) -> str:
    return _ENTITY.sub(_entity, s) if "&" in s else s


def _entity(m: re.Match[str]) -> str:
    e = m.group(1)
    if e[0] == "#":
        return chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:]))
    return {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\u00a0"}[e]


def _line_program(tags: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int, tuple], ...]]:
    """What the tags of a print-HTML line do: the block's kind, and for the text after each
    tag a step (line break before it: 0 never, 1 always, 2 unless at the start; index of the
    text in the split line; its format).  Lines with the same tags share one program."""
    kind = ""
    para, bold, italic = "p", 0, 0
    colours: list[str] = []
    steps = []
    for j, tag in enumerate(tags):
        close, name, attrs = _TAG.match(tag).groups()
        name = name.lower()
        sep = 0
        if name == "br":
            sep = 1
        elif name in ("p", "h1", "h2", "h3"):
            if close:
                para = "p"
            else:
                sep = 2
                para = "meta" if 'class="meta"' in attrs else name
                kind = kind or name
        elif name == "b":
            bold += -1 if close else 1
        elif name == "i":
            italic += -1 if close else 1
        elif name == "font":
            if close:
                if colours:
                    colours.pop()
            else:
                m = _COLOUR.search(attrs)
                colours.append(m.group(1) if m else "")
        steps.append((sep, 2 * j + 2, (para, bold > 0, italic > 0, colours[-1] if colours else "")))
    return kind or "p", tuple(steps)


def parse_print_html(html: str, /) -> list[_Block] | None:
    """The blocks of a page made by ``parallax.reader.notes.export.to_print_html``; ``None`` for any
    other HTML (printed by ``QTextDocument`` instead)."""
    head_end = html.find("<body>")
    if _PRINT_MARK not in html[: max(head_end, 0)]:
        return None
    body = html[head_end + len("<body>"): html.rfind("</body>")]
    blocks: list[_Block] = []
    programs: dict[tuple[str, ...], tuple] = {}
    split, unescape, line_sep = _SPLIT_TAGS, _ENTITY.sub, "\u2028"
    needs_shaping, first_letter, rtl_letter = _NEEDS_SHAPING.search, _FIRST_LETTER.search, _RTL.match
    for line in body.split("\n"):
        if not line:
            continue
        toks = split(line)
        tags = tuple(toks[1::2])
        program = programs.get(tags)
        if program is None:
            program = _line_program(tags)
            if len(programs) < 10_000:
                programs[tags] = program
        kind, steps = program
        text = toks[0]
        if text:
            text = unescape(_entity, text) if "&" in text else text
            pieces, pos = [text], len(text)
        else:
            pieces, pos = [], 0
        runs: list[tuple[int, int, tuple]] = []
        for sep, i, key in steps:
            if sep and (pos or sep == 1):
                pieces.append(line_sep)
                pos += 1
            text = toks[i]
            if text:
                if "&" in text:
                    text = unescape(_entity, text)
                pieces.append(text)
                n = len(text)
                runs.append((pos, n, key))
                pos += n
        full = "".join(pieces)
        if not full or full.isspace():
            continue
        if needs_shaping(full) is None:
            blocks.append(_Block(kind, full, runs, False, True))
        else:
            m = first_letter(full)
            blocks.append(_Block(kind, full, runs, bool(m and rtl_letter(m.group()))))
    return blocks


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


def _paginate(blocks: list[_Block], writer, width: float, height: float) -> Iterator[_Page]:
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


def _draw(pages: Iterable[_Page], numbered: _Pages) -> None:
    from PySide6.QtCore import QPointF

    painter = numbered.painter
    for page in pages:
        numbered.next()
        for line, y in page.lines:
            line.draw(painter, QPointF(0.0, y))


def _print_part(html: str, path: str, *, first_page: Callable[[int], int] | None = None) -> int:
    """Print a print-HTML (or any HTML) page to ``path``; returns the number of pages.

    ``first_page(page_count)`` is asked, once the part is laid out, for the number of its
    first page (parts printed side by side number their pages as one document)."""
    from parallax.reader.notes.library import paused_gc

    _gui_app()
    with paused_gc():  # hundreds of thousands of small objects; nothing cyclic to collect
        return _print_part_now(html, path, first_page)


def _print_part_now(html: str, path: str, first_page: Callable[[int], int] | None) -> int:
    from PySide6.QtGui import QPainter

    blocks = parse_print_html(html)
    writer = _new_writer(path)
    painter = QPainter()
    if not painter.begin(writer):
        raise ParallaxError(f"{path}: the PDF could not be written")
    try:
        if blocks is None:
            numbered = _Pages(writer, painter)
            _print_document(html, numbered)
            count = numbered.page
        else:
            numbered = _Pages(writer, painter)
            pages = _paginate(blocks, writer, numbered.width, numbered.body_height)
            first = 1
            if first_page is not None:  # all laid out first, to know how many pages
                pages = list(pages)  # type: ignore[assignment]
                first = first_page(len(pages))
                numbered.page = first - 1
            _draw(pages, numbered)
            count = numbered.page - first + 1
    finally:
        painter.end()
    del writer  # flushes and closes the file
    _check_written(path)
    return count


PARALLEL_CHARS = 2_000_000  # print HTML longer than this is printed by several processes
MIN_PART_CHARS = 1_000_000  # ... one a core (up to MAX_WORKERS), each this much at least (a
# child process costs about 0.3 s to start; 1,000,000 characters take about 0.5 s to print)
MAX_WORKERS = 4
CHUNK_CHARS = 8_000_000  # a process lays out at most this much at once (about 300 MB)


def worker_count(size: int, /, *, cpus: int | None = None, parallel_chars: int = PARALLEL_CHARS,
                  min_part_chars: int = MIN_PART_CHARS) -> int:
    """How many processes print ``size`` characters of print HTML: one for a short page,
    else one a core (at most :data:`MAX_WORKERS`), none with less than ``min_part_chars``."""
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


def split_print_html(html: str, parts: int, /) -> list[str]:
    """The print HTML cut into up to ``parts`` whole pages of about equal length, between
    blocks (at a heading when there is one near the cut: each part starts on a new
    page).  Any other HTML, or a page with too few blocks, stays whole."""
    start = html.find("<body>") + len("<body>")
    end = html.rfind("</body>")
    if parts <= 1 or _PRINT_MARK not in html[: max(start, 0)] or end < start:
        return [html]
    head, tail = html[:start], html[end:]
    step = (end - start) / parts
    window = int(step / 8)
    cuts = [start]
    for i in range(1, parts):
        at = max(int(start + i * step), cuts[-1] + 1)
        after = html.find("\n<h", at, min(at + window, end))
        before = html.rfind("\n<h", max(at - window, cuts[-1]), at)
        if before >= 0 and (after < 0 or at - before < after - at):
            cut = before
        else:
            cut = after if after >= 0 else html.find("\n", at, end)
        if cut < 0:
            break
        cuts.append(cut + 1)
    cuts.append(end)
    pieces = [html[a:b] for a, b in itertools.pairwise(cuts)]
    pieces = [p for p in pieces if p.strip()]
    if len(pieces) <= 1:
        return [html]
    return [head + p + tail for p in pieces]


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
    """A printing process: ``python -c 'from parallax.ui.pdf import _child; _child()' HTML PDF ...``
    prints each part ``HTML`` to ``PDF``: lays it out, writes its page count to stdout,
    reads the number of its first page from stdin, then draws."""
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
        for html_path, pdf_path in zip(args[::2], args[1::2], strict=True):
            html = Path(html_path).read_text(encoding="utf-8")
            _print_part(html, pdf_path, first_page=first_page)
    except ParallaxError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1) from None


def html_to_pdf(html: str, path: str, /, *, workers: int | None = None,
                parallel_chars: int = PARALLEL_CHARS, min_part_chars: int = MIN_PART_CHARS,
                chunk_chars: int = CHUNK_CHARS) -> None:
    """Lay ``html`` out on numbered A4 pages and write it to ``path`` as PDF.

    The print HTML of ``parallax.reader.notes.export.to_print_html`` is laid out line by line with
    ``QTextLayout``; one longer than ``parallel_chars`` by one process a core (see
    :func:`worker_count`; ``workers`` says how many instead, ``1`` for this one only), each
    part starting on a new page, the pages numbered throughout and joined into one document
    (:func:`join_pdfs`).  A process lays out at most about ``chunk_chars`` at once.  Any
    other HTML goes through ``QTextDocument``.  The PDF is written next to ``path`` and
    renamed to it when complete."""
    import tempfile

    target = Path(path)
    if target.is_dir():
        raise ParallaxError(f"{path}: is a directory")
    if workers is None:
        workers = worker_count(len(html), parallel_chars=parallel_chars,
                                min_part_chars=min_part_chars)
    workers = max(1, workers)
    parts = split_print_html(html, _part_count(len(html), workers, chunk_chars=chunk_chars))
    try:
        tmp = tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise ParallaxError(f"{path}: cannot write ({err.strerror})") from None
    with tmp:
        out = str(Path(tmp.name) / "out.pdf")
        try:
            if len(parts) == 1:
                _print_part(html, out)
            else:
                _print_parallel(parts, min(workers, len(parts)), Path(tmp.name), out)
            _check_written(out)
            os.replace(out, target)
        except OSError as err:
            raise ParallaxError(f"{path}: cannot write ({err.strerror})") from None
        except ParallaxError as err:  # about the file being written: name the target
            raise ParallaxError(str(err).replace(out, str(path))) from None


def _print_parallel(parts: list[str], workers: int, tmp: Path, out: str) -> None:
    """Print ``parts`` (whole print-HTML pages, in order) by ``workers`` processes, this one
    and children, into the PDF ``out``."""
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
                html_path = tmp / f"part{c}.html"
                html_path.write_text(parts[c], encoding="utf-8")
                args += [str(html_path), pdfs[c]]
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
        for c in range(0, len(parts), workers):
            _print_part(parts[c], pdfs[c], first_page=relay.first_page)
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
    join_pdfs(pdfs, out)


def _print_document(html: str, pages: _Pages) -> None:
    """Any HTML, through ``QTextDocument``, in parts (see the module's docstring)."""
    from PySide6.QtCore import QRectF, QSizeF
    from PySide6.QtGui import QTextDocument

    painter, width, body_height = pages.painter, pages.width, pages.body_height
    for part in split_html(html, part_chars=PART_CHARS):
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(pages.writer)  # lay out in the PDF's resolution
        doc.setHtml(part)
        doc.setPageSize(QSizeF(width, body_height))
        for i in range(doc.pageCount()):
            pages.next()
            painter.save()
            painter.translate(0, -i * body_height)
            doc.drawContents(painter, QRectF(0, i * body_height, width, body_height))
            painter.restore()


# ---------------------------------------------------------------- joining PDFs

_REF = re.compile(rb"(\d+) 0 R\b")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class _Pdf(NamedTuple):
    objects: dict[int, bytes]  # number -> "N 0 obj ... endobj\n"
    root: int
    info: int | None
    pages: int
    kids: list[int]
    trailer_id: bytes


def _read_qt_pdf(data: bytes) -> _Pdf:
    """The objects of a PDF as ``QPdfWriter`` writes it (one xref table, objects in full)."""
    m = _STARTXREF.search(data[-64:])
    if m is None:
        raise ValueError("no startxref")
    xref = int(m.group(1))
    head = data[xref:xref + 64].split(b"\n")
    if head[0].strip() != b"xref" or head[1].split()[0] != b"0":
        raise ValueError("not a single xref table")
    count = int(head[1].split()[1])
    table_at = xref + len(head[0]) + len(head[1]) + 2
    offsets = {}
    for i in range(1, count):
        entry = data[table_at + 20 * i: table_at + 20 * i + 20]
        if entry[17:18] == b"n":
            offsets[i] = int(entry[:10])
    order = sorted(offsets.items(), key=lambda kv: kv[1])
    objects = {}
    for k, (num, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else xref
        body = data[start:end]
        if not body.startswith(b"%d 0 obj" % num):
            raise ValueError(f"object {num} is not where the xref says")
        objects[num] = body
    trailer = data[data.rindex(b"trailer", 0, len(data)):]
    root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
    info_m = re.search(rb"/Info (\d+) 0 R", trailer)
    id_m = re.search(rb"/ID \[[^\]]*\]", trailer)
    pages = int(re.search(rb"/Pages (\d+) 0 R", objects[root]).group(1))
    kids_m = re.search(rb"/Kids\s*\[([^\]]*)\]", objects[pages])
    kids = [int(k) for k in _REF.findall(kids_m.group(1))]
    return _Pdf(objects, root, int(info_m.group(1)) if info_m else None, pages, kids,
                id_m.group(0) if id_m else b"")


def _renumber(body: bytes, shift: int) -> bytes:
    """An object with its own number and every reference moved by ``shift`` (the stream
    data, if any, is copied as it is)."""
    cut = body.find(b"stream\n")
    head, tail = (body, b"") if cut < 0 else (body[:cut], body[cut:])
    head = _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + shift), head)
    first_nl = head.index(b" 0 obj")
    return b"%d" % (int(head[:first_nl]) + shift) + head[first_nl:] + tail


def join_pdfs(parts: list[str], out: str) -> None:
    """Concatenate the pages of PDFs written by ``QPdfWriter`` into ``out`` (the first
    part's document information and catalog are kept)."""
    docs = [_read_qt_pdf(Path(p).read_bytes()) for p in parts]
    first = docs[0]
    objects: dict[int, bytes] = dict(first.objects)
    kids = list(first.kids)
    top = max(objects)
    parent = b"/Parent %d 0 R" % first.pages
    for doc in docs[1:]:
        shift = top
        own_parent = b"/Parent %d 0 R" % (doc.pages + shift)
        replaced = {doc.root, doc.pages, doc.info}
        pages = set(doc.kids)
        for num, body in doc.objects.items():
            if num in replaced:
                continue  # its catalog, page tree and info are replaced by the first part's
            body = _renumber(body, shift)
            if num in pages:
                body = body.replace(own_parent, parent, 1)
            objects[num + shift] = body
        kids += [k + shift for k in doc.kids]
        top = max(top, max(doc.objects) + shift)
    objects[first.pages] = (b"%d 0 obj\n<<\n/Type /Pages\n/Kids [\n" % first.pages
                            + b"".join(b"%d 0 R\n" % k for k in kids)
                            + b"]\n/Count %d\n>>\nendobj\n" % len(kids))
    size = top + 1
    with open(out, "wb") as fh:
        fh.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        pos = fh.tell()
        offsets = [0] * size
        for num in sorted(objects):
            offsets[num] = pos
            fh.write(objects[num])
            pos += len(objects[num])
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        xref += [b"%010d 00000 n \n" % o if o else b"0000000000 65535 f \n" for o in offsets[1:]]
        fh.write(b"".join(xref))
        info = b"/Info %d 0 R\n" % first.info if first.info else b""
        fh.write(b"trailer\n<<\n/Size %d\n%s/Root %d 0 R\n%s\n>>\nstartxref\n%d\n%%%%EOF\n"
                 % (size, info, first.root, first.trailer_id, pos))
