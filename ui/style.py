"""Layer names -> Qt styles, from ``resources/styles/palette.json`` (read by the core:
``parallax.reader.comparison.palette``, which the HTML report draws with too); themes; icons.

Icons are drawn from their SVG at the size and device pixel ratio each use asks
for (:class:`SvgIconEngine`), so they stay sharp at 200 % scaling; the theme
"system" follows the platform's colour scheme, also when it changes while
Parallax runs (:func:`follow_system_scheme`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
    QTextCharFormat,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from parallax.reader.comparison.layers import LAYER_NAMES, UNSURE_KEYS, layer_of
from parallax.reader.comparison.palette import THEMES, paint_rank, palette_data, specs, unsure_spec

# The palette's data, its specs by style key and the paint order are the core's
# (``parallax.reader.comparison.palette``), shared with the HTML report; this module makes
# Qt formats, colours and icons of them.

# The layers active over a run are stored on its format, so tests and tools can ask
# (the layers' names: an unsure marker's layer is named as its layer).
LAYERS_PROPERTY = QTextCharFormat.Property.UserProperty + 1

_UNDERLINE = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}


# The colour scheme the platform announced last (QStyleHints.colorSchemeChanged);
# None until it announces one, and then the hints are asked.
_announced_scheme: Qt.ColorScheme | None = None


def system_scheme() -> Qt.ColorScheme:
    """The platform's colour scheme: the last one it announced, else what its hints say."""
    if _announced_scheme is not None:
        return _announced_scheme
    app = QApplication.instance()
    if app is not None:
        try:
            return app.styleHints().colorScheme()
        except AttributeError:  # Qt before 6.5
            pass
    return Qt.ColorScheme.Unknown


def resolve_theme(theme: str | None) -> str:
    """"light", "dark", or "system" (follow the platform's colour scheme)."""
    if theme in THEMES:
        return theme
    return "dark" if system_scheme() == Qt.ColorScheme.Dark else "light"


def scheme_changed(scheme: Qt.ColorScheme) -> None:
    """The platform switched between light and dark: every shown window whose theme is
    "system" applies its theme again (windows without ``set_theme`` keep theirs)."""
    global _announced_scheme
    _announced_scheme = scheme
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible() or getattr(widget, "theme", None) != "system":
            continue
        if callable(getattr(widget, "set_theme", None)):
            widget.set_theme("system")


def share_theme(origin, theme: str) -> None:
    """The analyst chose ``theme`` in ``origin``: the application's palette is shared by
    every window, so each other window with ``set_theme`` takes the theme too (its text
    colours, icons and charts), instead of drawing its old colours over the new palette."""
    for widget in QApplication.topLevelWidgets():
        if widget is origin or getattr(widget, "theme", theme) == theme:
            continue
        if callable(getattr(widget, "set_theme", None)):
            widget.set_theme(theme)


def follow_system_scheme(app: QApplication) -> bool:
    """Connect the platform's colour-scheme changes to :func:`scheme_changed`, once.
    False where Qt cannot tell (before 6.5)."""
    hints = app.styleHints()
    if not hasattr(hints, "colorSchemeChanged"):
        return False
    if not app.property("parallax-follows-scheme"):
        hints.colorSchemeChanged.connect(scheme_changed)
        app.setProperty("parallax-follows-scheme", True)
    return True


class Style:
    """The formats and colours of one theme."""

    def __init__(self, theme: str = "light"):
        self.theme = theme if theme in THEMES else "light"
        data = palette_data()[self.theme]
        self.ui = {k: QColor(v) for k, v in data["ui"].items()}
        self.tag_alpha = int(data.get("tag_tint_alpha", 90))  # tag colours over tagged passages
        # how an unsure framing marker differs from its layer: those keys over the layer's style
        self.unsure = unsure_spec(self.theme)
        unsure_alpha = int(data.get("unsure", {}).get("swatch_alpha", 255))
        # style specs by style key: the palette's layers, and each framing layer's unsure key
        self.layers = specs(self.theme)
        self.formats: dict[str, QTextCharFormat] = {}
        self.swatch: dict[str, QColor] = {}
        for name in (*LAYER_NAMES, *UNSURE_KEYS):
            spec = self.layers.get(name, {})
            self.formats[name] = _format(spec)
            self.swatch[name] = QColor(spec.get("swatch", "#888888"))
        for key in UNSURE_KEYS:
            self.swatch[key].setAlpha(unsure_alpha)
        self._merged: dict[tuple[str, ...], QTextCharFormat] = {}

    def merged(self, layers: tuple[str, ...]) -> QTextCharFormat:
        """One format for a run where ``layers`` (style keys) overlap (later layers win a
        property; where a sure and an unsure marker of one layer overlap, the sure one's)."""
        fmt = self._merged.get(layers)
        if fmt is None:
            fmt = QTextCharFormat()
            names = [n for n in layers if layer_of(n) == n or layer_of(n) not in layers]
            for name in sorted(names, key=paint_rank):
                f = self.formats.get(name)
                if f is not None:
                    fmt.merge(f)
            fmt.setProperty(LAYERS_PROPERTY, ",".join(dict.fromkeys(map(layer_of, layers))))
            self._merged[layers] = fmt
        return fmt

    def colour(self, key: str) -> QColor:
        return QColor(self.ui.get(key, QColor("#888888")))

    def swatch_icon(self, name: str, size: int = 14) -> QIcon:
        """A legend swatch: how the layer (a style key) looks on text (tint, underline or
        coloured text), drawn at each size and pixel ratio it is shown at."""
        return self.spec_icon(self.layers.get(name, {}), size)

    def unsure_icon(self, size: int = 14) -> QIcon:
        """The legend's sample of an unsure framing marker: plain text drawn unsure."""
        return self.spec_icon({"foreground": self.colour("text").name(), **self.unsure}, size)

    def spec_icon(self, spec: dict, size: int = 14) -> QIcon:
        """A legend swatch of a style spec (the palette's keys)."""
        spec = dict(spec)
        base, muted = self.colour("base"), self.colour("muted")

        def draw(p: QPainter) -> None:
            p.fillRect(0, 0, size * 2, size, (spec.get("background") and QColor(spec["background"])) or base)
            p.setPen(muted)
            p.drawRect(0, 0, size * 2 - 1, size - 1)
            underlined = "underline" in spec or "underline_style" in spec
            if "foreground" in spec and "underline" not in spec:
                font = QFont()
                font.setBold(bool(spec.get("bold")))
                font.setItalic(bool(spec.get("italic")))
                font.setPixelSize(size - 3)
                p.setFont(font)
                p.setPen(QColor(spec["foreground"]))
                # raised over an underline in the text's colour (an unsure marker's), clear of it
                p.drawText(QRect(0, -2 if underlined else 0, size * 2, size), Qt.AlignmentFlag.AlignCenter, "Ab")
            if underlined:
                pen = p.pen()
                pen.setColor(QColor(spec.get("underline") or spec.get("foreground") or muted))
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

        return QIcon(PaintedIconEngine(draw, QSize(size * 2, size)))


def _format(spec: dict) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if spec.get("background"):
        fmt.setBackground(QColor(spec["background"]))
    if spec.get("foreground"):
        fmt.setForeground(QColor(spec["foreground"]))
    if spec.get("underline") or spec.get("underline_style"):  # without a colour: the text's
        fmt.setUnderlineStyle(_UNDERLINE.get(spec.get("underline_style", "solid"),
                                             QTextCharFormat.UnderlineStyle.SingleUnderline))
        if spec.get("underline"):
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


class VectorIconEngine(QIconEngine):
    """An icon drawn afresh at the size and device pixel ratio it is asked for (a 16 px
    toolbar icon at 200 % is drawn at 32 px, not scaled up from a fixed pixmap).
    Subclasses say how to draw into a rectangle."""

    DISABLED_OPACITY = 0.4

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        raise NotImplementedError

    def actualSize(self, size: QSize, mode, state) -> QSize:
        return QSize(size)

    def paint(self, painter: QPainter, rect: QRect, mode, state) -> None:
        painter.save()
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(painter.opacity() * self.DISABLED_OPACITY)
        self.draw(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode, state, scale: float) -> QPixmap:
        scale = max(float(scale), 1.0)
        size = self.actualSize(size, mode, state)
        pix = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
        if pix.isNull():
            return pix
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, pix.rect(), mode, state)
        painter.end()
        pix.setDevicePixelRatio(scale)
        return pix


class SvgIconEngine(VectorIconEngine):
    """An icon drawn from SVG data."""

    def __init__(self, data: bytes):
        super().__init__()
        self.data = data
        self.renderer = QSvgRenderer(QByteArray(data))

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self.data)

    def isNull(self) -> bool:
        return not self.renderer.isValid()

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        self.renderer.render(painter, rect)


class PaintedIconEngine(VectorIconEngine):
    """An icon drawn by ``draw(painter)`` in a ``size`` box of logical pixels, scaled to
    the rectangle asked for."""

    def __init__(self, draw: Callable[[QPainter], None], size: QSize):
        super().__init__()
        self.painter_fn = draw
        self.box = QSize(size)

    def clone(self) -> QIconEngine:
        return PaintedIconEngine(self.painter_fn, self.box)

    def availableSizes(self, mode=None, state=None) -> list[QSize]:
        return [QSize(self.box)]

    def actualSize(self, size: QSize, mode, state) -> QSize:
        return self.box.scaled(size, Qt.AspectRatioMode.KeepAspectRatio)

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        painter.translate(rect.topLeft())
        painter.scale(rect.width() / self.box.width(), rect.height() / self.box.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.painter_fn(painter)


def svg_icon(data: bytes) -> QIcon:
    """A QIcon that draws ``data`` (an SVG) sharply at any size and pixel ratio."""
    return QIcon(SvgIconEngine(data))


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """A toolbar icon from ``resources/icons``; ``currentColor`` takes ``colour``."""
    try:
        data = _icon_svg(name)
    except (FileNotFoundError, OSError):
        return QIcon()
    if colour is not None:
        data = data.replace(b"currentColor", colour.name().encode())
    return svg_icon(data)


APP_ICON = "parallax"  # resources/icons/parallax.svg, also installed as the desktop icon


def app_icon() -> QIcon:
    """Parallax's own icon (the window's, the task bar's), in its own colours."""
    return icon(APP_ICON)
