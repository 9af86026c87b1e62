"""Damage that `quick_check` misses is still damage: found on open or on the first read that
meets it, said plainly, and never written to or backed up as good."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from diary.cli import main
from diary.errors import DamageFound, DiaryDamaged
from diary.paths import backup_dir_for
from diary.records import Night
from diary.store import backup
from diary.store.gateway import Diary

DAY = date(2025, 6, 15)


def _diary(path: Path) -> Path:
    with Diary.open(path, auto_backup=False, today=lambda: date(2025, 7, 1)) as d:
        for day in (date(2025, 6, 14), DAY, date(2025, 6, 16)):
            d.save_night(Night(day, 4, notes="some night"))
        d.checkpoint()
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    return path


def _flip_the_date(path: Path) -> None:
    """Both stored copies of 2025-06-15 (the row and the index) become 2025-06-1E."""
    data = path.read_bytes()
    assert data.count(b"2025-06-15") == 2
    path.write_bytes(data.replace(b"2025-06-15", b"2025-06-1E"))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # the damage it misses
    conn.close()


def _rewrite_the_date(path: Path) -> None:
    """A value the schema forbids, with pages and indexes consistent (integrity_check ok)."""
    conn = sqlite3.connect(path)
    conn.execute("UPDATE nights SET date = '2025-06-1E' WHERE date = '2025-06-15'")
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("damage", [_flip_the_date, _rewrite_the_date])
@pytest.mark.parametrize("command", [["analyze"], ["analyze", "--json"], ["export", "OUT"]])
def test_analyze_and_export_say_damaged_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage, command
) -> None:
    path = _diary(tmp_path / "diary.sqlite")
    damage(path)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    assert main([*args, "--diary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err
    assert "rls-diary check" in err
    assert "Traceback" not in err
    assert "ValueError" not in err


@pytest.mark.parametrize("damage", [_flip_the_date, _rewrite_the_date])
def test_opening_for_writing_finds_it_and_moves_it_aside(tmp_path: Path, damage) -> None:
    path = _diary(tmp_path / "diary.sqlite")
    damage(path)
    damaged = path.read_bytes()
    with pytest.raises(DiaryDamaged) as err:
        Diary.open(path)
    assert err.value.moved_to is not None
    assert err.value.moved_to.read_bytes() == damaged


@pytest.mark.parametrize("damage", [_flip_the_date, _rewrite_the_date])
def test_a_backup_never_copies_a_damaged_file_as_good(tmp_path: Path, damage) -> None:
    path = _diary(tmp_path / "diary.sqlite")
    damage(path)
    with pytest.raises(backup.BackupFailed, match="damaged"):
        backup.make_backup(path)
    assert list(backup_dir_for(path).iterdir()) == []


def test_damage_met_while_open_stops_every_write(tmp_path: Path) -> None:
    path = _diary(tmp_path / "diary.sqlite")
    d = Diary.open(path, auto_backup=False, today=lambda: date(2025, 7, 1))
    other = sqlite3.connect(path)  # another program (or the disk) changes the file
    other.execute("UPDATE nights SET date = '2025-06-1E' WHERE date = '2025-06-15'")
    other.commit()
    other.close()
    with pytest.raises(DamageFound) as err:
        d.nights()
    assert "is damaged" in err.value.message
    assert "Check diary" in err.value.hint
    assert "Restore" in err.value.hint
    before = path.read_bytes()
    with pytest.raises(DamageFound):
        d.save_night(Night(date(2025, 6, 20), 2))
    with pytest.raises(DamageFound):
        d.backup_now()
    d.close()
    assert path.read_bytes() == before
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)
    assert main(["check", "--diary", str(copy)]) == 1  # and check calls it damaged
