"""Word (.docx) files: the body's paragraphs and tables in document order.

The file is read as the ZIP archive it is, through the limits of
:mod:`parallax.reader.ingest.archive` (a Word file that inflates to gigabytes
is refused in one line), and ``word/document.xml`` is parsed as a stream:
each paragraph is taken when it ends and then dropped, so memory stays
bounded, and no per-paragraph style look-up is made (style names come from
one pass over ``styles.xml``).  A table row becomes one paragraph, its
cells joined with " | ", where the table stands.  Text boxes, deleted
revisions, headers, footers and notes are left out.  The first paragraph,
when styled "Title" or "Heading 1", is the title; otherwise the title is
the document's stated one (``docProps/core.xml``).
"""

from __future__ import annotations

import posixpath
import re

from parallax.reader.errors import InputError
from parallax.reader.ingest.archive import (
    DEFAULT_LIMITS,
    ZipLimits,
    open_archive,
    read_member,
    xml_events,
)

__all__ = ["docx_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WHAT = "Word file"
_TITLE_STYLES = ("title", "heading 1")
# Run content that stands for characters: a tab, a line break, a hyphen.
_CHARS = {f"{_W}tab": "\t", f"{_W}br": " ", f"{_W}cr": " ", f"{_W}noBreakHyphen": "-"}


def docx_text(data: bytes, /, *, source: str, limits: ZipLimits = DEFAULT_LIMITS
              ) -> tuple[list[str], str | None]:
    """(the body's paragraphs in document order, the title) of the Word file ``data``."""
    archive = open_archive(data, source=source, what=_WHAT, limits=limits)
    budget = [limits.total_bytes]
    with archive:
        names = set(archive.namelist())
        main = _main_part(archive, names, source, limits, budget)
        styles = _style_names(archive, names, main, source, limits, budget)
        xml = read_member(archive, main, source=source, what=_WHAT, limits=limits, budget=budget)
        paras, title = _body(xml, styles, source, limits)
        if title is None and "docProps/core.xml" in names:
            core = read_member(archive, "docProps/core.xml", source=source, what=_WHAT, limits=limits,
                               budget=budget)
            title = _core_title(core, source, limits)
    return paras, title


def _main_part(archive, names: set[str], source: str, limits: ZipLimits, budget: list[int]) -> str:
    """The document part named in ``_rels/.rels`` (``word/document.xml`` as a rule)."""
    if "_rels/.rels" in names:
        rels = read_member(archive, "_rels/.rels", source=source, what=_WHAT, limits=limits, budget=budget)
        for _, el in xml_events(rels, source=source, what=_WHAT, limits=limits, events=("end",)):
            if el.tag == f"{_REL}Relationship" and el.get("Type", "").endswith("/officeDocument"):
                target = el.get("Target", "").lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise InputError(source, f"is a damaged {_WHAT} (no document part)")


def _style_names(archive, names: set[str], main: str, source: str, limits: ZipLimits,
                 budget: list[int]) -> dict[str, str]:
    """Style id -> style name, lower case ("Heading1" -> "heading 1")."""
    part = posixpath.join(posixpath.dirname(main), "styles.xml")
    if part not in names:
        return {}
    xml = read_member(archive, part, source=source, what=_WHAT, limits=limits, budget=budget)
    out: dict[str, str] = {}
    for _, el in xml_events(xml, source=source, what=_WHAT, limits=limits, events=("end",)):
        if el.tag == f"{_W}style":
            name = el.find(f"{_W}name")
            if name is not None and el.get(f"{_W}styleId"):
                out[el.get(f"{_W}styleId")] = (name.get(f"{_W}val") or "").casefold()
            el.clear()
    return out


_BODY_TAGS = (f"{_W}p", f"{_W}tr")


def _body(xml: bytes, styles: dict[str, str], source: str, limits: ZipLimits
          ) -> tuple[list[str], str | None]:
    """The paragraphs as they end; a table's paragraphs wait for the end of their row
    of the outermost table, which then becomes one paragraph."""
    paras: list[str] = []
    title = None
    for _, el in xml_events(xml, source=source, what=_WHAT, limits=limits, events=("end",), tags=_BODY_TAGS):
        inside = next(el.iterancestors(f"{_W}tc", f"{_W}txbxContent"), None)
        if el.tag == f"{_W}p":
            if inside is not None:
                continue  # read with its table row, or a text box's (not the body's)
            text = _paragraph_text(el)
            if text:
                style = el.find(f"{_W}pPr/{_W}pStyle")
                name = styles.get(style.get(f"{_W}val"), "") if style is not None else ""
                if title is None and not paras and name in _TITLE_STYLES:
                    title = text
                else:
                    paras.append(text)
            _drop(el)
        elif inside is None:  # a row of an outermost table
            cells = []
            for tc in el.iterchildren(f"{_W}tc"):
                texts = [_paragraph_text(p) for p in tc.iter(f"{_W}p")
                         if next(p.iterancestors(f"{_W}txbxContent"), None) is None]
                if any(texts):
                    cells.append(" ".join(t for t in texts if t))
            if cells:
                paras.append(" | ".join(dict.fromkeys(cells)))
            _drop(el)
    return paras, title


def _paragraph_text(p) -> str:
    """The text of a paragraph's runs (deleted revisions are ``w:delText``, left out;
    so are text boxes, whose paragraphs are not the body's)."""
    runs = p.iter(f"{_W}t", *_CHARS)
    if next(p.iter(f"{_W}txbxContent"), None) is not None:
        runs = (el for el in runs if next(el.iterancestors(f"{_W}txbxContent", f"{_W}p"), p) is p)
    parts = [el.text or "" if el.tag == f"{_W}t" else _CHARS[el.tag] for el in runs]
    return "".join(parts).strip()


def _drop(el) -> None:
    """Free an element that has been read, and the siblings read before it."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _core_title(xml: bytes, source: str, limits: ZipLimits) -> str | None:
    for _, el in xml_events(xml, source=source, what=_WHAT, limits=limits, events=("end",)):
        if el.tag == "{http://purl.org/dc/elements/1.1/}title":
            title = re.sub(r"\s+", " ", el.text or "").strip()
            return title or None
    return None
