"""``parallax open [LEFT [RIGHT [MORE...]]]``: the window (drawn by ``ui``, handed in as a hook).

One file opens on the left, waiting for the article to compare it with; two open side
by side; three or more open the story view (their collation)."""

from __future__ import annotations

import argparse

from parallax.reader.cli import Hooks, add_db_option
from parallax.reader.errors import ParallaxError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "open",
        help="open two articles side by side, or three or more as a story (default: the demo pair)",
        description="Open two articles side by side, or three or more in the story view.  "
        "One file opens on the left, its right pane waiting for the article to compare it with.  "
        "With no files, opens the last comparison (on the first run, the bundled demo pair).",
    )
    p.add_argument("left", nargs="?", metavar="LEFT", help="left article (file)")
    p.add_argument("right", nargs="?", metavar="RIGHT",
                   help="right article (file); without it, the left one waits for it in the window")
    p.add_argument("more", nargs="*", metavar="MORE",
                   help="more articles: with three or more, the story view (all reports at once)")
    p.add_argument(
        "--screenshot",
        metavar="PNG",
        help="render the window offscreen at 1600x1000 once its work is done, save it as PNG and exit",
    )
    p.add_argument("--size", metavar="WxH", default="1600x1000", help="window size for --screenshot")
    p.add_argument("--theme", choices=("light", "dark", "system"), default=None, help="colour theme")
    add_db_option(p)
    p.set_defaults(handler=_open)


def _open(args: argparse.Namespace, hooks: Hooks) -> int:
    if hooks.open_window is None:
        raise ParallaxError("the window is not available in this build (PySide6 is missing)")
    return hooks.open_window(args)
