"""``lib.comparisons``: pairs of articles read side by side, with where they were left;
``lib.collations``: three or more articles of one story read as one (issue #15), with
where they were left and the analyst's notes on matrix rows."""

from __future__ import annotations

import json
from typing import Any

from parallax.reader.errors import LibraryError
from parallax.reader.notes.records import CollationInfo, ComparisonInfo, OpChanges, RowNote
from parallax.reader.notes.schema import new_uuid, now
from parallax.reader.notes.store import Store

_COLUMNS = "id, uuid, left_id, right_id, title, view_state, created, opened_at"


def _comparison(row: dict) -> ComparisonInfo:
    try:
        state = json.loads(row["view_state"] or "{}")
    except ValueError:
        state = {}
    return ComparisonInfo(row["id"], row["uuid"], row["left_id"], row["right_id"], row["title"],
                          state if isinstance(state, dict) else {}, row["created"], row["opened_at"])


class Comparisons:
    """Comparisons.  ``lib.comparisons(limit=)`` lists them, most recently opened first."""

    def __init__(self, store: Store):
        self._store = store

    def _rows(self, where: str | None, params: list[Any], **kw: Any) -> list[ComparisonInfo]:
        with self._store.read():
            return [_comparison(r) for r in self._store.table("comparisons").rows_where(
                where, params, select=_COLUMNS, **kw)]

    def all(self, *, limit: int | None = None) -> list[ComparisonInfo]:
        """Comparisons, most recently opened first."""
        return self._rows(None, [], order_by="opened_at DESC, id DESC",
                          limit=None if limit is None else int(limit))

    __call__ = all

    def get(self, comparison_id: int, /) -> ComparisonInfo:
        found = self._rows("id = ?", [comparison_id])
        if not found:
            raise LibraryError(f"no comparison {comparison_id} in the library")
        return found[0]

    def find(self, left_id: int, right_id: int, /) -> ComparisonInfo | None:
        """The stored comparison of this (ordered) pair, without marking it opened."""
        found = self._rows("left_id = ? AND right_id = ?", [left_id, right_id])
        return found[0] if found else None

    def _existing(self, comparison_id: int) -> None:
        if self._store.get("comparisons", (comparison_id,)) is None:
            raise LibraryError(f"no comparison {comparison_id} in the library")

    def open(self, left_id: int, right_id: int, /, *, title: str | None = None) -> OpChanges:
        """The comparison of this pair (created the first time), marked as just opened.
        Not on the undo log."""
        store = self._store
        with store.write("Open comparison", undoable=False) as images:
            for aid in (left_id, right_id):
                if store.get("articles", (aid,)) is None:
                    raise LibraryError(f"no article {aid} in the library")
            cid = store.value("SELECT id FROM comparisons WHERE left_id = ? AND right_id = ?",
                              [left_id, right_id])
            stamp = now()
            created = cid is None
            if cid is not None:
                store.update("comparisons", (cid,), {"opened_at": stamp})
            else:
                cid = store.insert("comparisons", {
                    "uuid": new_uuid(), "left_id": left_id, "right_id": right_id,
                    "title": title or "", "view_state": "{}", "created": stamp, "opened_at": stamp})
        return store.finish("Open comparison", images, id=cid, undoable=False, created=created)

    def save_view_state(self, comparison_id: int, state: dict[str, Any], /) -> OpChanges:
        """Remember where a comparison was left (scroll positions, layers...): JSON-able dict.
        Not on the undo log."""
        blob = json.dumps(state, ensure_ascii=False, sort_keys=True)
        with self._store.write("Save view", undoable=False) as images:
            self._existing(comparison_id)
            self._store.update("comparisons", (comparison_id,), {"view_state": blob})
        return self._store.finish("Save view", images, id=comparison_id, undoable=False)

    def rename(self, comparison_id: int, title: str, /) -> OpChanges:
        with self._store.write("Rename comparison") as images:
            self._existing(comparison_id)
            self._store.update("comparisons", (comparison_id,), {"title": title})
        return self._store.finish("Rename comparison", images, id=comparison_id)

    def drop(self, comparison_id: int, /) -> None:
        """Inside a write: forget a comparison and its notes; its annotations and links stay."""
        store = self._store
        for nid in store.column("SELECT id FROM notes WHERE comparison_id = ?", [comparison_id]):
            store.delete("notes", (nid,))
        for table in ("annotations", "links"):
            for rid in store.column(f"SELECT id FROM {table} WHERE comparison_id = ?", [comparison_id]):
                store.update(table, (rid,), {"comparison_id": None})
        store.delete("comparisons", (comparison_id,))

    def delete(self, comparison_id: int, /) -> OpChanges:
        """Forget a comparison and its notes; its annotations and links stay."""
        with self._store.write("Delete comparison") as images:
            self._existing(comparison_id)
            self.drop(comparison_id)
        return self._store.finish("Delete comparison", images, id=comparison_id)


_COLLATION_COLUMNS = "id, uuid, article_ids, title, view_state, created, opened_at"
_ROW_NOTE_COLUMNS = "id, uuid, collation_id, matrix, row_key, label, body, created, modified"
MATRICES = ("facts", "framing", "voices")


def _json_dict(blob: str | None) -> dict:
    try:
        value = json.loads(blob or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _collation(row: dict) -> CollationInfo:
    ids = tuple(int(i) for i in json.loads(row["article_ids"]))
    return CollationInfo(row["id"], row["uuid"], ids, row["title"], _json_dict(row["view_state"]),
                         row["created"], row["opened_at"])


def _drop_collation(store: Store, collation_id: int) -> None:
    for nid in store.column("SELECT id FROM collation_notes WHERE collation_id = ?", [collation_id]):
        store.delete("collation_notes", (nid,))
    store.delete("collations", (collation_id,))


def drop_collations_of(store: Store, article_id: int) -> None:
    """Inside a write: forget the collations that include an article, with their row notes
    (a collation is its set of articles; without one of them it is another story)."""
    for cid in store.column("SELECT id FROM collations WHERE EXISTS "
                            "(SELECT 1 FROM json_each(collations.article_ids) WHERE value = ?)",
                            [article_id]):
        _drop_collation(store, cid)


class Collations:
    """Saved collations.  ``lib.collations(limit=)`` lists them, most recently opened first;
    ``note_row``/``row_notes``/``delete_row_note`` keep the notes on their matrix rows."""

    def __init__(self, store: Store):
        self._store = store

    def _rows(self, where: str | None, params: list[Any], **kw: Any) -> list[CollationInfo]:
        with self._store.read():
            return [_collation(r) for r in self._store.table("collations").rows_where(
                where, params, select=_COLLATION_COLUMNS, **kw)]

    def all(self, *, limit: int | None = None) -> list[CollationInfo]:
        return self._rows(None, [], order_by="opened_at DESC, id DESC",
                          limit=None if limit is None else int(limit))

    __call__ = all

    def get(self, collation_id: int, /) -> CollationInfo:
        found = self._rows("id = ?", [collation_id])
        if not found:
            raise LibraryError(f"no collation {collation_id} in the library")
        return found[0]

    def find(self, article_ids: list[int] | tuple[int, ...], /) -> CollationInfo | None:
        """The stored collation of these articles (in any order), without marking it opened."""
        found = self._rows("article_ids = ?", [json.dumps(sorted(set(article_ids)))])
        return found[0] if found else None

    def _existing(self, collation_id: int) -> None:
        if self._store.get("collations", (collation_id,)) is None:
            raise LibraryError(f"no collation {collation_id} in the library")

    def open(self, article_ids: list[int] | tuple[int, ...], /, *, title: str | None = None) -> OpChanges:
        """The collation of these articles (created the first time), marked as just opened.
        The same articles in another order are the same collation.  Not on the undo log."""
        ids = sorted(set(article_ids))
        if len(ids) < 3:
            raise LibraryError("a collation needs three or more different articles")
        store = self._store
        key = json.dumps(ids)
        with store.write("Open collation", undoable=False) as images:
            for aid in ids:
                if store.get("articles", (aid,)) is None:
                    raise LibraryError(f"no article {aid} in the library")
            cid = store.value("SELECT id FROM collations WHERE article_ids = ?", [key])
            stamp = now()
            created = cid is None
            if cid is not None:
                store.update("collations", (cid,), {"opened_at": stamp})
            else:
                cid = store.insert("collations", {
                    "uuid": new_uuid(), "article_ids": key, "title": title or "",
                    "view_state": "{}", "created": stamp, "opened_at": stamp})
        return store.finish("Open collation", images, id=cid, undoable=False, created=created)

    def save_view_state(self, collation_id: int, state: dict[str, Any], /) -> OpChanges:
        """Remember where a collation was left (JSON-able dict).  Not on the undo log."""
        blob = json.dumps(state, ensure_ascii=False, sort_keys=True)
        with self._store.write("Save view", undoable=False) as images:
            self._existing(collation_id)
            self._store.update("collations", (collation_id,), {"view_state": blob})
        return self._store.finish("Save view", images, id=collation_id, undoable=False)

    def delete(self, collation_id: int, /) -> OpChanges:
        """Forget a collation and its row notes (its articles stay)."""
        store = self._store
        with store.write("Delete collation") as images:
            self._existing(collation_id)
            _drop_collation(store, collation_id)
        return store.finish("Delete collation", images, id=collation_id)

    # -- notes on matrix rows

    def row_notes(self, collation_id: int, /) -> list[RowNote]:
        with self._store.read():
            return [RowNote(**r) for r in self._store.table("collation_notes").rows_where(
                "collation_id = ?", [collation_id], select=_ROW_NOTE_COLUMNS,
                order_by="matrix, id")]

    def row_note(self, collation_id: int, matrix: str, row_key: str, /) -> RowNote | None:
        return next((n for n in self.row_notes(collation_id)
                     if n.matrix == matrix and n.row_key == row_key), None)

    def note_row(self, collation_id: int, matrix: str, row_key: str, body: str, /, *,
                 label: str = "") -> OpChanges:
        """Write the note on a matrix row (replacing the row's note; an empty body deletes it)."""
        if matrix not in MATRICES:
            raise LibraryError(f"no matrix {matrix!r} (one of {', '.join(MATRICES)})")
        store = self._store
        with store.write("Note on row") as images:
            self._existing(collation_id)
            nid = store.value("SELECT id FROM collation_notes WHERE collation_id = ? AND matrix = ? "
                              "AND row_key = ?", [collation_id, matrix, row_key])
            stamp = now()
            if not body.strip():
                if nid is not None:
                    store.delete("collation_notes", (nid,))
            elif nid is None:
                nid = store.insert("collation_notes", {
                    "uuid": new_uuid(), "collation_id": collation_id, "matrix": matrix,
                    "row_key": row_key, "label": label, "body": body, "created": stamp,
                    "modified": stamp})
            else:
                store.update("collation_notes", (nid,), {"body": body, "label": label or
                                                          store.get("collation_notes", (nid,))["label"],
                                                          "modified": stamp})
        return store.finish("Note on row", images, id=nid)
