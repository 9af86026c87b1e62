"""Lab results below the lab's limit ('<5') or above its range ('>1000'): stored, exported
exactly, and never used as the number itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from diary.analysis.ferritin import ferritin_readings
from diary.records import LabResult
from diary.store.csv_exchange import read_import, write_export
from diary.store.gateway import Diary

TODAY = date(2026, 3, 5)


def test_limits_round_trip_through_the_store_and_the_csv(tmp_path: Path) -> None:
    with Diary.open(tmp_path / "d.sqlite", today=lambda: TODAY, auto_backup=False) as diary:
        diary.add(LabResult(date(2026, 3, 1), "crp", 5, "mg/L", value_limit="<"))
        diary.add(LabResult(date(2026, 3, 1), "ferritin", 1000, "ng/mL", value_limit=">"))
        diary.add(LabResult(date(2026, 3, 2), "ferritin", 48, "ng/mL"))
        stored = [(x.test, x.value_text) for x in diary.labs()]
        assert stored == [("crp", "<5"), ("ferritin", ">1000"), ("ferritin", "48")]
        write_export(diary.contents(), tmp_path / "out")
    text = (tmp_path / "out" / "labs.csv").read_text(encoding="utf-8")
    assert "2026-03-01,crp,<5,mg/L" in text
    assert "2026-03-01,ferritin,>1000,ng/mL" in text
    back = read_import(tmp_path / "out", TODAY)
    assert sorted((x.test, x.value_text) for x in back.labs) == sorted(stored)


def test_a_censored_ferritin_is_listed_but_never_used_as_its_number() -> None:
    labs = [
        LabResult(date(2026, 1, 1), "ferritin", 10, "ng/mL", canonical_value=10, value_limit="<"),
        LabResult(date(2026, 2, 1), "ferritin", 48, "ng/mL", canonical_value=48),
        # a CRP below the lab's limit does not mark the day as inflamed
        LabResult(date(2026, 2, 1), "crp", 10, "mg/L", canonical_value=10, value_limit="<"),
    ]
    readings = ferritin_readings(labs)
    assert [(r.date, r.used) for r in readings] == [
        (date(2026, 1, 1), False),
        (date(2026, 2, 1), True),
    ]
    assert "<10" in readings[0].excluded_reason
