"""``parallax compare`` and ``parallax analyze`` (filled by the comparison engine, issue #4)."""

from __future__ import annotations

import argparse

from reader.cli import Hooks
from reader.errors import ParallaxError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="align two articles and report what they share and how they differ")
    p.add_argument("left", nargs="?", metavar="LEFT")
    p.add_argument("right", nargs="?", metavar="RIGHT")
    p.set_defaults(handler=_pending)
    p = sub.add_parser("analyze", help="facts and framing markers of single articles")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=_pending)


def _pending(args: argparse.Namespace, hooks: Hooks) -> int:
    raise ParallaxError(f"'{args.command}' is not available in this version yet")
