"""The diary file holds values in the app's own documented formats (store/rows.py), and a
value that is not one of them is found as damage."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

from diary.records import Dose, LabResult, Night
from diary.store import database
from tests.unit.store.helpers import open_diary


def _raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_dates_times_and_flags_are_stored_in_the_app_format(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    day = date(2026, 3, 1)
    with open_diary(path, auto_backup=False) as diary:
        diary.save_night(
            Night(day, 5, bedtime=time(23, 5), wake_time=time(6, 0), for_doctor=True),
            [Dose(day, "gabapentin", 300, "mg", time(21, 30, 15))],
        )
        diary.add(LabResult(day, "ferritin", 40, "ug/L", fasting=False, inflammation=True))
    assert _raw(path, "SELECT date, bedtime, wake_time, symptom_onset, for_doctor FROM nights") == [
        ("2026-03-01", "23:05", "06:00", None, 1)
    ]
    assert _raw(path, "SELECT date, time FROM doses") == [("2026-03-01", "21:30:15")]
    assert _raw(path, "SELECT fasting, inflammation FROM lab_results") == [(0, 1)]


def test_a_date_or_time_that_is_not_one_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    with open_diary(path, auto_backup=False) as diary:
        for n, day in enumerate((date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3))):
            diary.save_night(Night(day, 5, bedtime=time(23, n)))
    conn = sqlite3.connect(path)
    try:
        assert database.bad_values(conn) == []
        conn.execute("UPDATE nights SET bedtime = '23:00:00.000000' WHERE date = '2026-03-01'")
        assert database.bad_values(conn) == []  # as written before migration 0004
        conn.execute("UPDATE nights SET bedtime = '29:00' WHERE date = '2026-03-02'")
        conn.execute("UPDATE nights SET wake_time = '7:5' WHERE date = '2026-03-02'")
        conn.execute("UPDATE nights SET date = '2026-13-01' WHERE date = '2026-03-03'")
        assert database.bad_values(conn) == [
            "1 row(s) of nights hold a date that is not one",
            "1 row(s) of nights hold a bedtime that is not one",
            "1 row(s) of nights hold a wake_time that is not one",
        ]
    finally:
        conn.close()
