"""The ``parallax`` command line, Qt-free.

``parallax.ui.main`` is the installed entry point: it calls :func:`run` with the
hooks that need Qt (opening the window, printing the notes to PDF), so that the
same command serves the GUI and the CLI over the same core while this
package never imports Qt.

Every command module in this package defines ``register(subparsers)``,
which adds its sub-parser(s) and sets ``handler`` to a function
``handler(args, hooks) -> int``.  Errors are one line on stderr,
``parallax: error: ...``; exit 1 for bad input, 2 for usage.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import NoReturn

from parallax.reader import __version__
from parallax.reader.cli import logs
from parallax.reader.errors import ParallaxError

log = logging.getLogger(__name__)

PROG = "parallax"

# Each module registers its own sub-commands, in the order shown by --help.
_COMMAND_MODULES = ("open", "extract", "compare", "library", "codebook")


@dataclass(frozen=True)
class Hooks:
    """What only the Qt side can do, handed in by ``parallax.ui.main``."""

    open_window: Callable[[argparse.Namespace], int] | None = None
    print_pdf: Callable[[object, str], None] | None = None  # (a notes PrintDocument, a path)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Parallax: read two news reports side by side and see what they share, "
            "what each adds or omits, and how each frames the event.  With no command, "
            "opens the window on the bundled demo pair."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _COMMAND_MODULES:
        import_module(f"parallax.reader.cli.{name}").register(sub)
    return parser


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db PATH``: the notes library to use (default: $PARALLAX_DB, then the user data dir)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="notes library file (default: $PARALLAX_DB, else the user data directory)",
    )


def counted(n: int, one: str, many: str | None = None) -> str:
    """"1 annotation", "3 annotations", "1,204 words": a count and its noun, in the
    singular or the plural (``many``, else ``one`` + "s"), never "annotation(s)"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def fail(message: str) -> None:
    """Print one error line to stderr (the caller decides the exit status)."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def run(argv: Sequence[str] | None = None, *, hooks: Hooks | None = None) -> int:
    """Parse ``argv`` and run the command.  Returns the exit status; never raises."""
    hooks = hooks or Hooks()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:
        # the answer needs no parser, so none of the command modules is imported
        print(f"{PROG} {__version__}")
        return 0
    parser = build_parser()
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        # `parallax` alone, or with window options only, opens the demo pair.
        argv = ["open", *argv]
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, hooks) or 0)
    except ParallaxError as err:
        fail(str(err))
        return err.exit_code
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        with contextlib.suppress(OSError):
            sys.stdout = builtins.open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except MemoryError:
        fail("out of memory")
        return 1
    except Exception:  # the last guard: a user never sees a traceback
        debug = logs.debug_enabled()
        # the traceback goes to the log file; under PARALLAX_DEBUG Python prints it too
        log.exception("internal error in `%s %s`", PROG, args.command or "open",
                      extra={logs.SHOWN: debug})
        if debug:
            raise
        hint = logs.details_hint() or " (set PARALLAX_DEBUG=1 for details)"
        fail(f"internal error in `{PROG} {args.command or 'open'}`, a bug in Parallax{hint}")
        return 1
