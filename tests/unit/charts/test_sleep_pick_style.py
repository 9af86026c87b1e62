"""Sleep chart, finding the night under the pointer, date labels, and legibility rules."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.lines import Line2D

from diary.analysis import Analysis
from diary.charts import after_infusion, ferritin_response, sleep, timeline
from diary.charts.base import ChartFigure, dnum1
from diary.charts.pick import night_at, night_summary
from diary.charts.style import DateLabels, Style
from diary.records import DiaryContents
from tests.unit.charts.conftest import SMALL_START, by_gid, draw, one

D = [SMALL_START + timedelta(i) for i in range(40)]


def test_sleep_hours_efficiency_and_calm_but_short(small: tuple[DiaryContents, Analysis]) -> None:
    _, a = small
    fig = draw(sleep.build(a))
    hours = np.asarray(one(fig, "sleep").get_offsets())  # type: ignore[attr-defined]
    assert hours[:, 1].tolist() == [4.0 if i == 2 else 7.0 for i in range(40)]
    eff = np.asarray(one(fig, "efficiency").get_offsets())  # type: ignore[attr-defined]
    assert eff[2, 1] == pytest.approx(50.0)
    assert eff[0, 1] == pytest.approx(87.5)
    odd = np.asarray(one(fig, "calm-short").get_offsets())  # type: ignore[attr-defined]
    assert odd.tolist() == [[dnum1(D[2]), 4.0]]  # severity 2, 4 hours asleep


def test_sleep_chart_over_a_demo_period(demo: tuple[DiaryContents, Analysis]) -> None:
    _, a = demo
    fig = draw(sleep.build(a, (a.last_night - timedelta(90), a.last_night)))  # type: ignore[operator]
    assert by_gid(fig, "sleep")


def pixel(fig: ChartFigure, gid: str, i: int) -> tuple[float, float]:
    pts = one(fig, gid)
    xy = pts.get_offset_transform().transform(pts.get_offsets()[i])  # type: ignore[attr-defined]
    return float(xy[0]), float(xy[1])


def test_pointer_finds_the_night_on_time_charts(small: tuple[DiaryContents, Analysis]) -> None:
    contents, a = small
    fig = draw(timeline.build(a, contents))
    x, y = pixel(fig, "severity", 5)
    assert night_at(fig, x, y) == D[5]
    assert night_at(fig, x + 1, y + 25) == D[5]  # any height on the same date
    assert night_at(fig, 2, 2) is None  # the figure's corner, outside every axes


def test_pointer_needs_the_point_on_the_ferritin_chart(
    demo: tuple[DiaryContents, Analysis],
) -> None:
    _, a = demo
    fig = draw(ferritin_response.build(a))
    x, y = pixel(fig, "nights", 100)
    found = night_at(fig, x, y)
    assert found is not None
    s = a.series
    i = int(np.searchsorted(s.dates, np.datetime64(found)))
    assert s.ferritin[i] == pytest.approx(one(fig, "nights").get_offsets()[100][0])  # type: ignore[attr-defined]


def test_night_summary_in_words(small: tuple[DiaryContents, Analysis]) -> None:
    _, a = small
    text = night_summary(a, D[10], lambda d: d.isoformat())
    assert text.splitlines()[0] == "2025-01-11"
    assert "RLS severity 0 of 10, 7.0 h asleep, sleep efficiency 88 %" in text
    assert "ferritin ≈ 70 ng/mL (interpolated)" in text
    assert "no night logged" in night_summary(a, date(2024, 1, 1), str)


def test_date_labels_follow_the_locale_months_and_order() -> None:
    months = (
        "jan",
        "fév",
        "mar",
        "avr",
        "mai",
        "juin",
        "juil",
        "août",
        "sept",
        "oct",
        "nov",
        "déc",
    )
    fr = DateLabels(Style(month_names=months, day_first=True))
    days = [dnum1(date(2025, 12, 1)) + 7 * i for i in range(4)]
    assert fr.format_ticks(days) == ["1 déc\n2025", "8 déc", "15 déc", "22 déc"]
    us = DateLabels(Style(day_first=False))
    assert us.format_ticks(days)[0] == "Dec 1\n2025"
    monthly = [dnum1(date(2025, m, 1)) for m in (11, 12)] + [dnum1(date(2026, 1, 1))]
    assert fr.format_ticks(monthly) == ["nov\n2025", "déc", "jan\n2026"]
    assert Style(day_first=False).day(date(2026, 3, 9)) == "Mar 9, 2026"


def test_text_follows_the_text_size(small: tuple[DiaryContents, Analysis]) -> None:
    contents, a = small
    normal = draw(timeline.build(a, contents))
    large = draw(timeline.build(a, contents, style=Style(text_scale=2.0)))
    assert large.axes[0].get_ylabel() == normal.axes[0].get_ylabel()
    size = normal.axes[0].yaxis.label.get_fontsize()
    assert large.axes[0].yaxis.label.get_fontsize() == pytest.approx(2 * size)
    # The larger text gets a larger margin: the axes start further right.
    assert large.axes[0].get_position().x0 > normal.axes[0].get_position().x0


@pytest.mark.parametrize("kind", ["timeline", "sleep", "ferritin_response", "after_infusion"])
def test_every_legend_line_differs_by_more_than_colour(
    kind: str, demo: tuple[DiaryContents, Analysis]
) -> None:
    contents, a = demo
    fig = draw(
        {
            "timeline": lambda: timeline.build(a, contents),
            "sleep": lambda: sleep.build(a),
            "ferritin_response": lambda: ferritin_response.build(a),
            "after_infusion": lambda: after_infusion.build(a),
        }[kind]()
    )
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        lines = [h for h in legend.legend_handles if isinstance(h, Line2D)]
        looks = [(str(h.get_linestyle()), str(h.get_marker())) for h in lines]
        assert len(looks) == len(set(looks)), looks
        for text in legend.get_texts():
            assert text.get_text()
    for ax in fig.axes:
        if any(str(a.get_gid()).startswith("band:") for a in ax.get_children()):
            continue  # the intake rows are labelled by name
        assert "(" in ax.get_ylabel() + ax.get_xlabel(), "an axis without its unit"


def test_charts_never_import_qt() -> None:
    code = (
        "import sys; import diary.charts.timeline, diary.charts.sleep, "
        "diary.charts.ferritin_response, diary.charts.after_infusion, diary.charts.pick; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')]; "
        "assert 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_venesections_are_marked_on_the_sleep_chart(
    small: tuple[DiaryContents, Analysis],
) -> None:
    from diary.charts import sleep as sleep_chart
    from tests.unit.charts.conftest import draw, one

    contents, a = small
    fig = draw(sleep_chart.build(a, venesections=[v.date for v in contents.venesections]))
    ven = one(fig, "venesections")
    assert [seg[0][0] for seg in ven.get_segments()] == [  # type: ignore[attr-defined]
        dnum1(v.date) for v in contents.venesections
    ]
    assert contents.venesections
    assert contents.venesections[0].date == D[30]
