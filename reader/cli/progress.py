"""Long work on the command line: a stage line on a terminal, and a word before work that takes minutes.

:class:`StageLine` is a ``progress`` callback for
:func:`parallax.reader.compare`: on a terminal it rewrites one stderr line
with the stage and the share done; elsewhere it prints nothing.
:func:`confirm_long_work` says before a comparison that would take more
than a few minutes how long it will probably take, and on a terminal asks
whether to go on (``--yes`` answers for the user); Ctrl+C stops the work at
any time, and nothing is written until a result is whole.
"""

from __future__ import annotations

import sys
from typing import TextIO

from parallax.reader.comparison.engine import estimate_seconds
from parallax.reader.errors import Cancelled

LONG_SECONDS = 120.0  # from this estimate on, the user is told before the work starts


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class StageLine:
    """Shows ``parallax: comparing: facts 45%`` on one stderr line while a comparison runs."""

    def __init__(self, what: str = "comparing", *, stream: TextIO | None = None):
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.shown = is_terminal(self.stream)

    def __call__(self, stage: str, done: float) -> None:
        if not self.shown:
            return
        if stage == "done":
            self.stream.write("\r\x1b[2K")
        else:
            self.stream.write(f"\r\x1b[2Kparallax: {self.what}: {stage} {round(100 * done)}%")
        self.stream.flush()


def _duration(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 90:
        return "about a minute" if round(minutes) <= 1 else f"about {round(minutes)} minutes"
    return f"about {minutes / 60:.1f} hours"


def confirm_long_work(words_left: int, words_right: int, /, *, assume_yes: bool = False,
                      stdin: TextIO | None = None, stderr: TextIO | None = None) -> None:
    """Tell the user before a comparison that will take minutes; on a terminal, ask.

    Raises :class:`Cancelled` when the user says no.
    """
    seconds = estimate_seconds(words_left, words_right)
    if seconds < LONG_SECONDS:
        return
    stdin = stdin if stdin is not None else sys.stdin
    stderr = stderr if stderr is not None else sys.stderr
    note = (f"parallax: comparing {words_left:,} and {words_right:,} words will take "
            f"{_duration(seconds)}; Ctrl+C stops it")
    if assume_yes or not is_terminal(stdin):
        print(note, file=stderr, flush=True)
        return
    print(note + ". Go on? [y/N] ", end="", file=stderr, flush=True)
    answer = stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise Cancelled("not started: the comparison would take " + _duration(seconds))
