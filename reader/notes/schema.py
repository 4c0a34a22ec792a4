"""The library's schema: its migrations, the formats of what it stores, and the
checks that a file is a library this release can open.

The schema changes only through the ``sqlite_utils``
:class:`~sqlite_utils.migrations.Migrations` set :data:`MIGRATIONS`, read only
through its public API (``pending``/``applied``/``apply``).  Each migration also
sets ``PRAGMA user_version`` to its number, so :data:`SCHEMA_VERSION` (how many
migrations this release has) is also the ``user_version`` of a current library.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import uuid as _uuid
from pathlib import Path
from typing import NamedTuple

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from parallax.reader.errors import LibraryError
from parallax.reader.notes.search import build_index

MIGRATION_SET = "parallax"

# Tag colours: a family of their own, far (CIEDE2000) from the comparison's highlight
# colours (Okabe–Ito, resources/styles/palette.json), so a tagged passage never looks
# like a detection; tests/test_ui_palette.py measures the distances.
STARTER_CODEBOOK: tuple[tuple[str, str, str], ...] = (
    ("Shared fact", "#65C02C", "A fact both sources report"),
    ("Omission", "#A98E34", "Something one source leaves out"),
    ("Loaded language", "#FD5838", "Words that carry a judgement"),
    ("Attribution", "#507CF7", "Who is said to have said or claimed it"),
    ("Contradiction", "#DC248F", "The sources disagree on this"),
    ("Framing", "#583389", "How the event is presented: emphasis, order, headline"),
    ("Unverified claim", "#903331", "Asserted without a source or evidence"),
)
DEFAULT_COLOURS = ("#65C02C", "#A98E34", "#FD5838", "#507CF7", "#DC248F", "#583389",
                   "#903331", "#424B01", "#D493E6")
BUILTIN_RELATIONS = ("same fact", "reframes", "contradicts", "omits")


def now() -> str:
    """A stored timestamp: UTC, ISO 8601, milliseconds, ``Z``."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_uuid() -> str:
    return str(_uuid.uuid4())


def starter_uuid(name: str) -> str:
    """Starter tags have the same uuid in every library, so exchanges match them."""
    return str(_uuid.uuid5(_uuid.NAMESPACE_URL, "parallax:starter-tag:" + name))


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
    created = now()
    db["tags"].insert_all(
        {"uuid": starter_uuid(name), "name": name, "colour": colour, "description": description,
         "shortcut": str(i + 1) if i < 9 else None, "position": i, "created": created}
        for i, (name, colour, description) in enumerate(STARTER_CODEBOOK))
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
    created = now()
    db["relations"].insert_all({"name": name, "builtin": 1, "created": created}
                               for name in BUILTIN_RELATIONS)
    db.execute("PRAGMA user_version = 2")


@MIGRATIONS(name="m003_search")
def _m003_search(db: Database) -> None:
    """Full-text search (FTS5) over article text, annotations, notes and link notes."""
    build_index(db.conn)
    db.execute("PRAGMA user_version = 3")


@MIGRATIONS(name="m004_collations")
def _m004_collations(db: Database) -> None:
    """Collations (three or more articles of one story, read as one) with their view
    state, and notes on a matrix row (a fact, framing choice or voice across outlets)."""
    db.executescript("""
        CREATE TABLE collations (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            article_ids TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            view_state TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            opened_at TEXT NOT NULL
        );
        CREATE INDEX collations_opened ON collations(opened_at);
        CREATE TABLE collation_notes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            collation_id INTEGER NOT NULL REFERENCES collations(id) ON DELETE CASCADE,
            matrix TEXT NOT NULL,
            row_key TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            UNIQUE (collation_id, matrix, row_key)
        );
    """)
    db.execute("PRAGMA user_version = 4")


# Every migration of this release, in order: what an empty database has pending.
MIGRATION_NAMES: tuple[str, ...] = tuple(m.name for m in MIGRATIONS.pending(Database(memory=True)))
SCHEMA_VERSION = len(MIGRATION_NAMES)


class Inspection(NamedTuple):
    """What a read-only look at a file found: the migrations applied (none: empty)."""

    applied: tuple[str, ...]
    empty: bool


def check_library(conn: sqlite3.Connection, path: Path) -> Inspection:
    """Check, through a read-only connection, that the file is a sound library this
    release can open (raises a one-line :class:`LibraryError`, never writes)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    check = conn.execute("PRAGMA quick_check").fetchall()
    if [tuple(r) for r in check] != [("ok",)]:
        raise LibraryError(f"{path}: the library file is corrupt ({check[0][0]}); left untouched")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not names and not version:
        return Inspection((), True)
    if version > SCHEMA_VERSION:
        raise LibraryError(f"{path}: made by a newer version of Parallax (schema version {version}, "
                           f"this release reads up to {SCHEMA_VERSION}); upgrade Parallax to open it")
    if Migrations.migrations_table not in names:
        raise LibraryError(f"{path}: an SQLite database but not a Parallax library; left untouched")
    db = Database(conn, execute_plugins=False)
    applied = tuple(m.name for m in MIGRATIONS.applied(db))
    if not applied:
        raise LibraryError(f"{path}: an SQLite database but not a Parallax library; left untouched")
    unknown = [a for a in applied if a not in MIGRATION_NAMES]
    if unknown:
        raise LibraryError(f"{path}: made by a newer version of Parallax (schema {unknown[-1]}); "
                           "upgrade Parallax to open it")
    return Inspection(applied, False)
