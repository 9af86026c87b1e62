"""The demo patient: deterministic, valid, realistic, and with a true threshold to find."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from statistics import mean

import pytest

from diary.demo import (
    TRUE_BEST_RESPONSE_FERRITIN,
    TRUE_BEST_RESPONSE_RANGE,
    Simulation,
    generate_contents,
    simulate,
    write_demo,
)
from diary.errors import KnownError
from diary.records import DiaryContents, LabResult
from diary.store import validation as v
from diary.store.gateway import Diary

END = date(2025, 6, 30)


@pytest.fixture(scope="module")
def two() -> Simulation:
    return simulate(seed=1, years=2, end=END)


@pytest.fixture(scope="module")
def twenty() -> Simulation:
    return simulate(seed=7, years=20, end=END)


def ferritin(contents: DiaryContents) -> list[LabResult]:
    return [lab for lab in contents.labs if lab.test == "ferritin"]


def test_same_seed_gives_identical_contents_and_another_seed_does_not() -> None:
    first = generate_contents(seed=5, years=2, end=END)
    assert generate_contents(seed=5, years=2, end=END) == first
    other = generate_contents(seed=6, years=2, end=END)
    assert other.nights != first.nights
    assert other.labs != first.labs


def test_end_defaults_to_yesterday_and_the_span_is_the_years_asked() -> None:
    contents = generate_contents(seed=2, years=1)
    yesterday = date.today() - timedelta(days=1)
    dates = [n.date for n in contents.nights]
    assert max(dates) <= yesterday
    assert min(dates) == yesterday - timedelta(days=364) or min(dates) >= yesterday - timedelta(
        days=366
    )
    every = [r.date for kind in (contents.labs, contents.doses, contents.supplements) for r in kind]
    assert max(every) <= yesterday


@pytest.mark.parametrize("years", [0, 31])
def test_years_outside_1_to_30_are_refused(years: int) -> None:
    with pytest.raises(ValueError, match="years"):
        generate_contents(years=years, end=END)


def test_two_year_counts_are_plausible(two: Simulation) -> None:
    c = two.contents.counts()
    days = two.timeline.days
    assert days in (730, 731)
    assert 0.92 * days <= c["nights"] <= 0.97 * days  # about 5 % of nights not logged
    assert 1 <= c["infusions"] <= 3
    assert c["venesections"] == 0
    assert 9 <= len(ferritin(two.contents)) <= 24
    assert c["doses"] >= 0.9 * c["nights"]
    assert c["supplements"] >= 0.9 * c["nights"]


def test_twenty_year_counts_are_plausible(twenty: Simulation) -> None:
    c = twenty.contents.counts()
    assert 0.92 * twenty.timeline.days <= c["nights"] <= 0.97 * twenty.timeline.days
    assert 8 <= c["infusions"] <= 20
    assert 20 * 4 <= len(ferritin(twenty.contents)) <= 20 * 12


@pytest.mark.parametrize("which", ["two", "twenty"])
def test_every_record_passes_validation_unchanged(
    which: str, request: pytest.FixtureRequest
) -> None:
    contents: DiaryContents = request.getfixturevalue(which).contents
    for night in contents.nights:
        # the last night is logged the morning after it (its sleep is then known)
        assert v.normalise_night(night, END + timedelta(days=1)) == night
    for lab in contents.labs:
        assert v.normalise_lab(lab, END) == lab
    for dose in contents.doses:
        assert v.normalise_dose(dose, END) == dose
    for sup in contents.supplements:
        assert v.normalise_supplement(sup, END) == sup
    for inf in contents.infusions:
        assert v.normalise_infusion(inf, END) == inf
    assert len({n.date for n in contents.nights}) == len(contents.nights)


@pytest.mark.parametrize("which", ["two", "twenty"])
def test_records_are_sorted_like_the_store_returns_them(
    which: str, request: pytest.FixtureRequest
) -> None:
    c: DiaryContents = request.getfixturevalue(which).contents
    assert list(c.nights) == sorted(c.nights, key=lambda n: n.date)
    assert list(c.labs) == sorted(c.labs, key=lambda x: (x.date, x.test))
    assert list(c.doses) == sorted(c.doses, key=lambda d: (d.date, d.time, d.medication))
    assert list(c.supplements) == sorted(c.supplements, key=lambda s: (s.date, s.time, s.product))


def test_patient_starts_near_30_on_ferrous_sulfate_twice_a_day(two: Simulation) -> None:
    c = two.contents
    first = ferritin(c)[0]
    assert first.date == c.nights[0].date
    assert 20 <= first.value <= 40
    opening = [s for s in c.supplements if s.date == c.nights[0].date]
    assert {(s.product, s.amount_mg) for s in opening} <= {
        ("ferrous_sulfate", 325.0),
        ("magnesium", 250.0),
    }
    month = [s for s in c.supplements if s.date < c.nights[0].date + timedelta(days=30)]
    sulfate_times = {s.time.hour for s in month if s.product == "ferrous_sulfate" and s.time}
    assert sulfate_times == {8, 20}
    first_gaba = next(d for d in c.doses if d.medication == "gabapentin")
    assert first_gaba.amount == 900.0


def test_later_takes_ferrous_bisglycinate_at_night_and_tapers_gabapentin(two: Simulation) -> None:
    c = two.contents
    bis = [s for s in c.supplements if s.product == "ferrous_bisglycinate"]
    assert bis
    assert all(s.time and s.time.hour >= 21 for s in bis)
    last_sulfate = max(s.date for s in c.supplements if s.product == "ferrous_sulfate")
    assert min(s.date for s in bis) > last_sulfate
    first_infusion = c.infusions[0]
    assert (first_infusion.product, first_infusion.dose_mg) == ("ferric_carboxymaltose", 1000.0)
    after = {
        d.amount
        for d in c.doses
        if d.medication == "gabapentin" and d.date > (first_infusion.date + timedelta(days=120))
    }
    assert min(after) < 900.0


@pytest.mark.parametrize("which", ["two", "twenty"])
def test_ferritin_is_checked_8_12_and_16_weeks_after_each_infusion(
    which: str, request: pytest.FixtureRequest
) -> None:
    c: DiaryContents = request.getfixturevalue(which).contents
    readings = [lab.date for lab in ferritin(c)]
    checked = 0
    for inf in c.infusions:
        for offset in (56, 84, 112):
            due = inf.date + timedelta(days=offset)
            if due + timedelta(days=7) > END:
                continue
            assert any(abs((day - due).days) <= 7 for day in readings), (inf.date, offset)
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("which", ["two", "twenty"])
def test_infusions_raise_ferritin_10_to_12_per_100_mg_and_come_below_300(
    which: str, request: pytest.FixtureRequest
) -> None:
    c: DiaryContents = request.getfixturevalue(which).contents
    readings = ferritin(c)
    rises = []
    for inf in c.infusions:
        before = [r for r in readings if r.date <= inf.date]
        assert before
        assert before[-1].value < 300
        assert (inf.date - before[-1].date).days <= 42
        later = [r for r in readings if (r.date - inf.date).days >= 42]
        if later:
            rises.append((later[0].value - before[-1].value) / (inf.dose_mg / 100))
    assert rises
    assert all(8.0 <= rise <= 14.0 for rise in rises), rises
    if len(rises) >= 5:
        assert 10.0 <= mean(rises) <= 12.0, rises


@pytest.mark.parametrize("which", ["two", "twenty"])
def test_ferritin_is_measured_every_one_to_three_months(
    which: str, request: pytest.FixtureRequest
) -> None:
    dates = [lab.date for lab in ferritin(request.getfixturevalue(which).contents)]
    gaps = [(b - a).days for a, b in pairwise(dates)]
    assert max(gaps) <= 95
    assert min(gaps) >= 7


def test_one_high_crp_marks_a_same_day_ferritin_that_reads_high(two: Simulation) -> None:
    c = two.contents
    high = [lab for lab in c.labs if lab.test == "crp" and lab.value > 5.0]
    assert len(high) == 1
    readings = ferritin(c)
    i = next(k for k, r in enumerate(readings) if r.date == high[0].date)
    neighbours = (readings[i - 1].value + readings[i + 1].value) / 2
    assert readings[i].value > 1.3 * neighbours
    assert any("ill" in n.tags for n in c.nights if abs((n.date - high[0].date).days) <= 3)


def test_other_iron_tests_appear_and_serum_iron_sometimes_in_umol(two: Simulation) -> None:
    tests = {lab.test for lab in two.contents.labs}
    assert {"tsat", "serum_iron", "hemoglobin", "crp"} <= tests
    units = {lab.unit for lab in two.contents.labs if lab.test == "serum_iron"}
    assert units == {"ug/dL", "umol/L"}


def test_symptoms_are_clearly_better_well_above_the_true_threshold(twenty: Simulation) -> None:
    t = twenty.timeline
    above, below = [], []
    for night in twenty.contents.nights:
        level = t.brain[(night.date - t.start).days]
        if level >= TRUE_BEST_RESPONSE_FERRITIN + 30:
            above.append(night.rls_severity)
        elif level <= TRUE_BEST_RESPONSE_FERRITIN - 30:
            below.append(night.rls_severity)
    assert len(above) > 300
    assert len(below) > 100
    assert mean(below) - mean(above) >= 2.5
    low, high = TRUE_BEST_RESPONSE_RANGE
    assert low < TRUE_BEST_RESPONSE_FERRITIN < high


def test_the_threshold_shows_in_the_recorded_ferritin_too(two: Simulation) -> None:
    """Nights 6+ weeks after an infusion, within a month of a reading, split by that reading."""
    c = two.contents
    infusions = [inf.date for inf in c.infusions]
    readings = [
        r
        for r in ferritin(c)
        if not any(lab.test == "crp" and lab.value > 5 and lab.date == r.date for lab in c.labs)
    ]
    high, low = [], []
    for night in c.nights:
        if any(0 <= (night.date - d).days <= 42 for d in infusions):
            continue
        near = [r for r in readings if abs((r.date - night.date).days) <= 20]
        if not near:
            continue
        if near[0].value >= TRUE_BEST_RESPONSE_FERRITIN + 20:
            high.append(night.rls_severity)
        elif near[0].value <= TRUE_BEST_RESPONSE_FERRITIN - 20:
            low.append(night.rls_severity)
    assert len(high) >= 30
    assert len(low) >= 60
    assert mean(low) - mean(high) >= 2.0


def test_overtired_nights_are_worse(twenty: Simulation) -> None:
    tired = [n.rls_severity for n in twenty.contents.nights if "overtired" in n.tags]
    rested = [n.rls_severity for n in twenty.contents.nights if not n.tags]
    assert len(tired) > 200
    assert 0.8 <= mean(tired) - mean(rested) <= 2.0


def test_about_five_percent_of_nights_are_missing_some_in_runs(twenty: Simulation) -> None:
    dates = [n.date for n in twenty.contents.nights]
    assert 0.03 <= 1 - len(dates) / twenty.timeline.days <= 0.08
    gaps = [(b - a).days - 1 for a, b in pairwise(dates)]
    assert max(gaps) >= 3
    assert sum(1 for g in gaps if g == 1) >= 20


def test_sleep_details_are_mostly_there_and_add_up(two: Simulation) -> None:
    nights = two.contents.nights
    full = [n for n in nights if n.bedtime and n.wake_time and n.sleep_latency_min is not None]
    assert len(full) >= 0.8 * len(nights)
    assert sum(1 for n in nights if n.sleep_hours is not None) >= 0.9 * len(nights)
    for n in full:
        assert n.wake_time is not None
        assert n.bedtime is not None
        assert n.sleep_hours is not None
        in_bed = (
            n.wake_time.hour * 60 + n.wake_time.minute - n.bedtime.hour * 60 - n.bedtime.minute
        ) % (24 * 60)
        assert n.sleep_hours >= 0.5
        assert n.sleep_hours * 60 <= in_bed - n.sleep_latency_min + 3
    onset = [n for n in nights if n.symptom_onset is not None]
    assert len(onset) >= 0.5 * len(nights)


def test_some_calm_leg_nights_have_poor_sleep(two: Simulation) -> None:
    sleepless = [
        n
        for n in two.contents.nights
        if n.rls_severity <= 3
        and n.sleep_quality is not None
        and n.sleep_quality <= 2
        and (n.sleep_latency_min or 0) >= 90
    ]
    assert len(sleepless) >= 5


def test_notes_tags_and_for_doctor_flags_are_present(two: Simulation) -> None:
    nights = two.contents.nights
    noted = [n for n in nights if n.notes]
    assert 0.03 * len(nights) <= len(noted) <= 0.3 * len(nights)
    assert any("infusion" in n.notes.lower() for n in nights)
    assert any(n.for_doctor for n in nights)
    tags = {t for n in nights for t in n.tags}
    assert {"overtired", "caffeine", "alcohol", "travel"} <= tags


def test_write_demo_stores_every_record_and_a_fictional_profile(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.sqlite"
    written = write_demo(path, seed=4, years=1, end=END)
    with Diary.open(path, read_only=True) as diary:
        assert diary.counts() == written.counts()
        stored = diary.contents()
        profile = diary.profile()
    assert profile.name == "Demo Patient"
    assert profile.clinician
    assert profile.birth_year is not None
    assert 1900 < profile.birth_year < END.year
    assert [n.rls_severity for n in stored.nights] == [n.rls_severity for n in written.nights]
    assert [lab.value for lab in stored.labs] == [lab.value for lab in written.labs]


def test_write_demo_refuses_to_overwrite_a_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.sqlite"
    path.write_bytes(b"precious")
    with pytest.raises(KnownError, match="already exists"):
        write_demo(path, end=END)
    assert path.read_bytes() == b"precious"
