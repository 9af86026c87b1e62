"""The one registry of record kinds: type, table, CSV file, labels, order, checks, and the
typed notice of what a change touched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, NamedTuple, TypeVar

from diary.records import Dose, Infusion, LabResult, Night, Supplement, Venesection
from diary.store import validation as v


class Kind(Enum):
    """What a change can touch; the value is the DiaryContents attribute and report key."""

    NIGHTS = "nights"
    LABS = "labs"
    DOSES = "doses"
    SUPPLEMENTS = "supplements"
    INFUSIONS = "infusions"
    VENESECTIONS = "venesections"
    PROFILE = "profile"


@dataclass(frozen=True, slots=True)
class Changed:
    """What one change (an edit, its Undo, its Redo, an import) touched."""

    kinds: frozenset[Kind]

    @classmethod
    def of(cls, *kinds: Kind) -> Changed:
        return cls(frozenset(kinds))

    def touches(self, *kinds: Kind) -> bool:
        return not self.kinds.isdisjoint(kinds)


# Everything may have changed: another diary was opened, or an import replaced records.
EVERYTHING = Changed(frozenset(Kind))


class RecordKind(NamedTuple):
    """One kind of record and every place it lives."""

    kind: Kind
    record: type
    table: str
    csv_file: str
    singular: str  # in undo steps: "Add lab"
    plural: str  # in import summaries: "Blood tests: 3 added"
    order: tuple[str, ...]  # the columns the gateway's lists are sorted by
    normalise: Callable[[Any, date], Any]
    # the values that make an imported record a repeat of a stored one (None: nights,
    # which are compared field by field and may conflict)
    duplicate_key: Callable[[Any], tuple[Any, ...]] | None = None

    @property
    def name(self) -> str:
        return self.kind.value


NIGHTS = RecordKind(
    Kind.NIGHTS, Night, "nights", "nights.csv", "night", "nights", ("date",), v.normalise_night
)
LABS = RecordKind(
    Kind.LABS,
    LabResult,
    "lab_results",
    "labs.csv",
    "lab",
    "blood tests",
    ("date", "test", "id"),
    v.normalise_lab,
    lambda r: (r.date, r.test, round(r.canonical_value, 6)),
)
DOSES = RecordKind(
    Kind.DOSES,
    Dose,
    "doses",
    "doses.csv",
    "dose",
    "medicine doses",
    ("date", "time", "medication", "id"),
    v.normalise_dose,
    lambda r: (r.date, r.time, r.medication.casefold(), r.amount),
)
SUPPLEMENTS = RecordKind(
    Kind.SUPPLEMENTS,
    Supplement,
    "supplements",
    "supplements.csv",
    "supplement",
    "supplements",
    ("date", "time", "product", "id"),
    v.normalise_supplement,
    lambda r: (r.date, r.time, r.product, r.amount_mg),
)
INFUSIONS = RecordKind(
    Kind.INFUSIONS,
    Infusion,
    "infusions",
    "infusions.csv",
    "infusion",
    "infusions",
    ("date", "product", "id"),
    v.normalise_infusion,
    lambda r: (r.date, r.product),
)
VENESECTIONS = RecordKind(
    Kind.VENESECTIONS,
    Venesection,
    "venesections",
    "venesections.csv",
    "venesection",
    "venesections",
    ("date", "id"),
    v.normalise_venesection,
    lambda r: (r.date,),
)

# Kinds stored one record at a time (a night is stored with its intake, see changes.py).
SIMPLE_KINDS: tuple[RecordKind, ...] = (LABS, DOSES, SUPPLEMENTS, INFUSIONS, VENESECTIONS)
# Every kind, in the order of the CSV files and of DiaryContents.
RECORD_KINDS: tuple[RecordKind, ...] = (NIGHTS, *SIMPLE_KINDS)
_OF_TYPE: dict[type, RecordKind] = {k.record: k for k in SIMPLE_KINDS}

# One stored lab, dose, supplement, infusion or venesection.
Simple = TypeVar("Simple", LabResult, Dose, Supplement, Infusion, Venesection)


def kind_of(record: object) -> RecordKind:
    """The kind of a lab, dose, supplement, infusion or venesection."""
    try:
        return _OF_TYPE[type(record)]
    except KeyError:
        raise TypeError(f"{type(record).__name__} is not a record kind stored one by one") from None
