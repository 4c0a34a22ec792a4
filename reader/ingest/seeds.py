"""The bundled seed articles: the demo pair and test fixtures.

They ship inside the installed package (``seeds/`` is package data), so
``parallax`` with no arguments works from an installed wheel as well as
from a checkout.  ``seeds/manifest.json`` describes each file and names the
demo pair; ``seeds/README.md`` says the same for people, and a test keeps
the two in agreement.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_stack = ExitStack()


@dataclass(frozen=True, slots=True)
class Seed:
    file: str
    outlet: str
    published: str
    headline: str
    origin: str
    path: Path


def _root() -> Path:
    # as_file gives a real directory even from a zipped install; kept open for the process.
    return _stack.enter_context(resources.as_file(resources.files("parallax.seeds")))


def _manifest() -> dict:
    return json.loads((_root() / "manifest.json").read_text(encoding="utf-8"))


def seeds() -> list[Seed]:
    root = _root()
    return [
        Seed(
            file=item["file"],
            outlet=item["outlet"],
            published=item["published"],
            headline=item["headline"],
            origin=item["origin"],
            path=root / item["file"],
        )
        for item in _manifest()["seeds"]
    ]


def demo_pair() -> tuple[Path, Path]:
    """The two reports of the video call itself: most shared text, most different framing."""
    root = _root()
    left, right = _manifest()["demo"]
    return root / left, root / right
