"""`rls-diary demo PATH` as a user runs it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diary import cli
from diary.store.gateway import Diary


def printed_counts(out: str) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(r"^\s+(\w+): (\d+)$", out, flags=re.MULTILINE)}


def test_demo_writes_a_diary_and_prints_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite"
    assert cli.main(["demo", str(path), "--seed", "3", "--years", "1"]) == 0
    out = capsys.readouterr().out
    assert str(path) in out
    counts = printed_counts(out)
    with Diary.open(path, read_only=True) as diary:
        assert diary.counts() == counts
        assert diary.profile().name == "Demo Patient"
    assert 330 <= counts["nights"] <= 355
    assert counts["infusions"] == 1
    assert counts["labs"] > 10


def test_demo_accepts_the_diary_option_as_the_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "via-option.sqlite"
    assert cli.main(["demo", "--diary", str(path), "--years", "1"]) == 0
    assert path.exists()
    assert printed_counts(capsys.readouterr().out)["nights"] > 300


def test_demo_refuses_to_overwrite_and_leaves_the_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite"
    assert cli.main(["demo", str(path), "--years", "1"]) == 0
    before = path.read_bytes()
    capsys.readouterr()
    assert cli.main(["demo", str(path), "--years", "1", "--seed", "9"]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_demo_without_a_path_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 1
    assert "Say where to write the demo diary" in capsys.readouterr().err


@pytest.mark.parametrize("years", ["0", "31", "two"])
def test_demo_refuses_years_outside_1_to_30(
    tmp_path: Path, years: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["demo", str(path), "--years", years])
    assert exit_info.value.code == 2
    assert "years" in capsys.readouterr().err
    assert not path.exists()
