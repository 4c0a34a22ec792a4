"""Linux desktop integration: the app icon, icons drawn sharp at any pixel ratio, the
desktop entry and AppStream metainfo (and their install by ``scripts/dev``), and the
theme following the platform's colour scheme while Parallax runs."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from parallax.reader import __version__
from parallax.ui import style
from parallax.ui.app import APP_ID, APP_NAME, application
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings
from tests.conftest import ROOT

DESKTOP = ROOT / "resources" / "desktop"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
(COMMAND,) = PROJECT["scripts"]


def _svg_render(data: bytes, px: int) -> QImage:
    """What the SVG looks like drawn directly at ``px`` pixels."""
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(data)).render(painter, QRectF(0, 0, px, px))
    painter.end()
    return image


def _image(pixmap: QPixmap) -> QImage:
    return pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_toolbar_icons_are_drawn_from_svg_at_the_device_pixel_ratio(qapp, ratio):
    data = (ROOT / "resources/icons/open.svg").read_bytes().replace(b"currentColor", b"#c03020")
    pixmap = style.icon("open", QColor("#c03020")).pixmap(QSize(24, 24), ratio)
    px = round(24 * ratio)
    assert pixmap.size() == QSize(px, px)
    assert pixmap.devicePixelRatio() == ratio
    assert _image(pixmap) == _svg_render(data, px)  # drawn at px, in the colour asked for
    if ratio > 1:  # and not a 24 px drawing scaled up, which the check above tells apart
        upscaled = QPixmap.fromImage(_svg_render(data, 24)).scaled(
            px, px, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        assert _image(upscaled) != _image(pixmap)


@pytest.mark.parametrize("layer", ["verbatim", "change", "framing-hedge"])
def test_legend_swatches_are_drawn_at_the_device_pixel_ratio(qapp, layer):
    swatch = style.Style("light").swatch_icon(layer)
    one = swatch.pixmap(QSize(26, 13), 1.0)
    two = swatch.pixmap(QSize(26, 13), 2.0)
    assert one.size() == QSize(26, 13) and two.size() == QSize(52, 26)
    assert two.devicePixelRatio() == 2.0
    assert swatch.pixmap(QSize(40, 40), 1.0).size() == QSize(40, 20)  # keeps its shape
    for mode in Qt.TransformationMode.FastTransformation, Qt.TransformationMode.SmoothTransformation:
        upscaled = one.scaled(52, 26, Qt.AspectRatioMode.IgnoreAspectRatio, mode)
        assert _image(upscaled) != _image(two)


def test_disabled_icons_are_faded(qapp):
    icon = style.icon("open", QColor("#000000"))
    normal = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Normal).toImage()
    disabled = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled).toImage()
    alpha = [(normal.pixelColor(x, y).alpha(), disabled.pixelColor(x, y).alpha())
             for x in range(24) for y in range(24)]
    assert any(a for a, _ in alpha)
    assert all(d < a or a == 0 for a, d in alpha)


def test_missing_icon_is_a_null_icon(qapp):
    assert style.icon("no-such-icon").isNull()
    assert not style.icon("open").isNull()


def test_application_sets_the_app_icon_and_desktop_file_name(qapp):
    assert application(offscreen=True) is qapp
    assert qapp.desktopFileName() == APP_ID
    icon = qapp.windowIcon()
    assert not icon.isNull()
    app_svg = (ROOT / "resources/icons/parallax.svg").read_bytes()
    assert _image(icon.pixmap(QSize(64, 64), 2.0)) == _svg_render(app_svg, 128)
    # the icon is in colour (not a currentColor glyph) and fills its square
    image = _svg_render(app_svg, 64)
    assert image.pixelColor(32, 4).alpha() == 255 and image.pixelColor(1, 1).alpha() == 0


def _desktop_entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP / f"{APP_ID}.desktop", encoding="utf-8")
    return parser


def test_desktop_entry_names_the_app_id_icon_and_command():
    assert sorted(p.name for p in DESKTOP.iterdir()) == [f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"]
    entry = _desktop_entry()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Parallax"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == COMMAND == entry["TryExec"]
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    assert entry["StartupWMClass"] == APP_NAME  # the class of Qt's WM_CLASS: the application name
    assert (ROOT / "resources/icons" / f"{style.APP_ICON}.svg").is_file()


# scripts/dev installs the validators, so in CI a missing one is a failure, not a skip.
@pytest.mark.skipif(shutil.which("desktop-file-validate") is None and not os.environ.get("CI"),
                    reason="desktop-file-validate is not installed (apt-get install desktop-file-utils)")
def test_desktop_entry_passes_desktop_file_validate():
    done = subprocess.run(["desktop-file-validate", str(DESKTOP / f"{APP_ID}.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr


def test_metainfo_structure():
    root = ET.parse(DESKTOP / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"

    def one(tag: str) -> ET.Element:
        found = root.findall(tag)
        assert len(found) == 1, tag
        return found[0]

    assert one("id").text == APP_ID
    assert one("metadata_license").text in ("CC0-1.0", "FSFAP", "MIT", "CC-BY-4.0")
    assert one("project_license").text == PROJECT["license"]
    assert one("name").text == "Parallax"
    summary = one("summary").text
    assert 0 < len(summary) <= 100 and not summary.endswith(".")
    description = one("description")
    assert description.findall("p") and all(p.text.strip() for p in description.iter("p"))
    assert all(child.tag in ("p", "ul", "ol") for child in description)
    launchable = one("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == f"{APP_ID}.desktop"
    assert [b.text for b in one("provides").findall("binary")] == [COMMAND]
    categories = [c.text for c in one("categories").findall("category")]
    assert categories == _desktop_entry()["Desktop Entry"]["Categories"].rstrip(";").split(";")
    assert one("content_rating").get("type", "").startswith("oars-")
    releases = one("releases").findall("release")
    assert releases[0].get("version") == __version__  # the newest release is this version
    assert all(len(r.get("date", "")) == 10 for r in releases)


@pytest.mark.skipif(shutil.which("appstreamcli") is None and not os.environ.get("CI"),
                    reason="appstreamcli is not installed (apt-get install appstream)")
def test_metainfo_passes_appstreamcli_validate():
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(DESKTOP / f"{APP_ID}.metainfo.xml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "E:" not in done.stdout and "W:" not in done.stdout, done.stdout


def test_scripts_dev_desktop_installs_entry_icon_and_metainfo(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}
    run = lambda: subprocess.run(["bash", str(ROOT / "scripts/dev"), "desktop"], env=env,  # noqa: E731
                                 capture_output=True, text=True, timeout=60)
    done = run()
    assert done.returncode == 0, done.stderr
    assert "application menu" in done.stderr
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    icon = tmp_path / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg"
    metainfo = tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert icon.read_bytes() == (ROOT / "resources/icons/parallax.svg").read_bytes()
    assert metainfo.read_bytes() == (DESKTOP / f"{APP_ID}.metainfo.xml").read_bytes()
    lines = entry.read_text(encoding="utf-8").splitlines()
    venv_command = ROOT / ".venv" / "bin" / COMMAND  # not on PATH: the entry names it in full
    assert f'Exec="{venv_command}"' in lines and f"TryExec={venv_command}" in lines
    source = (DESKTOP / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if "Exec=" not in x] == [x for x in source if "Exec=" not in x]
    if shutil.which("desktop-file-validate") or os.environ.get("CI"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert check.returncode == 0 and check.stdout == "", check.stdout
    # a second run finds everything in place: nothing rewritten, nothing said
    before = entry.stat().st_mtime_ns
    again = run()
    assert again.returncode == 0 and again.stderr == ""
    assert entry.stat().st_mtime_ns == before
    assert not list(tmp_path.rglob("*.new"))


# -- the theme "system" follows the platform's colour scheme at run time

@pytest.fixture
def scheme(qapp, monkeypatch):
    """Announce a colour scheme as the platform would (the offscreen platform has none)."""
    monkeypatch.setattr(style, "_announced_scheme", None)
    assert style.follow_system_scheme(qapp)
    assert style.follow_system_scheme(qapp)  # connected once, however often asked
    hints = qapp.styleHints()
    return hints.colorSchemeChanged.emit


def _window(qtbot, tmp_path, theme: str) -> MainWindow:
    window = MainWindow(settings=open_settings(str(tmp_path / f"{theme}.ini")), theme=theme)
    qtbot.addWidget(window)
    window.show()  # closed windows are left alone
    return window


def _window_colour(qapp) -> str:
    return qapp.palette().color(QPalette.ColorRole.Window).name()


def test_system_theme_follows_the_scheme_when_it_changes(qapp, qtbot, tmp_path, scheme):
    dark = style.palette_data()["dark"]["ui"]["window"].lower()
    light = style.palette_data()["light"]["ui"]["window"].lower()
    window = _window(qtbot, tmp_path, "system")
    scheme(Qt.ColorScheme.Dark)
    assert window.style_.theme == "dark" and window.theme == "system"
    assert _window_colour(qapp) == dark
    # the toolbar icons are redrawn in the dark theme's text colour
    text = window.style_.colour("text")
    glyph = window.actions["open"].icon().pixmap(QSize(24, 24), 1.0).toImage()
    assert {glyph.pixelColor(x, y).rgb() for x in range(24) for y in range(24)
            if glyph.pixelColor(x, y).alpha() == 255} == {text.rgb()}
    scheme(Qt.ColorScheme.Light)
    assert window.style_.theme == "light" and _window_colour(qapp) == light


def test_a_chosen_theme_ignores_the_scheme(qapp, qtbot, tmp_path, scheme):
    window = _window(qtbot, tmp_path, "dark")
    colour = _window_colour(qapp)
    scheme(Qt.ColorScheme.Light)
    assert window.style_.theme == "dark" and _window_colour(qapp) == colour


def _glyph_colours(window: MainWindow) -> set[int]:
    glyph = window.actions["open"].icon().pixmap(QSize(24, 24), 1.0).toImage()
    return {glyph.pixelColor(x, y).rgb() for x in range(24) for y in range(24)
            if glyph.pixelColor(x, y).alpha() == 255}


@pytest.mark.parametrize("order", [("light", "dark"), ("dark", "light")])
def test_toolbar_icons_take_the_theme_of_their_window_whatever_came_before(qapp, qtbot, tmp_path, order):
    """A window made right after one of the other theme: its icons in its own theme's text
    colour, not the previous palette its widgets still report."""
    first = MainWindow(settings=open_settings(str(tmp_path / "first.ini")), theme=order[0])
    qtbot.addWidget(first)
    first.show()
    second = MainWindow(settings=open_settings(str(tmp_path / "second.ini")), theme=order[1])
    qtbot.addWidget(second)
    assert _glyph_colours(second) == {second.style_.colour("text").rgb()}
    # and a later action with an icon follows a theme switch too
    second.actions.add("later", "Later", icon_name="find")
    second.set_theme(order[0])
    later = second.actions["later"].icon().pixmap(QSize(24, 24), 1.0).toImage()
    assert {later.pixelColor(x, y).rgb() for x in range(24) for y in range(24)
            if later.pixelColor(x, y).alpha() == 255} == {second.style_.colour("text").rgb()}
