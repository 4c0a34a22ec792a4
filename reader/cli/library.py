"""``parallax library``, ``notes`` and ``search`` (filled by the notes library, issue #5)."""

from __future__ import annotations

import argparse

from reader.cli import Hooks, add_db_option
from reader.errors import ParallaxError


def register(sub: argparse._SubParsersAction) -> None:
    for name, helptext in (
        ("library", "add articles to the notes library and list them"),
        ("notes", "add, list, export and import annotations"),
        ("search", "full-text search over articles and notes"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("rest", nargs=argparse.REMAINDER)
        add_db_option(p)
        p.set_defaults(handler=_pending)


def _pending(args: argparse.Namespace, hooks: Hooks) -> int:
    raise ParallaxError(f"'{args.command}' is not available in this version yet")
