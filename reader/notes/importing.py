"""Importing a notes file of any kind Parallax reads, for ``parallax notes import`` and
the window's Notes > Import.

=========================  ==============================================================
``.qdpx``                  a REFI-QDA project (:mod:`~parallax.reader.notes.qdpx`)
JSON with articles         a Parallax export (W3C Web Annotation with ``parallax:`` terms,
                           :mod:`~parallax.reader.notes.w3c`)
other JSON annotations     a Hypothesis export (API ``rows`` or the client's
                           ``annotations``), or W3C annotations on web pages or files
                           (:mod:`~parallax.reader.notes.hypothesis`), placed on the
                           library's articles by URL or quote
=========================  ==============================================================

A file that holds nothing to import, or none of whose annotations can be placed, is
an error (one line), not an import of nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from parallax.reader.errors import InputError
from parallax.reader.notes.hypothesis import Foreign, from_doc, is_foreign
from parallax.reader.notes.qdpx import read_qdpx_file
from parallax.reader.notes.records import NotesData, OpChanges
from parallax.reader.notes.w3c import from_json_doc, read_json_text

__all__ = ["Imported", "import_file", "import_read", "import_text", "parse_notes", "read_notes"]

EXPECTED = ("a Parallax or W3C Web Annotation JSON export, a Hypothesis export or a "
            "REFI-QDA .qdpx project was expected")


class Imported(NamedTuple):
    """What an import did: the write's changes (``count`` annotations added, ``notices``)
    and the data read (``data.annotations`` are all the file's placed annotations)."""

    changes: OpChanges
    data: NotesData


def _parse(text: str, source: str) -> NotesData | list[Foreign]:
    try:
        doc: Any = json.loads(text)
    except ValueError as err:
        raise InputError(source, f"not JSON ({err}; {EXPECTED})") from None
    if is_foreign(doc):
        return from_doc(doc)
    return from_json_doc(doc, source=source)


def read_notes(path: str | os.PathLike[str], /) -> NotesData | list[Foreign]:
    """The contents of a notes file: a :class:`NotesData`, or annotations from another
    tool still to be placed (``lib.exchange.place_foreign``)."""
    if Path(path).suffix.lower() == ".qdpx":
        return read_qdpx_file(path)
    return _parse(read_json_text(path), str(path))


def _import(exchange: Any, read: NotesData | list[Foreign], source: str, *,
            undoable: bool) -> Imported:
    if isinstance(read, list):
        if not read:
            raise InputError(source, f"holds no annotations ({EXPECTED})")
        data = exchange.place_foreign(read)
        if not data.annotations and not data.notes:
            first = data.notices[0] if data.notices else ""
            what = "its annotation" if len(read) == 1 else f"none of its {len(read)} annotations"
            raise InputError(source, f"{what} could not be placed on an "
                                     f"article in the library (add the articles first); {first}")
    else:
        data = read
        if not (data.annotations or data.notes or data.links):
            raise InputError(source, f"holds no annotations or notes ({EXPECTED})")
    return Imported(exchange.import_data(data, undoable=undoable), data)


def import_file(exchange: Any, path: str | os.PathLike[str], /, *, undoable: bool = False) -> Imported:
    """Read ``path`` (:func:`read_notes`) and add it to the library of ``exchange``
    (``lib.exchange``) in one transaction."""
    return _import(exchange, read_notes(path), str(path), undoable=undoable)


def import_text(exchange: Any, text: str, /, *, source: str, undoable: bool = False) -> Imported:
    """:func:`import_file` for JSON text already read (standard input)."""
    return _import(exchange, _parse(text, source), source, undoable=undoable)


def parse_notes(text: str, /, *, source: str) -> NotesData | list[Foreign]:
    """What :func:`import_text` would add, read from JSON ``text`` (errors name ``source``)."""
    return _parse(text, source)


def import_read(exchange: Any, read: NotesData | list[Foreign], /, *, source: str,
                undoable: bool = False) -> Imported:
    """Add notes already read (:func:`read_notes`, :func:`parse_notes`) to the library of
    ``exchange``: a caller reads the file first and opens the library only for good input."""
    return _import(exchange, read, source, undoable=undoable)
