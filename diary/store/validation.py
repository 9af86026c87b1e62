"""Rules every record must pass before it is stored; messages name the field and say why."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from diary import catalog
from diary.errors import Problem, ValidationError
from diary.records import Dose, Infusion, LabResult, Night, Profile, Supplement, Venesection

MAX_NOTES = 100_000
MAX_NAME = 200
EARLIEST = date(1900, 1, 1)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_date(problems: list[Problem], day: object, today: date) -> None:
    """Dates from 1900-01-01 to tomorrow (a night logged just after midnight, or across a
    time zone); older ones break date arithmetic in the analysis and the report."""
    if not isinstance(day, date):
        problems.append(Problem("date", "a date is required"))
    elif day < EARLIEST:
        problems.append(
            Problem(
                "date",
                f"{day.isoformat()} is before {EARLIEST.isoformat()}, the earliest date a "
                "diary takes",
            )
        )
    elif day > today + timedelta(days=1):
        problems.append(
            Problem(
                "date",
                f"{day.isoformat()} is in the future; records can only be made up to tomorrow",
            )
        )


def _check_notes(problems: list[Problem], notes: str, column: str = "notes") -> None:
    if len(notes) > MAX_NOTES:
        problems.append(
            Problem(column, f"is {len(notes):,} characters long; the most is {MAX_NOTES:,}")
        )


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(problems)


def clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Trimmed, de-duplicated tags in their first order; empty ones dropped."""
    seen: dict[str, None] = {}
    for tag in tags:
        word = " ".join(tag.split())
        if word and word.casefold() not in {t.casefold() for t in seen}:
            seen[word] = None
    return tuple(seen)


def normalise_night(night: Night, today: date) -> Night:
    problems: list[Problem] = []
    _check_date(problems, night.date, today)
    sev = night.rls_severity
    if not _is_whole(sev) or not 0 <= sev <= 10:
        problems.append(
            Problem(
                "rls_severity",
                "RLS severity must be a whole number from 0 (none) to 10 (worst imaginable)",
            )
        )
    if night.sleep_hours is not None and (
        not _is_number(night.sleep_hours) or not 0 <= night.sleep_hours <= 24
    ):
        problems.append(Problem("sleep_hours", "Sleep hours must be between 0 and 24"))
    if night.sleep_latency_min is not None and (
        not _is_whole(night.sleep_latency_min) or not 0 <= night.sleep_latency_min <= 24 * 60
    ):
        problems.append(
            Problem(
                "sleep_latency_min", "Minutes to fall asleep must be a whole number from 0 to 1440"
            )
        )
    if night.awakenings is not None and (
        not _is_whole(night.awakenings) or not 0 <= night.awakenings <= 200
    ):
        problems.append(Problem("awakenings", "Awakenings must be a whole number, 0 or more"))
    if night.sleep_quality is not None and (
        not _is_whole(night.sleep_quality) or not 1 <= night.sleep_quality <= 5
    ):
        problems.append(
            Problem(
                "sleep_quality",
                "Sleep quality must be a whole number from 1 (very poor) to 5 (very good)",
            )
        )
    _check_night_ended(problems, night, today)
    for tag in night.tags:
        if ";" in tag:
            problems.append(Problem("tags", f"the tag {tag!r} contains ';', which separates tags"))
        if len(tag) > MAX_NAME:
            problems.append(Problem("tags", f"a tag is longer than {MAX_NAME} characters"))
    _check_notes(problems, night.notes)
    _raise(problems)
    return replace(night, tags=clean_tags(night.tags), sleep_hours=_float(night.sleep_hours))


# Measures that only exist once the night is over (the evening's severity may be logged early).
_MORNING_MEASURES = {
    "sleep_hours": "Sleep hours",
    "wake_time": "Wake time",
    "awakenings": "Awakenings",
    "sleep_quality": "Sleep quality",
}


def _check_night_ended(problems: list[Problem], night: Night, today: date) -> None:
    if not isinstance(night.date, date) or night.date < today:
        return
    for field, label in _MORNING_MEASURES.items():
        if getattr(night, field) is not None:
            problems.append(
                Problem(
                    field,
                    f"{label}: this night has not ended yet; log it tomorrow morning "
                    "(the severity of this evening can be saved now)",
                )
            )


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def normalise_lab(lab: LabResult, today: date) -> LabResult:
    problems: list[Problem] = []
    _check_date(problems, lab.date, today)
    test = catalog.lab_test(lab.test) if isinstance(lab.test, str) else None
    unit = None
    if test is None:
        names = ", ".join(t.name for t in catalog.LAB_TESTS)
        problems.append(Problem("test", f"{lab.test!r} is not a known test; use one of {names}"))
    else:
        unit = catalog.lab_unit(test, lab.unit) if isinstance(lab.unit, str) else None
        if unit is None:
            allowed = " or ".join(test.units)
            problems.append(
                Problem("unit", f"{lab.unit!r} does not fit {test.name}; use {allowed}")
            )
    canonical = None
    if lab.value_limit not in ("", "<", ">"):
        problems.append(
            Problem("value", "a limit is written '<5' (below it) or '>1000' (above the range)")
        )
    if not _is_number(lab.value) or lab.value <= 0:
        problems.append(Problem("value", "the value must be a number greater than 0"))
    elif test is not None and unit is not None:
        canonical = catalog.to_canonical(test, float(lab.value), unit)
        if canonical > test.max_value:
            problems.append(
                Problem(
                    "value",
                    f"{lab.value:g} {unit} is not a plausible {test.label.lower()} (the most "
                    f"accepted is {test.max_value:g} {test.canonical_unit})",
                )
            )
    _check_notes(problems, lab.notes)
    if len(lab.lab_name) > MAX_NAME:
        problems.append(Problem("lab", f"the lab name is longer than {MAX_NAME} characters"))
    _raise(problems)
    assert test is not None
    assert unit is not None
    assert canonical is not None
    return replace(
        lab,
        test=test.name,
        unit=unit,
        value=float(lab.value),
        canonical_value=round(canonical, 6),
        lab_name=lab.lab_name.strip(),
    )


def normalise_dose(dose: Dose, today: date) -> Dose:
    problems: list[Problem] = []
    _check_date(problems, dose.date, today)
    name, typed = "", ""
    if isinstance(dose.medication, str):
        earlier = dose.as_typed if isinstance(dose.as_typed, str) else ""
        name, typed = catalog.stored_medicine(dose.medication, earlier)
    if not name:
        problems.append(Problem("medication", "a medicine name is required"))
    elif len(name) > MAX_NAME or len(typed) > MAX_NAME:
        problems.append(Problem("medication", f"is longer than {MAX_NAME} characters"))
    if not _is_number(dose.amount) or dose.amount <= 0:
        problems.append(Problem("amount", "the amount must be a number greater than 0"))
    unit = catalog.dose_unit(dose.unit) if isinstance(dose.unit, str) else None
    if unit is None:
        problems.append(
            Problem(
                "unit",
                f"{dose.unit!r} is not a dose unit; use one of {', '.join(catalog.DOSE_UNITS)}",
            )
        )
    _check_notes(problems, dose.notes)
    _raise(problems)
    assert unit is not None
    return replace(dose, medication=name, as_typed=typed, unit=unit, amount=float(dose.amount))


def normalise_supplement(sup: Supplement, today: date) -> Supplement:
    problems: list[Problem] = []
    _check_date(problems, sup.date, today)
    product = catalog.supplement(sup.product) if isinstance(sup.product, str) else None
    if product is None:
        names = ", ".join(p.name for p in catalog.SUPPLEMENTS)
        problems.append(
            Problem("product", f"{sup.product!r} is not a known product; use one of {names}")
        )
    if not _is_number(sup.amount_mg) or sup.amount_mg <= 0:
        problems.append(Problem("amount_mg", "the amount must be a number of mg greater than 0"))
    iron = sup.elemental_iron_mg
    if iron is not None:
        if not _is_number(iron) or iron <= 0:
            problems.append(
                Problem("elemental_iron_mg", "must be a number of mg greater than 0, or empty")
            )
        elif product is not None and not product.is_iron:
            problems.append(Problem("elemental_iron_mg", f"{product.name} is not an iron product"))
        elif _is_number(sup.amount_mg) and iron > sup.amount_mg:
            problems.append(Problem("elemental_iron_mg", "cannot be more than the amount taken"))
    _check_notes(problems, sup.notes)
    _raise(problems)
    assert product is not None
    if iron is None and product.elemental_fraction is not None:
        iron = round(float(sup.amount_mg) * product.elemental_fraction, 2)
    return replace(
        sup, product=product.name, amount_mg=float(sup.amount_mg), elemental_iron_mg=_float(iron)
    )


def normalise_infusion(inf: Infusion, today: date) -> Infusion:
    problems: list[Problem] = []
    _check_date(problems, inf.date, today)
    product, typed = None, ""
    if isinstance(inf.product, str):
        earlier = inf.as_typed if isinstance(inf.as_typed, str) else ""
        product, typed = catalog.stored_infusion_product(inf.product, earlier)
    if product is None:
        names = ", ".join(p.name for p in catalog.INFUSION_PRODUCTS)
        problems.append(
            Problem(
                "product",
                f"{inf.product!r} is not a known infusion product; use one of {names} "
                "(or a brand name such as Ferinject, Monofer or Venofer)",
            )
        )
    elif len(typed) > MAX_NAME:
        problems.append(Problem("product", f"is longer than {MAX_NAME} characters"))
    if not _is_number(inf.dose_mg) or not 0 < inf.dose_mg <= 5_000:
        problems.append(
            Problem("dose_mg", "the dose must be mg of iron, greater than 0 and at most 5000")
        )
    _check_notes(problems, inf.notes)
    _raise(problems)
    assert product is not None
    return replace(inf, product=product, as_typed=typed, dose_mg=float(inf.dose_mg))


def normalise_venesection(ven: Venesection, today: date) -> Venesection:
    problems: list[Problem] = []
    _check_date(problems, ven.date, today)
    if ven.volume_ml is not None and (
        not _is_number(ven.volume_ml) or not 0 < ven.volume_ml <= 2_000
    ):
        problems.append(
            Problem("volume_ml", "the volume must be ml greater than 0 and at most 2000, or empty")
        )
    _check_notes(problems, ven.notes)
    _raise(problems)
    return replace(ven, volume_ml=_float(ven.volume_ml))


def normalise_bundle(
    night: Night, doses: Sequence[Dose], supplements: Sequence[Supplement], today: date
) -> tuple[Night, list[Dose], list[Supplement]]:
    """A night and the intake logged for it, checked together (every problem at once);
    the intake is dated the night's date."""
    problems: list[Problem] = []
    try:
        night = normalise_night(night, today)
    except ValidationError as exc:
        problems += exc.problems
    clean_doses, clean_sups = [], []
    for d in doses:
        try:
            clean_doses.append(normalise_dose(replace(d, date=night.date), today))
        except ValidationError as exc:
            problems += exc.problems
    for s in supplements:
        try:
            clean_sups.append(normalise_supplement(replace(s, date=night.date), today))
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)
    return night, clean_doses, clean_sups


def normalise_profile(profile: Profile, today: date) -> Profile:
    problems = []
    this_year = today.year
    if profile.birth_year is not None and not 1900 <= profile.birth_year <= this_year:
        problems.append(Problem("birth_year", f"Birth year must be between 1900 and {this_year}"))
    for name, value in (("name", profile.name), ("clinician", profile.clinician)):
        if len(value) > MAX_NAME:
            problems.append(Problem(name, f"is longer than {MAX_NAME} characters"))
    if problems:
        raise ValidationError(problems)
    return replace(profile, name=profile.name.strip(), clinician=profile.clinician.strip())
