"""Exporting and importing notes: Markdown, CSV, W3C Web Annotation JSON, HTML, PDF,
REFI-QDA projects.

The input is a :class:`~parallax.reader.notes.records.NotesData` snapshot
(``Library.export_data(...)``); every function is pure and Qt-free.  The formats
live in their own modules, re-exported here:

- :func:`to_markdown` (:mod:`~parallax.reader.notes.markdown`): grouped by
  comparison and article; notes stay Markdown, made safe (no raw HTML, links only
  to ``http(s)``).
- :func:`to_csv` (:mod:`~parallax.reader.notes.csv_table`): one row per
  annotation, formula-like cells neutralised (``csv``) or every cell as stored, for
  data analysis (``csv-plain``).
- :func:`to_json` / :func:`from_json` / :func:`read_json_file`
  (:mod:`~parallax.reader.notes.w3c`): W3C Web Annotation, read back without loss.
- :func:`to_html` (:mod:`~parallax.reader.notes.html_page`): one self-contained
  page, every user string escaped.
- :func:`to_qdpx` / :func:`from_qdpx` (:mod:`~parallax.reader.notes.qdpx`): a
  REFI-QDA project (``.qdpx``, a ZIP archive), for QDA programs.
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
from parallax.reader.notes.qdpx import from_qdpx, read_qdpx_file, to_qdpx
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
    "ANNO_CONTEXT",
    "BINARY_FORMATS",
    "CSV_COLUMNS",
    "EXTENSIONS",
    "FORMATS",
    "JSON_FORMAT_VERSION",
    "MAX_IMPORT_BYTES",
    "NotesData",
    "PrintDocument",
    "build",
    "file_mode",
    "from_json",
    "from_qdpx",
    "neutralise_cell",
    "read_json_file",
    "read_qdpx_file",
    "render",
    "safe_markdown",
    "to_csv",
    "to_html",
    "to_json",
    "to_markdown",
    "to_qdpx",
    "write_bytes",
    "write_file",
]

FORMATS = ("md", "csv", "csv-plain", "json", "html", "pdf", "qdpx")
# The formats that are files of bytes, not text (written with -o only).
BINARY_FORMATS = ("pdf", "qdpx")
EXTENSIONS = {"csv-plain": "csv"}  # a format's file extension, when it is not its name


def render(data: NotesData, fmt: str, /, *, full_paths: bool = False) -> str:
    """``md``, ``csv``, ``csv-plain``, ``json`` or ``html`` (PDF is printed by the UI,
    ``qdpx`` is :func:`to_qdpx`'s archive).  ``full_paths`` writes article sources as
    stored; by default a local file is named by its file name only (URLs stay whole)."""
    if fmt == "md":
        return to_markdown(data, full_paths=full_paths)
    if fmt in ("csv", "csv-plain"):
        return to_csv(data, guard=fmt == "csv", full_paths=full_paths)
    if fmt == "json":
        return to_json(data, full_paths=full_paths)
    if fmt == "html":
        return to_html(data, full_paths=full_paths)
    raise ValueError(f"unknown export format {fmt!r}")


def write_file(data: NotesData, fmt: str, path: str | os.PathLike[str], /, *,
               print_pdf: Callable[[PrintDocument, str], None] | None = None,
               full_paths: bool = False) -> Path:
    """Write an export to ``path``, whole or not at all: it is written beside the target
    and renamed over it, so a failure never leaves half a file (or harms an old one).

    CSV starts with a BOM so spreadsheet programs read it as UTF-8 (``csv-plain`` does
    not).  PDF is the
    :class:`PrintDocument` of ``data`` printed by ``print_pdf(document, path)``, which
    the Qt front end provides (this module stays Qt-free)."""
    if fmt == "pdf" and print_pdf is None:
        raise ParallaxError("PDF export needs the Qt front end (run 'parallax', not the bare core)")
    data_bytes = b""
    if fmt == "qdpx":
        data_bytes = to_qdpx(data, full_paths=full_paths)
    elif fmt != "pdf":
        # The guarded CSV is for spreadsheets, which need a BOM to read UTF-8; the plain
        # one is for data tools, which read UTF-8 as it is.
        data_bytes = (("\ufeff" if fmt == "csv" else "")
                      + render(data, fmt, full_paths=full_paths)).encode("utf-8")
    if fmt != "pdf":
        return write_bytes(data_bytes, path)
    return write_bytes(b"", path, fill=lambda tmp: print_pdf(  # type: ignore[misc]
        build(data, full_paths=full_paths), tmp))


def file_mode() -> int:
    """The mode a new file gets from ``open()``: 0o666 less the process's umask."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: read by setting it, and set it back at once
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(data_bytes: bytes, path: str | os.PathLike[str], /, *,
                fill: Callable[[str], None] | None = None) -> Path:
    """Write ``data_bytes`` to ``path`` whole or not at all (beside it, then renamed over
    it); ``fill(tmp_path)``, when given, writes the file itself (the PDF printer).

    The file gets the mode any new file gets (0o666 less the umask), whatever the format:
    the temporary file is private while it is written, not after.  A failure names the
    target, never the temporary file."""
    target = Path(path)
    if target.is_dir():
        raise InputError(str(path), "is a directory")
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
        if fill is not None:
            try:
                fill(tmp)  # the printer writes the file itself
            except ParallaxError as err:  # name the file asked for, not the temporary one
                raise ParallaxError(str(err).replace(tmp, str(path)).replace(
                    os.path.basename(tmp), target.name)) from None
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except OSError as err:
        raise InputError(str(path), f"cannot write ({err.strerror})") from None
    finally:
        if os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target
