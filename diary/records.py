"""Plain, immutable records that every layer passes around (no Qt, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True, slots=True)
class Night:
    """One evening and the night that followed; `date` is the evening's date."""

    date: date
    rls_severity: int
    sleep_hours: float | None = None
    bedtime: time | None = None
    wake_time: time | None = None
    sleep_latency_min: int | None = None
    awakenings: int | None = None
    sleep_quality: int | None = None
    symptom_onset: time | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    for_doctor: bool = False
    id: int | None = None


# A night's date and what was measured about it, in Night's order: the store writes these, an
# import compares them and the analyses sort by them, each with its own further fields.
NIGHT_MEASURES = (
    "date",
    "rls_severity",
    "sleep_hours",
    "bedtime",
    "wake_time",
    "sleep_latency_min",
    "awakenings",
    "sleep_quality",
    "symptom_onset",
)


@dataclass(frozen=True, slots=True)
class LabResult:
    """One blood-test result: value and unit as entered, plus the canonical value."""

    date: date
    test: str
    value: float
    unit: str
    fasting: bool | None = None
    lab_name: str = ""
    inflammation: bool = False
    notes: str = ""
    # Filled in by the store from the catalogue; ignored when adding.
    canonical_value: float | None = None
    id: int | None = None
    # "<": below the lab's limit of detection or reporting (the result read "<5"); ">": above
    # its measuring range (">1000"); "": the value as measured. A limited value is censored:
    # `value` is the limit, not a measurement.
    value_limit: str = ""

    @property
    def censored(self) -> bool:
        return self.value_limit != ""

    @property
    def value_text(self) -> str:
        """The value as the lab wrote it: '<5', '>1000', '48', '6.5'."""
        return f"{self.value_limit}{self.value:g}"


@dataclass(frozen=True, slots=True)
class Dose:
    """One medicine dose belonging to the night of `date`."""

    date: date
    medication: str
    amount: float
    unit: str
    time: time | None = None
    notes: str = ""
    id: int | None = None
    # The brand as the user typed it ('OxyContin') when `medication` holds its generic
    # ('oxycodone'); empty when the generic or a custom name was typed.
    as_typed: str = ""


@dataclass(frozen=True, slots=True)
class Supplement:
    """One supplement intake; `elemental_iron_mg` is derived for known iron salts."""

    date: date
    product: str
    amount_mg: float
    time: time | None = None
    elemental_iron_mg: float | None = None
    with_vitamin_c: bool | None = None
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Infusion:
    date: date
    product: str
    dose_mg: float
    notes: str = ""
    id: int | None = None
    # The brand as typed ('Ferinject') when `product` holds its generic; else empty.
    as_typed: str = ""


@dataclass(frozen=True, slots=True)
class Venesection:
    date: date
    volume_ml: float | None = None
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """Who the diary belongs to, for report headers."""

    name: str = ""
    birth_year: int | None = None
    clinician: str = ""


@dataclass(frozen=True, slots=True)
class DiaryContents:
    """Every record of a diary (or of an import), each list sorted by date."""

    nights: tuple[Night, ...] = ()
    labs: tuple[LabResult, ...] = ()
    doses: tuple[Dose, ...] = ()
    supplements: tuple[Supplement, ...] = ()
    infusions: tuple[Infusion, ...] = ()
    venesections: tuple[Venesection, ...] = ()
    profile: Profile = field(default_factory=Profile)

    def counts(self) -> dict[str, int]:
        return {
            "nights": len(self.nights),
            "labs": len(self.labs),
            "doses": len(self.doses),
            "supplements": len(self.supplements),
            "infusions": len(self.infusions),
            "venesections": len(self.venesections),
        }
