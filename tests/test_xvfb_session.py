"""A real keyboard session under Xvfb: the app as a subprocess on its own X display, driven by
xdotool: click into the left pane, select words with Shift+Ctrl+Right, press 1, quit (or be
killed with SIGKILL); the library file then holds an annotation with the first tag."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parallax.reader.notes.library import Library
from tests.conftest import ROOT, seed

pytestmark = pytest.mark.xvfb

XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")


def _free_display() -> int:
    for n in range(57, 400):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _xdo(env, *args: str, timeout: float = 30) -> str:
    r = subprocess.run([XDOTOOL, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"xdotool {' '.join(args)} failed: {r.stderr.strip()}"
    return r.stdout


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# CI installs both (scripts/dev), so there a missing program is a failure, not a skip.
needs_x = pytest.mark.skipif((XVFB is None or XDOTOOL is None) and not os.environ.get("CI"),
                             reason="needs the Xvfb and xdotool programs (apt-get install xvfb xdotool)")


@contextlib.contextmanager
def _display():
    """A fresh Xvfb display; yields its environment for the app (no offscreen platform)."""
    xvfb = None
    try:
        for _attempt in range(5):
            n = _free_display()
            xvfb = subprocess.Popen([XVFB, f":{n}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                _wait_for(lambda n=n, x=xvfb: Path(f"/tmp/.X11-unix/X{n}").exists() or x.poll() is not None,
                          15, "Xvfb to start")
            except AssertionError:
                _stop(xvfb)
                raise
            if xvfb.poll() is None:
                break
            xvfb = None  # lost a race for that display: try another
        assert xvfb is not None, "Xvfb did not start on any display"
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "PARALLAX_DB", "WAYLAND_DISPLAY")}
        env["DISPLAY"] = f":{n}"
        yield env
    finally:
        _stop(xvfb)


def _start_app(env, log, *args: str) -> tuple[subprocess.Popen, str, int, int]:
    """The app on the display, its window found, moved and sized: (process, window id, width, height)."""
    app = subprocess.Popen([sys.executable, "-m", "parallax.ui.main", *args],
                           cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    out = _xdo(env, "search", "--sync", "--onlyvisible", "--name", "Parallax", timeout=60)
    wid = out.split()[0]
    assert app.poll() is None, "the app exited early"
    _xdo(env, "windowmove", wid, "0", "0")
    _xdo(env, "windowsize", wid, "1600", "1000")
    time.sleep(1.5)  # let it lay out at the new size
    geometry = _xdo(env, "getwindowgeometry", "--shell", wid)
    geo = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
    return app, wid, int(geo["WIDTH"]), int(geo["HEIGHT"])


def _quit(env, app) -> None:
    _xdo(env, "key", "--clearmodifiers", "ctrl+q")
    try:
        app.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the app did not quit on Ctrl+Q")


def _keyboard_session(tmp_path: Path, *, finish: str) -> tuple[Path, str]:
    """Run the app on a fresh Xvfb display, tag by keyboard, then quit (Ctrl+Q) or SIGKILL it.
    Returns the library path and the app's output."""
    db = tmp_path / "session.db"
    app = None
    log = open(tmp_path / "app.log", "w+b")  # noqa: SIM115 - closed below
    try:
        with _display() as env:
            env["PARALLAX_SETTINGS"] = str(tmp_path / "settings.ini")
            try:
                app, _wid, width, height = _start_app(env, log, "open", str(seed("003")), str(seed("004")),
                                                      "--db", str(db))
                # the left pane's text: a fifth of the way across, a little below the middle
                _xdo(env, "mousemove", "--window", _wid, str(width // 5), str(int(height * 0.55)))
                _xdo(env, "click", "1")
                time.sleep(0.5)
                for _ in range(3):
                    _xdo(env, "key", "--clearmodifiers", "shift+ctrl+Right")
                time.sleep(0.3)
                _xdo(env, "key", "--clearmodifiers", "1")
                time.sleep(1.0)
                if finish == "quit":
                    _quit(env, app)
                else:
                    app.send_signal(signal.SIGKILL)
                    app.wait(timeout=30)
                log.seek(0)
                output = log.read().decode("utf-8", "replace")
                if finish == "quit":
                    assert app.returncode == 0, output
                return db, output
            finally:
                _stop(app)
    finally:
        log.close()


def _assert_first_tag_on_left(db: Path, output: str) -> None:
    with Library(db, readonly=True) as lib:
        assert lib.integrity_check() == "ok"
        first = lib.tags()[0]
        left = next(a for a in lib.articles() if a.path and a.path.endswith(seed("003").name))
        anns = lib.annotations(article_id=left.id, tag=first.id)
        assert len(anns) == 1, f"expected one annotation tagged {first.name!r}; app output:\n{output}"
        a = anns[0]
        assert a.tags == (first.name,)
        assert len(a.exact) >= 3 and not a.exact[0].isspace(), a.exact
        assert lib.article_text(left.id)[a.start:a.end] == a.exact


@needs_x
def test_keyboard_tagging_under_xvfb(tmp_path):
    db, output = _keyboard_session(tmp_path, finish="quit")
    _assert_first_tag_on_left(db, output)


@needs_x
def test_nothing_lost_when_the_app_is_killed(tmp_path):
    db, output = _keyboard_session(tmp_path, finish="kill")
    _assert_first_tag_on_left(db, output)


GRAB = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "assert app.primaryScreen().grabWindow(0).save(sys.argv[1], 'PNG')\n"
)


def _grab(env, path: Path) -> None:
    """A screenshot of the whole X display, taken by another process (as a user's tool would)."""
    r = subprocess.run([sys.executable, "-c", GRAB, str(path)], env={**env, "QT_QPA_PLATFORM": "xcb"},
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def _colours(path: Path) -> set[str]:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    return {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}


@needs_x
def test_a_desk_session_reopens_where_it_was_left(tmp_path):
    """Issue #16: note an untagged passage and link two passages by keyboard, switch the theme
    twice, scroll, quit; plain `parallax` then reopens the same pair at the same place.  The
    screenshot shows the note's margin mark and the link in the gutter."""
    import json

    from parallax.ui.style import palette_data

    db = tmp_path / "desk.db"
    log = open(tmp_path / "app.log", "w+b")  # noqa: SIM115 - closed below
    app = None
    try:
        with _display() as env:
            env["PARALLAX_SETTINGS"] = str(tmp_path / "settings.ini")
            try:
                app, wid, width, height = _start_app(env, log, "open", str(seed("003")), str(seed("004")),
                                                     "--db", str(db))
                key = lambda *keys: [_xdo(env, "key", "--clearmodifiers", k) for k in keys]  # noqa: E731
                # a note on an untagged passage: words selected in the left pane, Ctrl+Shift+N
                _xdo(env, "mousemove", "--window", wid, str(width // 5), str(int(height * 0.45)))
                _xdo(env, "click", "1")
                time.sleep(0.5)
                key("shift+ctrl+Right", "shift+ctrl+Right")
                key("ctrl+shift+n")
                time.sleep(1.0)
                _xdo(env, "type", "--delay", "20", "Only the left report says this.")
                key("ctrl+Return")
                time.sleep(0.8)
                # a link: words selected in the right pane too, Ctrl+Shift+K
                _xdo(env, "mousemove", "--window", wid, str(width * 11 // 20), str(int(height * 0.45)))
                _xdo(env, "click", "1")
                time.sleep(0.5)
                key("shift+ctrl+Right", "shift+ctrl+Right")
                key("ctrl+shift+k")
                time.sleep(1.0)
                _xdo(env, "type", "--delay", "20", "Same claim, other words.")
                key("ctrl+Return")
                time.sleep(0.8)
                # View > Theme > Dark, then View > Theme > Light, by their mnemonics
                for letter in ("d", "l"):
                    key("alt+v")
                    time.sleep(0.4)
                    key("t")
                    time.sleep(0.4)
                    key(letter)
                    time.sleep(0.8)
                shot = tmp_path / "desk.png"
                _grab(env, shot)
                colours = _colours(shot)
                light = palette_data()["light"]["ui"]
                assert "#fff6c8" in colours, "the note's memo mark is drawn in the margin"
                assert light["user_link"].lower() in colours, "the link is drawn in the gutter"
                # scroll both panes somewhere, then quit
                key("ctrl+1", "Next", "Next", "Next")
                time.sleep(0.8)
                _quit(env, app)
                assert app.returncode == 0
                with Library(db, readonly=True) as lib:
                    (cmp,) = lib.comparisons.all()
                    state = cmp.view_state
                    (note,) = [a for a in lib.annotations.all() if a.note]
                    assert note.tags == () and note.note == "Only the left report says this."
                    (link,) = lib.links.all()
                    assert link.note == "Same claim, other words."
                left_top = state["articles"][str(cmp.left_id)]["top"]
                assert left_top > 0, state
                # plain `parallax`: the same pair, at the same place
                app, wid, width, height = _start_app(env, log, "--db", str(db))
                title = _xdo(env, "getwindowname", wid)
                assert "Putin and Biden hold two hours of talks" in title, title
                time.sleep(1.0)
                _xdo(env, "windowfocus", "--sync", wid)  # no window manager gives it the keyboard
                _quit(env, app)
                assert app.returncode == 0
                with Library(db, readonly=True) as lib:
                    (again,) = lib.comparisons.all()
                assert again.id == cmp.id
                assert json.dumps(again.view_state, sort_keys=True) == json.dumps(state, sort_keys=True)
            finally:
                _stop(app)
    finally:
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
    assert "Traceback" not in output and "RuntimeError" not in output, output


XPROP = shutil.which("xprop")


@needs_x
@pytest.mark.skipif(XPROP is None and not os.environ.get("CI"),
                    reason="needs xprop (apt-get install x11-utils)")
def test_the_window_names_its_desktop_entry_and_carries_the_icon(tmp_path):
    """What a desktop reads off the window to show Parallax's name and icon in its task
    bar: the desktop entry's id (GNOME, KDE), WM_CLASS matching StartupWMClass, and the icon."""
    import configparser

    from parallax.ui.app import APP_ID

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "resources" / "desktop" / f"{APP_ID}.desktop", encoding="utf-8")
    log = open(tmp_path / "app.log", "w+b")  # noqa: SIM115 - closed below
    app = None
    try:
        with _display() as env:
            env["PARALLAX_SETTINGS"] = str(tmp_path / "settings.ini")
            try:
                app, wid, _w, _h = _start_app(env, log, "open", str(seed("003")), str(seed("004")),
                                              "--db", str(tmp_path / "library.db"))
                props = subprocess.run(
                    [XPROP, "-id", wid, "WM_CLASS", "_GTK_APPLICATION_ID", "_KDE_NET_WM_DESKTOP_FILE"],
                    env=env, capture_output=True, text=True, timeout=30)
                icon = subprocess.run([XPROP, "-id", wid, "-notype", "32c", "_NET_WM_ICON"],
                                      env=env, capture_output=True, text=True, timeout=30)
            finally:
                _stop(app)
    finally:
        log.close()
    assert props.returncode == 0, props.stderr
    lines = dict(line.split(" = ", 1) for line in props.stdout.splitlines() if " = " in line)
    assert lines["WM_CLASS(STRING)"].split(", ")[1] == f'"{entry["Desktop Entry"]["StartupWMClass"]}"'
    assert lines["_GTK_APPLICATION_ID(UTF8_STRING)"] == f'"{APP_ID}"'
    assert lines["_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING)"] == f'"{APP_ID}"'
    # _NET_WM_ICON: width, height, then the pixels; several sizes, drawn from the SVG
    values = [int(v) for v in icon.stdout.split("=", 1)[1].replace(",", " ").split()]
    sizes = []
    while values:
        w, h = values[0], values[1]
        sizes.append((w, h))
        values = values[2 + w * h:]
    assert (16, 16) in sizes and max(sizes) >= (64, 64), sizes
