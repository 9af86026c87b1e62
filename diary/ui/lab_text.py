"""Blood-test wording: the unit conversion line and the 'possibly raised by inflammation' flag."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from diary import catalog
from diary.catalog import readable
from diary.records import LabResult

INFLAMMATION_NOTE = "possibly raised by inflammation"


def conversion_text(test_name: str, value: float | None, unit: str) -> str:
    """'30 µmol/L = 168 µg/dL' in the test's canonical unit; '' when it cannot be worked out."""
    test = catalog.lab_test(test_name)
    if test is None or value is None or value <= 0:
        return ""
    known = catalog.lab_unit(test, unit)
    if known is None:
        return ""
    canonical = catalog.to_canonical(test, value, known)
    return (
        f"{readable(value)} {catalog.display_unit(known)} = "
        f"{readable(canonical)} {catalog.display_unit(test.canonical_unit)}"
    )


def inflamed_days(labs: Iterable[LabResult]) -> set[date]:
    """Dates with a CRP above its reference limit."""
    crp = catalog.lab_test("crp")
    assert crp is not None
    assert crp.reference_high is not None
    return {
        lab.date
        for lab in labs
        if lab.test == crp.name
        and lab.canonical_value is not None
        and lab.canonical_value > crp.reference_high
        and lab.value_limit != "<"
    }


def possibly_inflamed(lab: LabResult, inflamed: set[date]) -> bool:
    """A ferritin drawn on a high-CRP day, or one the patient flagged as inflamed."""
    return lab.test == "ferritin" and (lab.inflammation or lab.date in inflamed)
