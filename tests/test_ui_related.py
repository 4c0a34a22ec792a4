"""Two reports of different events are flagged as such in the window, with the reason."""

from __future__ import annotations

from parallax.reader.model import Article
from parallax.ui.main_window import MainWindow
from parallax.ui.settings import open_settings

BUDGET = ("The finance ministry said on Monday that the budget deficit narrowed to 4.1 percent of output. "
          "Officials credited higher tax receipts and lower spending on fuel subsidies for the change. "
          "The central bank kept its main interest rate unchanged at its meeting in the capital.")
MATCH = ("Manchester United beat Chelsea 3-1 at Old Trafford on Sunday. Marcus Rashford scored twice "
         "in the second half and the home side climbed to fourth in the Premier League table. "
         "Chelsea's manager said his players had been tired after a midweek trip to Spain.")


def _shown(qtbot, tmp_path, left: str, right: str) -> MainWindow:
    w = MainWindow(settings=open_settings(str(tmp_path / "s.ini")), theme="light")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.show_articles(Article(left), Article(right))
    qtbot.waitUntil(lambda: w.comparison is not None and w.is_idle(), timeout=30_000)
    return w


def test_an_unrelated_pair_is_flagged_in_the_banner_and_the_summary(qtbot, tmp_path):
    w = _shown(qtbot, tmp_path, BUDGET, MATCH)
    assert w.comparison.summary.related is False
    assert "Unrelated?" in w.view.banner.text() and "different events" in w.view.banner.text()
    assert "different events" in w.panel.summary.verdict.text()
    # and still after Swap (the swapped comparison once lost the flag)
    w.swap_sides()
    qtbot.waitUntil(lambda: w.is_idle() and w.comparison is not None and w.swapped, timeout=30_000)
    assert w.comparison.left.text == MATCH
    assert "Unrelated?" in w.view.banner.text() and "different events" in w.panel.summary.verdict.text()


def test_a_related_pair_is_not_flagged(qtbot, tmp_path):
    w = _shown(qtbot, tmp_path, BUDGET, BUDGET.replace("Monday", "Tuesday"))
    assert w.comparison.summary.related is True
    assert "Unrelated?" not in w.view.banner.text()
    assert "different events" not in w.panel.summary.verdict.text()


FRAMED = ("Officials said the troops stayed near the border on Monday. The so-called experts apparently "
          "believed the purported invasion was a fiction.")
PLAIN = "Officials said the troops stayed near the border on Monday. Analysts said the invasion was a threat."


def test_the_window_hides_unsure_framing_markers_when_asked_and_remembers_it(qtbot, tmp_path):
    from parallax.reader.framing.markers import is_sure

    w = _shown(qtbot, tmp_path, FRAMED, PLAIN)
    action = w.actions["unsure-markers"]
    assert action.isChecked()  # shown by default: "purported", "so-called" are what analysts look for
    unsure = [m for m in w.comparison.framing if not is_sure(m)]
    assert any(m.text == "purported" for m in unsure)
    tips = [it.tip for it in w.view.layers.items("left") if it.layer.startswith("framing-")]
    assert any("Unsure:" in t for t in tips)
    action.setChecked(False)  # View > Unsure Framing Markers: compared again, sure markers only
    qtbot.waitUntil(lambda: w.is_idle() and w.comparison is not None
                    and all(is_sure(m) for m in w.comparison.framing), timeout=30_000)
    assert not any(m.text == "purported" for m in w.comparison.framing)
    assert not any(it.layer.startswith("framing-hedge") for it in w.view.layers.items("left"))
    assert w.settings.value("view/unsure_markers") in (False, "false")
    again = MainWindow(settings=w.settings, theme="light")
    qtbot.addWidget(again)
    assert not again.actions["unsure-markers"].isChecked() and again.unsure_markers is False
