"""The command frame: help, version, and one-line errors with the right status."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from parallax.reader import __version__
from tests.conftest import ROOT


def parallax(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parallax.ui.main", *args], capture_output=True, text=True, cwd=ROOT, **kw
    )


def test_version():
    r = parallax("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"parallax {__version__}"


def test_help_lists_every_command():
    from parallax.reader.cli import build_parser

    r = parallax("--help")
    assert r.returncode == 0
    # the commands the parser really has, each listed as a word in the help's command list
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    listed = set(re.findall(r"^ {4}([a-z]+)\b", r.stdout, re.M))
    assert set(sub.choices) == listed
    assert {"open", "extract", "analyze", "compare", "library", "notes", "search"} <= listed


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["frobnicate"], 2),
        (["open", "only-one.txt"], 1),  # one file opens (waiting for the other): a missing one is refused
        (["open", "missing-left.txt", "missing-right.txt"], 1),
        (["extract", "no/such/file.txt"], 1),
    ],
)
def test_errors_are_one_line_without_traceback(args, status):
    r = parallax(*args)
    assert r.returncode == status, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("parallax: error: ")
    assert "Traceback" not in r.stderr
