"""Errors that reach a user as one line, never as a traceback."""

from __future__ import annotations


class ParallaxError(Exception):
    """Something the user can act on.  ``str(err)`` is the whole message."""

    exit_code = 1


class InputError(ParallaxError):
    """A file or text that cannot be read as an article."""

    def __init__(self, source: str | None, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}" if source else reason)


class LibraryError(ParallaxError):
    """The notes library cannot do what was asked (corrupt, read-only, not found...)."""


class UsageError(ParallaxError):
    exit_code = 2


class Cancelled(ParallaxError):
    """Long work stopped at the user's request (Ctrl+C, Cancel); nothing was written."""

    exit_code = 130

    def __init__(self, what: str = "stopped"):
        super().__init__(what)
