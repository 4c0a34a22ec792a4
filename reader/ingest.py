"""Loading an article file (issue #2 keeps the raw text; #3 brings cleaning)."""

from __future__ import annotations

from pathlib import Path

from reader.errors import InputError
from reader.model import Article
from reader.segment import segment


def load(path: str | Path) -> Article:
    p = Path(path)
    if not p.exists():
        raise InputError(str(path), "no such file")
    if p.is_dir():
        raise InputError(str(path), "is a directory, not an article file")
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "not valid UTF-8 text") from None
    except OSError as err:
        raise InputError(str(path), err.strerror or "cannot be read") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(str(path), "is empty")
    paras, sents = segment(text)
    return Article(text=text, paragraphs=paras, sentences=sents, path=str(path))


def from_text(text: str, *, source: str | None = None) -> Article:
    """An Article from pasted text (issue #2: the raw text, one paragraph)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source or "pasted text", "is empty")
    paras, sents = segment(text)
    return Article(text=text, paragraphs=paras, sentences=sents, path=source)
