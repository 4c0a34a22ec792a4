"""``lib.notes``: Markdown notes on a whole article or a whole comparison."""

from __future__ import annotations

from parallax.reader.errors import LibraryError, UsageError
from parallax.reader.notes.records import Note, OpChanges
from parallax.reader.notes.schema import new_uuid, now
from parallax.reader.notes.store import Store

_COLUMNS = "id, uuid, article_id, comparison_id, body, created, modified"


class Notes:
    """Notes.  ``lib.notes(article_id=, comparison_id=)`` lists them, oldest first."""

    def __init__(self, store: Store):
        self._store = store

    def all(self, *, article_id: int | None = None, comparison_id: int | None = None) -> list[Note]:
        where, params = [], []
        for column, value in (("article_id", article_id), ("comparison_id", comparison_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        with self._store.read():
            return [Note(**r) for r in self._store.table("notes").rows_where(
                " AND ".join(where) or None, params, select=_COLUMNS, order_by="id")]

    __call__ = all

    def get(self, note_id: int, /) -> Note:
        with self._store.read():
            row = self._store.get("notes", (note_id,))
        if row is None:
            raise LibraryError(f"no note {note_id} in the library")
        return Note(**row)

    def add(self, body: str, /, *, article_id: int | None = None,
            comparison_id: int | None = None) -> OpChanges:
        """A Markdown note on a whole article or a whole comparison (give exactly one)."""
        if (article_id is None) == (comparison_id is None):
            raise UsageError("a note belongs to an article or a comparison: give exactly one")
        store = self._store
        with store.write("Add note") as images:
            if article_id is not None and store.get("articles", (article_id,)) is None:
                raise LibraryError(f"no article {article_id} in the library")
            if comparison_id is not None and store.get("comparisons", (comparison_id,)) is None:
                raise LibraryError(f"no comparison {comparison_id} in the library")
            stamp = now()
            nid = store.insert("notes", {"uuid": new_uuid(), "article_id": article_id,
                                         "comparison_id": comparison_id, "body": body or "",
                                         "created": stamp, "modified": stamp})
        return store.finish("Add note", images, id=nid)

    def update(self, note_id: int, body: str, /) -> OpChanges:
        store = self._store
        with store.write("Edit note") as images:
            if store.get("notes", (note_id,)) is None:
                raise LibraryError(f"no note {note_id} in the library")
            store.update("notes", (note_id,), {"body": body, "modified": now()})
        return store.finish("Edit note", images, id=note_id)

    def delete(self, note_id: int, /) -> OpChanges:
        return delete_one(self._store, "notes", "note", note_id)


def delete_one(store: Store, table: str, what: str, row_id: int) -> OpChanges:
    """Delete one note or link (one transaction, undoable)."""
    name = f"Delete {what}"
    with store.write(name) as images:
        if not store.delete(table, (row_id,)):
            raise LibraryError(f"no {what} {row_id} in the library")
    return store.finish(name, images, id=row_id)
