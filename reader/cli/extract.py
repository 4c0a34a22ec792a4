"""``parallax extract FILE... [--json]``: cleaned text, metadata and segments."""

from __future__ import annotations

import argparse
import json
import sys

from reader.cli import Hooks, fail
from reader.errors import ParallaxError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="clean article files and print their text, metadata and segments",
        description="Load each FILE, remove boilerplate, and print the article.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="article files ('-' reads standard input)")
    p.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    p.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace, hooks: Hooks) -> int:
    from reader.ingest import load

    status = 0
    for path in args.files:
        try:
            article = load(path)
        except ParallaxError as err:
            fail(str(err))
            status = 1
            continue
        if args.json:
            sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(article.text + "\n")
        sys.stdout.flush()
    return status
