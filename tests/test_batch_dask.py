"""``compare --pairs --scheduler``: the batch on a Dask cluster gives the local run's bytes."""

from __future__ import annotations

import json
import shutil

import pytest
from distributed import Client, LocalCluster

from parallax.reader.cli import run
from tests.conftest import ROOT


def _pairs(tmp_path):
    """Some pairs: seeds by absolute and by relative path, one missing file, one empty."""
    seeds = sorted((ROOT / "seeds").glob("0*.txt"))[:5]
    for s in seeds:
        shutil.copy(s, tmp_path / s.name)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    lines = [f"{seeds[i % 5]}\t{seeds[(i * 3 + 1) % 5]}" for i in range(4)]
    lines += [f"{seeds[0].name}\t{seeds[2].name}",  # relative to the pairs file
              f"missing.txt\t{seeds[1]}", f"{seeds[1]}\tempty.txt"]
    f = tmp_path / "pairs.tsv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f, len(lines)


def _no_files_on_workers():
    """On each worker: reading an article from a path fails, so a record that
    does not carry its files' bytes would come back as an error."""
    from parallax.reader.comparison import batch

    def refuse(path):
        raise AssertionError(f"a worker read {path} from its own disk")

    batch._load = refuse


@pytest.mark.slow
def test_a_cluster_gives_byte_identical_records_to_the_local_run(tmp_path, capsys):
    f, n = _pairs(tmp_path)
    local = tmp_path / "local.jsonl"
    assert run(["compare", "--pairs", str(f), "--jobs", "2", "-o", str(local)]) == 1
    summaries = local.read_bytes()
    lines = [json.loads(x) for x in summaries.decode("utf-8").splitlines()]
    assert len(lines) == n and sum("error" in x for x in lines) == 2

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(_no_files_on_workers)
        remote = tmp_path / "remote.jsonl"
        assert run(["compare", "--pairs", str(f), "--scheduler", cluster.scheduler_address,
                    "-o", str(remote)]) == 1
        assert remote.read_bytes() == summaries
        # the full comparison travels back the same way
        few = tmp_path / "few.tsv"
        few.write_text("".join(f.read_text(encoding="utf-8").splitlines(True)[:2]), encoding="utf-8")
        assert run(["compare", "--pairs", str(few), "--full", "--scheduler",
                    cluster.scheduler_address, "-o", str(remote)]) == 0
        assert run(["compare", "--pairs", str(few), "--full", "--jobs", "2", "-o", str(local)]) == 0
        assert remote.read_bytes() == local.read_bytes()
        assert "comparison" in json.loads(local.read_text(encoding="utf-8").splitlines()[0])
    capsys.readouterr()

    # --scheduler local starts (and stops) its own cluster
    here = tmp_path / "here.jsonl"
    assert run(["compare", "--pairs", str(f), "--scheduler", "local", "--jobs", "2",
                "-o", str(here)]) == 1
    assert here.read_bytes() == summaries
    assert capsys.readouterr().err == ""  # no log lines from Dask on the user's terminal


def test_a_scheduler_that_cannot_be_reached_is_one_line_and_no_output(tmp_path, capsys):
    f, _ = _pairs(tmp_path)
    out = tmp_path / "out.jsonl"
    for address, status, words in [
        ("localhost", 2, "missing port number"),
        ("tcp://no-such-host.invalid:8786", 1, "cannot reach the Dask scheduler"),
    ]:
        assert run(["compare", "--pairs", str(f), "--scheduler", address, "-o", str(out)]) == status
        err = capsys.readouterr().err
        assert err.startswith("parallax: error:") and err.count("\n") == 1 and words in err, err
        assert not out.exists()
