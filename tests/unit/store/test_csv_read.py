"""Reading an import: lenient where the spec allows, every problem reported where it does not."""

from __future__ import annotations

import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.errors import KnownError
from diary.store.csv_exchange import CsvImportError, read_import, write_export
from tests.unit.helpers import rich_contents

TODAY = date(2024, 6, 1)
D = date


def folder(tmp_path: Path, **files: str | bytes) -> Path:
    """A folder holding `nights="..."` as nights.csv and so on."""
    where = tmp_path / "in"
    where.mkdir(exist_ok=True)
    for stem, text in files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (where / f"{stem}.csv").write_bytes(data)
    return where


def problems_of(src: Path) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        read_import(src, today=TODAY)
    assert isinstance(caught.value, KnownError)
    assert "Nothing was imported" in str(caught.value)
    return caught.value.problems


def test_bom_free_column_order_and_loose_spelling_are_accepted(tmp_path: Path) -> None:
    src = folder(
        tmp_path,
        nights="\ufeffNotes, RLS_Severity ,date,sleep_hours,tags\n"
        "  keep my spaces ,6, 2024-05-01 , 7.5 , travel ; caffeine;;travel\n"
        ",,,,\n",
        labs="date,test,value,unit,fasting\n2024-05-02,Serum-Iron,9.1,UMOL/L,YES\n"
        "2024-05-02,ferritin,45,µg/L,no\n",
        doses="date,medication,amount,unit,time\n2024-05-01,Oxycodone Naloxone,5,MG,9:05\n"
        "2024-05-01,  my  cream ,2,ml,21:30:00\n",
        supplements="date,product,amount_mg\n2024-05-01,Ferrous Sulfate,325\n",
        infusions="date,product,dose_mg\n2024-05-03,FERRIC-CARBOXYMALTOSE,1000\n",
    )
    got = read_import(src, today=TODAY)
    (night,) = got.nights
    assert night.date == D(2024, 5, 1)
    assert night.rls_severity == 6
    assert night.sleep_hours == 7.5
    assert night.bedtime is None
    assert night.sleep_quality is None
    assert night.tags == ("travel", "caffeine")
    assert night.notes == "  keep my spaces "
    assert [(lab.test, lab.unit, lab.fasting) for lab in got.labs] == [
        ("ferritin", "ug/L", False),
        ("serum_iron", "umol/L", True),
    ]
    assert [(d.medication, d.unit, d.time) for d in got.doses] == [
        ("oxycodone-naloxone", "mg", time(9, 5)),
        ("my cream", "ml", time(21, 30)),
    ]
    assert got.supplements[0].product == "ferrous_sulfate"
    assert got.supplements[0].elemental_iron_mg == 65.0
    assert got.infusions[0].product == "ferric_carboxymaltose"
    assert got.venesections == ()


def test_every_bad_row_in_every_file_is_reported_with_file_line_and_column(
    tmp_path: Path,
) -> None:
    src = folder(
        tmp_path,
        nights="date,rls_severity,sleep_hours,bedtime,notes\n"
        "2024-05-01,11,25,22:30,\n"  # line 2: two problems
        "2024-05-02,5,7,25:00,\n"  # line 3
        '2024-05-03,5,7,,"a note\nover two lines"\n'  # lines 4-5: fine
        "2024-02-30,x,6,5,,\n"  # line 6: wrong cell count
        "2024-05-03,4,,,\n"  # line 7: duplicate date
        "2024-07-01,4,,,\n"  # line 8: future
        "01/05/2024,,6,5,\n",  # line 9
        labs="date,test,value,unit\n2024-05-01,ferritin,0,ng/mL\n2024-05-01,tsat,30,g/L\n"
        '2024-05-01,vitamin_d,30,ng/mL\n2024-05-01,ferritin,"6,5",ng/mL\n',
        doses="date,medication,amount,unit\n2024-05-01,,5,mg\n2024-05-01,gabapentin,300,pills\n",
        supplements="date,product,amount_mg,elemental_iron_mg,with_vitamin_c\n"
        "2024-05-01,magnesium,400,20,maybe\n",
        infusions="date,product,dose_mg\n2024-05-01,ferric_carboxymaltose,9000\n",
        venesections="date,volume_ml\n2024-05-01,-450\n",
    )
    problems = problems_of(src)
    assert [p.split(": ")[0] + ": " + p.split(": ")[1] for p in problems] == [
        "doses.csv:2: medication",
        "doses.csv:3: unit",
        "infusions.csv:2: dose_mg",
        "labs.csv:2: value",
        "labs.csv:3: unit",
        "labs.csv:4: test",
        "labs.csv:5: value",
        "nights.csv:2: rls_severity",
        "nights.csv:2: sleep_hours",
        "nights.csv:3: bedtime",
        "nights.csv:6: has 6 cells but the header has 5",
        "nights.csv:7: date",
        "nights.csv:8: date",
        "nights.csv:9: date",
        "nights.csv:9: rls_severity",
        "nights.csv:9: bedtime",
        "supplements.csv:2: elemental_iron_mg",
        "supplements.csv:2: with_vitamin_c",
        "venesections.csv:2: volume_ml",
    ]
    text = "\n".join(problems)
    assert "labs.csv:5: value: '6,5' uses ',' as the decimal point; write 6.5" in text
    assert "nights.csv:7: date: 2024-05-03 is already on line 4" in text
    assert "nights.csv:8: date: 2024-07-01 is in the future" in text
    assert "nights.csv:9: date: '01/05/2024' is not a date written YYYY-MM-DD" in text
    assert "nights.csv:9: rls_severity: a value is required" in text
    assert "nights.csv:3: bedtime: '25:00' is not a time written HH:MM (24 h)" in text
    assert "labs.csv:3: unit: 'g/L' does not fit tsat; use %" in text
    assert "supplements.csv:2: with_vitamin_c: 'maybe' is not yes or no" in text


def test_header_problems_are_reported_and_stop_that_file(tmp_path: Path) -> None:
    src = folder(
        tmp_path,
        nights="date,rls_severty,notes\n2024-05-01,3,\n",
        labs="date,test,value,unit,Value\n2024-05-01,ferritin,30,ng/mL,30\n",
        doses="",
        venesections="date,volume_ml\n2024-05-01,450\n",
    )
    assert problems_of(src) == [
        "doses.csv:1: the header row is missing; it names the columns, e.g. "
        "date,time,medication,amount,unit,notes",
        "labs.csv:1: value: the column appears twice",
        "nights.csv:1: rls_severty: unknown column; the columns are date, rls_severity, "
        "sleep_hours, bedtime, wake_time, sleep_latency_min, awakenings, sleep_quality, "
        "symptom_onset, tags, notes",
        "nights.csv:1: rls_severity: required column is missing",
    ]


def test_unknown_files_and_folders_are_errors_but_hidden_ones_are_ignored(tmp_path: Path) -> None:
    src = folder(tmp_path, nights="date,rls_severity\n2024-05-01,3\n", night="date\n")
    (src / ".DS_Store").write_bytes(b"\x00\x01")
    (src / ".~lock.nights.csv#").write_text("x")
    (src / "Thumbs.db").write_bytes(b"\x00")
    (src / "old").mkdir()
    problems = problems_of(src)
    assert len(problems) == 2
    assert "unknown file 'night.csv'" in problems[0]
    assert "unexpected folder 'old'" in problems[1]
    (src / "night.csv").unlink()
    (src / "old").rmdir()
    assert len(read_import(src, today=TODAY).nights) == 1


def test_a_source_without_any_diary_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "holds none of the diary's CSV files" in problems_of(tmp_path / "empty")[0]
    assert problems_of(tmp_path / "missing") == [f"{tmp_path / 'missing'}: no such file or folder"]


def test_text_that_is_not_utf8_names_the_file_and_line(tmp_path: Path) -> None:
    src = folder(
        tmp_path,
        nights=b"date,rls_severity,notes\n2024-05-01,3,ok\n" + b"2024-05-02,4,caf\xe9\n",
    )
    (problem,) = problems_of(src)
    assert problem.startswith("nights.csv:3: is not UTF-8 text (byte 0xe9)")


def test_broken_quoting_and_huge_cells_are_reported_plainly(tmp_path: Path) -> None:
    src = folder(
        tmp_path,
        nights='date,rls_severity,notes\n2024-05-01,3,"never closed\n2024-05-02,4,x\n',
        labs="date,test,value,unit,notes\n2024-05-01,ferritin,30,ng/mL," + "x" * 200_000 + "\n",
    )
    problems = problems_of(src)
    assert problems[0].startswith("labs.csv:2: a cell is longer than 131,072 characters")
    assert problems[1].startswith("nights.csv:3: the CSV is malformed")


def test_notes_longer_than_the_diary_allows_are_reported(tmp_path: Path) -> None:
    src = folder(tmp_path, venesections="date,notes\n2024-05-01," + "n" * 100_001 + "\n")
    assert problems_of(src) == [
        "venesections.csv:2: notes: is 100,001 characters long; the most is 100,000"
    ]


def test_a_zip_with_the_files_inside_one_folder_is_read(tmp_path: Path) -> None:
    write_export(rich_contents(), tmp_path / "export")
    with zipfile.ZipFile(tmp_path / "mine.zip", "w") as archive:
        archive.writestr("export/", b"")
        for path in sorted((tmp_path / "export").iterdir()):
            archive.write(path, f"export/{path.name}")
        archive.writestr("__MACOSX/export/._nights.csv", b"\x00")
    assert read_import(tmp_path / "mine.zip") == read_import(tmp_path / "export")


def test_a_zip_with_stray_entries_or_damage_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "odd.zip", "w") as archive:
        archive.writestr("nights.csv", "date,rls_severity\n2024-05-01,3\n")
        archive.writestr("photos/leg.jpg", b"\xff\xd8")
    assert "unexpected entry 'photos/leg.jpg'" in problems_of(tmp_path / "odd.zip")[0]
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert problems_of(tmp_path / "bad.zip")[0].startswith("bad.zip: is not a readable zip file")


def test_a_single_csv_file_can_be_imported(tmp_path: Path) -> None:
    (tmp_path / "Labs.csv").write_text("date,test,value,unit\n2024-05-01,ferritin,30,ng/mL\n")
    assert read_import(tmp_path / "Labs.csv", today=TODAY).labs[0].value == 30.0
    (tmp_path / "labs.txt").write_text("date,test,value,unit\n")
    assert "is not one of the diary's CSV files" in problems_of(tmp_path / "labs.txt")[0]


def test_lines_count_from_where_a_row_begins(tmp_path: Path) -> None:
    src = folder(
        tmp_path, nights='date,rls_severity,notes\n2024-05-01,3,"a\r\nb\r\nc"\r\n2024-05-02,99,\r\n'
    )
    assert problems_of(src)[0].startswith("nights.csv:5: rls_severity:")


# -- garbage never crashes ------------------------------------------------------------------

GARBAGE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(src: Path) -> None:
    try:
        read_import(src, today=TODAY)
    except CsvImportError as exc:
        problems = exc.problems
    else:
        return
    assert problems
    assert all(isinstance(p, str) and p for p in problems)


@GARBAGE
@given(
    st.binary(max_size=2_000),
    st.sampled_from(["nights", "labs", "doses", "supplements", "infusions", "venesections"]),
)
def test_random_bytes_give_problems_not_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, stem: str
) -> None:
    where = tmp_path_factory.mktemp("garbage")
    (where / f"{stem}.csv").write_bytes(data)
    _outcome(where)


@GARBAGE
@given(st.data())
def test_garbled_exports_give_problems_not_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    where = tmp_path_factory.mktemp("garbled")
    write_export(rich_contents(), where / "out")
    for path in sorted((where / "out").iterdir()):
        raw = bytearray(path.read_bytes())
        for _ in range(data.draw(st.integers(0, 6))):
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.sampled_from(b",\"\r\n;'=-.:0123456789ax\xff\xc3\x00 "))
        path.write_bytes(bytes(raw))
    _outcome(where / "out")


@GARBAGE
@given(st.binary(max_size=3_000))
def test_random_zip_bytes_give_problems_not_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    where = tmp_path_factory.mktemp("zip")
    (where / "x.zip").write_bytes(b"PK\x03\x04" + data)
    _outcome(where / "x.zip")


def test_only_ascii_digits_are_numbers(tmp_path: Path) -> None:
    src = folder(tmp_path, nights="date,rls_severity,sleep_hours\n2024-05-01,٣,６\n")
    assert problems_of(src) == [
        "nights.csv:2: rls_severity: '٣' is not a whole number",
        "nights.csv:2: sleep_hours: '６' is not a number (write e.g. 6.5 or 1000)",
    ]


def _bomb(path: Path, sizes: dict[str, int]) -> Path:
    """A zip whose entries unpack to `sizes` bytes of one repeated row each (~1000:1)."""
    row = b"2025-01-01,3\n" * 80_000  # about 1 MiB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, size in sizes.items():
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(b"date,rls_severity\n")
                for _ in range(size // len(row)):
                    member.write(row)
    return path


def test_a_zip_bomb_is_refused_from_its_directory_before_reading(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.zip", {"nights.csv": 120 * 1024 * 1024})
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(CsvImportError) as err:
        read_import(bomb, today=date(2026, 3, 5))
    (problem,) = err.value.problems
    assert problem.startswith("bomb.zip: ")
    assert "unpacks to" in problem
    assert "times its packed size" in problem
    assert "nothing was read from it" in problem


def test_a_zip_that_unpacks_too_large_in_total_is_refused(tmp_path: Path) -> None:
    from diary.store.csv_read import MAX_ZIP_TOTAL

    names = ["nights.csv", "labs.csv", "doses.csv"]
    bomb = tmp_path / "big.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_STORED) as archive:
        for name in names:  # stored, not compressed: no ratio to see, only the total
            info = zipfile.ZipInfo(name)
            archive.writestr(info, b"x" * (MAX_ZIP_TOTAL // 2))
    with pytest.raises(CsvImportError) as err:
        read_import(bomb, today=date(2026, 3, 5))
    assert any("in total" in p and "nothing was read" in p for p in err.value.problems)


def test_a_zip_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(5000):
            archive.writestr(f".hidden-{i}", b"")
    with pytest.raises(CsvImportError) as err:
        read_import(many, today=date(2026, 3, 5))
    assert any("5000 entries" in p for p in err.value.problems)


def test_dates_from_1900_to_tomorrow_only_each_refusal_with_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "nights.csv"
    src.write_text(
        "date,rls_severity\n"
        "0001-01-01,3\n"  # line 2: the attack's date
        "1899-12-31,3\n"  # line 3
        "1900-01-01,3\n"  # line 4: the first day allowed
        "2024-06-02,3\n"  # line 5: tomorrow, allowed (a night logged across midnight)
        "2024-06-03,3\n",  # line 6: the day after
        encoding="utf-8",
    )
    with pytest.raises(CsvImportError) as err:
        read_import(src, today=TODAY)
    assert err.value.problems == [
        "nights.csv:2: date: 0001-01-01 is before 1900-01-01, the earliest date a diary takes",
        "nights.csv:3: date: 1899-12-31 is before 1900-01-01, the earliest date a diary takes",
        "nights.csv:6: date: 2024-06-03 is in the future; records can only be made up to tomorrow",
    ]


def test_the_window_and_the_gateway_refuse_a_date_before_1900(tmp_path: Path) -> None:
    from diary.errors import ValidationError
    from diary.records import LabResult, Night
    from diary.store.gateway import Diary

    with Diary.open(tmp_path / "d.sqlite", auto_backup=False, today=lambda: TODAY) as d:
        with pytest.raises(ValidationError, match="before 1900-01-01"):
            d.save_night(Night(date(1, 1, 1), 3))
        with pytest.raises(ValidationError, match="before 1900-01-01"):
            d.add(LabResult(date(1850, 1, 1), "ferritin", 30, "ug/L"))
        assert d.save_night(Night(date(2024, 6, 2), 3)).date == date(2024, 6, 2)
        assert d.counts()["nights"] == 1
        assert d.counts()["labs"] == 0
