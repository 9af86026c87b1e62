"""The catalogue: medicines, iron and other supplements, infusion products, lab tests and units."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple, TypeVar

T = TypeVar("T")


class MedicineClass(StrEnum):
    ALPHA2DELTA = "alpha-2-delta ligand"
    OPIOID = "opioid"
    DOPAMINE_AGONIST = "dopamine agonist"
    LEVODOPA = "levodopa"
    BENZODIAZEPINE = "benzodiazepine"
    SLEEP = "sleep medicine"
    OTHER = "other"


class Medicine(NamedTuple):
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

# Brand names people type, by the generic they hold (checked against the products'
# summaries of product characteristics). Sinemet (with carbidopa) and Madopar (with
# benserazide) are entered as their levodopa mg; Targin as its oxycodone mg.
MEDICINE_BRANDS: dict[str, tuple[str, ...]] = {
    "oxycodone": ("OxyContin", "OxyNorm"),
    "oxycodone-naloxone": ("Targin",),
    "morphine": ("MST", "MST Continus", "Zomorph"),
    "pregabalin": ("Lyrica",),
    "gabapentin": ("Neurontin",),
    "gabapentin enacarbil": ("Horizant",),
    "pramipexole": ("Mirapex", "Mirapexin", "Sifrol"),
    "ropinirole": ("Requip", "Adartrel"),
    "rotigotine": ("Neupro",),
    "levodopa": ("Sinemet", "Madopar"),
}

DOSE_UNITS: tuple[str, ...] = ("mg", "mcg", "mg/24h", "ml", "drops", "tablet")


class SupplementProduct(NamedTuple):
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


class InfusionProduct(NamedTuple):
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

# Diafer is Pharmacosmos' 50 mg/mL ferric derisomaltose for dialysis patients (UK SmPC);
# Monoferric is Monofer's US name, Rienso ferumoxytol's EU name, INFeD a US iron dextran.
INFUSION_BRANDS: dict[str, tuple[str, ...]] = {
    "ferric_carboxymaltose": ("Ferinject", "Injectafer"),
    "ferric_derisomaltose": ("Monofer", "Monoferric", "Diafer"),
    "iron_sucrose": ("Venofer",),
    "iron_dextran": ("CosmoFer", "INFeD"),
    "ferumoxytol": ("Feraheme", "Rienso"),
}


class LabTest(NamedTuple):
    name: str
    label: str
    canonical_unit: str
    # unit as written in the CSV -> factor to multiply by to get the canonical unit
    units: dict[str, float]
    loinc: str  # the unit is coded in UCUM as canonical_unit, which is written in UCUM
    # plausible range in the canonical unit: low exclusive, high inclusive
    max_value: float
    # upper limit of the usual reference range, where the app uses one (CRP only)
    reference_high: float | None = None


LAB_TESTS: tuple[LabTest, ...] = (
    LabTest("ferritin", "Ferritin", "ng/mL", {"ng/mL": 1.0, "ug/L": 1.0}, "2276-4", 10_000.0),
    LabTest("tsat", "Transferrin saturation", "%", {"%": 1.0}, "2502-3", 100.0),
    LabTest(
        "serum_iron",
        "Serum iron",
        "ug/dL",
        {"ug/dL": 1.0, "umol/L": 5.585},
        "2498-4",
        1_000.0,
    ),
    LabTest(
        "tibc",
        "Total iron-binding capacity",
        "ug/dL",
        {"ug/dL": 1.0, "umol/L": 5.585},
        "2500-7",
        2_000.0,
    ),
    LabTest("transferrin", "Transferrin", "g/L", {"g/L": 1.0, "mg/dL": 0.01}, "3034-6", 10.0),
    LabTest("hemoglobin", "Haemoglobin", "g/dL", {"g/dL": 1.0, "g/L": 0.1}, "718-7", 25.0),
    # CRP above 5 mg/L is the common upper reference limit; a ferritin drawn on such a day
    # may be raised by inflammation.
    LabTest(
        "crp",
        "C-reactive protein",
        "mg/L",
        {"mg/L": 1.0, "mg/dL": 10.0},
        "1988-5",
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


def _brands(index: dict[str, T], brands: dict[str, tuple[str, ...]]) -> dict[str, T]:
    return {
        fold(brand): index[fold(generic)] for generic, names in brands.items() for brand in names
    }


_MEDICINES = _index(MEDICINES)
_MEDICINE_BRANDS = _brands(_MEDICINES, MEDICINE_BRANDS)
_SUPPLEMENTS = _index(SUPPLEMENTS)
_INFUSIONS = _index(INFUSION_PRODUCTS)
_INFUSION_BRANDS = _brands(_INFUSIONS, INFUSION_BRANDS)
_LAB_TESTS = _index(LAB_TESTS)
_DOSE_UNITS = {fold(u): u for u in DOSE_UNITS}


def medicine(name: str) -> Medicine | None:
    """The catalogue medicine named by its generic or by a brand ('OxyContin' -> oxycodone)."""
    key = fold(name)
    return _MEDICINES.get(key) or _MEDICINE_BRANDS.get(key)


def supplement(name: str) -> SupplementProduct | None:
    return _SUPPLEMENTS.get(fold(name))


def infusion_product(name: str) -> InfusionProduct | None:
    """The infusion product named by its generic or by a brand ('Ferinject')."""
    key = fold(name)
    return _INFUSIONS.get(key) or _INFUSION_BRANDS.get(key)


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


def _stored(
    name: str, as_typed: str, generics: Mapping[str, T], brands: Mapping[str, T]
) -> tuple[T | None, str]:
    text = " ".join(name.split())
    key = fold(text)
    if key in brands:
        return brands[key], text
    known = generics.get(key)
    typed = " ".join(as_typed.split())
    # A record read back holds its generic plus the brand kept from before: keep that brand
    # while it still names the same generic (an edit to another medicine drops it).
    keep = typed if known is not None and brands.get(fold(typed)) is known else ""
    return known, keep


def stored_medicine(name: str, as_typed: str = "") -> tuple[str, str]:
    """(name to store, name as typed) for a medicine entry.

    A brand is stored as its generic and the brand kept as typed ('OxyContin' ->
    ('oxycodone', 'OxyContin')); a generic is stored in the catalogue's spelling with nothing
    kept (or the earlier `as_typed` brand, when it names that generic); any other name is a
    custom medicine, stored as typed (trimmed) with nothing kept."""
    known, typed = _stored(name, as_typed, _MEDICINES, _MEDICINE_BRANDS)
    if known is None:
        return " ".join(name.split()), ""
    return known.name, typed


def stored_infusion_product(name: str, as_typed: str = "") -> tuple[str | None, str]:
    """(product to store, name as typed) for an infusion: as `stored_medicine`, but an
    unknown name gives None (infusion products are catalogue names only)."""
    known, typed = _stored(name, as_typed, _INFUSIONS, _INFUSION_BRANDS)
    return (known.name, typed) if known is not None else (None, "")


def shown_with_generic(as_typed: str, generic_label: str) -> str:
    """'OxyContin → oxycodone': what was typed beside the generic it is stored as."""
    return f"{as_typed} → {generic_label.lower()}" if as_typed else generic_label
