"""The notes library: one SQLite file, one class (:class:`Library`).

Every read and write of an analyst's work goes through :class:`Library`.
It is Qt-free; the GUI keeps one instance for the session, the CLI opens one
per command.

Opening
-------
``Library(path=None, *, readonly=False)`` or ``Library.open(...)``.  The path
is, in order: the ``path`` argument (the CLI's ``--db``), ``$PARALLAX_DB``,
``platformdirs.user_data_dir("parallax")/library.db`` (:func:`default_path`).
An existing file is first opened *read-only* and validated (a SQLite file,
not corrupt, made by Parallax, not by a newer version); anything else raises
:class:`~parallax.reader.errors.LibraryError` with a one-line message and the file is
left byte-for-byte untouched.  Only then is it opened for writing: WAL
journal, ``foreign_keys=ON``, ``synchronous=FULL``, a busy timeout.  A
library made by an older schema is upgraded after a backup copy is written
beside it (``<name>.v<N>-backup-<UTC time>.db``).  A file that cannot be
written (or ``readonly=True``) opens for reading, and every write raises
``LibraryError("... is read-only ...")``.  The schema changes only through
the ``sqlite_utils`` :class:`~sqlite_utils.migrations.Migrations` set
:data:`MIGRATIONS`; ``schema_version`` is also ``PRAGMA user_version``.

Records (all immutable)
-----------------------
``ArticleInfo`` (no text; ``lib.article_text(id)`` / ``lib.load_article(id)``
give the text / a ``parallax.reader.model.Article``), ``Tag``, ``Relation``,
``Annotation`` (``span``, ``exact``/``prefix``/``suffix`` quote selector,
``tags`` names, ``tag_ids``, ``note`` Markdown, ``orphaned``), ``Note`` (on an
article or a comparison), ``Link`` (annotation -> annotation with a relation
name and a note), ``ComparisonInfo`` (``view_state`` dict: scroll positions
etc.), ``SearchHit``, ``ReanchorReport``.

Writes return :class:`OpChanges`
--------------------------------
Every write is ONE transaction (``BEGIN IMMEDIATE``, retried while another
process holds the lock, so "database is locked" never reaches the user) and
returns an ``OpChanges``: ``name`` (for an Undo menu), ``id`` (the record
made or changed), ``ids``, ``count``, flags ``article``/``tag``/
``annotation``/``note``/``link``/``comparison``/``relation`` saying what to
refresh, ``reanchored`` (for text updates) and ``undoable``.  The library
keeps an in-memory undo/redo log of row images per operation:
``lib.undo()`` / ``lib.redo()`` return the ``OpChanges`` of what they
changed; ``lib.undo_name`` / ``lib.redo_name`` label the menu items (None
when nothing to undo).  ``lib.subscribe(fn)`` calls ``fn(changes)`` after
every write, undo and redo.

API summary
-----------
Articles:   add_article(Article) · add_file(path) · add_text(text, title=) ·
            update_article(id, Article) (re-anchors) · reload_article(id) (from
            its source file, e.g. after the cleaner improved) · delete_article(id) ·
            article(id) · articles() · annotation_counts() · find_article("ID"|path) ·
            article_text(id) · load_article(id)
Tags:       tags() · tag(id|name) · add_tag(name, colour=, description=,
            parent=, shortcut=) · update_tag(id, name=, colour=, description=,
            parent=, shortcut=, position=) (rename / recolour) ·
            merge_tags([ids], into) · tag_usage(id) · tag_counts() ·
            delete_tag(id) (OpChanges.count = annotations affected) ·
            import_codebook(CodebookEntry...) · import_codebook_file(path .csv|.qdc) ·
            export_codebook("csv"|"qdc") -> str · starter codebook in new libraries
Annotations: add_annotation(article_id, span, tags=, note=, comparison_id=) ·
            locate_quote(article_id, quote, occurrence=) -> Span ·
            annotate_quote(article_id, quote, occurrence=, ...) ·
            annotation(id) · annotations(article_id=, tag=, comparison_id=,
            orphaned=, limit=, offset=) · iter_annotations(..., batch=) (the
            same, streamed in batches) · count_annotations(...) ·
            update_annotation(id, note=, tags=) · tag_annotation(id, tag) ·
            untag_annotation(id, tag) · reattach_annotation(id, span) ·
            delete_annotation(id) · orphans()
Notes:      add_note(body, article_id= | comparison_id=) · update_note(id, body)
            · delete_note(id) · note(id) · notes(article_id=, comparison_id=)
Links:      relations() · add_relation(name) · add_link(src_ann, dst_ann,
            relation, note=, comparison_id=) · link_passages(a_id, a_span,
            b_id, b_span, relation, ...) · update_link(id, relation=, note=) ·
            delete_link(id) · link(id) · links(annotation_id=, comparison_id=)
Comparisons: open_comparison(left_id, right_id) (get or create, touches
            opened_at) · find_comparison(left_id, right_id) · comparison(id) ·
            comparisons(limit=) (most recent first) · save_view_state(id, dict)
            (not on the undo log) ·
            rename_comparison(id, title) · delete_comparison(id)
Search:     search(query, tag=, limit=) -> [SearchHit] (FTS5 over article
            text, annotation quotes and notes, notes and link notes; each hit has
            article_id and, to jump to, span)
Exchange:   export_data(tag=, article_id=, comparison_id=) -> NotesData
            (parallax.reader.notes.export renders md/csv/json/html, and the print HTML
            that ui/pdf.py lays out as PDF) ·
            import_data(NotesData) (lossless, idempotent by uuid)
Undo:       undo() · redo() · undo_name · redo_name · clear_undo()
Other:      path · readonly · schema_version · backup_path (set when opening
            upgraded the file) · subscribe(fn) · integrity_check() · close() ·
            context manager.  Errors are LibraryError / InputError / UsageError
            (one line each); sqlite errors never escape.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import functools
import gc
import hashlib
import json
import os
import re
import sqlite3
import threading
import time
import uuid as _uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote as _urlquote

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from parallax.reader.notes.anchoring import Selector, find_quote, make_selector, reanchor
from parallax.reader.errors import InputError, LibraryError, UsageError
from parallax.reader.model import Article, Span

APP_NAME = "parallax"
MIGRATION_SET = "parallax"
BUSY_TIMEOUT_MS = 5000
WRITE_RETRY_SECONDS = 60.0
UNDO_LIMIT = 200

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
STARTER_CODEBOOK: tuple[tuple[str, str, str], ...] = (
    ("Shared fact", "#009E73", "A fact both sources report"),
    ("Omission", "#E69F00", "Something one source leaves out"),
    ("Loaded language", "#D55E00", "Words that carry a judgement"),
    ("Attribution", "#56B4E9", "Who is said to have said or claimed it"),
    ("Contradiction", "#CC79A7", "The sources disagree on this"),
    ("Framing", "#0072B2", "How the event is presented: emphasis, order, headline"),
    ("Unverified claim", "#F0E442", "Asserted without a source or evidence"),
)
DEFAULT_COLOURS = ("#009E73", "#E69F00", "#D55E00", "#56B4E9", "#CC79A7", "#0072B2",
                   "#F0E442", "#999999", "#000000")
BUILTIN_RELATIONS = ("same fact", "reframes", "contradicts", "omits")

_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


def default_path() -> Path:
    """``$PARALLAX_DB`` if set, else ``<user data dir>/parallax/library.db``."""
    env = os.environ.get("PARALLAX_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.db"


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or reading many small records
    (it would otherwise rescan them again and again; exports run about twice as fast)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _with_paused_gc(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        with paused_gc():
            return fn(*args, **kw)

    return wrapper


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _new_uuid() -> str:
    return str(_uuid.uuid4())


def _starter_uuid(name: str) -> str:
    """Starter tags have the same uuid in every library, so exchanges match them."""
    return str(_uuid.uuid5(_uuid.NAMESPACE_URL, "parallax:starter-tag:" + name))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- search text

# Scripts written without spaces get an invisible separator around each
# character in the search index, so FTS5 sees one token per character and a
# query for a word is a phrase query over its characters.
_UNSPACED = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\U00020000-\U0002fa1f"
)
_UNSPACED_RE = re.compile(f"([{_UNSPACED}])")
_SEP = "\u2063"  # INVISIBLE SEPARATOR: a separator for FTS5's unicode61


# Optional vowel points and tatweel of Arabic and Hebrew, which writers often leave out;
# and letters that are commonly written either way (Russian ё/е, German ß/ss).
_OPTIONAL_MARKS_RE = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
_SEARCH_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "ß": "ss", "ẞ": "SS"})


def _index_text(text: str) -> str:
    """The text as the search index sees it (queries are folded the same way)."""
    text = _OPTIONAL_MARKS_RE.sub("", text).translate(_SEARCH_FOLD)
    return _UNSPACED_RE.sub(_SEP + r"\1" + _SEP, text) if _UNSPACED_RE.search(text) else text


def fts_query(query: str) -> str:
    """A safe FTS5 MATCH expression: every word or "quoted phrase" must occur.

    A trailing ``*`` keeps prefix search (``negotiat*``).  Operators and
    punctuation are taken literally, so user input never raises a syntax error.
    """
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        term = phrase or word
        prefix = bool(word) and word.endswith("*")
        term = term.rstrip("*") if prefix else term
        if not any(c.isalnum() for c in term):
            continue
        term = _index_text(term).replace('"', '""')
        parts.append(f'"{term}"' + ("*" if prefix else ""))
    if not parts:
        raise UsageError(f"the search query {query!r} has no words to look for")
    return " AND ".join(parts)


@contextlib.contextmanager
def _search_syntax(what: str) -> Iterator[None]:
    """A query the search index cannot read is the user's mistake: one UsageError line."""
    try:
        yield
    except sqlite3.OperationalError as err:
        if "fts5" in str(err).lower() or "syntax" in str(err).lower():
            raise UsageError(f"{what}: {err}") from None
        raise


# Rowids in the one FTS table: id * 4 + kind.
_FTS_KIND = {"articles": 0, "annotations": 1, "notes": 2, "links": 3}


# ---------------------------------------------------------------- migrations

MIGRATIONS = Migrations(MIGRATION_SET)


@MIGRATIONS(name="m001_initial")
def _m001_initial(db: Database) -> None:
    """The first schema: articles, the codebook and tagged annotations."""
    db.executescript("""
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            path TEXT,
            title TEXT,
            outlet TEXT,
            published TEXT,
            byline TEXT,
            credits TEXT NOT NULL DEFAULT '[]',
            language TEXT,
            text TEXT NOT NULL,
            segments TEXT NOT NULL DEFAULT '{}',
            content_hash TEXT NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE INDEX articles_path ON articles(path);
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            colour TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            parent_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
            shortcut TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX annotations_article ON annotations(article_id, start);
        CREATE TABLE annotation_tags (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (annotation_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id, annotation_id);
    """)
    now = _now()
    for i, (name, colour, description) in enumerate(STARTER_CODEBOOK):
        db.execute(
            "INSERT INTO tags (uuid, name, colour, description, shortcut, position, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_starter_uuid(name), name, colour, description, str(i + 1) if i < 9 else None, i, now],
        )
    db.execute("PRAGMA user_version = 1")


@MIGRATIONS(name="m002_comparisons_notes_links")
def _m002_comparisons_notes_links(db: Database) -> None:
    """Comparisons with their view state, notes on articles and comparisons, links."""
    db.executescript("""
        CREATE TABLE comparisons (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            left_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            right_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT NOT NULL DEFAULT '',
            view_state TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            UNIQUE (left_id, right_id)
        );
        CREATE INDEX comparisons_opened ON comparisons(opened_at);
        ALTER TABLE annotations ADD COLUMN comparison_id INTEGER
            REFERENCES comparisons(id) ON DELETE SET NULL;
        CREATE INDEX annotations_comparison ON annotations(comparison_id);
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            comparison_id INTEGER REFERENCES comparisons(id) ON DELETE CASCADE,
            body TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            CHECK ((article_id IS NULL) <> (comparison_id IS NULL))
        );
        CREATE INDEX notes_article ON notes(article_id);
        CREATE INDEX notes_comparison ON notes(comparison_id);
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            builtin INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            source_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            relation_id INTEGER NOT NULL REFERENCES relations(id),
            comparison_id INTEGER REFERENCES comparisons(id) ON DELETE SET NULL,
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX links_source ON links(source_id);
        CREATE INDEX links_target ON links(target_id);
        CREATE INDEX links_comparison ON links(comparison_id);
    """)
    now = _now()
    for name in BUILTIN_RELATIONS:
        db.execute("INSERT INTO relations (name, builtin, created) VALUES (?, 1, ?)", [name, now])
    db.execute("PRAGMA user_version = 2")


@MIGRATIONS(name="m003_search")
def _m003_search(db: Database) -> None:
    """Full-text search (FTS5) over article text, annotations, notes and link notes."""
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(body, "
        "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'\")"
    )
    rows: list[tuple[int, str]] = []
    for r in db.execute("SELECT id, coalesce(title, ''), text FROM articles"):
        rows.append((r[0] * 4, _index_text(f"{r[1]}\n{r[2]}")))
    for r in db.execute("SELECT id, exact, note FROM annotations"):
        rows.append((r[0] * 4 + 1, _index_text(f"{r[1]}\n{r[2]}")))
    db.conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)", rows)
    db.execute("PRAGMA user_version = 3")


SCHEMA_VERSION = len(MIGRATIONS._migrations)


# ---------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article in the library, without its text."""

    id: int
    uuid: str
    path: str | None
    title: str | None
    outlet: str | None
    published: str | None
    byline: str | None
    credits: tuple[str, ...]
    language: str | None
    content_hash: str
    length: int
    added_at: str
    updated_at: str

    @property
    def display_name(self) -> str:
        return _display_name(self.title, self.path, self.id)


def _display_name(title: str | None, path: str | None, article_id: int) -> str:
    """The title, else the file name (the rule of ``Article.display_name``), else "Article N"."""
    if title or path:
        return Article(text="", title=title, path=path).display_name
    return f"Article {article_id}"


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    uuid: str
    name: str
    colour: str
    description: str
    parent_id: int | None
    shortcut: str | None
    position: int
    created: str


class Annotation(NamedTuple):
    """A tagged, annotated passage.  ``exact``/``prefix``/``suffix`` is its quote selector."""

    id: int
    uuid: str
    article_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str
    orphaned: bool
    comparison_id: int | None
    created: str
    modified: str
    tags: tuple[str, ...] = ()
    tag_ids: tuple[int, ...] = ()

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def selector(self) -> Selector:
        return Selector(self.exact, self.prefix, self.suffix, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Note:
    """A Markdown note on a whole article or a whole comparison (exactly one is set)."""

    id: int
    uuid: str
    article_id: int | None
    comparison_id: int | None
    body: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class Relation:
    id: int
    name: str
    builtin: bool


@dataclass(frozen=True, slots=True)
class Link:
    """A passage in one article linked to a passage in another, with a relation."""

    id: int
    uuid: str
    source_id: int
    target_id: int
    relation: str
    comparison_id: int | None
    note: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class ComparisonInfo:
    id: int
    uuid: str
    left_id: int
    right_id: int
    title: str
    view_state: dict[str, Any] = field(hash=False, compare=False)
    created: str = ""
    opened_at: str = ""


class SearchHit(NamedTuple):
    kind: str  # "article" | "annotation" | "note" | "link"
    id: int
    article_id: int | None
    snippet: str  # matches between [ and ]
    score: float  # bm25: lower is better
    tags: tuple[str, ...] = ()
    span: Span | None = None  # where to jump in the article: the annotation, or the first match


class ItemRef(NamedTuple):
    """One row of a notes list: what it is and its id."""

    kind: str  # "annotation" | "link" | "note"
    id: int


@dataclass(frozen=True, slots=True)
class NotesIndex:
    """The rows of a notes list, in order, as ids only: annotations (by article and
    position), then links, then notes.  Cheap to build for any size of library; a list
    reads the rows it shows with :meth:`Library.items`."""

    annotations: tuple[int, ...] = ()
    links: tuple[int, ...] = ()
    notes: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.annotations) + len(self.links) + len(self.notes)

    def __getitem__(self, row: int) -> ItemRef:
        n = len(self)
        if row < 0:
            row += n
        if not 0 <= row < n:
            raise IndexError(row)
        if row < len(self.annotations):
            return ItemRef("annotation", self.annotations[row])
        row -= len(self.annotations)
        if row < len(self.links):
            return ItemRef("link", self.links[row])
        return ItemRef("note", self.notes[row - len(self.links)])

    def refs(self, start: int, stop: int, /) -> list[ItemRef]:
        """Rows ``start`` to ``stop`` (clipped to the list)."""
        return [self[i] for i in range(max(0, start), min(stop, len(self)))]


class Item(NamedTuple):
    """One row of a notes list with what the list shows of it."""

    kind: str  # "annotation" | "link" | "note"
    id: int
    article_id: int | None  # where the row leads: the passage's (a link's source) or the note's
    start: int | None  # the passage (None for notes)
    end: int | None
    quote: str  # the passage's text; for a link, its source passage
    other: str  # a link's target passage
    body: str  # the annotation's or link's note, or the note itself
    tags: tuple[str, ...]  # a link carries the tags of both its passages
    orphaned: bool
    relation: str  # a link's relation
    title: str  # the article's display name ("" for a note on a comparison)


class ReanchorReport(NamedTuple):
    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.fuzzy + self.orphaned


class CodebookEntry(NamedTuple):
    """One tag as read from a codebook file (CSV or REFI-QDA)."""

    name: str
    colour: str | None = None
    description: str = ""
    parent: str | None = None
    shortcut: str | None = None
    uuid: str | None = None


_KIND_OF_TABLE = {
    "articles": "article", "tags": "tag", "annotations": "annotation",
    "annotation_tags": "annotation", "notes": "note", "links": "link",
    "comparisons": "comparison", "relations": "relation",
}


@dataclass(frozen=True, slots=True)
class OpChanges:
    """What one write changed, for the UI to refresh and to label Undo."""

    name: str
    id: int | None = None
    ids: tuple[int, ...] = ()
    count: int = 0
    kinds: frozenset[str] = frozenset()
    undoable: bool = True
    reanchored: ReanchorReport | None = None
    created: bool = True  # False when an add found the record already there

    article = property(lambda self: "article" in self.kinds)
    tag = property(lambda self: "tag" in self.kinds)
    annotation = property(lambda self: "annotation" in self.kinds)
    note = property(lambda self: "note" in self.kinds)
    link = property(lambda self: "link" in self.kinds)
    comparison = property(lambda self: "comparison" in self.kinds)
    relation = property(lambda self: "relation" in self.kinds)


class _Image(NamedTuple):
    table: str
    key: tuple
    before: dict | None
    after: dict | None


@dataclass
class _UndoStep:
    name: str
    images: tuple[_Image, ...]


_PK: dict[str, tuple[str, ...]] = {"annotation_tags": ("annotation_id", "tag_id")}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _parse_id(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# ---------------------------------------------------------------- opening


class _Inspection(NamedTuple):
    applied: tuple[str, ...]
    empty: bool


def _ro_uri(path: Path, *, immutable: bool = False) -> str:
    return "file:" + _urlquote(str(path.resolve())) + "?mode=ro" + ("&immutable=1" if immutable else "")


def _connect_ro(path: Path, **kw: Any) -> sqlite3.Connection:
    """A read-only connection.  On read-only media (no -shm can be made beside a WAL
    library) the file is opened as immutable."""
    conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, **kw)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as err:
        # No -shm could be made: "unable to open ..." or, when SQLite cannot set the WAL
        # index up, "attempt to write a readonly database".
        cannot_make_shm = "unable to open" in str(err) or "readonly" in str(err)
        if not cannot_make_shm or os.access(path.parent, os.W_OK):
            conn.close()
            raise
        conn.close()
    return sqlite3.connect(_ro_uri(path, immutable=True), uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000, **kw)


def _inspect(path: Path) -> _Inspection:
    """Validate an existing file through a read-only connection; never writes."""
    quiet = not Path(str(path) + "-wal").exists()
    try:
        return _inspect_once(path, quiet)
    except LibraryError:
        # A writer may have started while the file was read as immutable: look again properly.
        if quiet and Path(str(path) + "-wal").exists():
            return _inspect_once(path, False)
        raise


def _inspect_once(path: Path, quiet: bool) -> _Inspection:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise LibraryError(f"{path}: cannot read the library ({err.strerror})") from None
    if size == 0:
        return _Inspection((), True)
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as err:
        raise LibraryError(f"{path}: cannot read the library ({err.strerror})") from None
    if header != b"SQLite format 3\x00":
        raise LibraryError(f"{path}: not a Parallax library (not an SQLite database); left untouched")
    # With no -wal beside it nobody is writing (``quiet``), so read the file as immutable:
    # SQLite then creates no -wal/-shm next to a file that may turn out not to be ours.
    try:
        if quiet:
            conn = sqlite3.connect(_ro_uri(path, immutable=True), uri=True)
        else:
            conn = _connect_ro(path)
    except sqlite3.DatabaseError as err:
        raise _inspect_error(path, err) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        check = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in check] != [("ok",)]:
            raise LibraryError(f"{path}: the library file is corrupt ({check[0][0]}); left untouched")
        if not names:
            return _Inspection((), True)
        if "_sqlite_migrations" not in names:
            raise LibraryError(
                f"{path}: an SQLite database but not a Parallax library; left untouched"
            )
        applied = tuple(
            r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        )
        if not applied:
            raise LibraryError(
                f"{path}: an SQLite database but not a Parallax library; left untouched"
            )
        known = {m.name for m in MIGRATIONS._migrations}
        unknown = [a for a in applied if a not in known]
        if unknown:
            raise LibraryError(
                f"{path}: made by a newer version of Parallax (schema {unknown[-1]}); "
                "upgrade Parallax to open it"
            )
        return _Inspection(applied, False)
    except sqlite3.DatabaseError as err:
        raise _inspect_error(path, err) from None
    finally:
        conn.close()


def _inspect_error(path: Path, err: sqlite3.DatabaseError) -> LibraryError:
    msg = str(err)
    if "not a database" in msg:
        return LibraryError(f"{path}: not a Parallax library (not an SQLite database); left untouched")
    if "malformed" in msg or "corrupt" in msg:
        return LibraryError(f"{path}: the library file is corrupt ({msg}); left untouched")
    return LibraryError(f"{path}: cannot open the library ({msg})")


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.access(parent, os.W_OK)


def _backup(path: Path, version: int) -> Path:
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.v{version}-backup-{stamp}-{n}{path.suffix or '.db'}")
    src = sqlite3.connect(_ro_uri(path), uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


# ---------------------------------------------------------------- the library


class Library:
    """The notes library (see the module docstring for the whole API)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.backup_path: Path | None = None
        self._lock = threading.RLock()
        self._undo: list[_UndoStep] = []
        self._redo: list[_UndoStep] = []
        self._images: list[_Image] | None = None
        self._listeners: list[Callable[[OpChanges], None]] = []
        self._closed = False
        path = self.path
        if path.is_dir():
            raise LibraryError(f"{path}: is a directory, not a library file")
        exists = path.exists()
        if exists:
            info = _inspect(path)
        else:
            if readonly:
                raise LibraryError(f"{path}: no such library")
            info = _Inspection((), True)
        self.readonly = bool(readonly) or not _writable(path)
        if self.readonly:
            if not exists:
                raise LibraryError(f"{path}: cannot create the library here (not writable)")
            if info.empty:
                raise LibraryError(f"{path}: an empty file, not a library, and read-only")
            if len(info.applied) < SCHEMA_VERSION:
                raise LibraryError(
                    f"{path}: made by an older version of Parallax and read-only, "
                    "so it cannot be upgraded; make it writable or open a copy"
                )
            self._connect_readonly()
        else:
            if not exists:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise LibraryError(f"{path}: cannot create the library ({err.strerror})") from None
            if info.applied and len(info.applied) < SCHEMA_VERSION:
                try:
                    self.backup_path = _backup(path, len(info.applied))
                except (OSError, sqlite3.Error) as err:
                    raise LibraryError(
                        f"{path}: cannot write a backup before upgrading the library ({err}); "
                        "nothing was changed"
                    ) from None
            self._connect_readwrite()

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> Library:
        return cls(path, readonly=readonly)

    # -- connection

    def _connect_readonly(self) -> None:
        try:
            conn = _connect_ro(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA query_only = ON")
            self._conn = conn
            self.db = Database(conn, execute_plugins=False, recursive_triggers=False)
            self.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as err:
            raise LibraryError(f"{self.path}: cannot open the library read-only ({err})") from None

    def _connect_readwrite(self) -> None:
        path = self.path
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as err:
            raise LibraryError(f"{path}: cannot open the library ({err})") from None
        self._conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = Database(conn, execute_plugins=False, recursive_triggers=False)
            if MIGRATIONS.pending(self.db):
                self._begin_immediate()
                try:
                    MIGRATIONS.apply(self.db)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            self.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as err:
            conn.close()
            raise LibraryError(f"{path}: cannot open the library ({err})") from None

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Library {str(self.path)!r}{' read-only' if self.readonly else ''}>"

    def subscribe(self, listener: Callable[[OpChanges], None]) -> Callable[[], None]:
        """Call ``listener(changes)`` after every write, undo and redo.  Returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- transactions

    @staticmethod
    def _is_busy(err: sqlite3.OperationalError) -> bool:
        msg = str(err).lower()
        return "locked" in msg or "busy" in msg

    def _retry(self, fn: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + WRITE_RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as err:
                if not self._is_busy(err) or time.monotonic() > deadline:
                    if self._is_busy(err):
                        raise LibraryError(
                            f"{self.path}: the library stayed busy for {WRITE_RETRY_SECONDS:.0f} s "
                            "(another program is writing to it); try again"
                        ) from None
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    def _begin_immediate(self) -> None:
        self._retry(lambda: self._conn.execute("BEGIN IMMEDIATE"))

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError(f"{self.path}: the library is closed")

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            try:
                yield self._conn
            except sqlite3.DatabaseError as err:
                raise self._db_error(err) from None

    def _db_error(self, err: sqlite3.Error) -> LibraryError:
        msg = str(err)
        if "malformed" in msg or "not a database" in msg:
            return LibraryError(f"{self.path}: the library file is corrupt ({msg})")
        if "readonly" in msg or "read-only" in msg:
            return LibraryError(f"{self.path}: the library is read-only; changes are refused")
        return LibraryError(f"{self.path}: {msg}")

    @contextlib.contextmanager
    def _write(self, name: str, *, undoable: bool = True) -> Iterator[list[_Image]]:
        """One write = one ``BEGIN IMMEDIATE`` transaction, with its row images recorded."""
        if self.readonly:
            raise LibraryError(f"{self.path}: the library is read-only; changes are refused")
        with self._lock:
            self._check_open()
            if self._images is not None:  # nested: part of the outer operation
                yield self._images
                return
            images: list[_Image] = []
            self._images = images
            try:
                self._begin_immediate()
                try:
                    yield images
                    self._retry(lambda: self._conn.execute("COMMIT"))
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as err:
                raise self._db_error(err) from None
            finally:
                self._images = None
            if undoable and images:
                self._undo.append(_UndoStep(name, tuple(images)))
                del self._undo[:-UNDO_LIMIT]
                self._redo.clear()

    def _finish(self, name: str, images: list[_Image], *, id: int | None = None,
                ids: Iterable[int] = (), count: int = 0, undoable: bool = True,
                reanchored: ReanchorReport | None = None, created: bool = True) -> OpChanges:
        kinds = frozenset(_KIND_OF_TABLE[i.table] for i in images)
        ch = OpChanges(name, id, tuple(ids), count, kinds, undoable and bool(images),
                       reanchored, created)
        for fn in list(self._listeners):
            fn(ch)
        return ch

    # -- row helpers (every change goes through these, so undo and search follow)

    def _key_of(self, table: str, row: dict) -> tuple:
        return tuple(row[c] for c in _PK.get(table, ("id",)))

    def _get(self, table: str, key: tuple) -> dict | None:
        cols = _PK.get(table, ("id",))
        where = " AND ".join(f"{_q(c)} = ?" for c in cols)
        cur = self._conn.execute(f"SELECT * FROM {table} WHERE {where}", key)
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def _insert(self, table: str, row: dict) -> int:
        cols = ", ".join(_q(c) for c in row)
        marks = ", ".join("?" for _ in row)
        cur = self._conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        if table in _PK:
            key = self._key_of(table, row)
            new_id = 0
        else:
            new_id = row.get("id") or cur.lastrowid
            key = (new_id,)
        after = self._get(table, key)
        assert self._images is not None
        self._images.append(_Image(table, key, None, after))
        self._reindex(table, key)
        return int(new_id or 0)

    def _update(self, table: str, key: tuple, changes: dict) -> bool:
        before = self._get(table, key)
        if before is None:
            return False
        changes = {k: v for k, v in changes.items() if before.get(k) != v}
        if not changes:
            return False
        cols = _PK.get(table, ("id",))
        sets = ", ".join(f"{_q(c)} = ?" for c in changes)
        where = " AND ".join(f"{_q(c)} = ?" for c in cols)
        self._conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*changes.values(), *key])
        after = self._get(table, key)
        assert self._images is not None
        self._images.append(_Image(table, key, before, after))
        self._reindex(table, key)
        return True

    def _delete(self, table: str, key: tuple) -> bool:
        before = self._get(table, key)
        if before is None:
            return False
        cols = _PK.get(table, ("id",))
        where = " AND ".join(f"{_q(c)} = ?" for c in cols)
        self._conn.execute(f"DELETE FROM {table} WHERE {where}", key)
        assert self._images is not None
        self._images.append(_Image(table, key, before, None))
        self._reindex(table, key)
        return True

    def _put(self, table: str, key: tuple, row: dict | None) -> None:
        """Make the row with ``key`` be exactly ``row`` (None: absent).  For undo/redo."""
        current = self._get(table, key)
        if row is None:
            if current is not None:
                self._delete(table, key)
        elif current is None:
            self._insert(table, dict(row))
        else:
            self._update(table, key, {k: v for k, v in row.items()
                                      if k not in _PK.get(table, ("id",))})

    def _reindex(self, table: str, key: tuple) -> None:
        kind = _FTS_KIND.get(table)
        if kind is None:
            return
        (rid,) = key
        rowid = rid * 4 + kind
        self._conn.execute("DELETE FROM search WHERE rowid = ?", [rowid])
        if table == "articles":
            sql = "SELECT coalesce(title, '') || char(10) || text FROM articles WHERE id = ?"
        elif table == "annotations":
            sql = "SELECT exact || char(10) || note FROM annotations WHERE id = ?"
        elif table == "notes":
            sql = "SELECT body FROM notes WHERE id = ?"
        else:
            sql = "SELECT note FROM links WHERE id = ?"
        row = self._conn.execute(sql, [rid]).fetchone()
        if row is not None and row[0]:
            self._conn.execute("INSERT INTO search (rowid, body) VALUES (?, ?)",
                               [rowid, _index_text(row[0])])

    # -- undo / redo

    @property
    def undo_name(self) -> str | None:
        return self._undo[-1].name if self._undo else None

    @property
    def redo_name(self) -> str | None:
        return self._redo[-1].name if self._redo else None

    def clear_undo(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def _replay(self, *, backwards: bool) -> OpChanges:
        """Undo (``backwards``) or redo the last step, moving it to the other stack once its
        transaction has committed."""
        source, target = (self._undo, self._redo) if backwards else (self._redo, self._undo)
        if not source:
            raise LibraryError(f"nothing to {'undo' if backwards else 'redo'}")
        step = source.pop()
        try:
            with self._write(step.name, undoable=False) as images:
                for im in reversed(step.images) if backwards else step.images:
                    self._put(im.table, im.key, im.before if backwards else im.after)
        except BaseException:
            source.append(step)
            raise
        target.append(step)
        return self._finish(step.name, images, undoable=False)

    def undo(self) -> OpChanges:
        """Undo the last operation; returns what that changed (``name`` is the undone op)."""
        return self._replay(backwards=True)

    def redo(self) -> OpChanges:
        return self._replay(backwards=False)

    # ============================================================ articles

    _ARTICLE_COLS = ("id, uuid, path, title, outlet, published, byline, credits, language, "
                     "content_hash, length(text), added_at, updated_at")

    @staticmethod
    def _article_info(r: Sequence[Any]) -> ArticleInfo:
        return ArticleInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(json.loads(r[7] or "[]")),
                           r[8], r[9], r[10], r[11], r[12])

    def article(self, article_id: int) -> ArticleInfo:
        with self._read() as c:
            r = c.execute(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE id = ?",
                          [article_id]).fetchone()
        if r is None:
            raise LibraryError(f"no article {article_id} in the library")
        return self._article_info(r)

    def articles(self) -> list[ArticleInfo]:
        with self._read() as c:
            rows = c.execute(f"SELECT {self._ARTICLE_COLS} FROM articles ORDER BY id").fetchall()
        return [self._article_info(r) for r in rows]

    def annotation_counts(self) -> dict[int, int]:
        """Annotations per article id (articles with none are absent)."""
        with self._read() as c:
            return dict(c.execute("SELECT article_id, count(*) FROM annotations GROUP BY article_id"))

    def article_text(self, article_id: int) -> str:
        with self._read() as c:
            r = c.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if r is None:
            raise LibraryError(f"no article {article_id} in the library")
        return r[0]

    def load_article(self, article_id: int) -> Article:
        """The stored article as a ``parallax.reader.model.Article`` (text, metadata, segments)."""
        with self._read() as c:
            r = c.execute("SELECT text, segments, title, outlet, published, byline, credits, "
                          "language, path FROM articles WHERE id = ?", [article_id]).fetchone()
        if r is None:
            raise LibraryError(f"no article {article_id} in the library")
        seg = json.loads(r[1] or "{}")
        return Article(
            text=r[0],
            paragraphs=tuple(Span(a, b) for a, b in seg.get("paragraphs", ())),
            sentences=tuple(Span(a, b) for a, b in seg.get("sentences", ())),
            title=r[2], outlet=r[3], published=r[4], byline=r[5],
            credits=tuple(json.loads(r[6] or "[]")), language=r[7], path=r[8],
        )

    @staticmethod
    def _article_row(article: Article, path: str | None) -> dict:
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

    def add_article(self, article: Article, /, *, path: str | None = None) -> OpChanges:
        """Store an article.  The same text again returns the stored one (``created=False``);
        a new text for an already-stored source path updates it and re-anchors its notes."""
        if not article.text.strip():
            raise InputError(path or article.path, "is empty")
        src = path if path is not None else article.path
        if src and src != "-" and not src.startswith(("urn:", "http://", "https://")):
            with contextlib.suppress(OSError):
                src = str(Path(src).resolve())
        h = content_hash(article.text)
        name, created, report = "Add article", True, None
        with self._write("Add article") as images:
            r = self._conn.execute("SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                                   [h]).fetchone()
            if r is not None:
                new_id, created = r[0], False
            else:
                r = None
                if src:
                    r = self._conn.execute("SELECT id FROM articles WHERE path = ? "
                                           "ORDER BY id DESC LIMIT 1", [src]).fetchone()
                if r is not None:
                    new_id, name, created = r[0], "Update article", False
                    report = self._update_article(new_id, article, src)
                else:
                    now = _now()
                    new_id = self._insert("articles", {
                        "uuid": _new_uuid(), **self._article_row(article, src),
                        "added_at": now, "updated_at": now})
        return self._finish(name, images, id=new_id, reanchored=report, created=created)

    def add_file(self, path: str | os.PathLike[str], /) -> OpChanges:
        """Load (and clean) a file with ``parallax.reader.ingest.article.load`` and store it."""
        from parallax.reader.ingest.article import load

        article = load(str(path))
        return self.add_article(article, path=str(path))

    def add_text(self, text: str, /, *, title: str | None = None,
                 source: str | None = None) -> OpChanges:
        """Store pasted text (cleaned by ``parallax.reader.ingest.article.from_text``)."""
        from parallax.reader.ingest.article import from_text

        article = from_text(text, source=source)
        if title and not article.title:
            article = dataclasses.replace(article, title=title)
        return self.add_article(article, path=source)

    def reload_article(self, article_id: int, /) -> OpChanges:
        """Load the article again from its source file with the current cleaner; when the
        text changed, update it and re-anchor its annotations (``reanchored``)."""
        from parallax.reader.ingest.article import load

        info = self.article(article_id)
        if not info.path or not Path(info.path).is_file():
            raise InputError(info.path or info.display_name, "the source file is not available")
        article = load(info.path)
        if content_hash(article.text) == info.content_hash:
            return self._finish("Reload article", [], id=article_id, created=False)
        return self.update_article(article_id, article)

    def update_article(self, article_id: int, article: Article, /) -> OpChanges:
        """Replace an article's text and metadata (re-imported, or cleaned better) and
        re-anchor every annotation on it; the report counts exact/moved/fuzzy/orphaned."""
        with self._write("Update article") as images:
            if self._get("articles", (article_id,)) is None:
                raise LibraryError(f"no article {article_id} in the library")
            report = self._update_article(article_id, article, None)
        return self._finish("Update article", images, id=article_id, reanchored=report)

    def _update_article(self, article_id: int, article: Article, src: str | None) -> ReanchorReport:
        old = self._get("articles", (article_id,))
        assert old is not None
        row = self._article_row(article, src if src is not None else old["path"])
        if article.title is None and old["title"]:
            row["title"] = old["title"]
        row["updated_at"] = _now()
        self._update("articles", (article_id,), row)
        return self._reanchor_article(article_id, article.text)

    def _reanchor_article(self, article_id: int, text: str) -> ReanchorReport:
        counts = {"exact": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
        rows = self._conn.execute(
            'SELECT id, exact, prefix, suffix, start, "end", orphaned FROM annotations '
            "WHERE article_id = ?", [article_id]).fetchall()
        now = _now()
        for aid, exact, prefix, suffix, start, end, _orph in rows:
            res = reanchor(Selector(exact, prefix, suffix, start, end), text)
            if res.span is None:
                counts["orphaned"] += 1
                self._update("annotations", (aid,), {"orphaned": 1})
                continue
            counts["exact" if res.status == "exact" else
                   "fuzzy" if res.status == "fuzzy" else "moved"] += 1
            sel = make_selector(text, res.span)
            self._update("annotations", (aid,), {
                "start": sel.start, "end": sel.end, "exact": sel.exact, "prefix": sel.prefix,
                "suffix": sel.suffix, "orphaned": 0,
                **({"modified": now} if (sel.start, sel.end, sel.exact) != (start, end, exact) else {}),
            })
        return ReanchorReport(**counts)

    def delete_article(self, article_id: int) -> OpChanges:
        """Delete an article with its annotations, notes and comparisons."""
        with self._write("Delete article") as images:
            if self._get("articles", (article_id,)) is None:
                raise LibraryError(f"no article {article_id} in the library")
            for (cid,) in self._conn.execute(
                    "SELECT id FROM comparisons WHERE left_id = ? OR right_id = ?",
                    [article_id, article_id]).fetchall():
                self._delete_comparison(cid)
            for (aid,) in self._conn.execute("SELECT id FROM annotations WHERE article_id = ?",
                                             [article_id]).fetchall():
                self._delete_annotation(aid)
            for (nid,) in self._conn.execute("SELECT id FROM notes WHERE article_id = ?",
                                             [article_id]).fetchall():
                self._delete("notes", (nid,))
            self._delete("articles", (article_id,))
        return self._finish("Delete article", images, id=article_id)

    def find_article(self, ref: str | int, /) -> ArticleInfo | None:
        """An article by id (``"12"``), uuid or source path; None if not stored."""
        aid = _parse_id(ref)
        with self._read() as c:
            if aid is not None:
                r = c.execute(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE id = ?", [aid]).fetchone()
                if r is not None:
                    return self._article_info(r)
            ref = str(ref)
            r = c.execute(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE uuid = ?", [ref]).fetchone()
            if r is None:
                with contextlib.suppress(OSError):
                    ref = str(Path(ref).resolve())
                r = c.execute(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE path = ? "
                              "ORDER BY id DESC LIMIT 1", [ref]).fetchone()
        return None if r is None else self._article_info(r)

    # ============================================================ tags

    @staticmethod
    def _tag(r: Sequence[Any]) -> Tag:
        return Tag(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])

    _TAG_COLS = "id, uuid, name, colour, description, parent_id, shortcut, position, created"

    def tags(self) -> list[Tag]:
        """The codebook, in its order."""
        with self._read() as c:
            rows = c.execute(f"SELECT {self._TAG_COLS} FROM tags ORDER BY position, id").fetchall()
        return [self._tag(r) for r in rows]

    def tag(self, ref: int | str, /) -> Tag:
        """A tag by id or (case-insensitive) name."""
        t = self._find_tag(ref)
        if t is None:
            raise LibraryError(f"no tag {ref!r} in the codebook")
        return t

    def _find_tag(self, ref: int | str) -> Tag | None:
        with self._read() as c:
            r = None
            if isinstance(ref, int):
                r = c.execute(f"SELECT {self._TAG_COLS} FROM tags WHERE id = ?", [ref]).fetchone()
            else:
                r = c.execute(f"SELECT {self._TAG_COLS} FROM tags WHERE name = ? COLLATE NOCASE",
                              [ref.strip()]).fetchone()
        return None if r is None else self._tag(r)

    def tag_counts(self) -> dict[int, int]:
        """Annotations per tag id (tags with none are absent)."""
        with self._read() as c:
            return dict(c.execute("SELECT tag_id, count(*) FROM annotation_tags GROUP BY tag_id"))

    def tag_usage(self, ref: int | str, /) -> int:
        """How many annotations carry this tag (say it before deleting)."""
        t = self.tag(ref)
        with self._read() as c:
            return c.execute("SELECT count(*) FROM annotation_tags WHERE tag_id = ?", [t.id]).fetchone()[0]

    def _check_colour(self, colour: str) -> str:
        if not _COLOUR_RE.match(colour or ""):
            raise UsageError(f"colour {colour!r} is not of the form #RRGGBB")
        return colour.upper()

    def _check_name(self, name: str) -> str:
        name = " ".join((name or "").split())
        if not name:
            raise UsageError("a tag needs a name")
        return name

    def _next_colour(self) -> str:
        used = {r[0].upper() for r in self._conn.execute("SELECT colour FROM tags")}
        for c in DEFAULT_COLOURS:
            if c not in used:
                return c
        n = self._conn.execute("SELECT count(*) FROM tags").fetchone()[0]
        return DEFAULT_COLOURS[n % len(DEFAULT_COLOURS)]

    def _free_shortcut(self) -> str | None:
        used = {r[0] for r in self._conn.execute("SELECT shortcut FROM tags WHERE shortcut IS NOT NULL")}
        for k in "123456789":
            if k not in used:
                return k
        return None

    def _resolve_parent(self, parent: int | str | None) -> int | None:
        if parent is None or parent == "":
            return None
        t = self._find_tag(parent)
        if t is None:
            raise LibraryError(f"no tag {parent!r} to be the parent")
        return t.id

    def add_tag(self, name: str, /, *, colour: str | None = None, description: str = "",
                parent: int | str | None = None, shortcut: str | None = None,
                uuid: str | None = None) -> OpChanges:
        """Add a tag to the codebook (colour and shortcut key chosen if not given)."""
        name = self._check_name(name)
        with self._write("Add tag") as images:
            if self._find_tag(name) is not None:
                raise LibraryError(f"a tag named {name!r} already exists")
            pos = self._conn.execute("SELECT coalesce(max(position), -1) + 1 FROM tags").fetchone()[0]
            new_id = self._insert("tags", {
                "uuid": uuid or _new_uuid(), "name": name,
                "colour": self._check_colour(colour) if colour else self._next_colour(),
                "description": description or "", "parent_id": self._resolve_parent(parent),
                "shortcut": shortcut if shortcut is not None else self._free_shortcut(),
                "position": pos, "created": _now(),
            })
        return self._finish("Add tag", images, id=new_id)

    _UNSET: Any = object()

    def update_tag(self, ref: int | str, /, *, name: str | None = None, colour: str | None = None,
                   description: str | None = None, parent: Any = _UNSET,
                   shortcut: Any = _UNSET, position: int | None = None) -> OpChanges:
        """Rename, recolour, re-describe, re-parent (None: top level), re-key or move a tag."""
        t = self.tag(ref)
        changes: dict[str, Any] = {}
        label = "Edit tag"
        if name is not None:
            changes["name"] = self._check_name(name)
            label = "Rename tag"
        if colour is not None:
            changes["colour"] = self._check_colour(colour)
            label = "Recolour tag" if name is None else label
        if description is not None:
            changes["description"] = description
        with self._write(label) as images:
            if "name" in changes:
                other = self._find_tag(changes["name"])
                if other is not None and other.id != t.id:
                    raise LibraryError(f"a tag named {changes['name']!r} already exists")
            if parent is not self._UNSET:
                pid = self._resolve_parent(parent)
                p = pid
                while p is not None:  # no cycles
                    if p == t.id:
                        raise LibraryError("a tag cannot be its own ancestor")
                    p = self._conn.execute("SELECT parent_id FROM tags WHERE id = ?", [p]).fetchone()[0]
                changes["parent_id"] = pid
            if shortcut is not self._UNSET:
                if shortcut:
                    for (oid,) in self._conn.execute(
                            "SELECT id FROM tags WHERE shortcut = ? AND id != ?", [shortcut, t.id]).fetchall():
                        self._update("tags", (oid,), {"shortcut": None})
                changes["shortcut"] = shortcut or None
            if position is not None:
                changes["position"] = int(position)
            self._update("tags", (t.id,), changes)
        return self._finish(label, images, id=t.id)

    def merge_tags(self, sources: Iterable[int | str], into: int | str, /) -> OpChanges:
        """Move every annotation of ``sources`` onto ``into`` and delete the sources.
        ``count`` is the number of annotations that gained ``into``."""
        target = self.tag(into)
        srcs = [self.tag(s) for s in sources]
        srcs = [s for s in srcs if s.id != target.id]
        count = 0
        with self._write("Merge tags") as images:
            for s in srcs:
                for (aid,) in self._conn.execute(
                        "SELECT annotation_id FROM annotation_tags WHERE tag_id = ?", [s.id]).fetchall():
                    if self._get("annotation_tags", (aid, target.id)) is None:
                        self._insert("annotation_tags", {"annotation_id": aid, "tag_id": target.id})
                        count += 1
                for (cid,) in self._conn.execute("SELECT id FROM tags WHERE parent_id = ?",
                                                 [s.id]).fetchall():
                    if cid != target.id:
                        self._update("tags", (cid,), {"parent_id": target.id})
                self._delete_tag(s.id)
        return self._finish("Merge tags", images, id=target.id, ids=[s.id for s in srcs], count=count)

    def _delete_tag(self, tag_id: int) -> int:
        n = 0
        for (aid,) in self._conn.execute("SELECT annotation_id FROM annotation_tags WHERE tag_id = ?",
                                         [tag_id]).fetchall():
            self._delete("annotation_tags", (aid, tag_id))
            n += 1
        for (cid,) in self._conn.execute("SELECT id FROM tags WHERE parent_id = ?", [tag_id]).fetchall():
            self._update("tags", (cid,), {"parent_id": None})
        self._delete("tags", (tag_id,))
        return n

    def delete_tag(self, ref: int | str, /) -> OpChanges:
        """Delete a tag; its annotations stay, without it.  ``count``: annotations affected."""
        t = self.tag(ref)
        with self._write("Delete tag") as images:
            n = self._delete_tag(t.id)
        return self._finish("Delete tag", images, id=t.id, count=n)

    def _is_ancestor(self, tag_id: int, of: int | None) -> bool:
        p = of
        while p is not None:
            if p == tag_id:
                return True
            r = self._conn.execute("SELECT parent_id FROM tags WHERE id = ?", [p]).fetchone()
            p = r[0] if r else None
        return False

    def import_codebook(self, entries: Iterable[CodebookEntry], /) -> OpChanges:
        """Add or update tags by name (colour, description, parent, shortcut); one operation."""
        entries = list(entries)
        ids: list[int] = []
        by_name: dict[str, int] = {}
        with self._write("Import codebook") as images:
            for e in entries:  # first pass: create or update, without parents
                name = self._check_name(e.name)
                t = None
                if e.uuid:
                    r = self._conn.execute("SELECT id FROM tags WHERE uuid = ?", [e.uuid]).fetchone()
                    t = self._find_tag(r[0]) if r else None
                if t is None:
                    t = self._find_tag(name)
                if t is None:
                    pos = self._conn.execute("SELECT coalesce(max(position), -1) + 1 FROM tags").fetchone()[0]
                    shortcut = e.shortcut or None
                    if shortcut and self._conn.execute("SELECT 1 FROM tags WHERE shortcut = ?",
                                                       [shortcut]).fetchone():
                        shortcut = None
                    tid = self._insert("tags", {
                        "uuid": e.uuid or _new_uuid(), "name": name,
                        "colour": self._check_colour(e.colour) if e.colour else self._next_colour(),
                        "description": e.description or "", "parent_id": None,
                        "shortcut": shortcut, "position": pos, "created": _now()})
                else:
                    tid = t.id
                    ch: dict[str, Any] = {}
                    if name != t.name and self._find_tag(name) in (None, t):
                        ch["name"] = name  # the same code (by guid), renamed elsewhere
                    if e.colour:
                        ch["colour"] = self._check_colour(e.colour)
                    if e.description:
                        ch["description"] = e.description
                    if e.shortcut and not self._conn.execute(
                            "SELECT 1 FROM tags WHERE shortcut = ? AND id != ?", [e.shortcut, tid]).fetchone():
                        ch["shortcut"] = e.shortcut
                    self._update("tags", (tid,), ch)
                ids.append(tid)
                by_name[name.casefold()] = tid
            for e, tid in zip(entries, ids, strict=True):
                if e.parent:
                    pid = by_name.get(" ".join(e.parent.split()).casefold())
                    if pid is None:
                        pid = self._resolve_parent(e.parent)
                    if pid != tid and not self._is_ancestor(tid, pid):
                        self._update("tags", (tid,), {"parent_id": pid})
        return self._finish("Import codebook", images, ids=ids, count=len(ids))

    def export_codebook(self, fmt: str = "csv", /) -> str:
        """The codebook as ``csv`` or REFI-QDA ``qdc`` text."""
        from parallax.reader.notes import codebook

        if fmt == "csv":
            return codebook.to_csv(self.tags())
        if fmt == "qdc":
            return codebook.to_qdc(self.tags())
        raise UsageError(f"unknown codebook format {fmt!r} (csv or qdc)")

    def import_codebook_file(self, path: str | os.PathLike[str], /) -> OpChanges:
        """Read a codebook file (``.csv`` or REFI-QDA ``.qdc``) into the codebook, one operation."""
        from parallax.reader.notes import codebook

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

    def _tag_ids_for(self, tags: Iterable[int | str], *, create: bool) -> list[int]:
        out: list[int] = []
        for ref in tags:
            t = self._find_tag(ref)
            if t is None:
                if not create or isinstance(ref, int):
                    raise LibraryError(f"no tag {ref!r} in the codebook")
                name = self._check_name(ref)
                pos = self._conn.execute("SELECT coalesce(max(position), -1) + 1 FROM tags").fetchone()[0]
                tid = self._insert("tags", {
                    "uuid": _new_uuid(), "name": name, "colour": self._next_colour(),
                    "description": "", "parent_id": None, "shortcut": self._free_shortcut(),
                    "position": pos, "created": _now()})
            else:
                tid = t.id
            if tid not in out:
                out.append(tid)
        return out

    def _tag_filter_ids(self, tag: int | str) -> list[int]:
        """The tag and its descendants (filtering by a parent includes its children)."""
        t = self.tag(tag)
        with self._read() as c:
            rows = c.execute("""
                WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT tags.id FROM tags JOIN sub
                ON tags.parent_id = sub.id) SELECT id FROM sub""", [t.id]).fetchall()
        return [r[0] for r in rows]

    # ============================================================ annotations

    _ANN_COLS = ('a.id, a.uuid, a.article_id, a.start, a."end", a.exact, a.prefix, a.suffix, '
                 "a.note, a.orphaned, a.comparison_id, a.created, a.modified")

    def _annotations_from(self, rows: list[Sequence[Any]]) -> list[Annotation]:
        if not rows:
            return []
        names = {r[0]: r[1] for r in self._conn.execute("SELECT id, name FROM tags")}
        # Each annotation's tag ids as one string ("3,5"), read as tuples once per distinct set.
        if len(rows) > 2000:
            ids = {r[0] for r in rows}
            tagsets = {aid: tids for aid, tids in self._conn.execute(
                "SELECT annotation_id, group_concat(tag_id) FROM annotation_tags "
                "GROUP BY annotation_id") if aid in ids}
        else:
            tagsets = dict(self._conn.execute(
                "SELECT annotation_id, group_concat(tag_id) FROM annotation_tags WHERE annotation_id "
                f"IN ({','.join('?' * len(rows))}) GROUP BY annotation_id", [r[0] for r in rows]))
        combos: dict[str | None, tuple[tuple[str, ...], tuple[int, ...]]] = {None: ((), ())}
        for key in set(tagsets.values()):
            tids = tuple(sorted(int(t) for t in key.split(",")))
            combos[key] = (tuple(names[t] for t in tids), tids)
        new = Annotation._make
        get = tagsets.get
        return [new((*r[:9], r[9] != 0, *r[10:13], *combos[get(r[0])])) for r in rows]

    def annotation(self, annotation_id: int) -> Annotation:
        with self._read() as c:
            rows = c.execute(f"SELECT {self._ANN_COLS} FROM annotations a WHERE a.id = ?",
                             [annotation_id]).fetchall()
            out = self._annotations_from(rows)
        if not out:
            raise LibraryError(f"no annotation {annotation_id} in the library")
        return out[0]

    def _ann_where(self, article_id: int | None, tag: int | str | None, comparison_id: int | None,
                   orphaned: bool | None) -> tuple[str, list[Any]]:
        where, params = [], []
        if article_id is not None:
            where.append("a.article_id = ?")
            params.append(article_id)
        if comparison_id is not None:
            where.append("a.comparison_id = ?")
            params.append(comparison_id)
        if orphaned is not None:
            where.append("a.orphaned = ?")
            params.append(1 if orphaned else 0)
        if tag is not None:
            tids = self._tag_filter_ids(tag)
            where.append(f"a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id IN "
                         f"({','.join('?' for _ in tids)}))")
            params.extend(tids)
        return (" WHERE " + " AND ".join(where)) if where else "", params

    @_with_paused_gc
    def annotations(self, *, article_id: int | None = None, tag: int | str | None = None,
                    comparison_id: int | None = None, orphaned: bool | None = None,
                    limit: int | None = None, offset: int = 0) -> list[Annotation]:
        """Annotations, by article then position (filter by article, tag incl. sub-tags,
        comparison, orphan state; page with limit/offset)."""
        where, params = self._ann_where(article_id, tag, comparison_id, orphaned)
        sql = f"SELECT {self._ANN_COLS} FROM annotations a{where} ORDER BY a.article_id, a.start, a.id"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else int(limit), int(offset)]
        with self._read() as c:
            return self._annotations_from(c.execute(sql, params).fetchall())

    def iter_annotations(self, *, article_id: int | None = None, tag: int | str | None = None,
                         comparison_id: int | None = None, orphaned: bool | None = None,
                         limit: int | None = None, offset: int = 0,
                         batch: int = 1000) -> Iterator[list[Annotation]]:
        """:meth:`annotations` in batches of at most ``batch``, read one after another (each
        batch is one query, by position after the last one; the library is not held in
        between), so a long list starts at once and never sits in memory whole."""
        where, params = self._ann_where(article_id, tag, comparison_id, orphaned)
        order = " ORDER BY a.article_id, a.start, a.id LIMIT ?"
        after = ("(a.article_id, a.start, a.id) > (?, ?, ?)" if not where
                 else where[len(" WHERE "):] + " AND (a.article_id, a.start, a.id) > (?, ?, ?)")
        left = -1 if limit is None else int(limit)
        last: tuple[int, int, int] | None = None
        while left:
            n = batch if left < 0 else min(batch, left)
            with self._read() as c:
                if last is None:
                    rows = c.execute(f"SELECT {self._ANN_COLS} FROM annotations a{where}{order} "
                                     "OFFSET ?", [*params, n, int(offset)]).fetchall()
                else:
                    rows = c.execute(f"SELECT {self._ANN_COLS} FROM annotations a WHERE {after}"
                                     f"{order}", [*params, *last, n]).fetchall()
                anns = self._annotations_from(rows)
            if not anns:
                return
            yield anns
            if len(anns) < n:
                return
            left = left - len(anns) if left > 0 else left
            last = (anns[-1].article_id, anns[-1].start, anns[-1].id)

    def count_annotations(self, *, article_id: int | None = None, tag: int | str | None = None,
                          comparison_id: int | None = None, orphaned: bool | None = None) -> int:
        where, params = self._ann_where(article_id, tag, comparison_id, orphaned)
        with self._read() as c:
            return c.execute(f"SELECT count(*) FROM annotations a{where}", params).fetchone()[0]

    def orphans(self) -> list[Annotation]:
        """Annotations whose passage could not be found after the text changed."""
        return self.annotations(orphaned=True)

    def _check_span(self, text: str, span: Span | tuple[int, int]) -> Span:
        s, e = int(span[0]), int(span[1])
        if not 0 <= s < e <= len(text):
            raise UsageError(f"passage [{s}, {e}) is empty or outside the article ({len(text)} characters)")
        return Span(s, e)

    def add_annotation(self, article_id: int, span: Span | tuple[int, int], /, *,
                       tags: Iterable[int | str] = (), note: str = "",
                       comparison_id: int | None = None, create_tags: bool = True) -> OpChanges:
        """Annotate ``[start, end)`` of an article with tags (names unknown to the codebook
        are added when ``create_tags``) and a Markdown note."""
        with self._write("Add annotation") as images:
            new_id = self._add_annotation(article_id, span, tags, note, comparison_id, create_tags)
        return self._finish("Add annotation", images, id=new_id)

    def _add_annotation(self, article_id: int, span: Span | tuple[int, int],
                        tags: Iterable[int | str], note: str, comparison_id: int | None,
                        create_tags: bool) -> int:
        r = self._conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if r is None:
            raise LibraryError(f"no article {article_id} in the library")
        sel = make_selector(r[0], self._check_span(r[0], span))
        tids = self._tag_ids_for(tags, create=create_tags)
        now = _now()
        aid = self._insert("annotations", {
            "uuid": _new_uuid(), "article_id": article_id, "start": sel.start, "end": sel.end,
            "exact": sel.exact, "prefix": sel.prefix, "suffix": sel.suffix, "note": note or "",
            "orphaned": 0, "comparison_id": comparison_id, "created": now, "modified": now})
        for tid in tids:
            self._insert("annotation_tags", {"annotation_id": aid, "tag_id": tid})
        return aid

    def locate_quote(self, article_id: int, quote: str, /, *, occurrence: int | None = None) -> Span:
        """Where ``quote`` is in the article; an error if absent, or ambiguous without
        ``occurrence`` (1-based)."""
        if not quote.strip():
            raise UsageError("the quote is empty")
        text = self.article_text(article_id)
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
            raise UsageError(f"quote {shown!r} occurs {len(spans)} time(s) in article {article_id}; "
                             f"there is no occurrence {occurrence}")
        return spans[occurrence - 1]

    def annotate_quote(self, article_id: int, quote: str, /, *, occurrence: int | None = None,
                       tags: Iterable[int | str] = (), note: str = "",
                       comparison_id: int | None = None) -> OpChanges:
        span = self.locate_quote(article_id, quote, occurrence=occurrence)
        return self.add_annotation(article_id, span, tags=tags, note=note, comparison_id=comparison_id)

    def update_annotation(self, annotation_id: int, /, *, note: str | None = None,
                          tags: Iterable[int | str] | None = None,
                          comparison_id: Any = _UNSET) -> OpChanges:
        """Change an annotation's note and/or replace its tags."""
        label = "Edit note" if tags is None else "Retag passage"
        with self._write(label) as images:
            a = self._get("annotations", (annotation_id,))
            if a is None:
                raise LibraryError(f"no annotation {annotation_id} in the library")
            changes: dict[str, Any] = {}
            if note is not None and note != a["note"]:
                changes["note"] = note
            if comparison_id is not self._UNSET:
                changes["comparison_id"] = comparison_id
            if tags is not None:
                want = self._tag_ids_for(tags, create=True)
                have = [r[0] for r in self._conn.execute(
                    "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?", [annotation_id])]
                for tid in have:
                    if tid not in want:
                        self._delete("annotation_tags", (annotation_id, tid))
                for tid in want:
                    if tid not in have:
                        self._insert("annotation_tags", {"annotation_id": annotation_id, "tag_id": tid})
            if changes or images:
                changes["modified"] = _now()
            self._update("annotations", (annotation_id,), changes)
        return self._finish(label, images, id=annotation_id)

    def tag_annotation(self, annotation_id: int, tag: int | str, /) -> OpChanges:
        with self._write("Tag passage") as images:
            if self._get("annotations", (annotation_id,)) is None:
                raise LibraryError(f"no annotation {annotation_id} in the library")
            (tid,) = self._tag_ids_for([tag], create=True)
            if self._get("annotation_tags", (annotation_id, tid)) is None:
                self._insert("annotation_tags", {"annotation_id": annotation_id, "tag_id": tid})
                self._update("annotations", (annotation_id,), {"modified": _now()})
        return self._finish("Tag passage", images, id=annotation_id)

    def untag_annotation(self, annotation_id: int, tag: int | str, /) -> OpChanges:
        t = self.tag(tag)
        with self._write("Remove tag") as images:
            if self._delete("annotation_tags", (annotation_id, t.id)):
                self._update("annotations", (annotation_id,), {"modified": _now()})
        return self._finish("Remove tag", images, id=annotation_id)

    def reattach_annotation(self, annotation_id: int, span: Span | tuple[int, int], /) -> OpChanges:
        """Anchor an (orphaned) annotation to a new passage of its article."""
        with self._write("Reattach passage") as images:
            a = self._get("annotations", (annotation_id,))
            if a is None:
                raise LibraryError(f"no annotation {annotation_id} in the library")
            text = self._conn.execute("SELECT text FROM articles WHERE id = ?",
                                      [a["article_id"]]).fetchone()[0]
            sel = make_selector(text, self._check_span(text, span))
            self._update("annotations", (annotation_id,), {
                "start": sel.start, "end": sel.end, "exact": sel.exact, "prefix": sel.prefix,
                "suffix": sel.suffix, "orphaned": 0, "modified": _now()})
        return self._finish("Reattach passage", images, id=annotation_id)

    def _delete_annotation(self, annotation_id: int) -> bool:
        for (lid,) in self._conn.execute("SELECT id FROM links WHERE source_id = ? OR target_id = ?",
                                         [annotation_id, annotation_id]).fetchall():
            self._delete("links", (lid,))
        for (tid,) in self._conn.execute("SELECT tag_id FROM annotation_tags WHERE annotation_id = ?",
                                         [annotation_id]).fetchall():
            self._delete("annotation_tags", (annotation_id, tid))
        return self._delete("annotations", (annotation_id,))

    def delete_annotation(self, annotation_id: int, /) -> OpChanges:
        """Delete an annotation (and the links that use it)."""
        with self._write("Delete annotation") as images:
            if not self._delete_annotation(annotation_id):
                raise LibraryError(f"no annotation {annotation_id} in the library")
        return self._finish("Delete annotation", images, id=annotation_id)

    # ============================================================ notes

    @staticmethod
    def _note(r: Sequence[Any]) -> Note:
        return Note(*r)

    _NOTE_COLS = "id, uuid, article_id, comparison_id, body, created, modified"

    def add_note(self, body: str, /, *, article_id: int | None = None,
                 comparison_id: int | None = None) -> OpChanges:
        """A Markdown note on a whole article or a whole comparison (give exactly one)."""
        if (article_id is None) == (comparison_id is None):
            raise UsageError("a note belongs to an article or a comparison: give exactly one")
        with self._write("Add note") as images:
            if article_id is not None and self._get("articles", (article_id,)) is None:
                raise LibraryError(f"no article {article_id} in the library")
            if comparison_id is not None and self._get("comparisons", (comparison_id,)) is None:
                raise LibraryError(f"no comparison {comparison_id} in the library")
            now = _now()
            nid = self._insert("notes", {"uuid": _new_uuid(), "article_id": article_id,
                                         "comparison_id": comparison_id, "body": body or "",
                                         "created": now, "modified": now})
        return self._finish("Add note", images, id=nid)

    def update_note(self, note_id: int, body: str, /) -> OpChanges:
        with self._write("Edit note") as images:
            if self._get("notes", (note_id,)) is None:
                raise LibraryError(f"no note {note_id} in the library")
            self._update("notes", (note_id,), {"body": body, "modified": _now()})
        return self._finish("Edit note", images, id=note_id)

    def _delete_one(self, table: str, what: str, row_id: int) -> OpChanges:
        """Delete one note or link (one transaction, undoable)."""
        name = f"Delete {what}"
        with self._write(name) as images:
            if not self._delete(table, (row_id,)):
                raise LibraryError(f"no {what} {row_id} in the library")
        return self._finish(name, images, id=row_id)

    def delete_note(self, note_id: int, /) -> OpChanges:
        return self._delete_one("notes", "note", note_id)

    def note(self, note_id: int) -> Note:
        with self._read() as c:
            r = c.execute(f"SELECT {self._NOTE_COLS} FROM notes WHERE id = ?", [note_id]).fetchone()
        if r is None:
            raise LibraryError(f"no note {note_id} in the library")
        return self._note(r)

    def notes(self, *, article_id: int | None = None, comparison_id: int | None = None) -> list[Note]:
        where, params = [], []
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        if comparison_id is not None:
            where.append("comparison_id = ?")
            params.append(comparison_id)
        sql = f"SELECT {self._NOTE_COLS} FROM notes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as c:
            return [self._note(r) for r in c.execute(sql + " ORDER BY id", params)]

    # ============================================================ relations and links

    def relations(self) -> list[Relation]:
        with self._read() as c:
            return [Relation(r[0], r[1], bool(r[2]))
                    for r in c.execute("SELECT id, name, builtin FROM relations ORDER BY builtin DESC, id")]

    def _relation_id(self, name: str, *, create: bool = True) -> int:
        name = " ".join((name or "").split())
        if not name:
            raise UsageError("a link needs a relation")
        r = self._conn.execute("SELECT id FROM relations WHERE name = ? COLLATE NOCASE", [name]).fetchone()
        if r is not None:
            return r[0]
        if not create:
            raise LibraryError(f"no relation {name!r}")
        return self._insert("relations", {"name": name, "builtin": 0, "created": _now()})

    def add_relation(self, name: str, /) -> OpChanges:
        """A user-defined relation for links (the built-in ones always exist)."""
        with self._write("Add relation") as images:
            rid = self._relation_id(name)
        return self._finish("Add relation", images, id=rid)

    _LINK_SQL = ("SELECT l.id, l.uuid, l.source_id, l.target_id, r.name, l.comparison_id, l.note, "
                 "l.created, l.modified FROM links l JOIN relations r ON r.id = l.relation_id")

    def add_link(self, source_id: int, target_id: int, relation: str, /, *, note: str = "",
                 comparison_id: int | None = None) -> OpChanges:
        """Link two annotations (passages) with a relation, e.g. "same fact"."""
        with self._write("Link passages") as images:
            lid = self._add_link(source_id, target_id, relation, note, comparison_id)
        return self._finish("Link passages", images, id=lid)

    def _add_link(self, source_id: int, target_id: int, relation: str, note: str,
                  comparison_id: int | None) -> int:
        for aid in (source_id, target_id):
            if self._get("annotations", (aid,)) is None:
                raise LibraryError(f"no annotation {aid} in the library")
        if source_id == target_id:
            raise UsageError("a link joins two different passages")
        now = _now()
        return self._insert("links", {
            "uuid": _new_uuid(), "source_id": source_id, "target_id": target_id,
            "relation_id": self._relation_id(relation), "comparison_id": comparison_id,
            "note": note or "", "created": now, "modified": now})

    def link_passages(self, source_article: int, source_span: Span | tuple[int, int],
                      target_article: int, target_span: Span | tuple[int, int], relation: str, /,
                      *, note: str = "", comparison_id: int | None = None) -> OpChanges:
        """Link two passages, annotating them first if they are not annotated yet (one step)."""
        with self._write("Link passages") as images:
            ends = []
            for art, span in ((source_article, source_span), (target_article, target_span)):
                s, e = int(span[0]), int(span[1])
                r = self._conn.execute('SELECT id FROM annotations WHERE article_id = ? AND start = ? '
                                       'AND "end" = ? AND orphaned = 0 ORDER BY id LIMIT 1',
                                       [art, s, e]).fetchone()
                ends.append(r[0] if r else self._add_annotation(art, (s, e), (), "", comparison_id, False))
            lid = self._add_link(ends[0], ends[1], relation, note, comparison_id)
        return self._finish("Link passages", images, id=lid, ids=ends)

    def update_link(self, link_id: int, /, *, relation: str | None = None,
                    note: str | None = None) -> OpChanges:
        with self._write("Edit link") as images:
            if self._get("links", (link_id,)) is None:
                raise LibraryError(f"no link {link_id} in the library")
            ch: dict[str, Any] = {}
            if relation is not None:
                ch["relation_id"] = self._relation_id(relation)
            if note is not None:
                ch["note"] = note
            if ch:
                ch["modified"] = _now()
            self._update("links", (link_id,), ch)
        return self._finish("Edit link", images, id=link_id)

    def delete_link(self, link_id: int, /) -> OpChanges:
        return self._delete_one("links", "link", link_id)

    def link(self, link_id: int) -> Link:
        with self._read() as c:
            r = c.execute(self._LINK_SQL + " WHERE l.id = ?", [link_id]).fetchone()
        if r is None:
            raise LibraryError(f"no link {link_id} in the library")
        return Link(*r)

    def links(self, *, annotation_id: int | None = None,
              comparison_id: int | None = None) -> list[Link]:
        where, params = [], []
        if annotation_id is not None:
            where.append("(l.source_id = ? OR l.target_id = ?)")
            params += [annotation_id, annotation_id]
        if comparison_id is not None:
            where.append("l.comparison_id = ?")
            params.append(comparison_id)
        sql = self._LINK_SQL + ((" WHERE " + " AND ".join(where)) if where else "") + " ORDER BY l.id"
        with self._read() as c:
            return [Link(*r) for r in c.execute(sql, params)]

    # ============================================================ comparisons

    _CMP_COLS = "id, uuid, left_id, right_id, title, view_state, created, opened_at"

    @staticmethod
    def _cmp(r: Sequence[Any]) -> ComparisonInfo:
        try:
            state = json.loads(r[5] or "{}")
        except ValueError:
            state = {}
        return ComparisonInfo(r[0], r[1], r[2], r[3], r[4], state, r[6], r[7])

    def open_comparison(self, left_id: int, right_id: int, /, *, title: str | None = None) -> OpChanges:
        """The comparison of this pair (created the first time), marked as just opened.
        Not on the undo log."""
        with self._write("Open comparison", undoable=False) as images:
            for aid in (left_id, right_id):
                if self._get("articles", (aid,)) is None:
                    raise LibraryError(f"no article {aid} in the library")
            r = self._conn.execute("SELECT id FROM comparisons WHERE left_id = ? AND right_id = ?",
                                   [left_id, right_id]).fetchone()
            now = _now()
            if r is not None:
                self._update("comparisons", (r[0],), {"opened_at": now})
                cid, created = r[0], False
            else:
                cid = self._insert("comparisons", {
                    "uuid": _new_uuid(), "left_id": left_id, "right_id": right_id,
                    "title": title or "", "view_state": "{}", "created": now, "opened_at": now})
                created = True
        return self._finish("Open comparison", images, id=cid, undoable=False, created=created)

    def find_comparison(self, left_id: int, right_id: int, /) -> ComparisonInfo | None:
        """The stored comparison of this (ordered) pair, without marking it opened."""
        with self._read() as c:
            r = c.execute(f"SELECT {self._CMP_COLS} FROM comparisons WHERE left_id = ? AND "
                          "right_id = ?", [left_id, right_id]).fetchone()
        return None if r is None else self._cmp(r)

    def comparison(self, comparison_id: int) -> ComparisonInfo:
        with self._read() as c:
            r = c.execute(f"SELECT {self._CMP_COLS} FROM comparisons WHERE id = ?",
                          [comparison_id]).fetchone()
        if r is None:
            raise LibraryError(f"no comparison {comparison_id} in the library")
        return self._cmp(r)

    def comparisons(self, *, limit: int | None = None) -> list[ComparisonInfo]:
        """Comparisons, most recently opened first."""
        sql = f"SELECT {self._CMP_COLS} FROM comparisons ORDER BY opened_at DESC, id DESC"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._read() as c:
            return [self._cmp(r) for r in c.execute(sql, params)]

    def save_view_state(self, comparison_id: int, state: dict[str, Any], /) -> OpChanges:
        """Remember where a comparison was left (scroll positions, layers...): JSON-able dict.
        Not on the undo log."""
        blob = json.dumps(state, ensure_ascii=False, sort_keys=True)
        with self._write("Save view", undoable=False) as images:
            if self._get("comparisons", (comparison_id,)) is None:
                raise LibraryError(f"no comparison {comparison_id} in the library")
            self._update("comparisons", (comparison_id,), {"view_state": blob})
        return self._finish("Save view", images, id=comparison_id, undoable=False)

    def rename_comparison(self, comparison_id: int, title: str, /) -> OpChanges:
        with self._write("Rename comparison") as images:
            if not self._get("comparisons", (comparison_id,)):
                raise LibraryError(f"no comparison {comparison_id} in the library")
            self._update("comparisons", (comparison_id,), {"title": title})
        return self._finish("Rename comparison", images, id=comparison_id)

    def _delete_comparison(self, cid: int) -> None:
        for (nid,) in self._conn.execute("SELECT id FROM notes WHERE comparison_id = ?", [cid]).fetchall():
            self._delete("notes", (nid,))
        for (aid,) in self._conn.execute("SELECT id FROM annotations WHERE comparison_id = ?",
                                         [cid]).fetchall():
            self._update("annotations", (aid,), {"comparison_id": None})
        for (lid,) in self._conn.execute("SELECT id FROM links WHERE comparison_id = ?", [cid]).fetchall():
            self._update("links", (lid,), {"comparison_id": None})
        self._delete("comparisons", (cid,))

    def delete_comparison(self, comparison_id: int, /) -> OpChanges:
        """Forget a comparison and its notes; its annotations and links stay."""
        with self._write("Delete comparison") as images:
            if self._get("comparisons", (comparison_id,)) is None:
                raise LibraryError(f"no comparison {comparison_id} in the library")
            self._delete_comparison(comparison_id)
        return self._finish("Delete comparison", images, id=comparison_id)

    # ============================================================ notes list

    def list_items(self, *, article_ids: Iterable[int] | None = None,
                   comparison_id: int | None = None, tag: int | str | None = None,
                   text: str = "") -> NotesIndex:
        """The rows of a notes list, as ids, in a few queries whatever the library's size.

        Annotations come first, by article and position (a passage with neither tags nor
        a note that is the end of a link is left to its link), then links, then notes.
        ``article_ids`` keeps what is in those articles (None: the whole library), and
        ``comparison_id`` adds the notes on that comparison.  ``tag`` keeps annotations
        and links carrying it or a sub-tag.  ``text`` keeps rows where every word starts
        a word of the quote or a note (through the search index, so in any script), or
        occurs in a tag's name, a link's relation or the article's title."""
        with self._read() as c, _search_syntax(f"cannot filter by {text!r}"):
            anns, links, notes = (
                tuple(r[0] for r in c.execute(f"SELECT {col} {body} ORDER BY {order}", params))
                for col, body, params, order in self._item_queries(c, article_ids, comparison_id, tag, text))
            return NotesIndex(anns, links, notes)

    def count_items(self, *, article_ids: Iterable[int] | None = None,
                    comparison_id: int | None = None, tag: int | str | None = None,
                    text: str = "") -> int:
        """How many rows :meth:`list_items` would list (without reading them)."""
        with self._read() as c, _search_syntax(f"cannot filter by {text!r}"):
            return sum(c.execute(f"SELECT count(*) {body}", params).fetchone()[0]
                       for _col, body, params, _order in
                       self._item_queries(c, article_ids, comparison_id, tag, text))

    def _item_queries(self, c: sqlite3.Connection, article_ids: Iterable[int] | None,
                      comparison_id: int | None, tag: int | str | None,
                      text: str) -> list[tuple[str, str, list[Any], str]]:
        """The annotations, links and notes of a notes list: for each, the id column, the
        query from FROM on, its parameters and its order."""
        scope = None if article_ids is None else sorted({int(i) for i in article_ids})
        words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
        tids = self._tag_filter_ids(tag) if tag is not None else None
        # (one uncorrelated subquery, so the list itself is read from an index alone)
        ann_where: list[str] = [
            "a.id NOT IN (SELECT b.id FROM annotations b WHERE b.id IN (SELECT source_id FROM "
            "links UNION SELECT target_id FROM links) AND b.note = '' AND NOT EXISTS (SELECT 1 "
            "FROM annotation_tags x WHERE x.annotation_id = b.id))"]
        ann_params: list[Any] = []
        link_where, link_params = [], []
        note_where, note_params = [], []
        if scope is not None:
            marks = ",".join("?" * len(scope))
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
            tagged = f"SELECT annotation_id FROM annotation_tags WHERE tag_id IN ({','.join('?' * len(tids))})"
            ann_where.append(f"a.id IN ({tagged})")
            ann_params += tids
            link_where.append(f"(l.source_id IN ({tagged}) OR l.target_id IN ({tagged}))")
            link_params += tids + tids
            note_where.append("0")  # notes carry no tags
        if words:
            titles = {r[0]: _display_name(r[1], r[2], r[0])
                      for r in c.execute("SELECT id, title, path FROM articles")}
            tag_names = c.execute("SELECT id, name FROM tags").fetchall()
            relations = c.execute("SELECT id, name FROM relations").fetchall()
            for w in words:
                folded = w.casefold()
                match = f'"{_index_text(w.rstrip("*")).replace(chr(34), chr(34) * 2)}"*'
                arts = [i for i, t in titles.items() if folded in t.casefold()]
                tags_w = [i for i, n in tag_names if folded in n.casefold()]
                rels = [i for i, n in relations if folded in n.casefold()]
                fts_ann = "SELECT rowid / 4 FROM search WHERE search MATCH ? AND rowid % 4 = 1"
                ann_or = [f"a.id IN ({fts_ann})"]
                ann_w: list[Any] = [match]
                if arts:
                    ann_or.append(f"a.article_id IN ({','.join('?' * len(arts))})")
                    ann_w += arts
                if tags_w:
                    ann_or.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE "
                                  f"tag_id IN ({','.join('?' * len(tags_w))}))")
                    ann_w += tags_w
                ann_where.append("(" + " OR ".join(ann_or) + ")")
                ann_params += ann_w
                link_or = ["l.id IN (SELECT rowid / 4 FROM search WHERE search MATCH ? AND "
                           "rowid % 4 = 3)", f"l.source_id IN ({fts_ann})", f"l.target_id IN ({fts_ann})"]
                link_w: list[Any] = [match, match, match]
                if rels:
                    link_or.append(f"l.relation_id IN ({','.join('?' * len(rels))})")
                    link_w += rels
                link_where.append("(" + " OR ".join(link_or) + ")")
                link_params += link_w
                note_where.append("n.id IN (SELECT rowid / 4 FROM search WHERE search MATCH ? "
                                  "AND rowid % 4 = 2)")
                note_params.append(match)

        def where(clauses: list[str]) -> str:
            return (" WHERE " + " AND ".join(clauses)) if clauses else ""

        return [
            ("a.id", "FROM annotations a" + where(ann_where), ann_params, "a.article_id, a.start, a.id"),
            ("l.id", "FROM links l JOIN annotations s ON s.id = l.source_id JOIN annotations t "
             "ON t.id = l.target_id" + where(link_where), link_params, "l.id"),
            ("n.id", "FROM notes n" + where(note_where), note_params,
             "n.article_id IS NULL, n.article_id, n.id"),
        ]

    @_with_paused_gc
    def items(self, refs: Iterable[ItemRef], /) -> list[Item]:
        """The rows ``refs`` (from :meth:`list_items`) with what a list shows, in the same
        order; a row deleted since is left out."""
        refs = list(refs)
        by_kind: dict[str, list[int]] = {"annotation": [], "link": [], "note": []}
        for kind, rid in refs:
            by_kind[kind].append(rid)
        with self._read() as c:
            def fetch(sql: str, wanted: list[int]) -> list[Sequence[Any]]:
                rows: list[Sequence[Any]] = []
                for k in range(0, len(wanted), 900):
                    part = wanted[k:k + 900]
                    rows += c.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
                return rows

            links = {r[0]: r for r in fetch(
                "SELECT l.id, l.source_id, l.target_id, r.name, l.note FROM links l JOIN relations r "
                "ON r.id = l.relation_id WHERE l.id IN ({marks})", by_kind["link"])}
            ann_ids = set(by_kind["annotation"])
            for r in links.values():
                ann_ids.update((r[1], r[2]))
            anns = {a.id: a for a in self._annotations_from(fetch(
                f"SELECT {self._ANN_COLS} FROM annotations a WHERE a.id IN ({{marks}})", sorted(ann_ids)))}
            notes = {r[0]: r for r in fetch(
                "SELECT id, article_id, body FROM notes WHERE id IN ({marks})", by_kind["note"])}
            arts = {a.article_id for a in anns.values()} | {
                r[1] for r in notes.values() if r[1] is not None}
            titles = {r[0]: _display_name(r[1], r[2], r[0])
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

    # ============================================================ search

    def search(self, query: str, /, *, tag: int | str | None = None,
               limit: int = 50) -> list[SearchHit]:
        """Full-text search over article text and titles, annotation quotes and notes,
        article/comparison notes and link notes; best first.  With ``tag``, only
        annotations with that tag (or a sub-tag), and articles holding one, are found."""
        match = fts_query(query)
        params: list[Any] = [match]
        extra = ""
        if tag is not None:
            tids = self._tag_filter_ids(tag)
            marks = ",".join("?" for _ in tids)
            tagged = f"SELECT annotation_id FROM annotation_tags WHERE tag_id IN ({marks})"
            extra = (f" AND ((rowid % 4 = 1 AND rowid / 4 IN ({tagged})) OR (rowid % 4 = 0 AND "
                     f"rowid / 4 IN (SELECT article_id FROM annotations WHERE id IN ({tagged}))))")
            params += tids + tids
        sql = (f"SELECT rowid, snippet(search, 0, '[', ']', '…', 16), bm25(search) FROM search "
               f"WHERE search MATCH ?{extra} ORDER BY rank LIMIT ?")
        params.append(int(limit))
        with self._read() as c:
            with _search_syntax(f"cannot search for {query!r}"):
                rows = c.execute(sql, params).fetchall()
            ann_ids = [r[0] // 4 for r in rows if r[0] % 4 == 1]
            anns = {}
            if ann_ids:
                marks = ",".join("?" for _ in ann_ids)
                anns = {a.id: a for a in self._annotations_from(c.execute(
                    f"SELECT {self._ANN_COLS} FROM annotations a WHERE a.id IN ({marks})",
                    ann_ids).fetchall())}
            hits: list[SearchHit] = []
            for rowid, snip, score in rows:
                kind, rid = rowid % 4, rowid // 4
                snip = (snip or "").replace(_SEP, "").strip()
                if kind == 0:
                    hits.append(SearchHit("article", rid, rid, snip, score,
                                          span=self._first_match(c, rid, query)))
                elif kind == 1:
                    a = anns.get(rid)
                    if a is None:
                        continue
                    hits.append(SearchHit("annotation", rid, a.article_id, snip, score, a.tags,
                                          a.span if not a.orphaned else None))
                elif kind == 2:
                    r = c.execute("SELECT article_id, comparison_id FROM notes WHERE id = ?", [rid]).fetchone()
                    if r is None:
                        continue
                    art = r[0]
                    if art is None and r[1] is not None:
                        cr = c.execute("SELECT left_id FROM comparisons WHERE id = ?", [r[1]]).fetchone()
                        art = cr[0] if cr else None
                    hits.append(SearchHit("note", rid, art, snip, score))
                else:
                    r = c.execute("SELECT a.article_id FROM links l JOIN annotations a ON a.id = "
                                  "l.source_id WHERE l.id = ?", [rid]).fetchone()
                    if r is None:
                        continue
                    hits.append(SearchHit("link", rid, r[0], snip, score))
        return hits

    @staticmethod
    def _first_match(c: sqlite3.Connection, article_id: int, query: str) -> Span | None:
        r = c.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if r is None:
            return None
        found = []
        for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
            term = (phrase or word).rstrip("*")
            if any(ch.isalnum() for ch in term):
                spans = find_quote(r[0], term)
                if spans:
                    found.append(spans[0])
        return min(found) if found else None

    # ============================================================ export / import

    @_with_paused_gc
    def export_data(self, *, tag: int | str | None = None, article_id: int | None = None,
                    comparison_id: int | None = None):
        """Everything in a scope as ``parallax.reader.notes.export.NotesData`` (the exporters' input).

        Scope: the whole library (default), one tag (with its sub-tags), one article (with
        its notes and comparisons), or one comparison (its two articles' annotations, its
        notes and theirs).  Links touching the scope come with both of their passages."""
        from parallax.reader.notes.export import NotesData

        with self._read() as c:
            everything = tag is None and article_id is None and comparison_id is None
            all_cmps = self.comparisons()
            scope_arts: set[int] = set()
            if comparison_id is not None:
                cm = self.comparison(comparison_id)
                scope_arts = {cm.left_id, cm.right_id}
                anns = [a for aid in sorted(scope_arts) for a in self.annotations(article_id=aid)]
                cmps = [cm]
            elif article_id is not None:
                self.article(article_id)
                scope_arts = {article_id}
                anns = self.annotations(article_id=article_id, tag=tag)
                cmps = [cm for cm in all_cmps if article_id in (cm.left_id, cm.right_id)]
            else:
                anns = self.annotations(tag=tag)
                cmps = all_cmps
            ann_ids = {a.id for a in anns}
            links = [ln for ln in self.links()
                     if everything or ln.source_id in ann_ids or ln.target_id in ann_ids]
            for aid in sorted(({ln.source_id for ln in links} | {ln.target_id for ln in links})
                              - ann_ids):
                anns.append(self.annotation(aid))
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
            if tag is not None:
                notes = []
            else:
                notes = [n for n in self.notes()
                         if everything or n.comparison_id in kept_cmp
                         or n.article_id in scope_arts]
            arts = [self.article(i) for i in sorted(art_ids)]
            texts = {i: self.article_text(i) for i in sorted(art_ids)}
            segments = {}
            for i in sorted(art_ids):
                r = c.execute("SELECT segments FROM articles WHERE id = ?", [i]).fetchone()
                segments[i] = json.loads(r[0] or "{}")
            all_tags = self.tags()
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
            relations = self.relations()
        cmps.sort(key=lambda cm: cm.id)
        return NotesData(tuple(arts), texts, tuple(tags), tuple(anns), tuple(notes),
                         tuple(links), tuple(cmps), tuple(relations), segments)

    @_with_paused_gc
    def import_data(self, data, /, *, undoable: bool = False) -> OpChanges:
        """Add what ``data`` (a ``NotesData``, e.g. from ``notes_export.from_json``) holds.

        Records are matched by uuid (articles also by content hash, tags by name), so
        importing the same file twice changes nothing.  One transaction: all or nothing.
        ``count`` is the number of annotations added."""
        added = 0
        with self._write("Import notes", undoable=undoable) as images:
            art_map: dict[int, int] = {}
            for info in data.articles:
                text = data.texts.get(info.id)
                r = self._conn.execute("SELECT id FROM articles WHERE uuid = ?", [info.uuid]).fetchone()
                if r is None and text is not None:
                    r = self._conn.execute("SELECT id FROM articles WHERE content_hash = ? ORDER BY id "
                                           "LIMIT 1", [content_hash(text)]).fetchone()
                if r is None and text is None:
                    r = self._conn.execute("SELECT id FROM articles WHERE content_hash = ? ORDER BY id "
                                           "LIMIT 1", [info.content_hash]).fetchone()
                if r is None and text is None and info.path:
                    # a plain W3C annotation whose target source is a stored file or its URI
                    src = info.path.removeprefix("file://")
                    r = self._conn.execute("SELECT id FROM articles WHERE path IN (?, ?) ORDER BY id "
                                           "DESC LIMIT 1", [info.path, src]).fetchone()
                if r is not None:
                    art_map[info.id] = r[0]
                    continue
                if text is None:
                    raise LibraryError(f"article {info.display_name!r} is not in the library and the "
                                       "file does not include its text")
                seg = (data.segments or {}).get(info.id)
                art_map[info.id] = self._insert("articles", {
                    "uuid": info.uuid, "path": info.path, "title": info.title, "outlet": info.outlet,
                    "published": info.published, "byline": info.byline,
                    "credits": json.dumps(list(info.credits), ensure_ascii=False),
                    "language": info.language, "text": text,
                    "segments": json.dumps(seg or {"paragraphs": [[0, len(text)]], "sentences": []}),
                    "content_hash": content_hash(text), "added_at": info.added_at,
                    "updated_at": info.updated_at})
            tag_map: dict[int, int] = {}
            for t in data.tags:
                r = self._conn.execute("SELECT id FROM tags WHERE uuid = ?", [t.uuid]).fetchone()
                if r is None:
                    r = self._conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE",
                                           [t.name]).fetchone()
                if r is not None:
                    tag_map[t.id] = r[0]
                    if t.description and not self._get("tags", (r[0],))["description"]:
                        self._update("tags", (r[0],), {"description": t.description})
                    continue
                shortcut = t.shortcut
                if shortcut and self._conn.execute("SELECT 1 FROM tags WHERE shortcut = ?",
                                                   [shortcut]).fetchone():
                    shortcut = None
                pos = self._conn.execute("SELECT coalesce(max(position), -1) + 1 FROM tags").fetchone()[0]
                tag_map[t.id] = self._insert("tags", {
                    "uuid": t.uuid, "name": t.name, "colour": self._check_colour(t.colour),
                    "description": t.description, "parent_id": None, "shortcut": shortcut,
                    "position": pos, "created": t.created})
            for t in data.tags:
                if t.parent_id is not None and t.parent_id in tag_map:
                    cur = self._conn.execute("SELECT parent_id FROM tags WHERE id = ?",
                                             [tag_map[t.id]]).fetchone()[0]
                    if cur is None and tag_map[t.parent_id] != tag_map[t.id]:
                        self._update("tags", (tag_map[t.id],), {"parent_id": tag_map[t.parent_id]})
            name_map = {t.name.casefold(): tag_map[t.id] for t in data.tags}
            cmp_map: dict[int, int] = {}
            for cm in data.comparisons:
                r = self._conn.execute("SELECT id FROM comparisons WHERE uuid = ?", [cm.uuid]).fetchone()
                if r is None:
                    r = self._conn.execute("SELECT id FROM comparisons WHERE left_id = ? AND right_id = ?",
                                           [art_map[cm.left_id], art_map[cm.right_id]]).fetchone()
                if r is not None:
                    cmp_map[cm.id] = r[0]
                    continue
                cmp_map[cm.id] = self._insert("comparisons", {
                    "uuid": cm.uuid, "left_id": art_map[cm.left_id], "right_id": art_map[cm.right_id],
                    "title": cm.title, "view_state": json.dumps(cm.view_state, sort_keys=True),
                    "created": cm.created, "opened_at": cm.opened_at})
            ann_map: dict[int, int] = {}
            ins_ann = []
            for a in data.annotations:
                r = self._conn.execute("SELECT id FROM annotations WHERE uuid = ?", [a.uuid]).fetchone()
                if r is not None:
                    ann_map[a.id] = r[0]
                    continue
                aid = self._insert("annotations", {
                    "uuid": a.uuid, "article_id": art_map[a.article_id], "start": a.start,
                    "end": a.end, "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
                    "note": a.note, "orphaned": int(a.orphaned),
                    "comparison_id": cmp_map.get(a.comparison_id) if a.comparison_id else None,
                    "created": a.created, "modified": a.modified})
                ann_map[a.id] = aid
                ins_ann.append((a, aid))
                added += 1
                for tname in a.tags:
                    tid = name_map.get(tname.casefold())
                    if tid is None:
                        tid = self._tag_ids_for([tname], create=True)[0]
                        name_map[tname.casefold()] = tid
                    if self._get("annotation_tags", (aid, tid)) is None:
                        self._insert("annotation_tags", {"annotation_id": aid, "tag_id": tid})
            # Annotations whose stored quote does not match the article text here are re-anchored.
            for a, aid in ins_ann:
                text = self._conn.execute("SELECT text FROM articles WHERE id = ?",
                                          [art_map[a.article_id]]).fetchone()[0]
                if not a.orphaned and text[a.start:a.end] != a.exact:
                    res = reanchor(Selector(a.exact, a.prefix, a.suffix, a.start, a.end), text)
                    if res.span is None:
                        self._update("annotations", (aid,), {"orphaned": 1})
                    else:
                        sel = make_selector(text, res.span)
                        self._update("annotations", (aid,), {
                            "start": sel.start, "end": sel.end, "exact": sel.exact,
                            "prefix": sel.prefix, "suffix": sel.suffix})
            for n in data.notes:
                if self._conn.execute("SELECT 1 FROM notes WHERE uuid = ?", [n.uuid]).fetchone():
                    continue
                self._insert("notes", {
                    "uuid": n.uuid, "article_id": art_map.get(n.article_id) if n.article_id else None,
                    "comparison_id": cmp_map.get(n.comparison_id) if n.comparison_id else None,
                    "body": n.body, "created": n.created, "modified": n.modified})
            for ln in data.links:
                if self._conn.execute("SELECT 1 FROM links WHERE uuid = ?", [ln.uuid]).fetchone():
                    continue
                if ln.source_id not in ann_map or ln.target_id not in ann_map:
                    continue
                self._insert("links", {
                    "uuid": ln.uuid, "source_id": ann_map[ln.source_id],
                    "target_id": ann_map[ln.target_id], "relation_id": self._relation_id(ln.relation),
                    "comparison_id": cmp_map.get(ln.comparison_id) if ln.comparison_id else None,
                    "note": ln.note, "created": ln.created, "modified": ln.modified})
            for rel in data.relations:
                self._relation_id(rel.name)
        return self._finish("Import notes", images, count=added, undoable=undoable,
                            ids=tuple(ann_map.values()))

    # ============================================================ maintenance

    def integrity_check(self) -> str:
        with self._read() as c:
            return c.execute("PRAGMA integrity_check").fetchone()[0]
