"""Printing an HTML export to PDF with Qt (``QTextDocument`` + ``QPdfWriter``).

``reader/`` stays Qt-free: ``parallax notes export --format pdf`` renders
the HTML export in the core and hands it to :func:`html_to_pdf` through
``Hooks.html_to_pdf`` (wired in ``ui.main``).

One ``QTextDocument`` silently stops laying out after a few thousand pages,
so a long export is printed in parts: the HTML export marks its top-level
blocks (``<!--block-->``), and parts of at most :data:`PART_CHARS`
characters are laid out one after another onto the same PDF, each part
starting on a new page.  Pages are numbered at the foot.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from reader.errors import ParallaxError

BLOCK_MARK = "<!--block-->"
PART_CHARS = 1_500_000  # a few hundred pages per QTextDocument


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


def split_html(html: str, /, *, part_chars: int = PART_CHARS) -> list[str]:
    """Whole HTML documents of at most about ``part_chars`` each, cut between blocks.

    HTML without block marks, or short enough, stays one part."""
    if len(html) <= part_chars or BLOCK_MARK not in html:
        return [html]
    m = re.search(r"<body[^>]*>", html, re.IGNORECASE)
    end = html.rfind("</body>")
    if m is None or end < m.end():
        return [html]
    head, body, tail = html[: m.end()], html[m.end():end], html[end:]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for block in body.split(BLOCK_MARK):
        if current and size + len(block) > part_chars:
            parts.append(head + "".join(current) + tail)
            current, size = [], 0
        current.append(block)
        size += len(block)
    if current:
        parts.append(head + "".join(current) + tail)
    return parts


def html_to_pdf(html: str, path: str) -> None:
    """Lay ``html`` out on numbered A4 pages and write it to ``path`` as PDF."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QFont,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    _gui_app()
    target = Path(path)
    if target.is_dir():
        raise ParallaxError(f"{path}: is a directory")
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 15, 18, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("Parallax notes")
    writer.setCreator("Parallax")
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(rect.width()), float(rect.height())
    footer = writer.resolution() * 0.3  # about 7.5 mm for the page number
    body_height = height - footer
    painter = QPainter()
    if not painter.begin(writer):
        raise ParallaxError(f"{path}: the PDF could not be written")
    number_font = QFont()
    number_font.setPointSizeF(8)
    page = 0
    try:
        for part in split_html(html, part_chars=PART_CHARS):
            doc = QTextDocument()
            doc.documentLayout().setPaintDevice(writer)  # lay out in the PDF's resolution
            doc.setHtml(part)
            doc.setPageSize(QSizeF(width, body_height))
            for i in range(doc.pageCount()):
                if page:
                    writer.newPage()
                page += 1
                painter.save()
                painter.translate(0, -i * body_height)
                doc.drawContents(painter, QRectF(0, i * body_height, width, body_height))
                painter.restore()
                painter.save()
                painter.setFont(number_font)
                painter.drawText(QRectF(0, body_height, width, footer),
                                 int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                                 str(page))
                painter.restore()
    finally:
        painter.end()
    del writer  # flushes and closes the file
    try:
        ok = target.stat().st_size > 0
    except OSError:
        ok = False
    if not ok:
        raise ParallaxError(f"{path}: the PDF could not be written")
