"""Estimated ferritin night by night: interpolation, holds, the infusion break, inflammation."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from diary.analysis import Analysis, analyse
from diary.records import DiaryContents, Infusion, LabResult, Night
from tests.unit.analysis.analysis_synth import ferritin_lab

TODAY = date(2026, 12, 31)


def every_night(start: date, end: date, severity: int = 3) -> tuple[Night, ...]:
    return tuple(Night(start + timedelta(i), severity) for i in range((end - start).days + 1))


def on(a: Analysis, day: date) -> tuple[float | None, str]:
    """The estimated ferritin and its basis for the night of `day`, as the charts get them."""
    i = int(np.flatnonzero(a.series.dates == np.datetime64(day))[0])
    value = float(a.series.ferritin[i])
    return (None if np.isnan(value) else round(value, 6)), a.series.basis(i)


def test_interpolates_between_readings_and_holds_30_days_outside() -> None:
    labs = (ferritin_lab(date(2026, 1, 10), 100), ferritin_lab(date(2026, 2, 9), 160))
    a = analyse(DiaryContents(every_night(date(2025, 12, 1), date(2026, 4, 30)), labs), TODAY)
    assert on(a, date(2026, 1, 10)) == (100.0, "measured")
    assert on(a, date(2026, 1, 25)) == (130.0, "interpolated")
    assert on(a, date(2026, 1, 11)) == (102.0, "interpolated")
    assert on(a, date(2025, 12, 11)) == (100.0, "held before")  # 30 days before the first
    assert on(a, date(2025, 12, 10)) == (None, "")  # 31 days before
    assert on(a, date(2026, 3, 11)) == (160.0, "held after")  # 30 days after the last
    assert on(a, date(2026, 3, 12)) == (None, "")


def test_an_infusion_breaks_the_line() -> None:
    labs = (ferritin_lab(date(2026, 1, 1), 50), ferritin_lab(date(2026, 5, 30), 150))
    infusions = (Infusion(date(2026, 3, 1), "ferric_carboxymaltose", 1000.0),)
    contents = DiaryContents(
        every_night(date(2025, 12, 1), date(2026, 7, 31)), labs, infusions=infusions
    )
    a = analyse(contents, TODAY)
    # The level before the infusion holds up to it, however long that is.
    assert on(a, date(2026, 2, 28)) == (50.0, "held after")
    # Nothing from the infusion night until 30 days before the next reading...
    assert on(a, date(2026, 3, 1)) == (None, "")
    assert on(a, date(2026, 4, 29)) == (None, "")
    # ...which those 30 nights take.
    assert on(a, date(2026, 4, 30)) == (150.0, "post-infusion back-fill")
    assert on(a, date(2026, 5, 29)) == (150.0, "post-infusion back-fill")
    assert on(a, date(2026, 5, 30)) == (150.0, "measured")
    assert on(a, date(2026, 6, 29)) == (150.0, "held after")
    assert on(a, date(2026, 6, 30)) == (None, "")


def test_back_fill_never_reaches_before_the_infusion() -> None:
    # The first usable reading is at least 42 days after the infusion, so its 30 back-filled
    # nights start 12 days after it at the earliest; nothing crosses the infusion backwards.
    labs = (ferritin_lab(date(2026, 1, 1), 50), ferritin_lab(date(2026, 4, 24), 300))
    infusions = (Infusion(date(2026, 3, 13), "iron_sucrose", 500.0),)
    a = analyse(
        DiaryContents(every_night(date(2026, 1, 1), date(2026, 4, 30)), labs, infusions=infusions),
        TODAY,
    )
    assert on(a, date(2026, 3, 12)) == (50.0, "held after")
    assert on(a, date(2026, 3, 13)) == (None, "")
    assert on(a, date(2026, 3, 24)) == (None, "")
    assert on(a, date(2026, 3, 25)) == (300.0, "post-infusion back-fill")
    assert on(a, date(2026, 4, 23)) == (300.0, "post-infusion back-fill")


def test_readings_during_a_course_and_6_weeks_after_are_shown_but_not_used() -> None:
    """Serum ferritin overshoots after an infusion: a reading 10 days after the last dose of
    a split course (2 x 750 mg a week apart) must not feed the nightly estimates, and the
    course, not each dose, breaks the line."""
    labs = (
        ferritin_lab(date(2026, 1, 1), 50),
        ferritin_lab(date(2026, 3, 8), 900),  # between the two doses
        ferritin_lab(date(2026, 3, 18), 600),  # 10 days after the last dose: overshoot
        ferritin_lab(date(2026, 4, 19), 250),  # 42 days after the last dose: used
    )
    infusions = (
        Infusion(date(2026, 3, 1), "ferric_carboxymaltose", 750.0),
        Infusion(date(2026, 3, 8), "ferric_carboxymaltose", 750.0),
    )
    a = analyse(
        DiaryContents(every_night(date(2026, 1, 1), date(2026, 5, 31)), labs, infusions=infusions),
        TODAY,
    )
    left_out = {(r.date, r.value): r.excluded_reason for r in a.readings if not r.used}
    assert set(left_out) == {(date(2026, 3, 8), 900.0), (date(2026, 3, 18), 600.0)}
    assert all("infusion course" in reason for reason in left_out.values())
    assert on(a, date(2026, 2, 28)) == (50.0, "held after")  # up to the course's first dose
    assert on(a, date(2026, 3, 1)) == (None, "")
    assert on(a, date(2026, 3, 18)) == (None, "")  # the overshoot reading gives no value
    assert on(a, date(2026, 3, 19)) == (None, "")
    assert on(a, date(2026, 3, 20)) == (250.0, "post-infusion back-fill")
    assert on(a, date(2026, 4, 19)) == (250.0, "measured")
    assert a.latest_ferritin is not None
    assert a.latest_ferritin.value == 250.0


def test_a_reading_on_the_infusion_day_was_drawn_before_it() -> None:
    labs = (
        ferritin_lab(date(2026, 1, 1), 50),
        ferritin_lab(date(2026, 3, 2), 80),
        ferritin_lab(date(2026, 6, 1), 170),
    )
    infusions = (Infusion(date(2026, 3, 2), "ferric_derisomaltose", 1000.0),)
    a = analyse(
        DiaryContents(every_night(date(2026, 1, 1), date(2026, 6, 30)), labs, infusions=infusions),
        TODAY,
    )
    assert on(a, date(2026, 1, 31)) == (65.0, "interpolated")  # the line to it is unbroken
    assert on(a, date(2026, 3, 2)) == (80.0, "measured")
    assert on(a, date(2026, 3, 3)) == (None, "")


def test_response_windows_cover_the_infusion_day_to_42_days_after() -> None:
    infusions = (Infusion(date(2026, 3, 1), "ferric_carboxymaltose", 1000.0),)
    a = analyse(
        DiaryContents(every_night(date(2026, 2, 1), date(2026, 5, 1)), infusions=infusions), TODAY
    )
    window = a.series.dates[a.series.in_response_window]
    assert window[0] == np.datetime64("2026-03-01")
    assert window[-1] == np.datetime64("2026-04-12")
    assert len(window) == 43
    assert a.response_windows == ((date(2026, 3, 1), date(2026, 4, 12)),)


def test_a_reading_marked_inflammation_is_shown_but_not_used() -> None:
    labs = (
        ferritin_lab(date(2026, 1, 1), 100),
        ferritin_lab(date(2026, 1, 31), 400, inflammation=True),
        ferritin_lab(date(2026, 3, 2), 160),
    )
    a = analyse(DiaryContents(every_night(date(2026, 1, 1), date(2026, 3, 2)), labs), TODAY)
    assert on(a, date(2026, 1, 31)) == (130.0, "interpolated")
    [excluded] = [r for r in a.readings if not r.used]
    assert (excluded.date, excluded.value) == (date(2026, 1, 31), 400.0)
    assert "inflammation" in excluded.excluded_reason


def test_a_high_crp_on_the_same_day_excludes_the_ferritin_in_any_unit() -> None:
    def crp(value: float, unit: str) -> LabResult:
        return LabResult(date(2026, 1, 31), "crp", value, unit)

    base = (ferritin_lab(date(2026, 1, 1), 100), ferritin_lab(date(2026, 3, 2), 160))
    spike = ferritin_lab(date(2026, 1, 31), 400)
    nights = every_night(date(2026, 1, 1), date(2026, 3, 2))
    for extra, used in [
        (crp(12.0, "mg/L"), False),
        (crp(1.2, "mg/dL"), False),  # 12 mg/L
        (crp(3.0, "mg/L"), True),
        (crp(5.0, "mg/L"), True),  # at the limit is not above it
    ]:
        a = analyse(DiaryContents(nights, (*base, spike, extra)), TODAY)
        assert on(a, date(2026, 1, 31)) == (
            (400.0, "measured") if used else (130.0, "interpolated")
        ), extra
        assert [r.used for r in a.readings if r.date == date(2026, 1, 31)] == [used]


def test_readings_in_ug_per_litre_count_as_ng_per_ml_and_same_day_readings_average() -> None:
    labs = (
        LabResult(date(2026, 1, 1), "ferritin", 90.0, "ug/L"),
        LabResult(date(2026, 1, 1), "ferritin", 110.0, "ng/mL"),
    )
    a = analyse(DiaryContents(every_night(date(2026, 1, 1), date(2026, 1, 5)), labs), TODAY)
    assert on(a, date(2026, 1, 1)) == (100.0, "measured")
    assert on(a, date(2026, 1, 5)) == (100.0, "held after")
