"""A comparison is the same bytes in every process, whatever its string hashing.

Python orders sets of strings differently from one process to the next; any
choice made by iterating one (which of two spellings of a name to show) would
make a batch on a Dask cluster differ from the local run.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def _compare(seed: str, left: str, right: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "parallax.ui.main", "compare", left, right],
                         capture_output=True, env=env, cwd=ROOT, check=True, timeout=120)
    return out.stdout


def test_two_spellings_of_one_speaker_show_the_same_in_every_process():
    # seeds 001 and 004 write "Yuri Ushakov" and "Yury Ushakov": one voice, one spelling
    left, right = (str(next((ROOT / "seeds").glob(f"{n}_*.txt"))) for n in ("001", "004"))
    first = _compare("1", left, right)
    assert b"Ushakov" in first
    for seed in ("2", "3"):
        assert _compare(seed, left, right) == first


_EXACT = """
import glob, sys
from parallax.reader.comparison.engine import compare
from parallax.reader.ingest.article import load
fs = sorted(glob.glob("seeds/0*.txt"))
for x in fs[:3]:
    for y in fs:
        if x != y:
            print(repr(compare(load(x), load(y), facts=False, framing=False).summary))
"""


def test_every_float_of_a_summary_is_the_same_in_every_process():
    """Not only the rounded JSON: the similarity's last digit too (a sum over a set's
    order was not: a float sum depends on its order)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    outs = {subprocess.run([sys.executable, "-c", _EXACT], capture_output=True, text=True, cwd=ROOT, check=True,
                           timeout=120, env={**env, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and "similarity=" in next(iter(outs))
