"""Long work: stages reported, cancellable; the command line warns before minutes of work."""

from __future__ import annotations

import io

import pytest

from parallax.reader import compare
from parallax.reader.cli.progress import LONG_SECONDS, StageLine, confirm_long_work
from parallax.reader.comparison.engine import estimate_seconds
from parallax.reader.errors import Cancelled


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_compare_reports_each_stage_in_order():
    seen: list[tuple[str, float]] = []
    compare("One two three four five six seven.", "One two three four five six eight.",
            progress=lambda stage, done: seen.append((stage, done)))
    assert [s for s, _ in seen] == ["reading", "verbatim", "paraphrase", "facts", "framing", "done"]
    assert [d for _, d in seen] == sorted(d for _, d in seen) and seen[-1][1] == 1.0


def test_a_progress_callback_can_cancel_the_comparison():
    def stop_at_facts(stage: str, done: float) -> None:
        if stage == "facts":
            raise Cancelled("stopped by the test")

    with pytest.raises(Cancelled):
        compare("Alpha beta gamma delta epsilon.", "Alpha beta gamma delta zeta.", progress=stop_at_facts)


def test_stage_line_writes_only_to_a_terminal():
    tty, pipe = _Tty(), io.StringIO()
    StageLine(stream=tty)("facts", 0.45)
    StageLine(stream=pipe)("facts", 0.45)
    assert "facts 45%" in tty.getvalue() and pipe.getvalue() == ""


def _words_for(seconds: float) -> int:
    return int(seconds / estimate_seconds(1, 1)) + 1


def test_short_work_starts_without_a_word():
    err = io.StringIO()
    confirm_long_work(1000, 1000, stdin=_Tty("n\n"), stderr=err)
    assert err.getvalue() == ""


def test_long_work_is_announced_and_on_a_terminal_asked():
    n = _words_for(LONG_SECONDS * 4)
    err = io.StringIO()
    with pytest.raises(Cancelled, match="not started"):
        confirm_long_work(n, n, stdin=_Tty("n\n"), stderr=err)
    assert "will take about" in err.getvalue() and "Go on?" in err.getvalue()
    confirm_long_work(n, n, stdin=_Tty("y\n"), stderr=io.StringIO())  # yes goes on
    piped = io.StringIO()
    confirm_long_work(n, n, stdin=io.StringIO(""), stderr=piped)  # not a terminal: said, not asked
    assert "Ctrl+C stops it" in piped.getvalue() and "Go on?" not in piped.getvalue()
    confirm_long_work(n, n, assume_yes=True, stdin=_Tty(""), stderr=io.StringIO())  # --yes
