"""Reading article files: size limit, format sniffing, binary rejection, decoding.

Every failure is an :class:`~parallax.reader.errors.InputError` naming the file and
the reason in one line.

Encodings are detected, not assumed:

* a byte-order mark wins (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
* UTF-16 without a BOM is recognised by its pattern of NUL bytes;
* otherwise strict UTF-8 is tried;
* bytes that are not UTF-8 are read in the legacy encoding charset-normalizer
  proposes, among its proposals the reading with the fewest misread characters
  (a symbol inside a word, a letter of a foreign script or one the language
  does not write: ``resources/language/letters.tsv``), so that Polish and
  Czech in cp1250 or ISO-8859-2 keep their "ł" and "ř"; bytes that no single
  encoding reads (an undefined byte in plain text) are refused;
* a file that is mostly UTF-8 but holds broken sequences is refused, as it
  mixes encodings and any reading would corrupt part of it.

Line endings (CRLF, CR, U+2028/U+2029) become ``\\n``.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from parallax.reader.errors import InputError
from parallax.reader.text.lexicon import generation, lines

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


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def regular_file(path: str | os.PathLike[str], /, *, what: str = "an article file") -> os.stat_result:
    """``path``'s status when it is a regular file (after symbolic links), else an
    InputError that says what it is instead: "is a directory, not an article file", "is a
    named pipe (FIFO), not ...", "is a loop of symbolic links", "no such file" ...  Every
    command that reads a named file asks this first (``extract``, ``notes import``)."""
    name = str(path)
    try:
        st = Path(path).stat()
    except OSError as err:
        raise InputError(name, unreadable_reason(err)) from None
    if not stat.S_ISREG(st.st_mode):
        kind = next((k for test, k in _KINDS if test(st.st_mode)), None)
        raise InputError(name, f"is {kind}, not {what}" if kind else f"is not a regular file, not {what}")
    return st


def read_file(path: str | os.PathLike[str], /, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, or an InputError saying why not."""
    name = str(path)
    p = Path(path)
    st = regular_file(path)
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


#: How standard input is named in errors and ``Article.path``.
STDIN = "<stdin>"


def read_stream(stream=None, /, *, source: str = STDIN, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the binary ``stream`` (standard input's by default), or an
    InputError when there is none or it holds more than ``max_bytes``."""
    if stream is None:
        stdin = sys.stdin
        stream = getattr(stdin, "buffer", None) if stdin is not None else None
        if stream is None:
            raise InputError(source, "is not available (no standard input)")
    try:
        data = stream.read(max_bytes + 1)
    except OSError as err:
        raise InputError(source, unreadable_reason(err)) from None
    if isinstance(data, str):  # a text stream after all
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise InputError(source, f"is over the {_size(max_bytes)} limit")
    return data


def stdin_text(*, max_bytes: int = DEFAULT_MAX_BYTES, stream=None) -> str:
    """Standard input as text, its encoding detected as for a file (:func:`decode`):
    what ``-`` reads for commands that take text rather than an article."""
    return decode(read_stream(stream, max_bytes=max_bytes), source=STDIN)


def unreadable_reason(err: OSError) -> str:
    """Why a path cannot be read, in the words of an InputError."""
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "cannot be read (permission denied)"
    if err.errno == errno.ELOOP:
        return "is a loop of symbolic links (a link that leads back to itself)"
    if err.errno == errno.ENAMETOOLONG:
        return "cannot be read (the name is too long)"
    return f"cannot be read ({err.strerror or err})"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        mb = n / (1024 * 1024)
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def sniff(data: bytes, /, *, name: str | None = None, source: str | None = None) -> Kind:
    """The format of ``data``: by content first for binary formats, then by the
    extension of ``name``; errors name ``source`` (default ``name``)."""
    source = source or name or "input"
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


_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQ_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _utf8_census(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 sequences, other non-ASCII bytes)."""
    valid = _UTF8_SEQ_RE.findall(data)
    nonascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    covered = sum(len(v) for v in valid)
    return len(valid), nonascii - covered


_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a\x1b")


# The legacy encodings news text comes in (Python codec names): charset-normalizer
# chooses among them.  Old Mac and DOS code pages are left out: they read any byte
# as some letter, so they would "recognise" a stray byte in a Western text.
_LEGACY_ENCODINGS = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_15", "iso8859_16",
    "koi8_r", "koi8_u", "cp866", "cp874", "shift_jis", "cp932", "euc_jp", "iso2022_jp",
    "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949",
)
_SAMPLE = 20_000  # bytes of each reading that are judged


def _decode_legacy(data: bytes, name: str) -> str:
    """Text that is not UTF-8: charset-normalizer proposes the encodings that read it
    without errors; the reading with the fewest misread characters wins (a symbol
    inside a word, as cp1252 makes of Polish "powiedzia³"; a letter of a script
    foreign to the rest; a letter the language py3langid reads it as does not write,
    as ISO-8859-10 makes of it "powiedziaģ"), then the one py3langid is surest of,
    then charset-normalizer's own order."""
    from charset_normalizer import from_bytes

    from parallax.reader.text.language import ranked

    results = from_bytes(data[:200_000], cp_isolation=list(_LEGACY_ENCODINGS))
    sample = data[:_SAMPLE]
    letters = _letters(generation())
    scored = []
    for rank, result in enumerate(results):
        try:
            text = sample.decode(result.encoding, errors="strict" if len(data) <= _SAMPLE else "ignore")
        except (UnicodeDecodeError, LookupError):
            continue
        hard, soft, foreign = _misreadings(text)
        if hard is None:
            continue
        best = ranked(text, sample=4_000)
        lang, confidence = best[0] if best else ("", 0.0)
        alphabet = letters.get(lang)
        if alphabet is not None:
            soft += sum(1 for c in text if c >= "\xc0" and c.isalpha() and c.lower() not in alphabet)
        # py3langid is sure of mojibake too (Hebrew read as Greek is "Greek"): only a
        # clear difference in its confidence beats charset-normalizer's order
        scored.append((hard + soft, -round(confidence, 2), rank, result.encoding, hard, foreign))
    if not scored:
        raise InputError(name, "has invalid byte sequences (its encoding cannot be recognised)")
    _, _, _, encoding, hard, foreign = min(scored)
    if hard and hard * 50 > foreign:
        # even the best reading misreads characters: bytes of no single encoding
        raise InputError(name, "has invalid byte sequences (its encoding cannot be recognised)")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"has invalid byte sequences (not valid {encoding})") from None


@lru_cache(maxsize=4)
def _letters(_gen: tuple) -> dict[str, frozenset[str]]:
    """Language -> the letters beyond a-z it writes (``resources/language/letters.tsv``)."""
    out: dict[str, frozenset[str]] = {}
    for line in lines("language", "letters.tsv"):
        code, _, chars = line.partition("\t")
        if code.strip() and chars.strip():
            out[code.strip()] = frozenset(chars.strip()) | out.get(code.strip(), frozenset())
    return out


def _script(ch: str) -> str:
    word = unicodedata.name(ch, "?").split()[0]
    return "CJK" if word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH") else word


_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _misreadings(text: str) -> tuple[int | None, int, int]:
    """(characters only a wrong encoding explains, characters a wrong encoding would
    explain best, non-ASCII characters) in ``text``; None first when it holds C1
    controls or replacement characters (never in text).  The first kind: a letter or
    mark of a script foreign to the rest, box drawing, a symbol inside a word
    ("rz¹d"); the second: a symbol ending a word ("powiedzia³", but also "m²")."""
    scripts: dict[str, int] = {"LATIN": len(_ASCII_LETTER_RE.findall(text))}
    odd: dict[str, int] = {}
    foreign = hard = soft = 0
    for m in _NON_ASCII_RE.finditer(text):
        i, ch = m.start(), m[0]
        foreign += 1
        if "\x80" <= ch <= "\x9f" or ch == "\ufffd":
            return None, 0, foreign
        cat = unicodedata.category(ch)
        if ch.isalpha() or cat in ("Mn", "Mc"):
            s = _script(ch)
            if ch.isalpha():
                scripts[s] = scripts.get(s, 0) + 1
            odd[s] = odd.get(s, 0) + 1
            continue
        if "\u2500" <= ch <= "\u259f":
            hard += 1  # box drawing and blocks: DOS code pages, never prose
            continue
        if not "\xa0" <= ch <= "\u02ff" or ch == "\xb7":
            continue  # only the symbols of the single-byte code pages are suspects
        if cat[0] in "SPN" and cat not in ("Pd", "Pi", "Pf", "Ps", "Pe", "Nd"):
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before.isalpha() and after.isalpha():
                hard += 1  # a symbol inside a word: "rz¹d"
            elif before.isalpha() and (after.isspace() or after in ".,;:"):
                soft += 1  # ending one: "powiedzia³" (or "m²")
    if any(scripts.values()):
        main = max(scripts, key=scripts.__getitem__)
        total = sum(scripts.values())
        # non-ASCII letters and marks of a script the text is not written in
        hard += sum(n for s, n in odd.items() if s != main and scripts.get(s, 0) < 0.1 * total)
    return hard, soft, foreign
