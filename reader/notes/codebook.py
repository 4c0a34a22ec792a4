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

from parallax.reader.errors import InputError, ParallaxError
from parallax.reader.notes.csv_table import neutralise_cell
from parallax.reader.notes.records import CodebookEntry, Tag

QDC_NS = "urn:QDA-XML:codebook:1.0"
CSV_COLUMNS = ("name", "colour", "description", "parent", "shortcut")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (most C0 controls, lone
    surrogates, U+FFFE/U+FFFF), so any stored string makes a well-formed file."""
    return _XML_ILLEGAL.sub("", value)


def guid_of(uuid: str, /) -> str:
    """A REFI-QDA GUID for a record's uuid: itself when it is one, else a stable uuid5."""
    return uuid if _GUID.match(uuid) else str(_uuid.uuid5(_uuid.NAMESPACE_URL, uuid))


def to_csv(tags: Sequence[Tag], /, *, guard: bool = True) -> str:
    """The codebook as CSV; ``guard`` neutralises formula-like cells (numbers stay as
    they are), as the notes CSV does; ``guard=False`` writes every cell as stored."""
    cell = neutralise_cell if guard else (lambda v: v)
    by_id = {t.id: t for t in tags}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for t in tags:
        parent = by_id[t.parent_id].name if t.parent_id in by_id else ""
        w.writerow([cell(t.name), t.colour, cell(t.description), cell(parent), t.shortcut or ""])
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


def qdc_guid(value: str | None, /) -> str | None:
    """A REFI-QDA GUID as a uuid: lower case, without braces; None when it is not one."""
    value = (value or "").strip().strip("{}").lower()
    return value if _GUID.match(value) else None


def qdc_colour(value: str | None, /) -> str | None:
    """A REFI-QDA colour (``#RRGGBB`` or ``#RGB``) as ``#RRGGBB``; None when it is neither."""
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper() if _COLOUR.match(value) else None


def add_codes(parent: ET.Element, tags: Sequence[Tag], /, *, ns: str) -> dict[int, str]:
    """``Code`` elements (namespace ``ns``) for ``tags`` under ``parent``, nested by
    parent tag; returns each tag's GUID.  A tag whose parent is not in ``tags`` is a
    top-level code; a cycle in the parents is broken where it would repeat."""
    children: dict[int | None, list[Tag]] = {}
    ids = {t.id for t in tags}
    for t in tags:
        children.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)
    guids: dict[int, str] = {}

    def add(el_parent: ET.Element, t: Tag, seen: frozenset[int]) -> None:
        guids[t.id] = guid_of(t.uuid)
        attrs = {"guid": guids[t.id], "name": xml_text(t.name), "isCodable": "true"}
        if _COLOUR.match(t.colour or ""):
            attrs["color"] = t.colour.upper()
        el = ET.SubElement(el_parent, f"{{{ns}}}Code", attrs)
        if t.description:
            ET.SubElement(el, f"{{{ns}}}Description").text = xml_text(t.description)
        for c in children.get(t.id, ()):
            if c.id not in seen:
                add(el, c, seen | {c.id})

    for t in children.get(None, ()):
        add(parent, t, frozenset({t.id}))
    return guids


def to_qdc(tags: Sequence[Tag], /, *, origin: str = "Parallax") -> str:
    """A REFI-QDA codebook (``.qdc``) of the tags, nested by parent, valid against the
    standard's ``Codebook.xsd``: ``Codes`` holds at least one ``Code`` and no empty
    ``Sets`` is written.  An empty codebook cannot be one, so it is an error."""
    if not tags:
        raise ParallaxError("the codebook is empty: a REFI-QDA codebook needs at least one code")
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", {"origin": xml_text(origin)})
    add_codes(ET.SubElement(root, f"{{{QDC_NS}}}Codes"), tags, ns=QDC_NS)
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
            colour = qdc_colour(child.get("color"))
            desc = ""
            for d in child:
                if local(d) == "Description":
                    desc = (d.text or "").strip()
            out.append(CodebookEntry(name, colour, desc, parent, None, qdc_guid(child.get("guid"))))
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
