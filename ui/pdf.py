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

Most documents need none of Qt's shaping: when every block is plain, the document is
written by :mod:`parallax.ui.pdf_direct` instead (:func:`_print_direct`): the same
pages and fonts, about three times faster, a long one laid out by two processes whose
pages are written as one document (no join).

``print_pdf(..., progress=...)`` reports the share done as it goes (this process's
part of the work: each block laid out, each page drawn, each part joined); the
callback may raise (e.g. ``Cancelled``) to stop the printing there: the printing
processes are killed and nothing is left of the file, its parts or its folder.
This runs on a worker thread in the window: QPainter on a ``QPdfWriter`` and text
layout are supported outside the GUI thread, one painter per device (Qt's
"Thread-Support in Qt Modules"), which is how the parts are printed.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from parallax.reader.errors import ParallaxError
from parallax.reader.notes.printdoc import NoteBlock, Passage, PrintDocument
from parallax.reader.text.gcpause import paused_gc
from parallax.ui import pdf_direct
from parallax.ui.pdf_blocks import (
    KIND,
    NEEDS_SHAPING,
    SPACE_BEFORE,
    Block,
    block_of,
    blocks_of,
    cut_points,
    document_size,
    item_size,
    items_of,
    split_blocks,
)

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


def _save_blocks(blocks: list[Block], path: Path) -> None:
    """Blocks as JSON for a printing process: each run's format as an index into one table."""
    formats: dict[tuple, int] = {}
    rows = [[b.kind, b.text, [x for s, n, f in b.runs for x in (s, n, formats.setdefault(f, len(formats)))],
             b.rtl, b.plain] for b in blocks]
    path.write_text(json.dumps({"formats": list(formats), "blocks": rows}, ensure_ascii=False),
                    encoding="utf-8")


def _load_blocks(path: str) -> list[Block]:
    saved = json.loads(Path(path).read_text(encoding="utf-8"))
    formats = [tuple(f) for f in saved["formats"]]
    return [Block(kind, text, [(r[k], r[k + 1], formats[r[k + 2]]) for k in range(0, len(r), 3)],
                   rtl, plain)
            for kind, text, r, rtl, plain in saved["blocks"]]


# ---------------------------------------------------------------- laying out and drawing


def _ticking(blocks: list[Block], tick: Progress | None, start: float, share: float) -> Iterable[Block]:
    """``blocks``, reporting ``start + share * (the part gone through)`` every 32 blocks."""
    if tick is None:
        return blocks

    def counted() -> Iterator[Block]:
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


def _paginate(blocks: Iterable[Block], writer, width: float, height: float) -> Iterator[_Page]:
    """The blocks laid out with ``QTextLayout``, page by page (a block split by a page
    break is drawn line by line).  A block of :attr:`Block.plain` text is laid out
    without shaping (``QFont.PreferNoShaping``: no OpenType ligatures or kerning, about
    half the line-breaking time); any other keeps full shaping (Arabic, Indic, combining
    marks ... need it)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextLayout, QTextOption

    base = QFont()
    base.setFamilies(["DejaVu Sans", "Noto Sans", "Arial"])
    base.setStyleHint(QFont.StyleHint.SansSerif)
    base.setPointSizeF(KIND["p"][0])
    fonts = {}
    for kind, (size, bold, _colour) in KIND.items():
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
        size, para_bold, para_colour = KIND[para]
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
        before = SPACE_BEFORE.get(kind, 0.0) * line_height
        if kind in SPACE_BEFORE and y > 0 and y + before + 4 * line_height > height:
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


def _print_part(blocks: list[Block], path: str, *,
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
              chunk_chars: int = CHUNK_CHARS, progress: Progress | None = None,
              direct: bool = True) -> None:
    """Lay the document out on numbered A4 pages and write it to ``path`` as PDF.

    One longer than ``parallel_chars`` is printed by one process a core (see
    :func:`worker_count`; ``workers`` says how many instead, ``1`` for this one only),
    each part starting on a new page, the pages numbered throughout and joined into one
    document (:func:`join_pdfs`).  A process lays out at most about ``chunk_chars`` at
    once.  The PDF is written next to ``path`` and renamed to it when complete.
    ``progress(share)`` is told how far the printing is; it may raise to stop it, and
    then nothing is written.

    With ``direct`` (the default), a document whose blocks are all plain is written by
    :mod:`parallax.ui.pdf_direct` instead (:func:`_print_direct`: the same pages, several
    times faster); any other, or with ``direct=False``, is printed by Qt as above."""
    import tempfile

    target = Path(path)
    if target.is_dir():
        raise ParallaxError(f"{path}: is a directory")
    blocks: list[Block] = []
    if not direct:
        blocks = blocks_of(doc)
        size = document_size(blocks)
    else:  # the blocks are made in the printing processes, if Qt is not needed
        size = sum(map(item_size, items_of(doc)))
    if workers is None:
        workers = worker_count(size, parallel_chars=parallel_chars, min_part_chars=min_part_chars)
    workers = max(1, workers)
    try:
        tmp = tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise ParallaxError(f"{path}: cannot write ({err.strerror})") from None
    with tmp:
        out = str(Path(tmp.name) / "out.pdf")
        try:
            if not (direct and _print_direct(doc, out, workers, progress)):
                blocks = blocks or blocks_of(doc)
                parts = split_blocks(blocks, _part_count(document_size(blocks), workers, chunk_chars=chunk_chars))
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


def _print_parallel(parts: list[list[Block]], workers: int, tmp: Path, out: str,
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


def _direct_pages(items: list, fonts: Any, tick: Progress | None = None) -> list | None:
    """The pages of ``items`` written by :mod:`pdf_direct` (None: a block needs Qt)."""
    if not items:
        return []
    blocks = [b for b in map(block_of, items) if b is not None]
    if not pdf_direct.printable(blocks, fonts):
        return None
    return list(pdf_direct.pages(blocks, fonts, kinds=KIND, space_before=SPACE_BEFORE, tick=tick))


def _direct_child() -> None:
    """A process laying out pages for :func:`_print_direct`: ``python -c 'from parallax.ui.pdf
    import _direct_child; _direct_child()' OUT`` reads on standard input the name of a file
    holding its items and fonts, pickled (it is started first: its imports overlap the
    parent's work), and pickles its pages (or None: Qt is needed) to ``OUT``."""
    import pickle

    dst = sys.argv[1]
    src = sys.stdin.readline().strip()
    if not src:
        raise SystemExit(1)  # the parent stopped
    with open(src, "rb") as fh:
        items, fonts = pickle.load(fh)
    with paused_gc():
        got = _direct_pages(items, fonts)
    with open(dst + ".part", "wb") as fh:
        pickle.dump(got, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(dst + ".part", dst)


CHILD_SHARE = 0.9  # a printing process's part, as a share of this one's (it starts later)


def _print_direct(doc: PrintDocument, out: str, workers: int, progress: Progress | None) -> bool:
    """Write ``doc`` to ``out`` with :mod:`pdf_direct` when every block is plain: cut into
    ``workers`` parts (at headings when near), each laid out by a process of its own (this
    one for the first) and written here as one document.  False: the document needs Qt's
    shaping (nothing written)."""
    import pickle
    import subprocess

    tmp = Path(out).parent
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    items = items_of(doc)
    if any(NEEDS_SHAPING.search(repr(it)) for it in items):
        return False  # a block will need shaping (its text is the items' and plain marks)
    children: list[tuple[Any, Path]] = []
    try:
        for c in range(1, workers):  # started first: a process takes a while to import
            dst = tmp / f"direct{c}.out"
            try:
                children.append((subprocess.Popen(
                    [sys.executable, "-c", "from parallax.ui.pdf import _direct_child; _direct_child()", str(dst)],
                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env), dst))
            except OSError as err:
                raise ParallaxError(f"{out}: cannot start a printing process ({err.strerror})") from None
        _gui_app()
        fonts = pdf_direct.fonts()
        if fonts is None:
            return False
        parts = [items]
        if children:  # this process's part a little larger: the others start later (imports)
            headings = [i for i, it in enumerate(items)
                        if not isinstance(it, (Passage, NoteBlock)) and it[0] != "p"]
            cuts = cut_points(list(map(item_size, items)), headings, 1 + len(children),
                         weights=[1.0] + [CHILD_SHARE] * len(children))
            parts = [items[a:b] for a, b in itertools.pairwise(cuts)]
        lean = pdf_direct.lean(fonts)
        for c, ((child, _dst), part) in enumerate(itertools.zip_longest(children, parts[1:]), 1):
            src = tmp / f"direct{c}.in"  # a file: a pipe would wait for the child's imports
            with open(src, "wb") as fh:
                pickle.dump((part or [], lean), fh, protocol=pickle.HIGHEST_PROTOCOL)
            with contextlib.suppress(OSError):  # a child that stopped: its error is read below
                child.stdin.write(f"{src}\n".encode())
                child.stdin.close()
        share = len(parts[0]) / max(1, len(items))
        with paused_gc():
            pages = _direct_pages(parts[0], fonts, None if progress is None else (
                lambda done: progress(0.9 * share * done)))
        if pages is None:
            return False
        for child, dst in children:
            err = child.stderr.read()
            child.wait()
            if child.returncode:
                last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [
                    f"exit status {child.returncode}"]
                raise ParallaxError(f"{out}: a printing process failed ({last[0]})")
            with open(dst, "rb") as fh:
                got = pickle.load(fh)
            if got is None:
                return False
            pages += got
    finally:
        for child, _dst in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    if progress is not None:
        progress(0.9)
    pdf_direct.write(pages, out, fonts, kinds=KIND)
    if progress is not None:
        progress(1.0)
    return True


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
