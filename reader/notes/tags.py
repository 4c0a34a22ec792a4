"""``lib.tags``: the codebook (tags with colours, descriptions, parents and shortcut keys)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parallax.reader.errors import InputError, LibraryError, UsageError
from parallax.reader.notes import codebook
from parallax.reader.notes.records import CodebookEntry, OpChanges, Tag
from parallax.reader.notes.schema import DEFAULT_COLOURS, new_uuid, now
from parallax.reader.notes.store import UNSET, Store

_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
_COLUMNS = "id, uuid, name, colour, description, parent_id, shortcut, position, created"


def check_colour(colour: str) -> str:
    """``#RRGGBB`` in capitals, or a UsageError."""
    if not _COLOUR_RE.match(colour or ""):
        raise UsageError(f"colour {colour!r} is not of the form #RRGGBB")
    return colour.upper()


def check_name(name: str) -> str:
    """A tag name with its white space collapsed, or a UsageError when there is none."""
    name = " ".join((name or "").split())
    if not name:
        raise UsageError("a tag needs a name")
    return name


def _tag(row: dict) -> Tag:
    return Tag(**row)


class Tags:
    """The codebook.  ``lib.tags()`` (or ``.all()``) lists it in its order."""

    def __init__(self, store: Store):
        self._store = store

    # -- reading

    def all(self) -> list[Tag]:
        """The codebook, in its order."""
        with self._store.read():
            return [_tag(r) for r in self._store.table("tags").rows_where(
                select=_COLUMNS, order_by="position, id")]

    __call__ = all

    def find(self, ref: int | str, /) -> Tag | None:
        """A tag by id or (case-insensitive) name; None if there is none."""
        with self._store.read():
            if isinstance(ref, int):
                rows = self._store.table("tags").rows_where("id = ?", [ref], select=_COLUMNS)
            else:
                rows = self._store.table("tags").rows_where("name = ? COLLATE NOCASE", [ref.strip()],
                                                            select=_COLUMNS)
            row = next(iter(rows), None)
        return None if row is None else _tag(row)

    def get(self, ref: int | str, /) -> Tag:
        """A tag by id or (case-insensitive) name."""
        t = self.find(ref)
        if t is None:
            raise LibraryError(f"no tag {ref!r} in the codebook")
        return t

    def counts(self) -> dict[int, int]:
        """Annotations per tag id (tags with none are absent)."""
        with self._store.read() as c:
            return dict(c.execute("SELECT tag_id, count(*) FROM annotation_tags GROUP BY tag_id"))

    def usage(self, ref: int | str, /) -> int:
        """How many annotations carry this tag (say it before deleting)."""
        t = self.get(ref)
        with self._store.read():
            return self._store.table("annotation_tags").count_where("tag_id = ?", [t.id])

    def filter_ids(self, tag: int | str, /) -> list[int]:
        """The tag and its descendants (filtering by a parent includes its children)."""
        t = self.get(tag)
        with self._store.read() as c:
            return [r[0] for r in c.execute(
                "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT tags.id FROM tags JOIN sub "
                "ON tags.parent_id = sub.id) SELECT id FROM sub", [t.id])]

    # -- helpers inside a write

    def _next_position(self) -> int:
        return self._store.value("SELECT coalesce(max(position), -1) + 1 FROM tags")

    def _next_colour(self) -> str:
        used = {c.upper() for c in self._store.column("SELECT colour FROM tags")}
        for c in DEFAULT_COLOURS:
            if c not in used:
                return c
        return DEFAULT_COLOURS[self._store.value("SELECT count(*) FROM tags") % len(DEFAULT_COLOURS)]

    def _free_shortcut(self) -> str | None:
        used = set(self._store.column("SELECT shortcut FROM tags WHERE shortcut IS NOT NULL"))
        return next((k for k in "123456789" if k not in used), None)

    def _shortcut_taken(self, key: str, but: int | None = None) -> bool:
        return self._store.value("SELECT 1 FROM tags WHERE shortcut = ? AND id IS NOT ?",
                                 [key, but]) is not None

    def _resolve_parent(self, parent: int | str | None) -> int | None:
        if parent is None or parent == "":
            return None
        t = self.find(parent)
        if t is None:
            raise LibraryError(f"no tag {parent!r} to be the parent")
        return t.id

    def _is_ancestor(self, tag_id: int, of: int | None) -> bool:
        p = of
        while p is not None:
            if p == tag_id:
                return True
            p = self._store.value("SELECT parent_id FROM tags WHERE id = ?", [p])
        return False

    def create(self, name: str, *, colour: str | None = None, description: str = "",
               parent_id: int | None = None, shortcut: Any = UNSET, uuid: str | None = None,
               created: str | None = None) -> int:
        """Inside a write: add a tag (colour and a free shortcut key chosen if not given;
        a shortcut another tag has is dropped).  Returns its id."""
        if shortcut is UNSET:
            shortcut = self._free_shortcut()
        elif shortcut and self._shortcut_taken(shortcut):
            shortcut = None
        return self._store.insert("tags", {
            "uuid": uuid or new_uuid(), "name": check_name(name),
            "colour": check_colour(colour) if colour else self._next_colour(),
            "description": description or "", "parent_id": parent_id, "shortcut": shortcut or None,
            "position": self._next_position(), "created": created or now()})

    def ids_for(self, tags: Iterable[int | str], /, *, create: bool) -> list[int]:
        """Inside a write: the ids of tags given by id or name; unknown names are added
        to the codebook when ``create``."""
        out: list[int] = []
        for ref in tags:
            t = self.find(ref)
            if t is not None:
                tid = t.id
            elif create and not isinstance(ref, int):
                tid = self.create(ref)
            else:
                raise LibraryError(f"no tag {ref!r} in the codebook")
            if tid not in out:
                out.append(tid)
        return out

    def drop(self, tag_id: int, /) -> int:
        """Inside a write: delete a tag, taking it off its annotations and its children
        to the top level.  Returns the number of annotations that had it."""
        store = self._store
        n = 0
        for aid in store.column("SELECT annotation_id FROM annotation_tags WHERE tag_id = ?", [tag_id]):
            store.delete("annotation_tags", (aid, tag_id))
            n += 1
        for cid in store.column("SELECT id FROM tags WHERE parent_id = ?", [tag_id]):
            store.update("tags", (cid,), {"parent_id": None})
        store.delete("tags", (tag_id,))
        return n

    # -- writing

    def add(self, name: str, /, *, colour: str | None = None, description: str = "",
            parent: int | str | None = None, shortcut: str | None = None,
            uuid: str | None = None) -> OpChanges:
        """Add a tag to the codebook (colour and shortcut key chosen if not given)."""
        name = check_name(name)
        with self._store.write("Add tag") as images:
            if self.find(name) is not None:
                raise LibraryError(f"a tag named {name!r} already exists")
            new_id = self._store.insert("tags", {
                "uuid": uuid or new_uuid(), "name": name,
                "colour": check_colour(colour) if colour else self._next_colour(),
                "description": description or "", "parent_id": self._resolve_parent(parent),
                "shortcut": shortcut if shortcut is not None else self._free_shortcut(),
                "position": self._next_position(), "created": now()})
        return self._store.finish("Add tag", images, id=new_id)

    def update(self, ref: int | str, /, *, name: str | None = None, colour: str | None = None,
               description: str | None = None, parent: Any = UNSET,
               shortcut: Any = UNSET, position: int | None = None) -> OpChanges:
        """Rename, recolour, re-describe, re-parent (None: top level), re-key or move a tag."""
        t = self.get(ref)
        changes: dict[str, Any] = {}
        label = "Edit tag"
        if name is not None:
            changes["name"] = check_name(name)
            label = "Rename tag"
        if colour is not None:
            changes["colour"] = check_colour(colour)
            label = "Recolour tag" if name is None else label
        if description is not None:
            changes["description"] = description
        store = self._store
        with store.write(label) as images:
            if "name" in changes:
                other = self.find(changes["name"])
                if other is not None and other.id != t.id:
                    raise LibraryError(f"a tag named {changes['name']!r} already exists")
            if parent is not UNSET:
                pid = self._resolve_parent(parent)
                if self._is_ancestor(t.id, pid):
                    raise LibraryError("a tag cannot be its own ancestor")
                changes["parent_id"] = pid
            if shortcut is not UNSET:
                if shortcut:
                    for oid in store.column("SELECT id FROM tags WHERE shortcut = ? AND id != ?",
                                            [shortcut, t.id]):
                        store.update("tags", (oid,), {"shortcut": None})
                changes["shortcut"] = shortcut or None
            if position is not None:
                changes["position"] = int(position)
            store.update("tags", (t.id,), changes)
        return store.finish(label, images, id=t.id)

    def merge(self, sources: Iterable[int | str], into: int | str, /) -> OpChanges:
        """Move every annotation of ``sources`` onto ``into`` and delete the sources.
        ``count`` is the number of annotations that gained ``into``."""
        target = self.get(into)
        srcs = [s for s in (self.get(s) for s in sources) if s.id != target.id]
        store = self._store
        count = 0
        with store.write("Merge tags") as images:
            for s in srcs:
                for aid in store.column("SELECT annotation_id FROM annotation_tags WHERE tag_id = ?",
                                        [s.id]):
                    if store.get("annotation_tags", (aid, target.id)) is None:
                        store.insert("annotation_tags", {"annotation_id": aid, "tag_id": target.id})
                        count += 1
                for cid in store.column("SELECT id FROM tags WHERE parent_id = ?", [s.id]):
                    if cid != target.id:
                        store.update("tags", (cid,), {"parent_id": target.id})
                self.drop(s.id)
        return store.finish("Merge tags", images, id=target.id, ids=[s.id for s in srcs], count=count)

    def delete(self, ref: int | str, /) -> OpChanges:
        """Delete a tag; its annotations stay, without it.  ``count``: annotations affected."""
        t = self.get(ref)
        with self._store.write("Delete tag") as images:
            n = self.drop(t.id)
        return self._store.finish("Delete tag", images, id=t.id, count=n)

    # -- codebook files

    def import_codebook(self, entries: Iterable[CodebookEntry], /) -> OpChanges:
        """Add or update tags by name (colour, description, parent, shortcut); one operation."""
        entries = list(entries)
        ids: list[int] = []
        by_name: dict[str, int] = {}
        store = self._store
        with store.write("Import codebook") as images:
            for e in entries:  # first pass: create or update, without parents
                name = check_name(e.name)
                t = None
                if e.uuid:
                    r = store.value("SELECT id FROM tags WHERE uuid = ?", [e.uuid])
                    t = self.find(r) if r is not None else None
                if t is None:
                    t = self.find(name)
                if t is None:
                    tid = self.create(name, colour=e.colour, description=e.description,
                                      shortcut=e.shortcut or None, uuid=e.uuid)
                else:
                    tid = t.id
                    ch: dict[str, Any] = {}
                    if name != t.name and self.find(name) in (None, t):
                        ch["name"] = name  # the same code (by guid), renamed elsewhere
                    if e.colour:
                        ch["colour"] = check_colour(e.colour)
                    if e.description:
                        ch["description"] = e.description
                    if e.shortcut and not self._shortcut_taken(e.shortcut, tid):
                        ch["shortcut"] = e.shortcut
                    store.update("tags", (tid,), ch)
                ids.append(tid)
                by_name[name.casefold()] = tid
            for e, tid in zip(entries, ids, strict=True):
                if e.parent:
                    pid = by_name.get(" ".join(e.parent.split()).casefold())
                    if pid is None:
                        pid = self._resolve_parent(e.parent)
                    if pid != tid and not self._is_ancestor(tid, pid):
                        store.update("tags", (tid,), {"parent_id": pid})
        return store.finish("Import codebook", images, ids=ids, count=len(ids))

    def export_codebook(self, fmt: str = "csv", /) -> str:
        """The codebook as ``csv`` (formula-like cells guarded), ``csv-plain`` or REFI-QDA
        ``qdc`` text."""
        if fmt in ("csv", "csv-plain"):
            return codebook.to_csv(self.all(), guard=fmt == "csv")
        if fmt == "qdc":
            return codebook.to_qdc(self.all())
        raise UsageError(f"unknown codebook format {fmt!r} (csv, csv-plain or qdc)")

    def import_codebook_file(self, path: str | os.PathLike[str], /) -> OpChanges:
        """Read a codebook file (``.csv`` or REFI-QDA ``.qdc``) into the codebook, one operation."""
        p = Path(path)
        try:
            text = p.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise InputError(str(path), "no such file") from None
        except UnicodeDecodeError:
            raise InputError(str(path), "not UTF-8 text") from None
        except OSError as err:
            raise InputError(str(path), err.strerror or "cannot be read") from None
        if p.suffix.lower() in (".qdc", ".xml") or text.lstrip().startswith("<"):
            entries = codebook.from_qdc(text, source=str(path))
        else:
            entries = codebook.from_csv(text, source=str(path))
        return self.import_codebook(entries)
