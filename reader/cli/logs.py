"""Logging for the ``parallax`` command: a rotating file in the user log directory.

The entry point (``parallax.ui.main.main``) calls :func:`configure` once; every
other module only asks ``logging.getLogger(__name__)`` and never adds handlers.
Records go to ``parallax.log`` in platformdirs' user log directory
(``$XDG_STATE_HOME/parallax/log`` on Linux), one line each with a timestamp
and a level, rotated at :data:`MAX_BYTES` with :data:`BACKUPS` old files kept.
The file is created only when something is logged, so a run with nothing to
report leaves no trace.

``PARALLAX_DEBUG`` (any non-empty value) keeps its meaning: tracebacks are
shown on stderr; the file is written as well, and ``parallax.*`` records go
down to the debug level.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "parallax.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# Set on a record (``extra={SHOWN: True}``) whose traceback Python prints on stderr
# anyway (an error re-raised under PARALLAX_DEBUG): the debug stderr handler skips it.
SHOWN = "parallax_shown"

# The library's usual guard: with nothing configured (Parallax used as a library,
# or run() called directly), records are dropped instead of Python's last-resort
# handler printing tracebacks on stderr.
logging.getLogger("parallax").addHandler(logging.NullHandler())


def debug_enabled() -> bool:
    """Whether ``PARALLAX_DEBUG`` is set (to anything but the empty string)."""
    return bool(os.environ.get("PARALLAX_DEBUG"))


def default_log_path() -> Path:
    """``parallax.log`` in the user log directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("parallax")) / LOG_NAME


def _not_shown(record: logging.LogRecord) -> bool:
    return not getattr(record, SHOWN, False)


def configure(*, path: Path | None = None, debug: bool | None = None) -> Path | None:
    """Send log records to a rotating file (and, when debugging, to stderr).

    Returns the log file's path, or None when its folder cannot be made (a
    read-only home): logging then goes nowhere rather than failing the command.
    Calling it again replaces what the previous call installed.
    """
    debug = debug_enabled() if debug is None else debug
    path = default_log_path() if path is None else Path(path)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_parallax", False)]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter(FORMAT, DATE_FORMAT)
    installed: list[logging.Handler] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # delay: the file is opened by the first record, not by every `parallax --version`
        file_handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                           encoding="utf-8", delay=True)
    except OSError:
        file_handler, path = None, None
    if file_handler is not None:
        installed.append(file_handler)
    if debug:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.addFilter(_not_shown)
        installed.append(stderr)
    for handler in installed:
        handler._parallax = True  # type: ignore[attr-defined]
        handler.setFormatter(formatter)
        root.addHandler(handler)
    # Other libraries' warnings are worth keeping; their chatter is not.
    root.setLevel(logging.WARNING)
    logging.getLogger("parallax").setLevel(logging.DEBUG if debug else logging.INFO)
    return path


def log_file() -> Path | None:
    """The file :func:`configure` logs to, or None when logging was not configured."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_parallax", False) and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def details_hint() -> str:
    """`` (details in PATH)`` for an error line, or nothing when no file is written."""
    path = log_file()
    return f" (details in {path})" if path is not None else ""
