"""``parallax codebook export|import``: the codebook (the tags) as a file.

``export --format qdc|csv|csv-plain [-o OUT]`` writes the REFI-QDA codebook (``.qdc``,
valid against the standard's Codebook.xsd) or CSV (``name,colour,description,parent,
shortcut``; ``csv`` guards formula-like cells for spreadsheets, ``csv-plain`` does not).
Without ``--format`` the format is the output file's extension.  ``import [--format
qdc|csv] FILE`` adds or updates tags by name (or REFI-QDA GUID); ``-`` reads standard
input.  Every command takes ``--db PATH``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from parallax.reader.cli import Hooks, add_db_option, counted
from parallax.reader.errors import InputError, UsageError

FORMATS = ("qdc", "csv", "csv-plain")


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("codebook", help="export or import the codebook (qdc or csv)",
                           description="The codebook: tags with colours, descriptions and parents.")
    add_db_option(group)
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=type(group))
    actions.required = True
    p = actions.add_parser("export", help="write the codebook as REFI-QDA .qdc or CSV")
    p.add_argument("--format", choices=FORMATS,
                   help="qdc (REFI-QDA), csv (formula-like cells guarded) or csv-plain "
                        "(default: the extension of -o)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    _leaf(p, _export)
    p = actions.add_parser("import", help="add or update tags from a .qdc or CSV codebook")
    p.add_argument("--format", choices=("qdc", "csv"),
                   help="qdc or csv (default: the file's extension, else its first character)")
    p.add_argument("file", metavar="FILE", help="the codebook ('-' reads standard input)")
    _leaf(p, _import)


def _leaf(parser: argparse.ArgumentParser, handler) -> None:
    add_db_option(parser)
    for action in parser._actions:
        if "--db" in action.option_strings:
            action.default = argparse.SUPPRESS  # keep a --db given before the action
    parser.set_defaults(handler=handler)


def _open(args: argparse.Namespace):
    from parallax.reader.notes.library import Library

    return Library(getattr(args, "db", None))


def _export(args: argparse.Namespace, hooks: Hooks) -> int:
    from parallax.reader.notes import codebook

    fmt = args.format
    if fmt is None:
        ext = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
        if ext not in ("qdc", "csv"):
            raise UsageError("say which format: --format qdc, csv or csv-plain")
        fmt = ext
    with _open(args) as lib:
        tags = lib.tags.all()
    text = codebook.to_qdc(tags) if fmt == "qdc" else codebook.to_csv(tags, guard=fmt == "csv")
    if not args.output:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from parallax.reader.notes.export import write_bytes

    write_bytes((("\ufeff" if fmt == "csv" else "") + text).encode("utf-8"), args.output)
    return 0


def _import(args: argparse.Namespace, hooks: Hooks) -> int:
    from parallax.reader.notes import codebook

    if args.file == "-":
        from parallax.reader.ingest.files import STDIN, stdin_text

        text, source = stdin_text(max_bytes=64 * 1024 * 1024), STDIN
    else:
        p = Path(args.file)
        try:
            text = p.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise InputError(args.file, "no such file") from None
        except IsADirectoryError:
            raise InputError(args.file, "is a directory") from None
        except UnicodeDecodeError:
            raise InputError(args.file, "not UTF-8 text (a .qdc or CSV codebook was expected)") from None
        except OSError as err:
            raise InputError(args.file, err.strerror or "cannot be read") from None
        source = args.file
    fmt = args.format or ("qdc" if Path(source).suffix.lower() in (".qdc", ".xml")
                          or text.lstrip("\ufeff \t\r\n").startswith("<") else "csv")
    entries = codebook.from_qdc(text, source=source) if fmt == "qdc" else \
        codebook.from_csv(text, source=source)
    with _open(args) as lib:
        ch = lib.tags.import_codebook(entries)
    print(f"imported {counted(ch.count, 'tag')} into the codebook", flush=True)
    return 0
