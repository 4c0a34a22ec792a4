"""Offline language identification: py3langid, or None ("unknown") when unsure.

py3langid (a Naive Bayes identifier of about 140 languages over byte n-grams,
its model inside the PyPI package) scores the first ``sample`` characters.
The code with the highest probability is returned when it holds at least
:data:`MIN_CONFIDENCE` of it; regional and historical variants the identifier
separates (Egyptian and Moroccan Arabic, Biblical Hebrew...) count as the
standard language (``resources/language/variants.tsv``).  Text with fewer than
:data:`MIN_LETTERS` letters, or no clear winner, gives ``None``: unknown, never
a guess.

The model ships compressed (xz) and takes most of a second to unpack, so the
first use in a process stores the unpacked arrays in the user cache directory
(``platformdirs.user_cache_dir("parallax")/langid/``) and later processes map
them from there in a few tens of milliseconds.  Without a writable cache the
model is unpacked each time; nothing else changes.  Mapped, the tables are
read in place (the 39 MB state table through a memoryview, not copied into
each process), so a process holds only the pages its texts visit, and the
operating system shares them between the processes of a batch.

Work that never reads an article's language (a batch of summaries) runs
inside :func:`not_identified`: :func:`detect` then answers None at once and
the model is never loaded.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import shutil
import threading
from functools import lru_cache
from pathlib import Path

try:  # hashlib's own blake2b, without hashlib loading OpenSSL (3.7 MB in every process)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

from parallax.reader.text.lexicon import generation, lines

__all__ = ["MIN_CONFIDENCE", "MIN_LETTERS", "detect", "not_identified", "ranked"]

#: Fewest letters a text needs before its language is named.
MIN_LETTERS = 12
#: Smallest probability of the best language for it to be named.
MIN_CONFIDENCE = 0.5

_lock = threading.Lock()
_identifier: list[object] = []
_FILES = ("ptc", "pc", "classes", "nextmove", "row", "output")
_skipped: contextvars.ContextVar[bool] = contextvars.ContextVar("parallax_language_skipped",
                                                                default=False)


@contextlib.contextmanager
def not_identified():
    """Within this block (this thread or task), :func:`detect` gives None without
    loading the identifier: for callers that never read the language, which then
    save its time (about a third of loading a news article) and its memory."""
    token = _skipped.set(True)
    try:
        yield
    finally:
        _skipped.reset(token)


def _cache_dir() -> Path | None:
    try:
        import platformdirs
        import py3langid
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        model = Path(MODEL_DIR) / MODEL_FILE
        version = getattr(py3langid, "__version__", "")
        # named by the model's content, not its file's time: every venv that installs the
        # same py3langid shares one copy (a time-stamped name made a 67 MB copy per install)
        digest = blake2b(model.read_bytes(), digest_size=8).hexdigest()
        return Path(platformdirs.user_cache_dir("parallax")) / "langid" / f"{version}-{digest}"
    except Exception:  # no platformdirs or no model file: no cache
        return None


#: The longest feature of py3langid's model, in bytes: its automaton's deepest state.  The
#: state after any byte is then the one reached by walking from the start over the bytes
#: that end there, at most this many (the walk is checked, see :func:`_identifier_class`).
_WINDOW = 6


@lru_cache(maxsize=1)
def _identifier_class():
    """py3langid's identifier, walking its byte automaton with numpy.

    The library walks the automaton a byte at a time in Python (most of the time
    of :func:`detect`).  Here the state after each byte is found at once for every
    byte, as the state reached from the start over the :data:`_WINDOW` bytes ending
    there (:data:`_WINDOW` steps over arrays); then one more step checks that each
    state follows from the one before it, as the byte-by-byte walk makes them, so the
    states are those of the library's walk, and the features, their order, the
    Counter and the scores are the same to the last bit.  Should the check fail (a
    model with longer features), the library's walk runs instead."""
    from collections import Counter

    import numpy as np
    from py3langid.langid import LanguageIdentifier, visit_counts

    class _Identifier(LanguageIdentifier):
        __slots__ = ("_arrays",)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            nm = self.tk_nextmove
            self._arrays = (
                np.frombuffer(nm, dtype=np.dtype(memoryview(nm).format)),
                np.asarray(self._rowbase, dtype=np.int64),
                np.asarray(self.tk_output, dtype=np.int64),
            )

        def _raw_score(self, text):
            visits = self._visits(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(text)  # no features: the library's own answer

        def _visits(self, text: bytes):
            """``py3langid.langid.visit_counts`` over ``text``."""
            nm, rowbase, out = self._arrays
            data = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
            n = len(data)
            if n <= _WINDOW:
                return visit_counts(self.tk_nextmove, self._rowbase, self.tk_output, text)
            # states[i]: after bytes [i - _WINDOW + 1, i], walked from the start (state 0)
            states = np.zeros(n - _WINDOW + 1, dtype=np.int64)
            for k in range(_WINDOW):
                states = nm[rowbase[states] + data[k : n - _WINDOW + 1 + k]].astype(np.int64)
            head = []  # the first bytes, walked one by one
            state = 0
            for letter in text[: _WINDOW - 1]:
                state = nm[rowbase[state] + letter]
                head.append(state)
            states = np.concatenate((np.asarray(head, dtype=np.int64), states))
            # the check: each state is the step from the one before over its byte (the
            # first is, by the walk above), so they are the states of the byte-by-byte walk
            if not np.array_equal(nm[rowbase[states[:-1]] + data[1:]], states[1:]):
                return visit_counts(self.tk_nextmove, self._rowbase, self.tk_output, text)
            found = out[states]
            found = found[found >= 0]
            return Counter(found.tolist()) if len(found) else None

    return _Identifier


def _from_cache(where: Path):
    import numpy as np

    LanguageIdentifier = _identifier_class()
    arrays = {n: np.load(where / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in _FILES}
    return LanguageIdentifier(
        arrays["ptc"],
        np.asarray(arrays["pc"]),
        [str(c) for c in arrays["classes"]],
        # indexed like the array.array the package builds, but on the mapped file:
        # no 39 MB copy in every process, only the pages the texts visit
        memoryview(arrays["nextmove"]),
        np.asarray(arrays["output"]).tolist(),
        norm_probs=True,
        tk_row=memoryview(arrays["row"]),
    )


def _store(identifier, where: Path) -> None:
    """Write the unpacked model next to ``where`` and move it in place whole."""
    import numpy as np

    tmp = where.with_name(f"{where.name}.tmp{os.getpid()}")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        nm, row = identifier.tk_nextmove, identifier.tk_row
        data = {
            "ptc": np.asarray(identifier.nb_ptc),
            "pc": np.asarray(identifier.nb_pc),
            "classes": np.array(identifier.nb_classes),
            "nextmove": np.frombuffer(nm, dtype=f"u{nm.itemsize}"),
            "row": np.frombuffer(row, dtype=f"u{row.itemsize}"),
            "output": np.asarray(identifier.tk_output, dtype=np.int32),
        }
        for name, value in data.items():
            np.save(tmp / f"{name}.npy", value, allow_pickle=False)
        os.replace(tmp, where)
    except OSError:
        pass  # another process got there first, or the cache is read-only
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load():
    from py3langid.langid import MODEL_FILE

    LanguageIdentifier = _identifier_class()
    where = _cache_dir()
    if where is not None and (where / "output.npy").is_file():
        with contextlib.suppress(Exception):  # a damaged cache is rebuilt below
            return _from_cache(where)
        shutil.rmtree(where, ignore_errors=True)
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if where is not None:
        with contextlib.suppress(Exception):
            where.parent.mkdir(parents=True, exist_ok=True)
            _store(identifier, where)
            _prune(where)
    return identifier


def _prune(keep: Path) -> None:
    """Remove the other unpacked models beside ``keep`` (a cache holds one: another
    model, from another py3langid, is unpacked again when it is used)."""
    for other in keep.parent.iterdir():
        if other != keep and other.is_dir() and ".tmp" not in other.name:
            shutil.rmtree(other, ignore_errors=True)


def _get():
    if not _identifier:
        with _lock:
            if not _identifier:
                _identifier.append(_load())
    return _identifier[0]


@lru_cache(maxsize=4)
def _variants(_gen: tuple) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for line in lines("language", "variants.tsv"):
        code, _, standard = line.partition("\t")
        if code.strip() and standard.strip():
            out[code.strip()] = None if standard.strip() == "-" else standard.strip()
    return out


def ranked(text: str, /, *, sample: int = 8_000) -> list[tuple[str, float]]:
    """Every language py3langid knows with its probability for ``text``, best first,
    variants counted as their standard language."""
    variants = _variants(generation())
    merged: dict[str, float] = {}
    for code, p in _get().rank(text[:sample]):
        code = variants.get(code, code)
        if code is not None:
            merged[code] = merged.get(code, 0.0) + float(p)
    return sorted(merged.items(), key=lambda kv: kv[1], reverse=True)


def detect(text: str, /, *, sample: int = 8_000) -> str | None:
    """ISO 639 code of the language of ``text`` (two letters where there is one),
    or None when unsure (and inside :func:`not_identified`)."""
    if _skipped.get():
        return None
    text = text[:sample]
    if not _has_letters(text, MIN_LETTERS):
        return None
    best = ranked(text, sample=sample)
    if not best or best[0][1] < MIN_CONFIDENCE:
        return None
    return best[0][0]


def _has_letters(text: str, n: int) -> bool:
    """Whether ``text`` has at least ``n`` letters (stops counting at the n-th)."""
    for c in text:
        if c.isalpha():
            n -= 1
            if n <= 0:
                return True
    return n <= 0
