"""A diary made before dates were limited to 1900 onwards still prints its report."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from diary.cli import main
from diary.records import Night
from diary.store.gateway import Diary


def test_a_record_dated_year_1_is_left_out_of_the_report_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.sqlite"
    with Diary.open(path, auto_backup=False) as d:
        for day in range(1, 15):
            d.save_night(Night(date(2025, 1, day), 4))
    conn = sqlite3.connect(path)  # as version 0.1 let an import store it
    conn.execute("UPDATE nights SET date = '0001-01-01' WHERE date = '2025-01-01'")
    conn.commit()
    conn.close()
    out = tmp_path / "report.pdf"
    assert main(["report", "--diary", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "1 night dated before 1900-01-01 is left out of the report" in printed
    assert "2 Jan 2025 to 14 Jan 2025" in printed
    assert out.read_bytes().startswith(b"%PDF")
