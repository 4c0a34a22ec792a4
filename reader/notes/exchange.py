"""``lib.exchange``: a scope of the library as one :class:`NotesData` value (what every
export renders), and adding such a value to a library (what ``notes import`` does).

Imports match records by uuid (articles also by content hash, tags by name), so the
same file twice changes nothing; one transaction, all or nothing.  Every imported
passage is checked against the text it lands on: its offsets must be a non-empty
range inside the text and its quote must be non-empty and read there.  A passage
that fails is found again by its quote, or kept as an orphan; either way it gets a
one-line notice (``OpChanges.notices``) saying which passage, what was wrong and what
was done, and no impossible offsets are ever stored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from parallax.reader.errors import LibraryError
from parallax.reader.notes.anchoring import Selector, make_selector, reanchor
from parallax.reader.notes.annotations import Annotations
from parallax.reader.notes.articles import Articles, content_hash
from parallax.reader.notes.comparisons import Comparisons
from parallax.reader.notes.hypothesis import Foreign
from parallax.reader.notes.links import Links
from parallax.reader.notes.notes import Notes
from parallax.reader.notes.records import Annotation, ArticleInfo, Note, NotesData, OpChanges
from parallax.reader.notes.schema import now
from parallax.reader.notes.store import Store
from parallax.reader.notes.tags import Tags, check_colour
from parallax.reader.text.gcpause import with_paused_gc


def _shown(quote: str) -> str:
    quote = " ".join(quote.split())
    return repr(quote if len(quote) <= 40 else quote[:39] + "…")


def place(a: Annotation, text: str) -> tuple[dict[str, Any], str | None]:
    """Where an imported passage goes in ``text``: its selector columns and ``orphaned``,
    and a notice when it could not be stored as it came (None when it could)."""
    n = len(text)
    start, end, exact = a.start, a.end, a.exact
    problems = []
    if not 0 <= start < end <= n:
        problems.append(f"its offsets [{start}, {end}) are " + (
            "an empty range" if 0 <= start == end <= n else
            f"outside the text ({n} characters)" if start < end else "reversed"))
    if not exact:
        problems.append("its quote is empty")
    elif not problems and text[start:end] != exact:
        problems.append(f"its quote does not read at [{start}, {end})")
    if not problems:
        return ({"start": start, "end": end, "exact": exact, "prefix": a.prefix, "suffix": a.suffix,
                 "orphaned": int(a.orphaned)}, None)
    problem = " and ".join(problems)
    # The nearest possible range: only a hint for re-anchoring, or where an orphan was.
    s = min(max(start, 0), max(n - 1, 0))
    e = min(max(end, s + 1), n)
    who = f"passage {_shown(exact)} ({a.uuid})"
    if exact and not a.orphaned:
        found = reanchor(Selector(exact, a.prefix, a.suffix, s, e), text).span
        if found is not None and 0 <= found.start < found.end <= n:
            sel = make_selector(text, found)
            return ({"start": sel.start, "end": sel.end, "exact": sel.exact, "prefix": sel.prefix,
                     "suffix": sel.suffix, "orphaned": 0},
                    f"{who}: {problem}; re-anchored by its quote at [{sel.start}, {sel.end})")
        outcome = "kept as an orphan (its quote is not in the text)"
    else:
        outcome = "kept as an orphan"
    return ({"start": s, "end": e, "exact": exact, "prefix": a.prefix, "suffix": a.suffix,
             "orphaned": 1}, f"{who}: {problem}; {outcome}")


class Exchange:
    """``export_data(...)`` -> NotesData; ``import_data(NotesData)`` -> OpChanges."""

    def __init__(self, store: Store, *, articles: Articles, tags: Tags, annotations: Annotations,
                 notes: Notes, links: Links, comparisons: Comparisons):
        self._store = store
        self._articles, self._tags, self._annotations = articles, tags, annotations
        self._notes, self._links, self._comparisons = notes, links, comparisons

    @with_paused_gc
    def export_data(self, *, tag: int | str | None = None, article_id: int | None = None,
                    comparison_id: int | None = None) -> NotesData:
        """Everything in a scope as a :class:`NotesData` (the exporters' input).

        Scope: the whole library (default), one tag (with its sub-tags), one article (with
        its notes and comparisons), or one comparison (its two articles' annotations, its
        notes and theirs).  Links touching the scope come with both of their passages."""
        annotations = self._annotations
        with self._store.read() as c:
            everything = tag is None and article_id is None and comparison_id is None
            all_cmps = self._comparisons.all()
            scope_arts: set[int] = set()
            if comparison_id is not None:
                cm = self._comparisons.get(comparison_id)
                scope_arts = {cm.left_id, cm.right_id}
                anns = [a for aid in sorted(scope_arts) for a in annotations.all(article_id=aid)]
                cmps = [cm]
            elif article_id is not None:
                self._articles.get(article_id)
                scope_arts = {article_id}
                anns = annotations.all(article_id=article_id, tag=tag)
                cmps = [cm for cm in all_cmps if article_id in (cm.left_id, cm.right_id)]
            else:
                anns = annotations.all(tag=tag)
                cmps = all_cmps
            ann_ids = {a.id for a in anns}
            links = [ln for ln in self._links.all()
                     if everything or ln.source_id in ann_ids or ln.target_id in ann_ids]
            anns += annotations.by_ids(({ln.source_id for ln in links} | {ln.target_id for ln in links})
                                       - ann_ids)
            anns.sort(key=lambda a: (a.article_id, a.start, a.id))
            if tag is not None and article_id is None:
                used = {a.comparison_id for a in anns} | {ln.comparison_id for ln in links}
                cmps = [cm for cm in cmps if cm.id in used]
            art_ids = scope_arts | {a.article_id for a in anns}
            for cm in cmps:
                art_ids |= {cm.left_id, cm.right_id}
            if everything:
                art_ids |= {r[0] for r in c.execute("SELECT id FROM articles")}
            kept_cmp = {cm.id for cm in cmps}
            notes = [] if tag is not None else [
                n for n in self._notes.all()
                if everything or n.comparison_id in kept_cmp or n.article_id in scope_arts]
            arts = [self._articles.get(i) for i in sorted(art_ids)]
            texts, segments = {}, {}
            for i in sorted(art_ids):
                text, seg = c.execute("SELECT text, segments FROM articles WHERE id = ?", [i]).fetchone()
                texts[i], segments[i] = text, json.loads(seg or "{}")
            all_tags = self._tags.all()
            used_tags = {t for a in anns for t in a.tag_ids}
            tags = [t for t in all_tags if everything or t.id in used_tags]
            by_id = {t.id: t for t in all_tags}
            have = {t.id for t in tags}
            for t in list(tags):  # parents of used tags, so the hierarchy survives
                p = t.parent_id
                while p is not None and p not in have and p in by_id:
                    tags.append(by_id[p])
                    have.add(p)
                    p = by_id[p].parent_id
            tags.sort(key=lambda t: (t.position, t.id))
            relations = self._links.relations()
        cmps.sort(key=lambda cm: cm.id)
        return NotesData(tuple(arts), texts, tuple(tags), tuple(anns), tuple(notes),
                         tuple(links), tuple(cmps), tuple(relations), segments)

    @with_paused_gc
    def import_data(self, data: NotesData, /, *, undoable: bool = False) -> OpChanges:
        """Add what ``data`` holds (e.g. from ``parallax.reader.notes.w3c.from_json``).

        ``count`` is the number of annotations added; ``notices`` report each passage that
        was re-anchored or kept as an orphan, and anything left out, and why."""
        notices: list[str] = list(data.notices)  # what reading the file left out
        with self._store.write("Import notes", undoable=undoable) as images:
            art_map = self._import_articles(data)
            tag_map = self._import_tags(data)
            cmp_map: dict[int, int] = {}
            for cm in data.comparisons:
                if cm.left_id not in art_map or cm.right_id not in art_map:
                    notices.append(f"comparison {cm.uuid}: its articles are not in the file; left out")
                    continue
                cmp_map[cm.id] = self._import_comparison(cm, art_map)
            ann_map, added = self._import_annotations(data, art_map, cmp_map, tag_map, notices)
            store = self._store
            for n in data.notes:
                if store.value("SELECT 1 FROM notes WHERE uuid = ?", [n.uuid]):
                    continue
                art, cmp_ = art_map.get(n.article_id), cmp_map.get(n.comparison_id)
                if (art is None) == (cmp_ is None):
                    notices.append(f"note {n.uuid}: what it is on is not in the file; left out")
                    continue
                store.insert("notes", {"uuid": n.uuid, "article_id": art, "comparison_id": cmp_,
                                       "body": n.body, "created": n.created, "modified": n.modified})
            for ln in data.links:
                if store.value("SELECT 1 FROM links WHERE uuid = ?", [ln.uuid]):
                    continue
                if ln.source_id not in ann_map or ln.target_id not in ann_map:
                    continue
                store.insert("links", {
                    "uuid": ln.uuid, "source_id": ann_map[ln.source_id],
                    "target_id": ann_map[ln.target_id], "relation_id": self._links.relation_id(ln.relation),
                    "comparison_id": cmp_map.get(ln.comparison_id) if ln.comparison_id else None,
                    "note": ln.note, "created": ln.created, "modified": ln.modified})
            for rel in data.relations:
                self._links.relation_id(rel.name)
        return self._store.finish("Import notes", images, count=added, undoable=undoable,
                                  ids=tuple(ann_map.values()), notices=notices)

    @with_paused_gc
    def place_foreign(self, items: Sequence[Foreign], /) -> NotesData:
        """Annotations from another tool (Hypothesis, plain W3C) placed on the library's
        articles: the article by the page's URL when the library has it, else the one
        whose text holds the quote; the passage by its quote (with its context; the
        position, counted in another text, is only a hint).  What cannot be placed is
        a notice in the result (``NotesData.notices``); nothing is written."""
        notices: list[str] = []
        arts: dict[int, ArticleInfo] = {}
        texts: dict[int, str] = {}
        anns: list[Annotation] = []
        notes: list[Note] = []
        with self._store.read() as c:
            def text_of(aid: int) -> str:
                if aid not in texts:
                    texts[aid] = c.execute("SELECT text FROM articles WHERE id = ?", [aid]).fetchone()[0]
                return texts[aid]

            for f in items:
                who = f"annotation {_shown(f.exact)} on {f.url or 'an unnamed page'}" if f.exact \
                    else f"page note on {f.url or 'an unnamed page'}"
                if f.skip:
                    notices.append(f"{who}: {f.skip}; left out")
                    continue
                by_url = self._by_url(c, f.url)
                if not f.exact:
                    if by_url is None:
                        notices.append(f"{who}: the library has no article from this page; left out")
                    elif f.note.strip():
                        arts.setdefault(by_url, self._articles.get(by_url))
                        created = f.created or now()
                        notes.append(Note(len(notes) + 1, f.uuid, by_url, None, f.note, created,
                                          f.modified or created))
                    continue
                sel = Selector(f.exact, f.prefix, f.suffix, max(f.start or 0, 0), max(f.end or 0, 0))
                placed = None
                if by_url is not None:
                    span = reanchor(sel, text_of(by_url)).span
                    placed = (by_url, span) if span is not None else None
                how = ""
                if placed is None:
                    found = self._by_quote(c, sel, text_of)
                    if found:
                        placed = found[0]
                        name = self._articles.get(placed[0]).display_name
                        how = (f"; its page is not in the library, placed by its quote on {name!r}"
                               if by_url is None else f"; not found on its page's article, placed "
                               f"by its quote on {name!r}")
                        if len(found) > 1:
                            how += f" (the quote reads in {len(found)} articles)"
                if placed is None:
                    notices.append(f"{who}: " + ("its quote is not in the library's article of this "
                                                 "page" if by_url is not None else
                                                 "no article in the library has this page's URL or "
                                                 "its quote") + "; left out")
                    continue
                aid, span = placed
                if how:
                    notices.append(who + how)
                arts.setdefault(aid, self._articles.get(aid))
                sel2 = make_selector(text_of(aid), span)
                created = f.created or now()
                anns.append(Annotation(len(anns) + 1, f.uuid, aid, sel2.start, sel2.end, sel2.exact,
                                       sel2.prefix, sel2.suffix, f.note, False, None, created,
                                       f.modified or created, f.tags, ()))
        return NotesData(tuple(arts.values()), {}, (), tuple(anns), tuple(notes), (), (), (), {},
                         tuple(notices))

    @staticmethod
    def _by_url(c: Any, url: str | None) -> int | None:
        """The article stored from ``url`` (also without its fragment, and with or without
        a final slash), or None."""
        if not url or "://" not in url:
            return None
        base = url.split("#", 1)[0]
        forms = {url, base, base.rstrip("/"), base.rstrip("/") + "/", url.removeprefix("file://")}
        marks = ", ".join("?" * len(forms))
        r = c.execute(f"SELECT id FROM articles WHERE path IN ({marks}) ORDER BY id DESC LIMIT 1",
                      sorted(forms)).fetchone()
        return r[0] if r else None

    @staticmethod
    def _by_quote(c: Any, sel: Selector, text_of: Any) -> list[tuple[int, Any]]:
        """Articles whose text holds the quote (its first words, then found again with
        its context), the best first: (article id, span)."""
        words = sel.exact.split()
        if not words:
            return []
        probe = sel.exact if len(sel.exact) <= 200 and "\n" not in sel.exact else " ".join(words[:6])
        ids = [r[0] for r in c.execute("SELECT id FROM articles WHERE instr(text, ?) > 0 ORDER BY id",
                                       [probe])]
        if not ids and probe != " ".join(words[:6]):
            ids = [r[0] for r in c.execute("SELECT id FROM articles WHERE instr(text, ?) > 0 "
                                           "ORDER BY id", [" ".join(words[:6])])]
        rank = {"exact": 0, "moved": 0, "normalised": 1, "fuzzy": 2}
        found = []
        for aid in ids:
            a = reanchor(sel, text_of(aid))
            if a.span is not None:
                found.append((rank.get(a.status, 3), -a.score, aid, a.span))
        found.sort(key=lambda x: x[:3])
        return [(aid, span) for _, _, aid, span in found]

    def _import_articles(self, data: NotesData) -> dict[int, int]:
        store = self._store
        art_map: dict[int, int] = {}
        for info in data.articles:
            text = data.texts.get(info.id)
            r = store.value("SELECT id FROM articles WHERE uuid = ?", [info.uuid])
            by_hash = content_hash(text) if text is not None else info.content_hash
            if r is None:
                r = store.value("SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                                [by_hash])
            if r is None and text is None and info.path:
                # a plain W3C annotation whose target source is a stored file or its URI
                src = info.path.removeprefix("file://")
                r = store.value("SELECT id FROM articles WHERE path IN (?, ?) ORDER BY id DESC LIMIT 1",
                                [info.path, src])
            if r is not None:
                art_map[info.id] = r
                continue
            if text is None:
                raise LibraryError(f"article {info.display_name!r} is not in the library and the "
                                   "file does not include its text")
            if not text.strip():
                raise LibraryError(f"article {info.display_name!r} in the file has no text")
            seg = (data.segments or {}).get(info.id)
            art_map[info.id] = store.insert("articles", {
                "uuid": info.uuid, "path": info.path, "title": info.title, "outlet": info.outlet,
                "published": info.published, "byline": info.byline,
                "credits": json.dumps(list(info.credits), ensure_ascii=False),
                "language": info.language, "text": text,
                "segments": json.dumps(seg or {"paragraphs": [[0, len(text)]], "sentences": []}),
                "content_hash": content_hash(text), "added_at": info.added_at,
                "updated_at": info.updated_at})
        return art_map

    def _import_tags(self, data: NotesData) -> dict[int, int]:
        store = self._store
        tag_map: dict[int, int] = {}
        for t in data.tags:
            r = store.value("SELECT id FROM tags WHERE uuid = ?", [t.uuid])
            if r is None:
                r = store.value("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", [t.name])
            if r is not None:
                tag_map[t.id] = r
                if t.description and not store.get("tags", (r,))["description"]:
                    store.update("tags", (r,), {"description": t.description})
                continue
            tag_map[t.id] = self._tags.create(t.name, colour=check_colour(t.colour) if t.colour else None,
                                              description=t.description, shortcut=t.shortcut,
                                              uuid=t.uuid, created=t.created)
        for t in data.tags:
            if t.parent_id is not None and t.parent_id in tag_map:
                cur = store.value("SELECT parent_id FROM tags WHERE id = ?", [tag_map[t.id]])
                if cur is None and tag_map[t.parent_id] != tag_map[t.id]:
                    store.update("tags", (tag_map[t.id],), {"parent_id": tag_map[t.parent_id]})
        return tag_map

    def _import_comparison(self, cm: Any, art_map: dict[int, int]) -> int:
        store = self._store
        left, right = art_map[cm.left_id], art_map[cm.right_id]
        r = store.value("SELECT id FROM comparisons WHERE uuid = ?", [cm.uuid])
        if r is None:
            r = store.value("SELECT id FROM comparisons WHERE left_id = ? AND right_id = ?", [left, right])
        if r is not None:
            return r
        return store.insert("comparisons", {
            "uuid": cm.uuid, "left_id": left, "right_id": right, "title": cm.title,
            "view_state": json.dumps(cm.view_state, sort_keys=True), "created": cm.created,
            "opened_at": cm.opened_at})

    def _import_annotations(self, data: NotesData, art_map: dict[int, int], cmp_map: dict[int, int],
                            tag_map: dict[int, int], notices: list[str]) -> tuple[dict[int, int], int]:
        store = self._store
        name_map = {t.name.casefold(): tag_map[t.id] for t in data.tags}
        ann_map: dict[int, int] = {}
        texts: dict[int, str] = {}
        added = 0
        for a in data.annotations:
            r = store.value("SELECT id FROM annotations WHERE uuid = ?", [a.uuid])
            if r is not None:
                ann_map[a.id] = r
                continue
            art = art_map.get(a.article_id)
            if art is None:
                notices.append(f"passage {_shown(a.exact)} ({a.uuid}): its article is not in the "
                               "file; left out")
                continue
            if art not in texts:
                texts[art] = store.value("SELECT text FROM articles WHERE id = ?", [art])
            where, notice = place(a, texts[art])
            if notice:
                notices.append(notice)
            aid = store.insert("annotations", {
                "uuid": a.uuid, "article_id": art, **where, "note": a.note,
                "comparison_id": cmp_map.get(a.comparison_id) if a.comparison_id else None,
                "created": a.created, "modified": a.modified})
            ann_map[a.id] = aid
            added += 1
            for tname in a.tags:
                tid = name_map.get(tname.casefold())
                if tid is None:
                    tid = name_map[tname.casefold()] = self._tags.ids_for([tname], create=True)[0]
                if store.get("annotation_tags", (aid, tid)) is None:
                    store.insert("annotation_tags", {"annotation_id": aid, "tag_id": tid})
        return ann_map, added
