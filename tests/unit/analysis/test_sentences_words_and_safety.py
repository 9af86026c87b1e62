"""Issue 11 audit: plain words across every sentence the analysis writes (a count of one takes
the singular, every other count the plural; each threshold carries its unit), and a level
resting on nights across an oral-iron form switch is flagged as confounded."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from diary.analysis import analyse, describe
from diary.demo import generate_contents
from diary.records import (
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Supplement,
    Venesection,
)
from diary.words import day_month_year
from tests.validation.patients import Patient, patient

TODAY = date(2026, 3, 1)
NOUNS = "night|reading|dose|week|day|venesection|course|infusion|change|name|hour|month|test"
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 ({NOUNS})s\b")
MANY_SINGULAR = re.compile(rf"(?<![\d.,–-])\b(0|[2-9]|\d\d+) ({NOUNS})\b(?!s)")
UNITS = r"ng/mL|mg/L|mg/dL|µmol/L|g/L|g/dL|%|mg|µg|points?|hours?|weeks?|days?|months?|nights?"
THRESHOLD = re.compile(
    rf"\b(above|below|under|more than|less than|at least)\s+(about\s+)?\d[\d.,]*(?![\d.,])"
    rf"(?!\s*({UNITS})\b|\s*%)"
)


def ferritin(day: date, value: float) -> LabResult:
    return LabResult(day, "ferritin", value, "ng/mL", canonical_value=value)


def lab(day: date, test: str, value: float, unit: str) -> LabResult:
    return LabResult(day, test, value, unit, canonical_value=value)


def ones() -> DiaryContents:
    """One of everything: one night (severe), one reading, one dose, one infusion, one
    venesection."""
    night = TODAY - timedelta(1)
    return DiaryContents(
        (Night(night, 9, sleep_hours=1.0),),
        (ferritin(TODAY - timedelta(2), 50.0),),
        doses=(Dose(night, "buprenorphine", 1.0, "mcg"), Dose(night, "oxycodone", 1.0, "mg")),
        infusions=(Infusion(TODAY - timedelta(100), "iron_sucrose", 200.0),),
        venesections=(Venesection(TODAY - timedelta(50), 450.0),),
    )


def twos() -> DiaryContents:
    nights = tuple(Night(TODAY - timedelta(i), 8 if i < 30 else 2) for i in range(61))
    labs = (ferritin(TODAY - timedelta(90), 50.0), ferritin(TODAY - timedelta(2), 40.0))
    doses = tuple(
        Infusion(TODAY - timedelta(d), "iron_sucrose", 200.0) for d in (60, 53)
    )  # one course of two doses
    return DiaryContents(nights, labs, infusions=doses)


def gated() -> DiaryContents:
    """Every gate of the 300 ng/mL sentence at once, and a ferritin left out for CRP."""
    nights = tuple(Night(TODAY - timedelta(i), 4) for i in range(90))
    day = TODAY - timedelta(20)
    labs = (
        ferritin(TODAY - timedelta(700), 1200.0),
        ferritin(day, 300.0),
        lab(day, "crp", 12.0, "mg/L"),
        lab(day, "tsat", 50.0, "%"),
    )
    return DiaryContents(nights, labs)


def every_sentence(contents: DiaryContents, today: date) -> list[str]:
    a = analyse(contents, today)
    said = [*describe(a), a.iv_iron.withheld, a.best_response.reason, a.best_response.confounded]
    said += [r.excluded_reason for r in a.readings]
    return [s for s in said if s]


CASES = {
    "demo-1": (lambda: generate_contents(seed=1, years=2, end=date(2026, 1, 31)), TODAY),
    "demo-3": (lambda: generate_contents(seed=3, years=1, end=date(2026, 1, 31)), TODAY),
    "ones": (ones, TODAY),
    "twos": (twos, TODAY),
    "gated": (gated, TODAY),
}


@pytest.mark.parametrize("case", list(CASES))
def test_counts_take_the_right_plural_in_every_sentence(case: str) -> None:
    make, today = CASES[case]
    for sentence in every_sentence(make(), today):
        assert not ONE_PLURAL.search(sentence), sentence
        assert not MANY_SINGULAR.search(sentence), sentence


@pytest.mark.parametrize("case", list(CASES))
def test_every_threshold_carries_its_unit(case: str) -> None:
    make, today = CASES[case]
    for sentence in every_sentence(make(), today):
        assert not THRESHOLD.search(sentence), sentence


def test_one_night_is_said_in_the_singular() -> None:
    said = describe(analyse(ones(), TODAY))
    assert said[0] == "1 night from 28 February 2026 to 28 February 2026."
    [symptoms] = [s for s in said if s.startswith("Over the last 30 days")]
    assert "(1 night logged)" in symptoms
    assert "; 1 night was severe (7 or more)." in symptoms


def test_the_crp_threshold_and_the_gates_name_their_units() -> None:
    text = " ".join(every_sentence(gated(), TODAY))
    assert "(above 5 mg/L)" in text
    assert "1000 ng/mL or more" in text


def test_a_level_resting_on_nights_across_an_iron_form_switch_is_flagged_confounded() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 3.0), seed=11)
    first = contents.nights[0].date

    def iron(i: int, product: str) -> Supplement:
        return Supplement(first + timedelta(i), product, 325.0, elemental_iron_mg=65.0)

    switched = tuple(
        iron(i, "ferrous_sulfate" if i < 500 else "ferrous_bisglycinate") for i in range(1100)
    )
    a = analyse(replace(contents, supplements=switched), date(2030, 1, 1))
    br = a.best_response
    assert br.ferritin is not None
    assert br.confounded is not None
    assert "oral iron from ferrous sulfate to ferrous bisglycinate" in br.confounded
    assert br.confounded in describe(a)
    same = tuple(iron(i, "ferrous_sulfate") for i in range(1100))
    assert (
        analyse(replace(contents, supplements=same), date(2030, 1, 1)).best_response.confounded
        is None
    )


def test_a_venesection_patient_below_their_best_level_is_told_so_without_the_iv_sentence() -> None:
    contents, _ = patient(Patient("signal", 120.0, 0.3, 1.5, 3.0), seed=11)
    last = contents.nights[-1].date
    programme = tuple(Venesection(last - timedelta(14 * k + 3), 450.0) for k in range(6))
    labs = (*contents.labs, ferritin(last - timedelta(2), 80.0))
    a = analyse(replace(contents, labs=labs, venesections=programme), date(2030, 1, 1))
    best = a.best_response.ferritin
    assert best is not None
    assert best > 80
    said = describe(a)
    when = day_month_year(last - timedelta(2))
    assert (
        f"Your latest ferritin, 80 ng/mL on {when}, is below the level "
        f"from which your nights were at their best (about {best:.0f} ng/mL)." in " ".join(said)
    )
    assert not any("Intravenous iron" in s for s in said)
    assert a.repeat_possible is None
