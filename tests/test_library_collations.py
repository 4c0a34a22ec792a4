"""Collations in the library (#15 item 4), without Qt: ``lib.collations`` (migration m004),
notes on matrix rows, and the exports of a collation with its matrix and notes."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3

import pytest

from parallax.reader.comparison.collate import compare_many
from parallax.reader.errors import LibraryError
from parallax.reader.ingest.article import load
from parallax.reader.notes.collation_export import matrix_rows, render, row_key, row_label
from parallax.reader.notes.library import Library
from parallax.reader.notes.schema import MIGRATION_NAMES
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds():
    return [load(p) for p in sorted(SEEDS.glob("00*.txt"))]


@pytest.fixture(scope="module")
def collation(seeds):
    return compare_many(seeds)


def test_a_collation_is_its_set_of_articles(tmp_path, seeds):
    with Library(tmp_path / "lib.db") as lib:
        ids = [lib.articles.add(a).id for a in seeds]
        first = lib.collations.open(ids)
        assert first.created
        again = lib.collations.open(list(reversed(ids)))
        assert again.id == first.id and not again.created
        assert lib.collations.get(first.id).article_ids == tuple(sorted(ids))
        assert lib.collations.find(ids[::-1]).id == first.id
        assert lib.collations.find(ids[:3]) is None
        with pytest.raises(LibraryError, match="three or more"):
            lib.collations.open([ids[0], ids[1], ids[1]])
        with pytest.raises(LibraryError, match="no article 999"):
            lib.collations.open([*ids[:2], 999])
        lib.collations.save_view_state(first.id, {"cell": {"matrix": "facts", "row": "x"}})
        assert lib.collations.get(first.id).view_state == {"cell": {"matrix": "facts", "row": "x"}}
        assert lib.undo_name == "Add article"  # opening and saving the view are not on the undo log


def test_notes_on_rows_replace_delete_undo_and_go_with_the_collation(tmp_path, seeds):
    with Library(tmp_path / "lib.db") as lib:
        ids = [lib.articles.add(a).id for a in seeds]
        cid = lib.collations.open(ids).id
        lib.collations.note_row(cid, "facts", "number:94,000", "first", label="94,000")
        lib.collations.note_row(cid, "facts", "number:94,000", "second")
        (note,) = lib.collations.row_notes(cid)
        assert (note.body, note.label) == ("second", "94,000")  # the label stays when not given
        lib.undo()
        assert lib.collations.row_note(cid, "facts", "number:94,000").body == "first"
        lib.collations.note_row(cid, "facts", "number:94,000", "  ")
        assert lib.collations.row_notes(cid) == []
        with pytest.raises(LibraryError, match="no matrix"):
            lib.collations.note_row(cid, "pairs", "x", "y")
        lib.collations.note_row(cid, "voices", "speaker:Biden", "quoted most")
        lib.collations.delete(cid)
        assert lib.collations.all() == []
        assert lib.db.execute("SELECT count(*) FROM collation_notes").fetchone()[0] == 0
        lib.undo()  # the deletion, taken back whole
        assert [n.body for n in lib.collations.row_notes(cid)] == ["quoted most"]


def test_deleting_an_article_drops_the_collations_it_is_in(tmp_path, seeds):
    with Library(tmp_path / "lib.db") as lib:
        ids = [lib.articles.add(a).id for a in seeds]
        five = lib.collations.open(ids).id
        three = lib.collations.open(ids[2:]).id
        lib.collations.note_row(five, "facts", "k", "on five")
        lib.articles.delete(ids[0])
        assert [c.id for c in lib.collations.all()] == [three]
        assert lib.db.execute("SELECT count(*) FROM collation_notes").fetchone()[0] == 0
        lib.undo()
        assert sorted(c.id for c in lib.collations.all()) == [five, three]
        assert [n.body for n in lib.collations.row_notes(five)] == ["on five"]


def test_a_library_of_the_release_before_gains_the_collation_tables(tmp_path):
    path = tmp_path / "lib.db"
    Library(path).close()
    # make it a library of the release before m004: its tables and migration row removed
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE collation_notes; DROP TABLE collations;"
                       "DELETE FROM _sqlite_migrations WHERE name = 'm004_collations';"
                       "PRAGMA user_version = 3;")
    conn.close()
    with Library(path) as lib:
        assert lib.schema_version == len(MIGRATION_NAMES) == 4
        assert lib.collations.all() == []
        assert lib.backup_path is not None and lib.backup_path.exists()


def test_row_keys_name_rows_by_what_they_are(collation, seeds):
    keys = [r.key for r in matrix_rows(collation)]
    assert len(keys) == len(set(keys)) == len(collation.facts) + len(collation.framing) + len(collation.voices)
    # the same articles in another order: the same keys (a note finds its row again)
    again = compare_many(list(reversed(seeds)))
    assert {r.key for r in matrix_rows(again)} == set(keys)


def test_exports_carry_the_matrix_and_the_notes(tmp_path, seeds, collation):
    with Library(tmp_path / "lib.db") as lib:
        ids = [lib.articles.add(a).id for a in seeds]
        info = lib.collations.get(lib.collations.open(ids).id)
        kiev = next(i for i, r in enumerate(collation.framing) if r.term.casefold() == "kyiv")
        lib.collations.note_row(info.id, "facts", row_key(collation, "facts", 0), "+1 on this")
        lib.collations.note_row(info.id, "framing", row_key(collation, "framing", kiev), "Kiev only once")
        lib.collations.note_row(info.id, "facts", "number:no such fact", "stale", label="no such fact")
        notes = lib.collations.row_notes(info.id)
    md = render(collation, notes, "md")
    assert "## Facts" in md and "## Notes on the matrix (3)" in md
    assert "Kiev only once" in md and "no such fact” (no longer in the matrix)" in md
    rows = list(csv.reader(io.StringIO(render(collation, notes, "csv"))))
    assert rows[0][-1] == "note" and rows[1][-1] == "'+1 on this"
    assert len([r for r in rows[1:] if r[0] in {"number", "date", "quote", "name"}]) == len(collation.facts)
    extra = [(r[0], r[1], r[-1]) for r in rows[1 + len(collation.facts):]]
    assert extra == [("framing", row_label(collation, "framing", kiev), "Kiev only once"),
                     ("fact", "no such fact", "stale")]
    doc = json.loads(render(collation, notes, "json", collation_uuid=info.uuid))
    targets = {a["target"]["selector"]["value"] for a in doc["first"]["items"]}
    assert f"matrix=framing&row={row_key(collation, 'framing', kiev)}" in targets
    assert doc["id"] == f"urn:uuid:{info.uuid}" and doc["total"] == 3
    html = render(collation, notes, "html")
    assert html.rstrip().endswith("</html>") and "Notes on the matrix (3)" in html
    hostile = dataclasses.replace(notes[0], body="<script>x</script>")
    page = render(collation, [hostile], "html")
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
