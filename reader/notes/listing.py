"""``lib.notes_list``: the rows of a notes list (annotations, links, notes), as ids in a
few queries whatever the library's size, and the rows a list shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from parallax.reader.notes.annotations import COLUMNS, Annotations
from parallax.reader.notes.records import Item, ItemRef, NotesIndex, display_name
from parallax.reader.notes.search import prefix_match, search_syntax
from parallax.reader.notes.store import Store
from parallax.reader.notes.tags import Tags
from parallax.reader.text.gcpause import with_paused_gc

_FTS_ANN = "SELECT rowid / 4 FROM search WHERE search MATCH ? AND rowid % 4 = 1"


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


class NotesList:
    """``index(...)`` the rows of a list, ``count(...)`` them, ``rows(refs)`` read them."""

    def __init__(self, store: Store, annotations: Annotations, tags: Tags):
        self._store, self._annotations, self._tags = store, annotations, tags

    def index(self, *, article_ids: Iterable[int] | None = None,
              comparison_id: int | None = None, tag: int | str | None = None,
              text: str = "") -> NotesIndex:
        """The rows of a notes list, as ids.

        Annotations come first, by article and position (a passage with neither tags nor
        a note that is the end of a link is left to its link), then links, then notes.
        ``article_ids`` keeps what is in those articles (None: the whole library), and
        ``comparison_id`` adds the notes on that comparison.  ``tag`` keeps annotations
        and links carrying it or a sub-tag.  ``text`` keeps rows where every word starts
        a word of the quote or a note (through the search index, so in any script), or
        occurs in a tag's name, a link's relation or the article's title."""
        with self._store.read() as c, search_syntax(f"cannot filter by {text!r}"):
            anns, links, notes = (
                tuple(r[0] for r in c.execute(f"SELECT {col} {body} ORDER BY {order}", params))
                for col, body, params, order in self._queries(c, article_ids, comparison_id, tag, text))
            return NotesIndex(anns, links, notes)

    def count(self, *, article_ids: Iterable[int] | None = None,
              comparison_id: int | None = None, tag: int | str | None = None,
              text: str = "") -> int:
        """How many rows :meth:`index` would list (without reading them)."""
        with self._store.read() as c, search_syntax(f"cannot filter by {text!r}"):
            return sum(c.execute(f"SELECT count(*) {body}", params).fetchone()[0]
                       for _col, body, params, _order in
                       self._queries(c, article_ids, comparison_id, tag, text))

    def _queries(self, c: sqlite3.Connection, article_ids: Iterable[int] | None,
                 comparison_id: int | None, tag: int | str | None,
                 text: str) -> list[tuple[str, str, list[Any], str]]:
        """The annotations, links and notes of a notes list: for each, the id column, the
        query from FROM on, its parameters and its order."""
        scope = None if article_ids is None else sorted({int(i) for i in article_ids})
        words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
        tids = self._tags.filter_ids(tag) if tag is not None else None
        # (one uncorrelated subquery, so the list itself is read from an index alone)
        ann_where: list[str] = [
            "a.id NOT IN (SELECT b.id FROM annotations b WHERE b.id IN (SELECT source_id FROM "
            "links UNION SELECT target_id FROM links) AND b.note = '' AND NOT EXISTS (SELECT 1 "
            "FROM annotation_tags x WHERE x.annotation_id = b.id))"]
        ann_params: list[Any] = []
        link_where: list[str] = []
        link_params: list[Any] = []
        note_where: list[str] = []
        note_params: list[Any] = []
        if scope is not None:
            marks = _marks(scope)
            ann_where.append(f"a.article_id IN ({marks})")
            ann_params += scope
            link_where.append(f"(s.article_id IN ({marks}) OR t.article_id IN ({marks}))")
            link_params += scope + scope
            ors = [f"n.article_id IN ({marks})"]
            note_params += scope
            if comparison_id is not None:
                ors.append("n.comparison_id = ?")
                note_params.append(comparison_id)
            note_where.append("(" + " OR ".join(ors) + ")")
        if tids is not None:
            tagged = f"SELECT annotation_id FROM annotation_tags WHERE tag_id IN ({_marks(tids)})"
            ann_where.append(f"a.id IN ({tagged})")
            ann_params += tids
            link_where.append(f"(l.source_id IN ({tagged}) OR l.target_id IN ({tagged}))")
            link_params += tids + tids
            note_where.append("0")  # notes carry no tags
        if words:
            titles = {r[0]: display_name(r[1], r[2], r[0])
                      for r in c.execute("SELECT id, title, path FROM articles")}
            tag_names = c.execute("SELECT id, name FROM tags").fetchall()
            relations = c.execute("SELECT id, name FROM relations").fetchall()
            for w in words:
                folded = w.casefold()
                match = prefix_match(w)
                arts = [i for i, t in titles.items() if folded in t.casefold()]
                tags_w = [i for i, n in tag_names if folded in n.casefold()]
                rels = [i for i, n in relations if folded in n.casefold()]
                ann_or = [f"a.id IN ({_FTS_ANN})"]
                ann_w: list[Any] = [match]
                if arts:
                    ann_or.append(f"a.article_id IN ({_marks(arts)})")
                    ann_w += arts
                if tags_w:
                    ann_or.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE "
                                  f"tag_id IN ({_marks(tags_w)}))")
                    ann_w += tags_w
                ann_where.append("(" + " OR ".join(ann_or) + ")")
                ann_params += ann_w
                link_or = ["l.id IN (SELECT rowid / 4 FROM search WHERE search MATCH ? AND "
                           "rowid % 4 = 3)", f"l.source_id IN ({_FTS_ANN})", f"l.target_id IN ({_FTS_ANN})"]
                link_w: list[Any] = [match, match, match]
                if rels:
                    link_or.append(f"l.relation_id IN ({_marks(rels)})")
                    link_w += rels
                link_where.append("(" + " OR ".join(link_or) + ")")
                link_params += link_w
                note_where.append("n.id IN (SELECT rowid / 4 FROM search WHERE search MATCH ? "
                                  "AND rowid % 4 = 2)")
                note_params.append(match)
        return [
            ("a.id", "FROM annotations a" + _where(ann_where), ann_params, "a.article_id, a.start, a.id"),
            ("l.id", "FROM links l JOIN annotations s ON s.id = l.source_id JOIN annotations t "
             "ON t.id = l.target_id" + _where(link_where), link_params, "l.id"),
            ("n.id", "FROM notes n" + _where(note_where), note_params,
             "n.article_id IS NULL, n.article_id, n.id"),
        ]

    @with_paused_gc
    def rows(self, refs: Iterable[ItemRef], /) -> list[Item]:
        """The rows ``refs`` (from :meth:`index`) with what a list shows, in the same
        order; a row deleted since is left out."""
        refs = list(refs)
        by_kind: dict[str, list[int]] = {"annotation": [], "link": [], "note": []}
        for kind, rid in refs:
            by_kind[kind].append(rid)
        with self._store.read() as c:
            def fetch(sql: str, wanted: list[int]) -> list[Sequence[Any]]:
                rows: list[Sequence[Any]] = []
                for k in range(0, len(wanted), 900):
                    part = wanted[k:k + 900]
                    rows += c.execute(sql.format(marks=_marks(part)), part).fetchall()
                return rows

            links = {r[0]: r for r in fetch(
                "SELECT l.id, l.source_id, l.target_id, r.name, l.note FROM links l JOIN relations r "
                "ON r.id = l.relation_id WHERE l.id IN ({marks})", by_kind["link"])}
            ann_ids = set(by_kind["annotation"])
            for r in links.values():
                ann_ids.update((r[1], r[2]))
            anns = {a.id: a for a in self._annotations.from_rows(fetch(
                f"SELECT {COLUMNS} FROM annotations a WHERE a.id IN ({{marks}})", sorted(ann_ids)))}
            notes = {r[0]: r for r in fetch(
                "SELECT id, article_id, body FROM notes WHERE id IN ({marks})", by_kind["note"])}
            arts = {a.article_id for a in anns.values()} | {
                r[1] for r in notes.values() if r[1] is not None}
            titles = {r[0]: display_name(r[1], r[2], r[0])
                      for r in fetch("SELECT id, title, path FROM articles WHERE id IN ({marks})",
                                     sorted(arts))}
        out: list[Item] = []
        for kind, rid in refs:
            if kind == "annotation":
                a = anns.get(rid)
                if a is not None:
                    out.append(Item(kind, rid, a.article_id, a.start, a.end, a.exact, "", a.note,
                                    a.tags, a.orphaned, "", titles.get(a.article_id, "")))
            elif kind == "link":
                ln = links.get(rid)
                src, dst = (anns.get(ln[1]), anns.get(ln[2])) if ln else (None, None)
                if ln is not None and src is not None and dst is not None:
                    out.append(Item(kind, rid, src.article_id, src.start, src.end, src.exact,
                                    dst.exact, ln[4], tuple(dict.fromkeys(src.tags + dst.tags)),
                                    src.orphaned, ln[3], titles.get(src.article_id, "")))
            else:
                n = notes.get(rid)
                if n is not None:
                    out.append(Item(kind, rid, n[1], None, None, "", "", n[2], (), False, "",
                                    titles.get(n[1], "") if n[1] is not None else ""))
        return out
