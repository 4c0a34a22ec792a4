"""The ``parallax`` entry point: one command for the GUI and the CLI.

The command line itself lives in ``parallax.reader.cli`` (Qt-free); this module
hands it the two things only Qt can do.  PySide6 is imported only when a
window or a PDF is actually needed, so CLI commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _open_window(args: argparse.Namespace) -> int:
    from parallax.ui.app import open_window

    return open_window(args)


def _print_pdf(doc, path: str) -> None:
    from parallax.ui.pdf import print_pdf

    print_pdf(doc, path)


def main(argv: Sequence[str] | None = None) -> int:
    from parallax.reader.cli import Hooks, run

    return run(argv, hooks=Hooks(open_window=_open_window, print_pdf=_print_pdf))


if __name__ == "__main__":
    sys.exit(main())
