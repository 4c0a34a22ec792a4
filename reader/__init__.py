"""Parallax's Qt-free core: loading, cleaning, segmenting, aligning, facts,
framing, the notes library and export.

This package never imports PySide6 or ``ui`` (``tests/test_architecture.py``
and the import-linter contract in ``pyproject.toml`` enforce it).
"""

from parallax.reader.comparison.collate import compare_many
from parallax.reader.comparison.engine import compare
from parallax.reader.errors import InputError, LibraryError, ParallaxError
from parallax.reader.model import (
    Article,
    Change,
    Comparison,
    Fact,
    Marker,
    Match,
    Span,
    Summary,
    Voice,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Change",
    "Comparison",
    "Fact",
    "InputError",
    "LibraryError",
    "Marker",
    "Match",
    "ParallaxError",
    "Span",
    "Summary",
    "Voice",
    "__version__",
    "compare",
    "compare_many",
]
