"""The catalogue: medicines, iron and other supplements, infusion products, lab tests and units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class MedicineClass(StrEnum):
    ALPHA2DELTA = "alpha-2-delta ligand"
    OPIOID = "opioid"
    DOPAMINE_AGONIST = "dopamine agonist"
    LEVODOPA = "levodopa"
    BENZODIAZEPINE = "benzodiazepine"
    SLEEP = "sleep medicine"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Medicine:
    name: str
    label: str
    klass: MedicineClass
    usual_unit: str
    # Oral morphine milligram equivalents per mg (or per mcg/h for patches); None when no
    # accepted single factor exists. Source: CDC Clinical Practice Guideline for Prescribing
    # Opioids for Pain, 2022, Table "Morphine milligram equivalent conversion factors"
    # (methadone: the guideline's single factor 4.7; tramadol 0.2; tapentadol 0.4).
    # Buprenorphine is left out there (partial agonist), and so it is here.
    mme_per_unit: float | None = None


MEDICINES: tuple[Medicine, ...] = (
    Medicine("gabapentin", "Gabapentin", MedicineClass.ALPHA2DELTA, "mg"),
    Medicine("gabapentin enacarbil", "Gabapentin enacarbil", MedicineClass.ALPHA2DELTA, "mg"),
    Medicine("pregabalin", "Pregabalin", MedicineClass.ALPHA2DELTA, "mg"),
    Medicine("oxycodone", "Oxycodone", MedicineClass.OPIOID, "mg", 1.5),
    Medicine("oxycodone-naloxone", "Oxycodone-naloxone", MedicineClass.OPIOID, "mg", 1.5),
    Medicine("tramadol", "Tramadol", MedicineClass.OPIOID, "mg", 0.2),
    Medicine("methadone", "Methadone", MedicineClass.OPIOID, "mg", 4.7),
    Medicine("buprenorphine", "Buprenorphine", MedicineClass.OPIOID, "mcg"),
    Medicine("codeine", "Codeine", MedicineClass.OPIOID, "mg", 0.15),
    Medicine("morphine", "Morphine", MedicineClass.OPIOID, "mg", 1.0),
    Medicine("tapentadol", "Tapentadol", MedicineClass.OPIOID, "mg", 0.4),
    Medicine("pramipexole", "Pramipexole", MedicineClass.DOPAMINE_AGONIST, "mg"),
    Medicine("ropinirole", "Ropinirole", MedicineClass.DOPAMINE_AGONIST, "mg"),
    Medicine("rotigotine", "Rotigotine", MedicineClass.DOPAMINE_AGONIST, "mg/24h"),
    Medicine("levodopa", "Levodopa", MedicineClass.LEVODOPA, "mg"),
    Medicine("clonazepam", "Clonazepam", MedicineClass.BENZODIAZEPINE, "mg"),
    Medicine("zolpidem", "Zolpidem", MedicineClass.SLEEP, "mg"),
)

DOSE_UNITS: tuple[str, ...] = ("mg", "mcg", "mg/24h", "ml", "drops", "tablet")


@dataclass(frozen=True, slots=True)
class SupplementProduct:
    name: str
    label: str
    is_iron: bool
    # Elemental iron as a fraction of the labelled salt weight, for the salts whose
    # fraction is fixed (ferrous sulfate 20 %, gluconate 12 %, fumarate 33 %).
    elemental_fraction: float | None = None


SUPPLEMENTS: tuple[SupplementProduct, ...] = (
    SupplementProduct("ferrous_sulfate", "Ferrous sulfate", True, 0.20),
    SupplementProduct("ferrous_gluconate", "Ferrous gluconate", True, 0.12),
    SupplementProduct("ferrous_fumarate", "Ferrous fumarate", True, 0.33),
    SupplementProduct("ferrous_bisglycinate", "Ferrous bisglycinate", True),
    SupplementProduct("polysaccharide_iron", "Polysaccharide iron", True),
    SupplementProduct("heme_iron_polypeptide", "Heme iron polypeptide", True),
    SupplementProduct("ferric_maltol", "Ferric maltol", True),
    SupplementProduct("iron_other", "Iron (other form)", True),
    SupplementProduct("vitamin_c", "Vitamin C", False),
    SupplementProduct("magnesium", "Magnesium", False),
    SupplementProduct("folate", "Folate", False),
    SupplementProduct("vitamin_b12", "Vitamin B12", False),
    SupplementProduct("vitamin_d", "Vitamin D", False),
    SupplementProduct("other", "Other supplement", False),
)


@dataclass(frozen=True, slots=True)
class InfusionProduct:
    name: str
    label: str


INFUSION_PRODUCTS: tuple[InfusionProduct, ...] = (
    InfusionProduct("ferric_carboxymaltose", "Ferric carboxymaltose"),
    InfusionProduct("ferric_derisomaltose", "Ferric derisomaltose"),
    InfusionProduct("iron_sucrose", "Iron sucrose"),
    InfusionProduct("ferumoxytol", "Ferumoxytol"),
    InfusionProduct("iron_dextran", "Iron dextran"),
    InfusionProduct("other", "Other"),
)


@dataclass(frozen=True, slots=True)
class LabTest:
    name: str
    label: str
    canonical_unit: str
    # unit as written in the CSV -> factor to multiply by to get the canonical unit
    units: dict[str, float]
    loinc: str
    ucum: str
    # plausible range in the canonical unit: low exclusive, high inclusive
    max_value: float
    # upper limit of the usual reference range, where the app uses one (CRP only)
    reference_high: float | None = None


LAB_TESTS: tuple[LabTest, ...] = (
    LabTest(
        "ferritin", "Ferritin", "ng/mL", {"ng/mL": 1.0, "ug/L": 1.0}, "2276-4", "ng/mL", 10_000.0
    ),
    LabTest("tsat", "Transferrin saturation", "%", {"%": 1.0}, "2502-3", "%", 100.0),
    LabTest(
        "serum_iron",
        "Serum iron",
        "ug/dL",
        {"ug/dL": 1.0, "umol/L": 5.585},
        "2498-4",
        "ug/dL",
        1_000.0,
    ),
    LabTest(
        "tibc",
        "Total iron-binding capacity",
        "ug/dL",
        {"ug/dL": 1.0, "umol/L": 5.585},
        "2500-7",
        "ug/dL",
        2_000.0,
    ),
    LabTest(
        "transferrin", "Transferrin", "g/L", {"g/L": 1.0, "mg/dL": 0.01}, "3034-6", "g/L", 10.0
    ),
    LabTest("hemoglobin", "Haemoglobin", "g/dL", {"g/dL": 1.0, "g/L": 0.1}, "718-7", "g/dL", 25.0),
    # CRP above 5 mg/L is the common upper reference limit; a ferritin drawn on such a day
    # may be raised by inflammation.
    LabTest(
        "crp",
        "C-reactive protein",
        "mg/L",
        {"mg/L": 1.0, "mg/dL": 10.0},
        "1988-5",
        "mg/L",
        1_000.0,
        reference_high=5.0,
    ),
)

# How units are shown to people (the CSV keeps the ASCII spelling).
UNIT_DISPLAY: dict[str, str] = {"ug/L": "µg/L", "ug/dL": "µg/dL", "umol/L": "µmol/L", "mcg": "µg"}


def display_unit(unit: str) -> str:
    return UNIT_DISPLAY.get(unit, unit)


def readable(value: float) -> str:
    """A measured value as people read it: 167.55 -> '168', 13.52 -> '13.5', 1.234 -> '1.23'."""
    size = abs(value)
    if size >= 100:
        text = f"{value:.0f}"
    elif size >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fold(name: str) -> str:
    """Catalogue-match key: lower case, ignoring spaces, '-' and '_' (csv-format.md)."""
    return re.sub(r"[\s\-_]+", "", name).lower()


def _index(items: tuple[T, ...], key: str = "name") -> dict[str, T]:
    return {fold(getattr(item, key)): item for item in items}


_MEDICINES = _index(MEDICINES)
_SUPPLEMENTS = _index(SUPPLEMENTS)
_INFUSIONS = _index(INFUSION_PRODUCTS)
_LAB_TESTS = _index(LAB_TESTS)
_DOSE_UNITS = {fold(u): u for u in DOSE_UNITS}


def medicine(name: str) -> Medicine | None:
    return _MEDICINES.get(fold(name))


def supplement(name: str) -> SupplementProduct | None:
    return _SUPPLEMENTS.get(fold(name))


def infusion_product(name: str) -> InfusionProduct | None:
    return _INFUSIONS.get(fold(name))


def lab_test(name: str) -> LabTest | None:
    return _LAB_TESTS.get(fold(name))


def dose_unit(name: str) -> str | None:
    return _DOSE_UNITS.get(fold(name))


def lab_unit(test: LabTest, unit: str) -> str | None:
    """The catalogue spelling of `unit` for `test`, or None when it does not fit the test."""
    wanted = fold(unit).replace("µ", "u").replace("μ", "u")
    for known in test.units:
        if fold(known) == wanted:
            return known
    return None


def to_canonical(test: LabTest, value: float, unit: str) -> float:
    return value * test.units[unit]


def canonical_medicine_name(name: str) -> str:
    """A catalogue medicine's own name, or the custom name as typed (trimmed)."""
    known = medicine(name)
    return known.name if known else " ".join(name.split())
