"""Venesections on every chart, and the ferritin trend across a venesection programme."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from diary.analysis import Analysis, analyse
from diary.charts import after_infusion, ferritin_response, sleep, timeline
from diary.charts.base import dnum1
from diary.charts.style import VENESECTION
from diary.records import DiaryContents, Infusion, LabResult, Night, Venesection
from diary.report.figures import PRINT_STYLE, print_figure
from tests.unit.charts.conftest import draw, one

START = date(2025, 1, 1)
SESSIONS = [START + timedelta(14 + 28 * k) for k in range(6)]


def ferritin(day: date, value: float) -> LabResult:
    return LabResult(day, "ferritin", value, "ng/mL", canonical_value=value)


def programme() -> DiaryContents:
    """Six venesections 4 weeks apart, ferritin tested at each: 600, 500 ... 100 ng/mL."""
    nights = tuple(Night(START + timedelta(i), 3 + i % 4, sleep_hours=6.5) for i in range(200))
    return DiaryContents(
        nights=nights,
        labs=tuple(ferritin(d, 600.0 - 100 * k) for k, d in enumerate(SESSIONS)),
        venesections=tuple(Venesection(d, 450.0) for d in SESSIONS),
    )


@pytest.fixture(scope="module")
def patient() -> tuple[DiaryContents, Analysis]:
    contents = programme()
    return contents, analyse(contents, START + timedelta(200))


def venesection_xs(ax: object) -> list[float]:
    """The dates (date numbers) of the venesection lines drawn on one axes."""
    xs: list[float] = []
    for c in ax.collections:  # type: ignore[attr-defined]
        if isinstance(c, LineCollection) and np.allclose(c.get_colors()[0][:3], _rgb(VENESECTION)):
            xs += [float(seg[0][0]) for seg in c.get_segments()]
    return sorted(xs)


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def test_the_analysis_trend_carries_its_fitted_line(
    patient: tuple[DiaryContents, Analysis],
) -> None:
    _, a = patient
    t = a.trend
    assert t.venesections == 6
    assert t.fitted is not None
    first, start, last, end = t.fitted
    assert (first, last) == (SESSIONS[0], SESSIONS[-1])
    # Readings fall by exactly 100 every 28 days: the fitted line runs through them.
    assert start == pytest.approx(600.0)
    assert end == pytest.approx(100.0)
    assert t.slope_per_week == pytest.approx(-25.0)


def test_the_timeline_draws_the_programme_trend_on_the_ferritin_row(
    patient: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = patient
    fig = draw(timeline.build(a, contents))
    line = one(fig, "venesection-trend")
    assert isinstance(line, Line2D)
    assert line.axes is fig.axes[2]  # the ferritin row
    assert list(line.get_xdata()) == [dnum1(SESSIONS[0]), dnum1(SESSIONS[-1])]
    assert list(line.get_ydata()) == pytest.approx([600.0, 100.0])
    legend = [t.get_text() for t in fig.axes[2].get_legend().get_texts()]
    assert "ferritin trend across venesections (-25.0 ng/mL a week)" in legend


def test_no_programme_trend_without_venesections_in_its_span(
    demo: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = demo
    fig = draw(timeline.build(a, contents))
    assert not [x for x in fig.findobj() if x.get_gid() == "venesection-trend"]


def test_every_row_of_the_time_charts_marks_each_venesection(
    patient: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = patient
    dates = [v.date for v in contents.venesections]
    expected = [dnum1(d) for d in SESSIONS]
    for fig in (
        draw(timeline.build(a, contents)),
        draw(sleep.build(a, venesections=dates)),
        draw(print_figure("sleep", a, contents, (START, SESSIONS[-1]), 510.0, 270.0)),
    ):
        visible = [ax for ax in fig.axes if ax.get_visible()]
        assert visible
        for ax in visible:
            assert venesection_xs(ax) == pytest.approx(expected), ax.get_ylabel()
        assert one(fig, "venesections").get_label() == "venesection"


def test_after_an_infusion_marks_venesections_in_the_weeks_shown() -> None:
    contents = DiaryContents(
        nights=programme().nights,
        labs=(ferritin(START + timedelta(5), 40.0), ferritin(START + timedelta(80), 160.0)),
        infusions=(Infusion(START + timedelta(10), "ferric_carboxymaltose", 1000.0),),
        venesections=(Venesection(START + timedelta(66), 450.0),),
    )
    a = analyse(contents, START + timedelta(200))
    fig = draw(after_infusion.build(a, venesections=[v.date for v in contents.venesections]))
    lines = one(fig, "venesections")
    assert isinstance(lines, LineCollection)
    assert [float(s[0][0]) for s in lines.get_segments()] == [pytest.approx(56 / 7)]  # week 8


def test_the_ferritin_chart_says_how_many_venesections_it_cannot_place(
    patient: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = patient
    dates = [v.date for v in contents.venesections]
    for style in (None, PRINT_STYLE):
        fig = draw(ferritin_response.build(a, None, style, dates))
        note = " ".join(fig.footnote.get_text().split())  # type: ignore[union-attr]
        assert "6 venesections in this time: the timeline and sleep charts mark their dates." in (
            note
        )
    fig = draw(ferritin_response.build(a, (START, SESSIONS[0] - timedelta(1)), None, dates))
    assert "venesection" not in fig.footnote.get_text()  # type: ignore[union-attr]
