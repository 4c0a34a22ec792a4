"""Each side's own work of a long comparison, in another process, beside the alignment.

A long comparison spends about half its time on what each side has alone (fact
mentions, quotations, framing markers: :func:`parallax.reader.comparison.engine.side_work`),
which does not depend on the alignment.  The window's :class:`~parallax.ui.worker.CompareJob`
hands that half to one spawned process as soon as both texts are loaded and
aligns them meanwhile in its own thread, so the two halves use both cores (a
thread alone would not: Python runs one thread at a time).  The engine then
takes the result through its ``sides`` callback, and the comparison is the same
as without it.

The process starts with the first long pair and stays for the next ones.
Wherever a process cannot be started or dies, the job does the work itself, as
on short pairs: this only ever changes how soon the result comes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from parallax.reader.comparison.engine import SideWork, side_work
from parallax.reader.errors import Cancelled
from parallax.reader.model import Article
from parallax.reader.text.lexicon import Lexicon, clear_cache, current, generation

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: list[ProcessPoolExecutor] = []  # the one process pool, once started


_read: list[tuple] = []  # in the pool's process: the window's lexicon generation its tables are of


def _both(left: Article, right: Article, lexicon: Lexicon, read: tuple) -> tuple[SideWork, SideWork]:
    """Both sides' work (run in the pool's process).  ``read``: the window's lexicon
    generation; when the window has read its word lists again since the last pair, so
    does this process."""
    if _read and _read[0] != read:
        clear_cache()
    _read[:] = [read]
    return side_work(left, "left", lexicon=lexicon), side_work(right, "right", lexicon=lexicon)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def submit(left: Article, right: Article, lexicon: Lexicon | None) -> Future | None:
    """Start both sides' work in the pool's process; None when no process can be had (or
    only one core: the process would only take turns with the job's thread)."""
    if _cores() < 2:
        return None
    lexicon = lexicon if lexicon is not None else current()  # the child reads the same word lists
    with _lock:
        try:
            if not _pool:
                _pool.append(ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")))
            return _pool[0].submit(_both, left, right, lexicon, generation())
        except (OSError, RuntimeError, BrokenProcessPool) as err:  # no process here: do it in the thread
            log.info("side work in this thread: %s", err)
            _drop()
            return None


def result(future: Future, cancelled: threading.Event, *, poll: float = 0.05) -> tuple[SideWork, SideWork] | None:
    """Wait for ``future``'s work; None if the process failed (the job then does it itself).

    Waits in short slices, so that cancelling the job (``cancelled``, or the job's
    ``Cancelled`` raised in its thread) stops the wait at once."""
    while True:
        if cancelled.is_set():
            future.cancel()
            raise Cancelled()
        try:
            return future.result(timeout=poll)
        except TimeoutError:
            continue
        except BrokenProcessPool as err:
            log.warning("the side-work process died (%s); doing the work in the thread", err)
            with _lock:
                _drop()
            return None
        except Exception:  # a bug in the child: the thread does the work, and reports it if it fails there too
            log.exception("side work failed in its process")
            return None


def ready(future: Future, *, within: float) -> bool:
    """Whether ``future``'s work is done, waiting at most ``within`` seconds for it."""
    done, _ = wait([future], timeout=within)
    return bool(done)


def _drop() -> None:
    """Forget a broken pool (called with the lock held); the next long pair starts another."""
    if _pool:
        _pool.pop().shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the process (the application is closing): queued work is dropped."""
    with _lock:
        _drop()
