"""Batch comparison: ``parallax compare --pairs FILE`` over a process pool.

Each line of FILE is ``LEFT<TAB>RIGHT`` (blank lines and lines starting
with ``#`` are skipped; relative paths are tried from the current directory,
then from FILE's directory).  Each pair gives one JSON line, in input order:
``{"left": path, "right": path, "summary": {...}}`` or, when that pair
fails, ``{"left": path, "right": path, "error": "..."}``; the other pairs
go on.  Work is spread over the cores; only the summary is computed (facts
and framing are skipped), which is what batch studies of reuse need.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from parallax.reader.errors import InputError, ParallaxError
from parallax.reader.ingest.files import unreadable_reason

__all__ = ["compare_pair", "read_pairs", "run_pairs"]


def read_pairs(path: str) -> list[tuple[str, str, str, str]]:
    """(left as written, right as written, left resolved, right resolved) per pair."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a pairs file") from None
    except OSError as err:
        raise InputError(path, unreadable_reason(err)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "not valid UTF-8 text") from None
    base = p.resolve().parent
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(path, f"line {no}: expected LEFT<TAB>RIGHT")
        left, right = parts[0].strip(), parts[1].strip()
        out.append((left, right, _resolve(left, base), _resolve(right, base)))
    return out


def _resolve(name: str, base: Path) -> str:
    p = Path(name)
    if p.is_absolute() or p.exists():
        return name
    alt = base / p
    return str(alt) if alt.exists() else name


# The last few articles this process loaded, by path, with the file's (mtime, size):
# a study often compares one source (the agency copy) with many others, and each
# pair would otherwise read and clean it again.
_LOADED: dict[str, tuple[tuple[int, int], Any]] = {}
_LOADED_MAX = 4


def _load(path: str):
    from parallax.reader.ingest.article import load

    try:
        st = os.stat(path)
    except OSError:
        return load(path)  # load says what is wrong with it
    sig = (st.st_mtime_ns, st.st_size)
    hit = _LOADED.pop(path, None)
    article = hit[1] if hit is not None and hit[0] == sig else load(path)
    _LOADED[path] = (sig, article)  # most recent last
    while len(_LOADED) > _LOADED_MAX:
        del _LOADED[next(iter(_LOADED))]
    return article


def compare_pair(job: tuple[str, str, str, str, dict[str, Any]]) -> dict[str, Any]:
    """One pair's result line (never raises)."""
    left, right, lpath, rpath, settings = job
    from parallax.reader.comparison.engine import compare

    try:
        a = _load(lpath)
        b = _load(rpath)
        c = compare(a, b, facts=False, framing=False, **settings)
        return {"left": left, "right": right, "summary": c.summary.to_dict()}
    except ParallaxError as err:
        return {"left": left, "right": right, "error": str(err)}
    except MemoryError:
        return {"left": left, "right": right, "error": "out of memory"}
    except Exception as err:  # one bad pair must not stop a study
        return {"left": left, "right": right, "error": f"internal error: {type(err).__name__}: {err}"}


def iter_results(pairs_file: str, *, jobs: int | None = None,
                 settings: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    pairs = read_pairs(pairs_file)
    settings = dict(settings or {})
    work = [(*p, settings) for p in pairs]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(work) < 4:
        yield from map(compare_pair, work)
        return
    chunk = max(1, min(32, len(work) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(compare_pair, work, chunksize=chunk)


def run_pairs(pairs_file: str, *, out: str | None = None, jobs: int | None = None,
              settings: dict[str, Any] | None = None) -> int:
    """Write one JSON line per pair to ``out`` (or stdout).  Exit 1 if any pair failed."""
    failed = 0
    if out and out != "-":
        try:
            fh = open(out, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as err:
            raise InputError(out, f"cannot be written: {err.strerror or err}") from None
    else:
        fh = sys.stdout
    try:
        for rec in iter_results(pairs_file, jobs=jobs, settings=settings):
            failed += "error" in rec
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fh.flush()
    finally:
        if fh is not sys.stdout:
            fh.close()
    return 1 if failed else 0
