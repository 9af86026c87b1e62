"""Cells a spreadsheet would run as a formula are escaped on export and restored on import."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from diary.records import DiaryContents, Night
from diary.store.csv_exchange import read_import, write_export

TODAY = date(2026, 3, 5)
# Each would start a formula once a spreadsheet trims the space, or maps the full-width sign.
RISKY = [
    " =1+1",
    '  =HYPERLINK("x")',
    "\u3000=1+1",  # ideographic space
    "\u00a0+1",  # no-break space
    " \t@SUM(A1)",
    "\uff1d1+1",  # full-width =
    "\uff0b1",  # full-width +
    "\uff0d1",  # full-width -
    "\uff20SUM(A1)",  # full-width @
    "' =x",  # a note that really begins with a quote and then a risky cell
]
PLAIN = ["   ", "a =b", "'", "x\uff1d1"]


def _contents(notes: list[str]) -> DiaryContents:
    start = date(2026, 1, 1)
    return DiaryContents(
        nights=tuple(Night(start + timedelta(days=i), 3, notes=n) for i, n in enumerate(notes))
    )


def _cells(folder: Path) -> list[str]:
    with open(folder / "nights.csv", encoding="utf-8-sig", newline="") as f:
        return [row["notes"] for row in csv.DictReader(f)]


@pytest.mark.parametrize("note", RISKY)
def test_a_risky_cell_is_escaped_and_reads_back_exactly(tmp_path: Path, note: str) -> None:
    write_export(_contents([note]), tmp_path / "out")
    (cell,) = _cells(tmp_path / "out")
    assert cell == "'" + note
    back = read_import(tmp_path / "out", today=TODAY)
    assert [n.notes for n in back.nights] == [note]


def test_the_round_trip_is_byte_identical(tmp_path: Path) -> None:
    write_export(_contents(RISKY + PLAIN), tmp_path / "one")
    back = read_import(tmp_path / "one", today=TODAY)
    assert [n.notes for n in back.nights] == RISKY + PLAIN
    assert _cells(tmp_path / "one")[len(RISKY) :] == PLAIN  # harmless cells are left alone
    write_export(back, tmp_path / "two")
    for name in ("nights.csv", "labs.csv", "doses.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
