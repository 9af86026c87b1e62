"""Brands in the analyses, opioids not converted, levodopa, and week-based comparisons."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import numpy as np
import pytest

from diary.analysis import analyse, describe, to_json, weekly
from diary.analysis.tags import compare_tags
from diary.demo import generate_contents
from diary.records import DiaryContents, Dose, Night, Supplement
from diary.store.gateway import Diary
from diary.words import day_month_year

TODAY = date(2026, 12, 31)
START = date(2024, 1, 1)  # a Monday


def day(i: int) -> date:
    return START + timedelta(i)


# -- brands, opioids and levodopa ----------------------------------------------------------


def test_oxycontin_is_stored_as_oxycodone_and_counts_in_morphine_equivalents(
    tmp_path: Path,
) -> None:
    with Diary.open(tmp_path / "d.sqlite", today=lambda: TODAY) as diary:
        for i in range(10):
            diary.save_night(Night(day(i), 5), [Dose(day(i), "OxyContin", 10.0, "mg")])
        contents = diary.contents()
    assert {(d.medication, d.as_typed) for d in contents.doses} == {("oxycodone", "OxyContin")}
    a = analyse(contents, TODAY)
    assert list(a.series.mme) == [15.0] * 10  # 10 mg oxycodone x 1.5
    assert (a.opioids.nights_with_opioid, a.opioids.mean_mme_last_30) == (10, 15.0)
    assert a.opioids.doses_not_converted == 0
    assert any(
        s.startswith("On nights with an opioid in the last 30 days the dose averaged 15 mg")
        for s in describe(a)
    )


def test_a_brand_in_records_not_from_the_store_still_counts() -> None:
    nights = (Night(day(0), 5),)
    doses = (Dose(day(0), "oxycontin", 20.0, "mg"), Dose(day(0), "MST", 10.0, "mg"))
    assert list(analyse(DiaryContents(nights, doses=doses), TODAY).series.mme) == [40.0]


def test_opioids_that_cannot_be_converted_are_counted_named_and_said() -> None:
    nights = tuple(Night(day(i), 5) for i in range(4))
    doses = (
        Dose(day(0), "oxycodone", 10.0, "mg"),  # 15 MME
        Dose(day(1), "oxycodone", 10.0, "mg"),
        Dose(day(1), "buprenorphine", 10.0, "mcg"),  # no accepted factor
        Dose(day(2), "Fentanyl patch", 25.0, "mcg"),  # an opioid the catalogue lacks
        Dose(day(2), "Hydromorphone", 2.0, "mg"),
        Dose(day(3), "oxycodone", 1.0, "tablet"),  # strength unknown
        Dose(day(3), "Herbal tea", 2.0, "drops"),  # no opioid: not counted at all
        Dose(day(3), "oxybutynin", 5.0, "mg"),
    )
    a = analyse(DiaryContents(nights, doses=doses), TODAY)
    o = a.opioids
    assert (o.doses_not_converted, o.nights_not_converted, o.nights_with_opioid) == (4, 3, 4)
    assert [(n.name, n.reason, n.doses) for n in o.not_converted] == [
        ("Fentanyl patch", "not in the catalogue", 1),
        ("Hydromorphone", "not in the catalogue", 1),
        ("buprenorphine", "no accepted conversion factor", 1),
        ("oxycodone", "entered in tablet, not mg, so the strength is unknown", 1),
    ]
    # The MME figures rest on the one fully converted night only, and say so.
    assert (o.mean_mme_last_30, o.max_mme) == (15.0, 15.0)
    assert list(a.series.mme[:1]) == [15.0]
    assert np.isnan(a.series.mme[1:]).all()
    out = to_json(a)["opioids"]
    assert out["doses_not_converted"] == 4
    assert out["not_converted"][2] == {
        "name": "buprenorphine",
        "reason": "no accepted conversion factor",
        "doses": 1,
    }
    json.dumps(out, allow_nan=False)
    [said] = [s for s in describe(a) if "could not be converted" in s]
    assert said == (
        "4 opioid doses could not be converted to morphine equivalents: Fentanyl patch (not "
        "in the catalogue; 1 dose), Hydromorphone (not in the catalogue; 1 dose), "
        "buprenorphine (no accepted conversion factor; 1 dose) and 1 other name. The 3 "
        "nights with such a dose are left out of the morphine-equivalent figures, which "
        "would otherwise be too low."
    )


def _onset_diary(medicine: str, recent: time, before: time) -> DiaryContents:
    last = day(55)
    nights = tuple(
        Night(last - timedelta(i), 3, symptom_onset=recent if i < 28 else before) for i in range(56)
    )
    doses = tuple(Dose(last - timedelta(i), medicine, 100.0, "mg") for i in range(56))
    return DiaryContents(nights, doses=doses)


@pytest.mark.parametrize("typed", ["levodopa", "Sinemet", "Madopar"])
def test_levodopa_is_in_the_augmentation_watch(typed: str) -> None:
    a = analyse(_onset_diary(typed, time(18, 30), time(21, 0)), TODAY)
    assert a.augmentation.on_dopaminergic
    assert a.augmentation.medicines == ("levodopa",)
    assert a.augmentation.onset_flag
    assert a.augmentation.onset_earlier_minutes == 150
    assert any(
        s.startswith("While taking levodopa, symptoms began about 2.5 hours earlier")
        for s in describe(a)
    )
    calm = analyse(_onset_diary(typed, time(21, 0), time(21, 0)), TODAY)
    assert any(s.startswith("Augmentation watch (levodopa): no sign") for s in describe(calm))


# -- tags ----------------------------------------------------------------------------------


def test_holm_and_the_sign_flip_test_give_the_textbook_values() -> None:
    assert weekly.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert weekly.holm([0.5, 0.9]) == [1.0, 1.0]
    # 8 weeks all one way: only "all +" and "all -" of the 256 sign patterns are as extreme
    assert weekly.sign_flip_p(np.full(8, 1.5)) == pytest.approx(2 / 256)
    assert weekly.sign_flip_p(np.array([1.0, -1.0] * 40)) == pytest.approx(1.0)
    far = weekly.sign_flip_p(np.full(80, 1.0) + np.tile([0.5, -0.5], 40))
    assert far < 1e-10


def _noisy_nights(rng: np.random.Generator, days: int, effects: dict[str, float]) -> list[Night]:
    """Severity with a season, runs of bad weeks (flares) and night-to-night noise that
    carries over; each tag is on a random share of nights and adds its effect."""
    rates = {tag: rng.uniform(0.05, 0.4) for tag in effects}
    flare = np.zeros(days)
    i = 0
    while i < days:
        if rng.random() < 0.01:
            length = int(rng.integers(7, 28))
            flare[i : i + length] = rng.uniform(1.5, 3.0)
            i += length
        i += 1
    season = 1.0 * np.sin(2 * np.pi * np.arange(days) / 365.25 + rng.uniform(0, 6.3))
    noise = 0.0
    nights = []
    for i in range(days):
        tags = tuple(t for t, r in rates.items() if rng.random() < r)
        noise = 0.5 * noise + rng.normal(0, 1.0)
        mean = 4.5 + season[i] + flare[i] + noise + sum(effects[t] for t in tags)
        nights.append(Night(day(i), int(np.clip(round(mean), 0, 10)), tags=tags))
    return nights


def _tag_findings(nights: list[Night]) -> dict[str, float]:
    days = np.array([n.date.toordinal() for n in nights], dtype=np.int64)
    sev = np.array([n.rls_severity for n in nights], dtype=np.float64)
    return {
        t.tag: t.difference
        for t in compare_tags(nights, days, sev)
        if t.finding and t.difference is not None
    }


def test_many_random_tags_on_a_null_diary_give_no_finding_in_95_percent_of_seeds() -> None:
    nulls = {f"tag{k}": 0.0 for k in range(15)}
    with_finding = [
        seed
        for seed in range(100)
        if _tag_findings(_noisy_nights(np.random.default_rng(seed), 365, nulls))
    ]
    assert len(with_finding) <= 5, with_finding


@pytest.mark.parametrize("seed", range(5))
def test_a_tag_that_truly_matters_over_many_weeks_is_found(seed: int) -> None:
    effects = {"late coffee": 2.0, **{f"tag{k}": 0.0 for k in range(10)}}
    nights = _noisy_nights(np.random.default_rng(1000 + seed), 730, effects)
    found = _tag_findings(nights)
    assert set(found) == {"late coffee"}
    assert 1.5 <= found["late coffee"] <= 2.5


@pytest.mark.parametrize(("seed", "years"), [(3, 1), (1, 2), (2, 1), (3, 2)])
def test_the_demo_no_longer_claims_that_ill_nights_were_better(seed: int, years: int) -> None:
    a = analyse(generate_contents(seed=seed, years=years, end=date(2026, 1, 31)), TODAY)
    ill = next(t for t in a.tags if t.tag == "ill")
    assert ill.nights_with == 7
    assert not ill.finding
    assert ill.p_value is None
    sentences = describe(a)
    assert not any("tagged 'ill'" in s for s in sentences)
    assert any(s.startswith("Not compared yet") and "'ill' (" in s for s in sentences)
    ill_json = next(t for t in to_json(a)["tags"] if t["tag"] == "ill")
    assert (ill_json["p_value"], ill_json["finding"]) == (None, False)
    # the demo's real effect (overtired: 1.5 points worse) is still found
    tired = next(t for t in a.tags if t.tag == "overtired")
    assert tired.finding
    assert tired.difference is not None
    assert tired.difference > 1.0


# -- iron forms and times of day -----------------------------------------------------------


def _iron_patient(
    *,
    after_product: str = "ferrous_bisglycinate",
    after_hours: tuple[int, ...] = (22,),
    before_hours: tuple[int, ...] = (8, 20),
    better_by: float = 2.5,
    gabapentin_after: float = 300.0,
    seed: int = 1,
) -> DiaryContents:
    """30 weeks of ferrous sulfate, then 40 weeks of another form or timing, during which
    nights improve by `better_by` over the first 10 weeks and stay there."""
    rng = np.random.default_rng(seed)
    nights, sups, doses = [], [], []
    switch = 7 * 30
    noise = 0.0
    for i in range(7 * 70):
        after = i >= switch
        gain = better_by * min(1.0, (i - switch) / 70) if after else 0.0
        noise = 0.5 * noise + rng.normal(0, 1.0)
        nights.append(Night(day(i), int(np.clip(round(6.5 - gain + noise), 0, 10))))
        product = after_product if after else "ferrous_sulfate"
        for hour in after_hours if after else before_hours:
            sups.append(Supplement(day(i), product, 325.0, time(hour, 15)))
        doses.append(Dose(day(i), "gabapentin", gabapentin_after if after else 300.0, "mg"))
    return DiaryContents(tuple(nights), doses=tuple(doses), supplements=tuple(sups))


SWITCH = day(7 * 30)


def test_the_seed_patients_switch_to_bisglycinate_at_night_is_reported_as_confounded() -> None:
    a = analyse(_iron_patient(), TODAY)
    [s] = a.iron_forms.switches
    assert (s.date, s.form_before, s.form_after) == (
        SWITCH,
        "ferrous sulfate",
        "ferrous bisglycinate",
    )
    assert (s.timing_before, s.timing_after) == ("morning and evening", "night")
    assert s.changed == ("iron form", "time of day")
    assert s.other_changes == ()
    assert (s.weeks_before, s.weeks_after) == (26, 26)
    assert s.finding
    assert s.confounded
    assert s.difference <= -1.5
    sentences = describe(a)
    [said] = [x for x in sentences if "iron form changed" in x]
    assert said.startswith(f"Around {day_month_year(SWITCH)}, nights were ")
    assert " points better after it (mean severity " in said
    assert said.endswith(
        "But in the same weeks the iron form changed (ferrous sulfate → ferrous "
        "bisglycinate) and the time it was taken changed (morning and evening → night), so "
        "the diary cannot tell which made the difference."
    )
    assert not any(x.startswith("After switching iron") for x in sentences)
    [out] = to_json(a)["iron_forms"]["switches"]
    assert (out["date"], out["changed"], out["confounded"]) == (
        SWITCH.isoformat(),
        ["iron form", "time of day"],
        True,
    )
    json.dumps(out, allow_nan=False)


def test_a_form_switch_alone_is_reported_with_its_difference() -> None:
    a = analyse(_iron_patient(after_hours=(8, 20)), TODAY)
    [s] = a.iron_forms.switches
    assert s.changed == ("iron form",)
    assert not s.confounded
    assert s.finding
    assert any(
        x.startswith(
            "After switching iron from ferrous sulfate to ferrous bisglycinate on "
            f"{day_month_year(SWITCH)}, nights were "
        )
        for x in describe(a)
    )


def test_a_time_of_day_switch_alone_is_reported_as_such() -> None:
    contents = _iron_patient(after_product="ferrous_sulfate", after_hours=(22,), before_hours=(8,))
    [s] = analyse(contents, TODAY).iron_forms.switches
    assert s.changed == ("time of day",)
    assert (s.timing_before, s.timing_after) == (
        "morning",
        "night",
    )
    assert s.finding
    assert not s.confounded


def test_a_medicine_dose_changed_in_the_same_weeks_confounds_the_switch() -> None:
    a = analyse(_iron_patient(after_hours=(8, 20), gabapentin_after=600.0), TODAY)
    [s] = a.iron_forms.switches
    assert s.other_changes == ("the gabapentin dose changed",)
    assert s.confounded
    assert any(
        "the iron form changed (ferrous sulfate → ferrous bisglycinate) and the gabapentin "
        "dose changed, so the diary cannot tell" in x
        for x in describe(a)
    )


def test_a_switch_that_changed_nothing_is_said_to_make_no_clear_difference() -> None:
    a = analyse(_iron_patient(after_hours=(8, 20), better_by=0.0), TODAY)
    [s] = a.iron_forms.switches
    assert not s.finding
    assert abs(s.difference) < 1.0
    assert any(
        x.startswith("After switching iron from ferrous sulfate to ferrous bisglycinate")
        and "there was no clear difference of 1 point or more" in x
        for x in describe(a)
    )


def test_the_demo_switch_names_the_time_of_day_changing_with_the_form() -> None:
    a = analyse(generate_contents(seed=3, years=1, end=date(2026, 1, 31)), TODAY)
    [s] = a.iron_forms.switches
    assert (s.form_before, s.form_after) == ("ferrous sulfate", "ferrous bisglycinate")
    assert s.changed == ("iron form", "time of day")
    assert s.confounded
    assert "oxycodone was started" in s.other_changes  # the demo's bridging opioid
    assert not any(x.startswith("After switching iron") for x in describe(a))


def test_starting_iron_is_told_as_starting_it() -> None:
    nights, sups = [], []
    for i in range(7 * 40):
        started = i >= 7 * 20
        nights.append(Night(day(i), (3 if started else 6) + (i % 2)))
        if started:
            sups.append(Supplement(day(i), "ferrous_sulfate", 325.0, time(21, 30)))
    a = analyse(DiaryContents(tuple(nights), supplements=tuple(sups)), TODAY)
    [s] = a.iron_forms.switches
    assert (s.form_before, s.form_after, s.changed) == (
        "no iron",
        "ferrous sulfate",
        ("iron form",),
    )
    assert any(
        x.startswith(
            f"After starting ferrous sulfate on {day_month_year(day(140))}, nights were 3 "
            "points better after it (mean severity 6.5 before and 3.5 after; 20 weeks before, "
            "20 weeks after, compared week by week)."
        )
        for x in describe(a)
    )
