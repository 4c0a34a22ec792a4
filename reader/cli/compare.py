"""``parallax compare`` and ``parallax analyze``.

* ``compare LEFT RIGHT [--format json|md|html] [-o OUT]``: the comparison of
  two article files (``-`` reads one of them from standard input).
* ``compare A B C [D ...] [--format json|md|html|csv] [-o OUT]``: the collation of
  three or more reports of one story (passages across them, the fact x source
  matrix, framing and voices per source, the reuse graph); csv is the fact x
  source matrix.  A file that cannot be read is reported on its own line and the
  others are still collated (exit 1 at the end).
* ``compare --pairs FILE [--format jsonl] [--full] [--scheduler ADDRESS]``:
  one ``LEFT<TAB>RIGHT`` pair per line; one JSON line per pair with its
  summary (or, with ``--full``, the whole comparison; or its error), streamed
  in input order from a process pool or a Dask cluster, with a progress
  counter on stderr when it is a terminal (not with ``--quiet``).
* ``analyze FILE... --json``: one line per file with the extract fields plus
  that article's own facts and framing markers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from parallax.reader.cli import Hooks, fail
from parallax.reader.errors import InputError, ParallaxError, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="align two articles and report what they share and how they differ",
        description=(
            "Align LEFT and RIGHT: verbatim shared passages, paraphrased sentences with their "
            "word changes, what each side has alone, facts (numbers, dates, quotes, names) "
            "with their status, framing markers and voices, and a summary with a reuse "
            "verdict for RIGHT against LEFT.  Offsets are code points into each side's text, "
            "half-open.  With three or more files, collate them all: passages across the "
            "sources with the first to carry each, a fact x source matrix (present, absent or "
            "conflicting), framing and voices per source, and which source appears derived "
            "from which.  With --pairs, compare many pairs in parallel."
        ),
    )
    p.add_argument("left", nargs="?", metavar="LEFT", help="left article file ('-' for stdin)")
    p.add_argument("right", nargs="?", metavar="RIGHT", help="right article file ('-' for stdin)")
    p.add_argument("more", nargs="*", metavar="MORE",
                   help="more article files: three or more are collated together")
    p.add_argument(
        "--format", choices=("json", "md", "html", "csv", "jsonl"), default=None,
        help="output format (default: json; jsonl with --pairs; csv: the fact x source matrix "
             "of a collation)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.add_argument(
        "--pairs", metavar="FILE",
        help="a file of LEFT<TAB>RIGHT lines, read as it goes; prints one JSON line per pair, "
             "in input order, each as soon as it is done",
    )
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes for --pairs (default: the number of cores; "
                        "with --scheduler local, the cluster's workers)")
    p.add_argument("--full", action="store_true",
                   help="with --pairs: each line has the whole comparison, not only the summary")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --pairs: run on the Dask cluster whose scheduler is at ADDRESS "
                        "(e.g. tcp://10.0.0.5:8786), or 'local' to start one here; "
                        "needs parallax-reader[dask]")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="with --pairs: no progress counter (shown only when stderr is a terminal)")
    p.add_argument("--all-markers", action="store_true",
                   help="also the framing markers people would not reliably mark (each has a confidence)")
    p.add_argument("-y", "--yes", action="store_true",
                   help="do not ask before a comparison that will take minutes (it is still said)")
    p.add_argument("--min-words", type=int, default=6, metavar="N",
                   help="shortest verbatim run, in words (default 6)")
    p.add_argument("--max-gap", type=int, default=2, metavar="N",
                   help="most differing words bridged inside a verbatim run (default 2; 0 = exact)")
    p.set_defaults(handler=_compare)

    p = sub.add_parser(
        "analyze",
        help="facts and framing markers of single articles",
        description="For each FILE, print the extract fields plus its facts and framing markers.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per file, one per line (the default and only format)")
    p.add_argument("--all-markers", action="store_true",
                   help="also the framing markers people would not reliably mark (each has a confidence)")
    p.set_defaults(handler=_analyze)


def _load(path: str, lexicon):
    from parallax.reader.ingest.article import from_stdin, load

    return from_stdin(lexicon=lexicon) if path == "-" else load(path, lexicon=lexicon)


def _lexicon():
    """The user's word lists, read once for the whole command (the edge where the
    environment is looked at; the core is handed the value)."""
    from parallax.reader.text.lexicon import Lexicon

    return Lexicon.from_environment()


def _settings(args: argparse.Namespace) -> dict:
    if args.min_words < 1:
        raise UsageError("--min-words must be at least 1")
    if args.max_gap < 0:
        raise UsageError("--max-gap must be 0 or more")
    return {"min_words": args.min_words, "max_gap": args.max_gap, "unsure_markers": args.all_markers,
            "lexicon": _lexicon()}


def _write(text: str, out: str | None) -> None:
    if out is None or out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    p = Path(out)
    tmp = p.with_name(p.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, p)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise InputError(out, f"cannot be written: {err.strerror or err}") from None


def _compare(args: argparse.Namespace, hooks: Hooks) -> int:
    settings = _settings(args)
    if args.pairs:
        if args.left or args.right:
            raise UsageError("give either LEFT RIGHT or --pairs FILE, not both")
        fmt = args.format or "jsonl"
        if fmt != "jsonl":
            raise UsageError("--pairs writes jsonl only")
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        from parallax.reader.comparison.batch import run_pairs

        show = not args.quiet and _is_terminal(sys.stderr)
        return run_pairs(args.pairs, out=args.output, jobs=args.jobs, full=args.full,
                         scheduler=args.scheduler, progress=sys.stderr if show else None,
                         settings=settings)
    for flag, given in (("--full", args.full), ("--scheduler", args.scheduler)):
        if given:
            raise UsageError(f"{flag} goes with --pairs")
    if args.left and not args.right:
        raise UsageError(f"compare needs LEFT and RIGHT (two or more articles, or --pairs FILE); "
                         f"only {args.left} was given")
    if not args.left or not args.right:
        raise UsageError("compare needs LEFT and RIGHT (or --pairs FILE)")
    if args.more or args.format == "csv":
        return _collate([args.left, args.right, *args.more], args, settings)
    if args.left == "-" and args.right == "-":
        raise UsageError("only one side can be read from standard input")
    fmt = args.format or "json"
    if fmt == "jsonl":
        raise UsageError("--format jsonl goes with --pairs")
    from parallax.reader.cli.progress import StageLine, confirm_long_work
    from parallax.reader.comparison.engine import compare

    left = _load(args.left, settings["lexicon"])
    right = _load(args.right, settings["lexicon"])
    confirm_long_work(len(left.text.split()), len(right.text.split()), assume_yes=args.yes)
    comparison = compare(left, right, progress=StageLine(), **settings)
    if fmt == "json":
        from parallax.reader.comparison.report import to_record

        text = json.dumps(to_record(comparison), ensure_ascii=False) + "\n"
    elif fmt == "md":
        from parallax.reader.comparison.report import to_markdown

        text = to_markdown(comparison)
    else:
        from parallax.reader.comparison.report import to_html

        text = to_html(comparison)
    _write(text, args.output)
    return 0


def _collate(paths: list[str], args: argparse.Namespace, settings: dict) -> int:
    """``compare A B C ...``: the collation of the files that can be read, each one that
    cannot on its own error line; exit 1 when any failed."""
    fmt = args.format or "json"
    if fmt == "jsonl":
        raise UsageError("--format jsonl goes with --pairs")
    if paths.count("-") > 1:
        raise UsageError("only one article can be read from standard input")
    articles = []
    failed = 0
    for path in paths:
        try:
            articles.append(_load(path, settings["lexicon"]))
        except ParallaxError as err:
            fail(str(err))
            failed += 1
    if len(articles) < 2:
        raise InputError(None, f"only {len(articles)} of the {len(paths)} articles could be read: "
                               "nothing to compare")
    from parallax.reader.comparison import collate_report
    from parallax.reader.comparison.collate import compare_many

    collation = compare_many(articles, **settings)
    if fmt == "json":
        text = json.dumps(collation.to_dict(), ensure_ascii=False) + "\n"
    elif fmt == "md":
        text = collate_report.to_markdown(collation)
    elif fmt == "html":
        text = collate_report.to_html(collation)
    else:
        text = collate_report.to_csv(collation)
    _write(text, args.output)
    return 1 if failed else 0


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _analyze(args: argparse.Namespace, hooks: Hooks) -> int:
    from parallax.reader.comparison.engine import analyze

    status = 0
    lexicon = _lexicon()
    for path in args.files:
        try:
            article = _load(path, lexicon)
            record = analyze(article, unsure_markers=args.all_markers, lexicon=lexicon)
        except ParallaxError as err:
            fail(str(err))
            status = 1
            continue
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return status
