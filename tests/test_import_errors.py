"""Error wording (#18 item 8): ``notes import`` names what a path is, as ``extract`` does
(one core helper, ``ingest.files.regular_file``), a FIFO is refused at once rather than
read until a writer comes, and no message carries an exception's class name: the user
reads what is wrong with the file in words, the log gets the exception."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import zipfile

import pytest

from parallax.reader.errors import InputError
from parallax.reader.ingest.article import load
from parallax.reader.ingest.files import regular_file
from parallax.reader.notes import importing
from parallax.reader.notes.library import Library
from tests.test_notes_cli import one_line_error, run

# An exception's class name as Python prints it: a CamelCase word ending in Error/Exception,
# or "error:" from a C module (zlib.error).
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|\berror:|\b[a-z]+\.[A-Za-z]+Error\b")


@pytest.fixture
def odd_paths(tmp_path):
    folder = tmp_path / "notes-folder"
    folder.mkdir()
    fifo = tmp_path / "notes.fifo"
    os.mkfifo(fifo)
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    qdpx_folder = tmp_path / "project.qdpx"
    qdpx_folder.mkdir()
    return {"folder": (folder, "is a directory, not a notes file"),
            "fifo": (fifo, "is a named pipe (FIFO), not a notes file"),
            "loop": (tmp_path / "loop-a", "is a loop of symbolic links (a link that leads back to itself)"),
            "qdpx folder": (qdpx_folder, "is a directory, not a REFI-QDA project")}


@pytest.mark.parametrize("kind", ["folder", "fifo", "loop", "qdpx folder"])
def test_notes_import_says_what_a_path_is(tmp_path, odd_paths, kind):
    path, words = odd_paths[kind]
    line = one_line_error(run(tmp_path / "lib.db", "notes", "import", str(path)))  # 120 s timeout
    assert line == f"parallax: error: {path}: {words}"
    assert "no such file" not in line
    assert not (tmp_path / "lib.db").exists()  # bad input leaves no library behind


def test_bad_input_to_notes_import_creates_no_library(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    for i, path in enumerate((bad, tmp_path / "missing.json")):
        one_line_error(run(tmp_path / f"lib{i}.db", "notes", "import", str(path)))
        assert not (tmp_path / f"lib{i}.db").exists()


def test_extract_and_notes_import_share_the_helper(tmp_path, odd_paths):
    for path, words in odd_paths.values():
        with pytest.raises(InputError) as notes:
            importing.read_notes(path)
        assert str(notes.value) == f"{path}: {words}"
        with pytest.raises(InputError) as article:
            load(str(path))  # what extract reads with: the same words for an article
        assert str(article.value) == f"{path}: {words.replace('a notes file', 'an article file').replace('a REFI-QDA project', 'an article file')}"
    with pytest.raises(InputError, match="no such file"):
        regular_file(tmp_path / "missing.json")


@pytest.mark.parametrize("doc", [
    {"parallax:articles": "not a list", "items": 5},
    {"type": "AnnotationCollection", "items": [{"id": "x", "target": 5, "body": 7}]},
    {"parallax:articles": [{"id": "a", "text": 12}], "items": []},
])
def test_a_malformed_export_is_described_in_words_and_logged(tmp_path, caplog, doc):
    f = tmp_path / "notes.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    with Library(tmp_path / "lib.db") as lib, caplog.at_level(logging.WARNING), \
            pytest.raises(InputError) as err:
        importing.import_file(lib.exchange, f)
    msg = str(err.value)
    assert msg.startswith(f"{f}: ") and "\n" not in msg
    assert not CLASS_NAME.search(msg), msg
    if "not a usable" in msg:  # the exception is in the log, for whoever reads it
        assert any(r.exc_info for r in caplog.records), caplog.records


def _word_file(document: str) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                                          'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", document)
    return bytearray(buf.getvalue())


DOCUMENT = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body>'
            + "".join(f"<w:p><w:r><w:t>Paragraph {i} of the report.</w:t></w:r></w:p>" for i in range(200))
            + "</w:body></w:document>")


def test_damaged_files_are_described_in_words_with_the_exception_in_the_log(tmp_path, caplog):
    corrupt = _word_file(DOCUMENT)
    at = corrupt.find(b"word/document.xml") + 40
    corrupt[at:at + 30] = b"\x00" * 30  # the deflated stream: zlib fails on it
    (tmp_path / "inflate.docx").write_bytes(corrupt)
    whole = _word_file(DOCUMENT)
    (tmp_path / "cut.docx").write_bytes(whole[: len(whole) // 2])  # no ZIP directory
    for name, words in (("inflate.docx", "is a damaged Word file (a part of it cannot be unpacked)"),
                        ("cut.docx", "is a damaged Word file (its list of contents cannot be read)")):
        caplog.clear()
        with caplog.at_level(logging.WARNING), pytest.raises(InputError) as err:
            load(str(tmp_path / name))
        assert str(err.value) == f"{tmp_path / name}: {words}"
        assert any(r.exc_info for r in caplog.records)
        line = one_line_error(run(None, "extract", str(tmp_path / name)))
        assert not CLASS_NAME.search(line.removeprefix("parallax: error: ")), line


@pytest.mark.parametrize("kind", ["folder", "fifo", "loop"])
def test_notes_add_names_what_an_article_path_is(tmp_path, odd_paths, kind):
    """``notes add --article PATH`` said "no such file" for a directory or FIFO, and an
    internal error (RuntimeError) for a symbolic-link loop."""
    path, words = odd_paths[kind]
    line = one_line_error(run(tmp_path / "lib.db", "notes", "add", "--article", str(path), "--quote", "x"))
    assert line == f"parallax: error: {path}: {words.replace('a notes file', 'an article file')}"
