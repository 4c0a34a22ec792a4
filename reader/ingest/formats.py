"""Text and stated metadata out of HTML, PDF, DOCX and Markdown.

* HTML goes through trafilatura with no URL, so nothing is ever fetched, and
  it parses the markup only: scripts are never run.  Dates come from the
  page's own markup (``extensive_search`` off, so a date printed anywhere
  on the page, such as a clock, is not taken for the publication date).
* PDF: the text layer, page by page (PDFium, through pypdfium2), lines told
  apart by their baselines and paragraphs by wider gaps.  A scan without one
  is refused.
* DOCX: the body's paragraphs and table rows in document order, read as a
  stream within the limits of :mod:`parallax.reader.ingest.archive`
  (:mod:`parallax.reader.ingest.wordfile`); a first paragraph styled "Title"
  gives the title.
* Markdown: front matter (title, author, date), headings and the text with
  the markup taken off.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import statistics
import threading
from dataclasses import dataclass

from parallax.reader.errors import InputError

log = logging.getLogger(__name__)


@dataclass
class Extracted:
    """Text with paragraphs separated by blank lines, plus what the file states."""

    text: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    clean: bool = True  # run the plain-text boilerplate cleaner over ``text``
    kind: str = "text"


# ---------------------------------------------------------------- HTML

_META_TIME_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate",
    "pubdate", "dc.date.issued", "dcterms.created", "date", "sailthru.date", "parsely-pub-date",
)


def from_html(html: str, /, *, source: str) -> Extracted:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura/lxml raise various errors on broken markup
        log.warning("%s: HTML not parsed", source, exc_info=err)  # words for the user, the error in the log
        raise InputError(source, "cannot be parsed as HTML (its markup is too damaged to read)") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text or not any(c.isalpha() for c in text):
        raise InputError(source, "has no article text in its HTML")
    title = _clean_str(getattr(doc, "title", None))
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if title and lines and _same(lines[0], title):
        lines = lines[1:]
    if not lines:
        raise InputError(source, "has no article text in its HTML")
    published = _html_datetime(html, getattr(doc, "date", None))
    author = _names_only(_clean_str(getattr(doc, "author", None)))
    return Extracted(
        text="\n\n".join(lines),
        title=title,
        outlet=_clean_str(getattr(doc, "sitename", None)),
        byline=author,
        published=published,
        language=_html_lang(html),
        clean=False,
        kind="html",
    )


def _names_only(author: str | None) -> str | None:
    """trafilatura's author string without the job titles it joins in with ';'
    ("Tom Adeyemi; Environment correspondent" -> "Tom Adeyemi")."""
    if not author or ";" not in author:
        return author
    from parallax.reader.ingest.metadata import name_line

    parts = [p.strip() for p in author.split(";")]
    names = [p for p in parts if name_line(p) == p]
    return "; ".join(names) if names else author


def _clean_str(s: str | None) -> str | None:
    if not s:
        return None
    s = " ".join(str(s).split())
    return s or None


def _same(a: str, b: str) -> bool:
    from parallax.reader.text.keys import key

    return key(a) == key(b)


def _html_lang(html: str) -> str | None:
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", html[:5000], re.I)
    return m[1].lower() if m else None


_ISO_DT_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)


def _html_datetime(html: str, day: str | None) -> str | None:
    """The publication date-time from the page's markup, consistent with trafilatura's date."""
    candidates: list[str] = []
    head = html[:300_000]
    for m in re.finditer(r"<meta\b[^>]*>", head, re.I):
        tag = m.group()
        name = re.search(r"(?:property|name|itemprop)\s*=\s*[\"']([^\"']+)", tag, re.I)
        content = re.search(r"content\s*=\s*[\"']([^\"']+)", tag, re.I)
        if name and content and name[1].lower() in _META_TIME_KEYS:
            candidates.append(content[1])
    for m in re.finditer(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", head, re.I | re.S):
        try:
            data = json.loads(m[1])
        except ValueError:
            continue
        candidates.extend(_ld_dates(data))
    for m in re.finditer(r"<time\b[^>]*datetime\s*=\s*[\"']([^\"']+)", head, re.I):
        candidates.append(m[1])
    for c in candidates:
        m = _ISO_DT_RE.match(c.strip())
        if not m or (day and m[1] != day):
            continue
        if not m[2]:
            return m[1]
        t = m[2] if len(m[2]) == 8 else m[2] + ":00"
        zone = m[3] or ""
        if zone == "Z":
            zone = "+00:00"
        elif zone and ":" not in zone:
            zone = zone[:3] + ":" + zone[3:]
        return f"{m[1]}T{t}{zone}"
    return day


def _ld_dates(data: object) -> list[str]:
    out: list[str] = []
    if isinstance(data, dict):
        v = data.get("datePublished")
        if isinstance(v, str):
            out.append(v)
        for val in data.values():
            if isinstance(val, (dict, list)):
                out.extend(_ld_dates(val))
    elif isinstance(data, list):
        for item in data:
            out.extend(_ld_dates(item))
    return out


# ---------------------------------------------------------------- PDF

_PDF_LOCK = threading.Lock()  # PDFium is not thread-safe


def from_pdf(data: bytes, /, *, source: str) -> Extracted:
    """The text layer through PDFium (pypdfium2): words keep their spaces (pypdf put
    tabs between the words of PDFs that Qt prints), lines are told apart by their
    baselines and paragraphs by the gaps between lines."""
    import pypdfium2 as pdfium

    with _PDF_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as err:
            if "password" in str(err).lower():
                raise InputError(source, "is an encrypted PDF") from None
            raise InputError(source, "is a damaged PDF (PDFium cannot open it)") from None
        except Exception as err:
            log.warning("%s: PDF not opened", source, exc_info=err)
            raise InputError(source, "is a damaged PDF (its structure cannot be read)") from None
        try:
            pages = []
            for i in range(len(pdf)):
                page = pdf[i]
                textpage = page.get_textpage()
                try:
                    pages.append(_pdf_page_text(textpage))
                finally:
                    textpage.close()
                    page.close()
            info = pdf.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError as err:
            raise InputError(source, f"is a damaged PDF ({err})") from None
        finally:
            pdf.close()
    text = "\n\n".join(p for p in pages if p.strip())
    if not any(c.isalpha() for c in text):
        raise InputError(source, "has no text layer (a scanned PDF?); run OCR on it first")
    title = _clean_str(info.get("Title"))
    if title and (len(title) < 4 or re.search(r"\.(docx?|pdf|indd)$|^untitled|^microsoft word", title, re.I)):
        title = None
    return Extracted(text=text, title=title)


def _pdf_page_text(textpage) -> str:
    """A page's text: lines joined with a line break, paragraphs (lines further apart
    than the page's usual line spacing) with a blank line."""
    import ctypes

    import pypdfium2.raw as raw

    handle = textpage.raw
    n = raw.FPDFText_CountChars(handle)
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    lines: list[tuple[list[str], float, float]] = []  # (characters, baseline, glyph height)
    cur: list[str] = []
    base = size = None
    pending = None  # a high surrogate waiting for its pair
    for i in range(n):
        code = raw.FPDFText_GetUnicode(handle, i)
        if 0xD800 <= code < 0xDC00:
            pending = code
            continue
        ch = chr(0x10000 + ((pending - 0xD800) << 10) + (code - 0xDC00)) if pending and 0xDC00 <= code < 0xE000 \
            else chr(code) if code else ""
        pending = None
        if ch in ("\r", "\n"):  # PDFium's line end
            if cur:
                lines.append((cur, base, size))
            cur, base = [], None
            continue
        if ch == "\x02":  # the marker of a hyphen PDFium found at a line's end
            cur.append("\u00ad")
            continue
        if ch.isspace():
            if cur and cur[-1] != " ":
                cur.append(" ")
            continue
        if not ch or (not ch.isprintable() and ch != "\u00ad"):
            continue
        raw.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y))
        raw.FPDFText_GetCharBox(handle, i, ctypes.byref(left), ctypes.byref(right),
                                ctypes.byref(bottom), ctypes.byref(top))
        height = max(top.value - bottom.value, 1.0)
        if base is not None and abs(y.value - base) > 0.6 * max(size, height):
            lines.append((cur, base, size))  # the baseline moved: a new line PDFium did not mark
            base = None
            cur = []
        if base is None:
            base, size = y.value, height
        size = max(size, height)
        cur.append(ch)
    if cur:
        lines.append((cur, base, size))
    lines = [ln for ln in lines if ln[1] is not None and "".join(ln[0]).strip()]
    gaps = [a[1] - b[1] for a, b in itertools.pairwise(lines) if 0 < a[1] - b[1] < 4 * a[2]]
    spacing = statistics.median(gaps) if gaps else None
    out: list[str] = []
    for k, (chars, b, _height) in enumerate(lines):
        line = "".join(chars).strip()
        if k:
            gap = lines[k - 1][1] - b
            new_para = spacing is None or gap <= 0 or gap > 1.4 * spacing
            if out[-1].endswith("\u00ad") and not new_para:
                out[-1] = out[-1][:-1]  # "construc-" + "tion": a word broken at the line's end
            else:
                out.append("\n\n" if new_para else "\n")
        out.append(line.replace("\u00ad ", "") if k + 1 < len(lines) else line.replace("\u00ad", ""))
    return "".join(out).strip()


# ---------------------------------------------------------------- DOCX


def from_docx(data: bytes, /, *, source: str) -> Extracted:
    from parallax.reader.ingest.wordfile import docx_text

    paras, title = docx_text(data, source=source)
    text = "\n\n".join(paras)
    if not any(c.isalpha() for c in text):
        raise InputError(source, "has no text")
    return Extracted(text=text, title=title)


# ---------------------------------------------------------------- Markdown

_FRONT_RE = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)


def from_markdown(text: str, /) -> Extracted:
    title = byline = published = None
    m = _FRONT_RE.match(text)
    if m:
        for line in m[1].splitlines():
            k, _, v = line.partition(":")
            v = v.strip().strip("\"'")
            k = k.strip().lower()
            if k == "title" and v:
                title = v
            elif k in ("author", "byline") and v:
                byline = v
            elif k in ("date", "published") and v:
                from parallax.reader.ingest.metadata import find_dates

                st = find_dates(v)
                if st:
                    published = st[0].iso()
        text = text[m.end():]
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            continue
        if re.fullmatch(r"(?:[-*_]\s*){3,}", s) or (re.fullmatch(r"=+|-+", s) and out and out[-1].strip()):
            out.append("")
            continue
        h = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", s)
        if h:
            head = _inline(h[2])
            if title is None and len(h[1]) == 1 and not any(x.strip() for x in out):
                title = head
                continue
            out.extend(["", head, ""])
            continue
        s = re.sub(r"^>\s?", "", s)
        s = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", s)
        if re.match(r"^\[[^\]]+\]:\s*\S+", s):
            continue
        out.append(_inline(s))
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return Extracted(text=body, title=title, byline=byline, published=published)


def _inline(s: str) -> str:
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", s)
    s = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", s)
    s = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", s)
    s = re.sub(r"`([^`]+)`", r"\1", s)
    s = re.sub(r"<[^>]+>", "", s)
    return s.strip()
