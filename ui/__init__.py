"""Parallax's PySide6 front end.  It draws what ``reader`` decides."""
