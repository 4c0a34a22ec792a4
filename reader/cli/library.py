"""``parallax library``, ``notes`` and ``search``: the notes library from the command line.

Every command takes ``--db PATH`` (default: ``$PARALLAX_DB``, else the user
data directory).  Each write is one transaction that has committed when the
command prints its result.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from parallax.reader.cli import Hooks, add_db_option, counted, fail
from parallax.reader.errors import InputError, ParallaxError, UsageError

EXPORT_FORMATS = ("md", "csv", "csv-plain", "json", "html", "pdf", "qdpx")


def register(sub: argparse._SubParsersAction) -> None:
    lsub = _command_group(sub, "library", help="add articles to the notes library and list them",
                          description="The articles kept in the notes library.")
    p = _action(lsub, "add", _library_add, help="add article files; prints one article id per file")
    p.add_argument("files", nargs="+", metavar="FILE", help="article files ('-' reads standard input)")
    p = _action(lsub, "list", _library_list, help="list the articles in the library")
    p.add_argument("--json", action="store_true", help="a JSON array of articles")

    p = sub.add_parser("search", help="full-text search over articles and notes",
                       description="Search article text, quoted passages and notes (FTS5). "
                                   "Every word must occur; \"quote a phrase\"; end a word "
                                   "with * for a prefix.")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag (or a sub-tag)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits (50)")
    p.add_argument("--json", action="store_true", help="a JSON array of hits")
    add_db_option(p)
    p.set_defaults(handler=_search)

    nsub = _command_group(sub, "notes", help="add, list, export and import annotations",
                          description="Tagged, annotated passages.")
    p = _action(nsub, "add", _notes_add, help="annotate a quoted passage; prints the annotation id")
    p.add_argument("--article", required=True, metavar="PATH|ID",
                   help="an article id from 'library list', or a file (added if new)")
    p.add_argument("--quote", required=True, metavar="TEXT", help="the passage, as it appears")
    p.add_argument("--occurrence", type=int, metavar="N",
                   help="which occurrence of the quote (1 = first) when it occurs more than once")
    p.add_argument("--tag", action="append", default=[], metavar="T",
                   help="a tag (repeatable); tags not in the codebook are added")
    p.add_argument("--note", default="", metavar="TEXT", help="a Markdown note")
    p = _action(nsub, "list", _notes_list, help="list annotations")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag (or a sub-tag)")
    p.add_argument("--article", metavar="PATH|ID", help="only annotations on this article")
    p.add_argument("--orphans", action="store_true",
                   help="only annotations whose passage was lost when the text changed")
    p.add_argument("--limit", type=int, metavar="N", help="at most N annotations")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N")
    p.add_argument("--json", action="store_true", help="a JSON array of annotations")
    p = _action(nsub, "export", _notes_export,
                help="export annotations as md, csv, csv-plain, json, html, pdf or qdpx")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                   help="csv guards formula-like cells for spreadsheets; csv-plain writes every "
                        "cell as stored, for pandas or R; qdpx is a REFI-QDA project")
    p.add_argument("--plain", action="store_true",
                   help="with --format csv: no formula guard (the same as --format csv-plain)")
    p.add_argument("--full-paths", action="store_true",
                   help="name local article files by their full path (default: file name only)")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag (or a sub-tag)")
    p.add_argument("--article", metavar="PATH|ID", help="only this article")
    p.add_argument("--comparison", type=int, metavar="ID", help="only this comparison")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p = _action(nsub, "import", _notes_import,
                help="import notes: a Parallax or W3C Web Annotation JSON export, a Hypothesis "
                     "export, or a REFI-QDA project (.qdpx)")
    p.add_argument("file", metavar="FILE", help="the file ('-' reads JSON from standard input)")


def _command_group(sub: argparse._SubParsersAction, name: str, *, help: str,
                   description: str) -> argparse._SubParsersAction:
    """``parallax NAME ACTION ...``; ``--db`` goes before or after the action."""
    group = sub.add_parser(name, help=help, description=description)
    add_db_option(group)
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=type(group))
    actions.required = True
    return actions


def _action(actions: argparse._SubParsersAction, name: str,
            handler: Callable[[argparse.Namespace, Hooks], int], *, help: str) -> argparse.ArgumentParser:
    p = actions.add_parser(name, help=help)
    _leaf_db_option(p)
    p.set_defaults(handler=handler)
    return p


def _leaf_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db`` after the action too; it must not reset a ``--db`` given before the action."""
    add_db_option(parser)
    for action in parser._actions:
        if "--db" in action.option_strings:
            action.default = argparse.SUPPRESS


def _open(args: argparse.Namespace):
    from parallax.reader.notes.library import Library

    return Library(getattr(args, "db", None))


def _article_ref(lib, ref: str, *, add: bool) -> int:
    """An article id from ``ref``: an id, else a file (added, or updated if it changed), else
    a stored source path or uuid."""
    if ref.strip().isdigit():
        info = lib.articles.find(ref)
        if info is not None:
            return info.id
        if not (add and Path(ref).is_file()):
            raise ParallaxError(f"no article {ref.strip()} in the library (see 'parallax library list')")
    if add and Path(ref).is_file():
        return lib.articles.add_file(ref).id
    info = lib.articles.find(ref)
    if info is not None:
        return info.id
    if add:
        if os.path.lexists(ref):  # there, but a directory, a FIFO, a link loop ...: say which
            from parallax.reader.ingest.files import regular_file

            regular_file(ref)
        raise InputError(ref, "no such file, and no article with this id in the library")
    raise ParallaxError(f"no article {ref!r} in the library")


def _library_add(args: argparse.Namespace, hooks: Hooks) -> int:
    status = 0
    with _open(args) as lib:
        for path in args.files:
            try:
                ch = lib.articles.add_file(path) if path != "-" else lib.articles.add(_stdin_article())
            except InputError as err:  # a bad file: say so and go on with the others
                fail(str(err))
                status = 1
                continue
            print(ch.id, flush=True)
    return status


def _stdin_article():
    """The article on standard input (``-``), stored without a source path."""
    import dataclasses

    from parallax.reader.ingest.article import from_stdin

    return dataclasses.replace(from_stdin(), path=None)


def _article_dict(a) -> dict:
    return {
        "id": a.id, "uuid": a.uuid, "title": a.title, "outlet": a.outlet,
        "published": a.published, "byline": a.byline, "credits": list(a.credits),
        "language": a.language, "path": a.path, "content_hash": a.content_hash,
        "length": a.length, "added": a.added_at, "updated": a.updated_at,
    }


def _library_list(args: argparse.Namespace, hooks: Hooks) -> int:
    with _open(args) as lib:
        arts = lib.articles.all()
        per_article = lib.articles.annotation_counts()
        counts = {a.id: per_article.get(a.id, 0) for a in arts}
    if args.json:
        out = [{**_article_dict(a), "annotations": counts[a.id]} for a in arts]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return 0
    for a in arts:
        bits = [b for b in (a.outlet, a.published) if b]
        extra = f"  ({', '.join(bits)})" if bits else ""
        print(f"{a.id}\t{_one_line(a.display_name)}{_one_line(extra)}\t{counted(counts[a.id], 'annotation')}")
    return 0


def _one_line(s: str, n: int | None = None) -> str:
    s = " ".join(s.split())
    if n is not None and len(s) > n:
        s = s[: n - 1] + "…"
    return s


def _search(args: argparse.Namespace, hooks: Hooks) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    with _open(args) as lib:
        hits = lib.search(args.query, tag=args.tag, limit=args.limit)
    if args.json:
        out = [{"kind": h.kind, "id": h.id, "article_id": h.article_id, "snippet": h.snippet,
                "score": round(h.score, 4), "tags": list(h.tags)} for h in hits]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return 0
    for h in hits:
        tags = f"  [{', '.join(h.tags)}]" if h.tags else ""
        art = f"article {h.article_id}" if h.article_id is not None else ""
        print(f"{h.kind} {h.id}\t{art}\t{_one_line(h.one_line())}{tags}")
    return 0


def _notes_add(args: argparse.Namespace, hooks: Hooks) -> int:
    if args.occurrence is not None and args.occurrence < 1:
        raise UsageError("--occurrence counts from 1")
    with _open(args) as lib:
        aid = _article_ref(lib, args.article, add=True)
        ch = lib.annotations.add_quote(aid, args.quote, occurrence=args.occurrence, tags=args.tag,
                                       note=args.note)
    print(ch.id, flush=True)
    return 0


def _annotation_dict(a) -> dict:
    return {
        "id": a.id, "uuid": a.uuid, "article_id": a.article_id, "start": a.start, "end": a.end,
        "quote": a.exact, "prefix": a.prefix, "suffix": a.suffix, "tags": list(a.tags),
        "note": a.note, "orphaned": a.orphaned, "comparison_id": a.comparison_id,
        "created": a.created, "modified": a.modified,
    }


def _annotation_line(a) -> str:
    tags = f"  [{', '.join(a.tags)}]" if a.tags else ""
    orphan = "  (orphaned)" if a.orphaned else ""
    note = f"  — {_one_line(a.note, 80)}" if a.note.strip() else ""
    return (f"{a.id}\tarticle {a.article_id} [{a.start}, {a.end})\t“{_one_line(a.exact, 80)}”"
            f"{tags}{orphan}{note}\n")


def _notes_list(args: argparse.Namespace, hooks: Hooks) -> int:
    if (args.limit is not None and args.limit < 0) or args.offset < 0:
        raise UsageError("--limit and --offset cannot be negative")
    write = sys.stdout.write
    with _open(args) as lib:
        aid = _article_ref(lib, args.article, add=False) if args.article else None
        # Streamed in batches: the first lines appear at once, however long the list.
        batches = lib.annotations.batches(tag=args.tag, article_id=aid,
                                          orphaned=True if args.orphans else None,
                                          limit=args.limit, offset=args.offset, batch=2000)
        if args.json:
            sep = "["
            for anns in batches:
                write(sep + ", ".join(json.dumps(_annotation_dict(a), ensure_ascii=False)
                                      for a in anns))
                sep = ", "
            write("[]\n" if sep == "[" else "]\n")
            return 0
        for anns in batches:
            write("".join(map(_annotation_line, anns)))
    return 0


def _notes_export(args: argparse.Namespace, hooks: Hooks) -> int:
    from parallax.reader.notes import export as notes_export

    fmt = "csv-plain" if args.format == "csv" and args.plain else args.format
    if args.plain and fmt != "csv-plain":
        raise UsageError("--plain goes with --format csv")
    if fmt in notes_export.BINARY_FORMATS and not args.output:
        raise UsageError(f"{fmt.upper()} export needs an output file: -o OUT.{fmt}")
    if args.format == "pdf" and hooks.print_pdf is None:
        raise ParallaxError("PDF export needs the Qt front end (run 'parallax', not the bare core)")
    with _open(args) as lib:
        aid = _article_ref(lib, args.article, add=False) if args.article else None
        if args.tag is not None:
            lib.tags.get(args.tag)  # an unknown tag is an error, not an empty export
        data = lib.exchange.export_data(tag=args.tag, article_id=aid, comparison_id=args.comparison)
    if args.output:
        notes_export.write_file(data, fmt, args.output, print_pdf=hooks.print_pdf,
                                full_paths=args.full_paths)
    else:
        sys.stdout.write(notes_export.render(data, fmt, full_paths=args.full_paths))
        sys.stdout.flush()
    return 0


def _notes_import(args: argparse.Namespace, hooks: Hooks) -> int:
    from parallax.reader.notes import importing
    from parallax.reader.notes.w3c import MAX_IMPORT_BYTES

    # the file is read and checked before the library is opened: bad input leaves no
    # library behind where there was none
    if args.file == "-":
        from parallax.reader.ingest.files import STDIN, stdin_text

        source = STDIN
        read = importing.parse_notes(stdin_text(max_bytes=MAX_IMPORT_BYTES), source=STDIN)
    else:
        source = str(args.file)
        read = importing.read_notes(args.file)
    with _open(args) as lib:
        done = importing.import_read(lib.exchange, read, source=source)
    ch, data = done
    for notice in ch.notices:  # passages re-anchored, kept as orphans or left out, and why
        print(f"parallax: {notice}", file=sys.stderr)
    total = len(data.annotations)
    print(f"imported {counted(ch.count, 'annotation')} ({total - ch.count:,} already present); "
          f"the file holds {counted(len(data.notes), 'note')} and {counted(len(data.links), 'link')}", flush=True)
    return 0
