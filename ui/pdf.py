"""Printing an HTML export to PDF with Qt (``QTextDocument`` + ``QPdfWriter``).

``reader/`` stays Qt-free: ``parallax notes export --format pdf`` renders
the HTML export in the core and hands it to :func:`html_to_pdf` through
``Hooks.html_to_pdf`` (wired in ``ui.main``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader.errors import ParallaxError


def _gui_app():
    """A QGuiApplication for fonts and layout; offscreen when there is no display."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ) and sys.platform.startswith("linux"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(sys.argv[:1])
    return app


def html_to_pdf(html: str, path: str) -> None:
    """Lay ``html`` out on A4 pages and write it to ``path`` as PDF."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    _gui_app()
    target = Path(path)
    if target.is_dir():
        raise ParallaxError(f"{path}: is a directory")
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("Parallax notes")
    writer.setCreator("Parallax")
    doc = QTextDocument()
    doc.setHtml(html)
    # No page size on the document: print_() then lays it out for the writer's page
    # (in its resolution) and numbers the pages.
    doc.print_(writer)
    del writer  # flushes and closes the file
    try:
        ok = target.stat().st_size > 0
    except OSError:
        ok = False
    if not ok:
        raise ParallaxError(f"{path}: the PDF could not be written")
