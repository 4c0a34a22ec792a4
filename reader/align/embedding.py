"""Sentence vectors from a small static embedding model that ships inside a PyPI package.

WordLlama (``wordllama`` on PyPI, MIT licence) carries in its wheel a table of
32,000 sub-word vectors of 256 dimensions (``weights/l2_supercat_256.safetensors``,
16 MB of float16) and the tokenizer that splits text into those sub-words
(``tokenizers/l2_supercat_tokenizer_config.json``).  A sentence's vector is
the mean of its sub-words' vectors; two sentences' :func:`cosine` is one
signal of the paraphrase model (``resources/models/paraphrase.json``), where
it measurably helps: 5-fold cross-validation on our part of the MSRP train
split, 0.758 -> 0.765 accuracy (see ``resources/models/README.md``).

The vector table is found with :mod:`importlib.resources` and mapped from
the disk (read-only pages that processes share; only the rows a text uses
are read).  Text is split into WordLlama's sub-words here, by byte-pair
encoding over ``resources/models/subwords.npz`` (the tokenizer's characters,
byte fallbacks and merges as integers, derived by
``training/make_subwords.py``, which checks that the ids are the tokenizer's
own): building the ``tokenizers`` library's tokenizer costs each process
about 60 MB.  WordLlama's own loader is not used either: when it misses its
tokenizer file it downloads it, and Parallax never downloads anything while
it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # numpy is imported on first use: starting the command needs none of it
    import numpy as np

__all__ = ["IDF", "MODEL", "cosine", "idf_cosine", "idf_table", "sub_words", "vector"]

#: The package, and the file of it that is read (the sub-word vectors).
MODEL = ("wordllama", ("weights", "l2_supercat_256.safetensors"))

_SPACE = "\u2581"  # the tokenizer's mark of a word's start ("▁")

#: How many sentences of our part of the MSRP train split hold each word (words in
#: two or more), written by ``training/train_paraphrase.py``; the first line says
#: how many sentences were counted.
IDF = ("models", "idf.tsv")


class _Table(NamedTuple):
    vectors: np.ndarray  # (sub-words, dimensions), float16, mapped
    chars: dict[str, int]  # a single character's sub-word id
    bytes_: tuple[int, ...]  # the id of each byte, for characters the vocabulary lacks
    merges: dict[int, int]  # (left << 15 | right) -> rank << 15 | merged id


@lru_cache(maxsize=1)
def _table() -> _Table:
    import numpy as np

    package, weights = MODEL
    with resources.files("parallax.resources").joinpath("models", "subwords.npz").open("rb") as fh:
        data = np.load(fh)
        codes, ids = data["char_codes"].tolist(), data["char_ids"].tolist()
        byte_ids = tuple(data["byte_ids"].tolist())
        m = data["merges"].astype(np.int64)
    keys = ((m[:, 0] << 15) | m[:, 1]).tolist()
    values = ((np.arange(len(m), dtype=np.int64) << 15) | m[:, 2]).tolist()
    return _Table(_vectors(_package_dir(package).joinpath(*weights)),
                  dict(zip(map(chr, codes), ids, strict=True)), byte_ids, dict(zip(keys, values, strict=True)))


def _package_dir(name: str):
    """Where an installed package's files are, without importing it (importing
    ``wordllama`` would load its own dependencies: about 30 MB a process, for nothing)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {name!r}, which holds the embedding model, is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _vectors(source) -> np.ndarray:
    """The sub-word table of a ``.safetensors`` file, mapped from the disk (read-only,
    shared by every process that maps it; only the rows a text uses are read), or read
    whole when the file is not on a disk (an installation inside a zip)."""
    import json
    import struct

    import numpy as np

    if getattr(source, "__fspath__", None) is None:
        from safetensors.numpy import load

        return load(source.read_bytes())["embedding.weight"]
    with open(source, "rb") as fh:  # the format: 8 bytes of header length, a JSON header, the data
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
    entry = header["embedding.weight"]
    if entry["dtype"] != "F16":
        raise RuntimeError(f"the bundled embedding table is {entry['dtype']}, not F16")
    start, _end = entry["data_offsets"]
    return np.memmap(source, dtype=np.float16, mode="r", offset=8 + n + start, shape=tuple(entry["shape"]))


@lru_cache(maxsize=16384)
def _word(word: str) -> tuple[int, ...]:
    """The sub-word ids of one word (with its start mark): byte-pair encoding, the
    lowest-ranked merge first, every occurrence of it left to right."""
    t = _table()
    ids: list[int] = []
    for ch in word:
        i = t.chars.get(ch)
        if i is None:
            ids.extend(t.bytes_[b] for b in ch.encode("utf-8"))
        else:
            ids.append(i)
    merges = t.merges
    while len(ids) > 1:
        best = min((v for v in map(merges.get, [(a << 15) | b for a, b in pairwise(ids)])
                    if v is not None), default=None)
        if best is None:
            break
        merged = best & 0x7FFF
        out: list[int] = []
        k = 0
        while k < len(ids):
            if k + 1 < len(ids) and merges.get((ids[k] << 15) | ids[k + 1]) == best:
                out.append(merged)
                k += 2
            else:
                out.append(ids[k])
                k += 1
        ids = out
    return tuple(ids)


def sub_words(text: str, /) -> list[int]:
    """WordLlama's sub-word ids of ``text`` (words apart by single spaces), as its
    tokenizer gives them without special tokens."""
    out: list[int] = []
    for w in text.split(" "):
        out.extend(_word(_SPACE + w))
    return out


@lru_cache(maxsize=4096)  # a comparison scores a sentence against a few others
def _vector(text: str) -> np.ndarray | None:
    import numpy as np

    ids = sub_words(text)
    if not ids:
        return None
    v = _table().vectors[ids].astype(np.float32).mean(axis=0)
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


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """Each counted word's inverse document frequency, and that of any other word (as if
    it were in one sentence): ``log((sentences + 1) / (holding + 1))``."""
    import math

    text = resources.files("parallax.resources").joinpath(*IDF).read_text(encoding="utf-8")
    head, _, body = text.partition("\n")
    n = int(head.rsplit(" ", 1)[1]) + 1
    table = {}
    for line in body.splitlines():
        word, _, count = line.partition("\t")
        table[word] = math.log(n / (int(count) + 1))
    return table, math.log(n / 2)


def idf_table() -> tuple[dict[str, float], float]:
    """:data:`IDF` read: each listed word's inverse document frequency, and any other word's."""
    return _idf()


@lru_cache(maxsize=16384)
def _unit_word(word: str) -> np.ndarray | None:
    """One word's unit vector: the mean of its sub-words' vectors, normalised."""
    import numpy as np

    ids = _word(_SPACE + word)
    if not ids:
        return None
    v = _table().vectors[list(ids)].astype(np.float32).mean(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n else None


@lru_cache(maxsize=4096)  # computed once per sentence; a pair then costs one dot product
def _idf_vector(keys: tuple[str, ...]) -> np.ndarray | None:
    import numpy as np

    table, unseen = _idf()
    total = None
    for k in keys:
        for w in k.split(" "):
            v = _unit_word(w) if w else None
            if v is not None:
                total = v * table.get(w, unseen) if total is None else total + v * table.get(w, unseen)
    if total is None:
        return None
    n = float(np.linalg.norm(total))
    return total / n if n else None


def idf_cosine(ka: Sequence[str], kb: Sequence[str], /) -> float:
    """Cosine of two passages' IDF-weighted sums of unit word vectors, clipped to ``[0, 1]``
    (0 when either is empty): rare words, which carry what a sentence says, weigh more
    than the words every sentence has.  5-fold cross-validation on our part of the MSRP
    train split 0.760 -> 0.763, our dev through ``compare()`` 0.758 -> 0.763, ROC AUC
    0.819 -> 0.825 (``resources/models/README.md``)."""
    if not ka or not kb:
        return 0.0
    va, vb = _idf_vector(tuple(ka)), _idf_vector(tuple(kb))
    if va is None or vb is None:
        return 0.0
    return max(0.0, min(1.0, float(va @ vb)))
