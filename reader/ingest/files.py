"""Reading article files: size limit, format sniffing, binary rejection, decoding.

Every failure is an :class:`~parallax.reader.errors.InputError` naming the file and
the reason in one line.

Encodings are detected, not assumed:

* a byte-order mark wins (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
* UTF-16 without a BOM is recognised by its pattern of NUL bytes;
* otherwise strict UTF-8 is tried;
* bytes that are not UTF-8 are read as a legacy single-byte encoding:
  cp1252 (Windows Western, the superset of latin-1 used by browsers for
  "latin-1" pages) when the bytes fit it, latin-1 when they use positions
  cp1252 leaves undefined, and for text that is mostly non-ASCII
  (Cyrillic, Greek...) the code page ``charset-normalizer`` finds;
* a file that is mostly UTF-8 but holds broken sequences is refused, as it
  mixes encodings and any reading would corrupt part of it.

Line endings (CRLF, CR, U+2028/U+2029) become ``\\n``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import Literal

from parallax.reader.errors import InputError

Kind = Literal["text", "markdown", "html", "pdf", "docx"]

#: Default largest file ``load`` reads: 20 MB.  A news article, even a PDF with
#: pictures, is far smaller; the limit keeps a mistaken drop of a video or a
#: database from freezing the window.  Pass ``max_bytes=`` to change it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_EXTENSIONS: dict[str, Kind] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".pdf": "pdf", ".docx": "docx",
}

# Magic numbers of formats that are never articles.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", ""),  # checked further below (too short to trust alone)
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", ""),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", ""),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an audio file"),
    (b"OggS", "an audio or video file"),
    (b"fLaC", "an audio file"),
    (b"\x1a\x45\xdf\xa3", "a video file"),
    (b"wOFF", "a font"),
    (b"wOF2", "a font"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls that never occur in text (TAB, LF, VT, FF, CR and ESC-free).
_BAD_CONTROLS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_ENDS_RE = re.compile(r"\r\n?|\u2028|\x0b|\x0c|\x85")


def read_file(path: str | os.PathLike[str], /, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, or an InputError saying why not."""
    name = str(path)
    p = Path(path)
    try:
        st = p.stat()
    except OSError as err:
        raise InputError(name, unreadable_reason(err)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a directory, not an article file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, "is not a regular file")
    if st.st_size > max_bytes:
        raise InputError(name, f"is {_size(st.st_size)}, over the {_size(max_bytes)} limit")
    try:
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as err:
        raise InputError(name, unreadable_reason(err)) from None
    if len(data) > max_bytes:
        raise InputError(name, f"is over the {_size(max_bytes)} limit")
    return data


def unreadable_reason(err: OSError) -> str:
    """Why a path cannot be read, in the words of an InputError."""
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "cannot be read (permission denied)"
    return f"cannot be read ({err.strerror or err})"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        mb = n / (1024 * 1024)
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def sniff(data: bytes, /, *, name: str | None = None) -> Kind:
    """The format of ``data``: by content first for binary formats, then by extension."""
    source = name or "input"
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536]:
            return "docx"
        raise InputError(source, "is a ZIP archive, not an article file")
    _reject_binary(data, source)
    ext = Path(name).suffix.lower() if name else ""
    kind = _EXTENSIONS.get(ext)
    if kind in ("pdf", "docx"):
        raise InputError(source, f"is not a valid {ext[1:].upper()} file")
    if kind is None or kind == "text":
        return "html" if looks_like_html(_peek_text(data)) else (kind or "text")
    return kind


def _peek_text(data: bytes) -> str:
    head = data[:2048]
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return head.decode(enc, errors="ignore")
    return head.decode("latin-1")


_HTML_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]"
    r"|(?:article|main|section|div|p|h[1-6])[\s>][^<]*(?:<[^>]*>[^<]*){2,}?</(?:p|div|article|section|h[1-6])>)",
    re.I | re.S,
)
# A page that opens with its <title> or <meta> tags but leaves out <html> and <head>
# is a document only when its <head> ends or its <body> starts further on.
_HEAD_START_RE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:title|meta)[\s>]", re.I | re.S)
_DOCUMENT_RE = re.compile(r"</head\s*>|<body[\s>]", re.I)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document (or a fragment of marked-up paragraphs)
    rather than prose: a line of text that merely starts with ``<title>`` is prose."""
    head = text[:2048].lstrip("\ufeff")
    if _HTML_START_RE.match(head):
        return True
    return bool(_HEAD_START_RE.match(head)) and _DOCUMENT_RE.search(text[:20_000]) is not None


def _reject_binary(data: bytes, source: str) -> None:
    head = data[:16]
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic) and what:
            raise InputError(source, f"is {what}, not an article file")
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        what = {b"WEBP": "a WebP image", b"WAVE": "an audio file", b"AVI ": "a video file"}[head[8:12]]
        raise InputError(source, f"is {what}, not an article file")
    if head[4:8] == b"ftyp":
        raise InputError(source, "is a video or image file, not an article file")
    if any(data.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
        return  # UTF-16/32 text has NUL bytes by design
    sample = data[:8192]
    if _utf16_without_bom(sample) is not None:
        return
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if b"\x00" in sample or controls > max(2, len(sample) // 100):
        raise InputError(source, "is a binary file, not text")


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs fall on one parity, as in UTF-16 text."""
    n = len(sample) - len(sample) % 2
    if n < 8:
        return None
    even = sample[0:n:2].count(0)
    odd = sample[1:n:2].count(0)
    half = n // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


_HTML_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)


def decode(data: bytes, /, *, source: str | None = None, html: bool = False) -> str:
    """Text of ``data`` with its encoding detected and line endings made ``\\n``.

    For HTML that is not UTF-8, the charset its ``<meta>`` declares is used.
    Raises InputError for invalid byte sequences, binary content and empty text.
    """
    name = source or "input"
    text = None
    if html and not any(data.startswith(bom) for bom, _ in _BOMS):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            m = _HTML_CHARSET_RE.search(data[:4096])
            if m:
                try:
                    text = data.decode(m[1].decode("ascii"))
                except (LookupError, UnicodeDecodeError):
                    text = None
    if text is None:
        text = _decode(data, name)
    text = _LINE_ENDS_RE.sub("\n", text).replace("\u2029", "\n\n")
    bad = _BAD_CONTROLS_RE.findall(text[:100_000])
    if bad:
        if len(bad) > max(8, len(text[:100_000]) // 200):
            raise InputError(name, "is a binary file, not text")
        text = _BAD_CONTROLS_RE.sub("", text)
    if not text:
        raise InputError(name, "is empty")
    if not text.strip() or not any(c.isalnum() for c in text):
        raise InputError(name, "contains no text (only white space or symbols)")
    return text


def _decode(data: bytes, name: str) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as err:
                raise InputError(
                    name, f"has invalid {enc.upper().replace('-SIG', '')} byte sequences (at byte {err.start})"
                ) from None
    if not data:
        raise InputError(name, "is empty")
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(name, "has invalid UTF-16 byte sequences") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    valid_multibyte, invalid = _utf8_census(data)
    if valid_multibyte >= 3 and valid_multibyte >= invalid:
        raise InputError(
            name,
            f"has invalid UTF-8 byte sequences (at byte {first_bad}); "
            "the file mixes encodings. Re-save it as UTF-8",
        )
    return _decode_legacy(data, name)


_UTF8_SEQ_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _utf8_census(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 sequences, other non-ASCII bytes)."""
    valid = _UTF8_SEQ_RE.findall(data)
    nonascii = sum(1 for b in data if b >= 0x80)
    covered = sum(len(v) for v in valid)
    return len(valid), nonascii - covered


_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a\x1b")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _decode_legacy(data: bytes, name: str) -> str:
    high = [b for b in data if b >= 0x80]
    letters = sum(1 for b in data if (0x41 <= b <= 0x5A) or (0x61 <= b <= 0x7A))
    if len(high) <= 0.3 * (letters + len(high)):
        # Mostly ASCII letters with some accented ones: a Western single-byte text.
        # latin-1 and cp1252 agree on 0xA0-0xFF; 0x80-0x9F are C1 controls in latin-1
        # (never in text) and quotes/dashes in cp1252, so cp1252 reads both.  Bytes that
        # cp1252 leaves undefined fit neither.
        if any(b in _CP1252_UNDEFINED for b in high):
            raise InputError(name, "has invalid byte sequences (not UTF-8, cp1252 or latin-1 text)")
        return data.decode("cp1252")
    # Mostly non-ASCII: a legacy code page for another script.
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise InputError(name, "has invalid byte sequences (its encoding cannot be recognised)")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"has invalid byte sequences (not valid {best.encoding})") from None
