"""The UTF-16 conversion stays in one place: ``ui/textpos.py`` holds it (``Utf16Map`` and the
highlight runs a worker converts), ``ui/textview.py`` is the one widget that applies it, and
every other module of ``ui/`` speaks in code-point spans."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONVERSION = {"textpos.py", "textview.py"}
NAMES = {"u16", "_u16", "Utf16Map"}


def conversion_uses(source: str) -> list[tuple[int, str]]:
    """(line, name) of every use of the UTF-16 map in Python code (comments and strings aside)."""
    return [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.NAME and tok.string in NAMES]


def test_only_the_conversion_modules_touch_utf16_positions():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "ui").rglob("*.py")) if path.name not in CONVERSION
        for line, name in conversion_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_finds_a_use_and_ignores_words_in_strings():
    code = (
        'def f(view):\n'
        '    """Uses no Utf16Map here."""\n'
        '    # nor view.u16 in a comment\n'
        '    return view.u16.to_qt(3)\n'
    )
    assert conversion_uses(code) == [(4, "u16")]
    assert conversion_uses("from parallax.ui.textpos import Utf16Map\n") == [(1, "Utf16Map")]


def test_the_conversion_modules_exist_and_use_it():
    for name in CONVERSION:
        assert conversion_uses((ROOT / "ui" / name).read_text(encoding="utf-8")), name
