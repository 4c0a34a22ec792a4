"""Layer names -> Qt styles, from ``resources/styles/palette.json``; themes; icons."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap, QTextCharFormat
from PySide6.QtWidgets import QApplication

from parallax.reader.comparison.layers import LAYER_NAMES

THEMES = ("light", "dark")
# Where layers overlap, later ones win a property: a verbatim run inside a paraphrase
# shows as verbatim, a changed word shows as changed, framing colours the text itself.
PAINT_ORDER = (
    "unique", "paraphrase", "verbatim", "reorder", "change",
    "fact-only", "fact-shared", "fact-conflict",
    "framing-attribution", "framing-naming", "framing-loaded", "framing-hedge", "framing-scare-quote",
)
_PAINT_RANK = {name: i for i, name in enumerate(PAINT_ORDER)}
# The layers active over a run are stored on its format, so tests and tools can ask.
LAYERS_PROPERTY = QTextCharFormat.Property.UserProperty + 1

_UNDERLINE = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}


@cache
def palette_data() -> dict:
    return json.loads(files("parallax.resources").joinpath("styles/palette.json").read_text(encoding="utf-8"))


def resolve_theme(theme: str | None) -> str:
    """"light", "dark", or "system" (follow the platform's colour scheme)."""
    if theme in THEMES:
        return theme
    app = QApplication.instance()
    if app is not None:
        try:
            if app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
                return "dark"
        except AttributeError:  # older Qt
            pass
    return "light"


class Style:
    """The formats and colours of one theme."""

    def __init__(self, theme: str = "light"):
        self.theme = theme if theme in THEMES else "light"
        data = palette_data()[self.theme]
        self.ui = {k: QColor(v) for k, v in data["ui"].items()}
        self.layers = data["layers"]
        self.tag_alpha = int(data.get("tag_tint_alpha", 90))  # tag colours over tagged passages
        self.formats: dict[str, QTextCharFormat] = {}
        self.swatch: dict[str, QColor] = {}
        for name in LAYER_NAMES:
            spec = self.layers.get(name, {})
            self.formats[name] = _format(spec)
            self.swatch[name] = QColor(spec.get("swatch", "#888888"))
        self._merged: dict[tuple[str, ...], QTextCharFormat] = {}

    def merged(self, layers: tuple[str, ...]) -> QTextCharFormat:
        """One format for a run where ``layers`` overlap (later layers win a property)."""
        fmt = self._merged.get(layers)
        if fmt is None:
            fmt = QTextCharFormat()
            for name in sorted(layers, key=lambda n: _PAINT_RANK.get(n, len(_PAINT_RANK))):
                f = self.formats.get(name)
                if f is not None:
                    fmt.merge(f)
            fmt.setProperty(LAYERS_PROPERTY, ",".join(layers))
            self._merged[layers] = fmt
        return fmt

    def colour(self, key: str) -> QColor:
        return QColor(self.ui.get(key, QColor("#888888")))

    def swatch_icon(self, name: str, size: int = 14) -> QIcon:
        """A legend swatch: how the layer looks on text (tint, underline or coloured text)."""
        spec = self.layers.get(name, {})
        pix = QPixmap(size * 2, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.colour("base")
        p.fillRect(0, 0, size * 2, size, (spec.get("background") and QColor(spec["background"])) or base)
        p.setPen(self.colour("muted"))
        p.drawRect(0, 0, size * 2 - 1, size - 1)
        if "foreground" in spec and "underline" not in spec:
            font = QFont()
            font.setBold(bool(spec.get("bold")))
            font.setItalic(bool(spec.get("italic")))
            font.setPixelSize(size - 3)
            p.setFont(font)
            p.setPen(QColor(spec["foreground"]))
            p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, "Ab")
        if "underline" in spec:
            pen = p.pen()
            pen.setColor(QColor(spec["underline"]))
            pen.setWidth(2)
            style = spec.get("underline_style", "solid")
            pen.setStyle({"dot": Qt.PenStyle.DotLine, "dash": Qt.PenStyle.DashLine}.get(style, Qt.PenStyle.SolidLine))
            p.setPen(pen)
            y = size - 3
            if style == "wave":
                for x in range(2, size * 2 - 3, 4):
                    p.drawLine(x, y, x + 2, y - 2)
                    p.drawLine(x + 2, y - 2, x + 4, y)
            else:
                p.drawLine(2, y, size * 2 - 3, y)
        p.end()
        return QIcon(pix)


def _format(spec: dict) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if spec.get("background"):
        fmt.setBackground(QColor(spec["background"]))
    if spec.get("foreground"):
        fmt.setForeground(QColor(spec["foreground"]))
    if spec.get("underline"):
        fmt.setUnderlineStyle(_UNDERLINE.get(spec.get("underline_style", "solid"),
                                             QTextCharFormat.UnderlineStyle.SingleUnderline))
        fmt.setUnderlineColor(QColor(spec["underline"]))
    if spec.get("bold"):
        fmt.setFontWeight(QFont.Weight.Bold)
    if spec.get("italic"):
        fmt.setFontItalic(True)
    return fmt


_R = QPalette.ColorRole
# Qt palette role -> the theme's ui colour
_PALETTE_ROLES = {
    _R.Window: "window", _R.WindowText: "text", _R.Base: "base", _R.AlternateBase: "header_bg",
    _R.Text: "text", _R.Button: "window", _R.ButtonText: "text", _R.ToolTipBase: "base",
    _R.ToolTipText: "text", _R.Highlight: "selection", _R.HighlightedText: "text",
    _R.PlaceholderText: "muted", _R.Mid: "gutter",
}


def apply_theme(app: QApplication, theme: str) -> Style:
    """Fusion with the theme's palette, so light and dark look the same everywhere."""
    style = Style(resolve_theme(theme))
    app.setStyle("Fusion")
    ui = style.ui
    pal = QPalette()
    for role, key in _PALETTE_ROLES.items():
        pal.setColor(role, ui[key])
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, ui["muted"])
    app.setPalette(pal)
    return style


@cache
def _icon_svg(name: str) -> bytes:
    return files("parallax.resources").joinpath(f"icons/{name}.svg").read_bytes()


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """A toolbar icon from ``resources/icons``; ``currentColor`` takes ``colour``."""
    try:
        data = _icon_svg(name)
    except (FileNotFoundError, OSError):
        return QIcon()
    if colour is not None:
        data = data.replace(b"currentColor", colour.name().encode())
    pix = QPixmap()
    pix.loadFromData(QByteArray(data), "SVG")
    return QIcon(pix)
