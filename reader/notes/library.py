"""The notes library: one SQLite file, reached through one :class:`Library`.

Every read and write of an analyst's work goes through a :class:`Library`.  It is
Qt-free; the GUI keeps one for the session, the CLI opens one per command.  The
work is done by small parts, reached as attributes (as in Anki's ``col.decks``):

=====================  ==========================================================
``lib.articles``       :class:`~parallax.reader.notes.articles.Articles`: add, add_file,
                       add_text, update (re-anchors), reload, delete, get, find, text,
                       load, annotation_counts; ``lib.articles()`` lists them
``lib.tags``           :class:`~parallax.reader.notes.tags.Tags` (the codebook): add,
                       update, merge, delete, get, find, usage, counts,
                       import_codebook(_file), export_codebook
``lib.annotations``    :class:`~parallax.reader.notes.annotations.Annotations`: add,
                       add_quote, locate, update, tag, untag, reattach, delete, get,
                       batches, count, orphans; ``lib.annotations(article_id=, tag=,
                       comparison_id=, orphaned=, limit=, offset=)`` lists them
``lib.notes``          :class:`~parallax.reader.notes.notes.Notes` on articles and
                       comparisons: add, update, delete, get
``lib.links``          :class:`~parallax.reader.notes.links.Links`: add, add_passages,
                       update, delete, get, relations, add_relation
``lib.comparisons``    :class:`~parallax.reader.notes.comparisons.Comparisons`: open,
                       find, get, save_view_state, rename, delete
``lib.collations``     :class:`~parallax.reader.notes.comparisons.Collations` (3+ articles):
                       open, find, get, save_view_state, delete, note_row, row_notes
``lib.notes_list``     :class:`~parallax.reader.notes.listing.NotesList`: index, count, rows
``lib.search(q)``      :class:`~parallax.reader.notes.search.Search` (FTS5)
``lib.exchange``       :class:`~parallax.reader.notes.exchange.Exchange`: export_data,
                       import_data
=====================  ==========================================================

Opening: ``Library(path=None, *, readonly=False)`` (``$PARALLAX_DB``, else the user
data directory; see :mod:`parallax.reader.notes.store`).  Every write is one
transaction and returns an :class:`OpChanges`; ``lib.undo()``/``lib.redo()`` replay
the in-memory log of row images, ``lib.undo_name``/``lib.redo_name`` label the menu,
``lib.subscribe(fn)`` calls ``fn(changes)`` after every write.  Errors are
``LibraryError``/``InputError``/``UsageError``, one line each; sqlite errors never
escape.

The flat methods below (``lib.add_annotation(...)`` for
``lib.annotations.add(...)`` and so on) are the same calls under their older
names, for callers not moved to the parts yet.

This module also re-exports the records (:mod:`parallax.reader.notes.records`) and
the few names callers import from here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from parallax.reader.notes.annotations import Annotations
from parallax.reader.notes.articles import Articles, content_hash
from parallax.reader.notes.comparisons import Collations, Comparisons
from parallax.reader.notes.exchange import Exchange
from parallax.reader.notes.links import Links
from parallax.reader.notes.listing import NotesList
from parallax.reader.notes.notes import Notes
from parallax.reader.notes.records import (
    Annotation,
    ArticleInfo,
    CodebookEntry,
    ComparisonInfo,
    Item,
    ItemRef,
    Link,
    Note,
    NotesData,
    NotesIndex,
    OpChanges,
    ReanchorReport,
    Relation,
    SearchHit,
    Tag,
)
from parallax.reader.notes.schema import (
    BUILTIN_RELATIONS,
    DEFAULT_COLOURS,
    MIGRATION_NAMES,
    MIGRATIONS,
    SCHEMA_VERSION,
    STARTER_CODEBOOK,
)
from parallax.reader.notes.search import Search, fts_query
from parallax.reader.notes.store import BUSY_TIMEOUT_MS, Store, default_path
from parallax.reader.notes.tags import Tags
from parallax.reader.text.gcpause import paused_gc

__all__ = [
    "BUILTIN_RELATIONS", "BUSY_TIMEOUT_MS", "DEFAULT_COLOURS", "MIGRATIONS", "MIGRATION_NAMES",
    "SCHEMA_VERSION", "STARTER_CODEBOOK", "Annotation", "ArticleInfo", "CodebookEntry",
    "ComparisonInfo", "Item", "ItemRef", "Library", "Link", "Note", "NotesData", "NotesIndex",
    "OpChanges", "ReanchorReport", "Relation", "SearchHit", "Tag", "content_hash", "default_path",
    "fts_query", "paused_gc",
]


def _via(part: str, method: str) -> Callable:
    """A Library method that is ``lib.<part>.<method>``."""

    def call(self, *args, **kw):
        return getattr(getattr(self, part), method)(*args, **kw)

    call.__doc__ = f"``lib.{part}.{method}(...)``"
    return call


class Library:
    """The notes library (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False):
        self._store = store = Store(path, readonly=readonly)
        self.tags = Tags(store)
        self.annotations = Annotations(store, self.tags)
        self.notes = Notes(store)
        self.links = Links(store, self.annotations)
        self.comparisons = Comparisons(store)
        self.collations = Collations(store)
        self.articles = Articles(store, self.annotations, self.comparisons)
        self.notes_list = NotesList(store, self.annotations, self.tags)
        self.search = Search(store, self.annotations, self.tags)
        self.exchange = Exchange(store, articles=self.articles, tags=self.tags,
                                 annotations=self.annotations, notes=self.notes, links=self.links,
                                 comparisons=self.comparisons)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> Library:
        return cls(path, readonly=readonly)

    # -- the file

    path: Path = property(lambda self: self._store.path)  # type: ignore[assignment]
    readonly: bool = property(lambda self: self._store.readonly)  # type: ignore[assignment]
    schema_version: int = property(lambda self: self._store.schema_version)  # type: ignore[assignment]
    backup_path: Path | None = property(lambda self: self._store.backup_path)  # type: ignore[assignment]
    db = property(lambda self: self._store.db, doc="The ``sqlite_utils.Database`` (for reading).")
    undo_name: str | None = property(lambda self: self._store.undo_name)  # type: ignore[assignment]
    redo_name: str | None = property(lambda self: self._store.redo_name)  # type: ignore[assignment]

    def undo(self) -> OpChanges:
        """Undo the last operation; returns what that changed (``name`` is the undone op)."""
        return self._store.undo()

    def redo(self) -> OpChanges:
        return self._store.redo()

    def clear_undo(self) -> None:
        self._store.clear_undo()

    def subscribe(self, listener: Callable[[OpChanges], None]) -> Callable[[], None]:
        """Call ``listener(changes)`` after every write, undo and redo.  Returns an unsubscribe."""
        return self._store.subscribe(listener)

    def integrity_check(self) -> str:
        return self._store.integrity_check()

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Library {str(self.path)!r}{' read-only' if self.readonly else ''}>"

    # -- the older flat names (``lib.articles()``, ``lib.tags()`` ... call the parts)

    add_article = _via("articles", "add")
    add_file = _via("articles", "add_file")
    add_text = _via("articles", "add_text")
    update_article = _via("articles", "update")
    reload_article = _via("articles", "reload")
    delete_article = _via("articles", "delete")
    article = _via("articles", "get")
    find_article = _via("articles", "find")
    article_text = _via("articles", "text")
    load_article = _via("articles", "load")
    annotation_counts = _via("articles", "annotation_counts")

    tag = _via("tags", "get")
    add_tag = _via("tags", "add")
    update_tag = _via("tags", "update")
    merge_tags = _via("tags", "merge")
    delete_tag = _via("tags", "delete")
    tag_usage = _via("tags", "usage")
    tag_counts = _via("tags", "counts")
    import_codebook = _via("tags", "import_codebook")
    import_codebook_file = _via("tags", "import_codebook_file")
    export_codebook = _via("tags", "export_codebook")

    annotation = _via("annotations", "get")
    add_annotation = _via("annotations", "add")
    annotate_quote = _via("annotations", "add_quote")
    locate_quote = _via("annotations", "locate")
    iter_annotations = _via("annotations", "batches")
    count_annotations = _via("annotations", "count")
    update_annotation = _via("annotations", "update")
    tag_annotation = _via("annotations", "tag")
    untag_annotation = _via("annotations", "untag")
    reattach_annotation = _via("annotations", "reattach")
    delete_annotation = _via("annotations", "delete")
    orphans = _via("annotations", "orphans")

    note = _via("notes", "get")
    add_note = _via("notes", "add")
    update_note = _via("notes", "update")
    delete_note = _via("notes", "delete")

    link = _via("links", "get")
    relations = _via("links", "relations")
    add_relation = _via("links", "add_relation")
    add_link = _via("links", "add")
    link_passages = _via("links", "add_passages")
    update_link = _via("links", "update")
    delete_link = _via("links", "delete")

    comparison = _via("comparisons", "get")
    open_comparison = _via("comparisons", "open")
    find_comparison = _via("comparisons", "find")
    save_view_state = _via("comparisons", "save_view_state")
    rename_comparison = _via("comparisons", "rename")
    delete_comparison = _via("comparisons", "delete")

    list_items = _via("notes_list", "index")
    count_items = _via("notes_list", "count")
    items = _via("notes_list", "rows")

    export_data = _via("exchange", "export_data")
    import_data = _via("exchange", "import_data")
