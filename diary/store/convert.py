"""The columns each kind of record is written to, and a record's values for them."""

from __future__ import annotations

from typing import Any

from diary.records import NIGHT_MEASURES

NIGHT_COLUMNS = (*NIGHT_MEASURES, "notes", "for_doctor")
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
    "value_limit",
)
DOSE_COLUMNS = ("date", "time", "medication", "as_typed", "amount", "unit", "notes")
SUPPLEMENT_COLUMNS = (
    "date",
    "time",
    "product",
    "amount_mg",
    "elemental_iron_mg",
    "with_vitamin_c",
    "notes",
)
INFUSION_COLUMNS = ("date", "product", "as_typed", "dose_mg", "notes")
VENESECTION_COLUMNS = ("date", "volume_ml", "notes")


def values(record: object, columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: getattr(record, c) for c in columns}
