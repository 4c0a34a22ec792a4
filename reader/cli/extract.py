"""``parallax extract FILE... [--json]``: cleaned text, metadata and segments.

With ``--json`` each input gives one JSON object on one line::

    {"path", "title", "outlet", "published", "byline", "credits": [..],
     "language", "text", "paragraphs": [[s, e], ..], "sentences": [[s, e], ..]}

with code-point offsets into ``"text"``.  Without it, a readable rendering:
a header of the metadata, then the paragraphs.  A bad file prints its own
one-line error on stderr; the others are still processed and the exit
status is 1 at the end.  ``-`` reads standard input.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from parallax.reader.cli import Hooks, counted, fail
from parallax.reader.errors import ParallaxError, UsageError

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="clean article files and print their text, metadata and segments",
        description=(
            "Load each FILE (.txt, .md, .html, .pdf, .docx), remove page furniture "
            "(menus, share widgets, trending lists, footers...), and print the article "
            "with its title, outlet, date, byline, credits and language."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="article files ('-' reads standard input)")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per file, one per line, with paragraph and sentence offsets",
    )
    p.add_argument(
        "--raw",
        action="store_true",
        help="keep the whole text (no boilerplate removal); still decoded and segmented",
    )
    p.add_argument(
        "--max-mb",
        type=float,
        default=None,
        metavar="MB",
        help="refuse files larger than this (default: 20)",
    )
    p.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace, hooks: Hooks) -> int:
    from parallax.reader.ingest.article import DEFAULT_MAX_BYTES, from_stdin, load

    if args.max_mb is not None and not args.max_mb > 0:
        raise UsageError("--max-mb must be a positive number of megabytes")
    max_bytes = DEFAULT_MAX_BYTES if args.max_mb is None else int(args.max_mb * 1024 * 1024)
    clean = not args.raw
    status = 0
    first = True
    from parallax.reader.text.lexicon import Lexicon

    lexicon = Lexicon.from_environment()  # the user's word lists, read once for the command
    for path in args.files:
        try:
            if path == "-":
                article = from_stdin(max_bytes=max_bytes, clean=clean, lexicon=lexicon)
            else:
                article = load(path, max_bytes=max_bytes, clean=clean, lexicon=lexicon)
        except ParallaxError as err:
            sys.stdout.flush()
            fail(str(err))
            status = 1
            continue
        except Exception as err:  # one bad file never stops the others
            sys.stdout.flush()
            log.warning("%s: not read", path, exc_info=err)  # the exception for the log only
            fail(f"{path}: cannot be read (its contents are not what its format promises; "
                 f"the details are in the log)")
            status = 1
            continue
        if args.json:
            sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        else:
            if not first:
                sys.stdout.write("\n" + "=" * 72 + "\n\n")
            sys.stdout.write(render(article))
        first = False
        sys.stdout.flush()
    return status


def render(article) -> str:
    """A readable rendering: a metadata header, then the paragraphs."""
    lines = [f"# {article.title}" if article.title else "# (no title stated)"]
    rows = (
        ("File", article.path),
        ("Outlet", article.outlet),
        ("Published", article.published),
        ("Byline", article.byline),
        ("Credits", "; ".join(article.credits) if article.credits else None),
        ("Language", article.language),
    )
    for label, value in rows:
        lines.append(f"{label + ':':<11}{value if value else '-'}")
    words = len(article.text.split())
    lines.append(
        f"{'Size:':<11}{counted(words, 'word')}, {counted(len(article.paragraphs), 'paragraph')}, "
        f"{counted(len(article.sentences), 'sentence')}"
    )
    lines.append("")
    for p in article.paragraphs:
        lines.append(article.text[p.start : p.end])
        lines.append("")
    return "\n".join(lines)
