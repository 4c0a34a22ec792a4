"""The unpacked language-identification model: one copy in the user cache, named by content."""

from __future__ import annotations

import platformdirs

from parallax.reader.text import language


def test_one_copy_named_by_the_models_content_and_stale_ones_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(tmp_path))
    stale = tmp_path / "langid" / "0.4.0-4586720-1796414390862169991"  # a time-stamped copy of before
    stale.mkdir(parents=True)
    (stale / "output.npy").write_bytes(b"old")
    where = language._cache_dir()
    assert where is not None and where.parent == tmp_path / "langid"
    assert where == language._cache_dir()  # the same name every time: no copy per install
    first = language._load()
    assert (where / "output.npy").is_file()
    assert [p.name for p in (tmp_path / "langid").iterdir()] == [where.name]
    again = language._load()  # now mapped from the cache
    text = "Les deux présidents se sont entretenus mardi pendant deux heures."
    assert first.classify(text)[0] == again.classify(text)[0] == "fr"
