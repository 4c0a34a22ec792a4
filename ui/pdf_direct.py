"""Printing plain blocks straight to PDF, without Qt's paint engine.

:mod:`parallax.ui.pdf` lays blocks out with ``QTextLayout`` and paints them on a
``QPdfWriter``: Qt's PDF engine then writes every glyph with its own position and
deflates each page, about 4 s for the 3.2 million characters of 20,000 annotations.
Most documents need none of what it does: their blocks are
:attr:`~parallax.ui.pdf._Block.plain` (Latin, Greek, Cyrillic and common symbols,
no combining marks, nothing right to left), which need no shaping.  This module
writes those itself, with the same page, fonts, sizes, colours and line breaks:

* the fonts are the faces Qt picks for the same families (``QRawFont``: their
  tables, glyph ids and advances), embedded whole as ``CIDFontType2`` with
  ``Identity-H`` encoding, a ``/W`` array and a ``ToUnicode`` map, so the text can
  be selected, searched and extracted;
* a paragraph is broken into lines greedily at spaces (a word wider than the line
  anywhere), from the running sum of its characters' advances: a bisection per
  line, not a Python step per word;
* each line is one text object, placed once, a run of glyph ids per format (each
  run follows the last by the glyphs' widths).

:func:`fonts` reads the four faces once a process, for every character a plain block
may hold; :func:`printable` says whether blocks can go this way (all plain, every
character in the fonts); anything else is printed by Qt as before.  :func:`pages` lays
blocks out into deflated page contents (in any process: it needs no Qt), and
:func:`write` numbers and writes them with the fonts.
"""

from __future__ import annotations

import math
import struct
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import accumulate, chain
from typing import Any, NamedTuple

__all__ = ["fonts", "lean", "pages", "printable", "write"]

_LINE = "\u2028"
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4, in points
LEFT, RIGHT, TOP, BOTTOM = 18 * MM, 18 * MM, 15 * MM, 12 * MM  # pdf._new_writer's margins
FOOTER = 0.3 * 72  # the page number's band at the foot (pdf._Pages)
FAMILIES = ["DejaVu Sans", "Noto Sans", "Arial"]  # pdf._paginate's
_TABLES = ("OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep")


class Face(NamedTuple):
    """One embedded font face: its glyph ids and advances (1/1000 em) per character."""

    name: str          # the PostScript-like name written as /BaseFont
    data: bytes        # the TrueType font
    gids: dict[str, int]
    advance: dict[str, float]  # per 1000 units of the em
    ascent: float      # per 1000
    descent: float     # per 1000, positive
    bbox: tuple[int, int, int, int]
    italic_angle: float
    hexes: dict[int, str]  # ord(char) -> the glyph id as four hex digits (str.translate)


def _ttf(tables: dict[str, bytes]) -> bytes:
    """A TrueType file holding ``tables`` (the table directory and checksums)."""
    tags = sorted(tables)
    n = len(tags)
    power = 1 << (n.bit_length() - 1)
    head = struct.pack(">IHHHH", 0x00010000, n, power * 16, power.bit_length() - 1, n * 16 - power * 16)
    offset = 12 + 16 * n
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        if tag == "head":  # checkSumAdjustment is left 0: readers do not need it
            data = data[:8] + b"\0\0\0\0" + data[12:]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset, len(data)))
        body.append(padded)
        offset += len(padded)
    return head + b"".join(directory) + b"".join(body)


def _face(raw: Any, chars: str) -> Face | None:
    """The face of a ``QRawFont`` for those of ``chars`` it has (None: not a TrueType
    face whose tables Qt gives)."""
    tables = {t: bytes(raw.fontTable(t).data()) for t in _TABLES}
    tables = {t: d for t, d in tables.items() if d}
    if not all(t in tables for t in ("head", "hhea", "hmtx", "loca", "glyf", "maxp")):
        return None
    head, hhea, hmtx = tables["head"], tables["hhea"], tables["hmtx"]
    upem = struct.unpack_from(">H", head, 18)[0]
    bbox = struct.unpack_from(">hhhh", head, 36)
    ascender, descender = struct.unpack_from(">hh", hhea, 4)
    metrics = struct.unpack_from(">H", hhea, 34)[0]
    angle = struct.unpack_from(">i", tables["post"], 4)[0] / 65536 if "post" in tables else 0.0
    ids = list(raw.glyphIndexesForString(chars))
    if len(ids) != len(chars):
        return None
    scale = 1000 / upem
    advance, gids = {}, {}
    for ch, g in zip(chars, ids, strict=True):
        if g:
            gids[ch] = g
            advance[ch] = struct.unpack_from(">H", hmtx, 4 * min(g, metrics - 1))[0] * scale
    name = "".join(c for c in f"{raw.familyName()}-{raw.styleName()}" if c.isalnum() or c == "-")
    return Face(name, _ttf(tables), gids, advance, ascender * scale, -descender * scale,
                tuple(round(v * scale) for v in bbox), angle, {ord(c): f"{g:04x}" for c, g in gids.items()})


class _Style(NamedTuple):
    face: int          # index into the faces
    size: float
    select: str        # the operators that select its font, size and colour
    width: dict[str, float]  # points per character
    ascent: float      # points, rounded up to the printer's pixels as Qt lays lines out
    descent: float
    hexes: dict[int, str]  # the face's glyph ids (str.translate)


_PIXEL = 72 / 300  # pdf._new_writer's resolution: Qt rounds a line's ascent and descent to it


def _pixels(points: float) -> float:
    return math.ceil(points / _PIXEL - 1e-6) * _PIXEL


def _rgb(colour: str) -> str:
    return " ".join(f"{int(colour[i:i + 2], 16) / 255:.3f}" for i in (1, 3, 5))


class _Fonts:
    """The faces and styles of a document; None if a character is missing from a face."""

    def __init__(self, faces: dict[tuple[bool, bool], Face]):
        self.faces = faces
        self.order = list(faces)  # face index -> (bold, italic)
        self.styles: dict[tuple, _Style] = {}

    def style(self, key: tuple, kinds: dict[str, tuple[float, bool, str]]) -> _Style:
        got = self.styles.get(key)
        if got is None:
            para, bold, italic, colour = key
            size, para_bold, para_colour = kinds[para]
            which = (bool(bold or para_bold), bool(italic))
            face = self.faces[which]
            k = self.order.index(which)
            got = self.styles[key] = _Style(
                k, size, f"/F{k} {size:g} Tf {_rgb(colour or para_colour)} rg",
                {c: a * size / 1000 for c, a in face.advance.items()},
                _pixels(face.ascent * size / 1000), _pixels(face.descent * size / 1000) + _PIXEL, face.hexes)
        return got


# The characters a plain block may hold (``pdf._NEEDS_SHAPING``'s complement): the fonts
# are read for all of them once, whatever the document.
_PLAIN_RANGES = ((0x20, 0x7e), (0xa0, 0xac), (0xae, 0x24f), (0x370, 0x377), (0x37a, 0x37f), (0x384, 0x3ff),
                 (0x400, 0x482), (0x48a, 0x4ff), (0x1e00, 0x1eff), (0x2010, 0x2027), (0x2030, 0x205e),
                 (0x20a0, 0x20c0), (0x2100, 0x214f), (0x2190, 0x21ff), (0x2200, 0x22ff), (0x25a0, 0x25ff))


@lru_cache(maxsize=1)
def fonts() -> _Fonts | None:
    """The four faces (regular, bold, italic, bold italic) Qt picks for the printer's
    families, for every character a plain block may hold (None: no usable face).  Needs
    a ``QGuiApplication``."""
    from PySide6.QtGui import QFont, QRawFont

    chars = "".join(chr(c) for lo, hi in _PLAIN_RANGES for c in range(lo, hi + 1))
    faces = {}
    for bold in (False, True):
        for italic in (False, True):
            f = QFont()
            f.setFamilies(FAMILIES)
            f.setStyleHint(QFont.StyleHint.SansSerif)
            f.setPointSizeF(10)
            f.setBold(bold)
            f.setItalic(italic)
            face = _face(QRawFont.fromFont(f), chars)
            if face is None or not all(d in face.gids for d in "0123456789 "):
                return None
            faces[bold, italic] = face
    return _Fonts(faces)


def _normal(text: str) -> str:
    """A block's text as laid out: a tab is a space, a line break starts a line (the
    same length, so the runs still fit)."""
    return text.replace("\t", " ").replace("\n", _LINE)


def printable(blocks: list, fonts: _Fonts, /) -> bool:
    """Whether ``blocks`` can be printed here: all plain, every character in every face."""
    if not all(b.plain and not b.rtl for b in blocks):
        return False
    chars = set(chain.from_iterable(_normal(b.text) for b in blocks))
    chars.discard(_LINE)
    return all(chars <= face.gids.keys() for face in fonts.faces.values())


class _Out:
    """A PDF being written: numbered objects, their offsets, the pages."""

    def __init__(self, fh):
        self.fh = fh
        self.offsets: dict[int, int] = {}
        self.pos = 0
        self.next_id = 1
        self.pages: list[int] = []
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.pos += len(data)

    def reserve(self) -> int:
        n = self.next_id
        self.next_id += 1
        return n

    def obj(self, n: int, body: bytes | str) -> None:
        self.offsets[n] = self.pos
        self._write(f"{n} 0 obj\n".encode() + (body.encode("latin-1") if isinstance(body, str) else body)
                    + b"\nendobj\n")

    def stream(self, n: int, data: bytes, extra: str = "", *, level: int = 1) -> None:
        self.packed(n, zlib.compress(data, level), extra)

    def packed(self, n: int, packed: bytes, extra: str = "") -> None:
        """A stream already deflated."""
        self.obj(n, f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode()
                 + packed + b"\nendstream")

    def finish(self, root: int, info: int) -> None:
        xref = self.pos
        count = self.next_id
        rows = [b"0000000000 65535 f \n"] + [f"{self.offsets.get(i, 0):010d} 00000 n \n".encode()
                                             for i in range(1, count)]
        self._write(f"xref\n0 {count}\n".encode() + b"".join(rows))
        self._write(f"trailer\n<< /Size {count} /Root {root} 0 R /Info {info} 0 R >>\n"
                    f"startxref\n{xref}\n%%EOF\n".encode())


@lru_cache(maxsize=8)
def _deflated(data: bytes) -> bytes:
    """A font file deflated, once a process (each export embeds the same faces)."""
    return zlib.compress(data, 6)


def _font_objects(out: _Out, face: Face) -> int:
    """Write one face (Type 0 over a CIDFontType2, the widths and ToUnicode map of the
    document's characters); its id."""
    type0, cid, desc, file_, tounicode = (out.reserve() for _ in range(5))
    out.packed(file_, _deflated(face.data), f"/Length1 {len(face.data)} ")
    flags = 32 | (64 if face.italic_angle else 0)
    x0, y0, x1, y1 = face.bbox
    out.obj(desc, f"<< /Type /FontDescriptor /FontName /{face.name} /Flags {flags} /FontBBox [{x0} {y0} {x1} {y1}] "
                  f"/ItalicAngle {face.italic_angle:.1f} /Ascent {face.ascent:.0f} /Descent {-face.descent:.0f} "
                  f"/CapHeight {face.ascent:.0f} /StemV 80 /FontFile2 {file_} 0 R >>")
    by_gid: dict[int, str] = {}
    for ch in sorted(face.gids):
        by_gid.setdefault(face.gids[ch], ch)
    widths = " ".join(f"{g} [{face.advance[ch]:.2f}]" for g, ch in sorted(by_gid.items()))
    out.obj(cid, f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{face.name} "
                 f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                 f"/FontDescriptor {desc} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>")
    pairs = sorted(by_gid.items())
    chunks = []
    for k in range(0, len(pairs), 100):
        part = pairs[k:k + 100]
        chunks.append(f"{len(part)} beginbfchar\n"
                      + "\n".join(f"<{g:04x}> <{ord(ch):04x}>" for g, ch in part) + "\nendbfchar")
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(chunks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
    out.stream(tounicode, cmap.encode("ascii"))
    out.obj(type0, f"<< /Type /Font /Subtype /Type0 /BaseFont /{face.name} /Encoding /Identity-H "
                   f"/DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>")
    return type0


class _Line(NamedTuple):
    height: float
    ascent: float
    pieces: list[tuple[float, _Style, str]]  # x, style, text


def _line(drawn: list[tuple[float, _Style, str]]) -> _Line:
    """A line of pieces, as high as its largest font."""
    st = drawn[0][1]
    asc, desc = st.ascent, st.descent
    for piece in drawn:
        st = piece[1]
        if st.ascent > asc:
            asc = st.ascent
        if st.descent > desc:
            desc = st.descent
    return _Line(asc + desc, asc, drawn)


def _lines_of(text: str, segments: list[tuple[int, int, _Style]], width: float) -> list[_Line]:
    """The lines of one block: each U+2028 starts one, then greedy breaks at spaces (a
    word longer than the line anywhere), from the running sum of the advances."""
    out: list[_Line] = []
    parts = text.split(_LINE) if _LINE in text else [text]
    pos = 0
    first = 0  # the first segment not wholly before the part (parts and segments run in order)
    last = len(segments)
    for part in parts:
        s0, e0 = pos, pos + len(part)
        pos = e0 + 1
        if last == 1:
            pieces = [(0, e0 - s0, segments[0][2])]
        else:
            while first < last and segments[first][1] <= s0:
                first += 1
            pieces = []
            k = first
            while k < last and segments[k][0] < e0:
                a, b, st = segments[k]
                if b > s0:
                    pieces.append((max(a, s0) - s0, min(b, e0) - s0, st))
                k += 1
        if not pieces:
            st = next((st for a, b, st in segments if a <= s0 <= b), segments[0][2])
            out.append(_Line(st.ascent + st.descent, st.ascent, []))
            continue
        if len(pieces) == 1:
            st = pieces[0][2]
            if sum(map(st.width.__getitem__, part)) <= width:  # the whole paragraph on one line
                out.append(_Line(st.ascent + st.descent, st.ascent, [(0.0, st, part)]))
                continue
            cum = list(accumulate(map(st.width.__getitem__, part), initial=0.0))
        else:
            cum = list(accumulate(chain.from_iterable(map(st.width.__getitem__, part[a:b]) for a, b, st in pieces),
                                  initial=0.0))
        n = len(part)
        if cum[n] <= width:  # (most are)
            out.append(_line([(cum[a], st, part[a:b]) for a, b, st in pieces]))
            continue
        s = 0
        while s < n:
            e = bisect_right(cum, cum[s] + width, s) - 1
            if e >= n:
                e = nxt = n
            else:
                j = part.rfind(" ", s, e + 1)
                if j > s:
                    e, nxt = j, j + 1
                else:
                    e = nxt = max(e, s + 1)
                while nxt < n and part[nxt] == " ":
                    nxt += 1
            x0 = cum[s]
            out.append(_line([(cum[max(a, s)] - x0, st, part[max(a, s):min(b, e)])
                              for a, b, st in pieces if a < e and b > s]))
            s = nxt
    return out


def _segments(block, fonts: _Fonts, kinds) -> list[tuple[int, int, _Style]]:
    """The block's runs as styles, the gaps between them (line breaks) in the block's own."""
    styles = fonts.styles
    base = styles.get((block.kind, False, False, "")) or fonts.style((block.kind, False, False, ""), kinds)
    out, pos = [], 0
    for start, length, key in block.runs:  # in order (pdf._Text writes them so)
        if start > pos:
            out.append((pos, start, base))
        out.append((start, start + length, styles.get(key) or fonts.style(key, kinds)))
        pos = start + length
    if pos < len(block.text) or not out:
        out.append((pos, len(block.text), base))
    return out


def pages(blocks: list, fonts: _Fonts, /, *, kinds: dict, space_before: dict,
          tick: Callable[[float], object] | None = None) -> Iterator[tuple[bytes, set[int]]]:
    """Each page of ``blocks``: its deflated drawing operators (the page number aside) and
    the faces it uses.  Pages break as :func:`parallax.ui.pdf._paginate` breaks them: a
    heading is kept with what follows, a block split by a page break is split by line."""
    width = PAGE_W - LEFT - RIGHT
    height = PAGE_H - TOP - BOTTOM - FOOTER
    top = PAGE_H - TOP
    line_height = kinds["p"][0] * 1.25
    gap = line_height * 0.6
    ops: list[str] = []
    used: set[int] = set()

    def page() -> tuple[bytes, set[int]]:
        got = zlib.compress("\n".join(ops).encode("latin-1"), 1), set(used)
        ops.clear()
        used.clear()
        return got

    def draw(line: _Line, at: float) -> None:
        # one text object a line: placed once; each piece then follows the last (a Tj moves
        # on by the glyphs' widths, which are the advances the line was laid out with)
        pieces = line.pieces
        k = 0
        while k < len(pieces) and (not pieces[k][2] or pieces[k][2].isspace()):
            k += 1
        if k == len(pieces):
            return
        x, st, text = pieces[k]
        parts = [f"BT {st.select} {LEFT + x:.2f} {top - at - line.ascent:.2f} Td <{text.translate(st.hexes)}> Tj"]
        used.add(st.face)
        current = st
        for _x, st, text in pieces[k + 1:]:
            if st is not current:
                parts.append(st.select)
                current = st
                used.add(st.face)
            parts.append(f"<{text.translate(st.hexes)}> Tj")
        parts.append("ET")
        ops.append(" ".join(parts))

    y = 0.0
    n = max(1, len(blocks))
    for i, block in enumerate(blocks):
        if tick is not None and not i & 31:
            tick(i / n)
        lines = _lines_of(_normal(block.text), _segments(block, fonts, kinds), width)
        before = space_before.get(block.kind, 0.0) * line_height
        if block.kind in space_before and y > 0 and y + before + 4 * line_height > height:
            yield page()  # a heading is kept with what follows it
            y = 0.0
        elif y > 0:
            y += before
        if y + sum(ln.height for ln in lines) <= height or (y == 0 and len(lines) == 1):
            for ln in lines:
                draw(ln, y)
                y += ln.height
        else:
            for ln in lines:
                if y + ln.height > height and y > 0:
                    yield page()
                    y = 0.0
                draw(ln, y)
                y += ln.height
        y += gap
    yield page()


def lean(fonts: _Fonts, /) -> _Fonts:
    """``fonts`` without the font files: what a process that only lays out pages needs."""
    return _Fonts({k: f._replace(data=b"") for k, f in fonts.faces.items()})


def write(pages: list[tuple[bytes, set[int]]], path: str, fonts: _Fonts, /, *, kinds: dict,
          title: str = "Parallax notes") -> int:
    """Write the PDF of ``pages`` (from :func:`pages`: deflated operators, faces used) to
    ``path``, numbered at their foot as ``pdf._Pages`` numbers them; the page count."""
    faces = [fonts.faces[k] for k in fonts.order]
    number = fonts.style(("meta", False, False, "#000000"), {**kinds, "meta": (8.0, False, "#000000")})
    used = set().union(*(u for _, u in pages), {number.face})
    with open(path, "wb") as fh:
        out = _Out(fh)
        root, pages_id, resources, info = (out.reserve() for _ in range(4))
        desc = faces[number.face].descent * number.size / 1000
        for k, (ops, _used) in enumerate(pages, 1):
            label = str(k)
            w = sum(map(number.width.__getitem__, label))
            foot = (f"BT {number.select} 1 0 0 1 {(PAGE_W - w) / 2:.2f} {BOTTOM + desc:.2f} Tm "
                    f"<{label.translate(number.hexes)}> Tj ET")
            content, numbered, page = out.reserve(), out.reserve(), out.reserve()
            out.packed(content, ops)
            out.stream(numbered, foot.encode("latin-1"))
            out.obj(page, f"<< /Type /Page /Parent {pages_id} 0 R /Resources {resources} 0 R "
                          f"/Contents [{content} 0 R {numbered} 0 R] >>")
            out.pages.append(page)
        font_ids = [_font_objects(out, face) if k in used else None for k, face in enumerate(faces)]
        fonts_dict = " ".join(f"/F{k} {fid} 0 R" for k, fid in enumerate(font_ids) if fid is not None)
        out.obj(resources, f"<< /Font << {fonts_dict} >> >>")
        out.obj(pages_id, f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in out.pages)}] "
                          f"/Count {len(out.pages)} /MediaBox [0 0 {PAGE_W:.2f} {PAGE_H:.2f}] >>")
        out.obj(root, f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
        out.obj(info, f"<< /Title ({_pdf_string(title)}) /Creator (Parallax) /Producer (Parallax) >>")
        out.finish(root, info)
    return len(pages)


def _pdf_string(s: str) -> str:
    return s.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

