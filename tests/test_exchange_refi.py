"""REFI-QDA (issue #17): codebooks (.qdc) and projects (.qdpx) checked against the
standard's own schemas and against files written as other tools write them."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest

from parallax.reader.cli import run as cli
from parallax.reader.errors import InputError, ParallaxError
from parallax.reader.ingest.archive import ZipLimits
from parallax.reader.model import Article
from parallax.reader.notes import codebook
from parallax.reader.notes import export as ne
from parallax.reader.notes.library import Library
from parallax.reader.notes.qdpx import PROJECT_NS, from_qdpx, read_qdpx_file, to_qdpx
from tests.refi_qda import errors
from tests.test_notes_export import LEFT, RIGHT, _populate

# Taguette 1.5 runs on SQLAlchemy 1.4, which warns about 2.0 when its models load.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# A passage after characters outside the Basic Multilingual Plane: one code point each,
# two UTF-16 code units each, four UTF-8 bytes each.  REFI-QDA counts code points.
ASTRAL = "𝐁𝐢𝐝𝐞𝐧 🇺🇸 spoke with 𠀋 officials. The talks were frank and long."


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


# ---------------------------------------------------------------- codebooks


def test_qdc_is_valid_against_codebook_xsd(lib):
    lib.add_tag("Sub-framing", parent="Framing", colour="#112233",
                description="nested\x01 with a control character")
    lib.add_tag("Sub-sub", parent="Sub-framing")
    qdc = codebook.to_qdc(lib.tags())
    assert errors("Codebook", qdc) == []
    assert "<Sets" not in qdc  # an empty Sets is invalid (it needs one Set)
    entries = {e.name: e for e in codebook.from_qdc(qdc)}
    assert entries["Sub-sub"].parent == "Sub-framing" and entries["Sub-framing"].parent == "Framing"
    assert entries["Sub-framing"].description == "nested with a control character"
    with pytest.raises(ParallaxError, match="needs at least one code"):
        codebook.to_qdc([])


def test_the_schema_check_finds_what_was_wrong():
    """The validator is not lenient: the empty <Sets/> and <Codes/> Parallax wrote before
    (and Taguette 1.5 still writes) fail it."""
    from taguette.export import codebook_xml

    buf = io.BytesIO()
    codebook_xml([SimpleNamespace(path="Framing"), SimpleNamespace(path="Omission")], buf)
    found = errors("Codebook", buf.getvalue())
    assert found and all("Sets" in e for e in found)
    assert errors("Codebook", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')


def test_taguette_reads_our_codebook_and_we_read_taguettes(lib, tmp_path):
    """Taguette's codebook importer reads CSV only (taguette/import_codebook.py: list_tags
    is list_tags_csv), so it gets Parallax's CSV; Parallax reads Taguette's .qdc."""
    from taguette.export import codebook_xml
    from taguette.import_codebook import list_tags

    lib.add_tag("=Danger", description="formula-like, -12 stays")
    for guard in (False, True):
        got = list_tags(io.BytesIO(codebook.to_csv(lib.tags(), guard=guard).encode("utf-8")))
        names = [t["path"] for t in got]
        assert names == [t.name if not guard or t.name[0] != "=" else "'" + t.name
                         for t in lib.tags()]
        assert {t["path"]: t["description"] for t in got}["=Danger" if not guard else "'=Danger"] \
            == "formula-like, -12 stays"
    buf = io.BytesIO()
    codebook_xml([SimpleNamespace(path="Framing/Headline"), SimpleNamespace(path="Voices")], buf)
    p = tmp_path / "taguette.qdc"
    p.write_bytes(buf.getvalue())
    with Library(tmp_path / "t.db") as other:
        other.import_codebook_file(p)
        assert {"Framing/Headline", "Voices"} <= {t.name for t in other.tags()}
        # its GUIDs (upper case) are kept, lower case, so a second import changes nothing
        n = len(other.tags())
        other.import_codebook_file(p)
        assert len(other.tags()) == n


def test_codebook_command_line(lib, tmp_path, capsys):
    db = str(lib.path)
    lib.add_tag("Sub-framing", parent="Framing", colour="#112233", description="nested")
    out = tmp_path / "cb.qdc"
    assert cli(["codebook", "export", "-o", str(out), "--db", db]) == 0
    assert errors("Codebook", out.read_bytes()) == []
    assert cli(["codebook", "export", "--format", "csv", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("name,colour,description,parent,shortcut")
    other = str(tmp_path / "other.db")
    assert cli(["codebook", "--db", other, "import", str(out)]) == 0
    assert "imported 8 tags" in capsys.readouterr().out
    with Library(other) as o:
        t = o.tags.get("Sub-framing")
        assert (t.colour, t.description, o.tags.get(t.parent_id).name) == ("#112233", "nested", "Framing")
    csv_file = tmp_path / "cb.csv"
    csv_file.write_text("name,description,parent\nHeadline,big type,Framing\n", encoding="utf-8")
    assert cli(["codebook", "import", "--format", "csv", str(csv_file), "--db", other]) == 0
    with Library(other) as o:
        assert o.tags.get(o.tags.get("Headline").parent_id).name == "Framing"
    capsys.readouterr()
    assert cli(["codebook", "export", "-o", str(tmp_path / "cb.txt"), "--db", db]) == 2
    assert cli(["codebook", "import", str(tmp_path / "missing.qdc"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and all(x.startswith("parallax: error: ") for x in err.splitlines())


# ---------------------------------------------------------------- projects


def test_qdpx_is_valid_and_counts_code_points(lib):
    empty = zipfile.ZipFile(io.BytesIO(to_qdpx(lib.export_data(tag="Omission"))))
    assert errors("Project", empty.read("project.qde")) == []  # no empty Sources or Notes
    a = lib.add_article(Article(text=ASTRAL, title="Astral", outlet="Outlet",
                                path="https://example.org/astral")).id
    start = ASTRAL.index("frank")
    lib.add_annotation(a, (start, start + 5), tags=["Framing"], note="a note")
    raw = to_qdpx(lib.export_data())
    z = zipfile.ZipFile(io.BytesIO(raw))
    qde = z.read("project.qde")
    assert errors("Project", qde) == []
    (txt,) = [n for n in z.namelist() if n.startswith("Sources/")]
    assert z.read(txt).decode("utf-8") == ASTRAL  # the cleaned text, no BOM
    from lxml import etree

    sel = etree.fromstring(qde).find(f".//{{{PROJECT_NS}}}PlainTextSelection")
    s, e = int(sel.get("startPosition")), int(sel.get("endPosition"))
    assert (s, e) == (start, start + 5) and ASTRAL[s:e] == "frank"
    assert len(ASTRAL[:start].encode("utf-16-le")) // 2 != start  # UTF-16 would differ
    assert sel.find(f"{{{PROJECT_NS}}}Description").text == "a note"


def test_qdpx_round_trip_keeps_everything_the_standard_can_hold(lib, tmp_path):
    _populate(lib)
    out = tmp_path / "notes.qdpx"
    ne.write_file(lib.export_data(), "qdpx", out)
    assert errors("Project", zipfile.ZipFile(out).read("project.qde")) == []
    with Library(tmp_path / "fresh.db") as fresh:
        ch = fresh.import_data(read_qdpx_file(out))
        assert ch.count == 3 and ch.notices == ()
        assert sorted(fresh.articles.text(a.id) for a in fresh.articles()) == sorted([LEFT, RIGHT])
        assert {a.uuid for a in fresh.articles()} == {a.uuid for a in lib.articles()}
        left = next(a for a in fresh.articles() if a.title == "Left <b>story</b>")
        assert (left.outlet, left.published, left.byline, left.credits) == \
            ("Outlet & Co", "2021-12-07", "A. Writer", ("Reuters",))
        got = {(x.exact, x.tags, x.note) for x in fresh.annotations()}
        want = {(x.exact, x.tags, x.note) for x in lib.annotations()}
        assert got == want
        sub = fresh.tags.get("Sub-framing")
        assert (sub.colour, sub.description, fresh.tags.get(sub.parent_id).name) == \
            ("#112233", "nested", "Framing")
        assert {(ln.relation, ln.note) for ln in fresh.links()} == \
            {("reframes", "measures -> sanctions"), ("a custom relation", "")}
        (cm,) = fresh.comparisons()
        assert (fresh.articles.get(cm.left_id).title, fresh.articles.get(cm.right_id).title) == \
            ("Left <b>story</b>", "Right story")
        assert {(n.body, n.comparison_id is not None) for n in fresh.notes()} == \
            {("The pair, in short.", True), ("About the left article.", False)}
        # the same file again adds nothing
        assert fresh.import_data(read_qdpx_file(out)).count == 0


_GUID = {
    "user": "{3F2504E0-4F89-41D3-9A0C-0305E82C3301}",
    "media": "9F7C2E0A-1B2C-4D3E-8F40-5A6B7C8D9E01", "framing": "9F7C2E0A-1B2C-4D3E-8F40-5A6B7C8D9E02",
    "headline": "9F7C2E0A-1B2C-4D3E-8F40-5A6B7C8D9E03", "voices": "9F7C2E0A-1B2C-4D3E-8F40-5A6B7C8D9E04",
    "src1": "A1B2C3D4-0000-4000-8000-000000000001", "src2": "A1B2C3D4-0000-4000-8000-000000000002",
    "pdf": "A1B2C3D4-0000-4000-8000-000000000003",
    "sel1": "B1B2C3D4-0000-4000-8000-000000000001", "sel2": "B1B2C3D4-0000-4000-8000-000000000002",
    "sel3": "B1B2C3D4-0000-4000-8000-000000000003", "bad": "B1B2C3D4-0000-4000-8000-000000000004",
    "note1": "C1B2C3D4-0000-4000-8000-000000000001", "note2": "C1B2C3D4-0000-4000-8000-000000000002",
    "memo": "C1B2C3D4-0000-4000-8000-000000000003", "set": "D1B2C3D4-0000-4000-8000-000000000001",
    "link": "E1B2C3D4-0000-4000-8000-000000000001", "var": "F1B2C3D4-0000-4000-8000-000000000001",
}
DOC1 = "Minister Anna Berg resigned on Monday.\r\nShe cited health reasons.\r\nCritics doubt it."
DOC2 = "Berg quit after the audit, critics say.\nThe ministry declined to comment."


def _foreign_qdpx() -> bytes:
    """A project as a QDA program writes it: codes nested two deep, upper-case GUIDs
    (one in braces), a user, dates, CR LF in a source, a PDF source, memos."""
    g = _GUID
    s1, s2 = DOC1.index("resigned on Monday"), DOC1.index("health reasons")
    t1 = DOC2.index("after the audit")
    qde = f'''<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Berg study" origin="SomeQDA 24.1"
  creatingUserGUID="{g['user']}" creationDateTime="2024-03-01T09:30:00Z">
 <Users><User guid="{g['user']}" name="Dana Coder"/></Users>
 <CodeBook><Codes>
  <Code guid="{g['media']}" name="Media" isCodable="false" color="#AA3300">
   <Description>Top level</Description>
   <Code guid="{g['framing']}" name="Angle" isCodable="true" color="#36c">
    <Code guid="{g['headline']}" name="Headline" isCodable="true"><Description>Two deep</Description></Code>
   </Code>
  </Code>
  <Code guid="{g['voices']}" name="Voices" isCodable="true"/>
 </Codes></CodeBook>
 <Variables><Variable guid="{g['var']}" name="Outlet" typeOfVariable="Text"/></Variables>
 <Sources>
  <TextSource guid="{g['src1']}" name="Berg resigns" plainTextPath="internal://{g['src1']}.txt"
    creatingUser="{g['user']}" creationDateTime="2024-03-01T09:31:00Z">
   <Description>Wire copy</Description>
   <PlainTextSelection guid="{g['sel1']}" name="resigned" startPosition="{s1}" endPosition="{s1 + 18}"
     creatingUser="{g['user']}" creationDateTime="2024-03-01T10:00:00Z">
    <Description>The event itself</Description>
    <Coding guid="{g['sel1'][:-1]}9" creatingUser="{g['user']}"><CodeRef targetGUID="{g['headline']}"/></Coding>
    <Coding guid="{g['sel1'][:-1]}8"><CodeRef targetGUID="{g['voices']}"/></Coding>
    <NoteRef targetGUID="{g['memo']}"/>
   </PlainTextSelection>
   <PlainTextSelection guid="{g['sel2']}" startPosition="{s2}" endPosition="{s2 + 14}">
    <Coding guid="{g['sel2'][:-1]}9"><CodeRef targetGUID="{g['framing']}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="{g['bad']}" startPosition="500" endPosition="520"/>
   <Coding guid="{g['src1'][:-1]}9"><CodeRef targetGUID="{g['media']}"/></Coding>
   <NoteRef targetGUID="{g['note1']}"/>
   <VariableValue><VariableRef targetGUID="{g['var']}"/><TextValue>Daily Wire Service</TextValue></VariableValue>
  </TextSource>
  <TextSource guid="{g['src2']}" name="Audit story">
   <PlainTextContent>{DOC2}</PlainTextContent>
   <PlainTextSelection guid="{g['sel3']}" startPosition="{t1}" endPosition="{t1 + 15}">
    <Coding guid="{g['sel3'][:-1]}9"><CodeRef targetGUID="{g['headline']}"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PDFSource guid="{g['pdf']}" name="Scan" path="internal://{g['pdf']}.pdf"/>
 </Sources>
 <Notes>
  <Note guid="{g['note1']}" name="Memo on source" creationDateTime="2024-03-02T08:00:00Z">
   <PlainTextContent>Check the date.</PlainTextContent></Note>
  <Note guid="{g['memo']}" name="Selection memo"><PlainTextContent>Quote it.</PlainTextContent></Note>
  <Note guid="{g['note2']}" name="Pair memo"><PlainTextContent>Compare the motives.</PlainTextContent></Note>
 </Notes>
 <Links><Link guid="{g['link']}" name="contradicts" direction="OneWay" originGUID="{g['sel2']}"
   targetGUID="{g['sel3']}"/></Links>
 <Sets><Set guid="{g['set']}" name="Berg pair"><MemberSource targetGUID="{g['src1']}"/>
   <MemberSource targetGUID="{g['src2']}"/><MemberNote targetGUID="{g['note2']}"/></Set></Sets>
</Project>
'''
    assert errors("Project", qde) == [], "the hand-written project must itself be valid"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{g['src1'].lower()}.txt", DOC1.encode("utf-8"))
        z.writestr(f"sources/{g['pdf']}.pdf", b"%PDF-1.4 not really")
    return buf.getvalue()


def test_importing_a_project_made_by_another_tool(lib, tmp_path):
    path = tmp_path / "berg.qdpx"
    path.write_bytes(_foreign_qdpx())
    data = read_qdpx_file(path)
    ch = lib.import_data(data)
    assert ch.count == 3
    arts = {a.title: a for a in lib.articles()}
    assert set(arts) == {"Berg resigns", "Audit story"}
    doc1 = DOC1.replace("\r\n", "\n")
    assert lib.articles.text(arts["Berg resigns"].id) == doc1  # CR LF read as LF
    assert arts["Berg resigns"].uuid == _GUID["src1"].lower()
    assert arts["Berg resigns"].outlet == "Daily Wire Service"
    assert arts["Berg resigns"].added_at.startswith("2024-03-01T09:31:00")
    # codes nested two deep, colours (#36c is #3366CC), descriptions
    headline = lib.tags.get("Headline")
    framing = lib.tags.get(headline.parent_id)
    assert (framing.name, framing.colour, lib.tags.get(framing.parent_id).name) == \
        ("Angle", "#3366CC", "Media")
    assert headline.description == "Two deep" and headline.uuid == _GUID["headline"].lower()
    by_uuid = {x.uuid: x for x in lib.annotations()}
    s1 = by_uuid[_GUID["sel1"].lower()]
    assert (s1.exact, s1.tags, s1.note) == ("resigned on Monday", ("Headline", "Voices"),
                                             "The event itself\n\nQuote it.")
    assert s1.created.startswith("2024-03-01T10:00:00")
    s2 = by_uuid[_GUID["sel2"].lower()]
    assert s2.exact == "health reasons" and doc1[s2.start:s2.end] == "health reasons"  # moved by the CR
    assert by_uuid[_GUID["sel3"].lower()].exact == "after the audit"
    (ln,) = lib.links()
    assert ln.relation == "contradicts" and ln.comparison_id is not None
    (cm,) = lib.comparisons()
    assert cm.title == "Berg pair"
    assert {n.body for n in lib.notes()} == {"Check the date.", "Compare the motives."}
    joined = "\n".join(ch.notices)
    assert "'Scan': a PDF source" in joined and "codings of the whole source" in joined
    assert f"selection {_GUID['bad'].lower()}" in joined and "not a range" in joined
    assert len(ch.notices) == 3


def test_qdpx_files_that_are_not_projects_are_one_line_errors(tmp_path):
    bad = tmp_path / "x.qdpx"
    bad.write_text("hello")
    with pytest.raises(InputError, match="ZIP archive"):
        read_qdpx_file(bad)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "no project")
    with pytest.raises(InputError, match=r"no project\.qde"):
        from_qdpx(buf.getvalue(), source="y.qdpx")
    big = tmp_path / "big.qdpx"
    big.write_bytes(_foreign_qdpx())
    with pytest.raises(InputError, match=r"over the .* limit"):
        read_qdpx_file(big, limits=ZipLimits(member_bytes=1024))
    with pytest.raises(InputError, match="too large"):
        read_qdpx_file(big, max_bytes=100)
    dtd = io.BytesIO()
    with zipfile.ZipFile(dtd, "w") as z:
        z.writestr("project.qde", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e "boom">]>'
                                  '<Project xmlns="urn:QDA-XML:project:1.0" name="&e;"/>')
    with pytest.raises(InputError, match="no text source"):
        from_qdpx(dtd.getvalue(), source="z.qdpx")


def test_qdpx_on_the_command_line(lib, tmp_path, capsys):
    _populate(lib)
    db = str(lib.path)
    out = tmp_path / "n.qdpx"
    assert cli(["notes", "export", "--format", "qdpx", "-o", str(out), "--db", db]) == 0
    assert errors("Project", zipfile.ZipFile(out).read("project.qde")) == []
    assert cli(["notes", "export", "--format", "qdpx", "--db", db]) == 2  # needs -o
    other = str(tmp_path / "other.db")
    capsys.readouterr()
    assert cli(["notes", "import", str(out), "--db", other]) == 0
    assert capsys.readouterr().out.startswith("imported 3 annotations (0 already present)")
    foreign = tmp_path / "berg.qdpx"
    foreign.write_bytes(_foreign_qdpx())
    assert cli(["notes", "import", str(foreign), "--db", other]) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith("imported 3 annotations")
    assert len(cap.err.splitlines()) == 3 and all(x.startswith("parallax: ") for x in cap.err.splitlines())
