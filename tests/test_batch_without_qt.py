"""The core and the batch commands run without PySide6 (the gui extra); the window
and PDF printing then say in one line what to install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT, seed

# Loaded first by every Python started with this folder on PYTHONPATH: PySide6
# and shiboken6 cannot be imported, as on a machine without the gui extra.
BLOCKER = '''
import sys

class _NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NoQt())
'''

INSTALL_LINE = "pip install 'parallax-reader[gui]'"


@pytest.fixture(scope="module")
def no_qt(tmp_path_factory):
    site = tmp_path_factory.mktemp("noqt")
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH")) if p)
    env["PARALLAX_DB"] = str(site / "library.db")
    env.pop("PARALLAX_DEBUG", None)
    script = Path(sys.executable).with_name("parallax")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "parallax.ui.main"]

    def parallax(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *args], env=env, cwd=cwd, capture_output=True,
                              text=True, timeout=300)

    # the blocker works: Qt cannot be imported there
    probe = subprocess.run([sys.executable, "-c", "import PySide6"], env=env,
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "No module named 'PySide6'" in probe.stderr
    return parallax


def test_compare_and_batch_run_without_qt(no_qt, tmp_path):
    done = no_qt("compare", str(seed("003")), str(seed("004")))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["reuse"] in ("wholly", "partially", "not")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"{seed('003')}\t{seed('004')}\n{seed('002')}\t{seed('003')}\n", encoding="utf-8")
    done = no_qt("compare", "--pairs", str(pairs), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert [len(json.loads(x)["summary"]) > 0 for x in done.stdout.splitlines()] == [True, True]
    assert no_qt("--version").returncode == 0


@pytest.mark.parametrize("args", [
    ("open",),
    ("open", str(seed("003")), str(seed("004"))),
    (),  # the bare command opens the demo pair
])
def test_the_window_without_qt_is_one_line_saying_what_to_install(no_qt, args):
    done = no_qt(*args)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("parallax: error: the window needs Qt")
    assert INSTALL_LINE in done.stderr


def test_pdf_export_without_qt_is_one_line_and_writes_nothing(no_qt, tmp_path):
    out = tmp_path / "notes.pdf"
    done = no_qt("notes", "export", "--format", "pdf", "-o", str(out))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and INSTALL_LINE in done.stderr, done.stderr
    assert "PDF" in done.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_qt_is_the_gui_extra_and_dask_the_dask_extra():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = lambda reqs: {r.split(";")[0].split("[")[0].split(">")[0].split("=")[0].strip().lower()  # noqa: E731
                          for r in reqs}
    assert not names(meta["dependencies"]) & {"pyside6", "pyside6-essentials", "dask", "distributed"}
    extras = meta["optional-dependencies"]
    assert "pyside6-essentials" in names(extras["gui"])
    assert "dask" in names(extras["dask"]) and "dask" in names(extras["test"])
    dev = (ROOT / "scripts" / "dev").read_text(encoding="utf-8")
    assert 'make_venv "[gui]"' in dev and 'make_venv "[gui,test]"' in dev
