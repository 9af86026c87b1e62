"""Restore never hides the diary: on a full disk it changes nothing, and no empty diary is
ever made where backups or a moved-aside file exist."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from diary.cli import main
from diary.errors import DiaryMissing
from diary.records import Night
from diary.store import backup
from diary.store.gateway import Diary
from tests.reliability import mounts


def _diary(path: Path, nights: int, note: str = "") -> None:
    with Diary.open(path, auto_backup=False) as d:
        for i in range(nights):
            d.save_night(Night(date(2025, 1, 1) + timedelta(days=i), i % 11, notes=note))


def _backed_up_then_changed(path: Path, nights: int) -> Path:
    """A diary of `nights` nights, backed up, then one night more: the backup's path."""
    _diary(path, nights)
    made = backup.make_backup(path)
    with Diary.open(path, auto_backup=False) as d:
        d.save_night(Night(date(2025, 6, 1), 9))  # newer than the backup
    return made


def test_restore_on_a_full_disk_changes_nothing_and_says_why(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_disk / "home" / "diary.sqlite"
    _diary(path, 60, note="restless " * 200)
    backup.make_backup(path)
    with Diary.open(path, auto_backup=False) as d:
        d.save_night(Night(date(2025, 6, 1), 9))
    before = path.read_bytes()
    filler = mounts.fill(small_disk)
    assert main(["restore", "--diary", str(path), "newest"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err
    assert "Nothing was changed" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before  # the diary was not touched, nor renamed
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "diary-backups",
        "diary.sqlite",
        "diary.sqlite.lock",
    ]
    filler.unlink()
    assert main(["restore", "--diary", str(path), "newest"]) == 0  # with room it works
    out = capsys.readouterr().out
    kept = Path(out.split("kept at ")[1].strip().rstrip("."))
    assert kept.name.startswith("diary.sqlite.replaced-")
    assert kept.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Diary.open(path, read_only=True) as d:
        assert d.counts()["nights"] == 60


def test_a_healthy_diary_is_never_named_damaged_by_a_restore(tmp_path: Path) -> None:
    from diary.store.recovery import restore

    path = tmp_path / "diary.sqlite"
    _diary(path, 3)
    made = backup.make_backup(path)
    moved = restore(path, made)
    assert moved is not None
    assert ".replaced-" in moved.name
    assert not list(tmp_path.glob("*.damaged-*"))
    assert not list(tmp_path.glob("*.restoring*"))


def test_no_empty_diary_is_created_where_backups_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "diary.sqlite"
    _diary(path, 4)
    backup.make_backup(path)
    for p in tmp_path.glob("diary.sqlite*"):
        p.unlink()  # the diary is gone (deleted, or lost in a failed restore elsewhere)
    with pytest.raises(DiaryMissing) as err:
        Diary.open(path)
    assert "1 backup of it" in err.value.message
    assert "rls-diary restore newest" in err.value.hint
    assert not path.exists()
    csv = tmp_path / "nights.csv"
    csv.write_text("date,rls_severity\n2025-03-01,4\n", encoding="utf-8")
    assert main(["import", "--diary", str(path), str(csv)]) == 1  # the CLI says so too
    assert "backup" in capsys.readouterr().err
    assert not path.exists()
    with Diary.open(path, start_empty=True) as d:  # only when asked for knowingly
        assert d.counts()["nights"] == 0


def test_no_empty_diary_is_created_where_a_moved_aside_file_exists(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    _diary(path, 2)
    aside = tmp_path / "diary.sqlite.damaged-20260101-120000"
    os.rename(path, aside)
    with pytest.raises(DiaryMissing) as err:
        Diary.open(path)
    assert str(aside) in err.value.message


class _Killed(BaseException):
    """The process dies here (as a SIGKILL would): nothing after this line runs."""


def test_a_restore_killed_before_its_last_step_leaves_the_old_diary_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diary.store.recovery import restore

    path = tmp_path / "diary.sqlite"
    made = _backed_up_then_changed(path, 5)
    real_replace = Path.replace

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        if Path(target) == path:
            raise _Killed
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(_Killed):
        restore(path, made)
    monkeypatch.undo()
    # The diary never left its path: it opens with what it held, the newer night included.
    with Diary.open(path, auto_backup=False) as d:
        assert d.counts()["nights"] == 6
    kept = restore(path, made)  # the next restore clears what the killed one left
    assert kept is not None
    assert not list(tmp_path.glob("*.restoring*"))
    with Diary.open(path, read_only=True) as d:
        assert d.counts()["nights"] == 5
    with Diary.open(kept, read_only=True) as d:
        assert d.counts()["nights"] == 6


def test_a_restore_that_cannot_copy_the_diary_aside_changes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from diary.errors import KnownError
    from diary.store import recovery

    path = tmp_path / "diary.sqlite"
    made = _backed_up_then_changed(path, 30)
    before = path.read_bytes()

    def disk_full(_source: Path, _dest: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery, "_copy_file", disk_full)
    with pytest.raises(KnownError) as raised:
        recovery.restore(path, made)
    said = str(raised.value)  # the message and its hint, as the user sees them
    assert "Could not keep a copy of the current diary before restoring: the disk is full" in said
    assert "Nothing was changed" in said
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "diary-backups",
        "diary.sqlite",
        "diary.sqlite.lock",
    ]
    with Diary.open(path, read_only=True) as d:
        assert d.counts()["nights"] == 31
