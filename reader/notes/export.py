"""Exporting and importing notes: Markdown, CSV, W3C Web Annotation JSON, HTML.

The input is a :class:`NotesData` snapshot (``Library.export_data(...)``);
every function here is pure and Qt-free.  PDF is printed by Qt from
:func:`to_html` (``ui/pdf.py``).

- :func:`to_markdown`: grouped by comparison and article, with the quoted
  passages, their tags and notes, and source metadata.
- :func:`to_csv`: one row per annotation; a cell starting with ``= + - @``,
  a tab or a carriage return (also after leading spaces, and their
  full-width forms) is prefixed with ``'`` so spreadsheets do not run it.
- :func:`to_json` / :func:`from_json`: an ``AnnotationCollection`` in the
  W3C Web Annotation data model.  Passages carry a ``TextQuoteSelector`` and
  a ``TextPositionSelector``; tags are ``tagging`` bodies; notes are
  ``commenting`` bodies in ``text/markdown``; links are ``linking``
  annotations whose relation is a ``classifying`` body.  What the model has
  no place for (article texts, the codebook's colours, comparisons) travels
  in ``parallax:``-prefixed properties, so :func:`from_json` reads an export
  back without loss.
- :func:`to_html`: one self-contained page; every user string is escaped.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import html
import io
import json
import os
import tempfile
import uuid as _uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from parallax.reader.errors import InputError, ParallaxError
from parallax.reader.notes.library import (
    Annotation,
    ArticleInfo,
    ComparisonInfo,
    Link,
    Note,
    Relation,
    Tag,
    _with_paused_gc,
)

FORMATS = ("md", "csv", "json", "html", "pdf")
BLOCK_BREAK = "\n<!--block-->\n"  # between top-level blocks of the HTML export
JSON_FORMAT_VERSION = 1


@dataclass(frozen=True)
class NotesData:
    """A consistent snapshot of (part of) a library, ready to export."""

    articles: tuple[ArticleInfo, ...]
    texts: dict[int, str]
    tags: tuple[Tag, ...]
    annotations: tuple[Annotation, ...]
    notes: tuple[Note, ...]
    links: tuple[Link, ...]
    comparisons: tuple[ComparisonInfo, ...]
    relations: tuple[Relation, ...] = ()
    segments: dict[int, dict] = field(default_factory=dict)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _articles_by_id(data: NotesData) -> dict[int, ArticleInfo]:
    return {a.id: a for a in data.articles}


def _source_line(a: ArticleInfo) -> str:
    bits = [b for b in (a.outlet, a.published, a.byline) if b]
    if a.credits:
        bits.append("credits: " + ", ".join(a.credits))
    if a.path:
        bits.append(a.path)
    return " · ".join(bits)


class _Section(NamedTuple):
    """One heading of the md/html/print exports and what stands under it."""

    kind: str  # "comparison", "side" (Left/Right of a comparison), "articles", "article"
    name: str  # unescaped heading text (without "Comparison:" or "Left:")
    label: str  # "Left"/"Right" for a side, else ""
    article: ArticleInfo | None
    notes: tuple[Note, ...] | list[Note]
    annotations: tuple[Annotation, ...] | list[Annotation]


def _sections(data: NotesData, arts: dict[int, ArticleInfo]) -> Iterator[_Section]:
    """The order every readable export follows: each comparison (its notes, then the
    annotations made in it on its left and right article), then the remaining annotations
    and notes per article."""
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
        yield _Section("comparison", name, "", None, notes_by_cmp.get(cm.id, ()), ())
        for side, art in (("Left", left), ("Right", right)):
            anns = in_cmp.get((cm.id, art.id), []) if art is not None else []
            if art is None or not anns:
                continue
            yield _Section("side", art.display_name, side, art, (), anns)
            done.update(a.id for a in anns)
    rest: dict[int, list[Annotation]] = defaultdict(list)
    for a in data.annotations:
        if a.id not in done:
            rest[a.article_id].append(a)
    art_ids = sorted(set(rest) | set(notes_by_art))
    if art_ids:
        yield _Section("articles", "Articles", "", None, (), ())
    for aid in art_ids:
        art = arts.get(aid)
        yield _Section("article", art.display_name if art else f"Article {aid}", "", art,
                       notes_by_art.get(aid, ()), rest.get(aid, ()))


def _links_of(data: NotesData, arts: dict[int, ArticleInfo],
              line: Callable[[Link, Annotation, str], str]) -> dict[int, list[str]]:
    """Per source annotation, ``line(link, target, target's article name)`` for each link
    whose two ends are in the export."""
    anns_by_id = {a.id: a for a in data.annotations}
    out: dict[int, list[str]] = defaultdict(list)
    for ln in data.links:
        dst = anns_by_id.get(ln.target_id)
        if dst is None or ln.source_id not in anns_by_id:
            continue
        other = arts.get(dst.article_id)
        out[ln.source_id].append(line(ln, dst, other.display_name if other else "?"))
    return out


# ---------------------------------------------------------------- Markdown


_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|!"} | {"\n": " "})


def _md_inline(s: str) -> str:
    """Text that stays plain inside Markdown (headings, list items)."""
    return s.translate(_MD_ESCAPES)


def _md_quote(s: str) -> str:
    return "\n".join("> " + _md_inline(line) if line.strip() else ">" for line in s.split("\n"))


def _md_annotation(a: Annotation, out: list[str], links_of: dict[int, list[str]]) -> None:
    out.append(_md_quote(a.exact))
    out.append("")
    meta = []
    if a.tags:
        meta.append("Tags: " + ", ".join(f"**{_md_inline(t)}**" for t in a.tags))
    meta.append(f"characters {a.start}–{a.end}")
    if a.orphaned:
        meta.append("**orphaned** (the passage was not found in the current text)")
    out.append(" · ".join(meta))
    out.append("")
    if a.note.strip():
        out.append(a.note.strip())
        out.append("")
    for line in links_of.get(a.id, ()):
        out.append(line)
    if links_of.get(a.id):
        out.append("")


def _md_link(ln: Link, dst: Annotation, other: str) -> str:
    line = f"- *{_md_inline(ln.relation)}* → “{_md_inline(_short(dst.exact))}” ({_md_inline(other)})"
    return line + (": " + _md_inline(ln.note.strip()) if ln.note.strip() else "")


@_with_paused_gc
def to_markdown(data: NotesData, /, *, title: str = "Parallax notes") -> str:
    arts = _articles_by_id(data)
    links_of = _links_of(data, arts, _md_link)
    out = [f"# {_md_inline(title)}", ""]
    out.append(f"Exported {_now()} · {len(data.annotations)} annotations · "
               f"{len(data.articles)} articles · {len(data.comparisons)} comparisons")
    out.append("")
    for sec in _sections(data, arts):
        if sec.kind == "comparison":
            out += [f"## Comparison: {_md_inline(sec.name)}", ""]
        elif sec.kind == "articles":
            out += ["## Articles", ""]
        else:
            label = f"{sec.label}: " if sec.label else ""
            out += [f"### {label}{_md_inline(sec.name)}", ""]
            src = _source_line(sec.article) if sec.article is not None else ""
            if src:
                out += [f"*{_md_inline(src)}*", ""]
        for n in sec.notes:
            if sec.kind == "article":
                out += ["**Note on the article:**", ""]
            out += [n.body.strip(), ""]
        for a in sec.annotations:
            _md_annotation(a, out, links_of)
    return "\n".join(out).rstrip() + "\n"


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------- CSV

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_DANGEROUS_FIRST = frozenset(_DANGEROUS)

CSV_COLUMNS = ("annotation_id", "uuid", "article_id", "article_title", "outlet", "published",
               "source", "start", "end", "quote", "prefix", "suffix", "tags", "note",
               "orphaned", "comparison", "links", "created", "modified")


def neutralise_cell(value: object) -> object:
    """A cell a spreadsheet will show as text: formula-like strings get a leading ``'``."""
    if type(value) is not str or not value:
        return value
    first = value[0]
    if first in _DANGEROUS_FIRST or (first == " " and value.lstrip(" ")[:1] in _DANGEROUS_FIRST):
        return "'" + value
    return value


@_with_paused_gc
def to_csv(data: NotesData, /) -> str:
    arts = _articles_by_id(data)
    cmps = {c.id: c for c in data.comparisons}
    anns_by_id = {a.id: a for a in data.annotations}
    links_of: dict[int, list[str]] = defaultdict(list)
    for ln in data.links:
        dst = anns_by_id.get(ln.target_id)
        if dst is not None:
            links_of[ln.source_id].append(f"{ln.relation} -> {ln.target_id}")
        src = anns_by_id.get(ln.source_id)
        if src is not None:
            links_of[ln.target_id].append(f"{ln.relation} <- {ln.source_id}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for a in data.annotations:
        art = arts.get(a.article_id)
        cm = cmps.get(a.comparison_id) if a.comparison_id is not None else None
        row = (
            a.id, a.uuid, a.article_id, art.display_name if art else "",
            (art.outlet or "") if art else "", (art.published or "") if art else "",
            (art.path or "") if art else "", a.start, a.end, a.exact, a.prefix, a.suffix,
            "; ".join(a.tags), a.note, "yes" if a.orphaned else "",
            (cm.title or f"{cm.left_id}-{cm.right_id}") if cm else "",
            "; ".join(links_of.get(a.id, ())), a.created, a.modified,
        )
        w.writerow([neutralise_cell(v) for v in row])
    return buf.getvalue()


# ---------------------------------------------------------------- W3C JSON

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _urn(u: str) -> str:
    return f"urn:uuid:{u}"


def _un_urn(s: Any, what: str) -> str:
    if not isinstance(s, str) or not s:
        raise ValueError(f"found a {what} without an id")
    return s[len("urn:uuid:"):] if s.startswith("urn:uuid:") else s


@_with_paused_gc
def to_json(data: NotesData, /, *, indent: int | None = None) -> str:
    """An AnnotationCollection (W3C Web Annotation) that :func:`from_json` reads back."""
    arts = _articles_by_id(data)
    tags = {t.id: t for t in data.tags}
    cmps = {c.id: c for c in data.comparisons}
    anns = {a.id: a for a in data.annotations}
    items: list[dict[str, Any]] = []
    for a in data.annotations:
        body: list[dict[str, Any]] = []
        if a.note:
            body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                         "value": a.note})
        for name in a.tags:
            body.append({"type": "TextualBody", "purpose": "tagging", "value": name})
        item: dict[str, Any] = {
            "id": _urn(a.uuid),
            "type": "Annotation",
            "motivation": "commenting" if a.note else "tagging" if a.tags else "highlighting",
            "created": a.created,
            "modified": a.modified,
        }
        if body:
            item["body"] = body
        item["target"] = {
            "source": _urn(arts[a.article_id].uuid),
            "selector": [
                {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix,
                 "suffix": a.suffix},
                {"type": "TextPositionSelector", "start": a.start, "end": a.end},
            ],
        }
        if a.orphaned:
            item["parallax:orphaned"] = True
        if a.comparison_id is not None and a.comparison_id in cmps:
            item["parallax:comparison"] = _urn(cmps[a.comparison_id].uuid)
        items.append(item)
    for n in data.notes:
        if n.article_id is not None:
            target = _urn(arts[n.article_id].uuid)
        else:
            target = _urn(cmps[n.comparison_id].uuid)  # type: ignore[index]
        items.append({
            "id": _urn(n.uuid), "type": "Annotation", "motivation": "commenting",
            "created": n.created, "modified": n.modified,
            "body": [{"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                      "value": n.body}],
            "target": target,
            "parallax:kind": "comparison-note" if n.article_id is None else "article-note",
        })
    for ln in data.links:
        if ln.source_id not in anns or ln.target_id not in anns:
            continue
        body = [{"type": "TextualBody", "purpose": "classifying", "value": ln.relation}]
        if ln.note:
            body.append({"type": "TextualBody", "purpose": "commenting",
                         "format": "text/markdown", "value": ln.note})
        item = {
            "id": _urn(ln.uuid), "type": "Annotation", "motivation": "linking",
            "created": ln.created, "modified": ln.modified, "body": body,
            "target": [_urn(anns[ln.source_id].uuid), _urn(anns[ln.target_id].uuid)],
            "parallax:kind": "link",
        }
        if ln.comparison_id is not None and ln.comparison_id in cmps:
            item["parallax:comparison"] = _urn(cmps[ln.comparison_id].uuid)
        items.append(item)
    doc: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": _urn(str(_uuid.uuid4())),
        "type": "AnnotationCollection",
        "label": "Parallax notes",
        "generator": {"type": "Software", "name": "Parallax"},
        "generated": _now(),
        "total": len(items),
        "parallax:version": JSON_FORMAT_VERSION,
        "parallax:articles": [
            {
                "id": _urn(a.uuid), "title": a.title, "outlet": a.outlet,
                "published": a.published, "byline": a.byline, "credits": list(a.credits),
                "language": a.language, "source": a.path, "contentHash": a.content_hash,
                "added": a.added_at, "updated": a.updated_at,
                "text": data.texts.get(a.id),
                "segments": data.segments.get(a.id) or None,
            }
            for a in data.articles
        ],
        "parallax:tags": [
            {
                "id": _urn(t.uuid), "name": t.name, "colour": t.colour,
                "description": t.description,
                "parent": _urn(tags[t.parent_id].uuid) if t.parent_id in tags else None,
                "shortcut": t.shortcut, "position": t.position, "created": t.created,
            }
            for t in data.tags
        ],
        "parallax:relations": [r.name for r in data.relations],
        "parallax:comparisons": [
            {
                "id": _urn(c.uuid), "left": _urn(arts[c.left_id].uuid),
                "right": _urn(arts[c.right_id].uuid), "title": c.title,
                "viewState": c.view_state, "created": c.created, "opened": c.opened_at,
            }
            for c in data.comparisons if c.left_id in arts and c.right_id in arts
        ],
        "first": {"type": "AnnotationPage", "items": items},
    }
    return json.dumps(doc, ensure_ascii=False, indent=indent)


def _bodies(item: dict) -> list[dict]:
    body = item.get("body")
    if body is None:
        return []
    if isinstance(body, dict | str):
        body = [body]
    out = []
    for b in body:
        if isinstance(b, str):
            out.append({"type": "TextualBody", "value": b, "purpose": "commenting"})
        elif isinstance(b, dict):
            out.append(b)
    return out


def _body_values(item: dict, purpose: str) -> list[str]:
    vals = []
    for b in _bodies(item):
        p = b.get("purpose")
        if p == purpose or (purpose == "commenting" and p is None and b.get("type") == "TextualBody"):
            v = b.get("value")
            if isinstance(v, str):
                vals.append(v)
    return vals


def _items(doc: Any) -> list[dict]:
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict)]
    if not isinstance(doc, dict):
        return []
    if doc.get("type") == "Annotation":
        return [doc]
    items: list[dict] = []
    page = doc.get("first")
    while isinstance(page, dict):
        items += [d for d in page.get("items", []) if isinstance(d, dict)]
        page = page.get("next") if isinstance(page.get("next"), dict) else None
    items += [d for d in doc.get("items", []) if isinstance(d, dict)]
    return items


@_with_paused_gc
def from_json(text: str, /, *, source: str | None = None) -> NotesData:
    """Read :func:`to_json` output (or plain W3C annotations on articles it describes)."""
    src = source or "notes file"
    try:
        doc = json.loads(text)
    except ValueError as err:
        raise InputError(src, f"not JSON ({err})") from None
    if not isinstance(doc, dict | list):
        raise InputError(src, "not a W3C Web Annotation document")
    meta = doc if isinstance(doc, dict) else {}
    try:
        return _from_doc(doc, meta)
    except ValueError as err:
        raise InputError(src, f"not a usable W3C/Parallax notes export: {err}") from None
    except (KeyError, TypeError, AttributeError) as err:
        raise InputError(src, f"not a usable W3C/Parallax notes export ({type(err).__name__}: "
                              f"{err})") from None


def _from_doc(doc: Any, meta: dict) -> NotesData:
    def s(v: Any) -> str | None:
        return v if isinstance(v, str) else None

    articles: list[ArticleInfo] = []
    texts: dict[int, str] = {}
    segments: dict[int, dict] = {}
    art_ids: dict[str, int] = {}
    for i, a in enumerate(meta.get("parallax:articles") or [], start=1):
        u = _un_urn(a.get("id"), "article")
        text = s(a.get("text"))
        art_ids[u] = i
        articles.append(ArticleInfo(
            i, u, s(a.get("source")), s(a.get("title")), s(a.get("outlet")), s(a.get("published")),
            s(a.get("byline")), tuple(str(c) for c in a.get("credits") or ()), s(a.get("language")),
            s(a.get("contentHash")) or "", len(text) if text is not None else 0,
            s(a.get("added")) or _now(), s(a.get("updated")) or _now()))
        if text is not None:
            texts[i] = text
        if isinstance(a.get("segments"), dict):
            segments[i] = a["segments"]

    def article_id(ref: Any) -> int:
        u = _un_urn(ref, "target")
        if u not in art_ids:
            # A plain W3C annotation on a source this file does not describe: the library
            # matches it by uuid if it already holds that article.
            art_ids[u] = len(articles) + 1
            source = ref if isinstance(ref, str) else None
            articles.append(ArticleInfo(art_ids[u], u, source, None, None, None, None, (), None,
                                        "", 0, _now(), _now()))
        return art_ids[u]

    tags: list[Tag] = []
    tag_ids: dict[str, int] = {}
    raw_tags = meta.get("parallax:tags") or []
    for i, t in enumerate(raw_tags, start=1):
        tag_ids[_un_urn(t.get("id"), "tag")] = i
    for i, t in enumerate(raw_tags, start=1):
        parent = t.get("parent")
        tags.append(Tag(i, _un_urn(t.get("id"), "tag"), str(t["name"]), str(t.get("colour") or "#999999"),
                        str(t.get("description") or ""),
                        tag_ids.get(_un_urn(parent, "tag")) if parent else None,
                        s(t.get("shortcut")), int(t.get("position") or 0), s(t.get("created")) or _now()))
    tag_by_name = {t.name.casefold(): t.id for t in tags}

    comparisons: list[ComparisonInfo] = []
    cmp_ids: dict[str, int] = {}
    for i, c in enumerate(meta.get("parallax:comparisons") or [], start=1):
        u = _un_urn(c.get("id"), "comparison")
        cmp_ids[u] = i
        vs = c.get("viewState")
        comparisons.append(ComparisonInfo(i, u, article_id(c["left"]), article_id(c["right"]),
                                          str(c.get("title") or ""), vs if isinstance(vs, dict) else {},
                                          s(c.get("created")) or _now(), s(c.get("opened")) or _now()))

    def cmp_id(item: dict) -> int | None:
        ref = item.get("parallax:comparison")
        return cmp_ids.get(_un_urn(ref, "comparison")) if ref else None

    annotations: list[Annotation] = []
    ann_ids: dict[str, int] = {}
    notes: list[Note] = []
    links: list[Link] = []
    pending_links: list[dict] = []
    for item in _items(doc):
        kind = item.get("parallax:kind")
        motivation = item.get("motivation")
        if kind == "link" or motivation == "linking":
            pending_links.append(item)
            continue
        target = item.get("target")
        u = _un_urn(item.get("id"), "annotation")
        created = s(item.get("created")) or _now()
        modified = s(item.get("modified")) or created
        note_text = "\n\n".join(_body_values(item, "commenting"))
        if isinstance(target, str) or (isinstance(target, dict) and "selector" not in target):
            ref = target if isinstance(target, str) else target.get("source") or target.get("id")
            ref_u = _un_urn(ref, "target")
            if kind == "comparison-note" or ref_u in cmp_ids:
                notes.append(Note(len(notes) + 1, u, None, cmp_ids[ref_u], note_text, created, modified))
            else:
                notes.append(Note(len(notes) + 1, u, article_id(ref), None, note_text, created, modified))
            continue
        if isinstance(target, list):
            target = target[0]
        quote = pos = None
        sels = target.get("selector") or []
        if isinstance(sels, dict):
            sels = [sels]
        for sel in sels:
            if sel.get("type") == "TextQuoteSelector":
                quote = sel
            elif sel.get("type") == "TextPositionSelector":
                pos = sel
        if quote is None:
            raise ValueError(f"annotation {u} has no TextQuoteSelector")
        exact = str(quote["exact"])
        start = int(pos["start"]) if pos else 0
        end = int(pos["end"]) if pos else start + len(exact)
        tnames = _body_values(item, "tagging")
        tids = []
        for name in tnames:
            if name.casefold() not in tag_by_name:
                tags.append(Tag(len(tags) + 1, str(_uuid.uuid4()), name, "#999999", "", None, None,
                                len(tags), _now()))
                tag_by_name[name.casefold()] = len(tags)
            tids.append(tag_by_name[name.casefold()])
        aid = len(annotations) + 1
        ann_ids[u] = aid
        annotations.append(Annotation(
            aid, u, article_id(target["source"]), start, end, exact, str(quote.get("prefix") or ""),
            str(quote.get("suffix") or ""), note_text, bool(item.get("parallax:orphaned")),
            cmp_id(item), created, modified, tuple(tnames), tuple(tids)))
    for item in pending_links:
        targets = item.get("target")
        if not isinstance(targets, list) or len(targets) != 2:
            raise ValueError("a linking annotation needs two targets")
        a, b = (ann_ids.get(_un_urn(t if isinstance(t, str) else t.get("id"), "link target"))
                for t in targets)
        if a is None or b is None:
            continue
        rel = (_body_values(item, "classifying") or ["same fact"])[0]
        created = s(item.get("created")) or _now()
        links.append(Link(len(links) + 1, _un_urn(item.get("id"), "link"), a, b, rel, cmp_id(item),
                          "\n\n".join(_body_values(item, "commenting")), created,
                          s(item.get("modified")) or created))
    relations = tuple(Relation(i, str(n), False)
                      for i, n in enumerate(meta.get("parallax:relations") or [], start=1))
    return NotesData(tuple(articles), texts, tuple(tags), tuple(annotations), tuple(notes),
                     tuple(links), tuple(comparisons), relations, segments)


# ---------------------------------------------------------------- HTML

_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11pt;
       color: #1a1a1a; max-width: 50em; margin: 2em auto; line-height: 1.45; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 1.6em; border-bottom: 1px solid #999; }
h3 { font-size: 12.5pt; margin-top: 1.2em; }
.meta { color: #555; font-size: 9.5pt; }
.ann { margin: 0.8em 0 1.2em 0; }
blockquote { margin: 0.3em 0; padding: 0.2em 0.8em; border-left: 4px solid #888;
             background: #f4f4f4; }
.ctx { color: #777; }
.tag { font-weight: bold; padding: 0 0.3em; }
.note { white-space: pre-wrap; margin: 0.3em 0; }
.orphan { color: #b00; font-weight: bold; }
"""


def _e(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _html_note(text: str) -> str:
    # Paragraphs and line breaks of the Markdown note, every character escaped.
    paras = [p for p in text.strip().split("\n\n") if p.strip()]
    return "".join(f'<p class="note" dir="auto">{_e(p).replace(chr(10), "<br>")}</p>' for p in paras)


def _html_annotation(a: Annotation, colours: dict[str, str], links_of: dict[int, list[str]]) -> str:
    tags = " ".join(
        f'<span class="tag" style="color: {_e(colours.get(t, "#555555"))}">■ {_e(t)}</span>'
        for t in a.tags)
    meta = [tags] if tags else []
    meta.append(f"characters {a.start}–{a.end}")
    if a.orphaned:
        meta.append('<span class="orphan">orphaned</span>')
    parts = [
        '<div class="ann">',
        f'<blockquote dir="auto"><span class="ctx">…{_e(a.prefix[-20:])}</span><b>{_e(a.exact)}</b>'
        f'<span class="ctx">{_e(a.suffix[:20])}…</span></blockquote>',
        f'<div class="meta">{" · ".join(meta)}</div>',
    ]
    if a.note.strip():
        parts.append(_html_note(a.note))
    for line in links_of.get(a.id, ()):
        parts.append(f'<div class="meta">{line}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _html_link(ln: Link, dst: Annotation, other: str) -> str:
    line = f"<i>{_e(ln.relation)}</i> → “{_e(_short(dst.exact))}” ({_e(other)})"
    return line + (": " + _e(ln.note.strip()) if ln.note.strip() else "")


def _html_page(title: str, css: str, body: list[str], *, sep: str, generator: str = "") -> str:
    gen = f'<meta name="generator" content="{_e(generator)}">' if generator else ""
    head = [
        "<!DOCTYPE html>",
        f'<html><head><meta charset="utf-8">{gen}',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'">',
        f"<title>{_e(title)}</title><style>{css}</style></head><body>",
    ]
    return "\n".join(head) + "\n" + sep.join(body) + "\n</body></html>\n"


def _summary(data: NotesData) -> str:
    return (f"Exported {_now()} · {len(data.annotations)} annotations · "
            f"{len(data.articles)} articles · {len(data.comparisons)} comparisons")


def _html_blocks(data: NotesData, title: str, *, text: Callable[[str], str],
                 note: Callable[[str, bool], str],
                 annotation: Callable[[Annotation, dict[str, str], dict[int, list[str]]], str],
                 link: Callable[[Link, Annotation, str], str]) -> list[str]:
    """The top-level blocks of an HTML export: headings and source lines escaped with
    ``text``, notes by ``note(body, on_article)``, passages by ``annotation``."""
    arts = _articles_by_id(data)
    colours = {t.name: t.colour for t in data.tags}
    links_of = _links_of(data, arts, link)
    out = [f"<h1>{text(title)}</h1>", f'<p class="meta">{_e(_summary(data))}</p>']
    for sec in _sections(data, arts):
        if sec.kind == "comparison":
            out.append(f"<h2>Comparison: {text(sec.name)}</h2>")
        elif sec.kind == "articles":
            out.append("<h2>Articles</h2>")
        else:
            label = f"{sec.label}: " if sec.label else ""
            out.append(f"<h3>{label}{text(sec.name)}</h3>")
            src = _source_line(sec.article) if sec.article is not None else ""
            if src:
                out.append(f'<p class="meta">{text(src)}</p>')
        out.extend(note(n.body, sec.kind == "article") for n in sec.notes)
        out.extend(annotation(a, colours, links_of) for a in sec.annotations)
    return out


def _html_section_note(body: str, on_article: bool) -> str:
    return ("<p><b>Note on the article:</b></p>" if on_article else "") + _html_note(body)


@_with_paused_gc
def to_html(data: NotesData, /, *, title: str = "Parallax notes") -> str:
    """A self-contained HTML page; no scripts, no external resources, all text escaped."""
    out = _html_blocks(data, title, text=_e, note=_html_section_note,
                       annotation=_html_annotation, link=_html_link)
    # Top-level blocks are separated by BLOCK_BREAK, where a printer may split a long page.
    return _html_page(title, _CSS, out, sep=BLOCK_BREAK)


# ---------------------------------------------------------------- print HTML

PRINT_GENERATOR = "Parallax print 1"
_PRINT_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10pt; }
.meta { color: #555555; font-size: 8.5pt; }
.ann { margin-bottom: 0.6em; }
"""


def _print_text(s: str) -> str:
    """Escaped text with its line breaks as ``<br>`` (a print block is one source line)."""
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _e(s).replace("\n", "<br>")


def _print_flat(s: str) -> str:
    return _e(" ".join(s.split()))


def _print_context(s: str) -> str:
    """Like :func:`_print_flat`, but a space at either edge stays: it parts the context from the quote."""
    flat = " ".join(s.split())
    lead = " " if s[:1].isspace() and flat else ""
    trail = " " if s[-1:].isspace() and flat else ""
    return _e(lead + flat + trail)


def _print_link(ln: Link, dst: Annotation, other: str) -> str:
    line = f"<i>{_print_flat(ln.relation)}</i> → “{_print_flat(_short(dst.exact))}” ({_print_flat(other)})"
    return line + (": " + _print_flat(ln.note) if ln.note.strip() else "")


def _print_annotation(a: Annotation, colours: dict[str, str], links_of: dict[int, list[str]]) -> str:
    tags = " ".join(f'<b><font color="{_print_flat(colours.get(t, "#555555"))}">■ '
                    f'{_print_flat(t)}</font></b>' for t in a.tags)
    meta = f"{tags} · " if tags else ""
    meta += f"characters {a.start}–{a.end}"
    if a.orphaned:
        meta += ' · <b><font color="#bb0000">orphaned</font></b>'
    parts = [f'<div class="ann"><p dir="auto"><font color="#777777">…{_print_context(a.prefix[-20:])}'
             f'</font><b>{_print_text(a.exact)}</b><font color="#777777">'
             f'{_print_context(a.suffix[:20])}…</font></p><p class="meta">{meta}</p>']
    if a.note.strip():
        parts.append(f'<p dir="auto">{_print_text(a.note.strip())}</p>')
    parts += [f'<p class="meta">{line}</p>' for line in links_of.get(a.id, ())]
    parts.append("</div>")
    return "".join(parts)


def _print_note(body: str, on_article: bool) -> str:
    pre = "<b>Note on the article:</b><br>" if on_article else ""
    return f'<p dir="auto">{pre}{_print_text(body.strip())}</p>'


@_with_paused_gc
def to_print_html(data: NotesData, /, *, title: str = "Parallax notes") -> str:
    """The HTML export pared down for printing (what ``notes export --format pdf`` prints).

    The same sections, passages, tags, notes and links as :func:`to_html`, every user
    string escaped, but plain markup a printer lays out quickly: one block per line of the
    body, made only of ``h1``-``h3``, ``p`` (class ``meta``), ``div class="ann"``, ``b``,
    ``i``, ``font color`` and ``br``; the page declares :data:`PRINT_GENERATOR`."""
    out = _html_blocks(data, title, text=_print_flat, note=_print_note,
                       annotation=_print_annotation, link=_print_link)
    return _html_page(title, _PRINT_CSS, out, sep="\n", generator=PRINT_GENERATOR)


def write_file(data: NotesData, fmt: str, path: str | os.PathLike[str], /, *,
               html_to_pdf: Callable[[str, str], None] | None = None) -> Path:
    """Write an export to ``path``, whole or not at all: it is written beside the target
    and renamed over it, so a failure never leaves half a file (or harms an old one).

    CSV starts with a BOM so spreadsheet programs read it as UTF-8.  PDF is
    :func:`to_print_html` printed by ``html_to_pdf(html, path)``, which the Qt front
    end provides (this module stays Qt-free)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(str(path), "is a directory")
    if fmt == "pdf" and html_to_pdf is None:
        raise ParallaxError("PDF export needs the Qt front end (run 'parallax', not the bare core)")
    data_bytes = b""
    if fmt != "pdf":
        data_bytes = (("\ufeff" if fmt == "csv" else "") + render(data, fmt)).encode("utf-8")
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    except OSError as err:
        raise InputError(str(path), f"cannot write here ({err.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data_bytes)
            fh.flush()
            os.fsync(fh.fileno())
        if html_to_pdf is not None and fmt == "pdf":
            html_to_pdf(to_print_html(data), tmp)  # the printer writes the file itself
        os.replace(tmp, target)
    except OSError as err:
        raise InputError(str(path), f"cannot write ({err.strerror})") from None
    finally:
        if os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target


def render(data: NotesData, fmt: str, /) -> str:
    """``md``, ``csv``, ``json`` or ``html`` (PDF is printed from ``html`` by the UI)."""
    if fmt == "md":
        return to_markdown(data)
    if fmt == "csv":
        return to_csv(data)
    if fmt == "json":
        return to_json(data)
    if fmt == "html":
        return to_html(data)
    raise ValueError(f"unknown export format {fmt!r}")

