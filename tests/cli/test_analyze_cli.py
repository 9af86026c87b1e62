"""`rls-diary analyze` as a user runs it: JSON on stdout, sentences, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diary import cli
from diary.store.gateway import Diary
from tests.unit.analysis.analysis_synth import plateau_patient


@pytest.fixture(autouse=True)
def own_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RLS_DIARY_HOME", str(tmp_path / "home"))


@pytest.fixture
def diary_file(tmp_path: Path) -> Path:
    path = tmp_path / "d.sqlite"
    contents = plateau_patient(150.0, seed=1, days=900, lab_every=30, low=20, high=400)
    with Diary.open(path, create=True) as diary:
        diary.import_contents(contents)
    return path


def test_json_output(diary_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = diary_file.read_bytes()
    assert cli.main(["analyze", "--diary", str(diary_file), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    out = json.loads(captured.out)
    assert out["nights"] == 900
    assert out["first_night"] == "2023-01-02"
    br = out["best_response"]
    assert br["reason"] is None
    assert br["low"] <= 150 <= br["high"]
    assert br["nights_used"] == 900
    assert out["infusions"] == []
    assert captured.out == json.dumps(out, indent=2) + "\n"
    assert diary_file.read_bytes() == before  # read-only: nothing written


def test_sentences_without_json(diary_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["analyze", "--diary", str(diary_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("900 nights from 2 January 2023 to 19 June 2025.\n")
    assert "Your nights were at their best from about" in out
    assert "it does not replace your clinician's advice" in out


def test_a_missing_diary_is_an_error_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.sqlite"
    assert cli.main(["analyze", "--diary", str(missing), "--json"]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "There is no diary at" in captured.err
    assert not missing.exists()


def test_json_lists_a_split_infusion_course_as_the_spec_shows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date, timedelta

    from diary.records import DiaryContents, Infusion, LabResult, Night

    first = date(2025, 6, 2)
    labs = (
        LabResult(first - timedelta(3), "ferritin", 40.0, "ng/mL"),
        LabResult(date(2025, 8, 4), "ferritin", 203.0, "ng/mL"),
        LabResult(date(2025, 9, 1), "ferritin", 195.0, "ng/mL"),
    )
    doses = (
        Infusion(first, "ferric_carboxymaltose", 750.0),
        Infusion(date(2025, 6, 9), "ferric_carboxymaltose", 750.0),
    )
    nights = tuple(Night(first + timedelta(i), 3) for i in range(-30, 100))
    path = tmp_path / "split.sqlite"
    with Diary.open(path, create=True) as diary:
        diary.import_contents(DiaryContents(nights, labs, infusions=doses))
    assert cli.main(["analyze", "--diary", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    [course] = out["infusions"]
    spec = {
        "date": "2025-06-02",
        "last_date": "2025-06-09",
        "doses": [
            {"date": "2025-06-02", "product": "ferric_carboxymaltose", "dose_mg": 750.0},
            {"date": "2025-06-09", "product": "ferric_carboxymaltose", "dose_mg": 750.0},
        ],
        "dose_mg": 1500.0,
        "expected_rise": [150.0, 180.0],
        "observed_rise": 163.0,
        "judge_from": "2025-07-21",
        "checks_due": ["2025-08-04", "2025-09-01", "2025-09-29"],
        "checks_done": [True, True, False],
    }
    assert {k: course[k] for k in spec} == spec
    assert list(course)[: len(spec)] == list(spec)  # the spec's keys first, in its order
    assert out["next_ferritin_check"] == "2025-09-29"


def _best_json(diary_file: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert cli.main(["analyze", "--diary", str(diary_file), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["best_response"]


def test_a_second_run_reads_the_kept_result_and_an_edit_misses_it(
    diary_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from diary.records import DiaryContents, Night

    first = _best_json(diary_file, capsys)
    (kept,) = (tmp_path / "home" / "cache").glob("*.json")
    assert kept.stat().st_mode & 0o077 == 0  # health data: readable by the owner only
    assert _best_json(diary_file, capsys) == first
    # The kept result is what the second run shows: change it in the file and it shows.
    raw = json.loads(kept.read_text())
    (key,) = raw["results"]
    raw["results"][key]["ferritin"] = 999.0
    kept.write_text(json.dumps(raw))
    assert _best_json(diary_file, capsys)["ferritin"] == 999.0
    # An edit to the diary changes the content key: worked out again, not the kept value.
    with Diary.open(diary_file) as diary:
        diary.import_contents(DiaryContents(nights=(Night(date(2026, 1, 5), 3),)))
    again = _best_json(diary_file, capsys)
    assert again["ferritin"] != 999.0
    assert again["nights_used"] >= first["nights_used"]


def test_an_unreadable_cache_file_is_worked_around(
    diary_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _best_json(diary_file, capsys)
    (kept,) = (tmp_path / "home" / "cache").glob("*.json")
    kept.write_text("{not json")
    assert _best_json(diary_file, capsys) == first
    assert json.loads(kept.read_text())["results"]  # written afresh
