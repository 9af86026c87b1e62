"""The After-an-infusion chart shows a course: every dose, weeks since the last, and no line
drawn across the weeks not yet judged."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.lines import Line2D

from diary.analysis import analyse
from diary.charts import after_infusion
from diary.records import DiaryContents, Infusion, LabResult, Night, Venesection
from tests.unit.charts.conftest import by_gid, draw, ferritin, one

FIRST = date(2025, 6, 2)
LAST = FIRST + timedelta(7)
TODAY = date(2025, 11, 1)


def split_course(extra_labs: tuple[LabResult, ...] = (), **kw: object) -> DiaryContents:
    """2 x 750 mg a week apart; ferritin 40 five days before, 420 at the overshoot 13 days
    after the last dose, then 205 / 196 / 188 at weeks 8, 12 and 16."""
    labs = (
        ferritin(FIRST - timedelta(5), 40.0),
        ferritin(LAST + timedelta(13), 420.0),
        ferritin(LAST + timedelta(56), 205.0),
        ferritin(LAST + timedelta(84), 196.0),
        ferritin(LAST + timedelta(112), 188.0),
        *extra_labs,
    )
    nights = tuple(Night(FIRST + timedelta(i), 6 if i < 40 else 2) for i in range(-40, 150))
    doses = (
        Infusion(FIRST, "ferric_carboxymaltose", 750.0),
        Infusion(LAST, "ferric_carboxymaltose", 750.0),
    )
    return DiaryContents(nights=nights, labs=labs, infusions=doses, **kw)  # type: ignore[arg-type]


def test_a_split_course_is_one_chart_in_weeks_since_its_last_dose() -> None:
    a = analyse(split_course(), TODAY)
    fig = draw(after_infusion.build(a))
    title = fig.texts[0].get_text()
    assert title == "After the course of 2 Jun 2025 to 9 Jun 2025 (2 × 750 mg)"
    doses = [one(fig, f"dose:{d.isoformat()}") for d in (FIRST, LAST)]
    assert [list(d.get_xdata()) for d in doses] == [[-1.0], [0.0]]  # type: ignore[attr-defined]
    legend = [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else []
    legend += [
        t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()
    ]
    assert "doses: 2 × 750 mg" in legend
    window = one(fig, "response-window")
    assert (window.get_x(), window.get_x() + window.get_width()) == (-1.0, 6.0)  # type: ignore[attr-defined]
    band = one(fig, "expected-rise")
    ys = band.get_paths()[0].vertices[:, 1]  # type: ignore[attr-defined]
    assert (ys.min(), ys.max()) == (190.0, 220.0)  # 40 + 150..180 for 1500 mg, not 750
    assert [g.get_gid() for g in fig.findobj(lambda x: str(x.get_gid()).startswith("check:"))] == [
        f"check:{(LAST + timedelta(d)).isoformat()}:done" for d in (56, 84, 112)
    ]
    assert fig.axes[-1].get_xlabel() == "weeks since the last dose"  # under the severity panel


def test_the_line_starts_at_week_6_and_the_overshoot_stands_alone() -> None:
    a = analyse(split_course(), TODAY)
    fig = draw(after_infusion.build(a))
    line = one(fig, "ferritin")
    assert isinstance(line, Line2D)
    assert list(line.get_xdata()) == [8.0, 12.0, 16.0]
    assert min(line.get_xdata()) >= after_infusion.JUDGE_WEEKS  # type: ignore[type-var]
    early = one(fig, "ferritin-early")
    assert isinstance(early, Line2D)
    assert (list(early.get_xdata()), list(early.get_ydata())) == ([13 / 7], [420.0])
    assert early.get_linestyle() == "None"
    before = one(fig, "ferritin-before")
    assert isinstance(before, Line2D)
    assert before.get_linestyle() == "None"
    assert list(before.get_xdata()) == [-12 / 7]
    footnote = " ".join(" ".join(t.get_text() for t in fig.texts).split())
    assert "Ferric carboxymaltose, 1500 mg in all. Before: 40 ng/mL." in footnote
    assert "Rise from week 6: +165 ng/mL (expected +150 to +180)" in footnote
    assert "Severity 6.0 in the 4 weeks before, 2.0 in weeks 6–12." in footnote


def test_the_300_line_is_drawn_only_where_the_rule_applies() -> None:
    shown = draw(after_infusion.build(analyse(split_course(), TODAY)))
    assert len(by_gid(shown, "repeat-line")) == 1
    with_venesection = split_course(venesections=(Venesection(date(2024, 1, 1), 450.0),))
    hidden = draw(after_infusion.build(analyse(with_venesection, TODAY)))
    assert by_gid(hidden, "repeat-line") == []
    high = split_course((ferritin(date(2024, 1, 1), 1200.0),))
    assert by_gid(draw(after_infusion.build(analyse(high, TODAY))), "repeat-line") == []
