"""The Lexicon value: made at the edge, passed keyword-only, never shared by accident."""

from __future__ import annotations

import threading

import pytest

from parallax.reader.comparison.collate import compare_many
from parallax.reader.comparison.engine import analyze, compare
from parallax.reader.ingest.article import from_text, load
from parallax.reader.text.lexicon import Lexicon, current, using

TEXT = "Prices are zigzagging again, the minister said on Tuesday."


@pytest.fixture()
def mine(tmp_path, monkeypatch):
    monkeypatch.delenv("PARALLAX_LEXICONS", raising=False)
    d = tmp_path / "lex"
    (d / "en").mkdir(parents=True)
    (d / "en" / "loaded.tsv").write_text("# mine\nzigzagging\tnegative\n", encoding="utf-8")
    (d / "boilerplate").mkdir()
    (d / "boilerplate" / "lines.txt").write_text("Stay informed with our daily briefing\n", encoding="utf-8")
    return Lexicon((str(d),))


def _loaded(framing) -> list[str]:
    return [m["text"] if isinstance(m, dict) else m.text for m in framing
            if (m["category"] if isinstance(m, dict) else m.category) == "loaded"]


def test_compare_and_analyze_read_the_lexicon_they_are_given(mine):
    other = "Prices rose again on Tuesday, officials said."
    assert _loaded(compare(TEXT, other, lexicon=mine).framing) == ["zigzagging"]
    assert _loaded(compare(TEXT, other, lexicon=Lexicon.bundled()).framing) == []
    # no cache to clear between the two: each lexicon has its own tables
    assert _loaded(compare(TEXT, other, lexicon=mine).framing) == ["zigzagging"]
    assert _loaded(analyze(TEXT, lexicon=mine)["framing"]) == ["zigzagging"]
    assert _loaded(analyze(TEXT, lexicon=Lexicon.bundled())["framing"]) == []


def test_compare_many_reads_it_too(mine):
    texts = [TEXT, "Prices rose again on Tuesday.", "Prices fell on Tuesday, the minister said."]
    col = compare_many(texts, lexicon=mine)
    assert any("zigzagging" in str(row) for row in col.framing)
    assert not any("zigzagging" in str(row) for row in compare_many(texts, lexicon=Lexicon.bundled()).framing)


def test_loading_cleans_with_the_lexicon_it_is_given(mine, tmp_path):
    body = ("The talks lasted two hours and both sides called them useful.\n"
            "Officials said more meetings would follow next week in Geneva.\n"
            "Stay informed with our daily briefing\n"
            "The ministers are expected to meet again before the end of the month.")
    p = tmp_path / "a.txt"
    p.write_text(body, encoding="utf-8")
    assert "Stay informed" in load(p, lexicon=Lexicon.bundled()).text
    assert "Stay informed" not in load(p, lexicon=mine).text
    assert "Stay informed" not in from_text(body, lexicon=mine).text
    assert "Stay informed" in from_text(body, lexicon=Lexicon.bundled()).text


def test_the_lexicon_is_scoped_to_its_call_and_its_thread(mine):
    before = current()
    results: dict[str, list[str]] = {}

    def run(name: str, lex: Lexicon) -> None:
        for _ in range(5):
            with using(lex):
                results.setdefault(name, []).append(repr(current().dirs))

    threads = [threading.Thread(target=run, args=("mine", mine)),
               threading.Thread(target=run, args=("bundled", Lexicon.bundled()))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results["mine"]) == {repr(mine.dirs)}
    assert set(results["bundled"]) == {"()"}
    assert current() == before  # nothing leaked into the caller


def test_from_environment_reads_the_variable_once_made(monkeypatch, tmp_path):
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path))
    lex = Lexicon.from_environment()
    assert lex.dirs[-1] == str(tmp_path)
    monkeypatch.delenv("PARALLAX_LEXICONS")
    assert lex.dirs[-1] == str(tmp_path)  # a value: later changes to the environment do not touch it
    assert len(Lexicon.bundled().rows("hedges.tsv", "en")) > 10


def test_a_batch_record_is_cleaned_and_compared_with_the_lexicon_it_is_given(mine, tmp_path):
    from parallax.reader.comparison.batch import compare_record

    body = ("The talks lasted two hours and both sides called them useful.\n"
            "Prices are zigzagging again, the minister said on Tuesday.\n"
            "Stay informed with our daily briefing\n"
            "Officials said more meetings would follow next week in Geneva.")
    p = tmp_path / "b.txt"
    p.write_text(body, encoding="utf-8")
    rec = {"left_path": str(p), "right_text": "Prices rose again on Tuesday, officials said in Geneva."}
    plain = compare_record(rec, full=True, lexicon=Lexicon.bundled())["comparison"]
    theirs = compare_record(rec, full=True, lexicon=mine)["comparison"]
    assert "Stay informed" in plain["left"]["text"] and "Stay informed" not in theirs["left"]["text"]
    assert "zigzagging" not in str(plain["framing"]) and "zigzagging" in str(theirs["framing"])


def test_the_stemmers_affixes_are_a_lexicon_users_extend(tmp_path, monkeypatch):
    from parallax.reader.align.similarity import stem
    from parallax.reader.text.lexicon import clear_cache

    assert stem("negotiations") == stem("negotiated") == "negoti"  # the bundled suffixes
    assert stem("abcqq") == "abcqq"
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "affixes.tsv").write_text("qq\tsuffix\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path))
    clear_cache()  # the stemmer reads its affixes once a process, and again after this
    try:
        assert stem("abcqq") == "abc"
    finally:
        monkeypatch.delenv("PARALLAX_LEXICONS")
        clear_cache()
    assert stem("abcqq") == "abcqq"


def test_using_none_keeps_the_lexicon_in_use_for_the_block(monkeypatch, tmp_path):
    # using(None) fixes the lexicon in use for the block: a comparison reads one
    # lexicon throughout, and the environment once rather than at every table
    from parallax.reader.text.lexicon import Lexicon, current, using

    monkeypatch.delenv("PARALLAX_LEXICONS", raising=False)
    before = current()
    with using(None) as lex:
        assert lex == before
        monkeypatch.setenv("PARALLAX_LEXICONS", str(tmp_path))
        assert current() == before
    assert current() == Lexicon.from_environment()
    assert str(tmp_path) in current().dirs
