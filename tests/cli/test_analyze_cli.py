"""`rls-diary analyze` as a user runs it: JSON on stdout, sentences, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diary import cli
from diary.store.gateway import Diary
from tests.unit.analysis.analysis_synth import plateau_patient


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "COMMANDS", ("analyze",))
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
    assert br["reason"] is None and br["low"] <= 150 <= br["high"]
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
