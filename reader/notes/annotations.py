"""``lib.annotations``: tagged, annotated passages of articles.

A passage is a half-open ``[start, end)`` range of code points of its article's
cleaned text, stored with a quote selector (``exact``/``prefix``/``suffix``) so
that it can be found again when the text changes.  Lists are read in a few
queries however long they are (tags are read once per distinct set).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from parallax.reader.errors import InputError, LibraryError, UsageError
from parallax.reader.model import Span
from parallax.reader.notes.anchoring import find_quote, make_selector
from parallax.reader.notes.records import Annotation, OpChanges
from parallax.reader.notes.schema import new_uuid, now
from parallax.reader.notes.store import UNSET, Store
from parallax.reader.notes.tags import Tags
from parallax.reader.text.gcpause import with_paused_gc

COLUMNS = ('a.id, a.uuid, a.article_id, a.start, a."end", a.exact, a.prefix, a.suffix, '
           "a.note, a.orphaned, a.comparison_id, a.created, a.modified")
_ORDER = " ORDER BY a.article_id, a.start, a.id"


def check_span(text: str, span: Span | tuple[int, int]) -> Span:
    """``span`` as a Span when it is a non-empty part of ``text``, else a UsageError."""
    s, e = int(span[0]), int(span[1])
    if not 0 <= s < e <= len(text):
        raise UsageError(f"passage [{s}, {e}) is empty or outside the article ({len(text)} characters)")
    return Span(s, e)


class Annotations:
    """Passages.  ``lib.annotations(...)`` lists them (filters as keywords)."""

    def __init__(self, store: Store, tags: Tags):
        self._store, self._tags = store, tags

    # -- reading

    def from_rows(self, rows: list[Sequence[Any]]) -> list[Annotation]:
        """Records from rows of :data:`COLUMNS` (inside a read), with their tags."""
        if not rows:
            return []
        conn = self._store.conn
        names = dict(conn.execute("SELECT id, name FROM tags"))
        # Each annotation's tag ids as one string ("3,5"), read as tuples once per distinct set.
        if len(rows) > 2000:
            ids = {r[0] for r in rows}
            tagsets = {aid: tids for aid, tids in conn.execute(
                "SELECT annotation_id, group_concat(tag_id) FROM annotation_tags "
                "GROUP BY annotation_id") if aid in ids}
        else:
            tagsets = dict(conn.execute(
                "SELECT annotation_id, group_concat(tag_id) FROM annotation_tags WHERE annotation_id "
                f"IN ({','.join('?' * len(rows))}) GROUP BY annotation_id", [r[0] for r in rows]))
        combos: dict[str | None, tuple[tuple[str, ...], tuple[int, ...]]] = {None: ((), ())}
        for key in set(tagsets.values()):
            tids = tuple(sorted(int(t) for t in key.split(",")))
            combos[key] = (tuple(names[t] for t in tids), tids)
        new = Annotation._make
        get = tagsets.get
        return [new((*r[:9], r[9] != 0, *r[10:13], *combos[get(r[0])])) for r in rows]

    def by_ids(self, ids: Iterable[int], /) -> list[Annotation]:
        """The annotations with these ids that exist, by article and position."""
        ids = sorted(set(ids))
        out: list[Annotation] = []
        with self._store.read() as c:
            for k in range(0, len(ids), 900):
                part = ids[k:k + 900]
                out += self.from_rows(c.execute(
                    f"SELECT {COLUMNS} FROM annotations a WHERE a.id IN ({','.join('?' * len(part))})"
                    + _ORDER, part).fetchall())
        return out

    def get(self, annotation_id: int, /) -> Annotation:
        out = self.by_ids([annotation_id])
        if not out:
            raise LibraryError(f"no annotation {annotation_id} in the library")
        return out[0]

    def _where(self, article_id: int | None, tag: int | str | None, comparison_id: int | None,
               orphaned: bool | None) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for clause, value in (("a.article_id = ?", article_id), ("a.comparison_id = ?", comparison_id),
                              ("a.orphaned = ?", None if orphaned is None else int(bool(orphaned)))):
            if value is not None:
                where.append(clause)
                params.append(value)
        if tag is not None:
            tids = self._tags.filter_ids(tag)
            where.append(f"a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id IN "
                         f"({','.join('?' * len(tids))}))")
            params.extend(tids)
        return where, params

    @with_paused_gc
    def all(self, *, article_id: int | None = None, tag: int | str | None = None,
            comparison_id: int | None = None, orphaned: bool | None = None,
            limit: int | None = None, offset: int = 0) -> list[Annotation]:
        """Annotations, by article then position (filter by article, tag incl. sub-tags,
        comparison, orphan state; page with limit/offset)."""
        where, params = self._where(article_id, tag, comparison_id, orphaned)
        sql = f"SELECT {COLUMNS} FROM annotations a" + (" WHERE " + " AND ".join(where) if where else "")
        sql += _ORDER
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else int(limit), int(offset)]
        with self._store.read() as c:
            return self.from_rows(c.execute(sql, params).fetchall())

    __call__ = all

    def batches(self, *, article_id: int | None = None, tag: int | str | None = None,
                comparison_id: int | None = None, orphaned: bool | None = None,
                limit: int | None = None, offset: int = 0,
                batch: int = 1000) -> Iterator[list[Annotation]]:
        """:meth:`all` in batches of at most ``batch``, read one after another (each batch
        is one query, by position after the last one; the library is not held in
        between), so a long list starts at once and never sits in memory whole."""
        where, params = self._where(article_id, tag, comparison_id, orphaned)
        first = f"SELECT {COLUMNS} FROM annotations a" + (" WHERE " + " AND ".join(where) if where else "")
        after = (f"SELECT {COLUMNS} FROM annotations a WHERE "
                 + " AND ".join([*where, "(a.article_id, a.start, a.id) > (?, ?, ?)"]))
        left = -1 if limit is None else int(limit)
        last: tuple[int, int, int] | None = None
        while left:
            n = batch if left < 0 else min(batch, left)
            with self._store.read() as c:
                if last is None:
                    rows = c.execute(first + _ORDER + " LIMIT ? OFFSET ?",
                                     [*params, n, int(offset)]).fetchall()
                else:
                    rows = c.execute(after + _ORDER + " LIMIT ?", [*params, *last, n]).fetchall()
                anns = self.from_rows(rows)
            if not anns:
                return
            yield anns
            if len(anns) < n:
                return
            left = left - len(anns) if left > 0 else left
            last = (anns[-1].article_id, anns[-1].start, anns[-1].id)

    def count(self, *, article_id: int | None = None, tag: int | str | None = None,
              comparison_id: int | None = None, orphaned: bool | None = None) -> int:
        where, params = self._where(article_id, tag, comparison_id, orphaned)
        with self._store.read() as c:
            return c.execute("SELECT count(*) FROM annotations a"
                             + (" WHERE " + " AND ".join(where) if where else ""), params).fetchone()[0]

    def orphans(self) -> list[Annotation]:
        """Annotations whose passage could not be found after the text changed."""
        return self.all(orphaned=True)

    def locate(self, article_id: int, quote: str, /, *, occurrence: int | None = None) -> Span:
        """Where ``quote`` is in the article; an error if absent, or ambiguous without
        ``occurrence`` (1-based)."""
        if not quote.strip():
            raise UsageError("the quote is empty")
        text = self._text(article_id)
        spans = find_quote(text, quote)
        shown = quote if len(quote) <= 60 else quote[:57] + "..."
        if not spans:
            raise InputError(None, f"quote {shown!r} not found in article {article_id}")
        if occurrence is None:
            if len(spans) > 1:
                raise UsageError(f"quote {shown!r} occurs {len(spans)} times in article {article_id}; "
                                 "choose one with --occurrence N")
            return spans[0]
        if not 1 <= occurrence <= len(spans):
            times = "once" if len(spans) == 1 else f"{len(spans)} times"
            raise UsageError(f"quote {shown!r} occurs {times} in article {article_id}; "
                             f"there is no occurrence {occurrence}")
        return spans[occurrence - 1]

    def _text(self, article_id: int) -> str:
        with self._store.read():
            text = self._store.value("SELECT text FROM articles WHERE id = ?", [article_id])
        if text is None:
            raise LibraryError(f"no article {article_id} in the library")
        return text

    # -- inside a write

    def create(self, article_id: int, span: Span | tuple[int, int], /, *,
               tags: Iterable[int | str] = (), note: str = "", comparison_id: int | None = None,
               create_tags: bool = True) -> int:
        """Inside a write: add an annotation; returns its id."""
        text = self._text(article_id)
        sel = make_selector(text, check_span(text, span))
        tids = self._tags.ids_for(tags, create=create_tags)
        stamp = now()
        aid = self._store.insert("annotations", {
            "uuid": new_uuid(), "article_id": article_id, "start": sel.start, "end": sel.end,
            "exact": sel.exact, "prefix": sel.prefix, "suffix": sel.suffix, "note": note or "",
            "orphaned": 0, "comparison_id": comparison_id, "created": stamp, "modified": stamp})
        for tid in tids:
            self._store.insert("annotation_tags", {"annotation_id": aid, "tag_id": tid})
        return aid

    def drop(self, annotation_id: int, /) -> bool:
        """Inside a write: delete an annotation with its links and tags."""
        store = self._store
        for lid in store.column("SELECT id FROM links WHERE source_id = ? OR target_id = ?",
                                [annotation_id, annotation_id]):
            store.delete("links", (lid,))
        for tid in store.column("SELECT tag_id FROM annotation_tags WHERE annotation_id = ?",
                                [annotation_id]):
            store.delete("annotation_tags", (annotation_id, tid))
        return store.delete("annotations", (annotation_id,))

    def _existing(self, annotation_id: int) -> dict:
        row = self._store.get("annotations", (annotation_id,))
        if row is None:
            raise LibraryError(f"no annotation {annotation_id} in the library")
        return row

    # -- writing

    def add(self, article_id: int, span: Span | tuple[int, int], /, *,
            tags: Iterable[int | str] = (), note: str = "",
            comparison_id: int | None = None, create_tags: bool = True) -> OpChanges:
        """Annotate ``[start, end)`` of an article with tags (names unknown to the codebook
        are added when ``create_tags``) and a Markdown note."""
        with self._store.write("Add annotation") as images:
            new_id = self.create(article_id, span, tags=tags, note=note,
                                 comparison_id=comparison_id, create_tags=create_tags)
        return self._store.finish("Add annotation", images, id=new_id)

    def add_quote(self, article_id: int, quote: str, /, *, occurrence: int | None = None,
                  tags: Iterable[int | str] = (), note: str = "",
                  comparison_id: int | None = None) -> OpChanges:
        """Annotate the passage ``quote`` of an article (see :meth:`locate`)."""
        span = self.locate(article_id, quote, occurrence=occurrence)
        return self.add(article_id, span, tags=tags, note=note, comparison_id=comparison_id)

    def update(self, annotation_id: int, /, *, note: str | None = None,
               tags: Iterable[int | str] | None = None, comparison_id: Any = UNSET) -> OpChanges:
        """Change an annotation's note and/or replace its tags."""
        label = "Edit note" if tags is None else "Retag passage"
        store = self._store
        with store.write(label) as images:
            a = self._existing(annotation_id)
            changes: dict[str, Any] = {}
            if note is not None and note != a["note"]:
                changes["note"] = note
            if comparison_id is not UNSET:
                changes["comparison_id"] = comparison_id
            if tags is not None:
                want = self._tags.ids_for(tags, create=True)
                have = store.column("SELECT tag_id FROM annotation_tags WHERE annotation_id = ?",
                                    [annotation_id])
                for tid in have:
                    if tid not in want:
                        store.delete("annotation_tags", (annotation_id, tid))
                for tid in want:
                    if tid not in have:
                        store.insert("annotation_tags", {"annotation_id": annotation_id, "tag_id": tid})
            if changes or images:
                changes["modified"] = now()
            store.update("annotations", (annotation_id,), changes)
        return store.finish(label, images, id=annotation_id)

    def tag(self, annotation_id: int, tag: int | str, /) -> OpChanges:
        """Add a tag to an annotation (a name unknown to the codebook is added)."""
        store = self._store
        with store.write("Tag passage") as images:
            self._existing(annotation_id)
            (tid,) = self._tags.ids_for([tag], create=True)
            if store.get("annotation_tags", (annotation_id, tid)) is None:
                store.insert("annotation_tags", {"annotation_id": annotation_id, "tag_id": tid})
                store.update("annotations", (annotation_id,), {"modified": now()})
        return store.finish("Tag passage", images, id=annotation_id)

    def untag(self, annotation_id: int, tag: int | str, /) -> OpChanges:
        t = self._tags.get(tag)
        store = self._store
        with store.write("Remove tag") as images:
            if store.delete("annotation_tags", (annotation_id, t.id)):
                store.update("annotations", (annotation_id,), {"modified": now()})
        return store.finish("Remove tag", images, id=annotation_id)

    def reattach(self, annotation_id: int, span: Span | tuple[int, int], /) -> OpChanges:
        """Anchor an (orphaned) annotation to a new passage of its article."""
        store = self._store
        with store.write("Reattach passage") as images:
            a = self._existing(annotation_id)
            text = self._text(a["article_id"])
            sel = make_selector(text, check_span(text, span))
            store.update("annotations", (annotation_id,), {
                "start": sel.start, "end": sel.end, "exact": sel.exact, "prefix": sel.prefix,
                "suffix": sel.suffix, "orphaned": 0, "modified": now()})
        return store.finish("Reattach passage", images, id=annotation_id)

    def delete(self, annotation_id: int, /) -> OpChanges:
        """Delete an annotation (and the links that use it)."""
        with self._store.write("Delete annotation") as images:
            if not self.drop(annotation_id):
                raise LibraryError(f"no annotation {annotation_id} in the library")
        return self._store.finish("Delete annotation", images, id=annotation_id)
