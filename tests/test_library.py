"""The notes library: its API, undo/redo, migrations, and files it must refuse."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlite_utils import Database

from parallax.reader.errors import InputError, LibraryError, UsageError
from parallax.reader.model import Article, Span
from parallax.reader.notes.library import (
    MIGRATION_NAMES,
    MIGRATIONS,
    SCHEMA_VERSION,
    STARTER_CODEBOOK,
    Library,
    default_path,
    fts_query,
)
from tests.conftest import ROOT, seed

TEXT = (
    "The two presidents spoke by video link for two hours on Tuesday. "
    "Moscow said the call was frank and businesslike. "
    "Washington warned of strong economic measures if Russia invaded Ukraine. "
    "Troops remain near the border, officials said."
)


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


def _article(lib: Library, text: str = TEXT, **kw) -> int:
    return lib.add_article(Article(text=text, **kw)).id


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the v1 fixture


def make_v1_library(path: Path) -> dict:
    """A library as the FIRST schema made it: only migration m001 applied, with data
    written the way that version wrote it (plain SQL, no later tables)."""
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m002_comparisons_notes_links")
    tables = set(db.table_names())
    assert "comparisons" not in tables and "search" not in tables
    text = TEXT
    db.execute(
        "INSERT INTO articles (uuid, path, title, outlet, text, content_hash, added_at, updated_at)"
        " VALUES ('a-1', '/old/a.txt', 'Old title', 'Old outlet', ?, ?, '2024-01-01', '2024-01-01')",
        [text, hashlib.sha256(text.encode()).hexdigest()],
    )
    start = text.index("frank and businesslike")
    end = start + len("frank and businesslike")
    db.execute(
        'INSERT INTO annotations (uuid, article_id, start, "end", exact, prefix, suffix, note, '
        "created, modified) VALUES ('n-1', 1, ?, ?, ?, ?, ?, 'kept since v1', '2024-01-01', '2024-01-01')",
        [start, end, text[start:end], text[max(0, start - 32):start], text[end:end + 32]],
    )
    omission = db.execute("SELECT id FROM tags WHERE name = 'Omission'").fetchone()[0]
    db.execute("INSERT INTO annotation_tags VALUES (1, ?)", [omission])
    db.close()
    return {"start": start, "end": end}


def test_migration_from_the_first_schema_keeps_data_and_writes_a_backup(tmp_path):
    path = tmp_path / "old.db"
    where = make_v1_library(path)
    before = _digest(path)
    with Library(path) as lib:
        assert lib.schema_version == SCHEMA_VERSION
        assert lib.backup_path is not None and lib.backup_path.parent == tmp_path
        (a,) = lib.annotations()
        assert (a.start, a.end, a.note, a.tags) == (where["start"], where["end"], "kept since v1",
                                                    ("Omission",))
        assert lib.article(1).title == "Old title"
        # What later schemas added works on the upgraded file.
        assert {h.kind for h in lib.search("businesslike")} == {"annotation", "article"}
        other = _article(lib, "Another text about the call between the presidents.")
        cmp = lib.open_comparison(1, other).id
        lib.add_note("Comparison note", comparison_id=cmp)
        assert lib.notes(comparison_id=cmp)[0].body == "Comparison note"
    # The backup is the untouched first-schema library.
    assert _digest(path) != before  # the original was upgraded in place
    backup = Database(lib.backup_path)
    assert backup.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 1
    assert backup.execute("SELECT note FROM annotations").fetchone()[0] == "kept since v1"
    backup.close()
    # Opening again upgrades nothing and writes no second backup.
    with Library(path) as again:
        assert again.backup_path is None
    applied = Database(path).execute(
        "SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert [r[0] for r in applied] == list(MIGRATION_NAMES)


def test_new_library_settings_and_starter_codebook(tmp_path):
    path = tmp_path / "deep" / "dir" / "lib.db"
    with Library(path) as lib:
        conn = lib.db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tags = lib.tags()
        assert [t.name for t in tags] == [n for n, _, _ in STARTER_CODEBOOK]
        assert len({t.colour for t in tags}) == len(tags)
        assert [t.shortcut for t in tags] == [str(i) for i in range(1, len(tags) + 1)]
        assert {r.name for r in lib.relations()} >= {"same fact", "reframes", "contradicts", "omits"}


def test_default_path_env_and_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv("PARALLAX_DB", str(tmp_path / "env.db"))
    assert default_path() == tmp_path / "env.db"
    monkeypatch.delenv("PARALLAX_DB")
    import platformdirs

    assert default_path() == Path(platformdirs.user_data_dir("parallax", appauthor=False)) / "library.db"


# ---------------------------------------------------------------- articles


def test_articles_store_text_metadata_hash_and_path(lib, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    ch = lib.add_file(f)
    info = lib.article(ch.id)
    assert info.path == str(f.resolve())
    assert info.content_hash == hashlib.sha256(lib.article_text(ch.id).encode()).hexdigest()
    assert lib.load_article(ch.id).text == lib.article_text(ch.id)
    again = lib.add_file(f)
    assert (again.id, again.created) == (ch.id, False)
    assert lib.find_article(str(ch.id)).id == ch.id
    assert lib.find_article(str(f)).id == ch.id
    assert lib.find_article("999") is None
    b = _article(lib, "Other text entirely, with its own words.", title="T", outlet="O",
                 credits=("AP", "Reuters"))
    assert lib.article(b).credits == ("AP", "Reuters")
    assert [a.id for a in lib.articles()] == [ch.id, b]


def test_bad_article_file_is_an_input_error(lib, tmp_path):
    with pytest.raises(InputError):
        lib.add_file(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    with pytest.raises(InputError):
        lib.add_file(empty)


# ---------------------------------------------------------------- annotations, tags, undo


def test_annotate_tag_note_and_query(lib):
    a = _article(lib)
    span = lib.locate_quote(a, "frank and businesslike")
    ch = lib.add_annotation(a, span, tags=["Shared fact", "My new tag"], note="**why** it matters")
    assert ch.annotation and ch.tag and ch.undoable
    ann = lib.annotation(ch.id)
    assert ann.exact == "frank and businesslike"
    assert ann.prefix.endswith("the call was ") and ann.suffix.startswith(". Washington")
    assert ann.tags == ("Shared fact", "My new tag")
    assert lib.tag("my new tag").shortcut == "8"
    assert [x.id for x in lib.annotations(tag="shared FACT")] == [ch.id]
    assert lib.annotations(tag="Omission") == []
    assert lib.count_annotations(article_id=a) == 1
    with pytest.raises(UsageError):
        lib.locate_quote(a, "two")  # "two presidents", "two hours"
    assert lib.locate_quote(a, "two", occurrence=2).start == TEXT.index("two hours")
    with pytest.raises(InputError):
        lib.locate_quote(a, "not in the text at all")
    # quotes typed with straight punctuation find typographic text
    b = _article(lib, "He called it a \u201cred line\u201d \u2014 twice.")
    assert lib.locate_quote(b, '"red line" - twice').start == 15


def test_annotations_stream_in_batches_like_the_list(lib):
    a = _article(lib)
    b = _article(lib, "Another article, with words enough to mark a few passages in it.")
    for art, n in ((a, 30), (b, 25)):
        length = len(lib.article_text(art))
        for i in range(n):
            start = (i * 7) % (length - 5)
            lib.add_annotation(art, (start, start + 4), tags=["Omission"] if i % 3 == 0 else
                               ["Framing", "Attribution"] if i % 3 == 1 else [], note=f"n{i}")
    for kw in ({}, {"tag": "Omission"}, {"article_id": b}, {"orphaned": False},
               {"limit": 17, "offset": 5}, {"offset": 50}, {"limit": 0}, {"tag": "Framing", "limit": 9}):
        batches = list(lib.iter_annotations(**kw, batch=4))
        assert all(1 <= len(x) <= 4 for x in batches)
        assert [x for batch in batches for x in batch] == lib.annotations(**kw), kw
    assert [set(x.tags) for x in lib.annotations(article_id=a)][:3] == [
        {"Omission"}, {"Framing", "Attribution"}, set()]


def test_tag_crud_merge_delete_with_count_and_undo(lib):
    a = _article(lib)
    x = lib.add_annotation(a, (0, 3), tags=["Omission"]).id
    y = lib.add_annotation(a, (4, 7), tags=["Framing", "Omission"]).id
    lib.add_annotation(a, (8, 17), tags=["Framing"])
    assert lib.update_tag("Omission", name="Left out").name == "Rename tag"
    assert lib.annotation(x).tags == ("Left out",)
    lib.update_tag("Left out", colour="#123abc")
    assert lib.tag("Left out").colour == "#123ABC"
    with pytest.raises(UsageError):
        lib.update_tag("Left out", colour="red")
    with pytest.raises(LibraryError):
        lib.add_tag("framing")  # names are unique regardless of case
    child = lib.add_tag("Sub", parent="Framing").id
    assert lib.tag(child).parent_id == lib.tag("Framing").id
    sub = lib.add_annotation(a, (18, 25), tags=["Sub"]).id
    assert sub in {x.id for x in lib.annotations(tag="Framing")}  # includes sub-tags
    lib.delete_annotation(sub)
    with pytest.raises(LibraryError):
        lib.update_tag("Framing", parent="Sub")  # no cycles
    assert lib.tag_usage("Framing") == 2
    merged = lib.merge_tags(["Left out"], "Framing")
    assert merged.count == 1  # y had both already
    assert lib.annotation(x).tags == ("Framing",)
    assert lib.annotation(y).tags == ("Framing",)
    lib.undo()
    assert lib.annotation(x).tags == ("Left out",)
    assert set(lib.annotation(y).tags) == {"Left out", "Framing"}
    lib.redo()
    deleted = lib.delete_tag("Framing")
    assert deleted.count == 3
    assert lib.annotation(x).tags == ()
    assert lib.tag(child).parent_id is None
    lib.undo()
    assert lib.annotation(x).tags == ("Framing",) and lib.tag(child).parent_id is not None


def test_undo_redo_of_every_kind_of_change(lib):
    seen = []
    lib.subscribe(seen.append)
    a = _article(lib)
    ann = lib.add_annotation(a, (0, 3), tags=["Omission"], note="first").id
    lib.update_annotation(ann, note="second")
    assert lib.undo_name == "Edit note"
    lib.undo()
    assert lib.annotation(ann).note == "first"
    assert lib.redo_name == "Edit note"
    lib.redo()
    assert lib.annotation(ann).note == "second"
    lib.delete_annotation(ann)
    with pytest.raises(LibraryError):
        lib.annotation(ann)
    undone = lib.undo()
    assert undone.annotation and not undone.undoable
    restored = lib.annotation(ann)
    assert restored.note == "second" and restored.tags == ("Omission",)
    assert [h.id for h in lib.search("second") if h.kind == "annotation"] == [ann]
    lib.undo()  # the edit
    lib.undo()  # the add
    assert lib.annotations() == []
    assert lib.search("second") == []
    assert seen and all(hasattr(c, "kinds") for c in seen)
    while lib.undo_name:
        lib.undo()
    with pytest.raises(LibraryError, match="nothing to undo"):
        lib.undo()


def test_notes_links_and_comparisons(lib):
    left = _article(lib)
    right = _article(lib, "Biden and Putin held a two-hour video call. The Kremlin called it frank.")
    cmp = lib.open_comparison(left, right)
    assert cmp.created and not cmp.undoable
    assert lib.find_comparison(left, right).id == cmp.id
    assert lib.find_comparison(right, left) is None
    again = lib.open_comparison(left, right)
    assert (again.id, again.created) == (cmp.id, False)
    lib.save_view_state(cmp.id, {"left_scroll": 120, "right_scroll": 80, "layers": ["facts"]})
    assert lib.comparison(cmp.id).view_state == {"left_scroll": 120, "right_scroll": 80,
                                                 "layers": ["facts"]}
    assert lib.undo_name == "Add article"  # opening and view state are not edits
    ln = lib.link_passages(left, lib.locate_quote(left, "frank and businesslike"),
                           right, lib.locate_quote(right, "frank"), "reframes",
                           note="same word, less", comparison_id=cmp.id)
    link = lib.link(ln.id)
    assert (link.relation, link.note, link.comparison_id) == ("reframes", "same word, less", cmp.id)
    lib.update_link(ln.id, relation="my relation")
    assert lib.link(ln.id).relation == "my relation"
    assert "my relation" in {r.name for r in lib.relations()}
    n1 = lib.add_note("About the pair", comparison_id=cmp.id).id
    n2 = lib.add_note("About the left article", article_id=left).id
    assert [n.id for n in lib.notes(comparison_id=cmp.id)] == [n1]
    assert [n.id for n in lib.notes(article_id=left)] == [n2]
    with pytest.raises(UsageError):
        lib.add_note("both", article_id=left, comparison_id=cmp.id)
    assert lib.comparisons()[0].id == cmp.id
    lib.delete_comparison(cmp.id)
    assert lib.notes(comparison_id=cmp.id) == []
    assert lib.link(ln.id).comparison_id is None
    lib.undo()
    assert lib.comparison(cmp.id).view_state["left_scroll"] == 120
    assert lib.link(ln.id).comparison_id == cmp.id
    # deleting an annotation removes the links that use it
    src = lib.link(ln.id).source_id
    lib.delete_annotation(src)
    assert lib.links() == []


def test_notes_list_rows_scope_filters_and_reading_rows(lib):
    left = _article(lib, title="Wire copy")
    right = _article(lib, "Biden and Putin held a two-hour video call. The Kremlin called it frank.",
                     title="Rewrite")
    other = _article(lib, "تحدث بايدن وبوتين عبر الفيديو. 拜登与普京举行视频通话。", title="Elsewhere")
    cmp = lib.open_comparison(left, right).id
    lib.add_tag("Scare quotes", parent="Framing")  # "Framing" is in the starter codebook
    a1 = lib.add_annotation(left, lib.locate_quote(left, "economic measures"), tags=["Framing"],
                            note="hinted sanctions").id
    a2 = lib.add_annotation(right, lib.locate_quote(right, "frank"), tags=["Scare quotes"]).id
    a3 = lib.add_annotation(other, lib.locate_quote(other, "بايدن"), note="اسم").id
    a4 = lib.add_annotation(other, lib.locate_quote(other, "视频通话"), tags=["Framing"]).id
    # a link between two passages that carry nothing else: the ends are listed under the link
    ln = lib.link_passages(left, lib.locate_quote(left, "two hours"), right,
                           lib.locate_quote(right, "two-hour"), "same fact", note="duration agrees",
                           comparison_id=cmp).id
    n1 = lib.add_note("About the pair", comparison_id=cmp).id
    n2 = lib.add_note("About the wire", article_id=left).id
    n3 = lib.add_note("Elsewhere entirely", article_id=other).id

    whole = lib.list_items()
    assert whole.annotations == (a1, a2, a3, a4)  # by article, then position
    assert whole.links == (ln,) and whole.notes == (n2, n3, n1)
    assert len(whole) == 8 and list(whole[i] for i in range(len(whole)))[4] == ("link", ln)
    assert whole[-1] == ("note", n1) and whole.refs(3, 99) == [whole[3], whole[4], whole[5],
                                                                whole[6], whole[7]]
    with pytest.raises(IndexError):
        whole[8]

    assert lib.count_items() == 8 and lib.count_items(text="zzz") == 0
    assert lib.count_items(article_ids=[left, right], comparison_id=cmp, tag="Framing") == 2
    pair = lib.list_items(article_ids=[left, right], comparison_id=cmp)
    assert (pair.annotations, pair.links, pair.notes) == ((a1, a2), (ln,), (n2, n1))
    # a tag keeps its sub-tags, and a link when either end carries it; notes have no tags
    framing = lib.list_items(tag="Framing")
    assert (framing.annotations, framing.links, framing.notes) == ((a1, a2, a4), (), ())
    assert lib.list_items(tag="Scare quotes").annotations == (a2,)
    # every word must start a word of a quote or note (any script), or be in a title, tag
    # name or relation
    assert lib.list_items(text="sanct").annotations == (a1,)
    assert lib.list_items(text="ECONOMIC hinted").annotations == (a1,)
    assert lib.list_items(text="economic frank").annotations == ()
    assert lib.list_items(text="rewrite").annotations == (a2,)
    assert lib.list_items(text="scare").annotations == (a2,)
    assert lib.list_items(text="اسم").annotations == (a3,)
    assert lib.list_items(text="通话").annotations == (a4,)
    by_text = lib.list_items(text="duration")
    assert (by_text.annotations, by_text.links, by_text.notes) == ((), (ln,), ())
    assert lib.list_items(text="same fact").links == (ln,)  # the relation's name
    assert lib.list_items(text="two-hour").links == (ln,)  # an end's quote
    assert lib.list_items(text="pair").notes == (n1,)
    assert len(lib.list_items(text="zzz")) == 0
    assert len(lib.list_items(text="NOT ( *")) == 0  # search syntax is taken literally

    rows = lib.items(whole.refs(0, len(whole)))
    assert [(r.kind, r.id) for r in rows] == [tuple(r) for r in whole.refs(0, len(whole))]
    r1, r2, r3 = rows[0], rows[1], rows[2]
    assert (r1.quote, r1.body, r1.tags, r1.title, r1.article_id) == (
        "economic measures", "hinted sanctions", ("Framing",), "Wire copy", left)
    assert r1.end - r1.start == len("economic measures") and not r1.orphaned
    assert r2.tags == ("Scare quotes",) and r3.body == "اسم" and r3.title == "Elsewhere"
    link = rows[4]
    assert (link.quote, link.other, link.relation, link.body, link.article_id) == (
        "two hours", "two-hour", "same fact", "duration agrees", left)
    notes = {r.id: r for r in rows[5:]}
    assert (notes[n1].article_id, notes[n1].title, notes[n1].body) == (None, "", "About the pair")
    assert (notes[n2].article_id, notes[n2].title) == (left, "Wire copy")
    # rows deleted since the index was read are left out
    lib.delete_annotation(a2)
    assert [r.id for r in lib.items(whole.refs(0, 3))] == [a1, a3]


def test_search_with_tags_and_unspaced_scripts(lib):
    a = _article(lib)
    b = _article(lib, "拜登与普京举行视频通话，讨论乌克兰局势。")
    lib.add_annotation(a, lib.locate_quote(a, "strong economic measures"), tags=["Loaded language"],
                       note="sanctions are hinted")
    kinds = {(h.kind, h.article_id) for h in lib.search("economic")}
    assert ("annotation", a) in kinds and ("article", a) in kinds
    assert [h.kind for h in lib.search("sanctions")] == ["annotation"]
    art_hit = next(h for h in lib.search("economic") if h.kind == "article")
    assert art_hit.span.slice(TEXT) == "economic"
    ann_hit = next(h for h in lib.search("economic") if h.kind == "annotation")
    assert ann_hit.span.slice(TEXT) == "strong economic measures"
    # on one line, the passage and its note stay apart
    assert ann_hit.one_line() == "strong [economic] measures — sanctions are hinted"
    assert {h.kind for h in lib.search("economic", tag="Loaded language")} == {"annotation", "article"}
    assert lib.search("economic", tag="Omission") == []
    hit = lib.search("普京")[0]
    assert hit.article_id == b and "[普" in hit.snippet
    assert lib.search("econ*")
    assert lib.search('"economic measures"') and not lib.search('"measures economic"')
    with pytest.raises(UsageError):
        fts_query("*** -- ")
    # FTS syntax in user input is taken literally
    assert lib.search("NOT (") == []
    assert lib.search("frank AND") and lib.search('frank"')


@pytest.mark.parametrize(("text", "query"), [
    ("Le cafe\u0301 est très bon.", "café"),  # decomposed accents
    ("Le café est très bon.", "cafe"),
    ("كَتَبَ الوَلَدُ الدَّرْسَ", "الولد"),  # Arabic vowel points are optional
    ("שָׁלוֹם עולם", "שלום"),  # so are Hebrew ones
    ("हिंदी भाषा में समाचार", "समाचार"),
    ("Привет, мир. Ёлка горит.", "елка"),
    ("Straße in München", "strasse"),
    ("拜登与普京举行视频通话", "视频通话"),  # no spaces between words
    ("バイデン大統領とプーチン大統領", "プーチン"),
])
def test_search_across_scripts(lib, text, query):
    aid = _article(lib, text)
    _article(lib, "Unrelated English text about something else entirely.")
    assert [h.article_id for h in lib.search(query)] == [aid]


def test_texts_that_share_a_label_or_a_vanished_path_never_overwrite_each_other(lib, tmp_path):
    from parallax.reader.ingest.article import from_text

    first = from_text("The first pasted report says the talks lasted two hours and were frank.",
                      source="pasted text")
    second = from_text("A second pasted report says nothing of the kind about any talks at all.",
                       source="pasted text")
    a = lib.articles.add(first).id
    note = lib.add_annotation(a, lib.locate_quote(a, "two hours"), note="kept").id
    b = lib.articles.add(second).id
    assert b != a
    assert "two hours" in lib.article_text(a) and lib.annotation(note).span.slice(lib.article_text(a)) == "two hours"
    # a file stored, then removed: another text under its name is another article
    f = tmp_path / "gone.txt"
    f.write_text(TEXT, encoding="utf-8")
    c = lib.add_file(f).id
    f.unlink()
    d = lib.articles.add(from_text("Quite another story about the weather in the north this weekend.",
                                   source=str(f))).id
    assert d != c and lib.article_text(c).startswith(TEXT.split()[0])


def test_reanchoring_after_the_text_is_edited_including_an_orphan(lib, tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(TEXT, encoding="utf-8")
    a = lib.add_file(f).id
    text = lib.article_text(a)
    moved = lib.add_annotation(a, lib.locate_quote(a, "frank and businesslike"), tags=["Omission"]).id
    edited = lib.add_annotation(a, lib.locate_quote(a, "strong economic measures if Russia invaded")).id
    gone = lib.add_annotation(a, lib.locate_quote(a, "Troops remain near the border"),
                              note="this sentence will be cut").id
    new = ("UPDATED: A new first sentence was added by the editor. " + text)
    new = new.replace("strong economic measures if Russia invaded",
                      "strong economic countermeasures if Russia invades")
    new = new.replace("Troops remain near the border, officials said.", "")
    f.write_text(new, encoding="utf-8")
    ch = lib.add_file(f)  # the same source path with a new text: updated, re-anchored
    assert ch.id == a and ch.name == "Update article"
    assert ch.reanchored.moved == 1 and ch.reanchored.fuzzy == 1 and ch.reanchored.orphaned == 1
    stored = lib.article_text(a)
    m = lib.annotation(moved)
    assert m.span.slice(stored) == "frank and businesslike" and not m.orphaned
    e = lib.annotation(edited)
    assert "countermeasures if Russia invades" in e.span.slice(stored) and not e.orphaned
    o = lib.annotation(gone)
    assert o.orphaned and o.exact == "Troops remain near the border" and o.note
    assert [x.id for x in lib.orphans()] == [gone]
    assert lib.reload_article(a).reanchored is None  # the file did not change since
    f.write_text(new.replace("UPDATED: ", ""), encoding="utf-8")
    again = lib.reload_article(a)
    assert again.reanchored.orphaned == 1 and again.reanchored.total == 3
    assert lib.annotation(moved).span.slice(lib.article_text(a)) == "frank and businesslike"
    # the analyst reattaches it
    lib.reattach_annotation(gone, lib.locate_quote(a, "Washington warned"))
    assert lib.orphans() == []
    lib.undo()
    assert [x.id for x in lib.orphans()] == [gone]


# ---------------------------------------------------------------- files it must refuse


def _refused(path: Path, match: str) -> None:
    before = _digest(path)
    siblings = sorted(os.listdir(path.parent))
    with pytest.raises(LibraryError, match=match) as err:
        Library(path)
    assert "\n" not in str(err.value)
    assert _digest(path) == before, "the file was modified"
    assert sorted(os.listdir(path.parent)) == siblings, "files were created beside it"


def test_not_a_library_files_are_refused_and_untouched(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("this is not a database\n" * 100)
    _refused(text, "not a Parallax library")
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    _refused(png, "not a Parallax library")
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO customers (name) VALUES ('x')")
    db.commit()
    db.close()
    _refused(other, "not a Parallax library")
    (tmp_path / "adir.db").mkdir()
    with pytest.raises(LibraryError, match="directory"):
        Library(tmp_path / "adir.db")


def test_a_corrupt_library_is_refused_and_untouched(tmp_path):
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        for i in range(40):
            lib.add_text(f"Article number {i}. " + TEXT * 20)
    Database(path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in ("-wal", "-shm"):
        p = Path(str(path) + extra)
        if p.exists():
            p.unlink()
    sound = path.read_bytes()
    assert len(sound) > 40000
    page = 4096
    # seeded damage (several, so the schema page is hit too): the same bytes every run
    for damage in range(6):
        rng = random.Random(damage)
        data = bytearray(sound)
        for start in range(page * (1 + damage % 2), len(data) - page, page * 3):
            data[start + 100:start + 600] = rng.randbytes(500)
        path.write_bytes(bytes(data))
        _refused(path, "corrupt")
        truncated = tmp_path / "truncated.db"
        truncated.write_bytes(bytes(data[: len(data) // 3]))
        _refused(truncated, "corrupt|not a Parallax library")


def test_a_library_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "lib.db"
    Library(path).close()
    db = Database(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('parallax', 'm999_future', 'x')")
    db.close()
    with pytest.raises(LibraryError, match="newer version"):
        Library(path)


def test_a_read_only_library_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        a = _article(lib)
        lib.add_annotation(a, (0, 3), tags=["Omission"], note="kept")
    before = _digest(path)
    with Library(path, readonly=True) as ro:
        assert ro.readonly
        assert [x.note for x in ro.annotations()] == ["kept"]
        assert ro.search("presidents")
        assert ro.export_data().annotations
        for write in (lambda: ro.add_tag("x"), lambda: ro.add_annotation(a, (4, 7)),
                      lambda: ro.add_text("new text"), lambda: ro.delete_tag("Omission")):
            with pytest.raises(LibraryError, match="read-only"):
                write()
    assert _digest(path) == before
    with pytest.raises(LibraryError, match="no such library"):
        Library(tmp_path / "missing.db", readonly=True)


def _unprivileged() -> list[str] | None:
    """A command prefix that runs a program as a user file permissions bind: nothing when
    we are not root; as root, ``setpriv`` or ``runuser`` to nobody; ``None`` if neither works."""
    if os.geteuid() != 0:
        return []
    for prefix in (["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
                   ["runuser", "-u", "nobody", "--"]):
        if shutil.which(prefix[0]) is None:
            continue
        probe = subprocess.run([*prefix, sys.executable, "-c", "import os; print(os.geteuid())"],
                               capture_output=True, text=True, timeout=60)
        if probe.returncode == 0 and probe.stdout.strip() not in ("", "0"):
            return prefix
    return None


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_a_library_without_write_permission_opens_read_only(tmp_path):
    """A real unwritable file: as root the check runs as an unprivileged user (root ignores
    permission bits), in a directory and on a file that user cannot write."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("running as root and cannot drop to an unprivileged user")
    # A world-readable directory (pytest's own temporary directories are private to root).
    where = Path(tempfile.mkdtemp(prefix="parallax-ro-"))
    try:
        where.chmod(0o755)
        path = where / "lib.db"
        with Library(path) as lib:
            _article(lib)
            lib.add_tag("Kept")
        path.chmod(0o444)
        before = _digest(path)
        code = (
            "import os; from parallax.reader.notes.library import Library; from parallax.reader.errors import LibraryError\n"
            f"lib = Library({str(path)!r})\n"
            "print(os.access(lib.path, os.W_OK), lib.readonly, len(lib.articles()), "
            "lib.tag('Kept').name)\n"
            "try:\n    lib.add_tag('x')\nexcept LibraryError as e:\n    print(e)\n"
            "else:\n    print('written')\n"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
        r = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=ROOT, env=env, timeout=60)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert lines[0] == "False True 1 Kept"
        assert "read-only" in lines[1]
        assert _digest(path) == before
        assert sorted(p.name for p in where.iterdir()) == ["lib.db"]
    finally:
        shutil.rmtree(where, ignore_errors=True)


def test_unwritable_file_is_opened_read_only_even_as_root(tmp_path, monkeypatch):
    """Root ignores permission bits, so the permission check itself is simulated here."""
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        _article(lib)
    real_access = os.access
    monkeypatch.setattr("parallax.reader.notes.store.os.access",
                        lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    before = _digest(path)
    with Library(path) as ro:
        assert ro.readonly and len(ro.articles()) == 1
        with pytest.raises(LibraryError, match="read-only"):
            ro.add_text("another")
    assert _digest(path) == before
    with pytest.raises(LibraryError, match="not writable"):
        Library(tmp_path / "new.db")


def test_closed_library_and_bad_spans(lib):
    a = _article(lib)
    with pytest.raises(UsageError):
        lib.add_annotation(a, (5, 5))
    with pytest.raises(UsageError):
        lib.add_annotation(a, (0, 10**6))
    with pytest.raises(LibraryError):
        lib.add_annotation(999, (0, 1))
    lib.close()
    with pytest.raises(LibraryError, match="closed"):
        lib.articles()


def test_seed_articles_round_trip_through_the_library(lib):
    from parallax.reader.ingest.article import load

    art = load(seed("003"))
    aid = lib.add_article(art).id
    back = lib.load_article(aid)
    assert back.text == art.text
    assert back.paragraphs == art.paragraphs and back.sentences == art.sentences
    assert isinstance(back.paragraphs[0], Span)


def test_a_library_with_a_newer_user_version_is_refused_untouched(tmp_path):
    """Issue #18: a newer release may change the schema without a migration this one
    knows of (or record it elsewhere); its PRAGMA user_version says so."""
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        _article(lib)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(path)
    for readonly in (False, True):
        with pytest.raises(LibraryError, match="newer version of Parallax") as err:
            Library(path, readonly=readonly)
        assert f"schema version {SCHEMA_VERSION + 1}" in str(err.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"]


def test_a_read_only_library_leaves_no_wal_or_shm_files(tmp_path):
    """Issue #18: reading a read-only library makes no -wal/-shm beside it (it may be on
    someone else's share); a writer that appears later is still seen."""
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        a = _article(lib)
        lib.add_annotation(a, (4, 7), note="kept")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"]
    before = _digest(path)
    ro = Library(path, readonly=True)
    assert [x.note for x in ro.annotations()] == ["kept"]
    assert ro.search("presidents") and ro.export_data().articles
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"]
    ro.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"] and _digest(path) == before
    ro = Library(path, readonly=True)
    assert len(ro.articles()) == 1
    writer = Library(path)  # its own -wal/-shm appear, and go when it closes last
    writer.add_text("A second article, written while the reader was open.")
    assert len(ro.articles()) == 2
    ro.close()
    writer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"] and _digest(path) != before


def test_a_full_disk_is_said_so_and_reading_goes_on(lib):
    """Issue #18: SQLITE_FULL (a database that may not grow stands in for the disk) is
    "the disk is full", the write is undone whole, and the library still reads."""
    a = _article(lib)
    lib.add_annotation(a, (0, 3), note="before")
    pages = lib.db.execute("PRAGMA page_count").fetchone()[0]
    lib.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(LibraryError) as err:
        lib.add_text("A long text that needs new pages. " * 2000)
    message = str(err.value)
    assert "the disk is full" in message and "I/O" not in message and "\n" not in message
    assert [x.title for x in lib.articles()] == [None]
    assert [x.note for x in lib.annotations()] == ["before"] and lib.search("presidents")
    assert lib.undo_name == "Add annotation"


def test_a_disk_io_error_on_a_full_disk_says_the_disk_is_full(tmp_path, monkeypatch):
    """SQLite reports some writes to a full disk as "disk I/O error"; with (almost) no free
    space left that is what the user is told."""
    import shutil
    from collections import namedtuple

    from parallax.reader.notes import store

    usage = namedtuple("usage", "total used free")
    err = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9, 4096))
    assert "the disk is full" in str(store.describe_error(tmp_path / "lib.db", err))
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**8, 9 * 10**8))
    assert str(store.describe_error(tmp_path / "lib.db", err)).endswith(": disk I/O error")


def test_the_parts_are_the_library_and_the_flat_names_call_them(lib):
    """``lib.annotations.add`` and ``lib.add_annotation`` are one call; calling a part lists."""
    a = lib.articles.add(Article(text=TEXT, title="T")).id
    ann = lib.annotations.add(a, (4, 7), tags=["Omission"], note="by part").id
    assert lib.annotations.get(ann) == lib.annotation(ann)
    assert lib.annotations() == lib.annotations.all() == lib.annotations(article_id=a)
    assert [t.name for t in lib.tags()] == [t.name for t in lib.tags.all()]
    assert lib.tags.find("no such tag") is None and lib.tags.get("omission").name == "Omission"
    other = lib.add_text("Another article about the call.").id
    cmp = lib.comparisons.open(a, other).id
    assert lib.comparisons() == [lib.comparison(cmp)] and lib.comparisons.find(a, other).id == cmp
    lib.notes.add("On the pair", comparison_id=cmp)
    assert [n.body for n in lib.notes(comparison_id=cmp)] == ["On the pair"]
    target = lib.annotations.add_quote(other, "the call").id
    lib.links.add(ann, target, "same fact")
    assert [(x.source_id, x.relation) for x in lib.links(annotation_id=target)] == [(ann, "same fact")]
    assert {h.kind for h in lib.search("pair")} == {"note"}
    assert len(lib.notes_list.index()) == lib.notes_list.count() == 3  # the linked end is its link
    assert lib.exchange.export_data().annotations == tuple(lib.annotations())
    assert lib.undo().name == "Link passages" and lib.links() == []
