"""Line-based data files for ingestion (boilerplate lexicon, abbreviations...).

Each file lives in ``resources/<category>/<name>``.  Users extend it without
editing code by adding a file of the same name under
``<user config dir>/parallax/lexicons/<category>/<name>`` (on Linux
``~/.config/parallax/lexicons/...``) or ``$PARALLAX_LEXICONS/<category>/<name>``
(the directories of :func:`parallax.reader.text.lexicon.user_dirs`, read in that order).
Blank lines and lines starting with ``#`` are ignored; the rest is kept
verbatim (stripped).
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from importlib import resources

from parallax.reader.text.lexicon import user_dirs


def _parse(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=64)
def read_lexicon_lines(category: str, name: str) -> tuple[str, ...]:
    """The entries of ``resources/<category>/<name>`` plus the user's own file."""
    out: list[str] = []
    with contextlib.suppress(FileNotFoundError, OSError):
        out += _parse(resources.files("parallax.resources").joinpath(category, name).read_text(encoding="utf-8"))
    for user in user_dirs():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            out += _parse((user / category / name).read_text(encoding="utf-8"))
    return tuple(out)
