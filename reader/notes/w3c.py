"""The W3C Web Annotation export and import (JSON-LD ``AnnotationCollection``).

Passages carry a ``TextQuoteSelector`` and a ``TextPositionSelector``; tags are
``tagging`` bodies; notes are ``commenting`` bodies in ``text/markdown``; links are
``linking`` annotations whose relation is a ``classifying`` body.  What the model has
no place for (article texts, the codebook's colours, comparisons) travels in
``parallax:``-prefixed properties, so :func:`from_json` reads an export back without
loss.  :func:`read_json_file` reads a file to import, refusing at once one that is too
large or does not start like JSON.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import uuid as _uuid
from pathlib import Path
from typing import Any

from parallax.reader.errors import InputError
from parallax.reader.ingest.files import regular_file, unreadable_reason
from parallax.reader.notes.records import (
    Annotation,
    ArticleInfo,
    ComparisonInfo,
    Link,
    Note,
    NotesData,
    Relation,
    Tag,
    shown_path,
)
from parallax.reader.text.gcpause import with_paused_gc

JSON_FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 1 << 30  # 1 GiB: a 100,000-passage export is about 80 MB
_SNIFF_BYTES = 4096


log = logging.getLogger(__name__)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def read_json_file(path: str | os.PathLike[str], /, *, max_bytes: int = MAX_IMPORT_BYTES) -> NotesData:
    """The notes in a JSON export file.  A file over ``max_bytes``, or one whose first
    non-blank character is not ``{`` or ``[``, is refused before it is read whole."""
    return from_json(read_json_text(path, max_bytes=max_bytes), source=str(path))


def read_json_text(path: str | os.PathLike[str], /, *, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    """The text of a JSON file to import, refused at once when it is over ``max_bytes`` or
    does not start like JSON (see :func:`read_json_file`)."""
    name = str(path)
    p = Path(path)
    regular_file(path, what="a notes file")  # a directory, FIFO or link loop: named as what it is
    try:
        with open(p, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(name, f"too large to import ({size / 1e6:,.0f} MB; at most "
                                       f"{max_bytes / 1e6:,.0f} MB)")
            head = fh.read(_SNIFF_BYTES)
            first = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1]
            if first not in (b"{", b"["):
                raise InputError(name, "not JSON (a Parallax or W3C Web Annotation JSON export "
                                       "was expected)")
            raw = head + fh.read(max_bytes + 1 - len(head))
    except OSError as err:
        raise InputError(name, unreadable_reason(err)) from None
    if len(raw) > max_bytes:
        raise InputError(name, f"too large to import (over {max_bytes / 1e6:,.0f} MB)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text (a Parallax JSON export was expected)") from None


ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PARALLAX_NS = "urn:x-parallax:"
# What the TextPositionSelector counts, said in the export itself (issue #17): a tool
# that follows ``source`` to the original file would count in another text.
POSITIONS = ("start and end count Unicode code points in the article's cleaned text, "
             "parallax:articles[].text, not in its original file; in the original, the "
             "TextQuoteSelector finds the passage")


def _terms(*names: str, ids: tuple[str, ...] = (), json: tuple[str, ...] = (),
           lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """Term definitions in the ``parallax:`` namespace (``ids`` hold IRIs, ``json`` any
    JSON value, ``lists`` ordered arrays)."""
    out: dict[str, Any] = {}
    for n in (*names, *ids, *json, *lists):
        d: dict[str, Any] = {"@id": f"parallax:{n}"}
        if n in ids:
            d["@type"] = "@id"
        if n in json:
            d["@type"] = "@json"
        if n in lists:
            d["@container"] = "@list"
        out[n] = d
    return out


# The JSON-LD context of the parallax: terms, so that a JSON-LD processor (expanding,
# compacting, converting to RDF) keeps them; without it, it drops every one of them.
# The keys inside the article, tag and comparison records get scoped terms of their own
# (JSON-LD 1.1), which also keeps their "source" a plain string (anno.jsonld's is an IRI).
PARALLAX_CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "parallax": PARALLAX_NS,
    "parallax:version": {"@id": "parallax:version"},
    "parallax:positions": {"@id": "parallax:positions"},
    "parallax:counts": {"@id": "parallax:counts"},
    "parallax:kind": {"@id": "parallax:kind"},
    "parallax:orphaned": {"@id": "parallax:orphaned"},
    "parallax:comparison": {"@id": "parallax:comparison", "@type": "@id"},
    "parallax:relations": {"@id": "parallax:relations", "@container": "@list"},
    "parallax:articles": {"@id": "parallax:articles", "@container": "@list", "@context": _terms(
        "title", "outlet", "published", "byline", "language", "source", "contentHash", "added",
        "updated", "text", json=("segments",), lists=("credits",))},
    "parallax:tags": {"@id": "parallax:tags", "@container": "@list", "@context": _terms(
        "name", "colour", "description", "shortcut", "position", "created", ids=("parent",))},
    "parallax:comparisons": {"@id": "parallax:comparisons", "@container": "@list",
                             "@context": _terms("title", "created", "opened", ids=("left", "right"),
                                                json=("viewState",))},
}


def _urn(u: str) -> str:
    return f"urn:uuid:{u}"


def _un_urn(s: Any, what: str) -> str:
    if not isinstance(s, str) or not s:
        raise ValueError(f"found {'an' if what[:1] in 'aeiou' else 'a'} {what} without an id")
    return s[len("urn:uuid:"):] if s.startswith("urn:uuid:") else s


@with_paused_gc
def to_json(data: NotesData, /, *, indent: int | None = None, full_paths: bool = False) -> str:
    """An AnnotationCollection (W3C Web Annotation) that :func:`from_json` reads back.

    Its ``@context`` is the Web Annotation context and :data:`PARALLAX_CONTEXT`.  An
    article's ``source`` is a local file's name only, unless ``full_paths`` (URLs whole)."""
    arts = {a.id: a for a in data.articles}
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
            # the position counts in the cleaned text (see parallax:positions)
            "parallax:counts": "cleaned-text",
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
        "@context": [ANNO_CONTEXT, PARALLAX_CONTEXT],
        "id": _urn(str(_uuid.uuid4())),
        "type": "AnnotationCollection",
        "label": "Parallax notes",
        "generator": {"type": "Software", "name": "Parallax"},
        "generated": _now(),
        "total": len(items),
        "parallax:version": JSON_FORMAT_VERSION,
        "parallax:positions": POSITIONS,
        "parallax:articles": [
            {
                "id": _urn(a.uuid), "title": a.title, "outlet": a.outlet,
                "published": a.published, "byline": a.byline, "credits": list(a.credits),
                "language": a.language, "source": shown_path(a.path, full=full_paths) or None,
                "contentHash": a.content_hash,
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


@with_paused_gc
def from_json(text: str, /, *, source: str | None = None) -> NotesData:
    """Read :func:`to_json` output (or plain W3C annotations on articles it describes)."""
    src = source or "notes file"
    try:
        doc = json.loads(text)
    except ValueError as err:
        raise InputError(src, f"not JSON ({err})") from None
    return from_json_doc(doc, source=src)


def from_json_doc(doc: Any, /, *, source: str | None = None) -> NotesData:
    """:func:`from_json` of a document already parsed (``json.loads``)."""
    src = source or "notes file"
    if not isinstance(doc, dict | list):
        raise InputError(src, "not a W3C Web Annotation document")
    meta = doc if isinstance(doc, dict) else {}
    try:
        return _from_doc(doc, meta)
    except ValueError as err:
        raise InputError(src, f"not a usable W3C/Parallax notes export: {err}") from None
    except (KeyError, TypeError, AttributeError) as err:
        # the words for the user, the exception for the log
        log.warning("%s: not a usable notes export", src, exc_info=err)
        what = ("a field it needs is missing" if isinstance(err, KeyError) else
                "a field holds the wrong kind of value, such as text where a list or an object "
                "belongs")
        raise InputError(src, f"not a usable W3C/Parallax notes export ({what})") from None


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
