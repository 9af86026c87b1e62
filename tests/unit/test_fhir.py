"""FHIR R4 export: the bundle validates, and each record arrives with the right code and value."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from diary import catalog
from diary.demo import generate_contents
from diary.errors import KnownError
from diary.fhir import build_bundle, write_bundle
from diary.records import (
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Profile,
    Supplement,
    Venesection,
)

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
EXPECTED_LOINC = {
    "ferritin": "2276-4",
    "serum_iron": "2498-4",
    "tibc": "2500-7",
    "tsat": "2502-3",
    "hemoglobin": "718-7",
    "crp": "1988-5",
}


# The UCUM spelling of each test's canonical unit (case-sensitive: "ug/dL", not "µg/dL").
UCUM_CODES = {"ng/mL", "%", "ug/dL", "g/L", "g/dL", "mg/L"}


def _lab(
    day: date, test: str, value: float, unit: str, canonical: float, **kw: object
) -> LabResult:
    return LabResult(day, test, value, unit, canonical_value=canonical, **kw)  # type: ignore[arg-type]


def small_contents() -> DiaryContents:
    d = date(2026, 1, 10)
    return DiaryContents(
        nights=(
            Night(d, 6, sleep_hours=5.5, notes="Up walking at 2 am.", for_doctor=True),
            Night(date(2026, 1, 11), 3, notes="private thought"),
        ),
        labs=(
            _lab(d, "ferritin", 48, "ug/L", 48.0, fasting=True, lab_name="St Elsewhere"),
            _lab(d, "serum_iron", 20, "umol/L", 111.7),
            _lab(d, "hemoglobin", 131, "g/L", 13.1),
            _lab(d, "crp", 1.2, "mg/dL", 12.0, inflammation=True),
            _lab(d, "tsat", 18, "%", 18.0),
            _lab(d, "tibc", 60, "umol/L", 335.1),
        ),
        doses=(
            Dose(d, "pregabalin", 75, "mg", time(21, 0)),
            Dose(date(2026, 1, 11), "pregabalin", 75, "mg", time(21, 0)),
            Dose(d, "rotigotine", 1, "mg/24h"),
        ),
        supplements=(
            Supplement(d, "ferrous_sulfate", 325, time(8, 0), elemental_iron_mg=65.0),
            Supplement(d, "ferrous_sulfate", 325, time(20, 0), elemental_iron_mg=65.0),
        ),
        infusions=(Infusion(date(2025, 6, 2), "ferric_carboxymaltose", 1000),),
        venesections=(Venesection(date(2024, 2, 1), 450),),
        profile=Profile("Ann Example", 1961, "Dr Who"),
    )


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_small_bundle_validates_as_r4b_collection() -> None:
    bundle = build_bundle(small_contents(), TODAY, NOW)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert bundle["timestamp"] == "2026-03-01T09:30:00Z"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Observation") == 6 + 2
    assert kinds.count("MedicationStatement") == 3
    assert kinds.count("Procedure") == 2
    assert kinds.count("Patient") == 1


def test_lab_results_carry_loinc_canonical_value_and_ucum_unit() -> None:
    bundle = build_bundle(small_contents(), TODAY, NOW)
    labs = [
        o
        for o in resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    by_code = {o["code"]["coding"][0]["code"]: o for o in labs}
    assert set(by_code) == set(EXPECTED_LOINC.values())
    iron = by_code["2498-4"]
    assert iron["valueQuantity"] == {
        "value": 111.7,
        "unit": "µg/dL",
        "system": "http://unitsofmeasure.org",
        "code": "ug/dL",
    }
    assert iron["code"]["coding"][0]["system"] == "http://loinc.org"
    assert "Entered as 20 µmol/L." in iron["note"][0]["text"]
    ferritin = by_code["2276-4"]
    assert ferritin["valueQuantity"]["value"] == 48
    assert ferritin["performer"] == [{"display": "St Elsewhere"}]
    assert "Fasting." in ferritin["note"][0]["text"]
    crp = by_code["1988-5"]
    assert crp["valueQuantity"]["value"] == 12
    assert crp["interpretation"][0]["coding"][0]["code"] == "H"
    assert "inflammation" in crp["note"][0]["text"]
    assert by_code["718-7"]["valueQuantity"]["code"] == "g/dL"
    assert by_code["718-7"]["valueQuantity"]["value"] == 13.1


def test_every_reference_points_at_the_patient_in_the_bundle() -> None:
    bundle = build_bundle(small_contents(), TODAY, NOW)
    (patient,) = resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Ann Example"}]
    assert patient["birthDate"] == "1961"
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    for entry in bundle["entry"]:
        r = entry["resource"]
        assert entry["fullUrl"] == f"urn:uuid:{r['id']}"
        if "subject" in r:
            assert r["subject"]["reference"] == f"urn:uuid:{patient['id']}"


def test_nights_are_severity_observations_with_sleep_and_doctor_notes_only() -> None:
    bundle = build_bundle(small_contents(), TODAY, NOW)
    nights = [
        o
        for o in resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "survey"
    ]
    first, second = sorted(nights, key=lambda o: o["effectiveDateTime"])
    assert first["valueInteger"] == 6
    assert first["component"][0]["code"]["coding"][0]["code"] == "93832-4"
    assert first["component"][0]["valueQuantity"]["value"] == 5.5
    assert first["note"] == [{"text": "Up walking at 2 am."}]
    assert second["valueInteger"] == 3
    assert "note" not in second  # not marked for the doctor: stays private
    assert "component" not in second


def test_medicines_and_supplements_become_courses() -> None:
    bundle = build_bundle(small_contents(), TODAY, NOW)
    statements = {
        s["medicationCodeableConcept"]["text"]: s for s in resources(bundle, "MedicationStatement")
    }
    assert set(statements) == {"Pregabalin", "Rotigotine", "Ferrous sulfate"}
    pregabalin = statements["Pregabalin"]
    assert pregabalin["effectivePeriod"]["start"] == "2026-01-10"
    assert pregabalin["dosage"][0]["text"] == "75 mg a day"
    dose = pregabalin["dosage"][0]["doseAndRate"][0]["doseQuantity"]
    assert dose == {"value": 75, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}
    iron = statements["Ferrous sulfate"]
    assert iron["dosage"][0]["timing"]["repeat"]["frequency"] == 2
    assert iron["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 325
    assert "130 mg iron" in iron["dosage"][0]["text"]
    patch = statements["Rotigotine"]["dosage"][0]["doseAndRate"][0]["doseQuantity"]
    assert patch["code"] == "mg/(24.h)"


def test_infusions_and_venesections_are_procedures() -> None:
    bundle = build_bundle(small_contents(), TODAY, NOW)
    by_date = {p["performedDateTime"]: p for p in resources(bundle, "Procedure")}
    infusion = by_date["2025-06-02"]
    assert infusion["status"] == "completed"
    assert infusion["code"]["text"] == "Intravenous iron infusion"
    assert "Ferric carboxymaltose 1000 mg" in infusion["note"][0]["text"]
    assert by_date["2024-02-01"]["code"]["text"] == "Venesection"
    assert "450 mL removed" in by_date["2024-02-01"]["note"][0]["text"]


def test_demo_diary_bundle_validates_and_every_lab_is_right() -> None:
    contents = generate_contents(seed=1, years=2, end=TODAY)
    bundle = build_bundle(contents, TODAY, NOW)
    Bundle.model_validate(bundle)
    labs = [
        o
        for o in resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    assert len(labs) == len(contents.labs)
    got = sorted(
        (o["effectiveDateTime"], o["code"]["coding"][0]["code"], o["valueQuantity"]["value"])
        for o in labs
    )
    want = []
    for lab in contents.labs:
        test = catalog.lab_test(lab.test)
        assert test is not None
        assert lab.canonical_value is not None
        if lab.test in EXPECTED_LOINC:
            assert test.loinc == EXPECTED_LOINC[lab.test]
        want.append((lab.date.isoformat(), test.loinc, round(lab.canonical_value, 6)))
    assert got == sorted(want)
    for o in labs:
        test = next(t for t in catalog.LAB_TESTS if t.loinc == o["code"]["coding"][0]["code"])
        assert o["valueQuantity"]["code"] == test.canonical_unit
        assert test.canonical_unit in UCUM_CODES  # the canonical units are written in UCUM
        assert o["valueQuantity"]["system"] == "http://unitsofmeasure.org"
    nights = [o for o in resources(bundle, "Observation") if "valueInteger" in o]
    assert len(nights) == len(contents.nights)


def test_same_diary_same_ids(tmp_path: Path) -> None:
    a = build_bundle(small_contents(), TODAY, NOW)
    b = build_bundle(small_contents(), TODAY, NOW)
    assert a == b


def test_write_bundle_is_plain_json(tmp_path: Path) -> None:
    path = write_bundle(build_bundle(small_contents(), TODAY, NOW), tmp_path / "b.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["resourceType"] == "Bundle"
    assert (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


def test_write_bundle_into_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        write_bundle({"resourceType": "Bundle"}, tmp_path / "nope" / "b.json")


def test_a_split_course_dose_says_which_course_it_belongs_to() -> None:
    split = (
        Infusion(date(2025, 6, 2), "ferric_carboxymaltose", 750),
        Infusion(date(2025, 6, 9), "ferric_carboxymaltose", 750),
        Infusion(date(2025, 9, 1), "iron_sucrose", 200),
    )
    contents = DiaryContents(nights=small_contents().nights, infusions=split)
    bundle = build_bundle(contents, TODAY, NOW)
    Bundle.model_validate(bundle)
    notes = {
        p["performedDateTime"]: p["note"][0]["text"]
        for p in resources(bundle, "Procedure")
        if p["code"]["text"] == "Intravenous iron infusion"
    }
    assert notes["2025-06-09"] == (
        "Intravenous iron infusion: Ferric carboxymaltose 750 mg. Dose 2 of 2 of one course "
        "(doses less than 29 days apart), 2 June 2025 to 9 June 2025, 1500 mg in all"
    )
    assert notes["2025-06-02"].endswith(
        "Dose 1 of 2 of one course (doses less than 29 days "
        "apart), 2 June 2025 to 9 June 2025, 1500 mg in all"
    )
    assert "course" not in notes["2025-09-01"]  # a single infusion is told as before


def _best(bundle: dict) -> list[dict]:
    return [
        o
        for o in resources(bundle, "Observation")
        if o["code"].get("text", "").startswith("Best-response ferritin")
    ]


def test_the_best_response_level_travels_with_its_range_and_caveats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    import diary.fhir
    from diary.analysis import analyse

    contents = generate_contents(seed=1, years=2, end=TODAY)
    a = analyse(contents, TODAY)
    br = a.best_response
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    (plain,) = _best(build_bundle(contents, TODAY, NOW))
    assert plain["valueQuantity"]["value"] == br.ferritin
    assert plain["category"][0]["coding"][0]["code"] == "survey"
    assert f"(90 % range {br.low:g}-{br.high:g} ng/mL)" in plain["note"][0]["text"]
    assert "worse again" not in plain["note"][0]["text"]

    change = "The nights behind this level span a change of treatment (pramipexole)."
    changed = replace(a, best_response=replace(br, worse_above=400.0, confounded=change))
    monkeypatch.setattr(diary.fhir, "analyse", lambda c, t: changed)
    bundle = build_bundle(contents, TODAY, NOW)
    Bundle.model_validate(bundle)
    (flagged,) = _best(bundle)
    note = flagged["note"][0]["text"]
    assert "Nights get worse again above about 400 ng/mL, which can happen with too much" in note
    assert note.endswith(change)


def test_a_diary_without_a_level_exports_no_best_response() -> None:
    assert _best(build_bundle(small_contents(), TODAY, NOW)) == []
