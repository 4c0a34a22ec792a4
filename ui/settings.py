"""Persisted view settings (QSettings): splitters, layer toggles, theme, font size.

The organisation and application names come from ``parallax.ui.app`` (set on the
QApplication).  ``PARALLAX_SETTINGS=/path/file.ini`` (or ``settings_path``)
puts them in an INI file instead, which tests use to stay away from the
user's own settings.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings


def open_settings(path: str | None = None) -> QSettings:
    path = path or os.environ.get("PARALLAX_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    from parallax.ui.app import APP_NAME, ORG_NAME

    return QSettings(ORG_NAME, APP_NAME)


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def read_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))
    except (TypeError, ValueError):
        return default
