"""The notes library's records: immutable values, no database, no Library.

Everything the library returns is one of these, and the exporters, the
codebook files and the print document read only these (never the
:class:`~parallax.reader.notes.library.Library`), so they import nothing
that imports them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from parallax.reader.model import Article, Span
from parallax.reader.notes.anchoring import Selector


def display_name(title: str | None, path: str | None, article_id: int) -> str:
    """The title, else the file name (the rule of ``Article.display_name``), else "Article N"."""
    if title or path:
        return Article(text="", title=title, path=path).display_name
    return f"Article {article_id}"


def shown_path(path: str | None, /, *, full: bool = False) -> str:
    """An article's source as an export writes it: a URL (or ``urn:``) whole, a local
    file by its file name only unless ``full`` (an export names no folder of the
    analyst's machine unless asked)."""
    if not path:
        return ""
    if full or ("://" in path and not path.startswith("file:")) or path.startswith("urn:"):
        return path
    return path.removeprefix("file://").replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


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
        return display_name(self.title, self.path, self.id)


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


@dataclass(frozen=True, slots=True)
class CollationInfo:
    """Three or more articles read as one story; ``article_ids`` in the order given."""

    id: int
    uuid: str
    article_ids: tuple[int, ...]
    title: str
    view_state: dict[str, Any] = field(hash=False, compare=False)
    created: str = ""
    opened_at: str = ""


@dataclass(frozen=True, slots=True)
class RowNote:
    """A note on a matrix row of a collation: ``matrix`` is "facts", "framing" or
    "voices", ``row_key`` the row's identity (:func:`parallax.reader.notes.collation_export.row_key`),
    ``label`` how the row read when the note was written."""

    id: int
    uuid: str
    collation_id: int
    matrix: str
    row_key: str
    label: str
    body: str
    created: str
    modified: str


class SearchHit(NamedTuple):
    kind: str  # "article" | "annotation" | "note" | "link"
    id: int
    article_id: int | None
    snippet: str  # matches between [ and ]
    score: float  # bm25: lower is better
    tags: tuple[str, ...] = ()
    span: Span | None = None  # where to jump in the article: the annotation, or the first match

    def one_line(self) -> str:
        """The snippet on one line, its parts kept apart: a passage's quotation and its note,
        an article's title and its text ("An [important] claim — Virtual talks…")."""
        return " — ".join(" ".join(part.split()) for part in self.snippet.split("\n") if part.strip())


class ItemRef(NamedTuple):
    """One row of a notes list: what it is and its id."""

    kind: str  # "annotation" | "link" | "note"
    id: int


@dataclass(frozen=True, slots=True)
class NotesIndex:
    """The rows of a notes list, in order, as ids only: annotations (by article and
    position), then links, then notes.  Cheap to build for any size of library; a list
    reads the rows it shows with ``Library.items``."""

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


@dataclass(frozen=True, slots=True)
class OpChanges:
    """What one write changed, for the UI to refresh and to label Undo.

    ``notices`` are one-line reports a write has for the user (an import lists each
    passage it had to re-anchor or keep as an orphan, and why)."""

    name: str
    id: int | None = None
    ids: tuple[int, ...] = ()
    count: int = 0
    kinds: frozenset[str] = frozenset()
    undoable: bool = True
    reanchored: ReanchorReport | None = None
    created: bool = True  # False when an add found the record already there
    notices: tuple[str, ...] = ()

    article = property(lambda self: "article" in self.kinds)
    tag = property(lambda self: "tag" in self.kinds)
    annotation = property(lambda self: "annotation" in self.kinds)
    note = property(lambda self: "note" in self.kinds)
    link = property(lambda self: "link" in self.kinds)
    comparison = property(lambda self: "comparison" in self.kinds)
    relation = property(lambda self: "relation" in self.kinds)


@dataclass(frozen=True)
class NotesData:
    """A consistent snapshot of (part of) a library: what the exporters read and
    ``Library.import_data`` adds."""

    articles: tuple[ArticleInfo, ...]
    texts: dict[int, str]
    tags: tuple[Tag, ...]
    annotations: tuple[Annotation, ...]
    notes: tuple[Note, ...]
    links: tuple[Link, ...]
    comparisons: tuple[ComparisonInfo, ...]
    relations: tuple[Relation, ...] = ()
    segments: dict[int, dict] = field(default_factory=dict)
    # What a reader of a foreign file (REFI-QDA, Hypothesis) had to leave out or change,
    # one line each; ``import_data`` reports them with its own notices.
    notices: tuple[str, ...] = ()
