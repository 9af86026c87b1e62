"""The timeline shows the analysis' numbers: nights, estimates, windows, events, intake bands."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.lines import Line2D

from diary.analysis import Analysis, analyse
from diary.charts import timeline
from diary.charts.base import dnum, dnum1, rolling_mean, runs
from diary.charts.intake_bands import intake_rows
from diary.records import DiaryContents, Night
from tests.unit.charts.conftest import SMALL_START, by_gid, draw, one

D = [SMALL_START + timedelta(i) for i in range(40)]


def x_spans(coll: PolyCollection) -> list[tuple[float, float]]:
    return sorted(
        (float(p.vertices[:, 0].min()), float(p.vertices[:, 0].max())) for p in coll.get_paths()
    )


def test_every_night_is_a_point_at_its_severity(small: tuple[DiaryContents, Analysis]) -> None:
    contents, a = small
    fig = draw(timeline.build(a, contents))
    pts = one(fig, "severity")
    assert isinstance(pts, PathCollection)
    xy = np.asarray(pts.get_offsets())
    assert xy[:, 0].tolist() == dnum(a.series.dates).tolist()
    assert xy[:, 1].tolist() == [i % 10 for i in range(40)]


def test_period_shows_only_its_nights_and_limits(small: tuple[DiaryContents, Analysis]) -> None:
    contents, a = small
    fig = draw(timeline.build(a, contents, (D[10], D[19])))
    xy = np.asarray(one(fig, "severity").get_offsets())  # type: ignore[attr-defined]
    assert xy[:, 0].tolist() == [dnum1(D[i]) for i in range(10, 20)]
    lo, hi = fig.axes[0].get_xlim()
    assert lo == dnum1(D[9])
    assert hi == dnum1(D[20])
    assert not by_gid(fig, "infusions")  # the infusion on day 25 is outside the period


def test_seven_night_average_is_the_mean_of_the_last_seven_days() -> None:
    days = np.array([np.datetime64("2025-01-01") + i for i in range(10)])
    values = np.arange(10, dtype=float)
    avg = rolling_mean(days, values)
    assert np.isnan(avg[:3]).all()  # fewer than 4 nights recorded
    assert avg[3] == pytest.approx(1.5)  # days 0..3
    assert avg[9] == pytest.approx(6.0)  # days 3..9
    gaps = np.array([days[0], days[0] + 3, days[0] + 4, days[0] + 5, days[0] + 6, days[0] + 9])
    assert rolling_mean(gaps, np.array([1.0, 2, 3, 4, 5, 6]))[-1] == pytest.approx(4.0)  # 3..9


def test_estimated_ferritin_line_is_the_analysis_estimate(
    small: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = small
    fig = draw(timeline.build(a, contents))
    line = one(fig, "ferritin-estimate")
    assert isinstance(line, Line2D)
    y = np.asarray(line.get_ydata(), dtype=float)
    assert y[0] == 50
    assert y[10] == 70
    assert y[20] == 90
    assert y[24] == 90
    assert np.isnan(y[25:]).all()  # nothing is estimated after the infusion without a test
    readings = np.asarray(one(fig, "ferritin-readings").get_offsets())  # type: ignore[attr-defined]
    assert readings.tolist() == [[dnum1(D[0]), 50.0], [dnum1(D[20]), 90.0]]
    tsat = np.asarray(one(fig, "tsat").get_xydata())  # type: ignore[attr-defined]
    assert tsat[:, 0].tolist() == [dnum1(D[20])]
    assert tsat[:, 1] * fig.scales["tsat"] == pytest.approx([18.0])
    labels = [t.get_text() for t in by_gid(fig, "tsat-label")]
    assert labels == ["0", "20", "40", "60"]  # the TSAT scale on the right, in %
    for label in by_gid(fig, "tsat-label"):
        y = label.get_position()[1]  # type: ignore[attr-defined]
        assert y * fig.scales["tsat"] == pytest.approx(float(label.get_text()))  # type: ignore[attr-defined]


def test_infusion_window_and_venesection_are_marked(small: tuple[DiaryContents, Analysis]) -> None:
    contents, a = small
    fig = draw(timeline.build(a, contents))
    windows = one(fig, "response-windows")
    assert isinstance(windows, PolyCollection)
    assert x_spans(windows) == [(dnum1(D[25]), dnum1(D[25] + timedelta(42)))]
    assert a.response_windows == ((D[25], D[25] + timedelta(42)),)
    infusions = one(fig, "infusions")
    assert isinstance(infusions, LineCollection)
    assert [seg[0][0] for seg in infusions.get_segments()] == [dnum1(D[25])]
    ven = one(fig, "venesections")
    assert [seg[0][0] for seg in ven.get_segments()] == [dnum1(D[30])]  # type: ignore[attr-defined]


def test_medicines_and_iron_are_bands_of_the_days_taken(
    small: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = small
    rows = intake_rows(contents, None)
    o = D[0].toordinal()
    assert rows == [("Gabapentin", [(o, 10), (o + 15, 5)]), ("Ferrous sulfate", [(o + 5, 3)])]
    fig = draw(timeline.build(a, contents))
    band = one(fig, "band:Gabapentin")
    assert x_spans(band) == [
        (dnum1(D[0]) - 0.5, dnum1(D[9]) + 0.5),  # type: ignore[arg-type]
        (dnum1(D[15]) - 0.5, dnum1(D[19]) + 0.5),
    ]
    labels = [t.get_text() for t in fig.axes[3].get_yticklabels()]
    assert labels == ["Gabapentin", "Ferrous sulfate"]
    assert intake_rows(contents, (D[12], D[16])) == [("Gabapentin", [(o + 15, 2)])]


def test_runs_of_consecutive_days() -> None:
    assert runs(np.array([1, 2, 3, 7, 9, 10])) == [(1, 3), (7, 1), (9, 2)]
    assert runs(np.array([], dtype=np.int64)) == []


def test_demo_best_response_line_and_all_readings(demo: tuple[DiaryContents, Analysis]) -> None:
    contents, a = demo
    fig = draw(timeline.build(a, contents))
    assert a.best_response.ferritin is not None
    line = one(fig, "best-response")
    assert list(line.get_ydata()) == [a.best_response.ferritin] * 2  # type: ignore[attr-defined]
    used = [r for r in a.readings if r.used]
    xy = np.asarray(one(fig, "ferritin-readings").get_offsets())  # type: ignore[attr-defined]
    assert xy[:, 1].tolist() == [r.value for r in used]
    infusions = one(fig, "infusions")
    doses = sum(len(c.doses) for c in a.infusions)  # every dose of every course
    assert len(infusions.get_segments()) == doses  # type: ignore[attr-defined]


@pytest.mark.parametrize("nights", [0, 1])
def test_empty_or_one_night_diary_shows_a_message(nights: int) -> None:
    contents = DiaryContents(nights=tuple(Night(date(2025, 3, 1), 4) for _ in range(nights)))
    fig = draw(timeline.build(analyse(contents, date(2025, 3, 2)), contents))
    assert fig.message is not None
    assert ("no nights logged" if nights == 0 else "Only one night") in fig.message
    assert not [ax for ax in fig.axes if ax.get_visible()]  # no chart is shown


def test_long_periods_average_over_a_month_and_say_so(demo: tuple[DiaryContents, Analysis]) -> None:
    contents, a = demo
    last = date.fromisoformat(str(a.series.dates[-1]))
    year = draw(timeline.build(a, contents, (last - timedelta(365), last)))
    assert one(year, "severity-average").get_label() == "7-night average"
    whole = draw(timeline.build(a, contents))  # two years: a week's line would be a blur
    line = one(whole, "severity-average")
    assert line.get_label() == "30-night average"
    expected = rolling_mean(a.series.dates, a.series.severity, 30, 10)
    np.testing.assert_allclose(line.get_ydata(), expected, equal_nan=True)


def test_a_taper_shows_its_dose_steps(small: tuple[DiaryContents, Analysis]) -> None:
    from dataclasses import replace

    from diary.charts.intake_bands import dose_steps

    contents, a = small
    gaba = [d for d in contents.doses if d.medication == "gabapentin"]
    tapered = [
        replace(d, amount=900 if i < 4 else 600 if i < 10 else 300) for i, d in enumerate(gaba)
    ]
    others = [d for d in contents.doses if d.medication != "gabapentin"]
    contents = replace(contents, doses=tuple(others + tapered))
    o = D[0].toordinal()
    steps, unit = dose_steps(contents, None)["Gabapentin"]
    assert unit == "mg"
    assert [(s - o, n, amount) for s, n, amount in steps] == [
        (0, 4, 900.0),
        (4, 6, 600.0),
        (15, 5, 300.0),
    ]
    fig = draw(timeline.build(a, contents))
    texts = [t.get_text() for t in fig.axes[3].texts if t.get_gid() == "step:Gabapentin"]
    assert texts == ["900 mg", "600 mg", "300 mg"]
    band = one(fig, "band:Gabapentin")
    heights = [float(np.ptp(np.asarray(p.vertices)[:, 1])) for p in band.get_paths()]
    assert heights[0] > heights[1] > heights[2] > 0  # 900 > 600 > 300, drawn in proportion
    assert heights[0] / heights[2] == pytest.approx(3.0)
