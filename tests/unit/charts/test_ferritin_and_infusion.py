"""Symptoms against ferritin and the after-infusion chart read back against the analysis."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from diary.analysis import Analysis, analyse
from diary.charts import after_infusion, ferritin_response
from diary.records import DiaryContents, Infusion, Night
from tests.unit.analysis.analysis_synth import plateau_patient
from tests.unit.charts.conftest import by_gid, draw, ferritin, one

TODAY = date(2025, 6, 1)


def x_range(span: Artist) -> tuple[float, float]:
    """The data x extent of an axvspan (a Rectangle in data x, axes y)."""
    assert isinstance(span, Rectangle)
    return (span.get_x(), span.get_x() + span.get_width())


@pytest.fixture(scope="module")
def plateau() -> Analysis:
    return analyse(plateau_patient(150.0), date(2025, 1, 1))


def test_nights_sit_at_their_estimated_ferritin(plateau: Analysis) -> None:
    fig = draw(ferritin_response.build(plateau))
    s = plateau.series
    xy = np.asarray(one(fig, "nights").get_offsets())  # type: ignore[attr-defined]
    used = s.used_for_best_response
    assert xy[:, 0].tolist() == s.ferritin[used].tolist()
    assert np.round(xy[:, 1]).tolist() == s.severity[used].tolist()  # spread stays < 0.5
    assert np.abs(xy[:, 1] - s.severity[used]).max() <= ferritin_response.JITTER


def test_group_means_and_best_response_are_the_analysis(plateau: Analysis) -> None:
    br = plateau.best_response
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert 120 <= br.ferritin <= 180  # the synthetic truth is 150
    fig = draw(ferritin_response.build(plateau))
    means = one(fig, "group-means")
    assert isinstance(means, Line2D)
    assert list(means.get_ydata()) == [g.mean_severity for g in br.groups]
    assert list(means.get_xdata()) == [(g.low + g.high) / 2 for g in br.groups]
    level = one(fig, "best-response")
    assert list(level.get_xdata()) == [br.ferritin] * 2  # type: ignore[attr-defined]
    assert x_range(one(fig, "best-response-range")) == (br.low, br.high)
    note = one(fig, "best-response-note")
    assert isinstance(note, Text)
    assert f"about {br.ferritin:.0f} ng/mL" in note.get_text()


def test_no_relation_shows_the_reason_and_no_level() -> None:
    a = analyse(plateau_patient(None), date(2025, 1, 1))
    assert a.best_response.ferritin is None
    fig = draw(ferritin_response.build(a))
    assert not by_gid(fig, "best-response")
    text = one(fig, "best-response-note").get_text()  # type: ignore[attr-defined]
    assert "No best-response level" in text
    assert "no clear relation" in text.replace("\n", " ")


def test_nights_without_any_ferritin_get_a_message() -> None:
    nights = tuple(Night(TODAY - timedelta(i), 3) for i in range(5))
    fig = draw(ferritin_response.build(analyse(DiaryContents(nights=nights), TODAY)))
    assert fig.message is not None
    assert "Blood tests page" in fig.message


def infusion_diary(with_nights: bool = True) -> DiaryContents:
    """1000 mg on 1 Jan 2025; ferritin 50 ten days before, then 158 / 150 / 142 at weeks
    8, 12 and 16 (falling 2 ng/mL a week)."""
    day0 = date(2025, 1, 1)
    labs = (
        ferritin(day0 - timedelta(10), 50.0),
        ferritin(day0 + timedelta(56), 158.0),
        ferritin(day0 + timedelta(84), 150.0),
        ferritin(day0 + timedelta(112), 142.0),
    )
    nights = tuple(Night(day0 + timedelta(i), 3) for i in range(0, 120)) if with_nights else ()
    return DiaryContents(
        nights=nights, labs=labs, infusions=(Infusion(day0, "ferric_carboxymaltose", 1000.0),)
    )


def test_after_infusion_shows_rise_band_checks_trend_and_300_line() -> None:
    a = analyse(infusion_diary(), TODAY)
    inf = a.infusions[0]
    fig = draw(after_infusion.build(a))
    before = one(fig, "ferritin-before")
    assert isinstance(before, Line2D)
    assert (list(before.get_xdata()), list(before.get_ydata())) == ([-10 / 7], [50.0])
    assert before.get_linestyle() == "None"  # not joined across the weeks not yet judged
    line = one(fig, "ferritin")
    assert isinstance(line, Line2D)
    assert list(line.get_xdata()) == [8.0, 12.0, 16.0]
    assert list(line.get_ydata()) == [158.0, 150.0, 142.0]
    band = one(fig, "expected-rise")
    ys = band.get_paths()[0].vertices[:, 1]  # type: ignore[attr-defined]
    assert (ys.min(), ys.max()) == (150.0, 170.0)  # 50 + 100..120
    assert inf.checks_done == (True, True, True)
    assert [a.get_gid() for a in fig.findobj(lambda a: str(a.get_gid()).startswith("check:"))] == [
        f"check:{d.isoformat()}:done" for d in inf.checks_due
    ]
    repeat = one(fig, "repeat-line")
    assert list(repeat.get_ydata()) == [300.0, 300.0]  # type: ignore[attr-defined]
    trend = one(fig, "trend")
    (x0, x1), (y0, y1) = trend.get_xdata(), trend.get_ydata()  # type: ignore[attr-defined]
    assert a.trend.slope_per_week == pytest.approx(-2.0)
    assert (y1 - y0) / (x1 - x0) == pytest.approx(-2.0)
    assert x_range(one(fig, "response-window")) == (0.0, 6.0)


def test_checks_not_yet_done_are_marked_due() -> None:
    contents = infusion_diary()
    contents = DiaryContents(
        nights=contents.nights, labs=contents.labs[:2], infusions=contents.infusions
    )
    a = analyse(contents, TODAY)
    fig = draw(after_infusion.build(a))
    gids = [a.get_gid() for a in fig.findobj(lambda a: str(a.get_gid()).startswith("check:"))]
    due = a.infusions[0].checks_due
    assert gids == [f"check:{due[0]}:done", f"check:{due[1]}:due", f"check:{due[2]}:due"]
    assert not by_gid(fig, "trend")  # one reading after week 6 is no trend


def test_no_infusion_gives_a_message(plateau: Analysis) -> None:
    fig = draw(after_infusion.build(plateau))
    assert fig.message is not None
    assert "No iron infusion" in fig.message


def test_demo_latest_infusion_in_period(demo: tuple[DiaryContents, Analysis]) -> None:
    _, a = demo
    assert a.infusions
    last = a.infusions[-1]
    fig = draw(after_infusion.build(a, (last.date - timedelta(30), last.date + timedelta(30))))
    assert fig.texts[0].get_text().startswith("After the infusion of")
    assert str(last.date.year) in fig.texts[0].get_text()
    before_first = (a.infusions[0].date - timedelta(60), a.infusions[0].date - timedelta(1))
    assert after_infusion.build(a, before_first).message is not None


def test_group_means_are_named_on_hover_and_the_note_keeps_off_the_range(
    demo: tuple[DiaryContents, Analysis],
) -> None:
    from diary.charts.pick import group_at
    from tests.unit.charts.conftest import draw, one

    _, a = demo
    fig = draw(ferritin_response.build(a))
    marks = one(fig, "group-means")
    assert isinstance(marks, Line2D)
    x, y = marks.get_transform().transform(np.asarray(marks.get_xydata())[0])
    g = a.best_response.groups[0]
    said = group_at(fig, x, y)
    assert said is not None
    assert said.startswith(f"Ferritin {g.low:.0f}–{g.high:.0f} ng/mL, the whole diary")
    assert f"{g.nights} nights" in said
    assert group_at(fig, x + 40, y + 40) is None

    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("over the whole diary" in t for t in legend)
    assert any(t.startswith("nights as good as the best") for t in legend)
    renderer = fig.canvas.get_renderer()
    note = one(fig, "best-response-note")
    span = one(fig, "best-response-range")
    assert not note.get_window_extent(renderer).overlaps(span.get_window_extent(renderer))
