"""The Insights page: the same numbers as `rls-diary analyze`, periods, hover, click, redraw."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from diary import cli
from diary.demo import write_demo
from diary.records import Night
from tests.gui.conftest import TODAY
from tests.gui.pages_helpers import shown_insights

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=3, years=2, end=TODAY - timedelta(1))
    return path


def severity_points(page) -> np.ndarray:
    fig = page.views[0].figure()
    layer = next(layer for layer in fig.night_layers if layer.points.get_gid() == "severity")
    return layer.dates


def test_headline_is_the_best_response_of_analyze(
    make_window, tmp_path: Path, capsys, qtbot
) -> None:
    # A demo whose two years show the relation beyond what time alone explains (the seed-3
    # demo of the other tests does not, and rightly gets no value).
    demo_path = tmp_path / "demo-1.sqlite"
    write_demo(demo_path, seed=1, years=2, end=TODAY - timedelta(1))
    assert cli.main(["--diary", str(demo_path), "analyze", "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)["best_response"]
    assert expected["ferritin"] is not None
    window = make_window(demo_path)
    page = shown_insights(window, qtbot)
    text = page.headline.text()
    assert f"{expected['ferritin']:.0f} ng/mL" in text
    assert f"range {expected['low']:.0f}–{expected['high']:.0f}" in text
    findings = page.findings.toPlainText()
    assert f"about {expected['ferritin']:.0f} ng/mL" in findings
    assert "does not replace your clinician" in findings


def test_changing_the_period_redraws(make_window, demo_path: Path, qtbot) -> None:
    window = make_window(demo_path)
    page = shown_insights(window, qtbot)
    assert page.period_box.currentText() == "Last year"
    year = severity_points(page)
    assert year.min() >= np.datetime64(TODAY - timedelta(366))
    page.select_period("Last 3 months")
    quarter = severity_points(page)
    assert 80 <= len(quarter) <= 92 < len(year)
    assert quarter.min() >= np.datetime64(TODAY - timedelta(93))
    page.select_period("All")
    assert len(severity_points(page)) == window.diary.counts()["nights"]
    page.select_period("Custom…")
    assert page.from_edit.isVisible()
    assert page.to_edit.isVisible()
    page.set_custom_period(date(2025, 6, 1), date(2025, 6, 10))
    assert severity_points(page).tolist() == [date(2025, 6, d) for d in range(1, 11)]


def test_each_chart_tab_draws_on_demand(make_window, demo_path: Path, qtbot) -> None:
    window = make_window(demo_path)
    page = shown_insights(window, qtbot)
    assert list(page.views) == [0]  # only the visible chart is built
    for kind in ("ferritin_response", "after_infusion", "sleep"):
        view = page.show_chart(kind)
        assert view.figure().chart_kind == kind
        qtbot.waitUntil(view.canvas.isVisible, timeout=2000)


def drawn_at_its_size(view) -> bool:
    """The canvas is shown, its figure has the canvas' size, and it was drawn at that size
    (so the axes' transforms are the ones a mouse event on the canvas meets)."""
    canvas = view.canvas
    if canvas is None or not canvas.isVisible():
        return False
    fig, ratio = canvas.figure, canvas.device_pixel_ratio
    return (
        abs(fig.bbox.width - canvas.width() * ratio) < 1
        and abs(fig.bbox.height - canvas.height() * ratio) < 1
        and not fig.stale
    )


def wait_drawn(qtbot, view) -> None:
    """Wait until the chart is drawn at the size its canvas has now."""

    def settled() -> bool:
        QApplication.sendPostedEvents()  # pending layout requests and resizes go first
        QApplication.processEvents()  # then the redraw they ask for
        return drawn_at_its_size(view)

    qtbot.waitUntil(settled, timeout=5000)


def mouse(canvas, kind: QEvent.Type, pos: QPointF, button=Qt.MouseButton.NoButton) -> None:
    """A mouse event delivered straight to the canvas (no cursor, so no screen edge)."""
    buttons = button if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(canvas, event)


def click_point(qtbot, view, gid: str, index: int, button=Qt.MouseButton.LeftButton) -> None:
    """Move onto and click a chart point where the drawn chart puts it (its own
    data-to-display transform), with no event in between that could move the layout."""
    wait_drawn(qtbot, view)
    fig = view.figure()
    layer = next(layer for layer in fig.night_layers if layer.points.get_gid() == gid)
    x, y = layer.points.get_offset_transform().transform(layer.points.get_offsets()[index])
    ratio = view.canvas.device_pixel_ratio
    pos = QPointF(x / ratio, (fig.bbox.height - y) / ratio)
    mouse(view.canvas, QEvent.Type.MouseMove, pos)
    mouse(view.canvas, QEvent.Type.MouseButtonPress, pos, button)
    mouse(view.canvas, QEvent.Type.MouseButtonRelease, pos, button)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
def test_clicking_a_night_opens_it(make_window, demo_path: Path, qtbot) -> None:
    window = make_window(demo_path)
    page = shown_insights(window, qtbot)
    view = page.views[0]
    dates = severity_points(page)
    target = date.fromisoformat(str(dates[len(dates) // 2]))
    click_point(qtbot, view, "severity", len(dates) // 2)
    assert window.current_key() == "night"
    assert window.page("night").editing == target


@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
def test_hovering_a_night_tells_its_values(make_window, demo_path: Path, qtbot) -> None:
    window = make_window(demo_path)
    page = shown_insights(window, qtbot)
    view = page.show_chart("ferritin_response")
    seen: list[date] = []
    view.night_clicked.connect(seen.append)
    click_point(qtbot, view, "nights", 10)
    assert view._hovered is not None
    assert seen == [view._hovered]
    text = page.describe_night(view._hovered)
    s = page.analysis.series
    i = int(np.searchsorted(s.dates, np.datetime64(view._hovered)))
    assert f"RLS severity {s.severity[i]:.0f} of 10" in text
    assert f"ferritin ≈ {s.ferritin[i]:.0f} ng/mL" in text


def test_saving_a_night_redraws(make_window, diary_path: Path, qtbot) -> None:
    window = make_window(diary_path)
    page = shown_insights(window, qtbot)
    fig = page.views[0].figure()
    assert fig.message is not None
    assert "no nights logged" in fig.message
    assert "none yet" in page.headline.text()
    for i in range(3):
        window.model.save_night(Night(TODAY - timedelta(i + 1), 5, 7.0))
    qtbot.waitUntil(lambda: page.views[0].figure() is not fig, timeout=2000)
    assert len(severity_points(page)) == 3
    assert "3 nights" in page.findings.toPlainText()


def test_window_start_leaves_matplotlib_unloaded(demo_path: Path, tmp_path: Path) -> None:
    code = f"""
import sys
from datetime import date
from diary.ui import build_window
from diary.ui.settings import AppSettings
from diary.ui.app import ensure_app
app = ensure_app()
window = build_window({str(demo_path)!r}, settings=AppSettings.at({str(tmp_path / "s.ini")!r}),
                      today=lambda: date({TODAY.year}, {TODAY.month}, {TODAY.day}))
app.processEvents()
assert window.isVisible()
assert 'matplotlib' not in sys.modules, 'matplotlib loaded at start-up'
window.show_page('insights')
app.processEvents()
assert 'matplotlib' in sys.modules
window.close()
print('ok')
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RLS_DIARY_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


def test_chart_text_follows_the_text_size(make_window, demo_path: Path, qtbot) -> None:
    window = make_window(demo_path)
    page = shown_insights(window, qtbot)
    before = page.views[0].figure().texts[0].get_fontsize()
    window.set_text_size(200)
    qtbot.waitUntil(lambda: page.views[0].figure().texts[0].get_fontsize() > before, timeout=2000)
    assert page.views[0].figure().texts[0].get_fontsize() == pytest.approx(before * 2**0.8)


@pytest.mark.parametrize("percent", [100, 150, 200])
def test_timeline_rows_keep_room_for_their_labels_at_larger_text(
    make_window, demo_path: Path, qtbot, percent: int
) -> None:
    window = make_window(demo_path)
    window.resize(1024, 768)
    window.set_text_size(percent)
    page = shown_insights(window, qtbot)
    qtbot.waitUntil(lambda: 0 in page.views, timeout=2000)
    wait_drawn(qtbot, page.views[0])  # the canvas has its size, and the figure is drawn at it
    figure = page.views[0].figure()
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        ticks = [t for t in ax.get_yticklabels() if t.get_text()]
        if len(ticks) < 2:
            continue  # the band row names its medicines, not a scale
        boxes = sorted((t.get_window_extent(renderer) for t in ticks), key=lambda b: b.y0)
        for lower, upper in itertools.pairwise(boxes):
            assert upper.y0 >= lower.y1 - 1, f"tick labels overlap on {ax.get_ylabel()!r}"


@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
def test_hovering_a_group_mean_names_the_group_not_a_night(
    make_window, demo_path: Path, qtbot
) -> None:
    window = make_window(demo_path)
    page = window.show_page("insights")
    view = page.show_chart("ferritin_response")
    wait_drawn(qtbot, view)
    fig = view.figure()
    groups = page.analysis.best_response.groups
    assert fig.group_marks is not None
    assert groups
    # The first group's mean, where the drawn chart puts it (its own transform).
    x, y = fig.group_marks.get_transform().transform(np.asarray(fig.group_marks.get_xydata())[0])
    ratio = view.canvas.device_pixel_ratio
    mouse(view.canvas, QEvent.Type.MouseMove, QPointF(x / ratio, (fig.bbox.height - y) / ratio))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    said = " ".join(QToolTip.text().split())
    g = groups[0]
    assert said.startswith(f"Ferritin {g.low:.0f}–{g.high:.0f} ng/mL, the whole diary")
    assert f"mean RLS severity {g.mean_severity:.1f}" in said
    assert f"{g.nights} nights" in said
    assert view._hovered is None  # no night is named for the group
    QToolTip.hideText()
