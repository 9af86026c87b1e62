"""Turning table rows into plain records and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diary.records import Dose, Infusion, LabResult, Night, Supplement, Venesection

NIGHT_COLUMNS = (
    "date",
    "rls_severity",
    "sleep_hours",
    "bedtime",
    "wake_time",
    "sleep_latency_min",
    "awakenings",
    "sleep_quality",
    "symptom_onset",
    "notes",
    "for_doctor",
)
LAB_COLUMNS = (
    "date",
    "test",
    "value",
    "unit",
    "canonical_value",
    "fasting",
    "lab_name",
    "inflammation",
    "notes",
)
DOSE_COLUMNS = ("date", "time", "medication", "amount", "unit", "notes")
SUPPLEMENT_COLUMNS = (
    "date",
    "time",
    "product",
    "amount_mg",
    "elemental_iron_mg",
    "with_vitamin_c",
    "notes",
)
INFUSION_COLUMNS = ("date", "product", "dose_mg", "notes")
VENESECTION_COLUMNS = ("date", "volume_ml", "notes")


def values(record: object, columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: getattr(record, c) for c in columns}


def night(row: Mapping[str, Any], tags: tuple[str, ...] = ()) -> Night:
    return Night(tags=tags, id=row["id"], **{c: row[c] for c in NIGHT_COLUMNS})


def lab(row: Mapping[str, Any]) -> LabResult:
    return LabResult(id=row["id"], **{c: row[c] for c in LAB_COLUMNS})


def dose(row: Mapping[str, Any]) -> Dose:
    return Dose(id=row["id"], **{c: row[c] for c in DOSE_COLUMNS})


def supplement(row: Mapping[str, Any]) -> Supplement:
    return Supplement(id=row["id"], **{c: row[c] for c in SUPPLEMENT_COLUMNS})


def infusion(row: Mapping[str, Any]) -> Infusion:
    return Infusion(id=row["id"], **{c: row[c] for c in INFUSION_COLUMNS})


def venesection(row: Mapping[str, Any]) -> Venesection:
    return Venesection(id=row["id"], **{c: row[c] for c in VENESECTION_COLUMNS})
