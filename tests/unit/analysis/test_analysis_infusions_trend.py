"""Infusion numbers (expected/observed rise, judge-from, re-checks) and the iron trend."""
# Split courses, symptoms around a course and the 300 ng/mL rule have their own files.

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from diary.analysis import analyse, describe, to_json
from diary.analysis.ferritin import FerritinReading
from diary.analysis.trend import check_prompt, iron_trend
from diary.analysis.windows import infusion_courses
from diary.records import DiaryContents, Infusion, Night
from tests.unit.analysis.analysis_synth import ferritin_lab

TODAY = date(2026, 6, 30)  # the latest ferritin is under 6 months old (spec §7)
INFUSION = date(2026, 1, 10)


def infusion_diary(*extra_labs: tuple[date, float]) -> DiaryContents:
    labs = [
        ferritin_lab(date(2026, 1, 5), 40),  # before
        ferritin_lab(date(2026, 2, 1), 400),  # the early spike, before judge-from
        ferritin_lab(date(2026, 2, 21), 150),  # first reading from +42 days
        ferritin_lab(date(2026, 3, 7), 140),  # +56: the first check
        ferritin_lab(date(2026, 4, 8), 120),  # 4 days after +84: the second check
    ]
    labs += [ferritin_lab(d, v) for d, v in extra_labs]
    nights = tuple(Night(date(2026, 1, 1) + timedelta(i), 4) for i in range(120))
    return DiaryContents(
        nights, tuple(labs), infusions=(Infusion(INFUSION, "ferric_carboxymaltose", 1000.0),)
    )


def test_infusion_numbers_match_the_rules() -> None:
    out = to_json(analyse(infusion_diary(), TODAY))
    [inf] = out["infusions"]
    assert inf["date"] == "2026-01-10"
    assert inf["dose_mg"] == 1000.0
    assert inf["expected_rise"] == [100.0, 120.0]
    assert inf["observed_rise"] == 110.0  # 150 at +42 days minus 40 before
    assert inf["judge_from"] == "2026-02-21"
    assert inf["checks_due"] == ["2026-03-07", "2026-04-04", "2026-05-02"]
    assert inf["checks_done"] == [True, True, False]
    assert out["next_ferritin_check"] == "2026-05-02"
    assert out["repeat_possible"] is True  # 120 is below 300 and nothing withholds the rule
    assert inf["last_date"] == "2026-01-10"
    assert inf["doses"] == [
        {"date": "2026-01-10", "product": "ferric_carboxymaltose", "dose_mg": 1000.0}
    ]
    assert out["latest_ferritin"] == {"date": "2026-04-08", "value": 120.0}


def test_a_check_is_done_within_seven_days_and_all_done_means_no_next_check() -> None:
    out = to_json(analyse(infusion_diary((date(2026, 5, 9), 310)), TODAY))
    assert out["infusions"][0]["checks_done"] == [True, True, True]
    assert out["next_ferritin_check"] is None
    assert out["repeat_possible"] is False  # latest 310 is not below 300
    late = to_json(analyse(infusion_diary((date(2026, 5, 10), 310)), TODAY))
    assert late["infusions"][0]["checks_done"] == [True, True, False]


def test_expected_rise_scales_with_dose_and_observed_needs_both_readings() -> None:
    contents = DiaryContents(
        (Night(date(2026, 6, 1), 3),),
        (ferritin_lab(date(2026, 7, 20), 90),),
        infusions=(Infusion(date(2026, 6, 1), "iron_sucrose", 200.0),),
    )
    [inf] = to_json(analyse(contents, TODAY))["infusions"]
    assert inf["expected_rise"] == [20.0, 24.0]
    assert inf["observed_rise"] is None  # nothing before it


def test_next_check_follows_the_latest_infusion_only() -> None:
    contents = DiaryContents(
        (Night(date(2026, 6, 1), 3),),
        infusions=(
            Infusion(date(2025, 1, 1), "iron_sucrose", 200.0),
            Infusion(date(2026, 6, 1), "iron_sucrose", 200.0),
        ),
    )
    assert to_json(analyse(contents, TODAY))["next_ferritin_check"] == "2026-07-27"


def reading(day: date, value: float) -> FerritinReading:
    return FerritinReading(day, value, True)


def test_venesections_do_not_restart_the_trend_a_programme_is_one_falling_line() -> None:
    readings = [
        reading(date(2025, 12, 18), 200),  # before the first venesection: part of the trend
        reading(date(2026, 1, 15), 172),
        reading(date(2026, 2, 12), 144),
        reading(date(2026, 3, 12), 116),
    ]
    venesections = [date(2026, 1, 1), date(2026, 1, 29), date(2026, 2, 26)]
    trend = iron_trend(readings, (), venesections, best_level=100.0)
    assert trend.since is None
    assert trend.since_event == ""
    assert trend.readings == 4
    assert trend.venesections == 3
    assert trend.slope_per_week == -7.0  # 28 ng/mL every 4 weeks
    assert trend.state == "losing fast"
    assert trend.projected_below == date(2026, 3, 28)  # 16 above 100 at 1 a day


def test_trend_since_a_venesection_losing_fast_with_projection() -> None:
    """The projection arithmetic: 28 ng/mL lost every 4 weeks, from 144 on 12 March."""
    readings = [
        reading(date(2026, 1, 15), 200),
        reading(date(2026, 2, 12), 172),
        reading(date(2026, 3, 12), 144),
    ]
    trend = iron_trend(readings, (), [date(2026, 1, 1)], best_level=100.0)
    assert trend.readings == 3
    assert trend.venesections == 0  # the venesection came before the first reading
    assert trend.slope_per_week == -7.0
    assert trend.state == "losing fast"
    # 44 ng/mL above 100 at 1 ng/mL a day from 12 March.
    assert trend.projected_below == date(2026, 4, 25)


def test_trend_after_an_infusion_starts_at_six_weeks_and_a_slow_fall_still_projects() -> None:
    readings = [
        reading(date(2026, 1, 20), 900),  # the spike in the first weeks is left out
        reading(date(2026, 2, 21), 150),
        reading(date(2026, 4, 18), 142),
    ]
    courses = infusion_courses([Infusion(INFUSION, "ferric_carboxymaltose", 1000.0)])
    trend = iron_trend(readings, courses, [], best_level=100.0)
    assert trend.since == INFUSION
    assert trend.since_event == "infusion course"
    assert trend.readings == 2
    assert trend.slope_per_week == -1.0
    assert trend.state == "stable"
    # 42 ng/mL above 100 at 1/7 ng/mL a day from 18 April: 294 days.
    assert trend.projected_below == date(2027, 2, 6)


def test_trend_needs_two_readings_and_a_known_best_level_to_project() -> None:
    one = iron_trend([reading(date(2026, 1, 1), 100)], (), [], best_level=50.0)
    assert one.slope_per_week is None
    assert one.state is None
    unknown = iron_trend(
        [reading(date(2026, 1, 1), 200), reading(date(2026, 1, 29), 100)], (), [], None
    )
    assert unknown.slope_per_week == -25.0
    assert unknown.projected_below is None
    rising = iron_trend(
        [reading(date(2026, 1, 1), 100), reading(date(2026, 1, 29), 200)], (), [], 150.0
    )
    assert rising.state == "rising"
    assert rising.projected_below is None


def test_json_trend_values_come_through_analyse() -> None:
    out = to_json(analyse(infusion_diary(), TODAY))
    # Least squares through 21 Feb (150), 7 Mar (140), 8 Apr (120): -0.6475 a day.
    assert out["ferritin_trend_per_week"] == -4.5
    assert out["trend_state"] == "losing fast"
    assert out["projected_below_best_response"] is None  # no best-response level here


def worsening_diary(before: int, last: int) -> DiaryContents:
    nights = tuple(Night(TODAY - timedelta(i), last if i < 30 else before) for i in range(60))
    return DiaryContents(nights, (ferritin_lab(TODAY - timedelta(40), 150),))


def test_worse_symptoms_make_a_ferritin_check_worth_discussing() -> None:
    a = analyse(worsening_diary(3, 4), TODAY)  # 1 point worse: the threshold
    assert a.check_prompt.symptoms_worse
    assert not a.check_prompt.below_best
    [text] = [s for s in describe(a) if "worth discussing" in s]
    assert text == (
        "Symptoms were worse over the last 30 days (mean severity 4.0) than in the 30 before "
        "(3.0). Re-checking ferritin when symptoms worsen is a rule of thumb from a clinical "
        "review. A ferritin check may be worth discussing with your clinician."
    )
    assert to_json(a)["ferritin_check_worth_discussing"] == {
        "below_best_response": False,
        "symptoms_worse": True,
    }
    steady = analyse(worsening_diary(3, 3), TODAY)
    assert not steady.check_prompt.below_best
    assert not steady.check_prompt.symptoms_worse
    assert not any("worth discussing" in s for s in describe(steady))


def test_latest_ferritin_below_the_best_response_level_is_said() -> None:
    a = analyse(worsening_diary(3, 3), TODAY)
    prompt = check_prompt(a.latest_ferritin, 160.0, a.symptoms_sleep)
    assert prompt.below_best
    assert not prompt.symptoms_worse
    assert not check_prompt(a.latest_ferritin, 150.0, a.symptoms_sleep).below_best
    told = describe(replace(a, check_prompt=prompt))
    assert (
        "Your latest ferritin, 150 ng/mL on 21 May 2026, is below the level from which your "
        "nights were at their best (about 160 ng/mL). A ferritin check may be worth "
        "discussing with your clinician." in told
    )
