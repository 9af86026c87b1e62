"""Insights: the period chosen changes "What the diary shows"; a young diary opens on all of it."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from diary.demo import write_demo
from diary.records import Night
from diary.store.gateway import Diary
from tests.gui.conftest import TODAY, fixed_today


def _text(page) -> str:
    return " ".join(page.findings.toPlainText().split())


def test_the_period_changes_what_the_diary_shows(make_window, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=3, years=2, end=TODAY - timedelta(1))
    window = make_window(path)
    page = window.show_page("insights")
    qtbot.waitUntil(lambda: page.analysis is not None)
    assert page.period_box.currentText() == "Last year"
    year = _text(page)
    page.select_period("Last 3 months")
    three = _text(page)
    assert three != year
    assert "This period: " in three
    assert "between 6 Dec 2025 and 5 Mar 2026" in three
    nights = int(re.search(r"This period: (\d+) nights", three).group(1))
    in_diary = window.model.diary.nights(date(2025, 12, 6), TODAY)
    assert nights == len(in_diary)
    assert "The whole diary:" in three  # the rest is said to be about every night
    page.select_period("All")
    assert "This period" not in _text(page)


def test_a_young_diary_opens_on_all_its_nights(make_window, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "young.sqlite"
    with Diary.open(path, create=True, today=fixed_today, auto_backup=False) as diary:
        for back in (1, 2, 3):
            diary.save_night(Night(TODAY - timedelta(back), 4), [], [])
    window = make_window(path)
    page = window.show_page("insights")
    qtbot.waitUntil(lambda: page.analysis is not None)
    assert page.period_box.currentText() == "All"
    assert page.period() is None


def test_the_findings_keep_ten_lines_in_view(make_window, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=3, years=2, end=TODAY - timedelta(1))
    window = make_window(path)
    page = window.show_page("insights")
    qtbot.waitUntil(lambda: page.analysis is not None)
    qtbot.waitUntil(lambda: page.findings.isVisible())
    lines = page.findings.viewport().height() / page.findings.fontMetrics().lineSpacing()
    assert lines >= 10


def test_charts_follow_the_dark_theme_on_screen_but_paper_stays_white(
    make_window, tmp_path: Path, qtbot, qapp
) -> None:
    from matplotlib.colors import to_rgb

    from diary.charts import timeline
    from diary.ui.theme import apply_scheme

    def lightness(colour) -> float:
        return sum(to_rgb(colour)) / 3

    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=3, years=2, end=TODAY - timedelta(1))
    window = make_window(path)
    page = window.show_page("insights")
    qtbot.waitUntil(lambda: page.views.get(0) is not None and page.views[0].figure() is not None)
    assert lightness(page.views[0].figure().get_facecolor()) > 0.9
    apply_scheme(qapp, "dark")
    try:
        qtbot.waitUntil(lambda: lightness(page.views[0].figure().get_facecolor()) < 0.3)
        title = page.views[0].figure().texts[0]
        assert lightness(title.get_color()) > 0.7  # light text on the dark chart
        paper = timeline.build(page.analysis, page.contents)  # what the report draws
        assert lightness(paper.get_facecolor()) > 0.9
    finally:
        apply_scheme(qapp, "light")


def test_text_size_200_then_100_restores_the_show_box(make_window, tmp_path: Path, qtbot, qapp):
    from diary.ui.text_size import apply_text_size

    window = make_window(tmp_path / "d.sqlite")
    page = window.show_page("insights")
    qtbot.waitUntil(lambda: page.analysis is not None)
    before = page.period_box.width()
    apply_text_size(qapp, 200)
    qtbot.waitUntil(lambda: page.period_box.width() > before * 1.4)
    apply_text_size(qapp, 100)
    qtbot.waitUntil(lambda: page.period_box.width() == before)


def test_check_boxes_grow_with_the_text(make_window, tmp_path: Path, qtbot, qapp):
    from PySide6.QtWidgets import QStyle

    from diary.ui.text_size import apply_text_size
    from diary.ui.theme import apply_theme

    apply_theme(qapp)
    window = make_window(tmp_path / "d.sqlite")
    box = window.show_page("night").for_doctor
    metric = QStyle.PixelMetric.PM_IndicatorWidth
    small = box.style().pixelMetric(metric, None, box)
    apply_text_size(qapp, 200)
    qtbot.waitUntil(lambda: box.style().pixelMetric(metric, None, box) >= small * 1.6)
    apply_text_size(qapp, 100)
    qtbot.waitUntil(lambda: box.style().pixelMetric(metric, None, box) == small)
