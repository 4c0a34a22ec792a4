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


def _html_to_pdf(html: str, path: str) -> None:
    from parallax.ui.pdf import html_to_pdf

    html_to_pdf(html, path)


def main(argv: Sequence[str] | None = None) -> int:
    from parallax.reader.cli import Hooks, run

    return run(argv, hooks=Hooks(open_window=_open_window, html_to_pdf=_html_to_pdf))


if __name__ == "__main__":
    sys.exit(main())
