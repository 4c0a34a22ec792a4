"""compare() pauses the cyclic collector for its whole length and always restores it."""

from __future__ import annotations

import gc
import threading

import pytest

from parallax.reader.comparison.engine import compare
from parallax.reader.errors import Cancelled

LEFT = ("The council approved the new budget on Tuesday after a long debate. "
        "Mayor Jane Smith said 40 jobs would be created. Critics called it reckless.")
RIGHT = ("After a long debate the council approved the new budget on Tuesday. "
         "Smith said the plan would create 40 jobs. Opponents were not convinced.")


@pytest.fixture(autouse=True)
def _collector_state_kept():
    """Each test sets the collector as it needs and leaves it as it was: a window's
    process runs with it off (``ui/collector.py``), and other tests run in that process.

    Waits first for any pause still held by another thread to end: an earlier test's
    background comparison (a window's worker finishing after the window closed) would
    otherwise keep the collector off past this test's block, and restore the state it
    found, off, when it ends (a fresh-clone run failed so, once, on a busy machine)."""
    import time

    from parallax.reader.text.gcpause import paused

    deadline = time.monotonic() + 60
    while paused() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not paused(), "another thread held the collector paused for a minute"
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_collector_paused_in_every_stage_and_restored_after():
    seen: list[tuple[str, bool]] = []
    assert gc.isenabled()
    compare(LEFT, RIGHT, progress=lambda stage, done: seen.append((stage, gc.isenabled())))
    assert [s for s, _ in seen][-1] == "done"
    assert all(not enabled for _, enabled in seen), seen
    assert gc.isenabled()


def test_collector_restored_when_cancelled():
    def cancel(stage: str, done: float) -> None:
        if stage == "facts":
            raise Cancelled()

    with pytest.raises(Cancelled):
        compare(LEFT, RIGHT, progress=cancel)
    assert gc.isenabled()


def test_collector_left_off_when_it_was_off():
    gc.disable()
    compare(LEFT, RIGHT)
    assert not gc.isenabled()


def test_paused_across_threads_until_the_last_block_ends():
    """Two comparisons in two threads: the first to end must not turn the collector back
    on under the other, and the state before the first comes back after the last."""
    from parallax.reader.text.gcpause import paused, paused_gc

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with paused_gc():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with paused_gc():
            second_in.set()
            first_out.wait(5)
            seen["enabled after the first ended"] = gc.isenabled()
            seen["paused"] = paused()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"enabled after the first ended": False, "paused": True}
    assert gc.isenabled() and not paused()


def test_what_a_block_leaves_alive_is_not_rescanned_and_cycles_are_still_found():
    """As the collector comes back on, the objects the block made and its caller still holds
    go to the oldest generation: no young-generation pass over all of them at the next
    allocation (it found nothing, and cost a tenth of a comparison); a cycle made in the
    block is still collected by a full collection."""
    import weakref

    from parallax.reader.text.gcpause import paused_gc

    class Node:
        pass

    passes: list[int] = []  # how many objects each young-generation pass had to scan

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 0:
            passes.append(len(gc.get_objects(0)))

    gc.collect()
    gc.callbacks.append(count)
    try:
        with paused_gc():
            kept = [(str(i), i, [i]) for i in range(20_000)]  # tracked objects the caller holds
            cycle = Node()
            cycle.me = cycle
            ref = weakref.ref(cycle)
            del cycle
            assert gc.get_count()[0] > 20_000
        more = [[i] for i in range(2_000)]  # enough allocations to set off a young pass
    finally:
        gc.callbacks.remove(count)
    assert gc.isenabled()
    assert passes and all(n < 5_000 for n in passes), passes  # none over the 20,000 kept
    assert ref() is not None  # the cycle waits for a full collection...
    gc.collect()
    assert ref() is None  # ...which finds it
    assert len(kept) == 20_000 and len(more) == 2_000
