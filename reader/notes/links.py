"""``lib.links``: a passage in one article linked to a passage in another, with a
relation ("same fact", "reframes", "contradicts", "omits", or one of the user's)."""

from __future__ import annotations

from typing import Any

from parallax.reader.errors import LibraryError, UsageError
from parallax.reader.model import Span
from parallax.reader.notes.annotations import Annotations
from parallax.reader.notes.notes import delete_one
from parallax.reader.notes.records import Link, OpChanges, Relation
from parallax.reader.notes.schema import new_uuid, now
from parallax.reader.notes.store import Store

_SQL = ("SELECT l.id, l.uuid, l.source_id, l.target_id, r.name, l.comparison_id, l.note, "
        "l.created, l.modified FROM links l JOIN relations r ON r.id = l.relation_id")


class Links:
    """Links.  ``lib.links(annotation_id=, comparison_id=)`` lists them, oldest first."""

    def __init__(self, store: Store, annotations: Annotations):
        self._store, self._annotations = store, annotations

    # -- relations

    def relations(self) -> list[Relation]:
        """The built-in relations, then the user's."""
        with self._store.read():
            return [Relation(r["id"], r["name"], bool(r["builtin"])) for r in self._store.table(
                "relations").rows_where(select="id, name, builtin", order_by="builtin DESC, id")]

    def relation_id(self, name: str, /, *, create: bool = True) -> int:
        """Inside a write: the id of a relation by (case-insensitive) name, added if new."""
        name = " ".join((name or "").split())
        if not name:
            raise UsageError("a link needs a relation")
        rid = self._store.value("SELECT id FROM relations WHERE name = ? COLLATE NOCASE", [name])
        if rid is not None:
            return rid
        if not create:
            raise LibraryError(f"no relation {name!r}")
        return self._store.insert("relations", {"name": name, "builtin": 0, "created": now()})

    def add_relation(self, name: str, /) -> OpChanges:
        """A user-defined relation for links (the built-in ones always exist)."""
        with self._store.write("Add relation") as images:
            rid = self.relation_id(name)
        return self._store.finish("Add relation", images, id=rid)

    # -- links

    def all(self, *, annotation_id: int | None = None, comparison_id: int | None = None) -> list[Link]:
        where, params = [], []
        if annotation_id is not None:
            where.append("(l.source_id = ? OR l.target_id = ?)")
            params += [annotation_id, annotation_id]
        if comparison_id is not None:
            where.append("l.comparison_id = ?")
            params.append(comparison_id)
        sql = _SQL + ((" WHERE " + " AND ".join(where)) if where else "") + " ORDER BY l.id"
        with self._store.read() as c:
            return [Link(*r) for r in c.execute(sql, params)]

    __call__ = all

    def get(self, link_id: int, /) -> Link:
        with self._store.read() as c:
            r = c.execute(_SQL + " WHERE l.id = ?", [link_id]).fetchone()
        if r is None:
            raise LibraryError(f"no link {link_id} in the library")
        return Link(*r)

    def create(self, source_id: int, target_id: int, relation: str, /, *, note: str = "",
               comparison_id: int | None = None) -> int:
        """Inside a write: link two annotations; returns the link's id."""
        for aid in (source_id, target_id):
            if self._store.get("annotations", (aid,)) is None:
                raise LibraryError(f"no annotation {aid} in the library")
        if source_id == target_id:
            raise UsageError("a link joins two different passages")
        stamp = now()
        return self._store.insert("links", {
            "uuid": new_uuid(), "source_id": source_id, "target_id": target_id,
            "relation_id": self.relation_id(relation), "comparison_id": comparison_id,
            "note": note or "", "created": stamp, "modified": stamp})

    def add(self, source_id: int, target_id: int, relation: str, /, *, note: str = "",
            comparison_id: int | None = None) -> OpChanges:
        """Link two annotations (passages) with a relation, e.g. "same fact"."""
        with self._store.write("Link passages") as images:
            lid = self.create(source_id, target_id, relation, note=note, comparison_id=comparison_id)
        return self._store.finish("Link passages", images, id=lid)

    def add_passages(self, source_article: int, source_span: Span | tuple[int, int],
                     target_article: int, target_span: Span | tuple[int, int], relation: str, /,
                     *, note: str = "", comparison_id: int | None = None) -> OpChanges:
        """Link two passages, annotating them first if they are not annotated yet (one step).
        ``ids`` are the two annotations."""
        store = self._store
        with store.write("Link passages") as images:
            ends = []
            for art, span in ((source_article, source_span), (target_article, target_span)):
                s, e = int(span[0]), int(span[1])
                aid = store.value('SELECT id FROM annotations WHERE article_id = ? AND start = ? '
                                  'AND "end" = ? AND orphaned = 0 ORDER BY id LIMIT 1', [art, s, e])
                ends.append(aid if aid is not None else self._annotations.create(
                    art, (s, e), comparison_id=comparison_id, create_tags=False))
            lid = self.create(ends[0], ends[1], relation, note=note, comparison_id=comparison_id)
        return store.finish("Link passages", images, id=lid, ids=ends)

    def update(self, link_id: int, /, *, relation: str | None = None,
               note: str | None = None) -> OpChanges:
        store = self._store
        with store.write("Edit link") as images:
            if store.get("links", (link_id,)) is None:
                raise LibraryError(f"no link {link_id} in the library")
            ch: dict[str, Any] = {}
            if relation is not None:
                ch["relation_id"] = self.relation_id(relation)
            if note is not None:
                ch["note"] = note
            if ch:
                ch["modified"] = now()
            store.update("links", (link_id,), ch)
        return store.finish("Edit link", images, id=link_id)

    def delete(self, link_id: int, /) -> OpChanges:
        return delete_one(self._store, "links", "link", link_id)
