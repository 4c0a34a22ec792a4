"""The window's word lists: one Lexicon value, read at start, read again on request."""

from __future__ import annotations

import pytest

from parallax.reader.text.lexicon import clear_cache
from tests.conftest import main_window

LEFT = "Prices are zigzagging again, the minister said on Tuesday in the capital."
RIGHT = "Prices rose again on Tuesday, the minister said in the capital city."


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("PARALLAX_LEXICONS", raising=False)
    yield main_window(qtbot, tmp_path)
    clear_cache()


def _loaded(window) -> list[str]:
    return [m.text for m in window.comparison.framing if m.category == "loaded"]


def test_reload_word_lists_reads_the_users_new_words_and_compares_again(qtbot, window, tmp_path, monkeypatch):
    (tmp_path / "left.txt").write_text(LEFT, encoding="utf-8")
    (tmp_path / "right.txt").write_text(RIGHT, encoding="utf-8")
    window.open_sources(tmp_path / "left.txt", tmp_path / "right.txt")
    qtbot.waitUntil(lambda: window.is_idle() and window.comparison is not None, timeout=30_000)
    assert "zigzagging" not in _loaded(window)

    lex = tmp_path / "lex"
    (lex / "en").mkdir(parents=True)
    (lex / "en" / "loaded.tsv").write_text("zigzagging\tnegative\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_LEXICONS", str(lex))
    # the window keeps the value it read at start until asked to read again
    assert str(lex) not in window.lexicon.dirs
    window.actions["reload-lexicons"].trigger()
    assert str(lex) in window.lexicon.dirs
    qtbot.waitUntil(lambda: window.is_idle() and "zigzagging" in _loaded(window), timeout=30_000)
    assert window.left.view.toPlainText().startswith("Prices are zigzagging")
