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


def test_architecture_names_every_module():
    missing = []
    for folder in ("reader", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "__init__.py":
                continue
            name = path.stem if path.parent.name == "cli" else path.name
            if name not in ARCHITECTURE:
                missing.append(str(path.relative_to(ROOT)))
    assert missing == []


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
