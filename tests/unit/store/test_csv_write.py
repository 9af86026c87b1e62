"""Writing the export: exact bytes, order, zip, and nothing half-written on failure."""

from __future__ import annotations

import os
import random
import stat
import zipfile
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from diary.errors import KnownError
from diary.records import DiaryContents, Dose, LabResult, Night, Supplement, Venesection
from diary.store import csv_write
from diary.store.csv_exchange import FILE_NAMES, write_export
from tests.unit.helpers import SPEC_HEADERS, rich_contents

D = date


def test_an_empty_diary_exports_six_files_with_headers_only(tmp_path: Path) -> None:
    written = write_export(DiaryContents(), tmp_path / "out")
    assert written == [tmp_path / "out" / name for name in FILE_NAMES]
    for path in written:
        assert path.read_bytes() == SPEC_HEADERS[path.name].encode() + b"\r\n"


def test_cells_are_written_as_the_spec_says(tmp_path: Path) -> None:
    write_export(rich_contents(), tmp_path / "out")
    nights = (tmp_path / "out" / "nights.csv").read_bytes().decode("utf-8")
    assert not nights.startswith("\ufeff")
    lines = nights.split("\r\n")
    assert lines[1] == (
        "2024-03-01,7,5.5,22:30,06:45,40,3,2,19:15,overtired;caffeine,"
        '"Legs awful after the long drive, ""crawling""."'
    )
    assert lines[3] == "2024-03-03,0,,,,,,,,,"
    assert lines[4] == "2024-03-04,10,0,00:05,04:00,0,0,1,14:00,'-worst;period,'-3 hours of sleep"
    assert "2024-03-06,4,6.5,,,,,3,,,''=quoted on purpose" in lines
    assert (tmp_path / "out" / "labs.csv").read_text().splitlines()[1:4] == [
        "2024-02-01,crp,0.4,mg/dL,,'+ mild cold",
        "2024-02-01,ferritin,22,ng/mL,yes,before infusion",
        "2024-02-01,hemoglobin,131,g/L,,",
    ]
    doses = (tmp_path / "out" / "doses.csv").read_text().splitlines()
    assert "2024-03-04,21:00,'-odd custom name,0.125,tablet," in doses
    assert "2024-03-02,08:00,rotigotine,1,mg/24h," in doses
    supplements = (tmp_path / "out" / "supplements.csv").read_text().splitlines()
    assert supplements[1] == "2024-03-01,21:00,ferrous_sulfate,325,65,yes,"
    assert "2024-03-02,,ferrous_bisglycinate,120,25,no,with food" in supplements
    assert (tmp_path / "out" / "venesections.csv").read_text().splitlines()[1:] == [
        "2023-11-01,450,haemochromatosis screen",
        "2023-12-01,,",
    ]


def test_rows_sort_by_date_then_time_then_name_whatever_the_input_order(tmp_path: Path) -> None:
    doses = (
        Dose(D(2024, 1, 2), "pregabalin", 75.0, "mg", time(21, 0)),
        Dose(D(2024, 1, 1), "tramadol", 50.0, "mg", time(22, 0)),
        Dose(D(2024, 1, 1), "gabapentin", 300.0, "mg", time(22, 0)),
        Dose(D(2024, 1, 1), "zolpidem", 5.0, "mg", None),
        Dose(D(2024, 1, 1), "clonazepam", 0.5, "mg", time(8, 0)),
        Dose(D(2024, 1, 1), "gabapentin", 100.0, "mg", time(22, 0)),
    )
    write_export(DiaryContents(doses=doses), tmp_path / "a")
    shuffled = list(doses)
    random.Random(4).shuffle(shuffled)
    write_export(DiaryContents(doses=tuple(shuffled)), tmp_path / "b")
    text = (tmp_path / "a" / "doses.csv").read_bytes()
    assert (tmp_path / "b" / "doses.csv").read_bytes() == text
    assert [
        line.split(",")[2] + "@" + line.split(",")[1] for line in text.decode().splitlines()[1:]
    ] == [
        "zolpidem@",
        "clonazepam@08:00",
        "gabapentin@22:00",
        "gabapentin@22:00",
        "tramadol@22:00",
        "pregabalin@21:00",
    ]


def test_a_zip_export_holds_the_same_six_files(tmp_path: Path) -> None:
    folder = write_export(rich_contents(), tmp_path / "out")
    assert write_export(rich_contents(), tmp_path / "diary.ZIP") == [tmp_path / "diary.ZIP"]
    with zipfile.ZipFile(tmp_path / "diary.ZIP") as archive:
        assert archive.namelist() == list(FILE_NAMES)
        assert {n: archive.read(n) for n in FILE_NAMES} == {p.name: p.read_bytes() for p in folder}


def test_exported_files_are_private(tmp_path: Path) -> None:
    write_export(rich_contents(), tmp_path / "out")
    write_export(rich_contents(), tmp_path / "out.zip")
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    for path in [*(tmp_path / "out").iterdir(), tmp_path / "out.zip"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_earlier_export_in_the_folder_is_replaced(tmp_path: Path) -> None:
    write_export(rich_contents(), tmp_path / "out")
    write_export(DiaryContents(venesections=(Venesection(D(2024, 1, 1), 450.0),)), tmp_path / "out")
    assert (tmp_path / "out" / "nights.csv").read_text().count("\n") == 1
    assert (tmp_path / "out" / "venesections.csv").read_bytes().endswith(b"2024-01-01,450,\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "letter.txt").write_text("mine")
    with pytest.raises(KnownError, match="already holds other files"):
        write_export(rich_contents(), tmp_path / "docs")
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["letter.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_a_missing_parent_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        write_export(rich_contents(), tmp_path / "nope" / "out.zip")


@pytest.mark.parametrize("dest", ["out", "out.zip"])
def test_a_failed_export_leaves_nothing_behind(
    tmp_path: Path, dest: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_write.os, "fsync", disk_full)
    with pytest.raises(KnownError, match="No space left on device") as caught:
        write_export(rich_contents(), tmp_path / dest)
    assert "Nothing was written" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_replacement_keeps_the_earlier_export_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_export(rich_contents(), tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    real_open = open

    def fail_on_infusions(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("infusions.csv"):
            raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(csv_write, "open", fail_on_infusions, raising=False)
    with pytest.raises(KnownError):
        write_export(DiaryContents(), tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_record_that_cannot_be_written_stops_before_any_file(tmp_path: Path) -> None:
    bad = DiaryContents(nights=(Night(D(2024, 1, 1), 3, sleep_hours=float("nan")),))
    with pytest.raises(ValueError, match="nan cannot be written as a number"):
        write_export(bad, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_numbers_keep_their_exact_value(tmp_path: Path) -> None:
    contents = DiaryContents(
        labs=(LabResult(D(2024, 1, 1), "tsat", 0.1 + 0.2, "%"),),
        supplements=(Supplement(D(2024, 1, 1), "iron_other", 1e-7, None, 1e-7),),
    )
    write_export(contents, tmp_path / "out")
    assert "2024-01-01,tsat,0.30000000000000004,%,," in (tmp_path / "out" / "labs.csv").read_text()
    assert ",iron_other,0.0000001,0.0000001,," in (tmp_path / "out" / "supplements.csv").read_text()


def test_seconds_are_not_part_of_a_time(tmp_path: Path) -> None:
    night = replace(Night(D(2024, 1, 1), 2), bedtime=time(22, 30, 59))
    write_export(DiaryContents(nights=(night,)), tmp_path / "out")
    assert "2024-01-01,2,,22:30," in (tmp_path / "out" / "nights.csv").read_text()
    assert os.listdir(tmp_path) == ["out"]
