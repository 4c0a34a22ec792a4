"""Annotations made by another tool on web pages: Hypothesis's exports, and plain W3C
Web Annotations whose articles the file does not carry.

Read are:

- the Hypothesis API's search result, ``{"total": N, "rows": [...]}``, and the
  Hypothesis client's export, ``{"export_date": ..., "annotations": [...]}`` (the same
  rows): ``uri``, ``text`` (Markdown), ``tags``, ``target[0].selector`` with a
  ``TextQuoteSelector`` and a ``TextPositionSelector``, ``document.title``;
- W3C Web Annotation JSON-LD, as Hypothesis serves it (``Accept:
  application/ld+json``) or any tool writes it: one ``Annotation``, a list of them, or
  an ``AnnotationCollection``, without ``parallax:articles``.

Each becomes a :class:`Foreign` annotation: where it was made (the page's URL) and what
it quotes.  ``lib.exchange.place_foreign`` then finds its article in the library, by
URL when the library knows the page, else by the quote, and finds the passage there by
the quote (a position counted in a web page's text is only a hint for Parallax's cleaned
text).  Replies and annotations without a quote on a page the library does not hold are
left out with a notice.
"""

from __future__ import annotations

import uuid as _uuid
from typing import Any, NamedTuple

__all__ = ["Foreign", "from_doc", "is_foreign"]


class Foreign(NamedTuple):
    """One annotation from another tool, before it is placed on a library article.
    ``exact`` is empty for a note on a whole page."""

    uuid: str
    url: str | None
    title: str | None
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    note: str
    tags: tuple[str, ...]
    created: str | None
    modified: str | None
    skip: str | None = None  # why it cannot be imported at all (a reply), or None


def _rows(doc: Any) -> list[dict] | None:
    if isinstance(doc, dict):
        for key in ("rows", "annotations"):
            rows = doc.get(key)
            if isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
                return rows
    return None


def _w3c_items(doc: Any) -> list[dict]:
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict) and d.get("type") == "Annotation"]
    if not isinstance(doc, dict):
        return []
    if doc.get("type") == "Annotation":
        return [doc]
    items: list[dict] = []
    page = doc.get("first")
    while isinstance(page, dict):
        items += [d for d in page.get("items") or [] if isinstance(d, dict)]
        page = page.get("next") if isinstance(page.get("next"), dict) else None
    items += [d for d in doc.get("items") or [] if isinstance(d, dict)]
    return items


def is_foreign(doc: Any) -> bool:
    """True for a Hypothesis export, and for W3C annotations whose file does not carry
    their articles (no ``parallax:articles``, targets that are not Parallax's uuids)."""
    if _rows(doc) is not None:
        return True
    if isinstance(doc, dict) and "parallax:articles" in doc:
        return False
    items = _w3c_items(doc)
    return bool(items) and any(
        isinstance(s, str) and not s.startswith("urn:uuid:") for s in map(_source, items))


def _source(item: dict) -> str | None:
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str):
        return target
    if isinstance(target, dict):
        src = target.get("source") or target.get("id")
        return src if isinstance(src, str) else None
    return None


def _selectors(target: Any) -> tuple[dict | None, dict | None]:
    if isinstance(target, list):
        target = next((t for t in target if isinstance(t, dict) and t.get("selector")), None)
    if not isinstance(target, dict):
        return None, None
    sels = target.get("selector") or []
    if isinstance(sels, dict):
        sels = [sels]
    quote = next((s for s in sels if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    pos = next((s for s in sels if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    return quote, pos


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _uuid_for(ident: Any, url: str | None) -> str:
    """A stable uuid for another tool's id, so importing the same file twice adds nothing."""
    ident = str(ident or "")
    if ident.startswith("urn:uuid:"):
        return ident[len("urn:uuid:"):]
    try:
        return str(_uuid.UUID(ident))
    except ValueError:
        pass
    if ident and "://" not in ident:
        ident = f"https://hypothes.is/a/{ident}"  # a Hypothesis id
    return str(_uuid.uuid5(_uuid.NAMESPACE_URL, ident or f"{url}#anonymous"))


def _from_row(row: dict) -> Foreign:
    target = row.get("target")
    quote, pos = _selectors(target)
    url = _str(row.get("uri")) or (_source({"target": target}) if target else None)
    doc = row.get("document") if isinstance(row.get("document"), dict) else {}
    titles = doc.get("title") if isinstance(doc.get("title"), list) else [doc.get("title")]
    tags = tuple(t for t in row.get("tags") or [] if isinstance(t, str) and t.strip())
    skip = "a reply to another annotation" if row.get("references") else None
    return Foreign(
        _uuid_for(row.get("id"), url), url, next((t for t in titles if isinstance(t, str)), None),
        str((quote or {}).get("exact") or ""), str((quote or {}).get("prefix") or ""),
        str((quote or {}).get("suffix") or ""), _int((pos or {}).get("start")),
        _int((pos or {}).get("end")), _str(row.get("text")) or "", tags,
        _str(row.get("created")), _str(row.get("updated")) or _str(row.get("created")), skip)


def _from_w3c(item: dict) -> Foreign:
    bodies = item.get("body") or []
    if isinstance(bodies, dict | str):
        bodies = [bodies]
    notes, tags = [], []
    for b in bodies:
        if isinstance(b, str):
            notes.append(b)
        elif isinstance(b, dict) and isinstance(b.get("value"), str):
            (tags if b.get("purpose") == "tagging" else notes).append(b["value"])
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    quote, pos = _selectors(item.get("target"))
    url = _source(item)
    skip = "a reply to another annotation" if item.get("motivation") == "replying" else \
        "a link between passages (only Parallax's own exports carry both)" \
        if item.get("motivation") == "linking" else None
    return Foreign(
        _uuid_for(item.get("id"), url), url, None, str((quote or {}).get("exact") or ""),
        str((quote or {}).get("prefix") or ""), str((quote or {}).get("suffix") or ""),
        _int((pos or {}).get("start")), _int((pos or {}).get("end")),
        "\n\n".join(n for n in notes if n.strip()), tuple(t for t in tags if t.strip()),
        _str(item.get("created")), _str(item.get("modified")) or _str(item.get("created")), skip)


def from_doc(doc: Any, /) -> list[Foreign]:
    """The annotations of a parsed Hypothesis or W3C JSON document (see the module
    docstring); an empty list when it holds none."""
    rows = _rows(doc)
    if rows is not None:
        return [_from_row(r) for r in rows]
    return [_from_w3c(i) for i in _w3c_items(doc)]
