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
