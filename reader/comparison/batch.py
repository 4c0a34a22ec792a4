"""Batch comparison: the record API and ``parallax compare --pairs FILE``, streamed.

**Records.**  :func:`compare_record` takes one pair as a plain dict and gives
its result as a JSON-able dict; it never raises, so a batch engine (a process
pool, Dask, Spark, a queue worker) can map it over millions of records.  It is
a top-level function, so it pickles by reference.  Each side is one of

* ``"left_text"``: the article as text (plain, Markdown or HTML source, read
  as :func:`~parallax.reader.ingest.article.from_text` reads pasted text;
  ``"left_format"`` may say ``"text"``, ``"markdown"`` or ``"html"``);
* ``"left_bytes"``: the bytes of an article file (any format ``load`` reads),
  named by ``"left_path"``, which is not opened: the worker needs no shared
  filesystem;
* ``"left_path"``: a file the worker reads itself;
* ``"left_error"``: the side could not be read where the record was made;
  the result carries that message as its error.

and likewise for ``right``.  ``"id"`` and the labels ``"left"``/``"right"``
(default: the paths) are copied into the result, which then has
``"summary"`` (``Summary.to_dict()``), or with ``full=True``
``"comparison"`` (``report.to_record``: ``Comparison.to_dict()`` with each framing
marker's ``"sure"``), or ``"error"`` (one line).

**Pairs files.**  Each line of FILE is ``LEFT<TAB>RIGHT`` (blank lines and
lines starting with ``#`` are skipped; relative paths are tried from the
current directory, then from FILE's directory).  :func:`run_pairs` checks the
whole file first (a streamed pass that also counts the pairs), then reads it
again lazily and keeps a bounded number of chunks in flight, so memory stays
flat whatever the file's length.  Results are written as they complete, in
input order (no index field is needed: line N of the output is pair N), one
whole line at a time: after Ctrl+C or a failure the output holds complete
lines for a prefix of the pairs, never half a line.  Work runs over a process
pool on this machine, or on a Dask cluster (``scheduler=``), where each
record carries its files' bytes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any, TextIO

from parallax.reader.errors import InputError, ParallaxError, UsageError
from parallax.reader.ingest.files import DEFAULT_MAX_BYTES, read_file, unreadable_reason
from parallax.reader.text.lexicon import current, using

log = logging.getLogger(__name__)

__all__ = [
    "DASK_MISSING",
    "BatchInterrupted",
    "compare_pair",
    "compare_record",
    "count_pairs",
    "iter_pairs",
    "pair_records",
    "run_pairs",
]

DASK_MISSING = "--scheduler needs Dask, which is not installed: pip install 'parallax-reader[dask]'"

_SIDES = ("left", "right")


class BatchInterrupted(ParallaxError):
    """Ctrl+C (or SIGTERM) stopped a batch; the output holds whole lines only."""

    exit_code = 130


# --- one record --------------------------------------------------------------------


def compare_record(record: Mapping[str, Any], /, *, full: bool = False, **settings: Any) -> dict[str, Any]:
    """One pair's result record (never raises; see the module docstring for the fields).

    ``settings`` are :func:`~parallax.reader.comparison.engine.compare`'s
    (``min_words``, ``max_gap``, ...).  Without ``full`` only the summary is
    computed (:func:`~parallax.reader.comparison.engine.summarize`: no facts, framing nor
    word changes, which the summary does not use).
    """
    out: dict[str, Any] = {}
    try:
        if not isinstance(record, Mapping):
            raise InputError(None, f"a record is a mapping, not {type(record).__name__}")
        if "id" in record:
            out["id"] = record["id"]
        for side in _SIDES:
            label = record.get(side, record.get(f"{side}_path"))
            if label is not None:
                out[side] = label
        unknown = sorted(set(settings) - _setting_names())
        if unknown:
            raise InputError(None, f"unknown setting {unknown[0]!r}")
        from parallax.reader.align.similarity import forget_sentences
        from parallax.reader.comparison.engine import compare, summarize
        from parallax.reader.comparison.report import to_record

        # the summary never reads an article's language: no identifier then; the articles
        # are cleaned with the word lists the comparison is given
        with using(settings.get("lexicon")):
            a = _side_article(record, "left", identify=full)
            b = _side_article(record, "right", identify=full)
        try:
            if full:
                out["comparison"] = to_record(compare(a, b, **settings))
            else:
                out["summary"] = summarize(a, b, **settings).to_dict()
        finally:
            with using(settings.get("lexicon")):
                forget_sentences()  # the next pair holds other sentences
    except ParallaxError as err:
        out["error"] = str(err)
    except MemoryError:
        out["error"] = "out of memory"
    except Exception as err:  # one bad pair must not stop a study
        log.error("internal error on a pair", exc_info=err)  # the traceback, for the log
        out["error"] = "internal error, a bug in Parallax (the details are in its log)"
    return out


@cache
def _setting_names() -> frozenset[str]:
    import inspect

    from parallax.reader.comparison.engine import compare

    params = inspect.signature(compare).parameters.values()
    return frozenset(p.name for p in params if p.kind is p.KEYWORD_ONLY)


def _side_article(record: Mapping[str, Any], side: str, *, identify: bool = True):
    """The side's article; ``identify=False``: its language left unidentified."""
    from parallax.reader.text.language import not_identified

    with contextlib.nullcontext() if identify else not_identified():
        return _read_side(record, side, identify)


def _read_side(record: Mapping[str, Any], side: str, identify: bool):
    from parallax.reader.ingest.article import from_bytes, from_text

    if f"{side}_error" in record:
        raise ParallaxError(str(record[f"{side}_error"]))
    label = record.get(side)
    if f"{side}_text" in record:
        text = record[f"{side}_text"]
        if isinstance(label, str) and label:
            return from_text(text, source=label, format=record.get(f"{side}_format"))
        from dataclasses import replace

        article = from_text(text, source=f"{side}_text", format=record.get(f"{side}_format"))
        return replace(article, path=None)
    path = record.get(f"{side}_path")
    if f"{side}_bytes" in record:
        data = record[f"{side}_bytes"]
        if not isinstance(data, bytes | bytearray | memoryview):
            raise InputError(f"{side}_bytes", f"is {type(data).__name__}, not bytes")
        return from_bytes(bytes(data), source=str(path or label or side))
    if path is not None:
        return _load(str(path), identify)
    raise InputError(None, f"the record has no {side}_text, {side}_bytes or {side}_path")


# The last few articles this process loaded, by path, with the file's (mtime, size)
# and whether the language was identified: a study often compares one source (the
# agency copy) with many others, and each pair would otherwise read and clean it again.
_LOADED: dict[str, tuple[tuple[Any, ...], Any]] = {}
_LOADED_MAX = 4


def _load(path: str, identified: bool = True):
    from parallax.reader.ingest.article import load

    try:
        st = os.stat(path)
    except OSError:
        return load(path)  # load says what is wrong with it
    sig = (st.st_mtime_ns, st.st_size, identified, current())  # cleaned with the lexicon in use
    hit = _LOADED.pop(path, None)
    article = hit[1] if hit is not None and hit[0] == sig else load(path)
    _LOADED[path] = (sig, article)  # most recent last
    while len(_LOADED) > _LOADED_MAX:
        del _LOADED[next(iter(_LOADED))]
    return article


def compare_pair(job: tuple[str, str, str, str, dict[str, Any]]) -> dict[str, Any]:
    """One pair's summary record from ``(left, right, left path, right path, settings)``."""
    left, right, lpath, rpath, settings = job
    record = {"left": left, "right": right, "left_path": lpath, "right_path": rpath}
    return compare_record(record, **settings)


def _run_chunk(records: list[dict[str, Any]], /, *, full: bool = False,
               **settings: Any) -> tuple[float, int, str]:
    """A chunk's results as (seconds spent, pairs failed, their JSON lines joined):
    the worker does the JSON so the parent only writes text."""
    t = time.perf_counter()
    failed = 0
    lines = []
    for rec in records:
        res = compare_record(rec, full=full, **settings)
        failed += "error" in res
        lines.append(json.dumps(res, ensure_ascii=False) + "\n")
    return time.perf_counter() - t, failed, "".join(lines)


# --- the pairs file -----------------------------------------------------------------


def _pair_lines(path: str) -> Iterator[tuple[str, str]]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a pairs file") from None
    except OSError as err:
        raise InputError(path, unreadable_reason(err)) from None
    with fh:
        for no, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(path, f"line {no}: not valid UTF-8 text") from None
            if no == 1:
                line = line.removeprefix("\ufeff")
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                raise InputError(path, f"line {no}: expected LEFT<TAB>RIGHT")
            yield parts[0].strip(), parts[1].strip()


def count_pairs(path: str) -> int:
    """How many pairs FILE holds; an InputError for the first malformed line.
    Streamed: constant memory whatever the length."""
    return sum(1 for _ in _pair_lines(path))


def iter_pairs(path: str) -> Iterator[tuple[str, str, str, str]]:
    """(left as written, right as written, left resolved, right resolved), lazily."""
    base = Path(path).resolve().parent
    for left, right in _pair_lines(path):
        yield left, right, _resolve(left, base), _resolve(right, base)


def _resolve(name: str, base: Path) -> str:
    p = Path(name)
    if p.is_absolute() or p.exists():
        return name
    alt = base / p
    return str(alt) if alt.exists() else name


def pair_records(path: str, /, *, ship: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[dict[str, Any]]:
    """FILE's pairs as records, lazily.  ``ship=True`` reads each file here and puts
    its bytes in the record (for workers on other machines); a file that cannot be
    read becomes that side's ``"..._error"``, worded as a worker reading it would."""
    for left, right, lpath, rpath in iter_pairs(path):
        rec: dict[str, Any] = {"left": left, "right": right, "left_path": lpath, "right_path": rpath}
        if ship:
            for side, p in (("left", lpath), ("right", rpath)):
                try:
                    rec[f"{side}_bytes"] = read_file(p, max_bytes=max_bytes)
                except InputError as err:
                    rec[f"{side}_error"] = str(err)
        yield rec


# --- chunks, in flight and back in order ------------------------------------------


class _Sizer:
    """How many records go in the next chunk: about ``target`` seconds of work,
    from the seconds per record seen so far (one record until something is seen)."""

    def __init__(self, target: float, most: int = 256) -> None:
        self.target = target
        self.most = most
        self.per_record: float | None = None

    def size(self) -> int:
        if self.per_record is None:
            return 1
        return max(1, min(self.most, int(self.target / max(self.per_record, 1e-6))))

    def observe(self, seconds: float, n: int) -> None:
        if n:
            rate = seconds / n
            self.per_record = rate if self.per_record is None else (self.per_record + rate) / 2


def _chunks(records: Iterator[dict[str, Any]], sizer: _Sizer,
            max_bytes: int = 16 << 20) -> Iterator[list[dict[str, Any]]]:
    while True:
        chunk: list[dict[str, Any]] = []
        size = 0
        n = sizer.size()
        for rec in records:
            chunk.append(rec)
            size += len(rec.get("left_bytes", b"")) + len(rec.get("right_bytes", b""))
            if len(chunk) >= n or size >= max_bytes:
                break
        if not chunk:
            return
        yield chunk


def _ordered(chunks: Iterator[list[dict[str, Any]]], pool, sizer: _Sizer,
             stopped: Callable[[], int]) -> Iterator[tuple[int, int, str]]:
    """(pairs, failed, text) per chunk, in input order.  At most ``pool.window``
    chunks are in flight and at most four times that wait for an earlier one,
    so memory stays bounded even when one chunk is slow."""
    ahead = pool.window * 4
    sizes: dict[int, int] = {}
    waiting: dict[int, tuple[int, str]] = {}
    next_in = next_out = 0
    more = True
    while True:
        while more and not stopped() and len(sizes) - len(waiting) < pool.window \
                and next_in - next_out < ahead:
            chunk = next(chunks, None)
            if chunk is None:
                more = False
                break
            sizes[next_in] = len(chunk)
            pool.submit(next_in, chunk)
            next_in += 1
        while next_out in waiting:
            failed, text = waiting.pop(next_out)
            yield sizes.pop(next_out), failed, text
            next_out += 1
        if stopped() or (not more and next_out == next_in):
            return
        for key, (seconds, failed, text) in pool.finished(0.2):
            sizer.observe(seconds, sizes[key])
            waiting[key] = (failed, text)


class _Inline:
    """No pool: each chunk runs here as it is submitted (``--jobs 1``, or a few pairs)."""

    window = 1

    def __init__(self, fn: Callable[[list[dict[str, Any]]], tuple[float, int, str]]) -> None:
        self.fn = fn
        self.done: list[tuple[int, tuple[float, int, str]]] = []

    def submit(self, key: int, chunk: list[dict[str, Any]]) -> None:
        self.done.append((key, self.fn(chunk)))

    def finished(self, timeout: float) -> list[tuple[int, tuple[float, int, str]]]:
        done, self.done = self.done, []
        return done

    def close(self) -> None:
        pass


def _start_worker() -> None:
    # Ctrl+C reaches the whole process group; the parent stops the batch, and a
    # worker interrupted mid-pair would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Load the engine, the language model and the English lexicons now, so that
    # the first chunk's time (which sizes the next chunks) is the pairs' own.
    text = "The minister said on Tuesday that talks would resume in Geneva next week."
    compare_record({"left_text": text, "right_text": text})


class _Processes:
    """A process pool on this machine."""

    def __init__(self, fn: Callable[..., Any], jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.fn = fn
        self.window = jobs * 2  # one running and one queued per worker
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker)
        self.futures: dict[Any, int] = {}

    def submit(self, key: int, chunk: list[dict[str, Any]]) -> None:
        self.futures[self.pool.submit(self.fn, chunk)] = key

    def finished(self, timeout: float) -> list[tuple[int, tuple[float, int, str]]]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        done, _ = wait(list(self.futures), timeout=timeout, return_when=FIRST_COMPLETED)
        out = []
        for f in done:
            key = self.futures.pop(f)
            try:
                out.append((key, f.result()))
            except BrokenProcessPool:
                raise ParallaxError("a worker process died (out of memory?); the batch stopped") from None
        return out

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask distributed cluster: ``address`` of its scheduler, or ``"local"``
    for a LocalCluster of ``jobs`` single-threaded worker processes."""

    def __init__(self, fn: Callable[..., Any], address: str, jobs: int) -> None:
        try:
            import logging

            from distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise ParallaxError(DASK_MISSING) from None
        for name in ("distributed", "tornado", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        self.fn = fn
        self.cluster = None
        try:
            if address == "local":
                with _sigint_ignored():  # the workers inherit it: Ctrl+C is for us to handle
                    self.cluster = LocalCluster(
                        n_workers=jobs, threads_per_worker=1, processes=True,
                        dashboard_address=None, silence_logs=logging.CRITICAL,
                    )
                self.client = Client(self.cluster, set_as_default=False)
            else:
                _check_address(address)
                self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as err:
            self._close_cluster()
            raise ParallaxError(f"cannot reach the Dask scheduler at {address}: {err}") from None
        threads = sum(self.client.nthreads().values())
        self.window = max(4, 2 * threads)
        self.results = as_completed(loop=self.client.loop, with_results=True, raise_errors=False)
        self.futures: dict[Any, int] = {}

    def submit(self, key: int, chunk: list[dict[str, Any]]) -> None:
        f = self.client.submit(self.fn, chunk, pure=False)
        self.futures[f] = key
        self.results.add(f)

    def finished(self, timeout: float) -> list[tuple[int, tuple[float, int, str]]]:
        end = time.monotonic() + timeout
        while not self.results.has_ready() and time.monotonic() < end:
            time.sleep(0.005)
        out = []
        for f, result in self.results.next_batch(block=False):
            key = self.futures.pop(f)
            if f.status != "finished":
                exc = result[1] if isinstance(result, tuple) and len(result) == 3 else result
                hint = ""
                if isinstance(exc, ModuleNotFoundError) and "parallax" in str(exc):
                    hint = " (install parallax-reader on every worker)"
                raise ParallaxError(f"a Dask worker failed: {type(exc).__name__}: {exc}{hint}")
            out.append((key, result))
        return out

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.futures:
                self.client.cancel(list(self.futures))
            self.client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


def _check_address(address: str) -> None:
    """A one-line error for an address Dask cannot parse or whose host has no address
    (Dask itself would retry either until its timeout)."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls"):
            host, port = parse_host_port(location)
            socket.getaddrinfo(host, port)
    except ValueError as err:
        raise UsageError(f"--scheduler {address}: {err} (give tcp://HOST:PORT, or local)") from None
    except OSError as err:
        raise ParallaxError(f"cannot reach the Dask scheduler at {address}: "
                            f"{getattr(err, 'strerror', None) or err}") from None


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[Callable[[], int]]:
    """Ctrl+C and SIGTERM set a flag the batch checks between chunks (the
    first one; a second Ctrl+C interrupts at once)."""
    got = [0]
    if threading.current_thread() is not threading.main_thread():
        yield lambda: got[0]
        return

    def handler(signum, frame):
        got[0] = signum
        signal.signal(signal.SIGINT, signal.default_int_handler)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield lambda: got[0]
    finally:
        for s, h in old.items():
            signal.signal(s, h)


# --- progress -------------------------------------------------------------------


class _Progress:
    """``done/total pairs (pct) rate/s ETA`` on one terminal line, redrawn at most
    every quarter second; nothing at all when not enabled."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.stream = stream
        self.start = self.last = time.monotonic()

    def update(self, done: int, failed: int, *, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.25:
            return
        self.last = now
        self.stream.write("\r" + progress_line(done, self.total, failed, now - self.start) + "\x1b[K")
        self.stream.flush()

    def finish(self, done: int, failed: int) -> None:
        if self.stream is not None:
            self.update(done, failed, force=True)
            self.stream.write("\n")
            self.stream.flush()


def progress_line(done: int, total: int, failed: int, seconds: float) -> str:
    """The progress counter's text, e.g. ``1,200/5,000 pairs (24%), 310/s, ETA 0:12``."""
    rate = done / seconds if seconds > 0 else 0.0
    pct = f" ({done / total:.0%})" if total else ""
    text = f"{done:,}/{total:,} pairs{pct}, {rate:,.0f}/s"
    if done < total:
        text += f", ETA {_clock((total - done) / rate)}" if rate > 0 else ", ETA ?"
    else:
        text += f", {_clock(seconds)}"
    if failed:
        text += f", {failed:,} failed"
    return text


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# --- the run ----------------------------------------------------------------------


def run_pairs(
    pairs_file: str,
    /,
    *,
    out: str | None = None,
    jobs: int | None = None,
    full: bool = False,
    scheduler: str | None = None,
    progress: TextIO | None = None,
    settings: dict[str, Any] | None = None,
) -> int:
    """Write one JSON line per pair of ``pairs_file`` to ``out`` (or stdout), in
    input order, each as soon as it and the pairs before it are done.

    ``jobs``: worker processes (default: the cores; with ``scheduler="local"``,
    the LocalCluster's workers).  ``scheduler``: a Dask scheduler address, or
    ``"local"``.  ``progress``: a stream for the progress counter (the caller
    passes stderr when it is a terminal).  Exit status 1 if any pair failed;
    Ctrl+C raises :class:`BatchInterrupted` once the lines done are written.
    """
    settings = dict(settings or {})
    total = count_pairs(pairs_file)  # a malformed file fails here, before any output
    jobs = max(1, jobs or os.cpu_count() or 1)
    fn = partial(_run_chunk, full=full, **settings)
    meter = _Progress(total, progress)
    done = failed = signum = 0
    pool = fh = None
    try:
        with _stop_on_signals() as stopped:
            # the pool first: a cluster that cannot be reached leaves the output untouched
            if scheduler is not None:
                pool, sizer = _Dask(fn, scheduler, jobs), _Sizer(0.5)
            elif jobs == 1 or total < 4:
                pool, sizer = _Inline(fn), _Sizer(0.05)
            else:
                pool, sizer = _Processes(fn, jobs), _Sizer(0.2)
            fh = _open_output(out)
            records = pair_records(pairs_file, ship=scheduler is not None)
            for n, bad, text in _ordered(_chunks(records, sizer), pool, sizer, stopped):
                fh.write(text)  # whole lines, flushed: a prefix of the results at any moment
                fh.flush()
                done += n
                failed += bad
                meter.update(done, failed)
            signum = stopped()
    finally:
        if pool is not None:
            pool.close()
        if fh is not None and fh is not sys.stdout:
            fh.close()
    meter.finish(done, failed)  # the last count, also when the batch ended before the first redraw
    if signum and done < total:
        where = f"{out} holds" if out and out != "-" else "the output holds"
        raise BatchInterrupted(
            f"interrupted: {where} whole lines for the first {done:,} of {total:,} pairs"
        )
    return 1 if failed else 0


def _open_output(out: str | None) -> TextIO:
    if not out or out == "-":
        return sys.stdout
    try:
        return open(out, "w", encoding="utf-8")  # closed by run_pairs
    except OSError as err:
        raise InputError(out, f"cannot be written: {err.strerror or err}") from None
