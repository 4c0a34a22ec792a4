"""Codebook files: CSV and the REFI-QDA codebook exchange format (``.qdc``).

Pure functions over :class:`parallax.reader.notes.records.Tag` (export) and returning
:class:`parallax.reader.notes.records.CodebookEntry` (import); ``Library.import_codebook``
stores the entries.  The QDC writer follows the REFI-QDA ``Codebook.xsd``
(namespace ``urn:QDA-XML:codebook:1.0``): nested ``Code`` elements with
``guid``, ``name``, ``isCodable`` and ``color``, and a ``Description``.
"""

from __future__ import annotations

import csv
import io
import re
import uuid as _uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from parallax.reader.errors import InputError
from parallax.reader.notes.records import CodebookEntry, Tag

QDC_NS = "urn:QDA-XML:codebook:1.0"
CSV_COLUMNS = ("name", "colour", "description", "parent", "shortcut")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _cell(value: str) -> str:
    # The same neutralising as the notes CSV: a spreadsheet must not run a tag name.
    if value and (value.startswith(("=", "+", "-", "@", "\t", "\r"))):
        return "'" + value
    return value


def to_csv(tags: Sequence[Tag], /) -> str:
    by_id = {t.id: t for t in tags}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for t in tags:
        parent = by_id[t.parent_id].name if t.parent_id in by_id else ""
        w.writerow([_cell(t.name), t.colour, _cell(t.description), _cell(parent), t.shortcut or ""])
    return buf.getvalue()


def _uncell(value: str) -> str:
    value = (value or "").strip()
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def from_csv(text: str, /, *, source: str | None = None) -> list[CodebookEntry]:
    """Rows of ``name,colour,description,parent,shortcut`` (a header row is required;
    only ``name`` must be present; column order is free)."""
    src = source or "codebook"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise InputError(src, "is empty")
    header = [h.strip().lower() for h in rows[0]]
    header = ["colour" if h == "color" else h for h in header]
    if "name" not in header:
        raise InputError(src, "needs a header row with a 'name' column")
    out: list[CodebookEntry] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rec = {h: _uncell(row[i]) if i < len(row) else "" for i, h in enumerate(header)}
        name = rec.get("name", "")
        if not name:
            raise InputError(src, f"line {n} has no tag name")
        colour = rec.get("colour") or None
        if colour and not _COLOUR.match(colour):
            raise InputError(src, f"line {n}: colour {colour!r} is not #RRGGBB")
        out.append(CodebookEntry(name, colour, rec.get("description", ""), rec.get("parent") or None,
                                 rec.get("shortcut") or None))
    return out


def to_qdc(tags: Sequence[Tag], /, *, origin: str = "Parallax") -> str:
    """A REFI-QDA codebook (``.qdc``) of the tags, nested by parent."""
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", {"origin": origin})
    codes = ET.SubElement(root, f"{{{QDC_NS}}}Codes")
    children: dict[int | None, list[Tag]] = {}
    ids = {t.id for t in tags}
    for t in tags:
        children.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)

    def add(parent: ET.Element, t: Tag, seen: set[int]) -> None:
        guid = t.uuid if _GUID.match(t.uuid) else str(_uuid.uuid5(_uuid.NAMESPACE_URL, t.uuid))
        el = ET.SubElement(parent, f"{{{QDC_NS}}}Code",
                           {"guid": guid, "name": t.name, "isCodable": "true", "color": t.colour.upper()})
        if t.description:
            ET.SubElement(el, f"{{{QDC_NS}}}Description").text = t.description
        for c in children.get(t.id, ()):
            if c.id not in seen:
                add(el, c, seen | {c.id})

    for t in children.get(None, ()):
        add(codes, t, {t.id})
    ET.SubElement(root, f"{{{QDC_NS}}}Sets")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def from_qdc(text: str, /, *, source: str | None = None) -> list[CodebookEntry]:
    """Read a REFI-QDA codebook: every ``Code`` becomes a tag, nesting becomes parents."""
    src = source or "codebook"
    if re.search(r"<!(DOCTYPE|ENTITY)", text[:4096], re.IGNORECASE):
        raise InputError(src, "has a DTD or entities, which a codebook never needs; refused")
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as err:
        raise InputError(src, f"not valid XML ({err})") from None
    if root.tag.rsplit("}", 1)[-1] not in ("CodeBook", "Project"):
        raise InputError(src, "not a REFI-QDA codebook (no CodeBook element)")
    out: list[CodebookEntry] = []

    def local(el: ET.Element) -> str:
        return el.tag.rsplit("}", 1)[-1]

    def walk(el: ET.Element, parent: str | None) -> None:
        for child in el:
            if local(child) != "Code":
                continue
            name = (child.get("name") or "").strip()
            if not name:
                raise InputError(src, "has a Code without a name")
            colour = child.get("color")
            colour = colour if colour and _COLOUR.match(colour) else None
            desc = ""
            for d in child:
                if local(d) == "Description":
                    desc = (d.text or "").strip()
            guid = child.get("guid")
            out.append(CodebookEntry(name, colour, desc, parent, None,
                                     guid if guid and _GUID.match(guid) else None))
            walk(child, name)

    containers: Iterable[ET.Element] = (
        el for el in root.iter() if local(el) == "Codes"
    )
    for codes in containers:
        walk(codes, None)
        break
    if not out:
        raise InputError(src, "has no codes")
    return out
