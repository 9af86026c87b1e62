"""HL7 FHIR R4 export: the diary as one `collection` Bundle of plain JSON (no Qt, no SQL).

- Patient: the profile's name and birth year.
- Lab results: Observations (category laboratory) with the catalogue's LOINC code and the
  value in the test's canonical unit, coded in UCUM; the value as entered, the lab, fasting
  and the inflammation flag go in the note and interpretation.
- Medicines and supplements: one MedicationStatement per course
  (diary.analysis.medicine_courses), not per nightly dose.
- Infusions and venesections: Procedures, one per dose; a dose of a split course (doses less
  than 29 days apart, diary.analysis.windows) says in its note which course it belongs to.
- Each night: an Observation (category survey) of the RLS severity 0–10, with sleep duration
  (LOINC 93832-4) as a component when recorded, and the night's note when the patient marked
  it "for my doctor".
- The best-response ferritin the diary supports (docs/analysis.md), when there is one or when
  nights get worse again above a level: one Observation (category survey, never laboratory)
  over the nights it rests on, with its 90 % range, "worse again above" and any change of
  treatment the nights span, in the note.
Resource ids are name-based UUIDs of the records, so the same diary gives the same bundle.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from diary import APP_NAME, __version__, catalog
from diary.analysis import Analysis, analyse
from diary.analysis.medicine_courses import Course, medicine_courses, supplement_courses
from diary.analysis.windows import InfusionCourse, infusion_courses
from diary.files import atomic_target
from diary.records import DiaryContents, Infusion, LabResult, Night, Venesection
from diary.words import count, day_month_year, number

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
STATEMENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category"
SLEEP_DURATION_LOINC = "93832-4"
SEVERITY_TEXT = "Restless legs syndrome severity, 0-10 (patient-reported, nightly diary)"
# Fixed namespace for this app's name-based resource ids.
# Dose units that have a UCUM spelling; "drops" and "tablet" stay as text.
DOSE_UCUM = {"mg": "mg", "mcg": "ug", "ml": "mL", "mg/24h": "mg/(24.h)"}
_NAMESPACE = uuid.UUID("5b0c2f1e-8d3a-4c61-9e57-2a4f0d6b9c13")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


def _num(value: float) -> float | int:
    """Whole numbers as ints (FHIR decimals keep the precision they are written with)."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBS_CATEGORY, "code": code, "display": display}]}]


def _patient(contents: DiaryContents) -> dict[str, Any]:
    p = contents.profile
    out: dict[str, Any] = {"resourceType": "Patient", "id": _id("patient", p.name, p.birth_year)}
    if p.name.strip():
        out["name"] = [{"text": p.name.strip()}]
    if p.birth_year is not None:
        out["birthDate"] = f"{p.birth_year:04d}"
    if p.clinician.strip():
        out["generalPractitioner"] = [{"display": p.clinician.strip()}]
    return out


def _lab(lab: LabResult, subject: dict[str, str]) -> dict[str, Any] | None:
    test = catalog.lab_test(lab.test)
    if test is None:
        return None
    value = lab.canonical_value
    if value is None:
        known = catalog.lab_unit(test, lab.unit)
        if known is None:
            return None
        value = catalog.to_canonical(test, lab.value, known)
    notes = [f"Entered as {lab.value:g} {catalog.display_unit(lab.unit)}."]
    if lab.fasting is not None:
        notes.append("Fasting." if lab.fasting else "Not fasting.")
    if lab.inflammation:
        notes.append("Marked by the patient as taken during inflammation.")
    if lab.notes.strip():
        notes.append(lab.notes.strip())
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id("lab", lab.date, lab.test, lab.value, lab.unit, lab.id),
        "status": "final",
        "category": _category("laboratory", "Laboratory"),
        "code": {
            "coding": [{"system": LOINC, "code": test.loinc, "display": test.label}],
            "text": test.label,
        },
        "subject": subject,
        "effectiveDateTime": lab.date.isoformat(),
        "valueQuantity": {
            "value": _num(value),
            "unit": catalog.display_unit(test.canonical_unit),
            "system": UCUM,
            "code": test.canonical_unit,
        },
        "note": [{"text": " ".join(notes)}],
    }
    if lab.lab_name.strip():
        out["performer"] = [{"display": lab.lab_name.strip()}]
    if test.reference_high is not None and value > test.reference_high:
        out["interpretation"] = [
            {"coding": [{"system": INTERPRETATION, "code": "H", "display": "High"}]}
        ]
    return out


def _statement(course: Course, subject: dict[str, str], until: date) -> dict[str, Any]:
    current = course.is_current(until)
    unit = catalog.display_unit(course.unit)
    return {
        "resourceType": "MedicationStatement",
        "id": _id("course", course.kind, course.name, course.unit, course.start),
        "status": "active" if current else "completed",
        "category": {
            "coding": [
                {"system": STATEMENT_CATEGORY, "code": "patientspecified", "display": "Patient"}
            ]
        },
        "medicationCodeableConcept": {"text": course.label},
        "subject": subject,
        "effectivePeriod": {"start": course.start.isoformat()}
        | ({} if current else {"end": course.end.isoformat()}),
        "dateAsserted": until.isoformat(),
        "note": [
            {
                "text": f"{course.kind.capitalize()} logged on {course.days_logged} days "
                f"from {course.start.isoformat()} to {course.end.isoformat()}."
            }
        ],
        "dosage": [
            {
                "text": course.amount_text(),
                "timing": {
                    "repeat": {"frequency": course.doses_per_day, "period": 1, "periodUnit": "d"}
                },
                "doseAndRate": [
                    {
                        "doseQuantity": {
                            "value": _num(course.daily_amount / course.doses_per_day),
                            "unit": unit,
                        }
                        | (
                            {"system": UCUM, "code": DOSE_UCUM[course.unit]}
                            if course.unit in DOSE_UCUM
                            else {}
                        )
                    }
                ],
            }
        ],
    }


def _infusion(
    inf: Infusion, subject: dict[str, str], course: InfusionCourse, n: int
) -> dict[str, Any]:
    """Dose `n` (from 1) of its course."""
    product = catalog.infusion_product(inf.product)
    label = product.label if product else inf.product
    text = f"Intravenous iron infusion: {label} {_num(inf.dose_mg)} mg"
    if len(course.doses) > 1:
        text += (
            f". Dose {n} of {len(course.doses)} of one course "
            f"(doses less than 29 days apart), {day_month_year(course.first)} to "
            f"{day_month_year(course.last)}, {number(course.dose_mg)} mg in all"
        )
    out: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": _id("infusion", inf.date, inf.product, inf.dose_mg, inf.id),
        "status": "completed",
        "code": {"text": "Intravenous iron infusion"},
        "subject": subject,
        "performedDateTime": inf.date.isoformat(),
        "usedCode": [{"text": label}],
        "note": [{"text": text + (f". {inf.notes.strip()}" if inf.notes.strip() else "")}],
    }
    return out


def _venesection(ven: Venesection, subject: dict[str, str]) -> dict[str, Any]:
    parts = ["Venesection (therapeutic phlebotomy)"]
    if ven.volume_ml is not None:
        parts.append(f"{_num(ven.volume_ml)} mL removed")
    if ven.notes.strip():
        parts.append(ven.notes.strip())
    return {
        "resourceType": "Procedure",
        "id": _id("venesection", ven.date, ven.volume_ml, ven.id),
        "status": "completed",
        "code": {"text": "Venesection"},
        "subject": subject,
        "performedDateTime": ven.date.isoformat(),
        "note": [{"text": "; ".join(parts) + "."}],
    }


def _night(night: Night, subject: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id("night", night.date),
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": {"text": SEVERITY_TEXT},
        "subject": subject,
        "effectiveDateTime": night.date.isoformat(),
        "valueInteger": int(night.rls_severity),
    }
    if night.sleep_hours is not None:
        out["component"] = [
            {
                "code": {
                    "coding": [
                        {"system": LOINC, "code": SLEEP_DURATION_LOINC, "display": "Sleep duration"}
                    ]
                },
                "valueQuantity": {
                    "value": _num(night.sleep_hours),
                    "unit": "h",
                    "system": UCUM,
                    "code": "h",
                },
            }
        ]
    if night.for_doctor and night.notes.strip():
        out["note"] = [{"text": night.notes.strip()}]
    return out


BEST_RESPONSE_TEXT = "Best-response ferritin estimated from the patient's RLS diary"


def _best_response(a: Analysis, subject: dict[str, str]) -> dict[str, Any] | None:
    """The diary's best-response level as an Observation, or None when it names no level."""
    br = a.best_response
    if (br.ferritin is None and br.worse_above is None) or a.first_night is None:
        return None
    assert a.last_night is not None
    notes = []
    if br.ferritin is not None and br.low is not None and br.high is not None:
        rests_on = f"{count(br.nights_used, 'night')} and "
        rests_on += count(br.readings_used, "ferritin reading")
        notes.append(
            f"Nights were at their best from about {number(br.ferritin)} ng/mL upward (90 % "
            f"range {number(br.low)}-{number(br.high)} ng/mL), from {rests_on}. An estimate "
            "from the diary, not a target and not a laboratory result."
        )
    else:
        notes.append(f"No best-response level is named: {br.reason}.")
    if br.worse_above is not None:
        notes.append(
            f"Nights get worse again above about {number(br.worse_above)} ng/mL, which can "
            "happen with too much iron."
        )
    if br.confounded is not None:
        notes.append(br.confounded)
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id("best_response", a.first_night, a.last_night, br.ferritin, br.worse_above),
        "status": "preliminary",
        "category": _category("survey", "Survey"),
        "code": {"text": BEST_RESPONSE_TEXT},
        "subject": subject,
        "effectivePeriod": {"start": a.first_night.isoformat(), "end": a.last_night.isoformat()},
        "note": [{"text": " ".join(notes)}],
    }
    if br.ferritin is not None:
        out["valueQuantity"] = {
            "value": _num(br.ferritin),
            "unit": "ng/mL",
            "system": UCUM,
            "code": "ng/mL",
        }
    else:
        out["dataAbsentReason"] = {"text": "the diary does not support a level"}
    return out


def _entries(resources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]


def build_bundle(
    contents: DiaryContents, today: date, now: datetime | None = None
) -> dict[str, Any]:
    """The whole diary as a FHIR R4 collection Bundle (a JSON-ready dict)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    patient = _patient(contents)
    subject = {"reference": f"urn:uuid:{patient['id']}"}
    if contents.profile.name.strip():
        subject["display"] = contents.profile.name.strip()
    resources: list[dict[str, Any]] = [patient]
    resources += [r for lab in contents.labs if (r := _lab(lab, subject)) is not None]
    until = max([today, *(n.date for n in contents.nights[-1:])])
    courses = medicine_courses(contents.doses) + supplement_courses(contents.supplements)
    resources += [_statement(c, subject, until) for c in courses]
    resources += [
        _infusion(i, subject, c, n)
        for c in infusion_courses(contents.infusions)
        for n, i in enumerate(c.doses, 1)
    ]
    resources += [_venesection(v, subject) for v in contents.venesections]
    resources += [_night(n, subject) for n in contents.nights]
    best = _best_response(analyse(contents, today), subject)
    if best is not None:
        resources.append(best)
    return {
        "resourceType": "Bundle",
        "id": _id("bundle", patient["id"], stamp.isoformat()),
        "meta": {"tag": [{"display": f"{APP_NAME} {__version__}"}]},
        "type": "collection",
        "timestamp": stamp.isoformat().replace("+00:00", "Z"),
        "entry": _entries(resources),
    }


def write_bundle(bundle: dict[str, Any], path: Path) -> Path:
    """Write the bundle as UTF-8 JSON, whole or not at all; returns the path written."""
    data = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    with atomic_target(path, "the FHIR bundle") as tmp:
        tmp.write_bytes(data)
    return Path(path).expanduser()
