"""Best-response ferritin in the cases the old estimator got wrong: a gap between readings,
overload (a U shape), the overshoot after an infusion, ferritin that barely moved, and
patterns that time alone explains; and the demo patient, whose truth is known."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from diary.analysis import analyse, describe, to_json
from diary.analysis.best_response import BestResponse
from diary.demo import TRUE_BEST_RESPONSE_FERRITIN, generate_contents
from diary.records import DiaryContents, Dose, Night
from tests.unit.analysis.analysis_synth import ferritin_lab
from tests.validation.patients import Patient, patient

TODAY = date(2030, 1, 1)
START = date(2022, 1, 3)


def nights_from(serum: np.ndarray, mean: np.ndarray, seed: int, logged: np.ndarray) -> tuple:
    rng = np.random.default_rng(seed)
    sev = np.clip(np.round(mean + rng.normal(0, 1.2, len(mean))), 0, 10).astype(int)
    return tuple(Night(START + timedelta(int(i)), int(sev[i])) for i in np.flatnonzero(logged))


def labs_every(serum: np.ndarray, days: range) -> tuple:
    return tuple(ferritin_lab(START + timedelta(d), float(round(serum[d]))) for d in days)


def test_a_level_inside_a_gap_with_no_nights_is_never_called_best() -> None:
    """Ferritin 30 (bad nights) and 170 (good nights), three times over, with nothing logged while
    it moved between them: the level lies somewhere in 30-170, so the range spans the gap and
    the value is where good nights were actually seen."""
    stretch, gap = 150, 120
    levels = [30.0, 170.0] * 3
    serum_parts, logged_parts = [], []
    for k, level in enumerate(levels):
        serum_parts.append(np.full(stretch, level))
        logged_parts.append(np.ones(stretch, dtype=bool))
        if k < len(levels) - 1:
            serum_parts.append(np.linspace(level, levels[k + 1], gap))
            logged_parts.append(np.zeros(gap, dtype=bool))
    serum, logged = np.concatenate(serum_parts), np.concatenate(logged_parts)
    mean = np.where(serum < 100, 6.0, 2.0)
    # Readings only on the plateaus, every 30 days.
    days = [d for d in range(0, len(serum), 30) if logged[d]]
    labs = tuple(ferritin_lab(START + timedelta(d), serum[d]) for d in days)
    contents = DiaryContents(nights_from(serum, mean, 3, logged), labs)
    br = analyse(contents, TODAY).best_response
    assert br.reason is None, br.reason
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert br.ferritin >= 150  # good nights were seen from about 170 (a little less lagged)
    assert br.low <= 50
    assert br.high >= 165  # the range spans the gap: nothing known inside it


def u_shape(log_scale: bool = True) -> DiaryContents:
    """Ferritin wandering between 40 and 800 ng/mL (a reading every 30 days, straight lines
    between; evenly on a log scale, or evenly in ng/mL, which seldom goes below 100); nights
    worse below 100 and worse again above 400."""
    rng = np.random.default_rng(8)
    n = 3 * 365
    lab_days = np.arange(0, n + 30, 30)
    if log_scale:
        levels = np.exp(rng.uniform(np.log(40), np.log(800), len(lab_days)))
    else:
        levels = rng.uniform(40, 800, len(lab_days))
    serum = np.interp(np.arange(n), lab_days, levels.round())
    mean = 2.0 + np.clip((100 - serum) / 30, 0, 1) * 3 + np.clip((serum - 400) / 200, 0, 1) * 3
    return DiaryContents(
        nights_from(serum, mean, 5, np.ones(n, dtype=bool)), labs_every(serum, range(0, n, 30))
    )


def test_nights_worse_again_at_high_ferritin_give_worse_above() -> None:
    a = analyse(u_shape(), TODAY)
    br = a.best_response
    assert br.worse_above is not None
    assert 300 <= br.worse_above <= 500
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert br.low <= 100 <= br.high
    assert abs(br.ferritin - 100) <= 25
    assert to_json(a)["best_response"]["worse_above"] == br.worse_above
    assert any(
        f"worse again above about {br.worse_above:.0f} ng/mL" in line for line in describe(a)
    )


def test_a_level_the_nights_never_reach_well_below_is_not_placed() -> None:
    """Ferritin went below 100 once, for three weeks: too few nights well below the level to
    tell a sharp change there from a gentle one levelling off higher, so no value, with the
    reason; the overload above 400 is still found."""
    a = analyse(u_shape(log_scale=False), TODAY)
    br = a.best_response
    assert br.ferritin is None
    assert br.low is None
    assert br.high is None
    assert br.reason is not None
    assert br.reason.startswith("the nights do not show where the improvement levels off")
    assert br.worse_above is not None
    assert 300 <= br.worse_above <= 500
    assert to_json(a)["best_response"]["reason"] == br.reason


def test_no_worse_above_when_nights_stay_good_at_high_ferritin() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 3.0), seed=11)
    br = analyse(contents, TODAY).best_response
    assert br.ferritin is not None
    assert br.worse_above is None


def test_an_overshoot_reading_after_an_infusion_changes_nothing() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 3.0), seed=12)
    infusion = contents.infusions[0]
    spike = ferritin_lab(infusion.date + timedelta(14), 2000.0)
    with_spike = replace(contents, labs=(*contents.labs, spike))
    before, after = analyse(contents, TODAY), analyse(with_spike, TODAY)
    assert after.best_response == before.best_response
    assert np.array_equal(after.series.ferritin, before.series.ferritin, equal_nan=True)
    [left_out] = [r for r in after.readings if r.value == 2000.0]
    assert not left_out.used
    assert "infusion course" in left_out.excluded_reason
    assert infusion.date < spike.date


def test_ferritin_that_barely_moved_says_its_range() -> None:
    n = 400
    serum = 109 + 3 * np.sin(np.arange(n) / 40)
    contents = DiaryContents(
        nights_from(serum, np.full(n, 4.0), 1, np.ones(n, dtype=bool)),
        labs_every(serum, range(0, n, 40)),
    )
    br = to_json(analyse(contents, TODAY))["best_response"]
    assert br["ferritin"] is None
    assert br["reason"].startswith("ferritin only ranged 106–112 ng/mL")


def test_flares_seasons_and_drift_give_no_value() -> None:
    for family in ("flares", "seasonal", "drift", "none"):
        for seed in (21, 22, 23):
            contents, _ = patient(Patient(family, 120.0, 0.3, 1.5, 3.0), seed=seed)
            br = analyse(contents, TODAY).best_response
            assert br.ferritin is None, (family, seed)
            assert br.reason is not None, (family, seed)
            assert br.reason.startswith("no clear relation"), br.reason


def test_a_dose_change_during_the_nights_used_is_flagged() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 3.0), seed=11)
    first = contents.nights[0].date
    doses = tuple(
        Dose(first + timedelta(i), "pregabalin", 75.0 if i < 500 else 150.0, "mg")
        for i in range(0, 1100)
    )
    a = analyse(replace(contents, doses=doses), TODAY)
    br = a.best_response
    assert br.ferritin is not None
    assert br.confounded is not None
    assert "pregabalin from 75 to 150 mg a day" in br.confounded
    assert br.confounded in describe(a)
    assert to_json(a)["best_response"]["confounded"] == br.confounded
    steady = replace(contents, doses=tuple(replace(d, amount=75.0) for d in doses))
    assert analyse(steady, TODAY).best_response.confounded is None


def test_the_demo_patient_gets_a_level_near_its_truth() -> None:
    contents = generate_contents(seed=1, years=3, end=date(2026, 1, 1))
    a = analyse(contents, date(2026, 1, 2))
    br = a.best_response
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert br.low <= TRUE_BEST_RESPONSE_FERRITIN <= br.high
    assert abs(br.ferritin - TRUE_BEST_RESPONSE_FERRITIN) <= 20
    sentence = next(line for line in describe(a) if "at their best" in line)
    assert f"at their best from about {br.ferritin:.0f} ng/mL upward" in sentence


def test_a_course_of_split_doses_is_one_break_in_the_line() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 2.0), seed=13)
    a = analyse(contents, TODAY)
    # Nothing is estimated between a course's first dose and 11 days after its last.
    for course_start, window_end in a.response_windows:
        days = (a.series.dates >= np.datetime64(course_start)) & (
            a.series.dates <= np.datetime64(window_end - timedelta(31))
        )
        assert np.isnan(a.series.ferritin[days]).all()
    assert any(
        len([i for i in contents.infusions if start <= i.date <= end]) > 1
        for start, end in a.response_windows
    )


def test_a_cache_owned_by_the_caller_returns_the_same_result_until_an_edit() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 3.0), seed=11)
    cache: dict[str, BestResponse] = {}
    a = analyse(contents, TODAY, cache)
    first = a.best_response
    assert first.ferritin is not None
    assert first == analyse(contents, TODAY).best_response  # the cache changes no result
    assert len(cache) == 1
    # An edit outside what the estimate rests on (a tag) finds the cached result...
    tagged = replace(
        contents, nights=(replace(contents.nights[0], tags=("travel",)), *contents.nights[1:])
    )
    assert analyse(tagged, TODAY, cache).best_response == first
    assert len(cache) == 1
    # ...an edited severity does not.
    used = a.series.dates[a.series.used_for_best_response][100].astype(object)
    [night] = [n for n in contents.nights if n.date == used]
    edited = replace(
        contents,
        nights=tuple(
            replace(n, rls_severity=10 - n.rls_severity) if n == night else n
            for n in contents.nights
        ),
    )
    again = analyse(edited, TODAY, cache).best_response
    assert len(cache) == 2
    assert again == analyse(edited, TODAY).best_response
