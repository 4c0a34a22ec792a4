"""The readable notes document: one typed value that Markdown, HTML and the PDF printer
(``parallax.ui.pdf``) each render.

:func:`build` turns a :class:`~parallax.reader.notes.records.NotesData` into a
:class:`PrintDocument`: its page header (title and a summary line) and its
sections in the order every readable export follows: each comparison (its notes,
then the passages annotated in it on its left and right article), then the
remaining passages and notes per article.  A section has a heading, a source line,
notes, and passages, each passage with its quote in context, its tags and their
colours, its note and its links.  All text is plain (nothing is escaped or marked
up here); each renderer escapes it for its own format.  Every part is immutable (the many
small ones are named tuples: a 100,000-passage document is built in a fraction of a second).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from parallax.reader.notes.records import Annotation, ArticleInfo, Note, NotesData, shown_path
from parallax.reader.text.gcpause import with_paused_gc
from parallax.reader.text.segment import paragraph_number, paragraphs

CONTEXT_CHARS = 20  # of the text before and after a quoted passage


class TagMark(NamedTuple):
    name: str
    colour: str  # #RRGGBB


class LinkLine(NamedTuple):
    """A link from a passage: its relation, the other passage, that passage's article."""

    relation: str
    quote: str  # the other passage, shortened to one line
    article: str  # the other article's display name
    note: str  # Markdown, as written
    paragraph: int = 0  # the other passage's paragraph, 1 for the first (0: not known)


class Passage(NamedTuple):
    """A quoted passage with what was noted on it."""

    prefix: str  # up to CONTEXT_CHARS before the quote
    exact: str
    suffix: str  # up to CONTEXT_CHARS after it
    start: int
    end: int
    tags: tuple[TagMark, ...]
    orphaned: bool
    note: str  # Markdown, as written
    links: tuple[LinkLine, ...]
    paragraph: int = 0  # which paragraph of the cleaned text it starts in, 1 for the first

    @property
    def place(self) -> str:
        """Where the passage is, as a reader finds it: "¶ 4" (or "" when not known)."""
        return place(self.paragraph)


class NoteBlock(NamedTuple):
    body: str  # Markdown, as written
    on_article: bool  # a note on a whole article (under the article's heading)


@dataclass(frozen=True, slots=True)
class Section:
    """One heading and what stands under it.  ``kind`` is "comparison", "side" (the Left
    or Right article of a comparison), "articles" (the heading over the rest) or
    "article"."""

    kind: str
    name: str  # heading text without "Comparison: " or "Left: "
    label: str  # "Left"/"Right" for a side, else ""
    source: str  # the article's outlet, date, byline, credits, path ("" if none)
    notes: tuple[NoteBlock, ...]
    passages: tuple[Passage, ...]

    @property
    def heading(self) -> str:
        if self.kind == "comparison":
            return f"Comparison: {self.name}"
        return f"{self.label}: {self.name}" if self.label else self.name

    @property
    def level(self) -> int:
        """2 for a comparison and for "Articles", 3 for an article."""
        return 2 if self.kind in ("comparison", "articles") else 3


@dataclass(frozen=True, slots=True)
class PrintDocument:
    title: str
    summary: str  # "Exported <time> · N passages · N links · N notes · ..."
    sections: tuple[Section, ...]


def exported_at() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def place(paragraph: int) -> str:
    """"¶ 4": the paragraph a passage is in ("" when not known)."""
    return f"¶ {paragraph}" if paragraph > 0 else ""


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def tally(passages: int, links: int, notes: int, /) -> str:
    """"3 passages · 1 link · 1 note": what a notes list holds, in the words that the
    Notes tab and the exports' headers share."""
    return " · ".join((plural(passages, "passage"), plural(links, "link"), plural(notes, "note")))


def counts(data: NotesData) -> tuple[int, int, int]:
    """(passages, links, notes) as the Notes tab counts them (``Library.list_items``):
    every annotation, orphans included, except the bare end of a link (a passage with no
    tag and no note that only a link made), which is counted as part of its link."""
    ends = {ln.source_id for ln in data.links} | {ln.target_id for ln in data.links}
    passages = sum(1 for a in data.annotations if a.tags or a.note != "" or a.id not in ends)
    return passages, len(data.links), len(data.notes)


def summary(data: NotesData) -> str:
    return (f"Exported {exported_at()} · {tally(*counts(data))} · "
            f"{plural(len(data.articles), 'article')} · {plural(len(data.comparisons), 'comparison')}")


def source_line(a: ArticleInfo, *, full_paths: bool = False) -> str:
    """Outlet, date, byline, credits and source; a local file by its name only unless
    ``full_paths`` (an export names no folder of the analyst's machine unless asked)."""
    bits = [b for b in (a.outlet, a.published, a.byline) if b]
    if a.credits:
        bits.append("credits: " + ", ".join(a.credits))
    if a.path:
        bits.append(shown_path(a.path, full=full_paths))
    return " · ".join(bits)


def paragraph_spans(data: NotesData) -> dict[int, list]:
    """Each article's paragraphs (``[start, end]`` pairs) as stored, else segmented anew."""
    out: dict[int, list] = {}
    for aid, text in data.texts.items():
        stored = (data.segments.get(aid) or {}).get("paragraphs")
        out[aid] = list(stored) if stored else [list(p) for p in paragraphs(text)]
    return out


def short(s: str, n: int = 80) -> str:
    """``s`` on one line, cut to ``n`` characters with an ellipsis."""
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


@with_paused_gc
def build(data: NotesData, /, *, title: str = "Parallax notes",
          full_paths: bool = False) -> PrintDocument:
    """The document of ``data``; sources name local files by their file name unless
    ``full_paths``."""
    arts = {a.id: a for a in data.articles}
    paras = paragraph_spans(data)

    def paragraph(a: Annotation) -> int:
        return 0 if a.orphaned else paragraph_number(paras.get(a.article_id) or (), a.start)

    colours = {t.name: t.colour for t in data.tags}
    anns_by_id = {a.id: a for a in data.annotations}
    links_of: dict[int, list[LinkLine]] = defaultdict(list)
    for ln in data.links:
        dst = anns_by_id.get(ln.target_id)
        if dst is None or ln.source_id not in anns_by_id:
            continue
        other = arts.get(dst.article_id)
        links_of[ln.source_id].append(LinkLine(ln.relation, short(dst.exact),
                                               other.display_name if other else "?", ln.note.strip(),
                                               paragraph(dst)))
    marks: dict[tuple[str, ...], tuple[TagMark, ...]] = {}

    def passage(a: Annotation) -> Passage:
        tags = marks.get(a.tags)
        if tags is None:
            tags = marks[a.tags] = tuple(TagMark(t, colours.get(t, "#555555")) for t in a.tags)
        links = links_of.get(a.id)
        return Passage(a.prefix[-CONTEXT_CHARS:], a.exact, a.suffix[:CONTEXT_CHARS], a.start, a.end,
                       tags, a.orphaned, a.note, tuple(links) if links else (), paragraph(a))

    sections = tuple(
        Section(kind, name, label, source_line(art, full_paths=full_paths) if art is not None else "",
                tuple(NoteBlock(n.body, kind == "article") for n in notes),
                tuple(passage(a) for a in anns))
        for kind, name, label, art, notes, anns in _grouped(data, arts))
    return PrintDocument(title, summary(data), sections)


def _grouped(data: NotesData, arts: dict[int, ArticleInfo]) -> Iterator[
        tuple[str, str, str, ArticleInfo | None, list[Note] | tuple, list[Annotation] | tuple]]:
    notes_by_cmp: dict[int, list[Note]] = defaultdict(list)
    notes_by_art: dict[int, list[Note]] = defaultdict(list)
    for n in data.notes:
        if n.comparison_id is not None:
            notes_by_cmp[n.comparison_id].append(n)
        elif n.article_id is not None:
            notes_by_art[n.article_id].append(n)
    in_cmp: dict[tuple[int, int], list[Annotation]] = defaultdict(list)
    for a in data.annotations:
        if a.comparison_id is not None:
            in_cmp[(a.comparison_id, a.article_id)].append(a)
    done: set[int] = set()
    for cm in data.comparisons:
        left, right = arts.get(cm.left_id), arts.get(cm.right_id)
        name = cm.title or (f"{left.display_name if left else '?'} ↔ "
                            f"{right.display_name if right else '?'}")
        yield "comparison", name, "", None, notes_by_cmp.get(cm.id, ()), ()
        for side, art in (("Left", left), ("Right", right)):
            anns = in_cmp.get((cm.id, art.id), []) if art is not None else []
            if art is None or not anns:
                continue
            yield "side", art.display_name, side, art, (), anns
            done.update(a.id for a in anns)
    rest: dict[int, list[Annotation]] = defaultdict(list)
    for a in data.annotations:
        if a.id not in done:
            rest[a.article_id].append(a)
    art_ids = sorted(set(rest) | set(notes_by_art))
    if art_ids:
        yield "articles", "Articles", "", None, (), ()
    for aid in art_ids:
        art = arts.get(aid)
        yield ("article", art.display_name if art else f"Article {aid}", "", art,
               notes_by_art.get(aid, ()), rest.get(aid, ()))

