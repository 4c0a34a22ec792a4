"""Sentence vectors from a small static embedding model that ships inside a PyPI package.

WordLlama (``wordllama`` on PyPI, MIT licence) carries in its wheel a table of
32,000 sub-word vectors of 256 dimensions (``weights/l2_supercat_256.safetensors``,
16 MB of float16) and the tokenizer that splits text into those sub-words
(``tokenizers/l2_supercat_tokenizer_config.json``).  A sentence's vector is
the mean of its sub-words' vectors; two sentences' :func:`cosine` is one
signal of the paraphrase model (``resources/models/paraphrase.json``), where
it measurably helps: 5-fold cross-validation on our part of the MSRP train
split, 0.758 -> 0.765 accuracy (see ``resources/models/README.md``).

Only the two data files are read, with :mod:`importlib.resources`, through
``safetensors`` and ``tokenizers``; WordLlama's own loader is not used,
because when it misses its tokenizer file it downloads it, and Parallax never
downloads anything while it runs.  The table is read once, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # numpy is imported on first use: starting the command needs none of it
    import numpy as np

__all__ = ["MODEL", "cosine", "vector"]

#: The package, and the two files of it that are read.
MODEL = ("wordllama", ("weights", "l2_supercat_256.safetensors"),
         ("tokenizers", "l2_supercat_tokenizer_config.json"))


class _Table(NamedTuple):
    vectors: np.ndarray  # (sub-words, dimensions), float16
    tokenizer: object    # tokenizers.Tokenizer


@lru_cache(maxsize=1)
def _table() -> _Table:
    from safetensors.numpy import load
    from tokenizers import Tokenizer

    package, weights, tokenizer = MODEL
    root = resources.files(package)
    tensors = load(root.joinpath(*weights).read_bytes())
    tok = Tokenizer.from_str(root.joinpath(*tokenizer).read_text(encoding="utf-8"))
    tok.no_padding()
    tok.no_truncation()
    return _Table(tensors["embedding.weight"], tok)


@lru_cache(maxsize=65536)
def _vector(text: str) -> np.ndarray | None:
    import numpy as np

    t = _table()
    ids = t.tokenizer.encode(text, add_special_tokens=False).ids  # type: ignore[attr-defined]
    if not ids:
        return None
    v = t.vectors[ids].astype(np.float32).mean(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n else None


def vector(keys: Sequence[str], /) -> np.ndarray | None:
    """The unit vector of a passage given as matching keys (None: nothing to embed)."""
    return _vector(" ".join(keys)) if keys else None


def cosine(ka: Sequence[str], kb: Sequence[str], /) -> float:
    """Cosine of two passages' vectors, clipped to ``[0, 1]`` (0 when either is empty)."""
    va, vb = vector(ka), vector(kb)
    if va is None or vb is None:
        return 0.0
    return max(0.0, min(1.0, float(va @ vb)))
