"""The old name of the line-list loader, kept for callers written before the
two loaders became one: :func:`parallax.reader.text.lexicon.lines` reads
``resources/<category>/<name>`` and the user's files of that name."""

from __future__ import annotations

from parallax.reader.text.lexicon import read_lexicon_lines

__all__ = ["read_lexicon_lines"]
