"""`rls-diary export` and `rls-diary import` as a user runs them: output, exit codes, safety."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from diary import cli
from diary.records import DiaryContents, Night
from diary.store.gateway import Diary
from tests.unit.helpers import make_diary, rich_contents


@pytest.fixture(autouse=True)
def own_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RLS_DIARY_HOME", str(tmp_path / "home"))


def run(*argv: str | Path) -> int:
    return cli.main([str(a) for a in argv])


def records(path: Path) -> DiaryContents:
    with Diary.open(path, create=False, read_only=True) as diary:
        return diary.contents()


def test_export_writes_and_lists_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    source = make_diary(tmp_path / "a.sqlite", rich_contents())
    assert run("export", "--diary", source, tmp_path / "out") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "Exported 7 nights, 8 lab results, 7 doses, 5 supplements, 3 infusions, 2 venesections."
    )
    assert out[1:] == [
        str(tmp_path / "out" / n)
        for n in (
            "nights.csv",
            "labs.csv",
            "doses.csv",
            "supplements.csv",
            "infusions.csv",
            "venesections.csv",
        )
    ]
    assert (tmp_path / "out" / "nights.csv").read_bytes().count(b"\r\n") == 9


def test_import_adds_then_skips_what_is_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_diary(tmp_path / "a.sqlite", rich_contents())
    run("export", "--diary", source, tmp_path / "out.zip")
    capsys.readouterr()
    target = tmp_path / "new" / "b.sqlite"
    assert run("import", "--diary", target, tmp_path / "out.zip") == 0
    assert capsys.readouterr().out == (
        "Added 7 nights, 8 lab results, 7 doses, 5 supplements, 3 infusions, 2 venesections.\n"
    )
    first = records(target)
    assert run("import", "--diary", target, tmp_path / "out.zip") == 0
    assert capsys.readouterr().out == (
        "Added nothing.\nSkipped (already in the diary): 7 nights, 8 lab results, 7 doses, "
        "5 supplements, 3 infusions, 2 venesections.\n"
    )
    assert records(target) == first
    run("export", "--diary", target, tmp_path / "again.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as a, zipfile.ZipFile(tmp_path / "again.zip") as b:
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}


def test_bad_rows_are_all_printed_and_the_diary_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = make_diary(tmp_path / "b.sqlite", DiaryContents(nights=(Night(date(2024, 1, 1), 2),)))
    before = target.read_bytes()
    src = tmp_path / "in"
    src.mkdir()
    (src / "nights.csv").write_text("date,rls_severity\n2024-05-01,3\n2024-05-02,12\n")
    (src / "labs.csv").write_text("date,test,value,unit\n2024-05-01,ferritin,40,mmol\n")
    assert run("import", "--diary", target, src) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert err[0] == "labs.csv:2: unit: 'mmol' does not fit ferritin; use ng/mL or ug/L"
    assert err[1] == (
        "nights.csv:3: rls_severity: RLS severity must be a whole number from 0 "
        "(none) to 10 (worst imaginable)"
    )
    assert err[2].startswith("rls-diary: Nothing was imported: the CSV has 2 problems.")
    assert target.read_bytes() == before
    assert not (tmp_path / "fresh.sqlite").exists()
    assert run("import", "--diary", tmp_path / "fresh.sqlite", src) == 1
    assert not (tmp_path / "fresh.sqlite").exists()


def test_a_conflicting_night_stops_the_import_unless_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = make_diary(tmp_path / "b.sqlite", rich_contents())
    before = records(target)
    src = tmp_path / "in"
    src.mkdir()
    (src / "nights.csv").write_text("date,rls_severity\n2024-03-03,9\n2024-04-01,1\n")
    assert run("import", "--diary", target, src) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "nights.csv: date: the night of 2024-03-03 is already in the diary with different values"
    )
    assert err[-1] == "Nothing was imported. Use --replace to overwrite those nights."
    assert records(target) == before
    assert run("import", "--diary", target, src, "--replace") == 0
    assert capsys.readouterr().out == "Added 1 night.\nReplaced 1 night.\n"
    with Diary.open(target) as diary:
        night = diary.night_on(date(2024, 3, 3))
        assert diary.counts()["nights"] == 8
    assert night is not None
    assert night.rls_severity == 9


def test_plain_errors_for_a_missing_diary_or_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("export", "--diary", tmp_path / "none.sqlite", tmp_path / "out") == 1
    assert "There is no diary at" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert run("import", "--diary", tmp_path / "b.sqlite", tmp_path / "nothing.zip") == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'nothing.zip'}: no such file")
    assert not (tmp_path / "b.sqlite").exists()
