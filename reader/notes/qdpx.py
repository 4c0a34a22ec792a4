"""REFI-QDA projects (``.qdpx``): the notes as a QDA-XML 1.0 project, and back.

A ``.qdpx`` file is a ZIP archive holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``, valid against the standard's ``Project.xsd``) and the
texts in ``Sources/``.  Parallax writes:

=====================  ==========================================================
articles               ``TextSource`` (the article's uuid as its GUID), its cleaned text
                       in ``Sources/<guid>.txt`` (UTF-8, no BOM); outlet, date, byline,
                       language, credits and source as ``Variables`` (text)
annotations            ``PlainTextSelection`` with a ``Coding`` per tag; the note is
                       the selection's ``Description``
tags                   the ``CodeBook``, nested by parent, with colours and descriptions
notes                  ``Notes``, referred to (``NoteRef``) by their article, or by the
                       comparison's ``Set`` (``MemberNote``)
links                  ``Links`` from the left passage (``originGUID``) to the right one
                       (``targetGUID``), named by their relation; their note a ``NoteRef``
comparisons            ``Sets`` of their two articles (``MemberSource``, left first)
=====================  ==========================================================

An orphaned annotation has no place in the text any more, so it travels as a note on
its article ("Orphaned passage").  Which comparison an annotation was made in has no
place in the standard and is not written.

Positions.  REFI-QDA 1.5, section 10.2: "Selections in a text file are defined by the
first and the last character (Unicode codepoint) in the file.  The first codepoint in
the file has the number 0."  So ``startPosition``/``endPosition`` count Unicode code
points (not UTF-16 code units, not bytes) in the plain text file, which is exactly what
Parallax's spans count in the cleaned text written there; ``endPosition`` is the
position after the last character (a half-open range, ``text[start:end]``), as QualCoder
reads and writes it.  A text file another tool wrote with CR LF line ends is read with
LF line ends, its positions moved to match.

Reading (:func:`from_qdpx`) goes through ``parallax.reader.ingest.archive`` and its
limits; what a Parallax library cannot hold (PDF, picture, audio and video sources,
codings of a whole source, sets that are not a pair of texts, notes on nothing) is left
out with a one-line notice each (``NotesData.notices``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import io
import os
import re
import uuid as _uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parallax.reader import __version__
from parallax.reader.errors import InputError
from parallax.reader.ingest.archive import ZipLimits, open_archive, read_member, xml_events
from parallax.reader.ingest.files import regular_file, unreadable_reason
from parallax.reader.notes.anchoring import make_selector
from parallax.reader.notes.articles import content_hash
from parallax.reader.notes.codebook import add_codes, guid_of, qdc_colour, qdc_guid, xml_text
from parallax.reader.notes.records import (
    Annotation,
    ArticleInfo,
    ComparisonInfo,
    Link,
    Note,
    NotesData,
    Tag,
    shown_path,
)

__all__ = ["MAX_QDPX_BYTES", "PROJECT_NS", "QDPX_LIMITS", "from_qdpx", "read_qdpx_file", "to_qdpx"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
MAX_QDPX_BYTES = 1 << 30
# A project of many articles: more and larger parts than a Word file may have.
QDPX_LIMITS = ZipLimits(member_bytes=256 << 20, total_bytes=1 << 30, ratio=100.0,
                        members=200_000, elements=5_000_000)
_WHAT = "REFI-QDA project"
_USER = str(_uuid.uuid5(_uuid.NAMESPACE_URL, "parallax:user"))
# Article metadata as REFI-QDA variables: (variable name, ArticleInfo field)
_VARIABLES = (("Outlet", "outlet"), ("Published", "published"), ("Byline", "byline"),
              ("Language", "language"), ("Credits", "credits"), ("Source", "path"))
_ORPHAN = "Orphaned passage"


def _stable(*parts: str) -> str:
    return str(_uuid.uuid5(_uuid.NAMESPACE_URL, "parallax:" + "/".join(parts)))


def _when(value: str | None) -> str | None:
    """A stored time as an ``xsd:dateTime`` (UTC, ``Z``), or None when it is not a time."""
    if not value:
        return None
    try:
        t = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(_dt.UTC)
    return t.replace(tzinfo=None).isoformat(timespec="seconds") + ("Z" if t.tzinfo else "")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _stamped(attrs: dict[str, str], created: str | None, modified: str | None = None, *,
             modifying: bool = True) -> dict[str, str]:
    attrs["creatingUser"] = _USER
    if _when(created):
        attrs["creationDateTime"] = _when(created)  # type: ignore[assignment]
    if modifying:
        attrs["modifyingUser"] = _USER
        if _when(modified):
            attrs["modifiedDateTime"] = _when(modified)  # type: ignore[assignment]
    return attrs


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------- writing


def to_qdpx(data: NotesData, /, *, full_paths: bool = False, origin: str | None = None) -> bytes:
    """The ``.qdpx`` archive of ``data`` (see the module docstring); ``full_paths``
    writes article sources as stored, else a local file by its name only."""
    ns = PROJECT_NS
    ET.register_namespace("", ns)

    def sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None,
            text: str | None = None) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs or {})
        if text is not None:
            el.text = xml_text(text)
        return el

    root = ET.Element(f"{{{ns}}}Project", {
        "name": "Parallax notes", "origin": origin or f"Parallax {__version__}",
        "creatingUserGUID": _USER, "creationDateTime": _now()})
    sub(sub(root, "Users"), "User", {"guid": _USER, "name": "Parallax"})
    tag_guids: dict[int, str] = {}
    if data.tags:
        tag_guids = add_codes(sub(sub(root, "CodeBook"), "Codes"), data.tags, ns=ns)

    values: dict[int, list[tuple[str, str]]] = {}
    for a in data.articles:
        for label, fieldname in _VARIABLES:
            v: Any = getattr(a, fieldname)
            v = "; ".join(v) if fieldname == "credits" else shown_path(v, full=full_paths) \
                if fieldname == "path" else v
            if v:
                values.setdefault(a.id, []).append((label, v))
    used = sorted({label for vs in values.values() for label, _ in vs},
                  key=[label for label, _ in _VARIABLES].index)
    if used:
        variables = sub(root, "Variables")
        for label in used:
            sub(variables, "Variable", {"guid": _stable("variable", label), "name": label,
                                        "typeOfVariable": "Text"})

    # Notes: (guid, name, body, created, modified), and who refers to them.
    notes: list[tuple[str, str, str, str, str]] = []
    article_notes: dict[int, list[str]] = {}
    comparison_notes: dict[int, list[str]] = {}
    for n in data.notes:
        g = guid_of(n.uuid)
        notes.append((g, _short(n.body) or "Note", n.body, n.created, n.modified))
        if n.article_id is not None:
            article_notes.setdefault(n.article_id, []).append(g)
        elif n.comparison_id is not None:
            comparison_notes.setdefault(n.comparison_id, []).append(g)

    by_article: dict[int, list[Annotation]] = {}
    for a in data.annotations:
        if a.orphaned:
            g = _stable("orphan", a.uuid)
            body = f"“{a.exact}”" + (f"\n\n{a.note}" if a.note else "")
            notes.append((g, _ORPHAN, body, a.created, a.modified))
            article_notes.setdefault(a.article_id, []).append(g)
        else:
            by_article.setdefault(a.article_id, []).append(a)

    files: dict[str, str] = {}
    sel_guids: dict[int, str] = {}
    with_text = [a for a in data.articles if data.texts.get(a.id) is not None]
    sources = sub(root, "Sources") if with_text else None  # an empty Sources is invalid
    for art in with_text:
        text = data.texts[art.id]
        if sources is None:
            continue
        g = guid_of(art.uuid)
        files[f"Sources/{g}.txt"] = text
        src = sub(sources, "TextSource", _stamped(
            {"guid": g, "name": xml_text(art.display_name), "plainTextPath": f"internal://{g}.txt"},
            art.added_at, art.updated_at))
        for a in sorted(by_article.get(art.id, ()), key=lambda x: (x.start, x.end, x.id)):
            if not 0 <= a.start < a.end <= len(text):
                continue
            sel_guids[a.id] = sg = guid_of(a.uuid)
            sel = sub(src, "PlainTextSelection", _stamped(
                {"guid": sg, "name": xml_text(_short(a.exact)), "startPosition": str(a.start),
                 "endPosition": str(a.end)}, a.created, a.modified))
            if a.note:
                sub(sel, "Description", text=a.note)
            for tid in a.tag_ids:
                if tid in tag_guids:
                    coding = sub(sel, "Coding", _stamped({"guid": _stable("coding", a.uuid, str(tid))},
                                                         a.created, modifying=False))
                    sub(coding, "CodeRef", {"targetGUID": tag_guids[tid]})
        for ng in article_notes.get(art.id, ()):
            sub(src, "NoteRef", {"targetGUID": ng})
        for label, v in values.get(art.id, ()):
            vv = sub(src, "VariableValue")
            sub(vv, "VariableRef", {"targetGUID": _stable("variable", label)})
            sub(vv, "TextValue", text=v)

    link_notes: dict[int, str] = {}
    for ln in data.links:
        if ln.note and ln.source_id in sel_guids and ln.target_id in sel_guids:
            link_notes[ln.id] = g = _stable("link-note", ln.uuid)
            notes.append((g, f"{ln.relation}: {_short(ln.note)}", ln.note, ln.created, ln.modified))
    if notes:
        holder = sub(root, "Notes")
        for g, name, body, created, modified in notes:
            note = sub(holder, "Note", _stamped({"guid": g, "name": xml_text(name)}, created, modified))
            sub(note, "PlainTextContent", text=body)
    links = [ln for ln in data.links if ln.source_id in sel_guids and ln.target_id in sel_guids]
    if links:
        holder = sub(root, "Links")
        for ln in links:
            el = sub(holder, "Link", {"guid": guid_of(ln.uuid), "name": xml_text(ln.relation),
                                      "direction": "OneWay", "originGUID": sel_guids[ln.source_id],
                                      "targetGUID": sel_guids[ln.target_id]})
            if ln.id in link_notes:
                sub(el, "NoteRef", {"targetGUID": link_notes[ln.id]})
    arts = {a.id: a for a in data.articles if a.id in data.texts}
    cmps = [c for c in data.comparisons if c.left_id in arts and c.right_id in arts]
    if cmps:
        holder = sub(root, "Sets")
        for c in cmps:
            left, right = arts[c.left_id], arts[c.right_id]
            el = sub(holder, "Set", {"guid": guid_of(c.uuid), "name": xml_text(
                c.title or f"{left.display_name} | {right.display_name}")})
            sub(el, "Description", text=f"Parallax comparison: {left.display_name} (left) and "
                                        f"{right.display_name} (right)")
            for a in (left, right):
                sub(el, "MemberSource", {"targetGUID": guid_of(a.uuid)})
            for ng in comparison_notes.get(c.id, ()):
                sub(el, "MemberNote", {"targetGUID": ng})
    ET.indent(root)
    qde = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


# ---------------------------------------------------------------- reading


def read_qdpx_file(path: str | os.PathLike[str], /, *, max_bytes: int = MAX_QDPX_BYTES,
                   limits: ZipLimits = QDPX_LIMITS) -> NotesData:
    """The notes in a ``.qdpx`` file; one over ``max_bytes`` is refused before it is read."""
    name = str(path)
    regular_file(path, what="a REFI-QDA project")  # a directory, FIFO or link loop: named as such
    try:
        with open(Path(path), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(name, f"too large to import ({size / 1e6:,.0f} MB; at most "
                                       f"{max_bytes / 1e6:,.0f} MB)")
            raw = fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError(name, unreadable_reason(err)) from None
    return from_qdpx(raw, source=name, limits=limits)


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(el: Any, name: str) -> Iterator[Any]:
    return (c for c in el if _local(c) == name)


def _kid(el: Any, name: str) -> Any:
    return next(_kids(el, name), None)


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


class _Reader:
    """One ``.qdpx`` being read: the archive, the parsed project and what it becomes."""

    def __init__(self, raw: bytes, source: str, limits: ZipLimits):
        self.src, self.limits = source, limits
        if not raw.startswith(b"PK"):
            raise InputError(source, "not a REFI-QDA project (.qdpx is a ZIP archive)")
        self.zip = open_archive(raw, source=source, what=_WHAT, limits=limits)
        self.budget = [limits.total_bytes]
        self.members = {n.lower(): n for n in self.zip.namelist() if not n.endswith("/")}
        qde = [n for low, n in self.members.items() if low.endswith(".qde") and "/" not in low]
        if not qde:
            raise InputError(source, "not a REFI-QDA project (no project.qde in the archive)")
        data = self.read(qde[0])
        events = xml_events(data, source=source, what=_WHAT, limits=limits, events=("start",))
        root = None
        for _event, el in events:
            root = el if root is None else root
        if root is None or _local(root) != "Project":
            raise InputError(source, "not a REFI-QDA project (its .qde has no Project element)")
        self.root = root
        self.notices: list[str] = []

    def read(self, member: str) -> bytes:
        return read_member(self.zip, member, source=self.src, what=_WHAT, limits=self.limits,
                           budget=self.budget)

    def text_of(self, el: Any, what: str) -> str | None:
        """A TextSource's (or Note's) text: its PlainTextContent, else its plainTextPath."""
        content = _kid(el, "PlainTextContent")
        if content is not None:
            return content.text or ""
        path = (el.get("plainTextPath") or "").strip()
        if not path:
            self.notices.append(f"{what}: it has no text; left out")
            return None
        if not path.lower().startswith("internal://"):
            self.notices.append(f"{what}: its text is outside the project ({path}); left out")
            return None
        name = path[len("internal://"):].lstrip("/").lower()
        member = self.members.get(f"sources/{name}") or next(
            (n for low, n in self.members.items() if low.rsplit("/", 1)[-1] == name), None)
        if member is None:
            self.notices.append(f"{what}: its text {path} is not in the archive; left out")
            return None
        try:
            return self.read(member).decode("utf-8-sig")
        except UnicodeDecodeError:
            self.notices.append(f"{what}: its text {path} is not UTF-8; left out")
            return None


def _unix_lines(text: str) -> tuple[str, list[int]]:
    """``text`` with CR LF and CR as LF, and the positions of the CRs dropped (to move
    positions counted in the original)."""
    if "\r" not in text:
        return text, []
    dropped = [m.start() for m in re.finditer("\r\n", text)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), dropped


def _paragraphs(text: str) -> dict:
    spans = [[m.start(), m.end()] for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    return {"paragraphs": spans or [[0, len(text)]], "sentences": []}


def from_qdpx(raw: bytes, /, *, source: str = "project.qdpx",
              limits: ZipLimits = QDPX_LIMITS) -> NotesData:
    """The articles, codes, selections, notes, links and sets of a REFI-QDA project."""
    r = _Reader(raw, source, limits)
    root, notices = r.root, r.notices
    now = _now()

    # Notes first: sources, selections, links and sets refer to them.
    note_els: dict[str, Any] = {}
    for holder in _kids(root, "Notes"):
        for el in _kids(holder, "Note"):
            g = qdc_guid(el.get("guid"))
            if g:
                note_els[g] = el
    used_notes: set[str] = set()

    def note_text(el: Any) -> str | None:
        g = qdc_guid(el.get("targetGUID"))
        if g is None or g not in note_els:
            return None
        used_notes.add(g)
        return r.text_of(note_els[g], f"note {note_els[g].get('name') or g}")

    # The codebook
    tags: list[Tag] = []
    tag_ids: dict[str, int] = {}
    names: set[str] = set()

    def walk(el: Any, parent: int | None, parent_name: str) -> None:
        for c in _kids(el, "Code"):
            name = " ".join((c.get("name") or "").split()) or "Code"
            if name.casefold() in names:
                new = f"{name} ({parent_name})" if parent_name else f"{name} (2)"
                notices.append(f"code {name!r}: a second code of that name; imported as {new!r}")
                name = new
            names.add(name.casefold())
            g = qdc_guid(c.get("guid")) or _stable("code", source, name)
            d = _kid(c, "Description")
            tid = len(tags) + 1
            tag_ids[g] = tid
            tags.append(Tag(tid, g, name, qdc_colour(c.get("color")) or "",
                            ((d.text or "") if d is not None else "").strip(), parent, None,
                            tid, now))
            walk(c, tid, name)

    for book in _kids(root, "CodeBook"):
        for codes in _kids(book, "Codes"):
            walk(codes, None, "")

    variables = {qdc_guid(v.get("guid")): (v.get("name") or "").strip().casefold()
                 for holder in _kids(root, "Variables") for v in _kids(holder, "Variable")}

    articles: list[ArticleInfo] = []
    texts: dict[int, str] = {}
    segments: dict[int, dict] = {}
    annotations: list[Annotation] = []
    sel_ids: dict[str, int] = {}
    notes: list[Note] = []
    art_ids: dict[str, int] = {}
    for holder in _kids(root, "Sources"):
        for el in holder:
            kind = _local(el)
            label = el.get("name") or el.get("guid") or "?"
            if kind != "TextSource":
                if kind:
                    notices.append(f"source {label!r}: a {kind.removesuffix('Source')} source; "
                                   "only text sources are read, left out")
                continue
            original = r.text_of(el, f"source {label!r}")
            if original is None:
                continue
            if not original.strip():
                notices.append(f"source {label!r}: its text is empty; left out")
                continue
            text, dropped = _unix_lines(original)
            aid = len(articles) + 1
            g = qdc_guid(el.get("guid")) or _stable("source", source, label)
            art_ids[g] = aid
            meta: dict[str, str] = {}
            for vv in _kids(el, "VariableValue"):
                ref = _kid(vv, "VariableRef")
                vname = variables.get(qdc_guid(ref.get("targetGUID"))) if ref is not None else None
                value = next((c.text for c in vv if _local(c).endswith("Value") and c.text), None)
                if vname and value:
                    meta[vname] = value.strip()
            created = _when(el.get("creationDateTime")) or now
            articles.append(ArticleInfo(
                aid, g, meta.get("source") or meta.get("url"), el.get("name"),
                meta.get("outlet"), meta.get("published") or meta.get("date"),
                meta.get("byline") or meta.get("author"),
                tuple(c.strip() for c in (meta.get("credits") or "").split(";") if c.strip()),
                meta.get("language"), content_hash(text), len(text), created,
                _when(el.get("modifiedDateTime")) or created))
            texts[aid], segments[aid] = text, _paragraphs(text)
            if any(True for _ in _kids(el, "Coding")):
                notices.append(f"source {label!r}: codings of the whole source are not kept "
                               "(Parallax tags passages)")
            for ref in _kids(el, "NoteRef"):
                body = note_text(ref)
                if body is not None:
                    n = note_els[qdc_guid(ref.get("targetGUID"))]
                    nc = _when(n.get("creationDateTime")) or now
                    notes.append(Note(len(notes) + 1, qdc_guid(n.get("guid")) or "", aid, None, body,
                                      nc, _when(n.get("modifiedDateTime")) or nc))
            for sel in _kids(el, "PlainTextSelection"):
                a = _selection(sel, aid, text, dropped, label, tag_ids, note_text, notices, now)
                if a is not None:
                    a = a._replace(id=len(annotations) + 1,
                                   tags=tuple(tags[t - 1].name for t in a.tag_ids))
                    sel_ids[a.uuid] = a.id
                    annotations.append(a)

    comparisons: list[ComparisonInfo] = []
    for holder in _kids(root, "Sets"):
        for el in _kids(holder, "Set"):
            label = el.get("name") or el.get("guid") or "?"
            members = [art_ids.get(qdc_guid(m.get("targetGUID")) or "")
                       for m in _kids(el, "MemberSource")]
            if len(members) != 2 or None in members or members[0] == members[1]:
                notices.append(f"set {label!r}: not a pair of text sources, so not a comparison; "
                               "left out")
                continue
            cid = len(comparisons) + 1
            comparisons.append(ComparisonInfo(cid, qdc_guid(el.get("guid")) or _stable("set", label),
                                              members[0], members[1], el.get("name") or "", {},
                                              now, now))  # type: ignore[arg-type]
            for ref in _kids(el, "MemberNote"):
                body = note_text(ref)
                if body is not None:
                    n = note_els[qdc_guid(ref.get("targetGUID"))]
                    nc = _when(n.get("creationDateTime")) or now
                    notes.append(Note(len(notes) + 1, qdc_guid(n.get("guid")) or "", None, cid, body,
                                      nc, _when(n.get("modifiedDateTime")) or nc))

    pair = {(c.left_id, c.right_id): c.id for c in comparisons}
    art_of = {a.id: a.article_id for a in annotations}
    links: list[Link] = []
    for holder in _kids(root, "Links"):
        for el in _kids(holder, "Link"):
            a, b = (sel_ids.get(qdc_guid(el.get(k)) or "") for k in ("originGUID", "targetGUID"))
            if a is None or b is None:
                notices.append(f"link {el.get('name') or el.get('guid')!r}: it does not join two "
                               "text selections; left out")
                continue
            body = "\n\n".join(t for t in (note_text(ref) for ref in _kids(el, "NoteRef")) if t)
            lg = qdc_guid(el.get("guid")) or _stable("link", str(a), str(b))
            links.append(Link(len(links) + 1, lg, a, b, " ".join((el.get("name") or "").split())
                              or "same fact", pair.get((art_of[a], art_of[b])), body, now, now))
    left = [n for g, n in note_els.items() if g not in used_notes]
    if left:
        notices.append(f"{len(left)} note{'' if len(left) == 1 else 's'} not on a source, a selection, a link or a set "
                       f"(e.g. {left[0].get('name') or left[0].get('guid')!r}); left out")
    if not articles:
        raise InputError(source, "holds no text source Parallax can read" +
                         (f" ({notices[0]})" if notices else ""))
    return NotesData(tuple(articles), texts, tuple(tags), tuple(annotations), tuple(notes),
                     tuple(links), tuple(comparisons), (), segments, tuple(notices))


def _selection(sel: Any, aid: int, text: str, dropped: list[int], label: str,
               tag_ids: dict[str, int], note_text: Any, notices: list[str], now: str) -> Annotation | None:
    g = qdc_guid(sel.get("guid")) or _stable("selection", label, str(sel.get("startPosition")),
                                             str(sel.get("endPosition")))
    start, end = _int(sel.get("startPosition")), _int(sel.get("endPosition"))
    if start is not None and end is not None:
        start -= bisect.bisect_left(dropped, start)
        end -= bisect.bisect_left(dropped, end)
    if start is None or end is None or not 0 <= start < end <= len(text):
        notices.append(f"selection {g} in {label!r}: positions [{sel.get('startPosition')}, "
                       f"{sel.get('endPosition')}) are not a range in its text "
                       f"({len(text)} characters); left out")
        return None
    tids: list[int] = []
    for coding in _kids(sel, "Coding"):
        ref = _kid(coding, "CodeRef")
        tg = qdc_guid(ref.get("targetGUID")) if ref is not None else None
        if tg in tag_ids:
            tids.append(tag_ids[tg])  # type: ignore[index]
        else:
            notices.append(f"selection {g} in {label!r}: a coding with a code not in the codebook; "
                           "left out")
    d = _kid(sel, "Description")
    bodies = [(d.text or "").strip()] if d is not None else []
    bodies += [t.strip() for t in (note_text(ref) for ref in _kids(sel, "NoteRef")) if t]
    s = make_selector(text, (start, end))
    created = _when(sel.get("creationDateTime")) or now
    return Annotation(0, g, aid, start, end, s.exact, s.prefix, s.suffix,
                      "\n\n".join(b for b in bodies if b), False, None, created,
                      _when(sel.get("modifiedDateTime")) or created, (), tuple(dict.fromkeys(tids)))
