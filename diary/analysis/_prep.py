"""Input hygiene shared by the analyses: canonical order, no duplicates, dates as day numbers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from operator import attrgetter
from typing import TypeVar

import numpy as np

from diary import catalog
from diary.records import (
    NIGHT_MEASURES,
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Supplement,
    Venesection,
)

T = TypeVar("T")


def _sort_key(value: object) -> tuple[int, str]:
    # A total order over optional fields of mixed types, so that sorting never compares
    # None with a value and equal records always land in the same place.
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, str(int(value)))
    if isinstance(value, int | float):
        return (2, f"{float(value):030.9f}")
    if isinstance(value, date | time):
        return (3, value.isoformat())
    return (4, repr(value))


def _key(record: object, fields: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    return tuple(_sort_key(getattr(record, name)) for name in fields)


def canonical(records: Iterable[T], fields: tuple[str, ...]) -> list[T]:
    """Records sorted by `fields`, exact repeats (on those fields) dropped."""
    out: list[T] = []
    last = None
    for record in sorted(records, key=lambda r: _key(r, fields)):
        key = _key(record, fields)
        if key != last:
            out.append(record)
            last = key
    return out


NIGHT_FIELDS = (*NIGHT_MEASURES, "tags")
LAB_FIELDS = ("date", "test", "canonical_value", "value", "unit", "inflammation", "value_limit")
DOSE_FIELDS = ("date", "time", "medication", "amount", "unit")
SUPPLEMENT_FIELDS = ("date", "time", "product", "amount_mg", "elemental_iron_mg")
INFUSION_FIELDS = ("date", "product", "dose_mg")
VENESECTION_FIELDS = ("date", "volume_ml")


def nights(contents: DiaryContents) -> list[Night]:
    """One night per date in date order (the store guarantees it; a stray repeat keeps the
    first in the full canonical order, so input order never matters)."""
    by_date: dict[date, Night] = {}
    repeats = False
    for night in contents.nights:
        if night.date in by_date:
            repeats = True
            break
        by_date[night.date] = night
    if repeats:
        by_date = {}
        for night in canonical(contents.nights, NIGHT_FIELDS):
            by_date.setdefault(night.date, night)
    return [by_date[d] for d in sorted(by_date)]


def labs(contents: DiaryContents) -> list[LabResult]:
    return canonical(contents.labs, LAB_FIELDS)


def unique(records: Iterable[T], fields: tuple[str, ...]) -> list[T]:
    """Records with exact repeats (on `fields`) dropped, in no particular order: for callers
    whose results do not depend on order (sets, counts, exactly rounded sums)."""
    get = attrgetter(*fields)
    return list({get(r): r for r in records}.values())


def doses(contents: DiaryContents) -> list[Dose]:
    return unique(contents.doses, DOSE_FIELDS)


def supplements(contents: DiaryContents) -> list[Supplement]:
    return unique(contents.supplements, SUPPLEMENT_FIELDS)


def infusions(contents: DiaryContents) -> list[Infusion]:
    return canonical(contents.infusions, INFUSION_FIELDS)


def venesections(contents: DiaryContents) -> list[Venesection]:
    return canonical(contents.venesections, VENESECTION_FIELDS)


def canonical_lab_value(lab: LabResult) -> float | None:
    """The value in the test's canonical unit (ng/mL for ferritin), whatever was entered."""
    if lab.canonical_value is not None:
        return float(lab.canonical_value)
    test = catalog.lab_test(lab.test)
    if test is None:
        return None
    unit = catalog.lab_unit(test, lab.unit)
    return None if unit is None else catalog.to_canonical(test, float(lab.value), unit)


def day_numbers(days: Iterable[date]) -> np.ndarray:
    """Dates as proleptic ordinals (int64), so day arithmetic is plain integer arithmetic."""
    return np.fromiter((d.toordinal() for d in days), dtype=np.int64)


def medicines_by_name(names: Iterable[str]) -> dict[str, catalog.Medicine | None]:
    """Catalogue look-up once per distinct name (there are far fewer names than doses)."""
    return {name: catalog.medicine(name) for name in set(names)}


def supplements_by_name(names: Iterable[str]) -> dict[str, catalog.SupplementProduct | None]:
    return {name: catalog.supplement(name) for name in set(names)}
