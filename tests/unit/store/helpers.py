"""Small builders shared by the store tests, and a way to make the store's writes fail."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest

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
from diary.store.gateway import Diary

TODAY = date(2026, 3, 5)


def fixed_today() -> date:
    return TODAY


def open_diary(path: Path, **kwargs: object) -> Diary:
    return Diary.open(path, today=fixed_today, **kwargs)  # type: ignore[arg-type]


def sample_contents() -> DiaryContents:
    d1, d2, d3 = date(2026, 1, 10), date(2026, 1, 11), date(2026, 2, 1)
    return DiaryContents(
        nights=(
            Night(
                d1,
                6,
                5.5,
                time(22, 30),
                time(6, 45),
                40,
                3,
                2,
                time(19, 0),
                ("overtired", "caffeine"),
                "legs bad after long walk",
            ),
            Night(d2, 3, 7.0, notes="=SUM(A1) not a formula"),
            Night(d3, 2),
        ),
        labs=(
            LabResult(date(2025, 12, 1), "ferritin", 31, "ug/L", fasting=True),
            LabResult(date(2026, 1, 20), "serum_iron", 12, "umol/L"),
            LabResult(date(2026, 1, 20), "crp", 12, "mg/L"),
        ),
        doses=(
            Dose(d1, "gabapentin", 300, "mg", time(20, 0)),
            Dose(d1, "gabapentin", 300, "mg"),
            Dose(d1, "gabapentin", 300, "mg"),
            Dose(d2, "Magic cream", 1, "ml", notes="custom"),
        ),
        supplements=(
            Supplement(d1, "ferrous_sulfate", 325, time(8, 0)),
            Supplement(d2, "ferrous_bisglycinate", 125, time(21, 30), 25, True),
        ),
        infusions=(Infusion(date(2026, 1, 5), "ferric_carboxymaltose", 1000),),
        venesections=(Venesection(date(2025, 11, 1), 450),),
        profile=Profile("Ada Example", 1948, "Dr Who"),
    )


def without_ids(records: tuple[object, ...] | list[object]) -> list[object]:
    from dataclasses import replace

    return [replace(r, id=None) for r in records]  # type: ignore[type-var]


def fail_writes(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    """Make every statement at the database connection raise the sqlite3 error `message`
    (e.g. "database or disk is full"), as the disk or file would; monkeypatch.undo() heals."""
    from sqlalchemy.engine import Connection
    from sqlalchemy.exc import OperationalError

    def refuse(*_a: object, **_k: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError(message))

    monkeypatch.setattr(Connection, "execute", refuse)
