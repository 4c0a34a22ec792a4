"""Exporting and importing notes: Markdown, CSV, W3C Web Annotation JSON, HTML, PDF.

The input is a :class:`~parallax.reader.notes.records.NotesData` snapshot
(``Library.export_data(...)``); every function is pure and Qt-free.  The formats
live in their own modules, re-exported here:

- :func:`to_markdown` (:mod:`~parallax.reader.notes.markdown`): grouped by
  comparison and article; notes stay Markdown, made safe (no raw HTML, links only
  to ``http(s)``).
- :func:`to_csv` (:mod:`~parallax.reader.notes.csv_table`): one row per
  annotation, formula-like cells neutralised.
- :func:`to_json` / :func:`from_json` / :func:`read_json_file`
  (:mod:`~parallax.reader.notes.w3c`): W3C Web Annotation, read back without loss.
- :func:`to_html` (:mod:`~parallax.reader.notes.html_page`): one self-contained
  page, every user string escaped.
- PDF: the typed :class:`~parallax.reader.notes.printdoc.PrintDocument` (which
  Markdown and HTML render too), printed by the Qt front end (``parallax.ui.pdf``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from parallax.reader.errors import InputError, ParallaxError
from parallax.reader.notes.csv_table import CSV_COLUMNS, neutralise_cell, to_csv
from parallax.reader.notes.html_page import to_html
from parallax.reader.notes.markdown import safe_markdown, to_markdown
from parallax.reader.notes.printdoc import PrintDocument, build
from parallax.reader.notes.records import NotesData
from parallax.reader.notes.w3c import (
    ANNO_CONTEXT,
    JSON_FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    from_json,
    read_json_file,
    to_json,
)

__all__ = [
    "ANNO_CONTEXT", "CSV_COLUMNS", "FORMATS", "JSON_FORMAT_VERSION", "MAX_IMPORT_BYTES", "NotesData",
    "PrintDocument", "build", "from_json", "neutralise_cell", "read_json_file", "render",
    "safe_markdown", "to_csv", "to_html", "to_json", "to_markdown", "write_file",
]

FORMATS = ("md", "csv", "json", "html", "pdf")


def render(data: NotesData, fmt: str, /) -> str:
    """``md``, ``csv``, ``json`` or ``html`` (PDF is printed by the UI)."""
    if fmt == "md":
        return to_markdown(data)
    if fmt == "csv":
        return to_csv(data)
    if fmt == "json":
        return to_json(data)
    if fmt == "html":
        return to_html(data)
    raise ValueError(f"unknown export format {fmt!r}")


def write_file(data: NotesData, fmt: str, path: str | os.PathLike[str], /, *,
               print_pdf: Callable[[PrintDocument, str], None] | None = None) -> Path:
    """Write an export to ``path``, whole or not at all: it is written beside the target
    and renamed over it, so a failure never leaves half a file (or harms an old one).

    CSV starts with a BOM so spreadsheet programs read it as UTF-8.  PDF is the
    :class:`PrintDocument` of ``data`` printed by ``print_pdf(document, path)``, which
    the Qt front end provides (this module stays Qt-free)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(str(path), "is a directory")
    if fmt == "pdf" and print_pdf is None:
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
        if print_pdf is not None and fmt == "pdf":
            print_pdf(build(data), tmp)  # the printer writes the file itself
        os.replace(tmp, target)
    except OSError as err:
        raise InputError(str(path), f"cannot write ({err.strerror})") from None
    finally:
        if os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target
