"""The ``parallax`` entry point: one command for the GUI and the CLI.

The command line itself lives in ``parallax.reader.cli`` (Qt-free); this module
hands it the two things only Qt can do.  PySide6 is imported only when a
window or a PDF is actually needed, so CLI commands start fast, and run
where PySide6 is not installed at all (it is the ``gui`` extra): asking
for the window or a PDF there is one line saying what to install.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

GUI_MISSING = "{what} needs Qt (PySide6), which is not installed: pip install 'parallax-reader[gui]'"


def _require_qt(what: str) -> None:
    """A one-line ParallaxError when PySide6 cannot be imported (the CLI prints it, exit 1)."""
    from parallax.reader.errors import ParallaxError

    try:
        import PySide6.QtCore  # noqa: F401
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] in ("PySide6", "shiboken6"):
            raise ParallaxError(GUI_MISSING.format(what=what)) from None
        raise
    except ImportError as err:  # installed, but a system library it loads is missing
        raise ParallaxError(
            f"{what} needs Qt, which cannot be loaded ({err}); scripts/dev installs "
            "the system libraries it needs"
        ) from None


def _open_window(args: argparse.Namespace) -> int:
    _require_qt("the window")
    from parallax.ui.app import open_window

    return open_window(args)


def _print_pdf(doc, path: str) -> None:
    _require_qt("PDF export")
    from parallax.ui.pdf import print_pdf

    print_pdf(doc, path)


def main(argv: Sequence[str] | None = None) -> int:
    from parallax.reader.cli import Hooks, logs, run

    logs.configure()  # once, here: every other module only calls logging.getLogger
    return run(argv, hooks=Hooks(open_window=_open_window, print_pdf=_print_pdf))


if __name__ == "__main__":
    sys.exit(main())
