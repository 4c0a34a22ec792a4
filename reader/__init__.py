"""Parallax's Qt-free core: loading, cleaning, segmenting, aligning, facts,
framing, the notes library and export.

This package never imports PySide6 or ``ui`` (``tests/test_architecture.py``
and the import-linter contract in ``pyproject.toml`` enforce it).
"""

from typing import TYPE_CHECKING, Any

from parallax.reader.errors import InputError, LibraryError, ParallaxError

if TYPE_CHECKING:
    from parallax.reader.comparison.collate import compare_many
    from parallax.reader.comparison.engine import analyze, compare
    from parallax.reader.ingest.article import from_text, load
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
    from parallax.reader.text.lexicon import Lexicon

__version__ = "0.1.0"

_MODEL_NAMES = frozenset({"Article", "Change", "Comparison", "Fact", "Marker", "Match", "Span",
                          "Summary", "Voice"})


def __getattr__(name: str) -> Any:
    # The model, compare and compare_many are imported on first use, so that
    # `parallax --version` starts without building the model's dataclasses or
    # loading the engine (about 25 ms of CPU for the model alone)
    if name in _MODEL_NAMES:
        from parallax.reader import model

        return getattr(model, name)
    if name == "compare":
        from parallax.reader.comparison.engine import compare

        return compare
    if name == "compare_many":
        from parallax.reader.comparison.collate import compare_many

        return compare_many
    if name in ("load", "from_text"):
        from parallax.reader.ingest import article

        return getattr(article, name)
    if name == "analyze":
        from parallax.reader.comparison.engine import analyze

        return analyze
    if name == "Lexicon":
        from parallax.reader.text.lexicon import Lexicon

        return Lexicon
    raise AttributeError(f"module 'parallax.reader' has no attribute {name!r}")

__all__ = [
    "Article",
    "Change",
    "Comparison",
    "Fact",
    "InputError",
    "Lexicon",
    "LibraryError",
    "Marker",
    "Match",
    "ParallaxError",
    "Span",
    "Summary",
    "Voice",
    "__version__",
    "analyze",
    "compare",
    "compare_many",
    "from_text",
    "load",
]
