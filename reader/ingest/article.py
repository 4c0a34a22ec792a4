"""The public entry to ingestion: any article file or pasted text -> a clean Article.

``load(path)`` reads ``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf`` (text
layer) and ``.docx``; ``from_text(text)`` takes pasted text (plain, Markdown
or HTML source) through the same cleaning.  The result's ``text`` keeps what
the outlet wrote (quotes, dashes, NBSPs untouched) with page furniture
removed; paragraphs and sentences are half-open code-point spans into it.

Limits: files over :data:`DEFAULT_MAX_BYTES` (20 MB) are refused unless
``max_bytes=`` says otherwise.  Every failure is one
:class:`~parallax.reader.errors.InputError` naming the file and the reason.

The pipeline: :mod:`parallax.reader.ingest.files` (bytes, format, encoding) ->
:mod:`parallax.reader.ingest.formats` (HTML via trafilatura, PDF, DOCX, Markdown) ->
:mod:`parallax.reader.ingest.clean` (boilerplate and stated metadata of plain-text
captures) -> :mod:`parallax.reader.text.segment` -> :mod:`parallax.reader.text.language`.
"""

from __future__ import annotations

import os
import re

from parallax.reader.errors import InputError
from parallax.reader.ingest.files import (
    DEFAULT_MAX_BYTES,
    STDIN,
    decode,
    looks_like_html,
    read_file,
    read_stream,
    sniff,
)
from parallax.reader.model import Article, Span
from parallax.reader.text.lexicon import Lexicon, using
from parallax.reader.text.segment import paragraphs, sentences

__all__ = ["DEFAULT_MAX_BYTES", "from_bytes", "from_stdin", "from_text", "load"]

_LINE_ENDS_RE = re.compile(r"\r\n?|\u2028|\x0b|\x0c|\x85")
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def load(
    path: str | os.PathLike[str], /, *, max_bytes: int = DEFAULT_MAX_BYTES, clean: bool = True,
    lexicon: Lexicon | None = None,
) -> Article:
    """The cleaned article in the file at ``path``.

    ``clean=False`` keeps the whole text (no boilerplate removal) but still
    decodes, extracts and segments it.  ``lexicon``: where the word lists that
    cleaning and metadata read come from (default: the user's,
    ``Lexicon.from_environment()``).
    """
    name = str(path)
    data = read_file(path, max_bytes=max_bytes)
    return from_bytes(data, source=name, clean=clean, lexicon=lexicon)


def from_bytes(
    data: bytes, /, *, source: str, name: str | None = None, clean: bool = True,
    lexicon: Lexicon | None = None,
) -> Article:
    """The cleaned article in ``data``; ``source`` names it in errors and ``Article.path``,
    ``name`` (default ``source``) gives the file extension used to tell formats apart."""
    with using(lexicon):
        return _from_bytes(data, source, name, clean)


def _from_bytes(data: bytes, source: str, name: str | None, clean: bool) -> Article:
    if not data:
        raise InputError(source, "is empty")
    kind = sniff(data, name=name or source, source=source)
    from parallax.reader.ingest import formats

    if kind == "pdf":
        ex = formats.from_pdf(data, source=source)
    elif kind == "docx":
        ex = formats.from_docx(data, source=source)
    else:
        text = decode(data, source=source, html=kind == "html")
        ex = _extract_text(text, kind, source)
    return _build(ex, source, clean)


def from_stdin(*, max_bytes: int = DEFAULT_MAX_BYTES, clean: bool = True, stream=None,
               lexicon: Lexicon | None = None) -> Article:
    """The article on standard input (or the binary ``stream``), read like a file:
    the same format sniffing and encoding detection; its path is ``<stdin>``.
    Every command's ``-`` comes here."""
    data = read_stream(stream, max_bytes=max_bytes)
    return from_bytes(data, source=STDIN, name="stdin.txt", clean=clean, lexicon=lexicon)


def from_text(
    text: str,
    /,
    *,
    source: str | None = None,
    format: str | None = None,
    clean: bool = True,
    lexicon: Lexicon | None = None,
) -> Article:
    """An Article from pasted text, cleaned like a file.

    ``format`` is ``"text"``, ``"markdown"`` or ``"html"``; by default HTML
    source is recognised and anything else is read as plain text.
    """
    label = source or "pasted text"
    if not isinstance(text, str):
        raise InputError(label, "is not text")
    text = _LINE_ENDS_RE.sub("\n", text.lstrip("\ufeff")).replace("\u2029", "\n\n")
    text = _CONTROLS_RE.sub("", text)
    if not text.strip():
        raise InputError(label, "is empty" if not text else "contains only white space")
    kind = format or ("html" if looks_like_html(text) else "text")
    if kind not in ("text", "markdown", "html"):
        raise InputError(label, f"has an unknown format {format!r} (use text, markdown or html)")
    with using(lexicon):
        article = _build(_extract_text(text, kind, label), label, clean)
    return article if source else _with_path(article, None)


def _with_path(article: Article, path: str | None) -> Article:
    from dataclasses import replace

    return replace(article, path=path)


def _extract_text(text: str, kind: str, source: str):
    from parallax.reader.ingest import formats

    if kind == "html":
        return formats.from_html(text, source=source)
    if kind == "markdown":
        return formats.from_markdown(text)
    return formats.Extracted(text=text)


def _build(ex, source: str, clean: bool) -> Article:
    from parallax.reader.ingest import metadata as md
    from parallax.reader.ingest.agencies import wire_agencies
    from parallax.reader.ingest.clean import clean_text, furniture
    from parallax.reader.text.language import detect

    title, outlet, byline, published = ex.title, ex.outlet, ex.byline, ex.published
    credits: list[str] = []
    if ex.clean and clean:
        c = clean_text(ex.text, title=title)
        paras = c.paragraphs
        title = title or c.title
        outlet = outlet or c.outlet
        byline = byline or c.byline
        published = published or c.published
        credits = c.credits
    else:
        paras = [_flat(ex.text[a:b]) for a, b in paragraphs(ex.text)]
        if clean:
            kept = furniture(paras)
            if ex.kind == "html" and not _has_prose(kept):
                raise InputError(source, "has no article text in its HTML")
            paras = kept or paras
        for p in paras:
            credits.extend(md.credit_names(p))
        if paras:
            tc = md.trailing_credit(paras[-1])
            if tc:
                credits.append(tc[1])
        credits = list(dict.fromkeys(credits))
    paras = [p.strip() for p in paras]
    paras = [p for p in paras if p]
    if not paras:
        # Cleaning took everything: a short paste or a file of one sentence ("You can
        # reach George Hunter at (313) 222-2027") is what the reader wants to read.
        paras = [p for p in (_flat(ex.text[a:b]).strip() for a, b in paragraphs(ex.text)) if p]
    if not paras:
        raise InputError(source, "contains no text")
    text = "\n\n".join(paras)
    spans: list[Span] = []
    pos = 0
    for p in paras:
        spans.append(Span(pos, pos + len(p)))
        pos += len(p) + 2
    para_spans = tuple(spans)
    language = detect(text) or (ex.language if ex.language else None)
    return Article(
        text=text,
        paragraphs=para_spans,
        sentences=sentences(text, para_spans),
        title=title,
        outlet=outlet,
        published=published,
        byline=byline,
        credits=tuple(credits),
        language=language,
        path=source,
        agencies=wire_agencies(credits),
    )


def _has_prose(paras: list[str]) -> bool:
    """At least a sentence, or a dozen words: not just a menu or a caption."""
    from parallax.reader.ingest.clean import words_of

    words = sum(len(words_of(p)) for p in paras)
    sentence = any(p.rstrip("\"'”’»)] ")[-1:] in ".!?。！？۔؟" and len(words_of(p)) >= 4 for p in paras)
    return words >= 12 or sentence


def _flat(block: str) -> str:
    block = block.strip()
    return re.sub(r"[ \t]*\n[ \t]*", " ", block) if "\n" in block else block

