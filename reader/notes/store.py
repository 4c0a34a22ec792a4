"""The library file: opening it, transactions, row images for undo/redo, and listeners.

:class:`Store` is what every manager of the library (``lib.tags``,
``lib.annotations`` ...) writes through.  Opening an existing file first looks
at it read-only (:func:`inspect`; a file that is not a library, is corrupt or
comes from a newer release is refused and left byte-for-byte untouched).  A
read-only library is then read through a ``mode=ro`` connection, and while
nobody is writing to it (no ``-wal`` beside it) as ``immutable``, so reading
it leaves no ``-wal``/``-shm`` files behind; if a writer appears, the next read
reopens it as an ordinary reader.  A writable one gets WAL,
``synchronous=FULL``, ``foreign_keys`` and pending migrations (after a backup
copy of an older schema).

Every write is one ``BEGIN IMMEDIATE`` transaction, retried while another
process holds the lock, recording the row images it changes (for the in-memory
undo/redo log) and keeping the search index in step.  Rows are written through
:meth:`Store.insert`/:meth:`~Store.update`/:meth:`~Store.delete`, which take
those images; plain reads of one table use ``sqlite_utils`` ``Table`` calls
(``store.table("tags").rows_where(...)``).  The row writers keep their own
statements because imports write a row per passage and per tag: sqlite-utils'
``Table.insert``/``get`` read the table's columns again on every call (about
100 µs against 5 µs measured here), which would make a 100,000-passage import
a minute slower.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote as _urlquote

from sqlite_utils import Database
from sqlite_utils.db import Table

from parallax.reader.errors import LibraryError
from parallax.reader.notes.records import OpChanges, ReanchorReport
from parallax.reader.notes.schema import MIGRATIONS, SCHEMA_VERSION, Inspection, check_library
from parallax.reader.notes.search import reindex

APP_NAME = "parallax"
BUSY_TIMEOUT_MS = 5000
WRITE_RETRY_SECONDS = 60.0
UNDO_LIMIT = 200
LOW_DISK_BYTES = 1 << 20  # an I/O error with less free space than this is a full disk

UNSET: Any = object()  # "not given" for keyword arguments where None means something

_KIND_OF_TABLE = {
    "articles": "article", "tags": "tag", "annotations": "annotation",
    "annotation_tags": "annotation", "notes": "note", "links": "link",
    "comparisons": "comparison", "relations": "relation",
    "collations": "comparison", "collation_notes": "note",
}
_PK: dict[str, tuple[str, ...]] = {"annotation_tags": ("annotation_id", "tag_id")}


def default_path() -> Path:
    """``$PARALLAX_DB`` if set, else ``<user data dir>/parallax/library.db``."""
    env = os.environ.get("PARALLAX_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.db"


# ---------------------------------------------------------------- opening


def _ro_uri(path: Path, *, immutable: bool = False) -> str:
    return "file:" + _urlquote(str(path.resolve())) + "?mode=ro" + ("&immutable=1" if immutable else "")


def _wal(path: Path) -> Path:
    return Path(str(path) + "-wal")


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
        conn.close()
        if not cannot_make_shm or os.access(path.parent, os.W_OK):
            raise
    return sqlite3.connect(_ro_uri(path, immutable=True), uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000, **kw)


def _connect_quietly(path: Path, **kw: Any) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection that leaves no ``-wal``/``-shm`` beside the file: immutable
    while nobody writes to it (no ``-wal``), else an ordinary reader.  Returns it and
    whether it is immutable."""
    if not _wal(path).exists():
        return sqlite3.connect(_ro_uri(path, immutable=True), uri=True, **kw), True
    return _connect_ro(path, **kw), False


def inspect(path: Path) -> Inspection:
    """Validate an existing file through a read-only connection; never writes."""
    quiet = not _wal(path).exists()
    try:
        return _inspect_once(path)
    except LibraryError:
        # A writer may have started while the file was read as immutable: look again properly.
        if quiet and _wal(path).exists():
            return _inspect_once(path)
        raise


def _inspect_once(path: Path) -> Inspection:
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as err:
        raise LibraryError(f"{path}: cannot read the library ({err.strerror})") from None
    if size == 0:
        return Inspection((), True)
    if header != b"SQLite format 3\x00":
        raise LibraryError(f"{path}: not a Parallax library (not an SQLite database); left untouched")
    try:
        conn, _ = _connect_quietly(path)
    except sqlite3.DatabaseError as err:
        raise _inspect_error(path, err) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return check_library(conn, path)
    except sqlite3.DatabaseError as err:
        raise _inspect_error(path, err) from None
    except UnicodeDecodeError:  # a damaged schema table reads as bytes that are no text
        raise LibraryError(f"{path}: the library file is corrupt (its table of contents cannot be read); "
                           "left untouched") from None
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


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def describe_error(path: Path, err: sqlite3.Error, doing: str = "") -> LibraryError:
    """One line for a database error: a full disk says so (SQLite reports some of those
    as "disk I/O error"), a damaged file is corrupt, a read-only one refuses changes;
    anything else is SQLite's message (after ``doing``, e.g. "cannot open the library")."""
    msg = str(err)
    code = getattr(err, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "disk is full" in msg:
        return _disk_full(path)
    if "disk I/O error" in msg or (code is not None and code & 0xFF == sqlite3.SQLITE_IOERR):
        try:
            free = shutil.disk_usage(path.parent).free
        except OSError:
            free = None
        if free is not None and free < LOW_DISK_BYTES:
            return _disk_full(path)
    if "malformed" in msg or "not a database" in msg:
        return LibraryError(f"{path}: the library file is corrupt ({msg})")
    if "readonly" in msg or "read-only" in msg:
        return LibraryError(f"{path}: the library is read-only; changes are refused")
    return LibraryError(f"{path}: {doing} ({msg})" if doing else f"{path}: {msg}")


def _disk_full(path: Path) -> LibraryError:
    return LibraryError(f"{path}: the disk is full, so the change was not saved "
                        "(the library is unchanged and can still be read); free some space and try again")


# ---------------------------------------------------------------- the store


class Image(NamedTuple):
    """A row before and after a change (None: absent)."""

    table: str
    key: tuple
    before: dict | None
    after: dict | None


class _UndoStep(NamedTuple):
    name: str
    images: tuple[Image, ...]


class Store:
    """One open library file (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.backup_path: Path | None = None
        self.schema_version = 0
        self._lock = threading.RLock()
        self._undo: list[_UndoStep] = []
        self._redo: list[_UndoStep] = []
        self._images: list[Image] | None = None
        self._listeners: list[Callable[[OpChanges], None]] = []
        self._closed = False
        self._snapshot: tuple[int, int, int] | None = None  # of an immutable reader's file
        self._tables: dict[str, Table] = {}
        self._sql: dict[str, tuple[str, str, str]] = {}
        path = self.path
        if path.is_dir():
            raise LibraryError(f"{path}: is a directory, not a library file")
        exists = path.exists()
        if exists:
            info = inspect(path)
        elif readonly:
            raise LibraryError(f"{path}: no such library")
        else:
            info = Inspection((), True)
        self.readonly = bool(readonly) or not _writable(path)
        if self.readonly:
            if not exists:
                raise LibraryError(f"{path}: cannot create the library here (not writable)")
            if info.empty:
                raise LibraryError(f"{path}: an empty file, not a library, and read-only")
            if len(info.applied) < SCHEMA_VERSION:
                raise LibraryError(
                    f"{path}: made by an older version of Parallax and read-only, "
                    "so it cannot be upgraded; make it writable or open a copy")
            self._connect_readonly()
            return
        if not exists:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise LibraryError(f"{path}: cannot create the library ({err.strerror})") from None
        if info.applied and len(info.applied) < SCHEMA_VERSION:
            try:
                self.backup_path = _backup(path, len(info.applied))
            except (OSError, sqlite3.Error) as err:
                raise LibraryError(f"{path}: cannot write a backup before upgrading the library "
                                   f"({err}); nothing was changed") from None
        self._connect_readwrite()

    # -- connection

    def _connect_readonly(self) -> None:
        try:
            stamp = _stamp(self.path)
            conn, immutable = _connect_quietly(self.path, isolation_level=None,
                                               check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA query_only = ON")
            self._attach(conn)
            self._snapshot = stamp if immutable else None
        except sqlite3.Error as err:
            raise LibraryError(f"{self.path}: cannot open the library read-only ({err})") from None

    def _connect_readwrite(self) -> None:
        path = self.path
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as err:
            raise LibraryError(f"{path}: cannot open the library ({err})") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._attach(conn)
            if MIGRATIONS.pending(self.db):
                self.retry(lambda: conn.execute("BEGIN IMMEDIATE"))
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
            raise describe_error(path, err, "cannot open the library") from None

    def _attach(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.db = Database(conn, execute_plugins=False, recursive_triggers=False)
        self._tables.clear()
        self.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]

    def _follow_writers(self) -> None:
        """An immutable reader whose file a writer has touched since reads it afresh."""
        if self._snapshot is None:
            return
        if not _wal(self.path).exists() and _stamp(self.path) == self._snapshot:
            return
        old = self.conn
        self._connect_readonly()
        old.close()

    def table(self, name: str) -> Table:
        """The ``sqlite_utils`` table ``name`` (for reads; writes go through the store)."""
        t = self._tables.get(name)
        if t is None:
            t = self._tables[name] = self.db.table(name)
        return t

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                with contextlib.suppress(sqlite3.Error):
                    self.conn.close()

    def subscribe(self, listener: Callable[[OpChanges], None]) -> Callable[[], None]:
        """Call ``listener(changes)`` after every write, undo and redo.  Returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- transactions

    @staticmethod
    def _is_busy(err: sqlite3.OperationalError) -> bool:
        msg = str(err).lower()
        return "locked" in msg or "busy" in msg

    def retry(self, fn: Callable[[], Any]) -> Any:
        """``fn()``, again while another process holds the lock (up to a minute)."""
        deadline = time.monotonic() + WRITE_RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as err:
                if not self._is_busy(err):
                    raise
                if time.monotonic() > deadline:
                    raise LibraryError(
                        f"{self.path}: the library stayed busy for {WRITE_RETRY_SECONDS:.0f} s "
                        "(another program is writing to it); try again") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError(f"{self.path}: the library is closed")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection, for reading; database errors become one-line LibraryErrors."""
        with self._lock:
            self._check_open()
            try:
                self._follow_writers()
                yield self.conn
            except sqlite3.DatabaseError as err:
                raise describe_error(self.path, err) from None

    @contextlib.contextmanager
    def write(self, name: str, *, undoable: bool = True) -> Iterator[list[Image]]:
        """One write = one ``BEGIN IMMEDIATE`` transaction, with its row images recorded.
        A write inside another is part of it."""
        if self.readonly:
            raise LibraryError(f"{self.path}: the library is read-only; changes are refused")
        with self._lock:
            self._check_open()
            if self._images is not None:  # nested: part of the outer operation
                yield self._images
                return
            images: list[Image] = []
            self._images = images
            conn = self.conn
            try:
                self.retry(lambda: conn.execute("BEGIN IMMEDIATE"))
                try:
                    yield images
                    self.retry(lambda: conn.execute("COMMIT"))
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as err:
                raise describe_error(self.path, err) from None
            finally:
                self._images = None
            if undoable and images:
                self._undo.append(_UndoStep(name, tuple(images)))
                del self._undo[:-UNDO_LIMIT]
                self._redo.clear()

    def finish(self, name: str, images: list[Image], *, id: int | None = None,
               ids: Iterable[int] = (), count: int = 0, undoable: bool = True,
               reanchored: ReanchorReport | None = None, created: bool = True,
               notices: Iterable[str] = ()) -> OpChanges:
        """The ``OpChanges`` of a finished write, told to every listener."""
        kinds = frozenset(_KIND_OF_TABLE[i.table] for i in images)
        ch = OpChanges(name, id, tuple(ids), count, kinds, undoable and bool(images),
                       reanchored, created, tuple(notices))
        for fn in list(self._listeners):
            fn(ch)
        return ch

    # -- rows (every change goes through these, so undo and search follow)

    def _statements(self, table: str) -> tuple[str, str, str]:
        """``SELECT *`` and ``DELETE`` by primary key for ``table``, and that key's ``WHERE``."""
        sql = self._sql.get(table)
        if sql is None:
            where = " AND ".join(f'"{c}" = ?' for c in _PK.get(table, ("id",)))
            sql = self._sql[table] = (f"SELECT * FROM {table} WHERE {where}",
                                      f"DELETE FROM {table} WHERE {where}", where)
        return sql

    def get(self, table: str, key: tuple) -> dict | None:
        """The row of ``table`` with primary key ``key``, as a dict (None if absent)."""
        cur = self.conn.execute(self._statements(table)[0], key)
        row = cur.fetchone()
        return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))

    def value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row of a query (None if there is none)."""
        row = self.conn.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    def column(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """The first column of every row of a query."""
        return [r[0] for r in self.conn.execute(sql, list(params))]

    def _image(self, table: str, key: tuple, before: dict | None, after: dict | None) -> None:
        if self._images is None:
            raise LibraryError("a library row was changed outside a write")
        self._images.append(Image(table, key, before, after))
        if len(key) == 1:
            reindex(self.conn, table, key[0])

    def insert(self, table: str, row: dict) -> int:
        """Insert ``row``; returns its id (0 for the tag links of annotations)."""
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" * len(row))
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        if table in _PK:
            key, new_id = tuple(row[c] for c in _PK[table]), 0
        else:
            new_id = row.get("id") or cur.lastrowid
            key = (new_id,)
        self._image(table, key, None, self.get(table, key))
        return int(new_id or 0)

    def update(self, table: str, key: tuple, changes: dict) -> bool:
        """Set ``changes`` on a row; False when the row is absent or nothing changes."""
        before = self.get(table, key)
        if before is None:
            return False
        changes = {k: v for k, v in changes.items() if before.get(k) != v}
        if not changes:
            return False
        sets = ", ".join(f'"{c}" = ?' for c in changes)
        where = self._statements(table)[2]
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*changes.values(), *key])
        self._image(table, key, before, self.get(table, key))
        return True

    def delete(self, table: str, key: tuple) -> bool:
        """Delete a row; False when it is absent."""
        before = self.get(table, key)
        if before is None:
            return False
        self.conn.execute(self._statements(table)[1], key)
        self._image(table, key, before, None)
        return True

    def _put(self, table: str, key: tuple, row: dict | None) -> None:
        """Make the row with ``key`` be exactly ``row`` (None: absent).  For undo/redo."""
        current = self.get(table, key)
        if row is None:
            if current is not None:
                self.delete(table, key)
        elif current is None:
            self.insert(table, dict(row))
        else:
            self.update(table, key, {k: v for k, v in row.items() if k not in _PK.get(table, ("id",))})

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
            with self.write(step.name, undoable=False) as images:
                for im in reversed(step.images) if backwards else step.images:
                    self._put(im.table, im.key, im.before if backwards else im.after)
        except BaseException:
            source.append(step)
            raise
        target.append(step)
        return self.finish(step.name, images, undoable=False)

    def undo(self) -> OpChanges:
        """Undo the last operation; returns what that changed (``name`` is the undone op)."""
        return self._replay(backwards=True)

    def redo(self) -> OpChanges:
        return self._replay(backwards=False)

    def integrity_check(self) -> str:
        with self.read() as c:
            return c.execute("PRAGMA integrity_check").fetchone()[0]
