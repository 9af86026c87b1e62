"""Builders shared by the CSV and export tests: the spec's headers and a diary holding every
kind of record with every field filled in some row."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from diary.records import (
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Supplement,
    Venesection,
)
from diary.store.gateway import Diary

# Copied by hand from the spec (csv-format.md), so a change to either is noticed.
SPEC_HEADERS = {
    "nights.csv": "date,rls_severity,sleep_hours,bedtime,wake_time,sleep_latency_min,"
    "awakenings,sleep_quality,symptom_onset,tags,notes",
    "labs.csv": "date,test,value,unit,fasting,notes",
    "doses.csv": "date,time,medication,amount,unit,notes",
    "supplements.csv": "date,time,product,amount_mg,elemental_iron_mg,with_vitamin_c,notes",
    "infusions.csv": "date,product,dose_mg,notes",
    "venesections.csv": "date,volume_ml,notes",
}

D = date


def rich_contents() -> DiaryContents:
    """Every kind of record, every column used, awkward text; in the store's own spelling."""
    nights = (
        Night(
            D(2024, 3, 1),
            7,
            5.5,
            time(22, 30),
            time(6, 45),
            40,
            3,
            2,
            time(19, 15),
            ("overtired", "caffeine"),
            'Legs awful after the long drive, "crawling".',
        ),
        Night(
            D(2024, 3, 2),
            3,
            7.25,
            time(23, 0),
            time(7, 0),
            10,
            1,
            4,
            None,
            ("travel",),
            "=SUM(A1) is not a formula\nsecond line, with comma",
        ),
        Night(D(2024, 3, 3), 0, None, None, None, None, None, None, None, (), ""),
        Night(
            D(2024, 3, 4),
            10,
            0,
            time(0, 5),
            time(4, 0),
            0,
            0,
            1,
            time(14, 0),
            ("-worst", "period"),
            "-3 hours of sleep",
        ),
        Night(
            D(2024, 3, 5),
            5,
            24,
            None,
            None,
            1440,
            200,
            5,
            None,
            (),
            "@doctor: ask about ferritin ✓ — naïve café 睡眠",
        ),
        Night(D(2024, 3, 6), 4, 6.5, None, None, None, None, 3, None, (), "'=quoted on purpose"),
        Night(D(2024, 3, 7), 6, 6.0, None, None, None, None, None, None, (), "\tleading tab\r\n"),
    )
    labs = (
        LabResult(D(2024, 2, 1), "ferritin", 22.0, "ng/mL", True, notes="before infusion"),
        LabResult(D(2024, 2, 1), "tsat", 14.5, "%", True),
        LabResult(D(2024, 2, 1), "serum_iron", 9.1, "umol/L", True),
        LabResult(D(2024, 2, 1), "tibc", 410.0, "ug/dL", None),
        LabResult(D(2024, 2, 1), "transferrin", 320.0, "mg/dL", False),
        LabResult(D(2024, 2, 1), "hemoglobin", 131.0, "g/L"),
        LabResult(D(2024, 2, 1), "crp", 0.4, "mg/dL", notes="+ mild cold"),
        LabResult(D(2024, 4, 20), "ferritin", 310.0, "ug/L"),
    )
    doses = (
        Dose(D(2024, 3, 1), "gabapentin", 300.0, "mg", time(20, 0)),
        Dose(D(2024, 3, 1), "gabapentin", 300.0, "mg", time(23, 30), "extra"),
        Dose(D(2024, 3, 1), "oxycodone-naloxone", 5.0, "mg", None),
        Dose(D(2024, 3, 2), "rotigotine", 1.0, "mg/24h", time(8, 0)),
        Dose(D(2024, 3, 2), "Magnesium oil spray", 10.0, "drops", time(21, 0)),
        Dose(D(2024, 3, 4), "-odd custom name", 0.125, "tablet", time(21, 0)),
        Dose(D(2024, 3, 4), "buprenorphine", 7.5, "mcg", time(21, 0)),
    )
    supplements = (
        Supplement(D(2024, 3, 1), "ferrous_sulfate", 325.0, time(21, 0), 65.0, True),
        Supplement(D(2024, 3, 1), "vitamin_c", 500.0, time(21, 0), None, None),
        Supplement(D(2024, 3, 2), "ferrous_bisglycinate", 120.0, None, 25.0, False, "with food"),
        Supplement(D(2024, 3, 2), "magnesium", 400.0, time(22, 0)),
        Supplement(D(2024, 3, 3), "ferrous_gluconate", 300.0, time(7, 30), 36.0, None),
    )
    infusions = (
        Infusion(D(2024, 2, 10), "ferric_carboxymaltose", 750.0, "FCM at the day unit"),
        Infusion(D(2024, 2, 17), "ferric_carboxymaltose", 750.0),
        Infusion(D(2024, 5, 1), "other", 500.0, "=trial product"),
    )
    venesections = (
        Venesection(D(2023, 11, 1), 450.0, "haemochromatosis screen"),
        Venesection(D(2023, 12, 1), None, ""),
    )
    return DiaryContents(nights, labs, doses, supplements, infusions, venesections)


def make_diary(path: Path, contents: DiaryContents) -> Path:
    with Diary.open(path) as diary:
        diary.import_contents(contents)
    return path
