"""``lib.comparisons``: pairs of articles read side by side, with where they were left."""

from __future__ import annotations

import json
from typing import Any

from parallax.reader.errors import LibraryError
from parallax.reader.notes.records import ComparisonInfo, OpChanges
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
