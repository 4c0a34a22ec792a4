"""The wheel, installed in a fresh venv without the gui extra and beside the PyPI
package `reader`, runs: `parallax --version` and `parallax compare` on two seeds,
from a folder outside the repository (issues #11 and #17)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parallax.reader import __version__
from tests.conftest import ROOT, seed

pytestmark = pytest.mark.slow

# The feed-reader library on PyPI whose top-level name `reader` Parallax's core once
# also claimed (issue #11); pinned, as the rest of the install is, by constraints.txt.
PYPI_READER = "reader==3.26"


def _run(*args, cwd: Path, env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv holding the wheel (with its pinned dependencies) and PyPI's `reader`,
    and a `parallax(*args)` that runs its command from a folder outside the repo."""
    tmp = tmp_path_factory.mktemp("install")
    outside = tmp / "elsewhere"
    (outside / "seeds").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PARALLAX_DEBUG", "QT_QPA_PLATFORM")}
    env["PARALLAX_DB"] = str(tmp / "library.db")
    env["XDG_STATE_HOME"] = str(tmp / "state")

    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", ROOT,
                 cwd=outside, env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (tmp / "dist").glob("parallax_reader-*.whl")

    # The venv has no pip of its own: this environment's pip installs into it (and
    # keeps using its cache), with the versions pinned for CI, and without the gui extra.
    venv = tmp / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=outside, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile",
           "-c", ROOT / "constraints.txt"]
    done = _run(*pip, wheel, PYPI_READER, cwd=outside, env=env)
    assert done.returncode == 0, done.stderr[-3000:]

    names = []
    for prefix in ("003", "004"):
        copy = outside / "seeds" / seed(prefix).name
        shutil.copyfile(seed(prefix), copy)
        names.append(str(copy.relative_to(outside)))

    def parallax(*args: str) -> subprocess.CompletedProcess:
        return _run(venv / "bin" / "parallax", *args, cwd=outside, env=env, timeout=300)

    def py(code: str) -> subprocess.CompletedProcess:
        return _run(python, "-c", code, cwd=outside, env=env, timeout=120)

    return parallax, py, names, pip, venv


def test_version_is_this_release(installed):
    parallax, *_ = installed
    done = parallax("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"parallax {__version__}\n"


def test_compare_two_seeds_as_json(installed):
    parallax, _, names, *_ = installed
    done = parallax("compare", *names, "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["summary"]["reuse"] in ("wholly", "partially", "not")
    assert result["left"]["title"] == "Putin and Biden hold two hours of talks amid Ukraine tensions"
    assert result["right"]["path"].endswith(names[1])


def test_everything_is_under_parallax_beside_pypi_reader(installed):
    _, py, _, _, venv = installed
    done = py(
        "import json, importlib.metadata as md, reader, parallax.reader, parallax.ui.main\n"
        "files = md.distribution('parallax-reader').files\n"
        "print(json.dumps({'reader': reader.__file__, 'ours': parallax.reader.__file__,\n"
                "  'tops': sorted({f.parts[0] for f in files if not f.parts[0].endswith('.dist-info')\n"
        "                  and f.parts[0] not in ('..', 'bin')})}))"
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert found["tops"] == ["parallax"]  # nothing claims a generic top-level name
    assert Path(found["ours"]) == site / "parallax" / "reader" / "__init__.py"
    assert Path(found["reader"]) == site / "reader" / "__init__.py"  # PyPI's, untouched
    # the window is the gui extra: not installed, so `open` says what to install
    assert py("import PySide6").returncode != 0


def test_the_window_without_the_gui_extra_is_one_line(installed):
    parallax, *_ = installed
    done = parallax("open")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "pip install 'parallax-reader[gui]'" in done.stderr


def test_still_works_after_reader_is_uninstalled(installed):
    parallax, py, names, pip, _ = installed
    removed = _run(*pip[:5], "uninstall", "-y", "-q", "reader", cwd=ROOT, env=None)
    assert removed.returncode == 0, removed.stderr
    assert py("import reader").returncode != 0
    assert parallax("--version").stdout == f"parallax {__version__}\n"
    done = parallax("compare", *names, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]
