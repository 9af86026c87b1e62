"""'Did my infusion work?': the After-an-infusion chart shows RLS severity with ferritin, week by
week since the last dose of a split course, with the means before and in weeks 6-12, and a
week without nights left as a gap rather than bridged."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from matplotlib.lines import Line2D

from diary.analysis import analyse
from diary.charts import after_infusion
from diary.records import DiaryContents, Infusion, Night
from tests.unit.charts.conftest import draw, ferritin, one

FIRST = date(2025, 6, 2)
LAST = FIRST + timedelta(7)  # 2 x 750 mg a week apart
TODAY = date(2025, 11, 1)
SKIPPED = range(14, 28)  # nights 2 to 4 weeks after the last dose were not logged


def severity_on(i: int) -> int:
    """Days from the last dose -> severity: 6 before, 4 while settling, 1 from week 6."""
    return 6 if i < -7 else 4 if i < 42 else 1


def course() -> DiaryContents:
    days = [i for i in range(-40, 120) if i not in SKIPPED]
    nights = tuple(Night(LAST + timedelta(i), severity_on(i)) for i in days)
    labs = (ferritin(FIRST - timedelta(5), 40.0), ferritin(LAST + timedelta(56), 205.0))
    doses = tuple(Infusion(d, "ferric_carboxymaltose", 750.0) for d in (FIRST, LAST))
    return DiaryContents(nights=nights, labs=labs, infusions=doses)


def test_severity_is_drawn_under_ferritin_week_by_week_since_the_last_dose() -> None:
    a = analyse(course(), TODAY)
    fig = draw(after_infusion.build(a))
    ferritin_ax, severity_ax = fig.axes[:2]
    assert "ferritin" in ferritin_ax.get_ylabel()
    assert severity_ax.get_ylabel() == "RLS severity (0–10)"
    assert severity_ax.get_xlabel() == "weeks since the last dose"
    assert severity_ax.get_xlim() == ferritin_ax.get_xlim()  # the same weeks, one above the other

    line = one(fig, "severity-weekly")
    assert isinstance(line, Line2D)
    assert line.axes is severity_ax
    xs = np.asarray(line.get_xdata(), dtype=float)
    ys = np.asarray(line.get_ydata(), dtype=float)
    by_week = dict(zip(np.floor(xs).astype(int), ys, strict=True))
    assert by_week[-3] == 6.0  # the 4 weeks before the first dose
    assert by_week[-1] == 4.0  # between the doses
    assert by_week[1] == 4.0
    assert np.isnan(by_week[2])  # no nights logged: a gap, not a stroke across it
    assert np.isnan(by_week[3])
    assert by_week[6] == 1.0
    assert by_week[11] == 1.0


def test_the_before_and_weeks_6_to_12_means_are_the_courses_own() -> None:
    a = analyse(course(), TODAY)
    [c] = a.infusions
    assert (c.severity_before, c.severity_after) == (6.0, 1.0)
    fig = draw(after_infusion.build(a))
    before, after = one(fig, "severity-before"), one(fig, "severity-after")
    assert isinstance(before, Line2D)
    assert isinstance(after, Line2D)
    assert list(before.get_ydata()) == [6.0, 6.0]
    assert list(after.get_ydata()) == [1.0, 1.0]
    assert before.get_xdata()[0] == -5.0  # 4 weeks before the first dose, a week before the last
    assert list(after.get_xdata()) == [6.0, 12.0]
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "4 weeks before: 6.0" in labels
    assert "weeks 6–12: 1.0" in labels
    footnote = " ".join(" ".join(t.get_text() for t in fig.texts).split())
    assert "Severity 6.0 in the 4 weeks before, 1.0 in weeks 6–12." in footnote
