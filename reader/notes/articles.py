"""``lib.articles``: the articles kept in the library, their texts and metadata.

The same text is stored once (by content hash); a new text for a source path
already stored updates that article and re-anchors its annotations.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from pathlib import Path

from parallax.reader.errors import InputError, LibraryError
from parallax.reader.model import Article, Span
from parallax.reader.notes.anchoring import Selector, make_selector, reanchor
from parallax.reader.notes.annotations import Annotations
from parallax.reader.notes.comparisons import Comparisons, drop_collations_of
from parallax.reader.notes.records import ArticleInfo, OpChanges, ReanchorReport
from parallax.reader.notes.schema import new_uuid, now
from parallax.reader.notes.store import Store

_COLUMNS = ("id, uuid, path, title, outlet, published, byline, credits, language, "
            "content_hash, length(text) AS length, added_at, updated_at")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_id(value: object) -> int | None:
    """An id given as an int or a string of digits; None for anything else."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _info(r: dict) -> ArticleInfo:
    return ArticleInfo(**{**r, "credits": tuple(json.loads(r["credits"] or "[]"))})


def article_row(article: Article, path: str | None) -> dict:
    """The stored columns of an article (without uuid and times)."""
    return {
        "path": path,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "byline": article.byline,
        "credits": json.dumps(list(article.credits), ensure_ascii=False),
        "language": article.language,
        "text": article.text,
        "segments": json.dumps({"paragraphs": [list(s) for s in article.paragraphs],
                                "sentences": [list(s) for s in article.sentences]}),
        "content_hash": content_hash(article.text),
    }


_METADATA = ("title", "outlet", "published", "byline", "credits", "language")


def _richer_metadata(old: dict, article: Article) -> dict:
    """The metadata columns to change when ``article`` has the text of the stored row ``old``
    (the same report from another file: a ``.html`` page after its ``.txt`` copy).

    A value never gives way to a missing one.  When the new copy states more of the
    metadata than the stored one (a web page's outlet, date and byline beside a plain
    text's title), all it states wins; otherwise it only fills what the stored one lacks."""
    new = article_row(article, None)
    known = [k for k in _METADATA if new[k] and new[k] != "[]"]
    have = [k for k in _METADATA if old[k] and old[k] != "[]"]
    take = known if len(known) > len(have) else [k for k in known if k not in have]
    return {k: new[k] for k in take if new[k] != old[k]}


class Articles:
    """Articles.  ``lib.articles()`` (or ``.all()``) lists them by id."""

    def __init__(self, store: Store, annotations: Annotations, comparisons: Comparisons):
        self._store, self._annotations, self._comparisons = store, annotations, comparisons

    # -- reading

    def _first(self, where: str, params: list, order_by: str | None = None) -> ArticleInfo | None:
        with self._store.read():
            row = next(iter(self._store.table("articles").rows_where(
                where, params, select=_COLUMNS, order_by=order_by, limit=1)), None)
        return None if row is None else _info(row)

    def all(self) -> list[ArticleInfo]:
        with self._store.read():
            return [_info(r) for r in self._store.table("articles").rows_where(
                select=_COLUMNS, order_by="id")]

    __call__ = all

    def get(self, article_id: int, /) -> ArticleInfo:
        info = self._first("id = ?", [article_id])
        if info is None:
            raise LibraryError(f"no article {article_id} in the library")
        return info

    def find(self, ref: str | int, /) -> ArticleInfo | None:
        """An article by id (``"12"``), uuid or source path; None if not stored."""
        aid = parse_id(ref)
        info = self._first("id = ?", [aid]) if aid is not None else None
        if info is None:
            info = self._first("uuid = ?", [str(ref)])
        if info is None:
            path = str(ref)
            with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a symbolic-link loop
                path = str(Path(path).resolve())
            info = self._first("path = ?", [path], "id DESC")
        return info

    def annotation_counts(self) -> dict[int, int]:
        """Annotations per article id (articles with none are absent)."""
        with self._store.read() as c:
            return dict(c.execute("SELECT article_id, count(*) FROM annotations GROUP BY article_id"))

    def text(self, article_id: int, /) -> str:
        with self._store.read():
            text = self._store.value("SELECT text FROM articles WHERE id = ?", [article_id])
        if text is None:
            raise LibraryError(f"no article {article_id} in the library")
        return text

    def load(self, article_id: int, /) -> Article:
        """The stored article as a ``parallax.reader.model.Article`` (text, metadata, segments)."""
        with self._store.read():
            r = self._store.get("articles", (article_id,))
        if r is None:
            raise LibraryError(f"no article {article_id} in the library")
        seg = json.loads(r["segments"] or "{}")
        return Article(
            text=r["text"],
            paragraphs=tuple(Span(a, b) for a, b in seg.get("paragraphs", ())),
            sentences=tuple(Span(a, b) for a, b in seg.get("sentences", ())),
            title=r["title"], outlet=r["outlet"], published=r["published"], byline=r["byline"],
            credits=tuple(json.loads(r["credits"] or "[]")), language=r["language"], path=r["path"],
        )

    # -- writing

    def add(self, article: Article, /, *, path: str | None = None) -> OpChanges:
        """Store an article.  The same text again returns the stored one (``created=False``),
        its metadata completed from the new copy when that copy states more (a ``.html``
        page's outlet, date and byline are not lost to an earlier ``.txt`` copy); a new text for an already-stored source path updates it and re-anchors its notes."""
        if not article.text.strip():
            raise InputError(path or article.path, "is empty")
        src = path if path is not None else article.path
        if src and src != "-" and not src.startswith(("urn:", "http://", "https://")):
            with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a symbolic-link loop
                src = str(Path(src).resolve())
        store = self._store
        name, created, report = "Add article", True, None
        with store.write("Add article") as images:
            new_id = store.value("SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                                 [content_hash(article.text)])
            if new_id is not None:
                created = False
                richer = _richer_metadata(store.get("articles", (new_id,)), article)
                if richer:
                    name = "Update article"
                    store.update("articles", (new_id,), {**richer, "updated_at": now()})
            else:
                # a new text for a stored source is an edited file or page: only a path that
                # names one (a file that is there, a URL) is matched; a label ("pasted text")
                # or a vanished file is not, so a different text never overwrites another
                new_id = store.value("SELECT id FROM articles WHERE path = ? ORDER BY id DESC LIMIT 1",
                                     [src]) if src and _names_a_source(src) else None
                if new_id is not None:
                    name, created = "Update article", False
                    report = self._replace(new_id, article, src)
                else:
                    stamp = now()
                    new_id = store.insert("articles", {
                        "uuid": new_uuid(), **article_row(article, src),
                        "added_at": stamp, "updated_at": stamp})
        return store.finish(name, images, id=new_id, reanchored=report, created=created)

    def add_file(self, path: str | os.PathLike[str], /) -> OpChanges:
        """Load (and clean) a file with ``parallax.reader.ingest.article.load`` and store it."""
        from parallax.reader.ingest.article import load

        return self.add(load(str(path)), path=str(path))

    def add_text(self, text: str, /, *, title: str | None = None,
                 source: str | None = None) -> OpChanges:
        """Store pasted text (cleaned by ``parallax.reader.ingest.article.from_text``)."""
        from parallax.reader.ingest.article import from_text

        article = from_text(text, source=source)
        if title and not article.title:
            article = dataclasses.replace(article, title=title)
        return self.add(article, path=source)

    def reload(self, article_id: int, /) -> OpChanges:
        """Load the article again from its source file with the current cleaner; when the
        text changed, update it and re-anchor its annotations (``reanchored``)."""
        from parallax.reader.ingest.article import load

        info = self.get(article_id)
        if not info.path or not Path(info.path).is_file():
            raise InputError(info.path or info.display_name, "the source file is not available")
        article = load(info.path)
        if content_hash(article.text) == info.content_hash:
            return self._store.finish("Reload article", [], id=article_id, created=False)
        return self.update(article_id, article)

    def update(self, article_id: int, article: Article, /) -> OpChanges:
        """Replace an article's text and metadata (re-imported, or cleaned better) and
        re-anchor every annotation on it; the report counts exact/moved/fuzzy/orphaned."""
        with self._store.write("Update article") as images:
            if self._store.get("articles", (article_id,)) is None:
                raise LibraryError(f"no article {article_id} in the library")
            report = self._replace(article_id, article, None)
        return self._store.finish("Update article", images, id=article_id, reanchored=report)

    def _replace(self, article_id: int, article: Article, src: str | None) -> ReanchorReport:
        store = self._store
        old = store.get("articles", (article_id,))
        assert old is not None
        row = article_row(article, src if src is not None else old["path"])
        if article.title is None and old["title"]:
            row["title"] = old["title"]
        row["updated_at"] = now()
        store.update("articles", (article_id,), row)
        return self._reanchor(article_id, article.text)

    def _reanchor(self, article_id: int, text: str) -> ReanchorReport:
        store = self._store
        counts = {"exact": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
        rows = store.conn.execute('SELECT id, exact, prefix, suffix, start, "end" FROM annotations '
                                  "WHERE article_id = ?", [article_id]).fetchall()
        stamp = now()
        for aid, exact, prefix, suffix, start, end in rows:
            res = reanchor(Selector(exact, prefix, suffix, start, end), text)
            if res.span is None:
                counts["orphaned"] += 1
                store.update("annotations", (aid,), {"orphaned": 1})
                continue
            counts["exact" if res.status == "exact" else
                   "fuzzy" if res.status == "fuzzy" else "moved"] += 1
            sel = make_selector(text, res.span)
            store.update("annotations", (aid,), {
                "start": sel.start, "end": sel.end, "exact": sel.exact, "prefix": sel.prefix,
                "suffix": sel.suffix, "orphaned": 0,
                **({"modified": stamp} if (sel.start, sel.end, sel.exact) != (start, end, exact) else {}),
            })
        return ReanchorReport(**counts)

    def delete(self, article_id: int, /) -> OpChanges:
        """Delete an article with its annotations, notes, comparisons and collations."""
        store = self._store
        with store.write("Delete article") as images:
            if store.get("articles", (article_id,)) is None:
                raise LibraryError(f"no article {article_id} in the library")
            for cid in store.column("SELECT id FROM comparisons WHERE left_id = ? OR right_id = ?",
                                    [article_id, article_id]):
                self._comparisons.drop(cid)
            drop_collations_of(store, article_id)
            for aid in store.column("SELECT id FROM annotations WHERE article_id = ?", [article_id]):
                self._annotations.drop(aid)
            for nid in store.column("SELECT id FROM notes WHERE article_id = ?", [article_id]):
                store.delete("notes", (nid,))
            store.delete("articles", (article_id,))
        return store.finish("Delete article", images, id=article_id)


def _names_a_source(src: str) -> bool:
    """Does ``src`` name a source that can be read again (a file that exists, a URL)?"""
    if src.startswith(("urn:", "http://", "https://")):
        return True
    try:
        return Path(src).is_file()
    except OSError:
        return False
