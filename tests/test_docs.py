"""The documentation stays true: checked like code, as sqlite-utils does."""

from __future__ import annotations

import re

from parallax.reader.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    body = text.split(f"## {heading}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def _documented_paths(section: str) -> set[str]:
    """Every `reader/...py` or `ui/...py` path (and `reader/pkg/` folder) written in backticks."""
    return set(re.findall(r"`((?:reader|ui)/[\w/]*?(?:\.py|/))`", section))


def _real_paths() -> set[str]:
    paths = set()
    for folder in ("reader", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if path.name == "__init__.py":
                if rel.parent.as_posix() != folder:
                    paths.add(rel.parent.as_posix() + "/")  # a subpackage: named as its folder
                continue
            paths.add(rel.as_posix())
    return paths


def test_architecture_names_every_module_by_its_path():
    """Each module and subpackage is named by its path in the Modules section, and
    every path named there exists: adding, moving or renaming a module without
    the page fails here."""
    documented = _documented_paths(_section(ARCHITECTURE, "Modules"))
    real = _real_paths()
    assert sorted(real - documented) == [], "modules the page does not name"
    assert sorted(documented - real) == [], "paths the page names that do not exist"


def test_architecture_check_fails_on_an_undocumented_module(tmp_path, monkeypatch):
    """The check above can fail: a tree with one module more than the page names."""
    import tests.test_docs as me

    for rel in _real_paths():
        target = tmp_path / rel
        if rel.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            (target / "__init__.py").write_text("")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("")
    (tmp_path / "reader" / "text" / "brand_new.py").write_text("")
    monkeypatch.setattr(me, "ROOT", tmp_path)
    assert "reader/text/brand_new.py" in me._real_paths() - _documented_paths(_section(ARCHITECTURE, "Modules"))


def test_architecture_states_the_layers_of_the_import_contract():
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    section = _section(ARCHITECTURE, "Layers")
    stated = re.findall(r"^\d+\. `(\w+)`", section, re.M)
    assert stated == layers


def test_readme_gives_exactly_two_setup_commands():
    blocks = re.findall(r"```sh\n(.*?)```", _section(README, "Setup"), re.S)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    commands = [c for c in commands if c]
    assert commands == ["scripts/dev app", "scripts/dev test"]


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/dev test" in ci


def test_every_command_in_the_readme_exists():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    documented = set(re.findall(r"^parallax ([a-z]+)", _section(README, "Command line"), re.M))
    assert documented, "the README shows no commands"
    assert documented <= set(sub.choices)
    assert set(sub.choices) <= documented
