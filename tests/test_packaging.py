"""The installed package carries its data: seeds (the demo works from a wheel) and resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_seeds_and_resources(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    (wheel,) = tmp_path.glob("parallax_reader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "parallax/" + p.relative_to(ROOT).as_posix()
        for folder in ("seeds", "resources", "reader", "ui")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert expected - names == set()
    # one import package: the wheel's top level is parallax/ and its .dist-info, nothing else
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"parallax"}
    assert "parallax/ui/main.py" in names and "parallax/reader/model.py" in names


def test_every_package_folder_is_listed_in_pyproject():
    """setuptools is given an explicit package list (the folders map into `parallax`):
    a new subpackage missing from it would be left out of the wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {
        "parallax." + ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("reader", "ui")
        for init in (ROOT / top).rglob("__init__.py")
    } | {"parallax.resources", "parallax.seeds"}
    assert found == listed


def test_constraints_pin_every_dependency():
    """scripts/dev and CI install with `-c constraints.txt`: every dependency the
    project names (core and extras) has a pinned version there, so a dependency
    added without re-running `scripts/dev lock` fails here, not on the day a new
    release breaks CI."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    names = {norm(re.match(r"[A-Za-z0-9_.\-]+", spec).group(0)) for spec in wanted}
    pins = {
        norm(line.split("==")[0])
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert sorted(names - pins) == []
    assert "-c constraints.txt" in (ROOT / "scripts" / "dev").read_text(encoding="utf-8")
