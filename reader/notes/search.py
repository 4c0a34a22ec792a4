"""Full-text search (SQLite FTS5) over the library.

One FTS5 table, ``search``, holds article titles and texts, annotation quotes and
notes, article and comparison notes, and link notes; a row's rowid is
``id * 4 + kind`` (:data:`FTS_KIND`).  :func:`reindex` keeps it in step with
every row the store writes; :class:`Search` (``lib.search``) answers queries.

Scripts written without spaces get an invisible separator around each character
in the index (:func:`index_text`), so FTS5 sees one token per character and a
word is a phrase query over its characters.  Queries are folded the same way.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from parallax.reader.errors import UsageError
from parallax.reader.model import Span
from parallax.reader.notes.anchoring import find_quote
from parallax.reader.notes.records import SearchHit

_UNSPACED = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\U00020000-\U0002fa1f"
)
_UNSPACED_RE = re.compile(f"([{_UNSPACED}])")
SEP = "\u2063"  # INVISIBLE SEPARATOR: a separator for FTS5's unicode61

# Optional vowel points and tatweel of Arabic and Hebrew, which writers often leave out;
# and letters that are commonly written either way (Russian ё/е, German ß/ss).
_OPTIONAL_MARKS_RE = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
_SEARCH_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "ß": "ss", "ẞ": "SS"})

# Rowids in the one FTS table: id * 4 + kind.
FTS_KIND = {"articles": 0, "annotations": 1, "notes": 2, "links": 3}
_INDEXED_TEXT = {
    "articles": "SELECT coalesce(title, '') || char(10) || text FROM articles WHERE id = ?",
    "annotations": "SELECT exact || char(10) || note FROM annotations WHERE id = ?",
    "notes": "SELECT body FROM notes WHERE id = ?",
    "links": "SELECT note FROM links WHERE id = ?",
}
CREATE_INDEX = ("CREATE VIRTUAL TABLE search USING fts5(body, "
                "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'\")")


def index_text(text: str) -> str:
    """The text as the search index sees it (queries are folded the same way)."""
    text = _OPTIONAL_MARKS_RE.sub("", text).translate(_SEARCH_FOLD)
    return _UNSPACED_RE.sub(SEP + r"\1" + SEP, text) if _UNSPACED_RE.search(text) else text


def prefix_match(word: str) -> str:
    """An FTS5 MATCH expression for words starting with ``word`` (any script)."""
    return '"' + index_text(word.rstrip("*")).replace('"', '""') + '"*'


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
        term = index_text(term).replace('"', '""')
        parts.append(f'"{term}"' + ("*" if prefix else ""))
    if not parts:
        raise UsageError(f"the search query {query!r} has no words to look for")
    return " AND ".join(parts)


@contextlib.contextmanager
def search_syntax(what: str) -> Iterator[None]:
    """A query the search index cannot read is the user's mistake: one UsageError line."""
    try:
        yield
    except sqlite3.OperationalError as err:
        if "fts5" in str(err).lower() or "syntax" in str(err).lower():
            raise UsageError(f"{what}: {err}") from None
        raise


def reindex(conn: sqlite3.Connection, table: str, row_id: int) -> None:
    """Bring the index row of ``table``'s row ``row_id`` up to date (or drop it)."""
    kind = FTS_KIND.get(table)
    if kind is None:
        return
    rowid = row_id * 4 + kind
    conn.execute("DELETE FROM search WHERE rowid = ?", [rowid])
    row = conn.execute(_INDEXED_TEXT[table], [row_id]).fetchone()
    if row is not None and row[0]:
        conn.execute("INSERT INTO search (rowid, body) VALUES (?, ?)", [rowid, index_text(row[0])])


def build_index(conn: sqlite3.Connection) -> None:
    """Create the index and fill it from the articles and annotations already stored."""
    conn.execute(CREATE_INDEX)
    rows: list[tuple[int, str]] = []
    for r in conn.execute("SELECT id, coalesce(title, ''), text FROM articles"):
        rows.append((r[0] * 4, index_text(f"{r[1]}\n{r[2]}")))
    for r in conn.execute("SELECT id, exact, note FROM annotations"):
        rows.append((r[0] * 4 + 1, index_text(f"{r[1]}\n{r[2]}")))
    conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)", rows)


class Search:
    """``lib.search(query, tag=, limit=)``: full-text search, best first."""

    def __init__(self, store: Any, annotations: Any, tags: Any):
        self._store, self._annotations, self._tags = store, annotations, tags

    def __call__(self, query: str, /, *, tag: int | str | None = None,
                 limit: int = 50) -> list[SearchHit]:
        """Search article text and titles, annotation quotes and notes, article and
        comparison notes and link notes.  With ``tag``, only annotations with that tag
        (or a sub-tag), and articles holding one, are found."""
        match = fts_query(query)
        params: list[Any] = [match]
        extra = ""
        if tag is not None:
            tids = self._tags.filter_ids(tag)
            marks = ",".join("?" for _ in tids)
            tagged = f"SELECT annotation_id FROM annotation_tags WHERE tag_id IN ({marks})"
            extra = (f" AND ((rowid % 4 = 1 AND rowid / 4 IN ({tagged})) OR (rowid % 4 = 0 AND "
                     f"rowid / 4 IN (SELECT article_id FROM annotations WHERE id IN ({tagged}))))")
            params += tids + tids
        sql = (f"SELECT rowid, snippet(search, 0, '[', ']', '…', 16), bm25(search) FROM search "
               f"WHERE search MATCH ?{extra} ORDER BY rank LIMIT ?")
        params.append(int(limit))
        with self._store.read() as c:
            with search_syntax(f"cannot search for {query!r}"):
                rows = c.execute(sql, params).fetchall()
            anns = {a.id: a for a in self._annotations.by_ids(
                [r[0] // 4 for r in rows if r[0] % 4 == 1])}
            return [hit for hit in (self._hit(c, rowid, snip, score, anns, query)
                                    for rowid, snip, score in rows) if hit is not None]

    def _hit(self, c: sqlite3.Connection, rowid: int, snip: str | None, score: float,
             anns: dict, query: str) -> SearchHit | None:
        kind, rid = rowid % 4, rowid // 4
        snip = (snip or "").replace(SEP, "").strip()
        if kind == 0:
            return SearchHit("article", rid, rid, snip, score, span=_first_match(c, rid, query))
        if kind == 1:
            a = anns.get(rid)
            return None if a is None else SearchHit(
                "annotation", rid, a.article_id, snip, score, a.tags, a.span if not a.orphaned else None)
        if kind == 2:
            r = c.execute("SELECT coalesce(n.article_id, c.left_id) FROM notes n LEFT JOIN "
                          "comparisons c ON c.id = n.comparison_id WHERE n.id = ?", [rid]).fetchone()
            return None if r is None else SearchHit("note", rid, r[0], snip, score)
        r = c.execute("SELECT a.article_id FROM links l JOIN annotations a ON a.id = l.source_id "
                      "WHERE l.id = ?", [rid]).fetchone()
        return None if r is None else SearchHit("link", rid, r[0], snip, score)


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
