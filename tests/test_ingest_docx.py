"""Word files: body order, and archives that inflate (issue #18.1, #17.9)."""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest

from parallax.reader.errors import InputError
from parallax.reader.ingest.archive import ZipLimits, open_archive, read_member, xml_events
from parallax.reader.ingest.article import load
from parallax.reader.ingest.wordfile import docx_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"
SENTENCES = [
    "The city council voted on Monday to add protected bike lanes along a mile of Main Street.",
    "The project will remove 48 parking spaces between Elm Avenue and the river bridge.",
    "Council member Dana Ortiz said the vote was about safety after two people were hit last year.",
    "Business owners said the loss of parking would drive customers to the big stores out of town.",
    "The city plans a new lot behind the old post office, and the mayor said it would open first.",
]


def docx(path, chunks, *, level: int = 6) -> None:
    """A Word file whose document.xml is HEAD, the ``chunks`` and TAIL, written as a stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(HEAD)
            for chunk in chunks:
                f.write(chunk)
            f.write(TAIL)


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def _refused_fast(path, match: str) -> str:
    load_small_docx_once()
    tracemalloc.start()
    cpu = time.process_time()
    try:
        with pytest.raises(InputError) as info:
            load(path)
        spent = time.process_time() - cpu
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    msg = str(info.value)
    assert "\n" not in msg and str(path) in msg and match in msg, msg
    assert spent < 1.0, spent
    assert peak < 200 * 1024 * 1024, peak
    return msg


_warm: list[bool] = []


def load_small_docx_once() -> None:
    """Imports and caches warmed, so timings measure the reading only."""
    if not _warm:
        buf = io.BytesIO()
        docx(buf, [paragraph(s) for s in SENTENCES])
        from parallax.reader.ingest.article import from_bytes

        from_bytes(buf.getvalue(), source="warm.docx")
        _warm.append(True)


# ---------------------------------------------------------------- body order


def test_tables_stay_between_the_paragraphs_around_them(tmp_path):
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Council approves bike lanes", style="Title")
    document.add_paragraph(SENTENCES[0])
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Street", "Spaces removed"), ("Main Street", "48")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(SENTENCES[1])
    p = tmp_path / "table.docx"
    document.save(str(p))
    a = load(p, clean=False)
    assert a.title == "Council approves bike lanes"
    assert a.text.split("\n\n") == [SENTENCES[0], "Street | Spaces removed", "Main Street | 48", SENTENCES[1]]


def test_text_boxes_and_deleted_revisions_are_not_body_text():
    body = (
        paragraph(SENTENCES[0])
        + f'<w:p><w:r><w:t>{SENTENCES[1]}</w:t></w:r><w:r><w:pict><w:txbxContent>'
          f'<w:p><w:r><w:t>A pull quote in a box</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>'.encode()
        + b"<w:p><w:del><w:r><w:delText>struck out </w:delText></w:r></w:del><w:r><w:t>"
        + SENTENCES[2].encode() + b"</w:t></w:r></w:p>"
    )
    buf = io.BytesIO()
    docx(buf, [body])
    paras, title = docx_text(buf.getvalue(), source="box.docx")
    assert paras == SENTENCES[:3]
    assert title is None


# ---------------------------------------------------------------- files that inflate


def test_a_small_docx_that_unpacks_to_50_mb_is_refused_at_once(tmp_path):
    rnd = random.Random(7)
    pool = [b"".join(paragraph(rnd.choice(("Yes", "No"))) for _ in range(900)) for _ in range(4)]

    def chunks():
        n = 0
        while n < 50 * 1024 * 1024:
            c = rnd.choice(pool)
            n += len(c)
            yield c

    p = tmp_path / "bomb.docx"
    docx(p, chunks(), level=9)
    assert p.stat().st_size < 600 * 1024
    _refused_fast(p, "unpacks to 50 MB")


def test_a_docx_packed_a_thousand_to_one_is_refused_at_once(tmp_path):
    p = tmp_path / "dense.docx"
    one = paragraph("x") * 10_000
    docx(p, (one for _ in range(60)), level=1)  # about 20 MB of one paragraph over and over
    _refused_fast(p, "to 1 limit")


@pytest.mark.slow  # writing the gigabyte takes seconds; refusing it does not
def test_a_member_over_a_gigabyte_is_refused_at_once(tmp_path):
    p = tmp_path / "giga.docx"
    chunk = paragraph("Yes") * 30_000
    docx(p, (chunk for _ in range((1 << 30) // len(chunk) + 1)), level=1)
    assert zipfile.ZipFile(p).getinfo("word/document.xml").file_size > 1 << 30
    _refused_fast(p, "unpacks to 1.0 GB")


def test_a_member_that_lies_about_its_size_is_not_read_past_it(tmp_path):
    rnd = random.Random(3)
    text = b"".join(paragraph(" ".join(rnd.choice(SENTENCES).split()[: rnd.randint(3, 12)]))
                    for _ in range(20_000))
    p = tmp_path / "liar.docx"
    docx(p, [text])
    real = zipfile.ZipFile(p).getinfo("word/document.xml").file_size
    assert real < 1 << 32
    data = bytearray(p.read_bytes())
    # the central directory's record of the member now states a size of 1000 bytes
    at = data.find(b"PK\x01\x02")
    while data[at + 46 : at + 46 + 17] != b"word/document.xml":
        at = data.find(b"PK\x01\x02", at + 4)
    data[at + 24 : at + 28] = struct.pack("<I", 1000)
    data = bytes(data)
    archive = open_archive(data, source="liar.docx")
    assert archive.getinfo("word/document.xml").file_size == 1000
    with pytest.raises(InputError, match=r"liar\.docx: is a damaged ZIP archive"):
        read_member(archive, "word/document.xml", source="liar.docx")


def test_the_zip_limits_reader_is_reusable():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", "<Project>" + "<Source/>" * 50 + "</Project>")
        z.writestr("sources/a.txt", "x" * 3000)
        z.writestr("sources/b.txt", bytes(random.Random(1).randbytes(4000)))
    data = buf.getvalue()
    archive = open_archive(data, source="p.qdpx", what="project")
    assert read_member(archive, "sources/a.txt", source="p.qdpx").startswith(b"xxx")
    with pytest.raises(InputError, match=r"p\.qdpx: has a part \(sources/b\.txt\) that unpacks to 4 KB"):
        read_member(archive, "sources/b.txt", source="p.qdpx", limits=ZipLimits(member_bytes=1024))
    budget = [5000]
    read_member(archive, "sources/a.txt", source="p.qdpx", budget=budget)
    assert budget == [2000]
    with pytest.raises(InputError, match="unpacks to more than allowed"):
        read_member(archive, "sources/b.txt", source="p.qdpx", budget=budget)
    with pytest.raises(InputError, match=r"no missing\.xml"):
        read_member(archive, "missing.xml", source="p.qdpx", what="project")
    xml = read_member(archive, "project.qde", source="p.qdpx")
    assert sum(1 for _ in xml_events(xml, source="p.qdpx", events=("end",))) == 51
    with pytest.raises(InputError, match="more than 50 XML elements"):
        list(xml_events(xml, source="p.qdpx", limits=ZipLimits(elements=50)))
    with pytest.raises(InputError, match="parts, over the 2 limit"):
        open_archive(data, source="p.qdpx", limits=ZipLimits(members=2))
    evil = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    assert [el.text for _, el in xml_events(evil, source="e.xml", events=("end",))] in ([None], [""])


# ---------------------------------------------------------------- an honest file


def _png(width: int, height: int, seed: int) -> bytes:
    """A PNG of noise (it does not compress, as photos do not)."""
    rnd = random.Random(seed)
    raw = b"".join(b"\x00" + rnd.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def test_an_honest_1_mb_docx_loads_in_under_a_second(tmp_path):
    import docx as python_docx
    from docx.shared import Inches

    rnd = random.Random(5)
    document = python_docx.Document()
    document.add_paragraph("Council approves bike lanes on Main Street", style="Title")
    document.add_picture(io.BytesIO(_png(600, 600, 1)), width=Inches(4))
    body = []
    for i in range(300):
        if i % 40 == 0:
            document.add_paragraph(f"Part {i // 40 + 1}", style="Heading 2")
            body.append(f"Part {i // 40 + 1}")
        text = " ".join(rnd.sample(SENTENCES, 3))
        document.add_paragraph(text)
        body.append(text)
    p = tmp_path / "honest.docx"
    document.save(str(p))
    assert p.stat().st_size > 1_000_000
    load_small_docx_once()
    cpu = time.process_time()
    a = load(p)
    spent = time.process_time() - cpu
    assert spent < 1.0, spent
    assert a.title == "Council approves bike lanes on Main Street"
    # (the cleaner takes the synthetic text's repeated sentences and headings for furniture)
    assert load(p, clean=False).text.split("\n\n") == body
